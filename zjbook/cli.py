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

    p = sub.add_parser("build", help="校验数据、执行笔记本并构建 HTML 到 _build/<year>/html/")
    p.add_argument("--year", type=_year, default=paths.DEFAULT_YEAR)
    p.add_argument("--data-root", default=None, help="数据根目录（默认 data/）")
    p.add_argument("--out", default=str(paths.BUILD), help="输出根目录（默认 _build/）")
    p.add_argument("--jobs", type=int, default=None, help="同时执行的笔记本数（默认等于 CPU 核数）")
    p.add_argument("--force", action="store_true", help="即使输入未变也重新构建（笔记本仍可取自缓存）")
    p.add_argument("--no-cache", action="store_true", help="不读也不写执行缓存：每个笔记本都重新执行")
    p.add_argument("--wait", action="store_true", help="同一年份已有构建在进行时排队等待，而不是拒绝")

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

    p = sub.add_parser("serve", help="本地实时预览：监视数据、笔记本与页面，改动后只重建受影响的部分并刷新浏览器")
    p.add_argument("--year", type=_year, default=paths.DEFAULT_YEAR)
    p.add_argument("--port", type=int, default=8000, help="端口（默认 8000）")
    p.add_argument("--data-root", default=None, help="数据根目录（默认 data/）")
    p.add_argument("--out", default=str(paths.BUILD), help="输出根目录（默认 _build/；预览写在 <out>/<year>/preview/）")
    p.add_argument("--jobs", type=int, default=None, help="常驻的笔记本执行进程数（默认等于 CPU 核数）")

    sub.add_parser("ensure-font", help="确保中文字体 Noto Sans CJK SC 可用（Debian 且为 root 时自动安装）")

    args = parser.parse_args(argv)
    from .pipeline.publishing import Busy
    from .site.browser import BrowserMissing
    from .pipeline.build import BuildError
    from .data.edition import Edition, UnknownYear
    from .data.newyear import NewYearError
    from .render.style import FontMissing
    from .data.validate import DataError

    try:
        if args.command == "validate":
            ed = Edition(args.year, args.data_root)
            print(f"数据校验通过：{ed.dir}（{len(ed.tables)} 个文件）")
        elif args.command == "build":
            from .pipeline.build import build
            from .render.fonts import ensure_font
            ensure_font()
            build(args.year, args.data_root, out_root=args.out, jobs=args.jobs, force=args.force,
                  use_cache=not args.no_cache, wait=args.wait)
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
        elif args.command == "serve":
            from .pipeline.serve import serve
            from .render.fonts import ensure_font
            ensure_font()
            serve(args.year, port=args.port, data_root=args.data_root, out_root=args.out, jobs=args.jobs)
        elif args.command == "ensure-font":
            from .render.fonts import ensure_font
            ensure_font()
    except (DataError, UnknownYear, FontMissing, BuildError, NewYearError, BrowserMissing, FileNotFoundError, Busy) as e:
        print(e, file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("已中断。", file=sys.stderr)
        return 130
    return 0
