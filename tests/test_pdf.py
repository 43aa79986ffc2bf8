"""The PDF edition: one A4 file, Chinese text extractable, figures in, no blank pages."""
import unicodedata

import pytest
from pypdf import PdfReader

from zjbook.site.pdf import build_pdf


@pytest.fixture(scope="module")
def pdf(tmp_path_factory):
    return build_pdf(2014, out_root=tmp_path_factory.mktemp("pdf"), report=lambda *_: None)


def test_pdf_is_a4_and_complete(pdf):
    assert pdf.parent.name == "pdf" and pdf.parent.parent.name == "2014"
    assert [p.name for p in pdf.parent.iterdir()] == ["zhangjiang-districts-2014.pdf"]  # a fixed slug, nothing else
    reader = PdfReader(pdf)
    assert len(reader.pages) >= 20
    for page in reader.pages:
        w, h = float(page.mediabox.width), float(page.mediabox.height)
        assert abs(w - 595) < 2 and abs(h - 842) < 2  # A4 in points
        assert len(page.extract_text().strip()) > 20  # no blank page


def test_pdf_text_is_chinese_and_extractable(pdf):
    raw = "".join("".join(p.extract_text().split()) for p in PdfReader(pdf).pages)
    # the text layer gives the ideographs themselves, never a Kangxi radical drawn with the same glyph (⽰ for 示):
    # a reader's search for 示范区 must find it without any normalisation
    assert not [c for c in raw if 0x2E80 <= ord(c) < 0x2FE0]
    text = unicodedata.normalize("NFKC", raw)  # folds the full-width punctuation of the captions only
    for s in ("张江示范区与区县创新（2014）", "2.65万亿元", "紫竹国家高新技术产业开发区", "243多家", "图1.1", "图6.1", "表7.1", "专栏",
              "区县主要产业和产业基地", "数据字典"):
        assert unicodedata.normalize("NFKC", s) in text, s
    assert raw.count("示范区") > 20


def test_pdf_contains_the_figures(pdf):
    # The SVG figures are drawn as vector paths into the page content: a page with a figure
    # carries well over 100 KB of drawing operations, a page of text and tables far less.
    sizes = [len(p["/Contents"].get_object().get_data()) for p in PdfReader(pdf).pages]
    assert sum(size > 100_000 for size in sizes) >= 6
