"""Which court, which year, which places: read from the text, overridden by a metadata file."""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from courtgraph.extract.context import Places, english_place, places_table
from courtgraph.model import Report, ReportInfo
from courtgraph.structure import Structure

__all__ = ["find_report_info"]

_FULL_COURT = re.compile(r"([\u4e00-\u9fff]{2,8}?(?:自治县|县|市|区|旗))人民法院")
_SHORT_COURT = re.compile(r"([\u4e00-\u9fff]{2,3}?)法院")
_NOT_A_PLACE = {
    "上级", "全国", "全省", "全市", "全县", "全区", "人民", "基层", "各级", "中级", "高级", "国际", "我", "本",
    "两级", "省", "市", "县", "区", "地方", "专门", "铁路", "海事", "知识产权", "互联网", "金融", "各地", "兄弟",
}
# the intermediate court names the city: 苏州中院, 黄山市中级人民法院
_INTERMEDIATE = re.compile(r"([\u4e00-\u9fff]{2,3}?)市?(?:中院|中级人民法院)")


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
    if not court_zh:
        for source in (structure.title, text):
            m = _FULL_COURT.search(source)
            if m and "中级" not in m.group(0) and "高级" not in m.group(0):
                court_zh, local = m.group(0), m.group(1)
                break
    if not court_zh:
        counts = Counter(
            m.group(1)
            for m in _SHORT_COURT.finditer(text)
            if m.group(1) not in _NOT_A_PLACE and not any(m.group(1) in (p[0], p[1]) for p in provinces)
        )
        if counts:
            short = counts.most_common(1)[0][0]
            found = re.search(re.escape(short) + r"(自治县|县|市|区|旗)", text)
            local = short + (found.group(1) if found else "县")
            court_zh = local + "人民法院"
    if local and not short:
        short = local[:-1] if len(local) > 2 else local

    city = meta.get("city_zh") or _find_city(text, local)
    province = meta.get("province_zh") or _province_of(city) or _province_of(local)
    if not province:
        votes: Counter[str] = Counter()
        for full, abbr, _ in provinces:
            votes[full] += text.count(abbr)
        if votes and votes.most_common(1)[0][1] > 0:
            province = votes.most_common(1)[0][0]

    year = meta.get("year") or _find_year(structure, text)

    court_en = meta.get("court_en") or _court_en(local)
    names = [n for n in [court_zh, f"{short}法院" if short else None, "我院", "本院", "全院", "我们"] if n]
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
        county_zh=meta.get("county_zh") or county,
        source=report.path,
        sha256=report.sha256,
    )
    return info, Places(local=local, local_short=short, city=city, province=province), names


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
        pos = text.find(stem + "市")
        if pos < 0:
            pos = text.find(stem)
            if pos < 0 or not re.match(r"(中院|法院|地区|两级)", text[pos + len(stem):pos + len(stem) + 2]):
                continue
        if best is None or pos < best[0]:
            best = (pos, stem + "市")
    return best[1] if best else None


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
