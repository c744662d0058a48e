"""Glossaries: approved and forbidden English renderings of Chinese terms (TSV, TBX, built-in)."""

from __future__ import annotations

import hashlib
import re
import xml.etree.ElementTree as ET
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from xml.parsers import expat

from ..errors import InputError
from ..text.en import stem
from ..text import TEXT_CACHE_SIZE, WORD_CACHE_SIZE

COLUMNS = ("zh", "approved", "forbidden", "note", "category")
REQUIRED_COLUMNS = COLUMNS[:4]
TSV_SUFFIXES = (".tsv", ".tab", ".txt")
TBX_SUFFIXES = (".tbx", ".xml")
BUILTIN = "builtin"


@dataclass(frozen=True)
class GlossaryEntry:
    """One Chinese term, the English renderings a reviewer accepts and the ones they reject."""

    zh: str
    approved: tuple[str, ...]
    forbidden: tuple[str, ...]
    note: str
    category: str
    source: str  # the file it came from, or "builtin"

    def approved_in(self, en_text: str) -> tuple[str, int, int] | None:
        """The first approved rendering found in en_text, with its span, or None."""
        hits = [(s, -e, r) for r in self.approved for s, e in rendering_spans(r, en_text)]
        if not hits:
            return None
        s, neg_e, r = min(hits)
        return r, s, -neg_e

    def forbidden_in(self, en_text: str) -> tuple[str, int, int] | None:
        """The first forbidden rendering found in en_text outside every approved rendering, or None."""
        # A forbidden rendering that sits inside an approved one is not a finding.
        covered = [span for r in self.approved for span in rendering_spans(r, en_text)]
        hits = [
            (s, -e, r)
            for r in self.forbidden
            for s, e in rendering_spans(r, en_text)
            if not any(cs <= s and e <= ce for cs, ce in covered)
        ]
        if not hits:
            return None
        s, neg_e, r = min(hits)
        return r, s, -neg_e


class Glossary:
    """Glossary entries keyed by their Chinese term; a later entry for the same term replaces an earlier one."""

    def __init__(self, entries: Iterable[GlossaryEntry] = ()) -> None:
        self._entries: dict[str, GlossaryEntry] = {}
        for entry in entries:
            self._entries[entry.zh] = entry
        self._lengths = sorted({len(zh) for zh in self._entries}, reverse=True)
        self._first_chars = frozenset(zh[0] for zh in self._entries)

    def merge(self, other: Glossary) -> Glossary:
        """A new glossary: these entries, with other's entries added and overriding any for the same term."""
        return Glossary([*self, *other])

    def __len__(self) -> int:
        return len(self._entries)

    def __iter__(self) -> Iterator[GlossaryEntry]:
        return iter(self._entries.values())

    def __contains__(self, zh: object) -> bool:
        return zh in self._entries

    def __repr__(self) -> str:
        return f"Glossary({len(self)} entries, signature={self.signature()})"

    def get(self, zh: str) -> GlossaryEntry | None:
        return self._entries.get(zh)

    def find_in(
        self, zh_text: str, boundaries: Collection[int] | None = None
    ) -> list[tuple[GlossaryEntry, int, int]]:
        """Every glossary term in zh_text as (entry, start, end), in text order.

        Longer terms are taken first and shorter ones only where they do not
        overlap a taken term, so 全国人民代表大会 hides the 人民代表大会 inside it.
        boundaries, word start/end offsets from a segmenter, is optional: when
        given, terms of one or two characters count only where both their ends
        fall on a boundary, so 城市长期 (城市|长期) does not yield 市长.
        """
        found: list[tuple[int, int, GlossaryEntry]] = []
        n = len(zh_text)
        bounds = None if boundaries is None else frozenset(boundaries)
        for i, ch in enumerate(zh_text):
            if ch not in self._first_chars:
                continue
            for length in self._lengths:
                if i + length > n:
                    continue
                entry = self._entries.get(zh_text[i : i + length])
                if entry is None:
                    continue
                # Longer terms are specific enough; short ones straddle words too easily.
                if bounds is not None and length <= 2 and not (i in bounds and i + length in bounds):
                    continue
                found.append((i, i + length, entry))
        found.sort(key=lambda f: (f[0] - f[1], f[0]))
        taken = bytearray(n)
        kept = []
        for start, end, entry in found:
            if any(taken[start:end]):
                continue
            taken[start:end] = b"\x01" * (end - start)
            kept.append((entry, start, end))
        kept.sort(key=lambda k: k[1])
        return kept

    def signature(self) -> str:
        """Short sha256 of the entries' content (sources left out), for run signatures."""
        digest = hashlib.sha256()
        for zh in sorted(self._entries):
            e = self._entries[zh]
            line = "\t".join((e.zh, "|".join(e.approved), "|".join(e.forbidden), e.note, e.category))
            digest.update(line.encode("utf-8") + b"\n")
        return digest.hexdigest()[:12]


# ---------------------------------------------------------------- matching English renderings

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_JOINERS = frozenset(" \t\n\r\u00a0\u3000-\u2010\u2011'’")  # separators that count as "nothing" between words
# What may differ between two forms of one word once the common prefix is removed.
_INFLECTIONS = frozenset({"", "s", "es", "e", "ed", "d", "ing", "y", "ies", "ied", "'s", "s'"})
_BRITISH_IZE = re.compile(r"(?<=[a-z]{3})is(e|es|ed|ing|ation|ations)$")
_BRITISH_TRE = re.compile(r"(?<=[a-z]{2})tre(s?)$")


def _tokens(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)]


def _sep(text: str) -> str:
    """A separator reduced to the punctuation that matters: spaces, hyphens and apostrophes vanish."""
    return "".join(c for c in text if c not in _JOINERS and not c.isspace())


@lru_cache(maxsize=WORD_CACHE_SIZE)
def _canon(word: str) -> str:
    w = word.lower().replace("’", "'")
    w = _BRITISH_IZE.sub(r"iz\1", w)
    return _BRITISH_TRE.sub(r"ter\1", w)


def _case_sensitive(token: str) -> bool:
    """Short acronyms and mixed-case symbols (AI, PV, SiC, GaN) match only in their own case.

    Otherwise "sic", "gan" or "ai" in ordinary English would count as renderings.
    """
    uppers = sum(c.isupper() for c in token)
    return len(token) <= 5 and (uppers >= 2 or (token[0].islower() and uppers >= 1))


@lru_cache(maxsize=WORD_CACHE_SIZE)
def _same_word(rendering_word: str, text_word: str) -> bool:
    """Whether text_word is rendering_word or an inflection of it (force ~ forces, not productive ~ productivity)."""
    if _case_sensitive(rendering_word):
        rest = text_word[len(rendering_word) :]
        return text_word.startswith(rendering_word) and rest.replace("’", "'") in ("", "s", "'s")
    a, b = _canon(rendering_word), _canon(text_word)
    if a == b:
        return True
    if stem(a) != stem(b):
        return False
    i = 0
    while i < min(len(a), len(b)) and a[i] == b[i]:
        i += 1
    return _inflection(a[:i], a[i:]) and _inflection(a[:i], b[i:])


def _same_glued(rendering_word: str, text_word: str) -> bool:
    """Words glued across a space or hyphen match exactly, or with a plural on the text side only.

    ("choke point" ~ "chokepoints"; but "aa s" is not "aa": gluing must not eat a whole word.)
    """
    a, b = _canon(rendering_word), _canon(text_word)
    return a == b or (b.startswith(a) and b[len(a):] in ("s", "es", "'s"))


def _inflection(prefix: str, rest: str) -> bool:
    if rest in _INFLECTIONS:
        return True
    # a doubled final consonant: stop ~ stopped, plan ~ planning
    return bool(prefix) and len(rest) >= 3 and rest[0] == prefix[-1] and rest[1:] in ("ed", "ing")


@lru_cache(maxsize=WORD_CACHE_SIZE)
def _rendering_parts(rendering: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """A rendering's words and the reduced separators between them."""
    toks = _tokens(rendering)
    words = tuple(t[2] for t in toks)
    seps = tuple(_sep(rendering[toks[k][1] : toks[k + 1][0]]) for k in range(len(toks) - 1))
    return words, seps


def rendering_spans(rendering: str, en_text: str) -> list[tuple[int, int]]:
    """Every non-overlapping (start, end) in en_text where the rendering occurs, in text order.

    Matching is by whole words (so "neck" is not found in "bottleneck"), ignores
    case except for short acronyms, accepts inflected forms (forces, sessions,
    industries), British -ise/-tre spellings, treats hyphen, space and no
    separator alike ("low-altitude" ~ "low altitude", "chokepoint" ~ "choke point"),
    finds a rendering whose last words a coordination shares ("wind power" in
    "wind and solar power"), and one with an abbreviation in brackets inside it
    ("lithium iron phosphate battery" in "lithium iron phosphate (LFP) batteries").

    A search costs time in proportion to the text, and the checks ask it again
    for each mention of a term in the same sentence: answers are remembered, so
    a term repeated through a long sentence does not cost its length each time.
    """
    return list(_rendering_spans(rendering, en_text))


@lru_cache(maxsize=256)  # the texts a check is reading: each is searched for several renderings in turn
def _text_parts(en_text: str) -> tuple[list[tuple[int, int, str]], list[str], list[str]]:
    """The text's word tokens, the reduced separators between them, and the words."""
    toks = _tokens(en_text)
    text_seps = [_sep(en_text[toks[k][1] : toks[k + 1][0]]) for k in range(len(toks) - 1)]
    return toks, text_seps, [t[2] for t in toks]


# Words a coordination may put between a rendering's first words and the words they share ("solar").
_SHARED_MAX_WORDS = 3


@lru_cache(maxsize=TEXT_CACHE_SIZE)
def _rendering_spans(rendering: str, en_text: str) -> tuple[tuple[int, int], ...]:
    words, seps = _rendering_parts(rendering)
    if not words:
        return ()
    toks, text_seps, text_words = _text_parts(en_text)

    def joined(start: int, count: int, parts, part_seps) -> str | None:
        # Only pieces with nothing but spaces or hyphens between them can be glued into one word.
        if start + count > len(parts) or any(part_seps[start + k] for k in range(count - 1)):
            return None
        return "".join(parts[start : start + count])

    def match(ri: int, ti: int, shared: bool = False) -> int | None:
        """Index after the last text token if words[ri:] match from text token ti.

        Once per match the words after a matched word may come after a coordination that shares them:
        "wind power" in "wind and solar power", "new energy vehicles" in "new energy and connected vehicles".
        """
        if ri == len(words):
            return ti
        if ti >= len(toks):
            return None
        # (rendering words consumed, text words consumed): 1-1, then glued forms either way
        for rk, tk in ((1, 1), (1, 2), (1, 3), (2, 1), (3, 1)):
            r_word = joined(ri, rk, words, seps)
            t_word = joined(ti, tk, text_words, text_seps)
            if r_word is None or t_word is None:
                continue
            if rk == 1 and tk == 1:
                if not _same_word(r_word, t_word):
                    continue
            elif not _same_glued(r_word, t_word):
                continue
            r_next, t_next = ri + rk, ti + tk
            if r_next < len(words):
                if not seps[r_next - 1] and _abbreviation(t_next):
                    end = match(r_next, t_next + 1, shared)  # "lithium iron phosphate (LFP) batteries"
                    if end is not None:
                        return end
                if t_next >= len(toks) or seps[r_next - 1] != text_seps[t_next - 1]:
                    continue
            end = match(r_next, t_next, shared)
            if end is not None:
                return end
            if not shared and r_next < len(words) and _coordinated(t_next):
                for extra in range(1, _SHARED_MAX_WORDS + 1):
                    if any(text_seps[t_next + k] for k in range(extra)):
                        break  # punctuation inside: no longer one coordinated phrase
                    end = match(r_next, t_next + 1 + extra, True)
                    if end is not None:
                        return end
        return None

    def _abbreviation(t: int) -> bool:
        """Text token t is an abbreviation in brackets: "(LFP)", "(NEVs)"."""
        return t + 1 < len(toks) and text_seps[t - 1] == "(" and text_seps[t] == ")" \
            and sum(c.isupper() for c in text_words[t]) >= 2

    def _coordinated(t: int) -> bool:
        return t < len(toks) and not text_seps[t - 1] and text_words[t].lower() in ("and", "or")

    spans = []
    ti = 0
    while ti < len(toks):
        end = match(0, ti)
        if end is None:
            ti += 1
            continue
        spans.append((toks[ti][0], toks[end - 1][1]))
        ti = end
    return tuple(spans)


def matches_rendering(rendering: str, en_text: str) -> tuple[int, int] | None:
    """The (start, end) of the first occurrence of rendering in en_text, or None (see rendering_spans)."""
    spans = rendering_spans(rendering, en_text)
    return spans[0] if spans else None


# ---------------------------------------------------------------- loading


def _split_renderings(field: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(r.strip() for r in field.split("|") if r.strip()))


def _make_entry(zh, approved, forbidden, note, category, source, where: str) -> GlossaryEntry:
    """Check one entry's content; `where` ("line 12") goes into the error messages."""
    zh = zh.strip()
    if not zh:
        raise InputError(f"{where}: the zh term is empty; fill it in or delete the entry", source)
    if not approved:
        raise InputError(
            f"{where}: {zh} has no approved rendering; give at least one (several separated by '|')", source
        )
    clash = [r for r in forbidden if any(r.casefold() == a.casefold() for a in approved)]
    if clash:
        raise InputError(
            f"{where}: {zh} lists {clash[0]!r} as both approved and forbidden; keep it in one column only", source
        )
    return GlossaryEntry(zh, approved, forbidden, " ".join(note.split()), category.strip().lower(), source)


def _decode(raw: bytes, source: str) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise InputError(f"line {line}: not valid UTF-8; save the file as UTF-8", source) from None


def _read(path: str | Path) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read glossary ({exc.strerror}); check the path and permissions", str(path)) from None


def parse_tsv(text: str, source: str) -> Glossary:
    """A glossary from TSV text (header line zh, approved, forbidden, note[, category]; '#' comments)."""
    header: list[str] | None = None
    entries: list[GlossaryEntry] = []
    first_line: dict[str, int] = {}
    for lineno, line in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        fields = [f.strip() for f in line.split("\t")]
        if header is None:
            header = [f.lower() for f in fields]
            missing = [c for c in REQUIRED_COLUMNS if c not in header]
            unknown = [c for c in header if c not in COLUMNS]
            if missing or unknown or len(set(header)) != len(header):
                what = (
                    f"missing column(s) {', '.join(missing)}"
                    if missing
                    else f"unknown column(s) {', '.join(unknown)}"
                    if unknown
                    else "a column is named twice"
                )
                raise InputError(
                    f"line {lineno}: header has {what}; the first line must be the tab-separated names "
                    "zh, approved, forbidden, note and optionally category",
                    source,
                )
            continue
        if len(fields) != len(header):
            raise InputError(
                f"line {lineno}: expected {len(header)} tab-separated fields ({', '.join(header)}), "
                f"found {len(fields)}; keep a tab for every empty field",
                source,
            )
        row = dict(zip(header, fields))
        where = f"line {lineno}"
        entry = _make_entry(
            row["zh"],
            _split_renderings(row["approved"]),
            _split_renderings(row["forbidden"]),
            row["note"],
            row.get("category", ""),
            source,
            where,
        )
        if entry.zh in first_line:
            raise InputError(
                f"{where}: {entry.zh} is already on line {first_line[entry.zh]}; merge the two lines", source
            )
        first_line[entry.zh] = lineno
        entries.append(entry)
    if header is None:
        raise InputError(
            "no header line; start the file with the tab-separated names zh, approved, forbidden, note", source
        )
    return Glossary(entries)


def load_tsv(path: str | Path) -> Glossary:
    """A glossary from a UTF-8 TSV file."""
    source = str(path)
    return parse_tsv(_decode(_read(path), source), source)


# TBX: TBX-Basic / TBX 2008 (martif, termEntry, langSet, tig or ntig/termGrp) and
# TBX v3 (tbx, conceptEntry, langSec, termSec), DCA style (termNote type=...) or
# DCT style (<basic:administrativeStatus>).
_ENTRY_TAGS = ("termEntry", "conceptEntry")
_LANG_TAGS = ("langSet", "langSec")
_TERM_TAGS = ("tig", "ntig", "termSec")
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_FORBIDDEN_STATUS = ("deprecated", "superseded")
_APPROVED_STATUS = ("preferred", "admitted")


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1].rsplit(":", 1)[-1] if isinstance(tag, str) else ""


def _parse_xml(data: bytes, source: str) -> tuple[ET.Element, dict[int, int]]:
    """An ElementTree plus the line each element starts on (by id), so errors can name the line.

    expat is driven directly because ElementTree's own parser does not report lines.
    """
    builder = ET.TreeBuilder()
    lines: dict[int, int] = {}
    parser = expat.ParserCreate(namespace_separator="}")

    def name(raw: str) -> str:
        return "{" + raw if "}" in raw else raw

    def start(tag: str, attrs: dict[str, str]) -> None:
        element = builder.start(name(tag), {name(k): v for k, v in attrs.items()})
        lines[id(element)] = parser.CurrentLineNumber

    parser.StartElementHandler = start
    parser.EndElementHandler = lambda tag: builder.end(name(tag))
    parser.CharacterDataHandler = builder.data
    parser.buffer_text = True
    try:
        parser.Parse(data, True)
    except expat.ExpatError as exc:
        raise InputError(
            f"line {exc.lineno}: bad XML ({expat.ErrorString(exc.code)}, column {exc.offset + 1}); fix the markup",
            source,
        ) from None
    return builder.close(), lines


def _text(el: ET.Element) -> str:
    return " ".join("".join(el.itertext()).split())


def _notes(el: ET.Element) -> list[str]:
    """descrip (other than subjectField) and note children of one element, descripGrp included."""
    out = []
    for child in el:
        name = _local(child.tag)
        if name == "descripGrp":
            out += _notes(child)
        elif (name == "descrip" and child.get("type") != "subjectField") or name == "note":
            if text := _text(child):
                out.append(text)
    return out


def _status(term_container: ET.Element) -> str:
    for el in term_container.iter():
        name = _local(el.tag)
        if (name == "termNote" and el.get("type") == "administrativeStatus") or name == "administrativeStatus":
            return _text(el).lower()
    return ""


def parse_tbx(data: bytes, source: str) -> Glossary:
    """A glossary from TBX bytes: Chinese terms become entries, English terms their renderings."""
    root, lines = _parse_xml(data, source)
    if _local(root.tag) not in ("martif", "tbx"):
        raise InputError(
            f"line {lines.get(id(root), 1)}: root element is <{_local(root.tag)}>, not <martif> or <tbx>; "
            "export the termbase as TBX",
            source,
        )
    entries: list[GlossaryEntry] = []
    first_line: dict[str, int] = {}
    for concept in root.iter():
        if _local(concept.tag) not in _ENTRY_TAGS:
            continue
        lineno = lines.get(id(concept), 0)
        where = f"line {lineno}"
        category = ""
        notes = _notes(concept)
        zh_terms: list[str] = []
        approved: list[str] = []
        forbidden: list[str] = []
        for el in concept.iter():
            if _local(el.tag) == "descrip" and el.get("type") == "subjectField" and not category:
                category = _text(el)
        for lang_set in concept:
            if _local(lang_set.tag) not in _LANG_TAGS:
                continue
            lang = (lang_set.get(_XML_LANG) or lang_set.get("lang") or "").lower()
            notes += _notes(lang_set)
            for container in lang_set:
                if _local(container.tag) not in _TERM_TAGS:
                    continue
                term_el = next((t for t in container.iter() if _local(t.tag) == "term"), None)
                term = _text(term_el) if term_el is not None else ""
                if not term:
                    raise InputError(
                        f"line {lines.get(id(container), lineno)}: <{_local(container.tag)}> has no "
                        "<term> text; add the term or delete the element",
                        source,
                    )
                notes += _notes(container)
                for grp in container:
                    if _local(grp.tag) == "termGrp":
                        notes += _notes(grp)
                if lang.startswith("zh"):
                    zh_terms.append(term)
                elif lang.startswith("en"):
                    raw_status = _status(container)
                    status = raw_status.removesuffix("-admn-sts").removesuffix("term")
                    if status in _FORBIDDEN_STATUS:
                        forbidden.append(term)
                    elif status in _APPROVED_STATUS or not status:
                        approved.append(term)
                    else:
                        raise InputError(
                            f"line {lines.get(id(container), lineno)}: unknown administrativeStatus "
                            f"{raw_status!r} for {term!r}; use preferredTerm-admn-sts, admittedTerm-admn-sts, "
                            "deprecatedTerm-admn-sts or supersededTerm-admn-sts",
                            source,
                        )
        if not zh_terms or not (approved or forbidden):
            continue  # a concept without both a Chinese and an English side says nothing about renderings
        note = " ".join(n if n[-1] in ".!?。" else n + "." for n in dict.fromkeys(notes))
        for zh in dict.fromkeys(zh_terms):
            entry = _make_entry(
                zh, tuple(dict.fromkeys(approved)), tuple(dict.fromkeys(forbidden)), note, category, source, where
            )
            if entry.zh in first_line:
                raise InputError(
                    f"{where}: {entry.zh} already has an entry on line {first_line[entry.zh]}; "
                    "merge the two entries",
                    source,
                )
            first_line[entry.zh] = lineno
            entries.append(entry)
    return Glossary(entries)


def load_tbx(path: str | Path) -> Glossary:
    """A glossary from a TBX file (TBX-Basic with tig, or TBX v3 with termSec)."""
    return parse_tbx(_read(path), str(path))


def load_glossary(path: str | Path) -> Glossary:
    """A glossary from a .tsv or .tbx file, chosen by the file's extension."""
    suffix = Path(path).suffix.lower()
    if suffix in TSV_SUFFIXES:
        return load_tsv(path)
    if suffix in TBX_SUFFIXES:
        return load_tbx(path)
    raise InputError(
        f"unknown glossary format {suffix or '(no extension)'!r}; give a .tsv or .tbx file", str(path)
    )


@lru_cache(maxsize=1)
def builtin_glossary() -> Glossary:
    """The glossary shipped with the package (loaded once per process)."""
    text = resources.files("aligner.lexicon").joinpath("data", "glossary_zh_en.tsv").read_text("utf-8-sig")
    return parse_tsv(text, BUILTIN)
