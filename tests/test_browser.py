"""The built edition as readers meet it: in headless Chromium, served over HTTP on localhost."""
import json

import pytest

from zjbook import paths
from zjbook.site.browser import chromium
from zjbook.site.review import content_pages, serve, take_screenshots

AXE = paths.ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHAPTERS = ["book/intro.html", "book/generated/zhangjiang_overview.html", "book/generated/zhangjiang_resources.html",
            "book/generated/zhangjiang_themes.html", "book/generated/zizhu.html", "book/generated/districts_overview.html",
            "book/generated/districts_themes.html", "book/generated/district_industries.html", "book/method.html",
            "book/adapt.html", "book/generated/data_appendix.html"]


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


def test_figures_have_real_alt_text(browser, site):
    page, _ = visit(browser, site + "book/generated/zhangjiang_overview.html")
    alts = page.evaluate("[...document.querySelectorAll('figure img')].map(i => i.alt)")
    assert alts and all(len(a) > 30 and "2.65万亿元" in a for a in alts[:1])
    page.close()


def test_chinese_renders_in_a_real_cjk_font(browser, site):
    page, _ = visit(browser, site + "book/generated/zizhu.html")
    assert page.evaluate("document.fonts.check('16px \"Noto Sans CJK SC\"', '紫竹高新区')")
    family = page.evaluate("getComputedStyle(document.querySelector('article p')).fontFamily")
    assert "Noto Sans CJK SC" in family
    # A glyph the font lacks would be drawn as a box of the same width for every character; real
    # glyphs of a proportional Latin run differ, and CJK glyphs are square: compare the two.
    widths = page.evaluate("""() => { const c = document.createElement('canvas').getContext('2d');
        c.font = '20px "Noto Sans CJK SC"'; return [c.measureText('张江').width, c.measureText('il').width]; }""")
    assert widths[0] == pytest.approx(40, abs=1) and widths[1] < 15
    page.close()


def test_sidebar_reaches_every_chapter(browser, site):
    page, _ = visit(browser, site + "index.html")
    links = page.evaluate("[...document.querySelectorAll('.bd-sidebar-primary nav a.reference.internal')].map(a => a.href)")
    rels = {l.split("/2014/html/")[1].split("#")[0] for l in links}
    assert set(CHAPTERS[1:]) <= rels, set(CHAPTERS[1:]) - rels
    for rel in CHAPTERS[1:]:
        page.goto(site + rel)
        assert page.locator("article h1").first.inner_text().strip()
    page.close()


@pytest.mark.parametrize("term, expected", [
    ("紫竹", "zizhu.html"), ("张江", "zhangjiang_overview.html"), ("临港", "districts_themes.html"),
    ("北斗", "districts_themes.html"), ("互联网金融", "districts_themes.html"), ("复旦创新走廊", "districts_themes.html"),
    ("一谷两园", "districts_themes.html"), ("总收入", "zhangjiang_overview.html"),
])
def test_chinese_search_finds_the_right_pages(browser, site, term, expected):
    page, problems = visit(browser, site + f"search.html?q={term}")
    page.wait_for_selector("#search-results ul.search li", timeout=15000)
    hits = page.evaluate("[...document.querySelectorAll('#search-results ul.search li a')].map(a => a.href)")
    assert any(expected in h for h in hits), (term, hits)
    assert problems == []
    page.close()


def test_phone_width_has_no_horizontal_overflow(browser, site):
    for rel in CHAPTERS:
        page, _ = visit(browser, site + rel, width=390, height=844)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, (rel, overflow)
        page.close()


def test_accessibility_has_no_serious_violations(browser, site):
    assert AXE.exists(), "run `npm ci` (make test does) to install axe-core"
    for rel in CHAPTERS + ["search.html"]:
        page, _ = visit(browser, site + rel)
        assert page.evaluate("document.documentElement.lang") == "zh-CN"
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


def test_edition_banner_links_resolve(browser, site):
    page, _ = visit(browser, site + "book/generated/zizhu.html")
    hrefs = page.evaluate("[...document.querySelectorAll('a.edition-link')].map(a => a.href)")
    assert hrefs and all("/2014/" not in h for h in hrefs)
    for href in hrefs:
        response = page.goto(href)
        assert response.status == 200 and "全部版本" in page.content()
    page.close()


def test_search_dictionary_keeps_domain_terms_whole(edition_2014):
    raw = (edition_2014 / "searchindex.js").read_text(encoding="utf-8")
    terms = json.loads(raw[raw.index("(") + 1:raw.rindex(")")])["terms"]
    for term in ("复旦创新走廊", "一谷两园", "虹桥互联网金融财富天地", "紫竹高新区", "张江", "总收入"):
        assert term in terms, term
