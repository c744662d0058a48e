"""The untranslated check: Chinese characters left in the English; segments identical to their source."""

from __future__ import annotations

import pytest

from checks_util import entry, fails, flags, glossary, passes

G = glossary(entry("卡脖子", "chokepoint|bottleneck", "neck"))

PASSES = [
    ("加快发展新质生产力。", "Accelerate new quality productive forces."),
    ("发展5g。", "Develop 5G."),
    ("推进sk海力士项目。", "Promote the SK Hynix project."),
    ("鲲鹏cpu。", "Kunpeng CPU."),
    ("布局6g。", "Lay out 6G."),
    ("维信诺oled模组项目。", "Visionox OLED module project."),
    ("OLED", "OLED"),  # Latin source left as is: nothing to translate
    ("5G", "5G"),
    ("发展“33618”集群体系。", "Develop the \"33618\" cluster system."),
    ("全市算力规模达到1000p。", "Computing power reached 1000P."),
    ("加快建设。", "Speed up construction."),
    ("推进建设。", "Promote construction — fully."),
    ("支持发展。", "Support development (in full)."),
    ("“两芯一生态”", "\"two cores and one ecology\""),
    ("中国软件名城。", "China's famous software city."),
    ("华为。", "Huawei."),
    ("（注：两芯一生态）。", "(Note: two cores and one ecology)."),
    ("发展低空经济。", "Develop the low-altitude economy."),
    ("持之以恒。", "Persevere."),
    ("卡脖子", "Chokepoint"),
    ("ai及机器人。", "AI and robots."),
]

FAILS = [
    ("加快破解“卡脖子”技术。", "Speed up cracking “卡脖子” technology.", "major", "卡脖子"),
    ("加快发展新质生产力。", "加快发展新质生产力。", "major", "identical"),
    ("加快发展新质生产力。", "加快发展新质生产力。 ", "major", "identical"),
    ("推进粤芯三期项目。", "Promote the 粤芯 Phase III project.", "major", "粤芯"),
    ("推进华润微项目。", "Promote the 华润微 project.", "major", "华润微"),
    ("发展集成电路。", "Develop 集成电路.", "major", "集成电路"),
    # the original in brackets after its rendering: a gloss to check against house style, not untranslated text
    ("发展集成电路。", "Develop integrated circuits (集成电路).", "minor", "given in brackets after its rendering"),
    ("要因地制宜发展新质生产力。", "Develop new quality productive forces according to local conditions（因地制宜）.", "minor",
     "“因地制宜”"),
    ("发展集成电路。", "Develop 集成电路 (integrated circuits).", "major", "Chinese left in the English"),
    ("发展人工智能。", "Develop AI 人工智能 and robots.", "major", "人工智能"),
    ("我们将发展数字经济。推进产业升级。", "We will develop the digital economy. 推进产业升级。", "major", "identical"),
    ("发展低空经济。", "Develop the 低空经济.", "major", "低空经济"),
    ("建设苏州实验室。", "Build the 苏州 laboratory.", "major", "苏州"),
    ("打造“山东算网”。", "Build the \"山东算网\".", "major", "山东算网"),
    ("加快“智改数转”。", "Speed up “智改数转”.", "major", "智改数转"),
    ("推进长远锂科项目。", "Promote 长远锂科 projects.", "major", "长远锂科"),
    ("发展新能源汽车。", "Develop new energy 汽车.", "major", "汽车"),
    ("封面图片来源：拍信网", "封面图片来源：拍信网", "major", "identical"),
    ("支持长光卫星发展。", "Support 长光 Satellite.", "major", "长光"),
    ("推动产业链建设。", "Promote 产业链 construction.", "major", "产业链"),
    ("卡脖子问题。", "The 卡脖子 problem.", "major", "卡脖子"),
    ("推进项目。", "推进项目。", "major", "identical"),
]


@pytest.mark.parametrize("zh, en", PASSES)
def test_passes(zh, en):
    assert passes("untranslated", zh, en, G), flags("untranslated", zh, en, G)


@pytest.mark.parametrize("zh, en, severity, contains", FAILS)
def test_fails(zh, en, severity, contains):
    assert fails("untranslated", zh, en, G, severity=severity, contains=contains), flags("untranslated", zh, en, G)


def test_suggestion_from_glossary():
    (f,) = flags("untranslated", "卡脖子问题。", "The 卡脖子 problem.", G)
    assert f.suggestion == "chokepoint" and f.en.text == "卡脖子"


def test_identical_paragraph_is_one_flag_not_one_per_run():
    fs = flags("untranslated", "加快发展新质生产力，推进产业升级。", "加快发展新质生产力，推进产业升级。", G)
    assert len(fs) == 1 and fs[0].zh is not None and fs[0].en is not None


def test_a_gloss_in_brackets_is_not_a_major():
    fs = flags("untranslated", "发展集成电路。", "Develop integrated circuits (集成电路).")
    assert [(f.severity, f.en.text) for f in fs] == [("minor", "集成电路")]
