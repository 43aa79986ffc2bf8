"""make extract: draft a new edition's figures from the report's text.

On the 2014 report text every figure of data/2014 comes back (value, unit, qualifier, growth, period,
basis); on texts written for the tests (tests/fixtures/reports/, made-up numbers) the extractor finds
what is there, leaves the rest blank and lists what is ambiguous; bad sources create nothing.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest
from conftest import REPORT_TEXT, need_shared

from zjbook import cli, paths
from zjbook.data import labels, schema
from zjbook.data import reporttext as rt
from zjbook.data.extract import AMBIGUOUS, FOUND, MISSING, analyse, extract
from zjbook.data.newyear import NewYearError
from zjbook.data.reporttext import SourceError, find_growths, parse_cn, read_source

SOURCE_2014 = REPORT_TEXT
FIXTURES = Path(__file__).parent / "fixtures" / "reports"
DATA_2014 = paths.DATA / "2014"
COMPARED = ("value", "unit", "qualifier", "growth_pct", "growth_qualifier", "period_start", "period_end", "basis")


def rows(path: Path) -> dict[str, dict[str, str]]:
    return {r[next(iter(r))]: r for r in csv.DictReader(path.read_text(encoding="utf-8").splitlines())}


def figures(folder: Path) -> dict[str, dict[str, str]]:
    out = {}
    for file in schema.FIGURE_FILES:
        if (folder / file).exists():
            out |= rows(folder / file)
    return out


def comparable(row: dict[str, str]) -> tuple:
    value = float(row["value"]) if row["value"] else None
    growth = float(row["growth_pct"]) if row["growth_pct"] else None
    return (
        value,
        row["unit"],
        row["qualifier"] if value is not None else "",
        growth,
        row["growth_qualifier"],
        row["period_start"],
        row["period_end"],
        row["basis"],
    )


def scramble(folder: Path) -> None:
    """Make the earlier edition's qualifiers and bases wrong, so only the text can set them right."""
    for file in schema.FIGURE_FILES:
        path = folder / file
        table = list(csv.reader(path.read_text(encoding="utf-8").splitlines()))
        q, b = table[0].index("qualifier"), table[0].index("basis")
        for r in table[1:]:
            r[q] = "about" if r[q] == "exact" else "exact"
            r[b] = "stock" if r[b] == "cumulative" else r[b]
        with path.open("w", encoding="utf-8", newline="") as f:
            csv.writer(f, lineterminator="\n").writerows(table)


@pytest.fixture
def root_2014(tmp_path) -> Path:
    """A scratch data root holding only data/2014 (the earlier edition the fixtures draft from)."""
    shutil.copytree(DATA_2014, tmp_path / "data" / "2014")
    return tmp_path / "data"


# --- labels -------------------------------------------------------------------------------


def test_every_figure_id_has_labels_with_its_unit():
    data = figures(DATA_2014)
    assert data, "data/2014 has figure rows"
    missing = sorted(set(data) - set(labels.LABELS))
    assert not missing, f"figure ids without labels in zjbook/data/labels.py: {missing}"
    for fid, row in data.items():
        fl = labels.LABELS[fid]
        assert fl.labels or fl.patterns, fid
        assert fl.unit == row["unit"], f"{fid}: labels.py says {fl.unit}, data says {row['unit']}"
        assert fl.unit in schema.UNITS


# --- the 2014 report ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def drafted_2014(tmp_path_factory):
    """data/2014 copied as a made-up earlier year 2013 (qualifiers and bases scrambled), then 2014 extracted anew."""
    need_shared(SOURCE_2014)
    tmp = tmp_path_factory.mktemp("extract2014")
    shutil.copytree(DATA_2014, tmp / "data" / "2013")
    scramble(tmp / "data" / "2013")
    lines = extract(2014, SOURCE_2014, 2013, tmp / "data", tmp / "_build")
    return tmp, lines


def test_2014_text_recovers_every_figure(drafted_2014):
    tmp, lines = drafted_2014
    truth, got = figures(DATA_2014), figures(tmp / "data" / "2014")
    assert set(got) == set(truth)
    wrong = {
        fid: (comparable(got[fid]), comparable(truth[fid]))
        for fid in truth
        if comparable(got[fid]) != comparable(truth[fid])
    }
    assert not wrong, f"figures not recovered exactly: {wrong}"
    assert f"找到 {len(truth)}/{len(truth)} 个数字" in lines[1]


def test_2014_text_recreates_the_dated_events(drafted_2014):
    tmp, _ = drafted_2014
    truth, got = rows(DATA_2014 / "events.csv"), rows(tmp / "data" / "2014" / "events.csv")
    assert {k: r["date"] for k, r in got.items()} == {k: r["date"] for k, r in truth.items()}
    assert all(r["organisers"] == "" and r["detail"] == "" for r in got.values())  # last year's wording is not kept


def test_2014_draft_validates_and_sets_data_as_of(drafted_2014):
    from zjbook.data.validate import validate_year

    tmp, _ = drafted_2014
    validate_year(tmp / "data" / "2014")
    assert (
        rows(tmp / "data" / "2014" / "edition.csv")["data_as_of"]["value"]
        == rows(DATA_2014 / "edition.csv")["data_as_of"]["value"]
    )


def test_2014_review_listing(drafted_2014):
    tmp, _ = drafted_2014
    review = (tmp / "_build" / "2014" / "extract-review.md").read_text(encoding="utf-8")
    for fid in figures(DATA_2014):
        assert f"| {fid} |" in review
    assert not (tmp / "data" / "2014" / "extract-review.md").exists()


def test_2014_proposes_the_districts_of_each_theme_and_the_case_boxes():
    need_shared(SOURCE_2014)
    ex = analyse(read_source(SOURCE_2014), 2015, 2014, SOURCE_2014)
    actions: dict[str, set[str]] = {}
    successors = {"闸北区": "静安区"}  # a 2015 edition: Zhabei merged into Jing'an in 2015 (data/divisions.csv)
    for r in csv.DictReader((DATA_2014 / "district_actions.csv").read_text(encoding="utf-8").splitlines()):
        actions.setdefault(r["theme_id"], set()).add(successors.get(r["district"], r["district"]))
    assert {t: set(d) for _, _, t, d in ex.theme_districts} == actions
    assert {c for _, _, c in ex.boxes} == set(rows(DATA_2014 / "cases.csv"))
    assert not ex.cases_missing
    assert all(len(f.excerpt) <= 40 for f in ex.findings)


# --- texts written for the tests ----------------------------------------------------------


def draft(root: Path, name: str, year: int = 2031) -> tuple[dict[str, dict[str, str]], list[str], str]:
    lines = extract(year, FIXTURES / name, 2014, root, root.parent / "_build")
    review = (root.parent / "_build" / str(year) / "extract-review.md").read_text(encoding="utf-8")
    return figures(root / str(year)), lines, review


def found(data: dict[str, dict[str, str]]) -> dict[str, tuple]:
    return {fid: comparable(r)[:7] for fid, r in data.items() if r["value"]}


def test_declines_chinese_numerals_and_trillions(root_2014):
    data, lines, _ = draft(root_2014, "zhangjiang_declines.txt")
    flow = ("2031-01", "2031-10")
    assert found(data) == {
        "zj_industrial_output": (9870.0, "亿元", "exact", -2.1, "exact", *flow),
        "zj_export": (480.0, "亿美元", "exact", -3.5, "exact", *flow),
        "zj_total_revenue": (30200.0, "亿元", "exact", 9.6, "exact", *flow),
        "zj_net_profit": (1688.0, "亿元", "exact", 11.0, "about", *flow),
        "zj_zones": (1.0, "个", "exact", None, "", "", ""),
        "zj_subparks": (24.0, "个", "exact", None, "", "", ""),
        "zj_districts_covered": (16.0, "个", "exact", None, "", "", ""),
        "zj_new_subparks": (3.0, "个", "exact", None, "", "", ""),
        "zj_res_key_labs": (41.0, "家", "exact", None, "", "", ""),
        "zj_res_eng_research_centres": (15.0, "家", "exact", None, "", "", ""),
        "zj_res_hightech_firms": (3100.0, "家", "more_than", None, "", "", ""),
        "zj_res_mnc_rnd": (300.0, "家", "nearly", None, "", "", ""),
    }
    assert f"找到 12/{len(data)} 个数字" in lines[1]


def test_zizhu_districts_cumulative_and_events(root_2014):
    rows_2014 = root_2014 / "2014" / "zizhu_figures.csv"
    text = rows_2014.read_text(encoding="utf-8").replace(",cumulative,", ",stock,")
    rows_2014.write_text(text, encoding="utf-8")  # the text's 累计 must set the basis
    data, lines, review = draft(root_2014, "zizhu_and_districts.txt")
    assert found(data) == {
        "zz_enterprises": (620.0, "家", "exact", None, "", "", "2031-12"),
        "zz_contract_fdi": (30.5, "亿美元", "exact", None, "", "", "2031-12"),
        "zz_patents": (8100.0, "件", "exact", None, "", "", "2031-12"),
        "zz_invention_patents": (6900.0, "件", "upwards_of", None, "", "", "2031-12"),
        "zz_revenue": (420.0, "亿元", "nearly", 8.0, "exact", "2031-01", "2031-12"),
        "zz_forum_attendance": (350.0, "人", "about", None, "", "2031-06", "2031-06"),
        "pd_platform_clusters": (5.0, "个", "exact", None, "", "", ""),
        "zb_cloud_subparks": (8.0, "个", "exact", None, "", "", ""),
        "zb_cloud_firms": (200.0, "家", "upwards_of", None, "", "", ""),
    }
    assert {
        k: r["basis"] for k, r in data.items() if k in ("zz_contract_fdi", "zz_patents", "zz_invention_patents")
    } == dict.fromkeys(("zz_contract_fdi", "zz_patents", "zz_invention_patents"), "cumulative")
    events = rows(root_2014 / "2031" / "events.csv")
    assert {k: r["date"] for k, r in events.items()} == {"zz_sandiego_forum": "2031-06-03"}
    assert "- [ ] 浦东新区\n- [ ] 静安区\n" in review  # 闸北区 merged into 静安区 in 2015
    assert "徐汇创新生态体系（第" in review and "xuhui_ecosystem" in review
    assert f"找到 9/{len(data)} 个数字" in lines[1]


def test_growth_list_with_mixed_signs_and_a_conflict(root_2014):
    data, lines, review = draft(root_2014, "zhangjiang_list.txt")
    flow = ("2031-01", "2031-09")
    assert found(data) == {
        "zj_total_revenue": (19800.0, "亿元", "exact", 7.5, "exact", *flow),
        "zj_industrial_output": (7600.0, "亿元", "exact", -1.2, "exact", *flow),
        "zj_export": (402.0, "亿美元", "exact", 4.4, "exact", *flow),
        "zj_net_profit": (1210.0, "亿元", "exact", 6.0, "exact", *flow),
        "zj_res_incubators": (30.0, "家", "exact", None, "", "", ""),
    }
    assert data["zj_res_hightech_firms"]["value"] == ""  # 2900 and more than 3000: blank, listed
    hightech = next(line for line in review.splitlines() if "| zj_res_hightech_firms |" in line)
    assert "有歧义" in hightech and "2900" in hightech and "3000" in hightech
    assert "有歧义留空 1 个" in lines[1]


def test_unrelated_text_gives_all_blanks_and_says_so(root_2014):
    data, lines, review = draft(root_2014, "unrelated.txt")
    assert data and not found(data)
    assert "没有找到任何一个数字" in lines[1] and "没有找到任何一个数字" in review
    assert not rows(root_2014 / "2031" / "events.csv")
    assert "2031-03-12" in review  # the date is proposed for the analyst, not written as an event


def test_gb18030_text_reads_like_utf8(root_2014, tmp_path):
    source = tmp_path / "gb.txt"
    source.write_bytes((FIXTURES / "zhangjiang_declines.txt").read_text(encoding="utf-8").encode("gb18030"))
    ex = analyse(read_source(source), 2031, 2014, source, root_2014)
    assert sum(f.status == FOUND for f in ex.findings) == 12


def test_growth_count_not_matching_the_figures_stays_blank(root_2014, tmp_path):
    source = tmp_path / "short.txt"
    source.write_text(
        "4.1 示范区\n\n截至6月，张江示范区总收入1.2万亿元，净利润700亿元，同比分别增长3%、4%和5%。\n", encoding="utf-8"
    )
    ex = analyse(read_source(source), 2031, 2014, source, root_2014)
    by_id = {f.target.id: f for f in ex.findings}
    assert by_id["zj_total_revenue"].values == {
        "value": "12000",
        "qualifier": "exact",
        "period_start": "2031-01",
        "period_end": "2031-06",
    }
    assert "growth_pct" not in by_id["zj_net_profit"].values
    assert any("无法一一对应" in n for n in by_id["zj_net_profit"].notes)


def test_a_number_two_figures_claim_goes_to_neither(root_2014, tmp_path, monkeypatch):
    monkeypatch.setitem(labels.LABELS, "zj_res_eng_labs", labels.FigureLabels("家", ("国家重点实验室",)))
    source = tmp_path / "claim.txt"
    source.write_text("4.1 张江示范区\n\n示范区拥有国家重点实验室40家。\n", encoding="utf-8")
    ex = analyse(read_source(source), 2031, 2014, source, root_2014)
    by_id = {f.target.id: f for f in ex.findings}
    assert by_id["zj_res_key_labs"].status == by_id["zj_res_eng_labs"].status == AMBIGUOUS
    assert "zj_res_eng_labs" in by_id["zj_res_key_labs"].reason
    assert by_id["zj_res_incubators"].status == MISSING


# --- grammar ----------------------------------------------------------------------------------


@pytest.mark.parametrize("text, value", [("六", 6), ("十七", 17), ("二十二", 22), ("一百零五", 105), ("两千", 2000)])
def test_chinese_numerals(text, value):
    assert parse_cn(text) == value


def test_growth_phrases():
    [g] = find_growths("收入同比下降2.1%。")
    assert [(float(v), q) for v, q in g.rates] == [(-2.1, "exact")]
    [g] = find_growths("同比增长分别为5%、约7.5%和-1%")
    assert [(float(v), q) for v, q in g.rates] == [(5.0, "exact"), (7.5, "about"), (-1.0, "exact")]


# --- bad sources and existing folders -------------------------------------------------------


@pytest.mark.parametrize(
    "content, words",
    [
        (None, "找不到"),
        (b"", "空"),
        (b"  \n\n", "空"),
        (b"abc\x00\x01def", "二进制"),
        (b"\xff\xfe\xfa\xff" * 8, "编码"),
    ],
)
def test_bad_source_one_line_nothing_created(root_2014, tmp_path, capsys, content, words):
    source = tmp_path / "source.txt"
    if content is not None:
        source.write_bytes(content)
    with pytest.raises(SourceError):
        read_source(source)
    rc = cli.main(
        [
            "extract",
            "--year",
            "2031",
            "--source",
            str(source),
            "--from",
            "2014",
            "--data-root",
            str(root_2014),
            "--out",
            str(tmp_path / "_build"),
        ]
    )
    err = capsys.readouterr().err.strip()
    assert rc == 1 and words in err and "\n" not in err and "Traceback" not in err
    assert not (root_2014 / "2031").exists() and not (tmp_path / "_build").exists()


def sparse(path, size: int) -> None:
    with path.open("wb") as f:
        f.truncate(size)


@pytest.mark.parametrize(
    "make, words",
    [
        (lambda p: p.mkdir(), "是文件夹，不是报告文本"),
        (lambda p: p.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj"), "是 PDF 文件，不是报告文本"),
        (lambda p: p.write_bytes(b"PK\x03\x04\x14\x00" + b"\x00" * 40), "是 ZIP 压缩包（或 .docx、.xlsx 文档）"),
        (lambda p: p.write_bytes("4.1 张江".encode("utf-16")), "是 UTF-16 编码的；请在文本编辑器中另存为 UTF-8 编码"),
        (lambda p: p.write_text("root:x:0:0:root:/root:/bin/bash\n" * 20), "中只有 0 个汉字（至少应有 10 个）"),
        (lambda p: sparse(p, 8 * 2**30), "超过上限 1,000,000 字节"),  # 8 GB that take no disk
        (lambda p: p.symlink_to("/dev/zero"), "不是普通文件（设备、管道或套接字）"),
        (
            lambda p: p.write_text("标题\n" + "张江示范区营业总收入约3.1万亿元，" * 1500 + "\n", encoding="utf-8"),
            "第2行有 27,000 个字符，超过每行上限 5,000 个；报告文本应一段一行",
        ),
    ],
    ids=["folder", "pdf", "zip", "utf16", "passwd", "oversized", "device", "one-long-line"],
)
def test_what_is_not_a_report_text_is_named_before_it_is_read(tmp_path, make, words):
    """Each refusal is one line naming what the file is, with the limit where there is one, and the fix."""
    source = tmp_path / "part4.txt"
    make(source)
    with pytest.raises(SourceError) as caught:
        read_source(source)
    message = str(caught.value)
    assert words in message and str(source) in message and "\n" not in message
    if "找不到" not in words:
        assert "找不到" not in message


def test_the_size_limit_is_the_declared_one(tmp_path, monkeypatch):
    source = tmp_path / "part4.txt"
    source.write_text("张江示范区" * 10, encoding="utf-8")
    assert len(read_source(source)) == 50
    monkeypatch.setattr(rt, "MAX_SOURCE_BYTES", 40)  # the file has 150 bytes
    with pytest.raises(SourceError, match="超过上限 40 字节"):
        read_source(source)


def test_existing_year_is_refused(root_2014, tmp_path, capsys):
    before = figures(root_2014 / "2014")
    with pytest.raises(NewYearError):
        extract(2014, FIXTURES / "zhangjiang_list.txt", 2014, root_2014, tmp_path / "_build")
    assert figures(root_2014 / "2014") == before and not (tmp_path / "_build").exists()
    rc = cli.main(
        [
            "extract",
            "--year",
            "2014",
            "--source",
            str(FIXTURES / "zhangjiang_list.txt"),
            "--data-root",
            str(root_2014),
            "--out",
            str(tmp_path / "_build"),
        ]
    )
    assert rc == 1 and "已存在" in capsys.readouterr().err


def test_a_renamed_box_is_pointed_to_the_case_it_resembles():
    from types import SimpleNamespace

    from zjbook.data.extract_review import _nearest

    ex = SimpleNamespace(cases_missing=[("beidou", "中国北斗产业技术创新西虹桥基地"), ("fudan", "杨浦复旦创新走廊")])
    assert "beidou" in _nearest("青浦北斗产业技术创新西虹桥基地", ex)
    assert _nearest("完全无关的标题", ex) == ""


def test_a_text_about_another_year_is_pointed_out():
    from zjbook.data.extract import year_warning

    assert year_warning("2031年，示范区……2031年1—11月……", 2031) == []
    [line] = year_warning("2030年，示范区……截至2030年11月……2031年起", 2031)
    assert "2030 年" in line and "请确认这是 2031 年的报告" in line
