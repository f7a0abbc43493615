"""Reports as people have them: PDF files, saved web pages and Word files, read into text.

Each reader turns a file into a :class:`SourceText`: the report's text as the file holds it
(this becomes the report's raw text, which :func:`courtgraph.ingest.normalize` repairs and
maps offsets into, exactly as for a text file) and what is known of the file itself: its
form, the raw offset at which each PDF page starts, and a web page's title and address.

* **PDF** (pdfplumber, on pdfminer.six): the words of each page with their positions. Running
  headers and footers (a line at the top or bottom of the page that recurs on other pages
  once its digits are ignored, or that is only a page number) are dropped; a page set in two
  columns (a gutter that many lines leave empty) is read left column first; the lines of a
  paragraph are joined, a paragraph ending where a line stops short of the column's right
  edge or the next line is indented or set apart, which is how Chinese reports are typeset.
* **Web pages** (trafilatura): the article body, without the site's banners, navigation,
  bylines, captions, share buttons and footers. The page's declared character set is
  honoured (GB2312 and GBK read as their superset GB18030, since pages declared GB2312 often
  hold GBK characters); without a declaration the bytes are decoded as a text file would be.
* **Word** (python-docx): the body's paragraphs and table cells in document order; page
  headers and footers are not part of the body. An old binary ``.doc`` is refused with the fix.
"""

from __future__ import annotations

import codecs
import io
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from statistics import median
from typing import Any

from courtgraph.errors import InputError

__all__ = ["SourceText", "FORMS", "SUFFIXES", "DOC_FIX", "read_source", "read_pdf", "read_html", "read_docx", "report_openings", "refuse_several_reports"]

#: each form a report can come in, with its media type (written to the graph as dcterms:format)
FORMS: dict[str, str] = {
    "text": "text/plain",
    "pdf": "application/pdf",
    "html": "text/html",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
#: file suffixes read as reports, and their form
SUFFIXES: dict[str, str] = {".txt": "text", ".pdf": "pdf", ".html": "html", ".htm": "html", ".docx": "docx"}

#: what to do with an old binary Word file
DOC_FIX = (
    "an old binary Word .doc file, which courtgraph does not read; save it as .docx "
    "(Word or LibreOffice: Save As, or `soffice --headless --convert-to docx FILE`)"
)


@dataclass(frozen=True)
class SourceText:
    """The text a file holds, and what is known of the file."""

    text: str
    form: str
    encoding: str = ""
    pages: tuple[int, ...] = ()  # raw offset where each page starts: pages[0] is page 1
    title: str | None = None
    url: str | None = None


def read_source(path: Path, data: bytes) -> SourceText | None:
    """The reader for a PDF, web page or Word file; ``None`` for anything read as plain text.

    PDF and Word files are told by their bytes whatever their name; web pages by their suffix.
    """
    suffix = path.suffix.lower()
    name = str(path)
    if data.startswith(b"%PDF"):
        return read_pdf(data, name=name)
    if data.startswith(b"\xd0\xcf\x11\xe0") and suffix in (".doc", ".wps", ".dot", ""):
        raise InputError(f"{name}: not readable: this is {DOC_FIX}")
    if data.startswith(b"PK\x03\x04") and (suffix == ".docx" or b"word/document.xml" in data[:65536]):
        return read_docx(data, name=name)
    if suffix == ".doc":
        raise InputError(f"{name}: not readable: this is {DOC_FIX}")
    if suffix == ".docx":
        raise InputError(f"{name}: not a Word .docx file (it is not a ZIP package); save it again from Word")
    if suffix in (".html", ".htm", ".xhtml"):
        return read_html(data, name=name)
    return None


# -- PDF ----------------------------------------------------------------------------------------


@dataclass
class _Line:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    page: int
    column: int  # 0 the whole width, 1 left, 2 right


_PAGE_NUMBER = re.compile(
    r"^\s*(?:[-－—–~～]?\s*\d{1,4}\s*[-－—–~～]?|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?|\d{1,4}\s*/\s*\d{1,4})\s*$"
)
# the share of the page's height at its top and bottom where running headers and footers stand
_MARGIN = 0.1


def read_pdf(data: bytes, *, name: str = "<pdf>") -> SourceText:
    """The text of a PDF: running headers, footers and page numbers dropped, columns read in
    order, each paragraph on one line; ``pages`` gives where each page's text starts."""
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfplumber.utils.exceptions import PdfminerException

    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            pages = [_page_lines(page, number) for number, page in enumerate(pdf.pages, start=1)]
    except (PdfminerException, PDFSyntaxError, PDFPasswordIncorrect) as exc:
        cause = exc.args[0] if isinstance(exc, PdfminerException) and exc.args else exc
        if isinstance(cause, PDFPasswordIncorrect):
            raise InputError(f"{name}: the PDF is encrypted with a password; save an unlocked copy first") from None
        raise InputError(f"{name}: not a readable PDF ({type(cause).__name__}: {cause})") from None
    lines = _drop_running_lines(pages)
    if not any(line.text.strip() for line in lines):
        raise InputError(f"{name}: the PDF holds no text layer (a scanned image?); run OCR on it first (for example ocrmypdf)")
    text, starts = _paragraphs(lines, len(pages))
    return SourceText(text=text + "\n", form="pdf", pages=starts)


def _page_lines(page: Any, number: int) -> list[_Line]:
    """The page's lines in reading order, a two-column part read left column first."""
    upright = page.filter(lambda obj: obj.get("object_type") != "char" or obj.get("upright", True))
    chars = [c for c in upright.chars if c["text"].strip()]
    if not chars:
        return []
    size = median(c["size"] for c in chars)
    words = upright.extract_words(x_tolerance=max(1.0, size * 0.2), y_tolerance=max(1.0, size * 0.3), keep_blank_chars=False)
    rows: list[list[dict[str, Any]]] = []
    for word in sorted(words, key=lambda w: (round(w["top"]), w["x0"])):
        if rows and abs(rows[-1][0]["top"] - word["top"]) <= size * 0.5:
            rows[-1].append(word)
        else:
            rows.append([word])
    for row in rows:
        row.sort(key=lambda w: w["x0"])
    gutter = _gutter(rows, page.width, size)
    lines: list[_Line] = []
    block: list[list[dict[str, Any]]] = []  # rows of a two-column stretch, read when it ends

    def flush() -> None:
        for column in (1, 2):
            for row in block:
                part = [w for w in row if (w["x1"] <= gutter) == (column == 1)] if gutter is not None else []
                if part:
                    lines.append(_line(part, number, column, size))
        block.clear()

    for row in rows:
        spans = gutter is None or any(w["x0"] < gutter < w["x1"] for w in row)
        if spans:
            flush()
            lines.append(_line(row, number, 0, size))
        else:
            block.append(row)
    flush()
    for line in lines:
        line.top, line.bottom = line.top / page.height, line.bottom / page.height  # as shares of the page
    return lines


def _line(words: list[dict[str, Any]], page: int, column: int, size: float) -> _Line:
    parts = [words[0]["text"]]
    for before, word in zip(words, words[1:]):
        # a gap wider than a quarter of a character stood for a space in the source
        parts.append((" " if word["x0"] - before["x1"] > size * 0.25 else "") + word["text"])
    return _Line(
        text="".join(parts),
        x0=words[0]["x0"],
        x1=words[-1]["x1"],
        top=min(w["top"] for w in words),
        bottom=max(w["bottom"] for w in words),
        page=page,
        column=column,
    )


def _gutter(rows: list[list[dict[str, Any]]], width: float, size: float) -> float | None:
    """The x of a gap between two columns that many rows share, or ``None`` for one column."""
    votes: Counter[int] = Counter()
    for row in rows:
        for left, right in zip(row, row[1:]):
            if right["x0"] - left["x1"] >= size * 1.5:
                for x in range(int(left["x1"]) + 1, int(right["x0"])):
                    if 0.3 * width <= x <= 0.7 * width:
                        votes[x] += 1
    if not votes:
        return None
    best = max(votes.values())
    if best < 2:  # (the last page of a report may hold only a line or two in its right column)
        return None
    xs = [x for x, n in votes.items() if n == best]
    return (min(xs) + max(xs)) / 2  # the middle of the widest gap all those rows leave


def _masked(text: str) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", text))


def _drop_running_lines(pages: list[list[_Line]]) -> list[_Line]:
    """Every page's lines less its running header, footer and page number."""

    def in_margin(line: _Line) -> bool:
        return line.top < _MARGIN or line.bottom > 1 - _MARGIN

    # how many pages have each margin line (digits ignored, so "- 3 -" and "- 4 -" are one line)
    recurring = Counter(text for page in pages for text in {_masked(ln.text) for ln in page if in_margin(ln)})
    kept: list[_Line] = []
    for page in pages:
        for line in page:
            if in_margin(line) and (_PAGE_NUMBER.match(line.text) or len(pages) > 1 and recurring[_masked(line.text)] > 1):
                continue
            kept.append(line)
    return kept


def _paragraphs(lines: list[_Line], page_count: int) -> tuple[str, tuple[int, ...]]:
    """The lines joined into paragraphs, one per output line, and where each page starts."""
    edges: dict[tuple[int, int], tuple[float, float]] = {}  # each column's left and right edge, per page
    for ln in lines:
        left, right = edges.get((ln.page, ln.column), (ln.x0, ln.x1))
        edges[(ln.page, ln.column)] = (min(left, ln.x0), max(right, ln.x1))
    pitch = _pitch(lines)
    out: list[str] = []
    length = 0
    starts: dict[int, int] = {}
    previous: _Line | None = None
    for line in lines:
        left = edges[(line.page, line.column)][0]
        if previous is not None:
            right = edges[(previous.page, previous.column)][1]
            full = previous.x1 >= right - 1.5 * _char_width(previous)
            indented = line.x0 >= left + 1.5 * _char_width(line)
            apart = line.page == previous.page and line.column == previous.column and pitch and line.top - previous.top > 1.3 * pitch
            if not full or indented or apart:
                sep = "\n"
            elif previous.text[-1:].isascii() and previous.text[-1:].isalpha() and line.text[:1].isascii() and line.text[:1].isalpha():
                sep = " "  # an English word broken over two lines
            else:
                sep = ""
            out.append(sep)
            length += len(sep)
        starts.setdefault(line.page, length)
        out.append(line.text)
        length += len(line.text)
        previous = line
    # a page with no text starts where the next text does
    positions: list[int] = []
    for page in range(page_count, 0, -1):
        positions.append(starts.get(page, positions[-1] if positions else length))
    return "".join(out), tuple(reversed(positions))


def _char_width(line: _Line) -> float:
    """About one character's width in a line, in points: its width over its characters."""
    return max(1.0, (line.x1 - line.x0) / max(1, len(line.text.replace(" ", ""))))


def _pitch(lines: list[_Line]) -> float:
    """The usual distance from one line's top to the next's, as a share of the page height."""
    steps = [b.top - a.top for a, b in zip(lines, lines[1:]) if a.page == b.page and a.column == b.column and b.top > a.top]
    return median(steps) if steps else 0.0


# -- web pages ----------------------------------------------------------------------------------

_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_SAVED_FROM = re.compile(r"<!--\s*saved from url=\(\d+\)\s*(\S+?)\s*-->", re.IGNORECASE)
# pages declared as GB2312 or GBK routinely hold characters only their superset has
_SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "cp936": "gb18030", "big5": "big5hkscs"}


def _declared_encoding(data: bytes) -> str | None:
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    found = _META_CHARSET.search(data[:8192])
    if not found:
        return None
    try:
        name = codecs.lookup(found.group(1).decode("ascii")).name
    except (LookupError, UnicodeDecodeError):
        return None
    return _SUPERSETS.get(name, name)


def read_html(data: bytes, *, name: str = "<html>") -> SourceText:
    """The article text of a saved web page, with the page's title and address when it has them."""
    import trafilatura

    from courtgraph.ingest import TERMINALS, decode

    declared = _declared_encoding(data)
    markup: str | None = None
    if declared:
        try:
            markup, encoding = data.decode(declared), declared
        except UnicodeDecodeError:
            markup = None  # declared wrongly: read the bytes as a text file is read
    if markup is None:
        markup, encoding = decode(data, name=name)
    document = trafilatura.bare_extraction(
        markup, output_format="python", with_metadata=True, include_comments=False, include_tables=True, include_images=False, deduplicate=False
    )
    text = (getattr(document, "text", None) or "").strip("\n")
    if not any(mark in text for mark in TERMINALS):  # links and labels alone: no article on the page
        raise InputError(f"{name}: no article text found in the web page; is it a saved report page?")
    url = getattr(document, "url", None)
    saved = _SAVED_FROM.search(markup[:4096])
    if not url and saved:
        url = saved.group(1)
    title = getattr(document, "title", None)
    return SourceText(text=text + "\n", form="html", encoding=encoding, title=title or None, url=url or None)


# -- Word ---------------------------------------------------------------------------------------


def read_docx(data: bytes, *, name: str = "<docx>") -> SourceText:
    """The paragraphs and table cells of a Word .docx body, one paragraph a line."""
    import zipfile

    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise InputError(f"{name}: not a readable Word .docx file ({exc})") from None
    return SourceText(text="\n".join(_docx_paragraphs(document.iter_inner_content())) + "\n", form="docx", encoding="utf-8")


def _docx_paragraphs(blocks: Iterable[Any]) -> Iterable[str]:
    from docx.table import Table

    for block in blocks:
        if isinstance(block, Table):
            for row in block.rows:
                for cell in row.cells:
                    yield from _docx_paragraphs(cell.iter_inner_content())
        else:
            yield block.text


# -- several reports in one text ----------------------------------------------------------------

# a report's title opening a paragraph (the repair joins the title block's lines into one):
# 德清县人民法院工作报告, 某某中级人民法院2024年工作报告（摘要）
_TITLE = re.compile(r"^[\u4e00-\u9fff]{2,30}法院\s?(?:(?:19|20)\d\d年)?工作报告(?:[（(][^）)]{1,10}[）)])?(?:\s|$)")
# the address that opens a report delivered to a people's congress, ending the title block or alone
_SALUTATION = re.compile(r"(?:^|[）)\s])各位代表[：:]$")
# the heading of the year's review: 2024年工作回顾, 一、2023年主要工作
_REVIEW = re.compile(r"(?:^|\s)(?:[一二三四五六七八九十]+、)?((?:19|20)\d\d)年(?:工作回顾|主要工作(?:回顾)?)(?:\s|$)")


def report_openings(text: str) -> list[int]:
    """The paragraph numbers at which a report begins, when a text holds more than one.

    A report opens with its title, its salutation (各位代表：) or the paragraph the text opens
    with; a text that reviews two different years under two review headings (2023年工作回顾)
    holds two reports too. Marks within five paragraphs of each other are one opening. One
    report gives ``[]``.
    """
    paragraphs = [p.strip() for p in text.split("\n")]
    first = paragraphs[0] if paragraphs else ""
    marks: list[int] = [0]
    years: dict[str, int] = {}
    for index, paragraph in enumerate(paragraphs):
        repeated = index > 0 and len(first) >= 20 and paragraph == first
        if _TITLE.match(paragraph) or _SALUTATION.search(paragraph) or repeated:
            marks.append(index)
        review = _REVIEW.search(paragraph) if len(paragraph) <= 60 else None  # a heading, not a sentence
        if review:
            years.setdefault(review.group(1), index)
    if len(years) > 1:
        marks.extend(years.values())
    starts: list[int] = []
    last = 0
    for index in sorted(marks):
        if not starts or index - last > 5:  # a title block, its salutation and review heading are one opening
            starts.append(index)
        last = index
    return starts if len(starts) > 1 else []


def refuse_several_reports(text: str, *, name: str) -> None:
    """Raise ``InputError`` when ``text`` holds several reports: they are never merged into one."""
    starts = report_openings(text)
    if starts:
        lines = text.split("\n")
        where = "; ".join(f"paragraph {k + 1}: {lines[k][:20]}{'…' if len(lines[k]) > 20 else ''}" for k in starts[:5])
        more = f" and {len(starts) - 5} more" if len(starts) > 5 else ""
        raise InputError(f"{name}: holds {len(starts)} reports, not one (they begin at {where}{more}); put each report in a file of its own")
