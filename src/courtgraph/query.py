"""SPARQL over courtgraph datasets: run checked queries, named queries, DataFrames.

Every query passes :func:`courtgraph.sparql.check` first, so a malformed one raises
:class:`courtgraph.errors.QueryError` with its line and column before any data is touched,
and one that would reach outside the dataset is refused. Standard prefixes (``cg:``,
``cgd:``, ``skos:`` …) are predeclared; a query may redeclare them. :func:`execute` is the
one place an engine's answer becomes a :class:`~courtgraph.results.QueryResult`.

Named queries live in ``queries/*.rq``. Their leading comment block states the question
(``# zh:`` and ``# en:`` lines) and may declare parameters with defaults
(``# param: name = 爱心天平``). A parameter is a variable the query projects; its value is
substituted before evaluation (SPARQL SEP-0007), so it works on every store. A parameter
declared with a language tag (``# param: court@zh = 德清县人民法院``) is bound as a literal in
that language, so the query can match it as a term (``?courtNode rdfs:label ?court``), which
the engines answer from an index; a plain string compared in a FILTER is only tested after
the rest of the pattern has been joined (``figures-compared`` on 1,000 reports: 0.06 s
against 44 s). Chinese carries no meaning in whitespace, so a ``zh`` parameter is bound
without it (:func:`unspaced`); a Chinese label written with whitespace also carries that form
as ``skos:hiddenLabel``, and a query that matches ``rdfs:label|skos:hiddenLabel`` finds the
name however it was spaced. A parameter declared without a default (``# param: answer@zh``)
is bound only when given, and exactly as given: it says how to bind a value of the answer's
column that a user may narrow the answer by (a label is a ``zh`` literal, which a plain
string would never match, and the graph holds a title or a measure only as it is written).
"""

from __future__ import annotations

import itertools
import re
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from courtgraph.errors import QueryError, QueryTimeoutError, ResultTooLargeError, StoreError
from courtgraph.results import QueryKind, QueryResult, canonical_term

if TYPE_CHECKING:
    import pandas
    from rdflib import Dataset
    from rdflib.term import Node

    from courtgraph.sparql import CheckedQuery

__all__ = [
    "QueryKind",
    "NamedQuery",
    "QueryResult",
    "check_query",
    "run_query",
    "execute",
    "bind_values",
    "run_remote",
    "named_queries",
    "named_query",
    "read_query",
    "query_df",
    "unspaced",
]

_WHITESPACE = re.compile(r"\s+")


def unspaced(text: str) -> str:
    """``text`` without whitespace: the form in which a Chinese name is bound and looked up."""
    return _WHITESPACE.sub("", text)


def _bound(sparql: str, params: Mapping[str, str]) -> dict[str, tuple[str, str | None]]:
    """Each parameter as bound: its value and its language (None: a plain string).

    A Chinese value (``zh``, ``zh-CN`` …) of a parameter declared with a default is
    :func:`unspaced`: it names something whose label the graph also holds unspaced. One
    declared without a default is a value of the answer's column, which the graph holds only
    as it is written (a title, a measure), so it is bound exactly as given.
    """
    declared = {param.name: param for param in _header_params(sparql)}
    bound = {}
    for name, value in params.items():
        param = declared.get(name, _Param(name, None, ""))  # undeclared: a plain string, as given
        chinese = param.language is not None and param.language.split("-")[0] == "zh"
        bound[name] = (unspaced(value) if chinese and not param.optional else value, param.language)
    return bound


@dataclass(frozen=True)
class NamedQuery:
    name: str
    file: str  # the file's name, e.g. ``cq02.rq``
    text: str
    question_zh: str
    question_en: str
    params: dict[str, str] = field(default_factory=dict)  # bound by default
    # declared without a default: bound (in their declared language) only when given
    optional: tuple[str, ...] = ()


def check_query(sparql: str) -> QueryKind:
    """Parse and check ``sparql`` (:func:`courtgraph.sparql.check`); raise QueryError if it is
    malformed (line, column, reason) or refused."""
    from courtgraph.sparql import check

    return QueryKind(check(sparql).form)


def run_query(
    sparql: str,
    dataset: Dataset | Any,
    *,
    params: Mapping[str, str] | None = None,
    timeout: float | None = None,
    remembered: Path | None = None,
) -> QueryResult:
    """Check ``sparql`` and run it over the union of the dataset's graphs.

    ``dataset`` is an rdflib Dataset or a pyoxigraph Store (see
    :func:`courtgraph.sources.query_target`).

    ``params`` binds projected variables to plain-string values before evaluation. With a
    ``timeout`` (seconds) a query still running then raises QueryTimeoutError; neither engine
    can be interrupted, so the query is left to finish in a background thread, which a
    command-line run ends by exiting. ``remembered`` is a folder of accepted queries kept
    between processes (see :func:`courtgraph.sparql.check`).
    """
    from courtgraph.sparql import check

    # the embedded engines follow SERVICE, LOAD and FROM <url> to any host or file: the check
    # refuses them, as the endpoint's does, before anything runs; FROM may name the dataset's graphs
    checked = check(sparql, graphs=_graph_names(dataset), remembered=remembered)
    if timeout is None:
        return execute(checked, dataset, params=params)
    return _within(timeout, lambda: execute(checked, dataset, params=params))


def _within(seconds: float, work: Callable[[], QueryResult]) -> QueryResult:
    """``work()`` run in a daemon thread, waited for at most ``seconds``.

    The waiting main thread still receives Ctrl-C at once (both engines let go of the
    interpreter while they work, and a join can be interrupted).
    """
    outcome: dict[str, Any] = {}

    def target() -> None:
        try:
            outcome["value"] = work()
        except BaseException as exc:  # handed to the waiting thread, which raises it
            outcome["error"] = exc

    thread = threading.Thread(target=target, name="courtgraph-query", daemon=True)
    thread.start()
    thread.join(seconds)
    if thread.is_alive():
        raise QueryTimeoutError(f"the query was still running after the time limit of {seconds:g} s; "
                                "narrow it, add LIMIT, or raise --timeout")
    if "error" in outcome:
        raise outcome["error"]
    result: QueryResult = outcome["value"]
    return result


def _graph_names(dataset: Dataset | Any) -> frozenset[str]:
    import pyoxigraph

    if isinstance(dataset, pyoxigraph.Store):
        return frozenset(graph.value for graph in dataset.named_graphs())
    graphs = getattr(dataset, "graphs", None)  # a plain Graph has no named graphs to select
    return frozenset(str(g.identifier) for g in graphs()) if graphs is not None else frozenset()


def execute(
    checked: CheckedQuery,
    target: Any,
    *,
    params: Mapping[str, str] | None = None,
    limit: int | None = None,
    union_default_graph: bool = True,
) -> QueryResult:
    """Run a checked query on ``target``: an rdflib Dataset (in memory or Oxigraph-backed) or a
    pyoxigraph Store. The one place where an engine's answer becomes a :class:`QueryResult`.

    ``params`` binds projected variables to plain strings; ``limit`` refuses (ResultTooLargeError)
    a result with more rows or triples; ``union_default_graph=False`` queries a pyoxigraph
    store's own default graph instead of the union of its graphs.
    """
    import pyoxigraph
    from rdflib import Literal

    if checked.is_update:
        raise QueryError("an update is not a query; it returns no result")
    if params:
        missing = sorted(set(params) - set(checked.projected))
        if missing:
            raise QueryError(
                f"parameter(s) {', '.join(missing)} not projected by the query; "
                f"it projects: {', '.join(sorted(checked.projected)) or 'nothing'}"
            )
    kind = QueryKind(checked.form)
    native = target if isinstance(target, pyoxigraph.Store) else _native_oxigraph(target)
    if native is not None:
        return _run_oxigraph(native, kind, checked.text, params or {}, limit, union_default_graph)
    bindings = {name: Literal(value, lang=language) for name, (value, language) in _bound(checked.text, params or {}).items()}
    in_memory = type(target.store).__name__ == "Memory"
    query = checked.algebra if in_memory and checked.algebra is not None else checked.text
    try:
        # rdflib evaluates lazily: reading the results is part of running the query
        return _from_result(kind, target.query(query, initBindings=bindings), limit)
    except QueryError:
        raise
    except Exception as exc:  # the engines raise their own types for evaluation failures
        raise StoreError(f"query failed while running: {_first_line(exc)}") from exc


def _first_line(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    return lines[0] if lines else type(exc).__name__


def _capped(items: Iterable[Any], limit: int | None, what: str) -> list[Any]:
    taken = list(items if limit is None else itertools.islice(items, limit + 1))
    if limit is not None and len(taken) > limit:
        raise ResultTooLargeError(
            f"the result has more than {limit} {what} (this endpoint's cap); add LIMIT or narrow the query"
        )
    return taken


def run_remote(
    url: str,
    sparql: str,
    *,
    params: Mapping[str, str] | None = None,
    user: str | None = None,
    password: str | None = None,
    timeout: float = 60.0,
) -> QueryResult:
    """Check ``sparql`` locally, then run it on a remote SPARQL endpoint (``courtgraph.remote``).

    ``params`` are bound with :func:`bind_values`, as ``run_query``'s bindings are locally.
    """
    from courtgraph.remote import query_endpoint
    from courtgraph.sparql import parse

    if params:
        sparql = bind_values(sparql, params)
    parsed = parse(sparql)
    return _from_result(QueryKind(parsed.form), query_endpoint(url, parsed.text, user=user, password=password, timeout=timeout), None)


def bind_values(sparql: str, params: Mapping[str, str]) -> str:
    """``sparql`` with a ``VALUES`` block opening its WHERE clause, binding each parameter
    everywhere in it (filters included): the portable form of a bound variable, for remote
    endpoints and for the explorer's editor.
    """
    from courtgraph.sparql import parse

    bound = _with_values(sparql, params)
    if bound is None:
        raise QueryError("parameters need a query with a WHERE clause")
    parse(bound)  # still a well-formed query
    return bound


# What may stand before a query's WHERE and hide the word: comments, strings and IRIs
_NOT_SYNTAX = re.compile(r"""#[^\n]*|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|<[^<>"{}|^`\\\x00-\x20]*>""")
_WHERE = re.compile(r"\bWHERE\s*\{", re.I)


def _with_values(sparql: str, params: Mapping[str, str]) -> str | None:
    """``sparql`` with ``VALUES (?p …) { ("v" …) }`` opening its outermost WHERE clause, or
    ``None`` when it has none (``SELECT * { … }``, ``ASK { … }``).

    Each value is written as an escaped string literal (:func:`courtgraph.sparql.sparql_string`),
    so no value can end the literal and add syntax; the variable names are the query's own
    projected variables. Not parsed again here: callers that need a checked text parse it.
    """
    from courtgraph.sparql import sparql_string

    # blank out comments, strings and IRIs (same length) so a WHERE inside them is not taken
    masked = _NOT_SYNTAX.sub(lambda m: " " * len(m.group()), sparql)
    where = _WHERE.search(masked)
    if where is None:
        return None
    bound = _bound(sparql, params)
    names = " ".join(f"?{name}" for name in bound)
    values = " ".join(sparql_string(value) + (f"@{language}" if language else "") for value, language in bound.values())
    return f"{sparql[:where.end()]}\n  VALUES ({names}) {{ ({values}) }}{sparql[where.end():]}"


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


def _run_oxigraph(
    store: Any, kind: QueryKind, text: str, params: Mapping[str, str], limit: int | None, union: bool
) -> QueryResult:
    import pyoxigraph as ox

    # Oxigraph applies ``substitutions`` only after the whole pattern is joined, so a filter on
    # a parameter prunes nothing (figures-compared on 1,000 reports: 453 ms against 47 ms):
    # the values are written into the text instead, as a VALUES block its planner joins first
    bound = _with_values(text, params) if params else None
    substitutions = {}
    if params and bound is None:  # a query with no WHERE clause to open with the values
        substitutions = {ox.Variable(name): ox.Literal(value, language=language) for name, (value, language) in _bound(text, params).items()}
    try:
        result = store.query(bound or text, use_default_graph_as_union=union, substitutions=substitutions or None)
        if kind is QueryKind.ASK:
            return QueryResult(kind=kind, boolean=bool(result))
        convert = _TermConverter()
        if kind is QueryKind.SELECT:
            variables = tuple(v.value for v in result.variables)
            solutions = _capped(result, limit, "rows")
            rows = tuple(tuple(convert(solution[i]) for i in range(len(variables))) for solution in solutions)
            return QueryResult(kind=kind, variables=variables, rows=rows)
        triples = _capped(result, limit, "triples")
    except QueryError:  # the cap (a SyntaxError too, by the exception tree)
        raise
    except SyntaxError as exc:  # rdflib's parser let it through, Oxigraph's did not (a LIMIT too big…)
        raise QueryError(f"Oxigraph cannot run this query: {_first_line(exc)}") from exc
    except (ValueError, OSError) as exc:
        raise StoreError(f"query failed while running: {_first_line(exc)}") from exc
    from rdflib import Graph

    graph = Graph()
    for triple in triples:
        graph.add((convert(triple.subject), convert(triple.predicate), convert(triple.object)))  # type: ignore[arg-type]
    return QueryResult(kind=kind, graph=graph)


class _TermConverter:
    """pyoxigraph terms → canonical rdflib terms, each value converted once."""

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
            return canonical_term(from_oxigraph_term(term))  # type: ignore[return-value]
        except TypeError as exc:
            raise StoreError(f"Oxigraph returned a term courtgraph cannot show: {exc}") from exc


def _from_result(kind: QueryKind, result: Any, limit: int | None) -> QueryResult:
    from rdflib import Graph

    if kind is QueryKind.ASK:
        return QueryResult(kind=kind, boolean=bool(result.askAnswer))
    if kind is QueryKind.SELECT:
        variables = tuple(str(v) for v in result.vars or ())
        rows = tuple(tuple(canonical_term(row[i]) for i in range(len(variables))) for row in _capped(result, limit, "rows"))
        return QueryResult(kind=kind, variables=variables, rows=rows)
    graph = Graph()
    triples = result.graph if getattr(result, "graph", None) is not None else result
    for triple in _capped(triples, limit, "triples"):
        graph.add(tuple(canonical_term(t) for t in triple))  # type: ignore[arg-type]
    return QueryResult(kind=kind, graph=graph)


# -- named queries --------------------------------------------------------------------------------


# "# param: court@zh = 德清县人民法院": a parameter's name, its language tag, its default
# (a variable's name may hold any letter, as SPARQL's do)
_PARAM = re.compile(r"#\s*param\s*:\s*\??([^\s=@?]+)(?:@([A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*))?\s*(?:=(.*))?$", re.I)


_PROLOGUE = re.compile(r"(?:PREFIX|BASE)\b", re.I)


class _Param(NamedTuple):
    """A ``# param:`` line: the variable, its language tag (lower case) or None, its default."""

    name: str
    language: str | None
    default: str

    @property
    def optional(self) -> bool:
        """Declared without a default: bound only when given, and exactly as given."""
        return not self.default


def _header_params(text: str) -> Iterable[_Param]:
    """Each ``# param:`` line of the comments that open the query.

    The comments may stand among the prologue's PREFIX and BASE lines (the checked text has
    the standard prefixes put before the query's own header).
    """
    for line in text.splitlines():
        line = line.strip()
        if not line.startswith("#"):
            if not line or _PROLOGUE.match(line):
                continue
            return
        found = _PARAM.match(line)
        if found:
            yield _Param(found.group(1), found.group(2).lower() if found.group(2) else None, (found.group(3) or "").strip())


def _parse_header(name: str, file: str, text: str) -> NamedQuery:
    zh = en = ""
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
    declared = list(_header_params(text))
    params = {p.name: p.default for p in declared if not p.optional}
    optional = tuple(p.name for p in declared if p.optional)
    return NamedQuery(name=name, file=file, text=text, question_zh=zh, question_en=en, params=params, optional=optional)


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

    from courtgraph.sources import load_dataset

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
