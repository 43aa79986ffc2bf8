"""The book's command line: ``python -m zjbook {validate,build,new-year,extract,workbook,confirm,release,books,…} …``.

- One function a command (``cmd_<name>``), registered by :func:`command` with its name, help and
  options; :func:`build_parser` makes an argparse sub-parser of each (``set_defaults(handler=…)``).
- :func:`main` is the one place that turns errors into exit codes: the errors a user can act on
  (:data:`USER_ERRORS`: bad data, a year without data, a failed build, a held lock, a missing font or
  browser, a refusal …) print their message and exit 1, with no traceback; Ctrl-C prints one line
  and exits 130. Any other exception is a bug and shows its traceback.

argparse rather than Typer: the options, defaults and messages stay exactly as the Makefile, the
README and the tests know them (``--from`` included); Typer would replace argparse's usage errors
and tracebacks with Rich's formatting and add its import to every command's start.

Heavy modules (pandas, matplotlib, Sphinx, Playwright) are imported only inside the commands that use
them, each import marked ``# heavy``: ``validate``, ``new-year`` or ``confirm`` start in a fraction
of the time ``build`` takes to import. For the same reason :data:`USER_ERRORS` names its classes
rather than importing them.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from . import languages, paths
from .data import review, schema
from .data.csvfile import normalize_folder
from .data.extract import extract
from .data.newyear import new_year
from .data.reporttext import read_source
from .pipeline.publishing import BuildInterrupted
from .pipeline.stamp import skip_if_current
from .site.browser import ensure_chromium
from .site.review import screenshots

#: The one line Ctrl-C prints (``__main__`` prints the same while this module is still being imported).
INTERRUPTED = "已中断。"

#: Ctrl-C, and SIGINT or SIGTERM during a build that no build turned into a BuildError.
INTERRUPTIONS = (KeyboardInterrupt, BuildInterrupted)

#: The errors a user can act on, as ``module.Class``: each prints its message and exits 1. An error
#: counts when it is an instance of one of these classes; a class whose module was never imported
#: cannot have been raised, so nothing is imported to check (tests/test_cli.py checks every name resolves).
USER_ERRORS = (
    "zjbook.data.validate.DataError",  # bad data: every problem, one a line
    "zjbook.data.edition.UnknownYear",  # a year without data, naming the years there are
    "zjbook.data.newyear.NewYearError",  # no earlier year, the new one exists, a failure while making it
    "zjbook.data.reporttext.SourceError",  # a report text that cannot be read
    "zjbook.data.workbook.WorkbookError",
    "zjbook.data.review.ReviewError",  # confirm: no such file, key or warning
    "zjbook.data.csvfile.NormalizeError",
    "zjbook.render.style.FontMissing",  # with the command that installs it
    "zjbook.site.browser.BrowserMissing",
    "zjbook.pipeline.build.BuildError",  # a notebook, Jupyter Book or the port failed; an interrupted build
    "zjbook.pipeline.release.ReleaseRefused",
    "zjbook.pipeline.publishing.Busy",  # another build holds the output folder
    "zjbook.pipeline.bench.BenchError",  # a measured build failed, or the preview did not answer
    "zjbook.cli.CommandError",
)


class CommandError(RuntimeError):
    """A command refused for a reason the user can fix, said in one line."""


# --- declaring commands ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Command:
    name: str
    help: str
    options: tuple[Callable[[argparse.ArgumentParser], object], ...]
    handler: Callable[[argparse.Namespace], int | None]
    font: bool  # draws figures: make sure the CJK font is there first


#: Every command, in the order ``--help`` lists them.
COMMANDS: dict[str, Command] = {}


def command(name: str, help: str, *options, font: bool = False):
    """Register the decorated function as the command ``name`` with these options."""

    def register(handler):
        COMMANDS[name] = Command(name, help, options, handler, font)
        return handler

    return register


def option(*flags, **kwargs) -> Callable[[argparse.ArgumentParser], object]:
    return lambda parser: parser.add_argument(*flags, **kwargs)


# --- checking the values given (the Makefile passes each as one argument, exactly as typed) --------------


class Parser(argparse.ArgumentParser):
    """argparse with its usage errors said in one line (what is wrong, and where the options are listed)."""

    def error(self, message: str):
        message = re.sub(r"^argument (\S+): ", r"\1：", message)
        self.exit(2, f"{self.prog}：{message}（选项见 {self.prog} --help）\n")


def _year(value: str) -> int:
    """Four ASCII digits: Arabic-Indic digits, a fifth digit or an option glued on (``--year="YYYY --out x"``) are no year."""
    if not (value.isascii() and value.isdigit() and len(value) == 4):
        raise argparse.ArgumentTypeError(f"年份应为四位数字（如 {paths.DEFAULT_YEAR}），而不是 {value!r}")
    return int(value)


def _port(value: str) -> int:
    if not (value.isascii() and value.isdigit() and 1 <= int(value) <= 65535):
        raise argparse.ArgumentTypeError(f"端口应为 1～65535 的整数，而不是 {value!r}")
    return int(value)


def _jobs(value: str) -> int:
    if not (value.isascii() and value.isdigit() and 1 <= int(value) <= 256):
        raise argparse.ArgumentTypeError(f"进程数应为 1～256 的整数，而不是 {value!r}")
    return int(value)


def _langs(value: str) -> str:
    """Language codes of the registry, separated by commas or spaces (empty: every language)."""
    known = languages.codes()
    unknown = [v for v in value.replace(",", " ").split() if v not in known]
    if unknown or (value.strip() and not value.replace(",", " ").split()):
        raise argparse.ArgumentTypeError(
            f"没有这种语言：{'、'.join(map(repr, unknown or [value]))}（可选：{'、'.join(known)}，以逗号分隔）"
        )
    return value


def out_option(help: str = "输出根目录（默认 _build/）"):
    return option("--out", default=str(paths.BUILD), help=help)


YEAR = option("--year", type=_year, default=paths.DEFAULT_YEAR)
NEW_YEAR = option("--year", type=_year, required=True)
DATA_ROOT = option("--data-root", default=None, help="数据根目录（默认 data/）")
OUT = out_option()
LANGS = option(
    "--langs",
    type=_langs,
    default="",
    help="只构建这些语言，以逗号分隔，如 zh 或 en（默认：全部语言，中文在 html/，英文在 html/en/）",
)
#: The options every command that builds an edition shares.
BUILD = (
    DATA_ROOT,
    OUT,
    option("--jobs", type=_jobs, default=None, help="同时执行的笔记本数（默认等于 CPU 核数）"),
    option("--force", action="store_true", help="即使输入未变也重新构建（笔记本仍可取自缓存）"),
    LANGS,
)


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(prog="python -m zjbook", description="张江示范区与区县创新：数据分析书的构建工具")
    sub = parser.add_subparsers(dest="command", required=True)
    for c in COMMANDS.values():
        p = sub.add_parser(c.name, help=c.help)
        for add in c.options:
            add(p)
        p.set_defaults(handler=c.handler, font=c.font)
    return parser


# --- running them ---------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    """Run one command; the exit code (``--help`` and usage errors exit through argparse)."""
    try:
        args = build_parser().parse_args(argv)
        if args.font:
            _ensure_font()
        return args.handler(args) or 0
    except BaseException as raised:  # noqa: BLE001 - sorted below; anything not known is raised again
        e = interruption_within(raised) or raised
        code = exit_code(e)
        if code is None:
            raise
        print(interruption_line(e) if isinstance(e, INTERRUPTIONS) else e, file=sys.stderr)
        return code


def interruption_within(error: BaseException) -> BaseException | None:
    """The interruption an error was raised in handling, if any: Ctrl-C during an import can surface as another
    exception (Python wraps a KeyboardInterrupt raised in ``__set_name__`` in a RuntimeError)."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        if isinstance(current, INTERRUPTIONS):
            return current
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return None


def interruption_line(error: BaseException) -> str:
    """What an interruption prints: what became of the build when it says, else :data:`INTERRUPTED`."""
    return getattr(error, "detail", "") or INTERRUPTED


def _ensure_font() -> None:
    from .render.fonts import ensure_font  # noqa: PLC0415 — heavy: matplotlib

    ensure_font()


def exit_code(error: BaseException) -> int | None:
    """The exit code for an error the user can act on or an interruption; None for anything else."""
    if isinstance(error, KeyboardInterrupt):
        return 130
    if isinstance(error, BuildInterrupted):
        return 128 + error.signum
    return 1 if is_user_error(error) else None


def is_user_error(error: BaseException) -> bool:
    for name in USER_ERRORS:
        module, _, cls = name.rpartition(".")
        known = getattr(sys.modules.get(module), cls, None)
        if known is not None and isinstance(error, known):
            return True
    return False


def say_ignored(data_root) -> None:
    """What lies under the data root that is no year folder, said once: it is never an edition and never
    changes one (only four ASCII digits name a year: not ``①``, Arabic-Indic digits or a leading zero)."""
    entries = paths.ignored_entries(data_root)
    if entries:
        names = "、".join(paths.shown_name(p.name) + ("/" if p.is_dir() else "") for p in entries)
        root = Path(data_root or paths.DATA)
        print(f"注意：{root} 下的 {names} 不是年份文件夹（年份是四位阿拉伯数字，如 {paths.DEFAULT_YEAR}），已忽略")


def _year_folder(year: int, data_root) -> Path:
    """The year's data folder; a year without one fails as the build does, naming the years there are."""
    folder = paths.data_dir(year, data_root)
    if not folder.is_dir():
        from .data.edition import Edition  # noqa: PLC0415 — heavy: pandas; only to say which years there are

        Edition(year, data_root)  # raises UnknownYear
    return folder


def _print_lines(lines: list[str]) -> None:
    print("\n".join(lines))


# --- the commands ---------------------------------------------------------------------------------


@command("validate", "校验 data/<year>/ 的全部 CSV 文件", YEAR, DATA_ROOT)
def cmd_validate(args) -> int:
    """Print every problem of the year's data (errors to stderr); 1 if any is an error."""
    from .data.validate import check_year, format_problems  # noqa: PLC0415 — heavy: pandas

    say_ignored(args.data_root)
    folder = _year_folder(args.year, args.data_root)
    result = check_year(folder, compare_previous=True)
    acknowledged = review.read(folder).acknowledged()
    pending = [w for w in result.warnings if w.code not in acknowledged]
    done = len(result.warnings) - len(pending)
    if result.errors:
        print(format_problems(result.errors, pending), file=sys.stderr)
        _list_review_problems(folder)
        return 1
    if pending:
        print(format_problems([], pending))
    if done:
        print(f"另有 {done} 条警告已在 review.csv 中确认，不再列出")
    assert result.tables is not None  # no errors: the tables were read
    print(f"数据校验通过：{folder}（{len(result.tables)} 个数据表）")
    _list_review_problems(folder)
    _list_untranslated(folder, result.tables)
    return 0


def _list_review_problems(folder: Path) -> None:
    """review.csv's own problems (a bad status, a missing reason): the book builds as a draft and release refuses
    until they are fixed, so validation says them too, each with its fix. Entries whose data row is gone are no
    problem: one line says how many, and that the next make confirm drops them."""
    state = review.read(folder)
    if state.stale:
        shown = "、".join(f"{e.file} {e.key}" for e in state.stale[:3]) + ("等" if len(state.stale) > 3 else "")
        print(
            f"review.csv 中有 {len(state.stale)} 行的数据行已删去或改了键（{shown}）：它们不影响构建与发布，"
            f"下一次 make confirm 会把它们删去。"
        )
    problems = state.problems
    if problems:
        print(
            f"review.csv 有 {len(problems)} 个问题（改正前 make book 构建草稿，make release 拒绝）：", file=sys.stderr
        )
        print("\n".join(f"  {p}" for p in problems), file=sys.stderr)


def _list_untranslated(folder, tables) -> None:
    """Texts without a version in each other language: the Chinese edition builds regardless; the other
    edition marks them on its pages and ``make release`` refuses until they are translated."""
    from .data.translation import missing, unused  # noqa: PLC0415 — heavy: pandas

    for lang, name in schema.TARGET_LANGUAGES.items():
        gaps = missing(folder, tables, lang)
        if gaps:
            print(
                f"{name}版缺少译文（{len(gaps)} 处；中文版照常构建，{name}版在页面上标出，make release 在补齐前拒绝发布）："
            )
            print("\n".join(f"  {p}" for p in gaps))
        else:
            print(f"{name}译文齐全：每段文字都有{name}版本")
        stale = unused(tables, lang)
        if stale:
            print(
                f"另有 {len(stale)} 行{name}译文不再对应任何文字（原文已改写或删除），可以删去："
                + "；".join(f"{file}：“{zh}”" for file, zh in stale)
            )


@command("normalize", "把 data/<year>/ 的 CSV 改写为规范格式（UTF-8、LF、半角数字），全部成功才写入", YEAR, DATA_ROOT)
def cmd_normalize(args) -> None:
    folder = _year_folder(args.year, args.data_root)
    changes = normalize_folder(folder)
    print("\n".join(changes) if changes else f"{folder} 的文件已是规范格式，未做修改")


@command(
    "build",
    "校验数据、执行笔记本并构建 HTML 到 _build/<year>/html/",
    YEAR,
    *BUILD,
    option("--no-cache", action="store_true", help="不读也不写执行缓存：每个笔记本都重新执行"),
    option("--wait", action="store_true", help="同一年份已有构建在进行时排队等待，而不是拒绝"),
)
def cmd_build(args) -> None:
    say_ignored(args.data_root)
    # nothing changed: said in a fraction of a second, before anything heavy is imported
    if not (args.force or args.no_cache) and skip_if_current(args.year, args.data_root, Path(args.out), args.langs):
        return
    _ensure_font()
    from .pipeline.build import build  # noqa: PLC0415 — heavy: papermill, matplotlib, Sphinx

    build(
        args.year,
        args.data_root,
        out_root=args.out,
        jobs=args.jobs,
        force=args.force,
        use_cache=not args.no_cache,
        wait=args.wait,
        langs=args.langs,
    )


@command("pdf", "构建整本书的 A4 PDF 到 _build/<year>/pdf/（每种语言一个文件）", YEAR, DATA_ROOT, OUT, LANGS, font=True)
def cmd_pdf(args) -> None:
    from .site.pdf import build_pdf  # noqa: PLC0415 — heavy: the build and Playwright

    build_pdf(args.year, args.data_root, out_root=args.out, langs=args.langs)


@command("screenshots", "为 _build/<year>/html 的每一页截图到 _build/<year>/screenshots/", YEAR)
def cmd_screenshots(args) -> None:
    if not (paths.BUILD / str(args.year) / "html" / "index.html").exists():
        raise CommandError(f"还没有构建 {args.year} 年版：先运行 make book YEAR={args.year}")
    screenshots(args.year)


@command("ensure-browser", "确保 /usr/bin/chromium 可用（Debian 且为 root 时自动安装）")
def cmd_ensure_browser(args) -> None:
    ensure_chromium()


@command(
    "new-year",
    "由已有年份复制出新年份的数据文件夹，数字清空待填",
    NEW_YEAR,
    option("--from", dest="source", type=_year, default=paths.DEFAULT_YEAR),
    DATA_ROOT,
)
def cmd_new_year(args) -> None:
    _print_lines(new_year(args.year, args.source, args.data_root))


@command(
    "extract",
    "由报告文本起草新年份的数据文件夹：复制上一年并填入文本中找到的数字",
    NEW_YEAR,
    option("--source", required=True, help="报告第四部分的文本文件（UTF-8 或 GB18030）"),
    option("--from", dest="source_year", type=_year, default=paths.DEFAULT_YEAR),
    DATA_ROOT,
    out_option("核对清单的输出根目录（默认 _build/）"),
)
def cmd_extract(args) -> None:
    _print_lines(extract(args.year, args.source, args.source_year, args.data_root, args.out))


@command(
    "bench",
    "测量构建耗时（冷构建、无变化重建、改一个文件后重建、对照 jupyter-book force）",
    YEAR,
    option("--runs", type=int, default=3),
)
def cmd_bench(args) -> None:
    _year_folder(args.year, None)
    from .pipeline.bench import bench  # noqa: PLC0415 — heavy: the build

    bench(args.year, args.runs)


@command("workbook", "把 data/<year>/ 写成一个 Excel 工作簿 _build/<year>/data-<year>.xlsx", YEAR, DATA_ROOT, OUT)
def cmd_workbook(args) -> None:
    from .data.workbook import write_workbook  # noqa: PLC0415 — heavy: openpyxl, pandas (validation)

    print(f"已写出工作簿：{write_workbook(args.year, args.data_root, args.out)}")


@command(
    "import-workbook",
    "校验 Excel 工作簿并据此一次性替换 data/<year>/ 的 CSV 文件",
    YEAR,
    option("--file", required=True, help="工作簿（.xlsx）路径"),
    DATA_ROOT,
)
def cmd_import_workbook(args) -> None:
    from .data.workbook import import_workbook  # noqa: PLC0415 — heavy: openpyxl, pandas (validation)

    _print_lines(import_workbook(args.year, args.file, args.data_root))


@command(
    "confirm",
    "确认已核对的文字行（一行、一个文件或全部），或确认一条警告",
    NEW_YEAR,
    option("--file", default=None, help="数据文件名，如 themes.csv"),
    option("--key", default=None, help="行的键：键列以 / 连接，如 optimise/1"),
    option("--warning", default=None, help="要确认的警告代码"),
    option("--all", action="store_true", help="确认全部尚未核对的文字行"),
    option("--note", default="", help="记入 review.csv 的说明"),
    option("--keep", default="", help="保留新报告文本没有提到的一行（须同时指定 FILE 与 KEY），写明理由"),
    option(
        "--not-reported",
        default="",
        help="标为本年报告未给出（写明原因）：一行；不指定 KEY 时为文本未提到的全部行，数字文件（FILE=…figures.csv 等）为其中留空的全部数字",
    ),
    option(
        "--source",
        default=None,
        help="新报告的文本：按各行现在的内容重新判断文本是否提到（默认用 make extract 留在 _build/<year>/ 的副本）",
    ),
    DATA_ROOT,
)
def cmd_confirm(args) -> None:
    """One row, a whole file, everything, or one warning; then say what is left."""
    from .data import status  # noqa: PLC0415 — heavy: pandas (validation)

    folder = _year_folder(args.year, args.data_root)
    if args.warning:
        review.acknowledge(folder, args.warning, [w.code for w in status.current_warnings(folder)], args.note)
        print(f"已确认警告 {args.warning}")
    elif args.file or args.all or args.not_reported:  # NOT_REPORTED alone: every row the text does not mention
        text = _report_lines(args.year, folder, args.source)
        result = review.confirm_rows(
            folder,
            None if args.all else args.file,
            args.key,
            args.note,
            args.keep,
            args.not_reported,
            text,
        )
        if result.dropped:
            print(
                f"已从 review.csv 删去 {len(result.dropped)} 行（它们的数据行已删去或改了键）："
                + "、".join(f"{e.file} {e.key}" for e in result.dropped)
            )
        verb = "标为本年未报告" if args.not_reported else "确认"
        for e in result.done:
            where = f"新文本第{e.mentioned}行提到" if e.mentioned.isdigit() else (e.note or "逐行核对")
            print(f"已{verb}：{e.file} {e.key}（{where}）")
        print(f"已{verb} {len(result.done)} 行")
        if result.refused and not result.done:
            raise review.ReviewError(review.refusal(args.year, result, text is not None))
        if result.refused:  # what was confirmed stays confirmed: the rest is a notice, not a failure
            print(review.refusal(args.year, result, text is not None))
    else:
        raise review.ReviewError("请指定 FILE=文件名 [KEY=键]、ALL=1 或 WARNING=警告代码")
    state = status.status(folder)
    print(
        f"{args.year} 年版仍是草稿：{state.summary()}"
        if state.is_draft
        else f"{args.year} 年版已无待核对的内容：可以运行 make release YEAR={args.year}"
    )


def _report_lines(year: int, folder: Path, source: str | None) -> list[str] | None:
    """The new report's text that confirm checks rows against: ``--source``, else the copy extract kept (for a
    folder extract drafted: one whose review.csv records mentions)."""
    if source:
        return read_source(source).splitlines()
    kept = paths.BUILD / str(year) / review.SOURCE_COPY
    drafted = any(r.get("mentioned") for _, r in review.read_table(folder / review.REVIEW_FILE))
    if drafted and kept.is_file():
        print(f"按 {kept}（make extract 时的报告文本）重新核对各行是否被新文本提到")
        return kept.read_text(encoding="utf-8").splitlines()
    return None


@command("release", "与 build 相同，但仍有待核对的文字或待确认的警告时拒绝构建", YEAR, *BUILD, font=True)
def cmd_release(args) -> None:
    from .pipeline.release import release  # noqa: PLC0415 — heavy: the build

    say_ignored(args.data_root)
    release(args.year, args.data_root, out_root=args.out, jobs=args.jobs, force=args.force, langs=args.langs)


@command("books", "构建 data/ 下的全部版本与版本索引（新增或改动任一年份后运行）", *BUILD, font=True)
def cmd_books(args) -> None:
    from .pipeline.release import books  # noqa: PLC0415 — heavy: the build

    say_ignored(args.data_root)
    books(args.data_root, out_root=args.out, jobs=args.jobs, force=args.force, langs=args.langs)


@command(
    "serve",
    "本地实时预览：监视数据、笔记本与页面，改动后只重建受影响的部分并刷新浏览器",
    YEAR,
    option("--port", type=_port, default=8000, help="端口（默认 8000）"),
    DATA_ROOT,
    out_option("输出根目录（默认 _build/；预览写在 <out>/<year>/preview/）"),
    option("--jobs", type=_jobs, default=None, help="常驻的笔记本执行进程数（默认等于 CPU 核数）"),
    option("--lang", type=_langs, default="zh", help="预览的语言：zh（默认）或 en"),
    font=True,
)
def cmd_serve(args) -> None:
    from .pipeline.build import parse_languages  # noqa: PLC0415 — heavy: pandas, matplotlib, papermill
    from .pipeline.serve import serve  # noqa: PLC0415 — heavy: Starlette, uvicorn, the build

    serve(
        args.year,
        port=args.port,
        data_root=args.data_root,
        out_root=args.out,
        jobs=args.jobs,
        lang=parse_languages(args.lang)[0],
    )


@command("ensure-font", "确保中文字体 Noto Sans CJK SC 可用（Debian 且为 root 时自动安装）", font=True)
def cmd_ensure_font(args) -> None:
    """Nothing more: :func:`main` makes sure of the font before every command declared with ``font=True``."""
