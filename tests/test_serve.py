"""The SPARQL endpoint, run for real: ``courtgraph serve`` in a subprocess on 127.0.0.1, hit with httpx."""

from __future__ import annotations

import csv
import io
import json
import re
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.query import Result

from courtgraph.serve import default_prefixes
from servers import Listener, courtgraph_server, named_queries, seed_dataset

pytestmark = pytest.mark.server

CG = "https://w3id.org/courtgraph/ontology#"
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o . ?p ?q ?r }"
ASK_ANY = "ASK { ?s ?p ?o }"


@pytest.fixture(scope="module")
def data(seed_graph: tuple[Path, Dataset]) -> tuple[Path, Dataset]:
    """The graph as a TriG file for the server, and as an rdflib Dataset (union default) to check against."""
    return seed_graph


@pytest.fixture(scope="module")
def server(data: tuple[Path, Dataset]) -> Any:
    with courtgraph_server([data[0]]) as base:
        yield base


@pytest.fixture(scope="module")
def strict_server(data: tuple[Path, Dataset]) -> Any:
    """A server with a 1 s time limit and a 5-row result cap."""
    with courtgraph_server([data[0]], "--timeout", "1", "--max-results", "5", "--workers", "1") as base:
        yield base


def sparql(base: str) -> str:
    return f"{base}/sparql"


def still_serving(base: str) -> None:
    response = httpx.get(sparql(base), params={"query": ASK_ANY}, headers={"Accept": "application/sparql-results+json"})
    assert response.status_code == 200, response.text
    assert response.json()["boolean"] is True


def value_rows(result: Result, *, loose_concat: bool = False) -> Counter:
    """Rows as comparable values: literals by value (so 10093.0 equals 10093), blank nodes blanked.

    ``loose_concat`` is for queries using GROUP_CONCAT, whose order SPARQL leaves to the
    engine, and whose language tag Oxigraph keeps while rdflib drops it: the joined parts
    are compared as a sorted list, without the tag.
    """
    rows: Counter = Counter()
    for row in result:
        rows[tuple(_value(term, loose_concat) for term in row)] += 1
    return rows


def _value(term: Any, loose_concat: bool = False) -> Any:
    if term is None:
        return None
    if isinstance(term, BNode):
        return "_:"
    if isinstance(term, Literal):
        if term.datatype is None and loose_concat:
            return ("text", tuple(sorted(re.split("[、；;,]", str(term)))))
        return ("literal", term.toPython() if term.datatype else str(term), term.language)
    return str(term)


# -- protocol ----------------------------------------------------------------

COUNT_INITIATIVES = f"SELECT (COUNT(DISTINCT ?i) AS ?n) WHERE {{ ?i a <{CG}Initiative> }}"


def expected_initiatives(reference: Dataset) -> int:
    return len({s for s in reference.subjects(URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                                                URIRef(CG + "Initiative"))})


def test_get_post_form_and_post_body_give_the_same_answer(server: str, data: tuple[Path, Dataset]) -> None:
    expected = expected_initiatives(data[1])
    assert expected > 0
    accept = {"Accept": "application/sparql-results+json"}
    answers = [
        httpx.get(sparql(server), params={"query": COUNT_INITIATIVES}, headers=accept),
        httpx.post(sparql(server), data={"query": COUNT_INITIATIVES}, headers=accept),
        httpx.post(sparql(server), content=COUNT_INITIATIVES.encode(),
                   headers={**accept, "Content-Type": "application/sparql-query"}),
    ]
    for response in answers:
        assert response.status_code == 200, response.text
        assert response.headers["content-type"].startswith("application/sparql-results+json")
        binding = response.json()["results"]["bindings"][0]["n"]
        assert int(binding["value"]) == expected


QUERY_LABELS = (
    "SELECT ?s ?label WHERE { ?s a <%sInitiative> ; <http://www.w3.org/2000/01/rdf-schema#label> ?label . "
    "FILTER(LANG(?label) = 'zh') } ORDER BY ?s ?label" % CG
)


@pytest.mark.parametrize(
    ("accept", "media"),
    [
        ("application/sparql-results+json", "application/sparql-results+json"),
        ("application/sparql-results+xml", "application/sparql-results+xml"),
        ("text/csv", "text/csv"),
        ("text/tab-separated-values", "text/tab-separated-values"),
        ("text/html;q=0.9, text/csv;q=0.5", "text/csv"),
        ("*/*", "application/sparql-results+json"),
        (None, "application/sparql-results+json"),
    ],
)
def test_select_results_in_every_format_carry_the_graphs_labels(
    server: str, data: tuple[Path, Dataset], accept: str | None, media: str
) -> None:
    reference = data[1]
    labels = sorted(str(row[1]) for row in reference.query(QUERY_LABELS))
    assert labels, "the test graph needs initiatives with Chinese labels"
    headers = {"Accept": accept} if accept else {}
    response = httpx.get(sparql(server), params={"query": QUERY_LABELS}, headers=headers)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].split(";")[0] == media
    if media.endswith("json"):
        got = [b["label"]["value"] for b in response.json()["results"]["bindings"]]
        assert all(b["label"]["xml:lang"] == "zh" for b in response.json()["results"]["bindings"])
    elif media.endswith("xml"):
        parsed = Result.parse(io.BytesIO(response.content), format="xml")
        got = [str(row[1]) for row in parsed]
    elif media == "text/csv":
        table = list(csv.reader(io.StringIO(response.content.decode("utf-8"))))
        assert table[0] == ["s", "label"]
        got = [row[1] for row in table[1:]]
    else:
        lines = response.content.decode("utf-8").splitlines()
        assert lines[0] == "?s\t?label"
        cells = [line.split("\t")[1] for line in lines[1:]]
        assert all(c.startswith('"') and c.endswith('"@zh') for c in cells)
        got = [c[1:-4] for c in cells]
    assert sorted(got) == labels


def test_ask_answers_true_and_false(server: str) -> None:
    for query, expected in ((ASK_ANY, True), ("ASK { <urn:none> <urn:none> <urn:none> }", False)):
        response = httpx.get(sparql(server), params={"query": query}, headers={"Accept": "application/sparql-results+xml"})
        assert response.status_code == 200
        assert Result.parse(io.BytesIO(response.content), format="xml").askAnswer is expected


@pytest.mark.parametrize(
    ("accept", "rdf_format"),
    [("text/turtle", "turtle"), ("application/ld+json", "json-ld"), ("application/n-triples", "nt"),
     ("application/rdf+xml", "xml")],
)
def test_construct_returns_a_parseable_graph_in_the_asked_format(
    server: str, data: tuple[Path, Dataset], accept: str, rdf_format: str
) -> None:
    query = f"CONSTRUCT {{ ?i a <{CG}Initiative> }} WHERE {{ ?i a <{CG}Initiative> }}"
    response = httpx.post(sparql(server), data={"query": query}, headers={"Accept": accept})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].split(";")[0] == accept
    graph = Graph().parse(data=response.content, format=rdf_format)
    assert len(graph) == expected_initiatives(data[1])


def test_no_acceptable_format_is_406_and_names_the_offered_ones(server: str) -> None:
    response = httpx.get(sparql(server), params={"query": ASK_ANY}, headers={"Accept": "image/png"})
    assert response.status_code == 406
    assert "application/sparql-results+json" in response.text


# -- safety ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "content_type"),
    [
        ("update=INSERT DATA { <urn:a> <urn:b> <urn:c> }", "application/x-www-form-urlencoded"),
        ("DELETE WHERE { ?s ?p ?o }", "application/sparql-update"),
        ("DROP ALL", "application/sparql-update"),
    ],
)
def test_updates_are_refused_with_403_and_change_nothing(server: str, content: str, content_type: str) -> None:
    before = httpx.get(sparql(server), params={"query": "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"}).json()
    response = httpx.post(sparql(server), content=content.encode(), headers={"Content-Type": content_type})
    assert response.status_code == 403
    assert "read-only" in response.text
    after = httpx.get(sparql(server), params={"query": "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"}).json()
    assert after == before
    still_serving(server)


@pytest.mark.parametrize(
    "template",
    [
        "SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}",
        "SELECT * WHERE {{ ?x ?y ?z OPTIONAL {{ SERVICE SILENT <http://127.0.0.1:{port}/> {{ ?s ?p ?o }} }} }}",
        "SELECT * FROM <http://127.0.0.1:{port}/data.ttl> WHERE {{ ?s ?p ?o }}",
    ],
)
def test_service_and_foreign_from_are_refused_without_any_connection(server: str, template: str) -> None:
    listener = Listener()
    try:
        query = template.format(port=listener.port)
        response = httpx.post(sparql(server), data={"query": query})
        assert response.status_code == 403
        assert "not allowed" in response.text or "names no graph" in response.text
        time.sleep(0.5)
        assert listener.connections == 0
        still_serving(server)
        # the listener does notice connections: the zero above is not for want of looking
        with httpx.Client() as client:
            with pytest.raises(httpx.HTTPError):
                client.get(f"http://127.0.0.1:{listener.port}/", timeout=2)
        time.sleep(0.3)
        assert listener.connections == 1
    finally:
        listener.close()


@pytest.mark.parametrize(
    "query",
    ["SELECT * WHERE { ?s ?p }", "this is not SPARQL", "SELECT ?x WHERE { ?x <bad iri> ?y }"],
)
def test_malformed_queries_get_400_with_the_parsers_message(server: str, query: str) -> None:
    response = httpx.get(sparql(server), params={"query": query})
    assert response.status_code == 400
    assert response.text.strip() and "\n" not in response.text.strip()
    assert "error" in response.text.lower() or "expected" in response.text.lower()
    still_serving(server)


def test_protocol_misuse_gets_4xx(server: str) -> None:
    assert httpx.get(sparql(server)).status_code == 400  # no query
    assert httpx.get(sparql(server), params={"update": "DROP ALL"}).status_code == 400  # updates need POST
    assert httpx.get(sparql(server), params=[("query", ASK_ANY), ("query", ASK_ANY)]).status_code == 400
    assert httpx.post(sparql(server), content=b"ASK {}", headers={"Content-Type": "text/plain"}).status_code == 415
    huge = "ASK { " + "?s ?p ?o . " * 200_000 + "}"
    assert httpx.post(sparql(server), data={"query": huge}).status_code == 413
    still_serving(server)


def test_a_foreign_host_header_is_rejected(server: str) -> None:
    # a DNS-rebinding page would arrive with its own host name
    response = httpx.get(sparql(server), params={"query": ASK_ANY}, headers={"Host": "attacker.example"})
    assert response.status_code == 400


def test_the_time_limit_stops_an_expensive_query_and_the_server_recovers(strict_server: str) -> None:
    started = time.monotonic()
    response = httpx.get(sparql(strict_server), params={"query": SLOW}, timeout=30)
    elapsed = time.monotonic() - started
    assert response.status_code == 503
    assert "time limit" in response.text
    assert elapsed < 10
    # the killed worker is replaced; the next query is answered
    deadline = time.monotonic() + 30
    while True:
        answer = httpx.get(sparql(strict_server), params={"query": ASK_ANY}, timeout=30)
        if answer.status_code == 200 or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    assert answer.status_code == 200, answer.text


def test_results_over_the_cap_are_refused_not_truncated(strict_server: str) -> None:
    response = httpx.get(sparql(strict_server), params={"query": "SELECT * WHERE { ?s ?p ?o }"}, timeout=30)
    assert response.status_code == 413
    assert "more than 5 rows" in response.text
    small = httpx.get(sparql(strict_server), params={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 5"}, timeout=30)
    assert small.status_code == 200
    assert len(small.json()["results"]["bindings"]) == 5


def test_updates_work_when_allowed(data: tuple[Path, Dataset]) -> None:
    with courtgraph_server([data[0]], "--allow-update") as base:
        response = httpx.post(sparql(base), data={"update": "INSERT DATA { <urn:x:a> <urn:x:b> '新'@zh }"})
        assert response.status_code == 204, response.text
        answer = httpx.get(sparql(base), params={"query": "SELECT ?o WHERE { <urn:x:a> <urn:x:b> ?o }"}).json()
        assert [b["o"]["value"] for b in answer["results"]["bindings"]] == ["新"]
        refused = httpx.post(sparql(base), data={"update": "LOAD <http://127.0.0.1:9/x.ttl>"})
        assert refused.status_code == 403


# -- the named queries, and load ---------------------------------------------


def test_named_queries_answer_as_rdflib_does(server: str, data: tuple[Path, Dataset]) -> None:
    queries = named_queries()
    assert queries
    for name, text in queries.items():
        response = httpx.post(sparql(server), data={"query": text}, headers={"Accept": "application/sparql-results+json"},
                              timeout=30)
        assert response.status_code == 200, f"{name}: {response.text}"
        if "boolean" in response.json():
            continue
        loose = "GROUP_CONCAT" in text.upper()
        remote = value_rows(Result.parse(io.BytesIO(response.content), format="json"), loose_concat=loose)
        local = value_rows(data[1].query(text, initNs=default_prefixes()), loose_concat=loose)
        assert remote == local, name


def test_concurrent_clients_get_no_errors(server: str) -> None:
    """A bounded load test (the timed one with 20 clients × 200 queries is bench/bench_serve.py)."""
    queries = list(named_queries().values())

    def client(n: int) -> list[int]:
        codes = []
        with httpx.Client(timeout=60) as http:
            for i in range(15):
                text = queries[(n + i) % len(queries)]
                codes.append(http.post(sparql(server), data={"query": text}).status_code)
        return codes

    with ThreadPoolExecutor(max_workers=8) as pool:
        codes = [code for batch in pool.map(client, range(8)) for code in batch]
    assert codes == [200] * 120


# -- the explorer page -------------------------------------------------------


def test_explorer_page_lists_the_named_queries(server: str) -> None:
    page = httpx.get(f"{server}/").text
    config = json.loads(page.split('<script id="config" type="application/json">')[1].split("</script>")[0])
    assert set(config["queries"]) == set(named_queries())
    assert config["allow_update"] is False
    assert httpx.get(f"{server}/queries").json() == config["queries"]


def test_explorer_escapes_hostile_query_text() -> None:
    from starlette.testclient import TestClient

    from courtgraph.serve import create_app
    from servers import sample_dataset

    hostile = {"</script><script>alert(1)</script>": "SELECT * { ?s ?p '</script><img src=x onerror=alert(2)>' }"}
    app = create_app(sample_dataset(), queries=hostile, workers=1, allowed_hosts=None)
    with TestClient(app) as client:
        page = client.get("/").text
    assert "<script>alert(1)" not in page
    assert "<img src=x" not in page
    config = json.loads(page.split('<script id="config" type="application/json">')[1].split("</script>")[0])
    assert config["queries"] == hostile


@pytest.mark.browser
def test_explorer_runs_a_named_query_in_headless_chromium(server: str, data: tuple[Path, Dataset]) -> None:
    import shutil

    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    queries = named_queries()
    name = "cq02" if "cq02" in queries else sorted(queries)[0]
    expected = sorted({str(row[0]) for row in data[1].query(queries[name], initNs=default_prefixes())})
    assert expected
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, headless=True, args=["--no-sandbox"])
        try:
            page = browser.new_page()
            page.goto(f"{server}/")
            page.select_option("#named", name)
            page.click("#run")
            page.wait_for_selector("#results table tbody tr", timeout=20_000)
            first_column = page.eval_on_selector_all("#results tbody tr td:first-child", "cells => cells.map(c => c.firstChild.textContent)")
            assert sorted(set(first_column)) == expected
            assert "result" in page.text_content("#status")
            # values as a reader writes them: the language and datatype only on hover
            cells = page.eval_on_selector_all("#results tbody td", "cells => cells.map(c => c.textContent)")
            assert cells and not any("@zh" in c or "xsd:" in c or "^^" in c for c in cells)
            assert "@zh" in page.eval_on_selector_all("#results tbody td", "cells => cells.map(c => c.title)")
            # an IRI in a result opens its node in the network view
            court = next(iter(data[1].subjects(URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), URIRef(CG + "Court"))))
            label = str(next(o for o in data[1].objects(court, URIRef("http://www.w3.org/2000/01/rdf-schema#label")) if o.language == "zh"))
            page.fill("#editor", "SELECT ?court WHERE { ?court a cg:Court }")
            page.click("#run")
            page.wait_for_selector("#results tbody a.iri", timeout=20_000)
            page.click("#results tbody a.iri")
            frame = page.frame_locator("#network")
            frame.locator("#cg-panel h2").filter(has_text=label).wait_for(timeout=30_000)
            # the page names its icon (no request for a missing /favicon.ico)
            assert page.eval_on_selector("link[rel=icon]", "l => l.href").startswith("data:image/svg+xml")
            # a malformed query shows the server's message instead of a table
            page.fill("#editor", "SELECT * WHERE { ?s ?p }")
            page.click("#run")
            page.wait_for_function("document.getElementById('status').className === 'error'", timeout=20_000)
            assert page.text_content("#status").startswith("400:")
            assert page.query_selector("#results table") is None
            # the network view loads in its frame
            frame = page.frame_locator("#network")
            frame.locator("body").wait_for(timeout=30_000)
        finally:
            browser.close()


def test_rdflib_workers_cannot_open_connections_even_past_the_guard() -> None:
    """The second fence: a SERVICE that reached an rdflib worker still makes no connection."""
    from courtgraph.errors import CourtgraphError
    from courtgraph.sparql import CheckedQuery
    from courtgraph.worker import WorkerPool
    from servers import sample_dataset

    listener = Listener()
    try:
        nquads = sample_dataset().serialize(format="nquads", encoding="utf-8")
        with WorkerPool(nquads, size=1, engine="rdflib", timeout=20) as pool:
            query = f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{listener.port}/sparql> {{ ?s ?p ?o }} }}"
            # made by hand, as no caller can: the check would refuse this query before any worker saw it
            unchecked = CheckedQuery(text=query, form="SELECT")
            with pytest.raises(CourtgraphError):
                pool.run(unchecked, fmt="json")
            assert pool.run(ASK_ANY, fmt="json").body  # the worker survives it
        time.sleep(0.3)
        assert listener.connections == 0
    finally:
        listener.close()


def test_named_queries_with_parameters_come_ready_to_run() -> None:
    """The explorer's copy of cq06 binds its default in a VALUES block, so Run answers at once."""
    from courtgraph.query import named_query, run_query
    from courtgraph.serve import named_queries
    from courtgraph.sources import load_dataset

    text = named_queries()["cq06"]
    assert 'VALUES (?name) { ("原始瓷遗址司法保护基地"@zh) }' in text
    rows = run_query(text, load_dataset([Path(__file__).resolve().parents[1] / "seeds" / "deqing-court-2024.txt"])).rows
    assert [str(r[0]) for r in rows] == ["与检察院、公安局、文广旅体局共建原始瓷遗址司法保护基地。"]
    assert named_query("cq06").params == {"name": "原始瓷遗址司法保护基地"}
