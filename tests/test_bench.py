"""The benchmark suite runs end to end on the smallest corpus, so that it cannot rot.

No time is asserted here: the suite measures, bench/results.md records, people judge.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_the_suite_runs_on_one_report_and_writes_every_section(tmp_path: Path) -> None:
    out = tmp_path / "results.md"
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "run.py"), "--sizes", "1", "--runs", "1", "--quick",
         "--work", str(tmp_path / "work"), "--out", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=900,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    text = out.read_text(encoding="utf-8")
    for heading in (
        "## Targets",
        "## 1. Extraction throughput",
        "## 2a. The seed end to end, and start-up",
        "## 2b. `courtgraph build` on synthetic corpora",
        "## 3. Named queries",
        "## 5. The network view",
        "## 6. The SPARQL endpoint under load",
    ):
        assert heading in text, heading
    assert re.search(r"- Commit: [0-9a-f]{40}", text)
    assert re.search(r"- Machine: .+ cores usable, [\d.]+ GiB memory", text)
    # the one-report corpus was built, queried and drawn: every row carries real numbers
    build_row = re.search(r"^\| 1 \| ([\d,]+) \| ([\d.]+) s \| ([\d,]+) MiB \| ([\d.]+) s \|", text, re.M)
    assert build_row and int(build_row.group(1).replace(",", "")) > 1000
    assert int(build_row.group(3).replace(",", "")) > 0
    query_rows = re.findall(r"^\| (cq\d\d|[a-z-]+) \| [\d.]+ \| [\d.]+ \|", text, re.M)
    assert {f"cq{n:02d}" for n in range(1, 13)} <= set(query_rows)
    assert "errors: 0" in text
    assert "time to interactive in headless Chromium" in text
    # the synthetic corpus left on disk is what the generator writes for seed 0
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        import synth
    finally:
        sys.path.pop(0)
    name, report = synth.generate_report(0, 0)
    assert (tmp_path / "work" / "corpus-1" / name).read_text(encoding="utf-8") == report
