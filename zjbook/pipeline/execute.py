"""Execute the parameterized notebooks in parallel, each written atomically, as papermill would.

Each notebook's code runs in a worker process forked from the build, where the helper package, pandas
and matplotlib are already imported: its parameters cell, then the values papermill would inject (a
cell tagged ``injected-parameters``), then every other cell, in a fresh namespace and in the folder the
executed notebook goes to. What the page writes (:class:`zjbook.render.page.Page`) becomes each cell's
outputs, as a kernel would display them; what a cell prints becomes a stream output (stderr too: the
book's ``-W`` build then fails on it, as with a kernel). The notebooks stay ordinary Jupyter notebooks:
``papermill notebooks/X.ipynb out.ipynb -p year <year>`` runs them in a kernel, with the same outputs.

An executed notebook is written to a temporary file and renamed only on success, so a failed cell
leaves no half-written page. Before the rename, the notebook is made ready for the book: parameter
cells removed, code hidden, run-specific metadata dropped, and the page's headings turned into
Markdown cells so that Jupyter Book numbers them and lists them in the contents. The page's read log
(what it read, with the digest of the bytes it read) goes back to the build in the :class:`Run`;
:mod:`zjbook.pipeline.cache` keys the executed notebook on exactly those bytes.
"""

from __future__ import annotations

import contextlib
import gc
import io
import os
import signal
import time
import traceback
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

import matplotlib.pyplot as plt
import nbformat
import psutil

from .. import languages
from ..paths import NOTEBOOKS
from ..render import chapters, style
from ..render.page import HEADING_KEY, READS_MIME
from . import text_metrics
from .cache import parameters_source, sha_of
from .publishing import (
    BuildInterrupted,
    close_inherited_locks,
    deferred_signals,
    die_with_parent,
    raise_if_interrupted,
    stop_children,
    wait_ended,
)


@dataclass
class Run:
    notebook: str
    seconds: float
    error: str | None = None
    reads: dict[str, str] = field(default_factory=dict)  # data read → digest of the bytes read
    source_digest: str = ""  # of the notebook as executed
    cached: bool = False
    kept: Path | None = None  # where the notebook executed up to the failing cell was kept
    label: str = ""  # how reports name it (the notebook, prefixed by its language when not Chinese)


def source_notebooks() -> list[Path]:
    return sorted(NOTEBOOKS.glob("*.ipynb"))


def notebook_parameters(stem: str, year: int, data_root: str, lang: str = "zh") -> dict:
    return {"year": year, "lang": lang, "data_root": data_root, "assets": f"assets/{stem}"}


def _tag(cell, tag: str) -> None:
    tags = cell.setdefault("metadata", {}).setdefault("tags", [])
    if tag not in tags:
        tags.append(tag)


def take_reads(nb) -> dict[str, str]:
    """The read log a page kept in a notebook run in a kernel (data read → digest), removed from the notebook."""
    reads: dict[str, str] = {}
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        kept = []
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            if READS_MIME in data:
                reads.update(data[READS_MIME].get("reads", {}))
            else:
                kept.append(out)
        cell.outputs = kept
    return reads


def _heading(out) -> str | None:
    marked = out.get("metadata", {}).get(HEADING_KEY, {})
    if out.get("output_type") != "display_data" or "heading" not in marked:
        return None
    text = out["data"]["text/markdown"]
    label = marked.get("label")
    return f"({label})=\n{text}" if label else text


#: The source of a cell that holds the outputs a cell wrote after one of its headings (hidden on the page;
#: Jupyter Book skips a code cell without source, outputs and all).
CONTINUED = "# (the outputs of the cell above, after its heading)"


def lift_headings(nb) -> None:
    """Turn each heading a page wrote as an output into a Markdown cell in its place: the code cell is split
    around it (the outputs after a heading go to a new cell without code)."""
    cells = []
    for cell in nb.cells:
        outputs = list(cell.get("outputs", [])) if cell.cell_type == "code" else []
        if not any(_heading(o) for o in outputs):
            cells.append(cell)
            continue
        current, part = cell, 0
        cell.outputs = []
        for out in outputs:
            heading = _heading(out)
            if heading is None:
                current.outputs.append(out)
                continue
            if current is cell or current.outputs:
                cells.append(current)
            part += 1
            md = nbformat.v4.new_markdown_cell(heading)
            md["id"] = f"{cell.get('id', 'cell')}-h{part}"
            cells.append(md)
            current = nbformat.v4.new_code_cell(CONTINUED)
            current["id"] = f"{cell.get('id', 'cell')}-{part}"
        if current is not cell and current.outputs:
            cells.append(current)
    nb.cells = cells


def prepare_for_book(nb) -> None:
    """Hide code, drop parameter cells from the page, lift the headings, and strip run-specific metadata."""
    pm = nb.metadata.get("papermill", {})
    nb.metadata["papermill"] = {k: pm[k] for k in ("parameters", "version") if k in pm}
    lift_headings(nb)
    for cell in nb.cells:
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)
        if cell.cell_type != "code":
            continue
        cell.execution_count = None
        for out in cell.outputs:
            if "execution_count" in out:
                out["execution_count"] = None
        tags = cell.metadata.get("tags", [])
        if "injected-parameters" in tags:
            cell["id"] = "injected-parameters"
        _tag(cell, "remove-cell" if {"parameters", "injected-parameters"} & set(tags) else "remove-input")


#: The longest one cell may run, in seconds: a notebook that hangs fails instead of stalling the build.
CELL_TIMEOUT = 300


class CellTimeout(Exception):
    pass


def _on_alarm(signum, frame):
    raise CellTimeout(f"一个单元格运行超过 {CELL_TIMEOUT} 秒")


def inject_parameters(nb, parameters: dict) -> None:
    """Papermill's way: after the cell tagged ``parameters``, a cell tagged ``injected-parameters`` setting them."""
    cell = nbformat.v4.new_code_cell(parameters_source(parameters), metadata={"tags": ["injected-parameters"]})
    cell["id"] = "injected-parameters"
    at = next((i + 1 for i, c in enumerate(nb.cells) if "parameters" in c.metadata.get("tags", [])), 0)
    nb.cells.insert(at, cell)
    nb.metadata["papermill"] = {"parameters": parameters}


def _display(output) -> dict:
    return nbformat.v4.new_output(
        "display_data",
        data={"text/markdown": output.markdown, "text/plain": "<IPython.core.display.Markdown object>"},
        metadata=output.metadata or {},
    )


def run_cells(nb, workdir: Path) -> tuple[dict[str, str], BaseException | None]:
    """Run the notebook's code cells in order in a fresh namespace, in ``workdir``; fill in their outputs.

    Returns the page's read log and the exception that stopped a cell (None when all ran)."""
    ns: dict = {"__name__": "__main__"}
    shown = 0
    here = os.getcwd()
    os.chdir(workdir)
    try:
        for count, cell in enumerate((c for c in nb.cells if c.cell_type == "code"), start=1):
            out, err = io.StringIO(), io.StringIO()
            failure = None
            signal.alarm(CELL_TIMEOUT)
            try:
                with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                    exec(compile(cell.source, f"<cell {count}>", "exec"), ns)
            except BaseException as e:  # noqa: BLE001 — the cell's own failure, reported as papermill would
                failure = e
            finally:
                signal.alarm(0)
            page = ns.get("page")
            written = page.outputs[shown:] if page is not None else []
            shown += len(written)
            cell.outputs = (
                ([nbformat.v4.new_output("stream", name="stdout", text=out.getvalue())] if out.getvalue() else [])
                + [_display(o) for o in written]
                + ([nbformat.v4.new_output("stream", name="stderr", text=err.getvalue())] if err.getvalue() else [])
            )
            cell.execution_count = count
            if failure is not None:
                cell.outputs.append(
                    nbformat.v4.new_output(
                        "error",
                        ename=type(failure).__name__,
                        evalue=str(failure),
                        traceback=traceback.format_exception(failure),
                    )
                )
                return _reads(ns), failure
        return _reads(ns), None
    finally:
        os.chdir(here)
        plt.close("all")


def _reads(ns: dict) -> dict[str, str]:
    page = ns.get("page")
    return dict(page.reads.entries) if page is not None else {}


def execute_one(source: Path, dest: Path, parameters: dict, failed_dir: Path | None = None) -> Run:
    """Execute ``source`` into ``dest`` (cwd = dest's folder); never leave a partial ``dest``.

    On failure the notebook as executed up to the failing cell is kept in ``failed_dir`` (if given)
    for inspection."""
    start = time.perf_counter()
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(f".{dest.stem}.partial.ipynb")
    raw = Path(source).read_bytes()
    nb = nbformat.reads(raw.decode("utf-8"), as_version=4)
    inject_parameters(nb, parameters)
    reads, failure = run_cells(nb, dest.parent)
    if failure is None:
        prepare_for_book(nb)
        nbformat.write(nb, tmp)
        os.replace(tmp, dest)
        return Run(source.stem, time.perf_counter() - start, reads=reads, source_digest=sha_of(raw))
    kept = None
    if failed_dir is not None:
        Path(failed_dir).mkdir(parents=True, exist_ok=True)
        kept = Path(failed_dir) / dest.name
        nbformat.write(nb, kept)
    reason = f"{type(failure).__name__}: {failure}"
    return Run(source.stem, time.perf_counter() - start, (reason.splitlines() or [""])[0], reads=reads, kept=kept)


def preload() -> None:
    """Before the workers fork: import what the notebooks import, find every figure font and measure each text
    once per process (:mod:`.text_metrics`), so that no worker does it again."""
    chapters.load()
    text_metrics.install()
    for lang in languages.registry().languages:
        style.apply(lang)


def _worker_init(build: int | None = None) -> None:
    """A worker leaves Ctrl-C to the build, which stops its workers itself, and dies with the build (``build``:
    its pid): a build killed outright (SIGKILL), even while the worker starts, leaves no worker behind, and no
    worker holds the build's lock."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the build's handler, inherited by the fork: stop at once
    signal.signal(signal.SIGALRM, _on_alarm)
    die_with_parent(parent=build)
    close_inherited_locks()


@dataclass(frozen=True)
class Task:
    """One notebook to execute: from ``source`` into ``dest`` with ``parameters``; ``label`` names it in reports."""

    source: Path
    dest: Path
    parameters: dict
    label: str
    failed_dir: Path | None = None


def tasks_for(
    dest_dir: Path, params_for, notebooks: list[Path], failed_dir: Path | None = None, prefix: str = ""
) -> list[Task]:
    return [Task(nb, Path(dest_dir) / nb.name, params_for(nb.stem), prefix + nb.stem, failed_dir) for nb in notebooks]


def _run_in(pool: ProcessPoolExecutor, tasks: list[Task], report) -> list[Run]:
    """Submit ``tasks`` to ``pool`` and collect their runs, reporting each as it ends."""
    runs = []
    # The workers fork during the first submit: an interruption then would be raised inside the fork's own
    # hooks (and be lost there, or hit a worker before it ignores Ctrl-C). It waits for the forks instead.
    with deferred_signals() as arrived:
        # the objects the workers inherit are frozen for the fork: a worker's garbage collector never walks them,
        # and so never copies the pages they lie on (the build's own collector takes them back after)
        gc.freeze()
        try:
            futures = {pool.submit(execute_one, t.source, t.dest, t.parameters, t.failed_dir): t for t in tasks}
        finally:
            gc.unfreeze()
    if arrived:
        raise BuildInterrupted(arrived[0])
    for future in as_completed(futures):
        raise_if_interrupted()  # a Ctrl-C whose exception a library swallowed stops the run here
        run = future.result()
        run.label = futures[future].label
        runs.append(run)
        report(
            f"  {'✓' if run.error is None else '✗'} {run.label:<28} {run.seconds:5.1f} s"
            + (f"  {run.error}" if run.error else "")
        )
    return sorted(runs, key=lambda r: r.label)


def execute_all(
    dest_dir: Path,
    params_for,
    notebooks: list[Path],
    jobs: int | None = None,
    report=print,
    failed_dir: Path | None = None,
) -> list[Run]:
    """Execute ``notebooks`` into ``dest_dir``, up to ``jobs`` at once (default: one per core)."""
    return execute_tasks(tasks_for(dest_dir, params_for, notebooks, failed_dir), jobs, report)


def execute_tasks(tasks: list[Task], jobs: int | None = None, report=print) -> list[Run]:
    """Execute ``tasks`` (possibly into several folders), up to ``jobs`` at once (default: one per core).

    If the build is interrupted meanwhile, every worker is stopped before the interruption goes on up."""
    if not tasks:
        return []
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(tasks)))
    preload()
    pool = ProcessPoolExecutor(jobs, initializer=_worker_init, initargs=(os.getpid(),))
    try:
        runs = _run_in(pool, tasks, report)
    except BaseException:
        stop_children()
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown()
    return runs


class WarmPool:
    """Workers kept alive across runs (``make serve``).

    :meth:`run` is :func:`execute_all` without the start-up: the workers stay up between runs.
    :meth:`restart` replaces them (after the helper package changed: they have the old one imported);
    :meth:`close` stops them."""

    def __init__(self, jobs: int | None = None):
        self.jobs = max(1, jobs or os.cpu_count() or 1)
        self._pool: ProcessPoolExecutor | None = None

    def _ensure(self) -> ProcessPoolExecutor:
        if self._pool is None:
            preload()
            self._pool = ProcessPoolExecutor(self.jobs, initializer=_worker_init, initargs=(os.getpid(),))
        return self._pool

    def warm_up(self) -> None:
        """Start every worker now, so that the first run does not wait for them."""
        pool = self._ensure()
        with deferred_signals() as arrived:  # as in _run_in: the workers fork here
            started = [pool.submit(os.getpid) for _ in range(self.jobs)]
        if arrived:
            raise BuildInterrupted(arrived[0])
        for f in started:
            f.result()

    def run(
        self, dest_dir: Path, params_for, notebooks: list[Path], report=print, failed_dir: Path | None = None
    ) -> list[Run]:
        if not notebooks:
            return []
        try:
            return _run_in(self._ensure(), tasks_for(dest_dir, params_for, notebooks, failed_dir), report)
        except BaseException:
            self.close(now=True)
            raise

    def restart(self) -> None:
        self.close()

    def close(self, now: bool = False) -> None:
        """Stop the workers (``now``: terminate them)."""
        pool, self._pool = self._pool, None
        if pool is None:
            return
        if now:
            workers = [psutil.Process(p.pid) for p in list(getattr(pool, "_processes", {}).values())]
            kids = [k for w in workers for k in _children(w)]
            for proc in workers + kids:
                with contextlib.suppress(psutil.Error):
                    proc.terminate()
            wait_ended(workers + kids, 3)
            pool.shutdown(wait=False, cancel_futures=True)
        else:
            pool.shutdown(wait=True, cancel_futures=True)


def _children(proc) -> list:
    try:
        return proc.children(recursive=True)
    except psutil.Error:
        return []
