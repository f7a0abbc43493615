"""Cyclic garbage collection paused while a text is normalised, its facts extracted, its
triples written (``rdf.report_triples``) and a view drawn (``build._write_view``).

The first two steps allocate an object or more per character (offset pairs, matches, spans) and free
none of them before they end. The collector's full passes walk every live object, and they
come more often the more objects are made, so with it running the time per character grows
with the text (1.3× from 100,000 to 1.8 million characters); paused, it stays flat. The
writer makes a tuple and terms per triple, the view millions of tuples and dicts at a thousand
reports, all held to the end: paused, the writer takes 0.55–0.7 of its time and the
1,000-report opening view 0.75 (``bench/results.md`` section 11). Extraction and the writer
make no reference cycles. The view's networkx graphs are cyclic (their cached edge views point
back at them), so the graph it replaces with the opening cut is freed only when the pause ends:
the view's peak memory at 1,000 reports did not change. The collector is restored as it was
found, so a caller that turned it off keeps it off.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["collection_paused"]


@contextmanager
def collection_paused() -> Iterator[None]:
    """Within the block the cyclic collector does not run (reference counting still frees)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
