"""Section 4.1, the Zizhu National High-tech Zone: key figures, patents, arrivals and a timeline of the year."""
from __future__ import annotations

import datetime as dt

import pandas as pd
from matplotlib.patches import FancyBboxPatch

from ..render import numbers, style
from ..data.edition import Edition, Figure, items

FIGURES = "zizhu_figures.csv"
ITEMS = "zizhu_items.csv"
EVENTS = "events.csv"


def _figs(ed: Edition) -> dict[str, Figure]:
    """The zone's own figures (an event's attendance belongs to the event, not here)."""
    return {f.id: f for f in ed.figures(FIGURES) if f.basis != "event"} if ed.has(FIGURES) else {}


def invention_share(ed: Edition) -> float | None:
    """Invention patents as a percentage of all patents granted, computed from the data."""
    f = _figs(ed)
    if {"zz_patents", "zz_invention_patents"} <= set(f) and f["zz_patents"].value > 0:
        return 100 * f["zz_invention_patents"].value / f["zz_patents"].value
    return None


def key_paragraphs(ed: Edition) -> list[str]:
    f = _figs(ed)
    out = []
    district = ed.fact("zz_district")
    stock = [x for x in (f.get("zz_enterprises"), f.get("zz_contract_fdi"), f.get("zz_patents")) if x]
    if stock:
        period = stock[0].period
        parts = []
        for x in stock:
            prefix = "累计" if x.basis == "cumulative" else ""
            if x.id == "zz_contract_fdi":
                parts.append(f"{prefix}吸引合同外资{x.text}")
            elif x.id == "zz_patents":
                text = f"{prefix}获得专利授权{x.text}"
                inv = f.get("zz_invention_patents")
                if inv and invention_share(ed) is not None:
                    text += f"，其中发明专利{inv.text}，占{numbers.share(invention_share(ed))}"
                parts.append(text)
            else:
                parts.append(f"{x.indicator}{x.text}")
        lead = f"紫竹国家高新技术产业开发区（简称紫竹高新区）位于{district}。" if district else ""
        out.append(lead + (f"{period}，" if period else "") + "高新区" + "；".join(parts) + "。")
    rev = f.get("zz_revenue")
    if rev:
        text = (f"{rev.period}，" if rev.period else "") + f"高新区实现{rev.indicator}{rev.text}"
        text += f"，同比{rev.growth_phrase}。" if rev.has_growth else "。"
        if rev.qualifier != "exact" or (rev.has_growth and rev.growth_qualifier != "exact"):
            text += "报告对这两个数字都只给出约数。" if rev.growth_qualifier != "exact" else "报告对收入只给出约数。"
        out.append(text)
    return out


def strategy_paragraph(ed: Edition) -> str:
    goal, means, focus = items(ed.fact("zz_goal")), items(ed.fact("zz_means")), items(ed.fact("zz_focus"))
    text = ""
    if goal:
        text += "高新区给自己定下的角色是" + "、".join(goal) + "。"
    if means:
        text += "为此，它" + "，".join(means) + "。"
    if focus:
        text += f"招商时重点吸引{len(focus)}类主体：" + "、".join(focus) + "。"
    return text


def items_of(ed: Edition, kind: str) -> list[dict]:
    return [r for r in ed.rows(ITEMS) if r["kind"] == kind]


def designation_paragraph(ed: Edition) -> str:
    d = items_of(ed, "designation")
    if not d:
        return ""
    return f"年内，高新区获批{len(d)}项国家级称号：" + "；".join(f"“{r['name']}”" for r in d) + "。"


def arrivals_lines(ed: Edition) -> list[str]:
    return [f"{r['name']}：{r['action']}" for r in items_of(ed, "arrival")]


def partners_paragraph(ed: Edition) -> str:
    partners = items_of(ed, "partner")
    joint = items_of(ed, "joint_centre")
    text = ""
    if partners:
        text += f"高新区与{len(partners)}家单位签订了战略合作协议：" + "、".join(r["name"] for r in partners) + "。"
    for r in joint:
        text += "、".join(items(r["name"])) + f"在高新区{r['action']}。"
    return text


# --- figures -------------------------------------------------------------------------------

def key_figures_chart(ed: Edition):
    """Four key numbers as tiles above a bar that splits patents into invention and other."""
    f = _figs(ed)
    tiles = [x for x in (f.get("zz_enterprises"), f.get("zz_contract_fdi"), f.get("zz_revenue")) if x]
    fig = style.blank_figure(height=3.6)
    grid = fig.add_gridspec(2, max(len(tiles), 1), height_ratios=[1.1, 1])
    for i, x in enumerate(tiles):
        ax = fig.add_subplot(grid[0, i])
        ax.axis("off")
        ax.add_patch(FancyBboxPatch((0.03, 0.05), 0.94, 0.9, boxstyle="round,pad=0.01", color=style.LIGHT,
                                    transform=ax.transAxes))
        ax.text(0.5, 0.6, x.text, ha="center", va="center", fontsize=17, fontweight="bold", color=style.BLUE)
        label = ("累计" if x.basis == "cumulative" else "") + x.indicator
        if x.has_growth:
            label += f"（同比{x.growth_phrase}）"
        ax.text(0.5, 0.25, label, ha="center", va="center", fontsize=9.5, color=style.TEXT)
    ax = fig.add_subplot(grid[1, :])
    has_patents = {"zz_patents", "zz_invention_patents"} <= set(f)
    if invention_share(ed) is None:
        ax.axis("off")
        why = "专利授权为零" if has_patents else "本版次的数据没有给出专利授权及其中的发明专利"
        ax.text(0.5, 0.5, f"{why}，不绘制专利构成。", ha="center", va="center",
                fontsize=10, color=style.GREY, transform=ax.transAxes)
        below = "下方说明专利构成为何从略"
    else:
        below = "下方条形为累计专利授权中发明专利与其他专利的构成"
        total, inv = f["zz_patents"], f["zz_invention_patents"]
        other = total.value - inv.value
        ax.barh([0], [inv.value], color=style.BLUE, height=0.5)
        ax.barh([0], [other], left=[inv.value], color=style.ORANGE, height=0.5)
        share = invention_share(ed)
        ax.text(inv.value / 2, 0, f"发明专利 {inv.text}（{numbers.share(share)}）", ha="center", va="center",
                color="white", fontsize=10)
        ax.text(inv.value + other / 2, 0.42, f"其他 {numbers.amount(other, total.unit)}", ha="center",
                va="bottom", color=style.TEXT, fontsize=9)
        ax.set_xlim(0, total.value)
        ax.set_yticks([])
        ax.set_xlabel(f"累计专利授权 {total.text}（件）")
        ax.spines["left"].set_visible(False)
    period = next((x.period for x in tiles if x.period), "")
    style.frame(fig, "紫竹高新区主要数据与专利构成", (f"{period}；" if period else "") + below,
                ed.source_line("4.1"))
    return fig


def key_figures_data(ed: Edition) -> pd.DataFrame:
    rows = list(_figs(ed).values())
    return pd.DataFrame({
        "id": [x.id for x in rows], "indicator": [x.indicator for x in rows], "value": [x.value for x in rows],
        "unit": [x.unit for x in rows], "qualifier": [x.qualifier for x in rows],
        "value_as_printed": [x.text for x in rows], "growth_pct": [x.growth_pct for x in rows],
        "basis": [x.basis for x in rows], "period_start": [x.period_start for x in rows],
        "period_end": [x.period_end for x in rows], "part_of": [x.part_of for x in rows],
    })


def key_figures_alt(ed: Edition) -> str:
    f = _figs(ed)
    parts = [f"{x.indicator}{x.text}" for x in f.values()]
    share = invention_share(ed)
    tail = f"，发明专利占专利授权的{numbers.share(share)}" if share is not None else ""
    return "数字卡片与条形图：紫竹高新区" + "，".join(parts) + tail + "。"


def key_figures_table(ed: Edition) -> pd.DataFrame:
    rows = [x for x in _figs(ed).values()]
    return pd.DataFrame({
        "指标": [("累计" if x.basis == "cumulative" else "") + x.indicator for x in rows],
        "数值": [x.text for x in rows],
        "同比增长": [x.growth_text for x in rows],
        "统计期": [x.period for x in rows],
    })


def events(ed: Edition) -> list[dict]:
    return sorted((e for e in ed.rows(EVENTS) if e["subject"] == "紫竹高新区"), key=lambda e: e["date"])


def _date(s: str) -> dt.date:
    return dt.date.fromisoformat(s)


def date_label(s: str) -> str:
    d = _date(s)
    return f"{d.year}年{d.month}月{d.day}日"


def timeline_chart(ed: Edition):
    evs = events(ed)
    fig, ax = style.new_figure(height=3.2)
    year = _date(evs[0]["date"]).year
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    ax.plot([start, end], [0, 0], color=style.GREY, linewidth=1.2)
    for m in range(1, 13):
        ax.plot([dt.date(year, m, 1)] * 2, [-0.04, 0.04], color=style.GREY, linewidth=0.8)
    ax.set_xticks([dt.date(year, m, 1) for m in range(1, 13)], [f"{m}月" for m in range(1, 13)])
    for i, e in enumerate(evs):
        d = _date(e["date"])
        h = 1.0 - 0.35 * (i % 3)
        ax.plot([d, d], [0, h], color=style.BLUE, linewidth=1)
        ax.plot([d], [0], "o", color=style.BLUE, markersize=6)
        ax.text(d, h + 0.03, f"{d.month}月{d.day}日  {e['title']}", ha="left" if d.month < 7 else "right",
                va="bottom", fontsize=9, color=style.TEXT)
    ax.set_ylim(-0.15, 1.35)
    ax.set_xlim(start, end)
    ax.set_yticks([])
    ax.spines["left"].set_visible(False)
    ax.spines["bottom"].set_visible(False)
    style.frame(fig, f"紫竹高新区{year}年大事", "报告给出确切日期的事件", ed.source_line("4.1"))
    return fig


def timeline_data(ed: Edition) -> pd.DataFrame:
    evs = events(ed)
    return pd.DataFrame({
        "event_id": [e["event_id"] for e in evs], "date": [e["date"] for e in evs],
        "title": [e["title"] for e in evs], "organisers": [e["organisers"] for e in evs],
        "figure_id": [e["figure_id"] for e in evs], "heading": [e["heading"] for e in evs],
    })


def timeline_alt(ed: Edition) -> str:
    return "时间线：" + "；".join(f"{date_label(e['date'])}，{e['title']}" for e in events(ed)) + "。"


def event_cards(ed: Edition) -> list[tuple[str, list[str], list[str]]]:
    """(title, paragraphs, points) for each dated event, with its figure (e.g. attendance) if any."""
    cards = []
    for e in events(ed):
        body = [date_label(e["date"]) + "。"]
        if e["organisers"]:
            body[0] += "参与或主办：" + "、".join(items(e["organisers"])) + "。"
        if e["figure_id"]:
            fig = ed.figure(e["figure_id"])
            body.append(f"到会人数：{fig.text}。")
        cards.append((e["title"], body, items(e["detail"])))
    return cards
