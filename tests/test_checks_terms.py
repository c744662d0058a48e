"""The terms check: forbidden renderings (major), approved renderings absent (minor), unrecognised key terms (info)."""

from __future__ import annotations

import pytest

from checks_util import entry, fails, flags, glossary, passes

G = glossary(
    entry("卡脖子", "chokepoint|stranglehold|bottleneck", "neck|stuck neck|stuck-neck"),
    entry("新质生产力", "new quality productive forces", "new quality productivity"),
    entry("封测", "packaging and testing|assembly and test", "seal test|closed test"),
    entry("工业母机", "machine tool", "industrial mother machine"),
    entry("低空经济", "low-altitude economy"),
    entry("两会", "two sessions"),
    entry("元宇宙", "metaverse"),
    entry("专精特新", "specialized and sophisticated"),
)

PASSES = [
    ("靶向破解“卡脖子”问题。", "Targeted efforts to solve chokepoint problems."),
    ("加快破解“卡脖子”技术。", "Speed up breakthroughs in bottleneck technologies."),
    ("突破一批“卡脖子”技术。", "Break through a number of technological chokepoints."),
    ("突破一批“卡脖子”技术。", "Break the stranglehold on key technologies."),
    ("加快发展新质生产力。", "We will accelerate the development of new quality productive forces."),
    ("打造集成电路封测产业聚集区。", "Build a chip packaging and testing cluster."),
    ("打造集成电路封测产业聚集区。", "Build an IC assembly and test cluster."),
    ("推动工业母机高质量发展。", "Promote high-quality development of machine tools."),
    ("发展低空经济。", "Develop the low altitude economy."),
    ("发展低空经济。", "Develop the low-altitude economy."),
    ("全国两会将召开。", "The national Two Sessions will open."),
    ("布局元宇宙。", "Plan for the metaverse."),
    ("支持专精特新企业。", "Support specialized and sophisticated enterprises."),
    ("没有术语的句子。", "A sentence without terms."),
    ("破解瓶颈问题。", "Solve bottleneck problems."),  # not the glossary term: nothing to judge
    ("加快发展新质生产力。", ""),  # no English at all: the omissions check's business
    ("这是卡脖子问题。", "This is a bottleneck problem."),  # "neck" inside "bottleneck" is not the forbidden word
    ("卡脖子技术。", "Chokepoint technologies."),
    ("发展新质生产力和低空经济。", "Develop new quality productive forces and the low-altitude economy."),
    ("推进封测项目。", "Advance packaging and testing projects."),
    ("推动工业母机发展。", "Develop machine-tool industry."),
]

FAILS = [
    ("靶向破解“卡脖子”问题。", "Targeted to crack the \"neck\" problems.", "major", "“neck”"),
    ("加快破解“卡脖子”技术。", "Speed up the cracking of \"stuck neck\" technology.", "major", "“stuck neck”"),
    ("加快发展新质生产力。", "Accelerate new quality productivity.", "major", "new quality productive forces"),
    ("打造集成电路封测产业聚集区。", "Build integrated circuit closed test industry gathering area.", "major", "closed test"),
    ("高可靠性封测项目。", "High reliability seal test projects.", "major", "seal test"),
    ("推动工业母机发展。", "Develop industrial mother machines.", "major", "forbids"),
    ("发展低空经济。", "Develop the economy at low height.", "minor", "low-altitude economy"),
    ("布局元宇宙。", "Plan for the meta-universe.", "minor", "metaverse"),
    ("支持专精特新企业。", "Support professional and special new enterprises.", "minor", "approved"),
    ("推动工业母机发展。", "Develop mother-machines.", "minor", "machine tool"),
    ("全国两会将召开。", "The national meetings will open.", "minor", "two sessions"),
    ("发展新质生产力和低空经济。", "Develop new quality productivity and the low-altitude economy.", "major", "新质生产力"),
    ("卡脖子技术攻关。", "Tackle stuck-neck technology.", "major", "stuck"),
    ("加快破解“卡脖子”技术。", "Speed up breakthroughs in key technologies.", "minor", "卡脖子"),
    ("抓住风口机遇。", "Seize the opportunities.", "info", "风口"),
    ("保持战略定力。", "Maintain the strategy.", "info", "not recognised"),
    ("促进经济韧性增强。", "Promote a stronger economy.", "info", "韧性"),
    ("推进封测项目。", "Advance closed test projects.", "major", "packaging and testing"),
    ("布局元宇宙和低空经济。", "Plan for the meta-universe and the low-altitude economy.", "minor", "元宇宙"),
    ("新质生产力。", "New quality productivity.", "major", "forbids"),
]


@pytest.mark.parametrize("zh, en", PASSES)
def test_passes(zh, en):
    assert passes("terms", zh, en, G), flags("terms", zh, en, G)


@pytest.mark.parametrize("zh, en, severity, contains", FAILS)
def test_fails(zh, en, severity, contains):
    assert fails("terms", zh, en, G, severity=severity, contains=contains), flags("terms", zh, en, G)


def test_forbidden_flag_points_at_both_renderings():
    (f,) = [f for f in flags("terms", "靶向破解“卡脖子”问题。", "Targeted to crack the \"neck\" problems.", G)
            if f.severity == "major"]
    assert (f.zh.text, f.en.text, f.suggestion) == ("卡脖子", "neck", "chokepoint")


def test_unrecognised_is_capped_per_link():
    zh = "抓住风口机遇，保持战略定力，增强经济韧性，夯实发展根基，焕发时代活力。"
    infos = [f for f in flags("terms", zh, "We will do well.", G) if f.severity == "info"]
    assert 1 <= len(infos) <= 2


def test_unrecognised_skips_words_whose_gloss_is_present():
    assert passes("terms", "增强经济韧性。", "Strengthen the toughness of the economy.", G, severity="info")


@pytest.mark.parametrize(
    "zh, en",
    [
        ("国务院总理李强主持召开会议。", "Premier Li Qiang chaired a meeting."),
        ("国务院副总理丁薛祥出席。", "Vice Premier Ding Xuexiang attended."),
        ("外交部长王毅会见拉夫罗夫。", "Foreign Minister Wang Yi met with Sergei Lavrov."),
    ],
)
def test_a_title_is_one_term_with_the_built_in_glossary(zh, en):
    """国务院总理 is "Premier": the State Council inside the title is not missing from the English."""
    from aligner.lexicon.glossary import builtin_glossary

    for check in ("terms", "names"):  # institutions and places are the names check's
        assert passes(check, zh, en, builtin_glossary()), flags(check, zh, en, builtin_glossary())


@pytest.mark.parametrize(
    "zh, en",
    [
        ("磷酸铁锂电池装车量42.1GWh。", "Lithium iron phosphate (LFP) batteries accounted for 42.1 GWh."),
        ("磷酸铁锂电池装车量42.1GWh。", "LFP batteries accounted for 42.1 GWh."),
        ("三元锂电池装车量12.3GWh。", "Ternary lithium batteries accounted for 12.3 GWh."),
    ],
)
def test_a_battery_chemistry_is_one_term_with_the_built_in_glossary(zh, en):
    """磷酸铁锂电池 is "lithium iron phosphate battery": 锂电池 inside it is not missing from the English."""
    from aligner.lexicon.glossary import builtin_glossary

    assert passes("terms", zh, en, builtin_glossary()), flags("terms", zh, en, builtin_glossary())


def test_a_coordination_sharing_the_rendering_is_the_rendering():
    """风电和光伏发电 as "wind and solar power": 风电 is rendered, "wind ... power"."""
    from aligner.lexicon.glossary import builtin_glossary

    zh, en = "风电和光伏发电装机容量突破10亿千瓦。", "The installed capacity of wind and solar power exceeded 1 billion kilowatts."
    assert passes("terms", zh, en, builtin_glossary()), flags("terms", zh, en, builtin_glossary())


# A company or institution named as another of its kind: the glossary's entities are the names check's.
SWAP_PASSES = [
    ("比亚迪和宁德时代的装车量位居前两名。", "CATL and BYD ranked in the top two for installed capacity."),
    ("宁德时代装车量居首。", "CATL, ahead of BYD, ranked first in installed capacity."),
    ("发改委表示将加快设备更新。", "The NDRC said it would speed up equipment renewal."),
    ("推进华润微等芯片项目建设。", "Advance chip projects such as China Resources Micro."),
    ("中共中央印发意见。", "The Central Committee of the CPC issued guidelines."),
    ("华为还与阿里签署了云服务协议。", "The company also signed a cloud services agreement with Alibaba."),
    ("国家开发银行与工行签署协议。", "The policy bank signed an agreement with ICBC."),
    ("国家统计局公布数据后，美联储宣布维持利率不变。",
     "After the statistics bureau released its data, the US central bank kept rates unchanged."),
    ("中芯国际营收增长，华虹产能利用率回升。", "UMC's revenue grew and its utilisation recovered."),  # which one it replaced?
    (["宁德时代发布新电池。", "比亚迪发布新车。"], ["BYD launched a new car.", "CATL launched a new battery."]),
]

SWAP_FAILS = [
    ("今年前三季度，宁德时代动力电池装车量达到150GWh。", "In the first three quarters, BYD's installed battery capacity reached 150 GWh.",
     "the English names BYD where the Chinese says 宁德时代 (CATL)"),
    ("比亚迪上月销售新能源汽车30万辆。", "CATL sold 300,000 new energy vehicles last month.",
     "the English names CATL where the Chinese says 比亚迪 (BYD)"),
    ("中国信息通信研究院发布报告。", "The Chinese Academy of Sciences released a report.", "names Chinese Academy of Sciences"),
    ("国家发展改革委表示，将加快推进大规模设备更新。", "The Ministry of Commerce said it would speed up large-scale equipment renewal.",
     "the English names Ministry of Commerce where the Chinese says 国家发展改革委"),
    ("中国信息通信研究院与中国科学院联合发布报告。报告显示，我国算力位居全球第二。",
     "A report showed that China's computing power ranks second. It was released by CAICT and the Chinese Academy of Engineering.",
     "names Chinese Academy of Engineering where the Chinese says 中国科学院"),
    ("特斯拉上海工厂交付量下降。", "Deliveries at BYD's Shanghai plant fell.", "BYD is 比亚迪"),
]


@pytest.mark.parametrize("zh, en", SWAP_PASSES)
def test_swap_passes(zh, en):
    from aligner.lexicon.glossary import builtin_glossary

    assert passes("names", zh, en, builtin_glossary(), severity="major"), flags("names", zh, en, builtin_glossary())


@pytest.mark.parametrize("zh, en, contains", SWAP_FAILS)
def test_swap_fails(zh, en, contains):
    from aligner.lexicon.glossary import builtin_glossary

    assert fails("names", zh, en, builtin_glossary(), severity="major", contains=contains), \
        flags("names", zh, en, builtin_glossary())


def test_swap_flag_points_at_the_other_name():
    from aligner.lexicon.glossary import builtin_glossary

    zh, en = "比亚迪上月销售新能源汽车30万辆。", "CATL sold 300,000 new energy vehicles last month."
    (f,) = [f for f in flags("names", zh, en, builtin_glossary()) if f.severity == "major"]
    assert (f.zh.text, f.en.text, f.suggestion) == ("比亚迪", "CATL", "BYD")


def test_swap_is_not_judged_on_an_unsure_link():
    from dataclasses import replace

    from aligner.checks import run_checks
    from aligner.lexicon.glossary import builtin_glossary
    from checks_util import pair

    p = pair("比亚迪上月销售新能源汽车30万辆。", "CATL sold 300,000 new energy vehicles last month.")
    p = replace(p, links=tuple(replace(link, confidence=0.3) for link in p.links))
    found = run_checks(p, builtin_glossary(), {"names"})
    assert [f.severity for f in found] == ["minor"], found
