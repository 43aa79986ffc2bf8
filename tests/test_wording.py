"""The wording files: every language says the same things, every template parses, the layout is kept."""

from __future__ import annotations

import re

import jinja2
import pytest

from zjbook.languages import codes as languages
from zjbook.wording import HERE, Voice, Wording, read_folder, typographic

#: Files whose keys legitimately differ by language: number conventions (each style its own words).
OWN_SHAPE = {"numbers", "dictionary"}  # the Chinese dictionary reads schema.py (see test_appendix_en)


def entries(node, prefix=""):
    """(dotted path, value) of every leaf."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield from entries(value, f"{prefix}.{key}" if prefix else key)
    else:
        yield prefix, node


def key_paths(node):
    return (path for path, _ in entries(node))


def test_chinese_first_then_english():
    assert languages()[:2] == ("zh", "en")


@pytest.mark.parametrize("lang", [l for l in languages() if l != "zh"])
def test_each_language_has_the_same_entries_as_chinese(lang):
    zh, other = Wording("zh"), Wording(lang)
    for section in set(zh.entries) | set(other.entries):
        if section in OWN_SHAPE:
            continue
        ours, theirs = set(key_paths(zh.entries.get(section, {}))), set(key_paths(other.entries.get(section, {})))
        # tables keyed by data values (e.g. the part captions) must match too; a language still being
        # translated (Wording.missing() not empty) may lack entries, never have stray ones
        if other.missing():
            assert theirs <= ours, (section, sorted(theirs - ours)[:10])
        else:
            assert ours == theirs, (section, sorted(ours ^ theirs)[:10])


@pytest.mark.parametrize("lang", languages())
def test_every_template_parses(lang):
    words = Wording(lang)
    count = 0
    for path, value in entries(words.entries):
        if isinstance(value, str) and "{" in value:
            words.parse(value)  # raises TemplateSyntaxError with the key's text
            count += 1
    assert count > 80 or words.missing()


def test_a_file_holds_only_its_own_table(tmp_path):
    from zjbook.wording import read_folder

    (tmp_path / "xx").mkdir()
    (tmp_path / "xx" / "site.toml").write_text('[site]\na = "1"\n[other]\nb = "2"\n', encoding="utf-8")
    with pytest.raises(ValueError, match="top-level keys must be \\[site"):
        read_folder(tmp_path / "xx")


def test_an_undefined_name_is_an_error_not_an_empty_string():
    with pytest.raises(jinja2.UndefinedError, match="site.source_line"):
        Voice("en").plain("site.source_line", section="4.1")  # no meta given
    assert HERE.name == "wording"


def test_the_wording_writes_typographic_apostrophes_outside_code():
    """Sphinx's smart quotes are off (data shows as written); the book's own prose curls its apostrophes."""
    text = "The districts' partners {% if k == 'districts' %}x{% endif %} <a title='x'>4.2's</a> Jing'an"
    assert (
        typographic(text)
        == "The districts’ partners {% if k == 'districts' %}x{% endif %} <a title='x'>4.2’s</a> Jing’an"
    )
    assert typographic({"a": ["it's"], "n": 3}) == {"a": ["it’s"], "n": 3}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_straight_apostrophe_is_left_in_the_prose(lang):
    def strings(value):
        if isinstance(value, dict):
            for v in value.values():
                yield from strings(v)
        elif isinstance(value, list):
            for v in value:
                yield from strings(v)
        elif isinstance(value, str):
            yield value

    prose = [
        re.sub(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}|<[^<>]*>", "", s, flags=re.S)
        for s in strings(read_folder(HERE / lang))
    ]
    assert [p for p in prose if re.search(r"[A-Za-z0-9]'[A-Za-z]|s'(?![A-Za-z0-9])", p)] == []
