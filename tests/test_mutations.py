"""Data that passes validation never makes a notebook fail.

Starting from data/2014, one thing is changed at a time: each optional cell blanked, each number set to 0,
each growth rate made negative (or blanked with its qualifier), and each table cut to its smallest valid
form. Tables of text rows are changed in their first row and in each column as a whole (all rows at
once); figure tables cell by cell. Mutations that validation refuses (:data:`REFUSED`) must be refused with
the expected message; for the rest, the code cells of every notebook that
reads the mutated file are executed in-process, exactly as written, with the mutated folder as data.
Figures are laid out (``draw_without_rendering``) instead of written as SVG, to keep the test fast.

A cell that only calls one function on the page (``districts.mentions(page)``) and whose inputs are byte for byte
those of the pristine run is not executed again: its outputs are those the pristine run's execution of it wrote
(see :class:`Taken`). Its inputs are the files it read and those the page was made with, by digest, as the build's
notebook cache keys a page, and the page's state before it. The data appendix reads every file, but its costliest
cell (the districts' mentions, two figures) reads four: most mutations run it once, with the pristine data.
"""

from __future__ import annotations

import copy
import csv
import re
import shutil
import types
from dataclasses import dataclass
from pathlib import Path

import matplotlib
import matplotlib.pyplot
import nbformat
import pytest
from conftest import DATA_2014, UNCHANGED_DIVISIONS
from matplotlib.figure import Figure
from notebook_pages import Notebook as PageNotebook

from zjbook import paths
from zjbook.data import divisions, schema
from zjbook.data.digest import file_digest
from zjbook.data.edition import Edition
from zjbook.data.validate import DataError, validate_year
from zjbook.pipeline.build import substitutions
from zjbook.pipeline.execute import source_notebooks
from zjbook.render.page import voice_for

YEAR = int(DATA_2014.name)
#: Words that only reach a page when a missing or broken number was formatted.
BROKEN = re.compile(r"(?<![A-Za-z])(nan|NaN|inf|None)(?![A-Za-z])")
#: A rise or fall of nothing: a rate that rounds to zero must read as flat.
FALSE_ZERO = re.compile(r"(下降|增长|增加|减少)-?0(\.0)?%")


def _read(path: Path) -> tuple[list[str], list[list[str]]]:
    rows = list(csv.reader(path.read_text(encoding="utf-8-sig").splitlines()))
    return rows[0], rows[1:]


def _write(path: Path, header: list[str], body: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows([header, *body])


@dataclass(frozen=True)
class Mutation:
    file: str
    what: str
    body: tuple[tuple[str, ...], ...]  # the file's data rows after the change

    def __str__(self) -> str:
        return f"{self.file}:{self.what}"


def _with_cells(body: list[list[str]], i: int, changes: dict[int, str]) -> tuple[tuple[str, ...], ...]:
    out = [list(r) for r in body]
    for j, v in changes.items():
        out[i][j] = v
    return tuple(map(tuple, out))


def mutations() -> list[Mutation]:
    out: list[Mutation] = []
    for table in schema.TABLES:
        path = DATA_2014 / table.file
        if not path.exists():
            continue
        header, body = _read(path)
        col = {name: header.index(name) for name in header}
        figures = "growth_pct" in col
        for i, row in enumerate(body):
            if not figures and i > 0:
                continue  # lists of text: their first row, and each column as a whole below
            rid = "/".join(row[col[k]] for k in table.key)
            for c in table.columns:
                j, cell = col[c.name], row[col[c.name]]
                if not c.required and cell and c.name != "growth_qualifier":
                    changes = {j: ""}
                    if c.name == "growth_pct":  # a rate and its qualifier go together
                        changes[col["growth_qualifier"]] = ""
                    out.append(Mutation(table.file, f"{rid}:{c.name}=blank", _with_cells(body, i, changes)))
                if c.kind in ("number", "int") and cell and float(cell) != 0:
                    out.append(Mutation(table.file, f"{rid}:{c.name}=0", _with_cells(body, i, {j: "0"})))
                if c.name == "growth_pct" and cell:
                    bounds = ("-0.04", "-100") if i == 0 else ()  # boundaries once per table; a fall everywhere
                    for v in (f"{-abs(float(cell)):g}", *bounds):
                        out.append(Mutation(table.file, f"{rid}:growth_pct={v}", _with_cells(body, i, {j: v})))
        if not figures and len(body) > 2:
            for c in table.columns:
                j = col[c.name]
                if not c.required and any(r[j] for r in body):
                    out.append(
                        Mutation(
                            table.file,
                            f"every {c.name}=blank",
                            tuple(tuple("" if k == j else v for k, v in enumerate(r)) for r in body),
                        )
                    )
                if c.kind in ("number", "int"):
                    out.append(
                        Mutation(
                            table.file,
                            f"every {c.name}=0",
                            tuple(tuple("0" if k == j else v for k, v in enumerate(r)) for r in body),
                        )
                    )
        if "growth_pct" in col and any(r[col["growth_pct"]] for r in body):
            blank = [list(r) for r in body]
            for r in blank:
                r[col["growth_pct"]] = r[col["growth_qualifier"]] = ""
            out.append(Mutation(table.file, "every growth rate blank", tuple(map(tuple, blank))))
            equal = [list(r) for r in body]
            for r in equal:
                r[col["growth_pct"]], r[col["growth_qualifier"]] = "5", "exact"
            out.append(Mutation(table.file, "every growth rate equal", tuple(map(tuple, equal))))
        if table.optional or not table.required_keys:
            out.append(Mutation(table.file, "header only", ()))
        else:
            keep = tuple(tuple(r) for r in body if r[col[table.key[0]]] in table.required_keys)
            out.append(Mutation(table.file, "required rows only", keep))
        out.append(Mutation(table.file, "first row only", (tuple(body[0]),)))
    return out


def _shifted_copy(src: Path, dest: Path, year: int) -> None:
    """A pristine copy of the 2014 folder as another year: edition year, months and dates moved (in a data root
    whose divisions never change, so that the copy stays true)."""
    shutil.copytree(src, dest)
    if not (dest.parent / "divisions.csv").exists():
        shutil.copy(UNCHANGED_DIVISIONS, dest.parent / "divisions.csv")
    old = src.name
    for path in dest.glob("*.csv"):
        header, body = _read(path)
        for r in body:
            for j, name in enumerate(header):
                if name in ("period_start", "period_end", "date") and r[j].startswith(old + "-"):
                    r[j] = str(year) + r[j][4:]
                if path.name == "edition.csv" and r[0] == "year" and name == "value":
                    r[j] = str(year)
        _write(path, header, body)


#: A cell that may be taken from the pristine run: one call of a function of an imported module on the page (and
#: on values earlier cells named: ``trends.indicators(page, eds, skipped)``).
ONE_CALL = re.compile(r"\s*(\w+)\.\w+\(page((?:, \w+)*)\)\s*")
#: The page's attributes that are not its state: what it wrote, its read log, and what it was made with (the
#: edition and the language's voice, which its construction reads record).
NOT_STATE = {"outputs", "reads", "edition", "voice", "translator", "numbers", "language", "_emit"}


def page_state(page) -> dict | None:
    """A copy of what a page remembers between cells (its heading level, the names it has given in full …);
    None when a part of it can't be copied or compared by value (the cell is then executed)."""
    state = {k: v for k, v in vars(page).items() if k not in NOT_STATE}
    try:
        copied = copy.deepcopy(state)
    except Exception:  # noqa: BLE001 - an uncopiable state is simply not compared
        return None
    return copied if copied == state else None


def current_digest(page, name: str) -> str | None:
    """The digest ``page`` would record for the read-log entry ``name`` on the data now; None for an entry of
    another kind (a whole folder, the list of years), which is never compared."""
    ed = page.edition
    if name == divisions.FILE:
        return file_digest(divisions.registry_path(ed.data_root))
    year, _, file = name.partition("/")
    if not year.isdigit() or not file or file == "*":
        return None
    if year != str(ed.year):  # another edition's file, as it records it
        return file_digest(ed.data_root / year / file)
    return ed.digests.get(file) or file_digest(ed.dir / file)


def argument(value, page, made: dict[str, str]):
    """A value a cell passes besides the page, as compared between runs: an edition by its year and folder (what
    the cell reads of it is in the page's read log, and its construction read its edition.csv, added to ``made``),
    anything else as a copy; None for a value that can't be compared so (the cell is then executed)."""
    if isinstance(value, Edition):
        if value._reads is not page.reads:  # its reads would not be in the page's log
            return None
        made[f"{value.year}/edition.csv"] = ""  # its digest is filled in where it is compared
        return ("edition", value.year, str(value.dir))
    if isinstance(value, list | tuple):
        parts = [argument(v, page, made) for v in value]
        return None if any(p is None for p in parts) else (type(value).__name__, *parts)
    try:
        copied = copy.deepcopy(value)
    except Exception:  # noqa: BLE001 - as in page_state
        return None
    return ("value", copied) if copied == value else None


@dataclass
class Taken:
    """One cell's execution on the pristine data: the page's state before it, the read-log entries the cell and
    the page's construction recorded (name → digest), what it wrote, and the page's state after it."""

    before: dict
    reads: dict[str, str]
    outputs: list
    after: dict
    arguments: tuple = ()

    def applies(self, page, arguments: tuple) -> bool:
        """Whether executing the cell now would do what it did on the pristine data: every file it read (and the
        page and the editions it was given were made with) has the same bytes, it was given the same values, and
        the page remembers the same things."""
        return (
            arguments == self.arguments
            and all(current_digest(page, n) == d for n, d in self.reads.items())
            and page_state(page) == self.before
        )

    def replay(self, page) -> None:
        page.outputs.extend(self.outputs)
        for name, digest in self.reads.items():
            page.reads.record(name, digest)
        for key, value in copy.deepcopy(self.after).items():
            setattr(page, key, value)


class Notebook(PageNotebook):
    """A notebook run in-process on the mutated data; ``reads``: the files of the year it read, as recorded by
    its page; ``shown``: what its page wrote on the last run; ``taken``: its cells' pristine executions that a
    run may take (see :class:`Taken`)."""

    def __init__(self, path: Path):
        super().__init__(path)
        self.source = [c.source for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code"]
        self.reads: set[str] = set()
        self.shown: list[str] = []
        self.taken: dict[int, Taken] = {}
        self.replayed = 0  # cells taken from the pristine run, over every run (to show that some are)

    def run(self, data_root: Path, assets: Path, pristine: bool = False):
        """Every code cell, as :meth:`PageNotebook.run` runs them (same parameters); ``pristine``: remember the
        cells that may be taken, otherwise take those whose inputs are the pristine run's."""
        ns: dict = {"__name__": "__notebook__"}
        exec(self.code[0], ns)  # the parameters cell, then the values papermill would inject
        ns.update(year=YEAR, lang="zh", data_root=str(data_root), assets=str(assets))
        made: dict[str, str] = {}  # the read-log entries the page's construction recorded
        for i, code in enumerate(self.code[1:], start=1):
            page = ns.get("page")
            call = ONE_CALL.fullmatch(self.source[i])
            if page is None or not call or not isinstance(ns.get(call.group(1)), types.ModuleType):
                exec(code, ns)
                if page is None and "page" in ns:
                    made = dict(ns["page"].reads.entries)
                continue
            given = dict(made)
            arguments = tuple(argument(ns.get(name), page, given) for name in call.group(2).split(", ")[1:])
            given = {n: d or current_digest(page, n) or "" for n, d in given.items()}
            if None in arguments or "" in given.values():
                exec(code, ns)
                continue
            if not pristine and i in self.taken and self.taken[i].applies(page, arguments):
                self.taken[i].replay(page)
                self.replayed += 1
                continue
            before, read = page_state(page), given
            log = page.reads
            log.record = lambda name, digest, _record=log.record: (
                read.__setitem__(name, digest),
                _record(name, digest),
            )
            try:
                start = len(page.outputs)
                exec(code, ns)
            finally:
                del log.record
            after = page_state(page)
            if pristine and before is not None and after is not None:
                self.taken[i] = Taken(before, read, page.outputs[start:], after, arguments)
        page = ns["page"]
        self.shown = [o.markdown for o in page.outputs]
        # "<year>/<file>" entries; "*" (the list of years) and "<year>/*" (a whole folder) name no file
        self.reads = {name.split("/", 1)[1] for name in page.reads.names() if name.startswith(f"{YEAR}/")} - {"*"}
        return page


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """A data root with the year to mutate before a pristine edition (the comparison divides by its values),
    every notebook compiled and the files each reads on the pristine data."""
    root = tmp_path_factory.mktemp("mutations") / "data"
    shutil.copytree(DATA_2014, root / str(YEAR))
    _shifted_copy(DATA_2014, root / str(YEAR + 1), YEAR + 1)
    assets = root.parent / "assets"
    matplotlib.use("Agg")
    mp = pytest.MonkeyPatch()
    try:  # undone whatever happens: other tests must get the real savefig back
        mp.setattr(Figure, "savefig", lambda self, *a, **k: self.draw_without_rendering())
        notebooks = [Notebook(p) for p in source_notebooks()]
        for nb in notebooks:
            nb.run(root, assets, pristine=True)
        yield root / str(YEAR), notebooks, assets
    finally:
        mp.undo()


MUTATIONS = mutations()
#: The mutations validation refuses, each with the number of errors and the first error's line exactly as
#: printed: a change the data contract forbids (an order of 0, a part larger than its whole, a required row
#: gone) or that leaves references dangling in other files. Every other mutation must pass validation.
REFUSED = {
    "edition.csv:first row only": (
        1,
        "错误：edition.csv 列 key：缺少必需的行：key = report, part, part_title, book_title, book_subtitle, data_as_of。修改：加入这些行（可从上一年的文件复制行，再填入本年的数字）",
    ),
    "zhangjiang_indicators.csv:first row only": (
        1,
        "错误：zhangjiang_indicators.csv 列 id：缺少必需的行：id = zj_industrial_output, zj_export, zj_net_profit。修改：加入这些行（可从上一年的文件复制行，再填入本年的数字）",
    ),
    "zhangjiang_structure.csv:zj_subparks:value=0": (
        1,
        "错误：zhangjiang_structure.csv 第5行 列 value：组成部分 4 大于整体 zj_subparks 的 0。修改：检查两者的数值与单位：组成部分不能大于整体",
    ),
    "zhangjiang_structure.csv:first row only": (
        1,
        "错误：zhangjiang_structure.csv 列 id：缺少必需的行：id = zj_subparks, zj_districts_covered。修改：加入这些行（可从上一年的文件复制行，再填入本年的数字）",
    ),
    "zhangjiang_resources.csv:first row only": (
        1,
        "错误：zhangjiang_resources.csv 列 id：缺少必需的行：id = zj_res_key_labs, zj_res_eng_tech_centres, zj_res_mnc_rnd, zj_res_enterprise_tech_centres, zj_res_hightech_firms, zj_res_incubators, zj_res_eng_labs, zj_res_eng_research_centres。修改：加入这些行（可从上一年的文件复制行，再填入本年的数字）",
    ),
    "zizhu_figures.csv:zz_patents:value=0": (
        1,
        "错误：zizhu_figures.csv 第5行 列 value：组成部分 6,560 大于整体 zz_patents 的 0。修改：检查两者的数值与单位：组成部分不能大于整体",
    ),
    "zizhu_figures.csv:header only": (
        1,
        "错误：events.csv 第3行 列 figure_id：引用的数字“zz_forum_attendance”不在任何数字表中（已删去或改了 id）。修改：清空 figure_id，或改为现有数字的 id，或在数字表中补回 id 为 zz_forum_attendance 的行",
    ),
    "zizhu_figures.csv:first row only": (
        1,
        "错误：events.csv 第3行 列 figure_id：引用的数字“zz_forum_attendance”不在任何数字表中（已删去或改了 id）。修改：清空 figure_id，或改为现有数字的 id，或在数字表中补回 id 为 zz_forum_attendance 的行",
    ),
    "district_figures.csv:header only": (
        3,
        "错误：district_actions.csv 第9行 列 figure_id：引用的数字“pd_platform_clusters”不在任何数字表中（已删去或改了 id）。修改：清空 figure_id，或改为现有数字的 id，或在数字表中补回 id 为 pd_platform_clusters 的行",
    ),
    "district_figures.csv:first row only": (
        2,
        "错误：district_actions.csv 第9行 列 figure_id：引用的数字“pd_platform_clusters”不在任何数字表中（已删去或改了 id）。修改：清空 figure_id，或改为现有数字的 id，或在数字表中补回 id 为 pd_platform_clusters 的行",
    ),
    "districts.csv:header only": (1, "错误：districts.csv：没有数据行。修改：按报告填写数据行"),
    "districts.csv:first row only": (
        92,  # with the divisions in force the file must list (data/divisions.csv)
        "错误：district_figures.csv 第2行 列 subject：未知的区县“闸北区”（不在districts.csv 的 district中）。修改：可用：黄浦区",
    ),
    "themes.csv:optimise:order=0": (1, "错误：themes.csv 第2行 列 order：0 小于下限 1。修改：填写不小于 1 的数"),
    "themes.csv:every order=0": (7, "错误：themes.csv 第2行 列 order：0 小于下限 1。修改：填写不小于 1 的数"),
    "themes.csv:header only": (
        45,
        "错误：theme_measures.csv 第2行 列 theme_id：未知的引用“optimise”（不在themes.csv 的 theme_id中）。修改：填写themes.csv 的 theme_id中已有的值",
    ),
    "themes.csv:first row only": (
        40,
        "错误：theme_measures.csv 第7行 列 theme_id：未知的引用“ecosystem”（不在themes.csv 的 theme_id中）。修改：可用：optimise",
    ),
    "theme_measures.csv:optimise/1:order=0": (
        1,
        "错误：theme_measures.csv 第2行 列 order：0 小于下限 1。修改：填写不小于 1 的数",
    ),
    "theme_measures.csv:every order=0": (
        14,
        "错误：theme_measures.csv 第2行 列 order：0 小于下限 1。修改：填写不小于 1 的数",
    ),
    "district_actions.csv:structure/1:order=0": (
        1,
        "错误：district_actions.csv 第2行 列 order：0 小于下限 1。修改：填写不小于 1 的数",
    ),
    "district_actions.csv:every order=0": (
        25,
        "错误：district_actions.csv 第2行 列 order：0 小于下限 1。修改：填写不小于 1 的数",
    ),
    "cases.csv:header only": (
        61,
        "错误：case_items.csv 第2行 列 case_id：未知的引用“lingang”（不在cases.csv 的 case_id中）。修改：填写cases.csv 的 case_id中已有的值",
    ),
    "cases.csv:first row only": (
        52,
        "错误：case_items.csv 第11行 列 case_id：未知的引用“taopu”（不在cases.csv 的 case_id中）。修改：可用：lingang",
    ),
    "events.csv:every detail=blank": (
        1,
        "错误：corrections.csv 第3行 列 printed：“SQL Server支付平台”在数据中找不到。修改：存疑的写法照原文保留在数据中；不适用于本年的行删去",
    ),
    "events.csv:first row only": (
        1,
        "错误：corrections.csv 第3行 列 printed：“SQL Server支付平台”在数据中找不到。修改：存疑的写法照原文保留在数据中；不适用于本年的行删去",
    ),
    "corrections.csv:国家试听产业基地:corrected=blank": (
        1,
        "错误：corrections.csv 第2行 列 corrected：已改正的“国家试听产业基地”没有写出改正后的写法。修改：填写数据中采用的写法",
    ),
}
#: Every ``{{ name }}`` the hand-written pages use: each must be defined for any valid data.
PAGE_NAMES = {
    n for page in paths.BOOK.glob("*.md") for n in re.findall(r"{{\s*(\w+)\s*}}", page.read_text(encoding="utf-8"))
}


def test_the_mutations_cover_every_kind_of_change():
    kinds = {m.what.split("=")[-1] if "=" in m.what else m.what for m in MUTATIONS}
    assert {"blank", "0", "-100", "-0.04", "header only", "required rows only", "every growth rate blank"} <= kinds
    assert len({m.file for m in MUTATIONS}) == len(list(DATA_2014.glob("*.csv")))


def test_every_refused_mutation_is_still_made():
    assert set(REFUSED) <= {str(m) for m in MUTATIONS}


def test_every_notebook_reads_data(lab):
    _, notebooks, _ = lab
    assert all(nb.reads for nb in notebooks), [nb.name for nb in notebooks if not nb.reads]


@pytest.mark.parametrize("mutation", MUTATIONS, ids=str)
def test_valid_data_never_breaks_a_notebook(lab, mutation):
    folder, notebooks, assets = lab
    path = folder / mutation.file
    original = path.read_bytes()
    header, _ = _read(path)
    try:
        _write(path, header, [list(r) for r in mutation.body])
        try:
            validate_year(folder)
        except DataError as e:
            assert str(mutation) in REFUSED, f"validation refused {mutation}, which it should accept:\n{e}"
            assert (len(e.problems), str(e.problems[0])) == REFUSED[str(mutation)]
            assert str(e).splitlines()[1].strip() == REFUSED[str(mutation)][1]  # as the command line prints it
            return
        assert str(mutation) not in REFUSED, f"validation accepted {mutation}"
        ed = Edition(YEAR, folder.parent)
        missing = PAGE_NAMES - set(substitutions(ed, voice_for(ed, "zh")))
        assert not missing, f"hand-written pages use undefined {sorted(missing)} on {mutation}"
        affected = [nb for nb in notebooks if mutation.file in nb.reads]
        assert affected, f"no notebook reads {mutation.file}"
        for nb in affected:
            try:
                nb.run(folder.parent, assets)
            except Exception as e:  # noqa: BLE001 - any exception is the failure being tested
                pytest.fail(f"{nb.name} failed on {mutation}: {type(e).__name__}: {e}")
            broken = [s for s in nb.shown if BROKEN.search(s) or FALSE_ZERO.search(s)]
            assert not broken, f"{nb.name} printed a missing number on {mutation}: {broken[0][:200]}"
    finally:
        path.write_bytes(original)
        matplotlib.pyplot.close("all")


# --- what the commentary says about the changes above -------------------------------------------


def _paragraphs(folder: Path) -> str:
    """What the headline indicators' section, the overview's main points and the comparison page say, on the data
    of ``folder`` (the net margin is the body's, as a conditional: editors 87–90)."""
    from notebook_pages import paragraphs, plain, section

    from zjbook.render.chapters import trends as trend_pages
    from zjbook.render.chapters import zhangjiang
    from zjbook.render.page import Page
    from zjbook.sections import trends

    headline = Page.in_memory(int(folder.name), "zh", folder.parent)
    zhangjiang.headline(headline)
    comparison = Page.in_memory(int(folder.name), "zh", folder.parent)
    trend_pages.indicators(comparison, *trends.editions(comparison.edition))
    # the indicators' heading: a range or a count of indicators, or (editors) the fastest and the slowest
    said = section(headline, "指标") or section(headline, "增长最快") or section(headline, "增速最低")
    lead = Page.in_memory(int(folder.name), "zh", folder.parent)
    zhangjiang.overview_lead(lead)
    points = [plain(o.markdown) for o in lead.outputs if "main-points" in o.markdown]
    return "".join(points + said + paragraphs(comparison))


def test_blank_growth_rates_are_said_to_be_missing(data_copy):
    from conftest import set_cell

    header, body = _read(data_copy / "zhangjiang_indicators.csv")
    for r in body:
        r[header.index("growth_pct")] = r[header.index("growth_qualifier")] = ""
    _write(data_copy / "zhangjiang_indicators.csv", header, body)
    text = _paragraphs(data_copy)
    assert "本版次的数据没有给出各指标的同比增长，图中只显示规模。" in text
    set_cell(data_copy / "zhangjiang_indicators.csv", "zj_export", "growth_pct", "4")
    set_cell(data_copy / "zhangjiang_indicators.csv", "zj_export", "growth_qualifier", "exact")
    text = _paragraphs(data_copy)
    assert "出口创汇" in text and "同比增长4.0%" in text and "这几项只显示规模" in text


def test_a_rate_that_rounds_to_zero_reads_flat(data_copy):
    from conftest import set_cell

    set_cell(data_copy / "zhangjiang_indicators.csv", "zj_export", "growth_pct", "-0.04")
    text = _paragraphs(data_copy)
    assert "同比与上年基本持平" in text and not FALSE_ZERO.search(text)
    assert "1项基本持平" in text


def test_a_tiny_value_is_not_called_zero_percent_or_a_total_drop(data_copy):
    """The issue's case: a revenue typed in the wrong magnitude (it passes validation)."""
    from conftest import set_cell

    _shifted_copy(data_copy, data_copy.parent / str(YEAR + 1), YEAR + 1)
    later = data_copy.parent / str(YEAR + 1)
    set_cell(later / "zhangjiang_indicators.csv", "zj_total_revenue", "value", "2.95")
    text = _paragraphs(later)
    # net profit above total revenue: no margin to state, and no false 0%
    assert "净利润率" not in text and not re.search(r"的0(\.0)?%", text)
    assert f"较{YEAR}年版减少超过99.9%" in text and "减少100" not in text
    set_cell(later / "zhangjiang_indicators.csv", "zj_net_profit", "value", "0.001")
    set_cell(later / "zhangjiang_indicators.csv", "zj_total_revenue", "value", "26500")
    text = _paragraphs(later)
    assert "净利润率（净利润与总收入之比）不到0.1%" in text


def test_a_zero_in_the_earlier_edition_is_not_divided_by(data_copy):
    from conftest import set_cell

    _shifted_copy(data_copy, data_copy.parent / str(YEAR + 1), YEAR + 1)
    set_cell(data_copy / "zhangjiang_indicators.csv", "zj_export", "value", "0")
    text = _paragraphs(data_copy.parent / str(YEAR + 1))
    assert f"{YEAR}年版为零，不计算变化率" in text


@pytest.mark.parametrize(
    "name, file, cell",
    [
        ("data_appendix", "zizhu_figures.csv", "districts.mentions(page)"),
        ("comparison", "zhangjiang_resources.csv", "trends.indicators(page, eds, skipped)"),
    ],
)
def test_a_cell_taken_from_the_pristine_run_is_what_executing_it_gives(lab, name, file, cell):
    """A notebook on data one of its cells does not read (the data appendix's mentions, the comparison's
    indicators): that cell is taken from the pristine run, and the page is the one executing every cell writes
    (what it says, what it read, what it remembers)."""
    folder, notebooks, assets = lab
    nb = next(nb for nb in notebooks if nb.name == name)
    mutation = next(m for m in MUTATIONS if m.file == file and str(m) not in REFUSED)
    path = folder / file
    original, pristine = path.read_bytes(), file_digest(path)
    try:
        header, _ = _read(path)
        _write(path, header, [list(r) for r in mutation.body])
        taken = nb.replayed
        page = nb.run(folder.parent, assets)
        # taken: the cells that did not read the changed file (the one named among them), and those alone
        unread = [i for i, t in nb.taken.items() if f"{YEAR}/{file}" not in t.reads]
        assert nb.replayed - taken == len(unread) < len(nb.taken)
        assert any(nb.source[i].strip() == cell for i in unread)
        executed = PageNotebook.run(nb, YEAR, "zh", folder.parent, assets)
        assert executed.reads.entries[f"{YEAR}/{file}"] == file_digest(path) != pristine  # it read the change
        assert [o.markdown for o in page.outputs] == [o.markdown for o in executed.outputs]
        assert [o.metadata for o in page.outputs] == [o.metadata for o in executed.outputs]
        assert page.reads.entries == executed.reads.entries
        assert page_state(page) == page_state(executed) is not None
    finally:
        path.write_bytes(original)
        matplotlib.pyplot.close("all")
