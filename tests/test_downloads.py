"""The data downloads: canonical CSV written from the validated tables, a deterministic ZIP, a Frictionless package."""

import csv
import io
import json
import os
import re
import shutil
import zipfile
from pathlib import Path

import frictionless
import pytest
from conftest import DATA_2014, set_cell

from zjbook.data import schema
from zjbook.data.edition import Edition
from zjbook.data.validate import DataError, validate_year
from zjbook.render import export
from zjbook.render.chapters import appendix
from zjbook.render.page import Page
from zjbook.wording.dictionary import dictionary

FILES_2014 = sorted(p.name for p in DATA_2014.glob("*.csv"))


@pytest.fixture(scope="module")
def tables_2014():
    return validate_year(DATA_2014)


@pytest.mark.parametrize("name", FILES_2014)
def test_export_reproduces_each_2014_file_byte_for_byte(tables_2014, name):
    assert export.export(tables_2014)[name].encode("utf-8") == (DATA_2014 / name).read_bytes()


def test_export_holds_exactly_the_schema_tables_in_schema_order(tables_2014):
    assert list(export.export(tables_2014)) == [t.file for t in schema.TABLES if t.file in FILES_2014]
    assert sorted(export.export(tables_2014)) == FILES_2014


def test_excel_style_file_is_published_in_canonical_form(data_copy):
    """BOM, CRLF, reordered columns, padded cells and 26500.0 are normalised back to the stored form."""
    name = "zhangjiang_indicators.csv"
    lines = (data_copy / name).read_text(encoding="utf-8").splitlines()
    cells = [line.split(",") for line in lines]
    cells = [[row[3], *row[:3], *row[4:]] for row in cells]  # move the value column first
    cells[1][0] = " 26500.0 "
    (data_copy / name).write_bytes(("\ufeff" + "\r\n".join(",".join(r) for r in cells) + "\r\n").encode("utf-8"))
    text = export.export(validate_year(data_copy))[name]
    assert text.encode("utf-8") == (DATA_2014 / name).read_bytes()
    assert "\r" not in text and not text.startswith("\ufeff") and "26500.0" not in text


@pytest.mark.parametrize(
    "value, kind, expected",
    [
        (26500.0, "number", "26500"),
        (24.45, "number", "24.45"),
        (0.1, "number", "0.1"),
        (-0.0, "number", "0"),
        (1e20, "number", "100000000000000000000"),
        (-3.5, "number", "-3.5"),
        (7, "int", "7"),
        (None, "number", ""),
        (float("nan"), "number", ""),
        ("2014-01", "month", "2014-01"),
    ],
)
def test_cell_text(value, kind, expected):
    assert export.cell_text(value, schema.Column("c", kind, "")) == expected


def test_unknown_workflow_and_non_table_files_are_never_exported(data_copy, tmp_path, monkeypatch):
    """Validation refuses unknown files (tests/test_validation_hostile.py); should one appear after it ran,
    the downloads still hold only the schema's tables."""
    ed = Edition(2014, data_copy.parent)
    (data_copy / "secret.csv").write_text("password\nhunter2\n", encoding="utf-8")
    for name in schema.WORKFLOW_FILES:
        (data_copy / name).write_text("file,key\nfacts.csv,zj_plan\n", encoding="utf-8")
    (data_copy / "notes.txt").write_text("private\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    appendix.show_files(Page.in_memory(2014, data_root=data_copy.parent, assets="assets", edition=ed))
    folder = tmp_path / "assets" / "data"
    english = [export.translated_file("en", n) for n in FILES_2014 if n not in schema.TRANSLATION_FILES]
    published = FILES_2014 + english + ["datapackage.json"]
    assert sorted(p.name for p in folder.iterdir()) == sorted(published + ["data-2014.zip"])
    with zipfile.ZipFile(folder / "data-2014.zip") as zf:
        assert sorted(zf.namelist()) == sorted(f"2014/{n}" for n in published)
        assert not any(b"hunter2" in zf.read(n) for n in zf.namelist())
    for name in FILES_2014:
        assert (folder / name).read_bytes() == (DATA_2014 / name).read_bytes()


def test_changed_cell_is_published_as_validated(data_copy, tmp_path, monkeypatch):
    set_cell(data_copy / "zizhu_figures.csv", "zz_patents", "value", "8123.0")
    monkeypatch.chdir(tmp_path)
    appendix.show_files(Page.in_memory(2014, data_root=data_copy.parent, assets="assets"))
    text = (tmp_path / "assets" / "data" / "zizhu_figures.csv").read_text(encoding="utf-8")
    assert "zz_patents,紫竹高新区,专利授权,8123,件" in text and "8123.0" not in text


def test_symlinked_table_is_refused(data_copy, tmp_path):
    outside = tmp_path / "outside.csv"
    shutil.copyfile(data_copy / "facts.csv", outside)
    (data_copy / "facts.csv").unlink()
    os.symlink(outside, data_copy / "facts.csv")
    with pytest.raises(DataError) as err:
        export.check_sources(data_copy)
    assert err.value.path.name == "facts.csv" and "符号链接" in str(err.value)


def test_archive_is_deterministic(tables_2014, tmp_path):
    first = export.archive_bytes(tables_2014, "2014")
    again = export.write_archive(validate_year(DATA_2014), tmp_path / "a.zip", "2014").read_bytes()
    assert first == again
    with zipfile.ZipFile(tmp_path / "a.zip") as zf:
        assert {i.date_time for i in zf.infolist()} == {export.ZIP_EPOCH}
        assert zf.read("2014/datapackage.json").decode("utf-8") == export.descriptor_text(tables_2014)


def test_descriptor_is_generated_from_the_schema(tables_2014):
    d = json.loads(export.descriptor_text(tables_2014))
    res = {r["name"]: r for r in d["resources"]}
    canonical = [t.file for t in schema.TABLES if t.file in FILES_2014]
    english = [export.translated_file("en", f) for f in canonical if f not in schema.TRANSLATION_FILES]
    assert [r["path"] for r in d["resources"]] == canonical + english  # the English versions after the data
    ind = {f["name"]: f for f in res["zhangjiang_indicators"]["schema"]["fields"]}
    english = dictionary("en").column(schema.TABLES_BY_FILE["zhangjiang_indicators.csv"], schema.FIGURE_COLUMNS[3])
    assert ind["value"] == {
        "name": "value",
        "type": "number",
        "description": schema.FIGURE_COLUMNS[3].description,
        "translations": {"en": {"description": english}},
        "constraints": {"required": True, "minimum": 0},
    }
    assert english.startswith("The value, in the unit given in the unit column")
    assert ind["qualifier"]["constraints"]["enum"] == list(schema.QUALIFIERS)
    assert ind["growth_pct"]["constraints"] == {"minimum": schema.GROWTH_BOUNDS[0], "maximum": schema.GROWTH_BOUNDS[1]}
    assert ind["period_start"]["type"] == "yearmonth" and "constraints" not in ind["period_start"]
    assert ind["id"]["constraints"] == {"required": True, "pattern": export.CODE_PATTERN}
    assert res["districts"]["schema"]["fields"][4]["type"] == "integer"
    assert res["collaborations"]["schema"]["primaryKey"] == ["collab_id", "district", "partner"]
    assert {"fields": "subject", "reference": {"resource": "districts", "fields": "district"}} in res[
        "district_figures"
    ]["schema"]["foreignKeys"]
    assert {"fields": "part_of", "reference": {"resource": "", "fields": "id"}} in res["zizhu_figures"]["schema"][
        "foreignKeys"
    ]
    assert all("figure_id" != fk["fields"] for fk in res["events"]["schema"].get("foreignKeys", []))
    assert d["name"] == "zjbook-data-2014"


def _validate_package(folder: Path) -> frictionless.Report:
    return frictionless.validate(str(folder / export.DESCRIPTOR))


def test_frictionless_validates_the_published_package(tables_2014, tmp_path):
    with zipfile.ZipFile(io.BytesIO(export.archive_bytes(tables_2014, "2014"))) as zf:
        zf.extractall(tmp_path)
    report = _validate_package(tmp_path / "2014")
    assert report.valid, report.flatten(["type", "note"])
    english = {f: len(t) for f, t in tables_2014.items() if f not in schema.TRANSLATION_FILES}
    assert len(report.tasks) == len(FILES_2014) + len(english)
    rows = sum(len(f) for f in tables_2014.values()) + sum(english.values())
    assert sum(t.stats["rows"] for t in report.tasks) == rows


@pytest.mark.parametrize(
    "file, old, new, error",
    [
        ("district_figures.csv", "闸北区,云计算", "火星区,云计算", "foreign-key"),
        ("zhangjiang_indicators.csv", ",exact,12.2", ",roughly,12.2", "constraint-error"),
        ("zhangjiang_indicators.csv", "26500", "-5", "constraint-error"),
        ("zhangjiang_indicators.csv", "2014-01", "2014-13", "type-error"),
        ("zhangjiang_indicators.csv", "zj_total_revenue", "zj_industrial_output", "primary-key"),
        ("case_items.csv", "lingang,layout,一城", "nowhere,layout,一城", "foreign-key"),
    ],
)
def test_frictionless_catches_what_the_schema_forbids(tables_2014, tmp_path, file, old, new, error):
    export.write_downloads(tables_2014, tmp_path)
    text = (tmp_path / file).read_text(encoding="utf-8")
    assert old in text
    (tmp_path / file).write_text(text.replace(old, new, 1), encoding="utf-8")
    report = _validate_package(tmp_path)
    assert not report.valid and error in [e[0] for e in report.flatten(["type"])]


def test_frictionless_validates_the_translation_tables_and_their_english_descriptions(data_copy, tmp_path):
    """glossary.csv and translations.csv are resources of the package like any other, described in both languages."""
    (data_copy / "glossary.csv").write_text(
        "zh,lang,text,kind,note\n浦东新区,en,Pudong New Area,district,\n", encoding="utf-8"
    )
    (data_copy / "translations.csv").write_text("zh,lang,text,note\n总收入,en,Total revenue,\n", encoding="utf-8")
    tables = validate_year(data_copy)
    export.write_downloads(tables, tmp_path)
    report = _validate_package(tmp_path)
    assert report.valid, report.flatten(["type", "note"])
    d = json.loads((tmp_path / export.DESCRIPTOR).read_text(encoding="utf-8"))
    res = {r["name"]: r for r in d["resources"]}
    assert res["glossary"]["translations"]["en"]["title"] == "Glossary of names"
    assert res["translations"]["translations"]["en"]["title"] == "Translations"
    assert res["glossary"]["schema"]["primaryKey"] == ["zh", "lang"]
    text = (tmp_path / "glossary.csv").read_text(encoding="utf-8")
    (tmp_path / "glossary.csv").write_text(text.replace(",en,", ",zz,"), encoding="utf-8")
    report = _validate_package(tmp_path)
    assert not report.valid and "constraint-error" in [e[0] for e in report.flatten(["type"])]


# --- the data in English ---------------------------------------------------------------------

CJK_RUN = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")


def _quoted_columns(table: schema.Table) -> set[str]:
    """Columns that quote the report's Chinese as it stands (never translated)."""
    return {c.name for c in table.columns if not c.translated}


def test_each_table_has_an_english_version_with_the_same_columns_and_english_text(tables_2014):
    texts = export.translated_tables(tables_2014, "en")
    expected = [t for t in schema.TABLES if t.file in tables_2014 and t.file not in schema.TRANSLATION_FILES]
    assert sorted(texts) == sorted(export.translated_file("en", t.file) for t in expected)
    for table in expected:
        rows = list(csv.reader(io.StringIO(texts[export.translated_file("en", table.file)])))
        assert rows[0] == table.column_names and len(rows) - 1 == len(tables_2014[table.file]), table.file
        quoted = [i for i, name in enumerate(rows[0]) if name in _quoted_columns(table)]
        chinese = [
            (table.file, r[0], c) for r in rows[1:] for i, c in enumerate(r) if i not in quoted and CJK_RUN.search(c)
        ]
        assert not chinese, chinese
    districts = texts["districts-en.csv"]
    assert "Pudong New Area" in districts and "浦东新区" not in districts
    units = texts["zizhu_figures-en.csv"]
    assert "100 million US dollars" in units and "亿美元" not in units


def test_the_package_lists_the_english_versions_and_validates(tables_2014, tmp_path):
    written = export.write_downloads(tables_2014, tmp_path)
    package = json.loads(written[export.DESCRIPTOR].read_text(encoding="utf-8"))
    paths = [r["path"] for r in package["resources"]]
    english = [p for p in paths if p.endswith("-en.csv")]
    assert len(english) == len([t for t in schema.TABLES if t.file in tables_2014]) - len(schema.TRANSLATION_FILES)
    assert all((tmp_path / p).is_file() for p in paths)
    resource = next(r for r in package["resources"] if r["path"] == "zizhu_figures-en.csv")
    assert resource["languages"] == ["en"] and resource["title"] == dictionary("en").title(
        schema.TABLES_BY_FILE["zizhu_figures.csv"]
    )
    report = _validate_package(tmp_path)
    assert report.valid, report.flatten(["resourcePath", "rowNumber", "fieldName", "type", "note"])[:10]
    with zipfile.ZipFile(io.BytesIO(export.archive_bytes(tables_2014, "data-2014"))) as zf:
        assert "data-2014/zizhu_figures-en.csv" in zf.namelist()
