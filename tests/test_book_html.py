"""The built 2014 edition: real HTML with the headline numbers, the figure and its data."""

import csv
import io
import re
from pathlib import Path

import pytest
from conftest import drawn_in_other_faces, parse_svg, set_cell, shown, svg_texts

from zjbook.data.edition import Edition
from zjbook.data.validate import DataError
from zjbook.pipeline.build import build
from zjbook.render import style


def page(html_dir: Path, name: str) -> str:
    return (html_dir / "book" / "generated" / f"{name}.html").read_text(encoding="utf-8")


def test_index_opens_on_the_preface(edition_2014):
    index = (edition_2014 / "index.html").read_text(encoding="utf-8")
    target = re.search(r'url=([^"]+)"', index).group(1)
    preface = (edition_2014 / target).read_text(encoding="utf-8")
    assert "张江示范区与区县创新（2014）" in preface
    # the highlights sum the chapters up in their own words, each with its headline number (a 2026 editor)
    assert "4项主要经济指标在2014年1—11月全部增长" in preface and "不含新纳入的4个分园" in preface
    assert "居企业及其研发机构之首" in preface and "总收入2.65万亿元" in preface
    assert 'lang="zh-CN"' in preface
    assert "{{" not in preface


def test_headline_chapter_shows_numbers_figure_and_table(edition_2014):
    html = page(edition_2014, "zhangjiang_overview")
    for text in (
        "2.65万亿元",
        "1.05万亿元",
        "519亿美元",
        "1547亿元",
        "12.2%",
        "7.1%",
        "10.1%",
        "8.3%",
        "2014年1—11月",
        "不含新纳入的4个分园",
        "增速居4项指标之首",
        "工业总产值增速最低",
        "5.1个百分点",
    ):
        assert text in html, text
    img = re.search(r'<img alt="([^"]+)" src="([^"]+zj-indicators[^"]*\.svg)"', html)
    assert img, "figure image missing"
    assert "总收入2.65万亿元" in img.group(1)
    assert "图1.1" in html and "表1.1" in html  # no space between 图/表 and the number (the method's numeral rule)


def test_headline_figure_draws_the_data(edition_2014):
    """The figure, read as SVG: one bar per indicator, as long as its growth, labelled with its level and growth."""
    html = page(edition_2014, "zhangjiang_overview")
    src = re.search(r'<img alt="[^"]+" src="([^"]+zj-indicators[^"]*\.svg)"', html).group(1)
    svg = (edition_2014 / "book" / "generated" / src).resolve().read_text(encoding="utf-8")
    root = parse_svg(svg)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    x, y, width, height = map(float, root.get("viewBox").split())
    assert (x, y) == (0, 0) and 400 < width < 600 and 150 < height < width
    figures = shown(Edition(2014).figures("zhangjiang_indicators.csv"))
    assert len(figures) == 4
    drawn = [text for text, glyphs in svg_texts(svg) if glyphs]
    for f in figures:
        for text in (f.indicator, f.text, f.growth_text):
            assert drawn.count(text) == 1, (text, drawn)
    bars = [
        bar_width(p.get("d"))
        for p in root.iter("{http://www.w3.org/2000/svg}path")
        if f"fill: {style.BLUE}" in (p.get("style") or "") and p.get("clip-path")
    ]
    assert len(bars) == len(figures)
    growth = sorted(f.growth_pct for f in figures)
    assert [w / bars[-1] for w in sorted(bars)] == pytest.approx([g / growth[-1] for g in growth], rel=1e-3)
    assert drawn_in_other_faces(svg) == []


def bar_width(d: str) -> float:
    """The width of a rectangle drawn as an SVG path (M x y L x y … z)."""
    xs = [float(n) for n in re.findall(r"[-\d.]+", d)[::2]]
    return max(xs) - min(xs)


def test_every_figure_is_drawn_in_the_noto_sc_faces(edition_2014):
    """Every line of text in every figure is drawn with the glyphs the SC face of Noto Sans CJK gives it."""
    svgs = sorted((edition_2014 / "_images").glob("*.svg"))
    assert len(svgs) >= 6
    for svg in svgs:
        text = svg.read_text(encoding="utf-8")
        assert len(svg_texts(text)) >= 10, svg.name
        assert drawn_in_other_faces(text) == [], svg.name


def test_figure_data_is_downloadable(edition_2014):
    html = page(edition_2014, "zhangjiang_overview")
    href = re.search(r'href="([^"]*zj-indicators\.csv)"', html).group(1)
    text = (edition_2014 / "book" / "generated" / href).resolve().read_text(encoding="utf-8")
    rows = {row["id"]: row for row in csv.DictReader(io.StringIO(text))}
    assert list(rows) == ["zj_total_revenue", "zj_industrial_output", "zj_export", "zj_net_profit"]
    revenue = rows["zj_total_revenue"]
    assert (revenue["indicator"], float(revenue["value"]), revenue["unit"]) == ("总收入", 26500, "亿元")
    assert (float(revenue["growth_pct"]), revenue["value_as_printed"]) == (12.2, "2.65万亿元")
    assert (revenue["period_start"], revenue["period_end"], revenue["section"]) == ("2014-01", "2014-11", "4.1")
    assert float(rows["zj_export"]["value"]) == 519 and rows["zj_export"]["unit"] == "亿美元"


def test_no_code_and_no_parameters_on_pages(edition_2014):
    html = page(edition_2014, "zhangjiang_overview")
    assert "Edition(" not in html and "data_root" not in html and "import " not in html


def test_data_appendix_lists_files_and_columns(edition_2014):
    html = page(edition_2014, "data_appendix")
    for text in ("zhangjiang_indicators.csv", "growth_qualifier", "upwards_of", "亿美元", "全部数据（ZIP）"):
        assert text in html, text
    from zjbook.data import schema

    rules = re.sub(r"\s+", "", re.sub(r"<[^>]+>", "", html))
    assert "文件格式与限制" in rules and f"不超过{schema.MAX_CELL_CHARS}个字符" in rules
    assert (
        "亿元0～100万" in rules
    )  # the per-unit bounds validation enforces, printed from the schema (editor 81: no separators)
    captions = re.findall(r'<span class="caption-text">([^<]+)</span>', html)
    for name in schema.VOCABULARY_NAMES.values():  # every code table the columns cite is printed
        assert any(c.startswith(name) for c in captions), name


def test_bad_data_leaves_the_last_good_edition_untouched(edition_2014, data_copy, tmp_path):
    out = edition_2014.parent.parent  # the scratch _build that holds 2014/html
    before = {p: p.stat().st_mtime_ns for p in edition_2014.rglob("*") if p.is_file()}
    set_cell(data_copy / "zhangjiang_indicators.csv", "zj_total_revenue", "value", "many")
    ran = []
    with pytest.raises(DataError):
        build(2014, data_root=data_copy.parent, out_root=out, report=ran.append)
    assert not any("执行笔记本" in line for line in ran)
    after = {p: p.stat().st_mtime_ns for p in edition_2014.rglob("*") if p.is_file()}
    assert before == after


def test_the_analysts_part_numbers_its_figures_and_tables_with_a_letter(edition_2014):
    """Editor 86: the data dictionary's 图1, 表1–31 read as the chapters' own; they are 图A.1, 表A.1 … now, and the
    chapters keep theirs (图3.1)."""
    for root, figure, table in ((edition_2014, "图", "表"), (edition_2014 / "en", "Figure ", "Table ")):
        numbers = re.findall(r'<span class="caption-number">([^<]+?) </span>', page(root, "data_appendix"))
        tables = [n for n in numbers if n.startswith(table)]
        figures = [n for n in numbers if n.startswith(figure)]
        assert tables[:3] == [f"{table}A.1", f"{table}A.2", f"{table}A.3"] and len(tables) > 20
        assert figures == [f"{figure}A.1", f"{figure}A.2"]
        chapter = re.findall(r'<span class="caption-number">([^<]+?) </span>', page(root, "zizhu"))
        assert chapter[:2] == [f"{figure}3.1", f"{table}3.1"]
