"""Sentence alignment: backend similarities -> bead costs -> a two-pass banded DP -> links.

Pass one aligns 1-1, 1-0 and 0-1 beads in a wide band around the diagonal;
pass two runs every bead shape (up to `max_bead` sentences a side, at most
`max_bead + 1` in all) in a narrow band around the first path. Both bands
have constant width, so time and memory grow linearly with the length.

A bead's score is its similarity minus the mean similarity of its sentences'
nearest neighbours (a margin, as in vecalign and Bertalign: it corrects for
sentences that resemble everything), per backend channel, weighed; its cost
is minus the score, plus a penalty per sentence beyond 1-1 and a length-ratio
penalty. A skipped sentence costs a constant. The backgrounds and the
statistics that standardise scores come from the whole text, also when it is
aligned paragraph group by paragraph group. Scores are per bead, not per
sentence: two good 1-1 beads beat the 2-2 bead that merges them (Bertalign's
choice too), while a 1-2 bead beats a 1-1 bead plus a skip.

Pass two scores beads with a learned linear model when one is shipped for the
backend's channels (`beadmodel.py`): per channel the standardised margin, the
raw margin and the margin of the bead's worst-explained sentence, the length
deviation, and dialogue structure — whether both sides open and close a
quotation at the same sentence, and agree on question and exclamation marks.
Without a model (a custom backend) the hand-set costs below score pass two too.

A backend with `anchoring` (hybrid) aligns lexically first and embeds only
the sentences outside the confident runs of lexical links it keeps; pass two
then aligns those sentences between the kept links (`_align_anchored`), with
each channel's statistics taken over the sentences it has evidence for.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from ..model import Document, Link, Sentence, SentenceAlignment
from ..text.en import en_words, split_en_sentences
from ..text.zh import han_count, split_zh_sentences
from .backends import PairScorer, SimilarityBackend, get_backend
from .dp import Band, Bead, banded_best_path

DEFAULT_MAX_BEAD = 4


@dataclass(frozen=True)
class SentenceCosts:
    """The knobs of the sentence cost model (they go into the run signature)."""

    # Scores are z-scores (each bead shape standardised over the wide band), so these are in
    # standard deviations. Chosen on mac-dev by leave-one-book-out over a small grid.
    skip: float = 2.0  # a sentence with no counterpart
    bead: float = -1.0  # every matched bead (below 0 favours more, smaller beads)
    merge: float = -0.3  # per extra sentence in a bead beyond 1-1
    length_weight: float = 6.0  # squared log deviation of the bead's length ratio from the text's
    constituent: float = 0.0  # weight of a merge's worst-explained sentence
    neighbours: int = 8  # margin: mean similarity of this many nearest neighbours
    first_radius: int = 60  # pass one: band half-width around the diagonal (widened when touched)
    second_radius: int = 6  # pass two: band half-width around the pass-one path
    temperature: float = 1.0  # for posteriors (confidences), in the same units as the costs

    def describe(self) -> str:
        return (f"skip={self.skip},bead={self.bead},merge={self.merge},len={self.length_weight},"
                f"constituent={self.constituent},k={self.neighbours},"
                f"r1={self.first_radius},r2={self.second_radius},t={self.temperature}")


def bead_shapes(max_bead: int = DEFAULT_MAX_BEAD) -> tuple[Bead, ...]:
    """(1,0), (0,1) and every a-b with a, b >= 1 and a + b <= max_bead + 1."""
    if max_bead < 1:
        raise ValueError("max_bead must be at least 1")
    out: list[Bead] = [(1, 1), (1, 0), (0, 1)]
    for total in range(3, max_bead + 2):
        for a in range(1, total):
            out.append((a, total - a))
    return tuple(out)


# ---------------------------------------------------------------- features -> costs


def _lengths(zh: Sequence[str], en: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    zl = np.array([han_count(t) + len(en_words(t)) for t in zh], dtype=np.float64)
    el = np.array([len(t) for t in en], dtype=np.float64)
    return zl, el


def _cum(x: np.ndarray) -> np.ndarray:
    return np.concatenate(([0.0], np.cumsum(x)))


def _top_mean(values: np.ndarray, groups: np.ndarray, ngroups: int, k: int) -> np.ndarray:
    """Per group, the mean of its k largest values (0 for an empty group)."""
    out = np.zeros(ngroups)
    if len(values) == 0:
        return out
    order = np.lexsort((-values, groups))
    g = groups[order]
    first = np.searchsorted(g, np.arange(ngroups))
    rank = np.arange(len(g)) - first[g]
    keep = rank < k
    sums = np.bincount(g[keep], weights=values[order][keep], minlength=ngroups)
    cnt = np.bincount(g[keep], minlength=ngroups)
    return np.where(cnt > 0, sums / np.maximum(cnt, 1), 0.0)


@dataclass
class _Context:
    """What both passes need: the scorer, the channel weights, lengths and neighbour backgrounds."""

    scorer: PairScorer
    weights: np.ndarray
    zl_cum: np.ndarray
    el_cum: np.ndarray
    ratio: float
    zbg_cum: np.ndarray | None = None  # per channel, cumulative neighbour backgrounds
    ebg_cum: np.ndarray | None = None
    scale: np.ndarray | None = None  # per channel, the spread of 1-1 similarities: channels become comparable
    sample: tuple[np.ndarray, np.ndarray] | None = None  # cells of the wide band, for per-shape statistics
    shape_stats: dict = None  # (a, b) -> (mean, std) per channel of bead scores over the sample
    constituent: float = 0.0
    punct: "_Punctuation | None" = None
    sims: dict = field(default_factory=dict)  # (a, b) -> (sorted cell keys, similarities): each cell scored once
    missing_cum: tuple[np.ndarray, np.ndarray] | None = None  # per channel, cumulative counts of sentences it lacks


def _covered(ctx: _Context, a: int, b: int, r: np.ndarray, c: np.ndarray) -> np.ndarray | None:
    """(channels, cells): whether each channel has evidence for every sentence of the bead; None: all do."""
    if ctx.missing_cum is None:
        return None
    zm, em = ctx.missing_cum
    return ((zm[:, r] - zm[:, r - a]) == 0) & ((em[:, c] - em[:, c - b]) == 0)


def _bead_costs(ctx: _Context, band: Band, shapes: Sequence[Bead], params: SentenceCosts) -> dict[Bead, np.ndarray]:
    rows, cols = band.cells()
    out: dict[Bead, np.ndarray] = {}
    for a, b in shapes:
        cost = np.full(len(rows), math.inf)
        if a == 0 or b == 0:
            ok = (rows >= a) & (cols >= b)
            cost[ok] = params.skip
            out[(a, b)] = cost
            continue
        ok = np.flatnonzero((rows >= a) & (cols >= b))
        if len(ok) == 0:
            out[(a, b)] = cost
            continue
        r, c = rows[ok], cols[ok]
        x = _raw_score(ctx, a, b, r, c)  # (channels, cells)
        mu, sd = _shape_stats(ctx, a, b)
        score = ((ctx.weights / sd)[:, None] * (x - mu[:, None])).sum(axis=0)
        dev = _length_dev(ctx, a, b, r, c)
        cost[ok] = params.bead - score + params.merge * (a + b - 2) + params.length_weight * dev * dev
        out[(a, b)] = cost
    return out


# ---------------------------------------------------------------- learned bead features

_ZH_OPEN, _ZH_CLOSE = "“「『‘\"", "”」』’\""
_EN_OPEN, _EN_CLOSE = "'\"“‘", "'\"”’"
_EN_QUOTE = re.compile(r"(?:^|\s)['\"“‘]|['\"”’](?:\s|$)")
_EN_POSSESSIVE_END = re.compile(r"[sS]'$")


@dataclass
class _Punctuation:
    """Per sentence: opens a quotation, closes one; cumulative counts of ?, ! and quoted sentences."""

    zh_open: np.ndarray
    zh_close: np.ndarray
    zh_cum: np.ndarray  # (3, n+1): question marks, exclamation marks, sentences with quotation marks
    en_open: np.ndarray
    en_close: np.ndarray
    en_cum: np.ndarray

    @classmethod
    def of(cls, zh: Sequence[str], en: Sequence[str]) -> "_Punctuation":
        def zh_flags(t: str) -> tuple:
            t = t.strip()
            return (t[:1] in _ZH_OPEN, t[-1:] in _ZH_CLOSE, t.count("？") + t.count("?"),
                    t.count("！") + t.count("!"), any(ch in t for ch in _ZH_OPEN + _ZH_CLOSE))

        def en_flags(t: str) -> tuple:
            t = t.strip()
            return (t[:1] in _EN_OPEN, t[-1:] in _EN_CLOSE and not _EN_POSSESSIVE_END.search(t), t.count("?"),
                    t.count("!"), bool(_EN_QUOTE.search(t)))

        def side(texts, flags):
            arr = np.array([flags(t) for t in texts], dtype=np.float64).reshape(-1, 5)
            cum = np.concatenate((np.zeros((3, 1)), np.cumsum(arr[:, 2:].T, axis=1)), axis=1)
            return arr[:, 0], arr[:, 1], cum

        zo, zc, zcum = side(zh, zh_flags)
        eo, ec, ecum = side(en, en_flags)
        return cls(zo, zc, zcum, eo, ec, ecum)


SHARED_FEATURES = ("length_dev2", "length_dev", "quote_open", "quote_close", "question", "exclamation", "quoted")
CHANNEL_FEATURES = ("z", "raw", "worst")


def feature_names(channels: Sequence[str]) -> tuple[str, ...]:
    """Names of the bead features for a scorer with these channels, in matrix order."""
    return tuple(f"{c}_{f}" for c in channels for f in CHANNEL_FEATURES) + SHARED_FEATURES


def bead_features(ctx: _Context, a: int, b: int, r: np.ndarray, c: np.ndarray) -> np.ndarray:
    """(features, cells) for beads of shape a-b (a, b >= 1) ending at cells (r, c); see `feature_names`."""
    x = _margin(ctx, a, b, r, c)
    mu, sd = _shape_stats(ctx, a, b)
    z = (x - mu[:, None]) / sd[:, None]
    raw = x / ctx.scale[:, None]
    worst = _worst_constituent(ctx, a, b, r, c) / ctx.scale[:, None] if a + b > 2 else raw
    dev = _length_dev(ctx, a, b, r, c)
    pu = ctx.punct
    zsum = pu.zh_cum[:, r] - pu.zh_cum[:, r - a]
    esum = pu.en_cum[:, c] - pu.en_cum[:, c - b]
    shared = np.stack([
        dev * dev,
        np.abs(dev),
        (pu.zh_open[r - a] != pu.en_open[c - b]).astype(np.float64),
        (pu.zh_close[r - 1] != pu.en_close[c - 1]).astype(np.float64),
        np.minimum(np.abs(zsum[0] - esum[0]), 2.0),
        np.minimum(np.abs(zsum[1] - esum[1]), 2.0),
        ((zsum[2] > 0) != (esum[2] > 0)).astype(np.float64),
    ])
    per_channel = np.stack([v for k in range(len(ctx.weights)) for v in (z[k], raw[k], worst[k])])
    return np.concatenate((per_channel, shared))


def _model_costs(ctx: _Context, band: Band, shapes: Sequence[Bead], model) -> dict[Bead, np.ndarray]:
    rows, cols = band.cells()
    out: dict[Bead, np.ndarray] = {}
    for a, b in shapes:
        cost = np.full(len(rows), math.inf)
        ok = np.flatnonzero((rows >= a) & (cols >= b))
        if len(ok):
            if a == 0 or b == 0:
                cost[ok] = model.cost((a, b), None)
            else:
                cost[ok] = model.cost((a, b), bead_features(ctx, a, b, rows[ok], cols[ok]))
        out[(a, b)] = cost
    return out


def _similarity(ctx: _Context, a: int, b: int, r: np.ndarray, c: np.ndarray) -> np.ndarray:
    """(channels, cells) the scorer's block similarities, each cell computed once per alignment.

    A merge's features look at its sub-beads, which are other beads' cells:
    remembering every scored cell by shape spares scoring them again.
    """
    keys = r * len(ctx.el_cum) + c
    cached = ctx.sims.get((a, b))
    if cached is None:
        vals = ctx.scorer.similarity(a, b, r, c)
        order = np.argsort(keys, kind="stable")
        ctx.sims[(a, b)] = (keys[order], vals[:, order])
        return vals
    ck, cv = cached
    pos = np.minimum(np.searchsorted(ck, keys), len(ck) - 1)
    hit = ck[pos] == keys
    out = np.empty((cv.shape[0], len(keys)))
    out[:, hit] = cv[:, pos[hit]]
    miss = np.flatnonzero(~hit)
    if len(miss):
        vals = ctx.scorer.similarity(a, b, r[miss], c[miss])  # a subset keeps rows non-decreasing
        out[:, miss] = vals
        allk, first = np.unique(np.concatenate((ck, keys[miss])), return_index=True)
        ctx.sims[(a, b)] = (allk, np.concatenate((cv, vals), axis=1)[:, first])
    return out


def _length_dev(ctx: _Context, a: int, b: int, r: np.ndarray, c: np.ndarray) -> np.ndarray:
    """Log deviation of the bead's English/Chinese length ratio from the text's own."""
    zlen = ctx.zl_cum[r] - ctx.zl_cum[r - a]
    elen = ctx.el_cum[c] - ctx.el_cum[c - b]
    return np.log((elen + 10.0) / (ctx.ratio * zlen + 10.0))


def _margin(ctx: _Context, a: int, b: int, r: np.ndarray, c: np.ndarray) -> np.ndarray:
    """(channels, cells) block similarity minus the mean neighbour similarity of its sentences."""
    sims = _similarity(ctx, a, b, r, c)
    zbg = (ctx.zbg_cum[:, r] - ctx.zbg_cum[:, r - a]) / a
    ebg = (ctx.ebg_cum[:, c] - ctx.ebg_cum[:, c - b]) / b
    return sims - (zbg + ebg) / 2


def _raw_score(ctx: _Context, a: int, b: int, r: np.ndarray, c: np.ndarray) -> np.ndarray:
    """Margin of the bead, plus (for merges) the margin of its worst-explained sentence.

    A merge is right only if every sentence in it belongs there: the weakest
    sentence-to-other-block similarity catches a sentence borrowed from a
    neighbouring bead, which the block similarity dilutes.
    """
    x = _margin(ctx, a, b, r, c)
    if ctx.constituent == 0 or a + b <= 2:
        return x * (1 + ctx.constituent)
    return x + ctx.constituent * _worst_constituent(ctx, a, b, r, c)


def _worst_constituent(ctx: _Context, a: int, b: int, r: np.ndarray, c: np.ndarray) -> np.ndarray:
    """Per cell, the lowest margin of one sentence of a merge against the other side's whole block."""
    worst = None
    for p in range(a if a > 1 else 0):
        y = _margin(ctx, 1, b, r - p, c)
        worst = y if worst is None else np.minimum(worst, y)
    for q in range(b if b > 1 else 0):
        y = _margin(ctx, a, 1, r, c - q)
        worst = y if worst is None else np.minimum(worst, y)
    return worst


def _shape_stats(ctx: _Context, a: int, b: int) -> tuple[np.ndarray, np.ndarray]:
    """Mean and spread of a shape's margin similarities over the wide band: shapes become comparable."""
    if ctx.shape_stats is None:
        ctx.shape_stats = {}
    if (a, b) not in ctx.shape_stats:
        r, c = ctx.sample
        ok = (r >= a) & (c >= b)
        r, c = r[ok], c[ok]
        x = _raw_score(ctx, a, b, r, c)
        cov = _covered(ctx, a, b, r, c)
        mu, sd = np.zeros(len(ctx.weights)), ctx.scale.copy()
        for k in range(len(mu)):  # each channel over the cells it has evidence for
            v = x[k] if cov is None else x[k, cov[k]]
            if len(v) >= 2:
                mu[k], sd[k] = v.mean(), max(v.std(), 1e-6)
        ctx.shape_stats[(a, b)] = (mu, sd)
    return ctx.shape_stats[(a, b)]


def _backgrounds(ctx: _Context, band: Band, n: int, m: int, k: int) -> None:
    """Each sentence's mean similarity to its k nearest neighbours inside the pass-one band."""
    rows, cols = band.cells()
    ok = (rows >= 1) & (cols >= 1)
    r, c = rows[ok], cols[ok]
    sims = _similarity(ctx, 1, 1, r, c)
    cov = _covered(ctx, 1, 1, r, c)
    if cov is None:
        cov = np.ones(sims.shape, dtype=bool)
    if k > 0:  # each channel over the cells it has evidence for
        zb = np.stack([_top_mean(s[v], r[v] - 1, n, k) for s, v in zip(sims, cov)])
        eb = np.stack([_top_mean(s[v], c[v] - 1, m, k) for s, v in zip(sims, cov)])
    else:  # no margin: raw similarities, centred on the band's mean
        mean = np.array([[s[v].mean() if v.any() else 0.0] for s, v in zip(sims, cov)])
        zb = np.full((len(sims), n), 1.0) * mean
        eb = np.full((len(sims), m), 1.0) * mean
    ctx.zbg_cum = np.concatenate((np.zeros((len(sims), 1)), np.cumsum(zb, axis=1)), axis=1)
    ctx.ebg_cum = np.concatenate((np.zeros((len(sims), 1)), np.cumsum(eb, axis=1)), axis=1)
    ctx.scale = np.array([max(s[v].std(), 1e-6) if v.sum() > 1 else 1.0 for s, v in zip(sims, cov)])
    # a fixed-seed sample keeps the statistics cheap and the output deterministic
    every = np.flatnonzero(cov.all(axis=0))
    pick = every[np.sort(np.random.default_rng(0).choice(len(every), size=min(len(every), 2000), replace=False))]
    ctx.sample = (r[pick], c[pick])
    ctx.shape_stats = {}


def _path_points(steps) -> list[tuple[int, int]]:
    pts = [(0, 0)]
    for st in steps:
        pts.append((st.i1, st.j1))
    return pts


def _context(zh: Sequence[str], en: Sequence[str], weights: Sequence[float], params: SentenceCosts,
             scorer: PairScorer) -> _Context:
    zl, el = _lengths(zh, en)
    ratio = el.sum() / zl.sum() if zl.sum() and el.sum() else 3.0
    missing = scorer.missing() if hasattr(scorer, "missing") else None
    if missing is not None:
        missing = tuple(np.concatenate((np.zeros((len(x), 1)), np.cumsum(x, axis=1)), axis=1) for x in missing)
    return _Context(scorer, np.asarray(weights, dtype=np.float64), _cum(zl), _cum(el), ratio,
                    constituent=params.constituent, punct=_Punctuation.of(zh, en), missing_cum=missing)


def _text_statistics(zh: Sequence[str], en: Sequence[str], groups: Sequence[tuple[list[int], list[int]]],
                     weights: Sequence[float], params: SentenceCosts, scorer: PairScorer,
                     shapes: Sequence[Bead]) -> _Context:
    """A whole-text context whose neighbour backgrounds, spreads and shape statistics every group shares.

    A paragraph group of a few sentences holds too few cells to standardise its beads by: a 2-2 bead
    has one cell in a group of two sentences a side, and its score, never centred, beat the two 1-1
    beads it merges. The band runs along the groups' corners.
    """
    n, m = len(zh), len(en)
    ctx = _context(zh, en, weights, params, scorer)
    points = [(0, 0)]
    for zids, eids in groups:
        points.append((points[-1][0] + len(zids), points[-1][1] + len(eids)))
    _backgrounds(ctx, Band.around(points, n, m, params.first_radius), n, m, params.neighbours)
    for a, b in set(shapes) | {(1, 1)}:
        if a and b:
            _shape_stats(ctx, a, b)
    return ctx


def _group_context(text: _Context, zh: Sequence[str], en: Sequence[str], z0: int, e0: int,
                   params: SentenceCosts, scorer: PairScorer) -> _Context:
    """The context of the group starting at sentences (z0, e0), measured by the whole text's statistics."""
    ctx = _context(zh, en, text.weights, params, scorer)
    ctx.ratio = text.ratio
    ctx.zbg_cum = text.zbg_cum[:, z0:z0 + len(zh) + 1] - text.zbg_cum[:, z0:z0 + 1]
    ctx.ebg_cum = text.ebg_cum[:, e0:e0 + len(en) + 1] - text.ebg_cum[:, e0:e0 + 1]
    ctx.scale, ctx.shape_stats = text.scale, text.shape_stats
    return ctx


def _pass_one(zh: Sequence[str], en: Sequence[str], weights: Sequence[float], params: SentenceCosts,
              scorer: PairScorer, ctx: _Context | None = None) -> tuple[_Context, Band]:
    """Neighbour backgrounds and the 1-1/skip path in a wide band (widened while the path touches its edge).

    Returns the context and the narrow band around that path, where pass two searches. A given `ctx`
    (a group's, from `_group_context`) keeps the backgrounds it has.
    """
    n, m = len(zh), len(en)
    own = ctx is None
    ctx = ctx or _context(zh, en, weights, params, scorer)
    radius = params.first_radius
    first_shapes = [(1, 1), (1, 0), (0, 1)]
    while True:
        band = Band.diagonal(n, m, radius)
        if own:
            _backgrounds(ctx, band, n, m, params.neighbours)
        steps = banded_best_path(_bead_costs(ctx, band, first_shapes, params), band, params.temperature,
                                 posteriors=False)
        if radius >= max(n, m) or not band.near_edge(steps, max(2, radius // 8)):
            return ctx, Band.around(_path_points(steps), n, m, params.second_radius)
        radius *= 2


def _align(zh: Sequence[str], en: Sequence[str], backend: SimilarityBackend, shapes: Sequence[Bead],
           params: SentenceCosts, scorer: PairScorer | None = None, model="auto",
           ctx: _Context | None = None) -> list[Link]:
    """Links over 0-based positions in `zh` and `en`.

    `model`: a `BeadModel` for pass two, None for the hand-set costs, "auto" for
    the shipped model of the scorer's channels when there is one for these shapes.
    `ctx`: a group's context with the whole text's statistics (`_group_context`).
    """
    from .beadmodel import shipped_model

    n, m = len(zh), len(en)
    if n == 0 or m == 0:
        return [Link((i,), (), 1.0) for i in range(n)] + [Link((), (j,), 1.0) for j in range(m)]
    scorer = scorer or backend.prepare(zh, en)
    if model == "auto":
        model = shipped_model(scorer.channels, shapes)
    ctx, band = _pass_one(zh, en, backend.weights, params, scorer, ctx)
    costs = _model_costs(ctx, band, shapes, model) if model is not None else _bead_costs(ctx, band, shapes, params)
    steps = banded_best_path(costs, band, params.temperature)
    return [
        Link(tuple(range(st.i0, st.i1)), tuple(range(st.j0, st.j1)), round(min(1.0, max(0.0, st.posterior)), 4))
        for st in steps
    ]


def _align_anchored(zh: Sequence[str], en: Sequence[str], backend: SimilarityBackend, shapes: Sequence[Bead],
                    params: SentenceCosts, scorer: PairScorer, lexical: list[Link], kept: list[bool],
                    model="auto", ctx: _Context | None = None) -> list[Link]:
    """Links that keep the `kept` lexical links and align the rest with every channel in between.

    The scorer lacks neural evidence for the kept links' sentences (they were
    not embedded). Statistics (neighbour backgrounds, spreads, shape means)
    come from the whole text, each channel over the cells it has evidence
    for; pass two searches a band around the lexical path that is a single
    cell wide across the kept links, where no bead may cover a sentence the
    scorer lacks except the kept link itself. A given `ctx` (`_group_context`)
    brings the whole text's statistics instead.
    """
    from .beadmodel import shipped_model

    n, m = len(zh), len(en)
    if model == "auto":
        model = shipped_model(scorer.channels, shapes)
    points = [(0, 0)]
    for l in lexical:
        points.append((points[-1][0] + len(l.zh), points[-1][1] + len(l.en)))
    # a point between two kept links is fixed; every other point gets pass two's freedom
    fixed = [False] + [kept[k] and k + 1 < len(kept) and kept[k + 1] for k in range(len(kept))]
    if ctx is None:
        ctx = _context(zh, en, backend.weights, params, scorer)
        _backgrounds(ctx, Band.around(points, n, m, params.first_radius), n, m, params.neighbours)
    band = Band.around(points, n, m, np.where(fixed, 0, params.second_radius))
    costs = _model_costs(ctx, band, shapes, model) if model is not None else _bead_costs(ctx, band, shapes, params)
    rows, cols = band.cells()
    off, lo = band.offsets, band.lo
    for a, b in shapes:
        ok = np.flatnonzero((rows >= a) & (cols >= b))
        cov = _covered(ctx, a, b, rows[ok], cols[ok])
        if cov is not None:
            costs[(a, b)][ok[~cov.all(axis=0)]] = math.inf
    for k, l in enumerate(lexical):
        if kept[k]:
            i, j = points[k + 1]
            costs[(len(l.zh), len(l.en))][int(off[i] + j - lo[i])] = 0.0  # the same on every path
    steps = banded_best_path(costs, band, params.temperature)
    keep = {(points[k], points[k + 1]): lexical[k].confidence for k in range(len(lexical)) if kept[k]}
    out = []
    for st in steps:
        conf = keep.get(((st.i0, st.j0), (st.i1, st.j1)), st.posterior)
        out.append(Link(tuple(range(st.i0, st.i1)), tuple(range(st.j0, st.j1)), round(min(1.0, max(0.0, conf)), 4)))
    return out


def _align_groups(zh: Sequence[str], en: Sequence[str], groups: Sequence[tuple[list[int], list[int]]],
                  backend: SimilarityBackend, shapes: Sequence[Bead], params: SentenceCosts,
                  model="auto", lexical_model="auto", confidences: Sequence[float] | None = None) -> list[Link]:
    """Links of each group (consecutive zh and en ids), one scorer for the whole text.

    One scorer sees every sentence once (IDF, embeddings). A backend with
    `anchoring` (hybrid) first aligns each group lexically (with
    `lexical_model`) and embeds only the sentences outside the confident runs
    of lexical links it keeps. `model` is the pass-two model, as in `_align`.
    `confidences`, one per group, are the paragraph links' own: the sentences
    of a group with one side empty are as surely unmatched as their paragraphs.
    """
    anchoring = getattr(backend, "anchoring", None)
    work = [g for g, (zids, eids) in enumerate(groups) if zids and eids]
    plans: dict[int, tuple[list[Link], list[bool]]] = {}  # group -> its lexical links and which are kept

    def group_ctx(text: _Context | None, g: int, sub: PairScorer) -> _Context | None:
        if text is None:
            return None
        zids, eids = groups[g]
        return _group_context(text, [zh[i] for i in zids], [en[j] for j in eids], zids[0], eids[0], params, sub)

    if not work:
        whole = None
    elif anchoring is None:
        whole = backend.prepare(zh, en)
    else:
        lex = backend.lexical.prepare(zh, en)
        lex_text = _text_statistics(zh, en, groups, backend.lexical.weights, params, lex, shapes) \
            if len(work) > 1 else None
        zw, ew = np.ones(len(zh), dtype=bool), np.ones(len(en), dtype=bool)
        for g in work:
            zids, eids = groups[g]
            sub = _SubScorer(lex, zids, eids)
            lexical = _align([zh[i] for i in zids], [en[j] for j in eids], backend.lexical, shapes, params,
                             sub, lexical_model, group_ctx(lex_text, g, sub))
            kept = anchoring.kept([l.confidence for l in lexical], [bool(l.zh and l.en) for l in lexical])
            if any(kept):
                plans[g] = (lexical, kept)
                for l, k in zip(lexical, kept):
                    if k:
                        zw[[zids[i] for i in l.zh]] = False
                        ew[[eids[j] for j in l.en]] = False
        whole = backend.prepare(zh, en, lexical=lex, wanted=(zw, ew))
    text = _text_statistics(zh, en, groups, backend.weights, params, whole, shapes) if len(work) > 1 else None
    links: list[Link] = []
    for g, (zids, eids) in enumerate(groups):
        if not zids or not eids:
            conf = 1.0 if confidences is None else confidences[g]
            links.extend(Link((i,), (), conf) for i in zids)
            links.extend(Link((), (j,), conf) for j in eids)
            continue
        zt, et, sub = [zh[i] for i in zids], [en[j] for j in eids], _SubScorer(whole, zids, eids)
        if g in plans:
            got = _align_anchored(zt, et, backend, shapes, params, sub, *plans[g], model=model,
                                  ctx=group_ctx(text, g, sub))
        else:
            got = _align(zt, et, backend, shapes, params, sub, model, group_ctx(text, g, sub))
        links.extend(Link(tuple(zids[i] for i in l.zh), tuple(eids[j] for j in l.en), l.confidence) for l in got)
    return links


def _resolve(backend: SimilarityBackend | str | None) -> SimilarityBackend:
    return backend if backend is not None and not isinstance(backend, str) else get_backend(backend)


def align_presplit(
    zh: list[str],
    en: list[str],
    backend: SimilarityBackend | str | None = None,
    max_bead: int = DEFAULT_MAX_BEAD,
    params: SentenceCosts | None = None,
) -> list[Link]:
    """Align sentences given one per item; links use 0-based indices, an empty side is an omission/addition."""
    zh, en = list(zh), list(en)
    return _align_groups(zh, en, [(list(range(len(zh))), list(range(len(en))))], _resolve(backend),
                         bead_shapes(max_bead), params or SentenceCosts())


def split_sentences(doc: Document) -> tuple[Sentence, ...]:
    """The document's content sentences, ids 0-based in order, offsets into their paragraph's text."""
    split = split_zh_sentences if doc.lang == "zh" else split_en_sentences
    out: list[Sentence] = []
    for para in doc.content:
        spans = split(para.text) or ([(0, len(para.text))] if para.text.strip() else [])
        for s, e in spans:
            out.append(Sentence(len(out), para.id, s, e, para.text[s:e]))
    return tuple(out)


def align_sentences(
    zh_doc: Document,
    en_doc: Document,
    paragraph_links: list[Link],
    backend: SimilarityBackend | str | None = None,
    max_bead: int = DEFAULT_MAX_BEAD,
    params: SentenceCosts | None = None,
) -> SentenceAlignment:
    """Sentences of both documents and their links, aligned inside each paragraph link.

    With no paragraph links (a document with no usable paragraphs), the whole
    documents are aligned as one group.
    """
    be = _resolve(backend)
    params = params or SentenceCosts()
    shapes = bead_shapes(max_bead)
    zs, es = split_sentences(zh_doc), split_sentences(en_doc)
    by_para_zh: dict[int, list[Sentence]] = {}
    by_para_en: dict[int, list[Sentence]] = {}
    for s in zs:
        by_para_zh.setdefault(s.paragraph, []).append(s)
    for s in es:
        by_para_en.setdefault(s.paragraph, []).append(s)
    groups = [([s.id for p in l.zh for s in by_para_zh.get(p, [])], [s.id for p in l.en for s in by_para_en.get(p, [])])
              for l in paragraph_links] if paragraph_links else [([s.id for s in zs], [s.id for s in es])]
    links = _align_groups([s.text for s in zs], [s.text for s in es], groups, be, shapes, params,
                          confidences=[l.confidence for l in paragraph_links] if paragraph_links else None)
    return SentenceAlignment(zs, es, tuple(links))


class _SubScorer:
    """A scorer over consecutive id ranges of a whole-document scorer."""

    def __init__(self, whole: PairScorer, zids: list[int], eids: list[int]) -> None:
        self._whole, self._z0, self._e0 = whole, zids[0], eids[0]
        self._z1, self._e1 = zids[0] + len(zids), eids[0] + len(eids)
        self.channels = whole.channels
        if zids != list(range(zids[0], zids[0] + len(zids))) or eids != list(range(eids[0], eids[0] + len(eids))):
            raise ValueError("paragraph groups must hold consecutive sentences")

    def similarity(self, a: int, b: int, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
        return self._whole.similarity(a, b, rows + self._z0, cols + self._e0)

    def missing(self) -> tuple[np.ndarray, np.ndarray] | None:
        got = self._whole.missing() if hasattr(self._whole, "missing") else None
        if got is None:
            return None
        zm, em = got[0][:, self._z0:self._z1], got[1][:, self._e0:self._e1]
        return (zm, em) if zm.any() or em.any() else None
