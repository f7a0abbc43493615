"""``courtgraph extract`` and ``courtgraph evaluate``."""

from __future__ import annotations

import json
from pathlib import Path

import click

from courtgraph.model import Extraction

__all__ = ["extract", "evaluate", "summary_table", "force_option", "max_size_option", "megabytes"]

# shared by extract and build: the two commands that read report texts and refuse some
force_option = click.option(
    "--force", is_flag=True, help="Go on with a text that does not read as a court work report (no court, year or chapters found)."
)
max_size_option = click.option(
    "--max-size", type=click.FloatRange(min=0, min_open=True), default=5.0, show_default=True, metavar="MB",
    help="Refuse report texts larger than this many megabytes.",
)


def megabytes(value: float) -> int:
    """``--max-size`` in bytes."""
    return int(value * 1_000_000)


def summary_table(ex: Extraction) -> str:
    """A readable summary of an extraction: the structure, then one line per fact."""
    r = ex.report
    lines = [f"{r.court_zh} ({r.court_en}) — {r.year} — {r.province_zh or '?'} {r.city_zh or ''} {r.county_zh or ''}".rstrip()]
    lines.append("")
    lines.append(f"Themes ({len(ex.themes)}) and work areas ({sum(len(t.work_areas) for t in ex.themes)}):")
    for t in ex.themes:
        lines.append(f"  {t.id}  {t.heading_zh}")
        for w in t.work_areas:
            lines.append(f"      {w.id}  {w.lead_zh}")
    orgs = {o.id: o for o in ex.organizations}
    lines.append("")
    lines.append(f"Organisations ({len(ex.organizations)}):")
    for o in ex.organizations:
        lines.append(f"  {o.id:<4} {o.mention_zh:<16} {o.kind:<20} {o.role:<11} {o.canonical_zh or '-'}")
    lines.append("")
    lines.append(f"Initiatives ({len(ex.initiatives)}):")
    for i in ex.initiatives:
        partners = "、".join(orgs[p].mention_zh for p in i.partners if p in orgs) or "-"
        firsts = f"  [{'、'.join(i.firsts)}]" if i.firsts else ""
        outcomes = f"  → {', '.join(i.outcomes)}" if i.outcomes else ""
        lines.append(f"  {i.id:<4} {i.name_zh:<18} {i.type:<10} {i.work_area or '-':<5} partners: {partners}{firsts}{outcomes}")
    lines.append("")
    lines.append(f"Quantities ({len(ex.metrics)}):")
    for m in ex.metrics:
        extra = []
        if m.approx:
            extra.append(m.approx)
        if m.change:
            extra.append(f"{m.change.basis}{'↑' if m.change.direction == 'up' else '↓'}{m.change.value}{m.change.unit_zh}")
        if m.rank_zh:
            extra.append(m.rank_zh)
        lines.append(f"  {m.id:<4} {m.value}{m.unit_zh:<5} {m.measure_zh}  ({m.attached_to}){'  ' + ' '.join(extra) if extra else ''}")
    lines.append("")
    lines.append(f"Documents ({len(ex.documents)}):")
    for d in ex.documents:
        lines.append(f"  {d.id:<4} {d.action_zh or '?'}《{d.title_zh}》 ({d.work_area})")
    lines.append("")
    lines.append(f"Awards ({len(ex.awards)}):")
    for a in ex.awards:
        lines.append(f"  {a.id:<4} {a.name_zh} — {a.level} — {a.recipient}")
    if ex.cases:
        lines.append("")
        lines.append(f"Cases ({len(ex.cases)}): " + "; ".join(c.mention_zh for c in ex.cases))
    if ex.concepts:
        lines.append(f"Concepts ({len(ex.concepts)}): " + "、".join(k.name_zh for k in ex.concepts))
    return "\n".join(lines)


@click.command()
@click.argument("report", type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["json", "table"]), default="json", show_default=True, help="JSON in the gold schema's shape, or a readable table.")
@click.option(
    "--curation-template", is_flag=True,
    help="Instead of printing the facts, write REPORT's curation file (NAME.curation.yaml beside it) listing them, for a person to correct; an existing one is left alone.",
)
@max_size_option
def extract(report: Path, fmt: str, max_size: float, curation_template: bool) -> None:
    """Extract the facts of REPORT (a text, PDF, web page or Word file) with their source spans.

    A text that does not read as a court work report (no court, year or chapters found) is
    extracted with a warning saying so; ``build`` refuses it unless ``--force``. The facts are
    those the rules found: a curation file beside REPORT is applied by ``build``, not here.

    \b
    Examples:
      courtgraph extract seeds/deqing-court-2024.txt --format table
      courtgraph extract seeds/deqing-court-2024.txt --curation-template
    """
    from courtgraph.screen import check_size, extract_screened

    check_size(report, megabytes(max_size))
    screened = extract_screened(report)
    for note in screened.notes:
        click.echo(f"Warning: {note}", err=True)
    if screened.refusal:
        # (an excerpt of a report is still worth reading; the build is where it is refused)
        click.echo(f"Warning: {screened.refusal}; build refuses it unless --force", err=True)
    ex = screened.extraction
    if curation_template:
        from courtgraph.curation import write_curation_template

        click.echo(f"Wrote {write_curation_template(ex, report)}; edit it, then build the report", err=True)
        return
    if fmt == "json":
        click.echo(json.dumps(ex.to_dict(), ensure_ascii=False, indent=2))
    else:
        click.echo(summary_table(ex))


@click.command()
@click.argument("reports", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("--show-errors/--no-show-errors", default=None, help="List every gold item missed and every predicted item not in gold, with its sentence (default: on for one report, off for several).")
def evaluate(reports: tuple[Path, ...], fmt: str, show_errors: bool | None) -> None:
    """Score extractions against gold annotations: REPORT GOLD.yaml, or report files and
    folders whose gold files stand beside them (d01.txt + d01.yaml); several reports are
    micro-averaged (errors added up over all of them).

    \b
    Examples:
      courtgraph evaluate seeds/deqing-court-2024.txt tests/gold/deqing-2024.yaml
      courtgraph evaluate tests/data/dev-reports/ --show-errors
    """
    from courtgraph.evaluate import evaluate as run_evaluation
    from courtgraph.evaluate import evaluate_many, gold_pairs
    from courtgraph.extract import extract_report

    if len(reports) == 2 and reports[1].suffix in (".yaml", ".yml") and reports[0].is_file() and reports[0].suffix not in (".yaml", ".yml"):
        pairs = [(reports[0], reports[1])]
    else:
        pairs = gold_pairs(reports)
    scored = []
    sentences: dict[str, list[str]] = {}
    for report, gold in pairs:
        ex = extract_report(report, metadata={})
        scored.append((report.stem, run_evaluation(ex, gold)))
        sentences[report.stem] = [s.text for s in ex.sentences]
    scores = scored[0][1] if len(scored) == 1 else evaluate_many(scored)
    if fmt == "json":
        click.echo(scores.to_json())
        return
    if len(scored) > 1:
        click.echo(f"{len(scored)} reports, micro-averaged")
    click.echo(scores.table())
    if show_errors if show_errors is not None else len(scored) == 1:
        one = scored[0][0] if len(scored) == 1 else None
        for title, items in (("missed", scores.missed), ("not in gold", scores.spurious)):
            rows = [(k, v) for k, v in items.items() if v]
            if rows:
                click.echo("")
                for k, v in rows:
                    for item in v:
                        click.echo(f"{title} {k}: {item}{_where(item, sentences, one)}")


def _where(item: str, sentences: dict[str, list[str]], only: str | None) -> str:
    """The first sentence of the item's report that holds the item's name: ``  ‹sentence›``."""
    import re

    from courtgraph.ingest import squash

    m = re.match(r"^\[(?P<report>[^\]]+)\] (?P<rest>.*)$", item)
    report, rest = (m.group("report"), m.group("rest")) if m else (only, item)
    name = squash(re.split(r" \(| — | \d", rest)[0])
    for sentence in sentences.get(report or "", []):
        if name and name in squash(sentence):
            return f"  ‹{sentence}›"
    return ""
