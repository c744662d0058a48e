"""Train the sentence bead model on mac-dev and measure it held out, book by book.

    .venv/bin/python bench/train_bead_model.py [--layouts lexical,dense,hybrid] [--embeddings DIR] [--write]
                                               [--anchor-grid]

For each channel layout (`lexical`, `dense` = e5, `hybrid` = e5 + lexical) it
trains on the 12 gold-aligned chapters leave-one-book-out (two chapters per
book; six folds), prints strict P/R/F1 of the hand-set costs and of the
held-out models, and with `--write` stores the model trained on all twelve in
aligner/align/data/bead_model.json. `--embeddings DIR` keeps the e5 vectors of
each chapter there (`<chapter>.zh.npy`, `<chapter>.en.npy`), so a second run
skips embedding.

With both `lexical` and `hybrid` it also scores the default backend as it
runs: hybrid with anchoring (confident runs of lexical links kept, only the
other sentences embedded), each book aligned by the two models trained
without it, and prints the share of sentences embedded. `--anchor-grid` does
the same for a grid of anchoring settings.
"""

from __future__ import annotations

import argparse
import itertools
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from aligner.align import beadmodel  # noqa: E402
from aligner.align.backends import (  # noqa: E402
    Anchoring, DenseScorer, E5Backend, HybridBackend, HybridScorer, LexicalBackend,
)
from aligner.align.evaluate import LinkCounts, link_counts, read_gold  # noqa: E402
from aligner.align.sentences import DEFAULT_MAX_BEAD, SentenceCosts, _align_groups, bead_shapes  # noqa: E402

FIT = {"loss": 0.3, "l2": 1.0}
ANCHOR_GRID = {"confidence": (0.8, 0.9, 0.95), "run": (3, 5, 8), "margin": (1, 2)}


@dataclass(frozen=True)
class _StoredE5(E5Backend):
    """e5 whose vectors were computed beforehand: embedding is a look-up, and counted."""

    table: dict = field(default_factory=dict, compare=False, hash=False, repr=False)
    embedded: list = field(default_factory=lambda: [0], compare=False, hash=False, repr=False)

    def embed(self, texts):
        self.embedded[0] += len(texts)
        return np.asarray([self.table[t] for t in texts], dtype=np.float32).reshape(len(texts), -1)


def _anchored(docs, books, vecs, shapes, params, trained, anchoring) -> tuple[dict, float]:
    """Each chapter aligned by the default pipeline with the models trained without its book."""
    table = {t: v for k, zh, en, _ in docs for t, v in zip(zh + en, np.concatenate(vecs[k][:2]))}
    neural = _StoredE5(table=table)
    backend = HybridBackend(neural=neural, anchoring=anchoring)
    preds, total = {}, 0
    for k, zh, en, _ in docs:
        book = books[k]
        links = _align_groups(zh, en, [(list(range(len(zh))), list(range(len(en))))], backend, shapes, params,
                              model=trained["hybrid"].folds[book], lexical_model=trained["lexical"].folds[book])
        preds[k] = [(l.zh, l.en) for l in links]
        total += len(zh) + len(en)
    return preds, neural.embedded[0] / total


def _book_of(mac: Path) -> dict[str, str]:
    rows = (mac / "meta_data.tsv").read_text(encoding="utf-8").splitlines()[1:]
    return {r.split("\t")[0]: r.split("\t")[1] for r in rows if r.strip()}


def _vectors(k: str, side: str, texts: list[str], cache: Path | None) -> np.ndarray:
    path = cache / f"{k}.{side}.npy" if cache else None
    if path and path.is_file():
        v = np.load(path)
        if len(v) == len(texts):
            return v
    v = E5Backend().embed(texts)
    if path:
        path.parent.mkdir(parents=True, exist_ok=True)
        np.save(path, v)
    return v


def _scores(docs, preds) -> dict:
    total = LinkCounts()
    for name, _, _, gold in docs:
        total = total + link_counts(gold, preds[name])
    return total.scores()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--mac-dev", default=str(ROOT.parent / "shared" / "eval" / "mac-dev"))
    ap.add_argument("--layouts", default="lexical,dense,hybrid")
    ap.add_argument("--max-bead", type=int, default=DEFAULT_MAX_BEAD)
    ap.add_argument("--embeddings", default=None, help="directory keeping each chapter's e5 vectors")
    ap.add_argument("--write", action="store_true", help="store the models in aligner/align/data/bead_model.json")
    ap.add_argument("--anchor-grid", action="store_true", help="score a grid of anchoring settings (needs lexical, hybrid)")
    args = ap.parse_args()

    mac = Path(args.mac_dev)
    books = _book_of(mac)
    names = sorted(p.stem for p in (mac / "split").glob("*.zh"))
    docs = [(k, (mac / "split" / f"{k}.zh").read_text(encoding="utf-8").splitlines(),
             (mac / "split" / f"{k}.en").read_text(encoding="utf-8").splitlines(),
             read_gold(mac / "gold" / f"{k}.align")) for k in names]
    shapes = bead_shapes(args.max_bead)
    params = SentenceCosts()
    cache = Path(args.embeddings) if args.embeddings else None
    layouts = args.layouts.split(",")
    vecs = {}
    if {"dense", "hybrid"} & set(layouts):
        t = time.perf_counter()
        e5 = E5Backend()
        for k, zh, en, _ in docs:
            vecs[k] = (_vectors(k, "zh", zh, cache), _vectors(k, "en", en, cache), e5.token_counts(zh),
                       e5.token_counts(en))
        print(f"e5 vectors for {len(docs)} chapters: {time.perf_counter() - t:.1f} s")

    models, trained, meta = {}, {}, {"trained_on": f"mac-dev: {len(docs)} chapters of {len(set(books.values()))} books",
                        "max_bead": args.max_bead, "fit": FIT, "held_out": {}}
    print(f"{'layout':<8} {'costs':<22} {'P':>6} {'R':>6} {'F1':>6} {'laxF1':>6}")
    for layout in layouts:
        t = time.perf_counter()
        if layout == "lexical":
            backend, scorers = LexicalBackend(), {}
        elif layout == "dense":
            backend = E5Backend()
            scorers = {k: DenseScorer(*vecs[k][:2], "e5", *vecs[k][2:]) for k in vecs}
        elif layout == "hybrid":
            backend = HybridBackend()
            scorers = {k: HybridScorer([DenseScorer(*vecs[k][:2], "e5", *vecs[k][2:]), LexicalBackend().prepare(zh, en)])
                       for k, zh, en, _ in docs}
        else:
            raise SystemExit(f"unknown layout {layout!r}; choose lexical, dense or hybrid")
        trained[layout] = beadmodel.train_layout(docs, backend, shapes, params, books.get, scorers, **FIT)
        model, held_out, initial, _ = trained[layout]
        models[layout] = model
        s0, s1 = _scores(docs, initial), _scores(docs, held_out)
        meta["held_out"][layout] = {k: round(v, 4) for k, v in s1.items()}
        for label, s in (("hand-set", s0), ("learned, book held out", s1)):
            print(f"{layout:<8} {label:<22} {s['strict_precision']:6.3f} {s['strict_recall']:6.3f} "
                  f"{s['strict_f1']:6.3f} {s['lax_f1']:6.3f}")
        print(f"         ({time.perf_counter() - t:.1f} s)")
    if {"lexical", "hybrid"} <= set(trained):
        settings = [Anchoring()]
        if args.anchor_grid:
            settings += [Anchoring(c, r, g) for c, r, g in itertools.product(*ANCHOR_GRID.values())
                         if Anchoring(c, r, g) != Anchoring()]
        for anchoring in settings:
            preds, share = _anchored(docs, books, vecs, shapes, params, trained, anchoring)
            s = _scores(docs, preds)
            label = "anchored" + (" (shipped)" if anchoring == Anchoring() else "")
            print(f"{'hybrid':<8} {label:<22} {s['strict_precision']:6.3f} {s['strict_recall']:6.3f} "
                  f"{s['strict_f1']:6.3f} {s['lax_f1']:6.3f}  embedded {share:.1%}  {anchoring.describe()}")
            if anchoring == Anchoring():
                meta["held_out"]["hybrid_anchored"] = {**{k: round(v, 4) for k, v in s.items()},
                                                       "embedded": round(share, 4)}
    if args.write:
        if set(layouts) != {"lexical", "dense", "hybrid"}:
            raise SystemExit("--write needs every layout: --layouts lexical,dense,hybrid")
        beadmodel.write_models(models, meta)
        print(f"wrote {beadmodel.MODEL_PATH.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
