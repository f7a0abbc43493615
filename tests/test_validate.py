"""SHACL: the seed graph conforms; broken graphs are reported by node and constraint."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from rdflib import Dataset, Literal, Namespace, URIRef

from courtgraph.model import Extraction
from iris import AIXIN_IRI, PROCURATORATE_IRI, REPORT_IRI

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "gold" / "deqing-2024.yaml"
SEED = ROOT / "seeds" / "deqing-court-2024.txt"
CG = Namespace("https://w3id.org/courtgraph/ontology#")
SCHEMA = Namespace("https://schema.org/")
REPORT = URIRef(REPORT_IRI)


@pytest.fixture(scope="module")
def gold() -> Extraction:
    return Extraction.from_dict(yaml.safe_load(GOLD.read_text(encoding="utf-8")))


def fresh(gold: Extraction) -> Dataset:
    from courtgraph.rdf import to_dataset

    return to_dataset([gold])


def test_gold_derived_graph_conforms(gold: Extraction) -> None:
    from courtgraph.validate import validate_graph

    report = validate_graph(fresh(gold))
    assert report.conforms, report.text
    assert report.violations == ()
    assert report.text.startswith("Conforms")


def test_seed_graph_from_the_extractor_conforms() -> None:
    from courtgraph.sources import load_dataset
    from courtgraph.validate import validate_graph

    report = validate_graph(load_dataset([SEED]))
    assert report.conforms, report.text


def test_broken_graph_names_node_and_constraint(gold: Extraction) -> None:
    from courtgraph.validate import validate_graph

    ds = fresh(gold)
    graph = ds.graph(REPORT)
    graph.remove((REPORT, CG.year, None))
    metric = URIRef(f"{REPORT}/metric/3")
    graph.remove((metric, SCHEMA.value, None))
    graph.add((metric, CG.approximation, Literal("余", lang="zh")))
    graph.add((metric, CG.approximation, Literal("超", lang="zh")))
    report = validate_graph(ds)
    assert not report.conforms
    found = {(v.focus, v.path, v.constraint) for v in report.violations}
    assert found == {
        (f"<{REPORT}>", "cg:year", "sh:MinCountConstraintComponent"),
        (f"<{metric}>", "schema:value", "sh:MinCountConstraintComponent"),
        (f"<{metric}>", "cg:approximation", "sh:MaxCountConstraintComponent"),
    }
    lines = report.text.splitlines()
    assert lines[0].startswith("Does not conform: 3 violation")
    assert any(str(REPORT) in line and "cg:year" in line and "MinCount" in line for line in lines[1:])


def test_value_outside_the_vocabulary_and_wrong_language_are_violations(gold: Extraction) -> None:
    from courtgraph.rdf import to_dataset
    from courtgraph.validate import validate_graph

    orgs = list(gold.organizations)
    orgs[7] = dataclasses.replace(orgs[7], kind="spaceship")
    ds = to_dataset([dataclasses.replace(gold, organizations=tuple(orgs))])
    initiative = URIRef(AIXIN_IRI)
    ds.graph(REPORT).add((initiative, CG.firstClaim, Literal("first in the province", lang="en")))
    report = validate_graph(ds)
    found = {(v.focus.rsplit("/", 1)[-1], v.path, v.constraint) for v in report.violations}
    assert (PROCURATORATE_IRI.rsplit("/", 1)[-1] + ">", "cg:orgKind", "sh:ClassConstraintComponent") in found
    assert (AIXIN_IRI.rsplit("/", 1)[-1] + ">", "cg:firstClaim", "sh:LanguageInConstraintComponent") in found


def test_validate_file_and_cli(gold: Extraction, tmp_path: Path) -> None:
    from courtgraph.cli import cli
    from courtgraph.validate import validate_file

    good = tmp_path / "good.trig"
    ds = fresh(gold)
    good.write_text(ds.serialize(format="trig"), encoding="utf-8")
    assert validate_file(good).conforms
    ds.graph(REPORT).remove((REPORT, CG.court, None))
    bad = tmp_path / "bad.trig"
    bad.write_text(ds.serialize(format="trig"), encoding="utf-8")

    runner = CliRunner()
    ok = runner.invoke(cli, ["validate", str(good)])
    assert ok.exit_code == 0 and "Conforms" in ok.output
    failed = runner.invoke(cli, ["validate", str(bad)])
    assert failed.exit_code == 1
    assert "cg:court" in failed.output and "MinCountConstraintComponent" in failed.output


def test_unreadable_graph_file_is_one_clear_error(tmp_path: Path) -> None:
    from courtgraph.errors import InputError
    from courtgraph.validate import validate_file

    broken = tmp_path / "broken.ttl"
    broken.write_text("<a> <b> .", encoding="utf-8")
    with pytest.raises(InputError, match="broken.ttl: not valid turtle"):
        validate_file(broken)
    with pytest.raises(InputError, match="no such file"):
        validate_file(tmp_path / "missing.ttl")
