"""Rules of the genre that real reports need and the seed never showed, each on a short text
written for the test (fictional courts' wording, not copied from any report)."""

from __future__ import annotations

from pathlib import Path

import pytest

from courtgraph.extract import extract_report
from courtgraph.namespace import CG
from courtgraph.rdf import to_dataset
from courtgraph.validate import validate_graph

HEAD = "长兴县人民法院2024年工作报告\n各位代表：\n现在，我代表长兴县人民法院向大会报告工作，请予审议。\n"


def _extract(tmp_path: Path, body: str, head: str = HEAD):
    path = tmp_path / "report.txt"
    path.write_text(head + body, encoding="utf-8")
    return extract_report(path, metadata={})


def test_a_part_heading_holds_chapters_and_is_no_theme(tmp_path):
    ex = _extract(tmp_path, "2024年主要工作\n2024年，本院受理案件1000件，办结980件。\n一、服务发展大局\n优化营商环境。审结商事案件300件。\n今后工作安排\n2025年，我们将继续努力。\n")
    assert [t.heading_zh for t in ex.themes] == ["服务发展大局"]
    assert [w.lead_zh for w in ex.themes[0].work_areas] == ["优化营商环境"]


def test_a_newspaper_head_with_a_comma_over_its_paragraphs(tmp_path):
    body = (
        "2024年，该院受理各类案件8000件，办结7900件，结案率达到98.75%，审判质效稳中向好，各项工作取得新进展，为全县发展提供了有力司法保障。\n"
        "围绕中心大局，护航经济社会发展\n"
        "全力服务“两个先行”。该院出台服务保障意见，审结涉企案件500件，帮助企业渡过难关，为县域经济高质量发展营造良好的法治环境。\n"
    )
    ex = _extract(tmp_path, body, head="")
    assert [t.heading_zh for t in ex.themes] == ["围绕中心大局，护航经济社会发展"]
    assert [w.lead_zh for w in ex.themes[0].work_areas] == ["全力服务“两个先行”"]


@pytest.mark.parametrize(("first", "second"), [("1 聚焦主责主业", "2 深化改革创新"), ("【聚焦主责主业】", "【深化改革创新】")], ids=["numbered", "bracketed"])
def test_newspaper_heads(tmp_path, first, second):
    filler = "该院坚持公正司法，审结各类案件100件，群众满意度持续提升，各项工作稳步推进，取得明显成效。"
    ex = _extract(tmp_path, f"{filler}\n{first}\n{filler}\n{second}\n{filler}\n", head="")
    assert [t.heading_zh for t in ex.themes] == ["聚焦主责主业", "深化改革创新"]


def test_without_headings_the_leads_are_work_areas_of_the_report(tmp_path):
    ex = _extract(tmp_path, "妥善审理民生案件。审结民事案件500件。\n维护家庭和谐稳定。审结婚姻家庭案件80件。\n")
    assert ex.themes == ()
    assert [w.lead_zh for w in ex.loose_work_areas] == ["妥善审理民生案件", "维护家庭和谐稳定"]
    headless = [t for t in ex.to_dict()["themes"] if t["heading_zh"] is None]
    assert [w["lead_zh"] for w in headless[0]["work_areas"]] == ["妥善审理民生案件", "维护家庭和谐稳定"]


def test_words_that_only_end_like_a_bureau_are_no_bodies(tmp_path):
    ex = _extract(tmp_path, "一、服务大局\n服务发展。主动融入全县大局，助力开创长兴建设新局面，服务新发展格局。\n")
    assert not [o for o in ex.organizations if o.mention_zh.endswith("局")]


def test_companies_sector_bodies_and_other_courts(tmp_path):
    ex = _extract(
        tmp_path,
        "一、服务大局\n保护市场主体。依法解冻新城集团银行账户，与税务等部门加强协作，湖州法院、安吉法院共同参与。\n",
    )
    mentions = {o.mention_zh: o for o in ex.organizations}
    assert "新城集团" in mentions and mentions["新城集团"].kind == "enterprise"
    assert mentions["税务"].canonical_zh == "国家税务总局长兴县税务局"
    assert {"湖州法院", "安吉法院"} <= set(mentions)
    assert "长兴县人民法院" not in mentions and "长兴法院" not in mentions


def test_unquoted_initiatives_set_up_by_a_verb(tmp_path):
    ex = _extract(
        tmp_path,
        "一、服务大局\n优化营商环境。组建破产管理人库，成立服务企业专班，开通涉企案件绿色通道，创新执行财产查控机制，建立工作机制。\n",
    )
    names = {i.name_zh for i in ex.initiatives}
    assert {"服务企业专班", "涉企案件绿色通道", "执行财产查控机制"} <= names
    assert "工作机制" not in names  # a generic mechanism needs a partner


def test_a_name_that_implies_its_partner(tmp_path):
    ex = _extract(tmp_path, "一、服务大局\n化解行政争议。深化府院联动，推行法院+工会调解模式，化解纠纷60件。\n")
    implied = {i.name_zh: [p.canonical_zh for p in i.implied_partners] for i in ex.initiatives}
    assert implied["府院联动"] == ["长兴县人民政府"]
    assert [v for k, v in implied.items() if k.startswith("法院+工会")] == [["长兴县总工会"]]
    assert all(not i.partners for i in ex.initiatives)  # implied partners are kept apart from named ones
    graph = to_dataset([ex])
    rows = list(graph.query(
        "SELECT ?name WHERE { ?i cg:qualifiedPartnership ?q . ?q cg:implied true ; cg:target ?o . ?o cg:canonicalName ?name }",
        initNs={"cg": CG},
    ))
    assert {str(r[0]) for r in rows} == {"长兴县人民政府", "长兴县总工会"}
    assert validate_graph(graph).conforms


@pytest.mark.parametrize(
    ("sentence", "names"),
    [
        ("5个案例入选全国法院优秀案例。", ["全国法院优秀案例"]),
        ("荣获全省法院先进集体、全市优秀调解组织奖等市级以上表彰共20项。", ["全省法院先进集体", "全市优秀调解组织奖"]),
        ("荣获全省“枫桥式人民法庭”荣誉称号。", ["全省“枫桥式人民法庭”"]),
        ("一名干警被评为全市“十佳法官”并荣记个人二等功。", ["全市“十佳法官”", "个人二等功"]),
        ("连续三年获评“人民满意、群众信赖的好法院”。", ["人民满意、群众信赖的好法院"]),
        ("成功创建全省法治化营商环境示范区，被市中院推荐为全省“枫桥式人民法庭”候选对象。", ["全省法治化营商环境示范区", "全省“枫桥式人民法庭”候选对象"]),
    ],
)
def test_honours_as_reports_list_them(tmp_path, sentence, names):
    ex = _extract(tmp_path, f"一、队伍建设\n锻造过硬队伍。{sentence}\n")
    assert [a.name_zh for a in ex.awards] == names


def test_a_change_stated_without_its_figure_is_a_quantity(tmp_path):
    ex = _extract(tmp_path, "一、审判质效\n提升审判质效。未结案件同比下降16%，小额诉讼适用率提高12.5个百分点。\n")
    assert [(m.value, m.unit_zh) for m in ex.metrics] == [(16, "%"), (12.5, "个百分点")]


def test_session_ordinals_are_no_counts(tmp_path):
    ex = _extract(tmp_path, "一、依法履职\n自觉接受监督。认真落实县十七届人大五次会议决议，办理建议12件。\n")
    assert [(m.value, m.unit_zh) for m in ex.metrics] == [(12, "件")]
    assert any(o.mention_zh == "县十七届人大" for o in ex.organizations)


@pytest.mark.parametrize(
    ("speaker", "court", "level"),
    [
        ("我代表湖州市中级人民法院向大会报告工作", "湖州市中级人民法院", "intermediate"),
        ("我代表浙江省高级人民法院向大会报告工作", "浙江省高级人民法院", "high"),
        ("我代表宁波海事法院向大会报告工作", "宁波海事法院", "maritime"),
        ("我代表长兴县人民法院向大会报告工作", "长兴县人民法院", "basic"),
    ],
)
def test_the_court_that_speaks_at_any_level(tmp_path, speaker, court, level):
    ex = _extract(tmp_path, f"{speaker}，请予审议。\n一、服务大局\n优化营商环境。审结案件100件。\n", head="各位代表：\n")
    assert ex.report.court_zh == court
    assert ex.report.level == level
    assert court not in {o.canonical_zh for o in ex.organizations}


def test_an_initiative_without_a_stated_result_says_so(tmp_path):
    """The view and the named queries say "none stated" instead of leaving a blank, and count
    how many initiatives have at least one result."""
    from courtgraph.query import named_query, run_query
    from courtgraph.viz.graph import to_view_graph

    ex = _extract(tmp_path, "一、服务大局\n优化营商环境。成立服务企业专班，帮助企业80家。开通涉企案件绿色通道。\n")
    with_result = {i.name_zh for i in ex.initiatives if i.outcomes or i.outcome_text_zh}
    without = {i.name_zh for i in ex.initiatives} - with_result
    assert with_result and without  # the text gives one of each
    ds = to_dataset([ex])
    view = to_view_graph(ds)
    stated = {
        data["label_zh"]: [v for k, v in data["properties"] if k == "outcome-none"]
        for _, data in view.nodes(data=True)
        if data["kind"] == "initiative"
    }
    assert all(stated[name] == ["报告未载明成效 · none stated"] for name in without)
    assert all(stated[name] == [] for name in with_result)
    rows = run_query(named_query("initiative-outcomes").text, ds).rows
    assert {str(r[1]) for r in rows if str(r[2]).startswith("报告未载明")} == without
    coverage = run_query(named_query("outcome-coverage").text, ds).rows
    assert [(int(r[1]), int(r[2])) for r in coverage] == [(len(ex.initiatives), len(with_result))]


def test_an_initiative_of_another_court_is_that_courts(tmp_path):
    ex = _extract(tmp_path, "一、服务大局\n服务旅游发展。湖州法院、安吉法院在景区设立巡回审判点，就地化解纠纷。本院设立旅游纠纷调解工作室。\n")
    orgs = {o.id: o.mention_zh for o in ex.organizations}
    run_by = {i.name_zh: [orgs[o] for o in i.run_by] for i in ex.initiatives}
    assert run_by["巡回审判点"] == ["湖州法院", "安吉法院"]
    assert run_by["旅游纠纷调解工作室"] == []  # the reporting court's own
    rows = to_dataset([ex]).query(
        "SELECT ?court WHERE { ?i cg:runBy ?o . ?o cg:mention ?court }", initNs={"cg": CG}
    )
    assert sorted(str(r[0]) for r in rows) == ["安吉法院", "湖州法院"]


def test_two_courts_in_one_phrase_and_a_case_published_as_a_model(tmp_path):
    ex = _extract(tmp_path, "一、服务大局\n服务发展。安吉、德清法院共同审理跨域纠纷。一案被最高人民法院作为典型案例发布，作为牵头单位推进改革。\n")
    assert "安吉、德清法院" in {o.mention_zh for o in ex.organizations}
    assert [a.name_zh for a in ex.awards] == ["典型案例"]


def test_a_document_named_twice_is_one_document(tmp_path):
    ex = _extract(tmp_path, "一、服务大局\n服务发展。院长作工作报告（以下简称《报告》）。《报告》指出，全年出台《关于服务民营经济的意见》。\n")
    assert [d.title_zh for d in ex.documents] == ["报告", "关于服务民营经济的意见"]
    assert len([s for s in ex.documents[0].spans if s.text == "报告"]) == 2


def test_bodies_listed_before_a_shared_head(tmp_path):
    ex = _extract(tmp_path, "一、服务大局\n服务发展。支持企业驰援湖州东城、西城医院建设。\n")
    found = {o.mention_zh: o.canonical_zh for o in ex.organizations}
    assert found.get("西城医院") == "西城医院" and found.get("湖州东城") == "湖州东城医院"


def test_a_partner_named_as_the_subject_with_the_court(tmp_path):
    ex = _extract(tmp_path, "一、服务大局\n化解纠纷。县检察院与我院共同建立公益诉讼协作机制；同县妇联共建婚姻家庭纠纷调解工作室。\n")
    orgs = {o.id: o.mention_zh for o in ex.organizations}
    partners = {i.name_zh: sorted(orgs[p] for p in i.partners) for i in ex.initiatives}
    assert partners["公益诉讼协作机制"] == ["县检察院"]
    assert partners["婚姻家庭纠纷调解工作室"] == ["县妇联"]
