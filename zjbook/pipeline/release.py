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

from .. import languages, paths
from ..data import review, translation
from ..data.edition import Edition
from ..wording import wording
from ..wording.dictionary import dictionary
from .build import BuildError, build, parse_languages, write_editions_index


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
        lines.append(
            f"{file}：{len(entries)} 行沿用上一版的文字尚未核对；核对后运行 make confirm YEAR={year} FILE={file}"
            f"（或逐行加 KEY=…，清单见草稿的审阅页）"
        )
    for w in status.unacknowledged:
        lines.append(f"警告未确认：{w.where}：{w.message}；核对后运行 {review.confirm_command(year, warning=w.code)}")
    for p in status.state.problems:
        lines.append(f"{p.where}：{p.message}" + (f"。修改：{p.fix}" if p.fix else ""))
    return lines


def untranslated_reasons(ed: Edition, langs) -> list[str]:
    """One line per text without a version in each of ``langs`` other than Chinese."""
    lines = []
    for lang in langs:
        language = languages.get(lang)
        if language.is_source:
            continue
        gaps = translation.missing(ed.dir, dict(ed.tables), lang)
        lines += [f"{language.name_zh}版缺少译文：{p.where}：{p.message}；{p.fix}" for p in gaps]
        lines += [
            f"{language.name_zh}版的措辞缺少 {key}：在 zjbook/wording/{lang}/ 中补上（现在沿用 "
            f"{'、'.join(language.fallback)} 的措辞）"
            for key in wording(lang).missing()
        ]
        lines += [
            f"{language.name_zh}版的数据字典缺少 dictionary.{key}：在 zjbook/wording/{lang}/dictionary.toml 中补上"
            for key in dictionary(lang).gaps()
        ]
    return lines


def complete_languages(ed: Edition, langs) -> list[str]:
    """Those of ``langs`` that have nothing left to translate (the source language always)."""
    return [lang for lang in langs if not untranslated_reasons(ed, (lang,))]


def release(
    year: int,
    data_root: str | Path | None = None,
    out_root: Path = paths.BUILD,
    jobs: int | None = None,
    force: bool = False,
    report=print,
    langs: str | tuple | None = None,
) -> Path:
    """Build the edition like ``make book``, but only when nothing is left to review or to translate
    (``langs="zh"`` releases the Chinese edition alone)."""
    langs = parse_languages(langs)
    ed = Edition(year, data_root)
    draft, untranslated = reasons(ed), untranslated_reasons(ed, langs)
    refused = draft + untranslated
    if refused:
        head = (
            f"{year} 年版仍是草稿，不能发布（{len(refused)} 项）："
            if draft
            else f"{year} 年版的译文尚不齐全，不能发布（{len(refused)} 项）："
        )
        whole = ",".join(complete_languages(ed, langs) or [languages.SOURCE])
        tail = [f"只发布已译齐的语言：make release YEAR={year} LANGS={whole}"] if untranslated and not draft else []
        raise ReleaseRefused("\n".join([head] + refused + tail))
    # a language this release leaves out stays only as last released: a draft of it is dropped
    return build(
        year, data_root, out_root=out_root, jobs=jobs, force=force, report=report, langs=langs, final_only=True
    )


def books(
    data_root: str | Path | None = None,
    out_root: Path = paths.BUILD,
    jobs: int | None = None,
    force: bool = False,
    report=print,
    langs: str | None = None,
) -> list[Path]:
    """Build every edition under the data root (unchanged ones are skipped by the cache), then the index.

    A year that fails is reported and the others are still built; the error names every failed year."""
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
