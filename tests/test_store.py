"""Each fact once and the built store: the same answers from the store as from rdflib, no triple
in two graphs, a store that is refused when it cannot be vouched for, and builds that fail
without touching it."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import sys
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner
from synthetic import synth

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds"


def _build(sources: list[Path], out: Path, cache: Path) -> Path:
    from courtgraph.build import build

    result = build(sources, out_dir=out, html=False, cache_dir=cache)
    assert not result.failed
    return out


@pytest.fixture(scope="module")
def seed_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("store-seed")
    return _build([SEED], base / "out", base / "cache")


@pytest.fixture(scope="module")
def synth_sources(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("synth") / "reports"
    synth().write_corpus(10, folder)
    return folder


@pytest.fixture(scope="module")
def synth_out(synth_sources: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("store-synth")
    return _build([synth_sources], base / "out", base / "cache")


def _rows(text: str) -> Counter[tuple[str, ...]]:
    rows = list(csv.reader(io.StringIO(text)))[1:]
    # GROUP_CONCAT order is unspecified (and engine-specific), so its parts are compared as sets
    return Counter(tuple("、".join(sorted(re.split("[、；]", cell))) for cell in row) for row in rows)


def _same_answers(sources: list[Path], out: Path) -> None:
    from courtgraph.query import named_queries, run_query
    from courtgraph.results import format_result
    from courtgraph.sources import load_dataset, query_target

    memory = load_dataset(sources, store="memory")
    built = load_dataset([out])
    assert type(built.store).__name__ == "OxigraphStore"
    direct = query_target([out])  # the store itself, as the query command opens it
    assert type(direct).__name__ == "Store"
    for name, named in named_queries().items():
        a = format_result(run_query(named.text, memory, params=named.params), "csv")
        b = format_result(run_query(named.text, built, params=named.params), "csv")
        # a multiset: a fact stated in two graphs would come back twice from Oxigraph's union
        assert _rows(a) == _rows(b), name
        assert _rows(format_result(run_query(named.text, direct, params=named.params), "csv")) == _rows(b), name


def test_named_queries_give_the_same_rows_from_the_store_as_from_rdflib_on_the_seed(seed_out: Path) -> None:
    _same_answers([SEED], seed_out)


def test_named_queries_give_the_same_rows_from_the_store_as_from_rdflib_on_ten_reports(synth_sources: Path, synth_out: Path) -> None:
    _same_answers([synth_sources], synth_out)


def _quads(store) -> Counter[tuple[str, str, str]]:
    return Counter((str(q.subject), str(q.predicate), str(q.object)) for q in store.quads_for_pattern(None, None, None, None))


def test_no_triple_is_in_two_graphs(synth_out: Path) -> None:
    from courtgraph.rdf import SHARED_GRAPH
    from courtgraph.store import open_store

    store = open_store(synth_out)
    counts = _quads(store)
    assert counts and max(counts.values()) == 1
    graphs = {g.value for g in store.named_graphs()}
    assert str(SHARED_GRAPH) == "https://w3id.org/courtgraph/id/shared"
    assert str(SHARED_GRAPH) in graphs and len(graphs) == 12  # ten reports, the shared graph, the vocabulary


def test_the_memory_dataset_holds_the_quads_of_the_built_store(seed_out: Path) -> None:
    import pyoxigraph as ox

    from courtgraph.sources import load_dataset
    from courtgraph.store import open_store

    memory = load_dataset([SEED], store="memory")
    # both sides as Oxigraph stores them, so that a literal has one spelling (8.0 and 8 are one decimal)
    copy = ox.Store()
    copy.load(memory.serialize(format="nquads", encoding="utf-8"), format=ox.RdfFormat.N_QUADS)
    in_memory = {str(q) for q in copy.quads_for_pattern(None, None, None, None)}
    stored = {str(q) for q in open_store(seed_out).quads_for_pattern(None, None, None, None)}
    assert in_memory == stored


def test_each_report_graph_holds_only_what_touches_the_report(seed_out: Path) -> None:
    from courtgraph.rdf import SHARED_GRAPH, VOCAB_GRAPH, in_report_graph
    from courtgraph.sources import load_dataset

    dataset = load_dataset([seed_out])
    for graph in dataset.graphs():
        name = str(graph.identifier)
        if name in (str(SHARED_GRAPH), str(VOCAB_GRAPH)) or not name.startswith("https://w3id.org/courtgraph/id/report/"):
            continue
        assert all(in_report_graph(s, o, name) for s, _, o in graph)
    shared = next(g for g in dataset.graphs() if g.identifier == SHARED_GRAPH)  # .graph() would add it: read-only
    assert len(shared) > 0
    assert not any(str(s).startswith("https://w3id.org/courtgraph/id/report/") for s in shared.subjects())


def test_the_record_says_what_the_store_holds(seed_out: Path) -> None:
    from courtgraph.store import RECORD, STORE_DIR, open_store

    record = json.loads((seed_out / STORE_DIR / RECORD).read_text(encoding="utf-8"))
    store = open_store(seed_out)
    assert record["quads"] == len(store)
    assert record["graphs"] == sum(1 for _ in store.named_graphs()) == 3
    assert re.fullmatch("[0-9a-f]{64}", record["input_sha256"])
    assert record["files"] and all(size > 0 for name, size in record["files"].items() if name.endswith(".sst"))


def _quads_of(store) -> set[str]:  # type: ignore[no-untyped-def]
    return {str(q) for q in store}


def test_a_store_filled_in_pieces_holds_every_quad_of_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import pyoxigraph as ox

    import courtgraph.store as store_module

    lines = [
        f'<urn:s{i}> <urn:p> "{"长" * (i % 50)}{i}"@zh <urn:g{i % 3}> .\n' for i in range(400)
    ] + ['<urn:s> <urn:p> "a line longer than a piece: ' + "x" * 3000 + '" <urn:g0> .\n']
    source = tmp_path / "all.nq"
    source.write_text("".join(lines), encoding="utf-8")
    expected = {str(q) for q in ox.parse(path=str(source), format=ox.RdfFormat.N_QUADS)}
    monkeypatch.setattr(store_module, "LOAD_PIECE_BYTES", 1000)  # about twenty lines a piece
    pieces = list(store_module._pieces(source, 1000))
    assert len(pieces) > 20 and all(piece.endswith(b"\n") for piece in pieces)
    assert b"".join(pieces) == source.read_bytes()
    record = store_module.fill_store(tmp_path / "courtgraph.oxigraph", source)
    assert record["quads"] == len(expected) == 401
    assert _quads_of(store_module.open_store(tmp_path)) == expected


def test_a_blank_node_on_lines_far_apart_stays_one_node(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import courtgraph.store as store_module

    filler = "".join(f'<urn:s{i}> <urn:p> "{i}" <urn:g> .\n' for i in range(300))
    source = tmp_path / "all.nq"
    source.write_text('_:b1 <urn:p> "first" <urn:g> .\n' + filler + '<urn:s> <urn:q> _:b1 <urn:g> .\n', encoding="utf-8")
    monkeypatch.setattr(store_module, "LOAD_PIECE_BYTES", 500)
    store_module.fill_store(tmp_path / "courtgraph.oxigraph", source)
    store = store_module.open_store(tmp_path)
    found = store.query('SELECT ?b WHERE { GRAPH ?g { ?b <urn:p> "first" . <urn:s> <urn:q> ?b } }')
    assert len(list(found)) == 1


def _copy_store(seed_out: Path, tmp_path: Path) -> Path:
    from courtgraph.store import STORE_DIR

    out = tmp_path / "out"
    shutil.copytree(seed_out / STORE_DIR, out / STORE_DIR)
    return out


def test_a_store_without_its_record_is_refused(seed_out: Path, tmp_path: Path) -> None:
    from courtgraph.errors import StoreError
    from courtgraph.store import RECORD, STORE_DIR, open_store

    out = _copy_store(seed_out, tmp_path)
    (out / STORE_DIR / RECORD).unlink()
    with pytest.raises(StoreError, match="no courtgraph-store.json"):
        open_store(out)


def test_a_store_whose_files_changed_is_refused(seed_out: Path, tmp_path: Path) -> None:
    from courtgraph.errors import StoreError
    from courtgraph.store import STORE_DIR, open_store

    out = _copy_store(seed_out, tmp_path)
    victim = sorted((out / STORE_DIR).glob("*.sst"))[-1]
    with open(victim, "ab") as handle:
        handle.write(b"damage")
    with pytest.raises(StoreError, match="not those its build recorded"):
        open_store(out)


def test_no_store_is_refused_with_a_clear_error(tmp_path: Path) -> None:
    from courtgraph.errors import StoreError
    from courtgraph.store import open_store

    with pytest.raises(StoreError, match="no built store"):
        open_store(tmp_path)


def test_query_refuses_a_damaged_store(seed_out: Path, tmp_path: Path) -> None:
    from courtgraph.cli import cli
    from courtgraph.store import RECORD, STORE_DIR

    out = _copy_store(seed_out, tmp_path)
    (out / STORE_DIR / RECORD).unlink()
    answer = CliRunner().invoke(cli, ["query", "--name", "cq01", "--graph", str(out)])
    assert answer.exit_code != 0
    # the command raises StoreError, which courtgraph's entry point prints as one line
    assert "run `courtgraph build` again" in answer.output + str(answer.exception)


def test_a_failed_build_leaves_the_store_as_it_was(seed_out: Path, tmp_path: Path) -> None:
    from courtgraph.build import build
    from courtgraph.errors import StoreError
    from courtgraph.store import RECORD, STORE_DIR

    out = tmp_path / "out"
    shutil.copytree(seed_out, out)
    before = (out / STORE_DIR / RECORD).read_text(encoding="utf-8")
    files = sorted(p.name for p in (out / STORE_DIR).iterdir())
    (out / "courtgraph.ttl").unlink()
    (out / "courtgraph.ttl").mkdir()  # the build cannot write its Turtle there: it fails
    with pytest.raises(StoreError):
        build([SEED], out_dir=out, html=False, cache_dir=tmp_path / "cache")
    assert (out / STORE_DIR / RECORD).read_text(encoding="utf-8") == before
    assert sorted(p.name for p in (out / STORE_DIR).iterdir()) == files
    assert sorted(p.name for p in out.iterdir() if p.name.startswith(".")) == []  # nothing staged is left


def test_a_store_that_fails_to_fill_leaves_the_old_one(seed_out: Path, tmp_path: Path) -> None:
    from courtgraph.errors import StoreError
    from courtgraph.files import staged_folder
    from courtgraph.store import STORE_DIR, fill_store, open_store

    out = _copy_store(seed_out, tmp_path)
    bad = tmp_path / "bad.nq"
    bad.write_text("<not a quad\n", encoding="utf-8")
    with pytest.raises(StoreError, match="cannot fill the store"):
        with staged_folder(out / STORE_DIR) as staged:
            fill_store(staged, bad)
    assert len(open_store(out)) == len(open_store(seed_out))
    assert [p.name for p in out.iterdir()] == [STORE_DIR]


def test_a_second_build_replaces_the_store(seed_out: Path, tmp_path: Path) -> None:
    from courtgraph.build import build
    from courtgraph.store import STORE_DIR, open_store

    out = tmp_path / "out"
    build([SEED], out_dir=out, html=False, use_cache=False)
    first = len(open_store(out))
    build([SEED], out_dir=out, html=False, use_cache=False)
    assert len(open_store(out)) == first
    assert (out / STORE_DIR).is_dir() and not [p for p in out.iterdir() if p.name.startswith(".")]


def test_query_and_stats_read_the_build_folder_through_the_store(seed_out: Path) -> None:
    from courtgraph.cli import cli
    from courtgraph.store import open_store

    reader = open_store(seed_out)  # open at the same time: read-only opens do not exclude each other
    answer = CliRunner().invoke(cli, ["query", "--name", "cq01", "--graph", str(seed_out), "--format", "csv"])
    assert answer.exit_code == 0, answer.output
    alone = seed_out.parent / "trig-alone"  # the build's TriG with no store beside it: parsed
    alone.mkdir(exist_ok=True)
    shutil.copy(seed_out / "courtgraph.trig", alone / "courtgraph.trig")
    files = CliRunner().invoke(cli, ["query", "--name", "cq01", "--graph", str(alone / "courtgraph.trig"), "--format", "csv"])
    assert _rows(answer.output) == _rows(files.output)
    stats = CliRunner().invoke(cli, ["stats", str(seed_out)])
    assert stats.exit_code == 0, stats.output
    assert len(reader) > 0
    open_store(seed_out)  # still what the build recorded: nothing wrote to it


def test_the_builds_trig_given_alone_opens_the_store_written_with_it(seed_out: Path, tmp_path: Path) -> None:
    # the TriG holds the store's quads graph for graph: given alone, the store answers for it
    # (at 1,000 reports parsing the file took more than a minute), but only for those exact bytes
    from courtgraph.sources import query_target
    from courtgraph.store import STORE_DIR, find_store

    from rdflib import URIRef

    from courtgraph.cli import cli
    from courtgraph.sources import load_dataset

    trig = seed_out / "courtgraph.trig"
    assert find_store([trig], trig=True) == seed_out / STORE_DIR
    assert type(query_target([trig], store="oxigraph")).__name__ == "Store"
    # asked for rdflib's store, the file is parsed into one that can be written to
    memory = load_dataset([trig], store="memory")
    assert type(query_target([trig], store="memory")).__name__ == "Dataset" and find_store([trig]) is None
    memory.add((URIRef("urn:x:s"), URIRef("urn:x:p"), URIRef("urn:x:o")))
    # the other formats hold the union's triples without their graphs: always parsed
    assert find_store([seed_out / "courtgraph.ttl"], trig=True) is None and find_store([seed_out / "courtgraph.nt"], trig=True) is None
    assert find_store([trig, seed_out / "courtgraph.ttl"], trig=True) is None

    out = _copy_store(seed_out, tmp_path)  # a copy of the build folder: the record travels with the store
    shutil.copy(trig, out / "courtgraph.trig")
    assert find_store([out / "courtgraph.trig"], trig=True) == out / STORE_DIR
    text = trig.read_text(encoding="utf-8")
    assert "德清" in text
    (out / "courtgraph.trig").write_text(text.replace("德清", "德渚", 1), encoding="utf-8")  # same size, other bytes
    assert (out / "courtgraph.trig").stat().st_size == trig.stat().st_size
    assert find_store([out / "courtgraph.trig"], trig=True) is None
    assert type(query_target([out / "courtgraph.trig"], store="oxigraph")).__name__ == "Dataset"  # parsed as given

    shutil.copy(trig, out / "courtgraph.trig")
    victim = sorted((out / STORE_DIR).glob("*.sst"))[-1]
    with open(victim, "ab") as handle:
        handle.write(b"damage")
    # a store damaged since the build: the file it stood for is parsed, not refused
    assert find_store([out / "courtgraph.trig"], trig=True) is None
    answer = CliRunner().invoke(cli, ["query", "--name", "cq02", "--graph", str(out / "courtgraph.trig"), "--format", "csv"])
    assert answer.exit_code == 0 and len(_rows(answer.output)) >= 3, answer.output

    alone = tmp_path / "alone"
    alone.mkdir()
    shutil.copy(trig, alone / "courtgraph.trig")
    assert find_store([alone / "courtgraph.trig"], trig=True) is None


def test_a_query_asked_again_from_a_build_folder_loads_no_sparql_parser(seed_out: Path, tmp_path: Path) -> None:
    # the command line is a new process each time: the second run of a query takes the gate's
    # remembered acceptance and the store itself, and never imports rdflib's SPARQL package
    import os
    import subprocess

    env = {**os.environ, "COURTGRAPH_CACHE_DIR": str(tmp_path / "cache")}
    command = [sys.executable, "-X", "importtime", "-m", "courtgraph", "query", "--name", "cq04", "--graph", str(seed_out)]
    runs = [subprocess.run([*command, "--format", fmt], capture_output=True, text=True, env=env, check=True)
            for fmt in ("csv", "csv", "table")]
    loaded = [{line.rsplit("|", 1)[-1].strip() for line in run.stderr.splitlines() if "|" in line} for run in runs]
    assert "rdflib.plugins.sparql.parser" in loaded[0]  # the first run checks the query with it
    assert not any(name.startswith("rdflib.plugins.sparql") for name in loaded[1] | loaded[2])
    assert runs[1].stdout == runs[0].stdout and len(_rows(runs[0].stdout)) >= 3
    assert runs[2].stdout.splitlines()[0].split() == next(csv.reader(io.StringIO(runs[0].stdout)))


def test_serve_workers_open_the_store_in_place(seed_out: Path) -> None:
    from starlette.testclient import TestClient

    from courtgraph.serve import create_app
    from courtgraph.sources import load_dataset
    from courtgraph.store import find_store, open_store

    store = find_store([seed_out])
    assert store is not None
    app = create_app(load_dataset([seed_out]), workers=2, allowed_hosts=None, store=store)
    with TestClient(app) as client:
        answer = client.get("/sparql", params={"query": "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"},
                            headers={"Accept": "text/csv"})
        assert answer.status_code == 200, answer.text
        union = client.get("/sparql", params={"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"}, headers={"Accept": "text/csv"})
    total = len(open_store(seed_out))
    assert answer.text.split()[-1] == str(total)
    assert union.text.split()[-1] == str(total)  # each fact once: the union has no copies


# --- a corpus built again with a few reports added, changed or removed: its store updated in place


def _quads_and_record(out: Path) -> tuple[list[str], dict[str, object]]:
    from courtgraph.store import STORE_DIR, open_store, read_record

    quads = sorted(str(q) for q in open_store(out))
    record = dict(read_record(out / STORE_DIR))
    for varies in ("files", "reused"):  # the database's own files, and how it was made
        record.pop(varies, None)
    return quads, record


def _reused(out: Path) -> int:
    from courtgraph.store import STORE_DIR, read_record

    return int(read_record(out / STORE_DIR)["reused"])


@pytest.fixture(scope="module")
def synth_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("synth-cache")


def test_a_report_added_to_a_built_corpus_updates_the_store_to_what_a_whole_build_makes(
    synth_sources: Path, synth_cache: Path, tmp_path: Path
) -> None:
    reports = tmp_path / "reports"
    shutil.copytree(synth_sources, reports)
    added = sorted(reports.glob("*.txt"))[4]
    held_back = tmp_path / added.name
    added.rename(held_back)
    out = _build([reports], tmp_path / "out", synth_cache)
    assert _reused(out) == 0  # the first build loads everything
    held_back.rename(added)
    _build([reports], out, synth_cache)
    # the nine reports' graphs (and the vocabulary's) came from the previous store
    assert _reused(out) >= 9
    whole = _build([reports], tmp_path / "whole", synth_cache)
    assert _reused(whole) == 0
    assert _quads_and_record(out) == _quads_and_record(whole)
    from courtgraph.store import open_store

    assert sum(1 for _ in open_store(out).named_graphs()) == 12  # ten reports, the shared graph, the vocabulary


def test_a_changed_and_a_removed_report_are_replaced_in_the_store(synth_sources: Path, synth_cache: Path, tmp_path: Path) -> None:
    reports = tmp_path / "reports"
    shutil.copytree(synth_sources, reports)
    out = _build([reports], tmp_path / "out", synth_cache)
    files = sorted(reports.glob("*.txt"))
    changed, removed = files[2], files[7]
    text = changed.read_text(encoding="utf-8")
    figure = re.search(r"\d+(?=件)", text)
    assert figure is not None
    changed.write_text(text[: figure.start()] + "98765" + text[figure.end():], encoding="utf-8")
    removed.unlink()
    _build([reports], out, synth_cache)
    assert _reused(out) >= 8  # the eight reports left as they were
    whole = _build([reports], tmp_path / "whole", synth_cache)
    quads, record = _quads_and_record(out)
    assert (quads, record) == _quads_and_record(whole)
    assert any('"98765"' in q for q in quads) and len(record["parts"]) == 11  # type: ignore[arg-type]


def test_a_store_whose_files_changed_is_loaded_again_whole(synth_sources: Path, synth_cache: Path, tmp_path: Path) -> None:
    from courtgraph.store import STORE_DIR

    reports = tmp_path / "reports"
    shutil.copytree(synth_sources, reports)
    held_back = tmp_path / "held-back.txt"
    sorted(reports.glob("*.txt"))[0].rename(held_back)
    out = _build([reports], tmp_path / "out", synth_cache)
    data = max((out / STORE_DIR).glob("*.sst"), key=lambda p: p.stat().st_size)
    with open(data, "ab") as handle:
        handle.write(b"\0")  # no longer the file the record vouches for
    held_back.rename(reports / "synth-added.txt")
    _build([reports], out, synth_cache)
    assert _reused(out) == 0
    assert _quads_and_record(out) == _quads_and_record(_build([reports], tmp_path / "whole", synth_cache))


def test_a_build_that_changes_more_than_a_quarter_of_the_reports_loads_the_store_whole(
    synth_sources: Path, synth_cache: Path, tmp_path: Path
) -> None:
    reports = tmp_path / "reports"
    shutil.copytree(synth_sources, reports)
    out = _build([reports], tmp_path / "out", synth_cache)
    for gone in sorted(reports.glob("*.txt"))[:3]:  # three of ten: more than a quarter of the seven left
        gone.unlink()
    _build([reports], out, synth_cache)
    assert _reused(out) == 0
    assert _quads_and_record(out) == _quads_and_record(_build([reports], tmp_path / "whole", synth_cache))
