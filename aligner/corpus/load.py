"""Reading documents into paragraphs: encodings, formats, and one-line errors for bad files.

`read_document_bytes` (runs where the files are) and `parse_document` (runs
anywhere, e.g. on a worker of a cluster) split the work so a batch can read in
one process and parse in many. `load_document` does both.
"""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

from ..errors import InputError
from ..model import Document, Lang, Paragraph
from ..text.zh import han_count
from .formats import FormatError, docx_paragraphs, html_declared_charset, html_paragraphs, markdown_text
from .furniture import mark_furniture

DOCUMENT_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm", ".docx")
TEXT_SUFFIXES = DOCUMENT_SUFFIXES  # the name older callers import
# formats we recognise but cannot read, with the fix to give
UNSUPPORTED_SUFFIXES = {
    ".doc": "save it as .docx (Word: File > Save As > Word Document)",
    ".pdf": "export its text as .txt or .docx",
    ".rtf": "save it as .docx or .txt",
    ".odt": "save it as .docx or .txt",
    ".pages": "export it as .docx or .txt",
    ".wps": "save it as .docx or .txt",
    ".epub": "export its chapters as .html or .txt",
}
MAX_BYTES = 50 * 1024 * 1024
LOADER_VERSION = "load@3"  # bump when decoding, paragraph splitting or the language test changes: cached documents are re-read


def display_path(path: Path) -> str:
    """The path relative to the working directory when it is below it, else as given."""
    try:
        shown = os.path.relpath(path)
    except ValueError:
        return str(path)
    return str(path) if shown == os.pardir or shown.startswith(os.pardir + os.sep) else shown


def display_text(value: object, limit: int = 40) -> str:
    """A value from an input as an error message quotes it (its repr), cut to about `limit` characters."""
    if isinstance(value, str) and len(value) > limit:
        value = value[:limit - 1] + "…"
    text = repr(value)
    return text if len(text) <= limit + 2 else text[:limit - 1] + "…"


def document_format(name: str) -> str:
    suffix = os.path.splitext(name)[1].lower()
    return {".htm": "html", ".markdown": "md", "": "txt"}.get(suffix, suffix.lstrip("."))


def read_document_bytes(path: Path) -> bytes:
    """The bytes of a document file, refusing what is too large to be one before reading it."""
    shown = display_path(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise InputError(f"file is {size // (1024 * 1024)} MB, over the 50 MB limit; split it into smaller documents", shown)
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read file ({exc.strerror}); check the path and permissions", shown) from None
    if len(raw) > MAX_BYTES:  # grew while we looked
        raise InputError(f"file is over the 50 MB limit; split it into smaller documents", shown)
    return raw


# ---------------------------------------------------------------- encodings

_BOMS = (  # longest first: the UTF-32-LE mark starts with the UTF-16-LE one
    (b"\xef\xbb\xbf", "utf-8", "utf-8-sig", "UTF-8"),
    (b"\xff\xfe\x00\x00", "utf-32-le", "utf-32-le", "UTF-32"),
    (b"\x00\x00\xfe\xff", "utf-32-be", "utf-32-be", "UTF-32"),
    (b"\xff\xfe", "utf-16-le", "utf-16-le", "UTF-16"),
    (b"\xfe\xff", "utf-16-be", "utf-16-be", "UTF-16"),
)
_MAGIC = (
    (b"%PDF", "a PDF file", "export its text as .txt or .docx"),
    (b"PK\x03\x04", "a zip archive (perhaps a .docx)", "rename it to .docx if it is a Word document, or export it as .txt"),
    (b"\xd0\xcf\x11\xe0", "an old Word .doc (or other Office) file", "save it as .docx or .txt"),
    (b"{\\rtf", "an RTF document", "save it as .docx or .txt"),
    (b"\x89PNG", "a PNG image", "remove it from the folder"),
    (b"\xff\xd8\xff", "a JPEG image", "remove it from the folder"),
    (b"GIF8", "a GIF image", "remove it from the folder"),
    (b"\x1f\x8b", "a gzip archive", "unpack it first"),
    (b"7z\xbc\xaf", "a 7-zip archive", "unpack it first"),
    (b"Rar!", "a RAR archive", "unpack it first"),
    (b"\x7fELF", "a program", "remove it from the folder"),
)
BINARY_HEAD = 8192  # how much of a file the binary test reads
_CONTROL = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f]")
_ORDINARY = re.compile(
    r"[\t\n\r\x20-\x7e\u00a0-\u00ff\u2000-\u206f\u3000-\u303f\u4e00-\u9fff\uff00-\uffef\u2e80-\u2fdf\u3100-\u312f]"
)


def _sniff(raw: bytes) -> tuple[str, str] | None:
    for magic, what, fix in _MAGIC:
        if raw.startswith(magic):
            return what, fix
    return None


def refuse_binary(raw: bytes, shown: str) -> None:
    """An InputError for bytes that are no text: a NUL anywhere (text has none; one scan of bytes already
    read), or a known binary format or too many control characters in the first BINARY_HEAD bytes."""
    head = raw[:BINARY_HEAD]
    if b"\x00" in raw or len(_CONTROL.findall(head)) > 0.05 * len(head):
        what = _sniff(head)
        if what:
            raise InputError(f"is {what[0]}, not a text file; {what[1]}", shown)
        raise InputError("looks binary, not text (UTF-16 without a byte-order mark also looks like this); "
                         "save it as UTF-8 text", shown)


def _ordinary_share(text: str) -> float:
    """Share of characters a real Chinese or English text is made of; a wrong decoding scores low."""
    return len(_ORDINARY.findall(text)) / len(text) if text else 0.0


def _gb_name(raw: bytes) -> str:
    try:
        raw.decode("gbk")
        return "gbk"
    except UnicodeDecodeError:
        return "gb18030"


def _strict(raw: bytes, codec: str) -> str | None:
    try:
        return raw.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def _legacy(raw: bytes) -> tuple[str, str] | None:
    """(text, encoding) for a file in GB18030/GBK, Big5 or Windows-1252, or None when none fits.

    Every candidate that decodes without error and reads as ordinary text is
    kept; charset-normalizer's coherence test then picks between them (Big5
    bytes also decode as GB18030, as nonsense).
    """
    texts: dict[str, str] = {}
    for codec in ("gb18030", "big5", "big5hkscs", "cp1252"):
        text = _strict(raw, codec)
        if text is None or (codec == "big5hkscs" and "big5" in texts):
            continue
        if codec == "cp1252":
            # English with curly quotes, yes; Chinese bytes read as Latin-1 letters, no
            letters = [c for c in text if c.isalpha()]
            if not letters or sum(1 for c in letters if not c.isascii()) > max(2, 0.05 * len(letters)):
                continue
        if _ordinary_share(text) >= 0.9:
            texts[codec] = text
    if not texts:
        return None
    if len(texts) > 1:
        import charset_normalizer

        best = charset_normalizer.from_bytes(raw, cp_isolation=list(texts)).best()
        if best is not None:
            chosen = {"big5hkscs": "big5hkscs", "big5": "big5", "gb18030": "gb18030", "cp1252": "cp1252"}.get(best.encoding)
            if chosen in texts:
                texts = {chosen: texts[chosen]}
    codec = max(texts, key=lambda c: _ordinary_share(texts[c]))
    return texts[codec], _gb_name(raw) if codec == "gb18030" else codec


def _line_of(raw: bytes, offset: int) -> int:
    return raw.count(b"\n", 0, offset) + 1


def decode_text(raw: bytes, shown: str, declared: str | None = None) -> tuple[str, str]:
    """(text, encoding) of a text file's bytes.

    A byte-order mark decides (UTF-8, UTF-16, UTF-32); then UTF-8; then a
    charset the file declares (HTML); then GB18030/GBK, Big5 and Windows-1252 by
    plausibility. A file cut inside a character, or UTF-8 with damaged bytes, is
    an error rather than a guess: aligning half a document gives false omissions.
    """
    for bom, codec, name, family in _BOMS:
        if raw.startswith(bom):
            try:
                return raw[len(bom):].decode(codec), name
            except UnicodeDecodeError as exc:
                raise InputError(
                    f"starts with a {family} byte-order mark but is not valid {family} at byte {exc.start + len(bom)} "
                    f"(truncated or damaged); restore the complete file or re-save it as UTF-8", shown) from None
    refuse_binary(raw, shown)
    try:
        # before a declared charset: pages that declare ISO-8859-1 but hold UTF-8 are common, and legacy
        # Chinese or Latin text with any byte above 0x7F is practically never valid UTF-8
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        first_bad = exc.start
        reason = exc.reason
    if declared:
        codec = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "big5": "big5"}.get(declared, declared)
        text = _strict(raw, codec)
        if text is not None and _ordinary_share(text) >= 0.9:
            return text, _gb_name(raw) if codec == "gb18030" else codec.lower().replace("_", "-")
    if reason == "unexpected end of data":
        raise InputError(
            "ends in the middle of a UTF-8 character: the file looks truncated; "
            "restore the complete file (or cut the last incomplete character and re-save it)", shown)
    loose = raw.decode("utf-8", errors="replace")
    bad = loose.count("\ufffd")
    good = sum(1 for c in loose if ord(c) > 0x7F) - bad
    if good >= 8 and good >= 4 * bad:
        raise InputError(
            f"is UTF-8 with {bad} damaged byte{'s' if bad > 1 else ''} (first at byte {first_bad}, line "
            f"{_line_of(raw, first_bad)}); repair those characters or re-save the file as UTF-8", shown)
    found = _legacy(raw)
    if found is None:
        what = _sniff(raw)
        if what:
            raise InputError(f"is {what[0]}, not a text file; {what[1]}", shown)
        raise InputError(
            f"is not valid UTF-8 (byte {first_bad}, line {_line_of(raw, first_bad)}) and reads as neither "
            "GB18030/GBK, Big5 nor Windows-1252 text; re-save it as UTF-8", shown)
    return found


def read_text(path: Path) -> tuple[str, str, str]:
    """(text, encoding, sha256) of a plain-text file; a clear InputError otherwise."""
    raw = read_document_bytes(path)
    shown = display_path(path)
    if not raw.strip():
        raise InputError("file is empty; remove it from the folder or add its text", shown)
    text, encoding = decode_text(raw, shown)
    return text, encoding, hashlib.sha256(raw).hexdigest()


# ---------------------------------------------------------------- paragraphs

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


def detect_lang(text: str) -> Lang | None:
    """"zh" or "en" by the share of Chinese characters to Latin letters; None for a text with neither
    (digits and punctuation alone say nothing about the language)."""
    han = han_count(text)
    latin = sum(1 for c in text if c.isascii() and c.isalpha())
    if not han and not latin:
        return None
    return "zh" if han >= 0.2 * latin else "en"


_MOVE_HINT = {
    "zh": "move it to the folder of Chinese originals (or, for one pair, give it as the first file)",
    "en": "move it to the folder of English renderings (or, for one pair, give it as the second file)",
}
_LANG_NAMES = {"zh": "Chinese", "en": "English"}
_FOLDER_NAMES = {"zh": "Chinese originals", "en": "English renderings"}


def name_the_folder(message: str, folders: dict[Lang, Path]) -> str:
    """A wrong-language error from a batch, its hint naming the user's own folder for that language."""
    for lang, hint in _MOVE_HINT.items():
        if message.endswith(hint):
            return message[:-len(hint)] + f"move it to {display_path(folders[lang])} (the folder of {_FOLDER_NAMES[lang]})"
    return message


def document_paragraphs(raw: bytes, shown: str) -> tuple[list[str], str, str]:
    """(paragraphs, encoding, format) of a document's bytes, by the format its name says."""
    fmt = document_format(shown)
    if not raw.strip():
        raise InputError("file is empty; remove it from the folder or add its text", shown)
    if fmt == "docx":
        if not raw.startswith(b"PK"):
            what = _sniff(raw)
            kind = what[0] if what else "a text or other file"
            raise InputError(f"has a .docx name but is {kind}, not a Word document; "
                             "save it from Word as .docx or give it its real extension", shown)
        try:
            return docx_paragraphs(raw), "utf-8", fmt
        except FormatError as exc:
            raise InputError(str(exc), shown) from None
    text, encoding = decode_text(raw, shown, html_declared_charset(raw) if fmt == "html" else None)
    if not text.strip():
        raise InputError("file is empty; remove it from the folder or add its text", shown)
    if fmt == "html":
        return html_paragraphs(text), encoding, fmt
    if fmt == "md":
        return split_paragraphs(markdown_text(text)), encoding, fmt
    if text.lstrip().startswith("{\\rtf"):
        raise InputError("is an RTF document, not plain text; save it as .docx or .txt", shown)
    return split_paragraphs(text), encoding, fmt


def parse_document(raw: bytes, shown: str, lang: Lang) -> Document:
    """A document from its bytes: decode, extract paragraphs, check the language, mark furniture."""
    paras, encoding, fmt = document_paragraphs(raw, shown)
    if not paras:
        raise InputError("no text found in it; add its text or remove it from the folder", shown)
    found = detect_lang("\n".join(paras))
    if found is not None and found != lang:
        raise InputError(f"this looks like {_LANG_NAMES[found]}, not {_LANG_NAMES[lang]}; {_MOVE_HINT[found]}", shown)
    marked = mark_furniture(paras, lang)
    paragraphs = tuple(
        Paragraph(id=i, text=t, boilerplate=why is not None, furniture=why, heading=head)
        for i, (t, why, head) in enumerate(zip(paras, marked.reasons, marked.headings))
    )
    return Document(path=shown, lang=lang, paragraphs=paragraphs, sha256=hashlib.sha256(raw).hexdigest(),
                    encoding=encoding, format=fmt)


def load_document(path: Path, lang: Lang) -> Document:
    """Read, decode, split into paragraphs and mark furniture."""
    return parse_document(read_document_bytes(path), display_path(path), lang)
