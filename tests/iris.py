"""The IRIs the tests name, written from the scheme of docs/graph-contract.md.

A slug is pinyin a person can read, then ``-`` and the first 8 hex digits of the SHA-256
of the NFKC form of the Chinese name. The tests spell the pinyin by hand and work out the
digest here with hashlib, independently of ``courtgraph.slug``.
"""

from __future__ import annotations

import hashlib
import unicodedata

D = "https://w3id.org/courtgraph/id/"


def seg(pinyin: str, name: str) -> str:
    """The IRI segment of ``name``, whose pinyin is ``pinyin``."""
    digest = hashlib.sha256(unicodedata.normalize("NFKC", name).encode("utf-8")).hexdigest()[:8]
    return f"{pinyin}-{digest}"


COURT = seg("de-qing-xian-ren-min-fa-yuan", "德清县人民法院")
COURT_IRI = f"{D}court/{COURT}"
REPORT_IRI = f"{D}report/{COURT}/2024"
PROCURATORATE_IRI = f"{D}org/" + seg("de-qing-xian-ren-min-jian-cha-yuan", "德清县人民检察院")
AIXIN_IRI = f"{D}initiative/{COURT}/" + seg("ai-xin-tian-ping", "爱心天平")
