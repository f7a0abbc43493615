"""The scorer: matching rules and counts, on the gold file against edited copies of itself."""

from __future__ import annotations

from dataclasses import replace

import pytest

from courtgraph.evaluate import CATEGORIES, evaluate


def test_gold_against_itself_is_perfect(gold_extraction):
    scores = evaluate(gold_extraction, gold_extraction)
    for category in CATEGORIES:
        assert scores[category].f1 == 1.0, category
    assert all(right == total for right, total in scores.attributes.values())


def test_missing_and_spurious_items_are_counted(gold_extraction):
    g = gold_extraction
    orgs = g.organizations[1:] + (replace(g.organizations[0], id="O99", mention_zh="县档案馆", also_zh=(), canonical_zh="德清县档案馆"),)
    metrics = (replace(g.metrics[0], value=10094),) + g.metrics[1:]
    predicted = replace(g, organizations=orgs, metrics=metrics)
    scores = evaluate(predicted, g)
    assert (scores["organizations"].tp, scores["organizations"].fp, scores["organizations"].fn) == (len(g.organizations) - 1, 1, 1)
    assert scores.missed["organizations"] == [g.organizations[0].mention_zh]
    assert scores.spurious["organizations"] == ["县档案馆"]
    # a figure with the wrong value is a miss and a false find, and its change goes with it
    assert (scores["metrics"].fp, scores["metrics"].fn) == (1, 1)
    assert scores["metric_changes"].fn == 1


def test_whitespace_and_width_do_not_matter(gold_extraction):
    g = gold_extraction
    doc = g.documents[0]
    spaced = replace(doc, title_zh=" ".join(doc.title_zh))
    scores = evaluate(replace(g, documents=(spaced,) + g.documents[1:]), g)
    assert scores["documents"].f1 == 1.0


def test_a_work_area_under_the_wrong_theme_is_wrong(gold_extraction):
    g = gold_extraction
    first, second = g.themes[0], g.themes[1]
    moved = (replace(first, work_areas=first.work_areas[:-1]), replace(second, work_areas=second.work_areas + first.work_areas[-1:]))
    scores = evaluate(replace(g, themes=moved + g.themes[2:]), g)
    assert (scores["work_areas"].fp, scores["work_areas"].fn) == (1, 1)


def test_partner_relations_need_both_ends(gold_extraction):
    g = gold_extraction
    base = next(i for i in g.initiatives if len(i.partners) == 3)
    dropped = replace(base, partners=base.partners[:2])
    scores = evaluate(replace(g, initiatives=tuple(dropped if i is base else i for i in g.initiatives)), g)
    assert scores["partner_relations"].fn == 1 and scores["partner_relations"].fp == 0


def test_unknown_category_names_the_available_ones(gold_extraction):
    scores = evaluate(gold_extraction, gold_extraction)
    with pytest.raises(KeyError, match="Available: themes"):
        scores["people"]
