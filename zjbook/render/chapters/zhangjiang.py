"""The Zhangjiang pages (section 4.1 of the report): what each part of the page shows, and its figures.

Facts come from :mod:`zjbook.sections.zhangjiang`; every sentence from ``wording/<lang>/zhangjiang.toml``.
"""

from __future__ import annotations

import textwrap

import pandas as pd

from ...sections import zhangjiang as zj
from .. import style
from ..page import Page

#: Labels longer than this (in characters) are wrapped on the bar charts.
LABEL_WIDTH = 34


# --- the overview page ---------------------------------------------------------------------


def overview_lead(page: Page) -> None:
    """The page's opening finding and its main points, all from the data: what the growth rates imply in amounts (else
    the growth ranking), then the districts the sub-parks cover, or the net margin when the rates give no amounts
    (see :func:`margin_pointed`)."""
    f = zj.overview_lead(page.edition)
    if f is None:
        return
    page.paragraph("zhangjiang.lead.finding", **f)
    cov = f["coverage"]
    margin = margin_pointed(f)
    points = [
        # what the rates imply in amounts (editor 86); without it, the slowest growth (else said by the heading)
        page.say("zhangjiang.lead.increase", **f["increases"])
        if f["increases"]
        else page.say("zhangjiang.lead.growth", **f["summary"])
        if f["summary"]
        else "",
        page.say("zhangjiang.lead.margin", **f["margin"]) if margin else "",
        page.say(
            "zhangjiang.lead.coverage",
            layout=zj.position(page.edition)["layout"],
            new=f["new"],
            unit_kinds=page.words("districts.unit_kinds"),
            **cov,
        )
        if cov["stated"] and not margin
        else "",
    ]
    page.main_points(points)


def margin_pointed(lead: dict | None) -> bool:
    """Whether the main points give the net margin and its change on a year earlier: only when the rates imply no
    amounts to give instead (editors 87–90: a margin resting on an assumed common coverage was no main point; the
    body gives it as a conditional)."""
    return bool(lead and lead["margin"] and lead["margin"]["change"] is not None and not lead["increases"])


def position(page: Page) -> None:
    f = zj.position(page.edition)
    cov = zj.coverage(page.edition)
    # the main points give the districts the sub-parks cover unless the margin took their place (see overview_lead);
    # the heading says how the layout grew, and the paragraph says where from (and the coverage, when not pointed)
    pointed = cov["stated"] and not margin_pointed(zj.overview_lead(page.edition))
    headed = bool(cov["stated"] and f["layout"] and f["new"])
    page.heading("pages.zhangjiang_overview.position", layout=f["layout"], all=cov["all"], new=f["new"], pointed=headed)
    page.not_reported("zhangjiang_structure.csv", "facts.csv")
    # the layout and the year's leaps in one paragraph (with the heading saying the layout, its sentence is short),
    # first: what the heading says; then the plan that framed the year (three editors: the finding came second)
    page.paragraph(
        "zhangjiang.position.together",
        layout=page.say(
            "zhangjiang.position.layout",
            **f,
            coverage=cov,
            pointed=pointed,
            headed=headed,
            year=page.edition.year,
            unit_kinds=page.words("districts.unit_kinds"),
        )
        if f["subparks"] and f["districts"]
        else "",
        leaps=page.say(
            "zhangjiang.position.leaps",
            leaps=f["leaps"],
            four_new=zj.four_new(page.edition),
            at=zj.four_new_at(page.edition),
            year=page.edition.year,
        )
        if f["leaps"]
        else "",
    )
    if f["plan"]:
        page.paragraph("zhangjiang.position.plan", plan=f["plan"], roles=f["roles"])


def headline(page: Page) -> None:
    h = zj.headline(page.edition)
    if not h["rows"]:  # no indicator this year (all marked not reported): the note said once, nothing drawn
        page.not_reported("zhangjiang_indicators.csv")
        return
    lead = zj.overview_lead(page.edition) or {}
    low, high, rated = h["low"], h["high"], h["rated"]
    # the heading says the range of growth when every indicator moved one way (the lead has said which way and
    # which was fastest); the sentence before the chart then says nothing more
    page.heading(
        "pages.zhangjiang_overview.headline",
        summary=h["summary"],
        # the main points say the slowest growth only when they have no amounts to give (see overview_lead)
        pointed=bool(lead.get("summary")) and not lead.get("increases"),
        all_up=lead.get("all_up"),
        all_down=lead.get("all_down"),
        rows=len(h["rows"]),
        n=rated,
        low=low,
        high=high,
    )
    page.not_reported("zhangjiang_indicators.csv")
    growth_note = (
        page.say("zhangjiang.headline.no_growth", missing=h["missing"], all=h["all_missing"]) if h["missing"] else ""
    )
    # the body adds to the opening finding and main points instead of repeating them: the lead's indicator,
    # the fastest and slowest growth and the margin's change are said there
    page.paragraph(
        "zhangjiang.headline.levels",
        rows=h["rows"],
        dated=h["dated"],
        new=h["new"],
        growth_note=growth_note,
        lead_first=lead.get("first") if len(h["rows"]) > 1 else None,
    )
    if h["summary"]:
        page.paragraph("zhangjiang.headline.growth", **h["summary"], pointed=bool(lead))
    # the margin, when a main point gives it with its assumption (editor 80: the caveat came two sections later), is
    # not said again in the body
    if h["margin"] and not margin_pointed(lead):
        page.paragraph("zhangjiang.headline.margin", **h["margin"])
    caption = page.plain("zhangjiang.indicators.caption", dated=h["dated"], new=None)
    rows = zj.chart_order(page.edition)
    page.paragraph(
        "zhangjiang.indicators.intro",
        n=rated,
        low=low,
        high=high,
        # the lead, a main point and the heading have said the ranking: the sentence still says what the chart
        # shows, the range of growth and where each end lies (editors 75–79)
        said=bool(lead.get("all_up") or lead.get("all_down")) and bool(rated),
        summary=h["summary"],
    )
    page.figure(
        indicator_chart(page, h),
        "zj-indicators",
        caption,
        page.plain("zhangjiang.indicators.alt", rows=rows, dated=h["dated"]),
        zj.indicator_data(page.edition),
    )
    # the sub-parks left out: the report says it of total revenue alone; the note under the table says so once
    page.table(
        indicator_table(page, h),
        "zj-indicators",
        caption,
        folded=True,
    )
    if h["new"]:
        page.paragraph("zhangjiang.indicators.table_note", new=h["new"], first=h["rows"][0])


def indicator_table(page: Page, h: dict) -> pd.DataFrame:
    columns = page.words("zhangjiang.indicators.table_columns")
    rows = page.view(h["rows"])
    table = {
        columns["indicator"]: [f.label for f in rows],
        columns["value"]: [f.text for f in rows],
        columns["growth"]: [f.growth_text for f in rows],
    }
    dated = page.view(h["dated"]) if h["dated"] is not None else None
    if dated is None or {f.period for f in rows} != {dated.period}:  # one period for all is in the caption
        table[columns["period"]] = [f.period for f in rows]
    if not h["new"]:  # with sub-parks left out, the caption says so; otherwise the rows' own notes, if any
        notes = [f.note_label or "" for f in rows]
        if any(notes):
            table[columns["scope"]] = notes
    return pd.DataFrame(table)


#: Inches per indicator in the growth chart, whose labels take two lines (name, level).
INDICATOR_ROW_HEIGHT = 0.65


def indicator_chart(page: Page, h: dict):
    """Horizontal bars of year-on-year growth; each indicator's level stands in its label.

    An indicator without a growth rate keeps its label (its level) and gets no bar."""
    rows = page.view(zj.chart_order(page.edition))[::-1]
    fig, ax = page.new_figure(height=INDICATOR_ROW_HEIGHT * len(rows) + 0.8)  # two-line labels need room
    labels = [f"{page.text(f.label)}\n{f.text}" for f in rows]
    values = [f.growth_pct if f.has_growth else 0.0 for f in rows]
    colours = [style.BLUE if v >= 0 else style.RED for v in values]
    bars = ax.barh(labels, values, color=colours, height=0.6)
    span = max(abs(v) for v in values) or 1
    no_rate = page.plain("zhangjiang.indicators.chart.no_rate")
    for bar, f in zip(bars, rows):
        x = bar.get_width()
        ax.text(
            x + (0.02 * span if x >= 0 else -0.02 * span),
            bar.get_y() + bar.get_height() / 2,
            f.growth_text or no_rate,
            va="center",
            ha="left" if x >= 0 else "right",
            fontsize=10,
            color=style.TEXT if f.has_growth else style.GREY,
        )
    ax.axvline(0, color=style.GREY, linewidth=0.8)
    ax.set_xlim(min(0, min(values)) * 1.3, max(0, max(values)) * 1.2 + 0.05 * span)
    ax.set_xlabel(page.plain("zhangjiang.indicators.chart.xlabel"))
    ax.tick_params(axis="y", length=0)
    page.frame(
        fig,
        # the heading above names the fastest and slowest: the title gives the range the bars span
        page.plain("zhangjiang.indicators.chart.title", summary=h["summary"], low=h["low"], high=h["high"]),
        page.plain(
            "zhangjiang.indicators.chart.subtitle",
            dated=h["dated"],
            new=h["new"],
            any_growth=any(f.has_growth for f in h["rows"]),
        ),
        "4.1",
    )
    return fig


# --- the resources page --------------------------------------------------------------------


def resources_lead(page: Page) -> None:
    """The page's opening finding (the most numerous kind and how far it leads) and its main points."""
    r = zj.resources_lead(page.edition)
    if r is None:
        return
    if r["groups"]:
        # the book's groups (firms and their R&D, research institutions and platforms …): kinds are compared within
        # a group, never a firm with a laboratory
        groups = [g | {"rows": page.view(g["rows"])} for g in r["groups"]]
        first = groups[0]["rows"][0]
        page.paragraph("zhangjiang.resources.lead.grouped", groups=groups, first=first)
        # the opening gives the share of the first multi-kind group after the firms' (its first kind): its main point
        # goes on from there
        led = next((g for g in groups[1:] if g["kinds"] > 1 and g["top_share"] is not None), None)
        page.main_points(
            [
                # no ratio of the first two kinds: a firm is not set against an R&D centre (test_publication)
                page.say("zhangjiang.resources.lead.within", g=g, first=first, led=led)
                if g["kinds"] > 1
                else page.say("zhangjiang.resources.lead.single", g=g)
                for g in groups
                # a group of one kind compares nothing: the opening gives it when it gives a share (editor 75)
                if g["kinds"] > 1 or led is None
            ]
        )
        return
    page.paragraph("zhangjiang.resources.lead.finding", **r)
    page.main_points(
        [
            page.say("zhangjiang.resources.lead.rest", **r) if r["rest"] else "",
            page.say("zhangjiang.resources.lead.fewest", **r) if r["last"] and r["last"] != r["rest_top"] else "",
        ]
    )


def resources(page: Page) -> None:
    r = zj.resources_lead(page.edition)
    if r is None:  # no row this year (all marked not reported): no heading over nothing, the note said once
        page.not_reported("zhangjiang_resources.csv")
        return
    # the page has one section: the opening finding (and the chart's title) says what it shows, so no heading
    # repeats it; what the report leaves open (a lower bound, no reference date) is the table's note
    page.not_reported("zhangjiang_resources.csv")
    # the groups the chart draws, and those it leaves out (one kind each): the sentence and the alt text say both
    drawn = drawn_groups(r["groups"])
    shown = [g | {"rows": page.view(g["rows"])} for g in drawn] if r["groups"] else []
    left = [g | {"rows": page.view(g["rows"])} for g in r["groups"] if g not in drawn]
    page.paragraph(
        "zhangjiang.resources.intro",
        rows=r["rows"],
        first=r["first"],
        groups=r["groups"],
        leads=[
            lead | {"first": page.view([lead["first"]])[0], "second": page.view([lead["second"]])[0]}
            for lead in zj.group_leads(drawn)
        ],
        left=left,
    )
    page.figure(
        resources_chart(page, r),
        "zj-resources",
        page.plain("zhangjiang.resources.caption"),
        # panel by panel, as the chart draws them (editors 79, 80: one ranking across the groups, incubators included)
        page.plain("zhangjiang.resources.alt", rows=r["rows"], drawn=shown, left=left),
        zj.resources_data(page.edition),
    )
    columns = page.words("zhangjiang.resources.table_columns")
    # with the book's groups, the table lists the kinds group by group (most first within each), as the chart does:
    # kinds are compared within a group only (editors: one ranking of all nine broke that rule)
    by_group = (
        [(g["name"], f) for g in r["groups"] for f in g["rows"]] if r["groups"] else [(None, f) for f in r["rows"]]
    )
    rows = [(name, page.view(f)) for name, f in by_group]
    frame = {columns["category"]: [f.label for _, f in rows], columns["count"]: [f.text for _, f in rows]}
    if r["groups"]:
        frame = {columns["group"]: [page.text(name) for name, _ in rows]} | frame
    page.table(
        pd.DataFrame(frame),
        "zj-resources",
        page.plain("zhangjiang.resources.table_caption", groups=r["groups"]),
        folded=True,
    )
    page.paragraph("zhangjiang.resources.table_note", **r, notes=r["undated"], year=page.edition.year)


def drawn_groups(groups: list[dict]) -> list[dict]:
    """The groups the resources chart gives a panel: those of two kinds or more (a panel of one bar on its own scale
    drew a group of one kind as long as the thousands of another: three editors); all of them when none has two."""
    several = [g for g in groups if len(g["rows"]) > 1]
    return several or groups


def resources_chart(page: Page, r: dict):
    """The kinds of resource as bars, most first. With the book's groups, one panel per group on its own scale
    (kinds are compared within a group only: a few dozen laboratories beside thousands of firms would not show),
    each panel titled with its group; without groups, one panel."""
    drawn = drawn_groups(r["groups"])
    panels = [(g["name"], g["rows"]) for g in drawn] or [(None, r["rows"])]
    wrapped = [[textwrap.fill(page.text(f.label), LABEL_WIDTH) for f in page.view(rows)] for _, rows in panels]
    lines = [sum(label.count("\n") + 1 for label in labels) + 0.4 * len(labels) for labels in wrapped]
    titled = 0.45 if r["groups"] else 0  # a panel's own title line
    fig, axes = page.new_figure(
        height=sum(0.3 * n + titled for n in lines) + 1.3,
        nrows=len(panels),
        # the bars as thick in every panel: each panel's height follows its rows, the room for its title between
        gridspec_kw={"height_ratios": lines},
        squeeze=False,
    )
    for ax, (name, group), labels, colour in zip(axes[:, 0], panels, wrapped, style.PALETTE * len(panels)):
        rows = page.view(group)[::-1]
        values = [f.value for f in rows]
        bars = ax.barh(labels[::-1], values, color=colour if r["groups"] else style.TEAL, height=0.62)
        top = max(values) or 1
        for bar, f in zip(bars, rows):
            ax.text(
                bar.get_width() + top * 0.01,
                bar.get_y() + bar.get_height() / 2,
                f.prose,  # the chart reads as running text (a lower bound as 超过…家), not the table’s form (…多家)
                va="center",
                ha="left",
                fontsize=9.5,
                color=style.TEXT,
            )
        ax.set_xlim(0, top * 1.18)
        ax.xaxis.set_major_formatter(style.number_ticks(page.numbers))
        ax.tick_params(axis="y", length=0)
        if name is not None:
            ax.set_title(page.text(name), loc="left", fontsize=10, color=style.TEXT, pad=4)
    axes[-1, 0].set_xlabel(page.plain("zhangjiang.resources.chart.xlabel"))
    page.frame(
        fig,
        page.plain("zhangjiang.resources.chart.title", first=r["first"], rows=r["rows"], groups=r["groups"]),
        page.plain(
            "zhangjiang.resources.chart.subtitle",
            groups=drawn,
            left=[g["name"] for g in r["groups"] if g not in drawn],
        ),
        "4.1",
    )
    return fig


# --- the year's themes (a section of the overview page) ---------------------------------------


def themes(page: Page) -> None:
    """The year's themes: a heading with their watchwords, then each theme in the book's words, one item per theme.
    The measures are the data's (theme_measures.csv, in the downloads), not a table here: cut from the report's
    sentences into rows, they only repeated the themes' summaries."""
    cards = zj.themes(page.edition)
    # what the year did (reform pilots in so many areas) where the measures say it; else the themes' watchwords (editors 85–87: three slogans the reader had not met made no finding)
    page.heading(
        "pages.zhangjiang_overview.themes",
        themes=cards,
        mottos=zj.theme_mottos(page.edition),
        **zj.year_steps(page.edition),
    )
    page.not_reported("themes.csv")
    if not cards:
        page.omitted(page.plain("zhangjiang.themes.part"))
        return
    page.bullets(
        [page.say("zhangjiang.themes.item", title=c["title"], summary=page.voice.markup(c["summary"])) for c in cards]
    )
