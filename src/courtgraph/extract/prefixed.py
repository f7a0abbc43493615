"""Patterns that only try where a match can start.

The rule patterns that scan the whole text (organisation names, figures) open with optional
parts and long alternations, so the regex engine tries every alternative at every character.
Told which characters a match can start with, it skips the others in one fast scan: the
pattern is wrapped as ``(?=[FIRST])(?:PATTERN)``, which finds exactly the matches of PATTERN
(the same spans and groups, in the same order) whenever FIRST holds every character a match
of PATTERN can start with. ``tests/test_fast_paths.py`` checks that on many texts.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

__all__ = ["anchored", "first_chars"]


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


def anchored(pattern: str, first: str) -> re.Pattern[str]:
    """``pattern`` compiled to try only at characters of the class ``[first]``.

    ``first`` is a character-class body (``first_chars`` output, or ranges and ``\\d``); it
    must hold every character a match of ``pattern`` can start with. Group names and numbers
    are those of ``pattern``.
    """
    return re.compile(f"(?=[{first}])(?:{pattern})")
