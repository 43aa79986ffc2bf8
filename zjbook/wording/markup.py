"""Text ready for a book page (MyST Markdown), kept apart from text that still needs escaping.

A :class:`Safe` string is already escaped or is markup written by the book itself; anything else is
escaped character by character (:func:`escape`), so a ``<script>`` or ``{eval}`` in the data shows
literally. Because escaping works character by character, escaped pieces can be joined and searched.
"""

from __future__ import annotations

import html
import re

_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+\-.!|~$^:&@=\"'])")


class Safe(str):
    """Page markup: escaped text or the book's own HTML/MyST. Not escaped again."""

    __slots__ = ()

    def __html__(self) -> str:
        """Already page markup: Jinja's output escaping (on in the markup environment) leaves it as it is."""
        return self


def escape(text) -> Safe:
    """Backslash-escape Markdown/MyST punctuation so ``text`` is shown exactly as written."""
    if isinstance(text, Safe):
        return text
    return Safe(_SPECIAL.sub(r"\\\1", str(text)))


def one_line(text: str) -> str:
    """A paragraph on one line: a newline inside Chinese text would show as a space."""
    return " ".join(str(text).split()) if "\n" in str(text) else str(text)


def untranslated_span(shown, label: str, html_lang: str, label_lang: str | None = None) -> Safe:
    """A passage shown in another language than the page's, marked as not yet translated (``label_lang``: the
    label's language when it is not the page's, a language still without its own label)."""
    label = html.escape(label, quote=True)
    in_lang = f' lang="{label_lang}"' if label_lang else ""
    return Safe(
        f'<span class="untranslated" title="{label}"><span class="untranslated-label"{in_lang}>{label}</span> '
        f'<span lang="{html_lang}">{escape(shown)}</span></span>'
    )


def gloss_inside(original: str, html_lang: str) -> Safe:
    """The original of a name whose short form follows it in brackets, opening those brackets:
    ``(<span lang="zh-CN">张江示范区</span>; the Zhangjiang zone)``."""
    return Safe(f'<span lang="{html_lang}" class="zh-name">{escape(original)}</span>; ')


def gloss_span(original: str, html_lang: str) -> Safe:
    """The original of a name after its first mention on a page: `` (<span lang="zh-CN">杨浦区</span>)``. A document's
    title marks are left out (editors 87, 88: 《》 inside an English bracket; the plan's gloss had none)."""
    return Safe(f' (<span lang="{html_lang}" class="zh-name">{escape(original.strip("《》"))}</span>)')
