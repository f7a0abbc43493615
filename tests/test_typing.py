"""The package type-checks: its public functions are typed and ``py.typed`` is honest."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_mypy_is_clean_on_the_package():
    proc = subprocess.run(
        [sys.executable, "-m", "mypy", "--no-error-summary", str(ROOT / "src" / "courtgraph")],
        capture_output=True, text=True, cwd=ROOT, timeout=600,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
