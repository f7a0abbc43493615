"""The network view in a real headless Chromium (/usr/bin/chromium through Playwright).

The page is opened from disk with every non-file request aborted and recorded; the tests
click and type as a person would. Expected values come from the gold file or from SPARQL
over the graph, not from the page.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from courtgraph import viz
from courtgraph.model import Extraction
from test_viz import CG, XSS_DOCUMENT, XSS_INITIATIVE, XSS_ORG, build, load_gold, xss_extraction

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]
VIEW_CLASSES = [c.iri for c in viz.NODE_CLASSES]
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"


class Browser:
    """One persistent Chromium context; records console errors, page errors, dialogs and requests."""

    def __init__(self, context: Any) -> None:
        self.context = context
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        context.route("**/*", self._route)

    def _route(self, route: Any) -> None:
        url = route.request.url
        if url.startswith("file://"):
            route.continue_()
        else:
            self.requests.append(url)
            route.abort()

    def open(self, path: Path) -> Any:
        page = self.context.new_page()
        page.on("console", lambda msg: self.errors.append(msg.text) if msg.type == "error" else None)
        page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        page.on("dialog", self._dialog)
        page.goto(path.as_uri())
        page.wait_for_function("window.courtgraph && window.courtgraph.ready === true", timeout=15000)
        return page

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: install the Debian package chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            user_data_dir=str(tmp_path_factory.mktemp("chromium-profile")),
            executable_path=str(CHROMIUM),
            headless=True,
            args=CHROMIUM_ARGS,
            viewport={"width": 1400, "height": 900},
        )
        try:
            yield Browser(context)
        finally:
            context.close()


@pytest.fixture(scope="module")
def gold() -> dict[str, Any]:
    return load_gold()


@pytest.fixture(scope="module")
def seed(gold: dict[str, Any]) -> Any:
    return build(Extraction.from_dict(gold))


@pytest.fixture(scope="module")
def seed_file(seed: Any, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return viz.write_html(seed, tmp_path_factory.mktemp("view") / "seed.html")


@pytest.fixture()
def page(browser: Browser, seed_file: Path) -> Iterator[Any]:
    before = (len(browser.requests), len(browser.errors), len(browser.dialogs))
    opened = browser.open(seed_file)
    yield opened
    opened.close()
    assert (len(browser.requests), len(browser.errors), len(browser.dialogs)) == before, (
        browser.requests,
        browser.errors,
        browser.dialogs,
    )


def typed_nodes(ds: Any) -> dict[str, str]:
    """IRI -> class IRI for every node of a view class, straight from SPARQL."""
    values = " ".join(f"<{c}>" for c in VIEW_CLASSES)
    rows = ds.query(f"SELECT DISTINCT ?s ?c WHERE {{ GRAPH ?g {{ ?s a ?c }} VALUES ?c {{ {values} }} }}")
    found: dict[str, str] = {}
    for s, c in rows:  # a node with two view classes counts once, under the first in legend order
        if str(s) not in found or VIEW_CLASSES.index(str(c)) < VIEW_CLASSES.index(found[str(s)]):
            found[str(s)] = str(c)
    return found


def node_id(ds: Any, cls: str, label: str) -> str:
    rows = list(
        ds.query(
            f"""SELECT ?s WHERE {{ GRAPH ?g {{ ?s a <{CG}{cls}> ;
                 <http://www.w3.org/2000/01/rdf-schema#label> ?l FILTER(str(?l) = "{label}") }} }}"""
        )
    )
    assert len(rows) == 1, (cls, label, rows)
    return str(rows[0][0])


OPENING_CLASSES = {c.iri for c in viz.NODE_CLASSES if c.opening}


def opening_nodes(ds: Any) -> set[str]:
    """The nodes the page opens on: courts, themes, initiatives and partner bodies."""
    return {n for n, c in typed_nodes(ds).items() if c in OPENING_CLASSES}


def drawn_nodes(page: Any) -> set[str]:
    return set(page.evaluate("network.body.nodeIndices.slice()"))


def click_node(page: Any, iri: str) -> None:
    """A real mouse click on the node where vis drew it."""
    page.evaluate("id => network.focus(id, {scale: 1.5, animation: false})", iri)
    point = page.evaluate(
        "id => { const p = network.getPosition(id); const d = network.canvasToDOM(p);"
        " const r = document.getElementById('cg-network').getBoundingClientRect();"
        " return {x: r.left + d.x, y: r.top + d.y}; }",
        iri,
    )
    page.mouse.click(point["x"], point["y"])


def test_opens_on_who_works_with_whom_and_the_full_graph_is_one_switch_away(page: Any, seed: Any) -> None:
    assert drawn_nodes(page) == opening_nodes(seed)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "seed-graph.png"))
    page.check("#cg-full")
    assert drawn_nodes(page) == set(typed_nodes(seed))
    # the stand-in edges step aside: every drawn edge is one of the graph's own
    assert page.evaluate("network.body.edgeIndices.length") == viz.to_view_graph(seed).number_of_edges()
    assert page.evaluate("network.body.edgeIndices.every(id => !courtgraph.edges.get(id).opening)")
    page.uncheck("#cg-full")
    assert drawn_nodes(page) == opening_nodes(seed)


def test_a_layer_switch_brings_the_figures_in(page: Any, seed: Any) -> None:
    quantities = {n for n, c in typed_nodes(seed).items() if c == CG + "Quantity"}
    assert quantities and not quantities & drawn_nodes(page)
    page.locator('#cg-legend input[data-class="quantity"]').check()
    assert drawn_nodes(page) == opening_nodes(seed) | quantities


def test_edge_count_matches_the_gold(page: Any, gold: dict[str, Any]) -> None:
    partner_edges = page.evaluate(
        "network.body.edgeIndices.filter(id => courtgraph.edges.get(id).relation === 'partner').length"
    )
    assert partner_edges == sum(len(i["partners"]) for i in gold["initiatives"])


def test_legend_lists_every_class_present(page: Any, seed: Any) -> None:
    present = set(typed_nodes(seed).values())
    expected = [c.zh for c in viz.NODE_CLASSES if c.iri in present]
    assert page.locator("#cg-legend li .cg-class-name").all_text_contents() == expected


def test_clicking_an_initiative_shows_its_source_sentence(page: Any, seed: Any, gold: dict[str, Any]) -> None:
    item = next(i for i in gold["initiatives"] if i["name_zh"] == "爱心天平")
    click_node(page, node_id(seed, "Initiative", "爱心天平"))
    panel = page.locator("#cg-panel")
    assert panel.locator("h2").text_content() == "爱心天平"
    assert panel.locator("blockquote").all_text_contents() == [item["source_zh"]]
    assert panel.locator("blockquote mark").first.text_content() in (item["name_zh"], item["mention_zh"])


def test_language_switch_changes_labels(page: Any, seed: Any, gold: dict[str, Any]) -> None:
    item = next(i for i in gold["initiatives"] if i["name_zh"] == "爱心天平")
    iri = node_id(seed, "Initiative", "爱心天平")
    no_english = next(d["title_zh"] for d in gold["documents"] if not d.get("title_en"))
    document = node_id(seed, "Document", no_english)
    label = "id => courtgraph.nodes.get(id).label"
    assert page.evaluate(label, iri) == "爱心天平"
    page.click("#cg-lang")
    assert page.evaluate(label, iri) == item["name_en"]
    assert page.evaluate(label, document) == no_english  # no English name: stays Chinese
    assert page.locator("#cg-legend li .cg-class-name").first.text_content() == viz.NODE_CLASSES[0].en
    page.click("#cg-lang")
    assert page.evaluate(label, iri) == "爱心天平"


def test_class_filter_hides_its_nodes(page: Any, seed: Any) -> None:
    nodes = typed_nodes(seed)
    organisations = {n for n, c in nodes.items() if c == CG + "Organisation"}
    page.locator('#cg-legend input[data-class="organisation"]').uncheck()
    assert drawn_nodes(page) == opening_nodes(seed) - organisations
    page.locator('#cg-legend input[data-class="organisation"]').check()
    assert drawn_nodes(page) == opening_nodes(seed)


def test_theme_filter_hides_the_theme_and_what_hangs_off_it(page: Any, seed: Any, gold: dict[str, Any]) -> None:
    last = gold["themes"][-1]
    theme = node_id(seed, "Theme", last["heading_zh"])
    areas = {a["id"] for a in last["work_areas"]}
    in_theme = [i["name_zh"] for i in gold["initiatives"] if i["work_area"] in areas]
    page.locator(f'#cg-themes input[data-theme="{theme}"]').uncheck()
    drawn = drawn_nodes(page)
    assert theme not in drawn
    for name in in_theme:
        assert node_id(seed, "Initiative", name) not in drawn
    other = next(i["name_zh"] for i in gold["initiatives"] if i["work_area"] not in areas)
    assert node_id(seed, "Initiative", other) in drawn


def test_search_and_neighbourhood(page: Any, seed: Any, gold: dict[str, Any]) -> None:
    page.fill("#cg-search-input", "德清县人民检察院")  # the canonical name, not the label
    page.press("#cg-search-input", "Enter")
    procuratorate = node_id(seed, "Organisation", "检察院")
    assert page.locator("#cg-panel").get_attribute("data-node") == procuratorate
    page.click("#cg-neighbourhood")
    partners_of = {i["name_zh"] for i in gold["initiatives"] if "O8" in i["partners"]}  # O8: 检察院
    assert drawn_nodes(page) == {procuratorate} | {node_id(seed, "Initiative", n) for n in partners_of}
    page.click("#cg-reset")
    assert drawn_nodes(page) == opening_nodes(seed)


def test_search_miss_says_so(page: Any) -> None:
    page.fill("#cg-search-input", "不存在的名字")
    page.press("#cg-search-input", "Enter")
    assert page.locator("#cg-search-status").text_content() == "未找到"


def test_physics_can_be_switched_on(page: Any) -> None:
    assert page.evaluate("network.physics.options.enabled") is False
    page.check("#cg-physics")
    assert page.evaluate("network.physics.options.enabled") is True


def test_report_text_stays_inert(browser: Browser, tmp_path: Path, seed: Any) -> None:
    xss = build(xss_extraction())
    path = viz.write_html(xss, tmp_path / "xss.html", title="<script>alert('title')</script>")
    page = browser.open(path)
    try:
        assert page.evaluate("typeof window.__xss") == "undefined"
        assert page.locator("script").count() == 3
        assert page.locator("img").count() == 0
        assert page.title() == "<script>alert('title')</script>"
        labels = page.evaluate("courtgraph.nodes.get().map(n => n.label)")
        assert {XSS_INITIATIVE, XSS_ORG, XSS_DOCUMENT} <= set(labels)
        page.fill("#cg-search-input", "alert('x')")
        page.press("#cg-search-input", "Enter")
        assert page.locator("#cg-panel h2").text_content() == XSS_INITIATIVE
        assert XSS_INITIATIVE in page.locator("#cg-panel blockquote").first.text_content()
        assert page.locator("#cg-panel mark").first.text_content() == XSS_INITIATIVE
        assert page.locator("#cg-panel script, #cg-panel img").count() == 0
        assert browser.dialogs == [] and browser.errors == [] and browser.requests == []
    finally:
        page.close()


def test_xss_report_through_the_real_extractor_stays_inert(browser: Browser, tmp_path: Path) -> None:
    from courtgraph.sources import load_dataset

    from test_viz import XSS_REPORT

    path = viz.write_html(load_dataset([XSS_REPORT]), tmp_path / "xss-report.html")
    before = (len(browser.dialogs), len(browser.errors), len(browser.requests))
    page = browser.open(path)
    try:
        assert page.evaluate("typeof window.__xss") == "undefined"
        assert page.locator("script").count() == 3 and page.locator("img").count() == 0
        labels = set(page.evaluate("courtgraph.nodes.get().map(n => n.label)"))
        assert {XSS_INITIATIVE, XSS_DOCUMENT} <= labels
        assert (len(browser.dialogs), len(browser.errors), len(browser.requests)) == before
    finally:
        page.close()


# --- readable labels, on the seed and on a corpus of ten synthetic reports ------------------

# vis-network measures a label when it draws it and skips nodes off the canvas, so only the
# labels inside the canvas have current boxes: those are the ones a reader sees
LABEL_BOXES = """() => {
  const scale = network.getScale();
  const box = document.getElementById('cg-network').getBoundingClientRect();
  return network.body.nodeIndices.map(id => {
    const label = network.body.nodes[id].labelModule;
    const corner = network.canvasToDOM({x: label.size.left, y: label.size.top});
    return {id: id, color: label.fontOptions.color, px: label.fontOptions.size * scale,
            size: network.body.nodes[id].options.size,
            left: corner.x, top: corner.y, width: label.size.width * scale, height: label.size.height * scale,
            onCanvas: corner.x < box.width && corner.y < box.height
              && corner.x + label.size.width * scale > 0 && corner.y + label.size.height * scale > 0};
  }).filter(b => b.onCanvas);
}"""
TRANSPARENT = "rgba(0,0,0,0)"


def check_labels_readable(page: Any, at_least: int) -> list[dict[str, Any]]:
    """The labels vis-network draws at the opening zoom: each ≥ 12 px on screen, no two
    overlapping (boxes as vis measured them), the largest node among them."""
    boxes = page.evaluate(LABEL_BOXES)
    shown = [b for b in boxes if b["color"] != TRANSPARENT and b["width"] > 0]
    assert len(shown) >= at_least, len(shown)
    assert min(b["px"] for b in shown) >= 12
    largest = min(boxes, key=lambda b: (-b["size"], b["id"]))  # the page's order: size, then id
    assert largest["id"] in {b["id"] for b in shown}
    for i, a in enumerate(shown):
        for b in shown[i + 1 :]:
            apart = (
                a["left"] + a["width"] <= b["left"] + 0.5
                or b["left"] + b["width"] <= a["left"] + 0.5
                or a["top"] + a["height"] <= b["top"] + 0.5
                or b["top"] + b["height"] <= a["top"] + 0.5
            )
            assert apart, json.dumps([a, b], ensure_ascii=False)
    return shown


def test_seed_labels_are_readable_and_never_overlap(page: Any) -> None:
    check_labels_readable(page, at_least=15)
    page.check("#cg-full")  # more nodes, same rule
    check_labels_readable(page, at_least=15)


def test_labels_are_placed_again_after_zooming_in(page: Any) -> None:
    before = len(check_labels_readable(page, at_least=15))
    page.evaluate("network.moveTo({scale: network.getScale() * 2.5, animation: false})")
    page.evaluate("network.emit('zoom', {direction: '+', scale: network.getScale()})")
    page.wait_for_timeout(300)
    after = check_labels_readable(page, at_least=1)
    assert after and before


# report 28 of bench/synth.py is by the same court as report 8: the panel steps between them
SAME_COURT_AS_8 = 28


def build_synthetic(root: Path, count: int, extra: tuple[int, ...] = ()) -> tuple[Path, Any]:
    """Synthetic reports built as people build them (`build` writes the view), and an Oxigraph
    store of the same graph (named graphs read as one) to ask for expected values."""
    import pyoxigraph as ox

    from courtgraph.build import build as build_corpus
    from test_synth import synth  # bench/synth.py, loaded as test_synth loads it

    sources = synth.write_corpus(count, root / "reports")
    for index in extra:
        name, text = synth.generate_report(index)
        (root / "reports" / name).write_bytes(text.encode("utf-8"))
    result = build_corpus([root / "reports"], out_dir=root / "out", use_cache=False)
    assert len(result.reports) == len(sources) + len(extra)
    store = ox.Store()
    with open(root / "out" / "courtgraph.trig", "rb") as handle:
        store.load(handle, format=ox.RdfFormat.TRIG)
    return root / "out" / "courtgraph.html", store


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Any]:
    """Eleven synthetic reports: reports 0-9 and a second report of report 8's court."""
    return build_synthetic(tmp_path_factory.mktemp("corpus10"), 10, (SAME_COURT_AS_8,))


@pytest.fixture()
def corpus_page(browser: Browser, corpus: tuple[Path, Any]) -> Iterator[Any]:
    before = (len(browser.requests), len(browser.errors), len(browser.dialogs))
    opened = browser.open(corpus[0])
    yield opened
    opened.close()
    assert (len(browser.requests), len(browser.errors), len(browser.dialogs)) == before, (browser.errors, browser.requests)


def select(store: Any, query: str) -> list[list[str]]:
    """SPARQL over the union of the named graphs; every value as its string."""
    return [[term.value for term in row] for row in store.query(query, use_default_graph_as_union=True)]


def kind_count(store: Any, cls: str) -> int:
    return int(select(store, f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ ?s a <{CG}{cls}> }}")[0][0])


def partner_kinds(store: Any) -> dict[str, set[str]]:
    """kind code -> the partner bodies of that kind (bodies some initiative works with)."""
    found: dict[str, set[str]] = {}
    for org, kind in select(store, f"SELECT DISTINCT ?o ?k WHERE {{ ?i <{CG}partner> ?o . ?o <{CG}orgKind> ?k }}"):
        found.setdefault(kind.rsplit("/", 1)[-1], set()).add(org)
    return found


def visible_nodes(page: Any) -> set[str]:
    return set(page.evaluate("courtgraph.nodes.get({filter: n => !n.hidden}).map(n => n.id)"))


def initiatives_of(store: Any, court: str | None = None, year: str | None = None) -> set[str]:
    where = f"?i a <{CG}Initiative> ; <{CG}reportedIn> ?r . ?r <{CG}court> ?c ; <{CG}year> ?y ."
    rows = select(store, f"SELECT DISTINCT ?i ?c ?y WHERE {{ {where} }}")
    return {i for i, c, y in rows if (court is None or c == court) and (year is None or y.startswith(year))}


def to_graph(page: Any) -> None:
    page.uncheck("#cg-summary")
    assert page.evaluate("courtgraph.mode") == "graph"


def test_corpus_opens_on_courts_and_partner_kinds_readably(corpus_page: Any, corpus: tuple[Path, Any]) -> None:
    store = corpus[1]
    assert corpus_page.evaluate("courtgraph.mode") == "summary"
    courts = {c for (c,) in select(store, f"SELECT DISTINCT ?c WHERE {{ ?c a <{CG}Court> }}")}
    assert drawn_nodes(corpus_page) == courts | {f"kind:{k}" for k in partner_kinds(store)}
    check_labels_readable(corpus_page, at_least=15)
    ARTIFACTS.mkdir(exist_ok=True)
    corpus_page.screenshot(path=str(ARTIFACTS / "corpus10-summary.png"))


def test_clicking_a_kind_expands_it_into_its_bodies(corpus_page: Any, corpus: tuple[Path, Any]) -> None:
    bureaus = partner_kinds(corpus[1])["government-bureau"]
    before = drawn_nodes(corpus_page)
    click_node(corpus_page, "kind:government-bureau")
    after = drawn_nodes(corpus_page)
    assert "kind:government-bureau" not in after
    assert after == (before - {"kind:government-bureau"}) | bureaus
    check_labels_readable(corpus_page, at_least=15)


def test_corpus_switches_to_the_full_graph_and_back(corpus_page: Any, corpus: tuple[Path, Any]) -> None:
    store = corpus[1]
    summary = drawn_nodes(corpus_page)
    to_graph(corpus_page)
    opening = sum(kind_count(store, c) for c in ("Court", "Theme", "Initiative", "Organisation"))
    assert len(drawn_nodes(corpus_page)) == opening
    check_labels_readable(corpus_page, at_least=40)
    corpus_page.check("#cg-full")
    assert len(drawn_nodes(corpus_page)) == sum(kind_count(store, c.term) for c in viz.NODE_CLASSES)
    corpus_page.check("#cg-summary")
    assert drawn_nodes(corpus_page) == summary


def test_court_year_and_partner_kind_filters(corpus_page: Any, corpus: tuple[Path, Any]) -> None:
    store = corpus[1]
    court, year = select(store, f"SELECT ?c ?y WHERE {{ ?r <{CG}court> ?c ; <{CG}year> ?y }} ORDER BY ?c ?y LIMIT 1")[0]
    # the summary: a court filtered out leaves the picture
    corpus_page.locator(f'#cg-courts input[data-court="{court}"]').uncheck()
    assert court not in visible_nodes(corpus_page) and court in drawn_nodes(corpus_page) | {court}
    corpus_page.locator(f'#cg-courts input[data-court="{court}"]').check()
    assert court in visible_nodes(corpus_page)
    corpus_page.locator('#cg-kinds input[data-kind="government-bureau"]').uncheck()
    assert "kind:government-bureau" not in visible_nodes(corpus_page)
    corpus_page.locator('#cg-kinds input[data-kind="government-bureau"]').check()
    # the graph: a court's initiatives go with it, a year's with the year
    to_graph(corpus_page)
    all_initiatives = initiatives_of(store)
    corpus_page.locator(f'#cg-courts input[data-court="{court}"]').uncheck()
    shown = visible_nodes(corpus_page)
    assert initiatives_of(store, court=court) and not initiatives_of(store, court=court) & shown
    assert all_initiatives - initiatives_of(store, court=court) <= shown
    corpus_page.locator(f'#cg-courts input[data-court="{court}"]').check()
    year = year[:4]
    corpus_page.locator(f'#cg-years input[data-year="{year}"]').uncheck()
    shown = visible_nodes(corpus_page)
    assert not initiatives_of(store, year=year) & shown
    assert all_initiatives - initiatives_of(store, year=year) <= shown
    corpus_page.click("#cg-reset")
    assert corpus_page.evaluate("courtgraph.mode") == "summary"


def centred(page: Any, iri: str) -> bool:
    return bool(page.evaluate(
        """id => { const d = network.canvasToDOM(network.getPosition(id));
                   const r = document.getElementById('cg-network').getBoundingClientRect();
                   return Math.abs(d.x - r.width / 2) < 5 && Math.abs(d.y - r.height / 2) < 5; }""",
        iri,
    ))


def test_corpus_search_finds_chinese_and_english_labels_and_centres_them(corpus_page: Any, corpus: tuple[Path, Any]) -> None:
    store = corpus[1]
    iri, label = select(store, f"""SELECT ?i ?l WHERE {{ ?i a <{CG}Initiative> ; <{RDFS_LABEL}> ?l
                                    FILTER(lang(?l) = "zh") }} ORDER BY DESC(?i) LIMIT 1""")[0]
    corpus_page.fill("#cg-search-input", label)
    corpus_page.press("#cg-search-input", "Enter")
    assert corpus_page.locator("#cg-panel").get_attribute("data-node") == iri
    assert corpus_page.evaluate("network.getSelectedNodes()") == [iri]
    assert iri in visible_nodes(corpus_page) and centred(corpus_page, iri)
    english = select(store, f"""SELECT ?s ?l WHERE {{ ?s a <{CG}Organisation> ; <{RDFS_LABEL}> ?l
                                FILTER(lang(?l) = "en") }} ORDER BY ?s LIMIT 1""")
    target, name = english[0] if english else ("kind:government-bureau", "government bureau")
    corpus_page.click("#cg-reset")
    corpus_page.fill("#cg-search-input", name)
    corpus_page.press("#cg-search-input", "Enter")
    assert corpus_page.locator("#cg-panel").get_attribute("data-node") == target
    assert centred(corpus_page, target)


def test_corpus_panel_shows_a_source_sentence_and_the_courts_next_report(corpus_page: Any, corpus: tuple[Path, Any]) -> None:
    from test_synth import synth

    store = corpus[1]
    court = synth.describe_report(8).court
    rows = select(
        store,
        f"""SELECT ?i ?text ?r ?y WHERE {{ ?i a <{CG}Initiative> ; <{CG}evidence> ?span ; <{CG}reportedIn> ?r .
              ?r <{CG}court> ?c ; <{CG}year> ?y . ?c <{RDFS_LABEL}> "{court}"@zh .
              ?span <{CG}inSentence> ?s . ?s <{CG}text> ?text }} ORDER BY ?y ?i LIMIT 1""",
    )
    assert rows
    iri, text, report, _ = rows[0]
    later = select(store, f"""SELECT ?r WHERE {{ ?r <{CG}court> ?c ; <{CG}year> ?y . ?c <{RDFS_LABEL}> "{court}"@zh }}
                              ORDER BY DESC(?y) LIMIT 1""")[0][0]
    assert later != report
    to_graph(corpus_page)
    click_node(corpus_page, iri)
    panel = corpus_page.locator("#cg-panel")
    assert panel.get_attribute("data-node") == iri
    assert text in panel.locator("blockquote").all_text_contents()
    panel.locator(".cg-next").first.click()  # the earlier report's next one
    assert panel.get_attribute("data-node") == later


# --- a hundred synthetic reports: the opening stays readable and usable --------------------


@pytest.fixture(scope="module")
def corpus100(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Any]:
    return build_synthetic(tmp_path_factory.mktemp("corpus100"), 100)


def test_hundred_reports_open_readably_and_filter_search_and_panel_work(
    browser: Browser, corpus100: tuple[Path, Any]
) -> None:
    path, store = corpus100
    page = browser.open(path)
    try:
        assert page.evaluate("courtgraph.mode") == "summary"
        check_labels_readable(page, at_least=30)
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "corpus100-summary.png"))
        court = select(store, f"SELECT ?c WHERE {{ ?c a <{CG}Court> }} ORDER BY ?c LIMIT 1")[0][0]
        page.locator(f'#cg-courts input[data-court="{court}"]').uncheck()
        assert court not in visible_nodes(page)
        page.click("#cg-reset")
        iri, label, text = select(
            store,
            f"""SELECT ?i ?l ?text WHERE {{ ?i a <{CG}Initiative> ; <{RDFS_LABEL}> ?l ; <{CG}evidence> ?span .
                  ?span <{CG}inSentence> ?s . ?s <{CG}text> ?text FILTER(lang(?l) = "zh") }} ORDER BY ?i LIMIT 1""",
        )[0]
        page.fill("#cg-search-input", label)
        page.press("#cg-search-input", "Enter")
        assert page.locator("#cg-panel").get_attribute("data-node") == iri
        assert centred(page, iri)
        assert text in page.locator("#cg-panel blockquote").all_text_contents()
        assert browser.errors == [] and browser.requests == []
    finally:
        page.close()
