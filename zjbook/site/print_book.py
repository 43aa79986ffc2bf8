"""The print edition's HTML: the single-page build recomposed as a book for paper.

Everything is derived from the built page's structure, never from fixed strings: each document of the book
(``<span id="document-…">`` followed by its ``<section>``) becomes a chapter whose first heading is its ``h1``
and whose running head is that heading; the contents lists every chapter and its ``h2`` sections, grouped by
the parts of the theme's print table of contents. What only works on a screen goes (download links, the
headerlinks, scripts, the banner and navigation, which are simply not taken over).

The page numbers of the contents are filled in by :func:`fill_contents` once a first printing has shown where
each heading landed (Chromium has no ``target-counter()``).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from pathlib import Path

from bs4 import BeautifulSoup, NavigableString, Tag

from ..wording import Voice

#: Stylesheets of the web theme (layout, navigation, colours of the screen); the print edition has its own.
THEME_CSS = ("_static/styles/",)
STYLESHEET = "_static/print.css"
PLACEHOLDER = "00"  # the contents' page numbers before the first printing (same width as two digits)


@dataclass
class Cover:
    """What the cover says; every field comes from the edition's data or the book's configuration."""

    title: str
    subtitle: str
    report: str  # the source report and its part, as the band at the top names them
    year: int
    data_as_of: str
    source: str
    author: str


@dataclass
class Entry:
    """One line of the contents: a chapter or a section, the anchor it links to and its heading as printed."""

    anchor: str
    number: str
    title: str
    level: int  # 1 chapter, 2 section
    part: str | None = None
    sections: list[Entry] = field(default_factory=list)


def labels(voice: Voice) -> dict:
    """The print edition's own words (``wording/<lang>/print.toml``): what the web book does not say anywhere."""
    return dict(voice.words("print"))


def _css_string(text: str) -> str:
    """``text`` as a CSS string literal."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def _unwrap_all(root: Tag, selector: str) -> None:
    for el in root.select(selector):
        el.unwrap()


def _heading_parts(h: Tag) -> tuple[str, str]:
    """(section number, title) of a heading, headerlink left out."""
    num = h.select_one("span.section-number")
    number = num.get_text().strip() if num else ""
    text = "".join(
        c.get_text() if isinstance(c, Tag) else str(c) for c in h.children if not (isinstance(c, Tag) and c is num)
    )
    return number, " ".join(text.split())


def _clean(root: Tag) -> set[str]:
    """Take out what only works on a screen; unwrap the notebook's containers so that headings, paragraphs,
    figures and tables are siblings (page breaks are decided between siblings). Returns the labels of the
    download links it removed."""
    for el in root.select("a.headerlink, script, .screen-only, .toctree-wrapper"):
        el.decompose()
    downloads: set[str] = set()
    paragraphs = {id(a.parent): a.parent for a in root.select("a.download") if a.parent and a.parent.name == "p"}
    for p in paragraphs.values():
        links = p.select("a.download")
        rest = p.get_text()
        for a in links:
            rest = rest.replace(a.get_text(), "", 1)
        if not rest.strip(" ·\n"):  # nothing but download links (an English page offers two under a figure)
            downloads.update(" ".join(a.get_text().split()) for a in links)
            p.decompose()  # "下载本图数据（CSV）" under a figure: nothing to do with it on paper
    for a in root.select("a.download"):
        a.unwrap()  # a data file named in the appendix: its name stays, as text
    for summary in root.select("details > summary"):
        summary.decompose()  # "以表格查看上图数据": on paper the table is simply there, under its figure
    _unwrap_all(root, "details, details > div.sd-summary-content")
    _unwrap_all(root, "a.image-reference")
    for a in root.select("a[href]"):
        href = a["href"]
        if not (href.startswith("#") or re.match(r"(https?|mailto):", href)):
            a.unwrap()  # a link to a file of the web build: dead in a PDF
    for cell in root.select("div.cell"):
        if not cell.get_text(strip=True) and not cell.find(["img", "svg", "table"]):
            cell.decompose()
    _unwrap_all(root, "div.cell, div.cell_output, div.pst-scrollable-table-container")
    _break_identifiers(root)
    return downloads


def _drop_mentions(root: Tag, labels: set[str]) -> list[str]:
    """Remove the list items and paragraphs that point the reader to the screen's download links (they quote
    the links' label): on paper there are none. Returns what was removed."""
    dropped = []
    for el in root.find_all(["li", "p"]):
        text = " ".join(el.get_text().split())
        if el.parent is not None and any(label in text for label in labels):
            dropped.append(text)
            el.decompose()
    return dropped


#: A data identifier such as ``zj_res_research_institutes``: on paper it may break after an underscore.
IDENTIFIER = re.compile(r"[A-Za-z0-9]+(?:_[A-Za-z0-9]+){2,}")


def _break_identifiers(root: Tag) -> None:
    """Let long identifiers break after their underscores (``<wbr>``, which adds no character to the text
    layer), so a line of justified text is not stretched around a word that cannot break."""
    for text in root.find_all(string=IDENTIFIER):
        if text.find_parent(["pre", "style", "script"]) is not None:
            continue
        pieces = []
        for i, part in enumerate(re.split(r"(?<=_)(?=[A-Za-z0-9])", str(text))):
            if i:
                pieces.append(BeautifulSoup("<wbr>", "html.parser").wbr)
            pieces.append(NavigableString(part))
        text.replace_with(*pieces)


def _chapters(article: Tag) -> list[Tag]:
    """Every document of the single page as a section of its own, in reading order, the root page first."""
    root = article.find("section")
    docs = []
    for span in article.select('span[id^="document-"]'):
        section = span.find_next_sibling("section")
        if section is None:
            continue
        docs.append((span["id"], section.extract()))
        span.decompose()
    return [("document-root", root.extract())] + docs


def _parts(soup: BeautifulSoup) -> dict[str, str]:
    """Document anchor → the caption of the part it belongs to, from the theme's print table of contents."""
    parts = {}
    for caption in soup.select("#jb-print-toc p.caption"):
        name = " ".join(caption.get_text().split())
        for a in caption.find_next_sibling("ul").select('a[href^="#"]'):
            parts[a["href"][1:]] = name
    return parts


def _unique_ids(chapters: list[Tag]) -> None:
    """Sphinx numbers each document's ids on its own (``id1``, ``id2`` … in every chapter): give the repeated
    ones a chapter prefix, and point that chapter's own links at the new names."""
    seen: dict[str, int] = {}
    for ch in chapters:
        for el in ch.find_all(id=True):
            seen[el["id"]] = seen.get(el["id"], 0) + 1
    for k, ch in enumerate(chapters):
        renamed = {}
        for el in ch.find_all(id=True):
            if seen[el["id"]] > 1 and not el["id"].startswith("document-"):
                renamed[el["id"]] = el["id"] = f"c{k}-{el['id']}"
        for a in ch.select('a[href^="#"]'):
            if a["href"][1:] in renamed:
                a["href"] = "#" + renamed[a["href"][1:]]


def _shift_headings(section: Tag) -> None:
    """The document's first heading becomes ``h1``, its sections ``h2``, and so on."""
    headings = section.find_all(re.compile(r"^h[1-6]$"))
    if not headings:
        return
    delta = int(headings[0].name[1]) - 1
    for h in headings:
        h.name = f"h{max(1, min(6, int(h.name[1]) - delta))}"


def compose(single: Path, voice: Voice, cover: Cover) -> tuple[Path, list[Entry], list[str]]:
    """Write ``print.html`` beside the single-page build's ``index.html``; return it, the contents' entries and
    the passages left out because they speak of the screen's download links."""
    source = single / "book" / "intro.html"
    soup = BeautifulSoup(source.read_text(encoding="utf-8"), "html.parser")
    words = labels(voice)
    lang = voice.lang
    html_lang = soup.html.get("lang", lang)
    article = soup.select_one("article.bd-article")
    parts = _parts(soup)
    chapters = []
    for anchor, section in _chapters(article):
        wrapper = soup.new_tag("div", attrs={"class": "chapter", "id": anchor})
        wrapper.append(section)
        chapters.append(wrapper)
    _unique_ids(chapters)
    downloads = set().union(*(_clean(ch) for ch in chapters))
    dropped = [text for ch in chapters for text in _drop_mentions(ch, downloads)]
    entries = []
    for k, ch in enumerate(chapters):
        _shift_headings(ch)
        h1 = ch.find("h1")
        number, title = _heading_parts(h1)
        entry = Entry(ch["id"], number, title, 1, parts.get(ch["id"]))
        for h2 in ch.find_all("h2"):
            sec = h2.find_parent("section")
            n, t = _heading_parts(h2)
            entry.sections.append(Entry(sec["id"], n, t, 2))
        entries.append(entry)
        ch["class"] = ["chapter", f"chapter-{k}"]
        ch["style"] = f"page: chapter-{k}"

    css = [
        str(link["href"])
        for link in soup.select('link[rel="stylesheet"]')
        if not str(link["href"]).startswith(THEME_CSS)
    ]
    head = ['<meta charset="utf-8">', f"<title>{html.escape(cover.title)}</title>"]
    head += [f'<link rel="stylesheet" href="{html.escape(href)}">' for href in css]
    head.append(f'<link rel="stylesheet" href="{STYLESHEET}">')
    head.append("<style>" + _page_rules(words, cover, entries) + "</style>")
    body = [_cover_html(words, cover), _contents_html(words, entries)] + [str(ch) for ch in chapters]
    out = single / "print.html"
    out.write_text(
        f'<!DOCTYPE html>\n<html lang="{html.escape(html_lang)}">\n<head>\n'
        + "\n".join(head)
        + f'\n</head>\n<body class="print lang-{lang}">\n'
        + "\n".join(body)
        + "\n</body>\n</html>\n",
        encoding="utf-8",
    )
    return out, entries, dropped


def _page_rules(words: dict, cover: Cover, entries: list[Entry]) -> str:
    """Page numbers in the footer, and each chapter's title as the running head of its pages (a named page per
    chapter: Chromium has no ``string-set``)."""
    rules = [
        f"@page {{ @bottom-center {{ content: {words['page']}; }} }}",
        "@page cover { margin: 0; @bottom-center { content: none; } }",
        f"@page contents {{ @top-right {{ content: {_css_string(words['contents'])}; }} }}",
    ]
    for k, e in enumerate(entries):
        head = f"{e.number} {e.title}".strip()
        rules.append(f"@page chapter-{k} {{ @top-right {{ content: {_css_string(head)}; }} }}")
    return "\n".join(rules)


def _cover_html(words: dict, c: Cover) -> str:
    e = html.escape
    return (
        f'<section class="cover" aria-label="{e(c.title)}">'
        f'<p class="cover-report">{e(c.report)}</p>'
        f'<p class="cover-title">{e(c.title)}</p>'
        f'<p class="cover-subtitle">{e(c.subtitle)}</p>'
        f'<dl class="cover-facts">'
        f'<dd class="cover-edition">{e(words["edition"].format(year=c.year))} · {e(words["language"])}</dd>'
        f'<dd class="cover-date">{e(words["data_as_of"].format(date=c.data_as_of))}</dd>'
        f'<dd class="cover-source">{e(c.source)}</dd>'
        f'<dd class="cover-author">{e(c.author)}</dd>'
        f"</dl></section>"
    )


def _entry_html(e: Entry, cls: str) -> str:
    num = f'<span class="toc-num">{html.escape(e.number)}</span>' if e.number else ""
    return (
        f'<li class="{cls}"><a href="#{html.escape(e.anchor)}" data-toc="{html.escape(e.anchor)}">{num}'
        f'<span class="toc-title">{html.escape(e.title)}</span><span class="toc-leader"></span>'
        f'<span class="toc-page">{PLACEHOLDER}</span></a>'
    )


def _contents_html(words: dict, entries: list[Entry]) -> str:
    out = [
        f'<nav class="contents" aria-labelledby="contents-title"><h1 id="contents-title">'
        f"{html.escape(words['contents'])}</h1>"
    ]
    part = None
    open_list = False
    for e in entries:
        if e.part != part or not open_list:
            if open_list:
                out.append("</ol>")
            if e.part and e.part != part:
                out.append(f'<p class="toc-part">{html.escape(e.part)}</p>')
            out.append('<ol class="toc">')
            open_list, part = True, e.part
        out.append(_entry_html(e, "toc-chapter"))
        if e.sections:
            out.append(
                '<ol class="toc-sections">'
                + "".join(_entry_html(s, "toc-section") + "</li>" for s in e.sections)
                + "</ol>"
            )
        out.append("</li>")
    out.append("</ol></nav>")
    return "".join(out)


def fill_contents(page: Path, pages: dict[str, int]) -> None:
    """Write each contents entry's page (anchor → 1-based page number) into ``page``."""
    text = page.read_text(encoding="utf-8")

    def number(m):
        anchor = html.unescape(m.group(1))
        if anchor not in pages:
            raise KeyError(f"the PDF has no destination for the contents entry #{anchor}")
        return m.group(0).replace(
            f'<span class="toc-page">{m.group(2)}</span>', f'<span class="toc-page">{pages[anchor]}</span>'
        )

    text = re.sub(r'data-toc="([^"]*)">.*?<span class="toc-page">([^<]*)</span>', number, text)
    page.write_text(text, encoding="utf-8")
