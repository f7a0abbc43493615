"""Sources → one validated graph per report, in parallel and through the build cache.

Each source (a report text, an extraction file or a graph file) is turned into N-Triples
lines by one worker process: extraction, RDF and SHACL validation of that report alone
(the shapes compiled to SPARQL, on an in-memory store of the report). The build checks what
only the corpus can break (two reports giving a shared node two values where one is allowed).
The lines go to the cache (:mod:`courtgraph.cache`); the caller gets a small
:class:`ReportGraph` back and reads the lines from the cache when it writes the outputs, so
neither the workers' results nor the whole corpus ever sit in memory at once.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from courtgraph.cache import DamagedEntry, Entry, EntryHead, read_head, source_key, write_entry
from courtgraph.screen import MAX_TEXT_BYTES

__all__ = ["ReportGraph", "Problem", "Sources", "METADATA_FIELDS", "find_sources", "report_graphs", "default_jobs"]


@dataclass(frozen=True)
class Problem:
    """A source that was passed over (``skipped``) or could not be built (``failed``), and why."""

    source: str
    reason: str

    def line(self) -> str:
        return self.reason if self.reason.startswith(self.source) else f"{self.source}: {self.reason}"


@dataclass(frozen=True)
class Sources:
    """What a build reads: ``files`` in a stable order; files in the folders given that are not
    reports (``skipped``); sources named that cannot be read at all (``failed``)."""

    files: tuple[Path, ...]
    skipped: tuple[Problem, ...] = ()
    failed: tuple[Problem, ...] = ()


def find_sources(sources: Sequence[str | Path]) -> Sources:
    """Every report file in the folders given (and their subfolders), and every file named.

    A file named on its own is always read, as ``courtgraph extract`` would read it, so it
    fails with the same message when it is not a report. In a folder, files of other kinds
    are skipped with the reason; a report's ``.meta.yaml``, its ``.curation.yaml`` and hidden files are not reports
    and are passed over silently.
    """
    from courtgraph.readers import DOC_FIX, SUFFIXES
    from courtgraph.sources import EXTRACTION_SUFFIXES, GRAPH_FORMATS, default_sources

    kinds = ", ".join(SUFFIXES)
    files: list[Path] = []
    skipped: list[Problem] = []
    failed: list[Problem] = []
    for path in [Path(s) for s in sources] or default_sources():
        if not path.exists():
            failed.append(Problem(str(path), "no such file"))  # as reading it would say
        elif not path.is_dir():
            files.append(path)
        else:
            found = 0
            for item in sorted(path.rglob("*")):
                if any(part.startswith(".") for part in item.relative_to(path).parts) or item.is_dir():
                    continue
                suffix = item.suffix.lower()
                if suffix in SUFFIXES:
                    files.append(item)
                    found += 1
                elif item.name.lower().endswith((".meta.yaml", ".curation.yaml")):
                    continue
                elif suffix == ".doc":
                    skipped.append(Problem(str(item), f"not readable: this is {DOC_FIX}"))
                elif suffix in (*EXTRACTION_SUFFIXES, *GRAPH_FORMATS):
                    skipped.append(Problem(str(item), "an extraction or graph file: a folder contributes its reports only; name the file on its own to build it"))
                else:
                    skipped.append(Problem(str(item), f"unsupported kind of file ({suffix or 'no suffix'}); reports are read from {kinds} files"))
            if not found:
                failed.append(Problem(str(path), f"the folder holds no report files ({kinds})"))
    return Sources(tuple(files), tuple(skipped), tuple(failed))


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
    error: str = ""  # why the source could not be built; the rest of the fields are then empty
    inferred: tuple[str, ...] = ()  # the report's fields read from its text, not from a metadata file
    notes: tuple[str, ...] = ()  # what the user should hear: dropped characters, a rebuilt entry…


# what a report's metadata file (name.meta.yaml) may give, by the name the build reports it under
METADATA_FIELDS = {"court": "court_zh", "level": "level", "year": "year", "province": "province_zh", "city": "city_zh", "county": "county_zh"}


def default_jobs() -> int:
    """The cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def report_graphs(
    files: Sequence[Path], *, cache_dir: Path, jobs: int | None = None, fail_fast: bool = False,
    force: bool = False, max_size: int = MAX_TEXT_BYTES, known: Mapping[str, EntryHead] | None = None,
) -> list[ReportGraph]:
    """The graph of every file, in the order given; cached entries are reused, not rebuilt.

    A source that cannot be built gives a graph with its ``error`` (the build goes on with the
    others), or with ``fail_fast`` raises that error at once. A report text larger than
    ``max_size`` bytes, or one that does not read as a court work report, is refused (see
    :mod:`courtgraph.screen`); ``force`` builds the latter anyway. A progress bar is drawn on
    stderr while several reports are built, when stderr is a terminal. ``known`` maps cache
    keys to what their entries' headers say, as a previous build recorded them: a source whose
    key it holds is taken from it, in this process, without reading its entry.
    """
    tasks = [_Task(str(path), str(cache_dir), fail_fast, force, max_size) for path in files]
    if known:
        found = [_known_graph(task, known) for task in tasks]
        rest = iter(report_graphs([Path(t.source) for t, g in zip(tasks, found, strict=True) if g is None], cache_dir=cache_dir,
                                  jobs=jobs, fail_fast=fail_fast, force=force, max_size=max_size))
        return [g if g is not None else next(rest) for g in found]
    jobs = max(1, jobs or default_jobs())
    if len(tasks) < 2 or not sys.stderr.isatty():
        return list(_graphs(tasks, jobs))  # no bar to draw, and tqdm not imported (about 20 ms)
    from tqdm import tqdm

    graphs = []
    with tqdm(total=len(tasks), unit="report", desc="Reports", file=sys.stderr, leave=False) as bar:
        for graph in _graphs(tasks, jobs):
            graphs.append(graph)
            bar.update(1)
    return graphs


def _graphs(tasks: list[_Task], jobs: int) -> Iterator[ReportGraph]:
    if jobs == 1 or len(tasks) < 2:
        yield from map(_one, tasks)
        return
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
        yield from pool.imap(_one, tasks, chunksize=chunk)


@dataclass(frozen=True)
class _Task:
    source: str
    cache: str
    fail_fast: bool
    force: bool
    max_size: int


def _one(task: _Task) -> ReportGraph:
    if task.fail_fast:
        return _graph_of(task)
    from courtgraph.errors import CourtgraphError

    try:
        return _graph_of(task)
    except (CourtgraphError, OSError) as exc:
        error = str(exc)
    except Exception as exc:  # a fault of ours on this report: said, and the build goes on
        error = f"{task.source}: the extractor failed on this report ({type(exc).__name__}: {exc}); please report it with the file"
    return ReportGraph(source=task.source, key="", graph="", triples=0, conforms=False, violations=(), cached=False, error=error)


def _known_graph(task: _Task, known: Mapping[str, EntryHead]) -> ReportGraph | None:
    """The graph of a source whose cache key ``known`` holds, or None (read or built as usual)."""
    from courtgraph.errors import CourtgraphError
    from courtgraph.sources import EXTRACTION_SUFFIXES, GRAPH_FORMATS

    path = Path(task.source)
    try:
        if path.suffix.lower() not in GRAPH_FORMATS and path.suffix.lower() not in EXTRACTION_SUFFIXES:
            from courtgraph.screen import check_size

            check_size(path, task.max_size)
        key = source_key(path, task.source)
    except (CourtgraphError, OSError):  # (the usual path says what is wrong)
        return None
    head = known.get(key)
    if head is None or (head.refusal and not task.force):
        return None
    return _from_head(task, key, head, cached=True, notes=[])


def _graph_of(task: _Task) -> ReportGraph:
    from courtgraph.errors import ExtractionError, InputError
    from courtgraph.sources import EXTRACTION_SUFFIXES, GRAPH_FORMATS

    source = task.source
    path, cache_dir = Path(source), Path(task.cache)
    if path.suffix.lower() not in GRAPH_FORMATS and path.suffix.lower() not in EXTRACTION_SUFFIXES:
        from courtgraph.screen import check_size

        check_size(path, task.max_size)
    try:
        key = source_key(path, source)
    except OSError as exc:
        raise InputError(f"{path}: cannot read the file ({exc.strerror or exc})") from None
    notes: list[str] = []
    try:
        # the header alone: the lines are read when the outputs are written (courtgraph.build)
        entry = read_head(cache_dir, key)
    except DamagedEntry as exc:
        notes.append(f"{source}: its cache entry in {cache_dir} was damaged ({exc}); built the report again")
        entry = None
    cached = entry is not None
    if entry is None:
        built = _build_entry(path)
        write_entry(cache_dir, key, built)
        entry = built.head()
    if entry.refusal and not task.force:
        raise ExtractionError(f"{entry.refusal}; nothing built (--force builds it anyway)")
    return _from_head(task, key, entry, cached=cached, notes=notes)


def _from_head(task: _Task, key: str, entry: EntryHead, *, cached: bool, notes: list[str]) -> ReportGraph:
    notes = [*notes, *entry.notes]
    if entry.refusal:
        notes.append(f"{entry.refusal}; built it anyway (--force)")
    return ReportGraph(
        source=task.source,
        key=key,
        graph=entry.graph,
        triples=entry.lines,
        conforms=entry.conforms,
        violations=tuple(entry.violations),
        cached=cached,
        inferred=_inferred(Path(task.source)),
        notes=tuple(notes),
    )


def _inferred(path: Path) -> tuple[str, ...]:
    """The metadata fields of a report that its metadata file does not give (all, without one)."""
    from courtgraph.sources import EXTRACTION_SUFFIXES, GRAPH_FORMATS

    if path.suffix.lower() in (*EXTRACTION_SUFFIXES, *GRAPH_FORMATS):
        return ()  # an extraction or a graph already states them
    from courtgraph.extract import read_metadata

    given = read_metadata(path)
    return tuple(name for name, key in METADATA_FIELDS.items() if given.get(key) in (None, ""))


def _build_entry(path: Path) -> Entry:
    from courtgraph.sources import EXTRACTION_SUFFIXES, GRAPH_FORMATS

    suffix = path.suffix.lower()
    if suffix in GRAPH_FORMATS:
        return _graph_file_entry(path)
    from courtgraph.rdf import ntriples_lines, report_triples, split_report_lines

    notes: tuple[str, ...] = ()
    refusal = ""
    if suffix in EXTRACTION_SUFFIXES:
        from courtgraph.sources import read_extraction_file

        extraction = read_extraction_file(path)
    else:
        from courtgraph.screen import extract_screened

        screened = extract_screened(path)
        extraction, notes, refusal = screened.extraction, screened.notes, screened.refusal
    from courtgraph.curation import curate

    # corrections by people (NAME.curation.yaml), applied before RDF; stale entries are notes
    curated = curate(extraction, path)
    notes = (*notes, *curated.notes)
    graph, triples = report_triples(curated.extraction, curated=curated)
    lines = ntriples_lines(triples)
    # what touches the report or a node under its IRI is the report's alone; the rest may
    # recur in other reports and is written once, in the shared graph (each fact once)
    own, shared = split_report_lines(lines, graph)
    return replace(_validated(graph, own, shared, lines), notes=notes, refusal=refusal)


def _graph_file_entry(path: Path) -> Entry:
    """A graph file's triples: those of its first named graph's report in that graph, the rest shared."""
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
    if not graph:
        return _validated(graph, [], lines, lines)
    from courtgraph.rdf import split_report_lines

    own, shared = split_report_lines(lines, graph)
    return _validated(graph, own, shared, lines)


def _validated(graph: str, own: list[str], shared: list[str], lines: list[str]) -> Entry:
    # the shapes as SPARQL on a store of this report alone, in memory (tens of milliseconds:
    # a store of the whole corpus on disk answers the same checks in random reads, which grow
    # faster than the corpus); what only the corpus can break, the build checks over it
    from courtgraph.validate import validate_lines

    report = validate_lines(lines, graph)
    return Entry(
        graph=graph,
        own=own,
        shared=shared,
        conforms=report.conforms,
        violations=[v.line() for v in report.violations],
    )
