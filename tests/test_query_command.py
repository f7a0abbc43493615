"""``courtgraph query`` as a user runs it: Oxigraph by default, a time limit, Ctrl-C that stops."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from iris import COURT_IRI


# a cross product of the whole graph six times over: it would run for years
ENDLESS = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o . ?p ?q ?r }"
# valid SPARQL that rdflib's in-memory engine cannot evaluate ("Variable txt is not bound")
DISTINCT_CONCAT = """SELECT ?c (GROUP_CONCAT(DISTINCT ?txt; separator="|") AS ?all)
WHERE { ?c a cg:Court . OPTIONAL { ?c rdfs:comment ?txt } } GROUP BY ?c"""


@pytest.fixture(scope="module")
def graph_file(seed_graph) -> Path:
    return seed_graph[0]


def _command(*args: str) -> list[str]:
    return [sys.executable, "-m", "courtgraph", "query", *args]


def test_the_default_store_answers_group_concat_over_optional(graph_file):
    from courtgraph.cli import cli

    answer = CliRunner().invoke(cli, ["query", DISTINCT_CONCAT, "--graph", str(graph_file), "--format", "csv"])
    assert answer.exit_code == 0, answer.output
    assert answer.output.splitlines() == ["c,all", f"{COURT_IRI},"]
    # rdflib's engine stays available on request, and fails this one with a message, not a traceback
    memory = CliRunner().invoke(cli, ["query", DISTINCT_CONCAT, "--graph", str(graph_file), "--store", "memory"])
    assert memory.exit_code != 0 and "not bound" in str(memory.exception)


def test_a_query_past_its_time_limit_is_stopped_and_says_so(graph_file):
    done = subprocess.run(_command(ENDLESS, "--graph", str(graph_file), "--timeout", "2"),
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    assert "time limit of 2 s" in done.stderr and "Traceback" not in done.stderr
    assert done.stderr.strip().count("\n") == 0


@pytest.mark.parametrize("store", ["oxigraph", "memory"])
def test_ctrl_c_stops_a_running_query_at_once(graph_file, store):
    process = subprocess.Popen(_command(ENDLESS, "--graph", str(graph_file), "--timeout", "3600", "--store", store),
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        time.sleep(6)  # started, graph loaded, query running
        assert process.poll() is None
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=20)  # "at once": long before the query could end
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode != 0
    assert "Aborted" in stderr and "Traceback" not in stderr


def test_iris_in_the_built_turtle_paste_into_a_query_unchanged(tmp_path, seed_path):
    import re

    from courtgraph.cli import cli

    runner = CliRunner()
    assert runner.invoke(cli, ["build", str(seed_path), "--out", str(tmp_path), "--no-html"]).exit_code == 0
    for name in ("courtgraph.ttl", "courtgraph.trig"):
        assert "\\/" not in (tmp_path / name).read_text(encoding="utf-8"), name
    turtle = (tmp_path / "courtgraph.ttl").read_text(encoding="utf-8")
    iri = re.search(r"<(https://w3id\.org/courtgraph/id/report/[^>]+/span/[^>]+)>", turtle).group(1)
    answer = runner.invoke(cli, ["query", f"ASK {{ <{iri}> ?p ?o }}", "--graph", str(tmp_path / "courtgraph.ttl")])
    assert answer.exit_code == 0 and answer.output == "true\n"
    # and an IRI the query command prints comes back out of a query the same way
    printed = runner.invoke(cli, ["query", "SELECT ?c WHERE { ?c a cg:Court }", "--graph", str(tmp_path / "courtgraph.ttl"),
                                  "--format", "csv"]).output.splitlines()[1]
    again = runner.invoke(cli, ["query", f"ASK {{ <{printed}> a cg:Court }}", "--graph", str(tmp_path / "courtgraph.ttl")])
    assert again.output == "true\n"
