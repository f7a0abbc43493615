"""Small pieces of SPARQL text shared by the CLI, the endpoint's workers and the push client."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

__all__ = ["sparql_string", "tsv"]


def sparql_string(value: str) -> str:
    """``value`` as a SPARQL string literal, quotes and control characters escaped."""
    escaped = (
        value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")
    )
    return f'"{escaped}"'


def tsv(variables: Sequence[Any], rows: Iterable[Sequence[Any]]) -> str:
    """SPARQL 1.1 TSV results: ``?name`` headers, terms in Turtle syntax, tabs inside escaped.

    rdflib has no TSV writer; ``rows`` hold rdflib terms (``None`` for unbound) in the order of
    ``variables``.
    """
    lines = ["\t".join(f"?{v}" for v in variables)]
    for row in rows:
        lines.append("\t".join("" if term is None else term.n3().replace("\t", "\\t") for term in row))
    return "\n".join(lines) + "\n"
