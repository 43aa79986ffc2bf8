"""Hostile input is refused by validation, before any notebook runs, with file, row and column."""

import os

import pytest
from conftest import set_cell

from zjbook.data import schema
from zjbook.data.validate import check_year

IND = "zhangjiang_indicators.csv"


def errors(data_dir):
    return [(p.path.name, p.line, p.column, p.message) for p in check_year(data_dir).errors]


@pytest.mark.parametrize(
    "file, row, column, value, reason",
    [
        (IND, "zj_export", "indicator", "出口\x00创汇", "含控制字符 U+0000"),
        (IND, "zj_export", "note", "说明\t附注", "含控制字符 U+0009"),
        ("themes.csv", "optimise", "summary", "第一行\n第二行", "含控制字符 U+000A"),
        (IND, "zj_export", "heading", "\u2028", "含控制字符 U+2028"),
    ],
)
def test_control_characters_are_refused(data_copy, file, row, column, value, reason):
    line = set_cell(data_copy / file, row, column, value)
    assert errors(data_copy) == [(file, line, column, reason)]


#: Bidirectional controls and zero-width characters: invisible, they make a cell read otherwise than it holds.
#: Also the default-ignorable characters outside category Cf (Hangul filler, variation selectors, the combining
#: grapheme joiner, Khmer and Mongolian invisibles, reserved code points) and the blank braille pattern.
INVISIBLE = [
    *range(0x202A, 0x202F),
    *range(0x2066, 0x206A),
    *range(0x200B, 0x2010),
    0x2060,
    0xFEFF,
    0x00AD,
    0x3164,
    0xFE0F,
    *(0x034F, 0x2800, 0x17B4, 0x180B, 0x2065, 0xFFF0, 0xE0080),  # a second review's finds
]


@pytest.mark.parametrize("code", INVISIBLE, ids=lambda c: f"U+{c:04X}")
def test_invisible_format_characters_are_refused_one_line_each(data_copy, code):
    """Not silently dropped: one error naming file, row, column, the code point and the fix."""
    line = set_cell(data_copy / "themes.csv", "optimise", "summary", f"优化\u5e03{chr(code)}局")
    other = set_cell(data_copy / IND, "zj_export", "indicator", f"出口{chr(code)}创汇")
    problems = check_year(data_copy).errors
    assert [(p.path.name, p.line, p.column) for p in problems] == [
        (IND, other, "indicator"),
        ("themes.csv", line, "summary"),
    ]
    for p in problems:
        assert p.message.startswith(f"含看不见的格式字符 U+{code:04X}（"), p.message
        assert p.fix == (
            "删去这个看不见的字符：在文本编辑器中重新输入该单元格，或运行 make normalize YEAR=2014 删去全部这类字符"
        )
        assert "\n" not in str(p)


def test_a_right_to_left_override_is_named(data_copy):
    set_cell(data_copy / IND, "zj_export", "indicator", "出口\u202e汇创")
    [p] = check_year(data_copy).errors
    assert p.message == "含看不见的格式字符 U+202E（从右至左强制）"


def test_an_invisible_character_in_a_header_is_refused(data_copy):
    path = data_copy / IND
    path.write_text(path.read_text(encoding="utf-8").replace("indicator", "indi\u200bcator", 1), encoding="utf-8")
    [p] = check_year(data_copy).errors
    assert (p.line, p.column, p.message) == (1, "indicator", "列名含看不见的字符 U+200B（零宽空格）")


def test_a_bom_that_starts_a_file_is_fine_and_normalize_deletes_invisible_characters(data_copy, capsys):
    path = data_copy / IND
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert check_year(data_copy).errors == []
    set_cell(data_copy / "themes.csv", "optimise", "summary", "优化\u202e布局\u200b")
    from zjbook.cli import main

    assert main(["normalize", "--year", "2014", "--data-root", str(data_copy.parent)]) == 0
    said = capsys.readouterr().out
    assert "“优化<U+202E>布局<U+200B>”→“优化布局”" in said and "\u202e" not in said
    assert check_year(data_copy).errors == []
    assert "优化布局" in (data_copy / "themes.csv").read_text(encoding="utf-8")


def test_cell_longer_than_the_maximum(data_copy):
    line = set_cell(data_copy / "themes.csv", "optimise", "summary", "长" * 10_000)
    assert errors(data_copy) == [("themes.csv", line, "summary", f"有 10000 个字符，超过上限 {schema.MAX_CELL_CHARS}")]
    set_cell(data_copy / "themes.csv", "optimise", "summary", "长" * schema.MAX_CELL_CHARS)
    assert errors(data_copy) == []


def test_file_larger_than_the_maximum_is_refused_before_parsing(data_copy):
    path = data_copy / "district_industries.csv"
    with path.open("a", encoding="utf-8") as f:
        row = "浦东新区,industry,{},4.2,区县：新常态下谋创新\n"
        i = 0
        while f.tell() < 50_000_000:
            f.write("".join(row.format(f"产业{i + k}") for k in range(1000)))
            i += 1000
    size = path.stat().st_size
    assert errors(data_copy) == [
        ("district_industries.csv", None, None, f"文件有 {size:,} 字节，超过上限 {schema.MAX_FILE_BYTES:,} 字节")
    ]


def test_too_many_rows(data_copy):
    path = data_copy / "district_industries.csv"
    with path.open("a", encoding="utf-8") as f:
        for i in range(schema.MAX_ROWS):
            f.write(f"浦东新区,industry,产业{i},4.2,x\n")
    assert path.stat().st_size < schema.MAX_FILE_BYTES
    [(file, line, column, message)] = errors(data_copy)
    assert file == "district_industries.csv" and f"超过上限 {schema.MAX_ROWS:,} 行" in message


@pytest.mark.parametrize(
    "file, row, value, unit",
    [
        (IND, "zj_total_revenue", "1e308", "亿元"),
        (IND, "zj_export", "300000", "亿美元"),
        ("zhangjiang_resources.csv", "zj_res_key_labs", "1e9", "家"),
    ],
)
def test_values_outside_the_unit_bounds(data_copy, file, row, value, unit):
    line = set_cell(data_copy / file, row, "value", value)
    [(name, at, column, message)] = errors(data_copy)
    assert (name, at, column) == (file, line, "value")
    assert f"超出该单位的合理范围 0～{schema.UNIT_BOUNDS[unit][1]:,.0f}" in message


def test_values_at_the_unit_bound_pass(data_copy):
    set_cell(data_copy / IND, "zj_total_revenue", "value", f"{schema.UNIT_BOUNDS['亿元'][1]:g}")
    assert errors(data_copy) == []


def test_symlinks_are_refused(data_copy, tmp_path):
    outside = tmp_path / "secret.csv"
    outside.write_text("key,value,note\n", encoding="utf-8")
    (data_copy / "events.csv").unlink()
    os.symlink(outside, data_copy / "events.csv")
    os.symlink(outside, data_copy / "extra.csv")
    found = errors(data_copy)
    assert ("events.csv", None, None, "是符号链接，数据文件夹中不允许") in found
    assert ("extra.csv", None, None, "是符号链接，数据文件夹中不允许") in found and len(found) == 2


def test_unknown_files_and_folders_are_refused(data_copy):
    (data_copy / "notes.csv").write_text("a\n1\n", encoding="utf-8")
    (data_copy / "old").mkdir()
    assert sorted(errors(data_copy)) == [
        ("notes.csv", None, None, "数据字典中没有这个文件"),
        ("old", None, None, "数据文件夹中不应有子文件夹"),
    ]


def test_hidden_files_are_warnings_only(data_copy):
    (data_copy / ".DS_Store").write_bytes(b"\x00")
    result = check_year(data_copy)
    assert result.errors == [] and [w.path.name for w in result.warnings] == [".DS_Store"]
    assert result.warnings[0].severity == "warning" and result.warnings[0].code == "hidden:.DS_Store"


def test_every_limit_is_documented_for_the_data_dictionary():
    rules = "\n".join(schema.FILE_RULES)
    for text in (
        f"{schema.MAX_FILE_BYTES // 10000}万字节",  # GB/T 15835: no thousands separator in Chinese text (editor 81)
        f"{schema.MAX_ROWS}行",
        f"{schema.MAX_CELL_CHARS}个字符",
        "控制字符",
        "看不见的格式字符",
        "U+202E",
        "符号链接",
        "UTF-8",
        "make normalize",
    ):
        assert text in rules, text
    for unit, (lo, hi) in schema.UNIT_BOUNDS.items():
        assert f"{unit}{lo:g}～{schema.chinese_count(hi)}" in rules
    assert set(schema.UNIT_BOUNDS) == set(schema.UNITS)
