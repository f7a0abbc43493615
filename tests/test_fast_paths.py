"""The extractor's fast paths give what the plain ways of doing the same thing give.

Each fast path (a pattern told where a match can start, clause bounds by bisection, the city
search that stops at the best place so far) is checked against a simple reference on many
texts: the seed, the real reports in tests/data, synthetic reports from bench/synth.py, and
random mixtures of the characters the rules react to.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from courtgraph.extract import metrics, organizations, report_info
from courtgraph.extract.context import Context, Places, places_table
from courtgraph.extract.prefixed import anchored, first_chars, longest_of, matches_near
from courtgraph.ingest import read_report
from synthetic import synth

ROOT = Path(__file__).resolve().parents[1]


def _real_texts() -> list[str]:
    paths = [ROOT / "seeds" / "deqing-court-2024.txt", *sorted((ROOT / "tests" / "data" / "dev-reports").glob("*.txt"))]
    return [p.read_text(encoding="utf-8") for p in paths]


def _synthetic_texts(count: int = 12) -> list[str]:
    generator = synth()
    return [generator.generate_report(i, seed=11)[1] for i in range(count)]


def _mixtures(alphabet: str, count: int = 60, seed: int = 3) -> list[str]:
    """Random strings over the characters a pattern reacts to, with some common ones besides."""
    r = random.Random(seed)
    pool = alphabet + "的和与在，。；、“”0123456789.%万亿余多件人项个家法院县市区省人民政府委员会\n "
    return ["".join(r.choice(pool) for _ in range(r.randint(1, 400))) for _ in range(count)]


def _word_mixtures(source: str, count: int = 60, seed: int = 5) -> list[str]:
    """Random strings of the pattern's own words (its runs of Chinese characters and their
    pieces) among common characters, digits and the punctuation rules look behind for: random
    characters alone seldom spell a word a pattern needs."""
    r = random.Random(seed)
    words = re.findall(r"[\u4e00-\u9fff]+", source)
    pieces = [w[:i] for w in words for i in range(1, len(w))] + [w[i:] for w in words for i in range(1, len(w))]
    filler = list("的和与同及在，。；、+%0123456789法院县人民中心") + ["\n", " "]
    if not words:
        return []

    def token() -> str:
        roll = r.random()
        return r.choice(words) if roll < 0.6 else r.choice(pieces or words) if roll < 0.75 else r.choice(filler)

    return ["".join(token() for _ in range(r.randint(1, 150))) for _ in range(count)]


def _inner(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """The pattern ``anchored`` wrapped, compiled plainly: the reference."""
    source = pattern.pattern
    assert source.startswith("(?=[") and source.endswith(")")
    return re.compile(source[source.index("])(?:") + len("])(?:") : -1])


def _matches(pattern: re.Pattern[str], text: str) -> list[tuple[tuple[int, int], dict[str, str | None]]]:
    return [(m.span(), m.groupdict()) for m in pattern.finditer(text)]


_PLACES = [
    Places("德清县", "德清", "湖州市", "浙江省"),
    Places("惠城区", "惠城", "惠州市", "广东省"),
    Places("邹城市", "邹城", "济宁市", "山东省"),
    Places(None, None, None, None),
]


def _patterns() -> list[tuple[str, re.Pattern[str]]]:
    out = [("figures", metrics._pattern())]
    for places in _PLACES:
        out.append((f"listed bodies of {places.local}", organizations._glossary_pattern(places)))
        out.append((f"bodies by head noun of {places.local}", organizations._head_pattern(places)))
    return out


@pytest.mark.parametrize("name,pattern", _patterns(), ids=lambda v: v if isinstance(v, str) else "")
def test_a_pattern_tried_only_where_a_match_can_start_finds_the_same_matches(name: str, pattern: re.Pattern[str]) -> None:
    plain = _inner(pattern)
    alphabet = "".join(sorted({c for c in plain.pattern if "\u4e00" <= c <= "\u9fff"}))
    texts = _real_texts() + _synthetic_texts() + _mixtures(alphabet)
    for text in texts:
        assert _matches(pattern, text) == _matches(plain, text)
    # and the texts did exercise the pattern
    assert sum(len(_matches(plain, t)) for t in texts) > 50


def test_patterns_anchored_by_their_parse_tree_find_the_same_matches(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Every pattern the extractor passes through ``fast`` (recorded while it extracts the
    texts) finds with its anchor what it finds compiled plainly."""
    from courtgraph.extract import extract, initiatives
    from courtgraph.extract.prefixed import fast

    seen: list[str] = [organizations._CENTRE.pattern.split("])(?:", 1)[1][:-1]]
    # (recorded: no pattern is in the cache yet when the call comes through the recorder)
    fast.cache_clear()
    metrics._change_pattern.cache_clear()

    def recorder(pattern: str) -> re.Pattern[str]:
        seen.append(pattern)
        return fast(pattern)

    for module in (organizations, metrics, initiatives):
        monkeypatch.setattr(module, "fast", recorder)
    texts = _real_texts() + _synthetic_texts()
    for i, text in enumerate(texts):
        target = tmp_path / f"t{i}.txt"
        target.write_text(text, encoding="utf-8")
        extract(read_report(target))
    patterns = sorted(set(seen))
    assert len(patterns) >= 8, patterns
    anchored_ones = 0
    for source in patterns:
        quick, plain = fast(source), re.compile(source)
        anchored_ones += quick.pattern != source
        alphabet = "".join(sorted({c for c in source if "\u4e00" <= c <= "\u9fff"}))
        found = 0
        for text in texts + _mixtures(alphabet, count=20) + _word_mixtures(source):
            expected = _matches(plain, text)
            assert _matches(quick, text) == expected, source
            found += len(expected)
        assert found >= 3, f"the texts hardly exercise {source[:80]}"  # (so the comparison can fail)
    assert anchored_ones >= 4  # (those that open with a word list are left plain: see prefixed.fast)


def test_the_linkage_pattern_finds_what_it_finds_unanchored() -> None:
    """The linkage models' pattern (府院联动, 法院+工会) is tried only where a side starts or a +
    stands two characters on; it finds what the pattern without that finds."""
    from courtgraph.extract.context import lexicon
    from courtgraph.extract.initiatives import _linkage_pattern

    linkage = "|".join(map(re.escape, map(str, lexicon()["linkage_sides"])))
    quick = _linkage_pattern(linkage)
    marker = "|..\\+)(?:"
    assert marker in quick.pattern  # anchored: otherwise there is nothing to compare
    plain = re.compile(quick.pattern[quick.pattern.index(marker) + len(marker):-1])
    found = 0
    for text in _real_texts() + _synthetic_texts() + _word_mixtures(plain.pattern + "联动对接工会网格党建机制模式", count=80):
        expected = _matches(plain, text)
        assert _matches(quick, text) == expected
        if "+" not in text:  # (the sides alone, for a text with no +)
            assert _matches(_linkage_pattern(linkage, plus=False), text) == expected
        found += len(expected)
    assert found >= 20


def test_the_first_characters_read_from_a_pattern() -> None:
    from courtgraph.extract.prefixed import fast, pattern_first_chars

    assert pattern_first_chars(r"(?:同比|环比|(?:较|与)上年)?(?P<each>分别)?(?:增长|下降)了?\d+%") == "下与分同增环较"
    assert pattern_first_chars(r"(?<=我院|本院)(?:审判庭|法庭)(?!庭)") == "审法"
    assert pattern_first_chars(r"(?:^|(?<=[，。]))[一-十]{2}中心") == "一-十"
    # what cannot start anywhere in particular is left as it is
    for source in (r"甲?", r"(?i)abc", r".法院", r"[^，]{2}法院", r"(甲)?\1", r"(?:甲|)乙?"):
        assert pattern_first_chars(source) is None, source
        assert fast(source).pattern == source
    assert fast(r"(?:增长|下降)?了\d+%").pattern == "(?=[下了增])(?:(?:增长|下降)?了\\d+%)"
    # what the engine already finds the places of (a word, a class, a choice of words) is left as it is
    for source in (r"担任|兼任", r"(?:担任|兼任)[^，]{0,4}?副校长", r"(?P<n>甲|乙)丙", r"法院|检察院", r"[甲乙]丙?"):
        assert fast(source).pattern == source, source
    # a rule file's pattern may open with global flags, which must stay at its start
    for source in (r"(?s)中央.决策", r"(?m)^中央", r"(?x) 中 央"):
        text = "贯彻中央\n决策\n中央部署"
        assert [m.span() for m in fast(source).finditer(text)] == [m.span() for m in re.finditer(source, text)], source
    assert [m.span() for m in fast(r"(?s)中央.决策").finditer("中央\n决策")] == [(0, 5)]


def test_anchored_keeps_group_names_and_numbers() -> None:
    pattern = anchored(r"(?P<a>甲|乙)(丙)?", first_chars("甲乙"))
    m = pattern.search("丁乙丙")
    assert m is not None and m.span() == (1, 3) and m.group("a") == "乙" and m.group(2) == "丙"


def test_first_chars_refuses_an_empty_alternative() -> None:
    with pytest.raises(ValueError):
        first_chars(["法院", ""])
    assert first_chars("县市", ["区政府", "省委"]) == "区县市省"


def test_the_longest_of_words_finds_what_the_alternation_longest_first_finds() -> None:
    from courtgraph.extract.context import glossary

    word_lists = [
        sorted({str(n) for e in glossary()["agencies"] for n in e["names"]}),
        [str(h["head"]) for h in glossary()["heads"]],
        ["人", "人大", "人民", "人民法院", "法", "法院", "院"],
    ]
    for words in word_lists:
        flat = re.compile("(?P<w>" + "|".join(map(re.escape, sorted(words, key=len, reverse=True))) + ")")
        tree = re.compile("(?P<w>" + longest_of(words) + ")")
        texts = _real_texts() + _synthetic_texts() + _word_mixtures("|".join(words)) + _mixtures("".join(sorted(set("".join(words)))))
        for text in texts:
            assert _matches(tree, text) == _matches(flat, text)
        assert sum(len(_matches(flat, t)) for t in texts) > 50
    # (the heads are written longer before shorter where one begins another: the order the
    # alternation tried them in gave the longest, as the tree does)
    heads = word_lists[1]
    assert not [(a, b) for i, a in enumerate(heads) for b in heads[i + 1:] if b.startswith(a)]
    with pytest.raises(ValueError):
        longest_of(["法院", ""])


def test_matches_found_from_the_word_they_hold_are_the_pattern_s_matches() -> None:
    cases = [
        (organizations._TRIBUNAL, "人民法庭", 4),
        (re.compile(r"(?<![\u4e00-\u9fff])([\u4e00-\u9fff]{0,3}?)法院(?!工作)"), "法院", 3),
        (re.compile(r"(?:^|(?<=[，。]))[^，。]{1,2}?(?:法庭|法院)"), "法", 2),
    ]
    for pattern, word, reach in cases:
        texts = _real_texts() + _synthetic_texts() + _word_mixtures(pattern.pattern) + _mixtures(word + "人民法庭院")
        for text in texts:
            found = [(m.span(), m.groups()) for m in matches_near(pattern, text, word, reach)]
            assert found == [(m.span(), m.groups()) for m in pattern.finditer(text)], pattern.pattern
        assert sum(len(_matches(pattern, t)) for t in texts) > 50


def test_facilities_opened_are_found_from_the_marks_before_them() -> None:
    from courtgraph.extract.context import lexicon
    from courtgraph.extract.initiatives import _facilities_opened

    outcomes = "|".join(map(re.escape, lexicon()["facility_outcomes"]))
    looked_behind = re.compile(r"(?:^|(?<=[，。；\n]))(?P<np>[^\s，。；：“”《》]{2,12}?(?:中心|法庭|工作室|基地|驿站|调解室))(?P<out>(?:正式)?(?:" + outcomes + "))")
    texts = _real_texts() + _synthetic_texts() + _word_mixtures(looked_behind.pattern) + _mixtures("中心法庭工作室基地正式投入使用建成揭牌")
    for text in texts:
        assert [(m.span("np"), m.groupdict()) for m in _facilities_opened(text)] == [(m.span("np"), m.groupdict()) for m in looked_behind.finditer(text)]
    assert sum(len(_facilities_opened(t)) for t in texts) > 50
    # at the very start, and right after a match
    assert [m.group("np") for m in _facilities_opened("调解中心投入使用，诉讼服务中心建成；甲乙基地揭牌")] == ["调解中心", "诉讼服务中心", "甲乙基地"]


def test_one_match_says_whether_an_honour_s_head_follows() -> None:
    from courtgraph.extract.initiatives import _AWARD_AFTER, _award_follows, _head_lists

    award_heads = _head_lists()[1]
    rests = _word_mixtures("|".join(award_heads), count=300) + _mixtures("".join(award_heads), count=300)
    rests += [r[i:] for r in rests[:100] for i in range(1, 6)]
    hits = 0
    for rest in rests:
        looped = any(rest.startswith(ah) or (ah in _AWARD_AFTER and _AWARD_AFTER[ah].match(rest)) for ah in award_heads)
        assert bool(_award_follows().match(rest)) == looped, rest
        hits += looped
    assert 50 < hits < len(rests) - 50


def test_short_courts_are_found_from_the_character_before_them() -> None:
    looked_behind = re.compile(r"(?<![\u4e00-\u9fff])" + organizations._SHORT_COURT.pattern)
    texts = _real_texts() + _synthetic_texts() + _word_mixtures("湖南、广西等法院|建湖法院|上海|法院工作", count=200) + _mixtures("湖南广西等、法院建")
    for text in texts:
        found = [(m.span("name"), m.groupdict()) for m in organizations._short_court_matches(text)]
        assert found == [(m.span("name"), m.groupdict()) for m in looked_behind.finditer(text)]
    assert sum(len(organizations._short_court_matches(t)) for t in texts) > 50
    assert [m.group("name") for m in organizations._short_court_matches("建湖法院、湖南、广西等法院")] == ["建湖法院", "湖南、广西等法院"]


def test_the_court_s_own_tribunals_are_found_from_the_court_before_them() -> None:
    from courtgraph.extract.initiatives import _OWN_TRIBUNAL

    looked_behind = re.compile(r"(?<=我院|本院|该院)(?P<name>[\u4e00-\u9fff]{2,4}?(?:审判庭|法庭))(?!庭)")
    texts = _real_texts() + _synthetic_texts() + _word_mixtures("我院|本院|该院|三沙法庭|审判庭|庭", count=200)
    for text in texts:
        assert [(m.span("name"), m.groupdict()) for m in _OWN_TRIBUNAL.finditer(text)] == [(m.span(), m.groupdict()) for m in looked_behind.finditer(text)]
    assert sum(len(looked_behind.findall(t)) for t in texts) > 50


def test_sectors_are_found_from_the_word_before_them() -> None:
    matched = organizations._sector_pattern()
    looked_behind = re.compile("(?<=[与同和及、])" + matched.pattern[len("[与同和及、]"):])
    r = random.Random(11)
    sectors = re.findall(r"[\u4e00-\u9fff]+", matched.pattern.split(")(?:、", 1)[0])
    pieces = [*sectors, *"与同和及、等", "有关", "部门", "单位", "机关", "法院", "，"]
    texts = _real_texts() + _synthetic_texts() + ["".join(r.choice(pieces) for _ in range(r.randint(1, 40))) for _ in range(400)]
    for text in texts:
        assert [(m.span(1), m.groups()) for m in matched.finditer(text)] == [(m.span(1), m.groups()) for m in looked_behind.finditer(text)]
    assert sum(len(looked_behind.findall(t)) for t in texts) > 50


def test_courts_written_in_full_are_found_from_their_endings() -> None:
    from re import _parser  # type: ignore[attr-defined]

    r = random.Random(13)
    pieces = ["德清", "湖州", "浙江", "内蒙古", "宁夏回族", "自治", "县", "市", "区", "旗", "省", "州", "盟", "地区", "第二", "铁路运输",
              "人民法院", "高级人民法院", "中级人民法院", "海事法院", "最高人民法院", "的", "，"]
    texts = _real_texts() + _synthetic_texts() + ["".join(r.choice(pieces) for _ in range(r.randint(1, 30))) for _ in range(1500)]
    for level, pattern in report_info._COURT_LEVELS:
        word, reach = report_info._COURT_ENDINGS[level], report_info._COURT_REACH[level]
        # every match ends with the ending, which starts at most ``reach`` after the match's start
        assert pattern.pattern.endswith(word) and _parser.parse(pattern.pattern).getwidth()[1] == reach + len(word), level
        found = 0
        for text in texts:
            expected = [(m.span(), m.groups()) for m in pattern.finditer(text)]
            assert [(m.span(), m.groups()) for m in matches_near(pattern, text, word, reach)] == expected, level
            found += len(expected)
        assert found > 50, level


def _walked_clause_bounds(ctx: Context, pos: int) -> tuple[int, int]:
    """The clause around ``pos`` found by walking character by character (the reference)."""
    text = ctx.text
    s = ctx.sentence_at(pos)
    start, end = s.norm_start, s.norm_end
    a = pos
    while a > start and not (text[a - 1] in "，；：,;:" and not ctx.in_quote(a - 1)):
        a -= 1
    b = pos
    while b < end and not (text[b] in "，；。：！？,;:" and not ctx.in_quote(b)):
        b += 1
    return a, b


def _contexts(tmp_path: Path) -> list[Context]:
    from courtgraph.extract.report_info import find_report_info
    from courtgraph.structure import find_structure, split_sentences

    texts = _real_texts()[:6] + _synthetic_texts(4)
    # quotes and clause marks packed close together, inside and outside quotes
    r = random.Random(5)
    texts.append("".join(r.choice("甲乙丙，；：。“”,;:！？\n") for _ in range(3000)))
    out = []
    for i, text in enumerate(texts):
        path = tmp_path / f"t{i}.txt"
        path.write_text(text, encoding="utf-8")
        report = read_report(path)
        structure = find_structure(report)
        info, places, names = find_report_info(report, structure, {})
        out.append(Context(report, structure, split_sentences(report, structure.paragraphs), places, info.court_zh, names))
    return out


def test_clause_bounds_by_bisection_agree_with_walking_the_clause(tmp_path: Path) -> None:
    for ctx in _contexts(tmp_path):
        for pos in range(len(ctx.text) + 1):
            assert ctx.clause_bounds(pos) == _walked_clause_bounds(ctx, pos), pos


def _find_city_reference(text: str, local: str | None) -> str | None:
    """Every city searched for in the whole text (the reference for report_info._find_city)."""
    cities = report_info._cities()
    for m in report_info._INTERMEDIATE.finditer(text):
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
            if pos < 0 or not re.match(r"(中院|法院|地区|两级)", text[pos + len(stem) : pos + len(stem) + 2]):
                continue
        if best is None or pos < best[0]:
            best = (pos, stem + "市")
    return best[1] if best else None


def test_the_city_search_that_stops_early_finds_the_city_the_full_search_finds() -> None:
    cities = sorted(report_info._cities())
    r = random.Random(9)
    texts = _real_texts() + _synthetic_texts(6)
    for _ in range(600):
        # city names (with and without 市, followed or not by 法院 or 中院) among filler
        pieces = []
        for _ in range(r.randint(0, 6)):
            stem = r.choice(cities)
            pieces.append(r.choice(["", "在", "，", "推进"]) + stem + r.choice(["", "市", "法院", "中院", "地区", "两级", "市区", "的"]))
        texts.append(r.choice(["工作", ""]).join(pieces) or "无")
    for text in texts:
        for local in (None, "德清县", "惠城区", r.choice(cities) + "县"):
            assert report_info._find_city(text, local) == _find_city_reference(text, local)


def test_occurrences_lists_every_start_overlapping_ones_included() -> None:
    r = random.Random(4)
    for _ in range(200):
        text = "".join(r.choice("市甲乙") for _ in range(r.randint(0, 60)))
        part = "".join(r.choice("市甲乙") for _ in range(r.randint(1, 3)))
        assert report_info._occurrences(text, part) == [i for i in range(len(text)) if text.startswith(part, i)]


def test_every_city_named_in_the_places_table_is_known() -> None:
    # the city search above draws its names from the table: make sure it is not empty
    assert len(report_info._cities()) > 100 and places_table()["provinces"]


def _looped_sentences(report, paragraphs):  # type: ignore[no-untyped-def]
    """Sentences found by a loop over every character (the reference for split_sentences)."""
    from courtgraph.ingest import _CLOSERS, TERMINALS
    from courtgraph.structure import _sentence

    out = []
    for p in paragraphs:
        text = p.text
        start = 0
        i = 0
        while i < len(text):
            if text[i] in TERMINALS:
                j = i + 1
                while j < len(text) and text[j] in _CLOSERS:
                    j += 1
                out.append(_sentence(report, p, start, j, len(out)))
                start = j
                i = j
                continue
            i += 1
        if text[start:].strip():
            out.append(_sentence(report, p, start, len(text), len(out)))
    return out


def test_sentences_split_by_pattern_are_those_a_character_loop_finds(tmp_path: Path) -> None:
    from courtgraph.structure import find_structure, split_sentences

    r = random.Random(6)
    texts = _real_texts() + _synthetic_texts(3)
    texts += ["".join(r.choice("甲乙 。！？!?”’」』）)】》\n") for _ in range(r.randint(1, 300))) for _ in range(40)]
    for i, text in enumerate(texts):
        path = tmp_path / f"s{i}.txt"
        path.write_text(text, encoding="utf-8")
        report = read_report(path)
        paragraphs = find_structure(report).paragraphs
        assert split_sentences(report, paragraphs) == _looped_sentences(report, paragraphs)


# characters that normalisation treats specially: full-width forms, compatibility ideographs and
# other singletons, a letter NFC splits in two, combining marks, controls, line and page breaks
_AWKWARD = "１２ＡＢａｂ％\u00a0\u3000\t豈\uf900\u2126\u0958e\u0301\u0308\u0001\u007f\u0085\r\n\u2028\u2029\x0c\x0b「」\" 甲乙，。"


def _awkward_texts(count: int = 300) -> list[str]:
    r = random.Random(8)
    texts = []
    for n in range(count):
        # half without controls or combining marks (the fast path), half with
        pool = _AWKWARD if n % 2 else "".join(c for c in _AWKWARD if c not in "\u0301\u0308\u0001\u007f\u0085")
        texts.append("".join(r.choice(pool) for _ in range(r.randint(0, 120))))
    return texts


def _looped_lines(chars: list[tuple[str, int]]) -> list[tuple[list[tuple[str, int]], int]]:
    """Lines found by a loop over every character (the reference for _split_lines)."""
    lines: list[tuple[list[tuple[str, int]], int]] = []
    current: list[tuple[str, int]] = []
    for ch, off in chars:
        if ch == "\r":
            continue
        if ch in "\n\u2028\u2029\x0c\x0b":
            lines.append((current, off))
            current = []
        else:
            current.append((ch, off))
    lines.append((current, -1))
    return lines


def _looped_curly_quotes(chars: list[tuple[str, int]]) -> list[tuple[str, int]]:
    from courtgraph.ingest import is_cjk

    out = [("“", o) if c == "「" else ("”", o) if c == "」" else (c, o) for c, o in chars]
    start = 0
    for end in [k for k, (c, _) in enumerate(out) if c == "\n"] + [len(out)]:
        marks = [k for k in range(start, end) if out[k][0] == '"']
        if marks and len(marks) % 2 == 0 and any(is_cjk(out[k][0]) for k in range(start, end)):
            for n, k in enumerate(marks):
                out[k] = ("“" if n % 2 == 0 else "”", out[k][1])
        start = end + 1
    return out


def test_normalising_a_text_at_once_gives_what_normalising_it_run_by_run_gives() -> None:
    from courtgraph import ingest

    for raw in _awkward_texts() + _real_texts():
        chars = ingest._nfc_chars(raw)
        assert chars == ingest._nfc_runs(raw)
        lines = ingest._split_lines(chars)
        assert [(ln.chars, ln.newline_at) for ln in lines] == _looped_lines(chars)
        assert [ln.text for ln in lines] == ["".join(c for c, _ in chars_) for chars_, _ in _looped_lines(chars)]
        assert ingest._curly_quotes(chars) == _looped_curly_quotes(chars)


def test_the_views_vis_records_are_those_pyvis_makes(seed_graph) -> None:  # type: ignore[no-untyped-def]
    from pyvis.network import Network

    from courtgraph.viz import page
    from courtgraph.viz.graph import to_view_graph

    view = to_view_graph(seed_graph[1])
    records = page._vis_network(view, 7, page._opening_edges(view))
    original = page._VisRecords
    try:
        page._VisRecords = lambda: Network(directed=True, cdn_resources="in_line", height="100%", width="100%")  # type: ignore[assignment,misc,return-value]
        made_by_pyvis = page._vis_network(view, 7, page._opening_edges(view))
    finally:
        page._VisRecords = original  # type: ignore[misc]
    assert records.nodes == made_by_pyvis.nodes and records.edges == made_by_pyvis.edges
    assert len(records.nodes) > 50 and len(records.edges) > 50
    assert page._pyvis_folder() == str(Path(__import__("pyvis").__file__).parent)


def test_collection_is_paused_within_the_block_and_restored_as_found() -> None:
    import gc

    from courtgraph.gcpause import collection_paused

    assert gc.isenabled()
    with collection_paused():
        assert not gc.isenabled()
        with collection_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the inner block found it off and leaves it off
    assert gc.isenabled()
    gc.disable()
    try:
        with collection_paused():
            pass
        assert not gc.isenabled()  # a caller that turned it off keeps it off
    finally:
        gc.enable()
    with pytest.raises(RuntimeError), collection_paused():
        raise RuntimeError("an error inside the block still restores the collector")
    assert gc.isenabled()


def test_what_a_promoting_block_keeps_is_old_at_once_and_still_collectable() -> None:
    # Paused, every object the block made counts as young, and the next two collections walk
    # them all (about 45 ms of the seed's build, pypinyin's dictionaries among them): promoted,
    # they skip those walks, and a full collection still frees a cycle among them
    import gc
    import weakref

    from courtgraph.gcpause import collection_paused

    class Node:
        pass

    def young(obj: object) -> bool:
        return any(o is obj for generation in (0, 1) for o in gc.get_objects(generation=generation))

    gc.collect()
    with collection_paused(promote=True):
        kept = [[n] for n in range(1000)]
        cycle = Node()
        cycle.self = cycle  # type: ignore[attr-defined]
        gone = weakref.ref(cycle)
    assert gc.isenabled() and gc.get_freeze_count() == 0
    assert not young(kept) and not young(kept[-1]) and not young(cycle)
    assert any(o is kept for o in gc.get_objects(generation=2))
    del cycle
    gc.collect()
    assert gone() is None

    with collection_paused():  # without promote the block's objects stay young
        plain = [[n] for n in range(10)]
    assert young(plain)
    with pytest.raises(RuntimeError), collection_paused(promote=True):
        failed = [[n] for n in range(10)]
        raise RuntimeError("a block that fails promotes nothing")
    assert young(failed)

    # a caller that froze objects of its own: unfreezing would thaw them, so nothing is promoted
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        with collection_paused(promote=True):
            later = [[n] for n in range(10)]
        assert gc.get_freeze_count() == frozen and young(later)
    finally:
        gc.unfreeze()


def _collections_during(work: Callable[[], None]) -> int:
    """How many cyclic collections ran while ``work()`` ran, with the collector set to run at
    nearly every allocation (so a step that does not pause it is certain to be seen)."""
    import gc

    runs = 0

    def seen(phase: str, info: dict[str, int]) -> None:
        nonlocal runs
        runs += phase == "start"

    threshold = gc.get_threshold()
    gc.callbacks.append(seen)
    gc.set_threshold(1, 1, 1)
    try:
        work()
    finally:
        gc.set_threshold(*threshold)
        gc.callbacks.remove(seen)
    return runs


def test_no_collection_runs_while_a_report_s_triples_are_written_or_its_view_drawn(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The writer makes a tuple and terms a triple, the view millions of objects at corpus scale,
    # and neither frees them before it ends: the collector's passes over them cost the writer
    # 30-45 % of its time and the opening view a quarter (bench/results.md section 11)
    import contextlib
    import gc

    import courtgraph.gcpause
    from courtgraph.build import _write_quads, _write_view
    from courtgraph.extract import extract_report
    from courtgraph.rdf import ntriples_lines, report_triples

    extraction = extract_report(ROOT / "seeds" / "deqing-court-2024.txt")
    made: list[Any] = []
    quads, page = tmp_path / "seed.nq", tmp_path / "seed.html"

    def write() -> None:
        made.append(report_triples(extraction))

    def draw() -> None:
        _write_view(quads, page, opening_only=False)

    write()
    graph, triples = made[0]
    with open(quads, "w", encoding="utf-8", newline="\n") as handle:
        _write_quads(handle, ntriples_lines(triples), graph)
    draw()  # (what drawing imports is imported before the collections are counted)
    paused = (_collections_during(write), _collections_during(draw))
    monkeypatch.setattr(courtgraph.gcpause, "collection_paused", lambda **_: contextlib.nullcontext())
    running = (_collections_during(write), _collections_during(draw))
    # (the few left when paused come from the lines around the two steps)
    assert running[0] > 1000 and running[1] > 1000, running
    assert paused[0] < 20 and paused[1] < 20, paused
    assert len(made[0][1]) > 3000 and made[0][1] == made[1][1] == made[2][1]
    assert "德清县人民法院" in page.read_text(encoding="utf-8") and gc.isenabled()


def test_a_court_level_is_looked_for_only_in_texts_that_hold_its_ending() -> None:
    # every match of a level's pattern holds the ending the search checks for first
    samples = ["浙江省高级人民法院", "湖州市中级人民法院", "宁波海事法院", "德清县人民法院", "最高人民法院", "北京市第一中级人民法院"]
    texts = _real_texts() + _synthetic_texts(4) + samples
    found = 0
    for level, pattern in report_info._COURT_LEVELS:
        for text in texts:
            for m in pattern.finditer(text):
                assert report_info._COURT_ENDINGS[level] in m.group(0)
                found += 1
    assert found > 20
