"""Build one edition: validate → execute notebooks → Jupyter Book → ``_build/<year>/html``.

Everything happens in a staging folder; the previous edition of that year is replaced only
when the whole build succeeded, so a failed build leaves the last good edition untouched.
"""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import yaml

from . import paths
from .edition import Edition
from .execute import execute_all


class BuildError(RuntimeError):
    """A build step failed; the message is one line."""


def substitutions(ed: Edition) -> dict[str, str]:
    """Values hand-written pages may use as ``{{ name }}``: edition facts and every figure as printed."""
    subs = {f"edition_{k}": str(v) for k, v in ed.meta.items()}
    for file in ed.figure_files():
        for fig in ed.figures(file):
            subs[f"fig_{fig.id}"] = fig.text
            if fig.has_growth:
                subs[f"growth_{fig.id}"] = fig.growth_text
    subs["edition_source_line"] = ed.source_line()
    return subs


def write_config(ed: Edition, stage: Path) -> None:
    config = yaml.safe_load((paths.ROOT / "_config.yml").read_text(encoding="utf-8"))
    config["title"] = ed.meta["book_title"]
    config.setdefault("parse", {})["myst_substitutions"] = substitutions(ed)
    (stage / "_config.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")


def stage_sources(ed: Edition, stage: Path) -> None:
    if stage.exists():
        shutil.rmtree(stage)
    shutil.copytree(paths.BOOK, stage / "book", ignore=shutil.ignore_patterns("generated", ".*"))
    shutil.copy2(paths.ROOT / "_toc.yml", stage / "_toc.yml")
    write_config(ed, stage)


def jupyter_book(stage: Path, builder: str = "html") -> Path:
    """Run ``jupyter-book build --all -W -n --keep-going``; return the output folder."""
    exe = Path(sys.executable).with_name("jupyter-book")
    cmd = [str(exe), "build", "--all", str(stage), "--path-output", str(stage), "-W", "-n", "--keep-going",
           "--builder", builder]
    proc = subprocess.run(cmd, capture_output=True, text=True)
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


def build(year: int, data_root: str | Path | None = None, out_root: Path = paths.BUILD,
          jobs: int | None = None, report=print) -> Path:
    started = time.perf_counter()
    ed = Edition(year, data_root)  # raises UnknownYear or DataError before anything runs
    report(f"数据校验通过：{ed.dir}（{len(ed.tables)} 个文件）")
    out_root = Path(out_root)
    stage = out_root / f".staging-{year}"
    stage_sources(ed, stage)
    report(f"执行笔记本（{year} 年，papermill）：")
    params = {"year": year, "data_root": str(Path(data_root).resolve()) if data_root else ""}
    runs = execute_all(stage / "book" / "generated", params, report=report)
    failed = [r for r in runs if r.error]
    if failed:
        raise BuildError(f"笔记本 {failed[0].notebook} 执行失败：{failed[0].error}")
    report("Jupyter Book 构建 HTML …")
    html = jupyter_book(stage)
    edition_dir = out_root / str(year)
    replace_dir(html, edition_dir / "html")
    replace_dir(stage / "book" / "generated", edition_dir / "notebooks")
    shutil.rmtree(stage)
    report(f"完成：{edition_dir / 'html' / 'index.html'}（{time.perf_counter() - started:.1f} s）")
    return edition_dir / "html"
