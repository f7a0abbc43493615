"""The exception tree.

::

    CourtgraphError
    ├── InputError(CourtgraphError, ValueError)     a report file that cannot be read as a report
    ├── ExtractionError(CourtgraphError)            the text has no recognisable structure
    ├── QueryError(CourtgraphError, SyntaxError)    a malformed or refused SPARQL query
    │   ├── RefusedError                            well-formed, but a safety rule forbids it
    │   │   └── UpdateRefusedError                  an update where only queries may run
    │   └── ResultTooLargeError                     more rows or triples than the cap
    ├── FormatError(CourtgraphError, ValueError)    no such result or RDF format for this query
    ├── QueryTimeoutError(CourtgraphError, TimeoutError)  a query that ran out of time
    ├── WorkersBusyError(CourtgraphError)           the endpoint has no room for another query
    ├── ValidationError(CourtgraphError)            a graph that does not conform to the shapes
    └── StoreError(CourtgraphError, OSError)        a store or remote endpoint that fails

The CLI turns any of these into one line on stderr and a non-zero exit.

``CourtgraphWarning(UserWarning)`` marks what was repaired rather than refused (control
characters dropped from a report); the CLI prints it as one ``Warning:`` line.
"""

from __future__ import annotations

__all__ = [
    "CourtgraphError",
    "InputError",
    "ExtractionError",
    "QueryError",
    "RefusedError",
    "UpdateRefusedError",
    "ResultTooLargeError",
    "FormatError",
    "QueryTimeoutError",
    "WorkersBusyError",
    "ValidationError",
    "StoreError",
    "NoAnswerError",
    "DamagedEntry",
    "CourtgraphWarning",
]


class CourtgraphError(Exception):
    """Base class of every error courtgraph raises on purpose."""


class InputError(CourtgraphError, ValueError):
    """A file that is not a readable report: missing, empty, binary, undecodable."""


class ExtractionError(CourtgraphError):
    """A text in which no report structure could be found."""


class QueryError(CourtgraphError, SyntaxError):
    """A SPARQL query that is malformed, or refused by a safety rule."""


class RefusedError(QueryError):
    """A well-formed query that a safety rule forbids (SERVICE, LOAD, a foreign FROM); HTTP 403."""


class UpdateRefusedError(RefusedError):
    """A SPARQL Update sent where only queries may run."""


class ResultTooLargeError(QueryError):
    """A result with more rows (or triples) than the cap; results are refused, never cut."""


class FormatError(CourtgraphError, ValueError):
    """A result or RDF format that does not exist, or does not fit the query's form."""


class QueryTimeoutError(CourtgraphError, TimeoutError):
    """A query that ran past its time limit and was stopped."""


class WorkersBusyError(CourtgraphError):
    """Every query slot of the endpoint is taken and its waiting line is full."""


class ValidationError(CourtgraphError):
    """A graph that does not conform to the SHACL shapes; ``report`` holds the readable text."""

    def __init__(self, message: str, report: str = "") -> None:
        super().__init__(message)
        self.report = report


class StoreError(CourtgraphError, OSError):
    """A store, file or remote SPARQL endpoint that could not be read or written."""


class NoAnswerError(StoreError, TimeoutError):
    """A remote server that did not answer in time: sending it more requests would only wait again."""


class DamagedEntry(CourtgraphError):
    """A cache entry that exists but cannot be trusted (its message says why); it is rebuilt."""


class CourtgraphWarning(UserWarning):
    """Something repaired or worked around on the way, which the user should hear about."""
