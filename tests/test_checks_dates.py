"""The dates check: year, month, day and period compared; the year of 1月23日 comes from the document."""

from __future__ import annotations

import pytest

from checks_util import fails, flags, passes

YEAR = "2024年重点工作安排如下。"  # a paragraph that gives the document its year
KEY = "The key work for 2024 is as follows."

# (Chinese paragraphs, English paragraphs): nothing to flag.
PASSES = [
    (["1—11月份，全国规模以上工业企业实现利润总额66144.1亿元，同比下降4.4%，降幅比1—10月份收窄3.4个百分点。"],
     ["In the first 11 months, the total profits of industrial enterprises above designated size reached 6.61441 "
      "trillion yuan, down 4.4 percent year on year, a decline 3.4 percentage points narrower than in January-October."]),
    (["2023年1-10月，出口增长。"], ["From January to October 2023, exports grew."]),
    (["2024年1月21日,北京市市长殷勇作政府工作报告。"], ["On January 21, 2024, Mayor Yin Yong of Beijing delivered the report."]),
    (["2024年1月23日,在江苏省会议上。"], ["On January 23, 2024, at the Jiangsu session."]),
    ([YEAR, "1月23日,广东省省长作报告。"], [KEY, "On January 23, the governor of Guangdong delivered the report."]),
    ([YEAR, "1月23日,广东省省长作报告。"], [KEY, "On Jan. 23, 2024, the governor delivered the report."]),
    ([YEAR, "1月23日,广东省省长作报告。"], [KEY, "On 23 January 2024 the governor delivered the report."]),
    (["全国两会将于3月5日在北京召开。"], ["The Two Sessions will open in Beijing on March 5."]),
    (["2024年1月6日,大连市会议召开。"], ["On January 6, 2024, the Dalian session opened."]),
    (["到2025年底完成。"], ["To be completed by the end of 2025."]),
    (["2024年上半年增长5%。"], ["Growth of 5% in the first half of 2024."]),
    (["宁德时代发布2024年第三季度业绩"], ["CATL Releases Third-Quarter 2024 Results"]),
    (["宁德时代2024年第三季度营收增长。"], ["CATL's third-quarter revenue grew in 2024."]),
    (["宁德时代2024年上半年营收增长。"], ["CATL's first-half 2024 revenue grew."]),
    (["2023年12月26日发布。"], ["Released on December 26, 2023."]),
    (["二〇二三年十二月二十六日发布。"], ["Released on 26 December 2023."]),
    (["2024-01-31发布。"], ["Released on January 31, 2024."]),
    (["1月17日,宁波市会议隆重开幕。"], ["On January 17, the Ningbo session opened."]),
    # traps: numbers, not dates, or dates only one side spells out
    (["全市共有21个项目。"], ["There are 21 projects in the city."]),
    (["净增企业5000家。"], ["A net increase of 5,000 enterprises."]),
    (["2024年重点工作。"], ["Key work in 2024."]),
    (["总结2023工作。"], ["Review the work of 2023."]),
    (["工作用时3天。"], ["The work took 3 days."]),
    (["完成12项任务。"], ["Complete 12 tasks."]),
    (["五月花项目建设。"], ["Construction of the Mayflower project."]),
    (["可以推进。"], ["It may be promoted."]),
    (["实施“三年行动计划”。"], ["Implement the three-year action plan."]),
    (["近日,报告公布。"], ["Recently, the report was released."]),
    (["增长10%。"], ["Growth of 10% in March."]),
    (["第一季度增长。"], ["Growth in the first quarter."]),
    (["2024年1月21日召开会议。"], ["The meeting was held on 21st January 2024."]),
    ([YEAR, "1月22日,四川省会议。"], [KEY, "On January 22, the Sichuan session."]),
    (["第十四届人民代表大会第二次会议。"], ["The second session of the 14th People's Congress."]),
    (["争取2030年实现。"], ["Strive to achieve it by 2030."]),
    (["发布了2000个标准。"], ["Released 2000 standards."]),
    (["今年1月23日开幕。"], ["It opened on January 23."]),
    (["年底前完成。"], ["To be completed before the end of the year."]),
    (["11月11日活动。"], ["The November 11 event."]),
    (["3月1日起施行。"], ["Effective from March 1."]),
    (["12月1日起施行。"], ["Effective from 1 December."]),
    # relative English years count from the document year and pair with the Chinese date they render
    ([YEAR, "2024年底前完成改造，2025年6月投入使用。"],
     [KEY, "The renovation will be completed by the end of this year and in use in June 2025."]),
    ([YEAR, "2024年底前完成改造，2025年6月投入使用。"],
     [KEY, "The renovation will be completed by the end of the year and in use in June 2025."]),
    ([YEAR, "今年上半年增长5%。"], [KEY, "Growth of 5% in the first half of this year."]),
    ([YEAR, "去年底完成改造。"], [KEY, "The renovation was completed at the end of last year."]),
    (["截至2024年9月末，5G基站总数比上年末净增71.2万个。"],
     ["By the end of September 2024, the number of 5G base stations had grown by 712,000 from the end of last year."]),
    # a weekday that falls on the date renders it (November 20, 2024 is a Wednesday)
    ([YEAR, "11月20日，国家发展改革委召开新闻发布会。"], [KEY, "The NDRC held a press conference on Wednesday."]),
    ([YEAR, "11月20日，国家发展改革委召开新闻发布会。"],
     [KEY, "The NDRC held a press conference on Wednesday, November 20."]),
    (["2024年11月20日（星期三），国家发展改革委召开新闻发布会。"], ["On Wednesday, the NDRC held a press conference."]),
    ([YEAR, "2023年第四季度增长5%。"], [KEY, "Growth of 5% in the fourth quarter of last year."]),
    ([YEAR, "今年年初启动。"], [KEY, "It was launched early this year."]),
    ([YEAR, "今年以来,一季度增长5%。"], [KEY, "Since the beginning of this year, growth in Q1 was 5%."]),
    ([YEAR, "今年以来,一季度增长5%。"], [KEY, "Since the beginning of this year, growth in the first quarter was 5%."]),
    ([YEAR, "2024年底建成,2025年上半年投用。"],
     [KEY, "It will be built by the end of this year and enter service in the first half of next year."]),
    # quarters and halves without a year
    (["上半年增长5%。"], ["Growth of 5% in the first half."]),
    ([YEAR, "上半年增长5%。"], [KEY, "Growth of 5% in the first half."]),
    (["2023年上半年增长5%。"], ["Growth of 5% in the first half."]),
    (["二季度增长5%。"], ["Growth of 5% in the second quarter."]),
    (["前三季度增长5%。"], ["Growth of 5% in the first three quarters."]),
    (["下半年继续推进。"], ["Work will go on in the second half of the year."]),
    (["第四季度回升。"], ["A rebound in Q4."]),
    (["年底前完成改造，上半年增长5%。"], ["Growth of 5% in the first half."]),
    # early, mid and late in a month
    (["3月上旬召开。"], ["It will be held in early March."]),
    (["3月初召开。"], ["It will be held in early March."]),
    (["3月中旬召开。"], ["It will be held in mid-March."]),
    (["3月下旬召开。"], ["It will be held in late March."]),
    (["3月底召开。"], ["It will be held in late March."]),
    (["3月底召开。"], ["It will be held by the end of March."]),
    (["2024年3月底召开。"], ["It will be held in late March 2024."]),
]

# (Chinese paragraphs, English paragraphs, severity, text the message must contain)
# a span of months against the period it is (1—9月 = the first three quarters, 上半年 = January-June)
PASSES += [
    (["1—9月平均，工业生产者出厂价格比上年同期下降2.0%。"],
     ["In the first three quarters, producer prices were down 2.0 percent on average from a year earlier."]),
    (["2024年上半年，出口增长。"], ["From January to June 2024, exports grew."]),
    (["1—9月，全国城镇新增就业1049万人。9月份，全国城镇调查失业率为5.1%。"],
     ["From January to September, 10.49 million new urban jobs were created nationwide. In September, the surveyed urban "
      "unemployment rate was 5.1 percent."]),
]

FAILS = [
    ([YEAR, "1月23日,在广东省第十四届人民代表大会第二次会议上,广东省省长王伟中作政府工作报告。"],
     [KEY, "Wang Weizhong, governor of Guangdong province, delivers a government work report, Jan. 23, 2019."],
     "major", "the year differs"),
    (["2024年1月21日,北京市会议。"], ["On January 12, 2024, the Beijing session."], "major", "day differs"),
    (["截至2024年9月末，5G基站总数比上年末净增71.2万个。"],
     ["By the end of September 2024, the number of 5G base stations had grown by 712,000 since the end of this year."],
     "major", "上年末 = the end of 2023 (year taken from the document); the English says the end of this year = the end "
     "of 2024 (year taken from the document): the year differs (last year in the Chinese, this year in the English)"),
    ([YEAR, "今年年底前建成。"], [KEY, "It will be built by the end of last year."], "major",
     "(this year in the Chinese, last year in the English)"),
    (["2024年11月20日，国家发展改革委召开新闻发布会。"], ["The NDRC held a press conference on Thursday."],
     "major", "2024年11月20日 = November 20, 2024, a Wednesday; the English says Thursday: the weekday differs"),
    ([YEAR, "11月20日，国家发展改革委召开新闻发布会。"],
     [KEY, "The NDRC held a press conference on Thursday, November 20."], "minor", "the weekday differs"),
    # a day is not rendered by a period of another sentence
    (["11月20日，国家发展改革委召开新闻发布会。发言人表示，今年以来，2024年1—10月新能源汽车产量达到977.9万辆。"],
     ["The National Development and Reform Commission held a press conference. The spokesperson said that since the "
      "beginning of this year, NEV output reached 9.779 million units from January to October 2024."],
     "minor", "11月20日 = November 20, 2024 (year taken from the document) is not in the English"),
    (["2024年1月21日,北京市会议。"], ["On February 21, 2024, the Beijing session."], "major", "month differs"),
    (["2024年1月21日,北京市会议。"], ["On January 21, 2023, the Beijing session."], "major", "year differs"),
    (["全国两会将于3月5日在北京召开。"], ["The Two Sessions will open in Beijing on March 15."], "major", "day"),
    (["全国两会将于3月5日在北京召开。"], ["The Two Sessions will open in Beijing on May 3."], "major", "March 5"),
    (["到2025年底完成。"], ["To be completed by the end of 2026."], "major", "year"),
    (["到2025年底完成。"], ["To be completed by the beginning of 2025."], "major", "period"),
    (["2024年上半年增长5%。"], ["Growth of 5% in the second half of 2024."], "major", "period"),
    (["2023年12月26日发布。"], ["Released on December 6, 2023."], "major", "day"),
    (["二〇二三年十二月二十六日发布。"], ["Released on 26 November 2023."], "major", "month"),
    ([YEAR, "1月23日,浙江省会议开幕。"], [KEY, "On January 23, 2023, the Zhejiang session opened."], "major",
     "year taken from the document"),
    (["2024年1月6日,大连市会议召开。"], ["On January 16, 2024, the Dalian session opened."], "major", "day"),
    (["1月17日,宁波市会议隆重开幕。"], ["On July 17, the Ningbo session opened."], "major", "month"),
    (["2024年1月10日,长春市会议开幕。"], ["The Changchun session opened."], "minor", "not in the English"),
    (["长春市会议开幕。"], ["On January 10, 2024, the Changchun session opened."], "minor", "not in the Chinese"),
    (["2024-01-31发布。"], ["Released on January 30, 2024."], "major", "day"),
    (["3月1日起施行。"], ["Effective from April 1."], "major", "month"),
    (["11月11日活动。"], ["The November 12 event."], "major", "day"),
    (["2024年1月22日,四川省会议。"], ["On 22 January 2014, the Sichuan session."], "major", "year"),
    ([YEAR, "今年上半年增长5%。"], [KEY, "Growth of 5% in the second half of this year."], "major", "period differs"),
    ([YEAR, "今年年初启动。"], [KEY, "It was launched late this year."], "major", "period differs"),
    (["上半年增长5%。"], ["Growth of 5% in the second half."], "major", "上半年 = the first half; the English says "
     "the second half: the period differs"),
    (["二季度增长5%。"], ["Growth of 5% in the third quarter."], "major", "period differs"),
    (["宁德时代2024年第三季度营收增长。"], ["CATL's second-quarter 2024 revenue grew."], "major",
     "2024年第三季度 = the third quarter of 2024; the English says second-quarter 2024: the period differs"),
    (["前三季度增长5%。"], ["Growth of 5% in the first half."], "major", "period differs"),
    (["2024年上半年增长5%。"], ["Growth of 5% in the second half."], "major", "period differs"),
    (["3月底召开。"], ["It will be held in early March."], "major", "3月底 = the end of March; the English says "
     "early March: the period differs"),
    (["3月上旬召开。"], ["It will be held in late March."], "major", "period differs"),
    (["3月中旬召开。"], ["It will be held in early March."], "major", "period differs"),
    (["3月初召开。"], ["It will be held in mid-March."], "major", "period differs"),
    (["3月下旬召开。"], ["It will be held in late April."], "major", "month differs"),
    (["1—11月份，利润下降4.4%。"], ["In the first 10 months, profits fell 4.4 percent."], "major",
     "1—11月份 = January-November"),
    (["2023年1-10月，出口增长。"], ["From January to October 2022, exports grew."], "major", "the year differs"),
    (["9月份，全国城镇调查失业率为5.1%。"], ["In August, the surveyed urban unemployment rate was 5.1 percent."], "major", "9月份 = September; the English says August: the month differs"),
    (["1—9月平均，工业生产者出厂价格下降2.0%。"], ["In the first half, producer prices were down 2.0 percent."],
     "major", "the period differs"),
]

# (Chinese, English, the severity of the one flag, text its message must contain): a year one year off a year
# taken from the document year is minor where a text written the year after (or before) the year it is mostly
# about explains it, major otherwise.
YEAR_GUESSES = [
    (["2024年全年GDP增长5.2%。", "1月17日,国家统计局发布数据。"],
     ["GDP grew 5.2% in 2024.", "On January 17, 2025, the bureau released the data."],
     "minor", "the year differs by one; the document year 2024 is inferred"),
    ([YEAR, "12月20日,召开部署会议。"], [KEY, "The meeting to plan it was held on December 20, 2023."],
     "minor", "the document year 2024 is inferred"),
    ([YEAR, "年底前完成改造。"], [KEY, "The renovation will be completed by the end of 2025."],
     "minor", "the document year 2024 is inferred"),
    ([YEAR, "2024年底前完成改造。"], [KEY, "The renovation was completed by the end of last year."],
     "minor", "the English says the end of last year = the end of 2023 (year taken from the document): the year"),
    ([YEAR, "2024年底前完成改造。"], [KEY, "The renovation will be completed by the end of next year."],
     "minor", "the document year 2024 is inferred"),
    ([YEAR, "1月23日,浙江省会议开幕。"], [KEY, "On January 23, 2023, the Zhejiang session opened."],
     "major", "the year differs"),
    ([YEAR, "12月20日,召开部署会议。"], [KEY, "The meeting was held on December 20, 2025."],
     "major", "the year differs"),
    (["2024年全年GDP增长5.2%。", "1月17日,国家统计局发布数据。"],
     ["GDP grew 5.2% in 2024.", "On January 17, 2026, the bureau released the data."],
     "major", "the year differs"),
    ([YEAR, "2021年底前完成改造。"], [KEY, "The renovation was completed by the end of last year."],
     "major", "the end of 2023 (year taken from the document): the year differs"),
    (FAILS[0][0], FAILS[0][1], "major", "the year differs"),
]


@pytest.mark.parametrize("zh, en", PASSES)
def test_passes(zh, en):
    assert passes("dates", zh, en), flags("dates", zh, en)


@pytest.mark.parametrize("zh, en, severity, contains", FAILS)
def test_fails(zh, en, severity, contains):
    assert fails("dates", zh, en, severity=severity, contains=contains), flags("dates", zh, en)


@pytest.mark.parametrize("zh, en, severity, contains", YEAR_GUESSES)
def test_year_taken_from_the_document_one_year_off(zh, en, severity, contains):
    (f,) = flags("dates", zh, en)
    assert f.severity == severity and contains in f.message, f


def test_seed_case_spans_and_suggestion():
    zh, en, _, _ = FAILS[0]
    (f,) = flags("dates", zh, en)
    assert (f.zh.text, f.en.text, f.suggestion) == ("1月23日", "Jan. 23, 2019", "January 23, 2024")
    assert "1月23日 = January 23, 2024" in f.message
