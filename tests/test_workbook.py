"""Excel in and out: the year's data as one workbook, edited as a user would, read back all or nothing."""

from __future__ import annotations

import csv
import datetime as dt
import os
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from conftest import DATA_2014
from openpyxl import load_workbook

from zjbook import cli
from zjbook.data import schema, workbook
from zjbook.data.workbook import (
    GUIDE_SHEET,
    LISTS_SHEET,
    WorkbookError,
    _sheet_names,
    import_workbook,
    number_text,
    read_workbook,
    write_workbook,
)

IND = "zhangjiang_indicators"


@pytest.fixture(scope="module")
def workbook_2014(tmp_path_factory) -> Path:
    """The workbook of data/2014, written once; tests that edit it work on a copy."""
    return write_workbook(2014, out_root=tmp_path_factory.mktemp("out"))


@pytest.fixture
def editable(workbook_2014, tmp_path) -> Path:
    dest = tmp_path / "edited.xlsx"
    shutil.copy(workbook_2014, dest)
    return dest


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def csv_row(path: Path, row_id: str) -> dict[str, str]:
    rows = list(csv.DictReader(path.read_text(encoding="utf-8").splitlines()))
    return next(r for r in rows if next(iter(r.values())) == row_id)


def find(ws, row_id: str, column: str):
    """The cell of a sheet in the row whose first cell is ``row_id`` and the column named ``column``."""
    header = [c.value for c in ws[1]]
    for row in ws.iter_rows(min_row=2):
        if row[0].value == row_id:
            return row[header.index(column)]
    raise KeyError(row_id)


def test_written_under_build_year_folder(workbook_2014):
    assert workbook_2014.name == "data-2014.xlsx" and workbook_2014.parent.name == "2014"


def test_round_trip_leaves_2014_byte_identical(workbook_2014, data_copy):
    before = snapshot(DATA_2014)
    lines = import_workbook(2014, workbook_2014, data_copy.parent)
    assert snapshot(data_copy) == before
    assert "更新 0 个文件" in lines[-1]
    assert sorted(p.name for p in data_copy.parent.iterdir()) == ["2014"]  # no staging folder left behind


def test_import_creates_a_missing_year_folder(workbook_2014, tmp_path):
    import_workbook(2014, workbook_2014, tmp_path / "data")
    present = {t.file for t in schema.TABLES if (DATA_2014 / t.file).exists()}
    assert snapshot(tmp_path / "data" / "2014") == {k: v for k, v in snapshot(DATA_2014).items() if k in present}


def test_one_sheet_per_table_with_notes_frozen_header_and_widths(workbook_2014):
    wb = load_workbook(workbook_2014)
    tables = [t for t in schema.TABLES if (DATA_2014 / t.file).exists()]
    assert wb.sheetnames == [GUIDE_SHEET] + [t.file.removesuffix(".csv") for t in tables] + [LISTS_SHEET]
    assert all(len(name) <= 31 for name in wb.sheetnames)
    assert wb[LISTS_SHEET].sheet_state == "hidden"
    assert "import-workbook" in "\n".join(str(c.value) for c in wb[GUIDE_SHEET]["A"] if c.value)
    for table in tables:
        ws = wb[table.file.removesuffix(".csv")]
        assert ws.freeze_panes == "A2"
        header = [c.value for c in ws[1]]
        with (DATA_2014 / table.file).open(encoding="utf-8") as f:
            assert header == next(csv.reader(f))
        for cell in ws[1]:
            assert cell.comment is not None and table.column(cell.value).description in cell.comment.text
    ws = wb[IND]
    header = [c.value for c in ws[1]]
    width = lambda name: ws.column_dimensions[chr(ord("A") + header.index(name))].width  # noqa: E731
    assert width("indicator") > width("unit") >= 8


def test_numbers_are_numbers_and_months_stay_text(workbook_2014):
    ws = load_workbook(workbook_2014)[IND]
    row = csv_row(DATA_2014 / f"{IND}.csv", "zj_total_revenue")
    value, growth = find(ws, "zj_total_revenue", "value"), find(ws, "zj_total_revenue", "growth_pct")
    assert isinstance(value.value, (int, float)) and number_text(value.value) == row["value"]
    assert isinstance(growth.value, (int, float)) and number_text(growth.value) == row["growth_pct"]
    end = find(ws, "zj_total_revenue", "period_end")
    assert end.value == row["period_end"] == "2014-11" and end.number_format == "@"
    assert find(ws, "zj_total_revenue", "section").value == "4.1"
    # new rows typed below the data get the text format from the column
    letter = end.column_letter
    assert ws.column_dimensions[letter].number_format == "@"
    events = load_workbook(workbook_2014)["events"]
    first = list(csv.DictReader((DATA_2014 / "events.csv").read_text(encoding="utf-8").splitlines()))[0]
    date = find(events, first["event_id"], "date")
    assert date.value == first["date"] and date.number_format == "@"


def _drop_down(wb, sheet: str, column: str) -> list[str]:
    """The values the drop-down of a column offers (read from the hidden lists sheet)."""
    ws = wb[sheet]
    letter = find(ws, ws["A2"].value, column).column_letter
    for dv in ws.data_validations.dataValidation:
        if dv.type == "list" and f"{letter}2" in dv.sqref and f"{letter}{ws.max_row + 100}" in dv.sqref:
            ref_sheet, cells = dv.formula1.split("!")
            lists = wb[ref_sheet.strip("'")]
            return [c.value for row in lists[cells.replace("$", "")] for c in row]
    raise AssertionError(f"{sheet}.{column} has no drop-down")


def test_drop_downs_for_vocabularies_and_districts(workbook_2014):
    wb = load_workbook(workbook_2014)
    assert _drop_down(wb, IND, "qualifier") == list(schema.QUALIFIERS)
    assert _drop_down(wb, IND, "growth_qualifier") == list(schema.QUALIFIERS)
    assert _drop_down(wb, IND, "unit") == list(schema.UNITS)
    assert _drop_down(wb, IND, "basis") == list(schema.BASIS)
    assert _drop_down(wb, IND, "section") == list(schema.SECTIONS)
    assert _drop_down(wb, "case_items", "kind") == list(schema.CASE_KINDS)
    districts = [
        r["district"] for r in csv.DictReader((DATA_2014 / "districts.csv").read_text(encoding="utf-8").splitlines())
    ]
    assert len(districts) > 10
    assert _drop_down(wb, "district_figures", "subject") == districts
    assert _drop_down(wb, "cases", "district") == districts
    assert _drop_down(wb, "collaborations", "district") == districts


@pytest.mark.parametrize(
    "number, text",
    [
        (26500.0, "26500"),
        (26500, "26500"),
        (24.45, "24.45"),
        (0.1 + 0.2, "0.3"),
        (1e16, "10000000000000000"),
        (1.5e-7, "0.00000015"),
        (-0.0, "0"),
        (-3.5, "-3.5"),
        (12.199999999999999, "12.2"),
    ],
)
def test_numbers_from_excel_are_written_as_csv_had_them(number, text):
    assert number_text(number) == text


def test_a_value_changed_in_excel_arrives_in_the_csv(editable, data_copy):
    wb = load_workbook(editable)
    ws = wb[IND]
    find(ws, "zj_export", "value").value = 612.5
    find(ws, "zj_export", "growth_pct").value = 0.1 + 0.2
    find(ws, "zj_export", "period_end").value = dt.datetime(2014, 11, 1)  # as if Excel had made it a date
    find(ws, "zj_export", "note").value = "  改过的说明 "
    find(ws, "zj_net_profit", "value").value = "２９５００"  # full-width digits typed as text
    wb.save(editable)
    before = snapshot(data_copy)
    lines = import_workbook(2014, editable, data_copy.parent)
    row = csv_row(data_copy / f"{IND}.csv", "zj_export")
    assert (row["value"], row["growth_pct"], row["period_end"], row["note"]) == (
        "612.5",
        "0.3",
        "2014-11",
        "改过的说明",
    )
    assert csv_row(data_copy / f"{IND}.csv", "zj_net_profit")["value"] == "29500"
    after = snapshot(data_copy)
    assert [f for f in after if after[f] != before[f]] == [f"{IND}.csv"]
    assert f"{IND}.csv" in lines[-1] and "更新 1 个文件" in lines[-1]


def test_a_text_starting_with_equals_stays_text(tmp_path):
    shutil.copytree(DATA_2014, tmp_path / "data" / "2014")
    facts = tmp_path / "data" / "2014" / "facts.csv"
    text = facts.read_text(encoding="utf-8")
    header, first = text.splitlines()[:2]
    facts.write_text(text.replace(first, first.replace(first.split(",")[3], "=SUM(A1:A2)", 1), 1), encoding="utf-8")
    path = write_workbook(2014, tmp_path / "data", tmp_path / "out")
    assert load_workbook(path)["facts"]["D2"].data_type == "s"
    copy = tmp_path / "copy" / "2014"
    shutil.copytree(tmp_path / "data" / "2014", copy)
    import_workbook(2014, path, copy.parent)
    assert (copy / "facts.csv").read_bytes() == facts.read_bytes()


def test_new_rows_and_blank_rows(editable, data_copy):
    wb = load_workbook(editable)
    ws = wb["theme_measures"]
    last = ws.max_row
    ws.cell(last + 2, 1, ws.cell(last, 1).value)  # one blank row left in between, as users do
    ws.cell(last + 2, 2, ws.cell(last, 2).value + 1)
    ws.cell(last + 2, 3, "新增的举措")
    ws.cell(last + 2, 4, "pilot")
    ws.cell(last + 2, 5, "4.1")
    ws.cell(last + 2, 6, ws.cell(last, 6).value)
    wb.save(editable)
    import_workbook(2014, editable, data_copy.parent)
    text = (data_copy / "theme_measures.csv").read_text(encoding="utf-8")
    assert text.endswith(",新增的举措,pilot,4.1," + ws.cell(last, 6).value + "\n")
    assert "\n\n" not in text and ",,,," not in text


def test_an_invalid_value_is_refused_and_the_folder_is_untouched(editable, data_copy, capsys):
    wb = load_workbook(editable)
    ws = wb[IND]
    cell = find(ws, "zj_export", "qualifier")
    cell.value = "约"
    find(ws, "zj_total_revenue", "value").value = 1  # a valid change that must not land either
    wb.save(editable)
    before = snapshot(data_copy)
    code = cli.main(
        ["import-workbook", "--year", "2014", "--file", str(editable), "--data-root", str(data_copy.parent)]
    )
    err = capsys.readouterr().err
    assert code == 1
    assert f"工作表 {IND}" in err and f"第{cell.row}行" in err and "qualifier" in err and "约" in err
    assert "Traceback" not in err and ".import-" not in err
    assert snapshot(data_copy) == before
    assert sorted(p.name for p in data_copy.parent.iterdir()) == ["2014"]


def test_unknown_sheets_are_ignored_with_a_warning(editable, data_copy):
    wb = load_workbook(editable)
    wb.create_sheet("我的草稿")["A1"] = "随手记"
    wb.save(editable)
    lines = import_workbook(2014, editable, data_copy.parent)
    assert any(line.startswith("警告") and "我的草稿" in line for line in lines)


def test_a_missing_optional_sheet_keeps_its_file(editable, data_copy):
    wb = load_workbook(editable)
    del wb["facts"]
    wb.save(editable)
    before = snapshot(data_copy)
    lines = import_workbook(2014, editable, data_copy.parent)
    assert any("facts" in line and "保留" in line for line in lines)
    assert snapshot(data_copy) == before


def test_a_missing_required_sheet_is_an_error(editable, data_copy):
    wb = load_workbook(editable)
    del wb["edition"]
    wb.save(editable)
    before = snapshot(data_copy)
    with pytest.raises(WorkbookError, match="缺少必需的工作表：edition"):
        import_workbook(2014, editable, data_copy.parent)
    assert snapshot(data_copy) == before


def test_not_a_workbook_is_one_line(tmp_path, data_copy, capsys):
    fake = tmp_path / "data.xlsx"
    fake.write_text("id,value\n", encoding="utf-8")
    code = cli.main(["import-workbook", "--year", "2014", "--file", str(fake), "--data-root", str(data_copy.parent)])
    err = capsys.readouterr().err.strip()
    assert code == 1 and "\n" not in err and "xlsx" in err


def test_cli_writes_the_workbook(tmp_path, capsys):
    assert cli.main(["workbook", "--year", "2014", "--out", str(tmp_path)]) == 0
    assert (tmp_path / "2014" / "data-2014.xlsx").is_file()
    assert "data-2014.xlsx" in capsys.readouterr().out


def test_a_rate_typed_in_a_percent_cell_is_read_as_shown(tmp_path):
    """In Excel, typing 12.2% stores 0.122 with a percent format: the analyst meant 12.2."""
    data = tmp_path / "data"
    shutil.copytree(DATA_2014, data / "2014")
    book = write_workbook(2014, data, tmp_path / "out")
    wb = load_workbook(book)
    ws = wb["zhangjiang_indicators"]
    header = [c.value for c in ws[1]]
    row = next(r for r in ws.iter_rows(min_row=2) if r[0].value == "zj_export")
    cell = row[header.index("growth_pct")]
    cell.value, cell.number_format = 0.095, "0.0%"
    wb.save(book)
    import_workbook(2014, book, data)
    text = (data / "2014" / "zhangjiang_indicators.csv").read_text(encoding="utf-8")
    line = next(l for l in text.splitlines() if l.startswith("zj_export,"))
    assert ",9.5,exact," in line


# --- limits checked before openpyxl reads anything ------------------------------------------------


def rezip(source: Path, dest: Path, member: str, change) -> Path:
    """A copy of the workbook ``source`` with one part's XML changed by ``change(bytes) -> bytes``."""
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            zout.writestr(info, change(data) if info.filename == member else data)
    return dest


def sheet_part(workbook: Path, title: str) -> str:
    with zipfile.ZipFile(workbook) as z:
        return {v: k for k, v in _sheet_names(z).items()}[title]


FAR_CELL = b'<row r="1048576"><c r="XFD1048576" t="n"><v>1</v></c></row></sheetData>'
ONE_WIDE_ROW = b'<row r="20">' + b"<c><v>1</v></c>" * 300 + b"</row></sheetData>"


@pytest.mark.parametrize(
    "change, words",
    [
        (
            lambda d: d.replace(b"</sheetData>", FAR_CELL),
            "的单元格占到 1,048,576 行 × 16,384 列，超过上限 10,000 行、200 列",
        ),
        (
            lambda d: re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:XFD1048576"', d),
            "声明的范围 A1:XFD1048576 为 1,048,576 行 × 16,384 列，超过上限",
        ),
        (lambda d: d.replace(b"</sheetData>", ONE_WIDE_ROW), "的单元格占到 20 行 × 300 列，超过上限"),
        (
            lambda d: d.replace(b"<worksheet", b'<!DOCTYPE w [<!ENTITY a "aaaaaaaaaa">]><worksheet', 1),
            "含 XML 文档类型或实体声明（<!DOCTYPE>、<!ENTITY>），Excel 工作簿中不会有；",
        ),
    ],
    ids=["one-far-cell", "declared-dimension", "cells-without-references", "entities"],
)
def test_a_sheet_larger_than_the_data_is_refused_before_openpyxl(
    editable, data_copy, monkeypatch, capsys, change, words
):
    bad = rezip(editable, editable.with_name("bad.xlsx"), sheet_part(editable, IND), change)
    before = snapshot(data_copy)
    monkeypatch.setattr(workbook, "load_workbook", lambda *a, **k: pytest.fail("openpyxl was asked to read it"))
    code = cli.main(["import-workbook", "--year", "2014", "--file", str(bad), "--data-root", str(data_copy.parent)])
    err = capsys.readouterr().err.strip()
    assert code == 1 and "\n" not in err, err
    assert err.startswith(f"工作簿 {bad} 中工作表“{IND}”") and words in err
    assert err.endswith(("请在 Excel 中选中数据以外的行和列并删除（不是清除内容），保存后再导入", "重新生成后填写"))
    assert snapshot(data_copy) == before


def test_a_sheet_at_its_limits_is_read(editable, monkeypatch):
    """The limits are the declared ones: lowered below a real sheet, that sheet is refused."""
    assert read_workbook(editable)[0]
    monkeypatch.setattr(workbook, "MAX_SHEET_CELLS", 20)
    with pytest.raises(WorkbookError, match="超过上限 10,000 行、200 列、共 20 个单元格"):
        read_workbook(editable)


def test_a_zip_bomb_is_refused_by_its_ratio(tmp_path, monkeypatch):
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/worksheets/sheet1.xml", b"<c/>" * 5_000_000)  # 20 MB that compress to about 20 KB
    monkeypatch.setattr(workbook, "load_workbook", lambda *a, **k: pytest.fail("openpyxl was asked to read it"))
    with pytest.raises(WorkbookError) as caught:
        read_workbook(bomb)
    message = str(caught.value)
    assert "xl/worksheets/sheet1.xml 压缩比为" in message and "超过上限 100 倍（像是“压缩炸弹”" in message
    assert "\n" not in message


def test_too_much_uncompressed_is_refused(tmp_path, monkeypatch):
    """Parts that compress like ordinary data (about 8 times) but expand past the limit (lowered to 1 MB here)."""
    monkeypatch.setattr(workbook, "MAX_UNCOMPRESSED_BYTES", 1_000_000)
    big = tmp_path / "big.xlsx"
    bits = bytes.maketrans(bytes(range(256)), bytes(48 + (i & 1) for i in range(256)))
    with zipfile.ZipFile(big, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/sharedStrings.xml", os.urandom(1_200_000).translate(bits))  # "0" and "1" at random
    with zipfile.ZipFile(big) as z:
        [info] = z.infolist()
        assert info.file_size < 10 * info.compress_size  # no bomb: only the total is over
    with pytest.raises(WorkbookError, match="解压后有 1,200,000 字节，超过上限 1,000,000 字节"):
        read_workbook(big)


def test_a_file_too_large_is_refused_without_opening_it(tmp_path):
    big = tmp_path / "big.xlsx"
    with big.open("wb") as f:
        f.truncate(2**33)  # 8 GB, sparse
    with pytest.raises(WorkbookError, match="有 8,589,934,592 字节，超过上限 10,000,000 字节"):
        read_workbook(big)


def test_a_folder_or_a_device_is_named(tmp_path):
    with pytest.raises(WorkbookError, match="是文件夹，不是工作簿"):
        read_workbook(tmp_path)
    with pytest.raises(WorkbookError, match="不是普通文件"):
        read_workbook("/dev/null")
    with pytest.raises(WorkbookError, match="找不到工作簿"):
        read_workbook(tmp_path / "nothing.xlsx")
