"""The third editorial review of every page but the district themes chapter, both languages (issue 20): each note is checked on the
built book, and where the finding is generated, on the fictional 2031 edition too.

- no production note (where Minhang's industry entry comes from) in chapter 7's lead or the intro's highlights:
  it is a short note under Table 7.1, which also says what "—" means (the one convention for an empty cell);
- the year's themes are a section of chapter 1, not a chapter of their own;
- a fact is said once where it belongs: "2.65万亿元" and the districts the sub-parks cover are not repeated across
  pages, and the intro's highlights are not the chapters' opening sentences;
- "其余N类" has one meaning on the resources page; a ratio to a lower bound reads "10倍左右" / "roughly 10 times";
- the industries chapter says what the areas do instead of averaging mentions per district;
- Table 7.1 files the academicians' workstation and the experimental zone as innovation platforms, not bases;
- prose never prints "243多家" (the table keeps the report's form);
- the Zizhu chart names the period of each figure (a year's revenue beside end-of-year stocks);
- no table has a column empty in every row (Table 4.1's growth rate stands beside the one value that has it);
- English: the long name of the zone introduces "the Zhangjiang zone" once, in the intro and chapter 1; the
  report is cited in words; the report's doubtful "SQL Server支付平台" is flagged with the reason; one "District" header.
"""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup
from conftest import READER_CHAPTERS

CHAPTERS = READER_CHAPTERS
#: The reader's pages this review covers (the district themes chapter is reviewed on its own).
PAGES = ["book/intro.html"] + [f"book/generated/{n}.html" for n in CHAPTERS if n != "districts_themes"]
LANGS = ("zh", "en")
LONG_NAME = "Shanghai Zhangjiang National Innovation Demonstration Zone"


def root(edition, lang: str):
    return edition if lang == "zh" else edition / "en"


def article(edition, lang: str, page: str) -> BeautifulSoup:
    soup = BeautifulSoup((root(edition, lang) / page).read_text(encoding="utf-8"), "html.parser")
    main = soup.select_one("article.bd-article") or soup
    for junk in main.select("script, style, .headerlink"):
        junk.decompose()
    return main


def words(node) -> str:
    return " ".join(node.get_text(" ").split())


def lead(edition, lang: str, page: str) -> str:
    """The page's opening paragraph (its finding), under the title."""
    return words(article(edition, lang, page).select_one("h1").find_next("p"))


def main_points(edition, lang: str, page: str) -> list[str]:
    return [words(li) for li in article(edition, lang, page).select(".main-points li")]


def prose(edition, lang: str, page: str) -> str:
    """The page's running text: paragraphs and list items outside tables and figures."""
    main = article(edition, lang, page)
    for junk in main.select("table, figure, .main-points .admonition-title"):
        junk.decompose()
    return " ".join(words(x) for x in main.select("p, li") if x.name == "p" or not x.find("p"))


def captioned_table(edition, lang: str, page: str, caption: str):
    """The table whose caption contains ``caption``: (header, rows, the paragraph after the table)."""
    main = article(edition, lang, page)
    t = next(x for x in main.select("table") if caption in words(x.select_one("caption")))
    head = [words(th) for th in t.select("thead th")]
    rows = [[words(td) for td in tr.select("td")] for tr in t.select("tbody tr")]
    after = next((p for p in t.find_all_next("p") if not p.find_parent("table")), None)
    return head, rows, words(after) if after else ""


# --- the industries table (chapter 4) and the intro: the production note ---------------------------------------------------


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_industries_tables_caveats_are_its_note_not_reader_prose(edition_2014, lang):
    """What "—" means and the book's grouping into areas are the table's note; the districts without a stated industry
    are a main point, not said again in the note (an editor); the 2014 table is rebuilt from the district text alone,
    so no entry comes from another section."""
    page = "book/generated/districts_overview.html"
    note = {"zh": "张江示范区的一节", "en": "section on the Zhangjiang zone"}[lang]
    left_out = {"zh": "金山区、奉贤区、崇明县", "en": "Jinshan District, Fengxian District and Chongming County"}[lang]
    assert note not in lead(edition_2014, lang, page)
    assert not any(note in p for p in main_points(edition_2014, lang, page))
    intro = article(edition_2014, lang, "book/intro.html")
    highlights = " ".join(words(li) for li in intro.select("section li"))
    assert note not in highlights and "第一节" not in highlights and "first section" not in highlights
    caption = {"zh": "区县主要产业和产业基地", "en": "Main industries and industrial bases"}[lang]
    _, _, after = captioned_table(edition_2014, lang, page, caption)
    assert after.startswith({"zh": "注：", "en": "Note:"}[lang])
    assert left_out not in after and note not in after
    assert sum(left_out in p for p in main_points(edition_2014, lang, page)) == 1
    assert {"zh": "“—”表示报告文字未述及", "en": "“—” means the report’s text does not say"}[lang] in after


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_industries_table_files_platforms_apart_from_bases_and_marks_gaps_one_way(edition_2014, lang):
    """Platforms that are not bases (a workstation, an experimental zone) are kept apart from the bases. Two of 17
    districts have one: a column of dashes said nothing (two editors), so the note under the table names them."""
    page = "book/generated/districts_overview.html"
    caption = {"zh": "区县主要产业和产业基地", "en": "Main industries and industrial bases"}[lang]
    head, rows, _ = captioned_table(edition_2014, lang, page, caption)
    assert (
        head
        == {
            # editor 86: the book's group beside the report's words; "Area" read as land area
            "zh": ["区县", "区域", "主要产业", "本书的产业门类", "产业基地与载体"],
            "en": [
                "District",
                "Part of the city",
                "Main industries",
                "Industry group",
                "Industrial bases and sites",
            ],
        }[lang]
    )
    by = {r[0].split(" (")[0]: r for r in rows}
    jinshan = by["金山区" if lang == "zh" else "Jinshan District"]
    chongming = by["崇明县" if lang == "zh" else "Chongming County"]
    assert jinshan[3] == jinshan[4] == "—" and chongming[3] == chongming[4] == "—"
    note = " ".join(article(edition_2014, lang, page).get_text().split())
    assert {
        "zh": "此外，金山区的院士专家工作站和崇明县的崇明国家可持续发展实验区属其他创新平台，未列为产业基地。",
        "en": "Among innovation platforms that are not industrial bases, Jinshan District had academician and expert "
        "workstations, and Chongming County had the Chongming National Sustainable Development Experimental Zone "
        "(崇明国家可持续发展实验区).",
    }[lang] in note
    cells = [c for r in rows for c in r]
    assert not any("未述及" in c or "not stated" in c for c in cells)


# --- the year's themes: a section of chapter 1, not a chapter that retells the report ----------------------


def test_the_years_themes_are_the_last_section_of_chapter_1_and_change_with_the_data(edition_2014, edition_2031):
    """Three editors: a chapter of the report's themes and measures only retold the report. The themes are the
    overview's last section: each theme's name run in before the book's summary, then the table of measures."""
    assert not (root(edition_2014, "zh") / "book/generated/zhangjiang_themes.html").exists()
    page = article(edition_2014, "zh", "book/generated/zhangjiang_overview.html")
    last = page.select("section section")[-1]
    # editors 85–88: the heading strung slogans together; it says what the measures did
    assert words(last.select_one("h2")) == "示范区在4个领域深化改革试点"
    items = [li.get_text("").strip() for li in last.select("ul > li")]
    assert [words(b) for b in last.select("ul > li strong")] == [
        "“三个优化”与“四新”经济",
        "“三个体系”与创新生态",
        "先行先试的改革",
    ]
    assert items[2].startswith("先行先试的改革：从园区发展中遇到的实际问题出发，示范区落实国家创新政策")
    assert last.select_one("table") is None  # the measures stay in the data: a table only cut the summaries into rows
    # another year's themes give other items
    other = article(edition_2031, "zh", "book/generated/zhangjiang_overview.html").select("section section")[-1]
    assert [words(li) for li in other.select("ul > li")] != items


# --- facts said once ---------------------------------------------------------------------------------


def test_the_zones_revenue_and_coverage_are_said_once_where_they_belong(edition_2014):
    text = {page: words(article(edition_2014, "zh", page)) for page in PAGES}
    book = " ".join(text.values())
    # chapter 1's lead and its table, and the introduction's highlight (a 2026 editor: a highlight carries its
    # number); Zizhu's revenue is not set against the zone's: other measure, other period
    assert book.count("2.65万亿元") == 3
    assert text["book/intro.html"].count("2.65万亿元") == 1
    assert book.count("全部17个区县（16个区、1个县）") == 1 and "16个区和1个县" not in book


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_intro_sums_up_the_chapters_in_other_words(edition_2014, lang):
    intro = article(edition_2014, lang, "book/intro.html")
    highlights = [words(li) for li in intro.select("section li")][:4]
    assert len(highlights) == 4
    openings = [lead(edition_2014, lang, f"book/generated/{n}.html") for n in CHAPTERS]
    for h in highlights:
        assert h not in openings and not any(h[:30] in o for o in openings), h
    assert {"zh": "2014年1—11月", "en": "January–November 2014"}[lang] in highlights[0]
    assert {"zh": "不含新纳入的4个分园", "en": "excluding the four newly added sub-parks"}[lang] in highlights[0]


def test_chapter_1_body_adds_to_its_main_points(edition_2014):
    body = prose(edition_2014, "zh", "book/generated/zhangjiang_overview.html")
    points = main_points(edition_2014, "zh", "book/generated/zhangjiang_overview.html")
    # editor 86: the main point gives what the rates imply in amounts; the slowest growth and the gap are the heading's
    assert "据增速推算，总收入比上年同期增加约2900亿元，约为工业总产值增加额（约700亿元）的4倍。" in points
    assert not any("5.1个百分点" in p for p in points)
    headings = [
        " ".join(h.get_text().split()).rstrip("#").strip()
        for h in article(edition_2014, "zh", "book/generated/zhangjiang_overview.html").select("h2")
    ]
    assert headings[0] == "工业总产值增速最低，比总收入低5.1个百分点"  # editor 88: rates compared, not levels
    assert "增速居中" not in body  # the sentence before lists the other indicators with their rates
    # the margin with its assumption (editor 80), said once; editors 87–90: a conditional in the body, no main point
    assert not any("净利润率" in p for p in points)
    assert "若两项指标的统计范围相同，按报告的数字推算，净利润率（净利润与总收入之比）约为5.8%" in body
    assert body.count("比上年同期低约0.2个百分点") == 1
    assert body.count("统计范围相同") == 1
    assert "6.0%" not in body


# --- chapter 2: counts and ratios ----------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_resources_counts_and_the_ratio_read_unambiguously(edition_2014, lang):
    page = "book/generated/zhangjiang_resources.html"
    text = words(article(edition_2014, lang, page))
    if lang == "zh":
        assert set(re.findall(r"其余(\d+)类", text)) <= {"8"}  # only ever "the other 8" (all but the first)
        assert "其余7类" not in text
        # kinds are compared within the book's groups: no firm set against a laboratory, and the one sum is of
        # like kinds (research institutions and platforms)
        assert "倍" not in lead(edition_2014, lang, page)
        assert text.count("合计") == 1 and "国家级科研机构与研发平台5类合计145家" in text
        assert "不到高新技术企业的3%" not in text and "不到" not in lead(edition_2014, lang, page)
    else:
        assert set(re.findall(r"other (\w+) kinds", text)) <= {"eight"}
        assert "other seven kinds" not in text
        assert "times" not in lead(edition_2014, lang, page)
        assert (
            "in all" not in text
            and "made up 46.9% of the Zhangjiang zone’s 145 national research bodies and R&D platforms" in text
        )
        assert "add up" not in text and "less than 3% of the high-tech enterprises" not in text


def test_prose_never_prints_the_tables_qualified_form(edition_2014):
    for page in PAGES:
        assert not re.search(r"\d多家", prose(edition_2014, "zh", page)), page
    head, rows, _ = captioned_table(edition_2014, "zh", "book/generated/zhangjiang_resources.html", "创新资源")
    # the table quotes the report, its rows group by group (the book's group first)
    assert ["企业及其研发机构", "跨国公司研发机构", "243多家"] in rows


# --- the industries chapter ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_industries_chapter_says_what_the_areas_do_not_mentions_per_district(edition_2014, lang):
    page = "book/generated/districts_overview.html"
    points = main_points(edition_2014, lang, page)
    text = " ".join(points)
    assert "按区县平均" not in text and "Per district" not in text and "1.5" not in text
    # what the areas pursue (their industries), not how often the report names their districts under a theme
    assert not any(w in text for w in ("主题", "theme"))
    assert {
        "zh": "郊区写明主要产业的5个区各属不同门类：闵行区发展文化创意",
        "en": "with a named main industry each had a different focus: Minhang District",
    }[lang] in text


# --- Zizhu: periods and the table ------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_zizhu_chart_names_each_period_and_its_table_has_no_empty_column(edition_2014, lang):
    svg = (root(edition_2014, lang) / "_images" / "zz-key-figures.svg").read_text(encoding="utf-8")
    drawn = " ".join(re.findall(r"<!-- (.*?) -->", svg))
    assert {
        "zh": "截至2014年12月（技工贸收入为2014年全年）",
        "en": "As of December 2014 (technology, industry and trade revenue: 2014 as a whole)",
    }[lang] in drawn
    head, rows, _ = captioned_table(
        edition_2014, lang, "book/generated/zizhu.html", {"zh": "紫竹高新区主要数据", "en": "Zizhu: key figures"}[lang]
    )
    assert len(head) == 3  # indicator, value, period: no growth column for one row's rate
    assert {"zh": "约360亿元（同比增长约10%）", "en": "about RMB 36 billion (up about 10%)"}[lang] in [
        r[1] for r in rows
    ]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_reader_table_has_a_column_empty_in_every_row(edition_2014, edition_2031, lang):
    for edition in (edition_2014, edition_2031):
        for page in PAGES:
            for t in article(edition, lang, page).select("table"):
                rows = [[words(td) for td in tr.select("td")] for tr in t.select("tbody tr")]
                for i in range(len(rows[0]) if rows else 0):
                    assert any(r[i] for r in rows if i < len(r)), (page, i)


# --- English -----------------------------------------------------------------------------------------


def test_english_names_the_zone_in_full_once_then_the_short_form(edition_2014):
    text = {page: words(article(edition_2014, "en", page)) for page in PAGES}
    full = [page for page, t in text.items() if LONG_NAME in t.replace("Development Plan for the " + LONG_NAME, "")]
    assert full == ["book/intro.html", "book/generated/zhangjiang_overview.html"]
    for page in full:
        assert f"the {LONG_NAME} (上海张江国家自主创新示范区; the Zhangjiang zone)" in text[page].replace(
            "( ", "("
        ).replace(" ;", ";") or (
            f"the {LONG_NAME} (the Zhangjiang zone)" in text[page]  # the introduction's highlights carry no gloss
        )
    assert sum("the Zhangjiang zone" in t for t in text.values()) >= 3


def test_english_cites_the_report_in_words_and_flags_its_doubtful_wording(edition_2014):
    overview = article(edition_2014, "en", "book/generated/districts_overview.html")
    alts = " ".join(img.get("alt", "") for img in overview.select("img"))
    assert "section 4.2" not in words(overview) + alts
    zizhu = {lang: "".join(words(article(edition_2014, lang, "book/generated/zizhu.html")).split()) for lang in LANGS}
    # marked where it stands; the reason is on the method page, among the corrections
    assert "SQLServerpaymentplatform”[sic]anddevelopmenttools" in zizhu["en"]  # right after the doubtful words
    assert "SQLServer支付平台（原文如此）以及开发工具" in zizhu["zh"]
    method = {lang: words(article(edition_2014, lang, "book/method.html")) for lang in LANGS}
    assert "SQL Server是数据库软件而非支付平台" in method["zh"]


def test_english_tables_head_a_district_column_one_way(edition_2014):
    heads = {
        words(th)
        for page in PAGES + ["book/generated/districts_themes.html"]
        for th in article(edition_2014, "en", page).select("thead th")
    }
    assert "District" in heads and "Districts" not in heads


@pytest.mark.parametrize("lang", LANGS)
def test_a_table_that_repeats_its_chart_sits_folded_under_it(edition_2014, lang):
    """Editors: chapters 1–3 printed each chart and then the same numbers as a table. The table is kept for exact
    figures, screen readers and print, folded under its chart behind one line; so is the network's table (what
    each collaboration is: the network and the theme's list say it already)."""
    summary = "以表格查看上图数据" if lang == "zh" else "The chart’s data as a table"
    for page, name in (
        ("zhangjiang_overview", "zj-indicators"),
        ("zhangjiang_resources", "zj-resources"),
        ("zizhu", "zz-key-figures"),
    ):
        main = article(edition_2014, lang, f"book/generated/{page}.html")
        table = main.select_one(f"table#tbl-{name}")
        folded = table.find_parent("details")
        assert folded is not None and " ".join(folded.summary.get_text().split()) == summary, page
        assert folded.find_previous("figure")["id"] == f"fig-{name}", page
    themes = article(edition_2014, lang, "book/generated/districts_themes.html")
    # the collaborations' table too: the network above and the theme's list tell each collaboration (an editor)
    assert themes.select_one("table#tbl-collaborations").find_parent("details") is not None


def test_zizhu_says_each_arrival_and_event_once(edition_2014):
    """An editor: Microsoft's new company stood in the list of arrivals, the timeline and a card. The card tells it,
    the list leaves it out; a card does not repeat the timeline's date."""
    main = article(edition_2014, "zh", "book/generated/zizhu.html")
    paras = [" ".join(p.get_text().split()) for p in main.select("p") if not p.find_parent("div", class_="admonition")]
    said = " ".join(paras)
    # the partners stay whole (the list names each partner the report names); the card tells of one agreement and
    # gives its date, said once (editor 75: the list's pointer to the card repeated it)
    # editors 83, 84: the agreement met twice with nothing to say so; the list points to the card, without its date
    assert any(
        p.startswith(
            "与高新区签订战略合作协议的有上海交通大学、城建集团、现代建筑设计集团（与上海交通大学的签约见下文）。"
        )
        for p in paras
    )
    assert "4月16日签署" not in said
    assert "微软亚太科技有限公司成立" not in said and "微软亚太科技有限公司" not in said
    cards = [" ".join(c.get_text().split()) for c in main.select("div.event-card")]
    # the first card's title gives the year (editors 83, 84), the others day and month; no card body repeats a date
    assert len(cards) == 3 and cards[0].startswith("2014年4月16日：") and not any("2014年" in c for c in cards[1:])
    assert "由闵行区政府、美国圣地亚哥郡、紫竹高新区共同主办，近400人到会" in cards[1]


def test_the_collaborations_table_keeps_a_districts_rows_together(edition_2014):
    """An editor: Table 5.1 listed Yangpu in rows 2 and 10. Its rows follow districts.csv, by their first district."""
    from zjbook.data.edition import Edition
    from zjbook.sections import districts

    main = article(edition_2014, "zh", "book/generated/districts_themes.html")
    firsts = [
        re.split("[；、]", tr.find("td").get_text())[0] for tr in main.select("table#tbl-collaborations tbody tr")
    ]
    order = [str(u["district"]) for u in districts.units(Edition(2014))]
    assert [order.index(d) for d in firsts] == sorted(order.index(d) for d in firsts)
    assert firsts.count("杨浦区") == 2 and firsts[firsts.index("杨浦区") + 1] == "杨浦区"


@pytest.mark.parametrize("lang", LANGS)
def test_zizhu_has_no_label_heading_over_its_events(edition_2014, lang):
    """Three editors: "年度大事" / "Events of the year" said nothing. The dated events follow the section on what the
    year brought, whose heading says it; each card's title gives its date (editors: a timeline of three points said
    nothing the cards do not)."""
    main = article(edition_2014, lang, "book/generated/zizhu.html")
    headings = [" ".join(h.get_text().split()).rstrip("#").strip() for h in main.select("h2")]
    # editors 85, 86: one heading over the arrivals, the aims, the agreements and the events said nothing of the last
    # two: the agreements and the dated events have a heading of their own
    assert headings == (
        # editor 87: two of the arrivals were yet to come ("将入驻"): "相继落地" overstated
        ["新的机构和项目", "签约合作与年内大事"]
        if lang == "zh"
        else ["New institutions and projects", "Agreements and events of the year"]
    )
    second = main.select("h2")[1]
    assert "event-card" in second.find_next("div", class_="event-card")["class"]
    assert not main.select("h2")[0].find_next("div", class_="event-card").find_previous("h2") == main.select("h2")[0]
    assert not main.select('img[src$="zz-timeline.svg"]')
