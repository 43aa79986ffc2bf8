"""The draft review page (Chinese only, like the command line): what is left before an edition can be
released — carried-over text rows nobody has checked, warnings nobody has acknowledged, faults of
``review.csv`` — each with the command that confirms it. Sentences in ``wording/zh/review.toml``."""

from __future__ import annotations

import pandas as pd

from ... import paths
from ...data import review, schema
from ...wording import Said
from ..page import Page


def record_reads(page: Page) -> None:
    """The review page depends on every data file (warnings compare with other years): note them all."""
    ed = page.edition
    ed.record_listing()
    for folder in paths.year_folders(ed.data_root):
        ed.record_folder(folder)


def intro(page: Page) -> None:
    status = page.edition.status()
    if not status.is_draft:
        page.paragraph("review.ready")
        return
    page.paragraph("review.draft", summary=Said(status.summary()))
    for key in ("carried", "warnings", "release"):
        page.paragraph(f"review.{key}")


def unreviewed(page: Page) -> None:
    page.heading("review.unreviewed_heading")
    ed = page.edition
    state = ed.review
    head = page.words("review.unreviewed_columns")
    rows = []
    for e in state.unreviewed():
        row = state.texts.get((e.file, e.key), {})
        table = schema.TABLES_BY_FILE[e.file]
        text = "；".join(
            row[c.name]
            for c in table.columns
            if c.kind == "text" and row.get(c.name) and c.name not in ("section", "heading")
        )
        rows.append([Said(e.file), Said(e.key), Said(text), Said(review.confirm_command(ed.year, e))])
    if rows:
        page.table(pd.DataFrame(rows, columns=head), "review-unreviewed", page.plain("review.unreviewed_caption"))
    else:
        page.paragraph("review.no_unreviewed")


def warnings(page: Page) -> None:
    page.heading("review.warnings_heading")
    ed = page.edition
    head = page.words("review.warning_columns")
    rows = [
        [
            Said(w.code),
            Said(w.where),
            Said(w.message + (f"。{w.fix}" if w.fix else "")),
            Said(review.confirm_command(ed.year, warning=w.code)),
        ]
        for w in ed.status().unacknowledged
    ]
    if rows:
        page.table(pd.DataFrame(rows, columns=head), "review-warnings", page.plain("review.warnings_caption"))
    else:
        page.paragraph("review.no_warnings")
    problems = [Said(f"{p.where}：{p.message}" + (f"。修改：{p.fix}" if p.fix else "")) for p in ed.review.problems]
    if problems:
        page.paragraph("review.problems")
        page.bullets([page.voice.markup(p) for p in problems])
