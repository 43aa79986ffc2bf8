"""Units and measure kinds a report of this kind needs: 人次, 场, 套 (and 件 for any count), and a kind for a
result achieved in the year; each runs through the schema, extract, validation, number styles and wording."""

import re

import pytest
from conftest import set_cell

from zjbook.data import printed, schema
from zjbook.data import reporttext as rt
from zjbook.data.validate import check_year
from zjbook.wording import Voice, wording

FIG = "district_figures.csv"


def _read(text: str) -> rt.Number:
    m = re.search(rt.number_pattern("n"), text)
    assert m, text
    return rt.read_number(m, "n")


@pytest.mark.parametrize(
    "text, amount, unit, qualifier",
    [
        ("吸引市民约5万人次参与", 50000, "人次", "about"),
        ("举办科普讲座100余场", 100, "场", "upwards_of"),
        ("全年筹集人才公寓约3000套", 3000, "套", "about"),
        ("查处侵权案件40多件", 40, "件", "more_than"),
        ("论坛吸引600人参加", 600, "人", "exact"),
    ],
)
def test_extract_reads_the_new_units(text, amount, unit, qualifier):
    n = _read(text)
    assert (n.amount, n.unit, n.qualifier) == (amount, unit, qualifier)
    assert rt.in_stored_unit(n, unit) == amount


def test_visits_are_not_people():
    n = _read("吸引市民约5万人次参与")
    assert rt.in_stored_unit(n, "人") is None


def test_every_unit_has_bounds_and_is_a_count_or_money():
    assert set(schema.UNIT_BOUNDS) == set(schema.UNITS)
    assert {"人次", "场", "套"} <= schema.COUNT_UNITS
    assert schema.UNITS["件"] != "专利件数" and "案件" in schema.UNITS["件"]


def test_every_unit_has_its_words_in_both_languages():
    en, zh = wording("en"), wording("zh")
    for unit in schema.UNITS:
        assert en.words("dictionary.vocabularies.units")[unit]
        for w in (en, zh):
            assert w.words("dictionary.csv_units")[unit]
            assert w.words("trends.unit_labels")[unit]
    assert zh.words("trends.unit_labels")["人次"] == "人次"
    assert en.words("dictionary.csv_units")["人次"] == "visits"


def test_number_styles_keep_the_unit():
    assert printed.amount(50000, "人次", "about") == "约5万人次"  # in 万, as the report writes large counts
    assert printed.amount(100, "场", "upwards_of") == "100余场"
    assert Voice("en").numbers.amount(50000, "人次", "about") == "about 50,000"


def test_a_visits_figure_validates_and_must_be_whole(data_copy):
    path = data_copy / FIG
    row = path.read_text(encoding="utf-8").splitlines()[1].split(",")[0]
    set_cell(path, row, "unit", "人次")
    set_cell(path, row, "value", "50000")
    assert not [str(p) for p in check_year(data_copy).errors]
    set_cell(path, row, "value", "50000.5")
    errors = [str(p) for p in check_year(data_copy).errors]
    assert len(errors) == 1 and "计数单位“人次”的数值必须是整数" in errors[0], errors


def test_out_of_range_count_hint_is_about_counts(data_copy):
    path = data_copy / FIG
    row = path.read_text(encoding="utf-8").splitlines()[1].split(",")[0]
    set_cell(path, row, "unit", "场")
    set_cell(path, row, "value", "99000000")
    (error,) = check_year(data_copy).errors
    assert "计数单位“场”只写个数本身" in str(error) and "1.2万亿元" not in str(error)


# --- a kind for a result achieved in the year ---------------------------------------------------


def test_result_is_a_measure_kind_named_in_both_languages():
    assert "result" in schema.MEASURE_KINDS
    en = wording("en").words("dictionary.vocabularies.measure_kinds")
    assert set(en) == set(schema.MEASURE_KINDS)
    assert schema.MEASURE_KINDS["result"].startswith("年内取得的成果") and en["result"].startswith("Result achieved")


def test_a_measure_of_kind_result_validates(data_copy):
    path = data_copy / "theme_measures.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[1] = re.sub(r"^([^,]*,[^,]*,[^,]*,)[^,]*,", r"\1result,", lines[1])
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert ",result," in path.read_text(encoding="utf-8")
    assert not [str(p) for p in check_year(data_copy).errors]
    path.write_text(path.read_text(encoding="utf-8").replace(",result,", ",achieved,"), encoding="utf-8")
    errors = [str(p) for p in check_year(data_copy).errors]
    assert len(errors) == 1 and "result" in errors[0], errors


def test_a_count_of_ten_thousand_or_more_is_written_in_wan_as_the_report_does():
    """A new user's 2025 trial: the report's 2.4万多家 was printed as 24000多家 in the zh table."""
    from zjbook.data import printed

    assert printed.amount(24000, "家", "more_than") == "2.4万多家"
    assert printed.amount(24000, "家", "about") == "约2.4万家"
    assert printed.amount(12345, "家") == "12345家"  # not whole hundreds: as stored
    assert printed.amount(7655, "件") == "7655件"
    assert Voice("zh").numbers.prose_amount(24000, "家", "more_than") == "超过2.4万家"
    assert Voice("en").numbers.amount(24000, "家", "more_than") == "more than 24,000"
