"""Compact JSON-LD written as a stream, one node object per line.

rdflib's JSON-LD writer holds the whole graph and takes minutes for a million triples;
Oxigraph's streams but writes only the expanded form, full IRIs everywhere. This writer
takes triples grouped by subject (as the build's sorted N-Triples are) and writes each
subject as soon as its triples are read, under a fixed context: the courtgraph prefixes,
and ``label``/``text`` as language maps. Any JSON-LD processor expands it back to the
same triples; the build's tests check that with rdflib's parser.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import IO, TYPE_CHECKING, Any

from courtgraph.namespace import CG

if TYPE_CHECKING:
    import pyoxigraph as ox

__all__ = ["context", "write_jsonld"]

_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_LANGUAGE_MAPS = {
    "http://www.w3.org/2000/01/rdf-schema#label": "label",
    str(CG.text): "text",  # str keys: the predicates read are plain strings
}


def context() -> dict[str, Any]:
    """The context every courtgraph JSON-LD file carries."""
    from courtgraph.rdf import PREFIXES

    found: dict[str, Any] = dict(PREFIXES)
    for iri, name in _LANGUAGE_MAPS.items():
        prefix, local = _split(iri, PREFIXES)
        found[name] = {"@id": f"{prefix}:{local}", "@container": "@language"}
    return found


def _split(iri: str, prefixes: dict[str, str]) -> tuple[str, str]:
    best = ("", iri)
    for prefix, namespace in prefixes.items():
        if iri.startswith(namespace) and len(namespace) > len(prefixes.get(best[0], "")) and iri != namespace:
            best = (prefix, iri[len(namespace):])
    return best


class _Compactor:
    def __init__(self) -> None:
        from courtgraph.rdf import PREFIXES

        self.prefixes = PREFIXES
        self.known: dict[str, str] = {}

    def iri(self, iri: str) -> str:
        found = self.known.get(iri)
        if found is None:
            prefix, local = _split(iri, self.prefixes)
            # a local part starting with "//" would read as an absolute IRI: keep the full form
            found = f"{prefix}:{local}" if prefix and not local.startswith("//") else iri
            if len(self.known) < 100_000:
                self.known[iri] = found
        return found

    def node_id(self, term: Any) -> str:
        import pyoxigraph as ox

        if isinstance(term, ox.BlankNode):
            return f"_:{term.value}"
        return self.iri(term.value)

    def value(self, term: Any) -> Any:
        import pyoxigraph as ox

        if isinstance(term, (ox.NamedNode, ox.BlankNode)):
            return {"@id": self.node_id(term)}
        if term.language:
            return {"@value": term.value, "@language": term.language}
        if term.datatype.value == _XSD_STRING:
            return term.value
        return {"@value": term.value, "@type": self.iri(term.datatype.value)}


def write_jsonld(triples: Iterable[ox.Triple], handle: IO[str]) -> int:
    """Write triples, grouped by subject, as one compact JSON-LD document; returns the nodes written."""
    import pyoxigraph as ox

    compact = _Compactor()
    handle.write('{"@context": ' + json.dumps(context(), ensure_ascii=False, sort_keys=True) + ',\n"@graph": [')
    nodes = 0
    subject: Any = None
    node: dict[str, Any] = {}

    def flush() -> None:
        nonlocal nodes
        if subject is None:
            return
        handle.write(("\n" if nodes == 0 else ",\n") + json.dumps(node, ensure_ascii=False, sort_keys=True))
        nodes += 1

    for triple in triples:
        if triple.subject != subject:
            flush()
            subject = triple.subject
            node = {"@id": compact.node_id(triple.subject)}
        predicate, obj = triple.predicate.value, triple.object
        if predicate == _RDF_TYPE and isinstance(obj, ox.NamedNode):
            node.setdefault("@type", []).append(compact.iri(obj.value))
        elif predicate in _LANGUAGE_MAPS and isinstance(obj, ox.Literal) and (obj.language or obj.datatype.value == _XSD_STRING):
            by_language = node.setdefault(_LANGUAGE_MAPS[predicate], {})
            by_language.setdefault(obj.language or "@none", []).append(obj.value)
        else:
            node.setdefault(compact.iri(predicate), []).append(compact.value(obj))
    flush()
    handle.write("\n]}\n")
    return nodes
