"""Where graphs come from: graph files, extractions or report texts (built in memory), opened as one dataset.

``store="memory"`` uses rdflib's in-memory store; ``store="oxigraph"`` puts the same quads in
an embedded Oxigraph store (through oxrdflib), whose SPARQL engine is much faster on large
graphs and gives the same answers.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from courtgraph.errors import InputError, StoreError
from courtgraph.formats import FORMATS, for_suffix
from courtgraph.readers import SUFFIXES

if TYPE_CHECKING:
    from rdflib import Dataset

    from courtgraph.model import Extraction

__all__ = [
    "StoreName",
    "GRAPH_FORMATS",
    "EXTRACTION_SUFFIXES",
    "default_sources",
    "expand_sources",
    "read_extraction_file",
    "read_graph_file",
    "extractions_from",
    "load_dataset",
    "query_target",
    "open_built",
]

StoreName = Literal["memory", "oxigraph"]

# suffix -> rdflib's parser name, read from the one format table
GRAPH_FORMATS: dict[str, str] = {fmt.suffix: fmt.rdflib for fmt in FORMATS if fmt.graph}
EXTRACTION_SUFFIXES = (".json", ".yaml", ".yml")
REPORT_SUFFIXES = tuple(SUFFIXES)  # reports in every form courtgraph.readers reads


def default_sources() -> list[Path]:
    """``seeds/`` of the working directory (as in a clone of the project)."""
    here = Path.cwd() / "seeds"
    if here.is_dir():
        return [here]
    raise InputError("no sources given and no seeds/ folder in the working directory; name report or graph files")


def expand_sources(sources: Sequence[str | Path]) -> list[Path]:
    """Files to read, in a stable order: directories contribute their report files (.txt, .pdf, .html, .docx …)."""
    paths = [Path(s) for s in sources] or default_sources()
    files: list[Path] = []
    accepted = (*REPORT_SUFFIXES, *EXTRACTION_SUFFIXES, *GRAPH_FORMATS)
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.suffix.lower() in REPORT_SUFFIXES and p.is_file())
            if not found:
                raise InputError(f"{path}: directory holds no report files ({', '.join(REPORT_SUFFIXES)})")
            files.extend(found)
        elif not path.exists():
            raise InputError(f"{path}: no such file or directory")
        elif path.suffix.lower() not in accepted:
            raise InputError(f"{path}: unknown kind of file; expected one of {', '.join(accepted)}")
        else:
            files.append(path)
    return files


def read_extraction_file(path: Path) -> Extraction:
    """An extraction saved as JSON (``courtgraph extract --format json``) or a gold YAML file."""
    import yaml

    from courtgraph.model import Extraction

    try:
        text = path.read_text(encoding="utf-8")
        data = json.loads(text) if path.suffix.lower() == ".json" else yaml.safe_load(text)
    except (OSError, UnicodeDecodeError, ValueError, yaml.YAMLError) as exc:
        raise InputError(f"{path}: not a readable extraction ({_first_line(exc)})") from exc
    if not isinstance(data, dict) or not isinstance(data.get("report"), dict):
        raise InputError(f"{path}: not an extraction (expected a mapping with a 'report' key)")
    try:
        return Extraction.from_dict(data)
    except (TypeError, KeyError) as exc:
        raise InputError(f"{path}: not an extraction ({_first_line(exc)})") from exc


def read_graph_file(path: Path) -> Dataset:
    """A graph file as a dataset; triples of a plain-graph format land in the default graph."""
    from rdflib import Dataset

    fmt = GRAPH_FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise InputError(f"{path}: not a graph file; expected one of {', '.join(GRAPH_FORMATS)}")
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    dataset = Dataset(default_union=True)
    try:
        dataset.parse(path, format=fmt)
    except Exception as exc:  # rdflib raises parser-specific types; all mean "unreadable"
        raise InputError(f"{path}: not valid {fmt} ({_first_line(exc)})") from exc
    return dataset


def _extract(path: Path) -> Extraction:
    from courtgraph.extract import extract_report

    return extract_report(path)


def extractions_from(files: Iterable[Path]) -> list[Extraction]:
    """Extractions of the report and extraction files among ``files`` (graph files are skipped)."""
    found = []
    for path in files:
        suffix = path.suffix.lower()
        if suffix in REPORT_SUFFIXES:
            found.append(_extract(path))
        elif suffix in EXTRACTION_SUFFIXES:
            found.append(read_extraction_file(path))
    return found


def load_dataset(sources: Sequence[str | Path] = (), *, store: StoreName = "memory") -> Dataset:
    """One dataset from graph files, extraction files and report texts (default: ``seeds/``).

    A build folder (``courtgraph build``'s ``--out``) given alone is opened as its built store
    (:mod:`courtgraph.store`), read-only and without parsing anything, whichever ``store`` is named;
    with ``store="oxigraph"``, so is the build's TriG given alone, while its digest is the one
    the build recorded (a store holding the file's very quads, not a copy of them to write to).
    """
    if store not in ("memory", "oxigraph"):
        raise StoreError(f"unknown store {store!r}; expected 'memory' or 'oxigraph'")
    from courtgraph.store import find_store

    built = find_store(sources, trig=store == "oxigraph")
    if built is not None:
        return open_built(built)
    files = expand_sources(sources)
    if store == "oxigraph":
        return _load_oxigraph(files)
    from courtgraph.rdf import add_vocabulary, canonical_dataset, to_dataset

    dataset = to_dataset(extractions_from(files), vocabulary=False)
    for path in files:
        if path.suffix.lower() in GRAPH_FORMATS:
            for quad in read_graph_file(path).quads((None, None, None, None)):
                dataset.add(quad)  # type: ignore[arg-type]  # rdflib accepts a graph name here
    add_vocabulary(dataset)
    return canonical_dataset(dataset)


def query_target(sources: Sequence[str | Path] = (), *, store: StoreName = "memory") -> Any:
    """What :func:`courtgraph.query.run_query` runs on for ``sources``.

    A build folder given alone (or, with ``store="oxigraph"``, the build's TriG: see
    :func:`load_dataset`) is its Oxigraph store itself, opened read-only
    (:func:`courtgraph.store.open_store`), not wrapped as an rdflib Dataset: the wrapper's
    import loads rdflib's SPARQL machinery, which costs more than a short query. Anything
    else is :func:`load_dataset`'s Dataset.
    """
    from courtgraph.store import find_store, open_store

    built = find_store(sources, trig=store == "oxigraph")
    if built is not None:
        return open_store(built)
    return load_dataset(sources, store=store)


def open_built(folder: str | Path) -> Dataset:
    """The built store in ``folder`` (see :func:`courtgraph.store.open_store`) as a read-only rdflib Dataset."""
    from oxrdflib import OxigraphStore
    from rdflib import Dataset

    from courtgraph.rdf import bind_prefixes
    from courtgraph.store import open_store

    dataset = Dataset(store=OxigraphStore(store=open_store(folder)), default_union=True)
    bind_prefixes(dataset)
    return dataset


def oxigraph_format(path: Path) -> Any:
    """Oxigraph's ``RdfFormat`` for a graph file, by its suffix (see ``courtgraph.formats``)."""
    return for_suffix(path.suffix).oxigraph_format()


def _load_oxigraph(files: Sequence[Path]) -> Dataset:
    """An embedded Oxigraph store filled by its own bulk loader, wrapped for rdflib.

    Graph files go straight to Oxigraph's parser; reports and extractions are turned into
    the same N-Quads the build writes. Nothing passes through rdflib's store on the way.
    """
    try:
        import pyoxigraph as ox
        from oxrdflib import OxigraphStore
        from rdflib import Dataset
    except ImportError as exc:
        raise StoreError(f"cannot open an Oxigraph store ({_first_line(exc)}); is oxrdflib installed?") from exc

    from courtgraph.rdf import (
        SHARED_GRAPH, VOCAB_GRAPH, bind_prefixes, ntriples_lines, report_triples, split_report_lines, vocabulary_ntriples,
    )

    inner = ox.Store()
    quads: list[str] = []
    shared: set[str] = set()
    for extraction in extractions_from(files):
        graph, triples = report_triples(extraction)
        # the split add_extraction and the build make: each fact once, shared facts in one graph
        own, common = split_report_lines(ntriples_lines(triples), graph)
        quads.extend(f"{line[:-3]} <{graph}> .\n" for line in own)
        shared.update(common)
    shared.difference_update(vocabulary_ntriples().splitlines(keepends=True))
    quads.extend(f"{line[:-3]} <{SHARED_GRAPH}> .\n" for line in sorted(shared))
    inner.bulk_load("".join(quads).encode("utf-8"), format=ox.RdfFormat.N_QUADS)
    inner.bulk_load(vocabulary_ntriples().encode("utf-8"), format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(str(VOCAB_GRAPH)))
    for path in files:
        kind = GRAPH_FORMATS.get(path.suffix.lower())
        if kind is None:
            continue
        fmt = oxigraph_format(path)
        try:
            if fmt in (ox.RdfFormat.TRIG, ox.RdfFormat.N_QUADS, ox.RdfFormat.JSON_LD):
                inner.bulk_load(path=str(path), format=fmt)
            else:
                inner.bulk_load(path=str(path), format=fmt, to_graph=ox.DefaultGraph())
        except (SyntaxError, ValueError, OSError) as exc:
            raise InputError(f"{path}: not valid {kind} ({_first_line(exc)})") from exc
    dataset = Dataset(store=OxigraphStore(store=inner), default_union=True)
    bind_prefixes(dataset)
    return dataset


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__

