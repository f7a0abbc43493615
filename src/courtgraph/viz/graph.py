"""RDF → the view's networkx graph: which nodes, which edges, what the panel shows.

Driven by ``rdf:type`` and the properties of docs/graph-contract.md only, so any report's
graph maps the same way. The ontology's terms come from the closed namespace
(``courtgraph.namespace``), which rdflib carries, so they are looked up on first use; rdflib
and networkx are imported inside the functions, and importing the view stays light.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from courtgraph.errors import InputError, QueryError

if TYPE_CHECKING:
    import networkx as nx
    from rdflib import Graph

__all__ = [
    "NodeClass", "NODE_CLASSES", "RELATIONS", "PROPERTY_LABELS", "to_view_graph", "union_graph", "query_nodes",
    "default_title", "unread_predicates", "ViewTriples",
]

_RDFS = "http://www.w3.org/2000/01/rdf-schema#"
_SKOS = "http://www.w3.org/2004/02/skos/core#"
_DCT = "http://purl.org/dc/terms/"
_SCHEMA = "https://schema.org/"
_OA = "http://www.w3.org/ns/oa#"


class _Ontology:
    """``courtgraph.namespace.CG`` as plain strings, loaded (with rdflib) on first use.

    A closed namespace: ``CG.Misspelt`` raises ``AttributeError``.
    """

    def __getattr__(self, name: str) -> str:
        from courtgraph.namespace import CG as closed

        term = str(getattr(closed, name))
        self.__dict__[name] = term  # made once: the view asks for terms millions of times in a corpus
        return term


CG = _Ontology()


@dataclass(frozen=True)
class NodeClass:
    """How one ontology class looks in the view."""

    key: str
    term: str  # the class's local name in the ontology (cg:)
    zh: str
    en: str
    color: str
    shape: str  # a vis-network shape that puts the label below, so size can follow degree
    # in the opening view ("who works with whom on what"); the rest is a layer the reader turns on
    opening: bool = True

    @property
    def iri(self) -> str:
        return getattr(CG, self.term)


# Order matters: it is the legend's order, and the first match wins for a node with two types.
NODE_CLASSES: tuple[NodeClass, ...] = (
    NodeClass("court", "Court", "法院", "Court", "#c0392b", "star"),
    NodeClass("report", "WorkReport", "工作报告", "Work report", "#7f8c8d", "hexagon", opening=False),
    NodeClass("theme", "Theme", "主题", "Theme", "#8e44ad", "hexagon"),
    NodeClass("workarea", "WorkArea", "工作领域", "Work area", "#b07cc6", "triangle", opening=False),
    NodeClass("initiative", "Initiative", "举措", "Initiative", "#2471a3", "dot"),
    NodeClass("organisation", "Organisation", "机构", "Organisation", "#229954", "diamond"),
    NodeClass("quantity", "Quantity", "数据", "Quantity", "#e67e22", "triangleDown", opening=False),
    NodeClass("document", "Document", "文件", "Document", "#17a589", "square", opening=False),
    NodeClass("award", "Award", "荣誉", "Award", "#d4ac0d", "star", opening=False),
    NodeClass("case", "Case", "案件", "Case", "#8d6e63", "square", opening=False),
)

# relation key -> (zh, en); an edge A -rel-> B reads "A rel B".
RELATIONS: dict[str, tuple[str, str]] = {
    "partner": ("合作单位", "partner"),
    "outcome": ("成效", "outcome"),
    "figure": ("数据", "figure"),
    "in-work-area": ("所属领域", "in work area"),
    "in-theme": ("所属主题", "in theme"),
    "in-report": ("所属报告", "in report"),
    "report-of": ("报告法院", "report of"),
    "issued": ("发布", "issued"),
    "award": ("获奖", "award"),
    "leads": ("领导", "leads"),
    "supervises": ("监督", "supervises"),
}


def _edge_predicates() -> tuple[tuple[str, str, bool], ...]:
    """predicate -> (relation, reversed?). Reversing recipient and attachedTo makes them coincide
    with cg:award and cg:outcome, so the same fact stated both ways is drawn once."""
    return (
        (CG.partner, "partner", False),
        (CG.outcome, "outcome", False),
        (CG.attachedTo, "figure", True),
        (CG.inWorkArea, "in-work-area", False),
        (CG.inTheme, "in-theme", False),
        (_SKOS + "broader", "in-theme", False),
        (_SKOS + "topConceptOf", "in-report", False),
        (_SKOS + "inScheme", "in-report", False),
        (CG.court, "report-of", False),
        (CG.issued, "issued", False),
        (CG.award, "award", False),
        (CG.recipient, "award", True),
    )

# property key -> (zh, en), in panel order
PROPERTY_LABELS: dict[str, tuple[str, str]] = {
    "value": ("数值", "value"),
    "measure": ("统计项", "measure"),
    "approximation": ("约数", "approximation"),
    "change": ("变化", "change"),
    "rank": ("排名", "rank"),
    "normalized": ("换算值", "normalised value"),
    "level": ("级别", "level"),
    "canonical": ("规范名称", "canonical name"),
    "org-kind": ("机构类别", "kind of body"),
    "role": ("角色", "role"),
    "also": ("又称", "also called"),
    "initiative-type": ("举措类型", "type"),
    "first": ("首创", "first claim"),
    "outcome-text": ("成效描述", "outcome (text)"),
    "outcome-none": ("成效", "outcome"),
    "title": ("标题", "title"),
    "document-kind": ("文件类别", "kind of document"),
    "action": ("动作", "action"),
    "year": ("年度", "year"),
    "located-in": ("所在地", "located in"),
    "iri": ("IRI", "IRI"),
}

def unread_predicates() -> frozenset[str]:
    """Predicates no part of the view reads (the selectors' source and end offsets, the
    qualified relations' nodes): a large graph is loaded for the view without them."""
    return frozenset(
        {
            _OA + "hasSource",
            _OA + "end",
            CG.target,
            CG.qualifiedOutcome,
            CG.qualifiedPartnership,
            CG.qualifiedRecipient,
            CG.qualifiedIssuance,
        }
    )


_LEVEL_ZH = {"national": "国家级", "provincial": "省级", "municipal": "市级", "county": "县级"}
_DIRECTION = {"up": "上升", "down": "下降"}


def to_view_graph(dataset: Graph | ViewTriples, *, detailed: set[str] | None = None) -> nx.MultiDiGraph:
    """The graph as the view sees it: one networkx node per court, theme, work area, …

    Node attributes: ``kind`` (a key of :data:`NODE_CLASSES`), ``iri``, ``label_zh``,
    ``label_en`` (``None`` where the graph has no English label), ``names`` (every name, for
    search), ``properties`` (``[key, text]`` pairs, keys from ``PROPERTY_LABELS``),
    ``themes`` (theme IRIs the node belongs to, for the theme filter) and ``sentences``
    (``{"text": …, "marks": [[start, end], …]}``: the source sentences, with the mention's
    offsets inside each). Edges are keyed by relation (a key of :data:`RELATIONS`).

    Works on an rdflib ``Graph`` or ``Dataset`` (all named graphs are read together).
    ``detailed``: the kinds whose names, properties and sentences are read (default: all); a
    node of another kind gets its labels only.
    """
    import networkx as nx
    from rdflib import RDF, Literal, URIRef

    g: Any = union_graph(dataset)  # a Graph or ViewTriples: the view reads both alike
    view = nx.MultiDiGraph()
    kinds: dict[Any, str] = {}
    for cls in NODE_CLASSES:
        for subject in g.subjects(RDF.type, URIRef(cls.iri)):
            if isinstance(subject, URIRef) and subject not in kinds:
                kinds[subject] = cls.key
    order = {c.key: i for i, c in enumerate(NODE_CLASSES)}
    for node in sorted(kinds, key=lambda n: (order[kinds[n]], str(n))):
        kind = kinds[node]
        label_zh, label_en = _labels(g, node)
        full = detailed is None or kind in detailed
        names = _names(g, node, label_zh, label_en) if full else [label_zh]
        view.add_node(
            str(node),
            kind=kind,
            iri=str(node),
            label_zh=label_zh,
            label_en=label_en,
            names=names,
            properties=_properties(g, node, kind) if full else [],
            sentences=_sentences(g, node, names) if full else [],
            order=_order(g, node),
            themes=[],
            **(_org_kind(g, node) if kind in ("organisation", "court") else {}),
        )
        if kind == "report":
            year = _one(g, node, CG.year)
            view.nodes[str(node)]["year"] = str(year) if year is not None else None

    # a theme points at its report's concept scheme; the report names that scheme
    report_of_scheme = {o: s for s, o in g.subject_objects(URIRef(CG.themeScheme)) if s in kinds}
    edges: set[tuple[str, str, str]] = set()
    for predicate, relation, reverse in _edge_predicates():
        for s, o in g.subject_objects(URIRef(predicate)):
            if relation == "in-report":
                if kinds.get(s) != "theme":
                    continue
                o = o if kinds.get(o) == "report" else report_of_scheme.get(o, o)
            if s not in kinds or o not in kinds or isinstance(o, Literal):
                continue
            a, b = (str(o), str(s)) if reverse else (str(s), str(o))
            if relation == "figure" and view.nodes[a]["kind"] == "initiative":
                relation_here = "outcome"  # a figure of an initiative is what it achieved
            else:
                relation_here = relation
            edges.add((a, b, relation_here))
    # an organisation that leads or supervises the court is drawn linked to the court of each
    # report that says so, so that no body of the report floats alone
    from courtgraph.namespace import VOCAB

    role_relation = {VOCAB["role"]["leadership"]: "leads", VOCAB["role"]["supervisor"]: "supervises"}
    for org, role in g.subject_objects(URIRef(CG.role)):
        role_edge = role_relation.get(str(role))
        if role_edge is None or kinds.get(org) != "organisation":
            continue
        for report in g.objects(org, URIRef(CG.reportedIn)):
            for court in g.objects(report, URIRef(CG.court)):
                if kinds.get(court) == "court":
                    edges.add((str(org), str(court), role_edge))
    for a, b, relation in sorted(edges):
        zh, en = RELATIONS[relation]
        view.add_edge(a, b, key=relation, relation=relation, label_zh=zh, label_en=en)
    _assign_themes(view)
    # the theme filter names the themes of every node; a view cut down by a query keeps these
    # (graph attributes survive the cut) even when it drops the theme nodes
    view.graph["themes"] = {
        n: {"label_zh": d["label_zh"], "label_en": d["label_en"], "order": d["order"]}
        for n, d in view.nodes(data=True) if d["kind"] == "theme"
    }
    return view


# --- reading the RDF -------------------------------------------------------------------------


class ViewTriples:
    """rdflib terms indexed the way the view reads them, for a corpus's view.

    rdflib's memory store indexes each triple three times over in nested dictionaries, one
    small dictionary per subject, predicate and object: the view of 1,000 reports held about
    4 GB that way. This keeps, for each predicate, its subjects and their object (a list when
    there are several). Only what the view asks is answered (:meth:`objects`,
    :meth:`subject_objects`, :meth:`subjects`): subjects in the order first seen with the
    predicate, each one's objects in the order added. A triple
    added twice is kept twice: the build adds each of its lines once, and the view reads values
    as sets.
    """

    def __init__(self) -> None:
        self._by_predicate: dict[Any, dict[Any, Any]] = {}

    def add(self, triple: tuple[Any, Any, Any]) -> None:
        subject, predicate, obj = triple
        subjects = self._by_predicate.get(predicate)
        if subjects is None:
            subjects = self._by_predicate[predicate] = {}
        found = subjects.get(subject, _NONE)
        if found is _NONE:
            subjects[subject] = obj  # most subjects have one value of a predicate: no list for it
        elif type(found) is list:
            found.append(obj)
        else:
            subjects[subject] = [found, obj]

    def objects(self, subject: Any, predicate: Any) -> Iterator[Any]:
        found = self._by_predicate.get(predicate, {}).get(subject, _NONE)
        if found is _NONE:
            return iter(())
        return iter(found) if type(found) is list else iter((found,))

    def subject_objects(self, predicate: Any) -> Iterator[tuple[Any, Any]]:
        for subject, found in self._by_predicate.get(predicate, {}).items():
            for obj in found if type(found) is list else (found,):
                yield subject, obj

    def subjects(self, predicate: Any, obj: Any) -> Iterator[Any]:
        for subject, found in self._by_predicate.get(predicate, {}).items():
            if (obj in found) if type(found) is list else obj == found:
                yield subject

    def __len__(self) -> int:
        return sum(len(found) if type(found) is list else 1 for subjects in self._by_predicate.values() for found in subjects.values())


_NONE = object()  # no value yet (None is never a term, but a sentinel says so plainly)


def union_graph(dataset: Any) -> Graph | ViewTriples:
    """Every triple of every named graph in one plain graph (the view ignores graph names)."""
    from rdflib import Graph
    from rdflib.graph import ConjunctiveGraph

    if isinstance(dataset, ViewTriples):
        return dataset
    if isinstance(dataset, ConjunctiveGraph):  # Dataset is a ConjunctiveGraph too
        union = Graph()
        for s, p, o, _ in dataset.quads((None, None, None, None)):
            union.add((s, p, o))
        return union
    if isinstance(dataset, Graph):
        return dataset
    raise InputError(f"expected an rdflib Graph or Dataset, got {type(dataset).__name__}")


@lru_cache(maxsize=None)
def _iri(value: str) -> Any:
    """``value`` as an rdflib IRI, made once: the helpers below look predicates up millions of
    times in a corpus, and rdflib checks an IRI each time it makes one."""
    from rdflib import URIRef

    return URIRef(value)


@lru_cache(maxsize=None)
def _literal_class() -> Any:
    from rdflib import Literal

    return Literal


def _literals(g: Graph, node: Any, predicate: str) -> list[Any]:
    literal = _literal_class()
    return [o for o in g.objects(node, _iri(predicate)) if isinstance(o, literal)]


def _pick(literals: Iterable[Any], lang: str | None) -> str | None:
    """The smallest matching literal, so a node with two labels always shows the same one."""
    if lang is None:
        found = sorted(str(lit) for lit in literals if not lit.language)
    else:
        found = sorted(str(lit) for lit in literals if (lit.language or "").lower().startswith(lang))
    return found[0] if found else None


def _labels(g: Graph, node: Any) -> tuple[str, str | None]:
    labels = _literals(g, node, _RDFS + "label") + _literals(g, node, _SKOS + "prefLabel")
    zh = _pick(labels, "zh") or _pick(labels, None)
    if zh is None:
        zh = _pick(_literals(g, node, _DCT + "title"), "zh") or _pick(_literals(g, node, _DCT + "title"), None)
    if zh is None:
        zh = _pick(labels, "") or local_name(node)
    return zh, _pick(labels, "en")


def _names(g: Graph, node: Any, label_zh: str, label_en: str | None) -> list[str]:
    names = {label_zh}
    if label_en:
        names.add(label_en)
    for predicate in (
        _RDFS + "label",
        _SKOS + "prefLabel",
        _SKOS + "altLabel",
        CG.canonicalName,
        _DCT + "title",
        CG.mention,
    ):
        names.update(str(lit) for lit in _literals(g, node, predicate))
    return sorted(names)


def local_name(node: Any) -> str:
    text = str(node).rstrip("/#")
    return re.split(r"[/#]", text)[-1] or text


def _value_text(g: Graph, value: Any) -> str:
    """A literal as written; an IRI as its Chinese label, else the last segment of the IRI."""
    if isinstance(value, _literal_class()):
        return str(value)
    labels = _literals(g, value, _RDFS + "label") + _literals(g, value, _SKOS + "prefLabel")
    return _pick(labels, "zh") or _pick(labels, None) or local_name(value)


def _one(g: Graph, node: Any, predicate: str) -> Any:
    values = sorted(g.objects(node, _iri(predicate)), key=str)
    return values[0] if values else None


def _texts(g: Graph, node: Any, predicate: str) -> list[str]:
    return sorted({_value_text(g, v) for v in g.objects(node, _iri(predicate))})


def _order(g: Graph, node: Any) -> int | None:
    value = _one(g, node, CG.order)
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def _number(g: Graph, node: Any, predicate: str) -> str | None:
    value = _one(g, node, predicate)
    if value is None:
        return None
    text = str(value)
    # xsd:decimal keeps trailing zeros ("10093.0"); the report wrote 10093
    return text[:-2] if text.endswith(".0") else text


def _coded(g: Graph, node: Any, predicate: str) -> list[str]:
    """A controlled-vocabulary value: its Chinese label and its code (``国家级 (national)``)."""
    out = []
    for value in sorted(set(g.objects(node, _iri(predicate))), key=str):
        code = local_name(value)
        label = _value_text(g, value)
        if label == code and code in _LEVEL_ZH:
            label = _LEVEL_ZH[code]
        out.append(code if label == code else f"{label} ({code})")
    return out


def _properties(g: Graph, node: Any, kind: str) -> list[list[str]]:
    props: list[list[str]] = []

    def add(key: str, values: Iterable[str | None]) -> None:
        for value in values:
            if value:
                props.append([key, value])

    if kind == "quantity":
        value = _number(g, node, _SCHEMA + "value")
        unit = _one(g, node, CG.unitAsWritten)
        approx = _one(g, node, CG.approximation)
        if value is not None:
            add("value", [f"{value}{approx or ''} {unit or ''}".strip()])
        add("measure", _texts(g, node, CG.measure))
        add("approximation", [str(approx) if approx is not None else None])
        change = _one(g, node, CG.change)
        if change is not None:
            parts = [
                _one(g, change, CG.basis),
                _DIRECTION.get(local_name(_one(g, change, CG.direction) or ""), ""),
                _number(g, change, _SCHEMA + "value"),
                _one(g, change, CG.unitAsWritten),
            ]
            add("change", [" ".join(str(p) for p in parts if p)])
        add("rank", _texts(g, node, CG.rank))
        normalized = _number(g, node, CG.normalizedValue)
        if normalized is not None:
            add("normalized", [f"{normalized} {_one(g, node, _SCHEMA + 'unitText') or ''}".strip()])
    elif kind == "award":
        add("level", _coded(g, node, CG.level))
    elif kind in ("organisation", "court"):
        add("canonical", _texts(g, node, CG.canonicalName))
        add("org-kind", _coded(g, node, CG.orgKind))
        add("role", _coded(g, node, CG.role))
        add("also", _texts(g, node, _SKOS + "altLabel"))
        add("located-in", _texts(g, node, CG.locatedIn))
    elif kind == "initiative":
        add("initiative-type", _coded(g, node, CG.initiativeType))
        add("first", _texts(g, node, CG.firstClaim))
        add("outcome-text", _texts(g, node, CG.outcomeText))
        if not _texts(g, node, CG.outcomeText) and not _texts(g, node, CG.outcome):
            # say so rather than leave a blank: the report states no result for it
            add("outcome-none", ["报告未载明成效 · none stated"])
    elif kind == "document":
        add("title", _texts(g, node, _DCT + "title"))
        add("document-kind", _coded(g, node, CG.documentKind))
        add("action", _texts(g, node, CG.action))
    elif kind == "report":
        add("year", _texts(g, node, CG.year))
    props.append(["iri", str(node)])
    return props


def _org_kind(g: Graph, node: Any) -> dict[str, Any]:
    """A body's kind as the corpus summary groups it: the code (``government-bureau``) and its
    zh/en labels from the vocabulary; a body of no stated kind is ``other``."""
    value = _one(g, node, CG.orgKind)
    if value is None:
        return {"org_kind": "other", "org_kind_zh": "其他", "org_kind_en": "other"}
    labels = _literals(g, value, _RDFS + "label") + _literals(g, value, _SKOS + "prefLabel")
    code = local_name(value)
    return {
        "org_kind": code,
        "org_kind_zh": _pick(labels, "zh") or code,
        "org_kind_en": _pick(labels, "en") or code.replace("-", " "),
    }


def _selectors(g: Graph, span: Any) -> list[Any]:
    """A span's selectors, including ones refined by another (oa:refinedBy)."""
    found: list[Any] = []
    todo = list(g.objects(span, _iri(_OA + "hasSelector")))
    while todo:
        selector = todo.pop()
        if selector in found:
            continue
        found.append(selector)
        todo.extend(g.objects(selector, _iri(_OA + "refinedBy")))
    return found


def _sentences(g: Graph, node: Any, names: list[str]) -> list[dict[str, Any]]:
    """The source sentences behind a node, in text order, each with the mentions marked.

    A sentence comes from a span (``cg:evidence/cg:inSentence``; the span's quote is the
    mention) or is given directly (``cg:sourceSentence``, when no offsets are known; then
    any of the node's names found in it is the mention).
    """
    found: dict[Any, dict[str, Any]] = {}

    def note(sentence: Any, quotes: Iterable[str], start: int | None) -> None:
        texts = _literals(g, sentence, CG.text)
        text = _pick(texts, "zh") or _pick(texts, None)
        if not text:
            return
        if start is None:
            position = _one(g, sentence, _OA + "start")
            for selector in _selectors(g, sentence):
                position = position if position is not None else _one(g, selector, _OA + "start")
            start = int(position) if position is not None else None
        entry = found.setdefault(sentence, {"text": text, "marks": set(), "order": start})
        if start is not None and (entry["order"] is None or start < entry["order"]):
            entry["order"] = start
        for quote in quotes:
            at = text.find(quote) if quote else -1
            if at >= 0:
                entry["marks"].add((at, at + len(quote)))

    for span in g.objects(node, _iri(CG.evidence)):
        quotes: list[str] = []
        start: int | None = None
        for selector in _selectors(g, span):
            quotes.extend(str(q) for q in _literals(g, selector, _OA + "exact"))
            position = _one(g, selector, _OA + "start")
            if position is not None:
                start = int(position)
        for sentence in g.objects(span, _iri(CG.inSentence)):
            note(sentence, quotes, start)
    longest_first = sorted(names, key=lambda n: (-len(n), n))
    for sentence in g.objects(node, _iri(CG.sourceSentence)):
        texts = _literals(g, sentence, CG.text)
        text = _pick(texts, "zh") or _pick(texts, None) or ""
        hit = next((name for name in longest_first if name and name in text), None)
        note(sentence, [hit] if hit else [], None)
    ordered = sorted(found.items(), key=lambda item: (item[1]["order"] is None, item[1]["order"] or 0, str(item[0])))
    return [{"text": e["text"], "marks": [list(m) for m in sorted(e["marks"])]} for _, e in ordered]


def _assign_themes(view: nx.MultiDiGraph) -> None:
    """Give every node the themes it belongs to, walking out from the themes along the edges."""
    kind = {n: d["kind"] for n, d in view.nodes(data=True)}
    themes: dict[str, set[str]] = {n: ({n} if k == "theme" else set()) for n, k in kind.items()}

    def pull(target_kind: str, relation: str, *, outgoing: bool) -> None:
        for node in (n for n, k in kind.items() if k == target_kind):
            if outgoing:
                neighbours = [v for _, v, r in view.out_edges(node, keys=True) if r == relation]
            else:
                neighbours = [u for u, _, r in view.in_edges(node, keys=True) if r == relation]
            for other in neighbours:
                themes[node] |= themes[other]

    pull("workarea", "in-theme", outgoing=True)
    for k in ("initiative", "document"):
        pull(k, "in-work-area", outgoing=True)
    pull("quantity", "outcome", outgoing=False)
    pull("quantity", "figure", outgoing=False)
    pull("organisation", "partner", outgoing=False)
    pull("award", "award", outgoing=False)
    pull("case", "award", outgoing=True)
    for node in view:
        view.nodes[node]["themes"] = sorted(themes[node])


def query_nodes(dataset: Graph, query: str) -> set[str]:
    """The IRIs a SELECT or CONSTRUCT result mentions."""
    from rdflib import URIRef

    from courtgraph.query import QueryKind, check_query, run_query

    if check_query(query) is QueryKind.ASK:
        raise QueryError("the view needs a SELECT, CONSTRUCT or DESCRIBE query, got ASK")
    # the same checks, prefixes and guard as `courtgraph query` (SERVICE and LOAD refused)
    result = run_query(query, union_graph(dataset))  # type: ignore[arg-type]
    rows: Iterable[Any] = result.rows if result.kind is QueryKind.SELECT else (result.graph or ())
    return {str(term) for row in rows for term in row if isinstance(term, URIRef)}


def default_title(view: nx.MultiDiGraph) -> str:
    """The report names (else the court names): what the page is about."""
    reports = sorted(d.get("label_zh") or n for n, d in view.nodes(data=True) if d["kind"] == "report")
    if len(reports) > 3:  # a corpus: a hundred names would fill the screen above the network
        court_count = sum(1 for _, d in view.nodes(data=True) if d["kind"] == "court")
        years = sorted(d["year"] for _, d in view.nodes(data=True) if d["kind"] == "report" and d.get("year"))
        span = f"，{years[0]}–{years[-1]}年" if years and years[0] != years[-1] else (f"，{years[0]}年" if years else "")
        return f"{len(reports)}份法院工作报告（{court_count}个法院{span}）"
    if reports:
        return "；".join(reports)
    courts = sorted(d.get("label_zh") or n for n, d in view.nodes(data=True) if d["kind"] == "court")
    return "；".join(courts) or "courtgraph"
