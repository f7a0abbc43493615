"""Load on the SPARQL endpoint: concurrent clients running the named queries.

Starts ``courtgraph serve`` on 127.0.0.1 with the seed report's graph, runs CLIENTS threads
that each send QUERIES requests (cycling through queries/*.rq), and prints throughput,
latency percentiles and the error count. Exit status 1 if any request failed.

    .venv/bin/python bench/bench_serve.py [--clients 20] [--queries 200] [--workers 2] [--engine auto]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from servers import courtgraph_server, named_queries, seed_dataset  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--queries", type=int, default=200, help="requests per client")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--engine", default="auto", choices=["auto", "oxigraph", "rdflib"])
    args = parser.parse_args()

    queries = list(named_queries().items())
    dataset = seed_dataset()
    with tempfile.TemporaryDirectory() as tmp:
        graph = Path(tmp) / "seed.trig"
        graph.write_bytes(dataset.serialize(format="trig", encoding="utf-8"))
        extra = ["--workers", str(args.workers), "--engine", args.engine, "--timeout", "30"]
        with courtgraph_server([graph], *extra) as base:
            url = f"{base}/sparql"

            def client(n: int) -> list[tuple[str, int, float]]:
                done = []
                with httpx.Client(timeout=60) as http:
                    for i in range(args.queries):
                        name, text = queries[(n + i) % len(queries)]
                        started = time.perf_counter()
                        try:
                            status = http.post(url, data={"query": text},
                                               headers={"Accept": "application/sparql-results+json"}).status_code
                        except httpx.HTTPError:
                            status = 0
                        done.append((name, status, time.perf_counter() - started))
                return done

            started = time.perf_counter()
            with ThreadPoolExecutor(max_workers=args.clients) as pool:
                results = [r for batch in pool.map(client, range(args.clients)) for r in batch]
            wall = time.perf_counter() - started

    latencies = sorted(r[2] for r in results)
    errors = Counter(r[1] for r in results if r[1] != 200)
    total = len(results)

    def pct(p: float) -> float:
        return latencies[min(total - 1, int(p * total))] * 1000

    print(f"triples: {sum(1 for _ in dataset.quads((None, None, None, None)))}, named queries: {len(queries)}")
    print(f"clients × queries: {args.clients} × {args.queries} = {total} requests, workers: {args.workers}, "
          f"engine: {args.engine}")
    print(f"wall time: {wall:.2f} s, throughput: {total / wall:.1f} queries/s")
    print(f"latency ms: median {statistics.median(latencies) * 1000:.1f}, p95 {pct(0.95):.1f}, "
          f"p99 {pct(0.99):.1f}, max {latencies[-1] * 1000:.1f}")
    print(f"errors: {sum(errors.values())} {dict(errors) if errors else ''}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
