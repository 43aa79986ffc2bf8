"""One run lists every problem of a folder, grouped by file, each with where it is and how to fix it."""

import shutil
import subprocess
import sys

import pytest
from conftest import DATA_2014, set_cell

from zjbook.data.newyear import new_year
from zjbook.data.validate import DataError, check_year, validate_year

IND = "zhangjiang_indicators.csv"


def test_many_planted_errors_in_several_files_come_in_one_run(data_copy):
    d = data_copy
    planted = {
        (IND, set_cell(d / IND, "zj_total_revenue", "value", "约2.95"), "value"),
        (IND, set_cell(d / IND, "zj_export", "growth_pct", "12.2%"), "growth_pct"),
        (IND, set_cell(d / IND, "zj_net_profit", "qualifier", "约"), "qualifier"),
        (
            "zhangjiang_resources.csv",
            set_cell(d / "zhangjiang_resources.csv", "zj_res_key_labs", "value", "2,650"),
            "value",
        ),
        ("zizhu_figures.csv", set_cell(d / "zizhu_figures.csv", "zz_enterprises", "unit", "亿英镑"), "unit"),
        ("events.csv", set_cell(d / "events.csv", "zz_sjtu_agreement", "date", "2014/4/16"), "date"),
        (
            "district_figures.csv",
            set_cell(d / "district_figures.csv", "zb_cloud_firms", "subject", "闸南区"),
            "subject",
        ),
        ("cases.csv", set_cell(d / "cases.csv", "lingang", "near_theme", "no_such_theme"), "near_theme"),
        ("edition.csv", set_cell(d / "edition.csv", "report", "value", ""), "value"),
    }
    # a header no cell can be read under: its one header problem is listed and its cells are skipped
    items = d / "case_items.csv"
    items.write_text(items.read_text(encoding="utf-8").replace("case_id,kind,", "case_id,kinds,", 1), encoding="utf-8")
    planted.add(("case_items.csv", 1, "kind"))
    (d / "notes.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    planted.add(("notes.csv", None, None))
    (d / ".DS_Store").write_bytes(b"\x00\x01")

    result = check_year(d)
    assert result.tables is None
    assert {(p.path.name, p.line, p.column) for p in result.errors} == planted
    assert len(result.errors) == len(planted) == 11
    assert [(w.path.name, w.severity) for w in result.warnings] == [(".DS_Store", "warning")]
    assert all(p.fix for p in result.errors)

    with pytest.raises(DataError) as info:
        validate_year(d)
    err = info.value
    assert (err.path.name, err.line, err.column) == ("notes.csv", None, None)  # the folder listing comes first
    assert len(err.problems) == 11 and len(err.warnings) == 1
    lines = str(err).splitlines()
    assert lines[-1] == "共 11 个错误、1 个警告"
    assert sum(l.startswith("  错误：") for l in lines) == 11 and sum(l.startswith("  警告：") for l in lines) == 1
    headings = [l for l in lines if not l.startswith("  ")][:-1]
    assert [h.rsplit("/", 1)[-1] for h in headings] == [
        "notes.csv：",
        "edition.csv：",
        f"{IND}：",
        "zhangjiang_resources.csv：",
        "zizhu_figures.csv：",
        "district_figures.csv：",
        "events.csv：",
        "cases.csv：",
        "case_items.csv：",
        ".DS_Store：",
    ]  # warnings last
    # each problem sits under its own file's heading
    current = None
    for l in lines[:-1]:
        if not l.startswith("  "):
            current = l.rsplit("/", 1)[-1].removesuffix("：")
        else:
            assert l.split("：", 2)[1].startswith(current), (current, l)


def test_cli_lists_every_problem_grouped_with_a_count(data_copy):
    l1 = set_cell(data_copy / IND, "zj_export", "value", "abc")
    l2 = set_cell(data_copy / "zhangjiang_structure.csv", "zj_zones", "value", "")
    (data_copy / ".hidden.csv").write_text("x\n", encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "zjbook", "validate", "--year", "2014", "--data-root", str(data_copy.parent)],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 1 and proc.stdout == "" and "Traceback" not in proc.stderr
    lines = proc.stderr.splitlines()
    assert lines[0] == f"{data_copy / IND}：" and lines[1].startswith(
        f"  错误：{IND} 第{l1}行 列 value：“abc”不是数字。修改："
    )
    assert lines[2] == f"{data_copy / 'zhangjiang_structure.csv'}："
    assert lines[3].startswith(f"  错误：zhangjiang_structure.csv 第{l2}行 列 value：不能为空。修改：填写数值")
    assert lines[4] == f"{data_copy / '.hidden.csv'}：" and lines[5].startswith("  警告：.hidden.csv：隐藏文件")
    assert lines[6:] == ["共 2 个错误、1 个警告"]


def test_cli_with_only_warnings_passes_and_prints_them(data_copy):
    (data_copy / ".~lock.edition.csv#").write_text("x", encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "zjbook", "validate", "--year", "2014", "--data-root", str(data_copy.parent)],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0 and proc.stderr == ""
    lines = proc.stdout.splitlines()
    assert lines[1].startswith("  警告：.~lock.edition.csv#：隐藏文件") and lines[2] == "共 0 个错误、1 个警告"
    assert lines[3].startswith("数据校验通过：")


def test_workflow_file_is_ignored_silently(data_copy):
    (data_copy / "review.csv").write_text("file,key\n", encoding="utf-8")
    result = check_year(data_copy)
    assert result.errors == [] and result.warnings == [] and "review.csv" not in result.tables


def test_new_year_lists_every_blank_at_once(tmp_path):
    shutil.copytree(DATA_2014, tmp_path / "2014")
    new_year(2015, 2014, tmp_path)
    result = check_year(tmp_path / "2015")
    blanks = {(p.path.name, p.line, p.column) for p in result.errors}
    assert {p.message for p in result.errors} == {"不能为空"} and {c for _, _, c in blanks} == {"value"}
    expected = set()
    for file in (
        "zhangjiang_indicators.csv",
        "zhangjiang_structure.csv",
        "zhangjiang_resources.csv",
        "zizhu_figures.csv",
        "district_figures.csv",
    ):
        rows = (tmp_path / "2015" / file).read_text(encoding="utf-8").splitlines()
        expected |= {(file, i, "value") for i in range(2, len(rows) + 1)}
    # 28 figures in 2014; the forum attendance goes with the emptied events, so 27 blanks are left to fill
    assert blanks == expected and len(result.errors) == 27
