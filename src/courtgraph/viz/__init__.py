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

from courtgraph.viz.graph import NODE_CLASSES, PROPERTY_LABELS, RELATIONS, NodeClass, to_view_graph
from courtgraph.viz.page import render_html, script_json, show, write_html

__all__ = [
    "NODE_CLASSES",
    "PROPERTY_LABELS",
    "RELATIONS",
    "NodeClass",
    "to_view_graph",
    "render_html",
    "write_html",
    "show",
    "script_json",
]
