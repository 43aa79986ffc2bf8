"""``make pdf``: the whole edition as one A4 PDF per language, printed by headless Chromium.

The single-page build is recomposed for paper (:mod:`zjbook.site.print_book`: cover, contents, a chapter per
document), laid out by Chromium's CSS Paged Media (``book/_static/print.css``: page numbers, running heads,
breaks), printed twice so that the contents can give the page each heading landed on, and finished with pypdf
(metadata, dates from the data). Chromium writes the outline (from the headings) and the tagged structure.
"""

from __future__ import annotations

import io
import os
import re
import subprocess
import time
from datetime import UTC, datetime
from pathlib import Path

import fontTools
import yaml
from fontTools import subset
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTCollection, TTFont, newTable
from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    BooleanObject,
    DictionaryObject,
    Fit,
    IndirectObject,
    NameObject,
    TextStringObject,
)

from .. import paths
from ..data.digest import sha
from ..data.edition import Edition
from ..pipeline.build import (
    BuildError,
    JupyterBooks,
    data_as_of,
    parse_languages,
    source_line,
    stage_and_execute,
)
from ..pipeline.publishing import (
    BuildInterrupted,
    BuildLock,
    interruptible,
    private_stage,
    stop_children,
    write_atomic,
)
from ..render.page import voice_for
from ..wording import SOURCE_LANGUAGE, Voice
from . import print_book
from .browser import chromium

#: Kangxi radicals and the CJK radicals supplement. Noto CJK draws ⽰ (U+2F70) and 示 (U+793A) with one
#: glyph, and Chromium's PDF text layer may then give the radical for the ideograph: search and copy fail.
RADICALS = range(0x2E80, 0x2FE0)
#: The CJK faces of the print edition (subset for each book as "ZJ Print …", radicals left out): serif for the
#: text, sans in both weights for headings, captions, tables and emphasis (print.css sets no bold serif: each
#: face costs seconds to subset); and the Latin faces that come first in other languages (fonts-noto-core).
CJK_FACES = {"serif": ("Noto Serif CJK SC", ("normal",)), "sans": ("Noto Sans CJK SC", ("normal", "bold"))}
LATIN_FACES = {"serif": "Noto Serif", "sans": "Noto Sans"}
FONT_HINTS = {
    "Noto Serif CJK SC": "sudo apt-get install -y fonts-noto-cjk",
    "Noto Sans CJK SC": "sudo apt-get install -y fonts-noto-cjk",
    "Noto Serif": "sudo apt-get install -y fonts-noto-core",
    "Noto Sans": "sudo apt-get install -y fonts-noto-core",
}
#: Passes of printing until the contents' page numbers agree with where the headings landed.
MAX_PASSES = 3


def font_file(family: str, bold: bool = False) -> Path:
    """The file fontconfig (as Chromium does) uses for ``family``; fails with the command that installs it."""
    try:
        out = subprocess.run(
            ["fc-match", "-f", "%{family}\t%{file}", f"{family}:weight={200 if bold else 80}"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        out = ""
    families, _, file = out.partition("\t")
    if family not in families.split(","):
        raise BuildError(f"缺少打印字体 {family}；请运行：{FONT_HINTS.get(family, 'fc-list')}")
    return Path(file)


def _face(collection: Path, family: str):
    """The face of ``family`` in a font file (a .ttc holds several languages' faces)."""
    if collection.suffix.lower() != ".ttc":
        return TTFont(str(collection))
    return next(f for f in TTCollection(str(collection)).fonts if f["name"].getDebugName(1) == family)


def to_truetype(font) -> None:
    """Redraw a CFF-flavoured OpenType font's glyphs as TrueType outlines (fontTools' cubic-to-quadratic pen,
    within 1 unit of the em). Chromium's PDF backend embeds a CFF font (as Noto CJK is) as Type 3 glyph
    procedures, repeated on every page; a TrueType one it embeds once, as a font."""
    order, glyph_set = font.getGlyphOrder(), font.getGlyphSet()
    glyphs = {}
    for name in order:
        pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(pen, 1.0, reverse_direction=True))
        glyphs[name] = pen.glyph()
    font["loca"], font["glyf"] = newTable("loca"), newTable("glyf")
    font["glyf"].glyphOrder, font["glyf"].glyphs = order, glyphs
    for tag in ("CFF ", "VORG"):  # VORG belongs to CFF outlines
        if tag in font:
            del font[tag]
    maxp = font["maxp"] = newTable("maxp")
    maxp.tableVersion, maxp.maxZones = 0x00010000, 1
    for field in (
        "maxTwilightPoints",
        "maxStorage",
        "maxFunctionDefs",
        "maxInstructionDefs",
        "maxStackElements",
        "maxSizeOfInstructions",
        "maxComponentElements",
    ):
        setattr(maxp, field, 0)
    font["post"].formatType = 3.0  # no glyph names
    font["head"].glyphDataFormat = 0
    font.sfntVersion = "\x00\x01\x00\x00"


#: Where the subsets of the print faces are kept between builds: in the user's cache, since a subset depends on the
#: fonts installed and the characters printed, never on where an edition is built (a new clone or output folder
#: takes the faces it prints with from there). The :data:`KEPT_FACES` last used are kept.
PRINT_FONTS = paths.USER_CACHE / "print-fonts"
#: Three faces per language of an edition: enough for several editions and languages, at a few hundred KB each.
KEPT_FACES = 48


def _subset_key(source: Path, family: str, weight: str, unicodes: list[int]) -> str:
    """Everything a subset is made from: this module's code, fontTools, the font file (where it lies, its size and
    when it last changed), the face and the characters."""
    state = source.stat()
    return sha(
        Path(__file__).read_bytes(),
        fontTools.version.encode(),
        f"{source}\0{state.st_size}\0{state.st_mtime_ns}\0{family}\0{weight}".encode(),
        ",".join(map(str, unicodes)).encode(),
    )


def print_face(family: str, weight: str, unicodes: list[int], cache: Path | None = None) -> bytes:
    """The face of ``family`` at ``weight`` cut down to ``unicodes`` and redrawn as TrueType, as a font file's bytes.

    With ``cache`` (a folder), a subset made before from the same inputs is taken from it: making one takes seconds,
    and between two builds the characters of a book seldom change. An entry is named by its key and the digest of its
    bytes; one whose bytes do not match is a miss (removed, made again), never used."""
    source = font_file(family, weight == "bold")
    key = _subset_key(source, family, weight, unicodes) if cache is not None else ""
    if cache is not None:
        for kept in sorted(cache.glob(f"{key}-*.ttf")):
            raw = kept.read_bytes()
            if kept.stem == f"{key}-{sha(raw)}":
                os.utime(kept)  # used now: the last to go
                return raw
            kept.unlink(missing_ok=True)
    face = _face(source, family)
    options = subset.Options()
    options.layout_features, options.name_IDs, options.notdef_outline = ["*"], ["*"], True
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=unicodes)
    subsetter.subset(face)
    to_truetype(face)
    face.recalcTimestamp = False  # the font's "modified" date would be the clock's, and the PDF's bytes too
    buffer = io.BytesIO()
    face.save(buffer)
    raw = buffer.getvalue()
    if cache is not None:
        try:
            cache.mkdir(parents=True, exist_ok=True)
            write_atomic(cache / f"{key}-{sha(raw)}.ttf", raw)
            prune_faces(cache)
        except OSError:  # a cache folder that can't be written: the face is made again next time, that is all
            pass
    return raw


def prune_faces(cache: Path, keep: int = KEPT_FACES) -> None:
    """Remove all but the ``keep`` faces of ``cache`` used last (a face made for code or characters that changed
    since is never used again)."""
    faces = []
    for face in cache.glob("*.ttf"):
        try:
            faces.append((face.stat().st_mtime_ns, face.name, face))
        except FileNotFoundError:  # removed meanwhile by another build's pruning
            continue
    for _, _, face in sorted(faces, reverse=True)[keep:]:
        face.unlink(missing_ok=True)


def embed_print_fonts(page: Path, lang: str, cache: Path | None = None) -> None:
    """Give ``page`` subsets of the CJK faces that hold only the characters it uses, radicals left out, so
    every glyph in the PDF maps back to the ideograph it shows (as TrueType: see :func:`to_truetype`);
    Latin faces come first outside Chinese. ``cache``: see :func:`print_face`."""
    html_text = page.read_text(encoding="utf-8")
    unicodes = sorted({ord(c) for c in html_text} - set(RADICALS))
    rules, stacks = [], {}
    for kind, (family, weights) in CJK_FACES.items():
        name = f"ZJ Print {kind.title()} SC"
        for weight in weights:
            file = f"print-{kind}-{weight}.ttf"
            page.with_name(file).write_bytes(print_face(family, weight, unicodes, cache))
            rules.append(f'@font-face{{font-family:"{name}";src:url("{file}");font-weight:{weight}}}')
        latin = [] if lang == SOURCE_LANGUAGE else [f'"{LATIN_FACES[kind]}"']
        if latin:
            font_file(LATIN_FACES[kind])  # installed, or fail: Chromium would silently use another face
        stacks[kind] = ",".join(latin + [f'"{name}"', "serif" if kind == "serif" else "sans-serif"])
    style = (
        "<style>" + "".join(rules) + f"html{{--print-serif:{stacks['serif']};--print-sans:{stacks['sans']}}}</style>"
    )
    page.write_text(html_text.replace("</head>", style + "</head>", 1), encoding="utf-8")


#: The text box of a page in CSS pixels: A4 less the margins of print.css's ``@page`` (20 mm left and right,
#: 24 mm top, 22 mm bottom). The page is laid out at this width before printing, so that what is measured
#: there is what is printed.
TEXT_BOX = (round(170 / 25.4 * 96), round(251 / 25.4 * 96))
#: Elements wider than the text box, or whose content is (a table or a code line that would be cut off).
OVERFLOW_JS = """() => {
  const right = document.body.getBoundingClientRect().right + 1;
  return [...document.querySelectorAll('.chapter *, .contents *')]
    .filter(el => el.getBoundingClientRect().right > right || el.scrollWidth > el.clientWidth + 1)
    .map(el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + ': ' + (el.textContent || '').trim().slice(0, 40));
}"""
#: A table or box that print.css keeps on one page but that is taller than a page may break after all: kept
#: whole, it would only be pushed to the next page, leaving a blank, and break there anyway.
TALL_JS = """(height) => [...document.querySelectorAll('.chapter *')]
  .filter(el => getComputedStyle(el).breakInside === 'avoid' && el.getBoundingClientRect().height > height)
  .map(el => { el.style.breakInside = 'auto'; return el.tagName.toLowerCase(); })"""


def print_pdf(html_page: Path, pdf: Path, browser=None) -> int:
    """Print one HTML page to a tagged A4 PDF; return its page count. In a page of its own (a browser context of its
    own) of ``browser``, or of a Chromium started for it."""
    if browser is None:
        with chromium() as own:
            return print_pdf(html_page, pdf, own)
    page = _text_box_page(browser)
    try:
        return _print(page, html_page, pdf)
    finally:
        page.close()  # and its context with it


def _text_box_page(browser):
    """A page of ``browser`` (with a browser context of its own) laid out at the text box's width."""
    return browser.new_page(viewport={"width": TEXT_BOX[0], "height": TEXT_BOX[1]})


def _print(page, html_page: Path, pdf: Path, tagged: bool = True) -> int:
    """Load ``html_page`` in ``page`` (a browser page laid out at the text box's width) and print it to ``pdf``;
    return its page count. ``tagged``: with the document's structure (headings, lists, tables, figures' alt text)
    for screen readers and reflowing, which takes Chromium a fifth of its printing time and changes no page."""
    page.goto(html_page.resolve().as_uri(), wait_until="load")
    page.emulate_media(media="print")
    page.evaluate("document.fonts.ready.then(() => true)")  # web fonts in use are loaded before printing
    page.evaluate(TALL_JS, TEXT_BOX[1])
    too_wide = page.evaluate(OVERFLOW_JS)
    if too_wide:
        raise BuildError(f"PDF 中有 {len(too_wide)} 处内容超出版心：{'；'.join(too_wide[:3])}")
    # Chromium's own outline (outline=True) writes some headings' titles twice in version 156, and it
    # cannot show the parts: :func:`add_outline` writes one that mirrors the contents instead
    page.pdf(path=str(pdf), prefer_css_page_size=True, print_background=True, tagged=tagged)
    return len(PdfReader(pdf).pages)


def destinations(pdf: Path) -> dict[str, int]:
    """The PDF's named destinations (the targets of its links) → 1-based page numbers."""
    reader = PdfReader(pdf)
    pages = {name.lstrip("/"): reader.get_destination_page_number(d) for name, d in reader.named_destinations.items()}
    return {name: page + 1 for name, page in pages.items() if page is not None}


def print_with_contents(html_page: Path, pdf: Path, entries: list, browser=None) -> int:
    """Print, read where each contents entry's heading landed, write those pages into the contents, print
    again, until the numbers printed are the pages of the headings (they are after the second pass: the
    numbers sit in boxes of fixed width, so filling them in moves nothing). Every pass prints in one page of
    ``browser`` (one Chromium started for them all without it); only the first, which is read for its page numbers
    alone, is printed without the document's structure, and the last pass is the PDF."""
    if browser is None:
        with chromium() as own:
            return print_with_contents(html_page, pdf, entries, own)
    anchors = [a for e in entries for a in [e.anchor] + [s.anchor for s in e.sections]]
    printed: dict[str, int] = {}
    page = _text_box_page(browser)
    try:
        for attempt in range(MAX_PASSES):
            # untagged only when read for page numbers alone (with no contents entries, the first pass is the PDF)
            pages = _print(page, html_page, pdf, tagged=attempt > 0 or not anchors)
            dests = destinations(pdf)
            missing = [a for a in anchors if a not in dests]
            if missing:
                raise BuildError(f"PDF 中找不到目录条目的位置：{'、'.join(missing[:3])}")
            landed = {a: dests[a] for a in anchors}
            if landed == printed:
                return pages
            print_book.fill_contents(html_page, landed)
            printed = landed
    finally:
        page.close()
    raise BuildError(f"目录的页码打印 {MAX_PASSES} 次仍与标题所在页不一致")


def pdf_date(value: str, year: int) -> str:
    """The PDF date of the data's date (``YYYY-MM`` → the first of that month, UTC): never the clock."""
    m = re.match(r"(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?", str(value))
    y, mo, d = (int(m.group(1)), int(m.group(2) or 1), int(m.group(3) or 1)) if m else (int(year), 1, 1)
    return datetime(y, mo, d, tzinfo=UTC).strftime("D:%Y%m%d%H%M%S+00'00'")


def add_outline(writer, reader, entries: list, contents: str) -> None:
    """Bookmarks that mirror the contents: the contents page, then each part (at its first chapter) with its
    chapters, each chapter with its sections, every one at the destination its contents entry links to."""
    dests = {name.lstrip("/"): d for name, d in reader.named_destinations.items()}

    def add(title, anchor, parent=None):
        d = dests[anchor]
        return writer.add_outline_item(
            title=title,
            page_number=reader.get_destination_page_number(d),
            parent=parent,
            fit=Fit.xyz(d.left, d.top, None),
        )

    writer.add_outline_item(title=contents, page_number=1, fit=Fit.fit())  # the page after the cover
    part, part_item = None, None
    for e in entries:
        if e.part != part:
            part, part_item = e.part, (add(e.part, e.anchor) if e.part else None)
        chapter = add(f"{e.number} {e.title}".strip(), e.anchor, part_item)
        for s in e.sections:
            add(f"{s.number} {s.title}".strip(), s.anchor, chapter)


def _structure_names(root) -> tuple[list, list, dict[str, str]]:
    """Walk the structure tree: every element visited, those with an ``/ID``, and the new name of each old id
    (``node00000001`` … in the order of the tree)."""
    visited: list = []
    elements: list = []
    names: dict[str, str] = {}

    def walk(ref):
        el = ref.get_object()
        if not isinstance(el, DictionaryObject):
            return
        visited.append(el)
        if "/ID" in el:
            names[str(el["/ID"])] = f"node{len(names) + 1:08d}"
            elements.append((ref, el))
        kids = el.get("/K")
        for kid in kids if isinstance(kids, list) else [kids]:
            if isinstance(kid, (IndirectObject, DictionaryObject)):  # not a marked-content id
                walk(kid)

    walk(root)
    return visited, elements, names


def _rename_headers(visited: list, names: dict[str, str]) -> None:
    """The table cells' ``/Headers`` point at the new names."""
    for el in visited:
        attrs = el.get("/A")
        for attr in attrs if isinstance(attrs, list) else [attrs]:
            attr = attr.get_object() if attr is not None else None
            if isinstance(attr, DictionaryObject) and "/Headers" in attr:
                headers = attr["/Headers"]
                attr[NameObject("/Headers")] = ArrayObject(
                    TextStringObject(names.get(str(h), str(h)))
                    for h in (headers if isinstance(headers, list) else [headers])
                )


def _id_tree_leaves(node) -> list:
    node = node.get_object()
    return [node] if "/Names" in node else [leaf for kid in node["/Kids"] for leaf in _id_tree_leaves(kid)]


def _id_tree_limits(node) -> list:
    """Set each node's ``/Limits`` from its keys again; return the node's (lowest, highest) key."""
    node = node.get_object()
    keys = node["/Names"][0::2] if "/Names" in node else [key for kid in node["/Kids"] for key in _id_tree_limits(kid)]
    if "/Limits" in node:
        node[NameObject("/Limits")] = ArrayObject([min(keys, key=str), max(keys, key=str)])
    return [min(keys, key=str), max(keys, key=str)]


def _rename_id_tree(id_tree, names: dict[str, str]) -> None:
    """The same name tree, its keys renamed and sorted again, leaf by leaf."""
    tree = _id_tree_leaves(id_tree)
    pairs = sorted(
        (
            (names.get(str(k), str(k)), ref)
            for leaf in tree
            for k, ref in zip(leaf["/Names"][0::2], leaf["/Names"][1::2])
        ),
        key=lambda p: p[0],
    )
    for leaf in tree:
        count = len(leaf["/Names"]) // 2
        leaf[NameObject("/Names")] = ArrayObject(x for k, ref in pairs[:count] for x in (TextStringObject(k), ref))
        pairs = pairs[count:]
    _id_tree_limits(id_tree)


def renumber_structure_ids(writer) -> None:
    """Chromium names the tagged structure's elements after DOM node ids (``node00000347``), which are handed out
    in an order that varies from one run to the next: name them in the order of the structure tree instead,
    in the elements, in the table cells' ``/Headers`` that point at them, and in the ``/IDTree``."""
    if "/StructTreeRoot" not in writer.root_object:
        return
    root = writer.root_object["/StructTreeRoot"].get_object()
    visited, elements, names = _structure_names(root)
    for _ref, el in elements:
        el[NameObject("/ID")] = TextStringObject(names[str(el["/ID"])])
    _rename_headers(visited, names)
    if "/IDTree" in root:
        _rename_id_tree(root["/IDTree"], names)


def finish(printed: Path, out: Path, info: dict[str, str], lang: str, entries: list, contents: str) -> None:
    """Chromium's PDF with the document's metadata, its dates from the data, and an outline that mirrors the
    contents, shown on opening."""
    reader = PdfReader(printed)
    writer = PdfWriter(clone_from=reader)
    renumber_structure_ids(writer)
    add_outline(writer, reader, entries, contents)
    writer.add_metadata(info)
    root = writer.root_object
    root[NameObject("/Lang")] = TextStringObject(lang)
    root[NameObject("/PageMode")] = NameObject("/UseOutlines")
    prefs = root.get("/ViewerPreferences")
    prefs = prefs.get_object() if prefs is not None else DictionaryObject()
    prefs[NameObject("/DisplayDocTitle")] = BooleanObject(True)
    root[NameObject("/ViewerPreferences")] = prefs
    writer.compress_identical_objects()
    with open(out, "wb") as f:
        writer.write(f)


def pdf_log_name(lang: str) -> str:
    """The log Jupyter Book's single-page build of ``lang`` leaves beside ``pdf/`` when it fails."""
    return "jupyter-book.pdf.log" if lang == SOURCE_LANGUAGE else f"jupyter-book.pdf.{lang}.log"


def pdf_name(year: int, lang: str = SOURCE_LANGUAGE) -> str:
    """The PDF's file name: a fixed ASCII slug, never text from the data (``-en`` for English)."""
    return f"zhangjiang-districts-{int(year)}{'' if lang == SOURCE_LANGUAGE else '-' + lang}.pdf"


def print_edition(
    ed: Edition, voice: Voice, src: Path, single: Path, stage: Path, browser=None, fonts: Path | None = None
) -> tuple[Path, int]:
    """The edition's PDF in ``stage`` from its single-page build ``single``, printed with ``browser`` (or a Chromium
    of its own); returns it and its page count. ``fonts``: where the print faces' subsets are kept (see
    :func:`print_face`)."""
    config = yaml.safe_load((src / "_config.yml").read_text(encoding="utf-8"))
    meta = {k: str(voice.text(v)) for k, v in ed.meta.items()}
    cover = print_book.Cover(
        title=meta["book_title"],
        subtitle=meta.get("book_subtitle", ""),
        report=f"{meta['report']} · {meta['part']}",
        year=ed.year,
        data_as_of=data_as_of(ed, voice),
        source=source_line(ed, voice),
        author=str(config.get("author", "")),
    )
    page, entries, _ = print_book.compose(single, voice, cover)
    embed_print_fonts(page, voice.lang, fonts)
    printed = stage / f"printed-{voice.lang}.pdf"
    pages = print_with_contents(page, printed, entries, browser)
    if pages < 2:
        raise BuildError(f"PDF 只有 {pages} 页：打印的页面不对")
    date = pdf_date(ed.meta.get("data_as_of", ""), ed.year)
    html_lang = voice.language.html_lang
    done = stage / f"book-{voice.lang}.pdf"
    finish(
        printed,
        done,
        {
            "/Title": cover.title,
            "/Author": cover.author,
            "/Subject": cover.subtitle,
            "/Keywords": f"{cover.report}; {cover.year}",
            "/Creator": "zjbook (Jupyter Book, Chromium)",
            "/CreationDate": date,
            "/ModDate": date,
        },
        html_lang,
        entries,
        voice.plain("print.contents"),
    )
    return done, pages


def build_pdf(
    year: int,
    data_root: str | Path | None = None,
    out_root: Path = paths.BUILD,
    report=print,
    langs: str | tuple | None = None,
) -> list[Path]:
    """One A4 PDF per language in ``_build/<year>/pdf/``; returns their paths (Chinese first)."""
    started = time.perf_counter()
    langs = parse_languages(langs)
    ed = Edition(year, data_root)
    out_root = Path(out_root)
    folder = out_root / str(year) / "pdf"
    done = []
    with BuildLock(folder.parent, name=".pdf.lock"):  # beside pdf/, so the folder holds only the PDFs
        try:
            with interruptible(), private_stage(out_root, f"pdf-{year}") as stage:
                try:
                    drivers: list[JupyterBooks] = []

                    def start(staged: dict[str, Path]) -> None:  # imports Jupyter Book while the notebooks run
                        logs = {lang: folder.parent / pdf_log_name(lang) for lang in staged}
                        drivers.append(JupyterBooks(staged, logs, "singlehtml"))

                    stages = stage_and_execute(
                        ed, langs, data_root, stage / "src", out_root, None, report, staged=start
                    )
                    report(f"构建单页 HTML（{'、'.join(stages)}）…")
                    singles = drivers[0].finish(stages)  # every language at once, one forked child each
                    with chromium() as browser:  # one Chromium prints every pass of every language
                        for lang, src in stages.items():
                            report(f"排版并打印（{lang}）…")
                            tmp, pages = print_edition(
                                ed, voice_for(ed, lang), src, singles[lang], stage, browser, PRINT_FONTS
                            )
                            done.append((lang, tmp, pages))
                    folder.mkdir(parents=True, exist_ok=True)
                    for lang, tmp, _ in done:  # every PDF is complete before any is replaced
                        tmp.replace(folder / pdf_name(year, lang))
                except BaseException:
                    stop_children()
                    raise
        except BuildInterrupted as e:
            raise BuildError(f"PDF 构建已中断（{e}）：临时文件已清除") from None
    targets = [folder / pdf_name(year, lang) for lang, _, _ in done]
    report(
        "完成："
        + "；".join(
            f"{t}（A4，{pages} 页，{t.stat().st_size / 1e6:.1f} MB）" for t, (_, _, pages) in zip(targets, done)
        )
        + f"（{time.perf_counter() - started:.1f} s）"
    )
    return targets
