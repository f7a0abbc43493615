"""Quantities: every number with a unit, what it measures, and how it changed.

Number spans are found with our own patterns first; only those spans are converted
(cn2an for Chinese numerals), so set phrases such as 三位一体 or “四项建设” are never read
as counts. A year-on-year change (同比上升25.39%) or a rank (增幅全省第一) belongs to the
quantity before it; a paired list (同比分别增长18.28%、9.9%) to the quantities before it in
order. A quantity is attached to the initiative its sentence names before it, otherwise
to the work area (or the summary, T0) it stands in.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from courtgraph.extract.context import ByStart, Context, Marks, lexicon
from courtgraph.extract.prefixed import anchored, fast, first_chars

__all__ = ["MetricMention", "ChangeMention", "find_metrics", "to_number"]

_ARABIC = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"  # 6,532 has a thousands separator
_CHINESE = r"[零一二两三四五六七八九十百千]+"
# (compiled here, not looked up in the re module's cache at each of a report's hundreds of figures)
_ARABIC_WHOLE = re.compile(_ARABIC)
_OWNED = re.compile(r"的([\u4e00-\u9fff]{2,12}?)(?=[，。；、]|$)")
_APPROX_BEFORE = {"超过": "超", "超": "超", "逾": "超", "近": "近", "约": "约"}


# what follows the ordinal of a session or a term (五次会议, 四次、五次全会, 十三届)
_ORDINAL_AFTER = re.compile(r"次(?:、[零一二三四五六七八九十]+次)*(?:会议|全会|全体会议|党代会)|届")
# verbs whose object is what a following count counts (推进226项任务, 有11项指标)
_COUNTING_VERBS = ("推进", "组织", "有", "帮助", "指导", "培训", "走访", "发出", "覆盖", "惠及", "促进", "推动", "完成", "落实", "吸纳", "选派", "聘请", "选聘", "安排", "新增", "引入", "发布", "出台", "制定", "建成")


@dataclass
class ChangeMention:
    value: float
    unit_zh: str
    direction: str
    basis: str
    start: int
    end: int


@dataclass
class MetricMention:
    start: int  # the number (with its qualifiers) and unit
    end: int
    value: float | int
    unit_zh: str
    approx: str | None
    measure: str = ""
    measure_start: int = 0
    measure_end: int = 0
    change: ChangeMention | None = None
    rank: tuple[str, int, int] | None = None
    attached_to: str | None = None
    unit: str | None = None
    value_normalized: float | int | None = None


def to_number(text: str) -> float | int:
    """``'24.8'`` → 24.8, ``'10093'`` → 10093, ``'三十'`` → 30 (only ever called on number spans)."""
    if _ARABIC_WHOLE.fullmatch(text):
        plain = text.replace(",", "")
        return float(plain) if "." in plain else int(plain)
    import cn2an

    value = cn2an.cn2an(text, "smart")
    return int(value) if float(value).is_integer() else float(value)


@lru_cache(maxsize=4096)  # the same measures recur through a report; the answer depends on the text alone
def measure_en(measure: str) -> str | None:
    """English for a measure when every character of it is a known phrase, else ``None``.

    ``审结刑事案件`` -> ``criminal cases concluded``: an opening verb goes after its object.
    """
    lex = lexicon()
    verbs: dict[str, str] = dict(lex.get("measure_verbs", {}))
    words: dict[str, str] = dict(lex.get("measure_words", {}))
    text = re.sub(r"\s", "", measure)
    if not text:
        return None
    if text in words:
        return words[text]
    for verb in sorted(verbs, key=len, reverse=True):
        if text.startswith(verb) and text[len(verb):] in words:
            return f"{words[text[len(verb):]]} {verbs[verb]}"
    return None


def _units() -> dict[str, dict[str, Any]]:
    return dict(lexicon()["units"])


@lru_cache(maxsize=None)
def _pattern() -> re.Pattern[str]:
    units = sorted(_units(), key=len, reverse=True)
    cn_units = sorted(map(str, lexicon()["chinese_numeral_units"]), key=len, reverse=True)
    pre = "|".join(sorted(map(re.escape, lexicon()["approx_before"]), key=len, reverse=True))
    unit_alt = "|".join(re.escape(u) for u in units if u not in ("万", "亿"))
    cn_alt = "|".join(map(re.escape, cn_units))
    # a match starts with an approximation word, a digit, a Chinese numeral or 百分之
    first = first_chars(map(str, lexicon()["approx_before"]), _CHINESE[1:-2], "百") + r"\d"
    return anchored(
        rf"(?P<pre>{pre})?"
        rf"(?:(?P<num>{_ARABIC})(?P<mid>余|多)?(?P<mult>万|亿)?(?P<mid2>余|多)?(?P<unit>{unit_alt})"
        rf"|(?P<cnum>{_CHINESE})(?P<cmid>余|多)?(?P<cunit>{cn_alt})"
        rf"|百分之(?P<pnum>{_CHINESE}(?:点[零一二三四五六七八九]+)?)"
        # a figure in ten-thousands before the noun it counts, with no classifier (为8万业主纾困)
        rf"|(?P<bnum>{_ARABIC})(?P<bmid>余|多)?(?P<bare>万|亿)(?P<bmid2>余|多)?(?=[\u4e00-\u9fff]))"
        r"(?P<post>余|以上|左右)?",
        first,
    )


@lru_cache(maxsize=None)
def _change_words() -> tuple[str, str]:
    """Alternations of the change verbs and of the units, longest first."""
    verbs = lexicon()["change_verbs"]
    allv = "|".join(sorted(map(re.escape, verbs["up"] + verbs["down"]), key=len, reverse=True))
    units = "|".join(sorted(map(re.escape, _units()), key=len, reverse=True))
    return allv, units


@lru_cache(maxsize=None)
def _change_pattern() -> re.Pattern[str]:
    allv, units = _change_words()
    val = rf"{_ARABIC}(?:{units})"
    bases = str(lexicon()["change_bases"])
    return fast(rf"(?P<basis>{bases})?(?P<each>分别)?(?P<verb>{allv})了?(?P<vals>{val}(?:(?:[、，和及]|以及)(?:{allv})?了?{val})*)")


@lru_cache(maxsize=None)
def _change_item() -> re.Pattern[str]:
    """One figure of a change, with its own verb where a paired list gives one (…、下降5%)."""
    allv, units = _change_words()
    return re.compile(rf"({allv})?了?({_ARABIC})({units})")


def find_metrics(ctx: Context, initiatives: list[tuple[int, int, str]], court_names: list[str]) -> list[MetricMention]:
    """Every quantity, with change, rank, measure and attachment.

    ``initiatives`` are ``(start, end, id)`` of initiative mentions, for attachment.
    """
    text = ctx.text
    lex = lexicon()
    units = _units()
    idioms = tuple(map(str, lex["numeral_idioms"]))
    changes: list[tuple[int, int, re.Match[str]]] = [(m.start(), m.end(), m) for m in _change_pattern().finditer(text)]
    in_changes = Marks(len(text))
    for a, b, _ in changes:
        in_changes.take(a, b)
    metrics: list[MetricMention] = []
    for m in _pattern().finditer(text):
        num_start = m.start("num") if m.group("num") else m.start("cnum") if m.group("cnum") else m.start("bnum") if m.group("bnum") else m.start()
        if in_changes.covered(num_start, num_start + 1) or ctx.in_quote(num_start) or ctx.in_title(num_start):
            continue
        if num_start > 0 and text[num_start - 1] in "第第.·" or text[num_start - 1: num_start].isdigit():
            continue
        if m.group("pnum"):
            number, unit_zh, mid, mult = m.group("pnum"), "%", None, ""
        elif m.group("bnum"):
            number, unit_zh, mid, mult = m.group("bnum"), m.group("bare"), m.group("bmid") or m.group("bmid2"), ""
        elif m.group("cnum"):
            if text.startswith(idioms, num_start) or text.startswith(idioms, max(0, num_start - 1)):
                continue
            if num_start > 0 and re.match(r"[\u4e00-\u9fff]", text[num_start - 1]) and text[num_start - 1] in "这那每某首周星":
                continue
            if _ORDINAL_AFTER.match(text, m.end("cnum")):
                continue  # 五次会议, 十三届: the ordinal of a session, not a count
            number, unit_zh, mid = m.group("cnum"), m.group("cunit"), m.group("cmid")
            mult = ""
        else:
            number, unit_zh, mid, mult = m.group("num"), m.group("unit"), m.group("mid") or m.group("mid2"), m.group("mult") or ""
        if unit_zh in ("年", "月", "日"):
            continue
        try:
            value = to_number(number)
        except (ValueError, KeyError, TypeError):
            continue
        pre = m.group("pre") or ""
        approx = _APPROX_BEFORE.get(pre)
        if mid or m.group("post"):
            approx = "余" if (mid or m.group("post")) in ("余", "多") else m.group("post")
        written_unit = mult + unit_zh
        info = units.get(written_unit) or units.get(unit_zh) or {}
        factor = float(info.get("factor", 1)) * (10000 if mult == "万" else 100000000 if mult == "亿" else 1) if written_unit not in units else float(info.get("factor", 1))
        normalized = value * factor
        normalized = round(normalized, 6)
        if float(normalized).is_integer():
            normalized = int(normalized)
        start = m.start() if approx in ("超", "近", "约") else num_start
        end = m.end()
        metrics.append(
            MetricMention(
                start, end, value, written_unit, approx,
                unit=str(info.get("unit")) if info else None,
                value_normalized=normalized,
            )
        )
    _measures(ctx, metrics, court_names)
    metrics = sorted(metrics + _changes(ctx, metrics, changes), key=lambda x: x.start)
    _ranks(ctx, metrics)
    # the owner is the last initiative (in the order given) that starts in the figure's sentence
    # and ends before it; looked up among the initiatives starting there, not all of them
    by_start = sorted(range(len(initiatives)), key=lambda n: initiatives[n][0])
    starts = [initiatives[n][0] for n in by_start]
    for met in metrics:
        s = ctx.sentence_at(met.start)
        lo, hi = bisect.bisect_left(starts, s.norm_start), bisect.bisect_right(starts, met.start)
        owner = max((n for n in by_start[lo:hi] if initiatives[n][1] <= met.start), default=None)
        met.attached_to = initiatives[owner][2] if owner is not None else ctx.area_at(met.start)
    return metrics


def _measures(ctx: Context, metrics: list[MetricMention], court_names: list[str]) -> None:
    text = ctx.text
    lex = lexicon()
    # tuples, longest first: tried one by one below, and all at once by str.startswith/endswith
    prefixes = tuple(sorted([*map(str, lex["measure_strip_prefix"]), *court_names], key=len, reverse=True))
    suffixes = tuple(sorted(map(str, lex["measure_strip_suffix"]), key=len, reverse=True))
    prev: MetricMention | None = None
    for met in metrics:
        c_start, c_end = ctx.clause_bounds(met.start)
        seg_start = c_start
        if prev is not None and c_start <= prev.end <= met.start:
            # after the previous figure, or after the noun it counted (7个镇（街道）、287个村)
            seg_start = prev.measure_end if prev.measure_start == prev.end and prev.measure_end <= met.start else prev.end
            if text[seg_start: seg_start + 1] == "、":
                seg_start += 1
        raw_start, raw_end = seg_start, met.start
        seg = text[raw_start:raw_end]
        changed = True
        while changed and seg:
            changed = False
            if not seg.startswith(prefixes) and not seg.endswith(suffixes):
                break  # (the loops below would change nothing: most figures' segments)
            for p in prefixes:
                if seg.startswith(p) and len(seg) > len(p):
                    seg, raw_start, changed = seg[len(p):], raw_start + len(p), True
            for s in suffixes:
                if seg.endswith(s) and len(seg) > len(s):
                    seg, raw_end, changed = seg[: -len(s)], raw_end - len(s), True
        follows = text[met.end: met.end + 1]
        noun_after = bool(follows) and ("\u4e00" <= follows <= "\u9fff" or follows == "“") and follows not in "余多以左同比较"
        # the noun after the classifier is what is counted where nothing before names it: the
        # segment is short, prepositional, or only says where (覆盖全区7个镇, 帮助47家企业)
        scope_only = len(seg) <= 3 or seg.startswith(("在", "为", "向", "对", "帮助", "推动", "指导")) or seg.endswith(("全区", "全市", "全县", "全省", "全国", "辖区", "等") + _COUNTING_VERBS)
        owned = _OWNED.match(text[met.end:c_end])
        if prev is not None and seg_start == prev.end and not seg.strip() and prev.end == met.start:
            # a compound count (9件11人): the second number measures the same thing
            met.measure, met.measure_start, met.measure_end = prev.measure, prev.measure_start, prev.measure_end
        elif owned and met.unit_zh == "%":
            # 77.6%的民事纠纷: the share is of the noun after 的
            met.measure, met.measure_start, met.measure_end = owned.group(1), met.end + 1, met.end + owned.end()
        elif noun_after and scope_only:
            # number, classifier, noun (帮助47家企业, 覆盖7个镇（街道）、287个村（社区））: the noun after is counted
            stop = text.find("、", met.end, c_end)
            if stop == -1:
                stop = max(met.end, c_end)
            met.measure, met.measure_start, met.measure_end = text[met.end:stop], met.end, stop
        elif prev is not None and seg_start == prev.end and not seg.strip():
            # a compound count (20件22人): the second number measures the same thing
            met.measure, met.measure_start, met.measure_end = prev.measure, prev.measure_start, prev.measure_end
        elif len(seg) >= 2:
            met.measure, met.measure_start, met.measure_end = seg, raw_start, raw_end
        else:
            tail_end = c_end
            tail = text[met.end:tail_end]
            met.measure, met.measure_start, met.measure_end = tail, met.end, tail_end
        prev = met


def _changes(ctx: Context, metrics: list[MetricMention], changes: list[tuple[int, int, re.Match[str]]]) -> list[MetricMention]:
    """Attach each change to the figure it changes; a change whose figure the text does not
    give (未结案件同比下降16%, 适用率提高22.70个百分点) is returned as a quantity of its own."""
    verbs = lexicon()["change_verbs"]
    alone: list[MetricMention] = []
    at = ByStart(metrics, lambda x: x.start)
    for a, b, m in changes:
        s = ctx.sentence_at(a)
        before = [x for x in at.between(s.norm_start, a) if x.change is None]
        orphan = not before
        if before and not m.group("basis") and before[-1].end < a - 1:
            orphan = True  # without 同比 and the like, only a change right after its figure counts
        paired = bool(m.group("each")) and len(before) >= len(_change_item().findall(m.group("vals"))) > 1
        if not orphan and not paired:
            # (分别 pairs a list of changes with the figures before it, whatever stands between)
            gap = ctx.text[before[-1].end:a]
            clause_start = max(gap.rfind("，"), gap.rfind("；"), gap.rfind("、"))
            orphan = "；" in gap or bool(re.search(r"[\u4e00-\u9fff]", gap[clause_start + 1:] if clause_start >= 0 else gap))
        if orphan:
            # the change of something the text gives no figure for: the change is the figure
            if not at.between(m.start(), m.end()):
                alone += _change_alone(ctx, m)
            continue
        items = _change_item().findall(m.group("vals"))
        if len(items) > 1 and not m.group("each"):
            items = items[:1]  # 上升5%，…: without 分别 only the first figure is this change
        targets = before[-len(items):] if len(items) > 1 else before[-1:]
        verb = m.group("verb")
        for met, (own_verb, v, u) in zip(targets, items):
            verb = own_verb or verb
            direction = "up" if verb in verbs["up"] else "down"
            met.change = ChangeMention(to_number(v), u, direction, m.group("basis") or "", a, b)
    return alone


def _change_alone(ctx: Context, m: re.Match[str]) -> list[MetricMention]:
    """Quantities for a change stated without its figure; the measure is the clause up to and
    including the change verb (未结案件同比下降)."""
    text = ctx.text
    units = _units()
    c_start, _ = ctx.clause_bounds(m.start())
    out: list[MetricMention] = []
    pos = m.start("vals")
    for item in _change_item().finditer(m.group("vals")):
        v, u = item.group(2), item.group(3)
        start = pos + item.start(2)
        measure_end = pos + item.start(2)
        info = units.get(u) or {}
        value = to_number(v)
        met = MetricMention(start, pos + item.end(), value, u, None, unit=str(info.get("unit")) if info else None, value_normalized=value)
        seg = text[c_start:measure_end]
        met.measure, met.measure_start, met.measure_end = seg, c_start, measure_end
        out.append(met)
    return out


def _ranks(ctx: Context, metrics: list[MetricMention]) -> None:
    text = ctx.text
    # (tried only at the characters a rank can start with: unanchored, the engine tries it at every character)
    pattern = fast(str(lexicon()["rank_pattern"]))
    at = ByStart(metrics, lambda x: x.start)
    for m in pattern.finditer(text):
        if ctx.in_quote(m.start()):
            continue
        s = ctx.sentence_at(m.start())
        before = [x for x in at.between(s.norm_start, m.start()) if x.rank is None]
        if not before:
            continue
        target = before[-1]
        gap = text[target.end: m.start()]
        if target.change is not None:
            gap = text[target.change.end: m.start()]
        if len(gap) > 3 or any(ch in gap for ch in "。；"):
            continue
        target.rank = (m.group(0), m.start(), m.end())
