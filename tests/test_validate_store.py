"""The shapes as SPARQL over one Oxigraph store agree with rudof and pyshacl, and see across reports.

Each case breaks the seed's graph in one way (one kind of SHACL constraint) and compares the
failed (focus node, path, constraint) triples of ``validate_store`` with those of rudof; one
graph with every break at once is compared with pyshacl too.
"""

from __future__ import annotations

from collections.abc import Callable

import pyoxigraph as ox
import pytest

from iris import AIXIN_IRI, COURT_IRI, PROCURATORATE_IRI, REPORT_IRI

CG = "https://w3id.org/courtgraph/ontology#"
OA = "http://www.w3.org/ns/oa#"
XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
SKOS = "http://www.w3.org/2004/02/skos/core#"
SCHEMA = "https://schema.org/"
DCTERMS = "http://purl.org/dc/terms/"
PROV = "http://www.w3.org/ns/prov#"
R = REPORT_IRI
SPAN = f"{R}/span/1-164"  # the seed's first span: one position and one quote selector
POSITION = f"{R}/sentence/1/position"
OTHER_GRAPH = "https://w3id.org/courtgraph/id/report/test-court/2023"


@pytest.fixture(scope="module")
def seed_lines(seed_extraction) -> list[str]:
    """The seed report's N-Triples lines, as the corpus build makes them (vocabularies not included)."""
    from courtgraph.rdf import ntriples_lines, report_triples

    graph, triples = report_triples(seed_extraction)
    assert graph == REPORT_IRI
    return ntriples_lines(triples)


def store_of(graphs: dict[str, list[str]]) -> ox.Store:
    """A store with each graph's N-Triples lines in that named graph, and the vocabularies in theirs."""
    from courtgraph.rdf import VOCAB_GRAPH, vocabulary_ntriples

    store = ox.Store()
    for name, lines in {**graphs, str(VOCAB_GRAPH): vocabulary_ntriples().splitlines(keepends=True)}.items():
        store.load("".join(lines).encode("utf-8"), format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(name))
    return store


def t(s: str, p: str, o: str) -> str:
    """An N-Triples line; ``o`` is written as given (an IRI in <> or a literal)."""
    return f"<{s}> <{p}> {o} .\n"


def drop(lines: list[str], subject: str, predicate: str) -> list[str]:
    start = f"<{subject}> <{predicate}> "
    kept = [line for line in lines if not line.startswith(start)]
    assert len(kept) < len(lines), f"nothing to drop: {start}"
    return kept


def keys(violations) -> set[tuple[str, str, str]]:
    # blank nodes are named differently by each engine (and rudof writes one as <_:…>)
    return {("_:" if v.focus.lstrip("<").startswith("_:") else v.focus, v.path, v.constraint) for v in violations}


CORRECTION = f"{R}/correction/1"
CURATOR = f"{R}/curator/0123456789"

# one break per kind of constraint: (name, change to the seed's lines, the constraint it must break)
BREAKS: list[tuple[str, Callable[[list[str]], list[str]], str]] = [
    ("minCount", lambda ls: drop(ls, R, CG + "year"), "sh:MinCountConstraintComponent"),
    ("maxCount", lambda ls: ls + [t(R, CG + "year", f'"2023"^^<{XSD}gYear>')], "sh:MaxCountConstraintComponent"),
    ("class", lambda ls: ls + [t(AIXIN_IRI, CG + "partner", f"<{R}>")], "sh:ClassConstraintComponent"),
    ("datatype", lambda ls: drop(ls, f"{R}/metric/12", SCHEMA + "value") + [t(f"{R}/metric/12", SCHEMA + "value", f'"24"^^<{XSD}integer>')],
     "sh:DatatypeConstraintComponent"),
    ("datatype, derived from xsd:integer", lambda ls: drop(ls, POSITION, OA + "start") + [t(POSITION, OA + "start", f'"-1"^^<{XSD}integer>')],
     "sh:DatatypeConstraintComponent"),
    ("nodeKind of a value", lambda ls: drop(ls, R, DCTERMS + "source") + [t(R, DCTERMS + "source", "<file:///report.txt>")],
     "sh:NodeKindConstraintComponent"),
    ("nodeKind of the focus node", lambda ls: ls + [f"_:court <{RDF_TYPE}> <{CG}Court> .\n", f'_:court <{RDFS_LABEL}> "某法院"@zh .\n'],
     "sh:NodeKindConstraintComponent"),
    ("pattern", lambda ls: drop(ls, R, CG + "sha256") + [t(R, CG + "sha256", '"XYZ"')], "sh:PatternConstraintComponent"),
    ("languageIn", lambda ls: ls + [t(PROCURATORATE_IRI, CG + "mention", '"the procuratorate"@en')], "sh:LanguageInConstraintComponent"),
    ("uniqueLang", lambda ls: ls + [t(f"{R}/theme/1", SKOS + "prefLabel", '"又一个标题"@zh')], "sh:UniqueLangConstraintComponent"),
    ("minLength", lambda ls: ls + [t(AIXIN_IRI, CG + "outcomeText", '""@zh')], "sh:MinLengthConstraintComponent"),
    ("minInclusive", lambda ls: drop(ls, f"{R}/theme/1/area/1", CG + "order") + [t(f"{R}/theme/1/area/1", CG + "order", f'"0"^^<{XSD}integer>')],
     "sh:MinInclusiveConstraintComponent"),
    ("in", lambda ls: ls + [
        t(CORRECTION, RDF_TYPE, f"<{CG}Correction>"), t(CORRECTION, CG + "correctionAction", '"rewrite"'),
        t(CORRECTION, PROV + "wasAssociatedWith", f"<{CURATOR}>"), t(CURATOR, RDF_TYPE, f"<{PROV}Agent>"),
        t(CURATOR, RDFS_LABEL, '"a curator"'), t(CORRECTION, DCTERMS + "date", f'"2026-01-02"^^<{XSD}date>'),
        t(CORRECTION, PROV + "used", f"<{R}>"), t(CORRECTION, "http://www.w3.org/2000/01/rdf-schema#comment", '"an entry"'),
    ], "sh:InConstraintComponent"),
    ("or", lambda ls: drop(ls, f"{R}/metric/10", CG + "attachedTo") + [t(f"{R}/metric/10", CG + "attachedTo", f"<{PROCURATORATE_IRI}>")],
     "sh:OrConstraintComponent"),
    ("lessThanOrEquals", lambda ls: drop(ls, POSITION, OA + "start") + [t(POSITION, OA + "start", f'"999999"^^<{XSD}nonNegativeInteger>')],
     "sh:LessThanOrEqualsConstraintComponent"),
    ("qualifiedMinCount", lambda ls: [line for line in ls if not line.startswith(f"<{SPAN}> <{OA}hasSelector> <{SPAN}/quote>")],
     "sh:QualifiedMinCountConstraintComponent"),
    ("qualifiedMaxCount", lambda ls: ls + [t(SPAN, OA + "hasSelector", f"<{POSITION}>")], "sh:QualifiedMaxCountConstraintComponent"),
    ("qualifiedMinCount of a label", lambda ls: [line for line in ls if not (line.startswith(f"<{COURT_IRI}> <{RDFS_LABEL}>") and line.endswith("@zh .\n"))],
     "sh:QualifiedMinCountConstraintComponent"),
    ("targetSubjectsOf", lambda ls: ls + [t(f"{R}/theme/1", CG + "evidence", f"<{R}>")], "sh:ClassConstraintComponent"),
    ("class of the focus node", lambda ls: ls + [t(f"{R}/theme/1", CG + "partner", f"<{PROCURATORATE_IRI}>")], "sh:ClassConstraintComponent"),
]


def test_the_seed_conforms_in_the_store(seed_lines: list[str]) -> None:
    from courtgraph.validate import validate_store

    report = validate_store(store_of({R: seed_lines}))
    assert report.conforms, report.text
    assert report.text.startswith("Conforms")


@pytest.mark.parametrize("name, change, constraint", BREAKS, ids=[b[0] for b in BREAKS])
def test_each_break_is_found_as_the_other_engines_find_it(seed_lines: list[str], name: str, change, constraint: str) -> None:
    from courtgraph.validate import validate_ntriples, validate_store

    broken = change(list(seed_lines))
    ours = validate_store(store_of({R: broken}))
    # rudof holds "-1"^^xsd:integer incomparable with a xsd:nonNegativeInteger and so reports
    # sh:lessThanOrEquals as well; SHACL compares as SPARQL does (-1 <= 164), as pyshacl does
    engine = "pyshacl" if name == "datatype, derived from xsd:integer" else "rudof"
    reference = validate_ntriples(broken, engine=engine)
    assert not ours.conforms
    assert constraint in {v.constraint for v in ours.violations}, ours.text
    assert keys(ours.violations) == keys(reference.violations), ours.text + "\n" + reference.text


def test_every_break_at_once_agrees_with_pyshacl(seed_lines: list[str]) -> None:
    from courtgraph.validate import validate_ntriples, validate_store

    broken = several_breaks(seed_lines)
    ours = validate_store(store_of({R: broken}))
    pyshacl = validate_ntriples(broken, engine="pyshacl")
    assert keys(ours.violations) == keys(pyshacl.violations), ours.text + "\n" + pyshacl.text
    assert len({v.constraint for v in ours.violations}) >= 12


def several_breaks(lines: list[str]) -> list[str]:
    """The seed broken in every way at once, but for breaks that would undo or repeat another."""
    skip = {"maxCount", "datatype, derived from xsd:integer", "qualifiedMaxCount"}
    for name, change, _ in BREAKS:
        if name not in skip:
            lines = change(lines)
    return lines


def test_merged_and_one_query_per_constraint_agree(seed_lines: list[str]) -> None:
    from courtgraph.shapes_sparql import compile_checks
    from courtgraph.validate import load_shapes, validate_store

    store = store_of({R: several_breaks(seed_lines)})
    merged = compile_checks(load_shapes())
    single = compile_checks(load_shapes(), merge=False)
    assert len(single) > len(merged)
    assert validate_store(store, checks=merged).violations == validate_store(store, checks=single).violations


def test_a_conflict_between_two_reports_only_the_store_sees(seed_lines: list[str]) -> None:
    """Another report places the same court somewhere else: each report alone conforms, the corpus does not."""
    from courtgraph.validate import validate_ntriples, validate_store

    elsewhere = "https://w3id.org/courtgraph/id/place/test-place"
    other = [t(COURT_IRI, CG + "locatedIn", f"<{elsewhere}>"), t(elsewhere, RDF_TYPE, f"<{CG}Place>"),
             t(elsewhere, RDFS_LABEL, '"别处"@zh')]
    assert validate_ntriples(seed_lines, engine="rudof").conforms
    assert validate_ntriples(other, engine="rudof").conforms
    report = validate_store(store_of({R: seed_lines, OTHER_GRAPH: other}))
    assert [(v.focus, v.path, v.constraint) for v in report.violations] == [
        (f"<{COURT_IRI}>", "cg:locatedIn", "sh:MaxCountConstraintComponent")
    ]
    violation = report.violations[0]
    assert violation.report.split() == sorted([R, OTHER_GRAPH])  # both reports are named
    assert f"in <{min(R, OTHER_GRAPH)}>, <{max(R, OTHER_GRAPH)}>" in violation.line()


def test_graphs_limits_the_check_to_the_focus_nodes_of_those_graphs(seed_lines: list[str]) -> None:
    from courtgraph.validate import validate_store

    unlabelled = "https://w3id.org/courtgraph/id/place/test-unlabelled"
    store = store_of({R: drop(seed_lines, R, CG + "year"), OTHER_GRAPH: [t(unlabelled, RDF_TYPE, f"<{CG}Place>")]})
    every = validate_store(store)
    assert {v.focus for v in every.violations} == {f"<{R}>", f"<{unlabelled}>"}
    only_other = validate_store(store, graphs=[OTHER_GRAPH])
    assert {v.focus for v in only_other.violations} == {f"<{unlabelled}>"}
    assert only_other.triples == 1
    only_seed = validate_store(store, graphs=[R])
    assert {(v.focus, v.path) for v in only_seed.violations} == {(f"<{R}>", "cg:year")}
    assert validate_store(store, graphs=[]).conforms
    with pytest.raises(ValueError, match="sequence"):
        validate_store(store, graphs=R)


def test_a_focus_node_of_the_added_graph_is_checked_against_the_whole_store(seed_lines: list[str]) -> None:
    """A new report that gives the seed's court a second place: checking only the new graph finds it.

    With ``graphs``, a node is a focus node when its targeting triple (here its rdf:type) is in
    one of the graphs: a graph that only adds a triple about a node typed elsewhere leaves it to
    the check of that other graph (or of the whole store).
    """
    from courtgraph.validate import validate_store

    court_type = t(COURT_IRI, RDF_TYPE, f"<{CG}Court>")
    moved = t(COURT_IRI, CG + "locatedIn", f"<{R}>")
    expected = {
        (f"<{COURT_IRI}>", "cg:locatedIn", "sh:MaxCountConstraintComponent"),
        (f"<{COURT_IRI}>", "cg:locatedIn", "sh:ClassConstraintComponent"),
    }

    def found(store: ox.Store, graphs: list[str] | None) -> set[tuple[str, str, str]]:
        return {(v.focus, v.path, v.constraint) for v in validate_store(store, graphs=graphs).violations}

    typed = store_of({R: seed_lines, OTHER_GRAPH: [court_type, moved]})
    assert found(typed, [OTHER_GRAPH]) == expected
    untyped = store_of({R: seed_lines, OTHER_GRAPH: [moved]})
    assert found(untyped, [OTHER_GRAPH]) == set()
    assert found(untyped, None) == expected


def test_a_violation_names_its_report_and_sentence(seed_lines: list[str]) -> None:
    from courtgraph.validate import validate_store

    metric = f"{R}/metric/12"
    store = store_of({R: drop(seed_lines, metric, SCHEMA + "value")})
    (sentence,) = [row["t"].value for row in store.query(
        f"SELECT DISTINCT ?t WHERE {{ <{metric}> <{CG}evidence>/<{CG}inSentence>/<{CG}text> ?t }}", use_default_graph_as_union=True)]
    (violation,) = validate_store(store).violations
    assert (violation.focus, violation.path, violation.report, violation.sentence) == (f"<{metric}>", "schema:value", R, sentence)
    assert violation.line().endswith(f" in <{R}> — sentence: {sentence}")
    assert violation.shape == "cgs:QuantityShape"


def test_violations_are_in_a_stable_order(seed_lines: list[str]) -> None:
    from courtgraph.validate import validate_store

    # blank nodes aside: each load names them anew
    broken = [line for line in several_breaks(seed_lines) if not line.startswith("_:")]
    first = validate_store(store_of({R: broken})).text
    assert first == validate_store(store_of({R: list(reversed(broken))})).text
    assert first.count("\n") >= 14


def test_an_unknown_shacl_term_is_refused() -> None:
    from rdflib import Graph

    from courtgraph.shapes_sparql import compile_checks
    from courtgraph.validate import load_shapes

    shapes = load_shapes()
    shapes += Graph().parse(data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix cg: <https://w3id.org/courtgraph/ontology#> .
        cg:ClosedShape a sh:NodeShape ; sh:targetClass cg:Court ; sh:closed true .
    """, format="turtle")
    with pytest.raises(ValueError, match="sh:closed"):
        compile_checks(shapes)


def test_a_known_term_in_a_place_it_is_not_implemented_is_refused() -> None:
    from rdflib import Graph

    from courtgraph.shapes_sparql import compile_checks

    shapes = Graph().parse(data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix cg: <https://w3id.org/courtgraph/ontology#> .
        cg:CountShape a sh:NodeShape ; sh:targetClass cg:Court ; sh:minCount 1 .
    """, format="turtle")
    with pytest.raises(ValueError, match="sh:minCount is not implemented on a node shape"):
        compile_checks(shapes)


def test_the_line_without_report_or_sentence_is_unchanged() -> None:
    from courtgraph.validate import Violation

    violation = Violation("<x>", "cg:year", "sh:MinCountConstraintComponent", "too few values", "", "", "Violation")
    assert violation.line() == "Violation: <x> cg:year: sh:MinCountConstraintComponent: too few values"


def test_the_built_layout_a_report_graph_and_the_shared_graph(seed_lines: list[str]) -> None:
    """Split as the build splits (each fact once): a shared node's fault is named in the shared graph."""
    from courtgraph.rdf import SHARED_GRAPH, split_report_lines
    from courtgraph.validate import validate_store

    own, shared = split_report_lines(seed_lines + [t(PROCURATORATE_IRI, CG + "mention", '"the procuratorate"@en')], R)
    store = store_of({R: own, str(SHARED_GRAPH): shared})
    (violation,) = validate_store(store).violations
    assert (violation.focus, violation.constraint, violation.report) == (
        f"<{PROCURATORATE_IRI}>", "sh:LanguageInConstraintComponent", str(SHARED_GRAPH))
    assert violation.sentence  # an organisation's provenance is in the report graph, found all the same
    # an organisation is typed in the shared graph: checking a report alone leaves it out
    assert validate_store(store, graphs=[R]).conforms
    assert not validate_store(store, graphs=[R, str(SHARED_GRAPH)]).conforms
