"""Nothing outside data/ names a particular year or types a figure of the report."""
import re
from pathlib import Path

import pytest

from zjbook.render import numbers
from zjbook import paths
from zjbook.data.edition import Edition

ROOT = paths.ROOT
SOURCES = sorted([*ROOT.glob("zjbook/**/*.py"), *ROOT.glob("notebooks/*.ipynb"), *ROOT.glob("book/*.md"),
                  ROOT / "_config.yml", ROOT / "_toc.yml"])
#: Where the default edition year may stand: the one default, and each notebook's parameter default.
YEAR_ALLOWED = re.compile(r"DEFAULT_YEAR = \d{4}|year: int = \d{4}|ZIP_EPOCH = \(1980")


def figure_strings() -> set[str]:
    """The 2014 figures as they could be typed: value as printed and bare number, when distinctive."""
    ed = Edition(2014)
    out = set()
    for file in ed.figure_files():
        for f in ed.figures(file):
            number, _ = numbers.scaled(f.value, f.unit)
            for s in (number, numbers.plain(f.value), f.growth_text.strip("约%") if f.has_growth else ""):
                if len(s.replace(".", "")) >= 3:
                    out.add(s)
    return out


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_year_typed(path):
    text = YEAR_ALLOWED.sub("", path.read_text(encoding="utf-8"))
    assert not re.search(r"(?<!\d)(19|20)\d\d(?!\d)", text), "a year is typed outside data/"


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_figure_typed(path):
    text = path.read_text(encoding="utf-8")
    typed = [s for s in figure_strings() if re.search(rf"(?<![\d.]){re.escape(s)}(?![\d])", text)]
    assert not typed, f"figures typed outside data/: {typed}"


def test_the_check_can_fail(tmp_path):
    assert {"2.65", "1547", "519", "12.2", "7655", "24.45", "2580"} <= figure_strings()
