"""English sentences, words and stems (NLTK, no nltk_data needed)."""

from __future__ import annotations

import re
from functools import lru_cache
from . import WORD_CACHE_SIZE

_WORD = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)*|\d+(?:[.,]\d+)*%?")

# Abbreviations Punkt cannot learn without training data; none of them ends a sentence.
ABBREVIATIONS = (
    "jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat sun "
    "no nos vol vols art arts sec para pp p fig figs ch chap ed eds "
    "mr mrs ms dr prof gen col lt sgt capt gov sen rep st mt ft jr sr tel "
    "u.s u.k u.n e.g i.e etc vs approx dept corp inc ltd co est al"
).split()

STOPWORDS = frozenset(
    "a an the of to in on at by for with from and or but as is are was were be been being it its this that these "
    "those which who whom whose what when where while will would shall should can could may might must do does did "
    "has have had not no nor so than then there their they them he she his her we our us you your i me my mine "
    "into onto over under about above below between among also such more most other some any each every all both "
    "very just only own same too s t via per up out if".split()
)


@lru_cache(maxsize=1)
def _punkt():
    from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer

    params = PunktParameters()
    params.abbrev_types = set(ABBREVIATIONS)
    return PunktSentenceTokenizer(params)


# A list item's number or letter ("1.", "II.", "b)"): Punkt ends a sentence after it when a capital follows.
_ENUMERATOR = re.compile(r"\(?(?:\d{1,3}|[IVXLC]{1,7}|[A-Za-z])[.)]")


def split_en_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence (start, end) offsets from Punkt with default parameters plus common abbreviations.

    A list item's enumerator stays with the sentence it numbers.
    """
    spans: list[tuple[int, int]] = []
    for s, e in _punkt().span_tokenize(text):
        if not text[s:e].strip():
            continue
        if spans and _ENUMERATOR.fullmatch(text[spans[-1][0]:spans[-1][1]].strip()):
            s = spans.pop()[0]
        spans.append((s, e))
    return spans


@lru_cache(maxsize=1)
def _stemmer():
    from nltk.stem.snowball import SnowballStemmer

    return SnowballStemmer("english")


def en_words(text: str) -> list[str]:
    """Word and number tokens, in order."""
    return _WORD.findall(text)


@lru_cache(maxsize=WORD_CACHE_SIZE)
def stem(word: str) -> str:
    return _stemmer().stem(word.lower())


def en_stems(text: str, drop_stopwords: bool = True) -> list[str]:
    """Lower-cased Snowball stems of the words (numbers dropped)."""
    out = []
    for w in en_words(text):
        if w[0].isdigit():
            continue
        lw = w.lower()
        if drop_stopwords and lw in STOPWORDS:
            continue
        out.append(stem(lw))
    return out
