"""alignment.json (schema aligner/pair@1) and index.json."""

from __future__ import annotations

import json

from ..model import BatchResult, Document, Link, PairResult

PAIR_SCHEMA = "aligner/pair@1"
INDEX_SCHEMA = "aligner/index@1"


def _doc_json(doc: Document, sentences=None) -> dict:
    out = {
        "path": doc.path,
        "sha256": doc.sha256,
        "encoding": doc.encoding,
        "format": doc.format,
        "paragraphs": [
            {"id": p.id, "text": p.text, "boilerplate": p.boilerplate,
             **({"furniture": p.furniture} if p.furniture else {}),
             **({"heading": True} if p.heading else {})}
            for p in doc.paragraphs
        ],
    }
    if sentences is not None:
        out["sentences"] = [
            {"id": s.id, "paragraph": s.paragraph, "start": s.start, "end": s.end} for s in sentences
        ]
    return out


def _link_json(link: Link) -> dict:
    return {"zh": list(link.zh), "en": list(link.en), "confidence": link.confidence, "kind": link.kind}


def pair_to_json(pair: PairResult) -> dict:
    """The machine-readable result of one pair; deterministic for the same input and options."""
    sa = pair.sentences
    out = {
        "schema": PAIR_SCHEMA,
        "signature": pair.signature,
        "pair_id": pair.pair_id,
        "pairing": pair.pairing,
        "zh": _doc_json(pair.zh, sa.zh if sa else None),
        "en": _doc_json(pair.en, sa.en if sa else None),
        "links": [_link_json(link) for link in pair.links],
    }
    if sa is not None:
        out["sentence_links"] = [_link_json(link) for link in sa.links]
    out["flags"] = [f.to_json() for f in pair.flags]
    if pair.scores:
        out["scores"] = pair.scores
    return out


def dumps(obj: dict) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=1, sort_keys=False) + "\n"


def pair_summary(pair: PairResult) -> dict:
    kinds: dict[str, int] = {}
    for link in pair.links:
        k = link.kind if link.kind in ("omission", "addition") else "linked"
        kinds[k] = kinds.get(k, 0) + 1
    sev: dict[str, int] = {}
    for f in pair.flags:
        sev[f.severity] = sev.get(f.severity, 0) + 1
    doc_score = (pair.scores.get("fidelity") or {}).get("document", {}).get("fidelity") if pair.scores else None
    return {
        "pair_id": pair.pair_id,
        "zh": pair.zh.path,
        "en": pair.en.path,
        "pairing": pair.pairing,
        "links": len(pair.links),
        "linked": kinds.get("linked", 0),
        "omissions": kinds.get("omission", 0),
        "additions": kinds.get("addition", 0),
        "mean_confidence": round(sum(link.confidence for link in pair.links) / len(pair.links), 4) if pair.links else None,
        "flags": sev,
        "fidelity": doc_score,
        "report": f"{pair.pair_id}/report.html",
        "json": f"{pair.pair_id}/alignment.json",
    }


def index_to_json(batch: BatchResult) -> dict:
    return {
        "schema": INDEX_SCHEMA,
        "signature": batch.signature,
        "pairs": [pair_summary(p) for p in batch.pairs],
        "unpaired": [
            {"path": u.path, "lang": u.lang, "reason": u.reason,
             "best_score": None if u.best_score is None else round(u.best_score, 4), "best_match": u.best_match}
            for u in batch.unpaired
        ],
        "errors": [{"path": e.path, "message": e.message} for e in batch.errors],
    }
