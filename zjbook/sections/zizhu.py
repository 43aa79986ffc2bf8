"""Section 4.1, the Zizhu National High-tech Zone: key figures, patents, arrivals and the year's events.

Pure functions of an edition (which figures there are, the invention share, the order of events); the
wording is ``zjbook/wording/<lang>/zizhu.toml``, the figures :mod:`zjbook.render.chapters.zizhu`.
"""

from __future__ import annotations

import pandas as pd

from ..data.edition import Edition
from ..data.figure import Figure
from .zhangjiang import as_printed

FIGURES = "zizhu_figures.csv"
ITEMS = "zizhu_items.csv"
EVENTS = "events.csv"
#: The zone as the data name it (``subject`` of its events).
SUBJECT = "紫竹高新区"
#: The figures of the opening paragraph, in order, with the wording key each is said by.
STOCK = (("zz_enterprises", "enterprises"), ("zz_contract_fdi", "fdi"), ("zz_patents", "patents"))
#: The figures shown as tiles, in order.
TILES = ("zz_enterprises", "zz_contract_fdi", "zz_revenue")


def figures(ed: Edition) -> dict[str, Figure]:
    """The zone's own figures by id (an event's attendance belongs to the event, not here)."""
    return {f.id: f for f in ed.figures(FIGURES) if f.basis != "event"} if ed.has(FIGURES) else {}


def invention_share(ed: Edition) -> float | None:
    """Invention patents as a percentage of all patents granted, computed from the data."""
    f = figures(ed)
    if {"zz_patents", "zz_invention_patents"} <= set(f) and f["zz_patents"].value > 0:
        return 100 * f["zz_invention_patents"].value / f["zz_patents"].value
    return None


def cumulative(x: Figure) -> bool:
    return x.basis == "cumulative"


def key(ed: Edition) -> dict:
    """The opening facts: the stock figures (each with the wording key that says it), where the zone is,
    the invention share, the revenue and whether the report gives it or its growth only roughly."""
    f = figures(ed)
    stock = [{"x": f[i], "kind": kind, "cumulative": cumulative(f[i])} for i, kind in STOCK if i in f]
    rev = f.get("zz_revenue")
    return {
        "stock": stock,
        "dated": stock[0]["x"] if stock else None,
        "district": ed.fact("zz_district"),
        "share": invention_share(ed),
        "invention": f.get("zz_invention_patents"),
        "rev": rev,
        "approx_value": rev is not None and rev.qualifier != "exact",
        "approx_growth": rev is not None and rev.has_growth and rev.rate_qualifier != "exact",
    }


def strategy(ed: Edition) -> dict:
    """The zone's goal, means and focus (lists of items); ``focus_label`` is what the data call the focus (招商对象
    in one year, 重点产业 in another): the page says it in those words, not as another year's investment targets."""
    focus = next((r for r in ed.rows("facts.csv") if r["id"] == "zz_focus"), None)
    return {
        "goal": ed.items(ed.fact("zz_goal")),
        "means": ed.items(ed.fact("zz_means")),
        "focus": ed.items(ed.fact("zz_focus")),
        "focus_label": focus["label"] if focus else None,
    }


def items_of(ed: Edition, kind: str) -> list[dict]:
    return [r for r in ed.rows(ITEMS) if r["kind"] == kind]


def designations(ed: Edition) -> list:
    return [r["name"] for r in items_of(ed, "designation")]


def arrivals(ed: Edition, untold: bool = False) -> list[dict]:
    """The year's new institutions and projects (name, action); ``untold``: without those an event of events.csv
    tells of (its title names them: 微软亚太科技有限公司成立)."""
    told = " ".join(str(e["title"]) for e in events(ed)) if untold and ed.has("events.csv") else ""
    return [{"name": r["name"], "action": r["action"]} for r in items_of(ed, "arrival") if str(r["name"]) not in told]


def partners(ed: Edition) -> dict:
    """The partners that signed strategic cooperation agreements, those of them whose signing is a dated event of
    the year (``signed``: name and ISO date, the event's card tells it), and the joint centres."""
    names = [r["name"] for r in items_of(ed, "partner")]
    signings = [e for e in (events(ed) if ed.has(EVENTS) else []) if e.get("role") == "signatory"]
    return {
        "partners": names,
        "signed": [
            {"name": n, "date": e["date"]}
            for n in names
            for e in signings
            if str(n) in [str(o) for o in e["organisers"]]
        ],
        "joint": [{"names": ed.items(r["name"]), "action": r["action"]} for r in items_of(ed, "joint_centre")],
    }


def key_figures(ed: Edition) -> dict:
    """What the key-figures chart and table show: the tiles, the patents split, the period."""
    f = figures(ed)
    tiles = [f[i] for i in TILES if i in f]
    return {
        "rows": list(f.values()),
        "tiles": tiles,
        "share": invention_share(ed),
        "has_patents": {"zz_patents", "zz_invention_patents"} <= set(f),
        "total": f.get("zz_patents"),
        "invention": f.get("zz_invention_patents"),
        "dated": next((x for x in tiles if x.period_end), None),
    }


def key_figures_data(ed: Edition) -> pd.DataFrame:
    rows = list(figures(ed).values())
    return pd.DataFrame(
        {
            "id": [x.id for x in rows],
            "indicator": [x.indicator for x in rows],
            "value": [x.value for x in rows],
            "unit": [x.unit for x in rows],
            "qualifier": [x.qualifier for x in rows],
            "value_as_printed": [as_printed(x) for x in rows],
            "growth_pct": [x.growth_pct for x in rows],
            # the report's "约10%": a rate's qualifier travels with it (editor 88: the CSV read it as exact)
            "growth_qualifier": [x.growth_qualifier if x.growth_pct is not None else None for x in rows],
            "basis": [x.basis for x in rows],
            "period_start": [x.period_start for x in rows],
            "period_end": [x.period_end for x in rows],
            "part_of": [x.part_of for x in rows],
        }
    )


def events(ed: Edition) -> list[dict]:
    """The zone's dated events, in order, each with its figure (e.g. attendance) if any."""
    out = []
    for e in sorted((e for e in ed.rows(EVENTS) if e["subject"] == SUBJECT), key=lambda e: e["date"]):
        out.append(
            e
            | {
                "organisers": ed.items(e["organisers"]),
                "points": ed.items(e["detail"]),
                "figure": ed.figure(e["figure_id"]) if e["figure_id"] else None,
            }
        )
    return out


def lead(ed: Edition) -> dict | None:
    """What opens the Zizhu page: the patents and their invention share, the enterprises, the revenue and its
    growth, how many national designations and new institutions the year brought, the district it lies in. None
    without figures."""
    f = figures(ed)
    if not f:
        return None
    return {
        "patents": f.get("zz_patents"),
        "invention": f.get("zz_invention_patents"),
        "share": invention_share(ed),
        "enterprises": f.get("zz_enterprises"),
        "fdi": f.get("zz_contract_fdi"),
        "rev": f.get("zz_revenue"),
        "designations": len(designations(ed)) if ed.has(ITEMS) else 0,
        "arrivals": len(arrivals(ed)) if ed.has(ITEMS) else 0,
        "district": ed.fact("zz_district"),
    }
