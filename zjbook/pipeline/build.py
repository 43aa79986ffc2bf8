"""Build one edition: validate → execute notebooks → Jupyter Book → ``_build/<year>/html``.

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
                    tree_digest)
from ..data.edition import Edition
from ..data.validate import DataError, validate_year
from .execute import execute_all, notebook_parameters, source_notebooks
from ..render.publish import escape
from .publishing import (BuildInterrupted, BuildLock, interruptible, private_stage, publish_dir, recover,
                         stop_children, write_atomic)
from .searchterms import write_dictionary

COMPARISON = "comparison"
REVIEW = "review"


class BuildError(RuntimeError):
    """A build step failed; the message is one line."""


def substitutions(ed: Edition) -> dict[str, str]:
    """Values hand-written pages may use as ``{{ name }}``: edition facts and every figure as printed.

    Values are escaped: substitutions are parsed as Markdown, and data is shown literally."""
    subs = {f"edition_{k}": str(v) for k, v in ed.meta.items()}
    for file in ed.figure_files():
        for fig in ed.figures(file):
            subs[f"fig_{fig.id}"] = fig.text
            # every figure has its growth phrase, so a page never refers to an undefined name
            subs[f"growth_{fig.id}"] = f"同比{fig.growth_phrase}" if fig.has_growth else "未给出同比增速"
    subs["edition_source_line"] = ed.source_line()
    return {k: escape(v) for k, v in subs.items()}


def announcement(ed: Edition) -> str:
    """The banner on every page: which edition this is, with links to the others (paths fixed by editions.js).

    A draft (anything unreviewed or unacknowledged) says so first, and links its review page."""
    others = [y for y in paths.available_years(ed.data_root) if y != ed.year and validates(ed.data_root / str(y))]
    text = f"本页属于 <strong>{ed.year} 年版</strong>"
    if ed.status().is_draft:
        text = (f'<strong class="draft-badge">草稿</strong> 本版尚未审阅完毕（{html.escape(ed.status().summary())}），'
                '见<a class="review-link" href="#">草稿审阅页</a> · ') + text
    if others:
        text += " · 其他版本：" + " ".join(f'<a class="edition-link" data-edition="{y}" href="#">{y} 年版</a>' for y in others)
    return text + ' · <a class="edition-link" data-edition="" href="#">全部版本</a>'


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
            and (nb.stem != REVIEW or ed.status().is_draft)]


def write_toc(ed: Edition, stage: Path) -> None:
    toc = yaml.safe_load((paths.ROOT / "_toc.yml").read_text(encoding="utf-8"))
    if multi_year(ed):
        toc["parts"].insert(-1, {"caption": "多年比较", "chapters": [{"file": f"book/generated/{COMPARISON}"}]})
    if ed.status().is_draft:
        toc["parts"].insert(0, {"caption": "草稿", "chapters": [{"file": f"book/generated/{REVIEW}"}]})
    (stage / "_toc.yml").write_text(yaml.safe_dump(toc, allow_unicode=True, sort_keys=False), encoding="utf-8")


def write_config(ed: Edition, stage: Path) -> None:
    config = yaml.safe_load((paths.ROOT / "_config.yml").read_text(encoding="utf-8"))
    config["title"] = ed.meta["book_title"]
    config.setdefault("html", {})["announcement"] = announcement(ed)
    config.setdefault("parse", {})["myst_substitutions"] = substitutions(ed)
    sphinx_config = config.setdefault("sphinx", {}).setdefault("config", {})
    # Sphinx reads the jieba dictionary relative to the working directory, which is the stage:
    # a relative path keeps the configuration, and so .buildinfo, identical from build to build.
    sphinx_config["html_search_options"] = {"dict": write_dictionary(ed, stage / "search-dict.txt").name}
    footer = config["html"].get("extra_footer", "")
    config["html"]["extra_footer"] = (f"{html.escape(ed.source_line())}；数据截至 {ed.meta['data_as_of']}。{footer}<br>"
                                      "文字与图表以 CC BY 4.0 许可发布，数据事实归原报告所有。")
    (stage / "_config.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")


def stage_sources(ed: Edition, stage: Path) -> None:
    if stage.exists():
        shutil.rmtree(stage)
    shutil.copytree(paths.BOOK, stage / "book", ignore=shutil.ignore_patterns("generated", ".*"))
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
    """``_build/index.html``: a page that links every edition built so far."""
    items = []
    for meta in sorted(Path(out_root).glob("*/edition.json")):
        try:
            info = json.loads(meta.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if (meta.parent / "html" / "index.html").exists():
            items.append(f'<li><a href="{info["year"]}/html/index.html">{html.escape(info["title"])}</a></li>')
    page = ("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head><meta charset=\"utf-8\"><title>全部版本</title>"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"></head>\n"
            "<body style=\"font-family: 'Noto Sans CJK SC', sans-serif; max-width: 40em; margin: 2em auto; padding: 0 1em\">\n"
            "<h1>全部版本</h1>\n<ul>\n" + "\n".join(items) + "\n</ul>\n</body>\n</html>\n")
    index = Path(out_root) / "index.html"
    write_atomic(index, page)
    return index


def edition_inputs(ed: Edition, data_root: str) -> str:
    """One hash of everything the edition is built from, the environment and every data folder included."""
    files = [*paths.NOTEBOOKS.glob("*.ipynb"), *(p for p in paths.BOOK.rglob("*") if p.is_file()),
             *(paths.ROOT / "zjbook").rglob("*.py"), paths.ROOT / "_config.yml", paths.ROOT / "_toc.yml",
             paths.ROOT / "requirements.txt"]
    data = {name: folder_digest(ed.data_root / name).decode() for name in listing(ed.data_root)}
    return tree_digest([f for f in files if "generated" not in f.parts],
                       {"year": ed.year, "data_root": data_root, "environment": environment_digest(), "data": data})


class NotebookKeys:
    """How one edition's notebooks are keyed for the cache: their parameters, the build context, each key."""

    def __init__(self, ed: Edition, data_root: str):
        self.ed, self.data_root = ed, data_root
        self.context = build_context(ed.year, ed.data_root)

    def params(self, stem: str) -> dict:
        return notebook_parameters(stem, self.ed.year, self.data_root)

    def key(self, stem: str, reads: list[str]) -> str:
        return notebook_key(paths.NOTEBOOKS / f"{stem}.ipynb", self.params(stem), reads, self.ed.data_root, self.context)

    def last_key(self, cache: NotebookCache, stem: str) -> str | None:
        """The key from the files the notebook read last time, or None when that is unknown."""
        reads = cache.last_reads(stem, self.ed.year)
        return None if reads is None else self.key(stem, reads)


def run_notebooks(ed: Edition, dest: Path, cache: NotebookCache, data_root: str, jobs, report,
                  failed_dir: Path | None = None) -> None:
    """Restore each notebook from the cache when its inputs are unchanged; execute the others."""
    keys = NotebookKeys(ed, data_root)
    dest.mkdir(parents=True, exist_ok=True)
    to_run = []
    for nb in chapters(ed):
        key = keys.last_key(cache, nb.stem)
        if key is not None and cache.restore(key, nb.stem, dest):
            report(f"  ↺ {nb.stem:<28} 输入未变，取自缓存")
        else:
            to_run.append(nb)
            if nb.stem in cache.damaged:
                report(f"  ! {nb.stem:<28} 缓存条目与其校验和不符，已丢弃，重新执行")
    runs = execute_all(dest, keys.params, to_run, jobs=jobs, report=report, failed_dir=failed_dir)
    failed = [r for r in runs if r.error]
    if failed:
        raise BuildError(failure_line(ed, failed[0]))
    for run in runs:
        cache.store(keys.key(run.notebook, run.reads), run.notebook, ed.year, run.reads, dest)


def failure_line(ed: Edition, run) -> str:
    """One line for a notebook that failed: which, why, the data it read, where its executed copy is."""
    data = "、".join(f.split("/", 1)[-1] for f in run.reads if f.startswith(f"{ed.year}/")) or "无"
    kept = f"；执行到出错处的笔记本保存在 {_shown(run.kept)}" if run.kept else ""
    return f"笔记本 {run.notebook} 执行失败：{run.error}（它读取的数据：{data}{kept}）"


def _shown(path: Path) -> str:
    path = Path(path).resolve()
    return str(path.relative_to(Path.cwd())) if path.is_relative_to(Path.cwd()) else str(path)


def data_root_parameter(data_root: str | Path | None) -> str:
    """The notebooks' ``data_root`` parameter: empty for the project's data/, else an absolute path."""
    return str(Path(data_root).resolve()) if data_root else ""


def stage_and_execute(ed: Edition, data_root, stage: Path, out_root: Path, jobs, report,
                      use_cache: bool = True, failed_dir: Path | None = None) -> None:
    """Lay out the book's sources in ``stage`` and put the executed notebooks in it."""
    stage_sources(ed, stage)
    report(f"执行笔记本（{ed.year} 年，papermill）：")
    run_notebooks(ed, stage / "book" / "generated", NotebookCache(Path(out_root) / ".cache", enabled=use_cache),
                  data_root_parameter(data_root), jobs, report, failed_dir)


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


def build(year: int, data_root: str | Path | None = None, out_root: Path = paths.BUILD,
          jobs: int | None = None, force: bool = False, report=print, use_cache: bool = True,
          wait: bool = False) -> Path:
    """Build one edition into ``<out_root>/<year>/html``; skip the work when no input changed.

    One build per output folder at a time (a lock; ``wait`` queues instead of refusing). The build
    stages privately and publishes by an atomic swap; on any failure or interruption (SIGINT,
    SIGTERM) it stops its workers, kernels and Jupyter Book, removes its staging folder and leaves
    the last good edition as it was. ``use_cache=False`` executes every notebook afresh."""
    started = time.perf_counter()
    ed = Edition(year, data_root)  # raises UnknownYear or DataError before anything runs
    report(f"数据校验通过：{ed.dir}（{len(ed.tables)} 个数据表）")
    for warning in ed.status().unacknowledged:
        report(str(warning))
    if ed.status().is_draft:
        report(f"这是草稿：{ed.status().summary()}。书中以底色标出待核对的文字，“草稿审阅”页逐项列出确认命令；"
               "草稿状态下 make release 拒绝发布")
    out_root = Path(out_root)
    edition_dir = out_root / str(year)
    with BuildLock(edition_dir, wait=wait):
        for published in ("html", "notebooks"):
            recover(edition_dir / published)
        inputs = edition_inputs(ed, data_root_parameter(data_root))
        if not force and use_cache and _up_to_date(edition_dir, inputs, report):
            report(f"输入未变，{edition_dir / 'html'} 已是最新（{time.perf_counter() - started:.1f} s）")
            return edition_dir / "html"
        failed_dir = edition_dir / "failed"
        shutil.rmtree(failed_dir, ignore_errors=True)
        try:
            with interruptible(), private_stage(out_root, str(year)) as stage:
                try:
                    stage_and_execute(ed, data_root, stage, out_root, jobs, report, use_cache, failed_dir)
                    report("Jupyter Book 构建 HTML …")
                    html_dir = jupyter_book(stage, log=edition_dir / "jupyter-book.log")
                    manifest = tree_manifest(html_dir)
                    publish_dir(html_dir, edition_dir / "html")
                    publish_dir(stage / "book" / "generated", edition_dir / "notebooks")
                except BaseException:
                    stop_children()
                    raise
        except BuildInterrupted as e:
            raise BuildError(f"构建已中断（{e}）：临时文件已清除，{edition_dir / 'html'} 保持上一次成功构建的版本") from None
        write_atomic(edition_dir / STAMP, json.dumps({"inputs": inputs, "html": manifest}, indent=0))
        write_atomic(edition_dir / "edition.json", json.dumps({"year": ed.year, "title": ed.meta["book_title"]},
                                                              ensure_ascii=False))
    write_editions_index(out_root)
    report(f"完成：{edition_dir / 'html' / 'index.html'}（{time.perf_counter() - started:.1f} s）")
    return edition_dir / "html"
