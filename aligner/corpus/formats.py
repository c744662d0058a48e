"""Text out of .md, .html/.htm and .docx files, as paragraphs.

Each extractor returns the document's paragraphs in reading order; markup is
dropped and block structure (headings, list items, table cells, block
elements, Word paragraphs) becomes paragraph breaks. The caller decodes bytes
(html, md) and raises the user-facing errors; extractors only raise
`FormatError` with a reason and a fix.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from html.parser import HTMLParser
from xml.etree import ElementTree as ET

from ..text.zh import han_count

# the largest document.xml we inflate: a zip bomb must not exhaust memory
MAX_DOCX_XML = 200 * 1024 * 1024


class FormatError(Exception):
    """The file is not a well-formed document of its format; the message says why and the fix."""


_SPACE = re.compile(r"\s+")


def tidy(text: str) -> str:
    """Collapse whitespace; a line break between two Chinese characters is no space at all."""
    text = _SPACE.sub(" ", text).strip()
    if " " in text and han_count(text):
        text = re.sub(r"(?<=[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]) (?=[\u3000-\u303f\u3400-\u9fff\uff00-\uffef])", "", text)
    return text


# ---------------------------------------------------------------- markdown

_MD_FENCE = re.compile(r"^\s*(```|~~~)")
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$")
_MD_SETEXT = re.compile(r"^\s{0,3}(=+|-+)\s*$")
_MD_RULE = re.compile(r"^\s{0,3}([-*_])(\s*\1){2,}\s*$")
_MD_LIST = re.compile(r"^\s*(?:[-*+]|\d{1,9}[.)])\s+(?:\[[ xX]\]\s+)?")
_MD_QUOTE = re.compile(r"^\s*(?:>\s?)+")
_MD_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_MD_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_MD_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)|\[([^\]]+)\]\[[^\]]*\]")
_MD_REF_DEF = re.compile(r"^\s{0,3}\[[^\]]+\]:\s+\S+")
_MD_EMPHASIS = re.compile(r"(\*\*|__|\*|_|~~)(?=\S)(.+?)(?<=\S)\1")
_MD_CODE = re.compile(r"`+([^`]*)`+")
_MD_TAG = re.compile(r"</?[A-Za-z][^>]*>|<!--.*?-->")
_MD_AUTOLINK = re.compile(r"<((?:https?|mailto):[^>]+)>")


def _md_inline(text: str) -> str:
    text = _MD_IMAGE.sub(lambda m: m.group(1), text)
    text = _MD_LINK.sub(lambda m: m.group(1) or m.group(2), text)
    text = _MD_AUTOLINK.sub(lambda m: m.group(1), text)
    text = _MD_CODE.sub(lambda m: m.group(1), text)
    text = _MD_TAG.sub("", text)
    for _ in range(3):  # nested emphasis: ***bold italic***
        text = _MD_EMPHASIS.sub(lambda m: m.group(2), text)
    return text.replace("\\", "") if "\\" in text else text


def markdown_text(text: str) -> str:
    """Plain text of a Markdown document, one block per blank-line-separated group.

    Headings, list items, quotes and table rows stand alone (a blank line around
    each), so the plain-text paragraph splitter then treats them as paragraphs.
    Front matter, rules, fences, link definitions and raw HTML tags are dropped;
    the text of links, images' alt text, emphasis and code is kept.
    """
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if lines and lines[0].strip() == "---":  # YAML front matter
        for k in range(1, min(len(lines), 200)):
            if lines[k].strip() in ("---", "..."):
                lines = lines[k + 1:]
                break
    out: list[str] = []
    in_fence = False

    def alone(s: str) -> None:
        s = _md_inline(s).strip()
        if s:
            out.extend(["", s, ""])

    for k, line in enumerate(lines):
        if _MD_FENCE.match(line):
            in_fence = not in_fence
            out.append("")
            continue
        if in_fence:
            out.append(line)
            continue
        nxt = lines[k + 1] if k + 1 < len(lines) else ""
        if line.strip() and _MD_SETEXT.match(nxt) and not _MD_LIST.match(line):
            alone(line)
            continue
        if _MD_SETEXT.match(line) and out and out[-1] == "" or _MD_RULE.match(line) or _MD_REF_DEF.match(line):
            out.append("")
            continue
        m = _MD_HEADING.match(line)
        if m:
            alone(m.group(1))
            continue
        if _MD_TABLE_RULE.match(line) and "-" in line:
            continue
        stripped = line.strip()
        if stripped.startswith("|") or (stripped.count("|") >= 2 and not stripped.startswith("    ")):
            alone(" ".join(c.strip() for c in stripped.strip("|").split("|") if c.strip()))
            continue
        q = _MD_QUOTE.match(line)
        if q:
            line = line[q.end():]
        li = _MD_LIST.match(line)
        if li:
            alone(line[li.end():])
            continue
        out.append(_md_inline(line))
    return "\n".join(out)


# ---------------------------------------------------------------- html

_BLOCK = frozenset(
    "address article aside blockquote body br caption center dd details dialog div dl dt fieldset figcaption "
    "figure footer form h1 h2 h3 h4 h5 h6 header hr html li main nav ol p pre section summary table tbody td "
    "tfoot th thead title tr ul".split()
)
_DROP = frozenset("script style noscript template head svg math iframe object canvas select option button".split())
_VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[str] = []
        self._buf: list[str] = []
        self._drop = 0  # depth inside script, style and the like
        self._pre = 0

    def _flush(self) -> None:
        if self._buf:
            raw = "".join(self._buf)
            self._buf = []
            if self._pre:
                self.paragraphs.extend(t for t in (tidy(ln) for ln in raw.split("\n")) if t)
            else:
                t = tidy(raw)
                if t:
                    self.paragraphs.append(t)

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in _DROP:
            if tag not in _VOID:
                self._drop += 1
            return
        if tag in _BLOCK:
            self._flush()
        if tag == "pre":
            self._pre += 1
        if tag == "img" and not self._drop:
            alt = dict(attrs).get("alt")
            if alt and alt.strip():
                self._buf.append(f" {alt} ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _DROP:
            self._drop = max(0, self._drop - 1)
            return
        if tag in _BLOCK:
            self._flush()
        if tag == "pre":
            self._pre = max(0, self._pre - 1)

    def handle_data(self, data: str) -> None:
        if not self._drop:
            self._buf.append(data)

    def close(self) -> None:
        super().close()
        self._flush()


def html_paragraphs(text: str) -> list[str]:
    """Visible text of an HTML page: scripts, styles and <head> dropped, block elements make paragraphs."""
    parser = _TextExtractor()
    parser.feed(text)
    parser.close()
    return parser.paragraphs


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.I)


def html_declared_charset(raw: bytes) -> str | None:
    """The charset a page declares in a <meta> tag within its first 4 KB, if any."""
    m = _META_CHARSET.search(raw[:4096])
    return m.group(1).decode("ascii").lower() if m else None


# ---------------------------------------------------------------- docx

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_ZIP_METHODS = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA}  # what zipfile inflates


def docx_paragraphs(raw: bytes) -> list[str]:
    """Paragraphs of a Word .docx (body text and table cells, in order), read with zipfile and ElementTree."""
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as zf:
            try:
                info = zf.getinfo("word/document.xml")
            except KeyError:
                raise FormatError("is a zip archive but not a Word document (no word/document.xml); "
                                  "save it from Word as .docx or export it as .txt") from None
            if info.compress_type not in _ZIP_METHODS:
                raise FormatError(f"its text part is compressed with zip method {info.compress_type}, which this "
                                  "reader cannot inflate; re-save it from Word or export it as .txt")
            if info.file_size > MAX_DOCX_XML:
                raise FormatError(f"its text part inflates to {info.file_size // (1024 * 1024)} MB, over the "
                                  f"{MAX_DOCX_XML // (1024 * 1024)} MB limit; split the document")
            xml = zf.read(info)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError) as exc:
        # a truncated archive fails in the central directory (BadZipFile), a damaged member while inflating
        raise FormatError(f"is not a readable .docx: the zip archive is damaged or truncated ({exc}); "
                          "re-save it from Word or export it as .txt") from None
    try:
        root = ET.fromstring(xml)
    except ET.ParseError as exc:
        raise FormatError(f"is not a readable .docx: word/document.xml is malformed ({exc}); "
                          "re-save it from Word or export it as .txt") from None
    body = root.find(f"{_W}body")
    if body is None:
        return []
    out: list[str] = []
    for p in body.iter(f"{_W}p"):
        for line in "".join(_run_text(p)).split("\n"):
            t = tidy(line)
            if t:
                out.append(t)
    return out


def _run_text(el: ET.Element):
    """The text of one Word paragraph; text boxes inside it are paragraphs of their own, met later."""
    for child in el:
        tag = child.tag
        if tag == f"{_W}t":
            if child.text:
                yield child.text
        elif tag == f"{_W}tab":
            yield "\t"
        elif tag in (f"{_W}br", f"{_W}cr"):
            yield "\n"
        elif tag in (f"{_W}txbxContent", f"{_W}delText", f"{_W}instrText"):
            continue  # text boxes come as paragraphs of their own; deletions and field codes are not text
        else:
            yield from _run_text(child)
