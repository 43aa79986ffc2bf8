"""The book's house style for figures: each language's fonts, one palette, titles, source lines.

A language's figure fonts come from the registry (``zjbook/languages.toml``): Chinese figures use
Noto Sans CJK SC; English ones a Latin face first, the CJK face only as a per-glyph fallback (a
Chinese original inside an English label). Fonts are selected by family name; a missing one is an
error naming the package that installs it, never a silent fallback, and matplotlib's "Glyph … missing"
warning is raised as an error.
"""

from __future__ import annotations

import re
import warnings

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from cycler import cycler  # noqa: E402
from matplotlib import font_manager  # noqa: E402
from matplotlib.ticker import FuncFormatter  # noqa: E402

from .. import languages  # noqa: E402

#: The Chinese face, which every language's figures can fall back to for a Chinese original.
FONT_FAMILY = "Noto Sans CJK SC"

#: The palette: a deep blue for the main series, then accents; grey for context.
BLUE, TEAL, ORANGE, RED, GREY, LIGHT = "#1f4e79", "#2a9d8f", "#e9a23b", "#c8553d", "#8c8c8c", "#dde5ee"
PALETTE = [BLUE, TEAL, ORANGE, RED, "#6a4c93", "#4d908e", "#b5838d", GREY]
TEXT = "#222222"

WIDTH = 7.2  # inches: every figure has the book's width


class FontMissing(RuntimeError):
    pass


def install_hint(family: str) -> str:
    package = languages.registry().font_packages.get(family, "fonts-noto-core")
    return f"sudo apt-get install -y {package}"


def font_path(family: str = FONT_FAMILY) -> str:
    """The file of a font family, or :class:`FontMissing` with the command that installs it."""
    try:
        return font_manager.findfont(font_manager.FontProperties(family=family), fallback_to_default=False)
    except ValueError:
        raise FontMissing(
            f"缺少字体 {family}；请运行：{install_hint(family)}（安装后删除 matplotlib 字体缓存 "
            f"{matplotlib.get_cachedir()}/fontlist-*.json）"
        ) from None


def figure_font_families() -> list[str]:
    """Every family any language's figures use (the build's environment depends on their files)."""
    return list(dict.fromkeys(f for lang in languages.registry().languages for f in lang.figure_fonts))


def apply(language: languages.Language) -> None:
    """Set the house style of ``language`` for every figure that follows."""
    for family in language.figure_fonts:
        font_path(family)
    warnings.filterwarnings("error", message=r"Glyph .* missing from")
    matplotlib.rcParams.update(
        {
            "font.family": list(language.figure_fonts),
            "font.size": 10,
            "axes.unicode_minus": False,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "axes.edgecolor": GREY,
            "axes.labelcolor": TEXT,
            "axes.titlesize": 11,
            "xtick.color": TEXT,
            "ytick.color": TEXT,
            "axes.prop_cycle": cycler(color=PALETTE),
            "figure.dpi": 100,
            "savefig.dpi": 150,
            "svg.hashsalt": "zjbook",
            "text.parse_math": False,  # a "$" in a name from the data is a dollar sign, not mathtext
            "svg.fonttype": "path",
            "figure.facecolor": "white",
        }
    )


def new_figure(language: languages.Language, height: float, nrows: int = 1, ncols: int = 1, **kwargs):
    """A figure of the book's width in the house style, with its axes (as ``plt.subplots``)."""
    apply(language)
    return plt.subplots(nrows, ncols, figsize=(WIDTH, height), **kwargs)


def blank_figure(language: languages.Language, height: float):
    """A figure of the book's width with no axes yet, for custom layouts."""
    apply(language)
    return plt.figure(figsize=(WIDTH, height))


def number_ticks(numbers):
    """Tick labels written by a language's number style (``numbers``): 2500 in Chinese, 2,500 in English."""
    return FuncFormatter(lambda value, _: numbers.number(value, 0))


#: Sizes (points) of the frame's lines, the space between them and around them (inches).
TITLE_SIZE, SUBTITLE_SIZE, SOURCE_SIZE = 13, 9.5, 8
LINE_HEIGHT = 1.3
FRAME_PAD, FRAME_GAP = 0.06, 0.05
#: One piece a line may break after: a CJK character or punctuation mark, or a Latin word with its spaces.
_BREAKABLE = re.compile(r"[\u2e80-\u9fff\uf900-\uffef]|[^\s\u2e80-\u9fff\uf900-\uffef]+\s*|\s+")


def fitted(fig, text: str, size: float, weight: str = "normal", margin: float = 0.2) -> str:
    """``text`` broken into lines that fit the figure's width (less ``margin`` inches), measured as drawn: a
    title, subtitle or source line never runs off the figure or under another.

    Each line takes as many pieces as fit (the first always), found by halving: a longer line is never narrower,
    so a line of n pieces needs about log2(n) measurements, and a text that fits needs one."""
    if not text:
        return text
    renderer = fig.canvas.get_renderer()
    limit = (fig.get_size_inches()[0] - margin) * fig.dpi
    probe = fig.text(0, 0, "", fontsize=size, fontweight=weight)

    def fits(candidate: str) -> bool:
        probe.set_text(candidate)
        return probe.get_window_extent(renderer).width <= limit

    try:
        if fits(text):
            return text.rstrip()
        pieces = _BREAKABLE.findall(text)
        lines: list[str] = []
        start = 0
        while start < len(pieces):
            line = pieces[start].lstrip() if lines else pieces[start]
            taken = start + 1
            while taken < len(pieces) and not line.strip():  # a line holds at least one visible piece
                line += pieces[taken]
                taken += 1
            low, high = taken, len(pieces)  # the line may end after pieces[low - 1]; find the last that fits
            while low < high:
                mid = (low + high + 1) // 2
                if fits(line + "".join(pieces[taken:mid])):
                    low = mid
                else:
                    high = mid - 1
            lines.append((line + "".join(pieces[taken:low])).rstrip())
            start = low
        return "\n".join(lines)
    finally:
        probe.remove()


def _height(text: str, size: float) -> float:
    """The height in inches of ``text``'s lines at ``size`` points."""
    return (text.count("\n") + 1) * size * LINE_HEIGHT / 72 if text else 0.0


def _drawn_height(fig, text: str, size: float, weight: str) -> float:
    """The height in inches of ``text`` as the figure draws it (several lines at the frame's line spacing)."""
    if "\n" not in text:
        return 0.0
    probe = fig.text(0, 0, text, fontsize=size, fontweight=weight, linespacing=LINE_HEIGHT)
    try:
        return probe.get_window_extent(fig.canvas.get_renderer()).height / fig.dpi
    finally:
        probe.remove()


#: The share of a figure's height its plot keeps: the rest was made for one line each of title, subtitle and source.
PLOT_SHARE = 0.85


def frame(fig, title: str, subtitle: str, source: str) -> None:
    """Headline title and subtitle above the plot, source line below, all left-aligned, each broken into lines
    that fit the figure and placed by their heights, so that none overlaps another or the plot. A frame that needs
    more lines than the figure was made for makes the figure taller: the plot keeps its height."""
    title = fitted(fig, title, TITLE_SIZE, "bold")
    subtitle = fitted(fig, subtitle, SUBTITLE_SIZE)
    source = fitted(fig, source, SOURCE_SIZE)
    # a title of several lines measured as drawn: its face's line height can exceed the nominal one (an editor saw
    # a two-line English title run into the subtitle)
    below_title = FRAME_PAD + max(_height(title, TITLE_SIZE), _drawn_height(fig, title, TITLE_SIZE, "bold")) + FRAME_GAP
    above = below_title + _height(subtitle, SUBTITLE_SIZE) + 2 * FRAME_GAP
    below = FRAME_PAD + _height(source, SOURCE_SIZE) + FRAME_GAP
    width, height = fig.get_size_inches()
    height = max(height, height * PLOT_SHARE + above + below)
    fig.set_size_inches(width, height)
    fig.suptitle(
        title,
        x=0.01,
        y=1 - FRAME_PAD / height,
        ha="left",
        va="top",
        fontsize=TITLE_SIZE,
        fontweight="bold",
        color=TEXT,
        linespacing=LINE_HEIGHT,
    )
    fig.text(
        0.01,
        1 - below_title / height,
        subtitle,
        ha="left",
        va="top",
        fontsize=SUBTITLE_SIZE,
        color=GREY,
        linespacing=LINE_HEIGHT,
    )
    fig.text(
        0.01,
        FRAME_PAD / 2 / height,
        source,
        ha="left",
        va="bottom",
        fontsize=SOURCE_SIZE,
        color=GREY,
        linespacing=LINE_HEIGHT,
    )
    fig.tight_layout(rect=(0, below / height, 1, 1 - above / height))
