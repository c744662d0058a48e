"""Web page furniture: navigation, bylines, source lines, image credits, comment forms.

Decided by rules that generalise: line patterns in both languages, position
(the header before the first body paragraph, the footer after the last), and
length. Furniture keeps its paragraph id; it is shown greyed, never aligned.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..text.zh import han_count, zh_words

# (reason, pattern) — a paragraph matching one of these is furniture wherever it stands.
_ZH_RULES: tuple[tuple[str, re.Pattern], ...] = tuple(
    (why, re.compile(p))
    for why, p in (
        ("source", r"^(?:文章)?(?:来源|出处|原作者|作者|原标题|转自|转载自|本文来源|稿源)\s*[:：丨|]"),
        ("source", r"^《\s*[^》]{1,20}\s*》\s*[（(][^）)]{0,30}版\s*[）)]$"),  # 《 人民日报 》（ 2024年05月25日 01 版）
        ("timestamp", r"^\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?\s*\d{1,2}:\d\d"),  # 2024-05-24 10:32:15 来源：新华社
        ("page metadata", r"^(?:索引号|主题分类|发文机关|成文日期|发文字号|发布日期|发布时间|发布机构|公文种类|有效性|生效日期)\s*[:：]"),
        ("byline", r"^(?:本报|本台|新华社|中新社)(?:特约)?记者\s*[\u4e00-\u9fff]{2,4}(?:[\s、]+[\u4e00-\u9fff]{2,4})*$"),
        ("byline", r"^[（(【]?\s*(?:责任编辑|责编|编辑)\s*[:：丨|]|^(?:记者|通讯员|撰文|文字|审核|校对|监制|美编)\s*[:：丨|]|作者丨|编辑丨"),
        ("image credit", r"^(?:封面)?(?:图片|图|配图|头图|题图)(?:来源|来自|源)\s*[:：丨|]|^图源\s*[:：]|^(?:摄影|摄)\s*[:：丨|]|"
                         r"^[（(]?(?:新华社|本报|中新社)?(?:特约)?(?:记者|通讯员|摄影记者|摄影)\s*[\u4e00-\u9fff、\s]{2,20}摄\s*[）)]?$"),
        ("navigation", r"^(?:上一篇|下一篇|返回列表|返回首页|返回顶部|相关推荐|相关阅读|相关文章|延伸阅读|推荐阅读|热门推荐|您可能感兴趣|猜你喜欢|首页\s*[>＞›])"),
        ("navigation", r"^(?:更多|查看更多|阅读更多|点击查看)\s*(?:>>|»|›|>)?$"),
        ("navigation", r"^(?:[•·]\s*)?(?:正文|首页|导航|菜单)$"),
        ("navigation", r"^【(?:纠错|我要纠错|打印|关闭|关闭窗口)】|^(?:打印本页|关闭窗口|关闭本页)$|^【?字\s*[号体]\s*[:：]?\s*(?:大|默认)"),
        ("navigation", r"^[-—–\s]*(?:END|THE END|The End)[-—–\s]*$"),
        ("navigation", r"^本文(?:共|约)?\s*\d+\s*字|阅读(?:全文)?(?:大约|约|需要|需|时间)?\s*\d+\s*分钟"),
        ("share prompt", r"(?:扫一扫|长按(?:识别|扫描|二维码)|(?:扫描|识别|扫)(?:下方|上方|文末|图中)?二维码|二维码\s*$|"
                         r"扫码(?:关注|加入|下载|阅读|查看|观看|进群|添加|领取|报名|获取|收听|订阅|了解)|扫码\s*$|"
                         r"关注(?:我们|本?公众号)(?![\u4e00-\u9fff])|关注(?:我们的|本)?(?:公众号|视频号)|加入交流群|分享到|"
                         r"点击(?:关注|阅读原文|蓝字|上方)|^分享(?:给|让))"),
        ("share prompt", r"分享\s*[:：]\s*$"),
        ("copyright", r"(?:版权所有|版权声明|免责声明|©|Copyright|未经授权.{0,10}转载|转载请注明|版权归.{0,12}所有|如有侵权|^声明\s*[:：])"),
        ("browser warning", r"(?:浏览器版本|升级浏览器|浏览器.{0,8}(?:过低|不支持)|请(?:您)?(?:使用|更换|切换|升级).{0,20}浏览器|无法正常浏览)"),
        ("comment form", r"^(?:发表评论|评论\s*[:：(（]|我要评论|网友评论|留言板|提交评论)"),
        ("site banner", r"^欢迎(?:您)?(?:来到|访问|光临)"),
        ("site footer", r"(?:主办|承办|协办)(?:单位)?\s*[:：]|主办\s|负责运行维护|ICP备|公网安备|网站标识码"),
    )
)
_MONTHS_EN = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?"
_EN_RULES: tuple[tuple[str, re.Pattern], ...] = tuple(
    (why, re.compile(p, re.I))
    for why, p in (
        ("source", r"^(?:source|original author|originally published|reprinted from)\s*[:：]"),
        ("source", r"^(?:translation|translated)\s+by\b|source text is available online|^original (?:chinese )?(?:text|source|link)\s*[:：]"),
        ("byline", r"^(?:by|posted by|written by|author|editor|edited by|reporter)\s*[:：]?\s+(?-i:[A-Z])"),
        ("byline", rf"^(?:posted|published|updated|last updated)\s*(?:on|at)?\s*[:：]?\s*(?:\d|{_MONTHS_EN}\s+\d)"),
        ("image credit", r"^(?:cover )?(?:image|photo|picture|photograph|figure)\s*(?:source|credit|by)?\s*[:：]|^(?:photo|image) credit|"
                         r"^(?:photo|image|picture)s?\s*/\s*\S|[\[(（]\s*(?:photo|image|picture)s?\s*(?:/|:|：|by)\s*[^\])）]{1,60}[\])）]\s*$"),
        ("navigation", r"^(?:previous|next)\s+(?:article|post|story|page)\b|^return to (?:the )?(?:list|top|home)|^back to (?:top|list|home)|^(?:home|menu)\s*[>›»/]"),
        ("navigation", r"^(?:related (?:articles|posts|news|stories)|read more|tags?\s*:|categories\s*:)"),
        ("navigation", r"^recommended(?:\s+(?:for you|reading|articles?|stories|news|posts?|videos?))?\s*[:：]?$"),
        ("navigation", r"^(?:blog|news)\s+(?:post\s+)?details?$"),
        ("navigation", r"^skip to (?:main )?content$|^top of (?:the )?page$|^most (?:viewed|popular|read|shared)\b|^top (?:news|stories)$|"
                       r"^(?:contact us|about us|site ?map|privacy policy|terms of (?:use|service))$"),
        ("navigation", r"^posted in\b|^filed under\b|^tagged\b|\|\s*tagged\b|^[«‹←]\s*(?:previous|older|newer|next)\b|"
                       r"\b(?:previous|next|older|newer)\s+(?:post|article|entry|story)\s*[»›→]$"),
        ("navigation", r"^(?:(?:home|about(?: us)?|contact(?: us)?|archives?|blog|news|search|log ?in|register)\s*[|/·•]?\s*){3,}$"),
        ("share prompt", r"^share(?:\s+(?:this|on|via|to|with|article|story|page|post)\b|\s*[:：]|\s*$)|^(?:scan the qr code|follow us|subscribe)\b"),
        # the notice, not the word: "Copyright protection shall cover ..." is text
        ("copyright", r"©|\(c\)\s*\d{4}|all rights reserved|copyright\s*(?:\d{4}|[:：]|notice|statement|\(c\)|$)|^disclaimers?\s*[:：]"),
        ("browser warning", r"(?:your browser|upgrade (?:your )?browser|enable javascript|cookies?\b.{0,30}\b(?:accept|consent|policy))"),
        ("comment form", r"(?:leave a (?:reply|comment)|your email address will not be published|required fields are marked|"
                         r"marked with an asterisk|^submit(?: a)? (?:comment|message)|^post comment|your (?:better )?message and reply|^\d+ comments?$|"
                         r"save my name, email|^notify me of|^\d+ (?:thoughts|responses|replies) (?:on|to)\b|^cancel reply$)"),
    )
)
_FINAL_PUNCT = re.compile(r"[。！？!?.…;；:：”\"')）]\s*$")
_TIMESTAMP = re.compile(r"^[\d\s:/.\-年月日时分]+$")
_TITLE_ABOVE = ("byline", "timestamp", "source")
_DOC_NUMBER = re.compile(r"〔\d{4}〕\s*\d+\s*号|\[\d{4}\]\s*No\.\s*\d+")
# an official document's title: 国务院办公厅关于促进数字经济发展的通知
_DOC_TITLE = re.compile(r"关于\S{2,}的(?:通知|意见|实施意见|指导意见|决定|办法|方案|规划|批复|公告|通告|函)》?$")
_PHRASE_PUNCT = re.compile(r"[，、！？,!?](?!\s*$)")
_WRITTEN_DATE = re.compile(r"^\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日$")
_MONTHS = _MONTHS_EN
# the items of a numbered notice: ① …, 1. …, 一、…, (1) …, [1] …
_LIST_ITEM = re.compile(r"^\s*(?:[①-⑳⑴-⒇]|\d{1,2}\s*[.、．)）]|[一二三四五六七八九十]{1,2}\s*、|[（(]\s*(?:\d{1,2}|[一二三四五六七八九十]{1,2})\s*[）)]|\[\d{1,2}\])")
_EN_DATELINE = re.compile(rf"^(?:[A-Z][\w.\-]*\s+){{1,3}}{_MONTHS}\s+\d{{1,2}},?\s+\d{{4}}$|^(?:[A-Z][\w.\-]*\s+){{1,3}}\d{{4}}-\d\d-\d\d$")


@dataclass(frozen=True)
class FurnitureMarks:
    reasons: tuple[str | None, ...]  # why each paragraph is furniture, None for content
    headings: tuple[bool, ...]  # short title-like content lines


def _size(text: str, lang: str) -> int:
    """Chinese characters, or English words."""
    return han_count(text) if lang == "zh" else len(text.split())


def _is_body(text: str, lang: str) -> bool:
    """A paragraph that is unmistakably running text."""
    return _size(text, lang) >= (40 if lang == "zh" else 25) and bool(_FINAL_PUNCT.search(text))


def _is_short(text: str, lang: str) -> bool:
    return _size(text, lang) <= (20 if lang == "zh" else 12)


def _clause_sentence(text: str) -> bool:
    """Clauses (a comma or semicolon) and a full stop at the end: running text, whatever its length."""
    t = text.strip()
    return t.endswith(("。", ".")) and re.search(r"[，,；;]", t) is not None


def _en_sentence(text: str) -> bool:
    """A sentence of mostly lower-case words with a full stop: prose, where a byline is names."""
    words = [w for w in text.split() if w[:1].isalpha()]
    lower = sum(1 for w in words if w[:1].islower())
    return bool(_FINAL_PUNCT.search(text)) and len(words) >= 5 and lower > len(words) / 2


def _rule(text: str, lang: str) -> str | None:
    t = text.strip()
    for why, pat in (_ZH_RULES if lang == "zh" else _EN_RULES):
        if pat.search(t):
            # a long paragraph that merely mentions "copyright" is still content
            if why in ("copyright", "share prompt") and _is_body(t, lang) and _size(t, lang) > (80 if lang == "zh" else 40):
                continue
            # "By the end of 2023, China had built ..." and "By May 2024, China had built 3.74 million
            # 5G base stations." are running text, not bylines
            if why == "byline" and lang == "en" and (_is_body(t, lang) or _en_sentence(t)):
                continue
            return why
    if _TIMESTAMP.match(t):
        return "timestamp"
    if lang == "en" and _EN_DATELINE.match(t):
        return "byline"
    return None


def _vocab(texts: list[str], lang: str) -> set[str]:
    if lang == "zh":
        return {w for t in texts for w in zh_words(t) if len(w) >= 2}
    return {w.lower().strip(".,:;!?\"'()") for t in texts for w in t.split() if len(w) > 3}


def _overlap(text: str, vocab: set[str], lang: str) -> float:
    words = [w for w in zh_words(text) if len(w) >= 2] if lang == "zh" else \
        [w.lower().strip(".,:;!?\"'()") for w in text.split() if len(w) > 3]
    if not words:
        return 0.0
    return sum(1 for w in words if w in vocab) / len(words)


def mark_furniture(paragraphs: list[str], lang: str) -> FurnitureMarks:
    """Mark each paragraph as furniture (with a reason) or content, and flag headings."""
    n = len(paragraphs)
    reasons: list[str | None] = [_rule(p, lang) for p in paragraphs]
    # A notice heading (网站版权声明： / Disclaimer:) owns the numbered items under it, however long they are.
    for i in range(n - 1):
        if reasons[i] == "copyright" and re.search(r"[:：]\s*$", paragraphs[i]) and _is_short(paragraphs[i], lang):
            j = i + 1
            while j < n and reasons[j] is None and _LIST_ITEM.match(paragraphs[j]):
                reasons[j] = "copyright"
                j += 1
    # a long copyright notice or disclaimer is no body paragraph: the footer starts before it
    body = [i for i, p in enumerate(paragraphs) if reasons[i] is None and _is_body(p, lang)]
    if body:
        first, last = body[0], body[-1]
        # a written date right under the text (山东省人民政府 / 2023年12月26日) is the document's date
        for i in range(first + 1, n):
            if reasons[i] == "timestamp" and reasons[i - 1] is None and _WRITTEN_DATE.match(paragraphs[i].strip()):
                reasons[i] = None
        vocab = _vocab([paragraphs[i] for i in body], lang)
        # Header: short lines before the first body paragraph that sit next to furniture and
        # share little vocabulary with the body (a title shares a lot) are furniture too. A line
        # with a comma or a question inside (生成式AI，这一年) is a phrase: menus and site names have none;
        # the line right above a byline or a date is the title; 工信部联科〔2024〕12号 is the document's number,
        # and 关于…的通知 its title.
        # The first line counts as next to furniture only when the header has some: a clean text's first
        # line is its title (2024年政府工作任务), however few words it shares with the body.
        header_has_furniture = any(reasons[:first])
        changed = True
        while changed:
            changed = False
            for i in range(first):
                if reasons[i] is None and _is_short(paragraphs[i], lang) and not _PHRASE_PUNCT.search(paragraphs[i]) \
                        and not _DOC_NUMBER.search(paragraphs[i]) and not _DOC_TITLE.search(paragraphs[i].strip()) \
                        and reasons[i + 1] not in _TITLE_ABOVE:
                    near = (i > 0 and reasons[i - 1]) or (i + 1 < n and reasons[i + 1])
                    if (near or (i == 0 and header_has_furniture)) and _overlap(paragraphs[i], vocab, lang) < 0.34:
                        reasons[i] = "navigation"
                        changed = True
        # Footer: after the last body paragraph, once a furniture line appears,
        # every short line that follows belongs to the page, not the text.
        seen = False
        for i in range(last + 1, n):
            if reasons[i]:
                seen = True
            elif seen and _is_short(paragraphs[i], lang) or (
                i > 0 and reasons[i - 1] == "navigation" and re.search(r"[:：]\s*$", paragraphs[i - 1])
            ):
                reasons[i] = "navigation"
        # The line right after a "Next article:" label is that article's title.
        for i in range(1, n):
            if reasons[i] is None and reasons[i - 1] == "navigation" and re.search(r"[:：]\s*$", paragraphs[i - 1]) \
                    and _is_short(paragraphs[i], lang):
                reasons[i] = "navigation"
    # furniture surrounds a text: a document with nothing else (one line starting 来源:, say) is all text
    if all(reasons):
        reasons = [None] * n
    # with no body paragraph (a short text), nothing is "above the body": sentences stay sentences
    first_body = body[0] if body else 0
    headings = tuple(
        reasons[i] is None and (
            (_size(p, lang) <= (30 if lang == "zh" else 20) and not _FINAL_PUNCT.search(p.strip()))
            # a title: a shortish line above the first body paragraph, whatever its punctuation, unless it
            # is a sentence with clauses (1—11月份，全国…收窄3.4个百分点。 opens a news item, it is no title)
            or (i < first_body and _size(p, lang) <= (50 if lang == "zh" else 30) and not _clause_sentence(p))
        )
        for i, p in enumerate(paragraphs)
    )
    return FurnitureMarks(tuple(reasons), headings)
