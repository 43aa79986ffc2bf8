"""The English edition's own texts: the notebooks' Markdown cells (pages.toml), the frame of the book
(book.toml) and the hand-written pages under book/en/."""
import copy
import re

import nbformat
import pytest
import yaml

from zjbook import paths
from zjbook.data.translation import has_cjk
from zjbook.wording import Wording
from zjbook.wording.notebook_pages import cell_translations, translate_markdown

#: The draft-review page stays Chinese in every edition.
CHINESE_ONLY = {"review"}
NOTEBOOKS = sorted(p.stem for p in paths.NOTEBOOKS.glob("*.ipynb") if p.stem not in CHINESE_ONLY)
EN = Wording("en")
ZH = Wording("zh")


def markdown_cells(stem: str) -> list[str]:
    nb = nbformat.read(paths.NOTEBOOKS / f"{stem}.ipynb", as_version=4)
    return [c.source.strip() for c in nb.cells if c.cell_type == "markdown" and c.source.strip()]


def test_the_notebooks_are_found():
    assert {"zhangjiang_overview", "zizhu", "districts_themes", "data_appendix", "comparison"} <= set(NOTEBOOKS)
    assert "review" not in NOTEBOOKS


@pytest.mark.parametrize("stem", NOTEBOOKS)
def test_every_markdown_cell_has_english(stem):
    nb = nbformat.read(paths.NOTEBOOKS / f"{stem}.ipynb", as_version=4)
    chinese = [c.source.strip() for c in nb.cells if c.cell_type == "markdown"]
    assert translate_markdown(nb, stem, "en") == []
    english = [c.source for c in nb.cells if c.cell_type == "markdown"]
    table = cell_translations(stem, "en")
    assert english == [table[zh] for zh in chinese]
    assert not any(has_cjk(text) for text in english)


def test_no_stale_entries():
    """Every table names a notebook with translated pages, every key is one of its cells as it stands."""
    tables = EN.words("pages")
    assert set(tables) == set(NOTEBOOKS)
    for stem, table in tables.items():
        stale = set(table) - set(markdown_cells(stem))
        assert not stale, (stem, stale)


def test_english_entries_have_no_chinese_and_keep_the_heading_level():
    for stem, table in EN.words("pages").items():
        for zh, en in table.items():
            assert not has_cjk(en), (stem, en)
            zh_marks, en_marks = (re.match(r"#*", s).group(0) for s in (zh, en))
            assert zh_marks == en_marks, (stem, zh, en)
            assert not zh_marks or en.startswith(zh_marks + " ")
            assert zh.count("\n") == en.count("\n"), (stem, en)


def test_a_changed_cell_shows_up_as_untranslated():
    """Keyed by the Chinese text: editing a cell leaves its old English unmatched, and the page marks it."""
    nb = nbformat.read(paths.NOTEBOOKS / "zizhu.ipynb", as_version=4)
    cell = next(c for c in nb.cells if c.cell_type == "markdown" and c.source.startswith("## "))
    cell.source = cell.source.strip() + "（修订）"
    edited = copy.deepcopy(cell.source)
    assert translate_markdown(nb, "zizhu", "en") == [edited]
    assert "not yet translated" in cell.source and cell.source.startswith("## ")
    assert 'lang="zh-CN"' in cell.source


def test_english_headings_read_as_expected():
    assert cell_translations("zhangjiang_overview", "en")["# 张江示范区的总体态势"] == \
        "# The Zhangjiang zone: overall performance"
    # the comparison page's title and its part in the contents say the same
    assert cell_translations("comparison", "en")["# 多年比较"] == "# " + EN.words("book.toc")["多年比较"]


# --- book.toml -------------------------------------------------------------------------------------

def flat_keys(node, prefix=""):
    out = set()
    for key, value in node.items():
        out |= flat_keys(value, f"{prefix}{key}.") if isinstance(value, dict) else {prefix + key}
    return out


def test_both_languages_have_the_same_book_keys():
    assert flat_keys(EN.words("book")) == flat_keys(ZH.words("book"))
    assert {"title", "toc.附录", "footer", "numfig_figure", "numfig_table", "all_editions", "edition_label",
            "other_editions", "draft_badge", "draft_text", "switch_label"} <= flat_keys(EN.words("book"))


def toc_captions() -> set[str]:
    toc = yaml.safe_load((paths.ROOT / "_toc.yml").read_text(encoding="utf-8"))
    return {part["caption"] for part in toc["parts"]}


def test_toc_captions_cover_the_outline_and_the_inserted_parts():
    captions = toc_captions() | {"多年比较", "草稿"}
    assert set(ZH.words("book.toc")) == set(EN.words("book.toc")) == captions
    assert all(zh == shown for zh, shown in ZH.words("book.toc").items())
    assert EN.words("book.toc")["张江示范区（4.1）"] == "Zhangjiang Demonstration Zone (4.1)"
    assert EN.words("book.toc")["附录"] == "Appendix"


def test_english_book_texts_have_no_chinese():
    def strings(node):
        for value in node.values():
            yield from strings(value) if isinstance(value, dict) else [value]
    texts = list(strings({k: v for k, v in EN.words("book").items() if k != "toc"})) + list(EN.words("book.toc").values())
    chinese = [t for t in texts if has_cjk(t)]
    assert not chinese


@pytest.mark.parametrize("lang, language, figure", [("zh", "zh_CN", "图 %s"), ("en", "en", "Figure %s")])
def test_the_staged_configuration_takes_the_frame_from_the_wording(tmp_path, lang, language, figure):
    from zjbook.data.edition import Edition
    from zjbook.pipeline.build import write_config
    ed = Edition(2014, lang=lang)
    write_config(ed, tmp_path)
    config = yaml.safe_load((tmp_path / "_config.yml").read_text(encoding="utf-8"))
    sphinx = config["sphinx"]["config"]
    assert sphinx["language"] == language and sphinx["numfig_format"]["figure"] == figure
    assert config["author"] == ed.words.say("book.author")
    footer = config["html"]["extra_footer"]
    assert footer.endswith(ed.words.say("book.footer", source_line="", data_as_of="").split("<br>")[1])
    assert "CC BY 4.0" in footer and not re.search(r"[\u4e00-\u9fff]", footer if lang == "en" else "")
    assert config["title"] == (ed.meta["book_title"] if lang == "zh" else ed.t(ed.meta["book_title"]))


def test_english_footer_and_banner():
    footer = EN.say("book.footer", source_line="Source: a report", data_as_of="2031-05")
    assert footer.startswith("Source: a report. Data as of 2031-05. ") and "<br>" in footer and "CC BY 4.0" in footer
    assert EN.say("book.edition_label", year=2031) == "2031 edition"
    assert EN.say("book.this_edition", edition="2031 edition") == "This page is part of the <strong>2031 edition</strong>"
    parts = [EN.say("book.draft_summary.unreviewed", count=1), EN.say("book.draft_summary.warnings", count=2)]
    assert parts == ["1 carried-over passage to check", "2 warnings to acknowledge"]
    assert EN.say("book.draft_text", summary=EN.numbers.series(parts), review_link="<a>x</a>") == \
        "This edition has not been fully reviewed (1 carried-over passage to check and 2 warnings to acknowledge); see the <a>x</a>"
    zh = [ZH.say("book.draft_summary.unreviewed", count=3), ZH.say("book.draft_summary.problems", count=1)]
    assert ZH.say("book.draft_text", summary=ZH.numbers.series(zh), review_link="<a>x</a>") == \
        "本版尚未审阅完毕（3 处沿用上一版的文字待核对、review.csv 有 1 处问题），见<a>x</a>"


def test_language_switch_is_written_in_its_own_language():
    assert (EN.say("book.switch_label"), EN.say("book.html_lang")) == ("English", "en")
    assert (ZH.say("book.switch_label"), ZH.say("book.html_lang")) == ("中文", "zh-CN")


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
    assert not has_cjk(MARKED_CHINESE.sub("", text)), [l for l in text.splitlines() if has_cjk(MARKED_CHINESE.sub("", l))]


def test_intro_keeps_the_data_derived_highlights():
    intro = page("en", "intro.md")
    assert {"fig_zj_total_revenue", "growth_zj_total_revenue", "fig_zj_res_mnc_rnd", "edition_source_line"} <= names(intro)
    assert intro.startswith("# {{ edition_book_title }}")
    assert "```{tableofcontents}" in intro


def test_adapt_page_gives_the_same_commands_and_the_english_workflow():
    commands = lambda text: set(re.findall(r"make [a-z][a-z-]*", text))  # noqa: E731
    english = page("en", "adapt.md")
    assert commands(page("adapt.md")) <= commands(english)
    for text in ("glossary.csv", "translations.csv", "make book LANGS=zh", "not yet translated"):
        assert text in english, text


def test_english_method_page_states_the_rate_rule():
    rule = next(line for line in page("en", "method.md").splitlines() if "one decimal place" in line)
    n = EN.numbers
    for example in (n.percent(4), n.percent(15, "about"), n.growth_phrase(-0.04), n.growth_phrase(0), n.share(0.04)):
        assert f"“{example}”" in rule, (example, rule)
