"""How the book says things, per language: the wording files of ``zjbook/wording/<lang>/``.

The analysis (``zjbook.sections``) computes what a page states — rankings, shares, counts, which
districts appear where — and hands the result to a *template* here; the template decides how that
is said. Every paragraph, caption, alt text, axis label, table header and page heading of the
generated pages is a template in a TOML file, one folder per language::

    zjbook/wording/zh/zhangjiang.toml     [headline] first = "{{ period }}，张江示范区…"
    zjbook/wording/en/zhangjiang.toml     [headline] first = "In {{ period }}, the zone's…"

Templates are Jinja2 (``{{ name }}``, ``{% if %}``); an undefined name is an error, never an empty
string. Numbers are written by the language's number style (``numbers.toml``, see
:mod:`zjbook.wording.numbers`), available in every template as ``n`` and as filters. A third
language is a third folder: copy ``en/``, translate every string, adjust ``numbers.toml``.
"""
from __future__ import annotations

import functools
import tomllib
from pathlib import Path

import jinja2

HERE = Path(__file__).resolve().parent

#: The language of the report, and of the book's source texts (data, notebooks' markdown cells).
SOURCE_LANGUAGE = "zh"


def languages() -> tuple[str, ...]:
    """Every language with a wording folder, the source language first."""
    found = sorted(p.name for p in HERE.iterdir() if p.is_dir() and not p.name.startswith(("_", ".")))
    return tuple(sorted(found, key=lambda lang: lang != SOURCE_LANGUAGE))


def upper_first(text) -> str:
    """The text with its first letter capitalised, the rest untouched (a label at the start of a sentence)."""
    text = str(text)
    return text[:1].upper() + text[1:]


def lower_first(text) -> str:
    """A label or phrase inside a sentence: "Net profit" → "net profit"; a first word with another capital
    in it ("R&D centres", "US$…") stays as it is."""
    text = str(text)
    first = text.split(" ", 1)[0]
    if not first[:1].isupper() or any(c.isupper() for c in first[1:]):
        return text
    return text[:1].lower() + text[1:]


class MissingWording(KeyError):
    """A template key that the language's wording files do not define."""

    def __str__(self) -> str:
        return str(self.args[0])


def _merge(into: dict, new: dict, where: str) -> None:
    for key, value in new.items():
        if isinstance(value, dict) and isinstance(into.get(key), dict):
            _merge(into[key], value, f"{where}.{key}")
        elif key in into:
            raise ValueError(f"wording key {where}.{key} is defined twice")
        else:
            into[key] = value


class Wording:
    """The wording of one language: ``say("zhangjiang.headline.first", **facts)``."""

    def __init__(self, lang: str):
        folder = HERE / lang
        if not folder.is_dir():
            raise ValueError(f"no wording for language {lang!r} (known: {', '.join(languages())})")
        self.lang = lang
        self.entries: dict = {}
        for file in sorted(folder.glob("*.toml")):
            content = tomllib.loads(file.read_text(encoding="utf-8"))
            stray = [k for k in content if k != file.stem]
            if stray:  # one file, one top-level table named after it: an editor knows where a key lives
                raise ValueError(f"{file}: top-level keys must be [{file.stem}…], not {', '.join(stray)}")
            _merge(self.entries, content, file.stem)
        from .numbers import number_style
        self.numbers = number_style(lang, self.entries.get("numbers", {}))
        self.env = jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=False,
                                      keep_trailing_newline=False, trim_blocks=True, lstrip_blocks=True)
        self.env.globals.update(n=self.numbers, lang=lang)
        self.env.filters.update(self.numbers.filters(), upper_first=upper_first, lower_first=lower_first)
        self._compiled: dict[str, jinja2.Template] = {}

    def entry(self, key: str):
        """The raw entry (a string, a list or a table) at a dotted key."""
        node = self.entries
        for part in key.split("."):
            if not isinstance(node, dict) or part not in node:
                raise MissingWording(f"wording {self.lang}: no entry {key!r} in zjbook/wording/{self.lang}/")
            node = node[part]
        return node

    def has(self, key: str) -> bool:
        try:
            self.entry(key)
        except MissingWording:
            return False
        return True

    def say(self, key: str, **context) -> str:
        """Render the template at ``key`` with ``context``; surrounding whitespace is dropped."""
        if key not in self._compiled:
            source = self.entry(key)
            if not isinstance(source, str):
                raise MissingWording(f"wording {self.lang}: {key!r} is not a template")
            self._compiled[key] = self.env.from_string(source)
        try:
            return self._compiled[key].render(**context).strip()
        except jinja2.UndefinedError as e:
            raise jinja2.UndefinedError(f"wording {self.lang} {key}: {e}") from None

    def words(self, key: str) -> dict | list:
        """A table or list entry as it stands (labels, column headers, month names…)."""
        return self.entry(key)


@functools.lru_cache(maxsize=None)
def wording(lang: str = SOURCE_LANGUAGE) -> Wording:
    return Wording(lang)
