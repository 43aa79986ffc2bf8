"""The data's texts in another language: ``glossary.csv`` (names) and ``translations.csv`` (other texts).

Both map a Chinese text, exactly as it stands in the data, to its translation. A cell is found whole,
or — for a list cell written "甲；乙；丙" — item by item. A text without a translation is never passed
off as translated: :meth:`Translator.__call__` returns it as an :class:`Untranslated` value (the text
it falls back to, and that text's language), which a page shows visibly marked. Because a
translation is keyed by the Chinese text, editing that text in a new edition leaves the old
translation unmatched, and :func:`missing` lists it.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .. import languages
from . import schema
from .problems import WARNING, Problem

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]")
ITEM_SEPARATOR = "；"


def has_cjk(text) -> bool:
    return isinstance(text, str) and bool(_CJK.search(text))


class Untranslated(str):
    """A data text with no translation in the page's language: the text shown instead (the original, or a
    fallback language's translation) and ``lang``, the language it is in."""

    __slots__ = ("lang",)
    lang: str

    def __new__(cls, text: str, lang: str = languages.SOURCE):
        self = super().__new__(cls, text)
        self.lang = lang
        return self


@dataclass(frozen=True)
class Term:
    zh: str
    text: str
    kind: str
    #: the English is the book's own rendering (the glossary's note says "descriptive translation" or
    #: "transliterated"), not a name the body itself uses in English
    own: bool = False


def _rows(tables: dict[str, pd.DataFrame], file: str, lang: str) -> list[dict]:
    frame = tables.get(file)
    if frame is None:
        return []
    return [r for r in frame.to_dict("records") if r["lang"] == lang]


class Partial(str):
    """A list cell only some of whose items have a translation: ``parts`` holds each item, translated (``str``)
    or not (:class:`Untranslated`); as a string it is the items joined."""

    __slots__ = ("parts",)
    parts: list

    def __new__(cls, parts: list):
        self = super().__new__(cls, "; ".join(parts))
        self.parts = parts
        return self


class Translator:
    """Translate the data's texts into ``lang``, falling back along ``fallback`` (languages tried next, in
    order); the source language translates to itself."""

    def __init__(self, tables: dict[str, pd.DataFrame], lang: str, fallback: tuple[str, ...] = ()):
        self.lang = lang
        self.identity = lang == languages.SOURCE
        self.terms = [
            Term(r["zh"], r["text"], r["kind"], schema.own_rendering(r["kind"], str(r.get("note") or "")))
            for r in _rows(tables, "glossary.csv", lang)
        ]
        self.tables = {code: _table(tables, code) for code in (lang, *fallback) if code != languages.SOURCE}

    @property
    def table(self) -> dict[str, str]:
        return self.tables.get(self.lang, {})

    def find(self, text: str, lang: str | None = None) -> str | None:
        """The translation of a whole text, or of each of its "；" items; None if any part is missing."""
        table = self.tables.get(lang or self.lang, {})
        text = text.strip()
        if text in table:
            return table[text]
        if ITEM_SEPARATOR in text:
            parts = [table.get(p.strip()) for p in text.split(ITEM_SEPARATOR) if p.strip()]
            found = [p for p in parts if p is not None]
            if parts and len(found) == len(parts):
                return "; ".join(found)
        return None

    def __call__(self, text):
        """The text in this language; a missing translation comes back :class:`Untranslated`."""
        if self.identity or text is None or not has_cjk(text) or isinstance(text, Untranslated):
            return text
        found = self.find(str(text))
        if found is not None:
            return found
        for code in list(self.tables)[1:]:  # the fallbacks, in order
            found = self.find(str(text), code)
            if found is not None:
                return Untranslated(found, code)
        if ITEM_SEPARATOR in text:  # translate what can be, mark the rest item by item
            return Partial(self.items(text))
        return Untranslated(str(text))

    def items(self, text) -> list:
        """A list cell's items, each translated (or :class:`Untranslated`)."""
        return [self(p.strip()) for p in str(text or "").split(ITEM_SEPARATOR) if p.strip()]


def _table(tables: dict[str, pd.DataFrame], lang: str) -> dict[str, str]:
    """Chinese text → its ``lang`` translation, names (glossary) first."""
    table = {r["zh"]: r["text"] for r in _rows(tables, "glossary.csv", lang)}
    for r in _rows(tables, "translations.csv", lang):
        table.setdefault(r["zh"], r["text"])
    return table


def texts_to_translate(tables: dict[str, pd.DataFrame]):
    """(file, line, column, text) for every text cell with Chinese in it, outside the translation files."""
    for file, frame in tables.items():
        table = schema.TABLES_BY_FILE.get(file)
        if table is None or file in schema.TRANSLATION_FILES:
            continue
        text_columns = [c.name for c in table.columns if c.kind == "text" and c.translated and c.name in frame.columns]
        # the file's own line of each row (rows not reported this year are left out of the frame)
        lines = frame.attrs.get("lines") or []
        if len(lines) != len(frame):
            lines = list(range(2, len(frame) + 2))
        for line, row in zip(lines, frame[text_columns].to_dict("records"), strict=True):
            for column, value in row.items():
                if has_cjk(value):
                    yield file, line, column, value


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
            language = languages.get(lang).name_zh
            problems.append(
                Problem(
                    Path(data_dir) / file,
                    f"没有{language}译文：“{part}”",
                    line,
                    column,
                    fix=f"在 translations.csv 加一行 {csv_line([part, lang, '译文'])}，把“译文”换成{language}译文"
                    f"（lang 为 {lang}；名称则加在 glossary.csv，另填 kind 列）",
                    severity=WARNING,
                    code=f"untranslated-{lang}",
                )
            )
    return problems


def unused(tables: dict[str, pd.DataFrame], lang: str) -> list[tuple[str, str]]:
    """(file, Chinese) of translation rows that no text of the data uses any more (a text was rewritten). A name of
    the glossary is in use wherever a text holds it (pages name it inside longer texts: a heading, a title)."""
    used = set()
    for _, _, _, value in texts_to_translate(tables):
        used.add(value.strip())
        used.update(p.strip() for p in value.split(ITEM_SEPARATOR))
    every = "\n".join(used)
    return [
        (file, r["zh"])
        for file in schema.TRANSLATION_FILES
        for r in _rows(tables, file, lang)
        if r["zh"].strip() not in used and not (file == "glossary.csv" and r["zh"].strip() in every)
    ]


__all__ = ["unused", "Translator", "Term", "missing", "Untranslated", "Partial", "has_cjk"]
