"""The language registry: every language of the book, declared once in ``zjbook/languages.toml``.

Everything that differs by language and is not wording reads it from here: where the language's book
sits (``root``), its HTML ``lang`` and Sphinx ``language``, its number style, its page and figure fonts,
its search tokenizer, and the chain of languages a missing wording entry falls back to. The wording
itself lives in ``zjbook/wording/<code>/``.
"""

from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass
from pathlib import Path

REGISTRY = Path(__file__).resolve().parent / "languages.toml"


class UnknownLanguage(ValueError):
    """A language code the registry does not declare."""


@dataclass(frozen=True)
class Language:
    code: str
    name: str  # in the language itself
    name_zh: str  # in Chinese, for command messages
    html_lang: str
    sphinx: str
    root: str  # "" for the source language, "<code>/" for the others
    numbers: str  # "chinese" or "western"
    page_fonts: tuple[str, ...]
    figure_fonts: tuple[str, ...]
    search: str
    fallback: tuple[str, ...]

    @property
    def is_source(self) -> bool:
        return self.root == ""

    @property
    def chain(self) -> tuple[str, ...]:
        """This language, then its fallbacks: where a wording entry is looked for, in order."""
        return (self.code, *self.fallback)


@dataclass(frozen=True)
class Registry:
    languages: tuple[Language, ...]
    font_packages: dict[str, str]

    def get(self, code: str) -> Language:
        for lang in self.languages:
            if lang.code == code:
                return lang
        raise UnknownLanguage(f"没有这种语言：{code}（可选：{'、'.join(self.codes())}）")

    def codes(self) -> tuple[str, ...]:
        return tuple(lang.code for lang in self.languages)

    @property
    def source(self) -> Language:
        return self.languages[0]


def read(path: Path = REGISTRY) -> Registry:
    """Read and check a registry file: one source language first, every fallback a declared language."""
    raw = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    langs = tuple(
        Language(code=code, **{k: tuple(v) if isinstance(v, list) else v for k, v in spec.items()})  # type: ignore[arg-type]
        for code, spec in raw["languages"].items()
    )
    codes = {lang.code for lang in langs}
    if not langs or not langs[0].is_source or any(lang.is_source for lang in langs[1:]):
        raise ValueError(f'{path}: the first language, and only it, has root = ""')
    for lang in langs:
        unknown = [f for f in lang.fallback if f not in codes or f == lang.code]
        if unknown or (not lang.is_source and langs[0].code not in lang.fallback):
            raise ValueError(
                f"{path}: {lang.code}'s fallback must name other declared languages and end with "
                f"the source language {langs[0].code} (has {list(lang.fallback)})"
            )
        if lang.numbers not in ("chinese", "western") or lang.search not in ("jieba", "default"):
            raise ValueError(f"{path}: {lang.code}: numbers is chinese|western, search is jieba|default")
    return Registry(langs, dict(raw.get("fonts", {})))


@functools.cache
def registry() -> Registry:
    return read()


def get(code: str) -> Language:
    return registry().get(code)


def codes() -> tuple[str, ...]:
    """Every language of the book, the source language first."""
    return registry().codes()


def source() -> Language:
    return registry().source


#: The report's language, which the data and the book's source texts are written in.
SOURCE = "zh"
