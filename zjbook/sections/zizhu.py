"""Section 4.1, the Zizhu National High-tech Zone: key figures, patents, arrivals and a timeline of the year.

The analysis (which figures there are, the invention share, the order of events) is here; how it is said
is ``zjbook/wording/<lang>/zizhu.toml``.
"""
from __future__ import annotations

import datetime as dt
import textwrap

import pandas as pd
from matplotlib.patches import FancyBboxPatch

from ..render import style
from ..render.publish import figure_text
from ..data.edition import Edition, Figure
from .zhangjiang import as_printed

FIGURES = "zizhu_figures.csv"
ITEMS = "zizhu_items.csv"
EVENTS = "events.csv"
#: The zone as the data name it (``subject`` of its events).
SUBJECT = "紫竹高新区"
#: The figures of the opening paragraph, in order, with the wording key each is said by.
STOCK = (("zz_enterprises", "enterprises"), ("zz_contract_fdi", "fdi"), ("zz_patents", "patents"))
#: Characters per line of a tile's label and of an event on the timeline before it wraps.
TILE_WIDTH, EVENT_WIDTH = 34, 46


def _figs(ed: Edition) -> dict[str, Figure]:
    """The zone's own figures (an event's attendance belongs to the event, not here)."""
    return {f.id: f for f in ed.figures(FIGURES) if f.basis != "event"} if ed.has(FIGURES) else {}


def invention_share(ed: Edition) -> float | None:
    """Invention patents as a percentage of all patents granted, computed from the data."""
    f = _figs(ed)
    if {"zz_patents", "zz_invention_patents"} <= set(f) and f["zz_patents"].value > 0:
        return 100 * f["zz_invention_patents"].value / f["zz_patents"].value
    return None


def _cumulative(x: Figure) -> bool:
    return x.basis == "cumulative"


def key_paragraphs(ed: Edition) -> list[str]:
    f = _figs(ed)
    out = []
    stock = [(f[i], kind) for i, kind in STOCK if i in f]
    if stock:
        share = invention_share(ed)
        parts = [ed.say(f"zizhu.key.{kind}", x=x, cumulative=_cumulative(x), share=share,
                        invention=f.get("zz_invention_patents")) for x, kind in stock]
        out.append(ed.say("zizhu.key.stock", parts=parts, dated=stock[0][0], district=ed.t(ed.fact("zz_district"))))
    rev = f.get("zz_revenue")
    if rev:
        out.append(ed.say("zizhu.key.revenue", rev=rev, approx_value=rev.qualifier != "exact",
                          approx_growth=rev.has_growth and (rev.growth_qualifier or "exact") != "exact"))
    return out


def strategy_paragraph(ed: Edition) -> str:
    return ed.say("zizhu.strategy", goal=ed.items(ed.fact("zz_goal")), means=ed.items(ed.fact("zz_means")),
                  focus=ed.items(ed.fact("zz_focus")))


def items_of(ed: Edition, kind: str) -> list[dict]:
    return [r for r in ed.rows(ITEMS) if r["kind"] == kind]


def designation_paragraph(ed: Edition) -> str:
    d = items_of(ed, "designation")
    return ed.say("zizhu.designations", names=[ed.t(r["name"]) for r in d]) if d else ""


def arrivals_intro(ed: Edition) -> str:
    return ed.say("zizhu.arrivals.intro")


def arrivals_lines(ed: Edition) -> list[str]:
    return [ed.say("zizhu.arrivals.line", name=ed.t(r["name"]), action=ed.t(r["action"]))
            for r in items_of(ed, "arrival")]


def partners_paragraph(ed: Edition) -> str:
    partners = [ed.t(r["name"]) for r in items_of(ed, "partner")]
    joint = [{"names": ed.items(r["name"]), "action": ed.t(r["action"])} for r in items_of(ed, "joint_centre")]
    return ed.say("zizhu.partners", partners=partners, joint=joint)


def part(ed: Edition, which: str) -> str:
    """The name of a part of the page (``figures``, ``items``, ``events``), for the note shown when it has no data."""
    return ed.say(f"zizhu.parts.{which}")


# --- figures -------------------------------------------------------------------------------

def _fit(ax, text, share: float = 0.92, smallest: float = 7) -> None:
    """Shrink ``text`` until it is no wider than ``share`` of its axes (a long value or label on a tile)."""
    renderer = ax.figure.canvas.get_renderer()
    limit = ax.get_window_extent(renderer).width * share
    while text.get_window_extent(renderer).width > limit and text.get_fontsize() > smallest:
        text.set_fontsize(text.get_fontsize() - 0.5)


def _row_label(ed: Edition, x: Figure) -> str:
    return ed.say("zizhu.key_figures.row_label", x=x, cumulative=_cumulative(x))


def key_figures_chart(ed: Edition):
    """Four key numbers as tiles above a bar that splits patents into invention and other."""
    f = _figs(ed)
    tiles = [x for x in (f.get("zz_enterprises"), f.get("zz_contract_fdi"), f.get("zz_revenue")) if x]
    fig = style.blank_figure(height=3.6)
    grid = fig.add_gridspec(2, max(len(tiles), 1), height_ratios=[1.1, 1])
    on_tiles = []
    for i, x in enumerate(tiles):
        ax = fig.add_subplot(grid[0, i])
        ax.axis("off")
        ax.add_patch(FancyBboxPatch((0.03, 0.05), 0.94, 0.9, boxstyle="round,pad=0.01", color=style.LIGHT,
                                    transform=ax.transAxes))
        label = ed.say("zizhu.key_figures.tile_label", x=x, name=_row_label(ed, x))
        on_tiles += [(ax, ax.text(0.5, 0.6, x.text, ha="center", va="center", fontsize=17, fontweight="bold",
                                  color=style.BLUE)),
                     (ax, ax.text(0.5, 0.25, textwrap.fill(figure_text(label), TILE_WIDTH), ha="center",
                                  va="center", fontsize=9.5, color=style.TEXT))]
    ax = fig.add_subplot(grid[1, :])
    has_patents = {"zz_patents", "zz_invention_patents"} <= set(f)
    share = invention_share(ed)
    if share is None:
        ax.axis("off")
        ax.text(0.5, 0.5, ed.say("zizhu.key_figures.no_patents", has_patents=has_patents), ha="center",
                va="center", fontsize=10, color=style.GREY, transform=ax.transAxes)
    else:
        total, inv = f["zz_patents"], f["zz_invention_patents"]
        other = total.value - inv.value
        ax.barh([0], [inv.value], color=style.BLUE, height=0.5)
        ax.barh([0], [other], left=[inv.value], color=style.ORANGE, height=0.5)
        ax.text(inv.value / 2, 0, ed.say("zizhu.key_figures.invention", invention=inv, share=share),
                ha="center", va="center", color="white", fontsize=10)
        ax.text(inv.value + other / 2, 0.42, ed.say("zizhu.key_figures.other", other=other, unit=total.unit),
                ha="center", va="bottom", color=style.TEXT, fontsize=9)
        ax.set_xlim(0, total.value)
        ax.xaxis.set_major_formatter(style.number_ticks(ed.words.numbers))
        ax.set_yticks([])
        ax.set_xlabel(ed.say("zizhu.key_figures.xlabel", total=total))
        ax.spines["left"].set_visible(False)
    dated = next((x for x in tiles if x.period), None)
    style.frame(fig, ed.say("zizhu.key_figures.title"),
                ed.say("zizhu.key_figures.subtitle", dated=dated, drawn=share is not None), ed.source_line("4.1"))
    for ax, text in on_tiles:  # once laid out: a value or label wider than its tile is made smaller
        _fit(ax, text)
    return fig


def key_figures_caption(ed: Edition) -> str:
    return ed.say("zizhu.key_figures.caption")


def key_figures_data(ed: Edition) -> pd.DataFrame:
    rows = list(_figs(ed).values())
    return pd.DataFrame({
        "id": [x.id for x in rows], "indicator": [x.indicator for x in rows], "value": [x.value for x in rows],
        "unit": [x.unit for x in rows], "qualifier": [x.qualifier for x in rows],
        "value_as_printed": [as_printed(x) for x in rows], "growth_pct": [x.growth_pct for x in rows],
        "basis": [x.basis for x in rows], "period_start": [x.period_start for x in rows],
        "period_end": [x.period_end for x in rows], "part_of": [x.part_of for x in rows],
    })


def key_figures_alt(ed: Edition) -> str:
    return ed.say("zizhu.key_figures.alt", rows=list(_figs(ed).values()), share=invention_share(ed))


def key_figures_table(ed: Edition) -> pd.DataFrame:
    rows = list(_figs(ed).values())
    columns = ed.words.words("zizhu.key_figures.table_columns")
    return pd.DataFrame({
        columns["indicator"]: [_row_label(ed, x) for x in rows],
        columns["value"]: [x.text for x in rows],
        columns["growth"]: [x.growth_text for x in rows],
        columns["period"]: [x.period for x in rows],
    })


def key_figures_table_caption(ed: Edition) -> str:
    return ed.say("zizhu.key_figures.table_caption")


def events(ed: Edition) -> list[dict]:
    return sorted((e for e in ed.rows(EVENTS) if e["subject"] == SUBJECT), key=lambda e: e["date"])


def _date(s: str) -> dt.date:
    return dt.date.fromisoformat(s)


def date_label(ed: Edition, s: str) -> str:
    return ed.say("zizhu.date", d=_date(s))


def timeline_chart(ed: Edition):
    evs = events(ed)
    fig, ax = style.new_figure(height=3.2)
    year = _date(evs[0]["date"]).year
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    ax.plot([start, end], [0, 0], color=style.GREY, linewidth=1.2)
    for m in range(1, 13):
        ax.plot([dt.date(year, m, 1)] * 2, [-0.04, 0.04], color=style.GREY, linewidth=0.8)
    ax.set_xticks([dt.date(year, m, 1) for m in range(1, 13)], ed.words.words("zizhu.timeline.months"))
    for i, e in enumerate(evs):
        d = _date(e["date"])
        h = 1.0 - 0.35 * (i % 3)
        ax.plot([d, d], [0, h], color=style.BLUE, linewidth=1)
        ax.plot([d], [0], "o", color=style.BLUE, markersize=6)
        label = ed.say("zizhu.timeline.event", d=d, title=ed.t(e["title"]))
        ax.text(d, h + 0.03, textwrap.fill(figure_text(label), EVENT_WIDTH), ha="left" if d.month < 7 else "right",
                va="bottom", fontsize=9, color=style.TEXT)
    ax.set_ylim(-0.15, 1.35)
    ax.set_xlim(start, end)
    ax.set_yticks([])
    ax.spines["left"].set_visible(False)
    ax.spines["bottom"].set_visible(False)
    style.frame(fig, ed.say("zizhu.timeline.title", event_year=year), ed.say("zizhu.timeline.subtitle"),
                ed.source_line("4.1"))
    return fig


def timeline_caption(ed: Edition) -> str:
    return ed.say("zizhu.timeline.caption")


def timeline_data(ed: Edition) -> pd.DataFrame:
    evs = events(ed)
    return pd.DataFrame({
        "event_id": [e["event_id"] for e in evs], "date": [e["date"] for e in evs],
        "title": [e["title"] for e in evs], "organisers": [e["organisers"] for e in evs],
        "figure_id": [e["figure_id"] for e in evs], "heading": [e["heading"] for e in evs],
    })


def timeline_alt(ed: Edition) -> str:
    return ed.say("zizhu.timeline.alt", events=[(date_label(ed, e["date"]), ed.t(e["title"])) for e in events(ed)])


def event_cards(ed: Edition) -> list[tuple[str, list[str], list[str]]]:
    """(title, paragraphs, points) for each dated event, with its figure (e.g. attendance) if any."""
    cards = []
    for e in events(ed):
        body = [ed.say("zizhu.event.when", date=date_label(ed, e["date"]), organisers=ed.items(e["organisers"]))]
        if e["figure_id"]:
            body.append(ed.say("zizhu.event.attendance", figure=ed.figure(e["figure_id"])))
        cards.append((ed.t(e["title"]), body, ed.items(e["detail"])))
    return cards
