"""Source notebooks are clean and parameterized; each runs alone under papermill."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from zjbook.pipeline.execute import source_notebooks

ROOT = Path(__file__).parents[1]
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


#: The notebook test_a_notebook_runs_alone_with_papermill looks into: its run alone is made once and shared with
#: test_each_notebook_runs_alone_with_papermill (one xdist group, so that both find it on the same worker).
OVERVIEW = "zhangjiang_overview"
SHARED_RUN = pytest.mark.xdist_group("papermill-overview")


@pytest.fixture(scope="session")
def papermill_alone(tmp_path_factory):
    """``run(path)``: the notebook run alone with papermill (year 2014, every other parameter its default) in a
    folder of its own, once per notebook and worker; returns (the finished process, that folder, the output
    notebook)."""
    runs: dict[Path, tuple[subprocess.CompletedProcess, Path, Path]] = {}

    def run(path: Path):
        if path not in runs:
            folder = tmp_path_factory.mktemp(f"papermill-{path.stem}")
            out = folder / "out.ipynb"
            proc = subprocess.run(
                [
                    str(Path(sys.executable).with_name("papermill")),
                    str(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path),
                    str(out),
                    "-p",
                    "year",
                    "2014",
                    "--cwd",
                    str(folder),
                ],
                capture_output=True,
                text=True,
                cwd=ROOT,
            )
            runs[path] = (proc, folder, out)
        return runs[path]

    return run


@pytest.mark.parametrize(
    "path",
    [pytest.param(p, marks=SHARED_RUN) if p.stem == OVERVIEW else p for p in NOTEBOOKS],
    ids=lambda p: p.stem,
)
def test_each_notebook_runs_alone_with_papermill(path, papermill_alone):
    proc, _, out = papermill_alone(path)
    assert proc.returncode == 0, proc.stderr[-2000:]
    outputs = [o for c in json.loads(out.read_text(encoding="utf-8"))["cells"] for o in c.get("outputs", [])]
    assert outputs and not any(o.get("output_type") == "error" or o.get("name") == "stderr" for o in outputs)


@SHARED_RUN
def test_a_notebook_runs_alone_with_papermill(papermill_alone):
    path = next(p for p in NOTEBOOKS if p.stem == OVERVIEW)
    assert path == ROOT / "notebooks" / f"{OVERVIEW}.ipynb"
    proc, tmp_path, out = papermill_alone(path)
    assert proc.returncode == 0, proc.stderr[-2000:]
    text = out.read_text(encoding="utf-8")
    assert "2.65万亿元" in text and "12.2%" in text
    assert (tmp_path / "assets" / "zj-indicators.svg").stat().st_size > 10_000
    assert "26500" in (tmp_path / "assets" / "zj-indicators.csv").read_text(encoding="utf-8")
