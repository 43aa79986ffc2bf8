"""A third new user's 2018 edition (issue 19, third pass): what a release says when the year's report leaves
whole parts out, names its own themes, and has no county.

``tests/fixtures/reports/part4-2018.txt`` is the user's fictional 2018 Part 4 and ``tests/fixtures/data2018/2018``
the data the user prepared from it (true to the text: what the text does not give is marked not reported). It
lives in its own data root so that the 2031 fixture's builds don't see a second year.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import DATA_2014, READER_CHAPTERS, quiet, shared
from notebook_pages import notebook, text

from zjbook import paths
from zjbook.data import review, schema, validate
from zjbook.data.edition import Edition
from zjbook.data.extract import _growths_after_amounts, extract
from zjbook.pipeline.build import chapters, highlights, method_sentences
from zjbook.pipeline.release import release
from zjbook.wording import Voice

FIXTURE = Path(__file__).parent / "fixtures" / "data2018"
SOURCE = Path(__file__).parent / "fixtures" / "reports" / "part4-2018.txt"


def not_reported_copy(tmp_path: Path, src: Path, year: int, file: str) -> Path:
    """A copy of ``src`` as data root ``tmp_path/data`` with every row of ``file`` marked not reported."""
    root = tmp_path / "data"
    shutil.copytree(src, root / str(year))
    folder = root / str(year)
    for key in review.table_rows(folder, file):
        review.confirm_rows(folder, file, key, not_reported="本年报告未给出")
    assert validate.check_year(folder).errors == []
    return root


# --- 1. a figure file with every row not reported --------------------------------------------------------


@pytest.mark.parametrize("file", schema.FIGURE_FILES)
def test_every_page_is_written_when_a_figure_file_has_no_reported_row(tmp_path, file):
    root = not_reported_copy(tmp_path, DATA_2014, 2014, file)
    said = 0
    for name in READER_CHAPTERS:
        for lang in ("zh", "en"):
            page = text(notebook(name).run(2014, lang, root))
            said += lang == "zh" and page.count("2014年的报告没有给出")
    assert said >= 1  # the pages say it, in plain words


def test_resources_all_not_reported_is_said_once_without_a_heading_over_nothing():
    for lang, phrase in (("zh", "2018年的报告没有给出"), ("en", "The2018reportdoesnotgive")):
        page = notebook("zhangjiang_resources").run(2018, lang, FIXTURE)
        assert text(page).count(phrase) == 1
        assert not [o for o in page.outputs if o.markdown.startswith("## ")]  # no section heading over nothing
        assert not [o for o in page.outputs if o.markdown.startswith("```{figure")]


# --- 2. the 4.2 themes are the edition's own ------------------------------------------------------------


@pytest.fixture(scope="module")
def themes_pages():
    return {lang: notebook("districts_themes").run(2018, lang, FIXTURE) for lang in ("zh", "en")}


def headings(page, level: str = "## ") -> list[str]:
    return [o.markdown[len(level) :] for o in page.outputs if o.markdown.startswith(level)]


def test_new_theme_ids_make_their_own_sections_titled_from_the_data(themes_pages):
    rows = [r for r in review.table_rows(FIXTURE / "2018", "themes.csv").values() if r["subject"] == "区县"]
    assert {r["theme_id"] for r in rows} == {"ai", "business", "yrd"}  # ids 2014 never had
    # each theme's heading states its finding around the edition's own title, in the edition's order
    zh, en = headings(themes_pages["zh"]), headings(themes_pages["en"])
    assert len(zh) == len(rows) and all(r["title"] in h for r, h in zip(rows, zh)), zh
    english = [
        "Artificial intelligence applications",
        "Business environment",
        "Yangtze River Delta collaborative innovation",
    ]
    assert len(en) == len(english) and all(e.lower() in h.lower() for e, h in zip(english, en)), en
    page = text(themes_pages["zh"])
    for action in review.table_rows(FIXTURE / "2018", "district_actions.csv").values():
        assert action["action"] in page
    assert "专栏：松江G60科创走廊" in page


def test_no_heading_of_2014_sits_over_another_year(themes_pages):
    old = {
        "zh": {"结构转型与产业集聚", "“四新”经济", "自贸区的溢出效应", "协同创新"},
        "en": {
            "Structural change and industrial clustering",
            "The “four new” economy",
            "Spillovers from the Pilot Free Trade Zone",
            "Collaborative innovation",
        },
    }
    for lang, page in themes_pages.items():
        assert not old[lang] & set(headings(page)), lang


# --- 3. themes that reach as many districts tie -----------------------------------------------------------


def test_themes_reaching_as_many_districts_are_said_to_tie(themes_pages):
    zh, en = text(themes_pages["zh"]), text(themes_pages["en"])
    # the themes, none ranked by how many districts the report gives as examples
    assert "2018年，各区县的创新集中在3个方面：“人工智能应用”“营商环境”和“长三角协同创新”。" in zh
    assert "涉及面最广" not in zh and "推进最广" not in zh
    assert "mostwidely" not in en


def test_a_tie_at_the_top_with_a_narrower_theme(tmp_path):
    root = tmp_path / "data"
    shutil.copytree(FIXTURE / "2018", root / "2018")
    path = root / "2018" / "district_actions.csv"
    kept = [
        line for line in path.read_text(encoding="utf-8").splitlines(keepends=True) if not line.startswith("yrd,金山区")
    ]
    path.write_text("".join(kept), encoding="utf-8")
    zh = text(notebook("districts_themes").run(2018, "zh", root))
    # a narrower theme is no finding either: the report's examples are listed, not counted
    assert "只举了" not in zh and "一样多" not in zh and "金山区" not in zh.split("长三角协同创新")[-1]
    en = text(notebook("districts_themes").run(2018, "en", root))
    assert "equallywidelyshared" not in en and "givesonlytheexamples" not in en


# --- 4 and 9. the layout without new sub-parks; no county ------------------------------------------------


@pytest.fixture(scope="module")
def overview_pages():
    return {lang: text(notebook("zhangjiang_overview").run(2018, lang, FIXTURE)) for lang in ("zh", "en")}


def test_a_layout_without_new_sub_parks_is_stated_not_expanded(overview_pages):
    assert "园区格局为“一区二十二园”" in overview_pages["zh"]
    assert "扩展" not in overview_pages["zh"]
    assert "Thezone’slayoutwas“onezone,twenty-twoparks”" in overview_pages["en"].replace("\\", "")
    assert "grewinto" not in overview_pages["en"]


def test_2014_s_layout_still_grew(tmp_path):
    zh = text(notebook("zhangjiang_overview").run(2014, "zh"))
    # the heading says how the layout grew (the main points give the coverage)
    assert "##示范区拓展为“一区二十二园”" in zh
    en = text(notebook("zhangjiang_overview").run(2014, "en")).replace("\\", "")
    assert "##Thezoneexpandedto“onezone,twenty-twoparks”" in en


def test_an_edition_without_a_county_names_no_county(overview_pages):
    assert "##“一区二十二园”覆盖全市所有区:::" in overview_pages["zh"]
    assert "county" not in overview_pages["en"] and "counties" not in overview_pages["en"]


# --- 5. a count of measures counts every measure ------------------------------------------------------------


def test_the_count_of_measures_includes_those_without_a_kind():
    measures = review.table_rows(FIXTURE / "2018", "theme_measures.csv").values()
    assert (len(measures), sum(1 for m in measures if not m["kind"])) == (7, 2)
    # the measures are the data's (the downloads), those without a kind as well; the page lists none and counts none
    # (two editors: a table of measures only cut the themes' summaries into rows)
    for lang in ("zh", "en"):
        page = notebook("zhangjiang_overview").run(2018, lang, FIXTURE)
        said = text(page)
        assert not any(str(m["measure"]) in said for m in measures)
        assert not re.search(r"\d+项举措|\b(seven|7) measures", said), said


# --- 6. wording follows the data's own labels ---------------------------------------------------------------


@pytest.fixture(scope="module")
def zizhu_pages():
    return {lang: notebook("zizhu").run(2018, lang, FIXTURE) for lang in ("zh", "en")}


def test_the_zizhu_focus_is_said_in_its_own_label(zizhu_pages):
    assert "重点产业为集成电路与软件、生命科学、人工智能。" in text(zizhu_pages["zh"])
    assert "招商" not in text(zizhu_pages["zh"])
    assert "Itsfocusindustrieswereintegratedcircuitsandsoftware,lifesciencesandartificialintelligence." in text(
        zizhu_pages["en"]
    )
    assert "招商对象为区域总部、研发中心、风险投资公司、高科技制造研发企业。" in text(notebook("zizhu").run(2014, "zh"))


def caption(page) -> str:
    figure = next(o.markdown for o in page.outputs if o.markdown.startswith("```{figure}"))
    return figure.split("\n```")[0].splitlines()[-1]


def test_the_figure_title_names_only_what_it_draws(zizhu_pages):
    assert caption(zizhu_pages["zh"]) == "紫竹高新区主要数据"
    assert caption(zizhu_pages["en"]) == "Zizhu\\: key figures"
    assert caption(notebook("zizhu").run(2014, "zh")) == "紫竹高新区主要数据与专利构成"


# --- 7. no industries table -----------------------------------------------------------------------------------


def test_an_edition_without_industries_has_no_industries_chapter_and_says_so_once():
    """The districts' industries chapter has nothing to show: the book has no such chapter (the method page says
    why, once); the notebook run on its own says it once and draws no table."""
    ed = Edition(2018, FIXTURE)
    assert "districts_overview" not in [nb.stem for nb in chapters(ed, "zh")]
    assert method_sentences(ed, Voice("zh"))["method_districts_industries"] == (
        "本版次的报告没有给出各区的主要产业和产业基地，本书不设这一章"
    )
    assert method_sentences(ed, Voice("en"))["method_districts_industries"].startswith(
        "this edition’s report gives no main industries or industrial bases of the districts"
    )
    for lang, said, claims in (
        ("zh", "2018年的报告没有给出各区的主要产业和产业基地，本章从略。", ("互不重复", "报告未述及")),
        ("en", "The2018reportgivesnomainindustriesorindustrialbasesofthedistricts", ("Notwodistricts", "notstated")),
    ):
        page = notebook("districts_overview").run(2018, lang, FIXTURE)
        assert text(page).count(said) == 1
        assert not [o for o in page.outputs if "```{list-table}" in o.markdown]
        assert not any(c in text(page) for c in claims)


def test_industries_all_not_reported_are_said_once_as_not_reported(tmp_path):
    root = not_reported_copy(tmp_path, DATA_2014, 2014, "district_industries.csv")
    page = notebook("districts_overview").run(2014, "zh", root)
    assert text(page).count("2014年的报告没有给出") == 1 and "本章从略" not in text(page)
    assert not [o for o in page.outputs if "```{list-table}" in o.markdown]


# --- 8. the section codes table is the edition's own --------------------------------------------------------


def sections_table(page) -> str:
    return next(o.markdown for o in page.outputs if ":name: tbl-dict-sections" in o.markdown)


def test_the_section_codes_carry_the_edition_s_own_headings():
    table = sections_table(notebook("data_appendix").run(2018, "zh", FIXTURE))
    assert "张江示范区：聚力建设科创中心核心区" in table and "区县：高质量发展中谋创新" in table
    assert "张江先行" not in table and "新常态" not in table
    en = sections_table(notebook("data_appendix").run(2018, "en", FIXTURE))
    assert "high\\-quality development" in en and "new normal" not in en


def test_a_section_whose_rows_carry_no_single_heading_is_left_out(tmp_path):
    root = not_reported_copy(tmp_path, FIXTURE / "2018", 2018, "zhangjiang_indicators.csv")
    path = root / "2018" / "districts.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text(
        "".join([*lines[:2], lines[2].replace("高质量发展中谋创新", "另一个标题"), *lines[3:]]), encoding="utf-8"
    )
    page = notebook("data_appendix").run(2018, "zh", root)
    assert not [o for o in page.outputs if ":name: tbl-dict-sections" in o.markdown]


# --- 10. the method page describes the edition's own Zizhu chapter and boxes -------------------------------------


def method_of(root: Path, year: int, lang: str) -> dict[str, str]:
    return method_sentences(Edition(year, root), Voice(lang))


def test_the_method_page_lists_only_the_zizhu_parts_the_edition_has():
    assert method_of(FIXTURE, 2018, "zh")["method_zizhu"] == "第3章为报告专门介绍的紫竹高新区，包括主要数据"
    assert method_of(FIXTURE, 2018, "en")["method_zizhu"].endswith("describes on its own: key figures")
    full = method_of(DATA_2014.parent, 2014, "zh")["method_zizhu"]
    assert (
        full
        == "第3章为报告专门介绍的紫竹高新区，包括主要数据、获批的称号、新入驻的机构、合作方，以及报告给出确切日期的大事"
    )


def test_without_zizhu_the_method_page_says_its_chapter_is_left_out(tmp_path):
    """A report that does not describe Zizhu (a new user's 2019 trial): the method page does not say it does."""
    root = tmp_path / "data"
    shutil.copytree(FIXTURE / "2018", root / "2018")
    for file in ("zizhu_figures.csv", "zizhu_items.csv", "events.csv"):
        path = root / "2018" / file
        if path.exists():
            path.write_text(path.read_text(encoding="utf-8").splitlines(keepends=True)[0], encoding="utf-8")
    facts = root / "2018" / "facts.csv"
    kept = [line for line in facts.read_text(encoding="utf-8").splitlines(keepends=True) if ",紫竹高新区," not in line]
    facts.write_text("".join(kept), encoding="utf-8")
    assert validate.check_year(root / "2018").errors == []
    assert method_of(root, 2018, "zh")["method_zizhu"] == "本版次的报告没有专门介绍紫竹高新区，本书不设这一章"
    assert method_of(root, 2018, "en")["method_zizhu"].startswith("this edition’s report does not describe the Zizhu")


def test_passages_split_by_a_box_are_mentioned_only_with_a_box(tmp_path):
    assert method_of(FIXTURE, 2018, "zh")["method_merged"] == "；正文中被专栏隔断的段落合并为完整的一节"
    root = tmp_path / "data"
    shutil.copytree(FIXTURE / "2018", root / "2018")
    for file in ("cases.csv", "case_items.csv"):
        path = root / "2018" / file
        path.write_text(path.read_text(encoding="utf-8").splitlines(keepends=True)[0], encoding="utf-8")
    assert validate.check_year(root / "2018").errors == []
    assert method_of(root, 2018, "zh")["method_merged"] == method_of(root, 2018, "en")["method_merged"] == ""


def test_the_method_pages_use_the_generated_sentences():
    for page in (paths.ROOT / "book" / "method.md", paths.ROOT / "book" / "en" / "method.md"):
        source = page.read_text(encoding="utf-8")
        assert "{{ method_zizhu }}" in source and "{{ method_merged }}" in source
        assert "获批的称号" not in source and "new arrivals" not in source and "专栏隔断" not in source


# --- 11. extract: a rate after an inserted clause; NOT_REPORTED on a figure file -----------------------------


@pytest.fixture(scope="module")
def drafted(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("edition2018")
    root = tmp / "data"
    shutil.copytree(DATA_2014, root / "2014")
    ex = extract(2018, SOURCE, 2014, root, tmp / "_build")
    return root, ex


def test_a_rate_separated_from_its_figure_by_a_clause_is_the_figure_s(drafted):
    root, _ = drafted
    export = review.table_rows(root / "2018", "zhangjiang_indicators.csv")["zj_export"]
    assert (export["value"], export["growth_pct"]) == ("486", "-3.4")
    assert "没有归属" not in (root.parent / "_build" / "2018" / "extract-review.md").read_text(encoding="utf-8")


def test_a_clause_with_a_number_between_figure_and_rate_still_blocks_the_rate():
    [(_, written)] = _growths_after_amounts("出口创汇486亿美元，增幅较2017年收窄，同比下降3.4%。")
    assert written == []  # a clause with a number of its own: the rate may be another's, no guess
    [(_, written)] = _growths_after_amounts(
        "出口创汇486亿美元，受外部环境和汇率波动等多方面因素的综合影响，同比下降3.4%。"
    )
    assert written == []  # a long clause: no longer right after the figure
    [(_, written)] = _growths_after_amounts("出口创汇486亿美元，受外部环境影响，同比下降3.4%。")
    assert written


def test_not_reported_without_a_key_marks_the_blank_figures_of_a_figure_file(drafted, tmp_path):
    root = tmp_path / "data"
    shutil.copytree(drafted[0], root)
    folder = root / "2018"
    blank = [k for k, r in review.table_rows(folder, "zhangjiang_resources.csv").items() if not r["value"]]
    assert len(blank) == 9
    result = review.confirm_rows(folder, "zhangjiang_resources.csv", not_reported="2018 年报告未给出")
    assert sorted(e.key for e in result.done) == sorted(blank)
    assert review.confirm_rows(folder, "zhangjiang_indicators.csv", not_reported="x").done == []  # all four found
    assert not [p for p in validate.check_year(folder).errors if p.path.name == "zhangjiang_resources.csv"]


def test_the_method_page_says_chapter_2_has_no_resources_when_the_report_gives_none():
    assert method_of(FIXTURE, 2018, "zh")["method_resources"] == "为创新资源，本版次的报告没有给出"
    assert "which this edition’s report does not give" in method_of(FIXTURE, 2018, "en")["method_resources"]
    assert method_of(DATA_2014.parent, 2014, "zh")["method_resources"].startswith("按本书的归类（企业及其研发机构、")
    assert "比较报告列出的9类创新资源" in method_of(DATA_2014.parent, 2014, "zh")["method_resources"]


def test_the_introduction_says_the_themes_tie():
    said = highlights(Edition(2018, FIXTURE), Voice("zh"))
    # without industries, the districts' highlight names the year's themes (no ranking by examples)
    assert said["highlight_districts"] == "区县层面，创新围绕“人工智能应用”“营商环境”和“长三角协同创新”3个主题展开。"
    assert said["highlight_resources"] == ""


def test_the_zizhu_profile_heading_names_only_what_the_edition_has(zizhu_pages):
    assert "## 定位与重点" in [o.markdown for o in zizhu_pages["zh"].outputs]
    assert "## Positioning and focus" in [o.markdown for o in zizhu_pages["en"].outputs]
    # the designations are the main points' (editors 77–79): the heading names the arrivals alone
    assert "## 新的机构和项目" in [o.markdown for o in notebook("zizhu").run(2014, "zh").outputs]


# --- the released 2018 book, read against the 2018 text -------------------------------------------------------

#: What the 2018 text says, as the released Chinese pages must say it.
TRUE_FOR_2018 = {
    "zhangjiang_overview": (
        "4.12万亿元",
        "同比增长9.6%",
        "出口创汇486亿美元，同比下降3.4%",
        "2235亿元",
        "一区二十二园",
        "科学城建设与重大设施",
        "科技金融与改革试点",
    ),
    "zizhu": ("约680家", "约452亿元", "同比增长约8%"),
    "districts_themes": ("人工智能应用", "营商环境", "长三角协同创新", "松江G60科创走廊"),
}
#: Statements of 2014 (or of no year) that the 2018 text does not support, in the reader's chapters.
FALSE_FOR_2018 = (
    "扩展为",
    "新常态",
    "张江先行",
    "招商时",
    "专利构成",
    "互不重复",
    "涉及面最广",
    "微软",
    "一核三带",
    "闸北",
    "崇明县",
    "自贸区",
    "临港",
    "复旦创新走廊",
    "报告未述及",
    "UndefinedError",
)
FALSE_FOR_2018_EN = (
    "grew into",
    "county",
    "counties",
    "new normal",
    "most widely shared theme",
    "No two districts",
    "patent mix",
    "Microsoft",
    "Free Trade Zone",
    "not stated in the report",
)


#: The tests that read the released edition: one xdist group, so that one worker builds it while the other works on.
RELEASED = pytest.mark.xdist_group("release-2018")


@pytest.fixture(scope="session")
def released_2018(tmp_path_factory, worker_id) -> Path:
    """The 2018 fixture released (both languages) like ``make release``: the one build of this module, made once
    per test run and shared by the xdist workers (the tests that read it may run on either)."""
    out = shared(
        tmp_path_factory,
        worker_id,
        "release-2018",
        lambda d: release(2018, data_root=FIXTURE, out_root=d, report=quiet),
    )
    return out / "2018" / "html"


def article(html: Path, rel: str) -> str:
    page = BeautifulSoup((html / rel).read_text(encoding="utf-8"), "html.parser").select_one("article")
    assert page is not None, rel
    return " ".join(page.get_text(" ").split())


@pytest.mark.slow
@RELEASED
def test_the_released_2018_book_says_what_the_2018_text_says(released_2018):
    source = SOURCE.read_text(encoding="utf-8")
    for name, phrases in TRUE_FOR_2018.items():
        page = article(released_2018, f"book/generated/{name}.html").replace(" ", "")
        for phrase in phrases:
            assert phrase in page, (name, phrase)
            assert phrase.split("，")[0] in source or phrase in ("科学城建设与重大设施", "科技金融与改革试点"), phrase


@pytest.mark.slow
@RELEASED
def test_the_released_2018_book_says_nothing_of_2014(released_2018):
    # the 2018 report gives no district industries: the book has no such chapter (the method page says so)
    assert not (released_2018 / "book/generated/districts_overview.html").exists()
    for name in (c for c in READER_CHAPTERS if c != "districts_overview"):
        zh = article(released_2018, f"book/generated/{name}.html")
        for phrase in FALSE_FOR_2018:
            assert phrase not in zh, (name, phrase)
        en = article(released_2018, f"en/book/generated/{name}.html")
        for phrase in FALSE_FOR_2018_EN:
            assert phrase not in en, (name, phrase)
    method = article(released_2018, "book/method.html")
    assert "本版次的报告没有给出各区的主要产业和产业基地，本书不设这一章" in method
    assert "获批的称号" not in method and "把报告列出的创新资源整理为数据" not in method
    intro = article(released_2018, "book/intro.html")
    assert "涉及面最广" not in intro and "3个主题展开" in intro
