"""Drafts until reviewed: review.csv, marks in place, the review page, confirm, release, every edition at once."""

import csv
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import DATA_2014, warm_cache
from test_book_html import page

from zjbook.data import review, schema, status
from zjbook.data.edition import Edition
from zjbook.data.newyear import new_year
from zjbook.data.problems import WARNING, Problem
from zjbook.pipeline import release
from zjbook.render.page import Page
from zjbook.wording import escape

ROOT = Path(__file__).parents[1]
FIGURE_COLUMNS = ("value", "growth_pct", "growth_qualifier", "period_start", "period_end", "note")


def rows_of(path: Path) -> list[dict]:
    return list(csv.DictReader(path.read_text(encoding="utf-8").splitlines()))


def fill_from(old: Path, new: Path) -> None:
    """Fill the blank figures of a new-year folder with the old year's (periods moved to the new year)."""
    for file in schema.FIGURE_FILES:
        if not (new / file).exists():
            continue
        before = {r["id"]: r for r in rows_of(old / file)}
        rows = rows_of(new / file)
        for r in rows:
            for c in FIGURE_COLUMNS:
                r[c] = before[r["id"]][c].replace(old.name, new.name) if c.startswith("period") else before[r["id"]][c]
            if r["id"] == "zj_districts_covered":  # the divisions of the new year: Zhabei merged into Jing'an in 2015
                r["value"] = str(len(rows_of(new / "districts.csv")))
            if r["growth_pct"] and r["growth_qualifier"] == "exact":  # grown as stated, so no plausibility warning
                decimals = len(r["value"].partition(".")[2])
                r["value"] = f"{float(r['value']) * (1 + float(r['growth_pct']) / 100):.{decimals}f}"
        with (new / file).open("w", encoding="utf-8", newline="") as f:
            writer = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)


@pytest.fixture
def draft(tmp_path) -> Path:
    """A 2015 folder made by new-year from data/2014, its figures filled in: a draft with every text unreviewed."""
    shutil.copytree(DATA_2014, tmp_path / "2014")
    new_year(2015, 2014, tmp_path)
    fill_from(tmp_path / "2014", tmp_path / "2015")
    return tmp_path / "2015"


def draft_page(draft: Path, assets=None) -> Page:
    """A page of the draft edition, written in memory."""
    return Page.in_memory(int(draft.name), "zh", draft.parent, assets or "assets")


def last(page: Page) -> str:
    return page.outputs[-1].markdown


# --- review.csv -------------------------------------------------------------------------------


def test_new_year_lists_every_carried_over_text_row_as_unreviewed(draft):
    entries = review.read(draft).entries
    assert entries and {e.status for e in entries} == {review.UNREVIEWED}
    expected = set()
    for file in review.TEXT_FILES:
        table = schema.TABLES_BY_FILE[file]
        if file == "districts.csv":  # rebuilt from data/divisions.csv, not carried over
            continue
        for row in rows_of(draft / file) if (draft / file).exists() else []:
            expected.add((file, "/".join(row[k] for k in table.key)))
    expected.discard(("edition.csv", "year"))
    assert {(e.file, e.key) for e in entries} == expected
    assert ("theme_measures.csv", "optimise/1") in expected  # keys of several columns are joined with "/"
    assert not any(e.file in schema.FIGURE_FILES for e in entries)
    assert review.read(draft).problems == []


def test_new_year_does_not_inherit_the_old_review_state(tmp_path):
    shutil.copytree(DATA_2014, tmp_path / "2014")
    (tmp_path / "2014" / "review.csv").write_text(
        "file,key,status,note\nwarning,magnitude:x,acknowledged,\n", encoding="utf-8"
    )
    new_year(2015, 2014, tmp_path)
    assert "magnitude:x" not in (tmp_path / "2015" / "review.csv").read_text(encoding="utf-8")


def test_a_figure_only_an_emptied_event_used_is_dropped_and_the_copy_validates(draft):
    from zjbook.data.validate import validate_year

    events = rows_of(DATA_2014 / "events.csv")
    event_figures = {e["figure_id"] for e in events if e["figure_id"]}
    assert event_figures, "the 2014 events refer to a figure"
    left = {r["id"] for f in schema.FIGURE_FILES if (draft / f).exists() for r in rows_of(draft / f)}
    assert not event_figures & left
    assert validate_year(draft)  # nothing left blank that no page shows


def test_a_figure_another_table_still_uses_is_kept(tmp_path):
    from zjbook.data.newyear import event_only_figures

    folder = tmp_path / "2014"
    shutil.copytree(DATA_2014, folder)
    fid = next(e["figure_id"] for e in rows_of(folder / "events.csv") if e["figure_id"])
    assert fid in event_only_figures(folder)
    actions = rows_of(folder / "district_actions.csv")
    actions[0]["figure_id"] = fid
    with (folder / "district_actions.csv").open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(actions[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(actions)
    assert fid not in event_only_figures(folder)


def test_review_file_problems_name_line_and_column(draft):
    (draft / "review.csv").write_text(
        "file,key,status,note\n"
        "themes.csv,optimise,unreviewed,\n"
        "themes.csv,no_such_theme,unreviewed,\n"
        "nothing.csv,x,unreviewed,\n"
        "themes.csv,ecosystem,maybe,\n"
        "warning,magnitude:zj_total_revenue,unreviewed,\n"
        "themes.csv,optimise,confirmed,\n",
        encoding="utf-8",
    )
    state = review.read(draft)
    found = {(p.line, p.column) for p in state.problems}
    # a key whose row is gone (line 3) is no problem: it is stale, said in one line and dropped by the next confirm
    assert found == {(4, "file"), (5, "status"), (6, "status"), (7, "key")}
    assert [(e.file, e.key) for e in state.stale] == [("themes.csv", "no_such_theme")]
    assert all(isinstance(p, Problem) and p.fix for p in state.problems)
    assert [e.key for e in state.unreviewed()] == ["optimise"]
    assert Edition(2015, draft.parent).status().is_draft


def test_confirm_a_row_a_file_and_everything(draft):
    total = len(review.read(draft).unreviewed())
    assert review.confirm(draft, "theme_measures.csv", "optimise/1") == 1
    assert ("theme_measures.csv", "optimise/1") not in {(e.file, e.key) for e in review.read(draft).unreviewed()}
    measures = len(rows_of(draft / "theme_measures.csv"))
    assert review.confirm(draft, "theme_measures.csv") == measures - 1
    assert len(review.read(draft).unreviewed()) == total - measures
    with pytest.raises(review.ReviewError, match="没有键为“nope”的行"):
        review.confirm(draft, "themes.csv", "nope")
    with pytest.raises(review.ReviewError, match="未知的文件"):
        review.confirm(draft, "nope.csv")
    review.confirm(draft)
    state = review.read(draft)
    assert state.unreviewed() == [] and len(state.entries) == total and state.problems == []
    assert not Edition(2015, draft.parent).status().is_draft


def test_confirming_a_file_drops_rows_that_are_gone(draft):
    lines = (draft / "themes.csv").read_text(encoding="utf-8").splitlines()
    (draft / "themes.csv").write_text("\n".join(lines[:-1]) + "\n", encoding="utf-8")
    assert review.read(draft).stale and not review.read(draft).problems
    review.confirm(draft, "themes.csv")
    assert review.read(draft).problems == [] and review.read(draft).stale == []


def test_a_warning_is_acknowledged_by_its_code(draft, monkeypatch):
    review.confirm(draft)
    warning = Problem(
        draft / "zhangjiang_indicators.csv",
        "总收入较上一版变为 10 倍",
        2,
        "value",
        "核对数量级",
        WARNING,
        "magnitude:zj_total_revenue",
    )
    monkeypatch.setattr(status, "current_warnings", lambda folder: [warning])
    state = status.status(draft)
    assert state.is_draft and state.unacknowledged == [warning] and "1 条警告待确认" in state.summary()
    with pytest.raises(review.ReviewError, match="magnitude:zj_total_revenue"):
        review.acknowledge(draft, "magnitude:other", ["magnitude:zj_total_revenue"])
    review.acknowledge(draft, "magnitude:zj_total_revenue", ["magnitude:zj_total_revenue"], note="口径变化")
    assert "warning,magnitude:zj_total_revenue,acknowledged,口径变化" in (draft / "review.csv").read_text(
        encoding="utf-8"
    )
    assert not status.status(draft).is_draft


# --- marks in place -----------------------------------------------------------------------------


def test_passages_skip_district_names_subjects_and_short_cells(draft):
    passages = Edition(2015, draft.parent).review.passages()
    districts = {r["district"] for r in rows_of(draft / "districts.csv")}
    assert passages and all(len(p) >= review.MIN_PASSAGE for p in passages)
    assert not districts & set(passages) and "张江示范区" not in passages
    summary = rows_of(draft / "themes.csv")[0]["summary"].rstrip("。")
    assert summary in passages
    items = [i for i in rows_of(draft / "district_actions.csv")[0]["items"].split("；") if len(i) >= 4]
    assert items and set(items) <= set(passages)  # each item of a list cell is a passage of its own


def test_publishing_marks_the_unreviewed_passage_and_nothing_else(draft):
    page = draft_page(draft)
    title = rows_of(draft / "themes.csv")[0]["title"]
    page.markdown_paragraph(escape(f"新写的一句。{title}是沿用的。"))
    expected = f'<span class="unreviewed" title="待核对：沿用上一版的文字">{escape(title)}</span>'
    assert last(page) == escape("新写的一句。") + expected + escape("是沿用的。")
    page.bullets([escape("全新的条目"), escape(title)])
    assert last(page).splitlines()[0] == "- " + escape("全新的条目") and expected in last(page).splitlines()[1]
    import pandas as pd

    page.table(pd.DataFrame({"主题": [title], "数": [3]}), "t", "标题")
    assert expected in last(page) and "- 3" in last(page)
    page.card(escape(title), [escape(title + "。")], [escape(title)])
    assert last(page).count('class="unreviewed"') == 3
    review.confirm(draft)
    page = draft_page(draft)
    page.markdown_paragraph(escape(f"{title}是沿用的。"))
    assert "unreviewed" not in last(page)


def test_marked_text_is_still_shown_literally(draft):
    themes = draft / "themes.csv"
    themes.write_text(
        themes.read_text(encoding="utf-8").replace("三个优化”与", "<b>三个优化</b>”与", 1), encoding="utf-8"
    )
    page = draft_page(draft)
    title = rows_of(themes)[0]["title"]
    page.markdown_paragraph(page.voice.markup(title))
    assert "<b>" not in last(page) and r"\<b\>" in last(page) and last(page).startswith('<span class="unreviewed"')


def test_figures_never_receive_marks(draft, tmp_path):
    import pandas as pd

    page = draft_page(draft, tmp_path / "assets")
    title = rows_of(draft / "themes.csv")[0]["title"]
    fig, ax = page.new_figure(height=2)
    ax.set_title(title)
    page.figure(fig, "f", title, title, pd.DataFrame({"a": [title]}))
    assert "unreviewed" not in last(page)
    assert "unreviewed" not in (tmp_path / "assets" / "f.svg").read_text(encoding="utf-8")
    assert "span" not in (tmp_path / "assets" / "f.csv").read_text(encoding="utf-8")


# --- release refuses drafts ---------------------------------------------------------------------


def test_release_refuses_a_draft_one_line_per_reason(draft, monkeypatch, tmp_path):
    warning = Problem(
        draft / "zizhu_figures.csv", "入驻企业较上一版变为 10 倍", 2, "value", "", WARNING, "magnitude:zz_enterprises"
    )
    monkeypatch.setattr(status, "current_warnings", lambda folder: [warning])
    review.confirm(draft, "themes.csv")
    ed = Edition(2015, draft.parent)
    lines = release.reasons(ed)
    files = {e.file for e in review.read(draft).unreviewed()}
    assert len(lines) == len(files) + 1 and not any("themes.csv" in line for line in lines)
    assert any(line.startswith("facts.csv：") and "make confirm YEAR=2015 FILE=facts.csv" in line for line in lines)
    assert "make confirm YEAR=2015 WARNING=magnitude:zz_enterprises" in lines[-1]
    with pytest.raises(release.ReleaseRefused) as refused:
        release.release(2015, draft.parent, out_root=tmp_path / "out")
    assert str(refused.value).splitlines()[1:] == lines
    assert not (tmp_path / "out").exists()


def test_release_and_confirm_on_the_command_line(draft, tmp_path):
    run = lambda *a: subprocess.run(
        [sys.executable, "-m", "zjbook", *a, "--data-root", str(draft.parent)],  # noqa: E731
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    proc = run("release", "--year", "2015", "--out", str(tmp_path / "out"))
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert proc.stderr.splitlines()[0].startswith("2015 年版仍是草稿，不能发布")
    assert sum("尚未核对" in line for line in proc.stderr.splitlines()) == len(
        {e.file for e in review.read(draft).unreviewed()}
    )
    proc = run("confirm", "--year", "2015", "--file", "cases.csv")
    assert proc.returncode == 0 and f"已确认 {len(rows_of(draft / 'cases.csv'))} 行" in proc.stdout
    proc = run("confirm", "--year", "2015", "--file", "cases.csv", "--key", "nope")
    assert proc.returncode == 1 and proc.stderr.count("\n") == 1 and "nope" in proc.stderr
    proc = run("confirm", "--year", "2015", "--warning", "magnitude:nothing")
    assert proc.returncode == 1 and "当前没有代码为“magnitude:nothing”的警告" in proc.stderr


def test_makefile_passes_confirm_arguments():
    dry = subprocess.run(
        ["make", "-n", "confirm", "YEAR=2015", "FILE=themes.csv", "KEY=optimise/1"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    ).stdout
    assert "-m zjbook confirm --year='2015' --file='themes.csv' --key='optimise/1'" in " ".join(
        dry.replace("\\", "").split()
    )
    dry = subprocess.run(
        ["make", "-n", "confirm", "YEAR=2015", "WARNING=magnitude:x"], capture_output=True, text=True, cwd=ROOT
    ).stdout
    assert "--warning='magnitude:x'" in dry and "--file" not in dry
    for target, command in (("release", "-m zjbook release --year='2015'"), ("books", "-m zjbook books")):
        dry = subprocess.run(["make", "-n", target, "YEAR=2015"], capture_output=True, text=True, cwd=ROOT).stdout
        assert command in dry


# --- the whole flow, built ----------------------------------------------------------------------


def text_of(html: str) -> str:
    return re.sub(r"\s+", "", re.sub(r"<[^>]+>", "", html))


# Session-scoped, not module-scoped: under xdist a worker may run another module's test between two of these,
# which would tear a module fixture down and make it again.
@pytest.fixture(scope="session")
def flow(tmp_path_factory, edition_2014):
    """data/2014 and a filled-in 2015 draft; the draft built, then confirmed and released, then `books` (its 2014
    pages that look at no other year are those of the session's build of data/2014, from its notebook cache)."""
    from zjbook.pipeline.build import build

    root = tmp_path_factory.mktemp("flow") / "data"
    shutil.copytree(DATA_2014, root / "2014")
    new_year(2015, 2014, root)
    fill_from(root / "2014", root / "2015")
    out = warm_cache(root.parent / "out", edition_2014)
    quiet = lambda *_: None  # noqa: E731
    draft_html = build(
        2015, root, out_root=out, report=quiet
    )  # both languages: the English draft links the review page
    pages = {name: page(draft_html, name) for name in ("zizhu", "review", "zhangjiang_overview")}
    pages["intro"] = (draft_html / "book" / "intro.html").read_text(encoding="utf-8")
    svgs = [p.read_text(encoding="utf-8") for p in (draft_html / "_images").glob("*.svg")]
    folder = root / "2015"
    review.confirm(folder)
    for code in [w.code for w in status.current_warnings(folder)]:
        review.acknowledge(folder, code, [code])
    released = release.release(2015, root, out_root=out, report=quiet)
    built = release.books(root, out_root=out, report=quiet)
    return {"draft": pages, "svgs": svgs, "released": released, "books": built, "out": out, "root": root}


def test_a_draft_has_a_banner_on_every_page(flow):
    for name, html in flow["draft"].items():
        assert '<strong class="draft-badge">草稿</strong>' in html, name
        assert 'class="review-link"' in html


def test_a_draft_marks_the_carried_over_passages_in_place(flow):
    themes = rows_of(flow["root"] / "2015" / "themes.csv")
    html = flow["draft"]["zhangjiang_overview"]
    for theme in (t for t in themes if t["subject"] == "张江示范区"):
        assert re.search(
            r'<span class="unreviewed" title="待核对：沿用上一版的文字">\s*' + re.escape(theme["title"]), html
        )
    overview = flow["draft"]["zhangjiang_overview"]
    assert 'class="unreviewed"' in overview
    revenue = next(
        r for r in rows_of(flow["root"] / "2015" / "zhangjiang_indicators.csv") if r["id"] == "zj_total_revenue"
    )
    assert revenue["growth_pct"] + "%" in text_of(overview)
    for span in re.findall(r'<span class="unreviewed"[^>]*>(.*?)</span>', overview):
        assert revenue["growth_pct"] not in span  # new numbers are never marked
    assert flow["svgs"] and not any("unreviewed" in svg for svg in flow["svgs"])


def test_the_review_page_lists_every_unreviewed_row_with_its_command(flow):
    html = flow["draft"]["review"]
    t = text_of(html)
    assert "草稿审阅" in t and "makeconfirmYEAR=2015ALL=1" in t
    assert "makeconfirmYEAR=2015FILE=theme_measures.csvKEY=optimise/1" in t
    rows = len(review.read_table(flow["root"] / "2015" / "review.csv"))
    assert len(re.findall(r"makeconfirmYEAR=2015FILE=[a-z_]+\.csvKEY=", t)) == rows
    assert 'href="generated/review.html"' in flow["draft"]["intro"]  # in the table of contents


def test_a_released_edition_has_no_draft_banner_marks_or_review_page(flow):
    html = flow["released"]
    zizhu = page(html, "zizhu")
    assert "draft-badge" not in zizhu and 'class="unreviewed"' not in zizhu
    assert not (html / "book" / "generated" / "review.html").exists()
    assert "草稿审阅" not in (html / "book" / "intro.html").read_text(encoding="utf-8")


def test_books_brings_every_edition_up_to_date(flow):
    out = flow["out"]
    assert [p.parent.name for p in flow["books"]] == ["2014", "2015"]
    zizhu_2014 = page(out / "2014" / "html", "zizhu")
    assert '2015/html/index.html"' in zizhu_2014 and "draft-badge" not in zizhu_2014
    assert (out / "2014" / "html" / "book" / "generated" / "comparison.html").exists()
    index = (out / "index.html").read_text(encoding="utf-8")
    assert 'href="2014/html/index.html"' in index and 'href="2015/html/index.html"' in index


# --- the README's papermill example ---------------------------------------------------------------


def test_readme_papermill_example_writes_nothing_outside_its_own_folder(tmp_path):
    """The README's example, run as written (with TMPDIR pointing into the test's folder): it writes into the one
    folder it makes, nothing into the repository, and it names the ``lang`` parameter."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    lines = readme.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("papermill notebooks/"))
    script = [line for line in lines[at - 3 : at + 1] if line.startswith(("out=", "papermill notebooks/"))]
    assert script[0].startswith("out=$(mktemp -d)") and "-p lang " in script[1] and '--cwd "$out"' in script[1]
    assert "`lang`" in readme
    status = lambda: [  # noqa: E731
        line
        for line in subprocess.run(
            ["git", "status", "--porcelain", "--ignored"], capture_output=True, text=True, cwd=ROOT
        ).stdout.splitlines()
        if "__pycache__" not in line and ".pytest_cache" not in line
    ]
    before = status()
    env = {**os.environ, "TMPDIR": str(tmp_path), "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}"}
    proc = subprocess.run(["bash", "-c", "\n".join(script)], capture_output=True, text=True, cwd=ROOT, env=env)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert status() == before
    [made] = list(tmp_path.iterdir())  # the one folder the example made, holding everything it wrote
    assert list(made.glob("*.ipynb")) and list((made / "assets").glob("*.svg"))
