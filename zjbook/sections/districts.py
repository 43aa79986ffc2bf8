"""Section 4.2, the districts: who appears in which theme, the case boxes, collaboration, industries.

Pure functions of an edition: which districts a theme names, counts, the district × theme matrix, the
collaboration network, the case boxes' items grouped by kind, the industry table — computed from the data
as stored (Chinese), so the result is the same whatever the page's language. How it is said lives in
``zjbook/wording/<lang>/districts.toml``; how it is drawn in :mod:`zjbook.render.chapters.districts`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

import pandas as pd

from ..data.edition import Edition, items
from ..data.figure import Figure, Text
from ..data.reporttext import number_pattern, read_number
from ..data.schema import CASE_KINDS

SECTION = "4.2"
#: The ``subject`` of section 4.2's themes in themes.csv (a data value).
SUBJECT = "区县"
#: The presence matrix's column for the case boxes (the other columns are theme ids).
CASES = "cases"
#: The unit of a count of institutions or enterprises (家).
FIRMS = "家"
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
    return {
        "units": len(d),
        "counties": counties(ed),
        "groups": groups,
        "cases": [Text(x) for x in d.district[d.cases > 0]],
    }


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


#: How the data separates the clauses of one district's action ("参与签署…；推动…").
_CLAUSE = "；"


def merged_actions(ed: Edition, theme_id: str, said_below: Sequence[str] = ()) -> list[dict]:
    """The theme's entries as a page lists them: each district once (its clauses in order), and a clause that
    several districts share said once for all of them ("黄浦区、长宁区和嘉定区参与签署…"). Each entry:
    ``districts``, ``clauses`` (stored texts), the named ``items`` and ``figure`` of its actions.

    ``said_below``: agreements the page states in full elsewhere (the one several districts signed together, in
    the network's paragraph). A clause about one of them is left out: a clause that names it, or one that several
    districts share in an action whose items name it ("参与签署…备忘录"); a district left with no clause is left out."""
    entries: list[dict] = []
    by_clause: dict[str, dict] = {}
    by_district: dict[str, dict] = {}
    rows = theme_actions(ed, theme_id)
    sharers = Counter(c for a in rows for c in set(a["action"].split(_CLAUSE)) if c)
    about = {a["action"]: [w for w in said_below if w in items(a["items"])] for a in rows}
    for a in actions(ed, theme_id):
        clauses = [
            c
            for c in a["action"].split(_CLAUSE)
            if c and not any(said(w, c) or sharers[c] > 1 for w in about[a["action"]])
        ]
        own = []
        for c in clauses:
            if sharers[c] > 1:
                if c in by_clause:
                    by_clause[c]["districts"].append(a["district"])
                else:
                    entry = {"districts": [a["district"]], "clauses": [Text(c)], "items": [], "figure": None}
                    by_clause[c] = entry
                    entries.append(entry)
            else:
                own.append(Text(c))
        if not own:
            continue
        if a["district"] in by_district:
            e = by_district[a["district"]]
            e["clauses"] += own
            e["items"] += a["items"]
            e["figure"] = e["figure"] or a["figure"]
        else:
            e = {"districts": [a["district"]], "clauses": own, "items": list(a["items"]), "figure": a["figure"]}
            by_district[a["district"]] = e
            entries.append(e)
    short = {u["district"]: u["short_name"] or u["district"] for u in units(ed)}
    said_before = (
        lambda e, i: any(  # noqa: E731
            all(short.get(d, d) in c for d in e["districts"]) for x in entries[:i] for c in x["clauses"]
        )
    )
    # a clause shared by districts that an earlier entry already names as its co-signers says nothing new
    return [e for i, e in enumerate(entries) if len(e["districts"]) == 1 or not said_before(e, i)]


def cases_near(ed: Edition, theme_id: str) -> list[dict]:
    return [c for c in ed.rows("cases.csv") if c["near_theme"] == theme_id]


def boxed_collaborations(ed: Edition, theme_id: str) -> list[dict]:
    """The collaborations told only in the boxes beside a theme (their report heading is a box's): each row of
    collaborations.csv with the box's ``title``. A page lists them with the theme's measures, so the reader meets
    each before the table and the network count it."""
    if not ed.has("collaborations.csv"):
        return []
    boxes = {str(c["heading"]): c for c in cases_near(ed, theme_id)}
    return [
        r | {"title": boxes[str(r["heading"])]["title"]}
        for r in ed.rows("collaborations.csv")
        if str(r["heading"]) in boxes
    ]


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


def case_facts(ed: Edition, case: dict) -> dict[str, list[dict]]:
    """A case box's items for its sentences: kind → runs (``items``: stored names; ``note``: what the data says of
    them, said once for a run, or None), as :func:`case_groups` gathers them. A partner that the box's summary or
    another item's note already names (上海交通大学 in "与上海交通大学等合作建设") is said there, once: it is left out
    of the partners."""
    groups = case_groups(ed, case)
    notes = "。".join(
        [str(case["summary"])] + [str(note) for kind, runs in groups if kind != "partner" for _, note in runs if note]
    )
    out: dict[str, list[dict]] = {}
    for kind, runs in groups:
        kept = []
        for names, note in runs:
            names = [n for n in names if kind != "partner" or not said(n, notes)]
            if names:
                kept.append({"items": names, "note": note})
        if kept:
            out[kind] = kept
    return out


#: A box item's note that names what the items are (建设标准, 核心功能, 五大功能 …) rather than what happened to
#: them (在建, 已落户): a page says it as the heading of the items, not in brackets after them.
_LABEL_NOTE_ENDINGS = ("标准", "功能", "载体", "特征", "框架", "模式")


def label_note(note: str | None) -> bool:
    return bool(note) and str(note).endswith(_LABEL_NOTE_ENDINGS)


def case_figures(ed: Edition, case: dict) -> list:
    return (
        [f for f in ed.figures("district_figures.csv") if case["title"] in (f.note or "")]
        if ed.has("district_figures.csv")
        else []
    )


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
    _, by_type = _by_partner_type(c)
    pairs = c.groupby("district")["partner"].apply(lambda s: list(dict.fromkeys(s)))
    every = agreements(ed)
    return {
        "agreements": c["collab_id"].nunique(),
        "pairs": len(c.drop_duplicates(["district", "partner"])),
        "districts": c["district"].nunique(),
        "partners": c["partner"].nunique(),
        "types": [{"type": Text(k), "n": int(v)} for k, v in types.items()],
        "by_type": [{"type": Text(k), "n": int(v)} for k, v in by_type.items()],
        "main": main_partners(c),
        "top": [Text(x) for x in by_partner[by_partner == by_partner.max()].index],
        "top_n": int(by_partner.max()),
        # the districts the single top partner works with, in the order of the data
        "top_districts": (
            [Text(d) for d in dict.fromkeys(c.loc[c["partner"] == by_partner.index[0], "district"])]
            if (by_partner == by_partner.max()).sum() == 1
            else []
        ),
        "busiest": [Text(x) for x in by_district[by_district == by_district.max()].index],
        "busiest_n": int(by_district.max()),
        "by_district": [{"district": Text(d), "partners": [Text(p) for p in ps]} for d, ps in pairs.items()],
        # the shape of the network: agreements between one district and one partner, and those several sign together
        "one_to_one": sum(1 for a in every if len(a["districts"]) == 1 and len(a["partners"]) == 1),
        "joint": [a for a in every if len(a["districts"]) > 1 or len(a["partners"]) > 1],
        # agreements several districts made together: cross-district cooperation
        "joint_districts": sum(1 for a in every if len(a["districts"]) > 1),
    }


def _by_partner_type(c: pd.DataFrame) -> tuple[pd.DataFrame, pd.Series]:
    """Each collaboration once per kind of partner it has, and the collaborations per kind, most first (the data's
    order on ties)."""
    kinds = c.drop_duplicates(["collab_id", "partner_type"])
    ranked = (
        kinds.groupby("partner_type", sort=False)["collab_id"].nunique().sort_values(ascending=False, kind="stable")
    )
    return kinds, ranked


def main_partners(c: pd.DataFrame) -> dict | None:
    """The one or two kinds of partner that more than half of the collaborations have (``types``, most first, and
    ``n`` the collaborations with either), when fewer kinds than all do; else None."""
    total = c["collab_id"].nunique()
    kinds, ranked = _by_partner_type(c)
    for k in (1, 2):
        chosen = list(ranked.index[:k])
        n = kinds.loc[kinds["partner_type"].isin(chosen), "collab_id"].nunique()
        if 2 * n > total and len(chosen) < len(ranked):
            return {"types": [Text(t) for t in chosen], "n": int(n), "of": int(total)}
    return None


def themes_finding(ed: Edition) -> dict | None:
    """What opens the themes page: the theme whose examples reach the most districts and the one that reaches the
    fewest (with its districts when two or fewer), and the kinds of partner most collaborations have. None with
    fewer than two themes that name a district."""
    reach = theme_reach(ed)
    if len(reach) < 2 or reach[0]["n"] == reach[-1]["n"]:
        return None
    last = reach[-1]
    names = theme_profile(ed, last["id"])["districts"]
    c = collaboration_frame(ed)
    return {
        "widest": reach[0],
        "narrowest": last | {"districts": [Text(d) for d in names] if last["n"] <= 2 else []},
        "main": main_partners(c) if not c.empty else None,
    }


def themes_coverage(ed: Edition) -> dict | None:
    """How far the themes page reaches: ``themes`` the main text's themes that name a district, ``named`` the
    districts their examples name (the report's order of districts.csv), ``boxes_only`` those that only a case box
    tells of, ``units`` all the district-level units. None when no theme names a district."""
    p = presence(ed)
    ids = [t["theme_id"] for t in district_themes(ed) if t["theme_id"] in p.columns and p[t["theme_id"]].any()]
    if not ids:
        return None
    in_text = p[ids].sum(axis=1) > 0
    boxed = p[CASES] > 0
    return {
        "themes": len(ids),
        "named": [Text(d) for d in p.index[in_text]],
        "boxes_only": [Text(d) for d in p.index[boxed & ~in_text]],
        "units": len(p),
    }


def collaboration_theme(ed: Edition) -> str | None:
    """The 4.2 theme the collaborations belong to (the theme under whose report heading most of them are told;
    others come from boxes), where the network is shown; None when none is told under a theme's heading (the
    network then stands apart at the page's end)."""
    if not ed.has("collaborations.csv"):
        return None
    told = Counter(str(r["heading"]) for r in ed.rows("collaborations.csv"))
    themes = [t for t in district_themes(ed) if told[str(t["heading"])]]
    return max(themes, key=lambda t: told[str(t["heading"])])["theme_id"] if themes else None


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


def sector_of(row: dict) -> str:
    """An industry's group in the book's vocabulary (district_industries.csv's sector), its own name without one."""
    return row.get("sector") or row["name"]


def industries(ed: Edition) -> list[dict]:
    """Per unit (stored names): its main industries, its industrial bases and its other innovation platforms
    (a workstation, an experimental zone: not industrial bases), as the data lists them."""
    rows = ed.rows("district_industries.csv")
    return [
        {
            "district": u["district"],
            "industry": [r["name"] for r in rows if r["district"] == u["district"] and r["kind"] == "industry"],
            # the book's industry groups of those (the data's sector), each once, in the order of the industries
            "group": list(
                dict.fromkeys(sector_of(r) for r in rows if r["district"] == u["district"] and r["kind"] == "industry")
            ),
            "base": [r["name"] for r in rows if r["district"] == u["district"] and r["kind"] == "base"],
            "platform": [r["name"] for r in rows if r["district"] == u["district"] and r["kind"] == "platform"],
        }
        for u in units(ed)
    ]


def shared_sectors(ed: Edition) -> list[dict]:
    """The industry groups (the data's ``sector``, or the industry's own name where none is given) that more
    than one district pursues, most districts first: the group, the districts in the order of districts.csv. Every
    stated industry counts, as in :func:`zone_industries` and the page's table: an entry the table takes from the
    zone's section (Zizhu's, for Minhang) is one of the district's industries like any other (the table says where it
    comes from)."""
    rows = [r for r in ed.rows("district_industries.csv") if r["kind"] == "industry"]
    order = {u["district"]: i for i, u in enumerate(units(ed))}
    by_sector: dict[str, list[str]] = {}
    for r in rows:
        sector = sector_of(r)
        if r["district"] not in by_sector.setdefault(sector, []):
            by_sector[sector].append(r["district"])
    shared = [
        {"name": Text(k), "n": len(ds), "districts": [Text(d) for d in sorted(ds, key=lambda d: order.get(d, 99))]}
        for k, ds in by_sector.items()
        if len(ds) > 1
    ]
    return sorted(shared, key=lambda s: -s["n"])


def anchored_examples(ed: Edition, most: int = 2) -> list[dict]:
    """Districts of the district section whose one main industry has one named base (district, industry, base),
    each of another industry group, in the order of districts.csv: examples of an industry tied to its place."""
    rows = [r for r in ed.rows("district_industries.csv") if r["section"] == SECTION]
    out: list[dict] = []
    for u in units(ed):
        own = [r for r in rows if r["district"] == u["district"]]
        industry = [r for r in own if r["kind"] == "industry"]
        base = [r for r in own if r["kind"] == "base"]
        group = industry[0].get("sector") or industry[0]["name"] if len(industry) == 1 else None
        if len(base) == 1 and group and all(e["group"] != group for e in out):
            out.append(
                {
                    "district": Text(u["district"]),
                    "industry": Text(industry[0]["name"]),
                    "base": Text(base[0]["name"]),
                    "group": group,
                }
            )
    return out[:most]


def industries_summary(ed: Edition) -> dict:
    table = industries(ed)
    rows = ed.rows("district_industries.csv")
    counts = Counter(r["name"] for r in rows if r["kind"] == "industry")
    with_industry = [r for r in table if r["industry"]]
    return {
        "units": len(table),
        "industries": sum(counts.values()),
        "bases": sum(1 for r in rows if r["kind"] == "base"),
        "platforms": sum(1 for r in rows if r["kind"] == "platform"),
        "shared": shared_sectors(ed),
        "with_industry": len(with_industry),
        "busiest": max(with_industry, key=lambda r: len(r["industry"]), default=None),
        "no_industry": [r["district"] for r in table if not r["industry"]],
        "no_base": [r["district"] for r in table if not r["base"]],
        # districts whose stated industries have a named base or site, and those whose have none
        "anchored": [Text(r["district"]) for r in with_industry if r["base"]],
        "unanchored": [Text(r["district"]) for r in with_industry if not r["base"]],
        "examples": anchored_examples(ed),
        # main industries the table takes from another section of the report (闵行区's from Zizhu, in 4.1)
        "elsewhere": [
            {"district": Text(r["district"]), "name": Text(r["name"])}
            for r in rows
            if r["kind"] == "industry" and r["section"] != SECTION
        ],
    }


# --- the findings that open the pages --------------------------------------------------------


def theme_balance(ed: Edition) -> list[dict]:
    """How each theme of the main text spreads its districts between kinds of area, for the themes that name districts
    in two areas or more (besides an area of one district), in the report's order: ``title``; ``lead`` the area
    that has at least twice as many of them as any other (:func:`theme_profile`), else None (the theme is spread
    evenly); ``areas`` each such area and how many of its districts, the leading one first; ``own`` the areas of one
    district it names."""
    out = []
    for t in district_themes(ed):
        profile = theme_profile(ed, t["theme_id"])
        areas = [{"zone": Text(g["zone"]), "n": len(g["districts"])} for g in profile["groups"] if not g["own"]]
        if len(areas) < 2:
            continue
        lead = profile["lead"]
        out.append(
            {
                "title": Text(t["title"]),
                "lead": Text(lead) if lead else None,
                "areas": sorted(areas, key=lambda g: g["zone"] != lead),
                "own": [Text(g["zone"]) for g in profile["groups"] if g["own"]],
            }
        )
    return out


def partners_by_area(ed: Edition) -> list[dict]:
    """Whom each kind of area's districts worked with: per area of several districts (the order of districts.csv),
    ``zone``, ``total`` the collaborations one of its districts is party to (an agreement several signed counts once
    per area), ``top`` the kinds of partner in the most of them and ``n`` how many. Empty unless two areas or more
    have collaborations and their leading kinds differ: then the areas are a finding."""
    if not ed.has("collaborations.csv"):
        return []
    c = collaboration_frame(ed)
    out: list[dict] = []
    for zone in dict.fromkeys(u["zone_type"] for u in units(ed)):
        members = [u["district"] for u in units(ed) if u["zone_type"] == zone]
        if members == [zone]:
            continue
        mine = c[c["district"].isin(members)].drop_duplicates(["collab_id", "partner_type"])
        if mine.empty:
            continue
        counts = mine.groupby("partner_type", sort=False)["collab_id"].nunique()
        top = int(counts.max())
        out.append(
            {
                "zone": Text(zone),
                "total": int(mine["collab_id"].nunique()),
                "top": [Text(t) for t in counts.index if counts[t] == top],
                "n": top,
            }
        )
    if len(out) < 2 or len({tuple(str(t) for t in z["top"]) for z in out}) < 2:
        return []
    # how the areas' counts overlap and what they leave out: an agreement signed in several areas counts in each, an
    # area of one district (浦东新区) in none
    area_of = {u["district"]: u["zone_type"] for u in units(ed)}
    shared = c.groupby("collab_id")["district"].agg(
        lambda ds: len({area_of.get(d) for d in ds} & {str(z["zone"]) for z in out})
    )
    own = [Text(z) for z in dict.fromkeys(area_of.values()) if [d for d, a in area_of.items() if a == z] == [z]]
    return [
        z | {"counted_twice": int((shared > 1).sum()), "apart": [o for o in own if (c["district"] == str(o)).any()]}
        for z in out
    ]


def scale_figures(ed: Edition) -> list[Figure]:
    """The counts of firms the themes' examples give (district_figures.csv in the unit of institutions and
    enterprises), largest first: how big the clusters the report names are."""
    if not ed.has("district_figures.csv"):
        return []
    firms = [f for f in ed.figures("district_figures.csv") if f.unit == FIRMS]
    return sorted(firms, key=lambda f: -f.value) if len(firms) > 1 else []


def theme_comparisons(ed: Edition) -> dict:
    """What the themes page's main points compare, decided once: whom each area's districts worked with and how big
    the clusters are (``partners``, ``scale``); where those do not both hold, how the themes spread between areas and
    where the districts without a stated industry appear (``balance``, ``unstated``); empty when neither pair gives
    two points (the page then gives the themes' summaries)."""
    partners, scale = partners_by_area(ed), scale_figures(ed)
    if partners and scale:
        return {"partners": partners, "scale": scale}
    balance, unstated = theme_balance(ed), unstated_reach(ed)
    if balance and unstated:
        return {"balance": balance, "unstated": unstated}
    return {}


def unstated_reach(ed: Edition) -> dict | None:
    """Where the districts without a stated main industry appear: ``districts`` (the order of districts.csv) and
    ``themes`` (titles, the report's order), when every one of them appears under some theme of the main text and
    together under fewer themes than there are; else None (nothing sets them apart)."""
    if not has_industries(ed):
        return None
    unstated = [d for z in zone_industries(ed) for d in z["unstated"]]
    if not unstated:
        return None
    p = presence(ed).drop(columns=CASES)
    rows = p.loc[[str(d) for d in unstated]]
    if not (rows.sum(axis=1) > 0).all():
        return None
    ids = [c for c in p.columns if rows[c].sum() > 0]
    if len(ids) >= len([c for c in p.columns if p[c].sum() > 0]):
        return None
    titles = {t["theme_id"]: t["title"] for t in district_themes(ed)}
    return {"districts": unstated, "themes": [Text(titles[i]) for i in ids]}


def zone_balance(ed: Edition) -> list[dict]:
    """The districts of the main text's themes and their measures by kind of area (中心城区, 郊区 …, in the order
    of districts.csv): how many districts of the area the edition lists, how many appear, how many measures."""
    ids = {t["theme_id"] for t in district_themes(ed)}
    acts = [a for a in ed.rows("district_actions.csv") if a["theme_id"] in ids]
    zone_of = {u["district"]: u["zone_type"] for u in units(ed)}
    out = []
    for zone in dict.fromkeys(u["zone_type"] for u in units(ed)):
        members = [u["district"] for u in units(ed) if u["zone_type"] == zone]
        seen = list(dict.fromkeys(a["district"] for a in acts if zone_of.get(a["district"]) == zone))
        out.append(
            {
                "zone": Text(zone),
                "units": len(members),
                "seen": len(seen),
                "measures": sum(1 for a in acts if zone_of.get(a["district"]) == zone),
                "own": members == [zone],
            }
        )
    return out


def theme_reach(ed: Edition) -> list[dict]:
    """Each theme of the main text with the number of districts it names, widest first (report order on ties);
    a theme naming none is left out (validation warns of it): no page says a theme concerns 0 districts."""
    p = presence(ed)
    rows = [
        {"title": t["title"], "id": t["theme_id"], "n": int((p[t["theme_id"]] > 0).sum())} for t in district_themes(ed)
    ]
    return sorted((r for r in rows if r["n"]), key=lambda r: -r["n"])


def overview_lead(ed: Edition) -> dict | None:
    """What opens the districts overview: how many units the section covers, the widest and narrowest themes,
    the balance between areas, the districts under most themes. None without units."""
    o = overview(ed)
    if not o["units"]:
        return None
    reach = theme_reach(ed)
    if not sum(z["measures"] for z in zone_balance(ed)):
        return None  # no district's measure in the data: nothing to divide between areas, no “0项”
    return o | {
        "widest": reach[0] if reach else None,
        "narrowest": reach[-1] if len(reach) > 1 and reach[-1]["n"] < reach[0]["n"] else None,
        "balance": zone_balance(ed),
        "measures": sum(z["measures"] for z in zone_balance(ed)),
    }


def theme_cards(ed: Edition) -> list[dict]:
    """The main text's themes that this edition has, in the report's order, as :func:`theme` gives each."""
    return [t for x in district_themes(ed) if (t := theme(ed, x["theme_id"])) is not None]


def counties(ed: Edition) -> int:
    """How many of the edition's units are counties (县): none since Chongming became a district, so
    the English says "districts", not "districts and counties"."""
    return sum(1 for u in units(ed) if u.get("kind") == "县")


def zone_industries(ed: Edition) -> list[dict]:
    """The districts' main industries as the data states them (the district text's, and the zone section's for a
    district it names there), by kind of area (中心城区, 郊区 …, in the order of
    districts.csv): per area its districts (``units``), those with a stated industry (``with_industry``), the industry
    groups (the data's ``sector``) that more than one of its districts pursues (``shared``: name, n, districts, most
    first) and those only one pursues (``single``: name, district), how many of its districts share a group with
    another of the area (``sharing``), the districts without a stated industry
    (``unstated``), and ``own`` for an area of one district."""
    rows = [r for r in ed.rows("district_industries.csv") if r["kind"] == "industry"]
    zone_of = {u["district"]: u["zone_type"] for u in units(ed)}
    out = []
    for zone in dict.fromkeys(u["zone_type"] for u in units(ed)):
        members = [u["district"] for u in units(ed) if u["zone_type"] == zone]
        by_sector: dict[str, list[str]] = {}
        for r in rows:
            if zone_of.get(r["district"]) == zone:
                ds = by_sector.setdefault(sector_of(r), [])
                if r["district"] not in ds:
                    ds.append(r["district"])
        shared: list[dict] = [
            {"name": Text(s), "n": len(ds), "districts": [Text(d) for d in ds]}
            for s, ds in by_sector.items()
            if len(ds) > 1
        ]
        stated = {d for ds in by_sector.values() for d in ds}
        single = [{"name": Text(s), "district": Text(ds[0])} for s, ds in by_sector.items() if len(ds) == 1]
        out.append(
            {
                "zone": Text(zone),
                "own": members == [zone],
                "units": len(members),
                "county": any(u["kind"] == "县" for u in units(ed) if u["district"] in members),
                "with_industry": len(stated),
                "stated_county": any(u["kind"] == "县" for u in units(ed) if u["district"] in stated),
                # its districts that share an industry group with another district of the same area
                "sharing": len({d for ds in by_sector.values() if len(ds) > 1 for d in ds}),
                "shared": sorted(shared, key=lambda s: -s["n"]),
                "single": single,
                # the area's districts the report gives no main industry for
                "unstated": [Text(d) for d in members if d not in stated],
                # the same gathered by district: a district with two groups says both in one place
                "singles": [
                    {"district": Text(d), "names": [s["name"] for s in single if s["district"] == d]}
                    for d in dict.fromkeys(str(s["district"]) for s in single)
                ],
            }
        )
    return out


def industry_spread(ed: Edition) -> dict:
    """How far the stated industry groups spread across districts: ``stated`` the districts with a stated main
    industry, ``shared`` the groups more than one pursues (most first, as :func:`shared_sectors`), ``tiers`` those
    gathered by how many districts pursue them (n, names; most first), ``singles`` how many groups only one district
    pursues."""
    rows = [r for r in ed.rows("district_industries.csv") if r["kind"] == "industry"]
    shared = shared_sectors(ed)
    groups = {sector_of(r) for r in rows}
    tiers: list[dict] = []
    for s in shared:
        if tiers and tiers[-1]["n"] == s["n"]:
            tiers[-1]["names"].append(s["name"])
        else:
            tiers.append({"n": s["n"], "names": [s["name"]]})
    return {
        "stated": len({r["district"] for r in rows}),
        "shared": shared,
        "tiers": tiers,
        "singles": len(groups) - len(shared),
    }


def has_industries(ed: Edition) -> bool:
    """Whether the edition states any district's industries, bases or platforms (the chapter exists only then)."""
    return bool(ed.rows("district_industries.csv"))


def crossing_sectors(ed: Edition) -> list[dict]:
    """The industry groups shared across kinds of area (two or more areas besides any area of one district),
    gathered by the districts that pursue them: districts, names (the groups), zones (the areas, in the order of the
    districts) and groups (per area: zone, its districts among them, ``own`` for an area of one district, which its
    name already says)."""
    zone_of = {u["district"]: u["zone_type"] for u in units(ed)}
    # an area of one district (浦东新区, listed on its own) is no area a group can cross into: a group shared by it
    # and one other area stays within one area
    alone = {z for z in zone_of.values() if [d for d, y in zone_of.items() if y == z] == [z]}
    by: dict[tuple, list] = {}
    for sector in shared_sectors(ed):
        if len({zone_of.get(str(d)) for d in sector["districts"]} - alone) > 1:
            by.setdefault(tuple(sector["districts"]), []).append(sector["name"])
    out = []
    for ds, ns in by.items():
        zones = list(dict.fromkeys(zone_of[str(d)] for d in ds))
        groups = []
        for z in zones:
            members = [d for d in ds if zone_of[str(d)] == z]
            groups.append({"zone": Text(z), "districts": members, "own": [str(d) for d in members] == [z]})
        out.append({"districts": list(ds), "names": ns, "zones": zones, "groups": groups})
    return out
