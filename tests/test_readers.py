"""PDF, saved web pages and Word files read as reports (courtgraph.readers).

"The same extraction" here means: the same normalised text, and the same facts — every item,
attribute, id and sentence, every span's quote and sentence, and every offset into the
normalised text — with only the raw offsets left out (they index different raw texts: the
text file's bytes as decoded, or the text pulled out of the PDF, page or Word file) and the
record of the source file itself (its path, digest, form, pages, title and address).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from documents import write_docx, write_html, write_pdf

from courtgraph.errors import InputError
from courtgraph.extract import extract, extract_report
from courtgraph.ingest import read_report
from iris import REPORT_IRI

DEV = sorted((Path(__file__).parent / "data" / "dev-reports").glob("*.txt"))
SOURCE_RECORD = ("source", "sha256", "form", "pages", "title", "url")


def facts(extraction: Any) -> dict[str, Any]:
    """The extraction without raw offsets and without the record of the file it came from."""

    def strip(value: Any) -> Any:
        if isinstance(value, dict):
            return {
                key: [(s["text"], s["sentence"]) for s in item] if key == "spans" else strip(item)
                for key, item in value.items()
                if key not in ("start", "end")
            }
        if isinstance(value, list):
            return [strip(item) for item in value]
        return value

    data = extraction.to_dict()
    for key in SOURCE_RECORD:
        data["report"].pop(key)
    return strip(data)


@pytest.fixture(scope="module")
def seed_paragraphs(seed_path: Path) -> list[str]:
    # the seed file is itself text pulled from a PDF (lines broken mid-sentence); a typesetter
    # is given its repaired paragraphs
    return read_report(seed_path).text.split("\n")


@pytest.fixture(scope="module")
def seed_pdf(tmp_path_factory: pytest.TempPathFactory, seed_paragraphs: list[str]) -> Path:
    path = tmp_path_factory.mktemp("pdf") / "deqing-2024.pdf"
    return write_pdf(path, seed_paragraphs, header="德清县人民法院工作报告", two_column_pages=(2,))


def test_pdf_with_two_columns_running_header_and_page_numbers_reads_as_the_text(seed_pdf: Path, seed_path: Path, seed_extraction: Any) -> None:
    report = read_report(seed_pdf)
    assert report.form == "pdf"
    assert len(report.pages) >= 3 and report.pages[0] == 0 and list(report.pages) == sorted(report.pages)
    assert "德清县人民法院工作报告" not in report.raw  # the running header
    assert "- 2 -" not in report.raw and "- 3 -" not in report.raw  # page numbers
    assert report.text == read_report(seed_path).text
    from_pdf = extract(report)
    assert facts(from_pdf) == facts(seed_extraction)
    assert from_pdf.report.form == "pdf" and from_pdf.report.pages == report.pages


def test_pdf_page_numbers_are_in_every_spans_provenance(seed_pdf: Path) -> None:
    from rdflib import Graph, URIRef

    from courtgraph.namespace import CG
    from courtgraph.rdf import ntriples_lines, report_triples

    extraction = extract_report(seed_pdf)
    _, triples = report_triples(extraction)
    graph = Graph().parse(data="".join(ntriples_lines(triples)), format="nt")
    pages = extraction.report.pages
    checked = 0
    for metric in extraction.metrics:
        for span in metric.spans:
            node = URIRef(f"{REPORT_IRI}/span/{span.start}-{span.end}")
            found = {int(p) for p in graph.objects(node, CG.page)}
            expected = {n for n in range(1, len(pages) + 1) if pages[n - 1] < span.end and (n == len(pages) or pages[n] > span.start)}
            assert found == expected, (span, found, expected)
            checked += 1
    assert checked > 20
    assert {int(p) for p in graph.objects(None, CG.page)} == set(range(1, len(pages) + 1))


def test_gbk_web_page_keeps_the_article_and_drops_the_chrome(tmp_path: Path, seed_paragraphs: list[str], seed_extraction: Any, seed_path: Path) -> None:
    page = write_html(tmp_path / "report.htm", seed_paragraphs, title="德清县人民法院工作报告_德清法院网")
    assert b"charset=gb2312" in page.read_bytes()
    report = read_report(page)
    assert report.form == "html" and report.encoding == "gb18030"
    for chrome in ("首页", "当前位置", "浏览次数", "分享到", "打印本页", "版权所有", "图为代表", "相关链接", "无障碍"):
        assert chrome not in report.raw, chrome
    assert report.title == "德清县人民法院工作报告_德清法院网"
    assert report.url == "http://www.example.gov.cn/news/2025/0218/1234.html"
    assert report.text == read_report(seed_path).text
    from_page = extract(report)
    assert facts(from_page) == facts(seed_extraction)
    assert (from_page.report.title, from_page.report.url) == (report.title, report.url)


def test_web_page_declared_utf8_and_undeclared_gbk_both_decode(tmp_path: Path) -> None:
    lines = ["2024年，某县人民法院受理案件1200件，审结1100件。"]
    declared = tmp_path / "a.html"
    declared.write_bytes(f'<html><head><meta charset="utf-8"><title>报告</title></head><body><article><p>{lines[0]}</p></article></body></html>'.encode())
    undeclared = tmp_path / "b.html"
    undeclared.write_bytes(f"<html><body><article><p>{lines[0]}</p></article></body></html>".encode("gbk"))
    for path, encoding in ((declared, "utf-8"), (undeclared, "gb18030")):
        report = read_report(path)
        assert report.text == lines[0] and report.encoding == encoding


def test_web_page_without_an_article_is_refused(tmp_path: Path) -> None:
    page = tmp_path / "empty.html"
    page.write_bytes("<html><head><title>法院网</title></head><body><div class='nav'><a href='/'>首页</a> <a href='/a'>法院动态</a></div><div class='footer'>版权所有</div></body></html>".encode())
    with pytest.raises(InputError, match="no article text"):
        read_report(page)


def test_docx_reads_its_body_not_its_header_and_footer(tmp_path: Path, seed_paragraphs: list[str], seed_extraction: Any, seed_path: Path) -> None:
    path = write_docx(tmp_path / "report.docx", seed_paragraphs, header="德清县人民法院（内部资料）")
    report = read_report(path)
    assert report.form == "docx"
    assert "内部资料" not in report.raw and "第1页" not in report.raw
    assert report.text == read_report(seed_path).text
    assert facts(extract(report)) == facts(seed_extraction)


def test_docx_tables_are_read_in_document_order(tmp_path: Path) -> None:
    path = write_docx(tmp_path / "t.docx", ["2024年，全院受理案件1200件。"], table=[["项目", "数量"], ["审结案件", "1100件"]])
    assert read_report(path).raw == "2024年，全院受理案件1200件。\n项目\n数量\n审结案件\n1100件\n"


def test_old_word_doc_is_refused_naming_the_fix(tmp_path: Path) -> None:
    path = tmp_path / "report.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504)
    with pytest.raises(InputError, match=r"report\.doc: .*\.doc.*save it as \.docx.*soffice --headless --convert-to docx"):
        read_report(path)


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("broken.pdf", b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\nthis is not a PDF body", "not a readable PDF"),
        ("broken.docx", b"PK\x03\x04" + b"\x00" * 60, "not a readable Word .docx file"),
        ("notzip.docx", "2024年工作报告".encode(), "not a Word .docx file"),
    ],
)
def test_damaged_files_are_refused_with_one_line(tmp_path: Path, name: str, data: bytes, message: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(InputError, match=message):
        read_report(path)


def test_pdf_without_a_text_layer_asks_for_ocr(tmp_path: Path) -> None:
    from reportlab.pdfgen import canvas

    path = tmp_path / "scan.pdf"
    pdf = canvas.Canvas(str(path), invariant=1)
    pdf.rect(100, 100, 300, 500, fill=1)  # a page that is only a picture
    pdf.showPage()
    pdf.save()
    with pytest.raises(InputError, match="no text layer.*OCR"):
        read_report(path)


def test_pdf_is_read_by_its_bytes_whatever_its_name(tmp_path: Path, seed_pdf: Path) -> None:
    renamed = tmp_path / "report.txt"
    renamed.write_bytes(seed_pdf.read_bytes())
    assert read_report(renamed).text == read_report(seed_pdf).text


@pytest.fixture(scope="module")
def dev_plain() -> dict[str, Any]:
    return {path.name: facts(extract_report(path)) for path in DEV}


@pytest.mark.parametrize("path", DEV, ids=[p.stem for p in DEV])
def test_real_report_as_pdf_and_web_page_gives_the_same_extraction(path: Path, tmp_path: Path, dev_plain: dict[str, Any]) -> None:
    lines = path.read_text(encoding="utf-8").splitlines()
    pdf = write_pdf(tmp_path / f"{path.stem}.pdf", lines, header="人民法院工作报告", two_column_pages=(1,), small=True)
    page = write_html(tmp_path / f"{path.stem}.html", lines, title=f"{path.stem}_法院网")
    assert len(DEV) == 17
    for made in (pdf, page):
        assert facts(extract_report(made)) == dev_plain[path.name], made.suffix


def test_a_pdf_is_queried_straight_like_a_text(seed_pdf: Path) -> None:
    from rdflib import Literal
    from rdflib.namespace import DCTERMS

    from courtgraph.sources import load_dataset

    dataset = load_dataset([seed_pdf])
    assert len(list(dataset.subjects(DCTERMS.format, Literal("application/pdf")))) == 1
