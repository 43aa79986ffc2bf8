"""The built 2014 edition: real HTML with the headline numbers, the figure and its data."""
import re
from pathlib import Path

import pytest

from zjbook.pipeline.build import build
from zjbook.data.validate import DataError
from conftest import set_cell


def page(html_dir: Path, name: str) -> str:
    return (html_dir / "book" / "generated" / f"{name}.html").read_text(encoding="utf-8")


def test_index_opens_on_the_preface(edition_2014):
    index = (edition_2014 / "index.html").read_text(encoding="utf-8")
    target = re.search(r'url=([^"]+)"', index).group(1)
    preface = (edition_2014 / target).read_text(encoding="utf-8")
    assert "张江示范区与区县创新（2014）" in preface
    assert "2.65万亿元" in preface and "243多家" in preface
    assert 'lang="zh-CN"' in preface
    assert "{{" not in preface


def test_headline_chapter_shows_numbers_figure_and_table(edition_2014):
    html = page(edition_2014, "zhangjiang_overview")
    for text in ("2.65万亿元", "1.05万亿元", "519亿美元", "1547亿元", "12.2%", "7.1%", "10.1%", "8.3%",
                 "2014年1—11月", "不含年内新纳入的4个分园", "总收入最高", "工业总产值最低", "5.1个百分点"):
        assert text in html, text
    img = re.search(r'<img alt="([^"]+)" src="([^"]+zj-indicators[^"]*\.svg)"', html)
    assert img, "figure image missing"
    assert "总收入2.65万亿元" in img.group(1)
    svg = (edition_2014 / "book" / "generated" / img.group(2)).resolve()
    assert svg.stat().st_size > 10_000
    assert "图 1.1" in html and "表 1.1" in html


def test_figure_data_is_downloadable(edition_2014):
    html = page(edition_2014, "zhangjiang_overview")
    href = re.search(r'href="([^"]*zj-indicators\.csv)"', html).group(1)
    csv = (edition_2014 / "book" / "generated" / href).resolve().read_text(encoding="utf-8")
    assert "zj_total_revenue" in csv and "26500" in csv and "12.2" in csv


def test_no_code_and_no_parameters_on_pages(edition_2014):
    html = page(edition_2014, "zhangjiang_overview")
    assert "Edition(" not in html and "data_root" not in html and "import " not in html


def test_data_appendix_lists_files_and_columns(edition_2014):
    html = page(edition_2014, "data_appendix")
    for text in ("zhangjiang_indicators.csv", "growth_qualifier", "upwards_of", "亿美元", "全部数据（ZIP）"):
        assert text in html, text


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
