"""Shared fixtures: whole-book builds made once per test run (shared by pytest-xdist workers), pages
written in memory, and scratch data folders."""

from __future__ import annotations

import contextlib
import csv
import fcntl
import functools
import os
import shutil
import threading
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import pytest
from _pytest.pathlib import LOCK_TIMEOUT, cleanup_numbered_dir

from zjbook import paths
from zjbook.pipeline.build import build

DATA_2014 = paths.DATA / "2014"
FIXTURES = Path(__file__).parent / "fixtures" / "data"
#: A divisions registry in which 2014's districts and county never change: a data root holding it can copy 2014 as
#: a later year and stay true (see zjbook/data/divisions.py).
UNCHANGED_DIVISIONS = Path(__file__).parent / "fixtures" / "divisions-unchanged.csv"


#: The report's text, kept beside the repository (not part of it, never published): ``<repo>/../shared/source``.
REPORT_TEXT = paths.ROOT.parent / "shared" / "source" / "000_6c0504f5544f06e6.txt"


@functools.cache
def notebooks_2014(lang: str = "zh") -> int:
    """How many notebooks the 2014 edition runs in one language (its chapters and the data dictionary): a
    test counts against the book's own outline, never a number any new chapter or merged one changes."""
    from zjbook.data.edition import Edition
    from zjbook.pipeline.build import chapters

    return len(chapters(Edition(2014), lang))


def need_shared(path: Path) -> Path:
    """``path`` from ``../shared`` beside the repository. A machine without it skips the test; under CI
    (``CI=true``) the test fails instead, so that a test that never ran can't pass for one that did."""
    if path.is_file():
        return path
    message = f"{path} is not here: it lives beside the repository in ../shared"
    if os.environ.get("CI", "").strip().lower() in ("true", "1", "yes"):
        pytest.fail(f"{message}; CI=true, so the tests that read it must run", pytrace=False)
    pytest.skip(message)


#: Tests that build a book, run papermill, a browser, the preview server or a PDF: ``make check`` leaves them
#: to ``make test`` (``-m "not slow"``). A test is slow when its module is listed or it asks for a built book.
SLOW_MODULES = {
    "test_browser",
    "test_pdf",
    "test_serve",
    "test_trusted_build",
    "test_rebuilds",
    "test_notebooks",
    "test_mutations",
    "test_markup_is_literal",
    "test_drafts",
    "test_other_years",
    "test_execute",
    "test_edition_2016",  # drafts whole editions from report texts (new year, extract, validate, review)
    "test_edition_2017",
    "test_edition_2018",
    "test_pdf_compose",  # prints pages with Chromium
    "test_wordlist",  # loads jieba's word list three times
}
BUILT_BOOKS = {"edition_2014", "edition_2031", "warm", "fixture_edition"}
#: Modules whose tests share an expensive module-level fixture (a browser's pass over the site, the PDFs, a warm
#: build, the draft's flow): under ``-n 2 --dist loadgroup`` each runs whole on one worker, made once.
SHARED_FIXTURE_MODULES = {
    "test_browser": "browser",
    "test_pdf": "pdf",
    "test_trusted_build": "warm-build",
    "test_drafts": "drafts",
}


def pytest_configure(config):
    config.addinivalue_line("markers", "slow: builds a book, or runs papermill, a browser or a server (make test only)")


#: The thread removing the temporary folders of earlier test runs (see :func:`pytest_sessionstart`).
_CLEANUP = pytest.StashKey[threading.Thread]()


def pytest_sessionstart(session):
    """Remove the temporary folders of the test runs before the last three now, in the background, rather than at
    the end as pytest does: a run leaves over a gigabyte in some 30,000 files, whose removal waits on the disk, and
    at the end nothing else runs beside it. The same removal as pytest's (its own function, its rules for folders
    still in use); at the end it finds nothing left to remove. Not for a ``--basetemp`` the user gave."""
    config = session.config
    if hasattr(config, "workerinput") or config.option.basetemp:
        return
    if config.getini("tmp_path_retention_policy") == "none":  # pytest removes each run's folder itself
        return
    keep = int(config.getini("tmp_path_retention_count"))
    basetemp = config._tmp_path_factory.getbasetemp()  # noqa: SLF001 - the folder pytest makes for this run
    thread = threading.Thread(
        target=cleanup_numbered_dir,
        args=(basetemp.parent, "pytest-", keep, basetemp.stat().st_mtime - LOCK_TIMEOUT),
        name="remove old test folders",
        daemon=True,
    )
    thread.start()
    config.stash[_CLEANUP] = thread


@pytest.hookimpl(tryfirst=True)  # before pytest's own removal of the old folders
def pytest_sessionfinish(session, exitstatus):
    """Wait for the removal of the old test folders (not after Ctrl-C: a removal cut short is finished by the next
    run, as pytest's own is). End the Jupyter Book driver this process's builds kept
    (zjbook/pipeline/driver_process.py) and wait for it, rather than leave it to end with the process, unwaited
    (its CPU time then never reaches ``time make test``)."""
    from zjbook.pipeline import driver_process

    cleanup = session.config.stash.get(_CLEANUP, None)
    if cleanup is not None and exitstatus != pytest.ExitCode.INTERRUPTED:
        cleanup.join()
    driver_process.close()


@pytest.hookimpl(tryfirst=True)  # before xdist reads the groups off the items
def pytest_collection_modifyitems(config, items):
    for item in items:
        if item.module.__name__ in SLOW_MODULES or BUILT_BOOKS & set(item.fixturenames):
            item.add_marker(pytest.mark.slow)
        if item.module.__name__ in SHARED_FIXTURE_MODULES:
            item.add_marker(pytest.mark.xdist_group(SHARED_FIXTURE_MODULES[item.module.__name__]))


def pytest_collection_finish(session):
    """Under ``--dist loadgroup`` each group's tests must share one worker, or every worker makes the shared
    module fixtures again (the browser's pass over the site, the PDFs, the draft's flow). pytest 9.2 silently broke
    the grouping of pytest-xdist 3.8 (pytest-dev/pytest-xdist#1386), hence the pinned pytest; this stops the run
    rather than let it double its work unnoticed."""
    config = session.config
    if hasattr(config, "workerinput") and config.getvalue("loadgroup"):
        grouped = [item for item in session.items if item.get_closest_marker("xdist_group")]
        if grouped and not all("@" in item.nodeid for item in grouped):
            raise pytest.UsageError(
                "pytest-xdist 不再按 xdist_group 分组（pytest 9.2 与 xdist 3.8 的已知问题，pytest-dev/pytest-xdist#1386）："
                "请用 requirements.txt 固定的 pytest 版本（make setup）"
            )


@contextlib.contextmanager
def _locked(path: Path):
    with open(path, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def shared(tmp_path_factory, worker_id: str, name: str, make: Callable[[Path], object]) -> Path:
    """A folder made once per test run by ``make(folder)`` and shared by every xdist worker: the first
    worker to ask makes it under a lock, the others wait and reuse it."""
    base = tmp_path_factory.getbasetemp()
    root = base if worker_id == "master" else base.parent
    folder = root / f"shared-{name}"
    with _locked(root / f"shared-{name}.lock"):
        if not (folder / ".made").exists():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir(parents=True)
            make(folder)
            (folder / ".made").touch()
    return folder


def quiet(*_) -> None:
    pass


@pytest.fixture(scope="session")
def edition_2014(tmp_path_factory, worker_id) -> Path:
    """The 2014 edition (both languages) built from data/2014 into a scratch _build; returns its html folder.
    Built once per test run; never change it (build your own copy to test a change)."""
    out = shared(tmp_path_factory, worker_id, "build-2014", lambda d: build(2014, out_root=d, report=quiet))
    return out / "2014" / "html"


@pytest.fixture(scope="session")
def edition_2031(tmp_path_factory, worker_id) -> Path:
    """The fictional 2031 edition of tests/fixtures (both languages); returns its html folder."""
    out = shared(
        tmp_path_factory, worker_id, "build-2031", lambda d: build(2031, data_root=FIXTURES, out_root=d, report=quiet)
    )
    return out / "2031" / "html"


def warm_cache(out_root: Path, *built_html: Path) -> Path:
    """Give an output root the notebook cache of builds made earlier in the run (``built_html``, e.g. the
    ``edition_2014`` fixture): a page whose inputs are unchanged is then taken from the cache, as in an analyst's
    second build, also for a copy of the same data in another folder (where the data lies is no part of a
    notebook's cache key: what it read is, by its bytes). Not the Sphinx work folders, which belong to their own
    output root. Returns ``out_root``."""
    for html in built_html:
        cache = html.parent.parent / ".cache"
        shutil.copytree(cache, out_root / ".cache", ignore=shutil.ignore_patterns("sphinx"), dirs_exist_ok=True)
    return out_root


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


# --- Reading figures: which glyphs of which font an SVG written by matplotlib draws ---------------

SVG_NS = {"svg": "http://www.w3.org/2000/svg", "xlink": "http://www.w3.org/1999/xlink"}


def parse_svg(svg: str | bytes):
    """The SVG's root element, comments kept (matplotlib writes each drawn text as a comment)."""
    return ET.fromstring(svg, parser=ET.XMLParser(target=ET.TreeBuilder(insert_comments=True)))


def svg_texts(svg: str | bytes) -> list[tuple[str, list[str]]]:
    """Each line of text drawn as glyph paths, in drawing order: (the line, the glyph ids it draws, in order).

    matplotlib writes a comment holding the line, then a group of ``<use>`` elements, one per glyph."""
    out = []
    for parent in parse_svg(svg).iter():
        children = list(parent)
        for comment, group in zip(children, children[1:]):
            if comment.tag is ET.Comment and group.tag == f"{{{SVG_NS['svg']}}}g":
                uses = [
                    u.get(f"{{{SVG_NS['xlink']}}}href", "").lstrip("#") for u in group.iter(f"{{{SVG_NS['svg']}}}use")
                ]
                out.append((comment.text.strip(), uses))
    return out


@functools.cache
def _noto_sc_glyphs(weight: str) -> tuple[str, dict[int, int]]:
    """The SC face of the house font at ``weight``: its PostScript name and its code point → glyph index."""
    from fontTools.ttLib import TTCollection, TTFont
    from matplotlib import font_manager

    from zjbook.render import style

    path = font_manager.findfont(
        font_manager.FontProperties(family=style.FONT_FAMILY, weight=weight.lower()), fallback_to_default=False
    )
    name = f"NotoSansCJKsc-{weight}"
    faces = TTCollection(path).fonts if path.endswith(".ttc") else [TTFont(path)]
    face = next(f for f in faces if f["name"].getDebugName(6) == name)
    order = face.getReverseGlyphMap()
    return name, {code: order[glyph] for code, glyph in face.getBestCmap().items()}


def noto_glyph_ids(text: str, weight: str = "Regular") -> list[str]:
    """The glyph ids matplotlib gives the characters of ``text`` drawn in the SC face of the house font
    ("Regular" or "Bold"), read from the font file itself with fontTools."""
    name, cmap = _noto_sc_glyphs(weight)
    return [f"{name}-{cmap[ord(c)]:x}" for c in text]


def drawn_in_other_faces(svg: str | bytes) -> list[tuple[str, list[str]]]:
    """The lines of text an SVG figure draws with glyphs other than those of the house font's SC faces."""
    wrong = []
    for text, glyphs in svg_texts(svg):
        weight = glyphs[0].rsplit("-", 1)[0].removeprefix("NotoSansCJKsc-") if glyphs else ""
        if weight not in ("Regular", "Bold") or glyphs != noto_glyph_ids(text, weight):
            wrong.append((text, glyphs[:3]))
    return wrong


def shown(figures, lang: str = "zh"):
    """Figures as a page of ``lang`` words them (``.text``, ``.growth_text``, ``.label`` …)."""
    from zjbook.wording import view, wording

    return view(figures, wording(lang).numbers)


#: The reader's chapters, in the book's order (the analysts' pages come after them).
READER_CHAPTERS = (
    "zhangjiang_overview",
    "zhangjiang_resources",
    "zizhu",
    "districts_overview",
    "districts_themes",
)
