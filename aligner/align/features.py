"""Text -> features for alignment costs: glossed Chinese bags, English stem bags, anchors, lengths."""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field

from ..lexicon.gloss import name_pinyin, token_gloss
from ..text.en import en_stems, en_words
from ..text.zh import STOPWORDS as ZH_STOPWORDS, han_count, zh_words_pos

_DIGITS = re.compile(r"\d+(?:[.,]\d+)*")
_LATIN = re.compile(r"[A-Za-z][A-Za-z0-9\-+]*[A-Za-z0-9+]|[A-Za-z]")
_CAP_RUN = re.compile(r"[A-Z][a-z]+(?:[\s\-][A-Z]?[a-z]+)?")


def _digit_anchors(text: str) -> set[str]:
    out = set()
    for d in _DIGITS.findall(text):
        d = d.replace(",", "")
        if d.endswith(".0"):
            d = d[:-2]
        if len(d) >= 2 or d not in "0123456789":
            out.add(d)
    return out


def _latin_anchors(text: str, chinese: bool) -> set[str]:
    """Codes and acronyms (5G, OLED, SK, C919); in Chinese text any Latin token is one."""
    out = set()
    for w in _LATIN.findall(text):
        if len(w) < 2:
            continue
        if chinese or any(c.isdigit() for c in w) or sum(c.isupper() for c in w) >= 2:
            out.add(w.lower())
    return out


@dataclass
class ZhBag:
    """Chinese side: content tokens with their glosses, anchors and length."""

    tokens: Counter = field(default_factory=Counter)
    anchors: set = field(default_factory=set)
    pinyin: set = field(default_factory=set)
    chars: int = 0

    def __add__(self, other: "ZhBag") -> "ZhBag":
        return ZhBag(self.tokens + other.tokens, self.anchors | other.anchors, self.pinyin | other.pinyin,
                     self.chars + other.chars)


@dataclass
class EnBag:
    """English side: content stems, anchors, capitalised-word pinyin candidates and length."""

    stems: Counter = field(default_factory=Counter)
    anchors: set = field(default_factory=set)
    names: set = field(default_factory=set)
    chars: int = 0

    def __add__(self, other: "EnBag") -> "EnBag":
        return EnBag(self.stems + other.stems, self.anchors | other.anchors, self.names | other.names,
                     self.chars + other.chars)


def zh_bag(text: str) -> ZhBag:
    toks = Counter()
    pinyin = set()
    for w, tag in zh_words_pos(text):
        if w.isascii() or w in ZH_STOPWORDS:
            continue
        toks[w] += 1
        if han_count(w) == len(w) and (tag in ("nr", "ns", "nrfg", "nrt") and 2 <= len(w) <= 4
                                       or 2 <= len(w) <= 3 and not token_gloss(w)):
            # a person or place name (or a word the dictionary lacks): its pinyin can anchor
            pinyin.add(name_pinyin(w))
    return ZhBag(toks, _digit_anchors(text) | _latin_anchors(text, True), pinyin,
                 han_count(text) + len(en_words(text)))


def en_bag(text: str) -> EnBag:
    names = set()
    for run in _CAP_RUN.findall(text):
        names.add(re.sub(r"[\s\-]", "", run).lower())
        for part in re.split(r"[\s\-]", run):
            names.add(part.lower())
    return EnBag(Counter(en_stems(text)), _digit_anchors(text) | _latin_anchors(text, False), names, len(text))


@dataclass(frozen=True)
class Idf:
    """Inverse document frequencies over the segments being aligned."""

    zh: dict
    en: dict
    zh_default: float
    en_default: float

    @classmethod
    def fit(cls, zh_bags: list[ZhBag], en_bags: list[EnBag]) -> "Idf":
        nz, ne = max(1, len(zh_bags)), max(1, len(en_bags))
        dz, de = Counter(), Counter()
        for b in zh_bags:
            dz.update(b.tokens.keys())
        for b in en_bags:
            de.update(b.stems.keys())
        return cls(
            {t: math.log(1 + nz / c) for t, c in dz.items()},
            {s: math.log(1 + ne / c) for s, c in de.items()},
            math.log(1 + nz),
            math.log(1 + ne),
        )


def lexical_similarity(z: ZhBag, e: EnBag, idf: Idf) -> float:
    """Translation similarity in [0, 1]: IDF-weighted dictionary coverage both ways, plus anchors."""
    en_stems_set = set(e.stems)
    covered_en: set[str] = set()
    num = den = 0.0
    for tok in z.tokens:
        g = token_gloss(tok)
        if not g:
            continue
        w = idf.zh.get(tok, idf.zh_default)
        den += w
        hit = g & en_stems_set
        if hit:
            num += w
            covered_en |= hit
    zh_cov = num / den if den else 0.0
    # fsum: exact whatever order a set yields its stems in (it changes with the hash seed), so a run's
    # similarities, and the ties between equal-cost paths they decide, are the same every run
    den_e = math.fsum(idf.en.get(s, idf.en_default) for s in en_stems_set)
    en_cov = math.fsum(idf.en.get(s, idf.en_default) for s in covered_en) / den_e if den_e else 0.0
    lex = 2 * zh_cov * en_cov / (zh_cov + en_cov) if zh_cov + en_cov else 0.0
    shared = len(z.anchors & e.anchors) + len(z.pinyin & e.names)
    total = len(z.anchors | e.anchors) + len(z.pinyin)
    if total:
        anchor = shared / total
        # anchors are strong evidence when present, weak when absent
        weight = min(0.5, 0.12 * total)
        return (1 - weight) * lex + weight * anchor
    return lex


def length_penalty(zh_chars: int, en_chars: int, ratio: float) -> float:
    """Squared log deviation of the English/Chinese length ratio from the document's own."""
    d = math.log((en_chars + 10) / (ratio * zh_chars + 10))
    return d * d
