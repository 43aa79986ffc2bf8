"""The notebooks' own Markdown cells (page titles, headings, short introductions) in another language.

The notebooks are written in Chinese, the book's source language. For another language, each
Markdown cell is looked up, by its Chinese text, in that language's ``pages`` table
(``zjbook/wording/<lang>/pages.toml``, one sub-table per notebook)::

    [pages.zhangjiang_overview]
    "# 张江示范区的总体态势" = "# The Zhangjiang zone: the year at a glance"

Keyed by the Chinese text, a cell whose Chinese changes loses its translation and shows up as
missing, instead of the page keeping a translation of what the cell used to say. A missing cell is
published in the original inside a note saying it is not yet translated.
"""
from __future__ import annotations

from . import SOURCE_LANGUAGE, wording


def cell_translations(stem: str, lang: str) -> dict[str, str]:
    words = wording(lang)
    return dict(words.entry(f"pages.{stem}")) if words.has(f"pages.{stem}") else {}


def translate_markdown(nb, stem: str, lang: str) -> list[str]:
    """Replace each Markdown cell of ``nb`` by its ``lang`` version; return the cells that have none."""
    if lang == SOURCE_LANGUAGE:
        return []
    table, missing = cell_translations(stem, lang), []
    label = wording(lang).entry("site.untranslated_label")
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        source = cell.source.strip()
        if source in table:
            cell.source = table[source]
        elif source:
            missing.append(source)
            heading = source.startswith("#")
            marks = source.split(" ", 1)[0] + " " if heading else ""
            body = source[len(marks):]
            cell.source = (f'{marks}<span class="untranslated" title="{label}"><span class="untranslated-label">'
                           f'{label}</span> <span lang="zh-CN">{body}</span></span>')
    return missing


__all__ = ["translate_markdown", "cell_translations"]
