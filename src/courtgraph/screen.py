"""What ``extract`` and ``build`` refuse to work on: texts too large, texts that are not reports.

Two checks, both before any output is written:

* **Size.** A report text larger than :data:`MAX_TEXT_BYTES` (5 MB; the longest annual report
  of a high court is a few hundred KB) is refused before it is read, unless the caller raises
  the limit (``--max-size``). Extraction time grows with the text, and a file of tens of
  megabytes is a mistake (a concatenated corpus, a log) far more often than a report.
* **Plausibility.** A court work report names its court, the year it covers and its chapters.
  When at most one of the three is found, the text is not taken for a report: the extraction
  is kept (and cached), but the build refuses it, saying what was not found, unless told to go
  on (``--force``); the extract command says the same as a warning and extracts it.

Warnings the reader gives (control characters dropped, see :mod:`courtgraph.ingest`) are
collected here as plain strings, so a worker process can hand them back with its result.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from pathlib import Path

from courtgraph.errors import CourtgraphWarning, InputError
from courtgraph.model import Extraction

__all__ = ["MAX_TEXT_BYTES", "Screened", "check_size", "extract_screened", "refusal"]

#: the largest report file read without ``--max-size``, in bytes
MAX_TEXT_BYTES = 5_000_000


@dataclass(frozen=True)
class Screened:
    """An extraction with what the user should be told about it, and why it would be refused."""

    extraction: Extraction
    notes: tuple[str, ...]
    refusal: str  # "" when the text reads as a court work report


def check_size(path: str | Path, max_size: int = MAX_TEXT_BYTES) -> None:
    """Raise :class:`InputError` when the file at ``path`` is larger than ``max_size`` bytes."""
    try:
        size = Path(path).stat().st_size
    except OSError:
        return  # the reader says what is wrong with a missing or unreadable file
    if size > max_size:
        raise InputError(
            f"{path}: {size / 1e6:.1f} MB is more than the {max_size / 1e6:g} MB a report is read up to; "
            f"if it really is one report, raise the limit with --max-size {size // 1_000_000 + 1}"
        )


def refusal(extraction: Extraction, name: str) -> str:
    """Why the extraction of file ``name`` does not read as a court work report, or ``""``."""
    report = extraction.report
    missing = [
        what
        for what, found in (
            ("no court (…人民法院)", bool(report.court_zh)),
            ("no year (…年)", report.year is not None),
            ("no chapter structure (一、… or 第一部分…)", bool(extraction.themes or extraction.loose_work_areas)),
        )
        if not found
    ]
    if len(missing) < 2:
        return ""
    meta = Path(name).with_name(Path(name).stem + ".meta.yaml").name
    return (
        f"{name}: found {', '.join(missing)}; this does not read as a court work report "
        f"(if it is one, give its court_zh and year in {meta} beside it)"
    )


def extract_screened(path: str | Path) -> Screened:
    """Extract a report file, collecting the reader's warnings and judging plausibility."""
    from courtgraph.extract import extract_report

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", CourtgraphWarning)
        extraction = extract_report(path)
    notes = tuple(str(w.message) for w in caught if issubclass(w.category, CourtgraphWarning))
    for other in caught:  # anything else goes on to wherever it would have gone
        if not issubclass(other.category, CourtgraphWarning):
            warnings.warn_explicit(other.message, other.category, other.filename, other.lineno)
    return Screened(extraction=extraction, notes=notes, refusal=refusal(extraction, str(path)))
