"""Named initiatives and the partners the text ties to them.

An initiative is found in one of three ways:

* a quoted name followed by a head noun that says what it is (“爱心天平”项目,
  “e键”智能分案和工作量考核机制, “莫干天平大讲堂”等研学品牌), or a quoted name ending in
  such a noun right after a verb that sets something up (举办“…微课堂”);
* an unquoted facility, base, tribunal, studio or meeting after a verb that sets it up
  (共建原始瓷遗址司法保护基地, 召开首次县委法院工作会议), or put into use (立案与执行中心正式投入使用);
* a mechanism or agreement with a generic name that the text ties to named partner
  organisations (会同县人社局完善…工作机制, 与检察院、公安局沟通协调机制) — without a partner such
  names are routine work, not initiatives.

Partners come from the genre's constructions: a trigger (与, 联合, 会同, 携手, 推动, 指导 …)
before a list of organisations, applied to the initiatives of the same clause; a generic
agreement (签署合作协议) passes its partners on to what the sentence sets up next.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import lru_cache

from courtgraph.extract.context import ByStart, Context, Marks, lexicon
from courtgraph.extract.organizations import OrgMention, generic_org_at
from courtgraph.extract.prefixed import fast, pattern_first_chars

__all__ = ["InitiativeMention", "QuotedTerm", "find_initiatives"]

_STOP = "，。；：、（）“《》！？的"
_WINDOW = 14
_UNTIL_STOP = re.compile(f"[^{re.escape(_STOP)}]{{0,{_WINDOW}}}")


@dataclass
class InitiativeMention:
    start: int  # the mention, normalised offsets
    end: int
    name: str
    type: str
    name_start: int
    name_end: int
    partners: list[OrgMention] = field(default_factory=list)
    firsts: list[tuple[str, int, int]] = field(default_factory=list)
    outcome_text: list[tuple[str, int, int]] = field(default_factory=list)
    needs_partner: bool = False
    implied: list[tuple[str, str, str | None]] = field(default_factory=list)  # (full name, kind, English)
    run_by: list[OrgMention] = field(default_factory=list)  # other courts that ran it, named as its subject
    partner_from: int | None = None  # bodies named from here to the name co-run it (担任44所中小学校的法治副校长)



@dataclass
class QuotedTerm:
    """A quoted term that is not an initiative: a concept, or part of an award name."""

    start: int  # the quote marks included
    end: int
    name: str
    mention_end: int
    role: str  # concept | award


# matched at an offset of the whole text (pattern.match(text, pos)): slicing the text's rest
# for each match would copy it, a cost that grows with the report
_COUNTED = re.compile(r"等[0-9一二三四五六七八九十]+[个项家]")
_TAIL = re.compile(r"[\u4e00-\u9fff]{2,8}(?=[，。；])")
_ET_CETERA = re.compile(r"等(?:媒体|单位|部门|机构|高校|企业)?")
_IN_USE = re.compile(r"(?:正式)?(?:融入[^，。；]{2,20}|投入使用)")
_DIRECT = re.compile(r"(?P<np>[^\s，。；：、“”《》]{2,12}?(?:机制|协议|平台|备忘录))")


@lru_cache(maxsize=1)
def _heads() -> list[tuple[str, str]]:
    heads = [(str(h["head"]), str(h["type"])) for h in lexicon()["initiative_heads"]]
    return sorted(heads, key=lambda h: -len(h[0]))


@lru_cache(maxsize=1)
def _head_lists() -> tuple[list[str], list[str], re.Pattern[str]]:
    concept_heads = sorted(map(str, lexicon()["concept_heads"]), key=len, reverse=True)
    award_heads = sorted(map(str, lexicon()["award_heads"]), key=len, reverse=True)
    every = {h for h, _ in _heads()} | set(concept_heads) | set(award_heads)
    # where any head starts: the search below only looks at those places
    starts = re.compile("(?=" + "|".join(map(re.escape, sorted(every, key=len, reverse=True))) + ")")
    return concept_heads, award_heads, starts


@lru_cache(maxsize=None)
def _alternation(key: str) -> str:
    """A lexicon list as one regex alternation, in the list's order: escaped once, not per quote."""
    return "|".join(map(re.escape, map(str, lexicon()[key])))


@lru_cache(maxsize=1)
def _heads_by_first() -> tuple[dict[str, list[tuple[str, str]]], dict[str, list[str]], dict[str, list[str]]]:
    """The initiative, concept and award heads by their first character, each list in the order
    of the full list: at a place only the heads starting with its character are tried."""
    concept_heads, award_heads, _ = _head_lists()
    initiative: dict[str, list[tuple[str, str]]] = {}
    for h, t in _heads():
        initiative.setdefault(h[0], []).append((h, t))
    concept: dict[str, list[str]] = {}
    for h in concept_heads:
        concept.setdefault(h[0], []).append(h)
    award: dict[str, list[str]] = {}
    for h in award_heads:
        award.setdefault(h[0], []).append(h)
    return initiative, concept, award


# an honour's head a few characters after an initiative's (…法庭党支部, …调解团队), compiled once
_AWARD_AFTER = {ah: re.compile(r"^[\u4e00-\u9fff]{0,4}" + re.escape(ah)) for ah in ("党支部", "团队")}


@lru_cache(maxsize=None)
def _verb_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """A set-up verb; a creating verb at most six characters before the end; the same, its end
    only: compiled once, not looked up for every quote."""
    creating = _alternation("creating_verbs")
    return (
        re.compile(_alternation("setup_verbs")),
        re.compile(r"(?:" + creating + r")[\u4e00-\u9fff]{0,6}$"),
        re.compile(r"(?:" + creating + r")(?=[\u4e00-\u9fff]{0,6}$)"),
    )


_BEFORE_QUOTE = re.compile(r"[，。；：、”]")
_OWN_TRIBUNAL = re.compile(r"(?:我院|本院|该院)(?P<name>[\u4e00-\u9fff]{2,4}?(?:审判庭|法庭))(?!庭)")


@lru_cache(maxsize=1)
def _award_follows() -> re.Pattern[str]:
    """Whether any honour's head follows an initiative's (what the loop over them in
    ``_first_head`` looks for), in one match: most heads are followed by none."""
    _, award_heads, _ = _head_lists()
    after = [re.escape(ah) for ah in award_heads if ah in _AWARD_AFTER]
    return re.compile("|".join([*map(re.escape, award_heads), *([r"[\u4e00-\u9fff]{0,4}(?:" + "|".join(after) + ")"] if after else [])]))


def _first_head(window: str) -> tuple[int, str, str] | None:
    """The earliest head noun in ``window``: (end index, head, kind) where kind is a type or 'concept'/'award'."""
    _, award_heads, starts = _head_lists()
    heads_at, concepts_at, awards_at = _heads_by_first()
    for found in starts.finditer(window):
        i = found.start()
        first = window[i]
        # an award name ends the phrase: prefer it where it closes the window's phrase
        for h in awards_at.get(first, ()):
            if window.startswith(h, i) and h.endswith("奖"):
                return i + len(h), h, "award"
        for h, t in heads_at.get(first, ()):
            if window.startswith(h, i):
                rest = window[i + len(h):]
                for ah in award_heads if _award_follows().match(rest) else ():
                    if rest.startswith(ah) or (ah in _AWARD_AFTER and _AWARD_AFTER[ah].match(rest)):
                        return i + len(h) + rest.index(ah) + len(ah), ah, "award"
                return i + len(h), h, t
        for h in concepts_at.get(first, ()):
            if window.startswith(h, i):
                return i + len(h), h, "concept"
        for h in awards_at.get(first, ()):
            if window.startswith(h, i) and h in ("党支部", "示范党支部", "品牌团队"):
                return i + len(h), h, "award"
    return None


@lru_cache(maxsize=None)
def _linkage_pattern(linkage: str, plus: bool = True) -> re.Pattern[str]:
    """The linkage models' pattern; without ``plus``, for a text with no +, only its sides
    (府院联动): the + models cannot match there, and a pattern that opens with the sides is one
    the engine finds the places of by itself, much faster than through the anchor below."""
    if not plus:
        return re.compile(rf"(?P<name>(?:{linkage})(?:联动|对接))(?:工作机制|机制|模式)?(?![\u4e00-\u9fff]*\+)")
    # tried only where a side's first character or, two characters on, a + stands: the
    # engine otherwise tries every side at every character
    pattern = rf"(?P<name>(?:{linkage})(?:联动|对接)|[\u4e00-\u9fff]{{2}}\+[\u4e00-\u9fff]{{2,4}}?)(?:工作机制|机制|模式)?(?![\u4e00-\u9fff]*\+)"
    first = pattern_first_chars(f"(?:{linkage})")
    return re.compile(rf"(?=[{first}]|..\+)(?:{pattern})" if first else pattern)


def _window(text: str, pos: int) -> str:
    """The text from ``pos`` up to a stop mark, at most ``_WINDOW`` characters."""
    m = _UNTIL_STOP.match(text, pos)
    return m.group(0) if m else ""


def _leads(ctx: Context) -> Marks:
    """The characters of the lead phrases (a quote there names a work area, not an initiative)."""
    marks = Marks(len(ctx.text))
    for theme in ctx.structure.themes:
        for wa in theme.children:
            marks.take(wa.norm_start, wa.norm_end)
    return marks


def _quoted(ctx: Context) -> tuple[list[InitiativeMention], list[QuotedTerm]]:
    text = ctx.text
    verbs = tuple(map(str, lexicon()["initiative_verbs"]))
    inits: list[InitiativeMention] = []
    terms: list[QuotedTerm] = []
    leads = _leads(ctx)
    quote_at = {c: (c, d) for c, d in ctx.quotes}
    setup_verb, created, creating_verb = _verb_patterns()
    for a, b in ctx.quotes:
        if leads.covered(a, a + 1):
            continue
        name = text[a + 1: b - 1]
        if text[max(0, a - 2):a] == "简称":
            continue  # (以下简称“惠城法院”): a short name defined, neither initiative nor concept
        if ctx.in_title(a):
            terms.append(QuotedTerm(a, b, name, b, "concept"))
            continue
        # a run of quoted names shares the head after the last (“甲”“乙”等9个特色党建品牌)
        run_end = b
        while True:
            # quotes start at distinct offsets: a lookup by start, not a scan of every quote per quote
            nxt = next((quote_at[c] for c in (run_end, run_end + 1) if c in quote_at and text[run_end: c] in ("", "、")), None)
            if nxt is None:
                break
            run_end = nxt[1]
        tail_from = run_end
        counted = _COUNTED.match(text, tail_from)
        skip = counted.end() - tail_from if counted else 1 if text[tail_from: tail_from + 1] == "等" else 0
        window = _window(text, tail_from + skip)
        setup = setup_verb.search(window)
        if setup:
            window = window[: setup.start()]  # (“南海之梦”号邮轮上挂牌成立…法庭: the head is another thing's)
        hit = _first_head(window)
        if hit and text[b + skip + hit[0]: b + skip + hit[0] + 1] == "案":
            hit = None  # “挂空单”骗取长护险基金案: a case, not a fund
        if hit and hit[2] == "award":
            terms.append(QuotedTerm(a, b, name, b + skip + hit[0], "award"))
            continue
        if hit and hit[2] != "concept":
            end = b if skip or run_end > b else b + hit[0]
            inits.append(InitiativeMention(a, end, name, hit[2], a + 1, b - 1))
            continue
        if name.endswith(tuple(map(str, lexicon()["mechanism_endings"]))) and not hit:
            inits.append(InitiativeMention(a, b, name, "mechanism", a + 1, b - 1))  # “六调联动”
            continue
        inner = _first_head(name[-4:]) if not hit else None
        before = _BEFORE_QUOTE.split(text[max(0, a - 12): a])[-1]
        if inner and inner[2] not in ("concept", "award") and inner[0] == len(name[-4:]) and any(v in before for v in verbs) and text[b: b + 1] != "的":
            inits.append(InitiativeMention(a, b, name, inner[2], a + 1, b - 1))
            continue
        tail = _TAIL.match(text, b)
        if not hit and tail and created.search(before):
            # a quoted name the court puts in place, with a tail saying what it is
            # (完善涉税案件“三合一”集中管辖, 推行“裁执分离”全流程信息共享)
            v = creating_verb.search(before)
            start = a - (len(before) - v.end()) if v else a
            inits.append(InitiativeMention(start, tail.end(), name, "mechanism", a + 1, b - 1))
            continue
        end = b + hit[0] if hit else b
        terms.append(QuotedTerm(a, b, name, end, "concept"))
    return inits, terms


_NAMED_HEADS = "工作室|调解室|基地|巡回审判点|审判点|共享法庭|法庭|中心|驿站|服务站|工作站|会议|论坛|协议|备忘录|机制|平台"
_NEEDS_PARTNER = {"机制", "平台", "协议", "备忘录"}


def _unquoted(ctx: Context) -> list[InitiativeMention]:
    text = ctx.text
    types = dict(_heads())
    out: list[InitiativeMention] = []
    setup = r"(?:设立|共建|建成|建立|成立|打造|召开|挂牌|签订|签署|搭建|完善|健全|组建|开设)"
    pattern = re.compile(
        setup + r"(?P<first>首次|首届|首个|首家)?(?P<np>[^\s，。；：、“”《》（）和与及的][^\s，。；：、“”《》（）的]{2,16}?)(?P<head>" + _NAMED_HEADS + r")(?![\u4e00-\u9fff]{0,2}(?:建设|工作|改革))(?!\d)"
    )
    for m in pattern.finditer(text):
        if ctx.in_quote(m.start("np")) or ctx.in_title(m.start("np")):
            continue
        head = m.group("head")
        name = m.group("np") + head
        start = m.start("first") if m.group("first") else m.start("np")
        if _generic_agreement(name):
            continue
        t = types.get(head) or ("tribunal" if "审判点" in head else "facility")
        init = InitiativeMention(start, m.end(), name, t, m.start("np"), m.end())
        # a generic name (机制, 平台, 协议) is an initiative only with a named partner; a meeting
        # only when it is a first or names the body that convenes it (首次县委法院工作会议)
        init.needs_partner = head in _NEEDS_PARTNER or head == "会议" and not m.group("first")
        if m.group("first"):
            init.firsts.append((m.group("first"), m.start("first"), m.end("first")))
        out.append(init)
    for m in _facilities_opened(text):
        np_ = m.group("np")
        head = next(h for h in ("中心", "法庭", "工作室", "基地", "驿站", "调解室") if np_.endswith(h))
        init = InitiativeMention(m.start("np"), m.end("np"), np_, types.get(head, "facility"), m.start("np"), m.end("np"))
        init.outcome_text.append((m.group("out"), m.start("out"), m.end("out")))
        out.append(init)
    return out


def _facilities_opened(text: str) -> list[re.Match[str]]:
    """A facility opened (…中心正式投入使用), at the text's start or right after ，。；or a line break."""
    outcomes = "|".join(map(re.escape, lexicon()["facility_outcomes"]))
    opened = re.compile(r"(?P<np>[^\s，。；：“”《》]{2,12}?(?:中心|法庭|工作室|基地|驿站|调解室))(?P<out>(?:正式)?(?:" + outcomes + "))")
    # the mark is matched, not looked behind for: the engine leaps from mark to mark instead of
    # trying at every character. No match ends in a mark, so the mark before a match never lies
    # inside the one before it, and the matches are those of (?:^|(?<=[，。；\n])) + the pattern
    at_start = opened.match(text)
    after_mark = re.compile(r"[，。；\n]" + opened.pattern).finditer(text, at_start.end() if at_start else 0)
    return ([at_start] if at_start else []) + list(after_mark)


def _set_up(ctx: Context) -> list[InitiativeMention]:
    """Unquoted initiatives: a noun phrase right after a verb that sets it up, ending in an
    initiative head (组建涉税专家顾问、陪审员库, 成立服务企业专班, 开通绿色通道).

    A list sharing one head (探索建立家事案件冷静期、心理测评干预、案后跟踪回访制度) gives one
    initiative per item, and so does a list of named things after one verb (成立…中心、…审判庭).
    A mechanism, system or model (specific_heads) counts only with a modifier that says what it
    is (商事仲裁调查令机制), or later with a partner (协作机制). Also read here, without a
    set-up verb: a named tribunal of the court (我院三沙法庭), linkage and + models (府院联动,
    法院+工会), roles the court's people fill (担任…法治副校长) and 专项…行动 campaigns.
    """
    text = ctx.text
    lex = lexicon()
    setup_heads = set(map(str, lex["setup_heads"]))  # made once, not once per head
    types = {h: t for h, t in _heads() if h in setup_heads}
    types["制度"] = "mechanism"
    verbs = "|".join(sorted(map(re.escape, map(str, lex["setup_verbs"])), key=len, reverse=True))
    heads = "|".join(sorted(map(re.escape, types), key=len, reverse=True))
    specific = tuple(map(str, lex["specific_heads"]))
    generic = set(map(str, lex["generic_modifiers"]))
    pattern = _setup_pattern(verbs, heads)
    describing = tuple(map(str, lex["purpose_starts"])) + tuple(map(str, lex["activity_starts"])) + ("预防", "化解", "防范", "解决")
    out: list[InitiativeMention] = []
    # a named tribunal of the court (我院三沙法庭): the court's own, so an initiative of it
    # (我院 is matched, not looked behind for, so the engine leaps to it; a match ends in 庭, so
    # the 我院 before the next never lies inside it)
    for m in _OWN_TRIBUNAL.finditer(text):
        start = m.start("name")
        if not (ctx.in_quote(start) or ctx.in_title(start)) and not m.group("name").endswith("人民法庭"):
            out.append(InitiativeMention(start, m.end(), m.group("name"), "tribunal", start, m.end()))
    # linkage models named by the two sides they join (府院联动, 诉调对接机制), set up or not
    linkage = "|".join(map(re.escape, map(str, lex["linkage_sides"])))
    # and multi-party models written with + (法院+工会, 党建+网格)
    for m in _linkage_pattern(linkage, "+" in text).finditer(text):
        if not (ctx.in_quote(m.start()) or ctx.in_title(m.start())):
            out.append(InitiativeMention(m.start(), m.end(), m.group("name"), "mechanism", m.start(), m.end("name")))
    # what one verb sets up may be a list of named things (成立…诉调对接中心、金融审判庭)
    more = re.compile(rf"、(?P<np>[^\s，。；：、“”《》（）()的和与及是为在将]{{2,12}}?)(?P<head>{heads})(?![\u4e00-\u9fff])")
    roles = "|".join(sorted(map(re.escape, map(str, lex["role_heads"])), key=len, reverse=True))
    for m in fast(rf"(?:担任|兼任|聘任|选派)[^，。；]{{0,14}}?(?P<name>{roles})").finditer(text):
        if not ctx.in_quote(m.start("name")):
            role = InitiativeMention(m.start("name"), m.end("name"), m.group("name"), "programme", m.start("name"), m.end("name"))
            role.partner_from = m.start()  # the bodies the role is served in
            out.append(role)
    for m in fast(r"(?:开展|部署|启动|组织)(?P<name>[\u4e00-\u9fff]{2,8}专项[\u4e00-\u9fff]{0,4}行动)").finditer(text):
        if not ctx.in_quote(m.start("name")):
            out.append(InitiativeMention(m.start("name"), m.end("name"), m.group("name"), "campaign", m.start("name"), m.end("name")))
    for m in pattern.finditer(text):
        pos_after = m.end()
        while (follow := more.match(text, pos_after)) and not ctx.in_quote(follow.start("np")):
            out.append(InitiativeMention(follow.start("np"), follow.end(), follow.group("np") + follow.group("head"), types.get(follow.group("head"), "other"), follow.start("np"), follow.end()))
            pos_after = follow.end()
        np_start = m.start("np")
        if text[max(0, m.start() - 1): m.start()] == "以":
            continue  # 以搭建…平台等方式: the means of an act, not a thing set up
        improving = m.group(0).startswith(("完善", "健全", "深化", "优化"))
        if ctx.in_quote(np_start) or ctx.in_title(np_start) or ctx.in_quote(m.end() - 1):
            continue
        head = m.group("head")
        body = m.group("np")
        if len(body) < 2 and len(head) < 3:
            continue
        items = body.split("、")
        if any(len(i) < 4 or "与" in i for i in items):
            # short parts share the rest of the name (商标、专利纠纷速裁团队, 专家顾问、陪审员库):
            # one thing; only whole names in a row (…冷静期、…干预、…回访制度) are several
            items = [body]
        pos = np_start
        for n, item in enumerate(items):
            last = n == len(items) - 1
            name = item + head if last else item
            end = pos + len(name)
            modifier = item
            t = types.get(head, "other")
            init = InitiativeMention(pos, end, name, t, pos, end)
            if head in specific and (len(modifier) < 4 or modifier in generic or modifier.startswith(describing) or improving):
                # (预防化解家庭矛盾机制 says what a mechanism does; it names none; 完善…机制 improves
                # a standing one, 建立/创新…机制 sets one up)
                init.needs_partner = True
            out.append(init)
            pos = end + 1
    return out


@lru_cache(maxsize=4)
def _setup_pattern(verbs: str, heads: str) -> re.Pattern[str]:
    body = r"[^\s，。；：“”《》（）()的和与及是为在对将]"
    inner = r"[^\s，。；：“”《》（）()的和及是为在将]"  # (与 and 对 may stand inside a name: 仲裁与审判衔接机制, 诉调对接中心)
    return re.compile(
        rf"(?:{verbs})(?:了|起)?(?P<np>(?:{body}{inner}{{1,15}}?)?(?:、{body}{inner}{{1,12}}?)*)(?P<head>{heads})(?![\u4e00-\u9fff]{{0,1}}(?:建设|工作|改革|作用|功能|优势|职能|理念))"
    )


def _partner_lists(ctx: Context, orgs: list[OrgMention]) -> list[tuple[int, int, list[OrgMention], str]]:
    """(list start, list end, organisations, trigger) for every partner construction."""
    text = ctx.text
    by_start = {o.start: o for o in orgs}
    triggers = sorted(map(str, lexicon()["partner_triggers"]), key=len, reverse=True)
    joint = tuple(map(str, lexicon()["joint_verbs"]))
    found: list[tuple[int, int, list[OrgMention], str]] = []
    for t in triggers:
        for m in re.finditer(re.escape(t), text):
            pos = m.end()
            members: list[OrgMention] = []
            while True:
                org = by_start.get(pos)
                if org is None and t in ("与", "联合", "会同", "携手", "协同", "联同"):
                    org = generic_org_at(ctx, pos)
                if org is None:
                    break
                members.append(org)
                pos = org.end
                if text[pos: pos + 1] in ("、", "和", "及") and (by_start.get(pos + 1) or generic_org_at(ctx, pos + 1)):
                    pos += 1
                    continue
                break
            if not members:
                continue
            tail = _ET_CETERA.match(text, pos)
            if tail:
                pos = tail.end()
            rest = text[pos: pos + 12]
            if t in ("推动", "指导") and not rest.lstrip("的").startswith(joint + ("调解",)):
                continue
            found.append((m.start(), pos, members, t))
    # the body as the subject and the court as the other side: 县检察院与我院会签…, 县妇联同本院共建…
    own = tuple(sorted({n for n in ctx.court_short if n not in ("我们", "全院")} | {ctx.court_zh} - {""}, key=len, reverse=True))
    # made once for the report, not once for each organisation
    with_own = re.compile(r"(?:与|同|和)(" + "|".join(map(re.escape, own)) + ")") if own else None
    for o in orgs:
        joined = with_own.match(text, o.end, o.end + 20) if with_own else None
        if joined:
            found.append((o.start, joined.end(), [o], "与"))
    found.sort(key=lambda f: f[0])
    return found


def find_initiatives(ctx: Context, orgs: list[OrgMention]) -> tuple[list[InitiativeMention], list[QuotedTerm], list[OrgMention]]:
    """Initiatives with partners and "first" claims; also the quoted terms that are not
    initiatives, and the organisations found only as partners (to add to the list)."""
    text = ctx.text
    quoted, terms = _quoted(ctx)
    held = Marks(len(text))
    for q in quoted:
        held.take(q.start, q.end)
    inits = list(quoted)
    # unquoted readings, the longest first at each place, never over a quoted one or each other
    # (of two readings of the same words, the one that stands without a partner is kept)
    for u in sorted(_unquoted(ctx) + _set_up(ctx), key=lambda i: (i.start, -(i.end - i.start), i.needs_partner)):
        if held.free(u.start, max(u.end, u.start + 1)):
            inits.append(u)
            held.take(u.start, u.end)
    inits.sort(key=lambda i: i.start)
    extra_orgs: list[OrgMention] = []
    known = {o.start for o in orgs}
    lists = _partner_lists(ctx, orgs)
    generic_agreements = tuple(sorted(map(str, lexicon()["generic_agreements"]), key=len, reverse=True))
    inits = [i for i in inits if not _generic_agreement(i.name) or i.type != "agreement"]
    by_start = ByStart(inits, lambda i: i.start)
    added: list[InitiativeMention] = []  # named straight after a partner list, in text order
    setup_verbs = tuple(map(str, lexicon()["initiative_verbs"])) + ("完善", "健全", "建立")

    def starting(a: int, b: int) -> list[InitiativeMention]:
        """Initiatives starting in [a, b): those found above and those added in this loop
        (kept apart so that no list is sorted again for every addition)."""
        extra = added[bisect.bisect_left([i.start for i in added], a):] if added else []
        return sorted(by_start.between(a, b) + [i for i in extra if i.start < b], key=lambda i: i.start)

    for ls, le, members, trigger in lists:
        for o in members:
            if o.start not in known:
                extra_orgs.append(o)
                known.add(o.start)
        sentence = ctx.sentence_at(ls)
        c_start, c_end = ctx.clause_bounds(le)
        targets: list[InitiativeMention] = []
        # a mechanism named straight after the partners: 与A、B沟通协调机制
        direct = _DIRECT.match(text, le)
        if direct and not direct.group("np").startswith(setup_verbs) and not held.covered(le, le + 1):
            name = direct.group("np")
            if name not in generic_agreements and trigger == "与":
                init = InitiativeMention(ls, direct.end(), name, "agreement" if name.endswith(("协议", "备忘录")) else "mechanism", le, direct.end())
                added.append(init)
                held.take(init.start, init.end)
        same_clause = starting(max(c_start, ls), c_end)
        after = text[le: c_end]
        if any(g in after for g in generic_agreements) and not [i for i in same_clause if i.type == "agreement"]:
            targets = starting(c_end, sentence.norm_end)[:1]
        elif same_clause:
            targets = same_clause
            if all(i.type == "agreement" for i in same_clause):
                # 与A签署…协议，建立/共建X: the partner of the agreement is the partner of what it sets up
                targets = targets + [i for i in starting(c_end, sentence.norm_end) if not i.partners][:1]
        else:
            # 打造X模式，指导Y调解…: a body the court guides in the sentence of an initiative works in
            # it; 与Y加强协作 with no initiative of its own is the court's partner in general
            targets = starting(sentence.norm_start, ls)[-1:] if trigger in ("推动", "指导") else []
        for init in targets:
            for o in members:
                if all(p.key != o.key for p in init.partners):
                    init.partners.append(o)
    # bodies named inside an initiative's own name convene or co-run it (县委法院工作会议)
    inits = sorted(inits + added, key=lambda i: i.start)
    orgs_by_start = ByStart(orgs, lambda o: o.start)
    for init in inits:
        for o in orgs_by_start.between(init.start if init.partner_from is None else init.partner_from, init.end):
            if o.end <= init.end and all(p.key != o.key for p in init.partners):
                init.partners.append(o)
    inits = _dedupe([i for i in inits if not i.needs_partner or i.partners])
    by_start = ByStart(inits, lambda i: i.start)
    firsts = re.compile(str(lexicon()["first_claims"]))
    for init in inits:
        c_start, _ = ctx.clause_bounds(init.start)
        for m in firsts.finditer(text, c_start, init.start):
            claim = m.group(0).lstrip("在")
            offset = m.start() + (len(m.group(0)) - len(claim))
            if all(f[0] != claim for f in init.firsts) and not by_start.between(m.start() + 1, init.start):
                # (a claim before an earlier initiative of the clause is that one's)
                init.firsts.append((claim, offset, m.end()))
        tail = _IN_USE.match(text, init.end)
        if tail and not init.outcome_text:
            init.outcome_text.append((tail.group(0), init.end, tail.end()))
    _following_results(ctx, inits, by_start)
    _implied_partners(ctx, inits)
    _run_by_other_courts(ctx, inits, orgs_by_start)
    return inits, terms, extra_orgs


def _run_by_other_courts(ctx: Context, inits: list[InitiativeMention], orgs: "ByStart[OrgMention]") -> None:
    """An initiative whose clause opens with other courts (湖南、广西等法院在景区设立审判点,
    甲法院、乙法院建立…) is theirs, not the reporting court's."""
    own = set(ctx.court_short) | {ctx.court_zh}
    for init in inits:
        c_start, _ = ctx.clause_bounds(init.start)
        pos, subject = c_start, []
        for o in orgs.between(c_start, init.start):
            if o.start != pos or o.kind != "court" or o.key in own or o.text in own:
                break
            subject.append(o)
            pos = o.end + (1 if ctx.text[o.end: o.end + 1] in ("、", "和") else 0)
        init.run_by = subject


def _implied_partners(ctx: Context, inits: list[InitiativeMention]) -> None:
    """Partners a name implies without naming them: 府院联动 (the local government), 检法协作
    (the procuratorate), 法院+工会 (the trade unions). A body the text names as a partner of the
    same initiative is not repeated."""
    from courtgraph.extract.organizations import implied_body

    spec = lexicon()["implied_partners"]
    markers: dict[str, str] = {str(k): str(v) for k, v in spec["markers"].items()}
    joint = "|".join(map(re.escape, map(str, spec["joint"])))
    marker_re = re.compile("(" + "|".join(map(re.escape, markers)) + f")(?:{joint})")
    plus_names: dict[str, str] = {str(k): str(v) for k, v in spec["plus_bodies"].items()}
    plus_re = re.compile(r"\+(" + "|".join(sorted(map(re.escape, plus_names), key=len, reverse=True)) + ")")
    for init in inits:
        named = {p.key for p in init.partners}
        wanted = [markers[m.group(1)] for m in marker_re.finditer(init.name)]
        wanted += [plus_names[m.group(1)] for m in plus_re.finditer(init.name)]
        for name in dict.fromkeys(wanted):
            full, kind, en = implied_body(ctx, name)
            if full not in named and all(i[0] != full for i in init.implied):
                init.implied.append((full, kind, en))


def _following_results(ctx: Context, inits: list[InitiativeMention], by_start: "ByStart[InitiativeMention]") -> None:
    """Concrete results stated in the clauses after an initiative (统一…标准, 配备…设备).

    A purpose or an evaluation, or another initiative, ends the search; a clause that starts
    another activity of the court, or holds a number (a quantity, linked separately) or an
    award, is passed over; any other clause is a result.
    """
    text = ctx.text
    stops = tuple(sorted(map(str, lexicon()["purpose_starts"]), key=len, reverse=True))
    skips = tuple(sorted(map(str, lexicon()["activity_starts"]), key=len, reverse=True))
    awards = tuple(map(str, lexicon()["award_verbs"]))
    for init in inits:
        if init.outcome_text:
            continue
        s = ctx.sentence_at(init.start)
        _, pos = ctx.clause_bounds(init.end)
        while pos < s.norm_end and text[pos] in "，；":
            a, b = ctx.clause_bounds(pos + 1)
            clause = text[a:b]
            pos = b
            if not clause or clause.startswith(stops) or by_start.between(a, b):
                break
            if clause.startswith(skips) or re.search(r"\d", clause) or any(v in clause for v in awards if len(v) > 1):
                continue
            init.outcome_text.append((clause, a, b))


def _generic_agreement(name: str) -> bool:
    """An agreement with no name of its own (合作协议, 校院合作协议, 框架协议)."""
    names, endings = _generic_agreement_words()
    return name in names or name.endswith(endings)


@lru_cache(maxsize=1)
def _generic_agreement_words() -> tuple[frozenset[str], tuple[str, ...]]:
    """The lexicon's generic agreements and their endings, read once rather than per name."""
    return frozenset(map(str, lexicon()["generic_agreements"])), tuple(map(str, lexicon()["generic_agreement_endings"]))


def _dedupe(inits: list[InitiativeMention]) -> list[InitiativeMention]:
    """One initiative per name: a later mention of the same name adds its partners and claims."""
    by_name: dict[str, InitiativeMention] = {}
    out: list[InitiativeMention] = []
    for i in inits:
        first = by_name.get(i.name)
        if first is None:
            by_name[i.name] = i
            out.append(i)
            continue
        first.partners += [p for p in i.partners if all(q.key != p.key for q in first.partners)]
        first.firsts += [f for f in i.firsts if all(g[0] != f[0] for g in first.firsts)]
        first.outcome_text += i.outcome_text
    return out

