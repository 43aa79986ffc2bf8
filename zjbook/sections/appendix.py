"""The data appendix: the data dictionary printed from :mod:`zjbook.data.schema`, and the downloads."""
from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pandas as pd

from ..render import numbers, publish
from ..data import schema
from ..data.edition import Edition, record_read

_KINDS = {"text": "文本", "code": "代码", "number": "数值", "int": "整数", "month": "年月 YYYY-MM", "date": "日期 YYYY-MM-DD"}
_VOCAB_NAMES = {"units": "单位表", "qualifiers": "限定词表", "basis": "口径表", "sections": "节号表", "districts": "districts.csv 的区县"}


#: The earliest timestamp a zip entry can hold: fixed, so the archive is identical on every build.
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


def data_archive(ed: Edition, folder: Path) -> Path:
    """All of the edition's CSV files in one zip, byte-identical from build to build."""
    archive = folder / f"data-{ed.year}.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(ed.dir.glob("*.csv")):
            record_read(f"{ed.year}/{path.name}")
            info = zipfile.ZipInfo(f"{ed.year}/{path.name}", date_time=ZIP_EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, path.read_bytes())
    return archive


def show_files(ed: Edition, assets: str = "assets") -> None:
    folder = publish.assets_dir(Path(assets) / "data")
    rel = (Path(assets or "assets") / "data").as_posix()
    lines = []
    for table in schema.TABLES:
        if not ed.has(table.file):
            lines.append(f"- `{table.file}`：{publish.escape(table.title)}（本版次未提供，相关内容从略）")
            continue
        shutil.copyfile(ed.dir / table.file, folder / table.file)
        rows = len(ed.table(table.file))
        lines.append(f"- {{download}}`{table.file} <{rel}/{table.file}>`：{publish.escape(table.title)}，{rows} 行。{publish.escape(table.description)}")
    archive = data_archive(ed, folder)
    lines.append(f"- {{download}}`全部数据（ZIP） <{rel}/{archive.name}>`：以上全部文件的压缩包。")
    publish.markdown("\n".join(lines))


def column_table(table: schema.Table) -> pd.DataFrame:
    return pd.DataFrame({
        "列": [c.name for c in table.columns],
        "类型": [_KINDS[c.kind] for c in table.columns],
        "必填": ["是" if c.required else "否" for c in table.columns],
        "取值": [_VOCAB_NAMES.get(c.vocabulary, "") if c.vocabulary else _range(c) for c in table.columns],
        "含义": [c.description for c in table.columns],
    })


def _range(c: schema.Column) -> str:
    if c.minimum is None and c.maximum is None:
        return ""
    lo = "" if c.minimum is None else f"≥ {c.minimum:g}"
    hi = "" if c.maximum is None else f"≤ {c.maximum:g}"
    return "，".join(x for x in (lo, hi) if x)


def show_columns() -> None:
    for table in schema.TABLES:
        key = "、".join(table.key)
        required = f"；必需的行：{'、'.join(table.required_keys)}" if table.required_keys else ""
        optional = "（可选文件）" if table.optional else ""
        publish.table(column_table(table), "dict-" + table.file.removesuffix(".csv").replace("_", "-"),
                      f"{table.file}{optional}：{table.title}。主键：{key}{required}")


def show_vocabularies() -> None:
    publish.table(pd.DataFrame({"单位": list(schema.UNITS), "含义": list(schema.UNITS.values())}), "dict-units", "单位表")
    q = schema.QUALIFIERS
    publish.table(pd.DataFrame({
        "代码": list(q), "写法": [f"{p}N{s}" for p, s in (numbers.QUALIFIER_AFFIXES[c] for c in q)], "含义": list(q.values()),
    }), "dict-qualifiers", "限定词表（N 表示数值）")
    publish.table(pd.DataFrame({"代码": list(schema.BASIS), "含义": list(schema.BASIS.values())}), "dict-basis", "统计口径表")
