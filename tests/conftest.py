"""Shared fixtures: a built 2014 edition (built once per test session) and scratch data folders."""
from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from zjbook import paths
from zjbook.pipeline.build import build

DATA_2014 = paths.DATA / "2014"


@pytest.fixture(scope="session")
def edition_2014(tmp_path_factory) -> Path:
    """The 2014 edition built from data/2014 into a scratch _build; returns its html folder."""
    out = tmp_path_factory.mktemp("build")
    return build(2014, out_root=out, report=lambda *_: None)


@pytest.fixture
def data_copy(tmp_path) -> Path:
    """A writable copy of data/2014 under a scratch data root; returns the year folder."""
    dest = tmp_path / "data" / "2014"
    shutil.copytree(DATA_2014, dest)
    return dest


def set_cell(path: Path, row_id: str, column: str, value: str) -> int:
    """Change one cell of a CSV file (row found by its first column); return the file line changed."""
    rows = list(csv.reader(path.read_text(encoding="utf-8").splitlines()))
    header = rows[0]
    for i, row in enumerate(rows[1:], start=2):
        if row[0] == row_id:
            row[header.index(column)] = value
            break
    else:
        raise KeyError(row_id)
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)
    return i
