"""Push to a real Oxigraph server (``oxigraph serve`` from the PyPI package), re-push, query it back."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import httpx
import pytest
from rdflib import Dataset, Literal, URIRef

from courtgraph.errors import StoreError
from courtgraph.remote import push, query_endpoint
from courtgraph.serve import default_prefixes
from servers import VENV_BIN, comparable_rows, free_port, named_queries, oxigraph_server, seed_dataset

pytestmark = pytest.mark.server

PER_GRAPH = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    return seed_dataset()


@pytest.fixture()
def oxigraph() -> Any:
    # union default graph: queries without GRAPH see every report, as they do embedded
    with oxigraph_server("--union-default-graph") as base:
        yield base


def local_counts(dataset: Dataset) -> dict[str, int]:
    from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

    counts = {str(g.identifier): len(g) for g in dataset.graphs() if len(g)}
    counts.pop(str(DATASET_DEFAULT_GRAPH_ID), None)
    return counts


def remote_counts(base: str) -> dict[str, int]:
    return {str(row[0]): int(row[1]) for row in query_endpoint(f"{base}/query", PER_GRAPH)}


def test_push_then_repush_replaces_each_report_graph_without_duplicates(oxigraph: str, dataset: Dataset) -> None:
    expected = local_counts(dataset)
    assert any("/report/" in g for g in expected)
    first = push(dataset, f"{oxigraph}/update", batch_size=200, progress=False)
    assert first.atomic is True
    assert {g.graph: g.triples for g in first.graphs} == expected
    assert all(g.batches == 1 for g in first.graphs)  # Oxigraph: one transaction per graph, batch_size or not
    assert remote_counts(oxigraph) == expected
    push(dataset, f"{oxigraph}/update", batch_size=200, progress=False)
    assert remote_counts(oxigraph) == expected  # nothing doubled, no staging graph left behind


def test_blank_nodes_survive_batching(oxigraph: str) -> None:
    data = Dataset()
    data.parse(data="""
        @prefix ex: <urn:ex:> .
        <urn:g:1> { ex:a ex:sel [ ex:start 1 ; ex:end 5 ; ex:nested [ ex:x 1 ; ex:y 2 ] ] .
                    ex:b ex:sel [ ex:start 7 ; ex:end 9 ] . ex:c ex:p 1 . ex:d ex:p 2 . }
        """, format="trig")
    push(data, f"{oxigraph}/update", batch_size=2, progress=False)
    rows = list(query_endpoint(f"{oxigraph}/query", """
        SELECT ?s ?start ?x WHERE { ?s <urn:ex:sel> ?sel . ?sel <urn:ex:start> ?start .
        OPTIONAL { ?sel <urn:ex:nested>/<urn:ex:x> ?x } } ORDER BY ?s"""))
    assert [(str(r[0]), int(r[1]), r[2] and int(r[2])) for r in rows] == [("urn:ex:a", 1, 1), ("urn:ex:b", 7, None)]


def test_named_queries_answer_remotely_as_embedded(oxigraph: str, dataset: Dataset) -> None:
    push(dataset, f"{oxigraph}/update", progress=False)
    embedded = Dataset(default_union=True)
    for quad in dataset.quads((None, None, None, None)):
        embedded.add(quad)
    prefixes = default_prefixes()
    for name, text in named_queries().items():
        prologue = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in prefixes.items() if f"{p}:" in text)
        remote = query_endpoint(f"{oxigraph}/query", prologue + text)
        local = embedded.query(text, initNs=prefixes)
        loose = "GROUP_CONCAT" in text.upper()
        # Oxigraph's union default graph is a bag: a triple in two graphs can come back twice,
        # so the comparison is of distinct rows
        assert set(comparable_rows(remote, loose=loose)) == set(comparable_rows(local, loose=loose)), name


def test_a_failed_push_leaves_the_previous_graph_in_place(oxigraph: str) -> None:
    good = Dataset()
    good.parse(data="<urn:g:r> { <urn:x:a> <urn:x:p> 'v1' . <urn:x:b> <urn:x:p> 'v1' . }", format="trig")
    push(good, f"{oxigraph}/update", progress=False)
    broken = Dataset()
    graph = broken.graph(URIRef("urn:g:r"))
    for i in range(10):
        graph.add((URIRef(f"urn:x:n{i}"), URIRef("urn:x:p"), Literal("v2")))
    # rdflib accepts this language tag, Oxigraph does not (primary subtag over 8 letters);
    # the request carrying the whole report is refused whole, so nothing of it is seen
    graph.add((URIRef("urn:x:z"), URIRef("urn:x:p"), Literal("v2", lang="abcdefghijk")))
    with pytest.raises(StoreError, match="answered 400.*; urn:g:r on the server is as it was"):
        push(broken, f"{oxigraph}/update", batch_size=3, progress=False)
    rows = list(query_endpoint(f"{oxigraph}/query", "SELECT ?g ?s ?o WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?s"))
    assert [(str(g), str(s), str(o)) for g, s, o in rows] == [
        ("urn:g:r", "urn:x:a", "v1"),
        ("urn:g:r", "urn:x:b", "v1"),
    ]


def test_triples_outside_named_graphs_need_a_graph_name(oxigraph: str) -> None:
    plain = Dataset()
    plain.parse(data="<urn:x:a> <urn:x:p> 'v' .", format="turtle")
    with pytest.raises(StoreError, match="--graph"):
        push(plain, f"{oxigraph}/update", progress=False)
    report = push(plain, f"{oxigraph}/update", graph="urn:g:all", progress=False)
    assert [(g.graph, g.triples) for g in report.graphs] == [("urn:g:all", 1)]
    assert remote_counts(oxigraph) == {"urn:g:all": 1}


def test_unreachable_endpoint_is_a_clear_store_error() -> None:
    port = free_port()  # nothing listens there
    data = Dataset()
    data.parse(data="<urn:g:r> { <urn:x:a> <urn:x:p> 'v' }", format="trig")
    with pytest.raises(StoreError, match=f"cannot reach http://127.0.0.1:{port}/update"):
        push(data, f"http://127.0.0.1:{port}/update", progress=False, timeout=5)


def test_cli_push_and_its_errors(oxigraph: str, tmp_path: Path, dataset: Dataset) -> None:
    trig = tmp_path / "seed.trig"
    trig.write_bytes(dataset.serialize(format="trig", encoding="utf-8"))
    cli = str(VENV_BIN / "courtgraph")
    done = subprocess.run([cli, "push", str(trig), "--endpoint", f"{oxigraph}/update"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "pushed" in done.stdout
    assert remote_counts(oxigraph) == local_counts(dataset)
    port = free_port()
    failed = subprocess.run([cli, "push", str(trig), "--endpoint", f"http://127.0.0.1:{port}/update"],
                            capture_output=True, text=True, timeout=120)
    assert failed.returncode != 0
    lines = failed.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: cannot reach"), failed.stderr


def test_remote_construct_and_refusal(oxigraph: str) -> None:
    data = Dataset()
    data.parse(data="<urn:g:r> { <urn:x:a> <urn:x:p> 'v' }", format="trig")
    push(data, f"{oxigraph}/update", progress=False)
    result = query_endpoint(f"{oxigraph}/query", "CONSTRUCT WHERE { ?s ?p ?o }")
    assert len(result.graph) == 1
    from courtgraph.errors import QueryError

    with pytest.raises(QueryError):
        query_endpoint(f"{oxigraph}/query", "SELECT * WHERE { ?s ?p }")
    assert httpx.get(f"{oxigraph}/query", params={"query": "ASK {}"}).status_code == 200


def test_courtgraph_query_endpoint_answers_as_locally(oxigraph: str, tmp_path: Path, dataset: Dataset) -> None:
    """``courtgraph query --endpoint`` (the query CLI over remote.query_endpoint) after a push."""
    push(dataset, f"{oxigraph}/update", progress=False)
    trig = tmp_path / "seed.trig"
    trig.write_bytes(dataset.serialize(format="trig", encoding="utf-8"))
    cli = str(VENV_BIN / "courtgraph")
    checked = 0
    for name in ("cq02", "cq05", "cq06", "cq08", "cq10"):  # cq06 and cq08 carry parameters
        if name not in named_queries():
            continue
        remote = subprocess.run([cli, "query", "--name", name, "--endpoint", f"{oxigraph}/query", "--format", "csv"],
                                capture_output=True, text=True, timeout=120)
        local = subprocess.run([cli, "query", "--name", name, "--graph", str(trig), "--format", "csv"],
                               capture_output=True, text=True, timeout=120)
        assert remote.returncode == 0 and local.returncode == 0, remote.stderr + local.stderr
        assert remote.stdout.count("\n") > 1
        assert remote.stdout == local.stdout, name
        checked += 1
    assert checked


def test_query_endpoint_with_an_explicit_parameter(oxigraph: str, dataset: Dataset) -> None:
    from courtgraph.query import named_query, run_query, run_remote

    push(dataset, f"{oxigraph}/update", progress=False)
    cq06 = named_query("cq06")
    params = {"name": "爱心天平"}
    remote = run_remote(f"{oxigraph}/query", cq06.text, params=params)
    local = run_query(cq06.text, dataset, params=params)
    assert remote.rows == local.rows and len(remote.rows) == 1
    assert "联合县红十字会" in str(remote.rows[0])


def test_pushing_one_report_keeps_what_the_others_share(oxigraph: str) -> None:
    from courtgraph.rdf import SHARED_GRAPH
    from courtgraph.sources import load_dataset

    reports = Path(__file__).parent / "data" / "reports"
    both = load_dataset([reports / "anji-2023.txt", reports / "kunshan-2022.txt"])
    push(both, f"{oxigraph}/update", progress=False)
    shared_before = remote_counts(oxigraph)[str(SHARED_GRAPH)]
    push(load_dataset([reports / "kunshan-2022.txt"]), f"{oxigraph}/update", progress=False)
    after = remote_counts(oxigraph)
    assert after[str(SHARED_GRAPH)] == shared_before  # anji's courts and places were not dropped
    assert after == local_counts(both)
