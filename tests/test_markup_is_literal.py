"""Text from the data is shown literally: HTML and MyST markup in a CSV is never executed or rendered."""
import re

from conftest import set_cell
from test_book_html import page
from zjbook.pipeline.build import build

PAYLOAD = "<script>alert(1)</script> {eval}`1+1` `code` **bold** $x$ [link](http://example.invalid)"


def test_markup_in_data_shows_literally(data_copy, tmp_path):
    set_cell(data_copy / "themes.csv", "pilot", "summary", PAYLOAD)
    set_cell(data_copy / "case_items.csv", "lingang", "item", "<b>一城</b>")
    html = build(2014, data_root=data_copy.parent, out_root=tmp_path / "out", report=lambda *_: None)
    themes = page(html, "zhangjiang_themes")
    assert "<script>alert(1)</script>" not in themes
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in themes
    assert "{eval}`1+1`" in themes and "**bold**" in themes and "$x$" in themes
    assert 'href="http://example.invalid"' not in themes and "<strong>bold</strong>" not in themes
    districts = page(html, "districts_themes")
    assert "&lt;b&gt;一城&lt;/b&gt;" in districts and "<b>一城</b>" not in districts


def test_figure_labels_do_not_parse_markup():
    import matplotlib

    from zjbook.render import style
    style.apply()
    assert matplotlib.rcParams["text.parse_math"] is False
    assert matplotlib.rcParams["font.family"] == ["Noto Sans CJK SC"]
