"""Reference metrics: sacrebleu BLEU, chrF and TER with signatures, English against English only."""

from __future__ import annotations

import pytest

from aligner.errors import InputError
from aligner.score.reference import METRICS, reference_metrics, row_scores

HYPS = ["The cat sat on the mat.", "We launched a quantum satellite in 2019."]
REFS = ["The cat sat on the mat.", "In 2019 we launched a satellite for quantum science."]


def test_every_metric_has_corpus_sentences_and_signature():
    out = reference_metrics(HYPS, REFS)
    assert set(out) == set(METRICS)
    for name, m in out.items():
        assert isinstance(m["corpus"], float)
        assert len(m["sentences"]) == len(HYPS)
        assert "version:" in m["signature"] and "nrefs:1" in m["signature"]
        assert "version:" in m["sentence_signature"]


@pytest.mark.parametrize("metric,perfect", [("bleu", 100.0), ("chrf", 100.0), ("ter", 0.0)])
def test_identical_sentence_is_perfect(metric, perfect):
    assert reference_metrics(HYPS, REFS)[metric]["sentences"][0] == perfect
    assert row_scores(HYPS[0], REFS[0])[metric] == perfect


def test_sentence_bleu_uses_effective_order():
    bleu = reference_metrics(["short one"], ["short one"])["bleu"]
    assert "eff:yes" in bleu["sentence_signature"] and "eff:no" in bleu["signature"]
    assert bleu["sentences"][0] == 100.0


@pytest.mark.parametrize("hyps,refs", [
    (["We launched a satellite."], ["我们发射了一颗卫星。"]),
    (["我们发射了一颗卫星。"], ["We launched a satellite."]),
])
def test_never_between_chinese_and_english(hyps, refs):
    with pytest.raises(InputError, match="English"):
        reference_metrics(hyps, refs)


def test_lengths_must_match():
    with pytest.raises(InputError, match="one reference per hypothesis"):
        reference_metrics(HYPS, REFS[:1])
