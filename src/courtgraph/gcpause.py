"""Cyclic garbage collection paused while a text is normalised, its facts extracted, its
triples written (``rdf.report_triples``) and a view drawn (``build._write_view``).

The first two steps allocate an object or more per character (offset pairs, matches, spans) and free
none of them before they end. The collector's full passes walk every live object, and they
come more often the more objects are made, so with it running the time per character grows
with the text (1.3× from 100,000 to 1.8 million characters); paused, it stays flat. The
writer makes a tuple and terms per triple, the view millions of tuples and dicts at a thousand
reports, all held to the end: paused, the writer takes half the time and the 1,000-report view
three quarters. None of the steps makes reference cycles worth collecting early, and the
collector is restored as it was found, so a caller that turned it off keeps it off.
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
