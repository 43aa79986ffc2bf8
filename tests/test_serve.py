"""``python -m zjbook serve``: a change is served, bad data is listed and recovers, Ctrl-C leaves nothing."""
from __future__ import annotations

import fcntl
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import psutil
import pytest

from zjbook import paths
from conftest import set_cell

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


def test_serve_edit_break_fix_and_stop(data_copy, tmp_path):
    figures = data_copy / "zizhu_figures.csv"
    out = tmp_path / "out"
    port = free_port()
    url = f"http://127.0.0.1:{port}/{PAGE}"
    log = (tmp_path / "serve.log").open("w")
    proc = subprocess.Popen([sys.executable, "-m", "zjbook", "serve", "--year", "2014", "--port", str(port),
                             "--data-root", str(data_copy.parent), "--out", str(out), "--jobs", "1"],
                            cwd=paths.ROOT, stdout=log, stderr=subprocess.STDOUT)
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
        page = wait_for(lambda: (lambda p: "专利授权7799件" in p and "zjbook-preview-problems" not in p and p)(
            fetch(url)[1]), "the recovery", proc)

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
    proc = subprocess.Popen([sys.executable, "-m", "zjbook", "serve", "--year", "2014", "--port", str(port),
                             "--data-root", str(data_copy.parent), "--out", str(tmp_path / "out"), "--jobs", "1"],
                            cwd=paths.ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        status, page = wait_for(lambda: (lambda r: r[0] != 404 and r)(fetch(f"http://127.0.0.1:{port}/")),
                                "the error page", proc, timeout=120)
        assert status == 503 and "zjbook-preview-problems" in page and "zizhu_figures.csv" in page
    finally:
        proc.send_signal(signal.SIGTERM)
        output = proc.communicate(timeout=60)[0]
    assert "zizhu_figures.csv" in output  # the problems are in the terminal too
    assert "预览已停止" in output
