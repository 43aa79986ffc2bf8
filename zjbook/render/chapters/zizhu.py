"""The Zizhu page (section 4.1): key figures, profile, events, and their figures.

Facts from :mod:`zjbook.sections.zizhu`; sentences from ``wording/<lang>/zizhu.toml``.
"""

from __future__ import annotations

import datetime as dt
import textwrap

import pandas as pd
from matplotlib.patches import FancyBboxPatch

from ...sections import zizhu as zz
from ...wording import Safe
from .. import style
from ..page import Page

#: Characters per line of a tile's label before it wraps.
TILE_WIDTH = 26


def lead(page: Page) -> None:
    """The page's opening finding (the patents and their invention share) and its main points."""
    f = zz.lead(page.edition)
    if f is None:
        return
    page.paragraph("zizhu.lead.finding", **f)
    # the year's revenue and its growth open the page when the report gives both: the main points then add the
    # stock of firms and investment and what the year brought
    opened = bool(f["rev"] and f["rev"].has_growth)
    page.main_points(
        [
            page.say("zizhu.lead.revenue", **f) if f["rev"] and not opened else "",
            page.say("zizhu.lead.stock", **f) if f["enterprises"] else "",
            # the year's national designations, named (editors 76, 77: the partners were said three times on the page);
            # the section on what the year brought then does not name them again
            page.say("zizhu.designations", names=zz.designations(page.edition)) if designations_pointed(page) else "",
        ]
    )


def designations_pointed(page: Page) -> bool:
    """Whether the page's main points name the year's national designations (when the opening gives the revenue)."""
    f = zz.lead(page.edition) or {}
    rev = f.get("rev")
    return bool(rev and rev.has_growth and page.edition.has(zz.ITEMS) and zz.designations(page.edition))


def key_figures(page: Page) -> None:
    ed = page.edition
    share = zz.invention_share(ed) if ed.has(zz.FIGURES) else None
    # with the invention share, the page's opening has said the finding: the key figures follow it without a
    # heading that would say it again
    if share is None:
        page.heading("pages.zizhu.figures", share=share)
    page.not_reported("zizhu_figures.csv")
    if not ed.has(zz.FIGURES):
        page.omitted(page.plain("zizhu.parts.figures"))
        return
    k = zz.key(ed)
    # the body adds to the lead and main points: the patents the opening finding gives and the revenue a main
    # point gives are not said again (the chart and table below carry them)
    f = zz.lead(ed) or {}
    said_patents = bool(f.get("patents") and f.get("invention") and f.get("share") is not None)
    # the enterprises and foreign investment a main point gives are not said again either
    said = {"patents"} if said_patents else set()
    if f.get("enterprises"):
        said |= {"enterprises", "fdi"}
    stock = [s for s in k["stock"] if s["kind"] not in said]
    # the opening finding names the district when it gives the patents
    district = None if said_patents else k["district"]
    if stock or district:
        parts = [
            page.say(
                f"zizhu.key.{s['kind']}",
                x=s["x"],
                cumulative=s["cumulative"],
                share=k["share"],
                invention=k["invention"],
            )
            for s in stock
        ]
        page.paragraph("zizhu.key.stock", parts=parts, dated=stock[0]["x"] if stock else None, district=district)
    if k["rev"]:
        page.paragraph(
            "zizhu.key.revenue",
            rev=k["rev"],
            approx_value=k["approx_value"],
            approx_growth=k["approx_growth"],
            pointed=bool(f.get("rev")),
        )
    kf = zz.key_figures(ed)
    page.paragraph("zizhu.key_figures.intro", share=kf["share"], total=kf["total"], invention=kf["invention"])
    page.figure(
        key_figures_chart(page, kf),
        "zz-key-figures",
        page.plain("zizhu.key_figures.caption", drawn=kf["share"] is not None),  # names the patent mix only if drawn
        page.plain("zizhu.key_figures.alt", rows=kf["rows"], share=kf["share"]),
        zz.key_figures_data(ed),
    )
    columns = page.words("zizhu.key_figures.table_columns")
    rows = page.view(kf["rows"])
    table = {
        columns["indicator"]: [row_label(page, x) for x in kf["rows"]],
        columns["value"]: [x.text for x in rows],
        columns["growth"]: [x.growth_text for x in rows],
        columns["period"]: [x.period for x in rows],
    }
    if sum(bool(x.growth_text) for x in rows) * 2 < len(rows):
        # growth for fewer than half the rows: said beside the value instead of in a mostly empty column
        table[columns["value"]] = [page.plain("zizhu.key_figures.value_cell", x=x) for x in kf["rows"]]
        del table[columns["growth"]]
    page.table(
        pd.DataFrame(table),
        "zz-key-figures",
        page.plain("zizhu.key_figures.table_caption"),
        folded=True,
    )


def other_periods(kf: dict) -> list[dict]:
    """The figures drawn whose period is not the first figure's (a year's flow beside end-of-year stocks),
    grouped by period: what the chart's subtitle names beside the first period."""
    first = kf["dated"]
    groups: dict = {}
    for x in kf["rows"]:
        if first is not None and (x.period_start, x.period_end) != (first.period_start, first.period_end):
            groups.setdefault((x.period_start, x.period_end), []).append(x)
    return [{"x": xs[0], "figures": xs} for xs in groups.values()]


def row_label(page: Page, x) -> str:
    return page.plain("zizhu.key_figures.row_label", x=x, cumulative=zz.cumulative(x))


def profile(page: Page) -> None:
    ed = page.edition
    # the heading says what the year brought (designations, arrivals) when the edition has them (zizhu_items.csv)
    year = zz.lead(ed) or {}
    # designations the main points give are left out of the heading too: the section below does not tell them
    # (editors 77–79: a heading over text that never mentions its first half)
    designations = 0 if designations_pointed(page) else year.get("designations")
    # the zone's aims, attributed, before the year's arrivals (editors 87, 88: under the arrivals' heading they were
    # no arrival)
    headed = bool(ed.rows(zz.ITEMS) and (designations or year.get("arrivals")))
    if headed:
        page.paragraph("zizhu.strategy", **zz.strategy(ed))
        page.heading("pages.zizhu.profile", designations=designations, arrivals=year["arrivals"])
    else:
        page.heading("pages.zizhu.positioning")
    page.not_reported("zizhu_items.csv")
    # what the heading says comes first (the year's designations), then the arrivals
    if not ed.has(zz.ITEMS):
        page.paragraph("zizhu.strategy", **zz.strategy(ed))
        page.omitted(page.plain("zizhu.parts.items"))
        return
    names = zz.designations(ed)
    if names and not designations_pointed(page):
        page.paragraph("zizhu.designations", names=names)
    # an institution an event card of the page tells of (微软亚太科技有限公司成立) is left to the card
    groups: dict = {}
    for a in zz.arrivals(ed, untold=True):
        groups.setdefault(a["action"], []).append(page.definite(page.voice.markup(a["name"])))
    if groups:
        page.paragraph("zizhu.arrivals.sentence", groups=[{"action": k, "names": v} for k, v in groups.items()])
    if not headed:  # no heading of the year's arrivals: the aims are the section's
        page.paragraph("zizhu.strategy", **zz.strategy(ed))
    # the agreements and the year's events under a heading of their own (editors 85, 86: one heading over arrivals,
    # aims, partners and events said nothing of the last two)
    found = zz.partners(ed)
    partners, dated = bool(found["partners"] or found["joint"]), bool(ed.has(zz.EVENTS) and zz.events(ed))
    if partners or dated:
        page.heading("pages.zizhu.agreements", partners=partners, events=dated)
    # the partners are counted ("three partners"): each stays, with its agreement's card below; the sentence points
    # to the card without the date, which is the card's (editor 75: said twice, it repeated; editors 83, 84: the
    # agreement was met twice with nothing to say so)
    page.paragraph("zizhu.partners", **found)


def events(page: Page) -> None:
    ed = page.edition
    # the year's dated events belong to what the year brought: one card each, dated in its title, after that section
    # and without a heading of their own (three editors: "年度大事" said nothing; editors: a timeline of three points
    # said nothing the cards do not, so there is none)
    page.not_reported("events.csv")
    evs = zz.events(ed)
    if not evs:
        page.omitted(page.plain("zizhu.parts.events"))
        return
    # the report's words kept as printed though they may be a slip (corrections.csv, status uncertain)
    fixes = ed.rows("corrections.csv") if ed.has("corrections.csv") else []
    doubts = [r for r in fixes if r["status"] == "uncertain"]
    for i, e in enumerate(evs):
        organisers = [page.definite(page.voice.markup(o)) for o in e["organisers"]]
        when = str(page.say("zizhu.event.when", organisers=organisers, role=e.get("role") or "", figure=e["figure"]))
        # who held it and how many came: the card's first point, written like the others (no closing stop)
        first = [Safe(when.rstrip("。.").rstrip("\\"))] if when else []
        # a point holding words that may be a slip is marked where it stands ("as printed"); why is on the
        # method page, among the corrections
        marked = [
            _marked_point(page, p, [d["printed"] for d in doubts if str(d["printed"]) in str(p)]) for p in e["points"]
        ]
        page.card(
            # the first card's date carries its year (editors 83, 84: no year anywhere), the others the day and month
            page.say("zizhu.event.title", d=_date(e["date"]), title=page.voice.markup(e["title"]), full=i == 0),
            [],
            first + marked,
            kind="note",
            css="event-card",
        )


# --- figures -------------------------------------------------------------------------------


def _fit(ax, text, share: float = 0.92, smallest: float = 7) -> None:
    """Shrink ``text`` until it is no wider than ``share`` of its axes (a long value or label on a tile) and, hung
    from above, ends above the tile's lower edge."""
    renderer = ax.figure.canvas.get_renderer()
    box = ax.get_window_extent(renderer)
    floor = box.y0 + box.height * 0.1

    def fits() -> bool:
        extent = text.get_window_extent(renderer)
        return extent.width <= box.width * share and (text.get_va() != "top" or extent.y0 >= floor)

    while not fits() and text.get_fontsize() > smallest:
        text.set_fontsize(text.get_fontsize() - 0.5)


def key_figures_chart(page: Page, kf: dict):
    """The key numbers as tiles above a bar that splits patents into invention and other."""
    tiles = page.view(kf["tiles"])
    fig = page.blank_figure(height=4.2)
    grid = fig.add_gridspec(2, max(len(tiles), 1), height_ratios=[1.5, 1])
    on_tiles = []
    for i, x in enumerate(tiles):
        ax = fig.add_subplot(grid[0, i])
        ax.axis("off")
        ax.add_patch(
            FancyBboxPatch(
                (0.03, 0.05), 0.94, 0.9, boxstyle="round,pad=0.01", color=style.LIGHT, transform=ax.transAxes
            )
        )
        label = page.plain("zizhu.key_figures.tile_label", x=x.figure, name=row_label(page, x.figure))
        on_tiles += [
            (
                ax,
                ax.text(0.5, 0.72, x.text, ha="center", va="center", fontsize=17, fontweight="bold", color=style.BLUE),
            ),
            (
                ax,
                # hung from under the value: a label of three lines stays inside its tile
                ax.text(
                    0.5,
                    0.54,
                    textwrap.fill(label, TILE_WIDTH),
                    ha="center",
                    va="top",
                    fontsize=9.5,
                    color=style.TEXT,
                    linespacing=1.15,
                ),
            ),
        ]
    ax = fig.add_subplot(grid[1, :])
    share = kf["share"]
    if share is None:
        ax.axis("off")
        ax.text(
            0.5,
            0.5,
            page.plain("zizhu.key_figures.no_patents", has_patents=kf["has_patents"]),
            ha="center",
            va="center",
            fontsize=10,
            color=style.GREY,
            transform=ax.transAxes,
        )
    else:
        total, inv = kf["total"], kf["invention"]
        other = total.value - inv.value
        ax.barh([0], [inv.value], color=style.BLUE, height=0.5)
        ax.barh([0], [other], left=[inv.value], color=style.ORANGE, height=0.5)
        ax.text(
            inv.value / 2,
            0,
            page.plain("zizhu.key_figures.invention", invention=inv, share=share),
            ha="center",
            va="center",
            color="white",
            fontsize=10,
        )
        ax.text(
            inv.value + other / 2,
            0.42,
            page.plain("zizhu.key_figures.other", other=other, unit=total.unit),
            ha="center",
            va="bottom",
            color=style.TEXT,
            fontsize=9,
        )
        ax.set_xlim(0, total.value)
        ax.xaxis.set_major_formatter(style.number_ticks(page.numbers))
        ax.set_yticks([])
        ax.set_xlabel(page.plain("zizhu.key_figures.xlabel", total=total))
        ax.spines["left"].set_visible(False)
    page.frame(
        fig,
        page.plain("zizhu.key_figures.title", share=share),
        page.plain("zizhu.key_figures.subtitle", dated=kf["dated"], others=other_periods(kf), drawn=share is not None),
        "4.1",
    )
    for ax, text in on_tiles:  # once laid out: a value or label wider than its tile is made smaller
        _fit(ax, text)
    return fig


def _marked_point(page: Page, point, printed: list) -> Safe:
    """An event's point with the report's doubtful words marked right after them ("SQL Server支付平台（原文如此）"),
    where the page shows them as the report has them (the Chinese; an English translation that quotes them in
    its own words carries its mark itself); else the mark closes the point."""
    text = page.voice.markup(point)
    mark = str(page.plain("zizhu.event.sic"))
    for words in printed:
        at = str(text).find(str(page.voice.markup(words)))
        if at >= 0:
            end = at + len(str(page.voice.markup(words)))
            return Safe(str(text)[:end] + mark + str(text)[end:])
    if printed and str(page.voice.markup(mark.strip())) in str(text):  # the translation carries the mark itself
        return text
    return page.say("zizhu.event.point", point=text, printed=printed)


def _date(s: str) -> dt.date:
    return dt.date.fromisoformat(s)
