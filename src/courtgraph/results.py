"""Query results and the one writer per format, shared by ``courtgraph query`` and the endpoint.

A :class:`QueryResult` holds rdflib terms in one canonical spelling whichever engine
answered (see :func:`canonical_term`), and :func:`write` turns it into the bytes of any
format of :mod:`courtgraph.formats`. The CLI's readable ``table`` view is the only output
that is not a standard format, and it is made here too.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING, Any

from courtgraph.errors import FormatError
from courtgraph.formats import Format, for_query

if TYPE_CHECKING:
    from rdflib import Graph
    from rdflib.term import Node

__all__ = ["QueryKind", "QueryResult", "canonical_term", "write", "format_result", "aligned", "TABLE"]

TABLE = "table"


class QueryKind(str, Enum):
    SELECT = "SELECT"
    ASK = "ASK"
    CONSTRUCT = "CONSTRUCT"
    DESCRIBE = "DESCRIBE"


@dataclass(frozen=True)
class QueryResult:
    """What a query returned: rows for SELECT, a boolean for ASK, a graph for CONSTRUCT/DESCRIBE."""

    kind: QueryKind
    variables: tuple[str, ...] = ()
    rows: tuple[tuple[Node | None, ...], ...] = ()
    boolean: bool | None = None
    graph: Graph | None = None

    def column(self, name: str) -> list[str]:
        """The lexical values of one SELECT column (unbound cells skipped)."""
        index = self.variables.index(name)
        return [str(row[index]) for row in self.rows if row[index] is not None]

    def __len__(self) -> int:
        """Rows, triples, or 1 for an ASK answer."""
        if self.graph is not None:
            return len(self.graph)
        return len(self.rows) if self.kind is QueryKind.SELECT else 1


def canonical_term(term: Node | None) -> Node | None:
    """One spelling per value, whichever store answered.

    ``"x"^^xsd:string`` and ``"x"`` are the same RDF 1.1 literal (Oxigraph returns the first),
    and Oxigraph prints the decimal 10093.0 as 10093; both are put in one canonical form.
    """
    from rdflib import XSD, Literal

    from courtgraph.rdf import decimal_literal

    if isinstance(term, Literal) and term.datatype == XSD.string:
        return Literal(str(term))
    if isinstance(term, Literal) and term.datatype == XSD.decimal:
        try:
            return decimal_literal(str(term))
        except ArithmeticError:  # an ill-typed literal: leave it as the store gave it
            return term
    return term


def write(result: QueryResult, fmt: Format | str) -> bytes:
    """``result`` in the format ``fmt`` (a :class:`Format` or a name the format table knows).

    SELECT and ASK follow the SPARQL 1.1 JSON, XML, CSV and TSV result formats; CONSTRUCT
    and DESCRIBE give RDF with the triples in sorted order, so the same answer always gives
    the same bytes. Raises FormatError when the format does not fit the query's form.
    """
    chosen = for_query(fmt, result.kind.value) if isinstance(fmt, str) else fmt
    if chosen.graph != (result.graph is not None):
        raise FormatError(f"{chosen.name} is not a format for {result.kind.value} results")
    if result.graph is not None:
        return _write_graph(result.graph, chosen)
    if chosen.name in ("tsv", "csv"):
        if result.kind is QueryKind.ASK:
            raise FormatError(f"{chosen.name} is not a format for an ASK result")
        write_rows = _tsv if chosen.name == "tsv" else _csv
        return write_rows(result.variables, result.rows).encode("utf-8")
    from rdflib import Variable
    from rdflib.query import Result

    out = Result(result.kind.value)
    if result.kind is QueryKind.ASK:
        out.askAnswer = bool(result.boolean)
    else:
        variables = [Variable(v) for v in result.variables]
        out.vars = variables
        out.bindings = [
            {var: term for var, term in zip(variables, row) if term is not None}  # type: ignore[misc]
            for row in result.rows
        ]
    body = out.serialize(format=chosen.rdflib, encoding="utf-8")
    return body if isinstance(body, bytes) else str(body).encode("utf-8")


def format_result(result: QueryResult, fmt: str = TABLE) -> str:
    """The text ``courtgraph query`` prints: ``table`` (a readable table; ``true``/``false``;
    Turtle for a graph) or any format name the format table knows for the result's form."""
    if fmt == TABLE:
        if result.kind is QueryKind.ASK:
            return ("true" if result.boolean else "false") + "\n"
        if result.graph is not None:
            return write(result, "turtle").decode("utf-8")
        return _table(result)
    return write(result, fmt).decode("utf-8")


def _write_graph(graph: Graph, fmt: Format) -> bytes:
    from courtgraph.rdf import PREFIXES

    triples = sorted(graph, key=lambda t: (t[0].n3(), t[1].n3(), t[2].n3()))
    if fmt.name in ("turtle", "n3"):
        # rdflib's Turtle writer sorts by itself and writes an IRI that has no clean prefixed
        # name in full, so every IRI printed can be pasted into a query (Oxigraph's writes
        # cgd:court\/… escapes)
        from rdflib import Graph

        from courtgraph.rdf import bind_prefixes

        out = Graph()
        bind_prefixes(out)
        for triple in triples:
            out.add(triple)
        return out.serialize(format=fmt.rdflib, encoding="utf-8")
    # Oxigraph's writers keep the order they are given; rdflib's JSON-LD and RDF/XML do not
    import pyoxigraph as ox

    converted = [ox.Triple(_oxigraph_term(s), _oxigraph_term(p), _oxigraph_term(o)) for s, p, o in triples]
    return ox.serialize(converted, format=fmt.oxigraph_format(), prefixes=dict(PREFIXES)) or b""


def _oxigraph_term(term: Any) -> Any:
    import pyoxigraph as ox
    from rdflib import BNode, Literal

    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    return ox.NamedNode(str(term))


def _tsv(variables: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """SPARQL 1.1 TSV results: ``?name`` headers, terms in Turtle syntax, tabs inside escaped.

    rdflib has no TSV writer; ``rows`` hold rdflib terms (``None`` for unbound).
    """
    lines = ["\t".join(f"?{v}" for v in variables)]
    for row in rows:
        lines.append("\t".join("" if term is None else term.n3().replace("\t", "\\t") for term in row))
    return "\n".join(lines) + "\n"


def _csv(variables: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """SPARQL 1.1 CSV results: the names, then each term's plain value (a blank node as
    ``_:label``, unbound empty), quoted as RFC 4180 says, lines ending CRLF.

    Written here, as rdflib's writer does it, because importing that writer loads rdflib's
    whole SPARQL package: more than most queries of the command line take to answer.
    """
    import csv
    import io

    from rdflib import BNode

    buffer = io.StringIO(newline="")
    out = csv.writer(buffer)
    out.writerow(variables)
    out.writerows(["" if t is None else f"_:{t}" if isinstance(t, BNode) else str(t) for t in row] for row in rows)
    return buffer.getvalue()


# -- the readable table ---------------------------------------------------------------------------


def _compact(term: Node | None) -> str:
    from rdflib import URIRef

    from courtgraph.rdf import PREFIXES

    if term is None:
        return ""
    if isinstance(term, URIRef):
        text = str(term)
        best = ""
        for prefix, iri in PREFIXES.items():
            if text.startswith(iri) and len(iri) > len(PREFIXES.get(best, "")):
                best = prefix
        return f"{best}:{text[len(PREFIXES[best]):]}" if best else text
    return str(term)


def _width(text: str) -> int:
    # Chinese characters (East Asian wide and full-width) take two columns in a terminal
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def aligned(header: Sequence[str], rows: Sequence[Sequence[str]], *, right: Collection[int] = ()) -> list[str]:
    """Lines of a plain-text table whose columns line up in a terminal, Chinese included;
    the columns numbered in ``right`` are right-aligned (numbers)."""
    widths = [max([_width(h)] + [_width(r[i]) for r in rows]) for i, h in enumerate(header)]

    def line(cells: Sequence[str]) -> str:
        padded = [(" " * (w - _width(c)) + c) if i in right else (c + " " * (w - _width(c)))
                  for i, (c, w) in enumerate(zip(cells, widths))]
        return "  ".join(padded).rstrip()

    return [line(header), "  ".join("-" * w for w in widths), *(line(row) for row in rows)]


def _table(result: QueryResult) -> str:
    cells = [[_compact(t).replace("\n", " ") for t in row] for row in result.rows]
    lines = aligned(list(result.variables), cells)
    lines.append(f"({len(cells)} row{'s' if len(cells) != 1 else ''})")
    return "\n".join(lines) + "\n"
