"""Sources → one validated graph per report, in parallel and through the build cache.

Each source (a report text, an extraction file or a graph file) is turned into N-Triples
lines by one worker process: extraction, RDF and SHACL validation of that report alone.
The lines go to the cache (:mod:`courtgraph.cache`); the caller gets a small
:class:`ReportGraph` back and reads the lines from the cache when it writes the outputs, so
neither the workers' results nor the whole corpus ever sit in memory at once.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from courtgraph.cache import Entry, read_entry, source_key, write_entry

__all__ = ["ReportGraph", "report_graphs", "default_jobs"]


@dataclass(frozen=True)
class ReportGraph:
    """What one source became: the named graph, its size, and whether it came from the cache."""

    source: str
    key: str
    graph: str
    triples: int
    conforms: bool
    violations: tuple[str, ...]
    cached: bool


def default_jobs() -> int:
    """The cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def report_graphs(files: Sequence[Path], *, cache_dir: Path, jobs: int | None = None) -> list[ReportGraph]:
    """The graph of every file, in the order given; cached entries are reused, not rebuilt."""
    tasks = [(str(path), str(cache_dir)) for path in files]
    jobs = max(1, jobs or default_jobs())
    if jobs == 1 or len(tasks) < 2:
        return [_one(task) for task in tasks]
    import multiprocessing

    # Not a plain fork: the parent may already run Oxigraph's or rudof's native threads, and a
    # child forked while one of them holds a lock waits for ever. A fork server is a fresh
    # process that has imported the pipeline once; workers are forked from it.
    method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
    context = multiprocessing.get_context(method)
    if method == "forkserver":
        multiprocessing.set_forkserver_preload(["courtgraph.extract", "courtgraph.rdf", "courtgraph.validate", "courtgraph.sources"])
    chunk = max(1, len(tasks) // (jobs * 16))
    with context.Pool(min(jobs, len(tasks))) as pool:
        return list(pool.imap(_one, tasks, chunksize=chunk))


def _one(task: tuple[str, str]) -> ReportGraph:
    source, cache = task
    path, cache_dir = Path(source), Path(cache)
    key = source_key(path, source)
    entry = read_entry(cache_dir, key)
    cached = entry is not None
    if entry is None:
        entry = _build_entry(path)
        write_entry(cache_dir, key, entry)
    return ReportGraph(
        source=source,
        key=key,
        graph=entry.graph,
        triples=len(entry.own) + len(entry.shared),
        conforms=entry.conforms,
        violations=tuple(entry.violations),
        cached=cached,
    )


def _build_entry(path: Path) -> Entry:
    from courtgraph.sources import EXTRACTION_SUFFIXES, GRAPH_FORMATS

    suffix = path.suffix.lower()
    if suffix in GRAPH_FORMATS:
        return _graph_file_entry(path)
    from courtgraph.rdf import ntriples_lines, report_triples

    if suffix in EXTRACTION_SUFFIXES:
        from courtgraph.sources import read_extraction_file

        extraction = read_extraction_file(path)
    else:
        from courtgraph.extract import extract_report

        extraction = extract_report(path)
    graph, triples = report_triples(extraction)
    lines = ntriples_lines(triples)
    # nodes under the report's IRI belong to it alone; the rest may recur in other reports
    own_prefixes = (f"<{graph}>", f"<{graph}/")
    own = [line for line in lines if line.startswith(own_prefixes)]
    shared = [line for line in lines if not line.startswith(own_prefixes)]
    return _validated(graph, own, shared, lines)


def _graph_file_entry(path: Path) -> Entry:
    """A graph file's triples, all treated as shareable, in the file's first named graph."""
    import pyoxigraph as ox

    from courtgraph.errors import InputError
    from courtgraph.sources import GRAPH_FORMATS, oxigraph_format

    fmt = oxigraph_format(path)
    try:
        with open(path, "rb") as handle:
            quads = list(ox.parse(handle, format=fmt))
    except (OSError, SyntaxError, ValueError) as exc:
        raise InputError(f"{path}: not valid {GRAPH_FORMATS[path.suffix.lower()]} ({str(exc).splitlines()[0] if str(exc) else type(exc).__name__})") from exc
    names = sorted({q.graph_name.value for q in quads if isinstance(q.graph_name, ox.NamedNode)})
    lines = sorted({f"{q.subject} {q.predicate} {q.object} .\n" for q in quads})
    graph = names[0] if names else ""
    return _validated(graph, [], lines, lines)


def _validated(graph: str, own: list[str], shared: list[str], lines: list[str]) -> Entry:
    from courtgraph.validate import validate_ntriples

    report = validate_ntriples(lines)
    return Entry(
        graph=graph,
        own=own,
        shared=shared,
        conforms=report.conforms,
        violations=[v.line() for v in report.violations],
    )
