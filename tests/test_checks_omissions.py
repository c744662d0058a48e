"""The omissions check: Chinese with no English (major), English with no source (minor), added headings (info)."""

from __future__ import annotations

import pytest

from checks_util import fails, flags, passes

SEED_ZH = ("何为“新质生产力”？中共中央总书记习近平作出阐释：概括地说，新质生产力是创新起主导作用，摆脱传统经济增长方式、"
           "生产力发展路径，具有高科技、高效能、高质量特征，符合新发展理念的先进生产力质态。“特点是创新，关键在质优，本质是先进生产力。”")
SEED_EN = ("What is \"new quality productivity\"?  \"The characteristic is innovation, the key is quality, "
           "and the essence is advanced productivity.\"")
SEED_EN_FULL = ("What is \"new quality productivity\"? Xi Jinping, general secretary of the CPC Central Committee, "
                "explained: in general terms, new quality productivity is advanced productivity in which innovation "
                "plays the leading role, breaking away from the traditional mode of economic growth and path of "
                "productivity development, with high technology, high efficiency and high quality, in line with the "
                "new development philosophy. \"The characteristic is innovation, the key is quality, and the essence "
                "is advanced productivity.\"")

LIST_ZH = ("今年重点抓好以下工作：一是扩大有效投资，实施重大项目500个；二是促进消费持续恢复，开展汽车以旧换新活动；"
           "三是深化国有企业改革，完成混合所有制改革任务；四是加强生态环境保护，推进长江十年禁渔。")

# (zh paragraphs, en paragraphs, links or None for 1-1)
PASSES = [
    ([SEED_ZH], [SEED_EN_FULL], None),
    (["加快发展新质生产力。"], ["Accelerate the development of new quality productive forces."], None),
    (["推动新能源汽车产业高质量发展。"], ["Promote the high-quality development of the new energy vehicle industry."], None),
    (["加强国家实验室服务保障。加快建设量子信息、聚变能源、深空探测三大科创高地。"],
     ["Strengthen services for national laboratories. Accelerate the building of three innovation highlands in "
      "quantum information, fusion energy and deep space exploration."], None),
    (["同时，完善以企业为主体的技术创新体系。"], ["At the same time, improve the technological innovation system with enterprises as the main body."], None),
    (["人工智能是引领新一轮科技革命和产业变革的战略技术。"],
     ["Artificial intelligence is a strategic technology that leads a new round of scientific and technological revolution and industrial transformation."], None),
    (["推进产业基础高级化、产业链现代化。"], ["We will upgrade the industrial foundation and modernize the industrial chain."], None),
    (["短。"], ["Short."], None),
    (["支持中小企业发展。"], ["Support the development of small and medium-sized enterprises."], None),
    (["优化专精特新企业梯队培育体系，助力更多企业发展壮大。"],
     ["Optimize the cultivation system for specialized enterprises and help more enterprises develop and grow."], None),
    (["加快推进集成电路重大项目。"], ["We will accelerate major integrated circuit projects."], None),
    (["发展数字经济。", "建设现代化产业体系。"], ["Develop the digital economy.", "Build a modern industrial system."], None),
    (["发展数字经济。"], ["Develop the digital economy. It is important."], None),  # a short added sentence is fine
    (["强化企业科技创新主体地位。"], ["We will strengthen the dominant position of enterprises in scientific and technological innovation."], None),
    (["加快建设光电信息产业园。"], ["Accelerate the construction of the photoelectric information industry park."], None),
    (["积极培育战略性新兴产业。"], ["We will actively foster strategic emerging industries."], None),
    (["构建从科技型中小企业到科技领军企业的梯次培育体系。"],
     ["Build a cultivation system from technology-based small and medium-sized enterprises to technology leaders."], None),
    (["提升产业链供应链韧性和安全水平。"], ["Improve the resilience and security of industrial and supply chains."], None),
    (["推动工业母机高质量发展。"], ["Promote the high-quality development of machine tools."], None),
    (["深入实施重大技术装备攻关工程。"], ["We will carry out major research projects in technology and equipment."], None),
    (["完善数据基础设施体系和制度体系。"], ["Improve the data infrastructure system and institutional system."], None),
    # a list of targets (split at ；) rendered as one freely worded sentence: each item has words of its own
    ([LIST_ZH], ["This year's priorities: expanding effective investment with 500 major projects, reviving "
                 "consumption through car trade-ins, deepening SOE reform including mixed ownership, and protecting "
                 "the environment, including the ten-year fishing ban on the Yangtze."], None),
    # two sentences merged into one English sentence (mac-dev 001, Golden Age)
    (["我就一头倒下去，扑到竹板床上，几乎把床砸塌。我的腰痛得厉害，完全不能打弯。"],
     ["I threw myself headlong onto the bamboo bed and nearly crushed it—my lower back hurt so much that I simply "
      "could not bend."], None),
]

FAILS = [
    ([SEED_ZH], [SEED_EN], None, "major", "中共中央总书记习近平作出阐释"),
    (["加快发展新质生产力。", "推动新能源汽车产业高质量发展，积极布局电机、电池、电控、车规级芯片等关键零部件产业链。"],
     ["Accelerate the development of new quality productive forces."], [((0,), (0,)), ((1,), ())], "major", "no English"),
    (["发展数字经济。", "加快建设新型数据中心和智能计算中心。"], ["Develop the digital economy."], [((0,), (0,)), ((1,), ())],
     "major", "加快建设新型数据中心"),
    (["发展数字经济。"], ["Develop the digital economy.", "The blogger adds a long paragraph about something else entirely."],
     [((0,), (0,)), ((), (1,))], "minor", "no Chinese source"),
    (["加强国家实验室服务保障。加快建设量子信息、聚变能源、深空探测三大科创高地，开工建设空地一体量子精密测量实验设施。"],
     ["Strengthen services for national laboratories."], None, "major", "量子信息"),
    (["人工智能是引领新一轮科技革命和产业变革的战略技术。要抢抓风口机遇，推动人工智能产业发展壮大，培育一批领军企业。"],
     ["Artificial intelligence is a strategic technology that leads a new round of scientific and technological revolution and industrial transformation."],
     None, "major", "not rendered"),
    (["支持中小企业发展。同时完善以企业为主体的技术创新体系，构建科技型中小企业梯次培育体系。"],
     ["Support the development of small and medium-sized enterprises."], None, "major", "完善"),
    (["发展数字经济。"], ["Develop the digital economy. Meanwhile, football clubs, restaurants, tourists, museums, "
                      "festivals and concerts attract visitors every summer weekend."], None, "minor", "no Chinese source"),
    (["推进传统产业数字化改造、绿色化诊断。建成国家级互联网骨干直联点和人工智能超算中心二期。"],
     ["Promote the digital transformation of traditional industries and green diagnosis."], None, "major", "互联网"),
    (["加快建设光电信息产业园，推动维信诺模组项目落地，办好首届长春国际光博会，光电信息产业产值突破900亿元。"
      "政府工作报告提出聚焦航空航天、新型半导体、前沿新材料、数字经济等细分领域新赛道，加快形成新质生产力。"],
     ["Accelerate the construction of the photoelectric information industry park, promote the module project and run "
      "the first Changchun International Light Expo; output will exceed 90 billion yuan."], None, "major", "航空航天"),
    (["发展数字经济。", "建设现代化产业体系，推动产业链供应链优化升级。"], ["Develop the digital economy."],
     [((0,), (0,)), ((1,), ())], "major", "建设现代化产业体系"),
    (["发展数字经济。", "注：两芯。"], ["Develop the digital economy."], [((0,), (0,)), ((1,), ())], "minor", "no English"),
    (["2024年1月10日，长春市会议开幕。"], ["On January 10, 2024, the Changchun session opened.", "Changchun: Focus on new semiconductors"],
     [((0,), (0,)), ((), (1,))], "info", "Changchun: Focus"),
    (["推动产业链建设。完善产业链图谱，推动17条产业链建设走深走实。推进蓝思智能制造产业园、惠科智能制造产业综合体等项目建设，壮大新型显示产业链。"],
     ["Promote the development of industrial chains. Improve the industrial chain map."], None, "major", "蓝思"),
    (["同时，完善以企业为主体的技术创新体系。构建从科技型中小企业到科技领军企业的梯次培育体系，支持中小企业专精特新发展。"],
     ["At the same time, improve the technological innovation system with enterprises as the main body."], None,
     "major", "梯次培育体系"),
    (["加快发展新质生产力。", "发展数字经济。"], ["", "Develop the digital economy."], [((0,), ()), ((1,), (1,))],
     "major", "no English"),
    (["实施五大未来产业集群行动计划，超前布局量子科技、生命科学、人形机器人等未来产业，创建国家未来产业先导区。人工智能是战略技术。"],
     ["Artificial intelligence is a strategic technology."], None, "major", "未来产业"),
    (["深入实施战略性新兴产业融合集群发展工程。加快推动京东方生产线、天府软件园二期等重大产业项目建设。"],
     ["We will further implement the development project of integrated clusters of strategic emerging industries."],
     None, "major", "京东方"),
    (["发展数字经济。", "封面图片来源：拍信网，版权归原作者所有，转载请注明出处和作者信息。"], ["Develop the digital economy."],
     [((0,), (0,)), ((1,), ())], "major", "拍信网"),
    (["做大做强新一代自主安全计算系统产业集群。积极推动新能源汽车、先进能源材料、生物医药、新型合金材料产业集群争创国家级先进制造业集群。"],
     ["Expand and strengthen a new generation of autonomous secure computing system industrial clusters."],
     None, "major", "生物医药"),
    # one item of such a list left out: none of its words has an English word of its own
    (["一是扩大有效投资，实施重大项目500个；二是促进消费持续恢复，开展汽车以旧换新活动；三是深化国有企业改革，完成混合所有制改革任务。"],
     ["First, expand effective investment and implement 500 major projects; second, deepen the reform of "
      "state-owned enterprises and complete the mixed-ownership reform."], None, "major", "二是促进消费"),
]


@pytest.mark.parametrize("zh, en, links", PASSES)
def test_passes(zh, en, links):
    assert passes("omissions", zh, en, links=links), flags("omissions", zh, en, links=links)


@pytest.mark.parametrize("zh, en, links, severity, contains", FAILS)
def test_fails(zh, en, links, severity, contains):
    assert fails("omissions", zh, en, links=links, severity=severity, contains=contains), flags(
        "omissions", zh, en, links=links)


def test_seed_omission_span_is_the_missing_sentence():
    (f,) = [f for f in flags("omissions", [SEED_ZH], [SEED_EN]) if f.severity == "major"]
    assert f.zh.text.startswith("中共中央总书记习近平作出阐释") and f.zh.text.endswith("先进生产力质态。")
    assert SEED_ZH[f.zh.start:f.zh.end] == f.zh.text


def test_added_heading_is_info_only():
    fs = flags("omissions", ["发展数字经济。"], ["Guangdong: Promote chip projects", "Develop the digital economy."],
               links=[((), (0,)), ((0,), (1,))], en_headings=frozenset({0}))
    assert [f.severity for f in fs] == ["info"]


def test_derived_english_words_show_a_rendering():
    from aligner.checks.omissions import en_evidence, token_found, zh_content_tokens

    (tok,) = [t for t in zh_content_tokens("促进消费") if t.word == "消费"]
    assert token_found(tok, en_evidence("Boost consumption."))  # consume / consumption
    assert not token_found(tok, en_evidence("Boost constant spending."))
