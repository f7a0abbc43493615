"""The built store: an Oxigraph database beside the graph files, opened read-only in milliseconds.

``courtgraph build`` bulk-loads the corpus's quads into ``<out>/courtgraph.oxigraph/`` and
writes a record, ``courtgraph-store.json``, inside that folder: the digest of the N-Quads
loaded, the number of quads and named graphs, a digest of what each named graph holds, and
the size of every data file of the database. A build that changes only a few graphs of the
previous build's store copies that store (hard links, no data copied) and removes and loads
only those graphs. ``query``, ``stats``, ``viz``, ``compare`` and ``serve`` given the build folder open
the store through :func:`open_store` instead of parsing the files again; the files remain the
exchange format.

A store whose record is missing (a build killed while filling it, a folder copied in part) or
whose files no longer have the sizes recorded is refused with a :class:`StoreError` saying
to build again: a query would otherwise answer from a database nobody can vouch for.

The build also records, in ``courtgraph-outputs.json``, the size and SHA-256 of the TriG file
it wrote with the store. The TriG holds the same quads as the store, graph for graph, so a
query or comparison on Oxigraph given that file alone (``--graph out/courtgraph.trig``) opens
the store instead of parsing it, once the file's digest is found to be the one recorded:
hashing a 1 GB file takes well under a second, parsing it into a store more than a minute.
Asked for rdflib's store, it is parsed. The other formats hold the union's triples without
their graphs, and are always parsed.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from courtgraph.errors import StoreError

__all__ = ["STORE_DIR", "RECORD", "OUTPUTS", "StoreRecord", "fill_store", "update_store", "open_store", "find_store", "read_record", "record_outputs", "store_parts"]

STORE_DIR = "courtgraph.oxigraph"
RECORD = "courtgraph-store.json"
OUTPUTS = "courtgraph-outputs.json"  # the files written with the store that hold its very quads
_FORMAT = 1  # the record's own layout; a record of another layout is refused
# Oxigraph's bulk loader holds about a million quads per thread before it writes them out: a
# corpus's file in one call took 1.8 GiB at 1,000 reports. Loaded in pieces of this size, the
# loader holds one piece's quads at a time: 423 MiB there, for a load about a fifth slower.
LOAD_PIECE_BYTES = 64 << 20


class StoreRecord(dict[str, Any]):
    """The record's JSON object: ``format``, ``input_sha256``, ``quads``, ``graphs``, ``files``;
    ``parts`` (named graph → digest of its content) and ``reused`` (graphs kept from the
    previous store) when the build gave the parts."""


def _data_files(folder: Path) -> dict[str, int]:
    """The database's data files and their sizes. RocksDB's log and lock files change when the
    database is merely opened, so they are not part of what the record vouches for."""
    sizes = {}
    for entry in os.scandir(folder):
        name = entry.name
        if entry.is_file() and (name.endswith(".sst") or name == "CURRENT" or name.startswith("MANIFEST-")):
            sizes[name] = entry.stat().st_size
    return dict(sorted(sizes.items()))


def fill_store(
    folder: str | os.PathLike[str],
    nquads: str | os.PathLike[str],
    *,
    parts: Mapping[str, str] | None = None,
    previous: str | os.PathLike[str] | None = None,
    changes: str | os.PathLike[str] | None = None,
    input_sha256: str | None = None,
) -> StoreRecord:
    """Fill a new Oxigraph database in ``folder`` with the N-Quads file ``nquads`` and write its record.

    ``folder`` must not hold a database yet (the build fills a staged folder and then swaps it
    in, see :func:`courtgraph.files.staged_folder`). ``parts`` maps every named graph of
    ``nquads`` to a digest of its content (the build gives a report's cache key) and is kept
    in the record. Given ``previous``, the store of an earlier build whose record has parts,
    and ``changes``, an N-Quads file of exactly the graphs whose digest in ``parts`` differs
    from the previous one's (or that it lacks), the previous store is copied with hard links,
    the graphs it holds that ``parts`` lacks or gives another digest are removed, and
    ``changes`` is loaded: the same quads as a load of the whole file, in a fraction of the
    time. Without them, or when the previous store cannot be used (no parts, damaged, blank
    nodes), the whole file is bulk-loaded. ``input_sha256`` is recorded instead of the file's
    digest when given (a corpus kept in parts records a digest of its parts' digests). Returns
    the record written.
    """
    import pyoxigraph as ox

    target = Path(folder)
    digest = hashlib.sha256()
    blank = False
    with open(nquads, "rb") as handle:
        tail = b"\n"
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
            if not blank:
                # a term that starts with "_:" (a literal holding " _:" is taken for one too)
                joined = tail + block
                blank = b"\n_:" in joined or b" _:" in joined
                tail = block[-2:]
    reused = 0
    try:
        kept = None
        if previous is not None and changes is not None and parts is not None and not blank:
            kept = store_parts(previous)
        if kept is not None and previous is not None and changes is not None and parts is not None:
            store, reused, counted = _update(target, Path(previous), kept, parts, changes)
        else:
            counted = None
            store = ox.Store(str(target))
            if blank:
                # a blank node is the same node only within one parse: the file in one piece
                store.bulk_load(path=str(nquads), format=ox.RdfFormat.N_QUADS)
            else:
                for piece in _pieces(nquads, LOAD_PIECE_BYTES):
                    store.bulk_load(input=piece, format=ox.RdfFormat.N_QUADS)
            store.flush()
            # the bulk loader writes one sorted file per batch and index, their key ranges overlap, and
            # every lookup a query makes probes each of them: compacted, a join's lookup on 1,000
            # reports costs 12 µs instead of 52 and the named queries run 3-6x faster (the database
            # grows, 2.1 to 3.7 GB there, and the compaction takes about a quarter of the load's time)
            store.optimize()
        contents = _contents(store, counted)
        del store  # closes the database, so every file has its final size
    except (OSError, SyntaxError, ValueError) as exc:
        raise StoreError(f"{target}: cannot fill the store ({_first_line(exc)})") from exc
    return _write_record(target, contents, input_sha256 or digest.hexdigest(), parts, reused)


def update_store(
    folder: str | os.PathLike[str],
    previous: str | os.PathLike[str],
    parts: Mapping[str, str],
    changes: str | os.PathLike[str],
    *,
    input_sha256: str,
    patched: Mapping[str, tuple[str, str | os.PathLike[str]]] | None = None,
) -> StoreRecord | None:
    """The previous build's store updated into the new, empty ``folder`` without the corpus's whole file.

    For a corpus kept in parts (:mod:`courtgraph.parts`): like :func:`fill_store` given
    ``previous`` and ``changes``, but the record's ``input_sha256`` is given, not hashed from
    a file. ``patched`` maps a graph whose digest changed to (its previous digest, an N-Quads
    file of the quads it lost): such a graph is not removed and loaded again whole, only those
    quads are removed, and ``changes`` holds the quads it gained (the shared graph, of which
    a report added states a few lines, is ten thousand times larger than what it gains).
    Returns None when ``previous`` cannot be updated (no store, no parts, its files not those
    recorded, a graph patched from another digest than its own, blank nodes in ``changes``, the
    graphs updated not those of ``parts``): the caller then discards ``folder`` and loads the
    corpus whole.
    """
    target, patched = Path(folder), dict(patched or {})
    kept = store_parts(previous)
    if kept is None or any(kept.get(name) != before for name, (before, _) in patched.items()):
        return None
    with open(changes, "rb") as handle:
        if any(line.startswith(b"_:") or b" _:" in line for line in handle):
            return None  # a blank node is the same node only within one parse
    try:
        store, reused, counted = _update(target, Path(previous), kept, parts, changes, {name: lost for name, (_, lost) in patched.items()})
        contents = _contents(store, counted)
        del store
    except (OSError, SyntaxError, ValueError) as exc:
        raise StoreError(f"{target}: cannot update the store ({_first_line(exc)})") from exc
    if contents[2] != sorted(parts):
        return None  # (the previous store held a graph as another digest than recorded, or lacked one)
    return _write_record(target, contents, input_sha256, parts, reused)


def _contents(store: Any, quads: int | None = None) -> tuple[int, int, list[str]]:
    """The store's number of quads (counted unless given) and of named graphs, and the names of its named graphs."""
    import pyoxigraph as ox

    named = list(store.named_graphs())
    return len(store) if quads is None else quads, len(named), sorted(graph.value for graph in named if isinstance(graph, ox.NamedNode))


def _write_record(
    target: Path, contents: tuple[int, int, list[str]], input_sha256: str, parts: Mapping[str, str] | None, reused: int,
) -> StoreRecord:
    """Write the record of the store in ``target``, closed, whose :func:`_contents` are given."""
    quads, graphs, names = contents
    if parts is not None and names != sorted(parts):
        # the build's parts name every graph it wrote: anything else is a fault of the update
        raise StoreError(f"{target}: the store's graphs are not those the build wrote; run `courtgraph build` again")
    record = StoreRecord(format=_FORMAT, input_sha256=input_sha256, quads=quads, graphs=graphs, files=_data_files(target))
    if parts is not None:
        record.update(parts=dict(sorted(parts.items())), reused=reused)
    from courtgraph.files import write_text

    write_text(target / RECORD, json.dumps(record, indent=1, sort_keys=True) + "\n")
    return record


def store_parts(folder: str | os.PathLike[str]) -> dict[str, str] | None:
    """The parts of the built store in ``folder`` (named graph → digest) when it can be
    updated in place: its record has them and its files are those the record lists (None
    for a folder that holds no store)."""
    try:
        record = read_record(folder)
    except StoreError:
        return None
    parts = record.get("parts")
    if not isinstance(parts, dict) or _data_files(Path(folder)) != record["files"]:
        return None
    return {str(k): str(v) for k, v in parts.items()}


def _update(
    target: Path, previous: Path, kept: Mapping[str, str], parts: Mapping[str, str], changes: str | os.PathLike[str],
    patched: Mapping[str, str | os.PathLike[str]] | None = None,
) -> tuple[Any, int, int]:
    """The previous store copied into ``target``, its stale graphs removed and ``changes`` loaded.

    A graph in ``patched`` is not removed: the quads in the file it maps to are, after the load.
    Returns the store, the number of graphs kept and the number of quads it holds.
    """
    patched = patched or {}
    import pyoxigraph as ox

    source = open_store(previous)  # checks the files against the record once more
    # counting every quad of the database takes seconds at 1,000 reports (1.7 s): the graphs
    # that change are counted before and after instead, and the rest kept the previous count
    touched = [name for name in {*kept, *parts} if kept.get(name) != parts.get(name) or name in patched]
    quads = int(read_record(previous)["quads"]) - sum(_graph_size(source, name) for name in touched)
    if target.exists():
        target.rmdir()  # (the staged folder is made empty; a backup needs a folder that is not there)
    source.backup(str(target))  # hard links to the previous store's immutable files
    del source
    store = ox.Store(str(target))
    stale = [name for name, digest in kept.items() if parts.get(name) != digest and name not in patched]
    for name in stale:
        store.remove_graph(ox.NamedNode(name))
    store.bulk_load(path=str(changes), format=ox.RdfFormat.N_QUADS)
    for lost in patched.values():
        with open(lost, "rb") as handle:
            for quad in ox.parse(handle, format=ox.RdfFormat.N_QUADS):
                store.remove(quad)
    store.flush()
    quads += sum(_graph_size(store, name) for name in touched)
    # not compacted: the few files written beside the compacted ones cost a lookup little, and
    # compacting the whole database again would take as long as loading it
    return store, len(kept) - len(stale), quads


def _graph_size(store: Any, name: str) -> int:
    """The number of quads in the named graph ``name`` (counted by the store, not by Python)."""
    import pyoxigraph as ox

    graph = ox.NamedNode(name)  # (an IRI checked: it holds no ">" to end the query's one early)
    for row in store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {graph} {{ ?s ?p ?o }} }}"):
        return int(row["n"].value)
    return 0


def _pieces(path: str | os.PathLike[str], size: int) -> Iterator[bytes]:
    """The file in pieces of about ``size`` bytes, each ending at the end of a line."""
    with open(path, "rb") as handle:
        rest = b""
        for block in iter(lambda: handle.read(size), b""):
            block = rest + block
            cut = block.rfind(b"\n") + 1
            if cut == 0:
                rest = block  # a line longer than the piece: read on
                continue
            rest = block[cut:]
            yield block[:cut]
        if rest:
            yield rest


def read_record(folder: str | os.PathLike[str]) -> StoreRecord:
    """The record of the store in ``folder``; StoreError when it is missing or unreadable."""
    path = Path(folder) / RECORD
    try:
        loaded = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise StoreError(f"{folder}: not a built courtgraph store (no {RECORD}); run `courtgraph build` again") from None
    except (OSError, ValueError) as exc:
        raise StoreError(f"{path}: unreadable store record ({_first_line(exc)}); run `courtgraph build` again") from exc
    if not isinstance(loaded, dict) or loaded.get("format") != _FORMAT or not isinstance(loaded.get("files"), dict):
        raise StoreError(f"{path}: not a store record of this courtgraph version; run `courtgraph build` again")
    return StoreRecord(loaded)


def open_store(path: str | os.PathLike[str]) -> Any:
    """The built store at ``path`` (a build folder or its ``courtgraph.oxigraph``), opened read-only.

    Returns a ``pyoxigraph.Store``. Raises :class:`StoreError` when there is no store, when its
    record is missing, or when its data files are not those the record lists (changed or
    damaged since the build). Several processes may open the same store at once.
    """
    import pyoxigraph as ox

    folder = Path(path)
    if folder.name != STORE_DIR:
        folder = folder / STORE_DIR
    if not folder.is_dir():
        raise StoreError(f"{path}: no built store here (expected a folder {STORE_DIR}); run `courtgraph build`")
    record = read_record(folder)
    found = _data_files(folder)
    if found != record["files"]:
        missing = sorted(set(record["files"]) - set(found))
        changed = sorted(name for name in found if record["files"].get(name) != found[name])
        what = f"missing {', '.join(missing[:3])}" if missing else f"changed {', '.join(changed[:3])}"
        raise StoreError(f"{folder}: the store's files are not those its build recorded ({what}); run `courtgraph build` again")
    try:
        return ox.Store.read_only(str(folder))
    except OSError as exc:
        raise StoreError(f"{folder}: cannot open the store ({_first_line(exc)}); run `courtgraph build` again") from exc


def find_store(sources: Sequence[str | os.PathLike[str]], *, trig: bool = False) -> Path | None:
    """The store folder when ``sources`` is one build folder holding a store, else None.

    With ``trig``, also when ``sources`` is one file the build wrote with the store beside it,
    byte for byte (its TriG, see :func:`record_outputs`): for callers that would load the file
    into an Oxigraph store anyway. A caller that asked for rdflib's store gets the file parsed.
    """
    if len(sources) != 1:
        return None
    folder = Path(sources[0])
    if folder.name == STORE_DIR and folder.is_dir():
        return folder
    if folder.is_dir() and (folder / STORE_DIR).is_dir():
        return folder / STORE_DIR
    if trig and folder.is_file():
        return _store_written_with(folder)
    return None


def record_outputs(folder: str | os.PathLike[str], files: Mapping[str, str | os.PathLike[str]]) -> None:
    """Record in the store ``folder`` the size and SHA-256 of ``files`` (the name a file will
    have beside the store → where it is now, staged), each of which holds exactly the store's
    quads, graph for graph."""
    from courtgraph.files import write_text

    recorded = {name: {"sha256": _file_sha256(path), "size": os.stat(path).st_size} for name, path in files.items()}
    text = json.dumps({"format": _FORMAT, "files": dict(sorted(recorded.items()))}, indent=1, sort_keys=True) + "\n"
    write_text(Path(folder) / OUTPUTS, text)


def _file_sha256(path: str | os.PathLike[str]) -> str:
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def _store_written_with(path: Path) -> Path | None:
    """The store beside ``path`` when its build recorded ``path``'s size and digest, and its own
    files are those its record lists: the file given is then the store's quads exactly, and
    anything less (no record, another file of that name, a store since damaged) parses the file."""
    folder = path.parent / STORE_DIR
    try:
        text = (folder / OUTPUTS).read_text(encoding="utf-8")
        recorded = json.loads(text)
        entry = recorded["files"][path.name]
        if recorded.get("format") != _FORMAT or os.stat(path).st_size != entry["size"]:
            return None
        if _file_sha256(path) != entry["sha256"]:
            return None
        # a build that swapped in another store while the file was hashed (most of a second at
        # 1,000 reports) wrote another record with it: the file is then parsed
        if (folder / OUTPUTS).read_text(encoding="utf-8") != text or _data_files(folder) != read_record(folder)["files"]:
            return None
    except (OSError, ValueError, KeyError, TypeError, StoreError):
        return None
    return folder


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__
