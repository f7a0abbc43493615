"""The built wheel works outside the clone: ontology, shapes and named queries come from it.

The wheel is built from a copy of the project's files, installed without dependencies in a
fresh virtual environment in a temporary folder, and run from another temporary folder.
The dependencies (rdflib, pyoxigraph …) are borrowed from the test environment by adding
its site-packages as a plain path: that adds their modules but runs none of the ``.pth``
files there, so the test environment's editable courtgraph stays invisible; the test
checks that the courtgraph that answers, and every file it reads, lie inside the new
environment.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _run(args: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, f"{args} failed:\n{done.stdout}\n{done.stderr}"
    return done


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict[str, str]]:
    """(the wheel, the new environment's bin folder, an environment for running it)."""
    base = tmp_path_factory.mktemp("wheel")
    source = base / "source"
    source.mkdir()
    # the files a build reads; the links src/courtgraph/{ontology,queries} are copied as links
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, source / name)
    ignore = shutil.ignore_patterns("__pycache__", "*.egg-info", "*.pyc")
    for name in ("src", "ontology", "queries"):
        shutil.copytree(ROOT / name, source / name, symlinks=True, ignore=ignore)
    env = {key: value for key, value in os.environ.items() if not key.startswith(("PYTHON", "COURTGRAPH_", "VIRTUAL_ENV"))}
    env["COURTGRAPH_CACHE_DIR"] = str(base / "cache")
    dist = base / "dist"
    _run([sys.executable, "-m", "pip", "wheel", str(source), "--no-deps", "--no-build-isolation", "--quiet", "-w", str(dist)],
         cwd=base, env=env)
    (wheel,) = dist.glob("courtgraph-*.whl")

    venv = base / "venv"
    _run([sys.executable, "-m", "venv", "--without-pip", str(venv)], cwd=base, env=env)
    _run([sys.executable, "-m", "pip", "--python", str(venv / "bin" / "python"), "install", "--no-deps", "--quiet", str(wheel)],
         cwd=base, env=env)
    purelib = _run([str(venv / "bin" / "python"), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                   cwd=base, env=env).stdout.strip()
    borrowed = sorted({sysconfig.get_path("purelib"), sysconfig.get_path("platlib")})
    Path(purelib, "borrowed-dependencies.pth").write_text("".join(f"{path}\n" for path in borrowed), encoding="utf-8")
    return wheel, venv / "bin", env


def test_wheel_holds_the_ontology_shapes_and_named_queries(installed):
    wheel, _, _ = installed
    names = set(zipfile.ZipFile(wheel).namelist())
    for name in ("courtgraph.ttl", "vocab.ttl", "shapes.ttl"):
        assert f"courtgraph/ontology/{name}" in names
    for query in sorted((ROOT / "queries").glob("*.rq")):
        assert f"courtgraph/queries/{query.name}" in names
    assert "courtgraph/data/explorer.html" in names and "courtgraph/data/lexicon.yaml" in names


def test_installed_wheel_builds_lists_and_queries_outside_the_clone(installed, tmp_path, seed_path):
    _, bin_dir, env = installed
    work = tmp_path / "elsewhere"
    work.mkdir()
    report = work / "report.txt"
    shutil.copy2(seed_path, report)

    where = _run([str(bin_dir / "python"), "-c",
                  "import courtgraph, courtgraph.resources as r; "
                  "print(courtgraph.__file__); print(r.ontology_path('shapes.ttl')); print(r.query_files()[0])"],
                 cwd=work, env=env).stdout.split()
    venv = bin_dir.parent.resolve()
    for path in where:
        assert Path(path).resolve().is_relative_to(venv), (path, "is not inside the installed environment")
        assert not Path(path).resolve().is_relative_to(ROOT)

    built = _run([str(bin_dir / "courtgraph"), "build", str(report), "--out", "out", "--no-html"], cwd=work, env=env)
    assert "conforming to the shapes" in built.stdout
    assert (work / "out" / "courtgraph.trig").stat().st_size > 0

    listed = _run([str(bin_dir / "courtgraph"), "query", "--list"], cwd=work, env=env).stdout
    for query in sorted((ROOT / "queries").glob("*.rq")):
        assert query.stem in listed

    answer = _run([str(bin_dir / "courtgraph"), "query", "--name", "cq02", "--graph", "out/courtgraph.trig",
                   "--format", "csv"], cwd=work, env=env).stdout
    # cq02 asks which outcomes ranked first in the province; the seed's case total did
    assert answer.splitlines()[0] == "answer,value,unit,rank"
    assert any(line.startswith("办结各类案件,") and line.endswith(",增幅全省第一") for line in answer.splitlines())
