"""CSV files of a data folder as text: one reader and one canonical writer for every tool.

The canonical form is what the project stores and publishes: UTF-8 without BOM, LF line ends,
a header row, fields quoted only where needed.
"""
from __future__ import annotations

import csv
import io
from pathlib import Path


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
