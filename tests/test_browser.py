"""The built edition as readers meet it: in headless Chromium, served over HTTP on localhost."""
import csv
import io
import json
import re

import pytest

from zjbook import paths
from zjbook.site.browser import chromium
from zjbook.site.review import content_pages, serve, take_screenshots

AXE = paths.ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHAPTERS = ["book/intro.html", "book/generated/zhangjiang_overview.html", "book/generated/zhangjiang_resources.html",
            "book/generated/zhangjiang_themes.html", "book/generated/zizhu.html", "book/generated/districts_overview.html",
            "book/generated/districts_themes.html", "book/generated/district_industries.html", "book/method.html",
            "book/adapt.html", "book/generated/data_appendix.html"]
#: Each language's pages: Chinese at the top of html/, English under html/en/, and what each declares.
LANGUAGES = {"": "zh-CN", "en/": "en"}


@pytest.fixture(scope="module")
def site(edition_2014):
    """The scratch _build served on 127.0.0.1; yields the base URL of the 2014 edition."""
    with serve(edition_2014.parent.parent) as base:
        yield base + "2014/html/"


@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b


def visit(browser, url, width=1280, height=900):
    """Open ``url``; return (page, problems) where problems are console errors and failed requests."""
    page = browser.new_page(viewport={"width": width, "height": height})
    problems = []
    page.on("console", lambda m: problems.append(f"console: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on("requestfailed", lambda r: problems.append(f"failed: {r.url}"))
    page.on("response", lambda r: problems.append(f"HTTP {r.status}: {r.url}") if r.status >= 400 else None)
    page.goto(url, wait_until="networkidle")
    return page, problems


def test_every_page_loads_cleanly_with_its_figures(browser, site, edition_2014):
    pages = content_pages(edition_2014)
    assert len(pages) >= 14
    for rel in pages:
        page, problems = visit(browser, site + rel)
        assert problems == [], (rel, problems)
        broken = page.evaluate("[...document.images].filter(i => !i.complete || i.naturalWidth === 0).map(i => i.src)")
        assert broken == [], (rel, broken)
        page.close()


def test_screenshots_of_every_page_for_review(browser, site, edition_2014):
    dest = edition_2014.parent / "screenshots"
    written = take_screenshots(browser, site, edition_2014, dest)
    assert len(written) == 2 * len(content_pages(edition_2014))
    assert all(p.stat().st_size > 10_000 for p in written)


def csv_cells(text: str) -> set[str]:
    """The distinctive cells of a figure's CSV: not empty, not a single character, not its source columns."""
    rows = list(csv.DictReader(io.StringIO(text)))
    return {v for row in rows for k, v in row.items() if k not in ("section", "heading") and v and len(v) >= 2}


def test_every_figure_on_every_page_has_alt_text_stating_its_data(browser, site, edition_2014):
    """Each figure's alt text says what kind of figure it is and states its data: at least three cells of the
    CSV offered for download under it (values as printed, names, numbers) stand in the alt text."""
    seen = 0
    for rel in content_pages(edition_2014):
        page, _ = visit(browser, site + rel)
        figures = page.evaluate("""[...document.querySelectorAll('figure')].filter(f => f.querySelector('img')).map(f =>
            [f.querySelector('img').alt, f.querySelector('img').src,
             [...document.querySelectorAll('a.download, a[download]')].map(a => a.href)])""")
        for alt, src, downloads in figures:
            stem = src.rsplit("/", 1)[1].removesuffix(".svg")
            data = [h for h in downloads if h.endswith(f"/{stem}.csv")]
            assert len(data) == 1, (rel, stem, downloads)
            cells = csv_cells(page.request.get(data[0]).text())
            if rel.startswith("en/"):  # the CSV is the same in both languages: its numbers, in English wording
                assert re.match(r"^[A-Z][A-Za-z' -]{2,60}: ", alt) and len(alt) > 30, (rel, stem, alt)
                assert not CJK.search(alt), (rel, stem, alt)
                assert len(re.findall(r"\d[\d,.]*", alt)) >= 3, (rel, stem, alt)
            else:
                stated = {c for c in cells if c in alt}
                assert re.match(r"^\S{2,12}：", alt) and len(alt) > 30, (rel, stem, alt)
                assert len(stated) >= 3, (rel, stem, alt, sorted(cells)[:20])
            seen += 1
        page.close()
    assert seen == sum(len(list((edition_2014 / lang / "_images").glob("*.svg"))) for lang in LANGUAGES) >= 14


CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")
#: Marks each visible element of the page body and sidebar whose own text holds Chinese; returns those texts.
MARK_CJK_ELEMENTS = """() => [...document.querySelectorAll('article *, .bd-sidebar-primary *')].filter(e => {
    const own = [...e.childNodes].filter(n => n.nodeType === 3).map(n => n.textContent).join('');
    if (!/[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]/.test(own) || !e.getClientRects().length) return false;
    e.setAttribute('data-cjk', ''); return true;
}).map(e => [...e.childNodes].filter(n => n.nodeType === 3).map(n => n.textContent).join(''))"""


def cjk_glyphs_by_font(page) -> list[tuple[str, int, dict[str, int]]]:
    """For each visible element whose own text holds Chinese: that text, how many Chinese characters it has,
    and the glyphs Chromium drew for the element per font (PostScript name), from the DevTools protocol."""
    texts = page.evaluate(MARK_CJK_ELEMENTS)
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
    nodes = cdp.send("DOM.querySelectorAll", {"nodeId": root, "selector": "[data-cjk]"})["nodeIds"]
    assert len(texts) == len(nodes)
    out = []
    for text, node in zip(texts, nodes):
        fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
        out.append((text, len(CJK.findall(text)), {f["postScriptName"]: f["glyphCount"] for f in fonts}))
    cdp.detach()
    return out


def test_chinese_renders_in_noto_sans_cjk_sc(browser, site):
    """Chromium draws every Chinese character of every chapter with the SC face of Noto Sans CJK (not the JP,
    TC or KR faces, not another CJK font): per element, that face drew at least as many glyphs as the element
    shows Chinese characters."""
    for rel in CHAPTERS:
        page, _ = visit(browser, site + rel)
        family = page.evaluate("getComputedStyle(document.querySelector('article p')).fontFamily")
        assert family.startswith('"Noto Sans CJK SC"'), (rel, family)
        elements = cjk_glyphs_by_font(page)
        assert len(elements) >= 20, rel
        for text, count, fonts in elements:
            noto = sum(n for name, n in fonts.items() if name.startswith("NotoSansCJKsc-"))
            assert noto >= count, (rel, text[:40], count, fonts)
        page.close()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_sidebar_reaches_every_chapter(browser, site, lang):
    page, _ = visit(browser, site + lang + "index.html")
    links = page.evaluate("[...document.querySelectorAll('.bd-sidebar-primary nav a.reference.internal')].map(a => a.href)")
    rels = {l.split("/2014/html/" + lang)[1].split("#")[0] for l in links}
    assert set(CHAPTERS[1:]) <= rels, set(CHAPTERS[1:]) - rels
    for rel in CHAPTERS[1:]:
        page.goto(site + lang + rel)
        assert page.locator("article h1").first.inner_text().strip()
    page.close()


@pytest.mark.parametrize("lang, term, expected", [
    ("", "紫竹", "zizhu.html"), ("", "张江", "zhangjiang_overview.html"), ("", "临港", "districts_themes.html"),
    ("", "北斗", "districts_themes.html"), ("", "互联网金融", "districts_themes.html"),
    ("", "复旦创新走廊", "districts_themes.html"), ("", "一谷两园", "districts_themes.html"),
    ("", "总收入", "zhangjiang_overview.html"),
    ("en/", "Zizhu", "zizhu.html"), ("en/", "Lingang", "districts_themes.html"), ("en/", "BeiDou", "districts_themes.html"),
    ("en/", "internet finance", "districts_themes.html"), ("en/", "Zhangjiang", "zhangjiang_overview.html"),
])
def test_site_search_finds_the_right_pages(browser, site, lang, term, expected):
    page, problems = visit(browser, site + f"{lang}search.html?q={term}")
    page.wait_for_selector("#search-results ul.search li", timeout=15000)
    hits = page.evaluate("[...document.querySelectorAll('#search-results ul.search li a')].map(a => a.href)")
    assert any(expected in h for h in hits), (term, hits)
    if lang:  # the English search stays in the English book
        assert all("/html/en/" in h for h in hits), hits
    assert problems == []
    page.close()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_phone_width_has_no_horizontal_overflow(browser, site, lang):
    for rel in CHAPTERS:
        page, _ = visit(browser, site + lang + rel, width=390, height=844)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, (rel, overflow)
        page.close()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_accessibility_has_no_serious_violations(browser, site, lang):
    assert AXE.exists(), "run `npm ci` (make test does) to install axe-core"
    for rel in CHAPTERS + ["search.html"]:
        page, _ = visit(browser, site + lang + rel)
        assert page.evaluate("document.documentElement.lang") == LANGUAGES[lang]
        page.add_script_tag(path=str(AXE))
        result = page.evaluate("axe.run(document, {runOnly: ['wcag2a', 'wcag2aa']})")
        bad = [(v["id"], v["impact"], len(v["nodes"])) for v in result["violations"] if v["impact"] in ("serious", "critical")]
        assert bad == [], (rel, bad)
        if rel == "search.html":
            page.close()
            continue
        levels = page.evaluate("[...document.querySelectorAll('article h1, article h2, article h3, article h4')].map(h => +h.tagName[1])")
        assert levels and levels[0] == 1 and all(b - a <= 1 for a, b in zip(levels, levels[1:])), (rel, levels)
        page.close()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_edition_banner_links_resolve(browser, site, lang):
    page, _ = visit(browser, site + lang + "book/generated/zizhu.html")
    hrefs = page.evaluate("[...document.querySelectorAll('a.edition-link')].map(a => a.href)")
    assert hrefs and all("/2014/" not in h for h in hrefs)
    for href in hrefs:
        response = page.goto(href)
        assert response.status == 200 and "全部版本" in page.content() and "All editions" in page.content()
    page.close()


@pytest.mark.parametrize("lang, other", [("", "en/"), ("en/", "")])
def test_language_switch_leads_to_the_same_page(browser, site, lang, other):
    for rel in ("book/generated/zizhu.html", "book/intro.html", "search.html"):
        page, _ = visit(browser, site + lang + rel)
        page.click("a.lang-switch")
        page.wait_for_load_state("load")
        assert page.url == site + other + rel, (rel, page.url)
        assert page.evaluate("document.documentElement.lang") == LANGUAGES[other]
        page.close()


def test_search_dictionary_keeps_domain_terms_whole(edition_2014):
    raw = (edition_2014 / "searchindex.js").read_text(encoding="utf-8")
    terms = json.loads(raw[raw.index("(") + 1:raw.rindex(")")])["terms"]
    for term in ("复旦创新走廊", "一谷两园", "虹桥互联网金融财富天地", "紫竹高新区", "张江", "总收入"):
        assert term in terms, term
