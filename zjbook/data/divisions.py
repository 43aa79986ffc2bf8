"""Shanghai's districts and counties by date: ``data/divisions.csv``, shared by every edition.

One row per division with the months it was in force (``valid_from`` inclusive, ``valid_until``
exclusive, both ``YYYY-MM``, blank for "before any edition" and "still"), the division that took its
place (``successor``), its English name and the sentence that says how it ended (``change``). A name can
hold two rows: the old Jing'an District ended when it merged with Zhabei in November of the year of the change and the new
Jing'an District began that month.

Each edition uses the divisions in force at the end of its period (``data_as_of`` in edition.csv):
its ``districts.csv`` must list exactly those (validation says which is missing or no longer exists),
``new-year`` and ``extract`` write it from here, and every count of districts and counties the book
prints is computed from it. A figure, action, box or collaboration whose district no longer existed
at the period's end is an error that names the successor.

The registry is read from the data root (``<data_root>/divisions.csv``) when it has one, else from the
repository's ``data/divisions.csv``: a test's data root may declare fictional changes of its own.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from .. import paths

FILE = "divisions.csv"  # one of paths.SHARED_DATA_FILES
HEADER = [
    "district",
    "short_name",
    "kind",
    "zone_type",
    "tile_row",
    "tile_col",
    "valid_from",
    "valid_until",
    "successor",
    "en",
    "change",
]
_MONTH = re.compile(r"[0-9]{4}-(0[1-9]|1[0-2])")


class DivisionsError(ValueError):
    """The registry cannot be read or is inconsistent; the message is one line."""


@dataclass(frozen=True)
class Division:
    district: str
    short_name: str
    kind: str
    zone_type: str
    tile_row: int
    tile_col: int
    valid_from: str  # YYYY-MM, "" = before any edition
    valid_until: str  # YYYY-MM (exclusive), "" = still in force
    successor: str
    en: str
    change: str

    def in_force(self, month: str) -> bool:
        return (not self.valid_from or self.valid_from <= month) and (not self.valid_until or month < self.valid_until)


def registry_path(data_root: str | Path | None = None) -> Path:
    """The registry this data root uses: its own ``divisions.csv``, or the repository's."""
    own = Path(data_root or paths.DATA) / FILE
    return own if own.is_file() else paths.DATA / FILE


def read(data_root: str | Path | None = None) -> list[Division]:
    path = registry_path(data_root)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as e:
        raise DivisionsError(f"无法读取区划表 {path}：{e}") from e
    out = []
    for n, row in enumerate(csv.DictReader(text.splitlines()), start=2):
        cells = {k: (row.get(k) or "").strip() for k in HEADER}
        for col in ("valid_from", "valid_until"):
            if cells[col] and not _MONTH.fullmatch(cells[col]):
                raise DivisionsError(f"区划表 {path} 第{n}行 {col}“{cells[col]}”不是 YYYY-MM 形式的月份")
        try:
            tile = int(cells["tile_row"]), int(cells["tile_col"])
        except ValueError:
            raise DivisionsError(f"区划表 {path} 第{n}行的 tile_row、tile_col 须为整数") from None
        out.append(
            Division(
                cells["district"],
                cells["short_name"],
                cells["kind"],
                cells["zone_type"],
                tile[0],
                tile[1],
                cells["valid_from"],
                cells["valid_until"],
                cells["successor"],
                cells["en"],
                cells["change"],
            )
        )
    return out


def period_end(year: int | str, data_as_of: str | None = None) -> str:
    """The month an edition's divisions are taken at: its ``data_as_of`` when that is a month of its year,
    else December of the year."""
    if data_as_of and _MONTH.fullmatch(data_as_of) and data_as_of[:4] == str(year):
        return data_as_of
    return f"{year}-12"


def in_force(divisions: list[Division], month: str) -> list[Division]:
    """The divisions in force in ``month``, in the registry's order."""
    return [d for d in divisions if d.in_force(month)]


def successor(divisions: list[Division], name: str, month: str) -> Division | None:
    """The division that holds ``name``'s place in ``month``: itself when in force, else its successor's
    successor …; None when the name is unknown or ended without successor."""
    seen = set()
    while name and name not in seen:
        seen.add(name)
        current = [d for d in divisions if d.district == name]
        if not current:
            return None
        alive = next((d for d in current if d.in_force(month)), None)
        if alive is not None:
            return alive
        ended = max(current, key=lambda d: d.valid_until or "9999-99")
        if ended.valid_from and month < ended.valid_from:
            return None  # not yet established
        name = ended.successor
    return None


def ended(divisions: list[Division], name: str, month: str) -> Division | None:
    """The row that says how ``name`` ended, when the name is not in force in ``month`` but was before."""
    if any(d.district == name and d.in_force(month) for d in divisions):
        return None
    return next((d for d in divisions if d.district == name and d.valid_until and d.valid_until <= month), None)


def later_change(divisions: list[Division], division: Division, month: str) -> str:
    """How a division in force in ``month`` ended after it (its ``change`` sentence), or ""."""
    return division.change if division.valid_until and division.valid_until > month else ""


def renamed(divisions: list[Division], month: str) -> dict[str, str]:
    """Every name no longer in force in ``month`` → the name of the division that took its place."""
    out = {}
    for d in divisions:
        if not d.in_force(month) and d.valid_until and d.valid_until <= month:
            s = successor(divisions, d.district, month)
            if s is not None and s.district != d.district:
                out[d.district] = s.district
    return out


def describe_end(d: Division) -> str:
    """ "<年>-<月> 起并入（或改为）<区>" — for messages."""
    return f"{d.change.split('（')[0] or d.valid_until + ' 起不再存在'}"
