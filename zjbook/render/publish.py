"""Put generated text, figures and tables on a book page, as MyST Markdown outputs.

Data-derived text is escaped, so a ``<script>`` or ``{eval}`` in a CSV shows literally.
Every figure is written as an SVG file with its data beside it as CSV, and displayed as a
numbered ``figure`` directive with alt text, a caption and a download link.

In a draft edition, wherever a paragraph, list item, card or table cell repeats a passage of
an unreviewed row (see :mod:`zjbook.data.review`), that passage is marked in place: a
highlighted span titled “待核对：沿用上一版的文字”. Figures, their captions and alt texts are
never marked.

On a page in another language (the page's edition has ``lang`` other than Chinese), a text the data
does not translate yet comes marked (see :mod:`zjbook.data.translation`): it is shown in the original,
in a span labelled “not yet translated”, never as if it were the translation; in a figure it reads
“[not yet translated] …”. The first time a page names something from the glossary, the Chinese
name follows in parentheses, declared ``lang="zh-CN"``.
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


UNREVIEWED_CLASS = "unreviewed"


def _page():
    from ..data.edition import page_edition
    return page_edition()


def _passages() -> list[str]:
    ed = _page()
    return ed.unreviewed_passages() if ed is not None else []


#: Marks around a glossary name's Chinese original, inserted before escaping (private-use characters).
_GLOSS = ("\ue002", "\ue003")


def gloss_first_mentions(text: str) -> str:
    """After the first mention on this page of each glossary name, its Chinese original (marked)."""
    ed = _page()
    if ed is None or ed.t.identity or not ed.t.terms:
        return text
    terms = sorted((t for t in ed.t.terms if t.text and t.text not in ed.mentioned), key=lambda t: -len(t.text))
    taken: list[tuple[int, int]] = []
    inserts: list[tuple[int, str]] = []
    for term in terms:
        for m in re.finditer(rf"(?<![\w-]){re.escape(term.text)}(?![\w-])", text):
            if any(m.start() < end and start < m.end() for start, end in taken):
                continue
            taken.append((m.start(), m.end()))
            if term.text not in ed.mentioned:
                ed.mentioned.add(term.text)
                inserts.append((m.end(), f"{_GLOSS[0]}{term.zh}{_GLOSS[1]}"))
    for at, mark in sorted(inserts, reverse=True):
        text = text[:at] + mark + text[at:]
    return text


def _page_words():
    from ..wording import wording
    ed = _page()
    return ed.words if ed is not None else wording()


def _finish_marks(escaped: str) -> str:
    """Turn the private-use marks of an escaped text into HTML spans."""
    from ..data.translation import replace_untranslated
    if _GLOSS[0] in escaped:
        escaped = re.sub(f"{_GLOSS[0]}(.*?){_GLOSS[1]}", r' (<span lang="zh-CN" class="zh-name">\1</span>)', escaped)
    if "\ue000" in escaped:
        label = _page_words().entry("site.untranslated_label")
        escaped = replace_untranslated(escaped, lambda zh: (
            f'<span class="untranslated" title="{label}"><span class="untranslated-label">{label}</span> '
            f'<span lang="zh-CN">{zh}</span></span>'))
    return escaped


def plain_text(text: str, words=None) -> str:
    """``text`` for places without markup (alt texts, captions): untranslated passages spelled out
    in the page's language (or in ``words``, a :class:`zjbook.wording.Wording`)."""
    from ..data.translation import replace_untranslated
    if "\ue000" not in str(text):
        return str(text)
    words = words or _page_words()
    return replace_untranslated(str(text), lambda zh: words.say("site.untranslated_plain", text=zh))


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
    text = gloss_first_mentions(one_line(text))
    out, at = [], 0
    for start, end in unreviewed_spans(text):
        out.append(escape(text[at:start]))
        title = _page_words().entry("site.unreviewed_title")
        out.append(f'<span class="{UNREVIEWED_CLASS}" title="{title}">{escape(text[start:end])}</span>')
        at = end
    out.append(escape(text[at:]))
    return _finish_marks("".join(out))


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
    ed = _page()
    note = ed.say("site.omitted", part=part) if ed is not None else f"本版次的数据没有提供“{part}”，这一部分从略。"
    markdown(f":::{{note}}\n{literal(note)}\n:::")


def figure_text(text: str) -> str:
    """``text`` for a figure, untranslated passages spelled out: for labels matplotlib lays out itself
    (category ticks), which must never reach it with the marks (they have no glyph)."""
    from ..data.translation import replace_untranslated
    if "\ue000" not in str(text):
        return text
    words = _page_words()
    return replace_untranslated(str(text), lambda zh: words.say("site.untranslated_figure", text=zh))


def _figure_texts(fig) -> None:
    """Spell out untranslated passages in every text of a figure (titles, labels, ticks, legends)."""
    from matplotlib.text import Text
    for artist in fig.findobj(Text):
        label = artist.get_text()
        if "\ue000" in label:
            artist.set_text(figure_text(label))


def assets_dir(base: str | Path) -> Path:
    path = Path(base or "assets")
    path.mkdir(parents=True, exist_ok=True)
    return path


def figure(fig, name: str, caption: str, alt: str, data: pd.DataFrame, assets: str | Path = "assets") -> None:
    """Save ``fig`` as ``<assets>/<name>.svg`` and its data as ``<name>.csv``; show both on the page."""
    folder = assets_dir(assets)
    svg, csv = folder / f"{name}.svg", folder / f"{name}.csv"
    _figure_texts(fig)
    caption, alt = plain_text(caption), plain_text(alt)
    fig.savefig(svg, format="svg", metadata={"Date": None}, bbox_inches="tight")
    plt.close(fig)
    data.to_csv(csv, index=False, encoding="utf-8", lineterminator="\n")
    rel = Path(assets or "assets").as_posix()
    markdown(
        f"```{{figure}} {rel}/{name}.svg\n:name: fig-{name}\n:alt: {one_line(alt)}\n:width: 100%\n\n{escape(one_line(caption))}\n```\n\n"
        f"{{download}}`{_page_words().entry('site.download_figure_data')} <{rel}/{name}.csv>`"
    )


def table(frame: pd.DataFrame, name: str, caption: str) -> None:
    """A numbered table (``list-table``) whose cells are shown literally."""
    rows = [list(frame.columns)] + frame.astype(object).where(frame.notna(), "").values.tolist()
    body = "\n".join(
        "* " + "\n  ".join(f"- {literal(cell) if str(cell) else ' '}" for cell in row) for row in rows
    )
    markdown(f"```{{list-table}} {escape(one_line(plain_text(caption)))}\n:header-rows: 1\n:name: tbl-{name}\n\n{body}\n```")


def card(title: str, body: list[str], points: list[str] | None = None, kind: str = "note",
         css: str = "theme-card") -> None:
    """A boxed card (a MyST admonition): title, paragraphs and an optional list, all shown literally."""
    parts = [literal(p) for p in body]
    if points:
        parts.append("\n".join(f"- {literal(p)}" for p in points))
    inner = "\n\n".join(parts)
    markdown(f"::::{{admonition}} {literal(title)}\n:class: {kind} {css}\n\n{inner}\n::::")
