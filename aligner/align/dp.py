"""A pure dynamic programme over bead cost matrices; it never sees text.

`costs[(a, b)][i, j]` is the cost of a bead that takes zh items i-a..i-1 and
en items j-b..j-1 (so it ends at cell (i, j)); inf forbids it. The path is the
cheapest monotone sequence of beads from (0, 0) to (n, m). Each chosen bead
also gets its posterior probability under exp(-cost / temperature) summed over
all paths (forward-backward), a confidence that reflects the alternatives.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

Bead = tuple[int, int]

DEFAULT_BEADS: tuple[Bead, ...] = ((1, 1), (1, 0), (0, 1), (1, 2), (2, 1), (2, 2))


@dataclass(frozen=True)
class Step:
    """One bead on the best path: zh items [i0, i1), en items [j0, j1)."""

    i0: int
    i1: int
    j0: int
    j1: int
    cost: float
    posterior: float


def _logsumexp(a: float, b: float) -> float:
    if a == -math.inf:
        return b
    if b == -math.inf:
        return a
    hi = max(a, b)
    return hi + math.log(math.exp(a - hi) + math.exp(b - hi))


def best_path(
    costs: dict[Bead, np.ndarray],
    n: int,
    m: int,
    temperature: float = 0.1,
    band: np.ndarray | None = None,
) -> list[Step]:
    """Cheapest monotone bead path covering every item once, with posteriors.

    `band`, when given, is a boolean (n+1, m+1) mask of the cells a path may visit.
    """
    beads = [b for b in costs if b != (0, 0)]
    inf = math.inf
    best = np.full((n + 1, m + 1), inf)
    back: dict[tuple[int, int], Bead] = {}
    fwd = np.full((n + 1, m + 1), -inf)
    best[0, 0] = 0.0
    fwd[0, 0] = 0.0
    t = temperature
    for i in range(n + 1):
        for j in range(m + 1):
            if (i == 0 and j == 0) or (band is not None and not band[i, j]):
                continue
            cell_best, cell_bead, cell_fwd = inf, None, -inf
            for a, b in beads:
                pi, pj = i - a, j - b
                if pi < 0 or pj < 0:
                    continue
                prev = best[pi, pj]
                if prev == inf:
                    continue
                c = costs[(a, b)][i, j]
                if c == inf:
                    continue
                total = prev + c
                if total < cell_best:
                    cell_best, cell_bead = total, (a, b)
                cell_fwd = _logsumexp(cell_fwd, fwd[pi, pj] - c / t)
            best[i, j] = cell_best
            fwd[i, j] = cell_fwd
            if cell_bead is not None:
                back[(i, j)] = cell_bead
    if best[n, m] == inf:
        raise ValueError("no monotone path covers both sides (band too narrow or beads too few)")
    bwd = np.full((n + 1, m + 1), -inf)
    bwd[n, m] = 0.0
    for i in range(n, -1, -1):
        for j in range(m, -1, -1):
            if i == n and j == m:
                continue
            if band is not None and not band[i, j]:
                continue
            acc = -inf
            for a, b in beads:
                ni, nj = i + a, j + b
                if ni > n or nj > m or bwd[ni, nj] == -inf:
                    continue
                c = costs[(a, b)][ni, nj]
                if c == inf:
                    continue
                acc = _logsumexp(acc, bwd[ni, nj] - c / t)
            bwd[i, j] = acc
    z = fwd[n, m]
    steps: list[Step] = []
    i, j = n, m
    while (i, j) != (0, 0):
        a, b = back[(i, j)]
        c = float(costs[(a, b)][i, j])
        post = math.exp(min(0.0, fwd[i - a, j - b] - c / t + bwd[i, j] - z))
        steps.append(Step(i - a, i, j - b, j, c, post))
        i, j = i - a, j - b
    steps.reverse()
    return steps
