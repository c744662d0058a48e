"""Block similarities: sentence-product tables, lagged norms, token-weighted merges, the sparse lexical vectors."""

from __future__ import annotations

import math

import numpy as np
import pytest

from aligner.align.backends import (DenseScorer, HybridScorer, LexicalBackend, _BlockNorms, _embed_wanted,
                                    _PairProducts, _ranges, _Sparse, _densify)
from aligner.align.dp import Band, banded_best_path


def _cells(n: int, m: int, a: int, b: int, rng) -> tuple[np.ndarray, np.ndarray]:
    """Random band-like cells: rows non-decreasing, every one a valid block end."""
    rows = np.sort(rng.integers(a, n + 1, size=300))
    cols = np.clip(rows * m // n + rng.integers(-6, 7, size=len(rows)), b, m)
    return rows, cols


@pytest.mark.parametrize("a, b", [(1, 1), (1, 2), (2, 1), (3, 2), (4, 1), (2, 4), (4, 4)])
def test_pair_products_equal_the_product_of_block_sums(a, b):
    rng = np.random.default_rng(a * 10 + b)
    n, m = 300, 330  # several 128-row chunks, blocks straddling their edges
    zh, en = rng.normal(size=(n, 16)), rng.normal(size=(m, 16))
    table = _PairProducts(lambda z0, z1, e0, e1: (zh[z0:z1], en[e0:e1]), n, m)
    rows, cols = _cells(n, m, a, b, rng)
    got = table.block_products(a, b, rows, cols)
    want = [zh[r - a:r].sum(0) @ en[c - b:c].sum(0) for r, c in zip(rows, cols)]
    np.testing.assert_allclose(got, want, rtol=1e-9, atol=1e-9)
    # a later request reaching further columns widens the table and stays exact
    far = np.full(3, n), np.array([b, m // 2, m])
    np.testing.assert_allclose(table.block_products(a, b, *far),
                               [zh[n - a:n].sum(0) @ en[c - b:c].sum(0) for c in far[1]], rtol=1e-9, atol=1e-9)


def test_blocks_longer_than_a_tables_reach_widen_it():
    rng = np.random.default_rng(11)
    zh, en = rng.normal(size=(300, 4)), rng.normal(size=(300, 4))
    table = _PairProducts(lambda z0, z1, e0, e1: (zh[z0:z1], en[e0:e1]), 300, 300)
    rows, cols = np.array([130, 140, 200]), np.array([130, 140, 200])
    table.block_products(1, 1, rows, cols)  # builds the chunk's table for short blocks
    got = table.block_products(12, 3, rows, cols)  # 12 zh sentences reach back past the table's start
    want = [zh[r - 12:r].sum(0) @ en[c - 3:c].sum(0) for r, c in zip(rows, cols)]
    np.testing.assert_allclose(got, want, rtol=1e-9, atol=1e-9)


@pytest.mark.parametrize("size", [1, 2, 3, 4, 6])
def test_lagged_norms_equal_the_norm_of_each_block_sum(size):
    rng = np.random.default_rng(size)
    v = rng.normal(size=(700, 8))  # more than one 512-row step
    norms = _BlockNorms(lambda lo, hi: v[lo:hi], len(v))(size)
    assert norms.shape == (len(v) + 1,)
    assert np.all(norms[:size] == 0)
    want = [np.linalg.norm(v[r - size:r].sum(0)) for r in range(size, len(v) + 1)]
    np.testing.assert_allclose(norms[size:], want, rtol=1e-9)


def test_token_weights_leave_single_sentences_alone_and_weigh_merges():
    rng = np.random.default_rng(7)
    zh = rng.normal(size=(3, 6))
    en = rng.normal(size=(4, 6))
    zh /= np.linalg.norm(zh, axis=1, keepdims=True)
    en /= np.linalg.norm(en, axis=1, keepdims=True)
    wz, we = np.array([3.0, 10.0, 1.0]), np.array([2.0, 5.0, 20.0, 1.0])
    plain, weighted = DenseScorer(zh, en, "t"), DenseScorer(zh, en, "t", wz, we)
    rows, cols = np.array([1, 2, 3]), np.array([1, 3, 4])
    np.testing.assert_allclose(plain.similarity(1, 1, rows, cols), weighted.similarity(1, 1, rows, cols), atol=1e-6)
    # zh 1 against en 1-2 (a 1-2 bead ending at (2, 3)): the weighted sum, not the plain one
    got = weighted.similarity(1, 2, np.array([2]), np.array([3]))[0, 0]
    block = we[1] * en[1] + we[2] * en[2]
    assert got == pytest.approx(zh[1] @ block / np.linalg.norm(block), abs=1e-6)
    assert got != pytest.approx(plain.similarity(1, 2, np.array([2]), np.array([3]))[0, 0], abs=1e-4)
    with pytest.raises(ValueError, match="weights"):
        DenseScorer(zh, en, "t", wz[:2], we)


def test_only_wanted_sentences_are_embedded_and_the_rest_are_named_missing():
    asked = []

    def embed(texts):
        asked.extend(texts)
        return np.array([[float(len(t)), 1.0] for t in texts]) / np.sqrt(2)

    zh, en = ["一", "二二", "三三三"], ["a", "bb"]
    wanted = (np.array([True, False, True]), np.array([False, True]))
    zv, ev = _embed_wanted(embed, zh, en, wanted)
    assert asked == ["一", "三三三", "bb"]
    assert zv[1].tolist() == [0.0, 0.0] and ev[0].tolist() == [0.0, 0.0] and zv[2][0] > 0
    dense = DenseScorer(zv, ev, "e5", wanted=wanted)
    zm, em = dense.missing()
    assert zm.tolist() == [[False, True, False]] and em.tolist() == [[True, False]]
    assert DenseScorer(zv, ev, "e5", wanted=(np.ones(3, bool), np.ones(2, bool))).missing() is None
    # a hybrid scorer: the lexical channel lacks nothing
    hz, he = HybridScorer([dense, LexicalBackend().prepare(["你好。"] * 3, ["Hello."] * 2)]).missing()
    assert hz.tolist() == [[False, True, False], [False, False, False]] and he.shape == (2, 2)
    asked.clear()
    _embed_wanted(embed, zh, en, None)
    assert asked == zh + en


def test_sparse_build_sums_repeated_entries_and_keeps_empty_rows():
    sp = _Sparse.build(4, np.array([2, 0, 2, 2]), np.array([5, 1, 5, 0]), np.array([1.0, 2.0, 0.5, 3.0]))
    assert sp.indptr.tolist() == [0, 1, 1, 3, 3]
    dense, feats = _densify(sp, 0, 4)
    assert feats.tolist() == [0, 1, 5]
    assert dense.tolist() == [[0, 2, 0], [0, 0, 0], [3, 0, 1.5], [0, 0, 0]]
    assert _ranges(np.array([2, 0, 3])).tolist() == [0, 1, 0, 1, 2]


def test_lexical_vectors_by_hand():
    """tf-idf of English stems; a Chinese token's idf weight goes to its CC-CEDICT glosses that the English uses."""
    zh = ["苹果。", "中国苹果。"]  # 苹果 -> apple (in both sentences), 中国 -> China (in one)
    en = ["apple.", "apples in china."]  # lower case: no name anchors
    scorer = LexicalBackend().prepare(zh, en)
    l2, l3 = math.log(1 + 2 / 2), math.log(1 + 2 / 1)  # idf of df 2 and df 1 among two sentences
    ez, _ = _densify(scorer._en, 0, 2)
    zz, _ = _densify(scorer._zh, 0, 2)
    assert sorted(ez[0][ez[0] > 0]) == pytest.approx([l2])
    assert sorted(ez[1][ez[1] > 0]) == pytest.approx([l2, l3])
    np.testing.assert_allclose(zz, ez)  # each Chinese sentence maps onto its English one exactly
    sims = scorer.similarity(1, 1, np.array([1, 1, 2, 2]), np.array([1, 2, 1, 2]))[0]
    cross = l2 / math.hypot(l2, l3)
    assert sims == pytest.approx([1.0, cross, cross, 1.0])
    both = scorer.similarity(2, 2, np.array([2]), np.array([2]))[0, 0]
    assert both == pytest.approx(1.0)


def test_path_without_posteriors_is_the_same_path():
    rng = np.random.default_rng(3)
    n, m = 30, 34
    band = Band.full(n, m)
    rows, cols = band.cells()
    costs = {bd: rng.uniform(0, 3, size=len(rows)) for bd in ((1, 1), (1, 0), (0, 1), (1, 2), (2, 1), (2, 2))}
    with_post = banded_best_path(costs, band, 0.5)
    without = banded_best_path(costs, band, 0.5, posteriors=False)
    assert [(s.i0, s.i1, s.j0, s.j1) for s in with_post] == [(s.i0, s.i1, s.j0, s.j1) for s in without]
    assert all(0 <= s.posterior <= 1 for s in with_post)
    assert all(math.isnan(s.posterior) for s in without)
