"""How the book says things, per language: the wording files of ``zjbook/wording/<lang>/``.

The analysis (:mod:`zjbook.sections`) computes what a page states — rankings, shares, which districts
appear where — as values; a *template* here decides how that is said. Every sentence, heading, caption,
alt text, axis label and table header of the book is a template in a TOML file, one folder per language::

    zjbook/wording/zh/zhangjiang.toml     [zhangjiang.headline] growth = "从增速看，{{ top.label }}最高…"
    zjbook/wording/en/zhangjiang.toml     [zhangjiang.headline] growth = "{{ top.label|upper_first }} grew…"

Templates are Jinja2 (``{{ name }}``, ``{% if %}``); an undefined name is an error, never an empty string.
A :class:`Voice` says them for one page: the language's wording and number style (``n`` and the filters
``series``, ``share``, ``points``, ``times``, ``count``) and the edition's translations. Every value a
template prints is shown in the page's language: a text of the data (any string but what the voice has
said itself, :class:`Said` and :class:`Safe`) is looked up in the edition's translations; figures (:class:`zjbook.data.figure.Figure`) arrive as :class:`FigureView` (``f.label``, ``f.text``,
``f.growth_phrase``, ``f.period`` …). ``say`` gives page markup (escaped MyST, untranslated passages
marked); ``plain`` gives plain text (alt texts, figure labels, the configuration).

The languages and their fallbacks are declared in ``zjbook/languages.toml``. An entry a language lacks is
taken from the next language of its chain and marked as not yet translated, so a new language can start
with a single file; :meth:`Wording.missing` lists what it still lacks (``make release`` refuses it).
"""

from __future__ import annotations

import dataclasses
import functools
import re
import tomllib
from pathlib import Path

import jinja2
import markupsafe

from .. import languages
from ..data.figure import Figure, Text
from ..data.translation import Partial, Untranslated
from .markup import Safe, escape, one_line, untranslated_span
from .numbers import number_style

HERE = Path(__file__).resolve().parent
SOURCE_LANGUAGE = languages.SOURCE

MARKUP, PLAIN = "markup", "plain"

#: A passage marked as not yet translated in page markup (see :func:`markup.untranslated_span`): group 1 is
#: the passage in its own language's span.
_MARKED_SPAN = re.compile(
    r'<span class="untranslated" title="[^"]*"><span class="untranslated-label"(?: lang="[^"]*")?>[^<]*</span> '
    r'(<span lang="[^"]*">.*?</span>)</span>',
    re.S,
)


class Said(str):
    """Plain text a voice has already said in its page's language: shown as it is, never translated again."""

    __slots__ = ()


class MissingWording(KeyError):
    """A template key that no language of the chain defines."""

    def __str__(self) -> str:
        return str(self.args[0])


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


def _merge(into: dict, new: dict, where: str) -> None:
    for key, value in new.items():
        if isinstance(value, dict) and isinstance(into.get(key), dict):
            _merge(into[key], value, f"{where}.{key}")
        elif key in into:
            raise ValueError(f"wording key {where}.{key} is defined twice")
        else:
            into[key] = value


#: An apostrophe typed straight in the book's own wording: within a word (report's, Jing'an, 4.2's) or
#: after the s of a plural (the districts' partners).
_APOSTROPHE = re.compile(r"(?<=[A-Za-z0-9])'(?=[A-Za-z])|(?<=s)'(?![A-Za-z0-9])")
#: What is code, not prose, inside a wording string: Jinja tags and comments, HTML tags.
_CODE = re.compile(r"(\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}|<[^<>]*>)", re.S)


def typographic(value):
    """The wording's straight apostrophes as typographic ones (’), in the prose of every string of a wording
    table (never inside Jinja or HTML tags).

    Sphinx's smart quotes are off (``_config.yml``: data text is shown exactly as written, straight quotes
    and all); the book's own sentences keep the typography the house style asks for this way. Only the
    wording files pass through here, never the data or its translations."""
    if isinstance(value, str):
        parts = _CODE.split(value)
        return "".join(part if i % 2 else _APOSTROPHE.sub("’", part) for i, part in enumerate(parts))
    if isinstance(value, dict):
        return {k: typographic(v) for k, v in value.items()}
    if isinstance(value, list):
        return [typographic(v) for v in value]
    return value


def read_folder(folder: Path) -> dict:
    """Every wording file of a folder, merged: one top-level table per file, named after it."""
    entries: dict = {}
    for file in sorted(folder.glob("*.toml")):
        content = typographic(tomllib.loads(file.read_text(encoding="utf-8")))
        stray = [k for k in content if k != file.stem]
        if stray:  # one file, one top-level table named after it: an editor knows where a key lives
            raise ValueError(f"{file}: top-level keys must be [{file.stem}…], not {', '.join(stray)}")
        _merge(entries, content, file.stem)
    return entries


def _absent(source: dict, own: dict, prefix: str = ""):
    """The dotted keys of ``source``'s entries that ``own`` does not define."""
    for k, v in source.items():
        key = f"{prefix}.{k}" if prefix else k
        if k not in own:
            yield key
        elif isinstance(v, dict) and isinstance(own[k], dict):
            yield from _absent(v, own[k], key)


def _lookup(entries: dict, key: str):
    node = entries
    for part in key.split("."):
        if not isinstance(node, dict) or part not in node:
            raise KeyError(key)
        node = node[part]
    return node


def _merged(tables: list[dict]) -> dict:
    """Tables merged key by key, nested tables too; where several give a key, the first has it."""
    out: dict = {}
    for table in reversed(tables):
        for key, value in table.items():
            both = isinstance(value, dict) and isinstance(out.get(key), dict)
            out[key] = _merged([value, out[key]]) if both else value
    return out


class Wording:
    """The wording of one language, with the entries it lacks taken from its fallback chain."""

    def __init__(self, lang: str):
        self.language = languages.get(lang)
        self.lang = lang
        self.layers: list[tuple[str, dict]] = [
            (code, read_folder(HERE / code)) for code in self.language.chain if (HERE / code).is_dir()
        ]
        if not self.layers or self.layers[0][0] != lang:
            raise ValueError(f"no wording folder zjbook/wording/{lang}/ for language {lang!r}")
        self.entries = self.layers[0][1]
        # the number words entry by entry along the chain, from the languages written in the same number style
        # (a Chinese-style language never takes English words for its qualifiers, nor the other way round)
        numbers_words = _merged(
            [
                entries["numbers"]
                for code, entries in self.layers
                if "numbers" in entries and languages.get(code).numbers == self.language.numbers
            ]
        )
        self.numbers = number_style(self.language.numbers, numbers_words)
        self._envs = {mode: self._environment(mode) for mode in (MARKUP, PLAIN)}
        self._compiled: dict[tuple[str, str], jinja2.Template] = {}

    def _environment(self, mode: str) -> jinja2.Environment:
        env = jinja2.Environment(
            undefined=jinja2.StrictUndefined,
            # In the markup environment Jinja's own escaping is on, with :class:`Safe` passing through it: what a
            # macro or a ``{% set %}`` block returns is then marked as markup (``markupsafe.Markup``) and not
            # escaped a second time when printed (``Jing\\'an`` was the symptom). Every printed value is
            # escaped once, by ``finalize`` (the voice's :meth:`Voice.markup`).
            autoescape=mode == MARKUP,
            keep_trailing_newline=False,
            trim_blocks=True,
            lstrip_blocks=True,
            finalize=_finalize_markup if mode == MARKUP else _finalize_plain,
        )
        env.globals.update(n=self.numbers, lang=self.lang)
        env.filters.update(self.numbers.filters())
        env.filters.update(
            series=_series,
            join=_join,
            upper_first=_text_filter(upper_first),
            lower_first=_text_filter(lower_first),
            t=_shown,
        )
        return env

    # --- entries ------------------------------------------------------------------------
    def find(self, key: str) -> tuple[object, str]:
        """The entry at a dotted key and the language it comes from (this one, or a fallback)."""
        for code, entries in self.layers:
            try:
                return _lookup(entries, key), code
            except KeyError:
                continue
        raise MissingWording(
            f"wording {self.lang}: no entry {key!r} in zjbook/wording/{self.lang}/ "
            f"(nor in {', '.join(self.language.fallback) or 'any fallback'})"
        )

    def entry(self, key: str):
        """The raw entry (a string, a list or a table) at a dotted key."""
        return self.find(key)[0]

    def has(self, key: str) -> bool:
        try:
            self.find(key)
        except MissingWording:
            return False
        return True

    def words(self, key: str) -> dict | list:
        """A table or list entry as it stands (labels, column headers, month names…)."""
        return self.entry(key)

    def missing(self) -> list[str]:
        """The source language's entries this language does not define itself (they fall back). How numbers
        are written (``numbers``) is the number style's own business: each style has its own words."""
        if self.language.is_source:
            return []
        source = {k: v for k, v in read_folder(HERE / SOURCE_LANGUAGE).items() if k != "numbers"}
        return list(_absent(source, self.entries))

    def template(self, key: str, mode: str) -> tuple[jinja2.Template, str]:
        source, code = self.find(key)
        if not isinstance(source, str):
            raise MissingWording(f"wording {self.lang}: {key!r} is not a template")
        if (key, mode) not in self._compiled:
            self._compiled[(key, mode)] = self._envs[mode].from_string(source)
        return self._compiled[(key, mode)], code

    def parse(self, source: str) -> None:
        """Check that ``source`` is a template of this wording (raises ``TemplateSyntaxError``)."""
        self._envs[PLAIN].parse(source)

    def render_string(self, source: str, **context) -> str:
        """A template written elsewhere (the data dictionary's rules), rendered as plain text."""
        return self._envs[PLAIN].from_string(source).render(_voice=Voice(self.lang), _mode=PLAIN, **context).strip()


@functools.cache
def wording(lang: str = SOURCE_LANGUAGE) -> Wording:
    return Wording(lang)


def languages_with_wording() -> tuple[str, ...]:
    """Every language of the registry, the source language first (each must have a wording folder)."""
    return languages.codes()


# --- how values are shown ----------------------------------------------------------------------


class FigureView:
    """A figure as a page of one language shows it: ``label`` (its indicator), ``text`` (its value as the
    language writes it: 3.12万亿元 / RMB 3.12 trillion), ``growth_phrase`` (增长6.4% / up 6.4%),
    ``growth_text``, ``period``; the stored fields pass through (``value``, ``unit``, ``id`` …)."""

    def __init__(self, figure: Figure, numbers):
        self.figure, self._n = figure, numbers

    def __getattr__(self, name):
        return getattr(self.figure, name)

    @property
    def label(self) -> Text:
        return self.figure.indicator

    @property
    def subject_label(self) -> Text:
        return self.figure.subject

    @property
    def note_label(self) -> Text | None:
        return self.figure.note

    @property
    def text(self) -> str:
        f = self.figure
        return self._n.amount(f.value, f.unit, f.qualifier)

    @property
    def prose(self) -> str:
        """The value as running text writes it (the table keeps :attr:`text`): in Chinese a lower bound that
        is not a round number reads 超过321家, not 321多家 (a made-up number)."""
        f = self.figure
        return self._n.prose_amount(f.value, f.unit, f.qualifier)

    @property
    def growth_text(self) -> str:
        f = self.figure
        return self._n.percent(f.growth_pct, f.growth_qualifier) if f.has_growth else ""

    @property
    def growth_phrase(self) -> str:
        f = self.figure
        return self._n.growth_phrase(f.growth_pct, f.growth_qualifier) if f.has_growth else ""

    @property
    def period(self) -> str:
        return self._n.period_label(self.figure.period_start, self.figure.period_end)

    def __eq__(self, other):
        return self.figure == (other.figure if isinstance(other, FigureView) else other)

    def __hash__(self):
        return hash(self.figure)


class FactsView:
    """A dataclass of facts whose attributes are shown as views too."""

    def __init__(self, facts, numbers):
        self._facts, self._n = facts, numbers

    def __getattr__(self, name):
        return view(getattr(self._facts, name), self._n)


def view(value, numbers):
    """``value`` as templates see it: figures as :class:`FigureView`, containers and facts walked through."""
    if isinstance(value, Figure):
        return FigureView(value, numbers)
    if isinstance(value, (list, tuple)):
        return [view(v, numbers) for v in value]
    if isinstance(value, dict):
        return {k: view(v, numbers) for k, v in value.items()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return FactsView(value, numbers)
    return value


class Voice:
    """How one page says things: a language's wording and number style, and an edition's translations
    of its data texts (``translate``; none for the source language)."""

    def __init__(self, lang: str = SOURCE_LANGUAGE, translate=None):
        self.wording = wording(lang)
        self.language = self.wording.language
        self.lang = lang
        self.numbers = self.wording.numbers
        self.translate = translate

    # --- templates ----------------------------------------------------------------------
    def say(self, key: str, **context) -> Safe:
        """The template at ``key`` as page markup (MyST): data texts translated and escaped."""
        return Safe(self._render(key, MARKUP, context))

    def plain(self, key: str, **context) -> Said:
        """The template at ``key`` as plain text (alt texts, captions, figure labels, configuration)."""
        return Said(self._render(key, PLAIN, context))

    def _render(self, key: str, mode: str, context: dict) -> str:
        template, code = self.wording.template(key, mode)
        values = {k: view(v, self.numbers) for k, v in context.items()}
        try:
            text = template.render(_voice=self, _mode=mode, **values).strip()
        except jinja2.UndefinedError as e:
            raise jinja2.UndefinedError(f"wording {self.lang} {key}: {e}") from None
        if mode == MARKUP:
            text = _code_spans_unescaped(text)
        if code != self.lang and text:  # taken from a fallback language: marked as such, once as a whole
            return self._untranslated(Untranslated(self._unmarked(text, mode), code), mode, raw=mode == MARKUP)
        return text

    def _unmarked(self, text: str, mode: str) -> str:
        """``text`` without the marks of the passages inside it (a passage marked inside a passage that is
        marked as a whole would read "[not yet translated: Source: [not yet translated: …]]")."""
        if mode == MARKUP:
            return _MARKED_SPAN.sub(r"\1", text)
        before, _, after = self._own_plain("site.untranslated_plain", text=Said("\0")).partition("\0")
        if not before and not after:
            return text
        return re.sub(re.escape(before) + "(.*?)" + re.escape(after), r"\1", text, flags=re.S)

    def words(self, key: str):
        return self.wording.words(key)

    def entry(self, key: str):
        return self.wording.entry(key)

    def has(self, key: str) -> bool:
        return self.wording.has(key)

    # --- values -------------------------------------------------------------------------
    def shown(self, value):
        """A value in the page's language: a text of the data translated (or :class:`Untranslated`); what the
        voice itself said (:class:`Said`, :class:`Safe`) as it is."""
        if (
            isinstance(value, str)
            and self.translate is not None
            and not isinstance(value, (Said, Safe, Untranslated, markupsafe.Markup))
        ):
            return self.translate(value)
        return value

    def text(self, value) -> str:
        """A value as plain text: an untranslated passage spelled out ("[not yet translated] …")."""
        shown = self.shown(value)
        if isinstance(shown, Partial):
            return Said("; ".join(self.text(Said(p) if not isinstance(p, Untranslated) else p) for p in shown.parts))
        return Said(self._untranslated(shown, PLAIN) if isinstance(shown, Untranslated) else str(shown))

    def markup(self, value) -> Safe:
        """A value as page markup: escaped, an untranslated passage marked."""
        if isinstance(value, Safe):
            return value
        if isinstance(value, markupsafe.Markup):  # a macro's or a block's output: markup already
            return Safe(value)
        shown = self.shown(value)
        if isinstance(shown, Partial):
            return Safe("; ".join(self.markup(Said(p) if not isinstance(p, Untranslated) else p) for p in shown.parts))
        return Safe(self._untranslated(shown, MARKUP)) if isinstance(shown, Untranslated) else escape(one_line(shown))

    def _untranslated(self, shown: Untranslated, mode: str, raw: bool = False) -> str:
        """A passage in another language than the page's (``raw``: already page markup). The label is in the
        page's language if it has one, else in the nearest language of its chain (and says so by its lang)."""
        label, label_from = self._own("site.untranslated_label")
        if mode == PLAIN:
            return self._own_plain("site.untranslated_plain", text=Said(shown))
        html_lang = languages.get(shown.lang).html_lang
        label_lang = languages.get(label_from).html_lang if label_from != self.lang else None
        if raw:
            return untranslated_span(Safe(shown), label, html_lang, label_lang)
        return untranslated_span(str(shown), label, html_lang, label_lang)

    def _own(self, key: str) -> tuple[str, str]:
        """An entry of the marks themselves (never marked: they say what is marked) and its language."""
        entry, code = self.wording.find(key)
        return str(entry), code

    def _own_plain(self, key: str, **context) -> str:
        template, _ = self.wording.template(key, PLAIN)
        return template.render(_voice=self, _mode=PLAIN, **context).strip()

    def series(self, items) -> str:
        """Items joined the language's way ("甲、乙和丙" / "A, B and C"), each shown as plain text."""
        return self.numbers.series([self.text(i) for i in items])


#: An inline code span of a template's markup (a backtick the data wrote is escaped, so it opens none).
_CODE_SPAN = re.compile(r"(?<!\\)`([^`\n]+)`")
_ESCAPED = re.compile(r"\\([\\`*_{}\[\]<>()#+\-.!|~$^:&@=\"'])")


def _code_spans_unescaped(text: str) -> str:
    """Markup with the values inside its code spans shown as written: Markdown takes a backslash in a code span
    literally, so a value escaped for running text (``datapackage\\.json``) is unescaped there."""
    return _CODE_SPAN.sub(lambda m: "`" + _ESCAPED.sub(r"\1", m.group(1)) + "`", text)


# --- Jinja hooks: every printed value goes through the page's voice ---------------------------


def _voice_mode(ctx) -> tuple[Voice, str]:
    return ctx["_voice"], ctx["_mode"]


@jinja2.pass_context
def _finalize_markup(ctx, value):
    return ctx["_voice"].markup(value) if value is not None else escape("None")


@jinja2.pass_context
def _finalize_plain(ctx, value):
    return ctx["_voice"].text(value)


def _render_item(voice: Voice, mode: str, item) -> str:
    return voice.markup(item) if mode == MARKUP else voice.text(item)


@jinja2.pass_context
def _series(ctx, items):
    voice, mode = _voice_mode(ctx)
    joined = voice.numbers.series([_render_item(voice, mode, i) for i in items])
    return Safe(joined) if mode == MARKUP else joined


@jinja2.pass_context
def _join(ctx, items, separator: str = ""):
    voice, mode = _voice_mode(ctx)
    rendered = [_render_item(voice, mode, i) for i in items]
    return Safe(escape(separator).join(rendered)) if mode == MARKUP else separator.join(rendered)


@jinja2.pass_context
def _shown(ctx, value):
    """``{{ x|t }}``: a value in the page's language (texts of the data are shown so anyway)."""
    return ctx["_voice"].shown(value)


def _text_filter(fn):
    """A filter that changes a text's letters, applied to the text as the page shows it (a marked passage
    is left as it is)."""

    @jinja2.pass_context
    def apply(ctx, value):
        if isinstance(value, markupsafe.Markup) or type(value) is Safe:  # a macro's, a block's or a list's output
            return Safe(fn(str(value)))
        shown = ctx["_voice"].shown(value)
        return shown if isinstance(shown, (Untranslated, Safe)) else fn(shown)

    return apply


__all__ = [
    "Voice",
    "Wording",
    "wording",
    "MissingWording",
    "FigureView",
    "view",
    "upper_first",
    "lower_first",
    "SOURCE_LANGUAGE",
    "Safe",
    "Said",
    "escape",
    "MARKUP",
    "PLAIN",
]
