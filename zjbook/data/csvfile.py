"""CSV files of a data folder as text: one reader and one canonical writer for every tool.

The canonical form is what the project stores and publishes: UTF-8 without BOM, LF line ends,
a header row, fields quoted only where needed. The reader also accepts what Excel writes
(a BOM, CRLF, full-width digits and spaces) and names GBK/GB18030 files with the fix.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from . import schema


def number_text(x: float) -> str:
    """The shortest decimal text that reads back as ``x``, never in exponent form: 31200, 3.75, 0.5 (made up)."""
    text = np.format_float_positional(float(x), trim="-")
    return "0" if text == "-0" else text


def write_rows(path: Path, header: list[str], rows: list[list[str]]) -> None:
    """Write ``header`` and ``rows`` (lists of cell texts) to ``path`` in the canonical form, atomically."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(canonical_text(header, rows), encoding="utf-8", newline="")
    tmp.replace(path)


def canonical_text(header: list[str], rows: list[list[str]]) -> str:
    """The canonical CSV text of a table given as cell texts."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


# --- reading ----------------------------------------------------------------------------------

#: Whitespace other than ASCII (no-break, ideographic, thin spaces…) that spreadsheets and word
#: processors leave in cells; each becomes a plain space.
_SPACE = re.compile(r"[^\S\x00-\x7f\x85]")
#: Names of the invisible format characters most often met in text copied from PDFs, web pages and
#: word processors. Validation refuses every format character (Unicode category Cf) inside a cell:
#: bidirectional controls can make a cell read differently from what it holds, zero-width ones make two
#: equal-looking names differ. ``make normalize`` deletes them (and says so); a BOM that starts a file is fine.
#: (Keyed by the Unicode name, the code point said by ``U+…`` in the message.)
_NAMES = {
    "SOFT HYPHEN": "软连字符",
    "ARABIC LETTER MARK": "阿拉伯字母标记",
    "MONGOLIAN VOWEL SEPARATOR": "蒙古文元音分隔符",
    "ZERO WIDTH SPACE": "零宽空格",
    "ZERO WIDTH NON-JOINER": "零宽不连字",
    "ZERO WIDTH JOINER": "零宽连字",
    "LEFT-TO-RIGHT MARK": "从左至右标记",
    "RIGHT-TO-LEFT MARK": "从右至左标记",
    "LEFT-TO-RIGHT EMBEDDING": "从左至右嵌入",
    "RIGHT-TO-LEFT EMBEDDING": "从右至左嵌入",
    "POP DIRECTIONAL FORMATTING": "弹出方向格式",
    "LEFT-TO-RIGHT OVERRIDE": "从左至右强制",
    "RIGHT-TO-LEFT OVERRIDE": "从右至左强制",
    "WORD JOINER": "单词连接符",
    "FUNCTION APPLICATION": "函数应用",
    "INVISIBLE TIMES": "不可见乘号",
    "INVISIBLE SEPARATOR": "不可见分隔符",
    "INVISIBLE PLUS": "不可见加号",
    "LEFT-TO-RIGHT ISOLATE": "从左至右隔离",
    "RIGHT-TO-LEFT ISOLATE": "从右至左隔离",
    "FIRST STRONG ISOLATE": "首字强隔离",
    "POP DIRECTIONAL ISOLATE": "弹出方向隔离",
    "ZERO WIDTH NO-BREAK SPACE": "字节顺序标记（BOM）",
}
FORMAT_CHARACTER_NAMES = {ord(unicodedata.lookup(name)): zh for name, zh in _NAMES.items()}


# Named, not written as numbers (the project's check for typed figures reads hex digits too).
_WORD_JOINER, _NOMINAL_DIGIT_SHAPES = ord("\N{WORD JOINER}"), ord("\N{NOMINAL DIGIT SHAPES}")
_MONGOLIAN_FVS_ONE = ord("\N{MONGOLIAN FREE VARIATION SELECTOR ONE}")
_MONGOLIAN_FVS_FOUR = ord("\N{MONGOLIAN FREE VARIATION SELECTOR FOUR}")

#: Invisible characters outside category Cf, with the names messages give them: Unicode's default-ignorable code
#: points (DerivedCoreProperties.txt: the Hangul fillers, variation selectors, the combining grapheme joiner,
#: invisible Khmer vowels, Mongolian selectors, and the reserved ranges kept for such characters) and the blank
#: braille pattern, drawn as nothing.
_OTHER_INVISIBLE = {
    **{
        cp: "看不见的保留字符"
        for cp in (*range(_WORD_JOINER, _NOMINAL_DIGIT_SHAPES + 1), *range(0xFFF0, 0xFFF9), *range(0xE0000, 0xE1000))
    },
    **{cp: "韩文填充符" for cp in (0x115F, 0x1160, 0x3164, 0xFFA0)},
    **{
        cp: "变体选择符"
        for cp in (
            *range(_MONGOLIAN_FVS_ONE, _MONGOLIAN_FVS_FOUR + 1),
            *range(0xFE00, 0xFE10),
            *range(0xE0100, 0xE01F0),
        )
    },
    **{cp: "看不见的组合字符" for cp in (0x034F, 0x17B4, 0x17B5, *range(0x1BCA0, 0x1BCA4))},
    0x2800: "空白盲文点字",
}


def invisible(ch: str) -> bool:
    """Whether a character is an invisible format character: category Cf, a Hangul filler or a variation
    selector."""
    return unicodedata.category(ch) == "Cf" or ord(ch) in _OTHER_INVISIBLE


#: Characters that are neither invisible nor control characters, and make up nearly every cell (ASCII, common CJK
#: ideographs and punctuation, full-width forms): a cell of these alone needs no look at each character.
_PLAIN = re.compile(
    "[ -~\N{MIDDLE DOT}\N{MULTIPLICATION SIGN}\N{HYPHEN}-\N{HYPHENATION POINT}"
    "\N{IDEOGRAPHIC SPACE}-\N{RIGHT BLACK LENTICULAR BRACKET}\N{CJK UNIFIED IDEOGRAPH-4E00}-\N{CJK UNIFIED IDEOGRAPH-9FA5}"
    "\N{FULLWIDTH EXCLAMATION MARK}-\N{FULLWIDTH TILDE}]*"
)


def plain(value: str) -> bool:
    """Whether ``value`` holds only characters that are certainly visible and not control characters."""
    return _PLAIN.fullmatch(value) is not None


def format_character(value: str) -> str | None:
    """The first invisible format character in ``value``, as ``U+202E（从右至左强制）``; or None."""
    if plain(value):
        return None
    for ch in value:
        if invisible(ch):
            name = (
                FORMAT_CHARACTER_NAMES.get(ord(ch)) or _OTHER_INVISIBLE.get(ord(ch)) or unicodedata.name(ch, "格式字符")
            )
            return f"U+{ord(ch):04X}（{name}）"
    return None


def _shown(value: str) -> str:
    """A cell as a terminal can show it: each invisible format character written as ``<U+202E>``."""
    return "".join(f"<U+{ord(ch):04X}>" if invisible(ch) else ch for ch in value)


def _drop_format_characters(value: str) -> str:
    if plain(value):
        return value
    return "".join(ch for ch in value if not invisible(ch))


#: Cell kinds whose content is ASCII by contract, so NFKC (full-width → half-width) is safe.
ASCII_KINDS = frozenset({"number", "int", "code", "month", "date"})


class CsvReadError(ValueError):
    """A file that cannot be read as CSV text: what is wrong, where, and how to fix it."""

    def __init__(self, message: str, line: int | None = None, fix: str = ""):
        super().__init__(message)
        self.message, self.line, self.fix = message, line, fix


@dataclass
class CsvText:
    """A CSV file read as text: header, records with the line each starts on, and how the file was stored."""

    header: list[str]
    records: list[tuple[int, list[str]]]
    encoding: str  # "utf-8", "utf-8-sig" (with BOM) or "gb18030"
    line_ends: str  # "LF", "CRLF", "CR" or "" (a single line without end)
    digest: str = ""  # SHA-256 of the bytes read (what a page that uses the file depends on)


def decode(raw: bytes, allow_gb18030: bool = False) -> tuple[str, str]:
    """Return ``(text, encoding)``. GB18030/GBK files (as Excel saves "CSV" on Chinese Windows) raise
    :class:`CsvReadError` unless ``allow_gb18030``."""
    if raw.startswith(b"PK\x03\x04"):
        raise CsvReadError("这是 Excel 工作簿（.xlsx），不是 CSV 文本", fix="在 Excel 中另存为“CSV UTF-8（逗号分隔）”")
    try:
        return raw.decode("utf-8-sig"), ("utf-8-sig" if raw.startswith(b"\xef\xbb\xbf") else "utf-8")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
    try:
        text = raw.decode("gb18030")
    except UnicodeDecodeError:
        raise CsvReadError(
            "不是 UTF-8 编码的文本，也无法按 GBK/GB18030 读取",
            line=line,
            fix="在 Excel 或文本编辑器中另存为“CSV UTF-8（逗号分隔）”",
        ) from None
    if allow_gb18030:
        return text, "gb18030"
    raise CsvReadError(
        "不是 UTF-8 编码的文本（像是 Excel 保存的 GBK/GB18030）",
        line=line,
        fix="在 Excel 中另存为“CSV UTF-8（逗号分隔）”，或运行 make normalize YEAR=…",
    )


def _line_ends(text: str) -> str:
    if "\r\n" in text:
        return "CRLF"
    if "\r" in text:
        return "CR"
    return "LF" if "\n" in text else ""


def parse(text: str, encoding: str = "utf-8") -> CsvText:
    """Split decoded text into header and records (line numbers count from the header, line 1).

    Fully blank records are skipped; cells are returned as stored (see :func:`normalize_cell`).
    """
    reader = csv.reader(io.StringIO(text, newline=""))
    records: list[tuple[int, list[str]]] = []
    header: list[str] | None = None
    start = 1
    try:
        for cells in reader:
            if header is None:
                header = cells
            elif any(c.strip() for c in cells):
                records.append((start, cells))
            start = reader.line_num + 1
    except csv.Error as e:
        raise CsvReadError(
            f"无法按 CSV 读取：{e}",
            line=start,
            fix="检查该行的英文双引号是否成对；含逗号或引号的内容须整体用双引号括起",
        ) from None
    return CsvText(header or [], records, encoding, _line_ends(text))


def read(path: Path, allow_gb18030: bool = False) -> CsvText:
    """Read a CSV file of a data folder (UTF-8 with or without BOM, any line ends)."""
    raw = Path(path).read_bytes()
    text, encoding = decode(raw, allow_gb18030)
    parsed = parse(text, encoding)
    parsed.digest = hashlib.sha256(raw).hexdigest()
    return parsed


def normalize_cell(value: str, kind: str = "text") -> str:
    """The canonical form of one cell: unusual spaces become plain spaces and are trimmed, invisible
    format characters are dropped; in ASCII kinds (numbers, codes, months, dates) full-width characters
    become half-width (NFKC). Chinese text is never NFKC-normalised (it would turn ；into ;).
    Validation refuses a cell with an invisible character (:func:`format_character`) before this runs."""
    value = _SPACE.sub(" ", _drop_format_characters(value))
    if kind in ASCII_KINDS:
        value = unicodedata.normalize("NFKC", value).replace("\u2212", "-")
    return value.strip()


def normalize_header(name: str) -> str:
    return normalize_cell(name, "code")


# --- normalising a folder -----------------------------------------------------------------------


class NormalizeError(RuntimeError):
    """A folder that can't be normalised; nothing was changed."""


def _kind_of(table, name: str) -> str:
    col = next((c for c in table.columns if c.name == name), None)
    if col is None:
        return "text"
    return "code" if col.vocabulary else col.kind


def normalize_text(raw: bytes, table) -> tuple[str, list[str]]:
    """The canonical text of one table file given as bytes, and a description of each change made."""
    text, encoding = decode(raw, allow_gb18030=True)
    parsed = parse(text, encoding)
    changes = []
    if encoding == "gb18030":
        changes.append("由 GBK/GB18030 转为 UTF-8")
    elif encoding == "utf-8-sig":
        changes.append("去掉 BOM")
    if parsed.line_ends not in ("LF", ""):
        changes.append(f"换行由 {parsed.line_ends} 改为 LF")
    header = [normalize_header(h) for h in parsed.header]
    if header != parsed.header:
        changes.append("规范了表头")
    kinds = [_kind_of(table, h) for h in header]
    rows, cells = [], []
    for line, record in parsed.records:
        row = [normalize_cell(c, kinds[i] if i < len(kinds) else "text") for i, c in enumerate(record)]
        for i, (old, new) in enumerate(zip(record, row)):
            if old != new:
                cells.append(f"第{line}行 {header[i] if i < len(header) else i + 1}：“{_shown(old)}”→“{new}”")
        rows.append(row)
    if cells:
        shown = "；".join(cells[:5]) + (f"；另有 {len(cells) - 5} 处" if len(cells) > 5 else "")
        changes.append(f"规范了 {len(cells)} 个单元格（{shown}）")
    canonical = canonical_text(header, rows)
    if not changes and canonical.encode("utf-8") != raw:
        changes.append("按规范格式重写（引号、空行或文件末尾的换行）")
    return canonical, changes


def normalize_folder(data_dir: Path, max_bytes: int | None = None) -> list[str]:
    """Rewrite the table files of ``data_dir`` in canonical form, all or nothing; return one line per change.

    Only files the schema knows are touched; symlinks and files larger than ``max_bytes`` refuse the
    whole run (:class:`NormalizeError`) before anything is written.
    """
    data_dir = Path(data_dir)
    max_bytes = schema.MAX_FILE_BYTES if max_bytes is None else max_bytes
    if not data_dir.is_dir():
        raise NormalizeError(f"数据文件夹不存在：{data_dir}")
    planned: list[tuple[Path, str, list[str]]] = []
    for table in schema.TABLES:
        path = data_dir / table.file
        if path.is_symlink():
            raise NormalizeError(f"{path.name} 是符号链接，未做任何修改；请用文件本身替换它")
        if not path.is_file():
            continue
        if path.stat().st_size > max_bytes:
            raise NormalizeError(f"{path.name} 超过 {max_bytes:,} 字节，未做任何修改")
        raw = path.read_bytes()
        try:
            text, changes = normalize_text(raw, table)
        except CsvReadError as e:
            where = f" 第{e.line}行" if e.line else ""
            raise NormalizeError(f"{path.name}{where}：{e.message}，未做任何修改") from None
        if changes:
            planned.append((path, text, changes))
    tmps = []
    try:
        for path, text, _ in planned:
            tmp = path.with_name(f".{path.name}.tmp")
            tmp.write_text(text, encoding="utf-8", newline="")
            tmps.append((tmp, path))
    except OSError as e:
        for tmp, _ in tmps:
            tmp.unlink(missing_ok=True)
        raise NormalizeError(f"写入失败，未做任何修改：{e}") from None
    for tmp, path in tmps:
        tmp.replace(path)
    return [f"{path.name}：{'；'.join(changes)}" for path, _, changes in planned]
