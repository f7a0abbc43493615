"""The package surface: light import, a tested __all__, the CLI's commands and help."""

from __future__ import annotations

import subprocess
import sys

from click.testing import CliRunner


def test_import_is_light():
    code = (
        "import sys, courtgraph; "
        "heavy = [m for m in ('rdflib', 'networkx', 'pyvis', 'pyshacl', 'pandas', 'yaml', 'cn2an', 'pypinyin') if m in sys.modules]; "
        "print(','.join(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == ""


def test_all_names_resolve():
    import courtgraph

    for name in courtgraph.__all__:
        assert getattr(courtgraph, name) is not None, name


def test_the_public_surface_is_small_and_exactly_this():
    import courtgraph

    assert sorted(courtgraph.__all__) == sorted([
        "__version__",
        "read_report", "extract_report", "extract", "Extraction", "Report", "Span",
        "evaluate", "load_gold",
        "build", "load_dataset", "run_query", "query_df", "named_queries", "QueryResult",
        "CourtgraphError", "InputError", "ExtractionError", "QueryError", "RefusedError", "ValidationError",
        "StoreError",
    ])


def test_every_exception_lives_in_errors_and_derives_from_courtgraph_error():
    import ast
    import inspect
    from pathlib import Path

    import courtgraph
    from courtgraph import errors

    for name in errors.__all__:
        cls = getattr(errors, name)
        # (warnings the library gives while it goes on have their own root, a Warning)
        root = errors.CourtgraphWarning if issubclass(cls, Warning) else errors.CourtgraphError
        assert issubclass(cls, root), name
    defined = {name for name, value in vars(errors).items() if inspect.isclass(value) and issubclass(value, BaseException)
               and value.__module__ == errors.__name__}
    assert defined == set(errors.__all__)
    package = Path(courtgraph.__file__).parent
    elsewhere = []
    for path in package.rglob("*.py"):
        if path.name == "errors.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef) and any(
                getattr(base, "id", getattr(base, "attr", "")).endswith(("Error", "Exception")) for base in node.bases
            ):
                elsewhere.append(f"{path.name}:{node.name}")
    assert elsewhere == []


def test_unknown_attribute():
    import courtgraph
    import pytest

    with pytest.raises(AttributeError):
        courtgraph.no_such_thing  # noqa: B018


def test_every_command_has_help_with_an_example():
    from courtgraph.cli import COMMANDS, cli

    runner = CliRunner()
    listed = runner.invoke(cli, ["--help"]).output
    for name in COMMANDS:
        assert name in listed, name
        result = runner.invoke(cli, [name, "--help"])
        assert result.exit_code == 0, (name, result.output)
        assert "Example" in result.output, name


def test_extract_command_json_and_table(seed_path):
    from courtgraph.cli import cli
    import json

    runner = CliRunner()
    result = runner.invoke(cli, ["extract", str(seed_path)])
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert data["report"]["court_zh"] == "德清县人民法院"
    table = runner.invoke(cli, ["extract", str(seed_path), "--format", "table"]).output
    assert "原始瓷遗址司法保护基地" in table and "检察院、公安局、文广旅体局" in table


def test_evaluate_command(seed_path, gold_path):
    from courtgraph.cli import cli
    import json

    runner = CliRunner()
    table = runner.invoke(cli, ["evaluate", str(seed_path), str(gold_path)])
    assert table.exit_code == 0 and "partner_relations" in table.output
    data = json.loads(runner.invoke(cli, ["evaluate", str(seed_path), str(gold_path), "--format", "json"]).output)
    assert set(data["categories"]) == {
        "themes", "work_areas", "organizations", "initiatives", "documents", "metrics", "awards", "partner_relations", "metric_changes",
    }


def test_cli_turns_errors_into_one_line(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    proc = subprocess.run([sys.executable, "-m", "courtgraph", "extract", str(empty)], capture_output=True, text=True)
    assert proc.returncode == 1
    assert proc.stderr.strip().count("\n") == 0 and "empty" in proc.stderr and "Traceback" not in proc.stderr


def test_readme_lists_every_command_with_its_options(root):
    """The README's command table is kept in step with the CLI's own --help."""
    import re

    from courtgraph.cli import COMMANDS, cli

    readme = (root / "README.md").read_text(encoding="utf-8")
    rows = {m.group(1): m.group(0) for m in re.finditer(r"^\| `courtgraph (\w+)[^|]*\|.*$", readme, re.M)}
    runner = CliRunner()
    for name in COMMANDS:
        assert name in rows, f"README has no row for `courtgraph {name}`"
        help_text = runner.invoke(cli, [name, "--help"]).output
        for option in re.findall(r"--[a-z][a-z-]+", rows[name]):
            assert option in help_text, f"README names {option} for {name}, which --help does not list"


def test_the_examples_in_the_docstrings_of_the_query_path_run():
    import doctest
    import importlib

    for name in ("courtgraph.sparql", "courtgraph.formats", "courtgraph.resources"):
        outcome = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
        assert outcome.attempted > 0 and outcome.failed == 0, name
