"""Slips in the report's text (``corrections.csv``): an evident one is corrected in the data with the printed form
kept, an uncertain one stays as printed; validation holds the data to it, and the method page lists them all."""

from __future__ import annotations

import pandas as pd
from bs4 import BeautifulSoup
from conftest import DATA_2014

from zjbook.data import schema
from zjbook.data.validate import check_year


def corrections() -> pd.DataFrame:
    return pd.read_csv(DATA_2014 / "corrections.csv", dtype=str, keep_default_na=False)


def data_texts() -> str:
    return "\n".join(
        (DATA_2014 / t.file).read_text(encoding="utf-8")
        for t in schema.TABLES
        if t.file not in ("corrections.csv", *schema.TRANSLATION_FILES) and (DATA_2014 / t.file).exists()
    )


def test_the_audio_visual_base_is_corrected_and_the_printed_form_kept():
    rows = corrections().set_index("printed")
    assert rows.loc["国家试听产业基地", "corrected"] == "国家视听产业基地"
    assert rows.loc["国家试听产业基地", "status"] == "corrected"
    texts = data_texts()
    assert "试听" not in texts and "国家视听产业基地" in texts
    for row in corrections().to_dict("records"):  # every row is carried out in the data, or kept as printed
        if row["status"] == "corrected":
            assert row["printed"] not in texts and row["corrected"] in texts, row
        else:
            assert row["status"] == "uncertain" and row["printed"] in texts and row["note"], row


def errors_of(folder) -> list[tuple[str, str | None, str]]:
    return [(p.path.name, p.column, p.message) for p in check_year(folder).errors]


def test_a_correction_not_carried_out_is_an_error(data_copy):
    industries = data_copy / "district_industries.csv"
    industries.write_text(industries.read_text(encoding="utf-8").replace("国家视听", "国家试听"), encoding="utf-8")
    errors = errors_of(data_copy)
    assert len(errors) == 1 and errors[0][:2] == ("corrections.csv", "printed"), errors
    assert "国家试听产业基地" in errors[0][2]


def test_a_doubt_must_stay_as_printed_and_a_correction_name_its_form(data_copy):
    path = data_copy / "corrections.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("SQL Server支付平台,", "SQL Server数据平台,").replace(
            ",国家视听产业基地,corrected", ",,corrected"
        ),
        encoding="utf-8",
    )
    errors = errors_of(data_copy)
    assert {(f, c) for f, c, _ in errors} == {("corrections.csv", "printed"), ("corrections.csv", "corrected")}, errors


def test_an_unknown_status_is_an_error(data_copy):
    path = data_copy / "corrections.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",uncertain,", ",maybe,"), encoding="utf-8")
    assert [(f, c) for f, c, _ in errors_of(data_copy)] == [("corrections.csv", "status")]


def test_the_method_page_lists_every_correction_in_both_languages(edition_2014):
    rows = corrections().to_dict("records")
    assert rows
    for rel, heading in (("book/method.html", "勘误"), ("en/book/method.html", "Corrections")):
        page = BeautifulSoup((edition_2014 / rel).read_text(encoding="utf-8"), "html.parser")
        section = next(s for s in page.select("section") if s.h2 and heading in s.h2.get_text())
        items = section.select("li")
        assert len(items) == len(rows), rel
        for item, row in zip(items, rows):
            quoted = [q.get_text() for q in item.select("span.zh-quote")]
            expected = [row["printed"], row["corrected"]] if row["status"] == "corrected" else [row["printed"]]
            assert quoted == expected, (rel, quoted)
            text = item.get_text()  # the report's section cited in words, never as a number like a figure's
            assert ("第四部分第" in text or "Part 4, Section" in text) and row["section"] not in text, rel
