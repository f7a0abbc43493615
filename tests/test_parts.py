"""The parts layout: one N-Quads file per graph, rewritten only when its graph changed; the same
quads as a build in whole files, and a store updated in place that answers as a whole build's."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from synthetic import synth

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "gold" / "deqing-2024.yaml"


@pytest.fixture(scope="module")
def sources(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("parts-synth") / "reports"
    synth().write_corpus(10, folder)
    return folder


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("parts-cache")


def _parts(sources: list[Path], out: Path, cache: Path, **options):
    from courtgraph.build import build

    result = build(sources, out_dir=out, cache_dir=cache, layout="parts", **options)
    assert not result.failed
    return result


def _store_quads(out: Path) -> list[str]:
    from courtgraph.store import open_store

    return sorted(str(q) for q in open_store(out))


def _part_quads(out: Path) -> list[str]:
    import pyoxigraph as ox

    # loaded into a store of their own, which writes its literals as the built store does ("8.0" as "8")
    store = ox.Store()
    for path in sorted((out / "graphs").glob("*.nq")):
        store.load(path=str(path), format=ox.RdfFormat.N_QUADS)
    return sorted(str(q) for q in store)


def _times(out: Path) -> dict[str, int]:
    return {p.name: p.stat().st_mtime_ns for p in (out / "graphs").iterdir()}


def _reused(out: Path) -> int:
    from courtgraph.store import STORE_DIR, read_record

    return int(read_record(out / STORE_DIR)["reused"])


def test_part_files_are_named_for_their_graph_and_never_shared() -> None:
    from courtgraph.namespace import CGD, CGV
    from courtgraph.parts import part_file

    assert part_file(f"{CGD}report/de-qing-xian-ren-min-fa-yuan-55e7a178/2024") == "report_de-qing-xian-ren-min-fa-yuan-55e7a178_2024.nq"
    assert part_file(f"{CGD}shared") == "shared.nq"
    assert part_file(str(CGV)) == "_vocabulary.nq"
    odd = [f"{CGD}report/德清/2024", f"{CGD}report/a_b", f"{CGD}report_a/b", "http://example.org/g", f"{CGD}report/a/b/"]
    names = [part_file(g) for g in odd]
    assert all(n.startswith("_") and n.endswith(".nq") and "/" not in n for n in names)
    assert len(set(names)) == len(names)
    # "/" becomes "_" only where no "_" can be: report/a_b and report_a/b differ
    assert part_file(f"{CGD}report/a-b") != part_file(f"{CGD}report_a-b")


def test_a_parts_build_holds_the_quads_of_a_whole_build_one_file_a_graph(sources: Path, cache: Path, tmp_path: Path) -> None:
    from courtgraph.build import build

    result = _parts([sources], tmp_path / "parts", cache)
    whole = build([sources], out_dir=tmp_path / "whole", cache_dir=cache, html=False)
    out = tmp_path / "parts"
    assert _store_quads(out) == _store_quads(tmp_path / "whole")
    assert _part_quads(out) == _store_quads(out)  # the parts together are the corpus
    assert result.triples == len(_store_quads(out)) and len(result.reports) == len(whole.reports) == 10
    # no whole files and no view; the result says how to draw one
    assert sorted(p.name for p in out.iterdir()) == ["courtgraph-parts.json", "courtgraph.oxigraph", "graphs"]
    assert "viz" in result.html_skipped and "quads" in result.summary()
    index = json.loads((out / "courtgraph-parts.json").read_text(encoding="utf-8"))
    assert len(index["graphs"]) == 12  # ten reports, the shared graph, the vocabulary
    import hashlib

    for graph, entry in index["graphs"].items():
        body = (out / entry["file"]).read_bytes()
        assert hashlib.sha256(body).hexdigest() == entry["sha256"]
        assert body.count(b"\n") == entry["quads"]
        assert all(line.endswith(f" <{graph}> .".encode()) for line in body.splitlines())


def test_a_report_added_rewrites_only_its_part_and_answers_as_a_whole_build(
    sources: Path, cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import courtgraph.cache
    import courtgraph.corpus

    reports = tmp_path / "reports"
    shutil.copytree(sources, reports)
    added = sorted(reports.glob("*.txt"))[4]
    held_back = tmp_path / added.name
    added.rename(held_back)
    out = tmp_path / "out"
    _parts([reports], out, cache)
    before = _times(out)
    held_back.rename(added)

    read: list[str] = []
    real_entry, real_head = courtgraph.cache.read_entry, courtgraph.corpus.read_head
    monkeypatch.setattr(courtgraph.cache, "read_entry", lambda c, key: read.append(key) or real_entry(c, key))
    monkeypatch.setattr(courtgraph.corpus, "read_head", lambda c, key: read.append(key) or real_head(c, key))
    result = _parts([reports], out, cache, jobs=1)
    monkeypatch.undo()

    assert len(result.reports) == 10 and not result.up_to_date
    # only the added report's entry was read: the nine others were known from the previous build
    assert len(set(read)) == 1
    after = _times(out)
    unchanged = {name for name in before if after.get(name) == before[name]}
    assert len(unchanged) == 10  # nine reports' parts and the vocabulary's
    assert set(after) - set(before) == {next(n for n in after if n not in before)}
    assert _reused(out) == 11  # the store kept nine reports, the vocabulary, and the shared graph patched
    from courtgraph.store import STORE_DIR, read_record

    assert read_record(out / STORE_DIR)["quads"] == len(_store_quads(out))  # counted from the graphs that changed
    whole = tmp_path / "whole"
    _parts([reports], whole, cache)
    assert _reused(whole) == 0
    assert _store_quads(out) == _store_quads(whole)
    assert (out / "courtgraph-parts.json").read_bytes() == (whole / "courtgraph-parts.json").read_bytes()
    assert _part_quads(out) == _store_quads(out)


def test_a_changed_and_a_removed_report_are_replaced_in_the_parts(sources: Path, cache: Path, tmp_path: Path) -> None:
    reports = tmp_path / "reports"
    shutil.copytree(sources, reports)
    out = tmp_path / "out"
    _parts([reports], out, cache)
    before = _times(out)
    files = sorted(reports.glob("*.txt"))
    changed, removed = files[2], files[7]
    text = changed.read_text(encoding="utf-8")
    figure = re.search(r"\d+(?=件)", text)
    assert figure is not None
    changed.write_text(text[: figure.start()] + "98765" + text[figure.end():], encoding="utf-8")
    removed.unlink()
    _parts([reports], out, cache)
    whole = tmp_path / "whole"
    _parts([reports], whole, cache)
    assert _store_quads(out) == _store_quads(whole)
    assert (out / "courtgraph-parts.json").read_bytes() == (whole / "courtgraph-parts.json").read_bytes()
    after = _times(out)
    assert len(before) - len(after) == 1  # the removed report's part is gone
    # eight reports' parts and the vocabulary's not written again; the changed one's and the shared graph's were
    assert sum(1 for name, time in after.items() if before.get(name) == time) == 9
    assert any('"98765"' in q for q in _part_quads(out))
    assert _reused(out) == 10  # eight reports, the vocabulary, and the shared graph patched


def test_a_build_with_nothing_changed_writes_nothing(sources: Path, cache: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    _parts([sources], out, cache)
    before = {p: p.stat().st_mtime_ns for p in out.rglob("*")}
    again = _parts([sources], out, cache)
    assert again.up_to_date and "Up to date" in again.summary()
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*")} == before


def test_a_part_changed_by_hand_is_written_again(sources: Path, cache: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    _parts([sources], out, cache)
    part = sorted((out / "graphs").glob("report_*.nq"))[3]
    right = part.read_bytes()
    part.write_bytes(right[: len(right) // 2])
    again = _parts([sources], out, cache)
    assert not again.up_to_date
    assert part.read_bytes() == right
    assert _part_quads(out) == _store_quads(out)


def test_a_clash_with_an_added_report_is_found_and_nothing_is_written(tmp_path: Path) -> None:
    from courtgraph.build import build
    from courtgraph.errors import ValidationError

    data = yaml.safe_load(GOLD.read_text(encoding="utf-8"))
    first, second, third = tmp_path / "first.yaml", tmp_path / "second.yaml", tmp_path / "third.yaml"
    first.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    second.write_text(yaml.safe_dump(dict(data, report=dict(data["report"], year=2025)), allow_unicode=True), encoding="utf-8")
    # the same court placed in another province: each report alone conforms, the corpus does not
    moved = dict(data, report=dict(data["report"], year=2026, province_zh="江苏省"))
    third.write_text(yaml.safe_dump(moved, allow_unicode=True), encoding="utf-8")
    out, cache = tmp_path / "out", tmp_path / "cache"
    _parts([first, second], out, cache)
    before = {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()}  # (a folder's time changes with its temporary files)
    with pytest.raises(ValidationError) as info:
        build([first, second, third], out_dir=out, cache_dir=cache, layout="parts")
    assert "cg:locatedIn" in info.value.report and "sh:MaxCountConstraintComponent" in info.value.report
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()} == before
    assert _parts([first, second], out, cache).up_to_date
    fresh = tmp_path / "fresh"
    with pytest.raises(ValidationError):
        build([first, second, third], out_dir=fresh, cache_dir=cache, layout="parts")
    assert not fresh.exists()  # nothing written, not even a folder


def test_switching_layouts_removes_the_other_layouts_files(sources: Path, cache: Path, tmp_path: Path) -> None:
    from courtgraph.build import build

    out = tmp_path / "out"
    build([sources], out_dir=out, cache_dir=cache)
    assert (out / "courtgraph.ttl").is_file() and (out / "courtgraph.html").is_file()
    _parts([sources], out, cache)
    assert sorted(p.name for p in out.iterdir()) == ["courtgraph-parts.json", "courtgraph.oxigraph", "graphs"]
    build([sources], out_dir=out, cache_dir=cache, html=False)
    assert not (out / "graphs").exists() and not (out / "courtgraph-parts.json").exists()
    assert (out / "courtgraph.ttl").is_file()


def test_the_command_builds_parts_and_queries_them(tmp_path: Path) -> None:
    from courtgraph.cli import cli

    out = tmp_path / "out"
    runner = CliRunner()
    built = runner.invoke(cli, ["build", str(GOLD), "--out", str(out), "--layout", "parts", "--cache-dir", str(tmp_path / "cache")])
    assert built.exit_code == 0, built.output
    assert "quads" in built.output and "draws no view" in built.output
    answer = runner.invoke(cli, ["query", "--name", "cq02", "--graph", str(out), "--format", "csv"])
    assert answer.exit_code == 0 and "10093" in answer.output
    wrong = runner.invoke(cli, ["build", str(GOLD), "--out", str(out), "--layout", "heap"])
    assert wrong.exit_code == 2 and "heap" in wrong.output


def test_a_cache_entry_lost_since_the_last_build_is_said_once_and_built_again(sources: Path, tmp_path: Path) -> None:
    from courtgraph.errors import InputError

    reports, cache, out = tmp_path / "reports", tmp_path / "cache", tmp_path / "out"
    shutil.copytree(sources, reports)
    _parts([reports], out, cache)
    from courtgraph.cache import source_key

    kept = sorted(reports.glob("*.txt"))[0]
    # the entry of a report the next build knows from its record, without reading the cache
    next((cache / "reports").rglob(f"{source_key(kept, str(kept))}.nt")).unlink()
    changed = sorted(reports.glob("*.txt"))[1]
    changed.write_text(changed.read_text(encoding="utf-8").replace("件", "件。", 1), encoding="utf-8")  # every entry is read
    with pytest.raises(InputError, match="removed; run the build again"):
        _parts([reports], out, cache)
    _parts([reports], out, cache)
    whole = tmp_path / "whole"
    _parts([reports], whole, tmp_path / "cache-whole")
    assert _store_quads(out) == _store_quads(whole)
    assert (out / "courtgraph-parts.json").read_bytes() == (whole / "courtgraph-parts.json").read_bytes()


def _clashing_yaml(tmp_path: Path) -> tuple[Path, Path]:
    """Two extraction files of one court, placed in two provinces: each conforms alone, together they do not."""
    data = yaml.safe_load(GOLD.read_text(encoding="utf-8"))
    first, third = tmp_path / "first.yaml", tmp_path / "third.yaml"
    first.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    moved = dict(data, report=dict(data["report"], year=2026, province_zh="江苏省"))
    third.write_text(yaml.safe_dump(moved, allow_unicode=True), encoding="utf-8")
    return first, third


def test_reports_left_out_for_a_clash_are_not_counted_as_built(sources: Path, cache: Path, tmp_path: Path) -> None:
    from courtgraph.build import build

    first, third = _clashing_yaml(tmp_path)
    three = sorted(sources.glob("*.txt"))[:3]
    parts = build([*three, first, third], out_dir=tmp_path / "parts", cache_dir=cache, layout="parts", html=False)
    files = build([*three, first, third], out_dir=tmp_path / "files", cache_dir=cache, html=False)
    assert len(parts.reports) == len(files.reports) == 3
    assert sorted(p.source for p in parts.failed) == sorted(p.source for p in files.failed) == sorted([str(first), str(third)])
    assert len(_times(tmp_path / "parts")) == 5  # three reports, the shared graph, the vocabulary
    assert _store_quads(tmp_path / "parts") == _store_quads(tmp_path / "files")


def _graph_file(path: Path, report: str, lines: list[str]) -> Path:
    graph = f"<https://w3id.org/courtgraph/id/report/{report}/2024>"
    path.write_text("".join(f"{line} {graph} .\n" for line in lines), encoding="utf-8")
    return path


def test_a_clash_through_graph_files_is_found_when_the_previous_store_is_gone(tmp_path: Path) -> None:
    # the added reports' check reads the previous store; without it every report is read and checked whole
    from courtgraph.store import STORE_DIR

    place = "<https://w3id.org/courtgraph/id/place/x>"
    sources = []
    for name in ("pa", "pb"):
        inner = f"<https://w3id.org/courtgraph/id/report/{name}/2024/p>"
        sources.append(_graph_file(tmp_path / f"{name}.nq", name, [
            f"{place} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/courtgraph/ontology#Place>",
            f'{place} <http://www.w3.org/2000/01/rdf-schema#label> "某地"@zh',
            f"{place} <https://schema.org/containedInPlace> {inner}",
            f"{inner} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/courtgraph/ontology#Place>",
            f'{inner} <http://www.w3.org/2000/01/rdf-schema#label> "{name}"@zh',
        ]))
    out, cache = tmp_path / "out", tmp_path / "cache"
    _parts([GOLD, sources[0]], out, cache)
    shutil.rmtree(out / STORE_DIR)
    from courtgraph.build import build

    result = build([GOLD, *sources], out_dir=out, cache_dir=cache, layout="parts")
    assert sorted(p.source for p in result.failed) == sorted(str(s) for s in sources)
    assert not any(place in q for q in _store_quads(out)) and not any(place in q for q in _part_quads(out))


def test_a_fact_two_reports_write_in_two_forms_stays_when_one_report_goes(tmp_path: Path) -> None:
    # the store keeps one form of "8" and "8.0": removing the form one report lost must not remove the other's
    a = _graph_file(tmp_path / "a.nq", "lit-a", ['<http://example.org/n> <http://example.org/p> "8.0"^^<http://www.w3.org/2001/XMLSchema#decimal>'])
    b = _graph_file(tmp_path / "b.nq", "lit-b", ['<http://example.org/n> <http://example.org/p> "8"^^<http://www.w3.org/2001/XMLSchema#decimal>'])
    out, cache = tmp_path / "out", tmp_path / "cache"
    _parts([GOLD, a, b], out, cache)
    _parts([GOLD, b], out, cache)
    assert any(q.startswith("<http://example.org/n> <http://example.org/p>") for q in _store_quads(out))
    assert _store_quads(out) == _part_quads(out)


def test_a_part_left_behind_is_removed_and_a_restored_store_is_loaded_again(sources: Path, cache: Path, tmp_path: Path) -> None:
    from courtgraph.store import STORE_DIR

    reports, out = tmp_path / "reports", tmp_path / "out"
    shutil.copytree(sources, reports)
    _parts([reports], out, cache)
    shutil.copytree(out / STORE_DIR, tmp_path / "store-then")
    (out / "courtgraph-parts.json").unlink()  # as a build killed before writing its index leaves it
    sorted(reports.glob("*.txt"))[5].unlink()
    _parts([reports], out, cache)
    assert len(_times(out)) == 11  # nine reports, the shared graph, the vocabulary: none left behind
    # a store restored from before the removal: it holds a graph the parts no longer do
    shutil.rmtree(out / STORE_DIR)
    shutil.copytree(tmp_path / "store-then", out / STORE_DIR)
    (reports / "extra.txt").write_text(synth().generate_report(10, 0)[1], encoding="utf-8")
    _parts([reports], out, cache)
    whole = tmp_path / "whole"
    _parts([reports], whole, cache)
    assert _store_quads(out) == _store_quads(whole)
    assert (out / "courtgraph-parts.json").read_bytes() == (whole / "courtgraph-parts.json").read_bytes()


def test_a_source_without_a_report_graph_is_left_out_of_a_parts_build(tmp_path: Path) -> None:
    plain = tmp_path / "plain.nt"
    plain.write_text('<http://example.org/n> <http://example.org/p> "x" .\n', encoding="utf-8")
    from courtgraph.build import build

    result = build([GOLD, plain], out_dir=tmp_path / "out", cache_dir=tmp_path / "cache", layout="parts")
    assert len(result.reports) == 1 and [p.source for p in result.failed] == [str(plain)]
    assert "default layout" in result.failed[0].line()


def test_blank_nodes_added_or_removed_leave_the_store_a_whole_build_s(
    sources: Path, cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a blank node is the same node only within one parse: a report holding one is not loaded into
    # the previous store (the store is loaded whole), nor are its lines removed from it one by one
    import courtgraph.store

    answers: list[object] = []
    real = courtgraph.store.update_store
    monkeypatch.setattr(courtgraph.store, "update_store", lambda *a, **k: answers.append(real(*a, **k)) or answers[-1])
    blank = _graph_file(tmp_path / "blank.nq", "with-blank", [
        '<https://w3id.org/courtgraph/id/report/with-blank/2024> <http://example.org/q> _:b1',
        '_:b1 <http://example.org/r> "x"',
    ])
    reports, out = tmp_path / "reports", tmp_path / "out"
    shutil.copytree(sources, reports)
    _parts([reports], out, cache)
    _parts([reports, blank], out, cache)
    assert answers == [None] and _reused(out) == 0  # tried in place, refused, loaded whole
    assert sum(1 for q in _store_quads(out) if '<http://example.org/r> "x"' in q) == 1
    _parts([reports], out, cache)  # and the blank node's report removed again
    whole = tmp_path / "whole"
    _parts([reports], whole, cache)
    assert not any("example.org" in q for q in _store_quads(out))
    assert len(_store_quads(out)) == len(_store_quads(whole))
    from courtgraph.store import STORE_DIR, read_record

    assert read_record(out / STORE_DIR)["quads"] == len(_store_quads(out))


def test_a_clash_found_while_the_store_would_be_updated_leaves_out_what_a_fresh_build_does(
    sources: Path, cache: Path, tmp_path: Path
) -> None:
    from courtgraph.build import build

    first, third = _clashing_yaml(tmp_path)
    reports, out = tmp_path / "reports", tmp_path / "out"
    shutil.copytree(sources, reports)
    _parts([reports, first], out, cache)
    changed = sorted(reports.glob("*.txt"))[3]  # a report changed: every entry is read, the store updated in place
    changed.write_text(changed.read_text(encoding="utf-8").replace("件", "件。", 1), encoding="utf-8")
    again = build([reports, first, third], out_dir=out, cache_dir=cache, layout="parts")
    fresh = build([reports, first, third], out_dir=tmp_path / "fresh", cache_dir=cache, layout="parts")
    assert sorted(p.source for p in again.failed) == sorted(p.source for p in fresh.failed) == sorted([str(first), str(third)])
    assert _store_quads(out) == _store_quads(tmp_path / "fresh")
    assert (out / "courtgraph-parts.json").read_bytes() == (tmp_path / "fresh" / "courtgraph-parts.json").read_bytes()


def test_a_failed_first_build_leaves_no_folder_it_made(tmp_path: Path) -> None:
    from courtgraph.build import build
    from courtgraph.errors import ValidationError

    first, third = _clashing_yaml(tmp_path)
    with pytest.raises(ValidationError):
        build([first, third], out_dir=tmp_path / "deep" / "x" / "out", cache_dir=tmp_path / "cache", layout="parts")
    assert not (tmp_path / "deep").exists()
