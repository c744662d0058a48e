"""Sentence and paragraph segmentation: tables of tricky cases."""

import pytest

from aligner.corpus.load import split_paragraphs
from aligner.text.en import en_stems, split_en_sentences
from aligner.text.zh import split_zh_sentences, zh_words


def zh_split(text):
    return [text[s:e] for s, e in split_zh_sentences(text)]


def en_split(text):
    return [text[s:e] for s, e in split_en_sentences(text)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("今天下雨。明天晴。", ["今天下雨。", "明天晴。"]),
        ("他说:“好。”然后走了。", ["他说:“好。”", "然后走了。"]),
        ("何为“新质生产力”?中共中央作出阐释。", ["何为“新质生产力”?", "中共中央作出阐释。"]),
        ("真的吗?!是的。", ["真的吗?!", "是的。"]),
        ("第一;第二;第三。", ["第一;", "第二;", "第三。"]),
        ("(注:两芯一生态,即鲲鹏cpu、飞腾cpu以及麒麟系统生态)。", ["(注:两芯一生态,即鲲鹏cpu、飞腾cpu以及麒麟系统生态)。"]),
        ("增长了1.5%。达到3.2亿元。", ["增长了1.5%。", "达到3.2亿元。"]),
        ("等待……然后出发。", ["等待……", "然后出发。"]),
        ("集成电路、新材料……等产业。", ["集成电路、新材料……等产业。"]),
        ("没有句号的标题", ["没有句号的标题"]),
        ("“特点是创新,关键在质优。”", ["“特点是创新,关键在质优。”"]),
        ("型号A?B不是问句", ["型号A?B不是问句"]),
        ("《政府工作报告》提出:加快发展。", ["《政府工作报告》提出:加快发展。"]),
        ("  前后空格。  ", ["前后空格。"]),
        ("", []),
    ],
)
def test_zh_sentences(text, expected):
    assert zh_split(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("It rained. Then it stopped.", ["It rained.", "Then it stopped."]),
        ("Wang Weizhong spoke on Jan. 23, 2019. He left.", ["Wang Weizhong spoke on Jan. 23, 2019.", "He left."]),
        ("See No. 5 in the list. It is short.", ["See No. 5 in the list.", "It is short."]),
        ("The U.S. economy grew. Exports rose.", ["The U.S. economy grew.", "Exports rose."]),
        ("Mr. Xu Kunlin delivered the report. It was long.", ["Mr. Xu Kunlin delivered the report.", "It was long."]),
        ("Growth was 5.2 percent. Good.", ["Growth was 5.2 percent.", "Good."]),
        ('He said "yes." She agreed.', ['He said "yes."', "She agreed."]),
        ("What is new? Nothing!", ["What is new?", "Nothing!"]),
        ("On Sept. 3 the plan was set. Done.", ["On Sept. 3 the plan was set.", "Done."]),
        ("A heading without a stop", ["A heading without a stop"]),
        # a list item's number stays with its item
        ("1. We will modernize industry. We will act.", ["1. We will modernize industry.", "We will act."]),
        ("II. Ensuring National Treatment", ["II. Ensuring National Treatment"]),
        ("(3) Upgrading consumption. Health comes first.", ["(3) Upgrading consumption.", "Health comes first."]),
        ("b) Fees are waived. Forms are online.", ["b) Fees are waived.", "Forms are online."]),
        ("Contact: Zhang Ming, Tel.: 010-68205628", ["Contact: Zhang Ming, Tel.: 010-68205628"]),
        # a number that ends a sentence is no list item
        ("The score was 3. I left.", ["The score was 3.", "I left."]),
    ],
)
def test_en_sentences(text, expected):
    assert en_split(text) == expected


def test_offsets_point_into_the_text():
    text = "第一句。 第二句!第三句"
    for s, e in split_zh_sentences(text):
        assert text[s:e].strip() == text[s:e] and text[s:e]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("一\n二\n三\n", ["一", "二", "三"]),
        ("one\n\ntwo\n\n\nthree", ["one", "two", "three"]),
        ("  padded  \n\n", ["padded"]),
        ("a\r\nb\r\n", ["a", "b"]),
        (
            "This is a long line of text that is wrapped at a\ncolumn of about fifty characters and goes on\n"
            "until the end of the paragraph.\n\nThe second paragraph is also wrapped at the\n"
            "same column width and ends here.\n",
            [
                "This is a long line of text that is wrapped at a column of about fifty characters and goes on "
                "until the end of the paragraph.",
                "The second paragraph is also wrapped at the same column width and ends here.",
            ],
        ),
        ("Previous article:\nReturn to the list\nNext article:\n", ["Previous article:", "Return to the list", "Next article:"]),
    ],
)
def test_paragraphs(text, expected):
    assert split_paragraphs(text) == expected


def test_words():
    assert "集成电路" in zh_words("加快发展集成电路产业。")
    assert "," not in zh_words("你好,世界")
    assert en_stems("The integrated circuits industries") == ["integr", "circuit", "industri"]
