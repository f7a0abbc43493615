"""A still picture of the view's opening (PNG or SVG), for reports and slides, without a browser.

The picture shows what the page opens on, laid out with the page's own positions: for a corpus
of several reports the courts and the kinds of partner body (edge width: how many bodies), for
one or two reports the courts, themes, initiatives and partners. matplotlib is imported here
only, with its non-interactive backend, so the rest of the view never pays for it.
"""

from __future__ import annotations

import math
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from courtgraph.errors import InputError

if TYPE_CHECKING:
    import networkx as nx
    from rdflib import Graph

__all__ = ["write_picture"]

_FORMATS = {".png": "png", ".svg": "svg"}
_CJK_FONTS = ("WenQuanYi Micro Hei", "Noto Sans CJK SC", "Microsoft YaHei", "SimHei")


def write_picture(dataset_or_graph: Graph | nx.MultiDiGraph, path: str | os.PathLike[str], *, labels: int = 40) -> Path:
    """Draw the view's opening to ``path`` (``.png`` or ``.svg``, byte-identical for the same
    graph) and return the path; at most ``labels`` node names are written, larger nodes first."""
    import networkx as nx

    from courtgraph.files import staged_files
    from courtgraph.viz.graph import NODE_CLASSES, to_view_graph
    from courtgraph.viz.page import SUMMARY_MIN_REPORTS, _layout, _opening_edges, _reports, _summary

    target = Path(path)
    fmt = _FORMATS.get(target.suffix.lower())
    if fmt is None:
        raise InputError(f"{target}: the picture is written as .png or .svg, not {target.suffix or 'no suffix'}")
    view = dataset_or_graph if isinstance(dataset_or_graph, nx.Graph) else to_view_graph(dataset_or_graph)
    reports, belongs = _reports(view)
    color = {c.key: c.color for c in NODE_CLASSES}
    points: list[tuple[float, float, float, str, str, str]] = []  # x, y, size, colour, label, kind
    lines: list[tuple[float, float, float, float, float]] = []  # x0, y0, x1, y1, width
    if len(reports) >= SUMMARY_MIN_REPORTS:
        summary = _summary(view, belongs, reports)
        at = {}
        for c in summary["courts"]:
            at[c["id"]] = (c["x"], c["y"])
            points.append((c["x"], c["y"], c["size"], color["court"], view.nodes[c["id"]]["label_zh"], "court"))
        for k in summary["kinds"]:
            at[k["id"]] = (k["x"], k["y"])
            points.append((k["x"], k["y"], k["size"], color["organisation"], f"{k['zh']} {k['bodies']}", "organisation"))
        for court, kind, count in summary["edges"]:
            lines.append((*at[court], *at[kind], 0.4 + math.log(count)))
    else:
        opening_edges = _opening_edges(view)
        shown = {n for n, d in view.nodes(data=True) if any(c.key == d["kind"] and c.opening for c in NODE_CLASSES)}
        positions = _layout(view, 7, opening_edges)
        degree = dict(view.degree())
        for node in sorted(shown):
            d = view.nodes[node]
            x, y = positions[node]
            points.append((x, y, 8 + 5 * math.sqrt(degree[node]), color[d["kind"]], d["label_zh"], d["kind"]))
        pairs = {(a, b) for a, b in view.edges() if a in shown and b in shown}
        pairs.update((a, b) for a, b, _ in opening_edges if a in shown and b in shown)
        for a, b in sorted(pairs):
            lines.append((*positions[a], *positions[b], 0.5))
    picture = _draw(points, lines, fmt, labels)
    target.parent.mkdir(parents=True, exist_ok=True)
    with staged_files([target]) as staged:  # atomic: a reader never sees half a picture
        staged[target].write_bytes(picture)
    return target


def _draw(
    points: list[tuple[float, float, float, str, str, str]],
    lines: list[tuple[float, float, float, float, float]],
    fmt: str,
    labels: int,
) -> bytes:
    import io

    import matplotlib

    matplotlib.use("Agg")  # no display: a build machine or CI has none
    from matplotlib import font_manager
    from matplotlib import pyplot as plt
    from matplotlib.collections import LineCollection

    installed = {f.name for f in font_manager.fontManager.ttflist}
    family = [name for name in _CJK_FONTS if name in installed] + ["DejaVu Sans"]
    with matplotlib.rc_context({"font.family": family, "svg.hashsalt": "courtgraph", "svg.fonttype": "path"}):
        fig, ax = plt.subplots(figsize=(12, 9), dpi=100)
        ax.set_axis_off()
        ax.add_collection(LineCollection([((x0, -y0), (x1, -y1)) for x0, y0, x1, y1, _ in lines],
                                         linewidths=[w for *_, w in lines], colors="#b8b8b8", zorder=1))
        if points:
            ax.scatter([p[0] for p in points], [-p[1] for p in points], s=[(p[2] * 0.9) ** 2 / 4 for p in points],
                       c=[p[3] for p in points], edgecolors="white", linewidths=0.5, zorder=2)
        # labels in the order a reader looks for them; the rest of the nodes stay unlabelled dots
        rank = {"court": 0, "theme": 1, "organisation": 2, "initiative": 3}
        for x, y, size, _, text, _kind in sorted(points, key=lambda p: (rank.get(p[5], 9), -p[2], p[4]))[:labels]:
            ax.annotate(text, (x, -y), xytext=(0, -size * 0.45 - 4), textcoords="offset points", ha="center",
                        va="top", fontsize=9, zorder=3)
        ax.autoscale_view()
        ax.margins(0.06)
        out = io.BytesIO()
        # no dates or software versions in the file: the same graph gives the same bytes
        metadata: dict[str, Any] = {"Software": None} if fmt == "png" else {"Date": None, "Creator": None}
        fig.savefig(out, format=fmt, metadata=metadata, bbox_inches="tight")
        plt.close(fig)
    return out.getvalue()
