"""Run the parameterized notebooks with papermill, in parallel, each written atomically.

An executed notebook is written to a temporary file and renamed only on success, so a failed
cell leaves no half-written page. Before the rename, the notebook is made ready for the book:
the injected-parameters and parameters cells are removed, every code cell's input is hidden,
and papermill's timestamps and temporary paths are dropped so two runs give identical files.
"""
from __future__ import annotations

import os
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

import nbformat

from .paths import NOTEBOOKS


@dataclass
class Run:
    notebook: str
    seconds: float
    error: str | None = None


def source_notebooks() -> list[Path]:
    return sorted(NOTEBOOKS.glob("*.ipynb"))


def _tag(cell, tag: str) -> None:
    tags = cell.setdefault("metadata", {}).setdefault("tags", [])
    if tag not in tags:
        tags.append(tag)


def prepare_for_book(nb) -> None:
    """Hide code, drop parameter cells from the page, and strip run-specific metadata."""
    pm = nb.metadata.get("papermill", {})
    nb.metadata["papermill"] = {k: pm[k] for k in ("parameters", "version") if k in pm}
    for cell in nb.cells:
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)
        if cell.cell_type != "code":
            continue
        tags = cell.metadata.get("tags", [])
        _tag(cell, "remove-cell" if {"parameters", "injected-parameters"} & set(tags) else "remove-input")


def _quiet_kernel_stderr(log: Path) -> None:
    """Send this worker's stderr (and so its kernel's chatter) to a log file beside the notebook."""
    fd = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    os.dup2(fd, 2)
    os.close(fd)


def execute_one(source: Path, dest: Path, parameters: dict) -> Run:
    """Execute ``source`` into ``dest`` (cwd = dest's folder); never leave a partial ``dest``."""
    import papermill

    start = time.perf_counter()
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(f".{dest.stem}.partial.ipynb")
    _quiet_kernel_stderr(dest.with_name(f".{dest.stem}.kernel.log"))
    try:
        papermill.execute_notebook(str(source), str(tmp), parameters=parameters, cwd=str(dest.parent),
                                   progress_bar=False, log_output=False, kernel_name="python3")
        nb = nbformat.read(tmp, as_version=4)
        prepare_for_book(nb)
        nbformat.write(nb, tmp)
        os.replace(tmp, dest)
        return Run(source.stem, time.perf_counter() - start)
    except Exception as e:  # one line per failure; the caller decides what to do
        tmp.unlink(missing_ok=True)
        reason = f"{getattr(e, 'ename', type(e).__name__)}: {getattr(e, 'evalue', str(e))}"
        return Run(source.stem, time.perf_counter() - start, reason.splitlines()[0] if reason else "")


def execute_all(dest_dir: Path, parameters: dict, notebooks: list[Path] | None = None,
                jobs: int | None = None, report=print) -> list[Run]:
    """Execute every notebook into ``dest_dir``, up to ``jobs`` at once (default: one per core)."""
    notebooks = notebooks if notebooks is not None else source_notebooks()
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(notebooks)))
    runs = []
    with ProcessPoolExecutor(jobs) as pool:
        futures = {pool.submit(execute_one, nb, Path(dest_dir) / nb.name, parameters): nb for nb in notebooks}
        for future in as_completed(futures):
            run = future.result()
            runs.append(run)
            report(f"  {'✓' if run.error is None else '✗'} {run.notebook:<28} {run.seconds:5.1f} s"
                   + (f"  {run.error}" if run.error else ""))
    return sorted(runs, key=lambda r: r.notebook)
