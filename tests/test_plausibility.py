"""Plausibility warnings against the previous edition, on scratch copies of data/2014 as other years."""

import csv
import shutil
from pathlib import Path

import pytest
from conftest import DATA_2014, UNCHANGED_DIVISIONS, set_cell

from zjbook.data import plausibility
from zjbook.data.problems import WARNING
from zjbook.data.validate import previous_year_dir, validate_year

IND = "zhangjiang_indicators.csv"


def shifted_copy(root: Path, year: int, blank_growth: bool = True) -> Path:
    """data/2014 copied as ``root/<year>``: edition year, months and dates moved to that year.

    With ``blank_growth`` the growth rates are left out, so an unchanged copy raises no warning."""
    dest = root / str(year)
    shutil.copytree(DATA_2014, dest)
    if not (root / "divisions.csv").exists():  # a world where 2014's districts last: the copy stays true
        shutil.copy(UNCHANGED_DIVISIONS, root / "divisions.csv")
    for path in dest.glob("*.csv"):
        text = path.read_text(encoding="utf-8").replace("2014-", f"{year}-")
        if path.name == "edition.csv":
            text = text.replace("year,2014,", f"year,{year},")
        path.write_text(text, encoding="utf-8")
    if blank_growth:
        for path in dest.glob("*.csv"):
            rows = list(csv.reader(path.read_text(encoding="utf-8").splitlines()))
            if "growth_pct" in rows[0]:
                for name in ("growth_pct", "growth_qualifier"):
                    i = rows[0].index(name)
                    for row in rows[1:]:
                        row[i] = ""
                with path.open("w", encoding="utf-8", newline="") as f:
                    csv.writer(f, lineterminator="\n").writerows(rows)
    return dest


@pytest.fixture
def root(tmp_path) -> Path:
    root = tmp_path / "data"
    shutil.copytree(DATA_2014, root / "2014")
    shifted_copy(root, 2015)
    return root


def warnings(root: Path) -> list:
    return plausibility.compare(validate_year(root / "2015"), 2015, validate_year(root / "2014"), 2014, root / "2015")


def test_an_unchanged_copy_raises_nothing(root):
    assert warnings(root) == []


def test_wrong_magnitude_names_both_years_values(root):
    line = set_cell(root / "2015" / IND, "zj_total_revenue", "value", "2.95")
    set_cell(root / "2015" / IND, "zj_total_revenue", "qualifier", "about")
    [w] = warnings(root)
    assert (w.severity, w.code, w.path, w.line, w.column) == (
        WARNING,
        "magnitude:zj_total_revenue",
        root / "2015" / IND,
        line,
        "value",
    )
    assert "2015年为约2.95亿元" in w.message and "2014年版为2.65万亿元" in w.message
    assert "10000" in w.fix and "qualifier" in w.fix
    assert str(w).startswith(f"警告：{IND} 第{line}行 列 value：")


@pytest.mark.parametrize(
    "value, flagged",
    [
        ("132500", False),
        ("132600", True),  # 26500 × 5 is the limit upwards
        ("5300", False),
        ("5299", True),  # 26500 ÷ 5 downwards
    ],
)
def test_magnitude_limit_is_five_times_either_way(root, value, flagged):
    set_cell(root / "2015" / IND, "zj_total_revenue", "value", value)
    codes = [w.code for w in warnings(root)]
    assert codes == (["magnitude:zj_total_revenue"] if flagged else [])


def test_zero_against_non_zero_is_flagged_but_zero_against_zero_is_not(root):
    file = root / "2015" / "zhangjiang_resources.csv"
    set_cell(file, "zj_res_key_labs", "value", "0")
    [w] = warnings(root)
    assert w.code == "magnitude:zj_res_key_labs" and "0家" in w.message and "36家" in w.message
    assert "一年为零" in w.message
    set_cell(root / "2014" / "zhangjiang_resources.csv", "zj_res_key_labs", "value", "0")
    assert warnings(root) == []


def test_figure_with_another_unit_is_not_compared(root):
    set_cell(root / "2015" / IND, "zj_export", "unit", "亿元")
    set_cell(root / "2015" / IND, "zj_export", "value", "3700")  # 519亿美元 in 亿元: not a 5× jump
    assert warnings(root) == []


def _growth(root: Path, value: str, pct: str, qualifier: str = "exact") -> list:
    f = root / "2015" / IND
    set_cell(f, "zj_total_revenue", "value", value)
    set_cell(f, "zj_total_revenue", "growth_pct", pct)
    set_cell(f, "zj_total_revenue", "growth_qualifier", "exact")
    set_cell(f, "zj_total_revenue", "qualifier", qualifier)
    return [w for w in warnings(root) if w.code.startswith("growth:")]


@pytest.mark.parametrize(
    "value, pct, flagged",
    [
        ("29700", "12.1", False),  # 29700 / 26500 − 1 = 12.08%
        ("29700", "12.4", False),  # still within rounding: up to 29750 / 26450 − 1 = 12.48%
        ("29700", "11.7", False),  # down to 29650 / 26550 − 1 = 11.68%
        ("29700", "12.6", True),
        ("29661", "11.7", False),  # 11.7 stands for 11.65–11.75, which meets 29660.5 / 26550 − 1 = 11.72%
        ("29700", "11.5", True),
        ("29700", "-12.1", True),  # sign wrong
        ("26500", "12.2", True),  # last year's value carried over with last year's rate
        ("29733", "12.2", False),  # 29733 / 26500 − 1 = 12.20%
        ("29733", "12.5", True),  # above 29733.5 / 26450 − 1 = 12.41%
    ],
)
def test_stated_growth_is_checked_against_both_values_within_rounding(root, value, pct, flagged):
    found = _growth(root, value, pct)
    assert [w.code for w in found] == (["growth:zj_total_revenue"] if flagged else [])
    if flagged:
        w = found[0]
        assert w.column == "growth_pct" and w.line == 2
        assert "2014年版的2.65万亿元（2014年1—11月）" in w.message and "2015年1—11月" in w.message
        assert f"{'下降' if pct.startswith('-') else '增长'}{pct.lstrip('-')}%" in w.message


def test_growth_is_not_checked_when_periods_differ_or_values_are_approximate(root):
    f = root / "2015" / IND
    set_cell(f, "zj_total_revenue", "period_end", "2015-12")  # full year against Jan–Nov
    assert _growth(root, "29700", "40") == []
    set_cell(f, "zj_total_revenue", "period_end", "2015-11")
    assert len(_growth(root, "29700", "40")) == 1
    assert _growth(root, "29700", "40", qualifier="about") == []


def test_growth_check_needs_last_year_one_year_earlier(tmp_path):
    root = tmp_path / "data"
    shifted_copy(root, 2013)
    shifted_copy(root, 2015, blank_growth=False)
    # 2015's rates compare with 2014, not with the 2013 edition: same months but two years apart.
    found = plausibility.compare(validate_year(root / "2015"), 2015, validate_year(root / "2013"), 2013)
    assert found == []


def test_cumulative_figure_that_falls_is_flagged(root):
    f = root / "2015" / "zizhu_figures.csv"
    set_cell(f, "zz_patents", "value", "7700")
    assert [w.code for w in warnings(root) if w.code.startswith("cumulative:")] == []
    line = set_cell(f, "zz_patents", "value", "7654")
    found = [w for w in warnings(root) if w.code == "cumulative:zz_patents"]
    assert len(found) == 1 and found[0].line == line and found[0].column == "value"
    assert "2014年版的7655件" in found[0].message and "2015年的7654件" in found[0].message


def test_stock_figure_may_fall(root):
    set_cell(root / "2015" / "zizhu_figures.csv", "zz_enterprises", "value", "500")
    assert warnings(root) == []


def test_ids_only_in_one_year_are_ignored_and_order_is_by_file_and_line(root):
    districts = root / "2015" / "district_figures.csv"
    set_cell(districts, "qp_beidou_partners", "value", "3000")  # 100× last year, but under a new id:
    set_cell(districts, "qp_beidou_partners", "id", "qp_beidou_partners_new")
    set_cell(root / "2015" / "zizhu_figures.csv", "zz_contract_fdi", "value", "2")
    set_cell(root / "2015" / IND, "zj_export", "value", "1")
    codes = [w.code for w in warnings(root)]
    # a magnitude warning stands alone: the fall of the cumulative FDI is not repeated as a second warning
    assert codes == ["magnitude:zj_export", "magnitude:zz_contract_fdi"]


@pytest.mark.parametrize("x, half", [(12.2, 0.05), (26500, 50), (519, 0.5), (24.45, 0.005), (0, 0.5), (-3.5, 0.05)])
def test_half_unit_of_the_last_written_digit(x, half):
    assert plausibility.half_unit(x) == pytest.approx(half)


def test_previous_year_dir_is_the_nearest_earlier_year_that_validates(tmp_path):
    root = tmp_path / "data"
    shifted_copy(root, 2012)
    shifted_copy(root, 2013)
    shifted_copy(root, 2016)
    shutil.copytree(DATA_2014, root / "2014")
    (root / "notes").mkdir()
    assert previous_year_dir(root / "2014") == root / "2013"
    assert previous_year_dir(root / "2016") == root / "2014"
    set_cell(root / "2014" / IND, "zj_total_revenue", "value", "")  # 2014 no longer validates
    assert previous_year_dir(root / "2016") == root / "2013"
    assert previous_year_dir(root / "2012") is None
    assert previous_year_dir(root / "notes") is None
