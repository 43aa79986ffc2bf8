"""The comparison page: the headline indicators and institution counts of every edition with data.

Facts from :mod:`zjbook.sections.trends`; sentences from ``wording/<lang>/trends.toml``.
"""

from __future__ import annotations

import pandas as pd

from ...sections import trends as tr
from ...sections.zhangjiang import INDICATORS, RESOURCES
from .. import style
from ..page import Page


def indicators(page: Page, eds, skipped) -> None:
    page.heading("pages.comparison.indicators")
    page.paragraph("trends.years", years=[e.year for e in eds])
    if skipped:
        page.paragraph("trends.skipped", skipped=skipped)
    rows = tr.indicators(eds)
    change = page.numbers.change_phrase
    for r in rows:
        first, last = page.view(r["first"]), page.view(r["last"])
        page.paragraph(
            "trends.indicator",
            label=last.label,
            several=r["several"],
            first_year=r["first_year"],
            first_value=first.text,
            last_year=r["last_year"],
            last_value=last.text,
            previous_year=r["previous_year"],
            change=change(r["change"]) if r["change"] is not None else None,
            from_zero=r["from_zero"],
        )
    panels = [{"label": r["last"].indicator, "points": [(y, page.view(f).text) for y, f in r["points"]]} for r in rows]
    page.figure(
        chart(page, eds, rows),
        "trend-indicators",
        page.plain("trends.chart_title"),
        page.plain("trends.alt", panels=panels),
        tr.indicator_frame(eds),
    )
    page.table(table(page, eds), "trend-indicators", page.plain("trends.table_caption"))


def table(page: Page, eds) -> pd.DataFrame:
    frame = tr.indicator_frame(eds)
    figs = tr.figures_by_year(eds, INDICATORS)
    shown = [page.view(figs[(int(r.year), r.id)]) for r in frame.itertuples()]
    head = page.words("trends.table_headers")
    change = page.numbers.change_phrase
    return pd.DataFrame(
        {
            head["year"]: frame["year"].astype(int).astype(str),
            head["indicator"]: [f.label for f in shown],
            head["value"]: [f.text for f in shown],
            head["period"]: [f.period for f in shown],
            head["growth"]: [f.growth_text for f in shown],
            head["change"]: [change(c) if pd.notna(c) else "" for c in frame["change_vs_previous_edition_pct"]],
        }
    )


def resources(page: Page, eds) -> None:
    page.heading("pages.comparison.resources")
    page.table(resources_table(page, eds), "trend-resources", page.plain("trends.resources_caption"))


def resources_table(page: Page, eds) -> pd.DataFrame:
    """Category × year; each category named as the latest edition that has it names it."""
    figs = tr.figures_by_year(eds, RESOURCES)
    frame = tr.resources_frame(eds)
    frame["shown"] = [page.view(figs[(int(r.year), r.id)]).text for r in frame.itertuples()]
    labels = {fid: page.text(f.indicator) for (_, fid), f in sorted(figs.items(), key=lambda item: item[0])}
    wide = frame.pivot_table(index="id", columns="year", values="shown", aggfunc="first", sort=False)
    wide.columns = [page.plain("trends.year_column", column=int(c)) for c in wide.columns]
    wide.index = [labels[i] for i in wide.index]
    return wide.reset_index(names=page.words("trends.resources_headers")["category"])


def chart(page: Page, eds, rows: list[dict]):
    units = page.words("trends.unit_labels")
    cols = 2
    nrows = (len(rows) + cols - 1) // cols
    fig, axes = page.new_figure(height=2.3 * nrows + 1.2, nrows=nrows, ncols=cols, squeeze=False)
    for ax, r in zip(axes.flat, rows):
        points = r["points"]
        years = [y for y, _ in points]
        values = [f.value for _, f in points]
        ax.plot(years, values, marker="o", color=style.BLUE)
        for y, f in points:
            ax.annotate(
                page.view(f).text, (y, f.value), textcoords="offset points", xytext=(0, 6), ha="center", fontsize=8
            )
        ax.set_title(
            page.plain("trends.panel_title", label=r["last"].indicator, unit=units[r["last"].unit]),
            fontsize=10,
            loc="left",
        )
        ax.set_xticks(years, [str(y) for y in years])
        ax.margins(x=0.2, y=0.3)
    for ax in list(axes.flat)[len(rows) :]:
        ax.axis("off")
    # the source is every edition's report the chart draws on, not only this edition's
    years = sorted({int(f) for r in rows for f, _ in r["points"]})
    reports = [e.meta["report"] for e in sorted(eds, key=lambda e: e.year) if e.year in years]
    source = page.plain("trends.source_line", reports=reports, section="4.1")
    page.frame(fig, page.plain("trends.chart_title"), page.plain("trends.chart_subtitle"), source=source)
    return fig
