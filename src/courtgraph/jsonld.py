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
    """IRIs in their compact form (``cgd:court/…``), as :func:`_split` finds it.

    Node IRIs are nearly all distinct, so they are not remembered: the longest namespace is
    found by one regular expression (its alternatives longest first). The few IRIs that recur
    (predicates, classes, datatypes) are remembered.
    """

    def __init__(self) -> None:
        import re

        from courtgraph.rdf import PREFIXES

        self.prefixes = PREFIXES
        self.known: dict[str, str] = {}
        # sorted is stable: of two prefixes for one namespace the first wins, as in _split
        ordered = sorted(PREFIXES.items(), key=lambda item: len(item[1]), reverse=True)
        self.names = {f"p{i}": prefix for i, (prefix, _) in enumerate(ordered)}
        self.namespace = re.compile("|".join(f"(?P<p{i}>{re.escape(ns)})" for i, (_, ns) in enumerate(ordered)))

    def node(self, iri: str) -> str:
        found = self.namespace.match(iri)
        if found is None or found.end() == len(iri):  # no namespace, or the namespace itself
            prefix, local = _split(iri, self.prefixes)
        else:
            prefix, local = self.names[found.lastgroup or ""], iri[found.end():]
        # a local part starting with "//" would read as an absolute IRI: keep the full form
        return f"{prefix}:{local}" if prefix and not local.startswith("//") else iri

    def iri(self, iri: str) -> str:
        found = self.known.get(iri)
        if found is None:
            found = self.node(iri)
            if len(self.known) < 100_000:
                self.known[iri] = found
        return found


def write_jsonld(triples: Iterable[ox.Triple], handle: IO[str]) -> int:
    """Write triples, grouped by subject, as one compact JSON-LD document; returns the nodes written."""
    import pyoxigraph as ox

    named, literal = ox.NamedNode, ox.Literal
    compact = _Compactor()
    # one encoder for every node: json.dumps with these options makes a new one per call
    encode = json.JSONEncoder(ensure_ascii=False, sort_keys=True).encode
    handle.write('{"@context": ' + json.dumps(context(), ensure_ascii=False, sort_keys=True) + ',\n"@graph": [')
    nodes = 0
    subject: Any = None
    node: dict[str, Any] = {}

    def flush() -> None:
        nonlocal nodes
        if subject is None:
            return
        handle.write(("\n" if nodes == 0 else ",\n") + encode(node))
        nodes += 1

    for triple in triples:
        this: Any = triple.subject  # its type tested below, as a class object (faster than isinstance)
        if this != subject:
            flush()
            subject = this
            node = {"@id": compact.node(this.value) if type(this) is named else f"_:{this.value}"}
        predicate = triple.predicate.value
        obj: Any = triple.object
        kind = type(obj)
        if kind is named:
            if predicate == _RDF_TYPE:
                node.setdefault("@type", []).append(compact.iri(obj.value))
            else:
                node.setdefault(compact.iri(predicate), []).append({"@id": compact.node(obj.value)})
        elif kind is literal:
            language = obj.language
            plain = not language and obj.datatype.value == _XSD_STRING
            if predicate in _LANGUAGE_MAPS and (language or plain):
                by_language = node.setdefault(_LANGUAGE_MAPS[predicate], {})
                by_language.setdefault(language or "@none", []).append(obj.value)
            elif language:
                node.setdefault(compact.iri(predicate), []).append({"@value": obj.value, "@language": language})
            elif plain:
                node.setdefault(compact.iri(predicate), []).append(obj.value)
            else:
                node.setdefault(compact.iri(predicate), []).append({"@value": obj.value, "@type": compact.iri(obj.datatype.value)})
        else:  # a blank node
            node.setdefault(compact.iri(predicate), []).append({"@id": f"_:{obj.value}"})
    flush()
    handle.write("\n]}\n")
    return nodes
