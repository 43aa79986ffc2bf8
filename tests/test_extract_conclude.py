"""make extract: what the extractor concludes for one figure from the places the text gives it.

Each test builds the candidates by hand (value, qualifier, growth, period, basis at a line of a short
text), so every decision of :func:`zjbook.data.extract._conclude` is checked on its own: the labels, a
disputed number, nothing found, values that disagree, repeats, growth, period and basis.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from zjbook.data import reporttext as rt
from zjbook.data.extract import AMBIGUOUS, FOUND, MISSING, NO_LABELS, Candidate, Target, _conclude
from zjbook.data.labels import FigureLabels

TEXT = "示范区总收入1.2万亿元，同比增长3%。\n截至6月，总收入约1.2万亿元。\n"
REPORT = rt.parse(TEXT)
LABELS = FigureLabels("亿元", ("总收入",))


def target(basis: str = "flow", labels: FigureLabels | None = LABELS) -> Target:
    return Target("zhangjiang_indicators.csv", {"id": "zj_total_revenue", "basis": basis}, labels)


def cand(t: Target, line: int = 1, value: str = "12000", qualifier: str = "exact", **more) -> Candidate:
    start = REPORT.line(line).index("总收入")
    return Candidate(
        t, line, start, start + 9, start + 3, start + 9, Decimal(value), qualifier, **{"basis": t.row["basis"], **more}
    )


def conclude(t: Target, *cands: Candidate, disputed: tuple[Candidate, ...] = ()):
    return _conclude(REPORT, t, list(cands), list(disputed))


def test_a_figure_without_labels_is_not_searched():
    f = conclude(target(labels=None))
    assert (f.status, f.reason, f.values) == (NO_LABELS, "labels.py 中没有它的标签，未搜索", {})


def test_a_disputed_number_is_ambiguous_and_names_the_rivals():
    t = target()
    f = conclude(t, disputed=(cand(t, line=2, rivals=("zj_a", "zj_b")), cand(t, rivals=("zj_b",))))
    assert (f.status, f.line, f.values) == (AMBIGUOUS, 2, {})
    assert f.reason == "同一个数字也符合其他指标的标签（zj_a、zj_b）"
    assert f.excerpt == "截至6月，总收入约1.2万亿元。"


def test_a_disputed_number_without_named_rivals_says_so_plainly():
    t = target()
    assert conclude(t, disputed=(cand(t),)).reason == "同一个数字也符合其他指标的标签"


def test_nothing_found_is_missing():
    f = conclude(target())
    assert (f.status, f.reason, f.line) == (MISSING, "文本中没有找到带数字的标签", None)


def test_values_that_disagree_are_ambiguous_and_each_place_is_listed():
    t = target()
    f = conclude(t, cand(t), cand(t, line=2, qualifier="about"))
    assert (f.status, f.line, f.values) == (AMBIGUOUS, 1, {})
    assert (
        f.reason.startswith("多处数值不一致：12000（exact，第1行“示范区总收入")
        and "12000（about，第2行“截至6月" in f.reason
    )


def test_one_place_fills_value_and_qualifier_and_notes_the_missing_period():
    t = target()
    f = conclude(t, cand(t, qualifier="about"))
    assert (f.status, f.line, f.excerpt) == (FOUND, 1, "示范区总收入1.2万亿元，同比增长3%。")
    assert f.values == {"value": "12000", "qualifier": "about"}
    assert f.notes == ["文本未注明统计期"]


@pytest.mark.parametrize(
    "lines, note", [((1, 1), "同一数值在第1行出现 2 次"), ((1, 2, 2), "同一数值出现 3 处：第1行、第2行")]
)
def test_the_same_value_in_several_places_is_noted(lines, note):
    t = target()
    assert conclude(t, *(cand(t, line=n) for n in lines)).notes[0] == note


def test_one_growth_is_taken():
    t = target()
    f = conclude(t, cand(t, growth=(Decimal("3.0"), "about")), cand(t, line=2, growth=(Decimal("3.0"), "about")))
    assert (f.values["growth_pct"], f.values["growth_qualifier"]) == ("3", "about")


def test_a_growth_whose_qualifiers_contradict_each_other_stays_blank():
    t = target()
    f = conclude(t, cand(t, growth=(Decimal("3"), "?")))
    assert "growth_pct" not in f.values and "增长率的限定词自相矛盾，增长率留空" in f.notes


@pytest.mark.parametrize(
    "first, second, note",
    [
        (
            {"growth": (Decimal("3"), "exact")},
            {"growth": (Decimal("4"), "exact")},
            "增长率有歧义，留空：多处增长率不一致",
        ),
        ({"growth": (Decimal("3"), "exact")}, {"growth_problem": "对不上"}, "增长率有歧义，留空：对不上"),
        ({}, {"growth_problem": "对不上"}, "增长率有歧义，留空：对不上"),
    ],
)
def test_growths_that_disagree_or_do_not_line_up_stay_blank(first, second, note):
    t = target()
    f = conclude(t, cand(t, **first), cand(t, line=2, **second))
    assert "growth_pct" not in f.values and note in f.notes


def test_one_period_is_taken_and_two_stay_blank():
    t = target()
    june = ("2031-01", "2031-06")
    f = conclude(t, cand(t, period=june), cand(t, line=2, period=june), cand(t, line=2))
    assert (f.values["period_start"], f.values["period_end"]) == june and not any("统计期" in n for n in f.notes)
    f = conclude(t, cand(t, period=june), cand(t, line=2, period=("", "2031-12")))
    assert "period_end" not in f.values and "统计期有歧义，留空" in f.notes


def test_a_basis_the_text_changes_is_written_and_noted():
    t = target("stock")
    f = conclude(t, cand(t, basis="cumulative", cumulative=True))
    assert f.values["basis"] == "cumulative" and "口径由 stock 改为 cumulative（文本写作“累计”）" in f.notes
    assert "basis" not in conclude(t, cand(t)).values


def test_a_basis_only_some_places_call_cumulative_is_kept():
    t = target("stock")
    f = conclude(t, cand(t, basis="cumulative", cumulative=True), cand(t, line=2, basis="stock"))
    assert "basis" not in f.values and "只有部分出处写作“累计”，口径保持不变" in f.notes
    f = conclude(t, cand(t, basis="flow"), cand(t, line=2, basis="stock"))
    assert "basis" not in f.values and not any("口径" in n for n in f.notes)


def test_a_cumulative_figure_the_text_does_not_call_cumulative_is_flagged():
    t = target("cumulative")
    assert "上一版为累计口径，本文未见“累计”，请核对" in conclude(t, cand(t)).notes
    assert not any("请核对" in n for n in conclude(t, cand(t, cumulative=True)).notes)
    assert not any("请核对" in n for n in conclude(target("stock"), cand(target("stock"))).notes)
