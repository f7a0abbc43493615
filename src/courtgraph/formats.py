"""The one table of formats: SPARQL results (SELECT, ASK) and RDF (CONSTRUCT, DESCRIBE, graph files).

Content negotiation at the endpoint, ``courtgraph query --format``, the endpoint's ``format``
parameter and graph-file suffixes all read this table, so a format is added or renamed here
and nowhere else.

>>> for_query("json", "SELECT").media_type
'application/sparql-results+json'
>>> for_query("json", "CONSTRUCT").name  # a client asking for JSON of a graph gets JSON-LD
'jsonld'
>>> for_query("text/tab-separated-values", "SELECT").name
'tsv'
>>> negotiate("text/csv;q=0.9, application/sparql-results+xml", "SELECT").name
'xml'
>>> for_suffix(".trig").rdflib
'trig'
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from courtgraph.errors import FormatError

__all__ = ["Format", "FORMATS", "GRAPH_FORMS", "for_query", "for_suffix", "graph_suffixes", "negotiate", "offered"]

GRAPH_FORMS = ("CONSTRUCT", "DESCRIBE")


@dataclass(frozen=True)
class Format:
    """One format: its name, the media types and other names clients use, and each library's name for it."""

    name: str
    media_types: tuple[str, ...]  # the first is the one sent
    suffix: str
    rdflib: str  # rdflib's serializer (and parser) plugin name
    oxigraph: str  # the member of pyoxigraph's RdfFormat or QueryResultsFormat
    graph: bool  # RDF triples (CONSTRUCT, DESCRIBE, files) rather than SPARQL results
    aliases: tuple[str, ...] = ()
    ask: bool = False  # also answers ASK (SPARQL results only)
    answers: bool = True  # offered for query results (the quad formats are for files only)

    @property
    def media_type(self) -> str:
        return self.media_types[0]

    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases, *self.media_types)

    def oxigraph_format(self) -> Any:
        import pyoxigraph as ox

        return getattr(ox.RdfFormat if self.graph else ox.QueryResultsFormat, self.oxigraph)


FORMATS: tuple[Format, ...] = (
    # SPARQL results: the first is the default answer to SELECT and ASK
    Format("json", ("application/sparql-results+json", "application/json"), ".srj", "json", "JSON", False, ask=True),
    Format("xml", ("application/sparql-results+xml", "application/xml", "text/xml"), ".srx", "xml", "XML", False, ask=True),
    Format("csv", ("text/csv",), ".csv", "csv", "CSV", False),
    Format("tsv", ("text/tab-separated-values",), ".tsv", "tsv", "TSV", False),
    # RDF: the first is the default answer to CONSTRUCT and DESCRIBE
    Format("turtle", ("text/turtle", "application/x-turtle", "application/turtle"), ".ttl", "turtle", "TURTLE", True,
           aliases=("ttl",)),
    Format("n3", ("text/n3", "text/rdf+n3", "application/n3"), ".n3", "n3", "N3", True),
    Format("nt", ("application/n-triples", "text/plain"), ".nt", "nt", "N_TRIPLES", True,
           aliases=("ntriples", "n-triples")),
    Format("jsonld", ("application/ld+json",), ".jsonld", "json-ld", "JSON_LD", True, aliases=("json-ld", "json")),
    Format("rdfxml", ("application/rdf+xml",), ".rdf", "xml", "RDF_XML", True, aliases=("rdf", "rdf+xml", "xml")),
    Format("trig", ("application/trig",), ".trig", "trig", "TRIG", True, answers=False),
    Format("nquads", ("application/n-quads",), ".nq", "nquads", "N_QUADS", True, aliases=("nq",), answers=False),
)


def _fits(fmt: Format, form: str) -> bool:
    if form in GRAPH_FORMS:
        return fmt.graph and fmt.answers
    return not fmt.graph and (fmt.ask or form != "ASK")


def offered(form: str) -> list[Format]:
    """The formats a result of ``form`` (SELECT, ASK, CONSTRUCT, DESCRIBE) can be written in."""
    return [fmt for fmt in FORMATS if _fits(fmt, form)]


def _lookup(name: str, form: str) -> Format | None:
    wanted = name.strip().lower()
    for fmt in offered(form):
        if wanted in fmt.names():
            return fmt
    return None


def for_query(name: str, form: str) -> Format:
    """The format called ``name`` (a name, alias or media type) for a result of ``form``.

    Raises FormatError naming the formats that exist for that form.
    """
    found = _lookup(name, form)
    if found is None:
        raise FormatError(
            f"no format {name!r} for {form} results; use one of: {', '.join(f.name for f in offered(form))}"
        )
    return found


def for_suffix(suffix: str) -> Format:
    """The RDF format of a graph file with this suffix (``.ttl``, ``.trig`` …)."""
    for fmt in FORMATS:
        if fmt.graph and fmt.suffix == suffix.lower():
            return fmt
    raise FormatError(f"no graph format for files ending in {suffix!r}; expected one of {', '.join(graph_suffixes())}")


def graph_suffixes() -> list[str]:
    return [fmt.suffix for fmt in FORMATS if fmt.graph]


def negotiate(accept: str | None, form: str, *, requested: Sequence[str] | str | None = None) -> Format:
    """The format to answer a query of ``form`` with.

    ``requested`` are the values of the request's ``format`` parameter (clients such as
    SPARQLWrapper send two: a name and a media type); the first one known wins. When none
    is known, a workable ``Accept`` header decides, and only without one is the request
    refused. Raises FormatError when nothing offered is acceptable.
    """
    names = [requested] if isinstance(requested, str) else list(requested or ())
    for name in names:
        found = _lookup(name, form)
        if found is not None:
            return found
    chosen = _by_accept(accept, form, explicit_only=bool(names))
    if chosen is not None:
        return chosen
    offer = ", ".join(f.media_type for f in offered(form))
    if names:
        raise FormatError(f"no format {names[0]!r} for {form} results; offered: {offer}")
    raise FormatError(f"no acceptable format for {form} results; offered: {offer}")


def _by_accept(accept: str | None, form: str, *, explicit_only: bool) -> Format | None:
    ranges = _parse_accept(accept or "*/*")
    if explicit_only:
        # a wildcard says nothing about which format the client meant by its unknown name
        ranges = [r for r in ranges if r[2] == 2]
    best: float = 0.0
    chosen = None
    for fmt in offered(form):
        q = max((_quality(ranges, media) for media in fmt.media_types), default=0.0)
        if q > best:
            best, chosen = q, fmt
    return chosen


def _parse_accept(header: str) -> list[tuple[str, float, int]]:
    """(range, q, specificity) for each entry of an Accept header."""
    ranges = []
    for part in header.split(","):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if not media:
            continue
        q = 1.0
        for param in fields[1:]:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = max(0.0, min(1.0, float(value)))
                except ValueError:
                    q = 0.0
        specificity = 0 if media == "*/*" else 1 if media.endswith("/*") else 2
        ranges.append((media, q, specificity))
    return ranges


def _quality(ranges: Iterable[tuple[str, float, int]], media: str) -> float:
    # the most specific matching range decides (RFC 9110 §12.5.1)
    best: tuple[int, float] | None = None
    major = media.split("/")[0]
    for candidate, q, specificity in ranges:
        if candidate in (media, "*/*", f"{major}/*") and (best is None or specificity > best[0]):
            best = (specificity, q)
    return best[1] if best else 0.0
