"""GraphML and GEXF exports load back into networkx with the same nodes, edges and attributes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from courtgraph import analytics
from test_analytics import build_graph, gold_extraction

READERS = {"graphml": nx.read_graphml, "gexf": nx.read_gexf}
VIEWS = {
    "full": analytics.typed_graph,
    "partners": analytics.partnership_graph,
    "organisations": analytics.organisation_network,
    "themes": analytics.theme_tree,
}


@pytest.fixture(scope="module")
def graph() -> Any:
    return build_graph(gold_extraction())


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
@pytest.mark.parametrize("view", list(VIEWS))
def test_export_loads_back_with_same_counts(graph: Any, tmp_path: Path, fmt: str, view: str) -> None:
    original = VIEWS[view](graph)
    path = analytics.export_network(graph, tmp_path / f"net.{fmt}", format=fmt, view=view)
    loaded = READERS[fmt](path)
    assert loaded.number_of_nodes() == original.number_of_nodes()
    assert loaded.number_of_edges() == original.number_of_edges()
    assert set(loaded.nodes) == set(original.nodes)
    assert loaded.is_directed() == original.is_directed()


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_labels_and_classes_survive(graph: Any, tmp_path: Path, fmt: str) -> None:
    path = analytics.export_network(graph, tmp_path / f"net.{fmt}", format=fmt, view="full")
    loaded = READERS[fmt](path)
    classes = [data.get("class") for _, data in loaded.nodes(data=True)]
    # The gold has 25 initiatives and 23 organisations.
    assert classes.count("Initiative") == 25
    assert classes.count("Organisation") == 23
    labels = {data.get("label") for _, data in loaded.nodes(data=True)}
    assert "原始瓷遗址司法保护基地" in labels
    assert "主动服务大局 助推保障高质量发展" in labels
    partner_edges = [d for _, _, d in loaded.edges(data=True) if d.get("property") == "partner"]
    assert len(partner_edges) == 14


def test_projection_weights_survive(graph: Any, tmp_path: Path) -> None:
    path = analytics.export_network(graph, tmp_path / "orgs.graphml", format="graphml", view="organisations")
    loaded = nx.read_graphml(path)
    # 检察院 and 公安局 share two initiatives (I5, I8); every other link is one initiative.
    assert sorted(d["weight"] for _, _, d in loaded.edges(data=True)) == [1, 1, 1, 2]


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_export_is_byte_identical_and_atomic(graph: Any, tmp_path: Path, fmt: str) -> None:
    first = analytics.export_network(graph, tmp_path / "a" / f"net.{fmt}", format=fmt)
    second = analytics.export_network(build_graph(gold_extraction()), tmp_path / "b" / f"net.{fmt}", format=fmt)
    assert first.read_bytes() == second.read_bytes()
    assert "lastmodifieddate" not in first.read_text(encoding="utf-8")
    assert sorted(p.name for p in first.parent.iterdir()) == [f"net.{fmt}"]


def test_unknown_format_or_view_is_one_clear_error(graph: Any, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown export format 'dot'"):
        analytics.export_network(graph, tmp_path / "x", format="dot")
    with pytest.raises(ValueError, match="unknown view 'everything'"):
        analytics.export_network(graph, tmp_path / "x", view="everything")
    assert not (tmp_path / "x").exists()


def test_export_command_writes_gexf_from_the_suffix(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from courtgraph.cli import cli
    from test_analytics import GOLD

    out = tmp_path / "partners.gexf"
    result = CliRunner().invoke(cli, ["export", str(GOLD), "--view", "partners", "--out", str(out)])
    assert result.exit_code == 0, result.output
    loaded = nx.read_gexf(out)
    # 25 initiatives + 12 partner organisations, 14 partnerships.
    assert (loaded.number_of_nodes(), loaded.number_of_edges()) == (37, 14)
    result = CliRunner().invoke(cli, ["export", str(GOLD), "--format", "graphml", "--view", "organisations",
                                      "--out", str(tmp_path / "orgs.xml")])
    assert result.exit_code == 0, result.output
    assert nx.read_graphml(tmp_path / "orgs.xml").number_of_edges() == 4
