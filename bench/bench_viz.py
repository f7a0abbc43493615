"""How long a 2,000-node network view takes to build and to become interactive in Chromium.

Run: ``.venv/bin/python bench/bench_viz.py [--nodes 2000] [--runs 3]``, or
``--reports 10`` to build that many reports of bench/synth.py with ``courtgraph build`` and time
the view the build wrote (a corpus opens on courts, themes, initiatives and partners).

A synthetic report (themes, work areas, initiatives with partners and outcomes, documents,
awards, cases; random but seeded) goes through the real RDF builder and ``viz.write_html``.
The page is opened from disk in headless /usr/bin/chromium with the network blocked;
"interactive" is the first frame vis-network draws after the page's script has wired up
every control (``courtgraph.readyAt``, milliseconds since navigation start). Target: < 3 s.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from courtgraph import viz
from courtgraph.model import Extraction
from courtgraph.rdf import to_dataset

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]


def synthetic_extraction(nodes: int, *, seed: int = 1) -> Extraction:
    """A report with about ``nodes`` view nodes in the proportions of a real one."""
    rng = random.Random(seed)
    n_themes = max(2, nodes // 200)
    n_areas = max(4, nodes // 35)
    n_orgs = nodes * 15 // 100
    n_docs = nodes * 4 // 100
    n_awards = nodes * 2 // 100
    n_cases = nodes // 100
    rest = nodes - 2 - n_themes - n_areas - n_orgs - n_docs - n_awards - n_cases
    n_initiatives = rest * 45 // 100
    n_metrics = rest - n_initiatives
    themes = []
    area_ids = []
    for t in range(1, n_themes + 1):
        areas = []
        for a in range(1, n_areas // n_themes + 1):
            areas.append({"id": f"T{t}.{a}", "lead_zh": f"工作领域{t}之{a}", "lead_en": f"work area {t}.{a}"})
            area_ids.append(f"T{t}.{a}")
        themes.append({"id": f"T{t}", "heading_zh": f"主题{t}", "heading_en": f"theme {t}", "work_areas": areas})
    orgs = [
        {"id": f"O{i}", "mention_zh": f"合作单位{i}", "canonical_zh": f"某县合作单位{i}", "kind": "government-bureau",
         "role": "partner", "name_en": f"partner body {i}"}
        for i in range(1, n_orgs + 1)
    ]
    metrics = [
        {"id": f"M{i}", "value": rng.randint(1, 9999), "unit_zh": "件", "measure_zh": f"统计项{i}",
         "attached_to": None}
        for i in range(1, n_metrics + 1)
    ]
    initiatives = []
    metric_ids = [m["id"] for m in metrics]
    rng.shuffle(metric_ids)
    for i in range(1, n_initiatives + 1):
        outcomes = [metric_ids.pop() for _ in range(rng.choice((0, 1, 1, 2))) if metric_ids]
        initiatives.append(
            {"id": f"I{i}", "name_zh": f"举措{i}", "mention_zh": f"“举措{i}”平台", "type": "platform",
             "name_en": f"initiative {i}", "work_area": rng.choice(area_ids),
             "partners": sorted({f"O{rng.randint(1, n_orgs)}" for _ in range(rng.choice((0, 1, 1, 2, 3)))}),
             "outcomes": outcomes}
        )
    for metric in metrics:
        owner = next((i["id"] for i in initiatives if metric["id"] in i["outcomes"]), None)
        metric["attached_to"] = owner or rng.choice(area_ids)
    documents = [
        {"id": f"D{i}", "title_zh": f"文件{i}", "kind": "opinions", "action_zh": "出台", "work_area": rng.choice(area_ids)}
        for i in range(1, n_docs + 1)
    ]
    awards = [
        {"id": f"A{i}", "name_zh": f"荣誉{i}", "level": "provincial", "recipient": f"I{rng.randint(1, n_initiatives)}"}
        for i in range(1, n_awards + 1)
    ]
    cases = [{"id": f"C{i}", "mention_zh": f"某案{i}", "award": f"A{i}"} for i in range(1, n_cases + 1)]
    return Extraction.from_dict(
        {
            "report": {"court_zh": "基准县人民法院", "court_en": "Benchmark County People's Court", "year": 2024,
                       "province_zh": "浙江省"},
            "themes": themes, "organizations": orgs, "initiatives": initiatives, "documents": documents,
            "metrics": metrics, "awards": awards, "cases": cases,
        }
    )


def time_to_interactive(path: Path, runs: int) -> tuple[list[float], int, int]:
    from playwright.sync_api import sync_playwright

    times: list[float] = []
    blocked: list[str] = []
    with sync_playwright() as playwright, tempfile.TemporaryDirectory() as profile:
        context = playwright.chromium.launch_persistent_context(
            user_data_dir=profile, executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS,
            viewport={"width": 1400, "height": 900},
        )

        def route(r: Any) -> None:
            if r.request.url.startswith("file://"):
                r.continue_()
            else:
                blocked.append(r.request.url)
                r.abort()

        context.route("**/*", route)
        drawn = (0, 0)
        for _ in range(runs):
            page = context.new_page()
            page.goto(path.as_uri())
            page.wait_for_function("window.courtgraph && window.courtgraph.ready === true", timeout=120_000)
            times.append(page.evaluate("courtgraph.readyAt") / 1000)
            drawn = page.evaluate("[network.body.nodeIndices.length, network.body.edgeIndices.length]")
            page.close()
        context.close()
    if blocked:
        sys.exit(f"the page tried the network: {blocked[:3]}")
    return times, drawn[0], drawn[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--reports", type=int, default=0, help="time the view `build` writes for this many synthetic reports")
    args = parser.parse_args()
    if args.reports:
        corpus_view(args.reports, args.runs)
        return

    dataset = to_dataset([synthetic_extraction(args.nodes)])
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        view = viz.to_view_graph(dataset)
        mapped = time.perf_counter()
        path = viz.write_html(view, Path(tmp) / "bench.html")
        written = time.perf_counter()
        times, nodes, edges = time_to_interactive(path, args.runs)
        size = path.stat().st_size
    print(f"view graph: {view.number_of_nodes()} nodes, {view.number_of_edges()} edges; drawn {nodes} / {edges}")
    print(f"python: RDF -> view graph {mapped - started:.2f} s, layout + page {written - mapped:.2f} s; page {size:,} bytes")
    print(f"time to interactive in headless Chromium: median {statistics.median(times):.2f} s "
          f"(runs: {', '.join(f'{t:.2f}' for t in times)}; target < 3 s)")


def corpus_view(reports: int, runs: int) -> None:
    sys.path.insert(0, str(Path(__file__).parent))
    from synth import write_corpus

    from courtgraph.build import build

    with tempfile.TemporaryDirectory() as tmp:
        write_corpus(reports, Path(tmp) / "reports")
        started = time.perf_counter()
        result = build([Path(tmp) / "reports"], out_dir=Path(tmp) / "out", use_cache=False)
        built = time.perf_counter() - started
        path = Path(tmp) / "out" / "courtgraph.html"
        times, nodes, edges = time_to_interactive(path, runs)
        size = path.stat().st_size
    print(f"{reports} reports, {result.triples} triples: build with the view {built:.2f} s; page {size:,} bytes; "
          f"drawn on opening {nodes} nodes / {edges} edges")
    print(f"time to interactive in headless Chromium: median {statistics.median(times):.2f} s "
          f"(runs: {', '.join(f'{t:.2f}' for t in times)}; target < 3 s)")


if __name__ == "__main__":
    main()
