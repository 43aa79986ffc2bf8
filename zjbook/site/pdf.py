"""``make pdf``: the whole edition as one A4 PDF, printed by headless Chromium from a single-page build."""
from __future__ import annotations

import shutil
import time
from pathlib import Path

from .. import paths
from ..data.edition import Edition
from ..pipeline.build import BuildError, jupyter_book, parse_languages, stage_and_execute
from ..pipeline.publishing import BuildInterrupted, BuildLock, interruptible, private_stage, stop_children
from ..render.style import FONT_FAMILY, font_path
from ..wording import SOURCE_LANGUAGE
from .browser import chromium

#: Kangxi radicals and the CJK radicals supplement. Noto Sans CJK draws ⽰ (U+2F70) and 示 (U+793A) with one
#: glyph, and Chromium's PDF text layer may then give the radical for the ideograph: search and copy fail.
RADICALS = range(0x2E80, 0x2FE0)
PRINT_FAMILY = "ZJ Print SC"


def _sc_face(collection: Path):
    """The Simplified Chinese face of a Noto Sans CJK collection."""
    from fontTools.ttLib import TTCollection
    return next(f for f in TTCollection(str(collection)).fonts if f["name"].getDebugName(1) == FONT_FAMILY)


def embed_print_fonts(page: Path) -> None:
    """Print ``page`` with subsets of the book's SC faces that hold only the characters it uses, radicals left
    out, so every glyph in the PDF maps back to the ideograph it shows."""
    from fontTools import subset
    html_text = page.read_text(encoding="utf-8")
    unicodes = sorted({ord(c) for c in html_text} - set(RADICALS))
    regular = Path(font_path())
    rules = []
    for weight, collection in (("normal", regular), ("bold", regular.with_name(regular.name.replace("Regular", "Bold")))):
        if not collection.exists():
            continue
        face = _sc_face(collection)
        options = subset.Options()
        options.layout_features, options.name_IDs, options.notdef_outline = ["*"], ["*"], True
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=unicodes)
        subsetter.subset(face)
        name = f"print-sc-{weight}.otf"
        face.save(str(page.with_name(name)))
        rules.append(f'@font-face{{font-family:"{PRINT_FAMILY}";src:url("{name}");font-weight:{weight}}}')
    # this page exists only to be printed: the faces apply on screen too, so they load before printing
    # (code keeps its monospace face for Latin letters; Chinese inside code falls back to the print face)
    style = ("<style>" + "".join(rules) + f'html{{--zj-font:"{PRINT_FAMILY}",sans-serif}}'
             f'pre,code,kbd,samp{{font-family:"DejaVu Sans Mono","{PRINT_FAMILY}",monospace}}</style>')

    page.write_text(html_text.replace("</head>", style + "</head>", 1), encoding="utf-8")


def print_pdf(html_page: Path, pdf: Path) -> int:
    """Print one HTML page to an A4 PDF; return its page count."""
    from pypdf import PdfReader
    with chromium() as browser:
        page = browser.new_page()
        page.goto(html_page.resolve().as_uri(), wait_until="load")
        page.emulate_media(media="print")
        page.evaluate("document.fonts.ready.then(() => true)")  # web fonts in use are loaded before printing
        page.pdf(path=str(pdf), format="A4", prefer_css_page_size=True, print_background=True,
                 margin={"top": "16mm", "bottom": "16mm", "left": "14mm", "right": "14mm"})
    return len(PdfReader(pdf).pages)


def pdf_name(year: int, lang: str = SOURCE_LANGUAGE) -> str:
    """The PDF's file name: a fixed ASCII slug, never text from the data (``-en`` for English)."""
    return f"zhangjiang-districts-{int(year)}{'' if lang == SOURCE_LANGUAGE else '-' + lang}.pdf"


def build_pdf(year: int, data_root: str | Path | None = None, out_root: Path = paths.BUILD, report=print,
              langs: str | tuple | None = None) -> list[Path]:
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
                    stages = stage_and_execute(ed, langs, data_root, stage / "src", out_root, None, report)
                    for lang, src in stages.items():
                        report(f"构建单页 HTML（{lang}）…")
                        log = folder.parent / ("jupyter-book.pdf.log" if lang == SOURCE_LANGUAGE
                                               else f"jupyter-book.pdf.{lang}.log")
                        single = jupyter_book(src, "singlehtml", log=log)
                        # The single page lives at book/intro.html but its links are written relative to the root.
                        page = single / "print.html"
                        shutil.copy2(single / "book" / "intro.html", page)
                        embed_print_fonts(page)
                        tmp = stage / f"book-{lang}.pdf"
                        pages = print_pdf(page, tmp)
                        if pages < 2:
                            raise BuildError(f"PDF 只有 {pages} 页：打印的页面不对")
                        done.append((lang, tmp, pages))
                    folder.mkdir(parents=True, exist_ok=True)
                    for lang, tmp, _ in done:
                        tmp.replace(folder / pdf_name(year, lang))
                except BaseException:
                    stop_children()
                    raise
        except BuildInterrupted as e:
            raise BuildError(f"PDF 构建已中断（{e}）：临时文件已清除") from None
    targets = [folder / pdf_name(year, lang) for lang, _, _ in done]
    report("完成：" + "；".join(f"{t}（A4，{pages} 页）" for t, (_, _, pages) in zip(targets, done))
           + f"（{time.perf_counter() - started:.1f} s）")
    return targets
