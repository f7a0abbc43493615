"""Run SPARQL in worker processes that can be killed.

Neither rdflib nor pyoxigraph can stop a running query, and ``SIGALRM`` only works in
the main thread, so each query runs in a separate process holding its own copy of the
dataset. A query that outlives the time limit gets its process killed; a fresh process
takes its place, so the endpoint keeps serving.

Workers answer with bytes already serialised in the requested format, and stop counting
at ``max_results`` rows (or triples) so a huge answer never reaches the server process.
"""

from __future__ import annotations

import itertools
import multiprocessing
import queue
import signal
import subprocess
import sys
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

from courtgraph.errors import CourtgraphError, QueryError, StoreError

__all__ = [
    "Answer",
    "WorkerPool",
    "QueryTimeoutError",
    "WorkersBusyError",
    "ResultTooLargeError",
    "RESULT_FORMATS",
    "GRAPH_FORMATS",
    "available_engine",
]

# format name -> media type; the names are what the worker understands
RESULT_FORMATS: dict[str, str] = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
}
GRAPH_FORMATS: dict[str, str] = {
    "turtle": "text/turtle",
    "json-ld": "application/ld+json",
    "nt": "application/n-triples",
    "xml": "application/rdf+xml",
}


class QueryTimeoutError(CourtgraphError, TimeoutError):
    """A query that ran past the time limit; its worker was killed and replaced."""


class WorkersBusyError(CourtgraphError):
    """Every worker stayed busy for longer than the time limit."""


class ResultTooLargeError(QueryError):
    """A result with more rows (or triples) than the cap."""


@dataclass(frozen=True)
class Answer:
    body: bytes
    media_type: str
    rows: int


def available_engine(engine: str = "auto") -> str:
    """``oxigraph`` when pyoxigraph is importable (it is much faster), else ``rdflib``."""
    if engine not in ("auto", "oxigraph", "rdflib"):
        raise ValueError(f"engine must be auto, oxigraph or rdflib, not {engine!r}")
    if engine != "auto":
        return engine
    try:
        import pyoxigraph  # noqa: F401
    except ImportError:
        return "rdflib"
    return "oxigraph"


class _Worker:
    def __init__(self, process: Any, conn: Connection) -> None:
        self.process = process
        self.conn = conn

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:  # a process stuck in the kernel; nothing more to do
            pass
        self.conn.close()


class WorkerPool:
    """A fixed number of worker processes, each holding the dataset given as N-Quads.

    ``run`` blocks the calling thread (the endpoint calls it from a thread pool) until an
    answer arrives, the time limit passes, or no worker frees up in time.
    """

    def __init__(
        self,
        nquads: bytes,
        *,
        size: int = 2,
        engine: str = "auto",
        timeout: float = 10.0,
        max_results: int = 10_000,
        start_timeout: float = 120.0,
        prefixes: Mapping[str, str] | None = None,
    ) -> None:
        if size < 1:
            raise ValueError(f"size must be at least 1, not {size}")
        if timeout <= 0:
            raise ValueError(f"timeout must be positive, not {timeout}")
        self.engine = available_engine(engine)
        self.size = size
        self.timeout = timeout
        self.max_results = max_results
        self._nquads = nquads
        self._prefixes = dict(prefixes or {})
        self._start_timeout = start_timeout
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._lock = threading.Lock()
        self._all: set[_Worker] = set()
        self._updates: list[str] = []
        self._closed = False
        self.replaced = 0

    def start(self) -> None:
        """Start every worker and wait until each has loaded the data."""
        workers = [self._spawn() for _ in range(self.size)]
        for worker in workers:
            self._await_ready(worker)

    def close(self) -> None:
        self._closed = True
        with self._lock:
            workers = list(self._all)
            self._all.clear()
        for worker in workers:
            worker.stop()

    def __enter__(self) -> "WorkerPool":
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def run(self, text: str, *, form: str, fmt: str) -> Answer:
        """Evaluate one checked request; ``form`` as in ``guard.CheckedRequest``."""
        if self._closed:
            raise StoreError("the worker pool is closed")
        try:
            worker = self._idle.get(timeout=self.timeout)
        except queue.Empty:
            raise WorkersBusyError(f"all {self.size} query workers stayed busy for {self.timeout:g} s; try again") from None
        try:
            worker.conn.send((form, text, fmt))
            finished = worker.conn.poll(self.timeout)
            message = worker.conn.recv() if finished else None
        except (EOFError, OSError):
            self._replace(worker)
            raise StoreError("the query worker died while answering; it has been restarted") from None
        if message is None:
            self._replace(worker)
            raise QueryTimeoutError(f"query stopped after the time limit of {self.timeout:g} s; its worker was restarted")
        self._idle.put(worker)
        status, payload = message
        if status == "ok":
            body, media_type, rows = payload
            if form == "UPDATE":
                with self._lock:
                    self._updates.append(text)
            return Answer(body, media_type, rows)
        kind, message = payload
        raise {"too-large": ResultTooLargeError, "query": QueryError}.get(kind, StoreError)(message)

    # -- process management -------------------------------------------------

    def _spawn(self) -> _Worker:
        # A plain child interpreter rather than multiprocessing's spawn: spawn re-imports the
        # caller's __main__, which breaks scripts without a main guard and notebooks.
        parent, child = multiprocessing.Pipe()
        with self._lock:
            updates = list(self._updates)
        process = subprocess.Popen(
            [sys.executable, "-m", "courtgraph.worker", str(child.fileno())],
            pass_fds=[child.fileno()],
            stdin=subprocess.DEVNULL,
        )
        child.close()
        parent.send((self._nquads, self.engine, self.max_results, updates, self._prefixes))
        worker = _Worker(process, parent)
        with self._lock:
            self._all.add(worker)
        return worker

    def _await_ready(self, worker: _Worker) -> None:
        if not worker.conn.poll(self._start_timeout):
            worker.stop()
            raise StoreError(f"a query worker did not load the data within {self._start_timeout:g} s")
        try:
            message = worker.conn.recv()
        except EOFError:
            worker.stop()
            raise StoreError("a query worker exited while loading the data") from None
        if message != ("ready", None):
            worker.stop()
            raise StoreError(f"a query worker could not load the data: {message[1]}")
        self._idle.put(worker)

    def _replace(self, worker: _Worker) -> None:
        with self._lock:
            self._all.discard(worker)
        worker.stop()
        self.replaced += 1
        if self._closed:
            return

        def respawn() -> None:
            if not self._closed:
                self._await_ready(self._spawn())

        # loading takes a moment; the caller gets its answer (a timeout) without waiting for it
        threading.Thread(target=respawn, name="courtgraph-respawn", daemon=True).start()


# -- inside the worker process ----------------------------------------------


def _worker_main(conn: Connection) -> None:
    # the parent owns shutdown; Ctrl-C in a terminal must not print a traceback per worker
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _forbid_outgoing_connections()
    try:
        nquads, engine, max_results, updates, prefixes = conn.recv()
        backend = _OxigraphBackend(nquads, prefixes) if engine == "oxigraph" else _RdflibBackend(nquads, prefixes)
        for text in updates:
            backend.update(text)
    except Exception as exc:  # reported to the parent, which raises StoreError
        conn.send(("error", f"{type(exc).__name__}: {exc}"))
        return
    conn.send(("ready", None))
    while True:
        try:
            form, text, fmt = conn.recv()
        except (EOFError, OSError):
            return
        try:
            if form == "UPDATE":
                backend.update(text)
                conn.send(("ok", (b"", "text/plain", 0)))
            else:
                conn.send(("ok", backend.answer(text, form=form, fmt=fmt, max_results=max_results)))
        except ResultTooLargeError as exc:
            conn.send(("error", ("too-large", str(exc))))
        except (SyntaxError, ValueError) as exc:
            conn.send(("error", ("query", f"{type(exc).__name__}: {exc}")))
        except Exception as exc:
            conn.send(("error", ("store", f"{type(exc).__name__}: {exc}")))


def _forbid_outgoing_connections() -> None:
    """A second fence behind the guard: Python code in a worker cannot open sockets.

    rdflib fetches SERVICE and LOAD targets with urllib; this stops that even if a
    request ever slipped past ``courtgraph.guard``. (The pipe to the parent is already open.)
    """
    import socket

    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError("query workers may not open network connections")

    socket.socket.connect = refuse  # type: ignore[method-assign]
    socket.socket.connect_ex = refuse  # type: ignore[method-assign,assignment]
    socket.create_connection = refuse  # type: ignore[assignment]


def _too_large(count: int, max_results: int, what: str) -> ResultTooLargeError:
    return ResultTooLargeError(
        f"the result has more than {max_results} {what} (this endpoint's cap); add LIMIT or narrow the query"
    )


def _serialize_select(variables: list[Any], rows: list[dict[Any, Any]], fmt: str) -> bytes:
    from rdflib.query import Result

    if fmt == "tsv":
        return _tsv(variables, rows)
    result = Result("SELECT")
    result.vars = variables
    result.bindings = rows  # type: ignore[assignment]
    return _bytes(result.serialize(format=fmt))


def _tsv(variables: list[Any], rows: list[dict[Any, Any]]) -> bytes:
    from courtgraph.sparqltext import tsv

    return tsv(variables, ([row.get(var) for var in variables] for row in rows)).encode("utf-8")


def _serialize_ask(answer: bool, fmt: str) -> bytes:
    from rdflib.query import Result

    result = Result("ASK")
    result.askAnswer = answer
    return _bytes(result.serialize(format=fmt))


def _bytes(value: Any) -> bytes:
    return value if isinstance(value, bytes) else str(value).encode("utf-8")


def _graph_bytes(triples: list[tuple[Any, Any, Any]], fmt: str) -> bytes:
    from rdflib import Graph

    graph = Graph()
    for prefix, namespace in _PREFIXES.items():
        graph.bind(prefix, namespace)
    for triple in triples:
        graph.add(triple)
    return _bytes(graph.serialize(format=fmt, encoding="utf-8"))


_PREFIXES = {
    "cg": "https://w3id.org/courtgraph/ontology#",
    "cgv": "https://w3id.org/courtgraph/vocab/",
    "cgd": "https://w3id.org/courtgraph/id/",
}


class _RdflibBackend:
    def __init__(self, nquads: bytes, prefixes: Mapping[str, str]) -> None:
        import rdflib.plugins.sparql
        from rdflib import Dataset, URIRef

        self.prefixes = {k: URIRef(v) for k, v in prefixes.items()}
        # rdflib would otherwise read FROM/LOAD targets from the web or the disk
        rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS = False
        self.dataset = Dataset(default_union=True)
        self.dataset.parse(data=nquads, format="nquads")

    def update(self, text: str) -> None:
        import rdflib.plugins.sparql

        # rdflib 7 fails on INSERT DATA into a union-default Dataset ("expected 4, got 3");
        # with the flag off, an update's default graph is the store's own default graph,
        # which is what SPARQL Update specifies anyway. Queries keep the union.
        rdflib.plugins.sparql.SPARQL_DEFAULT_GRAPH_UNION = False
        try:
            self.dataset.update(text, initNs=self.prefixes)
        finally:
            rdflib.plugins.sparql.SPARQL_DEFAULT_GRAPH_UNION = True

    def answer(self, text: str, *, form: str, fmt: str, max_results: int) -> tuple[bytes, str, int]:
        from rdflib import Variable

        result: Any = self.dataset.query(text, initNs=self.prefixes)
        if form == "ASK":
            return _serialize_ask(bool(result.askAnswer), fmt), RESULT_FORMATS[fmt], 1
        if form == "SELECT":
            rows = [
                {Variable(name): term for name, term in row.asdict().items()}
                for row in itertools.islice(iter(result), max_results + 1)
            ]
            if len(rows) > max_results:
                raise _too_large(len(rows), max_results, "rows")
            variables = list(result.vars or [])
            return _serialize_select(variables, rows, fmt), RESULT_FORMATS[fmt], len(rows)
        triples = list(itertools.islice(iter(result), max_results + 1))
        if len(triples) > max_results:
            raise _too_large(len(triples), max_results, "triples")
        return _graph_bytes(triples, fmt), GRAPH_FORMATS[fmt], len(triples)


class _OxigraphBackend:
    def __init__(self, nquads: bytes, prefixes: Mapping[str, str]) -> None:
        import pyoxigraph

        self.prefixes = dict(prefixes)
        self.store = pyoxigraph.Store()
        self.store.load(nquads, format=pyoxigraph.RdfFormat.N_QUADS)
        # Oxigraph's union default graph is a bag: a triple stated in two reports' graphs
        # would come back twice. SPARQL (and rdflib) merge the graphs as a set, so the
        # default graph here is a deduplicated copy of every named graph.
        self.store.update("INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")

    def update(self, text: str) -> None:
        # the merged default graph above would go stale; the endpoint uses rdflib for updates
        raise StoreError("the oxigraph engine is read-only here; updates run on the rdflib engine")

    def answer(self, text: str, *, form: str, fmt: str, max_results: int) -> tuple[bytes, str, int]:
        from rdflib import Variable

        result: Any = self.store.query(text, prefixes=self.prefixes)
        if form == "ASK":
            return _serialize_ask(bool(result), fmt), RESULT_FORMATS[fmt], 1
        if form == "SELECT":
            variables = [Variable(v.value) for v in result.variables]
            rows = []
            for solution in itertools.islice(result, max_results + 1):
                row = {}
                for var in variables:
                    term = solution[str(var)]
                    if term is not None:
                        row[var] = _to_rdflib(term)
                rows.append(row)
            if len(rows) > max_results:
                raise _too_large(len(rows), max_results, "rows")
            return _serialize_select(variables, rows, fmt), RESULT_FORMATS[fmt], len(rows)
        triples = [
            (_to_rdflib(t.subject), _to_rdflib(t.predicate), _to_rdflib(t.object))
            for t in itertools.islice(result, max_results + 1)
        ]
        if len(triples) > max_results:
            raise _too_large(len(triples), max_results, "triples")
        return _graph_bytes(triples, fmt), GRAPH_FORMATS[fmt], len(triples)


def _to_rdflib(term: Any) -> Any:
    from courtgraph.rdf import from_oxigraph_term

    try:
        return from_oxigraph_term(term)
    except TypeError as exc:
        raise QueryError(f"results with {exc}") from exc


if __name__ == "__main__":
    _worker_main(Connection(int(sys.argv[1])))
