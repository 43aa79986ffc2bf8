"""Source notebooks are clean and parameterized; each runs alone under papermill."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from zjbook.pipeline.execute import source_notebooks

NOTEBOOKS = source_notebooks()


def test_there_are_notebooks():
    assert {p.stem for p in NOTEBOOKS} >= {"zhangjiang_overview", "data_appendix"}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_committed_without_outputs_and_with_parameters(path):
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    code = [c for c in cells if c["cell_type"] == "code"]
    assert all(not c["outputs"] and c["execution_count"] is None for c in code)
    params = [c for c in code if "parameters" in c["metadata"].get("tags", [])]
    assert len(params) == 1 and "year: int" in "".join(params[0]["source"])


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_a_page_is_opened_then_titled(path):
    """The cell after the parameters opens the page; the next one gives it its title (from the wording): the
    build turns the title into the page's first Markdown cell."""
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    code = ["".join(c["source"]) for c in cells if c["cell_type"] == "code"]
    assert "page = Page(year, lang=lang, data_root=data_root, assets=assets)" in code[1]
    assert code[2].startswith("page.title(")
    assert not any('Markdown("#' in c or "display(" in c for c in code)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_each_notebook_runs_alone_with_papermill(path, tmp_path):
    out = tmp_path / "out.ipynb"
    proc = subprocess.run(
        [
            str(Path(sys.executable).with_name("papermill")),
            str(path),
            str(out),
            "-p",
            "year",
            "2014",
            "--cwd",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        cwd=Path(__file__).parents[1],
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    outputs = [o for c in json.loads(out.read_text(encoding="utf-8"))["cells"] for o in c.get("outputs", [])]
    assert outputs and not any(o.get("output_type") == "error" or o.get("name") == "stderr" for o in outputs)


def test_a_notebook_runs_alone_with_papermill(tmp_path):
    out = tmp_path / "out.ipynb"
    proc = subprocess.run(
        [
            str(Path(sys.executable).with_name("papermill")),
            "notebooks/zhangjiang_overview.ipynb",
            str(out),
            "-p",
            "year",
            "2014",
            "--cwd",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        cwd=Path(__file__).parents[1],
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    text = out.read_text(encoding="utf-8")
    assert "2.65万亿元" in text and "12.2%" in text
    assert (tmp_path / "assets" / "zj-indicators.svg").stat().st_size > 10_000
    assert "26500" in (tmp_path / "assets" / "zj-indicators.csv").read_text(encoding="utf-8")
