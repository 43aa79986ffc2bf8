"""Facts the method page states about its own edition: examples drawn from this year's data, so that the
page never describes last year's report (its boxes, its groups of industries, its missing table) as this one's.

Each function returns ``None`` where the edition has nothing to show, and the page then leaves the sentence out.
"""

from __future__ import annotations

from ..data import schema
from ..data.edition import Edition
from ..data.figure import Figure, Text
from ..data.schema import INDUSTRY_TABLE_KEY, INDUSTRY_TABLE_SOURCES
from . import zhangjiang, zizhu
from .districts import has_industries, theme_titles

#: How many examples a sentence of the method page gives at most.
EXAMPLES = 2


def case_placements(ed: Edition) -> list[dict] | None:
    """Case boxes and the theme each is placed after (``case``, ``theme``), boxes of different themes first."""
    titles = theme_titles(ed)
    placed = [
        {"case": Text(c["title"]), "theme": titles[c["near_theme"]]}
        for c in ed.rows("cases.csv")
        if c.get("near_theme") in titles
    ]
    varied: list[dict] = []
    for p in placed:
        if all(p["theme"] != q["theme"] for q in varied):
            varied.append(p)
    chosen = (varied + [p for p in placed if p not in varied])[:EXAMPLES]
    return chosen or None


def sector_example(ed: Edition) -> dict | None:
    """An industry group that gathers differently worded industries (``sector``, ``names``): the first group,
    in the table's order, under which the report's wording varies most."""
    names: dict[str, list[str]] = {}
    for row in ed.rows("district_industries.csv"):
        sector = row.get("sector")
        if row.get("kind") == "industry" and isinstance(sector, str) and sector and row["name"] != sector:
            names.setdefault(sector, [])
            if row["name"] not in names[sector]:
                names[sector].append(row["name"])
    best = max(names.items(), key=lambda kv: len(kv[1]), default=None)
    if best is None or len(best[1]) < EXAMPLES:
        return None
    return {"sector": Text(best[0]), "names": [Text(n) for n in best[1][:EXAMPLES]]}


def industry_table_source(ed: Edition) -> str | None:
    """Where the districts' industries table comes from (one of :data:`INDUSTRY_TABLE_SOURCES`), or ``None``
    where the edition does not say."""
    value = ed.meta.get(INDUSTRY_TABLE_KEY)
    return value if value in INDUSTRY_TABLE_SOURCES and has_industries(ed) else None


def resource_kinds(ed: Edition) -> int | None:
    """How many kinds of innovation resources the edition counts."""
    n = len(ed.rows("zhangjiang_resources.csv")) if ed.has("zhangjiang_resources.csv") else 0
    return n or None


#: The table whose rows sit directly under each report section's own heading (the section's opening).
SECTION_OPENINGS = schema.SECTION_OPENINGS


def section_titles(ed: Edition) -> dict[str, Text]:
    """Each report section's title as this edition's data carry it: the one heading its opening table's rows
    share. A section whose rows carry no heading, or several, is left out (never another year's title)."""
    out: dict[str, Text] = {}
    for code, file in SECTION_OPENINGS.items():
        if not ed.has(file):
            continue
        headings = {str(r["heading"]) for r in ed.rows(file) if r.get("section") == code and r.get("heading")}
        if len(headings) == 1:
            out[code] = Text(headings.pop())
    return out


def zizhu_parts(ed: Edition) -> list[str] | None:
    """What chapter 4 shows of Zizhu in this edition, in the page's order: ``figures`` (key figures),
    ``designation``, ``arrival``, ``partner`` (partners or joint centres) and ``events`` (dated events)."""
    kinds = {r["kind"] for r in ed.rows("zizhu_items.csv")}
    parts = ["figures"] if zizhu.figures(ed) else []
    parts += [k for k in ("designation", "arrival") if k in kinds]
    parts += ["partner"] if kinds & {"partner", "joint_centre"} else []
    parts += ["events"] if ed.has("events.csv") and zizhu.events(ed) else []
    return parts or None


def case_boxes(ed: Edition) -> int:
    """How many case boxes the edition has (the merged passages the method page mentions exist only with one)."""
    return len(ed.rows("cases.csv"))


def left_out_chapters(ed: Edition) -> frozenset[str]:
    """The chapters (notebook names) this edition has nothing for, because its report has no such section at all:
    the book then has no such chapter (not one that says only “left out”). Zizhu, when the edition has no figure,
    item, event or fact of its own (every row left out as not reported, or its files absent); the districts'
    industries and bases, when district_industries.csv has no row."""
    zizhu_facts = [r for r in ed.rows("facts.csv") if r.get("subject") == zizhu.SUBJECT]
    gone = {"zizhu"} if zizhu_parts(ed) is None and not zizhu_facts else set()
    # the districts' industries and bases, when the report gives none (no row, or every row not reported)
    if not has_industries(ed):
        gone.add("districts_overview")
    return frozenset(gone)


#: Money units in a currency other than the yuan (the report's export earnings, Zizhu's contract foreign investment).
FOREIGN_MONEY = frozenset({"亿美元"})


def _whole_year(f: Figure) -> bool:
    start, end = f.period_start or "", f.period_end or ""
    return start[:4] == end[:4] and start[5:] == "01" and end[5:] == "12"


def reading_notes(ed: Edition) -> dict:
    """What a reader must know before comparing this edition's figures with others, found in the data:
    ``partial`` (subjects whose flows cover part of a year, with one such figure for the period), ``growth``
    (whether any figure has a growth rate), ``foreign`` (figures in a foreign currency) and ``cumulative``
    (running totals since a park was set up; a figure counted inside another is left to its total); ``roles``: which
    subject is the zone and which is Zizhu (a page may call them by their short names); ``ids``: the figures the
    edition has (the wording defines the indicators a reader may not know)."""
    figs = [f for file in ed.figure_files() for f in ed.figures(file)]
    partial: dict[tuple, Figure] = {}
    for f in figs:
        if f.basis == "flow" and f.period_start and f.period_end and not _whole_year(f):
            partial.setdefault((f.subject, f.period_start, f.period_end), f)
    cumulative = [f for f in figs if f.basis == "cumulative"]
    counted = {f.id for f in cumulative}
    return {
        "partial": list(partial.values()),
        "growth": any(f.has_growth for f in figs),
        "foreign": [f for f in figs if f.unit in FOREIGN_MONEY],
        "cumulative": [f for f in cumulative if f.part_of not in counted],
        "roles": {zhangjiang.SUBJECT: "zone", zizhu.SUBJECT: "zizhu"},
        "ids": sorted({f.id for f in figs}),
    }
