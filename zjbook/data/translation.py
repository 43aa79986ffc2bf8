"""The data's texts in another language: ``glossary.csv`` (names) and ``translations.csv`` (other texts).

Both map a Chinese text, exactly as it stands in the data, to its translation. A cell is found whole,
or — for a list cell written "甲；乙；丙" — item by item. A text without a translation is never passed
off as translated: :func:`Translator.__call__` returns it wrapped in :data:`UNTRANSLATED` marks, which
the page (see :mod:`zjbook.render.publish`) shows as a visibly marked passage in the original.
Because a translation is keyed by the Chinese text, editing that text in a new edition leaves the
old translation unmatched, and :func:`missing` lists it.
"""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from . import schema
from .problems import WARNING, Problem

#: Marks around a text that has no translation: ``\\ue000原文\\ue001`` (private-use characters, never in data).
UNTRANSLATED = ("\ue000", "\ue001")
_UNTRANSLATED = re.compile("\ue000(.*?)\ue001", re.S)
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]")
ITEM_SEPARATOR = "；"


def has_cjk(text) -> bool:
    return isinstance(text, str) and bool(_CJK.search(text))


def untranslated(text: str) -> str:
    return f"{UNTRANSLATED[0]}{text}{UNTRANSLATED[1]}"


def untranslated_spans(text: str) -> list[str]:
    """The original texts marked as untranslated in ``text``."""
    return _UNTRANSLATED.findall(text)


def replace_untranslated(text: str, how) -> str:
    """``text`` with each marked passage replaced by ``how(original)``."""
    return _UNTRANSLATED.sub(lambda m: how(m.group(1)), text)


@dataclass(frozen=True)
class Term:
    zh: str
    text: str
    kind: str


def _rows(tables: dict[str, pd.DataFrame], file: str, lang: str) -> list[dict]:
    frame = tables.get(file)
    if frame is None:
        return []
    return [r for r in frame.to_dict("records") if r["lang"] == lang]


class Translator:
    """Translate the data's texts into ``lang``; the source language translates to itself."""

    def __init__(self, tables: dict[str, pd.DataFrame], lang: str, source: str = "zh"):
        self.lang, self.source = lang, source
        self.identity = lang == source
        self.terms = [Term(r["zh"], r["text"], r["kind"]) for r in _rows(tables, "glossary.csv", lang)]
        self.table: dict[str, str] = {t.zh: t.text for t in self.terms}
        for r in _rows(tables, "translations.csv", lang):
            self.table.setdefault(r["zh"], r["text"])

    def find(self, text: str) -> str | None:
        """The translation of a whole text, or of each of its "；" items; None if any part is missing."""
        text = text.strip()
        if text in self.table:
            return self.table[text]
        if ITEM_SEPARATOR in text:
            parts = [self.table.get(p.strip()) for p in text.split(ITEM_SEPARATOR) if p.strip()]
            if parts and all(p is not None for p in parts):
                return "; ".join(parts)
        return None

    def __call__(self, text):
        """The text in this language; a missing translation comes back marked (see :data:`UNTRANSLATED`)."""
        if self.identity or text is None or not has_cjk(text):
            return text
        found = self.find(str(text))
        if found is not None:
            return found
        if ITEM_SEPARATOR in text:  # translate what can be, mark the rest item by item
            return "; ".join(self(p.strip()) for p in text.split(ITEM_SEPARATOR) if p.strip())
        return untranslated(str(text))

    def items(self, text) -> list[str]:
        """A list cell's items, each translated (or marked)."""
        return [self(p.strip()) for p in str(text or "").split(ITEM_SEPARATOR) if p.strip()]


def texts_to_translate(tables: dict[str, pd.DataFrame]):
    """(file, line, column, text) for every text cell with Chinese in it, outside the translation files."""
    for file, frame in tables.items():
        table = schema.TABLES_BY_FILE.get(file)
        if table is None or file in schema.TRANSLATION_FILES:
            continue
        text_columns = [c.name for c in table.columns if c.kind == "text" and c.name in frame.columns]
        for i, row in enumerate(frame[text_columns].to_dict("records")):
            for column, value in row.items():
                if has_cjk(value):
                    yield file, i + 2, column, value


def csv_line(cells: list[str]) -> str:
    """One row as it is written in a CSV file, quoted where needed: ready to paste."""
    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow(cells)
    return out.getvalue()


def missing(data_dir: Path, tables: dict[str, pd.DataFrame], lang: str) -> list[Problem]:
    """One warning per text (or list item) that has no ``lang`` version, with the row to add."""
    translate = Translator(tables, lang)
    problems, seen = [], set()
    for file, line, column, value in texts_to_translate(tables):
        if translate.find(value) is not None:
            continue
        parts = [p.strip() for p in value.split(ITEM_SEPARATOR) if p.strip()] if ITEM_SEPARATOR in value else [value]
        for part in parts:
            if part in translate.table or (part, lang) in seen:
                continue
            seen.add((part, lang))
            language = schema.TARGET_LANGUAGES.get(lang, lang)
            problems.append(Problem(
                Path(data_dir) / file, f"没有{language}译文：“{part}”", line, column,
                fix=f"在 translations.csv 加一行 {csv_line([part, lang, '译文'])}，把“译文”换成{language}译文"
                    f"（lang 为 {lang}；名称则加在 glossary.csv，另填 kind 列）",
                severity=WARNING, code=f"untranslated-{lang}"))
    return problems


def unused(tables: dict[str, pd.DataFrame], lang: str) -> list[tuple[str, str]]:
    """(file, Chinese) of translation rows that no text of the data uses any more (a text was rewritten)."""
    used = set()
    for _, _, _, value in texts_to_translate(tables):
        used.add(value.strip())
        used.update(p.strip() for p in value.split(ITEM_SEPARATOR))
    return [(file, r["zh"]) for file in schema.TRANSLATION_FILES for r in _rows(tables, file, lang)
            if r["zh"].strip() not in used]


__all__ = ["unused", "Translator", "Term", "missing", "untranslated", "untranslated_spans", "replace_untranslated",
           "has_cjk", "UNTRANSLATED"]
