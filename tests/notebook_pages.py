"""The notebooks' code run in this process, as papermill would run it, without a kernel or a build: the page a
notebook writes comes back with its outputs in memory (``page.outputs``) and its read log (``page.reads``)."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import nbformat

from zjbook import paths
from zjbook.pipeline import text_metrics
from zjbook.render.chapters import districts as district_pages
from zjbook.render.page import Page

#: Figures of pages written here go to a folder of this process (xdist workers don't share it).
ASSETS = Path(tempfile.mkdtemp(prefix="zjbook-pages-"))

# Pages written here measure each text of their figures once per process, as a build's workers do.
text_metrics.install()


class Notebook:
    """One notebook's code cells, compiled once."""

    def __init__(self, path: Path):
        self.name = path.stem
        cells = [c for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code"]
        self.code = [compile(c.source, f"{path.name}[{i}]", "exec") for i, c in enumerate(cells)]

    def run(self, year: int = 2014, lang: str = "zh", data_root=None, assets: Path | None = None):
        """Run every cell; return the page the notebook wrote."""
        ns = {"__name__": "__notebook__"}
        exec(self.code[0], ns)  # the parameters cell, then the values papermill would inject
        where = f"{year}-{lang}-{abs(hash(str(data_root)))}"  # one folder per edition and language
        ns.update(
            year=year, lang=lang, data_root=str(data_root or ""), assets=str(assets or ASSETS / where / self.name)
        )
        for code in self.code[1:]:
            exec(code, ns)
        return ns["page"]


def notebook(name: str) -> Notebook:
    return Notebook(paths.NOTEBOOKS / f"{name}.ipynb")


#: The original of a glossary name after its first mention on an English page (checked in test_english_edition).
GLOSS = re.compile(r' \(<span lang="zh-CN" class="zh-name">[^<]*</span>\)')


def markdown(page) -> str:
    """Everything the page wrote, as MyST Markdown."""
    return "\n\n".join(o.markdown for o in page.outputs)


def text(page) -> str:
    """What a reader reads of the page: tags and escapes removed, spaces removed."""
    return re.sub(r"\s+", "", plain(markdown(page)))


def prose(page) -> str:
    """The page's text with its spaces kept (for English): tags and escapes removed, runs of space made one."""
    return re.sub(r"\s+", " ", plain(markdown(page)))


def plain(markdown_text: str) -> str:
    """One output's text as a reader reads it: tags, escapes and the glossed originals removed."""
    return re.sub(r"\\(.)", r"\1", re.sub(r"<[^>]+>", "", GLOSS.sub("", markdown_text)))


def paragraphs(page) -> list[str]:
    """The page's paragraphs (not headings, figures, tables, cards or lists), as a reader reads them."""
    return [
        plain(o.markdown)
        for o in page.outputs
        if not o.markdown.startswith(("#", "```", ":::", "::::", "- ", "{download}"))
    ]


def section(page, heading: str) -> list[str]:
    """The paragraphs under the first heading that contains ``heading``, up to the next heading."""
    out, inside = [], False
    for o in page.outputs:
        if o.markdown.startswith("#"):
            if inside:
                break
            inside = heading in plain(o.markdown)
            continue
        if inside and not o.markdown.startswith(("```", ":::", "::::", "- ", "{download}")):
            out.append(plain(o.markdown))
    return out


def cards(page) -> list[list[str]]:
    """Each card (admonition) of the page: its title line and its paragraphs and list items, as read."""
    out = []
    for o in page.outputs:
        if o.markdown.startswith("::::{admonition}"):
            body = o.markdown.split("\n", 2)
            lines = [plain(body[0].removeprefix("::::{admonition} "))]
            for part in body[2].removesuffix("::::").strip().split("\n"):
                if part.strip():
                    lines.append(plain(part.removeprefix("- ")))
            out.append(lines)
    return out


def figure_alts(page) -> dict[str, str]:
    """Each figure's name → its alt text."""
    return {
        m.group(1): m.group(2)
        for o in page.outputs
        for m in [re.search(r":name: fig-(\S+)\n:alt: (.*)\n", o.markdown)]
        if m
    }


# --- parts of pages, written in memory -------------------------------------------------------------


def written(part, lang: str = "zh", year: int = 2014, data_root=None):
    """A page of ``lang`` written in memory by ``part(page)`` alone."""
    page = Page.in_memory(year, lang, data_root, ASSETS / f"part-{lang}")
    part(page)
    return page


def theme_paragraphs(theme_id: str, lang: str = "zh", year: int = 2014, data_root=None) -> list[str]:
    """The paragraphs a district theme's section says (its opening first)."""
    return paragraphs(written(lambda p: district_pages.theme(p, theme_id), lang, year, data_root))


def action_lines(theme_id: str, lang: str = "zh", year: int = 2014, data_root=None) -> list[str]:
    """The list entries of a district theme's section, one per district action, as read."""
    page = written(lambda p: district_pages.theme(p, theme_id), lang, year, data_root)
    bullets = next(o.markdown for o in page.outputs if o.markdown.startswith("- "))
    return [plain(line[2:]) for line in bullets.split("\n")]


def case_lines(case: dict, lang: str = "zh", year: int = 2014, data_root=None) -> list[str]:
    """A case box as read: its title, then its paragraphs and points."""
    return cards(written(lambda p: district_pages.case_card(p, case), lang, year, data_root))[0]
