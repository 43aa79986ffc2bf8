"""The pages' own texts in every language: titles, headings and introductions keyed by stable ids
(pages.toml), the frame of the book (book.toml) and the hand-written pages under book/en/."""

import re

import nbformat
import pytest
import yaml

from zjbook import languages, paths
from zjbook.data.translation import has_cjk
from zjbook.render.page import Page
from zjbook.wording import HERE, Voice, Wording

NOTEBOOKS = sorted(p.stem for p in paths.NOTEBOOKS.glob("*.ipynb"))
EN = Wording("en")
ZH = Wording("zh")
#: A page text is referred to by its id: page.title("pages.<page>.<key>"), page.heading(…), page.paragraph(…).
PAGE_KEY = re.compile(r"""["']pages\.(\w+)\.(\w+)["']|f["']pages\.(\w+)\.\{""")


def code_of(path) -> str:
    if path.suffix == ".ipynb":
        return "\n".join(c.source for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code")
    return path.read_text(encoding="utf-8")


def referenced() -> set[tuple[str, str]]:
    """(page, key) of every page text the notebooks and the renderer ask for by a literal id."""
    found = set()
    for path in [*paths.NOTEBOOKS.glob("*.ipynb"), *(paths.ROOT / "zjbook" / "render").rglob("*.py")]:
        found |= {(m.group(1), m.group(2)) for m in PAGE_KEY.finditer(code_of(path)) if m.group(1)}
    return found


def test_notebooks_hold_no_hand_written_text():
    """Every title, heading and sentence comes from the wording: no Markdown cell, no Chinese in the code."""
    for stem in NOTEBOOKS:
        nb = nbformat.read(paths.NOTEBOOKS / f"{stem}.ipynb", as_version=4)
        assert not [c for c in nb.cells if c.cell_type == "markdown"], stem
        code = [c.source for c in nb.cells if c.cell_type == "code" and "parameters" not in c.metadata.get("tags", [])]
        assert not has_cjk("\n".join(code)), stem


@pytest.mark.parametrize("lang", languages.codes())
def test_every_page_text_asked_for_is_defined(lang):
    words = Wording(lang)
    for page, key in referenced():
        assert words.has(f"pages.{page}.{key}"), (lang, page, key)
        source, found_in = words.find(f"pages.{page}.{key}")
        assert found_in == lang or words.missing(), (lang, page, key)


def test_no_stale_page_entries():
    """Every entry of pages.toml is asked for by a notebook or the renderer by a literal id (a district theme's
    heading is one generated entry, pages.districts_themes.theme, not one entry per theme id)."""
    used = referenced()
    for lang in languages.codes():
        tables = Wording(lang).entries.get("pages", {})  # a new language may not have the file yet
        defined = {(page, key) for page, table in tables.items() for key in table}
        assert defined <= used and (defined == used or Wording(lang).missing()), (lang, defined ^ used)


def test_english_page_texts_have_no_chinese():
    for page, table in EN.entries["pages"].items():
        for key, text in table.items():
            assert not has_cjk(text), (page, key, text)


def test_a_missing_entry_falls_back_to_chinese_marked_as_untranslated(monkeypatch):
    """A language that lacks an entry shows the Chinese one, marked: a new language can start with one page."""
    words = Wording("en")
    monkeypatch.delitem(words.entries["pages"]["zizhu"], "title")
    voice = Voice("en")
    monkeypatch.setattr(voice, "wording", words)
    said = voice.say("pages.zizhu.title")
    assert 'class="untranslated"' in said and f'<span lang="zh-CN">{ZH.entry("pages.zizhu.title")}</span>' in said
    assert voice.plain("pages.zizhu.title").startswith("[not yet translated")
    assert "pages.zizhu.title" in words.missing()


def test_english_headings_read_as_expected():
    assert EN.entry("pages.zhangjiang_overview.title") == "The Zhangjiang zone: overall performance"
    # the comparison page's title and its part in the contents say the same
    assert EN.entry("pages.comparison.title") == EN.words("book.toc")["多年比较"]


def test_each_language_has_a_wording_folder_and_the_registry_declares_it():
    folders = {p.name for p in HERE.iterdir() if p.is_dir() and not p.name.startswith(("_", "."))}
    assert folders == set(languages.codes())
    assert Page.in_memory(2014, "en").language.html_lang == "en"


# --- book.toml -------------------------------------------------------------------------------------


def flat_keys(node, prefix=""):
    out = set()
    for key, value in node.items():
        out |= flat_keys(value, f"{prefix}{key}.") if isinstance(value, dict) else {prefix + key}
    return out


def test_both_languages_have_the_same_book_keys():
    assert flat_keys(EN.words("book")) == flat_keys(ZH.words("book"))
    assert {
        "title",
        "toc.附录",
        "footer",
        "numfig_figure",
        "numfig_table",
        "all_editions",
        "edition_label",
        "other_editions",
        "draft_badge",
        "draft_text",
        "switch_title",
    } <= flat_keys(EN.words("book"))


def toc_captions() -> set[str]:
    toc = yaml.safe_load((paths.ROOT / "_toc.yml").read_text(encoding="utf-8"))
    return {part["caption"] for part in toc["parts"]}


def test_toc_captions_cover_the_outline_and_the_inserted_parts():
    captions = toc_captions() | {"多年比较", "草稿"}
    assert set(ZH.words("book.toc")) == set(EN.words("book.toc")) == captions
    assert all(zh == shown for zh, shown in ZH.words("book.toc").items())
    assert EN.words("book.toc")["张江示范区"] == "The Zhangjiang Demonstration Zone"
    assert EN.words("book.toc")["供分析人员"] == "For analysts"
    assert EN.words("book.toc")["附录"] == "Appendix"


def test_english_book_texts_have_no_chinese():
    def strings(node):
        for value in node.values():
            yield from strings(value) if isinstance(value, dict) else [value]

    texts = list(strings({k: v for k, v in EN.words("book").items() if k != "toc"})) + list(
        EN.words("book.toc").values()
    )
    chinese = [t for t in texts if has_cjk(t)]
    assert not chinese


@pytest.mark.parametrize("lang, language, figure", [("zh", "zh_CN", "图%s"), ("en", "en", "Figure %s")])
def test_the_staged_configuration_takes_the_frame_from_the_wording(tmp_path, lang, language, figure):
    from zjbook.data.edition import Edition
    from zjbook.pipeline.build import write_config

    ed = Edition(2014)
    voice = Page.in_memory(2014, lang, edition=ed).voice
    (tmp_path / "book" / "_static").mkdir(parents=True)
    write_config(ed, voice, tmp_path)
    config = yaml.safe_load((tmp_path / "_config.yml").read_text(encoding="utf-8"))
    sphinx = config["sphinx"]["config"]
    assert sphinx["language"] == language and sphinx["numfig_format"]["figure"] == figure
    assert config["author"] == voice.plain("book.author")
    footer = config["html"]["extra_footer"]
    assert footer.endswith(voice.plain("book.footer", source_line="", data_as_of="").split("<br>")[1])
    assert "CC BY 4.0" in footer and not re.search(r"[\u4e00-\u9fff]", footer if lang == "en" else "")
    assert config["title"] == voice.text(ed.meta["book_title"])
    assert (ed.meta["book_title"] == config["title"]) == (lang == "zh")
    fonts = (tmp_path / "book" / "_static" / "language.css").read_text(encoding="utf-8")
    assert re.search(r"--zj-font: \"" + re.escape(languages.get(lang).page_fonts[0]), fonts)


def test_english_footer_and_banner():
    EN, ZH = Voice("en"), Voice("zh")  # noqa: N806
    footer = EN.plain("book.footer", source_line="Source: a report", data_as_of="2031-05")
    assert (
        footer.startswith("Source: a report. Latest reference date of the data: 2031-05.<br>")
        and "<br>" in footer
        and "CC BY 4.0" in footer
    )
    assert EN.plain("book.edition_label", year=2031) == "2031 edition"
    assert (
        EN.plain("book.this_edition", edition="2031 edition")
        == "This page is part of the <strong>2031 edition</strong>"
    )
    parts = [EN.plain("book.draft_summary.unreviewed", count=1), EN.plain("book.draft_summary.warnings", count=2)]
    assert parts == ["1 carried-over passage to check", "2 warnings to acknowledge"]
    assert (
        EN.plain("book.draft_text", summary=EN.entry("book.draft_summary.join").join(parts), review_link="<a>x</a>")
        == "This edition has not been fully reviewed (1 carried-over passage to check; 2 warnings to acknowledge); see the <a>x</a>"
    )
    zh = [ZH.plain("book.draft_summary.unreviewed", count=3), ZH.plain("book.draft_summary.problems", count=1)]
    assert (
        ZH.plain("book.draft_text", summary=ZH.entry("book.draft_summary.join").join(zh), review_link="<a>x</a>")
        == "本版尚未审阅完毕（3处沿用上一版的文字待核对；review.csv有1处问题），见<a>x</a>"
    )


def test_language_switch_is_written_in_its_own_language():
    assert (languages.get("en").name, languages.get("en").html_lang) == ("English", "en")
    assert (languages.get("zh").name, languages.get("zh").html_lang) == ("中文", "zh-CN")
    assert not has_cjk(EN.entry("book.switch_title")) and has_cjk(ZH.entry("book.switch_title"))


# --- book/en/*.md ----------------------------------------------------------------------------------

PAGES = ("intro", "method", "adapt")
MARKED_CHINESE = re.compile(r'<(span|code) lang="zh-CN">[^<]*</\1>')


def page(*parts: str) -> str:
    return paths.BOOK.joinpath(*parts).read_text(encoding="utf-8")


def names(text: str) -> set[str]:
    return set(re.findall(r"{{\s*(\w+)\s*}}", text))


@pytest.mark.parametrize("name", PAGES)
def test_english_page_uses_the_same_substitutions(name):
    assert names(page("en", f"{name}.md")) == names(page(f"{name}.md"))


@pytest.mark.parametrize("name", PAGES)
def test_english_page_has_no_unmarked_chinese(name):
    """Chinese on an English page only as a marked literal (a unit code, a qualifier word)."""
    text = page("en", f"{name}.md")
    assert not has_cjk(MARKED_CHINESE.sub("", text)), [
        l for l in text.splitlines() if has_cjk(MARKED_CHINESE.sub("", l))
    ]


def test_intro_keeps_the_data_derived_highlights():
    intro = page("en", "intro.md")
    assert {"edition_highlights", "edition_reading_notes", "edition_source_line"} <= names(intro)
    assert intro.startswith("# {{ edition_book_title }}")
    assert "```{tableofcontents}" in intro


def test_adapt_page_gives_the_same_commands_and_the_english_workflow():
    commands = lambda text: set(re.findall(r"make [a-z][a-z-]*", text))  # noqa: E731
    english = page("en", "adapt.md")
    assert commands(page("adapt.md")) <= commands(english)
    for text in ("glossary.csv", "translations.csv", "make book LANGS=zh", "not yet translated"):
        assert text in english, text


def test_english_method_page_states_the_rate_rule():
    # the house style is written down once, on the method page, for readers and editors alike
    rule = next(
        line for line in page("en", "method.md").splitlines() if "one decimal place" in line and "as in" in line
    )
    n = EN.numbers
    for example in (n.percent(6), n.percent(15, "about")):
        assert f"“{example}”" in rule, (example, rule)
    # the forms only some data call for are in the editorial style (editor 74)
    rule = next(line for line in page("en", "adapt.md").splitlines() if "A fall is written" in line)
    for example in (n.growth_phrase(-0.04), n.growth_phrase(0), n.share(0.04)):
        assert f"“{example}”" in rule, (example, rule)
