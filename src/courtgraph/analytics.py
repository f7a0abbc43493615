"""Network views of the knowledge graph and the measures a court analyst asks for.

Everything here reads an rdflib ``Graph`` or ``Dataset`` that follows
``docs/graph-contract.md`` (named graphs are read as their union) and returns plain
values: networkx graphs for the views, pandas DataFrames or small dataclasses for
the measures. networkx, numpy and pandas are imported inside the functions so that
``import courtgraph`` stays light.

Views
    ``typed_graph``            every entity and every relation between entities
    ``partnership_graph``      bipartite: initiatives and the organisations that co-run them
    ``organisation_network``   its projection onto organisations, weighted by shared initiatives
    ``theme_tree``             theme → work area → initiative

Measures (each a DataFrame unless noted)
    ``partner_centrality``, ``theme_bridges``, ``initiatives_per_theme``,
    ``initiatives_per_partner_kind``, ``outcomes_per_theme``, ``communities``,
    ``initiatives_without_outcome``, ``firsts``, ``summary`` (a ``NetworkSummary``).
    ``MEASURES`` names the DataFrame measures in the order ``courtgraph stats`` prints them.
"""

from __future__ import annotations

import math
import os
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable
from urllib.parse import unquote

from courtgraph.namespace import CG as _CG

if TYPE_CHECKING:
    import networkx as nx
    import pandas as pd
    from rdflib import Graph
    from rdflib.term import Node

__all__ = [
    "ENTITY_CLASSES",
    "MEASURES",
    "NetworkSummary",
    "typed_graph",
    "partnership_graph",
    "organisation_network",
    "theme_tree",
    "partner_centrality",
    "theme_bridges",
    "initiatives_per_theme",
    "initiatives_per_partner_kind",
    "outcomes_per_theme",
    "communities",
    "initiatives_without_outcome",
    "firsts",
    "summary",
    "EXPORT_FORMATS",
    "EXPORT_VIEWS",
    "export_network",
]

# The ontology's terms as plain strings: facts are read into str-keyed maps, and an rdflib
# URIRef neither equals nor hashes like the str of the same IRI. Taken from the closed
# namespace, so a misspelt term fails at import.
_CG_NS = str(_CG)
_T = {name: str(getattr(_CG, name)) for name in (
    "inWorkArea", "inTheme", "partner", "outcome", "recipient", "attachedTo", "orgKind",
    "initiativeType", "order", "outcomeText", "firstClaim", "normalizedValue", "unitAsWritten",
)}
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
SKOS = "http://www.w3.org/2004/02/skos/core#"
SCHEMA = "https://schema.org/"

# The classes whose members become nodes of ``typed_graph``. Sentences, spans and
# qualified-relation nodes are provenance: they would triple the graph and say
# nothing about who works with whom. Changes are folded into their quantity.
ENTITY_CLASSES: tuple[str, ...] = (
    "WorkReport",
    "Court",
    "Organisation",
    "Theme",
    "WorkArea",
    "Initiative",
    "Quantity",
    "Document",
    "Award",
    "Case",
    "PolicyConcept",
    "Place",
)

# Units whose values are rates, not amounts: adding them up means nothing.
RATIO_UNITS = frozenset({"percent", "percentage-point", "%", "个百分点"})

SUMMARY_HEADING = "(summary)"


# --------------------------------------------------------------------------- reading


@dataclass
class _Facts:
    """The parts of the graph the analytics use, read once into plain dicts."""

    labels: dict[str, str] = field(default_factory=dict)
    labels_en: dict[str, str] = field(default_factory=dict)
    classes: dict[str, str] = field(default_factory=dict)
    order: dict[str, int] = field(default_factory=dict)
    broader: dict[str, str] = field(default_factory=dict)  # work area -> theme
    areas_of: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    partners: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    outcomes: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    outcome_texts: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    first_claims: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    awards_of: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    kind: dict[str, str] = field(default_factory=dict)  # organisation kind / initiative type
    attached_to: dict[str, str] = field(default_factory=dict)
    value: dict[str, float] = field(default_factory=dict)
    normalized: dict[str, float] = field(default_factory=dict)
    unit: dict[str, str] = field(default_factory=dict)
    relations: list[tuple[str, str, str]] = field(default_factory=list)

    def of_class(self, name: str) -> list[str]:
        return sorted(iri for iri, cls in self.classes.items() if cls == name)

    def label(self, iri: str) -> str:
        return self.labels.get(iri) or self.labels_en.get(iri) or _tail(iri)


def _tail(iri: str) -> str:
    return unquote(iri.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1])


def _triples(graph: Graph) -> Any:
    """Every triple of a Graph, or of all named graphs of a Dataset (deduplicated)."""
    if not hasattr(graph, "triples"):
        from courtgraph.errors import InputError

        raise InputError(f"expected an rdflib Graph or Dataset, got {type(graph).__name__}")
    if hasattr(graph, "quads") and getattr(graph, "context_aware", False):
        seen: set[tuple[Node, Node, Node]] = set()
        for s, p, o, _ in graph.quads((None, None, None, None)):
            if (s, p, o) not in seen:
                seen.add((s, p, o))
                yield s, p, o
    else:
        yield from graph.triples((None, None, None))


def _number(literal: Node) -> float | None:
    try:
        return float(literal)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


def _read(graph: Graph) -> _Facts:
    from rdflib import Literal, URIRef

    facts = _Facts()
    plain_labels: dict[str, str] = {}
    objects: list[tuple[str, str, str]] = []
    for s, p, o in _triples(graph):
        if not isinstance(s, URIRef):
            continue
        subject, prop = str(s), str(p)
        if prop == RDF_TYPE:
            if str(o).startswith(_CG_NS) and str(o)[len(_CG_NS):] in ENTITY_CLASSES:
                facts.classes[subject] = str(o)[len(_CG_NS):]
            continue
        if isinstance(o, Literal):
            _read_literal(facts, plain_labels, subject, prop, o)
            continue
        if not isinstance(o, URIRef):
            continue
        target = str(o)
        objects.append((subject, prop, target))
        if prop in (_T["inWorkArea"], _T["inTheme"]):
            facts.areas_of[subject].append(target)  # a theme's own text is its own area
        elif prop == SKOS + "broader":
            facts.broader[subject] = target
        elif prop == _T["partner"]:
            facts.partners[subject].append(target)
        elif prop == _T["outcome"]:
            facts.outcomes[subject].append(target)
        elif prop == _T["recipient"]:
            facts.awards_of[target].append(subject)
        elif prop == _T["attachedTo"]:
            facts.attached_to[subject] = target
        elif prop in (_T["orgKind"], _T["initiativeType"]):
            facts.kind[subject] = _tail(target)
    for iri, text in plain_labels.items():
        facts.labels.setdefault(iri, text)
    # Relations are kept only between entities, in a fixed order for stable output.
    facts.relations = sorted(
        {(s, p, o) for s, p, o in objects if s in facts.classes and o in facts.classes}
    )
    for mapping in (facts.areas_of, facts.partners, facts.outcomes, facts.outcome_texts,
                    facts.first_claims, facts.awards_of):
        for key in mapping:
            mapping[key] = sorted(set(mapping[key]))
    return facts


def _read_literal(facts: _Facts, plain: dict[str, str], subject: str, prop: str, o: Any) -> None:
    lang = (o.language or "").lower()
    text = str(o)
    if prop in (RDFS_LABEL, SKOS + "prefLabel"):
        if lang.startswith("zh"):
            # rdfs:label wins over skos:prefLabel when both are present.
            if prop == RDFS_LABEL or subject not in facts.labels:
                facts.labels[subject] = text
        elif lang.startswith("en"):
            facts.labels_en.setdefault(subject, text)
        else:
            plain.setdefault(subject, text)
    elif prop == _T["order"]:
        number = _number(o)
        if number is not None:
            facts.order[subject] = int(number)
    elif prop == _T["outcomeText"]:
        facts.outcome_texts[subject].append(text)
    elif prop == _T["firstClaim"]:
        facts.first_claims[subject].append(text)
    elif prop == SCHEMA + "value":
        number = _number(o)
        if number is not None:
            facts.value[subject] = number
    elif prop == _T["normalizedValue"]:
        number = _number(o)
        if number is not None:
            facts.normalized[subject] = number
    elif prop == SCHEMA + "unitText":
        facts.unit[subject] = text
    elif prop == _T["unitAsWritten"]:
        facts.unit.setdefault(subject, text)


def _report_of(iri: str) -> str:
    """The report IRI a per-report node belongs to (themes, areas, metrics are minted under it)."""
    for marker in ("/theme/", "/metric/"):
        if marker in iri:
            return iri.split(marker, 1)[0]
    return iri


def _themes_of_initiative(facts: _Facts, initiative: str) -> list[str]:
    themes = {_theme_of_area(facts, a) for a in facts.areas_of.get(initiative, [])} - {None}
    return sorted(themes, key=lambda t: _theme_key(facts, t))  # type: ignore[arg-type]


def _theme_of_area(facts: _Facts, area: str) -> str | None:
    if area in facts.broader:
        return facts.broader[area]
    return area if facts.classes.get(area) == "Theme" else None


def _theme_key(facts: _Facts, theme: str) -> tuple[str, int, str]:
    return (_report_of(theme), facts.order.get(theme, 10**6), theme)


def _theme_of_quantity(facts: _Facts, quantity: str) -> str | None:
    """The theme a quantity counts for: via the work area or initiative it is attached to."""
    target = facts.attached_to.get(quantity)
    if target is None:
        return None
    theme = _theme_of_area(facts, target)
    if theme is not None:
        return theme
    themes = _themes_of_initiative(facts, target)
    # An initiative reported in several years has one work area per report.
    same_report = [t for t in themes if _report_of(t) == _report_of(quantity)]
    chosen = same_report or themes
    return chosen[0] if chosen else None


def _partner_orgs(facts: _Facts) -> list[str]:
    return sorted({o for orgs in facts.partners.values() for o in orgs})


# --------------------------------------------------------------------------- views


def _node_attrs(facts: _Facts, iri: str) -> dict[str, Any]:
    attrs: dict[str, Any] = {"label": facts.label(iri), "class": facts.classes.get(iri, ""), "iri": iri}
    if iri in facts.labels_en:
        attrs["label_en"] = facts.labels_en[iri]
    if iri in facts.kind:
        attrs["kind"] = facts.kind[iri]
    return attrs


def typed_graph(graph: Graph) -> nx.MultiDiGraph:
    """The full typed multigraph of the entities.

    Nodes: every IRI typed with one of ``ENTITY_CLASSES`` (reports, courts,
    organisations, themes, work areas, initiatives, quantities, documents, awards,
    cases, concepts, places), keyed by IRI, with attributes ``label`` (Chinese where
    known), ``label_en`` (when known), ``class`` (the cg: class name), ``iri`` and
    ``kind`` (organisation kind or initiative type); quantities also carry ``value``
    and ``unit``. Edges: one per triple linking two such nodes, directed subject →
    object, keyed and labelled (``property``) by the property's local name
    (``partner``, ``inWorkArea``, ``broader``, ``attachedTo`` …). Provenance
    (sentences, spans) and ``rdf:type`` are left out.
    """
    import networkx as nx

    facts = _read(graph)
    g = nx.MultiDiGraph()
    for iri in sorted(facts.classes):
        attrs = _node_attrs(facts, iri)
        if iri in facts.value:
            attrs["value"] = facts.normalized.get(iri, facts.value[iri])
        if iri in facts.unit:
            attrs["unit"] = facts.unit[iri]
        g.add_node(iri, **attrs)
    for s, p, o in facts.relations:
        name = _tail(p)
        g.add_edge(s, o, key=name, property=name)
    return g


def partnership_graph(graph: Graph) -> nx.Graph:
    """The bipartite initiative–organisation graph.

    Nodes: every initiative (``bipartite=0``) and every organisation that is the
    ``cg:partner`` of at least one initiative (``bipartite=1``); organisations that
    are only mentioned or supervise the court are not part of the partnership network.
    Initiatives without partners stay in as isolated nodes, so the initiative side is
    complete. Edges: initiative — organisation when the text names the organisation as
    a partner of that initiative; unweighted. Attributes as in ``typed_graph``, plus
    ``themes`` (headings of the themes an initiative sits in) on initiatives.
    """
    import networkx as nx

    facts = _read(graph)
    g = nx.Graph()
    for iri in facts.of_class("Initiative"):
        attrs = _node_attrs(facts, iri)
        attrs["themes"] = [facts.label(t) for t in _themes_of_initiative(facts, iri)]
        g.add_node(iri, bipartite=0, **attrs)
    for org in _partner_orgs(facts):
        g.add_node(org, bipartite=1, **_node_attrs(facts, org))
    for initiative in sorted(facts.partners):
        if initiative not in g:
            g.add_node(initiative, bipartite=0, **_node_attrs(facts, initiative))
        for org in facts.partners[initiative]:
            g.add_edge(initiative, org)
    return g


def organisation_network(graph: Graph) -> nx.Graph:
    """The co-operation network: the partnership graph projected onto organisations.

    Nodes: the partner organisations of ``partnership_graph`` (attributes as there,
    plus ``initiatives``: how many initiatives each co-runs). Edges: two organisations
    are linked when they are partners of the same initiative; ``weight`` is the number
    of initiatives they share and ``initiatives`` lists their labels. An organisation
    that works with the court alone on everything is an isolated node.
    """
    import networkx as nx

    facts = _read(graph)
    g = nx.Graph()
    shared: dict[tuple[str, str], list[str]] = defaultdict(list)
    count: dict[str, int] = defaultdict(int)
    for initiative in sorted(facts.partners):
        orgs = facts.partners[initiative]
        for org in orgs:
            count[org] += 1
        for i, a in enumerate(orgs):
            for b in orgs[i + 1:]:
                shared[(a, b)].append(facts.label(initiative))
    for org in _partner_orgs(facts):
        g.add_node(org, initiatives=count[org], **_node_attrs(facts, org))
    for (a, b), labels in sorted(shared.items()):
        g.add_edge(a, b, weight=len(labels), initiatives=sorted(labels))
    return g


def theme_tree(graph: Graph) -> nx.DiGraph:
    """The structure of the reports: theme → work area → initiative.

    Nodes: themes, work areas and the initiatives placed in them (attributes as in
    ``typed_graph``, plus ``order`` for themes and work areas). Edges point from the
    broader item to the narrower one. For one report this is a forest with one tree
    per theme; an initiative reported in several years hangs under one work area per
    year, so over several reports it may have more than one parent.
    """
    import networkx as nx

    facts = _read(graph)
    g = nx.DiGraph()
    for theme in sorted(facts.of_class("Theme"), key=lambda t: _theme_key(facts, t)):
        g.add_node(theme, order=facts.order.get(theme, 0), **_node_attrs(facts, theme))
    areas = sorted(facts.broader, key=lambda a: (_theme_key(facts, facts.broader[a]), facts.order.get(a, 0), a))
    for area in areas:
        theme = facts.broader[area]
        if theme not in g:
            g.add_node(theme, order=facts.order.get(theme, 0), **_node_attrs(facts, theme))
        g.add_node(area, order=facts.order.get(area, 0), **_node_attrs(facts, area))
        g.add_edge(theme, area)
    for initiative in facts.of_class("Initiative"):
        for area in facts.areas_of.get(initiative, []):
            if area in g:
                g.add_node(initiative, **_node_attrs(facts, initiative))
                g.add_edge(area, initiative)
    return g


# --------------------------------------------------------------------------- measures


def _frame(rows: list[dict[str, Any]], columns: list[str]) -> pd.DataFrame:
    import pandas as pd

    return pd.DataFrame(rows, columns=columns)


def _eigenvector(g: nx.Graph, nodes: list[str]) -> dict[str, float]:
    """Weighted eigenvector centrality, NaN where it is not defined.

    It is defined when the largest eigenvalue of the weighted adjacency matrix is
    positive and simple; then it equals networkx's ``eigenvector_centrality_numpy``
    (unit Euclidean norm). With two equally strong components it is not unique, and
    on a graph without edges it does not exist.
    """
    import networkx as nx
    import numpy as np

    nan = {n: math.nan for n in nodes}
    if g.number_of_edges() == 0:
        return nan
    matrix = nx.to_numpy_array(g, nodelist=nodes, weight="weight")
    values, vectors = np.linalg.eigh(matrix)
    top = values[-1]
    if top <= 0 or (len(values) > 1 and abs(top - values[-2]) <= 1e-9 * max(1.0, abs(top))):
        return nan
    vector = vectors[:, -1]
    vector = vector if vector.sum() >= 0 else -vector
    vector = vector / np.linalg.norm(vector)
    return {n: (0.0 if abs(x) < 1e-12 else float(x)) for n, x in zip(nodes, vector)}


def partner_centrality(graph: Graph) -> pd.DataFrame:
    """How central each partner organisation is in the co-operation network.

    One row per partner organisation: ``initiatives`` (how many initiatives it co-runs,
    its degree in ``partnership_graph``), ``co_partners`` (how many other organisations
    it shares an initiative with), and on ``organisation_network``: ``degree``
    (normalised degree centrality), ``betweenness`` (normalised, counting hops, so a
    high value marks an agency that links otherwise separate groups) and
    ``eigenvector`` (weighted; NaN where undefined, see ``_eigenvector``). Sorted by
    initiatives, then co-partners, then label.
    """
    import networkx as nx

    facts = _read(graph)
    net = organisation_network(graph)
    nodes = sorted(net.nodes)
    degree = nx.degree_centrality(net) if len(nodes) > 1 else {n: 0.0 for n in nodes}
    betweenness = nx.betweenness_centrality(net, normalized=True)
    eigen = _eigenvector(net, nodes)
    rows = [
        {
            "organisation": facts.label(n),
            "kind": facts.kind.get(n, ""),
            "initiatives": net.nodes[n]["initiatives"],
            "co_partners": net.degree(n),
            "degree": degree[n],
            "betweenness": betweenness[n],
            "eigenvector": eigen[n],
            "iri": n,
        }
        for n in nodes
    ]
    rows.sort(key=lambda r: (-r["initiatives"], -r["co_partners"], r["organisation"], r["iri"]))
    return _frame(rows, ["organisation", "kind", "initiatives", "co_partners", "degree",
                         "betweenness", "eigenvector", "iri"])


def theme_bridges(graph: Graph, *, min_themes: int = 2) -> pd.DataFrame:
    """Partner organisations whose initiatives sit under at least ``min_themes`` themes.

    Such an agency connects parts of the court's work that the report keeps apart.
    Columns: ``organisation``, ``kind``, ``themes`` (how many), ``headings`` (the
    theme headings, in report order, joined by ``；``), ``initiatives`` (labels, joined
    by ``；``), ``iri``.
    """
    facts = _read(graph)
    themes: dict[str, set[str]] = defaultdict(set)
    initiatives: dict[str, set[str]] = defaultdict(set)
    for initiative, orgs in facts.partners.items():
        for org in orgs:
            themes[org].update(_themes_of_initiative(facts, initiative))
            initiatives[org].add(facts.label(initiative))
    rows: list[dict[str, Any]] = []
    for org in sorted(themes):
        if len(themes[org]) < min_themes:
            continue
        ordered = sorted(themes[org], key=lambda t: _theme_key(facts, t))
        rows.append({
            "organisation": facts.label(org),
            "kind": facts.kind.get(org, ""),
            "themes": len(ordered),
            "headings": "；".join(facts.label(t) for t in ordered),
            "initiatives": "；".join(sorted(initiatives[org])),
            "iri": org,
        })
    rows.sort(key=lambda r: (-r["themes"], r["organisation"]))
    return _frame(rows, ["organisation", "kind", "themes", "headings", "initiatives", "iri"])


def _report_label(facts: _Facts, theme: str) -> str:
    return facts.label(_report_of(theme))


def initiatives_per_theme(graph: Graph) -> pd.DataFrame:
    """How many initiatives each theme contains (themes without any included, as 0).

    An initiative counts once for each theme it sits in (through its work area).
    Columns: ``report``, ``order``, ``theme`` (heading), ``initiatives``, ``partnered``
    (how many of them have at least one partner organisation). In report order.
    """
    facts = _read(graph)
    members: dict[str, set[str]] = {t: set() for t in facts.of_class("Theme")}
    for initiative in facts.of_class("Initiative"):
        for theme in _themes_of_initiative(facts, initiative):
            members.setdefault(theme, set()).add(initiative)
    rows = [
        {
            "report": _report_label(facts, theme),
            "order": facts.order.get(theme, 0),
            "theme": facts.label(theme),
            "initiatives": len(members[theme]),
            "partnered": sum(1 for i in members[theme] if facts.partners.get(i)),
        }
        for theme in sorted(members, key=lambda t: _theme_key(facts, t))
    ]
    return _frame(rows, ["report", "order", "theme", "initiatives", "partnered"])


def initiatives_per_partner_kind(graph: Graph) -> pd.DataFrame:
    """Which kinds of organisation the court works with, and on how many initiatives.

    One row per organisation kind (``procuratorate``, ``media`` …): ``initiatives`` is
    the number of distinct initiatives with at least one partner of that kind,
    ``partners`` the number of distinct organisations of that kind. Sorted by
    initiatives, then kind.
    """
    facts = _read(graph)
    initiatives: dict[str, set[str]] = defaultdict(set)
    partners: dict[str, set[str]] = defaultdict(set)
    for initiative, orgs in facts.partners.items():
        for org in orgs:
            kind = facts.kind.get(org, "unknown")
            initiatives[kind].add(initiative)
            partners[kind].add(org)
    rows: list[dict[str, Any]] = [
        {"kind": k, "initiatives": len(initiatives[k]), "partners": len(partners[k])} for k in initiatives
    ]
    rows.sort(key=lambda r: (-r["initiatives"], r["kind"]))
    return _frame(rows, ["kind", "initiatives", "partners"])


def outcomes_per_theme(graph: Graph) -> pd.DataFrame:
    """The figures each theme states as its results: quantities, counted and summed per unit.

    What is counted is one thing, the quantities (``cg:Quantity``): each counts once, under
    the theme of the work area or initiative it is attached to (``cg:attachedTo``; an
    initiative under several themes lends it the first, in report order). Quantities
    attached to the report itself (the opening summary) are listed under the heading
    ``(summary)`` with order 0, so the ``quantities`` column adds up to the report's number
    of quantities. One row per theme and unit (``schema:unitText``, falling back to the unit
    as written): ``quantities`` is how many, ``total`` the sum of ``cg:normalizedValue``
    (falling back to ``schema:value``). Rates (percent, percentage points) are counted but
    their total is NaN, since adding rates means nothing.
    """
    facts = _read(graph)
    counts: dict[tuple[str, str], int] = defaultdict(int)
    totals: dict[tuple[str, str], float] = defaultdict(float)
    for quantity in facts.of_class("Quantity"):
        theme = _theme_of_quantity(facts, quantity) or _report_of(quantity)
        unit = facts.unit.get(quantity, "")
        counts[(theme, unit)] += 1
        totals[(theme, unit)] += facts.normalized.get(quantity, facts.value.get(quantity, 0.0))

    def key(item: tuple[str, str]) -> tuple[str, int, str, str]:
        theme, unit = item
        order = facts.order.get(theme, 0) if facts.classes.get(theme) == "Theme" else 0
        return (_report_of(theme), order, theme, unit)

    rows: list[dict[str, Any]] = []
    for theme, unit in sorted(counts, key=key):
        is_theme = facts.classes.get(theme) == "Theme"
        rows.append({
            "report": facts.label(_report_of(theme)),
            "order": facts.order.get(theme, 0) if is_theme else 0,
            "theme": facts.label(theme) if is_theme else SUMMARY_HEADING,
            "unit": unit,
            "quantities": counts[(theme, unit)],
            "total": math.nan if unit in RATIO_UNITS else totals[(theme, unit)],
        })
    return _frame(rows, ["report", "order", "theme", "unit", "quantities", "total"])


def communities(graph: Graph, *, seed: int = 42) -> pd.DataFrame:
    """Groups of agencies that co-operate more with each other than with the rest.

    Louvain modularity communities (``networkx.community.louvain_communities``,
    edge weight = shared initiatives) of ``organisation_network``, with a fixed
    ``seed`` so the same graph always gives the same groups. Every partner organisation
    is in exactly one community; one that shares no initiative with another agency is
    a community of its own. Communities are numbered from 1, largest first (ties by
    the first member's label). Columns: ``community``, ``size``, ``organisation``,
    ``kind``, ``iri``.
    """
    import networkx as nx

    facts = _read(graph)
    net = organisation_network(graph)
    if net.number_of_nodes() == 0:
        return _frame([], ["community", "size", "organisation", "kind", "iri"])
    groups = nx.community.louvain_communities(net, weight="weight", seed=seed)
    ordered = sorted(
        (sorted(group, key=lambda n: (facts.label(n), n)) for group in groups),
        key=lambda members: (-len(members), facts.label(members[0]), members[0]),
    )
    rows = [
        {"community": number, "size": len(members), "organisation": facts.label(n),
         "kind": facts.kind.get(n, ""), "iri": n}
        for number, members in enumerate(ordered, start=1)
        for n in members
    ]
    return _frame(rows, ["community", "size", "organisation", "kind", "iri"])


def initiatives_without_outcome(graph: Graph) -> pd.DataFrame:
    """The gap analysis: initiatives for which the report states no result.

    A result is a quantity (``cg:outcome``), a concrete result in words
    (``cg:outcomeText``) or an award the initiative received (``cg:recipient``).
    Columns: ``initiative``, ``type``, ``theme``, ``work_area``, ``partners``
    (labels joined by ``；``), ``iri``; in report order of theme and work area.
    """
    facts = _read(graph)
    rows: list[dict[str, Any]] = []
    for initiative in facts.of_class("Initiative"):
        if facts.outcomes.get(initiative) or facts.outcome_texts.get(initiative) or facts.awards_of.get(initiative):
            continue
        areas = facts.areas_of.get(initiative, [])
        themes = _themes_of_initiative(facts, initiative)
        rows.append({
            "initiative": facts.label(initiative),
            "type": facts.kind.get(initiative, ""),
            "theme": "；".join(facts.label(t) for t in themes),
            "work_area": "；".join(facts.label(a) for a in areas),
            "partners": "；".join(facts.label(o) for o in facts.partners.get(initiative, [])),
            "iri": initiative,
            "_key": (_theme_key(facts, themes[0]) if themes else ("~", 0, ""),
                     min((facts.order.get(a, 0) for a in areas), default=0), facts.label(initiative)),
        })
    rows.sort(key=lambda r: r.pop("_key"))
    return _frame(rows, ["initiative", "type", "theme", "work_area", "partners", "iri"])


def _scope(claim: str) -> str:
    """How wide a "first" claim reaches, from the words the report uses."""
    for marker, scope in (("全国", "national"), ("全省", "provincial"), ("省内", "provincial"),
                          ("全市", "municipal"), ("市内", "municipal"), ("全县", "county")):
        if marker in claim:
            return scope
    return "unspecified"


def firsts(graph: Graph) -> pd.DataFrame:
    """"Firsts" per theme: initiatives the report calls the first of their kind.

    One row per claim (``cg:firstClaim``, as written: 全省率先, 全市首个, 首次 …):
    ``theme``, ``initiative``, ``claim`` and ``scope`` (national, provincial,
    municipal, county, or unspecified when the words name no area, as in 首次).
    In report order of theme, then by initiative label.
    """
    facts = _read(graph)
    rows: list[dict[str, Any]] = []
    for initiative in facts.of_class("Initiative"):
        themes = _themes_of_initiative(facts, initiative)
        for claim in facts.first_claims.get(initiative, []):
            rows.append({
                "theme": facts.label(themes[0]) if themes else "",
                "initiative": facts.label(initiative),
                "claim": claim,
                "scope": _scope(claim),
                "iri": initiative,
                "_key": (_theme_key(facts, themes[0]) if themes else ("~", 0, ""), facts.label(initiative), claim),
            })
    rows.sort(key=lambda r: r.pop("_key"))
    return _frame(rows, ["theme", "initiative", "claim", "scope", "iri"])


@dataclass(frozen=True)
class NetworkSummary:
    """Headline counts of the partnership network."""

    reports: int
    themes: int
    initiatives: int
    organisations: int
    partners: int
    partnerships: int
    partnered_initiatives: int
    co_operation_links: int
    quantities: int

    def as_dict(self) -> dict[str, int]:
        return {name: getattr(self, name) for name in self.__dataclass_fields__}


def summary(graph: Graph) -> NetworkSummary:
    """Counts: reports, themes, initiatives, organisations, partner organisations,
    partnerships (initiative–partner links), initiatives with a partner, links of the
    co-operation network and quantities."""
    facts = _read(graph)
    net = organisation_network(graph)
    return NetworkSummary(
        reports=len(facts.of_class("WorkReport")),
        themes=len(facts.of_class("Theme")),
        initiatives=len(facts.of_class("Initiative")),
        organisations=len(facts.of_class("Organisation")),
        partners=net.number_of_nodes(),
        partnerships=sum(len(v) for v in facts.partners.values()),
        partnered_initiatives=sum(1 for v in facts.partners.values() if v),
        co_operation_links=net.number_of_edges(),
        quantities=len(facts.of_class("Quantity")),
    )


MEASURES: dict[str, Callable[..., pd.DataFrame]] = {
    "partner_centrality": partner_centrality,
    "theme_bridges": theme_bridges,
    "initiatives_per_theme": initiatives_per_theme,
    "initiatives_per_partner_kind": initiatives_per_partner_kind,
    "outcomes_per_theme": outcomes_per_theme,
    "communities": communities,
    "initiatives_without_outcome": initiatives_without_outcome,
    "firsts": firsts,
}


# --------------------------------------------------------------------------- export

EXPORT_FORMATS = ("graphml", "gexf")
EXPORT_VIEWS: dict[str, Callable[[Any], Any]] = {
    "full": typed_graph,
    "partners": partnership_graph,
    "organisations": organisation_network,
    "themes": theme_tree,
}


def _flat(value: Any) -> Any:
    """GraphML and GEXF hold only scalars: lists become one ``；``-joined string."""
    if isinstance(value, (list, tuple, set)):
        return "；".join(str(v) for v in value)
    return value


def _exportable(g: nx.Graph) -> nx.Graph:
    h = g.__class__()
    for node, data in g.nodes(data=True):
        h.add_node(node, **{k: _flat(v) for k, v in data.items() if v is not None})
    if g.is_multigraph():
        for u, v, key, data in g.edges(keys=True, data=True):
            h.add_edge(u, v, key=key, **{k: _flat(x) for k, x in data.items() if x is not None})
    else:
        for u, v, data in g.edges(data=True):
            h.add_edge(u, v, **{k: _flat(x) for k, x in data.items() if x is not None})
    return h


def export_network(graph: Graph, out: str | os.PathLike[str], *, format: str = "graphml",
                   view: str = "full") -> Path:
    """Write one of the views as GraphML or GEXF for Gephi, Cytoscape or yEd.

    ``view`` is ``full`` (``typed_graph``), ``partners`` (``partnership_graph``),
    ``organisations`` (``organisation_network``) or ``themes`` (``theme_tree``). Nodes
    keep their attributes (``label``, ``label_en``, ``class``, ``kind``, ``iri`` …), so
    a tool can colour by class and show Chinese labels. The file is written atomically
    and is byte-identical for the same graph. Returns the path written.

    Raises ``ValueError`` for an unknown format or view.
    """
    import networkx as nx

    if format not in EXPORT_FORMATS:
        raise ValueError(f"unknown export format {format!r}; expected one of: {', '.join(EXPORT_FORMATS)}")
    if view not in EXPORT_VIEWS:
        raise ValueError(f"unknown view {view!r}; expected one of: {', '.join(EXPORT_VIEWS)}")
    g = _exportable(EXPORT_VIEWS[view](graph))
    if format == "graphml":
        text = "\n".join(nx.generate_graphml(g, encoding="utf-8", prettyprint=True)) + "\n"
    else:
        text = "\n".join(nx.generate_gexf(g, encoding="utf-8", prettyprint=True)) + "\n"
        # networkx stamps today's date into the header; drop it so output is reproducible.
        text = re.sub(r' lastmodifieddate="[^"]*"', "", text, count=1)
    path = Path(out)
    _write_atomically(path, text)
    return path


def _write_atomically(path: Path, text: str) -> None:
    from courtgraph.files import write_text

    write_text(path, text)
