"""Section 4.2, the districts: who appears in which theme, the case boxes, collaboration, industries.

The functions here compute what the pages state — which districts a theme names, counts, the
district × theme matrix, the collaboration network, the case boxes' items grouped by kind, the industry
table — from the data as stored (Chinese), so the result is the same whatever the page's language. How
it is said lives in ``zjbook/wording/<lang>/districts.toml``: each ``*_paragraph``/``*_lines``/figure
function hands its result to ``ed.say("districts.…")``. Data texts are shown through ``ed.t``; data
downloads keep the stored fields.
"""
from __future__ import annotations

import re
import textwrap
from collections import Counter

import matplotlib.patches as mpatches
import pandas as pd
import seaborn as sns

from ..data.edition import Edition, items
from ..data.reporttext import number_pattern, read_number
from ..data.schema import CASE_KINDS
from ..data.translation import replace_untranslated
from ..render import style
from ..wording import SOURCE_LANGUAGE, wording

SECTION = "4.2"
#: The ``subject`` of section 4.2's themes in themes.csv (a data value).
SUBJECT = "区县"
#: The presence matrix's column for the case boxes (the other columns are theme ids).
CASES = "cases"
#: How the data marks a note that is not the report's (districts.csv ``later_change`` ends with one in
#: brackets, and so may its translation): the page says it once in its own words instead.
_TRAILING_NOTE = re.compile(r"\s*[（(][^（）()]*[）)](?=\ue001?$)")
#: How the data says that a note holds for one item of a group ("五大功能之一", one of the five functions):
#: said once for a run of such items, the note names the group.
_ONE_OF = "之一"


def _say(ed: Edition, key: str, **context) -> str:
    return ed.say(f"districts.{key}", **context)


def _words(ed: Edition, key: str):
    return ed.words.words(f"districts.{key}")


def drawn(ed: Edition, text: str) -> str:
    """A text as a figure draws it: an untranslated passage spelled out, as ``publish.figure`` would
    (matplotlib measures the texts before that, and the marks are no glyphs of the house font)."""
    return replace_untranslated(text, lambda zh: ed.say("site.untranslated_figure", text=zh))


def cell_list(ed: Edition, texts: list[str]) -> str:
    """Several texts in one table cell, or the language's mark for none."""
    return _say(ed, "cell_list", items=texts) if texts else _say(ed, "none")


def listing(ed: Edition, texts: list[str]) -> dict:
    """Items to list in a sentence, and whether they hold lists themselves (then the language sets
    them apart more strongly: "；" / "; " instead of "、" / ", ")."""
    marks = _words(ed, "inner_list_marks")
    return {"items": texts, "nested": any(m in t for t in texts for m in marks)}


# --- the 17 units --------------------------------------------------------------------------

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


def column_labels(ed: Edition) -> dict[str, str]:
    """Theme id (and :data:`CASES`) → its label on the page."""
    return {t["theme_id"]: ed.t(t["title"]) for t in district_themes(ed)} | {CASES: _say(ed, "case_column")}


def _stored_column_labels(ed: Edition) -> dict[str, str]:
    """The same labels as data downloads give them, in the source language whatever the page's."""
    return ({t["theme_id"]: t["title"] for t in district_themes(ed)}
            | {CASES: wording(SOURCE_LANGUAGE).say("districts.case_column")})


def later_change(ed: Edition, unit: dict) -> str | None:
    """A unit's later change of status, without the data's note that it is not the report's."""
    return _TRAILING_NOTE.sub("", ed.t(unit["later_change"])) if unit["later_change"] else None


def overview_paragraphs(ed: Edition) -> list[str]:
    us = units(ed)
    kinds = Counter(u["kind"] for u in us)
    p = presence(ed)
    seen = p[(p > 0).any(axis=1)]
    themes = district_themes(ed)
    out = [_say(ed, "overview.units", units=len(us), kinds=[{"kind": k, "label": ed.t(k), "n": n} for k, n in kinds.items()],
                unit_kinds=_words(ed, "unit_kinds"), themes=len(themes), cases=int(p[CASES].sum()), seen=len(seen))]
    b = breadth(ed)
    if len(b) and b.max() > 0:
        only_cases = [d for d in b.index if b[d] == 0 and p.loc[d, CASES] > 0]
        out.append(_say(ed, "overview.breadth", top=[ed.t(d) for d in b[b == b.max()].index], most=int(b.max()),
                        only_cases=[ed.t(d) for d in only_cases]))
    by_theme = [{"title": ed.t(t["title"]), "n": int((p[t["theme_id"]] > 0).sum())} for t in themes]
    if by_theme:
        out.append(_say(ed, "overview.by_theme", themes=by_theme))
    later = [{"district": ed.t(u["district"]), "change": later_change(ed, u)} for u in us if u["later_change"]]
    if later:
        out.append(_say(ed, "overview.later", changes=later))
    return out


def units_table(ed: Edition) -> pd.DataFrame:
    p = presence(ed)
    us = units(ed)
    themes = district_themes(ed)
    cases = ed.rows("cases.csv")
    columns = _words(ed, "units_table.columns")
    return pd.DataFrame({
        columns[0]: [ed.t(u["district"]) for u in us],
        columns[1]: [ed.t(u["zone_type"]) for u in us],
        columns[2]: [cell_list(ed, [ed.t(t["title"]) for t in themes if p.loc[u["district"], t["theme_id"]] > 0]) for u in us],
        columns[3]: [cell_list(ed, [ed.t(c["title"]) for c in cases if c["district"] == u["district"]]) for u in us],
        columns[4]: [later_change(ed, u) or _say(ed, "none") for u in us],
    })


# --- figures: tile map, matrix, network ----------------------------------------------------

def tile_map(ed: Edition):
    """A schematic grid of the units, shaded by the number of themes each appears in; ★ marks a case box."""
    us = units(ed)
    p = presence(ed)
    b = breadth(ed)
    n_themes = len(p.columns) - 1
    shades = sns.light_palette(style.BLUE, n_colors=n_themes + 1)
    rows = max(u["tile_row"] for u in us) + 1
    cols = max(u["tile_col"] for u in us) + 1
    fig, ax = style.new_figure(height=5.2)
    labels = []
    for u in us:
        n = int(b[u["district"]])
        x, y = u["tile_col"], rows - 1 - u["tile_row"]
        ax.add_patch(mpatches.FancyBboxPatch((x + 0.05, y + 0.05), 0.9, 0.9, boxstyle="round,pad=0.0,rounding_size=0.08",
                                             facecolor=shades[n], edgecolor="white", linewidth=1.5))
        colour = "white" if n >= (n_themes + 1) / 2 else style.TEXT
        labels.append(ax.text(x + 0.5, y + 0.58, drawn(ed, ed.t(u["short_name"])), ha="center", va="center", fontsize=11,
                              fontweight="bold", color=colour))
        labels.append(ax.text(x + 0.5, y + 0.28, _say(ed, "tiles.tile", n=n, case=bool(p.loc[u["district"], CASES])),
                              ha="center", va="center", fontsize=8, color=colour))
    ax.set_xlim(-0.1, cols + 0.1)
    ax.set_ylim(-0.1, rows + 0.1)
    ax.set_aspect("equal")
    ax.axis("off")
    handles = [mpatches.Patch(color=shades[n], label=_say(ed, "tiles.legend", n=n)) for n in range(n_themes + 1)]
    ax.legend(handles=handles, loc="lower right", frameon=False, fontsize=8, title=_say(ed, "tiles.legend_title"),
              title_fontsize=8)
    style.frame(fig, _say(ed, "tiles.title", units=len(us)), _say(ed, "tiles.subtitle"), drawn(ed, ed.source_line(SECTION)))
    _fit(fig, ax, labels, width=0.9)
    return fig


def _fit(fig, ax, texts, width: float) -> None:
    """Make each text no wider than ``width`` data units, smaller if need be (a long name in a tile)."""
    renderer = fig.canvas.get_renderer()
    ax.apply_aspect()  # the axes' final box (an equal aspect shrinks it when drawn)
    room = ax.transData.transform((width, 0))[0] - ax.transData.transform((0, 0))[0]
    for t in texts:
        wide = t.get_window_extent(renderer).width
        if wide > room:
            t.set_fontsize(max(5.0, int(t.get_fontsize() * room / wide * 2) / 2))


def tile_data(ed: Edition) -> pd.DataFrame:
    p = presence(ed)
    b = breadth(ed)
    us = units(ed)
    return pd.DataFrame({
        "district": [u["district"] for u in us], "tile_row": [u["tile_row"] for u in us],
        "tile_col": [u["tile_col"] for u in us],
        "themes": [int(b[u["district"]]) for u in us],
        "cases": [int(p.loc[u["district"], CASES]) for u in us],
    })


def tile_alt(ed: Edition) -> str:
    """The tile map in words: the districts grouped by how many themes they appear in, most first."""
    d = tile_data(ed)
    groups = [{"n": int(n), "names": [ed.t(x) for x in d.district[d.themes == n]]}
              for n in sorted(set(d.themes), reverse=True)]
    return _say(ed, "tiles.alt", units=len(d), groups=groups, cases=[ed.t(x) for x in d.district[d.cases > 0]])


def _wrapped(label: str, width: int = 16) -> str:
    """A long column label over lines, broken at spaces only (a label without spaces stays whole)."""
    return textwrap.fill(label, width, break_long_words=False, break_on_hyphens=False)


def matrix_chart(ed: Edition):
    p = presence(ed)
    order = p.assign(_n=(p > 0).sum(axis=1), _t=p.sum(axis=1)).sort_values(["_n", "_t"], ascending=False).index
    labels = column_labels(ed)
    p = p.loc[order].rename(index=lambda d: drawn(ed, ed.t(d)), columns=lambda c: _wrapped(drawn(ed, labels[c])))
    fig, ax = style.new_figure(height=0.32 * len(p) + 1.8)
    cmap = sns.light_palette(style.BLUE, as_cmap=True)
    sns.heatmap(p, ax=ax, cmap=cmap, cbar=False, annot=p.where(p > 0).map(lambda v: "" if pd.isna(v) else f"{int(v)}"),
                fmt="", linewidths=1, linecolor="white", vmin=0, vmax=max(2, int(p.values.max())),
                annot_kws={"fontsize": 9})
    ax.xaxis.tick_top()
    ax.set_xlabel("")
    ax.set_ylabel("")
    ax.tick_params(length=0)
    ax.set_xticklabels(ax.get_xticklabels(), rotation=0, fontsize=9)
    style.frame(fig, _say(ed, "matrix.title"), _say(ed, "matrix.subtitle"), drawn(ed, ed.source_line(SECTION)))
    return fig


def matrix_data(ed: Edition) -> pd.DataFrame:
    p = presence(ed).rename(columns=_stored_column_labels(ed))
    return p.reset_index(names="district").melt(id_vars="district", var_name="theme", value_name="count")


def matrix_alt(ed: Edition) -> str:
    p = presence(ed)
    labels = column_labels(ed)
    columns = [{"label": labels[c], "names": [ed.t(d) for d in p.index[p[c] > 0]]} for c in p.columns]
    return _say(ed, "matrix.alt", columns=columns)


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
    lead = next((g["zone"] for g in groups if not g["own"] and len(plain) > 1 and len(g["districts"]) == plain[0]
                 and plain[0] >= 2 * plain[1]), None)
    per_district = Counter(a["district"] for a in acts)
    return {"districts": names, "groups": groups, "lead": lead, "even": len(plain) > 1 and len(set(plain)) == 1,
            "most": bool(names) and all(len(names) > n for n in others),
            "fewest": bool(names) and all(len(names) < n for n in others),
            "repeated": [(d, k) for d, k in per_district.items() if k > 1]}


def theme_paragraphs(ed: Edition, theme_id: str) -> list[str]:
    t = theme(ed, theme_id)
    if t is None:
        return [_say(ed, "themes.missing")]
    profile = theme_profile(ed, theme_id)
    areas = _words(ed, "areas")
    area = lambda zone: areas.get(zone) or ed.t(zone)  # noqa: E731  how a sentence names the kind of area
    groups = [{"zone": area(g["zone"]), "names": [ed.t(d) for d in g["districts"]], "own": g["own"]}
              for g in profile["groups"]]
    text = _say(ed, "themes.intro", summary=ed.t(t["summary"]), n=len(profile["districts"]),
                names=[ed.t(d) for d in profile["districts"]], own=[g["names"][0] for g in groups if g["own"]],
                groups=[g for g in groups if not g["own"]], lead=area(profile["lead"]) if profile["lead"] else None,
                even=profile["even"], most=profile["most"], fewest=profile["fewest"],
                repeated=[{"name": ed.t(d), "n": k} for d, k in profile["repeated"]])
    return [text]


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
        out.append({"district": a["district"], "action": a["action"], "items": named,
                    "figure": f if f is not None and not states_value(a["action"], f.value) else None})
        earlier += "。" + a["action"] + "。" + "。".join(named)
    return out


def action_lines(ed: Edition, theme_id: str) -> list[str]:
    """One line per district action (see :func:`actions`)."""
    return [_say(ed, "themes.action", district=ed.t(a["district"]), action=ed.t(a["action"]),
                 named=listing(ed, [ed.t(n) for n in a["items"]]), figure=a["figure"])
            for a in actions(ed, theme_id)]


def cases_near(ed: Edition, theme_id: str) -> list[dict]:
    return [c for c in ed.rows("cases.csv") if c["near_theme"] == theme_id]


def case_groups(ed: Edition, case: dict) -> list[tuple[str, list[tuple[list[str], str | None]]]]:
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
        runs: list[tuple[list[str], str | None]] = []
        for it in groups[kind]:
            if runs and it["detail"] and runs[-1][1] == it["detail"]:
                runs[-1][0].append(it["item"])
            else:
                runs.append(([it["item"]], it["detail"]))
        tidy = []
        for names, note in runs:
            if note and len(names) > 1:
                note = note.removesuffix(_ONE_OF)
            if note and note in CASE_KINDS[kind]:
                note = None
            tidy.append((names, note))
        out.append((kind, tidy))
    return out


def case_figures(ed: Edition, case: dict) -> list:
    return [f for f in ed.figures("district_figures.csv") if case["title"] in (f.note or "")] if ed.has("district_figures.csv") else []


def case_card(ed: Edition, case: dict) -> tuple[str, list[str], list[str]]:
    """(title, paragraphs, points) for one case box, its elements grouped by kind."""
    kinds = _words(ed, "cases.kinds")
    body = [_say(ed, "cases.lead", district=ed.t(case["district"]), slogan=ed.t(case["slogan"])), ed.t(case["summary"])]
    points = [_say(ed, "cases.point", kind=kinds[kind],
                   runs=[listing(ed, [ed.t(n) for n in names]) | {"note": ed.t(note) if note else None}
                         for names, note in runs])
              for kind, runs in case_groups(ed, case)]
    points += [_say(ed, "cases.figure", figure=f) for f in case_figures(ed, case)]
    return _say(ed, "cases.title", title=ed.t(case["title"])), body, points


def cases_paragraph(ed: Edition) -> str:
    cs = ed.rows("cases.csv")
    if not cs:
        return ""
    case_items = ed.rows("case_items.csv")
    kinds = Counter(it["kind"] for it in case_items)
    with_kind = lambda kind: len({it["case_id"] for it in case_items if it["kind"] == kind})  # noqa: E731
    return _say(ed, "themes.cases", cases=len(cs), districts=len({c["district"] for c in cs}),
                layout=with_kind("layout"), partner=with_kind("partner"), projects=kinds.get("project", 0))


# --- collaboration -------------------------------------------------------------------------

def collaboration_frame(ed: Edition) -> pd.DataFrame:
    return pd.DataFrame(ed.rows("collaborations.csv"))


def collaboration_paragraph(ed: Edition) -> str:
    c = collaboration_frame(ed)
    if c.empty:
        return ""
    by_partner = c.groupby("partner")["district"].nunique().sort_values(ascending=False)
    by_district = c.groupby("district")["partner"].nunique().sort_values(ascending=False)
    types = c.groupby("partner_type")["partner"].nunique()
    return _say(ed, "collaboration.paragraph", pairs=len(c), districts=c["district"].nunique(),
                partners=c["partner"].nunique(), types=[{"type": ed.t(k), "n": int(v)} for k, v in types.items()],
                top=[ed.t(x) for x in by_partner[by_partner == by_partner.max()].index], top_n=int(by_partner.max()),
                busiest=[ed.t(x) for x in by_district[by_district == by_district.max()].index],
                busiest_n=int(by_district.max()))


def network_chart(ed: Edition):
    """A two-column network: districts on the left, partners on the right, coloured by partner type."""
    c = collaboration_frame(ed)
    districts = c.groupby("district").size().sort_values(ascending=False).index.tolist()
    partners = c.drop_duplicates("partner").sort_values(["partner_type", "partner"])
    types = list(dict.fromkeys(partners["partner_type"]))
    colours = dict(zip(types, style.PALETTE))
    n = max(len(districts), len(partners))
    fig, ax = style.new_figure(height=0.3 * n + 1.8)
    ly = {d: n - 1 - i * (n - 1) / max(len(districts) - 1, 1) for i, d in enumerate(districts)}
    ry = {p: n - 1 - i * (n - 1) / max(len(partners) - 1, 1) for i, p in enumerate(partners["partner"])}
    ptype = dict(zip(partners["partner"], partners["partner_type"]))
    for r in c.itertuples():
        ax.plot([0, 1], [ly[r.district], ry[r.partner]], color=colours[ptype[r.partner]], alpha=0.55, linewidth=1.3)
    for d, y in ly.items():
        ax.plot([0], [y], "o", color=style.BLUE, markersize=6)
        ax.text(-0.03, y, drawn(ed, ed.t(d)), ha="right", va="center", fontsize=9)
    for p, y in ry.items():
        ax.plot([1], [y], "s", color=colours[ptype[p]], markersize=6)
        ax.text(1.03, y, drawn(ed, ed.t(p)), ha="left", va="center", fontsize=9)
    ax.set_xlim(-0.45, 1.6)
    ax.axis("off")
    ax.legend(handles=[mpatches.Patch(color=colours[t], label=drawn(ed, ed.t(t))) for t in types], loc="lower center",
              bbox_to_anchor=(0.5, -0.08), ncol=len(types), frameon=False, fontsize=8)
    style.frame(fig, _say(ed, "collaboration.title"), _say(ed, "collaboration.subtitle"), drawn(ed, ed.source_line(SECTION)))
    return fig


def network_data(ed: Edition) -> pd.DataFrame:
    return collaboration_frame(ed)[["collab_id", "district", "partner", "partner_type", "what", "heading"]]


def network_alt(ed: Edition) -> str:
    c = collaboration_frame(ed)
    pairs = c.groupby("district")["partner"].apply(lambda s: list(dict.fromkeys(s)))
    return _say(ed, "collaboration.alt", pairs=[{"district": ed.t(d), "partners": [ed.t(p) for p in ps]}
                                                for d, ps in pairs.items()],
                links=len(c), partners=c["partner"].nunique())


def collaboration_table(ed: Edition) -> pd.DataFrame:
    c = collaboration_frame(ed)
    g = c.groupby(["collab_id", "what"], sort=False).agg(district=("district", lambda s: list(dict.fromkeys(s))),
                                                          partner=("partner", lambda s: list(dict.fromkeys(s))))
    g = g.reset_index()
    columns = _words(ed, "collaboration.columns")
    return pd.DataFrame({columns[0]: [cell_list(ed, [ed.t(x) for x in xs]) for xs in g["district"]],
                         columns[1]: [cell_list(ed, [ed.t(x) for x in xs]) for xs in g["partner"]],
                         columns[2]: [ed.t(w) for w in g["what"]]})


# --- industries table ----------------------------------------------------------------------

def industries(ed: Edition) -> list[dict]:
    """Per unit (stored names): its main industries and its industrial bases, as the data lists them."""
    rows = ed.rows("district_industries.csv")
    return [{"district": u["district"],
             "industry": [r["name"] for r in rows if r["district"] == u["district"] and r["kind"] == "industry"],
             "base": [r["name"] for r in rows if r["district"] == u["district"] and r["kind"] == "base"]}
            for u in units(ed)]


def industries_table(ed: Edition) -> pd.DataFrame:
    columns = _words(ed, "industries.columns")
    not_stated = _say(ed, "industries.not_stated")
    cell = lambda names: _say(ed, "cell_list", items=[ed.t(n) for n in names]) if names else not_stated  # noqa: E731
    return pd.DataFrame([{columns[0]: ed.t(r["district"]), columns[1]: cell(r["industry"]), columns[2]: cell(r["base"])}
                         for r in industries(ed)])


def industries_paragraph(ed: Edition) -> str:
    table = industries(ed)
    rows = ed.rows("district_industries.csv")
    counts = Counter(r["name"] for r in rows if r["kind"] == "industry")
    return _say(ed, "industries.paragraph", units=len(table), industries=sum(counts.values()),
                bases=sum(1 for r in rows if r["kind"] == "base"),
                shared=[{"name": ed.t(k), "n": v} for k, v in counts.items() if v > 1],
                no_industry=[ed.t(r["district"]) for r in table if not r["industry"]],
                no_base=[ed.t(r["district"]) for r in table if not r["base"]])


def show_theme(ed: Edition, theme_id: str) -> None:
    """One 4.2 theme on the page: summary, each district's measures, then the case boxes beside it."""
    from ..render import publish
    for text in theme_paragraphs(ed, theme_id):
        publish.paragraph(text)
    publish.bullets(action_lines(ed, theme_id))
    for case in cases_near(ed, theme_id):
        title, body, points = case_card(ed, case)
        publish.card(title, body, points, kind="tip", css="case-box")
