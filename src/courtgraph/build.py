"""Reports → validated knowledge-graph files, written all-or-nothing, at corpus scale.

``build`` turns every source into its own named graph in worker processes, each report
extracted, converted and checked against the SHACL shapes on its own (:mod:`courtgraph.corpus`),
with the results kept in a cache keyed by input and pipeline (:mod:`courtgraph.cache`). What
only the corpus can break (a node given more values by several reports than the shapes allow)
is then checked on the lines reports share (:func:`_corpus_faults`); a report at fault is left
out and the rest checked again. Only then are the outputs written, by streaming and side by
side: N-Triples, Turtle and JSON-LD of the union, TriG with a graph per report, the Oxigraph
store, and the HTML view. Every file is first written beside its target and moved into place
with the others, so a failed build changes nothing.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import heapq
import itertools
import json
import shutil
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from courtgraph.errors import InputError, ValidationError

if TYPE_CHECKING:
    import networkx as nx

    from courtgraph.corpus import Problem, ReportGraph
    from courtgraph.validate import ValidationReport

__all__ = ["BuildResult", "build", "BASENAME", "HTML_MAX_TRIPLES"]

BASENAME = "courtgraph"
FORMATS = (".nt", ".ttl", ".jsonld", ".trig")
# The build's own N-Triples and N-Quads are read without checking each IRI and language tag
# again (Oxigraph's lenient parsing, about twice as fast): every line in them has already been
# through a strict parse, as a report's lines when its graph was checked against the shapes
# (courtgraph.validate.validate_lines), as a graph file's when it was read, or as the
# vocabulary's; the cache holds only such lines and is read back only when its digests match.
_CHECKED = True
# Above this the network view carries only the layers it opens on (courts, themes, initiatives,
# partners): every figure, document and sentence of a large corpus would make a page of tens of
# megabytes. `courtgraph viz --query` draws a chosen part of a large graph in full.
HTML_MAX_TRIPLES = 150_000
# Below this the formats are written one after another: starting worker processes costs more.
PARALLEL_WRITE_TRIPLES = 200_000
# Up to this many sources the view is drawn by a process started with the build (see _ViewWorker);
# a larger build starts it once its N-Quads are written, when the view can be drawn.
EARLY_VIEW_SOURCES = 8
# how a build lays out the corpus: whole files (every format, the view) or one N-Quads file per
# graph, rewritten only when its graph changed (courtgraph.parts)
LAYOUTS = ("files", "parts")


@dataclass(frozen=True)
class BuildResult:
    out_dir: Path
    files: tuple[Path, ...]
    reports: tuple[str, ...]
    triples: int
    validation: ValidationReport
    seconds: float
    from_cache: int = 0
    up_to_date: bool = False
    html_skipped: str = ""
    skipped: tuple[Problem, ...] = ()  # files in the folders given that are not reports
    failed: tuple[Problem, ...] = ()  # sources that could not be built; the graph is of the others
    inferred: tuple[ReportGraph, ...] = ()  # reports whose court, year or places were read from the text
    # warnings the build worked around: control characters dropped, a damaged cache entry
    # rebuilt, a cache folder that cannot be written, leftovers of a killed build removed
    notes: tuple[str, ...] = ()
    # "parts": ``triples`` counts quads (a triple two graphs state counts twice: the parts are not merged)
    layout: str = "files"

    def summary(self) -> str:
        names = ", ".join(str(p) for p in self.files)
        unit = "quads" if self.layout == "parts" else "triples"
        if self.up_to_date:
            done = f"Up to date: {len(self.reports)} report graph(s), {self.triples} {unit}, unchanged since the last build ({self.seconds:.2f} s): {names}"
        else:
            cached = f" ({self.from_cache} from the cache)" if self.from_cache else ""
            skipped = f"\nNetwork view: {self.html_skipped}" if self.html_skipped else ""
            done = (
                f"Built {len(self.reports)} report graph(s){cached}, {self.triples} {unit}, "
                f"conforming to the shapes, in {self.seconds:.2f} s: {names}{skipped}"
            )
        groups: dict[tuple[str, ...], list[str]] = {}
        for graph in self.inferred:
            groups.setdefault(graph.inferred, []).append(graph.source)
        for fields, sources in sorted(groups.items()):
            shown = ", ".join(sources[:5]) + (f" and {len(sources) - 5} more" if len(sources) > 5 else "")
            done += f"\nInferred from the text (no metadata file gives them): {', '.join(fields)} of {len(sources)} report(s): {shown}"
        if self.skipped or self.failed:
            done += f"\n{len(self.failed)} source(s) failed, {len(self.skipped)} file(s) skipped (listed above)"
        return done

    def problems(self) -> list[str]:
        """One line per skipped file and per failed source, with the reason."""
        return [f"Skipped {p.line()}" for p in self.skipped] + [f"Failed {p.line()}" for p in self.failed]


def build(
    sources: Sequence[str | Path] = (),
    *,
    out_dir: str | Path = "out",
    html: bool = True,
    jobs: int | None = None,
    cache_dir: str | Path | None = None,
    use_cache: bool = True,
    fail_fast: bool = False,
    force: bool = False,
    max_size: int | None = None,
    layout: str = "files",
) -> BuildResult:
    """Build ``<out_dir>/courtgraph.{nt,ttl,jsonld,trig}`` (and ``.html``) from ``sources``.

    ``sources`` are report files (text, PDF, web page, Word: see :mod:`courtgraph.readers`),
    folders of them, extraction files (``.json``/``.yaml``) or graph files; none means
    ``seeds/``. A source that cannot be built (unreadable, not a court report, not conforming
    to the shapes) is left out, with the reason in the result's ``failed``, and the graph is
    built from the others; with ``fail_fast`` its error is raised instead. Files in the folders that are not reports are
    listed in ``skipped``. ``jobs`` worker processes
    (default: every core) extract and validate the reports. Raises :class:`ValidationError`
    (its ``report`` holds every violation) before writing anything when no report conforms
    to the shapes, or with ``fail_fast`` when one does not, and :class:`InputError` when two sources are the same report.
    With the cache, a report already built by the same pipeline is read back, not rebuilt,
    and a build whose inputs and outputs are unchanged writes nothing; a cache folder that
    cannot be written is left alone and the build runs without it (said in ``notes``).
    A report text larger than ``max_size`` bytes (default
    :data:`courtgraph.screen.MAX_TEXT_BYTES`) is refused, and so is a text that does not
    read as a court work report unless ``force``. Hidden temporary files and scratch
    folders left by a build that was killed are removed first. ``layout="parts"`` writes
    the corpus as one N-Quads file per graph instead of whole files, so that a build that
    adds a report rewrites only what changed (see :mod:`courtgraph.parts`); it draws no view.
    """
    from courtgraph.cache import default_cache_dir
    from courtgraph.corpus import Problem, find_sources, report_graphs
    from courtgraph.files import scratch_dir
    from courtgraph.screen import MAX_TEXT_BYTES
    from courtgraph.validate import ValidationReport

    if layout not in LAYOUTS:
        raise InputError(f"unknown layout {layout!r}: expected one of {', '.join(LAYOUTS)}")
    started = time.perf_counter()
    out = Path(out_dir)
    found = find_sources(sources)
    if fail_fast and found.failed:
        raise InputError(found.failed[0].line())
    notes = _remove_leftovers(out)
    # a small build draws its view in a process started now, which loads the view's libraries
    # while the reports are read (see _ViewWorker)
    early = html and layout == "files" and jobs != 1 and len(found.files) <= EARLY_VIEW_SOURCES
    with _ViewWorker() if early else contextlib.nullcontext() as early_view, scratch_dir() as scratch:
        cache = Path(cache_dir) if cache_dir is not None else default_cache_dir()
        if use_cache:
            problem = _unwritable(cache)
            if problem:
                notes.append(f"the cache folder {cache} cannot be written ({problem}); building without a cache")
                use_cache = False
        if use_cache:
            notes.extend(_remove_cache_leftovers(cache))
        else:
            cache = scratch / "cache"
        known = None
        if layout == "parts" and use_cache:
            from courtgraph.parts import read_known

            known = read_known(cache, out)
        built = report_graphs(
            found.files, cache_dir=cache, jobs=jobs, fail_fast=fail_fast, force=force,
            max_size=MAX_TEXT_BYTES if max_size is None else max_size, known=known.heads if known is not None else None,
        )
        notes.extend(note for g in built for note in g.notes)
        if early_view is not None and all(g.cached for g in built):
            early_view.close()  # nothing was extracted to overlap with: drawn here, sooner than the worker is ready
        failed = found.failed + tuple(Problem(g.source, g.error) for g in built if g.error)
        graphs = _distinct([g for g in built if not g.error])
        if not graphs and failed:
            raise InputError(failed[0].line() if len(failed) == 1 else f"nothing built: every source failed: {'; '.join(p.line() for p in failed)}")
        if not fail_fast and any(g.conforms for g in graphs):
            # a report that does not conform is left out like any bad report; the graph written
            # conforms. Of two sources that are the same report the first is kept.
            failed += tuple(Problem(g.source, _nonconforming(g)) for g in graphs if not g.conforms)
            graphs, again = _first_of_each([g for g in graphs if g.conforms])
            failed += again
        _check(graphs)
        reports = tuple(sorted(g.graph for g in graphs if g.graph))
        from_cache = sum(1 for g in graphs if g.cached)
        manifest = _manifest_path(cache, out, html)
        state = [g.key for g in graphs]
        previous = _read_manifest(manifest) if use_cache and layout == "files" else None
        up_to_date = previous is not None and previous.get("inputs") == state and _outputs_unchanged(out, previous)
        skipped = ""
        if layout == "parts":
            graphs, written, triples, up_to_date, validation, failed = _build_parts(graphs, cache, out, scratch, known, failed, fail_fast=fail_fast)
            reports = tuple(sorted(g.graph for g in graphs if g.graph))
            if html:
                skipped = f"the parts layout draws no view; draw a part of the graph with `courtgraph viz {out} --query …`"
        elif up_to_date and previous is not None:
            written, triples, skipped = [out / name for name in previous["outputs"]], int(previous["triples"]), ""
            validation = ValidationReport(conforms=True, violations=(), triples=triples)
        else:
            left_out = 0
            while True:
                done = _write_outputs(graphs, cache, out, html=html, scratch=scratch, jobs=jobs, early_view=early_view)
                if not isinstance(done, _Faults):
                    triples, written, skipped, validation = done
                    break
                # the reports at fault are left out like any bad report, and the rest loaded
                # again: the graph written conforms
                graphs, problems = _leave_out(graphs, done.report, done.blamed, fail_fast=fail_fast)
                failed += problems
                left_out += len(problems)
            reports = tuple(sorted(g.graph for g in graphs if g.graph))
            # a build that left reports out is not recorded: the next one checks them again and says so
            if use_cache and not left_out:
                _write_manifest(manifest, [g.key for g in graphs], written, triples)
            _remove_other_layout(out, layout)

    return BuildResult(
        out_dir=out,
        files=tuple(written),
        reports=reports,
        triples=triples,
        validation=validation,
        seconds=time.perf_counter() - started,
        from_cache=from_cache,
        up_to_date=up_to_date,
        html_skipped=skipped,
        skipped=found.skipped,
        failed=failed,
        inferred=tuple(g for g in graphs if g.inferred),
        notes=tuple(notes),
        layout=layout,
    )


def _build_parts(
    graphs: list[ReportGraph], cache: Path, out: Path, scratch: Path, known: Any, failed: tuple[Problem, ...], *, fail_fast: bool,
) -> tuple[list[ReportGraph], list[Path], int, bool, ValidationReport, tuple[Problem, ...]]:
    """The parts layout's writing (:func:`courtgraph.parts.write_parts`), leaving out the reports
    at fault as the default layout does; returns the reports kept first."""
    from courtgraph.corpus import Problem
    from courtgraph.parts import write_parts
    from courtgraph.rdf import SHARED_GRAPH, VOCAB_GRAPH
    from courtgraph.validate import ValidationReport

    # a graph file whose lines name no report's graph, or the graphs every report shares, has no
    # part of its own to be kept in: left out, like any source that cannot be built
    unplaced = [g for g in graphs if g.graph in ("", str(SHARED_GRAPH), str(VOCAB_GRAPH))]
    if unplaced:
        problems = tuple(Problem(g.source, "names no report's graph of its own, which the parts layout keeps each in a file; "
                                           "build it in the default layout") for g in unplaced)
        if fail_fast or len(unplaced) == len(graphs):
            raise InputError(problems[0].line())
        failed += problems
        graphs = [g for g in graphs if g not in unplaced]
    while True:
        done = write_parts(graphs, cache, out, scratch=scratch, known=known)
        if not isinstance(done, _Faults):
            break
        graphs, problems = _leave_out(graphs, done.report, done.blamed, fail_fast=fail_fast)
        failed += problems
    _remove_other_layout(out, "parts")
    return graphs, done.files, done.quads, done.up_to_date, ValidationReport(conforms=True, violations=(), triples=done.quads), failed


def _remove_other_layout(out: Path, layout: str) -> None:
    """Remove what a build of the other layout wrote in ``out``: left there, it would no longer be the corpus."""
    from courtgraph.parts import INDEX, PARTS_DIR

    if layout == "parts":
        for name in [*(f"{BASENAME}{suffix}" for suffix in FORMATS), f"{BASENAME}.html"]:
            (out / name).unlink(missing_ok=True)
    elif (out / INDEX).is_file():
        (out / INDEX).unlink()
        shutil.rmtree(out / PARTS_DIR, ignore_errors=True)


def _remove_leftovers(out: Path) -> list[str]:
    """Remove the temporary files and scratch folders of builds killed before they could."""
    from courtgraph.files import remove_stale

    notes = []
    files = remove_stale(out)
    if files:
        notes.append(f"removed {len(files)} temporary file(s) left in {out} by a build that was killed")
    folders = remove_stale(Path(tempfile.gettempdir()), scratch=True)
    if folders:
        notes.append(f"removed {len(folders)} scratch folder(s) left in {tempfile.gettempdir()} by a build that was killed")
    return notes


def _remove_cache_leftovers(cache: Path) -> list[str]:
    """Remove the half-written entries of workers killed while writing them."""
    from courtgraph.files import remove_stale

    try:
        folders = [entry for entry in (cache / "reports").iterdir() if entry.is_dir()]
    except OSError:
        folders = []
    removed = sum(len(remove_stale(folder)) for folder in [*folders, cache / "builds", cache / "parts"])
    return [f"removed {removed} half-written cache file(s) left in {cache} by a build that was killed"] if removed else []


def _unwritable(cache: Path) -> str:
    """Why no entry could be written in the cache folder, or ``""`` when one can."""
    import os

    try:
        (cache / "reports").mkdir(parents=True, exist_ok=True)
        fd, probe = tempfile.mkstemp(dir=cache / "reports", prefix=f".probe.{os.getpid()}.", suffix=".tmp")
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        return exc.strerror or str(exc)
    return ""


def _check(graphs: list[ReportGraph]) -> None:
    if not graphs:
        raise InputError("nothing to build: the sources hold no reports or triples")
    failed = [g for g in graphs if not g.conforms]
    if failed:
        lines = [f"{g.source}: {line}" for g in failed for line in g.violations]
        first = lines[0] if lines else ""
        raise ValidationError(
            f"graph does not conform to the shapes ({len(lines)} violation(s) in {len(failed)} report(s)); "
            f"nothing written. First: {first}",
            report="\n".join([f"Does not conform: {len(lines)} violation(s).", *lines]),
        )
    seen: dict[str, ReportGraph] = {}
    for g in graphs:
        other = seen.get(g.graph)
        if other is not None and other.key != g.key and g.graph:
            raise InputError(f"{g.source} and {other.source} are the same report ({g.graph}); build one of them")
        seen[g.graph] = g


def _first_of_each(graphs: list[ReportGraph]) -> tuple[list[ReportGraph], tuple[Problem, ...]]:
    """The first source of each report, and the later sources of a report already seen, as failures."""
    from courtgraph.corpus import Problem

    seen: dict[str, ReportGraph] = {}
    kept: list[ReportGraph] = []
    again: list[Problem] = []
    for g in graphs:
        other = seen.setdefault(g.graph, g)
        if other is not g and g.graph:
            again.append(Problem(g.source, f"the same report as {other.source} ({g.graph}), left out; if they are two reports, give one a .meta.yaml naming its court and year"))
        else:
            kept.append(g)
    return kept, tuple(again)


def _nonconforming(graph: ReportGraph) -> str:
    first = f"; first: {graph.violations[0]}" if graph.violations else ""
    return f"does not conform to the shapes ({len(graph.violations)} violation(s)), left out{first}; build it alone to see every violation"


@dataclass(frozen=True)
class _Faults:
    """The corpus's store has violations: what to leave out is the caller's to decide."""

    report: ValidationReport
    blamed: list[list[str]]  # for each violation, the reports at fault


def _reports_behind(store: Any, report: ValidationReport, reports: set[str]) -> list[list[str]]:
    """For each violation, the report graphs at fault.

    Those holding the offending triples; when only the shared graph holds them (an
    initiative's own attributes, a body's name), the reports that state the node, since the
    shared graph holds nothing no report said.
    """
    import pyoxigraph as ox

    def node(text: str) -> Any:
        # Violation.focus is the node in N-Triples syntax
        return ox.BlankNode(text[2:]) if text.startswith("_:") else ox.NamedNode(text.strip("<>"))

    blamed = []
    for violation in report.violations:
        named = sorted(name for name in violation.report.split() if name in reports)
        if not named:
            focus = node(violation.focus)
            found = {q.graph_name.value for q in store.quads_for_pattern(focus, None, None) if isinstance(q.graph_name, ox.NamedNode)}
            found |= {q.graph_name.value for q in store.quads_for_pattern(None, None, focus) if isinstance(q.graph_name, ox.NamedNode)}
            named = sorted(found & reports)
        blamed.append(named)
    return blamed


def _leave_out(
    graphs: list[ReportGraph], report: ValidationReport, blamed: list[list[str]], *, fail_fast: bool
) -> tuple[list[ReportGraph], tuple[Problem, ...]]:
    """The graphs without those at fault (``blamed``, one list per violation), and a failure for each.

    When a violation can be put on no report of the build, when every report is at fault, or
    with ``fail_fast``, nothing can be built and :class:`ValidationError` is raised with
    every violation.
    """
    from courtgraph.corpus import Problem

    by_graph: dict[str, list[str]] = {}
    source_of = {g.graph: g.source for g in graphs if g.graph}
    unplaced: list[str] = []
    for violation, named in zip(report.violations, blamed, strict=True):
        for name in named:
            by_graph.setdefault(name, []).append(violation.line())
        if not named:
            unplaced.append(violation.line())
    kept = [g for g in graphs if g.graph not in by_graph]
    if fail_fast or unplaced or not kept:
        lines = [f"{source_of[name]}: {line}" for name, found in sorted(by_graph.items()) for line in found] + unplaced
        raise ValidationError(
            f"graph does not conform to the shapes ({len(report.violations)} violation(s) in "
            f"{len(by_graph)} report(s){', and in what reports share' if unplaced else ''}); nothing written. First: {lines[0]}",
            report="\n".join([f"Does not conform: {len(report.violations)} violation(s).", *lines]),
        )
    problems = tuple(
        Problem(g.source, f"does not conform to the shapes ({len(by_graph[g.graph])} violation(s)), left out; "
                          f"first: {by_graph[g.graph][0]}; build it alone to see every violation")
        for g in graphs if g.graph in by_graph
    )
    return kept, problems


def _distinct(graphs: list[ReportGraph]) -> list[ReportGraph]:
    """One of each source named twice (a file given alone and inside its directory)."""
    found: dict[str, ReportGraph] = {}
    for g in graphs:
        found.setdefault(g.key, g)
    return list(found.values())


# -- writing -----------------------------------------------------------------------------------


def _write_outputs(
    graphs: list[ReportGraph], cache: Path, out: Path, *, html: bool, scratch: Path, jobs: int | None,
    early_view: _ViewWorker | None = None,
) -> tuple[int, list[Path], str, ValidationReport] | _Faults:
    """Stream every format into staged files and move them into place together.

    Each report was checked on its own (:mod:`courtgraph.corpus`); what only the corpus can
    break is checked here, before anything in ``out`` is touched, and :class:`_Faults` returned
    when it does not hold (see :func:`_corpus_faults`). ``early_view`` draws the view, if given;
    a corpus large enough for parallel writers starts a worker of its own for it.
    """
    from courtgraph.cache import DamagedEntry, read_entry
    from courtgraph.files import staged_files, staged_folder
    from courtgraph.rdf import SHARED_GRAPH, VOCAB_GRAPH, vocabulary_ntriples
    from courtgraph.store import STORE_DIR, record_outputs
    from courtgraph.validate import ValidationReport

    ordered = sorted(graphs, key=lambda g: g.graph)
    vocabulary = vocabulary_ntriples().splitlines(keepends=True)
    own_path = scratch / "own.nt"
    quads_path = scratch / "all.nq"
    changes_path = scratch / "changes.nq"
    # Adding a report to a built corpus: the previous store is kept and only the graphs that
    # changed are loaded again (see courtgraph.store.fill_store); a report's cache key is the
    # digest of what its graph holds.
    previous = _reusable_store(out / STORE_DIR, ordered)
    # Each fact once: a report's graph holds its own lines; the lines reports share are
    # gathered here and written once, in the shared graph, after every report's graph.
    shared: set[str] = set()
    # Lines of a report whose subject is not under the report's IRI (an organisation's
    # cg:reportedIn, an initiative's evidence), with their report's graph: checked with the
    # shared ones for the corpus, and sorted with them for the .nt, since the own lines written
    # to own.nt are in order only because each starts with its report's IRI. Kept once, as
    # quads (hundreds of megabytes at 1,000 reports); see _triple_lines for the .nt.
    pointing: list[str] = []
    quad_lines = 0
    with (
        open(own_path, "w", encoding="utf-8", newline="\n") as own,
        open(quads_path, "w", encoding="utf-8", newline="\n") as quads,
        open(changes_path, "w", encoding="utf-8", newline="\n") as changes,
    ):
        for g in ordered:
            try:
                entry = read_entry(cache, g.key)
            except DamagedEntry as exc:
                raise InputError(f"{g.source}: its cache entry in {cache} was changed during the build ({exc}); run the build again") from None
            if entry is None:
                raise InputError(f"{g.source}: its cache entry in {cache} was removed during the build; run the build again")
            shared.update(entry.shared)
            starts = (f"<{g.graph}>", f"<{g.graph}/")
            kept = [line for line in entry.own if line.startswith(starts)]
            if len(kept) < len(entry.own):
                pointing.extend(f"{line[:-3]} <{g.graph}> .\n" for line in entry.own if not line.startswith(starts))
            own.write("".join(kept))
            _write_quads(quads, entry.own, g.graph)
            quad_lines += len(entry.own)
            if previous is not None and previous.get(g.graph) != g.key:
                _write_quads(changes, entry.own, g.graph)
        # let go of the last report's lines now: held while the writers ran, they kept about
        # 210 MB of freed memory from being given back at 1,000 reports (307 MB against 92)
        entry, kept = None, []
        vocabulary_set = set(vocabulary)
        shared_only = sorted(shared - vocabulary_set)  # the vocabulary graph already states these
        parts = {g.graph: g.key for g in ordered} if all(g.graph for g in ordered) else None
        for name, lines in sorted([(str(SHARED_GRAPH), shared_only), (str(VOCAB_GRAPH), vocabulary)]):
            _write_quads(quads, lines, name)
            quad_lines += len(lines)
            if parts is not None:
                parts[name] = hashlib.sha256("".join(lines).encode("utf-8")).hexdigest()
                if previous is not None and previous.get(name) != parts[name]:
                    _write_quads(changes, lines, name)

    # The view is drawn from the N-Quads, now complete, while this process checks the corpus
    # and merges the N-Triples on one core. It used to wait for them, and the other core was
    # idle (bench/results.md, sections 10 and 13). Whether it is the opening view depends on
    # the triples, which the merge counts, so the quads stand in for them until then. There
    # are at least as many quads as triples, and as many unless two graphs state one triple.
    # When the guess proves wrong, the view is drawn again below.
    guessed_opening = _opening_guess(quad_lines)
    page = scratch / f"{BASENAME}.html"
    viewer = early_view
    if html and (viewer is None or not viewer.ready) and quad_lines >= PARALLEL_WRITE_TRIPLES and (jobs or 2) > 1:
        viewer = _ViewWorker()  # (also when trying again after a fault, which ended the first)
    try:
        drawing = html and viewer is not None and viewer.draw(quads_path, page, opening_only=guessed_opening)
        # (one report has nothing to clash with: it was checked whole by its worker)
        faults = _corpus_faults(quads_path, scratch, shared_only, pointing, vocabulary, {g.graph for g in graphs if g.graph}) if len(ordered) > 1 else None
        if faults is not None:
            # The build tries again without the reports at fault. The view drawn meanwhile was of
            # them all, so the finally below ends it, and the next try draws it again. A clash is
            # rare, and ending the drawing then costs at most the check's few seconds of a core.
            return faults
        validation = ValidationReport(conforms=True, violations=(), triples=0)

        targets = [out / f"{BASENAME}{suffix}" for suffix in FORMATS]
        html_path = out / f"{BASENAME}.html"
        skipped = ""
        with staged_files([*targets, html_path] if html else targets) as staged, staged_folder(out / STORE_DIR) as store:
            nt = staged[out / f"{BASENAME}.nt"]
            pointing.sort()
            with open(own_path, encoding="utf-8", newline="\n") as own_lines, open(nt, "w", encoding="utf-8", newline="\n") as handle:
                triples = _write_distinct(handle, heapq.merge(sorted(shared | vocabulary_set), _triple_lines(pointing), own_lines))
            del shared, pointing, shared_only
            # the store is filled beside the other formats, from the same file: Oxigraph's bulk
            # loader keeps one core busy, and the view and the conversions the other
            conversions: list[tuple[Callable[[Path, Path], None], Path, Path]] = [
                (functools.partial(_fill_store, parts=parts, previous=out / STORE_DIR if previous is not None else None,
                                   changes=changes_path), quads_path, store),
                (_write_jsonld, nt, staged[out / f"{BASENAME}.jsonld"]),
                (_write_turtle, nt, staged[out / f"{BASENAME}.ttl"]),
                (_write_trig, quads_path, staged[out / f"{BASENAME}.trig"]),
            ]
            opening_only = triples > HTML_MAX_TRIPLES
            if drawing and opening_only != guessed_opening and viewer is not None:
                viewer.close()  # it is drawing the other view than the one the triples call for
                drawing = False
            if html and not drawing:
                # the view takes longest: first, so the store and the conversions share the other worker
                conversions.insert(0, (functools.partial(_write_view, opening_only=opening_only), quads_path, staged[html_path]))
            parallel = triples >= PARALLEL_WRITE_TRIPLES and (jobs or 2) > 1
            if parallel:
                _return_freed_memory()  # this process waits on the writers: it holds only what it uses
            _run_all(conversions, parallel=parallel)
            # the TriG holds the store's quads graph for graph: a command given that file opens
            # the store instead of parsing it (see courtgraph.store)
            record_outputs(store, {f"{BASENAME}.trig": staged[out / f"{BASENAME}.trig"]})
            if drawing and viewer is not None:
                moved = viewer.drawn()
                if moved:
                    try:
                        shutil.move(page, staged[html_path])
                    except OSError:
                        moved = False  # (a copy between file systems that failed): drawn again here
                if not moved:
                    _write_view(quads_path, staged[html_path], opening_only=opening_only)  # the worker was lost: drawn here
            if html:
                if opening_only:
                    skipped = (
                        f"{triples} triples is more than the {HTML_MAX_TRIPLES} the view carries in full, so it holds "
                        f"courts, themes, initiatives and partners only; draw a part in full with `courtgraph viz --query`"
                    )
        written = [*targets, out / STORE_DIR]
        if html:
            written.append(html_path)
        elif html_path.exists():
            html_path.unlink()  # a view of an earlier, different build would mislead
        return triples, written, skipped, replace(validation, triples=triples)
    finally:
        if viewer is not None:
            viewer.close()  # ended whatever it is doing: the page it drew, if any, was moved into place


def _opening_guess(quad_lines: int) -> bool:
    """Whether the view will be the opening view only, judged from the quads before the merge counts the triples."""
    return quad_lines > HTML_MAX_TRIPLES


# the constraints that facts from several reports can break although each report alone keeps
# them: more values than allowed, two labels in one language
_ACROSS_REPORTS = ("http://www.w3.org/ns/shacl#MaxCountConstraintComponent", "http://www.w3.org/ns/shacl#UniqueLangConstraintComponent")


def _across_checks() -> tuple[Any, ...]:
    """The shapes' checks of the constraints in :data:`_ACROSS_REPORTS`, one per query."""
    from courtgraph.shapes_sparql import compile_checks
    from courtgraph.validate import load_shapes

    return tuple(c for c in compile_checks(load_shapes(), merge=False) if c.constraints[0].component in _ACROSS_REPORTS)


def _corpus_faults(
    quads_path: Path | Callable[[], Path], scratch: Path, shared: list[str], pointing: list[str], vocabulary: list[str], reports: set[str]
) -> _Faults | None:
    """What only the corpus can break, or None.

    Every report conformed on its own, so a fault of the corpus is a node that several reports
    state something about, given more values than allowed: the triples about such nodes are
    the shared graph's and the lines pointing from a report to them. Those alone are checked,
    in memory (random reads into the whole corpus's store on disk grow faster than the
    corpus). Only when there is a fault is the corpus (``quads_path``) loaded into a store in
    ``scratch``, to find the reports at fault.
    """
    import pyoxigraph as ox

    from courtgraph.rdf import SHARED_GRAPH, VOCAB_GRAPH
    from courtgraph.validate import validate_store

    meeting = ox.Store()  # lines already parsed strictly once (see _CHECKED)
    meeting.load(input="".join(shared).encode("utf-8"), format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(str(SHARED_GRAPH)), lenient=_CHECKED)
    meeting.load(input="".join(vocabulary).encode("utf-8"), format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(str(VOCAB_GRAPH)), lenient=_CHECKED)
    meeting.load(input="".join(pointing).encode("utf-8"), format=ox.RdfFormat.N_QUADS, lenient=_CHECKED)
    report = validate_store(meeting, checks=_across_checks())
    del meeting
    if report.conforms:
        return None
    from courtgraph.store import fill_store

    loaded = scratch / "store"
    if loaded.exists():
        shutil.rmtree(loaded)  # the store of a try that left reports out
    fill_store(loaded, quads_path() if callable(quads_path) else quads_path)
    built = ox.Store.read_only(str(loaded))
    try:
        return _Faults(report, _reports_behind(built, report, reports))
    finally:
        del built


def _write_quads(handle: IO[str], lines: Iterable[str], graph: str) -> None:
    # every N-Triples line ends in " .\n" and holds it nowhere else (a literal's line breaks
    # are escaped, an IRI holds no space): one replace over the joined lines names the graph
    if graph:
        handle.write("".join(lines).replace(" .\n", f" <{graph}> .\n"))
    else:
        handle.writelines(lines)


def _triple_lines(quads: Iterable[str]) -> Iterator[str]:
    """N-Quads lines of the build (each naming its graph last) as N-Triples lines, in order.

    Sorted quads give sorted triples: two lines that differ before the graph compare as their
    triples do, and where one triple is the start of the other, the shorter goes on with a space
    in both forms, which sorts before any character a longer term can hold (N-Triples escapes
    control characters, and an IRI holds no space). Lines that differ only in their graph give
    the same triple, next to each other.
    """
    for line in quads:
        yield line[:line.rindex(" <")] + " .\n"


def _write_distinct(handle: IO[str], lines: Iterator[str]) -> int:
    """Write sorted lines once each; returns how many were written."""
    count = 0
    for line, _ in itertools.groupby(lines):
        handle.write(line)
        count += 1
    return count


def _return_freed_memory() -> None:
    """Give the pages of memory freed by Python back to the system (with glibc; elsewhere nothing).

    glibc keeps freed memory for reuse unless it is at the top of the heap, and millions of
    short strings freed leave it scattered: at 1,000 reports the build process still held about
    680 MB of lines it had freed while the writers ran (about 310 MB once given back), and the
    view's worker the memory of the triples it had drawn from.
    """
    import ctypes

    try:
        trim = ctypes.CDLL(None).malloc_trim  # glibc's, among the symbols the interpreter loaded
    except (AttributeError, OSError, TypeError):  # another C library, or Windows
        return
    trim(0)


def _run_all(tasks: Sequence[tuple[Callable[[Path, Path], None], Path, Path]], *, parallel: bool) -> None:
    """Run independent writers, in worker processes when the graph is large enough to pay for them."""
    if not parallel:
        for write, source, target in tasks:
            write(source, target)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
    with ProcessPoolExecutor(max_workers=2, mp_context=multiprocessing.get_context(method)) as pool:
        for done in [pool.submit(write, source, target) for write, source, target in tasks]:
            done.result()


# What drawing the view imports (its first drawing showed these): loaded by _ViewWorker early.
# Not pyvis.network: the page is made without it (see courtgraph.viz.page), and importing it
# imports IPython, a tenth of a second of the worker's start that the drawing never used. Nor
# rdflib's memory store: the view holds its triples in its own ViewTriples.
_VIEW_MODULES = (
    "networkx", "numpy", "numpy.random", "jinja2", "pyoxigraph",
    "courtgraph.rdf", "courtgraph.viz.graph", "courtgraph.viz.page",
)


class _ViewWorker:
    """A process that draws one build's view, asked as soon as the build's N-Quads are written.

    Drawing a report's view takes a tenth of a second; importing what draws it (networkx,
    numpy, pyvis, jinja2) three times that, a third of a one-report build. Started with a small
    build, the worker imports them on the other core while the report is read. In any build it
    draws while the corpus is checked, the N-Triples merged, and the store and the other formats
    written. It is a plain interpreter running this module (not a
    multiprocessing child, which would run the caller's main script again). A worker that
    fails in any way (killed, not started, an error while drawing) only means the view is drawn
    in the build's own process, where an error is raised as it would have been. Closing ends
    the worker whatever it is doing.
    """

    def __init__(self) -> None:
        import os
        import subprocess
        import sys

        self._process: Any = None
        self._asked = False
        if not sys.executable:  # an embedded interpreter that cannot start another
            return
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}  # where this process found courtgraph
        command = [sys.executable, "-c", "from courtgraph.build import _draw_views; _draw_views()"]
        try:
            self._process = subprocess.Popen(
                command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env,
                text=True, encoding="utf-8",
            )
        except OSError:
            pass

    def draw(self, quads_path: Path, target: Path, *, opening_only: bool) -> bool:
        """Ask the worker to draw; False when there is no worker to ask."""
        if not self.ready:
            return False
        self._asked = True
        try:
            self._process.stdin.write(json.dumps([str(quads_path), str(target), opening_only]) + "\n")
            self._process.stdin.close()
        except OSError:
            return False
        return True

    @property
    def ready(self) -> bool:
        """Whether the worker can still be asked to draw (it was neither asked yet nor closed)."""
        return self._process is not None and not self._asked

    def drawn(self) -> bool:
        """Wait for the drawing: True when the worker wrote it, False when it did not."""
        try:
            return bool(self._process.stdout.readline() == "drawn\n" and self._process.wait() == 0)
        except OSError:
            return False

    def __enter__(self) -> _ViewWorker:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """End the worker, whatever it is doing; ``draw`` answers False afterwards."""
        if self._process is not None:
            if self._process.poll() is None:
                self._process.kill()
            self._process.wait()
            self._process.stdin.close()
            self._process.stdout.close()
            self._process = None


def _draw_views() -> None:
    """The view worker (see :class:`_ViewWorker`): import what drawing needs, then draw the one
    view asked on standard input, and say ``drawn``."""
    import importlib
    import sys

    for name in _VIEW_MODULES:
        importlib.import_module(name)
    asked = sys.stdin.readline()
    if not asked:
        return  # the build needed no view (nothing changed, or it failed)
    quads_path, target, opening_only = json.loads(asked)
    _write_view(Path(quads_path), Path(target), opening_only=bool(opening_only))
    sys.stdout.write("drawn\n")


def _oxigraph_convert(source: Path, source_format: str, target: Path, target_format: str) -> None:
    """Re-serialise a file with Oxigraph's streaming parser and writer."""
    import pyoxigraph as ox

    from courtgraph.rdf import PREFIXES

    formats = {"nt": ox.RdfFormat.N_TRIPLES, "nq": ox.RdfFormat.N_QUADS, "ttl": ox.RdfFormat.TURTLE, "trig": ox.RdfFormat.TRIG}
    with open(source, "rb") as handle, open(target, "wb") as output:
        # cgd: and cgv: local names hold "/", which Oxigraph writes as "\/": their IRIs are written
        # in full instead, so that any IRI in the file can be pasted into a query unchanged
        plain = {k: v for k, v in PREFIXES.items() if k not in ("cgd", "cgv")}
        ox.serialize(ox.parse(handle, format=formats[source_format], lenient=_CHECKED), output, format=formats[target_format], prefixes=plain)


def _fill_store(source: Path, target: Path, *, parts: dict[str, str] | None = None, previous: Path | None = None, changes: Path | None = None) -> None:
    from courtgraph.store import fill_store

    fill_store(target, source, parts=parts, previous=previous, changes=changes)


# A store is updated in place only when at most this share of its graphs changed: removing a
# graph costs about what loading it does, and a load of everything is compacted, an update not
UPDATE_AT_MOST = 0.25


def _reusable_store(folder: Path, graphs: list[ReportGraph]) -> dict[str, str] | None:
    """The parts of the store in ``folder`` when it is worth updating for ``graphs``, else None."""
    from courtgraph.rdf import SHARED_GRAPH, VOCAB_GRAPH
    from courtgraph.store import store_parts

    parts = store_parts(folder)
    if parts is None or not all(g.graph for g in graphs):
        return None  # (a graph-less source's lines go to the default graph, which no part names)
    keys = {g.graph: g.key for g in graphs}
    gone = set(parts) - set(keys) - {str(SHARED_GRAPH), str(VOCAB_GRAPH)}
    changed = len(gone) + sum(1 for name, key in keys.items() if parts.get(name) != key)
    return parts if changed <= UPDATE_AT_MOST * max(len(keys), 1) else None


def _write_turtle(source: Path, target: Path) -> None:
    _oxigraph_convert(source, "nt", target, "ttl")


def _write_trig(source: Path, target: Path) -> None:
    _oxigraph_convert(source, "nq", target, "trig")


def _write_jsonld(source: Path, target: Path) -> None:
    import pyoxigraph as ox

    from courtgraph.jsonld import write_jsonld

    with open(source, "rb") as handle, open(target, "w", encoding="utf-8", newline="\n") as output:
        write_jsonld(ox.parse(handle, format=ox.RdfFormat.N_TRIPLES, lenient=_CHECKED), output)


def _write_view(source: Path, target: Path, *, opening_only: bool) -> None:
    from courtgraph.gcpause import collection_paused
    from courtgraph.viz import write_html

    # The view's graph is millions of small tuples, dicts and terms at a thousand reports, held
    # until the page is written: the cyclic collector's full passes over them took a quarter
    # of the opening view's time at 1,000 reports (see courtgraph.gcpause)
    with collection_paused():
        # written as it is made: the page of a large corpus is never held whole
        write_html(_view_of(source, opening_only=opening_only), target, opening_only=opening_only)


def _view_of(quads_path: Path, *, opening_only: bool) -> nx.MultiDiGraph:
    """The view graph of the build's N-Quads, which ``write_html`` draws the page from."""
    import pyoxigraph as ox
    from rdflib import RDF

    from courtgraph.rdf import SHARED_GRAPH, VOCAB_GRAPH, from_oxigraph_term
    from courtgraph.viz.graph import NODE_CLASSES, ViewTriples, unread_predicates
    from courtgraph.viz.page import view_graph

    # The lines are sorted out as text, and only those the view reads are parsed (by Oxigraph:
    # rdflib's own N-Quads parser is ten times slower) and converted to rdflib terms: parsing
    # every line of a corpus into Python objects first took most of the view's time. The view
    # ignores graph names, so one plain set of triples, indexed only as the view reads them.
    graph = ViewTriples()
    rdf_type = f"<{RDF.type}>"
    drawn = {f"<{c.iri}>" for c in NODE_CLASSES}  # a type the view does not draw is never read
    unread = {f"<{p}>" for p in unread_predicates()}
    # Cut to its opening classes, the page reads nothing of the figures, documents, awards and
    # cases it drops, nor of the spans, selectors and sentences that only they point to: in a
    # corpus that is more than half of the triples, and loading them into rdflib was most of
    # the view's time and memory. The work areas and reports stay (the opening view's edges and
    # the court and year filters run through them).
    skipped = {f"<{c.iri}>" for c in NODE_CLASSES if not (c.opening or c.key in ("report", "workarea"))} if opening_only else set()
    shared = {f"<{SHARED_GRAPH}>", f"<{VOCAB_GRAPH}>"}

    # each term converted once a graph: predicates, types and shared nodes recur on many lines,
    # and making an rdflib term (its IRI checked) was most of the cost of a line. Across graphs
    # each term is kept once (``interned``), and Oxigraph's own terms not at all.
    interned: dict[Any, Any] = {}

    def add(lines: list[tuple[str, str, str, str]]) -> None:
        terms: dict[Any, Any] = {}

        def term(value: Any) -> Any:
            found = terms.get(value)
            if found is None:
                found = from_oxigraph_term(value)
                found = terms[value] = interned.setdefault(found, found)
            return found

        kept = [line for s, p, o, line in lines if not (p in unread or (p == rdf_type and o not in drawn))]
        for quad in ox.parse(input="".join(kept).encode("utf-8"), format=ox.RdfFormat.N_QUADS, lenient=_CHECKED):
            graph.add((term(quad.subject), term(quad.predicate), term(quad.object)))

    with open(quads_path, encoding="utf-8", newline="\n") as handle:
        # the file holds each graph's lines together (see _write_outputs), and a report's
        # spans, selectors and sentences are in its own graph with what points to them
        for name, found in _graph_blocks(handle):
            add(found if not skipped or name in shared else _read_by_view(found, skipped, drawn, unread, rdf_type))
    view = view_graph(graph, opening_only=opening_only)
    del graph, interned  # the page is drawn from the view graph alone: the triples' memory freed first
    _return_freed_memory()
    return view


def _graph_blocks(lines: Iterable[str]) -> Iterator[tuple[str, list[tuple[str, str, str, str]]]]:
    """The build's N-Quads lines, each run of one graph's lines as (the graph, its lines), each
    line as (subject, predicate, object, the line): terms in N-Triples syntax, as written.

    Every line of that file names its graph, so the last `` <`` starts the graph's IRI (a
    literal before it may hold one too, never after it). One loop, with no tuple made and cut
    again per line: at a thousand reports this runs eleven million times.
    """
    name: str | None = None
    block: list[tuple[str, str, str, str]] = []
    for line in lines:
        subject, predicate, rest = line.split(" ", 2)
        at = rest.rindex(" <")
        graph = rest[at + 1:-3]
        if graph != name:
            if block:
                yield name or "", block
            name, block = graph, []
        block.append((subject, predicate, rest[:at], line))
    if block:
        yield name or "", block


def _read_by_view(
    lines: list[tuple[str, str, str, str]], skipped: set[str], drawn: set[str], unread: set[str], rdf_type: str
) -> list[tuple[str, str, str, str]]:
    """The lines of one report's graph that the opening view reads, in their order.

    Each line is (subject, predicate, object, the line), terms in N-Triples syntax. A node of a
    class in ``skipped`` is left out. A node of another class the view draws (``drawn``), or
    of no type in this graph (a shared body the report says something about), is kept, with
    every node its lines lead to through nodes the view does not draw (its spans, their
    selectors, its sentences), followed to the end.
    """
    about: dict[str, list[tuple[str, str, str, str]]] = {}
    types: dict[str, set[str]] = {}
    for line in lines:
        about.setdefault(line[0], []).append(line)
        if line[1] == rdf_type:
            types.setdefault(line[0], set()).add(line[2])
    dropped = {s for s, found in types.items() if found & skipped}
    stops = {s for s, found in types.items() if found & drawn}  # drawn nodes: kept in their own right
    todo = [s for s in about if s not in dropped and (s in stops or s not in types)]
    keep = set(todo)
    while todo:
        for _, predicate, target, _ in about[todo.pop()]:
            if not target.startswith("<") or predicate in unread or predicate == rdf_type:
                continue
            if target in about and target not in keep and target not in dropped and target not in stops:
                keep.add(target)
                todo.append(target)
    return [line for line in lines if line[0] in keep]


# -- the record of the last build, for "nothing changed" ----------------------------------------


def _manifest_path(cache: Path, out: Path, html: bool) -> Path:
    name = hashlib.sha256(f"{out.resolve()}\0{html}".encode()).hexdigest()
    return cache / "builds" / f"{name}.json"


def _read_manifest(path: Path) -> dict[str, Any] | None:
    try:
        loaded = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return loaded if isinstance(loaded, dict) else None


def _outputs_unchanged(out: Path, manifest: dict[str, Any]) -> bool:
    from courtgraph.files import stat_key

    outputs = manifest.get("outputs")
    if not isinstance(outputs, dict) or not outputs:
        return False
    return all(stat_key(out / name) == stat for name, stat in outputs.items())


def _write_manifest(path: Path, state: list[str], written: list[Path], triples: int) -> None:
    from courtgraph.errors import StoreError
    from courtgraph.files import stat_key, write_text

    record = {"inputs": state, "triples": triples, "outputs": {p.name: stat_key(p) for p in written}}
    try:
        write_text(path, json.dumps(record))
    except StoreError:
        pass  # without a record the next build is a full one, nothing worse
