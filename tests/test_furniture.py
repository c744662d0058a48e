"""Web page furniture in both languages: patterns, header and footer runs, titles kept."""

from pathlib import Path

import pytest

from aligner.corpus.furniture import mark_furniture
from aligner.corpus.load import load_document

ROOT = Path(__file__).resolve().parent.parent
BODY_ZH = "全国两会将于3月5日在北京正式召开,各地政府工作报告已陆续出炉。新质生产力成为各地政府工作报告的高频词,各地纷纷提出加快发展的具体举措和目标任务。"
BODY_EN = ("The National Two Sessions will officially open in Beijing on March 5, and local government work reports "
           "have been released one after another, naming new quality productive forces as a priority for the year.")


@pytest.mark.parametrize(
    "line, reason",
    [
        ("来源:全球半导体观察 原作者:竹子", "source"),
        ("封面图片来源:拍信网", "image credit"),
        ("图片来源:视觉中国", "image credit"),
        ("责任编辑:张三", "byline"),
        ("作者丨姬晓婷编辑丨张心怡美编丨马利亚监制丨连晓东", "source"),
        ("上一篇:关于某某的通知", "navigation"),
        ("下一篇:关于某某的通知", "navigation"),
        ("返回列表", "navigation"),
        ("相关推荐", "navigation"),
        ("扫码加入", "share prompt"),
        ("长按识别二维码关注我们", "share prompt"),
        ("扫码关注", "share prompt"),
        ("点击蓝字 关注我们", "share prompt"),
        ("关注我们的公众号", "share prompt"),
        ("版权所有 © 2024 某某网", "copyright"),
        ("您的浏览器版本过低,请升级浏览器", "browser warning"),
        ("欢迎您来到 官方网站", "site banner"),
        ("01/29 11:55", "timestamp"),
        ("2024-05-24 10:32:15 来源：新华社", "timestamp"),
        ("索引号：000014349/2024-00031", "page metadata"),
        ("发文机关：工业和信息化部", "page metadata"),
        ("(责编：杨曦、岳弘彬)", "byline"),
        ("本报记者 王政 刘温馨", "byline"),
        ("新华社记者 林善传 摄", "image credit"),
        ("《 人民日报 》（ 2024年05月25日 01 版）", "source"),
        ("【字体：大 中 小】 打印", "navigation"),
        ("【纠错】 【责任编辑：刘洋】", "navigation"),
        ("本文约1800字，阅读需要5分钟", "navigation"),
        ("声明：本文内容来源于网络，版权归原作者所有，如有侵权请联系删除。", "copyright"),
        ("国务院办公厅主办 中国政府网运行中心负责运行维护", "site footer"),
        ("若您无法正常浏览本页面,请您更换为360、QQ、Chrome、火狐等浏览器", "browser warning"),
    ],
)
def test_zh_furniture_lines(line, reason):
    marks = mark_furniture([BODY_ZH, line], "zh")
    assert marks.reasons == (None, reason)


@pytest.mark.parametrize(
    "line, reason",
    [
        ("Previous article:", "navigation"),
        ("Next article: Advanced Microchip ICS552R-01LNT for Diverse Electronics", "navigation"),
        ("Return to the list", "navigation"),
        ("Your email address will not be published. The option marked with an asterisk is required", "comment form"),
        ("Leave a Reply", "comment form"),
        ("Copyright © 2024 Example Ltd. All rights reserved.", "copyright"),
        ("Source: Global Semiconductor Watch", "source"),
        ("Photo credit: Paixin", "image credit"),
        ("Share this on WeChat", "share prompt"),
        ("Share", "share prompt"),
        ("Share to: WeChat Weibo", "share prompt"),
        ("Recommended for you", "navigation"),
        ("Copyright 1995 - 2024. All rights reserved.", "copyright"),
        ("Copyright: China Daily", "copyright"),
        ("By Wang Cheng in Fuzhou | chinadaily.com.cn", "byline"),
        ("Jessie February 04, 2024", "byline"),
        ("Blog post Details", "navigation"),
        ("Please upgrade your browser to view this page", "browser warning"),
        ("Skip to content", "navigation"),
        ("Home About Archives Contact", "navigation"),
        ("Posted on January 14, 2024 by lisa", "byline"),
        ("Posted in AI Policy | Tagged generative AI, regulation | 2 Comments", "navigation"),
        ("« Previous post", "navigation"),
        ("Save my name, email, and website in this browser for the next time I comment.", "comment form"),
        ("Photo/Xinhua", "image credit"),
        ("Visitors try out a VR device at the Digital China Summit in Fuzhou, May 24, 2024. [Photo/Xinhua]", "image credit"),
        ("Most Viewed in 24 Hours", "navigation"),
        ("Top of Page", "navigation"),
        ("Translation by CSET", "source"),
        ("The Chinese source text is available online at: https://www.gov.cn/zhengce/content_6929021.htm", "source"),
    ],
)
def test_en_furniture_lines(line, reason):
    marks = mark_furniture([BODY_EN, line], "en")
    assert marks.reasons == (None, reason)


@pytest.mark.parametrize(
    "line, lang",
    [
        ("何为“新质生产力”?中共中央总书记习近平作出阐释。", "zh"),
        ("北京:推动集成电路重点项目产能爬坡", "zh"),
        ("(注:两芯一生态,即鲲鹏cpu、飞腾cpu以及麒麟系统生态)。", "zh"),
        ("Beijing: Targeting to crack the chokepoint problem in artificial intelligence", "en"),
        ("(Note: Two cores and one ecology, namely Kunpeng CPU, Feiteng CPU and Kirin system ecology).", "en"),
        ("The source of growth was investment in integrated circuits and new energy vehicles.", "en"),
        ("By the end of 2023, China had built a total of 3.377 million 5G base stations, a net increase of "
         "1.065 million from the end of the previous year.", "en"),
        ("By the end of the year, targets were met.", "en"),
        ("By May 2024, China had built 3.74 million 5G base stations.", "en"),
        ("扫码支付、网约车、在线办事，数字技术正在深刻改变人们的生活。", "zh"),
        ("关注我们身边的变化，人工智能已经走进了千家万户。", "zh"),
        ("Share of digital economy in GDP rises to 42.8%", "en"),
        ("Recommended national standards will first cover humanoid robots, the metaverse and other fields.", "en"),
        ("Copyright, patent and other intellectual property protection shall cover the entire chain of future industries.", "en"),
        ("02 Copyright under the spotlight", "en"),
        ("Copyright is another concern. In November 2023, the Beijing Internet Court ruled on the first copyright case.", "en"),
    ],
)
def test_content_is_not_furniture(line, lang):
    body = BODY_ZH if lang == "zh" else BODY_EN
    marks = mark_furniture([body, line, body], lang)
    assert marks.reasons == (None, None, None)


def test_header_run_next_to_furniture_but_title_kept():
    paras = ["• 正文", "申请入驻 产业图谱", "2025年,多地筹谋集成电路产业", "01/29 11:55", "加入交流群", "获取工程师必备礼包",
             "近日,全国各省(市)纷纷发布2025政府工作报告,提出2025年集成电路产业的工作总体要求和重点任务,多地筹谋集成电路产业。"]
    marks = mark_furniture(paras, "zh")
    assert marks.reasons[2] is None and marks.headings[2]
    assert all(marks.reasons[i] for i in (0, 1, 3, 4, 5))
    assert marks.reasons[6] is None


def test_a_title_with_a_comma_above_furniture_is_kept():
    """A WeChat title that shares few words with the body is still a phrase, not a menu item."""
    paras = ["生成式AI，这一年", "原创 智能观察 智能观察 2024-01-12 18:30 发表于北京", "点击蓝字 关注我们",
             "2023年，生成式人工智能迅速走红。截至2023年底，我国已有20多个大模型通过备案向公众提供服务，覆盖搜索、办公、教育等多个领域。"]
    marks = mark_furniture(paras, "zh")
    assert marks.reasons[0] is None and marks.headings[0]
    assert marks.reasons[1] and marks.reasons[2]


def test_an_official_documents_title_on_the_first_line_is_kept():
    """关于…的通知 names the document even when it shares few words with the body (a .docx of a notice)."""
    paras = ["国务院办公厅关于促进数字经济发展的通知", "各省、自治区、直辖市人民政府，国务院各部委、各直属机构：",
             "数字经济是继农业经济、工业经济之后的主要经济形态。2023年，我国数字经济规模达到53.9万亿元，占国内生产总值比重提升至42.8%。",
             "一、加快数字基础设施建设。到2025年，建成5G基站360万个，千兆光网覆盖所有地级市。"]
    marks = mark_furniture(paras, "zh")
    assert marks.reasons[0] is None and marks.headings[0]


def test_the_date_under_a_document_is_content_the_date_above_it_furniture():
    """A policy page: the publication date in the header is furniture, the date under the signature is the
    document's own (it is translated, and the dates check reads it), and so is the line after it."""
    paras = ["2024年01月31日", "工业和信息化部等七部门关于推动未来产业创新发展的实施意见",
             "未来产业由前沿技术驱动，当前处于孕育萌发阶段或产业化初期，是具有显著战略性、引领性、颠覆性和不确定性的前瞻性新兴产业。",
             "工业和信息化部 教育部 科学技术部", "2024年1月18日", "（此件公开发布）", "版权所有：中国政府网"]
    assert mark_furniture(paras, "zh").reasons == ("timestamp", None, None, None, None, None, "copyright")


def test_footer_run_after_next_article_label():
    paras = [BODY_EN, "Next article:", "Advanced Microchip ICS552R-01LNT for Diverse Electronics and IoT Solutions"]
    assert mark_furniture(paras, "en").reasons == (None, "navigation", "navigation")


@pytest.mark.parametrize(
    "path, lang, furniture_ids",
    [
        ("corpora/zh/000_956485486ee5ccc0.txt", "zh", [0, 41]),
        ("corpora/en/002_a484c70458b5f49f.txt", "en", [0, 2, 57, 58, 59, 60, 61, 62, 63, 64, 65]),
    ],
)
def test_seed_furniture(path, lang, furniture_ids):
    doc = load_document(ROOT / path, lang)
    assert [p.id for p in doc.paragraphs if p.boilerplate] == furniture_ids


def test_a_short_text_with_no_long_paragraph_keeps_its_sentences_as_content():
    """No paragraph reaches body length: the title is a heading, sentences ending in 。 or . are not."""
    zh = ["科技创新", "全省投资658亿元，用于建设新型基础设施。", "全年国内生产总值同比增长5.0%。"]
    en = ["Innovation", "The province invests 65.8 billion yuan in infrastructure.", "GDP grew 5.0%."]
    assert mark_furniture(zh, "zh").headings == (True, False, False)
    assert mark_furniture(en, "en").headings == (True, False, False)


def test_a_first_sentence_with_clauses_is_no_title():
    """A line above the first body paragraph is a title, unless it is a sentence with clauses."""
    zh = ["1—11月份，全国规模以上工业企业实现利润总额66144.1亿元，同比下降4.4%，降幅比1—10月份收窄3.4个百分点。",
          "截至2023年底，全国累计建成5G基站337.7万个，比上年末净增106.5万个。前11个月，货物贸易进出口总值37.96万亿元人民币，同比增长0.03%。"]
    assert mark_furniture(zh, "zh").headings == (False, False)
    assert mark_furniture(["全国累计建成5G基站337.7万个", zh[1]], "zh").headings == (True, False)


@pytest.mark.parametrize("paras, lang", [
    (["来源：国家统计局数据显示，2024年全国国内生产总值同比增长5.0%。"], "zh"),
    (["Source: National Bureau of Statistics data show that GDP grew 5.0% in 2024."], "en"),
    (["来源:新华社", "责任编辑:张三"], "zh"),
])
def test_a_document_is_never_all_furniture(paras, lang):
    """Furniture surrounds a text; a document with nothing else is the text, so it gets aligned."""
    assert mark_furniture(paras, lang).reasons == (None,) * len(paras)


def test_a_one_line_source_document_is_aligned(tmp_path):
    from aligner.corpus.pairing import Pairing
    from aligner.pipeline import AlignOptions, run_pair

    zh, en = tmp_path / "zh.txt", tmp_path / "en.txt"
    zh.write_text("来源：国家统计局数据显示，2024年全国国内生产总值同比增长5.0%。\n", encoding="utf-8")
    en.write_text("Source: National Bureau of Statistics data show that GDP grew 5.0% in 2024.\n", encoding="utf-8")
    pair = run_pair(Pairing(load_document(zh, "zh"), load_document(en, "en"), "given"),
                    AlignOptions(backend="lexical", checks=False, fidelity=False))
    assert [(link.zh, link.en) for link in pair.links] == [((0,), (0,))]


PAGES = sorted((ROOT / "tests/fixtures/inputs/furniture").glob("*.txt"))


@pytest.mark.parametrize("page", PAGES, ids=[p.stem for p in PAGES])
def test_realistic_pages(tmp_path, page):
    """Every paragraph of a copied web page marked as what it is (tests/fixtures/inputs/furniture/README.md)."""
    rows = [line.split("|", 1) for line in page.read_text(encoding="utf-8").splitlines() if line.strip()]
    plain = tmp_path / page.name
    plain.write_text("\n".join(text for _, text in rows) + "\n", encoding="utf-8")
    doc = load_document(plain, page.name[:2])
    assert len(doc.paragraphs) == len(rows)
    wrong = [(tag, p.furniture, p.text) for (tag, _), p in zip(rows, doc.paragraphs)
             if (tag == "C" and p.boilerplate) or (tag == "F" and not p.boilerplate) or (tag == "f" and p.boilerplate)]
    assert wrong == []


def test_a_notice_heading_owns_its_numbered_items():
    """网站版权声明： and its ①②③ items are one notice, however long each item is; the text above stays."""
    zh = [BODY_ZH, "网站版权声明:",
          "① 凡本网注明来源的所有文字、图片和音视频稿件,版权均为本站独家所有,任何媒体、网站或个人在转载使用前必须经本网站同意并注明来源方可进行转载使用,违反者本网将依法追究其法律责任。",
          "②本网转载并注明其他来源的稿件,是本着为读者传递更多信息之目的,并不意味着赞同其观点或证实其内容的真实性。",
          "③ 如本网转载稿件涉及版权等问题,请作者一周内来电或来函联系。"]
    assert mark_furniture(zh, "zh").reasons == (None,) + ("copyright",) * 4
    en = [BODY_EN, "Disclaimer:", "1. The views expressed in this article are the author's own and do not reflect the position of the site.",
          "2. Figures are taken from public sources and were not verified independently by the editors."]
    assert mark_furniture(en, "en").reasons == (None,) + ("copyright",) * 3


def test_numbered_items_under_a_content_heading_stay_content():
    zh = [BODY_ZH, "主要任务：", "一、加快发展新质生产力，推动传统产业转型升级，培育壮大新兴产业和未来产业，提升产业链供应链韧性和安全水平。",
          "二、扩大国内需求，推动消费从疫后恢复转向持续扩大，增强投资对优化供给结构的关键作用，稳定外贸基本盘。"]
    assert mark_furniture(zh, "zh").reasons == (None,) * 4


@pytest.mark.parametrize("paras, lang", [
    (["经济运行稳中有进", BODY_ZH], "zh"),
    (["China's economy maintained stable growth with progress in 2024: NBS", BODY_EN], "en"),
])
def test_the_first_line_of_a_clean_text_is_its_title(paras, lang):
    """With no furniture in the header, the first line is a title however few words it shares with the body."""
    marks = mark_furniture(paras, lang)
    assert marks.reasons == (None, None) and marks.headings[0]


def test_a_site_name_above_furniture_is_still_furniture():
    paras = ["China AI Watch", "Home | News | Archives | About us", BODY_EN]
    assert mark_furniture(paras, "en").reasons[:2] == ("navigation", "navigation")
