"""The analytics on the seed, checked against values worked out by hand from the gold file.

Every expectation below was derived by reading tests/gold/deqing-2024.yaml (initiatives'
``partners`` and ``work_area``, the metrics' ``attached_to``, the organisations' ``kind``),
not by running the code. The graph is built from the gold Extraction, so the numbers test
the analytics and not the extractor.
"""

from __future__ import annotations

import math
import re
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
import yaml

from courtgraph import analytics
from courtgraph.model import Extraction

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "gold" / "deqing-2024.yaml"

# Theme headings in report order (gold themes T1..T6).
T1 = "主动服务大局 助推保障高质量发展"
T2 = "严格公正司法 忠诚履职维护公平正义"
T3 = "坚持人民至上 主动作为回应群众关切"
T4 = "全面接受监督 落实落细全过程人民民主"
T5 = "狠抓强基固本 从严治院锻造过硬铁军"
T6 = "深化改革创新 加快推进德清法院现代化建设"


def gold_extraction() -> Extraction:
    with GOLD.open(encoding="utf-8") as stream:
        return Extraction.from_dict(yaml.safe_load(stream))


def build_graph(extraction: Extraction) -> Any:
    """The seed's graph from the project's RDF builder."""
    from courtgraph.rdf import to_dataset

    return to_dataset([extraction])


@pytest.fixture(scope="module")
def gold() -> Extraction:
    return gold_extraction()


@pytest.fixture(scope="module")
def graph(gold: Extraction) -> Any:
    return build_graph(gold)


def _names(gold: Extraction) -> dict[str, str]:
    """Every way the gold writes an organisation or initiative -> its gold name.

    A graph label may be the name as written or the full canonical name; both identify it.
    """
    names: dict[str, str] = {}
    for org in gold.organizations:
        for written in (org.mention_zh, org.canonical_zh, *org.also_zh):
            if written:
                names[written] = org.mention_zh
    for initiative in gold.initiatives:
        names[initiative.mention_zh] = initiative.name_zh
        names[initiative.name_zh] = initiative.name_zh
    return names


def _name(gold: Extraction, label: str) -> str:
    return _names(gold).get(label, label)


# --------------------------------------------------------------------------- views


def test_partnership_graph_is_bipartite_with_every_initiative_and_the_partners(graph: Any, gold: Extraction) -> None:
    g = analytics.partnership_graph(graph)
    initiatives = {n for n, side in g.nodes(data="bipartite") if side == 0}
    orgs = {n for n, side in g.nodes(data="bipartite") if side == 1}
    # 25 initiatives I1..I25; 12 organisations are someone's partner:
    # O1 O6 O7 O8 O9 O10 O11 O12 O14 O15 O21 O23.
    assert len(initiatives) == 25
    assert {_name(gold, g.nodes[n]["label"]) for n in orgs} == {
        "县委", "社会治理中心", "德清县木皮商会", "检察院", "公安局", "文广旅体局",
        "县人社局", "县红十字会", "央视", "人民法院报", "浙江省莫干山女子强制隔离戒毒所", "浙江工业大学法学院",
    }
    # Partnerships: I2 1, I3 1, I4 1, I5 3, I8 2, I9 1, I12 1, I15 2, I17 1, I19 1.
    assert g.number_of_edges() == 14
    assert nx.is_bipartite(g)
    assert all(g.nodes[u]["bipartite"] != g.nodes[v]["bipartite"] for u, v in g.edges)
    # 15 initiatives have no partner and stay as isolated nodes.
    assert sum(1 for n in initiatives if g.degree(n) == 0) == 15


def test_organisation_projection_links_agencies_sharing_initiatives(graph: Any, gold: Extraction) -> None:
    g = analytics.organisation_network(graph)
    assert g.number_of_nodes() == 12
    edges = {
        frozenset(_name(gold, g.nodes[n]["label"]) for n in (u, v)): data["weight"]
        for u, v, data in g.edges(data=True)
    }
    # I5 joins 检察院, 公安局 and 文广旅体局; I8 joins 检察院 and 公安局 again; I15 joins 央视 and 人民法院报.
    assert edges == {
        frozenset({"检察院", "公安局"}): 2,
        frozenset({"检察院", "文广旅体局"}): 1,
        frozenset({"公安局", "文广旅体局"}): 1,
        frozenset({"央视", "人民法院报"}): 1,
    }
    pair = next(d for u, v, d in g.edges(data=True) if d["weight"] == 2)
    assert sorted(_name(gold, x) for x in pair["initiatives"]) == sorted(["原始瓷遗址司法保护基地", "沟通协调机制"])


def test_theme_tree_is_a_forest_of_six_themes(graph: Any, gold: Extraction) -> None:
    g = analytics.theme_tree(graph)
    roots = [n for n in g if g.in_degree(n) == 0]
    assert nx.is_forest(g)
    assert [g.nodes[n]["label"] for n in roots] == [T1, T2, T3, T4, T5, T6]
    # 4+3+3+3+3+3 = 19 work areas, 25 initiatives: 50 nodes, 44 edges.
    assert g.number_of_nodes() == 50
    assert g.number_of_edges() == 44
    area_counts = [g.out_degree(n) for n in roots]
    assert area_counts == [4, 3, 3, 3, 3, 3]
    t6 = roots[5]
    t6_initiatives = {_name(gold, g.nodes[i]["label"]) for a in g.successors(t6) for i in g.successors(a)}
    assert t6_initiatives == {"双百日攻坚", "e键", "AI智慧法庭", "法护知产"}


def test_typed_graph_keeps_the_relations_between_entities(graph: Any) -> None:
    g = analytics.typed_graph(graph)
    assert isinstance(g, nx.MultiDiGraph)
    keys = [k for _, _, k in g.edges(keys=True)]
    assert keys.count("partner") == 14
    # 25 initiatives and 5 documents (D1-D5) sit in a work area.
    assert keys.count("inWorkArea") == 30
    placed = [g.nodes[u]["class"] for u, _, k in g.edges(keys=True) if k == "inWorkArea"]
    assert placed.count("Initiative") == 25 and placed.count("Document") == 5
    assert keys.count("broader") == 19
    classes = {c for _, c in g.nodes(data="class")}
    assert {"Initiative", "Organisation", "Theme", "WorkArea", "Quantity", "WorkReport"} <= classes
    assert "Sentence" not in classes
    assert sum(1 for _, c in g.nodes(data="class") if c == "Organisation") == 23


# --------------------------------------------------------------------------- measures


def test_procuratorate_and_police_are_the_most_connected_partners(graph: Any, gold: Extraction) -> None:
    table = analytics.partner_centrality(graph)
    assert len(table) == 12
    top = table.head(2)
    assert {_name(gold, x) for x in top["organisation"]} == {"检察院", "公安局"}
    assert list(top["initiatives"]) == [2, 2]
    assert set(table["initiatives"].iloc[2:]) == {1}
    by_name = {_name(gold, row.organisation): row for row in table.itertuples()}
    assert by_name["检察院"].kind == "procuratorate"
    assert by_name["检察院"].co_partners == 2
    assert by_name["文广旅体局"].co_partners == 2
    assert by_name["央视"].co_partners == 1
    assert by_name["县红十字会"].co_partners == 0
    # Normalised degree: 2 neighbours out of 11 other partners.
    assert by_name["检察院"].degree == pytest.approx(2 / 11)
    # A triangle and a pair: no agency lies between two others.
    assert set(table["betweenness"]) == {0.0}


def test_eigenvector_centrality_by_hand(graph: Any, gold: Extraction) -> None:
    # Largest component: the triangle with weights 检察院–公安局 2, the others 1. With x for
    # 检察院 and 公安局 and y for 文广旅体局: λx = 2x + y, λy = 2x, so λ² − 2λ − 2 = 0,
    # λ = 1 + √3, y = 2x/λ; unit norm gives x = 0.627963, y = 0.459701. The pair 央视–人民法院报
    # has λ = 1 < 1 + √3, so every node outside the triangle gets 0.
    table = analytics.partner_centrality(graph)
    by_name = {_name(gold, row.organisation): row.eigenvector for row in table.itertuples()}
    assert by_name["检察院"] == pytest.approx(0.627963, abs=1e-6)
    assert by_name["公安局"] == pytest.approx(0.627963, abs=1e-6)
    assert by_name["文广旅体局"] == pytest.approx(0.459701, abs=1e-6)
    assert by_name["央视"] == 0.0
    assert by_name["县委"] == 0.0


def test_eigenvector_is_nan_when_not_unique() -> None:
    import networkx as nx

    # Two separate pairs: the top eigenvalue 1 appears twice, so no single ranking exists.
    g = nx.Graph()
    g.add_edge("a", "b", weight=1)
    g.add_edge("c", "d", weight=1)
    values = analytics._eigenvector(g, ["a", "b", "c", "d"])
    assert all(math.isnan(v) for v in values.values())


def test_agencies_bridging_themes(graph: Any, gold: Extraction) -> None:
    # 检察院 and 公安局 partner I5 (T1.4, theme T1) and I8 (T2.2, theme T2); every other partner
    # works on one initiative only.
    table = analytics.theme_bridges(graph)
    assert {_name(gold, x) for x in table["organisation"]} == {"检察院", "公安局"}
    assert list(table["themes"]) == [2, 2]
    assert list(table["headings"]) == [f"{T1}；{T2}"] * 2
    everyone = analytics.theme_bridges(graph, min_themes=1)
    assert len(everyone) == 12


def test_initiatives_per_theme(graph: Any) -> None:
    table = analytics.initiatives_per_theme(graph)
    assert list(table["theme"]) == [T1, T2, T3, T4, T5, T6]
    # T1: I1-I7; T2: I8; T3: I9-I15; T4: none; T5: I16-I21; T6: I22-I25.
    assert list(table["initiatives"]) == [7, 1, 7, 0, 6, 4]
    # With partners: T1 I2 I3 I4 I5; T2 I8; T3 I9 I12 I15; T5 I17 I19.
    assert list(table["partnered"]) == [4, 1, 3, 0, 2, 0]


def test_initiatives_per_partner_kind(graph: Any) -> None:
    table = analytics.initiatives_per_partner_kind(graph)
    rows = {row.kind: (row.initiatives, row.partners) for row in table.itertuples()}
    assert rows == {
        "government-bureau": (3, 3),  # O6 I3, O10 I5, O11 I9
        "procuratorate": (2, 1),
        "public-security": (2, 1),
        "business-association": (1, 1),
        "detention-facility": (1, 1),
        "media": (1, 2),  # 央视 and 人民法院报, both on I15
        "ngo": (1, 1),
        "party-committee": (1, 1),
        "university": (1, 1),
    }
    assert list(table["kind"][:3]) == ["government-bureau", "procuratorate", "public-security"]


def test_outcomes_per_theme_counts_and_totals(graph: Any) -> None:
    table = analytics.outcomes_per_theme(graph)
    assert list(table.columns) == ["report", "order", "theme", "unit", "quantities", "total"]
    counts = table.groupby("theme", sort=False)["quantities"].sum()
    # Summary M1-M5; T1 M6 M7 (via I1); T2 M8-M16; T3 M17 (via I15); T4 M18-M24; T6 M25 M26.
    assert dict(counts) == {analytics.SUMMARY_HEADING: 5, T1: 2, T2: 9, T3: 1, T4: 7, T6: 2}
    assert list(counts.index) == [analytics.SUMMARY_HEADING, T1, T2, T3, T4, T6]
    # The gold gives values as written (no value_normalized), so totals are per unit as written.
    # T2 cases: 20 + 8 + 6714 + 1557 + 3155; money: 24.8 + 6.49 亿元; one count of persons (22);
    # one rate (31.37%) whose total is undefined.
    t2 = table[table["theme"] == T2]
    rows = {row.unit: (row.quantities, row.total) for row in t2.itertuples()}
    assert set(rows) == {"件", "亿元", "人", "%"}
    assert rows["件"] == (5, pytest.approx(11454))
    assert rows["亿元"] == (2, pytest.approx(31.29))
    assert rows["人"] == (1, pytest.approx(22))
    assert rows["%"][0] == 1 and math.isnan(rows["%"][1])
    t4 = table[table["theme"] == T4]
    # M18 56 + M19 200 person-times; M21 144 条; M22 66 篇; M23 10 + M24 17 次; M20 22 份.
    assert {row.unit: row.total for row in t4.itertuples()} == {
        "人次": 256, "条": 144, "篇": 66, "次": 27, "份": 22,
    }


def test_outcomes_per_theme_counts_each_quantity_once(graph: Any, gold: Extraction) -> None:
    # one thing is counted, quantities: each of the gold's 26 metrics once, whether it is
    # attached to an initiative (M6, M7 to I1; M17 to I15), to a work area or to the report
    table = analytics.outcomes_per_theme(graph)
    assert len(gold.metrics) == 26
    assert int(table["quantities"].sum()) == len(gold.metrics)
    # T1's two are both attached to I1 (德法演播厅——营商法律微课堂): 5 期 and 450 人次
    t1 = table[table["theme"] == T1]
    assert sorted(zip(t1["unit"], t1["quantities"])) == [("人次", 1), ("期", 1)]


def test_outcomes_per_theme_uses_normalised_values_when_present(gold: Extraction) -> None:
    import dataclasses

    # An extractor that normalises writes 亿元 as CNY ×1e8 and 万人次 as person-time ×1e4.
    factors = {"亿元": ("CNY", 1e8), "万人次": ("person-time", 1e4)}
    metrics = tuple(
        dataclasses.replace(m, unit=factors[m.unit_zh][0], value_normalized=m.value * factors[m.unit_zh][1])
        if m.unit_zh in factors else m
        for m in gold.metrics
    )
    table = analytics.outcomes_per_theme(build_graph(dataclasses.replace(gold, metrics=metrics)))
    money = table[(table["theme"] == T2) & (table["unit"] == "CNY")]
    assert list(money["total"]) == [pytest.approx(3.129e9)]
    reach = table[table["theme"] == T3]
    assert list(zip(reach["unit"], reach["total"])) == [("person-time", pytest.approx(1_000_000))]


def test_communities_of_cooperating_agencies(graph: Any, gold: Extraction) -> None:
    table = analytics.communities(graph)
    groups = {
        frozenset(_name(gold, x) for x in members["organisation"])
        for _, members in table.groupby("community")
    }
    assert frozenset({"检察院", "公安局", "文广旅体局"}) in groups
    assert frozenset({"央视", "人民法院报"}) in groups
    # The seven other partners work with no other agency: each is a community of one.
    assert len(groups) == 9
    assert list(table["size"][:3]) == [3, 3, 3]
    assert table.equals(analytics.communities(graph))


def test_initiatives_without_a_stated_outcome(graph: Any, gold: Extraction) -> None:
    table = analytics.initiatives_without_outcome(graph)
    # With a result: I1 I15 (metrics), I9 I11 I12 I13 I22 I23 I24 (outcome text), I3 I4 (awards).
    assert {_name(gold, x) for x in table["initiative"]} == {
        "县委法院工作会议", "原始瓷遗址司法保护基地", "瓷源文化遗产保护巡回审判点", "寻脉运河",
        "沟通协调机制", "一站式", "法治半小时", "莫干天平大讲堂", "党建联建协议",
        "新晋轮岗、基层锻炼、以师带徒", "实务导师走出去、高校师生走进来",
        "以案释德、以案释纪、以案释法", "家属助廉", "法护知产",
    }
    # Report order: the T1 ones first, 法护知产 (T6.3) last.
    assert _name(gold, table["initiative"].iloc[-1]) == "法护知产"
    assert set(table["theme"].iloc[:4]) == {T1}
    base = table[[_name(gold, x) == "原始瓷遗址司法保护基地" for x in table["initiative"]]]
    assert len(base["partners"].iloc[0].split("；")) == 3


def test_firsts_per_theme(graph: Any, gold: Extraction) -> None:
    table = analytics.firsts(graph)
    rows = {(row.theme, _name(gold, row.initiative), row.claim, row.scope) for row in table.itertuples()}
    assert rows == {
        (T1, "县委法院工作会议", "首次", "unspecified"),
        (T1, "银耀天平工作室", "全省率先", "provincial"),
        (T3, "爱心天平", "全省率先", "provincial"),
        (T3, "法治半小时", "全市首个", "municipal"),
    }
    assert list(table["theme"]) == [T1, T1, T3, T3]


def test_summary_counts(graph: Any) -> None:
    result = analytics.summary(graph)
    assert result.as_dict() == {
        "reports": 1,
        "themes": 6,
        "initiatives": 25,
        "organisations": 23,
        "partners": 12,
        "partnerships": 14,
        "partnered_initiatives": 10,
        "co_operation_links": 4,
        "quantities": 26,
    }


def test_bridging_agency_has_betweenness(gold: Extraction) -> None:
    # Add one initiative run by 文广旅体局 with 央视: the triangle and the pair join into a chain
    # 检察院/公安局 — 文广旅体局 — 央视 — 人民法院报. Among the 12 partners (11·10/2 = 55 pairs),
    # 文广旅体局 lies on the shortest paths of 检察院, 公安局 × 央视, 人民法院报 (4 pairs) and
    # 央视 on those of 检察院, 公安局, 文广旅体局 × 人民法院报 (3 pairs).
    import dataclasses

    from courtgraph.model import Initiative

    ids = {o.mention_zh: o.id for o in gold.organizations}
    extra = Initiative(id="I99", name_zh="文化遗产宣传周", mention_zh="文化遗产宣传周", type="event",
                       work_area="T3.3", partners=(ids["文广旅体局"], ids["央视"]))
    graph = build_graph(dataclasses.replace(gold, initiatives=gold.initiatives + (extra,)))
    table = analytics.partner_centrality(graph)
    by_name = {_name(gold, row.organisation): row.betweenness for row in table.itertuples()}
    assert by_name["文广旅体局"] == pytest.approx(4 / 55)
    assert by_name["央视"] == pytest.approx(3 / 55)
    assert by_name["检察院"] == 0.0
    bridges = analytics.theme_bridges(graph)
    assert {_name(gold, x) for x in bridges["organisation"]} == {"检察院", "公安局", "文广旅体局"}


def test_a_plain_graph_and_a_dataset_give_the_same_answers(graph: Any) -> None:
    from rdflib import Dataset, Graph

    assert isinstance(graph, Dataset)
    plain = Graph()
    for s, p, o, _ in graph.quads((None, None, None, None)):
        plain.add((s, p, o))
    assert analytics.summary(plain) == analytics.summary(graph)
    assert analytics.partner_centrality(plain).equals(analytics.partner_centrality(graph))


def test_not_a_graph_is_one_clear_error() -> None:
    from courtgraph.errors import InputError

    with pytest.raises(InputError, match="expected an rdflib Graph or Dataset, got dict"):
        analytics.summary({})


# --------------------------------------------------------------------------- the stats command


def _run(args: list[str]) -> Any:
    from click.testing import CliRunner

    from courtgraph.cli import cli

    return CliRunner().invoke(cli, args)


def test_stats_json_on_the_gold_extraction() -> None:
    import json

    result = _run(["stats", str(GOLD), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert list(data) == ["summary", *analytics.MEASURES]
    assert data["summary"]["initiatives"] == 25
    assert data["summary"]["partnerships"] == 14
    top = data["partner_centrality"][:2]
    assert {row["organisation"] for row in top} <= {"检察院", "德清县人民检察院", "公安局", "德清县公安局"}
    assert [row["initiatives"] for row in top] == [2, 2]
    # Undefined totals (rates) are null in JSON, never NaN.
    assert any(row["total"] is None for row in data["outcomes_per_theme"])
    assert [row["initiatives"] for row in data["initiatives_per_theme"]] == [7, 1, 7, 0, 6, 4]


def test_stats_csv_of_one_measure_is_plain_csv() -> None:
    import csv
    import io

    result = _run(["stats", str(GOLD), "--format", "csv", "--measure", "initiatives_per_theme"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [row["theme"] for row in rows] == [T1, T2, T3, T4, T5, T6]
    assert [int(row["partnered"]) for row in rows] == [4, 1, 3, 0, 2, 0]


def test_stats_table_names_every_section() -> None:
    result = _run(["stats", str(GOLD)])
    assert result.exit_code == 0, result.output
    for name in ("summary", "partner centrality", "communities", "initiatives without outcome", "firsts"):
        assert f"\n{name}\n" in f"\n{result.stdout}"
    assert "全市首个" in result.stdout
    assert "https://" not in result.stdout  # IRIs are for JSON and CSV, not the terminal


def test_stats_numbers_read_as_people_read_them_and_columns_line_up() -> None:
    import unicodedata

    def width(text: str) -> int:
        return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)

    out = _run(["stats", str(GOLD)]).stdout
    assert "NaN" not in out and "nan" not in out and "e+" not in out
    assert "none stated" in out  # a rate has no total
    assert re.search(r"\b\d{1,3}(,\d{3})+\b", out)  # thousands separated
    section = out.split("\npartner centrality\n")[1].split("\n\n")[0].splitlines()
    header, rows = section[0], section[2:]
    assert rows
    for row in rows:
        kind = row.split()[1]
        assert width(row[: row.index(kind)]) == width(header[: header.index("kind")]), row
    # the measures keep four decimals down the column
    assert all(re.search(r"\d\.\d{4}$", row) for row in rows)


def test_stats_summary_alone() -> None:
    result = _run(["stats", str(GOLD), "--measure", "summary"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("summary\n") and "partner centrality" not in result.stdout
    assert "initiatives            25" in result.stdout


def test_stats_unknown_measure_and_missing_file_fail_in_one_line(tmp_path: Path) -> None:
    result = _run(["stats", str(GOLD), "--measure", "pagerank"])
    assert result.exit_code == 2
    assert "unknown measure 'pagerank'" in result.output
    import subprocess
    import sys

    # The installed entry point, so the one-line error path of courtgraph.cli.main is exercised.
    program = Path(sys.executable).with_name("courtgraph")
    proc = subprocess.run([str(program), "stats", str(tmp_path / "nothing.ttl")], capture_output=True, text=True)
    assert proc.returncode == 1
    assert proc.stdout == ""
    assert proc.stderr.count("\n") == 1
    assert proc.stderr.startswith("Error: ") and "nothing.ttl" in proc.stderr
