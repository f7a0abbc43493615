"""The ontology, its vocabularies and shapes: parse, reason, labels, and agreement with namespace.py."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from rdflib import OWL, RDF, RDFS, Graph, Literal, Namespace, URIRef
from rdflib.namespace import SKOS

ROOT = Path(__file__).resolve().parents[1]
ONTOLOGY = ROOT / "ontology" / "courtgraph.ttl"
VOCAB = ROOT / "ontology" / "vocab.ttl"
SHAPES = ROOT / "ontology" / "shapes.ttl"
CG = Namespace("https://w3id.org/courtgraph/ontology#")
SH = Namespace("http://www.w3.org/ns/shacl#")
TERM_TYPES = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY, format="turtle")


@pytest.fixture(scope="module")
def vocab() -> Graph:
    return Graph().parse(VOCAB, format="turtle")


def minted_terms(graph: Graph) -> set[URIRef]:
    return {
        term
        for kind in TERM_TYPES
        for term in graph.subjects(RDF.type, kind)
        if isinstance(term, URIRef) and str(term).startswith(str(CG))
    }


def languages(graph: Graph, node: URIRef, predicate: URIRef) -> set[str | None]:
    return {o.language for o in graph.objects(node, predicate) if isinstance(o, Literal)}


def test_ontology_header(ontology: Graph) -> None:
    header = URIRef("https://w3id.org/courtgraph/ontology")
    assert (header, RDF.type, OWL.Ontology) in ontology
    assert ontology.value(header, OWL.versionInfo) is not None
    assert {"zh", "en"} <= languages(ontology, header, RDFS.label)


def test_every_term_has_zh_and_en_label_and_definition(ontology: Graph) -> None:
    terms = minted_terms(ontology)
    assert len(terms) > 60
    missing = [
        (str(t), p.n3(), lang)
        for t in sorted(terms)
        for p in (RDFS.label, SKOS.definition)
        for lang in ("zh", "en")
        if lang not in languages(ontology, t, p)
    ]
    assert missing == []


def test_every_minted_class_and_most_properties_are_aligned(ontology: Graph) -> None:
    classes = {t for t in minted_terms(ontology) if (t, RDF.type, OWL.Class) in ontology}
    unaligned = sorted(str(c) for c in classes if ontology.value(c, RDFS.subClassOf) is None)
    assert unaligned == []
    properties = minted_terms(ontology) - classes
    aligned = {p for p in properties if ontology.value(p, RDFS.subPropertyOf) is not None or ontology.value(p, OWL.inverseOf) is not None}
    # a handful of report-specific attributes (rank, basis …) have no sensible super-property
    assert len(aligned) >= 0.8 * len(properties)


def test_the_contract_terms_exist(ontology: Graph) -> None:
    terms = {str(t)[len(str(CG)):] for t in minted_terms(ontology)}
    contract = {
        "WorkReport", "Court", "Organisation", "Theme", "WorkArea", "Initiative", "Quantity", "Change",
        "Document", "Award", "Case", "PolicyConcept", "Place", "Sentence", "Span",
        "partner", "outcome", "inWorkArea", "evidence", "inSentence", "text", "court", "year",
        "orgKind", "initiativeType", "firstClaim", "outcomeText", "attachedTo", "issued", "recipient",
        "award", "level", "qualifiedPartnership",
    }
    assert contract - terms == set()


def test_ontology_loads_into_owl_rl_without_inconsistency(ontology: Graph, vocab: Graph) -> None:
    import owlrl

    graph = Graph()
    for source in (ontology, vocab):
        for triple in source:
            graph.add(triple)
    before = len(graph)
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(graph)
    errors = list(graph.subjects(RDF.type, URIRef("http://www.daml.org/2002/03/agents/agent-ont#ErrorMessage")))
    assert errors == []
    assert list(graph.subjects(RDF.type, OWL.Nothing)) == []
    assert len(graph) > before  # the reasoner did run: alignments entail new triples
    assert (CG.Initiative, RDFS.subClassOf, URIRef("http://www.w3.org/ns/prov#Activity")) in graph


def test_owl_rl_on_data_derives_source_sentence_from_evidence(ontology: Graph) -> None:
    import owlrl

    data = Namespace("https://example.org/")
    graph = Graph()
    for triple in ontology:
        graph.add(triple)
    graph.add((data.i, CG.evidence, data.span))
    graph.add((data.span, CG.inSentence, data.sentence))
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(graph)
    assert (data.i, CG.sourceSentence, data.sentence) in graph  # the property chain
    assert (data.span, RDF.type, CG.Span) in graph


def test_vocabulary_concepts_have_zh_and_en_labels_and_a_scheme(vocab: Graph) -> None:
    concepts = set(vocab.subjects(RDF.type, SKOS.Concept))
    assert len(concepts) > 40
    for concept in concepts:
        assert {"zh", "en"} <= languages(vocab, concept, RDFS.label), concept
        assert vocab.value(concept, SKOS.inScheme) is not None, concept
        assert vocab.value(concept, SKOS.notation) is not None, concept


def test_vocabulary_covers_the_gold_schema_values(vocab: Graph) -> None:
    notations = {str(o) for o in vocab.objects(None, SKOS.notation)}
    for value in ("people's-congress", "procuratorate", "media", "platform", "studio", "supervisor", "national", "up", "implementing-opinions"):
        assert value in notations


def test_namespace_module_agrees_with_ontology(ontology: Graph) -> None:
    from courtgraph.namespace import CG as CodeCG

    in_code = {str(CodeCG._NS[name]) for name in CodeCG.__annotations__}
    in_ontology = {str(t) for t in minted_terms(ontology)}
    assert in_code == in_ontology
    with pytest.raises(AttributeError):
        CodeCG.Partnr  # noqa: B018 - a misspelt term must fail: the namespace is closed


def test_namespace_module_is_up_to_date() -> None:
    spec = importlib.util.spec_from_file_location("gen_namespace", ROOT / "scripts" / "gen_namespace.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    generated = module.render()
    assert generated == (ROOT / "src" / "courtgraph" / "namespace.py").read_text(encoding="utf-8")


def test_vocab_table_in_code_matches_vocab_file(vocab: Graph) -> None:
    from courtgraph.namespace import VOCAB

    from_file = {(str(vocab.value(c, SKOS.inScheme)).rsplit("/", 1)[-1], str(n)): str(c) for c, n in vocab.subject_objects(SKOS.notation)}
    from_code = {(scheme, value): iri for scheme, values in VOCAB.items() for value, iri in values.items()}
    assert from_code == from_file


def test_shapes_parse_and_target_only_known_classes(ontology: Graph) -> None:
    shapes = Graph().parse(SHAPES, format="turtle")
    targets = set(shapes.objects(None, SH.targetClass))
    assert len(targets) >= 20
    classes = set(ontology.subjects(RDF.type, OWL.Class))
    foreign = {t for t in targets if str(t).startswith(str(CG)) and t not in classes}
    assert foreign == set()
    # every minted class of data (not the qualified-relation base) has a shape aimed at it
    for cls in (CG.WorkReport, CG.Organisation, CG.Initiative, CG.Quantity, CG.Span, CG.Sentence, CG.Award):
        assert cls in targets
