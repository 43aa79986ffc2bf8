"""An edition's review state: ``data/<year>/review.csv``, what is left to check before release.

``new-year`` copies last year's text rows into the new folder; nobody has checked them yet, so
it lists every one of them in ``review.csv`` as ``unreviewed``. Plausibility warnings (see
:func:`zjbook.data.validate.check_year`) must be acknowledged too. An edition with anything
unreviewed or unacknowledged builds as a draft and cannot be released.

The file's columns:

``file``
    a table of the folder (``themes.csv`` …), or ``warning`` for a row that acknowledges a warning
``key``
    the row's key: the table's key columns joined with ``/`` (``optimise/1`` in theme_measures.csv);
    for a warning, its code (``magnitude:zj_total_revenue``)
``status``
    ``unreviewed`` (a carried-over text row nobody has checked), ``confirmed`` (checked, kept as a
    record) or ``acknowledged`` (a warning someone looked at)
``note``
    free text: who checked, why a warning is fine, why a row is kept or not reported
``mentioned``
    whether the new report's text mentions a carried-over row, as ``make extract`` found it: the text's
    line number, ``no``, or blank (not looked for: ``make new-year`` has no text)

A carried-over row stays in a release only if the new text mentions it or an analyst keeps it one by one
with a reason (``make confirm … KEY=… KEEP=reason``); ``make confirm ALL=1`` (or ``FILE=…``) confirms the
rows the text mentions, lists each, and refuses the others. Any row of any table, figures included, can
instead be marked ``not_reported`` (``NOT_REPORTED=reason``): this year's report does not give it, so
validation accepts it blank, the book leaves it out and says so once, and nothing ranks or compares it.

The file is a workflow file (:data:`zjbook.data.schema.WORKFLOW_FILES`): it is never published.
"""

from __future__ import annotations

import csv
import re
import shlex
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from . import divisions, reporttext, schema
from .csvfile import write_rows
from .labels import SUBJECT_WORDS
from .problems import ERROR, Problem

REVIEW_FILE = "review.csv"
HEADER = ["file", "key", "status", "note", "mentioned"]
#: The columns a review.csv must have (``mentioned`` came later: older files lack it).
REQUIRED_HEADER = HEADER[:4]
UNREVIEWED, CONFIRMED, ACKNOWLEDGED = "unreviewed", "confirmed", "acknowledged"
NOT_REPORTED = "not_reported"
#: ``mentioned`` of a row the new text does not mention.
ABSENT = "no"
WARNING = "warning"
#: The copy of the new report's text that ``make extract`` keeps beside its checklist (``_build/<year>/``, never
#: in ``data/`` nor published), so that ``make confirm`` can check rewritten rows against the same text.
SOURCE_COPY = "extract-source.txt"
STATUSES = {
    UNREVIEWED: "沿用上一版、尚未核对的文字行",
    CONFIRMED: "已核对的文字行",
    ACKNOWLEDGED: "已确认的警告（file 为 warning）",
    NOT_REPORTED: "本年报告未给出的数字或条目（note 写明原因）：校验接受其为空，书中从略并说明一次",
}

#: Per table, the columns holding the report's own words for a row (names, titles, listed items), by which
#: the new text is searched for a carried-over row. Columns the book writes (summaries, actions) are not
#: among them: the new report would never repeat them.
MENTION_COLUMNS: dict[str, tuple[str, ...]] = {
    "facts.csv": ("text",),
    "themes.csv": ("slogan",),
    "theme_measures.csv": ("measure",),
    "zizhu_items.csv": ("name",),
    "events.csv": ("title",),
    "district_actions.csv": ("items",),
    "collaborations.csv": ("partner", "what"),
    "cases.csv": ("title", "slogan"),
    "case_items.csv": ("item",),
    "district_industries.csv": ("name",),
}
#: Tables whose rows are rebuilt each year rather than carried (districts.csv: from divisions.csv).
NOT_CARRIED = ("edition.csv", "districts.csv")

#: Tables whose rows are texts a new edition carries over from the last one (figures are blanked instead).
#: Translations are not among them: keyed by the Chinese text, a translation stays right while that text
#: stays, and a text that changes loses its translation (listed by validation) — nothing to confirm.
TEXT_FILES: tuple[str, ...] = tuple(
    t.file for t in schema.TABLES if t.file not in schema.FIGURE_FILES + schema.TRANSLATION_FILES
)
#: Text columns that label rather than say something: they repeat across rows, so they cannot locate a passage.
LABEL_COLUMNS = frozenset({"subject", "label", "heading", "short_name", "kind", "zone_type"})
#: A passage shorter than this is too common to locate on a page.
MIN_PASSAGE = 4


@dataclass(frozen=True)
class Entry:
    file: str
    key: str
    status: str
    note: str = ""
    line: int | None = None
    mentioned: str = ""

    @property
    def is_warning(self) -> bool:
        return self.file == WARNING


@dataclass
class ReviewState:
    """What ``review.csv`` says, with the rows it names and the problems found in it."""

    path: Path
    entries: list[Entry] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    texts: dict[tuple[str, str], dict[str, str]] = field(default_factory=dict)  # (file, key) → the row's cells
    stale: list[Entry] = field(default_factory=list)  # entries whose row is no longer in its table

    def unreviewed(self) -> list[Entry]:
        return [e for e in self.entries if e.status == UNREVIEWED]

    def not_reported(self) -> list[Entry]:
        return [e for e in self.entries if e.status == NOT_REPORTED]

    def acknowledged(self) -> set[str]:
        return {e.key for e in self.entries if e.is_warning and e.status == ACKNOWLEDGED}

    def passages(self) -> list[str]:
        """Texts of the unreviewed rows that can locate them on a page, longest first (computed once)."""
        if not hasattr(self, "_passages"):
            self._passages = self._find_passages()
        return self._passages

    def _find_passages(self) -> list[str]:
        found = set()
        for e in self.unreviewed():
            row = self.texts.get((e.file, e.key))
            if row is not None and e.file in schema.TABLES_BY_FILE and e.file != "edition.csv":
                found |= passages_of(schema.TABLES_BY_FILE[e.file], row)
        return sorted(found - self._names(), key=lambda s: (-len(s), s))

    def _names(self) -> set[str]:
        """District names and subjects: they appear everywhere, reviewed or not."""
        names = set()
        for row in self.texts.values():
            for col in ("district", "subject"):
                if row.get(col):
                    names.add(row[col])
        return names


def passages_of(table: schema.Table, row: dict[str, str]) -> set[str]:
    """The row's own wording: text cells (each item of a ``；`` list apart), at least MIN_PASSAGE characters."""
    out = set()
    for col in table.columns:
        if col.kind != "text" or col.references or col.vocabulary or col.name in LABEL_COLUMNS:
            continue
        for piece in [row.get(col.name, "")] + (row.get(col.name, "") or "").split("；"):
            piece = piece.strip().rstrip("。")
            if len(piece) >= MIN_PASSAGE:
                out.add(piece)
    return out


def row_key(table: schema.Table, row: dict[str, str]) -> str:
    return "/".join(row.get(k, "") for k in table.key)


def read_table(path: Path) -> list[tuple[int, dict[str, str]]]:
    """A CSV file's rows as (line, cells) pairs, or nothing if it cannot be read (validation says why)."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return []
    reader = csv.DictReader(text.splitlines())
    rows = []
    for row in reader:
        if any((v or "").strip() for v in row.values() if isinstance(v, str)):
            rows.append(
                (
                    reader.line_num,
                    {k.strip(): (v or "").strip() for k, v in row.items() if isinstance(k, str) and isinstance(v, str)},
                )
            )
    return rows


def table_rows(data_dir: Path, file: str) -> dict[str, dict[str, str]]:
    """The rows of one table of the folder, by key."""
    table = schema.TABLES_BY_FILE[file]
    return {row_key(table, row): row for _, row in read_table(Path(data_dir) / file)}


def read(data_dir: Path) -> ReviewState:
    """Read ``review.csv`` of a year's folder (no file: nothing to review) and check it against the tables."""
    path = Path(data_dir) / REVIEW_FILE
    state = ReviewState(path)
    if not path.exists():
        return state

    def problem(message, line=None, column=None, fix=""):
        state.problems.append(Problem(path, message, line, column, fix, ERROR, f"review:{line}"))

    try:
        header = next(csv.reader(path.read_bytes().decode("utf-8-sig").splitlines()), [])
    except UnicodeDecodeError:
        problem("不是 UTF-8 编码的文本", fix="以 UTF-8 编码另存此文件")
        return state
    missing = [h for h in REQUIRED_HEADER if h not in [c.strip() for c in header]]
    if missing:
        problem(f"缺少列 {'、'.join(missing)}", line=1, fix=f"表头应为 {','.join(HEADER)}")
        return state
    tables: dict[str, dict[str, dict[str, str]]] = {}
    seen: dict[tuple[str, str], int] = {}
    for line, row in read_table(path):
        entry = Entry(row["file"], row["key"], row["status"], row.get("note", ""), line, row.get("mentioned", ""))
        if entry.is_warning:
            if entry.status != ACKNOWLEDGED:
                problem(f"警告行的状态“{entry.status}”无效", line, "status", fix=f"警告行的 status 写 {ACKNOWLEDGED}")
                continue
        elif entry.file not in schema.TABLES_BY_FILE:
            problem(
                f"未知的文件“{entry.file}”",
                line,
                "file",
                fix=f"file 须为数据表的文件名（如 {TEXT_FILES[0]}）或 {WARNING}",
            )
            continue
        elif entry.status not in (UNREVIEWED, CONFIRMED, NOT_REPORTED):
            problem(
                f"状态“{entry.status}”无效",
                line,
                "status",
                fix=f"数据行的 status 写 {UNREVIEWED}、{CONFIRMED} 或 {NOT_REPORTED}",
            )
            continue
        elif entry.status == NOT_REPORTED and not entry.note:
            problem(
                "标为本年未报告的行须写明原因",
                line,
                "note",
                fix="在 note 中写明原因（如“本年的报告未给出国家工程实验室的数量”）",
            )
            continue
        else:
            rows = tables.setdefault(entry.file, table_rows(data_dir, entry.file))
            if entry.key not in rows:
                # the row was deleted or its key changed: nothing is left to review, so it is no problem (it would
                # make the edition a draft, and a user who replaced last year's rows would meet one line per row);
                # validate says how many in one line, and the next make confirm drops them
                state.stale.append(entry)
                continue
            state.texts[(entry.file, entry.key)] = rows[entry.key]
        if (entry.file, entry.key) in seen:
            problem(f"与第{seen[entry.file, entry.key]}行重复", line, "key", fix="删去重复的一行")
            continue
        seen[entry.file, entry.key] = line
        state.entries.append(entry)
    return state


def write(data_dir: Path, entries: list[Entry]) -> Path:
    path = Path(data_dir) / REVIEW_FILE
    write_rows(path, HEADER, [[e.file, e.key, e.status, e.note, e.mentioned] for e in entries])
    return path


def mark_carried_over(data_dir: Path) -> int:
    """Write a fresh ``review.csv`` listing every text row of the folder as unreviewed; return how many."""
    entries = []
    for file in TEXT_FILES:
        if (Path(data_dir) / file).exists() and file != "districts.csv":  # rebuilt from divisions.csv
            keys = table_rows(data_dir, file)
            entries += [Entry(file, key, UNREVIEWED) for key in keys if not (file == "edition.csv" and key == "year")]
    write(data_dir, entries)
    return len(entries)


class ReviewError(ValueError):
    """A confirm or acknowledge request that cannot be done; the message is one line."""


@dataclass
class Confirmation:
    """What a confirm request did: the rows confirmed (or marked not reported), and those it refused."""

    done: list[Entry] = field(default_factory=list)
    refused: list[Entry] = field(default_factory=list)
    dropped: list[Entry] = field(default_factory=list)  # entries of rows no longer in their table, removed


def confirm(data_dir: Path, file: str | None = None, key: str | None = None, note: str = "") -> int:
    """Mark unreviewed rows as confirmed (see :func:`confirm_rows`); the number confirmed. Raises
    :class:`ReviewError` naming the rows the new text does not mention, which are left unreviewed."""
    result = confirm_rows(data_dir, file, key, note)
    if result.refused:
        raise ReviewError(refusal(Path(data_dir).name, result))
    return len(result.done)


def _shell(key: str) -> str:
    return key if not _SHELL_SPECIAL.search(key) else shlex.quote(key)


def refusal(year: str | int, result: Confirmation, rechecked: bool = True) -> str:
    """The lines that say which rows were not confirmed, and the two commands for each; ``rechecked`` False when
    no text was at hand to check the rows as they are now (then the last line says how to give it)."""
    lines = [f"以下 {len(result.refused)} 行沿用上一版，但新报告的文本没有提到，未确认："]
    for e in result.refused:
        key = _shell(e.key)
        lines.append(
            f"  {e.file} {e.key}：若新报告确有此事，逐行保留并写明理由 make confirm YEAR={year} FILE={e.file} KEY={key} "
            f"KEEP='理由'；否则删去该行，或标为本年未报告 make confirm YEAR={year} FILE={e.file} KEY={key} "
            "NOT_REPORTED='原因'"
        )
    if not rechecked:
        lines.append(
            f"  （是否提到按 make extract 时的记录判断；已按新文本改写的行，给出报告文本重新核对：make confirm YEAR={year} … "
            "SOURCE=<报告文本>）"
        )
    return "\n".join(lines)


def confirm_rows(
    data_dir: Path,
    file: str | None = None,
    key: str | None = None,
    note: str = "",
    keep: str = "",
    not_reported: str = "",
    lines: list[str] | None = None,
) -> Confirmation:
    """Mark unreviewed rows as confirmed: one row (file and key), a whole file, or everything (neither).

    A row the new text does not mention (``mentioned`` is ``no``) is confirmed only one by one with a reason
    (``keep``); otherwise it is refused. ``not_reported`` (a reason) marks the rows ``not_reported`` instead:
    one row, or with no key every unmentioned unreviewed row of the file (of every file without one); with a
    figure file and no key, every figure of it left blank (the figures the new text does not give).
    Any confirm also drops the entries whose row no longer exists (removed or re-keyed: nothing to review).

    With the new report's text (``lines``), whether the text mentions a row is decided again from the row as it
    is now, by the same rule as extract: a row the analyst rewrote to match the new text is confirmed, a row
    rewritten away from it is refused."""
    data_dir = Path(data_dir)
    if key and not file:
        raise ReviewError("指定 KEY 时也须指定 FILE")
    if keep and not key:
        raise ReviewError("KEEP 只能逐行使用：同时指定 FILE 与 KEY")
    state = read(data_dir)
    if file is not None and file not in schema.TABLES_BY_FILE:
        raise ReviewError(f"未知的文件“{file}”（可用：{'、'.join(TEXT_FILES)}）")
    gone = {(e.file, e.key) for e in state.stale}
    if key is not None and file is not None and key not in table_rows(data_dir, file) and (file, key) not in gone:
        keys = list(table_rows(data_dir, file))
        shown = "、".join(keys[:12]) + ("等" if len(keys) > 12 else "")
        raise ReviewError(
            f"{file} 中没有键为“{key}”的行（键由 {'/'.join(schema.TABLES_BY_FILE[file].key)} 组成，现有：{shown}）"
        )
    stale = {e.line for e in state.stale}
    entries, result = [], Confirmation()
    listed = set()
    current = _all_entries(data_dir) if lines is None else _rechecked(data_dir, _all_entries(data_dir), lines)
    for e in current:
        listed.add((e.file, e.key))
        matches = (file is None or e.file == file) and (key is None or e.key == key) and not e.is_warning
        if e.line in stale:
            result.dropped.append(e)
            continue  # the row is gone: nothing left to review
        if matches and not_reported and (key is not None or (e.status == UNREVIEWED and e.mentioned == ABSENT)):
            e = Entry(e.file, e.key, NOT_REPORTED, not_reported, e.line, e.mentioned)
            result.done.append(e)
        elif matches and e.status == UNREVIEWED:
            if e.mentioned == ABSENT and not keep:
                result.refused.append(e)
            else:
                e = Entry(e.file, e.key, CONFIRMED, keep or note or e.note, e.line, e.mentioned)
                result.done.append(e)
        entries.append(e)
    if not_reported and key is not None and (file, key) not in listed:  # a row that was never carried over
        e = Entry(str(file), key, NOT_REPORTED, not_reported)
        entries.append(e)
        result.done.append(e)
    if not_reported and key is None and file in schema.FIGURE_FILES:
        # a figure file has no carried rows to review: the figures the new text does not give are those left blank
        for blank in blank_figures(data_dir, file):
            if (file, blank) not in listed:
                e = Entry(file, blank, NOT_REPORTED, not_reported)
                entries.append(e)
                result.done.append(e)
    write(data_dir, entries)
    return result


def blank_figures(data_dir: Path, file: str) -> list[str]:
    """The keys of a figure file's rows without a value (the figures extract did not find in the new text)."""
    return [k for k, row in table_rows(data_dir, file).items() if not (row.get("value") or "").strip()]


def mark_mentions(data_dir: Path, lines: list[str]) -> list[Entry]:
    """Record, for each unreviewed row, whether the new report's ``lines`` mention it (the first line that
    does, or ``no``); return the entries as written."""
    entries = _rechecked(Path(data_dir), _all_entries(data_dir), lines)
    write(data_dir, entries)
    return entries


def _rechecked(data_dir: Path, entries: list[Entry], lines: list[str]) -> list[Entry]:
    """The entries with ``mentioned`` of each unreviewed row decided from the row's current content."""
    names = district_names(data_dir.parent)
    boxes = {key: mention("cases.csv", row, lines, names) for key, row in table_rows(data_dir, "cases.csv").items()}
    tables = {file: table_rows(data_dir, file) for file in {e.file for e in entries} if file in MENTION_COLUMNS}
    out = []
    for e in entries:
        if e.status == UNREVIEWED and e.file in MENTION_COLUMNS:
            row = tables[e.file].get(e.key, {})
            if e.file == "case_items.csv":
                at = box_item_mention(row, lines, boxes.get(row.get("case_id", "")))
            else:
                at = mention(e.file, row, lines, names, companions(e.file, row, tables[e.file]))
            e = Entry(e.file, e.key, e.status, e.note, e.line, ABSENT if at is None else str(at))
        out.append(e)
    return out


_QUOTES = re.compile(r"[“”‘’\"'《》〈〉「」]")
#: Where one statement of the report ends: a district and its item must stand in the same one.
_CLAUSE_END = re.compile(r"[。；;！？!?]")
#: How many of a row's listed words (items of a ``；`` list) the text must name, at most: one common word
#: (“四新”, 市科委, 机器人) is no mention of a row that lists several.
LISTED_NEEDED = 2
#: A case box's items are looked for in the lines from its title on, this many of them.
BOX_LINES = 16
#: Prose a row says in the book's words (a theme's summary): the new text must share this share of its
#: four-character runs, or the summary is last year's, not this year's (a paraphrase of its own report shares
#: a fifth or more, last year's summary against a new text a sixth or less).
PROSE_COLUMNS: dict[str, tuple[str, ...]] = {"themes.csv": ("summary",)}
PROSE_SHARE = 0.2
#: Columns matched loosely but in the row's own statement: a collaboration's ``what`` must share this share of
#: its four-character runs with the statement naming the district and partner (世界级生态岛科技创新行动计划 is
#: no mention of 可持续发展科技创新行动计划).
LOOSE_COLUMNS: dict[str, tuple[str, ...]] = {"collaborations.csv": ("what",)}
LOOSE_SHARE = 0.6
#: Tables whose every row is about one zone or park (named as in :data:`zjbook.data.labels.SUBJECT_WORDS`).
IMPLIED_SUBJECT: dict[str, str] = {"zizhu_items.csv": "紫竹高新区"}
#: Rows that say where something else happens (a district's industrial base): the new text must name, in the
#: passage of the statement that names the row, one of the things it is the place of (one of the district's
#: industries). A district and a place in one sentence (虹口区 and 北外滩 in a sentence on fire safety) are no
#: mention of the place as the base of the district's shipping services.
PLACE_ROWS: dict[str, tuple[str, str, tuple[str, ...]]] = {"district_industries.csv": ("kind", "industry", ("base",))}
#: A place's companions (:data:`PLACE_ROWS`) are looked for word by word: a name the book wrote
#: (移动互联网、物联网等信息产业) is found by any of its words of this many characters or more (信息产业).
_COMPANION_SPLIT = re.compile(r"[、，；（）()等与和及]")
COMPANION_CHARS = 3
#: Columns a mention needs not name (a box is found by its title; its slogan may stand in another line).
OPTIONAL_COLUMNS: dict[str, tuple[str, ...]] = {"cases.csv": ("slogan",)}


def _bare(text: str) -> str:
    return _QUOTES.sub("", re.sub(r"\s+", "", text))


def district_names(data_root: Path) -> dict[str, set[str]]:
    """A district → the names the text may call it by: its name, short name and its predecessors' (闸北区 for
    静安区). Empty when the registry cannot be read (validation says why): then a district is its name."""
    try:
        registry = divisions.read(data_root)
    except divisions.DivisionsError:
        return {}
    out: dict[str, set[str]] = {}
    for d in registry:
        out.setdefault(d.district, set()).update(n for n in (d.district, d.short_name) if n)
    for d in registry:
        if d.successor:
            out.setdefault(d.successor, {d.successor}).update(out.get(d.district, {d.district}))
    return out


def _pieces(text: str) -> list[str]:
    out = []
    for piece in (text or "").split("；"):
        piece = _bare(re.sub(r"（[^）]*）", "", piece)).rstrip("。")
        if len(piece) >= 2:
            out.append(piece)
    return out


def mention_terms(file: str, row: dict[str, str]) -> list[str]:
    """The words of a row the new text would have to use to mention it (each item of a ``；`` list apart,
    brackets and their content dropped, at least two characters)."""
    return [t for col in MENTION_COLUMNS.get(file, ()) for t in _pieces(row.get(col, ""))]


def _clauses(lines: list[str]) -> list[tuple[int, str]]:
    """(line, statement) for every statement of the text, quotes and spaces dropped."""
    return [(n, _bare(c)) for n, line in enumerate(lines, start=1) for c in _CLAUSE_END.split(line) if c.strip()]


def _names_enough(words: list[str], clause: str) -> bool:
    return sum(1 for w in words if w in clause) >= min(len(words), LISTED_NEEDED)


def row_subject(file: str, row: dict[str, str]) -> str:
    """The zone or park a row is about when it is not a district's (``紫竹高新区`` for every Zizhu item, a fact's
    or an event's ``subject``), or ``""``."""
    subject = IMPLIED_SUBJECT.get(file) or row.get("subject", "")
    return subject if subject in SUBJECT_WORDS else ""


def _passages(lines: list[str]) -> dict[int, str]:
    """Line → the passage it stands in, quotes and spaces dropped: the heading above it (or the line itself when
    it is a heading) and every paragraph under that heading up to the next one."""
    out: dict[int, str] = {}
    block: list[int] = []
    for n, line in enumerate(lines + ["标题"], start=1):  # a last heading closes the last passage
        if not line.strip():
            continue
        if reporttext.is_heading(line) and block:
            text = _bare("".join(lines[m - 1] for m in block))
            out.update(dict.fromkeys(block, text))
            block = []
        block.append(n)
    return out


def companions(file: str, row: dict[str, str], table: dict[str, dict[str, str]]) -> list[str]:
    """For a row that names a place (:data:`PLACE_ROWS`), what the place is the place of: the names of its
    district's rows of the other kind (a base's industries); empty for every other row, or where the district
    has none."""
    if file not in PLACE_ROWS:
        return []
    column, of, kinds = PLACE_ROWS[file]
    if row.get(column) not in kinds:
        return []
    return [r["name"] for r in table.values() if r.get("district") == row.get("district") and r.get(column) == of]


@dataclass(frozen=True)
class Mention:
    """What the new text says of a carried-over row: the line of the statement that mentions it (``line``), or,
    when none does, the first line naming the row's words without its subject (``words_at``), or, for a place,
    without any of what it is the place of (``wants``: those names)."""

    line: int | None
    statement: str = ""
    words_at: int | None = None
    subject: str = ""
    wants: tuple[str, ...] = ()


def _said_near(words: Sequence[str], clause: str, passage: str) -> bool:
    """Whether any of ``words`` stands in the statement or in the passage around it."""
    return any(w in clause or w in passage for w in words)


def find_mention(
    file: str,
    row: dict[str, str],
    lines: list[str],
    names: dict[str, set[str]] | None = None,
    of: Sequence[str] = (),
) -> Mention:
    """Where ``lines`` mention the row (see :func:`mention`), with the statement, or where its words stand
    without its subject, or without any of ``of`` (what a place is the place of, :func:`companions`)."""
    skip = LOOSE_COLUMNS.get(file, ()) + OPTIONAL_COLUMNS.get(file, ())
    columns = [p for p in (_pieces(row.get(c, "")) for c in MENTION_COLUMNS.get(file, ()) if c not in skip) if p]
    loose = [row[c] for c in LOOSE_COLUMNS.get(file, ()) if row.get(c)]
    district = row.get("district", "") if file != "cases.csv" else ""
    subject = row_subject(file, row)
    if not columns or not _prose_found(file, row, lines):
        return Mention(None, subject=district or subject)
    aliases = (names or {}).get(district, {district}) if district else set()
    words = SUBJECT_WORDS.get(subject, ())
    passages = _passages(lines) if words or of else {}
    wanted = [w for name in of for w in _COMPANION_SPLIT.split(_bare(name)) if len(w) >= COMPANION_CHARS]
    words_at = None
    missing: tuple[str, ...] = ()
    for n, clause in _clauses(lines):
        if not (
            all(_names_enough(w, clause) for w in columns) and all(_share(t, clause) >= LOOSE_SHARE for t in loose)
        ):
            continue
        if aliases and not any(a in clause for a in aliases):
            words_at = words_at or n
            continue
        if words and not _said_near(words, clause, passages.get(n, "")):
            words_at = words_at or n
            continue
        if wanted and not _said_near(wanted, clause, passages.get(n, "")):
            words_at, missing = words_at or n, tuple(of)
            continue
        return Mention(n, clause, subject=district or subject)
    return Mention(None, words_at=words_at, subject=district or subject, wants=missing)


def mention(
    file: str,
    row: dict[str, str],
    lines: list[str],
    names: dict[str, set[str]] | None = None,
    of: Sequence[str] = (),
) -> int | None:
    """The first line (1-based) of ``lines`` with a statement that names the row's own content: in every mention
    column, its words (two of them when it lists several; a collaboration's ``what`` loosely); for a district's
    row, the district too (by its name, short name or a predecessor's) in the same statement; for a row of the
    zone or of Zizhu (:func:`row_subject`), the zone or park by one of its names in the same statement or in the
    passage it stands in (the heading above it and the paragraphs under that heading): 上海交通大学 as a district's
    partner is no mention of Zizhu's partner; for a theme, a fifth of its summary; for a place (a district's
    base), one of ``of`` (the district's industries) in the statement or its passage as well."""
    return find_mention(file, row, lines, names, of).line


def _runs(text: str) -> set[str]:
    """The four-character runs of a text, none across a punctuation mark."""
    return {
        r
        for part in re.split(r"[，、；。：,;:（）()]", _bare(text))
        for r in (part[i : i + 4] for i in range(len(part) - 3))
    }


def _share(text: str, within: str) -> float:
    """The share of ``text``'s four-character runs that ``within`` contains (1 for a text too short to have any)."""
    runs = _runs(text)
    return sum(1 for r in runs if r in within) / len(runs) if runs else 1.0


def _prose_found(file: str, row: dict[str, str], lines: list[str]) -> bool:
    text = _bare("".join(lines))
    return all(_share(row.get(col, ""), text) >= PROSE_SHARE for col in PROSE_COLUMNS.get(file, ()))


def box_item_mention(row: dict[str, str], lines: list[str], box: int | None) -> int | None:
    """The line naming a case box's item within the box (the lines from the box's title on), or None: an item
    named elsewhere (机器人 in a district's line) is no mention of the box's item."""
    words = _pieces(row.get("item", ""))
    if box is None or not words:
        return None
    for n in range(box, min(box + BOX_LINES, len(lines) + 1)):
        if _names_enough(words, _bare(lines[n - 1])):
            return n
    return None


def absent_keys(data_dir: Path) -> set[tuple[str, str]]:
    """(file, key) of the rows the new report's text does not mention (``mentioned`` is ``no``)."""
    path = Path(data_dir) / REVIEW_FILE
    if not path.exists():
        return set()
    return {(r.get("file", ""), r.get("key", "")) for _, r in read_table(path) if r.get("mentioned") == ABSENT}


def not_reported_keys(data_dir: Path) -> dict[str, dict[str, str]]:
    """file → key → reason, for the rows ``review.csv`` marks as not reported this year (read leniently:
    validation of review.csv itself is :func:`read`'s)."""
    path = Path(data_dir) / REVIEW_FILE
    out: dict[str, dict[str, str]] = {}
    if path.exists():
        for _, r in read_table(path):
            if r.get("status") == NOT_REPORTED and r.get("note"):
                out.setdefault(r.get("file", ""), {})[r.get("key", "")] = r["note"]
    return out


def acknowledge(data_dir: Path, code: str, current: list[str], note: str = "") -> None:
    """Record that the warning ``code`` (one of ``current``, the codes the data now raises) was looked at."""
    if code not in current:
        listed = "、".join(current) if current else "无"
        raise ReviewError(f"当前没有代码为“{code}”的警告（现有警告：{listed}）")
    entries = [e for e in _all_entries(Path(data_dir)) if not (e.is_warning and e.key == code)]
    write(data_dir, entries + [Entry(WARNING, code, ACKNOWLEDGED, note)])


def _all_entries(data_dir: Path) -> list[Entry]:
    """Every row of review.csv as written, valid or not (so confirming never loses a row silently)."""
    path = Path(data_dir) / REVIEW_FILE
    return (
        [
            Entry(
                r.get("file", ""),
                r.get("key", ""),
                r.get("status", ""),
                r.get("note", ""),
                line,
                r.get("mentioned", ""),
            )
            for line, r in read_table(path)
        ]
        if path.exists()
        else []
    )


@dataclass
class Status:
    """Whether an edition is ready to release: its review state and its warnings."""

    state: ReviewState
    warnings: list[Problem]

    @property
    def unacknowledged(self) -> list[Problem]:
        done = self.state.acknowledged()
        return [w for w in self.warnings if w.code not in done]

    @property
    def is_draft(self) -> bool:
        return bool(self.state.unreviewed() or self.unacknowledged or self.state.problems)

    def summary(self) -> str:
        """One phrase for the banner: what is left, e.g. 12 处文字待核对、1 条警告待确认."""
        parts = []
        if self.state.unreviewed():
            parts.append(f"{len(self.state.unreviewed())} 处沿用上一版的文字待核对")
        if self.unacknowledged:
            parts.append(f"{len(self.unacknowledged)} 条警告待确认")
        if self.state.problems:
            parts.append(f"review.csv 有 {len(self.state.problems)} 处问题")
        return "、".join(parts)


_SHELL_SPECIAL = re.compile(r"[\s'\"$`\\;&|<>()*?\[\]#~!{}]")


def confirm_command(year: int | str, entry: Entry | None = None, warning: str | None = None) -> str:
    """The documented step that confirms a row or acknowledges a warning."""
    if warning is not None:
        return f"make confirm YEAR={year} WARNING={warning}"
    if entry is None:
        raise ValueError("confirm_command needs an entry or a warning")
    key = entry.key if not _SHELL_SPECIAL.search(entry.key) else shlex.quote(entry.key)
    return f"make confirm YEAR={year} FILE={entry.file} KEY={key}"
