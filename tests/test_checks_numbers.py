"""The numbers check: values compared, not strings; traps that must not be flagged."""

from __future__ import annotations

import pytest

from checks_util import fails, flags, passes

# (Chinese, English): every number found by value on the other side.
PASSES = [
    ("力争招商引资到位资金658亿元。", "We will strive to attract 65.8 billion yuan of investment."),
    ("增长20%以上。", "An increase of more than 20%."),
    ("净增高新技术企业3500家以上。", "A net increase of more than 3,500 high-tech enterprises."),
    ("科技领军企业10家左右。", "About 10 technology leaders."),
    ("产值达到1800亿元。", "Output reached 180 billion yuan."),
    ("完成年度投资1万亿元以上。", "Annual investment of more than 1 trillion yuan."),
    ("新能源汽车产量达到40万辆以上。", "The output of new energy vehicles reached more than 400,000."),
    ("分别突破8500家和6万家。", "Exceed 8,500 and 60,000 respectively."),
    ("实施100项重大科技创新项目。", "Implement 100 major scientific and technological innovation projects."),
    ("比重达到14%。", "Accounting for 14% of GDP."),
    ("在第十四届人民代表大会第二次会议上。", "At the second session of the 14th People's Congress."),
    ("近2000家企业。", "Nearly 2,000 enterprises."),
    ("3至5年内完成。", "To be completed within 3 to 5 years."),
    ("百分之二十的企业。", "Twenty percent of enterprises."),
    ("推动15个省级未来产业集群加快壮大。", "Fifteen provincial future industry clusters will grow faster."),
    # traps: these must not be flagged
    ("全国两会将于北京召开。", "The National Two Sessions will open in Beijing."),
    ("两岸关系和平发展。", "Peaceful development of relations across both sides of the Strait."),
    ("聚焦“两芯一生态”。", "Focus on the \"two cores and one ecology\"."),
    ("推进一体化发展。", "Promote integrated development."),
    ("统一大市场建设。", "Building a unified national market."),
    ("进一步优化营商环境。", "Further optimise the business environment."),
    ("一带一路建设。", "Belt and Road construction."),
    ("坚持第一生产力。", "Uphold the first productive force."),
    ("办好首届长春国际光博会。", "Run the first Changchun International Light Expo."),
    ("推动“双倍增”行动。", "Promote the \"double doubling\" action."),
    ("总结2024工作。", "Review the work of 2024."),
    ("2024年重点工作。", "Key work in 2024."),
    ("打造三大科创高地。", "Build three major innovation highlands."),
    ("落实“十四五”规划。", "Implement the 14th Five-Year Plan."),
    ("十几家企业参与。", "A dozen companies took part."),
    ("数十家企业参与。", "Dozens of companies took part."),
    ("打造百亿级产业集群。", "Build 10 billion industrial clusters."),
    ("加快建设京东方第8.6代生产线。", "Accelerate the BOE 8.6th-generation production line."),
    ("5g基站建设。", "Construction of 5G base stations."),
    ("万一出现问题。", "If by any chance a problem arises."),
    ("千方百计稳就业。", "Make every effort to stabilise employment."),
    ("十分重要。", "Very important."),
    ("一批重大项目。", "A number of major projects."),
    ("这是其中之一。", "This is one of them."),
    ("第一，加强创新。", "First, strengthen innovation."),
    ("推动两化融合。", "Promote the integration of the two."),
    # 从A增加到B is two values: "from A to B" after a verb of change is not a range
    ("企业数量从1.2万家增加到2.1万家。", "The number of enterprises increased from 12,000 to 21,000."),
    ("研发经费投入强度从2.35%提高到2.68%。", "R&D intensity has risen from 2.35% to 2.68%."),
    ("成交额从860亿元增长到1350亿元。", "Turnover grew from 86 billion yuan to 135 billion yuan."),
    ("3至5年内完成。", "To be completed in from three to five years."),
    ("增长5.2%。", "A 5.2-percent increase."),
    ("推进第十四个五年规划确定的重大工程。", "Advance the major projects set out in the 14th Five-Year Plan."),
    ("增长5.2%，比上年加快0.2个百分点。", "Up 5.2%, 0.2 percentage points faster than the year before."),
    ("十年来，我省成为一个重要增长极。", "Over the past decade, the province has become one important growth pole."),
    # "points" after a rate is the usual shorthand for percentage points
    ("增长5.2%，比上年加快0.2个百分点。", "Up 5.2%, 0.2 points faster than the year before."),
    ("增速回落0.2个百分点。", "Growth slowed by 0.2 point."),
    ("增速回落0.2个百分点。", "A 0.2-point slowdown."),
    ("增速回落0.2个百分点。", "A 0.2-percentage-point slowdown."),
    ("提出五点主张。", "Put forward a five-point proposal."),
    # a period of the year: "first" is no ordinal of the Chinese
    ("前三季度增长5.2%。", "In the first three quarters, growth was 5.2%."),
    ("前两个月增长5.2%。", "In the first two months, growth was 5.2%."),
    ("前10个月增长5.2%。", "In the first 10 months, growth was 5.2%."),
    ("上半年增长5.2%。", "In the first half of the year, growth was 5.2%."),
    ("下半年增长5.2%。", "In the second half, growth was 5.2%."),
    # spans of years
    ("过去五年，经济增长5.2%。", "In the past five years, the economy grew 5.2%."),
    ("过去一年，经济增长5.2%。", "Over the past year, the economy grew 5.2%."),
    ("同比增长5.2%。", "Up 5.2% year-on-year."),
    ("实施两年行动计划。", "Implement a two-year action plan."),
    ("二十年来增长5.2%。", "Over the past two decades growth was 5.2%."),
    ("改革开放四十多年来。", "In more than four decades of reform and opening up."),
    ("改革开放四十多年来。", "Over the past 40-plus years of reform and opening up."),
    ("上半年增长5.2%。", "In the first six months, growth was 5.2%."),
    ("半年内完成。", "To be completed within six months."),
    ("一年内完成。", "Complete it within 12 months."),
    ("建党100周年。", "The centenary of the founding of the Party."),
    # verbs of passing a mark are "over" on both sides
    ("规模突破1000亿元。", "The scale exceeded 100 billion yuan."),
    ("规模超过1000亿元。", "The scale exceeded 100 billion yuan."),
    ("规模超过1000亿元。", "The scale surpassed 100 billion yuan."),
    ("规模超过1000亿元。", "The scale topped 100 billion yuan."),
    ("规模突破1000亿元。", "The scale broke through 100 billion yuan."),
    ("规模突破1000亿元。", "The scale was more than 100 billion yuan."),
    # magnitudes, round heads, shares and multiples
    ("近千家企业参与。", "Nearly a thousand companies took part."),
    ("近千家企业参与。", "Nearly 1,000 companies took part."),
    ("吸引十几万人。", "It attracted over 100,000 people."),
    ("吸引十几万人。", "It attracted more than 100,000 people."),
    ("吸引十几万人。", "It attracted 100,000-odd people."),
    ("数十家企业参与。", "Scores of companies took part."),
    ("数十家企业参与。", "More than 30 companies took part."),
    ("数百家企业参与。", "Hundreds of companies took part."),
    ("上百家企业参与。", "Hundreds of companies took part."),
    ("上百家企业参与。", "More than 100 companies took part."),
    ("几十年来，经济快速发展。", "Over the decades, the economy grew fast."),
    ("占全省三分之一。", "It accounts for one third of the province."),
    ("占全省三分之一。", "It accounts for a third of the province."),
    ("占全省三分之一。", "It accounts for 1/3 of the province."),
    ("占全省三分之一。", "It accounts for 33% of the province."),
    ("占全省五分之二。", "It accounts for two-fifths of the province."),
    ("占全省五分之二。", "It accounts for 40% of the province."),
    ("占全省二分之一。", "It accounts for half of the province."),
    ("收入翻一番。", "Income doubled."),
    ("收入翻一番。", "Income will be twice as high."),
    ("收入翻两番。", "Income quadrupled."),
    ("收入增长两倍。", "Income tripled."),
    ("收入增长两倍。", "Income doubled."),
    ("收入成倍增长。", "Income multiplied."),
    ("收入成倍增长。", "Income doubled."),
    ("加倍努力。", "Redouble efforts and double down."),
    ("实现两位数增长。", "Achieve double-digit growth."),
    # the direction of a change, where both sides attach it to the number
    ("出口同比下降3.2%。", "Exports fell 3.2 percent year on year."),
    ("出口同比下降3.2%。", "Exports were down 3.2% year on year."),
    ("出口同比下降3.2%。", "A 3.2% year-on-year decrease in exports."),
    ("出口同比下降3.2%。", "Exports fell by 3.2%."),
    ("增速回落0.2个百分点。", "Growth was 0.2 percentage points lower."),
    ("增速回落0.2个百分点。", "Growth slowed by 0.2 points."),
    ("比上年增长5.2%。", "Up 5.2% from a year earlier."),
    ("失业率降至5%。", "The unemployment rate fell to 5%."),
    ("失业率降至5%。", "The unemployment rate fell by 5%."),  # level against change: not compared
    ("经济增长5.2%。", "Growth slowed to 5.2%."),
    ("出口增长-3.2%。", "Exports fell 3.2%."),
    ("出口下降3.2%。", "Exports saw negative growth of 3.2%."),
    ("研发投入强度从2.35%提高到2.68%。", "R&D intensity rose from 2.35% to 2.68%."),
    ("出口下降5%，进口增长5%。", "Imports rose 5% while exports fell 5%."),
    ("设立3支基金。", "Set up 3 funds."),
    # the 2024 government work report and its official English: 斤 rendered in tonnes
    ("粮食产量13908亿斤。", "Grain output reached 695.41 million metric tons."),
    ("粮食产量1.3万亿斤以上。", "Grain output of over 650 million metric tons."),
    ("建设高标准农田4500万亩。", "Build 3 million hectares of high-standard cropland."),
    ("2023年全年国内生产总值1260582亿元。", "China's GDP in 2023 was 126.06 trillion yuan."),
    ("今年是中华人民共和国成立75周年。", "This year marks the 75th anniversary of the founding of the PRC."),
    ("长江存储推出232层3D NAND闪存。", "YMTC has launched 232-layer 3D NAND flash memory."),
]

# (Chinese, English, severity, text the message must contain)
# official releases: basis points, 约 on a verb, 成 as tenths, 千瓦 as the unit after 亿
PASSES += [
    ("此次下调后，5年期以上LPR累计下降0.35个百分点。",
     "Following this cut, the over-five-year LPR has fallen by a cumulative 35 basis points."),
    ("1年期LPR为3.1%，较上月下调25个基点。", "The one-year LPR stood at 3.1 percent, cut by 0.25 percentage points."),
    ("加权平均存款准备金率约为6.6%。", "The weighted average reserve requirement ratio will be about 6.6 percent."),
    ("研发投入达到1647亿元，约占全年收入的23.4%。",
     "R&D investment reached 164.7 billion yuan, about 23.4 percent of its annual revenue."),
    ("数字经济占GDP比重超过四成。", "The digital economy accounts for more than 40 percent of GDP."),
    ("近三成企业开展数字化转型。", "Nearly 30 percent of enterprises have undertaken digital transformation."),
    ("可再生能源发电装机已超过15亿千瓦。", "Installed renewable capacity has exceeded 1.5 billion kilowatts."),
]

# industry and technology news: power in GW and TWh, computing power in EFLOPS, ternary batteries,
# "the MIIT and six other departments"
PASSES += [
    ("风电装机容量达到1200万千瓦。", "Installed wind power capacity reached 12 GW."),
    ("新增装机2.6万兆瓦。", "New installed capacity came to 26 gigawatts."),
    ("全年发电量94564亿千瓦时。", "Power generation for the year was 9,456.4 TWh."),
    ("算力总规模达到每秒230百亿亿次浮点运算。", "Total computing power reached 230 EFLOPS."),
    ("算力规模超过300EFLOPS。", "Computing power will exceed 300 EFLOPS."),
    ("三元电池装车量12.3GWh。", "Ternary batteries accounted for 12.3 GWh."),
    ("每股派发现金红利三元。", "A cash dividend of three yuan per share."),
    ("工业和信息化部等七部门联合印发计划。", "The MIIT and six other departments jointly issued the plan."),
    ("销量同比增长66.5%，环比增长15.6%。", "Sales rose 66.5 percent year on year and 15.6 percent month on month."),
    ("收入环比增长8.6%，同比增长21.8%。", "Revenue rose 8.6 percent quarter on quarter and 21.8 percent from a year earlier."),
    ("毛利率环比下降0.3个百分点。", "Gross margin was down 0.3 percentage points from the previous quarter."),
    ("净利润比上年同期增长12%。", "Net profit rose 12 percent over the same period last year."),
    ("销量同比增长66.5%，环比增长15.6%。",
     "Sales rose 66.5% and 15.6% year on year and month on month respectively."),
    ("公司净利润同比增长1.2倍。", "Net profit rose 120 percent year on year."),
    ("收入翻一番。", "Income rose 100 percent."),
    ("出口额是去年的3倍。", "Exports were 300 percent of last year's."),
    ("麒麟电池能量密度达255Wh/kg。", "The energy density of the Qilin battery reaches 255 Wh/kg."),
]

FAILS = [
    ("5年期以上LPR累计下降0.35个百分点。", "The over-five-year LPR has fallen by a cumulative 25 basis points.",
     "major", "0.35个百分点 = 0.35 percentage points; the English says 25 basis points"),
    ("均较上月下调25个基点。", "Both 25 basis points higher than the previous month.", "major",
     "25个基点 goes down in the Chinese; the English says “higher” 25 basis points"),
    ("存款准备金率上调0.5个百分点。", "The reserve requirement ratio was lowered by 0.5 percentage points.",
     "major", "goes up in the Chinese"),
    ("1年期LPR较上月下调25个基点。", "The one-year LPR was cut by 25 percent.", "major",
     "25个基点 = 25 basis points; the English says 25%"),
    ("数字经济占GDP比重超过四成。", "The digital economy accounts for more than 14 percent of GDP.", "major",
     "超过四成 = over 40%"),
    ("增速比上年回落0.2个百分点。", "Growth was 0.2% lower than the year before.", "major",
     "0.2个百分点 = 0.2 percentage points; the English says 0.2%: percentage points and percent differ"),
    ("同比增长0.2%。", "Up 0.2 percentage points year on year.", "major", "percentage points and percent differ"),
    ("同比增长0.2%。", "Up 0.2 points year on year.", "major", "0.2%; the English says 0.2 points"),
    ("增速回落0.2个百分点。", "Growth slowed by 0.3 points.", "major",
     "0.2 percentage points; the English says 0.3 points"),
    ("企业数量从1.2万家增加到2.1万家。", "The number of enterprises increased from 12,000 to 12,100.", "major",
     "2.1万家 = 21,000; the English says 12,100"),
    ("力争用3至5年时间，规模突破2万亿元。", "Exceed 2 trillion yuan within five to eight years.", "major",
     "3至5年 = 3–5; the English says 5–8"),  # "trillion" is no 3, "billion" no 2
    ("推进第十四个五年规划，十年来成为一个增长极。", "Advance the 13th Five-Year Plan; in a decade, one pole.", "major",
     "第十四个 = 14th; the English says 13th"),
    ("力争招商引资到位资金658亿元。", "We will strive to attract 658 billion yuan of investment.", "major",
     "658亿元 = 65.8 billion; the English says 658 billion"),
    ("产值达到1800亿元。", "Output reached 1.8 billion yuan.", "major", "180 billion"),
    ("增长20%以上。", "An increase of more than 2%.", "major", "the English says over 2%"),
    ("净增高新技术企业3500家以上。", "A net increase of more than 5,300 high-tech enterprises.", "major", "3,500"),
    ("实施100项重大科技创新项目。", "Implement major scientific and technological innovation projects.", "major",
     "not in the English"),
    ("比重达到14%。", "Accounting for a large share of GDP.", "major", "14%"),
    ("科技领军企业10家左右。", "10 technology leaders.", "minor", "approximation is lost"),
    ("新增规上工业企业200家。", "Added about 200 industrial enterprises.", "minor", "adds"),
    ("近2000家企业。", "More than 2,000 enterprises.", "minor", "approximation differs"),
    ("3至5年内完成。", "To be completed within 5 years.", "minor", "range"),
    ("新增规上工业企业200家。", "Added 200 industrial enterprises and 15 giants.", "minor", "not in the Chinese"),
    ("推动17条产业链建设。", "Promote the construction of 71 industrial chains.", "major", "17"),
    ("新培育10个左右省级新兴产业集群。", "Around 100 provincial emerging clusters will be cultivated.", "major",
     "factor of 10"),
    ("年均增长8%。", "Average annual growth of 18%.", "major", "8%"),
    ("在第十四届人民代表大会上。", "At the 13th People's Congress.", "major", "14th"),
    ("投资1000万元。", "Investment of 1 billion yuan.", "major", "10 million"),
    ("建成5000个基站。", "Build 500 base stations.", "major", "5,000"),
    ("投资超过4000亿元。", "Investment of more than 40 billion yuan.", "major", "400 billion"),
    ("推进8个重点专项。", "Promote key projects.", "minor", "not in the English"),
    ("数字化改造覆盖率达85%。", "Coverage of digital transformation reached 58%.", "major", "85%"),
    ("第二批10家企业。", "The first 10 companies.", "major", "2nd; the English says 1st"),
    ("二十年来增长5.2%。", "Over the past three decades growth was 5.2%.", "major", "二十年 = 20; the English says 30"),
    ("半年内完成。", "To be completed within five months.", "minor", "five months"),
    ("规模达1000亿元。", "The scale exceeded 100 billion yuan.", "minor", "the English adds"),
    ("规模突破1000亿元。", "The scale reached 100 billion yuan.", "minor", "approximation is lost"),
    ("近千家企业参与。", "Nearly 100 companies took part.", "major", "近千家 = nearly 1,000"),
    ("近千家企业参与。", "About 1,000 companies took part.", "minor", "approximation differs"),
    ("吸引十几万人。", "It attracted more than 10,000 people.", "major", "十几万人 = 100,000–200,000"),
    ("数十家企业参与。", "Hundreds of companies took part.", "major", "数十家 = 10–100"),
    ("数百家企业参与。", "Dozens of companies took part.", "major", "数百家 = 100–1,000"),
    ("数十家企业参与。", "Companies took part.", "minor", "数十家 = 10–100 is not in the English"),
    ("占全省三分之一。", "It accounts for one quarter of the province.", "major",
     "三分之一 = 33.3%; the English says 25%"),
    ("占全省五分之二。", "It accounts for a third of the province.", "major", "五分之二 = 40%"),
    ("收入翻一番。", "Income tripled.", "major", "翻一番 = 2 times; the English says 3 times"),
    ("收入翻两番。", "Income doubled.", "major", "翻两番 = 4 times; the English says 2 times"),
    ("收入增长两倍。", "Income quadrupled.", "major", "两倍 = 2–3 times; the English says 4 times"),
    ("收入翻一番。", "Income rose.", "major", "翻一番 = 2 times is not in the English"),
    ("出口同比下降3.2%。", "Exports rose 3.2 percent year on year.", "major",
     "3.2% goes down in the Chinese; the English says “rose” 3.2 percent"),
    ("出口同比下降3.2%。", "Exports were up 3.2% year on year.", "major", "“up”"),
    ("出口同比下降3.2%。", "A 3.2% increase in exports.", "major", "“increase”"),
    ("出口同比增长3.2%。", "Exports decreased by 3.2%.", "major", "3.2% goes up in the Chinese"),
    ("增速回落0.2个百分点。", "Growth was 0.2 percentage points higher.", "major", "“higher”"),
    ("单位GDP能耗降低2.5%。", "Energy consumption per unit of GDP will increase by 2.5%.", "major", "goes down"),
    ("失业率降至5%。", "The unemployment rate rose to 5%.", "major", "“rose”"),
    ("减少5家。", "There were 5 more companies.", "major", "“more”"),
    ("粮食产量13908亿斤。", "Grain output reached 695.41 million jin.", "major", "the English says 695.41 million"),
    ("粮食产量1.3万亿斤以上。", "Grain output of over 1.3 million metric tons.", "major", "1.3万亿斤"),
    ("国内生产总值增长5.2%。", "GDP grew 5 percent.", "major", "5.2%"),
    ("今年是中华人民共和国成立75周年。", "This year marks the 57th anniversary of the founding of the PRC.", "major",
     "75周年 = 75 is not in the English"),
    ("风电装机容量达到1200万千瓦。", "Installed wind power capacity reached 120 GW.", "major", "factor of 10)"),
    ("算力总规模达到每秒230百亿亿次浮点运算。", "Total computing power reached 23 EFLOPS.", "major", "factor of 10)"),
    ("每股派发现金红利三元。", "A cash dividend of two yuan per share.", "major", "三元 = 3"),
    ("工业和信息化部等七部门联合印发计划。", "The MIIT and five other departments jointly issued the plan.", "major",
     "七部 = 7"),
    ("销量同比增长66.5%，环比增长15.6%。", "Sales rose 66.5 percent year on year and 15.6 percent year on year.",
     "major", "15.6% is a change on the previous month or quarter in the Chinese; the English says 15.6 percent “year on year”"),
    ("收入环比增长8.6%，同比增长21.8%。", "Revenue rose 8.6 percent year on year and 21.8 percent quarter on quarter.",
     "major", "21.8% is a change year on year"),
    ("毛利率环比下降0.3个百分点。", "Gross margin was down 0.3 percentage points from a year earlier.", "major",
     "“from a year earlier”"),
    ("公司净利润同比增长1.2倍。", "Net profit rose 12 percent year on year.", "minor", "1.2倍 = 1.2–2.2 times"),
    ("收入翻一番。", "Income rose 300 percent.", "major", "翻一番 = 2 times is not in the English"),
    ("麒麟电池能量密度达255Wh/kg。", "The energy density of the Qilin battery reaches 225 Wh/kg.", "major",
     "255Wh = 255; the English says 225"),
]


@pytest.mark.parametrize("zh, en", PASSES)
def test_passes(zh, en):
    assert passes("numbers", zh, en), flags("numbers", zh, en)


@pytest.mark.parametrize("zh, en, severity, contains", FAILS)
def test_fails(zh, en, severity, contains):
    assert fails("numbers", zh, en, severity=severity, contains=contains), flags("numbers", zh, en)


def test_flag_spans_point_at_the_numbers():
    (f,) = flags("numbers", "力争招商引资到位资金658亿元。", "We will strive to attract 658 billion yuan of investment.")
    assert f.zh.text == "658亿元" and f.en.text.startswith("658 billion")
    assert f.suggestion == "65.8 billion"


def test_numbers_inside_an_omitted_sentence_are_left_to_the_omissions_check():
    zh = "何为新质生产力？中共中央总书记习近平作出阐释，新质生产力是创新起主导作用，摆脱传统经济增长方式，具有高科技、高效能、高质量特征，增长20%以上的先进生产力质态。"
    en = "What is new quality productivity?"
    assert passes("numbers", zh, en)


def test_no_english_no_number_flags():
    assert flags("numbers", ["投资658亿元。"], [""]) == ()
