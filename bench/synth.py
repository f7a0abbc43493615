#!/usr/bin/env python3
"""Synthetic Chinese county and district court annual work reports (法院工作报告), for benchmarks.

Each report is a plausible, entirely invented work report of a real county-level court: a title,
the occasion and the speaker, a summary with the year's headline figures, four to six chapters of
two to five work areas each, and a closing paragraph. Courts, places and agencies are real kinds
of body in real places; every sentence, initiative, figure and honour is made up by the templates
below. Layouts vary the way real reports do: numbered chapters before their text (一、… with bold
lead phrases, with （一） sub-headings, 第一部分 …, or a container chapter 一、2024年工作回顾),
unnumbered headings before or *after* their paragraphs, and about a third of the reports carry the
damage of two-column PDF extraction (lines broken mid-sentence, spaced-out characters, page
numbers).

Pure standard library and deterministic: report ``i`` depends only on ``(seed, i)``, never on how
many reports are written, and the same arguments give the same bytes in any process. Court and
year pairs do not repeat among the first ``len(PLACES) * 8`` reports of a seed, so a corpus of
1,000 reports builds as 1,000 distinct report graphs.

Usage::

    .venv/bin/python bench/synth.py --reports 100 --out /tmp/synth [--seed 0]
"""

from __future__ import annotations

import argparse
import math
import random
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

__all__ = ["PLACES", "YEARS", "ReportSpec", "describe_report", "generate_report", "write_corpus", "main"]

YEARS = tuple(range(2018, 2026))

# ---------------------------------------------------------------------------------------------
# Places: real county-level units with their prefecture-level city and province.
# One line per city: the city's name without 市, then its counties, districts and county-level
# cities. Names were chosen so that no two places share a romanisation (泰州/台州, 玉林/榆林 …).
# ---------------------------------------------------------------------------------------------

_PLACE_TABLE = """
浙江省
杭州 余杭区 萧山区 桐庐县 建德市 淳安县
宁波 慈溪市 余姚市 象山县 宁海县
温州 乐清市 瑞安市 永嘉县 苍南县
嘉兴 桐乡市 海宁市 嘉善县 平湖市
湖州 德清县 长兴县 安吉县
绍兴 诸暨市 嵊州市 新昌县
金华 义乌市 东阳市 永康市
台州 温岭市 临海市 玉环市 天台县
丽水 缙云县 遂昌县
衢州 江山市 开化县
江苏省
苏州 昆山市 常熟市 张家港市 太仓市
无锡 江阴市 宜兴市
常州 溧阳市
镇江 丹阳市 句容市
南通 如皋市 海安市 启东市
宿迁 沭阳县 泗洪县
徐州 邳州市
盐城 东台市
扬州 高邮市
南京 江宁区
安徽省
黄山 休宁县
合肥 肥西县 肥东县 长丰县 庐江县
芜湖 南陵县
安庆 桐城市 怀宁县
滁州 天长市 来安县
宣城 宁国市 广德市
六安 霍山县 金寨县
阜阳 界首市 太和县
江西省
上饶 婺源县 德兴市
吉安 井冈山市
赣州 瑞金市 信丰县
宜春 丰城市 樟树市
九江 武宁县
山东省
济宁 邹城市 曲阜市
潍坊 寿光市 诸城市 青州市
青岛 胶州市 平度市
威海 荣成市
烟台 龙口市 莱阳市
临沂 沂水县 兰陵县
泰安 新泰市 肥城市
滨州 博兴县 邹平市
枣庄 滕州市
河南省
郑州 新郑市 巩义市 登封市
洛阳 栾川县
安阳 林州市
许昌 禹州市 长葛市
信阳 固始县
商丘 永城市
南阳 西峡县
湖北省
宜昌 宜都市 枝江市
黄石 大冶市
孝感 汉川市
黄冈 麻城市
咸宁 赤壁市
荆门 钟祥市
襄阳 枣阳市 谷城县
武汉 江夏区
湖南省
长沙 浏阳市 宁乡市
株洲 醴陵市
湘潭 湘乡市 韶山市
衡阳 耒阳市
岳阳 汨罗市 平江县
常德 桃源县
益阳 沅江市
郴州 资兴市
广东省
佛山 南海区 顺德区
广州 番禺区 增城区
深圳 宝安区 龙岗区
惠州 博罗县 惠东县
江门 台山市 开平市
清远 英德市
揭阳 普宁市
肇庆 四会市
梅州 兴宁市
广西壮族自治区
柳州 融安县
桂林 阳朔县 荔浦市
贵港 桂平市
梧州 岑溪市
防城港 东兴市
崇左 凭祥市
四川省
成都 蒲江县 郫都区 都江堰市 彭州市 崇州市 双流区
德阳 广汉市 什邡市
绵阳 江油市 三台县
乐山 峨眉山市
南充 阆中市
遂宁 射洪市
眉山 仁寿县
福建省
泉州 晋江市 石狮市 南安市 安溪县
福州 福清市 闽侯县
南平 武夷山市
三明 永安市
宁德 福鼎市
莆田 仙游县
河北省
石家庄 正定县 辛集市
唐山 迁安市 遵化市
保定 涿州市
廊坊 三河市 固安县
邯郸 武安市
沧州 任丘市
山西省
晋中 介休市 平遥县
吕梁 孝义市
晋城 高平市
太原 清徐县
陕西省
榆林 神木市 府谷县
渭南 韩城市
咸阳 兴平市
宝鸡 岐山县
贵州省
遵义 仁怀市 湄潭县
六盘水 盘州市
云南省
保山 腾冲市
曲靖 宣威市
昆明 宜良县
辽宁省
鞍山 海城市
大连 庄河市 瓦房店市
黑龙江省
哈尔滨 五常市 尚志市
甘肃省
酒泉 敦煌市 玉门市
宁夏回族自治区
银川 贺兰县 永宁县
吴忠 青铜峡市
"""


@dataclass(frozen=True)
class Place:
    county: str  # 德清县 / 余杭区 / 义乌市
    city: str  # 湖州 (the prefecture-level city, without 市)
    province: str  # 浙江省


def _parse_places(table: str) -> tuple[Place, ...]:
    out: list[Place] = []
    province = ""
    for line in table.strip().splitlines():
        parts = line.split()
        if len(parts) == 1:
            province = parts[0]
            continue
        out.extend(Place(county, parts[0], province) for county in parts[1:])
    return tuple(out)


PLACES: tuple[Place, ...] = _parse_places(_PLACE_TABLE)

_PROVINCE_SHORT = {"广西壮族自治区": "广西", "宁夏回族自治区": "宁夏", "黑龙江省": "黑龙江"}

# Universities a county court of each province plausibly works with, and national ones.
_UNIVERSITIES = {
    "浙江省": ["浙江大学", "浙江工业大学", "浙江工商大学", "浙江财经大学", "浙江农林大学", "浙江师范大学"],
    "江苏省": ["南京大学", "东南大学", "苏州大学", "南京师范大学", "江苏大学", "扬州大学", "南京审计大学"],
    "安徽省": ["安徽大学", "安徽财经大学", "安徽师范大学", "安徽农业大学"],
    "江西省": ["南昌大学", "江西财经大学", "江西师范大学"],
    "山东省": ["山东大学", "山东师范大学", "山东财经大学", "青岛大学", "中国海洋大学", "曲阜师范大学"],
    "河南省": ["郑州大学", "河南大学", "河南财经政法大学"],
    "湖北省": ["武汉大学", "华中科技大学", "湖北大学"],
    "湖南省": ["湖南大学", "湘潭大学", "湖南师范大学", "中南大学"],
    "广东省": ["中山大学", "暨南大学", "华南理工大学", "华南师范大学", "广东外语外贸大学"],
    "广西壮族自治区": ["广西大学", "广西师范大学", "广西民族大学"],
    "四川省": ["四川大学", "西南财经大学", "西南交通大学", "西华大学", "四川师范大学"],
    "福建省": ["厦门大学", "福州大学", "福建师范大学", "华侨大学"],
    "河北省": ["河北大学", "河北经贸大学", "燕山大学"],
    "山西省": ["山西大学", "山西财经大学"],
    "陕西省": ["西北政法大学", "西北大学", "陕西师范大学"],
    "贵州省": ["贵州大学", "贵州民族大学"],
    "云南省": ["云南大学", "云南财经大学"],
    "辽宁省": ["辽宁大学", "东北财经大学"],
    "黑龙江省": ["黑龙江大学", "哈尔滨工业大学"],
    "甘肃省": ["兰州大学", "甘肃政法大学"],
    "宁夏回族自治区": ["宁夏大学", "北方民族大学"],
}
_NATIONAL_UNIVERSITIES = ["中国政法大学", "华东政法大学", "西南政法大学", "中南财经政法大学"]

# Generic township names (many counties have one of each); none is a county above.
_TOWNS = [
    "城关", "新桥", "石桥", "青山", "白沙", "大桥", "花园", "新安", "太平", "永丰", "双河", "龙潭", "古城",
    "南湖", "东湖", "清河", "黄田", "金山", "凤凰", "梅林", "松林", "柳溪", "溪口", "新塘", "石门", "高桥",
    "龙山", "凤山", "兴隆", "官庄", "马桥", "湖塘", "沙溪", "横塘", "枫林", "茶园", "双溪", "黄岭", "临溪",
    "云溪", "桥头", "新丰", "南山", "北山", "东山", "西山", "竹溪", "杨林", "白马", "安乐",
]

_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁沈姚卢姜崔钟谭陆汪范金石廖贾夏韦方邹孟熊秦邱江尹薛段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴孔汤"
_GIVEN = "建国 立新 志明 海涛 卫东 晓峰 伟 杰 俊 辉 文斌 永刚 国强 建华 丽娟 雪梅 春燕 秀英 玉兰 振宇 一鸣 向阳 德胜 长青 正平 宏亮 继光 学军 敏 慧 静 勇 军 涛 峰 明 华 平 强 磊 洋 艳 娟 芳 新民 志刚 海燕 建平 红梅 晓东 利民 卫国 剑锋 金龙".split()
_CN_DIGITS = "零一二三四五六七八九"


def _cn_number(n: int) -> str:
    """1..99 in Chinese numerals (十八, 二十一)."""
    if n < 10:
        return _CN_DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _CN_DIGITS[tens]) + "十" + (_CN_DIGITS[ones] if ones else "")


# ---------------------------------------------------------------------------------------------
# Which court and year each report gets
# ---------------------------------------------------------------------------------------------


# Layouts and how often they occur: numbered chapters with lead phrases (一、…), with （一）
# sub-headings, 第一部分 chapters, unnumbered headings after their text (the seed's PDF), a
# container chapter (一、2024年工作回顾 with （一） themes), unnumbered headings before their text.
_STYLES = [("numbered", 25), ("sections", 20), ("parts", 12), ("after", 25), ("container", 12), ("plain", 6)]


@dataclass(frozen=True)
class ReportSpec:
    """What a report is about, fixed before any of its text is written."""

    index: int
    seed: int
    place: Place
    year: int
    style: str  # numbered | sections | parts | after | container | plain (see _STYLES)
    damaged: bool  # laid out like text pulled from a two-column PDF

    @property
    def court(self) -> str:
        return self.place.county + "人民法院"

    @property
    def level(self) -> str:  # 县, 区 or 市
        return self.place.county[-1]

    @property
    def file_name(self) -> str:
        return f"synth-{self.seed}-{self.index:05d}-{self.year}.txt"


def _rng(seed: int, index: int, stream: int = 0) -> random.Random:
    """A generator seeded by arithmetic on (seed, index, stream) only, never by hash()."""
    if index < 0 or seed < 0:
        raise ValueError("seed and index must be non-negative")
    return random.Random(((seed * 1_000_003 + index) << 4) + stream)


@lru_cache(maxsize=8)
def _assignments(seed: int) -> tuple[tuple[int, int], ...]:
    """Every (place, year) pair once, in an order fixed by the seed alone."""
    pairs = [(p, y) for p in range(len(PLACES)) for y in YEARS]
    random.Random(seed * 7_919 + 104_729).shuffle(pairs)
    return tuple(pairs)


def describe_report(index: int, seed: int = 0) -> ReportSpec:
    """The court, place and year of report ``index`` (cheap: no text is written)."""
    if index < 0 or seed < 0:
        raise ValueError("seed and index must be non-negative")
    pairs = _assignments(seed)
    place, year = pairs[index % len(pairs)]
    r = _rng(seed, index, 2)
    style = r.choices([s for s, _ in _STYLES], weights=[w for _, w in _STYLES])[0]
    return ReportSpec(index, seed, PLACES[place], year, style, r.random() < 1 / 3)


# ---------------------------------------------------------------------------------------------
# The writer: numbers, names and agencies for one report
# ---------------------------------------------------------------------------------------------

_ORG_FORMS: dict[str, list[str]] = {
    "jcy": ["{L}检察院", "{L}人民检察院", "{L}检察院"],
    "gaj": ["{L}公安局"],
    "sfj": ["{L}司法局"],
    "rsj": ["{L}人社局", "{L}人力资源和社会保障局"],
    "fl": ["{L}妇联", "{L}妇女联合会"],
    "hszh": ["{L}红十字会"],
    "zgh": ["{L}总工会"],
    "scjg": ["{L}市场监管局", "{L}市场监督管理局"],
    "swj": ["{L}税务局"],
    "gsl": ["{L}工商联", "{L}工商业联合会"],
    "nyj": ["{L}农业农村局"],
    "jyj": ["{L}教育局"],
    "mzj": ["{L}民政局"],
    "zrzy": ["{L}自然资源和规划局", "{L}自然资源局"],
    "stj": ["{city}市生态环境局{short}分局"],
    "lyj": ["{L}林业局"],
    "slj": ["{L}水利局"],
    "zjj": ["{L}住建局", "{L}住房和城乡建设局"],
    "tw": ["团{L}委"],
    "cl": ["{L}残联", "{L}残疾人联合会"],
    "ggw": ["{L}关工委"],
    "fxh": ["{L}法学会"],
    "lsxh": ["{L}律师协会", "{L}律协"],
    "zfw": ["{L}委政法委"],
    "xfj": ["{L}信访局"],
    "ybj": ["{L}医保局"],
    "jrb": ["{L}金融办"],
    "shzl": ["{L}社会治理中心"],
    "wlj": ["{L}文化和旅游局", "{L}文旅局"],
    "sjj": ["{L}数据局", "{L}大数据局"],
    "jtj": ["{L}交通运输局"],
    "yjj": ["{L}应急管理局"],
    "cszh": ["{L}慈善总会"],
    "zf": ["{L}政府"],
    "tyxh": ["{L}个体劳动者协会", "{L}物业管理协会"],
    "rmyh": ["{L}融媒体中心"],
}


class _Writer:
    """Helpers the sentence templates call: figures, changes, ranks, names, agencies."""

    def __init__(self, spec: ReportSpec, rng: random.Random) -> None:
        self.r = rng
        self.spec = spec
        p = spec.place
        self.year = spec.year
        self.county = p.county
        self.short = p.county[:-1]
        self.L = spec.level
        self.cs = p.city  # city stem: 湖州
        self.city = p.city + "市"
        self.prov = p.province
        self.ps = _PROVINCE_SHORT.get(p.province, p.province[:-1])
        self.court = spec.court
        # size of the court: a stable property of the place, growing over the years
        place_rng = random.Random(PLACES.index(p) * 31 + 7)
        base = place_rng.uniform(0.45, 2.6) * (1.5 if self.L == "区" else 1.0)
        growth = {2018: 0.82, 2019: 0.9, 2020: 0.86, 2021: 0.95, 2022: 0.98, 2023: 1.05, 2024: 1.12, 2025: 1.16}
        self.scale = base * growth[self.year]
        self.term = place_rng.randint(15, 19)  # people's congress elected in 2021
        self.received = int(9000 * self.scale * rng.uniform(0.9, 1.1))
        self.concluded = int(self.received * rng.uniform(0.93, 1.04))
        self.last = 0
        self.names: set[str] = set()
        self.used: set[str] = set()  # clauses already written
        self.self_names = [f"{self.L}法院", f"{self.short}法院", "我院"]
        towns = rng.sample(_TOWNS, 6)
        self.towns = towns
        self.tribunals = [t + "人民法庭" for t in towns[:rng.randint(2, 4)]]
        self.org_form: dict[str, str] = {}
        self.mid = rng.choice([f"{self.cs}中院", f"{self.city}中级人民法院"])

    # -- choices ---------------------------------------------------------------------------
    def pick(self, options: Sequence[str]) -> str:
        return self.r.choice(list(options))

    def chance(self, p: float) -> bool:
        return self.r.random() < p

    @property
    def me(self) -> str:
        return self.r.choice(self.self_names)

    # -- figures ---------------------------------------------------------------------------
    def _num(self, v: float, nd: int) -> str:
        text = f"{v:.{nd}f}"
        if "." in text:
            text = text.rstrip("0").rstrip(".")
        return text

    def cases(self, lo: float, hi: float) -> str:
        """A count of cases as a share of the year's concluded cases (written 4.21万 when large)."""
        v = max(3, int(self.concluded * self.r.uniform(lo, hi)))
        self.last = v
        if v >= 12000 and self.chance(0.3):
            return self._num(v / 10000, 2) + "万"
        return str(v)

    def k(self, lo: int, hi: int) -> str:
        v = self.r.randint(lo, hi)
        self.last = v
        return str(v)

    def ks(self, lo: int, hi: int) -> str:
        """A count that grows with the size of the court."""
        v = max(1, int(self.r.randint(lo, hi) * math.sqrt(self.scale)))
        self.last = v
        return str(v)

    def part(self, lo: float, hi: float) -> str:
        """A share of the last figure (罪犯 of 刑事案件, 人 of 件)."""
        v = max(1, int(self.last * self.r.uniform(lo, hi)))
        return str(v)

    def f(self, lo: float, hi: float, nd: int = 1) -> str:
        return self._num(self.r.uniform(lo, hi), nd)

    def pct(self, lo: float, hi: float) -> str:
        v = self.r.uniform(lo, hi)
        if v >= 100:
            return "100%"
        return self._num(v, self.r.choice((1, 2, 2))) + "%"

    def wan(self, lo: float, hi: float, approx: float = 0.35) -> str:
        v = int(self.r.uniform(lo, hi) * math.sqrt(self.scale))
        if approx and self.chance(approx):
            q = self.pick(["余", "超", "近"])
            if q == "余":
                return f"{max(10, v // 10 * 10)}余万元"
            return f"{q}{max(10, v // 10 * 10)}万元"
        return f"{v}万元"

    def yi(self, lo: float, hi: float) -> str:
        return self._num(self.r.uniform(lo, hi) * self.scale, self.r.choice((1, 2))) + "亿元"

    def ap(self, v: int | str, unit: str) -> str:
        """A figure with an approximation as reports write them: 450余人次, 超450人次, 近450人次."""
        n = int(v)
        q = self.pick(["余", "余", "超", "近", ""])
        if n >= 20000 and q in ("余", ""):
            return f"超{self._num(n / 10000, 1)}万{unit}"
        if q == "余":
            return f"{max(10, n // 10 * 10)}余{unit}"
        if q:
            return f"{q}{max(10, n // 10 * 10)}{unit}"
        return f"{n}{unit}"

    def basis(self) -> str:
        return self.pick(["同比", "同比", "同比", "较上年", f"较{self.year - 1}年"])

    def yoy(self, p: float = 0.55, direction: str | None = None) -> str:
        """A year-on-year change right after a figure: ，同比上升5.3%."""
        if not self.chance(p):
            return ""
        up = direction == "up" or direction is None and self.chance(0.7)
        verb = self.pick(["上升", "增长", "提高"] if up else ["下降", "减少"])
        return f"，{self.basis()}{verb}{self.f(0.8, 32, self.r.choice((1, 2)))}%"

    def pp(self, p: float = 0.5) -> str:
        if not self.chance(p):
            return ""
        verb = self.pick(["提高", "提高", "上升", "下降"])
        return f"，{self.basis()}{verb}{self.f(0.3, 9, self.r.choice((1, 2)))}个百分点"

    def shorter(self, unit: str = "天", p: float = 0.6) -> str:
        if not self.chance(p):
            return ""
        return f"，{self.basis()}缩短{self.f(1, 15, 1)}{unit}"

    def rank(self, p: float = 0.45) -> str:
        if not self.chance(p):
            return ""
        scope = self.pick(["全市", "全市", "全省"])
        place = self.pick(["第一", "第一", "第二", "第三", "首位"])
        verb = self.pick(["排名", "位列", "居", "位居"])
        if place == "首位":
            verb = self.pick(["居", "位居"])
        return f"，{verb}{scope}{'法院' if self.chance(0.3) else ''}{place}"

    def first(self, p: float = 0.35) -> str:
        if not self.chance(p):
            return ""
        return self.pick(["在全省率先", "在全市率先", "在全市率先", "在全国率先"])

    def firstn(self, p: float = 0.35) -> str:
        if not self.chance(p):
            return ""
        return self.pick(["全市首个", "全省首个", "全市首家", "全省首家"])

    # -- names -----------------------------------------------------------------------------
    def q(self, topic: str) -> str:
        """A quoted initiative name, unique within the report."""
        names, suffixes = _NAMES.get(topic, _NAMES["general"])
        options = [n for n in names if n not in self.names]
        if suffixes and (not options or self.chance(0.3)):
            options = [self.short + s for s in suffixes if self.short + s not in self.names] or options
        if not options:
            options = [n for n in _NAMES["general"][0] if n not in self.names]
        if not options:
            options = [self.short + t for t in _TOWNS if self.short + t not in self.names]
        name = self.pick(options)
        self.names.add(name)
        return f"“{name}”"

    def o(self, key: str) -> str:
        """An agency in the way the report writes it; one spelling per report."""
        if key not in self.org_form:
            forms = list(_ORG_FORMS[key])
            if key == "gaj" and self.L == "区":
                forms = ["区公安分局"]
            self.org_form[key] = self.pick(forms)
        return self.org_form[key].format(L=self.L, short=self.short, city=self.cs, county=self.county)

    def town(self) -> str:
        return self.pick(self.towns) + self.pick(["镇", "镇", "乡", "街道"])

    def town_gov(self) -> str:
        t = self.pick(self.towns)
        return t + self.pick(["镇政府", "镇政府", "街道", "乡政府"])

    def tribunal(self) -> str:
        return self.pick(self.tribunals)

    def univ(self) -> str:
        pool = _UNIVERSITIES.get(self.prov, []) + _NATIONAL_UNIVERSITIES[:1]
        name = self.pick(pool)
        if self.chance(0.35) and not name.endswith("学院"):
            name += "法学院"
        return name

    def bank(self) -> str:
        return self.pick([
            f"中国农业银行{self.county}支行", f"中国工商银行{self.county}支行", f"中国建设银行{self.county}支行",
            f"中国邮政储蓄银行{self.county}支行", f"{self.short}农商银行", f"{self.L}农商银行",
        ])

    def neighbor(self) -> str:
        """Another court: a county of the same city or province, or across the provincial border."""
        same_city = [p for p in PLACES if p.city == self.cs and p.county != self.county]
        same_prov = [p for p in PLACES if p.province == self.prov and p.county != self.county]
        other = [p for p in PLACES if p.province != self.prov]
        pool = same_city or same_prov
        if self.chance(0.3) or not pool:
            p = self.pick_place(other)
            return f"{p.province}{p.county}人民法院"
        return self.pick_place(pool).county + "人民法院"

    def pick_place(self, pool: list[Place]) -> Place:
        return pool[self.r.randrange(len(pool))]

    def case(self, what: str) -> str:
        s = self.pick(list(_SURNAMES))
        who = self.pick([f"{s}某", f"{s}某某", f"{s}某等人", f"{s}某某等人"])
        return who + what

    def person(self) -> str:
        return self.pick(list(_SURNAMES)) + self.pick(_GIVEN)


# Quoted initiative names by topic: (names, suffixes written after the county's short name).
_NAMES: dict[str, tuple[list[str], list[str]]] = {
    "biz": (["护企安商", "亲清护航", "法护营商", "企安无忧", "商事快车道", "法润企航", "诚信护航", "惠企直通车", "营商护航"], ["商事通", "护企", "安商"]),
    "fin": (["金融护航", "银法共治", "金融无讼", "诚信金融", "金融解纷快车道", "金调"], ["金调", "金融护航"]),
    "ip": (["知产护航", "创新守护", "品牌守护", "护创先锋", "原创守护"], ["知产"]),
    "bk": (["破茧重生", "涅槃重整", "企业重生", "盘活资产"], []),
    "rural": (["田间法庭", "法润乡村", "和美乡村", "乡里乡亲", "乡贤说事", "村口法官", "共富护航"], ["乡音", "共富"]),
    "eco": (["护绿", "碧水守护", "青山卫士", "护林", "河湖长青", "守护山水", "生态修复", "净水"], ["青山", "绿水"]),
    "region": (["同心协作", "毗邻共治", "跨域同行", "协作共赢"], []),
    "gov": (["府院同心", "阳光行政", "行政争议化解", "府院共治"], []),
    "crim": (["平安守护", "全民反诈", "利剑", "净网", "守护平安"], ["平安"]),
    "civil": (["速裁快审", "简案快办", "繁简分流", "快立快审"], ["快审"]),
    "exec": (["雷霆", "亮剑", "夏日攻坚", "冬季攻坚", "百日攻坚", "执行攻坚", "清风执行", "阳光执行", "执行护民", "利剑执行"], ["执行", "亮剑"]),
    "family": (["和美家庭", "家和", "幸福港湾", "同心结", "暖心家事", "家事无忧", "温情家事"], ["家和"]),
    "labor": (["护薪", "暖薪", "劳动者港湾", "薪安", "和谐劳动", "劳有所安"], ["护薪"]),
    "minor": (["护苗", "向阳花", "小桔灯", "雏鹰", "青苗守护", "阳光成长", "蒲公英", "护航未来", "花开有声"], ["护苗"]),
    "serve": (["一窗通办", "诉讼服务直通车", "便民快车", "掌上诉讼", "贴心诉服", "诉服到家"], ["诉服"]),
    "source": (["无讼村居", "和事佬", "老娘舅", "乡贤调解", "有事好商量", "源头解纷", "和合", "邻里和"], ["和事", "解纷", "e调"]),
    "court": (["车载法庭", "流动法庭", "田间课堂", "法官进村", "板凳法庭"], []),
    "pub": (["法治课堂", "法官说法", "以案释法", "小院说法", "法润万家", "庭审进校园", "法官讲故事"], ["说法", "法韵"]),
    "care": (["银发守护", "暖阳", "助残", "温暖诉服", "关爱老人", "心灵驿站", "无障碍诉讼"], ["暖阳"]),
    "super": (["阳光司法", "代表连心", "民意直通车", "同心议事", "开放法院", "走进法院"], []),
    "party": (["红色引擎", "党建领航", "先锋", "红心向党", "初心讲堂", "红船", "红色法庭"], ["红"]),
    "train": (["导师帮带", "青蓝", "精英法官", "薪火", "雏鹰成长", "明德", "求是", "法苑新苗"], ["法官", "青苗"]),
    "clean": (["清风", "廉洁司法", "清廉法院", "守廉", "清风廉韵", "廉政微课"], ["清风"]),
    "manage": (["质效提升", "案件评查", "精品案件", "质效攻坚", "审判管理"], []),
    "digital": (["智慧执行", "数智法院", "智审", "一网通办", "数据赋能", "智能协同", "云端"], ["智审", "数智"]),
    "general": (["同心", "守正", "聚力", "共治", "连心", "同行", "法检同心", "精审", "明理"], ["同心", "守正", "连心"]),
}


# ---------------------------------------------------------------------------------------------
# Work areas: lead phrases, sentences with figures, sentences naming initiatives, documents and
# awards, and clause pools that compose the plain sentences around them.
# ---------------------------------------------------------------------------------------------

T = Callable[[_Writer], str]


def _s(text: str) -> list[str]:
    """A pool of clauses written as one string, ``|`` between items."""
    return [x.strip() for x in text.split("|") if x.strip()]


@dataclass
class Area:
    key: str
    leads: list[str]
    facts: list[T]
    inits: list[T]
    extras: list[T] = field(default_factory=list)
    openers: list[str] = field(default_factory=list)
    actions: list[str] = field(default_factory=list)
    purposes: list[str] = field(default_factory=list)
    solos: list[str] = field(default_factory=list)


AREAS: dict[str, Area] = {}


def _area(key: str, leads: list[str], facts: list[T], inits: list[T], extras: Sequence[T] = (),
          openers: str = "", actions: str = "", purposes: str = "", solos: Sequence[str] = ()) -> None:
    AREAS[key] = Area(key, leads, facts, inits, list(extras), _s(openers), _s(actions), _s(purposes), list(solos))


_area(
    "business",
    leads=["优化法治化营商环境", "护航民营经济发展", "服务保障市场主体", "平等保护各类市场主体", "持续优化营商环境"],
    facts=[
        lambda g: f"审结买卖合同、股权转让等商事案件{g.cases(0.08, 0.14)}件，涉案标的额{g.yi(2, 14)}{g.yoy()}。",
        lambda g: f"审结涉企案件{g.cases(0.1, 0.2)}件，为企业挽回经济损失{g.wan(600, 5000)}，依法保障企业合法权益。",
        lambda g: f"依法审慎适用查封、扣押、冻结措施，为{g.k(12, 80)}家涉诉企业解除不当查封资金{g.wan(300, 3000)}。",
        lambda g: f"商事案件平均审理天数{g.f(25, 60)}天{g.shorter()}。",
        lambda g: f"走访企业{g.k(40, 300)}家，收集并回应涉法诉求{g.k(30, 200)}条，发出司法风险提示函{g.k(5, 40)}份。",
    ],
    inits=[
        lambda g: f"与{g.o('gsl')}共建{g.q('biz')}商事调解中心，选聘商会调解员{g.k(8, 40)}名，诉前化解涉企纠纷{g.ks(80, 700)}件。",
        lambda g: f"联合{g.o('gsl')}、{g.o('scjg')}{g.first()}推出{g.q('biz')}企业法治体检项目，走访企业{g.k(30, 260)}家，提出风险防范建议{g.k(40, 300)}条。",
        lambda g: f"打造{g.firstn()}{g.q('biz')}法官服务站，常态化开展送法进企业活动，为企业提供法律咨询{g.ap(g.k(200, 1500), '人次')}。",
        lambda g: f"会同{g.o('swj')}、{g.o('scjg')}建立企业信用修复协同机制，帮助{g.k(12, 90)}家企业完成信用修复，重新参与市场竞争。",
    ],
    extras=[
        lambda g: f"出台《关于服务保障{g.short}民营经济高质量发展的实施意见》，推出{g.k(10, 30)}项具体司法举措。",
        lambda g: f"审结的{g.case('买卖合同纠纷案')}入选{g.ps}法院服务保障民营经济典型案例。",
    ],
    openers="坚持依法平等保护各类市场主体|坚持把优化营商环境作为服务大局的重要抓手|聚焦市场主体急难愁盼问题|主动对接{L}委{L}政府中心工作|牢固树立“保护产权就是保护生产力”的理念|坚持“两个毫不动摇”",
    actions="依法审理买卖合同、借款合同等传统商事纠纷|严格规范涉企案件财产保全措施|加大对恶意拖欠账款、虚假诉讼等行为的惩戒力度|推动涉企案件快立快审快执|常态化开展法官走访企业活动|依法保护企业家人身和财产安全|对涉企案件实行专人办理、优先审理",
    purposes="以法治之力稳预期、强信心|让企业家安心经营、放心投资|营造稳定公平透明可预期的法治环境|助力市场主体轻装前行|为经济高质量发展注入法治动能",
    solos=["坚持“活封活扣”，在保障胜诉当事人权益的同时最大限度降低对企业正常经营的影响。",
           "针对审判中发现的企业经营管理漏洞，及时向相关企业发出风险提示，帮助企业堵塞漏洞、规范经营。",
           "对暂时陷入困境但有发展前景的企业，综合运用调解、和解、分期履行等方式帮助其渡过难关。"],
)

_area(
    "finance",
    leads=["防范化解金融风险", "服务金融高质量发展", "维护金融市场秩序"],
    facts=[
        lambda g: f"审结金融借款、信用卡等金融纠纷案件{g.cases(0.04, 0.09)}件，涉案标的额{g.yi(1, 9)}{g.yoy()}。",
        lambda g: f"审结民间借贷纠纷案件{g.cases(0.03, 0.07)}件，结案标的额{g.yi(0.5, 5)}，切实规范民间融资行为。",
        lambda g: f"依法审理涉非法集资案件{g.k(3, 20)}件，追缴违法所得{g.wan(200, 4000)}。",
        lambda g: f"向金融机构发送司法建议{g.k(3, 15)}份，推动完善贷款审查、催收等制度{g.k(5, 20)}项。",
    ],
    inits=[
        lambda g: f"与{g.bank()}共建{g.q('fin')}金融纠纷调解工作室，诉前化解金融借款纠纷{g.ks(150, 2000)}件，为当事人节省诉讼费用{g.wan(50, 600)}。",
        lambda g: f"联合{g.o('jrb')}建立金融纠纷多元化解协作机制，成功调解金融案件{g.ks(100, 1200)}件。",
        lambda g: f"推动{g.bank()}设立{g.q('fin')}诉调对接服务点，就近化解小额金融纠纷{g.ks(60, 600)}件。",
    ],
    extras=[lambda g: f"发布《{g.county}金融审判白皮书（{g.year}）》，提示金融风险防范要点{g.k(6, 20)}项。"],
    openers="坚持金融服务实体经济的根本宗旨|聚焦金融领域风险隐患|依法打击逃废金融债务行为|坚持统筹发展和安全",
    actions="推动金融纠纷批量化、集约化处理|加强金融风险研判预警|依法规范高利放贷、职业放贷行为|常态化向金融机构通报审判中发现的风险点|依法审慎处置涉众型金融纠纷",
    purposes="维护区域金融安全稳定|守牢不发生系统性金融风险底线|促进金融与实体经济良性循环|护航地方金融健康发展",
    solos=["对涉及民间借贷的案件，严格审查借贷关系的真实性，防范“套路贷”等违法犯罪借助诉讼逃避打击。",
           "针对信用卡纠纷数量较快增长的情况，推动金融机构规范催收行为、完善授信审查，从源头减少纠纷。"],
)

_area(
    "ip",
    leads=["加强知识产权司法保护", "护航科技创新发展", "服务创新驱动发展战略"],
    facts=[
        lambda g: f"审结知识产权案件{g.ks(40, 500)}件{g.yoy()}，判赔金额{g.wan(100, 3000)}。",
        lambda g: f"审结侵害商标权、著作权纠纷案件{g.ks(30, 400)}件，调撤率{g.pct(40, 80)}。",
        lambda g: f"审结侵犯知识产权犯罪案件{g.k(3, 30)}件，判处罪犯{g.part(1.1, 1.6)}人，并处罚金{g.wan(20, 600, 0)}。",
    ],
    inits=[
        lambda g: f"与{g.o('scjg')}共建{g.q('ip')}知识产权保护工作站，为{g.k(20, 150)}家企业提供知识产权风险排查服务。",
        lambda g: f"携手{g.univ()}建立{g.q('ip')}知识产权司法保护研究基地，联合开展课题调研{g.k(2, 8)}项。",
        lambda g: f"在{g.town()}产业园区设立知识产权巡回审判点，就地审理知识产权纠纷{g.k(10, 90)}件。",
    ],
    extras=[lambda g: f"审结的{g.case('侵害商标权纠纷案')}入选{g.ps}法院知识产权司法保护典型案例。"],
    openers="坚持严格保护知识产权的司法导向|聚焦地方特色产业和新兴产业|坚持保护与激励并重",
    actions="依法惩处恶意侵权、重复侵权行为|探索适用惩罚性赔偿|推进知识产权民事、刑事、行政案件“三合一”审理|加强对地理标志和老字号的司法保护|引导权利人与经营户达成批量和解",
    purposes="激发全社会创新创造活力|营造尊重创新、保护创新的良好环境|为新质生产力发展提供司法保障|让创新者安心创新",
    solos=["针对小商品外观设计侵权多发的特点，推动权利人与经营户批量和解，从源头减少重复诉讼。"],
)

_area(
    "bankruptcy",
    leads=["助力企业破产重整", "深化破产审判工作", "盘活企业存量资产"],
    facts=[
        lambda g: f"审结破产案件{g.k(6, 60)}件，化解债务{g.yi(0.3, 6)}，盘活土地厂房{g.k(2, 60)}万平方米。",
        lambda g: f"通过重整、和解程序帮助{g.k(2, 12)}家企业重获新生，保住就业岗位{g.ap(g.k(200, 3000), '个')}。",
        lambda g: f"破产案件平均审理天数{g.k(120, 400)}天{g.shorter()}，清偿职工债权{g.wan(200, 4000)}。",
    ],
    inits=[
        lambda g: f"会同{g.o('zf')}建立企业破产处置府院联动机制，协调解决职工安置、税费处理等问题{g.k(10, 60)}个。",
        lambda g: f"与{g.o('swj')}、{g.o('scjg')}签署破产事务协作备忘录，打通破产企业涉税、注销等办理堵点。",
        lambda g: f"推行{g.q('bk')}预重整工作机制，引导困境企业在进入破产程序前与债权人协商。",
    ],
    openers="坚持挽救与退出并重|坚持市场化、法治化破产原则|聚焦“僵尸企业”出清和危困企业救治",
    actions="加快“僵尸企业”有序出清|推动危困企业通过重整实现再生|探索简易破产案件快速审理|依法规范破产管理人履职|推进破产财产网络拍卖",
    purposes="促进资源要素优化配置|助力产业结构调整升级|最大限度保护债权人和职工合法权益|释放闲置资源要素价值",
    solos=["对具有挽救价值的企业，综合运用预重整、共益债融资等方式，帮助企业保留核心资产和技术团队。"],
)

_area(
    "rural",
    leads=["服务乡村全面振兴", "助力乡村振兴", "护航和美乡村建设", "服务保障乡村振兴"],
    facts=[
        lambda g: f"审结涉农土地承包、农村宅基地纠纷案件{g.cases(0.01, 0.03)}件，依法保护农民合法权益。",
        lambda g: f"全年开展巡回审判{g.k(30, 150)}次，就地化解涉农纠纷{g.ks(60, 500)}件。",
        lambda g: f"审结农资购销、农产品买卖合同纠纷案件{g.ks(40, 300)}件，涉案标的额{g.wan(300, 6000, 0)}。",
        lambda g: f"选派{g.k(5, 30)}名法官担任村（社区）法律顾问，开展法治讲座{g.k(20, 120)}场。",
    ],
    inits=[
        lambda g: f"在{g.town()}设立{g.q('rural')}巡回审判点，把庭审搬到田间地头，以案说法{g.k(10, 60)}场次。",
        lambda g: f"与{g.o('nyj')}共建{g.q('rural')}乡村法治服务站，为{g.k(20, 120)}个行政村提供法律服务。",
        lambda g: f"联合{g.town_gov()}打造{g.q('rural')}调解工作室，吸纳乡贤、网格员参与调解，化解邻里纠纷{g.ks(40, 400)}件。",
    ],
    extras=[lambda g: f"出台《关于服务保障乡村全面振兴的{g.pick(['若干意见', '实施意见', '十条措施'])}》，明确司法服务举措{g.k(10, 20)}项。"],
    openers="围绕{short}特色产业发展|立足农业大{L}实际|聚焦农村土地流转和集体经济发展|紧扣乡村振兴战略部署",
    actions="妥善审理土地流转、农资购销等涉农案件|推动法官进村入户开展法治宣传|依法保障农村集体经济组织成员权益|为村两委换届提供法律咨询|依法打击制售假劣农资犯罪|妥善化解山林权属纠纷",
    purposes="为推进乡村全面振兴提供有力司法服务|让法治成为乡村治理的鲜明底色|助力农民增收、农业增效|护航宜居宜业和美乡村建设",
    solos=["针对农忙时节群众诉讼不便的实际，推行预约立案、周末开庭，让群众“不误农时打官司”。",
           "依法审理涉农村集体资产案件，推动村级集体资产管理规范化，维护农村集体经济组织合法权益。"],
)

_area(
    "eco",
    leads=["护航生态文明建设", "守护绿水青山", "加强环境资源审判", "筑牢生态安全屏障"],
    facts=[
        lambda g: f"审结环境资源案件{g.ks(20, 160)}件，其中刑事案件{g.part(0.15, 0.4)}件。",
        lambda g: f"判令被告人补植复绿林木{g.f(1, 3.5)}万株、增殖放流鱼苗{g.k(5, 40)}万尾。",
        lambda g: f"判处生态环境修复费用{g.wan(50, 800)}，推动受损生态环境得到有效修复。",
    ],
    inits=[
        lambda g: f"与{g.o('jcy')}、{g.o('gaj')}、{g.o('lyj')}共建{g.short}山林生态司法保护基地，开展生态修复{g.k(3, 20)}次。",
        lambda g: f"设立{g.q('eco')}生态修复基地，探索“补植复绿+劳务代偿”修复模式，修复受损林地{g.k(20, 300)}亩。",
        lambda g: f"会同{g.o('stj')}建立生态环境损害赔偿磋商衔接机制，促成生态损害赔偿{g.wan(30, 500, 0)}。",
        lambda g: f"与{g.o('slj')}联合设立{g.q('eco')}河湖司法保护工作站，开展巡河护河普法活动{g.k(6, 40)}场。",
    ],
    extras=[lambda g: f"审结的{g.case('非法捕捞水产品案')}入选{g.ps}法院环境资源审判典型案例。"],
    openers="坚持用最严格制度最严密法治保护生态环境|践行“绿水青山就是金山银山”理念|落实环境资源案件集中管辖|坚持生态优先、绿色发展",
    actions="推行恢复性司法理念|依法惩处非法采矿、滥伐林木等犯罪|推动生态环境保护行政执法与司法审判有机衔接|开展环境资源案件“现场审理+以案说法”|依法支持检察机关提起环境公益诉讼",
    purposes="守护好{short}的青山绿水|为美丽{short}建设提供司法保障|促进人与自然和谐共生|让生态司法成果惠及群众",
    solos=["对破坏生态环境的被告人，在依法追究刑事责任的同时责令其承担修复责任，实现“惩治一个、修复一片、教育一方”。"],
)

_area(
    "region",
    leads=["深化区域司法协作", "服务区域协调发展"],
    facts=[
        lambda g: f"办理跨域立案{g.ks(100, 900)}件，跨域委托送达、调查取证{g.ks(60, 500)}件。",
        lambda g: f"联合开展跨区域执行行动{g.k(2, 8)}次，执结异地案件{g.ks(20, 200)}件。",
    ],
    inits=[
        lambda g: f"与{g.neighbor()}、{g.neighbor()}签署司法协作框架协议，共同建立{g.q('region')}跨域联动机制，办理协作事项{g.ks(50, 600)}件。",
        lambda g: f"与{g.neighbor()}共建{g.q('region')}跨域纠纷联调中心，联合化解毗邻地区纠纷{g.k(20, 200)}件。",
    ],
    openers="主动融入区域一体化发展|聚焦毗邻地区群众往来频繁的实际|坚持资源共享、优势互补",
    actions="推动跨区域立案、送达、执行协作常态化|统一类案裁判尺度|定期召开区域司法协作联席会议|共享审判执行信息和典型案例",
    purposes="让群众少跑路、好办事|为区域协调发展提供有力司法服务|推动区域法治环境共建共享",
)

_area(
    "govlaw",
    leads=["助推法治政府建设", "促进依法行政", "深化府院良性互动"],
    facts=[
        lambda g: f"向{g.L}政府及职能部门发送司法建议{g.k(4, 25)}份，反馈率100%。",
        lambda g: f"协助{g.L}政府审查重大行政决策、规范性文件{g.k(5, 40)}件。",
    ],
    inits=[
        lambda g: f"与{g.o('zf')}建立府院联席会议机制，召开联席会议{g.k(2, 6)}次，协调解决涉企、涉民生重点问题{g.k(8, 40)}个。",
        lambda g: f"与{g.o('sfj')}共建{g.q('gov')}行政争议调解中心，促成行政争议和解撤诉{g.k(10, 80)}件。",
    ],
    extras=[
        lambda g: f"发布《{g.county}{g.year}年度行政审判白皮书》，剖析行政执法中的共性问题。",
        lambda g: f"编印《{g.county}司法大数据分析报告》呈送{g.L}主要领导，为科学决策提供参考。",
    ],
    openers="坚持监督与支持并重|主动服务法治政府建设大局|立足行政审判职能",
    actions="常态化开展行政机关负责人出庭应诉旁听庭审活动|定期向{L}政府通报行政审判情况|为行政执法人员开展专题培训|开展行政审判进机关活动",
    purposes="推动行政机关依法行政|促进行政争议源头预防|助推法治{short}建设",
)

_area(
    "criminal",
    leads=["依法惩治刑事犯罪", "严厉打击违法犯罪", "维护社会安全稳定", "坚持依法惩治犯罪，维护社会大局稳定", "守护人民群众安全"],
    facts=[
        lambda g: (
            f"审结刑事案件{g.cases(0.05, 0.09)}件，判处罪犯{g.part(1.1, 1.4)}人{g.yoy()}。" if g.chance(0.5) else
            f"审结刑事案件{g.cases(0.05, 0.09)}件、判处罪犯{g.part(1.1, 1.4)}人，{g.basis()}分别{g.pick(['上升', '下降'])}{g.f(1, 20, 2)}%、{g.f(1, 20, 2)}%。"
        ),
        lambda g: f"审结电信网络诈骗及关联犯罪案件{g.ks(30, 250)}件，追赃挽损{g.wan(100, 3000)}。",
        lambda g: f"审结危险驾驶、交通肇事等案件{g.ks(80, 500)}件，守护群众出行安全。",
        lambda g: f"依法审结职务犯罪案件{g.k(3, 25)}件{g.part(1.0, 1.3)}人，有力推动反腐败斗争向纵深发展。",
        lambda g: f"认罪认罚从宽制度适用率达{g.pct(80, 95)}{g.pp()}。",
        lambda g: f"审结盗窃、抢劫、诈骗等侵财犯罪案件{g.ks(60, 400)}件，判处罪犯{g.part(1.1, 1.5)}人。",
    ],
    inits=[
        lambda g: f"与{g.o('gaj')}、{g.o('jcy')}建立{g.q('crim')}反诈宣防联动机制，开展反诈宣传{g.k(20, 120)}场。",
        lambda g: f"开展{g.q('crim')}涉诈犯罪专项打击行动，审结相关案件{g.k(20, 160)}件。",
        lambda g: f"会同{g.o('sfj')}完善社区矫正衔接机制，对{g.k(20, 200)}名缓刑、管制罪犯落实交付衔接。",
    ],
    extras=[
        lambda g: f"审结的{g.case('诈骗案')}入选{g.ps}法院打击治理电信网络诈骗犯罪典型案例。",
        lambda g: f"{g.me}刑事审判庭被评为全市政法系统先进集体。",
    ],
    openers="坚持宽严相济刑事政策|始终保持对严重刑事犯罪的高压态势|坚持总体国家安全观|坚持罪刑法定、罪责刑相适应",
    actions="依法从严惩处涉黄赌毒、盗抢骗犯罪|对犯罪情节轻微、真诚悔罪的被告人依法从宽处理|严格落实非法证据排除规则|依法严惩危害食品药品安全犯罪|依法惩处非法集资、养老诈骗等犯罪|推进量刑规范化",
    purposes="不断增强人民群众安全感|全力维护社会和谐稳定|守护一方平安|最大限度减少社会对立面",
    solos=["常态化开展扫黑除恶斗争，深挖彻查涉黑涉恶犯罪背后的“保护伞”，推动行业乱象整治。",
           "依法保障被告人辩护权，推进刑事案件律师辩护全覆盖试点，确保每一起刑事案件经得起检验。"],
)

_area(
    "civil",
    leads=["公正高效审理民商事案件", "依法化解民商事纠纷", "妥善审理民生案件"],
    facts=[
        lambda g: f"审结一审民商事案件{g.cases(0.45, 0.6)}件，涉案标的额{g.yi(6, 40)}{g.yoy()}。",
        lambda g: f"民商事案件调撤率{g.pct(40, 70)}{g.pp()}，一审服判息诉率{g.pct(85, 97)}。",
        lambda g: f"民商事案件平均审理天数{g.f(30, 80)}天{g.shorter()}。",
        lambda g: f"审结物业服务、房屋租赁等民生案件{g.ks(200, 2000)}件，依法保障群众安居。",
        lambda g: f"审结机动车交通事故责任纠纷案件{g.ks(100, 900)}件，调解结案率{g.pct(50, 80)}。",
    ],
    inits=[
        lambda g: f"推行{g.q('civil')}审理机制，简易程序适用率达{g.pct(70, 92)}。",
        lambda g: f"与{g.o('zjj')}、{g.town_gov()}共建{g.q('civil')}物业纠纷调解工作室，化解物业纠纷{g.ks(60, 500)}件。",
    ],
    extras=[lambda g: "制定《民商事案件要素式审判工作指引》，推动类案裁判标准统一。"],
    openers="坚持调解优先、调判结合|坚持把社会主义核心价值观融入裁判说理|坚持依法平等保护",
    actions="依法审理婚姻家庭、邻里相邻、人身损害等民生案件|推行类案同判、要素式审判|加大虚假诉讼甄别和惩戒力度|对案情简单的案件适用小额诉讼程序快审快结|加强对见义勇为、助人为乐等行为的司法保护",
    purposes="最大限度实现案结事了人和|让人民群众感受到公平正义就在身边|以公正裁判引领社会风尚|促进社会和谐稳定",
    solos=["审结的一批高空抛物、公共场所安全保障义务纠纷案件，以鲜明的裁判导向倡导文明行为。"],
)

_area(
    "admin",
    leads=["推动行政争议实质化解", "监督支持依法行政", "加强行政审判工作"],
    facts=[
        lambda g: f"审结行政案件{g.ks(40, 300)}件，行政机关负责人出庭应诉率{g.pct(95, 103)}。",
        lambda g: f"行政案件调解撤诉率{g.pct(10, 40)}{g.pp()}。",
        lambda g: f"审查行政非诉执行案件{g.ks(20, 200)}件，裁定准予执行{g.part(0.7, 0.95)}件。",
    ],
    inits=[
        lambda g: f"会同{g.o('sfj')}建立行政争议诉前实质化解联动机制，促成行政争议和解{g.k(10, 90)}件。",
        lambda g: f"在{g.o('shzl')}设立行政争议调解工作室，诉前化解行政争议{g.k(10, 80)}件。",
    ],
    extras=[lambda g: f"发布《{g.county}行政审判白皮书（{g.year}）》，助推行政机关提升依法行政水平。"],
    openers="坚持监督和支持依法行政相统一|聚焦征地拆迁、行政处罚等重点领域|坚持实质性化解行政争议",
    actions="依法审理各类行政案件|推动行政机关负责人出庭出声出效|对行政行为违法的依法判决撤销或确认违法|加强行政非诉执行审查",
    purposes="实现行政争议案结事了政和|助推法治政府建设|保护行政相对人合法权益",
)

_area(
    "enforce",
    leads=["全力攻坚执行难题", "切实兑现胜诉权益", "提升执行工作质效", "加大执行工作力度"],
    facts=[
        lambda g: (
            f"执结案件{g.cases(0.22, 0.32)}件，执行到位金额{g.yi(1.5, 20)}{g.yoy()}。" if g.chance(0.6) else
            f"新收执行案件{g.cases(0.25, 0.35)}件，执结{g.part(0.9, 1.05)}件，{g.basis()}分别{g.pick(['上升', '增长'])}{g.f(1, 25, 2)}%、{g.f(1, 25, 2)}%；执行到位金额{g.yi(1.5, 20)}。"
        ),
        lambda g: f"首次执行案件平均执行天数缩短至{g.k(40, 110)}天，实际执结率{g.pct(30, 60)}。",
        lambda g: f"依法对拒不履行的被执行人采取拘留措施{g.ks(20, 300)}人次，以拒执罪判处{g.k(2, 30)}人。",
        lambda g: f"将{g.ks(300, 3000)}人次纳入失信被执行人名单，限制高消费{g.ks(1000, 8000)}人次。",
        lambda g: f"网络司法拍卖成交{g.ks(50, 500)}件，成交金额{g.yi(0.5, 6)}，溢价率{g.pct(10, 45)}。",
    ],
    inits=[
        lambda g: f"开展{g.q('exec')}集中执行行动{g.k(2, 8)}次，执结涉民生案件{g.ks(100, 800)}件，发放执行案款{g.wan(500, 9000)}。",
        lambda g: f"联合{g.o('gaj')}建立{g.q('exec')}查人找物协作机制，协助查找被执行人{g.ks(50, 400)}人。",
        lambda g: f"与{g.bank()}建立执行案款快速发放机制，案款平均发放周期缩短至{g.k(3, 12)}天。",
    ],
    extras=[
        lambda g: f"{g.me}执行局获评{g.ps}法院执行工作先进集体。",
        lambda g: "出台《关于规范执行案款管理的实施办法》，确保案款及时足额发放。",
    ],
    openers="坚持“切实解决执行难”目标不动摇|聚焦涉民生案件和小标的案件|坚持强制执行与善意文明执行并重",
    actions="综合运用网络查控、司法拍卖等措施|依法惩戒规避执行、抗拒执行行为|推行执行事务集约化办理|加强善意文明执行|推动失信被执行人信用修复|常态化开展节假日、凌晨集中执行",
    purposes="让胜诉当事人尽快拿到“真金白银”|有力维护司法权威|推动形成诚实守信的社会氛围|不断提升执行工作群众满意度",
    solos=["对有履行能力而拒不履行的被执行人，依法采取罚款、拘留等强制措施，形成强大执行威慑。",
           "对暂时无履行能力的中小企业被执行人，依法采取“放水养鱼”措施，给予合理宽限期。"],
)

_area(
    "family",
    leads=["妥善化解家事纠纷", "深化家事审判改革", "促进家庭和谐稳定"],
    facts=[
        lambda g: f"审结婚姻家庭案件{g.cases(0.04, 0.08)}件，调解离婚纠纷{g.part(0.2, 0.4)}件。",
        lambda g: f"发出人身安全保护令{g.k(5, 60)}份、家庭教育指导令{g.k(5, 60)}份，及时制止家庭暴力。",
        lambda g: f"审结继承、赡养纠纷案件{g.ks(30, 300)}件，开展家事回访{g.k(20, 150)}次。",
    ],
    inits=[
        lambda g: f"与{g.o('fl')}共建{g.q('family')}婚姻家庭纠纷调解工作室，调解婚姻家庭纠纷{g.ks(80, 600)}件。",
        lambda g: f"联合{g.o('fl')}、{g.o('mzj')}建立反家暴{g.q('family')}联动机制，开展家事回访{g.k(30, 200)}次。",
    ],
    extras=[
        lambda g: f"向{g.k(3, 30)}名未尽监护职责的父母发出《家庭教育指导令》，督促其依法履职。",
        lambda g: f"审结的{g.case('抚养纠纷案')}入选{g.ps}法院家事审判典型案例。",
    ],
    openers="坚持柔性司法理念|注重家事纠纷的情感修复|坚持未成年子女利益最大化原则",
    actions="推行家事调查、心理疏导、离婚冷静期等制度|妥善处理抚养、赡养、继承纠纷|聘请心理咨询师参与家事纠纷化解|设立家事审判圆桌法庭",
    purposes="弘扬文明家风|维护婚姻家庭和谐稳定|守护妇女儿童合法权益",
)

_area(
    "labor",
    leads=["保障劳动者合法权益", "构建和谐劳动关系", "护航农民工工资支付"],
    facts=[
        lambda g: f"审结劳动争议案件{g.ks(100, 1200)}件，为劳动者追回劳动报酬{g.wan(300, 9000)}。",
        lambda g: f"审结拒不支付劳动报酬案件{g.k(2, 20)}件，督促支付欠薪{g.wan(50, 800, 0)}。",
        lambda g: f"审结工伤保险、社会保险纠纷案件{g.ks(30, 300)}件，为劳动者争取赔偿{g.wan(100, 2000)}。",
    ],
    inits=[
        lambda g: f"会同{g.o('rsj')}、{g.o('zgh')}建立劳动争议{g.q('labor')}一站式调处中心，诉前化解劳动争议{g.ks(100, 1500)}件。",
        lambda g: f"与{g.o('zgh')}共建{g.q('labor')}劳动者维权服务站，为农民工等群体提供法律咨询{g.ap(g.k(200, 2000), '人次')}。",
        lambda g: f"会同{g.o('rsj')}完善劳动争议裁审衔接机制，统一裁审尺度，联合发布典型案例{g.k(3, 12)}个。",
    ],
    extras=[lambda g: f"审结的{g.case('追索劳动报酬纠纷案')}入选{g.ps}法院劳动争议典型案例。"],
    openers="坚持依法保护劳动者权益与企业生存发展并重|聚焦新就业形态劳动者权益保障|坚持把根治欠薪作为民生工程",
    actions="开通农民工讨薪“绿色通道”|依法审理工伤赔偿、社会保险等纠纷|对追索劳动报酬案件优先立案、优先审理、优先执行|引导用人单位依法规范用工",
    purposes="让辛勤劳动者不再忧“薪”|促进劳动关系和谐稳定|守护劳动者的合法权益",
)

_area(
    "minor",
    leads=["加强未成年人司法保护", "护航未成年人健康成长", "守护青少年健康成长"],
    facts=[
        lambda g: f"审结涉未成年人案件{g.ks(30, 260)}件，选派{g.k(10, 50)}名法官担任中小学法治副校长。",
        lambda g: f"开展法治进校园活动{g.k(20, 120)}场，覆盖师生{g.ap(g.k(3000, 40000), '人次')}。",
        lambda g: f"对{g.k(3, 40)}名未成年被告人开展社会调查，落实犯罪记录封存{g.k(5, 60)}人次。",
    ],
    inits=[
        lambda g: f"联合{g.o('fl')}、{g.o('tw')}{g.first()}打造{g.q('minor')}未成年人司法保护工作站，开展心理疏导、家庭教育指导{g.k(30, 300)}次。",
        lambda g: f"与{g.o('jyj')}共建{g.q('minor')}青少年法治教育基地，开展模拟法庭、法治讲座{g.k(20, 100)}场。",
        lambda g: f"携手{g.o('ggw')}推出{g.q('minor')}家庭教育指导项目，帮助{g.k(20, 150)}个困境家庭修复亲子关系。",
    ],
    extras=[lambda g: f"{g.tribunal()}少年审判工作入选{g.ps}法院未成年人司法保护优秀案例。"],
    openers="坚持最有利于未成年人原则|坚持教育、感化、挽救方针|坚持预防为主、保护优先",
    actions="依法从严惩处侵害未成年人犯罪|落实未成年人犯罪记录封存制度|推动家庭、学校、社会、司法保护协同发力|落实强制报告和入职查询制度",
    purposes="为未成年人撑起法治蓝天|护航祖国的花朵健康成长|守护未成年人的美好明天",
)

_area(
    "service",
    leads=["提升诉讼服务水平", "深化一站式诉讼服务", "优化诉讼服务体验", "让群众诉讼更加便捷"],
    facts=[
        lambda g: f"网上立案{g.cases(0.3, 0.6)}件，网上立案率达{g.pct(75, 96)}{g.pp()}。",
        lambda g: f"为困难当事人缓减免诉讼费{g.wan(30, 400)}，发放司法救助金{g.wan(20, 300)}。",
        lambda g: f"办理跨域立案{g.ks(50, 700)}件，电子送达率{g.pct(60, 95)}。",
        lambda g: f"诉讼服务中心接待来访群众{g.ap(g.k(3000, 30000), '人次')}，当场立案率{g.pct(90, 99)}。",
    ],
    inits=[
        lambda g: f"{g.first(0.4)}上线{g.q('serve')}智慧诉讼服务平台，实现立案、缴费、阅卷等事项“掌上办”。",
        lambda g: f"推行{g.q('serve')}诉讼服务模式，为老年人、残疾人等特殊群体提供上门立案、预约立案服务{g.k(20, 300)}次。",
        lambda g: f"与{g.o('rmyh')}合作开设{g.q('serve')}诉讼服务窗口，办理咨询、查询等事项{g.ap(g.k(500, 5000), '件')}。",
    ],
    extras=[
        lambda g: f"编印《{g.court}诉讼服务指南》，向群众免费发放。",
        lambda g: f"{g.me}诉讼服务中心获评{g.ps}法院诉讼服务工作先进集体。",
    ],
    openers="坚持把诉讼服务作为联系群众的窗口|聚焦群众诉讼的难点堵点|坚持线上线下服务融合",
    actions="推行立案、缴费、送达全流程网上办理|完善诉讼服务中心功能分区|推行诉讼费用网上缴纳和退费|设立律师服务专区和调解专区|落实首问负责、一次性告知等制度",
    purposes="让群众少跑腿、快办事|让司法服务更有温度|不断提升人民群众的司法获得感",
)

_area(
    "source",
    leads=["深化诉源治理", "推动矛盾纠纷源头化解", "坚持和发展新时代枫桥经验", "助推基层社会治理"],
    facts=[
        lambda g: f"诉前调解纠纷{g.cases(0.15, 0.3)}件，调解成功率{g.pct(35, 65)}{g.pp()}。",
        lambda g: f"新收民商事案件{g.cases(0.4, 0.55)}件{g.yoy(0.8, 'down')}，诉源治理成效持续显现。",
        lambda g: f"聘请特邀调解员{g.k(20, 120)}名，委派、委托调解案件{g.ks(300, 3000)}件。",
    ],
    inits=[
        lambda g: f"深化{g.q('source')}共享法庭建设，在{g.k(30, 300)}个村（社区）实现全覆盖，指导调解纠纷{g.ks(100, 900)}件。",
        lambda g: f"会同{g.o('sfj')}、{g.o('shzl')}打造{g.q('source')}矛盾纠纷联调中心，入驻调解组织{g.k(5, 20)}个。",
        lambda g: f"联合{g.town_gov()}设立{g.q('source')}人民调解工作室，吸纳{g.k(10, 60)}名乡贤担任特邀调解员。",
    ],
    extras=[
        lambda g: f"{g.tribunal()}被评为{g.ps}法院“枫桥式人民法庭”。",
        lambda g: f"会同{g.o('zfw')}制定《{g.county}诉源治理工作实施方案》，将万人成讼率纳入平安建设考核。",
    ],
    openers="坚持把非诉讼纠纷解决机制挺在前面|主动融入{L}委领导的诉源治理格局|坚持抓前端、治未病",
    actions="推动人民调解、行政调解、司法调解有机衔接|加强对人民调解组织的业务指导|推动解纷力量向乡村一线下沉|开展“无讼村（社区）”创建|推动调解协议司法确认",
    purposes="努力把矛盾纠纷化解在基层、化解在萌芽状态|促进基层治理体系和治理能力现代化|实现“矛盾不上交、平安不出事、服务不缺位”",
)

_area(
    "tribunal",
    leads=["加强人民法庭建设", "发挥人民法庭前沿阵地作用", "推进人民法庭工作提质增效"],
    facts=[
        lambda g: f"{len(g.tribunals)}个人民法庭共审结案件{g.cases(0.15, 0.3)}件，占全院结案数的{g.pct(15, 35)}。",
        lambda g: f"人民法庭开展巡回审判{g.k(30, 200)}次，就地调解纠纷{g.ks(100, 800)}件。",
    ],
    inits=[
        lambda g: f"{g.tribunal()}与{g.town_gov()}共建{g.q('court')}法官联络站，开展巡回审判{g.k(10, 60)}次。",
        lambda g: f"推行{g.q('court')}车载流动法庭，深入偏远山村巡回审理案件{g.k(20, 120)}件。",
    ],
    extras=[lambda g: f"{g.tribunal()}被评为{g.ps}法院优秀人民法庭。"],
    openers="坚持“三个便于”工作原则|立足服务乡村振兴、参与基层治理的职能定位",
    actions="推动人民法庭与派出所、司法所联动|深化法官进网格、进村社|优化人民法庭布局|完善人民法庭诉讼服务功能",
    purposes="打通服务群众“最后一公里”|让群众在家门口感受到公平正义|把人民法庭建设成为基层治理的坚强阵地",
)

_area(
    "publicity",
    leads=["深化法治宣传教育", "推动全民守法", "以案释法引领社会风尚", "弘扬社会主义核心价值观"],
    facts=[
        lambda g: f"开展普法宣传活动{g.k(40, 300)}场，发放宣传资料{g.ap(g.k(2000, 30000), '份')}。",
        lambda g: f"发布典型案例{g.k(10, 60)}批次，推出以案释法短视频{g.k(10, 80)}期。",
    ],
    inits=[
        lambda g: f"打造{g.firstn()}{g.q('pub')}普法品牌，推出普法短视频{g.k(20, 150)}期，全网播放量超{g.k(10, 300)}万次。",
        lambda g: f"联合{g.o('rmyh')}开展{g.q('pub')}宪法宣传周直播活动，在线观看{g.ap(g.k(20000, 300000), '人次')}。",
        lambda g: f"与{g.o('jyj')}共建{g.q('pub')}法治课堂，开展法治讲座{g.k(10, 80)}场。",
    ],
    openers="坚持“谁执法谁普法”普法责任制|深入学习宣传贯彻民法典|坚持普法与办案相结合",
    actions="常态化开展“法律进乡村、进社区、进企业、进学校”活动|选取群众关注的典型案例公开宣判|邀请群众旁听庭审|在重要节点开展集中宣传",
    purposes="推动形成办事依法、遇事找法的良好氛围|让法治精神深入人心|以司法裁判引领社会风尚",
)

_area(
    "care",
    leads=["加强特殊群体权益保障", "关爱老年人和残疾人", "做实司法救助工作"],
    facts=[
        lambda g: f"为{g.k(20, 200)}名困难当事人发放司法救助金{g.wan(20, 300)}。",
        lambda g: f"审结涉老年人赡养、养老服务等案件{g.ks(40, 300)}件，维护老年人合法权益。",
    ],
    inits=[
        lambda g: f"与{g.o('hszh')}合作设立{g.q('care')}应急救护服务站，在诉讼服务中心和{len(g.tribunals)}个人民法庭配置急救设备，培训干警{g.k(40, 200)}人次。",
        lambda g: f"会同{g.o('cl')}建立{g.q('care')}助残诉讼服务机制，为残疾人提供上门立案、手语翻译等服务{g.k(20, 200)}次。",
        lambda g: f"携手{g.o('cszh')}推出{g.q('care')}司法救助帮扶项目，为困难当事人募集帮扶资金{g.wan(10, 100, 0)}。",
    ],
    extras=[lambda g: f"制定《{g.court}老年人诉讼服务工作指引》，设立老年人诉讼绿色通道。"],
    openers="坚持把司法救助作为民生工程来抓|聚焦老年人、残疾人等特殊群体的司法需求|坚持应救尽救、及时救助",
    actions="开通特殊群体诉讼“绿色通道”|提供预约立案、上门立案等便民服务|推动司法救助与社会救助有效衔接|为视障、听障当事人提供无障碍诉讼服务",
    purposes="让困难群众感受到司法温暖|彰显司法人文关怀|兜住困难群众的民生底线",
)

_area(
    "congress",
    leads=["自觉接受人大监督", "主动接受人大政协监督", "认真落实人大决议"],
    facts=[
        lambda g: f"主动向{g.L}人大常委会报告专项工作{g.k(1, 4)}次，邀请人大代表、政协委员旁听庭审、见证执行{g.ap(g.k(50, 400), '人次')}。",
        lambda g: f"办理代表建议和政协提案{g.k(5, 30)}件，办结率100%。",
        lambda g: f"院领导走访代表委员{g.ap(g.k(50, 300), '人次')}，认真听取意见建议。",
    ],
    inits=[
        lambda g: f"建立{g.q('super')}代表委员联络机制，邀请代表委员参与调解、评议案件{g.k(10, 100)}件。",
        lambda g: f"在{g.tribunal()}设立代表委员联络站，常态化听取意见建议{g.k(20, 120)}条。",
    ],
    extras=[lambda g: f"制定《{g.court}{g.year}年度联络代表委员工作方案》，明确联络工作要求。"],
    openers="坚持把人大监督作为做好法院工作的重要保障|主动向{L}政协通报法院工作情况|坚持重大事项向{L}人大常委会报告",
    actions="认真落实{L}人大及其常委会决议|积极配合{L}人大常委会开展专题调研和执法检查|定期向代表委员寄送法院工作简报|邀请代表委员参加法院重大活动",
    purposes="确保法院工作始终在监督中规范运行|推动代表建议转化为改进工作的实际成效|让人民群众更好了解、支持法院工作",
)

_area(
    "procur",
    leads=["自觉接受检察机关法律监督", "主动接受法律监督", "深化法检良性互动"],
    facts=[
        lambda g: f"办理检察建议{g.k(5, 40)}份，邀请检察长列席审判委员会会议{g.k(2, 12)}次。",
        lambda g: f"审结检察机关提起的公益诉讼案件{g.k(2, 20)}件，依法审理抗诉案件{g.k(1, 8)}件。",
    ],
    inits=[
        lambda g: f"与{g.o('jcy')}建立{g.q('general')}法检联席会议机制，召开联席会议{g.k(2, 6)}次，共同研究解决法律适用问题。",
    ],
    extras=[lambda g: f"与{g.o('jcy')}会签《关于加强民事执行检察监督协作配合的意见》，规范监督程序。"],
    openers="坚持监督与配合并重|自觉接受检察机关诉讼监督",
    actions="依法办理抗诉案件和再审检察建议|认真研究检察机关提出的监督意见|共同开展司法业务研讨",
    purposes="共同维护司法公正|促进严格公正司法|形成维护司法权威的工作合力",
)

_area(
    "openness",
    leads=["深化司法公开", "广泛接受社会监督", "主动回应社会关切", "坚持阳光司法"],
    facts=[
        lambda g: f"在中国庭审公开网直播庭审{g.ks(300, 3000)}场，在中国裁判文书网公开裁判文书{g.ks(1000, 9000)}份。",
        lambda g: f"通过新媒体平台发布工作动态{g.k(100, 600)}条，{g.k(20, 120)}篇稿件被省级以上媒体刊发。",
        lambda g: f"组织公众开放日活动{g.k(4, 20)}次，邀请群众{g.ap(g.k(200, 2000), '人次')}走进法院。",
    ],
    inits=[
        lambda g: f"举办{g.q('super')}法院开放日活动，邀请社会各界人士参观诉讼服务中心和执行指挥中心。",
        lambda g: f"与{g.o('rmyh')}共建{g.q('pub')}法治宣传平台，推出庭审观摩、以案说法等栏目。",
    ],
    extras=[lambda g: f"{g.me}微信公众号获评全省政法新媒体优秀单位。"],
    openers="坚持以公开促公正、以透明保廉洁|坚持依法、全面、及时、规范公开",
    actions="推进审判流程、庭审活动、裁判文书、执行信息四大公开|及时回应群众关切|规范新闻发布工作|健全舆情监测处置机制",
    purposes="让司法权力在阳光下运行|不断提升司法公信力|让群众看得见、听得到、能监督",
)

_area(
    "party",
    leads=["坚持把政治建设摆在首位", "加强政治建设", "坚持党建引领", "深化模范机关创建"],
    facts=[
        lambda g: f"开展党组理论学习中心组学习{g.k(10, 24)}次，组织专题党课{g.k(4, 20)}场。",
        lambda g: f"组织党员干警参加志愿服务{g.ap(g.k(200, 1500), '人次')}，结对帮扶困难群众{g.k(10, 60)}户。",
    ],
    inits=[
        lambda g: f"打造{g.q('party')}党建品牌，推动党建与审判执行工作深度融合。",
        lambda g: f"与{g.o('swj')}签订党建共建协议，联合开展党员志愿服务{g.k(6, 30)}次。",
        lambda g: f"开展{g.q('party')}党员先锋岗创建活动，设立党员示范岗{g.k(10, 40)}个。",
    ],
    extras=[lambda g: f"{g.tribunal()}党支部获评全市先进基层党支部。"],
    openers="坚持以习近平新时代中国特色社会主义思想凝心铸魂|坚持党对法院工作的绝对领导|坚持以党建带队建促审判",
    actions="严格落实重大事项请示报告制度|深入推进党建与业务深度融合|落实“第一议题”学习制度|严格党内政治生活|推进支部标准化规范化建设",
    purposes="引导干警坚定拥护“两个确立”、坚决做到“两个维护”|筑牢对党忠诚的政治品格|以高质量党建引领法院工作高质量发展",
)

_area(
    "training",
    leads=["提升队伍专业能力", "注重年轻干警培养", "加强司法能力建设", "锻造专业化审判队伍"],
    facts=[
        lambda g: f"开展业务培训{g.k(10, 40)}期，培训干警{g.ap(g.k(300, 2000), '人次')}。",
        lambda g: f"{g.k(2, 12)}篇论文在全国法院学术讨论会等评比中获奖，{g.k(3, 20)}篇案例被上级法院采用。",
        lambda g: f"新招录法官助理、书记员{g.k(5, 30)}名，选派{g.k(3, 15)}名青年干警到基层一线锻炼。",
    ],
    inits=[
        lambda g: f"与{g.univ()}签署合作协议，共建{g.q('train')}法学实践教学基地，接收法学专业学生实习{g.k(10, 60)}人。",
        lambda g: f"实施{g.q('train')}青年干警培养计划，为{g.k(10, 60)}名青年干警配备业务导师。",
        lambda g: f"举办{g.q('train')}业务讲堂{g.k(6, 24)}期，由审判业务骨干讲授办案经验。",
    ],
    extras=[
        lambda g: f"{g.me}获评{g.ps}法院调研工作先进集体。",
        lambda g: f"{g.me}民事审判团队撰写的裁判文书荣获{g.ps}法院优秀裁判文书一等奖。",
    ],
    openers="坚持把能力建设作为队伍建设的基础工程|坚持干什么学什么、缺什么补什么|坚持严管厚爱相结合",
    actions="常态化开展岗位练兵和业务竞赛|选派干警参加上级法院业务培训|推行案例研讨、庭审观摩|健全法官助理培养机制|加强调查研究和案例编写",
    purposes="打造一支政治过硬、业务精湛的法院队伍|全面提升干警司法能力|为法院事业发展储备人才",
)

_area(
    "integrity",
    leads=["从严正风肃纪", "加强廉洁司法建设", "坚持全面从严治院", "驰而不息纠治四风"],
    facts=[
        lambda g: f"开展审务督察{g.k(6, 30)}次，通报问题{g.k(5, 40)}个，全部督促整改到位。",
        lambda g: f"开展廉政谈话{g.ap(g.k(80, 400), '人次')}，组织旁听职务犯罪庭审{g.k(1, 4)}次。",
    ],
    inits=[
        lambda g: f"打造{g.q('clean')}廉政文化品牌，推动廉洁文化融入审判执行各环节。",
        lambda g: f"开展{g.q('clean')}警示教育，通报违纪违法典型案例{g.k(5, 20)}个。",
    ],
    extras=[lambda g: f"编印《{g.court}廉政风险防控手册》，排查廉政风险点{g.k(20, 80)}个。"],
    openers="严格落实防止干预司法“三个规定”|坚持严管和厚爱相结合|坚持无禁区、全覆盖、零容忍",
    actions="深化纪律作风教育整顿|持续开展司法作风专项督查|加强对重点岗位、关键环节的监督制约|配合派驻纪检监察组开展监督检查|推进审判执行权力运行全程留痕",
    purposes="以铁的纪律锻造忠诚干净担当的法院队伍|营造风清气正的司法环境|推动清廉法院建设走深走实",
)

_area(
    "manage",
    leads=["强化审判管理", "狠抓审判质效提升", "深化审判监督管理"],
    facts=[
        lambda g: f"审判质效综合得分{g.f(85, 98, 2)}分{g.rank(0.7)}。",
        lambda g: f"长期未结案件{g.k(5, 80)}件{g.yoy(0.9, 'down')}，案件平均审理天数{g.f(35, 80)}天。",
        lambda g: f"开展案件评查{g.ks(200, 2000)}件，发布质效分析通报{g.k(10, 60)}期。",
        lambda g: f"发改率{g.pct(0.5, 3)}{g.pp(0.6)}，案件质量持续向好。",
    ],
    inits=[
        lambda g: f"推行{g.q('manage')}审判质效分析机制，每月研判审判运行态势。",
        lambda g: f"开展{g.q('manage')}审判质效提升专项行动，清理积案{g.ks(100, 900)}件。",
    ],
    extras=[lambda g: f"出台《{g.court}审判管理工作规程》等制度文件{g.k(5, 20)}份，织密审判监督管理制度网。"],
    openers="坚持向管理要质效|落实院庭长阅核和监督管理职责|坚持质量、效率、效果相统一",
    actions="强化审限节点管控|推行案件质量“回头看”|定期通报审判质效数据|建立发改案件分析通报制度|开展长期未结案件专项清理",
    purposes="推动审判质效稳中向好|确保每一个案件经得起检验|以审判管理现代化服务审判工作现代化",
)

_area(
    "digital",
    leads=["推进数字法院建设", "强化科技赋能", "深化智慧法院建设"],
    facts=[
        lambda g: f"在线开庭{g.ks(500, 4000)}次，在线调解{g.ks(800, 6000)}件，电子送达率{g.pct(70, 96)}。",
        lambda g: f"电子卷宗随案生成率{g.pct(90, 100)}，无纸化办案覆盖率{g.pct(60, 98)}。",
    ],
    inits=[
        lambda g: f"上线{g.q('digital')}智能辅助办案系统，文书自动生成率{g.pct(40, 80)}。",
        lambda g: f"建成{g.q('digital')}数字化执行指挥平台，实现查控、拍卖、案款发放全流程线上流转。",
        lambda g: f"与{g.o('sjj')}共建{g.q('digital')}数据共享平台，打通不动产登记、车辆等信息{g.k(6, 20)}类。",
    ],
    extras=[lambda g: f"“{g.short}智审”应用入选{g.ps}法院数字化改革优秀案例。"],
    openers="坚持向科技要效率|紧扣数字化改革部署|坚持需求导向、问题导向",
    actions="推进全流程网上办案|推动电子卷宗随案生成和深度应用|升级科技法庭和远程提讯系统|推进执行指挥中心实体化运行",
    purposes="以数字赋能提升审判执行质效|让数据多跑路、群众少跑腿|推动数字法院建设迈上新台阶",
)

_area(
    "reform",
    leads=["深化司法体制综合配套改革", "全面落实司法责任制", "深化繁简分流改革"],
    facts=[
        lambda g: f"简易程序适用率{g.pct(60, 90)}，小额诉讼程序适用率{g.pct(10, 40)}。",
        lambda g: f"组建速裁团队{g.k(3, 12)}个，以{g.pct(15, 30)}的审判力量审结了{g.pct(45, 70)}的案件。",
    ],
    inits=[
        lambda g: f"推行{g.q('civil')}审判团队运行模式，明确团队成员职责清单。",
        lambda g: f"完善{g.q('general')}专业法官会议机制，召开专业法官会议{g.k(20, 120)}次。",
    ],
    openers="坚持“让审理者裁判、由裁判者负责”|深化审判权力运行机制改革|坚持改革与管理相结合",
    actions="健全院庭长办案常态化机制|完善审判监督管理权责清单|优化审判资源配置|推动审判辅助事务集约化",
    purposes="推动改革成果更好转化为治理效能|激发审判执行工作活力|提升司法效能",
)

# Shared clauses of each chapter, for the plain sentences of any of its work areas.
_CHAPTER_CLAUSES: dict[str, tuple[list[str], list[str], list[str]]] = {
    "serve": (
        _s("坚持把服务高质量发展作为第一要务|主动融入{L}委决策部署|立足审判执行职能|坚持能动履职、主动作为|紧扣{short}经济社会发展实际|坚持以高质量司法服务高质量发展|聚焦重点产业和重大项目|坚持把稳预期、强信心作为重要着力点"),
        _s("定期分析研判涉企案件态势|主动为党委政府决策提供司法参考|加强类案分析和司法建议工作|推动涉企纠纷多元化解|开展法官进企业、进园区、进商会活动|健全涉企案件快速办理机制|强化与职能部门的信息共享和工作联动|延伸审判职能参与社会治理|推动重大项目涉法问题及时化解"),
        _s("以法治力量护航发展大局|为{short}经济社会发展贡献法院力量|把司法服务送到市场主体身边|推动经济持续回升向好|让法治成为最好的营商环境|切实增强发展的法治保障|服务保障地方经济提质增效|助力打造一流营商环境"),
    ),
    "justice": (
        _s("坚持以事实为根据、以法律为准绳|坚持严格公正司法|坚持程序公正与实体公正并重|坚持依法独立公正行使审判权|坚持办案质量和效率相统一|始终把公正作为法院工作的生命线|坚持三个效果有机统一"),
        _s("严格落实庭审实质化要求|加强疑难复杂案件的审理指导|院庭长带头办理重大疑难复杂案件|加强裁判文书说理|推进案件繁简分流、轻重分离、快慢分道|强化审限管理和流程监控|落实审判委员会讨论重大案件制度|统一法律适用标准"),
        _s("努力让人民群众在每一个司法案件中感受到公平正义|确保案件经得起法律和历史的检验|实现政治效果、法律效果和社会效果有机统一|以公正司法守护社会公平正义|不断提升司法公信力|以高质效审判服务保障社会大局稳定"),
    ),
    "people": (
        _s("坚持以人民为中心的发展思想|坚持司法为民、公正司法|始终把群众的操心事、烦心事作为工作重点|坚持和发展新时代“枫桥经验”|从群众最关心最直接最现实的利益问题入手|坚持群众路线|坚持把群众满意作为工作标准"),
        _s("完善便民利民诉讼服务举措|推动司法服务向基层延伸|深化法官进网格工作|常态化开展司法便民服务|健全矛盾纠纷多元化解体系|开展群众满意度回访|推行预约立案、延时服务|畅通群众诉求表达渠道"),
        _s("不断增强人民群众的获得感、幸福感、安全感|让公平正义更加可感可触|把司法温暖送到群众身边|努力实现“小事不出村、大事不出镇、矛盾不上交”|切实解决群众急难愁盼问题|提升人民群众对法院工作的满意度"),
    ),
    "reform": (
        _s("坚持向改革要动力、向科技要效率|坚持问题导向和目标导向相统一|坚持以改革创新破解发展难题|紧扣上级法院改革部署"),
        _s("健全审判权力运行体系|完善司法责任制综合配套改革|推进审判辅助事务集约化管理|深化案件繁简分流改革|推动信息技术与审判执行深度融合|优化审判团队配置"),
        _s("推动审判体系和审判能力现代化|激发干警干事创业活力|以改革之力提升司法效能|促进审判执行工作提质增效"),
    ),
    "supervision": (
        _s("坚持把接受监督作为提升工作的重要动力|始终坚持自觉接受监督不动摇|牢固树立监督就是支持、监督就是促进的理念|坚持在监督中改进工作"),
        _s("认真落实人大代表联络工作制度|邀请代表委员参与执行活动、见证司法过程|主动通报重点工作推进情况|认真听取并积极采纳代表委员的意见建议|依法接受民主监督和舆论监督|健全代表委员意见建议办理反馈制度"),
        _s("推动法院工作在监督中不断进步|确保司法权力规范行使|让监督更好转化为推动工作的强大动力|以监督促进司法公正"),
    ),
    "team": (
        _s("坚持以党的政治建设为统领|坚持政治建院、从严治院|坚持全面从严管党治院|坚持把队伍建设作为基础性、战略性工程|坚持党管干部原则|坚持正确选人用人导向"),
        _s("深入开展司法作风建设|加强年轻干部培养和选拔任用|常态化开展谈心谈话|落实干警心理健康关爱举措|推进机关党建与业务工作深度融合|持续加强法院文化建设|完善干警绩效考核办法|落实干警休假、体检等关爱举措"),
        _s("锻造忠诚干净担当的新时代法院铁军|营造干事创业的良好氛围|以过硬队伍保障审判执行工作高质量发展|不断增强队伍凝聚力、战斗力|确保队伍绝对忠诚、绝对纯洁、绝对可靠"),
    ),
}


# Chapters: the categories of work areas and the headings reports give them (two halves).
CHAPTERS: dict[str, tuple[list[tuple[str, str]], list[str]]] = {
    "serve": (
        [("服务发展大局", "护航经济社会高质量发展"), ("坚持能动司法", "服务保障发展大局"), ("立足审判职能", "优化法治化营商环境"),
         ("主动融入大局", "为高质量发展提供司法保障"), ("胸怀国之大者", "全力护航中心大局"), ("聚焦中心工作", "助力地方经济提质增效")],
        ["business", "finance", "ip", "bankruptcy", "rural", "eco", "region", "govlaw"],
    ),
    "justice": (
        [("坚持公正司法", "维护社会公平正义"), ("依法履职尽责", "守护社会安全稳定"), ("严格公正司法", "提升审判执行质效"),
         ("聚焦主责主业", "以高质效办案守护公平正义"), ("强化审判执行", "筑牢公平正义防线")],
        ["criminal", "civil", "admin", "enforce", "family", "labor"],
    ),
    "people": (
        [("践行司法为民", "回应群众司法需求"), ("坚持人民至上", "增进民生福祉"), ("深化诉源治理", "助推基层治理现代化"),
         ("优化司法服务", "提升群众获得感"), ("厚植为民情怀", "做实民生司法保障")],
        ["service", "source", "tribunal", "publicity", "care", "minor"],
    ),
    "reform": (
        [("深化改革创新", "推进审判体系和审判能力现代化"), ("强化数字赋能", "提升智慧法院建设水平"), ("深化司法改革", "激发审判执行工作活力"),
         ("狠抓审判管理", "推动审判质效稳步提升")],
        ["manage", "digital", "reform"],
    ),
    "supervision": (
        [("自觉接受监督", "确保司法权力规范运行"), ("主动接受监督", "践行全过程人民民主"), ("坚持开放司法", "在监督中提升司法公信力")],
        ["congress", "procur", "openness"],
    ),
    "team": (
        [("坚持从严治院", "锻造忠诚干净担当的法院队伍"), ("加强队伍建设", "夯实法院工作发展根基"), ("坚持党建引领", "建设过硬法院队伍"),
         ("全面从严管党治院", "营造风清气正司法生态")],
        ["party", "training", "integrity"],
    ),
}
_CHAPTER_ORDER = ["serve", "justice", "people", "reform", "supervision", "team"]
# Clauses any work area may use once its own and its chapter's are spent.
_COMMON_CLAUSES: tuple[list[str], list[str], list[str]] = (
    _s("坚持问题导向|坚持系统观念|坚持守正创新|坚持稳中求进工作总基调|坚持目标导向和结果导向|结合{short}实际|立足基层法院职能定位|坚持一切从实际出发|坚持统筹兼顾|坚持点面结合、以点带面"),
    _s("细化工作举措、压实工作责任|建立健全工作台账|定期召开专题推进会|加强与相关部门的沟通协调|强化督促检查和跟踪问效|及时总结推广经验做法|及时研究解决工作中遇到的新情况新问题|深入开展调查研究|完善考核评价办法|推动各项措施落地见效|加强工作统筹调度|建立常态化会商机制"),
    _s("确保各项工作落到实处|推动工作提质增效|形成工作合力|不断提升工作实效|确保取得实实在在的成效|以实干实绩回应群众期待|为法院工作高质量发展奠定基础|推动工作不断取得新成效|切实把制度优势转化为治理效能"),
)
_AREA_CHAPTER = {a: c for c, (_, areas) in CHAPTERS.items() for a in areas}

# What the year was about, in the words of its reports.
_YEAR_THEMES = {
    2018: ["深入学习贯彻党的十九大精神", "扎实推进扫黑除恶专项斗争", "决胜“基本解决执行难”"],
    2019: ["扎实开展“不忘初心、牢记使命”主题教育", "深入推进扫黑除恶专项斗争", "巩固“基本解决执行难”成果"],
    2020: ["统筹推进疫情防控和审判执行工作", "全力服务“六稳”“六保”", "深入学习宣传贯彻民法典"],
    2021: ["扎实开展党史学习教育和政法队伍教育整顿", "深入学习宣传贯彻民法典", "推进“一站式”多元解纷和诉讼服务体系建设"],
    2022: ["喜迎党的二十大、学习宣传贯彻党的二十大精神", "统筹疫情防控和审判执行工作", "推进“一站式”多元解纷和诉讼服务体系建设"],
    2023: ["深入开展学习贯彻习近平新时代中国特色社会主义思想主题教育", "牢牢把握“公正与效率”主题", "践行“如我在诉”意识"],
    2024: ["扎实开展党纪学习教育", "牢牢把握“公正与效率”工作主题", "深入践行“抓前端、治未病”理念"],
    2025: ["深入贯彻中央八项规定精神学习教育", "坚持“公正与效率”工作主题", "持续深化“抓前端、治未病”"],
}
_NEXT_YEAR = {
    2019: "新中国成立七十周年", 2020: "全面建成小康社会和“十三五”规划收官之年", 2021: "“十四五”规划开局之年",
    2022: "党的二十大召开之年", 2023: "全面贯彻落实党的二十大精神的开局之年", 2024: "新中国成立七十五周年",
    2025: "“十四五”规划收官之年", 2026: "“十五五”规划开局之年",
}
_PROBLEMS = [
    "案件数量持续高位运行，案多人少矛盾依然突出", "审判质效与人民群众的期待还有差距", "服务保障大局的能力有待进一步提升",
    "诉源治理的深度和广度还需拓展", "队伍专业化水平与新形势新任务的要求还不完全适应", "信息化建设与审判执行工作融合不够",
    "执行难问题尚未根本解决", "少数干警司法作风还需持续改进", "人民法庭建设还存在短板",
]
_PLANS = [
    "坚持以习近平新时代中国特色社会主义思想为指导，筑牢政治忠诚", "坚持能动司法，全力服务保障高质量发展",
    "坚持司法为民，持续深化诉源治理", "坚持公正与效率，不断提升审判执行质效", "坚持全面从严治院，锻造过硬法院队伍",
    "坚持改革创新，加快推进数字法院建设", "坚持执源治理，巩固切实解决执行难成果",
]

# ---------------------------------------------------------------------------------------------
# Writing one report
# ---------------------------------------------------------------------------------------------


@dataclass
class _Block:
    kind: str  # title | para | chapter | section
    text: str
    lead: bool = False  # a body paragraph that opens with a lead phrase
    summary: bool = False  # the salutation, the opening formula and the summary


def _lead_like(sentence: str) -> bool:
    """Would the extractor read this first sentence as a bold lead phrase?"""
    body = sentence.rstrip("。")
    if not sentence.endswith("。") or len(body) > 30 or len(body) < 2:
        return False
    if any(ch in body for ch in "；：;:、！？") or any(ch.isdigit() for ch in body):
        return False
    halves = body.replace(",", "，").split("，")
    return not (len(halves) > 2 or len(halves) == 2 and (len(body) > 24 or min(map(len, halves)) < 4))


def _fmt(g: _Writer, text: str) -> str:
    return text.format(L=g.L, short=g.short, county=g.county, city=g.cs)


class _AreaWriter:
    """The sentences of one work area, and the pools to lengthen it from."""

    def __init__(self, g: _Writer, area: Area) -> None:
        self.g = g
        self.area = area
        self.chapter = _CHAPTER_CLAUSES[_AREA_CHAPTER[area.key]]
        r = g.r
        facts = list(area.facts)
        r.shuffle(facts)
        inits = list(area.inits)
        r.shuffle(inits)
        extras = list(area.extras)
        r.shuffle(extras)
        self.spare_facts = facts[2:]
        self.spare_inits = inits[1:]
        body: list[str] = []
        if r.random() < 0.5:
            body.append(self.plain())
        body.append(facts[0](g))
        body.append(inits[0](g))
        if len(facts) > 1 and r.random() < 0.8:
            body.append(facts[1](g))
        elif len(facts) > 1:
            self.spare_facts.insert(0, facts[1])
        if extras and r.random() < 0.55:
            body.append(extras.pop()(g))
        self.spare_extras = extras
        self.sentences = [s for s in body if s]
        self.lead = g.pick(area.leads)
        self._size = sum(map(len, self.sentences)) + len(self.lead) + 1

    def plain(self) -> str:
        """A sentence without figures, composed from the area's clause pools, then its chapter's,
        then the pools any work area may use."""
        a = self.area
        g = self.g
        used = g.used
        solos = [s for s in a.solos if s not in used]
        if solos and g.chance(0.35):
            s = g.pick(solos)
            used.add(s)
            return _fmt(g, s)

        def take(*pools: list[str]) -> str | None:
            for pool in pools:
                free = [x for x in pool if x not in used]
                if free:
                    x = g.pick(free)
                    used.add(x)
                    return x
            return None

        ch, common = self.chapter, _COMMON_CLAUSES
        action = take(a.actions, ch[1], common[1])
        if action is None:
            return ""
        parts = [action]
        if g.chance(0.2):
            more = take(a.actions, ch[1])
            parts += [more] if more else []
        if g.chance(0.7):
            opener = take(a.openers, ch[0], common[0])
            parts = ([opener] if opener else []) + parts
        if g.chance(0.7) or len(parts) < 2:
            purpose = take(a.purposes, ch[2], common[2])
            parts += [purpose] if purpose else []
        if len(parts) < 2:
            return ""
        return _fmt(g, "，".join(parts) + "。")

    def grow(self) -> bool:
        """Add one sentence; False when nothing is left to add."""
        g = self.g
        choice = g.r.random()
        if self.spare_facts and choice < 0.3:
            self.insert(self.spare_facts.pop(0)(g))
            return True
        if self.spare_extras and choice < 0.4:
            self.insert(self.spare_extras.pop()(g))
            return True
        if self.spare_inits and choice < 0.5:
            self.insert(self.spare_inits.pop(0)(g))
            return True
        s = self.plain()
        if s:
            self.insert(s)
            return True
        for pool in (self.spare_facts, self.spare_inits, self.spare_extras):
            if pool:
                self.insert(pool.pop(0)(g))
                return True
        return False

    def insert(self, s: str) -> None:
        pos = self.g.r.randint(1, len(self.sentences))
        self.sentences.insert(pos, s)
        self._size += len(s)

    def size(self) -> int:
        return self._size

    def paragraphs(self, with_lead: bool) -> list[str]:
        """One paragraph, or two when long; a second paragraph never opens like a lead phrase."""
        sents = list(self.sentences)
        if not with_lead:
            # without a lead phrase the paragraph must not open with something that reads as one
            while sents and _lead_like(sents[0]) and len(sents) > 1:
                sents.append(sents.pop(0))
        head = [self.lead + "。"] if with_lead else []
        # long areas run over several paragraphs of 250 to 450 characters
        paras: list[list[str]] = [head]
        size = len(self.lead)
        limit = self.g.r.randint(250, 450)
        for n, sent in enumerate(sents):
            if size > limit and n + 1 < len(sents) and not _lead_like(sent) and sum(map(len, sents[n:])) > 120:
                paras.append([])
                size = 0
                limit = self.g.r.randint(250, 450)
            paras[-1].append(sent)
            size += len(sent)
        return ["".join(p) for p in paras]


def _chapter_plan(g: _Writer, want: int) -> list[tuple[str, list[str]]]:
    """Which chapters (4–6) and work areas (2–5 each) the report has: about ``want`` areas."""
    r = g.r
    best: list[tuple[str, list[str]]] = []
    for _ in range(60):
        n = r.choice((4, 5, 5, 6) if want < 16 else (5, 6, 6))
        chosen = ["serve", "justice", "people", "team"]
        if n == 4 and r.random() < 0.25:
            chosen[3] = "supervision"
        chosen += r.sample(["reform", "supervision"] if "team" in chosen else ["reform", "team"], n - 4)
        chosen = [c for c in _CHAPTER_ORDER if c in chosen]
        plan: list[tuple[str, list[str]]] = []
        for c in chosen:
            pool = list(CHAPTERS[c][1])
            k = r.randint(2, min(5, len(pool)))
            picked = r.sample(pool, k)
            picked.sort(key=pool.index)
            plan.append((c, picked))
        size = sum(len(a) for _, a in plan)
        if not best or abs(size - want) < abs(sum(len(a) for _, a in best) - want):
            best = plan
        if abs(size - want) <= 1:
            break
    return best


def _summary(g: _Writer) -> list[str]:
    r = g.r
    themes = list(_YEAR_THEMES[g.year])
    r.shuffle(themes)
    court_ref = g.pick([f"{g.L}法院", f"{g.short}法院", "全院"])
    frame = g.pick([
        f"在{g.L}委的坚强领导下，在{g.L}人大及其常委会的监督和{g.mid}的指导下，在{g.L}政府、{g.L}政协和社会各界的大力支持下",
        f"在{g.L}委的坚强领导和{g.L}人大及其常委会的有力监督下，在{g.mid}的精心指导下",
        f"在{g.L}委坚强领导下，在{g.L}人大及其常委会监督和{g.mid}指导下，在{g.L}政府、{g.L}政协关心支持下",
    ])
    goal = g.pick(["为{short}经济社会高质量发展提供了有力司法服务和保障", "各项工作取得新进展", "各项工作稳中有进、进中提质", "较好完成了全年各项目标任务"])
    first = f"{g.year}年，{court_ref}{frame}，{themes[0]}，{themes[1]}，坚持为大局服务、为人民司法，{_fmt(g, goal)}。"
    a, b = g.received, g.concluded
    up = r.random() < 0.75
    verb1, verb2 = ("上升", "增长") if up else ("下降", "减少")
    fa, fb = g.f(1, 25, 2), g.f(1, 25, 2)
    ratio = g._num(b / a * 100, 2)

    def big(v: int) -> str:
        return g._num(v / 10000, 2) + "万" if v >= 12000 and r.random() < 0.3 else str(v)

    if r.random() < 0.5:
        stats = f"全年共受理各类案件{big(a)}件，审执结{big(b)}件，{g.basis()}分别{verb1}{fa}%、{fb}%；结收比{ratio}%{g.rank(0.5)}"
    else:
        stats = f"全年共受理各类案件{big(a)}件，{g.basis()}{verb1}{fa}%；审执结{big(b)}件，{g.basis()}{verb2 if r.random() < 0.5 else verb1}{fb}%{g.rank(0.4)}；结收比{ratio}%"
    judges = max(12, int(b / r.uniform(220, 420)))
    stats += f"；法官人均结案{int(b / judges)}件" if r.random() < 0.7 else ""
    stats += f"；一审服判息诉率{g.pct(86, 96)}{g.rank(0.3)}" if r.random() < 0.5 else ""
    stats += "。"
    honours = g.pick([
        f"{court_ref}荣获市级以上集体荣誉{g.k(4, 20)}项、个人荣誉{g.k(10, 60)}项。",
        f"{g.L}法院被评为{g.ps}法院先进集体，{g.k(10, 40)}名干警获市级以上表彰。",
        f"{g.L}法院获评全市政法系统先进单位，荣获市级以上集体荣誉{g.k(4, 20)}项。",
    ])
    paras = [first, stats + honours] if r.random() < 0.6 else [first + stats + honours]
    return paras


def _closing(g: _Writer) -> str:
    nxt = g.year + 1
    resolve = g.pick([
        "坚持能动司法，锐意改革创新，全面提升审判执行质效",
        "坚持以人民为中心，持续深化诉源治理和执源治理",
        "牢牢把握“公正与效率”主题，忠实履行宪法法律赋予的职责",
    ])
    goal = g.pick([f"谱写{g.short}高质量发展新篇章", f"建设更高水平的平安{g.short}、法治{g.short}", "奋力推进中国式现代化县域实践" if g.L == "县" else "推进中国式现代化地方实践"])
    return (
        f"各位代表，{nxt}年是{_NEXT_YEAR[nxt]}。{g.pick([g.me, '全院干警'])}将在{g.L}委的坚强领导下，在{g.L}人大及其常委会的监督下，"
        f"认真落实本次会议决议，{resolve}，为{goal}提供更加有力的司法服务和保障！"
    )


def _problems(g: _Writer) -> str:
    items = g.r.sample(_PROBLEMS, 3)
    return (
        f"在看到成绩的同时，我们也清醒认识到，{g.L}法院工作还存在一些问题和不足：一是{items[0]}；二是{items[1]}；三是{items[2]}。"
        "对此，我们将高度重视，采取有力措施切实加以解决。"
    )


def _plans(g: _Writer) -> str:
    items = g.r.sample(_PLANS, 4)
    nums = "一二三四"
    return f"{g.year + 1}年，{g.L}法院将重点做好以下工作：" + "；".join(f"{nums[i]}是{s}" for i, s in enumerate(items)) + "。"


def _front(g: _Writer, spec: ReportSpec) -> list[_Block]:
    r = g.r
    nxt = spec.year + 1
    month, day = (1, r.randint(5, 28)) if r.random() < 0.85 else (2, r.randint(1, 20))
    session = nxt - 2020 if nxt >= 2022 else nxt - 2015
    term = g.term if nxt >= 2022 else g.term - 1
    occasion = f"{nxt}年{month}月{day}日在{g.county}第{_cn_number(term)}届人民代表大会第{_cn_number(session)}次会议上"
    title = spec.court + g.pick(["工作报告", "工作报告", f"{spec.year}年工作报告"])
    speaker = f"{spec.court}院长 {g.person()}" if r.random() < 0.8 else ""
    lines = [title]
    bracketed = False
    if r.random() < 0.9:
        if r.random() < 0.7:
            lines.append(f"——{occasion}")
        else:  # 院长 above a bracketed occasion line, then the salutation
            bracketed = True
            lines.append(f"（{occasion}）")
    if speaker and len(" ".join(lines + [speaker])) <= 76:
        lines.insert(len(lines) - 1 if bracketed else len(lines), speaker)
    blocks = [_Block("title", line) for line in lines]
    if bracketed or r.random() < 0.85:
        blocks.append(_Block("para", "各位代表：", summary=True))
        blocks.append(_Block("para", summary=True, text=g.pick([
            f"现在，我代表{spec.court}向大会报告工作，请予审议，并请各位政协委员和其他列席人员提出意见。",
            f"现在，我代表{spec.court}向大会报告{spec.year}年法院工作情况，请予审议。",
            f"受{spec.court}委托，现将{spec.year}年法院工作情况报告如下，请予审议。",
        ])))
    return blocks


_CN_ORD = "一二三四五六七八九十"


def _body(g: _Writer, style: str, target: int, fixed: int) -> list[_Block]:
    want = max(10, min(23, round((target - fixed) / g.r.uniform(430, 560))))
    plan = _chapter_plan(g, want)
    writers = [(c, [_AreaWriter(g, AREAS[a]) for a in areas]) for c, areas in plan]
    # lengthen the work areas, shortest first, until the report reaches its target size
    flat = [w for _, ws in writers for w in ws]
    total = fixed + sum(w.size() for w in flat)
    while flat and total < target:
        flat.sort(key=lambda w: w.size())
        w = flat[g.r.randrange(min(3, len(flat)))]
        before = w.size()
        if not w.grow():
            flat.remove(w)
        total += w.size() - before
    headings = {c: g.r.choice(CHAPTERS[c][0]) for c, _ in plan}
    blocks: list[_Block] = []
    if style == "container":
        blocks.append(_Block("chapter", f"一、{g.year}年{g.pick(['工作回顾', '主要工作', '工作情况'])}"))
        for n, (c, ws) in enumerate(writers):
            a, b = headings[c]
            blocks.append(_Block("section", f"（{_CN_ORD[n]}）{a}，{b}"))
            for w in ws:
                blocks.extend(_Block("para", p, lead=i == 0) for i, p in enumerate(w.paragraphs(True)))
        blocks.append(_Block("chapter", "二、存在的问题和不足"))
        blocks.append(_Block("para", _problems(g)))
        blocks.append(_Block("chapter", f"三、{g.year + 1}年工作安排"))
        blocks.append(_Block("para", _plans(g)))
        return blocks
    for n, (c, ws) in enumerate(writers):
        a, b = headings[c]
        if style == "numbered":
            heading = f"{_CN_ORD[n]}、{a}，{b}"
        elif style == "parts":
            heading = f"第{_CN_ORD[n]}部分 {a} {b}"
        elif style == "sections":
            heading = f"{_CN_ORD[n]}、{g.pick([a + '，' + b, a + b if len(a + b) <= 16 else a])}"
        else:
            heading = f"{a} {b}"
        chapter = _Block("chapter", heading)
        content: list[_Block] = []
        for k, w in enumerate(ws):
            if style == "sections":
                content.append(_Block("section", f"（{_CN_ORD[k]}）{w.lead}"))
                content.extend(_Block("para", p) for p in w.paragraphs(False))
            else:
                content.extend(_Block("para", p, lead=i == 0) for i, p in enumerate(w.paragraphs(True)))
        blocks.extend(content + [chapter] if style == "after" else [chapter] + content)
    if style in ("numbered", "parts") and g.chance(0.4):
        n = len(writers)
        label = f"{_CN_ORD[n]}、" if style == "numbered" else f"第{_CN_ORD[n]}部分 "
        blocks.append(_Block("chapter", f"{label}存在的问题和{g.year + 1}年工作打算"))
        blocks.append(_Block("para", _problems(g)))
        blocks.append(_Block("para", _plans(g)))
    elif g.chance(0.35):
        blocks.append(_Block("para", _problems(g)))
    return blocks


# ---------------------------------------------------------------------------------------------
# Layout: clean paragraphs, or the damage of a two-column PDF pulled out as text
# ---------------------------------------------------------------------------------------------

_TERMINALS = "。！？!?：:"
_CLOSERS = "”’）》」』"
_CLAUSE = "，。；：！？、"


def _bad_break(s: str, cut: int) -> bool:
    """A line may not end a sentence mid-paragraph (the reader would end the paragraph there),
    nor split a number or a Latin word."""
    a, b = s[cut - 1], s[cut]
    if a in _TERMINALS or b in _CLAUSE + _CLOSERS:  # nor may a line open with a mark that closes
        return True
    if a in _CLOSERS and cut >= 2 and s[cut - 2] in _TERMINALS:
        return True
    num = "0123456789."
    if a in num and (b in num or b == "%"):
        return True
    if a.isascii() and a.isalpha() and b.isascii() and b.isalpha():
        return True
    return False


def _break_lines(s: str, lo: int, hi: int, r: random.Random) -> list[str]:
    lines: list[str] = []
    pos = 0
    while len(s) - pos > hi + 2:
        cut = pos + r.randint(lo, hi)
        if not lines:  # the first line carries punctuation, or it would read as a heading
            marks = [i for i in range(pos, len(s)) if s[i] in _CLAUSE]
            if marks and marks[0] >= cut:
                cut = marks[0] + 1
        while cut < len(s) and _bad_break(s, cut):
            cut += 1
        if len(s) - cut < 3:
            break
        lines.append(s[pos:cut])
        pos = cut
    lines.append(s[pos:])
    return lines


def _space_out(line: str, r: random.Random) -> str:
    """Spread a run of 3–8 Chinese characters with spaces (核 心 指 标), as PDF text often is."""
    runs: list[tuple[int, int]] = []
    start = None
    for i, ch in enumerate(line + "\0"):
        if "\u4e00" <= ch <= "\u9fff":
            if start is None:
                start = i
        else:
            if start is not None and i - start >= 3:
                runs.append((start, i))
            start = None
    if not runs:
        return line
    a, b = runs[r.randrange(len(runs))]
    length = r.randint(3, min(8, b - a))
    a = r.randint(a, b - length)
    return line[:a] + " ".join(line[a:a + length]) + line[a + length:]


def _layout(blocks: list[_Block], damaged: bool, r: random.Random) -> str:
    if not damaged:
        sep = "\n\n" if r.random() < 0.6 else "\n"
        out: list[str] = []
        for n, b in enumerate(blocks):
            if n:
                out.append("\n" if b.kind == "title" and blocks[n - 1].kind == "title" else sep)
            out.append(b.text)
        return "".join(out) + "\n"
    lo = r.randint(18, 24)
    hi = lo + r.randint(3, 6)
    narrow = r.random() < 0.6
    lines: list[str] = []
    for b in blocks:
        if b.kind == "title":
            lines.append(b.text)
            continue
        if b.kind in ("chapter", "section"):
            if " " in b.text and not b.text.startswith("第") and r.random() < 0.35:
                first, second = b.text.split(" ", 1)
                lines.extend(["", first, second, ""])
            else:
                lines.extend(["", b.text, ""] if r.random() < 0.5 else [b.text])
            continue
        if b.summary and narrow:
            parts = _break_lines(b.text, 10, 13, r)
            for p in parts:
                lines.extend([p, ""])
            continue
        parts = _break_lines(b.text, lo, hi, r)
        for k, p in enumerate(parts):
            if len(p) > 6 and r.random() < 0.06:
                p = _space_out(p, r)
            if k and r.random() < 0.04:
                p = " " + p
            lines.append(p)
            if k + 1 < len(parts) and r.random() < 0.02:
                lines.append("")
        if r.random() < 0.5:
            lines.append("")
    # page numbers, every 30 to 40 lines, away from the title
    paged: list[str] = []
    page = 1
    countdown = r.randint(30, 40)
    for n, line in enumerate(lines):
        paged.append(line)
        if line and n > 12:
            countdown -= 1
            if countdown <= 0:
                page += 1
                paged.extend(["", f"- {page} -", ""])
                countdown = r.randint(30, 40)
    text = "\n".join(paged)
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    return text.strip("\n") + "\n"


# ---------------------------------------------------------------------------------------------
# API
# ---------------------------------------------------------------------------------------------


def generate_report(index: int, seed: int = 0) -> tuple[str, str]:
    """The file name and text of synthetic report ``index`` of corpus ``seed``."""
    spec = describe_report(index, seed)
    rng = _rng(seed, index)
    g = _Writer(spec, rng)
    style, damaged = spec.style, spec.damaged
    # characters of clean text to aim for; damage adds line breaks and spaces
    target = rng.randint(7000, 12600 if damaged else 13600)
    blocks = _front(g, spec)
    blocks.extend(_Block("para", p, summary=True) for p in _summary(g))
    closing = _Block("para", _closing(g))
    fixed = sum(len(b.text) + 2 for b in blocks) + len(closing.text) + 120
    blocks.extend(_body(g, style, target, fixed))
    blocks.append(closing)
    text = _layout(blocks, damaged, _rng(seed, index, 1))
    return spec.file_name, text


def write_corpus(count: int, out_dir: Path, seed: int = 0) -> list[Path]:
    """Write reports ``0 .. count-1`` as UTF-8 files into ``out_dir``; returns their paths."""
    if count < 0:
        raise ValueError("count must be non-negative")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths: list[Path] = []
    for i in range(count):
        name, text = generate_report(i, seed)
        path = out / name
        path.write_bytes(text.encode("utf-8"))
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write a corpus of synthetic court work reports.")
    parser.add_argument("--reports", type=int, required=True, help="how many reports to write")
    parser.add_argument("--out", type=Path, required=True, help="output directory")
    parser.add_argument("--seed", type=int, default=0, help="corpus seed (default 0)")
    args = parser.parse_args(argv)
    if args.reports < 0 or args.seed < 0:
        parser.error("--reports and --seed must be non-negative")
    paths = write_corpus(args.reports, args.out, args.seed)
    total = sum(len(p.read_text(encoding="utf-8")) for p in paths)
    print(f"wrote {len(paths)} report(s), {total} characters, to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
