"""``python tests/phase_probe.py <phase> <zjbook arguments>``: the command line, with a line ``PHASE <phase>`` on
standard output when the build enters that phase (for tests/test_processes.py, which interrupts it there).

- ``validation``: before the data is read, which then waits a minute (an interruption must cut it short);
- ``notebooks``: before the notebooks run (the test then waits for the workers);
- ``jupyter-book``: when the notebooks are done and Jupyter Book is asked to build;
- ``swap``: before the new tree replaces the published one (its first swap, of html/), which then waits until the
  signal has arrived (at most a minute): the signal reaches the build while the swap defers it, never after.
"""

import os
import runpy
import signal
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # this checkout's zjbook, as ``python -m`` finds it

from zjbook.pipeline import build  # noqa: E402

phase = sys.argv[1]
sys.argv = ["zjbook", *sys.argv[2:]]


def mark() -> None:
    print(f"PHASE {phase}", flush=True)


def before(original, pause: float = 0.0):
    def marked(*args, **kwargs):
        mark()
        time.sleep(pause)
        return original(*args, **kwargs)

    return marked


def until_signalled(original, limit: float = 60.0):
    """``original`` marked and held, at its first call only, until SIGINT or SIGTERM has reached the handler in
    force (which still receives it: the build's own handling is unchanged), or ``limit`` seconds."""
    calls = []

    def marked(*args, **kwargs):
        if not calls:
            calls.append(1)
            arrived = []
            handlers = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM)}

            def noted(signum, frame):
                arrived.append(signum)
                handler = handlers[signum]
                if callable(handler):
                    handler(signum, frame)
                else:  # the default action, or none: as the signal would have had it
                    signal.signal(signum, handler)
                    os.kill(os.getpid(), signum)

            for s in handlers:
                signal.signal(s, noted)
            try:
                mark()
                end = time.monotonic() + limit
                while not arrived and time.monotonic() < end:
                    time.sleep(0.01)
            finally:
                for s, handler in handlers.items():
                    signal.signal(s, handler)
        return original(*args, **kwargs)

    return marked


if phase == "validation":
    build.Edition = before(build.Edition, 60)
elif phase == "notebooks":
    build.run_notebooks = before(build.run_notebooks)
elif phase == "jupyter-book":
    build.JupyterBooks.finish = before(build.JupyterBooks.finish)
elif phase == "swap":
    build.publish_dir = until_signalled(build.publish_dir)
else:
    raise SystemExit(f"no such phase: {phase}")

runpy.run_module("zjbook", run_name="__main__", alter_sys=True)
