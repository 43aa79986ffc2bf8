"""Section 4.1, the Zhangjiang demonstration zone: headline indicators and their commentary.

What is computed here (rankings, ratios, which counts are lower bounds, what the data leave out) is handed
to the wording of the edition's language, ``zjbook/wording/<lang>/zhangjiang.toml``, which says it.
"""
from __future__ import annotations

import math
import textwrap

import pandas as pd

from ..data import printed as numbers
from ..render import style
from ..render.publish import figure_text
from ..data.edition import Edition, Figure

INDICATORS = "zhangjiang_indicators.csv"
STRUCTURE = "zhangjiang_structure.csv"
RESOURCES = "zhangjiang_resources.csv"
#: The zone as the data name it (``subject`` of its rows).
SUBJECT = "张江示范区"
#: The indicators whose ratio is the zone's net profit margin.
REVENUE, PROFIT = "zj_total_revenue", "zj_net_profit"
#: Qualifiers that make a count a lower bound ("321多家": more than 321, made up).
LOWER_BOUNDS = ("more_than", "upwards_of")


def as_printed(f: Figure) -> str:
    """The value as the report prints it, for data downloads (the same file in every language)."""
    return numbers.amount(f.value, f.unit, f.qualifier)


def new_subparks(ed: Edition) -> Figure | None:
    """The sub-parks added during the year, which the headline indicators leave out (None if not stated,
    or if none were added: there is then nothing left out to mention)."""
    if not ed.has(STRUCTURE):
        return None
    return next((f for f in ed.figures(STRUCTURE) if f.id == "zj_new_subparks" and f.value > 0), None)


def scope_note(ed: Edition) -> str:
    """The caveat on what the headline indicators leave out (the newly added sub-parks)."""
    new = new_subparks(ed)
    return ed.say("zhangjiang.scope.note", new=new) if new else ""


def indicator_table(ed: Edition) -> pd.DataFrame:
    rows = ed.figures(INDICATORS)
    scope = scope_note(ed)
    columns = ed.words.words("zhangjiang.indicators.table_columns")
    return pd.DataFrame({
        columns["indicator"]: [f.label for f in rows],
        columns["value"]: [f.text for f in rows],
        columns["growth"]: [f.growth_text for f in rows],
        columns["period"]: [f.period for f in rows],
        columns["scope"]: [scope or (f.note_label or "") for f in rows],
    })


def indicator_data(ed: Edition) -> pd.DataFrame:
    """The numbers the indicator chart plots, with units and source columns."""
    rows = ed.figures(INDICATORS)
    return pd.DataFrame({
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
    })


def _growth_ranking(rows: list[Figure]) -> list[Figure]:
    with_growth = [f for f in rows if f.has_growth]
    return sorted(with_growth, key=lambda f: (-f.growth_pct, f.indicator))


def _period(rows: list[Figure]) -> Figure | None:
    """The figure whose period the indicators are dated by: the first one that states a period."""
    return next((f for f in rows if f.period), None)


def growth_note(ed: Edition) -> str:
    """What the chart cannot show because the data gives no growth rate for it ('' when every rate is there)."""
    rows = ed.figures(INDICATORS)
    missing = [f for f in rows if not f.has_growth]
    if not missing:
        return ""
    return ed.say("zhangjiang.headline.no_growth", missing=missing, all=len(missing) == len(rows))


def growth_summary(rows: list[Figure]) -> dict | None:
    """Which indicator grew fastest and slowest, and how many rose, fell or stayed flat (None under two rates)."""
    ranked = _growth_ranking(rows)
    if len(ranked) < 2:
        return None
    top, bottom = ranked[0], ranked[-1]
    rising = [f for f in ranked if numbers.growth_sign(f.growth_pct) > 0]
    falling = [f for f in ranked if numbers.growth_sign(f.growth_pct) < 0]
    return {
        "ranked": ranked, "top": top, "bottom": bottom,
        # the same rate as printed (rounded, with its qualifier): no highest and lowest to name
        "same": numbers.growth_phrase(top.growth_pct, top.growth_qualifier)
        == numbers.growth_phrase(bottom.growth_pct, bottom.growth_qualifier),
        "gap": top.growth_pct - bottom.growth_pct,
        "rising": rising, "falling": falling, "flat": len(ranked) - len(rising) - len(falling),
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
    if revenue.has_growth and profit.has_growth and revenue.growth_pct > -100 and profit.growth_pct > -100:
        earlier = margin * (1 + revenue.growth_pct / 100) / (1 + profit.growth_pct / 100)
        change = margin - earlier
    return {"revenue": revenue, "profit": profit, "margin": margin, "change": change,
            # a change that rounds to less than 0.1 points reads as no change
            "steady": change is not None and float(numbers.fixed(abs(change), 1)) == 0}


def headline_paragraphs(ed: Edition) -> list[str]:
    """Commentary on the headline indicators, computed from the data so it stays true when they change."""
    rows = ed.figures(INDICATORS)
    dated = _period(rows)
    paragraphs = [ed.say("zhangjiang.headline.levels", rows=rows, dated=dated, new=new_subparks(ed),
                         growth_note=growth_note(ed))]
    summary = growth_summary(rows)
    if summary:
        paragraphs.append(ed.say("zhangjiang.headline.growth", **summary))
    margin = profit_margin(rows)
    if margin:
        paragraphs.append(ed.say("zhangjiang.headline.margin", **margin))
    return paragraphs


def _chart_order(ed: Edition) -> list[Figure]:
    """Indicators with a growth rate from fastest to slowest, then those without one."""
    rows = ed.figures(INDICATORS)
    return _growth_ranking(rows) + [f for f in rows if not f.has_growth]


def indicator_chart(ed: Edition):
    """Horizontal bars of year-on-year growth; each indicator's level stands in its label.

    An indicator without a growth rate keeps its label (its level) and gets no bar."""
    rows = _chart_order(ed)[::-1]
    fig, ax = style.new_figure(height=3.4)
    labels = [figure_text(f"{f.label}\n{f.text}") for f in rows]
    values = [f.growth_pct if f.has_growth else 0.0 for f in rows]
    colours = [style.BLUE if v >= 0 else style.RED for v in values]
    bars = ax.barh(labels, values, color=colours, height=0.6)
    span = max(abs(v) for v in values) or 1
    no_rate = ed.say("zhangjiang.indicators.chart.no_rate")
    for bar, f in zip(bars, rows):
        x = bar.get_width()
        ax.text(x + (0.02 * span if x >= 0 else -0.02 * span), bar.get_y() + bar.get_height() / 2,
                f.growth_text or no_rate, va="center", ha="left" if x >= 0 else "right", fontsize=10,
                color=style.TEXT if f.has_growth else style.GREY)
    ax.axvline(0, color=style.GREY, linewidth=0.8)
    ax.set_xlim(min(0, min(values)) * 1.3, max(0, max(values)) * 1.2 + 0.05 * span)
    ax.set_xlabel(ed.say("zhangjiang.indicators.chart.xlabel"))
    ax.tick_params(axis="y", length=0)
    style.frame(fig, ed.say("zhangjiang.indicators.chart.title"),
                ed.say("zhangjiang.indicators.chart.subtitle", dated=_period(rows), new=new_subparks(ed),
                       any_growth=any(f.has_growth for f in rows)),
                ed.source_line("4.1"))
    return fig


def indicator_alt(ed: Edition) -> str:
    rows = _chart_order(ed)
    return ed.say("zhangjiang.indicators.alt", rows=rows, dated=_period(rows))


def indicator_caption(ed: Edition) -> str:
    return ed.say("zhangjiang.indicators.caption", dated=_period(ed.figures(INDICATORS)))


# --- position of the zone ----------------------------------------------------------------

def position_paragraphs(ed: Edition) -> list[str]:
    """Where the zone stood this year: its plan, its role, its parks and districts."""
    out = []
    plan, park, centre = ed.fact("zj_plan"), ed.fact("zj_role_park"), ed.fact("zj_role_centre")
    if plan:
        out.append(ed.say("zhangjiang.position.plan", plan=ed.t(plan), roles=[ed.t(r) for r in (park, centre) if r]))
    structure = {f.id: f for f in ed.figures(STRUCTURE)} if ed.has(STRUCTURE) else {}
    if {"zj_subparks", "zj_districts_covered"} <= set(structure):
        layout, spatial, status = ed.fact("zj_layout"), ed.fact("zj_spatial"), ed.fact("zj_spatial_status")
        out.append(ed.say("zhangjiang.position.layout", layout=ed.t(layout), spatial=ed.t(spatial),
                          status=ed.t(status), subparks=structure["zj_subparks"],
                          districts=structure["zj_districts_covered"], new=new_subparks(ed)))
    leaps = ed.items(ed.fact("zj_leaps"))
    if leaps:
        out.append(ed.say("zhangjiang.position.leaps", leaps=leaps))
    return out


# --- innovation resources ------------------------------------------------------------------

def resources_sorted(ed: Edition) -> list[Figure]:
    return sorted(ed.figures(RESOURCES), key=lambda f: (-f.value, f.indicator))


def resources_paragraphs(ed: Edition) -> list[str]:
    rows = resources_sorted(ed)
    if not rows:
        return []
    first = rows[0]
    second = rows[1] if len(rows) > 1 else None
    last = rows[-1] if len(rows) > 2 else None  # with two rows the second is the last: named once
    ratio, lower_bound = None, False
    if second and second.value > 0:
        lower_bound = second.qualifier in LOWER_BOUNDS
        ratio = first.value / second.value
        # "321多" (made up): the true count is above 321, so the ratio is below this one: round it up, never down
        if lower_bound:
            ratio = math.ceil(ratio * 10) / 10
    out = [ed.say("zhangjiang.resources.summary", rows=rows, first=first, second=second, last=last,
                  ratio=ratio, lower_bound=lower_bound,
                  bounds=[f for f in rows if f.qualifier in LOWER_BOUNDS],
                  approximate=[f for f in rows if f.qualifier not in LOWER_BOUNDS + ("exact",)])]
    undated = sorted({f.note for f in rows if f.note and not f.period_end})
    if undated:
        out.append(ed.say("zhangjiang.resources.undated", notes=[ed.t(n) for n in undated]))
    return out


def resources_table(ed: Edition) -> pd.DataFrame:
    rows = resources_sorted(ed)
    columns = ed.words.words("zhangjiang.resources.table_columns")
    return pd.DataFrame({columns["category"]: [f.label for f in rows], columns["count"]: [f.text for f in rows]})


def resources_data(ed: Edition) -> pd.DataFrame:
    rows = resources_sorted(ed)
    return pd.DataFrame({
        "id": [f.id for f in rows], "category": [f.indicator for f in rows], "value": [f.value for f in rows],
        "unit": [f.unit for f in rows], "qualifier": [f.qualifier for f in rows],
        "value_as_printed": [as_printed(f) for f in rows], "section": [f.section for f in rows],
        "heading": [f.heading for f in rows],
    })


#: Labels longer than this (in characters) are wrapped on the bar charts.
LABEL_WIDTH = 34


def resources_chart(ed: Edition):
    rows = resources_sorted(ed)[::-1]
    fig, ax = style.new_figure(height=0.42 * len(rows) + 1.6)
    values = [f.value for f in rows]
    bars = ax.barh([textwrap.fill(figure_text(f.label), LABEL_WIDTH) for f in rows], values, color=style.TEAL, height=0.62)
    top = max(values) or 1
    for bar, f in zip(bars, rows):
        ax.text(bar.get_width() + top * 0.01, bar.get_y() + bar.get_height() / 2, f.text,
                va="center", ha="left", fontsize=9.5, color=style.TEXT)
    ax.set_xlim(0, top * 1.15)
    ax.xaxis.set_major_formatter(style.number_ticks(ed.words.numbers))
    ax.set_xlabel(ed.say("zhangjiang.resources.chart.xlabel"))
    ax.tick_params(axis="y", length=0)
    style.frame(fig, ed.say("zhangjiang.resources.chart.title"), ed.say("zhangjiang.resources.chart.subtitle"),
                ed.source_line("4.1"))
    return fig


def resources_alt(ed: Edition) -> str:
    return ed.say("zhangjiang.resources.alt", rows=resources_sorted(ed))


def resources_caption(ed: Edition) -> str:
    return ed.say("zhangjiang.resources.caption")


def resources_table_caption(ed: Edition) -> str:
    return ed.say("zhangjiang.resources.table_caption")


# --- the year's themes ---------------------------------------------------------------------

def theme_cards(ed: Edition, subject: str = SUBJECT) -> list[tuple[str, str, list[str]]]:
    """(title, summary, measures) for each theme of ``subject``, in the report's order."""
    measures: dict[str, list[tuple[int, str]]] = {}
    for m in ed.rows("theme_measures.csv"):
        measures.setdefault(m["theme_id"], []).append((m["order"], m["measure"]))
    cards = []
    for t in sorted((t for t in ed.rows("themes.csv") if t["subject"] == subject), key=lambda t: t["order"]):
        # a slogan the title already contains is not repeated after it
        slogan = t["slogan"] if t["slogan"] and t["slogan"] not in t["title"] else None
        title = ed.say("zhangjiang.themes.card_title", title=ed.t(t["title"]), slogan=ed.t(slogan))
        cards.append((title, ed.t(t["summary"]), [ed.t(m) for _, m in sorted(measures.get(t["theme_id"], []))]))
    return cards


def themes_intro(ed: Edition, subject: str = SUBJECT) -> str:
    cards = theme_cards(ed, subject)
    return ed.say("zhangjiang.themes.intro", themes=len(cards), measures=sum(len(c[2]) for c in cards),
                  four_new=ed.items(ed.fact("zj_four_new")))


def themes_part(ed: Edition) -> str:
    """The name of the themes part, for the note shown when an edition has none."""
    return ed.say("zhangjiang.themes.part")
