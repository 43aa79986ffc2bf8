"""Issue 20, the third editor's notes: the district chapters lead with where things are and how they compare, not
with how often the report names something; a fact said once (measures, the uncertain wording); the network's
paragraph reads on any split of partner types; the introduction's highlights cover every part of the book."""

import csv
import re

import pytest
from test_prose import reader_texts, written

from zjbook import paths
from zjbook.data.edition import Edition
from zjbook.pipeline.build import highlights
from zjbook.render.page import voice_for
from zjbook.wording import Voice

LANGS = ("zh", "en")
FIXTURES = paths.ROOT / "tests" / "fixtures" / "data"


def collaboration(lang: str, types: list[str], joint: list[dict], top: bool = False) -> str:
    return Voice(lang).plain(
        "districts.collaboration.paragraph",
        agreements=5,
        districts=3,
        partners=4,
        types=[{"type": t} for t in types],
        by_type=[{"type": t, "n": 3 - i} for i, t in enumerate(types)],
        joint=joint,
        joint_districts=len(joint),
        top=["丙方"] if top else ["丙方", "丁方"],
        top_n=2,
        top_districts=["C区", "D区"],
        lead="丙方",
    )


JOINT = {"districts": ["A区", "B区"], "partners": ["甲方", "乙方"], "what": "某备忘录"}


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("types", [["甲类"], ["甲类", "乙类"], ["甲类", "乙类", "丙类"]])
@pytest.mark.parametrize("joint", [[], [JOINT], [JOINT, JOINT | {"what": "另一协议"}]])
@pytest.mark.parametrize("top", [False, True])
def test_the_network_paragraph_reads_on_any_shape(lang, types, joint, top):
    """The network's paragraph says what the figure draws, the collaborations by kind of partner, the partner in the
    most (editor 74: the page's lead now covers the whole chapter) and its shape (joint agreements, every other link
    one district). It reads on any shape ("其次是。" was a third new user's 2021 find)."""
    said = collaboration(lang, types, joint, top)
    assert not re.search(r"[，。；,.;]\s*[，。；,.;]", said), said
    if len(types) > 1:
        assert all(t in said for t in types)
        assert ("甲类参与3项" if lang == "zh" else "three") in said
    else:
        assert "甲类" not in said  # one kind of partner: nothing to compare
    assert "C区" not in said and ("丙方" in said) == top  # the partner in the most collaborations, when one is
    for a in joint:
        assert a["what"] in said and "A区" in said
    # "one district", not "one partner": 崇明县与市科委等, 嘉定区 with universities and institutes
    assert ("只涉及1个区县" if lang == "zh" else "involved a single district") in said
    if len(joint) == 1:
        assert ("唯一涉及多个区县的合作" if lang == "zh" else "All but one of the 5 collaborations") in said
    # with two kinds of partner or more, the sentence states the finding with the figure's number (editor 79);
    # with one, it says what the figure draws
    if len(types) > 1:
        assert said.startswith(
            "{numref}`fig-collaboration-network`显示，5项合作中，甲类参与3项"
            if lang == "zh"
            else "{numref}`fig-collaboration-network` shows that 甲类 were party to three of the 5 collaborations"
        ), said
    else:
        assert said.startswith(
            "{numref}`fig-collaboration-network`把每项合作画成区县与合作方之间的连线"
            if lang == "zh"
            else "{numref}`fig-collaboration-network` draws each collaboration as a line between a district and its partner"
        )


@pytest.mark.parametrize("lang", LANGS)
def test_the_themes_page_leads_with_a_comparison_not_the_list_of_its_headings(lang):
    """The second editor: the report gives examples of districts under each theme ("……"), and "参与的区县中，中心城区4个，
    郊区3个" contradicted the report's "其他区县也都围绕结构转型…"; two later editors: the opening listed the report's
    subheadings; a 2026 editor: it strung the page's own headings together. The opening now compares the themes by
    how far their examples reach and says whom the districts worked with (shares of the collaborations)."""
    texts = reader_texts(written("districts_themes", lang, 2014))
    if lang == "zh":
        # three 2026 editors (63, 66, 67): how many districts each theme's examples name is a count of mentions;
        # the page opens with whom the districts worked with (shares of the collaborations); editor 74: the lead
        # covers the whole chapter, so the themes' reach (all districts, two only in boxes) follows
        # editor 75: the report's four themes are named, the report's year left to the title
        # editor 79: the themes and their reach first, then the collaborations (the last theme's finding)
        assert texts[0] == (
            "报告按结构转型与产业集聚、“四新”经济、中国（上海）自由贸易试验区（简称自贸区）的溢出效应以及协同创新4个主题"
            "介绍区县的举措，所举事例遍及全市17个区县（普陀区和青浦区只见于专栏）。"
        )
        # editor 88: the collaborations' share was said four times; the heading and the figure's sentence keep it
        # two 2026 editors: "以……为主" claimed a concentration one cluster each cannot show; editor 74: say which theme
        # editor 79: "各有专长" is a judgement the data cannot support; they show which clusters share a group
        # editors 85, 86: the sections opened with lists; each theme's finding (its summary) now opens its section,
        # and the main points compare the themes: where their examples lie, and who appears under one theme only
        # editors 87–90: where the report's examples lie counted mentions; the points say whom each area's districts
        # worked with, and how big the clusters are that the report gives firms for
        assert texts[2:4] == [
            # editors 91, 92: the two areas' counts overlap (a joint agreement) and leave Pudong out: said
            "合作方的类别因地区而异：中心城区区县的6项合作中，市级部门参与3项，为最多；"
            "郊区区县的6项合作中，高校与科研院所参与3项，为最多。"
            "几个地区的区县共同签署的1项在所涉地区各计1项，浦东新区单列，不计入。",
            "报告给出企业数的3处集聚中，闸北区的云计算及关联企业最多，有180余家；黄浦区的互联网金融机构有30多家，"
            "青浦区的北斗西虹桥基地引进的业界龙头企业及机构有30多家。",
        ]
        assert (
            "结构转型主题下，报告举出的8个产业集聚区中，只有中心城区的闸北区和郊区的闵行区同属文化创意，其余6个各属不同产业。"
        ) in texts[4:]
        assert not any("所举事例以外的区县也都" in t for t in texts)
    else:
        # editor 80: the Shanghai FTZ is defined where the lead first names it, outside brackets
        assert texts[0] == (
            "The report groups its examples of district innovation under four themes: structural change and industrial "
            "clustering, the “four new” economy, spillovers from the China (Shanghai) Pilot Free Trade Zone (the "
            "Shanghai FTZ), and collaborative innovation. These examples cover all 17 of Shanghai’s district-level "
            "units, although Putuo and Qingpu districts appear only in the report’s boxes."
        )
        assert texts[2] == (
            "Of the six collaborations of central-city districts, municipal departments were party to three, more than "
            "any other kind; of the six collaborations of suburban districts, universities and research institutes were "
            "party to three, more than any other kind. An agreement signed across areas counts in each; Pudong New "
            "Area, counted separately, is in neither."
        )
        assert texts[3].startswith(
            "Of the three clusters the report gives a number of firms for, the largest was in Zhabei District, with more "
            "than 180 cloud computing and related firms;"
        )
        assert any(
            t.startswith("Of the eight industrial clusters the report names under structural change, only two")
            for t in texts[4:]
        )
    joined = " ".join(texts)
    for counting in (
        "推进最广",
        "只以",
        "参与的区县中",
        "中心城区有",
        "各有4个区县",
        "pursued most widely",
    ):
        assert counting not in joined, counting


@pytest.mark.parametrize("lang", LANGS)
def test_a_theme_section_lists_its_examples_without_counting_them(lang):
    """Under each theme's heading, its finding (the theme's summary, our words), then the districts' measures: no
    sentence counts them (editors 85, 86: a section that opened with its list had no finding)."""
    page = written("districts_themes", lang, 2014)
    at = [i for i, o in enumerate(page.outputs) if o.markdown.startswith("## ")]
    assert len(at) == 4
    for i in at:
        opening, nxt = page.outputs[i + 1].markdown, page.outputs[i + 2].markdown
        assert not opening.startswith(("- ", "::::")) and nxt.startswith("- "), (opening[:60], nxt[:60])
        assert not re.search(r"\d+个区县|\bdistricts are named\b", opening), opening


@pytest.mark.parametrize("lang", LANGS)
def test_the_zones_themes_are_one_item_each_and_their_measures_stay_in_the_data(lang):
    """The third editor: the kind column ("改革试点", "Reform pilot" beside each measure) read as data labels; two
    later editors: the table of measures only cut the themes' summaries into rows. The measures stay in the data
    and the downloads; the page gives each theme once. Editors 85–88: the heading strung three slogans together; it
    says what the measures did: the document issued and how many areas ran reform pilots (the data's kinds)."""
    page = written("zhangjiang_overview", lang, 2014)
    assert not [o for o in page.outputs if "tbl-zj-measures" in o.markdown]
    measure = "股权激励试点" if lang == "zh" else "Ran equity incentive pilots"
    assert not [o for o in page.outputs if measure in o.markdown]
    headings = [o.markdown for o in page.outputs if o.markdown.startswith("## ")]
    pilots = sum(1 for m in Edition(2014).rows("theme_measures.csv") if m.get("kind") == "pilot")
    assert pilots == 4
    assert headings[-1] in (
        "## 示范区在4个领域深化改革试点",
        "## The zone deepened reform pilots in four areas",
    )
    items = page.outputs[-1].markdown.split("\n")
    assert len(items) == 3 and all(i.startswith("- **") for i in items)
    assert not [o for o in page.outputs if "theme-card" in o.markdown]


@pytest.mark.parametrize("lang", LANGS)
def test_words_kept_though_they_may_be_a_slip_are_marked_where_they_stand(lang):
    texts = reader_texts(written("zizhu", lang, 2014))
    marked = [t for t in texts if "SQL Server" in t]
    assert len(marked) == 1
    # the editor's mark: the words are the report's (the method page says why they may be a slip)
    # right after the doubtful words, not after the whole list they stand in
    assert (
        "SQL Server支付平台（原文如此）以及开发工具"
        if lang == "zh"
        else "payment platform” [sic] and development tools"
    ) in marked[0]
    assert marked[0].count("原文如此" if lang == "zh" else "[sic]") == 1
    # the reason is the method page's, among the corrections: no "存疑：…" note in the reader's text
    assert not any(t.startswith(("存疑", "The report’s wording may be a slip")) for t in texts)


def test_the_resources_chart_writes_a_lower_bound_as_prose():
    page = written("zhangjiang_resources", "zh", 2014)
    svg = next(o for o in page.outputs if "zj-resources" in o.markdown)
    assert "243多家" not in svg.markdown  # the alt text; the table below keeps the report's form
    table = next(o.markdown for o in page.outputs if "```{list-table}" in o.markdown)
    assert "243多家" in table


@pytest.mark.parametrize("lang", LANGS)
def test_the_highlights_cover_the_zone_its_resources_zizhu_and_the_districts(lang):
    ed = Edition(2014)
    said = highlights(ed, voice_for(ed, lang))
    assert set(said) == {
        "highlight_zhangjiang",
        "highlight_resources",
        "highlight_zizhu",
        "highlight_districts",
        "highlight_partners",
    }
    assert all(said.values()), said
    if lang == "zh":
        # full names at their first mention (an editor), and the count the share is of: a cumulative total
        # editor 74: the year's own figure first, the running total of patents second
        assert said["highlight_zizhu"] == (
            "2014年，紫竹国家高新技术产业开发区（简称紫竹高新区）技工贸收入约360亿元，同比增长约10%；"
            "截至2014年12月累计获得的7655件专利授权中，发明专利占85.7%。"
        )
        # in other words than chapter 1's opening, which now starts with the period (editor 79)
        assert said["highlight_zhangjiang"].startswith(
            "上海张江国家自主创新示范区（简称张江示范区）的4项主要经济指标在2014年1—11月"
        )
        # a share within one group of like kinds (68 of 145), not a firm set against an R&D centre
        # (other words than the chapter's opening, which now leads with the share: the introduction leads with the firms)
        assert said["highlight_resources"] == (
            "张江示范区有高新技术企业2580家，居企业及其研发机构之首；国家级科研机构与研发平台合计145家，"
            "近半数（46.9%）为国家科研院所。"
        )
        # 2026 editors: the year's themes listed are a count, not a finding, and a tie at 3 of 14 is weak; the
        # districts' highlight contrasts the areas (with its year and coverage)
        # two 2026 editors: districts have several industries, and they share a group, not "the same" industry;
        # the collaborations are a finding of their own
        # editor 74: the contrast alone ("同属一个门类") was obscure: the most widespread industries with their
        # districts, then the suburbs' contrast
        # editor 79: two bracketed lists made a 60-character sentence; the districts are left to chapter 4
        assert said["highlight_districts"] == (
            # editors 85, 86: "其中郊区的5个区" read as if the suburbs had five districts; "涉及" was vague
            # editors 87, 88: the suburbs differ among themselves (Minhang shares a group with the central city)
            "报告写明主要产业的14个区县中，发展金融和文化创意的各有3个，为最多；郊区写明主要产业的5个区彼此产业各不相同。"
        )
        # in other words than chapter 5's opening, which gives the same share; editor 86: "主要合作方" claimed more
        # than the collaborations the report chose to describe
        assert said["highlight_partners"] == "报告所述的12项区县合作中，合作方为高校与科研院所或市级部门的有9项。"
    else:
        assert said["highlight_zizhu"] == (
            "Technology, industry and trade revenue at the Zizhu National High-tech Industrial Development Zone (Zizhu) "
            "came to about RMB 36 billion in 2014, up about 10%; invention patents made up 85.7% of the 7,655 patents "
            "granted in Zizhu up to December 2014."
        )
        assert said["highlight_districts"] == (
            "Of the 14 districts with a named main industry, finance and the cultural and creative industries "
            "were the most common, with three districts each; the five suburban districts with a named industry each "
            "had a different one."
        )
        assert said["highlight_partners"] == (
            "Universities and research institutes or municipal departments were the partners in nine of the 12 "
            "district collaborations the report describes."
        )


def test_a_heading_never_skips_a_level(tmp_path):
    """A fourth new user's 2021 trial: with every district theme of the year marked not reported, the network's
    level-3 heading stood right under the page title and Sphinx refused the page. A heading now moves up to the
    level below the last one."""
    from zjbook.render.page import Page

    page = Page(2014, lang="zh", assets=tmp_path)
    page.title("pages.districts_themes.title")
    page.heading("pages.districts_themes.network", level=3)  # no level-2 heading above it: it moves up
    page.heading("pages.districts_themes.network", level=3)  # under a level-2 heading: as asked
    page.heading("pages.districts_themes.title", level=2)
    marks = [o.markdown.split(" ")[0] for o in page.outputs]
    assert marks == ["#", "##", "###", "##"], marks


@pytest.mark.parametrize("lang", LANGS)
def test_the_highlights_ratio_follows_its_bound(lang):
    """A fifth new user's 2023 trial: 2.4万余 over 近560 is at least 42.9 times, but the introduction said "42倍左右"."""
    voice = Voice(lang)
    first, second = {"label": "甲"}, {"label": "乙"}
    at_least = voice.plain("book.highlights.resources", first=first, second=second, ratio=42.9, ratio_bound="more_than")
    ceiling = voice.plain("book.highlights.resources", first=first, second=second, ratio=10.6, ratio_bound="less_than")
    # an eighth trial (2027): 2.4万余 over 580多 read "约41.4倍", a decimal both bounds leave unknown (40.7 to 43)
    both = voice.plain("book.highlights.resources", first=first, second=second, ratio=41.4, ratio_bound="about")
    if lang == "zh":
        assert "超过居第二位的乙的42.9倍" in at_least and "42倍左右" not in at_least
        assert "乙的10倍左右" in ceiling
        assert "约为居第二位的乙的41倍" in both and "41.4" not in both
    else:
        assert "more than 42.9 times" in at_least and "roughly ten times" in ceiling
        assert "about 41 times" in both and "41.4" not in both


@pytest.mark.parametrize("lang", LANGS)
def test_a_box_without_a_slogan_claims_none(lang):
    """A sixth new user's 2024 trial: a box's slogan was required, so a made-up one was printed as the district's
    ("金山区把这一做法概括为'低空经济产业集聚区'。。"). Without one, the box says none and no stray full stop."""
    voice = Voice(lang)
    said = voice.plain(
        "districts.cases.text.default",
        summary="S。" if lang == "zh" else "S.",
        district="甲区",
        slogan="",
        k={"layout": [{"items": ["X"], "the": ["X"], "note": "", "slogan": True}]},
        figures=[],
    )
    assert "概括为" not in said and "summed up" not in said
    assert "。。" not in said and ". ." not in said, said


# --- a sixth new user's 2024 trial: 超过 is its own qualifier ----------------------------------------------


def test_over_is_not_more_than():
    """ "超过40亿元" has no upper limit; "40多亿元" is under 50亿元: the 2024 trial's 超过40亿 was printed 40多亿."""
    import re as _re

    from zjbook.data import printed, reporttext
    from zjbook.data.figure import LOWER_BOUNDS

    m = _re.search(reporttext.number_pattern("x"), "交易额超过40亿元")
    assert m and reporttext.read_number(m, "x").qualifier == "over"
    assert printed.amount(40, "亿元", "over") == "超过40亿元"
    assert printed.amount(40, "亿元", "more_than") == "40多亿元"
    assert "over" in LOWER_BOUNDS
    assert Voice("zh").numbers.prose_amount(40, "亿元", "over") == "超过40亿元"
    assert Voice("en").numbers.amount(40, "亿元", "over") == "more than RMB 4 billion"


@pytest.mark.parametrize(
    "written, value, qualifier",
    [("2.4万多家", 24000, "more_than"), ("2.4万余家", 24000, "upwards_of"), ("约2.4万家", 24000, "about")],
)
def test_a_count_in_wan_with_its_qualifier_is_read(written, value, qualifier):
    """Two new users' trials (2023, 2026): extract left "高新技术企业2.4万多家" blank, the 多 between 万 and 家 cut
    the unit off."""
    import re as _re

    from zjbook.data import reporttext

    m = _re.search(reporttext.number_pattern("x"), f"高新技术企业{written}，同比增长")
    number = reporttext.read_number(m, "x")
    assert (number.unit, number.qualifier, number.text) == ("家", qualifier, written)
    assert reporttext.in_stored_unit(number, "家") == value


# --- headings that say something: the themes' headlines, the network's most common partners ------------------


@pytest.mark.parametrize("lang", LANGS)
def test_a_district_themes_heading_is_its_headline_or_else_its_title(lang):
    """The third editor: the theme sections were headed by their bare titles. A theme's heading is the book's
    one-line finding for it (themes.csv ``headline``); a theme without one (the fictional 2031) keeps its title."""
    headings = [o.markdown for o in written("districts_themes", lang, 2014).outputs if o.markdown.startswith("## ")]
    if lang == "zh":
        assert "## 平台、云计算和互联网金融形成集聚" in headings and "## “四新”经济" not in headings
    else:
        assert "## Platforms, cloud computing and internet finance formed clusters" in headings
    later = [o.markdown for o in written("districts_themes", lang, 2031).outputs if o.markdown.startswith("## ")]
    titles = [t["title"] for t in Edition(2031, FIXTURES).rows("themes.csv") if t["subject"] == "区县"]
    assert len(later) == len(titles) and "## 平台、云计算和互联网金融形成集聚" not in later
    if lang == "zh":
        assert later == [f"## {t}" for t in titles]


def test_a_new_edition_blanks_last_years_headlines(tmp_path):
    """A headline states one year's finding: a new edition starts without it (the sections fall back to titles)
    until the analyst writes this year's."""
    from zjbook.data.newyear import carry_over

    carry_over(paths.DATA / "2014", tmp_path / "2015", 2014, 2015)
    with (tmp_path / "2015" / "themes.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert rows and all(r["headline"] == "" for r in rows) and all(r["summary"] for r in rows)
    assert any(r["headline"] for r in Edition(2014).rows("themes.csv"))


@pytest.mark.parametrize("lang", LANGS)
def test_the_networks_heading_says_who_stands_out_else_its_shape(lang):
    """The partner in the most collaborations when a single one stands out (a 2026 editor: "只有一项合作由几个区县共同
    签署" was trivia); else how rare cross-district agreements were."""
    said = written("districts_themes", lang, 2014)
    # a second 2026 editor: the network's own heading, its first sentence and the chart's title said one thing three
    # times; the network now stands in the theme its collaborations are told under (协同创新), with no heading of its own
    assert not [o.markdown for o in said.outputs if o.markdown.startswith("### ")]
    network = next(
        i
        for i, o in enumerate(said.outputs)
        if o.markdown.startswith("```{figure}") and "collaboration-network" in o.markdown
    )
    headings = [o.markdown for o in said.outputs[:network] if o.markdown.startswith("## ")]
    assert headings[-1] == (
        # editor 86: "主要合作方" claimed more than the collaborations the report chose to describe
        # editor 87: one name for the category, as the legend and the table give it
        "## 报告所述的区县合作多以高校与科研院所或市级部门为合作方"
        if lang == "zh"
        else "## Most district collaborations in the report were with universities and research institutes or "
        "municipal departments"
    ), headings
    voice = Voice(lang)
    tie = {"top": ["甲", "乙"], "top_n": 2, "lead": "甲"}
    none = voice.plain("pages.districts_themes.network", joint_districts=0, **tie)
    two = voice.plain("pages.districts_themes.network", joint_districts=2, **tie)
    single = voice.plain("pages.districts_themes.network", joint_districts=0, top=["甲"], top_n=1, lead="甲")
    plain = voice.plain("pages.districts_themes.network")
    assert none.startswith(("每项合作都只涉及", "Every collaboration involved")) and two.startswith(
        ("2项", "Two agreements")
    )
    assert single == none  # one collaboration each: nobody stands out
    assert plain in ("区县的合作网络", "The districts’ collaborations")


def test_a_ratio_of_a_nearly_over_an_upwards_of_is_a_ceiling():
    """A 2027 trial: 近2.3万 over 560余 was printed "约为…41.1倍"; the true quotient can only be smaller."""
    from zjbook.sections.zhangjiang import bound

    assert bound("nearly", "upwards_of") == bound("exact", "more_than") == "less_than"
    assert bound("more_than", "exact") == bound("exact", "nearly") == "more_than"
    assert bound("nearly", "more_than") == "less_than" and bound("more_than", "nearly") == "more_than"
    assert bound("more_than", "more_than") == bound("nearly", "nearly") == bound("about", "exact") == "about"


def test_collaborations_told_under_no_theme_get_a_section_of_their_own(data_copy):
    """The network stands in the theme whose report heading its collaborations carry; told under none (another
    year's report), it closes the page under its own heading, which names the partner in the most of them."""
    from notebook_pages import notebook

    path = data_copy / "collaborations.csv"
    with path.open(encoding="utf-8", newline="") as f:
        table = list(csv.DictReader(f))
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(table[0]))
        w.writeheader()
        w.writerows(dict(r, heading="某个不属于任何主题的标题") for r in table)
    page = notebook("districts_themes").run(2014, "zh", data_root=data_copy.parent)
    marks = [o.markdown for o in page.outputs if o.markdown.startswith("#")]
    assert marks[-1] == "### 市科委分别与3个区县合作，合作项数多于其他合作方", marks
    network = next(
        i
        for i, o in enumerate(page.outputs)
        if o.markdown.startswith("```{figure}") and "collaboration-network" in o.markdown
    )
    assert page.outputs[network - 2].markdown == marks[-1]  # the heading, its paragraph, then the chart
