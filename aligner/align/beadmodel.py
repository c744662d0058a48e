"""A learned linear model of sentence bead costs, and how it is trained.

The cost of a bead of shape a-b (a, b >= 1) is minus a linear score of its
features (`sentences.feature_names`): `w . x + v . x * (a + b - 2) + bias[a-b]`;
the second term lets a merge weigh its evidence differently from a 1-1 bead.
A skipped sentence costs `-bias[1-0]` or `-bias[0-1]`.

Training fits a linear-chain CRF over whole chapters: a path's probability is
proportional to exp(-its cost), and the weights minimise the softmax-margin
loss (Gimpel & Smith 2010) -- log Z, with beads not in the gold alignment made
cheaper by `loss` per sentence, minus the target path's score -- plus an L2
pull towards the hand-set cost model, where training starts. The gradient is
the expected feature counts under the bead marginals (forward-backward) minus
the target's. The gold alignment may use beads the model cannot express (a
2-4 bead when the largest is 1-4): the target is then the expressible path
that shares the most links with gold. Because the model is a probability over
paths, the posteriors at temperature 1 are the link confidences it was
trained to give.

One weight vector per channel layout, shipped in `data/bead_model.json`:
`lexical` (the lexical backend), `dense` (one embedding channel: e5, st:PATH)
and `hybrid` (an embedding channel and the lexical one).
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import NamedTuple
from functools import lru_cache
from pathlib import Path

import numpy as np

from .dp import Band, Bead, banded_best_path, bead_marginals

MODEL_PATH = Path(__file__).parent / "data" / "bead_model.json"
FORMAT = "aligner/bead-model@1"


def layout_of(channels: Sequence[str]) -> str | None:
    """The model layout for a scorer's channels, None when no layout fits."""
    dense = ("e5", "st")
    if tuple(channels) == ("lexical",):
        return "lexical"
    if len(channels) == 1 and channels[0] in dense:
        return "dense"
    if len(channels) == 2 and channels[0] in dense and channels[1] == "lexical":
        return "hybrid"
    return None


def multipliers(shape: Bead) -> np.ndarray:
    """How much each block of feature weights counts for a bead of this shape: 1, and a + b - 2 (merges)."""
    a, b = shape
    return np.array([1.0, a + b - 2.0])


BLOCKS = len(multipliers((1, 1)))  # blocks of feature weights


def _effective(w: np.ndarray, nfeat: int, shape: Bead) -> np.ndarray:
    """The feature weights of one shape: the weight blocks combined by the shape's multipliers."""
    return multipliers(shape) @ w[:BLOCKS * nfeat].reshape(BLOCKS, nfeat)


def _shape_key(shape: Bead) -> str:
    return f"{shape[0]}-{shape[1]}"


@dataclass(frozen=True)
class BeadModel:
    layout: str
    features: tuple[str, ...]
    weights: np.ndarray  # (BLOCKS * len(features),): one block per multiplier, see `multipliers`
    bias: dict[Bead, float]

    def covers(self, shapes: Sequence[Bead]) -> bool:
        return all(s in self.bias for s in shapes)

    def cost(self, shape: Bead, feats: np.ndarray | None) -> np.ndarray | float:
        """Costs of beads of `shape` with feature matrix `feats` (features, cells); a skip has none."""
        if feats is None:
            return -self.bias[shape]
        return -(_effective(self.weights, len(self.features), shape) @ feats + self.bias[shape])

    def digest(self) -> str:
        blob = json.dumps(self.to_json(), sort_keys=True).encode()
        return hashlib.sha256(blob).hexdigest()[:10]

    def describe(self) -> str:
        return f"bead-model({self.layout};{self.digest()})"

    def to_json(self) -> dict:
        return {"features": list(self.features), "weights": [round(float(x), 6) for x in self.weights],
                "bias": {_shape_key(s): round(float(v), 6) for s, v in sorted(self.bias.items())}}

    @classmethod
    def from_json(cls, layout: str, data: dict) -> "BeadModel":
        bias = {}
        for key, v in data["bias"].items():
            a, b = key.split("-")
            bias[(int(a), int(b))] = float(v)
        return cls(layout, tuple(data["features"]), np.asarray(data["weights"], dtype=np.float64), bias)


@lru_cache(maxsize=1)
def _shipped() -> dict[str, BeadModel]:
    if not MODEL_PATH.is_file():
        return {}
    data = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    if data.get("format") != FORMAT:
        return {}
    return {name: BeadModel.from_json(name, m) for name, m in data["layouts"].items()}


def shipped_model(channels: Sequence[str], shapes: Sequence[Bead]) -> BeadModel | None:
    """The shipped model for these channels if it knows every shape (and the features match), else None."""
    from .sentences import feature_names

    layout = layout_of(channels)
    model = _shipped().get(layout) if layout else None
    if model is None or not model.covers(shapes) or model.features != feature_names(channels):
        return None
    return model


def describe_model(channels: Sequence[str], shapes: Sequence[Bead]) -> str:
    """For run signatures: which pass-two cost model a scorer with these channels gets."""
    model = shipped_model(channels, shapes)
    return model.describe() if model else "hand-set"


# ---------------------------------------------------------------- training


@dataclass
class _Chapter:
    """One training document: its pass-two band, per-shape features and the target path's features."""

    band: Band
    shapes: tuple[Bead, ...]
    feats: dict[Bead, tuple[np.ndarray, np.ndarray | None]]  # shape -> (cells where allowed, features)
    gold_mask: dict[Bead, np.ndarray]  # shape -> which allowed cells end a gold bead
    target: np.ndarray | None = None

    def path_vector(self, steps, nfeat: int) -> np.ndarray:
        """Sum over the path's beads of [x * each multiplier, one-hot shape]."""
        nb = BLOCKS * nfeat
        out = np.zeros(nb + len(self.shapes))
        off, lo = self.band.offsets, self.band.lo
        for st in steps:
            shape = (st.i1 - st.i0, st.j1 - st.j0)
            cell = int(off[st.i1] + (st.j1 - lo[st.i1]))
            allowed, x = self.feats[shape]
            if x is not None:
                col = x[:, int(np.searchsorted(allowed, cell))]
                out[:nb] += np.outer(multipliers(shape), col).ravel()
            out[nb + self.shapes.index(shape)] += 1
        return out


def _prepare_chapter(zh, en, gold, backend, shapes, params, scorer=None) -> _Chapter:
    from .sentences import _pass_one, bead_features

    scorer = scorer or backend.prepare(zh, en)
    ctx, band = _pass_one(zh, en, backend.weights, params, scorer)
    rows, cols = band.cells()
    ends, i, j = set(), 0, 0
    for zs, es in gold:
        i, j = i + len(zs), j + len(es)
        ends.add((len(zs), len(es), i, j))
    feats, gold_mask = {}, {}
    for a, b in shapes:
        allowed = np.flatnonzero((rows >= a) & (cols >= b))
        r, c = rows[allowed], cols[allowed]
        x = bead_features(ctx, a, b, r, c) if a and b and len(allowed) else None
        feats[(a, b)] = (allowed, x)
        gold_mask[(a, b)] = np.array([(a, b, int(p), int(q)) in ends for p, q in zip(r, c)], dtype=bool)
    return _Chapter(band, tuple(shapes), feats, gold_mask)


def _costs(ch: _Chapter, w: np.ndarray, nfeat: int, loss: float = 0.0) -> dict[Bead, np.ndarray]:
    size = int(ch.band.offsets[-1])
    out = {}
    for k, shape in enumerate(ch.shapes):
        allowed, x = ch.feats[shape]
        cost = np.full(size, math.inf)
        val = np.full(len(allowed), -w[BLOCKS * nfeat + k])
        if x is not None:
            val -= _effective(w, nfeat, shape) @ x
        if loss:
            val -= loss * (~ch.gold_mask[shape]) * (shape[0] + shape[1])
        cost[allowed] = val
        out[shape] = cost
    return out


def _target(ch: _Chapter, nfeat: int) -> np.ndarray:
    """Features of the expressible path with the most gold beads."""
    if ch.target is None:
        size = int(ch.band.offsets[-1])
        costs = {}
        for shape in ch.shapes:
            allowed, _ = ch.feats[shape]
            c = np.full(size, math.inf)
            c[allowed] = np.where(ch.gold_mask[shape], -1.0, 0.01)
            costs[shape] = c
        ch.target = ch.path_vector(banded_best_path(costs, ch.band, 0.01, posteriors=False), nfeat)
    return ch.target


def initial_weights(channels: Sequence[str], shapes: Sequence[Bead], weights: Sequence[float], params) -> np.ndarray:
    """The hand-set cost model (`SentenceCosts`) written as weights of this model: training starts there."""
    from .sentences import feature_names

    names = feature_names(channels)
    nfeat = len(names)
    nb = BLOCKS * nfeat
    w = np.zeros(nb + len(shapes))
    for k, ch in enumerate(channels):
        w[names.index(f"{ch}_z")] = weights[k]
    w[names.index("length_dev2")] = -params.length_weight
    for k, (a, b) in enumerate(shapes):
        w[nb + k] = -params.skip if a == 0 or b == 0 else -(params.bead + params.merge * (a + b - 2))
    return w


def _expected(ch: _Chapter, marginals: dict[Bead, np.ndarray], nfeat: int) -> np.ndarray:
    """Expected `path_vector` under the bead marginals."""
    nb = BLOCKS * nfeat
    out = np.zeros(nb + len(ch.shapes))
    for k, shape in enumerate(ch.shapes):
        allowed, x = ch.feats[shape]
        p = marginals[shape][allowed]
        out[nb + k] = p.sum()
        if x is not None:
            out[:nb] += np.outer(multipliers(shape), x @ p).ravel()
    return out


def objective(chapters: Sequence[_Chapter], w: np.ndarray, w0: np.ndarray, nfeat: int, loss: float,
              l2: float) -> tuple[float, np.ndarray]:
    """Softmax-margin loss and its gradient: sum over chapters of log Z (cost-augmented) minus the
    target path's score, plus l2/2 |w - w0|^2."""
    value, grad = 0.0, l2 * (w - w0)
    for ch in chapters:
        target = _target(ch, nfeat)
        log_z, marginals = bead_marginals(_costs(ch, w, nfeat, loss), ch.band, 1.0)
        value += log_z - target @ w
        grad += _expected(ch, marginals, nfeat) - target
    return value + 0.5 * l2 * float((w - w0) @ (w - w0)), grad


def fit(chapters: Sequence[_Chapter], w0: np.ndarray, nfeat: int, loss: float = 0.3, l2: float = 1.0,
        iterations: int = 200, memory: int = 10, tolerance: float = 1e-6) -> np.ndarray:
    """Minimise `objective` from `w0` with L-BFGS and a backtracking line search.

    The objective is convex (log-sum-exp of scores linear in w, plus L2), so
    the result is its unique minimum, whatever the start; `tolerance` is the
    relative decrease below which the search stops.
    """
    w = w0.copy()
    value, grad = objective(chapters, w, w0, nfeat, loss, l2)
    steps: list[tuple[np.ndarray, np.ndarray, float]] = []  # (s, y, 1 / y.s) of the last `memory` steps
    for _ in range(iterations):
        q, alphas = grad.copy(), []
        for s, y, rho in reversed(steps):
            alpha = rho * (s @ q)
            q -= alpha * y
            alphas.append(alpha)
        if steps:
            s, y, _ = steps[-1]
            q *= (s @ y) / (y @ y)
        else:
            q /= max(1.0, float(np.linalg.norm(grad)))
        for (s, y, rho), alpha in zip(steps, reversed(alphas)):
            q += s * (alpha - rho * (y @ q))
        direction, step = -q, 1.0
        while True:
            new_w = w + step * direction
            new_value, new_grad = objective(chapters, new_w, w0, nfeat, loss, l2)
            if new_value <= value + 1e-4 * step * (grad @ direction) or step < 1e-6:
                break
            step /= 2
        s, y = new_w - w, new_grad - grad
        if s @ y > 1e-10:
            steps = (steps + [(s, y, 1.0 / (s @ y))])[-memory:]
        decrease = value - new_value
        w, value, grad = new_w, new_value, new_grad
        if decrease <= tolerance * max(1.0, abs(value)):
            break
    return w


def decode(ch: _Chapter, w: np.ndarray, nfeat: int) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    steps = banded_best_path(_costs(ch, w, nfeat), ch.band, 1.0, posteriors=False)
    return [(tuple(range(s.i0, s.i1)), tuple(range(s.j0, s.j1))) for s in steps]


def as_model(layout: str, channels: Sequence[str], shapes: Sequence[Bead], w: np.ndarray) -> BeadModel:
    from .sentences import feature_names

    names = feature_names(channels)
    nfeat = len(names)
    nb = BLOCKS * nfeat
    return BeadModel(layout, names, w[:nb].copy(), {s: float(w[nb + k]) for k, s in enumerate(shapes)})


class TrainedLayout(NamedTuple):
    model: BeadModel  # trained on every document
    held_out: dict  # document name -> links predicted by the model trained without its group
    initial: dict  # document name -> links predicted by the hand-set costs
    folds: dict  # group -> the model trained without it


def train_layout(
    docs: Sequence[tuple[str, list[str], list[str], list]],
    backend,
    shapes: Sequence[Bead],
    params,
    groups: Callable[[str], str],
    scorers: dict | None = None,
    **fit_args,
) -> TrainedLayout:
    """Train on every document; also score leave-one-group-out (a group: a book).

    `docs` holds (name, zh, en, gold links).
    """
    from .sentences import feature_names

    scorers = scorers or {}
    chapters = {name: _prepare_chapter(zh, en, gold, backend, shapes, params, scorers.get(name))
                for name, zh, en, gold in docs}
    channels = backend.channels
    nfeat = len(feature_names(channels))
    w0 = initial_weights(channels, shapes, backend.weights, params)
    layout = layout_of(channels) or "custom"
    held_out, initial, folds = {}, {}, {}
    for group in sorted({groups(name) for name, *_ in docs}):
        train = [chapters[n] for n, *_ in docs if groups(n) != group]
        w = fit(train, w0, nfeat, **fit_args)
        folds[group] = as_model(layout, channels, shapes, w)
        for n, *_ in docs:
            if groups(n) == group:
                held_out[n] = decode(chapters[n], w, nfeat)
                initial[n] = decode(chapters[n], w0, nfeat)
    w = fit(list(chapters.values()), w0, nfeat, **fit_args)
    return TrainedLayout(as_model(layout, channels, shapes, w), held_out, initial, folds)


def write_models(models: dict[str, BeadModel], meta: dict, path: Path = MODEL_PATH) -> None:
    from ..report.atomic import write_atomic

    data = {"format": FORMAT, **meta, "layouts": {name: m.to_json() for name, m in sorted(models.items())}}
    write_atomic(path, json.dumps(data, indent=1, ensure_ascii=False) + "\n")
    _shipped.cache_clear()
