"""Extract the facts of a court work report: a pipeline of small, named steps.

``extract_report(path)`` reads a file; ``extract(report)`` works on a ``Report`` already
read. Both return an ``Extraction`` whose ``to_dict()`` is the JSON shape of the gold
schema, every item with its spans (raw offsets and the normalised quote).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from courtgraph.errors import ExtractionError
from courtgraph.model import (
    Award,
    Case,
    Change,
    Concept,
    Document,
    Extraction,
    ImpliedPartner,
    Initiative,
    Metric,
    Organization,
    Report,
    Theme,
    WorkArea,
)

__all__ = ["extract", "extract_report", "read_metadata"]


def read_metadata(path: str | Path) -> dict[str, Any]:
    """The metadata file beside a report (``name.meta.yaml``), or ``{}`` when there is none."""
    import yaml

    p = Path(path)
    meta = p.with_name(p.stem + ".meta.yaml")
    if not meta.is_file():
        return {}
    loaded = yaml.safe_load(meta.read_text(encoding="utf-8")) or {}
    if not isinstance(loaded, dict):
        raise ExtractionError(f"{meta}: metadata must be a mapping of keys to values")
    return loaded


def extract_report(path: str | Path, *, metadata: dict[str, Any] | None = None) -> Extraction:
    """Read and extract one report file.

    Metadata (court, places, year) come from ``metadata``, else from a ``.meta.yaml`` file
    beside the report, else from the text alone.
    """
    from courtgraph.ingest import read_report

    report = read_report(path)
    meta = read_metadata(path) if metadata is None else metadata
    return extract(report, metadata=meta)


def extract(report: Report, *, metadata: dict[str, Any] | None = None) -> Extraction:
    """Extract every fact of a report already read with ``courtgraph.ingest.read_report``."""
    from courtgraph.gcpause import collection_paused

    with collection_paused(promote=True):  # the time per character stays flat (see courtgraph.gcpause)
        return _extract(report, metadata=metadata)


def _extract(report: Report, *, metadata: dict[str, Any] | None = None) -> Extraction:
    from courtgraph.extract.awards import find_awards, find_cases
    from courtgraph.extract.context import ByStart, Context, Marks
    from courtgraph.extract.documents import find_documents
    from courtgraph.extract.initiatives import find_initiatives
    from courtgraph.extract.metrics import find_metrics, measure_en
    from courtgraph.extract.organizations import (
        OrgEntity,
        OrgMention,
        assign_roles,
        compose_en,
        find_org_mentions,
        group_mentions,
        longest_readings,
    )
    from courtgraph.extract.report_info import find_report_info
    from courtgraph.structure import SUMMARY_ID, find_structure, split_sentences

    structure = find_structure(report)
    sentences = split_sentences(report, structure.paragraphs)
    if not sentences:
        raise ExtractionError(f"{report.path}: no sentences found; is this a court work report?")
    info, places, court_names = find_report_info(report, structure, metadata)
    ctx = Context(report, structure, sentences, places, info.court_zh, court_names)
    text = report.text

    themes = tuple(
        Theme(
            id=t.id,
            heading_zh=t.title,
            heading_en=None,
            work_areas=tuple(WorkArea(a.id, a.title, None, (ctx.span(a.norm_start, a.norm_end),)) for a in t.children),
            spans=(ctx.span(t.norm_start, t.norm_end),),
        )
        for t in structure.themes
    )
    loose = tuple(WorkArea(a.id, a.title, None, (ctx.span(a.norm_start, a.norm_end),)) for a in structure.loose)

    documents = find_documents(ctx)
    org_mentions = find_org_mentions(ctx)
    initiatives, quoted_terms, extra_orgs = find_initiatives(ctx, org_mentions)
    awards = find_awards(ctx)
    cases = find_cases(ctx)

    # bodies honoured by name (地信法庭党支部创建为…) are organisations too
    award_orgs: list[OrgMention] = []
    import re

    for aw in awards:
        m = re.search(r"([\u4e00-\u9fff]{2,8}(?:党支部|党总支|团支部))$", aw.subject)
        if m:
            start = aw.subject_start + m.start(1)
            name = m.group(1)
            en = " ".join(x for x in (info.court_en, compose_en(name, places)) if x)
            award_orgs.append(OrgMention(start, start + len(name), name, info.court_zh + name, "court", info.court_zh + name, en))
    all_mentions = sorted(org_mentions + extra_orgs + award_orgs, key=lambda o: o.start)
    # an organisation named inside an award's or a case's name is part of that name, not a mention
    named = Marks(len(text))
    for a, b in [(aw.start, aw.end) for aw in awards] + [(c.start, c.end) for c in cases]:
        named.take(a, b)
    # (a standing body written in full inside an award's name, 最高人民法院…典型案例, still counts)
    all_mentions = [o for o in all_mentions if o.listed and o.text == o.full and not o.generic or not named.covered(o.start, o.end)]
    all_mentions = longest_readings(all_mentions)
    # the reporting court is the report's subject, not an organisation it names
    own = set(court_names)
    entities: list[OrgEntity] = [e for e in group_mentions(all_mentions) if e.key != info.court_zh and not {e.key, e.first.text, e.first.full} & own]

    partner_keys = {p.key for i in initiatives for p in i.partners}
    assign_roles(ctx, entities, partner_keys)
    org_id = {e.key: f"O{n + 1}" for n, e in enumerate(entities)}

    init_ids = [f"I{n + 1}" for n in range(len(initiatives))]
    metric_mentions = find_metrics(ctx, [(i.start, i.end, iid) for i, iid in zip(initiatives, init_ids)], court_names)
    metric_ids = [f"M{n + 1}" for n in range(len(metric_mentions))]
    doc_ids = [f"D{n + 1}" for n in range(len(documents))]
    award_ids = [f"A{n + 1}" for n in range(len(awards))]
    case_ids = [f"C{n + 1}" for n in range(len(cases))]

    sp = ctx.span  # (tens of thousands of spans in a long report: no call in between)

    organizations = tuple(
        Organization(
            id=org_id[e.key],
            mention_zh=e.first.text,
            kind=e.first.kind,
            role=e.role,
            also_zh=tuple(dict.fromkeys(m.text for m in e.mentions if m.text != e.first.text)),
            canonical_zh=e.first.full,
            name_en=e.first.en,
            spans=tuple(sp(m.start, m.end) for m in e.mentions),
        )
        for e in entities
    )

    outcomes: dict[str, list[str]] = {}
    for mid, met in zip(metric_ids, metric_mentions):
        if met.attached_to and met.attached_to.startswith("I"):
            outcomes.setdefault(met.attached_to, []).append(mid)

    out_inits = tuple(
        Initiative(
            id=iid,
            name_zh=i.name,
            mention_zh=text[i.start:i.end],
            type=i.type,
            work_area=ctx.area_at(i.start),
            partners=tuple(dict.fromkeys(org_id[p.key] for p in i.partners if p.key in org_id)),
            outcomes=tuple(outcomes.get(iid, [])),
            firsts=tuple(f[0] for f in i.firsts),
            outcome_text_zh=tuple(o[0] for o in i.outcome_text),
            name_en=None,
            source_zh=ctx.sentence_at(i.start).text,
            implied_partners=tuple(ImpliedPartner(full, kind, en) for full, kind, en in i.implied),
            run_by=tuple(dict.fromkeys(org_id[o.key] for o in i.run_by if o.key in org_id)),
            spans=(sp(i.start, i.end),) + tuple(sp(f[1], f[2]) for f in i.firsts) + tuple(sp(o[1], o[2]) for o in i.outcome_text),
        )
        for iid, i in zip(init_ids, initiatives)
    )

    out_docs = tuple(
        Document(
            id=did,
            title_zh=d.title,
            kind=d.kind,
            action_zh=d.action,
            work_area=ctx.area_at(d.start),
            spans=(sp(d.start + 1, d.end - 1),)
            + ((sp(d.action_start, d.action_start + len(d.action)),) if d.action and d.action_start is not None else ())
            + tuple(sp(a + 1, b - 1) for a, b in d.again),
        )
        for did, d in zip(doc_ids, documents)
    )

    out_metrics = tuple(
        Metric(
            id=mid,
            value=m.value,
            unit_zh=m.unit_zh,
            measure_zh=m.measure,
            approx=m.approx,
            change=Change(m.change.value, m.change.unit_zh, m.change.direction, m.change.basis, (sp(m.change.start, m.change.end),)) if m.change else None,
            rank_zh=m.rank[0] if m.rank else None,
            attached_to=m.attached_to or SUMMARY_ID,
            measure_en=measure_en(m.measure),
            value_normalized=m.value_normalized,
            unit=m.unit,
            spans=(sp(m.start, m.end),)
            + ((sp(m.measure_start, m.measure_end),) if m.measure_end > m.measure_start else ())
            + ((sp(m.rank[1], m.rank[2]),) if m.rank else ()),
        )
        for mid, m in zip(metric_ids, metric_mentions)
    )

    # recipients: an organisation named as the subject, else the initiative of the sentence,
    # else a case named as the subject, else a document of the sentence, else the court
    case_award: dict[int, str] = {}
    out_awards = []
    # (looked up by offset: a report's awards times its mentions would grow with the square)
    mentions_at = ByStart([(m.start, e) for e in entities for m in e.mentions], lambda x: x[0])
    cases_at = ByStart(list(enumerate(cases)), lambda x: x[1].start)
    inits_at = ByStart(list(zip(init_ids, initiatives)), lambda x: x[1].start)
    docs_at = ByStart(list(zip(doc_ids, documents)), lambda x: x[1].start)
    for aid, aw in zip(award_ids, awards):
        s = ctx.sentence_at(aw.start)
        recipient = "court"
        subj_orgs = [e for _, e in mentions_at.between(aw.subject_start, aw.verb_start)]
        subj_cases = [n for n, _ in cases_at.between(aw.subject_start, aw.verb_start)]
        sent_inits = [iid for iid, _ in inits_at.between(s.norm_start, aw.start)]
        sent_docs = [did for did, _ in docs_at.between(s.norm_start, aw.start)]
        case_is_subject = bool(subj_cases) and cases[subj_cases[-1]].end >= aw.verb_start - 1
        if case_is_subject:
            recipient = sent_inits[-1] if sent_inits else case_ids[subj_cases[-1]]
        elif subj_orgs:
            recipient = org_id[subj_orgs[-1].key]
        elif sent_inits:
            recipient = sent_inits[-1]
        elif subj_cases:
            recipient = case_ids[subj_cases[-1]]
        elif sent_docs:
            recipient = sent_docs[-1]
        for n in subj_cases:
            case_award.setdefault(n, aid)
        out_awards.append(Award(aid, aw.name, aw.level, recipient, (sp(aw.start, aw.end),)))

    out_cases = tuple(Case(cid, c.text, case_award.get(n), (sp(c.start, c.end),)) for n, (cid, c) in enumerate(zip(case_ids, cases)))

    concepts: list[Concept] = []
    seen: set[str] = set()
    in_orgs = Marks(len(text))
    for e in entities:
        for o in e.mentions:
            in_orgs.take(o.start, o.end)
    for term in quoted_terms:
        if term.role != "concept" or term.name in seen or in_orgs.covered(term.start, term.end):
            continue  # (a quoted part of a body's name, 宁夏“塞上江南”律师事务所, is the name's)
        seen.add(term.name)
        concepts.append(Concept(f"K{len(concepts) + 1}", term.name, text[term.start:term.mention_end], (sp(term.start, term.mention_end),)))

    return Extraction(
        report=_with_span(info, ctx),
        themes=themes,
        organizations=organizations,
        initiatives=out_inits,
        documents=out_docs,
        metrics=out_metrics,
        awards=tuple(out_awards),
        cases=out_cases,
        concepts=tuple(concepts),
        sentences=tuple(sentences),
        loose_work_areas=loose,
    )


def _with_span(info: Any, ctx: Any) -> Any:
    from dataclasses import replace

    s = ctx.sentences[0]
    r = ctx.report  # what is known of the file itself (courtgraph.readers) goes with the report's record
    return replace(info, spans=(ctx.span(s.norm_start, s.norm_end),), form=r.form, pages=r.pages, title=r.title, url=r.url)
