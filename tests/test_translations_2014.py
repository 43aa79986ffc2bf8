"""The English versions of the data's texts: 2014 is complete, names are official, the test year keeps gaps."""

import csv
import re
import shutil
from types import SimpleNamespace

import pytest

from zjbook import paths
from zjbook.data.newyear import new_year
from zjbook.data.translation import Untranslated, has_cjk, missing, texts_to_translate
from zjbook.render.page import Page

FIXTURES = paths.ROOT / "tests" / "fixtures" / "data"

#: The districts and the county of the report year, in their official English forms.
OFFICIAL_DISTRICTS = {
    "浦东新区": "Pudong New Area",
    "黄浦区": "Huangpu District",
    "徐汇区": "Xuhui District",
    "长宁区": "Changning District",
    "静安区": "Jing’an District",
    "普陀区": "Putuo District",
    "闸北区": "Zhabei District",
    "虹口区": "Hongkou District",
    "杨浦区": "Yangpu District",
    "闵行区": "Minhang District",
    "宝山区": "Baoshan District",
    "嘉定区": "Jiading District",
    "金山区": "Jinshan District",
    "松江区": "Songjiang District",
    "青浦区": "Qingpu District",
    "奉贤区": "Fengxian District",
    "崇明县": "Chongming County",
}

#: What the fictional year leaves untranslated on purpose: a book subtitle, a figure's indicator,
#: one item of a list cell and one name.
UNTRANSLATED_2031 = {"测试夹具：全部数字均为虚构，不得发布", "国家工程研究中心", "创新能力", "南极圈"}


class English:
    """An edition's data as English pages show it: ``t(text)`` is the text a page shows."""

    def __init__(self, year: int, data_root=None):
        self.page = Page.in_memory(year, "en", data_root)
        self.dir, self.tables = self.page.edition.dir, dict(self.page.edition.tables)

    def t(self, text):
        return self.page.voice.shown(text)

    def items(self, text) -> list:
        """A list cell's items as the page shows them."""
        return [self.t(item) for item in self.page.edition.items(text)]

    def figure(self, figure_id: str):
        """A figure whose labels read as the page shows them (``label``, ``subject_label``, ``note_label``)."""
        f = self.page.edition.figure(figure_id)
        return SimpleNamespace(
            label=self.t(f.indicator), subject_label=self.t(f.subject), note_label=self.t(f.note), indicator=f.indicator
        )


def untranslated_spans(text) -> list[str]:
    if isinstance(text, Untranslated):
        return [str(text)]
    return [str(p) for p in getattr(text, "parts", []) if isinstance(p, Untranslated)]


@pytest.fixture(scope="module")
def en():
    return English(2014)


@pytest.fixture(scope="module")
def en_2031():
    return English(2031, FIXTURES)


def cells_and_items(tables) -> set[str]:
    out = set()
    for _, _, _, value in texts_to_translate(tables):
        out.add(value.strip())
        out.update(p.strip() for p in value.split("；") if p.strip())
    return out


def english_texts(ed) -> list[str]:
    """Every text cell of the data as the English edition shows it."""
    return [ed.t(value) for _, _, _, value in texts_to_translate(ed.tables)]


def test_2014_has_no_missing_translation(en):
    assert [p.message for p in missing(en.dir, en.tables, "en")] == []
    assert not any(untranslated_spans(text) for text in english_texts(en))


def test_every_glossary_district_has_its_official_name(en):
    glossary = en.tables["glossary.csv"]
    districts = glossary[glossary["kind"] == "district"]
    assert dict(zip(districts["zh"], districts["text"])) == OFFICIAL_DISTRICTS
    assert set(en.tables["districts.csv"]["district"]) == set(OFFICIAL_DISTRICTS)


def test_short_district_names_are_plain_translations_not_glossary_names(en):
    short = set(en.tables["districts.csv"]["short_name"])
    assert not short & set(en.tables["glossary.csv"]["zh"])
    assert en.t("浦东") == "Pudong" and en.t("静安") == "Jing’an"


@pytest.mark.parametrize("year", [2014, 2031])
@pytest.mark.parametrize("file", ["glossary.csv", "translations.csv"])
def test_no_chinese_in_any_translation(year, file):
    ed = English(year, None if year == 2014 else FIXTURES)
    frame = ed.tables[file]
    assert (frame["lang"] == "en").all()
    assert [t for t in frame["text"] if has_cjk(t) or not str(t).strip()] == []


@pytest.mark.parametrize("year", [2014, 2031])
def test_every_key_is_a_cell_or_an_item_of_the_data(year):
    """A translation keyed by a text the data no longer has is stale (its Chinese was edited). A name of the glossary
    may stand inside a longer text (a heading, a title: pages gloss it there)."""
    ed = English(year, None if year == 2014 else FIXTURES)
    texts = cells_and_items(ed.tables)
    every = "\n".join(texts)
    assert [zh for zh in ed.tables["translations.csv"]["zh"] if zh not in texts] == []
    assert [zh for zh in ed.tables["glossary.csv"]["zh"] if zh not in every] == []


@pytest.mark.parametrize("term", ["Zizhu", "Lingang", "BeiDou", "Taopu", "Hongqiao", "internet finance"])
def test_site_search_terms_occur_in_the_english_texts(en, term):
    assert any(re.search(rf"\b{re.escape(term)}\b", text) for text in english_texts(en))


@pytest.mark.parametrize(
    "zh, english",
    [
        ("张江示范区", "Shanghai Zhangjiang National Innovation Demonstration Zone"),
        ("上海交通大学", "Shanghai Jiao Tong University"),
        ("复旦大学", "Fudan University"),
        ("微软", "Microsoft"),
        ("一城一带一中心", "one city, one belt, one centre"),
        ("上海科技进步报告2014", "Shanghai Science and Technology Progress Report 2014"),
        ("第四部分", "Part 4"),
        ("互联网金融", "internet finance"),
    ],
)
def test_spot_checks(en, zh, english):
    assert en.t(zh) == english


def test_list_cells_translate_item_by_item(en):
    four_new = en.tables["facts.csv"].set_index("id").loc["zj_four_new", "text"]
    assert en.items(four_new) == ["new technologies", "new business models", "new forms of business", "new industries"]
    organisers = en.tables["events.csv"].set_index("event_id").loc["zz_sandiego_forum", "organisers"]
    assert en.items(organisers) == ["Minhang District Government", "San Diego County", "Zizhu"]


def test_figure_labels_read_in_english(en):
    f = en.figure("zj_total_revenue")
    assert (f.label, f.subject_label, f.note_label) == (
        "Total revenue",
        "Shanghai Zhangjiang National Innovation Demonstration Zone",
        "Excludes the newly added sub-parks",
    )
    assert f.indicator == "总收入"  # the stored data (and downloads) stay Chinese


def test_the_fictional_year_leaves_exactly_its_chosen_texts_untranslated(en_2031):
    gaps = {p.message.split("“", 1)[1].rsplit("”", 1)[0] for p in missing(en_2031.dir, en_2031.tables, "en")}
    assert gaps == UNTRANSLATED_2031
    marked = {s for text in english_texts(en_2031) for s in untranslated_spans(text)}
    assert marked == UNTRANSLATED_2031


def test_the_fictional_year_marks_a_gap_and_translates_the_rest_of_its_cell(en_2031):
    leaps = en_2031.tables["facts.csv"].set_index("id").loc["zj_leaps", "text"]
    items = en_2031.items(leaps)
    assert items[:3] == ["the “four new” economy", "the innovation ecosystem", "the demonstration effect"]
    assert untranslated_spans(items[3]) == ["创新能力"]
    assert untranslated_spans(en_2031.figure("zj_res_eng_research_centres").label) == ["国家工程研究中心"]
    assert en_2031.figure("zj_total_revenue").label == "Total revenue"


def test_a_new_year_keeps_its_edition_texts_translated(tmp_path):
    """make new-year puts the new year into the report and book titles, and into their translations."""
    shutil.copytree(paths.DATA / "2014", tmp_path / "2014")
    new_year(2030, 2014, tmp_path)

    def rows(file):
        return list(csv.DictReader((tmp_path / "2030" / file).read_text(encoding="utf-8").splitlines()))

    translated = {r["zh"]: r["text"] for r in rows("translations.csv") + rows("glossary.csv")}
    values = [r["value"] for r in rows("edition.csv") if has_cjk(r["value"])]
    assert "上海科技进步报告2030" in values
    assert {v: translated.get(v) for v in values if v not in translated} == {}
    assert translated["上海科技进步报告2030"] == "Shanghai Science and Technology Progress Report 2030"
    assert not any("2014" in zh for zh in translated)
