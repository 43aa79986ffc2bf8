"""Nothing outlives its build, nothing wedges the next one: the lock is never held by a child, a dead holder's
lock is taken over in one line, SIGINT and SIGTERM stop the build in every phase (to the process, to its
group, to ``make`` alone), Ctrl-C during start-up prints one line.

The seconds from each signal to the build's end are printed (``pytest -s`` shows them); the assertions are
about behaviour (every process gone, the published edition whole), with generous time-outs only."""

from __future__ import annotations

import asyncio
import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import psutil
import pytest
from conftest import set_cell, warm_cache
from starlette.exceptions import HTTPException

from zjbook import cli
from zjbook.pipeline import stamp
from zjbook.pipeline.publishing import (
    BuildInterrupted,
    BuildLock,
    Busy,
    close_inherited_locks,
    has_open,
    interruptible,
    raise_if_interrupted,
)
from zjbook.pipeline.serve import SnapshotFiles, Snapshots

ROOT = Path(__file__).resolve().parents[1]
PROBE = Path(__file__).with_name("phase_probe.py")

pytestmark = [pytest.mark.xdist_group("processes")]


def as_from_a_terminal() -> None:
    """SIGINT as a terminal leaves it (its default action): a test run started in the background of a
    non-interactive shell inherits it ignored, and an ignored Ctrl-C tests nothing."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def terminal_popen(*args, **kwargs) -> subprocess.Popen:
    """subprocess.Popen with SIGINT as a terminal leaves it (see :func:`as_from_a_terminal`)."""
    return subprocess.Popen(*args, preexec_fn=as_from_a_terminal, **kwargs)  # noqa: PLW1509 - resets one signal


def build_cmd(out: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "zjbook", "build", "--year", "2014", "--out", str(out), "--langs", "zh", *extra]


def alive(p: psutil.Process) -> bool:
    try:
        return p.is_running() and p.status() != psutil.STATUS_ZOMBIE
    except psutil.Error:
        return False


def wait_for(predicate, timeout: float = 180.0) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.05)
    return False


def holders(path: Path) -> list[int]:
    """Processes with ``path`` open, found by psutil (independently of zjbook's own /proc scan)."""
    found = []
    for proc in psutil.process_iter():
        try:
            if any(Path(f.path) == path for f in proc.open_files()):
                found.append(proc.pid)
        except psutil.Error:
            continue
    return found


def with_workers(proc: psutil.Process) -> bool:
    """Whether the build is executing notebooks: worker processes forked from it are running."""
    try:
        return any(child.cmdline() == proc.cmdline() for child in proc.children())
    except psutil.Error:
        return False


def snapshot(folder: Path) -> dict:
    return {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.fixture(scope="module")
def published(edition_2014) -> Path:
    """An output root with the 2014 edition published (the state every test here starts from, as a copy): the
    test run's shared build, its notebook cache included."""
    return edition_2014.parent.parent


@pytest.fixture
def out(published, tmp_path) -> Path:
    copy = tmp_path / "out"
    shutil.copytree(published, copy, symlinks=True)
    return copy


# --- the lock --------------------------------------------------------------------------------------


class SwallowsEverything:
    """A finalizer of the kind that loses a Ctrl-C: Python prints and drops what ``__del__`` raises."""

    def __del__(self):
        os.kill(os.getpid(), signal.SIGINT)
        time.sleep(0.2)  # the handler runs here, inside __del__, and its exception goes nowhere


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_a_ctrl_c_that_a_finalizer_swallowed_still_stops_the_work_at_the_next_step():
    raise_if_interrupted()  # outside a build: nothing to raise
    with pytest.raises(BuildInterrupted) as stopped, interruptible() as received:
        SwallowsEverything()  # created and dropped at once
        assert received == [signal.SIGINT]  # received, but the work went on
        raise_if_interrupted()
        pytest.fail("the work went on after the step")
    assert stopped.value.signum == signal.SIGINT
    raise_if_interrupted()  # and once the block is left, the signal no longer counts


def test_a_forked_child_does_not_hold_the_lock(tmp_path):
    with BuildLock(tmp_path) as lock:
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child of a build: it closes its copy, the parent keeps the lock
            close_inherited_locks()
            os.write(write, b"1" if has_open(os.getpid(), tmp_path / ".lock") else b"0")
            os._exit(0)
        os.close(write)
        answer = os.read(read, 1)
        os.waitpid(pid, 0)
        assert answer == b"0"
        assert lock._fd is not None and has_open(os.getpid(), tmp_path / ".lock")
        with pytest.raises(Busy):  # still held, by the parent
            with BuildLock(tmp_path):
                pass


def _dead_holder_with_an_orphan(folder: Path) -> tuple[int, int]:
    """A process that takes the lock, forks a child that keeps it (as a child that did not close it would),
    and dies by SIGKILL. Returns (the dead holder, the orphan still holding the lock)."""
    script = (
        "import os, signal, sys, time\n"
        "from zjbook.pipeline.publishing import BuildLock\n"
        f"lock = BuildLock({str(folder)!r}).__enter__()\n"
        "pid = os.fork()\n"
        "if pid == 0:\n"
        "    null = os.open(os.devnull, os.O_WRONLY)\n"
        "    os.dup2(null, 1)\n"
        "    os.dup2(null, 2)\n"
        "    time.sleep(600)\n"
        "    os._exit(0)\n"
        "print(pid, flush=True)\n"
        "os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    proc = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=60)
    orphan = int(proc.stdout.split()[0])
    assert proc.returncode == -signal.SIGKILL and psutil.pid_exists(orphan)
    return int((folder / ".lock").read_text()), orphan


@pytest.mark.parametrize("wait", [False, True])
def test_a_dead_holders_lock_is_taken_over_and_its_orphans_ended(tmp_path, wait):
    holder, orphan = _dead_holder_with_an_orphan(tmp_path)
    assert holders(tmp_path / ".lock") == [orphan]
    lines: list[str] = []
    # WAIT=1 must not wait on a dead holder: in a process of its own, so that a hang fails instead of blocking
    script = (
        "from zjbook.pipeline.publishing import BuildLock\n"
        f"with BuildLock({str(tmp_path)!r}, wait={wait}, report=print):\n"
        "    print('held')\n"
    )
    proc = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=60)
    lines = proc.stdout.splitlines()
    assert proc.returncode == 0, proc.stderr
    assert lines[1:] == ["held"]
    assert (
        lines[0] == f"上一个构建（进程 {holder}）没有正常结束，并结束了它留下的 1 个仍持有锁的进程：已接管 {tmp_path}"
    )
    assert wait_for(lambda: not psutil.pid_exists(orphan) or not alive(psutil.Process(orphan)), 10)
    assert holders(tmp_path / ".lock") == []


def test_wait_queues_behind_a_live_holder(tmp_path):
    script = (
        "from zjbook.pipeline.publishing import BuildLock\n"
        f"with BuildLock({str(tmp_path)!r}, wait=True, report=print):\n"
        "    print('held')\n"
    )
    with BuildLock(tmp_path):
        proc = terminal_popen([sys.executable, "-c", script], cwd=ROOT, stdout=subprocess.PIPE, text=True)
        time.sleep(1.5)
        assert proc.poll() is None  # still waiting: the holder is alive
    out, _ = proc.communicate(timeout=60)
    assert out == "held\n"  # no takeover: the holder ended properly


@pytest.mark.slow
def test_sigkill_of_the_build_then_the_next_build_takes_over_and_publishes(out):
    before = snapshot(out / "2014" / "html")
    proc = terminal_popen(
        build_cmd(out, "--no-cache"), cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    me = psutil.Process(proc.pid)
    assert wait_for(lambda: with_workers(me))
    family = me.children(recursive=True)
    proc.kill()
    # the killed process itself ends at once; its output pipes close only when every worker holding them has gone,
    # which under load may take a while: wait for the process, then for the workers (not for the pipes' end)
    proc.wait(timeout=60)
    assert wait_for(lambda: not any(alive(p) for p in family), 60), "a worker outlived the killed build"
    proc.communicate(timeout=60)
    lock = out / "2014" / ".lock"
    assert holders(lock) == [], "a process still holds the lock of the killed build"
    assert list(out.glob(".staging-2014-*")), "the killed build left its stage (removed by the next one)"
    assert snapshot(out / "2014" / "html") == before
    # the next build must publish: its stamp says other inputs made the edition (its notebooks come from the cache;
    # executing them again, as --force would, shows nothing more about taking over)
    out_of_date(out / "2014")
    again = subprocess.run(build_cmd(out), cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert again.returncode == 0, again.stderr
    taken = [line for line in again.stdout.splitlines() if "没有正常结束" in line]
    assert taken == [f"上一个构建（进程 {proc.pid}）没有正常结束：已接管 {out / '2014'}"]
    assert "Traceback" not in again.stderr and "完成" in again.stdout
    assert not list(out.glob(".staging-*"))
    assert (out / "2014" / "html" / "index.html").exists()
    assert holders(lock) == []


# --- interruptions in every phase ------------------------------------------------------------------

PHASES = ["validation", "notebooks", "jupyter-book", "swap"]


#: Phases a build reaches with its notebooks taken from the cache: the published edition is made out of date by its
#: stamp alone, so the build publishes again without executing every notebook afresh (``--force`` would).
CACHED_PHASES = ("jupyter-book", "swap")


def out_of_date(edition: Path) -> None:
    """The stamp of a published edition says other inputs made it: the next build publishes again (its files are
    untouched, so they still match the stamp's manifest)."""
    record = json.loads((edition / stamp.STAMP).read_text(encoding="utf-8"))
    (edition / stamp.STAMP).write_text(json.dumps(record | {"inputs": "another"}), encoding="utf-8")


def _interrupt(out: Path, phase: str, signum: int, group: bool) -> tuple[subprocess.Popen, str, str, list]:
    if phase in CACHED_PHASES:
        out_of_date(out / "2014")
    extra = () if phase in CACHED_PHASES else ("--force",)
    proc = terminal_popen(
        [sys.executable, str(PROBE), phase, *build_cmd(out, *extra)[3:]],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=group,
    )
    assert proc.stdout is not None
    lines = []
    for line in proc.stdout:
        lines.append(line)
        if line.startswith("PHASE"):
            break
    assert lines and lines[-1] == f"PHASE {phase}\n", "".join(lines) + (proc.stderr.read() if proc.stderr else "")
    me = psutil.Process(proc.pid)
    if phase == "notebooks":
        assert wait_for(lambda: with_workers(me))
    family = me.children(recursive=True)
    started = time.monotonic()
    if group:
        os.killpg(proc.pid, signum)
    else:
        proc.send_signal(signum)
    rest, err = proc.communicate(timeout=120)
    print(
        f"{phase} {signal.Signals(signum).name} {'group' if group else 'process'}: {time.monotonic() - started:.1f} s"
    )
    assert wait_for(lambda: not any(alive(p) for p in family), 30), "a child outlived the interrupted build"
    return proc, "".join(lines) + rest, err, family


@pytest.mark.slow
@pytest.mark.parametrize("group", [False, True], ids=["process", "group"])
@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
@pytest.mark.parametrize("phase", PHASES)
def test_an_interruption_in_any_phase_stops_the_build_and_the_edition_stays_whole(out, phase, signum, group):
    edition = out / "2014"
    before = snapshot(edition / "html")
    proc, stdout, err, _ = _interrupt(out, phase, signum, group)
    assert proc.returncode == 128 + signum, err
    assert err.count("\n") == 1 and "Traceback" not in err, err
    assert not list(out.glob(".staging-*"))
    assert holders(edition / ".lock") == []
    recorded = stamp.read(edition)
    assert recorded is not None and stamp.tree_manifest(edition / "html") == recorded["html"]  # whole
    if phase == "swap":  # the signal waited for the swap: the new edition is published, and the line says so
        assert "新版本已完整发布" in err
        assert snapshot(edition / "html").keys() == before.keys()
    else:
        assert f"构建已中断（{signal.Signals(signum).name}）" in err and "保持上一次成功构建的版本" in err
        assert snapshot(edition / "html") == before


# --- under make ------------------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("shell", [False, True], ids=["exec", "via-sh"])
@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGKILL], ids=["SIGINT", "SIGKILL"])
def test_interrupting_or_killing_make_alone_stops_the_build(out, tmp_path, signum, shell):
    """``kill -INT <make>`` (make then only waits for its job) and ``kill -KILL <make>`` stop the build."""
    command = " ".join(build_cmd(out, "--force"))
    makefile = tmp_path / "Makefile"
    makefile.write_text(
        f".PHONY: run\nrun:\n\t{'cd ' + str(ROOT) + ' && ' if shell else ''}{command}\n", encoding="utf-8"
    )
    before = snapshot(out / "2014" / "html")
    make = terminal_popen(
        ["make", "-s", "-f", str(makefile), "-C", str(ROOT), "run"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    me = psutil.Process(make.pid)

    def the_build() -> psutil.Process | None:
        for p in me.children(recursive=True):
            try:
                if "zjbook" in p.cmdline() and with_workers(p):
                    return p
            except psutil.Error:
                continue
        return None

    assert wait_for(lambda: the_build() is not None)
    family = me.children(recursive=True)
    started = time.monotonic()
    make.send_signal(signum)
    make.communicate(timeout=120)
    assert wait_for(lambda: not any(alive(p) for p in family), 60), "the build went on without make"
    print(f"make {signal.Signals(signum).name}: {time.monotonic() - started:.1f} s")
    assert snapshot(out / "2014" / "html") == before
    assert not list(out.glob(".staging-*"))
    assert holders(out / "2014" / ".lock") == []


@pytest.mark.slow
def test_interrupting_make_before_the_build_watches_it_still_stops_the_build(out, tmp_path):
    """``kill -INT <make>`` while the build is still starting (here: while its recipe sleeps before it): make then
    only waits, having reset SIGINT to re-raise it later, so the build finds make handling an interruption as soon
    as it looks, and stops in one line instead of running to the end."""
    command = " ".join(build_cmd(out, "--force"))
    makefile = tmp_path / "Makefile"
    makefile.write_text(f".PHONY: run\nrun:\n\tsleep 2 && {command}\n", encoding="utf-8")
    make = terminal_popen(
        ["make", "-s", "-f", str(makefile), "-C", str(ROOT), "run"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert wait_for(lambda: any("sleep" in p.name() for p in psutil.Process(make.pid).children(recursive=True)))
    make.send_signal(signal.SIGINT)
    out_text, err = make.communicate(timeout=300)
    assert "完成" not in out_text, out_text
    lines = [line for line in err.splitlines() if not line.startswith("make")]
    assert len(lines) == 1 and (lines[0] == cli.INTERRUPTED or "构建已中断（SIGINT）" in lines[0]), err
    assert make.returncode != 0
    assert not list(out.glob(".staging-*"))
    assert holders(out / "2014" / ".lock") == []


# --- Ctrl-C during start-up ------------------------------------------------------------------------


def _maps(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/maps").read_text()
    except OSError:
        return ""


@pytest.mark.slow
@pytest.mark.parametrize("delay", [0.0, 0.03, 0.1, 0.2, 0.4])
def test_ctrl_c_during_start_up_prints_one_line(tmp_path, delay):
    """SIGINT while the command line is being imported (``psutil`` is among its first imports), or just after."""
    proc = terminal_popen(
        build_cmd(tmp_path / "out"), cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    assert wait_for(lambda: "_psutil_linux" in _maps(proc.pid) or proc.poll() is not None, 60)
    time.sleep(delay)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert err == "已中断。\n" or err.startswith("构建已中断（SIGINT）"), err
    assert err.count("\n") == 1 and proc.returncode == 130


# --- the preview serves whole pages only -----------------------------------------------------------


def asgi_get(app, path: str) -> tuple[int, bytes]:
    """One GET through an ASGI app, in process: the status and the whole body."""
    messages: list[dict] = []
    asked: list[int] = []

    async def receive():
        if asked:  # the client stays connected until the response is sent
            await asyncio.sleep(3600)
        asked.append(1)
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):
        messages.append(message)

    scope = {
        "type": "http",
        "method": "GET",
        "path": path,
        "raw_path": path.encode(),
        "root_path": "",
        "query_string": b"",
        "headers": [],
        "scheme": "http",
        "server": ("127.0.0.1", 80),
        "http_version": "1.1",
    }
    try:
        asyncio.run(app(scope, receive, send))
    except HTTPException as e:  # what the app around it would turn into a response
        return e.status_code, b""
    return messages[0]["status"], b"".join(m.get("body", b"") for m in messages[1:])


def test_the_preview_serves_a_complete_snapshot_never_a_page_being_rewritten(tmp_path):
    html = tmp_path / "html"
    (html / "_static").mkdir(parents=True)
    (html / "page.html").write_text("<html>first version, whole</html>\n")
    (html / "_static" / "a.css").write_text("body {}")
    (tmp_path / "secret.txt").write_text("not served")
    snapshots = Snapshots(tmp_path / "served")
    files = SnapshotFiles(snapshots)
    assert asgi_get(files, "/page.html")[0] == 404  # nothing complete yet
    snapshots.take(html)
    assert asgi_get(files, "/page.html") == (200, b"<html>first version, whole</html>\n")

    with (html / "page.html").open("w") as f:  # Sphinx rewrites its pages in place: caught halfway
        f.write("<html>second vers")
        f.flush()
        assert asgi_get(files, "/page.html") == (200, b"<html>first version, whole</html>\n")
        f.write("ion, whole</html>\n")
    first = snapshots.current
    assert first is not None
    snapshots.take(html)
    assert asgi_get(files, "/page.html") == (200, b"<html>second version, whole</html>\n")
    assert asgi_get(files, "/_static/a.css") == (200, b"body {}")
    assert asgi_get(files, "/../secret.txt")[0] == 404 and asgi_get(files, "/%2e%2e/secret.txt")[0] == 404
    current = snapshots.current
    assert current is not None
    # an unchanged file is shared with the previous snapshot; a changed one is a copy of its own
    assert (current / "_static" / "a.css").stat().st_ino == (first / "_static" / "a.css").stat().st_ino
    assert (current / "page.html").stat().st_ino != (html / "page.html").stat().st_ino

    snapshots.take(html)
    kept = sorted(p.name for p in (tmp_path / "served").iterdir())
    assert kept == ["2", "3"]  # the current one and the one before, for readers still reading it

    (tmp_path / "served" / ".new-4").mkdir()  # a snapshot a killed preview did not finish
    again = Snapshots(tmp_path / "served")
    again.open()
    assert again.current == tmp_path / "served" / "3"
    assert not (tmp_path / "served" / ".new-4").exists()


def _serve(data_copy: Path, out: Path, port: int, log) -> subprocess.Popen:
    cmd = [sys.executable, "-m", "zjbook", "serve", "--year", "2014", "--port", str(port)]
    cmd += ["--data-root", str(data_copy.parent), "--out", str(out), "--jobs", "1"]
    return terminal_popen(cmd, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, text=True)


def _get(url: str) -> tuple[int, bytes]:
    """Status and body; IncompleteRead and other cut-short reads are raised, not hidden."""
    with urllib.request.urlopen(url, timeout=30) as r:
        return r.status, r.read()


@pytest.mark.slow
def test_the_preview_serves_only_whole_pages_while_rebuilding_and_a_killed_preview_is_taken_over(
    data_copy, tmp_path, edition_2014
):
    # the first pages from the session's build of the same data: the rebuilds below are what this test watches
    out, port = warm_cache(tmp_path / "out", edition_2014), _free_port()
    url = f"http://127.0.0.1:{port}/book/generated/zizhu.html"
    log_path = tmp_path / "serve.log"
    log = log_path.open("w")
    proc = _serve(data_copy, out, port, log)
    server = psutil.Process(proc.pid)
    seen: list[bytes] = []
    broken: list[str] = []
    stop = threading.Event()

    def poll() -> None:  # a reader polling the page the whole time, as make bench does
        while not stop.is_set():
            try:
                status, body = _get(url)
            except urllib.error.HTTPError as e:
                status, body = e.code, b""
            except (urllib.error.URLError, ConnectionError):
                continue
            except (http.client.HTTPException, OSError) as e:  # IncompleteRead and the like
                broken.append(repr(e))
                continue
            if status == 200:
                seen.append(body)
                if b"</html>" not in body:  # (the reload script the preview adds comes after it)
                    broken.append(f"a page cut short: …{body[-80:]!r}")
            time.sleep(0.01)

    try:
        assert wait_for(lambda: _page_has(url, "专利授权7655件"), 600), log_path.read_text()
        reader = threading.Thread(target=poll, daemon=True)
        reader.start()
        for value in ("7701", "7702", "7703"):
            set_cell(data_copy / "zizhu_figures.csv", "zz_patents", "value", value)
            assert wait_for(lambda: any(f"专利授权{value}件".encode() in b for b in seen[-3:]), 300), value
        stop.set()
        reader.join(30)
        assert not broken, broken[:3]
        assert len(seen) > 20
        family = server.children(recursive=True)
        assert family  # the workers and the Sphinx process
        proc.kill()  # SIGKILL: nothing it started may outlive it, nor hold its lock
        proc.wait(timeout=30)
        assert wait_for(lambda: not any(alive(p) for p in family), 30), [p.cmdline()[:3] for p in family if alive(p)]
        lock = out / "2014" / "preview" / ".lock"
        assert holders(lock) == []
        log.close()
        log = (tmp_path / "again.log").open("w")
        again = _serve(data_copy, out, _free_port(), log)
        try:
            line = f"上一个构建（进程 {proc.pid}）没有正常结束：已接管 {out / '2014' / 'preview'}"
            assert wait_for(lambda: line in (tmp_path / "again.log").read_text(), 300)
            again.send_signal(signal.SIGINT)
            assert again.wait(timeout=60) in (0, 130)
        finally:
            if again.poll() is None:
                again.kill()
    finally:
        stop.set()
        if proc.poll() is None:
            proc.kill()
        log.close()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _page_has(url: str, text: str) -> bool:
    try:
        return text in _get(url)[1].decode("utf-8")
    except (OSError, http.client.HTTPException, UnicodeDecodeError):
        return False


@pytest.mark.parametrize("delay", [0.15, 0.4])
def test_sigterm_while_the_command_line_is_still_importing_prints_one_line(tmp_path, delay):
    """Before any handler of the command line is set: the first lines of ``__main__`` handle it. The command is a
    build, which cannot be over by then (a validation could be, on an idle machine, and then has nothing to stop)."""
    proc = terminal_popen(
        build_cmd(tmp_path / "out"),
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    time.sleep(delay)
    proc.send_signal(signal.SIGTERM)
    out, err = proc.communicate(timeout=60)
    lines = err.strip().splitlines()
    assert proc.returncode == 128 + signal.SIGTERM and len(lines) == 1, (out, err)
    assert lines[0] == "已中断。" or lines[0].startswith("构建已中断（SIGTERM）"), (out, err)
