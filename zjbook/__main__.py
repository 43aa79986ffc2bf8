"""``python -m zjbook``: the command line (:mod:`zjbook.cli`), run so that Ctrl-C at any moment prints one line.

Under ``make`` the process follows make (:func:`zjbook.pipeline.publishing.follow_make`): interrupting or
killing make alone stops it too.
"""

import atexit
import os
import signal
import sys


def _stopped_while_importing(signum, _frame):
    """SIGTERM while the command line is still being imported: one line, the conventional exit status, out at
    once. An exception raised here could surface wrapped in another (Python 3.11 turns one raised while a class
    is being created into a RuntimeError), and nothing needs cleaning up yet."""
    print("已中断。", file=sys.stderr, flush=True)
    os._exit(128 + signum)


def _stopped_early(signum, _frame):
    """SIGTERM after the imports, before the command line has set its own handling: one line, the conventional
    exit status."""
    print("已中断。", file=sys.stderr)
    sys.exit(128 + signum)


signal.signal(signal.SIGTERM, _stopped_while_importing)  # first of all: the imports below take a while


def _stopped_before_main(line: str) -> None:
    """Ctrl-C before the command line ran anything: one line, then out at once. Nothing needs cleaning up yet,
    and a half-imported module (a thread some extension started) could crash the interpreter's finalization
    ("Fatal Python error … finalizing"), so it is skipped."""
    print(line, file=sys.stderr, flush=True)
    sys.stdout.flush()
    os._exit(130)


try:
    from .cli import INTERRUPTED, main
    from .pipeline.publishing import follow_make
except KeyboardInterrupt:  # Ctrl-C while the command line is still being imported: the line cli.main prints
    _stopped_before_main("已中断。")
signal.signal(signal.SIGTERM, _stopped_early)

following = None
started = False
try:
    following = follow_make()
    started = True
    code = main()
except KeyboardInterrupt:  # between the imports and main's own handling, or after it
    if not started:
        _stopped_before_main(INTERRUPTED)
    code = 130
    print(INTERRUPTED, file=sys.stderr)
# Ending: no watcher's signal and no second Ctrl-C may interrupt it (or reach an interpreter shutting down).
signal.signal(signal.SIGINT, signal.SIG_IGN)
if following is not None:
    following.set()
if code == 130:
    # interrupted: the exit handlers run (the kept Jupyter Book driver is ended), then out without the interpreter's
    # finalization, which a thread an extension started can crash ("Fatal Python error … finalizing", seen in a clean
    # run with Ctrl-C 0.1 s into a build)
    atexit._run_exitfuncs()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
sys.exit(code)
