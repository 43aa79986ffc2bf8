"""Arguments stay arguments: what a user gives make (YEAR, FILE, SOURCE, KEY, PORT, LANGS …) reaches
``python -m zjbook`` as one argument, exactly as typed, and the program refuses a bad one in one line.
No option and no shell command can be smuggled in through them."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys

import pytest

from zjbook import cli, languages, paths

ROOT = paths.ROOT
#: Values that try to smuggle an option, a shell command or a make function through a variable.
HOSTILE = {
    "option": "2014 --out elsewhere",
    "quote": "x'; touch {canary}; echo '",
    "double-quote": 'x"; touch {canary}; echo "',
    "substitution": "$(touch {canary})",
    "backticks": "`touch {canary}`",
    "make-function": "$(shell touch {canary})",
    "leading-dash": "--out={canary}",
}


def make(*args: str, dry: bool, stamp) -> subprocess.CompletedProcess:
    """``make`` in the project with the dependency stamp given fresh: nothing is installed, ever."""
    env = {k: v for k, v in os.environ.items() if k not in ("YEAR", "FILE", "SOURCE", "KEY", "PORT", "LANGS")}
    command = ["make", *(["-n"] if dry else []), *args, f"STAMP={stamp}"]
    return subprocess.run(command, capture_output=True, text=True, cwd=ROOT, env=env, timeout=120)


@pytest.fixture
def stamp(tmp_path):
    path = tmp_path / "installed"
    path.touch()  # newer than requirements.txt and pyproject.toml: the setup rule has nothing to do
    assert all(path.stat().st_mtime >= (ROOT / f).stat().st_mtime for f in ("requirements.txt", "pyproject.toml"))
    return path


def commands(dry_run: str) -> list[list[str]]:
    """The zjbook commands of a dry run, each split as the shell splits it."""
    return [shlex.split(line)[2:] for line in dry_run.replace("\\\n", " ").splitlines() if " -m zjbook " in line]


@pytest.mark.parametrize(
    "target, variable, option",
    [
        ("validate", "YEAR", "--year"),
        ("book", "YEAR", "--year"),
        ("book", "LANGS", "--langs"),
        ("serve", "PORT", "--port"),
        ("serve", "LANGS", "--lang"),
        ("new-year", "FROM", "--from"),
        ("import-workbook", "FILE", "--file"),
        ("extract", "SOURCE", "--source"),
        ("confirm", "FILE", "--file"),
        ("confirm", "KEY", "--key"),
        ("confirm", "WARNING", "--warning"),
        ("confirm", "NOTE", "--note"),
        ("release", "LANGS", "--langs"),
        ("pdf", "YEAR", "--year"),
    ],
)
@pytest.mark.parametrize("kind", HOSTILE)
def test_each_variable_reaches_the_program_as_one_argument(tmp_path, stamp, target, variable, option, kind):
    canary = tmp_path / "smuggled"
    value = HOSTILE[kind].format(canary=canary)
    required = {"import-workbook": ["FILE=w.xlsx"], "extract": ["SOURCE=r.txt"]}.get(target, [])
    proc = make(target, *required, f"{variable}={value}", dry=True, stamp=stamp)
    assert proc.returncode == 0, proc.stderr
    [argv] = [c for c in commands(proc.stdout) if c[1] != "ensure-font"]
    assert f"{option}={value}" in argv, argv  # one argument, exactly as typed
    assert not any(a.startswith("--out") for a in argv)
    assert not canary.exists()


def test_defaults_still_reach_the_program(stamp):
    [argv] = commands(make("new-year", dry=True, stamp=stamp).stdout)
    assert argv == ["zjbook", "new-year", "--year=2014", "--from=2014"]
    argv = [c for c in commands(make("book", "FORCE=1", "LANGS=zh", dry=True, stamp=stamp).stdout) if "build" in c]
    assert argv == [["zjbook", "build", "--year=2014", "--force", "--langs=zh"]]


@pytest.mark.parametrize(
    "args, words",
    [
        (
            ["validate", "YEAR=2014 --out elsewhere"],
            "--year：年份应为四位数字（如 2014），而不是 '2014 --out elsewhere'",
        ),
        (["book", "YEAR=2014 --out elsewhere"], "--year：年份应为四位数字（如 2014），而不是 '2014 --out elsewhere'"),
        (["validate", "YEAR=٢٠١٤"], "--year：年份应为四位数字"),
        (["validate", "YEAR=02014"], "--year：年份应为四位数字"),
        (["serve", "PORT=8000; touch {canary}"], "--port：端口应为 1～65535 的整数"),
        (["serve", "LANGS=en --out x"], "--lang：没有这种语言"),
        # a code no registry will hold: a real language would make this a real build of the checkout
        (["book", "LANGS=zz"], f"--langs：没有这种语言：'zz'（可选：{'、'.join(languages.codes())}，以逗号分隔）"),
        (["new-year", "YEAR=2099", "FROM=2014 --data-root /"], "--from：年份应为四位数字"),
    ],
)
def test_a_bad_value_is_refused_in_one_line(tmp_path, stamp, args, words):
    canary = tmp_path / "smuggled"
    proc = make(*[a.format(canary=canary) for a in args], dry=False, stamp=stamp)
    ours = [line for line in proc.stderr.splitlines() if not line.startswith("make")]
    assert proc.returncode != 0 and len(ours) == 1, proc.stderr
    assert ours[0].startswith("python -m zjbook ") and words in ours[0] and ours[0].endswith("--help）")
    assert "Traceback" not in proc.stderr and not canary.exists()
    assert not (ROOT / "elsewhere").exists() and not (paths.DATA / "2099").exists()


def test_a_quote_in_file_never_reaches_the_shell(tmp_path, stamp):
    canary = tmp_path / "smuggled"
    name = f"x'; touch {canary}; echo '"
    proc = make("import-workbook", "YEAR=2014", f"FILE={name}", dry=False, stamp=stamp)
    assert proc.returncode != 0 and not canary.exists()
    assert f"找不到工作簿 {name}" in proc.stderr  # the whole value is the file's name


def test_a_make_function_in_a_value_is_not_run(tmp_path, stamp):
    canary = tmp_path / "smuggled"
    proc = make("confirm", "YEAR=2014", f"KEY=$(shell touch {canary})", "FILE=themes.csv", dry=True, stamp=stamp)
    assert proc.returncode == 0 and not canary.exists()
    assert f"--key=$(shell touch {canary})" in commands(proc.stdout)[0]


def test_a_missing_file_or_source_is_said_by_make(stamp):
    proc = make("import-workbook", dry=False, stamp=stamp)
    assert proc.returncode != 0 and "请用 FILE=… 指定要导入的工作簿（.xlsx）" in proc.stderr
    proc = make("extract", "YEAR=2099", dry=False, stamp=stamp)
    assert proc.returncode != 0 and "请给出报告文本" in proc.stderr and not (paths.DATA / "2099").exists()


@pytest.mark.parametrize(
    "argv, words",
    [
        (["validate", "--year", "2014 --out elsewhere"], "年份应为四位数字"),
        (["validate", "--year", "２０１４"], "年份应为四位数字"),
        (["serve", "--port", "0"], "端口应为 1～65535 的整数"),
        (["serve", "--port", "٨٠٠٠"], "端口应为 1～65535 的整数"),
        (["build", "--jobs", "-1"], "进程数应为 1～256 的整数"),
        (["build", "--langs", "zh;rm"], "没有这种语言"),
        (["validate", "--nonsense"], "unrecognized arguments: --nonsense"),
    ],
)
def test_the_program_refuses_in_one_line(capsys, argv, words):
    with pytest.raises(SystemExit) as done:
        cli.main(argv)
    err = capsys.readouterr().err
    assert done.value.code == 2 and err.count("\n") == 1 and words in err and "usage:" not in err


def test_a_python_without_make_gets_the_same_refusal():
    proc = subprocess.run(
        [sys.executable, "-m", "zjbook", "build", "--year=2014 --out elsewhere"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1 and "年份应为四位数字" in proc.stderr


@pytest.mark.parametrize("variable", ["YEAR", "FILE", "KEY"])
def test_a_line_break_in_a_value_is_refused_by_make(tmp_path, stamp, variable):
    """A line break would split the recipe into two shell commands: make stops before running either."""
    canary = tmp_path / "smuggled"
    proc = make("confirm", "FILE=themes.csv", f"{variable}=x'\ntouch {canary} #", dry=False, stamp=stamp)
    assert proc.returncode != 0 and not canary.exists()
    assert f"{variable} 的值含换行：每个值只能写在一行里" in proc.stderr and proc.stderr.count("\n") == 1


@pytest.mark.parametrize("target", ["help", "validate"])
@pytest.mark.parametrize("variable", ["YEAR", "FILE", "KEY", "LANGS"])
def test_a_make_function_on_the_command_line_is_not_run_by_a_recipe(tmp_path, stamp, target, variable):
    """make exports command-line variables to its recipes, expanding them: unexported, nothing runs."""
    canary = tmp_path / "smuggled"
    make(target, f"{variable}=$(shell touch {canary})", dry=False, stamp=stamp)
    assert not canary.exists()
