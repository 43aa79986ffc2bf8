"""Every kind of problem says how to fix it."""

import pytest
from conftest import set_cell

from zjbook.data.validate import check_year

IND = "zhangjiang_indicators.csv"


def only_error(data_dir):
    result = check_year(data_dir)
    assert len(result.errors) == 1, [str(p) for p in result.errors]
    return result.errors[0]


@pytest.mark.parametrize(
    "file, row, column, value, message, fix",
    [
        (
            IND,
            "zj_total_revenue",
            "value",
            "约2.95",
            "“约2.95”不是数字",
            "把“约”写成 qualifier 列的 about，value 只写 2.95",
        ),
        (
            IND,
            "zj_total_revenue",
            "value",
            "2.95多",
            "不是数字",
            "把“多”写成 qualifier 列的 more_than，value 只写 2.95",
        ),
        (
            IND,
            "zj_export",
            "growth_pct",
            "近10",
            "不是数字",
            "把“近”写成 growth_qualifier 列的 nearly，growth_pct 只写 10",
        ),
        (IND, "zj_total_revenue", "growth_pct", "12.2%", "“12.2%”不是数字", "去掉 % 号，只写 12.2"),
        (IND, "zj_total_revenue", "value", "26,500", "不是数字", "去掉千位分隔符，写作 26500"),
        (IND, "zj_total_revenue", "value", "2.65万亿", "不是数字", "按 unit 列的单位换算后只写数字"),
        (IND, "zj_export", "value", "五百一十九", "不是数字", "用阿拉伯数字书写"),
        (IND, "zj_export", "value", "", "不能为空", "填写数值，以unit为单位"),
        (
            IND,
            "zj_export",
            "qualifier",
            "约",
            "“约”不在限定词表中",
            "“约”应写作 about；可用：exact（确数）、about（约数，报告写作“约…”）",
        ),
        (IND, "zj_export", "unit", "亿英镑", "不在单位表中", "可用：亿元（亿元人民币（10⁸元））、亿美元"),
        (IND, "zj_export", "basis", "yearly", "不在统计口径表中", "可用：flow（"),
        (
            IND,
            "zj_export",
            "period_end",
            "2014/11",
            "不是 YYYY-MM 格式的月份",
            "写作 YYYY-MM，如 2014-11；在 Excel 中把此列设为文本",
        ),
        (IND, "zj_export", "id", "ZJ Export", "“ZJ Export”不是合法的标识", "只用小写英文字母、数字和下划线"),
        (IND, "zj_export", "growth_pct", "5000", "超出上限 1000", "填写不大于 1000 的数"),
        (
            IND,
            "zj_export",
            "growth_qualifier",
            "",
            "有增长率时必须填写增长率的限定词",
            "填写 growth_qualifier（通常为 exact",
        ),
        (
            "events.csv",
            "zz_sjtu_agreement",
            "date",
            "2014/4/16",
            "不是 YYYY-MM-DD 格式的日期",
            "写作 YYYY-MM-DD，如 2014-04-16",
        ),
        ("district_figures.csv", "zb_cloud_firms", "subject", "闸南区", "未知的区县“闸南区”", "可用："),
        ("cases.csv", "lingang", "near_theme", "no_such_theme", "未知的引用“no_such_theme”", "可用："),
        ("zhangjiang_resources.csv", "zj_res_key_labs", "value", "36.5", "数值必须是整数", "填写整数"),
        ("edition.csv", "year", "value", "2015", "与文件夹名 2014 不符", "把 year 改为 2014"),
    ],
)
def test_each_problem_has_its_fix(data_copy, file, row, column, value, message, fix):
    line = set_cell(data_copy / file, row, column, value)
    p = only_error(data_copy)
    assert (p.path.name, p.line, p.column) == (file, line, column)
    assert message in p.message and fix in p.fix, (p.message, p.fix)


def test_unknown_district_fix_lists_the_districts(data_copy):
    set_cell(data_copy / "district_figures.csv", "zb_cloud_firms", "subject", "闸南区")
    fix = only_error(data_copy).fix
    assert "闸北区" in fix and "浦东新区" in fix


def test_misspelt_column_names_the_right_one(data_copy):
    path = data_copy / IND
    path.write_text(path.read_text(encoding="utf-8").replace(",qualifier,", ",qualifer,", 1), encoding="utf-8")
    p = only_error(data_copy)
    assert (p.line, p.column) == (1, "qualifier") and p.fix == "把表头中的“qualifer”改为 qualifier"


def test_unknown_file_suggests_the_known_name(data_copy):
    (data_copy / "events.csv").rename(data_copy / "Events.csv")
    p = only_error(data_copy)
    assert p.path.name == "Events.csv" and "是否应命名为 events.csv" in p.fix


@pytest.mark.parametrize("value", ["1_000", "+5", "0x10", "5.", ".5", "1e3"])
def test_numbers_are_plain_decimals(data_copy, value):
    line = set_cell(data_copy / IND, "zj_export", "value", value)
    found = [(p.line, p.column) for p in check_year(data_copy).errors]
    assert found == ([] if value in ("5.", ".5", "1e3") else [(line, "value")])


def test_data_error_survives_pickling(data_copy):
    import pickle

    from zjbook.data.validate import DataError, validate_year

    set_cell(data_copy / IND, "zj_export", "value", "x")
    set_cell(data_copy / IND, "zj_net_profit", "value", "y")
    with pytest.raises(DataError) as info:
        validate_year(data_copy)
    copy = pickle.loads(pickle.dumps(info.value))
    assert copy.problems == info.value.problems and str(copy) == str(info.value) and len(copy.problems) == 2
