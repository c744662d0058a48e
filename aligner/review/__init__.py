"""Reviewing flags: the decisions store, and reading a batch's reports back for review and export."""

from __future__ import annotations

import json
from pathlib import Path

from ..errors import InputError
from ..model import Document, Link, Paragraph, PairResult, Sentence, SentenceAlignment
from ..report.json_report import PAIR_SCHEMA
from .store import (
    DB_FILENAME,
    DECISIONS_SCHEMA,
    DEFAULT_DB,
    STATUSES,
    Decision,
    ImportResult,
    ReviewedFlag,
    ReviewStore,
    RunDiff,
    flag_from_json,
)

__all__ = [
    "DB_FILENAME", "DECISIONS_SCHEMA", "DEFAULT_DB", "STATUSES", "Decision", "ImportResult", "ReviewStore",
    "ReviewedFlag", "RunDiff", "flag_from_json", "pair_from_json", "read_reports",
]


def _document_from_json(d: dict, lang: str) -> tuple[Document, tuple[Sentence, ...] | None]:
    paragraphs = tuple(
        Paragraph(id=p["id"], text=p["text"], boilerplate=p.get("boilerplate", False),
                  furniture=p.get("furniture"), heading=p.get("heading", False))
        for p in d["paragraphs"]
    )
    doc = Document(path=d["path"], lang=lang, paragraphs=paragraphs, sha256=d.get("sha256", ""),
                   encoding=d.get("encoding", "utf-8"), format=d.get("format", "txt"))
    sentences = None
    if "sentences" in d:
        by_id = {p.id: p for p in paragraphs}
        sentences = tuple(Sentence(s["id"], s["paragraph"], s["start"], s["end"],
                                   by_id[s["paragraph"]].text[s["start"]:s["end"]]) for s in d["sentences"])
    return doc, sentences


def _links(rows: list[dict]) -> tuple[Link, ...]:
    return tuple(Link(tuple(r["zh"]), tuple(r["en"]), float(r["confidence"])) for r in rows)


def pair_from_json(d: dict, where: str = "alignment.json") -> PairResult:
    """A PairResult back from its alignment.json (schema aligner/pair@1)."""
    if not isinstance(d, dict) or d.get("schema") != PAIR_SCHEMA:
        raise InputError(f"not an alignment file (expected schema {PAIR_SCHEMA!r})", where)
    try:
        pair_id = d["pair_id"]
        if not isinstance(pair_id, str) or not pair_id or "/" in pair_id or "\\" in pair_id or pair_id in (".", ".."):
            raise ValueError(f"pair_id {pair_id!r} is not a folder name")
        zh, zs = _document_from_json(d["zh"], "zh")
        en, es = _document_from_json(d["en"], "en")
        sentences = None
        if zs is not None and es is not None and "sentence_links" in d:
            sentences = SentenceAlignment(zs, es, _links(d["sentence_links"]))
        return PairResult(
            pair_id=d["pair_id"], zh=zh, en=en, links=_links(d["links"]), sentences=sentences,
            flags=tuple(flag_from_json(f) for f in d.get("flags", [])),
            scores=d.get("scores") or {}, pairing=d.get("pairing") or {}, signature=d.get("signature", ""),
        )
    except (KeyError, TypeError, ValueError, IndexError) as exc:
        raise InputError(f"alignment file is damaged ({exc!r}); run `aligner batch` again", where) from exc


def _listed(reports_dir: Path) -> list[Path] | None:
    """The alignment files index.json lists, in pair id order: the last batch's pairs, not folders of pairs
    an earlier batch into the same folder wrote. None when there is no readable index."""
    try:
        index = json.loads((reports_dir / "index.json").read_text(encoding="utf-8"))
        names = [p["json"] for p in index["pairs"]]
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, KeyError, TypeError):
        return None
    if not all(isinstance(n, str) for n in names):
        return None
    out = []
    for name in sorted(names):
        path = reports_dir / name
        if path.parent.parent != reports_dir or path.name != "alignment.json":
            raise InputError(f"index.json lists {name!r}, which is not a pair's alignment.json; run `aligner batch` "
                             "again", str(reports_dir / "index.json"))
        out.append(path)
    return out


def read_reports(reports_dir: Path) -> list[PairResult]:
    """Every pair of a batch's reports folder (its */alignment.json), in pair id order."""
    if not reports_dir.is_dir():
        raise InputError("not a folder; pass the folder `aligner batch --out` wrote", str(reports_dir))
    files = _listed(reports_dir)
    if files is None:  # no index (reports of an older version): every pair folder
        files = sorted(reports_dir.glob("*/alignment.json"))
    if not files:
        raise InputError("no */alignment.json here; pass the folder `aligner batch --out` wrote", str(reports_dir))
    pairs = []
    for f in files:
        try:
            doc = json.loads(f.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise InputError(f"cannot read ({exc}); run `aligner batch` again", str(f)) from exc
        pairs.append(pair_from_json(doc, str(f)))
    return pairs
