"""Scoring: reference-free fidelity (fidelity.py), reference metrics via sacrebleu (reference.py),
pre-aligned TSV/TMX files (tsv.py)."""

from .fidelity import Fidelity, FidelityScorer, score_pair

__all__ = ["Fidelity", "FidelityScorer", "score_pair"]
