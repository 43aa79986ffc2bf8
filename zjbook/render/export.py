"""The edition's data as the book publishes it: canonical CSV texts and a Frictionless data package.

Downloads are written from the validated tables (:func:`zjbook.data.validate.validate_year`),
never copied from the data folder: only the tables the schema knows, in the schema's column
order, UTF-8 without BOM, LF line ends, numbers in their shortest exact form. For a folder
already in the canonical form (as the project stores its data) the export is byte-for-byte the file.

:func:`descriptor` describes the same tables as a Frictionless *tabular data package*
(Table Schema: types, descriptions, required/enum/min/max constraints, primary and foreign
keys), generated from :mod:`zjbook.data.schema`, so re-users can check the data with
``frictionless validate datapackage.json``.

The descriptor is one file per edition, the same in every language of the book, as the CSV files are.
Its ``title`` and ``description`` texts are Chinese, the language of the data (declared first in the
package's ``languages``, after the Frictionless "language support" recipe). Every other language of the
book adds its versions in a custom property ``translations``, on the package, on each resource and on
each field: ``"translations": {"en": {"title": "…", "description": "…"}}`` (fields carry a description
only). Table Schema allows such custom properties, and ``frictionless validate`` accepts them.
"""

from __future__ import annotations

import functools
import io
import json
import math
import pickle
import zipfile
from pathlib import Path

import pandas as pd

from .. import languages as registry
from ..data import schema
from ..data.csvfile import canonical_text, number_text
from ..data.translation import Translator, Untranslated, has_cjk
from ..data.validate import DataError
from ..wording import SOURCE_LANGUAGE, Voice, wording
from ..wording.dictionary import DataDictionary, dictionary, resource_name

#: The name of the package descriptor, in the archive and among the downloads.
#: The data in another language of the book sit beside the canonical files, named after it (``…-en.csv``).
DESCRIPTOR = "datapackage.json"

#: The earliest timestamp a zip entry can hold: fixed, so the archive is identical on every build.
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)

#: Table Schema type of each column kind of :mod:`zjbook.data.schema`.
_TYPES = {
    "text": "string",
    "code": "string",
    "number": "number",
    "int": "integer",
    "month": "yearmonth",
    "date": "date",
}
#: The pattern a code cell must match (the validator's rule, repeated as a Table Schema constraint).
CODE_PATTERN = "[a-z][a-z0-9_]*"


# --- cells and tables -------------------------------------------------------------------


def cell_text(value, column: schema.Column) -> str:
    """The canonical text of one typed cell: empty for a blank, numbers without a needless ``.0``."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if column.kind == "int":
        return str(int(value))
    if column.kind == "number":
        if not math.isfinite(float(value)):
            raise ValueError(f"not a finite number: {value!r}")
        return number_text(value)
    return str(value)


def table_rows(frame: pd.DataFrame, table: schema.Table) -> list[list[str]]:
    """The rows of a validated table as cell texts, in the file's row order and the schema's column order."""
    columns = table.columns
    # column by column (``to_dict("records")`` boxes cell by cell, and costs more than the texts themselves)
    values = [frame[c.name].tolist() for c in columns]
    return [[cell_text(v, c) for v, c in zip(row, columns)] for row in zip(*values)] if columns else []


def table_text(frame: pd.DataFrame, table: schema.Table) -> str:
    """The canonical CSV text of one validated table."""
    return canonical_text(table.column_names, table_rows(frame, table))


def export(tables: dict[str, pd.DataFrame]) -> dict[str, str]:
    """File name → canonical CSV text for every table the schema knows and the edition has, in schema order.

    Anything else in ``tables`` (or in the folder it came from) is left out."""
    return {t.file: table_text(tables[t.file], t) for t in schema.TABLES if t.file in tables}


def check_sources(data_dir: Path) -> None:
    """Refuse to publish from a folder whose table files are symbolic links (they may point anywhere)."""
    for table in schema.TABLES:
        path = Path(data_dir) / table.file
        if path.is_symlink():
            raise DataError(path, "是符号链接，不予发布（请把文件本身放进数据文件夹）")


# --- the Frictionless descriptor ----------------------------------------------------------


def translation_languages() -> list[str]:
    """The languages the descriptor's ``translations`` give: every language of the book but the source whose
    data dictionary is whole and its own (a language still falling back would give another language's text
    under its own code)."""
    return [lang for lang in registry.codes() if lang != SOURCE_LANGUAGE and not dictionary(lang).gaps()]


def translated(describe) -> dict:
    """``{lang: describe(that language's data dictionary)}`` for every language of the book but the source."""
    return {lang: describe(dictionary(lang)) for lang in translation_languages()}


def field(column: schema.Column, table: schema.Table) -> dict:
    """The Table Schema field of one column of ``table``."""
    out: dict = {
        "name": column.name,
        "type": _TYPES[column.kind],
        "description": column.description,
        "translations": translated(lambda d: {"description": d.column(table, column)}),
    }
    if column.kind == "date":
        out["format"] = "default"
    constraints: dict = {}
    if column.required:
        constraints["required"] = True
    if column.vocabulary:
        constraints["enum"] = list(schema.VOCABULARIES[column.vocabulary])
    elif column.kind == "code":
        constraints["pattern"] = CODE_PATTERN
    if column.minimum is not None:
        constraints["minimum"] = _bound(column.minimum, column.kind)
    if column.maximum is not None:
        constraints["maximum"] = _bound(column.maximum, column.kind)
    if constraints:
        out["constraints"] = constraints
    return out


def _bound(x: float, kind: str):
    return int(x) if kind == "int" or float(x).is_integer() else float(x)


def foreign_keys(table: schema.Table, present: set[str]) -> list[dict]:
    """The references of a table that Table Schema can express, to resources the package holds.

    ``file.csv:column`` references become foreign keys; ``part_of`` refers to the ``id`` of the same
    table (a self-reference). A reference to "any figure table" (``schema.FIGURE_ID``) has no
    Table Schema form and is left to the project's own validator."""
    keys = []
    for column in table.columns:
        ref = column.references
        if ref and ref != schema.FIGURE_ID:
            file, target = ref.split(":")
            if file in present:
                keys.append({"fields": column.name, "reference": {"resource": resource_name(file), "fields": target}})
    if "part_of" in table.column_names:
        keys.append({"fields": "part_of", "reference": {"resource": "", "fields": "id"}})
    return keys


def table_schema(table: schema.Table, present: set[str]) -> dict:
    out: dict = {
        "fields": [field(c, table) for c in table.columns],
        "missingValues": [""],
        "primaryKey": list(table.key),
    }
    fks = foreign_keys(table, present)
    if fks:
        out["foreignKeys"] = fks
    return out


def _resource_texts(d: DataDictionary, table: schema.Table) -> dict:
    return {"title": d.title(table), "description": d.description(table)}


def package_texts(tables: dict[str, pd.DataFrame], lang: str) -> dict:
    """The package's title and description in ``lang``, the edition's entries translated by its data.

    An entry without a translation is spelled out as untranslated (never passed off as translated)."""
    voice = Voice(lang, None if lang == SOURCE_LANGUAGE else Translator(tables, lang))
    meta = dict(zip(tables["edition.csv"]["key"], tables["edition.csv"]["value"]))
    return {
        "title": str(voice.plain("dictionary.package_title", meta=meta)),
        "description": str(voice.plain("dictionary.package_description", meta=meta)),
    }


# --- the data in another language ----------------------------------------------------------


#: The column of a figure's data that quotes the report's printed form of a value (such as "…万亿元"): never translated.
QUOTED_COLUMN = "value_as_printed"


class CellTranslator:
    """The cells of the data in ``lang``: a text through the edition's translations (one without a translation
    stays as written, in Chinese), a code through the data dictionary, a unit in its short form."""

    def __init__(self, tables: dict[str, pd.DataFrame], lang: str):
        self.translate = Translator(tables, lang)
        self.words = dictionary(lang)
        self.units: dict = self.words.words.entry("dictionary.csv_units")

    def __call__(self, value: str, column: schema.Column | None = None) -> str:
        if not has_cjk(value):
            return value
        if value in self.units and (column is None or column.vocabulary in (None, "units")):
            return str(self.units[value])
        if column is not None and column.vocabulary:
            return self.words.code(column.vocabulary, value)
        found = self.translate(value)
        return value if isinstance(found, Untranslated) else str(found)

    def frame(self, data: pd.DataFrame, labels: dict[str, str] | None = None) -> pd.DataFrame:
        """A figure's data (any columns) with its texts in this language, the book's own labels by ``labels``.
        The report's printed form of a value (``value_as_printed``) is a quotation and stays as printed."""
        labels = labels or {}

        def cell(v):
            return labels.get(v, self(v)) if isinstance(v, str) else v

        return data.apply(lambda col: col if col.name == QUOTED_COLUMN else col.map(cell))


def translated_file(lang: str, file: str) -> str:
    """The ``lang`` version of a data file among the downloads, beside it: ``zizhu_figures-en.csv``."""
    return f"{Path(file).stem}-{lang}.csv"


def translated_tables(tables: dict[str, pd.DataFrame], lang: str) -> dict[str, str]:
    """The canonical CSV texts of every data table but the translation files, texts and codes in ``lang``."""
    cells = CellTranslator(tables, lang)
    return {
        translated_file(lang, table.file): translated_text(cells, tables[table.file], table)
        for table in _translated_tables(tables)
    }


def _translated_tables(tables: dict[str, pd.DataFrame]) -> list[schema.Table]:
    """The tables of ``tables`` that have versions in other languages (all but the translation files), in order."""
    return [t for t in schema.TABLES if t.file in tables and t.file not in schema.TRANSLATION_FILES]


def translated_text(cells: CellTranslator, frame: pd.DataFrame, table: schema.Table) -> str:
    """The canonical CSV text of one table, texts and codes through ``cells``."""
    rows = [
        [cells(v, c) if c.kind in ("text", "code") and c.translated and v else v for v, c in zip(row, table.columns)]
        for row in table_rows(frame, table)
    ]
    return canonical_text(table.column_names, rows)


def translated_resource(table: schema.Table, lang: str) -> dict:
    """The descriptor's resource for the ``lang`` version of a table: same fields and types; its texts and codes
    are translations, so the code lists, patterns and keys of the Chinese data don't bind it."""
    d = dictionary(lang)
    fields = []
    for column in table.columns:
        item = {k: v for k, v in field(column, table).items() if k != "translations"}
        item["description"] = d.column(table, column)
        if "constraints" in item and column.kind in ("text", "code"):
            kept = {k: v for k, v in item["constraints"].items() if k not in ("enum", "pattern")}
            item = {k: v for k, v in item.items() if k != "constraints"} | ({"constraints": kept} if kept else {})
        fields.append(item)
    return {
        "name": f"{resource_name(table.file)}-{lang}",
        "path": translated_file(lang, table.file),
        "profile": "tabular-data-resource",
        "title": d.title(table),
        "description": d.description(table),
        "languages": [lang],
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "schema": {"fields": fields, "missingValues": [""]},
    }


def descriptor(tables: dict[str, pd.DataFrame]) -> dict:
    """The Frictionless tabular data package describing the exported tables of one edition."""
    meta = dict(zip(tables["edition.csv"]["key"], tables["edition.csv"]["value"]))
    present = {t.file for t in schema.TABLES if t.file in tables}
    resources = []
    for table in schema.TABLES:
        if table.file not in present:
            continue
        resources.append(
            {
                "name": resource_name(table.file),
                "path": table.file,
                "profile": "tabular-data-resource",
                "title": table.title,
                "description": table.description,
                "translations": translated(lambda d, table=table: _resource_texts(d, table)),
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "dialect": {
                    "delimiter": ",",
                    "lineTerminator": "\n",
                    "quoteChar": '"',
                    "doubleQuote": True,
                    "header": True,
                },
                "schema": table_schema(table, present),
            }
        )
    for lang in translation_languages():  # the data in the book's other languages, after the canonical tables
        resources += [translated_resource(t, lang) for t in _translated_tables(tables)]
    source = package_texts(tables, SOURCE_LANGUAGE)
    return {
        "profile": "tabular-data-package",
        "name": f"zjbook-data-{meta['year']}",
        "title": source["title"],
        "description": source["description"],
        "languages": [SOURCE_LANGUAGE, *translation_languages()],
        "translations": {lang: package_texts(tables, lang) for lang in translation_languages()},
        "sources": [{"title": meta["report"]}],
        "resources": resources,
    }


def descriptor_text(tables: dict[str, pd.DataFrame]) -> str:
    """The descriptor as published: UTF-8 JSON, two-space indent, LF, a final newline."""
    return json.dumps(descriptor(tables), ensure_ascii=False, indent=2) + "\n"


# --- writing ------------------------------------------------------------------------------


#: The texts :func:`all_texts` worked out before, each by what it is made of (see :func:`all_texts`), with the
#: objects their wording comes from (the schema, the language registry, each language's data dictionary and
#: wording): ``[(those objects, {key: text})]``. The objects are kept so that no id the keys hold is reused; when
#: any of them is another object, the texts are forgotten.
_TEXTS: list[tuple[tuple, dict[tuple, str]]] = []
#: Texts remembered at most (an edition makes about forty); the memory starts again when full.
TEXTS_LIMIT = 2_000


def _wording_sources() -> tuple:
    sources = [schema.TABLES, registry.registry()]
    for lang in registry.codes():
        sources += [dictionary(lang), wording(lang)]
    return tuple(sources)


def all_texts(tables: dict[str, pd.DataFrame]) -> dict[str, str]:
    """Every file of the data package: the canonical tables, each other language's versions, the descriptor.

    Each text is worked out once for the same inputs (compared byte for byte: the exact bytes of the tables it is
    made of, their names, columns, types and values in order) with the same wording: the data appendix writes the
    files, then the archive of the same files, and an edition changed in one table makes only that table's texts
    again. A table's canonical text is made of that table; its version in another language, of the table and the
    translation files (:class:`~zjbook.data.translation.Translator`); the descriptor, of the edition's entries, the
    translation files and which tables there are."""
    sources = _wording_sources()
    if not _TEXTS or _TEXTS[0][0] != sources or len(_TEXTS[0][1]) >= TEXTS_LIMIT:
        _TEXTS[:] = [(sources, {})]
    known = _TEXTS[0][1]
    made = {file: pickle.dumps(frame, protocol=pickle.HIGHEST_PROTOCOL) for file, frame in tables.items()}
    words = tuple(made.get(file) for file in sorted(schema.TRANSLATION_FILES))  # what a Translator reads

    def text(key: tuple, make) -> str:
        if key not in known:
            known[key] = make()
        return known[key]

    texts = {
        t.file: text(("table", t.file, made[t.file]), lambda t=t: table_text(tables[t.file], t))
        for t in schema.TABLES
        if t.file in tables
    }
    for lang in translation_languages():
        cells = functools.cache(lambda lang=lang: CellTranslator(tables, lang))  # made only for a text not known
        for t in _translated_tables(tables):
            texts[translated_file(lang, t.file)] = text(
                ("translated", lang, t.file, made[t.file], words),
                lambda t=t, cells=cells: translated_text(cells(), tables[t.file], t),
            )
    present = tuple(t.file for t in schema.TABLES if t.file in tables)
    texts[DESCRIPTOR] = text(("descriptor", present, made.get("edition.csv"), words), lambda: descriptor_text(tables))
    return texts


def write_downloads(tables: dict[str, pd.DataFrame], folder: Path) -> dict[str, Path]:
    """Write each exported table and the descriptor into ``folder``; return file name → path."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    texts = all_texts(tables)
    out = {}
    for name, text in texts.items():
        path = folder / name
        path.write_bytes(text.encode("utf-8"))
        out[name] = path
    return out


def archive_bytes(tables: dict[str, pd.DataFrame], prefix: str) -> bytes:
    """A zip of the exported tables, their versions in the book's other languages and the descriptor under
    ``prefix/``, identical on every build."""
    texts = all_texts(tables)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for name in sorted(texts):
            info = zipfile.ZipInfo(f"{prefix}/{name}", date_time=ZIP_EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, texts[name].encode("utf-8"))
    return buffer.getvalue()


def write_archive(tables: dict[str, pd.DataFrame], path: Path, prefix: str) -> Path:
    path = Path(path)
    path.write_bytes(archive_bytes(tables, prefix))
    return path
