"""``make bench``: how fast the build is, against Jupyter Book executing the notebooks itself.

Measures, on this machine and in one run, the median of several runs of
(a) a cold build with an empty cache (both languages), (a_zh) the same of the Chinese edition alone
(``LANGS=zh``), (b) a rebuild with nothing changed, (c) a rebuild after changing one data file,
and (d) the same two-language book built by ``jupyter-book build`` with ``execute_notebooks: force``
(one run per language); plus the peak memory (all processes of a build together), and
(e) "edit→page in preview": with ``make serve`` running, the time from saving one changed value
to the server answering with the page that shows it.
Writes ``_build/bench.json``. Timings are reported here, never asserted in tests.
"""

from __future__ import annotations

import csv
import http.client
import json
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import nbformat
import psutil
import yaml

from .. import languages as registry
from .. import paths
from ..data.edition import Edition
from ..render.page import voice_for
from .build import chapters, stage_sources


class BenchError(RuntimeError):
    """A measured command failed or the preview did not answer; the message is one line."""


def _run(cmd: list[str], cwd: Path | None = None) -> tuple[float, int]:
    """Run ``cmd``; return (seconds, peak resident memory in bytes of its whole process tree)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    parent, peak = psutil.Process(proc.pid), 0
    while proc.poll() is None:
        try:
            tree = [parent, *parent.children(recursive=True)]
            peak = max(peak, sum(p.memory_info().rss for p in tree if p.is_running()))
        except psutil.Error:
            pass
        time.sleep(0.05)
    seconds = time.perf_counter() - start
    if proc.returncode:
        last = (proc.stderr.read().strip().splitlines() or [""])[-1] if proc.stderr else ""
        raise BenchError(f"测量失败：{' '.join(cmd[2:5])} … 退出码 {proc.returncode}：{last}")
    return seconds, peak


def _build_cmd(year: int, data_root: Path, out: Path, langs: str = "") -> list[str]:
    return [
        sys.executable,
        "-m",
        "zjbook",
        "build",
        "--year",
        str(year),
        "--data-root",
        str(data_root),
        "--out",
        str(out),
        *(["--langs", langs] if langs else []),
    ]


def _touch_one_file(data_dir: Path, i: int) -> None:
    """Change one figure of one data file (Zizhu's patents), differently on each run."""
    path = data_dir / "zizhu_figures.csv"
    rows = list(csv.reader(path.read_text(encoding="utf-8").splitlines()))
    for row in rows:
        if row[0] == "zz_patents":
            row[3] = str(int(float(row[3])) + 1 + i)
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)


def _baseline_stage(year: int, data_root: Path, stage: Path, lang: str = "zh") -> None:
    """The same book for ``jupyter-book build`` with ``execute_notebooks: force``: source notebooks in place,
    with the language's parameter and Markdown cells."""

    ed = Edition(year, data_root)
    stage_sources(ed, voice_for(ed, lang), stage)
    (stage / "book" / "generated").mkdir()
    for source in chapters(ed, lang):
        nb = nbformat.read(source, as_version=4)
        for cell in nb.cells:
            if "parameters" in cell.metadata.get("tags", []):
                cell.source = cell.source.replace('data_root: str = ""', f'data_root: str = "{data_root}"').replace(
                    'lang: str = "zh"', f'lang: str = "{lang}"'
                )
        nbformat.write(nb, stage / "book" / "generated" / source.name)
    config = yaml.safe_load((stage / "_config.yml").read_text(encoding="utf-8"))
    config["execute"] = {"execute_notebooks": "force", "timeout": 300}
    (stage / "_config.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _page(url: str) -> str:
    """The page at ``url``, or "" while there is none to read (the server starting, a connection cut short)."""
    try:
        with urllib.request.urlopen(url, timeout=10) as r:
            return r.read().decode("utf-8")
    except (urllib.error.URLError, OSError, http.client.HTTPException, UnicodeDecodeError):
        return ""


def preview_edit_to_page(year: int, data_root: Path, out: Path, runs: int, report=print) -> list[float]:
    """``make serve``: seconds from saving one changed value to the preview serving the page with it."""
    port = _free_port()
    url = f"http://127.0.0.1:{port}/book/generated/zizhu.html"
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "zjbook",
            "serve",
            "--year",
            str(year),
            "--port",
            str(port),
            "--data-root",
            str(data_root),
            "--out",
            str(out),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    path = data_root / str(year) / "zizhu_figures.csv"
    seconds = []
    try:
        deadline = time.monotonic() + 600
        while "专利授权" not in _page(url):
            if proc.poll() is not None or time.monotonic() > deadline:
                raise BenchError("测量失败：预览服务没有启动")
            time.sleep(0.2)
        for i in range(runs + 1):  # the first edit warms what the first build did not touch
            rows = list(csv.reader(path.read_text(encoding="utf-8").splitlines()))
            for row in rows:
                if row[0] == "zz_patents":
                    row[3] = value = str(int(float(row[3])) + 1)
            time.sleep(0.5)
            start = time.perf_counter()
            with path.open("w", encoding="utf-8", newline="") as f:
                csv.writer(f, lineterminator="\n").writerows(rows)
            while f"专利授权{value}件" not in _page(url):
                if time.perf_counter() - start > 120:
                    raise BenchError("测量失败：预览在 120 秒内没有显示改动")
                time.sleep(0.02)
            if i:
                seconds.append(time.perf_counter() - start)
                report(f"  run {i}  {'e_edit_to_page_in_preview':<22} {seconds[-1]:6.2f} s")
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(60)
        except subprocess.TimeoutExpired:
            proc.kill()
    return seconds


RESULT_KEYS = (
    "a_cold",
    "a_cold_chinese_only",
    "b_nothing_changed",
    "c_one_file_changed",
    "d_jupyter_book_force",
    "e_edit_to_page_in_preview",
)


def _line(i: int, key: str, seconds: float, peak: int) -> str:
    return f"  run {i + 1}  {key:<22} {seconds:6.2f} s   peak {peak / 2**20:6.0f} MiB"


def _measure_run(i: int, year: int, data_root: Path, tmp: Path, results: dict, peaks: list, report) -> None:
    """One run of (a) cold, (b) nothing changed, (c) one file changed, (a_zh) Chinese alone, (d) Jupyter Book."""
    out = tmp / f"out{i}"
    for key, touch in (("a_cold", False), ("b_nothing_changed", False), ("c_one_file_changed", True)):
        if touch:
            _touch_one_file(data_root / str(year), i)
        seconds, peak = _run(_build_cmd(year, data_root, out))
        results[key].append(seconds)
        peaks.append(peak)
        report(_line(i, key, seconds, peak))
    seconds, peak = _run(_build_cmd(year, data_root, tmp / f"zh{i}", "zh"))
    results["a_cold_chinese_only"].append(seconds)
    report(_line(i, "a_cold_chinese_only", seconds, peak))
    seconds, peak = _jupyter_book_force(i, year, data_root, tmp)
    results["d_jupyter_book_force"].append(seconds)
    report(_line(i, "d_jupyter_book_force", seconds, peak))


def _jupyter_book_force(i: int, year: int, data_root: Path, tmp: Path) -> tuple[float, int]:
    """Every language's book built by ``jupyter-book build`` executing the notebooks itself: the seconds of all
    together, the peak memory of the last."""
    jb = str(Path(sys.executable).with_name("jupyter-book"))
    seconds, peak = 0.0, 0
    for lang in registry.codes():
        stage = tmp / f"jb{i}-{lang}"
        _baseline_stage(year, data_root, stage, lang)
        took, peak = _run([jb, "build", "--all", str(stage)])
        seconds += took
    return seconds, peak


def _summary(year: int, runs: int, results: dict[str, list[float]], peaks: list[int]) -> dict:
    """The medians, the peak memory and which targets they meet."""
    medians = {k: statistics.median(v) for k, v in results.items()}
    return {
        "year": year,
        "runs": runs,
        "cores": psutil.cpu_count(),
        "seconds": results,
        "median_seconds": medians,
        "peak_memory_mib": round(max(peaks) / 2**20, 1),
        "speed_up_vs_jupyter_book_force": round(medians["d_jupyter_book_force"] / medians["a_cold"], 2),
        "targets": {
            "a_3.5x_faster_than_d": medians["a_cold"] * 3.5 <= medians["d_jupyter_book_force"],
            "b_under_1_s": medians["b_nothing_changed"] < 1,
            "c_under_5_s": medians["c_one_file_changed"] < 5,
            "peak_under_1_gib": max(peaks) < 2**30,
            "e_at_most_2.5_s": medians["e_edit_to_page_in_preview"] <= 2.5,
        },
    }


def _report_summary(summary: dict, report) -> None:
    medians = summary["median_seconds"]
    report("")
    for k, v in medians.items():
        report(f"median {k:<22} {v:6.2f} s")
    report(f"edit→page in preview {medians['e_edit_to_page_in_preview']:6.2f} s (median)")
    report(
        f"both languages against Chinese alone (cold): {medians['a_cold']:.1f} s vs {medians['a_cold_chinese_only']:.1f} s"
    )
    report(f"peak memory {summary['peak_memory_mib']:.0f} MiB")
    for k, ok in summary["targets"].items():
        report(f"target {k:<22} {'met' if ok else 'NOT met'}")
    report(f"speed-up vs jupyter-book force: {summary['speed_up_vs_jupyter_book_force']:.1f}x")


def bench(year: int = paths.DEFAULT_YEAR, runs: int = 3, report=print) -> dict:
    results: dict[str, list[float]] = {key: [] for key in RESULT_KEYS}
    peaks: list[int] = []
    with tempfile.TemporaryDirectory(prefix="zjbook-bench-") as scratch:
        tmp = Path(scratch)
        data_root = tmp / "data"
        shutil.copytree(paths.data_dir(year), data_root / str(year))
        for i in range(runs):
            _measure_run(i, year, data_root, tmp, results, peaks, report)
        results["e_edit_to_page_in_preview"] = preview_edit_to_page(
            year, data_root, tmp / "preview", max(runs, 5), report
        )
    summary = _summary(year, runs, results, peaks)
    paths.BUILD.mkdir(exist_ok=True)
    (paths.BUILD / "bench.json").write_text(json.dumps(summary, indent=2, ensure_ascii=False), encoding="utf-8")
    _report_summary(summary, report)
    return summary
