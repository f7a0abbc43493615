"""The endpoint as real SPARQL clients use it, and as many clients at once use it.

SPARQLWrapper (which names the format twice: ``format=tsv&format=text/tab-separated-values``)
and rdflib's SPARQLStore drive ``courtgraph serve`` for every query form and every format
both sides support, over GET and POST; odd and malformed requests get a short 4xx; cheap
queries are answered while two expensive ones run.
"""

from __future__ import annotations

import csv
import io
import json
import threading
import time
import warnings
from pathlib import Path
from typing import Any

import httpx
import pytest
from rdflib import Dataset, Graph, URIRef

from servers import courtgraph_server
from iris import COURT_IRI

pytestmark = pytest.mark.server

CG = "https://w3id.org/courtgraph/ontology#"
COURT = COURT_IRI
SELECT = f"SELECT DISTINCT ?org WHERE {{ ?i <{CG}partner> ?org }} ORDER BY ?org"
ASK = f"ASK {{ <{COURT}> a <{CG}Court> }}"
CONSTRUCT = f"CONSTRUCT {{ ?i <{CG}partner> ?org }} WHERE {{ ?i <{CG}partner> ?org }}"
DESCRIBE = f"DESCRIBE <{COURT}>"
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o . ?p ?q ?r }"


@pytest.fixture(scope="module")
def endpoint(seed_graph: tuple[Path, Dataset]) -> Any:
    with courtgraph_server([seed_graph[0]]) as base:
        yield f"{base}/sparql"


def _partners(reference: Dataset) -> set[str]:
    return {str(o) for o in reference.objects(None, URIRef(CG + "partner"))}


def _described(reference: Dataset) -> set[tuple[str, str, str]]:
    return {(str(s), str(p), str(o)) for s, p, o in reference.triples((URIRef(COURT), None, None))}


def _wrapper(endpoint: str, query: str, fmt: str, method: str) -> Any:
    from SPARQLWrapper import SPARQLWrapper

    client = SPARQLWrapper(endpoint)
    client.setQuery(query)
    client.setReturnFormat(fmt)
    client.setMethod(method)
    return client


@pytest.mark.parametrize("method", ["GET", "POST"])
@pytest.mark.parametrize("fmt", ["json", "xml", "csv", "tsv"])
def test_sparqlwrapper_select_in_every_results_format(endpoint, seed_graph, fmt, method):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # SPARQLWrapper warns when the answer is not what it asked for
        response = _wrapper(endpoint, SELECT, fmt, method).query()
        converted = response.convert()
    if fmt == "json":
        found = {b["org"]["value"] for b in converted["results"]["bindings"]}
    elif fmt == "xml":
        found = {node.firstChild.data for node in converted.getElementsByTagName("uri")}
    elif fmt == "csv":
        rows = list(csv.reader(io.StringIO(converted.decode("utf-8"))))
        assert rows[0] == ["org"]
        found = {row[0] for row in rows[1:]}
    else:
        lines = converted.decode("utf-8").splitlines()
        assert lines[0] == "?org"
        found = {line.strip("<>") for line in lines[1:]}
    assert found == _partners(seed_graph[1]) and len(found) > 3


@pytest.mark.parametrize("method", ["GET", "POST"])
@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_sparqlwrapper_ask(endpoint, fmt, method):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        converted = _wrapper(endpoint, ASK, fmt, method).query().convert()
    if fmt == "json":
        assert converted["boolean"] is True
    else:
        assert converted.getElementsByTagName("boolean")[0].firstChild.data == "true"


@pytest.mark.parametrize("method", ["GET", "POST"])
@pytest.mark.parametrize("fmt", ["turtle", "n3", "xml", "rdf+xml", "json-ld", "json", "rdf"])
@pytest.mark.parametrize("form", ["CONSTRUCT", "DESCRIBE"])
def test_sparqlwrapper_graphs_in_every_rdf_format(endpoint, seed_graph, form, fmt, method):
    query = CONSTRUCT if form == "CONSTRUCT" else DESCRIBE
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # rdflib's ConjunctiveGraph inside SPARQLWrapper
        response = _wrapper(endpoint, query, fmt, method).query()
        assert response.response.status == 200
        converted = response.convert()
    if isinstance(converted, bytes):  # Turtle and N3 come back as text for the caller to parse
        graph = Graph().parse(data=converted.decode("utf-8"), format="n3" if fmt == "n3" else "turtle")
    else:
        graph = converted
    triples = {(str(s), str(p), str(o)) for s, p, o in graph}
    if form == "CONSTRUCT":
        assert {o for _, _, o in triples} == _partners(seed_graph[1])
    else:
        assert triples == _described(seed_graph[1])


@pytest.mark.parametrize(
    ("query", "returns"),
    [(SELECT, "json"), (SELECT, "xml"), (SELECT, "csv"), (ASK, "json"), (ASK, "xml"), (CONSTRUCT, "xml"), (DESCRIBE, "xml")],
)
def test_rdflib_sparqlstore_gets_every_query_form(endpoint, seed_graph, query, returns):
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    # rdflib asks for graphs with its "xml" setting (RDF/XML), its default
    graph = Graph(store=SPARQLStore(endpoint, returnFormat=returns))
    result = graph.query(query)
    if query is ASK:
        assert result.askAnswer is True
    elif query is SELECT:
        assert {str(row[0]) for row in result} == _partners(seed_graph[1])
    elif query is CONSTRUCT:
        assert {str(o) for _, _, o in result} == _partners(seed_graph[1])
    else:
        assert {(str(s), str(p), str(o)) for s, p, o in result} == _described(seed_graph[1])


def test_a_repeated_format_parameter_is_answered_not_a_server_error(endpoint):
    response = httpx.get(endpoint, params=[("query", SELECT), ("format", "tsv"), ("format", "text/tab-separated-values")])
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/tab-separated-values")


@pytest.mark.parametrize(("fmt", "media"), [("n3", "text/n3"), ("json", "application/ld+json"), ("ttl", "text/turtle")])
def test_format_names_clients_send_for_graphs_are_answered(endpoint, fmt, media):
    response = httpx.get(endpoint, params={"query": CONSTRUCT, "format": fmt})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].split(";")[0] == media


def test_a_workable_accept_header_wins_over_an_unknown_format(endpoint):
    response = httpx.get(endpoint, params={"query": CONSTRUCT, "format": "no-such-format"},
                         headers={"Accept": "application/n-triples"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/n-triples")
    refused = httpx.get(endpoint, params={"query": CONSTRUCT, "format": "no-such-format"}, headers={"Accept": "*/*"})
    assert refused.status_code == 406 and "no-such-format" in refused.text


@pytest.mark.parametrize(
    "request_args",
    [
        {"params": {"query": "SELECT * WHERE " + "{" * 2000 + " ?s ?p ?o " + "}" * 2000}},
        {"params": {"query": "SELECT * WHERE { ?s ?p ?o FILTER(" + "(" * 3000 + "1" + ")" * 3000 + ") }"}},
        {"params": {"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 99999999999999999999999999"}},
        {"params": {"query": "SELECT * WHERE { ?s ?p \x00 }"}},
        {"params": {"query": ""}},
        {"params": [("query", ASK), ("query", SELECT)]},
    ],
    ids=["deep-groups", "deep-expression", "huge-limit", "nul", "empty", "two-queries"],
)
def test_every_malformed_request_gets_400_and_a_short_message(endpoint, request_args):
    response = httpx.get(endpoint, **request_args)
    assert response.status_code == 400, response.text
    text = response.text.strip()
    assert text and "\n" not in text and len(text) < 300
    for internal in ("Error:", "Traceback", "Recursion", "\x00", "File \""):
        assert internal not in text
    assert httpx.get(endpoint, params={"query": ASK}).status_code == 200


def test_cheap_queries_get_through_while_two_expensive_ones_run(seed_graph):
    # four workers, two heavy slots; the expensive queries run into the 12 s time limit
    with courtgraph_server([seed_graph[0]], "--timeout", "12", "--workers", "4", "--heavy-slots", "2") as base:
        def ask(query: str, into: list[httpx.Response]) -> threading.Thread:
            thread = threading.Thread(target=lambda: into.append(httpx.get(f"{base}/sparql", params={"query": query}, timeout=60)))
            thread.start()
            return thread

        slow: list[httpx.Response] = []
        threads = [ask(SLOW, slow), ask(SLOW, slow)]
        time.sleep(3)  # both are past the two seconds that make a query "heavy"
        third: list[httpx.Response] = []
        late = ask(SLOW, third)  # will find both heavy slots taken
        cheap = [httpx.get(f"{base}/sparql", params={"query": ASK}, timeout=60) for _ in range(5)]
        still_running = [thread.is_alive() for thread in threads]
        for thread in [*threads, late]:
            thread.join()
    assert all(response.status_code == 200 and response.json()["boolean"] is True for response in cheap)
    assert still_running == [True, True]  # the cheap answers came while both expensive queries ran
    # the third expensive query found no heavy slot: stopped early, and told when to come back
    assert third[0].status_code == 503 and "Retry-After" in third[0].headers and "long-running" in third[0].text
    assert [r.status_code for r in slow] == [503, 503] and all("time limit" in r.text for r in slow)


def test_the_waiting_line_is_bounded(seed_graph):
    from courtgraph.errors import QueryTimeoutError, WorkersBusyError
    from courtgraph.worker import WorkerPool

    nquads = seed_graph[1].serialize(format="nquads", encoding="utf-8")
    outcomes: list[BaseException | None] = []

    def ask(text: str) -> None:
        try:
            pool.run(text)
            outcomes.append(None)
        except (QueryTimeoutError, WorkersBusyError) as exc:
            outcomes.append(exc)

    with WorkerPool(nquads, size=1, heavy_slots=1, timeout=3, max_waiting=1) as pool:
        first = threading.Thread(target=ask, args=(SLOW,))
        first.start()
        time.sleep(0.5)
        second = threading.Thread(target=ask, args=(ASK,))  # waits for the one worker
        second.start()
        time.sleep(0.3)
        with pytest.raises(WorkersBusyError, match="waiting"):
            pool.run(ASK)  # no room in the line: refused at once
        first.join()
        second.join()
    assert isinstance(outcomes[0], QueryTimeoutError)
