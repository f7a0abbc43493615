"""A corpus as people keep it, end to end: two courts × two years in four forms (a two-column
PDF, a saved GBK web page, a Word file, a text), a file that is no report, a text holding two
reports, a curation file with an entry gone stale. One build reads it all, keeps going past the
bad files and lists them; the built graph holds each shared body once, compares years and
courts, and carries the person's correction."""

from __future__ import annotations

from pathlib import Path

import pytest
from documents import write_docx, write_html, write_pdf

from courtgraph.build import build
from courtgraph.compare import compare
from courtgraph.sources import load_dataset

COMPARE = Path(__file__).parent / "data" / "compare"


def _lines(name: str) -> list[str]:
    return (COMPARE / name).read_text(encoding="utf-8").splitlines()


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("corpus")
    reports = root / "reports"
    reports.mkdir()
    write_pdf(reports / "tonglu-2023.pdf", _lines("tonglu-2023.txt"), header="桐庐县人民法院工作报告", two_column_pages=(1,))
    (reports / "tonglu-2024.txt").write_text((COMPARE / "tonglu-2024.txt").read_text(encoding="utf-8"), encoding="utf-8")
    write_html(reports / "chunan-2023.html", _lines("chunan-2023.txt"), title="淳安县人民法院工作报告")
    write_docx(reports / "chunan-2024.docx", _lines("chunan-2024.txt"), header="淳安县人民法院")
    (reports / "notes.xlsx").write_bytes(b"PK\x03\x04 not a report")
    two = (COMPARE / "tonglu-2023.txt").read_text(encoding="utf-8") + "\n" + (COMPARE / "chunan-2024.txt").read_text(encoding="utf-8")
    (reports / "two-reports.txt").write_text(two, encoding="utf-8")
    (reports / "tonglu-2024.curation.yaml").write_text(
        "curator: 测试员\ndate: 2026-12-04\n"
        "english:\n"
        "  - {category: initiatives, name: 富春山居, en: Fuchun Dwelling}\n"
        "  - {category: initiatives, name: 不存在的举措, en: Nothing}\n",
        encoding="utf-8",
    )
    out = root / "out"
    result = build([reports], out_dir=out, use_cache=False, html=False)
    return reports, out, result


def test_every_form_is_built_and_bad_files_are_listed_not_fatal(built):
    reports, _, result = built
    # the four reports, one graph each, named by court and year
    assert len(result.reports) == 4
    assert sorted(r.rsplit("/", 1)[-1] for r in result.reports) == ["2023", "2023", "2024", "2024"]
    assert [Path(p.source).name for p in result.skipped] == ["notes.xlsx"]
    failed = {Path(p.source).name: p.reason for p in result.failed}
    assert list(failed) == ["two-reports.txt"] and "reports" in failed["two-reports.txt"]


def test_a_body_of_one_place_is_one_node_across_forms_and_years(built):
    _, out, _ = built
    ds = load_dataset([out / "courtgraph.trig"], store="oxigraph")
    from courtgraph.query import run_query

    rows = run_query(
        'SELECT ?org (COUNT(DISTINCT ?r) AS ?n) WHERE { ?org cg:canonicalName "桐庐县人力资源和社会保障局"@zh ; cg:reportedIn ?r } GROUP BY ?org',
        ds,
    ).rows
    assert [int(n) for _, n in rows] == [2]  # the PDF of 2023 and the text of 2024: one node


def test_years_compared_inside_the_built_corpus_as_from_the_texts(built):
    _, out, _ = built
    inside = compare("桐庐县人民法院:2023", "桐庐县人民法院:2024", sources=[out / "courtgraph.trig"])
    texts = compare(COMPARE / "tonglu-2023.txt", COMPARE / "tonglu-2024.txt")
    status = lambda c: sorted((m.status, m.a, m.b) for m in c.initiatives)  # noqa: E731
    assert status(inside) == status(texts)
    assert {m.status for m in inside.initiatives} >= {"continued", "new", "dropped"}
    assert [f.measure for f in inside.inconsistent] == [f.measure for f in texts.inconsistent] != []


def test_the_curation_is_applied_and_its_stale_entry_reported(built):
    _, out, result = built
    ds = load_dataset([out / "courtgraph.trig"], store="oxigraph")
    from courtgraph.query import run_query

    rows = run_query('SELECT DISTINCT ?en WHERE { ?i a cg:Initiative ; rdfs:label "富春山居"@zh , ?en . FILTER(LANG(?en) = "en") }', ds).rows
    assert [str(r[0]) for r in rows] == ["Fuchun Dwelling"]
    assert any("不存在的举措" in note for note in result.notes)
