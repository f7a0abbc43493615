"""Run SPARQL in worker processes that can be killed.

Neither rdflib nor pyoxigraph can stop a running query, and ``SIGALRM`` only works in
the main thread, so each query runs in a separate process holding its own copy of the
dataset. A query that outlives the time limit gets its process killed; a fresh process
takes its place, so the endpoint keeps serving.

Workers answer with bytes already serialised in the requested format, and stop counting
at ``max_results`` rows (or triples) so a huge answer never reaches the server process.
"""

from __future__ import annotations

import multiprocessing
import queue
import signal
import subprocess
import sys
import threading
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

from courtgraph.errors import (
    QueryError,
    QueryTimeoutError,
    ResultTooLargeError,
    StoreError,
    WorkersBusyError,
)
from courtgraph.formats import Format, for_query, offered
from courtgraph.sparql import CheckedQuery, check

__all__ = ["Answer", "WorkerPool", "available_engine"]


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
    """Worker processes, each holding the dataset given as N-Quads, or opening a built store
    (``store``: its folder, see :mod:`courtgraph.store`) read-only in place, and the rules for using them.

    ``run`` blocks the calling thread (the endpoint calls it from a thread pool) until an
    answer arrives, the time limit passes, or no worker frees up in time. So that cheap
    queries get through while expensive ones run, there are more workers than *heavy
    slots*: a query still running after ``heavy_after`` seconds must take one of the
    ``heavy_slots``, and when all are taken it is stopped (WorkersBusyError, 503 with
    Retry-After at the endpoint), which keeps ``size - heavy_slots`` workers for quick
    answers. At most ``max_waiting`` requests wait for a worker; more are turned away at once.
    """

    def __init__(
        self,
        nquads: bytes = b"",
        *,
        store: str | None = None,
        size: int = 4,
        engine: str = "auto",
        timeout: float = 10.0,
        max_results: int = 10_000,
        start_timeout: float = 120.0,
        graphs: frozenset[str] | set[str] | tuple[str, ...] = (),
        allow_update: bool = False,
        heavy_slots: int | None = None,
        heavy_after: float = 2.0,
        max_waiting: int = 64,
    ) -> None:
        if size < 1:
            raise ValueError(f"size must be at least 1, not {size}")
        if timeout <= 0:
            raise ValueError(f"timeout must be positive, not {timeout}")
        heavy = max(1, size // 2) if heavy_slots is None else heavy_slots
        if not 1 <= heavy <= size:
            raise ValueError(f"heavy_slots must be between 1 and the {size} workers, not {heavy}")
        self.engine = available_engine(engine)
        self.size = size
        self.timeout = timeout
        self.max_results = max_results
        self.graphs = frozenset(graphs)
        self.allow_update = allow_update
        self.heavy_slots = heavy
        self.heavy_after = min(heavy_after, timeout)
        self.max_waiting = max_waiting
        self._nquads = nquads
        self._store = store
        self._start_timeout = start_timeout
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._heavy = threading.BoundedSemaphore(heavy)
        self._lock = threading.Lock()
        self._all: set[_Worker] = set()
        self._updates: list[str] = []
        self._waiting = 0
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

    def check(self, text: str, *, update: bool = False) -> CheckedQuery:
        """The one check (:func:`courtgraph.sparql.check`) with this pool's rules."""
        return check(text, update=update, allow_update=self.allow_update, graphs=self.graphs)

    def run(self, query: CheckedQuery | str, *, fmt: Format | str | None = None) -> Answer:
        """Answer one request in ``fmt`` (default: the first format offered for its form).

        A text is checked first, exactly as the endpoint and ``courtgraph query`` check it.
        """
        if self._closed:
            raise StoreError("the worker pool is closed")
        checked = query if isinstance(query, CheckedQuery) else self.check(query)
        if checked.is_update:
            chosen = None
        elif fmt is None:
            chosen = offered(checked.form)[0]
        else:
            chosen = for_query(fmt, checked.form) if isinstance(fmt, str) else fmt
        worker = self._take_worker()
        heavy = False
        try:
            try:
                worker.conn.send((checked.form, checked.text, checked.projected, chosen.name if chosen else None))
                finished = worker.conn.poll(self.heavy_after)
                if not finished:
                    heavy = self._heavy.acquire(blocking=False)
                    if not heavy:
                        self._replace(worker)
                        raise WorkersBusyError(
                            f"{self.heavy_slots} long-running queries are already using this endpoint; this one "
                            f"was stopped after {self.heavy_after:g} s to keep room for quick queries; try again later"
                        )
                    finished = worker.conn.poll(self.timeout - self.heavy_after)
                message = worker.conn.recv() if finished else None
            except (EOFError, OSError):
                self._replace(worker)
                raise StoreError("the query worker died while answering; it has been restarted") from None
        finally:
            if heavy:
                self._heavy.release()
        if message is None:
            self._replace(worker)
            raise QueryTimeoutError(f"query stopped after the time limit of {self.timeout:g} s; its worker was restarted")
        self._idle.put(worker)
        status, payload = message
        if status == "ok":
            body, rows = payload
            if checked.is_update:
                with self._lock:
                    self._updates.append(checked.text)
                return Answer(body, "text/plain", rows)
            assert chosen is not None
            return Answer(body, chosen.media_type, rows)
        kind, text = payload
        raise {"too-large": ResultTooLargeError, "query": QueryError}.get(kind, StoreError)(text)

    def _take_worker(self) -> _Worker:
        with self._lock:
            if self._waiting >= self.max_waiting:
                raise WorkersBusyError(f"{self._waiting} requests are already waiting for a query worker; try again later")
            self._waiting += 1
        try:
            return self._idle.get(timeout=self.timeout)
        except queue.Empty:
            raise WorkersBusyError(f"all {self.size} query workers stayed busy for {self.timeout:g} s; try again") from None
        finally:
            with self._lock:
                self._waiting -= 1

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
        parent.send((self._nquads, self._store, self.engine, self.max_results, updates))
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
        nquads, store, engine, max_results, updates = conn.recv()
        if store is not None and engine != "oxigraph":
            from courtgraph.store import open_store

            nquads = open_store(store).dump(format=_nquads_format())  # rdflib reads the store's quads
        backend = _OxigraphBackend(nquads, store) if engine == "oxigraph" else _RdflibBackend(nquads)
        for text in updates:
            backend.update(text)
    except Exception as exc:  # reported to the parent, which raises StoreError
        conn.send(("error", f"{type(exc).__name__}: {exc}"))
        return
    conn.send(("ready", None))
    while True:
        try:
            form, text, projected, fmt = conn.recv()
        except (EOFError, OSError):
            return
        try:
            if form == "UPDATE":
                backend.update(text)
                conn.send(("ok", (b"", 0)))
            else:
                conn.send(("ok", backend.answer(CheckedQuery(text, form, tuple(projected)), fmt, max_results)))
        except ResultTooLargeError as exc:
            conn.send(("error", ("too-large", str(exc))))
        except (SyntaxError, ValueError) as exc:  # QueryError included: a message for the client
            conn.send(("error", ("query", _one_line(exc))))
        except Exception as exc:
            conn.send(("error", ("store", f"the query failed while running: {_one_line(exc)}")))


def _one_line(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    return lines[0] if lines else type(exc).__name__


def _forbid_outgoing_connections() -> None:
    """A second fence behind the check: Python code in a worker cannot open sockets.

    rdflib fetches SERVICE and LOAD targets with urllib; this stops that even if a
    request ever slipped past ``courtgraph.sparql.check``. (The pipe to the parent is already open.)
    """
    import socket

    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError("query workers may not open network connections")

    socket.socket.connect = refuse  # type: ignore[method-assign]
    socket.socket.connect_ex = refuse  # type: ignore[method-assign,assignment]
    socket.create_connection = refuse  # type: ignore[assignment]


def _answer(checked: CheckedQuery, target: Any, fmt: str, max_results: int, *, union: bool) -> tuple[bytes, int]:
    """The one path of the CLI too: execute, then the format's writer."""
    from courtgraph.query import execute
    from courtgraph.results import write

    result = execute(checked, target, limit=max_results, union_default_graph=union)
    return write(result, fmt), len(result)


class _RdflibBackend:
    def __init__(self, nquads: bytes) -> None:
        import rdflib.plugins.sparql
        from rdflib import Dataset

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
            self.dataset.update(text)
        finally:
            rdflib.plugins.sparql.SPARQL_DEFAULT_GRAPH_UNION = True

    def answer(self, checked: CheckedQuery, fmt: str, max_results: int) -> tuple[bytes, int]:
        return _answer(checked, self.dataset, fmt, max_results, union=True)


def _nquads_format() -> Any:
    import pyoxigraph

    return pyoxigraph.RdfFormat.N_QUADS


class _OxigraphBackend:
    def __init__(self, nquads: bytes, store: str | None = None) -> None:
        import pyoxigraph

        if store is not None:
            from courtgraph.store import open_store

            self.store = open_store(store)  # the built store, read-only, shared by every worker
        else:
            self.store = pyoxigraph.Store()
            self.store.load(nquads, format=pyoxigraph.RdfFormat.N_QUADS)
        # Oxigraph's union default graph is a bag; courtgraph states each fact in one graph
        # only (the shared graph holds what reports share), so the union has no copies.

    def update(self, text: str) -> None:
        # the endpoint runs updates on the rdflib engine, in one worker that every answer sees
        raise StoreError("the oxigraph engine is read-only here; updates run on the rdflib engine")

    def answer(self, checked: CheckedQuery, fmt: str, max_results: int) -> tuple[bytes, int]:
        return _answer(checked, self.store, fmt, max_results, union=True)


if __name__ == "__main__":
    _worker_main(Connection(int(sys.argv[1])))
