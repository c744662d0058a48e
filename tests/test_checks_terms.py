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
