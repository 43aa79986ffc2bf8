"""Excel in and out: a year's data folder as one ``.xlsx`` workbook, and back.

``make workbook YEAR=`` writes ``_build/<year>/data-<year>.xlsx``: a guide sheet (说明), one sheet
per table of the folder (sheet name = file name without ``.csv``), the data dictionary's
descriptions as notes on the header cells, drop-down lists for every vocabulary and for
districts, numbers as numbers and everything else as text so Excel never turns a month into a
date. ``make import-workbook YEAR= FILE=`` reads such a workbook back, validates the resulting
folder and only then replaces the year's CSV files, all or nothing.

All spreadsheet work goes through openpyxl; the CSV files through :mod:`zjbook.data.csvfile`.
openpyxl is imported inside the functions that use it, so that importing this module (as the
command line does for :class:`WorkbookError`) stays cheap for every other command.
"""

from __future__ import annotations

import csv
import datetime as _dt
import math
import re
import shutil
import tempfile
import unicodedata
import zipfile
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.datavalidation import DataValidation

from .. import paths
from . import schema
from .csvfile import write_rows
from .validate import DataError, check_year, format_problems, validate_year

GUIDE_SHEET = "说明"
LISTS_SHEET = "lists"
TEXT = "@"
#: Rows below the data that still get the drop-downs, for new records (the columns' formats reach every row).
SPARE_ROWS = 500
_PLAIN_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")
_KIND_LABELS = {
    "text": "文本",
    "code": "标识（小写英文字母、数字、下划线）",
    "number": "数字（只填数字，不带单位、“约”或 %）",
    "int": "整数",
    "month": "月份，文本 YYYY-MM",
    "date": "日期，文本 YYYY-MM-DD",
}


class WorkbookError(Exception):
    """A workbook that cannot be written or read back; one line (or a list of problems) in Chinese."""


def sheet_name(table: schema.Table) -> str:
    return table.file.removesuffix(".csv")


def workbook_path(year: int, out_root: str | Path | None = None) -> Path:
    return Path(out_root or paths.BUILD) / str(year) / f"data-{year}.xlsx"


# --- cell values ------------------------------------------------------------------------


def number_text(value: float) -> str:
    """A number as the CSV writes it: plain decimal, no exponent, no float noise (15 significant digits)."""
    if isinstance(value, bool) or not math.isfinite(value):
        return str(value)
    if isinstance(value, int):
        return str(value)
    text = format(Decimal(f"{value:.15g}"), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _to_cell(text: str, col: schema.Column | None):
    """The value a CSV cell gets in the sheet: a number only where that number writes back as the same text."""
    if text == "":
        return None
    if col is not None and col.kind in ("number", "int") and _PLAIN_NUMBER.match(text):
        number = int(text) if "." not in text else float(text)
        if number_text(number) == text:
            return number
    return text


def _from_cell(value, col: schema.Column | None) -> str:
    """The CSV text of a cell read back from the sheet."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (int, float)):
        return number_text(value)
    if isinstance(value, (_dt.datetime, _dt.date)):
        kind = col.kind if col else "text"
        if kind == "month":
            return value.strftime("%Y-%m")
        if isinstance(value, _dt.datetime) and value.time() != _dt.time():
            return value.isoformat(sep=" ")
        return value.strftime("%Y-%m-%d")
    if isinstance(value, _dt.time):
        return value.isoformat()
    text = str(value).strip()
    if col is not None and col.kind != "text":  # full-width digits, minus and hyphen typed with a Chinese IME
        text = unicodedata.normalize("NFKC", text).strip()
    return text


def _display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


# --- reading the data folder ------------------------------------------------------------


def _read_csv(path: Path) -> tuple[list[str], list[list[str]]]:
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise WorkbookError(f"{path} 不是 UTF-8 编码的文本；请先运行 make validate 修正后再生成工作簿") from None
    rows = list(csv.reader(text.splitlines(keepends=True)))
    if not rows:
        return [], []
    return rows[0], [r for r in rows[1:] if any(c.strip() for c in r)]


def _lists(tables: dict[str, tuple[list[str], list[list[str]]]]) -> dict[str, tuple[list[str], bool]]:
    """Drop-down lists by name: (values, strict). Vocabularies are strict; lists taken from the data are not."""
    lists = {name: (list(vocab), True) for name, vocab in schema.VOCABULARIES.items()}
    for table in schema.TABLES:
        if table.file not in tables:
            continue
        header, rows = tables[table.file]
        for col in table.columns:
            ref = col.references
            if ref and ref != schema.FIGURE_ID:
                file, column = ref.split(":")
                if file in tables and column in tables[file][0]:
                    i = tables[file][0].index(column)
                    values = list(dict.fromkeys(r[i] for r in tables[file][1] if len(r) > i and r[i]))
                    lists[ref] = (values, False)
    ids = []
    for file in schema.FIGURE_FILES:
        if file in tables and "id" in tables[file][0]:
            i = tables[file][0].index("id")
            ids += [r[i] for r in tables[file][1] if len(r) > i and r[i]]
    lists[schema.FIGURE_ID] = (list(dict.fromkeys(ids)), False)
    return lists


# --- writing the workbook ---------------------------------------------------------------


def write_workbook(year: int, data_root: str | Path | None = None, out_root: str | Path | None = None) -> Path:
    """Write the year's data as one workbook; return its path."""

    data_dir = paths.data_dir(year, data_root)
    if not data_dir.is_dir():
        raise WorkbookError(f"没有 {year} 年的数据：缺少 {data_dir}")
    tables = {t.file: _read_csv(data_dir / t.file) for t in schema.TABLES if (data_dir / t.file).is_file()}
    lists = _lists(tables)

    wb = Workbook()
    _write_guide(wb.active, year, tables)
    list_ranges = _write_lists(wb, lists)
    for table in schema.TABLES:
        if table.file in tables:
            _write_table(wb.create_sheet(sheet_name(table)), table, *tables[table.file], lists, list_ranges)
    wb.move_sheet(LISTS_SHEET, offset=len(wb.sheetnames))

    out = workbook_path(year, out_root)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.tmp")
    wb.save(tmp)
    tmp.replace(out)
    return out


def _write_lists(wb: Workbook, lists: dict[str, tuple[list[str], bool]]) -> dict[str, str]:
    """A hidden sheet with one column per list; return each list's range for the drop-downs."""

    ws = wb.create_sheet(LISTS_SHEET)
    ws.sheet_state = "hidden"
    ranges = {}
    for i, (name, (values, _)) in enumerate(lists.items(), start=1):
        letter = get_column_letter(i)
        ws.cell(1, i, name)
        for r, value in enumerate(values, start=2):
            ws.cell(r, i, value).number_format = TEXT
        if values:
            ranges[name] = f"{quote_sheetname(LISTS_SHEET)}!${letter}$2:${letter}${len(values) + 1}"
    return ranges


def _list_of(col: schema.Column) -> str | None:
    return col.vocabulary or col.references


def _note(col: schema.Column) -> str:
    lines = [col.description, f"类型：{_KIND_LABELS[col.kind]}；{'必填' if col.required else '可留空'}"]
    if col.vocabulary:
        vocab = schema.VOCABULARIES[col.vocabulary]
        lines.append("可选值：" + "；".join(f"{k}＝{v}" if k != v else k for k, v in vocab.items()))
    elif col.references == schema.FIGURE_ID:
        lines.append("须为某个数字表中的 id")
    elif col.references:
        file, column = col.references.split(":")
        lines.append(f"须为工作表 {file.removesuffix('.csv')} 中 {column} 列已有的值")
    return "\n".join(lines)


def _write_table(
    ws,
    table: schema.Table,
    header: list[str],
    rows: list[list[str]],
    lists: dict[str, tuple[list[str], bool]],
    list_ranges: dict[str, str],
) -> None:

    columns = [table.column(h) if h in table.column_names else None for h in header]
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
    last_row = len(rows) + 1 + SPARE_ROWS
    for c, (name, col) in enumerate(zip(header, columns), start=1):
        cell = ws.cell(1, c, name)
        cell.font, cell.fill, cell.number_format = bold, fill, TEXT
        if col is not None:
            note = _note(col)
            cell.comment = Comment(note, "zjbook", width=320, height=60 + 18 * note.count("\n") + len(note) // 2)
        fmt = "General" if col is not None and col.kind in ("number", "int") else TEXT
        letter = get_column_letter(c)
        ws.column_dimensions[letter].number_format = fmt
        width = _display_width(name)
        for r, row in enumerate(rows, start=2):
            text = row[c - 1] if c - 1 < len(row) else ""
            out = ws.cell(r, c, _to_cell(text, col))
            if isinstance(out.value, str) and out.value.startswith("="):
                out.data_type = "s"  # a text, not a formula
            out.number_format = fmt if not isinstance(out.value, str) else TEXT
            width = max(width, _display_width(text))
        ws.column_dimensions[letter].width = min(max(width + 2, 8), 60)
        name_of_list = _list_of(col) if col is not None else None
        if col is not None and name_of_list in list_ranges:
            ws.add_data_validation(
                _drop_down(col, list_ranges[name_of_list], lists[name_of_list][1], f"{letter}2:{letter}{last_row}")
            )
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(max(len(header), 1))}{len(rows) + 1}"
    for row in ws.iter_rows(min_row=2, max_row=len(rows) + 1):
        for cell in row:
            cell.alignment = Alignment(vertical="top")


def _drop_down(col: schema.Column, source: str, strict: bool, cells: str) -> DataValidation:

    if strict:
        dv = DataValidation(
            type="list",
            formula1=source,
            allow_blank=not col.required,
            showErrorMessage=True,
            errorStyle="stop",
            errorTitle="不在可选值中",
            error=f"{col.name} 只能从下拉列表中选择（见表头批注）",
        )
    else:
        file = (col.references or "").split(":")[0].removesuffix(".csv") or "数字表"
        dv = DataValidation(
            type="list",
            formula1=source,
            allow_blank=True,
            showErrorMessage=True,
            errorStyle="warning",
            errorTitle="不在现有列表中",
            error=f"此值不在工作表 {file} 中；若是新增的，请先在该工作表添加，导入时会核对",
        )
    dv.add(cells)
    return dv


def _write_guide(ws, year: int, tables: dict[str, tuple[list[str], list[list[str]]]]) -> None:

    ws.title = GUIDE_SHEET
    lines = [
        f"{year} 年版数据工作簿（由 data/{year}/ 生成）",
        "",
        "如何填写",
        "1. 每个工作表对应数据文件夹中的一个 CSV 文件，工作表名就是文件名去掉 .csv。请勿改名、删除必需的工作表。",
        "2. 第一行是列名，请勿修改、删除或调换；把鼠标停在列名上，可看到该列的含义、类型和可选值。",
        "3. 每行一条记录；新增的记录接在已有行的下方。整行为空的行在导入时忽略。",
        "4. 带下拉箭头的列只能从列表中选：单位、限定词、口径、节号、各类类别、区县等。",
        "5. 数字列只填数字本身，不带“约”“近”“多”、单位或 % 号：报告写“约 N 亿元”，就在 value 填 N、unit 选 亿元、qualifier 选 about。",
        f"6. 月份（YYYY-MM，如 {year}-06）、日期（YYYY-MM-DD）、标识和文字列都已设为文本格式，照原样输入即可，Excel 不会把它们改成日期或数字。",
        "7. 可留空的列（见批注）不填即可；有增长率时必须同时选择增长率的限定词。",
        "8. 隐藏的 lists 工作表存放下拉列表，请勿改动；另外新增的工作表在导入时被忽略。",
        "",
        "如何导回",
        f"1. 保存为 Excel 工作簿（.xlsx），然后在项目目录运行：make import-workbook YEAR={year} FILE=<工作簿路径>",
        "2. 导入先校验全部数据：有问题时逐条列出工作表、行号和列名，数据文件夹不作任何改动；改好后再导入即可。",
        f"3. 全部通过后，data/{year}/ 中的 CSV 文件才被一次性替换（内容未变的文件保持原样）。",
        f"4. 之后运行 make book YEAR={year} 构建本书。",
        "",
        "工作表一览",
    ]
    for r, text in enumerate(lines, start=1):
        ws.cell(r, 1, text)
    for r in (1, 3, 13, len(lines)):
        ws.cell(r, 1).font = Font(bold=True, size=14 if r == 1 else 11)
    r = len(lines) + 1
    for c, head in enumerate(("工作表", "内容", "必需", "行数"), start=1):
        ws.cell(r, c, head).font = Font(bold=True)
    for table in schema.TABLES:
        if table.file in tables:
            r += 1
            ws.cell(r, 1, sheet_name(table))
            ws.cell(r, 2, f"{table.title}：{table.description}")
            ws.cell(r, 3, "可选" if table.optional else "必需")
            ws.cell(r, 4, len(tables[table.file][1]))
    ws.column_dimensions["A"].width = 26
    ws.column_dimensions["B"].width = 90


# --- limits, checked before openpyxl reads anything -------------------------------------

#: A year's workbook is about 0.1 MB; its sheets hold at most :data:`schema.MAX_ROWS` rows of a dozen columns.
MAX_WORKBOOK_BYTES = 10_000_000
#: All parts of the workbook together, uncompressed.
MAX_UNCOMPRESSED_BYTES = 50_000_000
#: A part that expands more than this (and to more than 1 MB) is a "zip bomb", not a spreadsheet.
MAX_COMPRESSION_RATIO = 100
_RATIO_FLOOR = 1_000_000
#: Each sheet's extent (declared in ``<dimension ref=…>`` and reached by its cells) and the grid it spans:
#: openpyxl builds every cell of that grid when the sheet is read.
MAX_SHEET_ROWS = 2 * schema.MAX_ROWS
MAX_SHEET_COLUMNS = 200
MAX_SHEET_CELLS = 200_000
_REMAKE = "请在 Excel 中另存为新的工作簿，或用 make workbook 重新生成后填写"
_TRIM = "请在 Excel 中选中数据以外的行和列并删除（不是清除内容），保存后再导入"
_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(row|c|dimension)(?=[\s>/])([^>]*)>")
_R = re.compile(rb"""\br\s*=\s*["']\$?([A-Za-z]{0,3})\$?(\d*)["']""")
_REF = re.compile(rb"""\bref\s*=\s*["']([^"']*)["']""")
_CELL_REF = re.compile(r"\$?([A-Za-z]{1,3})\$?(\d+)")


def _column_number(letters: str) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + ord(ch) - 64
    return n


def _sheet_names(z: zipfile.ZipFile) -> dict[str, str]:
    """Worksheet part → sheet name, read from workbook.xml and its relationships (best effort, for messages)."""
    try:
        book = z.read("xl/workbook.xml")[:1_000_000].decode("utf-8", "replace")
        rels = z.read("xl/_rels/workbook.xml.rels")[:1_000_000].decode("utf-8", "replace")
    except (KeyError, zipfile.BadZipFile, OSError, RuntimeError, ValueError):
        return {}
    targets = {}
    for rel in re.findall(r"<Relationship\b[^>]*>", rels):
        rid, target = re.search(r'\bId="([^"]*)"', rel), re.search(r'\bTarget="([^"]*)"', rel)
        if rid and target:
            path = target.group(1)
            targets[rid.group(1)] = path.lstrip("/") if path.startswith("/") else f"xl/{path}"
    names = {}
    for sheet in re.findall(r"<sheet\b[^>]*>", book):
        name, rid = re.search(r'\bname="([^"]*)"', sheet), re.search(r'\br:id="([^"]*)"', sheet)
        if name and rid and rid.group(1) in targets:
            names[targets[rid.group(1)]] = name.group(1)
    return names


def _extent_problem(where: str, rows: int, columns: int, said: str) -> str | None:
    if rows > MAX_SHEET_ROWS or columns > MAX_SHEET_COLUMNS or rows * columns > MAX_SHEET_CELLS:
        return (
            f"{where}{said} {rows:,} 行 × {columns:,} 列，超过上限 {MAX_SHEET_ROWS:,} 行、{MAX_SHEET_COLUMNS} 列、"
            f"共 {MAX_SHEET_CELLS:,} 个单元格；{_TRIM}"
        )
    return None


def _scan_sheet(stream, where: str) -> str | None:
    """Read a sheet's XML as a stream: its declared dimension, the rows and columns its cells reach and how
    many cells it has; the first limit exceeded, said in one line, or None."""
    row = column = max_row = max_column = cells = 0
    buffer = b""
    while chunk := stream.read(1 << 16):
        buffer += chunk
        cut = buffer.rfind(b">") + 1
        if not cut and len(buffer) > 1_000_000:
            return f"{where}无法读取（一个 XML 标记超过 1 MB）；{_REMAKE}"
        text, buffer = buffer[:cut], buffer[cut:]
        if b"<!DOCTYPE" in text or b"<!ENTITY" in text:  # never in a workbook; entities can expand without end
            return f"{where}含 XML 文档类型或实体声明（<!DOCTYPE>、<!ENTITY>），Excel 工作簿中不会有；{_REMAKE}"
        for tag, attributes in _TAG.findall(text):
            if tag == b"dimension":
                found = _REF.search(attributes)
                ref = found.group(1).decode("ascii", "replace") if found else ""
                corners = _CELL_REF.findall(ref)
                if corners:
                    rows = max(int(r) for _, r in corners) - min(int(r) for _, r in corners) + 1
                    cols = max(map(_column_number, (c for c, _ in corners)))
                    cols -= min(map(_column_number, (c for c, _ in corners))) - 1
                    declared = _extent_problem(where, rows, cols, f"声明的范围 {ref} 为")
                    if declared:
                        return declared
                continue
            r = _R.search(attributes)
            if tag == b"row":
                row = int(r.group(2)) if r and r.group(2) else row + 1
                column = 0
            else:
                cells += 1
                column = _column_number(r.group(1).decode()) if r and r.group(1) else column + 1
                if r and r.group(2):
                    row = int(r.group(2))
            max_row, max_column = max(max_row, row), max(max_column, column)
            if cells > MAX_SHEET_CELLS:
                return f"{where}的单元格超过上限 {MAX_SHEET_CELLS:,} 个；{_TRIM}"
        reached = _extent_problem(where, max_row, max_column, "的单元格占到")
        if reached:
            return reached
    return None


def check_limits(file: Path) -> None:
    """Refuse, in one line with the limit and the fix, a workbook too large to be this book's data: the file,
    its parts uncompressed, their compression ratio, and each sheet's extent and cell count. Only the zip
    directory and a streaming look at the sheets' XML are read: nothing is parsed by openpyxl before this passes."""
    size = file.stat().st_size
    if size > MAX_WORKBOOK_BYTES:
        raise WorkbookError(f"工作簿 {file} 有 {size:,} 字节，超过上限 {MAX_WORKBOOK_BYTES:,} 字节；{_REMAKE}")
    try:
        with zipfile.ZipFile(file) as z:
            members = z.infolist()
            total = sum(m.file_size for m in members)
            if total > MAX_UNCOMPRESSED_BYTES:
                raise WorkbookError(
                    f"工作簿 {file} 解压后有 {total:,} 字节，超过上限 {MAX_UNCOMPRESSED_BYTES:,} 字节；{_REMAKE}"
                )
            for m in members:
                if m.file_size > _RATIO_FLOOR and m.file_size > MAX_COMPRESSION_RATIO * max(m.compress_size, 1):
                    raise WorkbookError(
                        f"工作簿 {file} 的 {m.filename} 压缩比为 {m.file_size / max(m.compress_size, 1):,.0f} 倍，"
                        f"超过上限 {MAX_COMPRESSION_RATIO} 倍（像是“压缩炸弹”，不是数据）；{_REMAKE}"
                    )
            names = _sheet_names(z)
            for m in members:
                if not m.filename.endswith(".xml") or m.is_dir():
                    continue
                where = f"工作表“{names[m.filename]}”" if m.filename in names else f" {m.filename} "
                with z.open(m) as stream:
                    problem = _scan_sheet(stream, where)
                if problem:
                    raise WorkbookError(f"工作簿 {file} 中{problem}")
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, RuntimeError, EOFError, OSError) as e:
        raise WorkbookError(
            f"{file} 不是可读取的 .xlsx 工作簿（{type(e).__name__}）；请在 Excel 中另存为“Excel 工作簿 (*.xlsx)”"
        ) from None


# --- reading it back --------------------------------------------------------------------


def read_workbook(file: str | Path) -> tuple[dict[str, tuple[list[str], list[list[str]]]], list[str]]:
    """The tables of a workbook by CSV file name, as (header, rows of texts), and warning lines.

    Rows keep their sheet positions (blank rows in between stay, as empty rows) so that a CSV line
    number is the sheet's row number; trailing blank rows are dropped.
    """

    file = Path(file)
    if file.is_dir():
        raise WorkbookError(
            f"{file} 是文件夹，不是工作簿；请给出 .xlsx 文件：make import-workbook YEAR=… FILE=<工作簿>"
        )
    if not file.exists():
        raise WorkbookError(f"找不到工作簿 {file}")
    if not file.is_file():
        raise WorkbookError(f"{file} 不是普通文件（设备、管道或套接字），不是工作簿；请给出 .xlsx 文件")
    check_limits(file)
    try:
        wb = load_workbook(file, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError, SyntaxError) as e:
        raise WorkbookError(
            f"{file} 不是可读取的 .xlsx 工作簿（{type(e).__name__}）；请在 Excel 中另存为“Excel 工作簿 (*.xlsx)”"
        ) from None
    by_sheet = {sheet_name(t): t for t in schema.TABLES}
    tables, warnings = {}, []
    for ws in wb.worksheets:
        if ws.title in (GUIDE_SHEET, LISTS_SHEET):
            continue
        table = by_sheet.get(ws.title)
        if table is None:
            warnings.append(f"警告：忽略工作表“{ws.title}”（不对应任何数据文件）")
            continue
        tables[table.file] = _read_sheet(ws, table)
    missing = [sheet_name(t) for t in schema.TABLES if not t.optional and t.file not in tables]
    if missing:
        raise WorkbookError(f"{file} 缺少必需的工作表：{'、'.join(missing)}")
    return tables, warnings


def _as_shown(cell):
    """A cell's value as Excel shows it: a number formatted as a percentage (6.4% holds 0.064) is read as 6.4."""
    v = cell.value
    if isinstance(v, (int, float)) and not isinstance(v, bool) and "%" in (cell.number_format or ""):
        return round(v * 100, 10)
    return v


def _read_sheet(ws, table: schema.Table) -> tuple[list[str], list[list[str]]]:
    grid = [[_as_shown(c) for c in r] for r in ws.iter_rows()]
    if not grid:
        raise WorkbookError(f"工作表 {ws.title} 是空的：第1行应是列名")
    header = [_from_cell(v, None) for v in grid[0]]
    while header and header[-1] == "":
        header.pop()
    for c, name in enumerate(header, start=1):
        if name == "":
            raise WorkbookError(f"工作表 {ws.title} 第1行第{c}列：列名为空（列名应为 {', '.join(table.column_names)}）")
        if header.index(name) != c - 1:
            raise WorkbookError(f"工作表 {ws.title} 第1行第{c}列：列名 {name} 重复")
    columns = [table.column(h) if h in table.column_names else None for h in header]
    rows = []
    for r, values in enumerate(grid[1:], start=2):
        extra = [c for c, v in enumerate(values[len(header) :], start=len(header) + 1) if _from_cell(v, None)]
        if extra:
            raise WorkbookError(f"工作表 {ws.title} 第{r}行第{extra[0]}列有内容，但该列没有列名")
        values = list(values[: len(header)]) + [None] * (len(header) - len(values))
        rows.append([_from_cell(v, col) for v, col in zip(values, columns)])
    while rows and not any(rows[-1]):
        rows.pop()
    return header, rows


def _sheet_words(text: str, files) -> str:
    """Name sheets instead of the staging folder's CSV files in a validation message."""
    for file in files:
        stem = file.removesuffix(".csv")
        text = re.sub(r"(?<![\w.])(?:[\w.~-]*[/\\])*" + re.escape(file), f"工作表 {stem}", text)
    return text


def import_workbook(year: int, file: str | Path, data_root: str | Path | None = None) -> list[str]:
    """Replace the year's CSV files by the workbook's tables if, together, they pass validation.

    The new folder is assembled and validated beside the data folder first; only then are the
    changed files swapped in. On any problem the data folder is left exactly as it was.
    Returns the lines to print.
    """

    tables, lines = read_workbook(file)
    data_dir = paths.data_dir(year, data_root)
    data_dir.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".import-{year}-", dir=data_dir.parent))
    try:
        staging = work / str(year)
        if data_dir.is_dir():
            shutil.copytree(data_dir, staging)
            kept = [t.file for t in schema.TABLES if t.file not in tables and (staging / t.file).exists()]
            lines += [f"警告：工作簿中没有工作表“{sheet_name(schema.TABLES_BY_FILE[f])}”，保留现有的 {f}" for f in kept]
        else:
            staging.mkdir()
        for name, (header, rows) in tables.items():
            write_rows(staging / name, header, rows)  # blank rows kept: CSV lines = sheet rows
        try:
            validate_year(staging)
        except DataError as e:
            raise WorkbookError(
                f"未导入 {file}：数据有误，{data_dir} 未作改动。行号即工作表中的行号。\n" + _sheet_words(str(e), tables)
            ) from None
        for name, (header, rows) in tables.items():
            write_rows(staging / name, header, [r for r in rows if any(r)])
        changed = _swap_in(staging, data_dir, list(tables), work / "backup")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    lines.append(
        f"已导入 {file} → {data_dir}：更新 {len(changed)} 个文件"
        + (f"（{'、'.join(changed)}）" if changed else "（内容均未改变）")
        + f"，其余 {len(tables) - len(changed)} 个不变"
    )
    warnings = check_year(data_dir, compare_previous=True).warnings
    if warnings:
        lines.append(format_problems([], warnings))
    return lines


def _swap_in(staging: Path, data_dir: Path, files: list[str], backup: Path) -> list[str]:
    """Move the staged files whose content differs into the data folder; undo everything on failure."""
    if not data_dir.exists():
        staging.rename(data_dir)
        return sorted(files)
    changed = sorted(
        f for f in files if not (data_dir / f).is_file() or (data_dir / f).read_bytes() != (staging / f).read_bytes()
    )
    backup.mkdir()
    done = []
    try:
        for f in changed:
            if (data_dir / f).exists():
                shutil.copy2(data_dir / f, backup / f)
            (staging / f).replace(data_dir / f)
            done.append(f)
    except OSError as e:
        for f in done:
            if (backup / f).exists():
                (backup / f).replace(data_dir / f)
            else:
                (data_dir / f).unlink(missing_ok=True)
        raise WorkbookError(f"写入 {data_dir} 失败（{e}）；已恢复原有文件") from None
    return changed
