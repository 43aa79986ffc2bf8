"""What the browser tests keep of each page they visit: read in one pass over the site (see ``review.survey``)."""

from __future__ import annotations

import re
import urllib.error
import urllib.parse
import urllib.request
from functools import cache
from pathlib import Path

from zjbook import paths

AXE = paths.ROOT / "node_modules" / "axe-core" / "axe.min.js"
CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")
#: Latin letters, one glyph each, but for the ligatures Noto Sans draws as one glyph (ffi, ffl, ff, fi, fl).
LATIN = re.compile(r"ff[il]|f[fil]|[A-Za-z]")

#: Quotation marks and apostrophes, straight and curly: an English page must draw them in its Latin face.
QUOTES = re.compile(r"[\u2018\u2019\u201c\u201d'\"]")

#: Everything the tests read from a page's DOM, in one evaluation.
FACTS = """() => {
    const all = selector => [...document.querySelectorAll(selector)];
    const firstP = document.querySelector('article p');
    return {
        lang: document.documentElement.lang,
        broken: [...document.images].filter(i => !i.complete || i.naturalWidth === 0).map(i => i.src),
        figures: all('figure').filter(f => f.querySelector('img')).map(f =>
            [f.querySelector('img').alt, f.querySelector('img').src, all('a.download, a[download]').map(a => a.href)]),
        sidebar: all('.bd-sidebar-primary nav a.reference.internal').map(a => a.href),
        h1: document.querySelector('article h1')?.innerText.trim() ?? null,
        headings: all('article h1, article h2, article h3, article h4').map(h => +h.tagName[1]),
        edition_links: all('a.edition-link').map(a => a.href),
        overflow: document.documentElement.scrollWidth - window.innerWidth,
        family: firstP && getComputedStyle(firstP).fontFamily,
    };
}"""

#: Marks each visible element of the page body and sidebar whose own text matches the pattern (and, given a
#: family, whose CSS asks for that family first) with the attribute; returns those texts.
MARK_ELEMENTS = """([attr, pattern, family]) => {
    const own = e => [...e.childNodes].filter(n => n.nodeType === 3).map(n => n.textContent).join('');
    return [...document.querySelectorAll('article *, .bd-sidebar-primary *')].filter(e => {
        if (!new RegExp(pattern).test(own(e)) || !e.getClientRects().length) return false;
        if (family && !getComputedStyle(e).fontFamily.startsWith(family)) return false;
        e.setAttribute(attr, ''); return true;
    }).map(own);
}"""


def glyphs_by_font(page, attr: str, pattern: re.Pattern, family: str | None = None) -> dict:
    """For each visible element whose own text matches ``pattern`` (see ``MARK_ELEMENTS``): that text, how many
    characters of it match, and the glyphs Chromium drew for the element per font (PostScript name), from the
    DevTools protocol. ``marked`` and ``nodes`` count the elements found in the page and through the protocol."""
    texts = page.evaluate(MARK_ELEMENTS, [attr, pattern.pattern, family])
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
    nodes = cdp.send("DOM.querySelectorAll", {"nodeId": root, "selector": f"[{attr}]"})["nodeIds"]
    elements = []
    for text, node in zip(texts, nodes):
        fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
        elements.append((text, len(pattern.findall(text)), {f["postScriptName"]: f["glyphCount"] for f in fonts}))
    cdp.detach()
    return {"marked": len(texts), "nodes": len(nodes), "elements": elements}


#: Marks each visible element of the page body and sidebar whose own text holds a quotation mark or apostrophe
#: with ``data-quote``; returns the whole text of each (Chromium's fonts of a node count its descendants' glyphs).
MARK_QUOTES = """(pattern) => [...document.querySelectorAll('article *, .bd-sidebar-primary *')].filter(e => {
    const own = [...e.childNodes].filter(n => n.nodeType === 3).map(n => n.textContent).join('');
    if (!new RegExp(pattern).test(own) || !e.getClientRects().length) return false;
    e.setAttribute('data-quote', ''); return true;
}).map(e => e.textContent)"""


def quote_fonts(page) -> list[tuple[str, int, dict]]:
    """For each visible element whose own text holds a quotation mark or apostrophe: its whole text, how many
    CJK characters it shows, and the glyphs Chromium drew for it per font (PostScript name). An apostrophe drawn
    by a CJK face shows as more glyphs from that face than the element has CJK characters."""
    texts = page.evaluate(MARK_QUOTES, QUOTES.pattern)
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
    nodes = cdp.send("DOM.querySelectorAll", {"nodeId": root, "selector": "[data-quote]"})["nodeIds"]
    assert len(nodes) == len(texts), (len(nodes), len(texts))
    found = []
    for text, node in zip(texts, nodes):
        fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
        found.append((text, len(CJK.findall(text)), {f["postScriptName"]: f["glyphCount"] for f in fonts}))
    cdp.detach()
    return found


def looker(axe_on: set[str], cjk_fonts_on: set[str], latin_fonts_on: set[str], latin_family: str):
    """``look`` for ``review.survey``: the ``FACTS`` of every page; on the desktop, axe-core's results for the
    pages ``axe_on``, the fonts of Chinese text for ``cjk_fonts_on``, and for ``latin_fonts_on`` the fonts of Latin
    text set in ``latin_family`` (CSS name)."""

    def look(page, rel: str, viewport: str) -> dict:
        facts = page.evaluate(FACTS)
        if viewport != "desktop":
            return facts
        # a table folded under its chart is checked opened: a closed one draws no glyph to check
        facts["folded"] = page.evaluate(
            "[...document.querySelectorAll('article details')].map(d => { d.open = true; return d.id || 'details'; })"
        )
        if rel in axe_on and AXE.exists():
            page.add_script_tag(path=str(AXE))
            # resultTypes: every node of every violation, a single node only of what passed (faster)
            facts["axe"] = page.evaluate(
                "axe.run(document, {runOnly: ['wcag2a', 'wcag2aa'], resultTypes: ['violations']})"
            )["violations"]
        if rel in cjk_fonts_on:
            facts["cjk_fonts"] = glyphs_by_font(page, "data-cjk", CJK)
        if rel in latin_fonts_on:
            facts["latin_fonts"] = glyphs_by_font(page, "data-latin", LATIN, latin_family)
            facts["quote_fonts"] = quote_fonts(page)
        return facts

    return look


_ICON = re.compile(r"""<link\s[^>]*rel=["']?(?:shortcut )?icon["']?[^>]*\shref=["']?([^"'\s>]+)""", re.I)


def icon_url(html_dir: Path, rel: str, base_url: str) -> str:
    """The icon Chromium asks for when it shows the page ``rel``: the one its ``<link rel="icon">`` names, or
    else ``/favicon.ico`` at the root of the server."""
    found = _ICON.search((html_dir / rel).read_text(encoding="utf-8", errors="replace"))
    return urllib.parse.urljoin(base_url + rel, found[1] if found else "/favicon.ico")


@cache
def http_get(url: str) -> tuple[int, str]:
    """Status and text of a GET (an error status too)."""
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read().decode("utf-8", errors="replace")
    except urllib.error.HTTPError as e:
        return e.code, ""
