"""Build one edition: validate → execute notebooks → Jupyter Book → ``_build/<year>/html``.

Every language of :func:`zjbook.wording.languages` is built from the same data: Chinese (the
report's language) at ``html/``, each other language at ``html/<lang>/``, so the one ``html/``
folder deploys them all. Each page's banner links the same page in the other language.

Everything happens in a private staging folder under a lock; the previous edition of that year is
replaced (by an atomic swap, see :mod:`zjbook.pipeline.publishing`) only when the whole build
succeeded, so a failed or interrupted build leaves the last good edition untouched.
"""

from __future__ import annotations

import base64
import copy
import functools
import html
import json
import os
import re
import shutil
import signal
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml

from .. import languages, paths
from ..data import translation
from ..data.edition import Edition, validates
from ..render import style
from ..render.page import gloss_names, voice_for
from ..sections import districts as dd
from ..sections import method
from ..sections import zhangjiang as zj
from ..sections import zizhu as zz
from ..wording import SOURCE_LANGUAGE, Safe, Voice, escape, wording
from . import driver_process, stamp
from .cache import NotebookCache, build_context, current_reads, notebook_key, sha_of
from .execute import Run, execute_tasks, notebook_parameters, source_notebooks, tasks_for
from .publishing import (
    BuildInterrupted,
    BuildLock,
    deferred_signals,
    interruptible,
    new_stage,
    publish_dir,
    recover,
    remove_stale_stages,
    stop_children,
    write_atomic,
)
from .searchterms import write_dictionary
from .sphinx_work import SphinxWork
from .stamp import data_root_parameter

COMPARISON = "comparison"
REVIEW = "review"


class BuildError(RuntimeError):
    """A build step failed; the message is one line."""


def data_as_of(ed: Edition, voice: Voice) -> str:
    """The data's cut-off month as the language writes it in running text (year and month: …年12月, December …)."""
    value = str(ed.meta["data_as_of"])
    if not re.fullmatch(r"\d{4}-\d{2}", value):
        return value
    return voice.numbers.period_label(value, value)


def highlights(ed: Edition, voice: Voice) -> dict[str, str]:
    """The chapters' main findings summed up for the introduction's highlights (``book.highlights.*``: the
    zone's indicators with their period and coverage, its innovation resources, Zizhu's patents, how far the
    districts' industries spread and whom the districts worked with, or the districts' themes), in other words than the chapters' own openings; empty where an
    edition lacks the data."""
    spread = dd.industry_spread(ed)
    themes = dd.theme_cards(ed)
    collab = dd.collaboration(ed) if ed.has("collaborations.csv") else None
    found = {
        "zhangjiang": zj.overview_lead(ed) if ed.has(zj.INDICATORS) else None,
        "resources": zj.resources_lead(ed) if ed.has(zj.RESOURCES) else None,
        "zizhu": zz.lead(ed) if ed.has(zz.FIGURES) else None,
        "districts": (
            {
                "spread": spread,
                "themes": themes,
                "year": ed.year,
                "main": collab["main"] if collab else None,
                # areas (not one district's own) whose districts state industries: how many share one within the area
                "contrast": [z for z in dd.zone_industries(ed) if not z["own"] and z["with_industry"] > 1],
                "areas": voice.words("districts.areas"),
                "adjectives": voice.words("districts.area_adjectives"),
            }
            if spread["stated"] or themes
            else None
        ),
        "partners": {"main": collab["main"], "year": ed.year} if collab and collab["main"] else None,
    }
    return {
        f"highlight_{k}": voice.plain(f"book.highlights.{k}", **facts) if facts else "" for k, facts in found.items()
    }


def method_sentences(ed: Edition, voice: Voice) -> dict[str, str]:
    """The method page's sentences about this edition's own data (its boxes, industry groups, industries
    table, kinds of resources), each empty where the edition has nothing to say."""
    numbers = chapter_numbers(ed)
    table = voice.plain(
        "book.method.industry_table",
        source=method.industry_table_source(ed),
        chapter=numbers.get("districts_overview"),
    )
    example = voice.plain("book.method.sector_example", example=method.sector_example(ed))
    return {
        **{f"method_chapter_{name}": str(n) for name, n in numbers.items()},
        "method_placements": voice.plain("book.method.placements", placements=method.case_placements(ed)),
        "method_sector_example": example,
        "method_industry_table": table,
        # the paragraph on the industries table and its groups: nothing where the edition has no table
        "method_industries": voice.plain("book.method.industries", table=table, example=example),
        "method_resources": voice.plain(
            "book.method.resources",
            kinds=method.resource_kinds(ed),
            groups=[g["name"] for g in zj.resource_groups(ed)] if ed.has(zj.RESOURCES) else [],
        ),
        "method_zizhu": zizhu_sentence(ed, voice),
        "method_districts_industries": districts_sentence(ed, voice),
        "method_merged": voice.plain("book.method.merged", cases=method.case_boxes(ed)),
    }


def zizhu_sentence(ed: Edition, voice: Voice) -> str:
    """The method page's sentence on the Zizhu chapter: its number and what it covers, or, when the edition has
    no such chapter, that the report does not describe Zizhu (said once, here)."""
    number = chapter_numbers(ed).get("zizhu")
    if number is None:
        return voice.plain("book.method.zizhu_left_out")
    says = voice.plain("book.method.zizhu", parts=method.zizhu_parts(ed))
    return voice.plain("book.method.zizhu_chapter", n=number, says=says)


def districts_sentence(ed: Edition, voice: Voice) -> str:
    """The method page's clause on the districts' industries chapter: its number, or, when the edition has no such
    chapter, that the report gives no district industries (said once, here)."""
    number = chapter_numbers(ed).get("districts_overview")
    return voice.plain("book.method.districts_industries", n=number, counties=dd.counties(ed))


def source_line(ed: Edition, voice: Voice) -> str:
    return voice.plain("site.source_line", meta=ed.meta, section="")


def substitutions(ed: Edition, voice: Voice) -> dict[str, str]:
    """Values hand-written pages may use as ``{{ name }}``: edition facts and every figure as printed.

    Values are escaped: substitutions are parsed as Markdown, and data is shown literally."""
    subs = {f"edition_{k}": voice.text(v) for k, v in ed.meta.items()}
    for file in ed.figure_files():
        for fig in ed.figures(file):
            subs[f"fig_{fig.id}"] = voice.plain("book.figure_substitution", f=fig)
            # every figure has its growth phrase, so a page never refers to an undefined name
            subs[f"growth_{fig.id}"] = voice.plain("book.growth_substitution", f=fig)
    subs["edition_source_line"] = source_line(ed, voice)
    subs["edition_data_as_of"] = data_as_of(ed, voice)
    said = highlights(ed, voice)
    subs |= said
    subs |= method_sentences(ed, voice)
    notes = method.reading_notes(ed)
    return {
        **{k: str(escape(v)) for k, v in subs.items()},
        "edition_corrections": corrections_block(ed, voice),
        # a Markdown list (data texts already escaped), empty where the edition needs no such note
        "edition_reading_notes": str(voice.say("book.reading_notes", **notes)),
        # the terms a reader may not know, defined for the indicators this edition has (a list item, or empty)
        "edition_terms": str(voice.say("book.terms", ids=notes["ids"])),
        # the highlights as a Markdown list: an edition without a chapter's finding has no empty item
        "edition_highlights": highlights_list(said, voice),
    }


def highlights_list(said: dict[str, str], voice: Voice) -> str:
    """The highlights as a Markdown list, each proper name glossed at its first mention (the introduction opens
    with them, so theirs are the page's first mentions)."""
    glossed: set[str] = set()
    in_brackets: set[str] = set()
    terms = voice.translate.terms if voice.translate is not None else []
    return "\n".join(f"- {gloss_names(escape(v), terms, glossed, in_brackets)}" for v in said.values() if v)


def _quoted(text: str) -> Safe:
    """The report's own Chinese, quoted as it stands on a page of any language."""
    return Safe(f'<span lang="{languages.source().html_lang}" class="zh-quote">{escape(text)}</span>')


def corrections_block(ed: Edition, voice: Voice) -> str:
    """The method page's list of corrections to the report's text (``corrections.csv``), as Markdown blocks: a
    sentence on the rule, then one item per correction or doubt."""
    frame = ed.tables.get("corrections.csv")
    if frame is None or frame.empty:
        return str(voice.say("book.corrections.none"))
    items = [
        "- "
        + voice.say(
            f"book.corrections.{row['status']}",
            section=row["section"],
            heading=row["heading"],
            printed=_quoted(row["printed"]),
            corrected=_quoted(row["corrected"] if isinstance(row["corrected"], str) else ""),
            note=row["note"],
        )
        for row in frame.to_dict("records")
    ]
    return str(voice.say("book.corrections.intro")) + "\n\n" + "\n".join(items)


#: Placeholders of the banner that :mod:`zjbook.site.sphinx_ext` fills in for each page: the relative path
#: to the root of this language's book, and the page's own path (for the link to the other language).
ROOT_MARK, PAGE_MARK = "__ZJBOOK_ROOT__", "__ZJBOOK_PAGE__"


def language_root(lang: str) -> str:
    """Where a language's book sits inside ``html/``: ``""`` for Chinese, ``"en/"`` for English."""
    return languages.get(lang).root


def draft_summary(ed: Edition, voice: Voice) -> str:
    """What is left before the edition can be released, in the edition's language."""
    status = ed.status()
    counts = (
        ("unreviewed", len(status.state.unreviewed())),
        ("warnings", len(status.unacknowledged)),
        ("problems", len(status.state.problems)),
    )
    parts = [voice.plain(f"book.draft_summary.{key}", count=n) for key, n in counts if n]
    return str(voice.entry("book.draft_summary.join")).join(parts)  # clauses, not a list of names


def announcement(ed: Edition, voice: Voice, present: tuple[str, ...] | None = None) -> str:
    """The banner on every page: which edition this is, the same page in the other languages, the other
    editions. A draft says so first and links its review page (which is in Chinese).

    The switch names every language the published tree will hold (``present``; all by default), also when
    this build makes only some of them: the build keeps the others as last published (see
    :func:`keep_other_languages`). A language left out of the tree is not linked; the review page is linked
    only when the Chinese book is built with it."""
    others = [y for y in paths.available_years(ed.data_root) if y != ed.year and validates(ed.data_root / str(y))]
    up = "../" * language_root(voice.lang).count("/")  # from this language's root up to html/
    text: str = voice.plain("book.this_edition", edition=voice.plain("book.edition_label", year=ed.year))
    present = tuple(present or languages.codes())
    if ed.status().is_draft and SOURCE_LANGUAGE in present:
        review = (
            f'<a class="review-link" href="{ROOT_MARK}{up}book/generated/{REVIEW}.html" '
            f'hreflang="{languages.source().html_lang}">{voice.entry("book.review_link")}</a>'
        )
        text = (
            f'<strong class="draft-badge">{voice.entry("book.draft_badge")}</strong> '
            + voice.plain("book.draft_text", summary=html.escape(draft_summary(ed, voice)), review_link=review)
            + " · "
            + text
        )
    for other in languages.registry().languages:
        if other.code != voice.lang and other.code in present:
            text += (
                f' · <a class="lang-switch" href="{ROOT_MARK}{up}{other.root}{PAGE_MARK}" hreflang="{other.html_lang}"'
                f' lang="{other.html_lang}" title="{html.escape(switch_title(other))}">{other.name}</a>'
            )
    root = f"{ROOT_MARK}{up}../../"
    if others:
        links = " ".join(
            f'<a class="edition-link" href="{root}{y}/html/{language_root(voice.lang)}index.html">'
            f"{voice.plain('book.edition_label', year=y)}</a>"
            for y in others
        )
        text += " · " + voice.plain("book.other_editions", links=links)
        # the list of all editions, when there is more than this one (editor 86: a link to a list of one, outside
        # the html folder a single edition is published from)
        text += f' · <a class="edition-link" href="{root}index.html">{voice.entry("book.all_editions")}</a>'
    return str(text)


def switch_title(language: languages.Language) -> str:
    """The language switch's tooltip for a link to ``language``: that language's own sentence ("Read this book
    in English"), or its name in itself when its wording has no such sentence yet (never another language's
    sentence, which would invite the reader to read the book in the wrong language)."""
    title, found_in = wording(language.code).find("book.switch_title")
    return str(title) if found_in == language.code else language.name


def multi_year(ed: Edition) -> bool:
    return len(paths.available_years(ed.data_root)) > 1


def chapters(ed: Edition, lang: str) -> list[Path]:
    """The notebooks of this edition: the comparison page only when several years have data, the review page
    only for a draft (in the source language), no chapter the edition's report has no section for
    (:func:`zjbook.sections.method.left_out_chapters`)."""
    left_out = method.left_out_chapters(ed)
    return [
        nb
        for nb in source_notebooks()
        if (nb.stem != COMPARISON or multi_year(ed))
        and (nb.stem != REVIEW or (ed.status().is_draft and lang == SOURCE_LANGUAGE))
        and nb.stem not in left_out
    ]


@functools.lru_cache(maxsize=4)
def _parsed_toc(text: str) -> dict:
    """``_toc.yml`` parsed, once per text (a page's substitutions ask for the chapters' numbers three times); the
    caller takes a copy of its own."""
    return yaml.safe_load(text)


def toc_of(ed: Edition, draft_review: bool) -> dict:
    """The edition's table of contents (captions still as keys): ``_toc.yml`` with the comparison part when
    several years have data, the review page for a draft (``draft_review``), without the left-out chapters (a
    part left with no chapter goes too)."""
    toc = copy.deepcopy(_parsed_toc((paths.ROOT / "_toc.yml").read_text(encoding="utf-8")))
    if multi_year(ed):  # after the reader's chapters, before the appendix and the analysts' part
        toc["parts"].insert(
            -2, {"caption": "多年比较", "numbered": 1, "chapters": [{"file": f"book/generated/{COMPARISON}"}]}
        )
    if draft_review:  # the review page opens the analysts' part
        toc["parts"][-1]["chapters"].insert(0, {"file": f"book/generated/{REVIEW}"})
    gone = {f"book/generated/{name}" for name in method.left_out_chapters(ed)}
    for part in toc["parts"]:
        part["chapters"] = [c for c in part["chapters"] if c["file"] not in gone]
    toc["parts"] = [part for part in toc["parts"] if part["chapters"]]
    return toc


def chapter_numbers(ed: Edition) -> dict[str, int]:
    """Notebook or page name → its chapter number in this edition (numbered parts count on from part to part)."""
    numbers: dict[str, int] = {}
    for part in toc_of(ed, draft_review=False)["parts"]:
        if part.get("numbered"):
            for chapter in part["chapters"]:
                numbers[Path(chapter["file"]).name] = len(numbers) + 1
    return numbers


def write_toc(ed: Edition, voice: Voice, stage: Path) -> None:
    toc = toc_of(ed, draft_review=ed.status().is_draft and voice.language.is_source)
    captions = voice.words("book.toc")
    for part in toc["parts"]:
        part["caption"] = captions[part["caption"]]
    (stage / "_toc.yml").write_text(yaml.safe_dump(toc, allow_unicode=True, sort_keys=False), encoding="utf-8")


def language_css(voice: Voice) -> str:
    """The page fonts of the language (``zjbook/languages.toml``), first choice first."""
    stack = ", ".join(f'"{f}"' if " " in f else f for f in voice.language.page_fonts)
    return f"/* The page fonts of this language, from zjbook/languages.toml. */\nhtml {{ --zj-font: {stack}; }}\n"


def write_config(ed: Edition, voice: Voice, stage: Path, present: tuple[str, ...] | None = None) -> None:
    config = yaml.safe_load((paths.ROOT / "_config.yml").read_text(encoding="utf-8"))
    config["title"] = str(voice.text(ed.meta["book_title"]))
    config["author"] = config["copyright"] = str(voice.entry("book.author"))
    config.setdefault("html", {})["announcement"] = announcement(ed, voice, present)
    config.setdefault("parse", {})["myst_substitutions"] = substitutions(ed, voice)
    sphinx_config = config.setdefault("sphinx", {}).setdefault("config", {})
    sphinx_config["language"] = voice.language.sphinx
    sphinx_config["numfig_format"] = {
        "figure": voice.entry("book.numfig_figure"),
        "table": voice.entry("book.numfig_table"),
    }
    sphinx_config["html_css_files"] = [*sphinx_config.get("html_css_files", []), "language.css"]
    (stage / "book" / "_static" / "language.css").write_text(language_css(voice), encoding="utf-8")
    if voice.language.search == "jieba":
        # Sphinx reads the jieba dictionary relative to the working directory, which is the stage:
        # a relative path keeps the configuration, and so .buildinfo, identical from build to build.
        sphinx_config["html_search_options"] = {"dict": write_dictionary(ed, stage / "search-dict.txt").name}
    config["html"]["extra_footer"] = str(
        voice.plain(
            "book.footer",
            source_line=html.escape(source_line(ed, voice)),
            data_as_of=html.escape(data_as_of(ed, voice)),
        )
    )
    (stage / "_config.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")


def stage_sources(ed: Edition, voice: Voice, stage: Path, present: tuple[str, ...] | None = None) -> None:
    """The book's sources of one language in ``stage``: its hand-written pages (``book/<lang>/`` for a language
    other than Chinese, each page it lacks from its fallback chain), table of contents and configuration."""
    if stage.exists():
        shutil.rmtree(stage)
    other = [code for code in languages.codes() if code != SOURCE_LANGUAGE]
    shutil.copytree(paths.BOOK, stage / "book", ignore=shutil.ignore_patterns("generated", ".*", *other))
    # A language's own hand-written pages replace the Chinese ones; a page it lacks is taken along its fallback
    # chain (the order its wording falls back in), the nearest language's first.
    for code in reversed(voice.language.chain):
        if code != SOURCE_LANGUAGE:
            for page in (paths.BOOK / code).glob("*.md"):
                shutil.copy2(page, stage / "book" / page.name)
    write_toc(ed, voice, stage)
    write_config(ed, voice, stage, present)


def own_code_first() -> dict[str, str]:
    """The environment for a ``python -m`` child started outside the checkout: this checkout's ``zjbook`` comes
    first on its path, so that Jupyter Book runs the same code as the build (not another checkout's, which an
    editable install shared by several clones would give)."""
    inherited = os.environ.get("PYTHONPATH")
    return {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in (str(paths.ROOT), inherited) if p)}


#: The longest the Jupyter Book phase may run, in seconds, before the build gives up on it.
JUPYTER_BOOK_TIMEOUT = 900


class JupyterBooks:
    """Jupyter Book for every language, started ahead: one process imports Jupyter Book, Sphinx and the
    extensions while the notebooks execute (:mod:`zjbook.pipeline.jupyter_book_driver`); :meth:`finish` runs
    ``jupyter-book build <folder> -W -n --keep-going`` for every language at once, one forked child each.
    A language that fails has its whole output kept in its log. The process is kept for this process's next
    build (:mod:`zjbook.pipeline.driver_process`)."""

    def __init__(self, staged: dict[str, Path], logs: dict[str, Path], builder: str = "html"):
        self.logs, self.builder = logs, builder
        pairs = [str(p) for lang, stage in staged.items() for p in (stage, lang)]
        self.driver = driver_process.take(pairs, own_code_first(), paths.ROOT)

    def finish(self, sources: dict[str, Path]) -> dict[str, Path]:
        """Build each language's sources in ``sources[lang]`` into its ``_build/<builder>``; return those."""
        outputs = {lang: folder.parent / f"jupyter-book.{lang}.out" for lang, folder in sources.items()}
        options = ["-W", "-n", "--keep-going", "--builder", self.builder]
        orders = [{"folder": str(f), "options": options, "log": str(outputs[lang])} for lang, f in sources.items()]
        driver = self.driver
        answer = driver.answer(JUPYTER_BOOK_TIMEOUT) if driver.send(orders) else ""
        if answer is None:
            driver.stop()
            raise BuildError(f"Jupyter Book 超过 {JUPYTER_BOOK_TIMEOUT} 秒仍未完成，已停止")
        if not answer:
            last = driver.last_error()
            driver.stop()
            raise BuildError(f"Jupyter Book 未能启动：{last}")
        driver_process.give_back(driver)
        for lang, code in zip(sources, json.loads(answer)):
            if code != 0:
                output = outputs[lang].read_text(encoding="utf-8", errors="replace")
                self._fail(output, code, self.logs[lang])
        return {lang: folder / "_build" / self.builder for lang, folder in sources.items()}

    @staticmethod
    def _fail(output: str, code: int, log: Path) -> None:
        problems = [line for line in output.splitlines() if "WARNING" in line or "ERROR" in line]
        last = [line for line in output.splitlines() if line.strip()][-1:] or [f"exit {code}"]
        log.parent.mkdir(parents=True, exist_ok=True)
        log.write_text(output, encoding="utf-8")
        first = re.sub(r"\x1b\[[0-9;]*m", "", (problems or last)[0]).strip()
        raise BuildError(f"Jupyter Book 构建失败（{len(problems)} 条警告/错误，见 {log}）：{first}")


def jupyter_book(stage: Path, lang: str, builder: str = "html", log: Path | None = None) -> Path:
    """Run Jupyter Book once on the sources in ``stage``; return the output folder."""
    log = log or stage.parent / "jupyter-book.log"
    return JupyterBooks({lang: stage}, {lang: log}, builder).finish({lang: stage})[lang]


def write_editions_index(out_root: Path) -> Path:
    """``_build/index.html``: a page that links every edition built so far, in each language it was built in."""
    items = []
    for meta in sorted(Path(out_root).glob("*/edition.json")):
        try:
            info = json.loads(meta.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        titles = info.get("languages") or {SOURCE_LANGUAGE: info["title"]}
        links = []
        for lang, title in titles.items():
            if lang not in languages.codes():
                continue
            front = meta.parent / "html" / language_root(lang) / "index.html"
            if front.exists():
                tag = languages.get(lang).html_lang
                links.append(
                    f'<a href="{info["year"]}/html/{language_root(lang)}index.html" hreflang="{tag}" lang="{tag}">'
                    f"{html.escape(title)}</a>"
                )
        if links:
            items.append(f"<li>{info['year']}：" + " · ".join(links) + "</li>")
    icon = (
        "data:image/svg+xml;base64," + base64.b64encode((paths.BOOK / "_static" / "favicon.svg").read_bytes()).decode()
    )
    page = (
        '<!DOCTYPE html>\n<html lang="zh-CN">\n<head><meta charset="utf-8"><title>全部版本 · All editions</title>'
        f'<link rel="icon" href="{icon}" type="image/svg+xml">'
        '<meta name="viewport" content="width=device-width, initial-scale=1"></head>\n'
        "<body style=\"font-family: 'Noto Sans CJK SC', sans-serif; max-width: 40em; margin: 2em auto; padding: 0 1em\">\n"
        '<h1>全部版本 · <span lang="en">All editions</span></h1>\n<ul>\n'
        + "\n".join(items)
        + "\n</ul>\n</body>\n</html>\n"
    )
    index = Path(out_root) / "index.html"
    write_atomic(index, page)
    return index


def figure_fonts() -> tuple[Path, ...]:
    """The font files the figures are drawn with (every language's): part of the build's environment."""
    return tuple(Path(style.font_path(family)) for family in style.figure_font_families())


def edition_inputs(ed: Edition, data_root: str, langs: tuple[str, ...] = ()) -> str:
    """One hash of everything the edition is built from (see :func:`zjbook.pipeline.stamp.inputs_digest`)."""
    return stamp.inputs_digest(ed.year, ed.data_root, data_root, langs, figure_fonts())


class NotebookKeys:
    """How one edition's notebooks in one language are keyed for the cache. The context (helper package with
    the wording of the language's chain, environment, the folder's listing) is taken when the keys are made, before anything runs."""

    def __init__(self, ed: Edition, lang: str, data_root: str):
        self.ed, self.lang, self.data_root = ed, lang, data_root
        self.context = build_context(ed.year, ed.data_root, figure_fonts(), lang)

    def params(self, stem: str) -> dict:
        return notebook_parameters(stem, self.ed.year, self.data_root, self.lang)

    def key(self, stem: str, source_digest: str, reads: dict[str, str]) -> str:
        return notebook_key(source_digest, self.params(stem), reads, self.context)

    def current_key(self, cache: NotebookCache, stem: str) -> str | None:
        """The key of the notebook's inputs as they are now (what it read last time, re-read), or None when
        that is unknown."""
        names = cache.last_reads(stem, self.ed.year, self.lang)
        if names is None:
            return None
        source = sha_of((paths.NOTEBOOKS / f"{stem}.ipynb").read_bytes())
        return self.key(stem, source, current_reads(self.ed.data_root, names))

    def run_key(self, run: Run) -> str:
        """The key of what a run actually executed and read."""
        return self.key(run.notebook, run.source_digest, run.reads)


@dataclass
class LanguageRun:
    """One language's share of a build: its voice, its keys, where its executed notebooks go."""

    lang: str
    voice: Voice
    keys: NotebookKeys
    dest: Path


def run_notebooks(runs: list[LanguageRun], cache: NotebookCache, jobs, report, failed_dir: Path | None = None) -> None:
    """Restore each notebook from the cache when its inputs are unchanged; execute the others; store what ran
    under the key of what it read. The notebooks of all languages share one pool of workers."""
    tasks, keys_of = [], {}
    for r in runs:
        keys_of[r.lang] = r.keys
        r.dest.mkdir(parents=True, exist_ok=True)
        prefix = language_root(r.lang)  # reports name a notebook zizhu in Chinese, en/zizhu in English
        to_run = []
        for nb in chapters(r.keys.ed, r.lang):
            key = r.keys.current_key(cache, nb.stem)
            if key is not None and cache.restore(key, nb.stem, r.dest, r.keys.params(nb.stem)):
                report(f"  ↺ {prefix + nb.stem:<28} 输入未变，取自缓存")
            else:
                to_run.append(nb)
                if nb.stem in cache.damaged:
                    report(f"  ! {prefix + nb.stem:<28} 缓存条目与其校验和不符，已丢弃，重新执行")
        failed_in = failed_dir / prefix if failed_dir is not None and prefix else failed_dir
        tasks += tasks_for(r.dest, r.keys.params, to_run, failed_in, prefix)
    done = execute_tasks(tasks, jobs=jobs, report=report)
    failed = [d for d in done if d.error]
    if failed:
        raise BuildError(failure_line(runs[0].keys.ed, failed[0]))
    for run, task in zip(done, sorted(tasks, key=lambda t: t.label)):
        keys = keys_of[task.parameters["lang"]]
        cache.store(keys.run_key(run), run.notebook, keys.ed.year, list(run.reads), task.dest.parent, keys.lang)


def failure_line(ed: Edition, run) -> str:
    """One line for a notebook that failed: which, why, the data it read, where its executed copy is."""
    data = "、".join(f.split("/", 1)[-1] for f in run.reads if f.startswith(f"{ed.year}/")) or "无"
    kept = f"；执行到出错处的笔记本保存在 {_shown(run.kept)}" if run.kept else ""
    return f"笔记本 {run.label or run.notebook} 执行失败：{run.error}（它读取的数据：{data}{kept}）"


def _shown(path: Path) -> str:
    path = Path(path).resolve()
    return str(path.relative_to(Path.cwd())) if path.is_relative_to(Path.cwd()) else str(path)


def stage_and_execute(
    ed: Edition,
    langs: tuple[str, ...],
    data_root,
    stage: Path,
    out_root: Path,
    jobs,
    report,
    use_cache: bool = True,
    failed_dir: Path | None = None,
    force: bool = False,
    staged: Callable[[dict[str, Path]], None] | None = None,
    present: tuple[str, ...] | None = None,
) -> dict[str, Path]:
    """Lay out the book's sources of each language in ``stage/<lang>`` and put the executed notebooks in them.

    ``use_cache=False`` neither restores nor stores; ``force`` stores what runs but restores nothing. ``staged``
    is told each language's folder once the sources are laid out, before the notebooks execute."""
    parameter = data_root_parameter(data_root)
    runs = [
        LanguageRun(lang, voice_for(ed, lang), NotebookKeys(ed, lang, parameter), stage / lang / "book" / "generated")
        for lang in langs
    ]
    for r in runs:
        stage_sources(ed, r.voice, stage / r.lang, present)
    if staged is not None:
        staged({r.lang: stage / r.lang for r in runs})
    report(f"执行笔记本（{ed.year} 年，{'、'.join(langs)}）：")
    run_notebooks(
        runs, NotebookCache(Path(out_root) / ".cache", enabled=use_cache, restoring=not force), jobs, report, failed_dir
    )
    return {r.lang: stage / r.lang for r in runs}


def parse_languages(value: str | tuple | list | None) -> tuple[str, ...]:
    """``"zh,en"`` (or ``("en", "zh")``) → ``("zh", "en")``, in the registry's order; empty means every
    language; an unknown one fails in one line."""
    known = languages.codes()
    if not value:
        return known
    asked = [v.strip() for v in (value.replace(" ", ",").split(",") if isinstance(value, str) else value) if v.strip()]
    unknown = [v for v in asked if v not in known]
    if unknown:
        raise BuildError(f"没有这种语言：{'、'.join(unknown)}（可选：{'、'.join(known)}）")
    return tuple(lang for lang in known if lang in asked)


def redirect_page(target: str, title: str, html_lang: str) -> str:
    """A complete page that sends the reader to ``target`` (the book's front page), with the book's icon: the
    one-line redirect Jupyter Book writes names none, and the browser then asks the server root for one."""
    target = html.escape(target, quote=True)
    return (
        f'<!DOCTYPE html>\n<html lang="{html_lang}">\n<head><meta charset="utf-8">'
        f'<meta http-equiv="refresh" content="0; url={target}">'
        f'<link rel="icon" href="_static/favicon.svg" type="image/svg+xml">'
        f'<title>{html.escape(title)}</title></head>\n<body><p><a href="{target}">{html.escape(title)}</a></p></body>\n'
        "</html>\n"
    )


def complete_redirect(html_dir: Path, voice: Voice, title: str) -> None:
    """Replace the one-line redirect at a language's root by a complete page (see :func:`redirect_page`)."""
    index = html_dir / "index.html"
    found = re.search(r'url=([^"\s]+)"', index.read_text(encoding="utf-8")) if index.exists() else None
    if found:
        index.write_text(redirect_page(found.group(1), title, voice.language.html_lang), encoding="utf-8")


def jupyter_book_log(edition_dir: Path, lang: str) -> Path:
    return edition_dir / ("jupyter-book.log" if lang == SOURCE_LANGUAGE else f"jupyter-book.{lang}.log")


def assemble(parts: dict[str, Path], into: Path) -> Path:
    """One folder from each language's output: Chinese at the top, every other language in ``<lang>/``.

    Without Chinese, the top holds only an ``index.html`` that leads to the first language built."""
    if SOURCE_LANGUAGE in parts:
        parts[SOURCE_LANGUAGE].rename(into)
    else:
        into.mkdir(parents=True)
        first = next(iter(parts))
        page = redirect_page(f"{first}/index.html", first, languages.get(first).html_lang)
        (into / "index.html").write_text(page.replace('href="_static/', f'href="{first}/_static/'), encoding="utf-8")
    for lang, folder in parts.items():
        if lang != SOURCE_LANGUAGE:
            folder.rename(into / lang)
    return into


#: Per edition, the state each published language was built in (``final`` or ``draft``), so that a release of
#: one language keeps another only as last *released*.
LANGUAGE_STATES = "languages.json"
FINAL, DRAFT = "final", "draft"


def language_states(edition_dir: Path) -> dict[str, str]:
    try:
        states = json.loads((edition_dir / LANGUAGE_STATES).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return states if isinstance(states, dict) else {}


def language_state(ed: Edition, lang: str) -> str:
    """``final`` when the edition is no draft and, for a language other than the report's, every text and
    every wording key has its translation; else ``draft``."""
    if ed.status().is_draft:
        return DRAFT
    if languages.get(lang).is_source:
        return FINAL
    gaps = translation.missing(ed.dir, dict(ed.tables), lang) or wording(lang).missing()
    return DRAFT if gaps else FINAL


def kept_languages(edition_dir: Path, langs: tuple[str, ...], final_only: bool) -> tuple[str, ...]:
    """The languages this build leaves out that the published tree holds and that may stay: with
    ``final_only`` (a release) only those last built final; a draft one is dropped."""
    states = language_states(edition_dir)
    published = edition_dir / "html"
    out = []
    for lang in languages.codes():
        if lang in langs:
            continue
        there = (published / "book").is_dir() if languages.get(lang).is_source else (published / lang).is_dir()
        if there and (not final_only or states.get(lang) == FINAL):
            out.append(lang)
    return tuple(out)


def keep_other_languages(
    published: Path, into: Path, langs: tuple[str, ...], report, allowed: tuple[str, ...] | None = None
) -> list[str]:
    """Copy into the new tree the languages this build leaves out, as last published (``LANGS=zh`` keeps
    ``html/en/``; ``LANGS=en`` keeps the Chinese pages), so building one language never drops the other.
    Only those in ``allowed`` (all by default: see :func:`kept_languages`) are kept."""
    kept = []
    for lang in (lang for lang in languages.codes() if lang not in langs and (allowed is None or lang in allowed)):
        if lang == SOURCE_LANGUAGE and (published / "book").is_dir():
            for item in published.iterdir():
                if item.name not in languages.codes():
                    target = into / item.name
                    if target.is_file():
                        target.unlink()  # the redirect that stands in for a missing Chinese book
                    (shutil.copytree if item.is_dir() else shutil.copy2)(item, target)
            kept.append(lang)
        elif lang != SOURCE_LANGUAGE and (published / lang).is_dir():
            shutil.copytree(published / lang, into / lang)
            kept.append(lang)
    if kept:
        report(f"本次只构建 {'、'.join(langs)}；{'、'.join(kept)} 沿用上一次发布的版本（未随本次的输入更新）")
    return kept


def announce(ed: Edition, langs: tuple[str, ...], report) -> None:
    """Before anything runs: the edition validated, its warnings, whether it is a draft, what is untranslated."""
    report(f"数据校验通过：{ed.dir}（{len(ed.tables)} 个数据表）")
    for warning in ed.status().unacknowledged:
        report(str(warning))
    if ed.status().is_draft:
        report(
            f"这是草稿：{ed.status().summary()}。书中以底色标出待核对的文字，“草稿审阅”页逐项列出确认命令；"
            "草稿状态下 make release 拒绝发布"
        )
    for lang in langs:
        if languages.get(lang).is_source:
            continue
        gaps = translation.missing(ed.dir, dict(ed.tables), lang)
        if gaps:
            report(
                f"{languages.get(lang).name_zh}版有 {len(gaps)} 处文字尚无译文，页面上以“"
                f"{Voice(lang).entry('site.untranslated_label')}”标出（make validate 逐条列出）"
            )


def make_and_publish(
    ed: Edition,
    langs: tuple[str, ...],
    data_root,
    out_root: Path,
    jobs,
    report,
    use_cache: bool,
    force: bool,
    kept: tuple[str, ...] | None = None,
) -> tuple[Path, Path, dict[str, str]]:
    """Execute and run Jupyter Book in a private stage; return the new html/ and notebooks/ trees (still in the
    stage) and the manifest of html/. Any failure or interruption stops every child and leaves nothing behind."""
    edition_dir = out_root / str(ed.year)
    failed_dir = edition_dir / "failed"
    shutil.rmtree(failed_dir, ignore_errors=True)
    stage = new_stage(out_root, str(ed.year))
    try:
        started: list[JupyterBooks] = []

        def start(staged: dict[str, Path]) -> None:
            started.append(JupyterBooks(staged, {lang: jupyter_book_log(edition_dir, lang) for lang in staged}))

        present = None if kept is None else (*langs, *kept)
        stages = stage_and_execute(
            ed, langs, data_root, stage / "src", out_root, jobs, report, use_cache, failed_dir, force, start, present
        )
        report("Jupyter Book 构建 HTML …")
        works = {lang: SphinxWork(out_root / ".cache", ed.year, lang) for lang in stages} if use_cache else {}
        sources = {lang: works[lang].prepare(s, fresh=force) if works else s for lang, s in stages.items()}
        built = started[0].finish(sources)
        for work in works.values():
            work.done()
        for lang, folder in built.items():
            voice = voice_for(ed, lang)
            complete_redirect(folder, voice, voice.text(ed.meta["book_title"]))
        html_dir = assemble(built, stage / "html")
        dropped = [
            lang
            for lang in languages.codes()
            if kept is not None and lang not in (*langs, *kept) and (edition_dir / "html" / lang).is_dir()
        ]
        keep_other_languages(edition_dir / "html", html_dir, langs, report, kept)
        if dropped:
            report(
                f"{'、'.join(dropped)} 上一次发布的是草稿，本次发布不保留它（版本切换与横幅不再链接它）；"
                f"译文补齐后运行 make release YEAR={ed.year} 一并发布"
            )
        notebooks = assemble({lang: s / "book" / "generated" for lang, s in stages.items()}, stage / "notebooks")
        keep_other_languages(edition_dir / "notebooks", notebooks, langs, lambda *_: None, kept)
        return html_dir, notebooks, stamp.tree_manifest(html_dir)
    except BaseException:
        stop_children()
        shutil.rmtree(stage, ignore_errors=True)
        raise


def interrupted_line(edition_dir: Path, signum: int) -> str:
    return (
        f"构建已中断（{signal.Signals(signum).name}）：临时文件已清除，{edition_dir / 'html'} 保持上一次成功构建的版本"
    )


def publish(
    ed: Edition,
    edition_dir: Path,
    inputs: str,
    trees: tuple[Path, Path, dict[str, str]],
    stage: Path,
    present: tuple[str, ...] | None = None,
    states: dict[str, str] | None = None,
) -> list[int]:
    """Swap in both trees and record the edition, as one step that an interruption can't cut in two (a signal
    that arrives meanwhile waits, and is returned); then remove the stage."""
    html_dir, notebooks, manifest = trees
    with deferred_signals() as arrived:
        try:
            publish_dir(html_dir, edition_dir / "html")
            publish_dir(notebooks, edition_dir / "notebooks")
            record_edition(ed, edition_dir, inputs, manifest, present)
            if states is not None:
                write_atomic(edition_dir / LANGUAGE_STATES, json.dumps(states, sort_keys=True))
        finally:
            shutil.rmtree(stage, ignore_errors=True)
    return arrived


def record_edition(
    ed: Edition, edition_dir: Path, inputs: str, manifest: dict[str, str], present: tuple[str, ...] | None = None
) -> None:
    """The stamp that lets the next build skip, and ``edition.json`` for the editions index (every language the
    published tree holds: a one-language build keeps the others)."""
    summary = ed.status().summary() if ed.status().is_draft else ""
    write_atomic(edition_dir / stamp.STAMP, stamp.write(edition_dir, inputs, manifest, figure_fonts(), summary))
    titles = {lang: voice_for(ed, lang).text(ed.meta["book_title"]) for lang in present or languages.codes()}
    write_atomic(
        edition_dir / "edition.json",
        json.dumps({"year": ed.year, "title": ed.meta["book_title"], "languages": titles}, ensure_ascii=False),
    )


def build(
    year: int,
    data_root: str | Path | None = None,
    out_root: Path = paths.BUILD,
    jobs: int | None = None,
    force: bool = False,
    report=print,
    use_cache: bool = True,
    wait: bool = False,
    langs: tuple[str, ...] | str | None = None,
    final_only: bool = False,
) -> Path:
    """Build one edition into ``<out_root>/<year>/html`` (Chinese) and ``html/<lang>/`` (each other language);
    skip the work when no input changed. ``langs`` limits the languages (``"zh"``, ``"en"``, ``"zh,en"``).

    One build per output folder at a time (a lock; ``wait`` queues instead of refusing). The build
    stages privately and publishes by an atomic swap; on any failure or interruption (SIGINT,
    SIGTERM) it stops its workers, kernels and Jupyter Book, removes its staging folder and leaves
    the last good edition as it was. ``use_cache=False`` executes every notebook afresh; ``force``
    rebuilds even when nothing changed, and never takes a notebook from the cache."""
    started = time.perf_counter()
    out_root = Path(out_root)
    edition_dir = out_root / str(year)
    with interruptible() as received:
        try:
            langs = parse_languages(langs)
            ed = Edition(year, data_root)  # raises UnknownYear or DataError before anything runs
            announce(ed, langs, report)
            with BuildLock(edition_dir, wait=wait, report=report):
                remove_stale_stages(out_root, str(year))  # of builds that were killed outright
                for published in ("html", "notebooks"):
                    recover(edition_dir / published)
                inputs = edition_inputs(ed, data_root_parameter(data_root), langs)
                kept = kept_languages(edition_dir, langs, final_only)
                # a release drops a draft language the last build kept: the tree changes although the inputs did not
                drops = bool(set(kept_languages(edition_dir, langs, False)) - set(kept))
                if not force and not drops and use_cache and stamp.published_is_current(edition_dir, inputs, report):
                    report(f"输入未变，{edition_dir / 'html'} 已是最新（{time.perf_counter() - started:.1f} s）")
                    return edition_dir / "html"
                states = {lang: state for lang, state in language_states(edition_dir).items() if lang in kept}
                trees = make_and_publish(ed, langs, data_root, out_root, jobs, report, use_cache, force, kept)
                states |= {lang: language_state(ed, lang) for lang in langs}
                arrived = publish(ed, edition_dir, inputs, trees, trees[0].parent, (*langs, *kept), states)
        except BuildInterrupted as e:
            raise BuildInterrupted(e.signum, interrupted_line(edition_dir, e.signum)) from None
        except BaseException:
            if received:  # a failure the interruption caused (a child that got the same Ctrl-C): the interruption
                raise BuildInterrupted(received[0], interrupted_line(edition_dir, received[0])) from None
            raise
    arrived = arrived or list(received)  # an interruption that a library swallowed: said, never lost
    write_editions_index(out_root)
    done = f"{edition_dir / 'html' / 'index.html'}（{'、'.join(langs)}；{time.perf_counter() - started:.1f} s）"
    if arrived:  # the new edition was being swapped in (or the signal was lost meanwhile): it is whole and published
        raise BuildInterrupted(
            arrived[0], f"构建收到 {signal.Signals(arrived[0]).name}，停止之前新版本已完整发布：{done}"
        )
    report(f"完成：{done}")
    return edition_dir / "html"
