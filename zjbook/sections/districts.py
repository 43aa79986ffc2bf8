"""Section 4.2, the districts: who appears in which theme, the case boxes, collaboration, industries."""
from __future__ import annotations

import re
from collections import Counter

import matplotlib.patches as mpatches
import pandas as pd
import seaborn as sns

from ..render import style
from ..data.edition import Edition, items
from ..data.reporttext import number_pattern, read_number

CASE_COLUMN = "专栏案例"


# --- the 17 units --------------------------------------------------------------------------

def units(ed: Edition) -> list[dict]:
    return ed.rows("districts.csv")


def district_themes(ed: Edition) -> list[dict]:
    """The 4.2 themes (subject 区县) in the report's order."""
    return sorted((t for t in ed.rows("themes.csv") if t["subject"] == "区县"), key=lambda t: t["order"])


def presence(ed: Edition) -> pd.DataFrame:
    """District × theme: how many named measures each district has in each theme, plus its case boxes."""
    names = [u["district"] for u in units(ed)]
    themes = district_themes(ed)
    titles = {t["theme_id"]: t["title"] for t in themes}
    counts = Counter((a["district"], titles[a["theme_id"]]) for a in ed.rows("district_actions.csv")
                     if a["theme_id"] in titles)
    counts.update((c["district"], CASE_COLUMN) for c in ed.rows("cases.csv"))
    columns = [t["title"] for t in themes] + [CASE_COLUMN]
    return pd.DataFrame([[counts[(n, c)] for c in columns] for n in names], index=names, columns=columns, dtype=int)


def overview_paragraphs(ed: Edition) -> list[str]:
    us = units(ed)
    kinds = Counter(u["kind"] for u in us)
    p = presence(ed)
    seen = p[(p > 0).any(axis=1)]
    themes = district_themes(ed)
    text = f"{ed.year}年，上海共有{len(us)}个区县级行政单位（" + "、".join(f"{n}个{k}" for k, n in kinds.items()) + "）。"
    text += f"报告 4.2 节在正文的{len(themes)}个主题和{int(p[CASE_COLUMN].sum())}个专栏案例中，点到了其中的{len(seen)}个"
    text += "，即全部区县。" if len(seen) == len(us) else "。"
    out = [text]
    theme_cols = [c for c in p.columns if c != CASE_COLUMN]
    breadth = (p[theme_cols] > 0).sum(axis=1)
    if len(breadth) and breadth.max() > 0:
        top = breadth[breadth == breadth.max()].index.tolist()
        out.append(f"正文中涉及主题最多的是{'、'.join(top)}，各出现在{int(breadth.max())}个主题中；"
                   + f"另有{int((breadth == 0).sum())}个区县只出现在专栏案例里"
                   + (f"（{'、'.join(breadth[breadth == 0].index)}）。" if (breadth == 0).any() else "。"))
    by_theme = "；".join(f"{c}涉及{int((p[c] > 0).sum())}个区县" for c in theme_cols)
    if by_theme:
        out.append(f"按主题看，{by_theme}。")
    later = [u for u in us if u["later_change"]]
    if later:
        out.append("本书沿用报告年份的区划。此后的变化（不属于报告内容）：" + "；".join(
            f"{u['district']}，{u['later_change'].replace('（报告之外的后续变化）', '')}" for u in later) + "。")
    return out


def units_table(ed: Edition) -> pd.DataFrame:
    p = presence(ed)
    us = units(ed)
    theme_cols = [c for c in p.columns if c != CASE_COLUMN]
    return pd.DataFrame({
        "区县": [u["district"] for u in us],
        "类型": [u["zone_type"] for u in us],
        "出现的主题": ["、".join(c for c in theme_cols if p.loc[u["district"], c] > 0) or "—" for u in us],
        "专栏案例": ["、".join(c["title"] for c in ed.rows("cases.csv") if c["district"] == u["district"]) or "—" for u in us],
        "此后的区划变化": [(u["later_change"] or "").replace("（报告之外的后续变化）", "") or "—" for u in us],
    })


# --- figures: tile map, matrix, network ----------------------------------------------------

def tile_map(ed: Edition):
    """A schematic grid of the units, shaded by the number of themes each appears in; ★ marks a case box."""
    us = units(ed)
    p = presence(ed)
    theme_cols = [c for c in p.columns if c != CASE_COLUMN]
    breadth = (p[theme_cols] > 0).sum(axis=1)
    shades = sns.light_palette(style.BLUE, n_colors=len(theme_cols) + 1)
    rows = max(u["tile_row"] for u in us) + 1
    cols = max(u["tile_col"] for u in us) + 1
    fig, ax = style.new_figure(height=5.2)
    for u in us:
        n = int(breadth[u["district"]])
        x, y = u["tile_col"], rows - 1 - u["tile_row"]
        ax.add_patch(mpatches.FancyBboxPatch((x + 0.05, y + 0.05), 0.9, 0.9, boxstyle="round,pad=0.0,rounding_size=0.08",
                                             facecolor=shades[n], edgecolor="white", linewidth=1.5))
        colour = "white" if n >= (len(theme_cols) + 1) / 2 else style.TEXT
        ax.text(x + 0.5, y + 0.58, u["short_name"], ha="center", va="center", fontsize=11, fontweight="bold", color=colour)
        mark = "★ " if p.loc[u["district"], CASE_COLUMN] else ""
        ax.text(x + 0.5, y + 0.28, f"{mark}{n}个主题", ha="center", va="center", fontsize=8, color=colour)
    ax.set_xlim(-0.1, cols + 0.1)
    ax.set_ylim(-0.1, rows + 0.1)
    ax.set_aspect("equal")
    ax.axis("off")
    handles = [mpatches.Patch(color=shades[n], label=f"{n}个主题") for n in range(len(theme_cols) + 1)]
    ax.legend(handles=handles, loc="lower right", frameon=False, fontsize=8, title="正文中出现的主题数", title_fontsize=8)
    style.frame(fig, f"{ed.year}年上海{len(us)}个区县在 4.2 节中的分布",
                "示意瓦片地图（方块位置示意地理方位，不表示面积）；颜色为出现的主题数，★ 表示有专栏案例", ed.source_line("4.2"))
    return fig


def tile_data(ed: Edition) -> pd.DataFrame:
    p = presence(ed)
    theme_cols = [c for c in p.columns if c != CASE_COLUMN]
    us = units(ed)
    return pd.DataFrame({
        "district": [u["district"] for u in us], "tile_row": [u["tile_row"] for u in us],
        "tile_col": [u["tile_col"] for u in us],
        "themes": [int((p.loc[u["district"], theme_cols] > 0).sum()) for u in us],
        "cases": [int(p.loc[u["district"], CASE_COLUMN]) for u in us],
    })


def tile_alt(ed: Edition) -> str:
    d = tile_data(ed)
    return (f"示意瓦片地图：上海{len(d)}个区县按地理方位排列，颜色表示在 4.2 节正文中出现的主题数。"
            + "；".join(f"{r.district}{r.themes}个主题" + ("，有专栏案例" if r.cases else "") for r in d.itertuples()) + "。")


def matrix_chart(ed: Edition):
    p = presence(ed)
    order = p.assign(_n=(p > 0).sum(axis=1), _t=p.sum(axis=1)).sort_values(["_n", "_t"], ascending=False).index
    p = p.loc[order]
    fig, ax = style.new_figure(height=0.32 * len(p) + 1.8)
    cmap = sns.light_palette(style.BLUE, as_cmap=True)
    sns.heatmap(p, ax=ax, cmap=cmap, cbar=False, annot=p.where(p > 0).map(lambda v: "" if pd.isna(v) else f"{int(v)}"),
                fmt="", linewidths=1, linecolor="white", vmin=0, vmax=max(2, int(p.values.max())),
                annot_kws={"fontsize": 9})
    ax.xaxis.tick_top()
    ax.set_xlabel("")
    ax.set_ylabel("")
    ax.tick_params(length=0)
    ax.set_xticklabels(ax.get_xticklabels(), rotation=0, fontsize=9)
    style.frame(fig, "区县 × 主题：谁出现在哪里", "格中数字为该区县在该主题下被点名的举措数，或专栏案例数；空白表示未出现",
                ed.source_line("4.2"))
    return fig


def matrix_data(ed: Edition) -> pd.DataFrame:
    p = presence(ed)
    return p.reset_index(names="district").melt(id_vars="district", var_name="theme", value_name="count")


def matrix_alt(ed: Edition) -> str:
    p = presence(ed)
    return "热力矩阵：行是区县，列是 4.2 节的主题和专栏案例。" + "；".join(
        f"{c}：{'、'.join(p.index[p[c] > 0])}" for c in p.columns) + "。"


# --- themes and case boxes -----------------------------------------------------------------

def theme(ed: Edition, theme_id: str) -> dict | None:
    return next((t for t in ed.rows("themes.csv") if t["theme_id"] == theme_id), None)


def theme_actions(ed: Edition, theme_id: str) -> list[dict]:
    return sorted((a for a in ed.rows("district_actions.csv") if a["theme_id"] == theme_id), key=lambda a: a["order"])


def theme_paragraphs(ed: Edition, theme_id: str) -> list[str]:
    t = theme(ed, theme_id)
    if t is None:
        return ["本版次的数据没有这一主题，从略。"]
    acts = theme_actions(ed, theme_id)
    districts = list(dict.fromkeys(a["district"] for a in acts))
    text = t["summary"]
    if districts:
        text += f"报告在这一主题下点名了{len(districts)}个区县：" + "、".join(districts) + "。"
    return [text]


def bare(text: str) -> str:
    """Text without quotation and title marks, to tell whether a name is already said."""
    return re.sub(r"[“”‘’《》\"']", "", text)


def states_value(text: str, value: float) -> bool:
    """Whether ``text`` already gives ``value`` as a number, in figures or Chinese numerals (四类, 4个)."""
    return any(float(read_number(m, "n").amount) == value for m in re.finditer(number_pattern("n"), text))


def action_lines(ed: Edition, theme_id: str) -> list[str]:
    """One line per district action: the named items the action doesn't already name, then its figure
    unless the action already states that number."""
    lines = []
    for a in theme_actions(ed, theme_id):
        line = f"{a['district']}：{a['action']}"
        named = [n for n in items(a["items"]) if bare(n) not in bare(a["action"])]
        if named:
            line += "（" + "、".join(named) + "）"
        if a["figure_id"]:
            f = ed.figure(a["figure_id"])
            if not states_value(a["action"], f.value):
                line += f"；{f.indicator}{f.text}"
        lines.append(line + "。")
    return lines


def cases_near(ed: Edition, theme_id: str) -> list[dict]:
    return [c for c in ed.rows("cases.csv") if c["near_theme"] == theme_id]


def case_card(ed: Edition, case: dict) -> tuple[str, list[str], list[str]]:
    """(title, paragraphs, points) for one case box, its elements grouped by kind."""
    from ..data.schema import CASE_KINDS
    body = [f"{case['district']}｜关键词：{case['slogan']}", case["summary"]]
    groups: dict[str, list[dict]] = {}
    for it in ed.rows("case_items.csv"):
        if it["case_id"] == case["case_id"]:
            groups.setdefault(it["kind"], []).append(it)
    points = [f"{CASE_KINDS[k]}：" + _case_items(v, CASE_KINDS[k]) for k, v in sorted(groups.items(), key=lambda kv: list(CASE_KINDS).index(kv[0]))]
    figs = [f for f in ed.figures("district_figures.csv") if case["title"] in (f.note or "")] if ed.has("district_figures.csv") else []
    points += [f"{f.indicator}：{f.text}" for f in figs]
    return case["title"], body, points


def _case_items(group: list[dict], label: str) -> str:
    """Items of one kind; neighbours that share a note are listed together and the note is said once;
    a note the kind's label already says (定位与目标 … 目标) is left out."""
    runs: list[tuple[str | None, list[str]]] = []
    for it in group:
        if runs and runs[-1][0] == it["detail"] and it["detail"]:
            runs[-1][1].append(it["item"])
        else:
            runs.append((it["detail"], [it["item"]]))
    out = []
    for note, names in runs:
        if note and len(names) > 1:
            note = note.removesuffix("之一")  # "五大功能之一" said of all five: the five functions
        if note and note in label:
            note = None
        joiner = "；" if any(c in n for n in names for c in "、：") else "、"  # keep lists inside items apart
        out.append(joiner.join(names) + (f"（{note}）" if note else ""))
    return "；".join(out)


def cases_paragraph(ed: Edition) -> str:
    cs = ed.rows("cases.csv")
    if not cs:
        return ""
    kinds = Counter(it["kind"] for it in ed.rows("case_items.csv"))
    with_partners = {it["case_id"] for it in ed.rows("case_items.csv") if it["kind"] == "partner"}
    with_layout = {it["case_id"] for it in ed.rows("case_items.csv") if it["kind"] == "layout"}
    parts = []
    if with_layout:
        parts.append(f"{_how_many(len(with_layout), len(cs))}用一句口号概括空间或产业布局")
    if with_partners:
        parts.append(f"{_how_many(len(with_partners), len(cs))}写到了合作方")
    text = f"报告用{len(cs)}个专栏介绍区县的重点载体，分布在{len({c['district'] for c in cs})}个区县。"
    if parts:
        text += "其中" + "，".join(parts) + "；"
    return text + f"全部专栏共列出{kinds.get('project', 0)}个项目或机构。"


def _how_many(part: int, whole: int) -> str:
    """"6个专栏都" / "3个专栏" — a count of boxes said as what share of them it is."""
    return f"{whole}个专栏都" if part == whole else f"{part}个专栏"


# --- collaboration -------------------------------------------------------------------------

def collaboration_frame(ed: Edition) -> pd.DataFrame:
    return pd.DataFrame(ed.rows("collaborations.csv"))


def collaboration_paragraph(ed: Edition) -> str:
    c = collaboration_frame(ed)
    if c.empty:
        return ""
    by_partner = c.groupby("partner")["district"].nunique().sort_values(ascending=False)
    top = by_partner[by_partner == by_partner.max()].index.tolist()
    by_district = c.groupby("district")["partner"].nunique().sort_values(ascending=False)
    busiest = by_district[by_district == by_district.max()].index.tolist()
    types = c.groupby("partner_type")["partner"].nunique()
    return (f"本书从正文和专栏中整理出{len(c)}对“区县—合作方”关系，涉及{c['district'].nunique()}个区县和"
            f"{c['partner'].nunique()}个合作方（" + "、".join(f"{k}{v}个" for k, v in types.items()) + "）。"
            f"合作区县最多的合作方是{'、'.join(top)}（{int(by_partner.max())}个区县）；"
            f"合作方最多的区县是{'、'.join(busiest)}（{int(by_district.max())}个）。")


def network_chart(ed: Edition):
    """A two-column network: districts on the left, partners on the right, coloured by partner type."""
    c = collaboration_frame(ed)
    districts = c.groupby("district").size().sort_values(ascending=False).index.tolist()
    partners = c.drop_duplicates("partner").sort_values(["partner_type", "partner"])
    types = list(dict.fromkeys(partners["partner_type"]))
    colours = dict(zip(types, style.PALETTE))
    n = max(len(districts), len(partners))
    fig, ax = style.new_figure(height=0.3 * n + 1.8)
    ly = {d: n - 1 - i * (n - 1) / max(len(districts) - 1, 1) for i, d in enumerate(districts)}
    ry = {p: n - 1 - i * (n - 1) / max(len(partners) - 1, 1) for i, p in enumerate(partners["partner"])}
    ptype = dict(zip(partners["partner"], partners["partner_type"]))
    for r in c.itertuples():
        ax.plot([0, 1], [ly[r.district], ry[r.partner]], color=colours[ptype[r.partner]], alpha=0.55, linewidth=1.3)
    for d, y in ly.items():
        ax.plot([0], [y], "o", color=style.BLUE, markersize=6)
        ax.text(-0.03, y, d, ha="right", va="center", fontsize=9)
    for p, y in ry.items():
        ax.plot([1], [y], "s", color=colours[ptype[p]], markersize=6)
        ax.text(1.03, y, p, ha="left", va="center", fontsize=9)
    ax.set_xlim(-0.45, 1.6)
    ax.axis("off")
    ax.legend(handles=[mpatches.Patch(color=colours[t], label=t) for t in types], loc="lower center",
              bbox_to_anchor=(0.5, -0.08), ncol=len(types), frameon=False, fontsize=8)
    style.frame(fig, "区县与合作方的协同创新网络", "左为区县，右为合作方；连线表示报告所述的一项合作，颜色为合作方类别",
                ed.source_line("4.2"))
    return fig


def network_data(ed: Edition) -> pd.DataFrame:
    return collaboration_frame(ed)[["collab_id", "district", "partner", "partner_type", "what", "heading"]]


def network_alt(ed: Edition) -> str:
    c = collaboration_frame(ed)
    pairs = c.groupby("district")["partner"].apply(lambda s: "、".join(dict.fromkeys(s)))
    return "网络图：区县与合作方的合作关系。" + "；".join(f"{d}与{p}" for d, p in pairs.items()) + "。"


def collaboration_table(ed: Edition) -> pd.DataFrame:
    c = collaboration_frame(ed)
    g = c.groupby(["collab_id", "what"], sort=False).agg(district=("district", lambda s: "、".join(dict.fromkeys(s))),
                                                          partner=("partner", lambda s: "、".join(dict.fromkeys(s))))
    g = g.reset_index()
    return pd.DataFrame({"区县": g["district"], "合作方": g["partner"], "合作内容": g["what"]})


# --- industries table ----------------------------------------------------------------------

def industries_table(ed: Edition) -> pd.DataFrame:
    rows = ed.rows("district_industries.csv")
    out = []
    for u in units(ed):
        ind = [r["name"] for r in rows if r["district"] == u["district"] and r["kind"] == "industry"]
        base = [r["name"] for r in rows if r["district"] == u["district"] and r["kind"] == "base"]
        out.append({"区县": u["district"], "主要产业": "、".join(ind) or "（报告未述及）",
                    "产业基地与载体": "、".join(base) or "（报告未述及）"})
    return pd.DataFrame(out)


def industries_paragraph(ed: Edition) -> str:
    t = industries_table(ed)
    missing_ind = t[t["主要产业"] == "（报告未述及）"]["区县"].tolist()
    missing_base = t[t["产业基地与载体"] == "（报告未述及）"]["区县"].tolist()
    rows = ed.rows("district_industries.csv")
    industries = Counter(r["name"] for r in rows if r["kind"] == "industry")
    shared = [k for k, v in industries.items() if v > 1]
    text = (f"报告在 4.2 节末尾列出“区县主要产业和产业基地”的标题，但抽取的文本中表格内容缺失。本书依据正文与专栏的叙述，"
            f"为{len(t)}个区县重建了这张表：共{sum(1 for r in rows if r['kind'] == 'industry')}项产业、"
            f"{sum(1 for r in rows if r['kind'] == 'base')}处基地与载体。")
    if shared:
        text += "多个区县共同发展的产业有：" + "、".join(f"{k}（{industries[k]}个区县）" for k in shared) + "。"
    if missing_ind:
        text += f"报告没有写明{'、'.join(missing_ind)}的主要产业"
        text += f"，也没有写明{'、'.join(missing_base)}的产业基地。" if missing_base else "。"
    return text


def show_theme(ed: Edition, theme_id: str) -> None:
    """One 4.2 theme on the page: summary, each district's measures, then the case boxes beside it."""
    from ..render import publish
    for text in theme_paragraphs(ed, theme_id):
        publish.paragraph(text)
    publish.bullets(action_lines(ed, theme_id))
    for case in cases_near(ed, theme_id):
        title, body, points = case_card(ed, case)
        publish.card(f"专栏：{title}", body, points, kind="tip", css="case-box")
