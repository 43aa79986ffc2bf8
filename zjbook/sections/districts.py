"""Section 4.2, the districts: who appears in which theme, the case boxes, collaboration, industries.

Pure functions of an edition: which districts a theme names, counts, the district × theme matrix, the
collaboration network, the case boxes' items grouped by kind, the industry table — computed from the data
as stored (Chinese), so the result is the same whatever the page's language. How it is said lives in
``zjbook/wording/<lang>/districts.toml``; how it is drawn in :mod:`zjbook.render.chapters.districts`.
"""

from __future__ import annotations

import re
from collections import Counter

import pandas as pd

from ..data.edition import Edition, items
from ..data.figure import Text
from ..data.reporttext import number_pattern, read_number
from ..data.schema import CASE_KINDS

SECTION = "4.2"
#: The ``subject`` of section 4.2's themes in themes.csv (a data value).
SUBJECT = "区县"
#: The presence matrix's column for the case boxes (the other columns are theme ids).
CASES = "cases"
#: How the data says that a note holds for one item of a group ("五大功能之一", one of the five functions):
#: said once for a run of such items, the note names the group.
_ONE_OF = "之一"


# --- the units ----------------------------------------------------------------------------


def units(ed: Edition) -> list[dict]:
    return ed.rows("districts.csv")


def district_themes(ed: Edition) -> list[dict]:
    """The 4.2 themes (subject 区县) in the report's order."""
    return sorted((t for t in ed.rows("themes.csv") if t["subject"] == SUBJECT), key=lambda t: t["order"])


def presence(ed: Edition) -> pd.DataFrame:
    """District × theme id: how many named measures each district has in each theme, and (column
    :data:`CASES`) how many case boxes."""
    names = [u["district"] for u in units(ed)]
    ids = [t["theme_id"] for t in district_themes(ed)]
    counts = Counter((a["district"], a["theme_id"]) for a in ed.rows("district_actions.csv") if a["theme_id"] in ids)
    counts.update((c["district"], CASES) for c in ed.rows("cases.csv"))
    columns = ids + [CASES]
    return pd.DataFrame([[counts[(n, c)] for c in columns] for n in names], index=names, columns=columns, dtype=int)


def breadth(ed: Edition) -> pd.Series:
    """For each district, the number of themes of the main text it appears in."""
    p = presence(ed)
    return (p.drop(columns=CASES) > 0).sum(axis=1)


def theme_titles(ed: Edition) -> dict[str, Text]:
    """Theme id → its title (the :data:`CASES` column is named by the wording)."""
    return {t["theme_id"]: t["title"] for t in district_themes(ed)}


def overview(ed: Edition) -> dict:
    """The units by kind, how many the main text and the boxes mention, who appears under most themes,
    how many districts each theme names, and the later changes of status the data note."""
    us = units(ed)
    p = presence(ed)
    b = breadth(ed)
    kinds = Counter(u["kind"] for u in us)
    most = int(b.max()) if len(b) else 0
    return {
        "units": len(us),
        "kinds": [{"kind": k, "label": Text(k), "n": n} for k, n in kinds.items()],
        "themes": len(district_themes(ed)),
        "cases": int(p[CASES].sum()),
        "seen": int((p > 0).any(axis=1).sum()),
        "most": most,
        "top": [Text(d) for d in b[b == most].index] if most else [],
        "only_cases": [Text(d) for d in b.index if b[d] == 0 and p.loc[d, CASES] > 0],
        "by_theme": [{"title": t["title"], "n": int((p[t["theme_id"]] > 0).sum())} for t in district_themes(ed)],
        "later": [{"district": u["district"], "change": u["later_change"]} for u in us if u["later_change"]],
    }


def units_rows(ed: Edition) -> list[dict]:
    """Per unit: its area, the themes and case boxes it appears in, its later change."""
    p = presence(ed)
    themes = district_themes(ed)
    cases = ed.rows("cases.csv")
    return [
        {
            "district": u["district"],
            "zone_type": u["zone_type"],
            "themes": [t["title"] for t in themes if p.loc[u["district"], t["theme_id"]] > 0],
            "cases": [c["title"] for c in cases if c["district"] == u["district"]],
            "later_change": u["later_change"],
        }
        for u in units(ed)
    ]


def tile_data(ed: Edition) -> pd.DataFrame:
    p = presence(ed)
    b = breadth(ed)
    us = units(ed)
    return pd.DataFrame(
        {
            "district": [u["district"] for u in us],
            "tile_row": [u["tile_row"] for u in us],
            "tile_col": [u["tile_col"] for u in us],
            "themes": [int(b[u["district"]]) for u in us],
            "cases": [int(p.loc[u["district"], CASES]) for u in us],
        }
    )


def tile_groups(ed: Edition) -> dict:
    """The districts grouped by how many themes they appear in, most first, and those with a case box."""
    d = tile_data(ed)
    groups = [
        {"n": int(n), "names": [Text(x) for x in d.district[d.themes == n]]}
        for n in sorted(set(d.themes), reverse=True)
    ]
    return {"units": len(d), "groups": groups, "cases": [Text(x) for x in d.district[d.cases > 0]]}


def matrix_order(ed: Edition) -> pd.DataFrame:
    """The presence matrix, districts with the most themes (then measures) first."""
    p = presence(ed)
    order = p.assign(_n=(p > 0).sum(axis=1), _t=p.sum(axis=1)).sort_values(["_n", "_t"], ascending=False).index
    return p.loc[order]


def matrix_data(ed: Edition, case_column: str) -> pd.DataFrame:
    """The matrix as a long table, columns named by theme title (``case_column`` names the boxes' column)."""
    p = presence(ed).rename(columns=theme_titles(ed) | {CASES: case_column})
    return p.reset_index(names="district").melt(id_vars="district", var_name="theme", value_name="count")


def matrix_columns(ed: Edition) -> list[dict]:
    """Each column of the matrix (a theme id or :data:`CASES`) with the districts that appear in it."""
    p = presence(ed)
    return [{"column": c, "names": [Text(d) for d in p.index[p[c] > 0]]} for c in p.columns]


# --- themes and case boxes -----------------------------------------------------------------


def theme(ed: Edition, theme_id: str) -> dict | None:
    return next((t for t in ed.rows("themes.csv") if t["theme_id"] == theme_id), None)


def theme_actions(ed: Edition, theme_id: str) -> list[dict]:
    return sorted((a for a in ed.rows("district_actions.csv") if a["theme_id"] == theme_id), key=lambda a: a["order"])


def theme_profile(ed: Edition, theme_id: str) -> dict:
    """Who a theme names, as the opening of its section describes it (stored names, counts, flags):

    ``districts`` in the report's order; ``groups``: the districts by kind of area (中心城区, 郊区…, in the
    order of districts.csv), a group that is a single district named after its area (浦东新区) marked
    ``own``; ``lead``: the area that has at least twice as many of them as any other, if one does;
    ``even``: two or more areas with as many each; ``most``/``fewest``: no other 4.2 theme names as
    many / as few districts; ``repeated``: districts with more than one measure, and how many."""
    acts = theme_actions(ed, theme_id)
    names = list(dict.fromkeys(a["district"] for a in acts))
    zone_of = {u["district"]: u["zone_type"] for u in units(ed)}
    groups = []
    for zone in dict.fromkeys(u["zone_type"] for u in units(ed)):
        members = [d for d in names if zone_of.get(d) == zone]
        if members:
            groups.append({"zone": zone, "districts": members, "own": members == [zone]})
    plain = sorted((len(g["districts"]) for g in groups if not g["own"]), reverse=True)
    sizes = Counter(t for t, _ in {(a["theme_id"], a["district"]) for a in ed.rows("district_actions.csv")})
    others = [sizes[t["theme_id"]] for t in district_themes(ed) if t["theme_id"] != theme_id and sizes[t["theme_id"]]]
    lead = next(
        (
            g["zone"]
            for g in groups
            if not g["own"] and len(plain) > 1 and len(g["districts"]) == plain[0] and plain[0] >= 2 * plain[1]
        ),
        None,
    )
    per_district = Counter(a["district"] for a in acts)
    return {
        "districts": names,
        "groups": groups,
        "lead": lead,
        "even": len(plain) > 1 and len(set(plain)) == 1,
        "most": bool(names) and all(len(names) > n for n in others),
        "fewest": bool(names) and all(len(names) < n for n in others),
        "repeated": [(d, k) for d, k in per_district.items() if k > 1],
    }


def bare(text: str) -> str:
    """Text without quotation and title marks, to tell whether a name is already said."""
    return re.sub(r"[“”‘’《》\"']", "", text)


def _in_order(short: str, long: str) -> bool:
    """Whether the characters of ``short`` occur in ``long`` in the same order (研发平台开放 in
    研发平台向企业开放)."""
    rest = iter(long)
    return all(c in rest for c in short)


def said(item: str, text: str) -> bool:
    """Whether ``text`` already names ``item``: word for word, or — for an item of four characters or
    more — its characters in order within one clause, as a paraphrase that only adds words between them."""
    item, text = bare(item), bare(text)
    return item in text or (len(item) >= 4 and any(_in_order(item, clause) for clause in re.split(r"[，；。]", text)))


def states_value(text: str, value: float) -> bool:
    """Whether ``text`` already gives ``value`` as a number, in figures or Chinese numerals (四类, 4个)."""
    return any(float(read_number(m, "n").amount) == value for m in re.finditer(number_pattern("n"), text))


def actions(ed: Edition, theme_id: str) -> list[dict]:
    """What each district entry of a theme shows: the action, the named items that neither the action
    nor an earlier entry of the theme already names, and its figure unless the action states that number."""
    out, earlier = [], ""
    for a in theme_actions(ed, theme_id):
        named = [n for n in items(a["items"]) if not said(n, a["action"]) and not said(n, earlier)]
        f = ed.figure(a["figure_id"]) if a["figure_id"] else None
        out.append(
            {
                "district": a["district"],
                "action": a["action"],
                "items": named,
                "figure": f if f is not None and not states_value(a["action"], f.value) else None,
            }
        )
        earlier += "。" + a["action"] + "。" + "。".join(named)
    return out


def cases_near(ed: Edition, theme_id: str) -> list[dict]:
    return [c for c in ed.rows("cases.csv") if c["near_theme"] == theme_id]


def case_groups(ed: Edition, case: dict) -> list[tuple[str, list[tuple[list[Text], Text | None]]]]:
    """A case box's items by kind (in the order of the kinds): (kind, runs); a run is neighbours that share
    a note, with the note said once: (item names, note or None). Stored texts throughout.

    A note said of each item of a run as "one of" a group (五大功能之一) names the group for the run
    (五大功能); a note the kind's name already says (定位与目标 … 目标) is left out."""
    groups: dict[str, list[dict]] = {}
    for it in ed.rows("case_items.csv"):
        if it["case_id"] == case["case_id"]:
            groups.setdefault(it["kind"], []).append(it)
    out = []
    for kind in sorted(groups, key=list(CASE_KINDS).index):
        runs: list[tuple[list[Text], Text | None]] = []
        for it in groups[kind]:
            if runs and it["detail"] and runs[-1][1] == it["detail"]:
                runs[-1][0].append(it["item"])
            else:
                runs.append(([it["item"]], it["detail"]))
        tidy = []
        for names, note in runs:
            if note and len(names) > 1:
                note = Text(note.removesuffix(_ONE_OF))
            if note and note in CASE_KINDS[kind]:
                note = None
            tidy.append((names, note))
        out.append((kind, tidy))
    return out


def case_figures(ed: Edition, case: dict) -> list:
    return (
        [f for f in ed.figures("district_figures.csv") if case["title"] in (f.note or "")]
        if ed.has("district_figures.csv")
        else []
    )


def cases_summary(ed: Edition) -> dict | None:
    """How many boxes there are, in how many districts, how many describe a layout or name partners, and
    how many projects or institutions they list."""
    cs = ed.rows("cases.csv")
    if not cs:
        return None
    case_items = ed.rows("case_items.csv")
    kinds = Counter(it["kind"] for it in case_items)
    with_kind = lambda kind: len({it["case_id"] for it in case_items if it["kind"] == kind})  # noqa: E731
    return {
        "cases": len(cs),
        "districts": len({c["district"] for c in cs}),
        "layout": with_kind("layout"),
        "partner": with_kind("partner"),
        "projects": kinds.get("project", 0),
    }


# --- collaboration -------------------------------------------------------------------------


def collaboration_frame(ed: Edition) -> pd.DataFrame:
    return pd.DataFrame(ed.rows("collaborations.csv"))


def collaboration(ed: Edition) -> dict | None:
    """The collaborations: how many (an agreement several districts and partners sign together counts once), the
    district–partner links they make, which partner and which district take part in the most."""
    c = collaboration_frame(ed)
    if c.empty:
        return None
    by_partner = c.groupby("partner")["collab_id"].nunique().sort_values(ascending=False)
    by_district = c.groupby("district")["collab_id"].nunique().sort_values(ascending=False)
    types = c.groupby("partner_type")["partner"].nunique()
    pairs = c.groupby("district")["partner"].apply(lambda s: list(dict.fromkeys(s)))
    return {
        "agreements": c["collab_id"].nunique(),
        "pairs": len(c.drop_duplicates(["district", "partner"])),
        "districts": c["district"].nunique(),
        "partners": c["partner"].nunique(),
        "types": [{"type": Text(k), "n": int(v)} for k, v in types.items()],
        "top": [Text(x) for x in by_partner[by_partner == by_partner.max()].index],
        "top_n": int(by_partner.max()),
        "busiest": [Text(x) for x in by_district[by_district == by_district.max()].index],
        "busiest_n": int(by_district.max()),
        "by_district": [{"district": Text(d), "partners": [Text(p) for p in ps]} for d, ps in pairs.items()],
    }


def network_data(ed: Edition) -> pd.DataFrame:
    return collaboration_frame(ed)[["collab_id", "district", "partner", "partner_type", "what", "heading"]]


def agreements(ed: Edition) -> list[dict]:
    """Each collaboration once: the districts and partners it joins and what it is about."""
    c = collaboration_frame(ed)
    g = c.groupby(["collab_id", "what"], sort=False).agg(
        district=("district", lambda s: list(dict.fromkeys(s))), partner=("partner", lambda s: list(dict.fromkeys(s)))
    )
    return [
        {"districts": [Text(x) for x in r.district], "partners": [Text(x) for x in r.partner], "what": Text(r.what)}
        for r in g.reset_index().itertuples()
    ]


# --- industries table ----------------------------------------------------------------------


def industries(ed: Edition) -> list[dict]:
    """Per unit (stored names): its main industries and its industrial bases, as the data lists them."""
    rows = ed.rows("district_industries.csv")
    return [
        {
            "district": u["district"],
            "industry": [r["name"] for r in rows if r["district"] == u["district"] and r["kind"] == "industry"],
            "base": [r["name"] for r in rows if r["district"] == u["district"] and r["kind"] == "base"],
        }
        for u in units(ed)
    ]


def industries_summary(ed: Edition) -> dict:
    table = industries(ed)
    rows = ed.rows("district_industries.csv")
    counts = Counter(r["name"] for r in rows if r["kind"] == "industry")
    return {
        "units": len(table),
        "industries": sum(counts.values()),
        "bases": sum(1 for r in rows if r["kind"] == "base"),
        "shared": [{"name": Text(k), "n": v} for k, v in counts.items() if v > 1],
        "no_industry": [r["district"] for r in table if not r["industry"]],
        "no_base": [r["district"] for r in table if not r["base"]],
    }
