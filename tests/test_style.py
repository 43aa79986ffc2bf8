"""The house style fails loudly rather than drawing boxes for missing glyphs."""

import io
import re
import time

import matplotlib.pyplot as plt
import pandas as pd
import pytest
from conftest import parse_svg
from matplotlib import font_manager

from zjbook import languages
from zjbook.render import style
from zjbook.render.page import Page

ZH, EN = languages.get("zh"), languages.get("en")


def test_missing_font_is_an_error_with_the_install_command(monkeypatch):
    def missing(*args, **kwargs):
        raise ValueError("not found")

    monkeypatch.setattr(font_manager, "findfont", missing)
    with pytest.raises(style.FontMissing) as err:
        style.apply(ZH)
    assert "apt-get install -y fonts-noto-cjk" in str(err.value)
    with pytest.raises(style.FontMissing) as err:
        style.apply(EN)
    assert "apt-get install -y fonts-noto-core" in str(err.value)  # the Latin face comes first


def test_a_glyph_the_font_lacks_is_an_error_not_a_box():
    fig, ax = style.new_figure(ZH, height=1)
    ax.set_title("张江 \U0001f600")
    with pytest.raises(UserWarning, match="missing from font"):
        fig.savefig(io.BytesIO(), format="svg")
    plt.close(fig)


def test_chinese_labels_use_the_sc_face():
    path = style.font_path()
    assert "NotoSansCJK" in path.replace("-", "").replace(" ", "") or "Noto Sans CJK" in path
    fig, ax = style.new_figure(ZH, height=1)
    ax.set_title("张江示范区")
    fig.savefig(io.BytesIO(), format="svg")  # no warning: every glyph is in the font
    plt.close(fig)


def publish_figure(assets):
    """Draw a small figure and write it with ``Page.figure``, as every notebook does."""
    page = Page.in_memory(2014, assets=assets)
    fig, ax = page.new_figure(height=1)
    ax.bar(["甲", "乙"], [1, 2])
    page.figure(fig, "det", "图注", "替代文字", pd.DataFrame({"类别": ["甲", "乙"], "值": [1, 2]}))
    return (assets / "det.svg").read_bytes(), (assets / "det.csv").read_bytes()


def test_published_figures_are_deterministic_and_undated(tmp_path):
    first = publish_figure(tmp_path / "a")
    time.sleep(0.01)  # a clock-based date, down to the microsecond, would now differ
    second = publish_figure(tmp_path / "b")
    assert first == second
    svg = first[0].decode("utf-8")
    assert "<dc:date>" not in svg
    assert parse_svg(svg).tag == "{http://www.w3.org/2000/svg}svg"
    assert first[1].decode("utf-8") == "类别,值\n甲,1\n乙,2\n"


def test_english_figures_draw_latin_text_in_a_latin_face_and_chinese_in_the_cjk_face():
    """The English house style: Latin letters and punctuation (an apostrophe, quotes) in the Latin face;
    a Chinese original inside a label falls back to the CJK face, glyph by glyph."""
    fig, ax = style.new_figure(EN, height=1)
    ax.set_title("The zone's “four new” economy (张江)")
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg")
    plt.close(fig)
    svg = buffer.getvalue()
    latin = style.font_path(EN.figure_fonts[0])
    assert "NotoSans-" in latin and "CJK" not in latin
    assert "NotoSans-Regular-" in svg or "NotoSans-" in svg  # glyph ids name the face that drew them
    assert "NotoSansCJKsc" in svg  # the Chinese characters
    ids = set(re.findall(r'id="(NotoSans(?:CJKsc)?-[A-Za-z]+)-', svg))
    assert {i.split("-")[0] for i in ids} == {"NotoSans", "NotoSansCJKsc"}


def test_english_quotes_and_apostrophes_are_drawn_by_the_latin_face_not_the_cjk_one():
    """Curly and straight quotes and apostrophes in an English figure come from the Latin face: the CJK face draws
    exactly the Chinese characters of the label (two here), nothing else."""
    fig, ax = style.new_figure(EN, height=1)
    ax.set_title("The zone’s ‘role’, “four new” and 'x' \"y\" (张江)")
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg")
    plt.close(fig)
    svg = buffer.getvalue()
    cjk_uses = re.findall(r'xlink:href="#(NotoSansCJKsc-[^"]+)"', svg)
    assert len(cjk_uses) == 2 and len(set(cjk_uses)) == 2, cjk_uses
    assert len(re.findall(r'xlink:href="#NotoSans-Regular-[^"]+"', svg)) >= 30


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_title_of_two_lines_stays_clear_of_the_subtitle(lang):
    """Editors saw a two-line English chart title run into its subtitle: the frame measures the title as drawn."""
    fig, ax = style.new_figure(languages.get(lang), 3)
    ax.plot([0, 1], [0, 1])
    long = "Science and Technology Commission of Shanghai Municipality: most collaborations (three)" * (
        1 if lang == "en" else 2
    )
    style.frame(fig, long, "A subtitle that explains how to read the chart", "Source: a report")
    renderer = fig.canvas.get_renderer()
    title = fig._suptitle.get_window_extent(renderer)
    subtitle = next(t for t in fig.texts if t.get_text().startswith("A subtitle")).get_window_extent(renderer)
    assert "\n" in fig._suptitle.get_text()
    assert title.y0 >= subtitle.y1, (title, subtitle)
    plt.close(fig)
