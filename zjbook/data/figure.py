"""One figure of the report as the data stores it, and the texts of the data as values.

A :class:`Figure` is a value: the row of a figure table with empty cells as ``None``. How a page words
it (3.12万亿元 / RMB 3.12 trillion) is the wording's business (:mod:`zjbook.wording`).

A :class:`Text` is a string of the data that a reader sees (a name, an indicator, a sentence of the
report): a ``str`` whose type says "translate me" to the wording of a page in another language.
Codes (ids, qualifiers, units' keys …) stay plain ``str``.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import pandas as pd

from . import schema


class Text(str):
    """A text of the data, in the source language; shown in the page's language."""

    __slots__ = ()


def blank(value) -> bool:
    return value is None or (not isinstance(value, str) and pd.isna(value))


def clean(value, kind: str = "code"):
    """A cell as a section sees it: ``None`` for a blank, :class:`Text` for a text column."""
    if blank(value):
        return None
    if kind == "text" and isinstance(value, str):
        return Text(value)
    return value


@dataclass(frozen=True)
class Figure:
    """One row of a figure table."""

    id: str
    subject: Text
    indicator: Text
    value: float
    unit: str
    qualifier: str
    growth_pct: float | None
    growth_qualifier: str | None
    period_start: str | None
    period_end: str | None
    basis: str
    part_of: str | None
    note: Text | None
    section: str
    heading: Text

    @property
    def has_growth(self) -> bool:
        return self.growth_pct is not None

    @property
    def rate(self) -> float:
        """The stated growth rate, for a figure known to have one."""
        if self.growth_pct is None:
            raise ValueError(f"{self.id} states no growth rate")
        return self.growth_pct

    @property
    def rate_qualifier(self) -> str:
        return self.growth_qualifier or "exact"

    @property
    def is_lower_bound(self) -> bool:
        """ "321多家" (made up): the true count is above the value."""
        return self.qualifier in LOWER_BOUNDS

    @property
    def source(self) -> str:
        return f"{self.section} {self.heading}"


#: Qualifiers that make a value a lower bound ("321多家", "170余家"; made up).
LOWER_BOUNDS = ("more_than", "upwards_of", "over")

FIELDS = tuple(f.name for f in fields(Figure))
_KINDS = {c.name: c.kind for c in schema.FIGURE_COLUMNS}


def figure_from_row(row: dict) -> Figure:
    """A figure from a typed row of a figure table (extra columns are ignored)."""
    return Figure(
        **{k: clean(row.get(k), "text" if _KINDS.get(k) == "text" and k != "unit" else "code") for k in FIELDS}
    )


def figures_of(frame: pd.DataFrame) -> list[Figure]:
    return [figure_from_row(r) for r in frame.to_dict("records")]
