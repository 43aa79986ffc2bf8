"""Build one edition: validate → execute notebooks → Jupyter Book → ``_build/<year>/html``.

Every language of :func:`zjbook.wording.languages` is built from the same data: Chinese (the
report's language) at ``html/``, each other language at ``html/<lang>/``, so the one ``html/``
folder deploys them all. Each page's banner links the same page in the other language.

Everything happens in a private staging folder under a lock; the previous edition of that year is
replaced (by an atomic swap, see :mod:`zjbook.pipeline.publishing`) only when the whole build
succeeded, so a failed or interrupted build leaves the last good edition untouched.
"""
from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import yaml

from .. import paths
from .cache import (NotebookCache, build_context, environment_digest, file_sha, folder_digest, listing, notebook_key,
                    package_files, tree_digest)
from ..data import schema
from ..data.edition import Edition
from ..data.validate import DataError, validate_year
from .execute import execute_tasks, notebook_parameters, source_notebooks, tasks_for
from ..render.publish import escape
from ..wording import SOURCE_LANGUAGE, languages, wording
from ..wording.notebook_pages import cell_translations
from .publishing import (BuildInterrupted, BuildLock, interruptible, private_stage, publish_dir, recover,
                         stop_children, write_atomic)
from .searchterms import write_dictionary

COMPARISON = "comparison"
REVIEW = "review"


class BuildError(RuntimeError):
    """A build step failed; the message is one line."""


def data_as_of(ed: Edition) -> str:
    """The data's cut-off month as the language writes it (Chinese keeps the data's YYYY-MM)."""
    value = str(ed.meta["data_as_of"])
    if ed.lang == SOURCE_LANGUAGE or not re.fullmatch(r"\d{4}-\d{2}", value):
        return value
    return ed.words.numbers.period_label(value, value)


def substitutions(ed: Edition) -> dict[str, str]:
    """Values hand-written pages may use as ``{{ name }}``: edition facts and every figure as printed.

    Values are escaped: substitutions are parsed as Markdown, and data is shown literally."""
    from ..render.publish import plain_text
    subs = {f"edition_{k}": plain_text(str(ed.t(v)), ed.words) for k, v in ed.meta.items()}
    for file in ed.figure_files():
        for fig in ed.figures(file):
            subs[f"fig_{fig.id}"] = fig.text
            # every figure has its growth phrase, so a page never refers to an undefined name
            subs[f"growth_{fig.id}"] = ed.say("book.growth_substitution", f=fig)
    subs["edition_source_line"] = plain_text(ed.source_line(), ed.words)
    subs["edition_data_as_of"] = data_as_of(ed)
    return {k: escape(v) for k, v in subs.items()}


#: Placeholders of the banner that :mod:`zjbook.site.sphinx_ext` fills in for each page: the relative path
#: to the root of this language's book, and the page's own path (for the link to the other language).
ROOT_MARK, PAGE_MARK = "__ZJBOOK_ROOT__", "__ZJBOOK_PAGE__"


def language_root(lang: str) -> str:
    """Where a language's book sits inside ``html/``: ``""`` for Chinese, ``"en/"`` for English."""
    return "" if lang == SOURCE_LANGUAGE else f"{lang}/"


def draft_summary(ed: Edition) -> str:
    """What is left before the edition can be released, in the edition's language."""
    status, words = ed.status(), ed.words
    counts = (("unreviewed", len(status.state.unreviewed())), ("warnings", len(status.unacknowledged)),
              ("problems", len(status.state.problems)))
    return words.numbers.series(words.say(f"book.draft_summary.{key}", count=n) for key, n in counts if n)


def announcement(ed: Edition) -> str:
    """The banner on every page: which edition this is, the same page in the other languages, the other
    editions. A draft says so first and links its review page (which is in Chinese).

    The switch names every language, also when this build makes only some of them: the build keeps the
    others as last published (see :func:`keep_other_languages`)."""
    words = ed.words
    others = [y for y in paths.available_years(ed.data_root) if y != ed.year and validates(ed.data_root / str(y))]
    up = "../" * language_root(ed.lang).count("/")  # from this language's root up to html/
    text = words.say("book.this_edition", edition=words.say("book.edition_label", year=ed.year))
    if ed.status().is_draft:
        review = (f'<a class="review-link" href="{ROOT_MARK}{up}book/generated/{REVIEW}.html" hreflang="zh-CN">'
                  f'{words.entry("book.review_link")}</a>')
        text = (f'<strong class="draft-badge">{words.entry("book.draft_badge")}</strong> '
                + words.say("book.draft_text", summary=html.escape(draft_summary(ed)), review_link=review) + " · " + text)
    for lang in languages():
        if lang != ed.lang:
            other = wording(lang)
            tag = other.entry("book.html_lang")
            text += (f' · <a class="lang-switch" href="{ROOT_MARK}{up}{language_root(lang)}{PAGE_MARK}" hreflang="{tag}"'
                     f' lang="{tag}" title="{other.entry("book.switch_title")}">{other.entry("book.switch_label")}</a>')
    root = f"{ROOT_MARK}{up}../../"
    if others:
        links = " ".join(f'<a class="edition-link" href="{root}{y}/html/{language_root(ed.lang)}index.html">'
                         f'{words.say("book.edition_label", year=y)}</a>' for y in others)
        text += " · " + words.say("book.other_editions", links=links)
    return text + f' · <a class="edition-link" href="{root}index.html">{words.entry("book.all_editions")}</a>'


def validates(folder: Path) -> bool:
    """Whether a year's folder passes validation (only such years are linked and compared)."""
    try:
        validate_year(folder)
    except DataError:
        return False
    return True


def multi_year(ed: Edition) -> bool:
    return len(paths.available_years(ed.data_root)) > 1


def chapters(ed: Edition) -> list[Path]:
    """The notebooks of this edition: the comparison page only when several years have data, the review page
    only for a draft."""
    return [nb for nb in source_notebooks() if (nb.stem != COMPARISON or multi_year(ed))
            and (nb.stem != REVIEW or (ed.status().is_draft and ed.lang == SOURCE_LANGUAGE))]


def write_toc(ed: Edition, stage: Path) -> None:
    toc = yaml.safe_load((paths.ROOT / "_toc.yml").read_text(encoding="utf-8"))
    captions = ed.words.words("book.toc")
    if multi_year(ed):
        toc["parts"].insert(-1, {"caption": "多年比较", "numbered": True, "chapters": [{"file": f"book/generated/{COMPARISON}"}]})
    if ed.status().is_draft and ed.lang == SOURCE_LANGUAGE:
        toc["parts"].insert(0, {"caption": "草稿", "chapters": [{"file": f"book/generated/{REVIEW}"}]})
    for part in toc["parts"]:
        part["caption"] = captions[part["caption"]]
    (stage / "_toc.yml").write_text(yaml.safe_dump(toc, allow_unicode=True, sort_keys=False), encoding="utf-8")


def write_config(ed: Edition, stage: Path) -> None:
    from ..render.publish import plain_text
    config = yaml.safe_load((paths.ROOT / "_config.yml").read_text(encoding="utf-8"))
    config["title"] = plain_text(ed.t(ed.meta["book_title"]), ed.words)
    config["author"] = config["copyright"] = ed.words.entry("book.author")
    config.setdefault("html", {})["announcement"] = announcement(ed)
    config.setdefault("parse", {})["myst_substitutions"] = substitutions(ed)
    sphinx_config = config.setdefault("sphinx", {}).setdefault("config", {})
    sphinx_config["language"] = ed.words.entry("site.html_language")
    sphinx_config["numfig_format"] = {"figure": ed.words.entry("book.numfig_figure"),
                                      "table": ed.words.entry("book.numfig_table")}
    if ed.lang == SOURCE_LANGUAGE:
        # Sphinx reads the jieba dictionary relative to the working directory, which is the stage:
        # a relative path keeps the configuration, and so .buildinfo, identical from build to build.
        sphinx_config["html_search_options"] = {"dict": write_dictionary(ed, stage / "search-dict.txt").name}
    config["html"]["extra_footer"] = ed.say("book.footer", source_line=html.escape(plain_text(ed.source_line(), ed.words)),
                                            data_as_of=html.escape(data_as_of(ed)))
    (stage / "_config.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")


#: Where the hand-written pages of a language other than Chinese live: ``book/<lang>/<page>.md``.
def stage_sources(ed: Edition, stage: Path) -> None:
    if stage.exists():
        shutil.rmtree(stage)
    other = [lang for lang in languages() if lang != SOURCE_LANGUAGE]
    shutil.copytree(paths.BOOK, stage / "book", ignore=shutil.ignore_patterns("generated", ".*", *other))
    if ed.lang != SOURCE_LANGUAGE:  # the language's own hand-written pages replace the Chinese ones
        for page in (paths.BOOK / ed.lang).glob("*.md"):
            shutil.copy2(page, stage / "book" / page.name)
    write_toc(ed, stage)
    write_config(ed, stage)


#: The longest the Jupyter Book phase may run, in seconds, before the build gives up on it.
JUPYTER_BOOK_TIMEOUT = 900


def jupyter_book(stage: Path, builder: str = "html", log: Path | None = None) -> Path:
    """Run ``jupyter-book build --all -W -n --keep-going``; return the output folder.

    On failure its whole output is kept in ``log`` (default: beside the staging folder)."""
    exe = Path(sys.executable).with_name("jupyter-book")
    cmd = [str(exe), "build", "--all", str(stage), "--path-output", str(stage), "-W", "-n", "--keep-going",
           "--builder", builder]
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, cwd=stage, timeout=JUPYTER_BOOK_TIMEOUT)
    except subprocess.TimeoutExpired:
        raise BuildError(f"Jupyter Book 超过 {JUPYTER_BOOK_TIMEOUT} 秒仍未完成，已停止") from None
    if proc.returncode != 0:
        problems = [l for l in (proc.stdout + proc.stderr).splitlines() if "WARNING" in l or "ERROR" in l]
        log = Path(log or stage.parent / "jupyter-book.log")
        log.parent.mkdir(parents=True, exist_ok=True)
        log.write_text(proc.stdout + proc.stderr, encoding="utf-8")
        first = re.sub(r"\x1b\[[0-9;]*m", "", problems[0]).strip() if problems else f"exit {proc.returncode}"
        raise BuildError(f"Jupyter Book 构建失败（{len(problems)} 条警告/错误，见 {log}）：{first}")
    return stage / "_build" / builder


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
            page = meta.parent / "html" / language_root(lang) / "index.html"
            if page.exists():
                tag = wording(lang).entry("book.html_lang")
                links.append(f'<a href="{info["year"]}/html/{language_root(lang)}index.html" hreflang="{tag}" lang="{tag}">'
                             f'{html.escape(title)}</a>')
        if links:
            items.append(f"<li>{info['year']}：" + " · ".join(links) + "</li>")
    page = ("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head><meta charset=\"utf-8\"><title>全部版本 · All editions</title>"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"></head>\n"
            "<body style=\"font-family: 'Noto Sans CJK SC', sans-serif; max-width: 40em; margin: 2em auto; padding: 0 1em\">\n"
            "<h1>全部版本 · <span lang=\"en\">All editions</span></h1>\n<ul>\n" + "\n".join(items) + "\n</ul>\n</body>\n</html>\n")
    index = Path(out_root) / "index.html"
    write_atomic(index, page)
    return index


def edition_inputs(ed: Edition, data_root: str, langs: tuple[str, ...] = ()) -> str:
    """One hash of everything the edition is built from, the environment, the languages and every data folder."""
    files = [*paths.NOTEBOOKS.glob("*.ipynb"), *(p for p in paths.BOOK.rglob("*") if p.is_file()),
             *package_files(), paths.ROOT / "_config.yml", paths.ROOT / "_toc.yml",
             paths.ROOT / "requirements.txt"]
    data = {name: folder_digest(ed.data_root / name).decode() for name in listing(ed.data_root)}
    return tree_digest([f for f in files if "generated" not in f.parts],
                       {"year": ed.year, "data_root": data_root, "environment": environment_digest(), "data": data,
                        "languages": list(langs)})


class NotebookKeys:
    """How one edition's notebooks are keyed for the cache: their parameters, the build context, each key."""

    def __init__(self, ed: Edition, data_root: str):
        self.ed, self.data_root = ed, data_root
        self.context = build_context(ed.year, ed.data_root)

    def params(self, stem: str) -> dict:
        return notebook_parameters(stem, self.ed.year, self.data_root, self.ed.lang)

    def key(self, stem: str, reads: list[str]) -> str:
        return notebook_key(paths.NOTEBOOKS / f"{stem}.ipynb", self.params(stem), reads, self.ed.data_root, self.context)

    def last_key(self, cache: NotebookCache, stem: str) -> str | None:
        """The key from the files the notebook read last time, or None when that is unknown."""
        reads = cache.last_reads(stem, self.ed.year, self.ed.lang)
        return None if reads is None else self.key(stem, reads)


def run_notebooks(editions: list[tuple[Edition, Path]], cache: NotebookCache, data_root: str, jobs, report,
                  failed_dir: Path | None = None) -> None:
    """Restore each notebook from the cache when its inputs are unchanged; execute the others.

    ``editions`` pairs the edition in each language with the folder its executed notebooks go to;
    the notebooks of all languages share one pool of workers."""
    tasks, keys_of = [], {}
    for ed, dest in editions:
        keys = keys_of[ed.lang] = NotebookKeys(ed, data_root)
        dest.mkdir(parents=True, exist_ok=True)
        prefix = language_root(ed.lang)  # reports name a notebook zizhu in Chinese, en/zizhu in English
        to_run = []
        for nb in chapters(ed):
            key = keys.last_key(cache, nb.stem)
            if key is not None and cache.restore(key, nb.stem, dest):
                report(f"  ↺ {prefix + nb.stem:<28} 输入未变，取自缓存")
            else:
                to_run.append(nb)
                if nb.stem in cache.damaged:
                    report(f"  ! {prefix + nb.stem:<28} 缓存条目与其校验和不符，已丢弃，重新执行")
        failed_in = failed_dir / prefix if failed_dir is not None and prefix else failed_dir
        tasks += tasks_for(dest, keys.params, to_run, failed_in, prefix)
    runs = execute_tasks(tasks, jobs=jobs, report=report)
    failed = [r for r in runs if r.error]
    if failed:
        raise BuildError(failure_line(editions[0][0], failed[0]))
    for run, task in zip(runs, sorted(tasks, key=lambda t: t.label)):
        lang = task.parameters.get("lang", SOURCE_LANGUAGE)
        cache.store(keys_of[lang].key(run.notebook, run.reads), run.notebook, editions[0][0].year, run.reads,
                    task.dest.parent, lang)


def failure_line(ed: Edition, run) -> str:
    """One line for a notebook that failed: which, why, the data it read, where its executed copy is."""
    data = "、".join(f.split("/", 1)[-1] for f in run.reads if f.startswith(f"{ed.year}/")) or "无"
    kept = f"；执行到出错处的笔记本保存在 {_shown(run.kept)}" if run.kept else ""
    return f"笔记本 {run.label or run.notebook} 执行失败：{run.error}（它读取的数据：{data}{kept}）"


def _shown(path: Path) -> str:
    path = Path(path).resolve()
    return str(path.relative_to(Path.cwd())) if path.is_relative_to(Path.cwd()) else str(path)


def data_root_parameter(data_root: str | Path | None) -> str:
    """The notebooks' ``data_root`` parameter: empty for the project's data/, else an absolute path."""
    return str(Path(data_root).resolve()) if data_root else ""


def stage_and_execute(editions: list[Edition], data_root, stage: Path, out_root: Path, jobs, report,
                      use_cache: bool = True, failed_dir: Path | None = None) -> dict[str, Path]:
    """Lay out the book's sources of each language in ``stage/<lang>`` and put the executed notebooks in them."""
    langs = tuple(ed.lang for ed in editions)
    stages = {ed.lang: stage / ed.lang for ed in editions}
    for ed in editions:
        stage_sources(ed, stages[ed.lang])
    report(f"执行笔记本（{editions[0].year} 年，{'、'.join(langs)}，papermill）：")
    run_notebooks([(ed, stages[ed.lang] / "book" / "generated") for ed in editions],
                  NotebookCache(Path(out_root) / ".cache", enabled=use_cache),
                  data_root_parameter(data_root), jobs, report, failed_dir)
    return stages


def tree_manifest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): file_sha(p) for p in sorted(Path(folder).rglob("*")) if p.is_file()}


def _up_to_date(edition_dir: Path, inputs: str, report) -> bool:
    """The stamp matches and the published files are exactly the ones that build wrote."""
    try:
        stamp = json.loads((edition_dir / STAMP).read_text(encoding="utf-8"))
        if stamp["inputs"] != inputs:
            return False
        if tree_manifest(edition_dir / "html") != stamp["html"]:
            report(f"{edition_dir / 'html'} 中的文件与上次发布时不同（被改动或删除过），重新构建")
            return False
        return True
    except (OSError, ValueError, KeyError, TypeError):
        return False


STAMP = ".published.json"


def parse_languages(value: str | tuple | list | None) -> tuple[str, ...]:
    """``"zh,en"`` (or ``("en", "zh")``) → ``("zh", "en")``, Chinese first; empty means every language;
    an unknown one fails in one line."""
    known = languages()
    if not value:
        return known
    asked = [v.strip() for v in (value.replace(" ", ",").split(",") if isinstance(value, str) else value) if v.strip()]
    unknown = [v for v in asked if v not in known]
    if unknown:
        raise BuildError(f"没有这种语言：{'、'.join(unknown)}（可选：{'、'.join(known)}）")
    return tuple(lang for lang in known if lang in asked)


def jupyter_books(stages: dict[str, Path], edition_dir: Path) -> dict[str, Path]:
    """Run Jupyter Book for every language at once (one process each); return each language's HTML."""
    from concurrent.futures import ThreadPoolExecutor
    logs = {lang: edition_dir / ("jupyter-book.log" if lang == SOURCE_LANGUAGE else f"jupyter-book.{lang}.log")
            for lang in stages}
    with ThreadPoolExecutor(len(stages)) as pool:
        futures = {lang: pool.submit(jupyter_book, stage, "html", logs[lang]) for lang, stage in stages.items()}
        return {lang: f.result() for lang, f in futures.items()}


def assemble(parts: dict[str, Path], into: Path) -> Path:
    """One folder from each language's output: Chinese at the top, every other language in ``<lang>/``.

    Without Chinese, the top holds only an ``index.html`` that leads to the first language built."""
    if SOURCE_LANGUAGE in parts:
        parts[SOURCE_LANGUAGE].rename(into)
    else:
        into.mkdir(parents=True)
        first = next(iter(parts))
        (into / "index.html").write_text(
            f'<!DOCTYPE html>\n<html><head><meta charset="utf-8"><meta http-equiv="refresh" content="0; url={first}/index.html">'
            f'<title>{first}</title></head><body><a href="{first}/index.html">{first}</a></body></html>\n', encoding="utf-8")
    for lang, folder in parts.items():
        if lang != SOURCE_LANGUAGE:
            folder.rename(into / lang)
    return into


def keep_other_languages(published: Path, into: Path, langs: tuple[str, ...], report) -> list[str]:
    """Copy into the new tree the languages this build leaves out, as last published (``LANGS=zh`` keeps
    ``html/en/``; ``LANGS=en`` keeps the Chinese pages), so building one language never drops the other."""
    kept = []
    for lang in (lang for lang in languages() if lang not in langs):
        if lang == SOURCE_LANGUAGE and (published / "book").is_dir():
            for item in published.iterdir():
                if item.name not in languages():
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


def build(year: int, data_root: str | Path | None = None, out_root: Path = paths.BUILD,
          jobs: int | None = None, force: bool = False, report=print, use_cache: bool = True,
          wait: bool = False, langs: tuple[str, ...] | str | None = None) -> Path:
    """Build one edition into ``<out_root>/<year>/html`` (Chinese) and ``html/<lang>/`` (each other language);
    skip the work when no input changed. ``langs`` limits the languages (``"zh"``, ``"en"``, ``"zh,en"``).

    One build per output folder at a time (a lock; ``wait`` queues instead of refusing). The build
    stages privately and publishes by an atomic swap; on any failure or interruption (SIGINT,
    SIGTERM) it stops its workers, kernels and Jupyter Book, removes its staging folder and leaves
    the last good edition as it was. ``use_cache=False`` executes every notebook afresh."""
    started = time.perf_counter()
    langs = parse_languages(langs)
    ed = Edition(year, data_root)  # raises UnknownYear or DataError before anything runs
    report(f"数据校验通过：{ed.dir}（{len(ed.tables)} 个数据表）")
    for warning in ed.status().unacknowledged:
        report(str(warning))
    if ed.status().is_draft:
        report(f"这是草稿：{ed.status().summary()}。书中以底色标出待核对的文字，“草稿审阅”页逐项列出确认命令；"
               "草稿状态下 make release 拒绝发布")
    editions = [ed if lang == SOURCE_LANGUAGE else Edition(year, data_root, lang) for lang in langs]
    for other in editions:
        gaps = other.untranslated()
        if gaps:
            report(f"{schema.TARGET_LANGUAGES.get(other.lang, other.lang)}版有 {len(gaps)} 处文字尚无译文，页面上以“"
                   f"{other.words.entry('site.untranslated_label')}”标出（make validate 逐条列出）")
    out_root = Path(out_root)
    edition_dir = out_root / str(year)
    with BuildLock(edition_dir, wait=wait):
        for published in ("html", "notebooks"):
            recover(edition_dir / published)
        inputs = edition_inputs(ed, data_root_parameter(data_root), langs)
        if not force and use_cache and _up_to_date(edition_dir, inputs, report):
            report(f"输入未变，{edition_dir / 'html'} 已是最新（{time.perf_counter() - started:.1f} s）")
            return edition_dir / "html"
        failed_dir = edition_dir / "failed"
        shutil.rmtree(failed_dir, ignore_errors=True)
        try:
            with interruptible(), private_stage(out_root, str(year)) as stage:
                try:
                    stages = stage_and_execute(editions, data_root, stage / "src", out_root, jobs, report, use_cache,
                                               failed_dir)
                    report("Jupyter Book 构建 HTML …")
                    html_dir = assemble(jupyter_books(stages, edition_dir), stage / "html")
                    keep_other_languages(edition_dir / "html", html_dir, langs, report)
                    notebooks = assemble({lang: s / "book" / "generated" for lang, s in stages.items()},
                                         stage / "notebooks")
                    keep_other_languages(edition_dir / "notebooks", notebooks, langs, lambda *_: None)
                    manifest = tree_manifest(html_dir)
                    publish_dir(html_dir, edition_dir / "html")
                    publish_dir(notebooks, edition_dir / "notebooks")
                except BaseException:
                    stop_children()
                    raise
        except BuildInterrupted as e:
            raise BuildError(f"构建已中断（{e}）：临时文件已清除，{edition_dir / 'html'} 保持上一次成功构建的版本") from None
        write_atomic(edition_dir / STAMP, json.dumps({"inputs": inputs, "html": manifest}, indent=0))
        # every language the published tree holds (a one-language build keeps the others); the index checks
        titles = {lang: plain_title(next((e for e in editions if e.lang == lang), None) or Edition(year, data_root, lang))
                  for lang in languages()}
        write_atomic(edition_dir / "edition.json", json.dumps({"year": ed.year, "title": ed.meta["book_title"],
                                                               "languages": titles}, ensure_ascii=False))
    write_editions_index(out_root)
    report(f"完成：{edition_dir / 'html' / 'index.html'}（{'、'.join(langs)}；{time.perf_counter() - started:.1f} s）")
    return edition_dir / "html"


def plain_title(ed: Edition) -> str:
    from ..render.publish import plain_text
    return plain_text(ed.t(ed.meta["book_title"]), ed.words)
