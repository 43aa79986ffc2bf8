"""Notebook execution: atomic writes, one-line failures, and no state carried between notebooks."""

import nbformat
from nbformat.v4 import new_code_cell, new_notebook

from zjbook.pipeline.execute import execute_all


def notebook(path, *sources):
    cells = [new_code_cell(s) for s in sources]
    cells[0].metadata["tags"] = ["parameters"]
    nbformat.write(
        new_notebook(
            cells=cells, metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}}
        ),
        path,
    )
    return path


def params(stem):
    return {"year": 2014}


def test_failed_cell_leaves_no_page_and_one_line(tmp_path):
    src = notebook(tmp_path / "broken.ipynb", "year = 0", "1 / 0")
    out = tmp_path / "out"
    lines = []
    [run] = execute_all(out, params, [src], jobs=1, report=lines.append)
    assert run.error == "ZeroDivisionError: division by zero"
    assert not (out / "broken.ipynb").exists() and not list(out.glob(".*partial*"))
    assert len(lines) == 1 and "broken" in lines[0]


def test_each_notebook_starts_with_an_empty_namespace(tmp_path):
    first = notebook(tmp_path / "a_first.ipynb", "year = 0", "leak = 42")
    second = notebook(tmp_path / "b_second.ipynb", "year = 0", "print(leak)")
    runs = execute_all(tmp_path / "out", params, [first, second], jobs=1, report=lambda *_: None)
    assert runs[0].error is None
    assert runs[1].error.startswith("NameError")


def test_executed_notebook_is_ready_for_the_book(tmp_path):
    src = notebook(tmp_path / "ok.ipynb", "year = 0", "print(year)")
    [run] = execute_all(tmp_path / "out", params, [src], jobs=1, report=lambda *_: None)
    nb = nbformat.read(tmp_path / "out" / "ok.ipynb", as_version=4)
    tags = [c.metadata.get("tags", []) for c in nb.cells]
    assert tags[0] == ["parameters", "remove-cell"]
    assert "injected-parameters" in tags[1] and "remove-cell" in tags[1]
    assert tags[2] == ["remove-input"] and nb.cells[2].outputs[0]["text"] == "2014\n"
    assert all(c.execution_count is None for c in nb.cells)
    assert "start_time" not in nb.metadata["papermill"]
