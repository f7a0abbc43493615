"""IRIs as users meet them: every IRI the built Turtle prints can be pasted into a query."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "deqing-court-2024.txt"
ID = "https://w3id.org/courtgraph/id/"


@pytest.fixture(scope="module")
def seed_turtle(tmp_path_factory: pytest.TempPathFactory) -> str:
    from courtgraph.build import build

    out = tmp_path_factory.mktemp("iris")
    build([SEED], out_dir=out, html=False, use_cache=False)
    return (out / "courtgraph.ttl").read_text(encoding="utf-8")


def test_every_data_iri_is_written_in_full_without_escapes(seed_turtle: str) -> None:
    import pyoxigraph as ox

    written = set(re.findall(r"<([^<>\s]*)>", seed_turtle))
    assert not [iri for iri in written if "\\" in iri]
    parsed = {
        term.value
        for triple in ox.parse(seed_turtle.encode("utf-8"), format=ox.RdfFormat.TURTLE)
        for term in (triple.subject, triple.predicate, triple.object)
        if isinstance(term, ox.NamedNode)
    }
    data = {iri for iri in parsed if iri.startswith(ID)}
    assert len(data) > 500  # courts, reports, organisations, initiatives, spans …
    assert data <= written  # each as <…>, the form a query takes it in
    # a slug holds a-z, 0-9 and "-": nothing a reader could mistake or a parser escape
    assert all(re.fullmatch(r"[a-z0-9/.-]+", iri[len(ID):]) for iri in data), sorted(data)[:5]


def test_every_iri_of_the_turtle_pasted_into_a_query_finds_itself(seed_turtle: str) -> None:
    import pyoxigraph as ox
    from rdflib.plugins.sparql import prepareQuery

    pasted = sorted(set(re.findall(r"<https://w3id\.org/courtgraph/id/[^<>\s]*>", seed_turtle)))
    store = ox.Store()
    store.load(seed_turtle.encode("utf-8"), format=ox.RdfFormat.TURTLE)
    query = (
        "SELECT ?x WHERE { VALUES ?x { " + " ".join(pasted) + " } "
        "FILTER EXISTS { { ?x ?p ?o } UNION { ?s ?p ?x } } }"
    )
    prepareQuery(query)  # rdflib's parser takes the same text
    found = {row["x"].value for row in store.query(query)}
    assert found == {iri[1:-1] for iri in pasted}


def test_the_same_report_built_twice_has_the_same_iris(seed_turtle: str, tmp_path: Path) -> None:
    from courtgraph.build import build

    build([SEED], out_dir=tmp_path, html=False, use_cache=False)
    again = (tmp_path / "courtgraph.ttl").read_text(encoding="utf-8")
    assert set(re.findall(r"<([^<>\s]*)>", again)) == set(re.findall(r"<([^<>\s]*)>", seed_turtle))


def test_the_package_names_ontology_iris_only_through_the_closed_namespace() -> None:
    import os

    import courtgraph

    package = Path(courtgraph.__file__).parent
    # the ontology and the named queries are RDF and SPARQL, where the IRIs belong; the
    # namespace module is generated from the ontology
    allowed = {package / "namespace.py"}
    skipped_dirs = {package / "ontology", package / "queries"}
    found: list[str] = []
    scanned = 0
    for folder, dirs, files in os.walk(package):
        dirs[:] = [d for d in dirs if Path(folder, d) not in skipped_dirs and d != "__pycache__"]
        for name in files:
            path = Path(folder, name)
            if path in allowed or path.suffix in {".pyc", ".png", ".ico", ".woff2"}:
                continue
            scanned += 1
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if "w3id.org/courtgraph" in line:
                    found.append(f"{path.relative_to(package)}:{number}: {line.strip()}")
    assert scanned > 30
    assert found == []
