"""Check a year's data folder against :mod:`zjbook.data.schema` before any notebook runs.

Every problem is collected in one run (:func:`check_year`), each as a
:class:`~zjbook.data.problems.Problem` naming the file, the line of the file (the header is
line 1), the column, what is wrong and how to fix it. :func:`validate_year` raises a
:class:`DataError` carrying all of them when any is an error. Hostile input (control
characters, oversized cells or files, absurd magnitudes, symlinks, unknown files) is refused
here, before anything else reads the folder.
"""

from __future__ import annotations

import calendar
import datetime as _dt
import difflib
import functools
import hashlib
import math
import re
import stat
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .. import paths
from ..paths import ROOT
from . import csvfile, divisions, plausibility, reporttext, review, schema
from .problems import WARNING, Problem

_CODE = re.compile(r"^[a-z][a-z0-9_]*$")
_NUMBER = re.compile(r"^-?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


# --- the result -------------------------------------------------------------------------------


@dataclass
class CheckResult:
    """What :func:`check_year` found: the typed tables (``None`` when there are errors) and the problems."""

    tables: dict[str, pd.DataFrame] | None
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    digests: dict[str, str] = field(default_factory=dict)  # file → SHA-256 of the bytes the tables come from
    #: What readers of the tables work out from them once (an :class:`~zjbook.data.edition.Edition`'s rows and
    #: figures), shared by every copy :func:`load_year` makes of one check: the copies' tables are equal.
    derived: dict = field(default_factory=dict, compare=False, repr=False)

    @property
    def ok(self) -> bool:
        return not self.errors


class DataError(Exception):
    """Bad data. Carries every error (``.problems``) and warning (``.warnings``); ``.path``, ``.line``,
    ``.column`` and ``.message`` are the first error's. Also accepts the old single-problem form
    ``DataError(path, message, line=None, column=None)``."""

    def __init__(
        self, problems, message: str | None = None, line: int | None = None, column: str | None = None, warnings=()
    ):
        if message is not None:
            problems = [Problem(Path(problems), message, line, column)]
        self.problems: list[Problem] = list(problems)
        self.warnings: list[Problem] = list(warnings)
        first = self.problems[0]
        self.path, self.line, self.column, self.message = Path(first.path), first.line, first.column, first.message
        super().__init__(str(self))

    def __str__(self) -> str:
        return format_problems(self.problems, self.warnings)

    def __reduce__(self):  # keep every problem when sent between processes
        return DataError, (self.problems, None, None, None, self.warnings)


def _display(path: Path) -> str:
    path = Path(path).absolute()
    for base in (Path.cwd().absolute(), ROOT):
        if path.is_relative_to(base):
            return str(path.relative_to(base))
    return str(path)


def format_problems(errors: list[Problem], warnings: list[Problem] | tuple = ()) -> str:
    """Every problem on its own line, grouped under a line naming its file, then a count line."""
    groups: dict[str, list[Problem]] = {}
    for p in [*errors, *warnings]:
        groups.setdefault(_display(p.path), []).append(p)
    lines = []
    for name, problems in groups.items():
        lines.append(f"{name}：")
        lines += [f"  {p}" for p in problems]
    lines.append(f"共 {len(errors)} 个错误、{len(warnings)} 个警告")
    return "\n".join(lines)


# --- one cell ---------------------------------------------------------------------------------


class Lines(tuple):
    """The file line of each row of a validated table (``frame.attrs["lines"]``), in the frame's row order.

    Immutable, and copied as itself: pandas deep-copies a frame's ``attrs`` into every frame and column derived
    from it (each ``frame[column]``), which for a list means a copy of every line number each time."""

    __slots__ = ()

    def __copy__(self) -> Lines:
        return self

    def __deepcopy__(self, memo) -> Lines:
        return self


class CellError(ValueError):
    def __init__(self, message: str, fix: str = ""):
        super().__init__(message)
        self.message, self.fix = message, fix


#: Words of the report's approximate numbers and the qualifier code each one stands for.
_QUALIFIER_WORDS = (
    ("大约", "about"),
    ("约", "about"),
    ("接近", "nearly"),
    ("近", "nearly"),
    ("超过", "over"),
    ("以上", "more_than"),
    ("多", "more_than"),
    ("余", "upwards_of"),
)
_CHINESE_DIGITS = set("〇零一二三四五六七八九十百千两")


def plain_number(value: float) -> str:
    """A number for a message: plain digits with thousands separators, never scientific notation
    (328000000 → 328,000,000; 2.95 → 2.95)."""
    if math.isfinite(value) and value == int(value):
        return f"{int(value):,}"
    return f"{value:,.6f}".rstrip("0").rstrip(".")


def _qualifier_column(col: schema.Column) -> str:
    return "growth_qualifier" if col.name == "growth_pct" else "qualifier"


def _number_hint(value: str, col: schema.Column) -> str:
    """How to write ``value`` as a plain number in ``col``."""
    v = value.replace(" ", "")
    for word, code in _QUALIFIER_WORDS:
        rest = v.removeprefix(word) if v.startswith(word) else v.removesuffix(word) if v.endswith(word) else None
        if rest and re.fullmatch(r"-?\d+(\.\d+)?", rest):  # 约2.95, 321多 (made up); not 很多
            return f"把“{word}”写成 {_qualifier_column(col)} 列的 {code}，{col.name} 只写 {rest}"
    if "%" in v:
        return f"去掉 % 号，只写 {v.replace('%', '')}"
    if re.fullmatch(r"-?\d{1,3}(,\d{3})+(\.\d+)?", v):
        return f"去掉千位分隔符，写作 {v.replace(',', '')}"
    if re.fullmatch(r"-?\d{1,3}( \d{3})+(\.\d+)?", value):
        return f"去掉数字中的空格，写作 {v}"
    if "万" in v or "亿" in v:
        return "按 unit 列的单位换算后只写数字（金额以“亿”为单位：1.2万亿元写作 12000，单位 亿元）"
    if set(v) & _CHINESE_DIGITS:
        return "用阿拉伯数字书写，不用汉字数字"
    return "只写阿拉伯数字（可带小数点和负号），不带单位、空格或其他文字"


def _allowed(vocabulary: dict) -> str:
    return "、".join(f"{k}（{v}）" if k != v else k for k, v in vocabulary.items())


def _date_hint(value: str, with_day: bool) -> str:
    digits = re.findall(r"\d+", value)
    form = "YYYY-MM-DD" if with_day else "YYYY-MM"
    example = "（四位年份，月、日各两位）"
    if len(digits) >= (3 if with_day else 2) and len(digits[0]) == 4:
        year, month = int(digits[0]), min(max(int(digits[1]), 1), 12)
        example = f"，如 {year:04d}-{month:02d}"
        if with_day:  # a valid date near the one written (Feb 30 → Feb 28 of the same year), never an impossible one
            last = calendar.monthrange(max(year, 1), month)[1]
            example += f"-{min(max(int(digits[2]), 1), last):02d}"
    return f"写作 {form}{example}；在 Excel 中把此列设为文本，以免被改成日期"


#: The problem of a required cell left blank.
BLANK = "不能为空"


def parse_cell(value: str, col: schema.Column):
    """Return the typed value of one normalised cell, or raise :class:`CellError` with the reason and fix."""
    if value == "":
        if col.required:
            raise CellError(BLANK, f"填写{col.description.split('；')[0]}")
        return None
    if col.kind in ("number", "int"):
        try:
            number = float(value)
        except ValueError:
            raise CellError(f"“{value}”不是数字", _number_hint(value, col)) from None
        if not math.isfinite(number):
            raise CellError(f"“{value}”不是有限的数值", "填写一个普通的数字")
        if not _NUMBER.match(value):  # float() also takes "1_000", "+5", " 5"
            raise CellError(f"“{value}”不是数字", _number_hint(value, col))
        if col.kind == "int":
            if number != int(number):
                raise CellError(f"“{value}”不是整数", "填写整数")
            number = int(number)
        if col.minimum is not None and number < col.minimum:
            raise CellError(f"{value} 小于下限 {col.minimum:g}", f"填写不小于 {col.minimum:g} 的数")
        if col.maximum is not None and number > col.maximum:
            raise CellError(f"{value} 超出上限 {col.maximum:g}", f"填写不大于 {col.maximum:g} 的数")
        return number
    if col.vocabulary:
        vocab = schema.VOCABULARIES[col.vocabulary]
        if value not in vocab:
            words = dict(_QUALIFIER_WORDS)
            hint = f"“{value}”应写作 {words[value]}；" if col.vocabulary == "qualifiers" and value in words else ""
            raise CellError(
                f"“{value}”不在{schema.VOCABULARY_NAMES.get(col.vocabulary, col.vocabulary)}中",
                f"{hint}可用：{_allowed(vocab)}",
            )
        return value
    if col.kind == "code" and not _CODE.match(value):
        raise CellError(f"“{value}”不是合法的标识", "只用小写英文字母、数字和下划线，以字母开头")
    if col.kind == "month":
        m = _MONTH.match(value)
        if not m or not 1 <= int(m.group(2)) <= 12:
            raise CellError(f"“{value}”不是 YYYY-MM 格式的月份", _date_hint(value, with_day=False))
    if col.kind == "date":
        try:
            if len(value) != 10:
                raise ValueError
            _dt.date.fromisoformat(value)
        except ValueError:
            raise CellError(f"“{value}”不是 YYYY-MM-DD 格式的日期", _date_hint(value, with_day=True)) from None
    return value


#: How to remove an invisible format character (bidirectional controls, zero-width characters, a BOM in a cell).
INVISIBLE_FIX = "删去这个看不见的字符：在文本编辑器中重新输入该单元格，或运行 make normalize YEAR=… 删去全部这类字符"


def _control_character(value: str) -> str | None:
    if csvfile.plain(value):
        return None
    for ch in value:
        if unicodedata.category(ch) in ("Cc", "Zl", "Zp", "Cs"):
            return f"U+{ord(ch):04X}"
    return None


# --- one file ---------------------------------------------------------------------------------


class _Collector:
    def __init__(self, data_dir: Path):
        self.data_dir = data_dir
        self.errors: list[Problem] = []
        self.warnings: list[Problem] = []
        self.digests: dict[str, str] = {}

    def error(self, path, message, line=None, column=None, fix=""):
        self.errors.append(
            Problem(Path(path), message, line, column, fix.replace("YEAR=…", f"YEAR={self.data_dir.name}"))
        )

    def warning(self, path, message, line=None, column=None, fix="", code=""):
        self.warnings.append(Problem(Path(path), message, line, column, fix, WARNING, code))


def _read_text(out: _Collector, path: Path):
    """The file's text (size checked, digest recorded), or ``None`` with the problem recorded."""
    try:
        size = path.stat().st_size
        if size > schema.MAX_FILE_BYTES:
            out.error(
                path,
                f"文件有 {size:,} 字节，超过上限 {schema.MAX_FILE_BYTES:,} 字节",
                fix="检查是否放错了文件；数据文件应只含本表的数据",
            )
            return None
        text = csvfile.read(path)
        out.digests[path.name] = text.digest
    except csvfile.CsvReadError as e:
        out.error(path, e.message, e.line, fix=e.fix)
        return None
    except OSError as e:
        out.error(path, f"无法读取：{e.strerror}", fix="检查文件的权限")
        return None
    return text


def _hidden_in_header(out: _Collector, path: Path, raw_header: list[str], header: list[str]) -> bool:
    """Record each header cell holding an invisible character; True when there is none."""
    clean = True
    for raw, name in zip(raw_header, header):
        hidden = _control_character(raw) or csvfile.format_character(raw)
        if hidden:
            out.error(path, f"列名含看不见的字符 {hidden}", line=1, column=name, fix=INVISIBLE_FIX)
            clean = False
    return clean


def _columns_match(out: _Collector, path: Path, table: schema.Table, header: list[str]) -> bool:
    """Record each missing, misspelt, unknown or repeated column; True when the header is the table's."""
    usable = True
    unknown = [name for name in header if name not in table.column_names]
    misspelt: dict[str, str] = {}  # missing column -> the unknown header cell that looks like it
    for name in table.column_names:
        if name in header:
            continue
        close = difflib.get_close_matches(name, [u for u in unknown if u not in misspelt.values()], n=1)
        if close:
            misspelt[name] = close[0]
            out.error(
                path,
                f"缺少列 {name}（表头中的“{close[0]}”像是它的误写）",
                line=1,
                column=name,
                fix=f"把表头中的“{close[0]}”改为 {name}",
            )
        else:
            out.error(
                path,
                f"缺少列 {name}",
                line=1,
                column=name,
                fix=f"在表头加入列 {name}（{table.column(name).description}）",
            )
        usable = False
    for name in unknown:
        if name not in misspelt.values():
            out.error(
                path,
                f"未知的列“{name}”",
                line=1,
                column=name,
                fix=f"删去这一列，或改为本表的列名：{', '.join(table.column_names)}",
            )
            usable = False
    if len(set(header)) != len(header):
        dup = next(h for h in header if header.count(h) > 1)
        out.error(path, f"列 {dup} 出现了不止一次", line=1, column=dup, fix="删去重复的列")
        usable = False
    return usable


def _read_header(out: _Collector, path: Path, table: schema.Table) -> tuple[list[str], list] | None:
    """The file's header and raw records, or ``None`` (with problems recorded) when its cells can't be read."""
    text = _read_text(out, path)
    if text is None:
        return None
    if not text.header or not any(h.strip() for h in text.header):
        out.error(path, "文件为空（至少需要表头行）", line=1, fix=f"第一行写表头：{','.join(table.column_names)}")
        return None
    header = [csvfile.normalize_header(h) for h in text.header]
    usable = _hidden_in_header(out, path, text.header, header)
    usable = _columns_match(out, path, table, header) and usable
    if len(text.records) > schema.MAX_ROWS:
        out.error(path, f"有 {len(text.records):,} 行数据，超过上限 {schema.MAX_ROWS:,} 行", fix="检查是否放错了文件")
        usable = False
    return (header, text.records) if usable else None


def _row_label(table: schema.Table, raw: dict[str, str], column: str) -> str:
    """What a figure row is about, so a problem in it can be fixed without opening the file:
    ``zj_total_revenue 总收入，亿元``. Empty for other tables (their key names the row well enough)."""
    if "indicator" not in table.column_names or column in ("id", "indicator"):
        return ""
    return " ".join(x for x in (raw.get("id", ""), raw.get("indicator", "")) if x) + (
        f"，{raw['unit']}" if raw.get("unit") and column != "unit" else ""
    )


def _typed_cell(raw_value: str, col: schema.Column):
    """One cell typed, or :class:`CellError` with what is wrong and how to fix it."""
    control = _control_character(raw_value)
    invisible = csvfile.format_character(raw_value)
    value = csvfile.normalize_cell(raw_value, col.kind if not col.vocabulary else "code")
    if control:
        raise CellError(f"含控制字符 {control}", "删去这个看不见的字符（可在文本编辑器中重新输入该单元格）")
    if invisible:
        raise CellError(f"含看不见的格式字符 {invisible}", INVISIBLE_FIX)
    if len(value) > schema.MAX_CELL_CHARS:
        raise CellError(f"有 {len(value)} 个字符，超过上限 {schema.MAX_CELL_CHARS}", "缩短内容；多项内容可分成多行")
    return parse_cell(value, col)


def _typed_row(out: _Collector, path: Path, table: schema.Table, line: int, raw: dict) -> tuple[dict, set]:
    """A row's cells typed (a bad one ``None``, its problem recorded) and the columns that were bad."""
    row, row_bad = {}, set()
    for col in table.columns:
        try:
            row[col.name] = _typed_cell(raw[col.name], col)
        except CellError as e:
            label = _row_label(table, raw, col.name)
            fix = e.fix + (f"（这一行：{label}）" if label else "")
            key = "/".join(raw.get(k, "") for k in table.key)
            if e.message == BLANK and all(raw.get(k) for k in table.key):  # a blank the report may not give
                fix += f"；本年报告没有给出时标为本年未报告：make confirm YEAR=… FILE={table.file} KEY={key} NOT_REPORTED='原因'"
            out.error(path, e.message, line, col.name, fix)
            row[col.name] = None
            row_bad.add(col.name)
    return row, row_bad


def _check_key(out: _Collector, path: Path, table: schema.Table, line: int, row: dict, seen: dict) -> None:
    """Record a key seen on an earlier line; remember it otherwise."""
    key = tuple(row[k] for k in table.key)
    if key in seen:
        out.error(
            path,
            f"键 {'/'.join(map(str, key))} 与第{seen[key]}行重复",
            line=line,
            column=",".join(table.key),
            fix="每个键只能出现一次：删除或合并重复的行",
        )
    else:
        seen[key] = line


def _check_required_rows(
    out: _Collector, path: Path, table: schema.Table, seen: dict, bad: set, left_out: set[str]
) -> None:
    """A required row missing (a row left out as not reported counts as present)."""
    present = ({k[0] for k in seen} | left_out) if len(table.key) == 1 else set()
    missing = [k for k in table.required_keys if k not in present]
    if missing and not any(c == table.key[0] for _, c in bad):
        out.error(
            path,
            f"缺少必需的行：{table.key[0]} = {', '.join(missing)}",
            column=table.key[0],
            fix="加入这些行（可从上一年的文件复制行，再填入本年的数字）",
        )


def _check_file(
    out: _Collector, path: Path, table: schema.Table, header: list[str], records, omitted: dict[str, str] | None = None
) -> pd.DataFrame:
    """Type every cell, recording a problem for each bad one; bad cells become ``None``. Rows whose key is in
    ``omitted`` (not reported this year, see :mod:`zjbook.data.review`) are left out unchecked; a required row
    left out so still counts as present."""
    typed, lines, bad = [], [], set()
    seen: dict[tuple, int] = {}
    left_out: set[str] = set()
    for line, cells in records:
        if len(cells) != len(header):
            out.error(
                path,
                f"应有 {len(header)} 个字段，实有 {len(cells)} 个",
                line=line,
                fix="检查该行的逗号：含逗号的内容须整体用英文双引号括起",
            )
            continue
        raw = dict(zip(header, cells))
        raw_key = "/".join(raw.get(k, "").strip() for k in table.key)
        if omitted and raw_key in omitted:
            left_out.add(raw_key)
            continue
        row, row_bad = _typed_row(out, path, table, line, raw)
        _check_figure_row(out, path, table, line, row, row_bad)
        if not any(k in row_bad for k in table.key):
            _check_key(out, path, table, line, row, seen)
        typed.append(row)
        lines.append(line)
        bad |= {(line, c) for c in row_bad}
    frame = pd.DataFrame(typed, columns=table.column_names)
    frame.attrs["lines"] = Lines(lines)
    _check_part_of(out, path, frame)
    _check_required_rows(out, path, table, seen, bad, left_out)
    return frame


#: :func:`_check_file` of the files checked before in this process, by all it depends on: the file (its path, its
#: table, the digest of its bytes) and the rows left out as not reported; the typed frame and the problems found. A
#: folder checked again after one of its files changed (an editor's save, a test's change) types only that file.
_FILE_CHECKS: dict[tuple, tuple[pd.DataFrame, list[Problem], list[Problem]]] = {}
#: Files remembered at most (an edition has about twenty); the memory starts again when full.
FILE_CHECKS_LIMIT = 256


def _checked_file(
    out: _Collector, path: Path, table: schema.Table, header: list[str], records, omitted: dict[str, str]
) -> pd.DataFrame:
    """:func:`_check_file` of a file read by :func:`_read_header` (its digest recorded in ``out``), not typed again
    while its bytes are those of a file checked before: the same problems are recorded, and the caller gets a frame
    of its own."""
    key = (str(path), table.file, out.digests[path.name], tuple(header), tuple(sorted(omitted.items())))
    found = _FILE_CHECKS.get(key)
    if found is None:
        alone = _Collector(out.data_dir)
        frame = _check_file(alone, path, table, header, records, omitted)
        if len(_FILE_CHECKS) >= FILE_CHECKS_LIMIT:
            _FILE_CHECKS.clear()
        found = _FILE_CHECKS[key] = (frame.copy(), alone.errors, alone.warnings)
    else:
        frame = found[0].copy()
    out.errors += found[1]
    out.warnings += found[2]
    return frame


def _check_figure_row(out, path: Path, table: schema.Table, line: int, row: dict, bad: set) -> None:
    if "growth_pct" not in table.column_names:
        return
    value, unit = row["value"], row["unit"]
    if value is not None and unit is not None:
        lo, hi = schema.UNIT_BOUNDS[unit]
        if not lo <= value <= hi:
            out.error(
                path,
                f"{plain_number(value)}{unit} 超出该单位的合理范围 {plain_number(lo)}～{plain_number(hi)}",
                line,
                "value",
                "检查数量级与单位：金额以“亿”为单位存放（1.2万亿元写作 12000，单位 亿元）"
                if unit not in schema.COUNT_UNITS
                else f"检查数量级：计数单位“{unit}”只写个数本身（如 321），不换算为“万”或“亿”，也不是金额",
            )
        elif unit in schema.COUNT_UNITS and value != int(value):
            out.error(path, f"计数单位“{unit}”的数值必须是整数", line, "value", "填写整数")
    if "growth_pct" in bad or "growth_qualifier" in bad:
        return
    if row["growth_pct"] is not None and row["growth_qualifier"] is None:
        out.error(
            path,
            "有增长率时必须填写增长率的限定词",
            line,
            "growth_qualifier",
            f"填写 growth_qualifier（通常为 exact；可用：{'、'.join(schema.QUALIFIERS)}）",
        )
    if row["growth_pct"] is None and row["growth_qualifier"] is not None:
        out.error(
            path,
            "没有增长率却填写了增长率的限定词",
            line,
            "growth_qualifier",
            "清空 growth_qualifier，或在 growth_pct 填入增长率",
        )
    if row["period_start"] and row["period_end"] and row["period_start"] > row["period_end"]:
        out.error(path, "统计期起始晚于截止", line, "period_start", "检查 period_start 与 period_end 是否写反")


def _check_part_of(out, path: Path, frame: pd.DataFrame) -> None:
    if "part_of" not in frame:
        return
    values = {i: v for i, v in zip(frame["id"], frame["value"]) if i is not None}
    for line, ref, value in zip(frame.attrs["lines"], frame["part_of"], frame["value"]):
        if ref is None or pd.isna(ref):
            continue
        if ref not in values:
            out.error(path, f"part_of 指向不存在的指标“{ref}”", line, "part_of", "填写同一文件中另一行的 id，或留空")
            continue
        whole = values[ref]
        if value is not None and whole is not None and not pd.isna(value) and not pd.isna(whole) and value > whole:
            out.error(
                path,
                f"组成部分 {plain_number(value)} 大于整体 {ref} 的 {plain_number(whole)}",
                line,
                "value",
                "检查两者的数值与单位：组成部分不能大于整体",
            )


# --- the folder -------------------------------------------------------------------------------


def _check_listing(out: _Collector, data_dir: Path) -> set[str]:
    """Refuse symlinks, sub-folders, special and unknown files; return the names of the usable table files."""
    usable = set()
    for entry in sorted(data_dir.iterdir()):
        name = entry.name
        if name.startswith("."):
            out.warning(entry, "隐藏文件，校验与发布时忽略", fix="如不需要可删除", code=f"hidden:{name}")
            continue
        mode = entry.lstat().st_mode
        if stat.S_ISLNK(mode):
            out.error(entry, "是符号链接，数据文件夹中不允许", fix="用文件本身替换这个链接")
        elif stat.S_ISDIR(mode):
            out.error(entry, "数据文件夹中不应有子文件夹", fix="移走这个文件夹")
        elif not stat.S_ISREG(mode):
            out.error(entry, "不是普通文件", fix="移走它")
        elif name in schema.TABLES_BY_FILE:
            usable.add(name)
        elif name not in schema.WORKFLOW_FILES:
            known = [*schema.TABLES_BY_FILE, *schema.WORKFLOW_FILES]
            close = difflib.get_close_matches(name.lower(), known, n=1)
            hint = f"是否应命名为 {close[0]}？" if close else "移出数据文件夹；"
            out.error(entry, "数据字典中没有这个文件", fix=f"{hint}可用的文件名见附录“数据字典”")
    return usable


def check_year(data_dir: Path, compare_previous: bool = False) -> CheckResult:
    """Check every file of one year's folder; collect every problem instead of stopping at the first.

    ``compare_previous``: when the folder is valid, add the plausibility warnings against the nearest
    earlier year beside it that validates (:mod:`zjbook.data.plausibility`)."""
    data_dir = Path(data_dir)
    out = _Collector(data_dir)
    if not data_dir.is_dir():
        out.error(data_dir, "数据文件夹不存在", fix="用 make new-year 建立，或检查年份")
        return CheckResult(None, out.errors, out.warnings)
    present = _check_listing(out, data_dir)
    omitted = review.not_reported_keys(data_dir)  # rows this year's report does not give: left out, not checked
    tables: dict[str, pd.DataFrame] = {}
    unusable: set[str] = set()
    for table in schema.TABLES:
        path = data_dir / table.file
        if table.file not in present:
            if not (path.exists() or path.is_symlink()) and not table.optional:
                out.error(path, "缺少文件（此文件为必需）", fix=f"建立 {table.file}（{table.title}），可从上一年复制")
            elif path.exists() or path.is_symlink():
                unusable.add(table.file)
            continue
        read = _read_header(out, path, table)
        if read is None:
            unusable.add(table.file)
            continue
        header, records = read
        if not records:
            if not table.optional:
                out.error(path, "没有数据行", fix="按报告填写数据行")
                unusable.add(table.file)
            continue  # an optional file with a header and no rows counts as absent
        frame = _checked_file(out, path, table, header, records, omitted.get(table.file, {}))
        if not (frame.empty and table.optional and omitted.get(table.file)):  # every row left out: absent
            tables[table.file] = frame
    _leave_out_dependents(tables, omitted)
    registry = _registry(out, data_dir)
    month = _period_end(data_dir, tables)
    _check_cross_references(out, data_dir, tables, unusable, registry, month)
    _check_corrections(out, data_dir, tables)
    _check_edition_year(out, data_dir, tables)
    _check_edition_choices(out, data_dir, tables)
    _check_theme_subjects(out, data_dir, tables)
    _check_divisions(out, data_dir, tables, registry, month)
    _check_citations(out, data_dir, tables)
    _check_event_subjects(out, data_dir, tables)
    _check_layout(out, data_dir, tables)
    _check_theme_districts(out, data_dir, tables)
    _check_event_titles(out, data_dir, tables)
    if compare_previous and not out.errors:
        previous = previous_year_dir(data_dir)
        if previous is not None:
            out.warnings += plausibility.compare(
                tables, int(data_dir.name), validate_year(previous), int(previous.name), data_dir
            )
    errors, warnings = sorted(out.errors, key=_order), sorted(out.warnings, key=_order)
    return CheckResult(None if errors else tables, errors, warnings, out.digests)


_RANK = {t.file: i for i, t in enumerate(schema.TABLES)}


def _order(p: Problem) -> tuple[int, int]:
    """Folder-level problems first, then the schema's file order; within a file, by line (file-wide first)."""
    return _RANK.get(Path(p.path).name, -1), p.line or 0


def validate_year(data_dir: Path) -> dict[str, pd.DataFrame]:
    """Validate every file of one year's folder; return the typed tables by file name or raise
    :class:`DataError` listing every problem."""
    tables = load_year(data_dir).tables
    assert tables is not None  # load_year raises when there are errors
    return tables


def load_year(data_dir: Path) -> CheckResult:
    """Validate every file of one year's folder; return the result (typed tables and the digest of the bytes
    each was read from) or raise :class:`DataError` listing every problem.

    A folder whose every input is byte for byte one this process has already validated is not checked again
    (every page of a build, and every test, reads the same folder): the result is keyed by the digest of all that
    validation reads (:func:`_inputs_digest`), so a changed byte is a new check, and each caller gets tables of
    its own."""
    result = checked_year(data_dir)
    if result.errors:
        raise DataError(result.errors, warnings=result.warnings)
    return CheckResult(
        {file: frame.copy() for file, frame in (result.tables or {}).items()},
        list(result.errors),
        list(result.warnings),
        dict(result.digests),
        result.derived,
    )


def checked_year(data_dir: Path) -> CheckResult:
    """:func:`check_year` of a folder (without the comparison with the previous year), not checked again while
    every input is byte for byte one this process has already checked (see :func:`load_year`). The result is
    shared: read it, never change it."""
    data_dir = Path(data_dir)
    inputs = _inputs_digest(data_dir)
    return check_year(data_dir) if inputs is None else _checked(str(data_dir.resolve()), inputs)


def _inputs_digest(data_dir: Path) -> str | None:
    """SHA-256 of everything :func:`check_year` reads for a folder: each entry's name and kind, each file's bytes
    (a link's target), and the divisions registry in force. None when any of it can't be read whole, or a file
    is over the size limit: the folder is then checked afresh, and validation says what is wrong."""
    try:
        if not data_dir.is_dir():
            return None
        digest = hashlib.sha256()
        for entry in sorted(data_dir.iterdir()):
            status = entry.lstat()
            digest.update(f"{entry.name}\0{status.st_mode}\0".encode())
            if stat.S_ISLNK(status.st_mode):
                digest.update(str(entry.readlink()).encode())
            elif stat.S_ISREG(status.st_mode):
                if status.st_size > schema.MAX_FILE_BYTES:
                    return None
                digest.update(hashlib.sha256(entry.read_bytes()).digest())
        registry = divisions.registry_path(data_dir.parent)
        digest.update(f"{registry}\0".encode() + (registry.read_bytes() if registry.is_file() else b""))
    except OSError:
        return None
    return digest.hexdigest()


@functools.lru_cache(maxsize=8)
def _checked(data_dir: str, inputs: str) -> CheckResult:
    """:func:`check_year` of a folder whose inputs have the digest ``inputs`` (the key; only the caller reads it)."""
    return check_year(Path(data_dir))


def _targets(reference: str, tables: dict[str, pd.DataFrame]) -> tuple[set, str, str | None]:
    if reference == schema.FIGURE_ID:
        ids = set()
        for file in schema.FIGURE_FILES:
            if file in tables:
                ids |= set(tables[file]["id"])
        return ids, "任何数字表的 id", None
    file, column = reference.split(":")
    return (set(tables[file][column]) if file in tables else set()), f"{file} 的 {column}", file


def _check_cross_references(
    out: _Collector,
    data_dir: Path,
    tables: dict[str, pd.DataFrame],
    unusable: set,
    registry: list[divisions.Division] | None = None,
    month: str = "",
) -> None:
    gone = divisions.renamed(registry or [], month) if month else {}
    seen: dict[str, str] = {}
    for file in schema.FIGURE_FILES:
        if file in tables:
            for line, fid in zip(tables[file].attrs["lines"], tables[file]["id"]):
                if fid is None:
                    continue
                if fid in seen and seen[fid] != file:  # a repeat within one file is reported as a duplicate key
                    out.error(
                        data_dir / file,
                        f"id “{fid}”已在 {seen[fid]} 中使用；数字的 id 须全书唯一",
                        line,
                        "id",
                        "改用另一个 id",
                    )
                else:
                    seen.setdefault(fid, file)
    for table in schema.TABLES:
        if table.file not in tables:
            continue
        frame = tables[table.file]
        for col in table.columns:
            if not col.references:
                continue
            allowed, what, target = _targets(col.references, tables)
            if target in unusable or (target is None and unusable & set(schema.FIGURE_FILES)):
                continue  # the target's own problems are listed; don't repeat them here
            for line, value in zip(frame.attrs["lines"], frame[col.name]):
                if value is None or pd.isna(value) or value in allowed:
                    continue
                if col.references == schema.DISTRICT and value in gone:
                    continue  # said by _check_divisions, with the successor
                noun = "区县" if col.references == schema.DISTRICT else "引用"
                if col.references == schema.FIGURE_ID:  # an orphan: the figure was removed or renamed
                    out.error(
                        data_dir / table.file,
                        f"引用的数字“{value}”不在任何数字表中（已删去或改了 id）",
                        line,
                        col.name,
                        f"清空 {col.name}，或改为现有数字的 id，或在数字表中补回 id 为 {value} 的行",
                    )
                    continue
                if len(allowed) <= 20 and allowed:
                    fix = f"可用：{'、'.join(sorted(map(str, allowed)))}"
                else:
                    fix = f"填写{what}中已有的值" + ("，或留空" if not col.required else "")
                out.error(data_dir / table.file, f"未知的{noun}“{value}”（不在{what}中）", line, col.name, fix)


def _data_texts(tables: dict[str, pd.DataFrame]) -> list[str]:
    """Every text cell of the data tables (not the corrections and translations that refer to them)."""
    skip = {"corrections.csv", *schema.TRANSLATION_FILES}
    return [
        str(value)
        for file, frame in tables.items()
        if file not in skip and file in schema.TABLES_BY_FILE
        for col in schema.TABLES_BY_FILE[file].columns
        if col.kind == "text" and col.name in frame.columns
        for value in frame[col.name]
        if isinstance(value, str) and value
    ] + [str(z) for file in ("glossary.csv",) if file in tables for z in tables[file]["zh"]]


def _check_corrections(out: _Collector, data_dir: Path, tables: dict[str, pd.DataFrame]) -> None:
    """A correction is carried out in the data (the printed form is gone, the corrected one used); a doubt keeps the
    printed form in the data."""
    corrections = tables.get("corrections.csv")
    if corrections is None:
        return
    texts = _data_texts(tables)
    path = data_dir / "corrections.csv"
    # A data file that is there but was not read (unreadable, misnamed: already an error) may hold the text:
    # no second error for it.
    unread = any(entry.suffix.lower() == ".csv" and entry.name not in tables for entry in data_dir.iterdir())
    for line, row in zip(corrections.attrs["lines"], corrections.to_dict("records")):
        printed, corrected = row["printed"], row["corrected"]
        still = sum(printed in t for t in texts)
        has_corrected = isinstance(corrected, str) and bool(corrected)
        if row["status"] == "corrected" and not has_corrected:
            out.error(path, f"已改正的“{printed}”没有写出改正后的写法", line, "corrected", "填写数据中采用的写法")
        elif row["status"] == "corrected" and still:
            out.error(
                path,
                f"数据中仍有原文“{printed}”（{still} 处）",
                line,
                "printed",
                f"把这些单元格中的“{printed}”改为“{corrected}”",
            )
        elif not still and not (row["status"] == "corrected" and any(corrected in t for t in texts)) and not unread:
            out.error(
                path,
                f"“{printed}”在数据中找不到",
                line,
                "printed",
                "存疑的写法照原文保留在数据中；不适用于本年的行删去",
            )


def _check_theme_subjects(out: _Collector, data_dir: Path, tables: dict[str, pd.DataFrame]) -> None:
    """Every theme belongs to the zone or to the districts: a theme of another subject would appear on no page."""
    themes = tables.get("themes.csv")
    if themes is None:
        return
    for line, value in zip(themes.attrs["lines"], themes["subject"]):
        if isinstance(value, str) and value not in schema.THEME_SUBJECTS:
            out.error(
                data_dir / "themes.csv",
                f"subject 为“{value}”，不是{'或'.join(f'“{s}”' for s in schema.THEME_SUBJECTS)}",
                line,
                "subject",
                "示范区的主题写“张江示范区”，区县的主题写“区县”（即使这一年已没有县，也写“区县”）",
            )


def _check_edition_choices(out: _Collector, data_dir: Path, tables: dict[str, pd.DataFrame]) -> None:
    """Optional edition.csv keys that take one of a few values have one of them."""
    edition = tables.get("edition.csv")
    if edition is None:
        return
    for line, key, value in zip(edition.attrs["lines"], edition["key"], edition["value"]):
        if key == schema.INDUSTRY_TABLE_KEY and value not in schema.INDUSTRY_TABLE_SOURCES:
            out.error(
                data_dir / "edition.csv",
                f"{key} 为“{value}”，只能是 {' 或 '.join(schema.INDUSTRY_TABLE_SOURCES)}",
                line,
                "value",
                "报告文本缺区县产业表的内容、由叙述重建时写 text；表格取自报告时写 table；不确定时删去这一行",
            )


def _check_edition_year(out: _Collector, data_dir: Path, tables: dict[str, pd.DataFrame]) -> None:
    """The edition's year matches its folder, and every period ends and every event falls in that year."""
    edition = tables.get("edition.csv")
    if edition is None:
        return
    keys = list(edition["key"])
    if "year" not in keys:
        return
    line = edition.attrs["lines"][keys.index("year")]
    year = edition["value"].iloc[keys.index("year")]
    if year is None:
        return
    if paths.is_year_name(data_dir.name) and year != data_dir.name:
        out.error(
            data_dir / "edition.csv",
            f"year 为 {year}，与文件夹名 {data_dir.name} 不符",
            line,
            "value",
            f"把 year 改为 {data_dir.name}，或把文件夹改名为 {year}",
        )
        return
    dated = [(f, "period_end") for f in schema.FIGURE_FILES] + [("events.csv", "date")]
    for file, column in dated:
        frame = tables.get(file)
        if frame is None:
            continue
        for line, value in zip(frame.attrs["lines"], frame[column]):
            if isinstance(value, str) and value[:4] != year:
                out.error(
                    data_dir / file,
                    f"“{value}”不在本版次的年份 {year} 内",
                    line,
                    column,
                    f"填写 {year} 年的{'月份' if column == 'period_end' else '日期'}（是否沿用了旧年份的数据？）",
                )


# --- rows not reported this year ---------------------------------------------------------------


def _leave_out_dependents(tables: dict[str, pd.DataFrame], omitted: dict[str, dict[str, str]]) -> None:
    """Rows that belong to a row left out as not reported (a theme's measures, a box's items) are left out with
    it; a reference to a figure left out is cleared (the action or event stands without its number)."""
    gone = {file: set(keys) for file, keys in omitted.items()}
    for table in schema.TABLES:
        frame = tables.get(table.file)
        if frame is None:
            continue
        keep = [True] * len(frame)
        for col in table.columns:
            if col.references == schema.FIGURE_ID:
                figures = set().union(*(gone.get(f, set()) for f in schema.FIGURE_FILES))
                if figures:
                    frame[col.name] = [None if v in figures else v for v in frame[col.name]]
            elif col.references and col.references != schema.DISTRICT:
                target, column = col.references.split(":")
                if schema.TABLES_BY_FILE[target].key == (column,) and gone.get(target):
                    keep = [k and v not in gone[target] for k, v in zip(keep, frame[col.name])]
        if not all(keep):
            lines = [n for n, k in zip(frame.attrs["lines"], keep) if k]
            key_col = table.key
            dropped = frame[[not k for k in keep]]
            gone.setdefault(table.file, set()).update(
                "/".join(str(r[c]) for c in key_col) for r in dropped.to_dict("records")
            )
            frame = frame[keep].reset_index(drop=True)
            frame.attrs["lines"] = Lines(lines)
            if frame.empty and table.optional:  # like an optional file with a header only: absent
                del tables[table.file]
            else:
                tables[table.file] = frame


_LAYOUT = re.compile(r"([0-9]+|[零〇一二两三四五六七八九十百]+)区([0-9]+|[零〇一二两三四五六七八九十百]+)园")


def _count(text: str) -> int:
    return int(text) if text.isdigit() else reporttext.parse_cn(text)


def _check_layout(out: _Collector, data_dir: Path, tables: dict[str, pd.DataFrame]) -> None:
    """A number written inside a text ("一区二十二园" in facts.csv) agrees with the figures holding the same
    fact (zj_zones, zj_subparks in zhangjiang_structure.csv): a layout carried from last year while the
    sub-parks changed is flagged (a warning, which must be corrected or acknowledged before release)."""
    facts, structure = tables.get("facts.csv"), tables.get("zhangjiang_structure.csv")
    if facts is None or structure is None:
        return
    values = {i: v for i, v in zip(structure["id"], structure["value"]) if isinstance(v, int | float) and pd.notna(v)}
    for line, text in zip(facts.attrs["lines"], facts["text"]):
        for m in _LAYOUT.finditer(text if isinstance(text, str) else ""):
            for fid, written in (("zj_zones", m.group(1)), ("zj_subparks", m.group(2))):
                if fid in values and _count(written) != values[fid]:
                    out.warning(
                        data_dir / "facts.csv",
                        f"“{m.group()}”写的是 {_count(written)}，而 zhangjiang_structure.csv 的 {fid} 为 "
                        f"{plain_number(values[fid])}",
                        line,
                        "text",
                        "两处写同一件事：按新报告改正其中一处（沿用上一版的格局文字须与本年的数字一致）",
                        code=f"layout:{fid}",
                    )


def _check_event_subjects(out: _Collector, data_dir: Path, tables: dict[str, pd.DataFrame]) -> None:
    """Only the zizhu page has a timeline: an event of another subject would be shown nowhere."""
    frame = tables.get("events.csv")
    if frame is None:
        return
    shown = "、".join(schema.EVENT_SUBJECTS)
    zone = schema.THEME_SUBJECTS[0]  # 张江示范区: its year's work is told by its themes and their measures
    for line, subject in zip(frame.attrs["lines"], frame["subject"]):
        if isinstance(subject, str) and subject not in schema.EVENT_SUBJECTS:
            where = (
                "示范区的事可写进 theme_measures.csv 中它所属主题的举措"
                if subject == zone
                else "区县的事可写进 district_actions.csv 的举措"
            )
            out.error(
                data_dir / "events.csv",
                f"主体为“{subject}”的事件不会出现在任何页面：书中只有{shown}的大事时间线，示范区和区县的事件没有页面",
                line,
                "subject",
                f"删去这一行（{where}），或在确是{shown}的事时把 subject 改为它",
            )


#: The subject of the themes of section 4.2, whose districts are listed in district_actions.csv.
DISTRICT_THEME_SUBJECT = "区县"


def _check_theme_districts(out: _Collector, data_dir: Path, tables: dict[str, pd.DataFrame]) -> None:
    """A theme of the districts with no district's action would be counted as a theme of 0 districts: a warning
    (it blocks the release) until the actions are written or the theme is marked not reported."""
    themes, actions = tables.get("themes.csv"), tables.get("district_actions.csv")
    if themes is None:
        return
    named = Counter() if actions is None else Counter(actions["theme_id"])
    year = data_dir.name
    for line, row in zip(themes.attrs["lines"], themes.to_dict("records")):
        if row.get("subject") == DISTRICT_THEME_SUBJECT and not named[row["theme_id"]]:
            out.warning(
                data_dir / "themes.csv",
                f"主题“{row['title']}”下没有任何区县的举措（district_actions.csv 中没有 theme_id 为 {row['theme_id']} 的行）："
                "书中会把它算作涉及0个区县的主题",
                line,
                "theme_id",
                f"按新报告在 district_actions.csv 中写出这一主题下各区县的举措；报告没有这一主题时标为本年未报告："
                f"make confirm YEAR={year} FILE=themes.csv KEY={row['theme_id']} NOT_REPORTED='原因'",
                f"empty_theme:{row['theme_id']}",
            )


def _check_event_titles(out: _Collector, data_dir: Path, tables: dict[str, pd.DataFrame]) -> None:
    """Two events of one title (“紫竹高新区举行”, a place and a verb) say nothing of what happened: an error."""
    frame = tables.get("events.csv")
    if frame is None:
        return
    first: dict[str, int] = {}
    for line, title in zip(frame.attrs["lines"], frame["title"]):
        if not isinstance(title, str):
            continue
        if title in first:
            out.error(
                data_dir / "events.csv",
                f"事件标题“{title}”与第{first[title]}行相同：时间线上两件事无法区分",
                line,
                "title",
                "把标题写成这件事本身（如“紫竹创业园二期开园”），而不是地点加动词",
            )
        else:
            first[title] = line


def _check_citations(out: _Collector, data_dir: Path, tables: dict[str, pd.DataFrame]) -> None:
    """A figure cited by a row (``figure_id``) is about that row's subject: an action of 静安区 cannot cite a
    figure of 闸北区 (after a figure is moved to another district, the action that cites it must move too)."""
    subjects: dict[str, tuple[str, str]] = {}
    for file in schema.FIGURE_FILES:
        frame = tables.get(file)
        if frame is not None:
            subjects |= {i: (s, file) for i, s in zip(frame["id"], frame["subject"]) if isinstance(i, str)}
    districts = tables.get("districts.csv")
    known = set(schema.EVENT_SUBJECTS) | (set(districts["district"]) if districts is not None else set())
    for file, column in (("district_actions.csv", "district"), ("events.csv", "subject")):
        frame = tables.get(file)
        if frame is None:
            continue
        for line, who, fid in zip(frame.attrs["lines"], frame[column], frame["figure_id"]):
            if not isinstance(fid, str) or fid not in subjects or not isinstance(who, str):
                continue
            subject, where = subjects[fid]
            if subject != who and subject in known:  # an unknown subject is reported as such
                out.error(
                    data_dir / file,
                    f"引用的数字 {fid} 属于“{subject}”（{where}），而这一行属于“{who}”",
                    line,
                    "figure_id",
                    f"把两者改为同一主体：核对报告后改这一行的 {column}，或改 {where} 中 {fid} 的 subject，"
                    "或清空 figure_id",
                )


# --- the divisions in force --------------------------------------------------------------------


def _registry(out: _Collector, data_dir: Path) -> list[divisions.Division] | None:
    try:
        return divisions.read(data_dir.parent)
    except divisions.DivisionsError as e:
        out.error(divisions.registry_path(data_dir.parent), str(e), fix="改正区划表 divisions.csv（见其说明）")
        return None


def _period_end(data_dir: Path, tables: dict[str, pd.DataFrame]) -> str:
    """The month whose divisions the edition uses (see :func:`zjbook.data.divisions.period_end`)."""
    edition = tables.get("edition.csv")
    meta = dict(zip(edition["key"], edition["value"])) if edition is not None else {}
    year = meta.get("year") or (data_dir.name if paths.is_year_name(data_dir.name) else None)
    if not year or (paths.is_year_name(data_dir.name) and year != data_dir.name):
        return ""  # the year itself is wrong (said by _check_edition_year): nothing to compare with
    return divisions.period_end(year, meta.get("data_as_of"))


def _district_cells(tables: dict[str, pd.DataFrame]):
    """Every cell that names a district: (file, line, column, name)."""
    for table in schema.TABLES:
        frame = tables.get(table.file)
        if frame is None or table.file == "districts.csv":
            continue
        for col in table.columns:
            if col.references == schema.DISTRICT:
                for line, value in zip(frame.attrs["lines"], frame[col.name]):
                    if isinstance(value, str):
                        yield table.file, line, col.name, value


def _check_divisions(out: _Collector, data_dir: Path, tables: dict[str, pd.DataFrame], registry, month: str) -> None:
    """districts.csv lists exactly the divisions in force at the period's end; nothing cites one that had ended."""
    if registry is None or not month:
        return
    where = divisions.registry_path(data_dir.parent)
    expected = {d.district: d for d in divisions.in_force(registry, month)}
    frame = tables.get("districts.csv")
    if frame is not None:
        listed = {}
        for line, name, kind in zip(frame.attrs["lines"], frame["district"], frame["kind"]):
            if name is None:
                continue
            listed[name] = line
            if name not in expected:
                gone = divisions.ended(registry, name, month)
                later = divisions.successor(registry, name, month)
                out.error(
                    data_dir / "districts.csv",
                    f"“{name}”在 {month} 已不是上海的区县"
                    + (f"（{divisions.describe_end(gone)}）" if gone else "（区划表中没有这个名称）"),
                    line,
                    "district",
                    (f"删去这一行；它的位置由“{later.district}”接替" if later else "删去这一行")
                    + f"（本版次的区县取自 {where.name} 中 {month} 在册的区县）",
                )
            elif kind is not None and kind != expected[name].kind:
                out.error(
                    data_dir / "districts.csv",
                    f"“{name}”在 {month} 是{expected[name].kind}，不是{kind}",
                    line,
                    "kind",
                    f"kind 写 {expected[name].kind}",
                )
        missing = [n for n in expected if n not in listed]
        if missing:
            out.error(
                data_dir / "districts.csv",
                f"缺少 {month} 在册的区县：{'、'.join(missing)}",
                column="district",
                fix=f"加入这些行（名称、简称、类别与瓦片位置见 {where.name}）",
            )
    moved = divisions.renamed(registry, month)
    for file, line, column, name in _district_cells(tables):
        if name in moved:
            end = divisions.ended(registry, name, month)
            out.error(
                data_dir / file,
                f"“{name}”在本版次的统计期末（{month}）已不存在" + (f"：{divisions.describe_end(end)}" if end else ""),
                line,
                column,
                f"改为“{moved[name]}”（若新报告确实写的是这一区县的事）",
            )
    covered = tables.get("zhangjiang_structure.csv")
    if covered is not None:
        for line, fid, value in zip(covered.attrs["lines"], covered["id"], covered["value"]):
            if fid == "zj_districts_covered" and isinstance(value, float | int) and value > len(expected):
                out.error(
                    data_dir / "zhangjiang_structure.csv",
                    f"覆盖区县 {plain_number(value)} 个，多于 {month} 全市的 {len(expected)} 个区县",
                    line,
                    "value",
                    f"核对报告原文：全市在 {month} 共有 {len(expected)} 个区县",
                )


def previous_year_dir(data_dir: Path) -> Path | None:
    """The nearest earlier year's folder beside ``data_dir`` whose data validates, or None."""
    data_dir = Path(data_dir)
    if not paths.is_year_name(data_dir.name):
        return None
    for candidate in reversed(paths.year_folders(data_dir.parent)):
        if int(candidate.name) >= int(data_dir.name):
            continue
        if not check_year(candidate).errors:
            return candidate
    return None
