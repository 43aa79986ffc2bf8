"""Put generated text, figures and tables on a book page, as MyST Markdown outputs.

Data-derived text is escaped, so a ``<script>`` or ``{eval}`` in a CSV shows literally.
Every figure is written as an SVG file with its data beside it as CSV, and displayed as a
numbered ``figure`` directive with alt text, a caption and a download link.

In a draft edition, wherever a paragraph, list item, card or table cell repeats a passage of
an unreviewed row (see :mod:`zjbook.data.review`), that passage is marked in place: a
highlighted span titled “待核对：沿用上一版的文字”. Figures, their captions and alt texts are
never marked.
"""
from __future__ import annotations

import re
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import Markdown, display

_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+\-.!|~$^:&@=\"'])")


def escape(text: str) -> str:
    """Backslash-escape Markdown/MyST punctuation so text is shown exactly as written."""
    return _SPECIAL.sub(r"\\\1", str(text))


UNREVIEWED_TITLE = "待核对：沿用上一版的文字"
UNREVIEWED_CLASS = "unreviewed"


def _passages() -> list[str]:
    from ..data.edition import page_edition
    ed = page_edition()
    return ed.unreviewed_passages() if ed is not None else []


def unreviewed_spans(text: str) -> list[tuple[int, int]]:
    """Where ``text`` repeats a passage of an unreviewed row of the page's edition: merged (start, end) pairs."""
    found = []
    for passage in _passages():
        start = text.find(passage)
        while start >= 0:
            found.append((start, start + len(passage)))
            start = text.find(passage, start + 1)
    merged: list[tuple[int, int]] = []
    for start, end in sorted(found):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def literal(text) -> str:
    """``text`` escaped to show literally; in a draft, what repeats an unreviewed row is marked in place.

    Escaping works character by character, so the text can be cut at the marks and escaped piece by piece."""
    text = one_line(text)
    out, at = [], 0
    for start, end in unreviewed_spans(text):
        out.append(escape(text[at:start]))
        out.append(f'<span class="{UNREVIEWED_CLASS}" title="{UNREVIEWED_TITLE}">{escape(text[start:end])}</span>')
        at = end
    out.append(escape(text[at:]))
    return "".join(out)


def one_line(text: str) -> str:
    return " ".join(str(text).split()) if "\n" in str(text) else str(text)


def markdown(source: str) -> None:
    display(Markdown(source))


def paragraph(*sentences: str) -> None:
    """One paragraph, on one line (a newline inside Chinese text would show as a space); nothing if empty."""
    text = "".join(one_line(s) for s in sentences if s)
    if text:
        markdown(literal(text))


def bullets(items: list[str]) -> None:
    if items:
        markdown("\n".join(f"- {literal(i)}" for i in items))


def omitted(part: str) -> None:
    """The short note shown where an optional part has no data in this edition."""
    markdown(f":::{{note}}\n本版次的数据没有提供“{escape(part)}”，这一部分从略。\n:::")


def assets_dir(base: str | Path) -> Path:
    path = Path(base or "assets")
    path.mkdir(parents=True, exist_ok=True)
    return path


def figure(fig, name: str, caption: str, alt: str, data: pd.DataFrame, assets: str | Path = "assets") -> None:
    """Save ``fig`` as ``<assets>/<name>.svg`` and its data as ``<name>.csv``; show both on the page."""
    folder = assets_dir(assets)
    svg, csv = folder / f"{name}.svg", folder / f"{name}.csv"
    fig.savefig(svg, format="svg", metadata={"Date": None}, bbox_inches="tight")
    plt.close(fig)
    data.to_csv(csv, index=False, encoding="utf-8", lineterminator="\n")
    rel = Path(assets or "assets").as_posix()
    markdown(
        f"```{{figure}} {rel}/{name}.svg\n:name: fig-{name}\n:alt: {one_line(alt)}\n:width: 100%\n\n{escape(one_line(caption))}\n```\n\n"
        f"{{download}}`下载本图数据（CSV） <{rel}/{name}.csv>`"
    )


def table(frame: pd.DataFrame, name: str, caption: str) -> None:
    """A numbered table (``list-table``) whose cells are shown literally."""
    rows = [list(frame.columns)] + frame.astype(object).where(frame.notna(), "").values.tolist()
    body = "\n".join(
        "* " + "\n  ".join(f"- {literal(cell) if str(cell) else ' '}" for cell in row) for row in rows
    )
    markdown(f"```{{list-table}} {escape(one_line(caption))}\n:header-rows: 1\n:name: tbl-{name}\n\n{body}\n```")


def card(title: str, body: list[str], points: list[str] | None = None, kind: str = "note",
         css: str = "theme-card") -> None:
    """A boxed card (a MyST admonition): title, paragraphs and an optional list, all shown literally."""
    parts = [literal(p) for p in body]
    if points:
        parts.append("\n".join(f"- {literal(p)}" for p in points))
    inner = "\n\n".join(parts)
    markdown(f"::::{{admonition}} {literal(title)}\n:class: {kind} {css}\n\n{inner}\n::::")
