"""A new edition says only what is true of its year (issue 19).

A fictional 2016 edition drafted from ``tests/fixtures/reports/edition_2016.txt`` (a report-style text written
for this test: made-up figures, 约/近/多/余, a decline, a figure it never gives, four dated sentences) on top of
data/2014. Between the two years Zhabei District merged into Jing'an (2015) and Chongming County became a
district (2016): data/divisions.csv. The analyst's steps are the documented ones (validate, mark what the report
does not give, confirm ALL=1); the pages of the result are written in memory and read against the text.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import DATA_2014, READER_CHAPTERS
from notebook_pages import notebook, text

from zjbook import languages
from zjbook.data import divisions, review, status, validate
from zjbook.data.edition import Edition
from zjbook.data.extract import extract
from zjbook.pipeline import build as build_module
from zjbook.pipeline.release import ReleaseRefused, reasons, release, untranslated_reasons
from zjbook.render.page import voice_for

SOURCE = Path(__file__).parent / "fixtures" / "reports" / "edition_2016.txt"
YEAR = 2016

#: What the text says, figure by figure (value, qualifier, growth): extract is scored against it.
TRUTH = {
    "zj_total_revenue": ("34000", "about", "9.1"),
    "zj_industrial_output": ("11200", "exact", "-1.8"),
    "zj_export": ("560", "nearly", "2.3"),
    "zj_net_profit": ("1710", "exact", "6.8"),
    "zj_districts_covered": ("16", "exact", ""),
    "zj_res_research_institutes": ("70", "exact", ""),
    "zj_res_key_labs": ("40", "exact", ""),
    "zj_res_eng_tech_centres": ("23", "exact", ""),
    "zj_res_mnc_rnd": ("260", "more_than", ""),
    "zj_res_enterprise_tech_centres": ("38", "exact", ""),
    "zj_res_hightech_firms": ("3000", "upwards_of", ""),
    "zj_res_incubators": ("27", "exact", ""),
    "zj_res_eng_research_centres": ("13", "exact", ""),
    "zz_enterprises": ("650", "exact", ""),
    "zz_contract_fdi": ("27.3", "exact", ""),
    "zz_patents": ("8900", "exact", ""),
    "zz_invention_patents": ("7600", "upwards_of", ""),
    "zz_revenue": ("410", "about", "6.5"),
    "zb_cloud_firms": ("260", "about", ""),
    "hp_internet_finance": ("40", "more_than", ""),
    "qp_beidou_partners": ("40", "upwards_of", ""),
    "zb_cloud_subparks": ("8", "exact", ""),
    "pd_platform_clusters": ("5", "exact", ""),
}
#: Figures the text does not give: extract must leave them blank, the analyst marks them not reported.
NOT_GIVEN = {"zj_zones", "zj_subparks", "zj_new_subparks", "zj_res_eng_labs"}

PAGES = READER_CHAPTERS

#: 2014 statements the 2016 text does not support: none may appear in the 2016 book.
FALSE_FOR_2016 = (
    "17个",  # 17 district-level units
    "1个县",
    "闸北",  # merged into Jing'an in 2015
    "崇明县",  # a district since 2016
    "一区二十二园",  # no sub-park news in the text
    "微软亚太",  # 2014 news
    "圣地亚哥",  # a 2014 event
    "浦东临港科技创新城",  # 2014 case boxes the text does not have
    "普陀桃浦科技智慧城",
    "虹桥互联网金融财富天地",
    "国家知识产权试点园区",
)


def figure_rows(folder: Path) -> dict[str, dict[str, str]]:
    out = {}
    for file in ("zhangjiang_indicators.csv", "zhangjiang_structure.csv", "zhangjiang_resources.csv"):
        out |= review.table_rows(folder, file)
    for file in ("zizhu_figures.csv", "district_figures.csv"):
        out |= review.table_rows(folder, file)
    return out


@pytest.fixture(scope="module")
def drafted(tmp_path_factory):
    """The 2016 draft as extract leaves it, with the lines it printed and the extract's score."""
    tmp = tmp_path_factory.mktemp("edition2016")
    root = tmp / "data"
    shutil.copytree(DATA_2014, root / "2014")
    lines = extract(YEAR, SOURCE, 2014, root, tmp / "_build")
    got = figure_rows(root / str(YEAR))
    right = [i for i, (v, q, g) in TRUTH.items() if got[i]["value"] and float(got[i]["value"]) == float(v)]
    right = [i for i in right if got[i]["qualifier"] == TRUTH[i][1] and got[i]["growth_pct"] == TRUTH[i][2]]
    blank = [i for i, r in got.items() if not r["value"]]
    wrong = [i for i in got if i not in right and i not in blank]
    return root, tmp / "_build", lines, {"right": right, "wrong": wrong, "blank": blank}


@pytest.fixture(scope="module")
def released(drafted, tmp_path_factory):
    """The analyst's steps after extract, on a copy: validate, mark what the report does not give, confirm."""
    root, _, _, _ = drafted
    copy = tmp_path_factory.mktemp("released") / "data"
    shutil.copytree(root, copy)
    folder = copy / str(YEAR)
    rounds = 1
    first = validate.check_year(folder)
    for problem in first.errors:
        assert problem.column == "value", str(problem)  # only the figures the text does not give
        key = problem.fix.split("这一行：")[1].split(" ")[0]
        review.confirm_rows(folder, problem.path.name, key, not_reported="2016 年报告未给出")
    refused = review.confirm_rows(folder)
    review.confirm_rows(folder, not_reported="2016 年报告没有提到")
    rounds += 1
    second = validate.check_year(folder, compare_previous=True)
    for w in status.current_warnings(folder):
        review.acknowledge(folder, w.code, [w.code], "已核对")
    return copy, first, second, refused, rounds


@pytest.fixture(scope="module")
def pages(released):
    root = released[0]
    return {(name, lang): text(notebook(name).run(YEAR, lang, root)) for name in PAGES for lang in ("zh", "en")}


# --- extract -------------------------------------------------------------------------------------------


def test_extract_fills_what_the_text_gives_and_nothing_else(drafted):
    _, _, lines, score = drafted
    assert score["wrong"] == []
    assert set(score["blank"]) == NOT_GIVEN  # all four blanks are figures the text does not give
    assert len(score["right"]) == len(TRUTH) == 23
    assert "找到 23/27 个数字" in lines[1]


def test_extract_uses_the_divisions_in_force_and_follows_the_merged_district(drafted):
    root, _, _, _ = drafted
    folder = root / str(YEAR)
    listed = review.table_rows(folder, "districts.csv")
    expected = [d.district for d in divisions.in_force(divisions.read(root), "2016-11")]
    assert list(listed) == expected and len(expected) == 16
    assert "闸北区" not in listed and "崇明县" not in listed and listed["崇明区"]["kind"] == "区"
    assert {r["later_change"] for r in listed.values()} == {""}  # nothing changed after 2016 in the registry
    cloud = review.table_rows(folder, "district_figures.csv")["zb_cloud_firms"]
    assert (cloud["subject"], cloud["value"], cloud["qualifier"]) == ("静安区", "260", "about")
    glossary = review.table_rows(folder, "glossary.csv")
    assert glossary["崇明区/en"]["text"] == "Chongming District"


def test_extract_says_per_carried_item_whether_the_text_mentions_it(drafted):
    root, out, lines, _ = drafted
    entries = {(e.file, e.key): e for e in review.read(root / str(YEAR)).entries}
    assert entries["facts.csv", "zj_layout"].mentioned == review.ABSENT  # 一区二十二园
    assert entries["zizhu_items.csv", "arrival/微软亚太科技有限公司"].mentioned == review.ABSENT
    assert entries["cases.csv", "lingang"].mentioned == review.ABSENT
    assert entries["cases.csv", "beidou"].mentioned.isdigit()  # 中国北斗产业技术创新西虹桥基地, named in the text
    # 三个优化 is named, but the theme's summary is 2014's prose, which the 2016 text does not support
    assert entries["themes.csv", "optimise"].mentioned == review.ABSENT
    listing = (out / str(YEAR) / "extract-review.md").read_text(encoding="utf-8")
    assert "- [ ] facts.csv zj_layout：一区二十二园（未提到）" in listing
    assert "- [x] cases.csv beidou：" in listing
    absent = sum(1 for e in entries.values() if e.mentioned == review.ABSENT)
    assert f"没有提到 {absent} 行" in lines[2]


def test_the_edition_names_its_own_report(drafted):
    root, _, _, _ = drafted
    meta = {k: r["value"] for k, r in review.table_rows(root / str(YEAR), "edition.csv").items()}
    assert meta["source_file"] == SOURCE.name
    assert meta["report"] == "上海科技进步报告2016" and "2014" not in "".join(meta.values())


# --- the analyst's steps -------------------------------------------------------------------------------


def test_two_validate_rounds_give_a_valid_edition(released):
    _, first, second, _, rounds = released
    assert {p.path.name for p in first.errors} <= {"zhangjiang_structure.csv", "zhangjiang_resources.csv"}
    assert len(first.errors) == len(NOT_GIVEN)
    assert second.errors == [] and rounds == 2


def test_confirm_all_refuses_what_the_text_does_not_mention(released):
    _, _, _, refused, _ = released
    keys = {(e.file, e.key) for e in refused.refused}
    assert ("facts.csv", "zj_layout") in keys and ("zizhu_items.csv", "arrival/微软亚太科技有限公司") in keys
    assert not any(e.mentioned == review.ABSENT for e in refused.done)
    message = review.refusal(YEAR, refused)
    assert "KEY=zj_layout KEEP='理由'" in message and "NOT_REPORTED='原因'" in message


def test_nothing_is_left_to_review_in_chinese_and_english_is_refused(released, tmp_path):
    root = released[0]
    ed = Edition(YEAR, root)
    assert reasons(ed) == []
    assert untranslated_reasons(ed, ("en",))  # new texts have no English yet
    with pytest.raises(ReleaseRefused) as refused:
        release(YEAR, root, out_root=tmp_path, langs="zh,en")
    assert "译文尚不齐全" in str(refused.value) and f"make release YEAR={YEAR} LANGS=zh" in str(refused.value)
    assert not (tmp_path / str(YEAR)).exists()  # refused before anything was built


# --- the pages -----------------------------------------------------------------------------------------


def test_no_statement_the_text_does_not_support(pages):
    for (name, lang), page in pages.items():
        if lang == "zh":
            for phrase in FALSE_FOR_2016:
                assert phrase not in page, f"{name}: {phrase}"
        else:
            for phrase in ("Zhabei", "Chongming County", "17 district", "Microsoft", "San Diego"):
                assert phrase not in page, f"{name} (en): {phrase}"


def test_divisions_are_counted_from_the_registry(pages):
    assert "2016年上海共有16个县级行政区（16个区）" in pages["districts_overview", "zh"]
    assert "in2016,Shanghaihad16district-levelunits(16districts)" in pages["districts_overview", "en"]
    assert "county" not in pages["districts_overview", "en"].lower()


def test_not_reported_figures_are_left_out_and_said_once(pages):
    resources = pages["zhangjiang_resources", "zh"]
    assert resources.count("国家工程实验室") == 1  # in the note only: not in the chart, table or ranking
    assert "2016年的报告没有给出国家工程实验室，本书从略" in resources
    overview = pages["zhangjiang_overview", "zh"]
    assert overview.count("没有给出") == 1 and "分园" in overview.split("没有给出")[1].split("。")[0]
    everything = "".join(p for (_, lang), p in pages.items() if lang == "zh")
    assert everything.count("国家工程实验室") == 1
    assert "The2016reportdoesnotgiveNationalengineeringlaboratories" in pages["zhangjiang_resources", "en"]


def test_a_district_that_no_longer_exists_is_an_error_naming_its_successor(released, tmp_path):
    root = tmp_path / "data"
    shutil.copytree(released[0], root)
    path = root / str(YEAR) / "district_figures.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("zb_cloud_firms,静安区", "zb_cloud_firms,闸北区"))
    errors = validate.check_year(root / str(YEAR)).errors
    [problem] = [p for p in errors if p.path.name == "district_figures.csv"]
    assert "闸北区" in problem.message and "2015年并入静安区" in problem.message
    assert problem.fix.startswith("改为“静安区”")


# --- release keeps another language only as released ---------------------------------------------------


def test_a_release_keeps_another_language_only_when_it_was_released(tmp_path):
    edition_dir = tmp_path / str(YEAR)
    (edition_dir / "html" / "en").mkdir(parents=True)
    (edition_dir / build_module.LANGUAGE_STATES).write_text(json.dumps({"en": "draft"}))
    assert build_module.kept_languages(edition_dir, ("zh",), final_only=True) == ()
    assert build_module.kept_languages(edition_dir, ("zh",), final_only=False) == ("en",)
    (edition_dir / build_module.LANGUAGE_STATES).write_text(json.dumps({"en": "final"}))
    assert build_module.kept_languages(edition_dir, ("zh",), final_only=True) == ("en",)
    (edition_dir / build_module.LANGUAGE_STATES).unlink()  # built before states were recorded: not known released
    assert build_module.kept_languages(edition_dir, ("zh",), final_only=True) == ()


def test_the_banner_links_only_the_languages_published(released):
    ed = Edition(YEAR, released[0])
    alone = build_module.announcement(ed, voice_for(ed, "zh"), present=("zh",))
    both = build_module.announcement(ed, voice_for(ed, "zh"), present=tuple(languages.codes()))
    assert "lang-switch" not in alone and 'class="lang-switch"' in both
    assert "review-link" not in build_module.announcement(ed, voice_for(ed, "zh"), present=("zh",))  # no draft


# --- messages ------------------------------------------------------------------------------------------


def _one_error(tmp_path: Path, file: str, old: str, new: str):
    root = tmp_path / "data"
    shutil.copytree(DATA_2014, root / "2014")
    path = root / "2014" / file
    path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    [problem] = validate.check_year(root / "2014").errors
    return problem


def test_an_out_of_range_amount_is_written_in_plain_digits(tmp_path):
    p = _one_error(tmp_path, "zhangjiang_indicators.csv", "总收入,26500,", "总收入,328000000,")
    assert "328,000,000亿元" in p.message and "e+" not in str(p)
    assert "1,000,000" in p.message and "金额以“亿”为单位" in p.fix


def test_an_out_of_range_count_gets_a_hint_about_counts(tmp_path):
    p = _one_error(tmp_path, "zhangjiang_resources.csv", "高新技术企业,2580,", "高新技术企业,25800000000,")
    assert "25,800,000,000家" in p.message and "e+" not in str(p)
    assert "计数单位“家”" in p.fix and "亿元" not in p.fix and "金额" in p.fix  # says it is not an amount


def test_the_impossible_date_hint_suggests_a_real_date(tmp_path):
    p = _one_error(tmp_path, "events.csv", "2014-09-15", "2014-02-30")
    assert "2014-02-28" in p.fix and "2014-02-30" not in p.fix


def test_plain_numbers():
    assert validate.plain_number(3.28e8) == "328,000,000"
    assert validate.plain_number(2.95) == "2.95"
    assert validate.plain_number(1e-4) == "0.0001"


def test_a_figure_moved_to_another_district_must_take_the_action_citing_it_along(tmp_path):
    p = _one_error(tmp_path, "district_figures.csv", "zb_cloud_firms,闸北区", "zb_cloud_firms,静安区")
    assert p.path.name == "district_actions.csv" and p.column == "figure_id"
    assert "zb_cloud_firms 属于“静安区”" in p.message and "这一行属于“闸北区”" in p.message


# --- events from the new text --------------------------------------------------------------------------


def test_events_come_from_every_dated_sentence_of_the_new_text(drafted):
    root, out, _, _ = drafted
    events = review.table_rows(root / str(YEAR), "events.csv")
    assert {(r["date"], r["subject"], r["title"]) for r in events.values()} == {
        ("2016-05-20", "紫竹高新区", "紫竹高新区与华东师范大学签署科技成果转化合作协议"),
        ("2016-10-12", "紫竹高新区", "园区举办第三届紫竹创新创业大赛总决赛"),
    }
    listing = (out / str(YEAR) / "extract-review.md").read_text(encoding="utf-8")
    assert "静安区召开云计算产业发展推进大会：未重建，主体为“静安区”：书中只有紫竹高新区的大事时间线" in listing
    assert "zz_microsoft 微软亚太科技有限公司成立：未重建" in listing  # 2014's events are not carried


def test_the_new_events_are_on_the_zizhu_page(pages):
    zizhu = pages["zizhu", "zh"]
    assert "华东师范大学" in zizhu and "创新创业大赛" in zizhu


def test_a_district_event_is_refused_with_the_reason(tmp_path):
    p = _one_error(tmp_path, "events.csv", "2014-09-15,紫竹高新区", "2014-09-15,闵行区")
    assert p.column == "subject" and "不会出现在任何页面" in p.message and "紫竹高新区的大事时间线" in p.message


def test_a_number_inside_a_text_must_agree_with_the_figure_holding_the_same_fact(tmp_path):
    root = tmp_path / "data"
    shutil.copytree(DATA_2014, root / "2014")
    path = root / "2014" / "zhangjiang_structure.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("分园,22,", "分园,24,", 1), encoding="utf-8")
    result = validate.check_year(root / "2014")
    assert result.errors == []
    [p] = [w for w in result.warnings if w.code.startswith("layout:")]  # flagged: to correct or acknowledge
    assert p.code == "layout:zj_subparks"
    assert p.path.name == "facts.csv" and p.column == "text"
    assert "“一区二十二园”写的是 22" in p.message and "zj_subparks 为 24" in p.message


def test_confirm_all_on_the_command_line_lists_what_it_confirms_and_refuses_the_rest(drafted, tmp_path):
    import subprocess
    import sys

    root = tmp_path / "data"
    shutil.copytree(drafted[0], root)
    run = [sys.executable, "-m", "zjbook", "confirm", "--year", str(YEAR), "--all", "--data-root", str(root)]
    proc = subprocess.run(run, capture_output=True, text=True, cwd=Path(__file__).parent.parent)
    # what it confirmed stays confirmed: the run succeeds, says how many, and lists the refused rows as a notice
    assert proc.returncode == 0 and "Traceback" not in proc.stderr
    confirmed = proc.stdout.count("已确认：")
    assert confirmed > 1 and f"已确认 {confirmed} 行" in proc.stdout
    assert "已确认：cases.csv beidou（新文本第" in proc.stdout
    assert "新报告的文本没有提到，未确认" in proc.stdout and "facts.csv zj_layout" in proc.stdout
    again = subprocess.run(run, capture_output=True, text=True, cwd=Path(__file__).parent.parent)
    assert again.returncode == 1 and "已确认 0 行" in again.stdout  # nothing left it could confirm: an error
    keep = [x for x in run if x != "--all"] + [
        "--file",
        "facts.csv",
        "--key",
        "zj_layout",
        "--keep",
        "新报告第3页的图中写到",
    ]
    proc = subprocess.run(keep, capture_output=True, text=True, cwd=Path(__file__).parent.parent)
    assert proc.returncode == 0, proc.stderr
    [entry] = [e for e in review.read(root / str(YEAR)).entries if e.key == "zj_layout"]
    assert (entry.status, entry.note) == (review.CONFIRMED, "新报告第3页的图中写到")
