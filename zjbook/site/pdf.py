"""``make pdf``: the whole edition as one A4 PDF, printed by headless Chromium from a single-page build."""
from __future__ import annotations

import shutil
import time
from pathlib import Path

from .. import paths
from .browser import chromium
from ..pipeline.build import BuildError, jupyter_book, stage_and_execute
from ..pipeline.publishing import BuildInterrupted, BuildLock, interruptible, private_stage, stop_children
from ..data.edition import Edition


def print_pdf(html_page: Path, pdf: Path) -> int:
    """Print one HTML page to an A4 PDF; return its page count."""
    from pypdf import PdfReader
    with chromium() as browser:
        page = browser.new_page()
        page.goto(html_page.resolve().as_uri(), wait_until="load")
        page.emulate_media(media="print")
        page.pdf(path=str(pdf), format="A4", prefer_css_page_size=True, print_background=True,
                 margin={"top": "16mm", "bottom": "16mm", "left": "14mm", "right": "14mm"})
    return len(PdfReader(pdf).pages)


def pdf_name(year: int) -> str:
    """The PDF's file name: a fixed ASCII slug, never text from the data."""
    return f"zhangjiang-districts-{int(year)}.pdf"


def build_pdf(year: int, data_root: str | Path | None = None, out_root: Path = paths.BUILD, report=print) -> Path:
    started = time.perf_counter()
    ed = Edition(year, data_root)
    out_root = Path(out_root)
    target = out_root / str(year) / "pdf" / pdf_name(year)
    with BuildLock(target.parent.parent, name=".pdf.lock"):  # beside pdf/, so the folder holds only the PDF
        try:
            with interruptible(), private_stage(out_root, f"pdf-{year}") as stage:
                try:
                    stage_and_execute(ed, data_root, stage, out_root, None, report)
                    report("构建单页 HTML …")
                    single = jupyter_book(stage, "singlehtml", log=target.parent / "jupyter-book.log")
                    # The single page lives at book/intro.html but its links are written relative to the root.
                    page = single / "print.html"
                    shutil.copy2(single / "book" / "intro.html", page)
                    tmp = stage / "book.pdf"
                    pages = print_pdf(page, tmp)
                    if pages < 2:
                        raise BuildError(f"PDF 只有 {pages} 页：打印的页面不对")
                    target.parent.mkdir(parents=True, exist_ok=True)
                    tmp.replace(target)
                except BaseException:
                    stop_children()
                    raise
        except BuildInterrupted as e:
            raise BuildError(f"PDF 构建已中断（{e}）：临时文件已清除") from None
    report(f"完成：{target}（A4，{pages} 页，{time.perf_counter() - started:.1f} s）")
    return target
