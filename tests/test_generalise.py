"""The extractor on hand-written reports of other courts, provinces, years and layouts.

Each report in tests/data/reports/, heldout/ and heldout2/ has a gold file annotated by hand
from its text (see the README in each folder). They vary what real reports vary: heading styles
and placement, full report layouts (title, occasion, 一、工作回顾 with （一） sections, plans),
PDF damage, county-level cities and districts, partner agencies, units, Chinese numerals, no
headings at all. The heldout/ and heldout2/ reports were each scored once before any rule was
changed for them (the figures are in the README).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from courtgraph.evaluate import evaluate, load_gold
from courtgraph.extract import extract_report

DATA = Path(__file__).parent / "data"
REPORTS = [p for folder in ("reports", "heldout", "heldout2") for p in sorted((DATA / folder).glob("*.txt"))]

FLOORS = {
    "themes": 0.9,
    "work_areas": 0.9,
    "organizations": 0.85,
    # these fictional reports were annotated under the seed's stricter convention (an unquoted
    # team, 制度 or 绿色通道 is no initiative); the real reports' gold (test_dev_reports.py)
    # counts them, and that is the measure now, so here the floor only guards against collapse
    "initiatives": 0.75,
    "documents": 0.9,
    "metrics": 0.9,
    "awards": 0.6,
    "partner_relations": 0.75,
    "metric_changes": 0.9,
}


@pytest.fixture(scope="module", params=REPORTS, ids=[p.stem for p in REPORTS])
def scored(request):
    path: Path = request.param
    gold = load_gold(path.with_suffix(".yaml"))
    ex = extract_report(path, metadata={})
    return path.stem, ex, gold, evaluate(ex, gold)


def test_there_are_varied_reports():
    assert len(REPORTS) >= 11


@pytest.mark.parametrize("category", sorted(FLOORS))
def test_floor_per_category(scored, category):
    name, _, _, scores = scored
    s = scores[category]
    assert s.f1 >= FLOORS[category], (name, category, s, scores.missed[category], scores.spurious[category])


def test_court_place_and_year_from_the_text(scored):
    name, ex, gold, _ = scored
    assert ex.report.court_zh == gold.report.court_zh
    assert ex.report.court_en == gold.report.court_en
    assert ex.report.year == gold.report.year
    assert ex.report.province_zh == gold.report.province_zh
    assert ex.report.city_zh == gold.report.city_zh


def test_canonical_names_use_the_courts_place(scored):
    name, ex, gold, scores = scored
    right, total = scores.attributes["organization canonical name"]
    assert right >= 0.85 * total, name


def test_spans_give_back_quotes(scored):
    from courtgraph.ingest import read_report, squash

    name, ex, _, _ = scored
    raw = read_report(ex.report.source).raw
    for item in ex.organizations + ex.initiatives + ex.metrics + ex.awards + ex.documents:
        for span in item.spans:
            assert squash(raw[span.start:span.end]) == squash(span.text), (name, item.id, span)
