"""``make extract YEAR=<new> SOURCE=<text> [FROM=<year>]``: draft a new edition's data from the report's text.

The new folder is made as :func:`zjbook.data.newyear.new_year` makes it; then every figure whose labels
(:mod:`zjbook.data.labels`) the text uses with a number is filled in: value in the stored unit,
qualifier, growth rate, statistical period, basis. Events of the earlier edition whose heading or
title the text names again get the date the text gives. A blank is better than a wrong number:
a figure found with two different values, a number two figures claim, or a growth list that does
not line up with its figures stays blank and is listed as ambiguous in the review listing
(``_build/<new>/extract-review.md``, written by :mod:`zjbook.data.extract_review`).
"""

from __future__ import annotations

import csv
import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from difflib import SequenceMatcher
from functools import partial
from pathlib import Path

from .. import paths
from . import divisions, review, schema
from . import labels as label_book
from . import reporttext as rt
from .csvfile import write_rows
from .extract_review import render
from .extraction import AMBIGUOUS, FOUND, MISSING, NO_LABELS, EventFinding, Extraction, Finding, Target
from .newyear import built_aside, carry_over, refuse_existing, source_folder

_GAP = rf"[^{re.escape(rt.CLAUSE_BREAK)}\d%]{{0,6}}?"
#: Verbs after a date that make it the date of the event in a block.
_EVENT_VERBS = re.compile(r"^.{0,12}?(举行|召开|举办|签署|签约|成立|开幕|揭牌|开工)")


def _read(path: Path) -> list[dict[str, str]]:
    if not path.is_file():
        return []
    return list(csv.DictReader(path.read_text(encoding="utf-8-sig").splitlines()))


# --- what is searched -------------------------------------------------------------------------


def _template_regex(template: str) -> re.Pattern:
    out = []
    for part in re.split(r"(\{n\}|\{m\}|…)", template):
        out.append({"{n}": rt.number_pattern("n"), "{m}": rt.number_pattern("m"), "…": _GAP}.get(part, re.escape(part)))
    return re.compile("".join(out))


def _templates(fl: label_book.FigureLabels) -> list[str]:
    by_length = sorted(fl.labels, key=len, reverse=True)
    return [
        *fl.patterns,
        *(f"{lab}…{{n}}" for lab in by_length),
        *(f"{{n}}{lab}" for lab in by_length),
        *(f"{{n}}的{lab}" for lab in by_length),
    ]


def targets(from_dir: Path) -> list[Target]:
    out = []
    for file in schema.FIGURE_FILES:
        for row in _read(from_dir / file):
            fl = label_book.LABELS.get(row["id"])
            out.append(Target(file, row, fl, [_template_regex(t) for t in _templates(fl)] if fl else []))
    return out


# --- subjects ---------------------------------------------------------------------------------


class Subjects:
    """Where the text names each subject (a zone, a park, a district), to tell whose a number is."""

    def __init__(
        self,
        report: rt.ReportText,
        districts: dict[str, str],
        subjects: set[str],
        former: dict[str, str] | None = None,
    ):
        words = {full: full for full in districts} | {short: full for full, short in districts.items() if short}
        for old, new in (former or {}).items():  # a district that merged since is its successor's
            words.setdefault(old, new)
            if old.endswith(("区", "县")) and len(old) > 2:
                words.setdefault(old[:-1], new)
        for subject in subjects:
            for w in label_book.SUBJECT_WORDS.get(subject, (subject,)):
                words.setdefault(w, subject)
        self.words = words
        self.rx = re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)))
        self.report = report
        self.mentions: dict[int, list[tuple[int, str]]] = {}
        for number, line in enumerate(report.lines, start=1):
            self.mentions[number] = [(m.start(), words[m.group()]) for m in self.rx.finditer(line)]

    def named_in(self, line: int) -> list[str]:
        seen = []
        for _, s in self.mentions.get(line, []):
            if s not in seen:
                seen.append(s)
        return seen

    def last_before(self, line: int, pos: int) -> str | None:
        """The subject named last before ``pos`` of ``line``, within the line's block."""
        block = self.report.block_of.get(line)
        lines = [n for n in (block.lines if block else [line]) if n <= line]
        for n in reversed(lines):
            before = [s for p, s in self.mentions.get(n, []) if n < line or p < pos]
            if before:
                return before[-1]
        return None


# --- candidates -------------------------------------------------------------------------------


@dataclass
class Candidate:
    """One place where the text gives a number for a figure."""

    target: Target
    line: int
    start: int  # the whole match (label and number) in the line
    end: int
    num_start: int
    num_end: int
    value: Decimal
    qualifier: str
    cumulative: bool = False
    growth: tuple[Decimal, str] | None = None
    growth_problem: str = ""
    period: tuple[str, str] = ("", "")
    basis: str = ""
    rivals: tuple[str, ...] = ()  # other figures whose labels claim the same number


def _clause_start(line: str, pos: int) -> int:
    return max(line.rfind(c, 0, pos) for c in rt.CLAUSE_BREAK) + 1


def _find(report: rt.ReportText, target: Target, subjects: Subjects, numbered: list[int]) -> list[Candidate]:
    fl, seen = target.labels, set()
    out: list[Candidate] = []
    if fl is None:  # a figure without labels is never looked for
        return out
    for number in numbered:
        line = report.line(number)
        block = report.block_of[number]
        for rx in target.regexes:
            for m in rx.finditer(line):
                num = rt.read_number(m, "n")
                value = rt.in_stored_unit(num, fl.unit)
                span = rt.number_span(m, "n")
                if value is None or num.qualifier == "?" or (number, span) in seen:
                    continue
                before = line[_clause_start(line, m.start()) : span[0]]
                if any(w in before for w in fl.exclude):
                    continue
                s0, s1 = rt.sentence_span(line, m.start())
                if fl.context and not any(w in line[s0:s1] or w in (block.heading or "") for w in fl.context):
                    continue
                if subjects.last_before(number, m.start()) != target.row["subject"]:
                    continue
                seen.add((number, span))
                g0, _ = rt.sentence_span(line, span[0], "。；;！？!?")
                out.append(
                    Candidate(
                        target,
                        number,
                        m.start(),
                        m.end(),
                        *span,
                        value,
                        num.qualifier,
                        cumulative="累计" in line[g0 : span[0]],
                    )
                )
    return out


def _settle_claims(cands: list[Candidate]) -> tuple[list[Candidate], list[Candidate]]:
    """A number claimed by two figures goes to the one whose wording contains the other's; else to neither."""
    by_spot: dict[tuple[int, int, int], list[Candidate]] = {}
    for c in cands:
        by_spot.setdefault((c.line, c.num_start, c.num_end), []).append(c)
    kept, disputed = [], []
    for group in by_spot.values():
        if len({c.target.id for c in group}) == 1:
            kept.extend(group)
            continue
        widest = [c for c in group if all(c.start <= o.start and o.end <= c.end for o in group)]
        if len({c.target.id for c in widest}) == 1:
            kept.append(widest[0])
        else:
            ids = sorted({c.target.id for c in group})
            for c in group:
                c.rivals = tuple(i for i in ids if i != c.target.id)
            disputed.extend(group)
    return kept, disputed


# --- growth, period, basis ------------------------------------------------------------------

_ANY_NUMBER = re.compile(rt.number_pattern("x"))


def _written_amounts(line: str, lo: int, hi: int, parens) -> list[tuple[int, int]]:
    """Spans of numbers written with a unit or scale in line[lo:hi], outside parentheses."""
    out = []
    for m in _ANY_NUMBER.finditer(line, lo, hi):
        if (m.group("x_unit") or m.group("x_scale")) and not any(a <= m.start() < b for a, b in parens):
            out.append(rt.number_span(m, "x"))
    return out


def _only_punctuation(text: str) -> bool:
    return len(re.sub(rf"[\s{re.escape(rt.CLAUSE_BREAK)}]", "", text)) <= 2


def _assign_growths(report: rt.ReportText, cands: list[Candidate]) -> list[tuple[int, rt.Growth]]:
    """Give each growth phrase to the figure(s) it follows; return the phrases no figure took."""
    by_line: dict[int, list[Candidate]] = {}
    for c in cands:
        by_line.setdefault(c.line, []).append(c)
    unassigned = []
    for number in sorted(report.block_of):
        at = {(c.num_start, c.num_end): c for c in by_line.get(number, [])}
        line = report.line(number)
        for g, written in _growths_after_amounts(line):
            if not _take_rates(g, written, at) and not _take_named(line, g, by_line.get(number, [])):
                unassigned.append((number, g))
    return unassigned


_BEFORE_GROWTH = re.compile(r"(?:同比|比上年同期|较上年同期|比上年|较上年|比去年|较去年)?(?:分别)?$")


def _take_named(line: str, g: rt.Growth, cands: list[Candidate]) -> bool:
    """Give the phrase's rates to the figures it names right before it, one by one (总收入、工业总产值和净利润同比
    增长分别为9.8%、5.4%和11.5%; 出口创汇同比下降2.6%): each name must be a label of a figure found on the line,
    as many names as rates; False otherwise."""
    start = max(line.rfind(c, 0, g.start) for c in "，,。；;：:！？!?（(") + 1
    names = [n for n in rt.LIST_SEP_RE.split(_BEFORE_GROWTH.sub("", line[start : g.start])) if n]
    if not names or len(names) != len(g.rates):
        return False
    named = [next((c for c in cands if c.target.labels and n in c.target.labels.labels), None) for n in names]
    if None in named:
        return False
    for c, rate in zip(named, g.rates):
        if c is not None:
            c.growth = rate
    return True


#: A short clause without numbers set between a figure and its growth rate (出口创汇486亿美元，受外部环境影响，
#: 同比下降3.4%): the rate is still the figure's.
_INSERTED_CLAUSE = re.compile(r"\s*[，,][^\d%％，,；;。！？!?：:（）()]{1,15}[，,]\s*")


def _growths_after_amounts(line: str) -> list[tuple[rt.Growth, list[tuple[int, int]]]]:
    """Each growth phrase of the line with the amounts written before it in its sentence, after any
    earlier phrase; none when the last of them is not right before the phrase (or separated from it only by one
    short clause without numbers, for a single rate)."""
    parens = rt.paren_spans(line)
    out, previous_end = [], 0
    for g in rt.find_growths(line):
        s0, _ = rt.sentence_span(line, g.start)
        written = _written_amounts(line, max(s0, previous_end), g.start, parens)
        previous_end = g.end
        gap = line[written[-1][1] : g.start] if written else ""
        near = _only_punctuation(gap) or (len(g.rates) == 1 and _INSERTED_CLAUSE.fullmatch(gap) is not None)
        out.append((g, written if written and near else []))
    return out


def _take_rates(g: rt.Growth, written: list[tuple[int, int]], at: dict[tuple[int, int], Candidate]) -> bool:
    """Give the phrase's rate to the figure right before it, or its list of rates to the figures before it
    one by one; False when no figure takes the phrase."""
    if not written:
        return False
    if len(g.rates) == 1:
        c = at.get(written[-1])
        if c is not None:
            c.growth = g.rates[0]
        return c is not None
    named = [at.get(span) for span in written]
    if len(written) != len(g.rates) or None in named:
        for c in filter(None, named):
            c.growth_problem = f"增长率有{len(g.rates)}个，前面的数字有{len(written)}个，无法一一对应"
        return True
    for c, rate in zip(named, g.rates):
        if c is not None:
            c.growth = rate
    return True


def _event_months(report: rt.ReportText, block: rt.Block, year: int) -> set[str]:
    return {d[:7] for n in block.lines for _, d in rt.find_dates(report.line(n), year)}


def _set_periods(report: rt.ReportText, cands: list[Candidate], year: int) -> None:
    # Each line's period wording and parentheses are found once, however many figures it holds: a long line
    # (a text without line breaks) would otherwise be scanned again for every figure on it.
    scanned: dict[int, tuple[list[rt.PeriodMark], list[int], list[tuple[int, int]], list[int], list[int]]] = {}
    for c in cands:
        basis = "cumulative" if c.cumulative else c.target.row.get("basis", "")
        c.basis = basis
        line = report.line(c.line)
        if basis == "event":
            months = _event_months(report, report.block_of[c.line], year)
            c.period = (months.pop(),) * 2 if len(months) == 1 else ("", "")
            continue
        if c.line not in scanned:
            periods, parens = rt.find_periods(line, year), rt.paren_spans(line)
            stops = [i for i, ch in enumerate(line) if ch in rt.SENTENCE_BREAKS]
            scanned[c.line] = (periods, [p.start for p in periods], parens, [a for a, _ in parens], stops)
        periods, starts, parens, opens, stops = scanned[c.line]
        at = bisect_left(stops, c.num_start)  # as rt.sentence_span, by bisection in the line's sentence breaks
        s0, s1 = (stops[at - 1] + 1 if at else 0), (stops[at] + 1 if at < len(stops) else len(line))
        j = bisect_right(opens, c.num_start) - 1
        inside = parens[j] if j >= 0 and parens[j][0] <= c.num_start < parens[j][1] else None
        if inside:  # a remark in parentheses keeps only its own period wording
            s0, s1 = max(s0, inside[0]), min(s1, inside[1])
        marks = periods[bisect_left(starts, s0) : bisect_left(starts, s1)]
        before = [p for p in marks if p.start < c.num_start]
        mark = before[-1] if before else (marks[0] if marks else None)
        if mark is None:
            continue
        end = f"{mark.year:04d}-{mark.last:02d}"
        c.period = (f"{mark.year:04d}-{mark.first:02d}", end) if basis == "flow" else ("", end)


# --- results ----------------------------------------------------------------------------------


def _conclude(report: rt.ReportText, target: Target, cands: list[Candidate], disputed: list[Candidate]) -> Finding:
    """What the places the text gives one figure add up to: not searched, disputed, missing, values
    that disagree, or one value with whatever growth, period and basis the places agree on."""
    if target.labels is None:
        return Finding(target, NO_LABELS, reason="labels.py 中没有它的标签，未搜索")
    if disputed:
        return _disputed(report, target, disputed)
    if not cands:
        return Finding(target, MISSING, reason="文本中没有找到带数字的标签")
    if len({(c.value, c.qualifier) for c in cands}) > 1:
        return _disagreeing(report, target, cands)
    first = cands[0]
    finding = Finding(
        target,
        FOUND,
        {"value": rt.plain(first.value), "qualifier": first.qualifier},
        first.line,
        _excerpt(report, first),
    )
    for settle in (_note_repeats, _settle_growth, _settle_period, _settle_basis, _check_cumulative):
        settle(finding, cands)
    return finding


def _excerpt(report: rt.ReportText, c: Candidate) -> str:
    return rt.excerpt(report.line(c.line), c.start, c.end)


def _disputed(report: rt.ReportText, target: Target, disputed: list[Candidate]) -> Finding:
    """A number other figures' labels claim too: ambiguous, naming them."""
    others = sorted({r for d in disputed for r in d.rivals})
    return Finding(
        target,
        AMBIGUOUS,
        line=disputed[0].line,
        excerpt=_excerpt(report, disputed[0]),
        reason="同一个数字也符合其他指标的标签" + (f"（{'、'.join(others)}）" if others else ""),
    )


def _disagreeing(report: rt.ReportText, target: Target, cands: list[Candidate]) -> Finding:
    """Places that give different values: ambiguous, listing each."""
    readings = (f"{rt.plain(c.value)}（{c.qualifier}，第{c.line}行“{_excerpt(report, c)}”）" for c in cands)
    return Finding(
        target,
        AMBIGUOUS,
        line=cands[0].line,
        excerpt=_excerpt(report, cands[0]),
        reason="多处数值不一致：" + "；".join(readings),
    )


def _note_repeats(finding: Finding, cands: list[Candidate]) -> None:
    """The same value given more than once: say where."""
    if len(cands) == 1:
        return
    places = list(dict.fromkeys(f"第{c.line}行" for c in cands))
    finding.notes.append(
        f"同一数值在{places[0]}出现 {len(cands)} 次"
        if len(places) == 1
        else f"同一数值出现 {len(cands)} 处：{'、'.join(places)}"
    )


def _settle_growth(finding: Finding, cands: list[Candidate]) -> None:
    """One growth rate every place agrees on is taken; rates that differ or do not line up leave it blank."""
    growths = {c.growth for c in cands if c.growth}
    problems = [c.growth_problem for c in cands if c.growth_problem]
    if problems or len(growths) > 1:
        finding.notes.append("增长率有歧义，留空：" + ("；".join(problems) or "多处增长率不一致"))
    elif growths:
        _take_growth(finding, *growths.pop())


def _take_growth(finding: Finding, pct: Decimal, qualifier: str) -> None:
    """The growth rate, unless its qualifiers contradict each other ("?")."""
    if qualifier == "?":
        finding.notes.append("增长率的限定词自相矛盾，增长率留空")
    else:
        finding.values |= {"growth_pct": rt.plain(pct), "growth_qualifier": qualifier}


def _settle_period(finding: Finding, cands: list[Candidate]) -> None:
    """The statistical period, if the places that state one agree; else a note why it is blank."""
    periods = {c.period for c in cands if any(c.period)}
    if len(periods) == 1:
        finding.values["period_start"], finding.values["period_end"] = periods.pop()
    else:
        finding.notes.append("统计期有歧义，留空" if periods else "文本未注明统计期")


def _settle_basis(finding: Finding, cands: list[Candidate]) -> None:
    """A basis every place agrees on replaces the earlier edition's; a mixed one keeps it."""
    basis = {c.basis for c in cands}
    if len(basis) > 1:
        if "cumulative" in basis:
            finding.notes.append("只有部分出处写作“累计”，口径保持不变")
        return
    new, old = basis.pop(), finding.target.row.get("basis")
    if new != old:
        finding.values["basis"] = new
        finding.notes.append(f"口径由 {old} 改为 {new}（文本写作“累计”）")


def _check_cumulative(finding: Finding, cands: list[Candidate]) -> None:
    """A figure the earlier edition counted cumulatively that no place calls 累计: ask for a check."""
    if (
        finding.target.row.get("basis") == "cumulative"
        and "basis" not in finding.values
        and not any(c.cumulative for c in cands)
    ):
        finding.notes.append("上一版为累计口径，本文未见“累计”，请核对")


def _events(report: rt.ReportText, from_dir: Path, year: int) -> list[EventFinding]:
    out = []
    headings = {rt.normalize(b.heading): b for b in report.blocks if b.heading}
    for row in _read(from_dir / "events.csv"):
        ev = EventFinding(row)
        out.append(ev)
        block = headings.get(rt.normalize(row["title"])) or headings.get(rt.normalize(row.get("heading", "")))
        if block is None:
            ev.reason = "文本中没有以该事件为题的小标题"
            continue
        dated = [(n, pos, d) for n in block.paragraphs for pos, d in rt.find_dates(report.line(n), year)]
        held = [x for x in dated if _EVENT_VERBS.match(report.line(x[0])[x[1] :])] or dated
        dates = {d for _, _, d in held}
        if len(dates) != 1:
            ev.line = block.heading_line
            ev.reason = "小标题下没有日期" if not dates else "小标题下有多个日期：" + "、".join(sorted(dates))
            continue
        n, pos, ev.date = held[0]
        ev.line, ev.excerpt = n, rt.excerpt(report.line(n), pos, pos + 6)
    return out


#: The clause after a date this short is a bare verb (举行, 召开): no title of an event.
BARE_VERB = 4
#: The subject whose events a page shows (the zizhu page's timeline); other subjects' events have no page.
EVENT_SUBJECT = "紫竹高新区"
_CLAUSE_END = re.compile(r"[，。；;,]")


def _all_events(report: rt.ReportText, from_dir: Path, year: int, subjects: Subjects) -> list[EventFinding]:
    """Last year's events re-dated under their headings, then the text's other dated sentences."""
    old = _events(report, from_dir, year)
    return old + _new_events(report, from_dir, year, subjects, {e.line for e in old if e.date})


def _new_events(
    report: rt.ReportText,
    from_dir: Path,
    year: int,
    subjects: Subjects,
    taken: frozenset[int | None] | set[int | None] = frozenset(),
) -> list[EventFinding]:
    """An event row for every dated sentence of the text that no heading of last year's events claimed: its
    date, its title (the clause after the date), the subject the sentence or its block names. Only events of
    :data:`EVENT_SUBJECT` have a page; the others are listed with that reason and not written."""
    template = next(iter(_read(from_dir / "events.csv")), {})
    out: list[EventFinding] = []
    used: set[tuple[str, str]] = set()
    for n in sorted(report.block_of):
        if n in taken:
            continue
        line = report.line(n)
        for pos, date in rt.find_dates(line, year):
            rest = line[pos:]
            after = re.sub(r"^.*?日[，,]?", "", rest, count=1)
            title = _CLAUSE_END.split(after, maxsplit=1)[0].strip()
            block = report.block_of[n]
            if len(rt.normalize(title)) <= BARE_VERB and block.heading and not rt.section_of(block.heading):
                title = rt.normalize(block.heading)  # “开园仪式5月18日举行”: the event is its heading's
            if not title or (date, title) in used:
                continue
            used.add((date, title))
            named = subjects.named_in(n)
            heading = block.heading or ""
            in_text = [s for s in named if s in title] or named
            subject = (
                EVENT_SUBJECT
                if "紫竹" in title or ("紫竹" in heading and not [s for s in in_text if s.endswith(("区", "县"))])
                else (in_text[0] if in_text else "")
            )
            row = {
                "event_id": f"ev_{date.replace('-', '')}_{len(out) + 1}",
                "date": date,
                "subject": subject,
                "title": title
                if title.startswith((subject, *label_book.SUBJECT_WORDS.get(subject, ()))) or "紫竹" in title
                else f"{subject}{title}",
                "organisers": "",
                "role": "",
                "detail": "",
                "figure_id": "",
                "section": template.get("section", "4.1") if subject == EVENT_SUBJECT else "4.2",
                "heading": heading,
            }
            ev = EventFinding(row, line=n, excerpt=rt.excerpt(line, pos, pos + 6))
            if subject == EVENT_SUBJECT:
                ev.date = date
            else:
                ev.reason = (
                    f"主体为“{subject or '未识别'}”：书中只有紫竹高新区的大事时间线，示范区和区县的事件没有页面，未录入"
                    + ("（可写进 theme_measures.csv 中所属主题的举措）" if subject == "张江示范区" else "")
                )
            out.append(ev)
    return out


def _theme_and_boxes(report: rt.ReportText, subjects: Subjects, districts: dict[str, str], from_dir: Path):
    """Districts named under each theme heading of the districts' section, and the case boxes found."""
    themes = [r for r in _read(from_dir / "themes.csv") if r.get("section") == "4.2" or r.get("subject") == "区县"]
    cases = _read(from_dir / "cases.csv")
    names = partial(_named, subjects, districts)
    theme_rows, boxes, current = [], [], None
    for b in _subheadings(report):
        theme_id = _theme_of(b.heading or "", themes)
        if theme_id or (b.paragraphs and _is_new_theme(b, districts, names)):
            current = (b.heading, b.heading_line, theme_id, names(b.paragraphs))
            theme_rows.append(current)
        elif b.paragraphs:
            boxes.append((b.heading, b.heading_line, _case_of(b.heading or "", cases)))
            if current:
                _add_theme_text_in_box(current[3], b, names)
    found = {c for _, _, c in boxes if c}
    missing = [(c["case_id"], c["title"]) for c in cases if c["case_id"] not in found]
    return theme_rows, boxes, missing


#: What marks a heading as a box's: the words the report puts on a box (专栏, 案例, 【…】, “专栏一：…”).
_BOX_MARK = re.compile(r"专栏|案例|【|】|^[\[［]")


def _is_new_theme(block: rt.Block, districts: dict[str, str], names) -> bool:
    """A heading that is no theme of the earlier edition is a new theme, not a box, when nothing marks it as a box
    and the text under it names several districts: a box (浦东临港科技创新城, 宝山知识产权运营服务中心) is headed
    by its own district's name or a box word and tells one district's story; a theme's paragraph names several."""
    heading = rt.normalize(block.heading or "")
    if _BOX_MARK.search(heading):
        return False
    if any(heading.startswith(n) for d, short in districts.items() for n in (d, short) if n):
        return False
    return len(names(block.paragraphs)) >= 2


def _subheadings(report: rt.ReportText) -> list[rt.Block]:
    """The headed blocks of the districts' section (of the whole text if it has none), section headings left out."""
    blocks = [b for b in report.blocks if b.heading and b.section == "4.2"] or [b for b in report.blocks if b.heading]
    return [b for b in blocks if not rt.section_of(b.heading or "")]


def _theme_of(heading: str, themes: list[dict[str, str]]) -> str | None:
    """The theme whose heading this one resembles most, if closely enough."""
    h = rt.normalize(heading)
    scored = [(SequenceMatcher(None, h, rt.normalize(t["heading"])).ratio(), t["theme_id"]) for t in themes]
    best = max(scored, key=lambda score: score[0], default=None)
    return best[1] if best and best[0] >= 0.8 else None


def _case_of(heading: str, cases: list[dict[str, str]]) -> str | None:
    """The case of cases.csv with this title or box heading."""
    h = rt.normalize(heading)
    for c in cases:
        if h in (rt.normalize(c["title"]), rt.normalize(c["heading"].replace("（专栏）", ""))):
            return c["case_id"]
    return None


def _add_theme_text_in_box(theme_districts: list[str], box: rt.Block, names) -> None:
    """A paragraph in a box that names districts other than the box's own is the theme's text laid out
    inside the box: its districts belong to the theme."""
    own = set(names([box.heading_line]))
    for n in box.paragraphs:
        named = names([n])
        if any(d not in own for d in named):
            theme_districts.extend(d for d in named if d not in theme_districts)


def _named(subjects: Subjects, districts: dict[str, str], lines: list[int]) -> list[str]:
    out: list[str] = []
    for n in lines:
        out.extend(d for d in subjects.named_in(n) if d in districts and d not in out)
    return out


def analyse(text: str, year: int, source_year: int, source: Path, data_root: Path | None = None) -> Extraction:
    """Read the report's text against the earlier edition's figures; nothing is written."""
    from_dir = source_folder(source_year, data_root)
    report = rt.parse(text)
    # the districts in force at the end of the new year (divisions.csv): a figure of a district that has
    # merged into another since is looked for under its successor's name
    registry = divisions.read(from_dir.parent)
    month = divisions.period_end(year)
    districts = {d.district: d.short_name for d in divisions.in_force(registry, month)}
    gone = divisions.renamed(registry, month)
    tgs = targets(from_dir)
    for t in tgs:
        if t.row.get("subject") in gone:
            t.row["subject"] = gone[t.row["subject"]]
    subjects = Subjects(report, districts, {t.row["subject"] for t in tgs}, gone)
    numbered = sorted(report.block_of)
    cands = [c for t in tgs if t.labels for c in _find(report, t, subjects, numbered)]
    cands, disputed = _settle_claims(cands)
    unassigned = _assign_growths(report, cands)
    _set_periods(report, cands, year)
    findings = [
        _conclude(report, t, [c for c in cands if c.target is t], [c for c in disputed if c.target is t]) for t in tgs
    ]
    dated = [
        (n, d, report.block_of[n].heading or "", rt.excerpt(report.line(n), pos, pos + 6))
        for n in numbered
        for pos, d in rt.find_dates(report.line(n), year)
    ]
    theme_rows, boxes, missing = _theme_and_boxes(report, subjects, districts, from_dir)
    ends = [f.values["period_end"] for f in findings if f.values.get("period_end")]
    titles = section_titles(report)
    cited = {}  # a figure found under one of this text's headings cites that heading, not last year's
    for f in findings:
        block = report.block_of.get(f.line) if f.status == FOUND and f.line else None
        if block is not None and block.heading and block.section in schema.SECTIONS and _title_of(block.heading):
            cited[f.target.id] = {"section": block.section, "heading": _title_of(block.heading)}
    return Extraction(
        year,
        source_year,
        Path(source),
        findings,
        _all_events(report, from_dir, year, subjects),
        dated,
        [(n, rt.excerpt(report.line(n), g.start, g.end)) for n, g in unassigned],
        theme_rows,
        boxes,
        missing,
        max(ends) if ends else "",
        section_titles=titles,
        cited=cited,
    )


# --- writing ----------------------------------------------------------------------------------


def _title_of(heading: str) -> str:
    """A section heading without its number: “4.1 数字赋能，张江领航” → “数字赋能，张江领航”."""
    code = rt.section_of(heading)
    text = heading.strip()[len(code) :] if code else heading
    shown = "".join(ch for ch in text if unicodedata.category(ch) not in ("So", "Mn", "Cf", "Sk"))  # no emoji
    return " ".join(shown.split())


def section_titles(report: rt.ReportText) -> dict[str, tuple[int, str]]:
    """The text's own title of each report section the data may cite (4.1, 4.2), with its line: the first
    heading that opens with the section's number."""
    out: dict[str, tuple[int, str]] = {}
    for b in report.blocks:
        code = rt.section_of(b.heading) if b.heading else None
        if b.heading and b.heading_line and code in schema.SECTIONS and code not in out and _title_of(b.heading):
            out[code] = (b.heading_line, _title_of(b.heading))
    return out


def _old_titles(src: Path) -> dict[str, str]:
    """The earlier edition's title of each section: the one heading its opening table's rows share there."""
    out = {}
    for code, file in schema.SECTION_OPENINGS.items():
        path = src / file
        rows = _read(path) if path.exists() else []
        headings = {r.get("heading", "") for r in rows if r.get("section") == code and r.get("heading")}
        if len(headings) == 1:
            out[code] = headings.pop()
    return out


def _retitle(dest: Path, ex: Extraction, src: Path) -> None:
    """Every row of the new folder that cites the earlier edition's title of a section (the section opening's
    rows, rows under the title itself, “…（信息图）”) cites this text's title of it instead; a section whose title
    the text does not give keeps the old one, which the listing asks the analyst to replace."""
    old = _old_titles(src)
    counts = dict.fromkeys(old, 0)
    for table in schema.TABLES:
        path = dest / table.file
        if not path.exists() or "heading" not in table.column_names:
            continue
        rows = _read(path)
        changed = 0
        for row in rows:
            code = row.get("section", "")
            heading = row.get("heading", "")
            if code in old and code in ex.section_titles and heading.split("（")[0] == old[code].split("（")[0]:
                row["heading"] = ex.section_titles[code][1] + heading[len(old[code].split("（")[0]) :]
                counts[code] += 1
                changed += 1
        if changed:
            header = list(rows[0])
            write_rows(path, header, [[r.get(h, "") for h in header] for r in rows])
    ex.retitled = {code: (title, counts[code]) for code, title in old.items()}


def _fill(dest: Path, ex: Extraction) -> None:
    found = {f.target.id: f.values for f in ex.findings if f.status == FOUND}
    for file in schema.FIGURE_FILES:
        path = dest / file
        if not path.exists():
            continue
        rows = _read(path)
        header = schema.TABLES_BY_FILE[file].column_names if not rows else list(rows[0])
        for row in rows:
            row.update(found.get(row["id"], {}))
            row.update(ex.cited.get(row["id"], {}) if row["id"] in found else {})
        write_rows(path, header, [[r.get(h, "") for h in header] for r in rows])
    events = [e for e in ex.events if e.date]
    if (dest / "events.csv").exists() and events:
        header = schema.TABLES_BY_FILE["events.csv"].column_names
        fresh = {
            e.row["event_id"]: {**e.row, "date": e.date, "organisers": "", "role": "", "detail": ""} for e in events
        }
        write_rows(dest / "events.csv", header, [[r.get(h, "") for h in header] for r in fresh.values()])
    if (dest / "edition.csv").exists():
        rows = _read(dest / "edition.csv")
        for r in rows:
            if r["key"] == "data_as_of" and ex.data_as_of:
                r["value"] = ex.data_as_of
            if r["key"] == "source_file":
                r["value"] = ex.source.name
        if not any(r["key"] == "source_file" for r in rows):  # the edition names its own report's text
            rows.append({"key": "source_file", "value": ex.source.name, "note": "报告第四部分的文本（不随本仓库分发）"})
        header = list(rows[0])
        write_rows(dest / "edition.csv", header, [[r.get(h, "") for h in header] for r in rows])


def year_warning(text: str, year: int) -> list[str]:
    """A line when the text speaks of another year more than of the edition's: probably the wrong report."""
    years = Counter(int(y) for y in re.findall(r"(?<!\d)((?:19|20)\d\d)年", text))
    if not years or years.get(year, 0) >= max(years.values()):
        return []
    top = years.most_common(1)[0][0]
    return [
        f"注意：文本中最常出现的年份是 {top} 年（{years[top]} 次），{year} 年只出现 {years.get(year, 0)} 次；"
        f"统计期与日期已按 {year} 年填写，请确认这是 {year} 年的报告"
    ]


def extract(
    year: int,
    source: str | Path,
    source_year: int = paths.DEFAULT_YEAR,
    data_root: str | Path | None = None,
    out_root: str | Path | None = None,
) -> list[str]:
    """Create ``data/<year>/`` from ``source_year`` and the report text; return the lines to print.

    Like new-year, the folder is built aside and renamed into place only when complete, its review
    listing written: a failure leaves neither behind."""
    text = rt.read_source(source)
    ex = analyse(text, year, source_year, Path(source), Path(data_root) if data_root else None)
    dest = paths.data_dir(year, data_root)
    refuse_existing(dest)
    listing = Path(out_root or paths.BUILD) / str(year) / "extract-review.md"
    try:
        with built_aside(dest) as folder:
            _draft(folder, ex, source_folder(source_year, data_root))
            carried = review.mark_mentions(folder, text.splitlines())
            listing.parent.mkdir(parents=True, exist_ok=True)
            listing.write_text(render(ex) + carried_listing(folder, carried, text.splitlines()), encoding="utf-8")
            (listing.parent / review.SOURCE_COPY).write_text(text, encoding="utf-8")  # for make confirm
    except BaseException:
        listing.unlink(missing_ok=True)  # it would list a folder that was not made
        (listing.parent / review.SOURCE_COPY).unlink(missing_ok=True)
        raise
    checked = [e for e in carried if e.mentioned]
    absent = [e for e in checked if e.mentioned == review.ABSENT]
    return [
        f"已由 {Path(source).name} 起草 {dest}（以 {source_year} 年为底稿）。",
        ex.summary + "。",
        f"沿用上一版的 {len(checked)} 行文字中，新文本提到 {len(checked) - len(absent)} 行、没有提到 {len(absent)} 行"
        f"（逐行列在核对清单中；没有提到的行须逐行保留并写明理由，或删去、标为本年未报告）。",
        *year_warning(text, year),
        f"逐项核对清单：{listing}",
        f"核对后运行 make validate YEAR={year}，它会指出每个仍为空的单元格。",
    ]


def carried_listing(folder: Path, entries: list[review.Entry], text: list[str] | None = None) -> str:
    """The review listing's part on carried-over rows: per row, whether the new text mentions it, where and in
    which statement; for a row whose words stand in the text without its subject, where they stand."""
    lines = ["", "## 沿用上一版的条目：新文本是否提到", ""]
    lines.append(
        "“提到”指新文本的同一句写出了该行自己的内容和它的主体（区县须在同一句，区县的产业基地还须在同一段写出它承载的产业；紫竹高新区、张江示范区可在同一段，"
        "即同一小标题之下）。没有提到的条目只有逐行保留（KEEP=理由）才会留在发布版中；make confirm ALL=1 不会确认它们。"
    )
    lines.append("")
    names = review.district_names(folder.parent)
    for e in entries:
        if not e.mentioned:
            continue
        table = review.table_rows(folder, e.file)
        row = table.get(e.key, {})
        words = "；".join(review.mention_terms(e.file, row))[:40]
        of = review.companions(e.file, row, table)
        found = review.find_mention(e.file, row, text, names, of) if text is not None else None
        subject = f"主体：{found.subject}；" if found and found.subject else ""
        if e.mentioned != review.ABSENT:
            said = f"：“{found.statement[:40]}”" if found and found.line == int(e.mentioned) else ""
            seen = f"{subject}第{e.mentioned}行提到{said}"
        elif found and found.words_at and found.wants:
            seen = (
                f"未提到：第{found.words_at}行写了{found.subject}和这个地方，但同一段没有写出它承载的产业"
                f"（{'、'.join(found.wants)}），说的可能是别的事"
            )
        elif found and found.words_at:
            seen = (
                f"未提到：第{found.words_at}行写了这些词，但同一句（或同一段）没有写出{found.subject}，说的是别的主体"
            )
        else:
            seen = "未提到"
        lines.append(f"- [{'x' if e.mentioned != review.ABSENT else ' '}] {e.file} {e.key}：{words}（{seen}）")
    return "\n".join(lines) + "\n"


def _draft(folder: Path, ex: Extraction, src: Path) -> None:
    """The new edition's folder as new-year makes it, then filled with what the text gives."""
    recreated = {e.row.get("figure_id", "") for e in ex.events if e.date} - {""}
    carry_over(src, folder, ex.source_year, ex.year, keep_figures=recreated)
    present = {r["id"] for f in schema.FIGURE_FILES if (folder / f).exists() for r in _read(folder / f)}
    ex.findings = [f for f in ex.findings if f.target.id in present]  # figures of emptied events are gone
    _fill(folder, ex)
    _retitle(folder, ex, src)
