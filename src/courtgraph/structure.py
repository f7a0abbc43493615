"""Find a report's structure: summary, chapters (themes), work areas, sentences.

Works on the repaired text of ``courtgraph.ingest``, where paragraphs are lines and a
heading is a paragraph of its own. Two levels are recognised:

* chapters: ``第一部分 …``, ``一、…`` or an unnumbered heading line;
* work areas: ``（一）…`` sub-headings where a chapter has them, otherwise the lead
  phrase that opens a paragraph (a short first sentence ending in 。 with no comma).

Whether headings stand before or after their text is read from the text itself: when
no paragraph follows the last chapter heading, the headings close their chapters (the
way two-column PDFs of reports often come out); otherwise they open them.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from courtgraph.ingest import _CLOSERS, TERMINALS
from courtgraph.model import Paragraph, Report, Sentence

__all__ = ["Block", "Section", "Structure", "find_structure", "split_sentences", "SUMMARY_ID"]

SUMMARY_ID = "T0"

_CN_NUM = "一二三四五六七八九十"
_CHAPTER_NUM = re.compile(rf"^\s*(?:第[{_CN_NUM}]+部分[、，：:.\s]*|[{_CN_NUM}]+[、.．]\s*|关键词[{_CN_NUM}\d]+[：:]\s*)")
# newspaper heads numbered with a bare digit and a space: "1 聚焦主责主业 …"
# a newspaper's bracketed head: 【聚焦主责主业】 (the brackets are its enumerator)
_BRACKET_CHAPTER = re.compile(r"^\s*【(?=[^【】]{2,30}】\s*$)")
_DIGIT_CHAPTER = re.compile(r"^\s*\d{1,2}(?:\s+|[.．、]\s*)?(?![年月日号个项件名人])(?=[\u4e00-\u9fff“])")
_SECTION_NUM = re.compile(rf"^\s*(?:[（(][{_CN_NUM}]+[）)]\s*|\d+[.．、]\s*)")
_TITLE_HINT = re.compile(r"工作报告|^[（(—\-].*[）)]?$|^\d{4}年\d{1,2}月|^[—\-]{1,2}")
_CLOSING_LINE = re.compile(r"^(?:[\u4e00-\u9fff]{2,12}人民法院|院长\s*[\u4e00-\u9fff]{2,4})?\s*(?:\d{4}年\d{1,2}月\d{1,2}日)?$")
# chapter headings that only hold the year's work: their sections are the real themes
_CONTAINER = re.compile(r"工作回顾|主要工作|工作情况|过去一年|一年来|履职情况|工作总结|^\d{4}年工作$")
# part headings standing alone (2024年主要工作, 2020年全省法院工作, 今后工作安排): they hold the
# chapters that follow and are never themes themselves
_PART = re.compile(
    r"^(?:\d{4}年(?:以来)?|过去[一五]年|一年来|五年来)?(?:的)?(?:全[省市区县]法院|本院|我院)?(?:主要)?工作(?:回顾|情况|总结)?$"
    r"|工作回顾$|^今后(?:五年|一年)?(?:的)?工作(?:安排|打算|思路|建议|任务)?$|^\d{4}年(?:的)?工作(?:安排|打算|思路|建议|任务)$"
    r"|^(?:下一步|今后)(?:的)?工作(?:安排|打算|思路|计划)?$"
)


@dataclass(frozen=True)
class Block:
    """A paragraph with its role: ``title``, ``chapter``, ``section``, ``summary`` or ``body``."""

    paragraph: Paragraph
    role: str
    heading: str = ""  # heading text without its numbering
    heading_start: int = 0  # normalised offsets of that heading text
    heading_end: int = 0
    lead: str = ""  # lead phrase of a body paragraph, without its 。
    lead_start: int = 0
    lead_end: int = 0


@dataclass
class Section:
    """A chapter (theme) or a work area, with the normalised ranges of its text."""

    id: str
    title: str
    norm_start: int  # the heading or lead phrase
    norm_end: int
    children: list["Section"] = field(default_factory=list)
    paragraphs: list[int] = field(default_factory=list)


@dataclass
class Structure:
    themes: list[Section]
    summary: list[int]  # paragraph indexes of the report's summary (T0)
    paragraphs: list[Paragraph]
    area_of_paragraph: dict[int, str]  # paragraph index -> work area, theme or T0 id
    placement: str  # "before" or "after": where chapter headings stand
    title: str = ""
    front_matter: list[int] = field(default_factory=list)  # title, occasion and signature lines
    loose: list[Section] = field(default_factory=list)  # lead phrases of a report with no headings



def _paragraphs(text: str) -> list[Paragraph]:
    out: list[Paragraph] = []
    pos = 0
    for line in text.split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        stripped = line.strip()
        if not stripped:
            continue
        lead_ws = len(line) - len(line.lstrip())
        out.append(Paragraph(len(out), start + lead_ws, start + lead_ws + len(stripped), stripped))
    return out


def _is_heading_text(text: str, *, numbered: bool = False, head: bool = False) -> bool:
    """A heading is short and unpunctuated; a numbered one may hold a comma (一、坚持…，…), and
    so may an unnumbered head set above body paragraphs (``head``: newspaper and report heads
    such as 围绕中心大局，护航经济社会发展)."""
    banned = "。；！？;" if numbered or head else "，。；！？、,;：:"
    plain = _unquoted(text)
    if head and (len(_COMMA.findall(plain)) > 2 or text[-1] in "，、：:,"):
        return False
    return len(text) <= 40 and not any(p in plain for p in banned) and not text[-1].isdigit()


def _unquoted(text: str) -> str:
    """The text with quoted stretches blanked: punctuation inside “…” does not end a phrase."""
    if "“" not in text:
        return text  # (most paragraphs and leads: nothing to blank)
    return _QUOTED.sub(lambda m: "“" + "x" * (len(m.group(0)) - 2) + "”", text)


# the patterns of the heading and lead tests, compiled once: they run on every paragraph
_COMMA = re.compile(r"[，,]")
_QUOTED = re.compile(r"“[^“”]*”")
_ENUMERATOR = re.compile(r"^[一二三四五六七八九十]+是")
_LEAD = re.compile(r"^([^。！？]{2,30})。")
_DIGIT = re.compile(r"\d")
_TOPIC_SENTENCE = re.compile(r"^(?:[我本该]院|全[省市区县]?法院|[\u4e00-\u9fff]{2,3}法院)|是[^，]*的")
_TITLE_LIKE = re.compile(r"法院|报告|代表大会|院长|^\d{4}年")


def _body_follows(following: str) -> bool:
    # (a head on the last line of a text cut short has nothing after it)
    return not following or len(following) > 15 and any(ch in following for ch in "。，；")


_TIME_OPENING = re.compile(r"^(?:过去[一五]年|[这今近]一?年来?|一年来|五年来|\d{4}年(?:以来)?|多年来|同时|此外|其中)$")


def _lead(text: str, *, alone: bool = False) -> tuple[str, int] | None:
    """The lead phrase opening a paragraph, and its length including the 。.

    With ``alone``, the lead may be the whole paragraph (a bold lead set on a line of its own,
    its text in the paragraphs that follow).
    """
    body = _SECTION_NUM.sub("", text, count=1)
    body = _ENUMERATOR.sub("", body, count=1)  # 一是筑牢政治忠诚，…。: the lead without its enumerator
    skipped = len(text) - len(body)
    m = _LEAD.match(body)
    if not m:
        return None
    lead = m.group(1)
    plain = _unquoted(lead)
    if any(p in plain for p in "；：;:、") or _DIGIT.search(lead):
        return None
    # a sentence with a subject or a copula is a topic sentence, not a lead (惠城法院全力维护…,
    # 安全是发展的基础)
    if _TOPIC_SENTENCE.search(plain):
        return None
    halves = _COMMA.split(plain)
    # one comma may join the two halves of a lead (坚持依法惩治犯罪，维护社会安全稳定。), but
    # an opening clause (这一年，… / 一年来，…) is a sentence, not a lead
    if len(halves) > 2 or len(halves) == 2 and (len(lead) > 24 or min(len(h) for h in halves) < 4 or _TIME_OPENING.match(halves[0])):
        return None
    if len(body) <= m.end() and not alone:  # a lead opens a paragraph: something must follow it
        return None
    return lead, skipped + m.end()


def _classify(paragraphs: list[Paragraph]) -> list[Block]:
    blocks: list[Block] = []
    seen_body = False
    for n, p in enumerate(paragraphs):
        text = p.text
        following = paragraphs[n + 1].text if n + 1 < len(paragraphs) else ""
        if len(text) <= 30 and _PART.search(text.strip()) and not _CHAPTER_NUM.match(text) and not _SECTION_NUM.match(text):
            blocks.append(Block(p, "part", text, p.norm_start, p.norm_end))
            seen_body = True
            continue
        if not seen_body and len(text) <= 80 and not any(ch in text for ch in "。；，！？") and (_TITLE_HINT.search(text) or _is_title_like(text)):
            blocks.append(Block(p, "title", text, p.norm_start, p.norm_end))  # title and occasion lines
            continue
        chapter = _CHAPTER_NUM.match(text) or _DIGIT_CHAPTER.match(text) or _BRACKET_CHAPTER.match(text)
        section = _SECTION_NUM.match(text)
        if chapter and text[chapter.end():].strip() and _is_heading_text(text[chapter.end():].rstrip("。"), numbered=True):
            heading = text[chapter.end():].rstrip("。 】")
            blocks.append(Block(p, "chapter", heading, p.norm_start + chapter.end(), p.norm_start + chapter.end() + len(heading)))
            seen_body = True
            continue
        if section and text[section.end():].strip() and _is_heading_text(text[section.end():].rstrip("。"), numbered=True) and not _DIGIT.match(text):
            heading = text[section.end():].rstrip("。 ")
            blocks.append(Block(p, "section", heading, p.norm_start + section.end(), p.norm_start + section.end() + len(heading)))
            continue
        closed = text[-1] not in TERMINALS + _CLOSERS or text[-1] == "”" and text.count("“") == text.count("”")
        plain_heading = _is_heading_text(text) and closed
        if not plain_heading and seen_body and closed and _is_heading_text(text, head=True) and _body_follows(following):
            plain_heading = True  # a head with a comma or space over the paragraphs it heads
        if plain_heading:
            if seen_body and _CLOSING_LINE.match(text):
                blocks.append(Block(p, "closing", text, p.norm_start, p.norm_end))  # signature, date
            elif not seen_body and _TITLE_HINT.search(text) or not seen_body and _is_title_like(text):
                blocks.append(Block(p, "title", text, p.norm_start, p.norm_end))
            else:
                blocks.append(Block(p, "chapter", text, p.norm_start, p.norm_end))
            continue
        seen_body = True
        # a lead alone on its line heads the paragraphs after it, when one follows at once
        lead = _lead(text, alone=len(following) > 15 and any(ch in following for ch in "。，；"))
        if lead:
            phrase, length = lead
            start = p.norm_start + length - len(phrase) - 1
            blocks.append(Block(p, "body", lead=phrase, lead_start=start, lead_end=start + len(phrase)))
        else:
            blocks.append(Block(p, "body"))
    return blocks


def _between(indexes: list[int], low: int, high: int) -> list[int]:
    """The sorted ``indexes`` strictly between ``low`` and ``high`` (by bisection: a report's
    chapters times its paragraphs would grow with the square of its length)."""
    return indexes[bisect.bisect_right(indexes, low): bisect.bisect_left(indexes, high)]


def _is_title_like(text: str) -> bool:
    # lines at the very top that name the court or the occasion, before any body text
    return bool(_TITLE_LIKE.search(text))


def find_structure(report: Report) -> Structure:
    """Split the repaired text into summary, themes and work areas."""
    paragraphs = _paragraphs(report.text)
    blocks = _classify(paragraphs)
    if not any(b.role == "chapter" for b in blocks):
        # sub-numbered headings with no chapter above them are the chapters
        blocks = [Block(b.paragraph, "chapter", b.heading, b.heading_start, b.heading_end) if b.role == "section" else b for b in blocks]
    title = " ".join(b.heading for b in blocks if b.role == "title")
    chapters = [i for i, b in enumerate(blocks) if b.role == "chapter"]
    content = [i for i, b in enumerate(blocks) if b.role in ("body", "section")]
    # headings close their chapters when lead phrases stand before the first heading and none
    # after the last one (a closing paragraph or signature may still follow)
    placement = "before"
    if chapters:
        opens_before = any(blocks[i].lead or blocks[i].role == "section" for i in content if i < chapters[0])
        opens_after = any(blocks[i].lead or blocks[i].role == "section" for i in content if i > chapters[-1])
        if opens_before and not opens_after:
            placement = "after"

    # groups: (chapter block index or None, [block indexes of its content])
    groups: list[tuple[int | None, list[int]]] = []
    if placement == "after":
        last = -1
        for c in chapters:
            members = _between(content, last, c)
            groups.append((c, members))
            last = c
        summary_blocks: list[int] = []
        if groups:
            first_members = groups[0][1]
            k = 0
            while k < len(first_members) and not blocks[first_members[k]].lead and blocks[first_members[k]].role == "body":
                k += 1
            if k < len(first_members):  # the chapter has work areas: what precedes them is the summary
                summary_blocks = first_members[:k]
                groups[0] = (groups[0][0], first_members[k:])
    else:
        first = chapters[0] if chapters else len(blocks)
        summary_blocks = [i for i in content if i < first]
        # a chapter ends at the next chapter or part heading; a part's own text is the summary's
        bounds = sorted(chapters + [i for i, b in enumerate(blocks) if b.role == "part"]) + [len(blocks)]
        for c in chapters:
            end = bounds[bisect.bisect_right(bounds, c)]
            groups.append((c, _between(content, c, end)))

    themes: list[Section] = []
    area_of_paragraph: dict[int, str] = {blocks[i].paragraph.index: SUMMARY_ID for i in summary_blocks}

    def build_theme(heading: Block, members: list[int], opens: Callable[[Block], bool]) -> None:
        theme = Section(f"T{len(themes) + 1}", heading.heading, heading.heading_start, heading.heading_end)
        area_of_paragraph[heading.paragraph.index] = theme.id
        current: Section | None = None
        for i in members:
            b = blocks[i]
            if opens(b):
                title_text, s, e = (b.heading, b.heading_start, b.heading_end) if b.role == "section" else (b.lead, b.lead_start, b.lead_end)
                current = Section(f"{theme.id}.{len(theme.children) + 1}", title_text, s, e)
                theme.children.append(current)
            target = current if current is not None else theme
            target.paragraphs.append(b.paragraph.index)
            area_of_paragraph[b.paragraph.index] = target.id
        themes.append(theme)

    for chapter_idx, members in groups:
        if chapter_idx is None:
            continue
        sections = [i for i in members if blocks[i].role == "section"]
        has_leads = any(blocks[i].lead for i in members)
        if sections and has_leads and _CONTAINER.search(blocks[chapter_idx].heading):
            # a container chapter (一、2024年工作回顾 with （一）… inside): its sections are the
            # themes and the lead phrases their work areas; what precedes the first section
            # introduces the whole report's work, like the summary
            area_of_paragraph[blocks[chapter_idx].paragraph.index] = SUMMARY_ID
            for i in members:
                if i >= sections[0]:
                    break
                area_of_paragraph[blocks[i].paragraph.index] = SUMMARY_ID
            for n, sec in enumerate(sections):
                end = sections[n + 1] if n + 1 < len(sections) else len(blocks)
                build_theme(blocks[sec], [i for i in members if sec < i < end], lambda b: bool(b.lead))
        elif sections:
            build_theme(blocks[chapter_idx], members, lambda b: b.role == "section")
        else:
            build_theme(blocks[chapter_idx], members, lambda b: bool(b.lead))
    loose: list[Section] = []
    if not themes:
        # no headings at all: the lead phrases are work areas of the report itself (T0.n), each
        # over its own paragraph; paragraphs without a lead stay with the summary
        for i in content:
            b = blocks[i]
            if b.lead:
                area = Section(f"{SUMMARY_ID}.{len(loose) + 1}", b.lead, b.lead_start, b.lead_end, paragraphs=[b.paragraph.index])
                loose.append(area)
                area_of_paragraph[b.paragraph.index] = area.id
    return Structure(
        loose=loose,
        themes=themes,
        summary=[blocks[i].paragraph.index for i in summary_blocks],
        paragraphs=paragraphs,
        area_of_paragraph=area_of_paragraph,
        placement=placement,
        title=title,
        front_matter=[b.paragraph.index for b in blocks if b.role in ("title", "closing")],
    )


# where a sentence ends: a terminal and the closing marks after it
_SENTENCE_END = re.compile("[" + re.escape(TERMINALS) + "][" + re.escape(_CLOSERS) + "]*")


def split_sentences(report: Report, paragraphs: list[Paragraph]) -> list[Sentence]:
    """Sentences of every paragraph, with normalised and raw offsets.

    A sentence ends at 。！？ (and the closing quotes that follow); a paragraph's
    unfinished tail, or a heading, is a sentence of its own.
    """
    out: list[Sentence] = []
    for p in paragraphs:
        text = p.text
        start = 0
        # a terminal and the closing marks after it, found by the regex engine, not a loop per character
        for m in _SENTENCE_END.finditer(text):
            out.append(_sentence(report, p, start, m.end(), len(out)))
            start = m.end()
        if text[start:].strip():
            out.append(_sentence(report, p, start, len(text), len(out)))
    return out


def _sentence(report: Report, p: Paragraph, start: int, end: int, n: int) -> Sentence:
    text = p.text
    while start < end and text[start].isspace():
        start += 1
    ns, ne = p.norm_start + start, p.norm_start + end
    rs, re_ = report.raw_range(ns, ne)
    return Sentence(f"S{n + 1}", rs, re_, report.text[ns:ne], ns, ne, p.index)
