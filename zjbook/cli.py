"""The book's command line: ``python -m zjbook {validate,build,new-year,extract,workbook,confirm,release,books,…} …``.

Errors the user can fix (bad data, a year without data, a missing font, a failed notebook)
print one line and exit 1; no traceback.
"""
from __future__ import annotations

import argparse
import sys

from . import paths


def _year(value: str) -> int:
    if not value.isdigit() or len(value) != 4:
        raise argparse.ArgumentTypeError(f"年份应为四位数字，而不是 {value!r}")
    return int(value)


#: Commands that draw figures: they make sure the CJK font is there first.
NEEDS_FONT = {"build", "pdf", "release", "books", "serve", "ensure-font"}


def _add_year(p, required: bool = False) -> None:
    if required:
        p.add_argument("--year", type=_year, required=True)
    else:
        p.add_argument("--year", type=_year, default=paths.DEFAULT_YEAR)


def _add_data_root(p) -> None:
    p.add_argument("--data-root", default=None, help="数据根目录（默认 data/）")


def _add_out(p, help: str = "输出根目录（默认 _build/）") -> None:
    p.add_argument("--out", default=str(paths.BUILD), help=help)


def _add_build(p) -> None:
    """The options every command that builds an edition shares."""
    _add_data_root(p)
    _add_out(p)
    p.add_argument("--jobs", type=int, default=None, help="同时执行的笔记本数（默认等于 CPU 核数）")
    p.add_argument("--force", action="store_true", help="即使输入未变也重新构建（笔记本仍可取自缓存）")
    _add_langs(p)


def _add_langs(p) -> None:
    p.add_argument("--langs", default="", help="只构建这些语言，以逗号分隔，如 zh 或 en（默认：全部语言，中文在 html/，英文在 html/en/）")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m zjbook", description="张江示范区与区县创新：数据分析书的构建工具")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("validate", help="校验 data/<year>/ 的全部 CSV 文件")
    _add_year(p)
    _add_data_root(p)

    p = sub.add_parser("normalize", help="把 data/<year>/ 的 CSV 改写为规范格式（UTF-8、LF、半角数字），全部成功才写入")
    _add_year(p)
    _add_data_root(p)

    p = sub.add_parser("build", help="校验数据、执行笔记本并构建 HTML 到 _build/<year>/html/")
    _add_year(p)
    _add_build(p)
    p.add_argument("--no-cache", action="store_true", help="不读也不写执行缓存：每个笔记本都重新执行")
    p.add_argument("--wait", action="store_true", help="同一年份已有构建在进行时排队等待，而不是拒绝")

    p = sub.add_parser("pdf", help="构建整本书的 A4 PDF 到 _build/<year>/pdf/（每种语言一个文件）")
    _add_year(p)
    _add_data_root(p)
    _add_out(p)
    _add_langs(p)

    p = sub.add_parser("screenshots", help="为 _build/<year>/html 的每一页截图到 _build/<year>/screenshots/")
    _add_year(p)

    sub.add_parser("ensure-browser", help="确保 /usr/bin/chromium 可用（Debian 且为 root 时自动安装）")

    p = sub.add_parser("new-year", help="由已有年份复制出新年份的数据文件夹，数字清空待填")
    _add_year(p, required=True)
    p.add_argument("--from", dest="source", type=_year, default=paths.DEFAULT_YEAR)
    _add_data_root(p)

    p = sub.add_parser("extract", help="由报告文本起草新年份的数据文件夹：复制上一年并填入文本中找到的数字")
    _add_year(p, required=True)
    p.add_argument("--source", required=True, help="报告第四部分的文本文件（UTF-8 或 GB18030）")
    p.add_argument("--from", dest="source_year", type=_year, default=paths.DEFAULT_YEAR)
    _add_data_root(p)
    _add_out(p, "核对清单的输出根目录（默认 _build/）")

    p = sub.add_parser("bench", help="测量构建耗时（冷构建、无变化重建、改一个文件后重建、对照 jupyter-book force）")
    _add_year(p)
    p.add_argument("--runs", type=int, default=3)

    p = sub.add_parser("workbook", help="把 data/<year>/ 写成一个 Excel 工作簿 _build/<year>/data-<year>.xlsx")
    _add_year(p)
    _add_data_root(p)
    _add_out(p)

    p = sub.add_parser("import-workbook", help="校验 Excel 工作簿并据此一次性替换 data/<year>/ 的 CSV 文件")
    _add_year(p)
    p.add_argument("--file", required=True, help="工作簿（.xlsx）路径")
    _add_data_root(p)

    p = sub.add_parser("confirm", help="确认已核对的文字行（一行、一个文件或全部），或确认一条警告")
    _add_year(p, required=True)
    p.add_argument("--file", default=None, help="数据文件名，如 themes.csv")
    p.add_argument("--key", default=None, help="行的键：键列以 / 连接，如 optimise/1")
    p.add_argument("--warning", default=None, help="要确认的警告代码")
    p.add_argument("--all", action="store_true", help="确认全部尚未核对的文字行")
    p.add_argument("--note", default="", help="记入 review.csv 的说明")
    _add_data_root(p)

    p = sub.add_parser("release", help="与 build 相同，但仍有待核对的文字或待确认的警告时拒绝构建")
    _add_year(p)
    _add_build(p)

    p = sub.add_parser("books", help="构建 data/ 下的全部版本与版本索引（新增或改动任一年份后运行）")
    _add_build(p)

    p = sub.add_parser("serve", help="本地实时预览：监视数据、笔记本与页面，改动后只重建受影响的部分并刷新浏览器")
    _add_year(p)
    p.add_argument("--port", type=int, default=8000, help="端口（默认 8000）")
    _add_data_root(p)
    _add_out(p, "输出根目录（默认 _build/；预览写在 <out>/<year>/preview/）")
    p.add_argument("--jobs", type=int, default=None, help="常驻的笔记本执行进程数（默认等于 CPU 核数）")
    p.add_argument("--lang", default="zh", help="预览的语言：zh（默认）或 en")

    sub.add_parser("ensure-font", help="确保中文字体 Noto Sans CJK SC 可用（Debian 且为 root 时自动安装）")

    args = parser.parse_args(argv)
    from .pipeline.publishing import Busy
    from .site.browser import BrowserMissing
    from .pipeline.build import BuildError
    from .data.edition import Edition, UnknownYear
    from .data.newyear import NewYearError
    from .data.reporttext import SourceError
    from .render.style import FontMissing
    from .data.validate import DataError
    from .data.workbook import WorkbookError
    from .data.review import ReviewError
    from .pipeline.release import ReleaseRefused
    from .data.csvfile import NormalizeError

    try:
        if args.command in NEEDS_FONT:
            from .render.fonts import ensure_font
            ensure_font()
        if args.command == "validate":
            return _validate(args.year, args.data_root)
        elif args.command == "normalize":
            from .data.csvfile import normalize_folder
            folder = paths.data_dir(args.year, args.data_root)
            if not folder.is_dir():
                Edition(args.year, args.data_root)  # raises UnknownYear naming the years there are
            changes = normalize_folder(folder)
            print("\n".join(changes) if changes else f"{folder} 的文件已是规范格式，未做修改")
        elif args.command == "build":
            from .pipeline.build import build
            build(args.year, args.data_root, out_root=args.out, jobs=args.jobs, force=args.force,
                  use_cache=not args.no_cache, wait=args.wait, langs=args.langs)
        elif args.command == "pdf":
            from .site.pdf import build_pdf
            build_pdf(args.year, args.data_root, out_root=args.out, langs=args.langs)
        elif args.command == "screenshots":
            from .site.review import screenshots
            screenshots(args.year)
        elif args.command == "ensure-browser":
            from .site.browser import ensure_chromium
            ensure_chromium()
        elif args.command == "new-year":
            from .data.newyear import new_year
            print("\n".join(new_year(args.year, args.source, args.data_root)))
        elif args.command == "extract":
            from .data.extract import extract
            print("\n".join(extract(args.year, args.source, args.source_year, args.data_root, args.out)))
        elif args.command == "bench":
            from .pipeline.bench import bench
            bench(args.year, args.runs)
        elif args.command == "workbook":
            from .data.workbook import write_workbook
            print(f"已写出工作簿：{write_workbook(args.year, args.data_root, args.out)}")
        elif args.command == "import-workbook":
            from .data.workbook import import_workbook
            print("\n".join(import_workbook(args.year, args.file, args.data_root)))
        elif args.command == "confirm":
            _confirm(args)
        elif args.command == "release":
            from .pipeline.release import release
            release(args.year, args.data_root, out_root=args.out, jobs=args.jobs, force=args.force, langs=args.langs)
        elif args.command == "books":
            from .pipeline.release import books
            books(args.data_root, out_root=args.out, jobs=args.jobs, force=args.force, langs=args.langs)
        elif args.command == "serve":
            from .pipeline.build import parse_languages
            from .pipeline.serve import serve
            serve(args.year, port=args.port, data_root=args.data_root, out_root=args.out, jobs=args.jobs,
                  lang=parse_languages(args.lang)[0])
    except (DataError, UnknownYear, FontMissing, BuildError, NewYearError, BrowserMissing, WorkbookError, SourceError,
            ReviewError, ReleaseRefused, NormalizeError, Busy, FileNotFoundError) as e:
        print(e, file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("已中断。", file=sys.stderr)
        return 130
    return 0


def _confirm(args) -> None:
    """``confirm``: one row, a whole file, everything, or one warning; then say what is left."""
    from .data import review
    from .data.edition import UnknownYear
    folder = paths.data_dir(args.year, args.data_root)
    if not folder.is_dir():
        raise UnknownYear(f"没有 {args.year} 年的数据：缺少文件夹 {folder}")
    if args.warning:
        review.acknowledge(folder, args.warning, [w.code for w in review.current_warnings(folder)], args.note)
        print(f"已确认警告 {args.warning}")
    elif args.file or args.all:
        done = review.confirm(folder, None if args.all else args.file, args.key, args.note)
        print(f"已确认 {done} 行")
    else:
        raise review.ReviewError("请指定 FILE=文件名 [KEY=键]、ALL=1 或 WARNING=警告代码")
    status = review.status(folder)
    left = status.summary()
    print(f"{args.year} 年版仍是草稿：{left}" if status.is_draft else
          f"{args.year} 年版已无待核对的内容：可以运行 make release YEAR={args.year}")


def _validate(year: int, data_root) -> int:
    """Print every problem of the year's data (errors to stderr); 1 if any is an error."""
    from .data.edition import Edition
    from .data import review
    from .data.validate import check_year, format_problems
    folder = paths.data_dir(year, data_root)
    if not folder.is_dir():
        Edition(year, data_root)  # raises UnknownYear naming the years there are
    result = check_year(folder, compare_previous=True)
    acknowledged = review.read(folder).acknowledged()
    pending = [w for w in result.warnings if w.code not in acknowledged]
    done = len(result.warnings) - len(pending)
    if result.errors:
        print(format_problems(result.errors, pending), file=sys.stderr)
        return 1
    if pending:
        print(format_problems([], pending))
    if done:
        print(f"另有 {done} 条警告已在 review.csv 中确认，不再列出")
    print(f"数据校验通过：{folder}（{len(result.tables)} 个数据表）")
    _list_untranslated(folder, result.tables)
    return 0


def _list_untranslated(folder, tables) -> None:
    """Texts without a version in each other language: the Chinese edition builds regardless; the other
    edition marks them on its pages and ``make release`` refuses until they are translated."""
    from .data import schema
    from .data.translation import missing, unused
    for lang, name in schema.TARGET_LANGUAGES.items():
        gaps = missing(folder, tables, lang)
        if gaps:
            print(f"{name}版缺少译文（{len(gaps)} 处；中文版照常构建，{name}版在页面上标出，make release 在补齐前拒绝发布）：")
            print("\n".join(f"  {p}" for p in gaps))
        else:
            print(f"{name}译文齐全：每段文字都有{name}版本")
        stale = unused(tables, lang)
        if stale:
            print(f"另有 {len(stale)} 行{name}译文不再对应任何文字（原文已改写或删除），可以删去：" +
                  "；".join(f"{file}：“{zh}”" for file, zh in stale))
