"""``make new-year YEAR=<new> [FROM=<existing>]``: start a new edition's data folder from an earlier one.

The new folder has the same files and columns. Figures are blanked (their ids, names, units and
source locations kept), so the build refuses to run until each one is filled in, and the
validator names every cell still empty; dated events are emptied, and so are the figures that
only those events referred to (an event's attendance: with no event, no page shows it); texts
are copied and listed as unreviewed in ``review.csv`` (see :mod:`zjbook.data.review`), so the
edition builds as a draft until each is checked; edition.csv gets the new year, and so do the
translations of the edition texts that named the old one.

The folder is built aside (``data/.<year>.new-*/``, on the same file system) and renamed into place
only when complete (:func:`built_aside`, which :mod:`zjbook.data.extract` uses too): an interrupted
or failed run leaves nothing that would block the next.
"""

from __future__ import annotations

import contextlib
import csv
import shutil
import tempfile
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from .. import paths
from . import divisions, review, schema
from .csvfile import CsvReadError, write_rows

#: Columns of a figure table that belong to one year and are blanked in a new edition.
YEAR_SPECIFIC = ("value", "growth_pct", "growth_qualifier", "period_start", "period_end", "note")
#: Columns in the book's words that state one year's finding (a theme's headline): blanked in a new edition, so
#: that no heading of last year's is published as this year's; the section falls back to the theme's title.
YEAR_WORDS = {"themes.csv": ("headline",)}
#: Tables whose rows are all specific to one year: kept with their header only.
EMPTIED = ("events.csv", "corrections.csv")  # a report's typos are its own
#: Failures a user can act on (a full disk, a permission, an unreadable file of the earlier year): they
#: become a :class:`NewYearError` that says what failed. Any other error is a bug and keeps its traceback.
_USER_FAILURES = (OSError, UnicodeError, CsvReadError, csv.Error)


class NewYearError(RuntimeError):
    pass


def new_year(
    year: int, source_year: int, data_root: Path | None = None, keep_figures: frozenset[str] | set[str] = frozenset()
) -> list[str]:
    """Create ``data/<year>/`` from ``data/<source_year>/``; return the to-do lines to print.

    The folder is made aside and renamed into place only when complete: a failure leaves nothing
    behind, so the command can simply be run again. ``keep_figures``: figures that only emptied
    events refer to but that are kept anyway (the extractor keeps those of the events it re-creates
    from the new report's text)."""
    src, dest = source_folder(source_year, data_root), paths.data_dir(year, data_root)
    refuse_existing(dest)
    with built_aside(dest) as folder:
        carried = carry_over(src, folder, source_year, year, keep_figures)
    return todo(dest, source_year, year, carried)


def source_folder(source_year: int, data_root: str | Path | None = None) -> Path:
    """The earlier edition's folder, or :class:`NewYearError` when there is none."""
    src = paths.data_dir(source_year, data_root)
    if not src.is_dir():
        raise NewYearError(f"没有 {source_year} 年的数据可供复制：缺少 {src}")
    return src


def refuse_existing(dest: Path) -> None:
    if dest.exists():
        raise NewYearError(f"{dest} 已存在；为避免覆盖，请先移走它")


@contextlib.contextmanager
def built_aside(dest: Path):
    """Yield a folder (not yet made) in which to build ``dest``, beside it on the same file system, and
    rename it to ``dest`` when the block completes. However else the block ends, nothing is left behind."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{dest.name}.new-", dir=dest.parent))
    try:
        yield work / dest.name
        refuse_existing(dest)  # made meanwhile by someone else: theirs stays
        (work / dest.name).rename(dest)
    except _USER_FAILURES as e:
        raise NewYearError(f"未能建立 {dest}：{e}。没有留下任何文件，排除原因后可以重新运行") from e
    finally:
        shutil.rmtree(work, ignore_errors=True)


@dataclass
class Carried:
    """What :func:`carry_over` did, for the to-do lines."""

    dropped: set[str]  # figures only the emptied events used, deleted with them
    unreviewed: int  # text rows listed as unreviewed in review.csv
    divisions: dict[str, str] = field(default_factory=dict)  # names no longer in force → their successors


def carry_over(
    src: Path, folder: Path, source_year: int, year: int, keep_figures: frozenset[str] | set[str] = frozenset()
) -> Carried:
    """Copy ``src`` to the new ``folder`` and make the copy the start of ``year``'s edition (see above)."""
    shutil.copytree(src, folder)
    old, new = str(source_year), str(year)
    renamed = _carry_edition(folder, old, new)
    for file in _present(folder, schema.TRANSLATION_FILES):  # their translations follow, or they would no longer match
        _rewrite(folder / file, partial(_translation_row, old=old, new=new, renamed=renamed))
    followed = follow_divisions(folder, year, src.parent)
    dropped = event_only_figures(folder) - set(keep_figures)
    for file in _present(folder, schema.FIGURE_FILES):
        _rewrite(folder / file, partial(_blank_figure, dropped=dropped))
    for file in _present(folder, EMPTIED):
        _rewrite(folder / file, lambda row: None)
    for file, columns in YEAR_WORDS.items():
        if (folder / file).exists():
            _rewrite(folder / file, lambda row, columns=columns: row | {c: "" for c in columns if c in row})
    for name in schema.WORKFLOW_FILES:  # last year's review state is not this year's
        (folder / name).unlink(missing_ok=True)
    return Carried(dropped, review.mark_carried_over(folder), followed)


def _present(folder: Path, files) -> list[str]:
    return [f for f in files if (folder / f).exists()]


def _read(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    rows = list(csv.reader(path.read_text(encoding="utf-8-sig").splitlines()))
    return rows[0], [dict(zip(rows[0], r)) for r in rows[1:]]


def _rewrite(path: Path, change) -> None:
    """Rewrite a table row by row: ``change(row)`` gives the new row, or None to drop it."""
    header, rows = _read(path)
    body = [change(row) for row in rows]
    write_rows(path, header, [[r[h] for h in header] for r in body if r is not None])


def _carry_edition(folder: Path, old: str, new: str) -> set[str]:
    """edition.csv gets the new year, in its ``year`` row and in the texts that named the old one
    (report, book title…); returns those texts as they were."""
    _, rows = _read(folder / "edition.csv")
    renamed = {r["value"] for r in rows if r["key"] != "year" and old in r["value"]}
    _rewrite(folder / "edition.csv", partial(_edition_row, old=old, new=new))
    return renamed


def _edition_row(row: dict[str, str], old: str, new: str) -> dict[str, str] | None:
    if row["key"] in ("source_file", schema.INDUSTRY_TABLE_KEY):  # describe last year's report text
        return None
    row["value"] = new if row["key"] == "year" else row["value"].replace(old, new)
    return row


def _translation_row(row: dict[str, str], old: str, new: str, renamed: set[str]) -> dict[str, str]:
    if row["zh"] in renamed:
        row["zh"], row["text"] = row["zh"].replace(old, new), row["text"].replace(old, new)
    return row


def follow_divisions(folder: Path, year: int, data_root: Path) -> dict[str, str]:
    """Make the folder use the divisions in force at the end of ``year`` (:mod:`zjbook.data.divisions`):
    districts.csv rewritten from the registry, every other cell naming a district that had ended given its
    successor (rows that then repeat a key dropped), the glossary given the new divisions' names.
    Returns the names replaced → their successors."""
    registry = divisions.read(data_root)
    _, meta = _read(folder / "edition.csv")
    month = divisions.period_end(year, next((r["value"] for r in meta if r["key"] == "data_as_of"), None))
    alive = divisions.in_force(registry, month)
    header, old = _read(folder / "districts.csv")
    source = {k: old[0].get(k, "") for k in ("section", "heading")} if old else {}
    rows = []
    for d in alive:
        cells = {
            "district": d.district,
            "short_name": d.short_name,
            "kind": d.kind,
            "zone_type": d.zone_type,
            "tile_row": str(d.tile_row),
            "tile_col": str(d.tile_col),
            "later_change": divisions.later_change(registry, d, month),
        } | source
        rows.append([cells.get(h, "") for h in header])
    write_rows(folder / "districts.csv", header, rows)
    gone = divisions.renamed(registry, month)
    used: set[str] = set()
    for table in schema.TABLES:
        columns = [
            c.name
            for c in table.columns
            if c.references == schema.DISTRICT or (table.file == "district_figures.csv" and c.name == "subject")
        ]
        if not columns or table.file == "districts.csv" or not (folder / table.file).exists():
            continue
        seen: set[tuple[str, ...]] = set()

        def follow(row: dict[str, str], columns=columns, seen=seen, table=table) -> dict[str, str] | None:
            for col in columns:
                if row.get(col) in gone:
                    used.add(row[col])
                    row[col] = gone[row[col]]
            key = tuple(row.get(k, "") for k in table.key)
            if key in seen:
                return None
            seen.add(key)
            return row

        _rewrite(folder / table.file, follow)
    glossary = folder / "glossary.csv"
    if glossary.exists():
        header, entries = _read(glossary)
        entries = [r for r in entries if not (r.get("kind") == "district" and r["zh"] in gone)]  # names now unused
        have = {(r["zh"], r["lang"]) for r in entries}
        extra = [
            {"zh": d.district, "lang": "en", "text": d.en, "kind": "district", "note": "official English name"}
            for d in alive
            if d.en and (d.district, "en") not in have
        ]
        write_rows(glossary, header, [[r.get(h, "") for h in header] for r in entries + extra])
    return {name: gone[name] for name in sorted(used)}


def _blank_figure(row: dict[str, str], dropped: set[str]) -> dict[str, str] | None:
    return None if row["id"] in dropped else row | dict.fromkeys(YEAR_SPECIFIC, "")


def _figure_refs(path: Path) -> set[str]:
    """Figure ids a table refers to (its ``figure_id`` or ``part_of`` cells)."""
    return {row.get(col, "") for _, row in review.read_table(path) for col in ("figure_id", "part_of")} - {""}


def event_only_figures(folder: Path) -> set[str]:
    """Ids of figures that only rows of the emptied tables refer to: they lose their purpose with them."""
    emptied = set().union(*(_figure_refs(folder / f) for f in EMPTIED if (folder / f).exists()))
    kept = set().union(
        *(_figure_refs(folder / t.file) for t in schema.TABLES if t.file not in EMPTIED and (folder / t.file).exists())
    )
    required = {k for t in schema.TABLES for k in t.required_keys}
    return emptied - kept - required


def todo(dest: Path, source_year: int, year: int, carried: Carried) -> list[str]:
    """What is left to do in the new folder, one step a line."""
    dropped, unreviewed = carried.dropped, carried.unreviewed
    moved = "".join(f"；{old}→{new}" for old, new in carried.divisions.items())
    texts = [
        t.file
        for t in schema.TABLES
        if t.file in review.TEXT_FILES and t.file not in (*EMPTIED, "edition.csv") and (dest / t.file).exists()
    ]
    dropped_line = (
        (
            f"（只供事件使用的数字 {'、'.join(sorted(dropped))} 已随事件删除；新事件需要时在数字表中新增一行，"
            "并在 events.csv 的 figure_id 中引用）"
        )
        if dropped
        else ""
    )
    return [
        f"已创建 {dest}（由 {source_year} 年复制）。接下来：",
        f"1. 核对 edition.csv：年份已改为 {year}，书名、报告名中的年份已替换；data_as_of 需改为新数据的截止月份。"
        f"districts.csv 已按区划表改为 {year} 年末在册的区县"
        + (f"，已不存在的区县在各表中改为接替它的区县（{moved[1:]}，待核对）" if moved else "")
        + "。",
        "2. 填写数字表（"
        + "、".join(f for f in schema.FIGURE_FILES if (dest / f).exists())
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
