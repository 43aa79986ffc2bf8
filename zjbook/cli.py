"""The book's command line: ``python -m zjbook {validate,build,ensure-font} …``.

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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m zjbook", description="张江示范区与区县创新：数据分析书的构建工具")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("validate", help="校验 data/<year>/ 的全部 CSV 文件")
    p.add_argument("--year", type=_year, default=paths.DEFAULT_YEAR)
    p.add_argument("--data-root", default=None, help="数据根目录（默认 data/）")

    p = sub.add_parser("normalize", help="把 data/<year>/ 的 CSV 改写为规范格式（UTF-8、LF、半角数字），全部成功才写入")
    p.add_argument("--year", type=_year, default=paths.DEFAULT_YEAR)
    p.add_argument("--data-root", default=None, help="数据根目录（默认 data/）")

    p = sub.add_parser("build", help="校验数据、执行笔记本并构建 HTML 到 _build/<year>/html/")
    p.add_argument("--year", type=_year, default=paths.DEFAULT_YEAR)
    p.add_argument("--data-root", default=None, help="数据根目录（默认 data/）")
    p.add_argument("--out", default=str(paths.BUILD), help="输出根目录（默认 _build/）")
    p.add_argument("--jobs", type=int, default=None, help="同时执行的笔记本数（默认等于 CPU 核数）")
    p.add_argument("--force", action="store_true", help="即使输入未变也重新构建（笔记本仍可取自缓存）")

    p = sub.add_parser("pdf", help="构建整本书的 A4 PDF 到 _build/<year>/pdf/")
    p.add_argument("--year", type=_year, default=paths.DEFAULT_YEAR)
    p.add_argument("--data-root", default=None, help="数据根目录（默认 data/）")
    p.add_argument("--out", default=str(paths.BUILD), help="输出根目录（默认 _build/）")

    p = sub.add_parser("screenshots", help="为 _build/<year>/html 的每一页截图到 _build/<year>/screenshots/")
    p.add_argument("--year", type=_year, default=paths.DEFAULT_YEAR)

    sub.add_parser("ensure-browser", help="确保 /usr/bin/chromium 可用（Debian 且为 root 时自动安装）")

    p = sub.add_parser("new-year", help="由已有年份复制出新年份的数据文件夹，数字清空待填")
    p.add_argument("--year", type=_year, required=True)
    p.add_argument("--from", dest="source", type=_year, default=paths.DEFAULT_YEAR)
    p.add_argument("--data-root", default=None, help="数据根目录（默认 data/）")

    p = sub.add_parser("bench", help="测量构建耗时（冷构建、无变化重建、改一个文件后重建、对照 jupyter-book force）")
    p.add_argument("--year", type=_year, default=paths.DEFAULT_YEAR)
    p.add_argument("--runs", type=int, default=3)

    sub.add_parser("ensure-font", help="确保中文字体 Noto Sans CJK SC 可用（Debian 且为 root 时自动安装）")

    args = parser.parse_args(argv)
    from .site.browser import BrowserMissing
    from .pipeline.build import BuildError
    from .data.edition import Edition, UnknownYear
    from .data.newyear import NewYearError
    from .render.style import FontMissing
    from .data.validate import DataError
    from .data.csvfile import NormalizeError

    try:
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
            from .render.fonts import ensure_font
            ensure_font()
            build(args.year, args.data_root, out_root=args.out, jobs=args.jobs, force=args.force)
        elif args.command == "pdf":
            from .render.fonts import ensure_font
            from .site.pdf import build_pdf
            ensure_font()
            build_pdf(args.year, args.data_root, out_root=args.out)
        elif args.command == "screenshots":
            from .site.review import screenshots
            screenshots(args.year)
        elif args.command == "ensure-browser":
            from .site.browser import ensure_chromium
            ensure_chromium()
        elif args.command == "new-year":
            from .data.newyear import new_year
            print("\n".join(new_year(args.year, args.source, args.data_root)))
        elif args.command == "bench":
            from .pipeline.bench import bench
            bench(args.year, args.runs)
        elif args.command == "ensure-font":
            from .render.fonts import ensure_font
            ensure_font()
    except (DataError, UnknownYear, FontMissing, BuildError, NewYearError, BrowserMissing, NormalizeError,
            FileNotFoundError) as e:
        print(e, file=sys.stderr)
        return 1
    return 0


def _validate(year: int, data_root) -> int:
    """Print every problem of the year's data (errors to stderr); 1 if any is an error."""
    from .data.edition import Edition
    from .data.validate import check_year, format_problems
    folder = paths.data_dir(year, data_root)
    if not folder.is_dir():
        Edition(year, data_root)  # raises UnknownYear naming the years there are
    result = check_year(folder)
    if result.errors:
        print(format_problems(result.errors, result.warnings), file=sys.stderr)
        return 1
    if result.warnings:
        print(format_problems([], result.warnings))
    print(f"数据校验通过：{folder}（{len(result.tables)} 个文件）")
    return 0
