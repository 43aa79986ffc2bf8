"""The data dictionary, the data appendix and the multi-year comparison in every language of the book.

The Chinese comes from the schema itself; every other language must describe every file, column, code
and rule of it in ``wording/<lang>/dictionary.toml``, with nothing left over. The downloads are the same
files whatever the page's language."""

import copy
import re
import shutil

import pytest
from conftest import DATA_2014, set_cell
from notebook_pages import figure_alts, paragraphs

from zjbook.data import schema
from zjbook.data.edition import Edition
from zjbook.data.validate import validate_year
from zjbook.languages import codes as languages
from zjbook.languages import registry
from zjbook.render import export
from zjbook.render.chapters import appendix
from zjbook.render.chapters import trends as trend_pages
from zjbook.render.page import Page
from zjbook.sections import trends
from zjbook.wording import SOURCE_LANGUAGE, MissingWording, wording
from zjbook.wording.dictionary import DataDictionary, dictionary, resource_name

FIXTURES = DATA_2014.parents[1] / "tests" / "fixtures" / "data"
OTHER = [lang for lang in languages() if lang != SOURCE_LANGUAGE]
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]")
#: Chinese an English page may show outside marked spans: the data's own codes (units, partner kinds) and
#: the few characters the dictionary quotes to explain them (亿, the qualifiers 约 近 多 余, 区 县, the list mark ；).
#: A language the dictionary does not name is called by its own name (a third language's 日本語, from the registry;
#: never the source language's: Chinese is named in English).
ALLOWED_CJK = (
    set("亿约近多余超过区县；")
    | {ch for vocabulary in ("units", "partner_types") for code in schema.VOCABULARIES[vocabulary] for ch in code}
    | {ch for language in registry().languages if language.code != SOURCE_LANGUAGE for ch in language.name}
)
_ZH_SPAN = re.compile(r'<span lang="zh-CN"[^>]*>.*?</span>')


def stray_chinese(text: str) -> set[str]:
    """Chinese characters of ``text`` outside spans marked lang="zh-CN", beyond what a page may quote."""
    return set(_CJK.findall(_ZH_SPAN.sub("", text))) - ALLOWED_CJK


def contract_problems(entries: dict) -> list[str]:
    """What a language's ``[dictionary]`` lacks or has left over, measured against the schema."""
    problems = []
    tables = entries.get("tables", {})
    names = {resource_name(t.file): t for t in schema.TABLES}
    problems += [f"stale table {k}" for k in set(tables) - set(names)]
    shared = entries.get("columns", {})
    used_shared: dict[str, set[str]] = {}
    for name, table in names.items():
        entry = tables.get(name, {})
        for key in ("title", "description"):
            if not entry.get(key):
                problems.append(f"no {key} for {table.file}")
        own = entry.get("columns", {})
        problems += [f"stale column {name}.{c}" for c in set(own) - set(table.column_names)]
        for column in table.columns:
            if column.name in own:
                continue
            if column.name not in shared:
                problems.append(f"no description of {table.file}:{column.name}")
            else:
                used_shared.setdefault(column.name, set()).add(column.description)
    problems += [f"stale shared column {c}" for c in set(shared) - set(used_shared)]
    problems += [
        f"shared column {c} serves several meanings: {sorted(d)}" for c, d in used_shared.items() if len(d) > 1
    ]
    vocabularies = entries.get("vocabularies", {})
    problems += [f"stale code table {v}" for v in set(vocabularies) - set(schema.VOCABULARIES)]
    problems += [
        f"stale code table name {v}" for v in set(entries.get("vocabulary_names", {})) - set(schema.VOCABULARIES)
    ]
    for name, codes in schema.VOCABULARIES.items():
        if not entries.get("vocabulary_names", {}).get(name):
            problems.append(f"no name for code table {name}")
        given = vocabularies.get(name, {})
        # a language the dictionary does not name is called by its name in the registry
        problems += [f"no meaning of {name}:{c}" for c in codes if not given.get(c) and name != "languages"]
        problems += [f"stale code {name}:{c}" for c in set(given) - set(codes)]
    if len(entries.get("rules", [])) != len(schema.FILE_RULES):
        problems.append(f"{len(entries.get('rules', []))} rules for {len(schema.FILE_RULES)}")
    return problems


def numbers_in(text: str) -> set[str]:
    """The numbers a text states, Chinese round counts (100万, 1亿: GB/T 15835) as digits."""
    text = re.sub(r"(\d+)亿", lambda m: str(int(m.group(1)) * 100_000_000), text)
    text = re.sub(r"(\d+)万", lambda m: str(int(m.group(1)) * 10_000), text)
    return {m.replace(",", "") for m in re.findall(r"\d[\d,]*", text)}


# --- the dictionary -----------------------------------------------------------------------------


@pytest.mark.parametrize("lang", OTHER)
def test_every_part_of_the_contract_is_described_and_nothing_is_left_over(lang):
    own = dictionary(lang)
    problems = contract_problems(own.entries)
    if own.gaps():  # a language still being translated: what it has matches the contract, the rest falls back
        problems = [p for p in problems if p.startswith(("stale", "shared"))]
    assert problems == []


@pytest.mark.parametrize(
    "plant, problem",
    [
        (lambda e: e["tables"]["facts"]["columns"].__setitem__("colour", "Colour"), "stale column facts.colour"),
        (lambda e: e["tables"].__setitem__("budget", {"title": "Budget"}), "stale table budget"),
        (lambda e: e["vocabularies"]["units"].__setitem__("吨", "Tonnes"), "stale code units:吨"),
        (lambda e: e["vocabularies"]["units"].pop("亿美元"), "no meaning of units:亿美元"),
        (lambda e: e["tables"]["events"]["columns"].pop("organisers"), "no description of events.csv:organisers"),
        (lambda e: e["columns"].__setitem__("later_change", "Later change"), "stale shared column later_change"),
        (lambda e: e["tables"]["facts"]["columns"].pop("subject"), "shared column subject serves several meanings"),
        (lambda e: e["rules"].pop(), "rules for"),
    ],
)
def test_the_completeness_check_catches_a_gap_or_a_leftover(plant, problem):
    entries = copy.deepcopy(wording("en").entry("dictionary"))
    plant(entries)
    assert any(problem in p for p in contract_problems(entries)), contract_problems(entries)


@pytest.mark.parametrize("lang", OTHER)
def test_each_rule_states_the_limits_of_its_chinese_rule(lang):
    """The rules are keyed by position: a rule out of step with the schema's names other numbers."""
    rules = dictionary(lang).rules()
    for zh, text in zip(schema.FILE_RULES, rules):
        assert numbers_in(zh) <= numbers_in(text), (zh, text)
    assert "1,000,000 bytes" in rules[3] and f"{schema.MAX_CELL_CHARS} characters" in rules[3]
    assert "亿美元 0 to 200,000" in rules[5] and "-100% to 1,000%" in rules[5]


def test_the_chinese_dictionary_is_the_schema():
    zh = dictionary(SOURCE_LANGUAGE)
    for table in schema.TABLES:
        assert (zh.title(table), zh.description(table)) == (table.title, table.description)
        assert [zh.column(table, c) for c in table.columns] == [c.description for c in table.columns]
    assert zh.rules() == list(schema.FILE_RULES)
    assert (
        zh.code("units", "亿元") == schema.UNITS["亿元"]
        and zh.vocabulary_name("basis") == schema.VOCABULARY_NAMES["basis"]
    )


def test_english_dictionary_reads_as_english():
    en = dictionary("en")
    indicators = schema.TABLES_BY_FILE["zhangjiang_indicators.csv"]
    assert en.title(indicators) == "Main economic indicators of the Zhangjiang zone"
    assert en.column(indicators, indicators.column("growth_pct")).startswith("Year-on-year growth rate in per cent")
    # a file whose column means something else has its own entry, not the shared one
    facts = schema.TABLES_BY_FILE["facts.csv"]
    assert en.column(facts, facts.column("id")) == "Stable identifier of the fact"
    assert en.code("units", "亿元").startswith("100 million yuan (10⁸ RMB)")
    assert en.code("units", "亿美元").startswith("100 million US dollars (10⁸ US$)")
    assert en.code("qualifiers", "nearly").startswith("Close to but below")
    assert en.vocabulary_name("units") == "Units" and en.kind("month") == "year and month YYYY-MM"
    glossary, translations = schema.TABLES_BY_FILE["glossary.csv"], schema.TABLES_BY_FILE["translations.csv"]
    assert en.title(glossary) == "Glossary of names" and "first mention" in en.description(glossary)
    assert en.title(translations) == "Translations" and "no longer matches" in en.description(translations)
    assert "Pudong New Area" in en.column(glossary, glossary.column("text"))
    for table in schema.TABLES:
        assert not _CJK.search(en.title(table)), table.file
        for column in table.columns:
            assert not set(_CJK.findall(en.column(table, column))) - ALLOWED_CJK, (table.file, column.name)


def test_a_missing_entry_is_an_error_never_the_chinese(monkeypatch):
    en = DataDictionary("en")
    entries = copy.deepcopy(en.entries)
    del entries["tables"]["cases"]["columns"]["near_theme"]
    monkeypatch.setattr(en, "layers", [("en", entries)])  # English falls back to no other data dictionary
    cases = schema.TABLES_BY_FILE["cases.csv"]
    with pytest.raises(MissingWording, match="near_theme"):
        en.column(cases, cases.column("near_theme"))


@pytest.mark.parametrize("lang", languages())
def test_page_wording_is_complete_in_every_language(lang):
    zh = wording(SOURCE_LANGUAGE)
    words = wording(lang)
    for key in ("appendix", "trends"):
        assert _keys(words.entry(key)) == _keys(zh.entry(key)), (lang, key)
    assert set(words.entry("dictionary.kinds")) == {"text", "code", "number", "int", "month", "date"}
    assert set(words.entry("trends.unit_labels")) == set(schema.UNITS)
    for key in ("package_title", "package_description"):
        assert words.has(f"dictionary.{key}")


def _keys(node, prefix=""):
    if not isinstance(node, dict):
        return {prefix}
    return set().union(*(_keys(v, f"{prefix}.{k}") for k, v in node.items()))


# --- the data package ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def tables_2014():
    return validate_year(DATA_2014)


def test_descriptor_carries_every_language(tables_2014):
    d = export.descriptor(tables_2014)
    assert d["languages"] == [SOURCE_LANGUAGE, *export.translation_languages()] and "en" in d["languages"]
    en = dictionary("en")
    english = [r for r in d["resources"] if r.get("languages") == ["en"]]  # the data in English, described so
    assert english and all(r["title"] == en.title(schema.TABLES_BY_FILE[r["name"][:-3] + ".csv"]) for r in english)
    for resource in (r for r in d["resources"] if r not in english):
        table = schema.TABLES_BY_FILE[resource["path"]]
        assert resource["title"] == table.title  # the Chinese stays where generic tools look
        assert set(resource["translations"]) == set(export.translation_languages())
        assert resource["translations"]["en"] == {"title": en.title(table), "description": en.description(table)}
        for field, column in zip(resource["schema"]["fields"], table.columns):
            assert field["description"] == column.description
            assert field["translations"]["en"] == {"description": en.column(table, column)}
    assert d["translations"]["en"]["title"].endswith(f": data ({DATA_2014.name} edition)")
    assert not _CJK.search(_ZH_SPAN.sub("", d["translations"]["en"]["description"].split("[not yet translated")[0]))


def test_untranslated_edition_entries_are_spelled_out_in_the_english_package(data_copy):
    tables = validate_year(data_copy)
    tables.pop("translations.csv", None)
    tables.pop("glossary.csv", None)
    title = export.package_texts(tables, "en")["title"]
    book_title = dict(zip(tables["edition.csv"]["key"], tables["edition.csv"]["value"]))["book_title"]
    assert title == f"[not yet translated: {book_title}]: data ({data_copy.name} edition)"
    assert not re.search("[\ue000-\uf8ff]", export.descriptor_text(tables))  # no private-use marks leak


def test_translated_edition_entries_name_the_english_package(data_copy):
    meta = dict(zip(*[validate_year(data_copy)["edition.csv"][c] for c in ("key", "value")]))
    _write_translations(data_copy, {meta["book_title"]: "Zhangjiang Book (made up)"})
    title = export.package_texts(validate_year(data_copy), "en")["title"]
    assert title == f"Zhangjiang Book (made up): data ({data_copy.name} edition)"


# --- the appendix page ---------------------------------------------------------------------------


def _page(lang: str, assets, year: int = 2014, data_root=None) -> list[str]:
    page = Page.in_memory(year, lang, data_root, assets)
    for part in (appendix.show_files, appendix.show_columns, appendix.show_rules, appendix.show_vocabularies):
        part(page)
    return [o.markdown for o in page.outputs]


def test_english_appendix_page(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    ed = Edition(2014)
    page = "\n".join(_page("en", "assets"))
    rows = len(ed.table("edition.csv"))
    assert (
        "- {download}`edition-en.csv <assets/data/edition-en.csv>` · "
        f"{{download}}`edition.csv <assets/data/edition.csv>`: Edition information, {rows} rows."
    ) in page
    assert "{download}`All data (ZIP) <assets/data/data-2014.zip>`: all the files above" in page
    assert "{download}`Data package descriptor (datapackage.json) <assets/data/datapackage.json>`" in page
    assert "with their English versions in the `translations` property" in page
    assert "zhangjiang\\_structure\\.csv\\: Make\\-up of the Zhangjiang zone\\. Key\\: id; required rows\\: " in page
    assert "The columns are the same as in zhangjiang\\_indicators\\.csv." in page
    assert "* - Column\n  - Type\n  - Required\n  - Values\n  - Meaning" in page
    assert "* - value\n  - number\n  - yes\n  - ≥ 0\n  - The value, in the unit" in page
    assert "  - ≥ \\-100, ≤ 1,000\n" in page
    assert "* - 亿元\n  - 100 million yuan \\(10⁸ RMB\\)" in page and "  - 0 to 1,000,000\n" in page
    assert "* - about\n  - about N\n  - Approximate" in page
    assert "Qualifiers \\(N stands for the value\\)" in page
    assert stray_chinese(page) == set(), stray_chinese(page)


def test_chinese_appendix_page_reads_as_before(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    page = "\n".join(_page("zh", "assets"))
    assert "zhangjiang\\_structure\\.csv：张江示范区园区构成。主键：id；必需的行：zj\\_zones、zj\\_subparks、" in page
    assert "* - 列\n  - 类型\n  - 必填\n  - 取值\n  - 含义" in page
    assert (
        "  - ≥ \\-100，≤ 1000\n" in page and "  - 0～100万\n" in page
    )  # GB/T 15835: no thousands separator (editor 81)
    assert "* - about\n  - 约N\n  - 约数" in page and "限定词表（N表示数值）" in page
    assert "以及主键和表间引用；各项标题与说明另有英文版本，写在`translations`属性中。" in page


def test_downloads_are_the_same_files_in_every_language(monkeypatch, tmp_path):
    folders = {}
    for lang in languages():
        monkeypatch.chdir(tmp_path)
        appendix.show_files(Page.in_memory(2014, lang, assets=f"assets-{lang}"))
        folders[lang] = tmp_path / f"assets-{lang}" / "data"
    zh = {p.name: p.read_bytes() for p in folders[SOURCE_LANGUAGE].iterdir()}
    assert "datapackage.json" in zh and "data-2014.zip" in zh
    for lang in OTHER:
        assert {p.name: p.read_bytes() for p in folders[lang].iterdir()} == zh, lang


# --- the comparison page -----------------------------------------------------------------------

INDICATOR_NAMES = {
    "总收入": "Total revenue",
    "工业总产值": "Gross industrial output",
    "出口创汇": "Export earnings",
    "净利润": "Net profit",
}


def _write_translations(folder, texts: dict[str, str]) -> None:
    lines = ["zh,lang,text,note"] + [f"{zh},en,{text}," for zh, text in texts.items()]
    (folder / "translations.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "glossary.csv").unlink(missing_ok=True)


@pytest.fixture
def two_years(tmp_path):
    """2014 and the fictional 2031 (whose figures fall), with English names for the indicators and resources."""
    root = tmp_path / "data"
    shutil.copytree(DATA_2014, root / "2014")
    shutil.copytree(FIXTURES / "2031", root / "2031")
    for year in ("2014", "2031"):
        names = dict(INDICATOR_NAMES)
        for line in (root / year / "zhangjiang_resources.csv").read_text(encoding="utf-8").splitlines()[1:]:
            fid, _, name = line.split(",")[:3]
            names[name] = f"Resource {fid}"
        _write_translations(root / year, names)
    return root


def comparison(year: int, data_root, lang: str = "en"):
    """The comparison page written in memory: the page, the editions it compares, and the years left out."""
    page = Page.in_memory(year, lang, data_root)
    eds, skipped = trends.editions(page.edition)
    trend_pages.indicators(page, eds, skipped)
    return page, eds, skipped


def test_english_comparison_reads_down_for_a_decline(two_years):
    page, eds, skipped = comparison(2031, two_years)
    assert [e.year for e in eds] == [2014, 2031] and skipped == []
    text = paragraphs(page)
    old = {f.id: f.text for f in page.view(eds[0].figures("zhangjiang_indicators.csv"))}
    assert text[0] == (
        "This book has data for two years: 2014 and 2031. This page belongs to the 2031 edition; "
        "the comparison below is the same in every edition."
    )
    assert text[1] == (
        f"Total revenue: {old['zj_total_revenue']} in 2014 and RMB 3.12 trillion in 2031, up 17.7% on "
        "the 2014 edition (periods may differ from year to year; see the table below)."
    )
    assert text[2].startswith(
        f"Gross industrial output: {old['zj_industrial_output']} in 2014 and RMB 980 billion "
        "in 2031, down 6.7% on the 2014 edition"
    )
    assert f"Export earnings: {old['zj_export']} in 2014 and US$48 billion in 2031, down 7.5%" in text[3]
    table = trend_pages.table(page, eds)
    assert list(table.columns) == [
        "Year",
        "Indicator",
        "Value",
        "Period",
        "Year-on-year growth (as reported)",
        "Change on the previous edition",
    ]
    cells = [[page.text(cell) for cell in row.tolist()] for _, row in table.iterrows()]  # as the page shows each cell
    profit = [row for row in cells if row[:2] == ["2031", "Net profit"]]  # by name: a new indicator adds rows
    assert profit == [["2031", "Net profit", "RMB 162 billion", "January–November 2031", "6.4%", "up 4.7%"]]
    resources = trend_pages.resources_table(page, eds)
    assert list(resources.columns) == ["Category", "2014", "2031"]
    assert resources.iloc[0]["Category"] == "Resource zj_res_research_institutes"
    alt = figure_alts(page)["trend-indicators"]
    assert alt.startswith(
        f"Small line charts. Total revenue: {old['zj_total_revenue']} in 2014, RMB 3.12 trillion in 2031;"
    )
    shown = " ".join(page.text(c) for c in table.values.ravel())
    assert stray_chinese(" ".join(text) + alt + shown) == set()


def test_english_comparison_names_a_year_left_out_and_states_a_single_year_once(two_years):
    set_cell(two_years / "2031" / "zhangjiang_indicators.csv", "zj_export", "value", "many")
    page, eds, skipped = comparison(2014, two_years)
    assert skipped == [(2031, "zhangjiang_indicators.csv")]
    text = paragraphs(page)
    revenue = page.view(page.edition.figure("zj_total_revenue")).text
    assert text[0].startswith("This book has data for one year: 2014.")
    assert text[1] == "Left out of the comparison: 2031 (its data did not pass validation: zhangjiang_indicators.csv)."
    assert text[2] == f"Total revenue: {revenue} in 2014."
    zh, _, _ = comparison(2014, two_years, "zh")
    zh_text = paragraphs(zh)
    assert zh_text[1] == "未纳入比较的年份：2031年（数据未通过校验：zhangjiang_indicators.csv）。"
    assert zh_text[2] == f"总收入：2014年为{zh.view(zh.edition.figure('zj_total_revenue')).text}。"


def test_the_chart_speaks_the_page_language(two_years):
    import matplotlib

    matplotlib.use("Agg")
    page = Page.in_memory(2031, "en", two_years)
    eds, _ = trends.editions(page.edition)
    fig = trend_pages.chart(page, eds, trends.indicators(eds))
    titles = [ax.get_title(loc="left") for ax in fig.axes if ax.get_title(loc="left")]
    assert titles == [
        "Total revenue (RMB 100 million)",
        "Gross industrial output (RMB 100 million)",
        "Export earnings (US$ 100 million)",
        "Net profit (RMB 100 million)",
    ]
    assert fig._suptitle.get_text() == "Main economic indicators of the Zhangjiang zone, edition by edition"
    matplotlib.pyplot.close(fig)
