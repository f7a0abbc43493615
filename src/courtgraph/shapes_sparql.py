"""The SHACL shapes compiled into SPARQL SELECT queries, run over one Oxigraph store.

Checking each report on its own (rudof, per report) costs most of a corpus build and cannot
see two reports that contradict each other; the same shapes as SPARQL over the built store
check the whole corpus once. Only the SHACL terms ``ontology/shapes.ttl`` needs are compiled
(see ``_KNOWN``); any other ``sh:`` term raises ``ValueError``, so that a new kind of
constraint is never silently skipped.

Each property shape becomes one query (``merge=True``): the property is read once, joined to
the focus nodes, and one ``GROUP BY ?focus`` computes, per constraint, whether the node fails
it; only the failing nodes come back, and only for them a second query finds the values at
fault. Queries run on the union default graph, so they work whether a fact sits in a report's
graph or in a graph shared between reports, and they count ``DISTINCT`` values because the
union repeats a triple that several graphs hold.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rdflib import Graph
    from rdflib.term import Node

__all__ = ["Constraint", "Check", "compile_checks", "SH"]

SH = "http://www.w3.org/ns/shacl#"
XSD = "http://www.w3.org/2001/XMLSchema#"
_RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
_SUBCLASS = "<http://www.w3.org/2000/01/rdf-schema#subClassOf>"

# Every sh: term the compiler understands. Anything else in the shapes graph is an error.
_TARGETS = {"targetClass", "targetSubjectsOf", "targetObjectsOf", "targetNode"}
_VALUE = {"class", "datatype", "nodeKind", "pattern", "languageIn", "minLength", "maxLength",
          "minInclusive", "maxInclusive", "minExclusive", "maxExclusive", "in", "or"}
_PAIR = {"lessThanOrEquals", "lessThan"}
_COUNT = {"minCount", "maxCount", "uniqueLang"}
_QUALIFIED = {"qualifiedValueShape", "qualifiedMinCount", "qualifiedMaxCount"}
_ANNOTATION = {"message", "name", "description"}
_NODE_KINDS = {"IRI", "Literal", "BlankNode", "BlankNodeOrIRI", "BlankNodeOrLiteral", "IRIOrLiteral"}
_KNOWN = (_TARGETS | _VALUE | _PAIR | _COUNT | _QUALIFIED | _ANNOTATION | _NODE_KINDS
          | {"NodeShape", "PropertyShape", "property", "path", "flags"})

_COMPONENT = {
    "class": "ClassConstraintComponent", "datatype": "DatatypeConstraintComponent",
    "nodeKind": "NodeKindConstraintComponent", "pattern": "PatternConstraintComponent",
    "languageIn": "LanguageInConstraintComponent", "minLength": "MinLengthConstraintComponent",
    "maxLength": "MaxLengthConstraintComponent", "minInclusive": "MinInclusiveConstraintComponent",
    "maxInclusive": "MaxInclusiveConstraintComponent", "minExclusive": "MinExclusiveConstraintComponent",
    "maxExclusive": "MaxExclusiveConstraintComponent", "in": "InConstraintComponent",
    "or": "OrConstraintComponent", "lessThanOrEquals": "LessThanOrEqualsConstraintComponent",
    "lessThan": "LessThanConstraintComponent", "minCount": "MinCountConstraintComponent",
    "maxCount": "MaxCountConstraintComponent", "uniqueLang": "UniqueLangConstraintComponent",
    "qualifiedMinCount": "QualifiedMinCountConstraintComponent",
    "qualifiedMaxCount": "QualifiedMaxCountConstraintComponent",
}

# Oxigraph stores every integer-derived datatype as xsd:integer ("5"^^xsd:nonNegativeInteger
# reads back as "5"^^xsd:integer), so those datatypes accept xsd:integer within their range.
_INTEGER_RANGE = {
    "nonNegativeInteger": ">= 0", "positiveInteger": ">= 1", "nonPositiveInteger": "<= 0",
    "negativeInteger": "<= -1", "int": "", "long": "", "short": "", "byte": "",
    "unsignedInt": ">= 0", "unsignedLong": ">= 0", "unsignedShort": ">= 0", "unsignedByte": ">= 0",
}
# Lexical forms, so that an ill-typed literal ("abc"^^xsd:integer) fails sh:datatype as in
# pyshacl; Oxigraph keeps such a literal as written.
_LEXICAL = {
    "integer": r"^[+-]?[0-9]+$",
    "decimal": r"^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)$",
    "gYear": r"^-?[0-9]{4,}(Z|[+-][0-9]{2}:[0-9]{2})?$",
    "date": r"^-?[0-9]{4,}-[0-9]{2}-[0-9]{2}(Z|[+-][0-9]{2}:[0-9]{2})?$",
    "boolean": r"^(true|false|1|0)$",
}


@dataclass(frozen=True)
class Constraint:
    """What a column ``?fN`` of a check's query stands for, in the terms of a validation result."""

    component: str  # the sh:…ConstraintComponent IRI
    path: str  # the property's IRI, "" for a constraint on the focus node itself
    message: str
    shape: str  # the node shape's IRI (property shapes are blank nodes, unhelpful to name)
    # the query for the values that fail (rows ``?focus ?value``), run with ``?focus`` substituted by
    # one failing node, which may be a blank node; "" for a count, which has no value, and for a
    # constraint on the focus node itself, whose one value is the focus node
    detail: str = ""


@dataclass(frozen=True)
class Check:
    """One SELECT query: a row per failing focus node, with ``?fN`` true when constraint N fails.

    Every constraint of a property shape shares one scan of the property and one ``GROUP BY``
    (``merge=True``); only when a focus node fails is a constraint's detail query run for its
    values, so a conforming corpus costs one query per property shape.
    """

    constraints: tuple[Constraint, ...]
    targets: tuple[tuple[str, str], ...]  # (sh:target… local name, its terms in SPARQL syntax)
    body: str  # the query, with ``#TARGET#`` where the focus nodes' pattern goes

    def query(self, graphs: Sequence[str] | None = None) -> str:
        """The query, over every focus node or only those that ``graphs`` make focus nodes."""
        return self.body.replace("#TARGET#", _target_pattern(self.targets, graphs))


def _target_pattern(targets: Sequence[tuple[str, str]], graphs: Sequence[str] | None) -> str:
    """A group binding ?focus (with repeats, which the aggregates and the caller tolerate).

    With ``graphs``, a focus node is one whose targeting triple (its rdf:type for
    sh:targetClass, the property's triple for sh:targetSubjectsOf/ObjectsOf) is in one of
    them: that keeps the check to a report's own nodes at the cost of its own triples, where
    "any subject in the graph" made Oxigraph join against the whole store.
    """
    def scoped(pattern: str) -> str:
        if graphs is None:
            return pattern
        names = " ".join(f"<{g}>" for g in graphs)
        return f"VALUES ?g__ {{ {names} }} GRAPH ?g__ {{ {pattern} }}"

    parts = []
    for kind, terms in targets:
        if kind == "targetClass":
            # SHACL instances: of the class itself or of a subclass in the data graph
            parts.append(f"{{ VALUES ?t__ {{ {terms} }} ?c__ {_SUBCLASS}* ?t__ . {scoped(f'?focus {_RDF_TYPE} ?c__ .')} }}")
        elif kind in ("targetSubjectsOf", "targetObjectsOf"):
            # DISTINCT: a node with five evidence triples would otherwise count its values five times
            triple = f"?focus {terms} ?x__ ." if kind == "targetSubjectsOf" else f"?x__ {terms} ?focus ."
            parts.append(f"{{ SELECT DISTINCT ?focus WHERE {{ {scoped(triple)} }} }}")
        else:
            within = f" FILTER EXISTS {{ {scoped('?focus ?p__ ?o__ .')} }}" if graphs is not None else ""
            parts.append(f"{{ VALUES ?focus {{ {terms} }}{within} }}")
    return " UNION ".join(parts)


def compile_checks(shapes: Graph, *, merge: bool = True) -> tuple[Check, ...]:
    """The shapes graph as SPARQL checks, in a stable order.

    ``merge=False`` gives one query per constraint (to measure what merging saves).
    Raises ``ValueError`` for a SHACL term the compiler does not implement.
    """
    from rdflib import RDF, BNode, URIRef

    _refuse_unknown_terms(shapes)
    node_shapes = {s for s in shapes.subjects(RDF.type, URIRef(SH + "NodeShape"))}
    for term in _TARGETS:
        node_shapes.update(shapes.subjects(URIRef(SH + term), None))
    checks: list[Check] = []
    for shape in sorted(node_shapes, key=str):
        if isinstance(shape, BNode) and (None, URIRef(SH + "property"), shape) in shapes:
            continue
        target = _targets(shapes, shape)
        if not target:
            continue  # a shape with no targets validates nothing by itself
        name = str(shape)
        _refuse_misplaced(shapes, shape, _TARGETS | _VALUE | _ANNOTATION | {"property", "flags"}, "a node shape")
        checks.extend(_node_checks(shapes, shape, target, name, _message(shapes, shape), merge))
        for prop in sorted(shapes.objects(shape, URIRef(SH + "property")), key=lambda p: _content_key(shapes, p)):
            checks.extend(_property_checks(shapes, prop, target, name, merge))
    return tuple(checks)


def _content_key(shapes: Graph, node: Node) -> str:
    """A blank node's content as text: property shapes have no stable name, so order by what they say."""
    from rdflib import BNode

    parts = []
    for predicate, value in shapes.predicate_objects(node):
        parts.append(f"{predicate} {_content_key(shapes, value) if isinstance(value, BNode) else value}")
    return "(" + " ; ".join(sorted(parts)) + ")"


def _refuse_unknown_terms(shapes: Graph) -> None:
    for triple in shapes:
        for term in triple:
            text = str(term)
            if text.startswith(SH) and text[len(SH):] not in _KNOWN:
                raise ValueError(
                    f"the shapes use sh:{text[len(SH):]}, which courtgraph's SPARQL validation does not implement; "
                    f"implemented: {', '.join('sh:' + k for k in sorted(_KNOWN))}"
                )


def _refuse_misplaced(shapes: Graph, shape: Node, allowed: set[str], where: str) -> None:
    for predicate in shapes.predicates(shape, None):
        text = str(predicate)
        if text.startswith(SH) and text[len(SH):] not in allowed:
            raise ValueError(f"sh:{text[len(SH):]} is not implemented on {where} ({shape})")


def _sparql(term: Node) -> str:
    from rdflib import Literal, URIRef

    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, Literal):
        if term.language:
            return f"{json.dumps(str(term), ensure_ascii=False)}@{term.language}"
        if term.datatype is None:
            return json.dumps(str(term), ensure_ascii=False)
        return f"{json.dumps(str(term), ensure_ascii=False)}^^<{term.datatype}>"
    raise ValueError(f"a blank node cannot be a constraint's parameter: {term!r}")


def _list(shapes: Graph, head: Node) -> list[Node]:
    from rdflib.collection import Collection

    return list(Collection(shapes, head))


def _one(shapes: Graph, shape: Node, name: str) -> Node | None:
    from rdflib import URIRef

    values = list(shapes.objects(shape, URIRef(SH + name)))
    if len(values) > 1:
        raise ValueError(f"{shape} has {len(values)} values of sh:{name}; the compiler takes one")
    return values[0] if values else None


def _message(shapes: Graph, shape: Node) -> str:
    message = _one(shapes, shape, "message")
    return str(message) if message is not None else ""


def _targets(shapes: Graph, shape: Node) -> tuple[tuple[str, str], ...]:
    from rdflib import URIRef

    found: list[tuple[str, str]] = []
    for kind in ("targetClass", "targetSubjectsOf", "targetObjectsOf", "targetNode"):
        values = sorted(shapes.objects(shape, URIRef(SH + kind)), key=str)
        if kind in ("targetSubjectsOf", "targetObjectsOf"):
            found.extend((kind, _sparql(v)) for v in values)
        elif values:
            found.append((kind, " ".join(_sparql(v) for v in values)))
    return tuple(found)


# ---- value constraints: one boolean expression per constraint, true when ``var`` conforms ---------


def _value_parameters(shapes: Graph, shape: Node) -> Iterator[tuple[str, Node]]:
    """(constraint kind, its parameter) for each value constraint of ``shape``, in a stable order."""
    from rdflib import URIRef

    for kind in sorted(_VALUE):
        for parameter in sorted(shapes.objects(shape, URIRef(SH + kind)), key=str):
            yield kind, parameter


def _condition(shapes: Graph, shape: Node, kind: str, parameter: Node, var: str) -> str:
    if kind == "class":
        # the direct type first: || skips the (dearer) subclass path for almost every value
        return (f"(EXISTS {{ {var} {_RDF_TYPE} {_sparql(parameter)} }} || "
                f"EXISTS {{ {var} {_RDF_TYPE}/{_SUBCLASS}+ {_sparql(parameter)} }})")
    if kind == "datatype":
        return _datatype_condition(str(parameter), var)
    if kind == "nodeKind":
        local = str(parameter)[len(SH):]
        tests = {
            "IRI": f"isIRI({var})", "Literal": f"isLiteral({var})", "BlankNode": f"isBlank({var})",
            "BlankNodeOrIRI": f"!isLiteral({var})", "BlankNodeOrLiteral": f"!isIRI({var})",
            "IRIOrLiteral": f"!isBlank({var})",
        }
        if local not in tests:
            raise ValueError(f"unknown sh:nodeKind {parameter}")
        return tests[local]
    if kind == "pattern":
        flags = _one(shapes, shape, "flags")
        flag_text = f", {json.dumps(str(flags))}" if flags is not None else ""
        return f"(!isBlank({var}) && REGEX(STR({var}), {json.dumps(str(parameter), ensure_ascii=False)}{flag_text}))"
    if kind == "languageIn":
        ranges = " || ".join(f"langMatches(LANG({var}), {json.dumps(str(r))})" for r in _list(shapes, parameter))
        return f"(isLiteral({var}) && ({ranges or 'false'}))"
    if kind in ("minLength", "maxLength"):
        op = ">=" if kind == "minLength" else "<="
        return f"(!isBlank({var}) && STRLEN(STR({var})) {op} {int(str(parameter))})"
    if kind in ("minInclusive", "maxInclusive", "minExclusive", "maxExclusive"):
        op = {"minInclusive": ">=", "maxInclusive": "<=", "minExclusive": ">", "maxExclusive": "<"}[kind]
        # an incomparable value (a string against a number) fails, as in SHACL
        return f"(isLiteral({var}) && COALESCE({var} {op} {_sparql(parameter)}, false))"
    if kind == "in":
        # sameTerm, not =: "rename" = "rename"@zh is an error in SPARQL, not false
        members = " || ".join(f"sameTerm({var}, {_sparql(m)})" for m in _list(shapes, parameter))
        return f"({members or 'false'})"
    if kind == "or":
        return "(" + " || ".join(_nested(shapes, member, var) for member in _list(shapes, parameter)) + ")"
    raise ValueError(f"sh:{kind} is not a value constraint")


def _nested(shapes: Graph, shape: Node, var: str) -> str:
    """A shape given inline (in sh:or, sh:qualifiedValueShape): the AND of its value constraints."""
    _refuse_misplaced(shapes, shape, _VALUE | _ANNOTATION | {"flags"}, "a nested shape")
    parts = [_condition(shapes, shape, kind, parameter, var) for kind, parameter in _value_parameters(shapes, shape)]
    return "(" + " && ".join(parts or ["true"]) + ")"


def _datatype_condition(datatype: str, var: str) -> str:
    local = datatype[len(XSD):] if datatype.startswith(XSD) else ""
    if local in _INTEGER_RANGE:
        bound = _INTEGER_RANGE[local]
        check = f"REGEX(STR({var}), {json.dumps(_LEXICAL['integer'])})"
        if bound:
            check += f" && {var} {bound}"
        return f"(isLiteral({var}) && DATATYPE({var}) IN (<{datatype}>, <{XSD}integer>) && {check})"
    lexical = _LEXICAL.get(local)
    lexical_check = f" && REGEX(STR({var}), {json.dumps(lexical)})" if lexical else ""
    return f"(isLiteral({var}) && sameTerm(DATATYPE({var}), <{datatype}>){lexical_check})"


# ---- queries -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Piece:
    kind: str  # the constraint's sh: local name
    column: str  # an aggregate expression, true when the focus node fails the constraint
    detail: str  # the detail query ("" for counts)


def _check(pieces: Sequence[_Piece], path: str, path_iri: str, message: str, shape: str,
           targets: tuple[tuple[str, str], ...], values: str) -> Check:
    columns = " ".join(f"({p.column} AS ?f{n})" for n, p in enumerate(pieces))
    failing = " || ".join(f"?f{n}" for n in range(len(pieces)))
    body = (
        f"SELECT * WHERE {{ {{ SELECT ?focus {columns} WHERE {{ #TARGET# {values} }} GROUP BY ?focus }} "
        f"FILTER({failing}) }}"
    )
    meta = tuple(
        Constraint(SH + _COMPONENT[p.kind], path_iri, message or _DEFAULT[p.kind], shape, p.detail) for p in pieces
    )
    return Check(meta, targets, body)


def _value_piece(kind: str, condition_of: Callable[[str], str], path: str) -> _Piece:
    column = f"SUM(IF(!BOUND(?v__) || COALESCE({condition_of('?v__')}, false), 0, 1)) > 0"
    # (not for the focus node itself: Oxigraph substitutes ?focus only after the pattern is
    # evaluated, so BIND(?focus AS ?value) saw it unbound, and EXISTS on it found any node)
    detail = f"SELECT DISTINCT ?focus ?value WHERE {{ ?focus {path} ?value . FILTER(!COALESCE({condition_of('?value')}, false)) }}" if path else ""
    return _Piece(kind, column, detail)


def _node_checks(shapes: Graph, shape_node: Node, targets: tuple[tuple[str, str], ...], shape: str,
                 message: str, merge: bool) -> Iterator[Check]:
    pieces = [
        _value_piece(kind, partial(_condition, shapes, shape_node, kind, parameter), "")
        for kind, parameter in _value_parameters(shapes, shape_node)
    ]
    for group in ([pieces] if merge else [[p] for p in pieces]):
        if group:
            yield _check(group, "", "", message, shape, targets, "BIND(?focus AS ?v__)")


def _property_checks(shapes: Graph, prop: Node, targets: tuple[tuple[str, str], ...], shape: str,
                     merge: bool) -> Iterator[Check]:
    from rdflib import URIRef

    _refuse_misplaced(shapes, prop, _VALUE | _PAIR | _COUNT | _QUALIFIED | _ANNOTATION | {"path", "flags"},
                      "a property shape")
    path_node = _one(shapes, prop, "path")
    if not isinstance(path_node, URIRef):
        raise ValueError(f"property shape {prop}: only a single IRI is implemented as sh:path, not {path_node!r}")
    path = _sparql(path_node)
    pieces = [
        _value_piece(kind, partial(_condition, shapes, prop, kind, parameter), path)
        for kind, parameter in _value_parameters(shapes, prop)
    ]
    inner: list[str] = []  # patterns inside the OPTIONAL that reads the values
    binds: list[str] = []  # after it, so that they are computed for the focus nodes' values alone
    for kind in sorted(_PAIR):
        for other in sorted(shapes.objects(prop, URIRef(SH + kind)), key=str):
            op = "<=" if kind == "lessThanOrEquals" else "<"
            var = f"?o{len(inner)}__"
            inner.append(f"OPTIONAL {{ ?focus {_sparql(other)} {var} }}")
            pieces.append(_Piece(
                kind,
                f"SUM(IF(!BOUND(?v__) || !BOUND({var}) || COALESCE(?v__ {op} {var}, false), 0, 1)) > 0",
                f"SELECT DISTINCT ?focus ?value WHERE {{ ?focus {path} ?value . ?focus {_sparql(other)} ?other__ "
                f"FILTER(!COALESCE(?value {op} ?other__, false)) }}",
            ))
    for kind, op in (("minCount", "<"), ("maxCount", ">")):
        bound = _one(shapes, prop, kind)
        if bound is not None:
            pieces.append(_Piece(kind, f"COUNT(DISTINCT ?v__) {op} {int(str(bound))}", ""))
    qualified = _one(shapes, prop, "qualifiedValueShape")
    if qualified is not None:
        binds.append(f"BIND(IF(COALESCE({_nested(shapes, qualified, '?v__')}, false), ?v__, ?none__) AS ?qv__)")
        for kind, op in (("qualifiedMinCount", "<"), ("qualifiedMaxCount", ">")):
            bound = _one(shapes, prop, kind)
            if bound is not None:
                pieces.append(_Piece(kind, f"COUNT(DISTINCT ?qv__) {op} {int(str(bound))}", ""))
    elif _one(shapes, prop, "qualifiedMinCount") is not None or _one(shapes, prop, "qualifiedMaxCount") is not None:
        raise ValueError(f"property shape {prop}: a qualified count without sh:qualifiedValueShape")
    unique = _one(shapes, prop, "uniqueLang")
    if unique is not None and str(unique).lower() == "true":
        # more tagged values than distinct tags: some language has two values
        binds.append('BIND(IF(LANG(?v__) != "", ?v__, ?none__) AS ?lv__) BIND(IF(LANG(?v__) != "", LCASE(LANG(?v__)), ?none__) AS ?lt__)')
        pieces.append(_Piece(
            "uniqueLang",
            "COUNT(DISTINCT ?lv__) > COUNT(DISTINCT ?lt__)",
            # one result per language that two or more values share (the language is the value)
            f'SELECT ?focus ?value WHERE {{ ?focus {path} ?v__ FILTER(LANG(?v__) != "") }} '
            f"GROUP BY ?focus (LCASE(LANG(?v__)) AS ?value) HAVING (COUNT(DISTINCT ?v__) > 1)",
        ))
    values = f"OPTIONAL {{ ?focus {path} ?v__ . {' '.join(inner)} }} {' '.join(binds)}"
    for group in ([pieces] if merge else [[p] for p in pieces]):
        if group:
            yield _check(group, path, str(path_node), _message(shapes, prop), shape, targets, values)


_DEFAULT = {
    "class": "value is not an instance of the required class",
    "datatype": "value does not have the required datatype",
    "nodeKind": "value is not of the required node kind",
    "pattern": "value does not match the pattern",
    "languageIn": "value's language is not one of those allowed",
    "minLength": "value is too short",
    "maxLength": "value is too long",
    "minInclusive": "value is below the minimum",
    "maxInclusive": "value is above the maximum",
    "minExclusive": "value is not above the minimum",
    "maxExclusive": "value is not below the maximum",
    "in": "value is not one of those allowed",
    "or": "value conforms to none of the alternatives",
    "lessThanOrEquals": "value is not less than or equal to the other property's value",
    "lessThan": "value is not less than the other property's value",
    "minCount": "too few values",
    "maxCount": "too many values",
    "uniqueLang": "more than one value in this language",
    "qualifiedMinCount": "too few values conform to the qualified shape",
    "qualifiedMaxCount": "too many values conform to the qualified shape",
}
