"""Several years: the headline indicators and institution counts across every edition with data.

What is compared (which years, which indicators, the change between consecutive editions) is decided
here, from the data as stored; how it is said is in ``zjbook/wording/<lang>/trends.toml`` and how it is
drawn in :mod:`zjbook.render.chapters.trends`."""

from __future__ import annotations

import pandas as pd

from .. import paths
from ..data.edition import Edition, validates
from ..data.figure import Figure
from ..data.validate import check_year
from .zhangjiang import INDICATORS, RESOURCES, as_printed


def editions(ed: Edition) -> tuple[list[Edition], list[tuple[int, str]]]:
    """Every year with valid data under the edition's data root, and (year, the first file that failed
    validation) for each year left out. The page depends on which years there are and on each whole folder."""
    out, skipped = [], []
    ed.record_listing()
    for folder in paths.year_folders(ed.data_root):
        year = int(folder.name)
        if year == ed.year:
            out.append(ed)
            continue
        ed.record_folder(folder)  # whether it validates depends on every file of its folder
        if validates(folder):
            out.append(ed.other(year))
        else:
            first = check_year(folder).errors[0]
            skipped.append((year, first.path.name))
    return out, skipped


def indicator_frame(eds: list[Edition]) -> pd.DataFrame:
    """Year × indicator as the data store them, with the reported growth and the change computed between
    consecutive editions (the figure's download)."""
    rows = []
    for e in eds:
        for f in e.figures(INDICATORS):
            rows.append(
                {
                    "year": e.year,
                    "id": f.id,
                    "indicator": f.indicator,
                    "value": f.value,
                    "unit": f.unit,
                    "qualifier": f.qualifier,
                    "value_as_printed": as_printed(f),
                    "period_start": f.period_start,
                    "period_end": f.period_end,
                    "growth_pct": f.growth_pct,
                    "growth_qualifier": f.growth_qualifier,
                }
            )
    frame = pd.DataFrame(rows)
    order = {fid: i for i, fid in enumerate(dict.fromkeys(frame["id"]))}
    frame = frame.sort_values(["id", "year"], key=lambda s: s.map(order) if s.name == "id" else s)
    prev = frame.groupby("id")["value"].shift()
    # no rate of change from zero: left empty, and the commentary says why
    frame["change_vs_previous_edition_pct"] = ((frame["value"] / prev.where(prev != 0) - 1) * 100).round(4)
    frame["previous_year"] = frame.groupby("id")["year"].shift()
    frame["previous_value"] = prev
    return frame.reset_index(drop=True)


def figures_by_year(eds: list[Edition], file: str) -> dict[tuple[int, str], Figure]:
    """(year, figure id) → the figure, for the page to word each value."""
    return {(e.year, f.id): f for e in eds for f in e.figures(file)}


def indicators(eds: list[Edition]) -> list[dict]:
    """Per indicator: its latest figure, the first and last year's figures, the change from the edition before."""
    frame = indicator_frame(eds)
    figs = figures_by_year(eds, INDICATORS)
    out = []
    for fid, g in frame.groupby("id", sort=False):
        g = g.sort_values("year")
        first, last = g.iloc[0], g.iloc[-1]
        change = last["change_vs_previous_edition_pct"]
        out.append(
            {
                "id": fid,
                "first": figs[(int(first["year"]), fid)],
                "last": figs[(int(last["year"]), fid)],
                "several": len(g) > 1,
                "first_year": int(first["year"]),
                "last_year": int(last["year"]),
                "previous_year": int(last["previous_year"]) if pd.notna(last["previous_year"]) else None,
                "change": float(change) if pd.notna(change) else None,
                "from_zero": bool(pd.isna(change) and pd.notna(last["previous_value"])),
                "points": [(int(y), figs[(int(y), fid)]) for y in g["year"]],
            }
        )
    return out


def resources_frame(eds: list[Edition]) -> pd.DataFrame:
    rows = [
        {
            "year": e.year,
            "id": f.id,
            "category": f.indicator,
            "value": f.value,
            "qualifier": f.qualifier,
            "value_as_printed": as_printed(f),
        }
        for e in eds
        for f in e.figures(RESOURCES)
    ]
    return pd.DataFrame(rows)
