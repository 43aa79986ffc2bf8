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


def _stopped_while_ending(signum, _frame):
    """SIGTERM once the command has ended (its line is printed): out with the conventional status, quietly."""
    sys.exit(128 + signum)


signal.signal(signal.SIGTERM, _stopped_while_importing)  # first of all: the imports below take a while


def _stopped_before_main(line: str, code: int = 130) -> None:
    """Ctrl-C or SIGTERM before the command line ran anything: one line, then out at once. Nothing needs cleaning
    up yet, and a half-imported module (a thread some extension started) could crash the interpreter's
    finalization ("Fatal Python error … finalizing"), so it is skipped."""
    print(line, file=sys.stderr, flush=True)
    sys.stdout.flush()
    os._exit(code)


try:
    from .cli import INTERRUPTED, exit_code, main
    from .pipeline.publishing import BuildInterrupted, RaiseOnSignal, follow_make, kept_signals
except KeyboardInterrupt:  # Ctrl-C while the command line is still being imported: the line cli.main prints
    _stopped_before_main("已中断。")
# Ctrl-C and SIGTERM after the imports, before a build has set its own handling: raised (SIGTERM as the build's
# interruption), which cli.main turns into one line and the conventional exit status even when Python has wrapped
# it (the command line's own imports, matplotlib's for the font, can be creating a class then), and kept in case
# it was swallowed (matplotlib goes on after an error importing its 3-D axes).
stopped_early = RaiseOnSignal()
for _signal in (signal.SIGINT, signal.SIGTERM):
    signal.signal(_signal, stopped_early)


def _unless_interruption_kept(unraisable) -> None:
    """An interruption raised where Python cannot raise it (a weakref callback of the import system, a finalizer)
    is not reported when its handler kept the signal: the command stops on it with its one line."""
    if isinstance(unraisable.exc_value, (KeyboardInterrupt, BuildInterrupted)) and kept_signals():
        return
    sys.__unraisablehook__(unraisable)


sys.unraisablehook = _unless_interruption_kept

following = None
started = False
try:
    following = follow_make()
    started = True
    code = main()
except (KeyboardInterrupt, BuildInterrupted) as stopped:  # between the imports and main's handling, or after it
    code = exit_code(stopped) or 130
    if not started:
        _stopped_before_main(INTERRUPTED, code)
    print(INTERRUPTED, file=sys.stderr)
if code == 0 and stopped_early.received:  # an import swallowed it, and the command ran to its end: still said
    code = 128 + stopped_early.received[0]
    print(INTERRUPTED, file=sys.stderr)
# Ending: no watcher's signal and no second Ctrl-C may interrupt it (or reach an interpreter shutting down).
signal.signal(signal.SIGINT, signal.SIG_IGN)
signal.signal(signal.SIGTERM, _stopped_while_ending)
if following is not None:
    following.set()
if code in (128 + signal.SIGINT, 128 + signal.SIGTERM):
    # interrupted: the exit handlers run (the kept Jupyter Book driver is ended), then out without the interpreter's
    # finalization, which a thread an extension started can crash ("Fatal Python error … finalizing", seen in a clean
    # run with Ctrl-C 0.1 s into a build)
    atexit._run_exitfuncs()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
sys.exit(code)
