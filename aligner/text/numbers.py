"""Numeric mentions in Chinese and English text, with offsets, as comparable values.

A mention is one number as the reader meets it: ``658亿元`` is one cardinal of
6.58e10 with unit 元, ``3-5个`` one range, ``第十四届`` one ordinal. Both parsers
prefer precision to recall: a missed number costs a reviewer nothing, a phantom
one costs a false flag.

Kinds (``NumberMention.kind``):

- ``cardinal``: a count or amount (``6个``, ``65.8 billion``, ``二十``).
- ``percent``: a percentage or percentage points (``20%``, ``百分之二十``,
  ``2个百分点``, ``20 per cent``); ``value`` is the number of percent.
- ``ordinal``: ``第十四届``, ``第一``, ``十四届`` (届 counts sessions), ``14th``,
  ``Sixth``, ``十四五`` (the 14th Five-Year Plan).
- ``year``: a calendar year (``2024年``, ``二〇二三年``, ``in 2024``).

Ranges are one mention, not two: ``value`` is the low end and ``high`` the high
end (``None`` for a single number). The kind of a range is the kind of its ends
(``10%—20%`` is a percent range, ``2021-2025年`` a year range).

A mention's span covers what qualifies the number: approximation words (近2000家,
``more than 1,000``), a currency sign (``$5 billion``), the unit (658亿元) and
第/百分之 (第十四届, 百分之二十).

Decisions about the traps (the test tables pin each of them):

- Chinese ``一`` on its own is "a/an" far more often than "one" (一批, 一个,
  一种, 一体化, 统一, 进一步, 一带一路): it is a number only after 第 or 百分之,
  inside a longer numeral (十一, 一千二百万), or before a currency, a measure
  unit or a scale (一亿元, 一公里, 一万).
- Other single numerals (二..九, 十, 两) count only before a measure word or
  unit (五家, 两个, 三年, 十项), after 第/百分之, or in a range (三至五年). So
  两会, 两岸, 两国, 两化 and the name 两芯一生态 are not numbers (两 as "both").
  Nor is 元 a unit where it names a chemical component: 三元锂电池, 三元材料
  ("ternary"), while 三元 alone is three yuan.
- "The N major ..." (三大科创高地, 九大专项, 十大工程) is not a number; 十九大 /
  二十大 (N >= 11 before 大) is the ordinal of a Party congress.
- ``十四五``/``十三五`` are ordinals 14/13 (the Five-Year Plans).
- Runs that start with 百/千/万/亿 are never numbers (千万 "must", 万一, 百姓,
  万亿级) unless an approximation and a measure word make them a round
  number (近千家 = nearly 1,000, 千余人 = over 1,000, 突破千亿元); nor 十分
  ("very"), nor any numeral that jieba reads as the inside of a longer word
  (统一, 唯一, 再三, 之一, 四面八方, 三位一体).
- Magnitudes are vague spans (``vague``, ``value`` to ``high``): 数十/几十
  10-100, 数百万 1e6-1e7, 十几万 100,000-200,000, 上百家 100-1,000; in
  English "dozens" 12-100, "hundreds of millions" 1e8-1e9, "several
  thousand" 1,000-10,000. 增长两倍 is read as both "doubled" and "tripled"
  (a vague 2-3 times), 成倍 as 2-10 times.
- Shares are percents with unit ``fraction``: 三分之一, 五分之二以上, 千分之五,
  "one third of", "two-fifths", "a quarter of", "1/3" ("the first three
  quarters of 2024" is a period, "a third term" an ordinal). 翻一番/翻两番 are
  2 and 4 times (unit 倍); "doubled", "twice", "threefold", "quadrupled" are
  multiples (unit times).
- ``近`` before a time span is "the past", not "nearly" (近三年 = the past 3
  years: no approx); before anything else it is "nearly".
- Month and day numbers of dates (3月5日, March 5, 2024-01-31) are left to
  :mod:`aligner.text.dates`; the year of a full date is reported as a year.
- A bare 4-digit integer 1900-2099 (no separator, unit, scale, percent or
  approximation) is a year: 总结2024工作, ``in 2024``, ``the 2024 report``;
  in English a following plural noun makes it a cardinal (``2000
  companies``); ``2,024`` is always a cardinal.
- Enumeration markers are not quantities: ``1.``/``2、`` opening a line,
  ``(3)``/``（3）``.
- Digits glued to Latin letters are codes, not numbers (5G, C919, G20,
  COVID-19, SK33618), unless the letters are a unit (28nm, 10GW) or an
  ordinal suffix (14th), or the digits follow a lower-case word and a hyphen
  and carry their own unit, as machine renderings glue them ("hole-30
  kilometers" is 30 kilometers; Su-57, top-10 stay codes).
- English "a"/"an" are never 1 except before hundred/thousand/million/
  billion/trillion/dozen (``a dozen`` = 12). "one" is 1 except in "one of",
  "the one", "no one", "one another", "one by one", "one after another" and
  similar. "zero" counts only with a percent or unit (zero carbon = 零碳 is
  not a number). "first", "second" ... are always ordinals, also as
  sentence adverbs ("First, we") and in names ("the Third Plenary
  Session"), except after a/an/one/per, where they are fractions or time
  ("a third of", "a second"), and in periods of the year ("the first three
  quarters" = 前三季度, "the first half" = 上半年). "half" is not parsed.
- "the 14th Five-Year Plan" yields only the ordinal 14, as 十四五 does;
  "a five-year plan" (五年规划) yields 5 with unit year.
- Hyphenated compounds of number words are numbers only with a time unit
  (five-year, 5-year); one-stop, first-class, second-tier, two-way are not.
  Digits before a hyphenated noun are (232-layer, 14-nanometer), before a
  lone letter not (3-D).
- "two decades" is 20 with unit years (二十年), as "a dozen" is 12; "two and
  a half million" is 2.5 million, "two and a half years" 2.5 years.
- Approximations are normalised to four words: ``about`` (约, 左右, about,
  around, approximately, roughly, some, "or so"), ``over`` (以上, 超过, 逾, 多,
  余, 突破, more than, over, above, at least, "or more", "1,000+", "40-plus",
  "100,000-odd", and the verbs exceed, surpass, top, break through),
  ``under`` (以下, 不到, 不足, less than, under, up to, no more than) and
  ``nearly`` (近, 将近, nearly, almost, close to); 最高 is ``under`` ("up to"),
  最低 ``over``. 约 on a verb before the number counts too (约为6.6%,
  约占全年收入的23.4%), and so does a bound a few words before it (至少建成2座,
  最多支持3个, 最高可获得90万元: "at least", "up to"); 最高/最低 count so only
  through a verb (最高补贴), as before a noun they name a maximum or a minimum
  (最高时速350公里, 最低工资2000元).
- 成 after a numeral is tenths, a share: 四成 = 40%, 近三成 = nearly 30%
  (not 成 opening a word: 成为, 成本).
- ``unit`` is the measure word, currency or measure after the number, without
  the scale (``1000万平方米`` -> value 1e7, unit 平方米); ``%`` for percents,
  ``百分点``/``percentage point`` for points, ``point`` for English "0.2 points"
  (a bare point after a number is the usual shorthand for a percentage point),
  ``基点``/``basis point`` for basis points, whose ``value`` is in percentage
  points (25个基点 = "25 basis points" = 0.25 percentage points),
  ``$``/``¥``/``€``/``£`` for a currency sign before the number. English counted
  nouns are not captured.
- Units an English rendering converts are compared after conversion, at the
  precision of the rounder side: 斤 in tonnes or kilograms (粮食产量13908.2亿斤
  = "695.41 million metric tons"), 公斤 in tonnes, 亩 in hectares or acres,
  年 in months, 千瓦/兆瓦 in GW or MW (1200万千瓦 = "12 GW"), 千瓦时 in TWh,
  GWh or MWh, and 次 (floating-point operations a second) in EFLOPS or PFLOPS.
"""

from __future__ import annotations

import bisect
import math
import re
from dataclasses import dataclass, replace
from typing import Callable

__all__ = [
    "KINDS",
    "APPROXIMATIONS",
    "NumberMention",
    "parse_zh_numbers",
    "parse_en_numbers",
    "zh_numeral_value",
    "values_match",
    "describe",
    "format_value",
]

KINDS = ("cardinal", "percent", "ordinal", "year")
APPROXIMATIONS = ("about", "over", "under", "nearly")


@dataclass(frozen=True)
class NumberMention:
    """One number in a text: ``text == source[start:end]``; ranges carry ``high``."""

    start: int
    end: int
    text: str
    value: float
    kind: str
    approx: str | None = None
    unit: str | None = None
    high: float | None = None
    vague: bool = False  # any value from ``value`` to ``high`` renders it (数十 "dozens", 十几万 "over 100,000")

    @property
    def is_range(self) -> bool:
        return self.high is not None


# ---------------------------------------------------------------------------
# Shared: width folding and date masks
# ---------------------------------------------------------------------------

# Same-length folding keeps offsets valid: fullwidth digits, ％ and ． only.
_FOLD = str.maketrans({**{chr(0xFF10 + i): str(i) for i in range(10)}, "％": "%", "．": "."})

# yyyy-mm-dd, yyyy/mm/dd, yyyy.mm.dd: the year is a year, month and day are masked.
_ISO_DATE = re.compile(r"(?<![\d.])((?:19|20)\d{2})([-/.])(\d{1,2})\2(\d{1,2})(?![\d])")
_CLOCK = re.compile(r"(?<![\d:])\d{1,2}:\d{2}(?::\d{2})?(?![\d:])")


@dataclass(frozen=True)
class _Masks:
    """Spans the scanners must skip, and starts of digits forced to be years."""

    skip: tuple[tuple[int, int], ...]
    years: frozenset[int]

    def covers(self, start: int, end: int) -> bool:
        return any(s < end and start < e for s, e in self.skip)


def _date_masks(text: str, extra: tuple[re.Pattern, ...] = ()) -> _Masks:
    skip: list[tuple[int, int]] = []
    years: set[int] = set()
    for m in _ISO_DATE.finditer(text):
        if not (1 <= int(m.group(3)) <= 12 and 1 <= int(m.group(4)) <= 31):
            continue
        years.add(m.start(1))
        skip.append((m.end(1), m.end()))
    for pattern in (_CLOCK, *extra):
        for m in pattern.finditer(text):
            for g in range(1, (pattern.groups or 0) + 1):
                if m.group(g) is None:
                    continue
                if pattern.groupindex.get("year") == g:
                    years.add(m.start(g))
                else:
                    skip.append((m.start(g), m.end(g)))
            if not pattern.groups:
                skip.append((m.start(), m.end()))
    return _Masks(tuple(skip), frozenset(years))


def _is_year_value(value: float, digits: str) -> bool:
    return digits.isdigit() and len(digits) == 4 and 1900 <= value <= 2099


_LINE_START_MARKER = re.compile(r"(?:^|\n)[ \t\u3000]*$")


def _is_list_marker(text: str, start: int, end: int) -> bool:
    """'1.' or '2、' opening a line, '(3)' or '（3）': enumeration, not a quantity."""
    if end - start > 2 or not text[start:end].isdigit():
        return False
    before, after = text[start - 1:start], text[end:end + 1]
    if before in ("(", "（") and after in (")", "）"):
        return True
    if after in (".", "、", "．", ")", "）") and not text[end + 1:end + 2].isdigit():
        return _LINE_START_MARKER.search(text[max(0, start - 40):start]) is not None
    return False


# ---------------------------------------------------------------------------
# Chinese numerals
# ---------------------------------------------------------------------------

_ZH_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
              "六": 6, "七": 7, "八": 8, "九": 9}
_ZH_UNITS = {"十": 10, "百": 100, "千": 1000}
_ZH_SCALES = {"万": 10 ** 4, "亿": 10 ** 8}
_ZH_DEC = "[零〇一二三四五六七八九两]点[零〇一二三四五六七八九]+"
_ZH_RUN = (r"(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?(?!\d)|\d+(?:\.\d+)?|" + _ZH_DEC
           + r"|[零〇一二三四五六七八九两十百万亿]|千(?![瓦米克]))+")  # 15亿千瓦: 千瓦 is the unit
_ZH_TOKEN = re.compile(r"\d+(?:\.\d+)?|" + _ZH_DEC + "|.")
_FYP = re.compile(r"十[一二三四五六七八九]五")  # 十四五 = the 14th Five-Year Plan
_ZH_PLAN = re.compile(r"五年(?:规划|计划)")  # 第十四个五年规划: a plan's name, like "Five-Year Plan"


@dataclass(frozen=True)
class _RunValue:
    """Value of a numeral run and what it was made of."""

    value: float
    sequence: bool  # digit by digit, no 十百千万亿 (二〇二三)


def _zh_token_value(tok: str) -> float | None:
    if tok[0].isdigit():
        return float(tok)
    if "点" in tok:
        whole, frac = tok.split("点")
        return float(f"{_ZH_DIGITS[whole]}.{''.join(str(_ZH_DIGITS[c]) for c in frac)}")
    return _ZH_DIGITS.get(tok)


def _zh_run_value(run: str) -> _RunValue | None:
    """Value of a run of Arabic digits and Chinese numerals, or None when malformed."""
    toks = _ZH_TOKEN.findall(run.replace(",", ""))
    if not toks:
        return None
    arabic = any(t[0].isdigit() for t in toks)
    digit_toks = [t for t in toks if t not in _ZH_UNITS and t not in _ZH_SCALES]
    if arabic and any(not t[0].isdigit() for t in digit_toks):
        return None
    if len(toks) >= 2 and len(digit_toks) == len(toks) and not arabic:
        if any("点" in t for t in toks):
            return None
        return _RunValue(float("".join(str(_ZH_DIGITS[t]) for t in toks)), True)
    value = _zh_positional_value(toks)
    return None if value is None else _RunValue(value, False)


def _zh_positional_value(toks: list[str]) -> float | None:
    total = 0.0  # completed 亿 groups
    wan = 0.0  # completed 万 group inside the current 亿 group
    sec = 0.0  # below 万
    num: float | None = None
    last_unit = 10 ** 5
    prev = None
    for tok in toks:
        if tok in ("零", "〇"):
            if prev is None:
                return None
            prev = "zero"
            continue
        if tok in _ZH_UNITS:
            unit = _ZH_UNITS[tok]
            if unit >= last_unit:
                return None
            if num is None:
                if unit != 10 or prev not in (None, "zero", "scale"):
                    return None
                num = 1.0
            sec += num * unit
            num, last_unit, prev = None, unit, "unit"
        elif tok in _ZH_SCALES:
            part = sec + (num or 0.0)
            if tok == "万":
                if part == 0 or wan:
                    return None
                wan = part * 10 ** 4
            else:
                part += total + wan
                if part == 0:
                    return None
                total, wan = part * 10 ** 8, 0.0
            sec, num, last_unit, prev = 0.0, None, 10 ** 5, "scale"
        else:
            if prev == "num":
                return None
            num = _zh_token_value(tok)
            if num is None:
                return None
            prev = "num"
    return total + wan + sec + (num or 0.0)


def zh_numeral_value(text: str, allow_sequence: bool = False) -> float | None:
    """Value of a whole string of Chinese numerals and/or digits (十三, 1.8万亿, 两千), else None.

    ``allow_sequence`` also reads digit-by-digit strings (二〇二三 -> 2023).
    """
    text = text.translate(_FOLD)
    if not text or re.fullmatch(_ZH_RUN, text) is None:
        return None
    run = _zh_run_value(text)
    if run is None or (run.sequence and not allow_sequence):
        return None
    return run.value


# Measure words and units after a Chinese number, longest first when compiled.
_ZH_STRONG_UNITS = (
    "元 美元 欧元 日元 英镑 港元 韩元 人民币 块钱 "
    "平方公里 平方千米 平方米 立方米 公里 千米 厘米 毫米 纳米 微米 米 公顷 亩 "
    "吨 千克 公斤 市斤 斤 克 千瓦时 千瓦 兆瓦 吉瓦 瓦 标准箱 "
    "个百分点 百分点 个基点 基点"
).split()
_ZH_COUNTERS = (
    "个月 个 家 项 件 次 位 名 人次 人 户 座 条 台 套 辆 架 艘 颗 枚 款 种 类 批 届 支 只 张 份 "
    "部 本 篇 场 轮 倍 周年 年 天 小时 分钟 秒 周 季度 岁 所 栋 笔 例 宗 股 级 层 大类 大项"
).split()
_ZH_TIME_UNITS = ("年", "个月", "天", "小时", "分钟", "周", "季度")
_ZH_UNIT_RE = re.compile("|".join(sorted(map(re.escape, _ZH_STRONG_UNITS + _ZH_COUNTERS), key=len, reverse=True)))
_LATIN_UNITS = ("nm", "mm", "cm", "km", "kg", "GW", "MW", "kW", "GWh", "MWh", "kWh", "TWh", "Wh", "Ah", "mAh",
                "GB", "TB", "PB", "MB", "GHz", "MHz", "Hz", "km2", "m2", "m3", "t", "EFLOPS", "PFLOPS", "TFLOPS")
_LATIN_RUN = re.compile(r"[A-Za-z][A-Za-z0-9]*")

_ZH_PREFIX_APPROX = (
    ("不少于", "over"), ("不低于", "over"), ("不超过", "under"), ("不高于", "under"), ("不多于", "under"),
    ("大约", "about"), ("大概", "about"), ("约", "about"),
    ("将近", "nearly"), ("接近", "nearly"), ("几近", "nearly"), ("近", "nearly"),
    ("超过", "over"), ("超出", "over"), ("高于", "over"), ("多于", "over"), ("至少", "over"),
    ("最少", "over"), ("逾", "over"), ("突破", "over"), ("超", "over"),
    ("不到", "under"), ("不足", "under"), ("低于", "under"), ("少于", "under"), ("最多", "under"),
    ("最高", "under"), ("最低", "over"),
)
# 至少建成2座, 最高可获得90万元, 不超过补贴50万元: a bound with a verb or a few words between it and the number
# still bounds the number ("at least two", "up to 900,000 yuan"). Only the unambiguous two- and three-character
# bounds; 近, 超 and 逾 reach no further than the number itself (近年来建成2座 is no "nearly 2"). 最高 and 最低
# before a noun name a maximum or a minimum (最高时速350公里 "a top speed", 最低工资2000元 "the minimum wage"):
# they bound a number only through a verb (最高补贴, 最高可达).
_ZH_GAP = r"[^\d\s的，。；：、,;:！？!?（）()“”\"%０-９零〇一二三四五六七八九十两百千万亿]"
_ZH_BOUND_BEFORE = re.compile(
    r"(?:(?P<word>不少于|不低于|不超过|不高于|不多于|至少|最少|最多)" + _ZH_GAP + r"{1,3}|"
    r"(?P<top>最高|最低)(?:可|能|将|给予|补贴|补助|奖励|资助|支持|获|达|为|提供|享受)" + _ZH_GAP + r"{0,2})$")
_ZH_SUFFIX_APPROX = re.compile(r"左右|以上|以下|以内|上下(?![游级])")
_ZH_SUFFIX_APPROX_WORDS = {"左右": "about", "上下": "about", "以上": "over", "以下": "under", "以内": "under"}
_ZH_RANGE_SEP = re.compile(r"\s*(?:[-－—–~～]{1,2}|至|到)\s*")
# Characters jieba may glue before a numeral without changing its meaning.
_ZH_SAFE_PREFIXES = frozenset(
    "第 近 将近 约 大约 超 超过 逾 这 那 每 前 后 头 首 共 有 仅 只 为 是 达 计 新增 增加 增长 减少 连续 "
    "过去 未来 最近 今后 全 各 百分之 其中 另有 其他 之后 年均".split()
)
_ZH_BLOCK_BEFORE = "数几"
_ZH_BLOCK_AFTER = "几"
_ZH_MORE = re.compile(r"[多余]([万亿]*)")  # 30多个, 1000多万, 30余项
_ZH_CANDIDATE = re.compile(r"(?P<pre>百分之|第)?(?P<run>" + _ZH_RUN + ")")
_Spans = Callable[[], list[tuple[int, int]]]  # jieba word spans, computed lazily
_ZH_MONTH_DAY_SLASH = re.compile(r"(?<![\d/])(\d{1,2}/\d{1,2})(?![\d/])")  # 01/29 in page furniture


@dataclass(frozen=True)
class _ZhSimple:
    """One number before range assembly: core run, multipliers, unit, approx."""

    start: int  # where the mention starts (第/百分之 included)
    run_start: int
    run_end: int
    end: int
    value: float
    run: str
    pre: str | None
    unit: str | None
    percent: bool
    approx: str | None
    year_suffix: bool  # followed by 年 and shaped like a year
    date_part: bool  # month or day of a date: not a number
    sequence: bool  # digit by digit (二〇二三, 三五): only ever a year


def _zh_simple(text: str, m: re.Match) -> _ZhSimple | None:
    pre = m.group("pre")
    run = m.group("run")
    rv = _zh_run_value(run)
    if rv is None:
        return None
    value = rv.value
    pos = m.end("run")
    approx = None
    unit = None
    percent = pre == "百分之"
    year_suffix = (pre is None and text.startswith("年", pos)
                   and (rv.sequence and len(run) == 4 or _is_year_value(value, run)))
    if year_suffix:
        return _ZhSimple(m.start(), m.start("run"), m.end("run"), pos + 1, value, run, pre, None, False,
                         None, True, False, rv.sequence)
    more = _ZH_MORE.match(text, pos)
    if more and not percent and not rv.sequence:
        approx = "over"
        for ch in more.group(1):
            value *= _ZH_SCALES[ch]
        pos = more.end()
    if not percent and text.startswith("%", pos):
        percent, unit, pos = True, "%", pos + 1
    elif not percent:
        um = _ZH_UNIT_RE.match(text, pos)
        latin = _LATIN_RUN.match(text, pos)
        if um:
            unit, pos = um.group(), um.end()
            if unit.endswith("百分点"):
                percent, unit = True, "百分点"
            elif unit.endswith("基点"):  # 25个基点 = 0.25 percentage points
                percent, unit, value = True, "基点", value / 100
        elif _ZH_TENTHS.match(text, pos) and value == int(value) and 1 <= value <= 10:
            percent, unit, pos, value = True, "fraction", pos + 1, value * 10  # 四成 = 40%
        elif latin and latin.group() in _LATIN_UNITS:
            unit, pos = latin.group(), latin.end()
    else:
        unit = "%"
    date_part = False
    if unit is None and not percent and pre is None and approx is None:
        nxt = text[pos:pos + 1]
        whole = value == int(value) and not rv.sequence
        after_month = text[m.start() - 1:m.start()] == "月"
        if nxt == "月" and whole and 1 <= value <= 12:
            date_part = True
        elif nxt in ("日", "号") and whole and 1 <= value <= 31 and (nxt == "日" or after_month):
            date_part = True
    return _ZhSimple(m.start(), m.start("run"), m.end("run"), pos, value, run, pre, unit, percent,
                     approx, False, date_part, rv.sequence)


def _zh_code_adjacent(text: str, s: _ZhSimple) -> bool:
    """Digits glued to Latin letters (5G, C919) are part of a code."""
    before = text[max(0, s.run_start - 2):s.run_start]
    if before[-1:].isascii() and before[-1:].isalpha():
        return True
    if before.endswith("-") and before[:1].isascii() and before[:1].isalpha():
        return True
    after = text[s.run_end:s.run_end + 1]
    return after.isascii() and after.isalpha() and s.unit not in _LATIN_UNITS


# 约为6.6%, 约占全年收入的23.4%: 约 on the verb before the number still qualifies the number.
_ZH_APPROX_VERB = re.compile(r"(?:大约|约)(?:为|达|合|是|有|占[^，。；：、,;:！？!?\d%]{0,15}的?)$")
# 三元锂电池, 三元材料: 元 is a chemical component ("ternary"), not the yuan.
_ZH_COMPONENTS_AFTER = re.compile(r"元(?:锂|电池|材料|正极|负极|前驱体|催化|聚合物|合金)")
# 四成 = 40%, 近三成 = nearly 30%; 成 opening a word (成为, 成本, 成果) is no share.
_ZH_TENTHS = re.compile(r"成(?![为立本果功效员绩交熟长就品型分都年套片批倍像真风材才群])")


def _zh_prefix_approx(text: str, start: int, following_time_unit: bool) -> tuple[int, str | None]:
    """Where the mention starts once an approximation word before it joins, and the approximation."""
    if _ZH_APPROX_VERB.search(text[max(0, start - 20):start]):
        return start, "about"
    bound = _ZH_BOUND_BEFORE.search(text[max(0, start - 6):start])
    if bound:
        return start, dict(_ZH_PREFIX_APPROX)[bound.group("word") or bound.group("top")]
    window = text[max(0, start - 3):start]
    for word, label in _ZH_PREFIX_APPROX:
        if window.endswith(word):
            if word in ("近", "将近") and following_time_unit:
                return start, None  # 近三年: the past three years
            return start - len(word), label
    return start, None


def _zh_numeral_accepted(text: str, s: _ZhSimple, in_range: bool, unit: str | None,
                         tokens: _Spans, end: int) -> bool:
    """The precision rules for a run of Chinese numerals (see the module docstring)."""
    run = s.run
    if s.pre:
        return _jieba_agrees(text, s, tokens, end)
    if run[0] in "百千万亿零〇":
        return False
    before, after = text[s.run_start - 1:s.run_start], text[s.run_end:s.run_end + 1]
    if (before and before in _ZH_BLOCK_BEFORE) or (after and after in _ZH_BLOCK_AFTER):
        return False
    if s.year_suffix:
        return True
    if s.sequence:
        return False  # 三五年, 两三个, 一二线: loose or listed digits, no single value
    has_unit = unit is not None or s.percent
    if unit == "元" and _ZH_COMPONENTS_AFTER.match(text, s.run_end):
        return False
    if len(run) == 1:
        if run == "一":
            if not (unit in _ZH_STRONG_UNITS or s.value != 1):
                return False
        elif not (has_unit or in_range):
            return False
    elif not has_unit and not any(c in run for c in "十百千万亿"):
        return False
    if run == "十" and text.startswith("分", s.run_end) and not text.startswith("分钟", s.run_end):
        return False
    return _jieba_agrees(text, s, tokens, end)


def _jieba_agrees(text: str, s: _ZhSimple, tokens: _Spans, end: int) -> bool:
    """Reject a numeral jieba reads as the inside of a longer word (统一, 四面八方)."""
    spans = tokens()
    i = bisect.bisect_right(spans, (s.run_start, math.inf)) - 1
    if i < 0 or not spans[i][0] <= s.run_start < spans[i][1]:
        return True
    ts, te = spans[i]
    if ts < s.start and text[ts:s.start] not in _ZH_SAFE_PREFIXES:
        return False
    return te <= end


def _zh_tokens_lazy(text: str) -> _Spans:
    """jieba word spans of ``text``, segmented on first use only (most texts never need them)."""
    cache: list[list[tuple[int, int]]] = []

    def get() -> list[tuple[int, int]]:
        if not cache:
            from aligner.text.zh import zh_tokens_with_offsets

            cache.append(sorted((ts, te) for _, ts, te in zh_tokens_with_offsets(text)))
        return cache[0]

    return get


def _zh_da_mention(text: str, s: _ZhSimple) -> NumberMention | None:
    """二十大 / 十九大: ordinal of a Party congress; 三大, 十大 are not numbers."""
    if s.unit is None and not s.percent and text.startswith("大", s.run_end) and s.value >= 11 \
            and s.value == int(s.value) and len(s.run) >= 2 and not s.pre:
        return NumberMention(s.start, s.run_end + 1, text[s.start:s.run_end + 1], s.value, "ordinal")
    return None


def parse_zh_numbers(text: str) -> list[NumberMention]:
    """Numbers in Chinese text: numerals, digits, 万/亿 scales, percents, ranges, ordinals, years."""
    folded = text.translate(_FOLD)
    masks = _date_masks(folded, (_ZH_MONTH_DAY_SLASH, _ZH_PLAN))
    tokens = _zh_tokens_lazy(folded)
    out = [_with_source_text(m, text) for m in _zh_loose_quantities(folded, masks, tokens)]
    masks = _Masks(masks.skip + tuple((m.start, m.end) for m in out), masks.years)
    pos = 0
    while True:
        m = _ZH_CANDIDATE.search(folded, pos)
        if m is None:
            break
        mention, pos = _zh_mention_at(folded, m, masks, tokens)
        if mention is not None:
            out.append(_with_source_text(mention, text))
    return sorted(out, key=lambda m: m.start)


def _with_source_text(m: NumberMention, text: str) -> NumberMention:
    return replace(m, text=text[m.start:m.end])


_ZH_HEAD_VALUES = {"十": 10, "百": 100, "千": 1000, "万": 10 ** 4, "亿": 10 ** 8}
_ZH_HEAD = "[十百千万亿]{1,3}"
# 数十, 几百万, 十几万, 二十几: a magnitude, not a value.
_ZH_SEVERAL = re.compile(r"(?P<lead>[数几]|(?P<tens>[二三四五六七八九]?十)几)(?P<head>" + _ZH_HEAD + ")?")
# 近千家, 上百家, 逾万人, 千余家: a round number written by its unit alone.
_ZH_ROUND = re.compile(r"(?P<pre>将近|接近|近|(?<!以)上|逾|超过|超|过|破|突破)?(?P<head>" + _ZH_HEAD
                       + r")(?P<more>[余多])?")
_ZH_ROUND_APPROX = {"将近": "nearly", "接近": "nearly", "近": "nearly", "逾": "over", "超过": "over", "超": "over",
                    "过": "over", "破": "over", "突破": "over"}
# 三分之一, 五分之二, 千分之五: a share; 百分之 is a percent.
_ZH_FRACTION = re.compile(r"(?P<den>[一二三四五六七八九十千万\d]+)分之(?P<num>[一二三四五六七八九十两\d]+)")
_ZH_DOUBLINGS = re.compile(r"翻了?(?P<n>[一两二三四])?番")  # 翻一番 doubled, 翻两番 quadrupled
_ZH_MANIFOLD = re.compile(r"成倍")  # 成倍增长: multiplied, a few times over
# 增长两倍 is read as "tripled" by the book and "doubled" by many writers: either is a rendering.
_ZH_GROWTH_BEFORE = re.compile(r"(?:增长|增加|提高|提升|上升|扩大)了?$")


def _head_value(head: str) -> float:
    value = 1.0
    for ch in head:
        value *= _ZH_HEAD_VALUES[ch]
    return value


def _zh_unit_at(text: str, pos: int) -> tuple[str | None, int]:
    um = _ZH_UNIT_RE.match(text, pos)
    return (um.group(), um.end()) if um else (None, pos)


def _zh_loose_quantities(text: str, masks: _Masks, tokens: _Spans) -> list[NumberMention]:
    """Quantities without a plain numeral: magnitudes (数十, 十几万, 上百), round heads (近千, 千余),
    fractions (三分之一) and doublings (翻一番, 成倍)."""
    out: list[NumberMention] = []
    taken: list[tuple[int, int]] = []

    def add(m: NumberMention | None) -> None:
        if m is not None and not masks.covers(m.start, m.end) and not any(s < m.end and m.start < e for s, e in taken):
            out.append(m)
            taken.append((m.start, m.end))

    for m in _ZH_FRACTION.finditer(text):
        den, num = m.group("den"), zh_numeral_value(m.group("num"))
        den = _head_value(den) if re.fullmatch(_ZH_HEAD, den) else zh_numeral_value(den)
        if den is None or num is None or not 0 < num < den:
            continue
        start, approx = _zh_prefix_approx(text, m.start(), False)
        end = m.end()
        suffix = _ZH_SUFFIX_APPROX.match(text, end)
        if suffix:
            approx, end = _ZH_SUFFIX_APPROX_WORDS[suffix.group()], suffix.end()
        add(NumberMention(start, end, text[start:end], 100 * num / den, "percent", approx, "fraction"))
    for m in _ZH_DOUBLINGS.finditer(text):
        n = _ZH_DIGITS[m.group("n")] if m.group("n") else 1
        add(NumberMention(m.start(), m.end(), m.group(), 2.0 ** n, "cardinal", None, "倍"))
    for m in _ZH_MANIFOLD.finditer(text):
        add(NumberMention(m.start(), m.end(), m.group(), 2.0, "cardinal", None, "倍", 10.0, True))
    for m in _ZH_SEVERAL.finditer(text):
        add(_zh_several(text, m, tokens))
    for m in _ZH_ROUND.finditer(text):
        add(_zh_round(text, m, tokens))
    return out


def _zh_several(text: str, m: re.Match, tokens: _Spans) -> NumberMention | None:
    head = m.group("head")
    if head and text.startswith("分之", m.end()):
        return None  # 几百分之: a percent or a share, no magnitude
    scale = _head_value(head) if head else 1.0
    if m.group("tens"):  # 十几万: 100,000-200,000
        low = (zh_numeral_value(m.group("tens")) or 10.0) * scale
        high = low + 10 * scale
        if _after_numeral(text, m.start()):
            return None
    elif head:  # 数十: 10-100
        low, high = scale, scale * 10
    else:
        return None
    if _inside_word(m.start(), tokens):
        return None  # 指数十年: 数 ends a word
    unit, end = _zh_unit_at(text, m.end())
    return NumberMention(m.start(), end, text[m.start():end], low, "cardinal", None, unit, high, True)


def _after_numeral(text: str, pos: int) -> bool:
    """A loose quantity that is the tail of a longer numeral (一千余家, 三十多家) is the numeral's business."""
    return pos > 0 and text[pos - 1] in "0123456789零〇一二三四五六七八九两十百千万亿数几"


def _inside_word(pos: int, tokens: _Spans) -> bool:
    """Whether jieba reads the character at ``pos`` as the inside or end of a longer word (指数, 线上, 最近)."""
    spans = tokens()
    i = bisect.bisect_right(spans, (pos, math.inf)) - 1
    return 0 <= i and spans[i][0] < pos < spans[i][1]


def _zh_round(text: str, m: re.Match, tokens: _Spans) -> NumberMention | None:
    pre, head, more = m.group("pre"), m.group("head"), m.group("more")
    if pre is None and more is None:
        return None  # 千万 "must", 万一, 百姓: a bare unit character is a word
    if _after_numeral(text, m.start()):
        return None
    if pre is not None and _inside_word(m.start(), tokens):
        return None
    unit, end = _zh_unit_at(text, m.end())
    if unit is None or unit == "级":
        return None  # 近千家, 上百家, 千余人; not 超千亿级 "100-billion-class"
    value = _head_value(head)
    if pre == "上":  # 上百家: "hundreds of", "more than a hundred"
        return NumberMention(m.start(), end, text[m.start():end], value, "cardinal", None, unit, value * 10, True)
    approx = "over" if more else _ZH_ROUND_APPROX[pre]
    return NumberMention(m.start(), end, text[m.start():end], value, "cardinal", approx, unit)


def _zh_mention_at(text: str, m: re.Match, masks: _Masks,
                   tokens: _Spans) -> tuple[NumberMention | None, int]:
    """The mention starting at candidate ``m`` (or None) and where to scan next."""
    next_pos = m.end()
    if m.start("run") in masks.years and not m.group("pre"):
        return _forced_year(text, m.start("run")), m.start("run") + 4
    if _FYP.fullmatch(m.group("run")) and not m.group("pre"):
        return NumberMention(m.start(), m.end(), m.group(), float(10 + _ZH_DIGITS[m.group()[1]]), "ordinal"), m.end()
    first = _zh_simple(text, m)
    if first is None:
        return None, next_pos
    if masks.covers(first.run_start, first.run_end) or _is_list_marker(text, first.run_start, first.run_end):
        return None, next_pos
    if _zh_code_adjacent(text, first):
        skip = _LATIN_RUN.match(text, first.run_end)
        return None, max(next_pos, skip.end() if skip else next_pos)
    if first.date_part:
        return None, first.end + 1
    da = _zh_da_mention(text, first)
    if da is not None:
        return da, da.end
    second = _zh_range_partner(text, first)
    if second is not None and second.date_part:
        return None, second.end + 1  # 1-2月: a span of months, left to dates
    if second is not None:
        mention = _zh_range_mention(text, first, second, tokens)
        if mention is not None:
            return mention, mention.end
    return _zh_single_mention(text, first, tokens), max(next_pos, first.end)


def _forced_year(text: str, start: int) -> NumberMention:
    """The year of a full date (2024-01-31, January 21, 2024)."""
    return NumberMention(start, start + 4, text[start:start + 4], float(text[start:start + 4]), "year")


def _zh_range_partner(text: str, first: _ZhSimple) -> _ZhSimple | None:
    if first.pre == "第":
        return None
    sep = _ZH_RANGE_SEP.match(text, first.end)
    if sep is None or sep.end() == first.end:
        return None
    m2 = _ZH_CANDIDATE.match(text, sep.end())
    if m2 is None or m2.group("pre") == "第":
        return None
    second = _zh_simple(text, m2)
    if second is None or second.date_part:
        return second
    if first.unit is not None and first.unit != second.unit:
        return None
    if first.percent != second.percent and first.unit is not None:
        return None
    if _is_year_like(first) != _is_year_like(second):
        return None
    return second


def _is_year_like(s: _ZhSimple) -> bool:
    return s.year_suffix or (s.unit is None and not s.percent and _is_year_value(s.value, s.run))


def _zh_range_mention(text: str, first: _ZhSimple, second: _ZhSimple,
                      tokens: _Spans) -> NumberMention | None:
    low, high = first.value, second.value
    # 3-5万: the scale written once applies to both ends.
    if second.value > first.value * 10 and first.run.isdigit() and second.run[-1] in "万亿":
        low = first.value * _ZH_SCALES[second.run[-1]]
    if not high > low:
        return None
    unit = second.unit
    for s in (first, second):
        if not s.run[0].isdigit() and not _zh_numeral_accepted(text, s, True, unit, tokens, second.end):
            return None
    if first.year_suffix or second.year_suffix or (_is_year_like(first) and _is_year_like(second)):
        kind = "year"
    elif first.percent or second.percent:
        kind = "percent"
    else:
        kind = "cardinal"
    start, approx = _zh_prefix_approx(text, first.start, unit in _ZH_TIME_UNITS)
    approx = approx or first.approx or second.approx
    suffix = _ZH_SUFFIX_APPROX.match(text, second.end)
    end = second.end
    if suffix:
        approx, end = _ZH_SUFFIX_APPROX_WORDS[suffix.group()], suffix.end()
    return NumberMention(start, end, text[start:end], low, kind, approx, unit, high)


def _zh_single_mention(text: str, s: _ZhSimple,
                       tokens: _Spans) -> NumberMention | None:
    end = s.end
    approx = s.approx
    suffix = _ZH_SUFFIX_APPROX.match(text, end)
    if suffix and not s.year_suffix and s.pre != "第":
        approx, end = _ZH_SUFFIX_APPROX_WORDS[suffix.group()], suffix.end()
    if not s.run[0].isdigit() and not _zh_numeral_accepted(text, s, False, s.unit, tokens, end):
        return None
    if s.pre == "第":
        return NumberMention(s.start, end, text[s.start:end], s.value, "ordinal", None, s.unit)
    if s.percent:
        kind = "percent"
    elif s.unit == "届":
        kind = "ordinal"  # 十四届人大: the 14th congress, with or without 第
    elif s.year_suffix or (s.unit is None and approx is None and _is_year_value(s.value, s.run)):
        kind = "year"
    else:
        kind = "cardinal"
    start = s.start
    if kind != "year":
        start, before = _zh_prefix_approx(text, s.start, s.unit in _ZH_TIME_UNITS)
        approx = before or approx
    if s.unit == "倍" and _ZH_GROWTH_BEFORE.search(text[max(0, start - 3):start]):
        return NumberMention(start, end, text[start:end], s.value, kind, approx, s.unit, s.value + 1, True)
    return NumberMention(start, end, text[start:end], s.value, kind, approx, s.unit)


# ---------------------------------------------------------------------------
# English
# ---------------------------------------------------------------------------

_EN_UNITS_WORDS = {w: i for i, w in enumerate("zero one two three four five six seven eight nine".split())}
_EN_TEENS = {w: i + 10 for i, w in enumerate(
    "ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split())}
_EN_TENS = {w: (i + 2) * 10 for i, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split())}
_EN_SCALES = {"thousand": 10 ** 3, "million": 10 ** 6, "billion": 10 ** 9, "trillion": 10 ** 12}
_EN_SCALE_ABBR = {"bn": 10 ** 9, "mn": 10 ** 6, "tn": 10 ** 12}
_EN_ORD_UNITS = {w: i + 1 for i, w in enumerate(
    "first second third fourth fifth sixth seventh eighth ninth".split())}
_EN_ORD_TEENS = {w: i + 10 for i, w in enumerate(
    "tenth eleventh twelfth thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth".split())}
_EN_ORD_TENS = {w: (i + 2) * 10 for i, w in enumerate(
    "twentieth thirtieth fortieth fiftieth sixtieth seventieth eightieth ninetieth".split())}
_EN_ORD_BIG = {"hundredth": 100, "thousandth": 10 ** 3, "millionth": 10 ** 6, "billionth": 10 ** 9}
_EN_ALL_WORDS = ({**_EN_UNITS_WORDS, **_EN_TEENS, **_EN_TENS, **_EN_SCALES, **_EN_ORD_UNITS, **_EN_ORD_TEENS,
                  **_EN_ORD_TENS, **_EN_ORD_BIG, "hundred": 100, "dozen": 12})
_EN_WORD_ALT = "|".join(sorted(_EN_ALL_WORDS, key=len, reverse=True))
_EN_CANDIDATE = re.compile(
    r"(?<![\w.])\d|(?<=\bno\.)\d|(?<=\bCNY|\bRMB)\d|(?<![\w])(?:an?\s+(?=(?:hundred|thousand|million|billion|trillion|dozen)\b)|"
    r"(?:" + _EN_WORD_ALT + r")\b)", re.I)
_EN_DIGITS = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\d,]\d)|\d+(?:\.\d+)?")
_EN_WORD = re.compile(r"[A-Za-z]+")
_EN_A = re.compile(r"an?\s+", re.I)
_EN_JOINER = re.compile(r"\s+and\s+|\s+|-", re.I)
_EN_AND_A_HALF = re.compile(r"\s+and\s+a\s+half\b", re.I)
_EN_SCALE_AFTER = re.compile(r"\s*(hundred|thousand|million|billion|trillion)\b|(bn|mn|tn)\b|\s+(bn|mn|tn)\b", re.I)
_EN_PERCENT = re.compile(r"\s?%|[\s-](?:percent|per\s+cent|pct)\b|([\s-]+percentage[\s-]+points?)\b", re.I)
_EN_BASIS_POINTS = re.compile(r"[\s-]*(?:basis[\s-]+points?|bps?)\b", re.I)
_EN_ORD_SUFFIX = re.compile(r"(?:st|nd|rd|th)\b", re.I)
_EN_UNIT = re.compile(
    r"(?:\s*|\s*-\s*)(yuan|RMB|renminbi|CNY|US\s+dollars|dollars?|USD|euros?|EUR|yen|JPY|pounds|HKD|"
    r"square\s+kilomet(?:er|re)s?|square\s+met(?:er|re)s?|sq\.?\s*km|sq\.?\s*m|km2|m2|kilomet(?:er|re)s?|"
    r"met(?:er|re)s?|hectares?|acres?|mu|metric\s+tons?|tons?|tonnes?|kilograms?|kg|GWh|MWh|kWh|TWh|GW|MW|kW|"
    r"(?:tera|giga|mega|kilo)watt[\s-]hours?|(?:giga|mega|kilo)watts?|EFLOPS|PFLOPS|TFLOPS|exaflops|petaflops|"
    r"nanomet(?:er|re)s?|nm|mm|cm|km|GB|TB|PB|GHz|MHz|"
    r"years?|decades?|months?|days?|weeks?|hours?|minutes?|times|fold|points?)\b", re.I)
_EN_HYPHEN_WORD = re.compile(r"-([A-Za-z]+)")
_EN_TIME_HYPHEN_OK = re.compile(r"-(?:years?|months?|days?|weeks?|hours?|minutes?|fold|times|points?)\b", re.I)
_EN_PREFIX_APPROX = re.compile(
    r"\b(about|around|approximately|approx\.|roughly|some|nearly|almost|close\s+to|more\s+than|over|"
    r"at\s+least|above|exceed(?:s|ed|ing)?|surpass(?:es|ed|ing)?|topp(?:ed|ing)|br(?:oke|eaks?|eaking)\s+through|"
    r"in\s+excess\s+of|upwards\s+of|less\s+than|fewer\s+than|under|below|"
    r"up\s+to|no\s+more\s+than|no\s+less\s+than|not\s+less\s+than|at\s+most)\s+$", re.I)
_EN_APPROX_WORDS = {
    "about": "about", "around": "about", "approximately": "about", "approx.": "about", "roughly": "about",
    "some": "about", "nearly": "nearly", "almost": "nearly", "close to": "nearly", "more than": "over",
    "over": "over", "at least": "over", "above": "over", "exceeding": "over", "in excess of": "over",
    "upwards of": "over", "no less than": "over", "not less than": "over", "less than": "under",
    "fewer than": "under", "under": "under", "below": "under", "up to": "under", "no more than": "under",
    "at most": "under",
    # verbs of passing a mark: 突破1000亿元 "exceeded 100 billion yuan"
    **{verb: "over" for verb in ("exceed", "exceeds", "exceeded", "exceeding", "surpass", "surpasses", "surpassed",
                                 "surpassing", "topped", "topping", "broke through", "break through",
                                 "breaks through", "breaking through")},
}
_EN_SUFFIX_APPROX = re.compile(r"\+|-(?:plus|odd)\b|\s+or\s+(so|more|less|fewer)\b", re.I)
_EN_CURRENCY_SIGN = re.compile(r"(US\$|HK\$|\$|¥|€|£|RMB\s?|CNY\s?)$")
_EN_RANGE_SEP = re.compile(r"\s*[-–—~]\s*|\s+to\s+", re.I)
_MONTHS = ("January|February|March|April|May|June|July|August|September|October|November|December|"
           "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec")
_EN_MONTH_DAY = re.compile(r"\b(?:" + _MONTHS + r")\.?\s+(\d{1,2})(?:st|nd|rd|th)?\b(?:,?\s+(?P<year>\d{4})\b)?")
_EN_DAY_MONTH = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(?:" + _MONTHS
                           + r")\b\.?(?:,?\s+(?P<year>\d{4})\b)?")
_EN_MONTH_YEAR = re.compile(r"\b(?:" + _MONTHS + r")\.?,?\s+(?P<year>\d{4})\b")
_EN_ONE_BEFORE = re.compile(r"\b(?:the|no|this|that|which|each|every|any|such|by|a|one|someone)\s+$", re.I)
_EN_ONE_AFTER = re.compile(r"\s+(?:of|another|by\s+one|day|and\s+only|or\s+another|after\s+another)\b", re.I)
# A lower-case word ending in -s after a bare 1900-2099 is probably the counted noun: "2000 companies".
_EN_PLURAL_AFTER = re.compile(r"\s+([a-z]+[^s\W]s)\b")
_EN_NOT_PLURAL = frozenset("has was is as its his this thus plus us always does yes whereas towards afterwards "
                           "besides sometimes focus process progress status".split())
# "a second", "per second", "a third of": fractions and time, not ordinals.
_EN_FRACTION_BEFORE = re.compile(r"\b(?:a|an|per|one|split)\s+$", re.I)
# "the 14th Five-Year Plan" is a name: its number is the ordinal (十四五), not five.
_EN_PLAN_AFTER = re.compile(r"-year\s+plan\b", re.I)
_EN_ORDINAL_BEFORE = re.compile(r"(?:\d(?:st|nd|rd|th)|\b[a-z]+(?:st|nd|rd|th))\s+$", re.I)
# "the first three quarters" (前三季度), "the first half" (上半年), "the second half" (下半年): a period of
# the year, whose ordinal the Chinese does not write.
_EN_PERIOD_AFTER = re.compile(
    r"\s+(?:half\b|(?:\d+|two|three|four|five|six|seven|eight|nine|ten|eleven)\s+"
    r"(?:months|quarters|years|weeks|days)\b)", re.I)


@dataclass(frozen=True)
class _EnCore:
    """One English number before suffixes: digits or words, scaled."""

    start: int
    end: int
    value: float
    ordinal: bool
    digits: str | None  # the digit string when written in digits, before any scale
    scaled: bool
    words: bool


def _en_digit_core(text: str, pos: int) -> _EnCore | None | int:
    """Digits at ``pos``; an int means "a code: resume scanning there"."""
    m = _EN_DIGITS.match(text, pos)
    if m is None:
        return None
    end = m.end()
    before = text[pos - 2:pos]
    if len(before) == 2 and before[1] == "-" and before[0].isalpha() and not _en_glued_quantity(text, pos, end):
        return _skip_alnum(text, end)
    if text[end:end + 1] == "." and text[end + 1:end + 2].isdigit():
        return _skip_alnum(text, end)
    digits = m.group().replace(",", "")
    value = float(digits)
    ordinal = False
    letters = _EN_WORD.match(text, end)
    if letters:
        suffix = _EN_ORD_SUFFIX.match(text, end)
        if suffix and "." not in digits:
            ordinal, end = True, suffix.end()
        elif letters.group().lower() in _EN_SCALE_ABBR:
            pass
        elif letters.group() not in _LATIN_UNITS:
            return _skip_alnum(text, end)
    return _EnCore(pos, end, value, ordinal, m.group(), False, False)


_EN_WORD_HYPHEN_BEFORE = re.compile(r"(?<![A-Za-z])[a-z]{3,}-$")


def _en_glued_quantity(text: str, pos: int, end: int) -> bool:
    """Digits a machine rendering glued to the word before with a hyphen, yet with their unit ("hole-30
    kilometers", "rose-5%"): a quantity; a code (COVID-19, Su-57, top-10) names no unit after it."""
    if not _EN_WORD_HYPHEN_BEFORE.search(text, max(0, pos - 30), pos):
        return False
    unit = _EN_UNIT.match(text, end)
    return bool(_EN_PERCENT.match(text, end) or unit and not unit.group().lstrip().startswith("-")
                and unit.group(1).lower() not in ("times", "fold", "point", "points"))


_ALNUM_RUN = re.compile(r"[\w.\-]*")
_WORD_RUN = re.compile(r"[\w\-]+")


def _skip_alnum(text: str, pos: int) -> int:
    return max(pos + 1, _ALNUM_RUN.match(text, pos).end())


def _en_word_core(text: str, pos: int) -> _EnCore | None:
    """Number words at ``pos`` (forty-one, one hundred thousand, a dozen, twenty-first)."""
    total, current = 0.0, 0.0
    last: str | None = None
    last_scale = math.inf
    i = pos
    end = pos
    ordinal = False
    a = _EN_A.match(text, pos)
    if a and re.match(r"(?:hundred|thousand|million|billion|trillion|dozen)\b", text[a.end():], re.I):
        current, last, i = 1.0, "a", a.end()
    while True:
        j, joiner = i, ""
        if last is not None and last != "a":
            jm = _EN_JOINER.match(text, i)
            if jm is None:
                break
            j, joiner = jm.end(), jm.group().strip().lower()
        wm = _EN_WORD.match(text, j)
        if wm is None:
            break
        word = wm.group().lower()
        kind = _en_word_kind(word)
        if kind is None or not _en_word_follows(last, kind, joiner):
            break
        if kind in ("scale", "ord_big") and _EN_ALL_WORDS[word] >= last_scale:
            break
        value = _EN_ALL_WORDS[word]
        if kind in ("unit", "teen", "tens", "ord_unit", "ord_teen", "ord_tens", "zero"):
            current += value
        elif kind == "hundred" or (kind == "ord_big" and value == 100):
            current = max(current, 1.0) * 100
        elif kind == "dozen":
            current = max(current, 1.0) * 12
        else:
            total += max(current, 1.0) * value
            current, last_scale = 0.0, value
        end, i, last = wm.end(), wm.end(), kind
        if kind.startswith("ord") or kind == "zero":
            ordinal = kind.startswith("ord")
            break
    if last in (None, "a"):
        return None
    return _EnCore(pos, end, total + current, ordinal, None, False, True)


def _en_word_kind(word: str) -> str | None:
    if word == "zero":
        return "zero"
    for table, kind in ((_EN_UNITS_WORDS, "unit"), (_EN_TEENS, "teen"), (_EN_TENS, "tens"),
                        (_EN_SCALES, "scale"), (_EN_ORD_UNITS, "ord_unit"), (_EN_ORD_TEENS, "ord_teen"),
                        (_EN_ORD_TENS, "ord_tens"), (_EN_ORD_BIG, "ord_big")):
        if word in table:
            return kind
    return {"hundred": "hundred", "dozen": "dozen"}.get(word)


_EN_FOLLOWS = {
    "zero": {None},
    "unit": {None, "tens", "hundred", "scale"},
    "teen": {None, "hundred", "scale"},
    "tens": {None, "hundred", "scale"},
    "hundred": {"unit", "teen", "a"},
    "scale": {"unit", "teen", "tens", "hundred", "a"},
    "dozen": {"unit", "a"},
    "ord_unit": {None, "tens", "hundred", "scale"},
    "ord_teen": {None, "hundred", "scale"},
    "ord_tens": {None, "hundred", "scale"},
    "ord_big": {"unit", "teen", "tens", "a"},
}


def _en_word_follows(last: str | None, kind: str, joiner: str) -> bool:
    if last not in _EN_FOLLOWS[kind]:
        return False
    if joiner == "and":
        return last in ("hundred", "scale") and kind not in ("hundred", "scale", "dozen", "ord_big")
    if joiner == "-":
        return last == "tens" and kind in ("unit", "ord_unit")
    return True


def _en_core(text: str, pos: int) -> _EnCore | None | int:
    core = _en_digit_core(text, pos) if text[pos].isdigit() else _en_word_core(text, pos)
    if not isinstance(core, _EnCore):
        return core
    if core.ordinal:
        return core
    value, end, scaled = core.value, core.end, False
    half = _EN_AND_A_HALF.match(text, end) if value == int(value) and value < 100 else None
    if half:  # two and a half million = 2.5 million, two and a half years = 2.5 years
        value, end = value + 0.5, half.end()
    while True:
        sm = _EN_SCALE_AFTER.match(text, end)
        if sm is None:
            break
        word = (sm.group(1) or sm.group(2) or sm.group(3)).lower()
        scale = {**_EN_SCALES, **_EN_SCALE_ABBR, "hundred": 100}[word]
        if not core.words or word in _EN_SCALE_ABBR or half:
            value *= scale
        else:
            break
        end, scaled = sm.end(), True
    return _EnCore(core.start, end, value, False, core.digits, scaled or core.scaled, core.words)


@dataclass(frozen=True)
class _EnSimple:
    """An English number with its percent sign, unit and approximations."""

    core: _EnCore
    end: int
    percent: bool
    unit: str | None
    approx: str | None
    compound_rejected: bool


def _en_simple(text: str, core: _EnCore) -> _EnSimple:
    pos = core.end
    percent, unit, approx = False, None, None
    if not core.ordinal:
        pm = _EN_PERCENT.match(text, pos)
        bp = _EN_BASIS_POINTS.match(text, pos)
        if bp:  # 25 basis points = 0.25 percentage points
            core, percent, unit, pos = replace(core, value=core.value / 100), True, "basis point", bp.end()
        elif pm:
            percent, pos = True, pm.end()
            unit = "percentage point" if pm.group(1) else "%"
        else:
            um = _EN_UNIT.match(text, pos)
            if um and (um.group().strip().startswith("-") is False or _EN_TIME_HYPHEN_OK.match(text, pos)
                       or um.group(1) in _LATIN_UNITS):
                unit, pos = re.sub(r"\s+", " ", um.group(1)), um.end()
                if unit.lower().startswith("point"):
                    unit = "point"  # "0.2 points" after a rate: percentage points
                elif unit.lower().startswith("decade"):
                    core, unit = replace(core, value=core.value * 10), "years"  # two decades = 二十年
        sm = _EN_SUFFIX_APPROX.match(text, pos)
        if sm:
            approx = {"+": "over", "so": "about", "more": "over", "less": "under", "fewer": "under"}[
                sm.group(1).lower() if sm.group(1) else "+"]
            pos = sm.end()
    # five-year counts, one-stop and first-class do not; digits before a hyphenated noun do (232-layer,
    # 14-nanometer: 232层, 14纳米), a lone letter does not (3-D)
    hyphened = _EN_HYPHEN_WORD.match(text, pos)
    compound = (hyphened is not None and _EN_TIME_HYPHEN_OK.match(text, pos) is None
                and not (core.digits is not None and len(hyphened.group(1)) >= 2))
    return _EnSimple(core, pos, percent, unit, approx, compound)


def _en_sign_and_approx(text: str, start: int) -> tuple[int, str | None, str | None]:
    """Currency sign and approximation word right before ``start``; the mention start moves onto the sign."""
    head = text[max(0, start - 40):start]
    sign = _EN_CURRENCY_SIGN.search(head)
    unit = None
    if sign:
        unit = sign.group(1).strip()
        start -= len(sign.group(1))
        head = head[:len(head) - len(sign.group(1))]
    am = _EN_PREFIX_APPROX.search(head)
    if am is None:
        return start, unit, None
    return start - (len(head) - am.start()), unit, _EN_APPROX_WORDS[re.sub(r"\s+", " ", am.group(1).lower())]


def parse_en_numbers(text: str) -> list[NumberMention]:
    """Numbers in English text: digits, scales, number words, percents, ranges, ordinals, years."""
    masks = _date_masks(text, (_EN_MONTH_DAY, _EN_DAY_MONTH, _EN_MONTH_YEAR))
    out = _en_loose_quantities(text, masks)
    masks = _Masks(masks.skip + tuple((m.start, m.end) for m in out), masks.years)
    pos = 0
    while True:
        m = _EN_CANDIDATE.search(text, pos)
        if m is None:
            break
        mention, pos = _en_mention_at(text, m.start(), masks)
        if mention is not None:
            out.append(mention)
    return sorted(out, key=lambda m: m.start)


_EN_MAGNITUDES = {"dozen": 12, "score": 20, "ten": 10, "hundred": 100, "thousand": 10 ** 3, "million": 10 ** 6,
                  "billion": 10 ** 9, "trillion": 10 ** 12}
# "dozens of", "hundreds of millions", "several thousand": a magnitude, not a value.
_EN_SEVERAL = re.compile(
    r"\b(?:(?:several|a\s+few)\s+(?P<one>dozen|hundred|thousand|million|billion)"
    r"|(?P<many>dozens|scores(?=\s+of\b)|tens(?=\s+of\s+(?:thousands|millions|billions)\b)|hundreds|thousands|"
    r"millions|billions))(?:\s+of\s+(?P<of>thousands|millions|billions)\b)?\b", re.I)
_EN_FRACTION_WORDS = {"half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4, "fourth": 4,
                      "fourths": 4, "fifth": 5, "fifths": 5, "sixth": 6, "sixths": 6, "seventh": 7, "sevenths": 7,
                      "eighth": 8, "eighths": 8, "ninth": 9, "ninths": 9, "tenth": 10, "tenths": 10}
# "one third of", "two-fifths", "a quarter of": a share (三分之一); "the third quarter" and "a third term" are not.
_EN_FRACTION = re.compile(
    r"\b(?P<num>an?|one|two|three|four|five|six|seven|eight|nine)(?P<sep>\s+|-)(?P<den>"
    + "|".join(sorted(_EN_FRACTION_WORDS, key=len, reverse=True)) + r")\b(?P<of>\s+of\b)?", re.I)
_EN_SLASH_FRACTION = re.compile(r"(?<![\w/.])(?P<num>[1-9])/(?P<den>[2-9]|10)(?![\w/.])")
# doubled, twice, threefold, quadrupled: a multiple (翻一番, 翻两番).
_EN_MULTIPLES = {"twice": 2, "double": 2, "doubled": 2, "doubles": 2, "doubling": 2, "twofold": 2,
                 "triple": 3, "tripled": 3, "triples": 3, "tripling": 3, "threefold": 3, "thrice": 3,
                 "quadruple": 4, "quadrupled": 4, "quadruples": 4, "quadrupling": 4, "fourfold": 4,
                 "fivefold": 5, "sixfold": 6, "sevenfold": 7, "eightfold": 8, "ninefold": 9, "tenfold": 10}
_EN_MULTIPLE = re.compile(r"\b(?:" + "|".join(_EN_MULTIPLES) + r")\b", re.I)


_EN_QUARTERS_BEFORE = re.compile(r"\b(?:first|last|past|next|final|previous|recent|following|coming)\s+$", re.I)
_EN_QUARTERS_OF = re.compile(r"\s+of\s+(?:the\s+year|this\s+year|last\s+year|next\s+year|(?:19|20)\d\d)\b", re.I)


def _en_time_quarters(text: str, m: re.Match) -> bool:
    """"the first three quarters of 2024", "two quarters of the year": quarters of a year, not a share."""
    return bool(_EN_QUARTERS_BEFORE.search(text[max(0, m.start() - 12):m.start()])
                or _EN_QUARTERS_OF.match(text, m.end("den")))


def _en_loose_quantities(text: str, masks: _Masks) -> list[NumberMention]:
    """Quantities the numeral scanner does not read: magnitudes (dozens, hundreds of millions), shares
    (one third of, 2/5) and multiples (doubled, threefold)."""
    out: list[NumberMention] = []
    for m in _EN_SEVERAL.finditer(text):
        word = (m.group("one") or m.group("many")).lower().rstrip("s")
        low = _EN_MAGNITUDES[word] * (_EN_MAGNITUDES[m.group("of").lower().rstrip("s")] if m.group("of") else 1)
        high = low * 100 / _EN_MAGNITUDES[word] if word in ("dozen", "score") else low * 10  # dozens: up to 100
        out.append(NumberMention(m.start(), m.end(), m.group(), low, "cardinal", None, None, high, True))
    for m in _EN_FRACTION.finditer(text):
        num = 1 if m.group("num").lower() in ("a", "an") else _EN_UNITS_WORDS[m.group("num").lower()]
        den = _EN_FRACTION_WORDS[m.group("den").lower()]
        if not (m.group("sep") == "-" or m.group("of")) or den == 2 and num == 1 and m.group("sep") != "-":
            continue  # "a third term", "the second quarter"; "a half" is too loose to read
        if not 0 < num < den or den == 4 and _en_time_quarters(text, m):
            continue
        start, _, approx = _en_sign_and_approx(text, m.start())
        out.append(NumberMention(start, m.end("den"), text[start:m.end("den")], 100 * num / den, "percent", approx,
                                 "fraction"))
    for m in _EN_SLASH_FRACTION.finditer(text):
        num, den = int(m.group("num")), int(m.group("den"))
        if num < den:
            start, _, approx = _en_sign_and_approx(text, m.start())
            out.append(NumberMention(start, m.end(), text[start:m.end()], 100 * num / den, "percent", approx,
                                     "fraction"))
    for m in _EN_MULTIPLE.finditer(text):
        out.append(NumberMention(m.start(), m.end(), m.group(), float(_EN_MULTIPLES[m.group().lower()]), "cardinal",
                                 None, "times"))
    return [m for m in out if not masks.covers(m.start, m.end)]


def _en_mention_at(text: str, pos: int, masks: _Masks) -> tuple[NumberMention | None, int]:
    if pos in masks.years:
        return _forced_year(text, pos), pos + 4
    core = _en_core(text, pos)
    if isinstance(core, int):
        return None, core
    if core is None:
        return None, _skip_word(text, pos)
    if masks.covers(core.start, core.end) or _is_list_marker(text, core.start, core.end):
        return None, core.end
    first = _en_simple(text, core)
    if first.compound_rejected or _en_word_trap(text, first):
        return None, _skip_word(text, first.end)
    second = _en_range_partner(text, first, masks)
    if second is not None:
        mention = _en_range_mention(text, first, second)
        if mention is not None:
            return mention, mention.end
    return _en_single_mention(text, first), max(first.end, pos + 1)


def _skip_word(text: str, pos: int) -> int:
    m = _WORD_RUN.match(text, pos)
    return m.end() if m and m.end() > pos else pos + 1


def _en_word_trap(text: str, s: _EnSimple) -> bool:
    """'one of the', 'the one', 'a second', 'a third of', 'zero carbon': number words that are not numbers."""
    core = s.core
    if not core.words:
        return False
    word = text[core.start:core.end].lower()
    before = text[max(0, core.start - 20):core.start]
    if word in ("one", "zero") and not s.percent and s.unit is None:
        return word == "zero" or bool(_EN_ONE_BEFORE.search(before) or _EN_ONE_AFTER.match(text, core.end))
    if core.ordinal:
        period = word in ("first", "second") and _EN_PERIOD_AFTER.match(text, core.end)
        return bool(_EN_FRACTION_BEFORE.search(before) or period)
    if word == "five" and _EN_PLAN_AFTER.match(text, core.end):
        return bool(_EN_ORDINAL_BEFORE.search(before))
    return False


_EN_BETWEEN = re.compile(r"\bbetween\s+$", re.I)
_EN_FROM = re.compile(r"\bfrom\s+(?:US\$|HK\$|\$|¥|€|£|RMB\s?)?$", re.I)


def _en_year_span(text: str, first: _EnSimple, p: int) -> bool:
    """"from 2021 to 2025": a span of years, which stays a range."""
    second = _EN_DIGITS.match(text, p)
    return bool(first.core.digits and second and _is_year_value(first.core.value, first.core.digits)
                and _is_year_value(float(second.group()), second.group()))


def _en_range_partner(text: str, first: _EnSimple, masks: _Masks) -> _EnSimple | None:
    if first.core.ordinal or first.compound_rejected:
        return None
    before = text[max(0, first.core.start - 12):first.core.start]
    between = re.search(r"\bbetween\s+(?:US\$|\$|¥|€|£)?$", before, re.I)
    sep = re.compile(r"\s+and\s+", re.I).match(text, first.end) if between else _EN_RANGE_SEP.match(text, first.end)
    if sep is None:
        return None
    if _EN_FROM.search(before) and sep.group().strip().lower() == "to" and not _en_year_span(text, first, sep.end()):
        return None  # "rose from 12,000 to 21,000": a change between two values, not a range
    p = sep.end()
    if text[p:p + 1] in ("$", "¥", "€", "£"):
        p += 1
    if not _EN_CANDIDATE.match(text, p):
        return None
    core2 = _en_core(text, p)
    if not isinstance(core2, _EnCore) or core2.ordinal or masks.covers(core2.start, core2.end):
        return None
    second = _en_simple(text, core2)
    if second.compound_rejected or _en_word_trap(text, second):
        return None
    if first.percent and not second.percent:
        return None
    if first.unit is not None and second.unit is not None and first.unit != second.unit:
        return None
    return second


def _en_range_mention(text: str, first: _EnSimple, second: _EnSimple) -> NumberMention | None:
    low, high = first.core.value, second.core.value
    if second.core.scaled and not first.core.scaled and first.core.digits and second.core.digits:
        factor = second.core.value / float(second.core.digits.replace(",", ""))
        if first.core.value < float(second.core.digits.replace(",", "")):
            low = first.core.value * factor
    if not high > low:
        return None
    start, sign_unit, approx = _en_sign_and_approx(text, first.core.start)
    between = _EN_BETWEEN.search(text[max(0, start - 12):start])
    if between:
        start, approx = start - len(between.group()), None
    percent = first.percent or second.percent
    unit = second.unit or first.unit or sign_unit
    years = all(_en_year_shaped(s) for s in (first, second)) and _en_year_context(text, second.core)
    kind = "year" if years else ("percent" if percent else "cardinal")
    approx = approx or second.approx
    return NumberMention(start, second.end, text[start:second.end], low, kind, approx, unit, high)


def _en_year_shaped(s: _EnSimple) -> bool:
    c = s.core
    return (c.digits is not None and not c.scaled and not c.ordinal and not s.percent and s.unit is None
            and _is_year_value(c.value, c.digits))


def _en_single_mention(text: str, s: _EnSimple) -> NumberMention | None:
    core = s.core
    start, sign_unit, approx = _en_sign_and_approx(text, core.start)
    if core.ordinal:
        return NumberMention(core.start, core.end, text[core.start:core.end], core.value, "ordinal")
    unit = s.unit or sign_unit
    if s.percent:
        kind = "percent"
    elif _en_year_shaped(s) and sign_unit is None and approx is None and _en_year_context(text, core):
        kind = "year"
    else:
        kind = "cardinal"
    approx = s.approx or approx
    return NumberMention(start, s.end, text[start:s.end], core.value, kind, approx, unit)


def _en_year_context(text: str, core: _EnCore) -> bool:
    """A bare 1900-2099 is a year unless a plural noun follows it ("2000 companies")."""
    plural = _EN_PLURAL_AFTER.match(text, core.end)
    return plural is None or plural.group(1) in _EN_NOT_PLURAL


# ---------------------------------------------------------------------------
# Comparison and description
# ---------------------------------------------------------------------------

_REL_TOL = 1e-6
_APPROX_REL_TOL = 0.05


def _close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=_REL_TOL, abs_tol=1e-9)


def _significant_digits(x: float) -> int:
    digits = f"{abs(x):.12e}".split("e")[0].replace(".", "").rstrip("0")
    return max(1, len(digits))


def _round_sig(x: float, sig: int) -> float:
    if x == 0:
        return 0.0
    return round(x, sig - 1 - int(math.floor(math.log10(abs(x)))))


def _close_approx(a: float, b: float) -> bool:
    """Equal at the precision of the rounder value and within 5%: 'about 13.6 trillion' ~ 13.57万亿."""
    if _close(a, b):
        return True
    sig = min(_significant_digits(a), _significant_digits(b))
    if not _close(_round_sig(a, sig), _round_sig(b, sig)):
        return False
    return abs(a - b) <= _APPROX_REL_TOL * max(abs(a), abs(b))


def _overlap(a: NumberMention, b: NumberMention) -> bool:
    """A vague mention matches a value inside it, or a span that shares some of it (数十 ~ "dozens")."""
    a_high, b_high = a.high if a.high is not None else a.value, b.high if b.high is not None else b.value
    if a.value == a_high or b.value == b_high:
        return a.value <= b_high and b.value <= a_high
    return a.value < b_high and b.value < a_high


POINT_UNITS = ("百分点", "percentage point", "point", "基点", "basis point")


def _is_points(m: NumberMention) -> bool:
    return m.unit in POINT_UNITS


# Units a rendering converts (粮食产量13908.2亿斤 = "695.41 million tonnes"): Chinese unit, English unit, and
# the factor from the Chinese value to the English one. A converted value is rounded, so it matches at the
# precision of the rounder side.
_CONVERSIONS = (
    (("斤", "市斤"), re.compile(r"^(?:metric\s+)?(?:tons?|tonnes?)$", re.I), 0.0005),
    (("斤", "市斤"), re.compile(r"^(?:kilograms?|kg)$", re.I), 0.5),
    (("公斤", "千克"), re.compile(r"^(?:metric\s+)?(?:tons?|tonnes?)$", re.I), 0.001),
    (("亩",), re.compile(r"^hectares?$", re.I), 1 / 15),
    (("亩",), re.compile(r"^acres?$", re.I), 10000 / 15 / 4046.8564224),
    (("公顷",), re.compile(r"^mu$", re.I), 15.0),
    (("年",), re.compile(r"^months?$", re.I), 12.0),
    # 装机容量1200万千瓦 = "12 GW", 发电量5000亿千瓦时 = "500 TWh"
    (("千瓦",), re.compile(r"^(?:GW|gigawatts?)$", re.I), 1e-6),
    (("千瓦",), re.compile(r"^(?:MW|megawatts?)$", re.I), 1e-3),
    (("兆瓦",), re.compile(r"^(?:GW|gigawatts?)$", re.I), 1e-3),
    (("千瓦时",), re.compile(r"^(?:TWh|terawatt[\s-]hours?)$", re.I), 1e-9),
    (("千瓦时",), re.compile(r"^(?:GWh|gigawatt[\s-]hours?)$", re.I), 1e-6),
    (("千瓦时",), re.compile(r"^(?:MWh|megawatt[\s-]hours?)$", re.I), 1e-3),
    # 每秒230百亿亿次浮点运算 = "230 EFLOPS"
    (("次",), re.compile(r"^(?:EFLOPS|exaflops)$", re.I), 1e-18),
    (("次",), re.compile(r"^(?:PFLOPS|petaflops)$", re.I), 1e-15),
)


def conversion(a: NumberMention, b: NumberMention) -> float | None:
    """The factor that turns a's value into b's when b renders a in another unit (斤 -> tonnes), else None."""
    for zh_units, en_unit, factor in _CONVERSIONS:
        if a.unit in zh_units and b.unit and en_unit.match(b.unit):
            return factor
        if b.unit in zh_units and a.unit and en_unit.match(a.unit):
            return 1 / factor
    return None


def _converted(m: NumberMention, factor: float) -> NumberMention:
    return replace(m, value=m.value * factor, high=None if m.high is None else m.high * factor)


def values_match(a: NumberMention, b: NumberMention) -> bool:
    """Whether two mentions state the same quantity.

    Percents only match percents, except that percentage points match a bare
    "0.2 points"; other kinds compare by value (a year may match a cardinal).
    Two ranges match end by end; a single number matches a range when it
    equals either end. A vague mention (数十, "dozens") matches any value in
    it and any span that shares some of it. Shares (三分之一 = 33.3%, "a
    third of") match at the precision of the rounder value ("33%"). When either side is approximate, values
    that agree at the precision of the rounder one (and within 5%) match, and so do values in units a
    rendering converts (13908.2亿斤 = "695.41 million tonnes", 三年 = "36 months"). A decimal with at least
    three significant digits matches the value it rounds (1260582亿元 = "126.06 trillion", not 5.2% = "5%").
    A multiple (倍) matches a percent read as the change or the level it gives (增长1.2倍 = "rose 120
    percent", 翻一番 = "up 100 percent").
    The approximation words themselves are not compared ("over" vs "under"):
    callers that care compare ``approx``.
    """
    if _multiple_as_percent(a, b) or _multiple_as_percent(b, a):
        return True
    if (a.kind == "percent") != (b.kind == "percent") and not (_is_points(a) and _is_points(b)):
        return False
    factor = conversion(a, b)
    if factor is not None:  # compared in b's unit, at the precision of the rounder side
        a = _converted(a, factor)
        if not (a.vague or b.vague or a.approx or b.approx):
            b = replace(b, approx="about")
    if a.vague or b.vague:
        return _overlap(a, b)
    close = _close_approx if (a.approx or b.approx or "fraction" in (a.unit, b.unit)) else _close
    if a.is_range and b.is_range:
        return close(a.value, b.value) and close(a.high, b.high)
    if a.is_range or b.is_range:
        rng, single = (a, b) if a.is_range else (b, a)
        return close(single.value, rng.value) or close(single.value, rng.high)
    return close(a.value, b.value) or _rounded(a, b) or _rounded(b, a)


def _multiple_as_percent(m: NumberMention, p: NumberMention) -> bool:
    """A Chinese multiple and a percent of the same size: 增长1.2倍 = "rose 120 percent", 翻一番 = "up 100
    percent", 3倍 = "300 percent of" (the percent read as the change or as the level)."""
    if m.unit != "倍" or m.kind != "cardinal" or p.kind != "percent" or p.unit != "%":
        return False
    high = m.high if m.high is not None else m.value
    return any(m.value - 1e-9 <= x <= high + 1e-9 for x in (p.value / 100, p.value / 100 + 1))


def _rounded(r: NumberMention, x: NumberMention) -> bool:
    """r is x rounded to a shorter decimal (1260582亿元 = "126.06 trillion"): r shows a decimal point and
    keeps at least three significant digits, so a growth rate rounded to a whole number (5.2% as "5%") or a
    year read as a round number never matches this way."""
    if "." not in r.text:
        return False
    sig = _significant_digits(r.value)
    return 3 <= sig < _significant_digits(x.value) and _close(_round_sig(x.value, sig), r.value)


def format_value(x: float) -> str:
    """A value in English digits and scale words: 6.58e10 -> '65.8 billion', 15000 -> '15,000'."""
    for scale, word in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
        if abs(x) >= scale:
            return f"{format(x / scale, ',.10g')} {word}"
    return format(x, ",.10g")


def _ordinal_suffix(n: int) -> str:
    if 10 <= n % 100 <= 20:
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")


def _describe_value(m: NumberMention, x: float) -> str:
    if m.kind == "year":
        return str(int(x)) if x == int(x) else format_value(x)
    if m.kind == "ordinal" and x == int(x):
        return f"{int(x)}{_ordinal_suffix(int(x))}"
    if m.kind == "percent":
        if m.unit == "fraction":
            return f"{x:.3g}%"
        if m.unit in ("百分点", "percentage point"):
            return f"{format(x, ',.10g')} percentage points"
        if m.unit in ("基点", "basis point"):
            return f"{format(round(x * 100, 10), ',.10g')} basis points"
        return f"{format(x, ',.10g')}%"
    if m.unit == "point":
        return f"{format(x, ',.10g')} points"
    return format_value(x)


def describe(m: NumberMention) -> str:
    """A human reading in English: 658亿 -> '65.8 billion', 近2000家 -> 'nearly 2,000', 3-5个 -> '3–5'."""
    text = _describe_value(m, m.value)
    if m.is_range:
        text = f"{text}–{_describe_value(m, m.high)}"
    if m.unit in ("倍", "times", "fold") and m.kind == "cardinal":
        text += " times"
    return f"{m.approx} {text}" if m.approx else text
