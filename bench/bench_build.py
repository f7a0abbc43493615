"""Time ``courtgraph build`` on the seed reports and count the triples it writes.

Usage: ``.venv/bin/python bench/bench_build.py [--runs 3] [SOURCE ...]`` (default: seeds/).
Each run is a fresh ``courtgraph build`` process, so the figure includes start-up, extraction,
RDF, SHACL validation and writing every format: what a user waits for.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("sources", nargs="*", default=[str(ROOT / "seeds")])
    args = parser.parse_args(argv)
    cli = Path(sys.executable).with_name("courtgraph")
    times = []
    with tempfile.TemporaryDirectory() as tmp:
        for run in range(args.runs):
            out = Path(tmp) / f"run{run}"
            started = time.perf_counter()
            subprocess.run([str(cli), "build", *args.sources, "--out", str(out)], check=True, cwd=ROOT, capture_output=True)
            times.append(time.perf_counter() - started)
        from rdflib import Dataset, Graph

        turtle = Graph().parse(out / "courtgraph.ttl", format="turtle")
        trig = Dataset()
        trig.parse(out / "courtgraph.trig", format="trig")
        graphs = sorted(str(g.identifier) for g in trig.graphs() if len(g))
        sizes = {p.name: p.stat().st_size for p in sorted(out.iterdir())}
    print(f"sources: {' '.join(args.sources)}")
    print(f"triples: {len(turtle)} in {len(graphs)} named graph(s)")
    for name in graphs:
        print(f"  {name}")
    print(f"courtgraph build wall time over {args.runs} run(s): median {statistics.median(times):.2f} s, "
          f"min {min(times):.2f} s, max {max(times):.2f} s")
    for name, size in sizes.items():
        print(f"  {name}: {size} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
