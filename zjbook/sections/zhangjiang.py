"""Section 4.1, the Zhangjiang demonstration zone: headline indicators and their commentary."""
from __future__ import annotations

import math

import pandas as pd

from ..render import numbers, style
from ..data.edition import Edition, Figure, items

INDICATORS = "zhangjiang_indicators.csv"
STRUCTURE = "zhangjiang_structure.csv"


def scope_note(ed: Edition) -> str:
    """The caveat on what the headline indicators leave out (the newly added sub-parks)."""
    if not ed.has(STRUCTURE):
        return ""
    new = [f for f in ed.figures(STRUCTURE) if f.id == "zj_new_subparks"]
    return f"不含年内新纳入的{new[0].text}分园" if new else ""


def indicator_table(ed: Edition) -> pd.DataFrame:
    rows = ed.figures(INDICATORS)
    return pd.DataFrame({
        "指标": [f.indicator for f in rows],
        "数值": [f.text for f in rows],
        "同比增长": [f.growth_text for f in rows],
        "统计期": [f.period for f in rows],
        "口径说明": [scope_note(ed) or (f.note or "") for f in rows],
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
        "value_as_printed": [f.text for f in rows],
        "growth_pct": [f.growth_pct for f in rows],
        "period_start": [f.period_start for f in rows],
        "period_end": [f.period_end for f in rows],
        "section": [f.section for f in rows],
        "heading": [f.heading for f in rows],
    })


def _growth_ranking(rows: list[Figure]) -> list[Figure]:
    with_growth = [f for f in rows if f.has_growth]
    return sorted(with_growth, key=lambda f: (-f.growth_pct, f.indicator))


def _period(rows: list[Figure]) -> str:
    """The period of the indicators: the first one any of them states ('' if none does)."""
    return next((f.period for f in rows if f.period), "")


def growth_note(ed: Edition) -> str:
    """What the chart cannot show because the data gives no growth rate for it ('' when every rate is there)."""
    rows = ed.figures(INDICATORS)
    missing = [f.indicator for f in rows if not f.has_growth]
    if not missing:
        return ""
    if len(missing) == len(rows):
        return "本版次的数据没有给出各指标的同比增长，图中只显示规模。"
    return f"本版次的数据没有给出{'、'.join(missing)}的同比增长，图中这{'项' if len(missing) == 1 else '几项'}只显示规模。"


def headline_paragraphs(ed: Edition) -> list[str]:
    """Commentary on the headline indicators, computed from the data so it stays true when they change."""
    rows = ed.figures(INDICATORS)
    period = _period(rows)
    parts = [f"{f.indicator}{f.text}" + (f"，同比{f.growth_phrase}" if f.has_growth else "") for f in rows]
    note = scope_note(ed)
    first = f"{period}，张江示范区" if period else "张江示范区"
    first += "的主要经济指标为：" + "；".join(parts) + "。"
    if note:
        first += f"以上数据{note}。"
    first += growth_note(ed)
    paragraphs = [first]

    ranked = _growth_ranking(rows)
    if len(ranked) >= 2:
        top, bottom = ranked[0], ranked[-1]
        rising = [f for f in ranked if numbers.growth_sign(f.growth_pct) > 0]
        falling = [f for f in ranked if numbers.growth_sign(f.growth_pct) < 0]
        if top.growth_phrase == bottom.growth_phrase:
            second = f"{len(ranked)}项指标的增速相同，均为{top.growth_phrase}。"
        else:
            second = f"从增速看，{top.indicator}最高（{top.growth_phrase}），{bottom.indicator}最低（{bottom.growth_phrase}），两者相差{numbers.points(top.growth_pct - bottom.growth_pct)}。"
        flat = len(ranked) - len(rising) - len(falling)
        if falling and rising:
            second += f"{len(rising)}项指标上升，{len(falling)}项下降（{'、'.join(f.indicator for f in falling)}）"
            second += f"，{flat}项基本持平。" if flat else "。"
        elif len(falling) == len(ranked):
            second += f"{len(ranked)}项指标全部下降。"
        elif len(rising) == len(ranked):
            second += f"{len(ranked)}项指标全部保持增长。"
        elif rising:
            second += f"{len(rising)}项指标上升，{flat}项基本持平。"
        elif falling:
            second += f"{len(falling)}项指标下降，{flat}项基本持平。"
        else:
            second += f"{len(ranked)}项指标均与上年基本持平。"
        paragraphs.append(second)

    by_unit: dict[str, list[Figure]] = {}
    for f in rows:
        by_unit.setdefault(f.unit, []).append(f)
    for unit, group in by_unit.items():
        group = sorted(group, key=lambda f: -f.value)
        big = group[0]
        others = group[1:] if big.value > 0 else []
        if others:
            shares = "，".join(f"{f.indicator}相当于{big.indicator}的{numbers.share(100 * f.value / big.value)}"
                              if f.value else f"{f.indicator}为零" for f in others)
            paragraphs.append(f"从规模看，在以{unit}计的{len(group)}项指标中，{big.indicator}最大；{shares}。")
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
    labels = [f"{f.indicator}\n{f.text}" for f in rows]
    values = [f.growth_pct if f.has_growth else 0.0 for f in rows]
    colours = [style.BLUE if v >= 0 else style.RED for v in values]
    bars = ax.barh(labels, values, color=colours, height=0.6)
    span = max(abs(v) for v in values) or 1
    for bar, f in zip(bars, rows):
        x = bar.get_width()
        ax.text(x + (0.02 * span if x >= 0 else -0.02 * span), bar.get_y() + bar.get_height() / 2,
                f.growth_text or "未给出增速", va="center", ha="left" if x >= 0 else "right", fontsize=10,
                color=style.TEXT if f.has_growth else style.GREY)
    ax.axvline(0, color=style.GREY, linewidth=0.8)
    ax.set_xlim(min(0, min(values)) * 1.3, max(0, max(values)) * 1.2 + 0.05 * span)
    ax.set_xlabel("同比增长（%）")
    ax.tick_params(axis="y", length=0)
    period = _period(rows)
    what = "条形为同比增速，左侧标注各指标规模" if any(f.has_growth for f in rows) else "数据未给出同比增速，只标注各指标规模"
    style.frame(fig, "张江示范区主要经济指标及其同比增长",
                (f"{period}；" if period else "") + what + (f"（{scope_note(ed)}）" if scope_note(ed) else ""),
                ed.source_line("4.1"))
    return fig


def indicator_alt(ed: Edition) -> str:
    rows = _chart_order(ed)
    return (f"条形图：张江示范区{_period(rows)}主要经济指标的同比增长。"
            + "；".join(f"{f.indicator}{f.text}，{f.growth_phrase or '未给出同比增长'}" for f in rows) + "。")


def indicator_caption(ed: Edition) -> str:
    period = _period(ed.figures(INDICATORS))
    return f"张江示范区主要经济指标及同比增长（{period}）" if period else "张江示范区主要经济指标及同比增长"


# --- position of the zone ----------------------------------------------------------------

def position_paragraphs(ed: Edition) -> list[str]:
    """Where the zone stood this year: its plan, its role, its parks and districts."""
    out = []
    plan, park, centre = ed.fact("zj_plan"), ed.fact("zj_role_park"), ed.fact("zj_role_centre")
    if plan:
        text = f"{ed.year}年，张江示范区的工作依据是{plan}。"
        roles = [r for r in (park, centre) if r]
        if roles:
            text += "对示范区而言，这一年有双重意义：既是" + "，也是".join(roles) + "。"
        out.append(text)
    structure = {f.id: f for f in ed.figures(STRUCTURE)} if ed.has(STRUCTURE) else {}
    if {"zj_subparks", "zj_districts_covered"} <= set(structure):
        layout, spatial, status = ed.fact("zj_layout"), ed.fact("zj_spatial"), ed.fact("zj_spatial_status")
        sub, dist = structure["zj_subparks"], structure["zj_districts_covered"]
        text = f"园区格局扩展为“{layout}”，" if layout else "示范区"
        text += f"共有{sub.text}分园，覆盖全市{dist.text}区县"
        text += f"；“{spatial}”的空间布局{status or '已经形成'}。" if spatial else "。"
        if "zj_new_subparks" in structure:
            text += f"其中{structure['zj_new_subparks'].text}分园为新纳入，其数据未计入下文的主要经济指标。"
        out.append(text)
    leaps = items(ed.fact("zj_leaps"))
    if leaps:
        out.append(f"报告认为，示范区本年在{len(leaps)}个方面实现了跨越式发展：" + "、".join(leaps) + "。")
    return out


# --- innovation resources ------------------------------------------------------------------

RESOURCES = "zhangjiang_resources.csv"


def resources_sorted(ed: Edition) -> list[Figure]:
    return sorted(ed.figures(RESOURCES), key=lambda f: (-f.value, f.indicator))


def resources_paragraphs(ed: Edition) -> list[str]:
    rows = resources_sorted(ed)
    if not rows:
        return []
    first, second, last = rows[0], rows[1] if len(rows) > 1 else None, rows[-1]
    text = f"报告以信息图列出了示范区拥有的{len(rows)}类国家级创新机构与企业。"
    text += f"数量最多的是{first.indicator}（{first.text}）"
    if second and second.value > 0:
        lower_bound = second.qualifier in ("more_than", "upwards_of")
        ratio = first.value / second.value
        # "321多" (made up): the true count is above 321, so the ratio is below this one: round it up, never down
        text += (f"，其次是{second.indicator}（{second.text}），前者{'不到' if lower_bound else '约为'}后者的"
                 f"{numbers.times(math.ceil(ratio * 10) / 10 if lower_bound else ratio)}")
    elif second:
        text += f"，其次是{second.indicator}（{second.text}）"
    if last is not first:
        text += f"；最少的是{last.indicator}（{last.text}）"
    text += "。"
    approx = [f for f in rows if f.qualifier != "exact"]
    if approx:
        text += "其中" + "、".join(f"{f.indicator}的数量为“{f.text}”" for f in approx) + "，报告只给出下限，本书照录其限定词。"
    undated = {f.note for f in rows if f.note and not f.period_end}
    out = [text]
    if undated:
        out.append("注：" + "；".join(sorted(undated)) + "，本书将其视为本年度的情况。")
    return out


def resources_table(ed: Edition) -> pd.DataFrame:
    rows = resources_sorted(ed)
    return pd.DataFrame({"类别": [f.indicator for f in rows], "数量": [f.text for f in rows]})


def resources_data(ed: Edition) -> pd.DataFrame:
    rows = resources_sorted(ed)
    return pd.DataFrame({
        "id": [f.id for f in rows], "category": [f.indicator for f in rows], "value": [f.value for f in rows],
        "unit": [f.unit for f in rows], "qualifier": [f.qualifier for f in rows],
        "value_as_printed": [f.text for f in rows], "section": [f.section for f in rows],
        "heading": [f.heading for f in rows],
    })


def resources_chart(ed: Edition):
    rows = resources_sorted(ed)[::-1]
    fig, ax = style.new_figure(height=0.42 * len(rows) + 1.6)
    values = [f.value for f in rows]
    bars = ax.barh([f.indicator for f in rows], values, color=style.TEAL, height=0.62)
    top = max(values) or 1
    for bar, f in zip(bars, rows):
        ax.text(bar.get_width() + top * 0.01, bar.get_y() + bar.get_height() / 2, f.text,
                va="center", ha="left", fontsize=9.5, color=style.TEXT)
    ax.set_xlim(0, top * 1.15)
    ax.set_xlabel("数量（家）")
    ax.tick_params(axis="y", length=0)
    style.frame(fig, "张江示范区的国家级创新资源", "按类别的机构或企业数量；“多”表示报告只给出下限", ed.source_line("4.1"))
    return fig


def resources_alt(ed: Edition) -> str:
    return "条形图：张江示范区各类国家级创新资源的数量，从多到少依次为" + "，".join(
        f"{f.indicator}{f.text}" for f in resources_sorted(ed)) + "。"


# --- the year's themes ---------------------------------------------------------------------

def theme_cards(ed: Edition, subject: str = "张江示范区") -> list[tuple[str, str, list[str]]]:
    """(title, summary, measures) for each theme of ``subject``, in the report's order."""
    measures: dict[str, list[tuple[int, str]]] = {}
    for m in ed.rows("theme_measures.csv"):
        measures.setdefault(m["theme_id"], []).append((m["order"], m["measure"]))
    cards = []
    for t in sorted((t for t in ed.rows("themes.csv") if t["subject"] == subject), key=lambda t: t["order"]):
        title = t["title"] + (f"（{t['slogan']}）" if t["slogan"] and t["slogan"] not in t["title"] else "")
        cards.append((title, t["summary"], [m for _, m in sorted(measures.get(t["theme_id"], []))]))
    return cards


def themes_intro(ed: Edition, subject: str = "张江示范区") -> str:
    cards = theme_cards(ed, subject)
    n_measures = sum(len(c[2]) for c in cards)
    four_new = items(ed.fact("zj_four_new"))
    text = f"报告把示范区本年的工作归纳为{len(cards)}个主题，本书从中整理出{n_measures}项点名的举措。"
    if four_new:
        text += "文中反复出现的“四新”，指" + "、".join(four_new) + "。"
    return text
