"""``push`` when things go wrong: Ctrl-C half-way, and a server that stops answering.

Against a real Oxigraph server, and a real socket on 127.0.0.1 that accepts requests and
never answers them. Nothing is mocked: the interrupt is a real SIGINT to the test's own
main thread, delivered while the push is on the wire.
"""

from __future__ import annotations

import signal
import socket
import threading
import time
from typing import Any

import pytest
from rdflib import Dataset, Literal, URIRef

from courtgraph.errors import StoreError
from courtgraph.remote import push, query_endpoint
from servers import oxigraph_server

pytestmark = pytest.mark.server

PER_GRAPH = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"


def report(version: str, triples: int) -> Dataset:
    data = Dataset()
    graph = data.graph(URIRef("urn:g:report"))
    for i in range(triples):
        graph.add((URIRef(f"urn:x:s{i:05d}"), URIRef("urn:x:p"), Literal(f"{version} {i}")))
    return data


def counts(base: str) -> dict[str, int]:
    return {str(row[0]): int(row[1]) for row in query_endpoint(f"{base}/query", PER_GRAPH)}


def test_push_never_shows_a_half_pushed_report_in_the_union_default_graph() -> None:
    with oxigraph_server("--union-default-graph") as base:
        push(report("old", 3000), f"{base}/update", progress=False)
        seen: list[dict[str, int]] = []
        done = threading.Event()

        def watch() -> None:
            while not done.is_set():
                seen.append(counts(base))

        watcher = threading.Thread(target=watch)
        watcher.start()
        try:
            push(report("new", 3000), f"{base}/update", batch_size=25, progress=False)
        finally:
            done.set()
            watcher.join()
        assert seen, "the watcher never saw the store"
        # every state anyone could see: the old report or the new one, never both, never a part
        assert all(state == {"urn:g:report": 3000} for state in seen), [s for s in seen if s != {"urn:g:report": 3000}][:3]
        union = query_endpoint(f"{base}/query", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        assert [int(row[0]) for row in union] == [3000]
        values = query_endpoint(f"{base}/query", "SELECT DISTINCT ?o WHERE { <urn:x:s00001> ?p ?o }")
        assert [str(row[0]) for row in values] == ["new 1"]


class InterruptingProxy:
    """A TCP relay on 127.0.0.1 in front of a server, that sends SIGINT to the test's main
    thread once ``after`` bytes of requests have gone through it: Ctrl-C half-way through a
    push, at the same point every run."""

    def __init__(self, upstream: str, *, after: int) -> None:
        host, port = upstream.removeprefix("http://").split(":")
        self.upstream = (host, int(port))
        self.after = after
        self.sent = 0
        self.fired = threading.Event()
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.1)
        self.base = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        self._stop = threading.Event()
        self._main = threading.main_thread().ident
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                client, _ = self.sock.accept()
            except (TimeoutError, OSError):
                continue
            server = socket.create_connection(self.upstream)
            threading.Thread(target=self._pump, args=(client, server, True), daemon=True).start()
            threading.Thread(target=self._pump, args=(server, client, False), daemon=True).start()

    def _pump(self, source: socket.socket, target: socket.socket, counted: bool) -> None:
        try:
            while chunk := source.recv(65536):
                target.sendall(chunk)
                if counted:
                    self.sent += len(chunk)
                    if self.sent >= self.after and not self.fired.is_set():
                        self.fired.set()
                        assert self._main is not None
                        signal.pthread_kill(self._main, signal.SIGINT)
        except OSError:
            pass
        finally:
            for end in (source, target):  # one side gone: the relay closes both, as a dropped client would
                try:
                    end.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def close(self) -> None:
        self._stop.set()
        self._thread.join()
        self.sock.close()


def test_ctrl_c_during_push_leaves_no_staging_graph_and_the_previous_report_whole() -> None:
    with oxigraph_server("--union-default-graph") as base:
        push(report("old", 3000), f"{base}/update", progress=False)
        proxy = InterruptingProxy(base, after=300_000)  # a few hundred KB into the new report
        try:
            with pytest.raises(KeyboardInterrupt) as interrupted:
                push(report("new", 60000), f"{proxy.base}/update", batch_size=25, progress=False)
        finally:
            proxy.close()
        assert proxy.fired.is_set()
        time.sleep(0.5)  # let the server finish with the dropped request
        state = counts(base)
        assert not any(g.startswith("urn:courtgraph:staging") for g in state), state
        assert state == {"urn:g:report": 3000}
        values = query_endpoint(f"{base}/query", "SELECT DISTINCT ?o WHERE { <urn:x:s00001> ?p ?o }")
        assert [str(row[0]) for row in values] == ["old 1"]
        assert "either its previous version or the whole new one" in " ".join(getattr(interrupted.value, "__notes__", []))


class Unanswering:
    """A server on 127.0.0.1 that reads requests and never answers them.

    With ``answer_get``, it answers GET requests (the probe ``push`` starts with) and hangs
    only on POSTs, the update requests. It counts the requests of each kind it reads.
    """

    def __init__(self, *, answer_get: bool) -> None:
        self.answer_get = answer_get
        self.requests = {"GET": 0, "POST": 0}
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.1)
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}/update"
        self._stop = threading.Event()
        self._held: list[socket.socket] = []
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except (TimeoutError, OSError):
                continue
            threading.Thread(target=self._handle, args=(conn,), daemon=True).start()

    def _handle(self, conn: socket.socket) -> None:
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
                length = next((int(line.split(b":")[1]) for line in head.split(b"\r\n") if line.lower().startswith(b"content-length:")), 0)
                buffer = buffer[length:]  # the body (if all of it came) is never looked at
                if method == "GET" and self.answer_get:
                    body = b'{"head":{},"boolean":true}'
                    conn.sendall(b"HTTP/1.1 200 OK\r\nServer: unanswering\r\nContent-Type: application/sparql-results+json\r\n"
                                 b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body)
        conn.close()

    def close(self) -> None:
        self._stop.set()
        self._thread.join()
        self.sock.close()


@pytest.mark.parametrize("answer_get", [False, True], ids=["hangs-on-everything", "hangs-on-updates"])
def test_a_server_that_does_not_answer_gets_one_timeout_and_one_clear_message(answer_get: bool) -> None:
    server = Unanswering(answer_get=answer_get)
    try:
        with pytest.raises(StoreError) as failed:
            push(report("new", 10), server.url, timeout=1, progress=False)
    finally:
        server.close()
    message = str(failed.value)
    assert message.startswith(f"no answer from {server.url} within 1 s")
    # one request waited for, and none sent after it to a server that is not answering
    assert server.requests == ({"GET": 1, "POST": 1} if answer_get else {"GET": 1, "POST": 0})


def test_the_cli_says_what_a_hanging_push_did(tmp_path: Any) -> None:
    import subprocess
    import sys
    from pathlib import Path

    trig = tmp_path / "one.trig"
    trig.write_text("<urn:g:r> { <urn:x:a> <urn:x:p> 'v' . }\n", encoding="utf-8")
    server = Unanswering(answer_get=True)
    try:
        done = subprocess.run([str(Path(sys.executable).parent / "courtgraph"), "push", str(trig), "--endpoint", server.url,
                               "--timeout", "1"], capture_output=True, text=True, timeout=60)
    finally:
        server.close()
    assert done.returncode == 1
    assert done.stderr.strip() == f"Error: no answer from {server.url} within 1 s"


def test_ctrl_c_during_a_staged_push_to_virtuoso_drops_the_staging_graph_and_says_so() -> None:
    from servers import virtuoso_or_fail, virtuoso_server

    try:
        server = virtuoso_server()
        base, user, password = server.__enter__()
    except (RuntimeError, OSError) as exc:
        virtuoso_or_fail(pytest)(str(exc))
        return
    ours = "FILTER(STRSTARTS(STR(?g), 'urn:'))"  # Virtuoso keeps system graphs too
    per_graph = f"SELECT ?g (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {ours} }} GROUP BY ?g"
    try:
        push(report("old", 300), f"{base}/sparql-auth", user=user, password=password, progress=False)
        proxy = InterruptingProxy(base, after=60_000)  # some batches into the staging graph
        try:
            with pytest.raises(KeyboardInterrupt) as interrupted:
                push(report("new", 3000), f"{proxy.base}/sparql-auth", user=user, password=password, batch_size=50, progress=False)
        finally:
            proxy.close()
        assert proxy.fired.is_set()
        state = {str(r[0]): int(r[1]) for r in query_endpoint(f"{base}/sparql", per_graph)}
        assert state == {"urn:g:report": 300}
        notes = " ".join(getattr(interrupted.value, "__notes__", []))
        assert "push interrupted while sending urn:g:report: the staging graph <urn:courtgraph:staging:" in notes
        assert "was dropped" in notes
    finally:
        server.__exit__(None, None, None)
