"""``python -m zjbook``: every command is listed; known errors print one line and an exit code; a bug
shows its traceback; Ctrl-C, even while the command line is still being imported, prints one line
and exits 130; nothing in the package imports the command line."""

from __future__ import annotations

import ast
import dataclasses
import importlib
import re
import shutil
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from zjbook import cli, paths
from zjbook.data.validate import DataError
from zjbook.pipeline.build import own_code_first
from zjbook.pipeline.publishing import BuildInterrupted

COMMANDS = (
    "validate",
    "normalize",
    "build",
    "pdf",
    "screenshots",
    "ensure-browser",
    "new-year",
    "extract",
    "bench",
    "workbook",
    "import-workbook",
    "confirm",
    "release",
    "books",
    "serve",
    "ensure-font",
)


def python(code: str) -> subprocess.CompletedProcess:
    """Run ``code`` in a fresh interpreter (from the repository, as make does)."""
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, cwd=paths.ROOT, timeout=120
    )


def raising(error: BaseException):
    def handler(*_args, **_kwargs):
        raise error

    return handler


@pytest.fixture
def patch_command(monkeypatch):
    """Make a command's function raise ``error``; ``validate`` unless told otherwise."""

    def patch(error: BaseException, name: str = "validate") -> None:
        monkeypatch.setitem(cli.COMMANDS, name, dataclasses.replace(cli.COMMANDS[name], handler=raising(error)))

    return patch


def test_help_lists_every_command(capsys):
    with pytest.raises(SystemExit) as done:
        cli.main(["--help"])
    out = capsys.readouterr().out
    assert done.value.code == 0
    assert tuple(cli.COMMANDS) == COMMANDS
    listed = [m.group(1) for m in re.finditer(r"^ {4}([a-z-]+)(?= |$)", out, re.M)]
    assert listed == list(COMMANDS)


@pytest.mark.parametrize("name", COMMANDS)
def test_each_command_has_help(name, capsys):
    with pytest.raises(SystemExit) as done:
        cli.main([name, "--help"])
    assert done.value.code == 0 and f"usage: python -m zjbook {name}" in capsys.readouterr().out


def test_options_keep_their_names_and_defaults():
    args = cli.build_parser().parse_args(["extract", "--year", "2015", "--source", "r.txt"])
    assert (args.year, args.source, args.source_year, args.data_root, args.out) == (
        2015,
        "r.txt",
        2014,
        None,
        str(paths.BUILD),
    )
    args = cli.build_parser().parse_args(["build", "--no-cache", "--wait", "--langs", "zh"])
    # the build checks the fonts itself, after telling in a fraction of a second that nothing changed
    assert (args.year, args.no_cache, args.wait, args.langs, args.force, args.jobs, args.font) == (
        2014,
        True,
        True,
        "zh",
        False,
        None,
        False,
    )
    assert cli.build_parser().parse_args(["release"]).font
    assert cli.build_parser().parse_args(["new-year", "--year", "2015", "--from", "2013"]).source == 2013
    assert not cli.build_parser().parse_args(["validate"]).font


def test_a_bad_year_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as done:
        cli.main(["validate", "--year", "15"])
    assert done.value.code == 2 and "年份应为四位数字" in capsys.readouterr().err


@pytest.mark.parametrize("name", cli.USER_ERRORS)
def test_every_known_error_names_an_exception_class(name):
    module, _, cls = name.rpartition(".")
    known = getattr(importlib.import_module(module), cls)
    assert isinstance(known, type) and issubclass(known, Exception)


@pytest.mark.parametrize("name", [n for n in cli.USER_ERRORS if not n.endswith(".DataError")])
def test_a_known_error_prints_its_line_and_exits_1(name, patch_command, capsys):
    module, _, cls = name.rpartition(".")
    patch_command(getattr(importlib.import_module(module), cls)("一行说明：怎样改"))
    assert cli.main(["validate"]) == 1
    out, err = capsys.readouterr()
    assert err == "一行说明：怎样改\n" and out == ""


def test_bad_data_prints_every_problem_and_exits_1(patch_command, capsys):
    patch_command(DataError("data/2014/zizhu_figures.csv", "不是数字：“很多”", 3, "value"))
    assert cli.main(["validate"]) == 1
    err = capsys.readouterr().err
    assert "zizhu_figures.csv" in err and "很多" in err and "共 1 个错误" in err and "Traceback" not in err


def test_an_unexpected_error_keeps_its_traceback(patch_command):
    patch_command(FileNotFoundError(2, "No such file or directory", "a/file/the/code/got/wrong"))
    with pytest.raises(FileNotFoundError):
        cli.main(["validate"])


def test_an_unexpected_error_shows_its_traceback_on_the_command_line():
    proc = python("""
        import dataclasses, runpy, sys
        from zjbook import cli
        def boom(args):
            raise FileNotFoundError(2, "No such file or directory", "a/file/the/code/got/wrong")
        cli.COMMANDS["validate"] = dataclasses.replace(cli.COMMANDS["validate"], handler=boom)
        sys.argv = ["zjbook", "validate"]
        runpy.run_module("zjbook", run_name="__main__", alter_sys=True)
    """)
    assert proc.returncode == 1
    assert "Traceback (most recent call last)" in proc.stderr and "in boom" in proc.stderr
    assert proc.stderr.rstrip().splitlines()[-1].startswith("FileNotFoundError: [Errno 2]")


@pytest.mark.parametrize(
    "error, code",
    [(KeyboardInterrupt(), 130), (BuildInterrupted(signal.SIGINT), 130), (BuildInterrupted(signal.SIGTERM), 143)],
)
def test_an_interruption_prints_one_line(error, code, patch_command, capsys):
    patch_command(error)
    assert cli.main(["validate"]) == code
    assert capsys.readouterr().err == cli.INTERRUPTED + "\n"


def test_ctrl_c_while_making_sure_of_the_font(monkeypatch, capsys):
    from zjbook.render import fonts

    monkeypatch.setattr(fonts, "ensure_font", raising(KeyboardInterrupt()))
    assert cli.main(["ensure-font"]) == 130
    assert capsys.readouterr().err == cli.INTERRUPTED + "\n"


def test_ctrl_c_wrapped_by_an_import_is_still_one_line(monkeypatch, capsys):
    """Ctrl-C while matplotlib is being imported for the font: Python reports it as a RuntimeError raised while
    handling the KeyboardInterrupt (``__set_name__``). Still an interruption, one line, status 130; any other
    RuntimeError keeps its traceback."""
    from zjbook.render import fonts

    def wrapped():
        try:
            raise KeyboardInterrupt
        except KeyboardInterrupt as e:
            raise RuntimeError("Error calling __set_name__ on 'deprecate_privatize_attribute' instance") from e

    monkeypatch.setattr(fonts, "ensure_font", wrapped)
    assert cli.main(["ensure-font"]) == 130
    assert capsys.readouterr().err == cli.INTERRUPTED + "\n"
    monkeypatch.setattr(fonts, "ensure_font", raising(RuntimeError("a bug")))
    with pytest.raises(RuntimeError, match="a bug"):
        cli.main(["ensure-font"])


def test_ctrl_c_while_the_command_line_is_imported():
    """The interruption is raised by the import system while ``__main__`` imports the command line."""
    proc = python("""
        import runpy, sys
        class CtrlC:
            def find_spec(self, name, path=None, target=None):
                if name == "zjbook.data.extract":
                    raise KeyboardInterrupt
        sys.meta_path.insert(0, CtrlC())
        sys.argv = ["zjbook", "validate"]
        runpy.run_module("zjbook", run_name="__main__", alter_sys=True)
    """)
    assert (proc.returncode, proc.stderr, proc.stdout) == (130, cli.INTERRUPTED + "\n", "")


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=lambda s: s.name)
def test_a_signal_while_the_command_line_creates_a_class_is_one_line(signum):
    """SIGTERM or Ctrl-C after ``__main__``'s imports, before a build handles it, while the command imports
    matplotlib (seen in a clean run: a build stopped 0.4 s in). Python wraps what the handler raises inside
    ``__set_name__`` in a RuntimeError; still one line and the conventional status, no traceback."""
    proc = python(f"""
        import os, runpy, signal, sys, time
        from zjbook.render import fonts
        def ensure_font():
            class Descriptor:
                def __set_name__(self, owner, name):
                    os.kill(os.getpid(), {int(signum)})
                    time.sleep(30)  # the handler runs here
            class Owner:
                attribute = Descriptor()
        fonts.ensure_font = ensure_font
        sys.argv = ["zjbook", "ensure-font"]
        runpy.run_module("zjbook", run_name="__main__", alter_sys=True)
    """)
    assert (proc.returncode, proc.stderr, proc.stdout) == (128 + signum, cli.INTERRUPTED + "\n", "")


#: Where a signal's exception is lost in the build's font check, as seen in clean runs 0.4 to 0.6 s into a build
#: (about once in fifty tries): a library swallows it (matplotlib turns an error while importing its 3-D axes into
#: a warning and goes on), or Python cannot raise it (the import system's module locks have a weakref callback;
#: Python prints "Exception ignored in …" and goes on). Each body sends SIGNUM to its own process.
LOST_SIGNAL = {
    "swallowed": """
        try:
            os.kill(os.getpid(), SIGNUM)
            time.sleep(30)  # the handler runs here
        except Exception:
            raise AssertionError("not reached: what the handler raises is no Exception")
        except BaseException:
            pass  # swallowed, as a wrapped error is
    """,
    "weakref-callback": """
        class Lock:
            pass
        def released(_):
            os.kill(os.getpid(), SIGNUM)
            time.sleep(30)  # the handler runs here
        lock = Lock()
        kept = weakref.ref(lock, released)
        del lock
    """,
}


@pytest.mark.parametrize("where", LOST_SIGNAL)
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=lambda s: s.name)
def test_a_signal_whose_exception_was_lost_still_stops_the_build(tmp_path, signum, where):
    """The signal is kept: the build does not begin, and only the one line is printed, with status 143 or 130."""
    check = textwrap.indent(textwrap.dedent(LOST_SIGNAL[where]).replace("SIGNUM", str(int(signum))), " " * 4)
    code = textwrap.dedent(f"""
        import os, runpy, signal, sys, time, weakref
        from zjbook.render import fonts
        def ensure_font():
        {{check}}
        fonts.ensure_font = ensure_font
        sys.argv = ["zjbook", "build", "--year", "2014", "--out", {str(tmp_path)!r}, "--langs", "zh", "--force"]
        runpy.run_module("zjbook", run_name="__main__", alter_sys=True)
    """).replace("{check}", check.strip("\n"))
    proc = python(code)
    assert (proc.returncode, proc.stderr, proc.stdout) == (128 + signum, cli.INTERRUPTED + "\n", "")
    assert not (tmp_path / "2014").exists()


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=lambda s: s.name)
def test_a_signal_that_a_quick_command_swallowed_is_still_said(signum):
    """A command that has no build to stop runs to its end, then exits as interrupted, with the line."""
    proc = python(f"""
        import os, runpy, signal, sys, time
        from zjbook import cli
        def swallowing():
            try:
                os.kill(os.getpid(), {int(signum)})
                time.sleep(30)
            except BaseException:
                print("went on")
        cli.ensure_chromium = swallowing
        sys.argv = ["zjbook", "ensure-browser"]
        runpy.run_module("zjbook", run_name="__main__", alter_sys=True)
    """)
    assert (proc.returncode, proc.stderr, proc.stdout) == (128 + signum, cli.INTERRUPTED + "\n", "went on\n")


def test_a_refusal_of_the_command_line_itself_is_one_line():
    proc = subprocess.run(
        [sys.executable, "-m", "zjbook", "screenshots", "--year", "1999"],
        capture_output=True,
        text=True,
        cwd=paths.ROOT,
        timeout=120,
    )
    assert (proc.returncode, proc.stderr) == (1, "还没有构建 1999 年版：先运行 make book YEAR=1999\n")


def test_a_quick_command_does_not_import_the_build():
    proc = python("""
        import sys
        from zjbook import cli
        cli.main(["new-year", "--year", "2014"])   # refused at once: the folder exists
        print(sorted(m for m in ("pandas", "matplotlib", "sphinx", "zjbook.pipeline.build") if m in sys.modules))
    """)
    assert proc.stdout.strip() == "[]" and "已存在" in proc.stderr


def test_nothing_in_the_package_imports_the_command_line():
    package = Path(cli.__file__).parent
    importers = []
    for path in package.rglob("*.py"):
        if path.name == "__main__.py" or path == Path(cli.__file__):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            # Only the package's own modules count: jupyter_book.cli is not ours.
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [
                    ("zjbook." if node.level else "") + (f"{node.module}.{a.name}" if node.module else a.name)
                    for a in node.names
                ]
                if isinstance(node, ast.ImportFrom)
                else []
            )
            ours = [n for n in names if n.startswith("zjbook.")]
            if any(n.split(".")[-1] == "cli" or ".cli." in f".{n}." for n in ours):
                importers.append(str(path.relative_to(package)))
    assert importers == []


def test_nothing_changed_is_said_without_the_build(edition_2014, tmp_path):
    """``make book`` on an edition whose inputs are unchanged answers from its stamp: no pandas, no matplotlib."""
    out = tmp_path / "out"
    shutil.copytree(edition_2014.parent, out / "2014", symlinks=True)
    proc = python(f"""
        import sys
        from zjbook import cli
        code = cli.main(["build", "--year", "2014", "--out", {str(out)!r}])
        print(code, sorted(m for m in ("pandas", "matplotlib", "sphinx", "zjbook.pipeline.build") if m in sys.modules))
    """)
    assert proc.stdout.strip().splitlines()[-1] == "0 []", proc.stdout + proc.stderr
    assert "已是最新" in proc.stdout


def test_jupyter_books_child_imports_this_checkouts_code(tmp_path, monkeypatch):
    """The Jupyter Book driver starts in the staging folder with ``python -m``: it must import the zjbook of the
    checkout that builds, not whichever one an editable install shared by several clones points at (here: another
    checkout already on the inherited path)."""
    other = tmp_path / "other-checkout"
    (other / "zjbook").mkdir(parents=True)
    (other / "zjbook" / "__init__.py").write_text("", encoding="utf-8")
    monkeypatch.setenv("PYTHONPATH", str(other))
    proc = subprocess.run(
        [sys.executable, "-c", "import zjbook; print(zjbook.__file__)"],
        cwd=tmp_path,
        env=own_code_first(),
        capture_output=True,
        text=True,
        check=True,
    )
    assert Path(proc.stdout.strip()).resolve() == (paths.ROOT / "zjbook" / "__init__.py").resolve()
