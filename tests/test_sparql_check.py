"""The one SPARQL check refuses requests that would reach outside the dataset, before anything runs."""

from __future__ import annotations

import pytest

from courtgraph.errors import QueryError
from courtgraph.errors import RefusedError, UpdateRefusedError
from courtgraph.sparql import check, query_form
from iris import REPORT_IRI

REPORT = REPORT_IRI


@pytest.mark.parametrize(
    ("text", "form"),
    [
        ("SELECT * WHERE { ?s ?p ?o } LIMIT 1", "SELECT"),
        ("ASK { ?s ?p ?o }", "ASK"),
        ("CONSTRUCT WHERE { ?s ?p ?o }", "CONSTRUCT"),
        ("DESCRIBE <https://w3id.org/courtgraph/id/court/x>", "DESCRIBE"),
        ("PREFIX cg: <https://w3id.org/courtgraph/ontology#>\nSELECT ?i WHERE { GRAPH ?g { ?i a cg:Initiative } }",
         "SELECT"),
    ],
)
def test_ordinary_queries_pass_with_their_form(text: str, form: str) -> None:
    assert check(text).form == form


@pytest.mark.parametrize(
    "text",
    [
        "SELECT * WHERE { SERVICE <http://127.0.0.1:8080/sparql> { ?s ?p ?o } }",
        "SELECT * WHERE { SERVICE SILENT <http://169.254.169.254/latest/> { ?s ?p ?o } }",
        # hidden deep: inside OPTIONAL, a subquery, UNION and MINUS
        "SELECT * WHERE { ?a ?b ?c OPTIONAL { { SELECT ?s WHERE { { ?s ?p ?o } UNION "
        "{ MINUS { SERVICE <http://x.example/> { ?s ?p ?o } } } } } } }",
        "ASK { FILTER EXISTS { SERVICE <http://x.example/> { ?s ?p ?o } } }",
        "CONSTRUCT { ?s ?p ?o } WHERE { SERVICE <file:///etc/passwd> { ?s ?p ?o } }",
        "PREFIX ex: <http://x.example/>\nSELECT * WHERE { service ex:endpoint { ?s ?p ?o } }",
    ],
)
def test_service_is_refused_wherever_it_hides(text: str) -> None:
    with pytest.raises(RefusedError, match="SERVICE"):
        check(text)


@pytest.mark.parametrize(
    "text",
    [
        "SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }",
        "SELECT * FROM NAMED <http://127.0.0.1:9/x> WHERE { GRAPH ?g { ?s ?p ?o } }",
        "ASK FROM <https://example.org/data.ttl> { ?s ?p ?o }",
    ],
)
def test_from_naming_anything_but_the_dataset_is_refused(text: str) -> None:
    with pytest.raises(RefusedError, match="FROM"):
        check(text, graphs=[REPORT])


def test_from_may_select_the_datasets_own_graphs() -> None:
    text = f"SELECT * FROM <{REPORT}> FROM NAMED <{REPORT}> WHERE {{ ?s ?p ?o }}"
    assert check(text, graphs=[REPORT]).form == "SELECT"


def test_updates_are_refused_on_a_read_only_endpoint_even_when_harmless() -> None:
    with pytest.raises(UpdateRefusedError, match="read-only"):
        check("INSERT DATA { <urn:a> <urn:b> <urn:c> }", update=True)


def test_updates_pass_when_allowed_but_load_and_foreign_using_never_do() -> None:
    assert check("INSERT DATA { <urn:a> <urn:b> <urn:c> }", update=True, allow_update=True).is_update
    with pytest.raises(RefusedError, match="LOAD"):
        check("LOAD <http://127.0.0.1:9/data.ttl>", update=True, allow_update=True)
    with pytest.raises(RefusedError, match="LOAD"):
        check("CLEAR ALL ; LOAD SILENT <file:///etc/passwd> INTO GRAPH <urn:g>", update=True, allow_update=True)
    with pytest.raises(RefusedError, match="USING"):
        check("INSERT { ?s ?p ?o } USING <http://x.example/g> WHERE { ?s ?p ?o }", update=True, allow_update=True)
    with pytest.raises(RefusedError, match="SERVICE"):
        check("INSERT { ?s ?p ?o } WHERE { SERVICE <http://x.example/> { ?s ?p ?o } }", update=True,
              allow_update=True)


@pytest.mark.parametrize("text", ["SELECT * WHERE { ?s ?p }", "garbage", "SELECT ?x WHERE { ?x <a b> ?y }", "  "])
def test_malformed_queries_raise_query_error_with_the_parsers_message(text: str) -> None:
    with pytest.raises(QueryError) as caught:
        check(text)
    assert not isinstance(caught.value, RefusedError)
    assert str(caught.value)


def test_a_syntax_error_names_the_position() -> None:
    with pytest.raises(QueryError, match=r"line 1, column \d+"):
        check("SELECT * WHERE { ?s ?p }")


def test_query_form_reports_without_applying_rules() -> None:
    # a remote endpoint's own policy decides about SERVICE, so the client does not refuse it
    assert query_form("SELECT * WHERE { SERVICE <http://x.example/> { ?s ?p ?o } }") == "SELECT"
    with pytest.raises(QueryError):
        query_form("INSERT DATA { <urn:a> <urn:b> <urn:c> }")


def test_the_guard_is_safe_to_call_from_many_threads() -> None:
    # rdflib's parser is not re-entrant; unguarded, concurrent parses fail with bogus errors
    from concurrent.futures import ThreadPoolExecutor

    def parse(n: int) -> str:
        forms = []
        for i in range(15):
            text = f"SELECT ?s{n}_{i} WHERE {{ ?s{n}_{i} ?p ?o . OPTIONAL {{ ?o ?q {n * 100 + i} }} }} LIMIT {i + 1}"
            forms.append(check(text).form)
        return ",".join(forms)

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(parse, range(8)))
    assert results == [",".join(["SELECT"] * 15)] * 8


def test_a_query_checked_before_its_graphs_are_known_is_parsed_once(monkeypatch: pytest.MonkeyPatch) -> None:
    # the command line checks a query before it opens the dataset, then again with its graphs:
    # the second check applies the graph rule to the first parse instead of parsing again
    import courtgraph.sparql as sparql

    parses = []
    real = sparql._parse
    monkeypatch.setattr(sparql, "_parse", lambda *a, **k: parses.append(a) or real(*a, **k))
    text = f"SELECT ?s FROM <{REPORT}> WHERE {{ ?s ?p ?o }} # parsed once {id(parses)}"
    first = check(text, graphs=None)
    assert check(text, graphs={REPORT}) is first
    assert len(parses) == 1
    # and the rule still holds on that parse: a FROM naming a graph the dataset lacks is refused
    with pytest.raises(RefusedError, match="names no graph of this dataset"):
        check(text, graphs={REPORT + "-other"})
    assert len(parses) == 1


def _checked_in_a_new_process(folder, text: str, graphs: list[str] | None) -> dict:
    """``check(text, graphs=…, remembered=folder)`` in a fresh interpreter: its verdict, and
    whether rdflib's SPARQL parser had to be imported for it."""
    import json
    import subprocess
    import sys

    program = (
        "import json, sys\n"
        "from pathlib import Path\n"
        "from courtgraph.errors import QueryError\n"
        "from courtgraph.sparql import check\n"
        "folder, text, graphs = Path(sys.argv[1]), sys.argv[2], json.loads(sys.argv[3])\n"
        "try:\n"
        "    c = check(text, graphs=graphs, remembered=folder)\n"
        "    out = {'form': c.form, 'projected': list(c.projected), 'text_ends': c.text.endswith(text)}\n"
        "except QueryError as exc:\n"
        "    out = {'error': type(exc).__name__}\n"
        "out['parsed'] = 'rdflib.plugins.sparql.parser' in sys.modules\n"
        "print(json.dumps(out))\n"
    )
    done = subprocess.run([sys.executable, "-c", program, str(folder), text, json.dumps(graphs)],
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def test_an_accepted_query_is_remembered_across_processes_and_a_refused_one_never(tmp_path) -> None:
    folder = tmp_path / "checks"
    text = "SELECT ?s ?o WHERE { ?s ?p ?o } LIMIT 3"
    first = _checked_in_a_new_process(folder, text, None)
    assert first == {"form": "SELECT", "projected": ["s", "o"], "text_ends": True, "parsed": True}
    again = _checked_in_a_new_process(folder, text, None)
    assert again == {**first, "parsed": False}  # the same verdict, without rdflib's parser
    # a refusal is not kept: asked twice, it is parsed and refused twice, and nothing is written
    refused = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"
    entries = sorted(folder.iterdir())
    for _ in range(2):
        assert _checked_in_a_new_process(folder, refused, None) == {"error": "RefusedError", "parsed": True}
    assert sorted(folder.iterdir()) == entries


def test_a_remembered_acceptance_holds_only_for_the_graphs_it_was_given(tmp_path) -> None:
    folder = tmp_path / "checks"
    text = f"SELECT ?s FROM <{REPORT}> WHERE {{ ?s ?p ?o }}"
    assert _checked_in_a_new_process(folder, text, [REPORT])["form"] == "SELECT"
    assert _checked_in_a_new_process(folder, text, [REPORT])["parsed"] is False
    # the same text over a dataset without that graph: judged afresh, and refused
    assert _checked_in_a_new_process(folder, text, [REPORT + "-other"]) == {"error": "RefusedError", "parsed": True}


def test_an_altered_or_misplaced_entry_is_not_trusted(tmp_path) -> None:
    import json

    folder = tmp_path / "checks"
    safe = "SELECT ?s WHERE { ?s ?p ?o }"
    unsafe = "SELECT ?s WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"
    _checked_in_a_new_process(folder, safe, None)
    (entry,) = folder.iterdir()
    # the safe query's entry copied under every name the unsafe one could be looked up by is
    # still not taken for it: the entry names the digest it was written for
    from courtgraph.sparql import _digest, _default_prefixes

    unsafe_key = (unsafe, False, tuple(sorted(_default_prefixes().items())), None)
    (folder / f"{_digest(unsafe_key)}.json").write_text(entry.read_text(encoding="utf-8"), encoding="utf-8")
    assert _checked_in_a_new_process(folder, unsafe, None) == {"error": "RefusedError", "parsed": True}
    # an entry whose verdict was edited into something the gate never answers is not used either
    record = json.loads(entry.read_text(encoding="utf-8"))
    entry.write_text(json.dumps({**record, "form": "UPDATE"}), encoding="utf-8")
    assert _checked_in_a_new_process(folder, safe, None) == {"form": "SELECT", "projected": ["s"], "text_ends": True, "parsed": True}
    entry.write_text("{not json", encoding="utf-8")
    assert _checked_in_a_new_process(folder, safe, None)["parsed"] is True
