"""Paragraph alignment: features -> bead cost matrices -> the pure DP -> links with confidences."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ..model import Document, Link, Paragraph
from .dp import best_path
from .features import EnBag, Idf, ZhBag, en_bag, length_penalty, lexical_similarity, zh_bag


@dataclass(frozen=True)
class ParagraphCosts:
    """The knobs of the paragraph cost model (they go into the run signature)."""

    skip: float = 0.55  # a content paragraph with no counterpart
    skip_heading: float = 0.22  # a heading the other side does not have (renderings add them)
    merge: float = 0.25  # extra cost of a 2-1 or 1-2 bead (twice that for 2-2): merged bags cover more
    length_weight: float = 0.35
    temperature: float = 0.08

    def describe(self) -> str:
        return f"skip={self.skip},skip_heading={self.skip_heading},merge={self.merge},len={self.length_weight}"


BEADS = ((1, 1), (1, 0), (0, 1), (1, 2), (2, 1), (2, 2))


def _ratio(zh: list[ZhBag], en: list[EnBag]) -> float:
    zc = sum(b.chars for b in zh)
    ec = sum(b.chars for b in en)
    return ec / zc if zc and ec else 3.0


def paragraph_costs(
    zh_paras: list[Paragraph], en_paras: list[Paragraph], params: ParagraphCosts
) -> tuple[dict, np.ndarray]:
    """Bead cost matrices and the 1-1 similarity matrix for two lists of content paragraphs."""
    zb = [zh_bag(p.text) for p in zh_paras]
    eb = [en_bag(p.text) for p in en_paras]
    idf = Idf.fit(zb, eb)
    ratio = _ratio(zb, eb)
    n, m = len(zb), len(eb)
    sim = np.zeros((n, m))
    for i in range(n):
        for j in range(m):
            sim[i, j] = lexical_similarity(zb[i], eb[j], idf)
    inf = math.inf
    costs = {bead: np.full((n + 1, m + 1), inf) for bead in BEADS}
    for i in range(n + 1):
        for j in range(m + 1):
            if i >= 1:
                costs[(1, 0)][i, j] = params.skip_heading if zh_paras[i - 1].heading else params.skip
            if j >= 1:
                costs[(0, 1)][i, j] = params.skip_heading if en_paras[j - 1].heading else params.skip
            for a, b in ((1, 1), (1, 2), (2, 1), (2, 2)):
                if i < a or j < b:
                    continue
                if a == 1 and b == 1:
                    s = sim[i - 1, j - 1]
                    z, e = zb[i - 1], eb[j - 1]
                else:
                    z = zb[i - a]
                    for k in range(i - a + 1, i):
                        z = z + zb[k]
                    e = eb[j - b]
                    for k in range(j - b + 1, j):
                        e = e + eb[k]
                    s = lexical_similarity(z, e, idf)
                # cost per paragraph consumed, so a merge pays for what it swallows
                size = (a + b) / 2
                # a length mismatch matters less when the words agree (a partial rendering is
                # still the rendering of that paragraph; the checks report what it left out)
                lp = min(1.0, length_penalty(z.chars, e.chars, ratio))
                c = size * (1 - s) * (1 + params.length_weight * lp)
                c += params.merge * (a + b - 2)
                costs[(a, b)][i, j] = c
    return costs, sim


def align_paragraphs(
    zh: Document, en: Document, params: ParagraphCosts | None = None, costs: dict | None = None
) -> list[Link]:
    """Links between content paragraphs (by paragraph id); furniture takes part in no link."""
    params = params or ParagraphCosts()
    zp, ep = list(zh.content), list(en.content)
    if not zp and not ep:
        return []
    if costs is None:
        costs, _ = paragraph_costs(zp, ep, params)
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
