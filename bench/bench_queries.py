#!/usr/bin/env python3
"""Every named query timed on an Oxigraph store of a built corpus, answers checked against rdflib.

Each query runs through the one path a user's query takes (``sparql.check`` →
``query.execute`` → ``results.format_result``, CSV) on an embedded Oxigraph store, in a worker
process that opens the store read-only (so a query over the time limit is ended by ending its
worker, not left running on a shared core). Its rows are compared with rdflib's in-memory
store's for corpora up to ``--rdflib-max`` reports, and with the queries of another folder
(``--before``) when given. Parameterised queries get values that occur in the corpus (the first
court and year, initiative, theme and organisation by name), since the defaults name the seed.

Usage::

    .venv/bin/python bench/synth.py --reports 100 --out /tmp/q/c100
    .venv/bin/courtgraph build /tmp/q/c100 --out /tmp/q/o100 --no-html
    .venv/bin/python bench/bench_queries.py --graph /tmp/q/o100/courtgraph.trig --store-dir /tmp/q/s100 \\
        [--runs 3] [--rdflib-max 10] [--before OLD_QUERIES_DIR] [--timeout 300] [--only cq01 ...]
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import multiprocessing
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = ["Measurement", "Answer", "measure", "markdown", "main"]

# Values for the parameters of the named queries, found in the corpus itself (first by name)
_PROBES = {
    ("court", "year"): """SELECT ?court ?year WHERE {
        ?r a cg:WorkReport ; cg:court ?c ; cg:year ?y . ?c rdfs:label ?court .
        FILTER(LANG(?court) = "zh") BIND(STR(?y) AS ?year) } ORDER BY ?court ?year LIMIT 1""",
    ("name",): """SELECT ?name WHERE { ?i a cg:Initiative ; rdfs:label ?l . FILTER(LANG(?l) = "zh")
        BIND(STR(?l) AS ?name) } ORDER BY ?name LIMIT 1""",
    ("theme",): """SELECT ?theme WHERE { ?t a cg:Theme ; rdfs:label ?l . FILTER(LANG(?l) = "zh")
        BIND(STR(?l) AS ?theme) } ORDER BY ?theme LIMIT 1""",
    ("org",): """SELECT ?org WHERE { ?o a cg:Organisation ; cg:orgKind <https://w3id.org/courtgraph/vocab/org-kind/procuratorate> ;
        cg:mention ?m . BIND(STR(?m) AS ?org) } ORDER BY ?org LIMIT 1""",
}


@dataclass(frozen=True)
class Answer:
    """What one engine gave for one query: its rows (as a multiset digest) and its run times."""

    seconds: tuple[float, ...] = ()
    rows: int = 0
    distinct: int = 0
    digest: str = ""  # of the multiset of normalised rows
    distinct_digest: str = ""
    error: str = ""

    @property
    def median_ms(self) -> float | None:
        return statistics.median(self.seconds) * 1000 if self.seconds else None


@dataclass
class Measurement:
    name: str
    after: Answer
    before: Answer | None = None
    rdflib: Answer | None = None
    params: dict[str, str] = field(default_factory=dict)


def _normalised(csv_text: str) -> list[tuple[str, ...]]:
    rows = list(csv.reader(io.StringIO(csv_text)))[1:]
    # GROUP_CONCAT's order is unspecified: compare its parts as sorted lists
    return [tuple("、".join(sorted(re.split("[、；]", cell))) for cell in row) for row in rows]


def _digest(rows: Sequence[tuple[str, ...]]) -> str:
    h = hashlib.sha256()
    for row in sorted(rows):
        h.update("\x1f".join(row).encode("utf-8") + b"\x1e")
    return h.hexdigest()


def _answer(seconds: list[float], csv_text: str) -> Answer:
    rows = _normalised(csv_text)
    distinct = sorted(Counter(rows))
    return Answer(tuple(seconds), len(rows), len(distinct), _digest(rows), _digest(distinct))


def _worker(engine: str, source: str, jobs: list[tuple[str, str, dict[str, str]]], runs: int, conn: Any) -> None:
    """Run ``jobs`` (name, text, params) in turn, sending one (name, Answer) each."""
    from courtgraph.query import execute
    from courtgraph.results import format_result
    from courtgraph.sparql import check

    if engine == "oxigraph":
        import pyoxigraph

        target: Any = pyoxigraph.Store.read_only(source)
    else:
        from courtgraph.sources import load_dataset

        target = load_dataset([source], store="memory")
    for name, text, params in jobs:
        try:
            seconds = []
            for _ in range(runs):
                start = time.perf_counter()
                checked = check(text, graphs=None)
                out = format_result(execute(checked, target, params=params), "csv")
                seconds.append(time.perf_counter() - start)
            conn.send((name, _answer(seconds, out)))
        except Exception as exc:  # reported in the table, the other queries go on
            conn.send((name, Answer(error=f"{type(exc).__name__}: {exc}".splitlines()[0][:120])))


def _run_all(engine: str, source: str, jobs: list[tuple[str, str, dict[str, str]]], runs: int,
             timeout: float) -> dict[str, Answer]:
    """Every job's answer; a job over ``timeout`` seconds (all its runs) ends its worker, and a
    new worker takes the jobs after it."""
    context = multiprocessing.get_context("spawn")
    answers: dict[str, Answer] = {}
    pending = list(jobs)
    while pending:
        parent, child = context.Pipe()
        process = context.Process(target=_worker, args=(engine, source, pending, runs, child), daemon=True)
        process.start()
        child.close()
        # the worker first opens its store: an rdflib load of a big corpus takes minutes
        waited_for_load = False
        while pending:
            name = pending[0][0]
            limit = timeout if waited_for_load else timeout + 600
            if not parent.poll(limit):
                answers[name] = Answer(error=f"over {timeout:g} s")
                pending.pop(0)
                process.kill()
                process.join()
                break
            try:
                got, answer = parent.recv()
            except EOFError:
                answers[name] = Answer(error="worker died")
                pending.pop(0)
                break
            waited_for_load = True
            answers[got] = answer
            pending.pop(0)
            print(f"  {engine:8s} {got:28s} {_ms(answer)}", file=sys.stderr, flush=True)
        else:
            process.join()
    return answers


def corpus_params(store_dir: Path) -> dict[str, str]:
    """Values of every named query parameter that occur in the corpus of ``store_dir``."""
    import pyoxigraph

    from courtgraph.sparql import check

    store = pyoxigraph.Store.read_only(str(store_dir))
    found: dict[str, str] = {}
    for names, sparql in _PROBES.items():
        for solution in store.query(check(sparql).text, use_default_graph_as_union=True):
            for name in names:
                found[name] = solution[name].value
    return found


def open_store(graph: Path, store_dir: Path) -> int:
    """Bulk-load ``graph`` (a built TriG or N-Quads file) into ``store_dir`` unless it is there;
    the number of reports in it."""
    import pyoxigraph

    from courtgraph.sources import oxigraph_format
    from courtgraph.sparql import check

    if not store_dir.exists():
        store = pyoxigraph.Store(str(store_dir))
        store.bulk_load(path=str(graph), format=oxigraph_format(graph))
        store.flush()
        store.optimize()
        del store
    store = pyoxigraph.Store.read_only(str(store_dir))
    count = "SELECT (COUNT(DISTINCT ?r) AS ?n) WHERE { ?r a cg:WorkReport }"
    return int(next(iter(store.query(check(count).text, use_default_graph_as_union=True)))["n"].value)


def measure(graph: Path, store_dir: Path, *, runs: int = 3, rdflib: bool = False, before: Path | None = None,
            timeout: float = 300.0, only: Sequence[str] = ()) -> tuple[int, list[Measurement]]:
    """The corpus's report count and one Measurement per named query (package queries as "after")."""
    from courtgraph.query import named_queries

    reports = open_store(graph, store_dir)
    values = corpus_params(store_dir)
    after = named_queries()
    old = named_queries(before) if before is not None else {}
    names = [n for n in after if not only or n in only]

    def jobs(queries: Mapping[str, Any]) -> list[tuple[str, str, dict[str, str]]]:
        return [(n, queries[n].text, {p: values.get(p, d) for p, d in queries[n].params.items()})
                for n in names if n in queries]

    got_after = _run_all("oxigraph", str(store_dir), jobs(after), runs, timeout)
    got_before = _run_all("oxigraph", str(store_dir), jobs(old), runs, timeout) if old else {}
    got_rdflib = _run_all("rdflib", str(graph), jobs(after), 1, timeout) if rdflib else {}
    found = []
    for n in names:
        params = {p: values.get(p, d) for p, d in after[n].params.items()}
        found.append(Measurement(n, got_after[n], got_before.get(n), got_rdflib.get(n), params))
    return reports, found


def _ms(answer: Answer | None) -> str:
    if answer is None:
        return "–"
    if answer.error:
        return answer.error
    ms = answer.median_ms
    return f"{ms:,.1f} ms" if ms is not None and ms < 1000 else f"{(ms or 0) / 1000:,.2f} s"


def _same(a: Answer, b: Answer | None) -> str:
    if b is None or b.error or a.error:
        return "–"
    if a.digest == b.digest:
        return "same"
    if a.distinct_digest == b.distinct_digest:
        return "same distinct"
    return "**differ**"


def markdown(reports: int, measurements: Sequence[Measurement], *, runs: int) -> str:
    """One table: Oxigraph median of ``runs`` after (and before), rows, and agreement."""
    lines = [
        f"{reports:,} reports; Oxigraph, in process (check → execute → CSV), median of {runs} run(s).",
        "",
        "| query | before | after | rows | distinct rows | same as before | same as rdflib |",
        "|---|---:|---:|---:|---:|---|---|",
    ]
    for m in measurements:
        lines.append(
            f"| {m.name} | {_ms(m.before)} | {_ms(m.after)} | {m.after.rows:,} | {m.after.distinct:,} | "
            f"{_same(m.after, m.before)} | {_same(m.after, m.rdflib)} |"
        )
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Time every named query on Oxigraph; compare with rdflib.")
    parser.add_argument("--graph", type=Path, required=True, help="built corpus graph (courtgraph.trig)")
    parser.add_argument("--store-dir", type=Path, required=True, help="Oxigraph store folder (loaded once)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--rdflib-max", type=int, default=10, help="compare with rdflib up to this many reports")
    parser.add_argument("--before", type=Path, help="folder of the queries to compare against (*.rq)")
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds for all runs of one query")
    parser.add_argument("--only", nargs="*", default=(), help="query names to run (default: all)")
    args = parser.parse_args(argv)
    reports = open_store(args.graph, args.store_dir)
    _, found = measure(args.graph, args.store_dir, runs=args.runs, rdflib=reports <= args.rdflib_max,
                       before=args.before, timeout=args.timeout, only=args.only)
    print(markdown(reports, found, runs=args.runs), end="")
    return 0 if all(_same(m.after, m.rdflib) != "**differ**" for m in found) else 1


if __name__ == "__main__":
    sys.exit(main())
