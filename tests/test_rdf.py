"""Extraction → RDF: IRIs, labels, provenance, determinism."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
import yaml
from rdflib import RDF, RDFS, BNode, Dataset, Namespace, URIRef

from courtgraph.model import (
    Change,
    Extraction,
    Initiative,
    Metric,
    Organization,
    ReportInfo,
    Sentence,
    Span,
    Theme,
    WorkArea,
)

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "gold" / "deqing-2024.yaml"
SEED = ROOT / "seeds" / "deqing-court-2024.txt"
CG = Namespace("https://w3id.org/courtgraph/ontology#")
OA = Namespace("http://www.w3.org/ns/oa#")
from iris import COURT, D, PROCURATORATE_IRI, seg

CESHI = seg("ce-shi-xian-ren-min-fa-yuan", "测试县人民法院")


@pytest.fixture(scope="module")
def gold() -> Extraction:
    return Extraction.from_dict(yaml.safe_load(GOLD.read_text(encoding="utf-8")))


@pytest.fixture(scope="module")
def gold_ds(gold: Extraction) -> Dataset:
    from courtgraph.rdf import to_dataset

    return to_dataset([gold])


def tiny() -> Extraction:
    """A hand-made report with offsets: one partner, one quantity with a change, two sentences."""
    s1 = "联合县红十字会打造“爱心天平”项目，服务当事人300余人次。"
    s2 = "审结案件100件，同比上升5%。"
    return Extraction(
        report=ReportInfo(court_zh="测试县人民法院", court_en="Ceshi County People's Court", year=2023,
                          province_zh="浙江省", city_zh="湖州市", county_zh="测试县", source="tiny.txt", sha256="a" * 64),
        themes=(Theme(id="T1", heading_zh="服务大局", heading_en="Serving the whole",
                      work_areas=(WorkArea(id="T1.1", lead_zh="便民服务", lead_en=None, spans=(Span(0, 4, "便民服务", "S1"),)),)),),
        organizations=(Organization(id="O1", mention_zh="县红十字会", kind="ngo", role="partner",
                                    canonical_zh="测试县红十字会", name_en="Ceshi County Red Cross",
                                    spans=(Span(12, 17, "县红十字会", "S1"),)),),
        initiatives=(Initiative(id="I1", name_zh="爱心天平", mention_zh="“爱心天平”项目", type="programme", work_area="T1.1",
                                partners=("O1",), outcomes=("M1",), spans=(Span(19, 27, "“爱心天平”项目", "S1"),)),),
        metrics=(
            Metric(id="M1", value=300, unit_zh="人次", measure_zh="服务当事人", approx="余", attached_to="I1",
                   measure_en="parties served", spans=(Span(28, 37, "服务当事人300余人次", "S1"),)),
            Metric(id="M2", value=100, unit_zh="件", measure_zh="审结案件", attached_to="T0",
                   change=Change(value=5, unit_zh="%", direction="up", basis="同比", spans=(Span(50, 57, "同比上升5%", "S2"),)),
                   spans=(Span(40, 49, "审结案件100件", "S2"),)),
        ),
        sentences=(
            Sentence(id="S1", start=10, end=39, text=s1, norm_start=0, norm_end=len(s1), paragraph=1),
            Sentence(id="S2", start=40, end=58, text=s2, norm_start=len(s1), norm_end=len(s1) + len(s2), paragraph=1),
        ),
    )


def labels(ds: Dataset, node: URIRef) -> dict[str | None, set[str]]:
    found: dict[str | None, set[str]] = {}
    for o in ds.objects(node, RDFS.label):
        found.setdefault(getattr(o, "language", None), set()).add(str(o))
    return found


def test_slugs_are_pinyin_and_a_digest_of_the_name() -> None:
    from courtgraph.slug import slug

    assert slug("德清县人民法院") == COURT == seg("de-qing-xian-ren-min-fa-yuan", "德清县人民法院")
    assert slug("“AI智慧法庭”") == seg("ai-zhi-hui-fa-ting", "“AI智慧法庭”")
    assert slug("12·4") == seg("12-4", "12·4")
    # full-width and half-width spellings of one name are one name
    assert slug("ＡＩ法庭") == slug("AI法庭") == seg("ai-fa-ting", "AI法庭")
    long = slug("深入开展“地信+”产业涉外一类事改革 推进“地瓜经济”提能升级的实施意见")
    readable, digest = long.rsplit("-", 1)
    assert readable.startswith("shen-ru-kai-zhan-di-xin-chan-ye") and len(readable) <= 60
    assert digest == seg("", "深入开展“地信+”产业涉外一类事改革 推进“地瓜经济”提能升级的实施意见")[1:]
    assert slug("、") == seg("", "、")[1:]  # nothing to read: the digest alone


def test_names_the_pinyin_cannot_tell_apart_get_different_slugs() -> None:
    from courtgraph.slug import slug

    # 山 shān / 陕 shǎn: the same letters, another tone
    assert slug("山西省") == seg("shan-xi-sheng", "山西省")
    assert slug("陕西省") == seg("shan-xi-sheng", "陕西省")
    assert slug("山西省") != slug("陕西省")
    # 廉 lián / 连 lián: not even the tone differs
    assert slug("廉心") != slug("连心")
    assert slug("连心").startswith("lian-xin-") and slug("廉心").startswith("lian-xin-")


def test_a_name_always_gets_the_same_slug_whatever_else_is_named() -> None:
    import subprocess
    import sys

    from courtgraph.slug import slug

    names = ["山西省", "陕西省", "廉心", "连心", "德清县人民法院"]
    here = [slug(n) for n in names]
    # a fresh interpreter, asked about the names in the opposite order, with others between
    code = (
        "from courtgraph.slug import slug; import json, sys; "
        "names = json.loads(sys.argv[1]); [slug(n + '县') for n in names]; "
        "print(json.dumps([slug(n) for n in reversed(names)]))"
    )
    import json

    run = subprocess.run([sys.executable, "-c", code, json.dumps(names)], capture_output=True, text=True, check=True)
    assert json.loads(run.stdout) == list(reversed(here))


def test_places_that_differ_only_in_tone_are_two_nodes(gold: Extraction) -> None:
    from courtgraph.rdf import to_dataset

    shanxi = dataclasses.replace(
        gold, report=dataclasses.replace(gold.report, court_zh="太原市中级人民法院", province_zh="山西省", city_zh="太原市", county_zh=None))
    shaanxi = dataclasses.replace(
        gold, report=dataclasses.replace(gold.report, court_zh="西安市中级人民法院", province_zh="陕西省", city_zh="西安市", county_zh=None))
    ds = to_dataset([shanxi, shaanxi])
    places = {str(o) for o in ds.subjects(RDF.type, CG.Place)}
    assert f"{D}place/" + seg("shan-xi-sheng", "山西省") in places
    assert f"{D}place/" + seg("shan-xi-sheng", "陕西省") in places
    labels_of = {str(ds.value(URIRef(p), RDFS.label)) for p in places if "/shan-xi-sheng-" in p}
    assert labels_of == {"山西省", "陕西省"}


def test_iris_follow_the_contract(gold_ds: Dataset) -> None:
    report = URIRef(f"{D}report/{COURT}/2024")
    expected = {
        report: CG.WorkReport,
        URIRef(f"{D}court/{COURT}"): CG.Court,
        URIRef(PROCURATORATE_IRI): CG.Organisation,  # canonical name known
        URIRef(f"{D}org/{COURT}/" + seg("shang-ji-fa-yuan", "上级法院")): CG.Organisation,  # generic: scoped by court
        URIRef(f"{D}initiative/{COURT}/" + seg("ai-xin-tian-ping", "爱心天平")): CG.Initiative,
        URIRef(f"{report}/theme/6"): CG.Theme,
        URIRef(f"{report}/theme/6/area/3"): CG.WorkArea,
        URIRef(f"{report}/metric/17"): CG.Quantity,
        URIRef(f"{report}/award/1"): CG.Award,
        URIRef(f"{report}/case/2"): CG.Case,
        URIRef(f"{D}concept/" + seg("zheng-zhi-san-li", "政治三力")): CG.PolicyConcept,
        URIRef(f"{D}place/" + seg("zhe-jiang-sheng", "浙江省")): CG.Place,
    }
    for node, cls in expected.items():
        assert (node, RDF.type, cls) in gold_ds, node
    assert report in {g.identifier for g in gold_ds.graphs()}


def test_every_typed_node_has_a_chinese_label_and_no_blank_nodes(gold_ds: Dataset) -> None:
    for s, p, o in gold_ds.triples((None, None, None)):
        assert not isinstance(s, BNode) and not isinstance(o, BNode)
    unlabelled = [
        s for s in set(gold_ds.subjects(RDF.type, None))
        if str(gold_ds.value(s, RDF.type)).startswith(str(CG))
        and gold_ds.value(s, RDF.type) not in (CG.Span, CG.Partnership, CG.OutcomeAttribution, CG.AwardConferral, CG.DocumentIssuance)
        and "zh" not in labels(gold_ds, s)
    ]
    assert unlabelled == []


def test_english_labels_come_from_the_extraction_and_the_vocabulary(gold_ds: Dataset) -> None:
    procuratorate = URIRef(PROCURATORATE_IRI)
    assert labels(gold_ds, procuratorate) == {"zh": {"检察院"}, "en": {"Deqing County People's Procuratorate"}}
    kind = gold_ds.value(procuratorate, CG.orgKind)
    assert labels(gold_ds, kind)["en"] == {"procuratorate"}
    theme = URIRef(f"{D}report/{COURT}/2024/theme/1")
    assert "Proactively serving" in next(iter(labels(gold_ds, theme)["en"]))
    metric = URIRef(f"{D}report/{COURT}/2024/metric/1")
    assert {str(o) for o in gold_ds.objects(metric, CG.measure)} == {"办结各类案件", "cases of all kinds concluded"}


def test_relations_and_values(gold_ds: Dataset) -> None:
    initiative = URIRef(f"{D}initiative/{COURT}/" + seg("12-4", "12·4"))
    partners = set(gold_ds.objects(initiative, CG.partner))
    assert partners == {URIRef(f"{D}org/" + seg("zhong-yang-dian-shi-tai", "中央电视台")), URIRef(f"{D}org/" + seg("ren-min-fa-yuan-bao", "人民法院报"))}
    metric = gold_ds.value(initiative, CG.outcome)
    assert gold_ds.value(metric, URIRef("https://schema.org/value")).toPython() == 100
    assert str(gold_ds.value(metric, CG.approximation)) == "超"
    # every partner is also present in qualified form, pointing at the same organisation
    targets = {gold_ds.value(q, CG.target) for q in gold_ds.objects(initiative, CG.qualifiedPartnership)}
    assert targets == partners
    change = gold_ds.value(URIRef(f"{D}report/{COURT}/2024/metric/16"), CG.change)
    assert str(gold_ds.value(change, URIRef("https://schema.org/value"))) == "21.32"
    assert gold_ds.value(change, CG.direction) == URIRef("https://w3id.org/courtgraph/vocab/direction/down")


def test_gold_input_keeps_the_source_sentence_without_offsets(gold_ds: Dataset) -> None:
    initiative = URIRef(f"{D}initiative/{COURT}/" + seg("yuan-shi-ci-yi-zhi-si-fa-bao-hu-ji-di", "原始瓷遗址司法保护基地"))
    sentence = gold_ds.value(initiative, CG.sourceSentence)
    assert str(gold_ds.value(sentence, CG.text)) == "与检察院、公安局、文广旅体局共建原始瓷遗址司法保护基地。"


def test_spans_and_sentences_are_queryable_for_entities_and_relations() -> None:
    from courtgraph.rdf import to_dataset

    ds = to_dataset([tiny()])
    rows = ds.query(
        """PREFIX cg: <https://w3id.org/courtgraph/ontology#> PREFIX oa: <http://www.w3.org/ns/oa#>
        SELECT ?start ?end ?quote ?sentence WHERE {
          ?i cg:qualifiedPartnership ?rel . ?rel cg:evidence ?span .
          ?span oa:hasSelector ?p , ?q ; cg:inSentence/cg:text ?sentence .
          ?p oa:start ?start ; oa:end ?end . ?q oa:exact ?quote }"""
    )
    found = {(int(r[0]), int(r[1]), str(r[2]), str(r[3])) for r in rows}
    assert found == {(19, 27, "“爱心天平”项目", "联合县红十字会打造“爱心天平”项目，服务当事人300余人次。")}
    metric = URIRef(f"{D}report/{CESHI}/2023/metric/2")
    sentence = ds.value(metric, CG.sourceSentence)
    assert str(ds.value(sentence, CG.text)) == "审结案件100件，同比上升5%。"
    position = next(o for o in ds.objects(sentence, OA.hasSelector))
    assert (int(ds.value(position, OA.start)), int(ds.value(position, OA.end))) == (40, 58)
    assert ds.value(metric, CG.attachedTo) == URIRef(f"{D}report/{CESHI}/2023")
    court = URIRef(f"{D}court/{CESHI}")
    county = ds.value(court, CG.locatedIn)
    assert labels(ds, county) == {"zh": {"测试县"}}
    assert labels(ds, ds.value(county, URIRef("https://schema.org/containedInPlace"))) == {"zh": {"湖州市"}}


def test_the_same_partner_and_initiative_keep_their_iri_across_years() -> None:
    from courtgraph.rdf import to_dataset

    first = tiny()
    second = dataclasses.replace(first, report=dataclasses.replace(first.report, year=2024))
    ds = to_dataset([first, second])
    names = {str(g.identifier) for g in ds.graphs()}
    assert {f"{D}report/{CESHI}/2023", f"{D}report/{CESHI}/2024"} <= names
    org = URIRef(f"{D}org/" + seg("ce-shi-xian-hong-shi-zi-hui", "测试县红十字会"))
    initiative = URIRef(f"{D}initiative/{CESHI}/" + seg("ai-xin-tian-ping", "爱心天平"))
    # each fact once: the partnership both reports state is in the shared graph alone; what
    # each report says of it (that it reports the initiative, with evidence) is in its own graph
    graphs_with_org = {str(g.identifier) for g in ds.graphs() if (initiative, CG.partner, org) in g}
    assert graphs_with_org == {f"{D}shared"}
    assert len(set(ds.objects(initiative, CG.reportedIn))) == 2
    for year in (2023, 2024):
        report = URIRef(f"{D}report/{CESHI}/{year}")
        assert (initiative, CG.reportedIn, report) in ds.graph(report)
        assert any(ds.graph(report).objects(initiative, CG.qualifiedPartnership))


def test_same_input_gives_identical_turtle(gold: Extraction) -> None:
    from courtgraph.rdf import to_dataset

    first = to_dataset([gold]).serialize(format="trig")
    second = to_dataset([gold]).serialize(format="trig")
    assert first == second


@pytest.fixture(scope="module")
def seed_extraction() -> Extraction:
    extract = pytest.importorskip("courtgraph.extract")
    if not hasattr(extract, "extract_report"):
        pytest.fail("courtgraph.extract.extract_report is missing: the seed graph cannot be built")
    return extract.extract_report(SEED)


def test_every_extracted_item_with_spans_has_matching_evidence(seed_extraction: Extraction) -> None:
    from courtgraph.rdf import to_dataset

    ds = to_dataset([seed_extraction])
    spans = {
        (int(ds.value(p, OA.start)), int(ds.value(p, OA.end)))
        for p in ds.subjects(RDF.type, OA.TextPositionSelector)
        if "/span/" in str(p)
    }
    items = [*seed_extraction.organizations, *seed_extraction.initiatives, *seed_extraction.metrics, *seed_extraction.documents, *seed_extraction.awards]
    assert items
    for item in items:
        for span in item.spans:
            assert (span.start, span.end) in spans, item.id
    # and the evidence resolves to a sentence whose text contains the quote
    rows = list(ds.query(
        """PREFIX cg: <https://w3id.org/courtgraph/ontology#> PREFIX oa: <http://www.w3.org/ns/oa#>
        SELECT ?quote ?sentence WHERE { ?x cg:evidence ?s . ?s oa:hasSelector ?q ; cg:inSentence/cg:text ?sentence . ?q oa:exact ?quote }"""
    ))
    assert rows
    strip = lambda text: "".join(str(text).split())  # noqa: E731
    assert all(strip(q) in strip(s) for q, s in rows)
