"""Corrections by people: a report's curation file, applied by the build, with who and when.

The report is the seed, copied with its metadata file into a folder of the test's own; the
curation files are written here by hand, naming items the way ``courtgraph extract`` shows
them. The built graph is read back with Oxigraph and asked with SPARQL.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from courtgraph.cli import main

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "deqing-court-2024.txt"
PREFIXES = """
PREFIX cg: <https://w3id.org/courtgraph/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
"""

CURATION = """\
curator: 王明 (德清县人民法院研究室)
date: 2026-12-01
rename:
  - {category: organizations, name: 县人社局, to: 德清县人力资源和社会保障局（核定）}
  - {category: initiatives, name: 一站式, to: 一站式诉讼服务中心}
merge:
  - {category: organizations, keep: 检察院, merge: 公安局}
add_partner:
  - {initiative: 寻脉运河, partner: 文广旅体局}
remove_partner:
  - {initiative: 爱心天平, partner: 县红十字会}
english:
  - {category: initiatives, name: 法护知产, en: Guarding Intellectual Property}
drop:
  - {category: organizations, name: 国际法院}
  - {category: metrics, name: 个人荣誉, value: 32}
"""


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    """The command line as a user runs it: exit status and stderr."""
    capsys.readouterr()
    try:
        code = int(main(list(args)) or 0)
    except SystemExit as exc:
        code = int(exc.code or 0)
    return code, capsys.readouterr().err


def _report(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(SEED, folder / SEED.name)
    shutil.copy(SEED.with_name(SEED.stem + ".meta.yaml"), folder)
    return folder / SEED.name


def _build(folder: Path, cache: Path, **options):
    from courtgraph.build import build

    return build([folder], out_dir=folder.parent / "out", html=False, jobs=1, cache_dir=cache, **options)


def _store(result):
    import pyoxigraph as ox

    store = ox.Store()
    with open(result.out_dir / "courtgraph.nt", "rb") as handle:
        store.load(handle, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.DefaultGraph())
    return store


def _ask(store, body: str) -> bool:
    return bool(store.query(PREFIXES + f"ASK {{ {body} }}"))


def _values(store, query: str) -> set[str]:
    return {row[0].value for row in store.query(PREFIXES + query)}


def test_the_extraction_holds_what_the_curation_changes(seed_extraction) -> None:
    # the facts the curation below corrects are there before it (so each check after can fail)
    orgs = {o.mention_zh: o for o in seed_extraction.organizations}
    inits = {i.name_zh: i for i in seed_extraction.initiatives}
    assert {"县人社局", "检察院", "公安局", "文广旅体局", "国际法院", "县红十字会"} <= set(orgs)
    assert orgs["县红十字会"].id in inits["爱心天平"].partners
    assert orgs["文广旅体局"].id not in inits["寻脉运河"].partners
    assert orgs["公安局"].id in inits["原始瓷遗址司法保护基地"].partners
    assert inits["法护知产"].name_en != "Guarding Intellectual Property"
    assert [m.value for m in seed_extraction.metrics if m.measure_zh == "个人荣誉"] == [32]


def test_a_curation_file_is_applied_with_who_and_when(tmp_path: Path) -> None:
    report = _report(tmp_path / "reports")
    report.with_name(report.stem + ".curation.yaml").write_text(CURATION, encoding="utf-8")
    result = _build(report.parent, tmp_path / "cache")
    assert not result.failed and not result.skipped  # the curation file is not taken for a report
    assert result.validation.conforms
    assert not [n for n in result.notes if "curation" in n]  # every entry matched
    store = _store(result)

    # renamed: the new name is the label, the report's own words stay as alternative labels
    assert _ask(store, '?o a cg:Organisation ; rdfs:label "德清县人力资源和社会保障局（核定）"@zh ; skos:altLabel "县人社局"@zh')
    assert not _ask(store, '?o a cg:Organisation ; rdfs:label "县人社局"@zh')
    assert _ask(store, '?i a cg:Initiative ; rdfs:label "一站式诉讼服务中心"@zh ; cg:mention "“一站式”诉讼服务中心"@zh ; cg:evidence ?span')
    assert not _ask(store, '?i a cg:Initiative ; rdfs:label "一站式"@zh')
    # merged: one node for the two mentions, and the initiative that named both has it once
    assert not _ask(store, '?o a cg:Organisation ; rdfs:label "公安局"@zh')
    assert _ask(store, '?o rdfs:label "检察院"@zh ; skos:altLabel "公安局"@zh')
    partners = _values(store, 'SELECT ?l WHERE { ?i a cg:Initiative ; rdfs:label "原始瓷遗址司法保护基地"@zh ; cg:partner/rdfs:label ?l FILTER(lang(?l) = "zh") }')
    assert partners == {"检察院", "文广旅体局"}
    # partners added and removed, with the qualified partnership for the added one
    assert _ask(store, '?i rdfs:label "寻脉运河"@zh ; cg:partner ?p ; cg:qualifiedPartnership/cg:target ?p . ?p rdfs:label "文广旅体局"@zh')
    assert not _ask(store, '?i rdfs:label "爱心天平"@zh ; cg:partner ?p')
    # an English name
    assert _ask(store, '?i rdfs:label "法护知产"@zh , "Guarding Intellectual Property"@en')
    # false items dropped
    assert not _ask(store, '?o rdfs:label "国际法院"@zh')
    assert not _ask(store, '?m a cg:Quantity ; cg:measure "个人荣誉"@zh')
    assert _ask(store, '?m a cg:Quantity ; cg:measure "市级以上集体荣誉"@zh')

    # provenance: every correction says who and when; the changed nodes point at theirs
    rows = store.query(PREFIXES + """
        SELECT ?action ?who ?when WHERE {
          ?c a cg:Correction ; cg:correctionAction ?action ; prov:wasAssociatedWith/rdfs:label ?who ;
             dcterms:date ?when ; prov:used ?report . ?report a cg:WorkReport }""")
    found = sorted((r["action"].value, r["who"].value, r["when"].value, r["when"].datatype.value) for r in rows)
    xsd_date = "http://www.w3.org/2001/XMLSchema#date"
    assert found == sorted((a, "王明 (德清县人民法院研究室)", "2026-12-01", xsd_date)
                           for a in ("rename", "rename", "merge", "add_partner", "remove_partner", "english", "drop", "drop"))
    curated = _values(store, 'SELECT ?l WHERE { ?n cg:curatedBy ?c ; rdfs:label ?l FILTER(lang(?l) = "zh") }')
    assert curated == {"德清县人力资源和社会保障局（核定）", "一站式诉讼服务中心", "检察院", "寻脉运河", "爱心天平", "法护知产"}
    assert _ask(store, '?n rdfs:label "寻脉运河"@zh ; cg:curatedBy/cg:correctionAction "add_partner"')
    assert not _ask(store, '?n rdfs:label "县委"@zh ; cg:curatedBy ?c')  # facts no one corrected are not marked


def test_a_stale_entry_is_reported_with_file_line_and_why(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = _report(tmp_path / "reports")
    curation = report.with_name(report.stem + ".curation.yaml")
    curation.write_text(
        "curator: 李华\n"
        "date: 2026-12-02\n"
        "rename:\n"
        "  - {category: organizations, name: 县人社局, to: 县人力资源和社会保障局}\n"
        "  - {category: organizations, name: 县交通局, to: 德清县交通运输局}\n"
        "add_partner:\n"
        "  - {initiative: 劳动争议调裁审对接工作机制, partner: 县人社局}\n"
        "remove_partner:\n"
        "  - {initiative: 寻脉运河, partner: 县委}\n"
        "drop:\n"
        "  - {category: metrics, name: 个人荣誉, value: 33}\n",
        encoding="utf-8",
    )
    args = ["build", str(report.parent), "--out", str(tmp_path / "out"), "--no-html", "--cache-dir", str(tmp_path / "cache")]
    for _ in range(2):  # built, then read back from the cache: the warnings are said both times
        code, err = _run(capsys, *args)
        assert code == 0, err
        warnings = [line for line in err.splitlines() if line.startswith("Warning:") and str(curation) in line]
        assert len(warnings) == 4, err
        assert f"{curation}: line 5: rename organizations 县交通局 → 德清县交通运输局: no organisation named '县交通局'" in warnings[0]
        assert "line 7:" in warnings[1] and "already a partner" in warnings[1]
        assert "line 9:" in warnings[2] and "'县委' is not a partner" in warnings[2]
        assert "line 11:" in warnings[3] and "with value 33" in warnings[3]
    # the entry that did match was applied
    import pyoxigraph as ox

    store = ox.Store()
    with open(tmp_path / "out" / "courtgraph.nt", "rb") as handle:
        store.load(handle, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.DefaultGraph())
    assert _ask(store, '?o rdfs:label "县人力资源和社会保障局"@zh ; cg:curatedBy/prov:wasAssociatedWith/rdfs:label "李华"')
    assert len(_values(store, "SELECT ?c WHERE { ?c a cg:Correction }")) == 1


@pytest.mark.parametrize(
    ("text", "line", "said"),
    [
        ("curator: 王明\ndate: 2026-12-01\nrename:\n  - {category: organizations, name: 县委\n", 5, "not valid YAML"),
        ("curator: 王明\ndate: 2026-12-01\nrenames:\n  - {category: organizations, name: 县委, to: x}\n", 3, "unknown key 'renames'"),
        ("curator: 王明\ndate: 2026-12-01\ndrop:\n  - {category: organizations, name: 县委}\n  - {category: organisations, name: 县委}\n", 5, "no category 'organisations'"),
        ("curator: 王明\ndate: 2026-12-01\nrename:\n  - {category: organizations, name: 县委}\n", 4, "missing 'to'"),
        ("curator: 王明\ndate: 2026-12-01\nenglish:\n  - {category: documents, name: 家庭教育指导令, en: Order}\n", 4, "documents have no English name"),
        ("curator: 王明\ndate: 2026-12-01\nmerge:\n  - {category: metrics, keep: a, merge: b}\n", 4, "metrics are not merged"),
        ("date: 2026-12-01\ndrop:\n  - {category: organizations, name: 县委}\n", 1, "curator: say who"),
        ("curator: 王明\ndate: last week\ndrop:\n  - {category: organizations, name: 县委}\n", 2, "date: say when"),
        ("curator: 王明\ndate: 2026-12-01\ndrop: 县委\n", 3, "expected a list of entries"),
        ("- 县委\n", 1, "a curation file is a mapping"),
    ],
)
def test_a_malformed_curation_file_is_refused_naming_file_and_line(tmp_path: Path, text: str, line: int, said: str) -> None:
    from courtgraph.curation import read_curation
    from courtgraph.errors import InputError

    path = tmp_path / "r.curation.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_curation(path)
    assert str(caught.value).startswith(f"{path}: line {line}: ")
    assert said in str(caught.value)


def test_a_build_refuses_the_report_of_a_malformed_curation_file(tmp_path: Path) -> None:
    from courtgraph.errors import InputError

    report = _report(tmp_path / "reports")
    curation = report.with_name(report.stem + ".curation.yaml")
    curation.write_text("curator: 王明\ndate: 2026-12-01\nrename:\n  - {category: organizations, name: 县委, too: 中共德清县委}\n", encoding="utf-8")
    with pytest.raises(InputError, match=rf"^{curation}: line 4: rename: unknown key 'too'; missing 'to'"):
        _build(report.parent, tmp_path / "cache", fail_fast=True)
    assert not (tmp_path / "out" / "courtgraph.nt").exists()  # nothing built from a half-read correction


def test_the_report_is_rebuilt_when_only_its_curation_changes(tmp_path: Path) -> None:
    report = _report(tmp_path / "reports")
    curation = report.with_name(report.stem + ".curation.yaml")
    first = "curator: 王明\ndate: 2026-12-01\nenglish:\n  - {category: initiatives, name: 寻脉运河, en: Tracing the Canal}\n"
    curation.write_text(first, encoding="utf-8")
    cache = tmp_path / "cache"
    built = _build(report.parent, cache)
    assert built.from_cache == 0
    again = _build(report.parent, cache)
    assert again.up_to_date or again.from_cache == 1
    curation.write_text(first.replace("Tracing the Canal", "Seeking the Canal's Roots"), encoding="utf-8")
    changed = _build(report.parent, cache)
    assert changed.from_cache == 0 and not changed.up_to_date
    store = _store(changed)
    assert _ask(store, '?i rdfs:label "寻脉运河"@zh , "Seeking the Canal\'s Roots"@en')
    assert not _ask(store, '?i rdfs:label "Tracing the Canal"@en')


def test_the_curation_template_lists_what_was_extracted_and_changes_nothing_until_edited(
    tmp_path: Path, seed_extraction, capsys: pytest.CaptureFixture[str]
) -> None:
    import yaml

    report = _report(tmp_path / "reports")
    code, err = _run(capsys, "extract", str(report), "--curation-template")
    assert code == 0, err
    template = report.with_name(report.stem + ".curation.yaml")
    assert str(template) in err
    text = template.read_text(encoding="utf-8")
    # every organisation and initiative is listed by the name an entry uses, as comments
    listed = [line[4:].split("  ")[0] for line in text.splitlines() if line.startswith("#   ")]
    assert {o.mention_zh for o in seed_extraction.organizations} <= set(listed)
    assert {i.name_zh for i in seed_extraction.initiatives} <= set(listed)
    assert {k: v for k, v in yaml.safe_load(text).items() if v is not None} == {}
    # as written it changes nothing: the build makes no correction and warns of none
    result = _build(report.parent, tmp_path / "cache")
    assert not result.failed and not result.notes
    assert not _ask(_store(result), "?c a cg:Correction")
    # a second run leaves a person's file alone
    template.write_text(text + "curator: 王明\n", encoding="utf-8")
    code, err = _run(capsys, "extract", str(report), "--curation-template")
    assert code != 0 and "already has a curation file" in err
    assert template.read_text(encoding="utf-8").endswith("curator: 王明\n")
    # the template is the same for the same report (no date or time of writing in it)
    template.unlink()
    assert _run(capsys, "extract", str(report), "--curation-template")[0] == 0
    assert template.read_text(encoding="utf-8") == text


def test_merges_and_drops_carry_through_every_reference(seed_extraction) -> None:
    """Dropping a theme drops its work areas and clears what was placed in them; a merged item
    that is then dropped takes the kept one's links with it, never a link to nothing."""
    from courtgraph.curation import _apply, _Entry

    ex = seed_extraction
    theme = ex.themes[0]
    placed = [i.name_zh for i in ex.initiatives if i.work_area and i.work_area.split(".")[0] == theme.id]
    assert placed and theme.work_areas
    entries = [
        _Entry("drop", 4, {"category": "themes", "name": theme.heading_zh}),
        _Entry("merge", 5, {"category": "organizations", "keep": "检察院", "merge": "公安局"}),
        _Entry("drop", 6, {"category": "organizations", "name": "检察院"}),
    ]
    curated = _apply(ex, "x.curation.yaml", "王明", None, entries)
    out = curated.extraction
    assert theme.id not in {t.id for t in out.themes}
    area_ids = {w.id for t in out.themes for w in t.work_areas} | {t.id for t in out.themes}
    assert all(i.work_area in area_ids or i.work_area is None for i in out.initiatives)
    assert all(i.work_area is None for i in out.initiatives if i.name_zh in placed)
    org_ids = {o.id for o in out.organizations}
    assert not {"检察院", "公安局"} & {o.mention_zh for o in out.organizations}
    assert all(p in org_ids for i in out.initiatives for p in i.partners)
    # every link of every kind points at an item still there (or at the report's summary, T0)
    from courtgraph.curation import CATEGORIES, _items

    there = {item.id for category in CATEGORIES for item in _items(out, category)} | {"T0"}
    links = [(i.work_area,) + i.partners + i.outcomes for i in out.initiatives] + [(m.attached_to,) for m in out.metrics]
    links += [(a.recipient,) for a in out.awards] + [(d.work_area,) for d in out.documents] + [(c.award,) for c in out.cases]
    assert {link for group in links for link in group if link is not None} <= there
    assert any(m.attached_to is not None for m in out.metrics)
    assert [c.items for c in curated.corrections] == [(), (), ()]  # nothing left to mark
    assert not curated.notes
