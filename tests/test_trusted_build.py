"""A build that can be trusted: one at a time, a cache that can't go stale or serve damage,
atomic publishing, interruptions that leave nothing behind, failures that keep the last good edition."""

import filecmp
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest
from conftest import notebooks_2014, set_cell, warm_cache
from test_book_html import page
from test_other_years import FIXTURES
from test_section_42 import text_of

from zjbook import paths
from zjbook.data.edition import Edition
from zjbook.pipeline import build as build_module
from zjbook.pipeline import cache, publishing, stamp
from zjbook.pipeline.build import BuildError, build
from zjbook.pipeline.publishing import BuildLock, Busy, publish_dir, recover

ROOT = Path(__file__).resolve().parents[1]
#: Locks, signals, the cache and publishing do not depend on the language: these builds make the Chinese
#: edition alone (tests/test_rebuilds.py and the shared 2014 build cover both languages).
QUIET = dict(report=lambda *_: None, langs="zh")
ZH = dict(langs="zh")


def tree(root):
    return sorted(p.relative_to(root) for p in Path(root).rglob("*") if p.is_file())


def same_tree(a, b):
    files = tree(a)
    _, mismatch, errors = filecmp.cmpfiles(a, b, [str(f) for f in files], shallow=False)
    return files == tree(b) and not mismatch and not errors


def snapshot(folder):
    return {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in Path(folder).rglob("*") if p.is_file()}


def cli_build(out, *extra, data_root=None):
    cmd = [sys.executable, "-m", "zjbook", "build", "--year", "2014", "--out", str(out), "--langs", "zh", *extra]
    if data_root:
        cmd += ["--data-root", str(data_root)]
    return subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def running_workers(proc: psutil.Process) -> bool:
    """Whether the build is executing notebooks: its worker processes (forked from it) are running."""
    try:
        return any(child.cmdline() == proc.cmdline() for child in proc.children())
    except psutil.Error:
        return False


def alive(p: psutil.Process) -> bool:
    try:
        return p.is_running() and p.status() != psutil.STATUS_ZOMBIE
    except psutil.Error:
        return False


def wait_for(predicate, timeout=120.0):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.05)
    return False


# --- one build per output folder ------------------------------------------------------------


def test_a_second_build_refuses_while_the_folder_is_locked(tmp_path):
    with BuildLock(tmp_path / "out" / "2014"):
        proc = cli_build(tmp_path / "out")
        _, err = proc.communicate(timeout=120)
    assert proc.returncode == 1
    assert err.count("\n") == 1 and "另一个构建正在写" in err and str(os.getpid()) in err and "Traceback" not in err
    assert not (tmp_path / "out" / "2014" / "html").exists()


def test_lock_is_exclusive_and_released(tmp_path):
    with BuildLock(tmp_path):
        with pytest.raises(Busy):
            with BuildLock(tmp_path):
                pass
    with BuildLock(tmp_path):  # released: taken again
        pass


def test_builds_started_together(tmp_path):
    """First builds; a second one refuses with one line; a third one with --wait queues and finds it up to date."""
    out = tmp_path / "out"
    first = cli_build(out)
    assert wait_for(lambda: (out / "2014" / ".lock").exists() and (out / "2014" / ".lock").read_text().strip())
    refused, queued = cli_build(out), cli_build(out, "--wait")
    _, refused_err = refused.communicate(timeout=300)
    first_out, first_err = first.communicate(timeout=600)
    queued_out, _ = queued.communicate(timeout=600)
    assert first.returncode == 0, first_err
    assert refused.returncode == 1 and refused_err.count("\n") == 1 and "另一个构建正在写" in refused_err
    assert queued.returncode == 0 and "已是最新" in queued_out
    html = out / "2014" / "html"
    for part in ("index.html", "_static", "_images", "_sources", ".buildinfo"):
        assert (html / part).exists(), part
    assert not list(out.glob(".staging-*"))


# --- atomic publishing ----------------------------------------------------------------------


def _tree_with(folder: Path, marker: str) -> Path:
    folder.mkdir(parents=True)
    (folder / "index.html").write_text(marker)
    (folder / "_static").mkdir()
    (folder / "_static" / "a.css").write_text(marker)
    return folder


def _watch_every_step(monkeypatch, target: Path) -> list[str]:
    """After each rename or exchange that publishing does, check the published tree is whole."""
    gaps = []

    def check(step):
        if not (target / "index.html").exists() or not (target / "_static" / "a.css").exists():
            gaps.append(step)

    real_rename, real_exchange = Path.rename, publishing._exchange

    def rename(self, other):
        result = real_rename(self, other)
        check(f"rename {self.name} → {Path(other).name}")
        return result

    def exchange(a, b):
        done = real_exchange(a, b)
        check("exchange")
        return done

    monkeypatch.setattr(Path, "rename", rename)
    monkeypatch.setattr(publishing, "_exchange", exchange)
    return gaps


def test_publishing_never_leaves_a_gap(tmp_path, monkeypatch):
    target = _tree_with(tmp_path / "html", "0")
    gaps = _watch_every_step(monkeypatch, target)
    for i in range(1, 4):
        publish_dir(_tree_with(tmp_path / f"new{i}", str(i)), target)
    assert gaps == []
    assert (target / "index.html").read_text() == "3" and sorted(p.name for p in tmp_path.iterdir()) == ["html"]


def test_the_gap_check_sees_a_two_step_swap(tmp_path, monkeypatch):
    """The check above can fail: the rename fallback (used where the system can't exchange) has a gap."""
    target = _tree_with(tmp_path / "html", "0")
    gaps = _watch_every_step(monkeypatch, target)
    monkeypatch.setattr(publishing, "_exchange", lambda a, b: False)
    publish_dir(_tree_with(tmp_path / "new", "1"), target)
    assert gaps and (target / "index.html").read_text() == "1"


def test_publishing_without_an_atomic_exchange_still_works(tmp_path, monkeypatch):
    monkeypatch.setattr(publishing, "_exchange", lambda a, b: False)
    target = _tree_with(tmp_path / "html", "old")
    publish_dir(_tree_with(tmp_path / "new", "new"), target)
    assert (target / "index.html").read_text() == "new" and sorted(p.name for p in tmp_path.iterdir()) == ["html"]


def test_an_interrupted_swap_is_recovered(tmp_path):
    """Killed between the fallback's two renames: only ``.html.previous`` is left; the next build restores it."""
    target = tmp_path / "html"
    _tree_with(tmp_path / ".html.previous", "last good")
    _tree_with(tmp_path / ".html.incoming", "half done")
    recover(target)
    assert (target / "index.html").read_text() == "last good"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["html"]


# --- the cache ------------------------------------------------------------------------------


@pytest.fixture(scope="session")  # not "module": see test_drafts.flow
def warm(tmp_path_factory, edition_2014):
    """A build with its cache, in a scratch output root (same inputs as the session's clean build, whose notebook
    cache it starts from: its notebooks are not executed again)."""
    out = warm_cache(tmp_path_factory.mktemp("warm"), edition_2014)
    build(2014, out_root=out, report=lambda *_: None)  # both languages, like the session's clean build
    return out


def _zh_entry(out, stem):
    """The cache entry the Chinese build takes ``stem`` from, as the data stands (its key, as the build makes it)."""
    keys = build_module.NotebookKeys(Edition(2014), "zh", stamp.data_root_parameter(None))
    key = keys.current_key(cache.NotebookCache(out / ".cache"), stem)
    assert key is not None and (out / ".cache" / key / f"{stem}.ipynb").is_file()
    return out / ".cache" / key


@pytest.mark.parametrize("damage", ["truncated_svg", "truncated_notebook", "truncated_reads", "garbage_manifest"])
def test_a_damaged_cache_entry_is_a_miss_never_published(warm, edition_2014, damage):
    """The damage is done to the Chinese zizhu page's entry, and the Chinese edition alone is rebuilt (the English
    one is kept as published, and the result is still compared whole with the clean build)."""
    out = warm
    entry = _zh_entry(out, "zizhu")
    if damage == "truncated_svg":
        victim = next(p for p in sorted(entry.glob("assets/*.svg")) if "zz-" in p.name)
        victim.write_bytes(victim.read_bytes()[:1000])
    elif damage == "truncated_notebook":
        victim = entry / "zizhu.ipynb"
        victim.write_bytes(victim.read_bytes()[:500])
    elif damage == "truncated_reads":
        victim = out / ".cache" / "reads" / "2014-zizhu.json"
        victim.write_text('["2014/zi', encoding="utf-8")
    else:
        victim = entry / cache.MANIFEST
        victim.write_text("{not json", encoding="utf-8")
    lines = []
    (out / "2014" / stamp.STAMP).unlink()  # the edition must be rebuilt, from the cache where it can
    html = build(2014, out_root=out, report=lines.append, **ZH)
    assert any("✓" in l for l in lines), lines  # something was executed again, not restored
    if damage != "truncated_reads":  # a damaged entry is named; an unreadable record is simply a miss
        assert any("校验和不符" in l for l in lines), lines
    assert same_tree(html, edition_2014)  # and the result equals a clean build


def test_an_environment_change_reruns_every_notebook(warm, monkeypatch):
    stamp._environment_digest.cache_clear()
    monkeypatch.setattr(cache, "environment_digest", lambda fonts: "another matplotlib")
    monkeypatch.setattr(stamp, "environment_digest", lambda fonts: "another matplotlib")
    lines = []
    build(2014, out_root=warm, report=lines.append, **ZH)
    assert not any("已是最新" in l or "↺" in l for l in lines)
    assert sum("✓" in l for l in lines) == notebooks_2014()


def test_the_environment_key_covers_packages_python_and_font(monkeypatch, tmp_path):
    fonts = build_module.figure_fonts()
    assert fonts and all(f.is_file() for f in fonts)
    # each installed distribution named as its whole metadata names it (read from the file's head alone)
    installed = list(stamp.metadata.distributions())
    assert sorted({stamp._name_and_version(d) for d in installed}) == sorted(
        {f"{(d.metadata['Name'] or '').lower()}=={d.version}" for d in installed}
    )
    stamp._environment_digest.cache_clear()
    base = stamp.environment_digest(fonts)

    class Dist:
        """An installed distribution as importlib.metadata gives it: its metadata file, headers then description."""

        def __init__(self, name, version):
            self.text = f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n\nName: not this one\n"

        def read_text(self, file):
            return self.text if file == "METADATA" else None

    monkeypatch.setattr(stamp.metadata, "distributions", lambda: [Dist("matplotlib", "3.11.2")])
    stamp._environment_digest.cache_clear()
    one = stamp.environment_digest(fonts)
    monkeypatch.setattr(stamp.metadata, "distributions", lambda: [Dist("matplotlib", "3.11.3")])
    stamp._environment_digest.cache_clear()
    other = stamp.environment_digest(fonts)
    font = tmp_path / "font.ttc"
    font.write_bytes(b"another font")
    stamp._environment_digest.cache_clear()
    with_font = stamp.environment_digest((*fonts[:-1], font))
    font.write_bytes(b"the same file, other bytes")
    stamp._environment_digest.cache_clear()
    with_other_bytes = stamp.environment_digest((*fonts[:-1], font))
    monkeypatch.setattr(stamp.sys, "version", "3.12.0 (made up)")
    stamp._environment_digest.cache_clear()
    with_python = stamp.environment_digest(fonts)
    stamp._environment_digest.cache_clear()
    assert len({base, one, other, with_font, with_other_bytes, with_python}) == 6


def test_the_environment_is_read_again_once_packages_are_installed(monkeypatch):
    """A long-running process (``serve``) notices a package installed meanwhile: the digest is remembered only
    while the folders of installed distributions are unchanged."""
    installed = stamp._site_packages_mtimes()
    assert installed and all(folder.endswith("-packages") for folder, _ in installed)

    class Dist:
        def __init__(self, version):
            self.text = f"Name: matplotlib\nVersion: {version}\n"

        def read_text(self, file):
            return self.text if file == "METADATA" else None

    stamp._environment_digest.cache_clear()
    monkeypatch.setattr(stamp, "_site_packages_mtimes", lambda: (("/venv/site-packages", 1),))
    monkeypatch.setattr(stamp.metadata, "distributions", lambda: [Dist("3.11.2")])
    before = stamp.environment_digest(())
    monkeypatch.setattr(stamp.metadata, "distributions", lambda: [Dist("3.11.3")])
    assert stamp.environment_digest(()) == before  # nothing installed since: not listed again
    monkeypatch.setattr(stamp, "_site_packages_mtimes", lambda: (("/venv/site-packages", 2),))
    assert stamp.environment_digest(()) != before  # the folder changed: read again, the new version seen
    stamp._environment_digest.cache_clear()


def test_force_executes_everything_and_never_reads_the_cache(warm):
    """FORCE=1: every notebook runs again, none is taken from the cache, even with every entry in place."""
    lines = []
    build(2014, out_root=warm, force=True, report=lines.append, **ZH)
    assert not any("↺" in l for l in lines) and sum("✓" in l for l in lines) == notebooks_2014(), lines


def test_no_cache_executes_everything_and_stores_nothing(warm):
    before = sorted(p.name for p in (warm / ".cache").iterdir())
    lines = []
    build(2014, out_root=warm, use_cache=False, report=lines.append, **ZH)
    assert sum("✓" in l for l in lines) == notebooks_2014() and not any("↺" in l or "已是最新" in l for l in lines)
    assert sorted(p.name for p in (warm / ".cache").iterdir()) == before


def test_a_tampered_published_edition_is_rebuilt(warm):
    build(2014, out_root=warm, **QUIET)  # current first, whatever the module's tests did before
    index = warm / "2014" / "html" / "book" / "generated" / "zizhu.html"
    good = index.read_bytes()
    index.write_bytes(good[: len(good) // 2])
    lines = []
    # the Chinese edition, as just before (the one the tampered page belongs to): only the tampering differs
    build(2014, out_root=warm, report=lines.append, **ZH)
    assert not any("已是最新" in l for l in lines) and any("与上次发布时不同" in l for l in lines)
    assert index.read_bytes() == good


def test_another_year_turning_valid_updates_the_comparison(edition_2014, tmp_path):
    root = tmp_path / "data"
    shutil.copytree(paths.DATA / "2014", root / "2014")
    shutil.copytree(FIXTURES / "2031", root / "2031")
    set_cell(root / "2031" / "zhangjiang_indicators.csv", "zj_export", "value", "many")
    out = warm_cache(tmp_path / "out", edition_2014)  # the pages that read no other year: from the session's build
    html = build(2014, data_root=root, out_root=out, **QUIET)
    assert "未纳入比较的年份：2031年" in text_of(page(html, "comparison"))
    set_cell(root / "2031" / "zhangjiang_indicators.csv", "zj_export", "value", "480")
    lines = []
    html = build(2014, data_root=root, out_root=out, report=lines.append, **ZH)
    assert [l.split()[1] for l in lines if "✓" in l] == ["comparison"]  # the only page that reads the other year
    cmp = text_of(page(html, "comparison"))
    assert "未纳入比较" not in cmp and "2031年为480亿美元" in cmp


def test_adding_a_year_reruns_only_the_pages_that_look_at_other_years(edition_2014, tmp_path):
    root = tmp_path / "data"
    shutil.copytree(paths.DATA / "2014", root / "2014")
    out = warm_cache(tmp_path / "out", edition_2014)
    first = []
    build(2014, data_root=root, out_root=out, report=first.append, **ZH)
    # the same data in another folder: every page from the session's build of data/2014, none executed
    assert sum("↺" in l for l in first) == notebooks_2014() and not any("✓" in l for l in first), first
    shutil.copytree(FIXTURES / "2031", root / "2031")
    lines = []
    html = build(2014, data_root=root, out_root=out, report=lines.append, **ZH)
    assert [l.split()[1] for l in lines if "✓" in l] == ["comparison"]
    assert sum("↺" in l for l in lines) == notebooks_2014()
    assert '2031/html/index.html"' in page(html, "zizhu")  # the banner links the new year all the same


# --- failures and interruptions keep the last good edition ----------------------------------


def test_a_failing_notebook_keeps_the_last_good_edition_and_the_failed_notebook(warm, tmp_path, monkeypatch):
    before = snapshot(warm / "2014" / "html")
    notebooks = tmp_path / "notebooks"
    shutil.copytree(paths.NOTEBOOKS, notebooks)
    nb = notebooks / "zizhu.ipynb"
    source = nb.read_text(encoding="utf-8")
    planted = source.replace('"page = Page(', '"raise ValueError(\\"planted\\")\\n",\n    "page = Page(', 1)
    assert planted != source
    nb.write_text(planted, encoding="utf-8")
    from zjbook.pipeline import execute

    monkeypatch.setattr(paths, "NOTEBOOKS", notebooks)
    monkeypatch.setattr(execute, "NOTEBOOKS", notebooks)
    with pytest.raises(BuildError) as err:
        build(2014, out_root=warm, **QUIET)
    message = str(err.value)
    assert "\n" not in message and "zizhu" in message and "ValueError: planted" in message
    kept = warm / "2014" / "failed" / "zizhu.ipynb"
    assert kept.exists() and "planted" in kept.read_text(encoding="utf-8") and str(kept.relative_to(warm)) in message
    assert snapshot(warm / "2014" / "html") == before
    assert not list(warm.glob(".staging-*"))


def test_a_failing_jupyter_book_keeps_the_last_good_edition(warm, tmp_path, monkeypatch):
    before = snapshot(warm / "2014" / "html")
    book = tmp_path / "book"
    shutil.copytree(paths.BOOK, book)
    with (book / "method.md").open("a", encoding="utf-8") as f:
        f.write("\n见 {doc}`no-such-page`。\n")
    monkeypatch.setattr(paths, "BOOK", book)
    with pytest.raises(BuildError) as err:
        build(2014, out_root=warm, **QUIET)
    assert "Jupyter Book 构建失败" in str(err.value) and "no-such-page" in str(err.value)
    assert snapshot(warm / "2014" / "html") == before
    assert not list(warm.glob(".staging-*"))


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_an_interrupted_build_stops_everything_and_keeps_the_last_good_edition(edition_2014, tmp_path, signum):
    out = tmp_path / "out"
    shutil.copytree(edition_2014, out / "2014" / "html")
    before = snapshot(out / "2014" / "html")
    proc = cli_build(out, "--no-cache")
    me = psutil.Process(proc.pid)
    # wait until notebooks are running: the workers below the build
    assert wait_for(lambda: running_workers(me))
    started = me.children(recursive=True)
    proc.send_signal(signum)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 128 + signum  # 130 for Ctrl-C, 143 for SIGTERM
    assert err.count("\n") == 1 and "构建已中断" in err and "Traceback" not in err
    assert wait_for(lambda: not any(alive(p) for p in started), 15)
    assert not list(out.glob(".staging-*"))
    assert snapshot(out / "2014" / "html") == before
