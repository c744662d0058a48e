"""Reading text files into paragraphs."""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

from ..errors import InputError
from ..model import Document, Lang, Paragraph
from ..text.zh import han_count
from .furniture import mark_furniture

TEXT_SUFFIXES = (".txt", ".md")
MAX_BYTES = 50 * 1024 * 1024


def display_path(path: Path) -> str:
    """The path relative to the working directory when it is below it, else as given."""
    try:
        return os.path.relpath(path)
    except ValueError:
        return str(path)


def read_text(path: Path) -> tuple[str, str, str]:
    """(text, encoding, sha256) of a UTF-8 file; a clear InputError otherwise."""
    shown = display_path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read file ({exc.strerror}); check the path and permissions", shown) from None
    if len(raw) > MAX_BYTES:
        raise InputError(f"file is {len(raw) // (1024 * 1024)} MB, over the 50 MB limit; split it into smaller documents", shown)
    digest = hashlib.sha256(raw).hexdigest()
    if not raw.strip():
        raise InputError("file is empty; remove it from the folder or add its text", shown)
    if b"\x00" in raw[:4096] and not raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError("file looks binary, not text; convert it to UTF-8 text", shown)
    encoding = "utf-8"
    if raw.startswith(b"\xef\xbb\xbf"):
        raw, encoding = raw[3:], "utf-8-sig"
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"not valid UTF-8 (byte {exc.start}); re-save the file as UTF-8", shown
        ) from None
    return text, encoding, digest


def split_paragraphs(text: str) -> list[str]:
    """Paragraphs of a plain-text file.

    Files with one paragraph per line (blank lines between them or not) give one
    paragraph per non-empty line; hard-wrapped files, whose lines end mid-sentence,
    give one paragraph per blank-line-separated block.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = [ln.rstrip() for ln in text.split("\n")]
    blocks: list[list[str]] = []
    cur: list[str] = []
    for ln in lines:
        if ln.strip():
            cur.append(ln)
        elif cur:
            blocks.append(cur)
            cur = []
    if cur:
        blocks.append(cur)
    if _hard_wrapped(blocks):
        out = []
        for b in blocks:
            joined = b[0].strip()
            for ln in b[1:]:
                ln = ln.strip()
                # Chinese lines join without a space; Latin text needs one
                sep = "" if (han_count(joined[-1:]) and han_count(ln[:1])) else " "
                joined += sep + ln
            out.append(joined)
        return out
    return [ln.strip() for b in blocks for ln in b]


_END = re.compile(r"[.!?。！？;；:：”\"')）]\s*$")


def _wrapped_block(block: list[str]) -> bool:
    """Lines of similar, substantial width that stop mid-sentence: text wrapped at a column."""
    if len(block) < 2:
        return False
    widths = [len(ln.strip()) for ln in block]
    top = max(widths)
    if top < 20:
        return False
    inner = [ln.strip() for ln in block[:-1]]
    full = sum(1 for ln in inner if len(ln) >= 0.7 * top)
    open_ended = sum(1 for ln in inner if not _END.search(ln))
    return full >= 0.8 * len(inner) and open_ended >= 0.6 * len(inner)


def _hard_wrapped(blocks: list[list[str]]) -> bool:
    lines = sum(len(b) for b in blocks)
    wrapped = sum(len(b) for b in blocks if _wrapped_block(b))
    return lines > 0 and wrapped >= 0.5 * lines


def detect_lang(text: str) -> Lang:
    han = han_count(text)
    latin = sum(1 for c in text if c.isascii() and c.isalpha())
    return "zh" if han >= 0.2 * latin else "en"


def load_document(path: Path, lang: Lang) -> Document:
    """Read, split into paragraphs and mark furniture."""
    text, encoding, digest = read_text(path)
    shown = display_path(path)
    found = detect_lang(text)
    if found != lang:
        want = "corpora/zh/" if found == "zh" else "corpora/en/"
        raise InputError(f"this looks like {'Chinese' if found == 'zh' else 'English'}, not {lang}; move it to {want}", shown)
    paras = split_paragraphs(text)
    if not paras:
        raise InputError("no paragraphs found; add text to the file", shown)
    marked = mark_furniture(paras, lang)
    paragraphs = tuple(
        Paragraph(id=i, text=t, boilerplate=why is not None, furniture=why, heading=head)
        for i, (t, why, head) in enumerate(zip(paras, marked.reasons, marked.headings))
    )
    return Document(path=shown, lang=lang, paragraphs=paragraphs, sha256=digest, encoding=encoding,
                    format=path.suffix.lstrip(".").lower() or "txt")
