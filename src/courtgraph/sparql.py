"""The one gate every SPARQL request passes: parsed once, checked once, before anything runs it.

rdflib, pyoxigraph and the Oxigraph server all follow ``SERVICE`` to any host, and rdflib
reads ``LOAD``/``FROM`` targets from the network or the local disk; none of them can be told
not to. So ``courtgraph query``, the endpoint and its worker processes all hand the text to
:func:`check`, which parses it with rdflib's parser, walks the algebra and refuses what would
reach outside the dataset, and returns a :class:`CheckedQuery` that the engines run.

The project's prefixes (``cg:``, ``cgd:``, ``skos:`` …) are predeclared: the checked text
starts with them, so every engine, local or remote, reads the query the same way, and a
query may still redeclare them.

>>> check("SELECT * WHERE { ?s ?p ?o } LIMIT 1").form
'SELECT'
>>> check("SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }")
Traceback (most recent call last):
...
courtgraph.errors.RefusedError: SERVICE is not allowed (it would make the server fetch http://127.0.0.1:9/)
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import threading
from collections import OrderedDict
from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from courtgraph.errors import QueryError, RefusedError, UpdateRefusedError

__all__ = ["CheckedQuery", "MAX_QUERY_BYTES", "check", "parse", "query_form", "sparql_string", "cache_bytes"]

# A request bigger than this is no analyst's query; the endpoint refuses larger bodies too.
MAX_QUERY_BYTES = 1_000_000
# Accepted queries are remembered (rdflib's parser costs 10-50 ms, more than most answers);
# the memory that costs is bounded by the bytes of the texts, not by their number.
CACHE_BYTES = 16_000_000
# Verdicts kept on disk (``remembered=``) beyond this many: the oldest are removed.
REMEMBERED_MAX = 4_096

# rdflib's pyparsing grammar keeps state while parsing: two threads parsing at once make
# each other fail with bogus syntax errors (seen under load), so parsing is serialised
_PARSER_LOCK = threading.Lock()

_FORMS = {"SelectQuery": "SELECT", "AskQuery": "ASK", "ConstructQuery": "CONSTRUCT", "DescribeQuery": "DESCRIBE"}
_UPDATE = re.compile(
    r"^\s*(?:(?:PREFIX|BASE)\b[^\n]*\n\s*)*(INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY|WITH)\b", re.I
)
_READ_ONLY = "SPARQL updates are refused: this is read-only; only SELECT, ASK, CONSTRUCT and DESCRIBE run"


@dataclass(frozen=True)
class CheckedQuery:
    """A request that passed :func:`check`.

    ``text`` is what the engines run (the predeclared prefixes, then the request);
    ``form`` is SELECT, ASK, CONSTRUCT or DESCRIBE for a query and UPDATE for an update;
    ``projected`` the variables a SELECT returns. ``algebra`` is rdflib's translation,
    which its in-memory store runs without parsing again (absent in worker processes).
    """

    text: str
    form: str
    projected: tuple[str, ...] = ()
    algebra: Any = field(default=None, compare=False, repr=False)

    @property
    def is_update(self) -> bool:
        return self.form == "UPDATE"


def check(
    text: str,
    *,
    update: bool = False,
    allow_update: bool = False,
    graphs: Collection[str] | None = (),
    prefixes: Mapping[str, str] | None = None,
    remembered: Path | None = None,
) -> CheckedQuery:
    """Parse ``text`` as a query (or, with ``update=True``, an update) and refuse unsafe parts.

    ``graphs`` are the names of the dataset's graphs: ``FROM``, ``FROM NAMED``, ``USING``
    and ``USING NAMED`` may select among them, never name anything else (rdflib would fetch
    it); ``None`` leaves that rule for later, when the dataset is open. ``prefixes`` are
    predeclared (default: the project's). Raises ``QueryError`` with line and column for a
    malformed request, ``UpdateRefusedError`` for an update unless ``allow_update``, and
    ``RefusedError`` for SERVICE, LOAD or a foreign dataset IRI.

    ``remembered``: a folder where a query's acceptance is kept between processes (the
    command line starts afresh for each query, and rdflib's parser and its import cost more
    than a short answer). An entry is named by a digest of the text, the prefixes, the graphs
    and this gate itself (its source and rdflib's version), and is used only when it holds
    that digest; a refusal is never kept, so a refused query is parsed and refused every time.
    A query accepted from there has no ``algebra``.
    """
    if not isinstance(text, str) or not text.strip():
        raise QueryError("empty SPARQL request")
    if len(text.encode("utf-8", "surrogatepass")) > MAX_QUERY_BYTES:
        raise QueryError(f"SPARQL request over {MAX_QUERY_BYTES} bytes")
    if not allow_update and (update or _UPDATE.match(_strip_comments(text))):
        # refuse before parsing: a read-only gate has no business evaluating update syntax
        raise UpdateRefusedError(_READ_ONLY)
    known = None if graphs is None else frozenset(str(g) for g in graphs)
    chosen = dict(prefixes) if prefixes is not None else _default_prefixes()
    key = (text, update, tuple(sorted(chosen.items())), known)
    found = _cached(key)
    if found is None and remembered is not None and not update:
        found = _recall(remembered, key, chosen)
        if found is not None:
            _remember(key, found)
    if found is not None:
        return found
    # the same text checked before its graphs were known (the command line checks a query
    # before it opens the dataset): the rules are applied again to that parse, now with the graphs
    unjudged = _cached(key[:3] + (None,)) if known is not None else None
    if known is not None and unjudged is not None and unjudged.algebra is not None:
        _refuse(unjudged.algebra, known)
        checked = unjudged
    else:
        checked = _check(text, update=update, graphs=known, prefixes=chosen)
    _remember(key, checked)
    if remembered is not None and not update:
        _record(remembered, key, checked)
    return checked


def _cached(key: tuple[Any, ...]) -> CheckedQuery | None:
    with _CACHE_LOCK:
        found = _CACHE.get(key)
        if found is not None:
            _CACHE.move_to_end(key)
        return found


def parse(text: str, *, prefixes: Mapping[str, str] | None = None) -> CheckedQuery:
    """``text`` parsed as a query, with no safety rule applied: for remote endpoints, whose own
    policy decides what runs there. ``QueryError`` if ``text`` is not a well-formed query."""
    if not isinstance(text, str) or not text.strip():
        raise QueryError("empty SPARQL request")
    chosen = dict(prefixes) if prefixes is not None else _default_prefixes()
    full = _prologue(chosen) + text
    algebra, form = _parse(full, update=False, offset=len(chosen))
    return CheckedQuery(text=full, form=form, projected=_projected(algebra), algebra=algebra)


def query_form(text: str, *, prefixes: Mapping[str, str] | None = None) -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE; ``QueryError`` if ``text`` is not a query (no safety rule)."""
    return parse(text, prefixes=prefixes).form


def _check(text: str, *, update: bool, graphs: frozenset[str] | None, prefixes: Mapping[str, str]) -> CheckedQuery:
    full = _prologue(prefixes) + text
    algebra, form = _parse(full, update=update, offset=len(prefixes))
    _refuse(algebra, graphs)
    if update:
        return CheckedQuery(text=full, form=form)
    return CheckedQuery(text=full, form=form, projected=_projected(algebra), algebra=algebra)


def _refuse(algebra: Any, graphs: frozenset[str] | None) -> None:
    """RefusedError for SERVICE, LOAD, or (``graphs`` given) a FROM, FROM NAMED, USING or USING
    NAMED that names a graph not in ``graphs``; one walk of the algebra."""
    for node in _walk(algebra.algebra):
        name = getattr(node, "name", None)
        if name == "ServiceGraphPattern":
            raise RefusedError(f"SERVICE is not allowed (it would make the server fetch {dict.get(node, 'term')})")
        if name == "Load":
            raise RefusedError(f"LOAD is not allowed (it would make the server fetch {dict.get(node, 'iri')})")
        if name in ("DatasetClause", "UsingClause") and graphs is not None:
            # CompValue.get answers the key itself for a missing key: read it as a plain dict
            iri = dict.get(node, "default") or dict.get(node, "named")
            if iri is not None and str(iri) not in graphs:
                keyword = "FROM" if name == "DatasetClause" else "USING"
                raise RefusedError(
                    f"{keyword} <{iri}> names no graph of this dataset; only its own named graphs may be selected"
                )


def _projected(algebra: Any) -> tuple[str, ...]:
    return tuple(str(v) for v in getattr(algebra.algebra, "PV", None) or ())


def sparql_string(value: str) -> str:
    """``value`` as a SPARQL string literal, quotes and control characters escaped."""
    escaped = (
        value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")
    )
    return f'"{escaped}"'


def _default_prefixes() -> dict[str, str]:
    from courtgraph.rdf import PREFIXES

    return dict(PREFIXES)


def _prologue(prefixes: Mapping[str, str]) -> str:
    return "".join(f"PREFIX {prefix}: <{iri}>\n" for prefix, iri in prefixes.items())


def _strip_comments(sparql: str) -> str:
    # comments only matter to the update check; IRIs and strings containing '#' are rare there
    return "\n".join(line for line in sparql.splitlines() if not line.lstrip().startswith("#"))


def _parse(text: str, *, update: bool, offset: int) -> tuple[Any, str]:
    """rdflib's translation of ``text`` and its form; ``offset`` prologue lines are not counted."""
    # rdflib's SPARQL modules are heavy; load them only when a request arrives
    from pyparsing import ParseBaseException
    from rdflib.plugins.sparql.algebra import translateQuery, translateUpdate
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    try:
        if update:
            with _PARSER_LOCK:
                parsed_update = parseUpdate(text)
            return translateUpdate(parsed_update), "UPDATE"
        with _PARSER_LOCK:
            parsed = parseQuery(text)
        translated = translateQuery(parsed)
    except ParseBaseException as exc:
        line = exc.lineno - offset
        reason = " ".join(str(exc.msg).split())
        # control characters of the request are not echoed back raw
        near = re.sub(r"[\x00-\x1f\x7f]", "\ufffd", exc.line.strip()[:60]) if exc.lineno > offset else ""
        where = f"line {line}, column {exc.col}" if line >= 1 else "in the prologue"
        raise QueryError(f"malformed query at {where}: {reason}" + (f" (near: {near})" if near else "")) from None
    except RecursionError:
        raise QueryError("the query is nested too deeply to check") from None
    except Exception as exc:  # rdflib raises plain Exception for an undeclared prefix and the like
        lines = str(exc).strip().splitlines()
        raise QueryError(f"invalid query: {lines[0] if lines else type(exc).__name__}") from None
    return translated, _FORMS.get(translated.algebra.name, translated.algebra.name)


def _walk(value: Any) -> Iterator[Any]:
    """Every node of an rdflib algebra tree (CompValues are dicts; lists and dicts nest)."""
    stack = [value]
    seen: set[int] = set()
    while stack:
        item = stack.pop()
        if id(item) in seen:
            continue
        seen.add(id(item))
        if isinstance(item, dict):
            yield item
            stack.extend(item.values())
        elif isinstance(item, (list, tuple, set, frozenset)):
            stack.extend(item)


# -- the cache of accepted requests -------------------------------------------

_CACHE: OrderedDict[tuple[Any, ...], CheckedQuery] = OrderedDict()
_CACHE_LOCK = threading.Lock()
_cached_bytes = 0


def _cost(key: tuple[Any, ...]) -> int:
    # the text twice (request and checked text) plus a rough allowance for the algebra
    return 4 * len(key[0].encode("utf-8", "surrogatepass")) + 2_000


def _remember(key: tuple[Any, ...], checked: CheckedQuery) -> None:
    global _cached_bytes
    cost = _cost(key)
    if cost > CACHE_BYTES // 4:  # one huge query would push everything else out
        return
    with _CACHE_LOCK:
        if key in _CACHE:
            return
        _CACHE[key] = checked
        _cached_bytes += cost
        while _cached_bytes > CACHE_BYTES:
            old, _ = _CACHE.popitem(last=False)
            _cached_bytes -= _cost(old)


def cache_bytes() -> int:
    """The bytes the cache of accepted requests is charged with (at most ``CACHE_BYTES``)."""
    return _cached_bytes


# -- verdicts kept between processes ------------------------------------------


@lru_cache(maxsize=1)
def _gate() -> str:
    """A digest of what decides a verdict besides the request: this module and rdflib's parser."""
    import rdflib

    source = Path(__file__).read_bytes()
    return hashlib.sha256(source + b"\0" + rdflib.__version__.encode()).hexdigest()


def _digest(key: tuple[Any, ...]) -> str:
    text, update, prefixes, known = key
    graphs = None if known is None else sorted(known)
    canonical = json.dumps([_gate(), text, update, [list(p) for p in prefixes], graphs], ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8", "surrogatepass")).hexdigest()


def _recall(folder: Path, key: tuple[Any, ...], prefixes: Mapping[str, str]) -> CheckedQuery | None:
    """The verdict kept in ``folder`` for ``key``, or None (absent, unreadable, or not this key's)."""
    digest = _digest(key)
    try:
        entry = json.loads((folder / f"{digest}.json").read_text(encoding="utf-8"))
        form, projected = entry["form"], entry["projected"]
        if entry["key"] != digest or form not in _FORMS.values() or not isinstance(projected, list) or not all(isinstance(v, str) for v in projected):
            return None
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return CheckedQuery(text=_prologue(prefixes) + key[0], form=form, projected=tuple(projected))


def _record(folder: Path, key: tuple[Any, ...], checked: CheckedQuery) -> None:
    """Keep ``checked``'s acceptance in ``folder``; the oldest entries go beyond ``REMEMBERED_MAX``.
    A folder that cannot be written only means the next process parses again."""
    from courtgraph.errors import StoreError
    from courtgraph.files import write_text

    digest = _digest(key)
    entry = json.dumps({"key": digest, "form": checked.form, "projected": list(checked.projected)})
    try:
        write_text(folder / f"{digest}.json", entry)
        entries = [e for e in os.scandir(folder) if e.name.endswith(".json")]
        if len(entries) > REMEMBERED_MAX:
            entries.sort(key=lambda e: e.stat().st_mtime_ns)
            for old in entries[: len(entries) - REMEMBERED_MAX]:
                os.unlink(old.path)
    except (StoreError, OSError):
        pass
