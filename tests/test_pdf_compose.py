"""The print edition's HTML, composed from a small single-page build (no browser, no build)."""

import pytest
from bs4 import BeautifulSoup

from zjbook.pipeline.build import BuildError
from zjbook.site import pdf, print_book
from zjbook.site.browser import chromium
from zjbook.wording import Voice

SINGLE = """<!DOCTYPE html><html lang="zh-CN"><head><title>x</title>
<link rel="stylesheet" href="_static/styles/theme.css"><link rel="stylesheet" href="_static/book.css">
<script src="_static/x.js"></script></head><body>
<aside class="bd-header-announcement"><a class="lang-switch" href="../en/book/intro.html">English</a></aside>
<div class="onlyprint" id="jb-print-docs-body"><div id="jb-print-toc"><nav>
<p class="caption"><span class="caption-text">第一部分</span></p>
<ul><li><a href="#document-book/a">1. 甲</a></li><li><a href="#document-book/b">2. 乙</a></li></ul>
<p class="caption"><span class="caption-text">附录</span></p><ul><li><a href="#document-book/c">丙</a></li></ul>
</nav></div></div>
<main><article class="bd-article"><section id="book-title"><h1>书名（2014）<a class="headerlink" href="#book-title">#</a></h1>
<p>副标题</p>
<section id="id1"><h2>关于本书<a class="headerlink" href="#id1">#</a></h2>
<ul><li><p>每幅图下方都有“下载本图数据（CSV）”链接。</p></li><li><p>数据截至 2014-12。</p></li></ul></section>
<div class="toctree-wrapper compound">
<span id="document-book/a"></span><section id="id1"><h3><span class="section-number">1. </span>甲<a class="headerlink" href="#id1">#</a></h3>
<div class="cell tag_remove-input docutils container"></div>
<section id="id2"><h4><span class="section-number">1.1. </span>甲一<a class="headerlink" href="#id2">#</a></h4>
<div class="cell"><div class="cell_output"><p>见<a href="#id2">上文</a>与<a href="#document-book/b">第 2 章</a>；字段 zj_res_research_institutes。</p>
<figure id="fig-a"><a class="reference internal image-reference" href="_images/a.svg"><img alt="条形图" src="_images/a.svg"></a>
<figcaption><p><span class="caption-number">图 1.1 </span><span class="caption-text">甲图</span></p></figcaption></figure>
<p><a class="reference download internal" download="" href="_downloads/1/a.csv"><code><span class="pre">下载本图数据（CSV）</span></code></a></p>
<details class="sd-dropdown figure-table"><summary class="sd-summary-title"><span>以表格查看上图数据</span></summary>
<div class="sd-summary-content sd-card-body"><table id="tbl-a"><caption>甲表</caption><tr><td>甲值</td></tr></table></div></details>
</div></div></section></section>
<span id="document-book/b"></span><section id="id1"><h3><span class="section-number">2. </span>乙</h3>
<section id="id2"><h4><span class="section-number">2.1. </span>乙一</h4><h5>乙一甲</h5><p>正文</p></section></section>
</div>
<div class="toctree-wrapper compound">
<span id="document-book/c"></span><section id="data"><h3>丙</h3>
<p><a class="reference download internal" href="_downloads/2/themes.csv"><code>themes.csv</code></a>：年度主题。</p></section>
</div></section></article></main></body></html>"""


@pytest.fixture
def composed(tmp_path):
    (tmp_path / "book").mkdir()
    (tmp_path / "book" / "intro.html").write_text(SINGLE, encoding="utf-8")
    cover = print_book.Cover(
        title="书名（2014）",
        subtitle="副标题",
        report="某报告 · 第四部分",
        year=2014,
        data_as_of="2014-12",
        source="数据来源：某报告",
        author="编写组",
    )
    page, entries, dropped = print_book.compose(tmp_path, Voice("zh"), cover)
    return BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser"), entries, dropped


def test_chapters_contents_and_running_heads_come_from_the_structure(composed):
    soup, entries, _ = composed
    assert [(e.number, e.title, e.part) for e in entries] == [
        ("", "书名（2014）", None),
        ("1.", "甲", "第一部分"),
        ("2.", "乙", "第一部分"),
        ("", "丙", "附录"),
    ]
    assert [[(s.number, s.title) for s in e.sections] for e in entries] == [
        [("", "关于本书")],
        [("1.1.", "甲一")],
        [("2.1.", "乙一")],
        [],
    ]
    chapters = soup.select("body > div.chapter")
    assert [c["id"] for c in chapters] == ["document-root", "document-book/a", "document-book/b", "document-book/c"]
    # each chapter's first heading is its h1, its sections h2, and so on
    assert [[h.name for h in c.find_all(["h1", "h2", "h3", "h4"])] for c in chapters] == [
        ["h1", "h2"],
        ["h1", "h2"],
        ["h1", "h2", "h3"],
        ["h1"],
    ]
    style = soup.find_all("style")[-1].string
    assert '@page chapter-1 { @top-right { content: "1. 甲"; } }' in style
    assert [c["style"] for c in chapters] == [f"page: chapter-{k}" for k in range(4)]
    # the contents: parts as labels, every entry a link with a page number to fill in
    contents = soup.select_one("nav.contents")
    assert [p.get_text() for p in contents.select(".toc-part")] == ["第一部分", "附录"]
    assert [a["href"] for a in contents.select("a")][:3] == ["#document-root", "#c0-id1", "#document-book/a"]
    assert {s.get_text() for s in contents.select(".toc-page")} == {print_book.PLACEHOLDER}


def test_ids_are_unique_and_links_follow(composed):
    soup, entries, _ = composed
    ids = [el["id"] for el in soup.find_all(id=True)]
    assert len(ids) == len(set(ids))
    link = soup.find("a", string="上文")
    assert link["href"] == "#c1-id2" and soup.find(id="c1-id2").h2.get_text(strip=True).endswith("甲一")
    assert soup.find("a", string="第 2 章")["href"] == "#document-book/b"


def test_screen_only_things_go(composed):
    soup, _, dropped = composed
    text = soup.get_text()
    assert "CSV）" not in text  # the download link under the figure, and the sentence about it
    assert dropped == ["每幅图下方都有“下载本图数据（CSV）”链接。"]
    assert "数据截至 2014-12。" in text
    assert not soup.select("script, .headerlink, .bd-header-announcement, .lang-switch, #jb-print-toc, a.download")
    assert not soup.select('a[href^="_"]')  # no link to a file of the web build: the image and the data file
    assert soup.select_one("figure > img")["src"] == "_images/a.svg"
    assert "themes.csv：年度主题。" in text  # a data file named in the appendix stays, as text
    # a table folded under its figure on screen is simply there on paper, without the line that opens it
    assert "以表格查看上图数据" not in text and not soup.select("details, summary")
    assert soup.select_one("figure#fig-a ~ table#tbl-a caption").get_text() == "甲表"
    assert not soup.select("div.cell, div.cell_output")
    assert [l["href"] for l in soup.select('link[rel="stylesheet"]')] == ["_static/book.css", "_static/print.css"]
    # a long identifier may break after its underscores, and nothing is added to its text
    p = soup.find(string=lambda s: s and "zj_" in s).parent
    assert p.find_all("wbr") and "zj_res_research_institutes" in p.get_text()


def test_cover_and_page_numbers(composed):
    soup, _, _ = composed
    cover = soup.select_one("section.cover")
    assert [el.get_text() for el in cover.find_all(["p", "dd"])] == [
        "某报告 · 第四部分",
        "书名（2014）",
        "副标题",
        "2014年版 · 中文版",
        "数据截至2014-12",
        "数据来源：某报告",
        "编写组",
    ]
    assert '@bottom-center { content: "第 " counter(page) " 页"; }' in soup.find_all("style")[-1].string


def test_fill_contents_writes_each_entrys_page(composed, tmp_path):
    _, entries, _ = composed
    page = tmp_path / "print.html"
    anchors = [a for e in entries for a in [e.anchor] + [s.anchor for s in e.sections]]
    print_book.fill_contents(page, {a: 3 + k for k, a in enumerate(anchors)})
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    assert [(a["href"][1:], a.select_one(".toc-page").get_text()) for a in soup.select("nav.contents a")] == [
        (a, str(3 + k)) for k, a in enumerate(anchors)
    ]
    with pytest.raises(KeyError):
        print_book.fill_contents(page, {})


def test_pdf_dates_come_from_the_data():
    assert pdf.pdf_date("2014-12", 2014) == "D:20141201000000+00'00'"
    assert pdf.pdf_date("2015-03-31", 2015) == "D:20150331000000+00'00'"
    assert pdf.pdf_date("截至年底", 2016) == "D:20160101000000+00'00'"


def test_a_missing_print_face_says_how_to_install_it(monkeypatch):
    # fontconfig substitutes another face for a family it lacks: that is what a missing font looks like
    monkeypatch.setitem(pdf.FONT_HINTS, "Noto Serif Nonexistent", "sudo apt-get install -y fonts-noto-core")
    with pytest.raises(BuildError, match="fonts-noto-core"):
        pdf.font_file("Noto Serif Nonexistent")
    assert pdf.font_file("Noto Serif").name == "NotoSerif-Regular.ttf"
    assert pdf.font_file("Noto Sans CJK SC", bold=True).name == "NotoSansCJK-Bold.ttc"


@pytest.fixture(scope="module")
def browser():
    """One Chromium for this module's printing (each print in a page, and a browser context, of its own)."""
    with chromium() as started:
        yield started


def _print(tmp_path, body, browser):
    page = tmp_path / "page.html"
    page.write_text(
        f'<!DOCTYPE html><html lang="en"><head><style>@page {{ size: A4; margin: 24mm 20mm 22mm }}'
        f"body {{ margin: 0 }} table {{ break-inside: avoid }}</style></head><body>{body}</body></html>",
        encoding="utf-8",
    )
    return pdf.print_pdf(page, tmp_path / "page.pdf", browser)


def test_content_wider_than_the_text_fails_the_build(tmp_path, browser):
    line = "x" * 40
    assert _print(tmp_path, f'<div class="chapter"><pre>{line}</pre></div>', browser) == 1
    with pytest.raises(BuildError, match="超出版心"):
        _print(tmp_path, f'<div class="chapter"><pre>{line * 4}</pre></div>', browser)


def test_a_table_taller_than_a_page_starts_where_it_is(tmp_path, browser):
    from pypdf import PdfReader

    rows = "".join(f"<tr><td>row {i}</td></tr>" for i in range(90))
    pages = _print(tmp_path, f'<div class="chapter"><p>Before the table.</p><table>{rows}</table></div>', browser)
    first = PdfReader(tmp_path / "page.pdf").pages[0].extract_text()
    # kept whole it would be pushed to page 2 and break there anyway, leaving page 1 blank below the paragraph
    assert pages >= 2 and "Before the table." in first and "row 0" in first


def test_structure_ids_are_renamed_in_tree_order_and_still_resolve(tmp_path, browser):
    from pypdf import PdfReader, PdfWriter

    _print(
        tmp_path,
        '<div class="chapter"><table><thead><tr><th>A</th><th>B</th></tr></thead>'
        "<tbody><tr><td>1</td><td>2</td></tr><tr><td>3</td><td>4</td></tr></tbody></table></div>",
        browser,
    )
    writer = PdfWriter(clone_from=PdfReader(tmp_path / "page.pdf"))
    pdf.renumber_structure_ids(writer)
    writer.write(tmp_path / "renamed.pdf")
    root = PdfReader(tmp_path / "renamed.pdf").trailer["/Root"]["/StructTreeRoot"]
    ids, headers = [], []

    def walk(el):
        el = el.get_object()
        if "/ID" in el:
            ids.append(str(el["/ID"]))
        attrs = el.get("/A")
        for attr in attrs if isinstance(attrs, list) else [attrs]:
            if attr is not None and "/Headers" in attr.get_object():
                headers.extend(str(h) for h in attr.get_object()["/Headers"])
        kids = el.get("/K")
        for kid in kids if isinstance(kids, list) else [kids]:
            if kid is not None and hasattr(kid.get_object(), "get"):
                walk(kid)

    walk(root)

    def names(node):
        node = node.get_object()
        return list(node["/Names"][0::2]) if "/Names" in node else [n for k in node["/Kids"] for n in names(k)]

    assert ids == [f"node{k:08d}" for k in range(1, len(ids) + 1)] and len(ids) >= 2  # the header cells at least
    assert len(headers) == 4 and set(headers) <= set(ids)  # every data cell still names its column's header
    assert [str(n) for n in names(root["/IDTree"])] == sorted(ids)


def test_a_book_without_contents_entries_is_printed_once_and_tagged(tmp_path, browser):
    """Only a pass read for its page numbers alone is printed without the document's structure: with no contents
    entries to place, the first pass is the PDF, and it is tagged."""
    from pypdf import PdfReader

    page = tmp_path / "page.html"
    page.write_text(
        '<!DOCTYPE html><html lang="en"><head><style>@page { size: A4 }</style></head>'
        '<body><div class="chapter"><h1>One</h1><p>Text.</p></div></body></html>',
        encoding="utf-8",
    )
    assert pdf.print_with_contents(page, tmp_path / "book.pdf", [], browser) == 1
    root = PdfReader(tmp_path / "book.pdf").trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"] and "/StructTreeRoot" in root
