"""Editor 86: the CSV under a chart wrote pandas' float form ("2580.0") where the data hold a whole number."""

import csv

import pytest
from notebook_pages import written

from zjbook.data.edition import Edition
from zjbook.render.chapters import zhangjiang, zizhu


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_chart_csvs_write_whole_numbers_as_the_data_do(lang):
    data = {r["id"]: r for r in csv.DictReader(open(Edition(2014).dir / "zhangjiang_resources.csv", encoding="utf-8"))}
    page = written(zhangjiang.resources, lang)
    names = ["zj-resources.csv"] + ([] if lang == "zh" else ["zj-resources-en.csv"])
    for name in names:
        rows = {r["id"]: r for r in csv.DictReader(open(page.assets / name, encoding="utf-8"))}
        assert rows["zj_res_hightech_firms"]["value"] == data["zj_res_hightech_firms"]["value"] == "2580"
        assert all(not r["value"].endswith(".0") for r in rows.values())
    # a column of whole numbers and decimals keeps each as written (591 firms beside US$24.45 billion)
    page = written(zizhu.key_figures, lang)
    for name in ["zz-key-figures.csv"] + ([] if lang == "zh" else ["zz-key-figures-en.csv"]):
        rows = {r["id"]: r for r in csv.DictReader(open(page.assets / name, encoding="utf-8"))}
        assert rows["zz_enterprises"]["value"] == "591" and rows["zz_contract_fdi"]["value"] == "24.45", name
