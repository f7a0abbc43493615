"""``courtgraph compare``: a thin shell over :func:`courtgraph.compare.compare`."""

from __future__ import annotations

import click

COMPARE_EXAMPLE = """\b
Examples:
  courtgraph compare tonglu-2023.txt tonglu-2024.pdf
  courtgraph compare --graph out/courtgraph.trig 桐庐县人民法院:2023 桐庐县人民法院:2024 --format json
  courtgraph compare --graph reports/ 桐庐县人民法院:2024 淳安县人民法院:2024"""


@click.command("compare", epilog=COMPARE_EXAMPLE)
@click.argument("a", metavar="A")
@click.argument("b", metavar="B")
@click.option("--graph", "graphs", multiple=True, metavar="FILE",
              help="Graph, extraction or report file/directory holding both reports; repeatable. "
                   "A and B are then COURT:YEAR pairs.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("--store", type=click.Choice(["oxigraph", "memory"]), default="oxigraph", show_default=True,
              help="Embedded store that holds the --graph sources while they are compared.")
@click.option("--tolerance", type=click.FloatRange(min=0), default=None, metavar="POINTS",
              help="Percentage points a stated 同比 may differ beyond the rounding of the written figures  [default: 0.1]")
def compare(a: str, b: str, graphs: tuple[str, ...], fmt: str, store: str, tolerance: float | None) -> None:
    """Compare report B with report A: initiatives new, continued or dropped; partners that
    appeared or disappeared; figures side by side; stated 同比 changes checked.

    A and B are two report files, or, with --graph, two COURT:YEAR pairs inside a corpus
    (year over year for one court, or court against court). The exit status is 0 even when a
    stated change disagrees; the table lists such changes at its end.
    """
    from courtgraph.compare import TOLERANCE, compare as run, format_comparison

    comparison = run(a, b, sources=graphs, store=store, tolerance=TOLERANCE if tolerance is None else tolerance)  # type: ignore[arg-type]
    click.echo(format_comparison(comparison, fmt), nl=False)  # type: ignore[arg-type]
