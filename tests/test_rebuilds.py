"""Rebuilds are identical, incremental, and never stale."""

import filecmp
import re

from conftest import set_cell
from test_book_html import page

from zjbook.pipeline.build import build


def tree(root):
    return sorted(p.relative_to(root) for p in root.rglob("*") if p.is_file())


def test_two_builds_are_byte_identical(edition_2014, tmp_path):
    again = build(2014, out_root=tmp_path / "again", report=lambda *_: None)
    files = tree(edition_2014)
    assert files == tree(again) and len(files) > 50
    _, mismatch, errors = filecmp.cmpfiles(edition_2014, again, [str(f) for f in files], shallow=False)
    assert mismatch == [] and errors == []


def test_changed_data_reruns_only_its_readers_and_pages_follow(data_copy, tmp_path):
    out = tmp_path / "out"
    first = []
    html = build(2014, data_root=data_copy.parent, out_root=out, report=first.append)
    assert sum("✓" in line for line in first) == 16  # eight pages in each language
    assert "7655件" in page(html, "zizhu")

    nothing = []
    build(2014, data_root=data_copy.parent, out_root=out, report=nothing.append)
    assert any("已是最新" in line for line in nothing)
    assert not any("✓" in line or "↺" in line for line in nothing)  # no kernel, no copy

    set_cell(data_copy / "zizhu_figures.csv", "zz_patents", "value", "8123")
    second = []
    html = build(2014, data_root=data_copy.parent, out_root=out, report=second.append)
    rerun = {re.search(r"✓ (\S+)", l).group(1) for l in second if "✓" in l}
    cached = {re.search(r"↺ (\S+)", l).group(1) for l in second if "↺" in l}
    assert {"zizhu", "data_appendix", "en/zizhu", "en/data_appendix"} <= rerun
    assert {"districts_overview", "districts_themes", "zhangjiang_themes", "en/districts_themes"} <= cached
    zizhu = page(html, "zizhu")
    assert "8123件" in zizhu and "7655件" not in zizhu
    assert "80.8%" in zizhu  # 6560 / 8123, recomputed
