"""One edition's data: the validated tables of ``data/<year>/``, read once, and handy look-ups.

An :class:`Edition` is a read-only value. What a page uses of it is recorded in a :class:`ReadLog`
when one is given (the page's): each file with the SHA-256 of the bytes its table was parsed from,
so the build keys a page's cache entry on exactly what that page read — an edit made while the page
was being executed can't be stored under the new bytes.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from types import MappingProxyType

import pandas as pd

from .. import paths
from . import divisions, review, schema
from . import status as release_status
from .digest import LISTING, WHOLE_FOLDER, file_digest, folder_digest, listing_digest
from .figure import Figure, Text, clean, figures_of
from .review import ReviewState, Status
from .validate import DataError, checked_year, load_year, previous_year_dir

__all__ = [
    "Edition",
    "Figure",
    "Text",
    "UnknownYear",
    "DataError",
    "ReadLog",
    "items",
    "folder_digest",
    "listing_digest",
    "WHOLE_FOLDER",
    "LISTING",
]


class UnknownYear(ValueError):
    """A year with no data folder."""


class ReadLog:
    """The data a page read: ``<year>/<file>`` (or ``<year>/*``, or ``*``) → the digest of what was read,
    in the order first read. ``on_change`` is called with the log after each new entry."""

    def __init__(self, on_change: Callable[[ReadLog], None] | None = None):
        self.entries: dict[str, str] = {}
        self._on_change = on_change

    def record(self, name: str, digest: str) -> None:
        if self.entries.get(name) != digest:
            self.entries[name] = digest
            if self._on_change:
                self._on_change(self)

    def names(self) -> list[str]:
        return list(self.entries)


def items(text: str | None) -> list[Text]:
    """Split a list cell written with full-width semicolons: "甲；乙；丙" → ["甲", "乙", "丙"]."""
    return [Text(t.strip()) for t in (text or "").split("；") if t.strip()]


class Edition:
    """Everything the book knows about one year, read from its validated data folder."""

    def __init__(self, year: int | str, data_root: str | Path | None = None, reads: ReadLog | None = None):
        self.year = int(year)
        self.dir = paths.data_dir(self.year, data_root)
        self.data_root = self.dir.parent
        if not self.dir.is_dir():
            years = paths.available_years(data_root)
            raise UnknownYear(
                f"没有 {self.year} 年的数据：缺少文件夹 {self.dir}（现有年份：{', '.join(map(str, years)) or '无'}）"
            )
        loaded = load_year(self.dir)
        assert loaded.tables is not None  # load_year raises when there are errors
        self.tables: MappingProxyType[str, pd.DataFrame] = MappingProxyType(loaded.tables)
        self.digests: MappingProxyType[str, str] = MappingProxyType(dict(loaded.digests))
        self._reads = reads
        self._status: Status | None = None
        #: Each table's rows and figures, converted once (pages ask for the same table many times), and shared by
        #: every edition read from the same validated bytes (:attr:`~zjbook.data.validate.CheckResult.derived`):
        #: their tables are equal, and a row is handed out as a copy, a figure is a frozen value.
        self._rows: dict[str, tuple[dict, ...]] = loaded.derived.setdefault("edition_rows", {})
        self._figures: dict[str, tuple[Figure, ...]] = loaded.derived.setdefault("edition_figures", {})
        self.meta: dict[str, str] = dict(zip(self.tables["edition.csv"]["key"], self.tables["edition.csv"]["value"]))
        self._record("edition.csv")
        if self._reads is not None:  # validation compared districts.csv with the divisions in force
            registry = divisions.registry_path(self.data_root)
            self._reads.record(divisions.FILE, file_digest(registry))

    # --- what a page read ----------------------------------------------------------------------
    def _record(self, file: str) -> None:
        if self._reads is not None:
            digest = self.digests.get(file) or file_digest(self.dir / file)
            self._reads.record(f"{self.year}/{file}", digest)

    def record_folder(self, folder: Path | None = None) -> None:
        """Note that the page depends on a whole year folder (this one by default): whether it validates,
        its figures."""
        folder = Path(folder or self.dir)
        if self._reads is not None:
            self._reads.record(f"{folder.name}/{WHOLE_FOLDER}", folder_digest(folder))

    def record_listing(self) -> None:
        """Note that the page depends on which years there are."""
        if self._reads is not None:
            self._reads.record(LISTING, listing_digest(self.data_root))

    def other(self, year: int) -> Edition:
        """Another year's edition under the same data root, its reads recorded in the same log."""
        return Edition(year, self.data_root, self._reads)

    # --- tables --------------------------------------------------------------------------------
    def has(self, file: str) -> bool:
        self._record(file)
        return file in self.tables

    def table(self, file: str) -> pd.DataFrame:
        self._record(file)
        return self.tables[file]

    def rows(self, file: str) -> list[dict]:
        """The rows of a table as dicts: empty cells ``None``, text columns :class:`Text`; none if absent."""
        if not self.has(file):
            return []
        if file not in self._rows:
            kinds = {c.name: c.kind for c in schema.TABLES_BY_FILE[file].columns}
            self._rows[file] = tuple(
                {k: clean(v, kinds.get(k, "code")) for k, v in row.items()}
                for row in self.tables[file].to_dict("records")
            )
        return [dict(row) for row in self._rows[file]]  # the caller's own copies

    def fact(self, fact_id: str) -> Text | None:
        return next((r["text"] for r in self.rows("facts.csv") if r["id"] == fact_id), None)

    def items(self, text: str | None) -> list[Text]:
        return items(text)

    def figure_files(self) -> list[str]:
        return [f for f in schema.FIGURE_FILES if self.has(f)]

    def figures(self, file: str) -> list[Figure]:
        table = self.table(file)
        if file not in self._figures:
            self._figures[file] = tuple(figures_of(table))
        return list(self._figures[file])

    def figure(self, figure_id: str) -> Figure:
        """The figure with this id, from whichever figure table holds it (ids are unique across them)."""
        for file in schema.FIGURE_FILES:
            if file in self.tables and figure_id in set(self.tables[file]["id"]):
                return next(f for f in self.figures(file) if f.id == figure_id)
        raise KeyError(f"no figure {figure_id!r} in {self.dir}")

    def not_reported(self, *files: str) -> list[dict]:
        """The rows of ``files`` this year's report does not give (marked ``not_reported`` in review.csv, left
        out of the tables): each with its file, key, a label (the indicator or the row's own words) and reason.
        Carried-over items the new text does not mention at all are left out silently: the page does not
        list last year's news to say it is not this year's."""
        marked = review.not_reported_keys(self.dir)
        if not marked:
            return []
        self._record(review.REVIEW_FILE)
        absent = review.absent_keys(self.dir)
        out, labels = [], set()
        for file in files:
            if file not in marked:
                continue
            rows = review.table_rows(self.dir, file)
            for key, reason in marked[file].items():
                if (file, key) in absent:
                    continue  # last year's item the new text never mentions: not this year's news, nothing to say
                row = rows.get(key, {})
                terms = review.mention_terms(file, row)
                label = row.get("indicator") or row.get("title") or (terms[0] if terms else key)
                if label not in labels:
                    labels.add(label)
                    out.append({"file": file, "key": key, "label": Text(label), "reason": reason})
        return out

    # --- review state --------------------------------------------------------------------------
    @property
    def review(self) -> ReviewState:
        """The edition's review state (``review.csv``): which carried-over text rows nobody has checked yet."""
        self._record(review.REVIEW_FILE)
        return review.read(self.dir)

    def status(self) -> Status:
        """Review state and plausibility warnings: is this edition a draft? (Computed once.)"""
        self.record_listing()  # which earlier years there are decides what the warnings compare with
        previous = previous_year_dir(self.dir)
        if previous is not None:  # the warnings compare with it, and whether it validates counts
            self.record_folder(previous)
        if self._status is None:
            self._status = Status(self.review, release_status.current_warnings(self.dir))
        return self._status


def validates(folder: Path) -> bool:
    """Whether a year's folder passes validation (only such years are linked and compared); a folder whose inputs
    this process has already checked is not checked again (every page and build asks of the same years)."""
    return not checked_year(Path(folder)).errors


def figure_frame(figures: list[Figure]) -> pd.DataFrame:
    """Figures as a table of their stored fields (for downloads)."""
    return pd.DataFrame([{k: getattr(f, k) for k in f.__dataclass_fields__} for f in figures])
