"""Comparing reports: year over year for one court, court against court for a year.

The corpus is the project's own fictional reports in tests/data/compare/ (Tonglu and Chun'an
county courts, 2023 and 2024), read by the real extractor. What each text says, and so what a
comparison must find, was written into the texts by hand:

- Tonglu 2023 → 2024: 富春山居, 春芽护航 and 冬雷 go on under the same name, 春风暖薪 goes on as
  春风暖薪护航 (near-same), 富春江 is new, 民宿共富 is dropped; 县生态环境分局 appears as a
  partner, 县市场监督管理局 disappears; 2024 states 受理 +10% (8000 → 8800: right) and
  审执结 +3.2% (7800 → 8500 is +8.97%: wrong).
- Chun'an 2023 → 2024: 千岛湖 continues, 清风化纠 is dropped, 安薪 is new; 县司法局 disappears,
  县人社局 appears; all three stated changes (+7.7%, +7.8%, +3 个百分点) agree with the figures.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from iris import seg

DATA = Path(__file__).resolve().parent / "data" / "compare"
TONGLU_23, TONGLU_24 = DATA / "tonglu-2023.txt", DATA / "tonglu-2024.txt"
CHUNAN_23, CHUNAN_24 = DATA / "chunan-2023.txt", DATA / "chunan-2024.txt"
TONGLU, CHUNAN = "桐庐县人民法院", "淳安县人民法院"


@pytest.fixture(scope="module")
def tonglu():
    from courtgraph.compare import compare

    return compare(TONGLU_23, TONGLU_24)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from courtgraph.build import build

    out = tmp_path_factory.mktemp("compare-corpus")
    result = build([DATA], out_dir=out, html=False, use_cache=False, jobs=1)
    assert not result.failed
    return out / "courtgraph.trig"


def _statuses(comparison) -> dict[str, set]:
    found: dict[str, set] = {}
    for m in comparison.initiatives:
        found.setdefault(m.status, set()).add((m.a, m.b, m.how))
    return found


def _figure(comparison, measure: str):
    (pair,) = [f for f in comparison.figures if f.measure == measure]
    return pair


def test_initiatives_new_continued_dropped_year_over_year(tonglu) -> None:
    assert str(tonglu.a) == f"{TONGLU} 2023" and str(tonglu.b) == f"{TONGLU} 2024"
    assert _statuses(tonglu) == {
        "continued": {("富春山居", "富春山居", "same"), ("春芽护航", "春芽护航", "same"), ("冬雷", "冬雷", "same"),
                      ("春风暖薪", "春风暖薪护航", "near-same")},
        "new": {(None, "富春江", None)},
        "dropped": {("民宿共富", None, None)},
    }
    (near,) = [m for m in tonglu.initiatives if m.how == "near-same"]
    assert near.similarity == pytest.approx(2 * 4 / 10)


def test_near_same_names() -> None:
    from courtgraph.compare import _match_initiatives, near_same

    assert near_same("春风暖薪", "“春风暖薪护航”")  # one inside the other
    assert near_same("诉源治理工作站", "诉源治理工作室")  # 6 of 7 characters shared: ratio 0.857
    assert not near_same("千岛湖", "安薪")
    assert not near_same("冬雷", "冬雷")  # the same name is "same", not near-same
    assert not near_same("春芽护航", "护航春风")  # shared characters out of order: ratio 0.5
    # each name is used once, the most alike pair first
    matches = _match_initiatives(["共享法庭", "共享法庭工作站"], ["共享法庭工作室"])
    assert [(m.status, m.a, m.b) for m in matches] == [
        ("continued", "共享法庭工作站", "共享法庭工作室"), ("dropped", "共享法庭", None)]


def test_the_examples_in_the_module_run() -> None:
    import doctest

    import courtgraph.compare

    outcome = doctest.testmod(courtgraph.compare)
    assert outcome.attempted > 0 and outcome.failed == 0


def test_partners_appear_and_disappear_by_identity(tonglu) -> None:
    by_status: dict[str, set[str]] = {}
    for p in tonglu.partners:
        by_status.setdefault(p.status, set()).add(p.name)
    assert by_status == {
        "appeared": {"桐庐县生态环境局"},
        "disappeared": {"桐庐县市场监督管理局"},
        "kept": {"桐庐县人力资源和社会保障局", "桐庐县司法局", "桐庐县妇女联合会", "桐庐县自然资源和规划局"},
    }


def test_court_against_court_keeps_each_places_bodies_apart() -> None:
    from courtgraph.compare import compare

    result = compare(TONGLU_24, CHUNAN_24)
    labour = {p.status: p for p in result.partners if p.name.endswith("人力资源和社会保障局")}
    # the same short name 县人社局 in both reports: two bodies, not one kept partner
    assert set(labour) == {"appeared", "disappeared"}
    assert labour["appeared"].name.startswith("淳安") and labour["disappeared"].name.startswith("桐庐")
    assert labour["appeared"].organisation != labour["disappeared"].organisation
    # figures side by side, but a stated 同比 is about the court's own previous year: not checked
    cases = _figure(result, "受理各类案件")
    assert (cases.a, cases.b, cases.change) == (8800, 5600, -3200)
    assert cases.check is None and not result.inconsistent


def test_figures_side_by_side_with_their_change(tonglu) -> None:
    money = _figure(tonglu, "执行到位金额")
    assert (money.unit, money.a, money.b, money.change, money.change_percent) == ("亿元", 10, 11.5, 1.5, 15.0)
    trees = _figure(tonglu, "判令补植复绿林木")
    assert (trees.unit, trees.a, trees.b) == ("万株", 1.5, 2.1)
    only_a, only_b = _figure(tonglu, "诉前化解民宿纠纷"), _figure(tonglu, "巡回审判")
    assert (only_a.a, only_a.b, only_a.change) == (64, None, None)
    assert (only_b.a, only_b.b, only_b.change) == (None, 30, None)


def test_stated_year_on_year_change_is_checked_against_last_years_figure(tonglu) -> None:
    received = _figure(tonglu, "受理各类案件")
    assert (received.stated, received.implied, received.check) == ("同比+10%", 10.0, "agrees")
    closed = _figure(tonglu, "审执结")
    assert (closed.stated, closed.implied, closed.check) == ("同比+3.2%", 8.97, "disagrees")
    assert "+8.97%" in closed.note
    assert [f.measure for f in tonglu.inconsistent] == ["审执结"]
    # the figures without a stated change are not checked at all
    assert _figure(tonglu, "执结案件").check is None


def test_consistent_reports_flag_nothing() -> None:
    from courtgraph.compare import compare

    result = compare(CHUNAN_23, CHUNAN_24)
    checked = {f.measure: f.check for f in result.figures if f.check}
    # 7.69% stated 7.7%, 7.84% stated 7.8%; a rate from 40.5% to 43.5% stated as 3 个百分点
    assert checked == {"受理各类案件": "agrees", "审执结": "agrees", "调解成功率": "agrees"}
    rate = _figure(result, "调解成功率")
    assert (rate.unit, rate.a, rate.b, rate.stated, rate.implied) == ("%", 40.5, 43.5, "同比+3个百分点", 3.0)
    assert _statuses(result) == {
        # (“湖畔”旅游纠纷调解站 stands in both years' texts)
        "continued": {("千岛湖", "千岛湖", "same"), ("湖畔", "湖畔", "same")}, "new": {(None, "安薪", None)}, "dropped": {("清风化纠", None, None)}}


def test_tolerance_and_order_of_the_two_reports() -> None:
    from courtgraph.compare import compare
    from courtgraph.errors import InputError

    # 8.97% implied against 3.2% stated: 5.7 points apart, beyond any rounding
    assert _figure(compare(TONGLU_23, TONGLU_24, tolerance=5.0), "审执结").check == "disagrees"
    assert _figure(compare(TONGLU_23, TONGLU_24, tolerance=6.0), "审执结").check == "agrees"
    # the later report's statement is checked whichever side it is given as
    backwards = compare(TONGLU_24, TONGLU_23)
    assert [f.measure for f in backwards.inconsistent] == ["审执结"]
    assert _figure(backwards, "受理各类案件").change == -800
    with pytest.raises(InputError, match="tolerance"):
        compare(TONGLU_23, TONGLU_24, tolerance=-1)


def test_pairs_inside_a_built_corpus_give_the_same_comparison(tonglu, built: Path) -> None:
    from courtgraph.compare import compare

    for store in ("memory", "oxigraph"):
        inside = compare(f"{TONGLU}:2023", f"{TONGLU}:2024", sources=[built], store=store)
        assert inside.to_dict() == tonglu.to_dict(), store


def test_bad_sides_get_clear_errors(built: Path) -> None:
    from courtgraph.compare import compare
    from courtgraph.errors import InputError

    with pytest.raises(InputError, match=r"no report of 淳安县人民法院 for 2022.*桐庐县人民法院:2023"):
        compare(f"{CHUNAN}:2022", f"{CHUNAN}:2024", sources=[built])
    with pytest.raises(InputError, match="expected COURT:YEAR"):
        compare("淳安县人民法院", f"{CHUNAN}:2024", sources=[built])
    with pytest.raises(InputError, match="same report"):
        compare(f"{CHUNAN}:2024", f"{CHUNAN}:2024", sources=[built])
    with pytest.raises(InputError, match="--graph"):
        compare(f"{CHUNAN}:2023", f"{CHUNAN}:2024")
    with pytest.raises(InputError, match="no such file"):
        compare(DATA / "missing-2023.txt", CHUNAN_24)


def test_compare_command_table_and_json(built: Path) -> None:
    from courtgraph.cli import cli

    runner = CliRunner()
    table = runner.invoke(cli, ["compare", str(TONGLU_23), str(TONGLU_24)])
    assert table.exit_code == 0, table.output
    lines = table.output.splitlines()
    assert lines[:2] == [f"A: {TONGLU} 2023", f"B: {TONGLU} 2024"]
    assert any(line.split()[:3] == ["continued", "春风暖薪", "春风暖薪护航"] for line in lines)
    assert any(line.split()[:3] == ["审执结", "件", "7800"] and line.split()[-1] == "disagrees" for line in lines)
    assert "审执结: B states 同比+3.2%" in table.output

    as_json = runner.invoke(cli, ["compare", "--graph", str(built), f"{TONGLU}:2023", f"{TONGLU}:2024", "--format", "json"])
    assert as_json.exit_code == 0, as_json.output
    data = json.loads(as_json.output)
    assert data["a"] == {"court": TONGLU, "year": 2023}
    assert {(m["status"], m["a"], m["b"]) for m in data["initiatives"]} >= {("new", None, "富春江"), ("dropped", "民宿共富", None)}
    # the same input gives the same bytes
    again = runner.invoke(cli, ["compare", "--graph", str(built), f"{TONGLU}:2023", f"{TONGLU}:2024", "--format", "json"])
    assert again.output == as_json.output

    missing = runner.invoke(cli, ["compare", "--graph", str(built), f"{TONGLU}:2021", f"{TONGLU}:2024"])
    assert missing.exit_code != 0

    lenient = runner.invoke(cli, ["compare", "--graph", str(built), "--store", "memory", "--tolerance", "6",
                                  f"{TONGLU}:2023", f"{TONGLU}:2024"])
    assert lenient.exit_code == 0, lenient.output
    assert "disagrees" not in lenient.output and "Inconsistent" not in lenient.output
    assert any(line.split()[:3] == ["审执结", "件", "7800"] and line.split()[-1] == "agrees" for line in lenient.output.splitlines())


def test_named_comparison_queries_are_listed_with_their_parameters() -> None:
    from courtgraph.query import named_queries

    queries = named_queries()
    for name in ("initiatives-compared", "partners-compared", "figures-compared"):
        assert queries[name].params == {"court": "德清县人民法院", "year": "2024"}, name


# -- shared entities across reports ---------------------------------------------------------------


@pytest.fixture(scope="module")
def corpus(built: Path):
    from courtgraph.sources import load_dataset

    return load_dataset([built])


def _ask(dataset, sparql: str) -> list[tuple[str, ...]]:
    from courtgraph.query import run_query

    return sorted(tuple(str(t) for t in row) for row in run_query(sparql, dataset).rows)


def test_one_court_is_one_node_across_its_years(corpus) -> None:
    rows = _ask(corpus, """SELECT ?court (COUNT(DISTINCT ?report) AS ?n) WHERE {
        ?report a cg:WorkReport ; cg:court ?court } GROUP BY ?court""")
    assert [n for _, n in rows] == ["2", "2"]  # two court nodes, each with its two reports


def test_the_same_body_of_the_same_place_is_one_node_across_reports(corpus) -> None:
    rows = _ask(corpus, """SELECT ?org (COUNT(DISTINCT ?report) AS ?n) WHERE {
        ?org a cg:Organisation ; cg:mention "县人社局"@zh ; cg:reportedIn ?report } GROUP BY ?org""")
    # Tonglu's 县人社局 (2023, 2024) is one node; Chun'an's (2024 only) is another
    assert sorted((org.rsplit("/", 1)[-1], n) for org, n in rows) == sorted([
        (seg("chun-an-xian-ren-li-zi-yuan-he-she-hui-bao-zhang-ju", "淳安县人力资源和社会保障局"), "1"),
        (seg("tong-lu-xian-ren-li-zi-yuan-he-she-hui-bao-zhang-ju", "桐庐县人力资源和社会保障局"), "2"),
    ])
    same_name = _ask(corpus, """SELECT ?i (COUNT(DISTINCT ?report) AS ?n) WHERE {
        ?i a cg:Initiative ; rdfs:label "富春山居"@zh ; cg:reportedIn ?report } GROUP BY ?i""")
    assert [n for _, n in same_name] == ["2"]  # one initiative of one court, named in two years


def test_kinds_types_and_units_are_shared_vocabularies(corpus) -> None:
    # every organisation kind and initiative type used is a concept of the one SKOS scheme
    for link, scheme in (("cg:orgKind", "org-kind"), ("cg:initiativeType", "initiative-type")):
        rows = _ask(corpus, f"""SELECT DISTINCT ?value ?scheme WHERE {{
            ?x {link} ?value . OPTIONAL {{ ?value skos:inScheme ?scheme }} }}""")
        assert rows and all(s == f"https://w3id.org/courtgraph/vocab/{scheme}" for _, s in rows), rows
    kinds = _ask(corpus, """SELECT DISTINCT ?court ?kind WHERE {
        ?r cg:court/rdfs:label ?court . ?o cg:reportedIn ?r ; cg:orgKind ?kind . FILTER(LANG(?court) = "zh") }""")
    by_court: dict[str, set[str]] = {}
    for court, kind in kinds:
        by_court.setdefault(court, set()).add(kind)
    assert by_court[TONGLU] & by_court[CHUNAN]  # both courts' bodies point at the same kind nodes
    # units: the normalised unit is one value that every report's counts of cases share
    units = _ask(corpus, """SELECT ?unit (COUNT(DISTINCT ?r) AS ?n) WHERE {
        ?q a cg:Quantity ; cg:unitAsWritten "件" ; schema:unitText ?unit ; cg:reportedIn ?r } GROUP BY ?unit""")
    assert units == [("case", "4")]
