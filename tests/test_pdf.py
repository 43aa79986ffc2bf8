"""The print edition: one A4 PDF per language, read back with pypdf.

Cover and contents, a chapter per page with its running head, page numbers, clean breaks, bookmarks that
mirror the contents, metadata, a tagged structure, searchable text in the right faces, same bytes twice."""

import functools
import io
import os
import re
import unicodedata
from collections import defaultdict

import pytest
import yaml
from conftest import warm_cache
from fontTools.ttLib import TTFont
from pypdf import PdfReader
from pypdf.generic import ContentStream, DecodedStreamObject, IndirectObject, NameObject

from zjbook import paths
from zjbook.render.page import Page
from zjbook.site import pdf as pdf_module
from zjbook.site import print_book
from zjbook.site.pdf import build_pdf
from zjbook.wording import Voice

A4 = (595, 842)
TOP, BOTTOM = 842 - 68, 62  # the page margins of print.css (24 mm, 22 mm): running head above, page number below


# Session-scoped: under xdist a worker may run another module's test between two of these, which would tear a
# module fixture down and print both PDFs again. (The printing's browser is closed before the tests read them.)
@pytest.fixture(scope="session")
def out_root(tmp_path_factory, edition_2014):
    """A scratch output root holding the notebook cache of the session's build of the same data (the print edition
    is made from the same pages; its notebooks are not executed again)."""
    return warm_cache(tmp_path_factory.mktemp("pdf"), edition_2014)


@pytest.fixture(scope="session")
def pdfs(out_root):
    zh, en = build_pdf(2014, out_root=out_root, report=lambda *_: None, langs=("zh", "en"))
    return {"zh": zh, "en": en}


@functools.cache
def parsed(path, lang):
    """A PDF read once per test run: reading its text is the slow part of these tests."""
    return Book(path, lang)


@pytest.fixture(scope="module", params=["zh", "en"])
def book(request, pdfs):
    """One language's PDF as what a reader (or a search, or a screen reader) gets from it."""
    return parsed(pdfs[request.param], request.param)


#: A line of a page's content stream that only builds or paints a path (Chromium writes one operator a line): it
#: changes neither the text nor where it stands, and the figures' and tables' thousands of such lines are most of
#: what reading the text would parse.
PATH_LINE = re.compile(rb"^[-+.\d ]*(?:re|f\*?|l|c|m|h|y|v|S|s|B\*?|b\*?|n|W\*? n)\r?$", re.M)


def text_pages(path):
    """The PDF's pages for reading their text: each page's content without its path lines (a reader of its own,
    so that the book's own pages stay as printed). The text and its positions come out the same, four to six
    times faster."""
    reader = PdfReader(path)
    for page in reader.pages:
        stripped = DecodedStreamObject()
        stripped.set_data(PATH_LINE.sub(b"", page.get_contents().get_data()))
        page[NameObject("/Contents")] = ContentStream(stripped, reader, "bytes")
    return reader.pages


def squash(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


class Book:
    def __init__(self, path, lang):
        self.path, self.lang = path, lang
        self.reader = PdfReader(path)
        self.pages = self.reader.pages
        self.words = print_book.labels(Voice(lang))
        # one pass of text extraction per page (the slow part of these tests) gives both views of it: per page its
        # lines, (y, text, font size) from top to bottom, and its text as a reader's copy or search gets it
        self.lines, self.page_texts = map(list, zip(*(self._read(p) for p in text_pages(path))))

    @staticmethod
    def _read(page):
        chunks = defaultdict(list)

        def visit(text, cm, tm, font, size):
            if text.strip():
                x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
                y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
                chunks[round(y)].append((x, text, abs(size * cm[3]), (font or {}).get("/BaseFont", "")))

        text = page.extract_text(visitor_text=visit)
        lines = [
            (y, " ".join(t.strip() for _, t, _, _ in sorted(cs)), max(s for _, _, s, _ in cs), cs)
            for y, cs in sorted(chunks.items(), reverse=True)
        ]
        return lines, text

    def head(self, i):
        return " ".join(t for y, t, _, _ in self.lines[i] if y > TOP)

    def foot(self, i):
        return " ".join(t for y, t, _, _ in self.lines[i] if y < BOTTOM)

    def body(self, i):
        return [(y, t, s) for y, t, s, _ in self.lines[i] if BOTTOM <= y <= TOP]

    def outline(self):
        """(depth, title, 1-based page) of every bookmark, in order."""
        out = []

        def walk(items, depth):
            for item in items:
                if isinstance(item, list):
                    walk(item, depth + 1)
                else:
                    out.append((depth, item.title, self.reader.get_destination_page_number(item) + 1))

        walk(self.reader.outline, 0)
        return out

    def chapters(self):
        """(title, page) of each chapter: the bookmarks whose title is the running head of their page."""
        return [
            (t, p)
            for d, t, p in self.outline()
            if t != self.words["contents"] and squash(self.head(p - 1)) == squash(t)
        ]

    def headings(self):
        """The bookmarks of chapters and sections: not the contents page, nor the parts (the other top-level
        bookmarks, which lead to their first chapter)."""
        chapters = {t for t, _ in self.chapters()}
        return [(d, t, p) for d, t, p in self.outline() if t != self.words["contents"] and (d > 0 or t in chapters)]

    def _printed(self, title, page):
        return squash(title) in squash(" ".join(t for _, t, _ in self.body(page - 1)))

    def text(self):
        return "\n".join(self.page_texts)


def struct_elements(reader, kinds):
    """(kind, alt, pages its marked content is on) of every element of the tagged structure of these kinds."""
    pages = {p.indirect_reference.idnum: i + 1 for i, p in enumerate(reader.pages)}

    def content_pages(el, page=None):
        ref = el.raw_get("/Pg") if "/Pg" in el else None
        page = pages.get(ref.idnum) if isinstance(ref, IndirectObject) else page
        kids = el.get("/K")
        found = set()
        for kid in kids if isinstance(kids, list) else [kids]:
            if kid is None:
                continue
            kid = kid.get_object()
            if isinstance(kid, int) or ("/MCID" in kid and "/S" not in kid and kid.get("/Type") != "/MCR"):
                found.add(page)
            elif kid.get("/Type") == "/MCR":
                found.add(pages.get(kid.raw_get("/Pg").idnum))
            elif "/S" in kid:
                found |= content_pages(kid, page)
        return found

    out = []

    def walk(el):
        el = el.get_object()
        if el.get("/S") in kinds:
            out.append((el["/S"], str(el.get("/Alt", "")), content_pages(el)))
        kids = el.get("/K")
        for kid in kids if isinstance(kids, list) else [kids]:
            if kid is not None and hasattr(kid.get_object(), "get"):
                walk(kid)

    walk(reader.trailer["/Root"]["/StructTreeRoot"])
    return out


def test_pdf_is_a4_and_complete(pdfs):
    folder = pdfs["zh"].parent
    assert folder.name == "pdf" and folder.parent.name == "2014"
    # fixed slugs, one per language, nothing else (no temporary file left behind)
    assert sorted(p.name for p in folder.iterdir()) == [
        "zhangjiang-districts-2014-en.pdf",
        "zhangjiang-districts-2014.pdf",
    ]
    for lang, pdf in pdfs.items():
        read = parsed(pdf, lang)
        assert len(read.pages) >= 20
        for page, text in zip(read.pages, read.page_texts):
            w, h = float(page.mediabox.width), float(page.mediabox.height)
            assert abs(w - A4[0]) < 2 and abs(h - A4[1]) < 2
            assert len(text.strip()) > 20  # no blank page


def test_cover_says_what_the_book_is(book):
    page = Page.in_memory(2014, book.lang)
    meta = page.edition.meta
    cover = squash(book.page_texts[0])
    for value in (
        page.text(meta["book_title"]),
        page.text(meta["book_subtitle"]),
        page.text(meta["report"]),
        book.words["edition"].format(year=2014),
        book.words["language"],
    ):
        assert squash(value) in cover, value
    date = {"zh": "2014年12月", "en": "December 2014"}[book.lang]
    assert squash(book.words["data_as_of"].format(date=date)) in cover
    # no page number, no running head
    assert not book.head(0) and not book.foot(0)


def test_every_page_but_the_cover_has_its_number(book):
    page_label = {"zh": "第 {} 页", "en": "Page {}"}[book.lang]
    for i in range(1, len(book.pages)):
        assert squash(book.foot(i)) == squash(page_label.format(i + 1)), i + 1


def test_outline_has_every_chapter_and_mirrors_the_contents(book):
    toc = yaml.safe_load((paths.ROOT / "_toc.yml").read_text(encoding="utf-8"))
    files = [c for part in toc["parts"] for c in part["chapters"]]
    chapters = book.chapters()
    assert len(chapters) == len(files) + 1  # the root page, then one per file of the table of contents
    assert len({t for t, _ in chapters}) == len(chapters)
    # the first bookmark is the contents page, right after the cover; parts lead to their first chapter
    assert book.outline()[0] == (0, book.words["contents"], 2)
    # every chapter and section is listed in the contents with the page its bookmark leads to, and the heading is
    # printed on that page (in the text, not only in the running head)
    first = min(p for _, p in chapters)
    lines = [t for i in range(1, first - 1) for _, t, _ in book.body(i)]
    listed = {}  # a contents entry's title (its lines joined, should it wrap) → the page number printed after it
    for i, line in enumerate(lines):
        m = re.fullmatch(r"(.*\S)\s+(\d+)", line)
        if m:
            for k in range(3):  # a heading that wraps: its lines joined, the number after the last or the first
                listed.setdefault(squash(" ".join(lines[max(0, i - k) : i] + [m.group(1)])), int(m.group(2)))
                listed.setdefault(squash(" ".join([m.group(1), *lines[i + 1 : i + 1 + k]])), int(m.group(2)))
    headings = book.headings()
    assert len(headings) > len(chapters)  # sections too
    for depth, title, page in headings:
        assert squash(title) in listed, f"{title!r} not in the contents"
        assert listed[squash(title)] == page, title
        assert book._printed(title, page), f"{title!r} is not printed on page {page}"


def test_each_chapter_starts_a_page_and_heads_its_pages(book):
    chapters = book.chapters()
    assert len(chapters) >= 8
    for title, page in chapters:
        first_line = book.body(page - 1)[0][1]
        assert squash(title).startswith(squash(first_line)), (title, first_line)
    # every page of a chapter carries its title as running head
    starts = sorted((p, t) for t, p in chapters)
    for (start, title), (end, _) in zip(starts, starts[1:] + [(len(book.pages) + 1, None)]):
        for i in range(start - 1, end - 1):
            assert squash(book.head(i)) == squash(title), (i + 1, book.head(i))


def test_no_page_ends_with_a_heading(book):
    titles = [squash(t) for _, t, _ in book.headings()]
    assert len(titles) >= 20
    # the text's size: the most common one; every heading (h3 included, which has no bookmark) is larger
    sizes = [round(s) for i in range(len(book.pages)) for _, _, s in book.body(i)]
    text_size = max(set(sizes), key=sizes.count)
    for i in range(1, len(book.pages)):
        body = book.body(i)
        last = squash(body[-1][1])
        assert not any(t == last or (len(last) >= 3 and t.startswith(last)) for t in titles), (i + 1, last)
        assert round(body[-1][2]) <= text_size, (i + 1, last)


def test_headings_figures_and_captions_are_never_split(book):
    elements = struct_elements(book.reader, {"/H1", "/H2", "/H3", "/Figure", "/Caption"})
    images = [e for e in elements if e[0] == "/Figure" and e[1]]
    assert len(images) >= 6  # every chart, with its alt text for screen readers
    for kind, alt, pages in elements:
        # a figure (image and caption together), a heading or a caption lies on exactly one page
        assert len(pages) == 1, (kind, alt[:40], sorted(pages))


def test_metadata_and_tagged_structure(book):
    page = Page.in_memory(2014, book.lang)
    meta = page.edition.meta
    info = book.reader.metadata
    assert info.title == page.text(meta["book_title"])
    assert info.author and info.subject == page.text(meta["book_subtitle"])
    # dated by the data (December 2014), never by the clock
    assert info["/CreationDate"] == info["/ModDate"] == "D:20141201000000+00'00'"
    root = book.reader.trailer["/Root"]
    assert root["/Lang"] == {"zh": "zh-CN", "en": "en"}[book.lang]
    assert root["/MarkInfo"]["/Marked"] and "/StructTreeRoot" in root
    assert root["/ViewerPreferences"]["/DisplayDocTitle"] and root["/PageMode"] == "/UseOutlines"


def test_print_not_screen(book):
    text = book.text()
    assert "CSV)" not in text and "CSV）" not in text  # "下载本图数据（CSV）" and every sentence about it
    dests = {name.lstrip("/") for name in book.reader.named_destinations}
    links = 0
    for page in book.pages:
        for annot in page.get("/Annots", []):
            annot = annot.get_object()
            if annot.get("/Subtype") != "/Link":
                continue
            links += 1
            # internal links (contents, cross-references) jump within the PDF; nothing points at the web build
            if "/Dest" in annot:
                assert str(annot["/Dest"]).lstrip("/") in dests
            else:
                assert re.match(r"(https?|mailto):", annot["/A"]["/URI"]), annot["/A"]["/URI"]
    assert links >= len(book.headings())


def test_pdf_text_is_chinese_and_extractable(pdfs):
    raw = "".join("".join(text.split()) for text in parsed(pdfs["zh"], "zh").page_texts)
    # the text layer gives the ideographs themselves, never a Kangxi radical drawn with the same glyph (⽰ for 示):
    # a reader's search for 示范区 must find it without any normalisation
    assert not [c for c in raw if 0x2E80 <= ord(c) < 0x2FE0]
    text = unicodedata.normalize("NFKC", raw)  # folds the full-width punctuation of the captions only
    for s in (
        "张江示范区与区县创新（2014）",
        "2.65万亿元",
        "紫竹国家高新技术产业开发区",
        "243多家",
        "图1.1",
        "图5.1",
        "表4.1",
        "专栏",
        "区县主要产业和产业基地",
        "数据字典",
    ):
        assert unicodedata.normalize("NFKC", s) in text, s
    assert raw.count("示范区") > 20


def test_english_pdf_reads_in_english_in_a_latin_face(pdfs):
    book = parsed(pdfs["en"], "en")
    page = Page.in_memory(2014, "en")
    text = " ".join(" ".join(t.split()) for t in book.page_texts)
    for s in (
        page.view(page.edition.figure("zj_total_revenue")).text,
        "Zizhu",
        "Lingang",
        "BeiDou",
        "Figure 1.1",
        "Table 4.1",
        "files",
    ):
        assert s in text, s
    assert not [c for c in text if "\ufb00" <= c <= "\ufb06"]  # no ligature glyph (ﬁ) breaks a search for "files"
    chinese = [c for c in text if "\u4e00" <= c <= "\u9fff"]
    assert len(chinese) < len(text) / 50  # only the glossary's parenthesised originals
    latin, cjk = set(), set()
    for lines in book.lines:
        for *_, chunks in lines:
            for _, t, _, font in chunks:
                if re.search(r"[A-Za-z]{3}|[\u2018\u2019\u201c\u201d]", t):  # letters, curly quotes, apostrophes
                    latin.add(font.split("+")[-1])
                if re.search(r"[\u4e00-\u9fff]", t):
                    cjk.add(font.split("+")[-1])
    # Latin text in Noto Serif/Sans (the mono face for code), the CJK face only for Chinese
    assert latin and all(f.startswith(("NotoSerif-", "NotoSans-", "DejaVuSansMono")) for f in latin), latin
    assert cjk and all("CJK" in f for f in cjk), cjk


def test_figures_are_vectors_and_the_size_emails_well(pdfs):
    # The SVG figures are drawn as vector paths into the page content: a page with a figure
    # carries well over 100 KB of drawing operations, a page of text and tables far less; no raster image.
    for lang, pdf in pdfs.items():
        reader = parsed(pdf, lang).reader
        sizes = [len(p["/Contents"].get_object().get_data()) for p in reader.pages]
        assert sum(size > 100_000 for size in sizes) >= 6, pdf.name
        for page in reader.pages:
            for xobject in page["/Resources"].get("/XObject", {}).values():
                assert xobject.get_object()["/Subtype"] != "/Image"
        # the CJK faces are embedded once, as fonts (not as Type 3 glyph drawings repeated on every page)
        fonts = {f.get_object()["/Subtype"] for p in reader.pages for f in p["/Resources"].get("/Font", {}).values()}
        assert "/Type3" not in fonts, pdf.name
        assert pdf.stat().st_size < 4_000_000, (pdf.name, pdf.stat().st_size)


def test_same_input_gives_the_same_bytes(pdfs, out_root, monkeypatch):
    """A second build (Chinese only: it must leave the English PDF in place) writes the same bytes; only the
    dates are masked, and they come from the data anyway. Its print faces come from the subsets kept in the user's
    cache (making one here would fail); test_a_print_face_is_the_same_made_or_kept shows that making them again
    gives the same bytes."""

    def masked(data):
        return re.sub(rb"/(CreationDate|ModDate) \([^)]*\)", rb"/\1 ()", data)

    first = {lang: p.read_bytes() for lang, p in pdfs.items()}
    monkeypatch.setattr(pdf_module.subset, "Subsetter", None)  # every face must come from the cache
    again = build_pdf(2014, out_root=out_root, report=lambda *_: None, langs="zh")
    assert again == [pdfs["zh"]]
    assert masked(again[0].read_bytes()) == masked(first["zh"])
    assert pdfs["en"].read_bytes() == first["en"]


def test_a_print_face_is_the_same_made_or_kept(tmp_path, monkeypatch):
    """A subset of a print face made twice is the same bytes; kept, it is taken back as it was, without being made
    again; a kept one that was damaged is made again, never used."""
    chars = sorted(map(ord, "张江示范区紫竹高新区临港2014年（亿元）%"))
    made = pdf_module.print_face("Noto Sans CJK SC", "bold", chars)
    assert pdf_module.print_face("Noto Sans CJK SC", "bold", chars) == made
    face = TTFont(io.BytesIO(made))
    assert "glyf" in face and "CFF " not in face  # TrueType outlines
    assert set(chars) <= set(face.getBestCmap())

    cache = tmp_path / "fonts"
    assert pdf_module.print_face("Noto Sans CJK SC", "bold", chars, cache) == made
    [kept] = cache.glob("*.ttf")
    real = pdf_module.subset.Subsetter
    monkeypatch.setattr(pdf_module.subset, "Subsetter", None)  # making one now would fail
    assert pdf_module.print_face("Noto Sans CJK SC", "bold", chars, cache) == made
    with pytest.raises(TypeError):  # other characters: not what was kept, so made (and failing here)
        pdf_module.print_face("Noto Sans CJK SC", "bold", chars[:-1], cache)
    kept.write_bytes(made[: len(made) // 2])  # damaged: cut short
    monkeypatch.setattr(pdf_module.subset, "Subsetter", real)
    assert pdf_module.print_face("Noto Sans CJK SC", "bold", chars, cache) == made
    assert [p.read_bytes() for p in cache.glob("*.ttf")] == [made]


def test_the_cache_keeps_the_faces_used_last(tmp_path):
    faces = []
    for age in range(5):  # face-0 used last, face-4 first
        face = tmp_path / f"face-{age}.ttf"
        face.write_bytes(b"x")
        os.utime(face, ns=(1_000_000_000 * (100 - age),) * 2)
        faces.append(face)
    (tmp_path / "notes.txt").write_text("not a face")
    pdf_module.prune_faces(tmp_path, keep=3)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["face-0.ttf", "face-1.ttf", "face-2.ttf", "notes.txt"]
