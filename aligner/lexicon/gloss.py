"""Glossing Chinese tokens into English stems, and pinyin of names."""

from __future__ import annotations

from functools import lru_cache

from .cedict import cedict
from ..text import WORD_CACHE_SIZE


@lru_cache(maxsize=WORD_CACHE_SIZE)
def token_gloss(token: str) -> frozenset[str]:
    """English stems a Chinese token may be rendered by.

    Words CC-CEDICT lacks (新质生产力) are split greedily into the longest
    dictionary words they contain, and the glosses of the pieces pooled.
    """
    d = cedict()
    g = d.gloss_stems(token)
    if g or len(token) == 1:
        return g
    pieces: set[str] = set()
    i, n = 0, len(token)
    while i < n:
        for j in range(min(n, i + d.max_word_len), i, -1):
            piece = token[i:j]
            if piece in d or j == i + 1:
                pieces |= d.gloss_stems(piece)
                i = j
                break
    return frozenset(pieces)


@lru_cache(maxsize=WORD_CACHE_SIZE)
def name_pinyin(token: str) -> str:
    """Toneless pinyin, joined, lower case: 王伟中 -> 'wangweizhong'."""
    from pypinyin import Style, lazy_pinyin

    return "".join(lazy_pinyin(token, style=Style.NORMAL)).lower().replace("ü", "v")
