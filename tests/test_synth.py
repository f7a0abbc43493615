"""The synthetic report generator of bench/synth.py: deterministic, varied, and readable by the extractor."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[1]
SYNTH = ROOT / "bench" / "synth.py"


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("courtgraph_bench_synth", SYNTH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


synth = _load()


def _sample() -> list[int]:
    """One report of every layout, clean and damaged, from the first reports of seed 0."""
    wanted = {(style, damaged) for style, _ in synth._STYLES for damaged in (False, True)}
    picked: dict[tuple[str, bool], int] = {}
    for i in range(200):
        spec = synth.describe_report(i)
        key = (spec.style, spec.damaged)
        if key in wanted and key not in picked:
            picked[key] = i
    # the damaged reports with headings after their text are the seed's own layout: keep two
    return sorted(picked.values())


def test_same_arguments_give_the_same_bytes_in_another_process(tmp_path: Path) -> None:
    here = synth.write_corpus(3, tmp_path / "here", seed=5)
    env = dict(os.environ, PYTHONHASHSEED="12345")
    subprocess.run(
        [sys.executable, str(SYNTH), "--reports", "3", "--out", str(tmp_path / "there"), "--seed", "5"],
        check=True, capture_output=True, env=env,
    )
    there = sorted((tmp_path / "there").iterdir())
    assert [p.name for p in here] == [p.name for p in there]
    assert [p.read_bytes() for p in here] == [p.read_bytes() for p in there]
    assert synth.generate_report(2, 5) == synth.generate_report(2, 5)


def test_reports_differ_by_index_and_by_seed() -> None:
    texts = [synth.generate_report(i)[1] for i in range(12)]
    assert len(set(texts)) == len(texts)
    names = [synth.generate_report(i)[0] for i in range(12)]
    assert len(set(names)) == len(names)
    assert synth.generate_report(0, 0)[1] != synth.generate_report(0, 1)[1]


def test_a_report_does_not_depend_on_the_size_of_the_corpus(tmp_path: Path) -> None:
    small = synth.write_corpus(2, tmp_path / "small")
    large = synth.write_corpus(6, tmp_path / "large")
    assert [p.read_bytes() for p in small] == [p.read_bytes() for p in large[:2]]
    name, text = synth.generate_report(5)
    assert large[5].name == name
    assert large[5].read_text(encoding="utf-8") == text


def test_write_corpus_writes_exactly_count_text_files(tmp_path: Path) -> None:
    out = tmp_path / "corpus"
    paths = synth.write_corpus(7, out)
    assert len(paths) == 7
    assert sorted(p.name for p in out.iterdir()) == sorted(p.name for p in paths)
    assert all(p.suffix == ".txt" and p.stat().st_size > 0 for p in paths)
    assert synth.write_corpus(0, tmp_path / "empty") == []


def test_lengths_and_variety() -> None:
    specs = [synth.describe_report(i) for i in range(60)]
    texts = [synth.generate_report(i)[1] for i in range(60)]
    assert all(6000 <= len(t) <= 14000 for t in texts), sorted(map(len, texts))[:: len(texts) - 1]
    assert {s.style for s in specs} == {s for s, _ in synth._STYLES}
    assert 10 <= sum(s.damaged for s in specs) <= 35
    assert len({s.place.province for s in specs}) >= 10
    assert {s.year for s in specs} == set(synth.YEARS)
    # court and year never repeat within the corpus sizes the benchmarks use
    pairs = {(synth.describe_report(i).court, synth.describe_report(i).year) for i in range(1000)}
    assert len(pairs) == 1000


@pytest.mark.parametrize("index", _sample())
def test_the_extractor_reads_every_layout(index: int, tmp_path: Path) -> None:
    from courtgraph.extract import extract_report

    spec = synth.describe_report(index)
    name, text = synth.generate_report(index)
    assert text.splitlines()[0].startswith(spec.court)
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    x = extract_report(path, metadata={})
    assert x.report.court_zh == spec.court
    assert x.report.year == spec.year
    assert len(x.themes) >= 3
    assert sum(len(t.work_areas) for t in x.themes) >= 10
    assert len(x.initiatives) >= 8
    assert len(x.organizations) >= 10
    assert len(x.metrics) >= 15
    assert any(m.change is not None for m in x.metrics)
