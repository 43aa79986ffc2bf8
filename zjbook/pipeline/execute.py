"""Run the parameterized notebooks with papermill, in parallel, each written atomically.

An executed notebook is written to a temporary file and renamed only on success, so a failed
cell leaves no half-written page. Before the rename, the notebook is made ready for the book:
the injected-parameters and parameters cells are removed, every code cell's input is hidden,
and papermill's timestamps, temporary paths and random cell ids are dropped so two runs give
identical files.

Each notebook writes its figures and downloads under ``assets/<notebook>/``. Its page keeps, in one
output of the notebook, the data files it read with the digest of the bytes it read
(:class:`zjbook.render.page.Page`); that output is read back here and removed, and
:mod:`zjbook.pipeline.cache` keys the executed notebook on exactly those bytes. The page's headings,
written as outputs, become Markdown cells here, so Jupyter Book numbers them and lists them in the contents.
"""
from __future__ import annotations

import contextlib
import multiprocessing.util
import os
import shutil
import signal
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import psutil

from ..paths import NOTEBOOKS
from ..render.page import HEADING_KEY, READS_MIME
from .cache import sha_of
from .publishing import stop_children

SETUP_TAG = "zjbook-setup"

#: One warm kernel per worker process, reused from notebook to notebook (a fresh namespace each time).
_KERNEL = None


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


def _setup_cell(workdir: Path):
    """The first cell a notebook runs in a reused kernel: a clean namespace and its own folder."""
    code = ("get_ipython().run_line_magic('reset', '-f')\n"
            "import os\n"
            f"os.chdir({str(workdir)!r})")
    cell = nbformat.v4.new_code_cell(code, metadata={"tags": [SETUP_TAG]})
    cell["id"] = SETUP_TAG
    return cell


def take_reads(nb) -> dict[str, str]:
    """The read log a page kept in the notebook (data read → digest), removed from the notebook."""
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
    """Hide code, drop parameter and setup cells from the page, and strip run-specific metadata."""
    pm = nb.metadata.get("papermill", {})
    nb.metadata["papermill"] = {k: pm[k] for k in ("parameters", "version") if k in pm}
    nb.cells = [c for c in nb.cells if SETUP_TAG not in c.metadata.get("tags", [])]
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


def _quiet_kernel_stderr(log: Path) -> None:
    """Send this worker's stderr (and so its kernel's chatter) to a log file beside the notebook."""
    fd = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    os.dup2(fd, 2)
    os.close(fd)


def _kernel():
    """This worker's kernel manager; its kernel starts with the first notebook and stops with the worker."""
    global _KERNEL
    if _KERNEL is None:
        from jupyter_client.manager import AsyncKernelManager  # noqa: PLC0415 — heavy; only in a worker
        _KERNEL = AsyncKernelManager(kernel_name="python3")
        multiprocessing.util.Finalize(None, _stop_kernel, exitpriority=10)
    return _KERNEL


def _stop_kernel() -> None:
    global _KERNEL
    if _KERNEL is not None and _KERNEL.has_kernel:
        from jupyter_core.utils import run_sync  # noqa: PLC0415 — heavy; only in a worker
        run_sync(_KERNEL.shutdown_kernel)(now=True)
    _KERNEL = None


#: The longest one cell may run, in seconds: a notebook that hangs fails instead of stalling the build.
CELL_TIMEOUT = 300


def execute_one(source: Path, dest: Path, parameters: dict, failed_dir: Path | None = None) -> Run:
    """Execute ``source`` into ``dest`` (cwd = dest's folder); never leave a partial ``dest``.

    On failure the notebook as executed up to the failing cell is moved to ``failed_dir`` (if given)
    for inspection."""
    import papermill  # noqa: PLC0415 — heavy (half a second); only in a worker, never for a skipped build

    start = time.perf_counter()
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(f".{dest.stem}.partial.ipynb")
    log = dest.with_name(f".kernel-{os.getpid()}.log")
    if not log.exists():
        _quiet_kernel_stderr(log)
    raw = Path(source).read_bytes()
    nb = nbformat.reads(raw.decode("utf-8"), as_version=4)
    nb.cells.insert(0, _setup_cell(dest.parent))
    try:
        papermill.execute_notebook(nb, str(tmp), parameters=parameters, cwd=str(dest.parent), km=_kernel(),
                                   progress_bar=False, log_output=False, kernel_name="python3",
                                   execution_timeout=CELL_TIMEOUT)
        nb = nbformat.read(tmp, as_version=4)
        reads = take_reads(nb)
        prepare_for_book(nb)
        nbformat.write(nb, tmp)
        os.replace(tmp, dest)
        return Run(source.stem, time.perf_counter() - start, reads=reads, source_digest=sha_of(raw))
    except Exception as e:  # one line per failure; the caller decides what to do
        kept = None
        if failed_dir is not None and tmp.exists():
            Path(failed_dir).mkdir(parents=True, exist_ok=True)
            kept = Path(failed_dir) / dest.name
            shutil.move(tmp, kept)
        tmp.unlink(missing_ok=True)
        _stop_kernel()  # the next notebook gets a fresh kernel
        reason = f"{getattr(e, 'ename', type(e).__name__)}: {getattr(e, 'evalue', str(e))}"
        return Run(source.stem, time.perf_counter() - start, (reason.splitlines() or [""])[0], reads=_reads_of(kept),
                   kept=kept)


def _reads_of(notebook: Path | None) -> dict[str, str]:
    """The read log of a notebook that failed (kept for inspection), for the failure's message."""
    try:
        return take_reads(nbformat.read(notebook, as_version=4)) if notebook else {}
    except (OSError, ValueError):
        return {}


def _worker_init() -> None:
    """Workers leave Ctrl-C to the build, which stops them and their kernels itself."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


@dataclass(frozen=True)
class Task:
    """One notebook to execute: from ``source`` into ``dest`` with ``parameters``; ``label`` names it in reports."""
    source: Path
    dest: Path
    parameters: dict
    label: str
    failed_dir: Path | None = None


def tasks_for(dest_dir: Path, params_for, notebooks: list[Path], failed_dir: Path | None = None,
              prefix: str = "") -> list[Task]:
    return [Task(nb, Path(dest_dir) / nb.name, params_for(nb.stem), prefix + nb.stem, failed_dir) for nb in notebooks]


def _run_in(pool: ProcessPoolExecutor, tasks: list[Task], report) -> list[Run]:
    """Submit ``tasks`` to ``pool`` and collect their runs, reporting each as it ends."""
    runs = []
    futures = {pool.submit(execute_one, t.source, t.dest, t.parameters, t.failed_dir): t for t in tasks}
    for future in as_completed(futures):
        run = future.result()
        run.label = futures[future].label
        runs.append(run)
        report(f"  {'✓' if run.error is None else '✗'} {run.label:<28} {run.seconds:5.1f} s"
               + (f"  {run.error}" if run.error else ""))
    return sorted(runs, key=lambda r: r.label)


def _drop_quiet_logs(dest_dir: Path) -> None:
    for log in Path(dest_dir).glob(".kernel-*.log"):  # kernel chatter: kept only if it holds a traceback
        if "Traceback" not in log.read_text(encoding="utf-8", errors="replace"):
            log.unlink()


def execute_all(dest_dir: Path, params_for, notebooks: list[Path], jobs: int | None = None,
                report=print, failed_dir: Path | None = None) -> list[Run]:
    """Execute ``notebooks`` into ``dest_dir``, up to ``jobs`` at once (default: one per core)."""
    return execute_tasks(tasks_for(dest_dir, params_for, notebooks, failed_dir), jobs, report)


def execute_tasks(tasks: list[Task], jobs: int | None = None, report=print) -> list[Run]:
    """Execute ``tasks`` (possibly into several folders), up to ``jobs`` at once (default: one per core).

    If the build is interrupted meanwhile, every worker and kernel is stopped before the
    interruption goes on up."""
    if not tasks:
        return []
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(tasks)))
    pool = ProcessPoolExecutor(jobs, initializer=_worker_init)
    try:
        runs = _run_in(pool, tasks, report)
    except BaseException:
        stop_children()
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown()
    for folder in {t.dest.parent for t in tasks}:
        _drop_quiet_logs(folder)
    return runs


class WarmPool:
    """Papermill workers kept alive across runs, each with its warm kernel (``make serve``).

    :meth:`run` is :func:`execute_all` without the start-up: the workers and their kernels stay
    up between runs. :meth:`restart` replaces them (after the helper package changed: the
    kernels have the old one imported); :meth:`close` stops them and their kernels."""

    def __init__(self, jobs: int | None = None):
        self.jobs = max(1, jobs or os.cpu_count() or 1)
        self._pool: ProcessPoolExecutor | None = None

    def _ensure(self) -> ProcessPoolExecutor:
        if self._pool is None:
            self._pool = ProcessPoolExecutor(self.jobs, initializer=_worker_init)
        return self._pool

    def warm_up(self) -> None:
        """Start every worker now, so that the first run does not wait for them."""
        pool = self._ensure()
        for f in [pool.submit(_warm_kernel) for _ in range(self.jobs)]:
            f.result()

    def run(self, dest_dir: Path, params_for, notebooks: list[Path], report=print,
            failed_dir: Path | None = None) -> list[Run]:
        if not notebooks:
            return []
        try:
            return _run_in(self._ensure(), tasks_for(dest_dir, params_for, notebooks, failed_dir), report)
        except BaseException:
            self.close(now=True)
            raise
        finally:
            _drop_quiet_logs(dest_dir)

    def restart(self) -> None:
        self.close()

    def close(self, now: bool = False) -> None:
        """Stop the workers; each stops its kernel on the way out (``now``: terminate them)."""
        pool, self._pool = self._pool, None
        if pool is None:
            return
        if now:
            workers = [psutil.Process(p.pid) for p in list(getattr(pool, "_processes", {}).values())]
            kids = [k for w in workers for k in _children(w)]
            for proc in workers + kids:
                with contextlib.suppress(psutil.Error):
                    proc.terminate()
            psutil.wait_procs(workers + kids, timeout=3)
            pool.shutdown(wait=False, cancel_futures=True)
        else:
            pool.shutdown(wait=True, cancel_futures=True)


def _children(proc) -> list:
    try:
        return proc.children(recursive=True)
    except psutil.Error:
        return []


def _warm_kernel() -> int:
    """Start this worker's kernel (in a worker process) and import what the notebooks import."""
    from jupyter_core.utils import run_sync  # noqa: PLC0415 — heavy; only in a worker
    devnull = os.open(os.devnull, os.O_WRONLY)  # the kernel's start-up chatter is not the user's business
    os.dup2(devnull, 2)
    os.close(devnull)
    km = _kernel()
    if not km.has_kernel:
        run_sync(km.start_kernel)()
    return os.getpid()
