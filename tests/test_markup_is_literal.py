"""Text from the data is shown literally: HTML and MyST markup in a CSV is never executed or rendered, and
straight quotes stay straight (Sphinx's smart quotes are off)."""

import html as html_text

from conftest import DATA_2014, noto_glyph_ids, set_cell, svg_texts
from test_book_html import page

from zjbook.pipeline.build import build

PAYLOAD = "<script>alert(1)</script> {eval}`1+1` `code` **bold** $x$ [link](http://example.invalid)"
QUOTES = """ 他说"straight"与'single'，it's"""


def test_markup_in_data_shows_literally(data_copy, tmp_path):
    set_cell(data_copy / "themes.csv", "pilot", "summary", PAYLOAD + QUOTES)
    set_cell(data_copy / "case_items.csv", "lingang", "item", "<b>一城</b>")
    out = tmp_path / "out"
    html = build(2014, data_root=data_copy.parent, out_root=out, report=lambda *_: None, langs="zh")
    themes = page(html, "zhangjiang_overview")
    assert "<script>alert(1)</script>" not in themes
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in themes
    assert "{eval}`1+1`" in themes and "**bold**" in themes and "$x$" in themes
    assert 'href="http://example.invalid"' not in themes and "<strong>bold</strong>" not in themes
    districts = page(html, "districts_themes")
    assert "&lt;b&gt;一城&lt;/b&gt;" in districts and "<b>一城</b>" not in districts
    shown = html_text.unescape(themes)
    assert QUOTES.strip() in shown, "straight quotes in a data cell were changed on the page"
    assert not any(curled in shown for curled in ("“straight”", "‘single’", "it’s"))


def test_apostrophes_in_translations_stay_straight(edition_2014):
    """The English pages show the data's translations as written (the glossary writes Jing’an, and the page
    shows exactly that), and the book's own wording with typographic apostrophes (the report’s)."""
    en = html_text.unescape(page(edition_2014 / "en", "districts_overview"))
    written = next(
        line.split(",")[2]
        for line in (DATA_2014 / "glossary.csv").read_text(encoding="utf-8").splitlines()
        if line.startswith("静安区,en,")
    )
    assert written == "Jing’an District" and written in en
    method = html_text.unescape((edition_2014 / "en" / "book" / "method.html").read_text(encoding="utf-8"))
    assert "report’s" in method and "report's" not in method


LABEL = "张江 $x$ 与 $\\alpha$"


def draw_house_figure(assets, label: str):
    """A figure drawn and published the way the notebooks do it, with ``label`` as title, tick and bar label."""
    import pandas as pd

    from zjbook.render import style
    from zjbook.render.page import Page

    page = Page.in_memory(2014, assets=assets)
    fig, ax = page.new_figure(height=2)
    bars = ax.bar([label, "乙"], [1, 2])
    ax.bar_label(bars, labels=[label, "2"])
    style.frame(fig, label, "副标题", "数据来源")
    page.figure(fig, "markup", "图注", "替代文字", pd.DataFrame({"label": [label]}))
    return (assets / "markup.svg").read_text(encoding="utf-8")


def test_figure_labels_do_not_parse_markup(tmp_path):
    """A "$x$" from the data is drawn as its characters, dollar signs and all, in the house font: mathtext
    would draw an italic x from another face, without the dollars."""
    svg = draw_house_figure(tmp_path, LABEL)
    drawn = [glyphs for text, glyphs in svg_texts(svg) if text == LABEL]
    assert len(drawn) == 3  # the title, the tick label and the bar label
    regular, bold = noto_glyph_ids(LABEL), noto_glyph_ids(LABEL, "Bold")
    assert drawn.count(regular) == 2 and drawn.count(bold) == 1, drawn
