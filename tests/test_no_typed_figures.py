"""Nothing outside data/ names a particular year or types a figure of the report."""

import json
import re
import shutil
from functools import cache
from pathlib import Path

import pytest

from zjbook import paths
from zjbook.data import printed as numbers
from zjbook.data.edition import Edition

ROOT = paths.ROOT
SOURCES = sorted(
    [
        *ROOT.glob("zjbook/**/*.py"),
        *ROOT.glob("zjbook/**/*.toml"),
        *ROOT.glob("notebooks/*.ipynb"),
        *ROOT.glob("book/**/*.md"),
        ROOT / "_config.yml",
        ROOT / "_toc.yml",
    ]
)
#: Where the default edition year may stand: the one default, and each notebook's parameter default.
YEAR_ALLOWED = re.compile(r"DEFAULT_YEAR = \d{4}|year: int = \d{4}|ZIP_EPOCH = \(1980")


@cache
def figure_strings() -> frozenset[str]:
    """The 2014 figures as they could be typed: value as printed and bare number, when distinctive."""
    ed = Edition(2014)
    out = set()
    for file in ed.figure_files():
        for f in ed.figures(file):
            number, _ = numbers.scaled(f.value, f.unit)
            growth = numbers.percent(f.growth_pct, f.growth_qualifier) if f.has_growth else ""
            for s in (number, numbers.plain(f.value), growth.strip("约%")):
                if len(s.replace(".", "")) >= 3:
                    out.add(s)
    return frozenset(out)


def typed_years(path: Path) -> list[str]:
    """The years typed in a source file, apart from the allowed defaults."""
    text = YEAR_ALLOWED.sub("", path.read_text(encoding="utf-8"))
    return [m.group(0) for m in re.finditer(r"(?<!\d)(19|20)\d\d(?!\d)", text)]


def typed_figures(path: Path) -> list[str]:
    """The report's figures typed in a source file (sorted)."""
    text = path.read_text(encoding="utf-8")
    return sorted(s for s in figure_strings() if re.search(rf"(?<![\d.]){re.escape(s)}(?![\d])", text))


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_year_typed(path):
    assert not typed_years(path), "a year is typed outside data/"


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_figure_typed(path):
    typed = typed_figures(path)
    assert not typed, f"figures typed outside data/: {typed}"


def test_the_scan_covers_code_notebooks_and_pages():
    kinds = {p.suffix for p in SOURCES}
    assert {".py", ".ipynb", ".md", ".yml"} <= kinds
    assert len([p for p in SOURCES if p.suffix == ".ipynb"]) >= 8


def test_the_check_knows_the_figures():
    assert {"2.65", "1547", "519", "12.2", "7655", "24.45", "2580"} <= figure_strings()


def test_a_figure_typed_in_a_notebook_is_caught(tmp_path):
    """Plant the headline figure in a copy of a notebook's code cell: the scan must name it."""
    original = ROOT / "notebooks" / "zhangjiang_overview.ipynb"
    nb = json.loads(original.read_text(encoding="utf-8"))
    cell = next(c for c in nb["cells"] if c["cell_type"] == "code")
    cell["source"] = ["total = 2.65  # 万亿元\n", *cell["source"]]
    planted = tmp_path / original.name
    planted.write_text(json.dumps(nb, ensure_ascii=False, indent=1), encoding="utf-8")
    assert typed_figures(original) == []
    assert typed_figures(planted) == ["2.65"]


@pytest.mark.parametrize(
    "line, caught",
    [
        ('growth = "12.2%"\n', ["12.2"]),
        ("PATENTS = 7655\n", ["7655"]),
        ("fdi = f'{24.45}亿美元'\n", ["24.45"]),
        ("width = 12.25  # not a figure\n", []),
        ("count = 17655\n", []),
    ],
)
def test_a_figure_typed_in_code_is_caught(tmp_path, line, caught):
    module = tmp_path / "planted.py"
    shutil.copy(ROOT / "zjbook" / "sections" / "zhangjiang.py", module)
    module.write_text(module.read_text(encoding="utf-8") + line, encoding="utf-8")
    assert typed_figures(module) == caught


def test_a_year_typed_in_a_page_is_caught(tmp_path):
    page = tmp_path / "intro.md"
    page.write_text(
        (ROOT / "book" / "intro.md").read_text(encoding="utf-8") + "\n本书依据2014年的报告。\n", encoding="utf-8"
    )
    assert typed_years(ROOT / "book" / "intro.md") == []
    assert typed_years(page) == ["2014"]
