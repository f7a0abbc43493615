"""The view graph → one self-contained HTML page (pyvis / vis-network, all inline).

Report text reaches the page only as JSON inside ``<script type="application/json">`` with
``<``, ``>``, ``&``, U+2028 and U+2029 escaped; the page's script writes it with
``textContent``. The layout is computed here (networkx, fixed seed) and shipped as positions.
"""

from __future__ import annotations

import itertools
import json
import math
import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from courtgraph.errors import InputError, QueryError
from courtgraph.viz.graph import (
    NODE_CLASSES,
    PROPERTY_LABELS,
    RELATIONS,
    default_title,
    local_name,
    query_nodes,
    to_view_graph,
)

if TYPE_CHECKING:
    import networkx as nx
    from IPython.display import HTML
    from rdflib import Graph

    from courtgraph.viz.graph import ViewTriples

__all__ = ["render_html", "view_graph", "write_html", "show", "script_json"]

_TEMPLATE = "viz-template.html"

_CLASS_BY_KEY = {c.key: c for c in NODE_CLASSES}

# a corpus of this many reports opens on the court ↔ partner-kind summary: past a few reports
# the graph of every initiative is a hairball, while "which courts work with which kinds of
# body" stays readable at any size
SUMMARY_MIN_REPORTS = 3
# above this many nodes in the opening view the spring layout (quadratic per round; about 2 s
# at 1,100 nodes, ten reports) gives way to a linear one: courts on a spiral, everything else
# beside a placed neighbour
SPRING_MAX_NODES = 1500


def render_html(
    dataset_or_graph: Graph | ViewTriples | nx.MultiDiGraph,
    *,
    title: str | None = None,
    query: str | None = None,
    seed: int = 7,
    opening_only: bool = False,
    endpoint: str | None = None,
) -> str:
    """The whole self-contained page for a graph, as a string (:func:`write_html` writes the
    same page to a file without holding it whole).

    ``dataset_or_graph`` is an rdflib graph/dataset following the graph contract (or its
    triples in a :class:`~courtgraph.viz.graph.ViewTriples`), or a graph made by
    :func:`to_view_graph`. ``query`` (SPARQL SELECT or CONSTRUCT, RDF input
    only) keeps the nodes whose IRIs the result mentions, with the edges between them.
    ``seed`` fixes the layout. ``opening_only`` keeps only the classes the page opens on
    (courts, themes, initiatives, partners), for a corpus too large to carry every figure and
    sentence in one page (the panel still steps between a court's reports, by filtering).
    ``endpoint`` is the address of a ``courtgraph serve`` explorer page: the side panel then
    links every node to its SPARQL DESCRIBE there. A corpus of
    :data:`SUMMARY_MIN_REPORTS` reports or more opens on the court ↔ partner-kind summary.
    Raises :class:`~courtgraph.errors.QueryError` for a bad or
    refused query.
    """
    return "".join(
        _page_parts(dataset_or_graph, title=title, query=query, seed=seed, opening_only=opening_only, endpoint=endpoint)
    )


def _page_parts(
    dataset_or_graph: Graph | ViewTriples | nx.MultiDiGraph,
    *,
    title: str | None,
    query: str | None,
    seed: int,
    opening_only: bool,
    endpoint: str | None,
) -> Iterator[str]:
    """:func:`render_html`'s page in consecutive pieces. Everything is checked, and the page's
    data computed, before the first piece is returned."""
    import networkx as nx

    if isinstance(dataset_or_graph, nx.Graph):
        if query is not None:
            raise QueryError("a query needs the RDF graph, not a networkx view graph")
        view = dataset_or_graph
        for node, data in view.nodes(data=True):
            if data.get("kind") not in _CLASS_BY_KEY:
                raise InputError(
                    f"node {node!r} has kind {data.get('kind')!r}; expected one of {', '.join(_CLASS_BY_KEY)}"
                )
    else:
        picked = None
        if query is not None:  # checked and run first: a bad query fails before any drawing
            from rdflib import Graph

            if not isinstance(dataset_or_graph, Graph):  # ViewTriples answers no SPARQL
                raise QueryError("a query needs the RDF graph as an rdflib Graph or Dataset")
            picked = query_nodes(dataset_or_graph, query)
        view = view_graph(dataset_or_graph, opening_only=opening_only)
        if picked is not None:
            view = _induced(view, picked)
    page_title = title if title is not None else default_title(view)
    opening_edges = _opening_edges(view)  # before the cut: they run through work areas and reports
    if opening_only:
        reports, belongs = _reports(view)  # before the cut, which drops the report nodes
        view = _induced(view, {n for n, d in view.nodes(data=True) if _CLASS_BY_KEY[d["kind"]].opening})
        view.graph["reports"] = (reports, belongs)
    return _page(view, title=page_title, seed=seed, opening_edges=opening_edges, endpoint=endpoint)


def view_graph(dataset: Graph | ViewTriples, *, opening_only: bool = False) -> nx.MultiDiGraph:
    """The view graph :func:`render_html` draws for ``dataset`` (see its ``opening_only``).

    A caller that holds a large graph only to draw it can drop the graph once this returns,
    and pass the view graph to :func:`render_html`: the page is built from the view graph alone.
    """
    # a page cut to the opening classes needs no panel details for the nodes it drops
    # (figures are most of a corpus): reading their sentences was most of the time
    detailed = {c.key for c in NODE_CLASSES if c.opening} if opening_only else None
    return to_view_graph(dataset, detailed=detailed)


def write_html(
    dataset_or_graph: Graph | nx.MultiDiGraph,
    path: str | os.PathLike[str],
    *,
    title: str | None = None,
    query: str | None = None,
    seed: int = 7,
    opening_only: bool = False,
    endpoint: str | None = None,
) -> Path:
    """Write :func:`render_html`'s page to ``path`` atomically and return the path.

    The page is written in pieces as it is made: at a thousand reports it is about 80 million
    characters, and holding it whole (its JSON, the escaped JSON, the page, the encoded page)
    was the largest part of the view's memory.
    """
    parts = _page_parts(dataset_or_graph, title=title, query=query, seed=seed, opening_only=opening_only, endpoint=endpoint)
    from courtgraph.files import staged_files

    target = Path(path)
    with staged_files([target]) as staged, open(staged[target], "w", encoding="utf-8", newline="\n") as handle:
        handle.writelines(parts)
    return target


def show(
    dataset_or_graph: Graph | ViewTriples | nx.MultiDiGraph,
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


# --- the page --------------------------------------------------------------------------------


def _induced(view: nx.MultiDiGraph, keep: set[str]) -> nx.MultiDiGraph:
    """The part of ``view`` on the nodes in ``keep``, in ``view``'s node and edge order.

    networkx's ``subgraph`` walks the node set it is given, whose order changes with the
    process's string hashing: the page's node list came out in a different order per run.
    """
    import networkx as nx

    part = nx.MultiDiGraph()
    part.graph.update(view.graph)
    part.add_nodes_from((n, d) for n, d in view.nodes(data=True) if n in keep)
    part.add_edges_from((u, v, k, d) for u, v, k, d in view.edges(keys=True, data=True) if u in keep and v in keep)
    return part


def _opening_edges(view: nx.MultiDiGraph) -> list[tuple[str, str, str]]:
    """Edges that stand in for hidden layers in the opening view, so the themes group their
    initiatives and the courts hold their themes while work areas and reports are switched off:
    initiative → theme (through its work area) and theme → court (through its report)."""
    out: set[tuple[str, str, str]] = set()
    for node, data in view.nodes(data=True):
        if data["kind"] == "initiative":
            out.update((node, theme, "in-theme") for theme in data.get("themes", []) if theme in view)
        elif data["kind"] == "theme":
            for _, report, relation in view.out_edges(node, keys=True):
                if relation == "in-report":
                    out.update(
                        (node, court, "report-of")
                        for _, court, r in view.out_edges(report, keys=True)
                        if r == "report-of" and view.nodes[court]["kind"] == "court"
                    )
    return sorted(out)


def _layout(view: nx.MultiDiGraph, seed: int, opening_edges: list[tuple[str, str, str]]) -> dict[str, tuple[float, float]]:
    """Node positions in screen units, computed once so the browser runs no physics.

    The spring layout runs on the opening view only (courts, themes, initiatives, partners
    and the edges standing in for hidden layers), which is what a reader sees first and stays
    small for a corpus; every other node is then set beside a placed neighbour, so the cost
    of the hidden layers is linear in their size.
    """
    import networkx as nx

    if view.number_of_nodes() == 0:
        return {}
    opening = {n for n, d in view.nodes(data=True) if _CLASS_BY_KEY[d["kind"]].opening}
    core = sorted(opening) or sorted(view)
    if len(core) > SPRING_MAX_NODES:
        return _cluster_layout(view, opening_edges)
    core_set = set(core)
    simple = nx.Graph()
    simple.add_nodes_from(core)
    simple.add_edges_from(sorted((u, v) for u, v in view.edges() if u in core_set and v in core_set), weight=1.0)
    simple.add_edges_from(((a, b) for a, b, _ in opening_edges), weight=1.0)
    n = simple.number_of_nodes()
    # A weak spring from every node to a hidden hub keeps small components and lone
    # organisations near the rest instead of flung to the edge of the canvas.
    hub = ("hub",)
    simple.add_edges_from(((hub, node) for node in core), weight=0.04)
    # small graphs get a long, well-settled run; past ~500 nodes networkx uses a slower
    # sparse solver, so fewer rounds keep a 2,000-node build to seconds
    iterations = 150 if n <= 500 else 30
    pos = nx.spring_layout(simple, seed=seed, iterations=iterations, k=1.8 / math.sqrt(n), method="force")
    del pos[hub]
    # the opening view gets room for 12 px labels: spacing grows with the node count
    scale = 120.0 * math.sqrt(n)
    placed = {node: (float(x) * scale, float(y) * scale) for node, (x, y) in pos.items()}
    _place_beside(view, placed)
    return {node: (round(x, 1), round(y, 1)) for node, (x, y) in placed.items()}


def _cluster_layout(view: nx.MultiDiGraph, opening_edges: list[tuple[str, str, str]]) -> dict[str, tuple[float, float]]:
    """Linear-time positions for a large view: each court's cluster (its reports, themes,
    initiatives, partners, …, reached breadth first) on a sunflower spiral, clusters spaced
    by the size of the largest, so a 100-report corpus is laid out in well under a second."""
    courts = sorted(n for n, d in view.nodes(data=True) if d["kind"] == "court")
    golden = math.pi * (3 - math.sqrt(5))
    # a cluster of s nodes set on rings of 60 + 14·√i around parents spans about 30·√s
    spacing = 60.0 * math.sqrt(max(view.number_of_nodes() / max(len(courts), 1), 1.0)) + 200.0
    placed = {
        court: (spacing * math.sqrt(i) * math.cos(i * golden), spacing * math.sqrt(i) * math.sin(i * golden))
        for i, court in enumerate(courts)
    }
    _place_beside(view, placed, extra=opening_edges)
    return {node: (round(x, 1), round(y, 1)) for node, (x, y) in placed.items()}


def _place_beside(
    view: nx.MultiDiGraph, placed: dict[str, tuple[float, float]], extra: Iterable[tuple[str, str, str]] = ()
) -> None:
    """Put each unplaced node on a small ring around its first placed neighbour (breadth
    first from the placed nodes, along the view's edges and ``extra``); nodes reached from
    nowhere go in a row below."""
    from collections import deque

    undirected = view.to_undirected(as_view=True)
    more: dict[str, set[str]] = {}
    for a, b, _ in extra:
        if a in view and b in view:
            more.setdefault(a, set()).add(b)
            more.setdefault(b, set()).add(a)
    children: dict[str, int] = {}
    queue = deque(sorted(placed))
    golden = math.pi * (3 - math.sqrt(5))
    while queue:
        parent = queue.popleft()
        for node in sorted(set(undirected.neighbors(parent)) | more.get(parent, set())):
            if node in placed:
                continue
            i = children.get(parent, 0)
            children[parent] = i + 1
            radius = 60.0 + 14.0 * math.sqrt(i)
            px, py = placed[parent]
            placed[node] = (px + radius * math.cos(i * golden), py + radius * math.sin(i * golden))
            queue.append(node)
    bottom = max((y for _, y in placed.values()), default=0.0) + 200.0
    for i, node in enumerate(n for n in view if n not in placed):
        placed[node] = (i % 40 * 80.0, bottom + i // 40 * 80.0)


def _vis_network(view: nx.MultiDiGraph, seed: int, opening_edges: list[tuple[str, str, str]]) -> Any:
    """The pyvis network: vis-network's node and edge records with style and position."""
    net = _VisRecords()
    positions = _layout(view, seed, opening_edges)
    degree = dict(view.degree())
    for node, data in view.nodes(data=True):
        cls = _CLASS_BY_KEY[data["kind"]]
        x, y = positions[node]
        net.add_node(
            node,
            label=data.get("label_zh") or node,
            shape=cls.shape,
            color=cls.color,
            size=round(8 + 5 * math.sqrt(degree[node]), 1),
            x=x,
            y=y,
        )
    # relation names are tooltips, not labels: at the opening zoom they would be unreadably
    # small and cover the node names
    for index, (a, b, relation) in enumerate(view.edges(keys=True)):
        net.add_edge(a, b, id=f"e{index}", title=RELATIONS[relation][0], relation=relation)
    for index, (a, b, relation) in enumerate(opening_edges):
        net.add_edge(a, b, id=f"o{index}", title=RELATIONS[relation][0], relation=relation, opening=True, dashes=True)
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
        },
    }


def _page_data(view: nx.MultiDiGraph, net: Any, title: str, *, seed: int = 7, endpoint: str | None = None) -> dict[str, Any]:
    present = {d["kind"] for _, d in view.nodes(data=True)}
    counts = {c.key: 0 for c in NODE_CLASSES}
    for _, d in view.nodes(data=True):
        counts[d["kind"]] += 1
    # a theme outside the view (a --query picked its members, not the theme) keeps its name
    known_themes = view.graph.get("themes", {})

    def theme_of(theme: str) -> dict[str, Any]:
        return view.nodes[theme] if theme in view else known_themes.get(theme, {})

    def theme_key(theme: str) -> tuple[str, int, str]:
        order = theme_of(theme).get("order")
        return (theme.rsplit("/theme/", 1)[0], order if order is not None else 0, theme)

    theme_ids = sorted({t for _, d in view.nodes(data=True) for t in d.get("themes", [])}, key=theme_key)
    themes = []
    for theme in theme_ids:
        d = theme_of(theme)
        themes.append({"id": theme, "zh": d.get("label_zh", local_name(theme)), "en": d.get("label_en")})
    reports, belongs = _reports(view)
    nodes = []
    for node, d in view.nodes(data=True):
        nodes.append(
            {
                "id": node,
                "r": belongs[node],
                **({"ok": d.get("org_kind", "other")} if d["kind"] == "organisation" else {}),
                "kind": d["kind"],
                "zh": d.get("label_zh") or node,
                "en": d.get("label_en"),
                "names": d.get("names", [d.get("label_zh") or node]),
                "props": d.get("properties", []),
                "themes": d.get("themes", []),
                "sentences": d.get("sentences", []),
            }
        )
    kinds: dict[str, dict[str, Any]] = {}
    for _, d in view.nodes(data=True):
        if d["kind"] == "organisation":
            code = d.get("org_kind", "other")
            entry = kinds.setdefault(code, {"key": code, "zh": d.get("org_kind_zh", code), "en": d.get("org_kind_en", code), "count": 0})
            entry["count"] += 1
    for r in reports:
        court = r["court"]
        r["courtZh"] = view.nodes[court]["label_zh"] if court in view else None
        r["courtEn"] = view.nodes[court].get("label_en") if court in view else None
    courts = sorted({r["court"] for r in reports if r["court"] and r["court"] in view},
                    key=lambda c: (view.nodes[c]["label_zh"], c))
    summary = _summary(view, belongs, reports) if len(reports) >= SUMMARY_MIN_REPORTS else None
    return {
        "title": title,
        "opening": "summary" if summary else "graph",
        "summary": summary,
        "endpoint": endpoint,
        "reports": reports,
        "courts": [{"id": c, "zh": view.nodes[c]["label_zh"], "en": view.nodes[c].get("label_en")} for c in courts],
        "years": sorted({r["year"] for r in reports if r["year"]}),
        "kinds": [kinds[k] for k in sorted(kinds)],
        "classes": [
            {
                "key": c.key,
                "zh": c.zh,
                "en": c.en,
                "color": c.color,
                "shape": c.shape,
                "count": counts[c.key],
                "opening": c.opening,
            }
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
    return "".join(_script_json_parts(value))


# items of a list dumped in one call when the page's JSON is written in pieces: few enough
# calls to cost nothing next to one dump, small enough pieces to hold nothing large
_JSON_BATCH = 2000


def _script_json_parts(value: Any, depth: int = 3) -> Iterator[str]:
    """:func:`script_json`'s text in consecutive pieces: dictionaries and lists ``depth`` levels
    down are opened here, their keys sorted and their items dumped a batch at a time, each
    piece exactly as the one dump of the whole would write it."""
    if depth and isinstance(value, dict) and all(isinstance(k, str) for k in value):
        yield "{"
        for n, key in enumerate(sorted(value)):
            yield ("," if n else "") + _script_text(json.dumps(key, ensure_ascii=False)) + ":"
            yield from _script_json_parts(value[key], depth - 1)
        yield "}"
    elif depth and isinstance(value, list) and len(value) > _JSON_BATCH:
        yield "["
        for start in range(0, len(value), _JSON_BATCH):
            text = json.dumps(value[start:start + _JSON_BATCH], ensure_ascii=False, sort_keys=True, separators=(",", ":"))
            yield ("," if start else "") + _script_text(text[1:-1])
        yield "]"
    else:
        yield _script_text(json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")))


def _script_text(text: str) -> str:
    return re.sub("[<>&\u2028\u2029]", lambda m: _SCRIPT_ESCAPES[m.group()], text)


def _asset(name: str) -> str:
    from courtgraph.resources import data_text

    return data_text(name)


def _vis_assets() -> tuple[str, str]:
    lib = Path(_pyvis_folder()) / "templates" / "lib" / "vis-9.1.2"
    return (lib / "vis-network.min.js").read_text(encoding="utf-8"), (lib / "vis-network.css").read_text(
        encoding="utf-8"
    )


def _reports(view: nx.MultiDiGraph) -> tuple[list[dict[str, Any]], dict[str, list[int]]]:
    """The reports in court then year order, and for every node the indices of the reports it
    belongs to (through its themes; a court: its reports; a body leading a court: that court's),
    for the court and year filters and the previous/next-report links."""
    if "reports" in view.graph:  # a view cut to its opening classes keeps what its reports were
        kept: tuple[list[dict[str, Any]], dict[str, list[int]]] = view.graph["reports"]
        return kept
    found = []
    for node, data in view.nodes(data=True):
        if data["kind"] != "report":
            continue
        courts = sorted(c for _, c, r in view.out_edges(node, keys=True) if r == "report-of")
        court = courts[0] if courts else None
        court_label = view.nodes[court]["label_zh"] if court is not None else ""
        found.append((court_label, court or "", data.get("year") or "", node, data["label_zh"]))
    found.sort()
    reports = [
        {"id": node, "court": court or None, "year": year or None, "zh": label} for _, court, year, node, label in found
    ]
    index = {r["id"]: i for i, r in enumerate(reports)}
    of_court: dict[str, list[int]] = {}
    for i, r in enumerate(reports):
        if r["court"]:
            of_court.setdefault(r["court"], []).append(i)
    of_theme = {
        theme: sorted(index[rep] for _, rep, rel in view.out_edges(theme, keys=True) if rel == "in-report" and rep in index)
        for theme, d in view.nodes(data=True) if d["kind"] == "theme"
    }
    belongs: dict[str, list[int]] = {}
    for node, data in view.nodes(data=True):
        got: set[int] = set()
        if data["kind"] == "report":
            got.add(index[node])
        elif data["kind"] == "court":
            got.update(of_court.get(node, []))
        for theme in data.get("themes", []):
            got.update(of_theme.get(theme, []))
        if data["kind"] == "organisation":
            for _, court, rel in view.out_edges(node, keys=True):
                if rel in ("leads", "supervises"):
                    got.update(of_court.get(court, []))
        belongs[node] = sorted(got)
    return reports, belongs


def _summary(view: nx.MultiDiGraph, belongs: dict[str, list[int]], reports: list[dict[str, Any]]) -> dict[str, Any]:
    """The corpus opening view: courts and one node per kind of partner body, an edge from a
    court to a kind carrying how many bodies of that kind are partners of the court's
    initiatives; clicking a kind expands it into its bodies, each linked to the courts that name
    it (with how many initiatives). Positions: two rings (below), bodies around their kind."""
    courts = sorted(n for n, d in view.nodes(data=True) if d["kind"] == "court")
    pairs: dict[tuple[str, str], int] = {}
    for a, b, rel in view.edges(keys=True):
        if rel == "partner" and view.nodes[b]["kind"] == "organisation":
            for court in sorted({reports[i]["court"] for i in belongs.get(a, []) if reports[i]["court"]}):
                pairs[(court, b)] = pairs.get((court, b), 0) + 1
    # partners only: a body that leads or supervises the court is no one it works with
    kinds: dict[str, dict[str, Any]] = {}
    bodies: dict[tuple[str, str], set[str]] = {}
    for court, org in sorted(pairs):
        d = view.nodes[org]
        code = d.get("org_kind", "other")
        kinds.setdefault(code, {"zh": d.get("org_kind_zh", code), "en": d.get("org_kind_en", code), "orgs": set()})
        kinds[code]["orgs"].add(org)
        bodies.setdefault((court, code), set()).add(org)
    # kinds on an inner ring, most bodies first; each court on an outer ring at the angle of
    # the kind it works with most, so courts alike sit together: linear, and no physics
    order = sorted(kinds, key=lambda code: (-len(kinds[code]["orgs"]), code))
    inner = max(160.0, 130.0 * len(order) / (2 * math.pi))
    angle = {code: 2 * math.pi * i / max(len(order), 1) for i, code in enumerate(order)}
    at: dict[str, tuple[float, float]] = {}
    for code in order:
        at[f"kind:{code}"] = (inner * math.cos(angle[code]), inner * math.sin(angle[code]))
    rank = {code: i for i, code in enumerate(order)}
    best: dict[str, tuple[int, int]] = {}
    for (court, code), orgs in bodies.items():
        best[court] = min(best.get(court, (0, len(order))), (-len(orgs), rank[code]))
    strongest = {court: best.get(court, (0, len(order)))[1] for court in courts}
    ring = sorted(courts, key=lambda c: (strongest[c], view.nodes[c]["label_zh"], c))
    outer = max(inner + 260.0, 36.0 * len(ring) / (2 * math.pi))
    for i, court in enumerate(ring):
        turn = 2 * math.pi * i / max(len(ring), 1)
        radius = outer + (50.0 if i % 2 else 0.0)  # every other court a step out: room for names
        at[court] = (radius * math.cos(turn), radius * math.sin(turn))
    degree: dict[str, int] = {court: 0 for court in courts}
    for court, code in bodies:
        degree[court] += 1
        degree[f"kind:{code}"] = degree.get(f"kind:{code}", 0) + 1
    golden = math.pi * (3 - math.sqrt(5))
    nodes = []
    for court in courts:
        x, y = at[court]
        nodes.append({"id": court, "x": round(x, 1), "y": round(y, 1), "size": round(10 + 5 * math.sqrt(degree[court]), 1)})
    links_of: dict[str, list[list[Any]]] = {}
    for (court, org), count in sorted(pairs.items(), key=lambda p: (p[0][1], p[0][0])):
        links_of.setdefault(view.nodes[org].get("org_kind", "other"), []).append([org, court, count])
    kind_nodes = []
    expand: dict[str, dict[str, Any]] = {}
    for code in sorted(kinds):
        kid = f"kind:{code}"
        x, y = at[kid]
        members = sorted(kinds[code]["orgs"])
        kind_nodes.append({
            "id": kid, "code": code, "zh": kinds[code]["zh"], "en": kinds[code]["en"], "bodies": len(members),
            # a kind's size follows its bodies (every kind meets most courts in a corpus)
            "courts": degree[kid], "x": round(x, 1), "y": round(y, 1), "size": round(min(60.0, 10 + 3 * math.sqrt(len(members))), 1),
        })
        placed = []
        for i, org in enumerate(members):
            radius = 50.0 + 22.0 * math.sqrt(i)
            placed.append({"id": org, "x": round(x + radius * math.cos(i * golden), 1),
                           "y": round(y + radius * math.sin(i * golden), 1)})
        expand[kid] = {"nodes": placed, "edges": links_of.get(code, [])}
    edges = [[court, f"kind:{code}", len(orgs)] for (court, code), orgs in sorted(bodies.items())]
    return {"courts": nodes, "kinds": kind_nodes, "edges": edges, "expand": expand}


def _page(
    view: nx.MultiDiGraph, *, title: str, seed: int, opening_edges: list[tuple[str, str, str]], endpoint: str | None = None
) -> Iterator[str]:
    from jinja2 import Environment, PackageLoader

    net = _vis_network(view, seed, opening_edges)
    vis_js, vis_css = _vis_assets()
    env = Environment(loader=PackageLoader("courtgraph", "data"), autoescape=True, keep_trailing_newline=True)
    data = _page_data(view, net, title, seed=seed, endpoint=endpoint)
    template = env.get_template(_TEMPLATE)
    # The template is drawn around a marker, and the data's JSON is written in its place piece
    # by piece. A title taken from a report could hold the marker too: another marker is then
    # tried, so that the one place found is the data's.
    for attempt in itertools.count():
        marker = f"\x00cg-data-{attempt}\x00"
        page = template.render(
            title=title,
            data_json=marker,
            vis_js=vis_js,
            vis_css=vis_css,
            viz_js=_asset("viz.js"),
            viz_css=_asset("viz.css"),
        )
        found = page.count(marker)
        if found == 1:
            break
        if found == 0:
            raise AssertionError("the page template must hold the data")
    before, _, after = page.partition(marker)
    return itertools.chain((before,), _script_json_parts(data), (after,))


# -- vis-network's records without pyvis's Network ---------------------------------------------
# Importing pyvis.network imports IPython (a quarter of a second), for every build that writes
# the page; the page needs only the node and edge records pyvis would make, and the vis-network
# files that ship with pyvis. tests/test_fast_paths.py checks the records against pyvis's own.


def _pyvis_folder() -> str:
    """pyvis's package folder, found without importing the package."""
    import importlib.util

    spec = importlib.util.find_spec("pyvis")
    if spec is None or spec.origin is None:
        raise ModuleNotFoundError("pyvis is needed for the network view's vis-network files")
    return os.path.dirname(spec.origin)


class _VisRecords:
    """The records ``pyvis.network.Network(directed=True)`` makes for ``add_node`` and ``add_edge``
    as this module calls them (no groups, no font colour): one per node id, labels defaulting to
    the id, and every edge pointing ``to`` its target."""

    def __init__(self) -> None:
        self.nodes: list[dict[str, Any]] = []
        self.edges: list[dict[str, Any]] = []
        self._ids: set[str] = set()

    def add_node(self, n_id: str, label: str | None = None, shape: str = "dot", color: str = "#97c2fc", **options: Any) -> None:
        if n_id in self._ids:
            return
        self._ids.add(n_id)
        self.nodes.append({**options, "color": color, "id": n_id, "label": label or n_id, "shape": shape})

    def add_edge(self, source: str, to: str, **options: Any) -> None:
        if source not in self._ids or to not in self._ids:
            raise ValueError(f"an edge between nodes not added: {source!r} -> {to!r}")
        self.edges.append({**options, "from": source, "to": to, **({} if "arrows" in options else {"arrows": "to"})})
