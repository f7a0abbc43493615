"""``courtgraph serve`` and ``courtgraph push``: thin shells over serve.serve and remote.push."""

from __future__ import annotations

import click

from courtgraph.serve import DEFAULT_PORT


@click.command()
@click.argument("sources", nargs=-1, type=click.Path(exists=True), metavar="[GRAPH_OR_REPORTS]...")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Interface to bind; anything but 127.0.0.1/localhost exposes the endpoint to the network.")
@click.option("--port", default=DEFAULT_PORT, show_default=True, type=click.IntRange(1, 65535))
@click.option("--open", "open_browser", is_flag=True, help="Open the explorer in a browser.")
@click.option("--allow-update", is_flag=True, help="Accept SPARQL Update (refused with 403 by default).")
@click.option("--timeout", default=10.0, show_default=True, type=click.FloatRange(min=0.1),
              help="Seconds a query may run before it is stopped (503).")
@click.option("--max-results", default=10_000, show_default=True, type=click.IntRange(min=1),
              help="Rows (or triples) a result may have; bigger results are refused (413), never cut.")
@click.option("--workers", default=4, show_default=True, type=click.IntRange(min=1),
              help="Query worker processes, each with its own copy of the graph.")
@click.option("--heavy-slots", type=click.IntRange(min=1), default=None,
              help="Workers that may run a query longer than two seconds at once; the rest stay free "
                   "for quick queries  [default: half the workers]")
@click.option("--engine", type=click.Choice(["auto", "oxigraph", "rdflib"]), default="auto", show_default=True)
def serve(
    sources: tuple[str, ...],
    host: str,
    port: int,
    open_browser: bool,
    allow_update: bool,
    timeout: float,
    max_results: int,
    workers: int,
    heavy_slots: int | None,
    engine: str,
) -> None:
    """Serve the graph at /sparql (SPARQL 1.1 Protocol) with an explorer page at /.

    Read-only unless --allow-update. SERVICE, LOAD and FROM naming anything outside the
    graph are refused, and every query runs under a time limit.

    \b
    Example:
      courtgraph serve seeds/deqing-court-2024.txt --open
    """
    from courtgraph.serve import serve as run

    if not sources:
        raise click.UsageError("give at least one graph file or report")
    run(list(sources), host=host, port=port, open_browser=open_browser, allow_update=allow_update,
        timeout=timeout, max_results=max_results, workers=workers, heavy_slots=heavy_slots, engine=engine)


@click.command()
@click.argument("sources", nargs=-1, required=True, type=click.Path(exists=True), metavar="GRAPH_OR_REPORTS...")
@click.option("--endpoint", required=True, metavar="URL",
              help="The server's SPARQL Update endpoint (Oxigraph: /update, Fuseki: /DATASET/update, "
                   "Virtuoso: /sparql-auth, GraphDB: /repositories/ID/statements, Neptune: /sparql).")
@click.option("--graph", metavar="IRI", help="Put everything into this one named graph instead of one per report.")
@click.option("--user", help="User name for the endpoint.")
@click.option("--password", help="Password (or set COURTGRAPH_PASSWORD).", envvar="COURTGRAPH_PASSWORD")
@click.option("--auth", type=click.Choice(["auto", "basic", "digest"]), default="auto", show_default=True,
              help="auto answers the server's challenge with basic or digest.")
@click.option("--batch-size", default=1000, show_default=True, type=click.IntRange(min=1),
              help="Triples per request (Virtuoso accepts at most about 1,000).")
@click.option("--timeout", default=120.0, show_default=True, type=click.FloatRange(min=1),
              help="Seconds to wait for each request.")
def push(
    sources: tuple[str, ...],
    endpoint: str,
    graph: str | None,
    user: str | None,
    password: str | None,
    auth: str,
    batch_size: int,
    timeout: float,
) -> None:
    """Load graphs into a remote SPARQL store, replacing each report's named graph.

    Re-pushing a report replaces its graph, so triples are never duplicated.

    \b
    Example:
      courtgraph push out/courtgraph.trig --endpoint http://127.0.0.1:7878/update
    """
    from courtgraph.remote import push as run
    from courtgraph.serve import load_sources

    data = load_sources(list(sources))
    try:
        report = run(data, endpoint, graph=graph, user=user, password=password, auth=auth,
                     batch_size=batch_size, timeout=timeout)
    except KeyboardInterrupt as exc:  # say what the clean-up did before "Aborted."
        for note in getattr(exc, "__notes__", ()):
            click.echo(note, err=True)
        raise click.Abort() from None
    for item in report.graphs:
        click.echo(f"{item.graph}\t{item.triples} triples in {item.batches} batches")
    click.echo(f"pushed {report.triples} triples into {len(report.graphs)} named graphs at {report.endpoint}")
    for note in report.notes:
        click.echo(f"warning: {note}", err=True)
