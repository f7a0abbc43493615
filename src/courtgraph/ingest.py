"""Read a report: decode it, repair PDF-extraction damage, keep a map back to the raw text.

The raw decoded text is never changed. ``normalize`` builds the repaired text one
character at a time and records, for every character it emits, the raw offset it
came from, so any stretch of the repaired text can be traced to the file.

Repairs, all of them general to text pulled out of PDFs of Chinese reports:

* NFC, and full-width digits, Latin letters and ``％`` folded to ASCII (numbers
  are then matched by one set of patterns); 「…」 and straight "…" quotes made “…”;
* page furniture dropped: lines that are only a page number (``- 3 -``, ``第3页``,
  ``3/12``);
* control characters that carry no text dropped (with a warning naming how many and where
  the first is); a NUL byte refuses the file as binary;
* lines broken inside a sentence joined, blank lines between them included;
* spaces between Chinese characters removed (``核 心 指 标``), except one space
  between two multi-character phrases, which is how headings and some titles
  separate their halves (``主动服务大局 助推保障高质量发展``).

Paragraph breaks are decided from the text, not from blank lines (the seed has a
blank line after every PDF line): a paragraph ends where a line ends a sentence,
and a heading is a short line with no sentence punctuation standing between a
finished paragraph and a new one.
"""

from __future__ import annotations

import functools
import hashlib
import operator
import re
import unicodedata
import warnings
from dataclasses import dataclass
from pathlib import Path

from courtgraph.errors import CourtgraphWarning, InputError
from courtgraph.model import Report

__all__ = ["read_report", "decode", "normalize", "squash", "is_cjk", "TERMINALS"]

#: characters that end a sentence
TERMINALS = "。！？!?"
_CLOSERS = "”’」』）)】》"
_CLAUSE_PUNCT = "，。；：！？、,;:!?"
_PAGE_FURNITURE = re.compile(
    r"^\s*(?:[-－—–~～]\s*\d{1,4}\s*[-－—–~～]|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?|"
    r"\d{1,4}\s*/\s*\d{1,4})\s*$"
)
# a line that is only a number is a page number only where no sentence runs through it
_BARE_NUMBER = re.compile(r"^\s*\d{1,3}\s*$")
_BINARY_SIGNATURES: dict[bytes, str] = {
    b"%PDF": "a PDF file; extract its text first (for example with pdftotext -layout)",
    b"PK\x03\x04": "a ZIP archive (a .docx or .xlsx?); save the report as plain text first",
    b"\xd0\xcf\x11\xe0": "an old Microsoft Office file; save the report as plain text first",
    b"\x89PNG": "a PNG image, not text",
    b"\xff\xd8\xff": "a JPEG image, not text",
    b"GIF8": "a GIF image, not text",
    b"\x7fELF": "an executable, not text",
}


def is_cjk(ch: str) -> bool:
    """True for Chinese characters (the unified ideograph blocks in common use)."""
    if not ch:
        return False
    o = ord(ch)
    return 0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF or 0xF900 <= o <= 0xFAFF or 0x20000 <= o <= 0x2FA1F


def _is_cjk_punct(ch: str) -> bool:
    o = ord(ch)
    return 0x3000 <= o <= 0x303F or 0xFF01 <= o <= 0xFF0F or 0xFF1A <= o <= 0xFF20 or ch in "“”‘’·—…《》〈〉（）"


def _is_wide(ch: str) -> bool:
    return is_cjk(ch) or _is_cjk_punct(ch)


def decode(data: bytes, *, name: str = "<bytes>") -> tuple[str, str]:
    """Decode the bytes of a report; returns ``(text, encoding)``.

    Tries, in order: a byte-order mark (UTF-8, UTF-16, UTF-32), strict UTF-8,
    UTF-16 without a mark (detected by its zero bytes), then GB18030 (a superset of
    GBK and GB2312). Raises ``InputError`` naming the file and the reason when the
    bytes are empty, binary, or none of these.
    """
    if not data.strip():
        raise InputError(f"{name}: the file is empty")
    for signature, what in _BINARY_SIGNATURES.items():
        if data.startswith(signature):
            raise InputError(f"{name}: not a text report: this is {what}")
    candidates: list[str]
    if data.startswith(b"\xef\xbb\xbf"):
        candidates = ["utf-8-sig"]
    elif data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        candidates = ["utf-32"]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        candidates = ["utf-16"]
    else:
        candidates = ["utf-8"]
        sample = data[:4096]
        zeros_even = sample[0::2].count(0)
        zeros_odd = sample[1::2].count(0)
        # UTF-16 without a mark: ASCII and line breaks leave zero bytes, all on one side
        if zeros_odd >= 2 and zeros_odd > 4 * zeros_even:
            candidates.insert(0, "utf-16-le")
        elif zeros_even >= 2 and zeros_even > 4 * zeros_odd:
            candidates.insert(0, "utf-16-be")
        candidates += ["gb18030", "big5"]
    for encoding in candidates:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" in text:  # no text encoding writes NUL, and no other codec would make it text
            where = _where(text, text.index("\x00"))
            raise InputError(f"{name}: not a text report: it holds {text.count(chr(0))} NUL byte(s), {where}; is it a binary file?")
        if _looks_binary(text) or encoding in ("gb18030", "big5") and _looks_misdecoded(text):
            continue
        return text, encoding
    if b"\x00" in data or _looks_binary(data.decode("latin-1")):
        raise InputError(f"{name}: not a text report: the file holds binary data")
    raise InputError(f"{name}: cannot decode the file as UTF-8, UTF-16, GB18030/GBK or Big5; save it as UTF-8")


# Characters that make up much of any modern Chinese text, and of court reports in particular.
# Text decoded with the wrong codec (Big5 read as GB18030) is made of rare characters instead.
_COMMON = set(
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反明看原又利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别手角期根论运农指几九区强放决西被干做必战先回则任取据处府研"
    "院审判案执纠纷调诉讼司检察监督服务保障推深完善治依群众企领导县市省效率护权益刑罪依结收办理庭员代表委协商议"
)


def _looks_misdecoded(text: str) -> bool:
    cjk = [ch for ch in text if is_cjk(ch)]
    if len(cjk) < 50:
        return False
    return sum(ch in _COMMON for ch in cjk) < 0.2 * len(cjk)


# Control characters that carry no text: C0 except tab, line feed, vertical tab, form feed and
# carriage return, DEL, and C1. Form feed is kept because pdftotext writes one between pages
# and vertical tab because Word writes one for a manual line break; the reader takes both for
# line breaks. NUL refuses the file (see ``decode``); the others are dropped with a warning.
_STRAY_CONTROLS = frozenset(chr(c) for c in (*range(0x00, 0x09), *range(0x0E, 0x20), *range(0x7F, 0xA0)))
_STRAY_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")


def _where(raw: str, first: int) -> str:
    line = raw.count("\n", 0, first) + 1
    column = first - raw.rfind("\n", 0, first)
    return f"the first at line {line}, column {column}"


def _looks_binary(text: str) -> bool:
    if not text:
        return True
    controls = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\t\n\r\f\v")
    return controls > max(2, len(text) // 200)


def read_report(path: str | Path) -> Report:
    """Read, decode and repair one report file.

    >>> report = read_report("seeds/deqing-court-2024.txt")  # doctest: +SKIP
    >>> report.text[:12]  # doctest: +SKIP
    '2024年，德清法院在县委的坚强'
    """
    p = Path(path)
    try:
        data = p.read_bytes()
    except IsADirectoryError:
        raise InputError(f"{p}: is a directory, not a report file") from None
    except FileNotFoundError:
        raise InputError(f"{p}: no such file") from None
    except OSError as exc:
        raise InputError(f"{p}: cannot read the file ({exc.strerror})") from None
    from courtgraph.readers import SourceText, read_source, refuse_several_reports

    source = read_source(p, data)  # a PDF, web page or Word file; None for a text file
    if source is None:
        raw, encoding = decode(data, name=str(p))
        source = SourceText(text=raw, form="text", encoding=encoding)
    raw, encoding = source.text, source.encoding
    _warn_stray_controls(raw, str(p))
    text, offsets = normalize(raw)
    refuse_several_reports(text, name=str(p))
    if not any(is_cjk(ch) for ch in text):
        raise InputError(f"{p}: the file holds no Chinese text; is it a court work report?")
    return Report(
        path=str(p),
        raw=raw,
        text=text,
        offsets=tuple(offsets),
        encoding=encoding,
        sha256=hashlib.sha256(raw.encode("utf-8")).hexdigest(),
        form=source.form,
        pages=source.pages,
        title=source.title,
        url=source.url,
    )


def _warn_stray_controls(raw: str, name: str) -> None:
    """Say how many control characters ``normalize`` will drop, and where the first one is."""
    found = [m.start() for m in _STRAY_CONTROL.finditer(raw)]
    if found:
        codes = ", ".join(sorted({f"U+{ord(raw[k]):04X}" for k in found}))
        warnings.warn(f"{name}: dropped {len(found)} control character(s) ({codes}), {_where(raw, found[0])}", CourtgraphWarning, stacklevel=3)


# --- normalisation ---------------------------------------------------------------------------


@dataclass
class _Line:
    chars: list[tuple[str, int]]  # (normalised char, raw offset)
    newline_at: int  # raw offset of the line break after it, -1 at end of text

    @functools.cached_property
    def text(self) -> str:
        return "".join(c for c, _ in self.chars)


_FOLD = {chr(0xFF10 + i): str(i) for i in range(10)}
_FOLD.update({chr(0xFF21 + i): chr(0x41 + i) for i in range(26)})
_FOLD.update({chr(0xFF41 + i): chr(0x61 + i) for i in range(26)})
_FOLD.update({"％": "%", "\u00a0": " ", "\u3000": " ", "\t": " "})


def _nfc_chars(raw: str) -> list[tuple[str, int]]:
    """NFC per grapheme-ish run, each output character mapped to its run's first raw offset."""
    distinct = set(raw)
    if _STRAY_CONTROLS.isdisjoint(distinct) and not any(unicodedata.combining(c) for c in distinct):
        # no control to drop and no combining mark: every run is one character, so each
        # distinct character is normalised once and the text mapped in one pass
        table = {c: "".join(_FOLD.get(ch, ch) for ch in unicodedata.normalize("NFC", c)) for c in distinct}
        if all(len(v) == 1 for v in table.values()):
            mapped = raw.translate({ord(c): v for c, v in table.items() if v != c})
            return list(zip(mapped, range(len(raw))))
        return [(ch, i) for i, c in enumerate(raw) for ch in table[c]]
    return _nfc_runs(raw)


def _nfc_runs(raw: str) -> list[tuple[str, int]]:
    """``_nfc_chars`` one run at a time, for a text with controls to drop or combining marks."""
    out: list[tuple[str, int]] = []
    i, n = 0, len(raw)
    while i < n:
        if raw[i] in _STRAY_CONTROLS:
            i += 1  # dropped; the raw text keeps it, so the offsets after it stay true
            continue
        j = i + 1
        while j < n and unicodedata.combining(raw[j]):
            j += 1
        for ch in unicodedata.normalize("NFC", raw[i:j]):
            out.append((_FOLD.get(ch, ch), i))
        i = j
    return out


_LINE_BREAK = re.compile("[\n\u2028\u2029\x0c\x0b]")


def _split_lines(chars: list[tuple[str, int]]) -> list[_Line]:
    """The lines between breaks (\\n, U+2028, U+2029, form and line feeds), carriage returns dropped.

    The breaks are found in the joined text and each line is a slice, not a loop per character.
    """
    text = "".join(map(operator.itemgetter(0), chars))
    lines: list[_Line] = []
    start = 0
    for m in _LINE_BREAK.finditer(text):
        lines.append(_slice_line(chars, text, start, m.start(), chars[m.start()][1]))
        start = m.end()
    lines.append(_slice_line(chars, text, start, len(chars), -1))
    return lines


def _slice_line(chars: list[tuple[str, int]], text: str, start: int, end: int, newline_at: int) -> _Line:
    part = text[start:end]
    if "\r" in part:
        line = _Line([item for item in chars[start:end] if item[0] != "\r"], newline_at)
        line.text = part.replace("\r", "")
    else:
        line = _Line(chars[start:end], newline_at)
        line.text = part  # the joined text is known: the cached property need not join it again
    return line


def _strip_spaces(chars: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """Drop spaces next to Chinese text, keeping one between two multi-character phrases."""
    runs: list[tuple[list[tuple[str, int]], list[tuple[str, int]]]] = []  # (gap before, token)
    gap: list[tuple[str, int]] = []
    token: list[tuple[str, int]] = []
    for item in chars:
        if item[0] == " ":
            if token:
                runs.append((gap, token))
                gap, token = [], []
            gap.append(item)
        else:
            token.append(item)
    if token:
        runs.append((gap, token))
    out: list[tuple[str, int]] = []
    for k, (before, tok) in enumerate(runs):
        if k and before:
            left = runs[k - 1][1]
            a, b = left[-1][0], tok[0][0]
            if _is_wide(a) or _is_wide(b):
                keep = is_cjk(a) and is_cjk(b) and len(left) >= 2 and len(tok) >= 2
            else:
                keep = True  # between Latin words or numbers a space is meaningful
            if keep:
                out.append((" ", before[0][1]))
        out.extend(tok)
    return out


def normalize(raw: str) -> tuple[str, list[int]]:
    """Repair the raw text; returns ``(text, offsets)`` with ``len(offsets) == len(text) + 1``.

    Paragraphs are separated by ``\\n`` in the result; a heading is a paragraph of
    its own, and a heading broken over several PDF lines is joined with one space.
    """
    from courtgraph.gcpause import collection_paused

    with collection_paused(promote=True):  # the time per character stays flat (see courtgraph.gcpause)
        return _normalize(raw)


def _normalize(raw: str) -> tuple[str, list[int]]:
    # (a line with no space has none to strip: it is kept as it is, its text already joined)
    lines = [_Line(_strip_spaces(line.chars), line.newline_at) if " " in line.text else line for line in _split_lines(_nfc_chars(raw))]
    lines = [ln for ln in lines if not _PAGE_FURNITURE.match(ln.text) or not ln.text.strip()]
    lines = _drop_bare_page_numbers(lines)
    out: list[tuple[str, int]] = []
    pending_break: int | None = None  # raw offset of the last line break seen
    prev_kind = "start"  # start | open (sentence continues) | closed (paragraph ended) | heading
    content = [ln for ln in lines if ln.text.strip()]
    # text whose lines are whole paragraphs (web pages, word processors) rather than lines
    # wrapped at a page's width: there a short line between paragraphs is a head even when it
    # holds a comma (围绕中心大局，护航经济社会发展)
    long_lines = sum(1 for ln in content if len(ln.text.strip()) > 60)
    paragraph_lines = long_lines > 0 and long_lines >= 0.2 * len(content)
    for idx, line in enumerate(content):
        text = line.text.strip()
        chars = _trim(line.chars)
        nxt = content[idx + 1].text.strip() if idx + 1 < len(content) else None
        kind = _line_kind(text, prev_kind, nxt, paragraph_lines=paragraph_lines)
        if out:
            brk = pending_break if pending_break is not None else chars[0][1]
            if kind == "heading" and prev_kind == "heading" and not _NUMBERED_HEADING.match(text):
                out.append((" ", brk))
            elif kind == "heading" or prev_kind in ("closed", "heading"):
                out.append(("\n", brk))
            else:
                a, b = out[-1][0], chars[0][0]
                if a.isascii() and a.isalpha() and b.isascii() and b.isalpha():
                    out.append((" ", brk))  # an English word broken over two lines
        out.extend(chars)
        pending_break = line.newline_at if line.newline_at >= 0 else None
        if kind == "heading":
            prev_kind = "heading"
        elif _ends_paragraph(text):
            prev_kind = "closed"
        else:
            prev_kind = "open"
    out = _curly_quotes(out)
    text = "".join(map(operator.itemgetter(0), out))
    offsets = [*map(operator.itemgetter(1), out), len(raw)]
    return text, offsets


def _curly_quotes(chars: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """「…」 and straight "…" pairs in Chinese text become “…”, the marks the rules look for.

    Straight quotes are paired within a paragraph, and only where they pair up evenly.
    """
    text = "".join(map(operator.itemgetter(0), chars))
    # the marks are looked for in the joined text first: most texts have none of them
    if "「" in text or "」" in text:
        out = [("“", o) if c == "「" else ("”", o) if c == "」" else (c, o) for c, o in chars]
    else:
        out = list(chars)
    if '"' not in text:
        return out
    start = 0
    for end in [k for k, (c, _) in enumerate(out) if c == "\n"] + [len(out)]:
        marks = [k for k in range(start, end) if out[k][0] == '"']
        if marks and len(marks) % 2 == 0 and any(is_cjk(out[k][0]) for k in range(start, end)):
            for n, k in enumerate(marks):
                out[k] = ("“" if n % 2 == 0 else "”", out[k][1])
        start = end + 1
    return out


# what a line starts with when it carries on a number from the line before (…326 / 件，), and a
# number with its unit that carries on the sentence of the line before (审结案件 / 326件)
_UNITS = "件人项元次份条篇个期家名场起天户所处批万亿余多"
_UNIT_START = re.compile(f"^[{_UNITS}]")
_NUMBER_START = re.compile(rf"^\d+(?:\.\d+)?(?:[{_UNITS}%]|$)")


def _ends_paragraph(text: str) -> bool:
    """A line that ends a sentence (。 ！ ？, perhaps before a closing quote) or introduces what
    follows with a colon (各位代表：) ends its paragraph."""
    return text[-1] in TERMINALS + "：:" or (text[-1] in _CLOSERS and len(text) > 1 and text[-2] in TERMINALS)


def _drop_bare_page_numbers(lines: list[_Line]) -> list[_Line]:
    content = [k for k, ln in enumerate(lines) if ln.text.strip()]
    drop: set[int] = set()
    for n, k in enumerate(content):
        if not _BARE_NUMBER.match(lines[k].text):
            continue
        before = lines[content[n - 1]].text.strip() if n else ""
        after = lines[content[n + 1]].text.strip() if n + 1 < len(content) else ""
        runs_on = bool(after) and (after[0] in _CLAUSE_PUNCT + "%" or _UNIT_START.match(after) is not None)
        if (not before or _ends_paragraph(before)) and not runs_on:
            drop.add(k)
    return [ln for k, ln in enumerate(lines) if k not in drop]


def _trim(chars: list[tuple[str, int]]) -> list[tuple[str, int]]:
    start, end = 0, len(chars)
    while start < end and chars[start][0].isspace():
        start += 1
    while end > start and chars[end - 1][0].isspace():
        end -= 1
    return chars[start:end]


_NUMBERED_HEADING = re.compile(
    r"^(?:第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|"
    r"[一二三四五六七八九十]+是[，、]|关键词[一二三四五六七八九十\d]+[：:]|\d{1,2}\s*(?![年月日号个项件名人])(?=[\u4e00-\u9fff“]))"
)


def _line_kind(text: str, prev_kind: str, nxt: str | None, *, paragraph_lines: bool = False) -> str:
    """Classify a PDF line as ``heading`` or ``body`` from its own text and its neighbours."""
    if paragraph_lines and prev_kind != "open" and _is_head_line(text) and nxt and (is_cjk(nxt[0]) or nxt[0] == "“"):
        return "heading"
    if prev_kind != "open" and _BRACKET_HEAD.fullmatch(text):
        return "heading"  # 【聚焦主责主业】, whatever the width of the other lines
    if _NUMBERED_HEADING.match(text) and prev_kind != "open" and not re.match(r"^[一二三四五六七八九十]+是", text):
        # a numbered line is a heading when it does not run on as a sentence
        if "。" not in text.rstrip("。") and "；" not in text and len(text) <= 40:
            return "heading"
    if prev_kind == "open":
        return "body"
    if len(text) > 40 or any(p in text for p in _CLAUSE_PUNCT):
        return "body"
    if text[-1] in _CLOSERS or text[-1].isdigit() or text[-1] in "%":
        return "body"
    if not is_cjk(text[-1]):
        return "body"
    # a short unpunctuated line: a heading unless the next line carries on its sentence
    if nxt is not None and nxt[0] in _CLAUSE_PUNCT + _CLOSERS + "%":
        return "body"
    if nxt is not None and _NUMBER_START.match(nxt):
        return "body"  # the sentence runs on into a number broken onto the next line
    return "heading"


_BRACKET_HEAD = re.compile(r"【[^【】。；]{2,30}】")


def _is_head_line(text: str) -> bool:
    """Short, no sentence punctuation, not ending inside a clause; a closing quote may end it,
    and a newspaper's bracketed head (【聚焦主责主业】) is one."""
    if _BRACKET_HEAD.fullmatch(text):
        return True
    if len(text) > 40 or any(p in text for p in "。；;！？!?：:") or text[-1] in _CLAUSE_PUNCT:
        return False
    return is_cjk(text[-1]) or text[-1] == "”" and text.count("“") == text.count("”")


def squash(text: str) -> str:
    """The comparison form used for matching: NFC, folded widths, one double-quote mark for
    “”「」", all whitespace deleted."""
    out = "".join(_FOLD.get(ch, ch) for ch in unicodedata.normalize("NFC", text))
    return re.sub(r"\s+", "", re.sub("[“”「」]", '"', out))
