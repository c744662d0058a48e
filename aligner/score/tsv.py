"""Pre-aligned input: score a TSV (or TMX) of segment pairs, keep every column, append the scores.

A TSV's first line names its columns; `source` (Chinese) and `target` (English) are required,
`reference` (an English reference translation) is optional. Every input line comes out unchanged
with `fidelity` appended (and `bleu`, `chrf`, `ter` when there is a reference); a row with no source
gets an empty `fidelity` cell. A TMX gives a TSV with the columns `tu`, `source`, `target`. The file is
read once, from its start (a pipe works), and rows are read, scored and written in chunks.
"""

from __future__ import annotations

import io
import os
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Callable, Iterator

from ..corpus.load import BINARY_HEAD, display_text, refuse_binary
from ..errors import InputError
from ..report.atomic import temporary_beside
from .fidelity import FidelityScorer, analyse
from .reference import row_scores, signatures

CHUNK = 256
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
ProgressCallback = Callable[[int, int | None], None]


@dataclass(frozen=True)
class _Table:
    """Where the columns we need sit in the header, and the lines after it."""

    header: list[str]
    source: int
    target: int
    reference: int | None
    rows: Iterator[tuple[int, str, list[str]]]  # (line number, the line as read, its fields)


def _read_tsv(fh: BinaryIO, path: Path) -> _Table:
    lines = _lines(fh, path)
    try:
        _, first = next(lines)
    except StopIteration:
        fh.close()
        raise InputError("the file is empty; its first line must name the columns, e.g. source<TAB>target",
                         str(path)) from None
    header = first.split("\t")
    names = [h.strip().lower() for h in header]
    missing = [c for c in ("source", "target") if c not in names]
    if missing:
        fh.close()
        shown = ", ".join(display_text(h) for h in header[:6]) + (f" and {len(header) - 6} more" if len(header) > 6 else "")
        raise InputError(
            f"line 1: the header has no {' or '.join(repr(c) for c in missing)} column "
            f"(it has {shown}); the first line must name the columns, tab-separated, "
            f"with 'source' for the Chinese and 'target' for the English", str(path))

    def rows() -> Iterator[tuple[int, str, list[str]]]:
        with fh:
            for n, line in lines:
                if not line.strip() and "\t" not in line:
                    continue  # blank lines (a trailing newline, a spacer) carry no pair
                fields = line.split("\t")
                if len(fields) != len(header):
                    raise InputError(
                        f"line {n}: {len(fields)} fields but the header has {len(header)}; separate fields with "
                        f"exactly one tab and remove tabs or line breaks inside a text", str(path))
                yield n, line, fields

    return _Table(header, names.index("source"), names.index("target"),
                  names.index("reference") if "reference" in names else None, rows())


def _lines(fh: BinaryIO, path: Path) -> Iterator[tuple[int, str]]:
    """Numbered lines, decoded one at a time so that a bad byte is reported on its own line."""
    for n, raw in enumerate(fh, 1):
        if b"\x00" in raw:
            refuse_binary(raw, str(path))
        try:
            line = raw.decode("utf-8-sig" if n == 1 else "utf-8")
        except UnicodeDecodeError:
            raise InputError(f"line {n}: not UTF-8; save the file as UTF-8", str(path)) from None
        yield n, line.rstrip("\r\n")


def _read_tmx(fh: BinaryIO, path: Path) -> _Table:
    """A TMX as a table of (tu, source, target): the first zh* and en* variant of each unit."""

    def rows() -> Iterator[tuple[int, str, list[str]]]:
        tu_count = 0
        try:
            for _, elem in ET.iterparse(fh, events=("end",)):
                if _local(elem.tag) != "tu":
                    continue
                tu_count += 1
                zh = en = None
                for tuv in elem:
                    if _local(tuv.tag) != "tuv":
                        continue
                    lang = (tuv.get(_XML_LANG) or tuv.get("lang") or "").lower()
                    seg = next((c for c in tuv if _local(c.tag) == "seg"), None)
                    text = " ".join("".join(seg.itertext()).split()) if seg is not None else ""
                    if lang.startswith("zh") and zh is None:
                        zh = text
                    elif lang.startswith("en") and en is None:
                        en = text
                tuid = elem.get("tuid") or str(tu_count)
                elem.clear()
                if zh is None or en is None:
                    continue  # a unit without both languages is not a pair
                line = "\t".join(_tsv_safe(v) for v in (tuid, zh, en))
                yield tu_count, line, line.split("\t")
        except ET.ParseError as e:
            line_no = e.position[0] if e.position else "?"
            raise InputError(f"line {line_no}: not well-formed XML ({e.msg if hasattr(e, 'msg') else e}); "
                             f"fix the markup or export the TMX again", str(path)) from None
        except OSError as e:
            raise InputError(f"cannot read the file ({e.strerror})", str(path)) from None
        finally:
            fh.close()

    return _Table(["tu", "source", "target"], 1, 2, None, rows())


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _tsv_safe(text: str) -> str:
    return text.replace("\t", " ").replace("\r", " ").replace("\n", " ")


def _open_table(path: Path) -> _Table:
    """The table of a TSV or TMX file, read once from its start (a pipe or /dev/stdin works too)."""
    try:
        fh = open(path, "rb")
    except OSError as e:
        raise InputError(f"cannot read the file ({e.strerror})", str(path)) from None
    try:
        head = fh.read(BINARY_HEAD)
    except OSError as e:
        fh.close()
        raise InputError(f"cannot read the file ({e.strerror})", str(path)) from None
    stream = io.BufferedReader(_Replay(head, fh))
    try:
        refuse_binary(head, str(path))
    except InputError:
        stream.close()
        raise
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if path.suffix.lower() == ".tmx" or start.startswith(b"<?xml") or start.startswith(b"<tmx"):
        return _read_tmx(stream, path)
    return _read_tsv(stream, path)


class _Replay(io.RawIOBase):
    """A file's first bytes, already read, then the rest of it."""

    def __init__(self, head: bytes, fh: BinaryIO) -> None:
        self._head, self._fh = head, fh

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        if self._head:
            n = min(len(buffer), len(self._head))
            buffer[:n], self._head = self._head[:n], self._head[n:]
            return n
        data = self._fh.read1(len(buffer))
        buffer[:len(data)] = data
        return len(data)

    def close(self) -> None:
        self._fh.close()
        super().close()


def _chunks(rows: Iterator, size: int) -> Iterator[list]:
    chunk = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def score_pairs_file(in_path: Path, out_path: Path | None = None, on_progress: ProgressCallback | None = None,
                     neural: bool | None = None, scorer: FidelityScorer | None = None,
                     chunk_size: int = CHUNK) -> dict:
    """Score every pair of a TSV (or TMX) file and write the table with the scores appended.

    out_path None writes to stdout. The length ratio is fitted on the first chunk and kept for the
    whole file, so a row's score does not depend on which chunk it falls in. A row with no source
    (only tabs, say) is kept with an empty fidelity cell, as the alignment reports leave English
    with no Chinese unscored. Returns a summary: rows written, rows left unscored, the fidelity
    signature and, with a reference column, the sacrebleu signatures.
    """
    in_path = Path(in_path)
    table = _open_table(in_path)
    scorer = scorer or FidelityScorer(neural=neural)
    extra = ["fidelity"] + (["bleu", "chrf", "ter"] if table.reference is not None else [])
    fixed: FidelityScorer | None = None
    done = unscored = 0

    if out_path is None:
        out, tmp = sys.stdout, None
    else:
        out_path = Path(out_path)
        out_path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = temporary_beside(out_path)  # a name of its own, the permissions the output will keep
        out = os.fdopen(fd, "w", encoding="utf-8", newline="")
    try:
        out.write("\t".join(table.header + extra) + "\n")
        for chunk in _chunks(table.rows, chunk_size):
            # a row without Chinese has nothing to be faithful to: its fidelity cell stays empty
            pairs = [(f[table.source], f[table.target]) for _, _, f in chunk if f[table.source].strip()]
            if fixed is None and pairs:
                ratio = scorer.corpus_ratio([analyse(z, e) for z, e in pairs])
                fixed = scorer.with_ratio(ratio)
            results = iter(fixed.score_many(pairs) if pairs else [])
            for n, line, fields in chunk:
                if fields[table.source].strip():
                    cells = [f"{next(results).score:.2f}"]
                else:
                    cells = [""]
                    unscored += 1
                if table.reference is not None:
                    try:
                        ref = row_scores(fields[table.target], fields[table.reference])
                    except InputError as e:
                        raise InputError(f"line {n}: {e}", str(in_path)) from None
                    cells += [f"{ref[m]:.2f}" for m in ("bleu", "chrf", "ter")]
                out.write(line + "\t" + "\t".join(cells) + "\n")
            done += len(chunk)
            if on_progress:
                on_progress(done, None)
    except BaseException:
        if tmp is not None:
            out.close()
            tmp.unlink(missing_ok=True)
        raise
    if tmp is not None:
        out.close()
        tmp.replace(out_path)
    else:
        out.flush()
    summary = {"rows": done, "unscored": unscored, "fidelity_signature": (fixed or scorer).signature()}
    if table.reference is not None:
        summary["reference_signatures"] = signatures()
    return summary
