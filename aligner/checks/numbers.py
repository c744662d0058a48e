"""Numbers: every quantity in a link must be found, by value, on the other side.

Values are compared, not strings (658亿 = 65.8 billion), with the parsers of
:mod:`aligner.text.numbers`. Dates with a month, day or period (年底, "end of") are the dates check's
business and are left out here, and so is an English year that is the year of such a Chinese date
(2024年第三季度, "third-quarter revenue in 2024"); bare years stay (2024年 ~ "in 2024").

Findings: a value rendered differently (major), a Chinese number with no
English counterpart (major for amounts and percentages, minor for ordinals,
years, small counts and magnitudes such as 数十), an English number with no
Chinese source (minor), a lost or added approximation, a range rendered as
one value (minor), a change whose direction is reversed (下降3.2% as "rose
3.2%", major), a multiple rendered as a percent a factor of ten off (增长1.2倍 as
"rose 12 percent", major), or a change whose basis is another (同比, year on year,
rendered "month on month", or 环比 "year on year", major). Directions and
bases are compared only where the word sits on the number on both sides;
directions only when both state the change (下降, "fell by") or both the
level reached (降至, "fell to"). 等七部门 rendered "and six other
departments" counts the others, not all seven, and matches; "and seven
other departments" is one too many (major). A magnitude
(数十, "dozens", 十几万) matches any value inside it and raises no
approximation flag; a multiple word ("doubled", "double-digit") is never
flagged as added.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import lru_cache

from ..model import Flag, Paragraph, Span
from ..text import TEXT_CACHE_SIZE
from ..text.dates import parse_en_dates, parse_zh_dates
from ..text.numbers import (POINT_UNITS, NumberMention, conversion, describe, format_value, parse_en_numbers,
                            parse_zh_numbers, values_match)
from .omissions import inside, match_sentences, omitted_zh_spans
from .registry import CheckContext, LinkView, register, span_of

# Chinese characters that carry a small number without the parser counting them as one
# (两会 "Two Sessions", 两芯一生态 "two cores and one ecology", 首届 "the first", 双倍增 "double").
_SMALL = {
    1: "一壹首头初单独唯",
    2: "二两双俩贰再",
    3: "三叁",
    4: "四肆",
    5: "五伍",
    6: "六陆",
    7: "七柒",
    8: "八捌",
    9: "九玖",
    10: "十拾",
}
# English words that carry a small number without being numbers (both, double, twice, dual, single).
_EN_SMALL = {
    1: re.compile(r"\b(?:single|first|sole|only|once|an?|one)\b", re.I),
    2: re.compile(r"\b(?:both|double|doubl\w*|twice|dual|two|pair|second|twin|bi(?!llions?\b)\w*)\b", re.I),
    3: re.compile(r"\b(?:three|triple|thrice|third|tri(?!llions?\b)\w*)\b", re.I),
    10: re.compile(r"\b(?:decades?|ten)\b", re.I),  # 十年来 "over the past decade"
    100: re.compile(r"\b(?:centenary|centennial|century)\b", re.I),  # 建党100周年 "the Party's centenary"
}
_VAGUE_EN = re.compile(r"^(?:an?\s+)?dozens?\b|^(?:hundreds|thousands|millions|billions)\b", re.I)
_UNIT_CLASSES = (
    ({"元", "亿元", "万元"}, re.compile(r"yuan|rmb|cny|¥", re.I)),
    ({"美元"}, re.compile(r"dollar|usd|\$", re.I)),
    ({"%", "百分点"}, re.compile(r"%|percent|per cent|percentage", re.I)),
    ({"倍"}, re.compile(r"times|fold", re.I)),
)
# A multiple or a share the Chinese states and the English words without a number the parser reads
# (成倍增长 "multiplied", 二分之一 "half of").
_EN_LOOSE = {
    "倍": re.compile(r"\b(?:multipl\w*|manifold|several\s+times|many\s+times|exponential\w*)\b", re.I),
    "fraction": re.compile(r"\bhalf\b", re.I),
}


@dataclass(frozen=True)
class Mention:
    """A parsed number where it sits: its paragraph and the sentence bead it belongs to."""

    paragraph: Paragraph
    m: NumberMention
    bead: int

    @property
    def span(self) -> Span:
        return span_of(self.paragraph, self.m.start, self.m.end)


def _dated(d) -> bool:
    """A date the dates check compares (month, day or period); bare years stay numbers."""
    return d.month is not None or d.day is not None or d.period is not None


@lru_cache(maxsize=TEXT_CACHE_SIZE)
def _zh_numbers(text: str) -> tuple[NumberMention, ...]:
    dated = [(d.start, d.end) for d in parse_zh_dates(text) if _dated(d)]
    return tuple(m for m in parse_zh_numbers(text) if not any(s < m.end and m.start < e for s, e in dated))


@lru_cache(maxsize=TEXT_CACHE_SIZE)
def _zh_date_years(text: str) -> frozenset[float]:
    """Years written in the Chinese dates the numbers check leaves out (2024 of 2024年第三季度)."""
    return frozenset(float(d.year) for d in parse_zh_dates(text) if _dated(d) and d.year is not None)


@lru_cache(maxsize=TEXT_CACHE_SIZE)
def _en_years(text: str) -> frozenset[float]:
    """Every year the English gives, in its dates or on its own (2024 of "the third quarter of 2024", "in 2024")."""
    return frozenset(float(d.year) for d in parse_en_dates(text) if d.year is not None) | frozenset(
        m.value for m in parse_en_numbers(text) if m.kind == "year")


@lru_cache(maxsize=TEXT_CACHE_SIZE)
def _en_numbers(text: str) -> tuple[NumberMention, ...]:
    dated = [(d.start, d.end) for d in parse_en_dates(text) if _dated(d)]
    return tuple(m for m in parse_en_numbers(text) if not any(s < m.end and m.start < e for s, e in dated))


def _bead_index(beads, paragraph: int, start: int, zh: bool) -> int:
    for k, bead in enumerate(beads):
        for s in bead.zh if zh else bead.en:
            if s.paragraph == paragraph and s.start <= start < s.end:
                return k
    return -1


def _mentions(view: LinkView) -> tuple[list[Mention], list[Mention]]:
    beads = match_sentences(view)
    zh = [Mention(p, m, _bead_index(beads, p.id, m.start, True)) for p in view.zh for m in _zh_numbers(p.text)]
    en = [Mention(p, m, _bead_index(beads, p.id, m.start, False)) for p in view.en for m in _en_numbers(p.text)]
    return zh, en


def _digits(x: float) -> str:
    """Significant digits: 6.58e10 and 658e9 both give '658'."""
    s = f"{abs(x):.10g}"
    mantissa = s.split("e")[0].replace(".", "")
    return mantissa.strip("0") or "0"


def _percent(m: NumberMention) -> bool:
    """A percentage, or percentage points however written ("0.2 points" after a rate)."""
    return m.kind == "percent" or m.unit == "point"


def _same_unit_class(z: NumberMention, e: NumberMention) -> bool:
    for zh_units, en_pattern in _UNIT_CLASSES:
        if z.unit in zh_units and e.unit and en_pattern.search(e.unit):
            return True
    return False


def _points(m: NumberMention) -> bool:
    """Percentage points (个百分点, "percentage points", "0.2 points", 25个基点, "25 basis points")."""
    return m.unit in POINT_UNITS


def _same_kind(z: Mention, e: Mention) -> bool:
    """Both percentages or neither, both ordinals or neither: only such numbers can be one quantity."""
    return _percent(z.m) == _percent(e.m) and (z.m.kind == "ordinal") == (e.m.kind == "ordinal")


def _mismatch_score(z: Mention, e: Mention) -> int:
    """How likely an unmatched Chinese and English number are the same quantity, differently rendered."""
    if not _same_kind(z, e):
        return 0
    score = 0
    if z.bead == e.bead and z.bead >= 0:
        score += 2
    if _digits(z.m.value) == _digits(e.m.value) and _digits_tell(z.m.value, e.m.value):
        score += 3
    if _same_unit_class(z.m, e.m):
        score += 1
    return score


def _digits_tell(z: float, e: float) -> bool:
    """Whether equal significant digits mean anything: not for small whole numbers (10 years and "one")."""
    return max(abs(z), abs(e)) >= 100 or z != int(z) or e != int(e)


def _small_in_text(value: float, text: str, table: dict) -> bool:
    if value != int(value) or int(value) not in table:
        return False
    chars = table[int(value)]
    if isinstance(chars, str):
        return any(c in text for c in chars)
    return bool(chars.search(text))


# Scale words the Chinese parser rightly skips as "not a number" (百亿级 "10-billion-level", 千亿 "hundreds of billions").
_SCALE_WORDS = {"十亿": 1e9, "百亿": 1e10, "千亿": 1e11, "万亿": 1e12, "百万": 1e6, "千万": 1e7, "十万": 1e5}


def _scale_word_in(m: NumberMention, zh_text: str) -> bool:
    return any(word in zh_text and math.isclose(m.value, value) for word, value in _SCALE_WORDS.items())


# Spans of time the Chinese writes without a number the parser counts (上半年 "the first six months").
_MONTHS_WORDS = {"半年": 6, "一年": 12, "全年": 12}


def _months_word_in(m: NumberMention, zh_text: str) -> bool:
    return (m.unit or "").lower().startswith("month") and any(
        word in zh_text and m.value == months for word, months in _MONTHS_WORDS.items())


def _literal_in(m: NumberMention, en_text: str) -> bool:
    """An ordinal whose digits the English writes in a form the parser does not read (8.6th-generation)."""
    if m.kind != "ordinal":
        return False
    digits = f"{m.value:g}"
    return re.search(r"(?<![\d.])" + re.escape(digits) + r"(?![\d])", en_text) is not None


# Direction of a change, only where the verb sits on the number: 下降3.2% / "fell 3.2 percent", "a 3.2% decrease".
# 降至/"fell to" give the level after the change, 下降/"fell by" the change: only like forms are compared.
_ZH_DIRECTION = re.compile(r"(?<!负)(?:(?P<down>下降|减少|回落|降低|下滑|下跌|下调|调降|降)|(?P<up>增长|增加|上升|提高|提升|上涨|上调|调升|增))"
                           r"了?(?P<to>[到至])?$")
_EN_UP = (r"rose|rise[sn]?|rising|increas(?:e[sd]?|ing)|grew|grow(?:s|n|ing|th)?|gain(?:s|ed)?|climb(?:s|ed)?|"
          r"jump(?:s|ed)?|surg(?:e[sd]?|ing)|expand(?:s|ed|ing)?|rais(?:e[sd]?|ing)|boost(?:s|ed|ing)?|hik(?:e[sd]?|ing)|"
          r"higher|up")
_EN_DOWN = (r"fell|fall(?:s|en|ing)?|decreas(?:e[sd]?|ing)|declin(?:e[sd]?|ing)|drop(?:s|ped|ping)?|dipped|"
            r"reduc(?:e[sd]?|ing|tion)|cut(?:s|ting)?|shr[ai]nk(?:s|ing)?|contract(?:s|ed|ing|ion)|slow(?:s|ed|ing)?|"
            r"lower(?:s|ed|ing)?|down")
_EN_DIRECTION_BEFORE = re.compile(
    r"(?:^|(?<=[^\w-]))(?:(?P<up>" + _EN_UP + r")|(?P<down>" + _EN_DOWN + r"))"
    r"(?P<gap>(?:\s+(?!(?:and|but|while|from|than|not|negative|minus|" + _EN_UP + "|" + _EN_DOWN
    + r")\b)[A-Za-z][\w-]*){0,3}?)\s+$", re.I)
_EN_DIRECTION_AFTER = re.compile(
    r"\s+(?:(?:year[- ]on[- ]year|y-o-y)\s+)?(?:(?P<up>increase[sd]?|rise|growth|gain|jump|surge|higher|more|up)|"
    r"(?P<down>decrease[sd]?|decline|drop|fall|reduction|cut|lower|less|fewer|down))\b", re.I)
# "set up 3 funds", "laid down 5 principles": a particle, no direction.
_EN_PARTICLE_BEFORE = re.compile(r"\b(?:set|sets|setting|make|makes|made|making|take|takes|took|taken|build|builds|"
                                 r"built|pick|picks|picked|speed|sped|step|steps|stepped|lay|lays|laid|break|broke|"
                                 r"broken|sum|summed|line|lined|sign|signed|back|backed)\s+$", re.I)


def _zh_direction(z: Mention) -> tuple[str, bool] | None:
    """("up"/"down", whether the number is the level reached: 降至) when a verb of change sits on the number."""
    text = z.paragraph.text
    m = _ZH_DIRECTION.search(text[max(0, z.m.start - 4):z.m.start])
    if m is None or (m.group("down") or m.group("up")) in ("降", "增") and not m.group("to"):
        return None
    return ("down" if m.group("down") else "up"), bool(m.group("to"))


def _en_direction(e: Mention) -> tuple[str, bool, str] | None:
    """("up"/"down", whether the number is the level reached: "fell to", the word) for "fell 3.2 percent",
    "down by 3.2%", "a 3.2% decrease"."""
    text = e.paragraph.text
    after = _EN_DIRECTION_AFTER.match(text, e.m.end)
    if after:
        return ("down" if after.group("down") else "up"), False, after.group().strip()
    head = text[max(0, e.m.start - 60):e.m.start]
    before = _EN_DIRECTION_BEFORE.search(head)
    if before is None:
        return None
    word = before.group("up") or before.group("down")
    if word.lower() in ("up", "down") and _EN_PARTICLE_BEFORE.search(head[:before.start()]) \
            or re.search(r"\b(?:negative|minus)\s+$", head[:before.start()], re.I):
        return None  # "set up 3 funds"; "negative growth of 3.2%"
    to = before.group("gap").split()[-1:] == ["to"]
    return ("down" if before.group("down") else "up"), to, word


def _direction_clash(z: Mention, e: Mention) -> tuple[str, str] | None:
    """The Chinese and English words when they give the change opposite directions (下降3.2% / "rose 3.2%")."""
    zd, ed = _zh_direction(z), _en_direction(e)
    if zd is None or ed is None or zd[1] != ed[1] or zd[0] == ed[0]:
        return None
    return zd[0], ed[2]


# 工业和信息化部等七部门 = "the MIIT and six other departments": the English counts those besides the one named.
_EN_OTHER_AFTER = re.compile(r"\s+other\b", re.I)


def _others(z: Mention, e: Mention) -> bool:
    """等七部门 and "N other departments": the Chinese counts all, the English those besides the one named."""
    return z.m.kind == e.m.kind == "cardinal" and not (z.m.is_range or e.m.is_range or z.m.vague) \
        and z.paragraph.text[:z.m.start].endswith("等") \
        and _EN_OTHER_AFTER.match(e.paragraph.text, e.m.end) is not None


def _counted_others(z: Mention, e: Mention) -> bool:
    return _others(z, e) and z.m.value == e.m.value + 1


def _overcounted_others(z: Mention, e: Mention) -> bool:
    """等七部门 rendered "and seven other departments": eight in all, one too many."""
    return _others(z, e) and z.m.value == e.m.value


# What a change is measured against, where it sits on the number: 同比 (the same period a year before) or 环比
# (the period before: the previous month or quarter). 同比增长66.5% is "up 66.5% year on year", 环比增长15.6% "up
# 15.6% month on month" or "quarter on quarter": a year-on-year change rendered as a sequential one is another figure.
_ZH_BASIS = re.compile(r"(?:(?P<year>同比|(?:比|较)(?:上年|去年)同期|(?:比|较)上年)|"
                       r"(?P<previous>环比|(?:比|较)上(?:个?月|季度?|一季度)))"
                       r"(?:下降|减少|回落|降低|下滑|下跌|增长|增加|上升|提高|提升|上涨|降|增)?了?(?:[到至])?$")
_EN_BASIS_AFTER = re.compile(
    r"\s*,?\s+(?:(?:up|down|higher|lower|more|less|an?\s+increase|an?\s+decrease)\s+)?"
    r"(?:(?P<year>year[- ]on[- ]year|y-o-y|yoy|from\s+a\s+year\s+(?:earlier|ago|before)|"
    r"(?:from|over|on|compared\s+with|compared\s+to)\s+"
    r"(?:the\s+same\s+period\s+(?:of\s+)?last\s+year|a\s+year\s+(?:earlier|ago)))|"
    r"(?P<previous>month[- ]on[- ]month|quarter[- ]on[- ]quarter|sequentially|"
    r"(?:from|over|on)\s+the\s+(?:previous|prior|preceding)\s+(?:month|quarter)))\b"
    r"(?!\s*(?:,|and|or)\s+(?:month|quarter|year|from|sequentially))", re.I)


_BASIS_READINGS = {"year": "year on year", "previous": "on the previous month or quarter"}


def _basis_clash(z: Mention, e: Mention) -> tuple[str, str] | None:
    """The basis of the Chinese ("year", "previous") and the English phrase when 同比 is rendered as a sequential change or 环比 as a
    year-on-year one ("up 15.6 percent year on year" for 环比增长15.6%)."""
    zb = _ZH_BASIS.search(z.paragraph.text[max(0, z.m.start - 10):z.m.start])
    eb = _EN_BASIS_AFTER.match(e.paragraph.text, e.m.end)
    if zb is None or eb is None or zb.lastgroup == eb.lastgroup:
        return None
    return zb.lastgroup, eb.group(eb.lastgroup)


def _vague(m: NumberMention) -> bool:
    return m.vague or bool(_VAGUE_EN.match(m.text))


def _multiple_word(m: NumberMention) -> bool:
    """doubled, twice, threefold: idiom as often as number (double-digit, double down), never flagged as added."""
    return m.unit == "times" and m.text.isalpha()


def _loosely_in(m: NumberMention, en_text: str) -> bool:
    pattern = _EN_LOOSE.get(m.unit or "")
    if pattern is None or (m.unit == "fraction" and m.value != 50) or (m.unit == "倍" and not m.vague):
        return False
    return bool(pattern.search(en_text))


def _multiple_as_scaled_percent(z: Mention, e: Mention, factor: float) -> bool:
    """A Chinese multiple and an English percent that gives it once scaled by ``factor`` (增长1.2倍 and "12 percent"
    at 10: the percent it gives is 120)."""
    return z.m.unit == "倍" and _percent(e.m) and e.m.unit == "%" \
        and values_match(z.m, replace(e.m, value=e.m.value * factor))


def _factor(z: float, e: float) -> str:
    if z <= 0 or e <= 0:
        return ""
    ratio = math.log10(e / z)
    if abs(ratio - round(ratio)) < 1e-6 and round(ratio) != 0:
        times = 10 ** abs(round(ratio))
        return f" (off by a factor of {times:,})"
    return ""


@register("numbers", "major", "Numbers compared by value: mismatched, missing or added quantities, lost approximations.")
def check_numbers(ctx: CheckContext) -> Iterator[Flag]:
    if not ctx.translated:
        return
    omitted = omitted_zh_spans(ctx)
    for view in ctx.links:
        if not view.zh or not view.en:
            continue
        yield from _link_flags(ctx, view, omitted)


def _link_flags(ctx: CheckContext, view: LinkView, omitted) -> Iterator[Flag]:
    zh, en = _mentions(view)
    zh = [z for z in zh if not inside(omitted, z.paragraph.id, z.m.start, z.m.end)]
    if not zh and not en:
        return
    used: set[int] = set()
    pairs: list[tuple[Mention, Mention]] = []
    left_zh: list[Mention] = []
    for z in zh:
        candidates = [k for k, e in enumerate(en) if k not in used and (values_match(z.m, e.m) or _counted_others(z, e))]
        if not candidates:
            left_zh.append(z)
            continue
        k = min(candidates, key=lambda k: (_points(en[k].m) != _points(z.m),
                                           _multiple_word(en[k].m) != (z.m.unit == "倍"),
                                           en[k].bead != z.bead, abs(en[k].bead - z.bead),
                                           _direction_clash(z, en[k]) is not None,
                                           _basis_clash(z, en[k]) is not None))
        used.add(k)
        other = _other_end(z, en[k], [(j, e) for j, e in enumerate(en) if j not in used])
        if other is not None:  # 3至5年 = "from three to five years": both ends, in two English numbers
            used.add(other)
            continue
        pairs.append((z, en[k]))
    left_en = [e for k, e in enumerate(en) if k not in used]
    # 十年来 = "over the past decade": a number English writes as a word the parser does not count.
    left_zh = [z for z in left_zh if not (z.m.value >= 10 and _small_in_text(z.m.value, view.en_text, _EN_SMALL))]

    for z, e in pairs:
        if _percent(z.m) and _points(z.m) != _points(e.m):  # 回落0.2个百分点 is not "0.2% lower"
            yield ctx.flag(
                "numbers", "major",
                f"{z.m.text} = {describe(z.m)}; the English says {describe(e.m)}: percentage points and percent differ",
                zh=z.span, en=e.span, suggestion=describe(z.m), key=("points", z.m.text, e.m.text),
            )
            continue
        if _overcounted_others(z, e):
            yield ctx.flag(
                "numbers", "major",
                f"{z.m.text} = {describe(z.m)} in all, those named included; the English says {e.m.text} "
                f"other, {format_value(e.m.value + 1)} in all with one named",
                zh=z.span, en=e.span, suggestion=f"{format_value(z.m.value - 1)} other",
                key=("others", z.m.text, e.m.text),
            )
            continue
        clash = _direction_clash(z, e)
        if clash is not None:  # 下降3.2% rendered "rose 3.2%"
            direction, word = clash
            yield ctx.flag(
                "numbers", "major",
                f"{z.m.text} goes {direction} in the Chinese; the English says “{word}” {e.m.text}",
                zh=z.span, en=e.span, key=("direction", z.m.text, e.m.text),
            )
        basis = _basis_clash(z, e)
        if basis is not None:  # 环比增长15.6% rendered "up 15.6 percent year on year"
            yield ctx.flag(
                "numbers", "major",
                f"{z.m.text} is a change {_BASIS_READINGS[basis[0]]} in the Chinese; the English says "
                f"{e.m.text} “{basis[1]}”",
                zh=z.span, en=e.span, key=("basis", z.m.text, e.m.text),
            )
        yield from _approximation(ctx, z, e)

    # Pair what is left: the same quantity rendered wrongly.
    unpaired_en = list(left_en)
    for z in left_zh:
        scaled = next(((k, f) for k, e in enumerate(unpaired_en) if e.bead == z.bead
                       for f in (10, 0.1) if _multiple_as_scaled_percent(z, e, f)), None)
        if scaled is not None:  # 增长1.2倍 rendered "rose 12 percent": the percent it gives, a digit off
            k, factor = scaled
            e = unpaired_en.pop(k)
            right = replace(e.m, value=e.m.value * factor, approx=None)
            yield ctx.flag(
                "numbers", "major",
                f"{z.m.text} = {describe(z.m)} ({describe(right)}); the English says {describe(e.m)}"
                f"{_factor(right.value, e.m.value)}",
                zh=z.span, en=e.span, suggestion=describe(right), key=("mismatch", z.m.text, e.m.text),
            )
            continue
        scored = [(_mismatch_score(z, e), -abs(e.bead - z.bead), k) for k, e in enumerate(unpaired_en)]
        scored = [s for s in scored if s[0] >= 3 or (s[0] >= 2 and _alone(z, e_k := unpaired_en[s[2]], left_zh, unpaired_en))]
        if scored:
            _, _, k = max(scored)
            e = unpaired_en.pop(k)
            if _vague(e.m) and not (z.m.vague or z.m.value >= 10):
                continue
            yield ctx.flag(
                "numbers", "major",
                f"{z.m.text} = {describe(z.m)}; the English says {describe(e.m)}"
                f"{_factor(z.m.value * (conversion(z.m, e.m) or 1), e.m.value)}",
                zh=z.span, en=e.span, suggestion=describe(z.m), key=("mismatch", z.m.text, e.m.text),
            )
            continue
        if _small_in_text(z.m.value, view.en_text, _EN_SMALL) or _literal_in(z.m, view.en_text) \
                or _loosely_in(z.m, view.en_text):
            continue
        amount = z.m.kind in ("cardinal", "percent") and not z.m.vague \
            and (z.m.value >= 10 or z.m.unit is not None or _percent(z.m))
        severity = "major" if amount and z.m.kind != "ordinal" else "minor"
        yield ctx.flag(
            "numbers", severity,
            f"{z.m.text} = {describe(z.m)} is not in the English",
            zh=z.span, en=None, suggestion=describe(z.m), key=("missing", z.m.text),
        )
    # 2024年第三季度 rendered "third-quarter revenue in 2024": the year of a Chinese date, written apart.
    date_years = frozenset().union(*(_zh_date_years(p.text) for p in view.zh))
    for e in unpaired_en:
        if _vague(e.m) or _multiple_word(e.m) or _small_in_text(e.m.value, view.zh_text, _SMALL) \
                or _scale_word_in(e.m, view.zh_text) or _months_word_in(e.m, view.zh_text) \
                or e.m.kind == "year" and e.m.value in date_years:
            continue
        # "third-quarter revenue in 2023" for 2024年第三季度: the English gives another year, the date's is nowhere
        lost = sorted(date_years - _en_years(view.en_text))
        if e.m.kind == "year" and lost:
            yield ctx.flag(
                "numbers", "major",
                f"the English has {e.m.text} where the Chinese date says {', '.join(str(int(y)) for y in lost)}",
                zh=None, en=e.span, suggestion=str(int(lost[0])), key=("year", e.m.text),
            )
            continue
        yield ctx.flag(
            "numbers", "minor",
            f"the English has {e.m.text} ({describe(e.m)}), which is not in the Chinese",
            zh=None, en=e.span, key=("extra", e.m.text),
        )


def _other_end(z: Mention, e: Mention, free: list[tuple[int, Mention]]) -> int | None:
    """When a Chinese range matched one English number, the free English number of the same bead that is
    its other end (English writes "from 3 to 5" as two numbers)."""
    if not z.m.is_range or e.m.is_range:
        return None
    for j, other in free:
        if other.bead == e.bead and not other.m.is_range and values_match(z.m, other.m) \
                and not values_match(e.m, other.m):
            return j
    return None


def _alone(z: Mention, e: Mention, left_zh: list[Mention], left_en: list[Mention]) -> bool:
    """z and e are the only unmatched numbers of their bead: most likely one quantity rendered wrongly."""
    return sum(1 for x in left_zh if x.bead == z.bead and _same_kind(x, e)) == 1 \
        and sum(1 for x in left_en if x.bead == e.bead and _same_kind(z, x)) == 1


_TOP_OR_FLOOR = re.compile(r"最高|最低")


def _approximation(ctx: CheckContext, z: Mention, e: Mention) -> Iterator[Flag]:
    if z.m.vague or e.m.vague:
        return  # 数十 = "more than 30", 十几万 = "over 100,000": a magnitude has no precision to lose
    if z.m.is_range and not e.m.is_range:
        yield ctx.flag(
            "numbers", "minor",
            f"{z.m.text} = {describe(z.m)} (a range); the English says {describe(e.m)}",
            zh=z.span, en=e.span, suggestion=describe(z.m), key=("range", z.m.text, e.m.text),
        )
        return
    if z.m.approx == e.m.approx or _vague(e.m):
        return
    if not e.m.approx and _TOP_OR_FLOOR.search(z.paragraph.text[max(0, z.m.start - 6):z.m.start + 2]):
        return  # 最高/最低 is a cap ("up to 900,000 yuan") or a peak ("a record high of 3.5 percent"): the value alone is right
    if z.m.approx and not e.m.approx:
        what = "the approximation is lost"
    elif e.m.approx and not z.m.approx:
        what = f"the English adds “{e.m.approx}”"
    else:
        what = "the approximation differs"
    yield ctx.flag(
        "numbers", "minor",
        f"{z.m.text} = {describe(z.m)}; the English says {describe(e.m)} ({what})",
        zh=z.span, en=e.span, suggestion=describe(z.m), key=("approx", z.m.text, e.m.text),
    )
