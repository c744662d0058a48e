"""The pure DP: hand-made cost matrices, agreement of the banded DP with the reference one, path properties."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from aligner.align.dp import Band, banded_best_path, best_path

BEADS = ((1, 1), (1, 0), (0, 1), (1, 2), (2, 1), (2, 2), (1, 3), (3, 1))


def _dense_costs(n: int, m: int, skip: float = 1.0, default: float = 3.0) -> dict:
    costs = {b: np.full((n + 1, m + 1), default) for b in BEADS}
    costs[(1, 0)][:] = skip
    costs[(0, 1)][:] = skip
    return costs


def _flat(costs: dict, band: Band) -> dict:
    rows, cols = band.cells()
    return {b: c[rows, cols] for b, c in costs.items()}


def _shape(steps) -> list[tuple[int, int]]:
    return [(s.i1 - s.i0, s.j1 - s.j0) for s in steps]


@pytest.mark.parametrize(
    "n, m, cheap, expected",
    [
        # a cheap diagonal: all 1-1
        (3, 3, {((1, 1), i, i): 0.0 for i in (1, 2, 3)}, [(1, 1)] * 3),
        # zh 1 has two English sentences
        (2, 3, {((1, 1), 1, 1): 0.0, ((1, 2), 2, 3): 0.0}, [(1, 1), (1, 2)]),
        # a 3-1 merge
        (3, 1, {((3, 1), 3, 1): 0.0}, [(3, 1)]),
        # zh 2 has no counterpart: an omission
        (3, 2, {((1, 1), 1, 1): 0.0, ((1, 1), 3, 2): 0.0}, [(1, 1), (1, 0), (1, 1)]),
        # an English addition
        (1, 2, {((1, 1), 1, 2): 0.0}, [(0, 1), (1, 1)]),
    ],
)
def test_hand_made_paths(n, m, cheap, expected):
    costs = _dense_costs(n, m)
    for (bead, i, j), c in cheap.items():
        costs[bead][i, j] = c
    assert _shape(best_path(costs, n, m)) == expected
    band = Band.full(n, m)
    assert _shape(banded_best_path(_flat(costs, band), band)) == expected


def test_posterior_is_high_for_a_clear_path_and_lower_for_a_tie():
    costs = _dense_costs(2, 2, skip=5.0, default=5.0)
    costs[(1, 1)][1, 1] = costs[(1, 1)][2, 2] = 0.0
    band = Band.full(2, 2)
    clear = banded_best_path(_flat(costs, band), band, temperature=0.1)
    assert all(s.posterior > 0.99 for s in clear)
    costs[(2, 2)][2, 2] = 0.0  # a 2-2 bead now ties with two 1-1 beads
    tie = banded_best_path(_flat(costs, band), band, temperature=0.1)
    assert all(0.3 < s.posterior < 0.7 for s in tie)


def test_band_shapes():
    band = Band.diagonal(10, 20, 2)
    assert band.contains(0, 0) and band.contains(10, 20)
    assert all(band.lo[i] <= band.lo[i + 1] and band.hi[i] <= band.hi[i + 1] for i in range(10))
    around = Band.around([(0, 0), (5, 1), (10, 20)], 10, 20, 1)
    assert around.contains(5, 1) and around.contains(10, 20)
    rows, cols = around.cells()
    assert len(rows) == around.size == len(set(zip(rows.tolist(), cols.tolist())))


def test_inf_forbids_and_errors_when_no_path():
    costs = {(1, 1): np.full((3, 3), math.inf)}
    band = Band.full(2, 2)
    with pytest.raises(ValueError):
        banded_best_path(_flat(costs, band), band)


@st.composite
def problems(draw):
    n = draw(st.integers(0, 9))
    m = draw(st.integers(0, 9))
    seed = draw(st.integers(0, 2**31 - 1))
    radius = draw(st.integers(0, 4))
    return n, m, seed, radius


@settings(max_examples=60, deadline=None)
@given(problems())
def test_banded_agrees_with_reference_and_covers_every_sentence_once(problem):
    n, m, seed, radius = problem
    if n == 0 and m == 0:
        return
    rng = np.random.default_rng(seed)
    costs = {b: rng.random((n + 1, m + 1)) * 2 for b in BEADS}
    for b in BEADS[3:]:
        costs[b][rng.random((n + 1, m + 1)) < 0.3] = math.inf
    band = Band.diagonal(n, m, radius)
    rows, cols = band.cells()
    mask = np.zeros((n + 1, m + 1), dtype=bool)
    mask[rows, cols] = True
    steps = banded_best_path(_flat(costs, band), band, temperature=0.2)
    # monotone, contiguous, covering every zh and en item exactly once
    assert steps[0].i0 == 0 and steps[0].j0 == 0 and steps[-1].i1 == n and steps[-1].j1 == m
    for a, b in zip(steps, steps[1:]):
        assert (a.i1, a.j1) == (b.i0, b.j0)
    assert all(s.i1 >= s.i0 and s.j1 >= s.j0 and (s.i1 > s.i0 or s.j1 > s.j0) for s in steps)
    assert sum(s.i1 - s.i0 for s in steps) == n and sum(s.j1 - s.j0 for s in steps) == m
    assert all(mask[s.i1, s.j1] for s in steps)
    assert all(0.0 <= s.posterior <= 1.0 for s in steps)
    ref = best_path(costs, n, m, temperature=0.2, band=mask)
    assert sum(s.cost for s in steps) == pytest.approx(sum(s.cost for s in ref))
    assert [(s.i0, s.j0, s.i1, s.j1) for s in steps] == [(s.i0, s.j0, s.i1, s.j1) for s in ref]
    for a, b in zip(steps, ref):
        assert a.posterior == pytest.approx(b.posterior, abs=1e-6)


def _all_paths(n: int, m: int, beads) -> list[list[tuple[tuple[int, int], int, int]]]:
    """Every monotone bead path from (0, 0) to (n, m), as (bead, end row, end column) lists."""
    if (n, m) == (0, 0):
        return [[]]
    out = []
    for a, b in beads:
        if a <= n and b <= m and (a, b) != (0, 0):
            out += [p + [((a, b), n, m)] for p in _all_paths(n - a, m - b, beads)]
    return out


@pytest.mark.parametrize("band_of", [lambda n, m: Band.full(n, m), lambda n, m: Band.diagonal(n, m, 1)])
def test_bead_marginals_match_enumerated_paths(band_of):
    from aligner.align.dp import bead_marginals

    rng = np.random.default_rng(3)
    n, m, t = 3, 4, 0.7
    beads = ((1, 1), (1, 0), (0, 1), (1, 2), (2, 1))
    band = band_of(n, m)
    costs = {b: rng.uniform(0.0, 2.0, (n + 1, m + 1)) for b in beads}
    for b in beads:  # cells outside the band are never visited
        for i in range(n + 1):
            for j in range(m + 1):
                if not band.contains(i, j):
                    costs[b][i, j] = math.inf
    weights, uses = [], []
    for path in _all_paths(n, m, beads):
        visits = [(i - bd[0], j - bd[1]) for bd, i, j in path] + [(i, j) for _, i, j in path]
        if any(not band.contains(i, j) for i, j in visits):
            continue
        weights.append(math.exp(-sum(costs[bd][i, j] for bd, i, j in path) / t))
        uses.append(path)
    total = sum(weights)
    log_z, marg = bead_marginals(_flat(costs, band), band, t)
    assert log_z == pytest.approx(math.log(total), rel=1e-9)
    rows, cols = band.cells()
    for bd in beads:
        expect = np.zeros(len(rows))
        for w, path in zip(weights, uses):
            for b2, i, j in path:
                if b2 == bd:
                    expect[int(band.offsets[i] + j - band.lo[i])] += w / total
        assert np.allclose(marg[bd], expect, atol=1e-12), bd
    # each path takes n zh and m en items: the expected counts add up to them
    assert sum(marg[bd].sum() * bd[0] for bd in beads) == pytest.approx(n)
    assert sum(marg[bd].sum() * bd[1] for bd in beads) == pytest.approx(m)


def test_band_around_takes_a_radius_per_point():
    pts = [(0, 0), (1, 1), (2, 2), (3, 3), (4, 4)]
    same = Band.around(pts, 4, 4, 1)
    per_point = Band.around(pts, 4, 4, np.ones(len(pts), dtype=int))
    assert same.lo.tolist() == per_point.lo.tolist() and same.hi.tolist() == per_point.hi.tolist()
    # radius 0 on the middle points: only the path cell there, plus what keeps rows overlapping
    pinched = Band.around(pts, 4, 4, [1, 0, 0, 0, 1])
    assert pinched.contains(2, 2) and not pinched.contains(2, 3) and not pinched.contains(2, 0)
    assert pinched.contains(0, 1) and pinched.contains(4, 3)
    assert pinched.size < same.size
