"""Reference metrics for an aligned pair: the rendering against a reference translation, link by link.

The reference is aligned to the same Chinese original, so each rendering link
is compared with the reference text of the same Chinese paragraphs.
"""

from __future__ import annotations

from ..align.paragraphs import align_paragraphs
from ..model import Document, PairResult
from .reference import reference_metrics


def reference_scores(pair: PairResult, reference: Document) -> dict:
    """sacrebleu BLEU, chrF and TER (corpus and per link) with signatures; JSON-ready."""
    ref_links = align_paragraphs(pair.zh, reference)
    ref_of: dict[int, list[int]] = {}
    for link in ref_links:
        for z in link.zh:
            ref_of.setdefault(z, []).extend(link.en)
    en_text = {p.id: p.text for p in pair.en.paragraphs}
    ref_text = {p.id: p.text for p in reference.paragraphs}
    rows, hyps, refs = [], [], []
    for link in pair.links:
        if not link.zh or not link.en:
            continue
        ref_ids = sorted({r for z in link.zh for r in ref_of.get(z, [])})
        if not ref_ids:
            continue
        rows.append({"zh": list(link.zh), "en": list(link.en), "reference": ref_ids})
        hyps.append(" ".join(en_text[j] for j in link.en))
        refs.append(" ".join(ref_text[r] for r in ref_ids))
    out = {"reference": reference.path, "links_compared": len(rows)}
    if not rows:
        return out
    metrics = reference_metrics(hyps, refs)
    for name, result in metrics.items():
        out[name] = {"corpus": result["corpus"], "signature": result["signature"]}
        for row, value in zip(rows, result["sentences"]):
            row[name] = value
    out["paragraph_links"] = rows
    return out
