"""SHACL once over the corpus store (``validate_store``) against rudof once per report.

Run: ``.venv/bin/python bench/bench_validate.py [--reports 100] [--runs 3] [--work DIR]``.

Writes ``--reports`` synthetic reports with bench/synth.py, builds them with ``courtgraph build``
(cached under ``--work``, so a second run skips the build), loads the TriG the build wrote into an
in-memory Oxigraph store and times, each the median of ``--runs``:

- rudof on each report alone (what the build does today, ``validate_ntriples`` with
  ``engine="rudof"``): its named graph, plus the shared-graph facts about the nodes it reaches
  when the build keeps each fact once; summed over the reports;
- ``validate_store`` over the whole store, with each property shape's checks merged into one
  query and with one query per constraint;
- ``validate_store(graphs=[one report, the shared graph])``: adding one report to the built corpus.

Prints a Markdown table; nothing is asserted (timings are no tests).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def median_seconds(runs: int, work: Callable[[], Any]) -> tuple[float, Any]:
    times = []
    result = None
    for _ in range(runs):
        started = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def build(reports: int, work: Path, seed: int) -> Path:
    corpus = work / f"reports-{reports}-seed{seed}"
    out = work / f"out-{reports}-seed{seed}"
    trig = out / "courtgraph.trig"
    if trig.exists():
        return trig
    subprocess.run([sys.executable, str(ROOT / "bench" / "synth.py"), "--reports", str(reports), "--out", str(corpus),
                    "--seed", str(seed)], check=True, stdout=subprocess.DEVNULL)
    courtgraph = Path(sys.executable).with_name("courtgraph")
    started = time.perf_counter()
    subprocess.run([str(courtgraph), "build", str(corpus), "--out", str(out), "--no-html", "--no-cache"],
                   check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
    print(f"built {reports} reports in {time.perf_counter() - started:.1f} s: {trig}", file=sys.stderr)
    return trig


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=100)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "courtgraph-bench-validate")
    args = parser.parse_args(argv)

    import pyoxigraph as ox

    from courtgraph.rdf import SHARED_GRAPH, VOCAB_GRAPH
    from courtgraph.shapes_sparql import compile_checks
    from courtgraph.validate import _store_checks, load_shapes, validate_ntriples, validate_store

    trig = build(args.reports, args.work, args.seed)
    load_time, store = median_seconds(1, lambda: _load(trig))
    # each report's lines as the build wrote them: read with the parser, not from the store,
    # which turns xsd:nonNegativeInteger into xsd:integer (rudof would then reject every offset)
    # With each fact once (a shared graph beside the report graphs), a report's lines are its
    # graph's plus the shared facts about the nodes it reaches (its courts, agencies, initiatives
    # and their places, followed link by link): what the build gives rudof for that report.
    per_report: dict[str, set[str]] = {}
    with open(trig, "rb") as handle:
        for quad in ox.parse(handle, format=ox.RdfFormat.TRIG):
            if isinstance(quad.graph_name, ox.NamedNode) and quad.graph_name.value != str(VOCAB_GRAPH):
                per_report.setdefault(quad.graph_name.value, set()).add(f"{quad.subject} {quad.predicate} {quad.object} .\n")
    shared = per_report.pop(str(SHARED_GRAPH), set())
    names = sorted(per_report)
    lines_of = {name: sorted(per_report[name] | _reached(per_report[name], shared)) for name in names}
    triples = sum(len(lines) for lines in lines_of.values())

    validate_ntriples(lines_of[names[0]], engine="rudof")  # rudof's shapes parsed once, as in a worker
    rudof_time, verdicts = median_seconds(args.runs, lambda: [validate_ntriples(lines, engine="rudof").conforms for lines in lines_of.values()])
    compile_started = time.perf_counter()
    merged = _store_checks()
    compile_time = time.perf_counter() - compile_started
    single = compile_checks(load_shapes(), merge=False)
    merged_time, merged_report = median_seconds(args.runs, lambda: validate_store(store, checks=merged))
    single_time, single_report = median_seconds(args.runs, lambda: validate_store(store, checks=single))
    last = names[len(names) // 2]
    # the report's graph and the shared one, which typed the report's courts, agencies and initiatives
    added = [last, str(SHARED_GRAPH)] if shared else [last]
    one_time, one_report = median_seconds(args.runs, lambda: validate_store(store, graphs=added, checks=merged))

    print(f"{len(names)} report graphs, {triples:,} triples in report graphs, {len(store):,} quads in the store "
          f"(TriG loaded in {load_time:.2f} s); every check agrees: "
          f"rudof {sum(verdicts)}/{len(verdicts)} conform, validate_store conforms={merged_report.conforms} "
          f"({len(merged_report.violations)} violations, {len(single_report.violations)} with one query per constraint), "
          f"one report conforms={one_report.conforms}")
    print()
    print("| check | queries | median of %d | per report |" % args.runs)
    print("|---|---|---|---|")
    print(f"| rudof, each report alone (as the build gives it), summed | {len(names)} validations | {rudof_time:.2f} s | {rudof_time / len(names) * 1000:.0f} ms |")
    print(f"| validate_store, whole store, merged checks | {len(merged)} | {merged_time:.2f} s | {merged_time / len(names) * 1000:.0f} ms |")
    print(f"| validate_store, whole store, one query per constraint | {len(single)} | {single_time:.2f} s | {single_time / len(names) * 1000:.0f} ms |")
    print(f"| validate_store(graphs={'[one report, shared]' if shared else '[one report]'}) on the store of {len(names)} | {len(merged)} | {one_time:.3f} s | — |")
    print(f"| compiling shapes.ttl into SPARQL (once per process) | — | {compile_time:.2f} s | — |")
    return 0


def _reached(own: set[str], shared: set[str]) -> set[str]:
    """The shared lines whose subject the report's lines reach, directly or through other shared lines."""
    about: dict[str, list[str]] = {}
    for line in shared:
        about.setdefault(line.split(" ", 1)[0], []).append(line)
    seen: set[str] = set()
    todo = [term for line in own for term in (line.split(" ", 1)[0], line.split(" ", 2)[2].rsplit(" ", 1)[0])]
    found: set[str] = set()
    while todo:
        term = todo.pop()
        if term in seen or term not in about:
            continue
        seen.add(term)
        for line in about[term]:
            found.add(line)
            todo.append(line.split(" ", 2)[2].rsplit(" ", 1)[0])
    return found


def _load(trig: Path) -> Any:
    import pyoxigraph as ox

    store = ox.Store()
    store.bulk_load(path=str(trig), format=ox.RdfFormat.TRIG)
    return store


if __name__ == "__main__":
    sys.exit(main())
