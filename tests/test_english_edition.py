"""The English edition, built from the same data as the Chinese one, read as HTML files.

Checks that hold for every page: each Chinese page has an English counterpart at ``html/en/`` and the
language switch links the two both ways; English pages declare ``lang="en"`` and show no Chinese beyond
the glossary's parenthesised originals and the switch; key figures read the English way, with values
computed from the data (never typed here)."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urljoin

from bs4 import BeautifulSoup
from conftest import READER_CHAPTERS, warm_cache

from zjbook import languages
from zjbook.data import schema
from zjbook.render.page import Page
from zjbook.site.review import content_pages

CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]")


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def chinese_pages(html_dir: Path) -> list[str]:
    """Reader pages of the Chinese edition (not the top index.html, which only redirects to the preface): those
    under no other language's root."""
    roots = tuple(lang.root for lang in languages.registry().languages if not lang.is_source)
    return [p for p in content_pages(html_dir) if not p.startswith(roots) and p != "index.html"]


def english_pages(html_dir: Path) -> list[str]:
    return [p for p in content_pages(html_dir) if p.startswith("en/") and p != "en/index.html"]


#: Chinese an English page may show besides glossary originals: the data's own codes, which an analyst
#: types into the CSV files (units, code-table values, the qualifier characters, the list separator).
DATA_CODES = {code for vocabulary in schema.VOCABULARIES.values() for code in vocabulary if CJK.search(code)} | {
    "区",
    "县",
    "亿",
    "万亿元",
    "约",
    "近",
    "多",
    "余",
    "超过",
    "；",
    "说明",
}


def switch_target(html_dir: Path, rel: str, to: str | None = None) -> str:
    """Where the page's switch to language ``to`` leads (by default: the one of Chinese and English the page
    is not in). Every other language of the registry has its link."""
    to = to or ("zh" if rel.startswith(languages.get("en").root) else "en")
    links = soup(html_dir / rel).select("a.lang-switch")
    here = next((lang for lang in languages.codes()[1:] if rel.startswith(languages.get(lang).root)), "zh")
    assert sorted(link["hreflang"] for link in links) == sorted(
        languages.get(code).html_lang for code in languages.codes() if code != here
    ), (rel, links)
    link = next(link for link in links if link["hreflang"] == languages.get(to).html_lang)
    return str((Path("/") / urljoin(rel, link["href"])).resolve())[1:]


def test_every_chinese_page_has_an_english_counterpart_and_back(edition_2014):
    zh, en = chinese_pages(edition_2014), english_pages(edition_2014)
    assert {f"book/generated/{c}.html" for c in READER_CHAPTERS} <= set(zh)
    assert sorted("en/" + p for p in zh) == sorted(en)
    for rel in zh:
        assert switch_target(edition_2014, rel) == "en/" + rel
        assert switch_target(edition_2014, "en/" + rel) == rel


def test_pages_declare_their_language(edition_2014):
    for rel in english_pages(edition_2014):
        assert soup(edition_2014 / rel).html["lang"] == "en", rel
    for rel in chinese_pages(edition_2014):
        assert soup(edition_2014 / rel).html["lang"] == "zh-CN", rel


def glossary_names(year: int = 2014) -> set[str]:
    # a document's original is glossed without its title marks (editors 87, 88)
    return {t.zh.strip("《》") for t in Page.in_memory(year, "en").translator.terms}


def visible_chinese(path: Path, names: set[str]) -> list[str]:
    """Chinese text a reader of the English page sees, minus the glossary originals and the language switch."""
    page = soup(path)
    for tag in page(["script", "style", "noscript"]):
        tag.decompose()
    for span in page.select("span.zh-name"):
        assert span.get("lang") == "zh-CN" and span.get_text() in names, (path.name, span)
        span.decompose()
    for link in page.select("a.lang-switch"):
        link.decompose()
    for quote in page.select("span.zh-quote"):  # the report's own words, quoted (the method page's corrections)
        assert quote.get("lang") == "zh-CN", (path.name, quote)
        quote.decompose()
    runs = re.findall(r"[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]+", page.get_text(" "))
    return [run for run in runs if run not in DATA_CODES]


def test_english_pages_show_no_chinese_beyond_glossary_names(edition_2014):
    names = glossary_names()
    assert names
    for rel in english_pages(edition_2014):
        found = visible_chinese(edition_2014 / rel, names)
        assert not found, (rel, "".join(found)[:80])


def test_first_mention_of_a_name_carries_its_chinese_once_per_page(edition_2014):
    html = soup(edition_2014 / "en/book/generated/districts_overview.html")
    originals = [s.get_text() for s in html.select("span.zh-name")]
    assert "外滩金融创新试验区" in originals and len(originals) == len(set(originals))
    # a district's name is Shanghai's own romanisation: never glossed
    assert "浦东新区" not in originals and "黄浦区" not in originals
    article = html.select_one("article").get_text(" ")
    assert article.count("Bund Financial Innovation Pilot Zone") >= 2  # named again later, without the parentheses


def words(html_dir: Path, rel: str) -> str:
    return " ".join(soup(html_dir / rel).select_one("article").get_text(" ").split())


def test_key_figures_read_the_english_way(edition_2014):
    page = Page.in_memory(2014, "en")
    ed = SimpleNamespace(
        figure=lambda fid: page.view(page.edition.figure(fid)),
        figures=lambda file: page.view(page.edition.figures(file)),
    )
    overview = words(edition_2014, "en/book/generated/zhangjiang_overview.html")
    for fid in ("zj_total_revenue", "zj_industrial_output", "zj_export", "zj_net_profit"):
        f = ed.figure(fid)
        assert f.text in overview and f.growth_phrase in overview, (fid, f.text, f.growth_phrase)
    assert re.search(r"RMB \d+(\.\d+)? trillion", overview) and re.search(r"US\$\d+(\.\d+)? billion", overview)
    assert ed.figure("zj_total_revenue").period in overview and "–" in ed.figure("zj_total_revenue").period
    resources = words(edition_2014, "en/book/generated/zhangjiang_resources.html")
    lower_bounds = [f for f in ed.figures("zhangjiang_resources.csv") if f.qualifier == "more_than"]
    assert lower_bounds and all(f"more than {f.value:,.0f}" in resources for f in lower_bounds)
    zizhu = words(edition_2014, "en/book/generated/zizhu.html")
    patents = ed.figure("zz_patents")
    assert patents.value >= 1000 and f"{patents.value:,.0f}" in zizhu  # thousands separator
    themes = words(edition_2014, "en/book/generated/districts_themes.html")
    # the chapter's number is no figure: "6" once stood in its title ("6. District innovation by theme")
    themes = themes.split(" ", 2)[2]
    for f in ed.figures("district_figures.csv"):
        # "four kinds of platform clusters", "six sub-parks including E-Gou Space": a small count in words, where
        # the measure says it
        said = f"{page.numbers.count(int(f.value))} " if f.value < 10 and f.value == int(f.value) else f.text
        assert said in themes, (f.id, said)


def test_english_search_index_holds_the_names_readers_look_for(edition_2014):
    raw = (edition_2014 / "en" / "searchindex.js").read_text(encoding="utf-8")
    terms = set(re.findall(r'"([a-z0-9]+)":', raw))
    for term in ("zizhu", "lingang", "beidou", "internet", "financ"):
        assert term in terms, term


def test_editions_index_lists_both_languages(edition_2014):
    index = (edition_2014.parent.parent / "index.html").read_text(encoding="utf-8")
    assert 'href="2014/html/index.html"' in index and 'href="2014/html/en/index.html"' in index


def test_building_one_language_keeps_the_other_as_published(edition_2014, tmp_path):
    import filecmp
    import shutil

    from zjbook.pipeline.build import build

    out = warm_cache(tmp_path / "out", edition_2014)
    shutil.copytree(edition_2014, out / "2014" / "html")
    lines = []
    html = build(2014, out_root=out, langs="zh", report=lines.append)
    assert any("en 沿用上一次发布的版本" in l for l in lines), lines
    kept = sorted(p.relative_to(edition_2014 / "en") for p in (edition_2014 / "en").rglob("*") if p.is_file())
    assert kept and sorted(p.relative_to(html / "en") for p in (html / "en").rglob("*") if p.is_file()) == kept
    _, mismatch, errors = filecmp.cmpfiles(edition_2014 / "en", html / "en", [str(p) for p in kept], shallow=False)
    assert not mismatch and not errors
    assert switch_target(html, "book/generated/zizhu.html") == "en/book/generated/zizhu.html"
    index = (out / "index.html").read_text(encoding="utf-8")
    assert 'href="2014/html/en/index.html"' in index


GLOSS_MARK = "\u27e6{}\u27e7"  # stands for a glossed original in the text the gloss tests read


def glossed_text(path: Path) -> tuple[str, list[str]]:
    """The article's running text (headings, card titles, captions and table cells left out: they carry no gloss),
    each glossed original replaced by ``GLOSS_MARK``; and the originals in order."""
    article = soup(path).select_one("article")
    if article is None:
        return "", []
    for tag in article.select("h1, h2, h3, h4, h5, h6, .admonition-title, figcaption, caption, table, script, style"):
        tag.decompose()
    originals = []
    for span in article.select("span.zh-name"):
        originals.append(span.get_text())
        span.replace_with(GLOSS_MARK.format(span.get_text()))
    text = " ".join(article.get_text(" ").split())
    text = re.sub(r"\(\s*(\u27e6[^\u27e7]*\u27e7)\s*\)", r"(\1)", text)
    return re.sub(r"\(\s*(\u27e6[^\u27e7]*\u27e7)\s*;", r"(\1;", text), originals


def test_each_proper_name_is_glossed_once_at_its_first_mention_never_inside_brackets(edition_2014):
    """On every English page: a Chinese original only for a proper name (not a slogan or a term), at most once,
    right after the first mention of the name in the running text, never inside another bracket and never
    directly followed by a second bracket."""
    terms = Page.in_memory(2014, "en").translator.terms
    # a document's original is glossed without its title marks (editors 87, 88)
    kinds = {t.zh.strip("《》"): t.kind for t in terms}
    english = {t.zh.strip("《》"): t.text for t in terms}
    longest_first = sorted((t for t in terms if t.text), key=lambda t: -len(t.text))
    glossed_pages = 0
    for rel in english_pages(edition_2014):
        text, originals = glossed_text(edition_2014 / rel)
        glossed_pages += bool(originals)
        assert len(originals) == len(set(originals)), (rel, sorted({o for o in originals if originals.count(o) > 1}))
        assert all(kinds[o] in schema.PROPER_NAME_KINDS for o in originals), (rel, originals)
        for original in originals:
            # after the name, or opening the brackets that give its short form ("(张江示范区; the Zhangjiang zone)")
            mark = f"({GLOSS_MARK.format(original)})"
            if mark not in text:
                mark = f"({GLOSS_MARK.format(original)}; "
            at = text.index(mark)
            before = text[:at]
            assert before.count("(") + before.count("（") == before.count(")") + before.count("）"), (rel, original)
            assert not text[at + len(mark) :].lstrip().startswith(("(", "（")), (rel, original, text[at : at + 80])
            assert mark.endswith(")") or ")" in text[at + len(mark) :].split("(")[0], (rel, original)
        # the first mention of each glossed name (outside longer names) is the one that carries the gloss
        taken: list[tuple[int, int]] = []
        first: dict[str, int] = {}
        for term in longest_first:
            for m in re.finditer(rf"(?<![\w-]){re.escape(term.text)}(?![\w-])", text):
                if any(m.start() < end and start < m.end() for start, end in taken):
                    continue
                taken.append((m.start(), m.end()))
                if re.match(r"[ \u00a0]+[A-Z][a-z]", text[m.end() :]):
                    continue  # the start of a longer name ("Zizhu National …"): no mention of this one
                key = term.zh.strip("《》")
                first[key] = min(first.get(key, m.start()), m.start())
        for original in originals:
            at = first[original] + len(english[original])
            assert text[at:].startswith((f" ({GLOSS_MARK.format(original)})", f" ({GLOSS_MARK.format(original)}; ")), (
                rel,
                original,
                text[at - 60 : at + 40],
            )
    assert glossed_pages >= 3  # the pages that name parks, institutions or plans (district names carry no gloss)


def test_foreign_names_carry_no_chinese_original(edition_2014):
    """A foreign name (glossary kind ``foreign``: Microsoft, Intel, San Diego County…) is its own original: the
    English pages name it without a Chinese gloss."""
    foreign = [t for t in Page.in_memory(2014, "en").translator.terms if t.kind == "foreign"]
    assert {t.text for t in foreign} >= {"Microsoft", "Intel", "San Diego County"}
    named = set()
    for rel in english_pages(edition_2014):
        text, originals = glossed_text(edition_2014 / rel)
        assert not {t.zh for t in foreign} & set(originals), rel
        named |= {t.text for t in foreign if t.text in text}
    assert {"Intel", "San Diego County"} <= named


def test_english_pages_offer_each_figures_data_in_english_beside_the_chinese(edition_2014):
    """Under every figure of an English page: its data in English (``<figure>-en.csv``: English texts, headers as
    the canonical file's; only the report's printed forms quoted in Chinese) and the canonical Chinese file; the data
    appendix links each data table's English version too."""
    figures = 0
    for rel in english_pages(edition_2014):
        page = soup(edition_2014 / rel)
        links = {
            a["href"].rsplit("/", 1)[1]: (edition_2014 / rel).parent / a["href"] for a in page.select("a.download")
        }
        for img in page.select("figure img"):
            stem = Path(img["src"]).stem
            assert {f"{stem}.csv", f"{stem}-en.csv"} <= set(links), (rel, stem, sorted(links))
            english, canonical = (links[f"{stem}{s}.csv"].read_text(encoding="utf-8") for s in ("-en", ""))
            head, *rows = list(csv.reader(io.StringIO(english)))
            source_head, *source_rows = list(csv.reader(io.StringIO(canonical)))
            assert head == source_head and len(rows) == len(source_rows), (rel, stem)
            quoted = {i for i, name in enumerate(head) if name == "value_as_printed"}
            chinese = [c for r in rows for i, c in enumerate(r) if i not in quoted and CJK.search(c)]
            assert not chinese and english != canonical, (rel, stem, chinese[:5])
            figures += 1
    assert figures >= 6
    appendix = soup(edition_2014 / "en/book/generated/data_appendix.html")
    names = {a["href"].rsplit("/", 1)[1] for a in appendix.select("a.download")}
    for table in schema.TABLES:
        if (edition_2014 / "en").exists() and table.file not in schema.TRANSLATION_FILES and table.file in names:
            assert table.file.replace(".csv", "-en.csv") in names, table.file
