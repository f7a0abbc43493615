"""Cheap queries while expensive ones run: the endpoint's latency for quick questions under load.

Starts ``courtgraph serve`` on 127.0.0.1 with the seed report's graph, keeps EXPENSIVE
clients sending a query that runs into the time limit (a six-way cross product), and
meanwhile times CHEAP requests (an ASK and two small SELECTs, one after another). Prints
the cheap requests' latency percentiles and status counts, and the expensive ones' statuses.
Exit status 1 if any cheap request failed.

    .venv/bin/python bench/bench_cheap_under_load.py [--cheap 200] [--expensive 2] [--workers 4] [--timeout 10]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from servers import courtgraph_server, seed_dataset  # noqa: E402

EXPENSIVE = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o . ?p ?q ?r }"
CHEAP = [
    "ASK { ?c a cg:Court }",
    "SELECT ?label WHERE { ?c a cg:Court ; rdfs:label ?label }",
    "SELECT ?org WHERE { ?i cg:partner ?org } LIMIT 5",
]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cheap", type=int, default=200, help="cheap requests to time")
    parser.add_argument("--expensive", type=int, default=2, help="expensive queries kept running")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--timeout", type=float, default=10.0)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        graph = Path(tmp) / "seed.trig"
        graph.write_bytes(seed_dataset().serialize(format="trig", encoding="utf-8"))
        extra = ["--workers", str(args.workers), "--timeout", f"{args.timeout:g}"]
        with courtgraph_server([graph], *extra) as base:
            url = f"{base}/sparql"
            stop = threading.Event()
            expensive: Counter[int] = Counter()

            def keep_busy() -> None:
                with httpx.Client(timeout=args.timeout * 3) as http:
                    while not stop.is_set():
                        expensive[http.get(url, params={"query": EXPENSIVE}).status_code] += 1

            busy = [threading.Thread(target=keep_busy, daemon=True) for _ in range(args.expensive)]
            for thread in busy:
                thread.start()
            time.sleep(3)  # the expensive queries are running and past the "heavy" mark
            timings: list[float] = []
            statuses: Counter[int] = Counter()
            with httpx.Client(timeout=60) as http:
                for n in range(args.cheap):
                    started = time.perf_counter()
                    statuses[http.get(url, params={"query": CHEAP[n % len(CHEAP)]}).status_code] += 1
                    timings.append(time.perf_counter() - started)
            stop.set()
            for thread in busy:
                thread.join()

    timings.sort()

    def pct(p: float) -> float:
        return timings[min(len(timings) - 1, int(p * len(timings)))] * 1000

    print(f"workers: {args.workers} (heavy slots: {max(1, args.workers // 2)}), time limit: {args.timeout:g} s, "
          f"expensive queries kept running: {args.expensive}")
    print(f"cheap requests: {len(timings)}, statuses: {dict(statuses)}")
    print(f"cheap latency ms: median {statistics.median(timings) * 1000:.1f}, p95 {pct(0.95):.1f}, "
          f"p99 {pct(0.99):.1f}, max {timings[-1] * 1000:.1f}")
    print(f"expensive statuses: {dict(expensive)}")
    return 0 if set(statuses) == {200} else 1


if __name__ == "__main__":
    sys.exit(main())
