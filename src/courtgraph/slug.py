"""Readable, stable, collision-free IRI segments from Chinese names.

A slug is the tone-less pinyin of the name, for people to read, followed by a short digest
of the name itself, so that names the pinyin cannot tell apart still get different IRIs:
山西省 and 陕西省 differ only in tone, 廉心 and 连心 not even in that (both lián xīn).
Whether a name has a homophone depends on every other name there is, so the digest is
always there: a slug depends on its own name alone, and no IRI changes when another
report is added. The same name always gives the same slug, so an agency or initiative
keeps its IRI across runs and across a court's reports of different years.

Slugs hold only ``a-z``, ``0-9`` and ``-``: no character needs escaping in an IRI, in
Turtle or in SPARQL, so any IRI the tool prints can be pasted into a query unchanged.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache

__all__ = ["slug", "name_digest", "MAX_SLUG", "DIGEST_LENGTH"]

MAX_SLUG = 60  # the readable part; the digest comes on top
DIGEST_LENGTH = 8
_ASCII_RUN = re.compile(r"[a-z0-9]+")


def name_digest(name: str) -> str:
    """The first ``DIGEST_LENGTH`` hex digits of the SHA-256 of the NFKC form of ``name``.

    NFKC makes full-width and half-width spellings of one name (``ＡＩ`` and ``AI``) one
    name, as they are to a reader. 32 bits: two names that also share their pinyin
    collide with odds of one in four billion.

    >>> name_digest("德清县人民法院") == name_digest("德清县人民法院")
    True
    """
    text = unicodedata.normalize("NFKC", name)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:DIGEST_LENGTH]


@lru_cache(maxsize=65536)
def slug(name: str) -> str:
    """Lower-case tone-less pinyin of ``name`` (ASCII letters and digits kept, everything else
    dropped), cut at ``MAX_SLUG`` characters, then ``-`` and ``name_digest(name)``.

    >>> slug("德清县人民法院").rsplit("-", 1)[0]
    'de-qing-xian-ren-min-fa-yuan'
    >>> slug("山西省") != slug("陕西省")
    True
    """
    from pypinyin import Style, lazy_pinyin  # heavy dictionary load: only when IRIs are minted

    text = unicodedata.normalize("NFKC", name)
    tokens: list[str] = []
    for piece in lazy_pinyin(text, style=Style.NORMAL, errors="default"):
        tokens.extend(_ASCII_RUN.findall(piece.lower()))
    readable = "-".join(tokens)[:MAX_SLUG].rstrip("-")
    digest = name_digest(name)
    # a name with nothing transliterable (only punctuation) is its digest alone
    return f"{readable}-{digest}" if readable else digest
