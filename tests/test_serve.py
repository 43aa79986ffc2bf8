"""``python -m zjbook serve``: a change is served, bad data is listed and recovers, Ctrl-C leaves nothing."""

from __future__ import annotations

import fcntl
import os
import queue
import signal
import socket
import subprocess
import sys
import threading
import time
import types
import urllib.error
import urllib.request
from pathlib import Path

import psutil
import pytest
from conftest import set_cell, warm_cache

from zjbook import paths

PAGE = "book/generated/zizhu.html"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as r:
            return r.status, r.read().decode("utf-8")
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode("utf-8")


def wait_for(condition, what: str, proc: subprocess.Popen, timeout: float = 300):
    """Poll ``condition`` until it returns something true; fail with ``what`` (and the server's log)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert proc.poll() is None, f"the server died while waiting for {what}"
        try:
            result = condition()
        except (urllib.error.URLError, ConnectionError, OSError):
            result = None
        if result:
            return result
        time.sleep(0.2)
    pytest.fail(f"timed out waiting for {what}")


def lock_is_free(lock: Path) -> bool:
    fd = os.open(lock, os.O_RDWR)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except BlockingIOError:
        return False
    finally:
        os.close(fd)


def test_serve_edit_break_fix_and_stop(data_copy, tmp_path, edition_2014):
    figures = data_copy / "zizhu_figures.csv"
    out = warm_cache(tmp_path / "out", edition_2014)  # the first pages from the session's build of the same data
    port = free_port()
    url = f"http://127.0.0.1:{port}/{PAGE}"
    log = (tmp_path / "serve.log").open("w")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "zjbook",
            "serve",
            "--year",
            "2014",
            "--port",
            str(port),
            "--data-root",
            str(data_copy.parent),
            "--out",
            str(out),
            "--jobs",
            "1",
        ],
        cwd=paths.ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    server = psutil.Process(proc.pid)
    try:
        page = wait_for(lambda: (lambda r: r[0] == 200 and r[1])(fetch(url)), "the first page", proc)
        assert "专利授权7655件" in page
        assert "websocket-reload" in page  # the reload script is on the page
        published = out / "2014" / "html"
        assert not published.exists()  # the preview never writes the published edition
        assert not lock_is_free(out / "2014" / "preview" / ".lock")

        set_cell(figures, "zz_patents", "value", "7788")
        page = wait_for(lambda: (lambda p: "专利授权7788件" in p and p)(fetch(url)[1]), "the new value", proc)
        assert "7655件" not in page.split("专利授权", 1)[1][:10]

        set_cell(figures, "zz_patents", "value", "很多")  # not a number
        page = wait_for(lambda: (lambda p: "zjbook-preview-problems" in p and p)(fetch(url)[1]), "the banner", proc)
        assert "zizhu_figures.csv" in page and "很多" in page  # the problem names the file and the value
        assert "专利授权7788件" in page  # the last good page stays under the banner
        assert proc.poll() is None

        set_cell(figures, "zz_patents", "value", "7799")
        # Sphinx writes the page a moment before the rebuild ends and clears the banner (the browser is told
        # to reload only then): wait for both
        page = wait_for(
            lambda: (lambda p: "专利授权7799件" in p and "zjbook-preview-problems" not in p and p)(fetch(url)[1]),
            "the recovery",
            proc,
        )

        started = {p.pid for p in server.children(recursive=True)}
        assert started  # workers, kernels and Sphinx are running
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=60) in (0, 130)
        gone, alive = psutil.wait_procs([psutil.Process(pid) for pid in started if psutil.pid_exists(pid)], timeout=10)
        assert not alive, f"left running: {[p.cmdline()[:3] for p in alive]}"
    finally:
        if proc.poll() is None:
            for child in server.children(recursive=True):
                child.kill()
            proc.kill()
        log.close()
    text = (tmp_path / "serve.log").read_text(encoding="utf-8")
    assert "预览已停止" in text and "Traceback" not in text
    assert lock_is_free(out / "2014" / "preview" / ".lock")
    assert not list(out.rglob(".staging-*")) and not list(out.rglob(".sources-*"))


def test_serve_with_bad_data_from_the_start_shows_an_error_page(data_copy, tmp_path):
    set_cell(data_copy / "zizhu_figures.csv", "zz_patents", "value", "很多")
    port = free_port()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "zjbook",
            "serve",
            "--year",
            "2014",
            "--port",
            str(port),
            "--data-root",
            str(data_copy.parent),
            "--out",
            str(tmp_path / "out"),
            "--jobs",
            "1",
        ],
        cwd=paths.ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        status, page = wait_for(
            lambda: (lambda r: r[0] != 404 and r)(fetch(f"http://127.0.0.1:{port}/")),
            "the error page",
            proc,
            timeout=120,
        )
        assert status == 503 and "zjbook-preview-problems" in page and "zizhu_figures.csv" in page
    finally:
        proc.send_signal(signal.SIGTERM)
        output = proc.communicate(timeout=60)[0]
    assert "zizhu_figures.csv" in output  # the problems are in the terminal too
    assert "预览已停止" in output


def test_serve_a_year_without_data_fails_in_one_line(data_copy, tmp_path):
    out = tmp_path / "out"
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "zjbook",
            "serve",
            "--year",
            "1999",
            "--port",
            str(free_port()),
            "--data-root",
            str(data_copy.parent),
            "--out",
            str(out),
        ],
        cwd=paths.ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 1 and proc.stdout == ""
    assert (
        proc.stderr.startswith("没有 1999 年的数据")
        and "现有年份：2014" in proc.stderr
        and proc.stderr.count("\n") == 1
    )
    assert not out.exists()  # no preview of an edition that does not exist


def test_stopping_the_preview_while_it_starts_leaves_nothing(data_copy, tmp_path):
    out = tmp_path / "out"
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "zjbook",
            "serve",
            "--year",
            "2014",
            "--port",
            str(free_port()),
            "--data-root",
            str(data_copy.parent),
            "--out",
            str(out),
            "--jobs",
            "1",
        ],
        cwd=paths.ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    server = psutil.Process(proc.pid)
    lock = out / "2014" / "preview" / ".lock"
    try:
        wait_for(lambda: lock.exists() and not lock_is_free(lock), "the preview to take its lock", proc, timeout=120)
        started = server.children(recursive=True)
        proc.send_signal(signal.SIGINT)
        output = proc.communicate(timeout=60)[0]
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode in (0, 130) and "Traceback" not in output, output
    assert "预览已停止" in output or output.strip().endswith("已中断。"), output
    _, alive = psutil.wait_procs([p for p in started if p.is_running()], timeout=10)
    assert not alive and lock_is_free(lock)


# --- the parts, in this process ---------------------------------------------------------------------


def test_problems_go_on_html_pages_and_a_missing_page_becomes_an_error_page():
    from zjbook.pipeline.serve import with_problems

    problems = ["数据有问题（2 条）：", "zizhu_figures.csv 第3行 value：“很多”不是数字", "<b>第二条</b>"]
    headers = {"content-type": "text/html; charset=utf-8", "etag": "x", "last-modified": "y"}
    status, page = with_problems(problems, 200, headers, b"<html><body class='a'><p>page</p></body></html>")
    assert status == 200 and headers == {"content-type": "text/html; charset=utf-8"}
    assert page.startswith(b"<html><body class='a'><div id=\"zjbook-preview-problems\"") and page.endswith(
        b"<p>page</p></body></html>"
    )
    assert "“很多”不是数字".encode() in page and b"&lt;b&gt;" in page  # the problems are shown as text
    status, page = with_problems(problems, 404, {"content-type": "text/plain"}, b"Not Found")
    assert status == 503 and b"zjbook-preview-problems" in page and b"Not Found" not in page
    css = {"content-type": "text/css", "etag": "x"}
    assert with_problems(problems, 200, css, b"body{}") == (200, b"body{}") and css["etag"] == "x"


class FakePreview:
    """What RebuildLoop uses of a Preview: rebuild (the first one fails), fail, and the workers to stop."""

    def __init__(self):
        self.rebuilds, self.failures, self.stopped = 0, [], []
        self.gate, self.running = threading.Event(), threading.Event()
        self.sphinx = types.SimpleNamespace(stop=lambda: self.stopped.append("sphinx"))
        self.pool = types.SimpleNamespace(close=lambda now: self.stopped.append(("pool", now)))

    def rebuild(self) -> bool:
        self.rebuilds += 1
        self.running.set()
        assert self.gate.wait(30)
        if self.rebuilds == 1:
            raise ValueError("a change broke something")
        return True

    def fail(self, lines, what) -> bool:
        self.failures.append((what, lines))
        return False


def test_the_rebuild_loop_survives_an_error_and_queues_changes_made_during_a_rebuild():
    from zjbook.pipeline.serve import RebuildLoop

    preview, done = FakePreview(), queue.Queue()
    loop = RebuildLoop(preview, lambda: done.put(preview.rebuilds))
    loop.start()
    loop.request()
    assert preview.running.wait(30)
    loop.request()  # saved while the first rebuild runs (it waits at the gate): one more rebuild, not two
    loop.request()
    preview.gate.set()
    assert done.get(timeout=30) == 1
    assert preview.failures == [("重建出错", ["ValueError: a change broke something"])]
    assert done.get(timeout=30) == 2
    loop.stop()
    assert not loop.thread.is_alive() and done.empty() and preview.rebuilds == 2
    assert preview.stopped == ["sphinx", ("pool", True)]
    loop.stop()  # a second stop does nothing
    assert preview.stopped == ["sphinx", ("pool", True)]


def test_a_second_signal_still_lets_the_preview_shut_down_in_order():
    """Ctrl-C to make's process group reaches the preview twice (the terminal's signal, then make's end): uvicorn
    would turn the second into a forced exit that skips the app's shutdown and prints the cancelled lifespan's
    traceback. Here every signal only asks to stop."""
    import uvicorn

    from zjbook.pipeline.serve import PreviewServer

    server = PreviewServer(uvicorn.Config(lambda *_: None))
    server.handle_exit(signal.SIGINT, None)
    server.handle_exit(signal.SIGINT, None)
    assert server.should_exit and not server.force_exit


def test_a_cancelled_lifespan_ends_quietly():
    """Cancelled at the end of the event loop, the preview's lifespan ends without an exception (which uvicorn
    would print as "Exception in 'lifespan' protocol" with its traceback); its processes are stopped after it."""
    import asyncio

    from zjbook.pipeline.serve import Watcher

    watcher = Watcher.__new__(Watcher)  # no preview: only the lifespan's own handling is under test
    stopped = []
    watcher.rebuilds = types.SimpleNamespace(stop=lambda: stopped.append(True))

    class Waits:
        def __init__(self, _app):
            pass

        async def __aenter__(self):
            return None

        async def __aexit__(self, *exc):
            return False

    watcher.lifespan = Waits

    async def run():
        async def life():
            async with watcher.serving(None):
                await asyncio.sleep(60)

        task = asyncio.create_task(life())
        await asyncio.sleep(0.05)
        task.cancel()
        await asyncio.wait_for(task, 5)  # raises if the cancellation escapes
        return task

    task = asyncio.run(run())
    assert task.done() and not task.cancelled()
