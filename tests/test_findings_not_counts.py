"""Issue 20, the third editor's notes: the district chapters lead with where things are and how they compare, not
with how often the report names something; a fact said once (measures, the uncertain wording); the network's
paragraph reads on any split of partner types; the introduction's highlights cover every part of the book."""

import re

import pytest
from test_prose import reader_texts, written

from zjbook.data.edition import Edition
from zjbook.pipeline.build import highlights
from zjbook.wording import Voice

LANGS = ("zh", "en")


def collaboration(lang: str, types: list[tuple[str, int]], busiest: list[str], busiest_n: int) -> str:
    return Voice(lang).plain(
        "districts.collaboration.paragraph",
        agreements=5,
        districts=4,
        partners=sum(n for _, n in types),
        types=[{"type": t, "n": n} for t, n in types],
        busiest=busiest,
        busiest_n=busiest_n,
    )


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(
    "types",
    [[("甲类", 3)], [("甲类", 2), ("乙类", 2)], [("甲类", 2), ("乙类", 2), ("丙类", 1)], [("甲类", 3), ("乙类", 1)]],
)
def test_the_network_paragraph_reads_on_any_split_of_partners(lang, types):
    """A third new user's 2021 trial printed "其次是。" when one kind of partner stood alone."""
    said = collaboration(lang, types, ["A区"], 2)
    assert not re.search(r"其次是[。，；]|followed by[.,;]|[，。；,.;]\s*[，。；,.;]", said), said
    for t, _ in types:
        assert t in said
    if len(types) > 1 and types[0][1] == types[1][1]:  # a tie is said as a tie, not as a first and a second
        assert ("各有" in said) if lang == "zh" else ("each" in said), said
        assert "其次是甲类" not in said and "其次是乙类（2个）" not in said


@pytest.mark.parametrize("lang", LANGS)
def test_the_themes_lead_says_where_the_widest_theme_is_pursued(lang):
    texts = reader_texts(written("districts_themes", lang, 2014))
    if lang == "zh":
        assert texts[0] == (
            "“协同创新”是区县层面推进最广的主题，除浦东新区外，中心城区和郊区各有4个区县参与；"
            "“自贸区的溢出效应”只以浦东新区和黄浦区为例。"
        )
        assert (
            "“结构转型与产业集聚”在中心城区和郊区都有推进；“‘四新’经济”的事例集中在中心城区，郊区只有松江区。" in texts
        )
        assert not any(re.search(r"涉及\d+个区县", t) for t in texts), "counts of districts per theme"
    else:
        assert texts[0].startswith("Collaborative innovation was the theme pursued most widely among the districts")
        assert not any(re.search(r"\w+ districts take part in ", t) for t in texts)


@pytest.mark.parametrize("lang", LANGS)
def test_a_theme_opening_does_not_list_the_districts_its_measures_name(lang):
    """The measures below an opening name their districts: the opening gives the split by area, once."""
    texts = reader_texts(written("districts_themes", lang, 2014), box_points=False)
    opening = next(t for t in texts if t.startswith(("立足自身特点", "Building on their own strengths")))
    assert "杨浦区" not in opening and "Yangpu" not in opening
    assert (
        "中心城区4个，郊区3个" if lang == "zh" else "four were in the central city and three in the suburbs"
    ) in opening


@pytest.mark.parametrize("lang", LANGS)
def test_the_zones_measures_are_listed_once_in_a_table_with_their_kinds(lang):
    page = written("zhangjiang_themes", lang, 2014)
    tables = [o.markdown for o in page.outputs if o.markdown.startswith("```{list-table}")]
    assert len(tables) == 1 and ":name: tbl-zj-measures" in tables[0]
    measure = "股权激励试点" if lang == "zh" else "Ran equity incentive pilots"
    kind = "改革试点" if lang == "zh" else "Reform pilot"
    assert f"- {measure}\n  - {kind}" in tables[0]
    # the themes' summaries are the main points: no card repeats them, no bullet repeats a measure
    assert not [o for o in page.outputs if "theme-card" in o.markdown]


@pytest.mark.parametrize("lang", LANGS)
def test_words_kept_though_they_may_be_a_slip_are_marked_where_they_stand(lang):
    texts = reader_texts(written("zizhu", lang, 2014))
    marked = [t for t in texts if "SQL Server" in t]
    assert len(marked) == 1
    # the editor's mark: the words are the report's (the method page says why they may be a slip)
    assert marked[0].endswith("（原文如此）" if lang == "zh" else " [sic]")
    # the reason is the method page's, among the corrections: no "存疑：…" note in the reader's text
    assert not any(t.startswith(("存疑", "The report’s wording may be a slip")) for t in texts)


def test_the_resources_chart_writes_a_lower_bound_as_prose():
    page = written("zhangjiang_resources", "zh", 2014)
    svg = next(o for o in page.outputs if "zj-resources" in o.markdown)
    assert "243多家" not in svg.markdown  # the alt text; the table below keeps the report's form
    table = next(o.markdown for o in page.outputs if o.markdown.startswith("```{list-table}"))
    assert "243多家" in table


@pytest.mark.parametrize("lang", LANGS)
def test_the_highlights_cover_the_zone_its_resources_zizhu_and_the_districts(lang):
    said = highlights(Edition(2014), Voice(lang))
    assert set(said) == {"highlight_zhangjiang", "highlight_resources", "highlight_zizhu", "highlight_districts"}
    assert all(said.values()), said
    if lang == "zh":
        assert said["highlight_zizhu"] == "紫竹高新区累计获得的专利授权中，发明专利占85.7%。"
        assert said["highlight_districts"] == (
            "区县层面，中心城区的主要产业多有重合，郊区各有重点；“协同创新”是推进最广的主题。"
        )
    else:
        assert "85.7%" in said["highlight_zizhu"]
        assert said["highlight_districts"].startswith("In the districts, main industries overlap in the central city")


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
