"""The district pages (section 4.2 of the report): the main industries and their bases; themes, boxes and collaboration.

Facts from :mod:`zjbook.sections.districts`; sentences from ``wording/<lang>/districts.toml``.
"""

from __future__ import annotations

import re
import textwrap

import matplotlib.patches as mpatches
import pandas as pd
import seaborn as sns

from ... import languages
from ...sections import districts as dd
from ...wording import Safe, wording
from .. import style
from ..page import Page

SECTION = dd.SECTION
#: The room between a network node and its name (in the plot's x units: districts at 0, partners at 1).
LABEL_GAP = 0.05
#: An article opening a name or phrase (English), left out where the name stands alone as a label in a table cell.
_ARTICLE = re.compile(r"^(?:the|a|an) ")
#: How the data marks a note that is not the report's (districts.csv ``later_change`` ends with one in
#: brackets, and so may its translation): the page says it once in its own words instead.
_TRAILING_NOTE = re.compile(r"\s*[（(][^（）()]*[）)]$")


def _words(page: Page, key: str):
    return page.words(f"districts.{key}")


def cell_list(page: Page, texts: list) -> str:
    """Several texts in one table cell, or the language's mark for none."""
    return page.plain("districts.cell_list", items=texts) if texts else page.plain("districts.none")


def listing(page: Page, texts: list) -> dict:
    """Items to list in a sentence, and whether they hold lists themselves as the page shows them (then the
    language sets them apart more strongly: "；" / "; " instead of "、" / ", ")."""
    marks = _words(page, "inner_list_marks")
    return {"items": texts, "nested": any(m in page.text(t) for t in texts for m in marks)}


def _capital(label: str) -> str:
    """A label that stands alone (a table cell's item, a node of the network) with its first letter a capital, as
    the proper names beside it have theirs ("Academicians and experts" beside "Fudan University")."""
    i = next((k for k, c in enumerate(label) if c.isalpha()), None)
    return label if i is None else label[:i] + label[i].upper() + label[i + 1 :]


def later_change(page: Page, change) -> str | None:
    """A unit's later change of status as the page shows it, without the data's note that it is not the report's."""
    return _TRAILING_NOTE.sub("", page.text(change)) if change else None


def area(page: Page, zone) -> str:
    """How a sentence names a kind of area (中心城区, 郊区 …)."""
    return _words(page, "areas").get(zone) or page.text(zone)


def area_phrase(page: Page, zone) -> str:
    """A kind of area as a noun phrase of its own ("the central city"; an area of one district by its name)."""
    return _words(page, "area_phrases").get(zone) or page.text(zone)


# --- the overview page ---------------------------------------------------------------------


def _balance(page: Page, balance: list[dict]) -> list[dict]:
    return [z | {"zone": area(page, z["zone"])} for z in balance]


def _zones(page: Page) -> list[dict]:
    """The areas' industries, each area as the page names it (``zone``) and as an adjective (``adjective``)."""
    return [_area_facts(page, z) for z in dd.zone_industries(page.edition)]


def _pairs(zone: dict) -> list[dict]:
    """A zone's shared industry groups gathered by the districts that pursue them (names: the groups)."""
    by: dict[tuple, list] = {}
    for s in zone["shared"]:
        by.setdefault(tuple(s["districts"]), []).append(s["name"])
    return [{"districts": list(ds), "names": ns} for ds, ns in by.items()]


def overview_lead(page: Page) -> None:
    """The district part's opening finding (how far the stated industry groups spread across districts) and its
    main points: the groups an area's districts share, an area's distinct focuses (and its districts the report
    gives none for), and how the areas differ in sharing (where one area's districts share groups and another's
    don't), else the groups that cross areas. Which districts overlap depends on how much the report says
    of each, so the finding compares the industries, not the areas."""
    ed = page.edition
    if not dd.has_industries(ed):
        return
    spread = dd.industry_spread(ed)
    if not spread["stated"]:
        return
    zones = _zones(page)
    page.paragraph("districts.lead.finding", **spread)
    crossings = [
        c | {"groups": [g | {"area": area_phrase(page, g["zone"])} for g in c["groups"]]}
        for c in dd.crossing_sectors(ed)
    ]
    # areas (not a single district's own) whose districts state industries: how many of them share one within the area
    contrast = [z for z in zones if not z["own"] and z["with_industry"] > 1]
    page.main_points(
        [page.say("districts.lead.shared", zone=z["zone"], z=z, pairs=_pairs(z)) for z in zones if z["shared"]][:1]
        + [
            page.say("districts.lead.single", zone=z["zone"], z=z, singles=z["singles"], unstated=z["unstated"])
            for z in zones
            if not z["own"] and not z["shared"] and len(z["single"]) > 1
        ][:1]
        # the areas' contrast is said by the two points above (how many share, and that the others each differ);
        # without it, the groups that cross areas
        + (
            []
            if len(contrast) > 1 and len({z["sharing"] > 0 for z in contrast}) > 1
            else [page.say("districts.lead.crossing", crossings=crossings)]
            if crossings
            else []
        )
    )


def themes_lead(page: Page) -> None:
    """The themes page's opening finding (how far the themes' examples reach across districts, and whom the
    districts worked with) and its main points: each theme's substance in our words (its summary)."""
    ed = page.edition
    page.not_reported("district_actions.csv", "district_figures.csv", "cases.csv", "case_items.csv")
    themes = dd.theme_cards(ed)
    if not themes:
        return
    collab = dd.collaboration(ed) if ed.has("collaborations.csv") else None
    page.paragraph(
        "districts.themes_lead.finding",
        themes=themes,
        year=ed.year,
        found=dd.themes_finding(ed),
        cover=dd.themes_coverage(ed),
        collab=_named_top(page, collab) if collab else None,
    )
    # the themes' own summaries open their sections; the main points compare the themes (editors 85–90: the sections
    # opened with lists, and counts of the report's examples were no finding), unless too little sets them apart,
    # when the summaries are the points again
    compared = dd.theme_comparisons(ed)
    page.main_points(
        _theme_points(page, compared)
        if compared
        else [page.voice.markup(t["summary"]) for t in themes[: page.MAX_POINTS]]
    )


def _area_facts(page: Page, a: dict) -> dict:
    """An area's facts with the area as the page names it (``zone``) and as an adjective (``adjective``)."""
    adjectives = page.words("districts.area_adjectives")
    return a | {"zone": area(page, a["zone"]), "adjective": adjectives.get(str(a["zone"]), area(page, a["zone"]))}


def _theme_points(page: Page, compared: dict) -> list:
    """The two main points :func:`zjbook.sections.districts.theme_comparisons` chose, in words."""
    if "partners" in compared:
        scale = page.view(compared["scale"])
        return [
            page.say("districts.themes_lead.partners", areas=[_area_facts(page, a) for a in compared["partners"]]),
            page.say("districts.themes_lead.scale", top=scale[0], rest=scale[1:]),
        ]
    balance = [
        b
        | {
            "lead": area_phrase(page, b["lead"]) if b["lead"] else None,
            "areas": [_area_facts(page, a) for a in b["areas"]],
        }
        for b in compared["balance"]
    ]
    return [
        page.say("districts.themes_lead.balance", balance=balance),
        page.say("districts.themes_lead.unstated", **compared["unstated"]),
    ]


def overview(page: Page) -> None:
    """The districts and their areas, then each district's main industries, bases and other platforms in one table
    (or, in a year whose report gives none, that said once)."""
    ed = page.edition
    o = dd.overview(ed)
    page.not_reported("district_industries.csv")
    if not dd.has_industries(ed):
        page.heading("pages.districts_overview.units")
        key, facts = _units(page, o)
        page.paragraph(key, **facts)
        if not ed.not_reported("district_industries.csv"):
            page.note(page.say("districts.industries.none"))
        return
    f = dd.industries_summary(ed)
    has_bases = f["with_industry"] > 1 and bool(f["anchored"])
    # the heading says whether the districts' industries have bases (the areas' contrast is the main points': editors
    # 87, 88 read it three times over); the sentence before the table then gives the examples
    page.heading(
        "pages.districts_overview.bases",
        has_bases=has_bases,
        **f,
    )
    if has_bases:
        examples = [e | {"base": page.definite(page.voice.markup(e["base"]))} for e in f["examples"]]
        page.paragraph("districts.industries.anchored", **(f | {"examples": examples, "headed": True}))
    columns = _words(page, "industries.columns")
    not_stated = page.plain("districts.industries.not_stated")
    table = dd.industries(ed)
    zone_of = {u["district"]: u["zone_type"] for u in dd.units(ed)}
    # the platforms (a workstation, an experimental zone: not a base) in a column of their own when a quarter of the
    # districts or more have one; fewer, and the note under the table names them (a column of dashes says nothing)
    with_platform = [r for r in table if r["platform"]]
    shown = len(with_platform) * 4 >= len(table)
    # the book's industry group beside the report's words (editor 86: every finding of the chapter rests on the
    # groups, and the reader could not check them)
    kinds = ["industry", "group", "base"] + (["platform"] if with_platform and shown else [])

    def cell(names):
        # a table cell lists names as labels, without an article ("Cruise port", not "a cruise port"), its first with a
        # capital and the rest as they are after the semicolons (editors: "; Life sciences" read as a new sentence)
        labels = [_ARTICLE.sub("", page.text(n)) for n in names]
        labels = [_capital(x) if i == 0 else x for i, x in enumerate(labels)]
        return page.plain("districts.cell_list", items=labels) if names else not_stated

    def zone(district):
        # an area of its own (浦东新区) is not repeated beside its name
        z = zone_of.get(district)
        return _capital(page.plain("districts.own_area") if z == district else page.text(z))

    page.table(
        pd.DataFrame(
            [
                {columns["district"]: r["district"], columns["zone"]: zone(r["district"])}
                | {columns[k]: cell(r[k]) for k in kinds}
                for r in table
            ]
        ),
        "district-industries",
        page.plain("districts.industries.table_caption"),
        # the bases are this page's first mention of most parks: their originals stand in the table (editors 74–79)
        glossed=tuple(columns[k] for k in kinds if k not in ("industry", "group")),
    )
    key, facts = _units(page, o)
    page.paragraph(
        "districts.industries.table_note",
        **f,
        platforms_shown="platform" in kinds,
        other_platforms=[]
        if shown
        else [
            {"district": r["district"], "names": [page.definite(page.voice.markup(n)) for n in r["platform"]]}
            for r in with_platform
        ],
        columns=columns,
        units_sentence=page.plain(key, **facts),
    )


def _units(page: Page, o: dict) -> tuple[str, dict]:
    """The sentence on the edition's district-level units, the book's grouping of them into areas and their later
    changes: its wording key and facts."""
    return "districts.overview.units", {
        "unit_kinds": _words(page, "unit_kinds"),
        # the note names the column it explains as the table heads it
        "zone_column": _words(page, "industries.columns")["zone"],
        "zones": _balance(page, dd.zone_balance(page.edition)),
        "changes": [{"district": c["district"], "change": later_change(page, c["change"])} for c in o["later"]],
        **o,
    }


def mentions(page: Page) -> None:
    """For analysts: how often the report names each district, theme by theme (a count of mentions, not a finding)."""
    ed = page.edition
    page.heading("pages.districts_overview.mentions")
    page.paragraph("districts.tiles.intro")
    page.figure(
        tile_map(page),
        "district-tiles",
        page.plain("districts.tiles.caption"),
        page.plain("districts.tiles.alt", **dd.tile_groups(ed)),
        dd.tile_data(ed),
    )
    matrix(page)


def matrix(page: Page) -> None:
    ed = page.edition
    page.heading("pages.districts_overview.matrix", level=3)
    labels = column_labels(page)
    columns = [{"label": labels[c["column"]], "names": c["names"]} for c in dd.matrix_columns(ed)]
    page.paragraph("districts.matrix.intro")
    page.figure(
        matrix_chart(page),
        "district-theme-matrix",
        page.plain("districts.matrix.caption"),
        page.plain("districts.matrix.alt", columns=columns),
        # the canonical download names the boxes' column in the source language; the page's own names it its way
        dd.matrix_data(ed, source_label := str(wording(languages.SOURCE).entry("districts.case_column"))),
        labels={source_label: str(page.plain("districts.case_column"))},
    )


def column_labels(page: Page) -> dict[str, str]:
    """Theme id (and the boxes' column) → its label on the page."""
    return {k: _capital(page.text(v)) for k, v in dd.theme_titles(page.edition).items()} | {
        dd.CASES: page.plain("districts.case_column")
    }


def tile_map(page: Page):
    """A schematic grid of the units, shaded by the number of themes each appears in; ★ marks a case box."""
    ed = page.edition
    us = dd.units(ed)
    p = dd.presence(ed)
    b = dd.breadth(ed)
    n_themes = len(p.columns) - 1
    shades = sns.light_palette(style.BLUE, n_colors=n_themes + 1)
    rows = max(u["tile_row"] for u in us) + 1
    cols = max(u["tile_col"] for u in us) + 1
    # tiles wider than tall, so a district's name fits at one size (editor 86: names overflowed, or shrank tile by
    # tile); the figure as tall as its grid needs, with room for the title and source (no blank band)
    fig, ax = page.new_figure(height=1.0)
    fig.set_figheight(fig.get_figwidth() * rows / (cols * TILE_WIDTH) * 1.3)
    names, counts = [], []
    for u in us:
        n = int(b[u["district"]])
        x, y = u["tile_col"] * TILE_WIDTH, rows - 1 - u["tile_row"]
        ax.add_patch(
            mpatches.FancyBboxPatch(
                (x + 0.05, y + 0.05),
                TILE_WIDTH - 0.1,
                0.9,
                boxstyle="round,pad=0.0,rounding_size=0.08",
                facecolor=shades[n],
                edgecolor="white",
                linewidth=1.5,
            )
        )
        colour = "white" if n >= (n_themes + 1) / 2 else style.TEXT
        names.append(
            ax.text(
                x + TILE_WIDTH / 2,
                y + 0.6,
                page.text(u["short_name"]),
                ha="center",
                va="center",
                fontsize=11,
                fontweight="bold",
                color=colour,
            )
        )
        counts.append(
            ax.text(
                x + TILE_WIDTH / 2,
                y + 0.28,
                page.plain("districts.tiles.tile", n=n, case=bool(p.loc[u["district"], dd.CASES])),
                ha="center",
                va="center",
                fontsize=8,
                color=colour,
            )
        )
    ax.set_xlim(-0.1, cols * TILE_WIDTH + 0.1)
    ax.set_ylim(-0.1, rows + 0.1)
    # the grid fills the plot (an equal aspect centred it in a taller box, a blank band above: editor 86); the
    # figure's height keeps the tiles about as wide as TILE_WIDTH says
    ax.axis("off")
    handles = [
        # only the shades a district has: no legend entry for a number of themes no district reaches
        mpatches.Patch(color=shades[n], label=page.plain("districts.tiles.legend", n=n))
        for n in range(int(b.max()) + 1 if len(b) else 1)
    ]
    ax.legend(
        handles=handles,
        loc="lower right",
        frameon=False,
        fontsize=8,
        title=page.plain("districts.tiles.legend_title"),
        title_fontsize=8,
    )
    page.frame(
        fig,
        page.plain("districts.tiles.title", units=len(us), counties=dd.counties(ed)),
        page.plain("districts.tiles.subtitle"),
        SECTION,
    )
    # each line of the tiles at one size: the largest at which the longest fits
    _fit_together(fig, ax, names, width=TILE_WIDTH - 0.25)
    _fit_together(fig, ax, counts, width=TILE_WIDTH - 0.25)
    return fig


#: A tile's width in the tile map, its height being 1.
TILE_WIDTH = 1.7


def _fit_together(fig, ax, texts, width: float, smallest: float = 6.0) -> None:
    """Give ``texts`` one font size, the largest (from their own, down half a point at a time) at which the widest
    is no wider than ``width`` data units."""
    fig.draw_without_rendering()  # lays the figure out (its layout engine places the axes), rasterizing nothing
    renderer = fig.canvas.get_renderer()
    room = ax.transData.transform((width, 0))[0] - ax.transData.transform((0, 0))[0]
    size = max(t.get_fontsize() for t in texts) if texts else smallest
    while size > smallest:
        for t in texts:
            t.set_fontsize(size)
        if all(t.get_window_extent(renderer).width <= room for t in texts):
            return
        size -= 0.5
    for t in texts:
        t.set_fontsize(smallest)


def _wrapped(label: str, width: int = 16) -> str:
    """A long column label over lines, broken at spaces only (a label without spaces stays whole)."""
    return textwrap.fill(label, width, break_long_words=False, break_on_hyphens=False)


def matrix_chart(page: Page):
    p = dd.matrix_order(page.edition)
    labels = column_labels(page)
    p = p.rename(index=lambda d: page.text(d), columns=lambda c: _wrapped(labels[c]))
    fig, ax = page.new_figure(height=0.32 * len(p) + 1.8)
    cmap = sns.light_palette(style.BLUE, as_cmap=True)
    sns.heatmap(
        p,
        ax=ax,
        cmap=cmap,
        cbar=False,
        annot=p.where(p > 0).map(lambda v: "" if pd.isna(v) else f"{int(v)}"),
        fmt="",
        linewidths=1,
        linecolor="white",
        vmin=0,
        vmax=max(2, int(p.values.max())),
        annot_kws={"fontsize": 9},
    )
    ax.xaxis.tick_top()
    ax.set_xlabel("")
    ax.set_ylabel("")
    ax.tick_params(length=0)
    ax.set_xticklabels(ax.get_xticklabels(), rotation=0, fontsize=9)
    page.frame(fig, page.plain("districts.matrix.title"), page.plain("districts.matrix.subtitle"), SECTION)
    return fig


# --- the themes page -----------------------------------------------------------------------


def themes(page: Page) -> None:
    """Every 4.2 theme of this edition's themes.csv, in the report's order: the ids and titles are the year's own."""
    for t in dd.district_themes(page.edition):
        theme(page, t["theme_id"])


def theme(page: Page, theme_id: str) -> None:
    """One 4.2 theme on the page: heading, summary, each district's measures, then the case boxes beside it."""
    ed = page.edition
    t = dd.theme(ed, theme_id)
    if t is None:  # a theme of another year (or not reported this year): no heading, nothing said
        return
    page.heading("pages.districts_themes.theme", title=t["title"], headline=t.get("headline"))
    # the theme's substance opens its section, unless the page's main points had to be the themes' summaries (the
    # first four themes'): said there, not again here
    index = [x["theme_id"] for x in dd.district_themes(ed)].index(theme_id)
    if index >= page.MAX_POINTS or dd.theme_comparisons(ed):
        page.paragraph("districts.themes.intro", summary=t["summary"])
    arrow = _words(page, "themes.arrow")
    # an agreement several districts signed together is told here, once, in its first district's entry; the network's
    # paragraph below refers back to it
    found = dd.collaboration(ed) if ed.has("collaborations.csv") else None
    items: list[str] = [
        Safe(
            str(
                page.say(
                    "districts.themes.action",
                    districts=a["districts"],
                    clauses=a["clauses"],
                    named=listing(page, a["items"])
                    | {"the": [page.definite(page.voice.markup(i)) for i in a["items"]]},
                    # the measure itself says how many items there are (三类, 四类): they are all of them
                    whole=len(a["items"]) > 1 and any(dd.states_value(str(c), len(a["items"])) for c in a["clauses"]),
                    figure=a["figure"],
                    index=i,
                )
            ).replace("→", arrow)
        )
        for i, a in enumerate(dd.merged_actions(ed, theme_id))
    ]
    # a collaboration told only in a box beside the theme, in the list too (editors 78, 79: the reader met the
    # Fudan corridor first in the table)
    # editors 85, 86: a district listed twice read as two unrelated entries: the box's collaboration joins the
    # district's entry where the list has one
    if theme_id == dd.collaboration_theme(ed):
        entries = [a["districts"] for a in dd.merged_actions(ed, theme_id)]
        for r in dd.boxed_collaborations(ed, theme_id):
            at = next((i for i, ds in enumerate(entries) if [str(d) for d in ds] == [str(r["district"])]), None)
            if at is None:
                items.append(page.say("districts.themes.boxed", **r))
            else:
                entry = Safe(re.sub(r"\\?[。.]$", "", str(items[at])))
                items[at] = Safe(str(page.say("districts.themes.boxed_more", **r, entry=entry)))
    page.bullets(items)
    if theme_id == dd.collaboration_theme(ed):  # the theme's collaborations, drawn under its list, before its boxes
        network(page, found, listed=True)
    for case in dd.cases_near(ed, theme_id):
        case_card(page, case)


def case_card(page: Page, case: dict) -> None:
    """One case box: a paragraph of sentences from the wording (``districts.cases.text.<case_id>``, or the
    ``default`` one for a box the wording has no sentences of its own for), given the box's facts: its district,
    slogan and summary, its items by kind (:func:`zjbook.sections.districts.case_facts`) and its figures."""
    ed = page.edition
    own = f"districts.cases.text.{case['case_id']}"
    kinds = {
        kind: [
            {
                "items": [_bracketed(page, i) for i in run["items"]],
                # the names as a sentence's subject or object ("the Big Data Industrialisation Centre")
                "the": [page.definite(_bracketed(page, i)) for i in run["items"]],
                "note": _bracketed(page, run["note"]) if run["note"] else None,
                # the run is the box's slogan itself (六位一体): the box says it once, as the slogan
                "slogan": any(str(i) == str(case["slogan"]) for i in run["items"]),
            }
            for run in runs
        ]
        for kind, runs in dd.case_facts(ed, case).items()
    }
    text = page.say(
        # a box's own sentences are written around its slogan: without one (another year's box), the default
        own if page.voice.has(own) and case["slogan"] else "districts.cases.text.default",
        district=case["district"],
        slogan=case["slogan"],
        summary=case["summary"],
        k=kinds,
        figures=dd.case_figures(ed, case),
    )
    page.card(page.say("districts.cases.title", title=case["title"]), [text], kind="note", css="case-box", named=True)


def _bracketed(page: Page, value) -> Safe:
    """A box item or note as page markup, a colon inside it read as a bracket ("一谷：桃浦安防智慧谷" → "一谷（桃浦安防智慧谷）"):
    the box's sentences carry no colons of their own (GB/T 15834: colons are not stacked)."""
    colon, opening, closing = _words(page, "cases.item_colon")
    text = str(page.voice.markup(value))
    mark = re.search(r"\\?" + re.escape(colon), text)
    return Safe(text if mark is None else f"{text[: mark.start()]}{opening}{text[mark.end() :]}{closing}")


def collaboration(page: Page) -> None:
    """The collaboration network under its own heading at the page's end, where no theme holds it (see
    :func:`zjbook.sections.districts.collaboration_theme`); else nothing, the theme has shown it."""
    ed = page.edition
    if dd.collaboration_theme(ed) is not None:
        return
    c = dd.collaboration(ed) if ed.has("collaborations.csv") else None
    page.heading("pages.districts_themes.network", level=3, **(_named_top(page, c) if c else {}))
    network(page, c)


def _named_top(page: Page, c: dict) -> dict:
    """The collaborations with the partner in the most of them as a sentence names it (``lead``)."""
    return c | {"lead": page.definite(page.voice.markup(c["top"][0])) if c["top"] else ""}


def network(page: Page, c: dict | None, listed: bool = False) -> None:
    """The collaborations (``c``, as :func:`zjbook.sections.districts.collaboration` gives them; None without any):
    a paragraph on whom the districts worked with, the network chart and its table. ``listed``: the theme's list above
    has told each agreement (the paragraph then refers to a joint one instead of telling it again)."""
    ed = page.edition
    if c is not None:
        c = _named_top(page, c)
    page.not_reported("collaborations.csv")
    if c is None:
        page.omitted(page.plain("districts.collaboration.omitted_part"))
        return
    # names as a sentence says them: a proper name of several words with the language's article
    joint = [
        a
        | {
            "partners": [page.definite(page.voice.markup(p)) for p in a["partners"]],
            "what": page.definite(page.voice.markup(a["what"])),
        }
        for a in c["joint"]
    ]
    page.paragraph("districts.collaboration.paragraph", **(c | {"joint": joint, "listed": listed}))
    page.figure(
        network_chart(page, c),
        "collaboration-network",
        page.plain("districts.collaboration.caption"),
        page.plain("districts.collaboration.alt", pairs=c["by_district"], links=c["pairs"], partners=c["partners"]),
        dd.network_data(ed),
    )
    columns = _words(page, "collaboration.columns")
    # a district's agreements side by side, in the order of districts.csv (an agreement of several districts
    # where its first district stands)
    order = {str(u["district"]): i for i, u in enumerate(dd.units(ed))}
    rows = sorted(dd.agreements(ed), key=lambda r: order.get(str(r["districts"][0]), len(order)))
    page.table(
        pd.DataFrame(
            {
                columns[0]: [cell_list(page, r["districts"]) for r in rows],
                # a partner the report does not name ("universities and research institutes") with a capital, as
                # the named ones have theirs
                columns[1]: [cell_list(page, [_capital(page.text(x)) for x in r["partners"]]) for r in rows],
                columns[2]: [_capital(page.text(r["what"])) for r in rows],
            }
        ),
        "collaborations",
        page.plain("districts.collaboration.table_caption"),
        folded=True,  # the network above and the theme's list tell each collaboration: the table is for reference
    )
    # how the collaborations are counted (editors asked: the page's shares rest on it)
    page.paragraph("districts.collaboration.table_note", joint=bool(c["joint"]))


def _network_order(c: pd.DataFrame) -> tuple[list, pd.DataFrame]:
    """The districts (left) and partners (right) of the network in an order with few crossing lines: partners grouped
    by kind, kinds and partners placed by the mean position of their districts, then the districts by the mean
    position of their partners, and the partners once more (the barycentre method, two passes; ties by name)."""
    districts = sorted(c["district"].unique(), key=lambda d: (-(c["district"] == d).sum(), d))
    partners = c.drop_duplicates("partner")
    for _ in range(2):
        at = {d: i for i, d in enumerate(districts)}
        placed = c.assign(at=c["district"].map(at))
        by_partner, by_kind = placed.groupby("partner")["at"].mean(), placed.groupby("partner_type")["at"].mean()
        partners = partners.assign(
            kind_at=partners["partner_type"].map(by_kind), at=partners["partner"].map(by_partner)
        ).sort_values(["kind_at", "partner_type", "at", "partner"])
        rank = {p: i for i, p in enumerate(partners["partner"])}
        mean = c.assign(at=c["partner"].map(rank)).groupby("district")["at"].mean()
        districts = sorted(districts, key=lambda d: (mean[d], d))
    return districts, partners.drop(columns=["kind_at", "at"])


def network_chart(page: Page, found: dict | None = None):
    """A two-column network: districts on the left, partners on the right, coloured by partner type; its title
    states what ``found`` (the collaborations, as :func:`zjbook.sections.districts.collaboration` gives them) shows."""
    c = dd.collaboration_frame(page.edition)
    districts, partners = _network_order(c)
    types = list(dict.fromkeys(partners["partner_type"]))
    colours = dict(zip(types, style.PALETTE))
    n = max(len(districts), len(partners))
    fig, ax = page.new_figure(height=0.3 * n + 1.8)
    ly = {d: n - 1 - i * (n - 1) / max(len(districts) - 1, 1) for i, d in enumerate(districts)}
    ry = {p: n - 1 - i * (n - 1) / max(len(partners) - 1, 1) for i, p in enumerate(partners["partner"])}
    ptype = dict(zip(partners["partner"], partners["partner_type"]))
    for _, agreement in c.groupby("collab_id", sort=False):
        ds, ps = list(dict.fromkeys(agreement["district"])), list(dict.fromkeys(agreement["partner"]))
        if len(ds) > 1 and len(ps) > 1:  # one agreement signed by several on each side: drawn once, through a knot
            hub = (0.5, sum(ly[d] for d in ds) / len(ds) / 2 + sum(ry[q] for q in ps) / len(ps) / 2)
            colour = colours[ptype[ps[0]]]
            for d in ds:
                ax.plot([0, hub[0]], [ly[d], hub[1]], color=colour, alpha=0.55, linewidth=1.3)
            for q in ps:
                ax.plot([hub[0], 1], [hub[1], ry[q]], color=colours[ptype[q]], alpha=0.55, linewidth=1.3)
            ax.plot([hub[0]], [hub[1]], "D", color=colour, markersize=5)
            continue
        for r in agreement.itertuples():
            ax.plot([0, 1], [ly[r.district], ry[r.partner]], color=colours[ptype[r.partner]], alpha=0.55, linewidth=1.3)
    for d, y in ly.items():
        ax.plot([0], [y], "o", color=style.GREY, markersize=6)  # neutral: the colours are the partners' kinds
        ax.text(-LABEL_GAP, y, page.text(d), ha="right", va="center", fontsize=9)
    for p, y in ry.items():
        ax.plot([1], [y], "s", color=colours[ptype[p]], markersize=6)
        ax.text(1 + LABEL_GAP, y, _capital(page.text(p)), ha="left", va="center", fontsize=9)
    ax.set_xlim(-0.45, 1.6)
    ax.axis("off")
    handles = [mpatches.Patch(color=colours[t], label=page.text(t)) for t in types]
    # the legend under the plot, in as many columns as fit the figure's width (measured as drawn)
    for ncol in range(len(types), 0, -1):
        legend = ax.legend(
            handles=handles,
            loc="upper left",  # from the plot's left edge: centred on the plot it could run off the figure
            bbox_to_anchor=(0, -0.02),
            ncol=ncol,
            frameon=False,
            fontsize=8,
        )
        width = legend.get_window_extent(fig.canvas.get_renderer()).width
        if width <= (fig.get_size_inches()[0] - 0.4) * fig.dpi:
            break
    # the partner in the most by the short form the page uses, its full name in the subtitle: a figure is read on its
    # own (editors 75, 77, 78), and a two-line title of a name the text shortens read as another name (editors 86–88)
    lead = str(found["lead"]) if found and found.get("lead") else ""
    short = dict(page.voice.entry("book.later_forms")).get(lead)
    page.frame(
        fig,
        page.plain("districts.collaboration.title", **(found or {}), short=short),
        page.plain("districts.collaboration.subtitle", short=short, full=lead),
        SECTION,
    )
    return fig
