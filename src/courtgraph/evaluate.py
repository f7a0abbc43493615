"""Score an extraction against a gold annotation, category by category.

Matching rules (all strings compared after NFC, width folding and deleting all whitespace,
``courtgraph.ingest.squash``); each gold item matches at most one predicted item:

=================  ===========================================================================
themes             equal headings
work_areas         equal lead phrases under equally headed themes (so placement counts)
organizations      a predicted name (mention or any other spelling) equals a gold one
initiatives        equal names, or equal mentions, or each name inside the other's mention
documents          equal titles
metrics            equal value and unit, and measures that overlap (one inside the other, or a
                   character Dice coefficient of at least 0.5); the best-overlapping pair wins
awards             equal names, or one name inside the other
partner_relations  (initiative, organisation) pairs whose two ends are matched pairs
metric_changes     a change counts when its metric is matched and value, unit and direction agree
=================  ===========================================================================

Attribute accuracy (roles, kinds, work areas, attachments, ranks, levels, recipients) is
reported over matched pairs, as a second table.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from courtgraph.ingest import squash
from courtgraph.model import Extraction

__all__ = ["CategoryScore", "Scores", "evaluate", "evaluate_many", "gold_pairs", "load_gold", "CATEGORIES"]

CATEGORIES = (
    "themes",
    "work_areas",
    "organizations",
    "initiatives",
    "documents",
    "metrics",
    "awards",
    "partner_relations",
    "metric_changes",
)

T = TypeVar("T")
G = TypeVar("G")


@dataclass(frozen=True)
class CategoryScore:
    category: str
    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(frozen=True)
class Scores:
    categories: tuple[CategoryScore, ...]
    attributes: dict[str, tuple[int, int]] = field(default_factory=dict)  # name -> (right, total)
    missed: dict[str, list[str]] = field(default_factory=dict)  # gold items not found
    spurious: dict[str, list[str]] = field(default_factory=dict)  # predicted items not in gold

    def __getitem__(self, category: str) -> CategoryScore:
        for c in self.categories:
            if c.category == category:
                return c
        raise KeyError(f"No category {category!r}. Available: {', '.join(CATEGORIES)}")

    def to_dict(self) -> dict[str, Any]:
        return {
            "categories": {
                c.category: {**asdict(c), "precision": round(c.precision, 4), "recall": round(c.recall, 4), "f1": round(c.f1, 4)}
                for c in self.categories
            },
            "attributes": {k: {"right": r, "total": t, "accuracy": round(r / t, 4) if t else None} for k, (r, t) in self.attributes.items()},
            "missed": self.missed,
            "spurious": self.spurious,
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2)

    def table(self) -> str:
        lines = [f"{'category':<18} {'P':>6} {'R':>6} {'F1':>6}   tp  fp  fn"]
        for c in self.categories:
            lines.append(f"{c.category:<18} {c.precision:6.3f} {c.recall:6.3f} {c.f1:6.3f}  {c.tp:3d} {c.fp:3d} {c.fn:3d}")
        if self.attributes:
            lines.append("")
            lines.append(f"{'attribute (on matched pairs)':<34} {'right':>5} / total")
            for k, (r, t) in self.attributes.items():
                lines.append(f"{k:<34} {r:5d} / {t}")
        return "\n".join(lines)


def gold_pairs(paths: Sequence[str | Path]) -> list[tuple[Path, Path]]:
    """(report, gold) pairs for report files and folders: each report's gold file is the YAML
    file of the same name beside it (``d01.txt`` + ``d01.yaml``); a folder gives every report
    in it that has one. A report without a gold file is an error, not a silent skip."""
    from courtgraph.errors import InputError

    pairs: list[tuple[Path, Path]] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = [(t, t.with_suffix(".yaml")) for t in sorted(path.glob("*.txt")) if t.with_suffix(".yaml").is_file()]
            if not found:
                raise InputError(f"{path}: no report (.txt) with a gold file (.yaml of the same name) in this folder")
            pairs += found
        elif path.is_file():
            gold = path.with_suffix(".yaml")
            if not gold.is_file():
                raise InputError(f"{path}: no gold file {gold.name} beside it")
            pairs.append((path, gold))
        else:
            raise InputError(f"{path}: no such file or folder")
    return pairs


def evaluate_many(scored: Sequence[tuple[str, Scores]]) -> Scores:
    """Micro-averaged scores over several reports: true and false positives and misses are
    added up per category; each miss and false item is prefixed with its report's name."""
    totals: dict[str, list[int]] = {}
    attributes: dict[str, tuple[int, int]] = {}
    missed: dict[str, list[str]] = {}
    spurious: dict[str, list[str]] = {}
    for name, sc in scored:
        for c in sc.categories:
            t = totals.setdefault(c.category, [0, 0, 0])
            t[0] += c.tp
            t[1] += c.fp
            t[2] += c.fn
        for k, (r, n) in sc.attributes.items():
            r0, n0 = attributes.get(k, (0, 0))
            attributes[k] = (r0 + r, n0 + n)
        for k, items in sc.missed.items():
            missed.setdefault(k, []).extend(f"[{name}] {x}" for x in items)
        for k, items in sc.spurious.items():
            spurious.setdefault(k, []).extend(f"[{name}] {x}" for x in items)
    cats = tuple(CategoryScore(c, *totals[c]) for c in CATEGORIES if c in totals)
    return Scores(cats, attributes, missed, spurious)


def load_gold(path: str | Path) -> Extraction:
    """Read a gold YAML file (the shape of ``tests/gold/SCHEMA.md``) as an ``Extraction``."""
    import yaml

    from courtgraph.errors import InputError

    p = Path(path)
    try:
        data = yaml.safe_load(p.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise InputError(f"{p}: cannot read the gold file ({exc})") from None
    if not isinstance(data, dict) or "report" not in data:
        raise InputError(f"{p}: not a gold annotation (expected a mapping with a 'report' key)")
    return Extraction.from_dict(data)


def _match(gold: Sequence[G], pred: Sequence[T], score: Callable[[G, T], float]) -> list[tuple[int, int]]:
    """Greedy one-to-one matching, best score first; a score of 0 never matches."""
    candidates = [(score(g, p), gi, pi) for gi, g in enumerate(gold) for pi, p in enumerate(pred)]
    candidates = [c for c in candidates if c[0] > 0]
    candidates.sort(key=lambda c: (-c[0], c[1], c[2]))
    used_g: set[int] = set()
    used_p: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for _, gi, pi in candidates:
        if gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        pairs.append((gi, pi))
    return sorted(pairs)


def _dice(a: str, b: str) -> float:
    if not a or not b:
        return 0.0
    from collections import Counter

    ca, cb = Counter(a), Counter(b)
    return 2 * sum((ca & cb).values()) / (len(a) + len(b))


def _close(a: str, b: str, *, least: int) -> bool:
    """One name inside the other and at least half as long (浙江工业大学 / 浙江工业大学法学院)."""
    short, long_ = sorted((a, b), key=len)
    return bool(short) and len(short) >= least and short in long_ and 2 * len(short) >= len(long_)


def _eq(a: str | None, b: str | None) -> bool:
    return a is not None and b is not None and squash(a) == squash(b)


def evaluate(extraction: Extraction, gold: Extraction | str | Path) -> Scores:
    """Precision, recall and F1 per category, and attribute accuracy on matched pairs.

    >>> scores = evaluate(extract_report("seeds/deqing-court-2024.txt"), "tests/gold/deqing-2024.yaml")  # doctest: +SKIP
    >>> round(scores["documents"].f1, 2)  # doctest: +SKIP
    1.0
    """
    g = gold if isinstance(gold, Extraction) else load_gold(gold)
    p = extraction
    cats: list[CategoryScore] = []
    missed: dict[str, list[str]] = {}
    spurious: dict[str, list[str]] = {}
    attributes: dict[str, tuple[int, int]] = {}

    def record(name: str, gold_items: Sequence[Any], pred_items: Sequence[Any], pairs: list[tuple[int, int]], label: Callable[[Any], str]) -> None:
        cats.append(CategoryScore(name, len(pairs), len(pred_items) - len(pairs), len(gold_items) - len(pairs)))
        mg = {gi for gi, _ in pairs}
        mp = {pi for _, pi in pairs}
        missed[name] = [label(x) for i, x in enumerate(gold_items) if i not in mg]
        spurious[name] = [label(x) for i, x in enumerate(pred_items) if i not in mp]

    def attr(name: str, values: list[bool]) -> None:
        attributes[name] = (sum(values), len(values))

    # themes and work areas
    th = _match(g.themes, p.themes, lambda a, b: 1.0 if _eq(a.heading_zh, b.heading_zh) else 0.0)
    record("themes", g.themes, p.themes, th, lambda t: t.heading_zh)
    g_wa = [(t.heading_zh, w) for t in g.themes for w in t.work_areas] + [(None, w) for w in g.loose_work_areas]
    p_wa = [(t.heading_zh, w) for t in p.themes for w in t.work_areas] + [(None, w) for w in p.loose_work_areas]
    wa = _match(g_wa, p_wa, lambda a, b: 1.0 if _eq(a[1].lead_zh, b[1].lead_zh) and (_eq(a[0], b[0]) or a[0] is b[0] is None) else 0.0)
    record("work_areas", g_wa, p_wa, wa, lambda x: f"{x[1].lead_zh} ({x[0]})")
    area_map = {g_wa[gi][1].id: p_wa[pi][1].id for gi, pi in wa}
    area_map.update({g.themes[gi].id: p.themes[pi].id for gi, pi in th})
    area_map["T0"] = "T0"

    # organisations
    def names(o: Any) -> set[str]:
        return {squash(o.mention_zh)} | {squash(x) for x in o.also_zh}

    def org_score(a: Any, b: Any) -> float:
        na, nb = names(a), names(b)
        if na & nb:
            return 3.0
        if a.canonical_zh and b.canonical_zh and _eq(a.canonical_zh, b.canonical_zh):
            return 2.0
        return 1.0 if any(_close(x, y, least=4) for x in na for y in nb) else 0.0

    orgs = _match(g.organizations, p.organizations, org_score)
    record("organizations", g.organizations, p.organizations, orgs, lambda o: o.mention_zh)
    org_map = {g.organizations[gi].id: p.organizations[pi].id for gi, pi in orgs}
    attr("organization role", [g.organizations[gi].role == p.organizations[pi].role for gi, pi in orgs])
    attr("organization kind", [g.organizations[gi].kind == p.organizations[pi].kind for gi, pi in orgs])
    attr("organization canonical name", [_eq(g.organizations[gi].canonical_zh, p.organizations[pi].canonical_zh) or g.organizations[gi].canonical_zh is None and p.organizations[pi].canonical_zh is None for gi, pi in orgs])

    # initiatives
    def init_score(a: Any, b: Any) -> float:
        if _eq(a.name_zh, b.name_zh):
            return 3.0
        if _eq(a.mention_zh, b.mention_zh):
            return 2.0
        if squash(a.name_zh) in squash(b.mention_zh) and squash(b.name_zh) in squash(a.mention_zh):
            return 1.0
        forms_a = {squash(a.name_zh), squash(a.mention_zh)}
        forms_b = {squash(b.name_zh), squash(b.mention_zh)}
        return 0.5 if any(_close(x, y, least=3) for x in forms_a for y in forms_b) else 0.0

    inits = _match(g.initiatives, p.initiatives, init_score)
    record("initiatives", g.initiatives, p.initiatives, inits, lambda i: i.name_zh)
    init_map = {g.initiatives[gi].id: p.initiatives[pi].id for gi, pi in inits}
    attr("initiative work area", [area_map.get(g.initiatives[gi].work_area or "") == p.initiatives[pi].work_area for gi, pi in inits])
    attr("initiative outcome text", [sorted(map(squash, g.initiatives[gi].outcome_text_zh)) == sorted(map(squash, p.initiatives[pi].outcome_text_zh)) for gi, pi in inits])
    attr("initiative firsts", [sorted(map(squash, g.initiatives[gi].firsts)) == sorted(map(squash, p.initiatives[pi].firsts)) for gi, pi in inits])

    # documents
    docs = _match(g.documents, p.documents, lambda a, b: 1.0 if _eq(a.title_zh, b.title_zh) else 0.0)
    record("documents", g.documents, p.documents, docs, lambda d: d.title_zh)
    doc_map = {g.documents[gi].id: p.documents[pi].id for gi, pi in docs}
    attr("document action", [_eq(g.documents[gi].action_zh, p.documents[pi].action_zh) for gi, pi in docs])
    attr("document work area", [area_map.get(g.documents[gi].work_area or "") == p.documents[pi].work_area for gi, pi in docs])

    # metrics
    def metric_score(a: Any, b: Any) -> float:
        if abs(float(a.value) - float(b.value)) > 1e-9 or squash(a.unit_zh) != squash(b.unit_zh):
            return 0.0
        ma, mb = squash(a.measure_zh), squash(b.measure_zh)
        overlap = 1.0 if ma and mb and (ma in mb or mb in ma) else _dice(ma, mb)
        return 1.0 + overlap if overlap >= 0.5 else 0.0

    mets = _match(g.metrics, p.metrics, metric_score)
    record("metrics", g.metrics, p.metrics, mets, lambda m: f"{m.measure_zh} {m.value}{m.unit_zh}")
    metric_map = {g.metrics[gi].id: p.metrics[pi].id for gi, pi in mets}
    attr("metric approximation", [g.metrics[gi].approx == p.metrics[pi].approx for gi, pi in mets])
    attr("metric rank", [_eq(g.metrics[gi].rank_zh, p.metrics[pi].rank_zh) or g.metrics[gi].rank_zh is None and p.metrics[pi].rank_zh is None for gi, pi in mets])
    any_map = {**area_map, **init_map, **doc_map, **org_map}
    attr("metric attached to", [any_map.get(g.metrics[gi].attached_to or "") == p.metrics[pi].attached_to for gi, pi in mets])

    # awards
    def award_score(a: Any, b: Any) -> float:
        sa, sb = squash(a.name_zh), squash(b.name_zh)
        return 2.0 if sa == sb else 1.0 if sa in sb or sb in sa else 0.0

    aws = _match(g.awards, p.awards, award_score)
    record("awards", g.awards, p.awards, aws, lambda a: a.name_zh)
    attr("award level", [g.awards[gi].level == p.awards[pi].level for gi, pi in aws])
    case_map = {}
    for gc in g.cases:
        for pc in p.cases:
            if _eq(gc.mention_zh, pc.mention_zh):
                case_map[gc.id] = pc.id
    recip_map = {**any_map, **case_map, "court": "court"}
    attr("award recipient", [recip_map.get(g.awards[gi].recipient or "") == p.awards[pi].recipient for gi, pi in aws])

    # partner relations
    g_rel = [(i.id, o) for i in g.initiatives for o in i.partners]
    p_rel = [(i.id, o) for i in p.initiatives for o in i.partners]
    rel = _match(g_rel, p_rel, lambda a, b: 1.0 if init_map.get(a[0]) == b[0] and org_map.get(a[1]) == b[1] else 0.0)
    g_names = {i.id: i.name_zh for i in g.initiatives} | {o.id: o.mention_zh for o in g.organizations}
    p_names = {i.id: i.name_zh for i in p.initiatives} | {o.id: o.mention_zh for o in p.organizations}
    cats.append(CategoryScore("partner_relations", len(rel), len(p_rel) - len(rel), len(g_rel) - len(rel)))
    missed["partner_relations"] = [f"{g_names.get(a, a)} — {g_names.get(b, b)}" for n, (a, b) in enumerate(g_rel) if n not in {x for x, _ in rel}]
    spurious["partner_relations"] = [f"{p_names.get(a, a)} — {p_names.get(b, b)}" for n, (a, b) in enumerate(p_rel) if n not in {y for _, y in rel}]

    # metric changes
    p_by_id = {m.id: m for m in p.metrics}
    right = 0
    for gm in g.metrics:
        pm = p_by_id.get(metric_map.get(gm.id, ""))
        if gm.change and pm and pm.change and abs(gm.change.value - pm.change.value) < 1e-9 and squash(gm.change.unit_zh) == squash(pm.change.unit_zh) and gm.change.direction == pm.change.direction:
            right += 1
    g_changes = sum(1 for m in g.metrics if m.change)
    p_changes = sum(1 for m in p.metrics if m.change)
    cats.append(CategoryScore("metric_changes", right, p_changes - right, g_changes - right))
    missed["metric_changes"] = [f"{m.measure_zh}" for m in g.metrics if m.change and not (p_by_id.get(metric_map.get(m.id, "")) and p_by_id[metric_map[m.id]].change)]
    spurious["metric_changes"] = []

    return Scores(tuple(cats), attributes, missed, spurious)
