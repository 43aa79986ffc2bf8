"""A second new user's 2017 edition (issue 19, second pass): what ``make confirm ALL=1`` may take as mentioned
by the new text, and what a sum of approximate and lower-bound counts is.

``tests/fixtures/reports/part4-2017.txt`` is the user's fictional 2017 Part 4; the carried rows are 2014's
(data/2014), moved to the districts in force in 2017 as ``make extract`` moves them.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from types import SimpleNamespace
from typing import cast

import pytest
from conftest import DATA_2014, REPORT_TEXT, need_shared
from notebook_pages import notebook, text

from zjbook.data import review, status, validate
from zjbook.data.extract import extract
from zjbook.data.figure import Figure
from zjbook.sections.zhangjiang import sum_qualifier

SOURCE = Path(__file__).parent / "fixtures" / "reports" / "part4-2017.txt"
TEXT = SOURCE.read_text(encoding="utf-8").splitlines()
NAMES = review.district_names(DATA_2014.parent)


def row(file: str, key: str, **moved: str) -> dict[str, str]:
    return review.table_rows(DATA_2014, file)[key] | moved


#: 2014 rows the 2017 text names only by a theme word, a partner or an item seen under another district.
NOT_MENTIONED = [
    ("facts.csv", "zj_leaps", {}),  # only “四新” in a heading
    ("facts.csv", "zj_four_new", {}),  # 新技术 inside 高新技术企业
    ("district_actions.csv", "four_new/2", {"district": "静安区"}),  # 闸北's “一基地、六分园”: only 市北高新区
    ("collaborations.csv", "yp_pilot/杨浦区/市科委", {}),
    ("collaborations.csv", "zb_linkage/闸北区/市科委", {"district": "静安区"}),
    ("collaborations.csv", "cm_sustainable/崇明县/市科委", {"district": "崇明区"}),  # the text: 世界级生态岛…
    ("collaborations.csv", "yp_fudan/杨浦区/复旦大学", {}),  # 复旦创新走廊 is not in the text
    ("district_industries.csv", "长宁区/industry/互联网金融", {}),  # a line about 黄浦区
    ("themes.csv", "collaboration", {}),  # 与市科委、市经济信息化委、市教委等市级部门联动
    ("themes.csv", "four_new", {}),
]


@pytest.mark.parametrize(("file", "key", "moved"), NOT_MENTIONED, ids=[f"{f}:{k}" for f, k, _ in NOT_MENTIONED])
def test_a_keyword_is_no_mention_of_the_row(file, key, moved):
    assert review.mention(file, row(file, key, **moved), TEXT, NAMES) is None


def test_the_district_and_its_item_in_one_statement_are_a_mention():
    line = review.mention(
        "district_industries.csv", row("district_industries.csv", "黄浦区/industry/互联网金融"), TEXT, NAMES
    )
    assert line is not None and "黄浦区集聚互联网金融" in TEXT[line - 1]


def test_a_box_item_named_outside_its_box_is_no_mention():
    cases = review.table_rows(DATA_2014, "cases.csv")
    beidou = review.mention("cases.csv", cases["beidou"], TEXT, NAMES)
    assert review.box_item_mention(row("case_items.csv", "beidou/industry/机器人"), TEXT, beidou) is None
    fudan = review.mention("cases.csv", cases["fudan_corridor"], TEXT, NAMES)
    assert review.box_item_mention(row("case_items.csv", "fudan_corridor/function/创新服务"), TEXT, fudan) is None


def test_the_2014_text_still_mentions_its_own_rows():
    lines = need_shared(REPORT_TEXT).read_text(encoding="utf-8").splitlines()
    assert review.mention("cases.csv", review.table_rows(DATA_2014, "cases.csv")["lingang"], lines, NAMES)
    assert review.mention("collaborations.csv", row("collaborations.csv", "yp_pilot/杨浦区/市科委"), lines, NAMES)


def figure(value: float, qualifier: str) -> Figure:
    return cast(Figure, SimpleNamespace(value=value, qualifier=qualifier))


def test_a_sum_with_an_approximate_part_is_about_not_more_than():
    assert sum_qualifier([figure(6100, "about"), figure(321, "more_than"), figure(40, "exact")]) == "about"
    assert sum_qualifier([figure(321, "more_than"), figure(40, "exact")]) == "more_than"
    assert sum_qualifier([figure(40, "exact")]) == "exact"


# --- the user's flow: extract, mark what the text does not give, validate -------------------------------


@pytest.fixture(scope="module")
def drafted(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("edition2017")
    root = tmp / "data"
    shutil.copytree(DATA_2014, root / "2014")
    extract(2017, SOURCE, 2014, root, tmp / "_build")
    return root


def figures(folder: Path) -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {}
    for file in ("zhangjiang_indicators.csv", "zhangjiang_resources.csv", "zizhu_figures.csv"):
        out |= review.table_rows(folder, file)
    return out


def test_extract_reads_counts_written_with_a_space_or_in_chinese_numerals(drafted):
    got = figures(drafted / "2017")
    assert (got["zj_res_hightech_firms"]["value"], got["zj_res_hightech_firms"]["qualifier"]) == ("6100", "about")
    assert got["zj_res_incubators"]["value"] == "31"  # 三十一家
    assert got["zj_res_eng_research_centres"]["value"] == "15"  # 15 家
    assert (got["zz_enterprises"]["value"], got["zz_enterprises"]["qualifier"]) == ("700", "nearly")  # not 四十余家


def test_extract_gives_listed_growth_rates_to_the_figures_named_before_them(drafted):
    got = figures(drafted / "2017")
    rates = {
        i: got[i]["growth_pct"] for i in ("zj_total_revenue", "zj_industrial_output", "zj_net_profit", "zj_export")
    }
    assert rates == {
        "zj_total_revenue": "9.8",
        "zj_industrial_output": "5.4",
        "zj_net_profit": "11.5",
        "zj_export": "-2.6",
    }


def test_a_theme_without_district_rows_is_a_warning_that_blocks_release(drafted, tmp_path):
    root = tmp_path / "data"
    shutil.copytree(drafted, root)
    folder = root / "2017"
    review.confirm_rows(folder, "themes.csv", "structure", keep="2017 年文本有这一小标题")
    review.confirm_rows(folder, not_reported="2017 年报告未提到")  # every other row the text does not mention
    warnings = {w.code: w for w in validate.check_year(folder).warnings}
    assert "empty_theme:structure" in warnings
    assert "NOT_REPORTED=" in warnings["empty_theme:structure"].fix
    assert "empty_theme:structure" in {w.code for w in status.current_warnings(folder)}  # release waits for it


def test_a_required_blank_names_the_not_reported_command(drafted):
    errors = validate.check_year(drafted / "2017").errors
    blank = [p for p in errors if p.message == validate.BLANK]
    assert blank and all("NOT_REPORTED='原因'" in p.fix and "make confirm YEAR=2017 FILE=" in p.fix for p in blank)


def test_an_event_dated_mid_sentence_takes_its_heading_as_title(drafted):
    events = review.table_rows(drafted / "2017", "events.csv")
    titles = {r["date"]: r["title"] for r in events.values()}
    assert titles == {"2017-05-18": "紫竹创业园二期开园", "2017-09-06": "紫竹国际教育园区启用"}


def test_two_events_of_one_title_are_an_error(drafted, tmp_path):
    root = tmp_path / "data"
    shutil.copytree(drafted, root)
    path = root / "2017" / "events.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("紫竹创业园二期开园,", "紫竹高新区举行,").replace("紫竹国际教育园区启用,", "紫竹高新区举行,")
    )
    [problem] = [p for p in validate.check_year(root / "2017").errors if p.path.name == "events.csv"]
    assert "“紫竹高新区举行”与第2行相同" in problem.message and problem.column == "title"


# --- the released pages ----------------------------------------------------------------------------------

PAGES = (
    "zhangjiang_overview",
    "zhangjiang_resources",
    "zizhu",
    "districts_overview",
    "districts_themes",
)
#: Statements of the user's 2017 release that the text does not support (or that are not sentences).
FALSE_FOR_2017 = (
    "一基地、六分园",  # 闸北's 2014 cloud action, confirmed under 静安 on 市北高新区 alone
    "国家创新型试点城区",  # 2014 collaborations confirmed on 市科委 alone
    "新一轮市区联动协议",
    "可持续发展科技创新行动计划",
    "复旦创新走廊",
    "市经济信息化委、市教委等市级部门联动",  # 2014's theme summary
    "（0个）",
    "涉及0个",
    "只举了的事例",
    "合计超过",  # 约6100 in the sum: about, not more than
    "新常态下的区县创新",
    "没有这一主题",
    "0项",  # the overview over no district measure
    "其中的0个",
)
FALSE_FOR_2017_EN = (
    "only the examples of .",
    "under one themes",
    "One industry groups",
    "districts and counties",
    "zero district measures",
    "one main industries",
)


@pytest.fixture(scope="module")
def released(drafted, tmp_path_factory):
    """The README's steps after extract: mark what the text does not give, confirm ALL=1, mark the rest."""
    root = tmp_path_factory.mktemp("released2017") / "data"
    shutil.copytree(drafted, root)
    folder = root / "2017"
    for problem in validate.check_year(folder).errors:
        key = problem.fix.split("KEY=")[1].split(" ")[0]
        review.confirm_rows(folder, problem.path.name, key, not_reported="2017 年报告未给出")
    review.confirm_rows(folder)
    review.confirm_rows(folder, not_reported="2017 年报告没有提到")
    assert validate.check_year(folder).errors == []
    for w in status.current_warnings(folder):
        review.acknowledge(folder, w.code, [w.code], "已核对")
    return root


@pytest.fixture(scope="module")
def pages(released):
    return {(name, lang): text(notebook(name).run(2017, lang, released)) for name in PAGES for lang in ("zh", "en")}


def test_the_release_says_nothing_the_2017_text_does_not_support(pages):
    for (name, lang), page in pages.items():
        for phrase in FALSE_FOR_2017 if lang == "zh" else FALSE_FOR_2017_EN:
            assert phrase not in page, f"{name} ({lang}): {phrase}"


def test_an_approximate_count_reads_about_and_unlike_kinds_are_not_summed(pages):
    said = pages["zhangjiang_resources", "zh"]
    assert "共约6100家" in said
    # enterprises, laboratories and incubators are not added up together: a sum is of one group's kinds alone
    assert said.count("合计") == 1 and "国家级科研机构与研发平台4类合计153家" in said


# --- a place is mentioned as the base of an industry, not as a place -----------------------------------------


PLACES = review.table_rows(DATA_2014, "district_industries.csv")


def place_mention(lines: list[str]) -> review.Mention:
    row = PLACES["虹口区/base/北外滩"]
    of = review.companions("district_industries.csv", row, PLACES)
    assert of == ["航运服务"]
    return review.find_mention("district_industries.csv", row, lines, NAMES, of)


def test_a_district_and_its_base_in_a_sentence_on_something_else_are_no_mention():
    """The 2027 trial: 虹口区 and 北外滩 in one sentence on fire safety confirmed 北外滩 as the base of the district's
    shipping services."""
    lines = ["城市安全", "虹口区在北外滩开展高层建筑消防安全综合治理，建成智慧消防平台。"]
    found = place_mention(lines)
    assert found.line is None and found.words_at == 2 and found.wants == ("航运服务",)


def test_a_base_named_with_its_industry_in_its_passage_is_a_mention():
    lines = ["“四新”经济", "虹口区以北外滩为核心，建设国际航运服务中心。", "航运服务企业新增120余家。"]
    assert place_mention(lines).line == 2
    # an industry the book wrote as a phrase is found by its words (信息产业 of 移动互联网、物联网等信息产业)
    row = PLACES["徐汇区/base/创新创业孵化引领区"]
    of = review.companions("district_industries.csv", row, PLACES)
    text = ["徐汇区建设创新创业孵化引领区，形成信息产业创新集群。"]
    assert review.mention("district_industries.csv", row, text, NAMES, of) == 1
    assert review.mention("district_industries.csv", row, ["徐汇区建设创新创业孵化引领区。"], NAMES, of) is None
