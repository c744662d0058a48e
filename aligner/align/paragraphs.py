"""Paragraph alignment: features -> bead cost matrices -> the pure DP -> links with confidences."""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from ..model import Document, Link, Paragraph
from .dp import Band, Step, banded_best_path, best_path
from .features import EnBag, Idf, ZhBag, en_bag, length_penalty, lexical_similarity, zh_bag


@dataclass(frozen=True)
class ParagraphCosts:
    """The knobs of the paragraph cost model (they go into the run signature)."""

    skip: float = 0.55  # a content paragraph with no counterpart
    skip_heading: float = 0.22  # a heading the other side does not have (renderings add them)
    merge: float = 0.25  # extra cost per paragraph a bead merges beyond 1-1 (2-1: once, 2-2 and 3-1: twice): merged bags cover more
    length_weight: float = 0.35
    temperature: float = 0.08

    def describe(self) -> str:
        return f"skip={self.skip},skip_heading={self.skip_heading},merge={self.merge},len={self.length_weight}"


# up to 4-1 and 1-4: a list of short items the other side runs together in one paragraph
BEADS = ((1, 1), (1, 0), (0, 1), (1, 2), (2, 1), (2, 2), (1, 3), (3, 1), (1, 4), (4, 1))


def _ratio(zh: list[ZhBag], en: list[EnBag]) -> float:
    zc = sum(b.chars for b in zh)
    ec = sum(b.chars for b in en)
    return ec / zc if zc and ec else 3.0


# Documents with at most this many content paragraphs a side are aligned over the whole cost matrix;
# longer ones in a band around the diagonal, widened while the path runs along its edge, so time and
# memory grow with the length rather than its square (a 1,000-paragraph document took minutes).
FULL_UP_TO = 80
BAND_RADIUS = 24


class _Similarities:
    """Lexical similarity of zh paragraph i and en paragraph j, computed when first asked for: `sim[i, j]`."""

    def __init__(self, zb: list[ZhBag], eb: list[EnBag], idf: Idf) -> None:
        self._zb, self._eb, self._idf = zb, eb, idf
        self._known: dict[tuple[int, int], float] = {}

    def __getitem__(self, cell: tuple[int, int]) -> float:
        s = self._known.get(cell)
        if s is None:
            i, j = cell
            s = self._known[cell] = lexical_similarity(self._zb[i], self._eb[j], self._idf)
        return s


def paragraph_costs(
    zh_paras: list[Paragraph], en_paras: list[Paragraph], params: ParagraphCosts, band: Band | None = None
) -> tuple[dict, _Similarities]:
    """Bead cost matrices and the 1-1 similarities (`sim[i, j]`) for two lists of content paragraphs.

    Without `band` the matrices are (n + 1, m + 1); with one they hold its cells, row by row, as
    `banded_best_path` takes them.
    """
    zb = [zh_bag(p.text) for p in zh_paras]
    eb = [en_bag(p.text) for p in en_paras]
    idf = Idf.fit(zb, eb)
    ratio = _ratio(zb, eb)
    n, m = len(zb), len(eb)
    sim = _Similarities(zb, eb, idf)
    inf = math.inf
    rows, cols = (band or Band.full(n, m)).cells()
    values = {bead: np.full(len(rows), inf) for bead in BEADS}

    @lru_cache(maxsize=None)
    def merged_zh(i: int, a: int) -> ZhBag:  # paragraphs i-a .. i-1 as one bag, built once for every j
        return zb[i - 1] if a == 1 else merged_zh(i - 1, a - 1) + zb[i - 1]

    @lru_cache(maxsize=None)
    def merged_en(j: int, b: int) -> EnBag:
        return eb[j - 1] if b == 1 else merged_en(j - 1, b - 1) + eb[j - 1]

    for cell, (i, j) in enumerate(zip(rows.tolist(), cols.tolist())):
        if i >= 1:
            values[(1, 0)][cell] = params.skip_heading if zh_paras[i - 1].heading else params.skip
        if j >= 1:
            values[(0, 1)][cell] = params.skip_heading if en_paras[j - 1].heading else params.skip
        for a, b in BEADS:
            if not a or not b or i < a or j < b:
                continue
            if a == 1 and b == 1:
                s = sim[i - 1, j - 1]
                z, e = zb[i - 1], eb[j - 1]
            else:
                z, e = merged_zh(i, a), merged_en(j, b)
                s = lexical_similarity(z, e, idf)
            # cost per paragraph consumed, so a merge pays for what it swallows
            size = (a + b) / 2
            # a length mismatch matters less when the words agree (a partial rendering is
            # still the rendering of that paragraph; the checks report what it left out)
            lp = min(1.0, length_penalty(z.chars, e.chars, ratio))
            c = size * (1 - s) * (1 + params.length_weight * lp)
            c += params.merge * (a + b - 2)
            if a == 1 and b == 1 and zh_paras[i - 1].heading and en_paras[j - 1].heading:
                # two headings face each other: any shared word makes them a pair rather than a heading
                # each side dropped (a few words give a low similarity even when they are a translation)
                c = min(c, 2 * params.skip_heading * (1 - s))
            values[(a, b)][cell] = c
    if band is not None:
        return values, sim
    return {bead: v.reshape(n + 1, m + 1) for bead, v in values.items()}, sim


def paragraph_path(
    zh_paras: list[Paragraph], en_paras: list[Paragraph], params: ParagraphCosts
) -> tuple[list[Step], _Similarities]:
    """The best bead path over two lists of content paragraphs (with posteriors), and the similarities."""
    n, m = len(zh_paras), len(en_paras)
    if max(n, m) <= FULL_UP_TO:
        costs, sim = paragraph_costs(zh_paras, en_paras, params)
        return best_path(costs, n, m, temperature=params.temperature), sim
    radius = BAND_RADIUS + abs(n - m)  # the diagonal band must hold the skips an unequal count needs
    while True:
        band = Band.diagonal(n, m, radius)
        costs, sim = paragraph_costs(zh_paras, en_paras, params, band)
        steps = banded_best_path(costs, band, params.temperature)
        if radius >= max(n, m) or not band.near_edge(steps, max(2, radius // 8)):
            return steps, sim
        radius *= 2


def align_paragraphs(
    zh: Document, en: Document, params: ParagraphCosts | None = None, costs: dict | None = None
) -> list[Link]:
    """Links between content paragraphs (by paragraph id); furniture takes part in no link."""
    params = params or ParagraphCosts()
    zp, ep = list(zh.content), list(en.content)
    if not zp and not ep:
        return []
    if costs is None:
        steps, _ = paragraph_path(zp, ep, params)
    else:
        steps = best_path(costs, len(zp), len(ep), temperature=params.temperature)
    links = []
    for st in steps:
        conf = st.posterior
        links.append(Link(
            zh=tuple(zp[k].id for k in range(st.i0, st.i1)),
            en=tuple(ep[k].id for k in range(st.j0, st.j1)),
            confidence=round(max(0.0, min(1.0, conf)), 4),
        ))
    return links
