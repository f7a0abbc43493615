"""Extraction → RDF: one named graph per report, stable IRIs, a span behind every fact.

The IRI scheme and the terms used here are those of ``docs/graph-contract.md``. Nothing in
the output is a blank node, so two builds of the same input give the same triples, and
:func:`canonical_dataset` gives them in the same order.
"""

from __future__ import annotations

import bisect
import hashlib
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from rdflib import RDF, RDFS, XSD, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, SKOS

from courtgraph.model import Extraction, ReportInfo, Span
from courtgraph.namespace import CG, CGD, CGV, VOCAB
from courtgraph.query import unspaced
from courtgraph.readers import FORMS
from courtgraph.resources import ontology_path  # re-exported: validate and cache read the ontology through it
from courtgraph.slug import slug

if TYPE_CHECKING:
    from rdflib.term import Node

    from courtgraph.curation import Curated

__all__ = [
    "PREFIXES",
    "VOCAB_GRAPH",
    "SHARED_GRAPH",
    "in_report_graph",
    "split_report_lines",
    "to_dataset",
    "add_extraction",
    "add_vocabulary",
    "canonical_dataset",
    "bind_prefixes",
    "report_iri",
    "court_iri",
    "ontology_path",
    "decimal_literal",
    "report_triples",
    "ntriples_lines",
    "vocabulary_ntriples",
    "from_oxigraph",
    "from_oxigraph_term",
]

OA = Namespace("http://www.w3.org/ns/oa#")
SCHEMA = Namespace("https://schema.org/")
PROV = Namespace("http://www.w3.org/ns/prov#")

PREFIXES: dict[str, str] = {
    "cg": str(CG._NS),
    "cgv": str(CGV),
    "cgd": str(CGD),
    "org": "http://www.w3.org/ns/org#",
    "prov": str(PROV),
    "oa": str(OA),
    "skos": str(SKOS),
    "dcterms": str(DCTERMS),
    "schema": str(SCHEMA),
    "qb": "http://purl.org/linked-data/cube#",
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
    "owl": "http://www.w3.org/2002/07/owl#",
    "sh": "http://www.w3.org/ns/shacl#",
}

# The controlled vocabularies travel with the data so that kinds and types have zh/en labels.
VOCAB_GRAPH = URIRef(str(CGV))
# Each fact once: what several reports may state (courts, places, organisations, initiatives'
# own attributes, their links to vocabulary terms) lives in this one graph, written once across
# the corpus; a report's graph holds only what touches the report or a node under its IRI. A
# triple in two graphs would come back twice from a store whose union default graph is a bag
# (Oxigraph's), and would be stored once per report.
SHARED_GRAPH = CGD["shared"]

_ID_NUMBER = re.compile(r"(\d+)(?:\.(\d+))?$")


class _Terms:
    """A namespace whose terms are each made once. rdflib's namespaces make a new ``URIRef``
    (its IRI checked) at every attribute access, and the report writer asks for a few thousand
    terms a report. A misspelt term of a closed namespace still raises ``AttributeError``."""

    def __init__(self, namespace: Any) -> None:
        self._namespace = namespace

    def __getattr__(self, name: str) -> URIRef:
        term = getattr(self._namespace, name)
        self.__dict__[name] = term
        return term


# (after PREFIXES and the graphs above, which read the namespaces themselves)
CG, RDF, RDFS, XSD, SKOS, DCTERMS, OA, SCHEMA, PROV = (  # type: ignore[misc,assignment]
    _Terms(n) for n in (CG, RDF, RDFS, XSD, SKOS, DCTERMS, OA, SCHEMA, PROV)
)


def bind_prefixes(graph: Graph) -> None:
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri, override=True, replace=True)


def court_iri(court_zh: str) -> URIRef:
    return CGD[f"court/{slug(court_zh)}"]


def report_iri(info: ReportInfo) -> URIRef:
    year = str(info.year) if info.year is not None else "undated"
    return CGD[f"report/{slug(info.court_zh)}/{year}"]


def to_dataset(extractions: Iterable[Extraction], *, vocabulary: bool = True) -> Dataset:
    """A dataset with one named graph per extraction (plus the vocabularies), canonically ordered."""
    dataset = Dataset(default_union=True)
    for extraction in extractions:
        add_extraction(dataset, extraction)
    if vocabulary:
        add_vocabulary(dataset)
    return canonical_dataset(dataset)


def add_vocabulary(dataset: Dataset) -> None:
    graph = dataset.graph(VOCAB_GRAPH)
    graph.parse(ontology_path("vocab.ttl"), format="turtle")


def add_extraction(dataset: Dataset, extraction: Extraction) -> URIRef:
    """Add one report's facts to its own named graph and the shared graph; returns the report graph's IRI.

    The split is :func:`in_report_graph`'s, the same as the corpus build's, so a dataset in
    memory and a built store hold the same quads.
    """
    iri, triples = report_triples(extraction)
    own, shared = dataset.graph(URIRef(iri)), dataset.graph(SHARED_GRAPH)
    prefix = iri + "/"
    for triple in triples:
        (own if _owned(triple[0], iri, prefix) or _owned(triple[2], iri, prefix) else shared).add(triple)
    return URIRef(iri)


def _owned(term: Node, iri: str, prefix: str) -> bool:
    # str(): rdflib terms never equal a plain string
    return isinstance(term, URIRef) and (str(term) == iri or term.startswith(prefix))


def in_report_graph(subject: Node, obj: Node, report: str) -> bool:
    """Whether a triple belongs to the named graph of the report ``report`` (an IRI).

    It does when its subject or its object is the report or a node under the report's IRI
    (sentences, spans, figures, themes, qualified relations: what the report states, with its
    provenance); every other triple (a court's place, an organisation's kind, an initiative's
    type) may be stated by several reports and belongs to :data:`SHARED_GRAPH`.
    """
    report = str(report)
    return _owned(subject, report, report + "/") or _owned(obj, report, report + "/")


def split_report_lines(lines: Iterable[str], report: str) -> tuple[list[str], list[str]]:
    """N-Triples lines split as :func:`in_report_graph` splits triples: (the report's, the shared).

    Order is kept. Subjects and objects that are IRIs start with ``<``; courtgraph writes no
    blank nodes, and an IRI holds no space, so the object starts after the second space.
    """
    whole, under = f"<{report}>", f"<{report}/"
    own: list[str] = []
    shared: list[str] = []
    for line in lines:
        subject, _, rest = line.partition(" ")
        obj = rest.partition(" ")[2]
        if subject == whole or subject.startswith(under) or obj.startswith((whole + " ", under)):
            own.append(line)
        else:
            shared.append(line)
    return own, shared


class _TripleList(list[tuple["Node", "Node", "Node"]]):
    """The writer's sink when no rdflib store is wanted: adding is appending."""

    def add(self, triple: tuple[Node, Node, Node]) -> None:
        self.append(triple)


def report_triples(extraction: Extraction, *, curated: Curated | None = None) -> tuple[str, list[tuple[Node, Node, Node]]]:
    """One report's triples as a list (duplicates possible), with the IRI of its named graph.

    The same triples that :func:`add_extraction` puts in a dataset, without the cost of
    indexing them in rdflib's store: the corpus build turns them into N-Triples lines. With
    ``curated`` (the extraction's curation, :mod:`courtgraph.curation`), the corrections are
    written too, each linked from the nodes it changed.
    """
    from courtgraph.gcpause import collection_paused

    # a triple is a tuple and terms, none freed before the list is: with the cyclic collector
    # running, its passes over them took 30–45 % of this function's time (see courtgraph.gcpause)
    with collection_paused(promote=True):
        iri = report_iri(extraction.report)
        sink = _TripleList()
        writer = _ReportWriter(sink, extraction, iri)  # type: ignore[arg-type]  # a Graph-like sink
        writer.write()
        if curated is not None:
            from courtgraph.curation import provenance_triples

            sink.extend(provenance_triples(curated, iri, writer.ids))
    return str(iri), sink


def ntriples_lines(triples: Iterable[tuple[Node, Node, Node]]) -> list[str]:
    """Sorted, distinct N-Triples lines (each ending in a newline) for rdflib terms.

    Literals are written by Oxigraph, whose N-Triples escaping is the standard's; the same
    term is converted once per call.
    """
    import pyoxigraph as ox

    forms: dict[Node, str] = {}

    def form(term: Node) -> str:
        found = forms.get(term)
        if found is None:
            if isinstance(term, URIRef):
                found = f"<{term}>"
            elif isinstance(term, Literal):
                if term.language:
                    found = str(ox.Literal(str(term), language=term.language))
                elif term.datatype is not None and term.datatype != XSD.string:
                    found = str(ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype))))
                else:
                    found = str(ox.Literal(str(term)))
            else:
                raise TypeError(f"courtgraph writes no blank nodes or other terms: {term!r}")
            forms[term] = found
        return found

    return sorted({f"{form(s)} {form(p)} {form(o)} .\n" for s, p, o in triples})


@lru_cache(maxsize=1)
def vocabulary_ntriples() -> str:
    """The controlled vocabularies (``ontology/vocab.ttl``) as sorted N-Triples."""
    import pyoxigraph as ox

    with open(ontology_path("vocab.ttl"), "rb") as handle:
        lines = {f"{t.subject} {t.predicate} {t.object} .\n" for t in ox.parse(handle, format=ox.RdfFormat.TURTLE)}
    return "".join(sorted(lines))


def from_oxigraph_term(value: Any) -> Node:
    """A pyoxigraph term as the rdflib term rdflib's own parser would have made.

    Raises ``TypeError`` for RDF-star triple terms, which courtgraph neither writes nor shows.
    """
    import pyoxigraph as ox

    if isinstance(value, ox.NamedNode):
        return URIRef(value.value)
    if isinstance(value, ox.Literal):
        if value.language:
            return Literal(value.value, lang=value.language)
        if value.datatype.value == str(XSD.string):
            return Literal(value.value)  # rdflib tells a plain literal from an xsd:string one
        return Literal(value.value, datatype=URIRef(value.datatype.value))
    if isinstance(value, ox.BlankNode):
        from rdflib import BNode

        return BNode(value.value)
    raise TypeError(f"RDF-star triple terms are not supported: {value}")


def from_oxigraph(quad: Any) -> tuple[Node, Node, Node, URIRef | None]:
    """A pyoxigraph quad as rdflib terms; the graph is ``None`` for the default graph."""
    import pyoxigraph as ox

    graph = URIRef(quad.graph_name.value) if isinstance(quad.graph_name, ox.NamedNode) else None
    return from_oxigraph_term(quad.subject), from_oxigraph_term(quad.predicate), from_oxigraph_term(quad.object), graph


def canonical_dataset(dataset: Dataset) -> Dataset:
    """The same quads inserted in sorted order, so serialisers emit them in a stable order."""
    out = Dataset(default_union=True)
    bind_prefixes(out)
    quads = sorted(
        ((s, p, o, getattr(g, "identifier", g)) for s, p, o, g in dataset.quads((None, None, None, None)) if g is not None),
        key=lambda q: (str(q[3]), q[0].n3(), q[1].n3(), q[2].n3()),
    )
    graphs: dict[Node, Graph] = {}
    for s, p, o, name in quads:
        if name not in graphs:
            graphs[name] = out.graph(name)
        graphs[name].add((s, p, o))
    return out


# Terms of the hot paths (a span, its selectors and sentence are written for every fact),
# looked up once: rdflib's namespace attribute access builds a new term on every call.
_TYPE = RDF.type
_LABEL = RDFS.label
_HIDDEN_LABEL = SKOS.hiddenLabel
_HAS_SELECTOR = OA.hasSelector
_HAS_SOURCE = OA.hasSource
_POSITION_SELECTOR = OA.TextPositionSelector
_QUOTE_SELECTOR = OA.TextQuoteSelector
_START = OA.start
_END = OA.end
_EXACT = OA.exact
_SPAN = CG.Span
_IN_SENTENCE = CG.inSentence
_EVIDENCE = CG.evidence
_SOURCE_SENTENCE = CG.sourceSentence
_NON_NEGATIVE = XSD.nonNegativeInteger


# Literals are immutable and rdflib's constructor is slow: the same offset, label or number is
# made once per process and shared (a report writes each span's offsets several times)
@lru_cache(maxsize=1 << 16)
def _offset(value: int) -> Literal:
    return Literal(str(value), datatype=_NON_NEGATIVE)


@lru_cache(maxsize=1 << 14)
def _zh(text: str) -> Literal:
    return Literal(text, lang="zh")


@lru_cache(maxsize=1 << 14)
def _en(text: str) -> Literal:
    return Literal(text, lang="en")


@lru_cache(maxsize=1 << 14, typed=True)  # typed: 8 and 8.0 are cached apart
def decimal_literal(value: float | int | str) -> Literal:
    """An xsd:decimal in canonical form, always with a decimal point: 8 → "8.0", 24.80 → "24.8"."""
    # str() first: Decimal(0.1) would carry binary noise into the graph. The lexical form is
    # the canonical one (always a decimal point), so every serialisation writes it the same way.
    number = Decimal(str(value)).normalize()
    text = format(number, "f")
    if "." not in text:
        text += ".0"
    return Literal(text, datatype=XSD.decimal)


def _vocab(scheme: str, value: str) -> URIRef:
    known = VOCAB.get(scheme, {}).get(value)
    if known is not None:
        return URIRef(known)
    # an unknown value still gets an IRI; SHACL then reports it as outside the vocabulary
    return CGV[f"{scheme}/{re.sub(r'[^a-z0-9]+', '-', value.lower()).strip('-') or 'unknown'}"]


def _digest(*parts: str) -> str:
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:10]


class _ReportWriter:
    """Writes one Extraction into one named graph. Private: the public surface is add_extraction."""

    def __init__(self, graph: Graph, extraction: Extraction, iri: URIRef) -> None:
        self.x = extraction
        self.report = iri
        self.court_slug = slug(extraction.report.court_zh)
        self.court = court_iri(extraction.report.court_zh)
        self.ids: dict[str, URIRef] = {"T0": iri, "court": self.court}
        self.spans_of: dict[URIRef, tuple[Span, ...]] = {}
        self.sentences = {s.id: s for s in extraction.sentences}
        self.sentence_nodes: dict[str, URIRef] = {}
        self.span_nodes: dict[Span, URIRef] = {}
        # a list sink (report_triples) is appended to directly: one call a triple fewer
        self._put = graph.append if isinstance(graph, _TripleList) else graph.add

    # -- helpers ---------------------------------------------------------------------------------

    def place_in_area(self, node: URIRef, area_id: str | None) -> None:
        """``cg:inWorkArea`` for a work area (T1.2), ``cg:inTheme`` for a theme's own text (T1);
        the summary (T0) is the report itself, which ``cg:reportedIn`` already says."""
        if not area_id or area_id == "T0" or area_id not in self.ids:
            return
        self.add(node, CG.inWorkArea if "." in area_id else CG.inTheme, self.ids[area_id])

    def add(self, s: Node, p: Node, o: Node | None) -> None:
        if o is not None:
            self._put((s, p, o))

    def under(self, path: str) -> URIRef:
        return URIRef(f"{self.report}/{path}")

    def number(self, item_id: str, index: int, *, minor: bool = False) -> str:
        match = _ID_NUMBER.search(item_id)
        if match is None:
            return str(index)
        if minor:
            return match.group(2) or str(index)
        return match.group(1)

    def labels(self, node: URIRef, zh: str | None, en: str | None) -> None:
        if zh:
            self.name(node, _LABEL, zh)
        if en:
            self.add(node, _LABEL, _en(en))

    def name(self, node: URIRef, predicate: URIRef, zh: str) -> None:
        """A Chinese name of ``node`` under ``predicate``; held with whitespace, also as a
        hidden label without it, by which it is found through the index however it is typed
        (see courtgraph.query.unspaced: a Chinese parameter is bound without whitespace)."""
        self.add(node, predicate, _zh(zh))
        key = unspaced(zh)
        if key != zh:
            self.add(node, _HIDDEN_LABEL, _zh(key))

    def evidence(self, node: URIRef, spans: Sequence[Span], *, record: bool = True) -> None:
        if record:
            self.spans_of[node] = tuple(spans)
        for span in spans:
            span_node = self.span(span)
            self.add(node, _EVIDENCE, span_node)
            sentence = self.sentence(span.sentence)
            if sentence is not None:
                self.add(node, _SOURCE_SENTENCE, sentence)

    def position(self, node: URIRef, start: int, end: int) -> None:
        """``node`` has an ``oa:TextPositionSelector`` for raw offsets ``[start, end)``."""
        position = URIRef(f"{node}/position")
        self.add(node, _HAS_SELECTOR, position)
        self.add(position, _TYPE, _POSITION_SELECTOR)
        self.add(position, _START, _offset(start))
        self.add(position, _END, _offset(end))
        pages = self.x.report.pages  # the raw offset where each PDF page starts
        if pages:
            first, last = bisect.bisect_right(pages, start), bisect.bisect_right(pages, max(start, end - 1))
            for page in range(max(1, first), last + 1):
                self.add(node, CG.page, Literal(str(page), datatype=XSD.positiveInteger))

    def span(self, span: Span) -> URIRef:
        """The span's node, written the first time it is asked for (a span is often the
        evidence of several nodes: a figure and the initiative it is an outcome of)."""
        found = self.span_nodes.get(span)
        if found is not None:
            return found
        node = self.under(f"span/{span.start}-{span.end}")
        quote = URIRef(f"{node}/quote")
        self.add(node, _TYPE, _SPAN)
        self.add(node, _HAS_SOURCE, self.report)
        self.position(node, span.start, span.end)
        self.add(node, _HAS_SELECTOR, quote)
        self.add(quote, _TYPE, _QUOTE_SELECTOR)
        self.add(quote, _EXACT, Literal(span.text))
        sentence = self.sentence(span.sentence)
        self.add(node, _IN_SENTENCE, sentence)
        self.span_nodes[span] = node
        return node

    def sentence(self, sentence_id: str | None) -> URIRef | None:
        """The sentence's node, written the first time it is asked for."""
        if sentence_id is None or sentence_id not in self.sentences:
            return None
        if sentence_id in self.sentence_nodes:
            return self.sentence_nodes[sentence_id]
        found = self.sentences[sentence_id]
        match = _ID_NUMBER.search(found.id)
        node = self.under(f"sentence/{match.group(1) if match else slug(found.id)}")
        self.add(node, RDF.type, CG.Sentence)
        self.labels(node, f"第{match.group(1) if match else found.id}句", f"sentence {found.id}")
        self.add(node, OA.hasSource, self.report)
        self.add(node, CG.text, _zh(found.text))
        self.position(node, found.start, found.end)
        self.sentence_nodes[sentence_id] = node
        return node

    def quoted_sentence(self, node: URIRef, text: str) -> None:
        """A source sentence known only by its text (gold input has no offsets)."""
        sentence = self.under(f"sentence/text-{_digest(text)}")
        self.add(sentence, RDF.type, CG.Sentence)
        self.labels(sentence, text[:20] + ("…" if len(text) > 20 else ""), None)
        self.add(sentence, OA.hasSource, self.report)
        self.add(sentence, CG.text, _zh(text))
        self.add(node, CG.sourceSentence, sentence)

    def shared_spans(self, subject: URIRef, obj: URIRef) -> tuple[Span, ...]:
        """The subject's spans in a sentence that also mentions the object: where the relation is said."""
        mine = self.spans_of.get(subject, ())
        theirs = {s.sentence for s in self.spans_of.get(obj, ()) if s.sentence}
        shared = tuple(s for s in mine if s.sentence in theirs)
        return shared or mine

    def qualified(self, subject: URIRef, link: URIRef, cls: URIRef, target: URIRef, spans: Sequence[Span]) -> URIRef:
        kind = str(cls).rsplit("#", 1)[-1].lower()
        node = self.under(f"relation/{kind}-{_digest(str(subject), str(target))}")
        self.add(subject, link, node)
        self.add(node, RDF.type, cls)
        self.add(node, CG.target, target)
        self.evidence(node, spans, record=False)
        return node

    # -- the report --------------------------------------------------------------------------------

    def write(self) -> None:
        self.write_report()
        self.write_themes()
        self.write_organisations()
        self.write_cases_ids()
        self.write_metrics()
        self.write_documents()
        self.write_initiatives()
        self.write_awards()
        self.write_cases()
        self.write_concepts()

    def write_report(self) -> None:
        info = self.x.report
        r, court = self.report, self.court
        year = str(info.year) if info.year is not None else ""
        self.add(r, RDF.type, CG.WorkReport)
        self.labels(r, f"{info.court_zh}{year}年工作报告", f"{info.court_en} work report {year}".strip() if info.court_en else None)
        self.add(r, CG.court, court)
        if info.year is not None:
            self.add(r, CG.year, Literal(f"{info.year:04d}", datatype=XSD.gYear))
        if info.source:
            self.add(r, DCTERMS.source, Literal(info.source))
        if info.sha256:
            self.add(r, CG.sha256, Literal(info.sha256))
        if info.form:  # the file the text was read from: its media type, and a web page's title and address
            self.add(r, DCTERMS.format, Literal(FORMS[info.form]))
        if info.title:
            self.add(r, DCTERMS.title, Literal(info.title))
        if info.url:
            self.add(r, SCHEMA.url, Literal(info.url, datatype=XSD.anyURI))
        self.evidence(r, info.spans)

        self.add(court, RDF.type, CG.Court)
        self.labels(court, info.court_zh, info.court_en)
        if info.level:
            self.add(court, CG.courtLevel, Literal(info.level))
        place = None
        for name in (info.province_zh, info.city_zh, info.county_zh):
            if not name:
                continue
            node = CGD[f"place/{slug(name)}"]
            self.add(node, RDF.type, CG.Place)
            self.labels(node, name, None)
            self.add(node, SCHEMA.containedInPlace, place)
            place = node
        self.add(court, CG.locatedIn, place)

        scheme = self.under("themes")
        self.add(r, CG.themeScheme, scheme)
        self.add(scheme, RDF.type, SKOS.ConceptScheme)
        self.labels(scheme, f"{info.court_zh}{year}年工作报告主题体系", f"Themes of the {info.court_en} work report {year}".strip() if info.court_en else None)
        self.scheme = scheme

    def write_themes(self) -> None:
        for t_index, theme in enumerate(self.x.themes, start=1):
            n = self.number(theme.id, t_index)
            node = self.under(f"theme/{n}")
            self.ids[theme.id] = node
            self.add(node, RDF.type, CG.Theme)
            self.labels(node, theme.heading_zh, theme.heading_en)
            self.add(node, SKOS.prefLabel, _zh(theme.heading_zh))
            self.add(node, SKOS.inScheme, self.scheme)
            self.add(node, SKOS.topConceptOf, self.scheme)
            self.add(node, CG.order, Literal(t_index))
            self.add(node, CG.reportedIn, self.report)
            self.evidence(node, theme.spans)
            for a_index, area in enumerate(theme.work_areas, start=1):
                m = self.number(area.id, a_index, minor=True)
                area_node = URIRef(f"{node}/area/{m}")
                self.ids[area.id] = area_node
                self.add(area_node, RDF.type, CG.WorkArea)
                self.labels(area_node, area.lead_zh, area.lead_en)
                self.add(area_node, SKOS.prefLabel, _zh(area.lead_zh))
                self.add(area_node, SKOS.broader, node)
                self.add(area_node, SKOS.inScheme, self.scheme)
                self.add(area_node, CG.order, Literal(a_index))
                self.add(area_node, CG.reportedIn, self.report)
                self.evidence(area_node, area.spans)

    def write_organisations(self) -> None:
        for org in self.x.organizations:
            if org.canonical_zh:
                node = CGD[f"org/{slug(org.canonical_zh)}"]
            else:
                node = CGD[f"org/{self.court_slug}/{slug(org.mention_zh)}"]
            self.ids[org.id] = node
            self.add(node, RDF.type, CG.Organisation)
            self.labels(node, org.mention_zh, org.name_en)
            self.add(node, CG.mention, _zh(org.mention_zh))
            for other in org.also_zh:
                if other != org.mention_zh:
                    self.name(node, SKOS.altLabel, other)
            if org.canonical_zh:
                self.name(node, CG.canonicalName, org.canonical_zh)
            self.add(node, CG.orgKind, _vocab("org-kind", org.kind))
            self.add(node, CG.role, _vocab("role", org.role))
            self.add(node, CG.reportedIn, self.report)
            self.evidence(node, org.spans)

    def write_cases_ids(self) -> None:
        # awards may name a case as recipient before the cases are written
        for c_index, case in enumerate(self.x.cases, start=1):
            self.ids[case.id] = self.under(f"case/{self.number(case.id, c_index)}")
        for a_index, award in enumerate(self.x.awards, start=1):
            self.ids[award.id] = self.under(f"award/{self.number(award.id, a_index)}")
        for init in self.x.initiatives:
            self.ids[init.id] = CGD[f"initiative/{self.court_slug}/{slug(init.name_zh)}"]
        for doc in self.x.documents:
            self.ids[doc.id] = CGD[f"document/{self.court_slug}/{slug(doc.title_zh)}"]

    def write_metrics(self) -> None:
        for m_index, metric in enumerate(self.x.metrics, start=1):
            node = self.under(f"metric/{self.number(metric.id, m_index)}")
            self.ids[metric.id] = node
            unit_en = metric.unit or metric.unit_zh
            self.add(node, RDF.type, CG.Quantity)
            self.labels(
                node,
                f"{metric.measure_zh}：{metric.approx or ''}{_plain(metric.value)}{metric.unit_zh}",
                f"{metric.measure_en}: {_plain(metric.value)} {unit_en}" if metric.measure_en else None,
            )
            self.add(node, SCHEMA.value, decimal_literal(metric.value))
            self.add(node, CG.unitAsWritten, Literal(metric.unit_zh))
            if metric.unit:
                self.add(node, SCHEMA.unitText, Literal(metric.unit))
            if metric.value_normalized is not None:
                self.add(node, CG.normalizedValue, decimal_literal(metric.value_normalized))
            self.add(node, CG.measure, _zh(metric.measure_zh))
            if metric.measure_en:
                self.add(node, CG.measure, _en(metric.measure_en))
            if metric.approx:
                self.add(node, CG.approximation, _zh(metric.approx))
            if metric.rank_zh:
                self.add(node, CG.rank, _zh(metric.rank_zh))
            if metric.change is not None:
                change = metric.change
                c_node = URIRef(f"{node}/change")
                self.add(node, CG.change, c_node)
                self.add(c_node, RDF.type, CG.Change)
                arrow = "上升" if change.direction == "up" else "下降"
                self.labels(
                    c_node,
                    f"{change.basis}{arrow}{_plain(change.value)}{change.unit_zh}",
                    f"{change.direction} {_plain(change.value)} {change.unit_zh}",
                )
                self.add(c_node, SCHEMA.value, decimal_literal(change.value))
                self.add(c_node, CG.unitAsWritten, Literal(change.unit_zh))
                self.add(c_node, CG.direction, _vocab("direction", change.direction))
                self.add(c_node, CG.basis, _zh(change.basis))
                self.evidence(c_node, change.spans)
            self.add(node, CG.reportedIn, self.report)
            self.evidence(node, metric.spans)
        # attachments point at work areas and initiatives, whose IRIs are all known by now
        for metric in self.x.metrics:
            if metric.attached_to and metric.attached_to in self.ids:
                self.add(self.ids[metric.id], CG.attachedTo, self.ids[metric.attached_to])

    def write_documents(self) -> None:
        for doc in self.x.documents:
            node = self.ids[doc.id]
            self.add(node, RDF.type, CG.Document)
            self.labels(node, doc.title_zh, None)
            self.add(node, DCTERMS.title, _zh(doc.title_zh))
            self.add(node, CG.documentKind, _vocab("document-kind", doc.kind))
            if doc.action_zh:
                self.add(node, CG.action, _zh(doc.action_zh))
            self.place_in_area(node, doc.work_area)
            self.add(node, CG.reportedIn, self.report)
            self.evidence(node, doc.spans)
            if doc.action_zh:
                self.add(self.court, CG.issued, node)
                issuance = self.qualified(self.court, CG.qualifiedIssuance, CG.DocumentIssuance, node, doc.spans)
                self.add(issuance, CG.action, _zh(doc.action_zh))

    def write_initiatives(self) -> None:
        for init in self.x.initiatives:
            node = self.ids[init.id]
            self.add(node, RDF.type, CG.Initiative)
            self.labels(node, init.name_zh, init.name_en)
            self.add(node, CG.mention, _zh(init.mention_zh))
            self.add(node, CG.initiativeType, _vocab("initiative-type", init.type))
            self.place_in_area(node, init.work_area)
            for text in init.outcome_text_zh:
                self.add(node, CG.outcomeText, _zh(text))
            for claim in init.firsts:
                self.add(node, CG.firstClaim, _zh(claim))
            self.add(node, CG.reportedIn, self.report)
            self.evidence(node, init.spans)
            if init.source_zh and not any(s.sentence in self.sentences for s in init.spans):
                self.quoted_sentence(node, init.source_zh)
            for partner_id in init.partners:
                partner = self.ids.get(partner_id)
                if partner is None:
                    continue
                self.add(node, CG.partner, partner)
                self.qualified(node, CG.qualifiedPartnership, CG.Partnership, partner, self.shared_spans(node, partner))
            for court_id in init.run_by:
                self.add(node, CG.runBy, self.ids.get(court_id))
            for implied in init.implied_partners:
                # a body the name implies (府院联动): the same node as when a report names it,
                # its partnership marked implied, with the initiative's own evidence
                partner = CGD[f"org/{slug(implied.canonical_zh)}"]
                self.add(partner, RDF.type, CG.Organisation)
                self.labels(partner, implied.canonical_zh, implied.name_en)
                self.add(partner, CG.mention, _zh(implied.canonical_zh))
                self.add(partner, CG.canonicalName, _zh(implied.canonical_zh))
                self.add(partner, CG.orgKind, _vocab("org-kind", implied.kind))
                self.add(partner, CG.role, _vocab("role", "partner"))
                self.add(partner, CG.reportedIn, self.report)
                self.add(node, CG.partner, partner)
                link = self.qualified(node, CG.qualifiedPartnership, CG.Partnership, partner, init.spans[:1])
                self.add(link, CG.implied, Literal(True))
            for metric_id in init.outcomes:
                metric = self.ids.get(metric_id)
                if metric is None:
                    continue
                self.add(node, CG.outcome, metric)
                self.qualified(node, CG.qualifiedOutcome, CG.OutcomeAttribution, metric, self.shared_spans(node, metric))

    def write_awards(self) -> None:
        for award in self.x.awards:
            node = self.ids[award.id]
            self.add(node, RDF.type, CG.Award)
            self.labels(node, award.name_zh, None)
            self.add(node, CG.level, _vocab("level", award.level))
            self.add(node, CG.reportedIn, self.report)
            self.evidence(node, award.spans)
            recipient = self.ids.get(award.recipient or "")
            if recipient is not None:
                self.add(node, CG.recipient, recipient)
                self.qualified(node, CG.qualifiedRecipient, CG.AwardConferral, recipient, award.spans)

    def write_cases(self) -> None:
        for case in self.x.cases:
            node = self.ids[case.id]
            self.add(node, RDF.type, CG.Case)
            self.labels(node, case.mention_zh, None)
            self.add(node, CG.mention, _zh(case.mention_zh))
            self.add(node, CG.award, self.ids.get(case.award or ""))
            self.add(node, CG.reportedIn, self.report)
            self.evidence(node, case.spans)

    def write_concepts(self) -> None:
        for concept in self.x.concepts:
            node = CGD[f"concept/{slug(concept.name_zh)}"]
            self.ids[concept.id] = node
            self.add(node, RDF.type, CG.PolicyConcept)
            self.labels(node, concept.name_zh, None)
            self.add(node, SKOS.prefLabel, _zh(concept.name_zh))
            self.add(node, CG.mention, _zh(concept.mention_zh))
            self.add(node, CG.reportedIn, self.report)
            self.evidence(node, concept.spans)


def _plain(value: Any) -> str:
    """A number as a person writes it: 10093, 24.8 (never 10093.0)."""
    number = Decimal(str(value))
    if number == number.to_integral_value():
        return str(number.quantize(Decimal(1)))
    return format(number.normalize(), "f")
