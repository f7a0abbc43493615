"""The corpus build: parallel workers, the cache, "nothing changed", and the fast SHACL engine."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from iris import AIXIN_IRI, REPORT_IRI

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "deqing-court-2024.txt"
REPORTS = ROOT / "tests" / "data" / "reports"
FORMATS = (".nt", ".ttl", ".jsonld", ".trig")
REPORT = REPORT_IRI
CG = "https://w3id.org/courtgraph/ontology#"


@pytest.fixture(scope="module")
def seed_lines() -> list[str]:
    from courtgraph.extract import extract_report
    from courtgraph.rdf import ntriples_lines, report_triples

    _, triples = report_triples(extract_report(SEED))
    return ntriples_lines(triples)


def _mutations(lines: list[str]) -> dict[str, list[str]]:
    """Broken variants of a conforming graph, each breaking a different kind of constraint."""
    metric = f"<{REPORT}/metric/3>"
    drop = lambda test: [line for line in lines if not test(line)]  # noqa: E731
    return {
        "no year": drop(lambda l: l.startswith(f"<{REPORT}> <{CG}year>")),
        "no value": drop(lambda l: l.startswith(f"{metric} <https://schema.org/value>")),
        "two approximations": lines + [f'{metric} <{CG}approximation> "余"@zh .\n', f'{metric} <{CG}approximation> "超"@zh .\n'],
        "english first claim": lines + [f'<{AIXIN_IRI}> <{CG}firstClaim> "first"@en .\n'],
        "kind outside the vocabulary": [l.replace("/org-kind/procuratorate>", "/org-kind/spaceship>") for l in lines],
        "no Chinese label": drop(lambda l: l.startswith(f"<{REPORT}/theme/1> <http://www.w3.org/2000/01/rdf-schema#label>") and l.rstrip().endswith("@zh .")),
        "order not an integer": [l.replace('"1"^^<http://www.w3.org/2001/XMLSchema#integer>', '"one"') if l.startswith(f"<{REPORT}/theme/1> <{CG}order>") else l for l in lines],
        "span without its type": drop(lambda l: "/span/" in l.split(" ", 1)[0] and "22-rdf-syntax-ns#type" in l),
    }


def test_rudof_and_pyshacl_agree_on_conforming_and_broken_graphs(seed_lines: list[str]) -> None:
    from courtgraph.validate import validate_ntriples

    assert validate_ntriples(seed_lines, engine="rudof").conforms
    assert validate_ntriples(seed_lines, engine="pyshacl").conforms
    for name, lines in _mutations(seed_lines).items():
        assert lines != seed_lines, name
        fast = validate_ntriples(lines, engine="rudof")
        reference = validate_ntriples(lines, engine="pyshacl")
        assert not reference.conforms, name
        assert not fast.conforms, name
        # rudof reports a failed nested shape once per shape; the nodes and components agree
        assert {(v.focus, v.constraint) for v in fast.violations} == {(v.focus, v.constraint) for v in reference.violations}, name


def test_auto_engine_reports_with_the_shapes_messages(seed_lines: list[str]) -> None:
    from courtgraph.validate import validate_ntriples

    broken = _mutations(seed_lines)["no Chinese label"]
    report = validate_ntriples(broken)
    assert not report.conforms
    assert any("needs an rdfs:label in Chinese" in v.message for v in report.violations)


def _corpus(tmp_path: Path, names: list[str]) -> Path:
    folder = tmp_path / "reports"
    folder.mkdir()
    for name in names:
        shutil.copy(REPORTS / name, folder / name)
    return folder


def _outputs(out: Path) -> dict[str, bytes]:
    """Every file's bytes; for the built store, what it holds (the database's own files carry ids and times)."""
    import json

    from courtgraph.store import RECORD

    def content(path: Path) -> bytes:
        if path.is_dir():
            record = json.loads((path / RECORD).read_text(encoding="utf-8"))
            return json.dumps([record["input_sha256"], record["quads"], record["graphs"]]).encode()
        return path.read_bytes()

    return {p.name: content(p) for p in sorted(out.iterdir())}


def test_parallel_and_serial_builds_write_the_same_bytes(tmp_path: Path) -> None:
    from courtgraph.build import build

    corpus = _corpus(tmp_path, ["anji-2023.txt", "kunshan-2022.txt", "xiuning-2024.txt", "yiwu-2024.txt"])
    serial = build([corpus], out_dir=tmp_path / "serial", jobs=1, use_cache=False)
    parallel = build([corpus], out_dir=tmp_path / "parallel", jobs=2, use_cache=False)
    assert len(serial.reports) == 4 and serial.triples == parallel.triples
    assert _outputs(tmp_path / "serial") == _outputs(tmp_path / "parallel")


def test_formats_written_by_worker_processes_are_the_bytes_written_in_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # a large graph's store, view and conversions are written by two worker processes; four
    # reports are made to count as large
    import courtgraph.build as build_module

    corpus = _corpus(tmp_path, ["anji-2023.txt", "kunshan-2022.txt", "xiuning-2024.txt", "yiwu-2024.txt"])
    alone = build_module.build([corpus], out_dir=tmp_path / "alone", jobs=1, use_cache=False)
    pooled_runs: list[bool] = []
    real = build_module._run_all

    def counted(tasks, *, parallel: bool) -> None:
        pooled_runs.append(parallel)
        real(tasks, parallel=parallel)

    drawn: list[bool] = []
    real_drawn = build_module._ViewWorker.drawn
    monkeypatch.setattr(build_module._ViewWorker, "drawn", lambda self: drawn.append(real_drawn(self)) or drawn[-1])
    monkeypatch.setattr(build_module, "PARALLEL_WRITE_TRIPLES", 1)
    monkeypatch.setattr(build_module, "EARLY_VIEW_SOURCES", 0)  # drawn by the worker a large build starts
    monkeypatch.setattr(build_module, "_run_all", counted)
    pooled = build_module.build([corpus], out_dir=tmp_path / "pooled", jobs=2, use_cache=False)
    # the view drawn by a worker started once the N-Quads were written, beside the merge
    assert pooled_runs == [True] and drawn == [True] and pooled.triples == alone.triples
    assert _outputs(tmp_path / "alone") == _outputs(tmp_path / "pooled")


def test_union_files_and_trig_hold_each_triple_once(tmp_path: Path) -> None:
    from rdflib import Dataset, Graph

    from courtgraph.build import build

    # two reports of one court: the court, its place and its shared partners are said twice
    corpus = _corpus(tmp_path, ["anji-2023.txt"])
    twin = (REPORTS / "anji-2023.txt").read_text(encoding="utf-8").replace("2023", "2022")
    (corpus / "anji-2022.txt").write_text(twin, encoding="utf-8")
    result = build([corpus], out_dir=tmp_path / "out", html=False, use_cache=False)
    lines = (tmp_path / "out" / "courtgraph.nt").read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(set(lines)) == result.triples
    assert lines == sorted(lines)
    union = Graph().parse(tmp_path / "out" / "courtgraph.ttl", format="turtle")
    assert len(union) == result.triples
    trig = Dataset()
    trig.parse(tmp_path / "out" / "courtgraph.trig", format="trig")
    per_graph = {str(g.identifier): len(g) for g in trig.graphs() if len(g)}
    assert len(per_graph) == 4  # two reports, the shared graph and the vocabularies
    assert sum(per_graph.values()) == result.triples  # each fact once: what both reports say is in the shared graph


def test_second_build_is_up_to_date_and_a_changed_report_is_the_only_one_rebuilt(tmp_path: Path) -> None:
    from courtgraph.build import build

    corpus = _corpus(tmp_path, ["anji-2023.txt", "kunshan-2022.txt", "yiwu-2024.txt"])
    cache, out = tmp_path / "cache", tmp_path / "out"
    first = build([corpus], out_dir=out, cache_dir=cache, html=False)
    assert first.from_cache == 0 and not first.up_to_date
    before = _outputs(out)
    second = build([corpus], out_dir=out, cache_dir=cache, html=False)
    assert second.up_to_date and second.from_cache == 3 and second.triples == first.triples
    assert "Up to date" in second.summary()
    assert _outputs(out) == before

    # an output touched by hand is written again from the cache
    (out / "courtgraph.ttl").write_text("edited\n", encoding="utf-8")
    third = build([corpus], out_dir=out, cache_dir=cache, html=False)
    assert not third.up_to_date and third.from_cache == 3
    assert _outputs(out) == before

    report = corpus / "kunshan-2022.txt"
    report.write_text(report.read_text(encoding="utf-8") + "\n全年与县红十字会共建“博爱调解室”。\n", encoding="utf-8")
    fourth = build([corpus], out_dir=out, cache_dir=cache, html=False)
    assert fourth.from_cache == 2 and not fourth.up_to_date
    assert "博爱调解室" in (out / "courtgraph.ttl").read_text(encoding="utf-8")


def test_a_damaged_cache_entry_is_rebuilt_not_trusted(tmp_path: Path) -> None:
    from courtgraph.build import build

    cache = tmp_path / "cache"
    build([SEED], out_dir=tmp_path / "a", cache_dir=cache, html=False)
    entries = list((cache / "reports").rglob("*.nt"))
    assert len(entries) == 1
    text = entries[0].read_text(encoding="utf-8")
    entries[0].write_text(text[: len(text) // 2], encoding="utf-8")
    again = build([SEED], out_dir=tmp_path / "b", cache_dir=cache, html=False)
    assert again.from_cache == 0
    assert _outputs(tmp_path / "a") == _outputs(tmp_path / "b")


def test_no_cache_leaves_the_cache_directory_alone(tmp_path: Path) -> None:
    from courtgraph.build import build

    cache = tmp_path / "cache"
    build([SEED], out_dir=tmp_path / "out", cache_dir=cache, use_cache=False, html=False)
    assert not cache.exists()


def test_the_same_report_under_two_names_is_refused_and_one_file_named_twice_is_not(tmp_path: Path) -> None:
    from courtgraph.build import build
    from courtgraph.errors import InputError

    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SEED, folder / "a.txt")
    shutil.copy(SEED, folder / "b.txt")
    with pytest.raises(InputError, match="same report"):
        build([folder], out_dir=tmp_path / "out", use_cache=False, html=False, fail_fast=True)
    assert not (tmp_path / "out").exists()
    # without --fail-fast the first is built and the second is listed as failed, never merged
    kept = build([folder], out_dir=tmp_path / "out", use_cache=False, html=False)
    assert len(kept.reports) == 1
    assert [(p.source, p.reason.split(" (")[0]) for p in kept.failed] == [(str(folder / "b.txt"), f"the same report as {folder / 'a.txt'}")]
    shutil.rmtree(tmp_path / "out")
    result = build([folder / "a.txt", folder / "a.txt"], out_dir=tmp_path / "out", use_cache=False, html=False)
    assert len(result.reports) == 1


def test_a_large_graph_gets_a_view_of_its_opening_layers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import courtgraph.build as build_module
    from courtgraph import viz
    from test_viz import page_data

    out = tmp_path / "out"
    out.mkdir()
    (out / "courtgraph.html").write_text("<p>a view of an earlier build</p>", encoding="utf-8")
    monkeypatch.setattr(build_module, "HTML_MAX_TRIPLES", 100)
    result = build_module.build([SEED], out_dir=out, use_cache=False)
    assert result.html_skipped and "courtgraph viz --query" in result.summary()
    assert sorted(p.name for p in out.iterdir()) == sorted(f"courtgraph{s}" for s in (*FORMATS, ".html", ".oxigraph"))
    data = page_data((out / "courtgraph.html").read_text(encoding="utf-8"))
    opening = {c.key for c in viz.NODE_CLASSES if c.opening}
    assert {n["kind"] for n in data["nodes"]} == opening


def test_a_failed_build_leaves_no_staged_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import courtgraph.build as build_module

    out = tmp_path / "out"
    out.mkdir()
    (out / "courtgraph.nt").write_text("old\n", encoding="utf-8")

    def broken(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(build_module, "_write_jsonld", broken)
    with pytest.raises(OSError):
        build_module.build([SEED], out_dir=out, use_cache=False, html=False)
    assert sorted(p.name for p in out.iterdir()) == ["courtgraph.nt"]
    assert (out / "courtgraph.nt").read_text(encoding="utf-8") == "old\n"


def _opening_view_in_subprocess(corpus: Path, out: Path, hash_seed: str) -> str:
    import os
    import subprocess
    import sys

    # a view cut to its opening layers, as a corpus past HTML_MAX_TRIPLES gets it
    code = (
        "import sys; import courtgraph.build as b; b.HTML_MAX_TRIPLES = 100; "
        "b.build([sys.argv[1]], out_dir=sys.argv[2], use_cache=False)"
    )
    env = {**os.environ, "PYTHONHASHSEED": hash_seed}
    subprocess.run([sys.executable, "-c", code, str(corpus), str(out)], check=True, env=env, cwd=ROOT)
    return (out / "courtgraph.html").read_text(encoding="utf-8")


def test_the_opening_view_of_a_corpus_is_stable_and_reads_all_it_shows(tmp_path: Path) -> None:
    from rdflib import Dataset

    from courtgraph.viz import render_html

    corpus = _corpus(tmp_path, ["anji-2023.txt", "kunshan-2022.txt", "xiuning-2024.txt"])
    # separate processes with different string hashing: the cut once kept the nodes in set order
    first = _opening_view_in_subprocess(corpus, tmp_path / "one", "1")
    assert _opening_view_in_subprocess(corpus, tmp_path / "two", "2") == first
    # the build reads only the triples the opening view needs (no figures, nor their spans and
    # sentences); the page drawn from every triple of the built graph is the same page
    whole = Dataset()
    whole.parse(tmp_path / "one" / "courtgraph.trig", format="trig")
    assert render_html(whole, opening_only=True) == first


def test_the_view_a_build_draws_in_full_is_the_view_of_its_graph(tmp_path: Path) -> None:
    from rdflib import Dataset

    from courtgraph.build import build
    from courtgraph.viz import render_html

    corpus = _corpus(tmp_path, ["anji-2023.txt", "kunshan-2022.txt"])
    result = build([corpus], out_dir=tmp_path / "out", use_cache=False, jobs=1)
    assert not result.html_skipped
    whole = Dataset()
    whole.parse(tmp_path / "out" / "courtgraph.trig", format="trig")
    assert render_html(whole) == (tmp_path / "out" / "courtgraph.html").read_text(encoding="utf-8")


def test_sorted_quads_give_sorted_triples() -> None:
    import random

    from courtgraph.build import _triple_lines

    # objects where one is the start of another: a language tag and a longer one, a plain
    # literal and a typed one, a literal holding " <" and a space
    objects = ['"abc"@zh', '"abc"@zh-cn', '"abc"', '"abc"^^<urn:dt>', '"a <b> c"', '"a"', '"a b"', "<urn:o>", "<urn:o2>"]
    quads = [
        f"<urn:s{s}> <urn:p> {o} <urn:report/{g}> .\n" for s in (1, 2) for o in objects for g in ("a", "b")
    ]
    random.Random(7).shuffle(quads)
    triples = list(_triple_lines(sorted(quads)))
    assert triples == sorted(triples)
    assert sorted(set(triples)) == sorted({q[: q.rindex(" <")] + " .\n" for q in quads})
    assert len(set(triples)) == len(quads) // 2  # the same triple in two graphs


def test_the_streaming_json_ld_writer_expands_to_the_triples_it_was_given(tmp_path: Path) -> None:
    # IRIs under no namespace, a namespace itself, one namespace inside another, a local part
    # that starts with "//", blank nodes, typed, tagged and plain literals, language maps
    import io

    import pyoxigraph as ox
    from rdflib import Graph

    from courtgraph.jsonld import write_jsonld
    from courtgraph.rdf import PREFIXES

    cgd, cg = PREFIXES["cgd"], PREFIXES["cg"]
    label = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    node = ox.NamedNode(cgd + "report/x/2024")
    triples = [
        ox.Triple(ox.NamedNode("http://example.org/a"), label, ox.Literal("甲", language="zh")),
        ox.Triple(ox.NamedNode(cgd), ox.NamedNode(cg + "kind"), ox.NamedNode(cg)),
        ox.Triple(ox.NamedNode(cgd + "//odd"), label, ox.Literal("plain")),
        ox.Triple(node, ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), ox.NamedNode(cg + "Report")),
        ox.Triple(node, label, ox.Literal("Report", language="en")),
        ox.Triple(node, ox.NamedNode(cg + "count"), ox.Literal("10093", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))),
        ox.Triple(node, ox.NamedNode(cg + "note"), ox.Literal('说"法"\n二行', language="zh")),
        ox.Triple(node, ox.NamedNode(cg + "about"), ox.BlankNode("b1")),
        ox.Triple(ox.BlankNode("b1"), ox.NamedNode(cg + "note"), ox.Literal("x")),
    ]
    out = io.StringIO()
    write_jsonld(iter(triples), out)
    parsed = Graph().parse(data=out.getvalue(), format="json-ld")
    expected = Graph().parse(data=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode("utf-8"), format="nt")
    assert parsed.isomorphic(expected)
    assert len(parsed) == len(triples)


def test_a_graph_file_is_parsed_strictly_before_the_build_reads_its_own_files_leniently(tmp_path: Path) -> None:
    """The build converts its own N-Triples and N-Quads without checking each IRI again; that is
    sound only because every line in them was parsed strictly first. A graph file with an IRI
    that only a lenient parse lets through (a space in it) fails as a source, naming the file,
    and nothing of it reaches the outputs: they are those of the other source alone."""
    import pyoxigraph as ox

    from courtgraph.build import build

    line = '<https://example.org/a b> <https://example.org/p> "x" .\n'
    assert len(list(ox.parse(input=line.encode(), format=ox.RdfFormat.N_TRIPLES, lenient=True))) == 1
    bad = tmp_path / "bad.nt"
    bad.write_text(line, encoding="utf-8")
    both = build([SEED, bad], out_dir=tmp_path / "both", html=False, use_cache=False)
    alone = build([SEED], out_dir=tmp_path / "alone", html=False, use_cache=False)
    assert [(Path(p.source).name, "not valid" in p.reason) for p in both.failed] == [("bad.nt", True)]
    assert both.triples == alone.triples
    assert _outputs(tmp_path / "both") == _outputs(tmp_path / "alone")
