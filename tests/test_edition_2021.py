"""The fourth pass on issue 19 (a fictional 2021 edition drafted from a report-style text): the mechanisms that
let last year's rows, headings and chapters reach a release the new text does not support.

Each test builds what it needs in memory or in a temporary copy of ``data/2014`` (or the 2018 fixture).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml
from conftest import DATA_2014

from zjbook import paths
from zjbook.data import reporttext, review, schema, translation, validate
from zjbook.data.edition import Edition
from zjbook.data.extract import extract, section_titles
from zjbook.pipeline import build
from zjbook.sections import method
from zjbook.wording import Voice

# --- 4. validation names the file's own line, also after rows are marked not reported ----------------------


def test_an_untranslated_text_after_rows_not_reported_names_its_own_line(tmp_path):
    folder = tmp_path / "data" / "2014"
    shutil.copytree(DATA_2014, folder)
    path = folder / "zhangjiang_resources.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    target = next(n for n, line in enumerate(lines, start=1) if line.startswith("zj_res_incubators,"))
    earlier = [line.split(",", 1)[0] for line in lines[1 : target - 1]]
    assert len(earlier) >= 2
    for key in earlier[:2]:  # two rows above it leave the frame
        review.confirm_rows(folder, "zhangjiang_resources.csv", key, not_reported="本年报告未给出")
    lines[target - 1] = lines[target - 1].replace("国家级科技企业孵化器", "国家级科技企业孵化器（新口径）", 1)
    path.write_text("".join(lines), encoding="utf-8")
    result = validate.check_year(folder)
    assert result.errors == []
    [warning] = [w for w in translation.missing(folder, result.tables, "en") if "新口径" in w.message]
    assert (warning.path.name, warning.line, warning.column) == ("zhangjiang_resources.csv", target, "indicator")


# --- 1. a carried-over row is mentioned again only where the text speaks of its subject ----------------------

NAMES = review.district_names(DATA_2014.parent)
DISTRICTS_PARTNER = [
    "科技成果转化提质增效",
    "",
    "各区加强与高校院所的合作。徐汇区与上海交通大学共建成果转化中试平台，推动医工交叉成果落地；"
    "闵行区与华东师范大学签订成果转化合作协议。",
]
ZIZHU_PARAGRAPH = [
    "紫竹国家高新技术产业开发区稳步发展",
    "",
    "2021年，紫竹高新区继续推进产城融合。",
    "",
    "高新区与上海交通大学深化合作，闵行区支持园区建设人才公寓。",
]


def zizhu_row(key: str) -> dict[str, str]:
    return review.table_rows(DATA_2014, "zizhu_items.csv")[key]


def fact_row(key: str) -> dict[str, str]:
    return review.table_rows(DATA_2014, "facts.csv")[key]


def test_zizhu_s_partner_named_only_as_a_district_s_partner_is_not_mentioned():
    row = zizhu_row("partner/上海交通大学")
    assert review.row_subject("zizhu_items.csv", row) == "紫竹高新区"
    assert review.mention("zizhu_items.csv", row, DISTRICTS_PARTNER, NAMES) is None
    found = review.find_mention("zizhu_items.csv", row, DISTRICTS_PARTNER, NAMES)
    assert (found.line, found.words_at, found.subject) == (None, 3, "紫竹高新区")


def test_zizhu_s_district_named_as_a_district_of_its_own_is_not_mentioned():
    assert review.mention("facts.csv", fact_row("zz_district"), DISTRICTS_PARTNER, NAMES) is None


def test_a_zizhu_row_under_zizhu_s_heading_is_mentioned_though_the_sentence_says_only_高新区():
    assert review.mention("zizhu_items.csv", zizhu_row("partner/上海交通大学"), ZIZHU_PARAGRAPH, NAMES) == 5
    assert review.mention("facts.csv", fact_row("zz_district"), ZIZHU_PARAGRAPH, NAMES) == 5
    found = review.find_mention("zizhu_items.csv", zizhu_row("partner/上海交通大学"), ZIZHU_PARAGRAPH, NAMES)
    assert found.statement.startswith("高新区与上海交通大学深化合作")


def test_the_zone_s_structure_needs_the_zone_in_its_passage():
    layout = fact_row("zj_layout")
    assert review.mention("facts.csv", layout, ["示范区“一区二十二园”覆盖全市16个区。"], NAMES) == 1
    assert review.mention("facts.csv", layout, ["区县：新篇", "", "某区形成“一区二十二园”的布局。"], NAMES) is None


def test_extract_s_listing_says_where_the_words_stand_without_their_subject(tmp_path):
    root = tmp_path / "data"
    shutil.copytree(DATA_2014, root / "2014")
    source = tmp_path / "part4.txt"
    source.write_text(
        "第四部分 张江示范区与区县创新\n\n4.1 数字赋能\n\n示范区“一区二十二园”覆盖全市16个区。截至11月，示范区总收入5.86万亿元。\n\n"
        "4.2 区：新篇\n\n" + "\n".join(DISTRICTS_PARTNER) + "\n",
        encoding="utf-8",
    )
    extract(2021, source, 2014, root, tmp_path / "_build")
    listing = (tmp_path / "_build" / "2021" / "extract-review.md").read_text(encoding="utf-8")
    mentioned = review.read(root / "2021")
    by_key = {(e.file, e.key): e.mentioned for e in mentioned.entries}
    assert by_key[("zizhu_items.csv", "partner/上海交通大学")] == review.ABSENT
    assert by_key[("facts.csv", "zz_district")] == review.ABSENT
    assert by_key[("facts.csv", "zj_layout")] == "5"
    assert "zizhu_items.csv partner/上海交通大学：上海交通大学（未提到：第11行写了这些词" in listing
    assert "没有写出紫竹高新区" in listing
    assert (
        "facts.csv zj_layout：一区二十二园（主体：张江示范区；第5行提到：“示范区一区二十二园覆盖全市16个区”）"
        in listing
    )


# --- 3. a chapter the report has no section for is no chapter of the book ------------------------------------

FIXTURE_2018 = Path(__file__).parent / "fixtures" / "data2018"


def without_zizhu(tmp_path: Path) -> Edition:
    """The 2018 fixture with every Zizhu row gone: no figure, item, event or fact of Zizhu's own."""
    root = tmp_path / "data"
    shutil.copytree(FIXTURE_2018 / "2018", root / "2018")
    folder = root / "2018"
    for key in review.table_rows(folder, "zizhu_figures.csv"):
        review.confirm_rows(folder, "zizhu_figures.csv", key, not_reported="本年报告未给出")
    for file in ("zizhu_items.csv", "events.csv"):
        path = folder / file
        if path.exists():
            path.write_text(path.read_text(encoding="utf-8").splitlines(keepends=True)[0], encoding="utf-8")
    for key, row in review.table_rows(folder, "facts.csv").items():
        if row["subject"] == "紫竹高新区":
            review.confirm_rows(folder, "facts.csv", key, not_reported="本年报告未给出")
    assert validate.check_year(folder).errors == []
    return Edition(2018, root)


def toc_files(stage: Path) -> list[list[str]]:
    toc = yaml.safe_load((stage / "_toc.yml").read_text(encoding="utf-8"))
    return [[c["file"] for c in part["chapters"]] for part in toc["parts"]]


def test_an_edition_without_zizhu_has_no_zizhu_chapter_and_says_so_once_on_the_method_page(tmp_path):
    ed = without_zizhu(tmp_path)
    # the 2018 fixture gives no district industries either: that chapter is left out as well
    assert method.left_out_chapters(ed) == {"zizhu", "districts_overview"}
    for lang in ("zh", "en"):
        assert "zizhu" not in [nb.stem for nb in build.chapters(ed, lang)]
        stage = tmp_path / lang
        stage.mkdir()
        build.write_toc(ed, Voice(lang), stage)
        [zone, districts, *_] = toc_files(stage)
        assert zone == [f"book/generated/{n}" for n in ("zhangjiang_overview", "zhangjiang_resources")]
        assert districts == ["book/generated/districts_themes"]
    numbers = build.chapter_numbers(ed)
    assert "zizhu" not in numbers and "districts_overview" not in numbers
    assert numbers["districts_themes"] == 3
    zh, en = build.method_sentences(ed, Voice("zh")), build.method_sentences(ed, Voice("en"))
    assert zh["method_zizhu"] == "本版次的报告没有专门介绍紫竹高新区，本书不设这一章"
    assert en["method_zizhu"].startswith("this edition’s report does not describe the Zizhu")
    assert zh["method_chapter_districts_themes"] == en["method_chapter_districts_themes"] == "3"
    assert zh["method_districts_industries"] == "本版次的报告没有给出各区的主要产业和产业基地，本书不设这一章"


def test_an_edition_with_zizhu_keeps_its_chapter_and_numbers():
    ed = Edition(2014, DATA_2014.parent)
    assert method.left_out_chapters(ed) == frozenset()
    assert "zizhu" in [nb.stem for nb in build.chapters(ed, "zh")]
    numbers = build.chapter_numbers(ed)
    assert (numbers["zizhu"], numbers["districts_overview"], numbers["districts_themes"]) == (3, 4, 5)
    assert build.method_sentences(ed, Voice("zh"))["method_zizhu"].startswith("第3章为报告专门介绍的紫竹高新区")
    assert build.method_sentences(ed, Voice("en"))["method_zizhu"].startswith("Chapter 3 covers the Zizhu")


def test_the_method_pages_number_the_district_chapters_from_the_edition():
    for page in (paths.ROOT / "book" / "method.md", paths.ROOT / "book" / "en" / "method.md"):
        source = page.read_text(encoding="utf-8")
        assert "{{ method_districts_industries }}" in source and "{{ method_chapter_districts_themes }}" in source
        assert "3章{{ method_zizhu }}" not in source and "chapter 3 {{ method_zizhu }}" not in source


# --- 2. the section titles are the new text's own --------------------------------------------------------------

REPORT_2018 = Path(__file__).parent / "fixtures" / "reports" / "part4-2018.txt"
OLD_TITLES = ("示范引领，张江先行", "区县：新常态下谋创新")


def headings_of(folder: Path) -> dict[tuple[str, str], set[str]]:
    """(file, section) → the headings its rows cite."""
    out: dict[tuple[str, str], set[str]] = {}
    for table in schema.TABLES:
        if (folder / table.file).exists() and "heading" in table.column_names:
            for row in review.table_rows(folder, table.file).values():
                out.setdefault((table.file, row["section"]), set()).add(row["heading"])
    return out


def test_extract_gives_the_rows_the_new_text_s_section_titles(tmp_path):
    root = tmp_path / "data"
    shutil.copytree(DATA_2014, root / "2014")
    ex = extract(2018, REPORT_2018, 2014, root, tmp_path / "_build")
    assert ex  # the lines it prints
    cited = headings_of(root / "2018")
    assert cited[("districts.csv", "4.2")] == {"区县：高质量发展中谋创新"}
    assert cited[("zhangjiang_indicators.csv", "4.1")] == {"张江示范区：聚力建设科创中心核心区"}
    assert not [h for hs in cited.values() for h in hs if h.startswith(OLD_TITLES)]
    listing = (tmp_path / "_build" / "2018" / "extract-review.md").read_text(encoding="utf-8")
    assert "- [ ] 4.1：“张江示范区：聚力建设科创中心核心区”（第3行）" in listing
    assert "原引 2014 年的节标题“区县：新常态下谋创新”，已改为本节标题" in listing


def test_a_text_without_numbered_sections_keeps_last_year_s_titles_and_says_so(tmp_path):
    root = tmp_path / "data"
    shutil.copytree(DATA_2014, root / "2014")
    source = tmp_path / "part4.txt"
    source.write_text(
        "张江示范区\n\n2021年，示范区“一区二十二园”覆盖全市16个区。截至11月，示范区总收入5.86万亿元。\n",
        encoding="utf-8",
    )
    extract(2021, source, 2014, root, tmp_path / "_build")
    assert headings_of(root / "2021")[("districts.csv", "4.2")] == {"区县：新常态下谋创新"}
    listing = (tmp_path / "_build" / "2021" / "extract-review.md").read_text(encoding="utf-8")
    assert "4.2：文本中没有以“4.2”开头的节标题；沿用的行仍引 2014 年的节标题“区县：新常态下谋创新”" in listing


def test_section_titles_are_read_without_number_or_emoji():
    report = reporttext.parse(
        "4.1 ☀️ 数字赋能，张江领航\n\n正文。\n\n（一）小标题\n\n4.2 区：十四五开局谋新篇\n\n正文。\n"
    )
    assert section_titles(report) == {"4.1": (1, "数字赋能，张江领航"), "4.2": (7, "区：十四五开局谋新篇")}


# --- 5. events of the zone or a district have no page: refused with the reason, never dropped silently ----------


def test_an_event_of_the_zone_or_a_district_is_refused_with_where_it_can_go(tmp_path):
    folder = tmp_path / "data" / "2014"
    shutil.copytree(DATA_2014, folder)
    path = folder / "events.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text(
        "".join(lines)
        + "zj_twin_lab,2014-03-18,张江示范区,张江数字孪生城市开放实验室揭牌,,,,,4.1,示范引领，张江先行\n"
        + "ja_platform,2014-05-10,静安区,数据交易服务平台上线,,,,,4.2,区县：新常态下谋创新\n",
        encoding="utf-8",
    )
    errors = [p for p in validate.check_year(folder).errors if p.path.name == "events.csv"]
    zone, district = sorted(errors, key=lambda p: p.line or 0)
    assert (zone.line, district.line) == (len(lines) + 1, len(lines) + 2)
    assert "示范区和区县的事件没有页面" in zone.message and "theme_measures.csv" in zone.fix
    assert "district_actions.csv" in district.fix and "theme_measures.csv" not in district.fix


def test_extract_leaves_the_zone_s_dated_events_out_and_says_why(tmp_path):
    root = tmp_path / "data"
    shutil.copytree(DATA_2014, root / "2014")
    source = tmp_path / "part4.txt"
    source.write_text(
        "4.1 数字赋能，张江领航\n\n示范区“一区二十二园”覆盖全市16个区。\n\n数字化转型全面提速\n\n"
        "2021年，张江示范区推进数字化转型。3月18日，张江数字孪生城市开放实验室揭牌，首批开放应用场景三十个。\n",
        encoding="utf-8",
    )
    extract(2021, source, 2014, root, tmp_path / "_build")
    assert "zj_" not in (root / "2021" / "events.csv").read_text(encoding="utf-8")
    listing = (tmp_path / "_build" / "2021" / "extract-review.md").read_text(encoding="utf-8")
    [said] = [line for line in listing.splitlines() if "数字孪生城市开放实验室揭牌：未重建" in line]
    assert "示范区和区县的事件没有页面" in said and "theme_measures.csv" in said
