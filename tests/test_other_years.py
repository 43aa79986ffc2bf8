"""Other years: a fixture edition with made-up numbers, a new-year folder, several years side by side."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import DATA_2014, svg_texts, warm_cache
from test_book_html import page
from test_section_42 import text_of

from zjbook.data.newyear import new_year
from zjbook.data.validate import DataError, validate_year
from zjbook.pipeline.build import build

FIXTURES = Path(__file__).parent / "fixtures" / "data"
PAGES = (
    "zhangjiang_overview",
    "zhangjiang_resources",
    "zizhu",
    "districts_overview",
    "districts_themes",
    "data_appendix",
)


@pytest.fixture(scope="module")
def fixture_edition(edition_2031):
    return edition_2031


def test_fixture_numbers_and_wording(fixture_edition):
    t = text_of(page(fixture_edition, "zhangjiang_overview"))
    for s in (
        "2031年1—11月",
        "总收入达3.12万亿元（不含新纳入的3个分园），同比下降3.5%",
        "出口创汇480亿美元，同比下降1.2%",
        "总收入降幅最大（下降3.5%），与增速最高的净利润相差9.9个百分点",
        "2项指标上升，2项下降（出口创汇和总收入）",
        "不含新纳入的3个分园",
    ):
        assert s in t, s
    assert "全部保持增长" not in t


def test_fixture_shows_none_of_the_2014_numbers(fixture_edition):
    for name in PAGES:
        t = text_of(page(fixture_edition, name))
        for s in ("2.65万亿元", "1547亿元", "519亿美元", "7655件", "2580家", "243多家", "180余家", "12.2%"):
            assert s not in t, (name, s)
    assert "虚构测试版（2031）" in (fixture_edition / "book" / "intro.html").read_text(encoding="utf-8")


def test_missing_optional_part_is_omitted_with_a_note(fixture_edition):
    t = text_of(page(fixture_edition, "zizhu"))
    assert "本版次的数据没有提供“紫竹高新区年度大事”，这一部分从略" in t
    assert "zz-timeline.svg" not in page(fixture_edition, "zizhu")
    assert "8010件" in t and "占86.1%" in t  # 6900 / 8010


def test_no_comparison_page_with_a_single_year(fixture_edition):
    assert not (fixture_edition / "book" / "generated" / "comparison.html").exists()


def test_new_year_folder_is_ready_to_fill(tmp_path):
    shutil.copytree(DATA_2014, tmp_path / "2014")
    todo = new_year(2030, 2014, tmp_path)
    assert any("make validate YEAR=2030" in line for line in todo)
    new = tmp_path / "2030"
    assert sorted(p.name for p in new.iterdir()) == sorted([p.name for p in DATA_2014.iterdir()] + ["review.csv"])
    assert any("review.csv" in line and "待核对" in line for line in todo)
    assert "year,2030" in (new / "edition.csv").read_text(encoding="utf-8")
    assert "张江示范区与区县创新（2030）" in (new / "edition.csv").read_text(encoding="utf-8")
    indicators = (new / "zhangjiang_indicators.csv").read_text(encoding="utf-8")
    assert "26500" not in indicators and "zj_total_revenue,张江示范区,总收入,,亿元" in indicators
    with pytest.raises(DataError) as err:
        validate_year(new)
    assert (err.value.path.name, err.value.line, err.value.column) == ("zhangjiang_indicators.csv", 2, "value")


def test_new_year_refuses_to_overwrite(tmp_path):
    shutil.copytree(DATA_2014, tmp_path / "2014")
    proc = subprocess.run(
        [sys.executable, "-m", "zjbook", "new-year", "--year", "2014", "--from", "2014", "--data-root", str(tmp_path)],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 1 and "已存在" in proc.stderr and "Traceback" not in proc.stderr


def test_several_years_give_a_comparison_page_banner_and_index(edition_2014, edition_2031, tmp_path):
    root = tmp_path / "data"
    shutil.copytree(DATA_2014, root / "2014")
    shutil.copytree(FIXTURES / "2031", root / "2031")
    # the pages that look at no other year come from the session's builds of the same data (copied here)
    out = warm_cache(tmp_path / "out", edition_2014, edition_2031)
    # Chinese alone: every check below reads the Chinese pages (the English comparison page is written in
    # tests/test_appendix_en.py, and `make books` builds both languages of two years in tests/test_drafts.py)
    html_2031 = build(2031, data_root=root, out_root=out, report=lambda *_: None, langs="zh")
    html_2014 = build(2014, data_root=root, out_root=out, report=lambda *_: None, langs="zh")
    cmp = text_of(page(html_2031, "comparison"))
    for s in (
        "2014年、2031年",
        "总收入：2014年为2.65万亿元，2031年为3.12万亿元，较2014年版增加17.7%",
        "出口创汇：2014年为519亿美元，2031年为480亿美元，较2014年版减少7.5%",
        "251多家",
    ):
        assert s in cmp, s
    assert "trend-indicators.svg" in page(html_2031, "comparison")
    # the chart draws on both years' reports, and its source line names both
    svg = next((html_2031 / "_images").glob("trend-indicators*.svg")).read_text(encoding="utf-8")
    drawn = " ".join(text for text, _ in svg_texts(svg))
    assert "《上海科技进步报告2014》《虚构测试报告2031》" in drawn.replace(" ", ""), drawn[-300:]
    zizhu = page(html_2014, "zizhu")
    assert "本页属于<strong>2014年版</strong>" in zizhu and '2031/html/index.html"' in zizhu
    # with other editions, the list of all of them (editor 86: not with one edition alone)
    assert '<a class="edition-link" href="../../../../index.html">全部版本</a>' in zizhu
    index = (out / "index.html").read_text(encoding="utf-8")
    assert 'href="2014/html/index.html"' in index and 'href="2031/html/index.html"' in index
    assert (html_2014 / "book" / "generated" / "comparison.html").exists()


def test_parameters_are_documented():
    exe = str(Path(sys.executable).with_name("papermill"))
    out = subprocess.run(
        [exe, "--help-notebook", "notebooks/zizhu.ipynb"], capture_output=True, text=True, cwd=Path(__file__).parents[1]
    ).stdout
    assert re.search(r"year: int \(default 2014\)\s+版次年份", out), out
    assert "data_root: str" in out and "assets: str" in out


def test_fixture_english_edition_reads_down_and_marks_what_is_untranslated(fixture_edition):
    """A fall reads "down"; texts the fixture leaves untranslated show in the original, marked, and only there."""
    from zjbook.data.edition import Edition
    from zjbook.data.translation import missing

    en = fixture_edition / "en" / "book" / "generated"
    overview = " ".join(re.sub(r"<[^>]+>", " ", (en / "zhangjiang_overview.html").read_text(encoding="utf-8")).split())
    ed = Edition(2031, FIXTURES)
    falls = [f for f in ed.figures("zhangjiang_indicators.csv") if f.has_growth and f.growth_pct < 0]
    assert falls and all(f"down {-f.growth_pct:.1f}%" in overview for f in falls)
    gaps = missing(ed.dir, dict(ed.tables), "en")
    assert len(gaps) >= 3
    pages = "".join(p.read_text(encoding="utf-8") for p in sorted(en.glob("*.html")))
    assert pages.count('class="untranslated"') >= 1 and "not yet translated" in pages
    chinese = "".join(
        p.read_text(encoding="utf-8") for p in sorted((fixture_edition / "book" / "generated").glob("*.html"))
    )
    assert 'class="untranslated"' not in chinese
