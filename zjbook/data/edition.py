"""One edition's data: the validated tables of ``data/<year>/`` and handy look-ups."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .. import paths
from ..wording import SOURCE_LANGUAGE, Wording, wording
from . import review, schema
from .translation import Translator
from .validate import DataError, validate_year


class UnknownYear(ValueError):
    """A year with no data folder."""


@dataclass
class Figure:
    """One row of a figure table, written in the edition's language (the report's way in Chinese).

    The stored fields are the data as it stands (Chinese texts, language-neutral numbers): downloads use
    them. What a page shows is ``text``, ``label``, ``period``…, which follow the edition's language."""

    id: str
    subject: str
    indicator: str
    value: float
    unit: str
    qualifier: str
    growth_pct: float | None
    growth_qualifier: str | None
    period_start: str | None
    period_end: str | None
    basis: str
    part_of: str | None
    note: str | None
    section: str
    heading: str
    words: Wording = field(default_factory=wording, repr=False, compare=False)
    translate: Translator | None = field(default=None, repr=False, compare=False)

    def _t(self, text):
        return self.translate(text) if self.translate else text

    @property
    def text(self) -> str:
        """The value as the language writes it: 3.12万亿元 / RMB 3.12 trillion, 321多家 / more than 321 (made up)."""
        return self.words.numbers.amount(self.value, self.unit, self.qualifier)

    @property
    def label(self) -> str:
        """The indicator's name in the edition's language."""
        return self._t(self.indicator)

    @property
    def subject_label(self) -> str:
        return self._t(self.subject)

    @property
    def note_label(self) -> str | None:
        return self._t(self.note) if self.note else self.note

    @property
    def growth_text(self) -> str:
        return self.words.numbers.percent(self.growth_pct, self.growth_qualifier) if self.has_growth else ""

    @property
    def growth_phrase(self) -> str:
        return self.words.numbers.growth_phrase(self.growth_pct, self.growth_qualifier) if self.has_growth else ""

    @property
    def has_growth(self) -> bool:
        return self.growth_pct is not None

    @property
    def period(self) -> str:
        return self.words.numbers.period_label(self.period_start, self.period_end)

    @property
    def source(self) -> str:
        return f"{self.section} {self.heading}"


def record_read(file: str) -> None:
    """Note that the running notebook used ``file``, given as ``<year>/<name>`` under the data root.

    The build's cache keys each notebook on the files it read."""
    log = os.environ.get("ZJBOOK_READS_LOG")
    if log:
        with open(log, "a", encoding="utf-8") as f:
            f.write(file + "\n")


def items(text: str | None) -> list[str]:
    """Split a list cell written with full-width semicolons: "甲；乙；丙" → ["甲", "乙", "丙"]."""
    return [t.strip() for t in (text or "").split("；") if t.strip()]


def _clean(v):
    return None if v is None or (not isinstance(v, str) and pd.isna(v)) else v


class Edition:
    """Everything the book knows about one year, read from its validated data folder."""

    def __init__(self, year: int | str, data_root: str | Path | None = None, lang: str = SOURCE_LANGUAGE):
        self.year = int(year)
        self.lang = lang
        self.words = wording(lang)  # unknown languages fail here, before any data is read
        self.dir = paths.data_dir(self.year, data_root)
        self.data_root = self.dir.parent
        if not self.dir.is_dir():
            years = paths.available_years(data_root)
            raise UnknownYear(f"没有 {self.year} 年的数据：缺少文件夹 {self.dir}（现有年份：{', '.join(map(str, years)) or '无'}）")
        self.tables = validate_year(self.dir)
        self.meta: dict[str, str] = dict(zip(self.tables["edition.csv"]["key"], self.tables["edition.csv"]["value"]))
        record_read(f"{self.year}/edition.csv")
        self.t = Translator(self.tables, lang, SOURCE_LANGUAGE)
        if not self.t.identity:
            for file in schema.TRANSLATION_FILES:
                record_read(f"{self.year}/{file}")
        self.mentioned: set[str] = set()  # glossary names already explained on this page (first mention)
        _register_page_edition(self)

    def say(self, key: str, **context) -> str:
        """The wording ``key`` of the edition's language, given ``context`` (``t``, ``year`` and ``ed`` included)."""
        return self.words.say(key, **{"t": self.t, "year": self.year, "ed": self, **context})

    def untranslated(self) -> list:
        """The data's texts without a version in this edition's language (none for Chinese)."""
        if self.t.identity:
            return []
        from .translation import missing
        return missing(self.dir, self.tables, self.lang)

    def items(self, text) -> list[str]:
        """A list cell ("甲；乙；丙") as items in the edition's language."""
        return self.t.items(text) if not self.t.identity else items(text)

    @property
    def review(self) -> review.ReviewState:
        """The edition's review state (``review.csv``): which carried-over text rows nobody has checked yet."""
        if not hasattr(self, "_review"):
            record_read(f"{self.year}/{review.REVIEW_FILE}")
            self._review = review.read(self.dir)
        return self._review

    def unreviewed_passages(self) -> list[str]:
        """Texts of unreviewed rows as they may appear on a page (in its language); publishing marks them."""
        passages = self.review.passages()
        if self.t.identity:
            return passages
        return [found for p in passages if (found := self.t.find(p)) is not None]

    def status(self) -> review.Status:
        """Review state and plausibility warnings: is this edition a draft? (Computed once.)"""
        if not hasattr(self, "_status"):
            from .plausibility import previous_year_dir
            record_read("*")  # which earlier years there are decides what the warnings compare with
            previous = previous_year_dir(self.dir)
            if previous is not None:  # the warnings compare with it, and whether it validates counts
                record_read(f"{previous.name}/*")
            self._status = review.Status(self.review, review.current_warnings(self.dir))
        return self._status

    def has(self, file: str) -> bool:
        record_read(f"{self.year}/{file}")
        return file in self.tables

    def table(self, file: str) -> pd.DataFrame:
        record_read(f"{self.year}/{file}")
        return self.tables[file]

    def rows(self, file: str) -> list[dict]:
        """The rows of a table as dicts, empty cells as ``None``; no rows if the file is absent."""
        if not self.has(file):
            return []
        return [{k: _clean(v) for k, v in row.items()} for row in self.tables[file].to_dict("records")]

    def fact(self, fact_id: str) -> str | None:
        return next((r["text"] for r in self.rows("facts.csv") if r["id"] == fact_id), None)

    def figure_files(self) -> list[str]:
        return [f for f in schema.FIGURE_FILES if self.has(f)]

    def figures(self, file: str) -> list[Figure]:
        frame = self.table(file)
        return [Figure(**{k: _clean(v) for k, v in row.items()}, words=self.words, translate=self.t)
                for row in frame.to_dict("records")]

    def figure(self, figure_id: str) -> Figure:
        """The figure with this id, from whichever figure table holds it (ids are unique across them)."""
        for file in schema.FIGURE_FILES:
            if file in self.tables and figure_id in set(self.tables[file]["id"]):
                return next(f for f in self.figures(file) if f.id == figure_id)
        raise KeyError(f"no figure {figure_id!r} in {self.dir}")

    def source_line(self, section: str | None = None) -> str:
        """The source credit printed under figures and tables."""
        return self.say("site.source_line", meta={k: self.t(v) for k, v in self.meta.items()}, section=section or "")


#: The edition a page belongs to: the first one loaded since the read log last changed. The build gives
#: each notebook its own read log, and a notebook loads its own edition first (the comparison page loads
#: the other years after it), so this is the notebook's edition; outside a build, the first one loaded.
_page: tuple[str | None, "Edition"] | None = None


def _register_page_edition(ed: "Edition") -> None:
    global _page
    log = os.environ.get("ZJBOOK_READS_LOG")
    if _page is None or _page[0] != log:
        _page = (log, ed)


def page_edition() -> "Edition | None":
    """The edition whose page is being written, if any (see above)."""
    return _page[1] if _page else None


def set_page_edition(ed: "Edition | None") -> None:
    """Choose the page's edition explicitly (tests, or a script that loads several editions)."""
    global _page
    _page = (os.environ.get("ZJBOOK_READS_LOG"), ed) if ed is not None else None


__all__ = ["Edition", "Figure", "UnknownYear", "DataError"]
