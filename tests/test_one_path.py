"""One path from a SPARQL string to bytes: the CLI, the endpoint and its workers share the
check (courtgraph.sparql), the format table (courtgraph.formats) and the writers
(courtgraph.results). A query one refuses, all refuse with the same words; every format
comes out byte for byte the same from ``courtgraph query`` and from ``/sparql``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest
from click.testing import CliRunner

from servers import courtgraph_server
from iris import COURT_IRI

pytestmark = pytest.mark.server

SELECT = """SELECT DISTINCT ?org ?label WHERE { ?i cg:partner ?org . ?org rdfs:label ?label }
ORDER BY ?org ?label"""
ASK = "ASK { ?c a cg:Court }"
CONSTRUCT = "CONSTRUCT { ?org rdfs:label ?label } WHERE { ?i cg:partner ?org . ?org rdfs:label ?label }"
DESCRIBE = f"DESCRIBE <{COURT_IRI}>"

REFUSED = [
    "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
    "SELECT * FROM <http://127.0.0.1:9/data.ttl> WHERE { ?s ?p ?o }",
    "# an update dressed as a query\nINSERT DATA { <urn:a> <urn:b> <urn:c> }",
    "DELETE WHERE { ?s ?p ?o }",
    "SELECT * WHERE { ?s ?p }",
]


@pytest.fixture(scope="module")
def graph_file(seed_graph: tuple[Path, Any]) -> Path:
    return seed_graph[0]


@pytest.fixture(scope="module")
def endpoint(graph_file: Path) -> Any:
    with courtgraph_server([graph_file]) as base:
        yield f"{base}/sparql"


@pytest.fixture(scope="module")
def pool(graph_file: Path) -> Any:
    from courtgraph.sources import load_dataset
    from courtgraph.worker import WorkerPool

    dataset = load_dataset([graph_file])
    nquads = dataset.serialize(format="nquads", encoding="utf-8")
    graphs = frozenset(str(g.identifier) for g in dataset.graphs())
    with WorkerPool(nquads, size=1, timeout=20, graphs=graphs) as workers:
        yield workers


def _cli(*args: str) -> Any:
    from courtgraph.cli import cli

    return CliRunner().invoke(cli, ["query", *args])


@pytest.mark.parametrize("text", REFUSED)
def test_a_query_refused_by_one_is_refused_by_all_with_the_same_message(text, graph_file, endpoint, pool):
    from courtgraph.errors import QueryError

    cli = _cli(text, "--graph", str(graph_file))
    assert cli.exit_code != 0
    assert isinstance(cli.exception, QueryError), cli.output
    message = str(cli.exception)

    http = httpx.post(endpoint, data={"query": text})
    assert http.status_code in (400, 403)
    assert http.text.strip() == " ".join(message.split())

    with pytest.raises(QueryError) as caught:
        pool.run(text)
    assert str(caught.value) == message


@pytest.mark.parametrize(
    ("query", "fmt"),
    [(SELECT, name) for name in ("json", "xml", "csv", "tsv")]
    + [(ASK, name) for name in ("json", "xml")]
    + [(CONSTRUCT, name) for name in ("turtle", "n3", "nt", "jsonld", "rdfxml")]
    + [(DESCRIBE, name) for name in ("turtle", "nt")],
)
@pytest.mark.parametrize("store", ["memory", "oxigraph"])
def test_every_format_is_the_same_bytes_from_the_cli_and_the_endpoint(query, fmt, store, graph_file, endpoint):
    from courtgraph.formats import for_query
    from courtgraph.sparql import query_form

    cli = _cli(query, "--graph", str(graph_file), "--format", fmt, "--store", store)
    assert cli.exit_code == 0, cli.output
    http = httpx.post(endpoint, data={"query": query, "format": fmt})
    assert http.status_code == 200, http.text
    assert http.headers["content-type"].split(";")[0] == for_query(fmt, query_form(query)).media_type
    assert len(http.content) > 20
    assert cli.stdout_bytes == http.content


def test_the_format_table_serves_suffixes_negotiation_and_names():
    from courtgraph.errors import FormatError
    from courtgraph.formats import for_query, for_suffix, negotiate
    from courtgraph.sources import GRAPH_FORMATS

    assert for_query("json", "CONSTRUCT").name == "jsonld" and for_query("xml", "DESCRIBE").name == "rdfxml"
    assert for_query("application/sparql-results+xml", "ASK").name == "xml"
    assert GRAPH_FORMATS[".trig"] == "trig" and for_suffix(".nq").name == "nquads"
    # SPARQLWrapper names a format twice; the first known name wins, an unknown one yields to Accept
    assert negotiate(None, "SELECT", requested=["tsv", "text/tab-separated-values"]).name == "tsv"
    assert negotiate("text/turtle", "CONSTRUCT", requested=["nonsense"]).name == "turtle"
    with pytest.raises(FormatError, match="nonsense"):
        negotiate("*/*", "CONSTRUCT", requested=["nonsense"])
    with pytest.raises(FormatError, match="turtle"):
        for_query("csv", "CONSTRUCT")


def test_the_check_cache_is_bounded_by_bytes():
    from courtgraph import sparql

    big = "ASK { ?s ?p ?o }" + " " * 200_000
    for n in range(300):
        sparql.check(f"# query {n}\n{big}")
    assert sparql.cache_bytes() <= sparql.CACHE_BYTES


def test_csv_results_are_written_as_rdflib_writes_them():
    # written by courtgraph (rdflib's writer drags in its whole SPARQL package): the same bytes
    # as rdflib's writer, and the values back through a CSV reader
    import csv
    import io

    from rdflib import BNode, Literal, URIRef, Variable
    from rdflib.plugins.sparql.results.csvresults import CSVResultSerializer
    from rdflib.query import Result

    from courtgraph.results import QueryKind, QueryResult, write

    rows = (
        (URIRef("https://w3id.org/courtgraph/id/court/x"), Literal('说 "法", 二\n行', lang="zh"), Literal("10093", datatype=URIRef("http://www.w3.org/2001/XMLSchema#integer"))),
        (BNode("b0"), None, Literal("")),
    )
    ours = write(QueryResult(kind=QueryKind.SELECT, variables=("a", "b", "c"), rows=rows), "csv")
    theirs = Result("SELECT")
    theirs.vars = [Variable(v) for v in "abc"]
    theirs.bindings = [{Variable(v): t for v, t in zip("abc", row) if t is not None} for row in rows]
    stream = io.BytesIO()
    CSVResultSerializer(theirs).serialize(stream, encoding="utf-8")
    assert ours == stream.getvalue()
    assert list(csv.reader(io.StringIO(ours.decode("utf-8")))) == [
        ["a", "b", "c"], ["https://w3id.org/courtgraph/id/court/x", '说 "法", 二\n行', "10093"], ["_:b0", "", ""],
    ]
