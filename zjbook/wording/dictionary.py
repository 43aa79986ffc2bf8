"""The data dictionary in any language: titles and descriptions of every file, column, code and rule.

The data contract (:mod:`zjbook.data.schema`) is written in Chinese, the book's source language, and
its Chinese texts are what validation messages quote. Every other language describes the same
contract in ``zjbook/wording/<lang>/dictionary.toml``, under keys that name the contract's parts::

    [dictionary.tables.<resource>]            title, description   (resource = file name without .csv)
    [dictionary.tables.<resource>.columns]    <column> = description
    [dictionary.columns]                      <column> = description of a column that several files share
    [dictionary.vocabulary_names]             <vocabulary> = name of the code table
    [dictionary.vocabularies.<vocabulary>]    <code> = meaning
    [dictionary] rules = [...]                one template per rule of schema.FILE_RULES, in order

A column is looked up in its file's table first, then among the shared columns; a shared entry may
serve only columns whose Chinese description is the same (tests/test_appendix_en.py checks this, and
that every part of the contract has an entry and no entry is left over). Both languages are read the
same way, through :class:`DataDictionary`; the Chinese one reads the schema itself. Column kinds
(text, code, number…) are labelled in ``[dictionary.kinds]`` in every language, Chinese included.
"""

from __future__ import annotations

import functools

from ..data import schema
from . import SOURCE_LANGUAGE, MissingWording, wording


def resource_name(file: str) -> str:
    """A table's name without ``.csv``: its key in the dictionary and its resource name in the data package."""
    return file.removesuffix(".csv")


def rule_context() -> dict:
    """The limits the file rules state, for the rules' templates (numbers, not text)."""
    return {
        "max_file_bytes": schema.MAX_FILE_BYTES,
        "max_rows": schema.MAX_ROWS,
        "max_cell_chars": schema.MAX_CELL_CHARS,
        "growth_bounds": schema.GROWTH_BOUNDS,
        "unit_bounds": [(unit, lo, hi) for unit, (lo, hi) in schema.UNIT_BOUNDS.items()],
    }


class DataDictionary:
    """The contract's titles and descriptions in one language (the source language reads the schema)."""

    def __init__(self, lang: str = SOURCE_LANGUAGE):
        self.lang = lang
        self.words = wording(lang)
        self.source = lang == SOURCE_LANGUAGE
        self.entries: dict = {} if self.source else self.words.entry("dictionary")

    def _get(self, *path: str):
        node = self.entries
        for part in path:
            if not isinstance(node, dict) or part not in node:
                raise MissingWording(
                    f"wording {self.lang}: no entry dictionary.{'.'.join(path)} "
                    f"in zjbook/wording/{self.lang}/dictionary.toml"
                )
            node = node[part]
        return node

    # --- files and columns ---------------------------------------------------------------
    def title(self, table: schema.Table) -> str:
        return table.title if self.source else self._get("tables", resource_name(table.file), "title")

    def description(self, table: schema.Table) -> str:
        return table.description if self.source else self._get("tables", resource_name(table.file), "description")

    def column(self, table: schema.Table, column: schema.Column) -> str:
        if self.source:
            return column.description
        own = self.entries.get("tables", {}).get(resource_name(table.file), {}).get("columns", {})
        return own[column.name] if column.name in own else self._get("columns", column.name)

    def kind(self, kind: str) -> str:
        """The label of a column kind (text, code, number, int, month, date)."""
        return self.words.entry("dictionary.kinds")[kind]

    # --- code tables ---------------------------------------------------------------------
    def vocabulary_name(self, name: str) -> str:
        return schema.VOCABULARY_NAMES[name] if self.source else self._get("vocabulary_names", name)

    def code(self, vocabulary: str, code: str) -> str:
        """What one code of a vocabulary means (亿元 → 100 million yuan…)."""
        if self.source:
            return schema.VOCABULARIES[vocabulary][code]
        return self._get("vocabularies", vocabulary, code)

    # --- rules ---------------------------------------------------------------------------
    def rules(self) -> list[str]:
        """The rules every data file follows, one sentence each, in the order of ``schema.FILE_RULES``."""
        if self.source:
            return list(schema.FILE_RULES)
        context = rule_context()
        return [self.words.render_string(rule, **context) for rule in self._get("rules")]


@functools.cache
def dictionary(lang: str = SOURCE_LANGUAGE) -> DataDictionary:
    return DataDictionary(lang)


__all__ = ["DataDictionary", "dictionary", "resource_name", "rule_context"]
