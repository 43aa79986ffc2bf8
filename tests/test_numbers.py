import pytest

from zjbook.render import numbers


@pytest.mark.parametrize("value, unit, qualifier, expected", [
    (26500, "亿元", "exact", "2.65万亿元"),
    (10500, "亿元", "exact", "1.05万亿元"),
    (1547, "亿元", "exact", "1547亿元"),
    (519, "亿美元", "exact", "519亿美元"),
    (24.45, "亿美元", "exact", "24.45亿美元"),
    (360, "亿元", "about", "约360亿元"),
    (243, "家", "more_than", "243多家"),
    (180, "家", "upwards_of", "180余家"),
    (400, "人", "nearly", "近400人"),
    (0.5, "亿元", "exact", "5000万元"),
    (2580, "家", "exact", "2580家"),
])
def test_amount(value, unit, qualifier, expected):
    assert numbers.amount(value, unit, qualifier) == expected


@pytest.mark.parametrize("pct, qualifier, percent, phrase", [
    (12.2, "exact", "12.2%", "增长12.2%"),
    (10, "about", "约10%", "增长约10%"),
    (-3.4, "exact", "-3.4%", "下降3.4%"),
    (0, "exact", "0%", "与上年持平"),
])
def test_growth(pct, qualifier, percent, phrase):
    assert numbers.percent(pct, qualifier) == percent
    assert numbers.growth_phrase(pct, qualifier) == phrase


@pytest.mark.parametrize("start, end, label", [
    ("2014-01", "2014-11", "2014年1—11月"),
    ("2014-01", "2014-12", "2014年全年"),
    (None, "2014-12", "截至2014年12月"),
    ("2014-04", "2014-04", "2014年4月"),
    (None, None, ""),
])
def test_period_label(start, end, label):
    assert numbers.period_label(start, end) == label


def test_points_and_times():
    assert numbers.points(12.2 - 7.1) == "5.1个百分点"
    assert numbers.times(26500 / 1547) == "17.1倍"


def test_every_qualifier_of_the_schema_has_a_written_form():
    from zjbook.data import schema
    assert set(numbers.QUALIFIER_AFFIXES) == set(schema.QUALIFIERS)
