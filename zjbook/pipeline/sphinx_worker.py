"""A warm Sphinx for the live preview: import once, fork a fresh builder for every rebuild.

Starting ``sphinx-build`` costs seconds before it reads a page: importing Sphinx, MyST-NB, the
book theme and the other extensions, and loading jieba's dictionary for the Chinese search index.
:class:`WarmSphinx` pays that once, in a single-threaded helper process that forks a child per
build. Each child starts from the same clean, already imported state, runs an ordinary
incremental ``sphinx-build`` (no ``-E``, no ``-a``), and exits; so builds can't leak state into
each other, and stopping the helper stops everything it started.
"""

from __future__ import annotations

import contextlib
import importlib
import multiprocessing
import os
import signal
import sys
import tempfile
from pathlib import Path

import psutil

from .publishing import close_inherited_locks, die_with_parent

#: What a book build imports; loaded once in the helper process.
PRELOAD = (
    "sphinx.application",
    "sphinx.cmd.build",
    "sphinx.builders.html",
    "sphinx.search.zh",
    "myst_parser",
    "myst_nb",
    "jupyter_book",
    "sphinx_book_theme",
    "pydata_sphinx_theme",
    "sphinx_external_toc",
    "sphinx_design",
    "sphinx_thebe",
    "sphinx_togglebutton",
    "sphinx_copybutton",
    "sphinx_comments",
    "sphinx_jupyterbook_latex",
    "sphinx_multitoc_numbering",
    "zjbook.site.sphinx_ext",
    "zjbook.site.preview_ext",
)


def _preload(srcdir: str | None) -> None:
    """Import what a build imports: the known modules, then every extension ``conf.py`` names
    (by setting up a throw-away Sphinx application, which builds nothing)."""
    for name in PRELOAD:
        with contextlib.suppress(ImportError):
            importlib.import_module(name)
    if srcdir and (Path(srcdir) / "conf.py").exists():
        from sphinx.application import Sphinx  # noqa: PLC0415 — heavy; imported once, in the warm worker
        from sphinx.util.docutils import docutils_namespace, patch_docutils  # noqa: PLC0415 — heavy, as above

        cwd = os.getcwd()
        with tempfile.TemporaryDirectory(prefix="zjbook-sphinx-") as tmp, contextlib.suppress(Exception):
            os.chdir(srcdir)
            with patch_docutils(srcdir), docutils_namespace():
                Sphinx(
                    srcdir, srcdir, f"{tmp}/html", f"{tmp}/doctrees", "html", status=None, warning=None, freshenv=True
                )
        os.chdir(cwd)
    with contextlib.suppress(ImportError):
        from . import wordlist  # noqa: PLC0415 — heavy (jieba and its dictionary); loaded once, in the warm worker

        wordlist.load(quiet=True)


def _build_child(srcdir: str, outdir: str, doctrees: str, log: str) -> int:
    """One incremental HTML build (in a forked child, or the helper's first), its messages into ``log``."""
    fd = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    os.dup2(fd, 1)
    os.dup2(fd, 2)
    os.close(fd)
    cwd = os.getcwd()
    os.chdir(srcdir)  # the search dictionary is named relative to the source folder
    from sphinx.cmd.build import build_main  # noqa: PLC0415 — heavy; only in the forked child

    try:
        return build_main(["-b", "html", "-q", "-j", "1", "-d", doctrees, srcdir, outdir])
    except BaseException as e:  # noqa: BLE001 - the parent reads the log
        print(f"{type(e).__name__}: {e}", file=sys.stderr)
        return 2
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os.chdir(cwd)


def _serve(conn, srcdir: str | None) -> None:
    """The helper process: preload, then build on request until told to stop (or the pipe closes). It dies
    with the preview, and each build it forks dies with it."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the preview server's to handle
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})  # blocked while it started (see WarmSphinx.start)
    die_with_parent()
    _preload(srcdir)
    conn.send("ready")
    warm = False
    while True:
        try:
            request = conn.recv()
        except EOFError:
            return
        if request is None:
            return
        if not warm:
            # The first build runs here: it compiles what later builds reuse (regular expressions of
            # the theme's HTML selectors, templates, parsers), and every forked build inherits it.
            warm = True
            saved = os.dup(1), os.dup(2)
            try:
                conn.send(_build_child(*request))
            finally:
                os.dup2(saved[0], 1)
                os.dup2(saved[1], 2)
                for fd in saved:
                    os.close(fd)
            continue
        pid = os.fork()
        if pid == 0:
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            die_with_parent()
            close_inherited_locks()
            os._exit(_build_child(*request))
        try:
            _, status = os.waitpid(pid, 0)
            conn.send(os.waitstatus_to_exitcode(status))
        except BaseException:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
            raise


class SphinxFailed(RuntimeError):
    """The warm Sphinx helper died or could not start."""


class WarmSphinx:
    """Incremental ``sphinx-build -b html`` runs from an already imported Sphinx."""

    def __init__(self):
        self._proc = None
        self._conn = None

    def start(self, srcdir: Path | None = None) -> None:
        if self._proc is not None and self._proc.is_alive():
            return
        ctx = multiprocessing.get_context("spawn")
        self._conn, child = ctx.Pipe()
        self._proc = ctx.Process(
            target=_serve, args=(child, str(srcdir) if srcdir else None), name="zjbook-sphinx", daemon=True
        )
        # Ctrl-C is blocked in the new process until it ignores it: a Ctrl-C while it imports prints nothing.
        blocked = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
        try:
            self._proc.start()
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
        child.close()
        if self._conn.recv() != "ready":
            raise SphinxFailed("Sphinx 预加载失败")

    def build(self, srcdir: Path, outdir: Path, doctrees: Path, log: Path) -> int:
        """Build ``srcdir`` into ``outdir``; return sphinx-build's exit code (messages in ``log``)."""
        self.start(srcdir)
        conn = self._conn
        assert conn is not None  # start() made it
        try:
            conn.send((str(srcdir), str(outdir), str(doctrees), str(log)))
            return conn.recv()
        except (EOFError, OSError) as e:
            self.stop()
            raise SphinxFailed(f"Sphinx 进程意外退出（{e}）") from None

    def restart(self) -> None:
        """After the helper package changed: the next build imports it afresh."""
        self.stop()

    def stop(self, grace: float = 3.0) -> None:
        """Stop the helper and any build it is running."""
        proc, conn, self._proc, self._conn = self._proc, self._conn, None, None
        if proc is None or conn is None:
            return
        with contextlib.suppress(psutil.Error):
            for child in psutil.Process(proc.pid).children(recursive=True):
                child.kill()
        with contextlib.suppress(OSError, ValueError):
            conn.send(None)
        proc.join(grace)
        if proc.is_alive():
            proc.kill()
            proc.join(grace)
        with contextlib.suppress(OSError):
            conn.close()
