"""Organisations: the bodies a report names, their kind, full name, English name and role.

Three ways a name is found, all from data in ``data/organizations.yaml``:

1. the short names reports use for standing bodies (检察院, 县人社局, 工商联), with an
   optional place prefix that says whose body it is (县, 市, 省, or the place's name);
2. a full name that starts with a place and ends with a head noun of a body
   (浙江省莫干山女子强制隔离戒毒所, 浙江工业大学法学院, 德清县木皮商会);
3. collective phrases (省级以上媒体).

Roles are settled once the partner relations are known (``assign_roles``).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from courtgraph.extract.context import Context, Marks, Places, english_place, glossary, romanise
from courtgraph.extract.prefixed import anchored, fast, first_chars, longest_of, matches_near

__all__ = ["OrgMention", "OrgEntity", "find_org_mentions", "implied_body", "longest_readings", "group_mentions", "assign_roles", "ROLE_PRIORITY"]

# verbs that may stand right before a common noun and must not be read as part of a name
_VERBS = ("推动", "推进", "加强", "深化", "支持", "指导", "依托", "通过", "围绕", "发挥", "强化", "优化", "完善", "建强", "建设", "设立", "组织", "实现", "打造", "联合", "会同", "协调", "督促", "引导", "服务", "保障", "各级", "所有")

ROLE_PRIORITY = {"leadership": 3, "partner": 2, "supervisor": 1, "mentioned": 0}
_BODY = r"[^\s，。；：、“”《》（）()的和与及在等是为将对向把被了着,;:]"
# a unit written straight after its parent body: …大学王健法学院, …银行义乌江东支行
_SUB_UNIT = re.compile(r"[^\s，。；：、“”《》（）()的和与及在等是为将对向把被了着]{0,6}?(法学院|学院|分行|支行|营业部|分局|分公司|派出所)")


@dataclass
class OrgMention:
    start: int
    end: int
    text: str
    key: str  # identity: the full name where known, else the mention itself
    kind: str
    full: str | None
    en: str | None
    generic: bool = False
    listed: bool = False  # a standing body from the glossary (not a name pieced from a pattern)


@dataclass
class OrgEntity:
    key: str
    mentions: list[OrgMention] = field(default_factory=list)
    role: str = "mentioned"

    @property
    def first(self) -> OrgMention:
        return self.mentions[0]


@lru_cache(maxsize=None)
def _entries() -> list[dict[str, Any]]:
    return list(glossary()["agencies"])


def _resolve_place(prefix: str, name: str, entry: dict[str, Any], places: Places) -> tuple[str | None, str]:
    """The place a mention refers to, and its level (local/city/province/national)."""
    level = str(entry.get("level", "local"))
    if level in ("city", "province", "national"):
        return {"city": places.city, "province": places.province, "national": None}[level], level
    marker = prefix
    if not marker:
        m = re.match(r"^团?([县市区])", name)
        marker = m.group(1) if m else ""
    if not marker:
        return places.local, "local"
    if marker in (places.local, places.local_short):
        return places.local, "local"
    if marker in (places.city, (places.city or "")[:-1]):
        return places.city, "city"
    if marker in (places.province, (places.province or "")[:-1]):
        return places.province, "province"
    if marker == "省":
        return places.province, "province"
    if marker == "市":
        if places.level_char == "市":
            return places.local, "local"
        return places.city, "city"
    if marker in ("县", "区", "旗"):
        return places.local, "local"
    # another place altogether: keep the name as written
    return (marker if len(marker) > 1 else None), "other"


@lru_cache(maxsize=256)  # (a court's places: their prefixes are sorted once, not for every report)
def _glossary_pattern(places: Places) -> re.Pattern[str]:
    return _glossary_pattern_for(tuple(places.prefixes()))


@lru_cache(maxsize=256)
def _glossary_pattern_for(place_prefixes: tuple[str, ...]) -> re.Pattern[str]:
    names = sorted({str(n) for e in _entries() for n in e["names"]}, key=lambda s: (-len(s), s))
    prefixes = list(place_prefixes) + ["县", "市", "区", "省"]
    # a match starts with its scope, term, prefix or name: tried only at those characters
    first = first_chars("全各第一二三四五六七八九十", prefixes, names)
    return anchored(
        # a congress or committee may carry its term: 省十三届人大, 七届省委
        # 全省各级人大及其常委会: the bodies of every level of a region, named together
        # (the place prefixes only tried at their first characters, and the names as a tree of
        # shared beginnings: the same matches as the plain alternations, in a fraction of the tries)
        "(?P<scope>全[省市区县]各级|各级)?(?P<term0>第?[一二三四五六七八九十]{1,3}届)?(?P<prefix>(?=[" + first_chars(prefixes) + "])(?:" + "|".join(map(re.escape, prefixes)) + "))?(?P<term>第?[一二三四五六七八九十]{1,3}届)?(?P<name>" + longest_of(names) + ")",
        first,
    )


def _entry_for(name: str) -> dict[str, Any]:
    found = _entry_by_name().get(name)
    if found is None:
        raise KeyError(name)
    return found


@lru_cache(maxsize=None)
def _entry_by_name() -> dict[str, dict[str, Any]]:
    """Each listed name's entry (the first that lists it): one lookup instead of a scan of the glossary."""
    by_name: dict[str, dict[str, Any]] = {}
    for e in _entries():
        for n in e["names"]:
            by_name.setdefault(n, e)
    return by_name


@lru_cache(maxsize=256)
def _head_pattern(places: Places) -> re.Pattern[str]:
    return _head_pattern_for(tuple(places.prefixes()))


@lru_cache(maxsize=256)
def _head_pattern_for(place_prefixes: tuple[str, ...]) -> re.Pattern[str]:
    heads = [str(h["head"]) for h in glossary()["heads"]]
    # a match starts with a place prefix or a level character: tried only at those characters
    first = first_chars(place_prefixes, "县市区")
    return anchored(
        # a quoted part may stand inside a name: 宁夏“塞上江南”律师事务所
        "(?:(?P<prefix>(?=[" + first_chars(place_prefixes) + "])(?:" + "|".join(map(re.escape, place_prefixes)) + f"))(?P<body>(?:{_BODY}|“[^“”，。]{{1,10}}”){{0,12}}?)"
        + f"|(?P<level>[县市区])(?P<body1>{_BODY}{{1,8}}?))"
        + "(?P<head>" + longest_of(heads) + ")",
        first,
    )


def _head_info(head: str) -> dict[str, Any]:
    for h in glossary()["heads"]:
        if h["head"] == head:
            return dict(h)
    return {"kind": "other", "en": ""}


@lru_cache(maxsize=None)
def _known_english(places: Places) -> tuple[dict[str, str], list[str]]:
    """Chinese pieces with a known English form, and the same keys longest first."""
    known: dict[str, str] = {}
    known.update({str(k): str(v) for k, v in glossary().get("words", {}).items()})
    for e in _entries():
        en = e.get("en")
        if en and "{" not in str(en) and not e.get("generic"):
            for n in e["names"]:
                known[str(n)] = str(en)
    for h in glossary()["heads"]:
        known.setdefault(str(h["head"]), str(h["en"]))
    for value in (places.local, places.city, places.province):
        if value:
            known[value] = english_place(value) or value
    from courtgraph.extract.context import places_table

    for full, short, en in places_table()["provinces"]:
        known.setdefault(str(full), str(en))
        known.setdefault(str(short), str(en))
    return known, sorted(known, key=len, reverse=True)


@lru_cache(maxsize=4096)  # names recur through a report; the answer depends on the name and places alone
def compose_en(name: str, places: Places) -> str:
    """An English name pieced together from what is known in ``name``, romanising the rest.

    Known pieces: bodies with a fixed English name (中国农业银行), places (浙江省, 贺兰县),
    head nouns (法学院, 支行); ``中国农业银行贺兰县支行`` -> ``Agricultural Bank of China Helan
    County Sub-branch``. A quoted part keeps its quotes.
    """
    known, keys = _known_english(places)
    words: list[str] = []
    run = ""
    i = 0
    while i < len(name):
        quoted = re.match(r"“([^”]+)”", name[i:])
        place = re.match(r"[\u4e00-\u9fff]{2,3}[县区]", name[i:]) if not run else None
        hit = next((k for k in keys if name.startswith(k, i)), None)
        if quoted or hit or place:
            if run:
                words.append(romanise(run))
                run = ""
            if quoted:
                words.append(f"“{romanise(quoted.group(1))}”")
                i += quoted.end()
            elif hit:
                words.append(known[hit])
                i += len(hit)
            else:
                assert place is not None
                words.append(english_place(place.group(0)) or place.group(0))
                i += place.end()
            continue
        run += name[i]
        i += 1
    if run:
        words.append(romanise(run))
    # courts are named after the city alone: Huzhou Intermediate People's Court
    return " ".join(w for w in words if w).replace(" City Intermediate", " Intermediate")


@lru_cache(maxsize=4096)  # a body recurs through a report; the answer depends on these three alone
def _standing_names(name: str, prefix: str, places: Places) -> tuple[str, str | None, str | None, bool]:
    """(identity key, full name, English name, generic) of a standing body from the glossary,
    written ``prefix`` + ``name`` in a report of a court at ``places``."""
    entry = _entry_for(name)
    place, level = _resolve_place(prefix, name, entry, places)
    canonical_name = str(entry.get("same_as") or name)
    canonical_entry = _entry_for(canonical_name)
    full_t = canonical_entry.get("full")
    en_t = canonical_entry.get("en")
    generic = bool(canonical_entry.get("generic"))
    fill = {
        "place": place or "",
        "place_en": english_place(place) or "",
        "city": places.city or "",
        "city_en": english_place(places.city) or "",
        "city_stem_en": (english_place(places.city) or "").removesuffix(" City"),
        "province": places.province or "",
        "province_en": english_place(places.province) or "",
    }
    full = str(full_t).format(**fill) if full_t and (place or level == "national" or "{place}" not in str(full_t)) else None
    en = str(en_t).format(**fill).strip() if en_t else None
    key = full or (f"{place or ''}{canonical_name}" if not generic else name)
    return key, full, en, generic


def implied_body(ctx: Context, name: str) -> tuple[str, str, str | None]:
    """(full name or key, kind, English name) of the standing body ``name`` (a glossary name such
    as 人民政府) of the court's own place: the partner an initiative's name implies."""
    key, full, en, _ = _standing_names(name, "", ctx.places)
    return full or key, str(_entry_for(name)["kind"]), en


def find_org_mentions(ctx: Context) -> list[OrgMention]:
    """Every organisation mention in the text, in order, not overlapping."""
    text = ctx.text
    places = ctx.places
    found = _Found(len(text))

    for m in _glossary_pattern(places).finditer(text):
        prefix, name = m.group("prefix") or "", m.group("name")
        entry = _entry_for(name)
        if not prefix and entry.get("bare") is False and not re.match(r"^团?[县市区]", name):
            continue
        if name.startswith("人大") and text[m.end(): m.end() + 2] == "代表":
            continue
        if ctx.in_title(m.start()) or (not prefix and text[m.start() - 1: m.start()] == "全"):
            continue  # 全省法院, 全市法院: the courts of a region, not a body
        if m.group("scope"):
            if entry["kind"] != "court":  # (各级法院 is the courts themselves, not a partner)
                found.add(OrgMention(m.start(), m.end(), m.group(0), m.group(0), str(entry["kind"]), None, None, True, listed=True))
            continue
        key, full, en, generic = _standing_names(name, prefix, places)
        if len(prefix) > 1 and entry["kind"] == "court" and name.endswith("人民法院"):
            full = key = m.group(0)  # 北京市第一中级人民法院: written in full, kept as written
            en = compose_en(full, places)
        found.add(OrgMention(m.start(), m.end(), m.group(0), key, str(entry["kind"]), full, en, generic, listed=True))

    court = ctx.court_zh
    for m in _head_pattern(places).finditer(text):
        # (overlaps with listed names are settled below: the longer reading wins)
        if ctx.in_title(m.start()) or ctx.in_quote(m.start()):
            continue
        name = m.group(0)
        own = {court, f"{places.local}人民法院", f"{places.local_short}法院", f"{places.local_short}人民法院"}
        if name in own:
            continue  # the reporting court itself
        if "法院" in name and not name.endswith("法院"):
            continue  # 县法院执行局: a unit of a court, not a body of its own
        if m.group("head") == "局" and (_NOT_A_BUREAU.search(name[-2:]) or text[m.end(): m.end() + 1] in "面势"):
            continue  # 大局, 格局, 新局面: words that only end like a bureau
        # absorb a sub-unit written straight after the body (…大学法学院, …银行…支行)
        end = m.end()
        tail = _SUB_UNIT.match(text, end)
        if tail:
            end = tail.end()
            name = text[m.start():end]
        info = _head_info(m.group("head") if not tail else tail.group(1))
        prefix = m.group("prefix") or m.group("level")
        if m.group("level"):
            if m.group("head") in ("局",) and len(m.group("body1")) > 6:
                continue
            place_name, _ = _resolve_place(prefix, "", {"level": "local"}, places)
        else:
            place_name = _full_place(prefix, places)
        body = name[len(prefix):]
        en = compose_en((place_name or "") + body, places)
        full = name if m.group("prefix") else f"{place_name or ''}{body}"
        found.add(OrgMention(m.start(), end, name, full, str(info["kind"]), full, en))

    # a named people's tribunal of the court (溪口人民法庭): an internal unit, kind court
    for m in matches_near(_TRIBUNAL, text, "人民法庭", 4):
        if found.free(m.start(), m.end()) and not ctx.in_quote(m.start()) and not re.search(r"[一二三四五六七八九十个各全该等和与的在]|法院|先进|示范|优秀", m.group(1)) and not m.group(1).startswith(_VERBS):
            name = m.group(0)
            found.add(OrgMention(m.start(), m.end(), name, f"{court}{name}", "court", f"{court}{name}", compose_en(name, places)))

    for m in _CENTRE.finditer(text):
        if found.free(m.start(), m.end()) and not ctx.in_quote(m.start()):
            key, full, en, _ = _standing_names("党中央", "", places)
            found.add(OrgMention(m.start(), m.end(), m.group(0), key, "party-committee", full, en, listed=True))

    _unplaced(ctx, found)
    _sectors(ctx, found)
    _generic_partners(ctx, found)
    _short_courts(ctx, found)

    for spec in glossary().get("generic_patterns", []):
        for m in fast(str(spec["pattern"])).finditer(text):
            if found.free(m.start(), m.end()):
                found.add(OrgMention(m.start(), m.end(), m.group(0), m.group(0), str(spec["kind"]), None, str(spec["en"]), True))

    kept = [o for o in found.items if not ctx.in_front_matter(o.start)]
    return _merge_sub_units(ctx, longest_readings(kept))


# (its matches are found from the 人民法庭 in them: tried at every character, it cost as much as
# the search for every listed body)
_TRIBUNAL = re.compile(r"([\u4e00-\u9fff]{2,4}?)人民法庭")
_NOT_A_BUREAU = re.compile(r"[大格布结新全开变破时僵定残棋赌骗当胜终]局$")
# a court written short where no Chinese character stands before it: matched at the text's start,
# and after the character before it (the engine leaps to those instead of trying a look-behind at
# every character; no match ends in one, so the character never lies inside the match before)
_SHORT_COURT = re.compile(r"(?P<name>(?P<place>(?:[\u4e00-\u9fff]{2,3}、){1,8}[\u4e00-\u9fff]{2,3}等?|[\u4e00-\u9fff]{2,4})法院)(?!工作|系统|干警|人|的)")
_SHORT_COURT_AFTER = re.compile(r"[^\u4e00-\u9fff]" + _SHORT_COURT.pattern)
_NOT_COURT_PLACE = re.compile(r"[全各我本该两级基层人民兄弟地方专门所在每其个了的对发挥现显将为和与及是入]|上级|上下|中院|高院|一些|部分|有的|多家|法|^(?:省|市|县|区)")
# 中央 standing alone in a list of leading bodies (贯彻中央、省委决策部署): the CPC Central Committee
_CENTRE = fast(r"(?<![\u4e00-\u9fff])中央(?=、|和省委|决策|部署)|(?<=贯彻|落实|按照|遵循)中央(?=、|和|决策|部署)")


def _boundary_before(text: str, pos: int) -> bool:
    """Whether a name may start at ``pos``: after punctuation, at a line start, or after a verb
    or preposition of the genre that takes a body as its object."""
    if pos == 0 or not "\u4e00" <= text[pos - 1] <= "\u9fff":
        return True
    return text[max(0, pos - 3):pos].endswith(_words("unplaced_before"))


@lru_cache(maxsize=None)
def _words(key: str) -> tuple[str, ...]:
    """A word list of the glossary, longest first (read once, not per candidate)."""
    return tuple(sorted(map(str, glossary().get(key, [])), key=len, reverse=True))


def _unplaced(ctx: Context, found: "_Found") -> None:
    """Companies, associations, hospitals named without a place (远东集团, 福喜公司)."""
    text = ctx.text
    specs = sorted(glossary().get("unplaced_heads", []), key=lambda h: -len(str(h["head"])))
    heads = "|".join(re.escape(str(h["head"])) for h in specs)
    for m in fast(f"(?:{heads})").finditer(text):
        head = m.group(0)
        if ctx.in_title(m.start()) or ctx.in_quote(m.start()) or not found.free(m.start(), m.end()):
            continue
        # the longest body of 2 to 10 characters that starts where a name may start
        start = None
        if text[m.end(): m.end() + 1] == "案":
            continue  # 恶势力犯罪集团案: a case
        for k in range(2, min(10, m.start()) + 1):
            a = m.start() - k
            if _boundary_before(text, a) and re.fullmatch(r"[\u4e00-\u9fff（）()]+", text[a:m.start()]):
                start = a
                break
        if start is None:
            continue
        name = text[start:m.end()]
        if not found.free(start, m.end()) or re.search(r"[的和与及等各该全本我]", name[:-len(head)]):
            continue
        spec = next(h for h in specs if h["head"] == head)
        found.add(OrgMention(start, m.end(), name, name, str(spec["kind"]), name, compose_en(name, ctx.places)))
        # bodies listed before it share its head (武汉火神山、雷神山医院: two hospitals)
        while text[start - 1: start] == "、":
            end_item = start - 1
            item_start = next((a for a in range(end_item - 2, max(-1, end_item - 9), -1) if _boundary_before(text, a)), None)
            if item_start is None or not re.fullmatch(r"[\u4e00-\u9fff]+", text[item_start:end_item]) or not found.free(item_start, end_item):
                break
            item = text[item_start:end_item]
            full = item + head
            found.add(OrgMention(item_start, end_item, item, full, str(spec["kind"]), full, compose_en(full, ctx.places)))
            start = item_start


def _generic_partners(ctx: Context, found: "_Found") -> None:
    """Bodies named only by their sector where the genre puts a partner (与金融监管机构…)."""
    before, heads, after = ("|".join(map(re.escape, _words(k))) for k in ("generic_partner_before", "generic_partner_heads", "generic_partner_after"))
    pattern = fast(rf"(?:{before})(?P<name>(?![该此其本这])(?:相关|有关|各类)?[\u4e00-\u9fff]{{0,4}}?(?:{heads}))(?={after})")
    for m in pattern.finditer(ctx.text):
        a, b = m.start("name"), m.end("name")
        if found.free(a, b) and not ctx.in_quote(a) and not ctx.in_title(a):
            found.add(OrgMention(a, b, m.group("name"), m.group("name"), "other", None, None, True))


def _sectors(ctx: Context, found: "_Found") -> None:
    """与税务等部门: the sector's body of the court's place."""
    text = ctx.text
    sectors: dict[str, str] = {str(k): str(v) for k, v in glossary().get("sectors", {}).items()}
    for m in _sector_pattern().finditer(text):
        pos = m.start(1)
        for word in m.group(1).split("、"):
            if found.free(pos, pos + len(word)):
                entry = _entry_for(sectors[word])
                place = ctx.places.local
                full = str(entry["full"]).format(place=place or "", province=ctx.places.province or "", city=ctx.places.city or "") if entry.get("full") and place else None
                en = str(entry.get("en") or "").replace("{place_en}", english_place(place) or "").strip() or None
                found.add(OrgMention(pos, pos + len(word), word, full or word, str(entry["kind"]), full, en))
            pos += len(word) + 1


@lru_cache(maxsize=1)
def _sector_pattern() -> re.Pattern[str]:
    """与税务、公安等部门: the sectors in group 1."""
    alt = "|".join(sorted(map(re.escape, map(str, glossary().get("sectors", {}))), key=len, reverse=True))
    # (the 与 is matched, not looked behind for, so the engine leaps to it; a match ends in 部门,
    # 单位 or 机关, so the 与 before the next never lies inside it)
    return re.compile(rf"[与同和及、]((?:{alt})(?:、(?:{alt}))*)等?(?:有关|相关)?(?:部门|单位|机关)")


def _province_start(place: str) -> bool:
    from courtgraph.extract.context import places_table

    return any(place.startswith(str(short)) for _, short, _ in places_table()["provinces"])


def _short_courts(ctx: Context, found: "_Found") -> None:
    """Other courts written short (建湖法院, 上海法院, 湖南、广西等法院)."""
    text = ctx.text
    own = set(ctx.court_short) | {ctx.court_zh}
    for m in _short_court_matches(text):
        place = m.group("place")
        name, start = m.group("name"), m.start("name")
        if name in own or ctx.in_quote(start) or ctx.in_title(start) or not found.free(start, m.end()):
            continue
        listed = "、" in place  # 甲、乙法院, 湖南、广西等法院: several courts in one phrase
        if not listed and (_NOT_COURT_PLACE.search(place) or len(place) > 3 and not _province_start(place)):
            continue
        if listed and any(_NOT_COURT_PLACE.search(p) for p in place.removesuffix("等").split("、")):
            continue
        found.add(OrgMention(start, m.end(), name, name, "court", None, compose_en(name, ctx.places), generic=listed))


def _short_court_matches(text: str) -> list[re.Match[str]]:
    """The matches of ``(?<![\u4e00-\u9fff])`` + ``_SHORT_COURT``, in order (the name in group ``name``)."""
    at_start = _SHORT_COURT.match(text)
    after = _SHORT_COURT_AFTER.finditer(text, at_start.end() if at_start else 0)
    return ([at_start] if at_start else []) + list(after)


class _Found:
    """Mentions found so far, and the characters they hold (for the passes that must not
    overlap an earlier reading)."""

    def __init__(self, size: int) -> None:
        self.items: list[OrgMention] = []
        self._marks = Marks(size)

    def add(self, mention: OrgMention) -> None:
        self.items.append(mention)
        self._marks.take(mention.start, mention.end)

    def free(self, start: int, end: int) -> bool:
        return self._marks.free(start, end)


def longest_readings(mentions: list[OrgMention]) -> list[OrgMention]:
    """Where two readings overlap (农业银行义乌江东支行 / 义乌江东支行) the longer one stands;
    the rest in text order."""
    kept: list[OrgMention] = []
    marks = Marks(max((o.end for o in mentions), default=0))
    for o in sorted(mentions, key=lambda o: (-(o.end - o.start), o.start)):
        if marks.free(o.start, o.end):
            kept.append(o)
            marks.take(o.start, o.end)
    return sorted(kept, key=lambda o: o.start)


def _merge_sub_units(ctx: Context, mentions: list[OrgMention]) -> list[OrgMention]:
    """A parent body followed at once by its unit is one body (农业银行 + 义乌江东支行)."""
    out: list[OrgMention] = []
    for o in mentions:
        prev = out[-1] if out else None
        if prev is not None and prev.end == o.start and _SUB_UNIT.fullmatch(o.text) and not prev.generic:
            name = ctx.text[prev.start:o.end]
            out[-1] = OrgMention(prev.start, o.end, name, name, o.kind, name, o.en)
            continue
        out.append(o)
    return out


def _full_place(prefix: str, places: Places) -> str:
    for value in (places.local, places.city, places.province):
        if value and prefix in (value, value[:-1]):
            return value
    from courtgraph.extract.context import places_table

    for full, short, _ in places_table()["provinces"]:
        if prefix in (full, short):
            return str(full)
    return prefix


@lru_cache(maxsize=None)
def _unplaced_name() -> tuple[list[str], re.Pattern[str]]:
    heads = [str(h["head"]) for h in glossary()["heads"]]
    return heads, re.compile(f"{_BODY}{{1,10}}?(?:" + "|".join(map(re.escape, heads)) + ")")


def generic_org_at(ctx: Context, pos: int) -> OrgMention | None:
    """A body named without a place where the genre puts a partner (与某银行支行…)."""
    heads, pattern = _unplaced_name()
    m = pattern.match(ctx.text, pos)
    if not m:
        return None
    name = m.group(0)
    head = next(h for h in heads if name.endswith(h))
    tail = _SUB_UNIT.match(ctx.text, pos + len(name))
    if tail:
        name += tail.group(0)
    info = _head_info(head)
    return OrgMention(pos, pos + len(name), name, name, str(info["kind"]), name, compose_en(name, ctx.places))


def group_mentions(mentions: list[OrgMention]) -> list[OrgEntity]:
    """One entity per distinct body, in order of first mention."""
    entities: dict[str, OrgEntity] = {}
    for m in mentions:
        entities.setdefault(m.key, OrgEntity(m.key)).mentions.append(m)
    return list(entities.values())


_FRAME = re.compile(r"在([^。；]{2,80}?)下[，,]")


def assign_roles(ctx: Context, entities: list[OrgEntity], partners: set[str]) -> None:
    """Set each entity's role: leadership > partner > supervisor > mentioned.

    * leadership and supervision inside ``在…领导下`` / ``在…监督…指导下`` frames, read from the
      keyword that follows the body inside the frame;
    * partner where a partner relation names the body;
    * supervisor where the sentence speaks of supervision (监督) of the court, or the work area
      is about supervision and the body is of a kind that supervises courts.
    """
    text = ctx.text
    frames = [(m.start(1), m.end(1)) for m in _FRAME.finditer(text)]
    frame_starts = [a for a, _ in frames]
    titles = {t.id: t.title for t in ctx.structure.themes} | {wa.id: wa.title for t in ctx.structure.themes for wa in t.children}
    supervising_kinds = {"people's-congress", "cppcc", "discipline-inspection", "court", "procuratorate", "law-firm", "business-association", "other"}
    for ent in entities:
        best = "partner" if ent.key in partners else "mentioned"
        for m in ent.mentions:
            role = "mentioned"
            k = bisect.bisect_right(frame_starts, m.start) - 1  # (frames do not overlap)
            frame = frames[k] if k >= 0 and m.start < frames[k][1] else None
            if frame:
                after = text[m.end: frame[1]]
                kw = re.search(r"领导|监督|指导|支持|关心|帮助", after)
                if kw and kw.group(0) == "领导":
                    role = "leadership"
                elif kw and kw.group(0) in ("监督", "指导"):
                    role = "supervisor"
            else:
                sentence = ctx.sentence_at(m.start).text
                area = ctx.area_at(m.start)
                lead = titles.get(area, "")
                if m.kind not in ("media", "enterprise", "university", "government") and "监督" in sentence:
                    role = "supervisor"
                elif m.kind in supervising_kinds and "监督" in lead:
                    role = "supervisor"
            if ROLE_PRIORITY[role] > ROLE_PRIORITY[best]:
                best = role
        ent.role = best
