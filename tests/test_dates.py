"""Date mentions: case tables for both languages, the traps, agreement, and round-trip properties."""

from __future__ import annotations

import calendar
import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aligner.text.dates import DateMention, dates_agree, infer_document_year, parse_en_dates, parse_zh_dates


def _rows(mentions: list[DateMention]) -> list[tuple]:
    return [(d.text, d.year, d.month, d.day, d.period, d.year_inferred) for d in mentions]


# (text, default_year, [(mention text, year, month, day, period, year_inferred)])
ZH_PARSES = [
    # spans of months, as statistical releases write them
    ("1—11月份，全国规模以上工业企业", 2023, [("1—11月份", 2023, None, None, "M1-M11", True)]),
    ("2023年1-10月", None, [("2023年1-10月", 2023, None, None, "M1-M10", False)]),
    ("今年1-2月", 2024, [("今年1-2月", 2024, None, None, "M1-M2", True)]),
    ("一至十一月", None, [("一至十一月", None, None, None, "M1-M11", False)]),
    ("前11个月，货物贸易", 2023, [("前11个月", 2023, None, None, "M1-M11", True)]),
    ("前两个月", None, [("前两个月", None, None, None, "M1-M2", False)]),
    ("2024年1月21日，在北京", None, [("2024年1月21日", 2024, 1, 21, None, False)]),
    ("1月23日", 2024, [("1月23日", 2024, 1, 23, None, True)]),
    ("全国两会将于3月5日召开", None, [("3月5日", None, 3, 5, None, False)]),
    ("2023年底召开", None, [("2023年底", 2023, None, None, "end", False)]),
    ("2024年上半年", None, [("2024年上半年", 2024, None, None, "H1", False)]),
    ("2024年下半年", None, [("2024年下半年", 2024, None, None, "H2", False)]),
    ("2023年，北京", None, [("2023年", 2023, None, None, None, False)]),
    ("12月", 2024, [("12月", 2024, 12, None, None, True)]),
    ("12月份", None, [("12月份", None, 12, None, None, False)]),
    ("时间:2024-01-31", None, [("2024-01-31", 2024, 1, 31, None, False)]),
    ("2024/01/31", None, [("2024/01/31", 2024, 1, 31, None, False)]),
    ("2023年12月26日", None, [("2023年12月26日", 2023, 12, 26, None, False)]),
    ("二〇二三年十二月二十六日", None, [("二〇二三年十二月二十六日", 2023, 12, 26, None, False)]),
    ("今年", 2024, [("今年", 2024, None, None, None, True)]),
    ("去年底", 2024, [("去年底", 2023, None, None, "end", True)]),
    ("11月20日（星期三）召开", 2024, [("11月20日（星期三）", 2024, 11, 20, None, True)]),
    ("比上年末净增71.2万个", 2024, [("上年末", 2023, None, None, "end", True)]),
    ("60岁以上年末人口", 2024, [("年末", 2024, None, None, "end", True)]),
    ("明年一季度", 2024, [("明年一季度", 2025, None, None, "Q1", True)]),
    ("今年3月", None, [("今年3月", None, 3, None, None, False)]),
    ("到2025年年底", None, [("2025年年底", 2025, None, None, "end", False)]),
    ("2024年第一季度", None, [("2024年第一季度", 2024, None, None, "Q1", False)]),
    ("2024年Q3", None, [("2024年Q3", 2024, None, None, "Q3", False)]),
    ("前三季度", 2024, [("前三季度", 2024, None, None, "Q1-Q3", True)]),
    ("三月初", None, [("三月初", None, 3, None, "start", False)]),
    ("1月下旬", None, [("1月下旬", None, 1, None, "end", False)]),
    ("2024年2月29日", None, [("2024年2月29日", 2024, 2, 29, None, False)]),
    ("2023-2025年", None, [("2023", 2023, None, None, None, False), ("2025年", 2025, None, None, None, False)]),
    ("十一月", None, [("十一月", None, 11, None, None, False)]),
    ("２０２４年１月５日", None, [("２０２４年１月５日", 2024, 1, 5, None, False)]),
]


@pytest.mark.parametrize("text, default_year, expected", ZH_PARSES)
def test_zh_parses(text, default_year, expected):
    assert _rows(parse_zh_dates(text, default_year=default_year)) == expected


# Chinese traps: (text, default_year, expected rows) where the trap must not become a date.
ZH_TRAPS = [
    ("3个月", 2024, []),
    ("21日内完成", 2024, []),
    ("总结2024工作", 2024, []),  # a bare year is a number, not a date
    ("2024年中国经济", None, [("2024年", 2024, None, None, None, False)]),  # 年中 is not mid-year here
    ("2024年初步实现", None, [("2024年", 2024, None, None, None, False)]),
    ("2月30日", 2024, []),
    ("2023年2月29日", None, []),
    ("今年", None, []),
    ("去年", None, []),
    ("13月", None, []),
    ("32日", None, []),
    ("十二个月", None, []),
    ("1000万平方米", None, []),
    ("5G基站", None, []),
    ("20240131", None, []),
    ("1/2", None, []),
    ("2024-13-01", None, []),
    ("第三月", None, []),
    ("一年一度", 2024, []),
    ("年底前完成", 2024, [("年底", 2024, None, None, "end", True)]),
    ("底线思维", 2024, []),
    ("地铁1号线", 2024, []),
    ("30天内", 2024, []),
    ("2024", 2024, []),
    ("去年同期增长", None, []),
    ("底层架构", 2024, []),
    ("初步实现", 2024, []),
    ("月底前", 2024, []),
    ("每月", 2024, []),
    ("13月32日", 2024, []),
    ("二〇二三", None, []),
    ("上半场", 2024, []),
    ("十分钟", 2024, []),
    ("3个季度", 2024, []),
    ("年度报告", 2024, []),
]


@pytest.mark.parametrize("text, default_year, expected", ZH_TRAPS)
def test_zh_traps(text, default_year, expected):
    assert _rows(parse_zh_dates(text, default_year=default_year)) == expected


EN_PARSES = [
    ("In August, the rate", None, [("August", None, 8, None, None, False)]),
    ("By March the rate", None, [("March", None, 3, None, None, False)]),
    ("In the first 11 months, the total", None, [("the first 11 months", None, None, None, "M1-M11", False)]),
    ("than in January-October.", None, [("January-October", None, None, None, "M1-M10", False)]),
    ("January to November 2023", None, [("January to November 2023", 2023, None, None, "M1-M11", False)]),
    ("Jan.-Oct. 2023", None, [("Jan.-Oct. 2023", 2023, None, None, "M1-M10", False)]),
    ("On January 21, 2024, at the", None, [("January 21, 2024", 2024, 1, 21, None, False)]),
    ("Jan. 23, 2019.", None, [("Jan. 23, 2019", 2019, 1, 23, None, False)]),
    ("23 January 2024", None, [("23 January 2024", 2024, 1, 23, None, False)]),
    ("the 21st of January 2024", None, [("21st of January 2024", 2024, 1, 21, None, False)]),
    ("2024-01-23", None, [("2024-01-23", 2024, 1, 23, None, False)]),
    ("Jessie February 04, 2024", None, [("February 04, 2024", 2024, 2, 4, None, False)]),
    ("Sept. 5, 2023", None, [("Sept. 5, 2023", 2023, 9, 5, None, False)]),
    ("open on March 5, and", 2024, [("March 5", 2024, 3, 5, None, True)]),
    ("Jan 23", None, [("Jan 23", None, 1, 23, None, False)]),
    ("the key work in 2024.", None, [("2024", 2024, None, None, None, False)]),
    ("March 2024", None, [("March 2024", 2024, 3, None, None, False)]),
    ("in March", 2024, [("March", 2024, 3, None, None, True)]),
    ("by the end of 2023", None, [("the end of 2023", 2023, None, None, "end", False)]),
    ("first half of 2024", None, [("first half of 2024", 2024, None, None, "H1", False)]),
    ("the first quarter of 2024", None, [("the first quarter of 2024", 2024, None, None, "Q1", False)]),
    ("end of March 2024", None, [("end of March 2024", 2024, 3, None, "end", False)]),
    ("the end of the year", 2024, [("the end of the year", 2024, None, None, "end", True)]),
    ("Q1 2024", None, [("Q1 2024", 2024, None, None, "Q1", False)]),
    ("H1 2024 revenue", None, [("H1 2024", 2024, None, None, "H1", False)]),
    ("CATL Releases Third-Quarter 2024 Results", None, [("Third-Quarter 2024", 2024, None, None, "Q3", False)]),
    ("CATL Releases Third Quarter 2024 Results", None, [("Third Quarter 2024", 2024, None, None, "Q3", False)]),
    ("its 2024 third-quarter results", None, [("2024 third-quarter", 2024, None, None, "Q3", False)]),
    ("third-quarter revenue grew", 2024, [("third-quarter", 2024, None, None, "Q3", True)]),
    ("first-half 2024 revenue", None, [("first-half 2024", 2024, None, None, "H1", False)]),
    ("mid-2024", None, [("mid-2024", 2024, None, None, "mid", False)]),
    ("early 2023", None, [("early 2023", 2023, None, None, "start", False)]),
    ("last year", 2024, [("last year", 2023, None, None, None, True)]),
    ("from 2021 to 2025", None, [("2021", 2021, None, None, None, False), ("2025", 2025, None, None, None, False)]),
    ("by the end of this year", 2024, [("the end of this year", 2024, None, None, "end", True)]),
    ("the first half of this year", 2024, [("the first half of this year", 2024, None, None, "H1", True)]),
    ("early this year", 2024, [("early this year", 2024, None, None, "start", True)]),
    ("late last year", 2024, [("late last year", 2023, None, None, "end", True)]),
    ("mid-next year", 2024, [("mid-next year", 2025, None, None, "mid", True)]),
    ("earlier this year", 2024, [("this year", 2024, None, None, None, True)]),
    ("by the end of the year", None, [("the end of the year", None, None, None, "end", False)]),
    ("in the first half", None, [("the first half", None, None, None, "H1", False)]),
    ("during the second quarter", 2024, [("the second quarter", 2024, None, None, "Q2", True)]),
    ("for the first three quarters", None, [("the first three quarters", None, None, None, "Q1-Q3", False)]),
    ("in the latter half, growth", None, [("the latter half", None, None, None, "H2", False)]),
    ("in early March", None, [("early March", None, 3, None, "start", False)]),
    ("Late March saw", None, [("Late March", None, 3, None, "end", False)]),
    ("in mid-March", 2024, [("mid-March", 2024, 3, None, "mid", True)]),
    ("late March 2024", None, [("late March 2024", 2024, 3, None, "end", False)]),
    ("mid-to-late March", None, [("March", None, 3, None, None, False)]),
    ("on Wednesday, November 20", 2024, [("Wednesday, November 20", 2024, 11, 20, None, True)]),
    ("on November 20 (Wednesday)", None, [("November 20 (Wednesday)", None, 11, 20, None, False)]),
    ("on Wednesday", 2024, [("Wednesday", None, None, None, None, False)]),
]


@pytest.mark.parametrize("text, default_year, expected", EN_PARSES)
def test_en_parses(text, default_year, expected):
    assert _rows(parse_en_dates(text, default_year=default_year)) == expected


EN_TRAPS = [
    ("2024", 2024, []),  # a bare year is a number, not a date
    ("the 2024 report", None, []),
    ("in 2000 companies", None, []),
    ("we may 5 times", None, []),
    ("May is here", 2024, []),
    ("Mar", 2024, []),
    ("March 5,000 units", None, []),
    ("February 30, 2024", None, []),
    ("2024-13-01", None, []),
    ("this year", None, []),
    ("Q5 results", None, []),
    ("version 2.1", None, []),
    ("the 1990s", None, []),
    ("at 11:55", None, []),
    ("01/23/2024", None, []),
    ("one of the first", None, []),
    ("5G in 65.8 billion", None, []),
    ("to march on", None, []),
    ("the second half of the game", 2024, []),
    ("the end of the road", 2024, []),
    ("first quarter", None, []),
    ("first half results", 2024, []),
    ("early adopters", 2024, []),
    ("mid-level staff", 2024, []),
    ("Jan", 2024, []),
    ("Day 5", 2024, []),
    ("cost 2025 yuan", None, []),
    ("the 21st century", 2024, []),
    ("the 1st session", 2024, []),
    ("section 2024-01", None, []),
    ("forty years", 2024, []),
    ("since 1,990 people", None, []),
    ("early this year", None, []),
    ("in the first half of the game", 2024, []),
    ("in the first half hour", 2024, []),
    ("the second quarter-final", 2024, []),
    ("in the fourth quarter of the match", None, []),
    ("early may", 2024, []),
    ("Black Friday sales", 2024, []),
]


@pytest.mark.parametrize("text, default_year, expected", EN_TRAPS)
def test_en_traps(text, default_year, expected):
    assert _rows(parse_en_dates(text, default_year=default_year)) == expected


# parse_en_dates(text, 2024, fill_missing=False): relative years count from 2024, missing years stay missing
EN_RELATIVE_ONLY = [
    ("by the end of this year", [("the end of this year", 2024, None, None, "end", True)]),
    ("by the end of last year", [("the end of last year", 2023, None, None, "end", True)]),
    ("early next year", [("early next year", 2025, None, None, "start", True)]),
    ("by the end of the year", [("the end of the year", None, None, None, "end", False)]),
    ("On January 17, the bureau", [("January 17", None, 1, 17, None, False)]),
    ("in the second half", [("the second half", None, None, None, "H2", False)]),
    ("in late March", [("late March", None, 3, None, "end", False)]),
    ("Q3 results", [("Q3", None, None, None, "Q3", False)]),
    ("last year", [("last year", 2023, None, None, None, True)]),
    ("On January 17, 2025", [("January 17, 2025", 2025, 1, 17, None, False)]),
]


@pytest.mark.parametrize("text, expected", EN_RELATIVE_ONLY)
def test_en_relative_years_without_filling(text, expected):
    assert _rows(parse_en_dates(text, 2024, fill_missing=False)) == expected


# (text, language, the relative year of each mention): a year counted from a relative one keeps its offset
RELATIVE_OFFSETS = [
    ("比上年末增长", "zh", [-1]),
    ("今年上半年", "zh", [0]),
    ("2023年底", "zh", [None]),
    ("1月23日", "zh", [None]),
    ("by the end of this year", "en", [0]),
    ("early next year", "en", [1]),
    ("by the end of the year", "en", [None]),
    ("the end of 2023", "en", [None]),
]


@pytest.mark.parametrize("text, language, expected", RELATIVE_OFFSETS)
def test_relative_year_offsets(text, language, expected):
    parse = parse_zh_dates if language == "zh" else parse_en_dates
    assert [d.relative for d in parse(text, 2024)] == expected


def _one_zh(text: str, default_year: int | None = None) -> DateMention:
    (d,) = parse_zh_dates(text, default_year=default_year)
    return d


def _one_en(text: str, default_year: int | None = None) -> DateMention:
    (d,) = parse_en_dates(text, default_year=default_year)
    return d


AGREE = [
    ("1—9月", None, "in the first three quarters", None, True, []),
    ("前三季度", None, "January-September", None, True, []),
    ("上半年", None, "January-June", None, True, []),
    ("1—8月", None, "in the first three quarters", None, True, ["period"]),
    ("2024年1月23日", None, "January 23, 2019", None, True, ["year"]),
    ("2024年1月23日", None, "January 23, 2024", None, True, []),
    ("1月23日", 2024, "January 23", 2024, True, []),
    ("1月23日", 2024, "Jan. 23, 2019", None, True, ["year"]),
    ("1月23日", 2024, "Jan. 23, 2019", None, False, []),
    ("2024年上半年", None, "second half of 2024", None, True, ["period"]),
    ("3月5日", None, "March 6", None, True, ["day"]),
    ("3月5日", None, "April 5", None, True, ["month"]),
    ("2023年", None, "January 21, 2024", None, True, ["year"]),
    ("2023年底", None, "end of 2023", None, True, []),
    ("2024年底", None, "by the end of this year", 2024, True, []),
    ("2024年底", None, "by the end of last year", 2024, True, ["year"]),
    ("上半年", 2024, "in the first half", None, True, []),
    ("上半年", 2024, "in the second half", None, True, ["period"]),
    ("前三季度", None, "for the first three quarters", None, True, []),
    ("3月上旬", None, "in early March", None, True, []),
    ("3月初", None, "in early March", None, True, []),
    ("3月底", None, "in late March", None, True, []),
    ("3月下旬", None, "in late March", None, True, []),
    ("3月中旬", None, "in mid-March", None, True, []),
    ("3月底", None, "in early March", None, True, ["period"]),
    # a weekday is compared with the day the date falls on (November 20, 2024 is a Wednesday)
    ("11月20日", 2024, "on Wednesday", None, True, []),
    ("11月20日", 2024, "on Thursday", None, True, ["weekday"]),
    ("11月20日", 2024, "on Thursday", None, False, []),
    ("11月20日", None, "on Thursday", None, True, []),
    ("2024年11月20日", None, "Thursday, November 20", None, True, ["weekday"]),
    ("11月20日（星期四）", None, "on Wednesday", None, True, ["weekday"]),
    ("2024年11月20日", None, "Thursday, November 20, 2025", None, True, ["year"]),
]


@pytest.mark.parametrize("zh, zh_year, en, en_year, compare_inferred, expected", AGREE)
def test_dates_agree(zh, zh_year, en, en_year, compare_inferred, expected):
    a, b = _one_zh(zh, zh_year), _one_en(en, en_year)
    assert dates_agree(a, b, compare_inferred=compare_inferred) == expected


@pytest.mark.parametrize("texts, year", [
    (["2024年1月21日，北京", "明确2024年工作重点", "2023年，我国"], 2024),
    (["1月23日"], None),
    (["2023年", "2024年"], 2024),  # a tie goes to the latest year
    (["今年", "去年底"], None),  # relative years are not evidence
    ([], None),
])
def test_infer_document_year(texts, year):
    assert infer_document_year(texts) == year


# ---------------------------------------------------------------------------
# Properties
# ---------------------------------------------------------------------------

def _well_formed(text: str, mentions: list[DateMention]) -> None:
    last_end = 0
    for d in mentions:
        assert text[d.start:d.end] == d.text
        assert d.start >= last_end
        assert d.month is None or 1 <= d.month <= 12
        assert d.day is None or d.month is not None
        last_end = d.end


@settings(max_examples=80, deadline=None)
@given(st.one_of(st.text(max_size=40),
                 st.lists(st.sampled_from(list("0123456789年月日号底初末上下半季度第一二三十〇今去明-/ Q")),
                          max_size=20).map("".join)),
       st.one_of(st.none(), st.integers(1900, 2100)))
def test_zh_parser_never_crashes(text, default_year):
    _well_formed(text, parse_zh_dates(text, default_year=default_year))


@settings(max_examples=80, deadline=None)
@given(st.one_of(st.text(max_size=40),
                 st.lists(st.sampled_from(["January", "May", "Jan.", "5", "21st", "2024", ",", "of", "in", "the",
                                           "end", "first half", "Q1", "year", "this", "-", "mid", "1990"]),
                          max_size=12).map(" ".join)),
       st.one_of(st.none(), st.integers(1900, 2100)))
def test_en_parser_never_crashes(text, default_year):
    _well_formed(text, parse_en_dates(text, default_year=default_year))


_ZH_DIGITS = "〇一二三四五六七八九"


def _zh_small(n: int) -> str:
    """1..31 in Chinese numerals (十, 十二, 二十六)."""
    tens, units = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else _ZH_DIGITS[tens] + "十")
    return head + (_ZH_DIGITS[units] if units else "")


_ZH_FORMATS = [
    lambda d: f"{d.year}年{d.month}月{d.day}日",
    lambda d: f"{d.year}年{d.month:02d}月{d.day:02d}日",
    lambda d: f"{d:%Y-%m-%d}",
    lambda d: f"{d.year}/{d.month}/{d.day}",
    lambda d: "".join(_ZH_DIGITS[int(c)] for c in str(d.year)) + f"年{_zh_small(d.month)}月{_zh_small(d.day)}日",
]
_EN_FORMATS = [
    lambda d: f"{calendar.month_name[d.month]} {d.day}, {d.year}",
    lambda d: f"{calendar.month_name[d.month]} {d.day:02d}, {d.year}",
    lambda d: f"{calendar.month_abbr[d.month]}. {d.day}, {d.year}",
    lambda d: f"{d.day} {calendar.month_name[d.month]} {d.year}",
    lambda d: f"{d:%Y-%m-%d}",
]
_DATES = st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2099, 12, 31))


@settings(max_examples=50, deadline=None)
@given(_DATES, st.sampled_from(_ZH_FORMATS))
def test_zh_date_round_trip(date, fmt):
    d = _one_zh(f"会议于{fmt(date)}召开。")
    assert (d.year, d.month, d.day, d.year_inferred) == (date.year, date.month, date.day, False)


@settings(max_examples=50, deadline=None)
@given(_DATES, st.sampled_from(_EN_FORMATS))
def test_en_date_round_trip(date, fmt):
    d = _one_en(f"The meeting opened on {fmt(date)}, in Beijing.")
    assert (d.year, d.month, d.day, d.year_inferred) == (date.year, date.month, date.day, False)


@settings(max_examples=50, deadline=None)
@given(_DATES)
def test_default_year_fills_month_day(date):
    zh = _one_zh(f"{date.month}月{date.day}日", default_year=date.year)
    en = _one_en(f"on {calendar.month_name[date.month]} {date.day}", default_year=date.year)
    for d in (zh, en):
        assert (d.year, d.month, d.day, d.year_inferred) == (date.year, date.month, date.day, True)
    assert dates_agree(zh, en) == []
