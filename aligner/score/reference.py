"""Reference-based metrics (sacrebleu BLEU, chrF, TER): an English hypothesis against an English reference.

Never between a Chinese source and its English rendering: the inputs are checked for Chinese.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from ..errors import InputError
from ..text.zh import han_count

METRICS: tuple[str, ...] = ("bleu", "chrf", "ter")


@dataclass(frozen=True)
class MetricResult:
    """One metric: its corpus score, its sentence scores, and the signatures that reproduce them."""

    name: str
    corpus: float
    sentences: tuple[float, ...]
    signature: str
    sentence_signature: str

    def to_json(self) -> dict:
        return {"corpus": self.corpus, "signature": self.signature, "sentences": list(self.sentences),
                "sentence_signature": self.sentence_signature}


@lru_cache(maxsize=1)
def _metrics() -> dict:
    """Corpus and sentence metric objects (sentence BLEU uses effective order, as sacrebleu advises)."""
    from sacrebleu.metrics import BLEU, CHRF, TER

    return {
        "bleu": (BLEU(), BLEU(effective_order=True)),
        "chrf": (CHRF(), CHRF()),
        "ter": (TER(), TER()),
    }


def _mostly_chinese(texts: list[str]) -> bool:
    han = sum(han_count(t) for t in texts)
    total = sum(len(t.strip()) for t in texts)
    return total > 0 and han / total > 0.3


def _check(hyps: list[str], refs: list[str]) -> None:
    if len(hyps) != len(refs):
        raise InputError(f"{len(hyps)} hypotheses but {len(refs)} references; give one reference per hypothesis")
    if _mostly_chinese(refs) or _mostly_chinese(hyps):
        raise InputError("reference metrics compare English with an English reference; "
                         "a Chinese side was given (use the reference-free fidelity score for source vs rendering)")


def sentence_scores(name: str, hyps: list[str], refs: list[str]) -> tuple[float, ...]:
    """Sentence-level scores of one metric, rounded to 2 decimals."""
    _, metric = _metrics()[name]
    return tuple(round(metric.sentence_score(h, [r]).score, 2) for h, r in zip(hyps, refs))


def metric_result(name: str, hyps: list[str], refs: list[str]) -> MetricResult:
    """Corpus and sentence scores of one metric ("bleu", "chrf" or "ter") with their signatures."""
    _check(hyps, refs)
    corpus_metric, sentence_metric = _metrics()[name]
    corpus = corpus_metric.corpus_score(hyps, [refs]).score if hyps else 0.0
    return MetricResult(name, round(corpus, 2), sentence_scores(name, hyps, refs),
                        str(corpus_metric.get_signature()), str(sentence_metric.get_signature()))


def row_scores(hyp: str, ref: str) -> dict[str, float]:
    """BLEU, chrF and TER of one hypothesis against one reference (sentence level)."""
    _check([hyp], [ref])
    return {name: sentence_scores(name, [hyp], [ref])[0] for name in METRICS}


def signatures() -> dict[str, str]:
    """The sacrebleu signature of each corpus metric."""
    out = {}
    for name, (corpus_metric, _) in _metrics().items():
        try:
            out[name] = str(corpus_metric.get_signature())
        except ValueError:
            # sacrebleu learns the number of references from a first evaluation
            corpus_metric.corpus_score(["a"], [["a"]])
            out[name] = str(corpus_metric.get_signature())
    return out


def reference_metrics(hyps: list[str], refs: list[str]) -> dict:
    """BLEU, chrF and TER at corpus level plus sentence-level lists, each with its sacrebleu signature.

    BLEU and chrF: higher is better; TER: an edit rate, lower is better.
    """
    _check(hyps, refs)
    return {name: metric_result(name, hyps, refs).to_json() for name in METRICS}
