"""Which court, which year, which places: read from the text, overridden by a metadata file."""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from courtgraph.extract.context import Places, english_place, places_table
from courtgraph.extract.prefixed import matches_near
from courtgraph.model import Report, ReportInfo
from courtgraph.structure import Structure

__all__ = ["find_report_info"]

_FULL_COURT = re.compile(r"([\u4e00-\u9fff]{2,8}?(?:自治县|县|市|区|旗))人民法院")
_SHORT_COURT = re.compile(r"(?<![\u4e00-\u9fff])([\u4e00-\u9fff]{2,3}?)法院")
_NOT_A_PLACE = {
    "上级", "全国", "全省", "全市", "全县", "全区", "人民", "基层", "各级", "中级", "高级", "国际", "我", "本",
    "两级", "省", "市", "县", "区", "地方", "专门", "铁路", "海事", "知识产权", "互联网", "金融", "各地", "兄弟",
}
# the intermediate court names the city: 苏州中院, 黄山市中级人民法院
_INTERMEDIATE = re.compile(r"([\u4e00-\u9fff]{2,3}?)市?(?:中院|中级人民法院)")
# words that open a phrase, not a place (我代表区人民法院, 一些县人民法院)
_NOT_A_PLACE_START = re.compile(r"^(?:我|代表|一些|部分|有的|所有|各|全|其他|相关|基层|该|本|向|在)")
# the court that speaks: "我代表X向大会报告工作" names it; else the first court named in full
_SPEAKER = re.compile(r"代表([\u4e00-\u9fff]{2,20}?法院)(?:向|作)")
_COURT_LEVELS = (
    ("supreme", re.compile(r"最高人民法院")),
    ("high", re.compile(r"([\u4e00-\u9fff]{2,8}?(?:省|自治区|市))高级人民法院")),
    ("intermediate", re.compile(r"([\u4e00-\u9fff]{2,6}?(?:市|州|盟|地区))(?:第[一二三四五]|铁路运输)?中级人民法院")),
    ("maritime", re.compile(r"([\u4e00-\u9fff]{2,3}?)海事法院")),
    ("basic", _FULL_COURT),
)
# what every match of each level's pattern contains, and ends with
_COURT_ENDINGS = {"supreme": "最高人民法院", "high": "高级人民法院", "intermediate": "中级人民法院", "maritime": "海事法院", "basic": "人民法院"}
# how far after a match's start that ending may start (the longest place and qualifiers the pattern
# allows): the patterns are tried only that far before each ending, not at every character
_COURT_REACH = {"supreme": 0, "high": 11, "intermediate": 12, "maritime": 3, "basic": 11}


def find_report_info(report: Report, structure: Structure, metadata: dict[str, Any] | None = None) -> tuple[ReportInfo, Places, list[str]]:
    """The report's court, year and places, and the short names the text uses for the court."""
    meta = dict(metadata or {})
    text = report.text
    provinces = places_table()["provinces"]

    local: str | None = meta.get("county_zh")
    court_zh: str | None = meta.get("court_zh")
    short: str | None = None
    if court_zh and not local:
        m = _FULL_COURT.fullmatch(court_zh)
        local = m.group(1) if m else None
    level = "basic"
    if not court_zh:
        found = _named_court(structure.title + "\n" + text)
        if found:
            court_zh, local, level = found
    if not court_zh:
        # a court that only calls itself 市中级人民法院 / 省高级人民法院: the place comes below
        placeless = re.search(r"[市省]?(?:中级|高级)人民法院", text)
        if placeless:
            court_zh, local, level = placeless.group(0), "", "high" if "高级" in placeless.group(0) else "intermediate"
    if not court_zh or level == "basic" and not local:
        counts = Counter(
            m.group(1)
            for m in _SHORT_COURT.finditer(text)
            if m.group(1) not in _NOT_A_PLACE and not _NOT_A_PLACE_START.match(m.group(1)) and not m.group(1).endswith("人民")
            and not re.search(r"[被等和与及的在为对将了是]", m.group(1))
            and not any(m.group(1) in (p[0], p[1]) for p in provinces)
        )
        if counts:
            short = counts.most_common(1)[0][0]
            found_place = re.search(re.escape(short) + r"(自治县|县|市|区|旗)", text)
            said = court_zh[0] if court_zh and court_zh[0] in "区县市" else "县"  # (我代表区人民法院: a district)
            local = short + (found_place.group(1) if found_place else said)
            court_zh = local + "人民法院"
    if local and not short:
        short = local[:-1] if len(local) > 2 else local

    if level in ("high", "intermediate") and court_zh and not local:
        # the court named without its place: the city or province is the one the text names most
        if level == "intermediate":
            local = meta.get("city_zh") or _find_city(text, None) or _any_city(text)
        else:
            local = _province_by_votes(text)
        if local:
            court_zh = local + court_zh.lstrip("省市区")
    if level == "high" and local:
        city = meta.get("city_zh")
        province = meta.get("province_zh") or next((str(full) for full, abbr, _ in provinces if local in (full, abbr)), local)
    else:
        city = meta.get("city_zh") or (local if level in ("intermediate", "maritime") else _find_city(text, local))
        province = meta.get("province_zh") or _province_of(city) or _province_of(local)
    if not province:
        province = _province_by_votes(text)

    year = meta.get("year") or _find_year(structure, text)

    court_en = meta.get("court_en") or _court_en(local)
    names = [n for n in [court_zh, f"{short}法院" if short else None, f"{local}法院" if local else None, "我院", "本院", "全院", "我们", "该院"] if n]
    if city and local and city != local and court_zh and not court_zh.startswith(city):
        names.append(city + court_zh)  # 惠州市惠城区人民法院, the same court written with its city
    names += _LEVEL_NAMES.get(level, []) + [f"{short}{n}" for n in _LEVEL_SHORT.get(level, []) if short]
    county = local
    parent = re.fullmatch(r"([\u4e00-\u9fff]{2,4}?市)([\u4e00-\u9fff]{2,5}[区县])", local or "")
    if parent:  # a district named with its city (佛山市南海区): the city is known, the county is the district
        county = parent.group(2)
        city = city if meta.get("city_zh") else parent.group(1)
    info = ReportInfo(
        court_zh=court_zh or "",
        court_en=court_en,
        year=int(year) if year else None,
        province_zh=province,
        city_zh=city,
        # (a court above the basic level sits in its city or province, not in a county)
        county_zh=meta.get("county_zh") or (county if level == "basic" else None),
        source=report.path,
        sha256=report.sha256,
        level=meta.get("level") or (level if court_zh else None),
    )
    return info, Places(local=local, local_short=short, city=city, province=province), names


# what the genre calls a court of that level when it speaks of itself
_LEVEL_NAMES = {"intermediate": ["市中级人民法院", "市中级法院", "市中院", "中院"], "high": ["省法院", "省高院", "省高级人民法院", "区高级人民法院"]}
_LEVEL_SHORT = {"intermediate": ["中院", "中级法院"], "high": ["高院"], "maritime": ["海事法院"]}


def _named_court(text: str) -> tuple[str, str, str] | None:
    """(court name, its own place, level) of the reporting court, read from the text.

    The speaker's line names it (我代表江苏省高级人民法院向大会报告工作); otherwise the first
    court written in full. A basic court's place is its county; an intermediate or maritime
    court's the city; a high court's the province.
    """
    speaker = _SPEAKER.search(text[:600])
    if speaker and re.fullmatch(r"[区县市]人民法院", speaker.group(1)):
        return speaker.group(1), "", "basic"  # 我代表区人民法院…: the place is read below
    if speaker and re.fullmatch(r"(?:[省市区]|自治区)?(?:高级|中级)人民法院", speaker.group(1)):
        # 我代表市中级人民法院…: the level is said, the place is read from the rest of the text
        named = speaker.group(1)
        return named, "", "high" if "高级" in named else "intermediate"
    sources = ([speaker.group(1)] if speaker else []) + [text]
    for source in sources:
        best: tuple[int, str, str, str] | None = None
        for level, pattern in _COURT_LEVELS:
            if _COURT_ENDINGS[level] not in source:
                continue  # no name of that level can match: the pattern need not try every character
            for m in matches_near(pattern, source, _COURT_ENDINGS[level], _COURT_REACH[level]):
                if level == "basic" and ("中级" in m.group(0) or "高级" in m.group(0)):
                    continue
                place = m.group(1) if m.groups() else ""
                if level == "basic" and (place in _NOT_A_PLACE or _NOT_A_PLACE_START.match(place)) or not _known_place(level, place):
                    continue
                if best is None or m.start() < best[0]:
                    best = (m.start(), m.group(0), place, level)
                break
        if best:
            _, name, place, level = best
            if level == "basic":
                # the same court written with its city (惠州市惠城区人民法院) is its full name
                # (looked for before each place where 市 + name is written, not in the whole text per city)
                after = _occurrences(text, "市" + name)
                with_city = [c + "市" + name for c in _cities() if any(q >= len(c) and text.startswith(c, q - len(c)) for q in after)]
                if with_city:
                    name = max(with_city, key=len)
            if level == "maritime":
                place = place + "市"
            if level == "supreme":
                place = ""
            return name, place, level
    return None


def _occurrences(text: str, part: str) -> list[int]:
    """Every offset where ``part`` starts in ``text``, overlapping ones included."""
    found: list[int] = []
    pos = text.find(part)
    while pos >= 0:
        found.append(pos)
        pos = text.find(part, pos + 1)
    return found


def _known_place(level: str, place: str) -> bool:
    """A high court's place is a province, an intermediate or maritime court's a known city."""
    if level == "high":
        return any(place in (full, abbr) or place.rstrip("省市") == abbr for full, abbr, _ in places_table()["provinces"])
    if level in ("intermediate", "maritime"):
        return place.rstrip("市州盟") in _cities() or place.removesuffix("地区") in _cities()
    return True


def _cities() -> dict[str, str]:
    """Short city name -> province."""
    return {c: prov for prov, names in places_table()["cities"].items() for c in names}


def _province_of(place: str | None) -> str | None:
    if not place:
        return None
    cities = _cities()
    stem = place[:-1] if place[-1] in "市州盟" else place
    return cities.get(stem)


def _find_city(text: str, local: str | None) -> str | None:
    """The prefecture-level city: from the intermediate court (苏州中院), else the first known city named."""
    cities = _cities()
    for m in _INTERMEDIATE.finditer(text):
        for k in range(len(m.group(1))):
            stem = m.group(1)[k:]
            if stem in cities:
                return stem + "市"
    local_stem = local[:-1] if local else None
    best: tuple[int, str] | None = None
    for stem in cities:
        if stem == local_stem:
            continue
        # only a place before the best so far can win: the searches stop there instead of
        # reading the whole text once or twice for each of the hundreds of cities
        bound = len(text) if best is None else best[0]
        pos = text.find(stem + "市", 0, bound + len(stem))
        if pos < 0:
            pos = text.find(stem, 0, bound + len(stem) - 1)
            # the bare stem counts only where the text never writes stem + 市 (found anywhere,
            # that one is at or after the best, so this city does not win)
            if pos < 0 or stem + "市" in text or not re.match(r"(中院|法院|地区|两级)", text[pos + len(stem):pos + len(stem) + 2]):
                continue
        if best is None or pos < best[0]:
            best = (pos, stem + "市")
    return best[1] if best else None


def _province_by_votes(text: str) -> str | None:
    """The province whose short name the text uses most, if it uses any."""
    votes: Counter[str] = Counter()
    for full, abbr, _ in places_table()["provinces"]:
        votes[str(full)] += text.count(str(abbr))
    best = votes.most_common(1)
    return best[0][0] if best and best[0][1] > 0 else None


def _any_city(text: str) -> str | None:
    """The first known city named anywhere (保障铁岭振兴发展), for a court that names only its level."""
    found = [(text.find(stem), stem) for stem in _cities() if len(stem) >= 2 and stem in text]
    return min(found)[1] + "市" if found else None


def _find_year(structure: Structure, text: str) -> int | None:
    """The year the work covers: the first year not followed by a month (a delivery date),
    else the year before the delivery date."""
    opening = "\n".join([structure.title] + [structure.paragraphs[i].text for i in structure.summary[:4]] + [text[:400]])
    m = re.search(r"((?:19|20)\d\d)年(?!\d{1,2}月)", opening)
    if m:
        return int(m.group(1))
    m = re.search(r"((?:19|20)\d\d)年\d{1,2}月", opening)
    return int(m.group(1)) - 1 if m else None


def _court_en(local: str | None) -> str | None:
    """德清县 -> Deqing County People's Court; 邹城市 -> Zoucheng Municipal People's Court."""
    if not local:
        return None
    if local.endswith("市"):
        return f"{english_place(local).removesuffix(' City')} Municipal People's Court"  # type: ignore[union-attr]
    return f"{english_place(local)} People's Court"
