"""Real servers for the endpoint and push tests: courtgraph serve, Oxigraph, Virtuoso.

Each helper starts a process bound to 127.0.0.1 on a free port, waits until it answers,
and stops it on exit. Nothing here is mocked.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
from iris import seg

ROOT = Path(__file__).resolve().parents[1]
VENV_BIN = Path(sys.executable).parent
SEED = ROOT / "seeds" / "deqing-court-2024.txt"
GOLD = ROOT / "tests" / "gold" / "deqing-2024.yaml"

# A small graph written by hand after docs/graph-contract.md: two reports of two courts
# sharing one procuratorate, Chinese labels, typed numbers and a blank-node selector. The
# @NAME@ tokens stand for the IRI segments of the names (tests/iris.py).
_SAMPLE_TRIG = """\
@prefix cg: <https://w3id.org/courtgraph/ontology#> .
@prefix cgv: <https://w3id.org/courtgraph/vocab/> .
@prefix cgd: <https://w3id.org/courtgraph/id/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix schema: <https://schema.org/> .
@prefix oa: <http://www.w3.org/ns/oa#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

cgd:report\\/@DEQING@\\/2024 {
  cgd:report\\/@DEQING@\\/2024 a cg:WorkReport ;
      cg:court cgd:court\\/@DEQING@ ; cg:year "2024"^^xsd:gYear ;
      rdfs:label "德清县人民法院2024年工作报告"@zh .
  cgd:court\\/@DEQING@ a cg:Court ; rdfs:label "德清县人民法院"@zh ,
      "Deqing County People's Court"@en .
  cgd:org\\/@PROCURATORATE@ a cg:Organisation ;
      rdfs:label "德清县人民检察院"@zh ; cg:orgKind cgv:org-kind\\/procuratorate .
  cgd:org\\/@POLICE@ a cg:Organisation ;
      rdfs:label "德清县公安局"@zh ; cg:orgKind cgv:org-kind\\/public-security .
  cgd:initiative\\/@DEQING@\\/@MECHANISM@ a cg:Initiative ;
      rdfs:label "沟通协调机制"@zh ; cg:initiativeType cgv:initiative-type\\/mechanism ;
      cg:partner cgd:org\\/@PROCURATORATE@ , cgd:org\\/@POLICE@ ;
      cg:reportedIn cgd:report\\/@DEQING@\\/2024 .
  cgd:report\\/@DEQING@\\/2024\\/metric\\/1 a cg:Quantity ;
      schema:value 10093.0 ; cg:unitAsWritten "件" ; cg:measure "办结各类案件"@zh ;
      cg:rank "增幅全省第一"@zh ; cg:attachedTo cgd:report\\/@DEQING@\\/2024 ;
      cg:evidence cgd:report\\/@DEQING@\\/2024\\/span\\/10-30 .
  cgd:report\\/@DEQING@\\/2024\\/span\\/10-30 a oa:SpecificResource ;
      oa:hasSource cgd:report\\/@DEQING@\\/2024 ;
      oa:hasSelector [ a oa:TextQuoteSelector ; oa:exact "共办结各类案件10093件" ] ;
      oa:hasSelector [ a oa:TextPositionSelector ; oa:start 10 ; oa:end 30 ] .
  cgd:report\\/@DEQING@\\/2024\\/metric\\/2 a cg:Quantity ;
      schema:value 100.73 ; cg:unitAsWritten "%" ; cg:measure "核心指标结收比"@zh ;
      cg:rank "排名全省第一"@zh ; cg:attachedTo cgd:report\\/@DEQING@\\/2024 .
}

cgd:report\\/@ANJI@\\/2024 {
  cgd:report\\/@ANJI@\\/2024 a cg:WorkReport ;
      cg:court cgd:court\\/@ANJI@ ; cg:year "2024"^^xsd:gYear ;
      rdfs:label "安吉县人民法院2024年工作报告"@zh .
  cgd:court\\/@ANJI@ a cg:Court ; rdfs:label "安吉县人民法院"@zh .
  cgd:org\\/@PROCURATORATE@ a cg:Organisation ;
      rdfs:label "德清县人民检察院"@zh ; cg:orgKind cgv:org-kind\\/procuratorate .
  cgd:initiative\\/@ANJI@\\/@GREEN@ a cg:Initiative ;
      rdfs:label "绿色司法"@zh ; cg:initiativeType cgv:initiative-type\\/brand ;
      cg:partner cgd:org\\/@PROCURATORATE@ ;
      cg:outcomeText "办理\\t生态\\n修复案件"@zh ;
      cg:reportedIn cgd:report\\/@ANJI@\\/2024 .
}
"""

SAMPLE_TRIG = _SAMPLE_TRIG
for _token, _segment in {
    "@DEQING@": seg("de-qing-xian-ren-min-fa-yuan", "德清县人民法院"),
    "@ANJI@": seg("an-ji-xian-ren-min-fa-yuan", "安吉县人民法院"),
    "@PROCURATORATE@": seg("de-qing-xian-ren-min-jian-cha-yuan", "德清县人民检察院"),
    "@POLICE@": seg("de-qing-xian-gong-an-ju", "德清县公安局"),
    "@MECHANISM@": seg("gou-tong-xie-tiao-ji-zhi", "沟通协调机制"),
    "@GREEN@": seg("lv-se-si-fa", "绿色司法"),
}.items():
    SAMPLE_TRIG = SAMPLE_TRIG.replace(_token, _segment)

# Queries in the spirit of the competency questions, used until queries/*.rq holds named ones.
SAMPLE_QUERIES: dict[str, str] = {
    "partners": """
        PREFIX cg: <https://w3id.org/courtgraph/ontology#>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT ?initiative ?name ?partner WHERE {
          ?i a cg:Initiative ; rdfs:label ?name ; cg:partner ?p .
          ?p rdfs:label ?partner . BIND(STR(?i) AS ?initiative)
        } ORDER BY ?initiative ?partner""",
    "ranked": """
        PREFIX cg: <https://w3id.org/courtgraph/ontology#>
        PREFIX schema: <https://schema.org/>
        SELECT ?measure ?value ?rank WHERE {
          ?m a cg:Quantity ; cg:measure ?measure ; schema:value ?value ; cg:rank ?rank .
        } ORDER BY ?measure""",
    "partner-counts": """
        PREFIX cg: <https://w3id.org/courtgraph/ontology#>
        SELECT ?org (COUNT(DISTINCT ?i) AS ?n) WHERE { ?i cg:partner ?org } GROUP BY ?org ORDER BY DESC(?n) ?org""",
    "evidence": """
        PREFIX oa: <http://www.w3.org/ns/oa#>
        PREFIX cg: <https://w3id.org/courtgraph/ontology#>
        SELECT ?m ?exact ?start WHERE {
          ?m cg:evidence ?span . ?span oa:hasSelector ?q , ?p .
          ?q oa:exact ?exact . ?p oa:start ?start } ORDER BY ?m""",
    "per-graph": """
        SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g""",
}


def sample_dataset():  # -> rdflib.Dataset
    from rdflib import Dataset

    dataset = Dataset()
    dataset.parse(data=SAMPLE_TRIG, format="trig")
    return dataset


def seed_dataset():  # -> rdflib.Dataset
    """The seed report's graph, built by the real pipeline (extract → rdf).

    While the extractor is still being written, the gold extraction of the same report
    goes through the same graph builder instead.
    """
    import importlib

    from courtgraph.sources import load_dataset

    extract = importlib.import_module("courtgraph.extract")
    source = SEED if hasattr(extract, "extract_report") else GOLD
    return load_dataset([source])


def named_queries() -> dict[str, str]:
    """The project's named queries (queries/*.rq), or the sample ones while there are none."""
    found = {p.stem: p.read_text(encoding="utf-8") for p in sorted((ROOT / "queries").glob("*.rq"))}
    return found or dict(SAMPLE_QUERIES)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until(check, *, timeout: float, what: str, process: subprocess.Popen | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"{what} exited with status {process.returncode} before it was ready")
        try:
            if check():
                return
        except (httpx.HTTPError, OSError):
            pass
        time.sleep(0.05)
    raise RuntimeError(f"{what} was not ready within {timeout:g} s")


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


@contextlib.contextmanager
def courtgraph_server(sources: list[Path], *extra: str, timeout: float = 60.0) -> Iterator[str]:
    """``courtgraph serve`` in a subprocess; yields its base URL."""
    port = free_port()
    cmd = [str(VENV_BIN / "courtgraph"), "serve", *map(str, sources), "--port", str(port), *extra]
    log = tempfile.TemporaryFile()
    process = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, cwd=ROOT)
    base = f"http://127.0.0.1:{port}"
    try:
        try:
            wait_until(lambda: httpx.get(f"{base}/health", timeout=1).status_code == 200,
                       timeout=timeout, what="courtgraph serve", process=process)
        except RuntimeError as exc:
            log.seek(0)
            raise RuntimeError(f"{exc}\n{log.read().decode(errors='replace')}") from None
        yield base
    finally:
        _stop(process)
        log.close()


@contextlib.contextmanager
def oxigraph_server(*extra: str) -> Iterator[str]:
    """The Oxigraph server from the ``oxigraph`` PyPI package; yields its base URL."""
    binary = VENV_BIN / "oxigraph"
    if not binary.exists():
        found = shutil.which("oxigraph")
        if found is None:
            raise RuntimeError("the oxigraph server binary is missing: pip install oxigraph")
        binary = Path(found)
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="courtgraph-oxigraph-") as location:
        process = subprocess.Popen(
            [str(binary), "serve", "--location", location, "--bind", f"127.0.0.1:{port}", *extra],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            wait_until(lambda: httpx.get(f"{base}/query", params={"query": "ASK {}"}, timeout=1).status_code == 200,
                       timeout=30, what="oxigraph serve", process=process)
            yield base
        finally:
            _stop(process)


class Listener:
    """A TCP listener on 127.0.0.1 that records every connection it accepts."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.2)
        self.port = int(self.sock.getsockname()[1])
        self.connections = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except (TimeoutError, OSError):
                continue
            self.connections += 1
            conn.close()

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        self.sock.close()


VIRTUOSO_INI = """\
[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
LockFile = {dir}/virtuoso.lck
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
DisableTcpSocket = 0
ServerThreads = 10
CheckpointInterval = 60
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
DirsAllowed = ., {dir}
DefaultIsolation = 4
Charset = UTF-8

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {dir}
ServerThreads = 10
MaxKeepAlives = 10
KeepAliveTimeout = 10
MaxCachedProxyConnections = 10
ProxyConnectionCacheTimeout = 15
EnabledGzipContent = 0

[SPARQL]
ResultSetMaxRows = 100000
MaxQueryExecutionTime = 60
DefaultQuery = select distinct ?Concept where {{[] a ?Concept}} LIMIT 100
"""


@contextlib.contextmanager
def virtuoso_server(password: str = "courtgraph-test") -> Iterator[tuple[str, str, str]]:
    """A private Virtuoso (``virtuoso-t``) on 127.0.0.1 with a temporary database.

    Yields ``(base_url, user, password)``. Raises ``RuntimeError`` saying why when
    Virtuoso is not installed or does not start.
    """
    server = shutil.which("virtuoso-t")
    isql = shutil.which("isql-vt") or shutil.which("isql")
    if server is None or isql is None:
        raise RuntimeError("Virtuoso is not installed (apt-get install virtuoso-opensource)")
    sql_port, http_port = free_port(), free_port()
    with tempfile.TemporaryDirectory(prefix="courtgraph-virtuoso-") as tmp:
        ini = Path(tmp) / "virtuoso.ini"
        ini.write_text(VIRTUOSO_INI.format(dir=tmp, sql_port=sql_port, http_port=http_port), encoding="utf-8")
        process = subprocess.Popen([server, "+foreground", "+configfile", str(ini)], cwd=tmp,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        base = f"http://127.0.0.1:{http_port}"
        try:
            try:
                wait_until(lambda: httpx.get(f"{base}/sparql", params={"query": "ASK {}"}, timeout=2).status_code == 200,
                           timeout=120, what="virtuoso-t", process=process)
            except RuntimeError as exc:
                log = Path(tmp, "virtuoso.log")
                tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
                raise RuntimeError(f"{exc}\n{tail}") from None
            done = subprocess.run(
                [isql, f"127.0.0.1:{sql_port}", "dba", "dba", f"exec=USER_SET_PASSWORD('dba', '{password}');"],
                capture_output=True, text=True, timeout=60,
            )
            if done.returncode != 0 or "error" in (done.stdout + done.stderr).lower():
                raise RuntimeError(f"isql could not set the dba password: {done.stdout} {done.stderr}")
            yield base, "dba", password
        finally:
            _stop(process)


def virtuoso_or_fail(pytest_module):  # pragma: no cover - the branch depends on the machine
    """Skip with the reason on a workstation; fail loudly when CI=true."""
    def handle(reason: str) -> None:
        message = f"Virtuoso round trip NOT RUN: {reason}"
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest_module.fail(message)
        print(f"\n*** {message} ***\n", file=sys.stderr)
        pytest_module.skip(message)

    return handle


def dedent(text: str) -> str:
    return textwrap.dedent(text).strip()


def comparable_rows(result: Any, *, loose: bool, separators: str = "、；;,", plain_types: tuple[Any, ...] = (None,)) -> list[tuple[Any, ...]]:
    """Rows of a SPARQL result in a form two stores can be compared in.

    Blank nodes compare equal; typed literals by value. With ``loose`` (GROUP_CONCAT answers,
    whose parts stores order differently) a literal whose datatype is in ``plain_types`` is
    compared as the sorted set of its parts between ``separators``.
    """
    import re

    from rdflib import BNode, Literal

    if result.type == "ASK":
        return [(result.askAnswer,)]
    out = []
    for row in result:
        values: list[Any] = []
        for term in row:
            if isinstance(term, BNode):
                values.append("_:")
            elif isinstance(term, Literal) and loose and term.datatype in plain_types:
                values.append(tuple(sorted(re.split(f"[{re.escape(separators)}]", str(term)))))
            elif isinstance(term, Literal):
                values.append((term.toPython() if term.datatype else str(term), term.language))
            else:
                values.append(term if term is None else str(term))
        out.append(tuple(values))
    return out



class _Relay:
    """A server on 127.0.0.1 (the standard library's threading TCP server) whose every
    connection is handed to ``_connection`` on a thread of its own, until ``close``."""

    def __init__(self) -> None:
        import socketserver

        relay = self

        class Handler(socketserver.BaseRequestHandler):
            def handle(self) -> None:
                relay._connection(self.request)

        self._server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.base = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self._thread.start()

    def _connection(self, conn: socket.socket) -> None:
        raise NotImplementedError

    def close(self) -> None:
        self._stop.set()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()


def numbered_report(version: str, triples: int):  # -> rdflib.Dataset
    """One report graph ``urn:g:report`` of ``triples`` triples whose literals name ``version``."""
    from rdflib import Dataset, Literal, URIRef

    data = Dataset()
    graph = data.graph(URIRef("urn:g:report"))
    for i in range(triples):
        graph.add((URIRef(f"urn:x:s{i:05d}"), URIRef("urn:x:p"), Literal(f"{version} {i}")))
    return data

class InterruptingProxy(_Relay):
    """A TCP relay in front of ``upstream`` that sends SIGINT to the main thread once
    ``after`` bytes of requests have gone through it: Ctrl-C half-way through a push, at
    the same point every run."""

    def __init__(self, upstream: str, *, after: int) -> None:
        host, port = upstream.removeprefix("http://").split(":")
        self.upstream = (host, int(port))
        self.after = after
        self.sent = 0
        self.fired = threading.Event()
        self._main = threading.main_thread().ident
        super().__init__()

    def _connection(self, client: socket.socket) -> None:
        server = socket.create_connection(self.upstream)
        threading.Thread(target=self._pump, args=(server, client, False), daemon=True).start()
        self._pump(client, server, True)

    def _pump(self, source: socket.socket, target: socket.socket, counted: bool) -> None:
        import signal

        try:
            while chunk := source.recv(65536):
                target.sendall(chunk)
                if counted:
                    self.sent += len(chunk)
                    if self.sent >= self.after and not self.fired.is_set() and self._main is not None:
                        self.fired.set()
                        signal.pthread_kill(self._main, signal.SIGINT)
        except OSError:
            pass
        finally:
            for end in (source, target):  # one side gone: close both, as a dropped client would
                with contextlib.suppress(OSError):
                    end.shutdown(socket.SHUT_RDWR)


class Unanswering(_Relay):
    """A server that reads HTTP requests and never answers them; counts them by method.

    With ``answer_get`` it answers GETs (the probe ``push`` starts with) and hangs only on
    POSTs, the update requests.
    """

    def __init__(self, *, answer_get: bool) -> None:
        self.answer_get = answer_get
        self.requests = {"GET": 0, "POST": 0}
        super().__init__()
        self.url = f"{self.base}/update"

    def _connection(self, conn: socket.socket) -> None:
        conn.settimeout(0.1)
        buffer = b""
        while not self._stop.is_set():
            try:
                chunk = conn.recv(65536)
            except TimeoutError:
                continue
            except OSError:
                break
            if not chunk:
                break
            buffer += chunk
            while b"\r\n\r\n" in buffer:
                head, _, buffer = buffer.partition(b"\r\n\r\n")
                method = head.split(b" ", 1)[0].decode()
                self.requests[method] = self.requests.get(method, 0) + 1
                lengths = [int(line.split(b":")[1]) for line in head.split(b"\r\n") if line.lower().startswith(b"content-length:")]
                buffer = buffer[lengths[0] if lengths else 0:]  # a body is never looked at
                if method == "GET" and self.answer_get:
                    body = b'{"head":{},"boolean":true}'
                    conn.sendall(b"HTTP/1.1 200 OK\r\nServer: unanswering\r\nContent-Type: application/sparql-results+json\r\n"
                                 b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body)
        conn.close()
