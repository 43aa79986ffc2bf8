"""The Jupyter Book driver process (:mod:`zjbook.pipeline.jupyter_book_driver`), kept for the next build.

Starting the driver costs about two CPU-seconds: a Python, Jupyter Book's and Sphinx's imports, the Chinese search's
word list. A process that builds more than once (``make books``, ``make release``, ``make pdf`` after its book, a test
session) keeps the driver it started and sends it the next build's sources and orders, one line each; its children
are still forked fresh for every build, from a driver that has built nothing itself. A driver is reused only when it
is alive, idle, and was started with the environment this build would start it with; otherwise a new one is started
(a driver another build of this process is still using, in another thread, is left to it). A driver that failed to
answer in time is killed. Every driver ends with the process that started it, or with :func:`stop_children`.
"""

from __future__ import annotations

import atexit
import json
import select
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

#: The driver kept for this process's next build, and the lock that guards handing it out.
_kept: Driver | None = None
_lock = threading.Lock()


class Driver:
    """One driver process: warm for some stages, answering one line per build."""

    def __init__(self, pairs: list[str], env: dict[str, str], cwd: Path):
        self.env = env
        self.busy = True
        # its own messages (the word list loading, a traceback): a file, so that a long-lived driver never blocks
        self.errors = tempfile.TemporaryFile("w+", encoding="utf-8")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "zjbook.pipeline.jupyter_book_driver", *pairs],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.errors,
            text=True,
            cwd=cwd,
            env=env,
        )

    def alive(self) -> bool:
        return self.proc.poll() is None

    def send(self, request) -> bool:
        """Write one request line; False when the driver is gone."""
        try:
            assert self.proc.stdin is not None
            self.proc.stdin.write(json.dumps(request) + "\n")
            self.proc.stdin.flush()
        except (OSError, ValueError):
            return False
        return True

    def answer(self, timeout: float) -> str | None:
        """The next line the driver writes ("" when it ended without one), or None after ``timeout`` seconds."""
        assert self.proc.stdout is not None
        ready, _, _ = select.select([self.proc.stdout], [], [], timeout)
        return self.proc.stdout.readline() if ready else None

    def last_error(self) -> str:
        """The last line of what the driver wrote on its standard error, or its exit status."""
        code = self.proc.wait()
        self.errors.seek(0)
        lines = [line for line in self.errors.read().splitlines() if line.strip()]
        return lines[-1] if lines else f"exit {code}"

    def stop(self) -> None:
        """End the driver at once (an idle one has nothing to finish: its children are done and waited for) and
        wait for it, so that its CPU time counts as this process's children's."""
        if self.alive():
            self.proc.kill()
        self.proc.wait()
        for stream in (self.proc.stdin, self.proc.stdout, self.errors):
            try:
                if stream is not None:
                    stream.close()
            except OSError:
                pass


def take(pairs: list[str], env: dict[str, str], cwd: Path) -> Driver:
    """A driver warming up for ``pairs`` (stage, language, …): the kept one when it can serve, else a new one,
    which is kept for the next build."""
    global _kept
    with _lock:
        kept = _kept
        if kept is not None and not kept.busy and kept.alive() and kept.env == env and kept.send({"warm": pairs}):
            kept.busy = True
            return kept
        if kept is not None and kept.busy and kept.alive():
            return Driver(pairs, env, cwd)  # another build of this process is using it: this one gets its own
        if kept is not None:
            kept.stop()
        _kept = Driver(pairs, env, cwd)
        return _kept


@atexit.register
def close() -> None:
    """End the kept driver (when the process ends: it would end with it anyway, unwaited). Killed, not asked to
    finish: a Python that imported Sphinx and the word list takes most of a second to tear itself down."""
    global _kept
    with _lock:
        kept, _kept = _kept, None
    if kept is not None:
        kept.stop()


def give_back(driver: Driver) -> None:
    """The build is done with ``driver``: keep it for the next one if it is the kept one, else end it."""
    with _lock:
        if driver is _kept and driver.alive():
            driver.busy = False
            return
    driver.stop()
