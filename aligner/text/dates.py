"""Date mentions in Chinese and English text, with offsets, as (year, month, day, period).

Only date patterns are dates: a bare ``2024`` in running text is a number
(:func:`aligner.text.numbers.parse_en_numbers` reports it as kind "year"), while
``2024年``, ``in 2024``, ``January 2024`` and ``end of 2023`` are dates.

Periods (``DateMention.period``) are normalised to ``H1``/``H2`` (上半年,
"first half"), ``Q1``..``Q4`` and ``Q1-Q3`` (一季度, 前三季度, "first quarter",
"Q1"), ``start``/``mid``/``end`` (年初, 年底, 月初, 上旬/中旬/下旬, "end of 2023",
"early 2024", "mid-2024").

Decisions:

- A missing year is filled from ``default_year`` (``year_inferred=True``);
  relative years (今年/去年/上年/明年/前年, "this/last/next year") are counted
  from it. "The year" ("the end of the year") is a missing year, not a
  relative one: it names whatever year the context is about. Without a
  default year a relative-only mention (今年, "last year") is not reported:
  it would carry no field to compare. ``parse_en_dates(...,
  fill_missing=False)`` counts relative years from ``default_year`` but
  leaves a missing year missing (what the dates check compares).
- English periods without a year need "the" and a preposition ("in the
  first half", "during the second quarter", "for the first three
  quarters") and are not followed by "of", so "the second half of the
  game" is no date;
  as an adjective they need a hyphen ("third-quarter revenue", "first-half
  2024 results", "2024 third-quarter") or, in a headline, their year ("Third
  Quarter 2024 Results").
- "early/mid/late March" is a month with a period (start/mid/end, as
  3月上旬/初, 中旬, 下旬/底); "mid-to-late March" is March alone.
- Chinese day-only mentions (21日) are not dates (often "21 days" or a
  numbered item); a day needs its month. Month-only (12月) is a date.
- English month-only mentions need a preposition ("in March") and a full
  month name, so the modal "may" and "Mar" alone are never dates; "May 5" is.
- Slash dates other than yyyy/mm/dd (01/23/2024, 23/01/2024) are ambiguous
  and not parsed.
- 年中 is not a period (2024年中国… reads "China in 2024").
- The span of "in 2024" is the year alone; a year range (2023-2025年,
  "from 2021 to 2025") gives one year mention per end.
- Impossible dates (2月30日, 2023年2月29日, 2024-13-01) give no mention at
  all rather than a partial one.
- :func:`dates_agree` also compares ``period`` (上半年 vs "second half" is a
  real error), in the order year, month, day, period; a period that is a
  span of months is compared as that span (1—9月 = "the first three
  quarters", 上半年 = "January-June").
- A month alone after a preposition is a date at the start of a sentence too
  ("In August", "By March"); the month keeps its capital (may, march).
- A weekday written on a date joins it (``weekday``: "Wednesday, November
  20", "November 20 (Wednesday)", 11月20日（星期三）); an English weekday
  alone ("on Wednesday") is a mention with only a weekday (not "Black
  Friday"). :func:`dates_agree` reports "weekday" when a written weekday is
  not the day the other side's date falls on (its year written or filled),
  unless the years already differ.
- A year counted from a relative one keeps its offset (``relative``: 去年,
  上年, "last year" -1; 今年, "this year" 0), so two relative years that
  differ are told apart from a document year that may be a guess.
"""

from __future__ import annotations

import calendar
import re
from collections import Counter
from dataclasses import dataclass, replace
from typing import Iterator

from aligner.text.numbers import parse_en_numbers, zh_numeral_value

__all__ = ["DateMention", "parse_zh_dates", "parse_en_dates", "infer_document_year", "dates_agree", "weekday_of"]


@dataclass(frozen=True)
class DateMention:
    """One date in a text: ``text == source[start:end]``; any of year/month/day/period may be None."""

    start: int
    end: int
    text: str
    year: int | None
    month: int | None
    day: int | None
    period: str | None
    year_inferred: bool = False
    weekday: int | None = None  # 0 = Monday, as in :mod:`calendar`; only where the text names the weekday
    relative: int | None = None  # years from the document year where a relative year gave it (去年, "last year": -1)


@dataclass(frozen=True)
class _Candidate:
    """A matched date before overlaps are resolved."""

    start: int
    end: int
    year: int | None
    month: int | None
    day: int | None
    period: str | None
    year_inferred: bool


def _valid(year: int | None, month: int | None, day: int | None) -> bool:
    if year is not None and not 1000 <= year <= 2999:
        return False
    if month is not None and not 1 <= month <= 12:
        return False
    if day is not None:
        if month is None:
            return False
        last = calendar.monthrange(year if year is not None else 2000, month)[1]
        return 1 <= day <= last
    return True


def _resolve(text: str, candidates: list[_Candidate]) -> list[DateMention]:
    """Leftmost-longest, non-overlapping mentions in text order."""
    out: list[DateMention] = []
    taken_until = -1
    for c in sorted(candidates, key=lambda c: (c.start, -(c.end - c.start))):
        if c.start < taken_until:
            continue
        if all(v is None for v in (c.year, c.month, c.day, c.period)):
            continue
        out.append(DateMention(c.start, c.end, text[c.start:c.end], c.year, c.month, c.day, c.period,
                               c.year_inferred, relative=_relative_year(text[c.start:c.end]) if c.year_inferred
                               else None))
        taken_until = c.end
    return out


_RELATIVE_YEAR = re.compile(r"(?P<zh>今年|去年|明年|前年|(?<!以)上年)|\b(?P<en>this|last|next)\s+year\b", re.I)


def _relative_year(text: str) -> int | None:
    """The offset of the relative year a date is written with (上年末: -1, "the end of this year": 0), else None."""
    m = _RELATIVE_YEAR.search(text)
    if m is None:
        return None
    return _ZH_REL[m.group("zh")] if m.group("zh") else _EN_REL[m.group("en").lower()]


def _fill_year(year: int | None, default_year: int | None) -> tuple[int | None, bool]:
    if year is not None:
        return year, False
    return default_year, default_year is not None


# ---------------------------------------------------------------------------
# Chinese
# ---------------------------------------------------------------------------

_FOLD = str.maketrans({**{chr(0xFF10 + i): str(i) for i in range(10)}, "－": "-", "／": "/"})

_ZH_REL_YEAR = r"(?P<rel>今年|去年|明年|前年|(?<!以)上年)"  # 上年末 "the end of last year"; 以上 is "above"
_ZH_YEAR = r"(?:(?<![\d零〇一二三四五六七八九])(?P<y>\d{4}|[零〇一二三四五六七八九]{4})年|" + _ZH_REL_YEAR + ")"
_ZH_MONTH = r"(?P<m>1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])月份?"
_ZH_DAY = r"(?P<d>3[01]|[12]\d|0?[1-9]|[二三]?十[一二三四五六七八九]?|[一二三四五六七八九])[日号]"
_ZH_MONTH_PERIOD = r"(?P<mp>上旬|中旬|下旬|初(?![步级期心衷创始见次])|底(?![线层座部])|末(?!期|端))"
_ZH_YEAR_PERIOD = (r"(?P<p>上半年|下半年|年底|年末|年初|前三季度|第?[一二三四1-4]季度|[Qq][1-4]|"
                   r"初(?![步级期心衷创始见次])|底(?![线层座部])|末(?!期|端))")
_ZH_LEAD = r"(?<![\d零〇一二三四五六七八九十百千个两第年])"

_ZH_WITH_YEAR = re.compile(
    _ZH_YEAR + r"(?:" + _ZH_MONTH + r"(?:" + _ZH_DAY + r")?" + _ZH_MONTH_PERIOD + r"?|" + _ZH_YEAR_PERIOD + r")?")
_ZH_MONTH_ONLY = re.compile(_ZH_LEAD + _ZH_MONTH + r"(?:" + _ZH_DAY + r")?" + _ZH_MONTH_PERIOD + r"?")
_ZH_PERIOD_ONLY = re.compile(r"(?P<p>上半年|下半年|年底|年末|年初|前三季度|第?[一二三四]季度)")
_ZH_ISO = re.compile(r"(?<![\d.])(?P<y>(?:19|20)\d{2})([-/.])(?P<m>\d{1,2})\2(?P<d>\d{1,2})(?!\d)")
# 1—11月份, 2023年1-10月, 一至十一月: a span of months, the period "M1-M11"; 前11个月 is the same span
_ZH_MONTH_NUM = r"1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九]"
_ZH_MONTH_RANGE = re.compile(r"(?:(?<![\d零〇一二三四五六七八九])(?P<y>\d{4})年|" + _ZH_REL_YEAR + "|" + _ZH_LEAD
                             + r")(?P<m1>" + _ZH_MONTH_NUM
                             + r")\s*(?:月份?)?\s*[-—–~～至到]{1,2}\s*(?P<m2>" + _ZH_MONTH_NUM + r")月份?")
_ZH_FIRST_MONTHS = re.compile(r"前(?P<m2>1[01]|[2-9]|十一|十|[二两三四五六七八九])个月")
_ZH_YEAR_RANGE_HEAD = re.compile(r"(?<!\d)(?P<y>(?:19|20)\d{2})(?=\s*(?:[-—–~～至到]{1,2})\s*(?:19|20)\d{2}年)")

_ZH_REL = {"今年": 0, "去年": -1, "上年": -1, "明年": 1, "前年": -2}
_ZH_PERIODS = {"上半年": "H1", "下半年": "H2", "年底": "end", "年末": "end", "底": "end", "末": "end",
               "年初": "start", "初": "start", "上旬": "start", "中旬": "mid", "下旬": "end", "前三季度": "Q1-Q3"}
_ZH_QUARTER_DIGIT = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}


def _zh_period(word: str | None) -> str | None:
    if word is None:
        return None
    if word in _ZH_PERIODS:
        return _ZH_PERIODS[word]
    digit = word.lstrip("第Qq")[0]
    return f"Q{_ZH_QUARTER_DIGIT[digit]}"


def _zh_int(s: str | None, allow_sequence: bool = False) -> int | None:
    if s is None:
        return None
    value = zh_numeral_value(s, allow_sequence=allow_sequence)
    return None if value is None or value != int(value) else int(value)


def _zh_year(groups: dict, default_year: int | None) -> tuple[int | None, bool]:
    """The written year, a relative year (今年, 去年) counted from ``default_year``, or ``default_year``."""
    rel = groups.get("rel")
    if rel is not None:
        return (None, False) if default_year is None else (default_year + _ZH_REL[rel], True)
    return _fill_year(_zh_int(groups.get("y"), allow_sequence=True), default_year)


def _zh_candidate(m: re.Match, default_year: int | None) -> _Candidate | None:
    groups = m.groupdict()
    rel = groups.get("rel")
    year, inferred = _zh_year(groups, default_year)
    month, day = _zh_int(groups.get("m")), _zh_int(groups.get("d"))
    period = _zh_period(groups.get("p")) or _zh_period(groups.get("mp"))
    if rel is not None and year is None and month is None and period is None:
        return None
    if not _valid(year, month, day):
        return None
    return _Candidate(m.start(), m.end(), year, month, day, period, inferred)


# 11月20日（星期三）, 11月20日周三
_ZH_WEEKDAY_NUMBER = {c: i for i, c in enumerate("一二三四五六日")} | {"天": 6}
_ZH_WEEKDAY_AFTER = re.compile(r"\s*[（(]?\s*(?:星期|礼拜|周)(?P<wd>[一二三四五六日天])\s*[）)]?")


def _weekday_number(name: str) -> int:
    if name in _ZH_WEEKDAY_NUMBER:
        return _ZH_WEEKDAY_NUMBER[name]
    return _EN_WEEKDAY_NUMBER[name[:3].lower()]


def _with_weekdays(text: str, mentions: list[DateMention], after: re.Pattern, before: re.Pattern | None
                   ) -> list[DateMention]:
    """A weekday written on a date with its day joins it ("Wednesday, November 20", 11月20日（星期三）)."""
    out = []
    for d in mentions:
        if d.day is not None:
            head = before.search(text, 0, d.start) if before is not None else None
            tail = after.match(text, d.end)
            if head is not None:
                d = replace(d, start=head.start(), text=text[head.start():d.end], weekday=_weekday_number(head["wd"]))
            elif tail is not None:
                d = replace(d, end=tail.end(), text=text[d.start:tail.end()], weekday=_weekday_number(tail["wd"]))
        out.append(d)
    return out


def parse_zh_dates(text: str, default_year: int | None = None) -> list[DateMention]:
    """Dates in Chinese text: 2024年1月21日, 1月23日, 2023年底, 2024年上半年, 二〇二三年十二月二十六日, 2024-01-31."""
    folded = text.translate(_FOLD)
    candidates: list[_Candidate] = []
    for pattern in (_ZH_ISO, _ZH_WITH_YEAR, _ZH_MONTH_ONLY, _ZH_PERIOD_ONLY):
        for m in pattern.finditer(folded):
            c = _zh_candidate(m, default_year)
            if c is not None:
                candidates.append(c)
    for m in _ZH_YEAR_RANGE_HEAD.finditer(folded):
        candidates.append(_Candidate(m.start(), m.end(), int(m.group("y")), None, None, None, False))
    for pattern in (_ZH_MONTH_RANGE, _ZH_FIRST_MONTHS):
        for m in pattern.finditer(folded):
            first, last = _zh_int(m.groupdict().get("m1") or "1"), _zh_int(m.group("m2"))
            if first is not None and last is not None and 1 <= first < last <= 12:
                year, inferred = _zh_year(m.groupdict(), default_year)
                candidates.append(_Candidate(m.start(), m.end(), year, None, None, month_span(first, last), inferred))
    return _with_weekdays(text, _resolve(text, candidates), _ZH_WEEKDAY_AFTER, None)


# Periods that are spans of months: 1—9月 and "the first three quarters" are one period.
_PERIOD_MONTHS = {"H1": "M1-M6", "H2": "M7-M12", "Q1": "M1-M3", "Q2": "M4-M6", "Q3": "M7-M9", "Q4": "M10-M12",
                  "Q1-Q3": "M1-M9"}


def months_of_period(period: str) -> str:
    """A period as its span of months where it is one ("Q1-Q3" -> "M1-M9"), else itself ("end")."""
    return _PERIOD_MONTHS.get(period, period)


def month_span(first: int, last: int) -> str:
    """The period of a span of months: 1—11月 and "January-November" are "M1-M11"."""
    return f"M{first}-M{last}"


def infer_document_year(texts: list[str]) -> int | None:
    """The most frequent explicit year in a Chinese document's dates (ties: the latest), or None."""
    counts: Counter[int] = Counter()
    for text in texts:
        for d in parse_zh_dates(text):
            if d.year is not None and not d.year_inferred:
                counts[d.year] += 1
    if not counts:
        return None
    return max(counts, key=lambda y: (counts[y], y))


# ---------------------------------------------------------------------------
# English
# ---------------------------------------------------------------------------

_FULL_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_MONTHS = _FULL_MONTHS + "|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec"
_MONTH_NUMBER = {name[:3].lower(): i + 1 for i, name in enumerate(_FULL_MONTHS.split("|"))}
_ORD = r"(?:st|nd|rd|th)?"
_YEAR4 = r"(?:19|20)\d{2}"

_EN_MDY = re.compile(r"\b(?P<mon>" + _MONTHS + r")\.?\s+(?P<d>\d{1,2})" + _ORD
                     + r"(?:,\s*|\s+)(?P<y>\d{4})\b")
_EN_DMY = re.compile(r"\b(?P<d>\d{1,2})" + _ORD + r"\s+(?:of\s+)?(?P<mon>" + _MONTHS
                     + r")\b\.?,?\s+(?P<y>\d{4})\b")
_EN_MD = re.compile(r"\b(?P<mon>" + _MONTHS + r")\.?\s+(?P<d>\d{1,2})" + _ORD + r"\b(?![,.]\d)")
_EN_DM = re.compile(r"\b(?P<d>\d{1,2})" + _ORD + r"\s+(?:of\s+)?(?P<mon>" + _MONTHS + r")\b")
_EN_MY = re.compile(r"\b(?P<mon>" + _MONTHS + r")\.?,?\s+(?:of\s+)?(?P<y>\d{4})\b")
_EN_ISO = re.compile(r"(?<![\d.])(?P<y>\d{4})([-/])(?P<m>\d{1,2})\2(?P<d>\d{1,2})(?![\d])")
_EN_MONTH_ALONE = re.compile(r"\b(?i:in|since|until|till|by|from|during|early|late|mid|before|after|through|of)"
                             r"[\s-]+(?P<mon>" + _FULL_MONTHS + r")\b")
_EN_YEAR_REF = r"(?:(?P<y>" + _YEAR4 + r")\b|(?P<rel>this|last|next|the)\s+year\b)"
_EN_PERIOD_OF = re.compile(
    r"\b(?:the\s+)?(?P<pw>end|close|beginning|start|middle|first\s+half|second\s+half|latter\s+half|"
    r"first\s+quarter|second\s+quarter|third\s+quarter|fourth\s+quarter|first\s+three\s+quarters)\s+of\s+"
    r"(?:" + _EN_YEAR_REF + r"|(?P<mon>" + _FULL_MONTHS + r")(?:,?\s+(?P<y2>" + _YEAR4 + r")\b)?)", re.I)
_EN_EDGE_YEAR = re.compile(r"\b(?P<pw>early|late|mid|year-end|year\s+end)[-\s]+(?:(?P<y>" + _YEAR4 + r")\b|"
                           r"(?P<rel>this|last|next)\s+year\b)", re.I)
_EN_EDGE_MONTH = re.compile(r"(?<!to-)(?<!to )\b(?P<pw>[Ee]arly|[Mm]id|[Ll]ate)[-\s]+(?P<mon>" + _FULL_MONTHS
                            + r")\b(?:,?\s+(?P<y>" + _YEAR4 + r")\b)?")
_EN_PERIOD_BARE = re.compile(
    r"\b(?:in|during|for|over|through|throughout|by|since|from|after|before|until|till)\s+"
    r"(?P<span>the\s+(?P<pw>first\s+half|second\s+half|latter\s+half|first\s+quarter|second\s+quarter|"
    r"third\s+quarter|fourth\s+quarter|first\s+three\s+quarters))\b(?![-\s]+(?:of|hour|century)\b)", re.I)
_EN_QH = re.compile(r"\b(?:(?P<q>Q[1-4])|(?P<h>H[12]|[12]H))(?:(?:\s+|\s*,\s*)(?P<y>" + _YEAR4 + r"))?\b"
                    r"|\b(?P<y2>" + _YEAR4 + r")\s*(?P<q2>Q[1-4])\b")
# "third-quarter revenue", "first-half 2024 results", "2024 third-quarter results", and in a headline "Third Quarter
# 2024 Results": a period as an adjective. Without a hyphen it needs its year ("first quarter" alone is no date).
_EN_PERIOD_ADJ = re.compile(
    r"\b(?:(?P<y2>" + _YEAR4 + r")\s+)?(?:(?P<pw>(?:first|second|third|fourth)-quarter|(?:first|second)-half)"
    r"|(?P<spaced>(?:first|second|third|fourth)\s+quarter|(?:first|second)\s+half)(?=\s+" + _YEAR4 + r"\b))"
    r"(?![-\w])(?:\s+(?P<y>" + _YEAR4 + r")\b)?", re.I)
_EN_YEAR_ONLY = re.compile(r"\b(?:in|by|since|until|till|through|throughout|during|before|after|from|for|"
                           r"the\s+year)\s+(?P<y>" + _YEAR4 + r")\b(?![,.]\d)", re.I)
_EN_YEAR_RANGE = re.compile(r"\b(?P<y>" + _YEAR4 + r")\s*(?:-|–|—|\s+to\s+|\s+and\s+|\s+through\s+)\s*(?P<y2>"
                            + _YEAR4 + r")\b(?![,.]\d)")
_EN_RELATIVE = re.compile(r"\b(?P<rel>this|last|next)\s+year\b", re.I)

_EN_REL = {"this": 0, "last": -1, "next": 1}
_EN_WEEKDAYS = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
_EN_WEEKDAY_NUMBER = {name[:3].lower(): i for i, name in enumerate(_EN_WEEKDAYS.split("|"))}
_EN_WEEKDAY_BEFORE = re.compile(r"\b(?P<wd>" + _EN_WEEKDAYS + r")\s*(?:,\s*|\(\s*|\s)$")
_EN_WEEKDAY_AFTER = re.compile(r"\s*(?:,\s*|\(\s*)(?P<wd>" + _EN_WEEKDAYS + r")\b\)?")
# "on Wednesday" with no date: a weekday of its own (not Black Friday, Super Tuesday, Good Friday)
_EN_WEEKDAY_ALONE = re.compile(r"(?<!Black )(?<!Cyber )(?<!Super )(?<!Good )(?<!Ash )\b(?P<wd>" + _EN_WEEKDAYS
                               + r")\b")
_EN_PERIODS = {"end": "end", "close": "end", "year-end": "end", "year end": "end", "late": "end",
               "beginning": "start", "start": "start", "early": "start", "middle": "mid", "mid": "mid",
               "first half": "H1", "second half": "H2", "latter half": "H2", "first quarter": "Q1",
               "second quarter": "Q2", "third quarter": "Q3", "fourth quarter": "Q4",
               "first three quarters": "Q1-Q3", "h1": "H1", "h2": "H2", "1h": "H1", "2h": "H2"}


def _en_month(name: str | None) -> int | None:
    return None if name is None else _MONTH_NUMBER.get(name[:3].lower())


def _en_year(m: re.Match, fill_year: int | None, anchor: int | None, *names: str) -> tuple[int | None, bool]:
    """The written year, a relative year counted from ``anchor``, or ``fill_year`` ("the year" included)."""
    for name in names:
        value = m.groupdict().get(name)
        if value is not None:
            return int(value), False
    rel = (m.groupdict().get("rel") or "").lower()
    if rel in _EN_REL:
        if anchor is None:
            return None, False
        return anchor + _EN_REL[rel], True
    return _fill_year(None, fill_year)


def _en_is_year_number(text: str, start: int, end: int) -> bool:
    """Defer to the number parser: '2000 companies' is a count, not a year."""
    window_end = min(len(text), end + 40)
    return any(n.start == 0 and n.kind == "year" for n in parse_en_numbers(text[start:window_end]))


def _candidate(start: int, end: int, year: int | None, month: int | None, day: int | None,
               period: str | None, inferred: bool) -> Iterator[_Candidate]:
    if _valid(year, month, day):
        yield _Candidate(start, end, year, month, day, period, inferred)


def _en_full_dates(text: str, fill_year: int | None, anchor: int | None) -> Iterator[_Candidate]:
    """Month-day-year, day-month-year, month-year and ISO dates."""
    for pattern in (_EN_MDY, _EN_DMY, _EN_MY):
        for m in pattern.finditer(text):
            day = int(m.group("d")) if "d" in pattern.groupindex else None
            yield from _candidate(m.start(), m.end(), int(m.group("y")), _en_month(m.group("mon")), day, None, False)
    for m in _EN_ISO.finditer(text):
        yield from _candidate(m.start(), m.end(), int(m.group("y")), int(m.group("m")), int(m.group("d")), None,
                              False)


def _en_yearless_dates(text: str, fill_year: int | None, anchor: int | None) -> Iterator[_Candidate]:
    """March 5, 5 March, in March: the year comes from ``fill_year``."""
    year, inferred = _fill_year(None, fill_year)
    for pattern in (_EN_MD, _EN_DM):
        for m in pattern.finditer(text):
            yield from _candidate(m.start(), m.end(), year, _en_month(m.group("mon")), int(m.group("d")), None,
                                  inferred)
    for m in _EN_MONTH_ALONE.finditer(text):
        yield from _candidate(m.start("mon"), m.end("mon"), year, _en_month(m.group("mon")), None, None, inferred)


def _en_period_word(m: re.Match) -> str:
    return _EN_PERIODS[re.sub(r"\s+", " ", m.group("pw").lower())]


def _en_periods(text: str, fill_year: int | None, anchor: int | None) -> Iterator[_Candidate]:
    """end of 2023, first half of 2024, mid-2024, early this year, late March, in the first half, Q1 2024."""
    for m in _EN_PERIOD_OF.finditer(text):
        year, inferred = _en_year(m, fill_year, anchor, "y", "y2")
        if (m.group("rel") or "").lower() in _EN_REL and year is None:
            continue
        yield from _candidate(m.start(), m.end(), year, _en_month(m.group("mon")), None, _en_period_word(m), inferred)
    for m in _EN_EDGE_YEAR.finditer(text):
        year, inferred = _en_year(m, None, anchor, "y")
        if year is not None:
            yield from _candidate(m.start(), m.end(), year, None, None, _en_period_word(m), inferred)
    for m in _EN_EDGE_MONTH.finditer(text):
        year, inferred = _en_year(m, fill_year, anchor, "y")
        yield from _candidate(m.start(), m.end(), year, _en_month(m.group("mon")), None, _en_period_word(m), inferred)
    for m in _EN_PERIOD_BARE.finditer(text):
        year, inferred = _fill_year(None, fill_year)
        yield from _candidate(m.start("span"), m.end("span"), year, None, None, _en_period_word(m), inferred)
    for m in _EN_PERIOD_ADJ.finditer(text):
        year, inferred = _en_year(m, fill_year, anchor, "y", "y2")
        period = _EN_PERIODS[re.sub(r"[\s-]+", " ", (m.group("pw") or m.group("spaced")).lower())]
        yield from _candidate(m.start(), m.end(), year, None, None, period, inferred)
    for m in _EN_QH.finditer(text):
        year, inferred = _en_year(m, fill_year, anchor, "y", "y2")
        period = (m.group("q") or m.group("q2") or _EN_PERIODS[(m.group("h") or "").lower()]).upper()
        yield from _candidate(m.start(), m.end(), year, None, None, period, inferred)


def _en_years(text: str, fill_year: int | None, anchor: int | None) -> Iterator[_Candidate]:
    """in 2024, from 2021 to 2025, this year; the span is the year itself."""
    for m in _EN_YEAR_ONLY.finditer(text):
        if _en_is_year_number(text, m.start("y"), m.end("y")):
            yield from _candidate(m.start("y"), m.end("y"), int(m.group("y")), None, None, None, False)
    for m in _EN_YEAR_RANGE.finditer(text):
        if int(m.group("y2")) > int(m.group("y")) and _en_is_year_number(text, m.start("y"), m.end("y2")):
            yield from _candidate(m.start("y"), m.end("y"), int(m.group("y")), None, None, None, False)
            yield from _candidate(m.start("y2"), m.end("y2"), int(m.group("y2")), None, None, None, False)
    if anchor is not None:
        for m in _EN_RELATIVE.finditer(text):
            year = anchor + _EN_REL[m.group("rel").lower()]
            yield from _candidate(m.start(), m.end(), year, None, None, None, True)


_EN_MONTH_RANGE = re.compile(r"\b(?P<m1>" + _MONTHS + r")\.?\s*(?:-|–|—|\s+to\s+|\s+through\s+|\s+till\s+)\s*(?P<m2>"
                             + _MONTHS + r")\b(?:\.?,?\s+(?P<y>" + _YEAR4 + r")\b)?")
_EN_FIRST_MONTHS = re.compile(r"\bthe\s+first\s+(?P<n>two|three|four|five|six|seven|eight|nine|ten|eleven|[2-9]|1[01])\s+"
                              r"months\b(?:\s+of\s+(?:(?P<y>" + _YEAR4 + r")|(?P<rel>this|last|next)\s+year|the\s+year))?",
                              re.I)
_EN_SMALL_NUMBERS = {w: i for i, w in enumerate("zero one two three four five six seven eight nine ten eleven".split())}


def _en_month_spans(text: str, fill_year: int | None, anchor: int | None) -> Iterator[_Candidate]:
    """January-October, Jan. to Nov. 2023, the first 11 months (of this year): the period "M1-M10"."""
    for m in _EN_MONTH_RANGE.finditer(text):
        first, last = _en_month(m.group("m1")), _en_month(m.group("m2"))
        if first is not None and last is not None and first < last:
            year, inferred = _en_year(m, fill_year, anchor, "y")
            yield from _candidate(m.start(), m.end(), year, None, None, month_span(first, last), inferred)
    for m in _EN_FIRST_MONTHS.finditer(text):
        n = m.group("n").lower()
        last = int(n) if n.isdigit() else _EN_SMALL_NUMBERS[n]
        year, inferred = _en_year(m, fill_year, anchor, "y")
        yield from _candidate(m.start(), m.end(), year, None, None, month_span(1, last), inferred)


_EN_FAMILIES = (_en_full_dates, _en_yearless_dates, _en_periods, _en_years, _en_month_spans)


def parse_en_dates(text: str, default_year: int | None = None, fill_missing: bool = True) -> list[DateMention]:
    """Dates in English text: January 21, 2024; Jan. 23, 2019; 23 January 2024; 2024-01-23; March 5;
    in 2024; end of 2023; first half of 2024; the end of this year; in the first half; late March.

    Relative years count from ``default_year``; a missing year is filled from it only with ``fill_missing``.
    """
    fill_year = default_year if fill_missing else None
    mentions = _resolve(text, [c for family in _EN_FAMILIES for c in family(text, fill_year, default_year)])
    mentions = _with_weekdays(text, mentions, _EN_WEEKDAY_AFTER, _EN_WEEKDAY_BEFORE)
    taken = [(d.start, d.end) for d in mentions]
    for m in _EN_WEEKDAY_ALONE.finditer(text):
        if not any(s <= m.start() < e for s, e in taken):
            mentions.append(DateMention(m.start(), m.end(), m.group(), None, None, None, None,
                                        weekday=_weekday_number(m["wd"])))
    return sorted(mentions, key=lambda d: d.start)


# ---------------------------------------------------------------------------
# Comparison
# ---------------------------------------------------------------------------

_FIELDS = ("year", "month", "day", "period")


def weekday_of(d: DateMention) -> int | None:
    """The weekday a date names, or the one its year, month and day fall on; None when it has neither."""
    if d.weekday is not None:
        return d.weekday
    if d.year is None or d.month is None or d.day is None:
        return None
    return calendar.weekday(d.year, d.month, d.day)


def dates_agree(zh: DateMention, en: DateMention, compare_inferred: bool = True) -> list[str]:
    """Fields ("year", "month", "day", "period") present on both sides that differ; [] when they agree.

    With ``compare_inferred=False`` a year filled from the document year on
    either side is not compared.
    """
    out = []
    for field in _FIELDS:
        a, b = getattr(zh, field), getattr(en, field)
        if a is None or b is None:
            continue
        if field == "year" and not compare_inferred and (zh.year_inferred or en.year_inferred):
            continue
        if field == "period":
            a, b = months_of_period(a), months_of_period(b)
        if a != b:
            out.append(field)
    if (zh.weekday is not None or en.weekday is not None) and "year" not in out:
        a, b = weekday_of(zh), weekday_of(en)
        inferred = (zh.year_inferred and zh.weekday is None) or (en.year_inferred and en.weekday is None)
        if a is not None and b is not None and a != b and (compare_inferred or not inferred):
            out.append("weekday")
    return out
