"""The book's house style for figures: one CJK font, one palette, titles, source lines.

Chinese labels use Noto Sans CJK SC, selected by family name. A missing font is an error,
never a silent fallback to boxes: matplotlib's "Glyph … missing" warning is raised as an error.
"""
from __future__ import annotations

import warnings

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib import font_manager  # noqa: E402

FONT_FAMILY = "Noto Sans CJK SC"
INSTALL_HINT = "sudo apt-get install -y fonts-noto-cjk"

#: The palette: a deep blue for the main series, then accents; grey for context.
BLUE, TEAL, ORANGE, RED, GREY, LIGHT = "#1f4e79", "#2a9d8f", "#e9a23b", "#c8553d", "#8c8c8c", "#dde5ee"
PALETTE = [BLUE, TEAL, ORANGE, RED, "#6a4c93", "#4d908e", "#b5838d", GREY]
TEXT = "#222222"

WIDTH = 7.2  # inches: every figure has the book's width


class FontMissing(RuntimeError):
    pass


def font_path() -> str:
    """The file of the CJK font, or :class:`FontMissing` with the command that installs it."""
    try:
        return font_manager.findfont(font_manager.FontProperties(family=FONT_FAMILY), fallback_to_default=False)
    except ValueError:
        raise FontMissing(f"缺少中文字体 {FONT_FAMILY}；请运行：{INSTALL_HINT}（安装后删除 matplotlib 字体缓存 {matplotlib.get_cachedir()}/fontlist-*.json）") from None


def apply() -> None:
    """Set the house style for every figure that follows."""
    font_path()
    warnings.filterwarnings("error", message=r"Glyph .* missing from")
    matplotlib.rcParams.update({
        "font.family": [FONT_FAMILY],
        "font.size": 10,
        "axes.unicode_minus": False,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.edgecolor": GREY,
        "axes.labelcolor": TEXT,
        "axes.titlesize": 11,
        "xtick.color": TEXT,
        "ytick.color": TEXT,
        "axes.prop_cycle": matplotlib.cycler(color=PALETTE),
        "figure.dpi": 100,
        "savefig.dpi": 150,
        "svg.hashsalt": "zjbook",
        "text.parse_math": False,  # a "$" in a name from the data is a dollar sign, not mathtext
        "svg.fonttype": "path",
        "figure.facecolor": "white",
    })


def new_figure(height: float, nrows: int = 1, ncols: int = 1, **kwargs):
    """A figure of the book's width in the house style, with its axes (as ``plt.subplots``)."""
    apply()
    return plt.subplots(nrows, ncols, figsize=(WIDTH, height), **kwargs)


def blank_figure(height: float):
    """A figure of the book's width with no axes yet, for custom layouts."""
    apply()
    return plt.figure(figsize=(WIDTH, height))


def number_ticks(numbers):
    """Tick labels written by a language's number style (``numbers``): 2500 in Chinese, 2,500 in English."""
    from matplotlib.ticker import FuncFormatter
    return FuncFormatter(lambda value, _: numbers.number(value, 0))


def frame(fig, title: str, subtitle: str, source: str) -> None:
    """Headline title and subtitle above the plot, source line below, all left-aligned.

    Untranslated passages are spelled out before the layout measures the texts (their private-use marks
    have no glyph, which the house style treats as an error)."""
    from .publish import _figure_texts
    fig.suptitle(title, x=0.01, y=0.995, ha="left", va="top", fontsize=13, fontweight="bold", color=TEXT)
    fig.text(0.01, 0.935, subtitle, ha="left", va="top", fontsize=9.5, color=GREY)
    fig.text(0.01, 0.005, source, ha="left", va="bottom", fontsize=8, color=GREY)
    _figure_texts(fig)
    fig.tight_layout(rect=(0, 0.05, 1, 0.9))
