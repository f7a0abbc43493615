"""``courtgraph viz``: a thin shell over ``courtgraph.viz.write_html``."""

from __future__ import annotations

from pathlib import Path

import click


EXAMPLE = """\b
Example:
  courtgraph viz out/courtgraph.trig --query procuratorate.rq --out procuratorate.html"""


@click.command("viz", epilog=EXAMPLE)
@click.argument("sources", nargs=-1, metavar="[GRAPH_OR_REPORTS]...")
@click.option(
    "--out",
    "out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("courtgraph.html"),
    show_default=True,
    help="The HTML file to write.",
)
@click.option(
    "--query",
    "query_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A SPARQL SELECT or CONSTRUCT file: draw only the nodes it returns.",
)
@click.option("--title", help="Page title (default: the report names).")
def viz(sources: tuple[str, ...], out: Path, query_file: Path | None, title: str | None) -> None:
    """Write the interactive network view: one self-contained HTML file that opens offline.

    GRAPH_OR_REPORTS are graph files (Turtle, TriG, N-Triples, N-Quads, JSON-LD), extraction
    JSON or report .txt files (default: seeds/). The page shows the whole graph, or with
    --query only the nodes the query's result names and the edges between them.
    """
    from courtgraph.viz import write_html

    query = query_file.read_text(encoding="utf-8") if query_file is not None else None
    from courtgraph.sources import load_dataset

    written = write_html(load_dataset(sources), out, title=title, query=query)
    click.echo(str(written))
