"""The method page says of each edition only what that edition's data hold: its examples of case boxes and of
industry groups come from its own tables, and the note that the industries table was rebuilt from the narrative
appears only where edition.csv says so (a new edition starts without it)."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest
from conftest import DATA_2014, FIXTURES, UNCHANGED_DIVISIONS

from zjbook.data import schema
from zjbook.data.edition import Edition
from zjbook.data.newyear import new_year
from zjbook.data.validate import DataError, validate_year
from zjbook.pipeline.build import substitutions
from zjbook.render.page import voice_for

METHOD_KEYS = ("method_placements", "method_sector_example", "method_industry_table", "method_resources")


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def write(path: Path, table: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(table[0]))
        w.writeheader()
        w.writerows(table)


def method(folder: Path, lang: str) -> dict[str, str]:
    ed = Edition(int(folder.name), folder.parent)
    subs = substitutions(ed, voice_for(ed, lang))
    return {k: subs[k] for k in METHOD_KEYS}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_2014_method_sentences_name_its_own_boxes_and_groups(lang):
    said = method(DATA_2014, lang)
    cases = rows(DATA_2014 / "cases.csv")
    if lang == "zh":
        shown = [c["title"] for c in cases if c["title"] in said["method_placements"]]
        assert len(shown) == 2, said["method_placements"]
        assert "重建" in said["method_industry_table"]
        resources = len(rows(DATA_2014 / "zhangjiang_resources.csv"))
        # the kinds and the book's groups they are compared within, each group named once
        assert f"{resources}类创新资源" in said["method_resources"]
        groups = list(dict.fromkeys(r["group"] for r in rows(DATA_2014 / "zhangjiang_resources.csv")))
        assert len(groups) == 3 and all(said["method_resources"].count(g) == 1 for g in groups)
        industries = [r for r in rows(DATA_2014 / "district_industries.csv") if r["kind"] == "industry"]
        example = said["method_sector_example"]
        sector = example.split("都归入“")[1].split("”")[0]
        named = [r["name"] for r in industries if r["sector"] == sector and r["name"] in example]
        assert len(named) == 2, example
    else:
        assert "rebuilt for each district" in said["method_industry_table"]
        assert said["method_placements"].startswith(", for example the box on ")


def test_boxes_of_another_year_give_other_examples(data_copy):
    cases = rows(data_copy / "cases.csv")
    first = dict(cases[0], title="某区测试专栏甲", near_theme="collaboration")
    write(data_copy / "cases.csv", [first, *cases[1:]])
    assert "某区测试专栏甲归入协同创新主题" in method(data_copy, "zh")["method_placements"]


def test_without_boxes_or_groups_the_sentences_are_left_out(data_copy):
    for file in ("cases.csv", "case_items.csv", "district_industries.csv"):
        header = (data_copy / file).read_text(encoding="utf-8").splitlines()[0]
        (data_copy / file).write_text(header + "\n", encoding="utf-8")
    said = method(data_copy, "zh")
    assert said["method_placements"] == "" and said["method_sector_example"] == ""
    assert said["method_industry_table"] == ""  # no table, nothing rebuilt


def test_the_rebuilt_note_follows_edition_csv(data_copy):
    meta = rows(data_copy / "edition.csv")
    write(data_copy / "edition.csv", [r for r in meta if r["key"] != schema.INDUSTRY_TABLE_KEY])
    assert method(data_copy, "zh")["method_industry_table"] == ""
    write(data_copy / "edition.csv", [*meta[:-1], dict(meta[-1], key=schema.INDUSTRY_TABLE_KEY, value="table")])
    said = method(data_copy, "zh")["method_industry_table"]
    assert said.startswith("第4章的区县主要产业表取自报告") and "重建" not in said


def test_a_wrong_industry_table_value_is_refused_with_its_fix(data_copy):
    meta = rows(data_copy / "edition.csv")
    write(data_copy / "edition.csv", [dict(r, value="rebuilt") if r["key"] == "industry_table" else r for r in meta])
    with pytest.raises(DataError) as err:
        validate_year(data_copy)
    (problem,) = err.value.problems
    assert "industry_table 为“rebuilt”，只能是 text 或 table" in str(problem)
    assert "由叙述重建时写 text" in str(problem)


def test_a_new_edition_does_not_inherit_the_rebuilt_note(tmp_path):
    root = tmp_path / "data"
    shutil.copytree(DATA_2014, root / "2014")
    shutil.copy(UNCHANGED_DIVISIONS, root / "divisions.csv")
    new_year(2030, 2014, root)
    keys = [r["key"] for r in rows(root / "2030" / "edition.csv")]
    assert "industry_table" in [r["key"] for r in rows(root / "2014" / "edition.csv")]
    assert "industry_table" not in keys and "year" in keys


def test_the_fictional_year_says_nothing_of_a_rebuilt_table():
    folder = FIXTURES / "2031"
    assert method(folder, "zh")["method_industry_table"] == ""


def test_a_theme_of_no_known_subject_is_refused_with_its_fix(data_copy):
    """A new user wrote 区 (2019 has no county) where the data say 区县: the themes would have vanished from every
    page; validation refuses it instead, naming both subjects."""
    themes = rows(data_copy / "themes.csv")
    write(data_copy / "themes.csv", [dict(t, subject="区") if t["subject"] == "区县" else t for t in themes])
    with pytest.raises(DataError) as err:
        validate_year(data_copy)
    problems = [p for p in err.value.problems if p.column == "subject"]
    assert len(problems) == sum(1 for t in themes if t["subject"] == "区县")
    assert "subject 为“区”，不是“张江示范区”或“区县”" in str(problems[0]) and "也写“区县”" in str(problems[0])


def test_one_district_with_an_industry_makes_no_claim_that_industries_differ(data_copy):
    """A third new user's 2021 trial: a single district with a single industry read "各区县的主要产业互不重复"."""
    from zjbook.pipeline.build import highlights
    from zjbook.wording import Voice

    table = rows(data_copy / "district_industries.csv")
    write(data_copy / "district_industries.csv", [next(r for r in table if r["kind"] == "industry")])
    ed = Edition(2014, data_copy.parent)
    for lang in ("zh", "en"):
        said = highlights(ed, Voice(lang))["highlight_districts"]
        assert "互不重复" not in said and "No two districts" not in said, said


def test_without_themes_the_districts_highlight_says_how_far_the_industries_spread():
    from zjbook.sections import districts
    from zjbook.wording import Voice

    spread = districts.industry_spread(Edition(2014))
    said = Voice("zh").plain(
        "book.highlights.districts",
        spread=spread,
        themes=[],
        year=2014,
        main=None,
        contrast=[],
        areas={},
        adjectives={},
    )
    # the most widespread industries (editor 74: the shares alone said little; editor 79: their districts are left to
    # chapter 4, the sentence had two bracketed lists)
    assert said == "报告写明主要产业的14个区县中，发展金融和文化创意的各有3个，为最多。"


def test_resource_groups_need_every_kind_in_one(data_copy):
    from zjbook.sections import zhangjiang

    groups = zhangjiang.resource_groups(Edition(2014, data_copy.parent))
    assert [(str(g["name"]), g["kinds"], g["total"]) for g in groups] == [
        ("企业及其研发机构", 3, 2580 + 243 + 36),
        ("国家级科研机构与研发平台", 5, 145),
        ("创业孵化载体", 1, 24),
    ]
    assert groups[0]["total_qualifier"] == "more_than" and groups[1]["total_qualifier"] == "exact"
    # one kind without a group: the kinds are ranked together, as in an edition without groups
    table = rows(data_copy / "zhangjiang_resources.csv")
    table[0]["group"] = ""
    write(data_copy / "zhangjiang_resources.csv", table)
    assert zhangjiang.resource_groups(Edition(2014, data_copy.parent)) == []


def test_the_english_method_page_writes_the_resource_groups_as_a_clause_not_as_names():
    """Three groups whose names hold "and" are set off by semicolons, each in lower case mid-sentence (an editor
    read "…, National research bodies and R&D platforms and Business incubators")."""
    said = method(DATA_2014, "en")["method_resources"].replace("\\", "")  # as MyST prints it
    assert (
        "(enterprises and corporate R&D centres; national research bodies and R&D platforms; and business incubators)"
        in said
    ), said


def notes(folder: Path, lang: str) -> list[str]:
    ed = Edition(int(folder.name), folder.parent)
    return substitutions(ed, voice_for(ed, lang))["edition_reading_notes"].splitlines()


def test_how_to_read_warns_of_part_year_figures_dollars_and_running_totals():
    """An editor: "January–November is not the full year, exports are in dollars, Zizhu's counts are cumulative
    — say so where the reader learns how to read the book"."""
    assert notes(DATA_2014, "zh") == [
        "- 张江示范区经济指标的统计期为2014年1—11月，不是全年；增速与上年同期相比，报告未说明是否扣除价格因素。",
        "- 以美元计的有张江示范区的出口创汇和紫竹高新区的合同外资，其余金额以人民币计，本书不作换算。",
        "- 紫竹高新区的合同外资和专利授权是截至2014年12月的累计数，不是当年新增的数。",
    ]
    en = notes(DATA_2014, "en")
    assert en[0].startswith("- The figures for the Zhangjiang zone cover January–November 2014, not the whole year;")
    assert en[1].startswith(
        "- The Zhangjiang zone’s export earnings and Zizhu’s contracted foreign investment are in US"
    )
    assert (
        en[2]
        == "- Zizhu’s contracted foreign investment and patents granted are running totals as of December 2014, not the year’s additions."
    )


def test_whole_year_figures_in_yuan_need_no_note(data_copy):
    """The notes follow the data: a whole year, no dollars and no running totals leave nothing to warn of."""
    for file in ("zhangjiang_indicators.csv", "zizhu_figures.csv"):
        table = rows(data_copy / file)
        write(
            data_copy / file,
            [
                dict(
                    r,
                    period_start="2014-01" if r["period_start"] else "",
                    unit="亿元" if r["unit"] == "亿美元" else r["unit"],
                )
                | ({"period_end": "2014-12", "basis": "flow"} if r["basis"] != "stock" else {})
                for r in table
            ],
        )
    assert notes(data_copy, "zh") == notes(data_copy, "en") == []


def test_terms_are_defined_only_for_the_indicators_an_edition_has():
    """Editors: 技工贸收入, 出口创汇 and 合同外资 were never explained. How to read defines each once, for the
    indicators the edition has, in a sentence rather than under a label."""
    from zjbook.sections import method
    from zjbook.wording import Voice

    ids = method.reading_notes(Edition(2014))["ids"]
    zh = str(Voice("zh").say("book.terms", ids=ids))
    assert zh.startswith(
        "- 出口创汇是出口产品和服务所得的外汇收入；技工贸收入是技术收入、产品销售收入和商品销售收入的合计"
    )
    assert "合同外资是外商投资合同约定的金额" in zh
    en = str(Voice("en").say("book.terms", ids=ids))
    assert en.startswith("- Export earnings are") and "; technology, industry and trade revenue is the sum of" in en
    assert str(Voice("zh").say("book.terms", ids=[i for i in ids if i != "zj_export"])).startswith("- 技工贸收入是")
    assert str(Voice("en").say("book.terms", ids=[])).strip() == ""
