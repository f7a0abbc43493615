"""``courtgraph stats`` and ``courtgraph export``: thin shells over ``courtgraph.analytics``."""

from __future__ import annotations

import json
import math
import sys
from typing import Any

import click

from courtgraph.results import aligned

FORMATS = ("table", "json", "csv")


def _load(sources: tuple[str, ...]) -> Any:
    from courtgraph.sources import load_dataset

    return load_dataset(list(sources))


def _plain(value: Any) -> Any:
    """JSON has no NaN: an undefined measure becomes null."""
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item"):  # numpy scalars
        return _plain(value.item())
    return value


def compute(sources: tuple[str, ...], measures: tuple[str, ...]) -> tuple[dict[str, int], dict[str, Any]]:
    """Load the graph and run the chosen measures, with a progress bar after one second."""
    from tqdm import tqdm

    from courtgraph import analytics

    # delay=1: quick runs print nothing; disable=None: no bar when stderr is not a terminal.
    with tqdm(total=len(measures) + 2, desc="stats", unit="step", delay=1.0, disable=None,
              file=sys.stderr, leave=False) as bar:
        bar.set_postfix_str("loading")
        graph = _load(sources)
        bar.update()
        headline = analytics.summary(graph).as_dict()
        bar.update()
        tables = {}
        for name in measures:
            bar.set_postfix_str(name)
            tables[name] = analytics.MEASURES[name](graph)
            bar.update()
    return headline, tables


def render(headline: dict[str, int], tables: dict[str, Any], fmt: str) -> str:
    """The text ``stats`` prints: aligned tables, one JSON object, or CSV sections."""
    if fmt == "json":
        payload: dict[str, Any] = {"summary": headline}
        for name, frame in tables.items():
            payload[name] = [{k: _plain(v) for k, v in row.items()} for row in frame.to_dict(orient="records")]
        return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
    if fmt == "csv":
        if len(tables) == 1:
            return next(iter(tables.values())).to_csv(index=False, lineterminator="\n")
        # Several tables cannot share one header row: each gets a "# name" line before it.
        parts = [f"# {name}\n" + frame.to_csv(index=False, lineterminator="\n") for name, frame in tables.items()]
        return "\n".join(parts)
    lines = ["summary"] + [f"  {k:<22} {_number(v)}" for k, v in headline.items()]
    for name, frame in tables.items():
        dropped = [c for c in ("iri", "report") if c in frame.columns and (c == "iri" or frame[c].nunique() <= 1)]
        shown = frame.drop(columns=dropped)
        lines += ["", name.replace("_", " ")]
        if shown.empty:
            lines.append("  (none)")
            continue
        numeric = {i for i, column in enumerate(shown.columns) if shown[column].dtype.kind in "iuf"}
        # a column of measures between 0 and 1 keeps four decimals throughout; counts and sums have none
        decimals = [4 if shown[c].dtype.kind == "f" and any(not float(v).is_integer() or 0 <= v < 1 for v in shown[c].dropna())
                    else 0 for c in shown.columns]
        rows = [[_number(value, places) for value, places in zip(row, decimals)] for row in shown.itertuples(index=False)]
        lines += aligned([str(c) for c in shown.columns], rows, right=numeric)
    return "\n".join(lines) + "\n"


def _number(value: Any, places: int = 0) -> str:
    """A value as people read it: 3,129,000,000 or 0.1818, never 3.129e+09; nothing stated, said so."""
    value = _plain(value)
    if value is None:
        return "none stated"
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return str(value)
    return f"{value:,.{places}f}"


@click.command()
@click.argument("sources", nargs=-1, metavar="[GRAPH_OR_REPORTS]...")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
              help="Aligned tables, one JSON object, or CSV.")
@click.option("--measure", "measures", multiple=True, metavar="NAME",
              help="Only this measure (repeatable; 'summary' is the headline alone). Default: all of them.")
def stats(sources: tuple[str, ...], fmt: str, measures: tuple[str, ...]) -> None:
    """Network analytics of the court's partnerships.

    Reads built graph files (Turtle, TriG, JSON-LD, N-Triples), extractions (.json, gold
    .yaml) or report texts (default: seeds/), and prints: partner centrality, agencies bridging themes, initiatives per theme and per
    partner kind, outcomes per theme (the quantities each theme states, per unit),
    communities of co-operating agencies, initiatives with no stated outcome, and
    "firsts" per theme. With several measures, CSV output puts a "# name" line before
    each table.

    \b
    Example:
      courtgraph stats seeds/deqing-court-2024.txt --measure partner_centrality
    """
    from courtgraph.analytics import MEASURES

    # "summary" is the headline every run prints; asked for alone, it is all that is printed
    unknown = [m for m in measures if m not in MEASURES and m != "summary"]
    if unknown:
        raise click.BadParameter(
            f"unknown measure {unknown[0]!r}; available: summary, {', '.join(MEASURES)}", param_hint="--measure")
    chosen = tuple(m for m in measures if m != "summary") if measures else tuple(MEASURES)
    headline, tables = compute(sources, chosen)
    click.echo(render(headline, tables, fmt), nl=False)


@click.command()
@click.argument("sources", nargs=-1, metavar="[GRAPH_OR_REPORTS]...")
@click.option("--format", "fmt", type=click.Choice(("graphml", "gexf")), default=None,
              help="File format; default from the --out suffix, else graphml.")
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False, writable=True),
              help="File to write.")
@click.option("--view", type=click.Choice(("full", "partners", "organisations", "themes")), default="full",
              show_default=True,
              help="full: every entity and relation; partners: initiatives and their partner "
                   "organisations; organisations: agencies linked by shared initiatives; "
                   "themes: theme → work area → initiative.")
def export(sources: tuple[str, ...], fmt: str | None, out: str, view: str) -> None:
    """Export the network as GraphML or GEXF for Gephi, Cytoscape or yEd.

    Nodes carry label (Chinese), label_en, class, kind and iri as attributes.

    \b
    Example:
      courtgraph export seeds/deqing-court-2024.txt --view partners --out partners.gexf
    """
    from courtgraph.analytics import export_network

    chosen = fmt or ("gexf" if out.lower().endswith(".gexf") else "graphml")
    path = export_network(_load(sources), out, format=chosen, view=view)
    click.echo(f"wrote {path} ({chosen}, view {view})", err=True)
