"""Where one report's build time goes: each stage of the per-report pipeline, timed in process.

    .venv/bin/python bench/stages.py [--reports 20] [--seed 0]

Prints a Markdown table (median seconds per report over the first REPORTS synthetic reports),
the part of bench/results.md that says why a build target is met or missed.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=20)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT / "bench"))
    import synth

    from courtgraph.extract import extract
    from courtgraph.ingest import read_report
    from courtgraph.rdf import ntriples_lines, report_triples
    from courtgraph.validate import validate_ntriples

    stages = ("read", "extract", "RDF terms", "N-Triples lines", "SHACL (rudof)")
    times: dict[str, list[float]] = {name: [] for name in stages}
    chars: list[int] = []
    triples: list[int] = []
    with tempfile.TemporaryDirectory() as tmp:
        files = synth.write_corpus(args.reports, Path(tmp), seed=args.seed)
        validate_ntriples(ntriples_lines(report_triples(extract(read_report(files[0])))[1]))  # load everything once
        for path in files:
            t0 = time.perf_counter()
            report = read_report(path)
            t1 = time.perf_counter()
            extraction = extract(report)
            t2 = time.perf_counter()
            _, terms = report_triples(extraction)
            t3 = time.perf_counter()
            lines = ntriples_lines(terms)
            t4 = time.perf_counter()
            validate_ntriples(lines)
            t5 = time.perf_counter()
            for name, seconds in zip(stages, (t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4)):
                times[name].append(seconds)
            chars.append(len(report.text))
            triples.append(len(lines))
    total = sum(statistics.median(v) for v in times.values())
    print(f"{args.reports} synthetic reports, median {statistics.median(chars):,.0f} characters and "
          f"{statistics.median(triples):,.0f} triples each; one core, in process.\n")
    print("| stage | median seconds per report | share |")
    print("|---|---:|---:|")
    for name, values in times.items():
        print(f"| {name} | {statistics.median(values):.3f} | {statistics.median(values) / total:.0%} |")
    print(f"| all | {total:.3f} | 100% |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
