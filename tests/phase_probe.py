"""``python tests/phase_probe.py <phase> <zjbook arguments>``: the command line, with a line ``PHASE <phase>`` on
standard output when the build enters that phase (for tests/test_processes.py, which interrupts it there).

- ``validation``: before the data is read, which then waits a minute (an interruption must cut it short);
- ``notebooks``: before the notebooks run (the test then waits for the workers);
- ``jupyter-book``: when the notebooks are done and Jupyter Book is asked to build;
- ``swap``: before the new tree replaces the published one, which then waits 3 s.
"""

import runpy
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


if phase == "validation":
    build.Edition = before(build.Edition, 60)
elif phase == "notebooks":
    build.run_notebooks = before(build.run_notebooks)
elif phase == "jupyter-book":
    build.JupyterBooks.finish = before(build.JupyterBooks.finish)
elif phase == "swap":
    build.publish_dir = before(build.publish_dir, 3)
else:
    raise SystemExit(f"no such phase: {phase}")

runpy.run_module("zjbook", run_name="__main__", alter_sys=True)
