"""Push graphs to a shared triple store, and query remote SPARQL endpoints.

``push`` replaces each report's named graph on the server, so pushing the same report
twice never duplicates a triple. How depends on what the server promises:

* Servers that run one update request as one transaction (Oxigraph, Fuseki with TDB2,
  GraphDB, Neptune: every server but Virtuoso) get each graph in one request,
  ``DROP SILENT GRAPH <g> ; INSERT DATA { GRAPH <g> { … } }``. Nobody sees any of it until
  it is all there, and an interrupted or failed request leaves the previous version.
* Virtuoso's HTTP endpoint does not promise that, and refuses much more than 1,000 triples
  a request: the triples go up in batches into a staging graph, swapped in by one
  ``DROP SILENT GRAPH <g> ; MOVE <staging> TO <g>`` when every batch has arrived. On any
  failure, Ctrl-C included, the staging graph is dropped again (the error says so), unless
  the server stopped answering, when the error names the staging graph left behind.

The shared graph (``cgd:shared``, what reports share, each fact once) is the exception: a
push adds to it instead of replacing it, so pushing one report keeps what the others share.

A server that does not answer within the timeout gets no second request: the error says
"no answer from URL within N s" after one timeout.

Plain httpx is used rather than rdflib's SPARQLStore: Virtuoso needs digest
authentication and form-encoded POSTs, which SPARQLStore does not offer together.
"""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from courtgraph.errors import NoAnswerError, QueryError, StoreError

if TYPE_CHECKING:
    import httpx
    from rdflib import Dataset
    from rdflib.query import Result

__all__ = ["PushReport", "GraphPush", "push", "query_endpoint", "update_endpoint"]

_STAGING = "urn:courtgraph:staging:"
_RESULTS_JSON = "application/sparql-results+json"


@dataclass(frozen=True)
class GraphPush:
    graph: str
    triples: int
    batches: int  # update requests that carried its triples


@dataclass(frozen=True)
class PushReport:
    """What ``push`` did: one entry per named graph, and whether the swap was transactional."""

    endpoint: str
    graphs: tuple[GraphPush, ...] = ()
    atomic: bool = True
    server: str = ""
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def triples(self) -> int:
        return sum(g.triples for g in self.graphs)


def push(
    dataset: "Dataset",
    endpoint: str,
    *,
    graph: str | None = None,
    user: str | None = None,
    password: str | None = None,
    auth: str = "auto",
    batch_size: int = 1000,
    timeout: float = 120.0,
    progress: bool = True,
) -> PushReport:
    """Load ``dataset`` into the SPARQL 1.1 Update ``endpoint``, one named graph per report.

    ``graph`` puts everything into that one named graph instead (the triples of the
    default graph go there too; without ``graph`` they are refused, since a re-push
    could not replace them). ``auth`` is ``basic``, ``digest`` or ``auto`` (basic, and
    digest when the server asks for it). ``batch_size`` bounds the triples per request
    where a graph goes up through a staging graph (Virtuoso, which rejects much more than
    1,000); elsewhere each graph is one request. ``timeout`` bounds the wait for each answer.
    Raises ``StoreError`` with the server's message on any failure, saying what was done
    about the staging graph; a ``KeyboardInterrupt`` goes on after the same clean-up, with
    a note (``add_note``) saying what was done.
    """
    if batch_size < 1:
        raise ValueError(f"batch_size must be at least 1, not {batch_size}")
    groups = _graphs_to_push(dataset, graph)
    with _client(user, password, auth, timeout) as client:
        server = _server_name(client, endpoint)
        atomic = "virtuoso" not in server.lower()
        pushed: list[GraphPush] = []
        total = sum(len(triples) for _, triples in groups)
        bar = _progress(total, enabled=progress)
        name = ""
        try:
            for name, triples in groups:
                if atomic:
                    pushed.append(_replace_in_one_request(client, endpoint, name, triples, bar))
                else:
                    pushed.append(_replace_through_staging(client, endpoint, name, triples, batch_size, bar))
        except KeyboardInterrupt as exc:
            done = f"; {len(pushed)} graph(s) before it were pushed whole" if pushed else ""
            if atomic:
                exc.add_note(f"push interrupted: {name} goes up in one transaction, so the server holds "
                             f"either its previous version or the whole new one, nothing in between{done}")
            raise
        finally:
            bar.close()
    notes: tuple[str, ...] = ()
    if not atomic:
        notes = (
            f"{server} does not promise that one update request is one transaction: had the final "
            "DROP+MOVE failed half-way, a graph could have been left partly replaced",
        )
    return PushReport(endpoint=endpoint, graphs=tuple(pushed), atomic=atomic, server=server, notes=notes)


def query_endpoint(
    url: str,
    sparql: str,
    *,
    user: str | None = None,
    password: str | None = None,
    auth: str = "auto",
    timeout: float = 60.0,
) -> "Result":
    """Run one SPARQL query on a remote endpoint; returns an rdflib ``Result``.

    SELECT/ASK come back as SPARQL JSON, CONSTRUCT/DESCRIBE as N-Triples (a Result
    whose ``graph`` holds them), so callers treat local and remote answers alike.
    """
    from rdflib import Graph
    from rdflib.query import Result

    form = _query_form(sparql)
    graph_result = form in ("CONSTRUCT", "DESCRIBE")
    accept = "application/n-triples, text/turtle;q=0.9" if graph_result else _RESULTS_JSON
    with _client(user, password, auth, timeout) as client:
        response = _post(client, url, {"query": sparql}, accept=accept)
    if response.status_code == 400:
        raise QueryError(f"{url} refused the query: {_message(response)}")
    if response.status_code >= 300:
        raise StoreError(f"{url} answered {response.status_code}: {_message(response)}")
    if graph_result:
        media = response.headers.get("content-type", "application/n-triples").split(";")[0].strip()
        graph = Graph()
        graph.parse(data=response.content, format="turtle" if "turtle" in media else "nt")
        result = Result(form)
        result.graph = graph
        return result
    try:
        return Result.parse(source=_bytes_io(response.content), format="json")
    except Exception as exc:  # the parser raises plain exceptions on a bad document
        raise StoreError(f"{url} did not answer with SPARQL JSON results: {exc}") from None


def update_endpoint(
    url: str,
    sparql: str,
    *,
    user: str | None = None,
    password: str | None = None,
    auth: str = "auto",
    timeout: float = 120.0,
) -> None:
    """Send one SPARQL Update request (form-encoded, which every server accepts)."""
    with _client(user, password, auth, timeout) as client:
        _update(client, url, sparql)


# -- internals ---------------------------------------------------------------


def _graphs_to_push(dataset: Any, graph: str | None) -> list[tuple[str, list[tuple[Any, Any, Any]]]]:
    from rdflib import ConjunctiveGraph
    from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

    # a plain Graph has no named graphs: all of it is "default graph" here
    if isinstance(dataset, ConjunctiveGraph):
        contexts = [(c.identifier, c) for c in dataset.contexts()]
    else:
        contexts = [(DATASET_DEFAULT_GRAPH_ID, dataset)]
    named: dict[str, set[tuple[Any, Any, Any]]] = {}
    for identifier, context in contexts:
        triples = set(context.triples((None, None, None)))
        if not triples:
            continue
        if graph is not None:
            named.setdefault(graph, set()).update(triples)
        elif identifier == DATASET_DEFAULT_GRAPH_ID:
            raise StoreError("the data has triples outside any named graph; give --graph IRI to push them into one")
        else:
            named.setdefault(str(identifier), set()).update(triples)
    if not named:
        raise StoreError("nothing to push: the data holds no triples")
    return [(name, sorted(triples)) for name, triples in sorted(named.items())]


def _batches(triples: list[tuple[Any, Any, Any]], size: int) -> Iterator[list[tuple[Any, Any, Any]]]:
    """Batches of at most ``size`` triples that never split a blank node's triples.

    INSERT DATA gives each request fresh blank nodes, so triples sharing a blank node
    must travel together or the node would split in two on the server.
    """
    from rdflib import BNode

    parent: dict[Any, Any] = {}

    def find(node: Any) -> Any:
        while parent.setdefault(node, node) is not node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for s, _, o in triples:
        if isinstance(s, BNode) and isinstance(o, BNode):
            root_s, root_o = find(s), find(o)
            if root_s is not root_o:
                parent[root_s] = root_o
    groups: dict[Any, list[tuple[Any, Any, Any]]] = {}
    batch: list[tuple[Any, Any, Any]] = []
    for triple in triples:
        s, _, o = triple
        anchor = s if isinstance(s, BNode) else o if isinstance(o, BNode) else None
        if anchor is None:
            batch.append(triple)
            if len(batch) >= size:
                yield batch
                batch = []
        else:
            groups.setdefault(find(anchor), []).append(triple)
    # a triple linking a blank node to another blank node joins the one group of both
    for group in groups.values():
        if batch and len(batch) + len(group) > size:
            yield batch
            batch = []
        batch.extend(group)  # a group bigger than ``size`` travels alone, whole
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _triples_text(triples: list[tuple[Any, Any, Any]]) -> str:
    return "\n".join(f"{s.n3()} {p.n3()} {_object(o)} ." for s, p, o in triples)


def _additive(name: str) -> bool:
    """The shared graph (each fact once, :data:`courtgraph.rdf.SHARED_GRAPH`) holds what every
    report pushed so far shares: a push adds to it, or pushing one report would drop the
    shared facts of all the others. (Facts no report states any more stay; push the whole
    corpus into an emptied store to be rid of them.)"""
    from courtgraph.rdf import SHARED_GRAPH

    return name == str(SHARED_GRAPH)


def _replace_in_one_request(
    client: "httpx.Client", endpoint: str, name: str, triples: list[tuple[Any, Any, Any]], bar: Any
) -> GraphPush:
    """Replace a graph in one update request: one transaction on the servers this is used for."""
    graph = _iri(name)
    drop = "" if _additive(name) else f"DROP SILENT GRAPH <{graph}> ;\n"
    try:
        _update(client, endpoint, f"{drop}INSERT DATA {{ GRAPH <{graph}> {{\n{_triples_text(triples)}\n}} }}")
    except NoAnswerError:
        raise  # whether the server went on to commit it cannot be known from here
    except StoreError as exc:
        raise StoreError(f"{exc}; {name} on the server is as it was") from None
    bar.update(len(triples))
    return GraphPush(graph=name, triples=len(triples), batches=1)


def _replace_through_staging(
    client: "httpx.Client", endpoint: str, name: str, triples: list[tuple[Any, Any, Any]], batch_size: int, bar: Any
) -> GraphPush:
    """Fill a staging graph batch by batch, then swap it in; on any failure drop it again."""
    staging = _STAGING + hashlib.sha1(name.encode("utf-8")).hexdigest()
    count = 0
    try:
        _update(client, endpoint, f"DROP SILENT GRAPH <{staging}>")
        for batch in _batches(triples, batch_size):
            _update(client, endpoint, f"INSERT DATA {{ GRAPH <{staging}> {{\n{_triples_text(batch)}\n}} }}")
            count += 1
            bar.update(len(batch))
        if _additive(name):
            _update(client, endpoint, f"ADD SILENT <{staging}> TO <{_iri(name)}> ;\nDROP SILENT GRAPH <{staging}>")
        else:
            _update(client, endpoint, f"DROP SILENT GRAPH <{_iri(name)}> ;\nMOVE SILENT <{staging}> TO <{_iri(name)}>")
    except (Exception, KeyboardInterrupt) as exc:
        what = _drop_staging(client, endpoint, staging, answering=not isinstance(exc, NoAnswerError))
        if isinstance(exc, KeyboardInterrupt):
            exc.add_note(f"push interrupted while sending {name}: {what}")
            raise
        if isinstance(exc, StoreError):
            raise StoreError(f"{exc}; {what}") from None
        raise
    return GraphPush(graph=name, triples=len(triples), batches=count)


def _drop_staging(client: "httpx.Client", endpoint: str, staging: str, *, answering: bool) -> str:
    """Drop a staging graph after a failure; returns what was done, for the message."""
    left = f"the staging graph <{staging}> may be left on the server (remove it with DROP SILENT GRAPH <{staging}>)"
    if not answering:
        return left
    try:
        _update(client, endpoint, f"DROP SILENT GRAPH <{staging}>")
    except StoreError:
        return left
    except KeyboardInterrupt:
        return left + "; its removal was interrupted"
    return f"the staging graph <{staging}> was dropped, the previous version is untouched"


def _object(term: Any) -> str:
    from rdflib import Literal

    from courtgraph.sparql import sparql_string

    if isinstance(term, Literal) and term.datatype is None and term.language is None:
        # rdflib may write long strings as triple-quoted Turtle; N-Triples form is safer everywhere
        return sparql_string(str(term))
    if isinstance(term, Literal):
        # the datatype IRI goes into the request text: an unchecked '>' would inject SPARQL
        suffix = f"@{term.language}" if term.language else f"^^<{_iri(str(term.datatype))}>"
        return sparql_string(str(term)) + suffix
    return str(term.n3())


def _iri(name: str) -> str:
    if any(c in name for c in '<>"{}|^`\\ '):
        raise StoreError(f"not a usable graph IRI: {name!r}")
    return name


def _client(user: str | None, password: str | None, auth: str, timeout: float) -> "httpx.Client":
    import httpx

    if auth not in ("auto", "basic", "digest"):
        raise ValueError(f"auth must be auto, basic or digest, not {auth!r}")
    credentials: httpx.Auth | None = None
    if user is not None:
        if password is None:
            raise StoreError("a user name needs a password (--password)")
        credentials = httpx.DigestAuth(user, password) if auth == "digest" else _AutoAuth(user, password, basic=auth == "basic")
    return httpx.Client(auth=credentials, timeout=timeout, follow_redirects=False)


class _AutoAuth:
    """Basic auth, switching to digest when the server's challenge asks for it."""

    def __new__(cls, user: str, password: str, *, basic: bool) -> Any:
        import httpx

        class Auto(httpx.Auth):
            def auth_flow(self, request: httpx.Request) -> Any:
                if basic:
                    yield from httpx.BasicAuth(user, password).auth_flow(request)
                    return
                response = yield request
                challenge = response.headers.get("www-authenticate", "")
                if response.status_code != 401 or not challenge:
                    return
                scheme = httpx.DigestAuth(user, password) if challenge.lower().startswith("digest") \
                    else httpx.BasicAuth(user, password)
                yield from scheme.auth_flow(request)

        return Auto()


def _post(client: "httpx.Client", url: str, form: dict[str, str], *, accept: str) -> "httpx.Response":
    import httpx

    try:
        return client.post(url, data=form, headers={"Accept": accept})
    except httpx.TimeoutException:
        raise NoAnswerError(f"no answer from {url} within {client.timeout.read:g} s") from None
    except httpx.HTTPError as exc:
        raise StoreError(f"cannot reach {url}: {exc}") from None


def _update(client: "httpx.Client", url: str, sparql: str) -> None:
    response = _post(client, url, {"update": sparql}, accept="*/*")
    if response.status_code >= 300:
        hint = ""
        if response.status_code in (401, 403):
            hint = " (check --user/--password, and that the URL is the server's update endpoint)"
        raise StoreError(f"{url} answered {response.status_code} to an update{hint}: {_message(response)}")


def _server_name(client: "httpx.Client", endpoint: str) -> str:
    """The ``Server`` header of the endpoint (used only to say how atomic the swap is)."""
    import httpx

    try:
        response = client.get(endpoint, params={"query": "ASK {}"}, headers={"Accept": _RESULTS_JSON})
    except httpx.TimeoutException:
        raise NoAnswerError(f"no answer from {endpoint} within {client.timeout.read:g} s") from None
    except httpx.HTTPError as exc:
        raise StoreError(f"cannot reach {endpoint}: {exc}") from None
    return response.headers.get("server", "")


def _message(response: "httpx.Response") -> str:
    text = response.text.strip() or response.reason_phrase
    return " ".join(text.split())[:500]


def _query_form(sparql: str) -> str:
    from courtgraph.sparql import query_form

    return query_form(sparql)


def _bytes_io(data: bytes) -> Any:
    import io

    return io.BytesIO(data)


def _progress(total: int, *, enabled: bool) -> Any:
    from tqdm import tqdm

    return tqdm(total=total, unit="triple", desc="push", disable=not enabled or not sys.stderr.isatty(),
                file=sys.stderr, leave=False)
