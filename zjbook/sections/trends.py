"""Several years: the headline indicators and institution counts across every edition with data.

What is compared (which years, which indicators, the change between consecutive editions) is decided
here; how it is said is in ``zjbook/wording/<lang>/trends.toml``. Every edition is loaded in the page's
language, so each year's values and names read as that year's data says them in that language."""
from __future__ import annotations

import pandas as pd

from ..render import style
from .. import paths
from ..data.edition import Edition, record_read
from ..data.validate import DataError
from .zhangjiang import INDICATORS, RESOURCES


def editions(ed: Edition) -> tuple[list[Edition], list[tuple[int, str]]]:
    """Every year with valid data under the edition's data root, in the page's language, and
    (year, the file that failed validation) for each year left out."""
    out, skipped = [], []
    record_read("*")  # which years there are
    for year in paths.available_years(ed.data_root):
        if year == ed.year:
            out.append(ed)
            continue
        record_read(f"{year}/*")  # whether it validates depends on every file of its folder
        try:
            out.append(Edition(year, ed.data_root, lang=ed.lang))
        except DataError as e:
            skipped.append((year, e.path.name))
    return out, skipped


def _frame(eds: list[Edition]) -> pd.DataFrame:
    """Year × indicator, with the indicator's name in the page's language (``label``)."""
    rows = []
    for e in eds:
        for f in e.figures(INDICATORS):
            rows.append({"year": e.year, "id": f.id, "indicator": f.indicator, "value": f.value, "unit": f.unit,
                         "qualifier": f.qualifier, "value_as_printed": f.text, "period": f.period,
                         "growth_pct": f.growth_pct, "growth_qualifier": f.growth_qualifier,
                         "growth_as_printed": f.growth_text, "label": f.label})
    frame = pd.DataFrame(rows)
    order = {fid: i for i, fid in enumerate(dict.fromkeys(frame["id"]))}
    frame = frame.sort_values(["id", "year"], key=lambda s: s.map(order) if s.name == "id" else s)
    prev = frame.groupby("id")["value"].shift()
    # no rate of change from zero: left empty, and the commentary says why
    frame["change_vs_previous_edition_pct"] = ((frame["value"] / prev.where(prev != 0) - 1) * 100).round(4)
    frame["previous_year"] = frame.groupby("id")["year"].shift()
    frame["previous_value"] = prev
    return frame.reset_index(drop=True)


def indicator_frame(eds: list[Edition]) -> pd.DataFrame:
    """Year × indicator, with the reported growth and the change computed between consecutive editions
    (the figure's data: indicators as the data stores them, values as the page prints them)."""
    return _frame(eds).drop(columns="label")


def resources_frame(eds: list[Edition]) -> pd.DataFrame:
    rows = [{"year": e.year, "id": f.id, "category": f.indicator, "value": f.value, "qualifier": f.qualifier,
             "value_as_printed": f.text} for e in eds for f in e.figures(RESOURCES)]
    return pd.DataFrame(rows)


def paragraphs(ed: Edition, eds: list[Edition], skipped: list[tuple[int, str]]) -> list[str]:
    out = [ed.say("trends.years", years=[e.year for e in eds])]
    if skipped:
        out.append(ed.say("trends.skipped", skipped=skipped))
    frame = _frame(eds)
    for _, g in frame.groupby("id", sort=False):
        g = g.sort_values("year")
        first, last = g.iloc[0], g.iloc[-1]
        change = last["change_vs_previous_edition_pct"]
        out.append(ed.say(
            "trends.indicator", label=last["label"], several=len(g) > 1,
            first_year=int(first["year"]), first_value=first["value_as_printed"],
            last_year=int(last["year"]), last_value=last["value_as_printed"],
            previous_year=int(last["previous_year"]) if pd.notna(last["previous_year"]) else None,
            change=ed.words.numbers.change_phrase(change) if pd.notna(change) else None,
            from_zero=pd.isna(change) and pd.notna(last["previous_value"])))
    return out


def table(ed: Edition, eds: list[Edition]) -> pd.DataFrame:
    frame = _frame(eds)
    head = ed.words.words("trends.table_headers")
    change = ed.words.numbers.change_phrase
    return pd.DataFrame({
        head["year"]: frame["year"].astype(int).astype(str), head["indicator"]: frame["label"],
        head["value"]: frame["value_as_printed"], head["period"]: frame["period"],
        head["growth"]: frame["growth_as_printed"],
        head["change"]: [change(c) if pd.notna(c) else "" for c in frame["change_vs_previous_edition_pct"]],
    })


def resources_table(ed: Edition, eds: list[Edition]) -> pd.DataFrame:
    """Category × year; each category named as the latest edition that has it names it."""
    frame = resources_frame(eds)
    labels = {f.id: f.label for e in eds for f in e.figures(RESOURCES)}
    wide = frame.pivot_table(index="id", columns="year", values="value_as_printed", aggfunc="first", sort=False)
    wide.columns = [ed.say("trends.year_column", column=int(c)) for c in wide.columns]
    wide.index = [labels[i] for i in wide.index]
    return wide.reset_index(names=ed.words.words("trends.resources_headers")["category"])


def chart(ed: Edition, eds: list[Edition]):
    frame = _frame(eds)
    ids = list(dict.fromkeys(frame["id"]))
    units = ed.words.words("trends.unit_labels")
    cols = 2
    rows = (len(ids) + cols - 1) // cols
    fig, axes = style.new_figure(height=2.3 * rows + 1.2, nrows=rows, ncols=cols, squeeze=False)
    for ax, fid in zip(axes.flat, ids):
        g = frame[frame["id"] == fid].sort_values("year")
        ax.plot(g["year"], g["value"], marker="o", color=style.BLUE)
        for _, r in g.iterrows():
            ax.annotate(r["value_as_printed"], (r["year"], r["value"]), textcoords="offset points", xytext=(0, 6),
                        ha="center", fontsize=8)
        ax.set_title(ed.say("trends.panel_title", label=g["label"].iloc[-1], unit=units[g["unit"].iloc[-1]]),
                     fontsize=10, loc="left")
        ax.set_xticks(list(g["year"]), [str(int(y)) for y in g["year"]])
        ax.margins(x=0.2, y=0.3)
    for ax in list(axes.flat)[len(ids):]:
        ax.axis("off")
    style.frame(fig, ed.say("trends.chart_title"), ed.say("trends.chart_subtitle"), ed.source_line("4.1"))
    return fig


def alt(ed: Edition, eds: list[Edition]) -> str:
    frame = _frame(eds)
    panels = [{"label": g["label"].iloc[-1], "points": [(int(r.year), r.value_as_printed) for r in g.itertuples()]}
              for _, g in frame.groupby("id", sort=False)]
    return ed.say("trends.alt", panels=panels)
