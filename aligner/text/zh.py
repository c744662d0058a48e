"""Chinese sentences and words."""

from __future__ import annotations

import logging
import re
from functools import lru_cache

from .segment import segmenter

# Sentence-final marks. Halfwidth ? ! ; count too: web text is often NFKC-folded.
_FINAL = "。！？；!?;"
_ELLIPSIS = "…"
_CLOSERS = "”’」』）)】》〕\"'"
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


# Function words: their dictionary senses ("target" for 的) are noise as translation evidence.
STOPWORDS = frozenset(
    "的 地 得 了 着 过 是 在 和 与 及 以及 或 或者 而 并 并且 且 也 都 又 还 就 才 所 之 其 其中 这 那 此 该 "
    "有 为 以 于 对 把 被 从 到 由 向 往 给 让 使 将 要 会 能 可 可以 应 应当 等 等等 个 中 上 下 里 内 "
    "我们 你们 他们 它们 我 你 他 她 它 自己 各 每 某 如 如下 以下 以上 包括 即 则 若 如果 因为 所以 但 但是 "
    "已 已经 正 正在 很 更 最 较 比较 非常 一 一个 一些 这些 那些 什么 哪 谁 吗 呢 吧 啊 方面 方面的".split()
)


def has_han(text: str) -> bool:
    return _HAN.search(text) is not None


def han_count(text: str) -> int:
    return len(_HAN.findall(text))


def split_zh_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence (start, end) offsets; closing quotes and brackets stay with their sentence."""
    spans: list[tuple[int, int]] = []
    i, n = 0, len(text)
    while i < n:
        j = i
        while j < n:
            ch = text[j]
            if ch in _FINAL or ch == _ELLIPSIS:
                k = j
                while k < n and (text[k] in _FINAL or text[k] == _ELLIPSIS):
                    k += 1
                only_ellipsis = all(c == _ELLIPSIS for c in text[j:k])
                while k < n and text[k] in _CLOSERS:
                    k += 1
                # A halfwidth ?/!/; between two Latin letters or digits is not Chinese punctuation.
                if text[j] in "!?;" and k - j == 1 and j > 0 and text[j - 1].isascii() and text[j - 1].isalnum() \
                        and k < n and text[k].isascii() and text[k].isalnum():
                    j += 1
                    continue
                # An ellipsis followed by more text in the same clause (……等) does not end it.
                if only_ellipsis and k < n and text[k] in "，,、等":
                    j = k
                    continue
                j = k
                break
            j += 1
        s, e = i, j
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            spans.append((s, e))
        i = j
    return spans


@lru_cache(maxsize=1)
def _jieba():
    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return jieba


def zh_words(text: str) -> list[str]:
    """jieba tokens without whitespace and punctuation."""
    return [w for w in segmenter().cut(text) if w.strip() and not _is_punct(w)]


def zh_tokens_with_offsets(text: str) -> list[tuple[str, int, int]]:
    """jieba tokens with their character offsets, punctuation and spaces dropped."""
    out, start = [], 0
    for w in segmenter().cut(text):
        if w.strip() and not _is_punct(w):
            out.append((w, start, start + len(w)))
        start += len(w)
    return out


def _is_punct(w: str) -> bool:
    return not w.isalnum() and all(not (c.isalnum() or _HAN.match(c)) for c in w)


@lru_cache(maxsize=1)
def _posseg():
    _jieba()
    import jieba.posseg

    return jieba.posseg


def zh_words_pos(text: str) -> list[tuple[str, str]]:
    """(word, part-of-speech tag) pairs from jieba; nr = person, ns = place names."""
    return [(p.word, p.flag) for p in _posseg().lcut(text) if p.word.strip() and not _is_punct(p.word)]
