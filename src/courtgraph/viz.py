"""The interactive network view: one self-contained HTML page per graph.

``RDF graph → to_view_graph() → networkx MultiDiGraph → pyvis Network → HTML``.

The page carries everything it needs inline (vis-network, its CSS, our script and the
data), so it opens from disk with no network at all. The layout is computed here with
networkx and a fixed seed, so the page appears arranged at once and the same graph
always gives a byte-identical file.

Report text only ever reaches the page as JSON inside a ``<script type="application/json">``
element (with ``<``, ``>``, ``&``, U+2028 and U+2029 escaped) and the page's script writes
it with ``textContent``; a name such as ``<script>`` therefore shows as text.

>>> import networkx as nx
>>> g = nx.MultiDiGraph()
>>> g.add_node("urn:x", kind="court", label_zh="某法院")
>>> "某法院" in render_html(g)
True
"""

from __future__ import annotations

import json
import math
import os
import re
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from courtgraph.errors import InputError, QueryError, StoreError

if TYPE_CHECKING:  # heavy imports stay out of ``import courtgraph``
    import networkx as nx
    from IPython.display import HTML
    from rdflib import Graph

__all__ = ["NODE_CLASSES", "RELATIONS", "to_view_graph", "render_html", "write_html", "show"]

CG = "https://w3id.org/courtgraph/ontology#"
_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_RDFS = "http://www.w3.org/2000/01/rdf-schema#"
_SKOS = "http://www.w3.org/2004/02/skos/core#"
_DCT = "http://purl.org/dc/terms/"
_SCHEMA = "https://schema.org/"
_OA = "http://www.w3.org/ns/oa#"


@dataclass(frozen=True)
class NodeClass:
    """How one ontology class looks in the view."""

    key: str
    iri: str
    zh: str
    en: str
    color: str
    shape: str  # a vis-network shape that puts the label below, so size can follow degree


# Order matters: it is the legend's order, and the first match wins for a node with two types.
NODE_CLASSES: tuple[NodeClass, ...] = (
    NodeClass("court", CG + "Court", "法院", "Court", "#c0392b", "star"),
    NodeClass("report", CG + "WorkReport", "工作报告", "Work report", "#7f8c8d", "hexagon"),
    NodeClass("theme", CG + "Theme", "主题", "Theme", "#8e44ad", "hexagon"),
    NodeClass("workarea", CG + "WorkArea", "工作领域", "Work area", "#b07cc6", "triangle"),
    NodeClass("initiative", CG + "Initiative", "举措", "Initiative", "#2471a3", "dot"),
    NodeClass("organisation", CG + "Organisation", "机构", "Organisation", "#229954", "diamond"),
    NodeClass("quantity", CG + "Quantity", "数据", "Quantity", "#e67e22", "triangleDown"),
    NodeClass("document", CG + "Document", "文件", "Document", "#17a589", "square"),
    NodeClass("award", CG + "Award", "荣誉", "Award", "#d4ac0d", "star"),
    NodeClass("case", CG + "Case", "案件", "Case", "#8d6e63", "square"),
)
_CLASS_BY_KEY = {c.key: c for c in NODE_CLASSES}

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
}

# predicate -> (relation, reversed?). Reversing recipient and attachedTo makes them coincide
# with cg:award and cg:outcome, so the same fact stated both ways is drawn once.
_EDGE_PREDICATES: tuple[tuple[str, str, bool], ...] = (
    (CG + "partner", "partner", False),
    (CG + "outcome", "outcome", False),
    (CG + "attachedTo", "figure", True),
    (CG + "inWorkArea", "in-work-area", False),
    (_SKOS + "broader", "in-theme", False),
    (_SKOS + "topConceptOf", "in-report", False),
    (_SKOS + "inScheme", "in-report", False),
    (CG + "court", "report-of", False),
    (CG + "issued", "issued", False),
    (CG + "award", "award", False),
    (CG + "recipient", "award", True),
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
    "title": ("标题", "title"),
    "document-kind": ("文件类别", "kind of document"),
    "action": ("动作", "action"),
    "year": ("年度", "year"),
    "located-in": ("所在地", "located in"),
    "iri": ("IRI", "IRI"),
}

_LEVEL_ZH = {"national": "国家级", "provincial": "省级", "municipal": "市级", "county": "县级"}
_DIRECTION = {"up": "上升", "down": "下降"}
_DATA_DIR = Path(__file__).parent / "data"
_TEMPLATE = "viz-template.html"


def to_view_graph(dataset: Graph) -> nx.MultiDiGraph:
    """The graph as the view sees it: one networkx node per court, theme, work area, …

    Node attributes: ``kind`` (a key of :data:`NODE_CLASSES`), ``iri``, ``label_zh``,
    ``label_en`` (``None`` where the graph has no English label), ``names`` (every name, for
    search), ``properties`` (``[key, text]`` pairs, keys from ``PROPERTY_LABELS``),
    ``themes`` (theme IRIs the node belongs to, for the theme filter) and ``sentences``
    (``{"text": …, "marks": [[start, end], …]}``: the source sentences, with the mention's
    offsets inside each). Edges are keyed by relation (a key of :data:`RELATIONS`).

    Works on an rdflib ``Graph`` or ``Dataset`` (all named graphs are read together).
    """
    import networkx as nx
    from rdflib import RDF, Literal, URIRef

    g = _union(dataset)
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
        names = _names(g, node, label_zh, label_en)
        view.add_node(
            str(node),
            kind=kind,
            iri=str(node),
            label_zh=label_zh,
            label_en=label_en,
            names=names,
            properties=_properties(g, node, kind),
            sentences=_sentences(g, node, names),
            order=_order(g, node),
            themes=[],
        )

    # a theme points at its report's concept scheme; the report names that scheme
    report_of_scheme = {o: s for s, o in g.subject_objects(URIRef(CG + "themeScheme")) if s in kinds}
    edges: set[tuple[str, str, str]] = set()
    for predicate, relation, reverse in _EDGE_PREDICATES:
        for s, o in g.subject_objects(URIRef(predicate)):
            if relation == "in-report":
                if kinds.get(s) != "theme":
                    continue
                o = o if kinds.get(o) == "report" else report_of_scheme.get(o)
            if s not in kinds or o not in kinds or isinstance(o, Literal):
                continue
            a, b = (str(o), str(s)) if reverse else (str(s), str(o))
            if relation == "figure" and view.nodes[a]["kind"] == "initiative":
                relation_here = "outcome"  # a figure of an initiative is what it achieved
            else:
                relation_here = relation
            edges.add((a, b, relation_here))
    for a, b, relation in sorted(edges):
        zh, en = RELATIONS[relation]
        view.add_edge(a, b, key=relation, relation=relation, label_zh=zh, label_en=en)
    _assign_themes(view)
    return view


def render_html(
    dataset_or_graph: Graph | nx.MultiDiGraph,
    *,
    title: str | None = None,
    query: str | None = None,
    seed: int = 7,
) -> str:
    """The whole self-contained page for a graph, as a string.

    ``dataset_or_graph`` is an rdflib graph/dataset following the graph contract, or a
    graph made by :func:`to_view_graph`. ``query`` (SPARQL SELECT or CONSTRUCT, RDF input
    only) keeps the nodes whose IRIs the result mentions, with the edges between them.
    ``seed`` fixes the layout. Raises :class:`~courtgraph.errors.QueryError` for a bad or
    refused query.
    """
    import networkx as nx

    if isinstance(dataset_or_graph, nx.Graph):
        if query is not None:
            raise QueryError("a query needs the RDF graph, not a networkx view graph")
        view = dataset_or_graph
    else:
        view = to_view_graph(dataset_or_graph)
        if query is not None:
            picked = _query_nodes(dataset_or_graph, query)
            view = view.subgraph(sorted(n for n in view if n in picked)).copy()
    page_title = title if title is not None else _default_title(view)
    return _page(view, title=page_title, seed=seed)


def write_html(
    dataset_or_graph: Graph | nx.MultiDiGraph,
    path: str | os.PathLike[str],
    *,
    title: str | None = None,
    query: str | None = None,
    seed: int = 7,
) -> Path:
    """Write :func:`render_html`'s page to ``path`` atomically and return the path."""
    page = render_html(dataset_or_graph, title=title, query=query, seed=seed)
    target = Path(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as out:
                out.write(page)
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise StoreError(f"cannot write the view to {target}: {exc.strerror or exc}") from exc
    return target


def show(
    dataset_or_graph: Graph | nx.MultiDiGraph,
    *,
    title: str | None = None,
    query: str | None = None,
    height: int = 650,
) -> HTML:
    """The page for display in Jupyter: an ``<iframe srcdoc>``, so no file or server is needed.

    Return it as a cell's last value (or pass it to ``display``) to see the network.
    """
    import html

    from IPython.display import HTML

    page = render_html(dataset_or_graph, title=title, query=query)
    frame = (
        f'<iframe srcdoc="{html.escape(page, quote=True)}" '
        f'style="width:100%;height:{int(height)}px;border:1px solid #ddd" '
        'title="courtgraph network"></iframe>'
    )
    return HTML(frame)


# --- reading the RDF -------------------------------------------------------------------------


def _union(dataset: Any) -> Graph:
    """Every triple of every named graph in one plain graph (the view ignores graph names)."""
    from rdflib import Graph
    from rdflib.graph import ConjunctiveGraph

    if isinstance(dataset, ConjunctiveGraph):  # Dataset is a ConjunctiveGraph too
        union = Graph()
        for s, p, o, _ in dataset.quads((None, None, None, None)):
            union.add((s, p, o))
        return union
    if isinstance(dataset, Graph):
        return dataset
    raise InputError(f"expected an rdflib Graph or Dataset, got {type(dataset).__name__}")


def _literals(g: Graph, node: Any, predicate: str) -> list[Any]:
    from rdflib import Literal, URIRef

    return [o for o in g.objects(node, URIRef(predicate)) if isinstance(o, Literal)]


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
        zh = _pick(labels, "") or _local_name(node)
    return zh, _pick(labels, "en")


def _names(g: Graph, node: Any, label_zh: str, label_en: str | None) -> list[str]:
    names = {label_zh}
    if label_en:
        names.add(label_en)
    for predicate in (
        _RDFS + "label",
        _SKOS + "prefLabel",
        _SKOS + "altLabel",
        CG + "canonicalName",
        _DCT + "title",
        CG + "mention",
    ):
        names.update(str(lit) for lit in _literals(g, node, predicate))
    return sorted(names)


def _local_name(node: Any) -> str:
    text = str(node).rstrip("/#")
    return re.split(r"[/#]", text)[-1] or text


def _value_text(g: Graph, value: Any) -> str:
    """A literal as written; an IRI as its Chinese label, else the last segment of the IRI."""
    from rdflib import Literal

    if isinstance(value, Literal):
        return str(value)
    labels = _literals(g, value, _RDFS + "label") + _literals(g, value, _SKOS + "prefLabel")
    return _pick(labels, "zh") or _pick(labels, None) or _local_name(value)


def _one(g: Graph, node: Any, predicate: str) -> Any:
    from rdflib import URIRef

    values = sorted(g.objects(node, URIRef(predicate)), key=str)
    return values[0] if values else None


def _texts(g: Graph, node: Any, predicate: str) -> list[str]:
    from rdflib import URIRef

    return sorted({_value_text(g, v) for v in g.objects(node, URIRef(predicate))})


def _order(g: Graph, node: Any) -> int | None:
    value = _one(g, node, CG + "order")
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
    from rdflib import URIRef

    out = []
    for value in sorted(g.objects(node, URIRef(predicate)), key=str):
        code = _local_name(value)
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
        unit = _one(g, node, CG + "unitAsWritten")
        approx = _one(g, node, CG + "approximation")
        if value is not None:
            add("value", [f"{value}{approx or ''} {unit or ''}".strip()])
        add("measure", _texts(g, node, CG + "measure"))
        add("approximation", [str(approx) if approx is not None else None])
        change = _one(g, node, CG + "change")
        if change is not None:
            parts = [
                _one(g, change, CG + "basis"),
                _DIRECTION.get(_local_name(_one(g, change, CG + "direction") or ""), ""),
                _number(g, change, _SCHEMA + "value"),
                _one(g, change, CG + "unitAsWritten"),
            ]
            add("change", [" ".join(str(p) for p in parts if p)])
        add("rank", _texts(g, node, CG + "rank"))
        normalized = _number(g, node, CG + "normalizedValue")
        if normalized is not None:
            add("normalized", [f"{normalized} {_one(g, node, _SCHEMA + 'unitText') or ''}".strip()])
    elif kind == "award":
        add("level", _coded(g, node, CG + "level"))
    elif kind in ("organisation", "court"):
        add("canonical", _texts(g, node, CG + "canonicalName"))
        add("org-kind", _coded(g, node, CG + "orgKind"))
        add("role", _coded(g, node, CG + "role"))
        add("also", _texts(g, node, _SKOS + "altLabel"))
        add("located-in", _texts(g, node, CG + "locatedIn"))
    elif kind == "initiative":
        add("initiative-type", _coded(g, node, CG + "initiativeType"))
        add("first", _texts(g, node, CG + "firstClaim"))
        add("outcome-text", _texts(g, node, CG + "outcomeText"))
    elif kind == "document":
        add("title", _texts(g, node, _DCT + "title"))
        add("document-kind", _coded(g, node, CG + "documentKind"))
        add("action", _texts(g, node, CG + "action"))
    elif kind == "report":
        add("year", _texts(g, node, CG + "year"))
    props.append(["iri", str(node)])
    return props


def _selectors(g: Graph, span: Any) -> list[Any]:
    """A span's selectors, including ones refined by another (oa:refinedBy)."""
    from rdflib import URIRef

    found: list[Any] = []
    todo = list(g.objects(span, URIRef(_OA + "hasSelector")))
    while todo:
        selector = todo.pop()
        if selector in found:
            continue
        found.append(selector)
        todo.extend(g.objects(selector, URIRef(_OA + "refinedBy")))
    return found


def _sentences(g: Graph, node: Any, names: list[str]) -> list[dict[str, Any]]:
    """The source sentences behind a node, in text order, each with the mentions marked.

    A sentence comes from a span (``cg:evidence/cg:inSentence``; the span's quote is the
    mention) or is given directly (``cg:sourceSentence``, when no offsets are known; then
    any of the node's names found in it is the mention).
    """
    from rdflib import URIRef

    found: dict[Any, dict[str, Any]] = {}

    def note(sentence: Any, quotes: Iterable[str], start: int | None) -> None:
        texts = _literals(g, sentence, CG + "text")
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

    for span in g.objects(node, URIRef(CG + "evidence")):
        quotes: list[str] = []
        start: int | None = None
        for selector in _selectors(g, span):
            quotes.extend(str(q) for q in _literals(g, selector, _OA + "exact"))
            position = _one(g, selector, _OA + "start")
            if position is not None:
                start = int(position)
        for sentence in g.objects(span, URIRef(CG + "inSentence")):
            note(sentence, quotes, start)
    longest_first = sorted(names, key=lambda n: (-len(n), n))
    for sentence in g.objects(node, URIRef(CG + "sourceSentence")):
        texts = _literals(g, sentence, CG + "text")
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


def _query_nodes(dataset: Graph, query: str) -> set[str]:
    """The IRIs a SELECT or CONSTRUCT result mentions."""
    from rdflib import URIRef

    from courtgraph.guard import check

    form = check(query).form  # refuses SERVICE/LOAD before rdflib could fetch anything
    if form not in ("SELECT", "CONSTRUCT", "DESCRIBE"):
        raise QueryError(f"the view needs a SELECT or CONSTRUCT query, got {form}")
    try:
        result = _union(dataset).query(query)
    except Exception as exc:  # rdflib raises pyparsing and its own errors here
        raise QueryError(f"the query failed: {exc}") from exc
    picked: set[str] = set()
    if form == "SELECT":
        for row in result:
            picked.update(str(v) for v in row if isinstance(v, URIRef))
    else:
        for triple in result:
            picked.update(str(t) for t in triple if isinstance(t, URIRef))
    return picked


def _default_title(view: nx.MultiDiGraph) -> str:
    reports = sorted(d["label_zh"] for _, d in view.nodes(data=True) if d["kind"] == "report")
    if reports:
        return "；".join(reports)
    courts = sorted(d["label_zh"] for _, d in view.nodes(data=True) if d["kind"] == "court")
    return "；".join(courts) or "courtgraph"


# --- the page --------------------------------------------------------------------------------


def _layout(view: nx.MultiDiGraph, seed: int) -> dict[str, tuple[float, float]]:
    """Node positions in screen units, computed once so the browser runs no physics."""
    import networkx as nx

    if view.number_of_nodes() == 0:
        return {}
    simple = nx.Graph()
    simple.add_nodes_from(sorted(view))
    simple.add_edges_from(sorted((u, v) for u, v in view.edges()), weight=1.0)
    n = simple.number_of_nodes()
    # A weak spring from every node to a hidden hub keeps small components and lone
    # organisations near the rest instead of flung to the edge of the canvas.
    hub = ("hub",)
    simple.add_edges_from(((hub, node) for node in sorted(view)), weight=0.04)
    # small graphs get a long, well-settled run; past ~500 nodes networkx uses a slower
    # sparse solver, so fewer rounds keep a 2,000-node build to seconds
    iterations = 150 if n <= 500 else 30
    pos = nx.spring_layout(simple, seed=seed, iterations=iterations, k=1.8 / math.sqrt(n), method="force")
    del pos[hub]
    scale = 90.0 * math.sqrt(n)
    return {node: (round(float(x) * scale, 1), round(float(y) * scale, 1)) for node, (x, y) in pos.items()}


def _vis_network(view: nx.MultiDiGraph, seed: int) -> Any:
    """The pyvis network: vis-network's node and edge records with style and position."""
    from pyvis.network import Network

    net = Network(directed=True, cdn_resources="in_line", height="100%", width="100%")
    positions = _layout(view, seed)
    degree = dict(view.degree())
    for node, data in view.nodes(data=True):
        cls = _CLASS_BY_KEY[data["kind"]]
        x, y = positions[node]
        net.add_node(
            node,
            label=data["label_zh"],
            shape=cls.shape,
            color=cls.color,
            size=round(8 + 5 * math.sqrt(degree[node]), 1),
            x=x,
            y=y,
        )
    for index, (a, b, relation) in enumerate(view.edges(keys=True)):
        net.add_edge(a, b, id=f"e{index}", label=RELATIONS[relation][0], relation=relation)
    return net


def _vis_options(edge_count: int) -> dict[str, Any]:
    big = edge_count > 1500
    return {
        "autoResize": True,
        "layout": {"improvedLayout": False},  # positions come from Python
        "physics": {
            "enabled": False,
            "solver": "forceAtlas2Based",
            "stabilization": {"enabled": False},
        },
        "interaction": {"hover": True, "hideEdgesOnDrag": big, "hideEdgesOnZoom": big, "multiselect": False},
        "nodes": {
            "borderWidth": 1,
            "font": {"size": 14, "face": "'WenQuanYi Micro Hei', 'Noto Sans CJK SC', 'Microsoft YaHei', sans-serif"},
        },
        "edges": {
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
            "smooth": False,
            "color": {"color": "#b8b8b8", "highlight": "#333333", "hover": "#555555"},
            "font": {"size": 10, "color": "#666666", "strokeWidth": 2, "align": "middle"},
        },
    }


def _page_data(view: nx.MultiDiGraph, net: Any, title: str) -> dict[str, Any]:
    present = {d["kind"] for _, d in view.nodes(data=True)}
    counts = {c.key: 0 for c in NODE_CLASSES}
    for _, d in view.nodes(data=True):
        counts[d["kind"]] += 1
    def theme_key(theme: str) -> tuple[str, int, str]:
        order = view.nodes[theme].get("order") if theme in view else None
        return (theme.rsplit("/theme/", 1)[0], order if order is not None else 0, theme)

    theme_ids = sorted({t for _, d in view.nodes(data=True) for t in d["themes"]}, key=theme_key)
    themes = []
    for theme in theme_ids:
        d = view.nodes[theme] if theme in view else {}
        themes.append({"id": theme, "zh": d.get("label_zh", _local_name(theme)), "en": d.get("label_en")})
    nodes = []
    for node, d in view.nodes(data=True):
        nodes.append(
            {
                "id": node,
                "kind": d["kind"],
                "zh": d["label_zh"],
                "en": d.get("label_en"),
                "names": d.get("names", [d["label_zh"]]),
                "props": d.get("properties", []),
                "themes": d.get("themes", []),
                "sentences": d.get("sentences", []),
            }
        )
    return {
        "title": title,
        "classes": [
            {"key": c.key, "zh": c.zh, "en": c.en, "color": c.color, "shape": c.shape, "count": counts[c.key]}
            for c in NODE_CLASSES
            if c.key in present
        ],
        "relations": {k: {"zh": zh, "en": en} for k, (zh, en) in RELATIONS.items()},
        "properties": {k: {"zh": zh, "en": en} for k, (zh, en) in PROPERTY_LABELS.items()},
        "themes": themes,
        "nodes": nodes,
        "vis": {"nodes": net.nodes, "edges": net.edges, "options": _vis_options(len(net.edges))},
    }


_SCRIPT_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def script_json(value: Any) -> str:
    """JSON that is safe inside a ``<script>`` element: no tag, entity or line-separator can end it."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return re.sub("[<>&\u2028\u2029]", lambda m: _SCRIPT_ESCAPES[m.group()], text)


def _asset(name: str) -> str:
    return (_DATA_DIR / name).read_text(encoding="utf-8")


def _vis_assets() -> tuple[str, str]:
    import pyvis

    lib = Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2"
    return (lib / "vis-network.min.js").read_text(encoding="utf-8"), (lib / "vis-network.css").read_text(
        encoding="utf-8"
    )


def _page(view: nx.MultiDiGraph, *, title: str, seed: int) -> str:
    from jinja2 import Environment, FileSystemLoader

    net = _vis_network(view, seed)
    vis_js, vis_css = _vis_assets()
    env = Environment(loader=FileSystemLoader(str(_DATA_DIR)), autoescape=True, keep_trailing_newline=True)
    page = env.get_template(_TEMPLATE).render(
        title=title,
        data_json=script_json(_page_data(view, net, title)),
        vis_js=vis_js,
        vis_css=vis_css,
        viz_js=_asset("viz.js"),
        viz_css=_asset("viz.css"),
    )
    return page
