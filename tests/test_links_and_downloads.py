"""Every internal link, anchor and download of the edition resolves; every figure's CSV is what it shows."""

import csv
import html.parser
import io
import json
import re
import zipfile
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from conftest import DATA_2014

from zjbook.data import schema
from zjbook.render import export


class Links(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.links, self.ids = [], set()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        for attr in ("href", "src"):
            if a.get(attr) and "edition-link" not in (a.get("class") or ""):
                self.links.append(a[attr])


def parse(path: Path) -> Links:
    p = Links()
    p.feed(path.read_text(encoding="utf-8"))
    return p


def test_no_broken_internal_link_anchor_or_download(edition_2014):
    pages = {
        p: parse(p)
        for p in edition_2014.rglob("*.html")
        if not {"_static", "_sources"} & set(p.relative_to(edition_2014).parts)
    }
    checked = 0
    for page, parsed in pages.items():
        for link in parsed.links:
            parts = urlsplit(link)
            if parts.scheme or link.startswith(("mailto:", "javascript:", "//")) or link == "#":
                continue
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            assert target.exists(), (str(page.relative_to(edition_2014)), link)
            if parts.fragment and target.suffix == ".html":
                ids = pages[target].ids if target in pages else parse(target).ids
                assert parts.fragment in ids, (str(page.relative_to(edition_2014)), link)
            checked += 1
    assert checked > 500


def figures(edition_2014):
    """(page, alt text, csv path) for every figure of the edition."""
    out = []
    for page in (edition_2014 / "book" / "generated").glob("*.html"):
        text = page.read_text(encoding="utf-8")
        for alt, svg in re.findall(r'<img alt="([^"]+)" src="([^"]+\.svg)"', text):
            name = Path(svg).stem
            href = re.search(rf'href="([^"]*/{re.escape(name)}\.csv)"', text)
            assert href, (page.name, name)
            out.append((page.name, name, alt, (page.parent / href.group(1)).resolve()))
    return out


def test_every_figure_has_a_csv_that_matches_it(edition_2014):
    found = figures(edition_2014)
    assert {n for _, n, _, _ in found} >= {
        "zj-indicators",
        "zj-resources",
        "zz-key-figures",
        "district-tiles",
        "district-theme-matrix",
        "collaboration-network",
    }
    for page, name, alt, csv_path in found:
        rows = list(csv.DictReader(io.StringIO(csv_path.read_text(encoding="utf-8"))))
        assert rows, name
        printed = [r["value_as_printed"] for r in rows if r.get("value_as_printed")]
        for value in printed:  # what the figure shows in numbers is stated in its alt text (as running text
            # writes it: a lower bound "N多家" reads "超过N家")
            assert value in alt or re.sub(r"(\d+)多(\w)$", r"超过\1\2", value) in alt, (name, value)
        if name == "district-tiles":  # the alt text lists the districts by how many themes they appear in
            groups = alt.split("。")[1].split("；")
            assert len(rows) == 17
            for r in rows:
                group = next(g for g in groups if r["district"] in g)
                assert f"{r['themes']}个" in group if r["themes"] != "0" else "没有出现" in group, (r, group)


def test_all_data_archive_holds_the_edition(edition_2014):
    text = (edition_2014 / "book" / "generated" / "data_appendix.html").read_text(encoding="utf-8")
    href = re.search(r'href="([^"]*data-2014\.zip)"', text).group(1)
    archive = (edition_2014 / "book" / "generated" / href).resolve()
    with zipfile.ZipFile(archive) as zf:
        names = sorted(zf.namelist())
        canonical = [p.name for p in DATA_2014.glob("*.csv")]
        english = [export.translated_file("en", n) for n in canonical if n not in schema.TRANSLATION_FILES]
        assert names == sorted(f"2014/{n}" for n in canonical + english + ["datapackage.json"])
        assert zf.read("2014/zhangjiang_indicators.csv") == (DATA_2014 / "zhangjiang_indicators.csv").read_bytes()
        package = json.loads(zf.read("2014/datapackage.json"))
        assert package["languages"][0] == "zh" and package["translations"]["en"]["title"].endswith("(2014 edition)")
        canonical_resources = [r for r in package["resources"] if "languages" not in r]
        assert all(f["translations"]["en"]["description"] for r in canonical_resources for f in r["schema"]["fields"])


def _archive(page_dir: Path) -> bytes:
    text = (page_dir / "data_appendix.html").read_text(encoding="utf-8")
    href = re.search(r'href="([^"]*data-2014\.zip)"', text).group(1)
    return (page_dir / href).resolve().read_bytes()


def test_english_edition_links_the_same_data(edition_2014):
    """The English edition (html/en/) publishes byte for byte the downloads of the Chinese one."""
    english = edition_2014 / "en" / "book" / "generated"
    if not english.exists():
        pytest.skip("this build writes no English edition")
    assert _archive(english) == _archive(edition_2014 / "book" / "generated")
    words = " ".join(re.sub(r"<[^>]+>", " ", (english / "data_appendix.html").read_text(encoding="utf-8")).split())
    assert "All data (ZIP)" in words and "Data package descriptor (datapackage.json)" in words
