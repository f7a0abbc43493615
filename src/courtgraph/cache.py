"""The build cache: one file per report graph, keyed by its input and by the pipeline itself.

A key is a digest of the source's bytes (and of its metadata and curation files), of the path it was
named by (the graph records it) and of the pipeline's fingerprint: every file of the
package, the ontology and the versions of the libraries that shape the output. Change any
of them and the key changes, so an entry is never stale; old entries are simply unused.

An entry is a text file: one JSON header line, then the report's own N-Triples lines,
then the lines about nodes that other reports may share (courts, places, organisations…).
The header holds the SHA-256 of the body: an entry whose body does not match it (edited,
truncated, damaged on disk) or whose header cannot be parsed is never used; the report is
built again and the new entry replaces it.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from courtgraph.errors import DamagedEntry

__all__ = ["Entry", "EntryHead", "DamagedEntry", "default_cache_dir", "fingerprint", "source_key", "read_entry", "read_head", "write_entry"]

_LIBRARIES = ("rdflib", "pyoxigraph", "pyrudof", "pypinyin", "cn2an")


@dataclass(frozen=True)
class Entry:
    """One report's graph: its name, its lines and whether it conforms to the shapes."""

    graph: str
    own: list[str]
    shared: list[str]
    conforms: bool
    violations: list[str]
    # what the user should hear about this report every time it is built (dropped control
    # characters, a refusal overridden by --force): kept here so a cached build says it too
    notes: tuple[str, ...] = ()
    # why the report would be refused without --force ("" when it is a plausible report)
    refusal: str = ""

    def head(self) -> EntryHead:
        return EntryHead(self.graph, len(self.own) + len(self.shared), self.conforms, tuple(self.violations), self.notes, self.refusal)


@dataclass(frozen=True)
class EntryHead:
    """What an entry's header says of its report, without its lines (see :func:`read_head`)."""

    graph: str
    lines: int
    conforms: bool
    violations: tuple[str, ...]
    notes: tuple[str, ...]
    refusal: str


def default_cache_dir() -> Path:
    """``$COURTGRAPH_CACHE_DIR``, else ``$XDG_CACHE_HOME/courtgraph``, else ``~/.cache/courtgraph``."""
    if os.environ.get("COURTGRAPH_CACHE_DIR"):
        return Path(os.environ["COURTGRAPH_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "courtgraph"


@lru_cache(maxsize=1)
def fingerprint() -> str:
    """A digest of everything that decides the output besides the input itself."""
    from importlib import metadata  # not at the top: the query command imports this module too

    from courtgraph.rdf import ontology_path

    digest = hashlib.sha256()
    package = Path(__file__).resolve().parent
    files = sorted(p for p in package.rglob("*") if p.is_file() and p.suffix in {".py", ".yaml", ".ttl", ".json"})
    files += [ontology_path("shapes.ttl"), ontology_path("vocab.ttl")]
    for path in files:
        digest.update(path.name.encode("utf-8") + b"\0" + path.read_bytes() + b"\0")
    for name in _LIBRARIES:
        try:
            digest.update(f"{name}={metadata.version(name)}\0".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{name}=none\0".encode())
    return digest.hexdigest()


def source_key(path: Path, named_as: str) -> str:
    """The cache key of one source file (with its ``.meta.yaml`` and ``.curation.yaml`` when there are)."""
    digest = hashlib.sha256()
    digest.update(fingerprint().encode("ascii") + b"\0" + named_as.encode("utf-8") + b"\0")
    digest.update(path.read_bytes())
    meta = path.with_name(path.stem + ".meta.yaml")
    if meta.is_file():
        digest.update(b"\0meta\0" + meta.read_bytes())
    curation = path.with_name(path.stem + ".curation.yaml")  # corrections by people: a changed one rebuilds
    if curation.is_file():
        digest.update(b"\0curation\0" + curation.read_bytes())
    return digest.hexdigest()


def _entry_path(cache_dir: Path, key: str) -> Path:
    return cache_dir / "reports" / key[:2] / f"{key}.nt"


def read_entry(cache_dir: Path, key: str) -> Entry | None:
    """The cached entry, or ``None`` when there is none.

    Raises :class:`DamagedEntry` when the entry is there but cannot be trusted: its header
    does not parse, or its body's digest or line counts differ from what the header records.
    """
    read = _read(cache_dir, key, lines=True)
    if read is None:
        return None
    header, own, shared = read
    fields = _report_fields(header)
    return Entry(own=own, shared=shared, **{**fields, "violations": list(fields["violations"])})


def read_head(cache_dir: Path, key: str) -> EntryHead | None:
    """What the cached entry says of its report, or ``None`` when there is none.

    The entry is checked as :func:`read_entry` checks it (its digest, its UTF-8 and its line
    count), and raises :class:`DamagedEntry` as it does, but its lines are not made into
    strings: a build lists every report this way before it reads their lines, and the lines
    took a third of that first read (8.2–8.8 ms an entry against 5.3–5.8 ms, bench section 14).
    """
    read = _read(cache_dir, key, lines=False)
    if read is None:
        return None
    header = read[0]
    return EntryHead(lines=header["own"] + header["shared"], **_report_fields(header))


def _report_fields(header: dict[str, Any]) -> dict[str, Any]:
    """What a checked header says of its report, as :class:`EntryHead` holds it (both reads' one reading)."""
    try:
        return {
            "graph": str(header["graph"]),
            "conforms": bool(header["conforms"]),
            "violations": tuple(str(v) for v in header.get("violations", [])),
            "notes": tuple(str(n) for n in header.get("notes", [])),
            "refusal": str(header.get("refusal", "")),
        }
    except (KeyError, TypeError) as exc:
        raise _damaged(exc) from None


def _damaged(exc: Exception) -> DamagedEntry:
    if isinstance(exc, ValueError):
        return DamagedEntry(str(exc))
    if isinstance(exc, KeyError):
        return DamagedEntry(f"its header lacks {exc}")
    return DamagedEntry(f"its header is malformed ({exc})")


def _read(cache_dir: Path, key: str, *, lines: bool) -> tuple[dict[str, Any], list[str], list[str]] | None:
    """The entry's header, and its own and shared lines (empty unless ``lines``), checked."""
    path = _entry_path(cache_dir, key)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise DamagedEntry(f"cannot be read ({exc.strerror or exc})") from None
    head, newline, body = data.partition(b"\n")
    try:
        header = json.loads(head)
        if not isinstance(header, dict):
            raise ValueError("the header is not a JSON object")
        if header.get("sha256") != hashlib.sha256(body).hexdigest():
            raise ValueError("its body does not match the digest in its header")
        own_count, shared_count = header["own"], header["shared"]
        if not newline or not isinstance(own_count, int) or not isinstance(shared_count, int):
            raise ValueError("its line counts do not match its header")
        if not lines:
            # checked as below, without a string made for each line: decoded whole (an entry
            # written by hand may match its digest and still not be UTF-8), lines counted in
            # the bytes (as many as the split below makes)
            body.decode("utf-8")
            if body.count(b"\n") != own_count + shared_count:
                raise ValueError("its line counts do not match its header")
            return header, [], []
        # split at \n alone: a literal may hold U+2028 or \x1c, which str.splitlines also splits at
        split = [line + "\n" for line in body.decode("utf-8").split("\n")[:-1]]
        if own_count + shared_count != len(split):
            raise ValueError("its line counts do not match its header")
        return header, split[:own_count], split[own_count:]
    except (ValueError, KeyError, TypeError) as exc:  # JSONDecodeError and UnicodeDecodeError are ValueErrors
        raise _damaged(exc) from None


def write_entry(cache_dir: Path, key: str, entry: Entry) -> None:
    """Store an entry atomically; a cache that cannot be written is skipped, not fatal."""
    from courtgraph.errors import StoreError
    from courtgraph.files import write_text

    # encoded once, for the digest and the file alike (a report's entry is megabytes: as a
    # string it was encoded twice, and joined to its header once more)
    body = "".join(entry.own).encode("utf-8") + "".join(entry.shared).encode("utf-8")
    header = {
        "graph": entry.graph,
        "own": len(entry.own),
        "shared": len(entry.shared),
        "conforms": entry.conforms,
        "violations": entry.violations,
        "notes": list(entry.notes),
        "refusal": entry.refusal,
        "sha256": hashlib.sha256(body).hexdigest(),
    }
    try:
        # not flushed to disk: an entry that a crash leaves damaged fails its digest and is built again
        write_text(_entry_path(cache_dir, key), (json.dumps(header, ensure_ascii=False) + "\n").encode("utf-8") + body, sync=False)
    except StoreError:
        pass
