"""What the extractor looks for and what it concluded: the records :mod:`zjbook.data.extract` makes
and :mod:`zjbook.data.extract_review` lists for the analyst.

Both modules import this one and neither imports the other's internals: ``extract`` reads the text
and writes the data folder, ``extract_review`` only turns an :class:`Extraction` into Markdown.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from . import labels as label_book

#: What the extraction concluded for one figure.
FOUND, MISSING, AMBIGUOUS, NO_LABELS = "found", "missing", "ambiguous", "no_labels"


@dataclass
class Target:
    """One figure row of the earlier edition: what to look for."""

    file: str
    row: dict[str, str]
    labels: label_book.FigureLabels | None
    regexes: list[re.Pattern] = field(default_factory=list)

    @property
    def id(self) -> str:
        return self.row["id"]


@dataclass
class Finding:
    """What the extraction concluded for one figure."""

    target: Target
    status: str
    values: dict[str, str] = field(default_factory=dict)  # columns to write
    line: int | None = None
    excerpt: str = ""
    reason: str = ""
    notes: list[str] = field(default_factory=list)


@dataclass
class EventFinding:
    row: dict[str, str]
    date: str = ""
    line: int | None = None
    excerpt: str = ""
    reason: str = ""


@dataclass
class Extraction:
    year: int
    source_year: int
    source: Path
    findings: list[Finding]
    events: list[EventFinding]
    dated: list[tuple[int, str, str, str]]  # (line, date, block heading, excerpt) of every date
    unassigned_growths: list[tuple[int, str]]  # (line, excerpt)
    theme_districts: list[tuple[str, int, str | None, list[str]]]  # (heading, line, theme_id, districts)
    boxes: list[tuple[str, int, str | None]]  # (heading, line, case_id)
    cases_missing: list[tuple[str, str]]  # (case_id, title) not found
    data_as_of: str = ""
    #: The report's own section titles, by code: "4.1 数字赋能，张江领航" → {"4.1": "数字赋能，张江领航"}.
    section_titles: dict[str, tuple[int, str]] = field(default_factory=dict)  # code → (line, title)
    #: Per section code, the earlier edition's title and how many rows of the new folder now carry the new one.
    retitled: dict[str, tuple[str, int]] = field(default_factory=dict)
    #: Per figure found, the section and heading it stands under in this text.
    cited: dict[str, dict[str, str]] = field(default_factory=dict)

    def count(self, status: str) -> int:
        return sum(f.status == status for f in self.findings)

    @property
    def summary(self) -> str:
        found, total = self.count(FOUND), len(self.findings)
        if found == 0:
            return (
                f"在报告文本中没有找到任何一个数字（0/{total}）：请确认 {self.source} 是报告第四部分的文本；"
                "全部数字留空"
            )
        return (
            f"在报告文本中找到 {found}/{total} 个数字；有歧义留空 {self.count(AMBIGUOUS)} 个，"
            f"未找到 {self.count(MISSING) + self.count(NO_LABELS)} 个"
        )
