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

from .. import languages
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
    """The contract's titles and descriptions in one language (the source language reads the schema).

    A language other than the source looks each entry up entry by entry along its fallback chain: its own
    ``dictionary.toml``, then each fallback language's but the source language's; an entry none has is an
    error (never the schema's Chinese, unmarked, on another language's page). A language's name (the ``languages`` code table) a dictionary lacks is the language's name in itself, from
    the registry: adding a language never asks for an edit in another language's files."""

    def __init__(self, lang: str = SOURCE_LANGUAGE):
        self.lang = lang
        self.words = wording(lang)
        self.source = lang == SOURCE_LANGUAGE
        #: the data dictionaries of the chain that are not the schema's, nearest first: (language, entries)
        self.layers: list[tuple[str, dict]] = [
            (code, entries["dictionary"])
            for code, entries in self.words.layers
            if code != SOURCE_LANGUAGE and isinstance(entries.get("dictionary"), dict)
        ]
        own = self.layers[0][1] if self.layers and self.layers[0][0] == lang else {}
        self.entries: dict = own

    def _find(self, *paths: tuple[str, ...], layers: list[tuple[str, dict]] | None = None):
        """The first of ``paths`` found, language by language along the chain; None when none has it."""
        for _, entries in self.layers if layers is None else layers:
            for path in paths:
                node = entries
                for part in path:
                    if not isinstance(node, dict) or part not in node:
                        break
                    node = node[part]
                else:
                    return node
        return None

    def _get(self, *path: str, source):
        """The entry at ``path`` along the chain (the source language: what the schema says)."""
        return source if self.source else self._need(path)

    def _need(self, *paths: tuple[str, ...]):
        found = self._find(*paths)
        if found is None:  # never the Chinese unmarked on another language's page
            raise MissingWording(
                f"wording {self.lang}: no entry dictionary.{'.'.join(paths[0])} in zjbook/wording/{self.lang}/"
                f"dictionary.toml (nor in the data dictionaries of {', '.join(self.words.language.fallback)})"
            )
        return found

    # --- files and columns ---------------------------------------------------------------
    def title(self, table: schema.Table) -> str:
        return self._get("tables", resource_name(table.file), "title", source=table.title)

    def description(self, table: schema.Table) -> str:
        return self._get("tables", resource_name(table.file), "description", source=table.description)

    def _column_paths(self, table: schema.Table, column: schema.Column) -> tuple[tuple[str, ...], ...]:
        return (("tables", resource_name(table.file), "columns", column.name), ("columns", column.name))

    def column(self, table: schema.Table, column: schema.Column) -> str:
        return column.description if self.source else self._need(*self._column_paths(table, column))

    def kind(self, kind: str) -> str:
        """The label of a column kind (text, code, number, int, month, date)."""
        return self.words.entry("dictionary.kinds")[kind]

    # --- code tables ---------------------------------------------------------------------
    def vocabulary_name(self, name: str) -> str:
        return self._get("vocabulary_names", name, source=schema.VOCABULARY_NAMES[name])

    def code(self, vocabulary: str, code: str) -> str:
        """What one code of a vocabulary means (亿元 → 100 million yuan…); a language the dictionary does not
        name is called by its own name (日本語)."""
        if vocabulary == "languages":  # the registry's: in Chinese for the source language
            language = languages.get(code)
            found = None if self.source else self._find(("vocabularies", vocabulary, code))
            return language.name_zh if self.source else language.name if found is None else found
        return self._get("vocabularies", vocabulary, code, source=schema.VOCABULARIES[vocabulary][code])

    # --- rules ---------------------------------------------------------------------------
    def rules(self) -> list[str]:
        """The rules every data file follows, one sentence each, in the order of ``schema.FILE_RULES``."""
        if self.source:
            return list(schema.FILE_RULES)
        context = rule_context()
        return [self.words.render_string(rule, **context) for rule in self._need(("rules",))]

    # --- completeness --------------------------------------------------------------------
    def gaps(self) -> list[str]:
        """The parts of the contract this language's own dictionary does not describe (they fall back); the
        source language has none. Only a language without gaps is given in the data package."""
        return list(self._gaps)

    @functools.cached_property
    def _gaps(self) -> tuple[str, ...]:  # the descriptor asks once per field: worked out once per dictionary
        if self.source:
            return ()
        own = [(self.lang, self.entries)]
        wanted: list[tuple[tuple[str, ...], ...]] = [(("rules",),)]
        for table in schema.TABLES:
            name = resource_name(table.file)
            wanted += [(("tables", name, "title"),), (("tables", name, "description"),)]
            wanted += [self._column_paths(table, c) for c in table.columns]
        wanted += [(("vocabulary_names", name),) for name in schema.VOCABULARY_NAMES]
        wanted += [
            (("vocabularies", name, code),)
            for name, vocabulary in schema.VOCABULARIES.items()
            if name != "languages"
            for code in vocabulary
        ]
        return tuple(".".join(paths[0]) for paths in wanted if self._find(*paths, layers=own) is None)


@functools.cache
def dictionary(lang: str = SOURCE_LANGUAGE) -> DataDictionary:
    return DataDictionary(lang)


__all__ = ["DataDictionary", "dictionary", "resource_name", "rule_context"]
