"""CSV saved by Excel is read correctly; GBK/GB18030 is refused with the fix, and `normalize` converts it."""

import subprocess
import sys

from conftest import DATA_2014, set_cell

from zjbook.data.csvfile import normalize_cell
from zjbook.data.validate import check_year

IND = "zhangjiang_indicators.csv"


def run(*args):
    return subprocess.run([sys.executable, "-m", "zjbook", *args], capture_output=True, text=True)


def as_excel_utf8(path):
    """Re-save a file as Excel's "CSV UTF-8" does: BOM and CRLF."""
    text = path.read_text(encoding="utf-8")
    path.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))


def test_bom_crlf_and_full_width_are_accepted_and_normalised(data_copy):
    line = set_cell(data_copy / IND, "zj_total_revenue", "value", "２６５００")
    set_cell(data_copy / IND, "zj_total_revenue", "growth_pct", "１２．２")
    set_cell(data_copy / IND, "zj_total_revenue", "qualifier", "ｅｘａｃｔ")
    set_cell(data_copy / IND, "zj_total_revenue", "period_end", "２０１４－１１")
    set_cell(data_copy / IND, "zj_total_revenue", "indicator", "\u3000总收入\u00a0")
    set_cell(data_copy / IND, "zj_export", "growth_pct", "\u22121.5")  # a typographic minus sign
    set_cell(data_copy / "districts.csv", "黄浦区", "section", "４．２")
    set_cell(data_copy / "events.csv", "zz_sjtu_agreement", "date", "２０１４-０４-１６")
    for name in (IND, "districts.csv", "events.csv", "themes.csv"):
        as_excel_utf8(data_copy / name)
    result = check_year(data_copy)
    assert result.errors == [] and result.warnings == []
    frame = result.tables[IND]
    assert frame.attrs["lines"][0] == line
    row = frame.iloc[0]
    assert (row["value"], row["growth_pct"], row["qualifier"], row["period_end"], row["indicator"]) == (
        26500.0,
        12.2,
        "exact",
        "2014-11",
        "总收入",
    )
    assert frame.iloc[2]["growth_pct"] == -1.5
    assert result.tables["events.csv"].iloc[0]["date"] == "2014-04-16"
    assert set(result.tables["districts.csv"]["section"]) == {"4.2"}


def test_chinese_text_is_not_nfkc_normalised():
    assert normalize_cell("甲；乙（丙）１", "text") == "甲；乙（丙）１"
    assert normalize_cell("\u3000甲\u00a0乙\u200b ", "text") == "甲 乙"
    assert normalize_cell("１２．２", "number") == "12.2"


def test_gbk_is_refused_with_the_fix_and_normalize_converts_it(data_copy):
    path = data_copy / IND
    text = path.read_text(encoding="utf-8")
    path.write_bytes(text.replace("\n", "\r\n").encode("gb18030"))
    result = check_year(data_copy)
    assert [(p.path.name, p.line, p.column) for p in result.errors] == [(IND, 2, None)]
    p = result.errors[0]
    assert "不是 UTF-8 编码" in p.message and "GBK/GB18030" in p.message
    assert p.fix == "在 Excel 中另存为“CSV UTF-8（逗号分隔）”，或运行 make normalize YEAR=2014"

    proc = run("normalize", "--year", "2014", "--data-root", str(data_copy.parent))
    assert proc.returncode == 0 and "Traceback" not in proc.stderr
    assert proc.stdout.splitlines() == [f"{IND}：由 GBK/GB18030 转为 UTF-8；换行由 CRLF 改为 LF"]
    assert path.read_bytes() == (DATA_2014 / IND).read_bytes()
    assert check_year(data_copy).errors == []


def test_normalize_rewrites_cells_and_reports_them(data_copy):
    set_cell(data_copy / IND, "zj_export", "value", "５１９")
    as_excel_utf8(data_copy / IND)
    proc = run("normalize", "--year", "2014", "--data-root", str(data_copy.parent))
    assert proc.returncode == 0
    assert proc.stdout.splitlines() == [
        f"{IND}：去掉 BOM；换行由 CRLF 改为 LF；规范了 1 个单元格（第4行 value：“５１９”→“519”）"
    ]
    assert (data_copy / IND).read_bytes() == (DATA_2014 / IND).read_bytes()
    again = run("normalize", "--year", "2014", "--data-root", str(data_copy.parent))
    assert again.returncode == 0 and "已是规范格式，未做修改" in again.stdout


def test_normalize_is_all_or_nothing(data_copy):
    as_excel_utf8(data_copy / IND)
    before = (data_copy / IND).read_bytes()
    (data_copy / "events.csv").write_bytes(b"\xff\xfe\x00\x81\x30")  # neither UTF-8 nor GB18030
    proc = run("normalize", "--year", "2014", "--data-root", str(data_copy.parent))
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert proc.stderr.count("\n") == 1 and "events.csv" in proc.stderr and "未做任何修改" in proc.stderr
    assert (data_copy / IND).read_bytes() == before


def test_excel_workbook_saved_as_csv_is_named(data_copy):
    (data_copy / IND).write_bytes(b"PK\x03\x04rest-of-a-zip")
    p = check_year(data_copy).errors[0]
    assert p.path.name == IND and "Excel 工作簿" in p.message and "CSV UTF-8" in p.fix
