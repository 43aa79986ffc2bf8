"""Section 4.2 in English: the three pages read as an economic briefing, every count and figure computed from
the data (never typed here), the six case boxes still boxes, figures drawn in English, downloads the same
file in both languages; the fictional year 2031 reads right too.

Data texts (names, actions, items) come from the data's translation files: where one is missing the page
shows it marked "not yet translated", so the checks here read what a reader sees of a data text
(:func:`shown`) and hold whether or not the translations have landed."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import notebook_pages as pages_in_memory
import pytest
from bs4 import BeautifulSoup
from conftest import svg_texts
from notebook_pages import notebook, paragraphs, section, written

from zjbook.data.edition import Edition
from zjbook.data.translation import Untranslated
from zjbook.render.chapters import districts as district_pages
from zjbook.render.page import voice_for
from zjbook.sections import districts
from zjbook.wording import Voice, view, wording

FIXTURES = Path(__file__).parent / "fixtures" / "data"
PAGES = ("districts_overview", "districts_themes")
CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]")
EN = wording("en")


def EN_FIGURES(f):  # noqa: N802 — a figure as English pages word it
    return view(f, EN.numbers)


def count(n: int) -> str:
    return EN.numbers.count(n)


def flat(text: str) -> str:
    """Text with its spaces evened out and its quotation marks straight (the wording writes typographic ones)."""
    return " ".join(text.split()).replace("‘", "'").replace("’", "'")


def shown(ed: Edition, text: str) -> str:
    """A data text as the English page shows it: its translation, or the original marked as untranslated
    (the mark's label, then the original, as a reader reads the marked span)."""
    said = voice_for(ed, "en").shown(text)
    return flat(f"{EN.entry('site.untranslated_label')} {said}" if isinstance(said, Untranslated) else said)


def theme_paragraphs(lang: str, theme_id: str, data_root=None) -> list[str]:
    return pages_in_memory.theme_paragraphs(theme_id, lang, data_root=data_root)


def action_lines(lang: str, theme_id: str, year: int = 2014, data_root=None) -> list[str]:
    return pages_in_memory.action_lines(theme_id, lang, year, data_root)


def english(html_dir: Path, name: str) -> BeautifulSoup:
    """An English page without the Chinese originals glossed after first mentions (checked in test_english_edition)."""
    source = (html_dir / "en" / "book" / "generated" / f"{name}.html").read_text(encoding="utf-8")
    return BeautifulSoup(re.sub(r' \(<span lang="zh-CN" class="zh-name">[^<]*</span>\)', "", source), "html.parser")


def article(soup: BeautifulSoup) -> str:
    """The page's text as read: the Chinese originals glossed after a first mention left out."""
    soup = BeautifulSoup(str(soup.select_one("article")), "html.parser")
    for span in soup.select("span.zh-name"):
        span.decompose()
    return flat(re.sub(r"\s*\(\s*\)", "", soup.get_text()))


@pytest.fixture(scope="module")
def ed():
    return Edition(2014)


@pytest.fixture(scope="module")
def pages(edition_2014):
    return {n: english(edition_2014, n) for n in PAGES}


@pytest.fixture(scope="module")
def text(pages):
    return {n: article(s) for n, s in pages.items()}


# --- overview ------------------------------------------------------------------------------------------


def test_overview_counts_the_units_the_english_way(text, ed):
    units = ed.rows("districts.csv")
    kinds = {k: sum(u["kind"] == k for u in units) for k in ("区", "县")}
    t = text["districts_overview"]
    assert (
        f"in 2014, Shanghai had {len(units)} district-level units "
        f"({count(kinds['区'])} districts and {count(kinds['县'])} county)"
    ) in t
    # the areas are the book's grouping, said in the table's note, under the column's own name (editors 87, 88)
    assert (
        "“Part of the city” follows Shanghai's usual division: in 2014" in t
        and "county), eight in the central city and eight in the suburbs, with Pudong New Area counted separately." in t
    )
    assert "appear under the most themes" not in t and "appear only in case boxes" not in t


def test_the_themes_between_widest_and_narrowest_are_a_main_point(text, ed):
    # the lead says whom the districts worked with (editors: how far each theme's examples reach counts mentions)
    assert "reached most widely under" not in text["districts_themes"]
    # editor 88: said four times; the section's heading and the figure's sentence keep it
    assert (
        "Most district collaborations in the report were with universities and research institutes"
        in (text["districts_themes"])
    )
    assert (
        "shows that universities and research institutes were party to five of the 12 collaborations"
        in (text["districts_themes"])
    )
    assert "districts take part in" not in text["districts_themes"]
    assert "draws its examples" not in text["districts_themes"]
    assert "By theme," not in text["districts_overview"]


def test_later_changes_without_the_datas_own_note(text, ed):
    t = text["districts_overview"]
    assert (
        "Later, Zhabei District was merged into Jing’an District in 2015" in t.replace("'", "’")
        and "the table keeps the divisions of the report's year." in t
    )
    for u in ed.rows("districts.csv"):
        if u["later_change"]:
            change = shown(ed, u["later_change"])
            said = re.sub(r"\s*[（(][^（）()]*[）)]$", "", change)
            assert f"{shown(ed, u['district'])} {said[0].lower()}{said[1:]}" in t
            assert "报告之外" not in t


def test_the_industries_table_in_english(pages, text, ed):
    """One table of the districts: area, main industries and bases (Pudong is not "Pudong | Pudong";
    an area that stands alone in its cell starts with a capital like the names beside it)."""
    rows = ed.rows("district_industries.csv")
    assert any(r["kind"] == "platform" for r in rows)
    t = text["districts_overview"]
    assert "The table below gives" not in t  # the sentence before the table says what it shows
    # the heading names the district without a base (editors 87, 88: the areas' contrast is the main points'); the
    # sentence before the table goes to its examples
    assert "Every district with a named main industry except Jiading District had at least one base or site" in t
    assert "apart from Jiading District" not in t
    table = pages["districts_overview"].find("table", id="tbl-district-industries")
    # the platforms' column only when a quarter of the districts have one (two of 17: the note names them)
    assert [flat(th.get_text()) for th in table.select("thead th")] == list(
        EN.words("districts.industries.columns").values()
    )[:5]
    cells = [[flat(td.get_text(" ")) for td in tr.find_all("td")] for tr in table.select("tbody tr")]
    units = ed.rows("districts.csv")
    assert len(cells) == len(units)
    for row, u in zip(cells, units):
        assert row[0].startswith(shown(ed, u["district"])), (row, u["district"])
        if u["zone_type"] == u["district"]:
            assert row[1] == "Separate (see note)"  # an area of its own (单列); not its own name twice in one row
        else:
            assert row[1] == {"中心城区": "Central city", "郊区": "Suburbs"}[u["zone_type"]]
    fengxian = next(r for r in cells if r[0].startswith(shown(ed, "奉贤区")))
    assert fengxian[2:] == ["—"] * 3  # industry, group, bases


def test_no_chinese_glue(pages):
    """Outside the texts shown marked as untranslated (data texts, and headings until pages.toml has them)
    and the glossed originals, the English pages hold no Chinese."""
    for name, soup in pages.items():
        soup = BeautifulSoup(str(soup.select_one("article")), "html.parser")
        for span in soup.select("span.untranslated, span.zh-name"):
            span.decompose()
        assert not CJK.search(soup.get_text()), (name, CJK.findall(soup.get_text())[:20])


# --- figures and downloads ------------------------------------------------------------------------------


def drawn(html_dir: Path, lang_root: str, name: str) -> list[str]:
    svg = next((html_dir / lang_root / "_images").glob(f"{name}*.svg")).read_text(encoding="utf-8")
    return [t for t, glyphs in svg_texts(svg) if glyphs]


def test_figures_are_drawn_in_english(edition_2014, ed):
    units = len(ed.rows("districts.csv"))
    tiles = drawn(edition_2014, "en", "district-tiles")
    # a title may be broken into lines to fit the figure: read as one text
    assert f"Number of the report’s themes naming each of Shanghai’s {units} district-level units, 2014" in " ".join(
        tiles
    )
    assert "Themes naming the district" in tiles and "★ 3 themes" in tiles and "1 theme" in tiles
    for u in ed.rows("districts.csv"):
        assert voice_for(ed, "en").text(u["short_name"]) in tiles, u["short_name"]
    matrix = drawn(edition_2014, "en", "district-theme-matrix")
    assert "Measures the report names for each district, by theme" in matrix and "Case boxes" in matrix
    network = drawn(edition_2014, "en", "collaboration-network")
    # the chart's title states its finding: the partner in the most collaborations, by the page's short form, spelt
    # out in the subtitle (editors 86–88: a two-line title of a name the text shortens)
    said = " ".join(network)
    assert "STCSM took part in three collaborations, more than any other partner" in said
    assert "STCSM: Science and Technology Commission of Shanghai Municipality" in said
    for texts in (tiles, matrix, network):
        # Chinese only inside a data text spelled out as untranslated (a long label may run over lines)
        leftover = re.sub(r"\[not yet\s+translated\]\s+[^\s\[]+", "", " ".join(texts))
        assert not CJK.search(leftover), leftover


def test_chinese_figures_keep_their_words(edition_2014):
    tiles = drawn(edition_2014, "", "district-tiles")
    assert (
        f"报告第四部分第二节正文提到各区县的主题数（2014年，{len(Edition(2014).rows('districts.csv'))}个区县）" in tiles
        and "提到该区县的主题数" in tiles
        and "★3个主题" in tiles
    )
    assert "报告在各主题下提到的区县举措" in drawn(edition_2014, "", "district-theme-matrix")
    assert "市科委参与3项合作，居各合作方之首" in drawn(edition_2014, "", "collaboration-network")


def test_alt_texts_in_english(edition_2014, ed):
    """The mention counts (tile map, matrix) are the analysts': they stand in the data appendix."""
    alts = {
        img["src"].rsplit("/", 1)[-1].split(".")[0]: img["alt"]
        for img in english(edition_2014, "data_appendix").select("img")
    }
    tiles = next(a for k, a in alts.items() if k.startswith("district-tiles"))
    assert tiles.startswith(
        f"Schematic tile map: Shanghai’s {len(ed.rows('districts.csv'))} district-level units arranged by location"
    )
    b = districts.breadth(ed)
    assert f". In {b.max()} themes: " in tiles and "; in no theme: " in tiles
    assert f"With a case box ({len(ed.rows('cases.csv'))}): " in tiles
    matrix = next(a for k, a in alts.items() if k.startswith("district-theme-matrix"))
    assert f"Case boxes ({len(ed.rows('cases.csv'))}): " in matrix


def test_network_alt_counts_the_links(pages, ed):
    img = pages["districts_themes"].select_one('img[src*="collaboration-network"]')
    c = ed.rows("collaborations.csv")
    assert img["alt"].startswith(
        f"Network chart: {len(c)} links between {len({r['district'] for r in c})} districts "
        f"and {len({r['partner'] for r in c})} partners. "
    )


@pytest.mark.parametrize("name", ["district-tiles.csv", "district-theme-matrix.csv", "collaboration-network.csv"])
def test_downloads_are_the_same_file_in_both_languages(edition_2014, name):
    zh = next((edition_2014 / "_downloads").glob(f"*/{name}"))
    en = next((edition_2014 / "en" / "_downloads").glob(f"*/{name}"))
    assert zh.read_bytes() == en.read_bytes()
    rows = list(csv.DictReader(zh.read_text(encoding="utf-8").splitlines()))
    assert rows and CJK.search(rows[0]["district"])  # the stored names


# --- the fictional year 2031, and other shapes of data ----------------------------------------------------


@pytest.fixture(scope="module")
def ed_2031():
    return Edition(2031, FIXTURES)


def test_2031_reads_its_own_figures(ed_2031):
    overview = notebook("districts_overview").run(2031, "en", FIXTURES)
    note = next(p for p in section(overview, "had at least one base or site") if p.startswith("Note:"))
    assert "in 2031, Shanghai had 16 district-level units (16 districts)" in note
    lines = " ".join(action_lines("en", "four_new", 2031, FIXTURES))
    zh = " ".join(action_lines("zh", "four_new", 2031, FIXTURES))
    for fid in ("zb_cloud_firms", "hp_internet_finance"):
        f = ed_2031.figure(fid)
        assert f.value != Edition(2014).figure(fid).value  # the fixture's own number
        name = shown(ed_2031, f.indicator)
        assert f"; {name[0].lower()}{name[1:]} numbered more than {f.value:,.0f}." in lines
        assert f"{f.indicator}{Voice('zh').numbers.prose_amount(f.value, f.unit, f.qualifier)}" in zh


def rewrite(path: Path, keep) -> None:
    with path.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(r for r in rows if keep(r))


def test_a_theme_naming_one_district_says_so(data_copy):
    """Drop all but the first free-trade-zone entry: the opening says only that district is named."""
    first = next(
        r for r in csv.DictReader((data_copy / "district_actions.csv").open(encoding="utf-8")) if r["theme_id"] == "ftz"
    )
    rewrite(data_copy / "district_actions.csv", lambda r: r["theme_id"] != "ftz" or r["order"] == first["order"])
    ed = Edition(2014, data_copy.parent)
    # the report's examples are not counted: the one district's measure is listed under the theme, nothing more
    page = pages_in_memory.text(notebook("districts_themes").run(2014, "zh", data_copy.parent))
    assert first["district"] in page and "只以" not in page and "只举了" not in page
    en = pages_in_memory.text(notebook("districts_themes").run(2014, "en", data_copy.parent))
    assert "".join(shown(ed, first["district"]).split()) in en


def test_a_theme_in_one_kind_of_area(data_copy):
    """Keep only the central-city entries of the first theme: they are said to be all from there."""
    zone = {r["district"]: r["zone_type"] for r in csv.DictReader((data_copy / "districts.csv").open(encoding="utf-8"))}
    rewrite(
        data_copy / "district_actions.csv", lambda r: r["theme_id"] != "structure" or zone[r["district"]] == "中心城区"
    )
    names = [d for d in districts.theme_profile(Edition(2014, data_copy.parent), "structure")["districts"]]
    assert len(names) >= 3
    # the report names examples only: no sentence says where "all" the districts are
    for lang in ("zh", "en"):
        page = pages_in_memory.text(notebook("districts_themes").run(2014, lang, data_copy.parent))
        assert "都在中心城区" not in page and "wereinthecentralcity" not in page


def test_no_industry_base_missing_is_said_alone(data_copy):
    """Every district with an industry stated: the page still names those whose bases are missing."""
    with (data_copy / "district_industries.csv").open("a", encoding="utf-8") as f:
        for d in ("金山区", "奉贤区", "崇明县"):
            f.write(f"{d},industry,互联网金融,互联网金融,4.2,x\n")
    ed = Edition(2014, data_copy.parent)
    zh = paragraphs(written(district_pages.overview, "zh", data_root=data_copy.parent))[0]
    en = paragraphs(written(district_pages.overview, "en", data_root=data_copy.parent))[0]
    # Jinshan's workstation and Chongming's experimental zone are platforms, not industrial bases
    assert "：除嘉定区、金山区、奉贤区、崇明县外，这些区县的主要产业都有承载的基地或载体；" in zh, zh
    names = [shown(ed, d) for d in ("嘉定区", "金山区", "奉贤区", "崇明县")]
    assert f": apart from {names[0]}, {names[1]}, {names[2]} and {names[3]}, every district" in en, en


def test_both_languages_word_the_same_things():
    def keys(node, prefix=""):
        out = set()
        for k, v in node.items():
            out |= (
                keys(v, f"{prefix}{k}.")
                if isinstance(v, dict) and not prefix.endswith(("unit_kinds.", "areas."))
                else {prefix + k}
            )
        return out

    zh, en = wording("zh").words("districts"), EN.words("districts")
    assert keys(zh) == keys(en)
    assert zh["industries"]["columns"].keys() == en["industries"]["columns"].keys()
    assert set(zh["cases"]["kinds"]) == set(en["cases"]["kinds"]) == set(districts.CASE_KINDS)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_theme_beyond_the_fourth_opens_with_its_summary_alone(lang):
    """The first four themes' summaries are the page's main points; a fifth theme's section opens with its summary,
    and no theme's opening counts the districts the report gives as examples."""
    assert voice_for(Edition(2014), lang).plain("districts.themes.intro", summary="S.") == "S."


def test_platforms_get_a_column_once_a_quarter_of_the_districts_have_one(data_copy):
    """Below a quarter of the districts, the note names the platforms; from a quarter on, they have a column."""

    def table_head(lang: str) -> str:
        page = written(district_pages.overview, lang, data_root=data_copy.parent)
        return next(o.markdown for o in page.outputs if "```{list-table}" in o.markdown).split("\n* ")[1]

    assert "其他创新平台" not in table_head("zh")
    with (data_copy / "district_industries.csv").open("a", encoding="utf-8") as f:
        for d in ("奉贤区", "松江区", "宝山区"):
            f.write(f"{d},platform,院士专家工作站,,4.2,x\n")
    assert "其他创新平台" in table_head("zh") and "Other innovation platforms" in table_head("en")
