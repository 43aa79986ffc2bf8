"""Build one edition: validate → execute notebooks → Jupyter Book → ``_build/<year>/html``.

Everything happens in a staging folder; the previous edition of that year is replaced only
when the whole build succeeded, so a failed build leaves the last good edition untouched.
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
from .cache import NotebookCache, notebook_key, package_digest, tree_digest
from ..data.edition import Edition
from .execute import execute_all, notebook_parameters, source_notebooks
from ..render.publish import escape
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
            if fig.has_growth:
                subs[f"growth_{fig.id}"] = fig.growth_text
    subs["edition_source_line"] = ed.source_line()
    return {k: escape(v) for k, v in subs.items()}


def announcement(ed: Edition) -> str:
    """The banner on every page: which edition this is, with links to the others (paths fixed by editions.js).

    A draft (anything unreviewed or unacknowledged) says so first, and links its review page."""
    others = [y for y in paths.available_years(ed.data_root) if y != ed.year]
    text = f"本页属于 <strong>{ed.year} 年版</strong>"
    if ed.status().is_draft:
        text = (f'<strong class="draft-badge">草稿</strong> 本版尚未审阅完毕（{html.escape(ed.status().summary())}），'
                '见<a class="review-link" href="#">草稿审阅页</a> · ') + text
    if others:
        text += " · 其他版本：" + " ".join(f'<a class="edition-link" data-edition="{y}" href="#">{y} 年版</a>' for y in others)
    return text + ' · <a class="edition-link" data-edition="" href="#">全部版本</a>'


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


def jupyter_book(stage: Path, builder: str = "html") -> Path:
    """Run ``jupyter-book build --all -W -n --keep-going``; return the output folder."""
    exe = Path(sys.executable).with_name("jupyter-book")
    cmd = [str(exe), "build", "--all", str(stage), "--path-output", str(stage), "-W", "-n", "--keep-going",
           "--builder", builder]
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=stage)
    if proc.returncode != 0:
        problems = [l for l in (proc.stdout + proc.stderr).splitlines() if "WARNING" in l or "ERROR" in l]
        log = stage / "jupyter-book.log"
        log.write_text(proc.stdout + proc.stderr, encoding="utf-8")
        first = re.sub(r"\x1b\[[0-9;]*m", "", problems[0]).strip() if problems else f"exit {proc.returncode}"
        raise BuildError(f"Jupyter Book 构建失败（{len(problems)} 条警告/错误，见 {log}）：{first}")
    return stage / "_build" / builder


def replace_dir(new: Path, target: Path) -> None:
    """Put ``new`` at ``target``, removing what was there only once the new one is in place."""
    target.parent.mkdir(parents=True, exist_ok=True)
    old = target.with_name(f".{target.name}.old")
    if old.exists():
        shutil.rmtree(old)
    if target.exists():
        target.rename(old)
    new.rename(target)
    if old.exists():
        shutil.rmtree(old)


def write_editions_index(out_root: Path) -> Path:
    """``_build/index.html``: a page that links every edition built so far."""
    items = []
    for meta in sorted(Path(out_root).glob("*/edition.json")):
        info = json.loads(meta.read_text(encoding="utf-8"))
        if (meta.parent / "html" / "index.html").exists():
            items.append(f'<li><a href="{info["year"]}/html/index.html">{html.escape(info["title"])}</a></li>')
    page = ("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head><meta charset=\"utf-8\"><title>全部版本</title>"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"></head>\n"
            "<body style=\"font-family: 'Noto Sans CJK SC', sans-serif; max-width: 40em; margin: 2em auto; padding: 0 1em\">\n"
            "<h1>全部版本</h1>\n<ul>\n" + "\n".join(items) + "\n</ul>\n</body>\n</html>\n")
    index = Path(out_root) / "index.html"
    index.write_text(page, encoding="utf-8")
    return index


def edition_inputs(ed: Edition, data_root) -> str:
    """One hash of everything the edition is built from."""
    files = [*ed.data_root.glob("*/*.csv"), *paths.NOTEBOOKS.glob("*.ipynb"), *(p for p in paths.BOOK.rglob("*") if p.is_file()),
             *(paths.ROOT / "zjbook").rglob("*.py"), paths.ROOT / "_config.yml", paths.ROOT / "_toc.yml",
             paths.ROOT / "requirements.txt"]
    return tree_digest([f for f in files if "generated" not in f.parts],
                       {"year": ed.year, "data_root": str(data_root or "")})


def run_notebooks(ed: Edition, dest: Path, cache: NotebookCache, data_root: str, jobs, report) -> None:
    """Restore each notebook from the cache when its inputs are unchanged; execute the others."""
    package = package_digest() + ",".join(map(str, paths.available_years(ed.data_root)))  # a new year re-runs all
    params_for = lambda stem: notebook_parameters(stem, ed.year, data_root)  # noqa: E731
    dest.mkdir(parents=True, exist_ok=True)
    to_run = []
    for nb in chapters(ed):
        reads = cache.last_reads(nb.stem, ed.year)
        if reads is not None and cache.restore(notebook_key(nb, params_for(nb.stem), reads, ed.data_root, package), nb.stem, dest):
            report(f"  ↺ {nb.stem:<28} 输入未变，取自缓存")
        else:
            to_run.append(nb)
    runs = execute_all(dest, params_for, to_run, jobs=jobs, report=report)
    failed = [r for r in runs if r.error]
    if failed:
        raise BuildError(f"笔记本 {failed[0].notebook} 执行失败：{failed[0].error}")
    for run in runs:
        nb = paths.NOTEBOOKS / f"{run.notebook}.ipynb"
        cache.store(notebook_key(nb, params_for(run.notebook), run.reads, ed.data_root, package), run.notebook, ed.year,
                    run.reads, dest)


def data_root_parameter(data_root: str | Path | None) -> str:
    """The notebooks' ``data_root`` parameter: empty for the project's data/, else an absolute path."""
    return str(Path(data_root).resolve()) if data_root else ""


def stage_and_execute(ed: Edition, data_root, out_root: Path, name: str, jobs, report) -> Path:
    """Lay out the book's sources in ``<out_root>/.staging-<name>`` and put the executed notebooks in it."""
    stage = out_root / f".staging-{name}"
    stage_sources(ed, stage)
    report(f"执行笔记本（{ed.year} 年，papermill）：")
    run_notebooks(ed, stage / "book" / "generated", NotebookCache(out_root / ".cache"),
                  data_root_parameter(data_root), jobs, report)
    return stage


def build(year: int, data_root: str | Path | None = None, out_root: Path = paths.BUILD,
          jobs: int | None = None, force: bool = False, report=print) -> Path:
    """Build one edition into ``<out_root>/<year>/html``; skip the work when no input changed."""
    started = time.perf_counter()
    ed = Edition(year, data_root)  # raises UnknownYear or DataError before anything runs
    report(f"数据校验通过：{ed.dir}（{len(ed.tables)} 个文件）")
    out_root = Path(out_root)
    edition_dir = out_root / str(year)
    inputs = edition_inputs(ed, data_root_parameter(data_root))
    stamp = edition_dir / ".inputs"
    if not force and stamp.exists() and stamp.read_text() == inputs and (edition_dir / "html" / "index.html").exists():
        report(f"输入未变，{edition_dir / 'html'} 已是最新（{time.perf_counter() - started:.1f} s）")
        return edition_dir / "html"
    stage = stage_and_execute(ed, data_root, out_root, str(year), jobs, report)
    report("Jupyter Book 构建 HTML …")
    html = jupyter_book(stage)
    replace_dir(html, edition_dir / "html")
    replace_dir(stage / "book" / "generated", edition_dir / "notebooks")
    stamp.write_text(inputs)
    (edition_dir / "edition.json").write_text(json.dumps({"year": ed.year, "title": ed.meta["book_title"]},
                                                         ensure_ascii=False), encoding="utf-8")
    write_editions_index(out_root)
    shutil.rmtree(stage)
    report(f"完成：{edition_dir / 'html' / 'index.html'}（{time.perf_counter() - started:.1f} s）")
    return edition_dir / "html"
