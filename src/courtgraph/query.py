"""SPARQL over courtgraph datasets: checked before it runs, named queries, plain-text results.

A query is parsed (and translated) first, so a malformed one raises
:class:`courtgraph.errors.QueryError` with its line and column before any data is touched.
Standard prefixes (``cg:``, ``cgd:``, ``skos:`` …) are predeclared; a query may redeclare them.

Named queries live in ``queries/*.rq``. Their leading comment block states the question
(``# zh:`` and ``# en:`` lines) and may declare parameters with defaults
(``# param: name = 爱心天平``). A parameter is a variable the query projects; its value is
substituted before evaluation (SPARQL SEP-0007), so it works on every store.
"""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from courtgraph.errors import QueryError, StoreError

if TYPE_CHECKING:
    import pandas
    from rdflib import Dataset, Graph
    from rdflib.term import Node

__all__ = [
    "ResultFormat",
    "QueryKind",
    "NamedQuery",
    "QueryResult",
    "check_query",
    "run_query",
    "bind_values",
    "run_remote",
    "named_queries",
    "named_query",
    "read_query",
    "format_result",
    "query_df",
]


class ResultFormat(str, Enum):
    TABLE = "table"
    CSV = "csv"
    TSV = "tsv"
    JSON = "json"


class QueryKind(str, Enum):
    SELECT = "SELECT"
    ASK = "ASK"
    CONSTRUCT = "CONSTRUCT"
    DESCRIBE = "DESCRIBE"


@dataclass(frozen=True)
class NamedQuery:
    name: str
    file: str  # the file's name, e.g. ``cq02.rq``
    text: str
    question_zh: str
    question_en: str
    params: dict[str, str] = field(default_factory=dict)


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


_UPDATE = re.compile(r"^\s*(?:(?:PREFIX|BASE)\b[^\n]*\n\s*)*(INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY|WITH)\b", re.I)


def _prologue() -> str:
    from courtgraph.rdf import PREFIXES

    return "".join(f"PREFIX {prefix}: <{iri}>\n" for prefix, iri in PREFIXES.items())


def _strip_comments(sparql: str) -> str:
    # comments only matter to the update check; IRIs and strings containing '#' are rare there
    return "\n".join(line for line in sparql.splitlines() if not line.lstrip().startswith("#"))


def check_query(sparql: str) -> QueryKind:
    """Parse and translate ``sparql``; raise QueryError (line, column, reason) if it is malformed."""
    return _prepare(sparql)[0]


@lru_cache(maxsize=256)
def _prepare(sparql: str) -> tuple[QueryKind, Any, str]:
    # cached: rdflib's parser costs tens of milliseconds a query, more than Oxigraph takes to
    # answer most of them, and the named queries are asked again and again
    from pyparsing import ParseBaseException
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery

    if not sparql.strip():
        raise QueryError("empty query")
    if _UPDATE.match(_strip_comments(sparql)):
        raise QueryError("SPARQL updates are refused; only SELECT, ASK, CONSTRUCT and DESCRIBE run")
    prologue = _prologue()
    text = prologue + sparql
    offset = prologue.count("\n")
    from courtgraph.guard import _PARSER_LOCK

    try:
        with _PARSER_LOCK:  # rdflib's grammar is not safe to run in two threads at once
            parsed = parseQuery(text)
    except ParseBaseException as exc:
        line = exc.lineno - offset
        reason = exc.msg.replace("\n", " ")
        near = exc.line.strip()[:60] if exc.lineno > offset else ""
        where = f"line {line}, column {exc.col}" if line >= 1 else "in the prologue"
        raise QueryError(f"malformed query at {where}: {reason}" + (f" (near: {near})" if near else "")) from None
    try:
        translated = translateQuery(parsed)
    except Exception as exc:  # rdflib raises plain Exception for an undeclared prefix and the like
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise QueryError(f"invalid query: {reason}") from None
    name = translated.algebra.name
    kinds = {
        "SelectQuery": QueryKind.SELECT,
        "AskQuery": QueryKind.ASK,
        "ConstructQuery": QueryKind.CONSTRUCT,
        "DescribeQuery": QueryKind.DESCRIBE,
    }
    return kinds[name], translated, text


@lru_cache(maxsize=256)
def _check_once(text: str) -> bool:
    """The guard's verdict on a query text; a refusal raises and so is never remembered."""
    from courtgraph.guard import check

    check(text)
    return True


def run_query(sparql: str, dataset: Dataset, *, params: Mapping[str, str] | None = None) -> QueryResult:
    """Run a query over the union of the dataset's graphs.

    ``params`` binds projected variables to plain-string values before evaluation.
    """
    from rdflib import Literal

    kind, translated, text = _prepare(sparql)
    # the embedded engines follow SERVICE, LOAD and FROM <url> to any host or file: refuse them
    # here as the endpoint does, before anything runs
    _check_once(text)
    bindings = {name: Literal(value) for name, value in (params or {}).items()}
    if bindings:
        projected = {str(v) for v in getattr(translated.algebra, "PV", [])}
        missing = sorted(set(bindings) - projected)
        if missing:
            raise QueryError(f"parameter(s) {', '.join(missing)} not projected by the query; it projects: {', '.join(sorted(projected)) or 'nothing'}")
    native = _native_oxigraph(dataset)
    if native is not None:
        return _run_oxigraph(native, kind, text, params or {})
    in_memory = type(dataset.store).__name__ == "Memory"
    try:
        # rdflib evaluates lazily: reading the results is part of running the query
        return _from_result(kind, dataset.query(translated if in_memory else text, initBindings=bindings))
    except QueryError:
        raise
    except Exception as exc:  # the engines raise their own types for evaluation failures
        raise StoreError(f"query failed while running: {str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__}") from exc


def run_remote(
    url: str,
    sparql: str,
    *,
    params: Mapping[str, str] | None = None,
    user: str | None = None,
    password: str | None = None,
) -> QueryResult:
    """Check ``sparql`` locally, then run it on a remote SPARQL endpoint (``courtgraph.remote``).

    ``params`` are bound with :func:`bind_values`, as ``run_query``'s bindings are locally.
    """
    from courtgraph.remote import query_endpoint

    if params:
        sparql = bind_values(sparql, params)
    kind, _, text = _prepare(sparql)
    return _from_result(kind, query_endpoint(url, text, user=user, password=password))


def bind_values(sparql: str, params: Mapping[str, str]) -> str:
    """``sparql`` with a ``VALUES`` block opening its WHERE clause, binding each parameter
    everywhere in it (filters included): the portable form of a bound variable, for remote
    endpoints and for the explorer's editor.
    """
    import re

    from courtgraph.sparqltext import sparql_string

    where = re.search(r"\bWHERE\s*\{", sparql, re.I)
    if where is None:
        raise QueryError("parameters need a query with a WHERE clause")
    names = " ".join(f"?{name}" for name in params)
    values = " ".join(sparql_string(value) for value in params.values())
    bound = f"{sparql[:where.end()]}\n  VALUES ({names}) {{ ({values}) }}{sparql[where.end():]}"
    check_query(bound)  # still a well-formed query
    return bound


def _native_oxigraph(dataset: Dataset) -> Any | None:
    """The pyoxigraph store under an oxrdflib-backed dataset, or ``None`` for other stores."""
    try:
        from oxrdflib import OxigraphStore
    except ImportError:
        return None
    if not isinstance(dataset.store, OxigraphStore):
        return None
    # oxrdflib turns every answer into rdflib terms through rdflib's result classes, which
    # costs ten times the query itself on large answers; asking Oxigraph directly does not
    return getattr(dataset.store, "_inner", None)


def _run_oxigraph(store: Any, kind: QueryKind, text: str, params: Mapping[str, str]) -> QueryResult:
    import pyoxigraph as ox

    substitutions = {ox.Variable(name): ox.Literal(value) for name, value in params.items()}
    try:
        result = store.query(text, use_default_graph_as_union=True, substitutions=substitutions or None)
    except (SyntaxError, ValueError, OSError) as exc:
        raise StoreError(f"query failed while running: {str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__}") from exc
    if kind is QueryKind.ASK:
        return QueryResult(kind=kind, boolean=bool(result))
    convert = _TermConverter()
    if kind is QueryKind.SELECT:
        variables = tuple(v.value for v in result.variables)
        rows = tuple(tuple(convert(solution[i]) for i in range(len(variables))) for solution in result)
        return QueryResult(kind=kind, variables=variables, rows=rows)
    from rdflib import Graph

    from courtgraph.rdf import bind_prefixes

    graph = Graph()
    bind_prefixes(graph)
    for triple in result:
        graph.add((convert(triple.subject), convert(triple.predicate), convert(triple.object)))  # type: ignore[arg-type]
    return QueryResult(kind=kind, graph=graph)


class _TermConverter:
    """pyoxigraph terms → the rdflib terms ``_plain_string`` would give, each value converted once."""

    def __init__(self) -> None:
        self.seen: dict[Any, Node] = {}

    def __call__(self, term: Any) -> Node | None:
        if term is None:
            return None
        found = self.seen.get(term)
        if found is None:
            found = self.seen[term] = self._convert(term)
        return found

    @staticmethod
    def _convert(term: Any) -> Node:
        from courtgraph.rdf import from_oxigraph_term

        try:
            return _plain_string(from_oxigraph_term(term))  # type: ignore[return-value]
        except TypeError as exc:
            raise StoreError(f"Oxigraph returned a term courtgraph cannot show: {exc}") from exc


def _from_result(kind: QueryKind, result: Any) -> QueryResult:
    from rdflib import Graph

    from courtgraph.rdf import bind_prefixes

    if kind is QueryKind.ASK:
        return QueryResult(kind=kind, boolean=bool(result.askAnswer))
    if kind is QueryKind.SELECT:
        variables = tuple(str(v) for v in result.vars or ())
        rows = tuple(tuple(_plain_string(row[i]) for i in range(len(variables))) for row in result)
        return QueryResult(kind=kind, variables=variables, rows=rows)
    graph = Graph()
    bind_prefixes(graph)
    triples = result.graph if getattr(result, "graph", None) is not None else result
    for triple in triples:
        graph.add(tuple(_plain_string(t) for t in triple))  # type: ignore[arg-type]
    return QueryResult(kind=kind, graph=graph)


def _plain_string(term: Node | None) -> Node | None:
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


# -- named queries --------------------------------------------------------------------------------


def _parse_header(name: str, file: str, text: str) -> NamedQuery:
    zh = en = ""
    params: dict[str, str] = {}
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        body = line.lstrip("#").strip()
        key, _, value = body.partition(":")
        key = key.strip().lower()
        if key == "zh":
            zh = value.strip()
        elif key == "en":
            en = value.strip()
        elif key == "param":
            pname, _, default = value.partition("=")
            params[pname.strip().lstrip("?")] = default.strip()
    return NamedQuery(name=name, file=file, text=text, question_zh=zh, question_en=en, params=params)


def named_queries(directory: Path | None = None) -> dict[str, NamedQuery]:
    """Every ``*.rq`` of ``directory`` (default: the package's own queries), by file stem, in name order."""
    from courtgraph.resources import query_files

    files = sorted(directory.glob("*.rq")) if directory is not None else query_files()
    found = {}
    for file in files:
        name = file.name[: -len(".rq")]
        found[name] = _parse_header(name, file.name, file.read_text(encoding="utf-8"))
    return found


def named_query(name: str, *, directory: Path | None = None) -> NamedQuery:
    queries = named_queries(directory)
    if name not in queries:
        raise QueryError(f"no named query {name!r}; available: {', '.join(queries)}")
    return queries[name]


def read_query(query_or_file: str) -> str:
    """The query text: the file's contents when ``query_or_file`` names a file, else itself."""
    candidate = query_or_file.strip()
    if "\n" not in candidate and len(candidate) < 4096:
        path = Path(candidate)
        if path.suffix in (".rq", ".sparql") or (path.exists() and path.is_file()):
            try:
                return path.read_text(encoding="utf-8")
            except OSError as exc:
                raise QueryError(f"{path}: cannot read query file ({exc.strerror})") from None
    return query_or_file


# -- output ---------------------------------------------------------------------------------------


def _compact(term: Node | None, graph: Graph | None = None) -> str:
    from rdflib import Literal, URIRef

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
    if isinstance(term, Literal):
        return str(term)
    return str(term)


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def _table(result: QueryResult) -> str:
    header = list(result.variables)
    cells = [[_compact(t).replace("\n", " ") for t in row] for row in result.rows]
    widths = [max([_width(h)] + [_width(r[i]) for r in cells]) for i, h in enumerate(header)]
    lines = ["  ".join(_pad(h, w) for h, w in zip(header, widths)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(_pad(c, w) for c, w in zip(row, widths)).rstrip() for row in cells]
    lines.append(f"({len(cells)} row{'s' if len(cells) != 1 else ''})")
    return "\n".join(lines) + "\n"


def _json_term(term: Node) -> dict[str, str]:
    from rdflib import BNode, Literal

    if isinstance(term, Literal):
        out = {"type": "literal", "value": str(term)}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype is not None:
            out["datatype"] = str(term.datatype)
        return out
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    return {"type": "uri", "value": str(term)}


def format_result(result: QueryResult, fmt: ResultFormat | str = ResultFormat.TABLE) -> str:
    """Render a result. SELECT/ASK follow the SPARQL 1.1 CSV, TSV and JSON result formats;
    CONSTRUCT/DESCRIBE give Turtle for ``table``, JSON-LD for ``json`` and N-Triples for csv/tsv."""
    fmt = ResultFormat(fmt)
    if result.kind is QueryKind.ASK:
        if fmt is ResultFormat.JSON:
            return json.dumps({"head": {}, "boolean": result.boolean}) + "\n"
        return ("true" if result.boolean else "false") + "\n"
    if result.graph is not None:
        if fmt is ResultFormat.TABLE:
            return result.graph.serialize(format="turtle")
        if fmt is ResultFormat.JSON:
            return result.graph.serialize(format="json-ld", indent=2, sort_keys=True)
        return "".join(sorted(line + "\n" for line in result.graph.serialize(format="nt").splitlines() if line))
    if fmt is ResultFormat.TABLE:
        return _table(result)
    if fmt is ResultFormat.CSV:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(result.variables)
        writer.writerows([["" if t is None else str(t) for t in row] for row in result.rows])
        return buffer.getvalue()
    if fmt is ResultFormat.TSV:
        from courtgraph.sparqltext import tsv

        return tsv(result.variables, result.rows)
    bindings = [
        {v: _json_term(t) for v, t in zip(result.variables, row) if t is not None} for row in result.rows
    ]
    payload = {"head": {"vars": list(result.variables)}, "results": {"bindings": bindings}}
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


def query_df(
    query: str,
    dataset: Dataset | None = None,
    *,
    sources: Sequence[str | Path] = (),
    store: str = "memory",
    params: Mapping[str, str] | None = None,
) -> pandas.DataFrame:
    """A SELECT query (text, file, or the name of a named query) as a pandas DataFrame.

    Literals become Python values (numbers stay numbers), IRIs become strings.

    >>> query_df("cq02", sources=["seeds/"])  # doctest: +SKIP
    """
    import pandas as pd
    from rdflib import Literal

    from courtgraph.store import load_dataset

    if re.fullmatch(r"[\w-]+", query) and not Path(query).exists():
        named = named_query(query)
        text = named.text
        params = {**named.params, **(params or {})}
    else:
        text = read_query(query)
    if dataset is None:
        dataset = load_dataset(sources, store=store)  # type: ignore[arg-type]
    result = run_query(text, dataset, params=params)
    if result.kind is not QueryKind.SELECT:
        raise QueryError(f"query_df needs a SELECT query, got {result.kind.value}")

    def value(term: Node | None) -> Any:
        if term is None:
            return None
        if isinstance(term, Literal):
            return term.toPython() if term.datatype is not None else str(term)
        return str(term)

    return pd.DataFrame([[value(t) for t in row] for row in result.rows], columns=list(result.variables))
