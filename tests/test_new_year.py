"""make new-year and make extract build the new folder aside: a failure midway leaves nothing, a retry works.

Failures are injected with monkeypatch into a late step (after the copy, while the tables are being
rewritten), so a half-made folder would exist if the folder were built in place.
"""

from __future__ import annotations

import errno
import shutil
from pathlib import Path

import pytest
from conftest import DATA_2014

from zjbook import cli
from zjbook.data import extract as extract_module
from zjbook.data import newyear
from zjbook.data.newyear import NewYearError, new_year

REPORT = Path(__file__).parent / "fixtures" / "reports" / "zhangjiang_declines.txt"


@pytest.fixture
def root(tmp_path) -> Path:
    shutil.copytree(DATA_2014, tmp_path / "data" / "2014")
    return tmp_path / "data"


def disk_full(*_args, **_kwargs):
    raise OSError(errno.ENOSPC, "No space left on device", "review.csv")


def entries(folder: Path) -> list[str]:
    """Everything in a folder, hidden names too (a leftover work folder would show here)."""
    return sorted(p.name for p in folder.iterdir())


def test_a_failure_midway_leaves_nothing_and_says_what_failed(root, monkeypatch):
    monkeypatch.setattr(newyear.review, "mark_carried_over", disk_full)
    with pytest.raises(NewYearError) as err:
        new_year(2030, 2014, root)
    message = str(err.value)
    assert "No space left on device" in message and "review.csv" in message and "没有留下任何文件" in message
    assert "\n" not in message
    assert entries(root) == ["2014"]
    monkeypatch.undo()
    todo = new_year(2030, 2014, root)  # the retry is not blocked by anything the failure left
    assert todo[0].startswith(f"已创建 {root / '2030'}")
    assert entries(root) == ["2014", "2030"]
    assert (root / "2030" / "review.csv").exists() and "year,2030" in (root / "2030" / "edition.csv").read_text()


@pytest.mark.parametrize("error", [RuntimeError("a bug"), KeyboardInterrupt()])
def test_a_bug_or_an_interruption_keeps_its_own_exception_and_leaves_nothing(root, monkeypatch, error):
    def fail(*_args, **_kwargs):
        raise error

    monkeypatch.setattr(newyear, "_blank_figure", fail)
    with pytest.raises(type(error)):
        new_year(2030, 2014, root)
    assert entries(root) == ["2014"]


def test_the_folder_appears_complete_or_not_at_all(root, monkeypatch):
    """While the tables are rewritten, data/<year> does not exist yet; the copy being rewritten is hidden."""
    seen = []
    real = newyear._rewrite

    def spy(path, change):
        seen.append((path.parent.parent.name, (root / "2030").exists()))
        real(path, change)

    monkeypatch.setattr(newyear, "_rewrite", spy)
    new_year(2030, 2014, root)
    assert seen and all(parent.startswith(".2030.new-") and not exists for parent, exists in seen)


def test_the_command_line_says_it_in_one_line(root, monkeypatch, capsys):
    monkeypatch.setattr(newyear.review, "mark_carried_over", disk_full)
    code = cli.main(["new-year", "--year", "2030", "--from", "2014", "--data-root", str(root)])
    err = capsys.readouterr().err
    assert code == 1 and err.count("\n") == 1 and "No space left on device" in err and "Traceback" not in err
    assert entries(root) == ["2014"]


def test_extract_failing_midway_leaves_no_folder_and_no_listing(root, tmp_path, monkeypatch):
    out = tmp_path / "_build"
    monkeypatch.setattr(extract_module, "_fill", disk_full)
    with pytest.raises(NewYearError):
        extract_module.extract(2031, REPORT, 2014, root, out)
    assert entries(root) == ["2014"] and not (out / "2031" / "extract-review.md").exists()
    monkeypatch.undo()
    lines = extract_module.extract(2031, REPORT, 2014, root, out)
    assert "找到 12/" in lines[1] and entries(root) == ["2014", "2031"]
    assert (out / "2031" / "extract-review.md").exists()
