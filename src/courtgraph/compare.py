"""Two reports side by side: year over year for one court, or court against court for a year.

:func:`compare` puts both reports in one dataset and asks it the three named queries
``initiatives-compared``, ``partners-compared`` and ``figures-compared`` (``queries/``), once per
side, then matches what they return:

* **Initiatives** are *continued* when both sides name the same initiative, or a near-same
  one; otherwise *new* (only in B) or *dropped* (only in A). Names are compared without
  quotation marks, brackets and spaces. Two different names are **near-same** when one holds
  the other (春风暖薪 in 春风暖薪护航) or when their character-overlap ratio (difflib's
  ``SequenceMatcher.ratio``: twice the matched characters over the characters of both) is at
  least :data:`NEAR_SAME_RATIO`. Exact pairs are taken first, then near pairs from the most
  alike down, each name used once.
* **Partners** *appeared* or *disappeared* by identity: the organisation's node in the graph,
  whose IRI comes from the body's full name (县人社局 in a Tonglu report is 桐庐县人力资源和
  社会保障局 in every year, and a different body from Chun'an's 县人社局).
* **Figures** with the same measure (as written) and the same unit are paired, the n-th of a
  report with the n-th of the other, and shown with their change (B − A, and in per cent).
* **A stated 同比** (or 较上年…) on the later report's figure is checked against the earlier
  report's figure when the two are the same court one year apart. A percentage is compared
  with (later − earlier) / earlier × 100, a change in 个百分点 with later − earlier. The written
  figures are rounded (8800 may be 8799.5–8800.5, 10% may be 9.95–10.05%), so the implied and
  the stated change are each a range; the pair is flagged as inconsistent when the ranges are
  further apart than ``tolerance`` percentage points (default :data:`TOLERANCE`). Approximate
  figures (余, 约 …) are not checked.

>>> from courtgraph.compare import near_same
>>> near_same("春风暖薪", "“春风暖薪护航”")
True
>>> near_same("千岛湖", "安薪")
False
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, replace
from decimal import Decimal
from difflib import SequenceMatcher
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from courtgraph.errors import InputError

if TYPE_CHECKING:
    from rdflib import Dataset

__all__ = [
    "compare",
    "format_comparison",
    "near_same",
    "Comparison",
    "Side",
    "InitiativeMatch",
    "PartnerChange",
    "FigurePair",
    "NEAR_SAME_RATIO",
    "TOLERANCE",
]

NEAR_SAME_RATIO = 0.75
TOLERANCE = 0.1  # percentage points beyond what the rounding of the written figures explains

_UNQUOTED = re.compile(r"[\s“”‘’\"'「」『』《》〈〉（）()【】]")
_YEAR_ON_YEAR = re.compile(r"同比|上年|去年|上一年")
_SPEC = re.compile(r"^(?P<court>.+?)[:：](?P<year>\d{4})$")


@dataclass(frozen=True)
class Side:
    """One report of the comparison: its court and year."""

    court: str
    year: int

    def __str__(self) -> str:
        return f"{self.court} {self.year}"


@dataclass(frozen=True)
class InitiativeMatch:
    status: Literal["new", "continued", "dropped"]
    a: str | None  # the name in report A (None when new)
    b: str | None  # the name in report B (None when dropped)
    how: Literal["same", "near-same"] | None = None  # for continued ones
    similarity: float | None = None  # the character-overlap ratio of a near-same pair


@dataclass(frozen=True)
class PartnerChange:
    status: Literal["appeared", "disappeared", "kept"]
    organisation: str  # the node's IRI: the identity key
    name: str  # the full name where known, else the name as written


@dataclass(frozen=True)
class FigurePair:
    measure: str
    unit: str
    a: float | None
    b: float | None
    change: float | None  # b - a
    change_percent: float | None  # (b - a) / a × 100
    stated: str | None = None  # the later report's stated change, e.g. 同比+10%
    implied: float | None = None  # the change the two figures imply, in the stated change's unit
    check: Literal["agrees", "disagrees", "not checked"] | None = None
    note: str | None = None


@dataclass(frozen=True)
class Comparison:
    a: Side
    b: Side
    initiatives: tuple[InitiativeMatch, ...]
    partners: tuple[PartnerChange, ...]
    figures: tuple[FigurePair, ...]
    tolerance: float = TOLERANCE

    @property
    def inconsistent(self) -> tuple[FigurePair, ...]:
        """The figures whose stated year-on-year change disagrees with the two reports."""
        return tuple(f for f in self.figures if f.check == "disagrees")

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def near_same(a: str, b: str) -> bool:
    """Whether two different initiative names are near-same (see the module's description)."""
    return _similarity(_key(a), _key(b)) is not None


def compare(
    a: str | Path,
    b: str | Path,
    *,
    sources: Sequence[str | Path] = (),
    tolerance: float = TOLERANCE,
    store: Literal["memory", "oxigraph"] = "memory",
) -> Comparison:
    """Compare report B with report A.

    Without ``sources``, ``a`` and ``b`` are report files (any form ``courtgraph extract``
    reads, or saved extractions). With ``sources`` (graph files such as a build's
    ``courtgraph.trig``, report files or folders), they are ``COURT:YEAR`` pairs inside them,
    e.g. ``桐庐县人民法院:2023``, loaded into ``store`` (see :func:`courtgraph.sources.load_dataset`;
    report files given as A and B are always compared in memory). Raises InputError for a file that cannot be read, a pair
    that is not in the sources (naming those that are), or two sides that are one report.
    """
    if tolerance < 0:
        raise InputError(f"tolerance must be zero or more percentage points, got {tolerance}")
    if sources:
        from courtgraph.sources import load_dataset

        dataset = load_dataset(sources, store=store)
        side_a, side_b = _parse_side(str(a)), _parse_side(str(b))
        present = _reports_in(dataset)
        for side in (side_a, side_b):
            if side not in present:
                listed = ", ".join(f"{s.court}:{s.year}" for s in sorted(present, key=str)) or "none"
                raise InputError(f"no report of {side.court} for {side.year} in the sources; they hold: {listed}")
    else:
        dataset, side_a, side_b = _dataset_of_files(Path(a), Path(b))
    if side_a == side_b:
        raise InputError(f"A and B are the same report ({side_a}); compare two years or two courts")
    return Comparison(
        a=side_a,
        b=side_b,
        initiatives=_match_initiatives(_initiatives(dataset, side_a), _initiatives(dataset, side_b)),
        partners=_partner_changes(_partners(dataset, side_a), _partners(dataset, side_b)),
        figures=_pair_figures(side_a, _figures(dataset, side_a), side_b, _figures(dataset, side_b), tolerance),
        tolerance=tolerance,
    )


# -- the two sides -------------------------------------------------------------------------------


def _parse_side(spec: str) -> Side:
    match = _SPEC.match(spec.strip())
    if match is None:
        raise InputError(f"expected COURT:YEAR (e.g. 桐庐县人民法院:2024), got {spec!r}")
    return Side(court=match["court"].strip(), year=int(match["year"]))


def _dataset_of_files(a: Path, b: Path) -> tuple[Dataset, Side, Side]:
    from courtgraph.rdf import to_dataset
    from courtgraph.sources import EXTRACTION_SUFFIXES, REPORT_SUFFIXES, extractions_from

    for path in (a, b):
        if path.suffix.lower() not in (*REPORT_SUFFIXES, *EXTRACTION_SUFFIXES):
            hint = " (to compare reports inside a built graph, pass it with --graph and name COURT:YEAR)" \
                if re.search(r"[:：]\d{4}$", str(path)) or path.suffix.lower() in (".trig", ".ttl", ".nt", ".nq", ".jsonld") else ""
            raise InputError(f"{path}: not a report file; expected one of {', '.join((*REPORT_SUFFIXES, *EXTRACTION_SUFFIXES))}{hint}")
        if not path.is_file():
            raise InputError(f"{path}: no such file")
    extractions = extractions_from([a, b])
    sides = []
    for path, extraction in zip((a, b), extractions):
        info = extraction.report
        if not info.court_zh or info.year is None:
            raise InputError(f"{path}: the report's court and year are not known; give them in a metadata sidecar")
        sides.append(Side(court=info.court_zh, year=int(info.year)))
    return to_dataset(extractions), sides[0], sides[1]


def _reports_in(dataset: Dataset) -> set[Side]:
    from courtgraph.query import run_query

    result = run_query(
        "SELECT DISTINCT ?court ?year WHERE { ?r a cg:WorkReport ; cg:court ?c ; cg:year ?year . "
        "?c rdfs:label ?court . FILTER(LANG(?court) = \"zh\") }",
        dataset,
    )
    return {Side(court=str(court), year=int(str(year))) for court, year in result.rows}


def _rows(dataset: Dataset, name: str, side: Side) -> list[dict[str, Any]]:
    from courtgraph.query import named_query, run_query

    named = named_query(name)
    result = run_query(named.text, dataset, params={"court": side.court, "year": str(side.year)})
    return [{var: (None if term is None else str(term)) for var, term in zip(result.variables, row)} for row in result.rows]


# -- initiatives ---------------------------------------------------------------------------------


def _key(name: str) -> str:
    return _UNQUOTED.sub("", name)


def _similarity(a: str, b: str) -> float | None:
    """The overlap ratio of two distinct normalised names if they are near-same, else None."""
    if not a or not b or a == b:
        return None
    ratio = SequenceMatcher(None, a, b, autojunk=False).ratio()
    if a in b or b in a or ratio >= NEAR_SAME_RATIO:
        return round(ratio, 3)
    return None


def _initiatives(dataset: Dataset, side: Side) -> list[str]:
    names: dict[str, str] = {}  # identity → name; a node has one zh label per way of naming it
    for row in _rows(dataset, "initiatives-compared", side):
        names.setdefault(row["initiative"], row["name"])
    return sorted(set(names.values()))


def _match_initiatives(a: list[str], b: list[str]) -> tuple[InitiativeMatch, ...]:
    keys_b = {_key(name): name for name in b}
    matches: list[InitiativeMatch] = []
    left_a, taken_b = [], set()
    for name in a:
        other = keys_b.get(_key(name))
        if other is not None and other not in taken_b:
            matches.append(InitiativeMatch("continued", name, other, "same"))
            taken_b.add(other)
        else:
            left_a.append(name)
    left_b = [name for name in b if name not in taken_b]
    # near pairs, the most alike first; ties in name order, so the result never depends on luck
    candidates = sorted(
        ((ratio, x, y) for x in left_a for y in left_b if (ratio := _similarity(_key(x), _key(y))) is not None),
        key=lambda c: (-c[0], c[1], c[2]),
    )
    used_a: set[str] = set()
    for ratio, x, y in candidates:
        if x in used_a or y in taken_b:
            continue
        matches.append(InitiativeMatch("continued", x, y, "near-same", ratio))
        used_a.add(x)
        taken_b.add(y)
    matches.extend(InitiativeMatch("dropped", name, None) for name in left_a if name not in used_a)
    matches.extend(InitiativeMatch("new", None, name) for name in left_b if name not in taken_b)
    order = {"continued": 0, "new": 1, "dropped": 2}
    return tuple(sorted(matches, key=lambda m: (order[m.status], m.a or m.b or "", m.b or "")))


# -- partners ------------------------------------------------------------------------------------


def _partners(dataset: Dataset, side: Side) -> dict[str, str]:
    found: dict[str, str] = {}
    for row in _rows(dataset, "partners-compared", side):
        name = row["canonical"] or row["name"]
        if row["organisation"] not in found or name < found[row["organisation"]]:
            found[row["organisation"]] = name
    return found


def _partner_changes(a: Mapping[str, str], b: Mapping[str, str]) -> tuple[PartnerChange, ...]:
    changes = [PartnerChange("kept", iri, b[iri]) for iri in b if iri in a]
    changes += [PartnerChange("appeared", iri, name) for iri, name in b.items() if iri not in a]
    changes += [PartnerChange("disappeared", iri, name) for iri, name in a.items() if iri not in b]
    order = {"appeared": 0, "disappeared": 1, "kept": 2}
    return tuple(sorted(changes, key=lambda c: (order[c.status], c.name, c.organisation)))


# -- figures -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Figure:
    measure: str
    unit: str  # as written
    value: Decimal  # as written
    normalized: Decimal | None
    normalized_unit: str | None
    approx: str | None
    change: Decimal | None
    change_unit: str | None
    up: bool
    basis: str | None

    @property
    def key(self) -> tuple[str, str]:
        # the normalised unit lets 9800件 meet 1.02万件; without one, the unit as written must agree
        return (self.measure, self.normalized_unit or self.unit)

    @property
    def amount(self) -> Decimal:
        return self.normalized if self.normalized is not None else self.value

    @property
    def half_step(self) -> Decimal:
        """Half the last written digit, in the unit of ``amount``: how far rounding can hide the truth."""
        step = Decimal(1).scaleb(-_decimals(self.value)) / 2
        if self.normalized is not None and self.value:
            step *= self.normalized / self.value
        return step


def _decimals(value: Decimal) -> int:
    text = format(value, "f")
    return len(text.split(".")[1].rstrip("0")) if "." in text else 0


def _figures(dataset: Dataset, side: Side) -> list[_Figure]:
    figures: dict[str, _Figure] = {}
    for row in _rows(dataset, "figures-compared", side):
        if row["quantity"] in figures:
            continue
        figures[row["quantity"]] = _Figure(
            measure=row["measure"],
            unit=row["unit"],
            value=Decimal(row["value"]),
            normalized=Decimal(row["normalized"]) if row["normalized"] is not None else None,
            normalized_unit=row["normalizedUnit"],
            approx=row["approx"],
            change=Decimal(row["changeValue"]) if row["changeValue"] is not None else None,
            change_unit=row["changeUnit"],
            up=(row["direction"] or "").endswith("/up"),
            basis=row["basis"],
        )
    return [figures[iri] for iri in sorted(figures, key=_report_order)]


def _report_order(iri: str) -> tuple[int, str]:
    # a quantity's IRI ends in its number in the report (…/metric/12): the report's own order
    number = re.search(r"(\d+)$", iri)
    return (int(number[1]) if number else 0, iri)


def _pair_figures(
    side_a: Side, a: list[_Figure], side_b: Side, b: list[_Figure], tolerance: float
) -> tuple[FigurePair, ...]:
    by_key: dict[tuple[str, str], tuple[list[_Figure], list[_Figure]]] = {}
    for figure in a:
        by_key.setdefault(figure.key, ([], []))[0].append(figure)
    for figure in b:
        by_key.setdefault(figure.key, ([], []))[1].append(figure)
    consecutive = side_a.court == side_b.court and abs(side_a.year - side_b.year) == 1
    pairs = []
    for (measure, _), (in_a, in_b) in by_key.items():
        for index in range(max(len(in_a), len(in_b))):
            fa = in_a[index] if index < len(in_a) else None
            fb = in_b[index] if index < len(in_b) else None
            pairs.append(_pair(measure, fa, fb, side_b.year > side_a.year if consecutive else None, tolerance))
    return tuple(pairs)


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _pair(measure: str, fa: _Figure | None, fb: _Figure | None, b_later: bool | None, tolerance: float) -> FigurePair:
    if fa is None or fb is None:
        only = fa or fb
        assert only is not None
        return FigurePair(measure, only.unit, _number(fa.value if fa else None), _number(fb.value if fb else None), None, None)
    # side by side in the written unit when both wrote the same (亿元), else in the normalised one
    if fa.unit == fb.unit:
        unit, va, vb = fa.unit, fa.value, fb.value
    else:
        unit, va, vb = fa.normalized_unit or fa.unit, fa.amount, fb.amount
    change = vb - va
    percent = round(float(change / va * 100), 2) if va else None
    pair = FigurePair(measure, unit, float(va), float(vb), float(change), percent)
    if b_later is None:
        return pair
    earlier, later = (fa, fb) if b_later else (fb, fa)
    return _check_stated(pair, earlier, later, tolerance)


def _check_stated(pair: FigurePair, earlier: _Figure, later: _Figure, tolerance: float) -> FigurePair:
    if later.change is None or not later.basis or not _YEAR_ON_YEAR.search(later.basis):
        return pair
    sign = 1 if later.up else -1
    stated_text = f"{later.basis}{'+' if later.up else '-'}{format(later.change.normalize(), 'f')}{later.change_unit or ''}"
    if earlier.approx or later.approx:
        return _with(pair, stated_text, None, "not checked", "an approximate figure (余, 约 …) cannot check a stated change")
    e, l = earlier.amount, later.amount
    de, dl = earlier.half_step, later.half_step
    if later.change_unit == "%":
        if e - de <= 0:
            return _with(pair, stated_text, None, "not checked", "the earlier figure is zero")
        implied = (l - e) / e * 100
        bounds = [(l + x - (e + y)) / (e + y) * 100 for x in (-dl, dl) for y in (-de, de)]
    elif later.change_unit == "个百分点":
        implied = l - e
        bounds = [implied - dl - de, implied + dl + de]
    else:
        return _with(pair, stated_text, None, "not checked", f"a change in {later.change_unit} is not checked")
    stated = sign * later.change
    stated_step = Decimal(1).scaleb(-_decimals(later.change)) / 2
    low, high = min(bounds), max(bounds)
    gap = max(Decimal(0), (stated - stated_step) - high, low - (stated + stated_step))
    agrees = gap <= Decimal(str(tolerance))
    note = None if agrees else (
        f"the reports imply {float(implied):+.2f}{later.change_unit}, "
        f"{float(gap):.2f} percentage points beyond the rounding of the written figures"
    )
    return _with(pair, stated_text, round(float(implied), 2), "agrees" if agrees else "disagrees", note)


def _with(pair: FigurePair, stated: str, implied: float | None, check: Any, note: str | None) -> FigurePair:
    return replace(pair, stated=stated, implied=implied, check=check, note=note)


# -- output --------------------------------------------------------------------------------------


def format_comparison(comparison: Comparison, fmt: Literal["table", "json"] = "table") -> str:
    """The comparison as readable tables or as JSON (the dataclasses' fields, keys sorted)."""
    if fmt == "json":
        import json

        return json.dumps(comparison.to_dict(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    if fmt != "table":
        raise InputError(f"unknown comparison format {fmt!r}; expected table or json")
    from courtgraph.results import aligned

    def tabulate(rows: list[list[str]], header: list[str], *, right: tuple[int, ...] = ()) -> str:
        return "\n".join(aligned(header, rows, right=right))

    c = comparison
    out = [f"A: {c.a}", f"B: {c.b}", ""]
    rows = [[m.status, m.a or "", m.b or "", m.how or "", "" if m.similarity is None else f"{m.similarity:.2f}"] for m in c.initiatives]
    out += [f"Initiatives ({len(c.initiatives)})", tabulate(rows, ["status", "A", "B", "match", "overlap"]) if rows else "  none", ""]
    rows = [[p.status, p.name, p.organisation] for p in c.partners]
    out += [f"Partners ({len(c.partners)})", tabulate(rows, ["status", "organisation", "identity"]) if rows else "  none", ""]
    rows = [
        [f.measure, f.unit, _plain(f.a), _plain(f.b), _plain(f.change, signed=True),
         "" if f.change_percent is None else f"{f.change_percent:+.2f}%", f.stated or "",
         "" if f.implied is None else f"{f.implied:+.2f}", f.check or ""]
        for f in c.figures
    ]
    out += [f"Figures ({len(c.figures)})",
            tabulate(rows, ["measure", "unit", "A", "B", "change", "change %", "stated", "implied", "check"], right=(2, 3, 4, 5, 7))
            if rows else "  none"]
    if c.inconsistent:
        out += ["", f"Inconsistent stated changes (tolerance {c.tolerance:g} percentage points beyond rounding):"]
        out += [f"  {f.measure}: B states {f.stated}; {f.note}" for f in c.inconsistent]
    return "\n".join(out) + "\n"


def _plain(value: float | None, *, signed: bool = False) -> str:
    if value is None:
        return ""
    text = format(Decimal(str(value)).normalize(), "f")
    return f"+{text}" if signed and value > 0 else text
