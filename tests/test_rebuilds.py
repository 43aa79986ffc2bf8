"""Rebuilds are identical, incremental, and never stale."""

import filecmp
import os
import re

import pytest
from conftest import notebooks_2014, set_cell, warm_cache
from test_book_html import page

from zjbook import languages
from zjbook.data.edition import Edition
from zjbook.pipeline.build import build, stage_and_execute
from zjbook.pipeline.sphinx_work import SphinxWork


def tree(root):
    return sorted(p.relative_to(root) for p in root.rglob("*") if p.is_file())


def same_tree(a, b):
    files = tree(a)
    _, mismatch, errors = filecmp.cmpfiles(a, b, [str(f) for f in files], shallow=False)
    return files == tree(b) and len(files) > 50 and mismatch == [] and errors == []


def test_two_builds_are_byte_identical(edition_2014, tmp_path):
    """A second build in an output root of its own (its own Sphinx environment, read from nothing) writes the same
    bytes. It starts from the first build's notebook cache: that two executions of a notebook give the same bytes
    is shown by test_changed_data_reruns_only_its_readers_and_pages_follow, whose clean build executes every
    notebook again and is compared with a build made of executions of its own."""
    again = build(2014, out_root=warm_cache(tmp_path / "again", edition_2014), report=lambda *_: None)
    files = tree(edition_2014)
    assert files == tree(again) and len(files) > 50
    _, mismatch, errors = filecmp.cmpfiles(edition_2014, again, [str(f) for f in files], shallow=False)
    assert mismatch == [] and errors == []


def test_changed_data_reruns_only_its_readers_and_pages_follow(data_copy, tmp_path, edition_2014):
    out = tmp_path / "out"
    first = []
    html = build(2014, data_root=data_copy.parent, out_root=out, report=first.append)
    assert sum("✓" in line for line in first) == notebooks_2014() * len(languages.codes())  # every page, each language
    assert "7655件" in page(html, "zizhu")

    # where the data lies is no part of a notebook's cache key: the session's build of data/2014 gives this copy
    # every notebook, and each is byte for byte (its parameters included) what executing it here just wrote
    restored = []
    staged = stage_and_execute(
        Edition(2014, data_copy.parent),
        languages.codes(),
        data_copy.parent,
        tmp_path / "stage",
        warm_cache(tmp_path / "elsewhere", edition_2014),
        None,
        restored.append,
    )
    assert sum("↺" in line for line in restored) == notebooks_2014() * len(languages.codes())
    assert not any("✓" in line for line in restored), restored
    for lang, stage in staged.items():
        generated, executed = stage / "book" / "generated", out / "2014" / "notebooks" / languages.get(lang).root
        others = {code for code in languages.codes() if code != lang}
        files = tree(generated)
        assert files == [f for f in tree(executed) if f.parts[0] not in others] and len(files) > 20
        _, mismatch, errors = filecmp.cmpfiles(generated, executed, [str(f) for f in files], shallow=False)
        assert mismatch == [] and errors == [], (lang, mismatch, errors)

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
    assert {"districts_overview", "districts_themes", "zhangjiang_resources", "en/districts_themes"} <= cached
    zizhu = page(html, "zizhu")
    assert "8123件" in zizhu and "7655件" not in zizhu
    assert "80.8%" in zizhu  # 6560 / 8123, recomputed

    # Sphinx re-read only the changed pages (its environment kept from the last build): the result is
    # still, byte for byte, what a build from nothing makes of the same data
    assert (out / ".cache" / "sphinx" / "2014-zh" / "src" / "_build" / ".doctrees" / "environment.pickle").is_file()
    assert same_tree(
        html,
        build(2014, data_root=data_copy.parent, out_root=tmp_path / "clean", use_cache=False, report=lambda *_: None),
    )


def _stage(folder, config="title: a", notebooks=None):
    (folder / "book" / "generated").mkdir(parents=True, exist_ok=True)
    (folder / "_config.yml").write_text(config)
    for name, text in (notebooks or {"zizhu": "one", "districts": "two"}).items():
        (folder / "book" / "generated" / f"{name}.ipynb").write_text(text)
    return folder


def _sphinx_kept(work):
    """What Sphinx left in the work folder: its environment and an output of the last build."""
    (work.source / "_build" / ".doctrees").mkdir(parents=True)
    (work.source / "_build" / ".doctrees" / "environment.pickle").write_text("env")
    (work.source / "_build" / "html").mkdir()
    (work.source / "_build" / "html" / "index.html").write_text("last build")


def test_the_work_folder_touches_only_the_notebooks_that_changed(tmp_path):
    work = SphinxWork(tmp_path / "cache", 2014, "zh")
    src = work.prepare(_stage(tmp_path / "one"))
    _sphinx_kept(work)
    work.done()
    kept = {p.name: p.stat().st_mtime_ns for p in (src / "book" / "generated").iterdir()}
    os.utime(src / "book" / "generated" / "zizhu.ipynb", ns=(1, 1))  # so that a rewrite shows
    os.utime(src / "book" / "generated" / "districts.ipynb", ns=(1, 1))
    stage = _stage(tmp_path / "two", notebooks={"zizhu": "one, changed", "districts": "two"})
    (stage / "book" / "generated" / "new.ipynb").write_text("three")
    assert work.prepare(stage) == src
    assert (src / "book" / "generated" / "zizhu.ipynb").read_text() == "one, changed"
    assert (src / "book" / "generated" / "zizhu.ipynb").stat().st_mtime_ns > 1  # rewritten: Sphinx re-reads it
    assert (src / "book" / "generated" / "districts.ipynb").stat().st_mtime_ns == 1  # untouched: it doesn't
    assert (src / "book" / "generated" / "new.ipynb").read_text() == "three"
    assert (src / "_build" / ".doctrees" / "environment.pickle").read_text() == "env"  # kept
    assert not (src / "_build" / "html").exists()  # every page is written again, nothing stale stays
    assert set(kept) == {"zizhu.ipynb", "districts.ipynb"}


@pytest.mark.parametrize("why", ["configuration", "busy", "fresh", "notebook removed"])
def test_the_work_folder_starts_empty_unless_only_notebooks_changed(tmp_path, why):
    work = SphinxWork(tmp_path / "cache", 2014, "zh")
    work.prepare(_stage(tmp_path / "one"))
    _sphinx_kept(work)
    if why != "busy":  # a build that failed, or was killed, never says done
        work.done()
    stage = _stage(tmp_path / "two", config="title: b" if why == "configuration" else "title: a")
    if why == "notebook removed":
        (stage / "book" / "generated" / "districts.ipynb").unlink()
    src = work.prepare(stage, fresh=why == "fresh")
    environment = src / "_build" / ".doctrees" / "environment.pickle"
    if why == "notebook removed":  # a page gone: Sphinx notices it itself, the environment stays
        assert environment.exists() and not (src / "book" / "generated" / "districts.ipynb").exists()
    else:
        assert not environment.exists()
