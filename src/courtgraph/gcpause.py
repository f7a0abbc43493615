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
found, so a caller that turned it off keeps it off. Normalising, extraction and the writer also
promote what they keep (``promote=True``): it is not walked again by the next two collections,
which cost 5–7 ms of a synthetic report's 170 ms and about 50 ms of the seed's build
(``bench/results.md`` section 13).
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["collection_paused"]


def _can_promote() -> bool:
    # (PyPy has no gc.freeze; a free-threaded build has no generations to promote into)
    return hasattr(gc, "freeze") and getattr(sys, "_is_gil_enabled", lambda: True)() and gc.get_freeze_count() == 0


@contextmanager
def collection_paused(*, promote: bool = False) -> Iterator[None]:
    """Within the block the cyclic collector does not run (reference counting still frees).

    With ``promote``, what is alive when the block ends normally is moved to the collector's
    oldest generation without being walked. Use it only for a block that makes no reference
    cycles and whose results outlive it. Paused, the collector counts every object the block
    made as young. The first two collections after the pause would then walk all of them, and
    with pypinyin's dictionaries loaded on the way that is about 50 ms of the seed's build.
    Promoted, they are walked only by a full collection. That is rare, and it still frees
    any cycle among them. The promotion uses ``gc.freeze`` and ``gc.unfreeze``, and it is skipped when the
    caller has frozen objects of its own, which ``unfreeze`` would thaw. It moves every young
    object of the process, the caller's too: a cycle among those is freed by the next full
    collection, not by a young one.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
        if promote and _can_promote():
            gc.freeze()
            gc.unfreeze()
    finally:
        if enabled:
            gc.enable()
