"""Corrections by people: a report's curation file, applied to its extraction before RDF.

A report ``NAME.txt`` (or ``.pdf``, ``.html``, ``.docx``, or an extraction ``NAME.json``) may
have a curation file ``NAME.curation.yaml`` beside it. It names items the way a person sees
them in ``courtgraph extract`` output (names and mentions as extracted, never the internal
ids, which change between versions of the rules) and says what to change::

    curator: 王明 (德清县人民法院研究室)   # who says so
    date: 2026-12-01                       # when
    rename:
      - {category: organizations, name: 县人社局, to: 德清县人力资源和社会保障局}
    merge:            # the second name's item is folded into the first's
      - {category: organizations, keep: 县妇联, merge: 妇联}
    add_partner:
      - {initiative: 共享法庭, partner: 县司法局}
    remove_partner:
      - {initiative: 共享法庭, partner: 县委政法委}
    english:
      - {category: initiatives, name: 共享法庭, en: Shared Court}
    drop:             # a false item; metrics may add ``value`` to pick one of several
      - {category: metrics, name: 审结案件, value: 3}

Every entry is matched against the extraction as the rules made it, so entries do not
depend on each other's order; an entry that matches nothing (or changes nothing) is said in a
note naming the file, its line and why, and the rest are applied. A file that is not valid
YAML or not in this shape is refused with an :class:`~courtgraph.errors.InputError` naming the
file and the line.

:func:`curate` applies the file; :func:`provenance_triples` writes, for the report's graph,
one ``cg:Correction`` (a ``prov:Activity``) per entry with who (``prov:wasAssociatedWith``)
and when (``dcterms:date``), and ``cg:curatedBy`` from every node the entry changed.
:func:`curation_template` writes a starting file that lists what was extracted.
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from courtgraph.errors import InputError
from courtgraph.model import Extraction, Metric

if TYPE_CHECKING:
    from rdflib.term import Node

__all__ = ["CATEGORIES", "ACTIONS", "Correction", "Curated", "curation_path", "read_curation", "curate", "provenance_triples", "curation_template", "write_curation_template"]

#: what a person names an item by, per category (the keys of ``courtgraph extract`` JSON), and
#: the field that holds its English name (``None``: the category has none)
CATEGORIES: dict[str, tuple[tuple[str, ...], str | None]] = {
    "organizations": (("mention_zh", "canonical_zh", "also_zh"), "name_en"),
    "initiatives": (("name_zh", "mention_zh"), "name_en"),
    "documents": (("title_zh",), None),
    "metrics": (("measure_zh",), "measure_en"),
    "awards": (("name_zh",), None),
    "cases": (("mention_zh",), None),
    "concepts": (("name_zh",), None),
    "themes": (("heading_zh",), "heading_en"),
    "work_areas": (("lead_zh",), "lead_en"),
}
# categories whose items are entities that two mentions may name (themes and work areas are
# places in one report's outline, metrics are single statements: neither is merged)
_MERGEABLE = ("organizations", "initiatives", "documents", "awards", "cases", "concepts")

#: each section of the file and the keys its entries take (all required but ``value``)
ACTIONS: dict[str, tuple[str, ...]] = {
    "rename": ("category", "name", "to"),
    "merge": ("category", "keep", "merge"),
    "add_partner": ("initiative", "partner"),
    "remove_partner": ("initiative", "partner"),
    "english": ("category", "name", "en"),
    "drop": ("category", "name"),
}
_HEAD_KEYS = ("curator", "date", "note")
# fields of items that hold another item's id: merging or dropping that item rewrites them
_REFERENCES = ("partners", "outcomes", "work_area", "attached_to", "recipient", "award")


@dataclass(frozen=True)
class Correction:
    """One entry of a curation file as applied: its place in the file, what it did, to what."""

    number: int  # 1, 2, … in the order of the file
    line: int
    action: str  # a key of ACTIONS
    text: str  # the entry, said in one line ("rename organizations 县人社局 → …")
    items: tuple[str, ...] = ()  # ids (in the curated extraction) of the items it changed


@dataclass(frozen=True)
class Curated:
    """An extraction with a curation file applied, the corrections made and the stale entries."""

    extraction: Extraction
    path: str = ""  # the curation file ("" when the report has none)
    curator: str = ""
    date: datetime.date | None = None
    corrections: tuple[Correction, ...] = ()
    notes: tuple[str, ...] = ()  # one line per entry that matched nothing or changed nothing


@dataclass(frozen=True)
class _Entry:
    action: str
    line: int
    values: dict[str, Any]


def curation_path(report: str | Path) -> Path:
    """The curation file of a report: ``NAME.curation.yaml`` beside ``NAME.txt``."""
    path = Path(report)
    return path.with_name(path.stem + ".curation.yaml")


# -- reading ----------------------------------------------------------------------------------


def read_curation(path: str | Path) -> tuple[str, datetime.date | None, list[_Entry]]:
    """The curator, date and entries of a curation file; :class:`InputError` naming the file
    and line when it is not valid YAML or not in the documented shape."""
    import yaml

    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read the curation file ({getattr(exc, 'strerror', None) or exc})") from None
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark is not None else "somewhere"
        raise InputError(f"{path}: {where}: not valid YAML ({getattr(exc, 'problem', None) or exc})") from None

    def fail(node: Any, message: str) -> InputError:
        return InputError(f"{path}: line {node.start_mark.line + 1 if node is not None else 1}: {message}")

    if data is None or root is None:
        return "", None, []
    if not isinstance(data, dict):
        raise fail(root, "a curation file is a mapping (curator:, date:, rename:, merge: …)")
    nodes = {key.value: value for key, value in root.value}
    for key, node in root.value:
        if key.value not in (*_HEAD_KEYS, *ACTIONS):
            raise fail(key, f"unknown key {key.value!r}; expected {', '.join((*_HEAD_KEYS, *ACTIONS))}")
    entries: list[_Entry] = []
    for action, keys in ACTIONS.items():
        items = data.get(action)
        if items is None:
            continue
        if not isinstance(items, list):
            raise fail(nodes[action], f"{action}: expected a list of entries (- {{{', '.join(keys)}}})")
        for value, node in zip(items, nodes[action].value):
            if not isinstance(value, dict):
                raise fail(node, f"{action}: each entry is a mapping with {', '.join(keys)}")
            allowed = (*keys, "value") if action == "drop" else keys
            unknown = [k for k in value if k not in allowed]
            missing = [k for k in keys if value.get(k) in (None, "")]
            if unknown or missing:
                said = [f"unknown key {k!r}" for k in unknown] + [f"missing {k!r}" for k in missing]
                raise fail(node, f"{action}: {'; '.join(said)} (an entry takes {', '.join(allowed)})")
            category = value.get("category")
            if category is not None and category not in CATEGORIES:
                raise fail(node, f"{action}: no category {category!r}; expected one of {', '.join(CATEGORIES)}")
            if action == "merge" and category not in _MERGEABLE:
                raise fail(node, f"merge: {category} are not merged; merge takes {', '.join(_MERGEABLE)}")
            if action == "english" and CATEGORIES[str(category)][1] is None:
                with_en = ", ".join(c for c, (_, en) in CATEGORIES.items() if en)
                raise fail(node, f"english: {category} have no English name; English names are kept for {with_en}")
            if "value" in value and (category != "metrics" or isinstance(value["value"], bool) or not isinstance(value["value"], (int, float))):
                raise fail(node, "drop: 'value' picks one figure among metrics of the same name and is a number")
            entries.append(_Entry(action, node.start_mark.line + 1, {k: v if k == "value" else str(v) for k, v in value.items()}))
    curator = data.get("curator")
    date = data.get("date")
    if entries and (not isinstance(curator, str) or not curator.strip()):
        raise fail(nodes.get("curator", root), "curator: say who makes these corrections (a name, or a name and an office)")
    if isinstance(date, str):
        try:
            date = datetime.date.fromisoformat(date)
        except ValueError:
            pass
    if entries and (not isinstance(date, datetime.date) or isinstance(date, datetime.datetime)):
        raise fail(nodes.get("date", root), "date: say when, as a date (2026-12-01)")
    return str(curator or "").strip(), date if isinstance(date, datetime.date) else None, entries


# -- applying ---------------------------------------------------------------------------------


def curate(extraction: Extraction, report: str | Path) -> Curated:
    """The extraction with the report's curation file applied (unchanged when it has none)."""
    path = curation_path(report)
    if not path.is_file():
        return Curated(extraction)
    curator, date, entries = read_curation(path)
    return _apply(extraction, str(path), curator, date, entries)


def _items(ex: Extraction, category: str) -> list[Any]:
    if category == "work_areas":
        return [w for t in ex.themes for w in t.work_areas] + list(ex.loose_work_areas)
    return list(getattr(ex, category))


def _names(item: Any, category: str) -> set[str]:
    names: set[str] = set()
    for name in CATEGORIES[category][0]:
        value = getattr(item, name)
        names.update(value if isinstance(value, tuple) else [value] if value else [])
    return {n.strip() for n in names}


def _find(ex: Extraction, category: str, name: str, value: Any = None) -> list[str]:
    """Ids of the items of ``category`` that a person would call ``name``."""
    found = [item for item in _items(ex, category) if name.strip() in _names(item, category)]
    if value is not None:
        found = [m for m in found if isinstance(m, Metric) and float(m.value) == float(value)]
    return [item.id for item in found]


_SINGULAR = {"organizations": "organisation", "initiatives": "initiative", "documents": "document", "metrics": "metric", "awards": "award",
             "cases": "case", "concepts": "concept", "themes": "theme", "work_areas": "work area"}


def _apply(ex: Extraction, path: str, curator: str, date: datetime.date | None, entries: list[_Entry]) -> Curated:
    original = ex
    notes: list[str] = []
    done: list[Correction] = []
    mapping: dict[str, str | None] = {}  # merged and dropped ids → what references now point at

    def stale(entry: _Entry, text: str, why: str) -> None:
        notes.append(f"{path}: line {entry.line}: {text}: {why}; the entry was not applied")

    def missing(category: str, name: str, value: Any = None) -> str:
        figure = f" with value {value}" if value is not None else ""
        return f"no {_SINGULAR[category]} named {name!r}{figure} in what was extracted from the report"

    for number, entry in enumerate(entries, start=1):
        v = entry.values
        cat = v.get("category", "")
        if entry.action in ("add_partner", "remove_partner"):
            verb = "add" if entry.action == "add_partner" else "remove"
            text = f"{verb} partner {v['partner']} {'to' if verb == 'add' else 'from'} initiative {v['initiative']}"
            inits, orgs = _find(original, "initiatives", v["initiative"]), _find(original, "organizations", v["partner"])
            if not inits:
                stale(entry, text, missing("initiatives", v["initiative"]))
                continue
            if verb == "add":
                if not orgs:
                    stale(entry, text, missing("organizations", v["partner"]) + " (a partner is added from the report's organisations)")
                    continue
                changed = [i for i in inits if orgs[0] not in _get(ex, "initiatives", i).partners]
                if not changed:
                    stale(entry, text, "it is already a partner of that initiative")
                    continue
                for i in changed:
                    ex = _update(ex, "initiatives", i, lambda it: replace(it, partners=(*it.partners, orgs[0])))
            else:
                def without(it: Any) -> Any:
                    implied = tuple(p for p in it.implied_partners if p.canonical_zh != v["partner"].strip())
                    return replace(it, partners=tuple(p for p in it.partners if p not in orgs), implied_partners=implied)

                changed = [i for i in inits if without(_get(ex, "initiatives", i)) != _get(ex, "initiatives", i)]
                if not changed:
                    stale(entry, text, f"{v['partner']!r} is not a partner of that initiative")
                    continue
                for i in changed:
                    ex = _update(ex, "initiatives", i, without)
            done.append(Correction(number, entry.line, entry.action, text, tuple(changed)))
            continue
        if entry.action == "merge":
            text = f"merge {cat} {v['merge']} into {v['keep']}"
            keep, gone = _find(original, cat, v["keep"]), _find(original, cat, v["merge"])
            if not keep or not gone:
                stale(entry, text, missing(cat, v["keep"] if not keep else v["merge"]))
                continue
            gone = [g for g in gone if g != keep[0]]
            if not gone:
                stale(entry, text, "both names are already one item")
                continue
            target = keep[0]
            for g in gone:
                ex = _update(ex, cat, target, _merged(_get(ex, cat, g), cat))
                mapping[g] = target
            done.append(Correction(number, entry.line, "merge", text, (target,)))
            continue
        name = v["name"]
        ids = _find(original, cat, name, v.get("value"))
        if entry.action == "rename":
            text, change = f"rename {cat} {name} → {v['to']}", _renamed(cat, v["to"])
        elif entry.action == "english":
            text, change = f"English name of {cat} {name}: {v['en']}", _english(str(CATEGORIES[cat][1]), v["en"])
        else:
            text = f"drop {cat} {name}" + (f" (value {v['value']})" if "value" in v else "")
        if not ids:
            stale(entry, text, missing(cat, name, v.get("value")))
            continue
        if entry.action == "drop":
            for i in ids:
                mapping[i] = None
                if cat == "themes":  # a theme goes with its work areas
                    mapping.update({w.id: None for w in _get(original, "themes", i).work_areas})
            done.append(Correction(number, entry.line, "drop", text))
            continue
        for i in ids:
            ex = _update(ex, cat, i, change)
        done.append(Correction(number, entry.line, entry.action, text, tuple(ids)))
    ex = _remap(ex, mapping)
    # a correction's items are those still there, under the id they now have
    kept = {item.id for cat in CATEGORIES for item in _items(ex, cat)}
    done = [replace(c, items=tuple(dict.fromkeys(str(_final(mapping, i)) for i in c.items if _final(mapping, i) in kept))) for c in done]
    return Curated(ex, path, curator, date, tuple(done), tuple(notes))


def _get(ex: Extraction, category: str, item_id: str) -> Any:
    return next(item for item in _items(ex, category) if item.id == item_id)


def _update(ex: Extraction, category: str, item_id: str, change: Callable[[Any], Any]) -> Extraction:
    """The extraction with one item of ``category`` replaced by ``change(item)``."""

    def each(items: Iterable[Any]) -> tuple[Any, ...]:
        return tuple(change(item) if item.id == item_id else item for item in items)

    if category == "work_areas":
        return replace(ex, themes=tuple(replace(t, work_areas=each(t.work_areas)) for t in ex.themes), loose_work_areas=each(ex.loose_work_areas))
    changes: dict[str, Any] = {category: each(getattr(ex, category))}
    return replace(ex, **changes)


def _renamed(category: str, new: str) -> Callable[[Any], Any]:
    field = CATEGORIES[category][0][0]

    def rename(item: Any) -> Any:
        if category == "organizations":
            # the new name is the body's name (and so its node); the names the report used stay
            # as alternative labels, so a search by the old name still finds it
            also = tuple(dict.fromkeys((*item.also_zh, item.mention_zh, *( [item.canonical_zh] if item.canonical_zh else []))))
            return replace(item, mention_zh=new, canonical_zh=new if item.canonical_zh else None, also_zh=tuple(a for a in also if a != new))
        return replace(item, **{field: new})

    return rename


def _english(field: str, name: str) -> Callable[[Any], Any]:
    return lambda item: replace(item, **{field: name})


def _merged(gone: Any, category: str) -> Callable[[Any], Any]:
    """Fold ``gone`` into the kept item: its spans and names; its links are rewritten later."""

    def merge(keep: Any) -> Any:
        changes: dict[str, Any] = {"spans": tuple(dict.fromkeys((*keep.spans, *gone.spans)))}
        if category == "organizations":
            names = (*keep.also_zh, gone.mention_zh, *gone.also_zh, *([gone.canonical_zh] if gone.canonical_zh else []))
            changes["also_zh"] = tuple(n for n in dict.fromkeys(names) if n != keep.mention_zh)
        if category == "initiatives":
            for name in ("partners", "outcomes", "firsts", "outcome_text_zh", "implied_partners"):
                changes[name] = tuple(dict.fromkeys((*getattr(keep, name), *getattr(gone, name))))
        return replace(keep, **changes)

    return merge


def _final(mapping: dict[str, str | None], item_id: str) -> str | None:
    """Where a chain of merges and drops leaves an item (A merged into B, B dropped: nowhere)."""
    seen = {item_id}
    found: str | None = item_id
    while found in mapping:
        found = mapping[found]
        if found is None or found in seen:
            return found
        seen.add(found)
    return found


def _remap(ex: Extraction, mapping: dict[str, str | None]) -> Extraction:
    """Remove the items mapped to ``None`` or to another item, and point every reference to
    them at what replaced them (or nowhere)."""
    if not mapping:
        return ex
    mapping = {old: _final(mapping, old) for old in mapping}

    def fix(item: Any) -> Any:
        changes: dict[str, Any] = {}
        for f in fields(item):
            if f.name not in _REFERENCES:
                continue
            value = getattr(item, f.name)
            if isinstance(value, tuple):
                new = tuple(dict.fromkeys(mapping.get(i, i) for i in value if mapping.get(i, i) is not None and mapping.get(i, i) != item.id))
                if new != value:
                    changes[f.name] = new
            elif value in mapping:
                changes[f.name] = mapping[value]
        return replace(item, **changes) if changes else item

    def keep(items: Iterable[Any]) -> tuple[Any, ...]:
        return tuple(fix(item) for item in items if item.id not in mapping)

    themes = tuple(replace(t, work_areas=keep(t.work_areas)) for t in ex.themes if t.id not in mapping)
    changes: dict[str, Any] = {"themes": themes, "loose_work_areas": keep(ex.loose_work_areas)}
    for category in CATEGORIES:
        if category not in ("themes", "work_areas"):
            changes[category] = keep(getattr(ex, category))
    return replace(ex, **changes)


# -- provenance -------------------------------------------------------------------------------


def provenance_triples(curated: Curated, report: Node, ids: Mapping[str, Node]) -> list[tuple[Node, Node, Node]]:
    """The triples that say who corrected what and when, for the report's graph.

    ``ids`` maps the curated extraction's item ids to their nodes (as the RDF writer made them).
    """
    if not curated.corrections:
        return []
    from rdflib import RDF, RDFS, XSD, Literal, Namespace, URIRef
    from rdflib.namespace import DCTERMS

    from courtgraph.namespace import CG

    prov = Namespace("http://www.w3.org/ns/prov#")
    digest = hashlib.sha1(curated.curator.encode("utf-8")).hexdigest()[:10]
    agent = URIRef(f"{report}/curator/{digest}")
    date = Literal(curated.date.isoformat() if curated.date else "", datatype=XSD.date)
    triples: list[tuple[Node, Node, Node]] = [(agent, RDF.type, prov.Agent), (agent, RDFS.label, Literal(curated.curator))]
    for correction in curated.corrections:
        node = URIRef(f"{report}/correction/{correction.number}")
        triples += [
            (node, RDF.type, CG.Correction),
            (node, CG.correctionAction, Literal(correction.action)),
            (node, RDFS.comment, Literal(correction.text)),
            (node, prov.wasAssociatedWith, agent),
            (node, DCTERMS.date, date),
            (node, prov.used, report),
            (node, DCTERMS.source, Literal(f"{Path(curated.path).name} line {correction.line}")),
        ]
        triples += [(ids[i], CG.curatedBy, node) for i in correction.items if i in ids]
    return triples


# -- the template -----------------------------------------------------------------------------


def curation_template(extraction: Extraction, report: str | Path) -> str:
    """A starting curation file for ``report``: the schema in comments, then every item
    extracted, by the name an entry uses, also in comments (so the file changes nothing
    until a person writes entries into it)."""
    ex = extraction
    orgs = {o.id: o.mention_zh for o in ex.organizations}
    lines = [
        f"# Corrections to what courtgraph extracted from {Path(report).name}.",
        "# `courtgraph build` applies this file to the report beside it and records in the graph",
        "# who made each correction and when. Name items as listed below (as extracted), never by id.",
        "# An entry that matches nothing is reported when the report is built.",
        "",
        "curator:   # who says so: a name, or a name and an office",
        "date:      # when, as a date: 2026-12-01",
        "",
        "# Uncomment and edit; categories: " + ", ".join(CATEGORIES),
        "# rename:",
        "#   - {category: organizations, name: 县人社局, to: 县人力资源和社会保障局}",
        "# merge:            # fold the second item into the first",
        "#   - {category: organizations, keep: 县妇联, merge: 妇联}",
        "# add_partner:      # the partner is one of the organisations below",
        "#   - {initiative: 共享法庭, partner: 县司法局}",
        "# remove_partner:",
        "#   - {initiative: 共享法庭, partner: 县委政法委}",
        "# english:          # organizations, initiatives, metrics, themes, work_areas",
        "#   - {category: initiatives, name: 共享法庭, en: Shared Court}",
        "# drop:             # a false item; for metrics, value picks one of several",
        "#   - {category: metrics, name: 审结案件, value: 3}",
        "",
        "# What was extracted:",
    ]

    def section(category: str, rows: list[str]) -> None:
        if rows:
            lines.append("#")
            lines.append(f"# {category} ({len(rows)}):")
            lines.extend(f"#   {row}" for row in rows)

    section("themes", [f"{t.heading_zh}" + (f"  [en: {t.heading_en}]" if t.heading_en else "") for t in ex.themes])
    section("work_areas", [w.lead_zh for w in _items(ex, "work_areas")])
    section("organizations", [f"{o.mention_zh}" + (f"  (full name {o.canonical_zh})" if o.canonical_zh and o.canonical_zh != o.mention_zh else "")
                              + (f"  [en: {o.name_en}]" if o.name_en else "") for o in ex.organizations])
    section("initiatives", [
        i.name_zh + (f"  partners: {'、'.join(orgs[p] for p in i.partners if p in orgs)}" if i.partners else "")
        + (f"  implied partners: {'、'.join(p.canonical_zh for p in i.implied_partners)}" if i.implied_partners else "")
        + (f"  [en: {i.name_en}]" if i.name_en else "")
        for i in ex.initiatives
    ])
    section("documents", [d.title_zh for d in ex.documents])
    section("metrics", [f"{m.measure_zh}  value: {m.value}  ({m.approx or ''}{m.value}{m.unit_zh})" for m in ex.metrics])
    section("awards", [a.name_zh for a in ex.awards])
    section("cases", [c.mention_zh for c in ex.cases])
    section("concepts", [k.name_zh for k in ex.concepts])
    return "\n".join(lines) + "\n"



def write_curation_template(extraction: Extraction, report: str | Path) -> Path:
    """Write :func:`curation_template` to the report's curation file and return its path;
    :class:`InputError` when the report already has one (a person's corrections are never
    overwritten)."""
    from courtgraph.files import write_text

    path = curation_path(report)
    if path.exists():
        raise InputError(f"{path}: the report already has a curation file; left as it is (move it away to start a new one)")
    return write_text(path, curation_template(extraction, report))
