"""The data appendix: the data dictionary printed from :mod:`zjbook.data.schema`, and the downloads."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..render import numbers, publish
from ..data import export, schema
from ..data.edition import Edition

_KINDS = {"text": "文本", "code": "代码", "number": "数值", "int": "整数", "month": "年月 YYYY-MM", "date": "日期 YYYY-MM-DD"}


def data_archive(ed: Edition, folder: Path) -> Path:
    """The edition's exported tables and ``datapackage.json`` in one zip, byte-identical from build to build."""
    return export.write_archive(_tables(ed), folder / f"data-{ed.year}.zip", str(ed.year))


def _tables(ed: Edition) -> dict[str, pd.DataFrame]:
    """The validated tables the schema knows, each read through the edition (so the build records it)."""
    export.check_sources(ed.dir)
    return {t.file: ed.table(t.file) for t in schema.TABLES if ed.has(t.file)}


def show_files(ed: Edition, assets: str = "assets") -> None:
    """List the downloads: one canonical CSV per table, the whole set as a ZIP, and the package descriptor."""
    folder = publish.assets_dir(Path(assets) / "data")
    rel = (Path(assets or "assets") / "data").as_posix()
    tables = _tables(ed)
    export.write_downloads(tables, folder)
    lines = []
    for table in schema.TABLES:
        if table.file not in tables:
            lines.append(f"- `{table.file}`：{publish.escape(table.title)}（本版次未提供，相关内容从略）")
            continue
        rows = len(tables[table.file])
        lines.append(f"- {{download}}`{table.file} <{rel}/{table.file}>`：{publish.escape(table.title)}，{rows} 行。{publish.escape(table.description)}")
    archive = data_archive(ed, folder)
    lines.append(f"- {{download}}`全部数据（ZIP） <{rel}/{archive.name}>`：以上全部文件，另附数据包描述文件 `{export.DESCRIPTOR}`。")
    lines.append(f"- {{download}}`数据包描述（{export.DESCRIPTOR}） <{rel}/{export.DESCRIPTOR}>`："
                 "按 Frictionless 数据包规范写成，逐列说明类型、是否必填、可用代码与取值范围，以及主键和表间引用。")
    lines.append("")
    lines.append("以上文件均由校验通过的数据重新写出：UTF-8 编码（无 BOM）、LF 换行，只含数据约定中的表。"
                 f"下载并解压 ZIP 后，可在解压出的文件夹中运行 `frictionless validate {export.DESCRIPTOR}`，"
                 "用通用工具检查数据是否符合上述约定。")
    publish.markdown("\n".join(lines))


def column_table(table: schema.Table) -> pd.DataFrame:
    return pd.DataFrame({
        "列": [c.name for c in table.columns],
        "类型": [_KINDS[c.kind] for c in table.columns],
        "必填": ["是" if c.required else "否" for c in table.columns],
        "取值": [schema.VOCABULARY_NAMES.get(c.vocabulary, "") if c.vocabulary else _range(c) for c in table.columns],
        "含义": [c.description for c in table.columns],
    })


def _range(c: schema.Column) -> str:
    if c.minimum is None and c.maximum is None:
        return ""
    lo = "" if c.minimum is None else f"≥ {c.minimum:g}"
    hi = "" if c.maximum is None else f"≤ {c.maximum:g}"
    return "，".join(x for x in (lo, hi) if x)


def show_columns() -> None:
    """One table of columns per file; a file whose columns are the same as an earlier file's says so instead."""
    printed: dict[tuple, str] = {}
    for table in schema.TABLES:
        key = "、".join(table.key)
        required = f"；必需的行：{'、'.join(table.required_keys)}" if table.required_keys else ""
        optional = "（可选文件）" if table.optional else ""
        heading = f"{table.file}{optional}：{table.title}。主键：{key}{required}"
        same = printed.get(table.columns)
        if same:
            publish.paragraph(f"{heading}。各列与 {same} 相同。")
            continue
        printed[table.columns] = table.file
        publish.table(column_table(table), "dict-" + table.file.removesuffix(".csv").replace("_", "-"), heading)


def show_rules() -> None:
    """The format every data file must follow and the limits validation enforces, from the schema."""
    publish.bullets(list(schema.FILE_RULES))


def show_vocabularies() -> None:
    """Every code table the column tables cite, under the same name (单位表, 限定词表, 节号表 …)."""
    for name, vocabulary in schema.VOCABULARIES.items():
        title = schema.VOCABULARY_NAMES[name]
        if name == "units":
            lo_hi = [schema.UNIT_BOUNDS[u] for u in vocabulary]
            frame = pd.DataFrame({"单位": list(vocabulary), "含义": list(vocabulary.values()),
                                  "合理范围": [f"{lo:g}～{hi:,.0f}" for lo, hi in lo_hi]})
        elif name == "qualifiers":
            frame = pd.DataFrame({"代码": list(vocabulary), "写法": [f"{p}N{s}" for p, s in
                                                                (numbers.QUALIFIER_AFFIXES[c] for c in vocabulary)],
                                  "含义": list(vocabulary.values())})
            title += "（N 表示数值）"
        else:
            frame = pd.DataFrame({"代码": list(vocabulary), "含义": list(vocabulary.values())})
        publish.table(frame, "dict-" + name.replace("_", "-"), title)
