"""``make confirm`` checks each carried row as it is NOW against the new report's text (extract's rule): a row the
analyst rewrote to match the text is confirmed without KEEP; a row rewritten away from it is refused."""

import csv
import shutil

import pytest

from zjbook import cli, paths
from zjbook.data import review
from zjbook.data.extract import extract

TEXT = """第四部分 张江示范区与区县创新

4.2 区：激发活力，厚植创新土壤

人才引育多点开花

嘉定区出台《嘉定区人才安居实施办法》，全年筹集人才公寓约3000套；嘉定区建设汽车智能化与新能源汽车产业集群。
"""
ACTIONS = "district_actions.csv"


def _set_items(path, key, items):
    rows = list(csv.DictReader(path.read_text(encoding="utf-8").splitlines()))
    for r in rows:
        if f"{r['theme_id']}/{r['order']}" == key:
            r["items"] = items
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


def _mentioned(folder):
    return {(r["file"], r["key"]): (r["status"], r["mentioned"]) for _, r in review.read_table(folder / "review.csv")}


@pytest.fixture
def drafted(tmp_path, monkeypatch):
    root = tmp_path / "data"
    shutil.copytree(paths.DATA / "2014", root / "2014")
    source = tmp_path / "part4.txt"
    source.write_text(TEXT, encoding="utf-8")
    monkeypatch.setattr(paths, "BUILD", tmp_path / "_build")
    extract(2033, source, 2014, root, tmp_path / "_build")
    folder = root / "2033"
    # structure/7 (嘉定区: 汽车智能化；新能源汽车) is in the text; collaboration/6 (嘉定区, a memorandum) is not
    assert _mentioned(folder)[(ACTIONS, "structure/7")][1].isdigit()
    assert _mentioned(folder)[(ACTIONS, "collaboration/6")] == ("unreviewed", "no")
    return folder, source


def test_extract_keeps_the_text_beside_its_checklist(drafted, tmp_path):
    assert (tmp_path / "_build" / "2033" / review.SOURCE_COPY).read_text(encoding="utf-8") == TEXT


def test_a_row_rewritten_to_match_the_text_is_confirmed(drafted):
    folder, source = drafted
    _set_items(folder / ACTIONS, "collaboration/6", "《嘉定区人才安居实施办法》；人才公寓")
    before = review.confirm_rows(folder, ACTIONS, "collaboration/6")  # without the text: extract's record
    assert [e.key for e in before.refused] == ["collaboration/6"]
    after = review.confirm_rows(folder, ACTIONS, "collaboration/6", lines=TEXT.splitlines())
    assert not after.refused
    assert _mentioned(folder)[(ACTIONS, "collaboration/6")] == ("confirmed", "7")


def test_a_row_rewritten_away_from_the_text_is_refused(drafted):
    folder, _ = drafted
    _set_items(folder / ACTIONS, "structure/7", "生物医药；集成电路")
    result = review.confirm_rows(folder, ACTIONS, "structure/7", lines=TEXT.splitlines())
    assert [e.key for e in result.refused] == ["structure/7"]
    assert _mentioned(folder)[(ACTIONS, "structure/7")] == ("unreviewed", "no")


def test_cli_confirm_uses_the_text_extract_kept(drafted, capsys):
    folder, _ = drafted
    _set_items(folder / ACTIONS, "collaboration/6", "《嘉定区人才安居实施办法》；人才公寓")
    args = ["confirm", "--year", "2033", "--file", ACTIONS, "--key", "collaboration/6"]
    assert cli.main([*args, "--data-root", str(folder.parent)]) == 0
    out = capsys.readouterr().out
    assert "已确认：district_actions.csv collaboration/6（新文本第7行提到）" in out


def test_cli_confirm_with_source_and_without_any_text(drafted, tmp_path, capsys):
    folder, source = drafted
    (tmp_path / "_build" / "2033" / review.SOURCE_COPY).unlink()
    _set_items(folder / ACTIONS, "collaboration/6", "《嘉定区人才安居实施办法》；人才公寓")
    args = [
        "confirm",
        "--year",
        "2033",
        "--file",
        ACTIONS,
        "--key",
        "collaboration/6",
        "--data-root",
        str(folder.parent),
    ]
    assert cli.main(args) == 1
    err = capsys.readouterr().err
    assert "SOURCE=<报告文本>" in err
    assert cli.main([*args, "--source", str(source)]) == 0
    assert _mentioned(folder)[(ACTIONS, "collaboration/6")] == ("confirmed", "7")
