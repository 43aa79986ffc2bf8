"""Where things live: the project root, each year's data, the build output."""

from __future__ import annotations

import os
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
NOTEBOOKS = ROOT / "notebooks"
BOOK = ROOT / "book"
BUILD = ROOT / "_build"
DEFAULT_YEAR = 2014
#: The user's cache folder for what is slow to make and the same for every checkout and edition (jieba's word list,
#: the print faces): ``$XDG_CACHE_HOME/zjbook`` or ``~/.cache/zjbook``, where matplotlib keeps its font list. Never
#: a folder another user can write, and never the checkout.
USER_CACHE = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "zjbook"


def data_dir(year: int | str, data_root: str | Path | None = None) -> Path:
    """The folder holding one year's CSV files (``data/<year>/`` unless another root is given)."""
    return Path(data_root or DATA) / str(year)


#: A year's folder is named by its four ASCII digits; anything else under the data root is no year.
YEAR_NAME = re.compile(r"[0-9]{4}")


def is_year_name(name: str) -> bool:
    return YEAR_NAME.fullmatch(name) is not None


def year_folders(data_root: str | Path | None = None) -> list[Path]:
    """The year folders under the data root, oldest first."""
    root = Path(data_root or DATA)
    if not root.is_dir():
        return []
    return sorted((p for p in root.iterdir() if is_year_name(p.name) and p.is_dir()), key=lambda p: p.name)


#: Files of the data root itself, shared by every edition (the divisions registry): not year folders, not ignored.
SHARED_DATA_FILES = frozenset({"divisions.csv"})


def shown_name(name: str) -> str:
    """A file name as a one-line message may print it: characters a terminal would act on or not show (line
    breaks, escape sequences, format and other non-printing characters) written as escapes, e.g. ``\\x1b``."""
    return "".join(c if c.isprintable() else ascii(c)[1:-1] for c in name)


def ignored_entries(data_root: str | Path | None = None) -> list[Path]:
    """What lies under the data root that is no year folder and no shared data file (listed once as ignored)."""
    root = Path(data_root or DATA)
    if not root.is_dir():
        return []
    return sorted(
        p
        for p in root.iterdir()
        if not (is_year_name(p.name) and p.is_dir())
        and not p.name.startswith(".")
        and not (p.name in SHARED_DATA_FILES and p.is_file())
    )


def available_years(data_root: str | Path | None = None) -> list[int]:
    return [int(p.name) for p in year_folders(data_root)]


#: The preview keeps the hand-written pages' substitutions in this file beside ``conf.py`` (read by
#: :mod:`zjbook.site.preview_ext`), so that a changed figure re-reads only the pages that use it.
PREVIEW_SUBSTITUTIONS = "substitutions.json"
