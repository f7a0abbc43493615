"""The push round trip against a real Virtuoso (Debian ``virtuoso-opensource``).

The test starts its own ``virtuoso-t`` with a private virtuoso.ini bound to 127.0.0.1 and a
temporary database, and sets the dba password with ``isql-vt``. If Virtuoso cannot be
started it FAILS when CI=true and is skipped with the reason (printed loudly) elsewhere.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from rdflib import Dataset, URIRef

from courtgraph.errors import StoreError
from courtgraph.remote import push, query_endpoint
from courtgraph.serve import default_prefixes
from servers import comparable_rows, named_queries, seed_dataset, virtuoso_or_fail, virtuoso_server

pytestmark = pytest.mark.server

OURS = "FILTER(STRSTARTS(STR(?g), 'https://w3id.org/courtgraph/'))"  # Virtuoso keeps system graphs too
XSD_STRING = URIRef("http://www.w3.org/2001/XMLSchema#string")
PER_GRAPH = f"SELECT ?g (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {OURS} }} GROUP BY ?g"


@pytest.fixture(scope="module")
def virtuoso() -> Any:
    try:
        server = virtuoso_server()
        base, user, password = server.__enter__()
    except (RuntimeError, OSError) as exc:
        virtuoso_or_fail(pytest)(str(exc))
        return
    try:
        yield {"update": f"{base}/sparql-auth", "query": f"{base}/sparql", "user": user, "password": password}
    finally:
        server.__exit__(None, None, None)


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    return seed_dataset()


def counts(virtuoso: dict[str, str]) -> dict[str, int]:
    return {str(r[0]): int(r[1]) for r in query_endpoint(virtuoso["query"], PER_GRAPH)}


def expected_counts(dataset: Dataset) -> dict[str, int]:
    return {str(g.identifier): len(g) for g in dataset.graphs() if len(g) and str(g.identifier).startswith("https://")}


def test_push_and_repush_to_virtuoso_never_duplicates(virtuoso: dict[str, str], dataset: Dataset) -> None:
    expected = expected_counts(dataset)
    first = push(dataset, virtuoso["update"], user=virtuoso["user"], password=virtuoso["password"], progress=False)
    # Virtuoso's HTTP endpoint does not promise one transaction per request, and push says so
    assert first.atomic is False and first.notes
    assert counts(virtuoso) == expected
    push(dataset, virtuoso["update"], user=virtuoso["user"], password=virtuoso["password"], progress=False)
    assert counts(virtuoso) == expected


def test_wrong_password_is_a_clear_error(virtuoso: dict[str, str], dataset: Dataset) -> None:
    with pytest.raises(StoreError, match="401"):
        push(dataset, virtuoso["update"], user=virtuoso["user"], password="wrong", progress=False)


def test_named_queries_answer_on_virtuoso_as_embedded(virtuoso: dict[str, str], dataset: Dataset) -> None:
    push(dataset, virtuoso["update"], user=virtuoso["user"], password=virtuoso["password"], progress=False)
    embedded = Dataset(default_union=True)
    for quad in dataset.quads((None, None, None, None)):
        embedded.add(quad)
    prefixes = default_prefixes()
    for name, text in named_queries().items():
        prologue = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in prefixes.items() if f"{p}:" in text)
        remote = query_endpoint(virtuoso["query"], prologue + text)  # every query at least runs
        if name in VIRTUOSO_REGEX_GAP and _has_chinese_regex(text):
            continue  # see test_virtuoso_regex_ignores_chinese_patterns
        local = embedded.query(text, initNs=prefixes)
        loose = "GROUP_CONCAT" in text.upper()
        # Virtuoso 7.2 narrows a non-ASCII GROUP_CONCAT separator to "?" and types it xsd:string
        rows = {"loose": loose, "separators": "、；;,?", "plain_types": (None, XSD_STRING)}
        assert set(comparable_rows(remote, **rows)) == set(comparable_rows(local, **rows)), name


# Named queries whose REGEX has a Chinese pattern: Virtuoso 7.2 never matches those.
VIRTUOSO_REGEX_GAP = {"cq04"}


def _has_chinese_regex(text: str) -> bool:
    return re.search(r'REGEX\(.*?"[^"]*[\u4e00-\u9fff]', text, re.I) is not None


def test_virtuoso_regex_ignores_chinese_patterns(virtuoso: dict[str, str]) -> None:
    """The one known difference, pinned so the skip above cannot hide anything else."""
    row = next(iter(query_endpoint(virtuoso["query"],
        'SELECT (REGEX("全省率先", "全省") AS ?chinese) (REGEX("abc", "b") AS ?ascii) '
        '(CONTAINS("全省率先", "全省") AS ?contains) WHERE {}')))
    assert [bool(int(term)) for term in row] == [False, True, True]


def test_chinese_text_and_typed_numbers_survive(virtuoso: dict[str, str], dataset: Dataset) -> None:
    push(dataset, virtuoso["update"], user=virtuoso["user"], password=virtuoso["password"], progress=False)
    query = """SELECT DISTINCT ?label ?value WHERE {
        ?q <https://schema.org/value> ?value ; <https://w3id.org/courtgraph/ontology#measure> ?label .
        FILTER(LANG(?label) = 'zh') }"""
    embedded = Dataset(default_union=True)
    for quad in dataset.quads((None, None, None, None)):
        embedded.add(quad)
    local = {(str(r[0]), r[1].toPython()) for r in embedded.query(query)}
    remote = {(str(r[0]), r[1].toPython()) for r in query_endpoint(virtuoso["query"], query)}
    assert local, "the seed graph has measured quantities"
    assert remote == local



def test_ctrl_c_during_a_staged_push_drops_the_staging_graph_and_says_so(virtuoso: dict[str, str]) -> None:
    from servers import InterruptingProxy, numbered_report as report

    login = {"user": virtuoso["user"], "password": virtuoso["password"], "progress": False}
    per_graph = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), 'urn:')) } GROUP BY ?g"
    push(report("old", 300), virtuoso["update"], **login)
    base = virtuoso["update"].removesuffix("/sparql-auth")
    proxy = InterruptingProxy(base, after=60_000)  # a few batches into the staging graph
    try:
        with pytest.raises(KeyboardInterrupt) as interrupted:
            push(report("new", 3000), f"{proxy.base}/sparql-auth", batch_size=50, **login)
    finally:
        proxy.close()
    assert proxy.fired.is_set()
    assert {str(r[0]): int(r[1]) for r in query_endpoint(virtuoso["query"], per_graph)} == {"urn:g:report": 300}
    notes = " ".join(getattr(interrupted.value, "__notes__", []))
    assert "push interrupted while sending urn:g:report: the staging graph <urn:courtgraph:staging:" in notes
    assert "was dropped" in notes
