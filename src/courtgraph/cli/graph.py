"""``courtgraph build``, ``validate`` and ``query``: thin shells over build, validate and query."""

from __future__ import annotations

import click

from courtgraph.build import LAYOUTS
from courtgraph.cli.reading import force_option, max_size_option, megabytes
from courtgraph.errors import ValidationError

BUILD_EXAMPLE = """\b
Examples:
  courtgraph build seeds/ --out out/
  courtgraph build reports/ report.pdf page.html --fail-fast
  courtgraph build province/ --out corpus/ --layout parts"""

VALIDATE_EXAMPLE = """\b
Example:
  courtgraph validate out/courtgraph.ttl"""

QUERY_EXAMPLE = """\b
Examples:
  courtgraph query --list
  courtgraph query --name cq02 --graph out/courtgraph.trig
  courtgraph query --name cq06 --param name=爱心天平 --format csv
  courtgraph query 'SELECT ?o WHERE { ?i cg:partner ?o }' --store memory --timeout 10"""


@click.command("build", epilog=BUILD_EXAMPLE)
@click.argument("sources", nargs=-1, metavar="[REPORT_OR_DIR ...]")
@click.option("--out", "out_dir", default="out", show_default=True, type=click.Path(file_okay=False), help="Output directory.")
@click.option("--no-html", is_flag=True, help="Do not write the HTML network view.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None, help="Worker processes  [default: every core]")
@click.option("--no-cache", is_flag=True, help="Rebuild every report; read and write no cache.")
@click.option("--cache-dir", type=click.Path(file_okay=False), default=None, help="Cache directory  [default: $COURTGRAPH_CACHE_DIR or ~/.cache/courtgraph]")
@click.option("--fail-fast", is_flag=True, help="Stop at the first report that cannot be built (default: build the others, list it, exit 1).")
@click.option("--layout", type=click.Choice(LAYOUTS), default=LAYOUTS[0], show_default=True,
              help="files: the corpus as whole files in every format, and the view. parts: one N-Quads file per report's graph "
                   "under graphs/, and the store; a build that adds a report writes its part, the shared graph's "
                   "and the index, and updates the store in place (no view).")
@force_option
@max_size_option
@click.pass_context
def build(
    ctx: click.Context, sources: tuple[str, ...], out_dir: str, no_html: bool, jobs: int | None, no_cache: bool,
    cache_dir: str | None, fail_fast: bool, layout: str, force: bool, max_size: float,
) -> None:
    """Build Turtle, JSON-LD, N-Triples, TriG and an Oxigraph store from REPORTs.

    REPORT_OR_DIR is a report (.txt, .pdf, .html/.htm, .docx), a folder of them (read with its
    subfolders), an extraction (.json/.yaml) or a graph file; the default is seeds/. Files in
    a folder that are not reports are listed as skipped; a report that cannot be read or is
    not a court report is listed as failed, the others are built, and the exit status is 1.
    Each report has its named graph; what reports share is stated once, in a shared graph.
    Each report is checked against the SHACL shapes, and the corpus for what reports can
    only break together, before anything is written: a report at fault is listed as failed
    with its first violation and left out (with --fail-fast, or when none conforms, every
    violation is listed and nothing is written). Reports are built
    in parallel and cached: a report already built by the same version is read back, and a
    build whose inputs and outputs have not changed writes nothing. query, stats, viz,
    compare and serve given the output folder open its store instead of parsing the files.
    With --layout parts the corpus is kept as one N-Quads file per graph (graphs/ and
    courtgraph-parts.json) and the store; a build that adds reports writes their parts and
    the shared graph's, and updates the store in place.
    """
    from courtgraph.build import build as run_build

    try:
        result = run_build(sources, out_dir=out_dir, html=not no_html, jobs=jobs, cache_dir=cache_dir, use_cache=not no_cache,
                           fail_fast=fail_fast, force=force, max_size=megabytes(max_size), layout=layout)
    except ValidationError as exc:
        click.echo(exc.report, err=True)
        click.echo(f"Error: {exc}", err=True)
        ctx.exit(1)
    for note in result.notes:
        click.echo(f"Warning: {note}", err=True)
    for line in result.problems():
        click.echo(line, err=True)
    click.echo(result.summary())
    if result.failed:
        ctx.exit(1)


@click.command("validate", epilog=VALIDATE_EXAMPLE)
@click.argument("graphs", nargs=-1, required=True, metavar="GRAPH ...")
@click.pass_context
def validate(ctx: click.Context, graphs: tuple[str, ...]) -> None:
    """Check graph files (.ttl, .trig, .nt, .nq, .jsonld) against the SHACL shapes.

    Prints "Conforms" or one line per violation (node, property, constraint, message);
    exits with status 1 when any file does not conform.
    """
    from courtgraph.validate import validate_file

    failed = False
    for graph in graphs:
        report = validate_file(graph)
        prefix = f"{graph}: " if len(graphs) > 1 else ""
        click.echo(prefix + report.text)
        failed = failed or not report.conforms
    if failed:
        ctx.exit(1)


def _params(values: tuple[str, ...]) -> dict[str, str]:
    params = {}
    for value in values:
        name, sep, text = value.partition("=")
        if not sep or not name.strip():
            raise click.BadParameter(f"expected NAME=VALUE, got {value!r}", param_hint="--param")
        params[name.strip().lstrip("?")] = text
    return params


@click.command("query", epilog=QUERY_EXAMPLE)
@click.argument("query_or_file", required=False, metavar="[QUERY_OR_FILE]")
@click.option("--name", help="Run a named query from queries/ (see --list).")
@click.option("--list", "list_queries", is_flag=True, help="List the named queries and exit.")
@click.option("--graph", "graphs", multiple=True, metavar="FILE", help="Graph, extraction or report file/directory; repeatable. Default: seeds/.")
@click.option("--format", "fmt", default="table", show_default=True, metavar="NAME",
              help="table (readable; Turtle for CONSTRUCT/DESCRIBE), or a result format: json, xml, csv, tsv "
                   "(SELECT, ASK), turtle, n3, nt, jsonld, rdfxml (CONSTRUCT, DESCRIBE).")
@click.option("--store", type=click.Choice(["oxigraph", "memory"]), default="oxigraph", show_default=True,
              help="Embedded store that runs the query: Oxigraph, or rdflib's in-memory store.")
@click.option("--timeout", default=60.0, show_default=True, type=click.FloatRange(min=0, min_open=True), metavar="SECONDS",
              help="Stop a query still running after this long (Ctrl-C stops it at once).")
@click.option("--endpoint", metavar="URL", help="Run on a remote SPARQL endpoint instead of local files.")
@click.option("--param", "params", multiple=True, metavar="NAME=VALUE", help="Bind a projected variable (named queries declare defaults).")
@click.option("--user", help="User name for --endpoint.")
@click.option("--password", envvar="COURTGRAPH_PASSWORD", help="Password for --endpoint (or COURTGRAPH_PASSWORD).")
def query(
    query_or_file: str | None,
    name: str | None,
    list_queries: bool,
    graphs: tuple[str, ...],
    fmt: str,
    store: str,
    timeout: float,
    endpoint: str | None,
    params: tuple[str, ...],
    user: str | None,
    password: str | None,
) -> None:
    """Run SPARQL (SELECT, ASK, CONSTRUCT, DESCRIBE) over built graphs or straight over reports.

    The query is checked before it runs: a malformed one fails with its line and column.
    Prefixes cg:, cgd:, cgv:, skos:, prov:, oa:, schema:, dcterms: … are predeclared.
    """
    from courtgraph.query import named_queries, named_query, read_query, run_query, run_remote
    from courtgraph.results import format_result

    if list_queries:
        for query_name, named in named_queries().items():
            params_text = "".join(f" [{k}={v}]" for k, v in named.params.items()) + "".join(f" [{k}]" for k in named.optional)
            click.echo(f"{query_name:<26} {named.question_en}{params_text}")
            click.echo(f"{'':<26} {named.question_zh}")
        return
    if (name is None) == (query_or_file is None):
        raise click.UsageError("give either QUERY_OR_FILE or --name (or --list)")
    bindings = _params(params)
    if name is not None:
        named = named_query(name)
        text = named.text
        bindings = {**named.params, **bindings}
    else:
        assert query_or_file is not None
        text = read_query(query_or_file)
    if endpoint:
        result = run_remote(endpoint, text, params=bindings, user=user, password=password, timeout=timeout)
    else:
        from courtgraph.cache import default_cache_dir
        from courtgraph.sources import query_target
        from courtgraph.sparql import check

        # each command is a new process: what the gate accepted before is kept on disk, so a
        # query asked again skips rdflib's parser (see courtgraph.sparql.check)
        remembered = default_cache_dir() / "checks"
        # fail on a malformed or refused query before any report is read (FROM is judged
        # once the graphs are known)
        check(text, graphs=None, remembered=remembered)
        target = query_target(graphs, store=store)  # type: ignore[arg-type]
        result = run_query(text, target, params=bindings, timeout=timeout, remembered=remembered)
    click.echo(format_result(result, fmt), nl=False)
