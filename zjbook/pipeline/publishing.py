"""Safe publishing of one build: a lock per output folder, a private staging folder, an atomic swap.

- :class:`BuildLock`: one build per output folder at a time. A second build refuses at once with
  one line naming the process that holds the folder, or waits for it (``wait=True``).
- :func:`private_stage`: each build stages in a folder of its own, removed however the build ends.
- :func:`publish_dir`: the new tree replaces the published one by exchanging the two folders in
  one ``renameat2(RENAME_EXCHANGE)`` call, so a reader always finds either the whole old edition or
  the whole new one, never a gap or a mixture. Where the file system can't exchange, a rename
  fallback keeps the old tree beside it and :func:`recover` puts it back after an interruption.
- :func:`stop_children`: end every process this build started (papermill workers, their kernels,
  Jupyter Book), for interruptions.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import os
import shutil
import signal
import tempfile
import threading
import time
from pathlib import Path

import psutil

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


class Busy(RuntimeError):
    """Another build holds the output folder."""


class BuildInterrupted(BaseException):
    """SIGINT or SIGTERM during a build (a BaseException, so no ``except Exception`` swallows it)."""

    def __init__(self, signum: int):
        self.signum = signum
        super().__init__(signal.Signals(signum).name)


class BuildLock:
    """An exclusive ``flock`` on ``<folder>/<name>`` (``.lock``), released when the process ends, however it ends."""

    def __init__(self, folder: Path, wait: bool = False, name: str = ".lock"):
        self.folder, self.wait, self.name = Path(folder), wait, name
        self._fd: int | None = None

    def __enter__(self) -> BuildLock:
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self.folder / self.name
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | (0 if self.wait else fcntl.LOCK_NB))
        except BlockingIOError:
            holder = os.pread(fd, 64, 0).decode(errors="replace").strip() or "?"
            os.close(fd)
            raise Busy(
                f"另一个构建正在写 {self.folder}（进程 {holder}）：等它结束后再运行，或排队等待（make 加 WAIT=1，命令行加 --wait）"
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        self._fd = fd
        return self

    def __exit__(self, *exc) -> None:
        if self._fd is not None:
            os.ftruncate(self._fd, 0)
            os.close(self._fd)  # closing the descriptor releases the lock
            self._fd = None


@contextlib.contextmanager
def private_stage(parent: Path, name: str):
    """A fresh staging folder ``<parent>/.staging-<name>-XXXX`` for this build only; removed on exit.

    Stale staging folders of the same name (left by a build that was killed with SIGKILL) are
    removed first: the caller holds the lock for ``name``, so no other build can be using them."""
    parent = Path(parent)
    parent.mkdir(parents=True, exist_ok=True)
    for stale in parent.glob(f".staging-{name}-*"):
        shutil.rmtree(stale, ignore_errors=True)
    stage = Path(tempfile.mkdtemp(prefix=f".staging-{name}-", dir=parent))
    try:
        yield stage
    finally:
        shutil.rmtree(stage, ignore_errors=True)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically; False where the system can't (then nothing happened)."""
    libc = ctypes.CDLL(None, use_errno=True)
    if not hasattr(libc, "renameat2"):
        return False
    if libc.renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(err, os.strerror(err), str(a))


def _incoming(target: Path) -> Path:
    return target.with_name(f".{target.name}.incoming")


def _previous(target: Path) -> Path:
    return target.with_name(f".{target.name}.previous")


def recover(target: Path) -> None:
    """Undo what an interrupted publish may have left: restore a missing tree, drop leftovers."""
    target = Path(target)
    previous = _previous(target)
    if previous.exists():
        if target.exists():
            shutil.rmtree(previous)
        else:
            previous.rename(target)  # the fallback was interrupted between its two renames
    shutil.rmtree(_incoming(target), ignore_errors=True)


def publish_dir(new: Path, target: Path) -> None:
    """Make ``new`` the tree at ``target``; readers never see ``target`` missing or partial."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    recover(target)
    incoming = _incoming(target)
    shutil.move(str(new), incoming)  # same file system as target from here on
    if not target.exists():
        incoming.rename(target)
    elif _exchange(incoming, target):
        shutil.rmtree(incoming)  # now holds the old tree
    else:
        previous = _previous(target)
        target.rename(previous)
        incoming.rename(target)
        shutil.rmtree(previous)


def write_atomic(path: Path, text: str) -> None:
    """Write a small text file so that readers see the old or the new content, never a part."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)


def _ended(proc: psutil.Process) -> bool:
    """Gone, or a zombie: ended, and left for its parent to reap (multiprocessing reaps its own workers; a
    worker reaped here instead would look alive to it forever, and its pool would never shut down)."""
    try:
        return proc.status() == psutil.STATUS_ZOMBIE
    except psutil.Error:
        return True


def wait_ended(procs: list[psutil.Process], timeout: float) -> list[psutil.Process]:
    """Wait up to ``timeout`` seconds for ``procs`` to end, without reaping them; return those still running."""
    deadline = time.monotonic() + timeout
    alive = list(procs)
    while alive and time.monotonic() < deadline:
        alive = [p for p in alive if not _ended(p)]
        if alive:
            time.sleep(0.02)
    return alive


def stop_children(grace: float = 3.0) -> None:
    """Terminate every descendant of this process; kill what is still running after ``grace`` seconds."""
    try:
        children = psutil.Process().children(recursive=True)
    except psutil.Error:
        return
    for child in children:
        with contextlib.suppress(psutil.Error):
            child.terminate()
    for child in wait_ended(children, grace):
        with contextlib.suppress(psutil.Error):
            child.kill()
    wait_ended(children, grace)


@contextlib.contextmanager
def interruptible():
    """Turn SIGINT and SIGTERM into :class:`BuildInterrupted` for the duration (main thread only)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(signum, frame):
        raise BuildInterrupted(signum)

    previous = {s: signal.signal(s, handler) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for s, h in previous.items():
            signal.signal(s, h)
