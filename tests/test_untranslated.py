"""Texts without a translation: found item by item, listed by validation, marked on the page, refused by release."""

from __future__ import annotations

import subprocess
import sys

import pandas as pd
import pytest

from zjbook.data.edition import Edition
from zjbook.data.translation import Translator, Untranslated, missing
from zjbook.render.page import Page
from zjbook.wording import escape


def untranslated_spans(text) -> list[str]:
    """The originals a translation shows marked as untranslated."""
    if isinstance(text, Untranslated):
        return [str(text)]
    return [str(p) for p in getattr(text, "parts", []) if isinstance(p, Untranslated)]


def tables(glossary=(), translations=()):
    return {
        "glossary.csv": pd.DataFrame(
            [{"zh": z, "lang": "en", "text": t, "kind": "district", "note": None} for z, t in glossary]
        ),
        "translations.csv": pd.DataFrame([{"zh": z, "lang": "en", "text": t, "note": None} for z, t in translations]),
    }


def test_a_cell_is_found_whole_or_item_by_item_and_a_gap_is_marked_not_guessed():
    t = Translator(tables([("甲区", "Jia District")], [("乙园", "Yi Park"), ("丙；丁", "C and D")]), "en")
    assert t("甲区") == "Jia District"
    assert t("丙；丁") == "C and D"  # the whole cell wins over its items
    assert t("甲区；乙园") == "Jia District; Yi Park"
    mixed = t("甲区；戊基地")
    assert mixed.startswith("Jia District; ") and untranslated_spans(mixed) == ["戊基地"]
    assert untranslated_spans(t("没有译文的句子")) == ["没有译文的句子"]
    assert t("2014") == "2014" and t(None) is None  # nothing Chinese, nothing to translate
    assert Translator(tables(), "zh")("甲区") == "甲区"


def test_missing_lists_each_gap_once_with_file_row_column_and_fix(data_copy):
    ed = Edition(2014, data_copy.parent)
    tables = dict(ed.tables)  # the edition is read-only: change a copy of its tables
    frame = tables.get("translations.csv")
    gaps_before = missing(ed.dir, tables, "en")
    themes = tables["themes.csv"]
    summary = themes.loc[0, "summary"]
    if frame is not None:
        tables["translations.csv"] = frame[frame["zh"] != summary]
    gaps = missing(ed.dir, tables, "en")
    found = [p for p in gaps if p.message.endswith(f"“{summary}”")]
    assert len(found) == 1
    assert found[0].path.name == "themes.csv" and found[0].line == 2 and found[0].column == "summary"
    assert "translations.csv" in found[0].fix and "lang 为 en" in found[0].fix
    assert len(gaps) == len(gaps_before) + (1 if frame is not None and summary in set(frame["zh"]) else 0)


@pytest.fixture
def english_page(data_copy):
    return Page.in_memory(2014, "en", data_copy.parent)


def test_an_untranslated_passage_is_shown_marked_in_the_original(english_page):
    page = english_page
    html = page.marked(escape("The zone adopted ") + page.voice.markup("一段没有译文的举措") + escape("."))
    assert '<span class="untranslated" title="not yet translated">' in html
    assert (
        '<span class="untranslated-label">not yet translated</span> <span lang="zh-CN">一段没有译文的举措</span>'
        in html
    )
    assert page.text("一段没有译文的举措") == "[not yet translated: 一段没有译文的举措]"


def test_the_first_mention_of_a_glossary_name_carries_the_chinese_once(english_page):
    page = english_page
    term = next(t for t in page.translator.terms if t.kind == "park")
    first = page.marked(escape(f"{term.text} grew."))
    second = page.marked(escape(f"{term.text} grew again."))
    assert f'(<span lang="zh-CN" class="zh-name">{term.zh}</span>)' in first
    assert "zh-name" not in second


def test_a_district_name_is_shanghais_own_romanisation_and_carries_no_gloss(english_page):
    page = english_page
    term = next(t for t in page.translator.terms if t.kind == "district")
    assert "zh-name" not in page.marked(escape(f"{term.text} grew."))


def run(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "zjbook", *args], capture_output=True, text=True, cwd=cwd)


def test_validate_lists_texts_without_english_but_passes(data_copy):
    themes = pd.read_csv(data_copy / "themes.csv", dtype=str, keep_default_na=False)
    themes.loc[0, "summary"] = themes.loc[0, "summary"] + "（本行改写过）"
    themes.to_csv(data_copy / "themes.csv", index=False, lineterminator="\n")
    proc = run("validate", "--year", "2014", "--data-root", str(data_copy.parent))
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    head = next(i for i, l in enumerate(lines) if l.startswith("英文版缺少译文"))
    listed = [l for l in lines[head + 1 :] if l.startswith("  警告：")]
    assert any("themes.csv 第2行 列 summary" in l and "（本行改写过）" in l for l in listed), listed
    row = next(l for l in listed if "themes.csv 第2行" in l)
    assert ",en,译文" in row  # a row ready to paste into translations.csv
    stale = next(l for l in lines if "不再对应任何文字" in l)
    assert stale.startswith("另有 1 行英文译文") and themes.loc[0, "summary"].removesuffix("（本行改写过）") in stale
    assert "Traceback" not in proc.stdout + proc.stderr


def test_release_refuses_an_edition_whose_english_is_incomplete(data_copy):
    from zjbook.pipeline import release

    themes = pd.read_csv(data_copy / "themes.csv", dtype=str, keep_default_na=False)
    themes.loc[0, "summary"] = themes.loc[0, "summary"] + "（本行改写过）"
    themes.to_csv(data_copy / "themes.csv", index=False, lineterminator="\n")
    ed = Edition(2014, data_copy.parent)
    lines = release.untranslated_reasons(ed, ("zh", "en"))
    assert any(l.startswith("英文版缺少译文：themes.csv 第2行 列 summary") for l in lines), lines
    assert release.untranslated_reasons(ed, ("zh",)) == []
    with pytest.raises(release.ReleaseRefused) as refused:
        release.release(2014, data_copy.parent, out_root=data_copy.parent.parent / "out", langs=("zh", "en"))
    text = str(refused.value)
    assert text.splitlines()[0].startswith("2014 年版的译文尚不齐全，不能发布") or "仍是草稿" in text.splitlines()[0]
    assert "make release YEAR=2014 LANGS=zh" in text


def test_a_long_name_is_said_in_full_once_per_page_then_in_its_shorter_form(english_page):
    """The second editor of issue 20: "Shanghai Municipal Science and Technology Commission" ten times in full."""
    page = english_page
    first = page.marked(escape("The Science and Technology Commission of Shanghai Municipality met."))
    second = page.marked(escape("Both worked with the Science and Technology Commission of Shanghai Municipality."))
    # three 2026 editors: "the Science and Technology Commission" could be the national ministry; its own abbreviation
    assert "Science and Technology Commission of Shanghai Municipality (STCSM)" in first
    assert "with STCSM" in second and "Shanghai Municipal" not in second
