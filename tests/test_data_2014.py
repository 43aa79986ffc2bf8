"""The 2014 data holds the figures of the report's Part 4 exactly, with their qualifiers."""
import pytest

from zjbook.data.edition import Edition


@pytest.fixture(scope="module")
def ed():
    return Edition(2014)


@pytest.mark.parametrize("fid, value, unit, qualifier, growth", [
    ("zj_total_revenue", 26500, "亿元", "exact", 12.2),
    ("zj_industrial_output", 10500, "亿元", "exact", 7.1),
    ("zj_export", 519, "亿美元", "exact", 10.1),
    ("zj_net_profit", 1547, "亿元", "exact", 8.3),
    ("zz_revenue", 360, "亿元", "about", 10),
])
def test_indicators_and_growth(ed, fid, value, unit, qualifier, growth):
    f = ed.figure(fid)
    assert (f.value, f.unit, f.qualifier, f.growth_pct) == (value, unit, qualifier, growth)


def test_headline_period_and_scope(ed):
    f = ed.figure("zj_total_revenue")
    assert (f.period_start, f.period_end) == ("2014-01", "2014-11")
    assert ed.figure("zj_new_subparks").value == 4


@pytest.mark.parametrize("fid, value, qualifier", [
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
])
def test_counts_and_qualifiers(ed, fid, value, qualifier):
    f = ed.figure(fid)
    assert (f.value, f.qualifier) == (value, qualifier)


@pytest.mark.parametrize("fid, printed", [
    ("zj_total_revenue", "2.65万亿元"), ("zj_industrial_output", "1.05万亿元"), ("zj_export", "519亿美元"),
    ("zj_net_profit", "1547亿元"), ("zj_res_mnc_rnd", "243多家"), ("zb_cloud_firms", "180余家"),
    ("zz_revenue", "约360亿元"), ("zz_forum_attendance", "近400人"), ("zz_contract_fdi", "24.45亿美元"),
])
def test_figures_print_as_the_report_writes_them(ed, fid, printed):
    assert ed.figure(fid).text == printed


def test_every_figure_cites_its_place_in_the_report(ed):
    for file, frame in ed.tables.items():
        if "section" in frame:
            assert set(frame["section"]) <= {"4.1", "4.2"}, file
            assert frame["heading"].str.len().min() > 0, file


def test_the_seventeen_districts_of_2014(ed):
    d = ed.table("districts.csv")
    assert len(d) == 17
    assert {"闸北区", "崇明县", "浦东新区"} <= set(d["district"])
    assert d[["tile_row", "tile_col"]].duplicated().sum() == 0
