"""SHACL validation against ``ontology/shapes.ttl``, reported in readable lines.

Non-conformance is data (a :class:`ValidationReport`), not an exception: ``build`` decides
that it is fatal and raises :class:`courtgraph.errors.ValidationError` carrying the text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rdflib import Graph
    from rdflib.term import Node

__all__ = [
    "Violation",
    "ValidationReport",
    "validate_graph",
    "validate_file",
    "validate_ntriples",
    "validate_store",
    "validate_lines",
    "load_shapes",
]


@dataclass(frozen=True)
class Violation:
    """One failed constraint: which node, which property, which SHACL constraint, and why."""

    focus: str
    path: str
    constraint: str
    message: str
    value: str
    shape: str
    severity: str
    # the named graph(s) holding the offending triples, IRIs separated by spaces ("" when unknown)
    report: str = ""
    # the text of the sentence the focus node was read from, when it has provenance
    sentence: str = ""

    def line(self) -> str:
        where = f"{self.focus} {self.path}".rstrip()
        value = f" (value: {self.value})" if self.value else ""
        report = " in " + ", ".join(f"<{name}>" for name in self.report.split()) if self.report else ""
        sentence = f" — sentence: {_clip(self.sentence)}" if self.sentence else ""
        return f"{self.severity}: {where}: {self.constraint}: {self.message}{value}{report}{sentence}"


def _clip(text: str, limit: int = 80) -> str:
    # a violation is one line: a long sentence is cut, enough of it to find it in the report
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass(frozen=True)
class ValidationReport:
    conforms: bool
    violations: tuple[Violation, ...]
    triples: int

    @property
    def text(self) -> str:
        if self.conforms:
            return f"Conforms: {self.triples} triples satisfy the courtgraph shapes."
        head = f"Does not conform: {len(self.violations)} violation(s) in {self.triples} triples."
        return "\n".join([head, *(v.line() for v in self.violations)])


def load_shapes() -> Graph:
    from rdflib import Graph

    from courtgraph.rdf import ontology_path

    return Graph().parse(ontology_path("shapes.ttl"), format="turtle")


def validate_graph(graph: Graph, *, shapes: Graph | None = None) -> ValidationReport:
    """Validate the union of all triples of ``graph`` (a Graph or Dataset)."""
    from pyshacl import validate
    from rdflib import Graph

    from courtgraph.rdf import bind_prefixes, ontology_path

    # one plain graph: pyshacl would otherwise validate each named graph alone, and courts,
    # organisations and vocabulary concepts are shared between named graphs
    data = Graph()
    bind_prefixes(data)
    for triple in graph.triples((None, None, None)):
        data.add(triple)
    vocab = Graph().parse(ontology_path("vocab.ttl"), format="turtle")
    conforms, results, _ = validate(
        data,
        shacl_graph=shapes if shapes is not None else load_shapes(),
        ont_graph=vocab,
        inference="none",
        allow_warnings=True,
    )
    violations = _violations(results, data)
    return ValidationReport(conforms=bool(conforms), violations=violations, triples=len(data))


def validate_ntriples(lines: Sequence[str], *, engine: str = "auto") -> ValidationReport:
    """Validate N-Triples lines (with the vocabularies) against the shapes: the build's fast path.

    ``auto``: rudof's native SHACL engine decides whether the data conform, in a fraction
    of pyshacl's time; only when they do not is pyshacl run as well, because its report
    carries the shapes' own messages. ``rudof`` and ``pyshacl`` run one engine alone (the
    tests hold the two to the same verdicts).
    """
    if engine not in ("auto", "rudof", "pyshacl"):
        raise ValueError(f"engine must be auto, rudof or pyshacl, not {engine!r}")
    if engine == "pyshacl":
        return _pyshacl_ntriples(lines)
    found = _rudof_violations(lines)
    if not found:
        return ValidationReport(conforms=True, violations=(), triples=len(lines))
    if engine == "auto":
        detailed = _pyshacl_ntriples(lines)
        if detailed.violations:
            return detailed
    # rudof alone, or the engines disagree: say what rudof found rather than claim conformance
    return ValidationReport(conforms=False, violations=found, triples=len(lines))


@lru_cache(maxsize=1)
def _vocabulary_bytes() -> bytes:
    from courtgraph.rdf import vocabulary_ntriples

    return vocabulary_ntriples().encode("utf-8")


def validate_lines(lines: Sequence[str], graph: str = "") -> ValidationReport:
    """Validate one report's N-Triples lines (with the vocabularies) with :func:`validate_store`,
    on an Oxigraph store in memory: the build's check of each report.

    ``graph`` is the report's named graph IRI, which the violations then name. A store in
    memory answers the checks in tens of milliseconds for a report; the corpus's store on disk
    is checked only for what no single report can break (see :mod:`courtgraph.build`).
    """
    import pyoxigraph as ox

    from courtgraph.rdf import VOCAB_GRAPH

    store = ox.Store()
    name = ox.NamedNode(graph) if graph else ox.DefaultGraph()
    store.load(input="".join(lines).encode("utf-8"), format=ox.RdfFormat.N_TRIPLES, to_graph=name)
    store.load(input=_vocabulary_bytes(), format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(str(VOCAB_GRAPH)))
    report = validate_store(store)
    return ValidationReport(conforms=report.conforms, violations=report.violations, triples=len(lines))


def _pyshacl_ntriples(lines: Sequence[str]) -> ValidationReport:
    from rdflib import Graph

    from courtgraph.rdf import bind_prefixes, vocabulary_ntriples

    data = Graph()
    bind_prefixes(data)
    data.parse(data="".join(lines) + vocabulary_ntriples(), format="nt")
    report = validate_graph(data)
    return ValidationReport(conforms=report.conforms, violations=report.violations, triples=len(lines))


def _rudof_violations(lines: Sequence[str]) -> tuple[Violation, ...]:
    import pyrudof

    from courtgraph.rdf import PREFIXES, vocabulary_ntriples

    def short(iri: object) -> str:
        text = str(iri or "")
        for prefix, namespace in PREFIXES.items():
            if text.startswith(namespace):
                return f"{prefix}:{text[len(namespace):]}"
        return f"<{text}>" if text else ""

    rudof = _rudof()
    rudof.read_data("".join(lines) + vocabulary_ntriples(), format=pyrudof.RDFFormat.NTriples, merge=False)
    result = rudof.validate_shacl()
    if result.conforms:
        return ()
    found = (
        Violation(
            focus=f"<{entry.focus_node}>",
            path=short(entry.path),
            constraint=short(entry.constraint_component),
            message=str(entry.message or ""),
            value=str(entry.value or ""),
            shape=str(entry.source_shape or ""),
            severity=str(entry.severity or "Violation"),
        )
        for entry in result.violations
    )
    return tuple(sorted(found, key=lambda v: (v.focus, v.path, v.constraint, v.value)))


@lru_cache(maxsize=1)
def _rudof() -> Any:
    import pyrudof

    from courtgraph.rdf import ontology_path

    rudof = pyrudof.Rudof(pyrudof.RudofConfig())
    rudof.read_shacl(ontology_path("shapes.ttl").read_text(encoding="utf-8"))
    return rudof


def validate_file(path: str | Path) -> ValidationReport:
    """Validate a graph file (.ttl, .trig, .nt, .nq, .jsonld)."""
    from courtgraph.sources import read_graph_file

    return validate_graph(read_graph_file(Path(path)))


def _violations(results: Graph, data: Graph) -> tuple[Violation, ...]:
    from rdflib import RDF
    from rdflib.namespace import SH

    def show(node: Node | None) -> str:
        if node is None:
            return ""
        try:
            return node.n3(data.namespace_manager)
        except Exception:  # a path expression or an exotic term: the plain form is still readable
            return str(node)

    found = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        severity = results.value(result, SH.resultSeverity)
        found.append(
            Violation(
                focus=show(results.value(result, SH.focusNode)),
                path=show(results.value(result, SH.resultPath)),
                constraint=show(results.value(result, SH.sourceConstraintComponent)),
                message=str(results.value(result, SH.resultMessage) or ""),
                value=show(results.value(result, SH.value)),
                shape=show(results.value(result, SH.sourceShape)),
                severity=str(severity).rsplit("#", 1)[-1] if severity is not None else "Violation",
            )
        )
    return tuple(sorted(found, key=lambda v: (v.focus, v.path, v.constraint, v.value, v.message)))


# ---- the shapes as SPARQL over one Oxigraph store (courtgraph.shapes_sparql) ---------------------

OA_NS = "http://www.w3.org/ns/oa#"


@lru_cache(maxsize=1)
def _shapes_namespace() -> str:
    """The namespace of the shapes' own names, as ``ontology/shapes.ttl`` binds ``cgs:``."""
    return str(dict(load_shapes().namespaces())["cgs"])


@lru_cache(maxsize=1)
def _store_checks() -> tuple[Any, ...]:
    from courtgraph.shapes_sparql import compile_checks

    return compile_checks(load_shapes())


def validate_store(store: Any, *, graphs: Sequence[str] | None = None, checks: Sequence[Any] | None = None) -> ValidationReport:
    """Validate a pyoxigraph ``Store`` holding the corpus against the shapes, with SPARQL.

    The checks run on the union default graph, so facts split between named graphs (a report's
    own, a shared one) are seen together, and a contradiction between two reports is found.
    ``graphs`` (named graph IRIs) limits the check to the focus nodes those graphs make, e.g.
    the report just added: nodes whose targeting triple (their ``rdf:type`` for a
    ``sh:targetClass``) is in one of them. Their values are still read from the whole store,
    so a clash with another report is found.
    ``checks`` defaults to ``ontology/shapes.ttl`` compiled by
    :func:`courtgraph.shapes_sparql.compile_checks`. Each violation names the named graph(s)
    that hold the offending triples and, where the focus node has provenance, its sentence.
    """
    import pyoxigraph as ox

    if isinstance(graphs, str):
        raise ValueError("graphs must be a sequence of named graph IRIs, not one string")
    found: dict[tuple[str, ...], Violation] = {}
    chosen = list(checks if checks is not None else _store_checks())

    def run(check: Any) -> dict[int, list[Any]]:
        failing: dict[int, list[Any]] = {}
        for row in store.query(check.query(graphs), use_default_graph_as_union=True):
            for n in range(len(check.constraints)):
                flag = row[f"f{n}"]
                if flag is not None and flag.value == "true":
                    failing.setdefault(n, []).append(row["focus"])
        return failing

    # Oxigraph evaluates a query without holding the GIL, so the checks (independent
    # read-only queries) run on every core; the results are read in the checks' order
    import os
    from concurrent.futures import ThreadPoolExecutor

    # (a small store, such as one report's, is checked faster on one thread)
    size = len(store)
    threads = 1 if size < 200_000 else max(1, min(len(chosen), os.cpu_count() or 1))
    if threads == 1:
        outcomes = list(map(run, chosen))  # in this thread: handing each check to a pool took almost a third of a report's checks
    else:
        with ThreadPoolExecutor(max_workers=threads) as pool:
            outcomes = list(pool.map(run, chosen))
    for check, failing in zip(chosen, outcomes, strict=True):
        for n, foci in sorted(failing.items()):
            constraint = check.constraints[n]
            for focus, value in _failing_values(store, constraint, foci):
                path = ox.NamedNode(constraint.path) if constraint.path else None
                violation = Violation(
                    focus=str(focus),
                    path=_short(constraint.path),
                    constraint=_short(constraint.component),
                    message=constraint.message,
                    value=_term_text(value) if value is not None else "",
                    shape=_short(constraint.shape),
                    severity="Violation",
                    report=" ".join(_graphs_of(store, focus, path, value)),
                    sentence=_sentence_of(store, focus),
                )
                found[(violation.focus, violation.path, violation.constraint, violation.value)] = violation
    violations = tuple(found[key] for key in sorted(found))
    if graphs is None:
        triples = size
    else:
        triples = sum(1 for name in graphs for _ in store.quads_for_pattern(None, None, None, ox.NamedNode(name)))
    return ValidationReport(conforms=not violations, violations=violations, triples=triples)


def _failing_values(store: Any, constraint: Any, foci: list[Any]) -> list[tuple[Any, Any]]:
    """(focus, value) for each value at fault; (focus, None) for a count, which has no value."""
    if not constraint.path:  # a constraint on the focus node: its value is the node itself
        return [(focus, focus) for focus in foci]
    if not constraint.detail:
        return [(focus, None) for focus in foci]
    import pyoxigraph as ox

    found: list[tuple[Any, Any]] = []
    for focus in foci:
        # one query per failing node: ?focus substituted, which a blank node cannot be in VALUES
        rows = store.query(constraint.detail, use_default_graph_as_union=True, substitutions={ox.Variable("focus"): focus})
        found.extend((focus, row["value"]) for row in rows)
    return found


def _short(iri: str) -> str:
    from courtgraph.rdf import PREFIXES

    for prefix, namespace in (*PREFIXES.items(), ("cgs", _shapes_namespace())):
        if iri.startswith(namespace) and "/" not in iri[len(namespace):]:
            return f"{prefix}:{iri[len(namespace):]}"
    return f"<{iri}>" if iri and not iri.startswith("_:") else iri


def _term_text(term: Any) -> str:
    import pyoxigraph as ox

    if isinstance(term, ox.Literal) and term.datatype == ox.NamedNode("http://www.w3.org/2001/XMLSchema#string"):
        return f'"{term.value}"'  # the plain form, as the other engines write it
    return str(term)


def _graphs_of(store: Any, focus: Any, path: Any, value: Any) -> list[str]:
    """The named graphs with the offending triple, else with the focus's values, else with the focus."""
    import pyoxigraph as ox

    patterns = []
    if path is not None and value is not None:
        patterns.append((focus, path, value))
    if path is not None:
        patterns.append((focus, path, None))
    patterns.append((focus, None, None))
    for subject, predicate, obj in patterns:
        names = {q.graph_name.value for q in store.quads_for_pattern(subject, predicate, obj) if isinstance(q.graph_name, ox.NamedNode)}
        if names:
            return sorted(names)
    return []


def _sentence_of(store: Any, focus: Any) -> str:
    """The text of the sentence behind ``focus``: its own, its span's, its evidence's or its source sentence's."""
    import pyoxigraph as ox

    from courtgraph.namespace import CG

    def objects(subject: Any, predicate: str) -> list[Any]:
        return [q.object for q in store.quads_for_pattern(subject, ox.NamedNode(predicate), None)]

    def subjects(predicate: str, obj: Any) -> list[Any]:
        return [q.subject for q in store.quads_for_pattern(None, ox.NamedNode(predicate), obj)]

    if isinstance(focus, ox.Literal):
        return ""
    sentences = set(objects(focus, str(CG.text))) and {focus}
    if not sentences:
        spans = {focus, *subjects(OA_NS + "hasSelector", focus), *objects(focus, str(CG.evidence))}
        sentences = {s for span in spans for s in objects(span, str(CG.inSentence))}
        sentences |= set(objects(focus, str(CG.sourceSentence)))
    texts = sorted(t.value for s in sentences for t in objects(s, str(CG.text)) if isinstance(t, ox.Literal))
    return texts[0] if texts else ""
