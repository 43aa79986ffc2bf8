"""The data appendix: the data dictionary printed from :mod:`zjbook.data.schema`, and the downloads.

The dictionary is read through :mod:`zjbook.wording.dictionary` in the page's language (the Chinese from
the schema itself, other languages from ``wording/<lang>/dictionary.toml``); the page's own sentences
and headers are in ``wording/<lang>/appendix.toml``. The downloads are the same files in every language."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ...data import printed, schema
from ...data.edition import Edition
from ...sections import method
from ...wording import Safe, Said, escape
from ...wording.dictionary import dictionary
from .. import export
from ..page import Page


def data_archive(ed: Edition, folder: Path) -> Path:
    """The edition's exported tables and ``datapackage.json`` in one zip, byte-identical from build to build."""
    return export.write_archive(_tables(ed), folder / f"data-{ed.year}.zip", str(ed.year))


def _tables(ed: Edition) -> dict[str, pd.DataFrame]:
    """The validated tables the schema knows, each read through the edition (so the build records it)."""
    export.check_sources(ed.dir)
    return {t.file: ed.table(t.file) for t in schema.TABLES if ed.has(t.file)}


def _download(label: str, path: str) -> Safe:
    """A download link; its label is shown as written (a role's content is not Markdown)."""
    return Safe(f"{{download}}`{label} <{path}>`")


def _links(page: Page, file: str, rel: str) -> Safe:
    """A data file's download link; on a page in another language, the file in that language first (its texts and
    codes translated: ``zizhu_figures-en.csv``), then the canonical one."""
    canonical = _download(file, f"{rel}/{file}")
    if page.lang not in export.translation_languages() or file in schema.TRANSLATION_FILES:
        return canonical  # the source language, or a language whose data dictionary is not yet its own
    own = export.translated_file(page.lang, file)
    return Safe(f"{_download(own, f'{rel}/{own}')} · {canonical}")


def show_files(page: Page) -> None:
    """List the downloads: one canonical CSV per table, the whole set as a ZIP, and the package descriptor."""
    ed = page.edition
    page.heading("pages.data_appendix.files")
    folder = page.assets / "data"
    folder.mkdir(parents=True, exist_ok=True)
    rel = folder.as_posix()
    tables = _tables(ed)
    export.write_downloads(tables, folder)
    words = dictionary(page.lang)
    lines = []
    for table in schema.TABLES:
        title = escape(words.title(table))
        if table.file not in tables:
            lines.append("- " + page.say("appendix.missing_file", file=Safe(f"`{table.file}`"), title=title))
            continue
        lines.append(
            "- "
            + page.say(
                "appendix.file_line",
                link=_links(page, table.file, rel),
                title=title,
                rows=len(tables[table.file]),
                description=escape(words.description(table)),
            )
        )
    archive = data_archive(ed, folder)
    descriptor = export.DESCRIPTOR
    lines.append(
        "- "
        + page.say(
            "appendix.archive_line",
            descriptor=descriptor,
            link=_download(page.plain("appendix.archive_label"), f"{rel}/{archive.name}"),
        )
    )
    lines.append(
        "- "
        + page.say(
            "appendix.descriptor_line",
            languages=[words.code("languages", lang) for lang in export.translation_languages()],
            link=_download(page.plain("appendix.descriptor_label", descriptor=descriptor), f"{rel}/{descriptor}"),
        )
    )
    lines.append("")
    lines.append(page.say("appendix.files_note", descriptor=descriptor))
    page.raw("\n".join(lines))


def column_table(page: Page, table: schema.Table) -> pd.DataFrame:
    words = dictionary(page.lang)
    head = page.words("appendix.column_headers")
    return pd.DataFrame(
        {
            head["name"]: [Said(c.name) for c in table.columns],
            head["kind"]: [Said(words.kind(c.kind)) for c in table.columns],
            head["required"]: [
                page.plain("appendix.required_yes" if c.required else "appendix.required_no") for c in table.columns
            ],
            head["values"]: [
                Said(words.vocabulary_name(c.vocabulary)) if c.vocabulary else _range(page, c) for c in table.columns
            ],
            head["meaning"]: [Said(words.column(table, c)) for c in table.columns],
        }
    )


def _range(page: Page, c: schema.Column) -> str:
    if c.minimum is None and c.maximum is None:
        return ""
    return page.plain("appendix.range", minimum=c.minimum, maximum=c.maximum)


def show_columns(page: Page) -> None:
    """One table of columns per file; a file whose columns are the same as an earlier file's says so instead."""
    page.heading("pages.data_appendix.columns")
    words = dictionary(page.lang)
    done: dict[tuple, str] = {}
    for table in schema.TABLES:
        heading = page.plain(
            "appendix.column_heading",
            file=table.file,
            optional=table.optional,
            title=Said(words.title(table)),
            keys=list(table.key),
            required=list(table.required_keys),
        )
        same = done.get(table.columns)
        if same:
            page.paragraph("appendix.same_columns", heading=heading, same=same)
            continue
        done[table.columns] = table.file
        page.table(column_table(page, table), "dict-" + table.file.removesuffix(".csv").replace("_", "-"), heading)


def show_rules(page: Page) -> None:
    """The format every data file must follow and the limits validation enforces, from the schema."""
    page.heading("pages.data_appendix.rules")
    page.paragraph("pages.data_appendix.rules_intro")
    page.bullets([escape(rule) for rule in dictionary(page.lang).rules()])


def _written(page: Page, code: str, placeholder: str) -> str:
    """How the page's language writes a value with this qualifier: 约N / about N."""
    forms = getattr(page.numbers, "qualifiers", None)  # a Western number style spells each qualifier out
    if forms:
        return forms[code].format(n=placeholder)
    prefix, suffix = printed.QUALIFIER_AFFIXES[code]
    return f"{prefix}{placeholder}{suffix}"


def show_vocabularies(page: Page) -> None:
    """Every code table the column tables cite, under the same name (Units, Qualifiers, Report sections …)."""
    page.heading("pages.data_appendix.vocabularies")
    words = dictionary(page.lang)
    for name, vocabulary in schema.VOCABULARIES.items():
        title: str = Said(words.vocabulary_name(name))
        codes = [Said(code) for code in vocabulary]
        meanings = [Said(words.code(name, code)) for code in vocabulary]
        if name == "units":
            head = page.words("appendix.unit_headers")
            frame = pd.DataFrame(
                {
                    head["unit"]: codes,
                    head["meaning"]: meanings,
                    head["range"]: [
                        page.plain("appendix.unit_range", lo=lo, hi=hi)
                        for lo, hi in (schema.UNIT_BOUNDS[u] for u in vocabulary)
                    ],
                }
            )
        elif name == "qualifiers":
            head = page.words("appendix.code_headers")
            placeholder = page.plain("appendix.placeholder")
            frame = pd.DataFrame(
                {
                    head["code"]: codes,
                    head["written"]: [Said(_written(page, code, placeholder)) for code in vocabulary],
                    head["meaning"]: meanings,
                }
            )
            title = page.plain("appendix.qualifiers_title", name=title, placeholder=placeholder)
        elif (
            name == "sections"
        ):  # the edition's own section titles (the headings its rows carry), not the first edition's
            titles = method.section_titles(page.edition)
            if not titles:
                continue
            head = page.words("appendix.code_headers")
            frame = pd.DataFrame({head["code"]: list(titles), head["meaning"]: [page.text(t) for t in titles.values()]})
        else:
            head = page.words("appendix.code_headers")
            frame = pd.DataFrame({head["code"]: codes, head["meaning"]: meanings})
        page.table(frame, "dict-" + name.replace("_", "-"), title)
