"""The fourth pass on issue 19 (a fictional 2021 edition drafted from a report-style text): the mechanisms that
let last year's rows, headings and chapters reach a release the new text does not support.

Each test builds what it needs in memory or in a temporary copy of ``data/2014`` (or the 2018 fixture).
"""

from __future__ import annotations

import shutil

from conftest import DATA_2014

from zjbook.data import review, translation, validate

# --- 4. validation names the file's own line, also after rows are marked not reported ----------------------


def test_an_untranslated_text_after_rows_not_reported_names_its_own_line(tmp_path):
    folder = tmp_path / "data" / "2014"
    shutil.copytree(DATA_2014, folder)
    path = folder / "zhangjiang_resources.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    target = next(n for n, line in enumerate(lines, start=1) if line.startswith("zj_res_incubators,"))
    earlier = [line.split(",", 1)[0] for line in lines[1 : target - 1]]
    assert len(earlier) >= 2
    for key in earlier[:2]:  # two rows above it leave the frame
        review.confirm_rows(folder, "zhangjiang_resources.csv", key, not_reported="本年报告未给出")
    lines[target - 1] = lines[target - 1].replace("国家级科技企业孵化器", "国家级科技企业孵化器（新口径）", 1)
    path.write_text("".join(lines), encoding="utf-8")
    result = validate.check_year(folder)
    assert result.errors == []
    [warning] = [w for w in translation.missing(folder, result.tables, "en") if "新口径" in w.message]
    assert (warning.path.name, warning.line, warning.column) == ("zhangjiang_resources.csv", target, "indicator")
