"""The parts layout (``build --layout parts``): a corpus kept as one N-Quads file per named graph.

A build in the default layout writes the corpus as whole files, so a build that adds one
report rewrites all of them: 5.4 GB at 1,000 reports, about two minutes. In the parts layout
the output folder holds instead

- ``graphs/<name>.nq``: one report's named graph per file, the shared graph in ``shared.nq``
  and the vocabulary in ``_vocabulary.nq`` (the files concatenated are the corpus as N-Quads);
- ``courtgraph-parts.json``: each graph's file, number of quads and SHA-256;
- the built store (:mod:`courtgraph.store`), which ``query``, ``stats``, ``viz``, ``compare``
  and ``serve`` open given the folder.

A build writes the parts of the reports that changed, the shared graph's part and the index,
and updates the store in place. No view is drawn: ``courtgraph viz <out> --query …`` draws a part
from the store.

What the previous build of this folder wrote is recorded in the cache (:func:`read_known`): each
report's cache key and what its entry's header says, and the size and time of each part file.
A source whose key is recorded is not read from the cache again, and a part whose file still
has the recorded size and time is not written again. When reports were only added, and the
store is the one the previous build recorded, the shared graph is the previous one (read from
its part) with the added reports' lines, and the corpus is checked on the nodes the added
reports state something about, with what the previous store holds of those nodes: what the
others state of the other nodes did not change and conformed. Otherwise (a report changed or
removed, the store missing or not as recorded, or a fault found on those nodes, to find the
reports at fault) every report's entry is read and the corpus checked whole, as in the default layout.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from courtgraph.errors import InputError

if TYPE_CHECKING:
    from courtgraph.build import _Faults
    from courtgraph.cache import EntryHead
    from courtgraph.corpus import ReportGraph

__all__ = ["PARTS_DIR", "INDEX", "Known", "PartsWritten", "part_file", "read_known", "write_parts"]

PARTS_DIR = "graphs"
INDEX = "courtgraph-parts.json"
_FORMAT = 1
# a name of a graph under the data namespace made only of these is its file's name, "/" made "_"
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_PLAIN = re.compile(r"[a-z0-9-]+(?:/[a-z0-9-]+)*")


def part_file(graph: str) -> str:
    """The file name of a graph's part: readable for the graphs the build names, and one graph's alone.

    A report's graph ``…/id/report/<court>/<year>`` is ``report_<court>_<year>.nq`` and the shared
    graph ``shared.nq``; no such name holds "_" but where a "/" was, so no two graphs share one.
    Any other graph is ``_`` and a digest of its IRI (the vocabulary, ``_vocabulary.nq``).
    """
    from courtgraph.namespace import CGD, CGV

    if graph == str(CGV):
        return "_vocabulary.nq"
    rest = graph.removeprefix(str(CGD))
    if rest != graph and _PLAIN.fullmatch(rest):
        return rest.replace("/", "_") + ".nq"
    return "_" + hashlib.sha256(graph.encode("utf-8")).hexdigest()[:32] + ".nq"


@dataclass(frozen=True)
class Known:
    """What the previous parts build of one output folder recorded in the cache."""

    keys: dict[str, str]  # report graph → its source's cache key
    heads: dict[str, EntryHead]  # cache key → what its entry's header says
    digests: dict[str, str]  # graph → SHA-256 of its part
    quads: dict[str, int]  # graph → quads in its part
    stats: dict[str, list[int]]  # part file → [size, modification time in ns]


@dataclass(frozen=True)
class PartsWritten:
    quads: int
    files: list[Path]
    up_to_date: bool


def _record_path(cache: Path, out: Path) -> Path:
    where = hashlib.sha256(str(out.resolve()).encode("utf-8")).hexdigest()[:32]
    return cache / "parts" / f"{where}.json"


def read_known(cache: Path, out: Path) -> Known | None:
    """The record of the previous parts build of ``out``, or None (none, or one that cannot be trusted)."""
    from courtgraph.cache import EntryHead

    try:
        data = _record_path(cache, out).read_bytes()
        head, _, body = data.partition(b"\n")
        if json.loads(head) != {"format": _FORMAT, "sha256": hashlib.sha256(body).hexdigest()}:
            return None
        known = json.loads(body)
        heads = {key: EntryHead(h["graph"], int(h["lines"]), bool(h["conforms"]), tuple(h["violations"]), tuple(h["notes"]), str(h["refusal"]))
                 for key, h in known["heads"].items()}
        return Known(dict(known["keys"]), heads, dict(known["digests"]), dict(known["quads"]), dict(known["stats"]))
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None  # (a record damaged or of another version: the build reads the cache as usual)


def _write_known(cache: Path, out: Path, known: Known) -> None:
    from courtgraph.errors import StoreError
    from courtgraph.files import write_text

    body = json.dumps({
        "keys": known.keys, "digests": known.digests, "quads": known.quads, "stats": known.stats,
        "heads": {key: {"graph": h.graph, "lines": h.lines, "conforms": h.conforms, "violations": list(h.violations),
                        "notes": list(h.notes), "refusal": h.refusal} for key, h in known.heads.items()},
    }, ensure_ascii=False, sort_keys=True).encode("utf-8")
    head = json.dumps({"format": _FORMAT, "sha256": hashlib.sha256(body).hexdigest()}).encode("ascii")
    try:
        path = _record_path(cache, out)
        path.parent.mkdir(parents=True, exist_ok=True)
        write_text(path, head + b"\n" + body, sync=False)
    except (OSError, StoreError):
        pass  # the next build reads the cache as usual


def _forget(cache: Path, out: Path) -> None:
    """Remove the record of ``out``'s previous build: a build that trusted it found the cache changed."""
    try:
        _record_path(cache, out).unlink(missing_ok=True)
    except OSError:
        pass


def _read_index(out: Path) -> dict[str, Any]:
    try:
        index = json.loads((out / INDEX).read_text(encoding="utf-8"))
        return dict(index["graphs"]) if index.get("format") == _FORMAT else {}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}


def write_parts(graphs: list[ReportGraph], cache: Path, out: Path, *, scratch: Path, known: Known | None) -> PartsWritten | _Faults:
    """Write ``out`` in the parts layout from the cached entries of ``graphs`` (each with a report's graph).

    Returns what was written, or the build's ``_Faults`` when the corpus does not conform
    (nothing in ``out`` is then changed). ``known`` is :func:`read_known`'s record of the
    previous build of ``out``. When the added reports' nodes break a check, it writes again,
    reading every entry and checking the corpus whole, to find the reports at fault.
    """
    # the folders this build makes (out, its missing parents, graphs/): removed again when it writes nothing
    made = [path for path in (*reversed((out / PARTS_DIR).parents), out / PARTS_DIR) if not path.exists()]
    try:
        done = _write(graphs, cache, out, scratch, known, thorough=False)
        while done is None:  # (once at most: a thorough try never answers None)
            done = _write(graphs, cache, out, scratch, known, thorough=True)
        if not isinstance(done, PartsWritten):
            _remove_empty(made)
        return done
    except BaseException:
        _remove_empty(made)  # (a build that wrote nothing leaves no folder behind, as in the default layout)
        raise


def _discard(staged: dict[Path, Path]) -> None:
    """Remove what was staged: the targets are then left as they were (see files.staged_files)."""
    for temporary in staged.values():
        temporary.unlink(missing_ok=True)


def _remove_empty(folders: list[Path]) -> None:
    for folder in reversed(folders):
        try:
            folder.rmdir()
        except OSError:
            pass  # (not empty, or already gone)


def _write(
    graphs: list[ReportGraph], cache: Path, out: Path, scratch: Path, known: Known | None, *, thorough: bool,
) -> PartsWritten | _Faults | None:
    """One try of :func:`write_parts`; None when the added reports' check found a fault (try thorough)."""
    from courtgraph.build import UPDATE_AT_MOST, _corpus_faults, _triple_lines
    from courtgraph.cache import DamagedEntry, read_entry
    from courtgraph.files import remove_stale, staged_files, staged_folder, stat_key, write_text
    from courtgraph.rdf import SHARED_GRAPH, VOCAB_GRAPH, vocabulary_ntriples
    from courtgraph.store import STORE_DIR, fill_store, read_record, store_parts, update_store

    ordered = sorted(graphs, key=lambda g: g.graph)
    shared_name, vocab_name = str(SHARED_GRAPH), str(VOCAB_GRAPH)
    if any(g.graph in ("", shared_name, vocab_name) for g in ordered):
        raise InputError("the parts layout keeps each report's graph in a file: a source without one cannot be written")
    folder = out / PARTS_DIR
    current = {g.graph: g.key for g in ordered}
    index = _read_index(out)

    def intact(graph: str) -> bool:
        """Whether the graph's part is the one the previous build wrote and recorded."""
        name = part_file(graph)
        entry = index.get(graph)
        return (known is not None and isinstance(entry, dict) and entry.get("file") == f"{PARTS_DIR}/{name}"
                and entry.get("sha256") == known.digests.get(graph) and stat_key(folder / name) == known.stats.get(name))

    reused = {name for name, key in current.items() if known is not None and known.keys.get(name) == key and key in known.heads and intact(name)}
    previous_store = out / STORE_DIR
    store_had = store_parts(previous_store)
    # only reports added, to a store that is the previous build's: the shared graph is the previous
    # one and more, and the corpus is checked on what the added reports touch, with what the store holds
    added_only = (not thorough and known is not None and store_had == _stored(known.digests, known.quads) and intact(shared_name) and intact(vocab_name)
                  and set(known.keys) <= reused and all(current.get(name) == key for name, key in known.keys.items()))
    changed = [g for g in ordered if g.graph not in reused]
    gone = sorted(set(index) - set(current) - {shared_name, vocab_name})
    if added_only and not changed and not gone:
        return PartsWritten(int(read_record(previous_store)["quads"]), _written(out), up_to_date=True)

    vocabulary = vocabulary_ntriples().splitlines(keepends=True)
    heads: dict[str, EntryHead] = {}
    digests: dict[str, str] = {}
    quads: dict[str, int] = {}
    if known is not None:
        for name in reused:
            heads[current[name]] = known.heads[current[name]]
            digests[name], quads[name] = known.digests[name], known.quads[name]
    shared: set[str] = set()
    pointing: list[str] = []
    touched: set[str] = set()  # subjects of the changed reports' shared and pointing lines
    # the store is updated in place when few graphs changed and it holds the kept ones as their
    # parts do (as in the default layout), else loaded whole
    update = (store_had is not None and all(store_had.get(n) == digests[n] for n in reused if quads[n])
              and len(changed) + len(gone) <= UPDATE_AT_MOST * max(len(current), 1))
    changes_path = scratch / ("changes.nq" if update else "all.nq")
    targets = [folder / part_file(g.graph) for g in changed] + [folder / part_file(shared_name), folder / part_file(vocab_name)]
    folder.mkdir(parents=True, exist_ok=True)
    remove_stale(folder)
    with staged_files(targets) as staged, open(changes_path, "wb") as changes:
        for g in changed if added_only else ordered:
            try:
                entry = read_entry(cache, g.key)
            except DamagedEntry as exc:
                _forget(cache, out)  # (the next build reads every entry again, and builds this report anew)
                raise InputError(f"{g.source}: its cache entry in {cache} was changed ({exc}); run the build again") from None
            if entry is None:
                _forget(cache, out)
                raise InputError(f"{g.source}: its cache entry in {cache} was removed; run the build again")
            heads[g.key] = entry.head()
            shared.update(entry.shared)
            starts = (f"<{g.graph}>", f"<{g.graph}/")
            outside = [line for line in entry.own if not line.startswith(starts)]
            pointing.extend(f"{line[:-3]} <{g.graph}> .\n" for line in outside)
            if g.graph in reused:
                continue
            touched.update(line[:line.index(" ")] for line in entry.shared)
            touched.update(line[:line.index(" ")] for line in outside)
            body = "".join(entry.own).replace(" .\n", f" <{g.graph}> .\n").encode("utf-8")
            with open(staged[folder / part_file(g.graph)], "wb") as handle:
                handle.write(body)
            changes.write(body)
            digests[g.graph], quads[g.graph] = hashlib.sha256(body).hexdigest(), len(entry.own)
        if not update:  # the store is loaded whole: the parts kept go in with the rest
            for name in sorted(reused):
                with open(folder / part_file(name), "rb") as part:
                    shutil.copyfileobj(part, changes)
        entry = None  # type: ignore[assignment]

        old_shared: list[str] = []
        if intact(shared_name):
            with open(folder / part_file(shared_name), encoding="utf-8", newline="\n") as text:
                old_shared = list(_triple_lines(text))
        if added_only:
            shared.update(old_shared)
        shared_only = sorted(shared - set(vocabulary))
        patched: dict[str, tuple[str, Path]] = {}
        for name, lines in ((shared_name, shared_only), (vocab_name, vocabulary)):
            body = "".join(lines).replace(" .\n", f" <{name}> .\n").encode("utf-8")
            digests[name], quads[name] = hashlib.sha256(body).hexdigest(), len(lines)
            if intact(name) and known is not None and known.digests.get(name) == digests[name]:
                staged[folder / part_file(name)].unlink()  # unchanged: its file is left as it is
            else:
                with open(staged[folder / part_file(name)], "wb") as handle:
                    handle.write(body)
            if update and store_had is not None and store_had.get(name) == digests[name] or not lines:
                continue  # the store holds it already (or there is nothing to hold)
            lost_lines = [line for line in old_shared if line not in shared] if name == shared_name else []
            if (update and name == shared_name and old_shared and known is not None and store_had is not None
                    and store_had.get(name) == known.digests.get(name) and not any('"^^' in line or "_:" in line for line in lost_lines)):
                # The shared graph gains a few lines a report: those are loaded, those it lost
                # removed. Not when a lost line holds a typed literal (the store keeps one form of
                # "8" and "8.0", so removing one could remove what another line still states) or
                # a blank node (the store gave it a label of its own, which the line does not name).
                before = set(old_shared)
                lost = scratch / "lost.nq"
                lost.write_text("".join(lost_lines).replace(" .\n", f" <{name}> .\n"), encoding="utf-8", newline="\n")
                changes.write("".join(line for line in shared_only if line not in before).replace(" .\n", f" <{name}> .\n").encode("utf-8"))
                patched[name] = (known.digests[name], lost)
            else:
                changes.write(body)
        changes.close()

        # what only the corpus can break (see courtgraph.build._corpus_faults)

        def whole() -> Path:
            """The corpus's N-Quads (the parts as this build leaves them, concatenated)."""
            if not update:
                return changes_path
            with open(scratch / "all.nq", "wb") as handle:
                for name in [*sorted(current), shared_name, vocab_name]:
                    path = folder / part_file(name)
                    path = staged[path] if path in staged and staged[path].exists() else path
                    with open(path, "rb") as part:
                        shutil.copyfileobj(part, handle)
            return scratch / "all.nq"

        faults = None
        if added_only:
            if _added_faults(previous_store, touched, shared_only, pointing, vocabulary):
                _discard(staged)
                return None  # checked whole, to find the reports at fault
        elif len(ordered) > 1:
            faults = _corpus_faults(whole, scratch, shared_only, pointing, vocabulary, set(current))
        del shared, pointing
        if faults is not None:
            _discard(staged)
            return faults

        digest = hashlib.sha256("".join(f"{name} {digests[name]}\n" for name in sorted(digests)).encode("utf-8")).hexdigest()
        with staged_folder(previous_store) as store_dir:
            record = None
            if update:
                record = update_store(store_dir, previous_store, _stored(digests, quads), changes_path, input_sha256=digest, patched=patched)
                if record is None:  # (blank nodes, or a store not as recorded): loaded whole
                    shutil.rmtree(store_dir)
                    store_dir.mkdir()
            if record is None:
                record = fill_store(store_dir, whole(), parts=_stored(digests, quads), input_sha256=digest)
    index_text = json.dumps({"format": _FORMAT, "graphs": {
        name: {"file": f"{PARTS_DIR}/{part_file(name)}", "quads": quads[name], "sha256": digests[name]} for name in sorted(digests)
    }}, indent=1, sort_keys=True) + "\n"
    write_text(out / INDEX, index_text)
    # every part the index does not name goes: a report removed, or one a killed build left behind
    named = {part_file(name) for name in digests}
    for path in folder.glob("*.nq"):
        if path.name not in named:
            path.unlink(missing_ok=True)
    stats = {part_file(name): stat_key(folder / part_file(name)) or [] for name in digests}
    _write_known(cache, out, Known({g.graph: g.key for g in ordered}, heads, digests, quads, stats))
    return PartsWritten(int(record["quads"]), _written(out), up_to_date=False)


def _stored(digests: dict[str, str], quads: dict[str, int]) -> dict[str, str]:
    """The graphs the store holds: a graph with no quads (a graph file with nothing of its own) is in no store."""
    return {name: digest for name, digest in digests.items() if quads.get(name)}


def _written(out: Path) -> list[Path]:
    """What the build names as written: the index, the store and the parts' folder."""
    from courtgraph.store import STORE_DIR

    return [out / INDEX, out / STORE_DIR, out / PARTS_DIR]


def _added_faults(previous_store: Path, touched: set[str], shared: list[str], pointing: list[str], vocabulary: list[str]) -> bool:
    """Whether the nodes that added reports state something about break what only the corpus can.

    Their quads in the previous store, the shared graph's lines and the added reports' lines
    pointing out of their graphs, and the vocabulary, checked with the corpus's checks.
    """
    import pyoxigraph as ox

    from courtgraph.build import _CHECKED, _across_checks
    from courtgraph.rdf import SHARED_GRAPH, VOCAB_GRAPH
    from courtgraph.store import open_store
    from courtgraph.validate import validate_store

    checks = _across_checks()
    if any(kind != "targetClass" for check in checks for kind, _ in check.targets):
        return True  # a focus node the added lines do not hold as a subject: checked whole
    # what the checks read of a node: its types (their targets) and the properties they constrain
    read = sorted({c.path for check in checks for c in check.constraints if c.path} | {_RDF_TYPE})
    meeting = ox.Store()
    before = open_store(previous_store)
    try:
        for subject in sorted(touched):
            if subject.startswith("<"):
                node = ox.NamedNode(subject[1:-1])
                for predicate in read:
                    meeting.extend(before.quads_for_pattern(node, ox.NamedNode(predicate), None, None))
    finally:
        del before
    mine = [line for line in shared if line[:line.index(" ")] in touched]
    meeting.load(input="".join(mine).encode("utf-8"), format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(str(SHARED_GRAPH)), lenient=_CHECKED)
    meeting.load(input="".join(vocabulary).encode("utf-8"), format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(str(VOCAB_GRAPH)), lenient=_CHECKED)
    meeting.load(input="".join(pointing).encode("utf-8"), format=ox.RdfFormat.N_QUADS, lenient=_CHECKED)
    return not validate_store(meeting, checks=checks).conforms
