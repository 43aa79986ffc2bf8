"""Section 4.1, the Zhangjiang demonstration zone: what its data show.

Pure functions of an :class:`~zjbook.data.edition.Edition`: rankings, ratios, which counts are lower
bounds, what the data leave out. They return values (figures, dicts, tables of stored fields); how a
page says them is the wording's (``zjbook/wording/<lang>/zhangjiang.toml``), how they are drawn the
renderer's (:mod:`zjbook.render.chapters.zhangjiang`).
"""

from __future__ import annotations

import math
import re

import pandas as pd

from ..data import printed
from ..data.edition import Edition
from ..data.figure import LOWER_BOUNDS, Figure, Text

INDICATORS = "zhangjiang_indicators.csv"
STRUCTURE = "zhangjiang_structure.csv"
RESOURCES = "zhangjiang_resources.csv"
#: The zone as the data name it (``subject`` of its rows).
SUBJECT = "张江示范区"
#: The indicators whose ratio is the zone's net profit margin.
REVENUE, PROFIT = "zj_total_revenue", "zj_net_profit"

__all__ = ["LOWER_BOUNDS", "as_printed"]


def as_printed(f: Figure) -> str:
    """The value as the report prints it, for data downloads (the same file in every language)."""
    return printed.amount(f.value, f.unit, f.qualifier)


def new_subparks(ed: Edition) -> Figure | None:
    """The sub-parks added during the year, which the headline indicators leave out (None if not stated,
    or if none were added: there is then nothing left out to mention)."""
    if not ed.has(STRUCTURE):
        return None
    return next((f for f in ed.figures(STRUCTURE) if f.id == "zj_new_subparks" and f.value > 0), None)


def indicators(ed: Edition) -> list[Figure]:
    return ed.figures(INDICATORS)


def growth_ranking(rows: list[Figure]) -> list[Figure]:
    """The indicators with a growth rate, fastest first."""
    with_growth = [f for f in rows if f.has_growth]
    return sorted(with_growth, key=lambda f: (-f.rate, f.indicator))


def dated(rows: list[Figure]) -> Figure | None:
    """The figure whose period the indicators are dated by: the first one that states a period."""
    return next((f for f in rows if f.period_end), None)


def chart_order(ed: Edition) -> list[Figure]:
    """Indicators with a growth rate from fastest to slowest, then those without one."""
    rows = indicators(ed)
    return growth_ranking(rows) + [f for f in rows if not f.has_growth]


def _same_rate(a: Figure, b: Figure) -> bool:
    """Whether two stated rates read the same once printed (rounded, with their qualifiers)."""
    return printed.growth_phrase(a.rate, a.rate_qualifier) == printed.growth_phrase(b.rate, b.rate_qualifier)


def growth_summary(rows: list[Figure]) -> dict | None:
    """Which indicator grew fastest and slowest, and how many rose, fell or stayed flat (None under two rates)."""
    ranked = growth_ranking(rows)
    if len(ranked) < 2:
        return None
    top, bottom = ranked[0], ranked[-1]
    rising = [f for f in ranked if printed.growth_sign(f.rate) > 0]
    falling = [f for f in ranked if printed.growth_sign(f.rate) < 0]
    return {
        "ranked": ranked,
        "top": top,
        "bottom": bottom,
        "same": _same_rate(top, bottom),  # no highest and lowest to name
        "gap": top.rate - bottom.rate,
        "rising": rising,
        "falling": falling,
        "flat": len(ranked) - len(rising) - len(falling),
    }


def profit_margin(rows: list[Figure]) -> dict | None:
    """Net profit over total revenue, and its change on a year earlier implied by the two growth rates.

    None when either is missing, they are in different units, or the ratio is no margin (revenue zero,
    profit above revenue). ``change`` (percentage points) is None without both growth rates."""
    by_id = {f.id: f for f in rows}
    revenue, profit = by_id.get(REVENUE), by_id.get(PROFIT)
    if not revenue or not profit or revenue.unit != profit.unit or revenue.value <= 0 or profit.value > revenue.value:
        return None
    margin = 100 * profit.value / revenue.value
    change = None
    if revenue.has_growth and profit.has_growth and revenue.rate > -100 and profit.rate > -100:
        earlier = margin * (1 + revenue.rate / 100) / (1 + profit.rate / 100)
        change = margin - earlier
    return {
        "revenue": revenue,
        "profit": profit,
        "margin": margin,
        "change": change,
        # a change that rounds to less than 0.1 points reads as no change
        "steady": change is not None and float(printed.fixed(abs(change), 1)) == 0,
    }


def increases(rows: list[Figure]) -> dict | None:
    """What the growth rates imply in amounts: the change on a year earlier (level − level ÷ (1 + rate)) of the two
    largest indicators in the first one's unit, rounded to two significant figures (``first``, ``second`` with
    ``change``), and the ratio of the unrounded changes. None without two such indicators with rates, or when the
    changes differ in sign or the second is nil: a ratio of a rise to a fall says nothing."""
    if not rows:
        return None
    same = sorted(
        (f for f in rows if f.unit == rows[0].unit and f.has_growth and f.rate > -100),
        key=lambda f: -f.value,
    )[:2]
    if len(same) < 2:
        return None
    changes = [f.value - f.value / (1 + f.rate / 100) for f in same]
    if changes[1] == 0 or (changes[0] > 0) != (changes[1] > 0):
        return None
    return {
        "first": same[0],
        "second": same[1],
        "changes": [float(f"{c:.2g}") for c in changes],
        "rise": changes[0] > 0,
        "ratio": changes[0] / changes[1],
    }


def headline(ed: Edition) -> dict:
    """The headline indicators: the rows, the period they are dated by, the sub-parks they leave out, the
    indicators without a growth rate, the growth summary and the margin; ``rated``, ``low`` and ``high``: how many
    rates are stated exactly, and their range when there are two or more.

    The new sub-parks are said to be left out of the indicators as a whole (``new``) only when every indicator's
    row carries a scope note: an indicator without one (one added to the table, say) may well count them, so the
    pages then give each row's own note instead."""
    rows = indicators(ed)
    missing = [f for f in rows if not f.has_growth]
    # the range of the exactly stated rates (a heading may give it when every indicator moved one way)
    rates = [f.growth_pct for f in rows if f.growth_pct is not None and f.growth_qualifier in (None, "", "exact")]
    return {
        "rows": rows,
        "rated": len(rates),
        "low": min(rates) if len(rates) > 1 else None,
        "high": max(rates) if len(rates) > 1 else None,
        "dated": dated(rows),
        "new": new_subparks(ed) if rows and all(f.note for f in rows) else None,
        "missing": missing,
        "all_missing": bool(rows) and len(missing) == len(rows),
        "summary": growth_summary(rows),
        "margin": profit_margin(rows),
        "increases": increases(rows),
    }


def indicator_data(ed: Edition) -> pd.DataFrame:
    """The numbers the indicator chart plots, with units and source columns."""
    rows = indicators(ed)
    return pd.DataFrame(
        {
            "id": [f.id for f in rows],
            "indicator": [f.indicator for f in rows],
            "value": [f.value for f in rows],
            "unit": [f.unit for f in rows],
            "qualifier": [f.qualifier for f in rows],
            "value_as_printed": [as_printed(f) for f in rows],
            "growth_pct": [f.growth_pct for f in rows],
            "period_start": [f.period_start for f in rows],
            "period_end": [f.period_end for f in rows],
            "section": [f.section for f in rows],
            "heading": [f.heading for f in rows],
        }
    )


# --- position of the zone ----------------------------------------------------------------


def position(ed: Edition) -> dict:
    """Where the zone stood this year: its plan and roles, its layout, sub-parks and districts, its leaps."""
    structure = {f.id: f for f in ed.figures(STRUCTURE)} if ed.has(STRUCTURE) else {}
    roles = [r for r in (ed.fact("zj_role_park"), ed.fact("zj_role_centre")) if r]
    return {
        "plan": ed.fact("zj_plan"),
        "roles": roles,
        "layout": ed.fact("zj_layout"),
        "spatial": ed.fact("zj_spatial"),
        "status": ed.fact("zj_spatial_status"),
        "subparks": structure.get("zj_subparks"),
        "districts": structure.get("zj_districts_covered"),
        "new": new_subparks(ed),
        "leaps": ed.items(ed.fact("zj_leaps")),
    }


# --- innovation resources ------------------------------------------------------------------


def resources_sorted(ed: Edition) -> list[Figure]:
    return sorted(ed.figures(RESOURCES), key=lambda f: (-f.value, f.indicator))


def bound(numerator: str, denominator: str) -> str:
    """What a quotient of two qualified counts is: ``exact``; ``less_than`` (a ceiling) when the numerator can only
    be smaller than stated (近…) or the denominator only larger (…多, …余, 超过…), and neither the other way;
    ``more_than`` (a floor) in the opposite case; ``about`` when the bounds pull both ways or either is approximate.
    (近2.3万 over 560余 is under 41.1: a ceiling, not "about".)"""
    if numerator not in KNOWN_BOUNDS or denominator not in KNOWN_BOUNDS:
        return "about"
    down = numerator in UPPER_BOUNDS or denominator in LOWER_BOUNDS  # the true quotient is smaller
    up = numerator in LOWER_BOUNDS or denominator in UPPER_BOUNDS  # the true quotient is larger
    if down and up:
        return "about"
    return "less_than" if down else "more_than" if up else "exact"


def quotient(first: Figure, second: Figure) -> tuple[float, str]:
    """``first`` over ``second`` (a positive count) and what it is (:func:`bound`): over a lower bound the ratio is a
    ceiling ("more than 321", made up, is at least 322), over an exact count with a lower-bound numerator a floor;
    rounded so the bound holds as printed."""
    kind = bound(first.qualifier, second.qualifier)
    if kind == "less_than":
        return _bounded(first.value / _least(second), kind), kind
    if kind == "more_than":
        return _bounded(_least(first) / second.value, kind), kind
    return first.value / second.value, kind


def group_leads(groups: list[dict]) -> list[dict]:
    """For each group of two kinds or more (:func:`resource_groups`), its first kind over its second: ``group``,
    ``first``, ``second``, ``ratio`` and its ``bound`` (:func:`quotient`). Kinds are compared within a group only."""
    out = []
    for g in groups:
        if len(g["rows"]) > 1 and g["rows"][1].value > 0:
            ratio, kind = quotient(g["rows"][0], g["rows"][1])
            out.append(
                {"group": g["name"], "first": g["rows"][0], "second": g["rows"][1], "ratio": ratio, "bound": kind}
            )
    return out


def _bounded(value: float, kind: str, decimals: int = 1) -> float:
    """A quotient rounded so that its bound still holds as printed: a ceiling rounded up, a floor down."""
    scale = 10**decimals
    if kind == "less_than":
        return math.ceil(value * scale - 1e-9) / scale
    if kind == "more_than":
        return math.floor(value * scale + 1e-9) / scale
    return value


#: Qualifiers that make a count an upper bound (the true number is smaller): 近….
UPPER_BOUNDS = ("nearly",)
#: Qualifiers a quotient can be bounded through (an approximate count bounds nothing).
KNOWN_BOUNDS = ("exact", *LOWER_BOUNDS, *UPPER_BOUNDS)


def _least(f: Figure) -> float:
    """The smallest whole count a qualified count allows: "more than 321" (made up) is at least 322."""
    return f.value + 1 if f.qualifier in ("more_than", "over") and float(f.value).is_integer() else f.value


def resources(ed: Edition) -> dict | None:
    """The institutions by kind, most first: the first two and their ratio, the last, which are lower bounds
    or approximate, the notes of counts given without a date, and the book's groups (:func:`resource_groups`).
    None without rows."""
    rows = resources_sorted(ed)
    if not rows:
        return None
    first = rows[0]
    second = rows[1] if len(rows) > 1 else None
    last = rows[-1] if len(rows) > 2 else None  # with two rows the second is the last: named once
    ratio, lower_bound, ratio_bound = None, False, "exact"
    if second and second.value > 0:
        lower_bound = second.qualifier in LOWER_BOUNDS
        ratio, ratio_bound = quotient(first, second)
    return {
        "rows": rows,
        "first": first,
        "second": second,
        "last": last,
        "ratio": ratio,
        "lower_bound": lower_bound,
        "ratio_bound": ratio_bound,
        "bounds": [f for f in rows if f.qualifier in LOWER_BOUNDS],
        "approximate": [f for f in rows if f.qualifier not in LOWER_BOUNDS + ("exact",)],
        "undated": [Text(n) for n in sorted({f.note for f in rows if f.note and not f.period_end})],
        "groups": resource_groups(ed),
    }


def _group_of(ed: Edition) -> dict[str, Text | None]:
    """Each resource row's id → the book's group of its kind (zhangjiang_resources.csv ``group``, may be empty)."""
    return {r["id"]: r.get("group") for r in ed.rows(RESOURCES)}


def resource_groups(ed: Edition) -> list[dict]:
    """The kinds of resource by the book's group (zhangjiang_resources.csv ``group``), the group holding the most
    numerous kind first, each kind most first within its group: name, rows, kinds (how many), total and its
    qualifier (a sum of like kinds: laboratories with laboratories), and the largest kind's share of an exact total
    (``top_share``). Empty unless every row has a group and there
    are at least two: kinds are then only ranked together."""
    group_of = _group_of(ed)
    rows = resources_sorted(ed)
    if not rows or not all(group_of.get(f.id) for f in rows):
        return []
    groups: dict[str, list[Figure]] = {}
    for f in rows:
        groups.setdefault(str(group_of[f.id]), []).append(f)
    if len(groups) < 2:
        return []
    return [_group(Text(name), members) for name, members in groups.items()]


def _group(name: Text, members: list[Figure]) -> dict:
    total, qualifier = sum(f.value for f in members), sum_qualifier(members)
    return {
        "name": name,
        "rows": members,
        "kinds": len(members),
        "total": total,
        "total_qualifier": qualifier,
        # the largest kind's share of an exact total (percent), None when the total is not exact
        "top_share": 100 * members[0].value / total if total and qualifier == "exact" else None,
    }


def resources_data(ed: Edition) -> pd.DataFrame:
    rows = resources_sorted(ed)
    group_of = _group_of(ed)
    return pd.DataFrame(
        {
            "id": [f.id for f in rows],
            "category": [f.indicator for f in rows],
            "group": [group_of.get(f.id) for f in rows],
            "value": [f.value for f in rows],
            "unit": [f.unit for f in rows],
            "qualifier": [f.qualifier for f in rows],
            "value_as_printed": [as_printed(f) for f in rows],
            "section": [f.section for f in rows],
            "heading": [f.heading for f in rows],
        }
    )


# --- the year's themes ---------------------------------------------------------------------


def year_steps(ed: Edition, subject: str = SUBJECT) -> dict:
    """What the year's measures did, for the heading over the themes: ``pilots`` how many measures are reform
    pilots (the measures themselves stay in the data: the themes' items say what they were)."""
    return {"pilots": sum(1 for t in themes(ed, subject) for k in t["kinds"] if k == "pilot")}


def themes(ed: Edition, subject: str = SUBJECT) -> list[dict]:
    """Each theme of ``subject`` in the report's order: title, slogan (or None), summary and measures."""
    measures: dict[str, list[tuple[int, Text, str]]] = {}
    for m in ed.rows("theme_measures.csv"):
        measures.setdefault(m["theme_id"], []).append((m["order"], m["measure"], m.get("kind") or ""))
    out = []
    for t in sorted((t for t in ed.rows("themes.csv") if t["subject"] == subject), key=lambda t: t["order"]):
        out.append(
            {
                "id": t["theme_id"],
                "title": t["title"],
                "slogan": t["slogan"] or None,
                "summary": t["summary"],
                "measures": [m for _, m, _ in sorted(measures.get(t["theme_id"], []))],
                "kinds": [k for _, _, k in sorted(measures.get(t["theme_id"], []))],
            }
        )
    return out


def theme_mottos(ed: Edition, subject: str = SUBJECT) -> list[Text]:
    """The themes' slogans in order, when every theme has exactly one (none of them a ``；`` list); else empty."""
    mottos = [t["slogan"] for t in themes(ed, subject)]
    return mottos if mottos and all(m and "；" not in str(m) for m in mottos) else []


def four_new(ed: Edition) -> list[Text]:
    """What the report's "四新" stands for."""
    return ed.items(ed.fact("zj_four_new"))


def four_new_at(ed: Edition) -> int | None:
    """Which of the year's leaps (``position``'s) is the first to name the term :func:`four_new` defines (the term
    its label quotes, “四新”), where a page defines it; None when none does."""
    row = next((r for r in ed.rows("facts.csv") if r["id"] == "zj_four_new"), None)
    quoted = re.match(r"“[^”]+”", str(row["label"])) if row else None
    if quoted is None:
        return None
    return next((i for i, leap in enumerate(ed.items(ed.fact("zj_leaps"))) if quoted.group() in str(leap)), None)


# --- the findings that open the pages --------------------------------------------------------


def coverage(ed: Edition) -> dict:
    """How the zone's sub-parks cover Shanghai's districts and counties: the stated number of units covered,
    whether that is every unit the edition lists, and those units by kind (区, 县)."""
    structure = {f.id: f for f in ed.figures(STRUCTURE)} if ed.has(STRUCTURE) else {}
    covered = structure.get("zj_districts_covered")
    units = ed.rows("districts.csv") if ed.has("districts.csv") else []
    kinds: dict[str, int] = {}
    for u in units:
        kinds[u["kind"]] = kinds.get(u["kind"], 0) + 1
    return {
        "subparks": structure.get("zj_subparks"),
        "covered": covered,
        "all": bool(units) and covered is not None and covered.value == len(units),
        # whether the coverage can be said (the overview's main point says it, and its body then does not)
        "stated": bool(structure.get("zj_subparks") and covered),
        "kinds": [{"kind": Text(k), "n": n} for k, n in kinds.items()],
    }


def overview_lead(ed: Edition) -> dict | None:
    """What opens the overview page: the headline facts (growth summary, margin, scope), the first indicator
    (the largest, as the report lists them), and how the sub-parks cover the city. None without indicators."""
    h = headline(ed)
    if not h["rows"]:
        return None
    s = h["summary"]
    return {
        "first": h["rows"][0],
        "n": len(h["rows"]),
        "summary": s,
        "all_up": bool(s) and len(s["rising"]) == len(s["ranked"]),
        "all_down": bool(s) and len(s["falling"]) == len(s["ranked"]),
        "margin": h["margin"],
        "increases": h["increases"],
        "new": h["new"],
        "dated": h["dated"],
        "coverage": coverage(ed),
    }


def sum_qualifier(rows: list[Figure]) -> str:
    """What a sum of ``rows`` is: ``exact`` when every part is; ``about`` when any part is approximate (约6100
    plus a lower bound is about, not more than, their sum); ``more_than`` when the parts are exact or lower
    bounds."""
    if any(f.qualifier not in LOWER_BOUNDS + ("exact",) for f in rows):
        return "about"
    return "more_than" if any(f.qualifier in LOWER_BOUNDS for f in rows) else "exact"


def resources_lead(ed: Edition) -> dict | None:
    """What opens the resources page: the first kind's share of all counted institutions and enterprises,
    and how many the research and platform kinds (every kind after the first two) add up to."""
    r = resources(ed)
    if r is None:
        return None
    total = sum(f.value for f in r["rows"])
    rest = r["rows"][2:]
    first, others = r["first"], r["rows"][1:]
    # the first kind's share of all: over other kinds that are lower bounds a ceiling, with the first a lower
    # bound a floor (the share moves with first / others)
    low_others = [f for f in others if f.qualifier in LOWER_BOUNDS]
    rough_others = [f for f in others if f.qualifier not in LOWER_BOUNDS + ("exact",)]
    share_bound = bound(first.qualifier, "about" if rough_others else "more_than" if low_others else "exact")
    share = 100 * first.value / total if total else None
    if share is not None and share_bound == "less_than":
        share = _bounded(100 * first.value / (total + sum(_least(f) - f.value for f in low_others)), share_bound)
    elif share is not None and share_bound == "more_than":
        share = _bounded(100 * _least(first) / (total - first.value + _least(first)), share_bound)
    return r | {
        "total": total,
        "total_qualifier": sum_qualifier(r["rows"]),
        "first_share": share,
        "share_bound": share_bound,
        "rest": rest,
        "rest_total": sum(f.value for f in rest),
        "rest_qualifier": sum_qualifier(rest),
        "rest_top": rest[0] if rest else None,
    }
