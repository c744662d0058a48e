"""The names check: person names in pinyin, places and organisations by glossary, dictionary or pinyin."""

from __future__ import annotations

import pytest

from aligner.checks.names import display_pinyin, romanisations
from checks_util import entry, fails, flags, glossary, passes

G = glossary(
    entry("宁德时代", "CATL|Contemporary Amperex Technology", "Ningde Times|Ningde Era", "company"),
    entry("华润微", "China Resources Microelectronics|CR Micro", "", "company"),
    entry("广东", "Guangdong", "", "place"),
)

PASSES = [
    ("广东省省长王伟中作政府工作报告。", "Wang Weizhong, governor of Guangdong province, delivered the report."),
    ("广东省省长王伟中作政府工作报告。", "Governor Weizhong Wang of Guangdong delivered the report."),
    ("广东省省长王伟中作政府工作报告。", "Governor Wang Wei-zhong of Guangdong delivered the report."),
    ("广东省省长王伟中作政府工作报告。", "Governor WANG Weizhong of Guangdong delivered the report."),
    ("广东省省长王伟中作政府工作报告。", "Governor Wang Wei Zhong of Guangdong delivered the report."),
    ("北京市市长殷勇作政府工作报告。", "Yin Yong, Mayor of Beijing, delivered a government work report."),
    ("省长王清宪作《政府工作报告》。", "Governor Wang Qingxian delivered the Government Work Report."),
    ("四川省省长黄强作政府工作报告。", "Huang Qiang, governor of Sichuan, delivered the report."),
    ("浙江省省长王浩作政府工作报告。", "Wang Hao, governor of Zhejiang Province, made the report."),
    ("市长王子联作政府工作报告。", "Mayor Wang Zilian made a government work report."),
    ("重庆市市长胡衡华作报告。", "Hu Henghua, Mayor of Chongqing, made a report."),
    ("曾培炎出席会议。", "Zeng Peiyan attended the meeting."),
    ("推动肇庆宁德时代一期项目。", "Promote the CATL Zhaoqing Phase I project."),
    ("推进华润微芯片项目。", "Promote the CR Micro chip project."),
    ("在合肥开幕。", "Opened in Hefei."),
    ("长沙市第十六届人民代表大会。", "The 16th People's Congress of Changsha."),
    ("支持济南、青岛打造先导区。", "Support Jinan and Qingdao in building pilot zones."),
    ("推进高水平科技自立自强。", "Promote high-level self-reliance in science and technology."),  # 高水平 is no name
    ("推进方正微项目。", "Promote the Founder Micro project."),  # 方正 is a word and a company, not a person
    ("广东省加快发展。", "Guangdong province will speed up development."),
    ("欧阳修是文学家。", "Ouyang Xiu was a writer."),
    # a title followed by a verb or preposition, not by a name
    ("省委书记在会上强调安全生产。", "The provincial Party secretary stressed work safety at the meeting."),
    ("省长主持会议。", "The governor presided over the meeting."),
    ("全国人大代表在主会场列席会议。", "NPC deputies attended at the main venue."),
    ("新闻发言人介绍说，今年将继续推进。", "A spokesperson said that work will continue this year."),
    # an English given name with the surname, or a title with it: at most an info
    ("宁德时代董事长曾毓群在发布会上表示。", "Robin Zeng, chairman of CATL, said at the launch."),
    ("华为轮值董事长徐直军出席活动。", "Eric Xu, Huawei's rotating chairman, attended the event."),
    ("广东省省长王伟中作政府工作报告。", "Governor Wang of Guangdong delivered the report."),
    ("今年是中华人民共和国成立75周年。", "This year marks the 75th anniversary of the founding of the People's Republic of China."),
    # names pinyin does not render, found by the English name CC-CEDICT gives them
    ("美国总统拜登会见法国总统马克龙。", "U.S. President Joe Biden met with French President Emmanuel Macron."),
    ("俄罗斯总统普京和梅德韦杰夫出席。", "Russian President Vladimir Putin and Dmitry Medvedev attended."),
    ("王毅会见拉夫罗夫。", "Wang Yi met with Sergey Lavrov."),
    ("坚持马克思主义。", "Uphold Marxism."),  # a word that names no person is passed over whole
    ("毛泽东思想。", "Mao Zedong Thought."),
]

# a country named by its adjective or its abbreviation
PASSES += [
    ("国家主席习近平同俄罗斯总统普京举行会谈。", "President Xi Jinping held talks with Russian President Vladimir Putin."),
    ("外交部长王毅在万象会见美国国务卿布林肯。", "Foreign Minister Wang Yi met with U.S. Secretary of State Antony Blinken in Vientiane."),
    ("国家主席习近平5月6日在巴黎同马克龙举行会谈。", "President Xi Jinping held talks with Emmanuel Macron in Paris on May 6."),
]

FAILS = [
    ("外交部长王毅7月25日在万象会见布林肯。", "Foreign Minister Wang Yang met Antony Blinken in Vientiane on July 25.",
     "major", "person name 王毅 (Wang Yi) is not in the English"),
    ("推动肇庆宁德时代一期项目。", "Promote the Zhaoqing Ningde Times Phase I project.", "major", "Ningde Times"),
    ("广东省省长王伟中作政府工作报告。", "The governor of Guangdong delivered the report.", "major", "Wang Weizhong"),
    ("广东省省长王伟中作政府工作报告。", "Governor Wang Weizong of Guangdong delivered the report.", "major", "Wang Weizong"),
    ("北京市市长殷勇作政府工作报告。", "The Mayor of Beijing delivered a report.", "major", "Yin Yong"),
    ("四川省省长黄强作政府工作报告。", "Governor Huang Jiang of Sichuan delivered the report.", "major", "Huang Qiang"),
    ("浙江省省长王浩作政府工作报告。", "The governor of Zhejiang Province made the report.", "major", "王浩"),
    ("市长王子联作政府工作报告。", "Mayor Wang Zilan made a government work report.", "major", "Wang Zilian"),
    ("推进华润微芯片项目。", "Promote the China Resources Micro chip project.", "minor", "CR Micro"),
    ("广东省加快发展。", "The province will speed up development.", "minor", "Guangdong"),
    ("在合肥开幕。", "Opened in the provincial capital.", "minor", "合肥"),
    ("支持济南打造先导区。", "Support the city in building pilot zones.", "minor", "Jinan"),
    ("重庆市市长胡衡华作报告。", "The Mayor of Chongqing made a report.", "major", "Hu Henghua"),
    ("省长王清宪作《政府工作报告》。", "The governor delivered the Government Work Report.", "major", "Wang Qingxian"),
    ("大连市市长陈绍旺作政府工作报告。", "The Mayor of Dalian made a report.", "major", "Chen Shaowang"),
    ("济南市市长于海田作政府工作报告。", "Mayor Yu Haitan of Jinan made a report.", "major", "Yu Haitian"),
    ("长沙市市长周海兵作政府工作报告。", "Zhou Haiping, mayor of Changsha, made a report.", "major", "Zhou Haibing"),
    ("宁波市市长汤飞帆向大会作报告。", "The mayor of Ningbo made a report.", "major", "Tang Feifan"),
    ("山东省省长周乃翔作政府工作报告。", "Governor Zhou Naixing of Shandong made a report.", "major", "Zhou Naixiang"),
    ("江苏省省长许昆林作政府工作报告。", "The governor of Jiangsu made a report.", "major", "Xu Kunlin"),
    ("推动宁德时代项目。", "Promote the Ningde Era project.", "major", "CATL"),
    ("宁德时代董事长曾毓群在发布会上表示。", "Robin Zeng, chairman of CATL, said at the launch.", "info",
     "曾毓群 (Zeng Yuqun) appears in the English only as “Robin Zeng”"),
    ("美国总统拜登会见法国总统马克龙。", "U.S. President Donald Trump met with French President Emmanuel Macron.",
     "major", "person name 拜登 (Biden) is not in the English"),
    ("联合国秘书长古特雷斯表示。", "The UN secretary-general said.", "major", "古特雷斯 (Guterres)"),
    ("王毅会见拉夫罗夫。", "Wang Yi met with the Russian minister.", "minor", "拉夫罗夫 (Lavrov)"),
    # a given name in pinyin after the surname is a name of its own, not an English given name
    ("广东省省长王伟中作政府工作报告。", "Governor Wang Xiaoming of Guangdong delivered the report.", "major",
     "Wang Weizhong"),
]


@pytest.mark.parametrize("zh, en", PASSES)
def test_passes(zh, en):
    assert passes("names", zh, en, G), flags("names", zh, en, G)


@pytest.mark.parametrize("zh, en, severity, contains", FAILS)
def test_fails(zh, en, severity, contains):
    assert fails("names", zh, en, G, severity=severity, contains=contains), flags("names", zh, en, G)


@pytest.mark.parametrize("name, shown", [("王伟中", "Wang Weizhong"), ("欧阳修", "Ouyang Xiu"), ("习近平", "Xi Jinping"), ("曾毓群", "Zeng Yuqun"),
     ("单霁翔", "Shan Jixiang"), ("解振华", "Xie Zhenhua")])
def test_display_pinyin(name, shown):
    assert display_pinyin(name) == shown


def test_romanisations_cover_both_orders_and_heteronyms():
    forms = romanisations("曾培炎")
    assert "zengpeiyan" in forms and "peiyanzeng" in forms


def test_name_rendered_elsewhere_in_the_document_is_not_flagged():
    zh = ["广东省省长王伟中作政府工作报告。", "推进项目建设。"]
    en = ["The governor of Guangdong delivered the report.", "Wang Weizhong said projects will advance."]
    assert passes("names", zh, en, G)
