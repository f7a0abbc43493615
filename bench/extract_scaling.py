"""How extraction time grows with the text: the seed repeated 1×, 10×, 100× and up to the size limit.

    .venv/bin/python bench/extract_scaling.py [--repeats 1 10 100 max] [--cap 1200] [--out FILE]

Each size is one file (the seed's text repeated, paragraphs intact); its read and extraction
(``courtgraph.ingest`` decoding and repair, then ``courtgraph.extract.extract``) is timed in a fresh child process, best of three for
texts under 100,000 characters, once above. ``max`` is the most repeats that stay within
``courtgraph.screen.MAX_TEXT_BYTES``, the largest text ``extract`` and ``build`` accept by
default. A size that takes longer than ``--cap`` seconds is stopped and shown as such.

Prints a Markdown table with the time per character, wall and CPU, and the CPU time's ratio to
the 1× figure (the CPU time, since the wall time also counts waiting for cores shared with other
jobs): linear extraction keeps that ratio near 1. The commit measured is printed with it.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "deqing-court-2024.txt"


def _read_as_one(path: str) -> "object":
    """The file as one report. The seed repeated is, by design, several copies of one report,
    which ``read_report`` refuses; here it is read with the same decoding and repair (timed
    with the extraction) but without that check, since what is measured is the work per
    character, not whether the text is one report."""
    import hashlib

    from courtgraph.ingest import decode, normalize
    from courtgraph.model import Report

    raw, encoding = decode(Path(path).read_bytes(), name=path)
    text, offsets = normalize(raw)
    return Report(path=path, raw=raw, text=text, offsets=tuple(offsets), encoding=encoding, sha256=hashlib.sha256(raw.encode("utf-8")).hexdigest())


def _time_one(path: str, runs: int) -> None:
    """In the child: time the reading and extraction of one file and print the result as JSON."""
    from courtgraph.extract import extract, extract_report

    extract_report(SEED)  # import and load the rules once, outside the timing
    best = cpu_best = float("inf")
    for _ in range(runs):
        started, cpu_started = time.perf_counter(), time.process_time()
        extraction = extract(_read_as_one(path), metadata={})  # type: ignore[arg-type]
        best = min(best, time.perf_counter() - started)
        cpu_best = min(cpu_best, time.process_time() - cpu_started)
    # CPU time too: on cores shared with other jobs the wall time also counts the waiting
    print(json.dumps({"seconds": best, "cpu_seconds": cpu_best, "metrics": len(extraction.metrics), "organizations": len(extraction.organizations)}))


def _commit() -> str:
    try:
        done = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=True)
        dirty = subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain", "--untracked-files=no"], capture_output=True, text=True)
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return done.stdout.strip() + (" (with uncommitted changes)" if dirty.stdout.strip() else "")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", nargs="+", default=["1", "10", "100", "max"], help="repeat counts; 'max' = up to the size limit")
    parser.add_argument("--cap", type=float, default=1200.0, help="seconds after which a size is stopped")
    parser.add_argument("--out", type=Path, help="also write the table to this file")
    parser.add_argument("--one", nargs=2, metavar=("PATH", "RUNS"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:
        _time_one(args.one[0], int(args.one[1]))
        return 0

    from courtgraph.screen import MAX_TEXT_BYTES

    commit = _commit()  # before the runs, which may outlast a commit
    seed = SEED.read_text(encoding="utf-8").rstrip("\n") + "\n\n"
    seed_bytes = len(seed.encode("utf-8"))
    counts = [MAX_TEXT_BYTES // seed_bytes if r == "max" else int(r) for r in args.repeats]
    rows = []
    base: float | None = None
    with tempfile.TemporaryDirectory(prefix="courtgraph-bench-scaling-") as tmp:
        for count in counts:
            path = Path(tmp) / f"seed-x{count}.txt"
            path.write_text(seed * count, encoding="utf-8")
            chars = len(seed) * count
            runs = 3 if chars < 100_000 else 1
            command = [sys.executable, str(Path(__file__).resolve()), "--one", str(path), str(runs)]
            try:
                done = subprocess.run(command, capture_output=True, text=True, timeout=args.cap, check=True)
            except subprocess.TimeoutExpired:
                rows.append(f"| {count}× | {chars:,} | {path.stat().st_size / 1e6:.2f} | > {args.cap:g} (stopped) | | | | |")
                print(rows[-1], file=sys.stderr)
                continue
            except subprocess.CalledProcessError as exc:
                rows.append(f"| {count}× | {chars:,} | {path.stat().st_size / 1e6:.2f} | failed: {exc.stderr.strip().splitlines()[-1]} | | | | |")
                print(rows[-1], file=sys.stderr)
                continue
            result = json.loads(done.stdout.strip().splitlines()[-1])
            per_char = result["seconds"] / chars * 1e6
            cpu_per_char = result["cpu_seconds"] / chars * 1e6
            base = base if base is not None else cpu_per_char
            rows.append(
                f"| {count}× | {chars:,} | {path.stat().st_size / 1e6:.2f} | {result['seconds']:.2f} | {per_char:.2f} "
                f"| {result['cpu_seconds']:.2f} | {cpu_per_char:.2f} | {cpu_per_char / base:.2f} |"
            )
            print(rows[-1], file=sys.stderr)
    header = [
        f"Extraction time by text size: the seed repeated, commit {commit}, "
        f"{time.strftime('%Y-%m-%d', time.gmtime())}, Python {platform.python_version()}, "
        f"{os.cpu_count()} core(s) on the machine, one used.",
        "",
        "| seed repeated | characters | MB | seconds | µs per character | CPU seconds | CPU µs per character | CPU per character vs the first row |",
        "|---|---|---|---|---|---|---|---|",
    ]
    table = "\n".join(header + rows) + "\n"
    print(table)
    if args.out:
        args.out.write_text(table, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
