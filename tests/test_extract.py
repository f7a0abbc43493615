"""The extractor on the seed: scores against gold, spans, JSON shape, bad structure."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from courtgraph.evaluate import evaluate
from courtgraph.extract import extract_report
from courtgraph.ingest import squash

# the acceptance thresholds (F1 on the seed against its gold)
THRESHOLDS = {
    "organizations": 0.95,
    "initiatives": 0.90,
    "metrics": 0.98,
    "documents": 1.0,
    "awards": 0.90,
    "themes": 1.0,
    "work_areas": 0.95,
    "partner_relations": 0.85,
    "metric_changes": 1.0,
}


@pytest.fixture(scope="module")
def scores(seed_extraction, gold_path):
    return evaluate(seed_extraction, gold_path)


@pytest.mark.parametrize("category", sorted(THRESHOLDS))
def test_seed_meets_threshold(scores, category):
    score = scores[category]
    assert score.f1 >= THRESHOLDS[category], (category, score, scores.missed[category], scores.spurious[category])


def _all_spans(extraction):
    d = extraction.to_dict()
    for key in ("organizations", "initiatives", "documents", "metrics", "awards", "cases", "concepts"):
        for item in d[key]:
            yield key, item["id"], item["spans"]
            if key == "metrics" and item["change"]:
                yield key, item["id"] + ".change", item["change"]["spans"]
    for t in d["themes"]:
        yield "themes", t["id"], t["spans"]
        for w in t["work_areas"]:
            yield "work_areas", w["id"], w["spans"]
    yield "report", "report", d["report"]["spans"]


def test_every_span_gives_back_its_quote(seed_extraction, seed_report):
    raw = seed_report.raw
    checked = 0
    for kind, ident, spans in _all_spans(seed_extraction):
        assert spans, f"{kind} {ident} has no span"
        for span in spans:
            quote = raw[span["start"]:span["end"]]
            assert squash(quote) == squash(span["text"]), (kind, ident, span, quote)
            assert span["text"] in seed_report.text
            checked += 1
    assert checked > 150


def test_every_item_quote_is_in_its_sentence(seed_extraction):
    sentences = {s.id: s for s in seed_extraction.sentences}
    for kind, ident, spans in _all_spans(seed_extraction):
        for span in spans:
            if span["sentence"]:
                s = sentences[span["sentence"]]
                assert s.start <= span["start"] and span["end"] <= s.end, (kind, ident)


def test_json_has_the_schema_shape(seed_extraction):
    d = json.loads(json.dumps(seed_extraction.to_dict(), ensure_ascii=False))
    for key in ("report", "themes", "organizations", "initiatives", "documents", "metrics", "awards", "cases", "concepts"):
        assert key in d
    assert set(d["report"]) >= {"court_zh", "court_en", "year", "province_zh"}
    assert set(d["organizations"][0]) >= {"id", "mention_zh", "also_zh", "canonical_zh", "name_en", "kind", "role", "spans"}
    assert set(d["initiatives"][0]) >= {"id", "name_zh", "mention_zh", "type", "work_area", "partners", "outcomes", "firsts", "spans"}
    assert set(d["metrics"][0]) >= {"id", "value", "unit_zh", "measure_zh", "approx", "change", "rank_zh", "attached_to", "spans"}
    ids = {o["id"] for o in d["organizations"]}
    for i in d["initiatives"]:
        assert set(i["partners"]) <= ids


def test_court_and_year_from_the_text_alone(seed_path):
    ex = extract_report(seed_path, metadata={})
    assert (ex.report.court_zh, ex.report.year, ex.report.province_zh, ex.report.city_zh) == ("德清县人民法院", 2024, "浙江省", "湖州市")
    assert ex.report.court_en == "Deqing County People's Court"


def test_extraction_is_deterministic(seed_path, seed_extraction):
    again = extract_report(seed_path)
    assert json.dumps(again.to_dict(), ensure_ascii=False) == json.dumps(seed_extraction.to_dict(), ensure_ascii=False)


def test_gbk_copy_gives_the_same_facts(tmp_path: Path, seed_path: Path, seed_extraction):
    gbk = tmp_path / "deqing-court-2024.txt"
    gbk.write_bytes(seed_path.read_text(encoding="utf-8").encode("gbk"))
    (tmp_path / "deqing-court-2024.meta.yaml").write_bytes((seed_path.with_name("deqing-court-2024.meta.yaml")).read_bytes())
    other = extract_report(gbk).to_dict()
    mine = seed_extraction.to_dict()
    other["report"].pop("source"), mine["report"].pop("source")
    assert other == mine


def test_normalised_quantities(seed_extraction):
    by_measure = {(m.measure_zh, m.unit_zh): m for m in seed_extraction.metrics}
    assert by_measure[("标的额", "亿元")].value_normalized == 2_480_000_000
    assert by_measure[("标的额", "亿元")].unit == "CNY"
    views = by_measure[("全网观看量", "万人次")]
    assert (views.value_normalized, views.unit, views.approx) == (1_000_000, "person-time", "超")
    rate = by_measure[("民事裁判申请执行率", "%")]
    assert rate.change is not None and (rate.change.value, rate.change.unit_zh, rate.change.direction) == (21.32, "个百分点", "down")


def test_report_with_no_headings(tmp_path: Path):
    f = tmp_path / "flat.txt"
    f.write_text(
        "2023年，某某县人民法院共受理各类案件5200件，审结5100件。\n"
        "全年与县司法局共建“枫桥式”调解工作室，化解纠纷300余件。\n",
        encoding="utf-8",
    )
    ex = extract_report(f, metadata={})
    assert ex.themes == ()
    assert ex.report.year == 2023
    assert {m.value for m in ex.metrics} >= {5200, 5100, 300}
    studio = next(i for i in ex.initiatives if i.name_zh == "枫桥式")
    partners = {o.id: o for o in ex.organizations}
    assert [partners[p].mention_zh for p in studio.partners] == ["县司法局"]
    assert all(m.attached_to in ("T0", studio.id) for m in ex.metrics)


def test_quantity_forms(tmp_path: Path):
    f = tmp_path / "nums.txt"
    f.write_text(
        "2024年，全院共受理各类案件1.2万余件，同比上升3.1%；结案标的额15.6亿余元；执行到位金额6,532万元，"
        "同比增长12.5%；诉前调解成功率为百分之六十五；审理周期同比缩短5.3天；"
        "受理民事案件3000件、刑事案件500件，同比分别上升10%、下降5%；覆盖全区7个镇（街道）、287个村（社区）。\n",
        encoding="utf-8",
    )
    ex = extract_report(f, metadata={})
    got = {(m.value, m.unit_zh): m for m in ex.metrics}
    assert got[(1.2, "万件")].approx == "余" and got[(1.2, "万件")].value_normalized == 12000
    assert got[(1.2, "万件")].change.value == 3.1
    assert got[(15.6, "亿元")].approx == "余" and got[(15.6, "亿元")].unit == "CNY"
    assert got[(6532, "万元")].value_normalized == 65_320_000 and got[(6532, "万元")].change.value == 12.5
    assert got[(65, "%")].measure_zh == "诉前调解成功率"
    assert (got[(3000, "件")].change.direction, got[(500, "件")].change.direction) == ("up", "down")
    assert got[(500, "件")].change.value == 5
    assert (got[(7, "个")].measure_zh, got[(287, "个")].measure_zh) == ("镇（街道）", "村（社区）")
    # a change with no base figure in the text is attached to nothing
    assert all(m.change is None or m.change.value != 5.3 for m in ex.metrics)


def test_quoted_names_and_partner_lists(tmp_path: Path):
    f = tmp_path / "orgs.txt"
    f.write_text(
        "2024年，贺兰县人民法院各项工作取得新进展。\n"
        "优化营商环境。与县税务局、县工商联共建“税企法护”联络站，化解涉税争议45件。"
        "联合宁夏“塞上江南”律师事务所打造“法企同行”服务平台。县法院执行局被最高人民法院评为全国法院执行工作先进集体。\n",
        encoding="utf-8",
    )
    ex = extract_report(f, metadata={})
    orgs = {o.id: o for o in ex.organizations}
    partners = {i.name_zh: sorted(orgs[p].mention_zh for p in i.partners) for i in ex.initiatives}
    assert partners["税企法护"] == ["县工商联", "县税务局"]
    assert partners["法企同行"] == ["宁夏“塞上江南”律师事务所"]
    assert "县法院执行局" not in {o.mention_zh for o in ex.organizations}
    assert "塞上江南" not in {k.name_zh for k in ex.concepts}


def test_english_measures_only_where_every_phrase_is_known(seed_extraction):
    from courtgraph.extract.metrics import measure_en

    assert measure_en("审结刑事案件") == "criminal cases concluded"
    assert measure_en("线上线下共覆盖企业家学员") is None  # no guessing
    by_measure = {m.measure_zh: m.measure_en for m in seed_extraction.metrics}
    assert by_measure["办结各类案件"] == "cases of all kinds concluded"
    assert by_measure["标的额"] == "amount in dispute"


def test_changes_against_a_named_year_and_courts_with_ordinals(tmp_path: Path):
    f = tmp_path / "r.txt"
    f.write_text(
        "2024年，区法院在北京市第一中级人民法院的指导下，各项工作取得新进展。长期未结案件占比1.4%，较2023年下降3.2个百分点；"
        "民商事案件平均审理天数为48.6天，较2023年缩短6.2天。\n",
        encoding="utf-8",
    )
    ex = extract_report(f, metadata={"court_zh": "北京市海淀区人民法院"})
    changes = {m.measure_zh: (m.change.value, m.change.unit_zh, m.change.direction, m.change.basis) for m in ex.metrics if m.change}
    assert changes["长期未结案件占比"] == (3.2, "个百分点", "down", "较2023年")
    assert changes["民商事案件平均审理天数"] == (6.2, "天", "down", "较2023年")
    court = next(o for o in ex.organizations if o.kind == "court")
    assert (court.mention_zh, court.canonical_zh, court.role) == ("北京市第一中级人民法院", "北京市第一中级人民法院", "supervisor")


def test_straight_and_corner_quotes_name_initiatives(tmp_path: Path):
    f = tmp_path / "q.txt"
    f.write_text('2024年，某某县人民法院各项工作取得新进展。\n与县妇联共建「和美家庭」调解工作室，开展"法治护苗"行动。\n', encoding="utf-8")
    ex = extract_report(f, metadata={})
    names = {i.name_zh: i for i in ex.initiatives}
    assert set(names) == {"和美家庭", "法治护苗"}
    raw = f.read_text(encoding="utf-8")
    for init in ex.initiatives:
        for span in init.spans:
            assert squash(raw[span.start:span.end]) == squash(span.text)
