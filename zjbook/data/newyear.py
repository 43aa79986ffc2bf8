"""``make new-year YEAR=<new> [FROM=<existing>]``: start a new edition's data folder from an earlier one.

The new folder has the same files and columns. Figures are blanked (their ids, names, units and
source locations kept), so the build refuses to run until each one is filled in, and the
validator names every cell still empty; dated events are emptied, and so are the figures that
only those events referred to (an event's attendance: with no event, no page shows it); texts
are copied and listed as unreviewed in ``review.csv`` (see :mod:`zjbook.data.review`), so the
edition builds as a draft until each is checked; edition.csv gets the new year, and so do the
translations of the edition texts that named the old one.
"""
from __future__ import annotations

import csv
import shutil
from pathlib import Path

from .. import paths
from . import review, schema
from .csvfile import write_rows

#: Columns of a figure table that belong to one year and are blanked in a new edition.
YEAR_SPECIFIC = ("value", "growth_pct", "growth_qualifier", "period_start", "period_end", "note")
#: Tables whose rows are all specific to one year: kept with their header only.
EMPTIED = ("events.csv",)


class NewYearError(RuntimeError):
    pass


def _rewrite(path: Path, change) -> None:
    rows = list(csv.reader(path.read_text(encoding="utf-8-sig").splitlines()))
    header, body = rows[0], [change(dict(zip(rows[0], r))) for r in rows[1:]]
    write_rows(path, header, [[r[h] for h in header] for r in body if r is not None])


def _figure_refs(path: Path) -> set[str]:
    """Figure ids a table refers to (its ``figure_id`` or ``part_of`` cells)."""
    return {row.get(col, "") for _, row in review.read_table(path) for col in ("figure_id", "part_of")} - {""}


def event_only_figures(folder: Path) -> set[str]:
    """Ids of figures that only rows of the emptied tables refer to: they lose their purpose with them."""
    emptied = set().union(*(_figure_refs(folder / f) for f in EMPTIED if (folder / f).exists()))
    kept = set().union(*(_figure_refs(folder / t.file) for t in schema.TABLES
                         if t.file not in EMPTIED and (folder / t.file).exists()))
    required = {k for t in schema.TABLES for k in t.required_keys}
    return emptied - kept - required


def new_year(year: int, source_year: int, data_root: Path | None = None,
             keep_figures: frozenset[str] | set[str] = frozenset()) -> list[str]:
    """Create ``data/<year>/`` from ``data/<source_year>/``; return the to-do lines to print.

    ``keep_figures``: figures that only emptied events refer to but that are kept anyway (the
    extractor keeps those of the events it re-creates from the new report's text)."""
    src, dest = paths.data_dir(source_year, data_root), paths.data_dir(year, data_root)
    if not src.is_dir():
        raise NewYearError(f"没有 {source_year} 年的数据可供复制：缺少 {src}")
    if dest.exists():
        raise NewYearError(f"{dest} 已存在；为避免覆盖，请先移走它")
    shutil.copytree(src, dest)
    old, new = str(source_year), str(year)

    renamed: set[str] = set()  # edition values that named the old year (report, book title…)

    def edition(row):
        if row["key"] != "year" and old in row["value"]:
            renamed.add(row["value"])
        row["value"] = new if row["key"] == "year" else row["value"].replace(old, new)
        return row
    _rewrite(dest / "edition.csv", edition)

    def translation(row):  # their translations follow, or they would no longer match
        if row["zh"] in renamed:
            row["zh"], row["text"] = row["zh"].replace(old, new), row["text"].replace(old, new)
        return row
    for file in schema.TRANSLATION_FILES:
        if (dest / file).exists():
            _rewrite(dest / file, translation)

    dropped = event_only_figures(dest) - set(keep_figures)

    def blank(row):
        if row["id"] in dropped:
            return None
        for col in YEAR_SPECIFIC:
            row[col] = ""
        return row
    for file in schema.FIGURE_FILES:
        if (dest / file).exists():
            _rewrite(dest / file, blank)
    for file in EMPTIED:
        if (dest / file).exists():
            _rewrite(dest / file, lambda row: None)

    for name in schema.WORKFLOW_FILES:  # last year's review state is not this year's
        (dest / name).unlink(missing_ok=True)
    unreviewed = review.mark_carried_over(dest)

    texts = [t.file for t in schema.TABLES if t.file in review.TEXT_FILES and t.file not in (*EMPTIED, "edition.csv")
             and (dest / t.file).exists()]
    dropped_line = (f"（只供事件使用的数字 {'、'.join(sorted(dropped))} 已随事件删除；新事件需要时在数字表中新增一行，"
                    "并在 events.csv 的 figure_id 中引用）") if dropped else ""
    return [
        f"已创建 {dest}（由 {source_year} 年复制）。接下来：",
        f"1. 核对 edition.csv：年份已改为 {year}，书名、报告名中的年份已替换；data_as_of 需改为新数据的截止月份。",
        "2. 填写数字表（" + "、".join(f for f in schema.FIGURE_FILES if (dest / f).exists())
        + "）：数值、增长率及其限定词、统计期、说明已清空，id、名称、单位与出处保留。",
        "3. 在 events.csv 中录入新一年的有日期事件（可留空：书中该部分会注明从略）" + dropped_line + "。",
        "4. 逐一核对并改写文字表（" + "、".join(texts) + "）：它们仍是上一年的内容；"
        f"review.csv 把这些行连同 edition.csv 的条目共 {unreviewed} 行标为待核对。",
        f"5. 运行 make validate YEAR={year}，按提示改好尚未填写或有误的单元格，直到通过。",
        f"6. 运行 make book YEAR={year}：得到带“草稿”横幅的版本，待核对的文字有底色，“草稿审阅”页列出每一行与确认命令；"
        f"核对后用 make confirm YEAR={year} FILE=… [KEY=…] 确认。",
        f"7. 英文版：glossary.csv 与 translations.csv 按中文原文对应译文，未改动的文字沿用原译文；改写过或新增的文字"
        f"由 make validate YEAR={year} 列为“英文版缺少译文”，补上译文前英文版在页面上标出这些段落。",
        f"8. 全部确认后运行 make release YEAR={year} 发布（译文不齐时拒绝，可用 LANGS=zh 只发布中文版），"
        "再运行 make books 重建全部版本（让其他版本的比较页与横幅跟上）。",
    ]
