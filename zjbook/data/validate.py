"""Check a year's data folder against :mod:`zjbook.data.schema` before any notebook runs.

The first problem found stops the check with a :class:`DataError` whose one-line message
names the file, the line of the file (the header is line 1) and the column.
"""
from __future__ import annotations

import csv
import datetime as _dt
import math
import os
import re
from pathlib import Path

import pandas as pd

from . import schema
from ..paths import ROOT

_CODE = re.compile(r"^[a-z][a-z0-9_]*$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


class DataError(Exception):
    """Bad data: one line naming file, line and column."""

    def __init__(self, path: Path, message: str, line: int | None = None, column: str | None = None):
        self.path, self.line, self.column, self.message = Path(path), line, column, message
        super().__init__(str(self))

    def __str__(self) -> str:
        where = _display(self.path)
        if self.line is not None:
            where += f" 第{self.line}行"
        if self.column is not None:
            where += f" 列 {self.column}"
        return f"数据错误：{where}：{self.message}"


def _display(path: Path) -> str:
    path = Path(path).resolve()
    for base in (Path.cwd().resolve(), ROOT):
        if path.is_relative_to(base):
            return str(path.relative_to(base))
    return str(path)


def read_rows(path: Path, table: schema.Table) -> list[tuple[int, dict[str, str]]]:
    """Read a CSV file as text, returning (line number, row) pairs after checking the header."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise DataError(path, "缺少文件（此文件为必需）") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        raise DataError(path, "不是 UTF-8 编码的文本", line=line) from None
    if not text.strip():
        raise DataError(path, "文件为空（至少需要表头行）")
    reader = csv.reader(text.splitlines(keepends=True))
    header = [h.strip() for h in next(reader)]
    for name in table.column_names:
        if name not in header:
            raise DataError(path, f"缺少列 {name}", line=1, column=name)
    for name in header:
        if name not in table.column_names:
            raise DataError(path, f"未知的列 {name!r}（可用列：{', '.join(table.column_names)}）", line=1, column=name)
    rows = []
    for cells in reader:
        line = reader.line_num
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(header):
            raise DataError(path, f"应有 {len(header)} 个字段，实有 {len(cells)} 个", line=line)
        rows.append((line, {h: c.strip() for h, c in zip(header, cells)}))
    if not rows and not table.optional:
        raise DataError(path, "没有数据行")
    return rows


def _parse_cell(value: str, col: schema.Column):
    """Return the typed value of one cell, or raise ValueError with the reason."""
    if value == "":
        if col.required:
            raise ValueError("不能为空")
        return None
    if col.kind in ("number", "int"):
        try:
            number = float(value)
        except ValueError:
            raise ValueError(f"“{value}”不是数字") from None
        if not math.isfinite(number):
            raise ValueError(f"“{value}”不是有限的数值")
        if col.kind == "int":
            if number != int(number):
                raise ValueError(f"“{value}”不是整数")
            number = int(number)
        if col.minimum is not None and number < col.minimum:
            raise ValueError(f"{value} 小于下限 {col.minimum:g}")
        if col.maximum is not None and number > col.maximum:
            raise ValueError(f"{value} 超出上限 {col.maximum:g}")
        return number
    if col.kind == "code" and not _CODE.match(value):
        raise ValueError(f"“{value}”不是合法的标识（小写字母、数字、下划线）")
    if col.kind == "month":
        m = _MONTH.match(value)
        if not m or not 1 <= int(m.group(2)) <= 12:
            raise ValueError(f"“{value}”不是 YYYY-MM 格式的月份")
    if col.kind == "date":
        try:
            _dt.date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"“{value}”不是 YYYY-MM-DD 格式的日期") from None
    if col.vocabulary:
        vocab = schema.VOCABULARIES[col.vocabulary]
        if value not in vocab:
            raise ValueError(f"“{value}”不在{col.vocabulary}表中（可用：{'、'.join(vocab)}）")
    return value


def _check_rows(path: Path, table: schema.Table, rows) -> pd.DataFrame:
    typed = []
    seen: dict[tuple, int] = {}
    for line, row in rows:
        out = {}
        for col in table.columns:
            try:
                out[col.name] = _parse_cell(row[col.name], col)
            except ValueError as e:
                raise DataError(path, str(e), line=line, column=col.name) from None
        _check_figure_row(path, table, line, out)
        key = tuple(out[k] for k in table.key)
        if key in seen:
            raise DataError(path, f"键 {'/'.join(map(str, key))} 与第{seen[key]}行重复", line=line,
                            column=",".join(table.key))
        seen[key] = line
        typed.append(out)
    frame = pd.DataFrame(typed, columns=table.column_names)
    frame.attrs["lines"] = [line for line, _ in rows]
    _check_references(path, table, rows, frame)
    missing = [k for k in table.required_keys if k not in set(frame[table.key[0]])]
    if missing:
        raise DataError(path, f"缺少必需的行：{table.key[0]} = {', '.join(missing)}", column=table.key[0])
    return frame


def _check_figure_row(path: Path, table: schema.Table, line: int, row: dict) -> None:
    if "growth_pct" not in table.column_names:
        return
    if row["unit"] in schema.COUNT_UNITS and row["value"] != int(row["value"]):
        raise DataError(path, f"计数单位“{row['unit']}”的数值必须是整数", line=line, column="value")
    if row["growth_pct"] is not None and row["growth_qualifier"] is None:
        raise DataError(path, "有增长率时必须填写增长率的限定词", line=line, column="growth_qualifier")
    if row["growth_pct"] is None and row["growth_qualifier"] is not None:
        raise DataError(path, "没有增长率却填写了增长率的限定词", line=line, column="growth_qualifier")
    if row["period_start"] and row["period_end"] and row["period_start"] > row["period_end"]:
        raise DataError(path, "统计期起始晚于截止", line=line, column="period_start")


def _check_references(path: Path, table: schema.Table, rows, frame: pd.DataFrame) -> None:
    if "part_of" not in frame:
        return
    ids = set(frame["id"])
    for (line, _), ref, value in zip(rows, frame["part_of"], frame["value"]):
        if pd.isna(ref):
            continue
        if ref not in ids:
            raise DataError(path, f"part_of 指向不存在的指标“{ref}”", line=line, column="part_of")
        whole = frame.loc[frame["id"] == ref, "value"].iloc[0]
        if value > whole:
            raise DataError(path, f"组成部分 {value:g} 大于整体 {ref} 的 {whole:g}", line=line, column="value")


def validate_year(data_dir: Path) -> dict[str, pd.DataFrame]:
    """Validate every file of one year's folder; return the typed tables by file name."""
    data_dir = Path(data_dir)
    if not data_dir.is_dir():
        raise DataError(data_dir, "数据文件夹不存在")
    tables: dict[str, pd.DataFrame] = {}
    for table in schema.TABLES:
        path = data_dir / table.file
        if table.optional and not path.exists():
            continue
        rows = read_rows(path, table)
        if rows:  # an optional file with a header and no rows counts as absent
            tables[table.file] = _check_rows(path, table, rows)
    _check_cross_references(data_dir, tables)
    _check_edition_year(data_dir, tables)
    return tables


def _targets(reference: str, tables: dict[str, pd.DataFrame]) -> tuple[set, str]:
    if reference == schema.FIGURE_ID:
        ids = set()
        for file in schema.FIGURE_FILES:
            if file in tables:
                ids |= set(tables[file]["id"])
        return ids, "任何数字表的 id"
    file, column = reference.split(":")
    return (set(tables[file][column]) if file in tables else set()), f"{file} 的 {column}"


def _check_cross_references(data_dir: Path, tables: dict[str, pd.DataFrame]) -> None:
    seen: dict[str, str] = {}
    for file in schema.FIGURE_FILES:
        if file in tables:
            for line, fid in zip(tables[file].attrs["lines"], tables[file]["id"]):
                if fid in seen:
                    raise DataError(data_dir / file, f"id “{fid}”已在 {seen[fid]} 中使用；数字的 id 须全书唯一",
                                    line=line, column="id")
                seen[fid] = file
    for table in schema.TABLES:
        if table.file not in tables:
            continue
        frame = tables[table.file]
        for col in table.columns:
            if not col.references:
                continue
            allowed, what = _targets(col.references, tables)
            for line, value in zip(frame.attrs["lines"], frame[col.name]):
                if not pd.isna(value) and value not in allowed:
                    noun = "区县" if col.references == schema.DISTRICT else "引用"
                    raise DataError(data_dir / table.file, f"未知的{noun}“{value}”（不在{what}中）",
                                    line=line, column=col.name)


def _check_edition_year(data_dir: Path, tables: dict[str, pd.DataFrame]) -> None:
    """The edition's year matches its folder, and every period ends and every event falls in that year."""
    edition = tables["edition.csv"]
    year = edition.set_index("key")["value"].get("year")
    if data_dir.name.isdigit() and year != data_dir.name:
        line = edition.attrs["lines"][list(edition["key"]).index("year")]
        raise DataError(data_dir / "edition.csv", f"year 为 {year}，与文件夹名 {data_dir.name} 不符",
                        line=line, column="value")
    dated = [(f, "period_end") for f in schema.FIGURE_FILES] + [("events.csv", "date")]
    for file, column in dated:
        frame = tables.get(file)
        if frame is None:
            continue
        for line, value in zip(frame.attrs["lines"], frame[column]):
            if isinstance(value, str) and value[:4] != year:
                raise DataError(data_dir / file, f"“{value}”不在本版次的年份 {year} 内（是否沿用了旧年份的数据？）",
                                line=line, column=column)
