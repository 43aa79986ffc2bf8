"""Several years: the headline indicators and institution counts across every edition with data."""
from __future__ import annotations

import pandas as pd

from ..render import numbers, style
from .. import paths
from ..data.edition import Edition, record_read
from ..data.validate import DataError
from .zhangjiang import INDICATORS, RESOURCES


def editions(ed: Edition) -> tuple[list[Edition], list[str]]:
    """Every year with valid data under the edition's data root, and a note for each year left out."""
    out, skipped = [], []
    record_read("*")  # which years there are
    for year in paths.available_years(ed.data_root):
        if year == ed.year:
            out.append(ed)
            continue
        record_read(f"{year}/*")  # whether it validates depends on every file of its folder
        try:
            out.append(Edition(year, ed.data_root))
        except DataError as e:
            skipped.append(f"{year}年（数据未通过校验：{e.path.name}）")
    return out, skipped


def indicator_frame(eds: list[Edition]) -> pd.DataFrame:
    """Year × indicator, with the reported growth and the change computed between consecutive editions."""
    rows = []
    for e in eds:
        for f in e.figures(INDICATORS):
            rows.append({"year": e.year, "id": f.id, "indicator": f.indicator, "value": f.value, "unit": f.unit,
                         "qualifier": f.qualifier, "value_as_printed": f.text, "period": f.period,
                         "growth_pct": f.growth_pct, "growth_qualifier": f.growth_qualifier,
                         "growth_as_printed": f.growth_text})
    frame = pd.DataFrame(rows)
    order = {fid: i for i, fid in enumerate(dict.fromkeys(frame["id"]))}
    frame = frame.sort_values(["id", "year"], key=lambda s: s.map(order) if s.name == "id" else s)
    prev = frame.groupby("id")["value"].shift()
    # no rate of change from zero: left empty, and the commentary says why
    frame["change_vs_previous_edition_pct"] = ((frame["value"] / prev.where(prev != 0) - 1) * 100).round(4)
    frame["previous_year"] = frame.groupby("id")["year"].shift()
    frame["previous_value"] = prev
    return frame.reset_index(drop=True)


def resources_frame(eds: list[Edition]) -> pd.DataFrame:
    rows = [{"year": e.year, "id": f.id, "category": f.indicator, "value": f.value, "qualifier": f.qualifier,
             "value_as_printed": f.text} for e in eds for f in e.figures(RESOURCES)]
    return pd.DataFrame(rows)


def paragraphs(ed: Edition, eds: list[Edition], skipped: list[str]) -> list[str]:
    years = [e.year for e in eds]
    out = [f"本书现有{len(years)}个年份的数据：" + "、".join(f"{y}年" for y in years) + f"。本页属于{ed.year}年版，"
           "下列比较对所有版本相同。"]
    if skipped:
        out.append("未纳入比较的年份：" + "；".join(skipped) + "。")
    frame = indicator_frame(eds)
    for _, g in frame.groupby("id", sort=False):
        g = g.sort_values("year")
        first, last = g.iloc[0], g.iloc[-1]
        text = f"{last['indicator']}：{int(first['year'])}年为{first['value_as_printed']}，{int(last['year'])}年为{last['value_as_printed']}"
        change = last["change_vs_previous_edition_pct"]
        if pd.notna(change):
            text += f"，较{int(last['previous_year'])}年版{numbers.change_phrase(change)}"
        elif pd.notna(last["previous_value"]):
            text += f"；{int(last['previous_year'])}年版为零，不计算变化率"
        out.append(text + "（各年统计期可能不同，见下表）。")
    return out


def table(eds: list[Edition]) -> pd.DataFrame:
    frame = indicator_frame(eds)
    return pd.DataFrame({
        "年份": frame["year"].astype(int).astype(str), "指标": frame["indicator"], "数值": frame["value_as_printed"],
        "统计期": frame["period"], "报告的同比增长": frame["growth_as_printed"],
        "较上一版本的变化": [numbers.change_phrase(c) if pd.notna(c) else "" for c in frame["change_vs_previous_edition_pct"]],
    })


def resources_table(eds: list[Edition]) -> pd.DataFrame:
    frame = resources_frame(eds)
    wide = frame.pivot_table(index="category", columns="year", values="value_as_printed", aggfunc="first", sort=False)
    wide.columns = [f"{c}年" for c in wide.columns]
    return wide.reset_index(names="类别")


def chart(ed: Edition, eds: list[Edition]):
    frame = indicator_frame(eds)
    ids = list(dict.fromkeys(frame["id"]))
    cols = 2
    rows = (len(ids) + cols - 1) // cols
    fig, axes = style.new_figure(height=2.3 * rows + 1.2, nrows=rows, ncols=cols, squeeze=False)
    for ax, fid in zip(axes.flat, ids):
        g = frame[frame["id"] == fid].sort_values("year")
        ax.plot(g["year"], g["value"], marker="o", color=style.BLUE)
        for _, r in g.iterrows():
            ax.annotate(r["value_as_printed"], (r["year"], r["value"]), textcoords="offset points", xytext=(0, 6),
                        ha="center", fontsize=8)
        ax.set_title(f"{g['indicator'].iloc[0]}（{g['unit'].iloc[0]}）", fontsize=10, loc="left")
        ax.set_xticks(list(g["year"]), [str(int(y)) for y in g["year"]])
        ax.margins(x=0.2, y=0.3)
    for ax in list(axes.flat)[len(ids):]:
        ax.axis("off")
    style.frame(fig, "张江示范区主要经济指标的年度比较", "各版本报告的数值（统计期见表）", ed.source_line("4.1"))
    return fig


def alt(eds: list[Edition]) -> str:
    frame = indicator_frame(eds)
    return "折线小图：" + "；".join(
        f"{ind}" + "，".join(f"{int(r.year)}年{r.value_as_printed}" for r in g.itertuples())
        for ind, g in frame.groupby("indicator", sort=False)) + "。"
