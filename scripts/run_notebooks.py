"""Re-execute the notebooks in place from a clean kernel, so their stored outputs are current.

    .venv/bin/python scripts/run_notebooks.py            # all of notebooks/*.ipynb
    .venv/bin/python scripts/run_notebooks.py notebooks/03-partner-network.ipynb

The same input gives byte-identical files: timings and kernel ids are stripped, execution
counts are renumbered from 1, hash seeds and progress bars are fixed off. The test
tests/test_notebooks.py uses ``execute`` and ``comparable_outputs`` from here, so the check
and the refresh cannot drift apart.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
TIMEOUT = 600

# Set for the kernel: fixed hash order, no progress bars, a headless plotting backend.
KERNEL_ENV = {
    "PYTHONHASHSEED": "0",
    "TQDM_DISABLE": "1",
    "MPLBACKEND": "module://matplotlib_inline.backend_inline",
    "SOURCE_DATE_EPOCH": "0",
}

_ADDRESS = re.compile(r"0x[0-9a-fA-F]{4,}")


def execute(path: Path) -> Any:
    """Run the notebook at ``path`` top to bottom in a fresh kernel and return it, cleaned.

    Raises ``nbclient.exceptions.CellExecutionError`` when a cell fails.
    """
    import nbformat
    from nbclient import NotebookClient

    notebook = nbformat.read(path, as_version=4)
    saved = {key: os.environ.get(key) for key in KERNEL_ENV}
    os.environ.update(KERNEL_ENV)
    try:
        client = NotebookClient(
            notebook,
            kernel_name="python3",
            timeout=TIMEOUT,
            resources={"metadata": {"path": str(path.parent)}},
            record_timing=False,
        )
        client.execute()
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    return _clean(notebook)


def _clean(notebook: Any) -> Any:
    """Drop what changes from run to run without the content changing."""
    count = 0
    for cell in notebook.cells:
        cell.metadata.pop("execution", None)
        if cell.cell_type != "code":
            continue
        count += 1
        cell.execution_count = count
        for output in cell.get("outputs", []):
            if "execution_count" in output:
                output["execution_count"] = count
            output.get("metadata", {}).pop("execution", None)
    notebook.metadata.pop("widgets", None)
    notebook.metadata["kernelspec"] = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
    return notebook


def comparable_outputs(notebook: Any) -> list[tuple[int, str, str]]:
    """The outputs a reader sees as text, one entry per output: (cell, kind, text).

    Images and HTML are reduced to their MIME types (their bytes depend on library
    versions); text/plain, streams and errors are kept with memory addresses masked.
    """
    found: list[tuple[int, str, str]] = []
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type != "code":
            continue
        for output in cell.get("outputs", []):
            kind = output["output_type"]
            if kind == "stream":
                text = f"{output['name']}: {output['text']}"
            elif kind == "error":
                text = f"{output['ename']}: {output['evalue']}"
            else:
                data = output.get("data", {})
                text = " ".join(sorted(data)) + "\n" + str(data.get("text/plain", ""))
            found.append((index, kind, _ADDRESS.sub("0x…", text)))
    return found


def write(notebook: Any, path: Path) -> None:
    """Write atomically, in the layout nbformat uses (one-space indent, sorted keys)."""
    import nbformat

    from courtgraph.files import write_text

    write_text(path, nbformat.writes(notebook) + "\n")


def main(argv: list[str]) -> int:
    paths = [Path(a).resolve() for a in argv] or sorted(NOTEBOOKS.glob("*.ipynb"))
    for path in paths:
        print(f"running {path.relative_to(ROOT)}", file=sys.stderr)
        write(execute(path), path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
