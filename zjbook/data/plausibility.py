"""Plausibility of an edition's figures against the previous edition: warnings, never errors.

Three checks, each on a figure id found in both editions with the same unit:

* **magnitude** — the value moved by more than :data:`MAGNITUDE_FACTOR` times up or down, or
  one year is zero and the other is not (a typical slip: 3.12 typed for 3.12万亿, i.e. 31200).
* **growth** — the stated growth rate disagrees with the two years' values, when both rows give
  start and end months and this year's period is last year's shifted by exactly one year.
* **cumulative** — a figure counted since the start (basis ``cumulative``) fell.

Tolerance of the growth check. Every number of the report is rounded, so each is taken as an
interval of half a unit of its last written digit (examples made up): a rate written 6.4 stands for [6.35, 6.45];
a value written 31.75 for [31.745, 31.755]; a whole number's trailing zeros are taken as rounding,
so 31200 (printed 3.12万亿) stands for [31150, 31250] and 987 for [986.5, 987.5]. The rate implied
by the two values then lies between (this−δ)/(last+δ)−1 and (this+δ)/(last−δ)−1; a warning is
raised only when the stated rate's interval does not meet that range. A value whose qualifier is
not ``exact`` (约, 近, 多, 余) has no known precision, so its growth is not checked.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from . import printed as numbers
from . import schema
from .csvfile import number_text
from .figure import FIELDS, Figure, clean
from .problems import WARNING, Problem

#: A figure moving by more than this factor (up or down) from last year is flagged.
MAGNITUDE_FACTOR = 5.0


@dataclass(frozen=True)
class _Row(Figure):
    """A figure row with where it stands in its file."""

    file: str = ""
    line: int | None = None


def _figures(tables: dict[str, pd.DataFrame]) -> dict[str, _Row]:
    """Every figure row of an edition by id (ids are unique across the figure tables)."""
    out = {}
    for file in schema.FIGURE_FILES:
        frame = tables.get(file)
        if frame is None:
            continue
        lines = frame.attrs.get("lines") or [None] * len(frame)
        for line, rec in zip(lines, frame.to_dict("records")):
            out[rec["id"]] = _Row(file=file, line=line, **{k: clean(rec.get(k)) for k in FIELDS})
    return out


def half_unit(x: float) -> float:
    """Half a unit of the last written digit of ``x``: 6.4 → 0.05, 31200 → 50, 987 → 0.5, 0 → 0.5."""
    text = number_text(abs(x))
    if "." in text:
        return 0.5 * 10 ** -len(text.split(".")[1])
    zeros = len(text) - len(text.rstrip("0")) if text != "0" else 0
    return 0.5 * 10**zeros


def implied_growth_range(previous: float, current: float) -> tuple[float, float] | None:
    """The range of growth rates (%) that the two rounded values allow, or None if last year's could be zero."""
    dp, dc = half_unit(previous), half_unit(current)
    if previous - dp <= 0:
        return None
    return ((current - dc) / (previous + dp) - 1) * 100, ((current + dc) / (previous - dp) - 1) * 100


def _shifted(earlier: str | None, later: str | None) -> bool:
    """``later`` is the month ``earlier`` shifted by one year (both YYYY-MM)."""
    if not earlier or not later:
        return False
    return int(later[:4]) == int(earlier[:4]) + 1 and later[5:] == earlier[5:]


def compare(
    tables: dict[str, pd.DataFrame],
    year: int,
    previous_tables: dict[str, pd.DataFrame],
    previous_year: int,
    data_dir: Path | None = None,
) -> list[Problem]:
    """Warnings about this edition's figures against the previous edition's, in file and line order."""
    now, before = _figures(tables), _figures(previous_tables)
    problems: list[Problem] = []
    for fid, cur in now.items():
        prev = before.get(fid)
        if prev is None or prev.unit != cur.unit:
            continue
        path = Path(data_dir) / cur.file if data_dir is not None else Path(cur.file)
        for check in (_magnitude, _growth, _cumulative):
            found = check(cur, prev, year, previous_year)
            if found:
                column, code, message, fix = found
                fix += f"；核对无误后确认：make confirm YEAR={year} WARNING={code}:{fid}"
                problems.append(Problem(path, message, cur.line, column, fix, WARNING, f"{code}:{fid}"))
                if code == "magnitude":
                    break  # a value off by orders of magnitude: its growth and cumulative checks would only echo it
    order = {f: i for i, f in enumerate(schema.FIGURE_FILES)}
    problems.sort(key=lambda p: (order[Path(p.path).name], p.line or 0, p.code))
    return problems


def _name(row: _Row) -> str:
    return f"{row.indicator}（{row.id}）"


def _text(row: _Row) -> str:
    """The value as the report would print it (3.12万亿元, 321多家; never in exponent form)."""
    return numbers.amount(row.value, row.unit, row.qualifier)


def _period(row: _Row) -> str:
    return numbers.period_label(row.period_start, row.period_end)


def _magnitude(cur: _Row, prev: _Row, year: int, previous_year: int):
    a, b = prev.value, cur.value
    if a == 0 and b == 0:
        return None
    if a != 0 and b != 0 and 1 / MAGNITUDE_FACTOR <= b / a <= MAGNITUDE_FACTOR:
        return None
    how = (
        "一年为零、另一年不为零"
        if 0 in (a, b)
        else f"相差{numbers.times(max(a, b) / min(a, b))}，超过{numbers.plain(MAGNITUDE_FACTOR)}倍"
    )
    message = f"{_name(cur)}{year}年为{_text(cur)}，{previous_year}年版为{_text(prev)}，{how}"
    how_stored = (
        f"计数单位“{cur.unit}”只写个数本身（约5万{cur.unit}写作 50000），不是金额"
        if cur.unit in schema.COUNT_UNITS
        else "金额以“亿”计（1万亿元写作 10000）"
    )
    fix = (
        f"核对数量级与单位：value 以 unit（{cur.unit}）为单位存放，{how_stored}，"
        "约数写在 qualifier 里而不是 value 里；数字确实如此时确认此警告"
    )
    return "value", "magnitude", message, fix


def _growth(cur: _Row, prev: _Row, year: int, previous_year: int):
    if (
        cur.growth_pct is None
        or cur.qualifier != "exact"
        or prev.qualifier != "exact"
        or (cur.growth_qualifier or "exact") != "exact"
    ):
        return None
    if not (_shifted(prev.period_start, cur.period_start) and _shifted(prev.period_end, cur.period_end)):
        return None
    allowed = implied_growth_range(prev.value, cur.value)
    if allowed is None:
        return None
    lo, hi = allowed
    g, dg = cur.growth_pct, half_unit(cur.growth_pct)
    if g + dg >= lo - 1e-9 and g - dg <= hi + 1e-9:
        return None
    stated = numbers.growth_phrase(g, cur.growth_qualifier or "exact")
    message = (
        f"{_name(cur)}写明同比{stated}，但{previous_year}年版的{_text(prev)}（{_period(prev)}）"
        f"与{year}年的{_text(cur)}（{_period(cur)}）折算应在{_pct1(lo)}至{_pct1(hi)}之间"
    )
    fix = (
        "核对 growth_pct（负数表示下降）、value 与统计期；报告若修订了上年数，增长率以报告为准，"
        "数字确实如此时确认此警告"
    )
    return "growth_pct", "growth", message, fix


def _pct1(x: float) -> str:
    """A rate with exactly one decimal, as the report prints rates: 1.0%, -0.9%."""
    text = f"{x:.1f}"
    return ("0.0" if text == "-0.0" else text) + "%"


def _cumulative(cur: _Row, prev: _Row, year: int, previous_year: int):
    if cur.basis != "cumulative" or prev.basis != "cumulative" or cur.value >= prev.value:
        return None
    message = f"{_name(cur)}是累计数，却从{previous_year}年版的{_text(prev)}降到{year}年的{_text(cur)}"
    fix = "核对 value 与 basis：累计数不会减少；口径若已改变，改写 basis 或在 note 中说明，并确认此警告"
    return "value", "cumulative", message, fix
