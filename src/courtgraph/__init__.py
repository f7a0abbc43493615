"""courtgraph: Chinese court annual work reports (法院工作报告) as a knowledge graph.

Importing the package does no work: every public name is loaded on first use, so
``import courtgraph`` stays fast and pulls in neither rdflib nor networkx.

>>> import courtgraph
>>> ex = courtgraph.extract_report("seeds/deqing-court-2024.txt")  # doctest: +SKIP
>>> ex.report.court_zh  # doctest: +SKIP
'德清县人民法院'
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

# public name -> module that defines it
_EXPORTS: dict[str, str] = {
    # read and extract
    "read_report": "courtgraph.ingest",
    "extract_report": "courtgraph.extract",
    "extract": "courtgraph.extract",
    "Extraction": "courtgraph.model",
    "Report": "courtgraph.model",
    "Span": "courtgraph.model",
    # score against gold
    "evaluate": "courtgraph.evaluate",
    "load_gold": "courtgraph.evaluate",
    # build and ask the graph
    "build": "courtgraph.build",
    "load_dataset": "courtgraph.sources",
    "run_query": "courtgraph.query",
    "query_df": "courtgraph.query",
    "named_queries": "courtgraph.query",
    "QueryResult": "courtgraph.results",
    # the exception tree (courtgraph.errors holds every exception courtgraph raises)
    "CourtgraphError": "courtgraph.errors",
    "InputError": "courtgraph.errors",
    "ExtractionError": "courtgraph.errors",
    "QueryError": "courtgraph.errors",
    "RefusedError": "courtgraph.errors",
    "ValidationError": "courtgraph.errors",
    "StoreError": "courtgraph.errors",
}

__all__ = sorted(_EXPORTS) + ["__version__"]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'courtgraph' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__
