"""The house style fails loudly rather than drawing boxes for missing glyphs."""
import io
import time

import matplotlib.pyplot as plt
import pandas as pd
import pytest
from matplotlib import font_manager

from conftest import parse_svg
from zjbook.render import publish, style


def test_missing_font_is_an_error_with_the_install_command(monkeypatch):
    def missing(*args, **kwargs):
        raise ValueError("not found")
    monkeypatch.setattr(font_manager, "findfont", missing)
    with pytest.raises(style.FontMissing) as err:
        style.apply()
    assert "apt-get install -y fonts-noto-cjk" in str(err.value)


def test_a_glyph_the_font_lacks_is_an_error_not_a_box():
    fig, ax = style.new_figure(height=1)
    ax.set_title("张江 \U0001F600")
    with pytest.raises(UserWarning, match="missing from font"):
        fig.savefig(io.BytesIO(), format="svg")
    plt.close(fig)


def test_chinese_labels_use_the_sc_face():
    path = style.font_path()
    assert "NotoSansCJK" in path.replace("-", "").replace(" ", "") or "Noto Sans CJK" in path
    fig, ax = style.new_figure(height=1)
    ax.set_title("张江示范区")
    fig.savefig(io.BytesIO(), format="svg")  # no warning: every glyph is in the font
    plt.close(fig)


def publish_figure(assets):
    """Draw a small figure and write it with ``publish.figure``, as every notebook does."""
    fig, ax = style.new_figure(height=1)
    ax.bar(["甲", "乙"], [1, 2])
    publish.figure(fig, "det", "图注", "替代文字", pd.DataFrame({"类别": ["甲", "乙"], "值": [1, 2]}), assets=assets)
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
