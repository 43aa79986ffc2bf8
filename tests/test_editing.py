"""Read as an editor would: generated sentences don't repeat themselves."""

import re
from collections import Counter

import pytest
from bs4 import BeautifulSoup
from conftest import set_cell
from notebook_pages import action_lines, case_lines, theme_paragraphs
from test_book_html import page

from zjbook.data.edition import Edition, items
from zjbook.data.reporttext import parse_cn
from zjbook.render.page import Page
from zjbook.sections import districts
from zjbook.wording import wording


def top_level_parens(sentence: str):
    """(start, content) of each parenthesis not inside another one."""
    depth, start = 0, 0
    for i, c in enumerate(sentence):
        if c == "（":
            depth += 1
            if depth == 1:
                start = i
        elif c == "）" and depth:
            depth -= 1
            if depth == 0:
                yield start, sentence[start + 1 : i]


def echoes(text: str) -> list[str]:
    """Parentheses whose whole content the same clause has just said: "建设X（X）"."""
    out = []
    for clause in re.split(r"[。！？；\n]", text):
        for start, inner in top_level_parens(clause):
            bare = districts.bare(inner)
            if len(bare) >= 2 and bare in districts.bare(clause[:start]):
                out.append(f"（{inner}）")
    return out


def article_text(html: str) -> str:
    return BeautifulSoup(html, "html.parser").select_one("article").get_text("\n")


def test_the_echo_check_sees_an_echo():
    assert echoes("黄浦区：建设外滩金融创新试验区（外滩金融创新试验区）。") == ["（外滩金融创新试验区）"]
    assert echoes("松江区：建设跨境电子商务基地（“跨境电子商务基地”）。") == ["（“跨境电子商务基地”）"]
    assert echoes("杨浦区：建设中央智力区（五角场商圈、创智天地）。") == []
    assert (
        echoes("形成“一基地、六分园”的格局（市北高新区（一基地）、六个分园）。") == []
    )  # an inner note is not an echo
    assert echoes("定位与目标：甲、乙（目标）。") == ["（目标）"]


def test_no_parenthesis_repeats_its_sentence(edition_2014):
    for name in ("districts_themes", "districts_overview", "zhangjiang_overview", "zizhu"):
        assert echoes(article_text(page(edition_2014, name))) == [], name


def test_a_figure_the_action_already_states_is_not_said_twice():
    lines = "".join(action_lines("four_new"))
    assert "形成4类平台集群" in lines and "平台经济集群4个" not in lines  # 4类 already says 4
    assert "云计算及关联企业180余家" in lines  # a number the action doesn't state is still given


def test_a_figure_that_disagrees_with_the_action_is_shown(data_copy):
    set_cell(data_copy / "district_figures.csv", "pd_platform_clusters", "value", "5")
    lines = "".join(action_lines("four_new", data_root=data_copy.parent))
    assert "形成4类平台集群" in lines and "5个" in lines


def test_a_note_shared_by_a_list_is_said_once():
    ed = Edition(2014)
    fudan = next(c for c in ed.rows("cases.csv") if c["case_id"] == "fudan_corridor")
    box = "".join(case_lines(fudan)[1:])
    assert box.count("五大功能") == 1 and "“五大功能”：知识溢出、成果转化、创业应用、创新服务、要素集聚。" in box


# --- (b) a figure said twice in one sentence; (c) a qualifier repeated item after item -------------------

PAGES_42 = ("districts_overview", "districts_themes")
EN_NUMBERS = {w: i for i, w in enumerate(wording("en").entry("numbers.small_numbers"))}
EN_COUNT = "|".join(["\\d+", *EN_NUMBERS])


def sentences(text: str) -> list[str]:
    """Sentences and list entries (a line of the page is never part of a longer sentence)."""
    return [s for s in re.split(r"(?<=[。！？])|(?<=[.!?])\s+(?=[A-Z\[“‘(])|\n", text) if s.strip()]


def spelled_and_digits(sentence: str, lang: str) -> tuple[set[int], set[int]]:
    """The numbers of a sentence written out in words (四类, four types) and those written in digits."""
    if lang == "zh":
        spelled = {
            parse_cn(m.group(1)) for m in re.finditer(r"([一二两三四五六七八九十]+)(?=[类个项家处种])", sentence)
        }
    else:
        spelled = {
            EN_NUMBERS[m.group(1).lower()] for m in re.finditer(rf"\b({'|'.join(EN_NUMBERS)})\b", sentence, re.I)
        }
    digits = {int(m.group(0)) for m in re.finditer(r"(?<![\d.,])\d+(?![\d.,]\d)", sentence)}
    return spelled, digits


def figures_said_twice(text: str, lang: str) -> list[str]:
    """Sentences that give one number (two or more) twice, once in words and once in digits: "形成四类平台集群
    （…）；平台经济集群4个", "forming four types of platform cluster (…); platform clusters: 4"."""
    out = []
    for s in sentences(text):
        spelled, digits = spelled_and_digits(s, lang)
        if any(n >= 2 for n in spelled & digits):
            out.append(s)
    return out


def qualifiers_repeated(text: str, lang: str) -> list[str]:
    """Sentences that repeat a qualifier after item after item: the same note in brackets twice
    ("甲（五大功能之一）、乙（五大功能之一）"), or the same counted noun three times ("黄浦区3个主题；徐汇区1个主题；
    长宁区1个主题", "Huangpu 3 themes; Xuhui 1 theme; Changning 1 theme")."""
    counted = r"\d+个([\u4e00-\u9fff]{2})" if lang == "zh" else rf"\b(?:{EN_COUNT}) ([a-z]+?)s?\b"
    out = []
    for s in sentences(text):
        notes = Counter(inner for _, inner in top_level_parens(s.replace("(", "（").replace(")", "）")))
        nouns = Counter(m.group(1) for m in re.finditer(counted, s, re.I))
        if any(k >= 2 for k in notes.values()) or any(k >= 3 for k in nouns.values()):
            out.append(s)
    return out


def english_page(html_dir, name: str) -> str:
    return (html_dir / "en" / "book" / "generated" / f"{name}.html").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "lang, text, caught",
    [
        ("zh", "浦东新区：发展平台经济，形成四类平台集群（甲、乙、丙、丁）；平台经济集群4个。", True),
        ("zh", "浦东新区：发展平台经济，形成四类平台集群（甲、乙、丙、丁）。闸北区：企业321余家，另有4个分园。", False),
        ("zh", "报告 4.2 节在正文的4个主题中点到了17个区县。", False),
        (
            "en",
            "Pudong New Area: develops the platform economy, forming four types of platform cluster (a; b; c; d); "
            "platform clusters: 4.",
            True,
        ),
        ("en", "Section 4.2 of the report mentions all 17 of them in the four themes of its main text.", False),
        ("en", "Four districts are named. Platform clusters: 4.", False),  # two sentences
    ],
)
def test_the_twice_said_figure_check(lang, text, caught):
    assert bool(figures_said_twice(text, lang)) == caught


@pytest.mark.parametrize(
    "lang, text, caught",
    [
        ("zh", "功能：知识溢出（五大功能之一）、成果转化（五大功能之一）、创业应用（五大功能之一）", True),
        ("zh", "功能：知识溢出、成果转化、创业应用（五大功能）", False),
        ("zh", "示意瓦片地图。黄浦区3个主题；徐汇区1个主题，有专栏案例；长宁区1个主题，有专栏案例。", True),
        ("zh", "按主题看，结构转型与产业集聚涉及7个区县；“四新”经济涉及5个区县；协同创新涉及9个区县。", True),
        ("zh", "按主题看，结构转型与产业集聚涉及7个区县，“四新”经济5个，协同创新9个。", False),
        (
            "en",
            "Functions: knowledge spillover (one of the five functions), research commercialisation "
            "(one of the five functions) and start-ups (one of the five functions)",
            True,
        ),
        ("en", "Tile map. Huangpu District, 3 themes; Xuhui District, 1 theme; Changning District, 1 theme.", True),
        ("en", "By theme, the main text names seven districts under ‘A’, five under ‘B’ and nine under ‘C’.", False),
    ],
)
def test_the_repeated_qualifier_check(lang, text, caught):
    assert bool(qualifiers_repeated(text, lang)) == caught


@pytest.mark.parametrize("name", PAGES_42)
def test_no_figure_said_twice_in_a_sentence(edition_2014, name):
    assert figures_said_twice(article_text(page(edition_2014, name)), "zh") == [], name
    assert figures_said_twice(article_text(english_page(edition_2014, name)), "en") == [], name


@pytest.mark.parametrize("name", PAGES_42)
def test_no_qualifier_repeated_item_after_item(edition_2014, name):
    assert qualifiers_repeated(article_text(page(edition_2014, name)), "zh") == [], name
    assert qualifiers_repeated(article_text(english_page(edition_2014, name)), "en") == [], name


def test_a_name_an_earlier_entry_gave_is_not_repeated():
    """Four districts sign one memorandum: its full title is given once, in the first entry."""
    ed = Edition(2014)
    memo = next(
        i
        for r in ed.rows("district_actions.csv")
        for i in items(r["items"])
        if i.startswith("《") and sum(i in (r2["items"] or "") for r2 in ed.rows("district_actions.csv")) > 2
    )
    # the theme's entries name it once, in the first entry
    entries = districts.merged_actions(ed, "collaboration")
    assert sum(memo in str(c) for e in entries for c in e["clauses"]) == 1
    # on the page, the list says it once, in the first entry (the network's paragraph refers back to it)
    lines = action_lines("collaboration")
    assert sum(memo in line for line in lines) == 1 and lines[0].startswith("浦东新区与中国科学技术大学")
    assert not any("研发平台开放" in line for line in lines)  # the action says it: 研发平台向企业开放


def test_theme_openings_are_not_one_formula():
    """The themes' summaries (our words) each open their way; each opens its theme's section (editors 85, 86: the
    sections opened with lists), once, with no count of the districts the report gives as examples after it."""
    for lang in ("zh", "en"):
        ed = Edition(2014)
        voice = Page.in_memory(2014, lang, edition=ed).voice
        summaries = [voice.text(t["summary"]) for t in districts.district_themes(ed)]
        assert len({re.sub(r"\d+", "N", s)[:6] for s in summaries}) == len(summaries), (lang, summaries)
        for t in districts.district_themes(ed):
            said, summary = theme_paragraphs(t["theme_id"], lang), voice.text(t["summary"])
            # (said on a page of its own, a section glosses the names its summary is the first to give)
            assert said[0][:8] == summary[:8] and said[0][-30:] == summary[-30:], (lang, said[:1])
            assert not any(summary[-30:] in p for p in said[1:])
