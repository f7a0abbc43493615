"""Session fixtures shared by the test modules: the seed, its extraction, its gold."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

# Builds in tests (and the processes they start) use a cache of their own, never the user's.
os.environ["COURTGRAPH_CACHE_DIR"] = tempfile.mkdtemp(prefix="courtgraph-test-cache-")


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    # the cache is this run's alone: left behind, every run would add one more folder to /tmp
    shutil.rmtree(os.environ["COURTGRAPH_CACHE_DIR"], ignore_errors=True)

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "deqing-court-2024.txt"
GOLD = ROOT / "tests" / "gold" / "deqing-2024.yaml"
DATA = ROOT / "tests" / "data"


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def seed_path() -> Path:
    return SEED


@pytest.fixture(scope="session")
def gold_path() -> Path:
    return GOLD


@pytest.fixture(scope="session")
def seed_report():
    from courtgraph.ingest import read_report

    return read_report(SEED)


@pytest.fixture(scope="session")
def seed_extraction():
    from courtgraph.extract import extract_report

    return extract_report(SEED)


@pytest.fixture(scope="session")
def gold_extraction():
    from courtgraph.evaluate import load_gold

    return load_gold(GOLD)


@pytest.fixture(scope="module")
def seed_graph(tmp_path_factory: pytest.TempPathFactory):
    """The seed's graph as a TriG file for servers and commands, and as an rdflib Dataset
    (union default graph) read back from that file to check answers against.

    One per module: rdflib fixes a literal's Python value when it is parsed, and other tests
    (owlrl's inference) change rdflib's datatype converters for the whole process, so a
    Dataset parsed earlier would compare unlike one parsed later.
    """
    from rdflib import Dataset

    from servers import seed_dataset

    path = tmp_path_factory.mktemp("seed-graph") / "graph.trig"
    path.write_bytes(seed_dataset().serialize(format="trig", encoding="utf-8"))
    reference = Dataset(default_union=True)
    reference.parse(path, format="trig")
    return path, reference
