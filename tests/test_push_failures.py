"""``push`` when things go wrong: Ctrl-C half-way, and a server that stops answering.

Against a real Oxigraph server, and a real socket on 127.0.0.1 that accepts requests and
never answers them. Nothing is mocked: the interrupt is a real SIGINT to the test's own
main thread, delivered while the push is on the wire.
"""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest
from courtgraph.errors import StoreError
from courtgraph.remote import push, query_endpoint
from servers import InterruptingProxy, Unanswering, numbered_report as report, oxigraph_server

pytestmark = pytest.mark.server

PER_GRAPH = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"


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
