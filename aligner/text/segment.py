"""jieba's default segmentation, the same tokens with fewer Python calls.

`jieba.lcut(text)` (accurate mode, HMM on) builds a dict of prefix lists per character, scores every route
through a generator per character, and copies the HMM's path lists at every step. Segmenting is a large share
of the lexical aligner's time, so `Segmenter.cut` runs the same three steps on jieba's own dictionary and HMM
tables in tight loops:

1. the best route right to left, each character's dictionary words found while scoring it (jieba's
   `get_DAG` + `calc`, with `max`'s tie rule: the longer word on equal score);
2. single characters gathered into runs, a run unknown to the dictionary cut by the HMM (`__cut_DAG`);
3. the HMM (`finalseg`) by Viterbi with back-pointers rather than copied paths, its ties broken as jieba's
   `max` over (probability, state) breaks them.

The floating-point sums are the same expressions in the same order, so the routes are identical;
`tests/test_segment.py` holds the two to the same output.
"""

from __future__ import annotations

from functools import lru_cache
from math import log

_STATES = "BMES"


class Segmenter:
    """Accurate-mode jieba segmentation over jieba's loaded dictionary and HMM tables."""

    def __init__(self, tokenizer, finalseg) -> None:
        import jieba

        tokenizer.check_initialized()
        self._block, self._space = jieba.re_han_default, jieba.re_skip_default  # jieba's block patterns
        self._hmm_han, self._hmm_skip = finalseg.re_han, finalseg.re_skip
        self._freq = tokenizer.FREQ
        self._logtotal = log(tokenizer.total)
        self._start = finalseg.start_P
        self._emit = finalseg.emit_P
        self._force_split = finalseg.Force_Split_Words
        self._min = finalseg.MIN_FLOAT
        prev = finalseg.PrevStatus
        trans = finalseg.trans_P
        # per state: its two possible predecessors, each with the transition's log-probability
        self._prev = {y: tuple((y0, trans[y0].get(y, self._min)) for y0 in prev[y]) for y in _STATES}

    def cut(self, text: str) -> list[str]:
        out: list[str] = []
        for block in self._block.split(text):
            if not block:
                continue
            if self._block.match(block):
                self._cut_block(block, out)
            else:
                for piece in self._space.split(block):
                    if self._space.match(piece):
                        out.append(piece)
                    else:
                        out.extend(piece)
        return out

    def _route(self, s: str) -> list[int]:
        """For each start, the end (exclusive) of the word the best route takes there."""
        freq, logtotal = self._freq, self._logtotal
        n = len(s)
        score = [0.0] * (n + 1)
        end = [0] * n
        for k in range(n - 1, -1, -1):
            best, stop = None, k
            i = k
            f = freq.get(s[k])
            while f is not None:  # s[k:i + 1] is a dictionary prefix; a word when its frequency is not 0
                if f:
                    v = log(f) - logtotal + score[i + 1]
                    if best is None or v >= best:  # max((v, i)): equal scores go to the larger i
                        best, stop = v, i
                i += 1
                if i >= n:
                    break
                f = freq.get(s[k:i + 1])
            if best is None:  # no dictionary word starts here: the character alone, frequency 1
                best = 0.0 - logtotal + score[k + 1]
            score[k], end[k] = best, stop + 1
        return end

    def _cut_block(self, s: str, out: list[str]) -> None:
        end = self._route(s)
        x, n, buf = 0, len(s), ""
        while x < n:
            y = end[x]
            if y - x == 1:
                buf += s[x]
            else:
                if buf:
                    self._flush(buf, out)
                    buf = ""
                out.append(s[x:y])
            x = y
        if buf:
            self._flush(buf, out)

    def _flush(self, buf: str, out: list[str]) -> None:
        if len(buf) == 1:
            out.append(buf)
        elif not self._freq.get(buf):
            self._hmm(buf, out)
        else:
            out.extend(buf)

    def _hmm(self, s: str, out: list[str]) -> None:
        for block in self._hmm_han.split(s):
            if self._hmm_han.match(block):
                for word in self._viterbi_words(block):
                    if word in self._force_split:
                        out.extend(word)
                    else:
                        out.append(word)
            else:
                out.extend(x for x in self._hmm_skip.split(block) if x)

    def _viterbi_words(self, s: str) -> list[str]:
        emit, prev, low = self._emit, self._prev, self._min
        first = s[0]
        v = {y: self._start[y] + emit[y].get(first, low) for y in _STATES}
        back: list[dict[str, str]] = []
        for ch in s[1:]:
            nv, ptr = {}, {}
            for y in _STATES:
                em = emit[y].get(ch, low)
                (a, ta), (b, tb) = prev[y]
                pa, pb = v[a] + ta + em, v[b] + tb + em
                if pa > pb or (pa == pb and a > b):  # max((p, state)): equal probabilities go to the later letter
                    nv[y], ptr[y] = pa, a
                else:
                    nv[y], ptr[y] = pb, b
            v = nv
            back.append(ptr)
        state = "S" if v["S"] >= v["E"] else "E"
        tags = [state]
        for ptr in reversed(back):
            state = ptr[state]
            tags.append(state)
        tags.reverse()
        words, begin, nexti = [], 0, 0
        for i, tag in enumerate(tags):
            if tag == "B":
                begin = i
            elif tag == "E":
                words.append(s[begin:i + 1])
                nexti = i + 1
            elif tag == "S":
                words.append(s[i])
                nexti = i + 1
        if nexti < len(s):
            words.append(s[nexti:])
        return words


@lru_cache(maxsize=1)
def segmenter() -> Segmenter:
    """The process-wide segmenter over jieba's default dictionary."""
    from jieba import finalseg

    from .zh import _jieba

    return Segmenter(_jieba().dt, finalseg)
