"""The 2014 data holds the figures of the report's Part 4 exactly, with their qualifiers."""

import re

import pytest
from conftest import REPORT_TEXT, need_shared

from zjbook.data import printed as numbers
from zjbook.data.edition import Edition


@pytest.fixture(scope="module")
def ed():
    return Edition(2014)


@pytest.mark.parametrize(
    "fid, value, unit, qualifier, growth",
    [
        ("zj_total_revenue", 26500, "亿元", "exact", 12.2),
        ("zj_industrial_output", 10500, "亿元", "exact", 7.1),
        ("zj_export", 519, "亿美元", "exact", 10.1),
        ("zj_net_profit", 1547, "亿元", "exact", 8.3),
        ("zz_revenue", 360, "亿元", "about", 10),
    ],
)
def test_indicators_and_growth(ed, fid, value, unit, qualifier, growth):
    f = ed.figure(fid)
    assert (f.value, f.unit, f.qualifier, f.growth_pct) == (value, unit, qualifier, growth)


def test_headline_period_and_scope(ed):
    f = ed.figure("zj_total_revenue")
    assert (f.period_start, f.period_end) == ("2014-01", "2014-11")
    assert ed.figure("zj_new_subparks").value == 4


@pytest.mark.parametrize(
    "fid, value, qualifier",
    [
        ("zj_res_research_institutes", 68, "exact"),
        ("zj_res_key_labs", 36, "exact"),
        ("zj_res_eng_tech_centres", 22, "exact"),
        ("zj_res_mnc_rnd", 243, "more_than"),
        ("zj_res_enterprise_tech_centres", 36, "exact"),
        ("zj_res_hightech_firms", 2580, "exact"),
        ("zj_res_incubators", 24, "exact"),
        ("zj_res_eng_labs", 7, "exact"),
        ("zj_res_eng_research_centres", 12, "exact"),
        ("zj_zones", 1, "exact"),
        ("zj_subparks", 22, "exact"),
        ("zj_districts_covered", 17, "exact"),
        ("zz_enterprises", 591, "exact"),
        ("zz_contract_fdi", 24.45, "exact"),
        ("zz_patents", 7655, "exact"),
        ("zz_invention_patents", 6560, "exact"),
        ("zz_forum_attendance", 400, "nearly"),
        ("zb_cloud_firms", 180, "upwards_of"),
        ("hp_internet_finance", 30, "more_than"),
        ("qp_beidou_partners", 30, "more_than"),
    ],
)
def test_counts_and_qualifiers(ed, fid, value, qualifier):
    f = ed.figure(fid)
    assert (f.value, f.qualifier) == (value, qualifier)


@pytest.mark.parametrize(
    "fid, printed",
    [
        ("zj_total_revenue", "2.65万亿元"),
        ("zj_industrial_output", "1.05万亿元"),
        ("zj_export", "519亿美元"),
        ("zj_net_profit", "1547亿元"),
        ("zj_res_mnc_rnd", "243多家"),
        ("zb_cloud_firms", "180余家"),
        ("zz_revenue", "约360亿元"),
        ("zz_forum_attendance", "近400人"),
        ("zz_contract_fdi", "24.45亿美元"),
    ],
)
def test_figures_print_as_the_report_writes_them(ed, fid, printed):
    f = ed.figure(fid)
    assert numbers.amount(f.value, f.unit, f.qualifier) == printed


@pytest.fixture(scope="module")
def report():
    """The report's text as a list of lines without spaces or decorations (skips, or fails under CI, without it)."""
    text = need_shared(REPORT_TEXT).read_text(encoding="utf-8")
    return [re.sub(r"[\s\u2600-\u27bf\ufe0f]", "", line) for line in text.splitlines()]


def section_lines(report) -> dict[str, range]:
    """Each section number of the report ("4.1", …) → the range of lines it spans."""
    starts = [(m.group(1), i) for i, line in enumerate(report) if (m := re.match(r"(\d\.\d)(?=\D)", line))]
    ends = [i for _, i in starts[1:]] + [len(report)]
    return {sec: range(start, end) for (sec, start), end in zip(starts, ends)}


def heading_line(report, section: str, heading: str) -> int | None:
    """The line where ``heading`` stands in the report, within ``section``; None if it stands nowhere there.

    A heading is a whole line of the report (the section's own title follows its number); the data may
    add a note of the kind of block, as in "（专栏）" for a case box."""
    bare = re.sub(r"（(专栏|信息图)）$", "", heading)
    lines = section_lines(report).get(section, range(0))
    return next((i for i in lines if report[i] in (bare, section + bare)), None)


def test_every_row_cites_a_heading_of_its_section(ed, report):
    assert set(section_lines(report)) == {"4.1", "4.2"}
    cited = {
        (file, s, h)
        for file, frame in ed.tables.items()
        if "section" in frame
        for s, h in zip(frame["section"], frame["heading"])
    }
    assert len({(s, h) for _, s, h in cited}) >= 15
    wrong = sorted(c for c in cited if heading_line(report, c[1], c[2]) is None)
    assert not wrong, f"headings not found in their section of the report: {wrong}"


def test_every_figure_stands_under_its_heading(ed, report):
    """A figure's number is written in its section of the report, after its heading (single digits excepted:
    the report may write them in Chinese numerals)."""
    sections = section_lines(report)
    missing = []
    for file in ed.figure_files():
        for f in ed.figures(file):
            start = heading_line(report, f.section, f.heading)
            assert start is not None, f.id
            number, _ = numbers.scaled(f.value, f.unit)
            after = "".join(report[start : sections[f.section].stop])
            if len(number) >= 2 and not re.search(rf"(?<![\d.]){re.escape(number)}(?![\d])", after):
                missing.append((f.id, number, f.section, f.heading))
    assert not missing, missing


def test_the_seventeen_districts_of_2014(ed):
    d = ed.table("districts.csv")
    assert len(d) == 17
    assert {"闸北区", "崇明县", "浦东新区"} <= set(d["district"])
    assert d[["tile_row", "tile_col"]].duplicated().sum() == 0


def test_a_missing_shared_file_skips_here_and_fails_under_ci(tmp_path, monkeypatch):
    absent = tmp_path / "shared" / "source" / "report.txt"
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI=true, so the tests that read it must run"):
        need_shared(absent)
    monkeypatch.delenv("CI")
    with pytest.raises(pytest.skip.Exception, match="lives beside the repository in ../shared"):
        need_shared(absent)
