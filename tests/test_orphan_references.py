"""Rows removed while replacing last year's content leave nothing dangling unsaid: an action's ``figure_id`` of a
removed figure is named with its one-line fix, review.csv entries of removed rows are listed by validate with the
command that removes them, and any ``make confirm`` drops them."""

from zjbook import cli
from zjbook.data import review
from zjbook.data.validate import check_year

HEADER = "file,key,status,note,mentioned\n"


def _drop_line(path, start):
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(x for x in lines if not x.startswith(start)), encoding="utf-8")


def test_an_actions_figure_id_of_a_removed_figure_is_named_with_its_fix(data_copy):
    _drop_line(data_copy / "district_figures.csv", "zb_cloud_firms,")
    errors = [str(p) for p in check_year(data_copy).errors]
    assert errors == [
        "错误：district_actions.csv 第10行 列 figure_id：引用的数字“zb_cloud_firms”不在任何数字表中（已删去或改了 id）。"
        "修改：清空 figure_id，或改为现有数字的 id，或在数字表中补回 id 为 zb_cloud_firms 的行"
    ]


def test_validate_lists_review_entries_of_removed_rows_with_the_command(data_copy, capsys):
    (data_copy / "review.csv").write_text(
        HEADER + "themes.csv,gone_theme,confirmed,,\nthemes.csv,optimise,unreviewed,,\n", encoding="utf-8"
    )
    assert cli.main(["validate", "--year", "2014", "--data-root", str(data_copy.parent)]) == 0
    out, err = capsys.readouterr()
    # a row that is gone leaves nothing to review: no problem (the edition is no draft for it), one line that says
    # how many and that the next make confirm drops them, however many rows a new edition replaced
    assert "review.csv 有" not in err
    assert "review.csv 中有 1 行的数据行已删去或改了键（themes.csv gone_theme）：它们不影响构建与发布" in out
    assert not review.read(data_copy).problems


def test_confirming_the_removed_key_drops_its_entry(data_copy, capsys):
    (data_copy / "review.csv").write_text(
        HEADER
        + "themes.csv,gone_theme,confirmed,,\ncases.csv,nobox,unreviewed,,no\nthemes.csv,optimise,unreviewed,,\n",
        encoding="utf-8",
    )
    args = ["confirm", "--year", "2014", "--file", "themes.csv", "--key", "gone_theme"]
    assert cli.main([*args, "--data-root", str(data_copy.parent)]) == 0
    assert "已从 review.csv 删去 2 行（它们的数据行已删去或改了键）：themes.csv gone_theme、cases.csv nobox" in (
        capsys.readouterr().out
    )
    state = review.read(data_copy)
    assert not state.problems
    assert [(e.file, e.key, e.status) for e in state.entries] == [("themes.csv", "optimise", "unreviewed")]


def test_any_confirm_drops_entries_of_removed_rows(data_copy):
    (data_copy / "review.csv").write_text(
        HEADER + "cases.csv,nobox,unreviewed,,no\nthemes.csv,optimise,unreviewed,,\n", encoding="utf-8"
    )
    result = review.confirm_rows(data_copy, "themes.csv", "optimise")
    assert [e.key for e in result.dropped] == ["nobox"] and [e.key for e in result.done] == ["optimise"]
    assert [(e.file, e.key) for e in review.read(data_copy).entries] == [("themes.csv", "optimise")]


def test_an_unknown_key_that_was_never_listed_is_still_refused(data_copy):
    (data_copy / "review.csv").write_text(HEADER + "themes.csv,optimise,unreviewed,,\n", encoding="utf-8")
    try:
        review.confirm_rows(data_copy, "themes.csv", "no_such_theme")
    except review.ReviewError as e:
        assert "没有键为“no_such_theme”的行" in str(e)
    else:
        raise AssertionError("an unknown key was accepted")
