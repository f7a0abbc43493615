"""Readable, stable IRI segments from Chinese names: tone-less pinyin joined by ``-``.

The same name always gives the same slug, so the same agency or initiative keeps its IRI
across runs and across a court's reports of different years.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache

__all__ = ["slug", "MAX_SLUG"]

MAX_SLUG = 60
_ASCII_RUN = re.compile(r"[a-z0-9]+")


@lru_cache(maxsize=65536)
def slug(name: str) -> str:
    """Lower-case pinyin of ``name``; ASCII letters and digits kept, everything else dropped.

    Slugs longer than ``MAX_SLUG`` are cut and suffixed with 8 hex digits of the SHA-1 of the
    full name, so that two long names sharing a prefix still differ.

    >>> slug("德清县人民法院")
    'de-qing-xian-ren-min-fa-yuan'
    >>> slug("“AI智慧法庭”")
    'ai-zhi-hui-fa-ting'
    """
    from pypinyin import Style, lazy_pinyin  # heavy dictionary load: only when IRIs are minted

    text = unicodedata.normalize("NFKC", name)
    tokens: list[str] = []
    for piece in lazy_pinyin(text, style=Style.NORMAL, errors="default"):
        tokens.extend(_ASCII_RUN.findall(piece.lower()))
    result = "-".join(tokens)
    digest = hashlib.sha1(name.encode("utf-8")).hexdigest()[:8]
    if not result:
        # a name with nothing transliterable (only punctuation) still needs a stable segment
        return digest
    if len(result) > MAX_SLUG:
        result = result[:MAX_SLUG].rstrip("-") + "-" + digest
    return result
