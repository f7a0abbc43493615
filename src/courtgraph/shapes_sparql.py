"""The SHACL shapes compiled into SPARQL SELECT queries, run over one Oxigraph store.

Checking each report on its own (rudof, per report) costs most of a corpus build and cannot
see two reports that contradict each other; the same shapes as SPARQL over the built store
check the whole corpus once. Only the SHACL terms ``ontology/shapes.ttl`` needs are compiled
(see ``_KNOWN``); any other ``sh:`` term raises ``ValueError``, so that a new kind of
constraint is never silently skipped.

Each property shape becomes one query (``merge=True``) whose rows are ``?focus ?check
?value``: ``?check`` numbers the constraint that failed. Value constraints share one scan of
the property, counts share one ``GROUP BY``. Queries run on the union default graph, so they
work whether a fact sits in a report's graph or in a graph shared between reports, and they
count ``DISTINCT`` values because the union repeats a triple that several graphs hold.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
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
    """What a ``?check`` number of a query stands for, in the terms of a validation result."""

    component: str  # the sh:…ConstraintComponent IRI
    path: str  # the property's IRI, "" for a constraint on the focus node itself
    message: str
    shape: str  # the node shape's IRI (property shapes are blank nodes, unhelpful to name)


@dataclass(frozen=True)
class Check:
    """One SELECT query (rows ``?focus ?check ?value``) and the constraints its ``?check`` numbers."""

    constraints: tuple[Constraint, ...]
    target: str  # a group pattern binding ?focus
    body: str  # the query with ``#FOCUS#`` where the focus nodes' group goes

    def query(self, graphs: Sequence[str] | None = None) -> str:
        """The query, over every focus node or only those that are subjects in ``graphs``."""
        return self.body.replace("#FOCUS#", _focus_group(self.target, graphs))


def _focus_group(target: str, graphs: Sequence[str] | None) -> str:
    where = target
    if graphs is not None:
        # a focus node "of" a named graph: a subject there (its facts are what the graph adds)
        names = " ".join(f"<{g}>" for g in graphs)
        where += f" VALUES ?g__ {{ {names} }} GRAPH ?g__ {{ ?focus ?p__ ?o__ }}"
    return f"{{ SELECT DISTINCT ?focus WHERE {{ {where} }} }}"


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
        target = _target_pattern(shapes, shape)
        if target is None:
            continue  # a shape with no targets validates nothing by itself
        name = str(shape)
        _refuse_misplaced(shapes, shape, _TARGETS | _VALUE | _ANNOTATION | {"property"}, "a node shape")
        node_constraints = list(_value_constraints(shapes, shape, "?value"))
        if node_constraints:
            checks.extend(_node_checks(node_constraints, target, name, _message(shapes, shape), merge))
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


def _target_pattern(shapes: Graph, shape: Node) -> str | None:
    from rdflib import URIRef

    parts = []
    classes = sorted(shapes.objects(shape, URIRef(SH + "targetClass")), key=str)
    if classes:
        values = " ".join(_sparql(c) for c in classes)
        # SHACL instances: the class itself or a subclass in the data graph
        parts.append(f"{{ VALUES ?t__ {{ {values} }} ?c__ {_SUBCLASS}* ?t__ . ?focus {_RDF_TYPE} ?c__ . }}")
    for predicate in sorted(shapes.objects(shape, URIRef(SH + "targetSubjectsOf")), key=str):
        parts.append(f"{{ ?focus {_sparql(predicate)} ?x__ . }}")
    for predicate in sorted(shapes.objects(shape, URIRef(SH + "targetObjectsOf")), key=str):
        parts.append(f"{{ ?x__ {_sparql(predicate)} ?focus . }}")
    nodes = sorted(shapes.objects(shape, URIRef(SH + "targetNode")), key=str)
    if nodes:
        parts.append(f"{{ VALUES ?focus {{ {' '.join(_sparql(n) for n in nodes)} }} }}")
    if not parts:
        return None
    return " UNION ".join(parts)


# ---- value constraints: one boolean expression per constraint, true when ``var`` conforms ---------


def _value_constraints(shapes: Graph, shape: Node, var: str) -> Iterator[tuple[str, str]]:
    """(constraint kind, SPARQL expression true when ``var`` satisfies it), for each value constraint."""
    from rdflib import URIRef

    for kind in sorted(_VALUE):
        for parameter in sorted(shapes.objects(shape, URIRef(SH + kind)), key=str):
            yield kind, _condition(shapes, shape, kind, parameter, var)


def _condition(shapes: Graph, shape: Node, kind: str, parameter: Node, var: str) -> str:
    if kind == "class":
        return f"EXISTS {{ {var} {_RDF_TYPE}/{_SUBCLASS}* {_sparql(parameter)} }}"
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
    parts = [condition for _, condition in _value_constraints(shapes, shape, var)]
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


def _value_branch(path: str, conditions: Sequence[tuple[int, str]]) -> str:
    """Rows for values failing any of ``conditions`` (numbered checks), one scan of ``path``."""
    binds = " ".join(f"BIND(COALESCE({c}, false) AS ?ok{n}__)" for n, c in conditions)
    any_failed = " || ".join(f"!?ok{n}__" for n, _ in conditions)
    which = " || ".join(f"(?check = {n} && !?ok{n}__)" for n, _ in conditions)
    numbers = " ".join(str(n) for n, _ in conditions)
    value = f"?focus {path} ?value ." if path else "BIND(?focus AS ?value)"
    return (
        f"{{ {{ #FOCUS# {value} {binds} FILTER({any_failed}) }} "
        f"VALUES ?check {{ {numbers} }} FILTER({which}) }}"
    )


def _node_checks(constraints: list[tuple[str, str]], target: str, shape: str, message: str,
                 merge: bool) -> Iterator[Check]:
    groups = [constraints] if merge else [[c] for c in constraints]
    for group in groups:
        meta = tuple(Constraint(SH + _COMPONENT[kind], "", message or _DEFAULT[kind], shape) for kind, _ in group)
        branch = _value_branch("", [(n, c) for n, (_, c) in enumerate(group)])
        yield Check(meta, target, f"SELECT ?focus ?check ?value WHERE {{ {branch} }}")


def _property_checks(shapes: Graph, prop: Node, target: str, shape: str, merge: bool) -> Iterator[Check]:
    from rdflib import URIRef

    _refuse_misplaced(shapes, prop, _VALUE | _PAIR | _COUNT | _QUALIFIED | _ANNOTATION | {"path", "flags"},
                      "a property shape")
    path_node = _one(shapes, prop, "path")
    if not isinstance(path_node, URIRef):
        raise ValueError(f"property shape {prop}: only a single IRI is implemented as sh:path, not {path_node!r}")
    path = _sparql(path_node)
    message = _message(shapes, prop)
    # (kind, branch builder) for every constraint, numbered when grouped into queries
    pieces: list[tuple[str, str, str]] = []  # (kind, family, payload)
    for kind, condition in _value_constraints(shapes, prop, "?value"):
        pieces.append((kind, "value", condition))
    for kind in sorted(_PAIR):
        for other in sorted(shapes.objects(prop, URIRef(SH + kind)), key=str):
            op = "<=" if kind == "lessThanOrEquals" else "<"
            pieces.append((kind, "pair", f"?focus {_sparql(other)} ?other__ . "
                                         f"FILTER(!COALESCE(?value {op} ?other__, false))"))
    for kind, op in (("minCount", "<"), ("maxCount", ">")):
        bound = _one(shapes, prop, kind)
        if bound is not None:
            pieces.append((kind, "count", f"?n__ {op} {int(str(bound))}"))
    qualified = _one(shapes, prop, "qualifiedValueShape")
    if qualified is not None:
        condition = _nested(shapes, qualified, "?v__")
        for kind, op in (("qualifiedMinCount", "<"), ("qualifiedMaxCount", ">")):
            bound = _one(shapes, prop, kind)
            if bound is not None:
                pieces.append((kind, "count", f"?q__ {op} {int(str(bound))}"))
    elif _one(shapes, prop, "qualifiedMinCount") is not None or _one(shapes, prop, "qualifiedMaxCount") is not None:
        raise ValueError(f"property shape {prop}: a qualified count without sh:qualifiedValueShape")
    unique = _one(shapes, prop, "uniqueLang")
    if unique is not None and str(unique).lower() == "true":
        pieces.append(("uniqueLang", "unique", ""))

    groups = [pieces] if merge else [[piece] for piece in pieces]
    for group in groups:
        if not group:
            continue
        meta = tuple(
            Constraint(SH + _COMPONENT[kind], str(path_node), message or _DEFAULT[kind], shape) for kind, _, _ in group
        )
        branches = []
        values = [(n, payload) for n, (_, family, payload) in enumerate(group) if family == "value"]
        if values:
            branches.append(_value_branch(path, values))
        for n, (_, family, payload) in enumerate(group):
            if family == "pair":
                branches.append(f"{{ #FOCUS# ?focus {path} ?value . {payload} BIND({n} AS ?check) }}")
        counts = [(n, payload) for n, (_, family, payload) in enumerate(group) if family == "count"]
        if counts:
            qualified_count = ""
            qualified_bind = ""
            if qualified is not None:
                qualified_count = " (COUNT(DISTINCT ?qv__) AS ?q__)"
                qualified_bind = f" BIND(IF(COALESCE({_nested(shapes, qualified, '?v__')}, false), ?v__, ?none__) AS ?qv__)"
            which = " || ".join(f"(?check = {n} && {test})" for n, test in counts)
            numbers = " ".join(str(n) for n, _ in counts)
            branches.append(
                f"{{ {{ SELECT ?focus (COUNT(DISTINCT ?v__) AS ?n__){qualified_count} WHERE {{ #FOCUS# "
                f"OPTIONAL {{ ?focus {path} ?v__ .{qualified_bind} }} }} GROUP BY ?focus }} "
                f"VALUES ?check {{ {numbers} }} FILTER({which}) }}"
            )
        for n, (_, family, _) in enumerate(group):
            if family == "unique":
                # one result per language that two or more values share (the language is the value)
                branches.append(
                    f"{{ {{ SELECT ?focus ?value WHERE {{ #FOCUS# ?focus {path} ?v__ FILTER(LANG(?v__) != \"\") }} "
                    f"GROUP BY ?focus (LCASE(LANG(?v__)) AS ?value) HAVING (COUNT(DISTINCT ?v__) > 1) }} "
                    f"BIND({n} AS ?check) }}"
                )
        yield Check(meta, target, "SELECT ?focus ?check ?value WHERE { " + " UNION ".join(branches) + " }")


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
