"""The files courtgraph reads at run time, found inside the installed package.

The ontology (``ontology/*.ttl``: classes, SKOS vocabularies, SHACL shapes), the named
queries (``queries/*.rq``) and the rule and template files (``data/``) travel in the wheel
as package data and are located with :mod:`importlib.resources`, so the tool works wherever
pip, pipx or uv put it. In the source tree ``src/courtgraph/ontology`` and
``src/courtgraph/queries`` are symbolic links to the top-level folders, which stay the one
copy people read and edit; building a wheel copies the files behind the links.

>>> sorted(p.name for p in query_files())[:2]
['cq01.rq', 'cq02.rq']
>>> ontology_text("shapes.ttl").startswith("@prefix")
True
"""

from __future__ import annotations

import atexit
from contextlib import ExitStack
from functools import lru_cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

__all__ = ["ontology_path", "ontology_text", "query_files", "data_text", "data_path"]

_PACKAGE = "courtgraph"
# files that a zipped install would have to extract to the disk stay extracted until exit
_EXTRACTED = ExitStack()
atexit.register(_EXTRACTED.close)


def _resource(folder: str, name: str) -> Traversable:
    resource = resources.files(_PACKAGE).joinpath(folder, name)
    if not resource.is_file():
        present = sorted(item.name for item in resources.files(_PACKAGE).joinpath(folder).iterdir()) \
            if resources.files(_PACKAGE).joinpath(folder).is_dir() else []
        raise FileNotFoundError(
            f"courtgraph package file {folder}/{name} is missing (the installation is incomplete); "
            f"{folder}/ holds: {', '.join(present) or 'nothing'}"
        )
    return resource


@lru_cache(maxsize=None)
def _as_path(folder: str, name: str) -> Path:
    # a plain install hands back the file itself; a zipped one, a temporary copy
    return _EXTRACTED.enter_context(resources.as_file(_resource(folder, name)))


def ontology_path(name: str) -> Path:
    """A file of the ontology (``courtgraph.ttl``, ``vocab.ttl``, ``shapes.ttl``) on the disk."""
    return _as_path("ontology", name)


def ontology_text(name: str) -> str:
    """The text of an ontology file."""
    return _resource("ontology", name).read_text(encoding="utf-8")


def query_files() -> list[Traversable]:
    """The named queries (``*.rq``), in name order; empty when the package holds none."""
    folder = resources.files(_PACKAGE).joinpath("queries")
    if not folder.is_dir():
        return []
    return sorted((item for item in folder.iterdir() if item.name.endswith(".rq") and item.is_file()),
                  key=lambda item: item.name)


def data_text(name: str) -> str:
    """The text of a rule or template file of ``courtgraph/data``."""
    return _resource("data", name).read_text(encoding="utf-8")


def data_path(name: str) -> Path:
    """A file of ``courtgraph/data`` on the disk (for libraries that want a path)."""
    return _as_path("data", name)
