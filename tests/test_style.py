"""The house style fails loudly rather than drawing boxes for missing glyphs."""
import io

import matplotlib.pyplot as plt
import pytest
from matplotlib import font_manager

from zjbook.render import style


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


def test_svg_output_is_deterministic():
    def render():
        fig, ax = style.new_figure(height=1)
        ax.bar(["甲", "乙"], [1, 2])
        buf = io.BytesIO()
        fig.savefig(buf, format="svg", metadata={"Date": None})
        plt.close(fig)
        return buf.getvalue()
    assert render() == render()
