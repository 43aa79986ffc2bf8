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
- Nothing outlives its build: :func:`die_with_parent` (the parent-death signal) for every process the build
  starts, :func:`close_inherited_locks` in every forked child (a child never holds the build's lock), and
  :func:`follow_make` for a build run by ``make`` (it stops when ``make`` is interrupted or killed). A lock whose
  holder is dead is taken over, with one line saying so; its leftover processes are ended first.
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
_PR_SET_PDEATHSIG = 1

#: How often a build waiting for the lock (``WAIT=1``) looks again, and checks the holder is still alive.
LOCK_POLL = 0.1


class Busy(RuntimeError):
    """Another build holds the output folder."""


class BuildInterrupted(BaseException):
    """SIGINT or SIGTERM during a build (a BaseException, so no ``except Exception`` swallows it).

    ``detail`` is the one line to print (what became of the build), when the build knows it."""

    def __init__(self, signum: int, detail: str = ""):
        self.signum, self.detail = signum, detail
        super().__init__(signal.Signals(signum).name)


class RaiseOnSignal:
    """A SIGINT and SIGTERM handler for the time before a build has its own: it raises what Python's own would
    (:class:`KeyboardInterrupt` for Ctrl-C; :class:`BuildInterrupted` for SIGTERM, which Python's would not catch)
    and keeps the signal, since the exception can be swallowed where it lands (matplotlib, interrupted while
    importing its 3-D axes, turns the error into a warning and goes on). :func:`interruptible` raises it again as
    the build starts, and ``__main__`` says it once the command has run."""

    def __init__(self) -> None:
        self.received: list[int] = []

    def __call__(self, signum, _frame) -> None:
        self.received.append(signum)
        if signum == signal.SIGINT:
            raise KeyboardInterrupt
        raise BuildInterrupted(signum)


def kept_signals() -> list[int]:
    """The signals that the current SIGINT and SIGTERM handlers received and kept (:class:`RaiseOnSignal`'s, or
    :func:`interruptible`'s): what they raised may have been lost, but the signal was not."""
    kept: list[int] = []
    for s in (signal.SIGINT, signal.SIGTERM):
        handler = signal.getsignal(s)
        kept += getattr(handler, "received", None) or getattr(handler, "interruptible", None) or []
    return kept


def _same_file(a: os.stat_result, b: os.stat_result) -> bool:
    return (a.st_dev, a.st_ino) == (b.st_dev, b.st_ino)


def has_open(pid: int, path: Path) -> bool:
    """Whether process ``pid`` is alive and has ``path`` open (a reused PID, a zombie or a stranger: False)."""
    try:
        target = os.stat(path)
        fds = os.listdir(f"/proc/{pid}/fd")
    except OSError:
        return False
    for fd in fds:
        with contextlib.suppress(OSError):
            if _same_file(os.stat(f"/proc/{pid}/fd/{fd}"), target):
                return True
    return False


def processes_with_open(path: Path) -> list[int]:
    """Every other process that has ``path`` open (those this user may look into)."""
    me = os.getpid()
    return [int(pid) for pid in os.listdir("/proc") if pid.isdigit() and int(pid) != me and has_open(int(pid), path)]


def _end(pids: list[int], grace: float = 3.0) -> None:
    procs = []
    for pid in pids:
        with contextlib.suppress(psutil.Error):
            proc = psutil.Process(pid)
            proc.kill()
            procs.append(proc)
    wait_ended(procs, grace)


def _recorded(fd: int) -> int | None:
    text = os.pread(fd, 64, 0).decode(errors="replace").strip()
    return int(text) if text.isdigit() else None


class BuildLock:
    """An exclusive ``flock`` on ``<folder>/<name>`` (``.lock``), released when the process ends, however it ends.

    The file records the holder's PID. A holder that is no longer alive (killed outright) is taken over,
    and ``report`` says so in one line; processes it left holding the lock are ended first. Forked
    children close their copy of the descriptor (:func:`close_inherited_locks`), so none holds the lock
    after its build. ``wait`` queues behind a live holder, never behind a dead one."""

    def __init__(self, folder: Path, wait: bool = False, name: str = ".lock", report=None):
        self.folder, self.wait, self.name, self.report = Path(folder), wait, name, report
        self._fd: int | None = None

    def __enter__(self) -> BuildLock:
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self.folder / self.name
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        try:
            ended = self._acquire(fd, path)
            before = _recorded(fd)
        except BaseException:
            os.close(fd)
            raise
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        self._fd = fd
        if before is not None and before != os.getpid() and self.report is not None:
            left = f"，并结束了它留下的 {ended} 个仍持有锁的进程" if ended else ""
            self.report(f"上一个构建（进程 {before}）没有正常结束{left}：已接管 {self.folder}")
        return self

    def _acquire(self, fd: int, path: Path) -> int:
        """Take the lock; the number of processes of a dead holder that had to be ended first."""
        ended = 0
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return ended
            except BlockingIOError:
                pass
            holder = _recorded(fd)
            if holder is None or has_open(holder, path):  # alive (or still writing its PID)
                if not self.wait:
                    raise Busy(
                        f"另一个构建正在写 {self.folder}（进程 {holder or '?'}）：等它结束后再运行，"
                        "或排队等待（make 加 WAIT=1，命令行加 --wait）"
                    ) from None
                time.sleep(LOCK_POLL)
                continue
            # The holder is dead: whatever still holds the lock was left behind by it.
            orphans = processes_with_open(path)
            if not orphans:  # released meanwhile
                continue
            if ended:  # ended once and still held: not ours to end
                raise Busy(
                    f"{self.folder} 的锁由已结束的进程 {holder} 留下的进程 {', '.join(map(str, orphans))} 持有，"
                    "无法结束它们：先结束这些进程再运行"
                )
            _end(orphans)
            ended = len(orphans)

    def __exit__(self, *exc) -> None:
        if self._fd is not None:
            os.ftruncate(self._fd, 0)
            os.close(self._fd)  # closing the descriptor releases the lock
            self._fd = None


def close_inherited_locks() -> None:
    """In a forked child: close every descriptor that holds a ``flock`` (the build's lock among them).

    The lock stays with the parent (it lives while any copy is open), but a child that outlived its
    build would otherwise keep the output folder locked."""
    for name in os.listdir("/proc/self/fd"):
        try:
            with open(f"/proc/self/fdinfo/{name}", encoding="ascii", errors="replace") as f:
                held = "FLOCK" in f.read()
        except OSError:
            continue
        if held:
            with contextlib.suppress(OSError):
                os.close(int(name))


def die_with_parent(signum: int = signal.SIGKILL, parent: int | None = None) -> None:
    """Have the kernel send ``signum`` to this process when its parent ends (however it ends). A parent that ended
    before this call (a build killed while its worker was starting) sends nothing, so a caller that knows the pid
    it was started by (``parent``) checks it: when its parent is no longer that one, it ends itself at once."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(_PR_SET_PDEATHSIG, signum)
    if parent is not None and os.getppid() != parent:
        os.kill(os.getpid(), signum)


def remove_stale_stages(parent: Path, name: str) -> None:
    """Remove staging folders ``<parent>/.staging-<name>-*`` that a killed build left; the caller holds the
    lock for ``name``, so no other build can be using them."""
    for stale in Path(parent).glob(f".staging-{name}-*"):
        shutil.rmtree(stale, ignore_errors=True)


def new_stage(parent: Path, name: str) -> Path:
    """A fresh staging folder ``<parent>/.staging-<name>-XXXX``, stale ones of the same name removed first."""
    parent = Path(parent)
    parent.mkdir(parents=True, exist_ok=True)
    remove_stale_stages(parent, name)
    return Path(tempfile.mkdtemp(prefix=f".staging-{name}-", dir=parent))


@contextlib.contextmanager
def private_stage(parent: Path, name: str):
    """A fresh staging folder ``<parent>/.staging-<name>-XXXX`` for this build only; removed on exit.

    Stale staging folders of the same name (left by a build that was killed with SIGKILL) are
    removed first: the caller holds the lock for ``name``, so no other build can be using them."""
    stage = new_stage(parent, name)
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


def write_atomic(path: Path, content: str | bytes) -> None:
    """Write a small file (text as UTF-8) so that readers see the old or the new content, never a part."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    if isinstance(content, bytes):
        tmp.write_bytes(content)
    else:
        tmp.write_text(content, encoding="utf-8")
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
    """Turn SIGINT and SIGTERM into :class:`BuildInterrupted` for the duration (main thread only).

    Only the first signal raises: the ones after it (``make`` passing SIGTERM on while its watcher sends
    another, a second Ctrl-C) are ignored while the build stops its children and cleans up, which is
    bounded. Nested, the outer one stays in charge. Yields the signals received (the first one), so that a
    failure it caused elsewhere (a child stopped by the same Ctrl-C) can be reported as the interruption."""
    current = signal.getsignal(signal.SIGINT)
    if threading.current_thread() is not threading.main_thread():
        yield []
        return
    if getattr(current, "interruptible", None) is not None:
        yield current.interruptible  # type: ignore[union-attr]
        return
    raise_if_interrupted()  # a signal before the build began, whose exception was swallowed: it does not begin
    raised: list[int] = []

    def handler(signum, frame):
        if not raised:
            raised.append(signum)
            raise BuildInterrupted(signum)

    handler.interruptible = raised  # type: ignore[attr-defined]
    previous = {s: signal.signal(s, handler) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield raised
    finally:
        for s, h in previous.items():
            signal.signal(s, h)


def raise_if_interrupted() -> None:
    """Raise :class:`BuildInterrupted` if the enclosing :func:`interruptible` (or, before any, the command line's
    :class:`RaiseOnSignal`) received a signal that did not stop the work: its exception can be swallowed where it
    was raised (a finalizer's ``__del__``, a library's ``except BaseException``), and only the first signal
    raises. Long steps call this between their parts."""
    received = kept_signals()
    if received:
        raise BuildInterrupted(received[0])


@contextlib.contextmanager
def deferred_signals():
    """SIGINT and SIGTERM wait until the block has run (main thread only): for a step that must not be cut in
    two, such as publishing. Yields the list of signals that arrived meanwhile; an exception leaving the block
    after a signal arrived becomes :class:`BuildInterrupted` (the signal most likely caused it)."""
    arrived: list[int] = []
    if threading.current_thread() is not threading.main_thread():
        yield arrived
        return
    previous = {
        s: signal.signal(s, lambda signum, frame: arrived.append(signum)) for s in (signal.SIGINT, signal.SIGTERM)
    }
    try:
        yield arrived
    except BaseException:
        if arrived:  # a failure the signal caused (a worker it ended): the interruption is what happened
            raise BuildInterrupted(arrived[0]) from None
        raise
    finally:
        for s, h in previous.items():
            signal.signal(s, h)


#: Signals that make handles by ending itself (after waiting for its jobs when it got SIGINT or SIGHUP).
_MAKE_FATAL = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT)


def _dispositions(pid: int) -> tuple[set[signal.Signals], set[signal.Signals]] | None:
    """Of :data:`_MAKE_FATAL`, the signals process ``pid`` catches and those it ignores (None once it is gone)."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as f:
            masks = {k: int(v.split()[0], 16) for k, _, v in (line.partition(":") for line in f) if k in _MASKS}
        if psutil.Process(pid).status() == psutil.STATUS_ZOMBIE or len(masks) < len(_MASKS):
            return None
    except (OSError, ValueError, psutil.Error):
        return None
    caught, ignored = ({s for s in _MAKE_FATAL if masks[k] & (1 << (s - 1))} for k in _MASKS)
    return caught, ignored


_MASKS = ("SigCgt", "SigIgn")


def _caught(pid: int) -> set[signal.Signals] | None:
    """The signals process ``pid`` catches (None once it is gone)."""
    found = _dispositions(pid)
    return None if found is None else found[0]


def _being_handled(pid: int) -> signal.Signals | None:
    """The signal make is already handling, if any: make catches each of :data:`_MAKE_FATAL` unless it was started
    ignoring it, and resets the one it handles (to re-raise it once its jobs end). A signal neither caught nor
    ignored is that one, even if it arrived before this process could watch."""
    found = _dispositions(pid)
    if found is None:
        return None
    caught, ignored = found
    return next((s for s in _MAKE_FATAL if s not in caught and s not in ignored), None)


def _make_ancestor() -> psutil.Process | None:
    with contextlib.suppress(psutil.Error):
        for proc in psutil.Process().parents():
            if proc.name() in ("make", "gmake"):
                return proc
    return None


def follow_make(poll: float = 0.2) -> threading.Event | None:
    """When ``make`` runs this process, stop with it: killed outright, or interrupted on its own.

    ``make`` passes SIGTERM on to its jobs, but on SIGINT (``kill -INT`` to make alone) it only waits for
    them, and SIGKILL tells them nothing. So this process asks for SIGTERM when its parent ends, and a
    watcher thread sends it SIGTERM when ``make`` is gone, SIGINT when ``make`` handles an interruption
    (it then no longer catches that signal: it reset it to re-raise it once its jobs end).

    Returns the event that stops the watcher: set it as soon as the process is ending (a signal sent then
    would interrupt the ending, or reach an interpreter already shutting down)."""
    if not os.environ.get("MAKELEVEL"):
        return None
    die_with_parent(signal.SIGTERM)
    make = _make_ancestor()
    if make is None:
        return None
    watched = _caught(make.pid)
    if watched is None:
        os.kill(os.getpid(), signal.SIGTERM)
        return None
    handled = _being_handled(make.pid)
    if handled is not None:  # make was interrupted while this process started: stop as the watcher would
        os.kill(os.getpid(), signal.SIGINT if handled == signal.SIGINT else signal.SIGTERM)
        return None

    stop = threading.Event()

    def watch() -> None:
        while not stop.wait(poll):
            now = _caught(make.pid)
            if stop.is_set():
                return
            if now is None:
                os.kill(os.getpid(), signal.SIGTERM)
                return
            lost = watched - now
            if lost:
                os.kill(os.getpid(), signal.SIGINT if signal.SIGINT in lost else signal.SIGTERM)
                return

    thread = threading.Thread(target=watch, name="zjbook-follow-make", daemon=True)
    thread.start()
    return stop
