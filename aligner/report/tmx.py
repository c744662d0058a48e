"""TMX 1.4b translation memory of the aligned pairs: sentence pairs when a run has them, else paragraphs.

Omissions, additions and furniture are left out: a memory holds renderings, not gaps.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from .. import __version__
from ..model import Document, PairResult
from .atomic import write_atomic

ZH_LANG = "zh"
EN_LANG = "en"
# Characters XML 1.0 forbids; a stray one in a corpus must not make the file unreadable.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(text: str) -> str:
    return escape(_NOT_XML.sub("", text))


def xml_attr(text: str) -> str:
    return quoteattr(_NOT_XML.sub("", text), {"\n": "&#10;", "\r": "&#13;", "\t": "&#9;"})


def side_text(doc: Document, ids: Sequence[int], lang: str) -> str | None:
    """The content text of these paragraphs joined, None when they are all furniture."""
    by_id = {p.id: p for p in doc.paragraphs}
    texts = [by_id[i].text for i in ids if i in by_id and not by_id[i].boilerplate]
    if not texts:
        return None
    return ("" if lang == "zh" else " ").join(texts)


def link_fidelity(pair: PairResult) -> dict[tuple[tuple[int, ...], tuple[int, ...]], float]:
    """Fidelity per paragraph link, from `scores["fidelity"]["paragraph_links"]`."""
    fid = (pair.scores or {}).get("fidelity") or {}
    out = {}
    for x in fid.get("paragraph_links", []) or []:
        if x.get("fidelity") is not None:
            out[(tuple(x["zh"]), tuple(x["en"]))] = float(x["fidelity"])
    return out


@dataclass(frozen=True)
class TranslationUnit:
    tuid: str
    segtype: str  # "sentence" or "paragraph"
    zh: str
    en: str
    props: tuple[tuple[str, str], ...]


def _ids(ids: Sequence[int]) -> str:
    return ",".join(map(str, ids))


def translation_units(pair: PairResult) -> list[TranslationUnit]:
    """The pair's memory entries: aligned sentence pairs if there are any, else paragraph pairs."""
    fid = link_fidelity(pair)
    units = []
    if pair.sentences is not None and pair.sentences.links:
        zs = {s.id: s for s in pair.sentences.zh}
        es = {s.id: s for s in pair.sentences.en}
        zfurn = {p.id for p in pair.zh.paragraphs if p.boilerplate}
        efurn = {p.id for p in pair.en.paragraphs if p.boilerplate}
        # the paragraph link a sentence link sits in, for its fidelity
        para_of = {}
        for link in pair.links:
            for i in link.zh:
                para_of[i] = (link.zh, link.en)
        for link in pair.sentences.links:
            if not link.zh or not link.en:
                continue
            zparts = [zs[i] for i in link.zh if i in zs and zs[i].paragraph not in zfurn]
            eparts = [es[j] for j in link.en if j in es and es[j].paragraph not in efurn]
            if not zparts or not eparts:
                continue
            props = [("x-pair", pair.pair_id), ("x-zh-sentences", _ids(link.zh)), ("x-en-sentences", _ids(link.en)),
                     ("x-confidence", f"{link.confidence:.4f}")]
            para_link = para_of.get(zparts[0].paragraph)
            if para_link is not None and para_link in fid:
                props.append(("x-paragraph-fidelity", f"{fid[para_link]:.1f}"))
            units.append(TranslationUnit(
                f"{pair.pair_id}:s{_ids(link.zh)}:s{_ids(link.en)}", "sentence",
                "".join(s.text for s in zparts), " ".join(s.text for s in eparts), tuple(props)))
        return units
    for link in pair.links:
        if not link.zh or not link.en:
            continue
        zh, en = side_text(pair.zh, link.zh, "zh"), side_text(pair.en, link.en, "en")
        if zh is None or en is None:
            continue
        props = [("x-pair", pair.pair_id), ("x-zh-paragraphs", _ids(link.zh)), ("x-en-paragraphs", _ids(link.en)),
                 ("x-confidence", f"{link.confidence:.4f}")]
        if (link.zh, link.en) in fid:
            props.append(("x-fidelity", f"{fid[(link.zh, link.en)]:.1f}"))
        units.append(TranslationUnit(f"{pair.pair_id}:p{_ids(link.zh)}:p{_ids(link.en)}", "paragraph",
                                     zh, en, tuple(props)))
    return units


def render_tmx(pairs: Iterable[PairResult]) -> str:
    """The TMX document; deterministic for the same pairs."""
    return render_units([u for pair in pairs for u in translation_units(pair)])


def render_units(units: Sequence[TranslationUnit]) -> str:
    """A TMX document of these units (the one writer, so every TMX names its languages alike)."""
    segtype = "sentence" if units and all(u.segtype == "sentence" for u in units) else "paragraph"
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>\n',
        '<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n',
        '<tmx version="1.4">\n',
        f' <header creationtool="aligner" creationtoolversion={xml_attr(__version__)} segtype="{segtype}"'
        f' o-tmf="aligner" adminlang="en" srclang="{ZH_LANG}" datatype="plaintext"/>\n',
        " <body>\n",
    ]
    for u in units:
        out.append(f"  <tu tuid={xml_attr(u.tuid)} segtype=\"{u.segtype}\">\n")
        out.extend(f"   <prop type={xml_attr(k)}>{xml_text(v)}</prop>\n" for k, v in u.props)
        out.append(f'   <tuv xml:lang="{ZH_LANG}"><seg>{xml_text(u.zh)}</seg></tuv>\n')
        out.append(f'   <tuv xml:lang="{EN_LANG}"><seg>{xml_text(u.en)}</seg></tuv>\n')
        out.append("  </tu>\n")
    out.append(" </body>\n</tmx>\n")
    return "".join(out)


def write_tmx(pairs: Iterable[PairResult], path: Path) -> Path:
    write_atomic(path, render_tmx(pairs))
    return path

