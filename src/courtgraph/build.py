"""Reports → validated knowledge-graph files, written all-or-nothing.

``build`` extracts (or reads) every source, turns the extractions into one dataset with a
named graph per report, validates it against the SHACL shapes, and only then writes
Turtle, JSON-LD, N-Triples and TriG (and the HTML view when ``courtgraph.viz`` is present).
Every file is first written beside its target and then moved into place, so a failed
build leaves the previous files untouched.
"""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from courtgraph.errors import InputError, ValidationError

if TYPE_CHECKING:
    from rdflib import Dataset, Graph

    from courtgraph.validate import ValidationReport

__all__ = ["BuildResult", "build", "serialize_all", "BASENAME"]

BASENAME = "courtgraph"


@dataclass(frozen=True)
class BuildResult:
    out_dir: Path
    files: tuple[Path, ...]
    reports: tuple[str, ...]
    triples: int
    validation: ValidationReport
    seconds: float

    def summary(self) -> str:
        names = ", ".join(str(p) for p in self.files)
        return (
            f"Built {len(self.reports)} report graph(s), {self.triples} triples, "
            f"conforming to the shapes, in {self.seconds:.2f} s: {names}"
        )


def _union(dataset: Dataset) -> Graph:
    from rdflib import Graph

    from courtgraph.rdf import bind_prefixes

    graph = Graph()
    bind_prefixes(graph)
    for triple in sorted(dataset.triples((None, None, None)), key=lambda t: (t[0].n3(), t[1].n3(), t[2].n3())):
        graph.add(triple)
    return graph


def _jsonld_context() -> dict[str, object]:
    from courtgraph.rdf import PREFIXES

    context: dict[str, object] = dict(PREFIXES)
    # the everyday terms, so that JSON consumers read "label" rather than a full IRI
    context.update(
        {
            "label": {"@id": "rdfs:label", "@container": "@language"},
            "text": {"@id": "cg:text", "@container": "@language"},
        }
    )
    return context


def serialize_all(dataset: Dataset) -> dict[str, str]:
    """Every output format of the dataset, by file suffix; deterministic for the same quads."""
    union = _union(dataset)
    turtle = union.serialize(format="turtle")
    ntriples = "".join(sorted(line + "\n" for line in union.serialize(format="nt").splitlines() if line.strip()))
    jsonld = union.serialize(format="json-ld", context=_jsonld_context(), indent=2, sort_keys=True, ensure_ascii=False)
    trig = _trig(dataset)
    # json-ld keeps insertion order of @graph; re-sort nodes by @id for stability
    doc = json.loads(jsonld)
    if isinstance(doc.get("@graph"), list):
        doc["@graph"] = sorted(doc["@graph"], key=lambda node: str(node.get("@id", "")))
    jsonld = json.dumps(doc, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    return {".ttl": turtle, ".jsonld": jsonld, ".nt": ntriples, ".trig": trig}


def _trig(dataset: Dataset) -> str:
    """TriG with the named graphs in IRI order.

    rdflib writes graphs in the order its store hands them out, which follows string hashing
    and so changes from one process to the next: each graph is written on its own and the
    parts are joined, prefixes first.
    """
    from rdflib import Dataset as RDFDataset

    from courtgraph.rdf import bind_prefixes

    prefixes: set[str] = set()
    bodies: list[str] = []
    for graph in sorted((g for g in dataset.graphs() if len(g)), key=lambda g: str(g.identifier)):
        single = RDFDataset()
        bind_prefixes(single)
        part = single.graph(graph.identifier)
        for triple in graph:
            part.add(triple)
        text = single.serialize(format="trig")
        lines = text.splitlines()
        prefixes.update(line for line in lines if line.startswith("@prefix"))
        bodies.append("\n".join(line for line in lines if not line.startswith("@prefix")).strip("\n"))
    return "\n".join(sorted(prefixes)) + "\n\n" + "\n\n".join(bodies) + "\n"


def _write_all(out_dir: Path, contents: dict[str, str]) -> list[Path]:
    from courtgraph.files import write_files

    return write_files({out_dir / name: text for name, text in contents.items()})


def build(sources: Sequence[str | Path] = (), *, out_dir: str | Path = "out", html: bool = True) -> BuildResult:
    """Build ``<out_dir>/courtgraph.{ttl,jsonld,nt,trig}`` (and ``.html``) from ``sources``.

    ``sources`` are report ``.txt`` files or directories of them, extraction files
    (``.json``/``.yaml``) or graph files; none means ``seeds/``. Raises
    :class:`ValidationError` (its ``report`` holds every violation) before writing anything
    when the graph does not conform to the shapes.
    """
    from courtgraph.rdf import VOCAB_GRAPH
    from courtgraph.store import load_dataset
    from courtgraph.validate import validate_graph

    started = time.perf_counter()
    dataset = load_dataset(sources)
    reports = tuple(
        sorted(str(g.identifier) for g in dataset.graphs() if g.identifier != VOCAB_GRAPH and len(g) > 0)
    )
    if not reports:
        raise InputError("nothing to build: the sources hold no reports or triples")
    report = validate_graph(dataset)
    if not report.conforms:
        first = report.violations[0].line() if report.violations else ""
        raise ValidationError(
            f"graph does not conform to the shapes ({len(report.violations)} violation(s)); nothing written. First: {first}",
            report=report.text,
        )
    contents = {f"{BASENAME}{suffix}": text for suffix, text in serialize_all(dataset).items()}
    if html:
        from courtgraph.viz import render_html

        contents[f"{BASENAME}.html"] = render_html(dataset)
    files = _write_all(Path(out_dir), contents)
    return BuildResult(
        out_dir=Path(out_dir),
        files=tuple(files),
        reports=reports,
        triples=report.triples,
        validation=report,
        seconds=time.perf_counter() - started,
    )
