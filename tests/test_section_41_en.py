"""Section 4.1 in English: the same analysis as the Chinese pages, said in English.

Expected figures are computed from the CSV files through the English number style, never typed. The
fictional year tests/fixtures/data/2031 has falling indicators. Where the data have no translations yet,
data texts come marked (untranslated); the glue text of the templates must still be English throughout.
"""

from __future__ import annotations

import csv
import datetime
import re
import shutil
from pathlib import Path

import matplotlib
import pytest
from conftest import DATA_2014
from matplotlib.text import Text
from notebook_pages import cards, figure_alts, notebook, paragraphs, prose, section

from zjbook.data import translation
from zjbook.data.edition import Edition
from zjbook.render.chapters import zhangjiang as zj_page
from zjbook.render.chapters import zizhu as zz_page
from zjbook.render.page import Page
from zjbook.sections import zhangjiang, zizhu
from zjbook.wording import wording

FIXTURES = Path(__file__).parent / "fixtures" / "data"
YEAR = int(DATA_2014.name)
EN = wording("en").numbers
CJK = re.compile(r"[\u3400-\u9fff\u3000-\u303f\uff00-\uffef]")
PAGES = ("zhangjiang_overview", "zhangjiang_resources", "zizhu")


def rows(folder: Path, file: str) -> dict[str, dict]:
    with (folder / file).open(encoding="utf-8") as f:
        return {r["id"]: r for r in csv.DictReader(f)}


def amount(row: dict) -> str:
    return EN.amount(float(row["value"]), row["unit"], row["qualifier"])


def growth(row: dict) -> str:
    return EN.growth_phrase(float(row["growth_pct"]), row["growth_qualifier"])


@pytest.fixture(scope="module")
def en():
    """The English pages of section 4.1, written in memory."""
    return {name: notebook(name).run(YEAR, "en") for name in PAGES}


@pytest.fixture(scope="module")
def en_2031():
    return {name: notebook(name).run(2031, "en", FIXTURES) for name in PAGES}


def headline(pages) -> list[str]:
    """The indicators' section: its heading names the fastest and slowest (three editors: a range was no finding), or,
    in a mixed year, how many rose and fell."""
    return (
        section(pages["zhangjiang_overview"], "indicators")
        or section(pages["zhangjiang_overview"], "grew fastest")
        or section(pages["zhangjiang_overview"], "grew most slowly")
    )


# --- the overview ----------------------------------------------------------------------------


def test_headline_levels_and_growth_in_the_english_number_style(en):
    ind = rows(DATA_2014, "zhangjiang_indicators.csv")
    first = headline(en)[0]
    lead = paragraphs(en["zhangjiang_overview"])[0]
    # the lead gives total revenue; the body gives the other indicators, not that one again
    revenue = ind["zj_total_revenue"]
    # the sub-parks left out are said of total revenue, the only figure the report says it of
    assert (
        f"Total revenue (excluding the four newly added sub-parks) reached {amount(revenue)}, "
        f"{growth(revenue)} year on year"
    ) in lead
    assert amount(revenue) not in first
    for r in ind.values():
        if r["id"] != "zj_total_revenue":
            assert f"of {amount(r)} ({growth(r)}" in first, r["id"]
    assert re.search(r"of RMB \d+(\.\d+)? trillion \(up \d+\.\d% year on year\)", first)
    assert re.search(r"of US\$\d+(\.\d+)? billion \(up \d+\.\d%\)", first)
    period = EN.period_label(ind["zj_total_revenue"]["period_start"], ind["zj_total_revenue"]["period_end"])
    assert period == f"January–November {YEAR}" and first.startswith(
        f"In {period}, the zone’s other main indicators were "
    )
    new = rows(DATA_2014, "zhangjiang_structure.csv")["zj_new_subparks"]
    # the coverage is said once, in the lead, of total revenue (the only figure the report says it of)
    assert "exclude" not in first
    assert (
        f"(excluding the {EN.count(int(float(new['value'])))} newly added sub-parks)"
        in paragraphs(en["zhangjiang_overview"])[0]
    )
    assert first.count("year on year") == 1


def test_growth_ranking_names_the_fastest_and_slowest(en):
    ind = rows(DATA_2014, "zhangjiang_indicators.csv")
    ranked = sorted(ind.values(), key=lambda r: -float(r["growth_pct"]))
    second = headline(en)[1]
    gap = float(ranked[0]["growth_pct"]) - float(ranked[-1]["growth_pct"])
    # the heading gives the slowest and the gap to the fastest (editor 86: the main point said it again); the main
    # point gives what the rates imply in amounts: level − level ÷ (1 + rate), to two significant figures
    assert f"Gross industrial output grew most slowly, {EN.points(gap)} behind total revenue" in prose(
        en["zhangjiang_overview"]
    )
    rise = {k: float(r["value"]) - float(r["value"]) / (1 + float(r["growth_pct"]) / 100) for k, r in ind.items()}
    revenue, output = rise["zj_total_revenue"], rise["zj_industrial_output"]
    point = cards(en["zhangjiang_overview"])[0][1]
    assert round(revenue, -2) == 2900 and round(output, -2) == 700 and round(revenue / output) == 4
    assert point == (
        "The growth rates imply that total revenue rose by about RMB 290 billion on a year earlier, "
        "about four times the rise in gross industrial output (about RMB 70 billion)."
    )
    # the body lists the other indicators with their rates once: no second sentence on those in between
    assert "export earnings" in " ".join(headline(en)).lower() and f"({growth(ranked[1])})" not in second
    assert not any(p.startswith("In between came") for p in headline(en))
    # that all four grew is said by the lead and the heading, not a third time here
    assert "All four indicators grew" not in second


def test_margin_is_profit_over_revenue_and_its_change_follows_the_growth_rates(en):
    ind = rows(DATA_2014, "zhangjiang_indicators.csv")
    revenue, profit = ind["zj_total_revenue"], ind["zj_net_profit"]
    margin = 100 * float(profit["value"]) / float(revenue["value"])
    earlier = margin * (1 + float(revenue["growth_pct"]) / 100) / (1 + float(profit["growth_pct"]) / 100)
    direction = "higher" if margin > earlier else "lower"
    # a main point says the margin and its change the growth rates imply, as the book's reckoning (editors 75–79);
    # the body says the assumption behind it (the report does not say both indicators cover the same parks)
    # editors 87–90: resting on an assumed common coverage, the margin is the body's, said as a conditional
    assert [p for p in headline(en) if "margin" in p] == [
        "Assuming both indicators cover the same parks, the report’s figures imply a net profit margin (net profit as "
        f"a share of total revenue) of about {EN.share(margin)}; as growth in net profit lagged behind growth in total "
        f"revenue, the margin was about {EN.points(margin - earlier)} {direction} than a year earlier."
    ]
    assert not any("margin" in p for p in cards(en["zhangjiang_overview"])[0])
    assert not any(p.startswith("Judging by") for p in headline(en))


def test_declines_read_down_in_the_fictional_year(en_2031):
    ind = rows(FIXTURES / "2031", "zhangjiang_indicators.csv")
    falling = [r for r in ind.values() if float(r["growth_pct"]) < 0]
    assert falling
    first, second, *rest = headline(en_2031)
    for r in falling:
        lead = paragraphs(en_2031["zhangjiang_overview"])[0]  # total revenue is said there, not in the body
        assert growth(r).startswith("down ") and (f"({growth(r)}" in first or f", {growth(r)} year on year" in lead)
    assert "Two indicators rose and two fell (" in second
    assert any(p.startswith("The four indicators ranged from a fall of ") for p in rest)
    assert "as growth in net profit (up 6.4%) outpaced growth in total revenue (down 3.5%)" in " ".join(
        cards(en_2031["zhangjiang_overview"])[0]
    )
    alt = figure_alts(en_2031["zhangjiang_overview"])["zj-indicators"]
    assert all(growth(r) in alt for r in falling)
    assert not re.search(r"up -|down -", first + second + alt)


def test_position_and_resources(en):
    structure = rows(DATA_2014, "zhangjiang_structure.csv")
    # the heading says how the layout grew; the body says where from and, as the margin took the main point, the
    # districts the sub-parks cover
    text = " ".join(section(en["zhangjiang_overview"], "The zone expanded to"))
    # the finding first (three editors), then the plan that framed the year
    # editor 82: "joined during the year, from 18 to 22" was the book's inference; the report says four were new
    assert text.startswith("Four of the 22 sub-parks were newly added")
    assert f"In {YEAR}, the zone’s work was guided by the 2013–2020 Outline Development Plan" in text
    assert "covered all of Shanghai" in " ".join(cards(en["zhangjiang_overview"])[0])  # a main point (editors 87–90)
    assert float(structure["zj_districts_covered"]["value"]) == 17 and "during the year" not in text
    # the status is a complement of "was" (an editor read "was had taken initial shape")
    assert (
        # the coverage is a main point now (editors 87–90); the undefined layout is said to be undefined (editors 87, 89)
        f"Four of the {amount(structure['zj_subparks'])} sub-parks were newly added. According to the report, the "
        "zone’s “one core, three belts” spatial layout was broadly in place (the report does not say what the core "
        "and belts are)." in text
    )
    res = sorted(rows(DATA_2014, "zhangjiang_resources.csv").values(), key=lambda r: -float(r["value"]))
    first, second = res[0], res[1]
    assert second["qualifier"] == "more_than"
    lead = paragraphs(en["zhangjiang_resources"])[0]
    assert re.search(r"at \d{1,3}(,\d{3})+\.", lead)  # thousands separated
    # kinds compared within the book's groups: no firm set against a laboratory (the ratio is for an edition
    # without groups: test_prose); the institutions' share opens the page (editor 74)
    assert lead.startswith("National research institutes (68) made up 46.9% of the Zhangjiang zone’s 145 national ")
    assert lead.endswith(f"at {amount(first)}.")
    # the incubators, not drawn, are said before the figure (editor 79)
    assert "The zone also had 24 national technology business incubators (not in the chart)." in " ".join(
        paragraphs(en["zhangjiang_resources"])
    )
    assert "times" not in lead
    assert f"({amount(second)})" in cards(en["zhangjiang_resources"])[0][1] and amount(second).startswith("more than ")
    # the lower bound is the table's note; no heading repeats the lead
    note = next(p for p in paragraphs(en["zhangjiang_resources"]) if p.startswith("Note:"))
    assert note.startswith("Note: for R&D centres of multinational companies, the report gives only a lower bound")
    assert not [o for o in en["zhangjiang_resources"].outputs if o.markdown.startswith("## ")]
    # the comparisons within a group are the main points, not said again below
    assert "National research institutes" not in note and "national research institutes" not in note
    assert cards(en["zhangjiang_resources"])[0][1].startswith(
        "Within enterprises and corporate R&D centres, high-tech enterprises were followed by "
    )


def test_themes(en):
    """The year's themes are the overview's last section: a heading with the themes' watchwords, one item per theme
    (its name run in, then the book's summary); the measures stay in the data; no card repeats them."""
    page = en["zhangjiang_overview"]
    heading = "## The zone deepened reform pilots in four areas"
    at = next(i for i, o in enumerate(page.outputs) if o.markdown == heading)
    items = page.outputs[at + 1].markdown.split("\n")
    assert len(items) == 3
    assert items[0].startswith("- **The “three optimisations” and the “four new” economy.** The zone issued guidelines")
    assert items[2].startswith("- **First\\-mover pilot reforms.** Starting from practical problems")
    assert items[2].endswith(" The report credits the reforms with marked results\\.")
    assert at + 2 == len(page.outputs)
    assert len(cards(page)) == 1  # the chapter's main points alone


# --- Zizhu -------------------------------------------------------------------------------------


def test_zizhu_key_figures(en):
    f = rows(DATA_2014, "zizhu_figures.csv")
    period = EN.period_label(f["zz_enterprises"]["period_start"] or None, f["zz_enterprises"]["period_end"])
    assert period == f"as of December {YEAR}"
    # the zone's full name and short form are given where the page first names it, in its opening, with its district;
    # the year's revenue opens the page, the running total of patents follows (editor 74)
    lead = paragraphs(en["zizhu"])[0]
    assert lead.startswith(
        f"In {YEAR}, the Zizhu National High-tech Industrial Development Zone (紫竹国家高新技术产业开发区; Zizhu) in "
        f"Minhang District earned technology, industry and trade revenue "
        f"(the sum of income from technology, product sales and goods sales) of {amount(f['zz_revenue'])}, "
        f"{growth(f['zz_revenue'])} year on year; "
    )
    share = 100 * float(f["zz_invention_patents"]["value"]) / float(f["zz_patents"]["value"])
    assert lead.endswith(
        f"invention patents made up {EN.share(share)} of the {amount(f['zz_patents'])} patents granted in Zizhu "
        f"up to December {YEAR}."
    )
    assert re.search(r"\b\d,\d{3} patents", lead)
    points = cards(en["zizhu"])[0]
    # the stock of enterprises and what the year brought are the main points: the body does not say them again
    assert points[0] == "Main points" and points[1] == (
        f"As of December {YEAR}, {amount(f['zz_enterprises'])} enterprises were based in Zizhu, which had drawn "
        f"{amount(f['zz_contract_fdi'])} of contracted foreign investment in total."
    )
    # editors 76, 77: the partners were said three times; the main point names the designations, which the section
    # below then leaves out; each with its original (editor 79: the book's own renderings need them)
    assert points[2] == (
        "During the year, Zizhu received two national designations: National New Industrialisation Demonstration "
        "Base for software and information services and National Intellectual Property Pilot Park."
    ), points[2]
    markup = next(o.markdown for o in en["zizhu"].outputs if "Main points" in o.markdown)
    assert 'information services (<span lang="zh-CN" class="zh-name">国家新型工业化产业示范基地</span>)' in markup
    assert 'Pilot Park (<span lang="zh-CN" class="zh-name">国家知识产权试点园区</span>)' in markup
    assert amount(f["zz_revenue"]).startswith("about RMB ") and growth(f["zz_revenue"]).startswith("up about ")
    assert not any("approximately" in p for p in paragraphs(en["zizhu"]))
    assert not any(p.startswith("Zizhu lies in") or "enterprises" in p for p in paragraphs(en["zizhu"])[1:])


def test_zizhu_lists_and_events(en):
    # the section's heading says what the year brought (new arrivals), not what it lists, and not the designations
    # the main points give (editors 77–79: a heading over text that never mentions its first half)
    said = section(en["zizhu"], "New institutions and projects")
    assert not any(p.startswith("During the year, Zizhu received two national designations") for p in said)
    # the partners are counted, so each stays (an editor: "two partners" while the report names three); the new
    # company an event card tells of is left to the card
    # editors 85, 86: the agreements and the events under a heading of their own
    agreements = section(en["zizhu"], "Agreements and events of the year")
    assert any(p.startswith("Zizhu signed strategic cooperation agreements with three partners: ") for p in agreements)
    assert not any("agreements" in p for p in said)
    # editors 87, 88: the zone's aims come before the year's arrivals, not under their heading
    assert not any(p.startswith("According to the report, Zizhu aimed") for p in said)
    assert any(
        p.startswith("According to the report, Zizhu aimed to become a leading operator")
        for p in paragraphs(en["zizhu"])
    )
    assert any("Shanghai Jiao Tong University" in p for p in agreements) and not any("Microsoft" in p for p in said)
    # the year's arrivals in a sentence, each with its article and verb, not a list of labels in brackets
    assert (
        "The China Web Drama and Micro-film Innovation and Entrepreneurship Centre was founded; the Uni-President "
        in (" ".join(said))
    )
    assert "the TCL-IMAX production base broke ground; and the University of North Carolina" in " ".join(said)
    events = [c for c in cards(en["zizhu"]) if c[0] != "Main points"]
    page = Page.in_memory(YEAR, "en")
    labels = [page.plain("zizhu.date", d=datetime.date.fromisoformat(e["date"])) for e in zizhu.events(Edition(YEAR))]
    # a 2026 editor: the dates were only in the picture; each card's title now opens with its day, said once
    assert re.fullmatch(r"\d{1,2} [A-Z][a-z]+ \d{4}", labels[0])
    assert [e["date"] for e in zizhu.events(Edition(YEAR))] == ["2014-04-16", "2014-04-21", "2014-09-15"]
    # the first card's date gives the year (editors 83, 84), the others day and month
    assert [c[0].split(":")[0] for c in events] == [labels[0]] + [d.rsplit(" ", 1)[0] for d in labels[1:]]
    assert not any(d.rsplit(" ", 1)[0] in line for d in labels for c in events for line in c[1:])
    assert not any("taking part" in line for c in events for line in c)
    # who held the forum and how many came, in one sentence (data: events.csv role, zizhu_figures.csv)
    forum = rows(DATA_2014, "zizhu_figures.csv")["zz_forum_attendance"]
    assert amount(forum).startswith("nearly ")
    assert (
        events[1][1]
        == (
            f"Hosted jointly by the Minhang District Government, San Diego County and Zizhu, it drew {amount(forum)} people"  # a point, like the card's others
        )
    )
    # an agreement or a founding has nothing to add to its title and the timeline: its card is its points
    assert events[0][1].startswith("Zizhu endowed") and events[2][1].startswith("A wholly owned subsidiary")


# --- no Chinese in the English glue, in text or figures ------------------------------------------


def _run(page: str, data_root: Path, year: int, assets: Path) -> list[str]:
    """The Markdown a page's code cells show, run in-process in English."""
    return [o.markdown for o in notebook(page).run(year, "en", data_root, assets).outputs]


@pytest.fixture
def translated_root(tmp_path) -> Path:
    """data/2014 with a stand-in English text ("Text 7") for every Chinese text and list item in it."""
    folder = tmp_path / "data" / str(YEAR)
    shutil.copytree(DATA_2014, folder)
    for file in ("glossary.csv", "translations.csv"):
        (folder / file).unlink(missing_ok=True)
    ed = Edition(YEAR, folder.parent)
    texts = []
    for _, _, _, value in translation.texts_to_translate(ed.tables):
        for part in [value, *value.split(translation.ITEM_SEPARATOR)]:
            if part.strip() and part.strip() not in texts:
                texts.append(part.strip())
    with (folder / "translations.csv").open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["zh", "lang", "text", "note"])
        w.writerows([t, "en", f"Text {i}", ""] for i, t in enumerate(texts))
    return folder.parent


@pytest.mark.parametrize("page", PAGES)
def test_english_pages_have_no_chinese_when_the_data_are_translated(page, translated_root, tmp_path):
    shown = _run(page, translated_root, YEAR, tmp_path / "assets")
    assert shown
    chinese = [s for s in shown if CJK.search(s)]
    assert not chinese, chinese[0][:300]


@pytest.mark.parametrize("data, year", [(None, YEAR), (FIXTURES, 2031)])
def test_english_glue_has_no_chinese_before_the_data_are_translated(data, year, tmp_path):
    for page in PAGES:
        shown = _run(page, data or DATA_2014.parent, year, tmp_path / "assets")
        text = "\n".join(shown)
        # untranslated data texts are shown marked, with their Chinese; everything else must be English
        text = re.sub(r'<span class="untranslated".*?</span></span>', "", text)
        text = re.sub(r'<span lang="zh-CN" class="zh-name">[^<]*</span>', "", text)  # a glossary name's original
        text = re.sub(r"\[not yet translated(: [^\]]*|\] [^\n;,]*)\]?", "", text)
        assert not CJK.search(text), (page, CJK.findall(text)[:10], text[:400])


def test_english_figures_have_no_chinese_when_the_data_are_translated(translated_root):
    page = Page.in_memory(YEAR, "en", translated_root)
    ed = page.edition
    charts = (
        lambda: zj_page.indicator_chart(page, zhangjiang.headline(ed)),
        lambda: zj_page.resources_chart(page, zhangjiang.resources(ed)),
        lambda: zz_page.key_figures_chart(page, zizhu.key_figures(ed)),
    )
    for i, chart in enumerate(charts):
        fig = chart()
        fig.canvas.draw()
        texts = [t.get_text() for t in fig.findobj(Text) if t.get_text()]
        assert texts and not [t for t in texts if CJK.search(t)], i
        matplotlib.pyplot.close(fig)


def test_figures_with_untranslated_labels_are_drawn():
    """A data text without translation is spelled out in a figure, not drawn as a missing glyph (an error):
    the fictional year leaves one resource category untranslated on purpose."""
    page = Page.in_memory(2031, "en", FIXTURES)
    fig = zj_page.resources_chart(page, zhangjiang.resources(page.edition))
    fig.canvas.draw()
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    marked = [label for label in labels if "[not yet translated" in label]
    assert len(marked) == 1 and "国家工程研究中心" in marked[0] and len(labels) > 1
    matplotlib.pyplot.close(fig)


def test_downloads_are_the_same_in_both_languages(en):
    """Each figure's CSV, as the English and the Chinese page wrote it, is the same file."""
    for name in PAGES:
        zh = notebook(name).run(YEAR, "zh")
        for fig in figure_alts(en[name]):
            english = (en[name].assets / f"{fig}.csv").read_bytes()
            assert english == (zh.assets / f"{fig}.csv").read_bytes(), fig
    indicators = (en["zhangjiang_overview"].assets / "zj-indicators.csv").read_text(encoding="utf-8")
    assert "亿" in indicators


def test_labels_inside_sentences_keep_acronyms():
    from zjbook.wording import lower_first, upper_first

    assert lower_first("Net profit") == "net profit" and lower_first("R&D centres") == "R&D centres"
    assert lower_first("US$ exports") == "US$ exports" and upper_first("as of May") == "As of May"
    # a passage shown untranslated keeps its letters: the filter leaves it alone on a page
    page = Page.in_memory(2031, "en", FIXTURES)
    assert page.voice.text("国家工程研究中心").startswith("[not yet translated")


def test_the_coverage_names_each_kind_of_unit_in_its_own_plural():
    """Two counties read "two counties" (the plural was once made by adding "ies" to "county")."""
    p = Page.in_memory(YEAR, "en")
    cov = zhangjiang.coverage(p.edition)
    kinds = [{"kind": "区", "n": 15}, {"kind": "县", "n": 2}]
    words = p.words("districts.unit_kinds")
    said = p.plain(
        "zhangjiang.lead.coverage", layout=None, new=None, unit_kinds=words, **(cov | {"all": True, "kinds": kinds})
    )
    assert said.endswith("all of Shanghai's 15 districts and two counties.") or said.endswith(
        "all of Shanghai’s 15 districts and two counties."
    ), said
    one = [{"kind": "区", "n": 1}, {"kind": "县", "n": 1}]
    said = p.plain(
        "zhangjiang.lead.coverage", layout=None, new=None, unit_kinds=words, **(cov | {"all": True, "kinds": one})
    )
    assert "one district and one county." in said, said


def test_the_new_sub_parks_are_left_out_only_of_indicators_whose_rows_say_so(data_copy):
    """2014's four indicators each carry the note that the new sub-parks are not counted, so the book says they are
    left out; an indicator added without that note may count them, and nothing is then said of the whole set."""
    assert zhangjiang.headline(Edition(YEAR, data_copy.parent))["new"] is not None
    path = data_copy / "zhangjiang_indicators.csv"
    rows = list(csv.reader(path.read_text(encoding="utf-8").splitlines()))
    added = list(rows[1])
    added[0], added[2], added[3], added[12] = "zj_patents", "专利授权量", "12345", ""
    added[4] = "件"
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows([*rows, added])
    ed = Edition(YEAR, data_copy.parent)
    assert zhangjiang.headline(ed)["new"] is None
    lead = zhangjiang.overview_lead(ed)
    assert lead is not None and lead["new"] is None
