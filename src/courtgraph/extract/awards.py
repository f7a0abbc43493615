"""Awards (honours, prizes, selections as a model or typical case) and the cases they name."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from courtgraph.extract.context import Context, Marks, Places, lexicon

__all__ = ["AwardMention", "CaseMention", "find_awards", "find_cases"]


@dataclass
class CaseMention:
    start: int
    end: int
    text: str


@dataclass
class AwardMention:
    start: int
    end: int
    name: str
    level: str
    verb_start: int
    subject: str  # the text between the clause start and the verb, for recipient resolution
    subject_start: int


def find_cases(ctx: Context) -> list[CaseMention]:
    surnames = str(lexicon()["surnames"])
    pattern = re.compile(rf"(?:[{surnames}]某+|某(?=[\u4e00-\u9fff]))[^\s，。；：、“”《》]{{1,20}}?(?:一案|纠纷案|案件|案)")
    out: list[CaseMention] = []
    for m in pattern.finditer(ctx.text):
        if ctx.in_quote(m.start()) or ctx.in_title(m.start()):
            continue
        out.append(CaseMention(m.start(), m.end(), m.group(0)))
    return out


@lru_cache(maxsize=256)  # (a court's places: made and compiled once, not for every honour)
def _level_checks(places: Places) -> tuple[tuple[str, re.Pattern[str]], ...]:
    """(level, pattern) in the order they are tried: the court's own places, then the lexicon's."""
    levels = lexicon()["award_levels"]
    checks: list[tuple[str, str]] = []
    if places.province:
        checks.append(("provincial", f"{places.province}|{places.province[:-1]}"))
    if places.city:
        checks.append(("municipal", f"{places.city}|{places.city[:-1]}"))
    if places.local:
        checks.append(("county", f"{places.local}"))
    if places.province and places.province.endswith("自治区"):
        checks.append(("provincial", "全区"))  # 全区法院 in an autonomous region: the whole region
    checks += [(k, str(v)) for k, v in levels.items()]
    return tuple((level, re.compile(pattern)) for level, pattern in checks)


def _level(name: str, context: str, ctx: Context) -> str:
    places = ctx.places
    checks = _level_checks(places)
    for source in (name, context):
        best: tuple[int, str] | None = None
        for level, pattern in checks:
            m = pattern.search(source)
            if m and (best is None or m.start() < best[0]):
                best = (m.start(), level)
        if best:
            return best[1]
    # nothing says: an honour of the court's own place, at the level the court sits
    local = places.local or ""
    if places.province and local == places.province:
        return "provincial"
    if places.city and local == places.city:
        return "municipal"
    return "county"


# the patterns that trim each honour named, compiled once: they run on every item of every list
_ITEM_SEP = re.compile(r"(、)(?![^“”]*”)")
_BATCH = re.compile(r"^(?:首批|第[一二三四五六七八九十\d]+批|了)")
_TITLE_WORD = re.compile(r"(?:荣誉)?称号$")
_HOLDER = re.compile(r"(?:获得者|荣誉获得者)[\u4e00-\u9fff]{0,4}$")
_PUBLISHED = re.compile(r"(?:予以)?(?:发布|刊发|推广)$")


def find_awards(ctx: Context) -> list[AwardMention]:
    text = ctx.text
    lex = lexicon()
    verbs = sorted(map(str, lex["award_verbs"]), key=len, reverse=True)
    heads = sorted(map(str, lex["award_heads"]), key=len, reverse=True)
    out: list[AwardMention] = []
    taken = Marks(len(text))
    # where the honours end: made once for the report, not once for each verb found
    ends = re.compile(r"\d|(?<![一二三四五六七八九十])等(?=全国|国家级|[省市县区]级|各级|一批|多项|各类|荣誉|表彰|奖项|称号|先进典型)|共计|共(?=\d)|[并和及](?=" + "|".join(map(re.escape, verbs)) + ")")
    head_ends = tuple(heads)
    for verb in verbs:
        for m in re.finditer(re.escape(verb), text):
            if taken.covered(m.start(), m.start() + 1) or ctx.in_quote(m.start()) or ctx.in_title(m.start()):
                continue
            c_start, c_end = ctx.clause_bounds(m.start())
            body_start = m.end()
            # the honours end where a count or a summing-up starts (…先进单位等市级以上表彰共49项,
            # …人民法院案例库等全国典型案例)
            cut = ends.search(text[body_start:c_end])
            body = text[body_start: body_start + cut.start() if cut else c_end]
            if not body:
                continue
            pos = body_start
            found_any = False
            for part in _ITEM_SEP.split(body):  # (a 、 inside quotes is the name's)
                if part == "、":
                    pos += 1
                    continue
                name, offset = part, 0
                if name.startswith("“") and name.endswith("”") and name.count("“") == 1:
                    name, offset = name[1:-1], 1
                lead = _BATCH.match(name)
                if lead:
                    name, offset = name[lead.end():], lead.end()
                name = _TITLE_WORD.sub("", name)
                name = _HOLDER.sub("", name)  # …五四奖章获得者杨杰: the honour
                # an honour may be a quoted title (荣获全省“书香法院”荣誉称号, 获评“…模范机关”)
                quoted_whole = offset == 1 and part.startswith("“")  # (获评“…模范机关”: the quote is the title)
                titled = quoted_whole and verb not in ("获得", "获") or name.endswith("”") and "“" in name and (len(part) > len(name) or verb not in ("获得", "获"))
                case_only = verb in ("作为", "列为")
                name = _PUBLISHED.sub("", name) if case_only else name
                if case_only and not name.endswith("案例"):
                    pos += len(part)
                    continue
                if len(name) >= 3 and (name.rstrip("”").endswith(head_ends) or titled):
                    start = pos + offset
                    # (the summing-up after the list names the level of all: …等全国典型案例)
                    context = text[c_start:m.start()] + text[body_start + len(body):c_end]
                    subject = text[c_start:m.start()]
                    passive = subject.find("被")
                    if passive > 0:  # 甲被乙评为…: 甲 is honoured, 乙 honours
                        subject = subject[:passive]
                    out.append(AwardMention(start, start + len(name), name, _level(name, context, ctx), m.start() if passive <= 0 else c_start + passive, subject, c_start))
                    found_any = True
                pos += len(part)
            if found_any:
                taken.take(m.start(), body_start + len(body))
    out.sort(key=lambda a: a.start)
    return out
