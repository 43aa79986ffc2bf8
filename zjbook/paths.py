"""Where things live: the project root, each year's data, the build output."""
from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
NOTEBOOKS = ROOT / "notebooks"
BOOK = ROOT / "book"
BUILD = ROOT / "_build"
DEFAULT_YEAR = 2014


def data_dir(year: int | str, data_root: str | Path | None = None) -> Path:
    """The folder holding one year's CSV files (``data/<year>/`` unless another root is given)."""
    return Path(data_root or DATA) / str(year)


def available_years(data_root: str | Path | None = None) -> list[int]:
    root = Path(data_root or DATA)
    return sorted(int(p.name) for p in root.iterdir() if p.is_dir() and p.name.isdigit()) if root.is_dir() else []
