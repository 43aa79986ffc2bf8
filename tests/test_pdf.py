"""The PDF editions: one A4 file per language, text extractable, figures in, no blank pages."""
import unicodedata

import pytest
from pypdf import PdfReader

from zjbook.site.pdf import build_pdf


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory):
    return build_pdf(2014, out_root=tmp_path_factory.mktemp("pdf"), report=lambda *_: None)


@pytest.fixture(scope="module")
def pdf(pdfs):
    return pdfs[0]


@pytest.fixture(scope="module")
def pdf_en(pdfs):
    return pdfs[1]


def test_pdf_is_a4_and_complete(pdfs):
    folder = pdfs[0].parent
    assert folder.name == "pdf" and folder.parent.name == "2014"
    # fixed slugs, one per language, nothing else
    assert sorted(p.name for p in folder.iterdir()) == ["zhangjiang-districts-2014-en.pdf", "zhangjiang-districts-2014.pdf"]
    for pdf in pdfs:
        reader = PdfReader(pdf)
        assert len(reader.pages) >= 20
        for page in reader.pages:
            w, h = float(page.mediabox.width), float(page.mediabox.height)
            assert abs(w - 595) < 2 and abs(h - 842) < 2  # A4 in points
            assert len(page.extract_text().strip()) > 20  # no blank page


def test_english_pdf_reads_in_english(pdf_en):
    from zjbook.data.edition import Edition
    ed = Edition(2014, lang="en")
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(pdf_en).pages)
    for s in (ed.figure("zj_total_revenue").text, "Zizhu", "Lingang", "BeiDou", "Figure 1.1", "Table 7.1"):
        assert s in text, s
    chinese = [c for c in text if "\u4e00" <= c <= "\u9fff"]
    assert len(chinese) < len(text) / 50  # only the glossary's parenthesised originals


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


def test_pdf_contains_the_figures(pdfs):
    # The SVG figures are drawn as vector paths into the page content: a page with a figure
    # carries well over 100 KB of drawing operations, a page of text and tables far less.
    for pdf in pdfs:
        sizes = [len(p["/Contents"].get_object().get_data()) for p in PdfReader(pdf).pages]
        assert sum(size > 100_000 for size in sizes) >= 6, pdf.name
