"""The data appendix: the data dictionary printed from :mod:`zjbook.data.schema`, and the downloads.

The dictionary is read through :mod:`zjbook.wording.dictionary` in the page's language (the Chinese from
the schema itself, other languages from ``wording/<lang>/dictionary.toml``); the page's own sentences
and headers are in ``wording/<lang>/appendix.toml``. The downloads are the same files in every language."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..data import printed as numbers
from ..render import export, publish
from ..data import schema
from ..wording.dictionary import dictionary
from ..data.edition import Edition


def data_archive(ed: Edition, folder: Path) -> Path:
    """The edition's exported tables and ``datapackage.json`` in one zip, byte-identical from build to build."""
    return export.write_archive(_tables(ed), folder / f"data-{ed.year}.zip", str(ed.year))


def _tables(ed: Edition) -> dict[str, pd.DataFrame]:
    """The validated tables the schema knows, each read through the edition (so the build records it)."""
    export.check_sources(ed.dir)
    return {t.file: ed.table(t.file) for t in schema.TABLES if ed.has(t.file)}


def _download(label: str, path: str) -> str:
    return f"{{download}}`{label} <{path}>`"


def show_files(ed: Edition, assets: str = "assets") -> None:
    """List the downloads: one canonical CSV per table, the whole set as a ZIP, and the package descriptor."""
    folder = publish.assets_dir(Path(assets) / "data")
    rel = (Path(assets or "assets") / "data").as_posix()
    tables = _tables(ed)
    export.write_downloads(tables, folder)
    words = dictionary(ed.lang)
    lines = []
    for table in schema.TABLES:
        title = publish.escape(words.title(table))
        if table.file not in tables:
            lines.append("- " + ed.say("appendix.missing_file", file=f"`{table.file}`", title=title))
            continue
        lines.append("- " + ed.say("appendix.file_line", link=_download(table.file, f"{rel}/{table.file}"),
                                   title=title, rows=len(tables[table.file]),
                                   description=publish.escape(words.description(table))))
    archive = data_archive(ed, folder)
    descriptor = export.DESCRIPTOR
    lines.append("- " + ed.say("appendix.archive_line", descriptor=descriptor,
                               link=_download(ed.say("appendix.archive_label"), f"{rel}/{archive.name}")))
    lines.append("- " + ed.say("appendix.descriptor_line", languages=[words.code("languages", lang) for lang in
                                                                  export.translation_languages()],
                               link=_download(ed.say("appendix.descriptor_label", descriptor=descriptor),
                                              f"{rel}/{descriptor}")))
    lines.append("")
    lines.append(ed.say("appendix.files_note", descriptor=descriptor))
    publish.markdown("\n".join(lines))


def column_table(ed: Edition, table: schema.Table) -> pd.DataFrame:
    words = dictionary(ed.lang)
    head = ed.words.words("appendix.column_headers")
    return pd.DataFrame({
        head["name"]: [c.name for c in table.columns],
        head["kind"]: [words.kind(c.kind) for c in table.columns],
        head["required"]: [ed.say("appendix.required_yes" if c.required else "appendix.required_no")
                           for c in table.columns],
        head["values"]: [words.vocabulary_name(c.vocabulary) if c.vocabulary else _range(ed, c) for c in table.columns],
        head["meaning"]: [words.column(table, c) for c in table.columns],
    })


def _range(ed: Edition, c: schema.Column) -> str:
    if c.minimum is None and c.maximum is None:
        return ""
    return ed.say("appendix.range", minimum=c.minimum, maximum=c.maximum)


def show_columns(ed: Edition) -> None:
    """One table of columns per file; a file whose columns are the same as an earlier file's says so instead."""
    words = dictionary(ed.lang)
    printed: dict[tuple, str] = {}
    for table in schema.TABLES:
        heading = ed.say("appendix.column_heading", file=table.file, optional=table.optional,
                         title=words.title(table), keys=list(table.key), required=list(table.required_keys))
        same = printed.get(table.columns)
        if same:
            publish.paragraph(ed.say("appendix.same_columns", heading=heading, same=same))
            continue
        printed[table.columns] = table.file
        publish.table(column_table(ed, table), "dict-" + table.file.removesuffix(".csv").replace("_", "-"), heading)


def show_rules(ed: Edition) -> None:
    """The format every data file must follow and the limits validation enforces, from the schema."""
    publish.bullets(dictionary(ed.lang).rules())


def _written(ed: Edition, code: str, placeholder: str) -> str:
    """How the page's language writes a value with this qualifier: 约N / about N."""
    forms = getattr(ed.words.numbers, "qualifiers", None)  # a Western number style spells each qualifier out
    if forms:
        return forms[code].format(n=placeholder)
    prefix, suffix = numbers.QUALIFIER_AFFIXES[code]
    return f"{prefix}{placeholder}{suffix}"


def show_vocabularies(ed: Edition) -> None:
    """Every code table the column tables cite, under the same name (Units, Qualifiers, Report sections …)."""
    words = dictionary(ed.lang)
    for name, vocabulary in schema.VOCABULARIES.items():
        title = words.vocabulary_name(name)
        meanings = [words.code(name, code) for code in vocabulary]
        if name == "units":
            head = ed.words.words("appendix.unit_headers")
            frame = pd.DataFrame({head["unit"]: list(vocabulary), head["meaning"]: meanings,
                                  head["range"]: [ed.say("appendix.unit_range", lo=lo, hi=hi)
                                                  for lo, hi in (schema.UNIT_BOUNDS[u] for u in vocabulary)]})
        elif name == "qualifiers":
            head = ed.words.words("appendix.code_headers")
            placeholder = ed.say("appendix.placeholder")
            frame = pd.DataFrame({head["code"]: list(vocabulary),
                                  head["written"]: [_written(ed, code, placeholder) for code in vocabulary],
                                  head["meaning"]: meanings})
            title = ed.say("appendix.qualifiers_title", name=title, placeholder=placeholder)
        else:
            head = ed.words.words("appendix.code_headers")
            frame = pd.DataFrame({head["code"]: list(vocabulary), head["meaning"]: meanings})
        publish.table(frame, "dict-" + name.replace("_", "-"), title)
