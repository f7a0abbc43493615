"""The benchmark suite: how courtgraph's cost grows with the corpus, written to bench/results.md.

    .venv/bin/python bench/run.py                      # the full suite (make bench)
    .venv/bin/python bench/run.py --sizes 1 --runs 1 --quick --out /tmp/results.md   # smoke run

Corpora of synthetic reports come from ``bench/synth.py`` (deterministic from ``--seed``).
Each figure is the median of ``--runs`` runs unless the table says otherwise. Nothing here
asserts a time: the targets are compared in the report, and a missed one is a finding.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
CLI = str(BIN / "courtgraph")
SEED = ROOT / "seeds" / "deqing-court-2024.txt"


def _synth():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("courtgraph_bench_synth", ROOT / "bench" / "synth.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is made
    spec.loader.exec_module(module)
    return module


# -- measuring ---------------------------------------------------------------------------------


@dataclass
class Run:
    seconds: float
    peak_bytes: int
    stdout: str


def run_command(args: list[str], *, env: dict[str, str] | None = None) -> Run:
    """Run a command, sampling the summed resident memory of it and its children every 20 ms."""
    import psutil

    started = time.perf_counter()
    process = subprocess.Popen(args, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    peak = 0
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        try:
            parent = psutil.Process(process.pid)
        except psutil.NoSuchProcess:
            return
        while not stop.is_set():
            try:
                total = parent.memory_info().rss
                for child in parent.children(recursive=True):
                    try:
                        total += child.memory_info().rss
                    except psutil.NoSuchProcess:
                        pass
            except psutil.NoSuchProcess:
                return
            peak = max(peak, total)
            stop.wait(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = process.communicate()
    seconds = time.perf_counter() - started
    stop.set()
    sampler.join()
    if process.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed ({process.returncode}): {err.strip()[-2000:]}")
    return Run(seconds, peak, out)


def _figure(value: float) -> str:
    return f"{value:,.0f}" if value >= 100 else (f"{value:.2f}" if value >= 1 else f"{value:.3f}")


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(0.95 * len(ordered)) - 1))] if ordered else float("nan")


def triples_of(summary: str) -> int:
    found = re.search(r"(\d+) triples", summary)
    return int(found.group(1)) if found else -1


# -- the parts of the suite --------------------------------------------------------------------


# The figures of the run before issue 15's work (bench/results.md of 2026-11-29, commit a31b0d2d, same
# kind of machine), so that every new figure is printed next to the one it replaces, with the ratio.
PREVIOUS: dict[str, tuple[float, str]] = {
    "extraction": (331_243, "characters/s"),
    "seed": (2.19, "s"),
    "help": (0.078, "s"),
    "cold-1000": (450.30, "s"),
    "peak-1000": (729, "MiB"),
    "add-one-1000": (152.84, "s"),  # then: every output rewritten from the cache, the cost of one changed report
    "add-part-1000": (152.84, "s"),  # the same previous figure, beside the parts layout's add
    "cold-100": (43.70, "s"),
    "cq11-100": (6866, "ms"),  # in process, Oxigraph, 647,176 rows (one per duplicated copy)
}


@dataclass
class Results:
    lines: list[str] = field(default_factory=list)
    targets: list[tuple[str, str, str]] = field(default_factory=list)  # target, measured, verdict
    compared: list[tuple[str, float, float, str]] = field(default_factory=list)  # figure, before, now, unit

    def compare(self, key: str, label: str, now: float) -> None:
        """Record ``now`` next to the figure it replaces (see PREVIOUS)."""
        before, unit = PREVIOUS[key]
        self.compared.append((label, before, now, unit))

    def section(self, title: str, *body: str) -> None:
        self.lines += ["", f"## {title}", "", *body]
        print(f"\n## {title}\n" + "\n".join(body), flush=True)

    def target(self, name: str, measured: str, met: bool | None) -> None:
        verdict = "n/a" if met is None else ("met" if met else "missed")
        self.targets.append((name, measured, verdict))


def extraction_throughput(corpus: Path, runs: int, results: Results) -> None:
    from courtgraph.extract import extract
    from courtgraph.ingest import read_report

    files = sorted(corpus.glob("*.txt"))
    extract(read_report(files[0]))  # rule files, patterns and dictionaries load once per process
    chars = 0
    pure: list[float] = []
    whole: list[float] = []
    for _ in range(runs):
        reading = extracting = 0.0
        chars = 0
        for path in files:
            t0 = time.perf_counter()
            report = read_report(path)
            t1 = time.perf_counter()
            extract(report)
            t2 = time.perf_counter()
            reading += t1 - t0
            extracting += t2 - t1
            chars += len(report.text)
        pure.append(chars / extracting)
        whole.append(chars / (reading + extracting))
    rate = median(pure)
    results.section(
        "1. Extraction throughput (one core, in process)",
        f"{len(files)} reports, {chars:,} characters, median of {runs} run(s); rule files loaded before timing.",
        "",
        "| stage | characters per second per core |",
        "|---|---:|",
        f"| extraction (`courtgraph.extract.extract`) | {rate:,.0f} |",
        f"| reading + extraction (`read_report` + `extract`) | {median(whole):,.0f} |",
    )
    goal = 3 * PREVIOUS["extraction"][0]
    results.target(f"Extraction ≥ 3× the previous rate ({goal:,.0f} characters/s per core)", f"{rate:,.0f} characters/s", rate >= goal)
    results.compare("extraction", "extraction, characters/s per core", rate)


def _compile_bytecode() -> None:
    """courtgraph's modules compiled once, as pip compiles an installed wheel's. Where
    PYTHONDONTWRITEBYTECODE is set, an editable install would compile them again in every run
    timed (about 0.13 s of the seed build under cProfile), which no installed copy does."""
    import compileall

    import courtgraph

    compileall.compile_dir(str(Path(courtgraph.__file__).parent), quiet=1)


def seed_and_startup(runs: int, results: Results) -> None:
    _compile_bytecode()
    seed_times: list[float] = []
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(runs):
            seed_times.append(run_command([CLI, "build", str(SEED), "--out", f"{tmp}/o{i}", "--no-cache"]).seconds)
    help_times = [run_command([CLI, "--help"]).seconds for _ in range(max(5, runs * 5))]
    results.section(
        "2a. The seed end to end, and start-up",
        "Fresh processes, interpreter start-up included, courtgraph's bytecode compiled first (as an installed wheel's is); "
        "the seed build writes every format and the HTML view, with no cache.",
        "",
        "| command | median | min | max | runs |",
        "|---|---:|---:|---:|---:|",
        f"| `courtgraph build seeds/deqing-court-2024.txt --no-cache` | {median(seed_times):.2f} s | {min(seed_times):.2f} s | {max(seed_times):.2f} s | {len(seed_times)} |",
        f"| `courtgraph --help` | {median(help_times):.3f} s | {min(help_times):.3f} s | {max(help_times):.3f} s | {len(help_times)} |",
    )
    results.target("Seed cold build ≤ 1.0 s", f"{median(seed_times):.2f} s", median(seed_times) <= 1.0)
    results.target("`courtgraph --help` ≤ 0.1 s", f"{median(help_times):.3f} s", median(help_times) <= 0.1)
    results.compare("seed", "seed cold build, s", median(seed_times))
    results.compare("help", "`courtgraph --help`, s", median(help_times))


def builds(corpora: dict[int, Path], runs: int, large_runs: int, work: Path, results: Results, seed: int = 0) -> dict[int, Path]:
    rows = []
    built: dict[int, Path] = {}
    per_report: dict[int, float] = {}
    for size, corpus in corpora.items():
        cold: list[Run] = []
        warm: list[Run] = []
        rewrite: list[Run] = []
        added: list[Run] = []
        parts_first: list[Run] = []
        parts_added: list[Run] = []
        for i in range(runs if size < 1000 else large_runs):
            cache = work / f"cache-{size}-{i}"
            out = work / f"out-{size}"
            shutil.rmtree(cache, ignore_errors=True)
            shutil.rmtree(out, ignore_errors=True)
            cold.append(run_command([CLI, "build", str(corpus), "--out", str(out), "--cache-dir", str(cache)]))
            warm.append(run_command([CLI, "build", str(corpus), "--out", str(out), "--cache-dir", str(cache)]))
            assert "Up to date" in warm[-1].stdout, warm[-1].stdout
            # one more report, the next one the generator makes, added to the built corpus
            name, text = _synth().generate_report(size, seed)
            added_path = corpus / name
            added_path.write_bytes(text.encode("utf-8"))
            try:
                added.append(run_command([CLI, "build", str(corpus), "--out", str(out), "--cache-dir", str(cache)]))
            finally:
                added_path.unlink()
            # the parts layout: built from the cache, then another new report (not in the cache) added
            parts_out = work / f"parts-{size}"
            shutil.rmtree(parts_out, ignore_errors=True)
            parts_first.append(run_command([CLI, "build", str(corpus), "--out", str(parts_out), "--cache-dir", str(cache), "--layout", "parts"]))
            name, text = _synth().generate_report(size + 1, seed)
            added_path = corpus / name
            added_path.write_bytes(text.encode("utf-8"))
            try:
                parts_added.append(run_command([CLI, "build", str(corpus), "--out", str(parts_out), "--cache-dir", str(cache), "--layout", "parts"]))
            finally:
                added_path.unlink()
            assert "(" + f"{size} from the cache)" in parts_added[-1].stdout, parts_added[-1].stdout  # only the added report built
            shutil.rmtree(parts_out)
            shutil.rmtree(out)
            rewrite.append(run_command([CLI, "build", str(corpus), "--out", str(out), "--cache-dir", str(cache)]))
            shutil.rmtree(cache, ignore_errors=True)
        built[size] = work / f"out-{size}"
        triples = triples_of(cold[0].stdout)
        cold_s = median([r.seconds for r in cold])
        per_report[size] = cold_s / size
        rows.append(
            f"| {size:,} | {triples:,} | {cold_s:.2f} s | {median([r.peak_bytes for r in cold]) / 2**20:,.0f} MiB "
            f"| {median([r.seconds for r in warm]):.2f} s | {median([r.seconds for r in rewrite]):.2f} s "
            f"| {median([r.peak_bytes for r in rewrite]) / 2**20:,.0f} MiB | {median([r.seconds for r in added]):.2f} s "
            f"| {median([r.seconds for r in parts_first]):.2f} s | {median([r.seconds for r in parts_added]):.2f} s "
            f"| {median([r.peak_bytes for r in parts_added]) / 2**20:,.0f} MiB | {cold_s / size:.3f} s |"
        )
        if size == 1000:
            peak = median([r.peak_bytes for r in cold]) / 2**20
            add_one = median([r.seconds for r in added])
            add_part = median([r.seconds for r in parts_added])
            results.target("1,000 reports cold ≤ 120 s and ≤ 2 GB peak", f"{cold_s:.0f} s, {peak:,.0f} MiB", cold_s <= 120 and peak <= 2048)
            results.target(
                "One report added to a built corpus of 1,000 ≤ 5 s",
                f"{add_part:.2f} s with `--layout parts`; {add_one:.2f} s with every file written whole", add_part <= 5,
            )
            results.compare("add-part-1000", "one report added to 1,000, parts layout, s", add_part)
            results.compare("cold-1000", "1,000 reports cold, s", cold_s)
            results.compare("peak-1000", "1,000 reports cold peak, MiB", peak)
            results.compare("add-one-1000", "one report added to 1,000, s", add_one)
        if size == 100:
            results.compare("cold-100", "100 reports cold, s", cold_s)
    results.section(
        "2b. `courtgraph build` on synthetic corpora",
        f"Both cores (`--jobs` default), median of {runs} run(s) ({large_runs} for 1,000 reports and more). Cold: empty cache. Warm: the same command again, "
        "nothing changed (inputs hashed, outputs checked, nothing written). Rewrite: the output folder removed, every report "
        "read from the cache, every output written again and the store loaded whole. "
        "One report added: the next synthetic report put into the built corpus, then the same command into the built "
        "folder, whose store is updated in place (only the new report's graph and the shared graph loaded). "
        "Parts: the same corpus built with `--layout parts` into a new folder from the cache, then the report after that "
        "one (not in the cache) added: only its part, the shared graph's and the store change. "
        "Peak memory is the summed resident memory of the build and its workers, sampled every 20 ms.",
        "",
        "| reports | triples | cold | cold peak memory | warm (nothing changed) | rewrite from cache | rewrite peak memory | one report added "
        "| parts, from cache | parts, one report added | its peak memory | cold seconds per report |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        *rows,
    )
    sizes = sorted(per_report)
    if len(sizes) > 1:
        spread = max(per_report[s] for s in sizes if s > 1) / min(per_report[s] for s in sizes if s > 1) if len([s for s in sizes if s > 1]) > 1 else 1.0
        results.target(
            "Cost grows linearly with the reports",
            ", ".join(f"{s:,}: {per_report[s]:.3f} s/report" for s in sizes),
            spread <= 1.3 if len([s for s in sizes if s > 1]) > 1 else None,
        )
    return built


def _query_child(graph: str, store: str, names: list[str], runs: int, channel) -> None:  # type: ignore[no-untyped-def]
    """In a child process: load the graph once, then time each named query and report it."""
    from courtgraph.query import named_queries, run_query
    from courtgraph.sources import load_dataset, read_graph_file

    t0 = time.perf_counter()
    dataset = load_dataset([graph], store="oxigraph") if store == "oxigraph" else read_graph_file(Path(graph))
    channel.put(("loaded", time.perf_counter() - t0, len(dataset)))
    queries = named_queries()
    for name in names:
        named = queries[name]
        t0 = time.perf_counter()
        rows = len(run_query(named.text, dataset, params=named.params).rows)  # untimed: parse caches, warm indexes
        first = time.perf_counter() - t0
        # a slow query is timed fewer times: its median is steady, and the suite has to end
        repeats = runs if first < 1 else (3 if first < 10 else 1)
        found = []
        for _ in range(repeats):
            t0 = time.perf_counter()
            run_query(named.text, dataset, params=named.params)
            found.append(time.perf_counter() - t0)
        channel.put((name, found, rows))


def _cli_query_times(out_dir: Path, names: list[str], runs: int) -> dict[str, list[float] | str]:
    """Seconds of `courtgraph query --graph OUT --name NAME`, a new process each time; for a
    query the command refused or stopped (its time limit), the reason instead."""
    command = [str(Path(sys.executable).with_name("courtgraph")), "query", "--graph", str(out_dir), "--format", "csv"]
    found: dict[str, list[float] | str] = {}
    for name in names:
        times: list[float] = []
        for _ in range(max(runs, 1)):
            try:
                times.append(run_command([*command, "--name", name]).seconds)
            except RuntimeError as exc:
                found[name] = (str(exc).strip().splitlines() or ["failed"])[-1][:160]
                break
            if times[-1] > 5:  # far over the target: one run says so, and the suite has to end
                break
        found.setdefault(name, times)
    return found


def query_times(graph: Path, store: str, runs: int, timeout: float) -> tuple[float, int, dict[str, tuple[list[float], int] | None]]:
    """Times of every named query (``None``: over ``timeout`` seconds, stopped), load time, quads."""
    import multiprocessing
    import queue as queue_module

    from courtgraph.query import named_queries

    context = multiprocessing.get_context("spawn")
    pending = list(named_queries())
    times: dict[str, tuple[list[float], int] | None] = {}
    load, quads = float("nan"), 0
    while pending:
        channel = context.Queue()
        child = context.Process(target=_query_child, args=(str(graph), store, pending, runs, channel))
        child.start()
        try:
            _, load, quads = channel.get(timeout=3600)
            while pending:
                try:
                    name, found, rows = channel.get(timeout=timeout * 12)
                except queue_module.Empty:
                    times[pending.pop(0)] = None  # the query that was running when time ran out
                    break
                times[name] = (found, rows)
                pending.remove(name)
        finally:
            child.kill()
            child.join()
    return load, quads, times


def _cli_cell(found: list[float] | str) -> str:
    return f"failed: {found}" if isinstance(found, str) else f"{median(found):.2f}"


def queries(built: dict[int, Path], runs: int, rdflib_size: int, results: Results, timeout: float) -> None:
    largest = max(built)
    compare = rdflib_size if rdflib_size in built else min(built)
    # Oxigraph answers from the store `build` wrote (the output folder opens it read-only);
    # rdflib parses the TriG
    ox_load, ox_quads, ox_large = query_times(built[largest], "oxigraph", max(runs, 10), timeout)
    rdf_load, rdf_quads, rdf_times = query_times(built[compare] / "courtgraph.trig", "memory", runs, timeout)
    _, _, ox_small = query_times(built[compare], "oxigraph", max(runs, 10), timeout)
    cli = _cli_query_times(built[largest], list(ox_large), runs)

    def cell(found: tuple[list[float], int] | None) -> str:
        if found is None:
            return f"> {timeout * 12:.0f} s (stopped) | –"
        return f"{median(found[0]) * 1000:,.1f} | {p95(found[0]) * 1000:,.1f}"

    rows = []
    ratios: dict[str, float] = {}
    for name in ox_large:
        small, slow = ox_small.get(name), rdf_times.get(name)
        if small and slow:
            ratios[name] = median(slow[0]) / median(small[0])
        answer = ox_large[name]
        same = "n/a" if not (small and slow) else ("yes" if small[1] == slow[1] else f"no ({small[1]:,} vs {slow[1]:,})")
        rows.append(
            f"| {name} | {answer[1] if answer else '?':,} | {cell(answer)} | {cell(slow)} | {cell(small)} "
            f"| {f'{ratios[name]:.0f}×' if name in ratios else 'n/a'} | {same} | {_cli_cell(cli[name])} |"
        )
    results.section(
        "3. Named queries (`queries/*.rq`) through `courtgraph.query.run_query`",
        f"Oxigraph: the store `build` wrote for {largest:,} reports ({ox_quads:,} quads), opened by `load_dataset([out_dir])` "
        f"in {ox_load:.2f} s. rdflib's memory store: the {compare:,}-report graph ({rdf_quads:,} quads) parsed by "
        f"`read_graph_file` in {rdf_load:.1f} s, and Oxigraph on that same graph for the ratio. Each query runs once "
        f"untimed, then {max(runs, 10)} times (Oxigraph) or {runs} times (rdflib) if its first run took under 1 s, "
        "3 times under 10 s, once otherwise. Times in milliseconds, answers converted to rdflib terms (what every "
        "caller of `run_query` gets). `rows`: the answer's size on the large graph. `same rows`: Oxigraph's row count "
        f"equals rdflib's on the {compare:,}-report graph. `CLI s`: `courtgraph query --graph OUT --name NAME --format csv` "
        f"on the {largest:,}-report build, start-up included, median of {runs}.",
        "",
        f"| query | rows | Oxigraph {largest:,} median | p95 | rdflib {compare:,} median | p95 | Oxigraph {compare:,} median | p95 | rdflib ÷ Oxigraph | same rows | CLI s |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|",
        *rows,
    )
    timed = {n: median(t[0]) for n, t in ox_large.items() if t}
    over = sorted(n for n, t in timed.items() if t > 0.1)
    results.target(
        f"Every named query ≤ 100 ms median with Oxigraph on the {largest:,}-report graph",
        f"{len(timed) - len(over)} of {len(ox_large)} within; over: {', '.join(over) or 'none'}",
        not over and len(timed) == len(ox_large) if largest >= 1000 else None,
    )
    slow_cli = sorted(n for n, t in cli.items() if isinstance(t, str) or median(t) > 0.5)
    results.target(
        f"Every named query ≤ 0.5 s through the CLI on the {largest:,}-report build (start-up included)",
        f"{len(cli) - len(slow_cli)} of {len(cli)} within; over: {', '.join(slow_cli) or 'none'}",
        not slow_cli if largest >= 1000 else None,
    )
    differing = sorted(n for n, found in ox_small.items() if found and (other := rdf_times.get(n)) and found[1] != other[1])
    results.target(
        f"Row counts on Oxigraph equal rdflib's on the {compare:,}-report graph",
        f"{len(ox_small) - len(differing)} of {len(ox_small)} equal; differ: {', '.join(differing) or 'none'}",
        not differing if compare >= 100 else None,
    )
    slow_times = {n: median(t[0]) for n, t in rdf_times.items() if t}
    if slow_times:
        slowest = max(slow_times, key=lambda n: slow_times[n])
        results.target(
            "Oxigraph ≥ 20× faster than rdflib on rdflib's slowest query",
            f"{slowest}: {ratios.get(slowest, float('nan')):.0f}× (on the {compare:,}-report graph)",
            ratios.get(slowest, 0) >= 20,
        )


def view(nodes: int, runs: int, results: Results, reports: int = 0) -> None:
    done = run_command([sys.executable, str(ROOT / "bench" / "bench_viz.py"), "--nodes", str(nodes), "--runs", str(runs)])
    found = re.search(r"median ([\d.]+) s", done.stdout)
    out = done.stdout.strip()
    if reports:  # the page `build` writes for a corpus, opening on courts, themes, initiatives, partners
        corpus = run_command([sys.executable, str(ROOT / "bench" / "bench_viz.py"), "--reports", str(reports), "--runs", str(runs)])
        out += "\n" + corpus.stdout.strip()
        opened = re.search(r"median ([\d.]+) s", corpus.stdout)
        if opened:
            results.target(f"View `build` writes for {reports} reports interactive within 3 s", f"{opened.group(1)} s median", float(opened.group(1)) < 3)
    results.section("5. The network view: time to interactive in headless Chromium", "```", out, "```")
    if found and nodes >= 2000:
        results.target("View of a 2,000-node graph interactive (no target set)", f"{found.group(1)} s median", None)


def endpoint(clients: int, per_client: int, results: Results) -> None:
    done = run_command([sys.executable, str(ROOT / "bench" / "bench_serve.py"), "--clients", str(clients), "--queries", str(per_client)])
    results.section("6. The SPARQL endpoint under load (`bench/bench_serve.py`)", "```", done.stdout.strip(), "```")
    found = re.search(r"throughput: ([\d.]+) queries/s", done.stdout)
    latency = re.search(r"p95 ([\d.]+)", done.stdout)
    if found and latency:
        results.target("Endpoint under load (no target set)", f"{found.group(1)} queries/s, p95 {latency.group(1)} ms", None)


# -- the report ----------------------------------------------------------------------------------


def machine() -> list[str]:
    import psutil

    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        commit = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
        commit += " (with uncommitted changes)" if dirty else ""
    except (OSError, subprocess.CalledProcessError):
        commit = "unknown (not a git checkout)"
    versions = ", ".join(f"{name} {metadata.version(name)}" for name in ("rdflib", "pyoxigraph", "pyrudof", "pyshacl", "networkx"))
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return [
        f"- Date: {dt.datetime.now(dt.timezone.utc).strftime('%Y-%m-%d %H:%M UTC')}",
        f"- Commit: {commit}",
        f"- Machine: {cpu}, {cores} cores usable, {psutil.virtual_memory().total / 2**30:.1f} GiB memory, {platform.system()} {platform.release()}",
        f"- Python {platform.python_version()}; {versions}",
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1,100,1000", help="corpus sizes, comma-separated")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=0, help="seed of the synthetic corpora")
    parser.add_argument("--rdflib-size", type=int, default=100, help="corpus size queried with rdflib's memory store")
    parser.add_argument("--query-timeout", type=float, default=60.0, help="seconds one query run may take before it is stopped (×12 for all its runs)")
    parser.add_argument("--large-runs", type=int, default=1, help="runs of the builds of 1,000 reports or more")
    parser.add_argument("--quick", action="store_true", help="small view and load tests (the smoke run)")
    parser.add_argument("--work", type=Path, help="where corpora and outputs go (default: a temporary directory)")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results.md")
    args = parser.parse_args(argv)
    sizes = sorted({int(s) for s in args.sizes.split(",") if s.strip()})
    started = time.perf_counter()
    results = Results()
    with tempfile.TemporaryDirectory(prefix="courtgraph-bench-") as tmp:
        work = args.work or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        synth = _synth()
        corpora: dict[int, Path] = {}
        for size in sizes:
            corpus = work / f"corpus-{size}"
            shutil.rmtree(corpus, ignore_errors=True)
            synth.write_corpus(size, corpus, seed=args.seed)
            corpora[size] = corpus
        extraction_throughput(corpora[min(100, max(sizes))] if 100 in corpora else corpora[max(sizes)], args.runs, results)
        seed_and_startup(args.runs, results)
        built = builds(corpora, args.runs, args.large_runs, work, results, seed=args.seed)
        queries(built, args.runs, args.rdflib_size, results, args.query_timeout)
        view(100 if args.quick else 2000, 1 if args.quick else args.runs, results, reports=0 if args.quick else 100)
        endpoint(2 if args.quick else 20, 5 if args.quick else 200, results)
    header = [
        "# courtgraph benchmarks",
        "",
        f"Written by `bench/run.py --sizes {args.sizes} --runs {args.runs}{' --quick' if args.quick else ''}` "
        f"in {(time.perf_counter() - started) / 60:.1f} minutes. Synthetic corpora from `bench/synth.py` (seed {args.seed}).",
        "",
        *machine(),
        "",
        "## Targets",
        "",
        "| target | measured | verdict |",
        "|---|---|---|",
        *(f"| {name} | {measured} | {verdict} |" for name, measured, verdict in results.targets),
        "",
        "## Against the previous figures",
        "",
        "Previous: `bench/results.md` of 2026-11-29 (commit a31b0d2d), same kind of machine. Ratio: now ÷ before.",
        "",
        "| figure | before | now | ratio |",
        "|---|---:|---:|---:|",
        *(f"| {label} | {_figure(before)} {unit} | {_figure(now)} {unit} | {now / before:.2f} |" for label, before, now, unit in results.compared),
    ]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("\n".join(header + results.lines) + "\n", encoding="utf-8")
    print(f"\nwritten: {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
