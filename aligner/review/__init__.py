"""Reviewing flags: the decisions store, and reading a batch's reports back for review and export."""

from __future__ import annotations

import json
from pathlib import Path

from ..corpus.load import display_text
from ..errors import InputError
from ..model import Document, Flag, Link, Paragraph, PairResult, Sentence, SentenceAlignment
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


_REQUIRED = object()
_KIND_NAMES = {str: "text", int: "a whole number", bool: "true or false", list: "a list", dict: "an object",
               float: "a number", type(None): "null"}


def _get(d: object, key: str, kinds: tuple[type, ...], where: str, default: object = _REQUIRED):
    """d[key], which must be one of `kinds` (a bool is no number); a ValueError names what is wrong."""
    if not isinstance(d, dict):
        raise ValueError(f"{where} is {display_text(d)}, not an object")
    name = f"{where}.{key}" if where else key
    if key not in d:
        if default is _REQUIRED:
            raise ValueError(f"{name} is missing")
        return default
    value = d[key]
    if not isinstance(value, kinds) or (isinstance(value, bool) and bool not in kinds):
        raise ValueError(f"{name} is {display_text(value)}, not {' or '.join(_KIND_NAMES[k] for k in kinds)}")
    return value


def _document_from_json(d: dict, lang: str) -> tuple[Document, tuple[Sentence, ...] | None]:
    paragraphs = []
    for k, p in enumerate(_get(d, "paragraphs", (list,), lang)):
        at = f"{lang}.paragraphs[{k}]"
        paragraphs.append(Paragraph(id=_get(p, "id", (int,), at), text=_get(p, "text", (str,), at),
                                    boilerplate=_get(p, "boilerplate", (bool,), at, False),
                                    furniture=_get(p, "furniture", (str, type(None)), at, None),
                                    heading=_get(p, "heading", (bool,), at, False)))
    doc = Document(path=_get(d, "path", (str,), lang), lang=lang, paragraphs=tuple(paragraphs),
                   sha256=_get(d, "sha256", (str,), lang, ""), encoding=_get(d, "encoding", (str,), lang, "utf-8"),
                   format=_get(d, "format", (str,), lang, "txt"))
    sentences = None
    if "sentences" in d:
        by_id = {p.id: p for p in paragraphs}
        sentences = []
        for k, s in enumerate(_get(d, "sentences", (list,), lang)):
            at = f"{lang}.sentences[{k}]"
            para, start, end = (_get(s, key, (int,), at) for key in ("paragraph", "start", "end"))
            if para not in by_id or not 0 <= start <= end <= len(by_id[para].text):
                raise ValueError(f"{at} is not a span of a paragraph")
            sentences.append(Sentence(_get(s, "id", (int,), at), para, start, end, by_id[para].text[start:end]))
        sentences = tuple(sentences)
    return doc, sentences


def _links(rows: object, zh_ids: set[int], en_ids: set[int], where: str) -> tuple[Link, ...]:
    if not isinstance(rows, list):
        raise ValueError(f"{where} is {display_text(rows)}, not a list")
    out = []
    for k, r in enumerate(rows):
        at = f"{where}[{k}]"
        sides = []
        for side, known in (("zh", zh_ids), ("en", en_ids)):
            ids = _get(r, side, (list,), at)
            if not all(isinstance(i, int) and not isinstance(i, bool) and i in known for i in ids):
                raise ValueError(f"{at}.{side} is {display_text(ids)}, not ids the {side} side has")
            sides.append(tuple(ids))
        out.append(Link(*sides, float(_get(r, "confidence", (int, float), at))))
    return tuple(out)


def _flag(d: object, paragraphs: dict[str, set[int]], where: str) -> Flag:
    for key in ("id", "check", "severity"):
        _get(d, key, (str,), where)
    for key, default in (("message", ""), ("suggestion", None), ("status", "open")):
        _get(d, key, (str, type(None)) if default is None else (str,), where, default)
    for side in ("zh", "en"):
        span = _get(d, side, (dict, type(None)), where, None)
        if span is not None:
            at = f"{where}.{side}"
            if _get(span, "paragraph", (int,), at) not in paragraphs[side]:
                raise ValueError(f"{at}.paragraph is not a paragraph of the {side} side")
            _get(span, "start", (int,), at), _get(span, "end", (int,), at), _get(span, "text", (str,), at, "")
    return flag_from_json(d)


def _scores(d: object) -> dict:
    """The scores object; the fidelity rows the exports read are checked."""
    scores = _get(d, "scores", (dict, type(None)), "", None) or {}
    fidelity = _get(scores, "fidelity", (dict, type(None)), "scores", None) or {}
    for key in ("paragraph_links", "sentence_links"):
        for k, row in enumerate(_get(fidelity, key, (list, type(None)), "scores.fidelity", None) or []):
            at = f"scores.fidelity.{key}[{k}]"
            for side in ("zh", "en"):
                if not all(isinstance(i, int) and not isinstance(i, bool) for i in _get(row, side, (list,), at)):
                    raise ValueError(f"{at}.{side} is not a list of ids")
            _get(row, "fidelity", (int, float, type(None)), at, None)
    return scores


def pair_from_json(d: dict, where: str = "alignment.json") -> PairResult:
    """A PairResult back from its alignment.json (schema aligner/pair@1)."""
    if not isinstance(d, dict) or d.get("schema") != PAIR_SCHEMA:
        raise InputError(f"not an alignment file (expected schema {PAIR_SCHEMA!r})", where)
    try:
        pair_id = d["pair_id"]
        if not isinstance(pair_id, str) or not pair_id or "/" in pair_id or "\\" in pair_id or pair_id in (".", ".."):
            raise ValueError(f"pair_id {display_text(pair_id)} is not a folder name")
        zh, zs = _document_from_json(_get(d, "zh", (dict,), ""), "zh")
        en, es = _document_from_json(_get(d, "en", (dict,), ""), "en")
        paragraphs = {"zh": {p.id for p in zh.paragraphs}, "en": {p.id for p in en.paragraphs}}
        sentences = None
        if zs is not None and es is not None and "sentence_links" in d:
            sentences = SentenceAlignment(zs, es, _links(d["sentence_links"], {s.id for s in zs}, {s.id for s in es},
                                                         "sentence_links"))
        flags = _get(d, "flags", (list,), "", [])
        return PairResult(
            pair_id=pair_id, zh=zh, en=en, links=_links(_get(d, "links", (list,), ""), paragraphs["zh"],
                                                           paragraphs["en"], "links"),
            sentences=sentences, flags=tuple(_flag(f, paragraphs, f"flags[{k}]") for k, f in enumerate(flags)),
            scores=_scores(d), pairing=_get(d, "pairing", (dict, type(None)), "", None) or {},
            signature=_get(d, "signature", (str, type(None)), "", None) or "",
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
