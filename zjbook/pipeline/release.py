"""Drafts, release and every edition at once.

* An edition with unreviewed text rows, unacknowledged warnings or a faulty ``review.csv`` is a
  draft (:class:`zjbook.data.review.Status`): it builds with a banner, marks and a review page,
  whose content this module words (:func:`review_intro`, :func:`unreviewed_table`, …).
* :func:`release` builds like ``make book`` but refuses a draft, one line per reason.
* :func:`books` builds every edition under the data root, so no edition's comparison page,
  banner or the editions index is left behind after a year is added or changed.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from .. import paths
from ..data import review, schema
from ..data.edition import Edition, record_read


class ReleaseRefused(RuntimeError):
    """The edition is a draft; ``str()`` is one line per reason."""


# --- the checks -----------------------------------------------------------------------------

def reasons(ed: Edition) -> list[str]:
    """Why ``ed`` cannot be released yet, one line each; empty when it can."""
    status, year = ed.status(), ed.year
    lines = []
    by_file: dict[str, list[review.Entry]] = {}
    for e in status.state.unreviewed():
        by_file.setdefault(e.file, []).append(e)
    for file, entries in by_file.items():
        lines.append(f"{file}：{len(entries)} 行沿用上一版的文字尚未核对；核对后运行 make confirm YEAR={year} FILE={file}"
                     f"（或逐行加 KEY=…，清单见草稿的审阅页）")
    for w in status.unacknowledged:
        lines.append(f"警告未确认：{w.where}：{w.message}；核对后运行 {review.confirm_command(year, warning=w.code)}")
    for p in status.state.problems:
        lines.append(f"{p.where}：{p.message}" + (f"。修改：{p.fix}" if p.fix else ""))
    return lines


def untranslated_reasons(ed: Edition, langs) -> list[str]:
    """One line per text without a version in each of ``langs`` other than Chinese."""
    lines = []
    for lang in langs:
        if lang == ed.lang:
            continue
        gaps = Edition(ed.year, ed.data_root, lang).untranslated()
        name = schema.TARGET_LANGUAGES.get(lang, lang)
        lines += [f"{name}版缺少译文：{p.where}：{p.message}；{p.fix}" for p in gaps]
    return lines


def release(year: int, data_root: str | Path | None = None, out_root: Path = paths.BUILD, jobs: int | None = None,
            force: bool = False, report=print, langs: str | tuple | None = None) -> Path:
    """Build the edition like ``make book``, but only when nothing is left to review or to translate
    (``langs="zh"`` releases the Chinese edition alone)."""
    from .build import build, parse_languages
    langs = parse_languages(langs)
    ed = Edition(year, data_root)
    draft, untranslated = reasons(ed), untranslated_reasons(ed, langs)
    refused = draft + untranslated
    if refused:
        head = (f"{year} 年版仍是草稿，不能发布（{len(refused)} 项）：" if draft
                else f"{year} 年版的译文尚不齐全，不能发布（{len(refused)} 项）：")
        tail = [f"只发布中文版：make release YEAR={year} LANGS=zh"] if untranslated and not draft else []
        raise ReleaseRefused("\n".join([head] + refused + tail))
    return build(year, data_root, out_root=out_root, jobs=jobs, force=force, report=report, langs=langs)


def books(data_root: str | Path | None = None, out_root: Path = paths.BUILD, jobs: int | None = None,
          force: bool = False, report=print, langs: str | None = None) -> list[Path]:
    """Build every edition under the data root (unchanged ones are skipped by the cache), then the index.

    A year that fails is reported and the others are still built; the error names every failed year."""
    from .build import BuildError, build, write_editions_index
    years = paths.available_years(data_root)
    if not years:
        raise BuildError(f"{Path(data_root or paths.DATA)} 下没有任何年份的数据")
    built, failed = [], []
    for year in years:
        report(f"== {year} 年版 ==")
        try:
            built.append(build(year, data_root, out_root=out_root, jobs=jobs, force=force, report=report, langs=langs))
        except Exception as e:  # noqa: BLE001 — one year's failure must not stop the others; reported in one line
            report(str(e) or type(e).__name__)  # the whole listing: a data error names every problem
            failed.append(str(year))
    write_editions_index(Path(out_root))
    if failed:
        raise BuildError(f"以下年份未能构建：{'、'.join(failed)}；其余 {len(built)} 个版本已更新")
    return built


# --- the review page (wording) ----------------------------------------------------------------

def record_review_reads(ed: Edition) -> None:
    """The review page depends on every data file (warnings compare with other years): note them all."""
    record_read("*")
    for year in paths.available_years(ed.data_root):
        record_read(f"{year}/*")


def review_intro(ed: Edition) -> list[str]:
    status = ed.status()
    if not status.is_draft:
        return [f"{ed.year} 年版没有待核对的文字，也没有待确认的警告：可以运行 make release YEAR={ed.year} 发布。"]
    return [
        f"{ed.year} 年版是草稿：{status.summary()}。",
        "沿用上一版的文字是由 make new-year 或 make extract 从上一年复制来的行，书中以底色标出；逐行对照新报告核对或改写，"
        "然后运行表中的命令确认（改写过的行同样需要确认）。"
        f"一个文件全部核对完毕，可以用 make confirm YEAR={ed.year} FILE=文件名 一次确认；"
        f"全部核对完毕，可以用 make confirm YEAR={ed.year} ALL=1。",
        "警告是与上一版相比不太合理的数字，可能是录入错误；核对无误后运行表中的命令确认。",
        f"全部确认后运行 make release YEAR={ed.year}：草稿横幅、底色标记与本页随之消失。",
    ]


def unreviewed_table(ed: Edition) -> pd.DataFrame:
    state = ed.review
    rows = []
    for e in state.unreviewed():
        row = state.texts.get((e.file, e.key), {})
        table = schema.TABLES_BY_FILE[e.file]
        text = "；".join(row[c.name] for c in table.columns if c.kind == "text" and row.get(c.name)
                        and c.name not in ("section", "heading"))
        rows.append({"文件": e.file, "键": e.key, "文字": text, "确认命令": review.confirm_command(ed.year, e)})
    return pd.DataFrame(rows, columns=["文件", "键", "文字", "确认命令"])


def warnings_table(ed: Edition) -> pd.DataFrame:
    rows = [{"代码": w.code, "位置": w.where, "内容": w.message + (f"。{w.fix}" if w.fix else ""),
             "确认命令": review.confirm_command(ed.year, warning=w.code)} for w in ed.status().unacknowledged]
    return pd.DataFrame(rows, columns=["代码", "位置", "内容", "确认命令"])


def review_problems(ed: Edition) -> list[str]:
    return [f"{p.where}：{p.message}" + (f"。修改：{p.fix}" if p.fix else "") for p in ed.review.problems]
