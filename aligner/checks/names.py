"""Names: Chinese person names must appear in pinyin; places and organisations by glossary, dictionary or pinyin.

Person names come from two sources: a title right before a name (省长王伟中,
市长殷勇: confident, so a missing rendering is major) and jieba's person tags
(nr: less sure, minor). A rendering matches when the toneless pinyin of
surname and given name occurs as capitalised words in either order, with or
without hyphens or spaces: Wang Weizhong, Weizhong Wang, Wang Wei-zhong,
WANG Weizhong. Every reading of a heteronym counts (曾 Zeng, 单 Shan).
Names that pinyin does not render (拜登, 普京, 马克龙) are found through the
English name CC-CEDICT gives them (Biden, Putin, Macron): a missing one is
major after a title (美国总统拜登), minor otherwise.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from ..lexicon.cedict import cedict
from ..lexicon.gloss import name_pinyin, token_gloss
from ..model import Flag, Span
from ..text.zh import han_count
from .omissions import en_evidence, inside, omitted_zh_spans
from .registry import CheckContext, LinkView, register, span_of
from .terms import _pos_tokens, glossary_flags, glossary_hits
from ..text import WORD_CACHE_SIZE

COMPOUND_SURNAMES = frozenset(
    "欧阳 司马 诸葛 上官 东方 皇甫 令狐 慕容 尉迟 公孙 长孙 宇文 司徒 夏侯 轩辕 端木 独孤 南宫 西门 百里 呼延 申屠 司空 澹台".split()
)
# Titles that come right before a person's name in official Chinese prose.
_TITLES = (
    "总书记|书记|副主席|主席|总理|副总理|部长|副部长|省长|副省长|市长|副市长|县长|区长|州长|主任|副主任|"
    "委员长|院长|校长|董事长|总经理|总裁|局长|厅长|司长|处长|大使|发言人|教授|院士|专家|代表|委员|同志"
)
# What typically follows a name: a verb of speaking or acting, or punctuation.
_AFTER = "作在向表指说强主出会称提表介透答受参视调考率带"
# Characters that open the words after a title when no name sits there: a verb or preposition.
_NOT_FIRST = _AFTER + "和与对将就等也都已还是为从把被及并均亦则已于们要"
_PUNCT_AFTER = "，,、。；;：:（(）)“”\"《 "
_TITLED = re.compile(r"(?:" + _TITLES + r")([\u4e00-\u9fff]{2,4})")
# jieba tags many company names and ordinary words as nr; untitled names count only with a common surname.
COMMON_SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
    "姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤习李殷"
)
# Surnames whose usual reading as a character differs from their reading as a surname (曾 ceng / Zeng).
SURNAME_READINGS = {"曾": "zeng", "单": "shan", "解": "xie", "仇": "qiu", "区": "ou", "查": "zha", "朴": "piao",
                    "翟": "zhai", "覃": "qin", "缪": "miao", "盖": "ge", "乐": "yue"}
_PLACE_SUFFIX = re.compile(r"(?:省|市|县|区|镇|村|自治区|特别行政区)$")


@dataclass(frozen=True)
class PersonName:
    text: str
    span: Span
    confident: bool  # after a title: a missing rendering is major


@lru_cache(maxsize=WORD_CACHE_SIZE)
def pinyin_readings(name: str) -> tuple[tuple[str, str], ...]:
    """(surname, given) toneless pinyin pairs for every reading of the name's characters."""
    from pypinyin import Style, pinyin

    surname_len = 2 if name[:2] in COMPOUND_SURNAMES and len(name) >= 3 else 1
    # Every reading of the surname (曾 Zeng/Ceng, 单 Shan/Dan); the given name in its usual reading,
    # or 黄强 would accept "Huang Jiang".
    readings = pinyin(name[:surname_len], style=Style.NORMAL, heteronym=True, errors="ignore")
    if surname_len == 1 and name[0] in SURNAME_READINGS and readings:  # the surname's reading comes first
        usual = SURNAME_READINGS[name[0]]
        readings = [[usual] + [r for r in readings[0] if r != usual]]
    given = pinyin(name[surname_len:], style=Style.NORMAL, errors="ignore") if name[surname_len:] else []
    if len(readings) + len(given) != len(name):
        return ()
    readings = [[r.replace("ü", "v") for r in rs[:3]] for rs in readings + given]
    out = []
    for combo in itertools.islice(itertools.product(*readings), 64):
        out.append(("".join(combo[:surname_len]), "".join(combo[surname_len:])))
    return tuple(dict.fromkeys(out))


def romanisations(name: str) -> list[str]:
    """Compact lower-case forms an English rendering of the name may show ('wangweizhong', 'weizhongwang')."""
    out = []
    for sur, given in pinyin_readings(name):
        out += [sur + given, given + sur]
    return list(dict.fromkeys(out))


def display_pinyin(name: str) -> str:
    """The usual English form: Wang Weizhong, Ouyang Xiu."""
    readings = pinyin_readings(name)
    if not readings:
        return name
    sur, given = readings[0]
    return f"{sur.capitalize()} {given.capitalize()}".strip()


def name_found(name: str, en_text: str) -> bool:
    names = en_evidence(en_text).names
    return any(r in names for r in romanisations(name))


def _title_candidates(text: str) -> list[tuple[int, int]]:
    """Names right after a title: take 3 characters (王伟中作), else 2 (黄强作), judged by what follows."""
    out = []
    for m in _TITLED.finditer(text):
        start = m.start(1)
        if text[start] in _NOT_FIRST and text[start] not in COMMON_SURNAMES:
            continue  # 书记在会上, 省长主持会议, 发言人介绍说: the title is followed by a verb, not a name
        chosen = None
        for length in (3, 2):
            end = start + length
            if end > len(text):
                continue
            follow = text[end:end + 1]
            if not follow or follow in _AFTER or follow in _PUNCT_AFTER or follow.isdigit():  # 王毅7月25日在
                chosen = (start, end)
                break
        if chosen and han_count(text[chosen[0]:chosen[1]]) == chosen[1] - chosen[0]:
            out.append(chosen)
    return out


def person_names(paragraph) -> list[PersonName]:
    text = paragraph.text
    found: list[PersonName] = []
    taken: list[tuple[int, int]] = []
    for s, e in _title_candidates(text):
        found.append(PersonName(text[s:e], span_of(paragraph, s, e), True))
        taken.append((s, e))
    for word, tag, s, e in _pos_tokens(text):
        if tag not in ("nr", "nrfg", "nrt") or not 2 <= len(word) <= 4 or han_count(word) != len(word):
            continue
        surname_len = 2 if word[:2] in COMPOUND_SURNAMES else 1
        if word[:surname_len] not in COMMON_SURNAMES | COMPOUND_SURNAMES or len(word) - surname_len not in (1, 2):
            continue
        if word in cedict() and cedict().gloss_stems(word):
            continue  # a dictionary word (方正 "upright", 高端 "high-end"), not a name
        given = word[surname_len:]
        if word[-1] in "化性型式率度者家" or (len(given) >= 2 and cedict().gloss_stems(given)):
            continue  # 高端化, 高水平 (高 + 水平 "level"): word-formation, not a name
        if any(ts < e and s < te for ts, te in taken):
            continue
        found.append(PersonName(word, span_of(paragraph, s, e), False))
        taken.append((s, e))
    return found


_CAP_PAIR = re.compile(r"\b(?=([A-Z][a-z]+)[\s\-]+([A-Z]?[a-z]+)\b)")


def _near_miss(name: str, view: LinkView) -> Span | None:
    """'Wang Weizong' for 王伟中: the surname right, the given name a letter or two off."""
    readings = pinyin_readings(name)
    for p in view.en:
        for m in _CAP_PAIR.finditer(p.text):
            a, b = m.group(1).lower(), m.group(2).lower()
            for sur, given in readings:
                for s_word, g_word in ((a, b), (b, a)):
                    if s_word == sur and given and g_word != given and _distance(g_word, given) <= 2 and len(given) >= 3:
                        end = p.text.index(m.group(2), m.start() + len(m.group(1))) + len(m.group(2))
                        return span_of(p, m.start(), end)
    return None


def _surname_styled(name: str, view: LinkView) -> Span | None:
    """'Robin Zeng' for 曾毓群, 'Chairman Zeng': the surname after a capitalised word, the name ending there.

    Business English gives many people an English given name (Robin Zeng, Eric Xu) and officials a title
    with the surname. A capitalised word after the surname (Governor Wang Xiaoming) is a given name in
    pinyin, and a wrong one is the near-miss or missing-name case, never this.
    """
    surnames = {sur for sur, _ in pinyin_readings(name)}
    for p in view.en:
        for m in _STYLED.finditer(p.text):
            if m.group(2).lower() in surnames:
                return span_of(p, m.start(), m.end())
    return None


_STYLED = re.compile(r"\b([A-Z][a-z]+)\s+([A-Z][a-z]+)\b(?![\s-]*[A-Z])")


def _distance(a: str, b: str) -> int:
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


@register("names", "major", "Person names in pinyin; places and organisations by glossary, dictionary or pinyin.")
def check_names(ctx: CheckContext) -> Iterator[Flag]:
    if not ctx.translated:
        return
    omitted = omitted_zh_spans(ctx)
    yield from glossary_flags(ctx, "names", names=True)
    glossary_spans = [h.zh for _, h in glossary_hits(ctx)]
    for view in ctx.links:
        if not view.zh or not view.en:
            continue
        seen: set[str] = set()
        for p in view.zh:
            for person in person_names(p):
                if person.text in seen or inside(omitted, p.id, person.span.start, person.span.end):
                    continue
                seen.add(person.text)
                yield from _person_flag(ctx, view, person)
            for word, s, e, surnames, titled in foreign_names(p.text):
                if word in seen or inside(omitted, p.id, s, e) or any(
                        g.paragraph == p.id and g.start < e and s < g.end for g in glossary_spans):
                    continue
                seen.add(word)
                if _surname_in(surnames, view.en_text) or _surname_in(surnames, ctx.en_document_text):
                    continue
                shown = surnames[0]
                yield ctx.flag(
                    "names", "major" if titled else "minor",
                    f"person name {word} ({shown}) is not in the English",
                    zh=span_of(p, s, e), suggestion=shown, key=("foreign person", word),
                )
            for word, tag, s, e in _pos_tokens(p.text):
                if word in seen or len(word) < 2 or han_count(word) != len(word):
                    continue
                if tag != "nt" and not is_place(word, tag):
                    continue
                if inside(omitted, p.id, s, e) or any(
                    g.paragraph == p.id and g.start < e and s < g.end for g in glossary_spans
                ):
                    continue
                seen.add(word)
                org = tag == "nt"
                if _place_found(word, view.en_text, org) or _place_found(word, ctx.en_document_text, org):
                    continue
                kind = "organisation" if tag == "nt" else "place"
                yield ctx.flag(
                    "names", "minor",
                    f"{kind} name {word} not found in the English (no dictionary rendering or pinyin "
                    f"“{display_place(word)}”)",
                    zh=span_of(p, s, e), suggestion=display_place(word), key=("place", word),
                )


def _person_flag(ctx: CheckContext, view: LinkView, person: PersonName) -> Iterator[Flag]:
    if not pinyin_readings(person.text):
        return
    if name_found(person.text, view.en_text):
        return
    expected = display_pinyin(person.text)
    near = _near_miss(person.text, view)
    if near is not None:
        yield ctx.flag(
            "names", "major",
            f"{person.text} is {expected} in pinyin; the English has “{near.text}”",
            zh=person.span, en=near, suggestion=expected, key=("misspelt", person.text, near.text),
        )
        return
    if name_found(person.text, ctx.en_document_text):
        return  # rendered elsewhere in the document: an alignment slip, not a translation error
    styled = _surname_styled(person.text, view)
    if styled is not None:
        yield ctx.flag(
            "names", "info",
            f"{person.text} ({expected}) appears in the English only as “{styled.text}”: check it names the same person",
            zh=person.span, en=styled, suggestion=expected, key=("surname", person.text, styled.text),
        )
        return
    severity = "major" if person.confident else "minor"
    yield ctx.flag(
        "names", severity,
        f"person name {person.text} ({expected}) is not in the English"
        + ("" if person.confident else " (jieba tags it as a name; check it is one)"),
        zh=person.span, suggestion=expected, key=("person", person.text),
    )


# A CC-CEDICT sense that names a person: "Vladimir Putin (1952-), president of Russia", "Biden (name)".
_PERSON_SENSE = re.compile(r"^((?:[A-Z][\w'’.-]*\s+){0,3}[A-Z][\w'’-]+)\s*\((?:name|\d{3,4}-)")
# Titles that come right before a foreign leader's name: 美国总统拜登, 俄罗斯外长拉夫罗夫.
_FOREIGN_TITLE = re.compile(r"(?:总统|总理|首相|外长|外交部长|国务卿|秘书长|主席|国王|女王|部长|大使)$")


@lru_cache(maxsize=WORD_CACHE_SIZE)
def person_surnames(word: str) -> tuple[str, ...]:
    """The surnames CC-CEDICT gives a name that is not Chinese (普京 -> Putin; 梅德韦杰夫 -> Medvedyev, Medvedev)."""
    out = []
    for sense in cedict().senses(word):
        m = _PERSON_SENSE.match(sense.strip())
        if m:
            if re.sub(r"[^a-z]", "", m.group(1).lower()) in romanisations(word) + [name_pinyin(word)]:
                return ()  # a Chinese name (Mao Zedong): read in pinyin by person_names
            out.append(m.group(1).split()[-1])
    return tuple(dict.fromkeys(out))


def foreign_names(text: str) -> list[tuple[str, int, int, tuple[str, ...], bool]]:
    """Names of people that pinyin does not render (拜登 Biden, 普京 Putin), with their English surnames and
    whether a title comes right before them (美国总统拜登: a missing rendering is major)."""
    # the longest dictionary word at each position (jieba cuts unknown transliterations: 马克|龙); a word
    # that names no person is passed over whole, so 马克思主义 yields no Marx
    out = []
    d = cedict()
    s = 0
    while s < len(text):
        e = next((e for e in range(min(len(text), s + 6), s + 1, -1) if text[s:e] in d), s + 1)
        word = text[s:e]
        surnames = person_surnames(word) if e - s >= 2 and han_count(word) == len(word) else ()
        if surnames:
            out.append((word, s, e, surnames, _FOREIGN_TITLE.search(text[max(0, s - 4):s]) is not None))
        s = e
    return out


def _surname_in(surnames: tuple[str, ...], en_text: str) -> bool:
    # a prefix is enough: 约翰 John in "Johnson", 普京 Putin in "Putin's"
    folded = _ascii_lower(en_text)
    return any(re.search(r"\b" + re.escape(_ascii_lower(n)), folded) for n in surnames)


def _ascii_lower(text: str) -> str:
    """Accents dropped, lower case: António -> antonio."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


def display_place(word: str) -> str:
    stem = _PLACE_SUFFIX.sub("", word) or word
    readings = pinyin_readings(stem) if len(stem) >= 2 else ()
    if not readings:
        return stem
    sur, given = readings[0]
    return (sur + given).capitalize()


_PLACE_SENSE = re.compile(r"\b(?:city|province|county|capital|district|prefecture|region|municipality)\b", re.I)
_GENERIC = frozenset("province city county district prefecture region capital municipality of the".split())


def _proper_senses(word: str) -> list[str]:
    senses = [x.strip() for x in cedict().senses(word) if x.strip() and not x.startswith(("CL:", "abbr.", "see "))]
    return senses if senses and all(x[:1].isupper() for x in senses) else []


def is_place(word: str, tag: str) -> bool:
    """A place CC-CEDICT knows only as a proper name (济南, 合肥); words with common senses (深度 'depth',
    新建 'new' and a county) and names the dictionary lacks are left alone: too many false alarms."""
    if tag.startswith("nr"):
        return False  # 方正 is a county, a company and an adjective; jieba reads it as a name here
    senses = _proper_senses(word)
    if not senses:
        return False
    return tag == "ns" or _PLACE_SENSE.search(senses[0]) is not None


def proper_names(word: str) -> set[str]:
    """English proper names the dictionary opens its senses with: 济南 -> {'jinan'}, 中国 -> {'china'}."""
    out = set()
    for sense in _proper_senses(word)[:3]:
        lead = re.match(r"([A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*)", sense)
        if lead:
            # compacted as the English side compacts its capitalised runs: People's Republic -> peoplesrepublic
            words = [re.sub(r"['’]", "", w) for w in lead.group(1).split() if w.lower() not in _GENERIC]
            if words:
                out.add("".join(words).lower())
                out.add(words[0].lower())
    return out


def demonyms(name: str) -> set[str]:
    """Adjectives English forms from a country's name: russia -> russian, china -> chinese, germany -> german."""
    stems = {name} | ({name[:-1]} if name[-1:] in "aeiouy" and len(name) > 3 else set())
    out = {stem + suffix for stem in stems for suffix in ("n", "an", "ian", "ese", "i", "ish")}
    if name.endswith("y"):
        out.add(name[:-1])
    return out - {name}


def _place_found(word: str, en_text: str, organisation: bool = False) -> bool:
    ev = en_evidence(en_text)
    literals = ev.literals | {x.replace(".", "") for x in ev.literals}  # U.S. for 美国 (US)
    names = proper_names(word)
    if any(n in ev.names or n in literals for n in names):
        return True
    if any(d in ev.literals for n in names if len(n) >= 4 for d in demonyms(n)):
        return True  # 俄罗斯总统 "Russian President"
    if organisation and token_gloss(word) & ev.stems:
        return True
    stem = _PLACE_SUFFIX.sub("", word) or word
    for candidate in {stem, word}:
        if len(candidate) < 2:
            continue
        for sur, given in pinyin_readings(candidate):
            # 云龙 in "Yunlonghu laboratory" (云龙湖) counts
            if any(n.startswith(sur + given) for n in ev.names):
                return True
    return False
