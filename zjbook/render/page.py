"""A book page being written: the explicit context every notebook creates in its first cell.

    page = Page(year, lang=lang, data_root=data_root, assets=assets)

Outside a kernel (a script, a test) a page only keeps what it writes in :attr:`Page.outputs`.

A :class:`Page` holds the edition (read once, validated), the page's :class:`~zjbook.wording.Voice`
(language, number style, the edition's translations), the names already glossed on the page, the
figure and table names used, and the :class:`~zjbook.data.edition.ReadLog` of the data the page read.
It writes MyST Markdown outputs: headings, paragraphs, lists, cards, numbered figures (an SVG with its
data as CSV beside it, alt text and caption) and tables. Nothing here is global: two pages in one
process do not share anything.

Inside a kernel the read log is kept in one output of the notebook (MIME type :data:`READS_MIME`, updated
in place by its display id), where the build reads it back and removes it; a heading is an output marked
``{"zjbook": {"heading": level}}``, which the build turns into a Markdown cell (see
:mod:`zjbook.pipeline.execute`) so that Jupyter Book numbers it and lists it in the contents.

On a page in another language than the report's, the first mention of each glossary name is followed by
its original in brackets — never inside another bracket — and a passage the data do not translate yet is
shown marked. In a draft, every passage that repeats an unreviewed row is highlighted in place.
"""

from __future__ import annotations

import functools
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd

from .. import languages
from ..data import schema
from ..data.edition import Edition, ReadLog
from ..data.translation import Translator
from ..sections import districts as dd
from ..wording import Safe, Voice, escape, view
from ..wording.markup import gloss_inside, gloss_span, one_line
from . import export, style

#: The MIME type of the output that carries a page's read log.
READS_MIME = "application/vnd.zjbook.reads+json"
READS_DISPLAY_ID = "zjbook-reads"
#: Marks a heading output: ``{"zjbook": {"heading": <level>, "label": <target or "">}}`` in its metadata.
HEADING_KEY = "zjbook"
UNREVIEWED_CLASS = "unreviewed"


def whole_numbers(data: pd.DataFrame) -> pd.DataFrame:
    """The figure's data as its CSV gives them: a whole number as written in the data (no pandas ".0" after it),
    other numbers and empty cells as they are (editor 86)."""
    out = data.copy()
    for column in out.columns:
        if pd.api.types.is_float_dtype(out[column]):
            values = [v if pd.isna(v) or not float(v).is_integer() else int(v) for v in out[column]]
            out[column] = pd.Series(values, index=out.index, dtype=object)
    return out


class Output:
    """What a page wrote, as a notebook output would hold it: MyST source and metadata."""

    def __init__(self, markdown: str, metadata: dict | None = None):
        self.markdown, self.metadata = markdown, metadata or {}

    def __repr__(self) -> str:
        return f"Output({self.markdown[:60]!r})"


def _discard(markdown: str, metadata: dict) -> None:
    pass


def _in_kernel() -> bool:
    """Whether this runs in a Jupyter kernel (IPython with a kernel), where outputs are displayed."""
    ipython = sys.modules.get("IPython")  # never imported here just to ask: scripts and tests don't need it
    shell = ipython.get_ipython() if ipython is not None else None
    return shell is not None and getattr(shell, "kernel", None) is not None


def _ipython_emit(markdown: str, metadata: dict) -> None:
    from IPython.display import Markdown, display  # noqa: PLC0415 — only ever called inside a kernel

    display(Markdown(markdown), metadata=metadata or None)


def voice_for(edition: Edition, lang: str) -> Voice:
    """How pages of ``lang`` say things about ``edition``: its wording, and the edition's translations of its
    data texts along the language's fallback chain (none for the source language)."""
    language = languages.get(lang)
    if language.is_source:
        return Voice(lang)
    fallback = tuple(c for c in language.fallback if c != languages.SOURCE)
    for file in schema.TRANSLATION_FILES:  # what the page says depends on them: recorded as read
        edition.has(file)
    return Voice(lang, Translator(dict(edition.tables), lang, fallback))


class Page:
    """One page of one edition in one language (see the module's documentation)."""

    def __init__(
        self,
        year: int,
        lang: str = languages.SOURCE,
        data_root: str | Path | None = None,
        assets: str | Path = "assets",
        *,
        edition: Edition | None = None,
        emit: Callable[[str, dict], None] | None = None,
    ):
        self.language = languages.get(lang)
        self.lang = lang
        self.assets = Path(assets or "assets")
        self.outputs: list[Output] = []
        self._in_kernel = emit is None and _in_kernel()
        self._emit = emit or (_ipython_emit if self._in_kernel else _discard)
        self.reads = ReadLog(on_change=self._publish_reads if self._in_kernel else None)
        if self._in_kernel:
            self._publish_reads(self.reads, first=True)
        self.edition = edition if edition is not None else Edition(year, data_root or None, reads=self.reads)
        self.year = self.edition.year
        self.voice = voice_for(self.edition, lang)
        self.translator = self.voice.translate
        self.numbers = self.voice.numbers
        self.glossed: set[str] = set()
        #: the level of the last heading written: a heading never skips a level below it (a section whose
        #: parent section is left out this year moves up one level instead of breaking the build)
        self.heading_level = 0
        #: The names whose original this page has shown in brackets.
        self.glossed_in_brackets: set[str] = set()
        #: Long names this page has said in full once: later mentions take the wording's shorter form.
        self.named_in_full: set[str] = set()
        self.introduced: set[str] = set()  # short forms already given with their full name on this page
        self.names: set[tuple[str, str]] = set()
        self._passages: list[str] | None = None
        self._said_not_reported: set[tuple[str, str]] = set()

    @classmethod
    def in_memory(
        cls, year: int, lang: str = languages.SOURCE, data_root=None, assets="assets", edition: Edition | None = None
    ) -> Page:
        """A page that only keeps its outputs in :attr:`outputs`, displaying nothing (tests, scripts)."""
        return cls(year, lang, data_root, assets, edition=edition, emit=_discard)

    # --- the read log ---------------------------------------------------------------------------
    def _publish_reads(self, log: ReadLog, first: bool = False) -> None:
        from IPython.display import display  # noqa: PLC0415 — only ever called inside a kernel

        display(
            {READS_MIME: {"reads": log.entries}, "text/plain": ""},
            raw=True,
            display_id=READS_DISPLAY_ID,
            update=not first,
        )

    # --- wording ---------------------------------------------------------------------------------
    def _context(self, facts: dict) -> dict:
        return {"year": self.year, "meta": self.edition.meta, "counties": self._counties(), **facts}

    def _counties(self) -> int:
        """The edition's counties (wording says "districts and counties" only when there is one)."""
        if not hasattr(self, "_county_count"):
            self._county_count = dd.counties(self.edition) if self.edition.has("districts.csv") else 1
        return self._county_count

    def say(self, key: str, **facts) -> Safe:
        """The template ``key`` as page markup."""
        return self.voice.say(key, **self._context(facts))

    def plain(self, key: str, **facts) -> str:
        """The template ``key`` as plain text (alt texts, captions, figures)."""
        return self.voice.plain(key, **self._context(facts))

    def words(self, key: str):
        return self.voice.words(key)

    def view(self, value):
        """Figures as this page shows them (``f.label``, ``f.text`` …; see :class:`zjbook.wording.FigureView`)."""
        return view(value, self.numbers)

    def text(self, value) -> str:
        """A value (a data text, a number's words) as plain text in the page's language."""
        return self.voice.text(value)

    def source_line(self, section: str | None = None) -> str:
        """The source credit printed under figures and tables."""
        return self.plain("site.source_line", section=section or "")

    # --- writing -------------------------------------------------------------------------------
    def _write(self, markdown: str, metadata: dict | None = None) -> None:
        self.outputs.append(Output(markdown, metadata))
        self._emit(markdown, metadata or {})

    def heading(self, key: str, level: int = 2, label: str = "", **facts) -> None:
        """A heading from the template ``key`` (the build makes it a Markdown cell of the page)."""
        text = one_line(self.say(key, **facts))
        if text:
            level = min(level, self.heading_level + 1)
            self.heading_level = level
            self._write(f"{'#' * level} {text}", {HEADING_KEY: {"heading": level, "label": label}})

    def title(self, key: str, **facts) -> None:
        self.heading(key, level=1, **facts)

    def paragraph(self, key: str, **facts) -> None:
        """One paragraph from the template ``key``; nothing when it says nothing."""
        self.markdown_paragraph(self.say(key, **facts))

    def markdown_paragraph(self, *texts: str) -> None:
        """One paragraph of already-said texts (on one line; a newline in Chinese would show as a space)."""
        text = Safe("".join(one_line(t) for t in texts if t))
        if text:
            self._write(self.marked(text))

    def bullets(self, items: list[str]) -> None:
        """A list of already-said items; identical items are said once."""
        unique = list(dict.fromkeys(one_line(i) for i in items if i))
        if unique:
            self._write("\n".join(f"- {self.marked(Safe(i))}" for i in unique))

    def note(self, text: Safe, kind: str = "note") -> None:
        if text:
            self._write(f":::{{{kind}}}\n{self.marked(text)}\n:::")

    def omitted(self, part: str) -> None:
        """The short note shown where an optional part has no data in this edition."""
        self.note(self.say("site.omitted", part=part))

    def not_reported(self, *files: str) -> None:
        """Once on the page, a plain note naming what of ``files`` this year's report does not give (the rows
        marked not reported, which the page leaves out); nothing when there is none or it was said."""
        items = [x for x in self.edition.not_reported(*files) if (x["file"], x["key"]) not in self._said_not_reported]
        self._said_not_reported |= {(x["file"], x["key"]) for x in items}
        if items:
            self.note(self.say("site.not_reported", items=[x["label"] for x in items]))

    def card(
        self,
        title: str,
        body: Sequence[str],
        points: Sequence[str] | None = None,
        kind: str = "note",
        css: str = "theme-card",
        named: bool = False,
    ) -> None:
        """A boxed card (a MyST admonition): title, paragraphs and an optional list. A card's title is a heading:
        like the page's headings it carries no gloss, unless it is ``named``: a box named after a park or place
        that its body does not name again, whose title is then the name's first mention (and glossed)."""
        heading = self._highlight(Safe(one_line(title)))
        if named:
            heading = self._gloss(heading)
        parts: list[str] = [self.marked(Safe(one_line(p))) for p in body if p]
        if points:
            parts.append("\n".join(f"- {self.marked(Safe(one_line(p)))}" for p in dict.fromkeys(points) if p))
        inner = "\n\n".join(parts)
        self._write(f"::::{{admonition}} {heading}\n:class: {kind} {css}\n\n{inner}\n::::")

    #: The most main points a chapter opens with.
    MAX_POINTS = 4

    def main_points(self, items: Sequence[str]) -> None:
        """The page's main points (要点): a short boxed list of findings under its opening paragraph."""
        points = [i for i in items if i]
        if points:
            self.card(self.voice.entry("site.main_points"), [], points, kind="important", css="main-points")

    def _claim(self, kind: str, name: str) -> None:
        if (kind, name) in self.names:
            raise ValueError(f"{kind} {name!r} is written twice on this page")
        self.names.add((kind, name))

    def figure(
        self, fig, name: str, caption: str, alt: str, data: pd.DataFrame, labels: dict[str, str] | None = None
    ) -> None:
        """Save ``fig`` as ``<assets>/<name>.svg`` and its data as ``<name>.csv``; show both on the page. On a page
        in another language, the data also in that language (``<name>-en.csv``), its texts translated by the
        edition's translations and ``labels`` (the book's own Chinese labels in the data → this page's).

        ``caption`` and ``alt`` are plain texts (:meth:`plain`)."""
        self._claim("figure", name)
        folder = self.assets_dir()
        svg, csv = folder / f"{name}.svg", folder / f"{name}.csv"
        fig.savefig(svg, format="svg", metadata={"Date": None}, bbox_inches="tight")
        plt.close(fig)
        data = whole_numbers(data)
        data.to_csv(csv, index=False, encoding="utf-8", lineterminator="\n")
        rel = self.assets.as_posix()
        link = self.voice.entry("site.download_figure_data")
        downloads = f"{{download}}`{link} <{rel}/{name}.csv>`"
        if not self.language.is_source:  # the data in this page's language first, the canonical Chinese beside
            translated = folder / f"{name}-{self.lang}.csv"
            whole_numbers(export.CellTranslator(dict(self.edition.tables), self.lang).frame(data, labels)).to_csv(
                translated, index=False, encoding="utf-8", lineterminator="\n"
            )
            source = self.voice.entry("site.download_figure_data_source")
            downloads = f"{{download}}`{link} <{rel}/{translated.name}>` · {{download}}`{source} <{rel}/{name}.csv>`"
        self._write(
            f"```{{figure}} {rel}/{name}.svg\n:name: fig-{name}\n:alt: {one_line(alt)}\n:width: 100%\n\n"
            f"{escape(one_line(caption))}\n```\n\n{downloads}"
        )

    def table(
        self, frame: pd.DataFrame, name: str, caption: str, folded: bool = False, glossed: tuple[str, ...] = ()
    ) -> None:
        """A numbered table (``list-table``) whose cells are shown in the page's language, literally. A column
        empty in every row (an edition without growth rates) is left out. ``folded``: the table gives the figure
        above it as numbers, so on screen it sits closed under a line that says so (the print edition opens it).
        ``glossed``: the columns whose names are read as running text, each proper name's original after its first
        mention on the page (a table that is the first place a reader meets the parks it names)."""
        self._claim("table", name)
        if len(frame):
            frame = frame[[c for c in frame.columns if not all(_empty(v) for v in frame[c])]]
        header = [self.voice.markup(c) for c in frame.columns]
        # other columns carry no gloss (and do not count as a name's first mention): the running text glosses
        wrap = [self._gloss if c in glossed else (lambda t: t) for c in frame.columns]
        rows = [
            [wrap[i](self._highlight(self.voice.markup(c))) if not _empty(c) else " " for i, c in enumerate(row)]
            for row in frame.astype(object).values.tolist()
        ]
        body = "\n".join("* " + "\n  ".join(f"- {cell}" for cell in row) for row in [header] + rows)
        table = f"```{{list-table}} {escape(one_line(caption))}\n:header-rows: 1\n:name: tbl-{name}\n\n{body}\n```"
        if folded:
            summary = escape(self.voice.entry("site.table_of_figure"))
            table = f"````{{dropdown}} {summary}\n:class-container: figure-table\n\n{table}\n````"
        self._write(table)

    #: Words that are an article of their own at the start of a name.
    ARTICLES = ("a", "an", "the")

    def definite(self, name: Safe) -> Safe:
        """A name with the language's definite article where a proper name takes one ("the Big Data Industrialisation
        Centre"; not "Fudan University", "Nanjiquan", nor a common noun phrase such as "a modern tram industry base"):
        the rule's words are the wording's (``site.article``; Chinese has none)."""
        rule = self.voice.words("site.article")
        assert isinstance(rule, dict)
        words = str(name).split()
        if not rule["word"] or len(words) < 2 or not words[0][:1].isupper() or words[-1] in rule["without"]:
            return name
        if words[0].lower() in self.ARTICLES:  # a name that brings its own article ("An integrated … chain")
            return name
        return Safe(rule["word"] + str(name))

    def raw(self, markdown: str) -> None:
        """Markup the page's own code composed (a list of download links), with the page's marks."""
        self._write(self.marked(Safe(markdown)))

    def assets_dir(self) -> Path:
        self.assets.mkdir(parents=True, exist_ok=True)
        return self.assets

    def new_figure(self, height: float, nrows: int = 1, ncols: int = 1, **kwargs):
        """A figure of the book's width in the house style of this page's language."""
        return style.new_figure(self.language, height, nrows, ncols, **kwargs)

    def blank_figure(self, height: float):
        return style.blank_figure(self.language, height)

    def frame(self, fig, title: str, subtitle: str, section: str | None = None, source: str | None = None) -> None:
        """Title and subtitle above the plot, the source line below (this edition's report, or ``source``)."""
        style.frame(fig, title, subtitle, source if source is not None else self.source_line(section))

    # --- marks: glosses and unreviewed passages ---------------------------------------------------
    def marked(self, text: Safe) -> Safe:
        """Page markup with this page's marks: unreviewed passages highlighted (drafts), each glossary
        name's original after its first mention on the page (other languages)."""
        return self._shorten(self._gloss(self._introduce(self._highlight(Safe(text)))))

    def passages(self) -> list[str]:
        """Texts of unreviewed rows as they appear on this page, escaped (a draft marks them in place)."""
        if self._passages is None:
            ed = self.edition
            raw = ed.review.passages()
            if self.translator is not None:
                raw = [found for p in raw if (found := self.translator.find(p)) is not None]
            self._passages = [escape(p) for p in raw if p]
        return self._passages

    def _highlight(self, text: Safe) -> Safe:
        spans: list[tuple[int, int]] = []
        for passage in self.passages():
            spans += [(m.start(), m.end()) for m in re.finditer(re.escape(passage), text)]
        if not spans:
            return text
        merged: list[list[int]] = []
        for start, end in sorted(spans):
            if merged and start <= merged[-1][1]:
                merged[-1][1] = max(end, merged[-1][1])
            else:
                merged.append([start, end])
        title = self.voice.entry("site.unreviewed_title")
        out, at = [], 0
        for start, end in merged:
            out += [text[at:start], f'<span class="{UNREVIEWED_CLASS}" title="{title}">{text[start:end]}</span>']
            at = end
        return Safe("".join(out) + text[at:])

    def _introduce(self, text: Safe) -> Safe:
        """A short form the data use ("市科委") given with its full name at its first mention on the page, as the
        wording writes it (``book.first_forms``: "上海市科学技术委员会（市科委）"); a first mention inside brackets or a
        tag is left as it is (a full name there would nest brackets) and the next one is introduced."""
        for short, full in self.voice.entry("book.first_forms"):
            if short in self.introduced:
                continue
            for m in re.finditer(re.escape(short), text):  # Chinese has no word boundaries to look for
                if _inside_tag(text, m.start()) or _inside_brackets(text, m.start()):
                    continue
                # a form inside another ("自贸区" in "上海自贸区") is introduced with it
                # (a sentence's capital is the same name: "The Shanghai …" introduces "the Shanghai …")
                self.introduced |= {
                    s
                    for s, _ in self.voice.entry("book.first_forms")
                    if s.lower() in short.lower() or short.lower() in s.lower()
                }
                text = Safe(text[: m.start()] + full + text[m.end() :])
                break
        return text

    def _shorten(self, text: Safe) -> Safe:
        """A long name in full at its first mention on the page, in the wording's shorter form after it
        (``book.later_forms``: "the Shanghai Municipal Science and Technology Commission", then "the Science and
        Technology Commission"). A mention inside a tag's attribute is left alone."""
        for full, short in self.voice.entry("book.later_forms"):
            pattern = re.compile(rf"(?<![\w-]){re.escape(full)}(?![\w-])")
            out, at = [], 0
            for m in pattern.finditer(text):
                if _inside_tag(text, m.start()):
                    continue
                if full.lower() not in self.named_in_full:  # "The …" at a sentence's start is the same name
                    self.named_in_full.add(full.lower())
                    continue
                out += [text[at : m.start()], short]
                at = m.end()
            if out:
                text = Safe("".join(out) + text[at:])
        return text

    def _gloss(self, text: Safe) -> Safe:
        """Each proper name's original in brackets after its first mention on the page (:func:`gloss_names`)."""
        if self.translator is None:
            return text
        return gloss_names(text, self.translator.terms, self.glossed, self.glossed_in_brackets)


def _empty(value) -> bool:
    return value is None or (not isinstance(value, str) and pd.isna(value)) or str(value) == ""


@functools.cache
def _mention_pattern(name: str) -> re.Pattern:
    """A mention of the proper name ``name`` in page markup: not inside a longer word (compiled once per name:
    every paragraph of a page looks for every name of the glossary)."""
    return re.compile(rf"(?<![\w\\-]){_escaped_pattern(name)}(?![\w-])")


def _escaped_pattern(name: str) -> str:
    """A regular expression for ``name`` in page markup, its punctuation escaped once or more (a name that went
    through two templates carries its escapes twice)."""
    return "".join(rf"\\*{re.escape(ch)}" if escape(ch) != ch else re.escape(ch) for ch in name)


#: What follows a name that is only the start of a longer proper name: a space and a capitalised word.
_LONGER_NAME = re.compile(r"[ \u00a0]+[A-Z][a-z]")


def _inside_brackets(text: str, at: int) -> bool:
    """Whether position ``at`` of escaped text stands inside round brackets (a gloss there would nest)."""
    before = text[:at]
    return before.count("(") + before.count("（") > before.count(")") + before.count("）")


def _bracket_follows(text: str, at: int) -> bool:
    """Whether a bracket opens right after position ``at`` (a gloss there would stack two brackets)."""
    return text[at:].lstrip(" ").startswith(("(", "\\(", "（"))


def _inside_tag(text: str, at: int) -> bool:
    """Whether ``at`` is inside an HTML tag's attributes (a title="…")."""
    return text.rfind("<", 0, at) > text.rfind(">", 0, at)


def gloss_names(text: Safe, terms, glossed: set[str], glossed_in_brackets: set[str]) -> Safe:
    """Each proper name's original in brackets after its first mention on the page: the first mention
    decides, so a name first met inside brackets, or just before one, is not glossed on this page at all
    (a gloss there would nest or stack two brackets), and no later mention carries it either. ``terms``: the
    glossary's names (:class:`~zjbook.data.translation.Translator`); ``glossed`` and ``glossed_in_brackets``: the
    names this page has met, and glossed, so far (updated)."""
    if not terms:
        return text
    html_lang = languages.source().html_lang
    inserts: list[tuple[int, str]] = []
    taken: list[tuple[int, int]] = []
    for term in sorted((t for t in terms if t.text), key=lambda t: -len(t.text)):
        pattern = _mention_pattern(term.text)
        for m in pattern.finditer(text):
            if any(m.start() < end and start < m.end() for start, end in taken):
                continue  # inside a longer name
            taken.append((m.start(), m.end()))
            if _LONGER_NAME.match(text, m.end()):
                continue  # the start of a longer name the glossary does not hold ("Zizhu National …"): no mention
            if _inside_tag(text, m.start()) or term.text in glossed:
                continue
            glossed.add(term.text)  # the first mention, glossed or not
            if term.kind not in schema.GLOSSED_KINDS and not (term.own and term.kind in schema.GLOSSED_WHEN_OWN):
                continue
            if _inside_brackets(text, m.start()):
                continue
            if _bracket_follows(text, m.end()):  # its short form in brackets: the original opens them
                opening = m.end() + len(text[m.end() :]) - len(text[m.end() :].lstrip(" "))
                opening += 2 if text.startswith("\\(", opening) else 1
                glossed_in_brackets.add(term.text)
                inserts.append((opening, gloss_inside(term.zh, html_lang)))
                continue
            if term.text.rstrip().endswith((")", "）")) or "(" in term.text or "（" in term.zh:
                continue  # a name holding brackets: a gloss after it would stack or nest them
            if any(full.startswith(term.text + " ") for full in glossed_in_brackets):
                continue  # a short form ("Zizhu") after its full name was glossed: the reader has the original
            glossed_in_brackets.add(term.text)
            inserts.append((m.end(), gloss_span(term.zh, html_lang)))
    for at, mark in sorted(inserts, reverse=True):
        text = Safe(text[:at] + mark + text[at:])
    return text
