"""Documents: titles in 《》, the verb the court did with them, and their kind."""

from __future__ import annotations

from dataclasses import dataclass, field

from courtgraph.extract.context import Context

__all__ = ["DocumentMention", "find_documents"]

_ACTIONS = (
    "出台", "编印", "通过", "发送", "制定", "印发", "发布", "签订", "签署", "出具", "起草", "修订", "发出", "撰写",
    "形成", "提交", "贯彻", "学习", "实施", "落实", "完成", "编写", "汇编", "联合出台", "联合印发", "会签", "发放",
    "送达", "作出", "颁发", "推出", "制发", "下发", "报送", "呈送", "公布", "编制", "适用", "依据", "根据",
)
_KINDS = [
    ("实施意见", "implementing-opinions"),
    ("意见", "opinions"),
    ("指引", "guideline"),
    ("指南", "guideline"),
    ("报告", "report"),
    ("白皮书", "report"),
    ("令", "order"),
    ("协议", "agreement"),
    ("备忘录", "agreement"),
]


@dataclass
class DocumentMention:
    start: int  # the title marks included
    end: int
    title: str
    kind: str
    action: str | None
    action_start: int | None
    again: list[tuple[int, int]] = field(default_factory=list)  # later mentions of the same title


def find_documents(ctx: Context) -> list[DocumentMention]:
    text = ctx.text
    out: list[DocumentMention] = []
    by_title: dict[str, DocumentMention] = {}
    actions = sorted(_ACTIONS, key=len, reverse=True)
    for a, b in ctx.titles:
        title = text[a + 1: b - 1].strip()
        kind = next((k for suffix, k in _KINDS if title.endswith(suffix)), "other")
        action: str | None = None
        action_start: int | None = None
        before = text[max(0, a - 8): a]
        for verb in actions:
            idx = before.rfind(verb)
            if idx >= 0 and len(before) - idx - len(verb) <= 2 and (action_start is None or idx > action_start - (a - len(before))):
                action = verb
                action_start = a - len(before) + idx
                break
        first = by_title.get(title)
        if first is not None:  # one entry per document: 以下简称《报告》 … 《报告》指出
            first.again.append((a, b))
            if first.action is None and action is not None:
                first.action, first.action_start = action, action_start
            continue
        by_title[title] = DocumentMention(a, b, title, kind, action, action_start)
        out.append(by_title[title])
    return out
