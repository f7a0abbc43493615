"""The ``courtgraph`` command line: each command is a thin shell over one public function.

Commands live in small modules and are imported only when run, so ``courtgraph --help``
and ``import courtgraph`` stay fast.
"""

from __future__ import annotations

import importlib
import sys
from typing import Any

import click

from courtgraph.errors import CourtgraphError, CourtgraphWarning

# command name -> "module:attribute" inside courtgraph.cli
COMMANDS: dict[str, str] = {
    "extract": "courtgraph.cli.reading:extract",
    "evaluate": "courtgraph.cli.reading:evaluate",
    "build": "courtgraph.cli.graph:build",
    "validate": "courtgraph.cli.graph:validate",
    "query": "courtgraph.cli.graph:query",
    "viz": "courtgraph.cli.view:viz",
    "serve": "courtgraph.cli.serving:serve",
    "push": "courtgraph.cli.serving:push",
    "stats": "courtgraph.cli.network:stats",
    "export": "courtgraph.cli.network:export",
    "compare": "courtgraph.cli.comparing:compare",
}

SHORT_HELP: dict[str, str] = {
    "extract": "Extract the facts of a report as JSON or a table.",
    "evaluate": "Score an extraction against a gold annotation.",
    "build": "Build the knowledge graph files (Turtle, JSON-LD, N-Triples, TriG, HTML).",
    "validate": "Check a graph file against the SHACL shapes.",
    "query": "Run SPARQL (or a named query) over built graphs, reports or an endpoint.",
    "viz": "Write the interactive HTML network view.",
    "serve": "Serve a read-only SPARQL endpoint with an explorer page.",
    "push": "Load graphs into a remote SPARQL store, one named graph per report.",
    "stats": "Network analytics of the partnerships.",
    "export": "Export the network as GraphML or GEXF.",
    "compare": "Compare two reports: initiatives, partners, figures, stated 同比 checked.",
}


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module_name, attr = target.split(":")
        command: click.Command = getattr(importlib.import_module(module_name), attr)
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, SHORT_HELP.get(name, "")) for name in self.list_commands(ctx)]
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)


@click.group(cls=LazyGroup)
@click.version_option(package_name="courtgraph")
def cli() -> None:
    """courtgraph: Chinese court work reports as a knowledge graph.

    \b
    Example:
      courtgraph build seeds/ --out out/
    """


def _show_warning(message: Any, category: type[Warning], *args: Any, **kwargs: Any) -> None:
    click.echo(f"Warning: {message}" if issubclass(category, CourtgraphWarning) else f"{category.__name__}: {message}", err=True)


def main(argv: list[str] | None = None) -> Any:
    """Entry point: library errors become one line on stderr and exit status 1."""
    import warnings

    try:
        with warnings.catch_warnings():
            warnings.showwarning = _show_warning  # ours as one "Warning:" line, like errors
            return cli.main(args=argv, standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        sys.exit(1)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except CourtgraphError as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(1)
