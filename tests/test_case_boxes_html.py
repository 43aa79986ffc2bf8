"""Chapter 5 (districts_themes) on the built pages, both languages, read as an editor reads them (issue 20): each case
box is a paragraph of our sentences — no field labels, rotating openers or "The report lists … as its …" — that says
each fact of the data once; the section headings state a finding computed from the data; the English names take
their article, their Chinese original never before a possessive, inside quotation marks or inside another bracket,
and names that are foreign to begin with carry none; no two sentences of the page start alike."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from test_prose import repeated_openings, sentences

from zjbook.data.edition import Edition
from zjbook.render.page import voice_for
from zjbook.sections import districts as dd

LANGS = ("zh", "en")
#: The templates and labels the boxes and the network paragraph used to have: none may come back.
REMOVED = {
    "zh": (
        "相关项目和机构有",
        "合作方是",
        "核心功能为",
        "建设标准为",
        "产业载体为",
        "推进模式为",
        "关键词",
        "概括这一做法",
        "可以用",
        "面对经济新常态",
        "本书从正文和专栏中整理出",
        "一谷，即",
        "上海交大-南加州大学",
    ),
    "en": (
        "The report lists",
        "key phrase",
        "sums up this approach",
        "can be summed up",
        "Projects and institutions on site include",
        "It works with",
        "by type:",
        "As the economy settled into its new normal",
        "’s approach",
        "including Foreign-funded",
        "is Shanghai Municipal",
    ),
}
#: Foreign names: the English page gives no Chinese original after them (they are not Chinese to begin with).
FOREIGN = (
    "Intel",
    "Microsoft",
    "San Diego County",
    "University of North Carolina",
    "University of Southern California",
)


def html_of(html_dir: Path, lang: str) -> str:
    root = html_dir if lang == "zh" else html_dir / "en"
    return (root / "book" / "generated" / "districts_themes.html").read_text(encoding="utf-8")


def article(html: str) -> BeautifulSoup:
    soup = BeautifulSoup(html, "html.parser")
    main = soup.select_one("article.bd-article") or soup
    for junk in main.select("table, figure, .headerlink, script, style, a.download"):
        junk.decompose()
    return main


def read(node, lang: str) -> str:
    """What a reader reads of a node: the Chinese originals glossed after names left out, spaces evened."""
    node = BeautifulSoup(str(node), "html.parser")
    for span in node.select("span.zh-name"):
        span.decompose()
    text = re.sub(r"\s*\(\s*\)", "", " ".join(node.get_text(" ").split()))
    text = text.replace(" ,", ",").replace(" .", ".").replace(" ;", ";").replace("( ", "(").replace(" )", ")")
    if lang == "zh":
        text = re.sub(
            r"(?<=[^\x00-\x7f]) (?=[^\x00-\x7f\d])|(?<=[^\x00-\x7f]) (?=\d)|(?<=\d) (?=[^\x00-\x7f])", "", text
        )
    return text


def boxes(html: str, lang: str) -> dict[str, str]:
    """Box title (without its "专栏：" / "Box: ") → the box's text as read."""
    out = {}
    for box in article(html).select("div.case-box"):
        title = read(box.select_one(".admonition-title"), lang)
        title = re.sub(r"^(专栏：|Box: )", "", title)
        body = BeautifulSoup(str(box), "html.parser")
        body.select_one(".admonition-title").decompose()
        out[title] = read(body, lang)
    return out


def shown(ed: Edition, lang: str, text: str) -> str:
    return str(voice_for(ed, lang).shown(text)) if lang == "en" else text


def bracketed(text: str, lang: str) -> str:
    """An item or note whose colon the page reads as a bracket ("一谷：桃浦…" → "一谷（桃浦…）")."""
    return re.sub(r"：(.*)$", r"（\1）", text) if lang == "zh" else re.sub(r": (.*)$", r" (\1)", text)


@pytest.mark.parametrize("lang", LANGS)
def test_no_removed_template_or_label_on_the_page(edition_2014, lang):
    text = read(article(html_of(edition_2014, lang)), lang)
    for phrase in REMOVED[lang]:
        assert phrase not in text, phrase
    # a box is a paragraph of sentences, not a list of labelled points
    for box in article(html_of(edition_2014, lang)).select("div.case-box"):
        assert not box.select("li"), read(box, lang)[:80]
        assert len(box.select("p")) == 2, read(box, lang)[:80]  # its title and one paragraph


@pytest.mark.parametrize("lang", LANGS)
def test_every_fact_of_each_box_is_in_its_box_once(edition_2014, lang):
    ed = Edition(2014)
    shown_boxes = boxes(html_of(edition_2014, lang), lang)
    assert len(shown_boxes) == len(ed.rows("cases.csv")) == 6
    for case in ed.rows("cases.csv"):
        title = shown(ed, lang, case["title"])
        box = shown_boxes[title]
        slogan = shown(ed, lang, case["slogan"])
        assert f"“{slogan}”" in box and box.count(slogan) == 1, (title, slogan)
        box = box.lower()  # an item may open a sentence ("One city is …")
        assert shown(ed, lang, case["district"]).lower() in box, title
        for f in dd.case_figures(ed, case):
            assert f"{f.value:g}" in box, (title, f.id)
        facts = dd.case_facts(ed, case)
        for kind, runs in facts.items():
            for run in runs:
                for item in run["items"]:
                    said = bracketed(shown(ed, lang, item), lang).lower()
                    assert said in box, (title, said)
                    if len(said) > 6 and said != slogan:  # said once (a short word may recur inside a longer name)
                        assert box.replace(f"“{slogan.lower()}”", "").count(said) == 1, (title, said)
                note = run["note"]
                if note and not dd.label_note(note):
                    assert bracketed(shown(ed, lang, note), lang).lower() in box, (title, note)
        # a partner another item's note or the summary names is said there, once
        for row in ed.rows("case_items.csv"):
            if row["case_id"] == case["case_id"] and row["kind"] == "partner":
                assert shown(ed, lang, row["item"]).lower() in box, (title, row["item"])


def test_the_boxes_say_each_fact_once_in_chinese(edition_2014):
    b = boxes(html_of(edition_2014, "zh"), "zh")
    assert b["普陀桃浦科技智慧城"].count("总部商务") == 1  # the core functions: once
    assert b["徐汇创新生态体系"].count("投资+孵化+产业资源") == 1  # the model is the slogan: once
    assert b["中国北斗产业技术创新西虹桥基地"].count("上海交通大学") == 1  # the partner: once
    assert "区校战略合作" not in b["复旦创新走廊"]  # the partner is the summary's: not said again as a partner
    assert b["虹桥互联网金融财富天地"].count("六位一体") == 1
    assert "一谷（桃浦安防智慧谷）" in b["普陀桃浦科技智慧城"]
    assert "北斗西虹桥基地引进的业界龙头企业及机构30多家。" in b["中国北斗产业技术创新西虹桥基地"]


def test_the_boxes_read_as_english_sentences(edition_2014):
    b = boxes(html_of(edition_2014, "en"), "en")
    beidou = b["China BeiDou Industrial Technology Innovation West Hongqiao Base"]
    assert "The report counts more than 30 leading firms and institutions" in beidou
    assert beidou.startswith("The base in Qingpu District had officially opened")
    ifin = b["Hongqiao Internet Finance Wealth Centre"]
    assert "included the Shanghai Chapter of the Internet Finance Thousand Club, the Big Data Industrialisation" in ifin
    assert "China UnionPay and Lianxin Wealth" in ifin and "the China UnionPay" not in ifin
    assert "were under way" in b["Pudong’s Lingang Science and Technology Innovation City"]


@pytest.mark.parametrize("lang", LANGS)
def test_headings_state_a_finding_from_the_data(edition_2014, lang):
    ed = Edition(2014)
    soup = article(html_of(edition_2014, lang))
    headings = [read(h, lang).rstrip("#").strip() for h in soup.select("section > h2")]
    themes = dd.district_themes(ed)
    assert len(headings) == len(themes)
    for heading, theme in zip(headings, themes):
        # the book's one-line finding for the theme (themes.csv headline), never a count or split of the report's
        # examples of districts (the third editor: that contradicted the report's "other districts too")
        said = shown(ed, lang, theme["headline"] or theme["title"])
        assert heading == said[:1].upper() + said[1:], heading
    assert not any(w in h for h in headings for w in ("为例", "多在", "推进", "examples", "central city"))


@pytest.mark.parametrize("lang", LANGS)
def test_no_two_sentences_of_the_page_start_alike(edition_2014, lang):
    soup = article(html_of(edition_2014, lang))
    for junk in soup.select("p.admonition-title, h1, h2, h3"):
        junk.decompose()
    texts = [read(p, lang) for p in soup.select("p")]
    assert len(sentences(texts, lang)) > 30
    assert repeated_openings(texts, lang) == []


def test_glosses_stand_after_names_only_and_never_after_a_foreign_one(edition_2014):
    html = html_of(edition_2014, "en")
    gloss = r' \(<span lang="zh-CN" class="zh-name">[^<]*</span>\)'
    assert re.search(gloss, html)  # the page does gloss its Chinese names
    assert not re.search(gloss + r"’s", html)  # not before a possessive
    assert not re.search(r"“[^”<]*" + gloss, html)  # not inside a quoted name
    for name in FOREIGN:
        assert not re.search(re.escape(name) + gloss, html), name
    text = read(article(html), "en")
    # theme names in running text: sentence case, no quotation marks
    for t in dd.district_themes(Edition(2014)):
        title = shown(Edition(2014), "en", t["title"])
        assert f"‘{title}’" not in text and f"‘{title[0].upper()}{title[1:]}’" not in text
