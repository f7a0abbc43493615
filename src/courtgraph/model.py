"""The plain values that flow between pipeline stages.

``Report`` (ingest) → ``Extraction`` (extract) → graph / scores / views.

Every extracted item carries ``spans``: character offsets into the *raw* decoded
file (as read from disk, before any normalisation) and the normalised quote of
that stretch. ``Extraction.to_dict()`` is exactly the JSON shape described in
``tests/gold/SCHEMA.md`` ("The extractor's JSON output"), plus a few additive keys
(``sentences``, ``value_normalized``, ``unit``, ``source_zh``).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any

__all__ = [
    "Span",
    "Sentence",
    "Paragraph",
    "Report",
    "ReportInfo",
    "WorkArea",
    "Theme",
    "Organization",
    "Initiative",
    "Document",
    "Change",
    "Metric",
    "Award",
    "Case",
    "Concept",
    "Extraction",
]


@dataclass(frozen=True)
class Span:
    """A stretch of the source: ``raw[start:end]`` normalises to ``text``.

    ``sentence`` is the id of the sentence that contains the span (``S12``).
    """

    start: int
    end: int
    text: str
    sentence: str | None = None


@dataclass(frozen=True)
class Sentence:
    id: str
    start: int  # raw offsets
    end: int
    text: str  # normalised
    norm_start: int
    norm_end: int
    paragraph: int


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of the normalised text; ``kind`` is body, heading or summary."""

    index: int
    norm_start: int
    norm_end: int
    text: str
    kind: str = "body"


@dataclass(frozen=True)
class Report:
    """A decoded and repaired report.

    ``raw`` is the decoded file, untouched. ``text`` is the normalised text: NFC,
    PDF line breaks inside sentences joined, spaces between Chinese characters
    removed. ``offsets[i]`` is the raw offset of ``text[i]``; ``offsets[len(text)]``
    is ``len(raw)``, so a normalised range ``[a, b)`` maps to the raw range
    ``[offsets[a], offsets[b-1] + 1)``.
    """

    path: str
    raw: str
    text: str
    offsets: tuple[int, ...]
    encoding: str
    sha256: str
    metadata: dict[str, Any] = field(default_factory=dict)
    # the file's form (text, pdf, html, docx: see courtgraph.readers), the raw offset where
    # each PDF page starts, and a web page's title and address
    form: str = "text"
    pages: tuple[int, ...] = ()
    title: str | None = None
    url: str | None = None

    def raw_range(self, norm_start: int, norm_end: int) -> tuple[int, int]:
        if norm_end <= norm_start:
            raw = self.offsets[norm_start]
            return raw, raw
        return self.offsets[norm_start], self.offsets[norm_end - 1] + 1

    def span(self, norm_start: int, norm_end: int, sentence: str | None = None) -> Span:
        start, end = self.raw_range(norm_start, norm_end)
        return Span(start, end, self.text[norm_start:norm_end], sentence)


@dataclass(frozen=True)
class ReportInfo:
    court_zh: str
    court_en: str | None
    year: int | None
    province_zh: str | None
    city_zh: str | None = None
    county_zh: str | None = None
    source: str | None = None
    sha256: str | None = None
    spans: tuple[Span, ...] = ()
    form: str | None = None  # the source file's form: text, pdf, html or docx
    pages: tuple[int, ...] = ()  # raw offsets at which the source's pages 1, 2, … start (PDF)
    title: str | None = None  # a web page's title
    url: str | None = None  # a web page's address
    level: str | None = None  # the reporting court's level: basic, intermediate, maritime, high, supreme


@dataclass(frozen=True)
class WorkArea:
    id: str
    lead_zh: str
    lead_en: str | None = None
    spans: tuple[Span, ...] = ()


@dataclass(frozen=True)
class Theme:
    id: str
    heading_zh: str
    heading_en: str | None = None
    work_areas: tuple[WorkArea, ...] = ()
    spans: tuple[Span, ...] = ()


@dataclass(frozen=True)
class Organization:
    id: str
    mention_zh: str
    kind: str
    role: str
    also_zh: tuple[str, ...] = ()
    canonical_zh: str | None = None
    name_en: str | None = None
    spans: tuple[Span, ...] = ()


@dataclass(frozen=True)
class Initiative:
    id: str
    name_zh: str
    mention_zh: str
    type: str
    work_area: str | None
    partners: tuple[str, ...] = ()
    outcomes: tuple[str, ...] = ()
    firsts: tuple[str, ...] = ()
    outcome_text_zh: tuple[str, ...] = ()
    name_en: str | None = None
    source_zh: str | None = None
    spans: tuple[Span, ...] = ()
    # partners the name implies but the text does not name (府院联动 -> the local government);
    # kept apart from ``partners``, which holds only bodies the text names
    implied_partners: tuple["ImpliedPartner", ...] = ()
    # other courts the text credits with the initiative (organisation ids); empty: the reporting court's
    run_by: tuple[str, ...] = ()


@dataclass(frozen=True)
class ImpliedPartner:
    """A body an initiative's name implies as its partner (府院联动: 德清县人民政府)."""

    canonical_zh: str
    kind: str
    name_en: str | None = None


@dataclass(frozen=True)
class Document:
    id: str
    title_zh: str
    kind: str
    action_zh: str | None
    work_area: str | None
    spans: tuple[Span, ...] = ()


@dataclass(frozen=True)
class Change:
    value: float
    unit_zh: str
    direction: str  # up | down
    basis: str  # 同比 | 环比 | 较上年 …
    spans: tuple[Span, ...] = ()


@dataclass(frozen=True)
class Metric:
    id: str
    value: float | int
    unit_zh: str
    measure_zh: str
    approx: str | None = None
    change: Change | None = None
    rank_zh: str | None = None
    attached_to: str | None = None
    measure_en: str | None = None
    value_normalized: float | int | None = None
    unit: str | None = None  # normalised unit code, e.g. CNY, case, person-time, percent
    spans: tuple[Span, ...] = ()


@dataclass(frozen=True)
class Award:
    id: str
    name_zh: str
    level: str
    recipient: str | None
    spans: tuple[Span, ...] = ()


@dataclass(frozen=True)
class Case:
    id: str
    mention_zh: str
    award: str | None = None
    spans: tuple[Span, ...] = ()


@dataclass(frozen=True)
class Concept:
    id: str
    name_zh: str
    mention_zh: str
    spans: tuple[Span, ...] = ()


@dataclass(frozen=True)
class Extraction:
    report: ReportInfo
    themes: tuple[Theme, ...] = ()
    organizations: tuple[Organization, ...] = ()
    initiatives: tuple[Initiative, ...] = ()
    documents: tuple[Document, ...] = ()
    metrics: tuple[Metric, ...] = ()
    awards: tuple[Award, ...] = ()
    cases: tuple[Case, ...] = ()
    concepts: tuple[Concept, ...] = ()
    sentences: tuple[Sentence, ...] = ()
    # lead phrases of a report without headings: work areas under no theme (T0.1, T0.2 …)
    loose_work_areas: tuple[WorkArea, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of SCHEMA.md (tuples become lists, ``None`` stays ``null``).

        Work areas under no theme are also listed as a theme whose heading is null, the way
        the gold files of reports without headings write them.
        """
        out: dict[str, Any] = _plain(asdict(self))
        if self.loose_work_areas:
            out["themes"].append({"id": SUMMARY_THEME, "heading_zh": None, "heading_en": None, "work_areas": out["loose_work_areas"], "spans": []})
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Extraction":
        """Inverse of ``to_dict``; also reads a gold YAML file's mapping (no spans)."""
        data = dict(data)
        themes = [t for t in data.get("themes") or [] if isinstance(t, dict)]
        headless = [t for t in themes if t.get("heading_zh") is None]
        if headless:
            data["themes"] = [t for t in themes if t.get("heading_zh") is not None]
            if not data.get("loose_work_areas"):
                data["loose_work_areas"] = [w for t in headless for w in t.get("work_areas") or []]
        return _build(cls, data)


SUMMARY_THEME = "T0"


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


_NESTED: dict[tuple[type, str], type] = {}


def _build(cls: type, data: Any) -> Any:
    if data is None:
        return None
    kwargs: dict[str, Any] = {}
    for f in fields(cls):
        if data.get(f.name) is None and f.name in _LISTS.get(cls, ()):
            continue  # an empty YAML section (``cases:``) means none, as an absent one does
        if f.name not in data:
            continue
        value = data[f.name]
        target = _NESTED.get((cls, f.name))
        if target is not None:
            if isinstance(value, list):
                value = tuple(_build(target, v) for v in value)
            else:
                value = _build(target, value)
        elif isinstance(value, list):
            value = tuple(value)
        kwargs[f.name] = value
    return cls(**kwargs)


for _cls, _name, _target in [
    (Extraction, "report", ReportInfo),
    (Extraction, "themes", Theme),
    (Extraction, "organizations", Organization),
    (Extraction, "initiatives", Initiative),
    (Extraction, "documents", Document),
    (Extraction, "metrics", Metric),
    (Extraction, "awards", Award),
    (Extraction, "cases", Case),
    (Extraction, "concepts", Concept),
    (Extraction, "sentences", Sentence),
    (Theme, "work_areas", WorkArea),
    (Initiative, "implied_partners", ImpliedPartner),
    (Extraction, "loose_work_areas", WorkArea),
    (Metric, "change", Change),
]:
    _NESTED[(_cls, _name)] = _target
for _cls in (ReportInfo, WorkArea, Theme, Organization, Initiative, Document, Change, Metric, Award, Case, Concept):
    _NESTED[(_cls, "spans")] = Span

# fields holding a sequence, where null is read as empty
_LISTS: dict[type, tuple[str, ...]] = {
    cls: tuple(f.name for f in fields(cls) if str(f.type).startswith("tuple"))
    for cls in (Extraction, ReportInfo, WorkArea, Theme, Organization, Initiative, Document, Change, Metric, Award, Case, Concept)
}
