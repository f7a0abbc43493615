"""Patterns that only try where a match can start.

The rule patterns that scan the whole text (organisation names, figures) open with optional
parts and long alternations, so the regex engine tries every alternative at every character.
Told which characters a match can start with, it skips the others in one fast scan: the
pattern is wrapped as ``(?=[FIRST])(?:PATTERN)``, which finds exactly the matches of PATTERN
(the same spans and groups, in the same order) whenever FIRST holds every character a match
of PATTERN can start with. ``tests/test_fast_paths.py`` checks that on many texts.

:func:`fast` finds FIRST by reading the pattern's parse tree (the standard library's own
parser), so a rule written in place is anchored without a list of its first characters kept
by hand; a pattern it cannot read through (a back-reference, ``.``, a negated class, a case
flag, one that can match the empty string, one that opens with global flags) is compiled as it is.
So is a pattern that opens with a character, a class or a choice of words (担任|兼任…): for those
the engine finds the places to try by itself, in a tighter loop than the anchor's look-ahead
(three times faster on a report), and the wrapping would only slow it down.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Any

__all__ = ["anchored", "first_chars", "fast", "longest_of", "matches_near", "pattern_first_chars"]


def first_chars(*words: Iterable[str]) -> str:
    """The first characters of ``words`` as the body of a character class, escaped, sorted.

    An empty word could let a match start anywhere: that is an error, not a silent miss.
    """
    chars: set[str] = set()
    for group in words:
        for word in group:
            if not word:
                raise ValueError("an empty alternative can start a match anywhere")
            chars.add(word[0])
    return "".join(re.escape(c) for c in sorted(chars))


def longest_of(words: Iterable[str]) -> str:
    """A pattern that matches, where it is tried, the longest of ``words`` that stands there.

    It matches what ``"|".join(words sorted longest first)`` matches, but written as a tree of
    shared beginnings (人(?:民(?:法院|政府)|大)…): the engine follows one branch per
    character instead of trying every word in turn. Only the longest word is the same match
    where nothing follows the alternation in the pattern (the engine never comes back to try
    a shorter word), so use it only as a pattern's last part.
    """
    tree: dict[str, Any] = {}
    for word in words:
        if not word:
            raise ValueError("an empty alternative can start a match anywhere")
        node = tree
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}  # a word ends here

    def branch(node: dict[str, Any]) -> str:
        # (the branches start with different characters, so at most one can match: their order is free)
        arms = [re.escape(ch) + branch(sub) for ch, sub in sorted(node.items()) if ch]
        if not arms:
            return ""
        body = arms[0] if len(arms) == 1 and "" not in node else "(?:" + "|".join(arms) + ")"
        return body + "?" if "" in node else body  # (greedy: a longer word is tried first)

    return branch(tree)


def matches_near(pattern: re.Pattern[str], text: str, word: str, reach: int) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)``, for a pattern whose every match holds ``word`` starting at
    most ``reach`` characters after the match's start, and that opens with no fixed word the
    engine could look for (``[\u4e00-\u9fff]{2,4}?人民法庭``, ``word`` 人民法庭, ``reach`` 4).

    The engine would try such a pattern at every character; here it is tried only at the
    ``reach + 1`` places before each ``word`` that ``str.find`` finds. Each try is a
    ``match`` at that place in the whole text (lookarounds see what they would see), and the
    places are tried in order from where the last match ended, so the matches are the same.
    """
    pos = 0
    found = text.find(word)
    while found != -1:
        for start in range(max(pos, found - reach), found + 1):
            m = pattern.match(text, start)
            if m:
                yield m
                pos = m.end()
                break
        else:
            pos = found + 1
        found = text.find(word, pos)


def anchored(pattern: str, first: str) -> re.Pattern[str]:
    """``pattern`` compiled to try only at characters of the class ``[first]``.

    ``first`` is a character-class body (``first_chars`` output, or ranges and ``\\d``); it
    must hold every character a match of ``pattern`` can start with. Group names and numbers
    are those of ``pattern``.
    """
    return re.compile(f"(?=[{first}])(?:{pattern})")


@lru_cache(maxsize=512)
def fast(pattern: str) -> re.Pattern[str]:
    """``pattern`` compiled, anchored at its first characters where :func:`pattern_first_chars` finds them."""
    first = None if _scanned_by_engine(pattern) else pattern_first_chars(pattern)
    if first:
        try:
            return anchored(pattern, first)
        except re.error:
            pass  # global flags such as (?s) must open the pattern, and the wrapping moves them
    return re.compile(pattern)


def pattern_first_chars(pattern: str) -> str | None:
    """A character-class body holding every character a match of ``pattern`` can start with,
    or ``None`` when that cannot be told from the pattern's parse tree."""
    try:
        from re import _constants as c, _parser as parser  # type: ignore[attr-defined]
    except ImportError:  # (the private modules of Python 3.11–3.13; any other: not anchored)
        return None
    try:
        tree = parser.parse(pattern)
    except re.error:
        raise
    except Exception:  # a parser of another shape than the one read here
        return None
    if tree.state.flags & (re.IGNORECASE | re.LOCALE):
        return None
    found = _sequence_first(tree.data, c)
    if found is None or found[1] or not found[0]:
        return None  # unknown, or the pattern can match the empty string anywhere
    return "".join(sorted(set(found[0])))


def _scanned_by_engine(pattern: str) -> bool:
    """Whether the regex engine skips by itself to where ``pattern`` can start: the pattern opens
    with a character, a class, or a choice whose every branch opens with a character (what
    ``re._compiler`` reads as a literal or charset prefix)."""
    try:
        from re import _constants as c, _parser as parser  # type: ignore[attr-defined]

        tree = parser.parse(pattern)
    except Exception:  # (not readable here: fast's own reading decides)
        return False
    if tree.state.flags & (re.IGNORECASE | re.LOCALE):
        return False
    items = tree.data
    while items and items[0][0] is c.SUBPATTERN:
        _group, add_flags, del_flags, sub = items[0][1]
        if add_flags or del_flags:
            return False
        items = sub.data
    if not items:
        return False
    op, av = items[0]
    if op is c.LITERAL or op is c.IN:
        return True
    return op is c.BRANCH and all(branch.data and branch.data[0][0] is c.LITERAL for branch in av[1])


def _sequence_first(items: Iterable[Any], c: Any) -> tuple[list[str], bool] | None:
    """(class parts, can the sequence match empty) of a parsed sequence, or None."""
    parts: list[str] = []
    for op, av in items:
        got = _item_first(op, av, c)
        if got is None:
            return None
        parts += got[0]
        if not got[1]:
            return parts, False
    return parts, True


_CATEGORIES = {"CATEGORY_DIGIT": r"\d", "CATEGORY_WORD": r"\w", "CATEGORY_SPACE": r"\s"}


def _item_first(op: Any, av: Any, c: Any) -> tuple[list[str], bool] | None:
    if op is c.LITERAL:
        return [re.escape(chr(av))], False
    if op is c.IN:
        parts = []
        for kind, value in av:
            if kind is c.LITERAL:
                parts.append(re.escape(chr(value)))
            elif kind is c.RANGE:
                parts.append(f"{re.escape(chr(value[0]))}-{re.escape(chr(value[1]))}")
            elif kind is c.CATEGORY and str(value) in _CATEGORIES:
                parts.append(_CATEGORIES[str(value)])
            else:  # a negated class, another category: anything may start
                return None
        return parts, False
    if op is c.BRANCH:
        parts, empty = [], False
        for alternative in av[1]:
            got = _sequence_first(alternative.data, c)
            if got is None:
                return None
            parts += got[0]
            empty = empty or got[1]
        return parts, empty
    if op is c.SUBPATTERN:
        _group, add_flags, del_flags, sub = av
        return None if add_flags or del_flags else _sequence_first(sub.data, c)
    if op in (c.MAX_REPEAT, c.MIN_REPEAT) or op is getattr(c, "POSSESSIVE_REPEAT", None):
        low, _high, sub = av
        got = _sequence_first(sub.data, c)
        return None if got is None else (got[0], got[1] or low == 0)
    if op is getattr(c, "ATOMIC_GROUP", None):
        return _sequence_first(av.data, c)
    if op in (c.AT, c.ASSERT, c.ASSERT_NOT):
        return [], True  # consumes nothing: the first character comes after it
    return None
