"""The network view without a browser: RDF → view graph mapping, escaping, determinism, offline.

Expected values are read from the gold file (tests/gold/deqing-2024.yaml) or counted in the
RDF with SPARQL, never taken from the view's own output.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from courtgraph import viz
from courtgraph.errors import QueryError, StoreError
from courtgraph.model import Extraction

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "gold" / "deqing-2024.yaml"
XSS_REPORT = ROOT / "tests" / "data" / "xss-report.txt"
CG = "https://w3id.org/courtgraph/ontology#"

# Names from tests/data/xss-report.txt: each is a quoted name in that report.
XSS_INITIATIVE = "<script>alert('x')</script>"
XSS_ORG = '"A&B"<img src=x onerror="window.__xss=1">调解中心'
XSS_DOCUMENT = "关于</script><script>window.__xss=2</script>的意见"


def load_gold() -> dict[str, Any]:
    with GOLD.open(encoding="utf-8") as stream:
        data: dict[str, Any] = yaml.safe_load(stream)
    return data


def build(extraction: Extraction) -> Any:
    """The graph of one extraction, from the project's RDF builder."""
    from courtgraph.rdf import to_dataset

    return to_dataset([extraction])


def xss_extraction() -> Extraction:
    text = XSS_REPORT.read_text(encoding="utf-8")
    for name in (XSS_INITIATIVE, XSS_ORG, XSS_DOCUMENT):
        assert name in text, f"{name!r} must be a name written in {XSS_REPORT.name}"
    sentence = next(part.strip() + "。" for part in text.split("。") if XSS_INITIATIVE in part)
    return Extraction.from_dict(
        {
            "report": {"court_zh": "测试县人民法院", "court_en": None, "year": 2024, "province_zh": "浙江省"},
            "themes": [
                {"id": "T1", "heading_zh": "主题<b>一</b>", "work_areas": [{"id": "T1.1", "lead_zh": "领域&amp;一"}]}
            ],
            "organizations": [{"id": "O1", "mention_zh": XSS_ORG, "kind": "ngo", "role": "partner"}],
            "initiatives": [
                {
                    "id": "I1",
                    "name_zh": XSS_INITIATIVE,
                    "mention_zh": XSS_INITIATIVE,
                    "type": "platform",
                    "work_area": "T1.1",
                    "partners": ["O1"],
                    "source_zh": sentence,
                }
            ],
            "documents": [{"id": "D1", "title_zh": XSS_DOCUMENT, "kind": "opinions", "action_zh": "出台", "work_area": "T1.1"}],
        }
    )


@pytest.fixture(scope="module")
def gold() -> dict[str, Any]:
    return load_gold()


@pytest.fixture(scope="module")
def seed(gold: dict[str, Any]) -> Any:
    return build(Extraction.from_dict(gold))


@pytest.fixture(scope="module")
def view(seed: Any) -> Any:
    return viz.to_view_graph(seed)


def by_label(view: Any, kind: str) -> dict[str, str]:
    return {d["label_zh"]: n for n, d in view.nodes(data=True) if d["kind"] == kind}


def sparql_count(ds: Any, cls: str) -> int:
    rows = ds.query(
        f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ GRAPH ?g {{ ?s a <{CG}{cls}> }} }}"
    )
    return int(next(iter(rows))[0])


# --- mapping -----------------------------------------------------------------------------------


def test_every_typed_node_of_the_graph_is_in_the_view(seed: Any, view: Any) -> None:
    expected = {
        "court": "Court",
        "report": "WorkReport",
        "theme": "Theme",
        "workarea": "WorkArea",
        "initiative": "Initiative",
        "organisation": "Organisation",
        "quantity": "Quantity",
        "document": "Document",
        "award": "Award",
        "case": "Case",
    }
    for kind, cls in expected.items():
        got = sum(1 for _, d in view.nodes(data=True) if d["kind"] == kind)
        assert got == sparql_count(seed, cls), kind


def test_initiatives_carry_gold_names_in_both_languages(gold: dict[str, Any], view: Any) -> None:
    initiatives = {d["label_zh"]: d for _, d in view.nodes(data=True) if d["kind"] == "initiative"}
    assert set(initiatives) == {i["name_zh"] for i in gold["initiatives"]}
    for item in gold["initiatives"]:
        assert initiatives[item["name_zh"]]["label_en"] == item.get("name_en")
        assert item["mention_zh"] in initiatives[item["name_zh"]]["names"]


def test_relations_match_the_gold(gold: dict[str, Any], view: Any) -> None:
    def count(relation: str) -> int:
        return sum(1 for _, _, key in view.edges(keys=True) if key == relation)

    assert count("partner") == sum(len(i["partners"]) for i in gold["initiatives"])
    assert count("outcome") == len({m["id"] for m in gold["metrics"] if m["attached_to"].startswith("I")})
    placed = [x for x in gold["initiatives"] + gold["documents"] if x.get("work_area")]
    assert count("in-work-area") == len(placed)
    assert count("in-theme") == sum(len(t["work_areas"]) for t in gold["themes"])
    assert count("issued") == len(gold["documents"])
    # an award reached from its recipient and from the case that won it, each pair drawn once
    award_pairs = {(a["recipient"], a["id"]) for a in gold["awards"] if a["recipient"]}
    award_pairs |= {(c["id"], c["award"]) for c in gold["cases"] if c.get("award")}
    assert count("award") == len(award_pairs)
    # figures of work areas and of the summary (T0)
    assert count("figure") == sum(1 for m in gold["metrics"] if not m["attached_to"].startswith("I"))
    # bodies that lead or supervise the court are linked to it
    assert count("leads") == sum(1 for o in gold["organizations"] if o["role"] == "leadership")
    assert count("supervises") == sum(1 for o in gold["organizations"] if o["role"] == "supervisor")


def test_partners_of_the_procuratorate_are_the_competency_answer(view: Any) -> None:
    procuratorate = by_label(view, "organisation")["检察院"]
    partners = sorted(view.nodes[u]["label_zh"] for u, _, k in view.in_edges(procuratorate, keys=True) if k == "partner")
    assert partners == sorted(["原始瓷遗址司法保护基地", "沟通协调机制"])  # competency question Q1


def test_properties_for_quantities_awards_and_organisations(view: Any) -> None:
    quantities = {d["label_zh"]: dict(d["properties"]) for _, d in view.nodes(data=True) if d["kind"] == "quantity"}
    first = next(p for label, p in quantities.items() if label.startswith("办结各类案件"))
    assert first["value"] == "10093 件"
    assert first["rank"] == "增幅全省第一"
    reach = next(p for label, p in quantities.items() if label.startswith("全网观看量"))
    assert reach["value"] == "100超 万人次" and reach["approximation"] == "超"
    awards = {d["label_zh"]: dict(d["properties"]) for _, d in view.nodes(data=True) if d["kind"] == "award"}
    assert "national" in awards["全国百佳商会调解典型案例"]["level"]
    assert "county" in awards["县直机关“四强”党支部"]["level"]
    orgs = {d["label_zh"]: dict(d["properties"]) for _, d in view.nodes(data=True) if d["kind"] == "organisation"}
    assert orgs["检察院"]["canonical"] == "德清县人民检察院"


def test_source_sentence_with_the_mention_marked(gold: dict[str, Any], view: Any) -> None:
    item = next(i for i in gold["initiatives"] if i["name_zh"] == "爱心天平")
    node = view.nodes[by_label(view, "initiative")["爱心天平"]]
    assert [s["text"] for s in node["sentences"]] == [item["source_zh"]]
    (start, end), = node["sentences"][0]["marks"]
    assert item["source_zh"][start:end] in (item["mention_zh"], item["name_zh"])


def test_theme_of_an_initiative_and_of_its_partner(gold: dict[str, Any], view: Any) -> None:
    themes = by_label(view, "theme")
    area_theme = {a["id"]: t["heading_zh"] for t in gold["themes"] for a in t["work_areas"]}
    for item in gold["initiatives"]:
        node = by_label(view, "initiative")[item["name_zh"]]
        assert view.nodes[node]["themes"] == [themes[area_theme[item["work_area"]]]]
    red_cross = by_label(view, "organisation")["县红十字会"]
    assert view.nodes[red_cross]["themes"] == [themes[area_theme["T3.2"]]]


# --- the page ----------------------------------------------------------------------------------


def start_tags(page: str) -> list[tuple[str, dict[str, str | None]]]:
    from html.parser import HTMLParser

    found: list[tuple[str, dict[str, str | None]]] = []

    class Tags(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            found.append((tag, dict(attrs)))

    Tags().feed(page)
    return found


def page_data(page: str) -> dict[str, Any]:
    match = re.search(r'<script type="application/json" id="cg-data">(.*?)</script>', page, re.S)
    assert match, "the page has no data element"
    data: dict[str, Any] = json.loads(match.group(1))
    return data


def test_page_is_self_contained(seed: Any) -> None:
    page = viz.render_html(seed)
    assert "<link" not in page
    external = re.compile(r"""\b(?:src|href)\s*=\s*["']?\s*(?:https?:)?//|url\(\s*["']?\s*(?:https?:)?//|@import""", re.I)
    assert not external.search(page)
    assert "cdn.jsdelivr" not in page and "cdnjs" not in page
    tags = start_tags(page)
    assert [t for t, _ in tags if t == "script"] == ["script"] * 3  # data, vis-network, the view's own
    assert not [a for t, a in tags if "src" in a or "href" in a]


def test_page_data_matches_the_view(seed: Any, view: Any) -> None:
    data = page_data(viz.render_html(seed))
    assert len(data["vis"]["nodes"]) == view.number_of_nodes()
    drawn = [e for e in data["vis"]["edges"] if not e.get("opening")]
    assert len(drawn) == view.number_of_edges()
    assert {n["id"] for n in data["vis"]["nodes"]} == set(view)
    assert all("x" in n and "y" in n for n in data["vis"]["nodes"])
    assert data["vis"]["options"]["physics"]["enabled"] is False
    assert [c["key"] for c in data["classes"]] == [
        c.key for c in viz.NODE_CLASSES if any(d["kind"] == c.key for _, d in view.nodes(data=True))
    ]


def test_opening_view_shows_who_works_with_whom(seed: Any, gold: dict[str, Any], view: Any) -> None:
    """Courts, themes, initiatives and partners open; dashed stand-in edges tie each
    initiative to its theme and each theme to its court while work areas and reports are off."""
    data = page_data(viz.render_html(seed))
    opening = {c["key"] for c in data["classes"] if c["opening"]}
    assert opening == {"court", "theme", "initiative", "organisation"}
    stand_in = {(e["from"], e["to"]) for e in data["vis"]["edges"] if e.get("opening")}
    by_label = {(d["kind"], d["label_zh"]): n for n, d in view.nodes(data=True)}
    court = next(n for n, d in view.nodes(data=True) if d["kind"] == "court")
    expected = set()
    for theme in gold["themes"]:
        theme_id = by_label[("theme", theme["heading_zh"])]
        expected.add((theme_id, court))
        areas = {a["id"] for a in theme["work_areas"]}
        for item in gold["initiatives"]:
            if item["work_area"] in areas:
                expected.add((by_label[("initiative", item["name_zh"])], theme_id))
    assert stand_in == expected


def test_same_graph_gives_byte_identical_pages(gold: dict[str, Any], tmp_path: Path) -> None:
    first = viz.write_html(build(Extraction.from_dict(gold)), tmp_path / "a.html")
    second = viz.write_html(build(Extraction.from_dict(gold)), tmp_path / "b.html")
    assert first.read_bytes() == second.read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.html", "b.html"]  # no temp files left


def _view_triples(dataset: Any, *, twice: bool = False) -> Any:
    from courtgraph.viz.graph import ViewTriples

    triples = ViewTriples()
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        triples.add((s, p, o))
        if twice:
            triples.add((s, p, o))
    return triples


def test_view_triples_answer_what_rdflib_answers(seed: Any) -> None:
    from rdflib import RDF, URIRef

    union = seed.quads((None, None, None, None))
    triples = _view_triples(seed)
    facts = {(s, p, o) for s, p, o, _ in union}
    assert len(triples) == len(facts)
    subjects = {s for s, _, _ in facts}
    predicates = {p for _, p, _ in facts}
    for subject in list(subjects)[:200]:
        for predicate in predicates:
            assert sorted(triples.objects(subject, predicate)) == sorted(o for s, p, o in facts if s == subject and p == predicate)
    for predicate in predicates:
        assert sorted(triples.subject_objects(predicate)) == sorted((s, o) for s, p, o in facts if p == predicate)
    for cls in {o for _, p, o in facts if p == RDF.type}:
        assert sorted(triples.subjects(RDF.type, cls)) == sorted(s for s, p, o in facts if p == RDF.type and o == cls)
    assert list(triples.objects(URIRef("urn:nothing"), RDF.type)) == []


def test_a_page_drawn_from_view_triples_is_the_page_drawn_from_rdflib(corpus3: Any, seed: Any) -> None:
    for dataset in (seed, corpus3):
        for opening_only in (False, True):
            expected = viz.render_html(dataset, opening_only=opening_only)
            assert viz.render_html(_view_triples(dataset), opening_only=opening_only) == expected
            # a triple added twice reads as once (a level coded twice is listed once)
            assert viz.render_html(_view_triples(dataset, twice=True), opening_only=opening_only) == expected


def test_a_query_needs_an_rdflib_graph(seed: Any) -> None:
    with pytest.raises(QueryError, match="rdflib"):
        viz.render_html(_view_triples(seed), query="SELECT ?s WHERE { ?s ?p ?o }")


def test_report_text_is_escaped() -> None:
    page = viz.render_html(build(xss_extraction()))
    for raw in (XSS_INITIATIVE, XSS_DOCUMENT, "<img src=x", "<b>一</b>"):
        assert raw not in page
    data = page_data(page)  # the JSON survives the escaping and gives the names back exactly
    labels = {n["zh"] for n in data["nodes"]}
    assert {XSS_INITIATIVE, XSS_ORG, XSS_DOCUMENT, "主题<b>一</b>", "领域&amp;一"} <= labels


def test_line_separators_cannot_break_the_script() -> None:
    assert viz.script_json({"a": "x\u2028y\u2029</script>&"}) == '{"a":"x\\u2028y\\u2029\\u003c/script\\u003e\\u0026"}'


def test_json_written_in_pieces_is_the_json_dumped_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    import courtgraph.viz.page as page

    value = {
        "z": [{"b": i, "a": f"<{i}>&\u2028"} for i in range(7)],
        "a": {"nodes": list(range(5)), "edges": [[1, "x"], [2, "</script>"]], "empty": [], "none": None},
        "m": [[1.5, "中文"], {"k": []}, "tail\u2029"],
        "n": {},
        "t": (1, 2, 3),
    }
    whole = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    escaped = whole.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    escaped = escaped.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    assert viz.script_json(value) == escaped
    for batch in (1, 2, 3):  # lists longer than a batch are dumped a batch at a time
        monkeypatch.setattr(page, "_JSON_BATCH", batch)
        pieces = list(page._script_json_parts(value))
        assert len(pieces) > 10
        assert "".join(pieces) == escaped
    assert json.loads(escaped) == json.loads(whole)


def test_the_page_written_in_pieces_is_the_page_made_whole(corpus3: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import courtgraph.viz.page as page

    whole = viz.render_html(corpus3)
    monkeypatch.setattr(page, "_JSON_BATCH", 2)  # the corpus's lists, split into many pieces
    written = viz.write_html(corpus3, tmp_path / "view.html")
    assert written.read_text(encoding="utf-8") == whole
    assert viz.render_html(corpus3) == whole
    assert sorted(p.name for p in tmp_path.iterdir()) == ["view.html"]


def test_a_refused_query_writes_no_page(seed: Any, tmp_path: Path) -> None:
    target = tmp_path / "view.html"
    target.write_text("before", encoding="utf-8")
    with pytest.raises(QueryError):
        viz.write_html(seed, target, query="DELETE WHERE { ?s ?p ?o }")
    assert target.read_text(encoding="utf-8") == "before"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["view.html"]


def test_title_is_escaped(seed: Any) -> None:
    page = viz.render_html(seed, title='<script>alert("t")</script>')
    assert '<script>alert("t")' not in page
    assert "&lt;script&gt;alert(&#34;t&#34;)&lt;/script&gt;" in page


def test_a_title_holding_the_pages_data_marker_changes_nothing_else(seed: Any) -> None:
    def outside_data(page: str) -> str:
        return re.sub(r'(<script type="application/json" id="cg-data">).*?(</script>)', r"\1\2", page, flags=re.S)

    plain = viz.render_html(seed, title="德清")
    for title in ("\x00cg-data-0\x00", "\x00cg-data-0\x00\x00cg-data-1\x00"):
        page = viz.render_html(seed, title=title)
        assert page_data(page) == {**page_data(plain), "title": title}
        assert outside_data(page).replace(title, "德清") == outside_data(plain)


def test_query_picks_the_subgraph(seed: Any) -> None:
    query = f"""
    PREFIX cg: <{CG}>
    PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
    SELECT ?initiative ?org ?outcome WHERE {{
      ?initiative cg:partner ?org . ?org rdfs:label "检察院"@zh .
      OPTIONAL {{ ?initiative cg:outcome ?outcome }}
    }}"""
    data = page_data(viz.render_html(seed, query=query))
    assert sorted(n["zh"] for n in data["nodes"]) == sorted(["检察院", "原始瓷遗址司法保护基地", "沟通协调机制"])
    assert [e["relation"] for e in data["vis"]["edges"]] == ["partner", "partner"]


def test_a_query_view_names_its_themes(seed: Any) -> None:
    # the answer holds initiatives and a partner but no theme node; the theme filter still
    # names the themes those initiatives sit in, in report order
    query = f"""
    PREFIX cg: <{CG}>
    PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
    SELECT ?initiative ?org WHERE {{ ?initiative cg:partner ?org . ?org rdfs:label "检察院"@zh }}"""
    data = page_data(viz.render_html(seed, query=query))
    assert not [n for n in data["nodes"] if n["kind"] == "theme"]
    gold = load_gold()
    heading = {t["id"]: t["heading_zh"] for t in gold["themes"]}
    picked = [i for i in gold["initiatives"] if i["name_zh"] in ("原始瓷遗址司法保护基地", "沟通协调机制")]
    expected = sorted({i["work_area"].split(".")[0] for i in picked}, key=lambda t: int(t[1:]))
    assert [t["zh"] for t in data["themes"]] == [heading[t] for t in expected]
    assert len(expected) == 2


def test_construct_query_picks_the_subgraph(seed: Any) -> None:
    query = f"""
    PREFIX cg: <{CG}>
    CONSTRUCT {{ ?doc cg:inWorkArea ?area }} WHERE {{ ?doc a cg:Document ; cg:inWorkArea ?area }}"""
    data = page_data(viz.render_html(seed, query=query))
    kinds = sorted({n["kind"] for n in data["nodes"]})
    assert kinds == ["document", "workarea"]
    assert sum(1 for n in data["nodes"] if n["kind"] == "document") == len(load_gold()["documents"])


@pytest.mark.parametrize(
    "query",
    ["SELECT ?s WHERE { ?s ?p }", "ASK { ?s ?p ?o }", "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"],
)
def test_bad_queries_are_query_errors(seed: Any, query: str) -> None:
    with pytest.raises(QueryError):
        viz.render_html(seed, query=query)


def test_write_to_an_unwritable_place_is_a_store_error(seed: Any, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(StoreError):
        viz.write_html(seed, blocker / "view.html")


def test_show_embeds_the_page_for_jupyter(seed: Any) -> None:
    shown = viz.show(seed, height=400)
    html = shown.data
    assert html.startswith("<iframe srcdoc=") and "height:400px" in html
    assert "<script" not in html  # the page is an attribute value, fully escaped


def test_importing_the_view_stays_light() -> None:
    code = "import sys, courtgraph.viz; print(sorted(m for m in ('rdflib','networkx','pyvis','jinja2','IPython') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


# --- the command -------------------------------------------------------------------------------


def test_cli_writes_the_page_for_a_graph_file(seed: Any, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from courtgraph.cli import cli

    graph_file = tmp_path / "seed.trig"
    seed.serialize(graph_file, format="trig")
    out = tmp_path / "view.html"
    result = CliRunner().invoke(cli, ["viz", str(graph_file), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert str(out) in result.output
    labels = {n["zh"] for n in page_data(out.read_text(encoding="utf-8"))["nodes"]}
    assert "爱心天平" in labels


def test_cli_query_file(seed: Any, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from courtgraph.cli import cli

    graph_file = tmp_path / "seed.trig"
    seed.serialize(graph_file, format="trig")
    query = tmp_path / "docs.rq"
    query.write_text(f"PREFIX cg: <{CG}> SELECT ?d WHERE {{ ?d a cg:Document }}", encoding="utf-8")
    out = tmp_path / "docs.html"
    result = CliRunner().invoke(cli, ["viz", str(graph_file), "--query", str(query), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert len(page_data(out.read_text(encoding="utf-8"))["nodes"]) == len(load_gold()["documents"])


def test_cli_help_ends_with_an_example() -> None:
    from click.testing import CliRunner

    from courtgraph.cli import cli

    result = CliRunner().invoke(cli, ["viz", "--help"])
    assert result.exit_code == 0
    assert result.output.rstrip().splitlines()[-1].strip().startswith("courtgraph viz ")


def test_cli_missing_input_is_one_line(tmp_path: Path) -> None:
    result = subprocess.run(
        [str(Path(sys.executable).parent / "courtgraph"), "viz", str(tmp_path / "missing.ttl")],
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr


def test_every_viz_help_example_runs_and_writes_into_out(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The examples of `viz --help`, run as written in a folder holding seeds/ (as a clone does)."""
    import shlex
    import shutil

    from click.testing import CliRunner

    from courtgraph.cli import cli

    root = Path(__file__).resolve().parents[1]
    shutil.copytree(root / "seeds", tmp_path / "seeds")
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    assert runner.invoke(cli, ["build", "seeds/", "--no-html"]).exit_code == 0
    help_text = runner.invoke(cli, ["viz", "--help"]).output
    examples = [line.strip() for line in help_text.split("Examples:")[1].splitlines() if line.strip()]
    assert len(examples) == 4
    for example in examples:
        args = shlex.split(example)[1:]
        result = runner.invoke(cli, args)
        assert result.exit_code == 0, (example, result.output)
        for line in result.output.strip().splitlines():  # the page, then any picture
            written = Path(line)
            assert written.parts[0] == "out" and written.is_file()
    assert (tmp_path / "out" / "courtgraph.png").read_bytes().startswith(b"\x89PNG")
    # the query drew only its answer: partnered initiatives and their partners
    def labels(name: str) -> set[str]:
        return {n["zh"] for n in page_data((tmp_path / "out" / name).read_text(encoding="utf-8"))["nodes"]}

    drawn, whole = labels("partners.html"), labels("courtgraph.html")
    assert {"原始瓷遗址司法保护基地", "检察院"} <= drawn < whole
    assert "德清县人民法院" not in drawn  # the court is no partner


# --- corpus views: the summary a corpus opens on, filters' data, report links, pictures --------


def small_report(court: str, year: int, partners: list[tuple[str, str]]) -> Extraction:
    """One report of ``court`` whose single initiative works with ``partners`` ((name, kind) pairs)."""
    return Extraction.from_dict(
        {
            "report": {"court_zh": court, "court_en": None, "year": year, "province_zh": "浙江省"},
            "themes": [{"id": "T1", "heading_zh": f"{year}年主题", "work_areas": [{"id": "T1.1", "lead_zh": "化解纠纷"}]}],
            "organizations": [
                {"id": f"O{i}", "mention_zh": name, "kind": kind, "role": "partner"} for i, (name, kind) in enumerate(partners)
            ],
            "initiatives": [
                {"id": "I1", "name_zh": f"{court}{year}调解平台", "mention_zh": f"{court}{year}调解平台", "type": "platform",
                 "work_area": "T1.1", "partners": [f"O{i}" for i in range(len(partners))]}
            ],
        }
    )


@pytest.fixture(scope="module")
def corpus3() -> Any:
    """Three reports of two courts: enough for the page to open on the summary."""
    from courtgraph.rdf import to_dataset

    return to_dataset(
        [
            small_report("甲县人民法院", 2023, [("甲县司法局", "government-bureau"), ("甲县检察院", "procuratorate")]),
            small_report("甲县人民法院", 2024, [("甲县公安局", "public-security"), ("甲县民政局", "government-bureau")]),
            small_report("乙县人民法院", 2024, [("乙县司法局", "government-bureau")]),
        ]
    )


def test_a_corpus_opens_on_courts_and_partner_kinds_with_counts(corpus3: Any) -> None:
    data = page_data(viz.render_html(corpus3))
    assert data["opening"] == "summary"
    rows = corpus3.query(
        f"""SELECT ?court ?kind (COUNT(DISTINCT ?o) AS ?n) WHERE {{
              GRAPH ?g1 {{ ?i <{CG}partner> ?o }} GRAPH ?g0 {{ ?i <{CG}reportedIn> ?r }} GRAPH ?g2 {{ ?r <{CG}court> ?court }}
              GRAPH ?g3 {{ ?o <{CG}orgKind> ?k }} BIND(REPLACE(STR(?k), "^.*/", "") AS ?kind) }} GROUP BY ?court ?kind"""
    )
    expected = sorted([str(court), f"kind:{kind}", int(n)] for court, kind, n in rows)
    assert sorted(data["summary"]["edges"]) == expected
    assert len(expected) == 4  # 甲: bureau (2), procuratorate, police; 乙: bureau
    courts = {str(row[0]) for row in corpus3.query(f"SELECT DISTINCT ?c WHERE {{ GRAPH ?g {{ ?c a <{CG}Court> }} }}")}
    assert {c["id"] for c in data["summary"]["courts"]} == courts
    bureau = data["summary"]["expand"]["kind:government-bureau"]
    assert len(bureau["nodes"]) == sum(n for _, k, n in expected if k == "kind:government-bureau")
    # the filters' lists: each court once, each year once
    assert len(data["courts"]) == 2 and data["years"] == ["2023", "2024"]


def test_reports_of_a_court_are_neighbours_for_previous_and_next(corpus3: Any) -> None:
    data = page_data(viz.render_html(corpus3))
    reports = data["reports"]
    assert [(r["courtZh"], r["year"]) for r in reports] == [("乙县人民法院", "2024"), ("甲县人民法院", "2023"), ("甲县人民法院", "2024")]
    initiative = next(n for n in data["nodes"] if n["zh"] == "甲县人民法院2024调解平台")
    assert [reports[i]["year"] for i in initiative["r"]] == ["2024"]
    court = next(n for n in data["nodes"] if n["zh"] == "甲县人民法院")
    assert [reports[i]["year"] for i in court["r"]] == ["2023", "2024"]


def test_one_report_opens_on_the_graph_and_links_to_the_explorer(seed: Any) -> None:
    data = page_data(viz.render_html(seed, endpoint="http://127.0.0.1:8000/"))
    assert data["opening"] == "graph" and data["summary"] is None
    assert data["endpoint"] == "http://127.0.0.1:8000/"


def test_a_large_view_is_laid_out_linearly_and_deterministically() -> None:
    sys.path.insert(0, str(ROOT / "bench"))
    from bench_viz import synthetic_extraction

    from courtgraph.viz.page import SPRING_MAX_NODES

    ds = build(synthetic_extraction(5000))
    view = viz.to_view_graph(ds)
    assert sum(1 for _, d in view.nodes(data=True) if d["kind"] in ("initiative", "organisation")) > SPRING_MAX_NODES
    first, second = viz.render_html(view), viz.render_html(view)
    assert first == second
    positions = {(v["x"], v["y"]) for v in page_data(first)["vis"]["nodes"]}
    assert len(positions) > 0.9 * view.number_of_nodes()  # spread out, not piled on one point


@pytest.mark.parametrize("suffix, magic", [(".png", b"\x89PNG"), (".svg", b"<?xml")])
def test_picture_of_the_opening_view_is_byte_identical(corpus3: Any, tmp_path: Path, suffix: str, magic: bytes) -> None:
    from courtgraph.viz.picture import write_picture

    one = write_picture(corpus3, tmp_path / f"one{suffix}").read_bytes()
    two = write_picture(corpus3, tmp_path / "sub" / f"two{suffix}").read_bytes()
    assert one.startswith(magic) and one == two


def test_picture_refuses_other_formats(seed: Any, tmp_path: Path) -> None:
    from courtgraph.errors import InputError
    from courtgraph.viz.picture import write_picture

    with pytest.raises(InputError, match=".png or .svg"):
        write_picture(seed, tmp_path / "x.gif")
    assert not (tmp_path / "x.gif").exists()
