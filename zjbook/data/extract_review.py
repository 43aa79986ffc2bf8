"""The extraction's review listing (Markdown) for the analyst: every figure with what was found, where.

The excerpts quote the report for checking only; the listing lives under ``_build/`` and never
enters ``data/`` or the book.
"""

from __future__ import annotations

import difflib

from . import schema
from .extraction import AMBIGUOUS, FOUND, MISSING, Extraction, Finding

_STATUS = {FOUND: "已填", AMBIGUOUS: "有歧义，留空", MISSING: "未找到，留空"}


def _cell(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _growth(values: dict[str, str]) -> str:
    if "growth_pct" not in values:
        return ""
    q = values["growth_qualifier"]
    return f"{values['growth_pct']}%" + ("" if q == "exact" else f"（{q}）")


def _period(values: dict[str, str]) -> str:
    start, end = values.get("period_start", ""), values.get("period_end", "")
    return f"{start}～{end}" if start else end


def render(ex: Extraction) -> str:
    out = _header(ex)
    for file in schema.FIGURE_FILES:
        out += _figure_table(file, [f for f in ex.findings if f.target.file == file])
    out += _sections(ex) + _events(ex) + _unassigned_growths(ex) + _theme_districts(ex) + _boxes(ex)
    return "\n".join(out) + "\n"


def _sections(ex: Extraction) -> list[str]:
    """The text's own section titles, and the rows that now cite them instead of the earlier edition's."""
    out = ["## 节标题（各行的 section 与 heading）", ""]
    for code, (old, count) in sorted(ex.retitled.items()):
        if code in ex.section_titles:
            line, title = ex.section_titles[code]
            out.append(
                f"- [ ] {code}：“{title}”（第{line}行）；{count} 行原引 {ex.source_year} 年的节标题“{old}”，已改为本节标题"
            )
        else:
            out.append(
                f"- [ ] {code}：文本中没有以“{code}”开头的节标题；沿用的行仍引 {ex.source_year} 年的节标题“{old}”，"
                "请把这些行的 heading 改为本年报告的标题"
            )
    for code, (line, title) in sorted(ex.section_titles.items()):
        if code not in ex.retitled:
            out.append(f"- [ ] {code}：“{title}”（第{line}行）")
    return [*out, ""] if len(out) > 2 else []


def _header(ex: Extraction) -> list[str]:
    out = [
        f"# {ex.year} 年数据草稿：逐项核对清单",
        "",
        f"报告文本：`{ex.source}`；底稿：{ex.source_year} 年。摘录只供核对，不进入 data/ 与书。",
        "",
        f"**{ex.summary}。**",
        "",
    ]
    if ex.data_as_of:
        out += [f"edition.csv 的 data_as_of 已设为 {ex.data_as_of}（找到的最晚统计时点）。", ""]
    return out


def _figure_table(file: str, findings: list[Finding]) -> list[str]:
    """One row per figure of the file: what was found, where, and why not."""
    if not findings:
        return []
    return [
        f"## {file}",
        "",
        "| 核对 | id | 指标 | 结果 | 数值 | 限定 | 增长 | 统计期 | 口径 | 行 | 摘录 | 说明 |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
        *(_figure_row(f) for f in findings),
        "",
    ]


def _figure_row(f: Finding) -> str:
    v, row = f.values, f.target.row
    cells = (
        "[ ]",
        f.target.id,
        row.get("indicator", ""),
        _STATUS.get(f.status, "无标签，留空"),
        (v["value"] + row.get("unit", "")) if v else "",
        v.get("qualifier", ""),
        _growth(v),
        _period(v),
        v.get("basis", row.get("basis", "")) if v else "",
        f.line or "",
        f.excerpt,
        "；".join(filter(None, [f.reason, *f.notes])),
    )
    return "| " + " | ".join(_cell(str(x)) for x in cells) + " |"


def _events(ex: Extraction) -> list[str]:
    """The earlier edition's events, each re-dated or not and why; then every date of the text."""
    out = [
        "## events.csv（有日期的事件）",
        "",
        "上一版的事件若在文本中有同名小标题，按小标题下的日期重建；主办方与要点留空待写。",
        "",
    ]
    for e in ex.events:
        where = f"（第{e.line}行“{e.excerpt}”）" if e.excerpt else (f"（第{e.line}行）" if e.line else "")
        out.append(
            f"- [ ] {e.row['event_id']} {e.row['title']}："
            + (f"{e.date}{where}" if e.date else f"未重建，{e.reason}{where}")
        )
    if ex.dated:
        out += ["", "文本中的全部日期（新事件的候选）：", ""]
        out += [f"- [ ] {d}：{h}（第{n}行“{x}”）" for n, d, h, x in ex.dated]
    return out


def _unassigned_growths(ex: Extraction) -> list[str]:
    if not ex.unassigned_growths:
        return []
    return ["", "## 没有归属到任何数字的增长率", "", *(f"- 第{n}行“{x}”" for n, x in ex.unassigned_growths)]


def _theme_districts(ex: Extraction) -> list[str]:
    out = ["", "## 各主题小标题下点名的区县（核对 district_actions.csv）", ""]
    if not ex.theme_districts:
        out += ["没有找到区县主题的小标题。", ""]
    for heading, line, theme_id, names in ex.theme_districts:
        out += [
            f"### {heading}（主题 {theme_id}，第{line}行）"
            if theme_id
            else f"### {heading}（第{line}行）：新主题，themes.csv 中没有；是主题而不是专栏（标题没有区名或“专栏”，"
            "其下点名了几个区）：在 themes.csv 加一行，把下列区县的举措写进 district_actions.csv",
            "",
        ]
        out += [f"- [ ] {d}" for d in names] or ["（未点名区县）"]
        out.append("")
    return out


def _boxes(ex: Extraction) -> list[str]:
    out = ["## 专栏标题（核对 cases.csv）", ""]
    out += [
        f"- [ ] {h}（第{n}行）" + (f"：对应 cases.csv 的 {c}" if c else "：新标题，cases.csv 中没有" + _nearest(h, ex))
        for h, n, c in ex.boxes
    ] or ["没有找到专栏标题。"]
    if ex.cases_missing:
        out += ["", "cases.csv 中有、文本中没有找到的专栏：" + "、".join(f"{t}（{c}）" for c, t in ex.cases_missing)]
    return out


def _nearest(heading: str, ex) -> str:
    """For a new box title: the unmatched case of cases.csv it most resembles, if any (a renamed box)."""
    titles = {title: case for case, title in ex.cases_missing}
    close = difflib.get_close_matches(heading, list(titles), n=1, cutoff=0.5)
    return f"（是否即 {close[0]}（{titles[close[0]]}）改了名？）" if close else ""
