"""Bad data is refused before any notebook runs, each problem on one line naming file, line and column.

Each test plants one problem and checks it is the only one reported (no cascade of follow-on errors).
"""

import subprocess
import sys

import pytest
from conftest import set_cell

from zjbook.data.validate import DataError, validate_year

IND = "zhangjiang_indicators.csv"


def refuse(year_dir):
    with pytest.raises(DataError) as info:
        validate_year(year_dir)
    err = info.value
    assert len(err.problems) == 1, str(err)
    assert str(err).endswith("共 1 个错误、0 个警告")
    return err


@pytest.mark.parametrize(
    "row, column, value, reason",
    [
        ("zj_export", "value", "五百一十九", "不是数字"),
        ("zj_export", "value", "-519", "小于下限"),
        ("zj_export", "value", "inf", "不是有限的数值"),
        ("zj_export", "value", "nan", "不是有限的数值"),
        ("zj_export", "value", "", "不能为空"),
        ("zj_export", "unit", "亿英镑", "不在单位表中"),
        ("zj_export", "qualifier", "roughly", "不在限定词表中"),
        ("zj_export", "growth_pct", "5000", "超出上限"),
        ("zj_export", "growth_qualifier", "", "必须填写增长率的限定词"),
        ("zj_export", "period_end", "2014-13", "不是 YYYY-MM 格式的月份"),
        ("zj_export", "section", "9.9", "不在节号表中"),
    ],
)
def test_bad_cell_is_named(data_copy, row, column, value, reason):
    line = set_cell(data_copy / IND, row, column, value)
    err = refuse(data_copy)
    assert (err.path.name, err.line, err.column) == (IND, line, column)
    assert reason in str(err)
    first, problem, count = str(err).splitlines()
    assert first == f"{data_copy / IND}：" and count == "共 1 个错误、0 个警告"
    assert problem.startswith(f"  错误：{IND} 第{line}行 列 {column}：") and "。修改：" in problem


@pytest.mark.parametrize(
    "file, row, column, value, reason",
    [
        ("zhangjiang_resources.csv", "zj_res_hightech_firms", "value", "-2580", "小于下限 0"),  # negative count
        ("zhangjiang_resources.csv", "zj_res_key_labs", "value", "36.5", "整数"),  # fractional count
        ("events.csv", "zz_microsoft", "date", "2014-02-30", "不是 YYYY-MM-DD 格式的日期"),
        ("cases.csv", "lingang", "near_theme", "no_such_theme", "no_such_theme"),  # unknown reference
    ],
)
def test_bad_cell_in_other_files(data_copy, file, row, column, value, reason):
    line = set_cell(data_copy / file, row, column, value)
    err = refuse(data_copy)
    assert (err.path.name, err.line, err.column) == (file, line, column) and reason in str(err)


def test_duplicated_key(data_copy):
    path = data_copy / IND
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(lines + [lines[2]]) + "\n", encoding="utf-8")
    err = refuse(data_copy)
    assert (err.line, err.column) == (len(lines) + 1, "id") and "与第3行重复" in str(err)


def test_missing_required_row(data_copy):
    path = data_copy / IND
    lines = [l for l in path.read_text(encoding="utf-8").splitlines() if not l.startswith("zj_export,")]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert "缺少必需的行：id = zj_export" in str(refuse(data_copy))


def test_missing_column(data_copy):
    path = data_copy / IND
    text = path.read_text(encoding="utf-8").replace(",qualifier,", ",qualifer,", 1)
    path.write_text(text, encoding="utf-8")
    err = refuse(data_copy)
    assert (err.line, err.column) == (1, "qualifier") and "缺少列 qualifier" in str(err)


def test_empty_file(data_copy):
    (data_copy / IND).write_text("", encoding="utf-8")
    assert "文件为空" in str(refuse(data_copy))


def test_missing_file(data_copy):
    (data_copy / IND).unlink()
    err = refuse(data_copy)
    assert err.path.name == IND and "缺少文件" in str(err)


def test_not_utf8(data_copy):
    path = data_copy / IND
    path.write_bytes(path.read_text(encoding="utf-8").encode("gb18030"))
    err = refuse(data_copy)
    assert err.path.name == IND and "不是 UTF-8" in str(err) and err.line == 2


def test_unknown_district(data_copy):
    line = set_cell(data_copy / "district_figures.csv", "zb_cloud_firms", "subject", "闸南区")
    err = refuse(data_copy)
    assert (err.path.name, err.line, err.column) == ("district_figures.csv", line, "subject")
    assert "未知的区县“闸南区”" in str(err)


def test_part_larger_than_whole(data_copy):
    line = set_cell(data_copy / "zizhu_figures.csv", "zz_invention_patents", "value", "9999")
    err = refuse(data_copy)
    assert (err.line, err.column) == (line, "value") and "大于整体" in str(err)


def test_edition_year_must_match_folder(data_copy):
    set_cell(data_copy / "edition.csv", "year", "value", "2015")
    assert "与文件夹名 2014 不符" in str(refuse(data_copy))


def test_cli_prints_one_line_per_problem_and_no_traceback(data_copy):
    line = set_cell(data_copy / IND, "zj_export", "value", "abc")
    proc = subprocess.run(
        [sys.executable, "-m", "zjbook", "validate", "--year", "2014", "--data-root", str(data_copy.parent)],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 1 and proc.stdout == "" and "Traceback" not in proc.stderr
    assert proc.stderr.splitlines() == [
        f"{data_copy / IND}：",
        f"  错误：{IND} 第{line}行 列 value：“abc”不是数字。修改：只写阿拉伯数字（可带小数点和负号），不带单位、空格或其他文字"
        "（这一行：zj_export 出口创汇，亿美元）",
        "共 1 个错误、0 个警告",
    ]


def test_year_without_data_is_one_clear_line(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "zjbook", "validate", "--year", "2031", "--data-root", str(tmp_path)],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 1 and proc.stderr.count("\n") == 1
    assert "2031" in proc.stderr and "现有年份：无" in proc.stderr and "Traceback" not in proc.stderr


def test_figure_ids_are_unique_across_files(data_copy):
    set_cell(data_copy / "district_figures.csv", "zb_cloud_subparks", "id", "zj_export")
    err = refuse(data_copy)
    assert (
        err.path.name == "district_figures.csv"
        and err.column == "id"
        and "已在 zhangjiang_indicators.csv 中使用" in str(err)
    )


def test_period_outside_the_edition_year(data_copy):
    set_cell(data_copy / IND, "zj_export", "period_start", "2013-01")
    line = set_cell(data_copy / IND, "zj_export", "period_end", "2013-11")
    err = refuse(data_copy)
    assert (err.line, err.column) == (line, "period_end") and "不在本版次的年份 2014 内" in str(err)
