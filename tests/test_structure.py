"""Report structure in the heading styles courts use: numbered or not, before or after."""

from __future__ import annotations

from pathlib import Path

from courtgraph.ingest import read_report
from courtgraph.structure import find_structure, split_sentences


def _structure(tmp_path: Path, text: str):
    f = tmp_path / "r.txt"
    f.write_text(text, encoding="utf-8")
    report = read_report(f)
    return report, find_structure(report)


def _outline(structure):
    return [(t.title, [a.title for a in t.children]) for t in structure.themes]


def test_seed_headings_come_after_their_text(seed_report):
    s = find_structure(seed_report)
    assert s.placement == "after"
    assert [t.title for t in s.themes][0] == "主动服务大局 助推保障高质量发展"
    assert [a.title for a in s.themes[0].children] == ["优化法治化营商环境", "助推法治政府建设", "赋能基层社会治理", "护航生态文明建设"]
    assert len(s.summary) == 3


def test_numbered_headings_before_their_text(tmp_path: Path):
    _, s = _structure(
        tmp_path,
        "安吉县人民法院工作报告\n"
        "2023年，全院共受理案件8000件。\n"
        "一、坚持司法为民\n"
        "优化诉讼服务。推出网上立案。\n"
        "加强普法宣传。举办法治讲座10场。\n"
        "二、深化改革创新\n"
        "推进数字法院建设。上线智能辅助系统。\n",
    )
    assert s.placement == "before"
    assert s.title == "安吉县人民法院工作报告"
    assert _outline(s) == [("坚持司法为民", ["优化诉讼服务", "加强普法宣传"]), ("深化改革创新", ["推进数字法院建设"])]
    assert len(s.summary) == 1


def test_sub_numbered_sections_are_work_areas(tmp_path: Path):
    _, s = _structure(
        tmp_path,
        "2024年，我院各项工作取得新进展。\n"
        "第一部分 依法履职\n"
        "（一）严惩刑事犯罪\n"
        "全年审结刑事案件500件。严厉打击电信诈骗。\n"
        "（二）服务经济发展\n"
        "审结民商事案件3000件。\n"
        "第二部分 从严治院\n"
        "加强队伍建设。开展教育整顿。\n",
    )
    assert _outline(s) == [("依法履职", ["严惩刑事犯罪", "服务经济发展"]), ("从严治院", ["加强队伍建设"])]


def test_unnumbered_headings_after_their_text_without_summary_lead(tmp_path: Path):
    _, s = _structure(
        tmp_path,
        "2022年，全院结案9000件，\n同比上升5%。\n"
        "强化审判执行。审结案件\n9000件。\n"
        "依法履职 服务大局\n"
        "锻造过硬队伍。开展培训20期。\n"
        "从严治院 强基固本\n",
    )
    assert s.placement == "after"
    assert _outline(s) == [("依法履职 服务大局", ["强化审判执行"]), ("从严治院 强基固本", ["锻造过硬队伍"])]


def test_no_headings_at_all(tmp_path: Path):
    _, s = _structure(tmp_path, "2023年，法院审结案件100件，同比上升3%。\n加强队伍建设。开展培训5期。\n")
    assert s.themes == []


def test_sentences_carry_raw_offsets(seed_report):
    s = find_structure(seed_report)
    sentences = split_sentences(seed_report, s.paragraphs)
    assert sentences[0].text.startswith("2024年，德清法院") and sentences[0].text.endswith("各项工作取得新进展。")
    for sent in sentences:
        assert seed_report.text[sent.norm_start:sent.norm_end] == sent.text
        assert seed_report.raw[sent.start] == sent.text[0]


def test_container_chapter_with_sections_and_leads(tmp_path: Path):
    # the usual layout of a full report: 一、the year's work, its （一） sections, lead phrases inside
    report, s = _structure(
        tmp_path,
        "某某县人民法院工作报告\n"
        "——2025年1月9日在某某县第十八届人民代表大会第五次会议上\n"
        "各位代表：\n"
        "现在，我代表县人民法院向大会报告工作，请予审议。\n"
        "一、2024年工作回顾\n"
        "2024年，全院共受理案件8000件，审执结7900件。\n"
        "（一）坚持服务大局，护航经济发展\n"
        "优化营商环境。审结商事案件300件。\n"
        "护航生态文明。设立生态法庭。\n"
        "（二）坚持司法为民\n"
        "深化诉讼服务。网上立案率达90%。\n"
        "二、2025年工作安排\n"
        "2025年，我们将坚持稳中求进。\n",
    )
    assert _outline(s)[:2] == [("坚持服务大局，护航经济发展", ["优化营商环境", "护航生态文明"]), ("坚持司法为民", ["深化诉讼服务"])]
    assert s.themes[-1].title == "2025年工作安排"
    intro = next(p for p in s.paragraphs if p.text.startswith("2024年，全院"))
    assert s.area_of_paragraph[intro.index] == "T0"


def test_sections_without_chapters_are_chapters(tmp_path: Path):
    _, s = _structure(
        tmp_path,
        "2023年，全院审结案件5000件。\n"
        "（一）依法惩治犯罪\n"
        "审结刑事案件400件。\n"
        "（二）服务保障发展\n"
        "审结商事案件900件。\n",
    )
    assert [t.title for t in s.themes] == ["依法惩治犯罪", "服务保障发展"]


def test_closing_paragraph_and_signature_do_not_flip_placement(tmp_path: Path, seed_path: Path):
    text = seed_path.read_text(encoding="utf-8") + "\n各位代表，新的一年，我们将坚持公正司法，为高质量发展提供更加有力的司法服务和保障。\n德清县人民法院\n2025年1月9日\n"
    report, s = _structure(tmp_path, text)
    assert s.placement == "after"
    assert len(s.themes) == 6 and [a.title for a in s.themes[0].children][0] == "优化法治化营商环境"


def test_signature_after_headings_before_text(tmp_path: Path):
    _, s = _structure(
        tmp_path,
        "2024年，全院审结案件6000件。\n"
        "一、坚持服务大局\n"
        "优化营商环境。审结商事案件300件。\n"
        "二、坚持司法为民\n"
        "深化诉讼服务。网上立案率达90%。\n"
        "贺兰县人民法院\n"
        "2025年1月9日\n",
    )
    assert s.placement == "before"
    assert _outline(s) == [("坚持服务大局", ["优化营商环境"]), ("坚持司法为民", ["深化诉讼服务"])]


def test_three_levels_keep_the_chapters_as_themes(tmp_path: Path):
    # 一、 chapters that name a theme keep it; their （一） sections are the work areas
    _, s = _structure(
        tmp_path,
        "2024年，全院审结案件6000件。\n"
        "一、坚持服务大局，保障经济发展\n"
        "（一）优化法治化营商环境\n"
        "加强产权保护。审结涉企案件312件。\n"
        "（二）护航乡村振兴\n"
        "服务葡萄酒产业。审结涉农案件98件。\n"
        "二、坚持从严治院，锻造过硬队伍\n"
        "加强政治建设。组织专题研讨15次。\n",
    )
    assert _outline(s) == [
        ("坚持服务大局，保障经济发展", ["优化法治化营商环境", "护航乡村振兴"]),
        ("坚持从严治院，锻造过硬队伍", ["加强政治建设"]),
    ]


def test_a_lead_may_join_two_halves_with_a_comma(tmp_path: Path):
    _, s = _structure(
        tmp_path,
        "2024年，全院审结案件6000件。\n"
        "一、依法履职\n"
        "坚持依法惩治犯罪，维护社会安全稳定。审结刑事案件400件。\n"
        "一年来，全院干警团结奋进。各项工作取得新成效。\n"
        "强化执行攻坚。执结案件900件。\n",
    )
    assert _outline(s) == [("依法履职", ["坚持依法惩治犯罪，维护社会安全稳定", "强化执行攻坚"])]


def test_a_lead_on_a_line_of_its_own(tmp_path: Path):
    _, s = _structure(
        tmp_path,
        "2024年，全院审结案件6000件。\n"
        "一、坚持司法为民\n"
        "优化诉讼服务。\n"
        "推出网上立案，全年网上立案率达到九成以上，群众满意度持续提升。\n"
        "加强普法宣传。\n"
        "举办法治讲座10场，覆盖群众两千余人次，法治意识不断增强。\n"
        "谢谢大家。\n",
    )
    assert _outline(s) == [("坚持司法为民", ["优化诉讼服务", "加强普法宣传"])]
