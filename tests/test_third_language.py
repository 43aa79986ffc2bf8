"""A third language added as the README says: a table in the registry and a wording folder holding one file.

The registry and the wording folders are temporary copies with ``ja`` added (the real ones stay two
languages); everything that reads them is pointed at the copies for the test."""

import json
import os
import re
import shutil
import subprocess
import sys
import tomllib

import pytest

import zjbook.wording as wording_module
from zjbook import languages, paths
from zjbook.data.edition import Edition
from zjbook.data.translation import Untranslated
from zjbook.pipeline import build as build_module
from zjbook.pipeline import cache, release, stamp
from zjbook.render import export
from zjbook.wording import Voice, wording
from zjbook.wording.dictionary import dictionary

JA = """
[languages.ja]
name = "日本語"
name_zh = "日文"
html_lang = "ja"
sphinx = "ja"
root = "ja/"
numbers = "western"
page_fonts = ["Noto Sans CJK SC", "sans-serif"]
figure_fonts = ["Noto Sans CJK SC"]
search = "default"
fallback = ["en", "zh"]
"""

JA_PAGES = """[pages.zhangjiang_overview]
title = "張江モデル区：全体の動向"
"""

#: A template every language but ja has, which prints a text of the data.
PROBE = {"zh": '[probe]\nline = "来源：{{ x }}"\n', "en": '[probe]\nline = "Source: {{ x }}"\n'}


def _clear():
    wording.cache_clear()
    dictionary.cache_clear()


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A copy of the helper package with ``ja`` declared and ``zjbook/wording/ja/pages.toml`` its only file."""
    root = tmp_path / "project"
    shutil.copytree(paths.ROOT / "zjbook", root / "zjbook", ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    for name in ("_toc.yml", "_config.yml"):
        shutil.copy2(paths.ROOT / name, root / name)
    registry_file = root / "zjbook" / "languages.toml"
    text = registry_file.read_text(encoding="utf-8")
    registry_file.write_text(text.replace("# The Debian package", JA + "\n# The Debian package"), encoding="utf-8")
    here = root / "zjbook" / "wording"
    (here / "ja").mkdir()
    (here / "ja" / "pages.toml").write_text(JA_PAGES, encoding="utf-8")
    for lang, probe in PROBE.items():
        (here / lang / "probe.toml").write_text(probe, encoding="utf-8")
    registry = languages.read(registry_file)
    assert registry.codes() == (*languages.read().codes(), "ja")
    monkeypatch.setattr(languages, "registry", lambda: registry)
    monkeypatch.setattr(wording_module, "HERE", here)
    monkeypatch.setattr(paths, "ROOT", root)
    _clear()
    yield root
    _clear()


def test_the_english_data_dictionary_needs_no_entry_for_the_new_language(project):
    en = dictionary("en")
    assert en.code("languages", "en") == "English"  # its own entry
    assert en.code("languages", "ja") == "日本語"  # none: the language's own name, from the registry
    assert en.gaps() == []
    assert dictionary("zh").code("languages", "ja") == "日文"  # the schema's vocabulary, from the registry


def test_the_new_language_s_dictionary_falls_back_entry_by_entry_and_is_left_out_of_the_data_package(project):
    (project / "zjbook" / "wording" / "ja" / "dictionary.toml").write_text(
        '[dictionary.tables.zhangjiang_indicators]\ntitle = "張江モデル区の主要経済指標"\n', encoding="utf-8"
    )
    _clear()
    ja, en = dictionary("ja"), dictionary("en")
    from_schema = next(t for t in export.schema.TABLES if t.file == "zhangjiang_indicators.csv")
    other = next(t for t in export.schema.TABLES if t.file != "zhangjiang_indicators.csv")
    assert ja.title(from_schema) == "張江モデル区の主要経済指標"  # its own
    assert ja.description(from_schema) == en.description(from_schema)  # the next language of its chain
    assert ja.title(other) == en.title(other)
    assert ja.gaps() and "tables.zhangjiang_indicators.title" not in ja.gaps()
    # only languages with a whole dictionary of their own are described in datapackage.json
    assert export.translation_languages() == ["en"]


def test_the_language_switch_never_speaks_another_language(project):
    assert build_module.switch_title(languages.get("ja")) == "日本語"  # no sentence of its own yet: its name
    assert build_module.switch_title(languages.get("en")) == "Read this book in English"
    assert build_module.switch_title(languages.get("zh")) == "阅读本书中文版"
    (project / "zjbook" / "wording" / "ja" / "book.toml").write_text(
        '[book]\nswitch_title = "この本を日本語で読む"\n', encoding="utf-8"
    )
    _clear()
    assert build_module.switch_title(languages.get("ja")) == "この本を日本語で読む"


def test_a_fallback_passage_is_marked_once_with_the_chain_s_label(project):
    voice = Voice("ja", translate=lambda text: Untranslated(text, "zh"))
    plain = voice.plain("probe.line", x="浦东新区")
    assert plain == "[not yet translated: Source: 浦东新区]"
    markup = voice.say("probe.line", x="浦东新区")
    assert markup.count('class="untranslated"') == 1
    # the label is the chain's (ja has none) and says which language it is in
    assert '<span class="untranslated-label" lang="en">not yet translated</span>' in markup
    assert re.search(r'<span lang="en">Source: <span lang="zh-CN">浦东新区</span></span>', markup), markup
    # a passage already marked, passed into a fallback template, is not marked again
    nested = voice.plain("probe.line", x=voice.plain("probe.line", x="浦东新区"))
    assert nested == "[not yet translated: Source: Source: 浦东新区]"
    # with a label of its own, the label is in the page's language
    (project / "zjbook" / "wording" / "ja" / "site.toml").write_text(
        '[site]\nuntranslated_label = "未翻訳"\nuntranslated_plain = "［未翻訳：{{ text }}］"\n', encoding="utf-8"
    )
    _clear()
    voice = Voice("ja", translate=lambda text: Untranslated(text, "zh"))
    assert voice.plain("probe.line", x="浦东新区") == "［未翻訳：Source: 浦东新区］"
    assert '<span class="untranslated-label">未翻訳</span>' in voice.say("probe.line", x="浦东新区")
    # English pages are as they were: their own template, the data text marked alone
    en = Voice("en", translate=lambda text: Untranslated(text, "zh"))
    assert en.plain("probe.line", x="浦东新区") == "Source: [not yet translated: 浦东新区]"


def test_hand_written_pages_follow_the_fallback_chain(project, tmp_path, monkeypatch):
    book = tmp_path / "book"
    (book / "en").mkdir(parents=True)
    (book / "ja").mkdir()
    (book / "_static").mkdir()
    (book / "intro.md").write_text("# 中文简介", encoding="utf-8")
    (book / "about.md").write_text("# 关于", encoding="utf-8")
    (book / "en" / "intro.md").write_text("# Introduction", encoding="utf-8")
    (book / "en" / "about.md").write_text("# About", encoding="utf-8")
    (book / "ja" / "about.md").write_text("# この本について", encoding="utf-8")
    monkeypatch.setattr(paths, "BOOK", book)
    staged = {}
    for lang in ("zh", "en", "ja"):
        stage = tmp_path / f"stage-{lang}"
        build_module.stage_sources(Edition(2014), Voice(lang), stage)
        staged[lang] = {p.name: p.read_text(encoding="utf-8") for p in (stage / "book").glob("*.md")}
        assert not (stage / "book" / "en").exists() and not (stage / "book" / "ja").exists()
    assert staged["zh"] == {"intro.md": "# 中文简介", "about.md": "# 关于"}
    assert staged["en"] == {"intro.md": "# Introduction", "about.md": "# About"}
    assert staged["ja"] == {"intro.md": "# Introduction", "about.md": "# この本について"}


def test_editing_one_language_s_wording_changes_only_its_chain_s_notebook_keys(project):
    before = {lang: stamp.code_digest(lang) for lang in ("zh", "en", "ja")}
    pages = project / "zjbook" / "wording" / "en" / "pages.toml"
    pages.write_text(pages.read_text(encoding="utf-8") + "\n# an editor's note\n", encoding="utf-8")
    after = {lang: stamp.code_digest(lang) for lang in ("zh", "en", "ja")}
    assert after["zh"] == before["zh"]  # Chinese pages don't read English wording
    assert after["en"] != before["en"] and after["ja"] != before["ja"]  # ja falls back to English
    ja = project / "zjbook" / "wording" / "ja" / "pages.toml"
    ja.write_text(ja.read_text(encoding="utf-8") + "\n# note\n", encoding="utf-8")
    again = {lang: stamp.code_digest(lang) for lang in ("zh", "en", "ja")}
    assert again["zh"] == after["zh"] and again["en"] == after["en"] and again["ja"] != after["ja"]
    # every language's data dictionary is read by every language (the data package describes them all),
    # and any code change re-runs everything
    for changed in ("wording/ja/dictionary.toml", "render/numbers_probe.py"):
        (project / "zjbook" / changed).write_text("# x\n", encoding="utf-8")
        now = {lang: stamp.code_digest(lang) for lang in ("zh", "en", "ja")}
        assert all(now[lang] != again[lang] for lang in now), changed
        again = now
    assert tomllib.loads((project / "zjbook" / "languages.toml").read_text(encoding="utf-8"))["languages"]["ja"]


def test_release_refuses_the_incomplete_language_and_names_the_languages_it_may_release(project, tmp_path):
    ed = Edition(2014)
    lines = release.untranslated_reasons(ed, ("zh", "en", "ja"))
    assert lines and all(line.startswith("日文版") for line in lines), lines
    assert any("zjbook/wording/ja/" in line and "pages." in line for line in lines)
    assert any("dictionary.tables." in line for line in lines)  # its data dictionary is another language's
    assert release.complete_languages(ed, ("zh", "en", "ja")) == ["zh", "en"]
    with pytest.raises(release.ReleaseRefused) as refused:
        release.release(2014, out_root=tmp_path / "out")
    assert "make release YEAR=2014 LANGS=zh,en" in str(refused.value)


def test_a_notebook_s_cache_context_holds_only_its_language_s_chain(project):
    def contexts():
        return {lang: cache.build_context(2014, paths.DATA, (), lang) for lang in ("zh", "en", "ja")}

    before = contexts()
    assert len(set(before.values())) == 3  # each language's notebooks have their own context
    site = project / "zjbook" / "wording" / "en" / "site.toml"
    site.write_text(
        site.read_text(encoding="utf-8").replace("not yet translated", "not translated yet"), encoding="utf-8"
    )
    after = contexts()
    assert after["zh"] == before["zh"] and after["en"] != before["en"] and after["ja"] != before["ja"]


@pytest.mark.slow
def test_a_copy_of_the_project_with_a_third_language_builds_every_language(tmp_path):
    """The README's way, end to end: a table in the registry and one wording file; zh, en and ja build."""
    root = tmp_path / "project"
    for name in ("zjbook", "notebooks", "book"):
        shutil.copytree(paths.ROOT / name, root / name, ignore=shutil.ignore_patterns("__pycache__", "generated"))
    shutil.copytree(paths.DATA / "2014", root / "data" / "2014")
    shutil.copy2(paths.DATA / "divisions.csv", root / "data" / "divisions.csv")
    for name in ("_config.yml", "_toc.yml", "requirements.txt"):
        shutil.copy2(paths.ROOT / name, root / name)
    registry_file = root / "zjbook" / "languages.toml"
    text = registry_file.read_text(encoding="utf-8")
    registry_file.write_text(text.replace("# The Debian package", JA + "\n# The Debian package"), encoding="utf-8")
    (root / "zjbook" / "wording" / "ja").mkdir()
    (root / "zjbook" / "wording" / "ja" / "pages.toml").write_text(JA_PAGES, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(root)}  # the copy's package, in the build and in its workers
    out = tmp_path / "out"
    done = subprocess.run(
        [sys.executable, "-m", "zjbook", "build", "--year", "2014", "--out", str(out)],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    html = out / "2014" / "html"
    page = "book/generated/zhangjiang_overview.html"
    zh, en, ja = ((html / prefix / page).read_text(encoding="utf-8") for prefix in ("", "en", "ja"))
    appendix = (html / "en" / "book" / "generated" / "data_appendix.html").read_text(encoding="utf-8")
    assert "datapackage.json" in appendix and "English" in appendix  # the page whose dictionary failed
    # the switch to ja says "日本語", never another language's sentence
    for other in (zh, en):
        switch = re.search(r'<a class="lang-switch"[^>]*hreflang="ja"[^>]*>', other).group(0)
        assert 'title="日本語"' in switch, switch
    assert '<html lang="ja"' in ja and "張江モデル区：全体の動向" in ja
    assert 'class="untranslated"' in ja and 'class="untranslated"' not in en
    assert not re.search(r"not yet translated: [^\]<]*not yet translated", ja)
    # its hand-written pages are the next language's of its chain
    intro = (html / "ja" / "book" / "intro.html").read_text(encoding="utf-8")
    assert "About this book" in intro
    package = (html / "en").rglob("datapackage.json")
    described = [json.loads(p.read_text(encoding="utf-8"))["languages"] for p in package]
    assert described and all(languages_ == ["zh", "en"] for languages_ in described)

    # an edit of the English wording re-executes the English pages and those of ja (which falls back to
    # English), never the Chinese ones
    en_pages = root / "zjbook" / "wording" / "en" / "pages.toml"
    en_pages.write_text(en_pages.read_text(encoding="utf-8") + "\n# an editor's note\n", encoding="utf-8")
    again = subprocess.run(
        [sys.executable, "-m", "zjbook", "build", "--year", "2014", "--out", str(out)],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert again.returncode == 0, again.stdout[-2000:] + again.stderr[-2000:]
    ran = set(re.findall(r"✓ (\S+)", again.stdout))
    kept = set(re.findall(r"↺ (\S+)", again.stdout))
    assert ran and all(name.startswith(("en/", "ja/")) for name in ran), ran
    assert {"en/zhangjiang_overview", "ja/zhangjiang_overview"} <= ran
    assert "zhangjiang_overview" in kept and not any(name.startswith(("en/", "ja/")) for name in kept), kept


def test_a_language_with_a_few_number_words_takes_the_rest_from_its_chain_entry_by_entry(project):
    """ja (western style, falling back to English) words only the thousands separator and one qualifier: every
    other number word is English's, and its own two are its own."""
    (project / "zjbook" / "wording" / "ja" / "numbers.toml").write_text(
        '[numbers]\nthousands_separator = "_"\n[numbers.qualifiers]\nabout = "およそ"\n', encoding="utf-8"
    )
    _clear()
    ja, en = wording("ja").numbers, wording("en").numbers
    assert ja.thousands == "_" and ja.qualifiers["about"] == "およそ"
    assert {k: v for k, v in ja.qualifiers.items() if k != "about"} == {
        k: v for k, v in en.qualifiers.items() if k != "about"
    }
    assert ja.money == en.money and ja.months == en.months and ja.scales == en.scales
