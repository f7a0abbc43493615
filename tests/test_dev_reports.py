"""The extractor on real reports: 17 openings of published court work reports with gold files.

The texts in tests/data/dev-reports/ are copied unchanged from the project's development set
(their manifests give each file's sha256). They are split the way the project studies them:
the tuning half (d01–d08, d17), whose errors were read while the rules were written, and the
check half (d09–d16), scored but read only to see whether a rule already written generalised.
Both halves and the seed must stay above the floors below, micro-averaged per category.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
import yaml

from courtgraph.evaluate import evaluate, evaluate_many, gold_pairs
from courtgraph.extract import extract_report

HERE = Path(__file__).parent
DEV = HERE / "data" / "dev-reports"
SEED = (HERE.parent / "seeds" / "deqing-court-2024.txt", HERE / "gold" / "deqing-2024.yaml")

TUNING = {f"d{n:02d}" for n in (*range(1, 9), 17)}
# the floors of the check half (the tuning half must reach them too). Partner relations have a
# floor of .60 only where a half has 8 gold pairs; the openings hold 3 in each half, so partners
# are held to the seed's floor below instead.
FLOORS = {
    "organizations": 0.85,
    "initiatives": 0.75,
    "metrics": 0.95,
    "themes": 0.90,
    "work_areas": 0.85,
    "awards": 0.75,
}
SEED_FLOOR = 0.98


def _half(name: str) -> list[tuple[Path, Path]]:
    pairs = gold_pairs([DEV])
    return [(t, g) for t, g in pairs if (t.name[:3] in TUNING) == (name == "tuning")]


@pytest.fixture(scope="module", params=["tuning", "check"])
def half(request):
    pairs = _half(request.param)
    scored = [(t.stem, evaluate(extract_report(t, metadata={}), g)) for t, g in pairs]
    return request.param, len(pairs), evaluate_many(scored)


def test_the_texts_are_the_published_openings_unchanged():
    manifests = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted(DEV.glob("MANIFEST-*.yaml"))]
    listed = {r["text_file"]: r["sha256"] for m in manifests for r in m["reports"]}
    assert len(listed) == 17
    for name, digest in listed.items():
        assert hashlib.sha256((DEV / name).read_bytes()).hexdigest() == digest, name


def test_halves_hold_what_the_split_says():
    assert len(_half("tuning")) == 9
    assert len(_half("check")) == 8


@pytest.mark.parametrize("category", sorted(FLOORS))
def test_each_half_stays_above_the_floor(half, category):
    name, _, scores = half
    s = scores[category]
    assert s.f1 >= FLOORS[category], (name, category, s, scores.missed[category], scores.spurious[category])


@pytest.mark.parametrize("category", ["themes", "work_areas", "organizations", "initiatives", "documents", "metrics", "awards", "partner_relations"])
def test_the_seed_stays_where_it_was(category):
    scores = evaluate(extract_report(SEED[0]), SEED[1])
    assert scores[category].f1 >= SEED_FLOOR, (category, scores.missed[category], scores.spurious[category])


def test_the_reporting_court_is_found_at_every_level():
    """Intermediate, high and maritime courts name themselves differently from basic ones; the
    court read from each text is the one its manifest names, wherever the text names its
    place at all (a court that calls itself only 市中级人民法院 gets its city from the text)."""
    import re

    manifests = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted(DEV.glob("MANIFEST-*.yaml"))]
    rows = [r for m in manifests for r in m["reports"] if r.get("level") in ("intermediate", "high", "maritime")]
    checked = 0
    for r in rows:
        text = (DEV / r["text_file"]).read_text(encoding="utf-8")
        place = re.sub(r"(?:省|市|自治区)?(?:高级|中级|海事)人民法院$|海事法院$", "", r["court_zh"])
        if place not in text:
            continue  # the opening never says where the court sits
        checked += 1
        assert extract_report(DEV / r["text_file"], metadata={}).report.court_zh == r["court_zh"], r["id"]
    assert checked >= 6


def test_the_reporting_court_is_not_its_own_partner():
    for text, _ in gold_pairs([DEV]):
        ex = extract_report(text, metadata={})
        names = {ex.report.court_zh}
        assert not [o for o in ex.organizations if o.canonical_zh in names or o.mention_zh in names], text.name
