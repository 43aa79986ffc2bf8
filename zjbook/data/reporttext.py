"""A report's text as the extractor reads it: decoding, lines, headings, blocks, and the grammar
of numbers, growth rates, statistical periods and dates in Chinese report prose.

Nothing here knows any particular figure: that is :mod:`zjbook.data.labels`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path


class SourceError(ValueError):
    """A report text that cannot be read; the message is one Chinese line."""


#: The largest report text read: Part 4 is about 15 KB, a whole report well under 1 MB.
MAX_SOURCE_BYTES = 1_000_000
#: The longest line a report text may have, in characters: text extracted from a PDF has a line per paragraph
#: at most (the first edition’s text has none longer than about 1,300); a longer one is no paragraph, and reading figures off it
#: would take time that grows with the square of its length.
MAX_LINE_CHARS = 5_000
#: Fewer Chinese characters than this and the file is not a report's text (``/etc/passwd``, an English file).
MIN_HAN_CHARACTERS = 10
#: What a file that is not text starts with, and what it is called.
_SIGNATURES = (
    (b"%PDF-", " PDF 文件"),
    (b"PK\x03\x04", " ZIP 压缩包（或 .docx、.xlsx 文档）"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "旧版 Office 文档（.doc、.xls）"),
    (b"{\\rtf", " RTF 文档"),
    (b"\x7fELF", "可执行程序"),
    (b"\x89PNG", " PNG 图片"),
    (b"\xff\xd8\xff", " JPEG 图片"),
    (b"GIF8", " GIF 图片"),
    (b"\x1f\x8b", " gzip 压缩文件"),
)
_HAN = re.compile(r"[\u4e00-\u9fff\u3400-\u4dbf]")
_FIX = "请给出由 PDF 抽取的报告第四部分的文本（UTF-8 或 GB18030 编码的 .txt，如 pdftotext -layout 报告.pdf part4.txt）"


def read_source(path: str | Path) -> str:
    """The text of ``path`` (UTF-8 or GB18030), or :class:`SourceError` saying why not, in one line.

    Checked before anything is parsed: a folder, a device or a pipe, the size (:data:`MAX_SOURCE_BYTES`,
    from the file's size and again while reading), a binary (PDF, Office, image…) named by its signature."""
    path = Path(path)
    if path.is_dir():
        raise SourceError(f"{path} 是文件夹，不是报告文本；{_FIX}")
    if not path.exists():
        raise SourceError(f"找不到报告文本：{path}")
    if not path.is_file():
        raise SourceError(f"{path} 不是普通文件（设备、管道或套接字），不是报告文本；{_FIX}")
    too_big = f"报告文本 {path} 超过上限 {MAX_SOURCE_BYTES:,} 字节；请只给出报告第四部分的文本"
    if path.stat().st_size > MAX_SOURCE_BYTES:
        raise SourceError(too_big)
    try:
        with path.open("rb") as f:
            data = f.read(MAX_SOURCE_BYTES + 1)
    except OSError as e:
        raise SourceError(f"无法读取报告文本 {path}（{e.strerror}）；检查文件的权限") from None
    if len(data) > MAX_SOURCE_BYTES:
        raise SourceError(too_big)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise SourceError(f"报告文本 {path} 是 UTF-16 编码的；请在文本编辑器中另存为 UTF-8 编码后再给出")
    for signature, kind in _SIGNATURES:
        if data.startswith(signature):
            raise SourceError(f"{path} 是{kind}，不是报告文本；{_FIX}")
    if not data.strip():
        raise SourceError(f"报告文本是空的：{path}")
    if b"\x00" in data:
        raise SourceError(f"报告文本不是文本文件（含二进制内容）：{path}；{_FIX}")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise SourceError(f"报告文本既不是 UTF-8 也不是 GB18030 编码，无法读取：{path}")
    controls = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\r\n\t\f")
    if controls > max(3, len(text) // 100):
        raise SourceError(f"报告文本不是文本文件（含大量控制字符）：{path}；{_FIX}")
    if not text.strip():
        raise SourceError(f"报告文本是空的：{path}")
    longest = max(enumerate(text.splitlines(), start=1), key=lambda item: len(item[1]))
    if len(longest[1]) > MAX_LINE_CHARS:
        raise SourceError(
            f"报告文本 {path} 第{longest[0]}行有 {len(longest[1]):,} 个字符，超过每行上限 {MAX_LINE_CHARS:,} 个；"
            "报告文本应一段一行，请按段落分行后再给出"
        )
    han = len(_HAN.findall(text))
    if han < MIN_HAN_CHARACTERS:
        raise SourceError(f"{path} 中只有 {han} 个汉字（至少应有 {MIN_HAN_CHARACTERS} 个），不像报告的中文文本；{_FIX}")
    return text


# --- numbers -------------------------------------------------------------------------------

_FULLWIDTH = str.maketrans("０１２３４５６７８９．％－", "0123456789.%-")
CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
CN_UNITS = {"十": 10, "百": 100, "千": 1000}
_CN = "[零〇一二两三四五六七八九十百千]+"
_AR = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
#: Words before a number and what they make of it.
PREFIX_QUALIFIERS = {
    "大约": "about",
    "约": "about",
    "将近": "nearly",
    "接近": "nearly",
    "近": "nearly",
    "超过": "over",
    "逾": "more_than",
}
#: Words after a number (before or after its unit).
SUFFIX_QUALIFIERS = {"多": "more_than", "余": "upwards_of", "以上": "more_than", "左右": "about"}
_PRE = "|".join(PREFIX_QUALIFIERS)
#: Units a number may be written with; "大" is the measure word of 四大集群.
_UNITS = "美元|元|家|件|个|人次|人|场|套|项|条|次|颗|辆|亩|大"
SCALES = {"万亿": Decimal(10) ** 12, "亿": Decimal(10) ** 8, "万": Decimal(10) ** 4}
#: Characters that end a clause: a label and its number never straddle them.
CLAUSE_BREAK = "，,。；;、：:（）()！？!?\n"


def number_pattern(name: str) -> str:
    """A regular expression for one written number, with named groups prefixed by ``name``."""
    return (
        rf"(?:(?P<{name}_pre>{_PRE})\s*)?(?<![\d.,数几])(?P<{name}_num>{_AR}|{_CN})(?![\d.])\s*"
        rf"(?P<{name}_post1>多|余)?(?P<{name}_scale>万亿|亿|万)?(?P<{name}_post3>(?<=万|亿)(?:多|余))?"
        rf"(?P<{name}_unit>{_UNITS})?"
        rf"(?P<{name}_post2>多|余|以上|左右)?(?!\s*[%.\d])"
    )


def parse_cn(text: str) -> int:
    """二十二 → 22, 十七 → 17, 六 → 6, 三〇七 → 307."""
    if not any(c in CN_UNITS for c in text):
        return int("".join(str(CN_DIGITS[c]) for c in text))
    total, digit = 0, None
    for c in text:
        if c in CN_DIGITS:
            digit = CN_DIGITS[c]
        else:
            total += (1 if digit is None else digit) * CN_UNITS[c]
            digit = None
    return total + (digit or 0)


@dataclass(frozen=True)
class Number:
    """A number as written: its value in base units (元, 家, …), the written unit and qualifier."""

    amount: Decimal  # the number times its scale (万亿, 亿, 万)
    unit: str | None  # the written unit, "" when none
    qualifier: str  # exact / about / nearly / more_than / upwards_of, or "?" when contradictory
    text: str


def read_number(match: re.Match, name: str) -> Number:
    g = lambda k: match.group(f"{name}_{k}")  # noqa: E731
    raw = g("num")
    amount = Decimal(raw.replace(",", "")) if raw[0].isdigit() else Decimal(parse_cn(raw))
    if g("scale"):
        amount *= SCALES[g("scale")]
    quals = {
        q
        for q in (
            PREFIX_QUALIFIERS.get(g("pre") or ""),
            SUFFIX_QUALIFIERS.get(g("post1") or ""),
            SUFFIX_QUALIFIERS.get(g("post3") or ""),  # 2.4万多家: the qualifier between the scale and the unit
            SUFFIX_QUALIFIERS.get(g("post2") or ""),
        )
        if q
    }
    qualifier = "exact" if not quals else quals.pop() if len(quals) == 1 else "?"
    return Number(amount, g("unit") or "", qualifier, match.string[slice(*number_span(match, name))])


def number_span(match: re.Match, name: str) -> tuple[int, int]:
    """Where the written number (qualifiers and unit included) lies in the matched line."""
    spans = [
        match.span(f"{name}_{k}")
        for k in ("pre", "num", "post1", "scale", "post3", "unit", "post2")
        if match.group(f"{name}_{k}") is not None
    ]
    return min(s for s, _ in spans), max(e for _, e in spans)


def in_stored_unit(number: Number, unit: str) -> Decimal | None:
    """The number in the data's ``unit`` (亿元, 亿美元, a count), or None when the writing does not fit it."""
    if unit in ("亿元", "亿美元"):
        currency = unit[1:]
        if number.unit != currency or number.amount < 10**4:  # an amount needs its 万/亿 scale
            return None
        return number.amount / SCALES["亿"]
    if number.unit == unit or (unit == "个" and number.unit in ("", "大")):
        return number.amount if number.amount == number.amount.to_integral_value() else None
    return None


def plain(value: Decimal) -> str:
    """31200, 3.75, -4.2 (made up): no exponent, no trailing zeros."""
    text = format(value.normalize(), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


# --- growth rates -------------------------------------------------------------------------

_DOWN = "下降|减少|下滑|回落|降低"
_UP = "增长|增加|上升|提高|提升"
_PCT = (
    rf"(?P<dir>{_UP}|{_DOWN})?\s*(?:(?P<pre>{_PRE})\s*)?(?P<sign>[-−])?(?P<num>\d+(?:\.\d+)?)\s*%"
    r"(?P<post>多|左右|以上)?"
)
_HEAD = (
    rf"(?:同比|比上年|较上年|比去年|较去年|比上年同期|较上年同期)?\s*(?:分别)?\s*(?P<dir>{_UP}|{_DOWN}|增速|增幅)"
    r"(?:了|率)?\s*(?:分别)?\s*(?:为|是|达到|达)?\s*"
)
PCT_RE = re.compile(_PCT)
HEAD_RE = re.compile(_HEAD)
LIST_SEP_RE = re.compile(r"\s*(?:、|，|,|和|及|与|以及)\s*")


@dataclass(frozen=True)
class Growth:
    start: int  # offsets in the line
    end: int
    rates: tuple[tuple[Decimal, str], ...]  # (signed percent, qualifier) in the order written


def find_growths(line: str) -> list[Growth]:
    """Every growth phrase of a line: 同比增长9.6%, 同比下降2.1%, 同比增长分别为a%、b%和c%."""
    out = []
    for head in HEAD_RE.finditer(line):
        pos, rates = head.end(), []
        base_down = re.fullmatch(_DOWN, head.group("dir")) is not None
        while True:
            m = PCT_RE.match(line, pos)
            if not m:
                break
            down = re.fullmatch(_DOWN, m.group("dir")) is not None if m.group("dir") else base_down
            value = Decimal(m.group("num")) * (-1 if bool(m.group("sign")) != down else 1)
            quals = {
                q
                for q in (PREFIX_QUALIFIERS.get(m.group("pre") or ""), SUFFIX_QUALIFIERS.get(m.group("post") or ""))
                if q
            }
            rates.append((value, "exact" if not quals else quals.pop() if len(quals) == 1 else "?"))
            pos = m.end()
            sep = LIST_SEP_RE.match(line, pos)
            if not sep or not PCT_RE.match(line, sep.end()):
                break
            pos = sep.end()
        if rates:
            out.append(Growth(head.start(), pos, tuple(rates)))
    return out


# --- periods and dates ----------------------------------------------------------------------

_MONTH = r"(?P<month>\d{1,2}|[一二三四五六七八九十]+)"
_YEAR = r"(?:(?P<year>\d{4})年)?"
PERIOD_RES = (
    ("to_month", re.compile(rf"截至{_YEAR}{_MONTH}月(?:底|末)?")),
    ("to_month", re.compile(rf"{_YEAR}(?:1|一)\s*[-—–~～至到]\s*{_MONTH}月")),
    ("to_month", re.compile(rf"{_YEAR}前{_MONTH}个?月")),
    ("year_end", re.compile(r"(?:截至)?(?:年末|年底)")),
    ("full_year", re.compile(r"全年度?|年内|本年度?")),
)
DATE_RE = re.compile(rf"{_YEAR}(?P<m>\d{{1,2}})月(?P<d>\d{{1,2}})日")


def _month(text: str) -> int:
    return int(text) if text.isdigit() else parse_cn(text)


@dataclass(frozen=True)
class PeriodMark:
    start: int  # offset in the line
    year: int
    first: int | None  # first month of a flow, None for a point in time
    last: int


def find_periods(line: str, edition_year: int) -> list[PeriodMark]:
    """Period wording of a line: 截至11月 → months 1..11; 全年 / 年内 / '<year>年，' → 1..12; 年末 → 12."""
    marks = []
    for kind, rx in PERIOD_RES:
        for m in rx.finditer(line):
            year = int(m.groupdict().get("year") or edition_year)
            if kind == "to_month":
                month = _month(m.group("month"))
                if 1 <= month <= 12:
                    marks.append(PeriodMark(m.start(), year, 1, month))
            else:
                marks.append(PeriodMark(m.start(), year, 1, 12))
    for m in re.finditer(rf"(?<!\d){edition_year}年(?![\d月底末初中])", line):
        marks.append(PeriodMark(m.start(), edition_year, 1, 12))
    return sorted(marks, key=lambda p: p.start)


def find_dates(line: str, edition_year: int) -> list[tuple[int, str]]:
    """(offset, YYYY-MM-DD) of each day written in the line: 4月16日 → the edition year's date."""
    out = []
    for m in DATE_RE.finditer(line):
        month, day = int(m.group("m")), int(m.group("d"))
        if 1 <= month <= 12 and 1 <= day <= 31:
            out.append((m.start(), f"{int(m.group('year') or edition_year):04d}-{month:02d}-{day:02d}"))
    return out


# --- layout ---------------------------------------------------------------------------------

_SECTION_RE = re.compile(r"^\s*(\d+\.\d+)\s")


def normalize(text: str) -> str:
    """A heading without spaces, emoji and format marks, for comparing headings."""
    return "".join(ch for ch in text if not ch.isspace() and unicodedata.category(ch) not in ("So", "Mn", "Cf", "Sk"))


#: A line that opens with a count (约6100 家…, 三十一家…, 15 家…): an item of a list, never a title.
_COUNT_FIRST = re.compile(rf"(?:{_PRE})?(?:{_AR}|{_CN})(?:多|余)?(?:万亿|亿|万)?(?:{_UNITS})")


def is_heading(line: str) -> bool:
    """A short line that is not a sentence: a section, theme or box title (a line opening with a count is an
    item of a list, like the infographic's “约6100 家高新技术企业”)."""
    text = normalize(line)
    if not text or len(text) > 32 or any(c in text for c in "。；;") or text[-1] in "，、：,:":
        return False
    if _COUNT_FIRST.match(text):
        return False
    return not text[0].isdigit() or bool(_SECTION_RE.match(line.strip() + " "))


def section_of(line: str) -> str | None:
    m = _SECTION_RE.match(line.strip() + " ")
    return m.group(1) if m else None


@dataclass
class Block:
    """A heading and the paragraphs under it (lines are 1-based numbers of the source)."""

    heading: str | None
    heading_line: int | None
    section: str | None
    paragraphs: list[int] = field(default_factory=list)

    @property
    def lines(self) -> list[int]:
        return ([self.heading_line] if self.heading_line else []) + self.paragraphs


@dataclass
class ReportText:
    lines: list[str]  # index 0 is line 1
    blocks: list[Block]
    block_of: dict[int, Block]  # line number → its block

    def line(self, number: int) -> str:
        return self.lines[number - 1]


def parse(text: str) -> ReportText:
    lines = text.translate(_FULLWIDTH).replace("\r\n", "\n").replace("\r", "\n").split("\n")
    blocks, block_of = [Block(None, None, None)], {}
    section = None
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        if is_heading(line):
            section = section_of(line) or section
            blocks.append(Block(line.strip(), number, section))
        else:
            blocks[-1].paragraphs.append(number)
        block_of[number] = blocks[-1]
    return ReportText(lines, [b for b in blocks if b.heading or b.paragraphs], block_of)


#: What ends a sentence (:func:`sentence_span`'s default).
SENTENCE_BREAKS = "。！？!?"


def sentence_span(line: str, pos: int, breaks: str = SENTENCE_BREAKS) -> tuple[int, int]:
    """The span of the sentence (or, with ``breaks="。；;！？"``, the clause group) around ``pos``."""
    start = max(line.rfind(b, 0, pos) for b in breaks) + 1
    ends = [i for i in (line.find(b, pos) for b in breaks) if i >= 0]
    return start, (min(ends) + 1 if ends else len(line))


def paren_spans(line: str) -> list[tuple[int, int]]:
    return [m.span() for m in re.finditer(r"[（(][^（()）]*[)）]", line)]


def excerpt(line: str, start: int, end: int, width: int = 40) -> str:
    """At most ``width`` characters of ``line`` around [start, end), marked with … where cut."""
    lead = len(line) - len(line.lstrip())
    line, start, end = line.strip(), start - lead, end - lead
    if len(line) <= width:
        return line
    mid = (start + end) // 2
    lo = max(0, min(mid - width // 2, len(line) - width))
    text = line[lo : lo + width]
    if lo > 0:
        text = "…" + text[2:]
    if lo + width < len(line):
        text = text[:-2] + "…"
    return text
