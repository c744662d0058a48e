"""Number mentions: case tables for both languages, the traps, and round-trip properties."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aligner.text.numbers import (
    APPROXIMATIONS,
    KINDS,
    NumberMention,
    describe,
    format_value,
    parse_en_numbers,
    parse_zh_numbers,
    values_match,
    zh_numeral_value,
)


def _only(mentions: list[NumberMention]) -> NumberMention:
    assert len(mentions) == 1, mentions
    return mentions[0]


def _fields(m: NumberMention) -> tuple:
    return (m.text, pytest.approx(m.value), m.kind, m.approx, m.unit,
            None if m.high is None else pytest.approx(m.high))


# ---------------------------------------------------------------------------
# Chinese: what must parse, and to what
# (text, mention text, value, kind, approx, unit, high)
# ---------------------------------------------------------------------------

ZH_PARSES = [
    ("下调25个基点", "25个基点", 0.25, "percent", None, "基点", None),
    ("约为6.6%", "6.6%", 6.6, "percent", "about", "%", None),
    ("约占全年收入的23.4%", "23.4%", 23.4, "percent", "about", "%", None),
    ("超过四成", "超过四成", 40, "percent", "over", "fraction", None),
    ("已超过15亿千瓦", "超过15亿千瓦", 1.5e9, "cardinal", "over", "千瓦", None),
    ("一千二百万", "一千二百万", 1.2e7, "cardinal", None, None, None),
    ("两千", "两千", 2000, "cardinal", None, None, None),
    ("十三个城市", "十三个", 13, "cardinal", None, "个", None),
    ("二十", "二十", 20, "cardinal", None, None, None),
    ("一百零五项", "一百零五项", 105, "cardinal", None, "项", None),
    ("1.8万亿元", "1.8万亿元", 1.8e12, "cardinal", None, "元", None),
    ("资金658亿元", "658亿元", 6.58e10, "cardinal", None, "元", None),
    ("13.57万亿元", "13.57万亿元", 1.357e13, "cardinal", None, "元", None),
    ("1000万平方米", "1000万平方米", 1e7, "cardinal", None, "平方米", None),
    ("1,000家", "1,000家", 1000, "cardinal", None, "家", None),
    ("１０００家", "１０００家", 1000, "cardinal", None, "家", None),
    ("增长20%", "20%", 20, "percent", None, "%", None),
    ("百分之二十", "百分之二十", 20, "percent", None, "%", None),
    ("提高2个百分点", "2个百分点", 2, "percent", None, "百分点", None),
    ("达到125左右", "125左右", 125, "cardinal", "about", None, None),
    ("增长10%以上", "10%以上", 10, "percent", "over", "%", None),
    ("近2000家", "近2000家", 2000, "cardinal", "nearly", "家", None),
    ("超1000家", "超1000家", 1000, "cardinal", "over", "家", None),
    ("超过1000家", "超过1000家", 1000, "cardinal", "over", "家", None),
    ("产值突破900亿元", "突破900亿元", 9e10, "cardinal", "over", "元", None),
    ("约3万人", "约3万人", 3e4, "cardinal", "about", "人", None),
    ("30多个", "30多个", 30, "cardinal", "over", "个", None),
    ("30余项", "30余项", 30, "cardinal", "over", "项", None),
    ("两千多万", "两千多万", 2e7, "cardinal", "over", None, None),
    ("不少于100亿元", "不少于100亿元", 1e10, "cardinal", "over", "元", None),
    ("不足5%", "不足5%", 5, "percent", "under", "%", None),
    # a bound qualifies the number also with a verb between them; 最高/最低 before a noun is a maximum, no bound
    ("给予最高90万元奖励", "最高90万元", 9e5, "cardinal", "under", "元", None),
    ("最高可获得90万元", "90万元", 9e5, "cardinal", "under", "元", None),
    ("至少建成2座", "2座", 2, "cardinal", "over", "座", None),
    ("每家最多支持3个项目", "3个", 3, "cardinal", "under", "个", None),
    ("不超过补贴50万元", "50万元", 5e5, "cardinal", "under", "元", None),
    ("最低工资2000元", "2000元", 2000, "cardinal", None, "元", None),
    ("最高时速350公里", "350公里", 350, "cardinal", None, "公里", None),
    ("近年来建成2座", "2座", 2, "cardinal", None, "座", None),
    ("3-5个", "3-5个", 3, "cardinal", None, "个", 5),
    ("三至五年", "三至五年", 3, "cardinal", None, "年", 5),
    ("10%—20%", "10%—20%", 10, "percent", None, "%", 20),
    ("3-5万元", "3-5万元", 3e4, "cardinal", None, "元", 5e4),
    ("第十四届", "第十四届", 14, "ordinal", None, "届", None),
    ("居全国第一", "第一", 1, "ordinal", None, None, None),
    ("第3位", "第3位", 3, "ordinal", None, "位", None),
    ("6个", "6个", 6, "cardinal", None, "个", None),
    ("五家", "五家", 5, "cardinal", None, "家", None),
    ("25个", "25个", 25, "cardinal", None, "个", None),
    ("两个确立", "两个", 2, "cardinal", None, "个", None),
    ("一亿元", "一亿元", 1e8, "cardinal", None, "元", None),
    ("十分钟", "十分钟", 10, "cardinal", None, "分钟", None),
    ("1亿2000万", "1亿2000万", 1.2e8, "cardinal", None, None, None),
    ("28nm工艺", "28nm", 28, "cardinal", None, "nm", None),
    ("2024年", "2024年", 2024, "year", None, None, None),
    ("二〇二三年", "二〇二三年", 2023, "year", None, None, None),
    ("2023-2025年", "2023-2025年", 2023, "year", None, None, 2025),
    ("总结2024工作", "2024", 2024, "year", None, None, None),
    ("十四五规划", "十四五", 14, "ordinal", None, None, None),
    ("党的二十大精神", "二十大", 20, "ordinal", None, None, None),
    # 近 before a time span is "the past", not "nearly".
    ("近三年来", "三年", 3, "cardinal", None, "年", None),
]


# Quantities without a plain numeral: (text, mention text, value, kind, approx, unit, high, vague)
ZH_LOOSE = [
    ("数十家企业", "数十家", 10, "cardinal", None, "家", 100, True),
    ("几百万元", "几百万元", 1e6, "cardinal", None, "元", 1e7, True),
    ("十几年", "十几年", 10, "cardinal", None, "年", 20, True),
    ("吸引十几万人", "十几万人", 1e5, "cardinal", None, "人", 2e5, True),
    ("二十几个", "二十几个", 20, "cardinal", None, "个", 30, True),
    ("上百家企业", "上百家", 100, "cardinal", None, "家", 1000, True),
    ("近千家企业", "近千家", 1000, "cardinal", "nearly", "家", None, False),
    ("近千亿元", "近千亿元", 1e11, "cardinal", "nearly", "元", None, False),
    ("千余家", "千余家", 1000, "cardinal", "over", "家", None, False),
    ("逾万人", "逾万人", 1e4, "cardinal", "over", "人", None, False),
    ("三分之一", "三分之一", 100 / 3, "percent", None, "fraction", None, False),
    ("五分之二以上", "五分之二以上", 40, "percent", "over", "fraction", None, False),
    ("千分之五", "千分之五", 0.5, "percent", None, "fraction", None, False),
    ("收入翻一番", "翻一番", 2, "cardinal", None, "倍", None, False),
    ("收入翻了两番", "翻了两番", 4, "cardinal", None, "倍", None, False),
    ("成倍增长", "成倍", 2, "cardinal", None, "倍", 10, True),
    ("收入增长两倍", "两倍", 2, "cardinal", None, "倍", 3, True),
    ("是全国的1.5倍", "1.5倍", 1.5, "cardinal", None, "倍", None, False),
]


@pytest.mark.parametrize("text, mention, value, kind, approx, unit, high, vague", ZH_LOOSE)
def test_zh_loose_quantities(text, mention, value, kind, approx, unit, high, vague):
    m = _only(parse_zh_numbers(text))
    assert _fields(m) + (m.vague,) == (mention, value, kind, approx, unit, high, vague)
    assert text[m.start:m.end] == m.text


EN_LOOSE = [
    ("dozens of companies", "dozens", 12, "cardinal", None, None, 100, True),
    ("hundreds of firms", "hundreds", 100, "cardinal", None, None, 1000, True),
    ("thousands of people", "thousands", 1000, "cardinal", None, None, 1e4, True),
    ("hundreds of millions of people", "hundreds of millions", 1e8, "cardinal", None, None, 1e9, True),
    ("tens of billions", "tens of billions", 1e10, "cardinal", None, None, 1e11, True),
    ("several hundred firms", "several hundred", 100, "cardinal", None, None, 1000, True),
    ("one third of the total", "one third", 100 / 3, "percent", None, "fraction", None, False),
    ("a third of", "a third", 100 / 3, "percent", None, "fraction", None, False),
    ("two-fifths", "two-fifths", 40, "percent", None, "fraction", None, False),
    ("nearly 1/3 of them", "nearly 1/3", 100 / 3, "percent", "nearly", "fraction", None, False),
    ("three quarters of the firms", "three quarters", 75, "percent", None, "fraction", None, False),
    ("income doubled", "doubled", 2, "cardinal", None, "times", None, False),
    ("twice as many", "twice", 2, "cardinal", None, "times", None, False),
    ("a threefold rise", "threefold", 3, "cardinal", None, "times", None, False),
]


@pytest.mark.parametrize("text, mention, value, kind, approx, unit, high, vague", EN_LOOSE)
def test_en_loose_quantities(text, mention, value, kind, approx, unit, high, vague):
    m = _only(parse_en_numbers(text))
    assert _fields(m) + (m.vague,) == (mention, value, kind, approx, unit, high, vague)
    assert text[m.start:m.end] == m.text


@pytest.mark.parametrize("text, mention, value, kind, approx, unit, high", ZH_PARSES)
def test_zh_parses(text, mention, value, kind, approx, unit, high):
    m = _only(parse_zh_numbers(text))
    assert _fields(m) == (mention, value, kind, approx, unit, high)
    assert text[m.start:m.end] == m.text


# Chinese traps: no number at all.
ZH_NOTHING = [
    "一体化发展", "支持组建一批领军企业", "下面一起来看看", "统一部署", "一流企业", "进一步壮大发展新动能",
    "共建一带一路", "全国两会将于近期召开", "两岸关系", "两国合作", "两芯一生态", "万一出现问题", "千万不要",
    "百姓生活", "十分重要", "一些地方", "三大科创高地", "十大工程", "四面八方",
    "三位一体", "重要组成部分之一", "唯一", "一是坚持创新", "（一）总体要求", "两化融合", "零碳园区",
    "粤芯三期", "万亿级产业集群", "一个中心", "进入新一代", "三五年", "两三个", "超千亿级产业集群", "指数十年来",
    "最近千家", "以上百强企业", "加倍努力", "一成不变", "三成员国", "形成", "五成本",
    "一二线城市", "十之八九", "千家万户", "万众一心", "一五一十", "五湖四海", "九牛一毛", "三心二意", "一方面",
    "一系列", "第三方平台", "百分百", "四川", "零部件", "三星电子",
    # dates are left to aligner.text.dates
    "3月5日", "1月23日", "1-2月", "十二月二十六日",
    # codes and enumeration markers
    "5G基站", "C919大飞机", "01/29 11:55", "\n1.持续加强", "（2）做好",
]


@pytest.mark.parametrize("text", ZH_NOTHING)
def test_zh_traps_yield_nothing(text):
    assert parse_zh_numbers(text) == []


# Chinese traps that parse, but only to something specific.
ZH_SPECIFIC = [
    ("2024年1月21日", [("2024年", "year")]),
    ("时间:2024-01-31", [("2024", "year")]),
    ("二〇二三年十二月二十六日", [("二〇二三年", "year")]),
    ("第一时间", [("第一", "ordinal")]),
    ("第二次会议", [("第二次", "ordinal")]),
    ("两会期间新增5家", [("5家", "cardinal")]),
    ("进一步推动10个项目", [("10个", "cardinal")]),
    ("鲁政发〔2023〕11号", [("2023", "year"), ("11", "cardinal")]),
    ("浙江省十四届人大二次会议", [("十四届", "ordinal"), ("二次", "cardinal")]),
    ("二十届三中全会", [("二十届", "ordinal")]),
]


@pytest.mark.parametrize("text, expected", ZH_SPECIFIC)
def test_zh_traps_parse_to_something_specific(text, expected):
    assert [(m.text, m.kind) for m in parse_zh_numbers(text)] == expected


# ---------------------------------------------------------------------------
# English
# ---------------------------------------------------------------------------

EN_PARSES = [
    ("cut by 25 basis points", "25 basis points", 0.25, "percent", None, "basis point", None),
    ("a 50-bp cut", "50-bp", 0.5, "percent", None, "basis point", None),
    ("65.8 billion yuan", "65.8 billion yuan", 6.58e10, "cardinal", None, "yuan", None),
    ("revenue reached CNY362 billion", "CNY362 billion", 3.62e11, "cardinal", None, "CNY", None),
    ("revenue reached RMB251.5 billion", "RMB251.5 billion", 2.515e11, "cardinal", None, "RMB", None),
    ("1 trillion", "1 trillion", 1e12, "cardinal", None, None, None),
    ("3 million people", "3 million", 3e6, "cardinal", None, None, None),
    ("5,000 firms", "5,000", 5000, "cardinal", None, None, None),
    ("1.5 times", "1.5 times", 1.5, "cardinal", None, "times", None),
    ("forty-one", "forty-one", 41, "cardinal", None, None, None),
    ("one hundred thousand", "one hundred thousand", 1e5, "cardinal", None, None, None),
    ("one hundred and twenty-five", "one hundred and twenty-five", 125, "cardinal", None, None, None),
    ("twelve", "twelve", 12, "cardinal", None, None, None),
    ("a dozen projects", "a dozen", 12, "cardinal", None, None, None),
    ("a hundred", "a hundred", 100, "cardinal", None, None, None),
    ("grew 20%", "20%", 20, "percent", None, "%", None),
    ("20 percent", "20 percent", 20, "percent", None, "%", None),
    ("20 per cent", "20 per cent", 20, "percent", None, "%", None),
    ("2 percentage points", "2 percentage points", 2, "percent", None, "percentage point", None),
    ("a 0.2-percentage-point drop", "0.2-percentage-point", 0.2, "percent", None, "percentage point", None),
    ("0.2 points faster", "0.2 points", 0.2, "cardinal", None, "point", None),
    ("a 0.2-point drop", "0.2-point", 0.2, "cardinal", None, "point", None),
    ("over two decades", "over two decades", 20, "cardinal", "over", "years", None),
    ("40-plus years", "40-plus", 40, "cardinal", "over", None, None),
    ("100,000-odd people", "100,000-odd", 1e5, "cardinal", "over", None, None),
    ("the 14th Congress", "14th", 14, "ordinal", None, None, None),
    ("the second session", "second", 2, "ordinal", None, None, None),
    ("the Sixth Chongqing", "Sixth", 6, "ordinal", None, None, None),
    ("the twenty-first century", "twenty-first", 21, "ordinal", None, None, None),
    ("about 300", "about 300", 300, "cardinal", "about", None, None),
    ("around 50 key", "around 50", 50, "cardinal", "about", None, None),
    ("approximately 7", "approximately 7", 7, "cardinal", "about", None, None),
    ("nearly 2,000", "nearly 2,000", 2000, "cardinal", "nearly", None, None),
    ("almost 90%", "almost 90%", 90, "percent", "nearly", "%", None),
    ("more than 1,000 companies", "more than 1,000", 1000, "cardinal", "over", None, None),
    ("over $5 billion", "over $5 billion", 5e9, "cardinal", "over", "$", None),
    ("at least 5", "at least 5", 5, "cardinal", "over", None, None),
    ("less than 10", "less than 10", 10, "cardinal", "under", None, None),
    ("up to 3", "up to 3", 3, "cardinal", "under", None, None),
    ("1,000+ firms", "1,000+", 1000, "cardinal", "over", None, None),
    ("output exceeded 90 billion yuan", "exceeded 90 billion yuan", 9e10, "cardinal", "over", "yuan", None),
    ("it surpassed 5,000", "surpassed 5,000", 5000, "cardinal", "over", None, None),
    ("sales topped $5 billion", "topped $5 billion", 5e9, "cardinal", "over", "$", None),
    ("broke through 100 billion", "broke through 100 billion", 1e11, "cardinal", "over", None, None),
    ("the top 10 firms", "10", 10, "cardinal", None, None, None),
    ("3-5 companies", "3-5", 3, "cardinal", None, None, 5),
    ("3 to 5 million", "3 to 5 million", 3e6, "cardinal", None, None, 5e6),
    ("between 3 and 5", "between 3 and 5", 3, "cardinal", None, None, 5),
    ("10-20%", "10-20%", 10, "percent", None, "%", 20),
    ("in 2024", "2024", 2024, "year", None, None, None),
    ("the 2024 report", "2024", 2024, "year", None, None, None),
    ("from 2021 to 2025", "2021 to 2025", 2021, "year", None, None, 2025),
    ("No. 1 Document", "1", 1, "cardinal", None, None, None),
    ("the five-year plan", "five-year", 5, "cardinal", None, "year", None),
    ("28nm chips", "28nm", 28, "cardinal", None, "nm", None),
    ("65.8bn", "65.8bn", 6.58e10, "cardinal", None, None, None),
    ("reached two and a half million", "two and a half million", 2.5e6, "cardinal", None, None, None),
    ("two and a half years", "two and a half years", 2.5, "cardinal", None, "years", None),
    # digits a machine rendering glued to a word with a hyphen, yet with their unit
    ("The tunnel hole-30 kilometers long.", "30 kilometers", 30, "cardinal", None, "kilometers", None),
    ("the \"33618\" system", "33618", 33618, "cardinal", None, None, None),
]


@pytest.mark.parametrize("text, mention, value, kind, approx, unit, high", EN_PARSES)
def test_en_parses(text, mention, value, kind, approx, unit, high):
    m = _only(parse_en_numbers(text))
    assert _fields(m) == (mention, value, kind, approx, unit, high)
    assert text[m.start:m.end] == m.text


EN_NOTHING = [
    "one of the best", "the one that matters", "no one knows", "one after another", "a plan", "an idea",
    "5G networks", "SK Hynix", "the C919 airliner", "COVID-19", "G20", "the 1990s", "version 3.5.1",
    "one-stop service", "first-class", "second-tier cities", "in a second",
    "million-dollar", "on March 5", "January 21", "at 11:55", "1. Strengthen",
    "(2) Improve", "someone", "half of them", "a third term", "zero carbon", "one-to-one",
    "the Su-57 jet", "top-10 firms", "several", "a couple of", "once", "anyone", "Top10", "H20 chip", "A100", "5G-A", "Type-C",
    "Phase II", "in the first half", "the second half of the year", "a 3-D model",
]


@pytest.mark.parametrize("text", EN_NOTHING)
def test_en_traps_yield_nothing(text):
    assert parse_en_numbers(text) == []


EN_SPECIFIC = [
    ("232-layer 3D NAND flash", [("232", "cardinal")]),  # 232层
    ("a 14-nanometer process", [("14", "cardinal")]),  # 14纳米
    ("January 21, 2024", [("2024", "year")]),
    ("2024-01-23", [("2024", "year")]),
    ("2000 companies", [("2000", "cardinal")]),
    ("2,024 units", [("2,024", "cardinal")]),
    ("First, we will", [("First", "ordinal")]),
    ("the first batch", [("first", "ordinal")]),
    ("one factory", [("one", "cardinal")]),
    ("two sessions", [("two", "cardinal")]),
    ("the 14th Five-Year Plan", [("14th", "ordinal")]),
    ("the Third Plenary Session", [("Third", "ordinal")]),
    ("No.1 Central Document", [("1", "cardinal")]),
    ("zero percent", [("zero percent", "percent")]),
    ("the first three quarters", [("three", "cardinal")]),
    ("in the first 10 months", [("10 months", "cardinal")]),
    ("the first 10 companies", [("first", "ordinal"), ("10", "cardinal")]),
    ("the first quarter", [("first", "ordinal")]),
    ("the first three quarters of 2024", [("three", "cardinal"), ("2024", "year")]),
    ("the last two quarters of the year", [("two", "cardinal")]),
]


@pytest.mark.parametrize("text, expected", EN_SPECIFIC)
def test_en_traps_parse_to_something_specific(text, expected):
    assert [(m.text, m.kind) for m in parse_en_numbers(text)] == expected


# ---------------------------------------------------------------------------
# Comparison and description
# ---------------------------------------------------------------------------

MATCHES = [
    ("658亿元", "65.8 billion yuan", True),
    ("658亿元", "658 billion yuan", False),
    ("3620亿元", "CNY362 billion", True),
    ("1.8万亿元", "1.8 trillion", True),
    ("2000万", "20 million", True),
    ("近2000家", "nearly 2,000", True),
    ("13.57万亿元", "about 13.6 trillion", True),
    ("近2000家", "about 1,500", False),
    ("20%", "20 percent", True),
    ("20%", "20", False),
    ("3-5个", "3 to 5", True),
    ("3-5个", "5", True),
    ("3-5个", "4", False),
    ("第十四届", "14th", True),
    ("2024年", "in 2024", True),
    ("0.2个百分点", "0.2 points", True),
    ("0.2%", "0.2 points", False),
    ("数十家", "dozens", True),
    ("数十家", "more than 30", True),
    ("数十家", "hundreds", False),
    ("十几万人", "over 100,000", True),
    ("十几万人", "more than 10,000", False),
    ("上百家", "more than 100", True),
    ("近千家", "nearly a thousand", True),
    ("三分之一", "33%", True),
    ("三分之一", "30%", False),
    ("三分之一", "one quarter of", False),
    ("五分之二", "40%", True),
    ("翻一番", "doubled", True),
    ("翻一番", "tripled", False),
    ("增长两倍", "doubled", True),
    ("增长两倍", "tripled", True),
    ("增长两倍", "quadrupled", False),
    # units a rendering converts
    ("13908.2亿斤", "695.41 million metric tons", True),
    ("1.3万亿斤以上", "over 650 million tonnes", True),
    ("1.3万亿斤以上", "over 600 million tonnes", False),
    ("13908.2亿斤", "695.41 million", False),  # converted only where the English names the unit
    ("400公斤", "0.4 tonnes", True),
    ("4500万亩", "3 million hectares", True),
    ("1.2亿亩", "8 million hectares", True),
    ("4500万亩", "4.5 million hectares", False),
    ("三年", "36 months", True),
    ("三年", "30 months", False),
    # a decimal of three or more significant digits matches the value it rounds
    ("1260582亿元", "126.06 trillion", True),
    ("1244万人", "12.4 million", True),
    ("1260582亿元", "126.07 trillion", False),
    ("5.2%", "5%", False),
    ("0.35个百分点", "35 basis points", True),
    ("25个基点", "0.25 percentage points", True),
    ("25个基点", "25 basis points", True),
    ("0.25个百分点", "0.25 basis points", False),
    ("0.25个百分点", "25%", False),
    ("3.14%", "3.1%", False),
]


@pytest.mark.parametrize("zh, en, expected", MATCHES)
def test_values_match(zh, en, expected):
    a, b = _only(parse_zh_numbers(zh)), _only(parse_en_numbers(en))
    assert values_match(a, b) is expected
    assert values_match(b, a) is expected


DESCRIBE = [
    ("658亿", "65.8 billion"),
    ("1.8万亿", "1.8 trillion"),
    ("13.57万亿", "13.57 trillion"),
    ("2000万", "20 million"),
    ("1.5万", "15,000"),
    ("近2000家", "nearly 2,000"),
    ("3-5个", "3–5"),
    ("10%—20%", "10%–20%"),
    ("第十四届", "14th"),
    ("2024年", "2024"),
    ("提高6.1个百分点", "6.1 percentage points"),
    ("下调25个基点", "25 basis points"),
]


@pytest.mark.parametrize("zh, reading", DESCRIBE)
def test_describe(zh, reading):
    assert describe(_only(parse_zh_numbers(zh))) == reading


@pytest.mark.parametrize("value, text", [(6.58e10, "65.8 billion"), (1e12, "1 trillion"), (0.5, "0.5"),
                                         (123456, "123,456")])
def test_format_value(value, text):
    assert format_value(value) == text


@pytest.mark.parametrize("numeral, value", [("十三", 13), ("二十", 20), ("一千二百万", 1.2e7), ("1.8万亿", 1.8e12),
                                            ("三点五", 3.5), ("两万零五", 20005), ("二〇二三", None), ("十十", None)])
def test_zh_numeral_value(numeral, value):
    assert zh_numeral_value(numeral) == (None if value is None else pytest.approx(value))


# ---------------------------------------------------------------------------
# Properties
# ---------------------------------------------------------------------------

def _well_formed(text: str, mentions: list[NumberMention]) -> None:
    last_end = 0
    for m in mentions:
        assert text[m.start:m.end] == m.text
        assert m.start >= last_end
        assert m.kind in KINDS
        assert m.approx is None or m.approx in APPROXIMATIONS
        assert m.high is None or m.high > m.value
        last_end = m.end


_ZH_ALPHABET = st.sampled_from(list("零〇一二三四五六七八九两十百千万亿第个年月日元家%点多余约近超以上下左右之分0123456789.,-至大统会")
                               + ["百分之", "两会", "一体", " ", "G", "C"])


@settings(max_examples=80, deadline=None)
@given(st.one_of(st.text(max_size=40), st.lists(_ZH_ALPHABET, max_size=20).map("".join)))
def test_zh_parser_never_crashes(text):
    _well_formed(text, parse_zh_numbers(text))


_EN_ALPHABET = st.sampled_from(["one", "two", "hundred", "thousand", "million", "a", "dozen", "first", "second",
                                "of", "the", "to", "and", "between", "about", "over", "%", "percent", "-", " ",
                                ",", ".", "$", "5", "19", "2024", "1,000", "3.5", "th", "G", "January"])


@settings(max_examples=80, deadline=None)
@given(st.one_of(st.text(max_size=40), st.lists(_EN_ALPHABET, max_size=20).map(" ".join),
                 st.lists(_EN_ALPHABET, max_size=20).map("".join)))
def test_en_parser_never_crashes(text):
    _well_formed(text, parse_en_numbers(text))


_ZH_DIGIT_CHARS = "零一二三四五六七八九"


def _zh_section(n: int) -> str:
    """0 < n < 10000 in Chinese numerals, inner zeros as 零 (一千零五, 一百一十)."""
    out, zero = "", False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = n // value % 10
        if digit == 0:
            zero = bool(out)
            continue
        if zero:
            out += "零"
            zero = False
        out += _ZH_DIGIT_CHARS[digit] + unit
    return out


def to_zh_numeral(n: int) -> str:
    """0 < n < 10**12 in Chinese numerals; 十 for 10-19 at the head (十三, not 一十三)."""
    parts = []
    for scale, unit in ((10 ** 8, "亿"), (10 ** 4, "万"), (1, "")):
        section = n // scale % 10 ** 4
        if section:
            if parts and section < 1000:
                parts.append("零")
            parts.append(_zh_section(section) + unit)
        elif parts and parts[-1] != "零" and n % scale:
            parts.append("零")
    text = "".join(parts)
    return text[1:] if text.startswith("一十") else text


@settings(max_examples=50, deadline=None)
@given(st.integers(min_value=1, max_value=10 ** 12 - 1))
def test_zh_numeral_round_trip(n):
    numeral = to_zh_numeral(n)
    assert zh_numeral_value(numeral) == n
    m = _only(parse_zh_numbers(f"共{numeral}元。"))
    assert (m.value, m.kind, m.unit) == (n, "cardinal", "元")


@settings(max_examples=50, deadline=None)
@given(st.integers(min_value=1, max_value=9999), st.integers(min_value=1, max_value=9999))
def test_zh_yi_wan_round_trip(yi, wan):
    m = _only(parse_zh_numbers(f"投资{yi}亿{wan}万元"))
    assert m.value == pytest.approx(yi * 10 ** 8 + wan * 10 ** 4)
    assert _only(parse_zh_numbers(f"{wan}万")).value == pytest.approx(wan * 10 ** 4)


@settings(max_examples=50, deadline=None)
@given(st.integers(min_value=1, max_value=99999), st.integers(min_value=0, max_value=99))
def test_zh_decimal_scale_round_trip(whole, cents):
    m = _only(parse_zh_numbers(f"达到{whole}.{cents:02d}亿元"))
    assert m.value == pytest.approx((whole + cents / 100) * 10 ** 8)


@settings(max_examples=50, deadline=None)
@given(st.integers(min_value=0, max_value=10 ** 12))
def test_en_separated_integer_round_trip(n):
    m = _only(parse_en_numbers(f"They reported {n:,} units."))
    assert m.value == n


@settings(max_examples=50, deadline=None)
@given(st.integers(min_value=1, max_value=9999), st.integers(min_value=0, max_value=99),
       st.sampled_from([("million", 10 ** 6), ("billion", 10 ** 9), ("trillion", 10 ** 12)]))
def test_en_scaled_decimal_round_trip(whole, cents, scale):
    word, factor = scale
    m = _only(parse_en_numbers(f"worth {whole}.{cents:02d} {word} yuan"))
    assert m.value == pytest.approx((whole + cents / 100) * factor)
    assert m.unit == "yuan"


_EN_SMALL = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen " \
            "sixteen seventeen eighteen nineteen".split()
_EN_TENS_WORDS = "twenty thirty forty fifty sixty seventy eighty ninety".split()


def _en_below_thousand(n: int) -> str:
    words = []
    if n >= 100:
        words.append(f"{_EN_SMALL[n // 100]} hundred")
        n %= 100
        if n:
            words.append("and")
    if n >= 20:
        words.append(_EN_TENS_WORDS[n // 10 - 2] + (f"-{_EN_SMALL[n % 10]}" if n % 10 else ""))
    elif n:
        words.append(_EN_SMALL[n])
    return " ".join(words)


def to_en_words(n: int) -> str:
    """0 < n < 10**9 in English words (one hundred and five thousand, twenty-one)."""
    parts = []
    for scale, word in ((10 ** 6, " million"), (10 ** 3, " thousand"), (1, "")):
        chunk = n // scale % 1000
        if chunk:
            parts.append(_en_below_thousand(chunk) + word)
    return " ".join(parts)


@settings(max_examples=50, deadline=None)
@given(st.integers(min_value=2, max_value=10 ** 9 - 1))
def test_en_words_round_trip(n):
    assert _only(parse_en_numbers(f"They built {to_en_words(n)} plants.")).value == n


@settings(max_examples=50, deadline=None)
@given(st.floats(min_value=0.01, max_value=1e13, allow_nan=False), st.sampled_from([None, "about", "over"]))
def test_values_match_is_reflexive_and_symmetric(value, approx):
    a = NumberMention(0, 1, "x", value, "cardinal", approx)
    b = NumberMention(0, 1, "y", value * (1 + 1e-9), "cardinal")
    assert values_match(a, a)
    assert values_match(a, b) and values_match(b, a)
