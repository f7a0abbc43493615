"""Check a SPARQL request before anything runs it.

rdflib, pyoxigraph and the Oxigraph server all follow ``SERVICE`` to any host, and
rdflib reads ``LOAD``/``FROM`` targets from the network or the local disk. None of
them can be told not to, so the endpoint parses every request here with rdflib's
parser, walks the algebra, and refuses the request before an engine sees it.

>>> check("SELECT * WHERE { ?s ?p ?o } LIMIT 1").form
'SELECT'
>>> check("SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }")
Traceback (most recent call last):
...
courtgraph.guard.RefusedError: SERVICE is not allowed on this endpoint (it would make the server fetch http://127.0.0.1:9/)
"""

from __future__ import annotations

import threading
from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from courtgraph.errors import QueryError

# rdflib's pyparsing grammar keeps state while parsing: two threads parsing at once make
# each other fail with bogus syntax errors (seen under load), so parsing is serialised
_PARSER_LOCK = threading.Lock()

__all__ = ["CheckedRequest", "RefusedError", "UpdateRefusedError", "check", "query_form"]


class RefusedError(QueryError):
    """A well-formed request that a safety rule forbids (answered 403 by the endpoint)."""


class UpdateRefusedError(RefusedError):
    """A SPARQL Update sent to a read-only endpoint."""


@dataclass(frozen=True)
class CheckedRequest:
    """A request that passed the guard.

    ``form`` is SELECT, ASK, CONSTRUCT or DESCRIBE for a query and UPDATE for an update.
    """

    text: str
    form: str

    @property
    def is_update(self) -> bool:
        return self.form == "UPDATE"


_FORMS = {
    "SelectQuery": "SELECT",
    "AskQuery": "ASK",
    "ConstructQuery": "CONSTRUCT",
    "DescribeQuery": "DESCRIBE",
}


def check(
    text: str,
    *,
    update: bool = False,
    allow_update: bool = False,
    graphs: Collection[str] = (),
    prefixes: Mapping[str, str] | None = None,
) -> CheckedRequest:
    """Parse ``text`` as a query (or, with ``update=True``, an update) and refuse unsafe parts.

    ``graphs`` are the names of the graphs the dataset holds: ``FROM``, ``FROM NAMED``,
    ``USING`` and ``USING NAMED`` may select among them, never name anything else
    (rdflib would fetch it). ``prefixes`` are predeclared (a query may redeclare them). Raises ``QueryError`` with the parser's message for a
    malformed request, ``UpdateRefusedError`` for an update when ``allow_update`` is
    false, and ``RefusedError`` for SERVICE, LOAD or a foreign dataset IRI.
    """
    if not isinstance(text, str) or not text.strip():
        raise QueryError("empty SPARQL request")
    if update and not allow_update:
        # refuse before parsing: a read-only endpoint has no business evaluating update syntax
        raise UpdateRefusedError("SPARQL Update is not allowed on this read-only endpoint")
    algebra, form = _parse(text, update=update, prefixes=prefixes)
    known = {str(g) for g in graphs}
    for node in _walk(algebra):
        name = getattr(node, "name", None)
        if name == "ServiceGraphPattern":
            raise RefusedError(
                f"SERVICE is not allowed on this endpoint (it would make the server fetch {dict.get(node, 'term')})"
            )
        if name == "Load":
            raise RefusedError(
                f"LOAD is not allowed on this endpoint (it would make the server fetch {dict.get(node, 'iri')})"
            )
        if name in ("DatasetClause", "UsingClause"):
            # CompValue.get answers the key itself for a missing key: read it as a plain dict
            iri = dict.get(node, "default") or dict.get(node, "named")
            if iri is not None and str(iri) not in known:
                keyword = "FROM" if name == "DatasetClause" else "USING"
                raise RefusedError(
                    f"{keyword} <{iri}> names no graph of this dataset; only its own named graphs may be selected"
                )
    return CheckedRequest(text=text, form=form)


def query_form(text: str, *, prefixes: Mapping[str, str] | None = None) -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE; ``QueryError`` if ``text`` is not a query.

    Applies no safety rule: it serves clients of remote endpoints, whose own policy decides.
    """
    return _parse(text, update=False, prefixes=prefixes)[1]


def _parse(text: str, *, update: bool, prefixes: Mapping[str, str] | None = None) -> tuple[Any, str]:
    from rdflib import URIRef

    namespaces = {k: URIRef(v) for k, v in (prefixes or {}).items()}
    with _PARSER_LOCK:
        return _translate(text, update=update, namespaces=namespaces)


def _translate(text: str, *, update: bool, namespaces: dict[str, Any]) -> tuple[Any, str]:
    # rdflib's SPARQL modules are heavy; load them only when a request arrives
    from pyparsing import ParseException
    from rdflib.plugins.sparql.algebra import translateQuery, translateUpdate
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    parsed: Any
    try:
        if update:
            parsed = translateUpdate(parseUpdate(text), initNs=namespaces)
            return parsed.algebra, "UPDATE"
        parsed = translateQuery(parseQuery(text), initNs=namespaces)
    except ParseException as exc:
        raise QueryError(f"SPARQL syntax error: {exc}") from None
    except Exception as exc:  # rdflib's translation raises bare exceptions for some bad queries
        raise QueryError(f"SPARQL error: {type(exc).__name__}: {exc}") from None
    return parsed.algebra, _FORMS.get(parsed.algebra.name, parsed.algebra.name)


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
