"""Only four ASCII digits name a year: ``①``, ``٢٠١٥`` (Arabic-Indic digits) and ``02014`` under data/ are no
editions, are said once as ignored, and change nothing about any edition."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest
from conftest import DATA_2014, warm_cache

from zjbook import paths
from zjbook.data.digest import listing_digest
from zjbook.data.edition import Edition, UnknownYear
from zjbook.data.validate import check_year
from zjbook.pipeline.build import build
from zjbook.pipeline.stamp import inputs_digest

ODD = ("①", "٢٠١٥", "02014")


def add_odd_folders(root):
    """Each odd name as a copy of the 2014 folder (so it would validate, were it a year), and a file named 2015."""
    for name in ODD:
        shutil.copytree(DATA_2014, root / name)
    (root / "2015").write_text("not a folder\n", encoding="utf-8")


@pytest.fixture
def root(tmp_path):
    root = tmp_path / "data"
    shutil.copytree(DATA_2014, root / "2014")
    return root


def test_only_ascii_four_digit_folders_are_years(root):
    add_odd_folders(root)
    assert paths.available_years(root) == [2014]
    assert sorted(p.name for p in paths.ignored_entries(root)) == sorted([*ODD, "2015"])
    assert not any(paths.is_year_name(n) for n in ODD)
    with pytest.raises(UnknownYear):
        Edition(2015, root)
    assert Edition(2014, root).year == 2014


def test_they_change_nothing_about_any_edition(root):
    """The edition's inputs (the build's stamp, the notebooks' list of years) are the same with and without them;
    the 2014 folder validates alone, with no earlier year to compare with."""
    before = inputs_digest(2014, root, str(root), ("zh", "en"), ())
    years = listing_digest(root)
    add_odd_folders(root)
    assert inputs_digest(2014, root, str(root), ("zh", "en"), ()) == before
    assert listing_digest(root) == years
    result = check_year(root / "2014", compare_previous=True)
    assert result.errors == [] and result.warnings == []


def test_validate_lists_them_once(root):
    add_odd_folders(root)
    proc = subprocess.run(
        [sys.executable, "-m", "zjbook", "validate", "--year", "2014", "--data-root", str(root)],
        capture_output=True,
        text=True,
        cwd=paths.ROOT,
    )
    assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr
    notes = [line for line in proc.stdout.splitlines() if "已忽略" in line]
    assert notes == [
        f"注意：{root} 下的 02014/、2015、٢٠١٥/、①/ 不是年份文件夹（年份是四位阿拉伯数字，如 2014），已忽略"
    ]
    assert f"数据校验通过：{root / '2014'}" in proc.stdout


def test_a_name_a_terminal_would_act_on_is_printed_as_escapes(root):
    """A folder name with a line break or an escape sequence (one that retitles the window and clears the screen)
    is printed escaped: the notice stays one line and sends the terminal nothing it would act on."""
    (root / "a\nb").mkdir()
    (root / "\x1b]0;pwned\x07\x1b[2J").mkdir()
    proc = subprocess.run(
        [sys.executable, "-m", "zjbook", "validate", "--year", "2014", "--data-root", str(root)],
        capture_output=True,
        text=True,
        cwd=paths.ROOT,
    )
    assert proc.returncode == 0, proc.stderr
    (note,) = [line for line in proc.stdout.splitlines() if "已忽略" in line]
    assert "a\\nb/" in note and "\\x1b]0;pwned\\x07\\x1b[2J/" in note
    assert "\x1b" not in proc.stdout and "\x07" not in proc.stdout


@pytest.mark.slow
def test_a_build_beside_them_works(root, tmp_path, edition_2014):
    add_odd_folders(root)
    lines: list[str] = []
    out = warm_cache(tmp_path / "out", edition_2014)  # its pages read no folder beside their own year's
    html = build(2014, data_root=root, out_root=out, report=lines.append, langs="zh")
    pages = html / "book" / "generated"
    assert (html / "index.html").is_file() and (pages / "zhangjiang_overview.html").is_file()
    assert not (pages / "comparison.html").exists()  # one year: no comparison page
    assert not any(name in line for line in lines for name in ODD)


def test_the_shared_divisions_registry_is_not_listed_as_ignored():
    """data/ holds the year folders and divisions.csv, shared by every edition: nothing to warn about."""
    assert paths.ignored_entries(paths.DATA) == []
