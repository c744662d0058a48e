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


# ---------------------------------------------------------------------------
# Banded DP for long inputs: the same model, cells restricted to a band.
#
# Row i (zh items consumed) may end at en positions lo[i] <= j < hi[i]. Cost
# arrays are flat, one value per band cell, row after row (`Band.cells()`
# gives the (i, j) of each). Each row is one vector operation per bead; the
# within-row dependency of (0, b) beads is resolved with a prefix scan, so the
# Python loop runs once per row and the work grows with the band's area.
# ---------------------------------------------------------------------------

_SKIP_CLIP = 1e6  # within-row scans need finite costs; a (0, b) bead this dear is never taken


@dataclass(frozen=True)
class Band:
    """Per-row half-open column ranges [lo[i], hi[i]) of the cells a path may visit, i = 0..n."""

    lo: np.ndarray
    hi: np.ndarray
    m: int

    @property
    def n(self) -> int:
        return len(self.lo) - 1

    @property
    def offsets(self) -> np.ndarray:
        """Start of each row in the flat cell arrays (n + 2 entries, the last is the cell count)."""
        return np.concatenate(([0], np.cumsum(self.hi - self.lo)))

    @property
    def size(self) -> int:
        return int((self.hi - self.lo).sum())

    def cells(self) -> tuple[np.ndarray, np.ndarray]:
        """(i, j) of every band cell, row by row."""
        widths = self.hi - self.lo
        rows = np.repeat(np.arange(len(widths)), widths)
        off = self.offsets
        cols = np.arange(off[-1]) - np.repeat(off[:-1], widths) + np.repeat(self.lo, widths)
        return rows, cols

    def contains(self, i: int, j: int) -> bool:
        return 0 <= i <= self.n and self.lo[i] <= j < self.hi[i]

    def near_edge(self, steps: list["Step"], margin: int) -> bool:
        """Whether a path comes within `margin` cells of a side of the band that is not the matrix's own
        (then a wider band may hold a better path)."""
        for st in steps:
            lo, hi = self.lo[st.i1], self.hi[st.i1]
            if (lo > 0 and st.j1 - lo < margin) or (hi <= self.m and hi - 1 - st.j1 < margin):
                return True
        return False

    @classmethod
    def full(cls, n: int, m: int) -> "Band":
        return cls(np.zeros(n + 1, dtype=np.int64), np.full(n + 1, m + 1, dtype=np.int64), m)

    @classmethod
    def diagonal(cls, n: int, m: int, radius: int) -> "Band":
        """Cells within `radius` columns of the straight line from (0, 0) to (n, m)."""
        centre = np.round(np.arange(n + 1) * (m / max(n, 1))).astype(np.int64)
        lo = np.clip(centre - radius, 0, m)
        hi = np.clip(centre + radius + 1, 1, m + 1)
        return cls._connected(lo, hi, m)

    @classmethod
    def around(cls, points: list[tuple[int, int]], n: int, m: int, radius: int | np.ndarray) -> "Band":
        """Cells within `radius` rows or columns of a monotone path of grid points from (0,0) to (n,m).

        `radius` is one for every point, or one per point.
        """
        lo = np.full(n + 1, m + 1, dtype=np.int64)
        hi = np.zeros(n + 1, dtype=np.int64)
        pts = np.asarray(points, dtype=np.int64).reshape(-1, 2)
        rad = np.broadcast_to(np.asarray(radius, dtype=np.int64), (len(pts),))
        reach = int(rad.max()) if len(rad) else 0
        for di in range(-reach, reach + 1):
            near = rad >= abs(di)
            p, r = pts[near], rad[near]
            rows = np.clip(p[:, 0] + di, 0, n)
            np.minimum.at(lo, rows, np.clip(p[:, 1] - r, 0, m))
            np.maximum.at(hi, rows, np.clip(p[:, 1] + r + 1, 1, m + 1))
        return cls._connected(lo, hi, m)

    @classmethod
    def _connected(cls, lo: np.ndarray, hi: np.ndarray, m: int) -> "Band":
        # monotone bounds with overlapping consecutive rows keep every band cell reachable
        lo = np.minimum.accumulate(lo[::-1])[::-1].copy()
        hi = np.maximum.accumulate(hi).copy()
        lo[0] = 0
        hi[-1] = m + 1
        hi = np.maximum(hi, lo + 1)
        # row i must overlap row i-1, or no bead links them
        lo[1:] = np.minimum(lo[1:], hi[:-1] - 1)
        return cls(lo, hi, m)


def _neighbour_index(band: Band, da: np.ndarray, db: np.ndarray, sentinel: int) -> np.ndarray:
    """(K, cells) flat index of cell (i + da[k], j + db[k]) for every band cell (sentinel outside the band)."""
    rows, cols = band.cells()
    off = band.offsets
    out = np.empty((len(da), len(rows)), dtype=np.int64)
    for k in range(len(da)):
        r = rows + da[k]
        ok = (r >= 0) & (r <= band.n)
        r = np.clip(r, 0, band.n)
        c = cols + db[k]
        rlo = band.lo[r]
        ok &= (c >= rlo) & (c < band.hi[r])
        out[k] = np.where(ok, off[r] + c - rlo, sentinel)
    return out


def _logsumexp0(x: np.ndarray) -> np.ndarray:
    mx = x.max(axis=0)
    safe = np.where(np.isfinite(mx), mx, 0.0)
    return safe + np.log(np.exp(x - safe).sum(axis=0))  # callers silence log(0) warnings


@dataclass(frozen=True)
class _Tables:
    """A band's bead costs laid out for the row sweeps: one row of costs and neighbour indices per bead."""

    row_beads: list[Bead]  # beads that take at least one zh item, in `cst` order
    cst: np.ndarray  # (beads, cells + 1) costs; the extra cell stands for "outside the band" (inf)
    skip: np.ndarray | None  # (0, 1) costs, clipped finite for the within-row scans
    pred: np.ndarray  # (beads, cells) the cell each bead starts from
    succ: np.ndarray | None  # (beads, cells) the cell each bead leads to (for backward sums)
    end: int  # the flat index of (n, m)


def _tables(costs: dict[Bead, np.ndarray], band: Band, successors: bool) -> _Tables:
    beads = [b for b in costs if b != (0, 0)]
    if any(a == 0 and b != 1 for a, b in beads):
        raise ValueError("the only bead with no zh side may be (0, 1)")
    n, m = band.n, band.m
    if not (band.contains(0, 0) and band.contains(n, m)):
        raise ValueError("the band must contain (0, 0) and (n, m)")
    size = band.size
    row_beads = [bd for bd in beads if bd[0] > 0]
    da = np.array([a for a, _ in row_beads], dtype=np.int64)
    db = np.array([b for _, b in row_beads], dtype=np.int64)
    cst = np.empty((len(row_beads), size + 1))
    for k, bd in enumerate(row_beads):
        cst[k, :size] = costs[bd]
    cst[:, size] = math.inf
    skip = np.minimum(costs[(0, 1)], _SKIP_CLIP) if (0, 1) in costs else None
    pred = _neighbour_index(band, -da, -db, size)
    succ = _neighbour_index(band, da, db, size) if successors else None
    return _Tables(row_beads, cst, skip, pred, succ, int(band.offsets[n] + (m - band.lo[n])))


def _sweeps(tab: _Tables, band: Band, temperature: float, sums: bool):
    """(fwd, back, bwd): the best path's back-pointers, and with `sums` the forward and backward log-masses."""
    size = band.size
    best = np.full(size + 1, math.inf)
    fwd = np.full(size + 1, -math.inf) if sums else None
    back = np.full(size, -1, dtype=np.int8)
    nb = len(tab.row_beads)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        _forward(band.n, band.offsets, tab.pred, tab.cst, tab.skip, best, fwd, back, nb, temperature)
        if best[tab.end] == math.inf:
            raise ValueError("no monotone path covers both sides (band too narrow or beads too few)")
        bwd = _backward(band.n, band.m, band.lo, band.offsets, tab.succ, tab.cst, tab.skip, np.arange(nb),
                        temperature) if sums else None
    return fwd, back, bwd


def banded_best_path(
    costs: dict[Bead, np.ndarray],
    band: Band,
    temperature: float = 0.1,
    posteriors: bool = True,
) -> list[Step]:
    """Cheapest monotone bead path from (0, 0) to (n, m) inside the band, with posteriors.

    `costs[(a, b)]` holds, for every band cell (i, j), the cost of the bead
    that ends there (zh i-a..i-1, en j-b..j-1); inf forbids it. Same model and
    result as `best_path` restricted to the band, in time linear in its area.
    With `posteriors=False` only the path is wanted: the forward-backward sums
    are skipped and every step's posterior is NaN.
    """
    tab = _tables(costs, band, successors=posteriors)
    fwd, back, bwd = _sweeps(tab, band, temperature, posteriors)
    lo, off, t = band.lo, band.offsets, temperature
    z = fwd[tab.end] if fwd is not None else math.nan
    steps: list[Step] = []
    i, j = band.n, band.m
    while (i, j) != (0, 0):
        cell = int(off[i] + (j - lo[i]))
        k = int(back[cell])
        if k == len(tab.row_beads):
            a, b, c = 0, 1, float(costs[(0, 1)][cell])
        else:
            a, b = tab.row_beads[k]
            c = float(tab.cst[k, cell])
        pcell = int(off[i - a] + (j - b - lo[i - a]))
        post = math.exp(min(0.0, fwd[pcell] - c / t + bwd[cell] - z)) if bwd is not None else math.nan
        steps.append(Step(i - a, i, j - b, j, c, post))
        i, j = i - a, j - b
    steps.reverse()
    return steps


def bead_marginals(costs: dict[Bead, np.ndarray], band: Band, temperature: float = 1.0
                   ) -> tuple[float, dict[Bead, np.ndarray]]:
    """log Z and, per bead shape and band cell, the probability that a path uses that bead there.

    Paths are weighted by exp(-cost / temperature); log Z is the log of their
    total weight. The marginals of a shape sum to its expected count on a path.
    """
    tab = _tables(costs, band, successors=True)
    fwd, _, bwd = _sweeps(tab, band, temperature, True)
    size, z, t = band.size, fwd[tab.end], temperature
    out: dict[Bead, np.ndarray] = {}
    with np.errstate(invalid="ignore", over="ignore"):
        for k, bd in enumerate(tab.row_beads):
            out[bd] = np.nan_to_num(np.exp(fwd[tab.pred[k]] - tab.cst[k, :size] / t + bwd[:size] - z))
        if tab.skip is not None:
            rows, cols = band.cells()
            has_left = np.flatnonzero(cols > band.lo[rows])  # a (0, 1) bead comes from the cell on its left
            mass = np.zeros(size)
            mass[has_left] = np.exp(fwd[has_left - 1] - costs[(0, 1)][has_left] / t + bwd[has_left] - z)
            out[(0, 1)] = np.nan_to_num(mass)
    return float(z), out


def _forward(n, off, pred, cst, skip, best, fwd, back, skip_code, t) -> None:
    """Fill best (min-cost), fwd (log-mass; skipped when None) and back (bead code) row by row."""
    inf = math.inf
    has_beads = pred.shape[0] > 0
    for i in range(n + 1):
        s0, s1 = int(off[i]), int(off[i + 1])
        w = s1 - s0
        if w <= 0:
            continue
        if has_beads:
            idx = pred[:, s0:s1]
            c = cst[:, s0:s1]
            tot = best[idx] + c
            arg = tot.argmin(axis=0)
            cell_best = tot.min(axis=0)
            cell_back = np.where(cell_best < inf, arg, -1).astype(np.int8)
            cell_fwd = _logsumexp0(fwd[idx] - c / t) if fwd is not None else None
        else:
            cell_best, cell_fwd = np.full(w, inf), np.full(w, -inf)
            cell_back = np.full(w, -1, dtype=np.int8)
        if i == 0:
            cell_best[0] = 0.0
            if cell_fwd is not None:
                cell_fwd[0] = 0.0
        if skip is not None and w > 1:
            c = skip[s0:s1].copy()
            c[0] = 0.0  # the first cell has no left neighbour in the band
            p = np.cumsum(c)
            base = cell_best - p
            acc = np.minimum.accumulate(base)
            from_left = acc < base
            cell_best = np.where(from_left, acc + p, cell_best)
            cell_back = np.where(from_left, skip_code, cell_back).astype(np.int8)
            if cell_fwd is not None:
                cell_fwd = np.logaddexp.accumulate(cell_fwd + p / t) - p / t
        best[s0:s1] = cell_best
        if fwd is not None:
            fwd[s0:s1] = cell_fwd
        back[s0:s1] = cell_back


def _backward(n, m, lo, off, succ, cst, skip, kk, t) -> np.ndarray:
    """Log-mass of the completions from each cell to (n, m)."""
    size = succ.shape[1]
    bwd = np.full(size + 1, -math.inf)
    for i in range(n, -1, -1):
        s0, s1 = int(off[i]), int(off[i + 1])
        w = s1 - s0
        if w <= 0:
            continue
        if len(kk):
            idx = succ[:, s0:s1]
            acc_b = _logsumexp0(bwd[idx] - cst[kk[:, None], idx] / t)
        else:
            acc_b = np.full(w, -math.inf)
        if i == n:
            acc_b[m - lo[n]] = 0.0
        if skip is not None and w > 1:
            # bwd[j] = logaddexp(acc_b[j], bwd[j+1] - c[j+1]/t): a scan from the right
            c = skip[s0:s1].copy()
            c[0] = 0.0
            p = np.cumsum(c)
            acc_b = np.logaddexp.accumulate((acc_b - p / t)[::-1])[::-1] + p / t
        bwd[s0:s1] = acc_b
    return bwd
