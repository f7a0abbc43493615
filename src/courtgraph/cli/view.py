"""``courtgraph viz``: a thin shell over ``courtgraph.viz.write_html``."""

from __future__ import annotations

from pathlib import Path

import click


EXAMPLE = """\b
Examples:
  courtgraph viz seeds/
  courtgraph viz out/courtgraph.trig --query 'SELECT ?i ?org WHERE { ?i cg:partner ?org }' --out out/partners.html
  courtgraph viz out/courtgraph.trig --endpoint http://127.0.0.1:8000/
  courtgraph viz out/courtgraph.trig --png out/courtgraph.png"""


@click.command("viz", epilog=EXAMPLE)
@click.argument("sources", nargs=-1, metavar="[GRAPH_OR_REPORTS]...")
@click.option(
    "--out",
    "out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("out") / "courtgraph.html",
    show_default=True,
    help="The HTML file to write (its folder is made if needed).",
)
@click.option(
    "--query",
    "query",
    metavar="QUERY_OR_FILE",
    help="SPARQL SELECT or CONSTRUCT (text, a .rq file, or a named query): draw only the nodes "
         "it returns and the edges between them.",
)
@click.option("--title", help="Page title (default: the report names).")
@click.option(
    "--endpoint",
    metavar="URL",
    help="Address of a `courtgraph serve` explorer page: the side panel links each node to its DESCRIBE there.",
)
@click.option(
    "--png",
    "picture_png",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write a still picture of the opening view to this PNG file.",
)
@click.option(
    "--svg",
    "picture_svg",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write a still picture of the opening view to this SVG file.",
)
def viz(
    sources: tuple[str, ...],
    out: Path,
    query: str | None,
    title: str | None,
    endpoint: str | None,
    picture_png: Path | None,
    picture_svg: Path | None,
) -> None:
    """Write the interactive network view: one self-contained HTML file that opens offline.

    GRAPH_OR_REPORTS are graph files (Turtle, TriG, N-Triples, N-Quads, JSON-LD), extraction
    JSON or report .txt files (default: seeds/). The page shows the whole graph, or with
    --query only the nodes the query's result names and the edges between them. --png and
    --svg draw the opening view (the whole graph, not the --query part) as a still picture.
    """
    from courtgraph.sources import load_dataset
    from courtgraph.viz import write_html

    text = _query_text(query) if query is not None else None
    dataset = load_dataset(sources)
    written = write_html(dataset, out, title=title, query=text, endpoint=endpoint)
    click.echo(str(written))
    for picture in (picture_png, picture_svg):
        if picture is not None:
            from courtgraph.viz.picture import write_picture

            click.echo(str(write_picture(dataset, picture)))


def _query_text(query: str) -> str:
    from courtgraph.query import bind_values, named_queries, read_query

    named = named_queries().get(query)
    if named is not None and not Path(query).exists():
        return bind_values(named.text, named.params) if named.params else named.text
    return read_query(query)
