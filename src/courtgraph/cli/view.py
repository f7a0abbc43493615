"""``courtgraph viz``: a thin shell over ``courtgraph.viz.write_html``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from courtgraph.errors import InputError

# rdflib parser names for graph files given directly
_GRAPH_FORMATS = {
    ".ttl": "turtle",
    ".trig": "trig",
    ".nt": "nt",
    ".nq": "nquads",
    ".jsonld": "json-ld",
    ".json": "json-ld",
    ".rdf": "xml",
    ".owl": "xml",
}


def load(sources: tuple[str, ...]) -> Any:
    """The graph of the given files (graph files, or reports extracted in memory)."""
    if not sources:
        raise InputError("no input: give one or more graph files or report files")
    try:
        from courtgraph.store import load as store_load
    except ImportError:  # the store module is optional in a partial install; read graph files directly
        return _parse(sources)
    return store_load(list(sources))


def _parse(sources: tuple[str, ...]) -> Any:
    from rdflib import Dataset

    dataset = Dataset(default_union=True)
    for source in sources:
        path = Path(source)
        fmt = _GRAPH_FORMATS.get(path.suffix.lower())
        if not path.is_file():
            raise InputError(f"no such file: {path}")
        if fmt is None:
            raise InputError(f"{path}: expected a graph file ({', '.join(sorted(_GRAPH_FORMATS))})")
        try:
            dataset.parse(path, format=fmt)
        except Exception as exc:  # rdflib raises many parser-specific types
            raise InputError(f"{path}: not a readable {fmt} file ({exc})") from exc
    return dataset


EXAMPLE = """\b
Example:
  courtgraph viz out/deqing-2024.trig --query procuratorate.rq --out procuratorate.html"""


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

    GRAPH_OR_REPORTS are graph files (Turtle, TriG, N-Triples, N-Quads, JSON-LD) or report
    .txt files. The page shows the whole graph, or with --query only the nodes the query's
    result names and the edges between them.
    """
    from courtgraph.viz import write_html

    query = query_file.read_text(encoding="utf-8") if query_file is not None else None
    written = write_html(load(sources), out, title=title, query=query)
    click.echo(str(written))
