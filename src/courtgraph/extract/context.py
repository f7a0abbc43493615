"""What every fact extractor reads: the repaired text, its sentences, areas and places."""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any, Generic, TypeVar

from courtgraph.model import Report, Sentence, Span
from courtgraph.structure import SUMMARY_ID, Structure

__all__ = ["Context", "Places", "Marks", "ByStart", "lexicon", "glossary", "places_table", "english_place", "romanise"]

T = TypeVar("T")


class Marks:
    """The characters of a text that readings already hold.

    Overlap tests cost time in proportion to the stretch asked about, not to the number of
    readings found so far, so a rule that checks each new reading against the earlier ones
    stays linear in the length of the report.
    """

    def __init__(self, size: int) -> None:
        self._held = bytearray(size)

    def free(self, start: int, end: int) -> bool:
        """No character of ``[start, end)`` is held."""
        return self._held.find(1, start, end) == -1

    def covered(self, start: int, end: int) -> bool:
        """Every character of ``[start, end)`` is held (and the stretch is not empty)."""
        return end > start and self._held.find(0, start, end) == -1

    def take(self, start: int, end: int) -> None:
        self._held[start:end] = b"\x01" * max(0, end - start)


class ByStart(Generic[T]):
    """Items in order of their start offset, found by the stretch they start in."""

    def __init__(self, items: Iterable[T], start: Callable[[T], int]) -> None:
        self._items = sorted(items, key=start)
        self._starts = [start(x) for x in self._items]

    def between(self, start: int, end: int) -> list[T]:
        """The items that start in ``[start, end)``, in order."""
        return self._items[bisect.bisect_left(self._starts, start): bisect.bisect_left(self._starts, end)]


@lru_cache(maxsize=None)
def _data(name: str) -> dict[str, Any]:
    import yaml

    text = resources.files("courtgraph").joinpath("data", name).read_text(encoding="utf-8")
    # libyaml's loader when PyYAML was built with it: the rule files are read by every run
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    loaded: dict[str, Any] = yaml.load(text, Loader=loader)  # noqa: S506  # a safe loader
    return loaded


def lexicon() -> dict[str, Any]:
    return _data("lexicon.yaml")


def glossary() -> dict[str, Any]:
    return _data("organizations.yaml")


def places_table() -> dict[str, Any]:
    return _data("places.yaml")


@lru_cache(maxsize=4096)
def english_place(name: str | None) -> str | None:
    """``德清县`` -> ``Deqing County``; ``湖州市`` -> ``Huzhou City``; ``浙江省`` -> ``Zhejiang``."""
    if not name:
        return None
    m = re.fullmatch(r"([\u4e00-\u9fff]{2,4}?市)([\u4e00-\u9fff]{2,5}[区县])", name)
    if m:  # 佛山市南海区 -> Foshan Nanhai District
        return f"{english_place(m.group(1)).removesuffix(' City')} {english_place(m.group(2))}"  # type: ignore[union-attr]
    for full, short, en in places_table()["provinces"]:
        if name in (full, short):
            return str(en)
    suffixes = {"县": "County", "市": "City", "区": "District", "镇": "Town", "乡": "Township", "旗": "Banner"}
    stem, suffix = name, ""
    if name[-1] in suffixes and len(name) > 2:
        stem, suffix = name[:-1], suffixes[name[-1]]
    return f"{romanise(stem)} {suffix}".strip()


@lru_cache(maxsize=16384)
def romanise(text: str) -> str:
    """Tone-less pinyin run together and capitalised (莫干山 -> Moganshan; 融安 -> Rong'an; 绿 -> lü).

    As in standard pinyin, an apostrophe separates a syllable that starts with a, o or e.
    """
    from pypinyin import lazy_pinyin

    out = ""
    for syllable in lazy_pinyin(text, v_to_u=True):
        out += ("'" if out and syllable[:1] in ("a", "o", "e") else "") + syllable
    return out.capitalize()


@dataclass(frozen=True)
class Places:
    """Where the court sits: its own place (county, district or county-level city) and above."""

    local: str | None  # 德清县
    local_short: str | None  # 德清
    city: str | None  # 湖州市
    province: str | None  # 浙江省

    @property
    def level_char(self) -> str | None:
        return self.local[-1] if self.local else None

    def prefixes(self) -> list[str]:
        """Place names and short forms that may open an organisation's name, longest first."""
        names: set[str] = set()
        for value in (self.local, self.city, self.province):
            if value:
                names.add(value)
                if len(value) > 2:
                    names.add(value[:-1])
        for full, short, _ in places_table()["provinces"]:
            names.add(full)
            names.add(short)
        names.update(places_table()["national_prefixes"])
        return sorted(names, key=lambda s: (-len(s), s))


@dataclass
class Context:
    report: Report
    structure: Structure
    sentences: list[Sentence]
    places: Places
    court_zh: str
    court_short: list[str]  # ways the text names the reporting court (德清法院, 我院, 本院)
    quotes: list[tuple[int, int]] = field(default_factory=list)  # “…” ranges, marks included
    titles: list[tuple[int, int]] = field(default_factory=list)  # 《…》 ranges, marks included
    _starts: list[int] = field(default_factory=list)
    _sentence_of: list[int] = field(default_factory=list)  # the sentence index of each offset of the text
    _inside_quotes: bytearray = field(default_factory=bytearray)
    _inside_titles: bytearray = field(default_factory=bytearray)
    _clause_opens: list[int] | None = None  # where a clause may open: after ，；：,;: outside quotes
    _clause_closes: list[int] = field(default_factory=list)  # where one may close: at ，；。：！？,;: outside quotes

    def __post_init__(self) -> None:
        self._starts = [s.norm_start for s in self.sentences]
        # asked for a hundred thousand times in a long report: one index, not a bisection each time
        # (an offset before the first sentence is the first's; one between two, the earlier's)
        if self._starts:
            ends = self._starts[1:] + [len(self.report.text) + 1]
            self._sentence_of = [0] * max(0, ends[0])
            for k in range(1, len(self._starts)):
                self._sentence_of += [k] * (ends[k] - self._starts[k])
        self.quotes = _pairs(self.report.text, "“", "”")
        self.titles = _pairs(self.report.text, "《", "》")
        # asked for at almost every character of a clause scan: one lookup, not a scan of all pairs
        self._inside_quotes = _inside(len(self.report.text), self.quotes)
        self._inside_titles = _inside(len(self.report.text), self.titles)

    @property
    def text(self) -> str:
        return self.report.text

    def sentence_at(self, pos: int) -> Sentence:
        if 0 <= pos < len(self._sentence_of):
            return self.sentences[self._sentence_of[pos]]
        i = bisect.bisect_right(self._starts, pos) - 1
        return self.sentences[max(i, 0)]

    def area_at(self, pos: int) -> str:
        s = self.sentence_at(pos)
        return self.structure.area_of_paragraph.get(s.paragraph, SUMMARY_ID)

    def span(self, start: int, end: int) -> Span:
        return self.report.span(start, end, self.sentence_at(start).id)

    def in_quote(self, pos: int) -> bool:
        return self._inside_quotes[pos] == 1 if 0 <= pos < len(self._inside_quotes) else False

    def in_front_matter(self, pos: int) -> bool:
        """In the report's title, occasion or signature lines rather than its text."""
        return self.sentence_at(pos).paragraph in self.structure.front_matter

    def in_title(self, pos: int) -> bool:
        return self._inside_titles[pos] == 1 if 0 <= pos < len(self._inside_titles) else False

    def clause_bounds(self, pos: int) -> tuple[int, int]:
        """The clause around ``pos``: between the nearest ，；。：! before and after (quotes respected)."""
        s = self.sentence_at(pos)
        start, end = s.norm_start, s.norm_end
        if self._clause_opens is None:
            self._clause_opens, self._clause_closes = _clause_marks(self.text, self._inside_quotes)
        # found by bisection among the text's clause marks, not by walking the clause
        a = pos
        if pos > start:
            i = bisect.bisect_right(self._clause_opens, pos) - 1
            a = self._clause_opens[i] if i >= 0 and self._clause_opens[i] > start else start
        b = pos
        if pos < end:
            j = bisect.bisect_left(self._clause_closes, pos)
            b = self._clause_closes[j] if j < len(self._clause_closes) and self._clause_closes[j] < end else end
        return a, b


_CLAUSE_OPENS = "，；：,;:"
_CLAUSE_CLOSES = re.compile("[，；。：！？,;:]")


def _clause_marks(text: str, inside_quotes: bytearray) -> tuple[list[int], list[int]]:
    """The offsets just after each clause opening mark and at each closing mark, outside quotes."""
    closes = [m.start() for m in _CLAUSE_CLOSES.finditer(text) if not inside_quotes[m.start()]]
    # (every opening mark also closes a clause: read from the closing marks, not a second scan)
    opens = [pos + 1 for pos in closes if text[pos] in _CLAUSE_OPENS]
    return opens, closes


def _inside(size: int, pairs: list[tuple[int, int]]) -> bytearray:
    """1 at every position strictly inside a pair's marks (after the opening, before the closing)."""
    inside = bytearray(size)
    for a, b in pairs:
        inside[a + 1 : b - 1] = b"\x01" * max(0, b - 2 - a)
    return inside


def _pairs(text: str, open_mark: str, close_mark: str) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for m in re.finditer(re.escape(open_mark) + r"[^" + re.escape(open_mark + close_mark) + r"\n]{1,80}" + re.escape(close_mark), text):
        out.append((m.start(), m.end()))
    return out
