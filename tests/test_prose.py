"""The book reads like a publication (issue 20, the prose): every chapter leads with its finding and main points,
generated from the data; no page describes itself or counts mentions; no stacked colons, nested brackets, raw data
labels or repeated sentence openings; Chinese copy norms. Pages are written in memory for both languages and for
2014 and the fictional 2031 (whose indicators partly fall); the built book is checked page by page as a reader reads it."""

import re
from functools import cache

import pytest
from bs4 import BeautifulSoup
from conftest import READER_CHAPTERS
from notebook_pages import notebook, plain

from zjbook import paths
from zjbook.data.edition import Edition
from zjbook.render.page import Page
from zjbook.sections import zhangjiang as zj

FIXTURES = paths.ROOT / "tests" / "fixtures" / "data"
CHAPTERS = READER_CHAPTERS
LANGS = ("zh", "en")
YEARS = {2014: None, 2031: FIXTURES}
#: Openings of a page that describes itself instead of saying what the data show.
SELF_DESCRIBING = ("本章", "本页", "本节", "This chapter", "This page", "This section", "Drawing on Section")
#: Words of counting how often the report mentions something, and labels of data columns left in reader text.
COUNTING = ("点名", "点到", "are named under", "is named under", "named measures", "named for")
DATA_LABELS = (
    "（建设标准）",
    "（核心功能）",
    "（产业载体）",
    "(standard to build to)",
    "(core function)",
    "(industrial facility)",
    "参与或主办：",
    "到会人数：",
    "Organisers and participants",
    "Attendance:",
    "抽取的文本",
    "extracted text",
    "给自己定下",
    "一起提升",
)


@cache
def written(name: str, lang: str, year: int):
    return notebook(name).run(year, lang, data_root=YEARS[year])


def reader_texts(page, box_points: bool = True) -> list[str]:
    """What a reader reads as running text: paragraphs, list items and the text of cards (not headings, figures,
    tables or download links), one entry per paragraph or item. Without ``box_points``, the labelled points of
    a fact box (case boxes, event cards, theme cards: "产业：…", "Partners: …") are left out."""
    out = []
    for o in page.outputs:
        m = o.markdown
        if m.startswith(("#", "```", "{download}")):
            continue
        if m.startswith("::::{admonition}"):
            head, _, body = m.split("\n", 2)
            out.append(plain(head.removeprefix("::::{admonition} ")))
            keep = box_points or "main-points" in head + body[:60]
            out += [
                plain(line.removeprefix("- "))
                for line in body.removesuffix("::::").split("\n")
                if line.strip() and (keep or not line.startswith("- "))
            ]
        else:
            out += [plain(line.removeprefix("- ")) for line in m.split("\n") if line.strip()]
    return [t for t in (" ".join(x.split()) for x in out) if t and not t.startswith((":class:", ":::"))]


def sentences(texts: list[str], lang: str) -> list[str]:
    pattern = r"(?<=[。！？])" if lang == "zh" else r"(?<=[.!?])\s+(?=[A-Z‘“(0-9])"
    return [s.strip() for t in texts for s in re.split(pattern, t) if s.strip()]


def opening(sentence: str, lang: str) -> str:
    """How a sentence starts: its first 6 characters (Chinese) or its first 4 words (English)."""
    if lang == "zh":
        return sentence[:6]
    return " ".join(sentence.split()[:4]).lower()


def repeated_openings(texts: list[str], lang: str) -> list[str]:
    seen: dict[str, str] = {}
    clashes = []
    for s in sentences(texts, lang):
        key = opening(s, lang)
        if len(key) < (6 if lang == "zh" else 8):  # a short item ("股权激励试点") is a list entry, not a sentence
            continue
        if key in seen and seen[key] != s:
            clashes.append(f"{seen[key]!r} / {s!r}")
        elif key in seen:
            clashes.append(f"said twice: {s!r}")
        seen.setdefault(key, s)
    return clashes


#: A space between a Chinese character and a digit or Latin letter (the method page's spacing rule: none).
SPACED = re.compile(r"[\u4e00-\u9fff][ \u00a0][0-9A-Za-z]|[0-9A-Za-z][ \u00a0][\u4e00-\u9fff]")


def nested_brackets(text: str) -> list[str]:
    """Brackets inside brackets (GB/T 15834; and in English, a parenthesis inside a parenthesis, a glossed original's
    full-width brackets included: editor 80)."""
    opening, closing = "（(", "）)"
    found, depth, start = [], 0, 0
    for i, c in enumerate(text):
        if c in opening:
            if depth == 0:
                start = i
            depth += 1
            if depth == 2:
                found.append(text[start : start + 60])
        elif c in closing:
            depth = max(0, depth - 1)
    return found


def stacked_colons(text: str, lang: str) -> list[str]:
    """Two colons in one clause (定位与目标：一谷：…)."""
    colon = "：" if lang == "zh" else ":"
    clauses = re.split(r"[。；！？]" if lang == "zh" else r"[.;!?](?:\s|$)", text)
    return [c for c in clauses if c.count(colon) > 1]


def lead(page) -> tuple[str, list[str]]:
    """The chapter's opening paragraph and its main points, as read."""
    outputs = [o.markdown for o in page.outputs]
    assert outputs[0].startswith("# "), outputs[0]
    finding = plain(outputs[1])
    box = outputs[2]
    assert box.startswith("::::{admonition}") and ":class: important main-points" in box, box[:80]
    items = [plain(line[2:]) for line in box.split("\n") if line.startswith("- ")]
    return finding, items


# --- findings first -------------------------------------------------------------------------------


@pytest.mark.parametrize("year", YEARS)
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", CHAPTERS)
def test_every_chapter_opens_with_its_finding_and_two_to_four_main_points(name, lang, year):
    page = written(name, lang, year)
    finding, items = lead(page)
    assert not finding.startswith(SELF_DESCRIBING), finding
    assert re.search(r"\d|one|two|three|four|five|six|seven|eight|nine", finding), f"no number in {finding!r}"
    assert 2 <= len(items) <= 4, items
    title = "要点" if lang == "zh" else "Main points"
    assert page.outputs[2].markdown.startswith(f"::::{{admonition}} {title}\n")


def test_the_overview_leads_with_growth_and_its_scope_in_both_languages():
    zh, zh_points = lead(written("zhangjiang_overview", "zh", 2014))
    # editor 79: the period first, as bulletins open
    assert (
        zh
        == "2014年1—11月，上海张江国家自主创新示范区（简称张江示范区）4项主要经济指标全部增长，其中总收入达2.65万亿元"
        "（不含新纳入的4个分园），同比增长12.2%，增速居4项指标之首。"
    )
    # editor 86: what the rates imply in amounts; the slowest growth is the heading's
    assert zh_points[0] == "据增速推算，总收入比上年同期增加约2900亿元，约为工业总产值增加额（约700亿元）的4倍。"
    # editors 87–90: a margin resting on an assumed common coverage is no main point: the body gives it as a
    # conditional; the sub-parks' coverage is the second point (editor 88: all 17 units, said as such)
    assert zh_points[1] == "“一区二十二园”覆盖全市全部17个区县（16个区、1个县）。"
    assert len(zh_points) == 2 and not any("净利润率" in p for p in zh_points)
    body = reader_texts(written("zhangjiang_overview", "zh", 2014))
    assert [t for t in body if "覆盖全市" in t] == [zh_points[1]]  # the point alone
    assert [t for t in body if "净利润率" in t] == [
        "若两项指标的统计范围相同，按报告的数字推算，净利润率（净利润与总收入之比）约为5.8%；由于净利润增速低于总收入增速，这一利润率比上年同期低约0.2个百分点。"
    ]
    en, en_points = lead(written("zhangjiang_overview", "en", 2014))
    assert en.startswith(
        "All four main indicators of the Shanghai Zhangjiang National Innovation Demonstration Zone (上海张江国家自主创新示范区; the Zhangjiang "
        "zone) grew"
    )
    # the report says the sub-parks are left out of total revenue: so does the book, of it alone
    assert "grew in January–November 2014. Total revenue (excluding the four newly added sub-parks) reached" in en
    assert (
        en_points[1]
        == "The 22 sub-parks of “one zone, twenty-two parks” covered all of Shanghai’s 16 districts and one county."
    )
    assert len(en_points) == 2


def test_the_fictional_year_with_falls_gets_other_findings_and_headings():
    """2031: total revenue and exports fall, profit grows fastest: the finding, points and heading follow."""
    headings = {}
    for year in YEARS:
        page = written("zhangjiang_overview", "zh", year)
        headings[year] = [o.markdown for o in page.outputs if o.markdown.startswith("## ")]
    # the lead says all grew and which fastest; the heading says the range (not the lead again)
    # editor 88: "增长最慢，比总收入低" read as levels; the growth rates are compared
    assert "## 工业总产值增速最低，比总收入低5\\.1个百分点" in headings[2014]
    assert "## 主要经济指标2项增长、2项下降" in headings[2031]
    finding, items = lead(written("zhangjiang_overview", "zh", 2031))
    assert finding.startswith(
        "2031年1—11月，上海张江国家自主创新示范区（简称张江示范区）4项主要经济指标有升有降，其中总收入达3.12万亿元"
        "（不含新纳入的3个分园），同比下降3.5%"
    )
    assert items[0] == "总收入降幅最大（下降3.5%），与增速最高的净利润相差9.9个百分点；出口创汇也同比下降。"
    # the margin rose where 2014's fell
    assert (
        items[1]
        == "按本书推算（假定净利润与总收入的统计范围相同），净利润率约为5.2%；净利润增长6.4%，增速高于总收入（下降3.5%），净利润率因此比上年同期高约0.5个百分点。"
    )
    en, en_items = lead(written("zhangjiang_overview", "en", 2031))
    assert en.startswith(
        "The main indicators of the Shanghai Zhangjiang National Innovation Demonstration Zone (张江示范区; the Zhangjiang zone) "
        "moved in different directions"
    )
    assert en_items[0].startswith("Total revenue fared worst (down 3.5%)")
    for name in CHAPTERS:
        for lang in LANGS:
            a, b = written(name, lang, 2014), written(name, lang, 2031)
            if name in ("zhangjiang_overview", "zhangjiang_resources", "zizhu"):
                assert lead(a) != lead(b), (name, lang)


def test_resources_lead_compares_kinds_within_the_books_groups():
    """Editors: the page ranked a firm against a laboratory ("10倍左右"). With the book's groups (zhangjiang_resources
    group), the first kind opens the page and the other groups follow; kinds are added up and compared only within
    a group."""
    zh, points = lead(written("zhangjiang_resources", "zh", 2014))
    # editor 74: the share within the institutions opens the page; its main point goes on from the first kind, and
    # the group of one kind (not drawn) is a main point of its own
    # editor 79: two sentences; the incubators, not drawn, are said before the figure
    assert zh == (
        "张江示范区的国家级科研机构与研发平台5类合计145家，其中国家科研院所68家，占46.9%。"
        "在企业及其研发机构中，高新技术企业最多，共2580家。"
    )
    assert points == [
        "企业及其研发机构中，仅次于高新技术企业的是跨国公司研发机构（超过243家），其后是国家企业技术中心（36家）。",
        "国家级科研机构与研发平台中，国家科研院所之后是国家重点实验室（36家），国家工程实验室最少（7家）。",
    ]
    assert "倍" not in zh and not any("合计" in p for p in points)
    en, en_points = lead(written("zhangjiang_resources", "en", 2014))
    assert en == (
        "National research institutes (68) made up 46.9% of the Zhangjiang zone’s 145 national research bodies "
        "and R&D platforms. Among its enterprises and corporate R&D centres, high-tech enterprises were the most "
        "numerous, at 2,580."
    )
    assert en_points[1:] == [
        "Among national research bodies and R&D platforms, state key laboratories ranked second (36) and "
        "national engineering laboratories last (7).",
    ]


def test_resources_lead_without_groups_gives_the_rounded_ratio_to_a_lower_bound():
    r = zj.resources_lead(Edition(2014)) | {"groups": []}
    zh = Page.in_memory(2014, "zh")
    assert (
        zh.plain("zhangjiang.resources.lead.finding", **r)
        == "高新技术企业是张江示范区数量最多的创新资源，共2580家，是居第二位的跨国公司研发机构（超过243家）的10倍左右。"
    )
    # "more than 243" is at least 244: the ratio is a ceiling, under 10.6, and the share of the total one too
    assert 2580 / 244 < 10.6 < 2580 / 243 and 100 * 2580 / 3029 <= 85.2
    # no sum of unlike kinds (enterprises, laboratories, incubators): the third and the fewest beside the first
    # unlike kinds are not set against each other ("不到高新技术企业的3%" compared institutes with firms)
    assert zh.plain("zhangjiang.resources.lead.rest", **r) == "其余各类的数量少得多，居第三位的国家科研院所为68家。"
    assert zh.plain("zhangjiang.resources.lead.fewest", **r) == "最少的是国家工程实验室，只有7家。"
    en = Page.in_memory(2014, "en")
    # the ceiling 10.6 said roughly, rounded down: "roughly ten times", never "at most"/"less than 10.6"
    said = en.plain("zhangjiang.resources.lead.finding", **r)
    assert "roughly ten times as many as the next group" in said and "10.6" not in said
    assert (
        en.plain("zhangjiang.resources.lead.rest", **r)
        == "The other kinds were far fewer: national research institutes, in third place, number 68."
    )


def test_shared_industries_come_from_the_normalised_sector_not_the_name():
    zh, points = lead(written("districts_overview", "zh", 2014))
    # the groups, not the names: Xuhui's 移动互联网、物联网等信息产业 and Zhabei's 云计算 are both 信息产业, and Minhang's
    # software and information services (the zone's section) puts the group in the suburbs too
    # and Pudong's 汽车整车及零部件 (the Lingang box) is 汽车, as Jiading's 汽车智能化与新能源汽车 (two editors)
    # each district with its area: "汽车在浦东新区和郊区都有发展（浦东新区和嘉定区）" read as circular (an editor)
    # Pudong New Area is listed on its own, in neither area: its vehicles, shared with Jiading in the suburbs, cross
    # no area (an editor: "Pudong is in neither area, so only one area is spanned")
    # said as the areas where it is pursued (an editor: "跨区域" read as if Pudong, listed on its own, were no area)
    # a 2026 editor: the groups that cross areas repeated the first two points; two more: the areas' contrast was said
    # a third time after them, and "相同" claimed the same industry where only the group is shared. The two points
    # now carry it: how many central districts share a group (and which), and that the suburban ones each differ
    assert points[0].startswith("中心城区8个区中，6个区与中心城区其他区有相同的产业门类：")
    assert points[1].startswith("郊区写明主要产业的5个区各属不同门类：")
    assert len(points) == 2
    assert "汽车各涉及2个" in zh.replace("信息产业、生命健康、", "")
    en, en_points = lead(written("districts_overview", "en", 2014))
    assert en_points[0].startswith(
        "Six of the eight central-city districts shared an industry group with another central-city district: "
    )
    assert en_points[1].startswith(
        "The five districts in the suburbs with a named main industry each had a different focus: "
    )


def test_districts_lead_with_what_each_area_concentrates_on():
    zh, points = lead(written("districts_overview", "zh", 2014))
    # the industries compared, not the areas: which districts overlap depends on how much the report says of
    # each (two editors), so the finding is how far each industry spreads
    # "报告正文": the report's own industries table could not be had (two editors)
    assert zh == (
        # a second 2026 editor: "金融" spans 3 districts only in the book's own groups: said where the count is made
        # editor 79: "述及主要产业的" six times on a short page: the set is said once
        "报告文字写明了14个区县的主要产业。按本书的产业门类，金融和文化创意涉及的区县最多，各有3个；"
        "信息产业、生命健康、汽车各涉及2个；其余产业各只见于1个区县。"
        # editors 88–90: why the table is rebuilt is the table's note (one reason, as the method page gives it)
    )
    assert "正文的24项区县举措中" not in zh
    # what the areas do, not mentions averaged per district
    assert not any("按区县平均" in p for p in points)
    # what the areas pursue, not how often the report names them under a theme
    assert not any("主题" in p for p in points), points
    assert points[:2] == [
        # "都发展", not "集中在": the report's examples show who pursues an industry, not that it is concentrated there
        "中心城区8个区中，6个区与中心城区其他区有相同的产业门类：黄浦区、长宁区、静安区都发展金融；"
        "徐汇区和闸北区都发展信息产业和文化创意；徐汇区和普陀区都发展生命健康。",
        # the suburbs' districts without a stated industry are said with the suburbs (an editor: "郊区各区县各有
        # 重点" ignored them)
        "郊区写明主要产业的5个区各属不同门类：闵行区发展文化创意；宝山区发展邮轮经济；嘉定区发展汽车；"
        "松江区发展跨境电子商务；青浦区发展导航与位置服务。金山区、奉贤区、崇明县的主要产业，报告文字没有写明。",
    ]


# --- analysis, not counting; no self-description; copy norms --------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", CHAPTERS)
def test_pages_neither_describe_themselves_nor_count_mentions_nor_show_data_labels(name, lang):
    for year in YEARS:
        texts = reader_texts(written(name, lang, year))
        for t in texts:
            assert not t.startswith(SELF_DESCRIBING), t
            assert not any(w in t for w in COUNTING), t
            assert not any(w in t for w in DATA_LABELS), t


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", CHAPTERS)
def test_no_stacked_colons_and_no_brackets_inside_brackets(name, lang):
    for year in YEARS:
        for t in reader_texts(written(name, lang, year)):
            assert not stacked_colons(t, lang), t
            assert not nested_brackets(t), t


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", CHAPTERS)
def test_no_two_sentences_on_a_page_start_the_same_way(name, lang):
    for year in YEARS:
        assert repeated_openings(reader_texts(written(name, lang, year), box_points=False), lang) == []


def test_the_checks_can_fail():
    assert repeated_openings(["报告认为示范区增长。", "报告认为示范区下降。"], "zh")
    assert repeated_openings(["The report sums up the year.", "The report sums up the rest."], "en")
    assert nested_brackets("（市北高新区（一基地）、E构空间）") and not nested_brackets("（一）和（二）")
    assert nested_brackets("(a (b))") and nested_brackets("Plan (纲要（2013—2020年）)")
    assert stacked_colons("定位与目标：一谷：桃浦", "zh") and not stacked_colons("布局：一谷；两园：绿地", "zh")


def test_identical_measures_are_said_once_and_a_district_once_per_theme():
    for lang in LANGS:
        page = written("districts_themes", lang, 2014)
        bullets = [line for o in page.outputs if o.markdown.startswith("- ") for line in o.markdown.split("\n")]
        memo = "参与签署" if lang == "zh" else "Co-signed"
        assert sum(memo.lower() in b.lower() for b in bullets) <= 1
    zh = reader_texts(written("districts_themes", "zh", 2014))
    # the memorandum four districts signed together is said once, with its signatories, in the theme's list (editor
    # 75: it was missing from its section's text); the network's paragraph refers back to it
    assert any(t.startswith("浦东新区与中国科学技术大学签订战略合作协议") for t in zh)
    memo = "《共建上海互联网金融产业基地务实合作备忘录》"
    assert [t for t in zh if memo in t] == [
        next(t for t in zh if "与黄浦区、长宁区、嘉定区及上海市金融服务办公室" in t and memo in t)
    ]
    assert any("除上面所列4个区县共同签署的一项合作外，其余11项合作各只涉及1个区县。" in t for t in zh)


def test_chinese_prose_writes_qualified_counts_grammatically_and_tables_keep_the_report():
    page = written("zhangjiang_resources", "zh", 2014)
    prose = " ".join(reader_texts(page))
    assert "243多家" not in prose and "超过243家" in prose
    table = next(o.markdown for o in page.outputs if "```{list-table}" in o.markdown)
    assert "243多家" in table
    assert "30多家" in " ".join(reader_texts(written("districts_themes", "zh", 2014)))


@pytest.mark.parametrize("name", CHAPTERS)
def test_chinese_has_no_space_between_digits_or_latin_and_chinese_and_no_iso_months(name):
    for t in reader_texts(written(name, "zh", 2014)):
        assert not SPACED.findall(t), t
        assert not re.search(r"\b(19|20)\d\d-\d\d\b", t), t


def test_ongoing_work_and_agreement_of_count_in_english():
    zh = " ".join(reader_texts(written("zhangjiang_overview", "zh", 2014)))
    en = " ".join(reader_texts(written("zhangjiang_overview", "en", 2014)))
    assert "由于净利润增速低于总收入增速" in zh
    # growth, not the level, is what lagged (and it is said as such, not as a cause)
    assert "net profit lagged behind total revenue" not in en
    assert "as growth in net profit lagged behind growth in total revenue" in en
    assert "Of these, 4 joined" not in en and "17 districts and counties" not in en


# --- the built book ---------------------------------------------------------------------------------------


def reader_pages(html_dir, box_points: bool = True):
    """The reader's pages of a built language (chapters, preface, method), as text paragraphs (without
    ``box_points``, the labelled points of fact boxes are left out, as in :func:`reader_texts`)."""
    names = [f"book/generated/{n}.html" for n in CHAPTERS] + ["book/intro.html", "book/method.html"]
    for name in names:
        soup = BeautifulSoup((html_dir / name).read_text(encoding="utf-8"), "html.parser")
        main = soup.select_one("article.bd-article") or soup
        for junk in main.select("table, figure, .headerlink, script, style, .zh-name, p.admonition-title, a.download"):
            junk.decompose()
        if not box_points:
            for li in main.select("div.admonition li"):
                if not li.find_parent("div", class_="main-points"):
                    li.decompose()
        texts = [" ".join(p.get_text(" ").split()) for p in main.select("p")]
        texts = [re.sub(r" \( ?\)", "", t).replace(" ,", ",").replace(" .", ".") for t in texts if t]
        yield (
            name,
            [re.sub(r"(?<=[\u4e00-\u9fff“”（）、，。]) (?=[\u4e00-\u9fff“”（）、，。\d])", "", t) for t in texts],
        )


@pytest.mark.parametrize("lang", LANGS)
def test_built_reader_pages_lead_with_findings_and_keep_the_norms(edition_2014, lang):
    html_dir = edition_2014 if lang == "zh" else edition_2014 / "en"
    for name, texts in reader_pages(html_dir):
        assert texts, name
        for t in texts:
            assert not t.startswith(SELF_DESCRIBING), (name, t)
            assert not any(w in t for w in COUNTING + DATA_LABELS), (name, t)
        if "generated" in name:
            soup = BeautifulSoup((html_dir / name).read_text(encoding="utf-8"), "html.parser")
            assert soup.select_one("div.main-points"), name
    for name, texts in reader_pages(html_dir, box_points=False):
        assert repeated_openings(texts, lang) == [], name
    if lang == "zh":  # the spacing rule holds for every paragraph as built, the footer included
        for page in sorted((html_dir / "book").glob("**/*.html")):
            if page.name not in ("adapt.html", "data_appendix.html"):  # the analysts' part quotes commands
                soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
                for number in soup.select("span.caption-number"):  # "图1.1 标题": the number and its title
                    number.decompose()
                for p in soup.select("article p, article li, footer p, .bd-footer-content p"):
                    assert not SPACED.findall(p.get_text("")), (page.name, p.get_text(""))
    toc = (html_dir / "book" / "intro.html").read_text(encoding="utf-8")
    captions = [" ".join(c.get_text().split()) for c in BeautifulSoup(toc, "html.parser").select("p.caption")]
    assert not any(re.search(r"4\.[12]", c) for c in captions), captions
    assert captions[-1] == ("供分析人员" if lang == "zh" else "For analysts"), captions


def test_tables_gloss_their_parks_and_separate_items_that_hold_lists():
    """Editor 79: Table 4.1 is the English page's first mention of most parks, so their originals stand in it, once
    per page (the Bund zone, glossed in the sentence before, is not glossed again); a Chinese cell whose items hold
    顿号 sets them apart with 分号 (GB/T 15834 4.6.3)."""
    en = "\n".join(o.markdown for o in written("districts_overview", "en", 2014).outputs)
    table = en[en.index("```{list-table}") :]
    assert 'Taopu Science and Technology Smart City (<span lang="zh-CN" class="zh-name">桃浦科技智慧城</span>)' in table
    assert "  - Bund Financial Innovation Pilot Zone\n" in table
    assert en.count("外滩金融创新试验区") == 1
    assert "  - Separate \\(see note\\)\n" in table  # Pudong's area: a value, with the note saying why
    zh = "\n".join(o.markdown for o in written("districts_overview", "zh", 2014).outputs)
    assert "  - 移动互联网、物联网等信息产业；生命健康服务业；文化与科技创意融合\n" in zh
    assert "  - 安防智慧、智能环保节能、生命健康\n" in zh  # no item holds a list: 顿号 between them


def test_a_collaboration_told_only_in_a_box_is_listed_with_its_theme():
    """Editors 78, 79: the Yangpu–Fudan collaboration was met first in Table 5.1; it is now in the theme's list,
    pointing to its box, and only under the theme where the network is drawn. Editors 85, 86: Yangpu listed twice
    read as two unrelated entries; the box's collaboration now joins Yangpu's entry."""
    for lang, said in (
        ("zh", "启动新一轮建设发展纲要的规划；还与复旦大学开展区校战略合作，建设复旦创新走廊（见本节末专栏）。"),
        ("en", "; with Fudan University, it also pursued district–university strategic cooperation"),
    ):
        md = "\n".join(o.markdown for o in written("districts_themes", lang, 2014).outputs)
        assert said in md, lang
        assert md.index(said) < md.index("collaboration-network")
        assert "Lingang Group pursued" not in md and "- 普陀区与临港集团" not in md
        yangpu = "- 杨浦区" if lang == "zh" else "- Yangpu District"
        network = md[: md.index("collaboration-network")]
        listing = network[network.rindex("\n## ") :]  # the collaboration theme's section, up to its network
        assert listing.count(yangpu) == 1, lang


def test_figure_sentences_state_what_the_figure_shows_and_alt_texts_follow_the_panels():
    """Editors 79, 80: the sentence before Figure 3.1 described the chart; the alt text of Figure 2.1 ranked all nine
    kinds in one list, the undrawn incubators included."""
    zh = reader_texts(written("zizhu", "zh", 2014))
    assert any(
        t.startswith("如") and t.endswith("所示，累计专利授权中发明专利6560件，约为其他专利（1095件）的6倍。")
        for t in zh
    )
    en = " ".join(reader_texts(written("zizhu", "en", 2014)))
    assert "shows, invention patents outnumbered other patents roughly six to one (6,560 against 1,095)." in en
    md = "\n".join(o.markdown for o in written("zhangjiang_resources", "en", 2014).outputs)
    alt = next(line for line in md.split("\n") if line.startswith(":alt: "))
    assert alt.startswith(
        ":alt: Bar chart: innovation resources of the Zhangjiang zone in two panels, each on its own scale. "
        "Enterprises and corporate R&D centres: "
    )
    assert alt.endswith(
        "Not in the chart: business incubators, a group of one kind (national technology business incubators, 24)."
    )
