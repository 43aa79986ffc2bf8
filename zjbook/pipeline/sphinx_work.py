"""Each language's Sphinx work folder, kept between builds so that Sphinx re-reads only the pages that changed.

Jupyter Book reads every page (parses the notebook, builds its doctree) and then writes every page. Reading
is half its time, and between two builds of an edition most notebooks come back from the cache unchanged.
The folder ``<out_root>/.cache/sphinx/<year>-<lang>`` keeps the staged sources with their modification
times and Sphinx's environment (``_build/.doctrees``, ``_build/jupyter_execute``); the next build copies in
only the files whose bytes changed, so Sphinx re-reads only those.

What keeps the result equal to a clean build:

* the HTML output folder is always new, so Sphinx *writes* every page (sidebars, links, figure numbers
  and the search index come from the whole environment, as in a clean build) and nothing stale is left;
* the folder is used only when everything but the executed notebooks is as it was (configuration,
  table of contents, hand-written pages, the search dictionary, the package's code, every installed
  distribution): otherwise it is emptied and Sphinx reads everything;
* a build that fails, is interrupted or is killed leaves the folder marked busy, and the next build
  empties it (Sphinx never reads an environment it did not finish writing);
* ``force`` and ``use_cache=False`` empty it first.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from ..data.digest import sha
from . import stamp

#: Where the executed notebooks are staged: the only files that may differ between two reuses.
GENERATED = Path("book") / "generated"
KEY = "key"
BUILD = "_build"
BUSY = "busy"


def frame_digest(stage: Path) -> str:
    """Everything a build's pages are made with except the executed notebooks: when this is unchanged, an
    environment Sphinx kept from the last build can be brought up to date by reading changed notebooks."""
    frame = sorted(
        p
        for p in stage.rglob("*")
        if p.is_file() and not (p.relative_to(stage).parent == GENERATED and p.suffix == ".ipynb")
    )
    return sha(
        stamp.package_digest().encode(),
        stamp.environment_digest(()).encode(),
        *(p.relative_to(stage).as_posix().encode() + b"\0" + p.read_bytes() for p in frame),
    )


def _sync(source: Path, target: Path) -> None:
    """Make ``target`` hold ``source``'s files, touching only those whose bytes differ (Sphinx decides what
    to re-read by modification time) and removing those ``source`` no longer has. ``target/_build`` (Sphinx's
    environment and output) is the work folder's own."""
    wanted = {p.relative_to(source) for p in source.rglob("*") if p.is_file()}
    for p in sorted(target.rglob("*"), reverse=True):
        rel = p.relative_to(target)
        if rel.parts[0] == BUILD:
            continue
        if p.is_file() and rel not in wanted:
            p.unlink()
        elif p.is_dir() and not any(p.iterdir()):
            p.rmdir()
    for rel in sorted(wanted):
        new = (source / rel).read_bytes()
        old = target / rel
        if old.is_file() and old.read_bytes() == new:
            continue
        old.parent.mkdir(parents=True, exist_ok=True)
        old.write_bytes(new)


class SphinxWork:
    """One language's work folder: :meth:`prepare` it from the staged sources, run Jupyter Book in
    :attr:`source`, then :meth:`done` (kept for the next build) or :meth:`discard`."""

    def __init__(self, root: Path, year: int, lang: str):
        self.folder = Path(root) / "sphinx" / f"{year}-{lang}"
        self.source = self.folder / "src"

    def prepare(self, stage: Path, fresh: bool = False) -> Path:
        """Bring the folder up to ``stage`` and mark it busy; return the folder to build in. It starts empty
        when ``fresh``, when the last build in it did not finish, or when anything but a notebook changed."""
        key = frame_digest(stage)
        kept = self.folder / KEY
        if fresh or (self.folder / BUSY).exists() or not kept.is_file() or kept.read_text() != key:
            self.discard()
        self.folder.mkdir(parents=True, exist_ok=True)
        (self.folder / BUSY).write_text("")
        (self.folder / KEY).write_text(key)
        self.source.mkdir(exist_ok=True)
        _sync(stage, self.source)
        shutil.rmtree(self.source / BUILD / "html", ignore_errors=True)
        return self.source

    def done(self) -> None:
        """The build succeeded: keep the environment for the next one."""
        (self.folder / BUSY).unlink(missing_ok=True)

    def discard(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)
