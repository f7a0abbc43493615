"""Every notebook runs top to bottom from a clean kernel, and its stored outputs are current.

A notebook whose code or library changed without re-running ``scripts/run_notebooks.py``
fails here: the text a reader sees on GitHub must be what a fresh run prints.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
EXPECTED = ["01-from-report-to-graph.ipynb", "02-asking-the-graph.ipynb", "03-partner-network.ipynb", "04-comparing-reports.ipynb"]


def _runner() -> Any:
    spec = importlib.util.spec_from_file_location("run_notebooks", ROOT / "scripts" / "run_notebooks.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_notebooks_exist() -> None:
    assert [p.name for p in NOTEBOOKS] == EXPECTED


@pytest.mark.notebook
@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_runs_and_stored_outputs_are_current(path: Path) -> None:
    import nbformat

    runner = _runner()
    stored = nbformat.read(path, as_version=4)
    fresh = runner.execute(path)  # raises CellExecutionError on any failing cell
    assert not [o for c in fresh.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert all(c.execution_count for c in stored.cells if c.cell_type == "code"), "stored notebook was not run"
    stored_outputs = runner.comparable_outputs(stored)
    fresh_outputs = runner.comparable_outputs(fresh)
    assert stored_outputs == fresh_outputs, (
        f"{path.name}: stored outputs differ from a fresh run; run .venv/bin/python scripts/run_notebooks.py notebooks/{path.name}"
    )
    assert [c.source for c in stored.cells] == [c.source for c in fresh.cells]


@pytest.mark.notebook
def test_stale_outputs_are_detected(tmp_path: Path) -> None:
    """The comparison must be able to fail: a notebook whose stored output is wrong."""
    import nbformat
    from nbformat.v4 import new_code_cell, new_notebook, new_output

    runner = _runner()
    notebook = new_notebook(cells=[new_code_cell("print(6 * 7)")])
    notebook.cells[0].outputs = [new_output("stream", name="stdout", text="41\n")]
    notebook.cells[0].execution_count = 1
    path = tmp_path / "stale.ipynb"
    nbformat.write(notebook, path)
    fresh = runner.execute(path)
    assert runner.comparable_outputs(fresh) == [(0, "stream", "stdout: 42\n")]
    assert runner.comparable_outputs(fresh) != runner.comparable_outputs(nbformat.read(path, as_version=4))


def test_memory_addresses_are_masked() -> None:
    from nbformat.v4 import new_code_cell, new_notebook, new_output

    runner = _runner()
    a = new_notebook(cells=[new_code_cell("x")])
    b = new_notebook(cells=[new_code_cell("x")])
    a.cells[0].outputs = [new_output("execute_result", data={"text/plain": "<Graph at 0x7f3a2b1c9d80>"}, execution_count=1)]
    b.cells[0].outputs = [new_output("execute_result", data={"text/plain": "<Graph at 0x7f00deadbeef>"}, execution_count=1)]
    assert runner.comparable_outputs(a) == runner.comparable_outputs(b)
