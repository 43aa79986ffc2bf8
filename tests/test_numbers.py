import pytest

from zjbook.data import printed as numbers


@pytest.mark.parametrize(
    "value, unit, qualifier, expected",
    [
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
        # the unit is chosen after rounding: nothing reads 10000亿元 or 10000万元
        (9999.999, "亿元", "exact", "1万亿元"),
        (9999.995, "亿元", "exact", "1万亿元"),
        (9999.95, "亿元", "exact", "9999.95亿元"),
        (9999.94, "亿元", "exact", "9999.94亿元"),
        (10000, "亿美元", "about", "约1万亿美元"),
        (0.9999999, "亿元", "exact", "1亿元"),
        (0.999999, "亿元", "exact", "9999.99万元"),
        (0.9999, "亿元", "exact", "9999万元"),
        (0, "亿元", "exact", "0亿元"),
        (-0.0, "亿元", "exact", "0亿元"),
        (0.0000001, "亿元", "about", "不到0.01万元"),
    ],
)
def test_amount(value, unit, qualifier, expected):
    assert numbers.amount(value, unit, qualifier) == expected


@pytest.mark.parametrize(
    "pct, qualifier, percent, phrase",
    [
        (12.2, "exact", "12.2%", "增长12.2%"),
        (10, "about", "约10%", "增长约10%"),
        (10.0, "more_than", "10%多", "增长10%多"),
        (-3.4, "exact", "-3.4%", "下降3.4%"),
        (4.0, "exact", "4.0%", "增长4.0%"),
        (4, "exact", "4.0%", "增长4.0%"),
        (-4, "exact", "-4.0%", "下降4.0%"),
        (0, "exact", "0.0%", "与上年持平"),
        (-0.0, "exact", "0.0%", "与上年持平"),
        (0, "about", "约0%", "与上年基本持平"),
        (-0.04, "exact", "0.0%", "与上年基本持平"),
        (0.04, "exact", "0.0%", "与上年基本持平"),
        (-0.05, "exact", "-0.1%", "下降0.1%"),
        (0.06, "exact", "0.1%", "增长0.1%"),
        (-99.97, "exact", "-100.0%", "下降超过99.9%"),
        (-100, "exact", "-100.0%", "下降100.0%"),
    ],
)
def test_growth(pct, qualifier, percent, phrase):
    assert numbers.percent(pct, qualifier) == percent
    assert numbers.growth_phrase(pct, qualifier) == phrase


@pytest.mark.parametrize(
    "start, end, label",
    [
        ("2014-01", "2014-11", "2014年1—11月"),
        ("2014-01", "2014-12", "2014年全年"),
        (None, "2014-12", "截至2014年12月"),
        ("2014-04", "2014-04", "2014年4月"),
        (None, None, ""),
    ],
)
def test_period_label(start, end, label):
    assert numbers.period_label(start, end) == label


def test_points_and_times():
    assert numbers.points(12.2 - 7.1) == "5.1个百分点"
    assert numbers.times(26500 / 1547) == "17.1倍"


def test_every_qualifier_of_the_schema_has_a_written_form():
    from zjbook.data import schema

    assert set(numbers.QUALIFIER_AFFIXES) == set(schema.QUALIFIERS)


def test_no_phrase_says_a_fall_or_rise_of_zero():
    for hundredths in range(-30, 31):
        pct = hundredths / 100
        phrase = numbers.growth_phrase(pct)
        assert "0.0%" not in phrase and "-" not in phrase, (pct, phrase)
        assert ("持平" in phrase) == (abs(pct) < 0.05), (pct, phrase)


@pytest.mark.parametrize(
    "pct, text",
    [
        (85.6946, "85.7%"),
        (50, "50.0%"),
        (0, "0.0%"),
        (0.004, "不到0.1%"),
        (0.05, "0.1%"),
        (99.97, "超过99.9%"),
        (100, "100.0%"),
        (3.2e-6, "不到0.1%"),
    ],
)
def test_share(pct, text):
    assert numbers.share(pct) == text


@pytest.mark.parametrize(
    "pct, text",
    [
        (12.34, "增加12.3%"),
        (-5, "减少5.0%"),
        (0, "持平"),
        (-0.0, "持平"),
        (0.04, "基本持平"),
        (-0.04, "基本持平"),
        (-99.9889, "减少超过99.9%"),
        (-100, "减少100.0%"),
        (-99.9, "减少99.9%"),
    ],
)
def test_change_phrase(pct, text):
    assert numbers.change_phrase(pct) == text


def test_points_never_read_zero_for_a_difference():
    assert numbers.points(0.02) == "不到0.1个百分点"
    assert numbers.points(0) == "0.0个百分点"
    assert numbers.points(-5) == "5.0个百分点"


def test_method_page_states_the_rate_rule():
    """The house style (the method page) promises what percent() does: exact rates with one
    decimal, qualified ones as given."""
    from zjbook import paths

    text = (paths.ROOT / "book" / "method.md").read_text(encoding="utf-8")
    rule = next(line for line in text.splitlines() if "增长率" in line and "一位小数" in line and "如" in line)
    for example in [numbers.percent(6), numbers.percent(15, "about")]:
        assert f"“{example}”" in rule, (example, rule)
    # the forms only some data call for (a fall, a share below 0.1%) are in the editorial style (editor 74)
    style = (paths.ROOT / "book" / "adapt.md").read_text(encoding="utf-8")
    rule = next(line for line in style.splitlines() if "负增长" in line)
    for example in [numbers.growth_phrase(-0.04), numbers.share(0.04)]:
        assert f"“{example}”" in rule, (example, rule)
    assert "写作“下降”" not in text and "倍”" not in text
