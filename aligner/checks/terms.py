"""Terminology: glossary renderings (forbidden used, approved absent) and key terms whose rendering is not recognised.

Glossary entries of the name categories (place, company, institution) are the
names check's business; this module finds them all and each check keeps its own.

A company or institution whose rendering is absent while its sentence's English
names another glossary entity of the same kind (宁德时代 where the English says
"BYD") is a swap, major, not a missing rendering. It is judged only on a sure
link whose Chinese lacks the rendering of no other entity of that kind (in a
merge, which one the English replaced would be unclear). The English searched
is the term's sentence bead, or in a 1-1 paragraph link the paragraph
(reordered sentences cross the beads). The other entity must be unexplained by
the link's Chinese (its name, a two-character prefix of it such as 阿里 for
阿里巴巴, or a word whose dictionary senses carry the rendering, 工行 "ICBC")
and by the alignment (not named in another Chinese paragraph while the expected
rendering sits in another English one).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import lru_cache

from ..lexicon.cedict import cedict
from ..lexicon.glossary import GlossaryEntry, rendering_spans
from ..model import Flag, Span
from ..text import TEXT_CACHE_SIZE
from ..text.zh import STOPWORDS as ZH_STOPWORDS, han_count, zh_tokens_with_offsets, zh_words_pos
from .omissions import en_evidence, inside, match_sentences, omitted_zh_spans
from .registry import Bead, CheckContext, LinkView, register, span_of

NAME_CATEGORIES = frozenset({"place", "company", "institution", "person", "organisation", "organization"})
# "rendering not recognised" (info) at most this many per link, and only for salient words.
UNRECOGNISED_PER_LINK = 2
UNRECOGNISED_MIN_IDF = 8.5
# POS tags of content words worth checking (nouns, verbs, verbal nouns, idioms), names excluded.
_CONTENT_TAGS = ("n", "v", "vn", "nz", "l", "i", "an", "a")
_NAME_TAGS = ("nr", "nrfg", "nrt", "ns", "nt", "nz")
# Kinds of glossary entity whose renderings name one thing each: one named for another is a swap.
ENTITY_KINDS = frozenset({"company", "institution"})
# A link the aligner is less sure of than this may pair the sentence with another's English.
SWAP_MIN_CONFIDENCE = 0.5
# A two-character prefix shared by this many entities (中国, 国家) is generic, not a short form of one.
GENERIC_PREFIX_ENTRIES = 3


@dataclass(frozen=True)
class TermHit:
    """A glossary term in a Chinese paragraph, the English it is judged against, and what was found there."""

    entry: GlossaryEntry
    zh: Span
    en: Span | None  # where the rendering found (forbidden or approved) sits
    forbidden: str | None
    approved: str | None
    search_text: str  # the English searched (the bead's, or the link's)


@lru_cache(maxsize=TEXT_CACHE_SIZE)
def _boundaries(text: str) -> frozenset[int]:
    out = {0, len(text)}
    for _, s, e in zh_tokens_with_offsets(text):
        out.add(s)
        out.add(e)
    return frozenset(out)


def bead_of(beads: tuple[Bead, ...], span: Span) -> Bead | None:
    for b in beads:
        for z in b.zh:
            if z.paragraph == span.paragraph and z.start <= span.start and span.end <= z.end:
                return b
    return None


def _locate(view: LinkView, bead: Bead | None, found: tuple[str, int, int] | None, text: str) -> Span | None:
    """The Span of a rendering found at (start, end) of `text` (a bead's or the link's English)."""
    if found is None:
        return None
    _, start, end = found
    pieces = list(bead.en) if bead is not None and bead.en and text == bead.en_text else [None]
    if pieces == [None]:
        offset = 0
        for p in view.en:
            if offset <= start and end <= offset + len(p.text):
                return span_of(p, start - offset, end - offset)
            offset += len(p.text) + 1
        return None
    offset = 0
    for s in pieces:
        if offset <= start and end <= offset + len(s.text):
            p = next(p for p in view.en if p.id == s.paragraph)
            return span_of(p, s.start + start - offset, s.start + end - offset)
        offset += len(s.text) + 1
    return None


def glossary_hits(ctx: CheckContext) -> tuple[tuple[LinkView, TermHit], ...]:
    """Every glossary term in the linked Chinese, with the rendering found in its English."""

    def compute():
        out = []
        if not len(ctx.glossary):
            return ()
        for view in ctx.links:
            if not view.zh or not view.en:
                continue
            beads = match_sentences(view)
            for p in view.zh:
                for entry, s, e in ctx.glossary.find_in(p.text, _boundaries(p.text)):
                    zspan = span_of(p, s, e)
                    bead = bead_of(beads, zspan)
                    hit = None
                    if bead is not None and bead.en:
                        hit = _judge(view, entry, zspan, bead, bead.en_text)
                        if hit.forbidden is None and hit.approved is None:
                            hit = None  # not in its sentence: try the whole link (sentence matching can err)
                    if hit is None:
                        hit = _judge(view, entry, zspan, None, view.en_text)
                    out.append((view, hit))
        return tuple(out)

    return ctx.cached("glossary_hits", compute)


_WORDS = re.compile(r"[^\W_]+")


@lru_cache(maxsize=TEXT_CACHE_SIZE)
def _compact(text: str) -> str:
    return "".join(_WORDS.findall(text)).casefold()


def _plausible(rendering: str, compact_text: str) -> bool:
    """Cheap pre-test for rendering_spans (which is exact but slow): every word's first 4 letters occur."""
    return all(w.casefold()[:4] in compact_text for w in _WORDS.findall(rendering))


def narrowed(entry: GlossaryEntry, text: str) -> GlossaryEntry:
    """The entry with only the renderings that can possibly occur in text (same answers, far fewer searches)."""
    compact = _compact(text)
    return replace(
        entry,
        approved=tuple(r for r in entry.approved if _plausible(r, compact)),
        forbidden=tuple(r for r in entry.forbidden if _plausible(r, compact)),
    )


def _judge(view: LinkView, entry: GlossaryEntry, zspan: Span, bead: Bead | None, text: str) -> TermHit:
    small = narrowed(entry, text)
    bad = small.forbidden_in(text) if small.forbidden else None
    good = small.approved_in(text) if small.approved else None
    where = _locate(view, bead, bad or good, text)
    return TermHit(entry, zspan, where, bad[0] if bad else None, good[0] if good else None, text)


def _approved_list(entry: GlossaryEntry) -> str:
    return ", ".join(f"“{a}”" for a in entry.approved)


def glossary_flags(ctx: CheckContext, check: str, names: bool) -> Iterator[Flag]:
    """Forbidden renderings (major) and missing approved renderings (minor) of glossary terms."""
    omitted = omitted_zh_spans(ctx)
    seen: set[tuple] = set()
    for view, hit in glossary_hits(ctx):
        if (hit.entry.category in NAME_CATEGORIES) != names:
            continue
        if inside(omitted, hit.zh.paragraph, hit.zh.start, hit.zh.end):
            continue
        e = hit.entry
        note = f" ({e.note})" if e.note else ""
        if hit.forbidden is not None:
            key = ("forbidden", e.zh, hit.en.paragraph if hit.en else None, hit.en.start if hit.en else None)
            if key in seen:
                continue
            seen.add(key)
            yield ctx.flag(
                check, "major",
                f"{e.zh} rendered as “{hit.forbidden}”, a rendering the glossary forbids; "
                f"approved: {_approved_list(e)}{note}",
                zh=hit.zh, en=hit.en, suggestion=e.approved[0], key=("forbidden", e.zh, hit.forbidden),
            )
        elif hit.approved is None:
            key = ("missing", e.zh, view.index)
            if key in seen:
                continue
            seen.add(key)
            swap = named_instead(ctx, view, hit)
            if swap is not None:
                other, rendering, en_span = swap
                yield ctx.flag(
                    check, "major",
                    f"the English names {rendering} where the Chinese says {e.zh} ({e.approved[0]}); "
                    f"{rendering} is {other.zh}",
                    zh=hit.zh, en=en_span, suggestion=e.approved[0], key=("swapped", e.zh, other.zh),
                )
                continue
            yield ctx.flag(
                check, "minor",
                f"{e.zh}: none of the approved renderings ({_approved_list(e)}) is in the English{note}",
                zh=hit.zh, en=None, suggestion=e.approved[0], key=("missing", e.zh),
            )


def _entities(ctx: CheckContext) -> tuple[dict[str, tuple[GlossaryEntry, ...]], frozenset[str]]:
    """Glossary entities by kind, and the two-character prefixes too many entities share to be a short form."""

    def compute():
        kinds: dict[str, list[GlossaryEntry]] = {}
        prefixes: dict[str, int] = {}
        for entry in ctx.glossary:
            if entry.category in ENTITY_KINDS:
                kinds.setdefault(entry.category, []).append(entry)
                prefixes[entry.zh[:2]] = prefixes.get(entry.zh[:2], 0) + 1
        generic = frozenset(p for p, n in prefixes.items() if n >= GENERIC_PREFIX_ENTRIES)
        return {k: tuple(v) for k, v in kinds.items()}, generic

    return ctx.cached("entities", compute)


def _words(text: str) -> tuple[str, ...]:
    return tuple(w.casefold() for w in _WORDS.findall(text))


def _part_of(rendering: str, entry: GlossaryEntry) -> bool:
    """Whether the rendering's words run inside one of the entry's renderings ("China Resources" in
    "China Resources Microelectronics", "CPC" in "CPC Central Committee"): part of its name, not another."""
    words = _words(rendering)
    for approved in entry.approved:
        whole = _words(approved)
        if any(whole[k:k + len(words)] == words for k in range(len(whole) - len(words) + 1)):
            return True
    return False


def _mentioned(other: GlossaryEntry, zh_text: str, generic: frozenset[str]) -> bool:
    """The entity's name, or its two-character short form (阿里 for 阿里巴巴), is in the Chinese."""
    if other.zh in zh_text:
        return True
    short = other.zh[:2]
    return len(other.zh) >= 3 and short not in generic and short in zh_text


def _glossed(rendering: str, zh_text: str) -> bool:
    """A word of the Chinese whose dictionary senses carry the rendering (工行 "ICBC", 中科院 "Chinese Academy of Sciences")."""
    d = cedict()
    words = {w for w, _, _ in zh_tokens_with_offsets(zh_text) if len(w) >= 2 and w in d}
    return any(rendering_spans(rendering, sense) for w in words for sense in d.senses(w))


def named_instead(ctx: CheckContext, view: LinkView, hit: TermHit) -> tuple[GlossaryEntry, str, Span | None] | None:
    """Another entity of the hit's kind that its sentence's English names instead: (entry, rendering, span)."""
    e = hit.entry
    kinds, generic = _entities(ctx)
    if e.category not in kinds or view.link.confidence < SWAP_MIN_CONFIDENCE:
        return None
    missing = {h.entry.zh for v, h in glossary_hits(ctx) if v.index == view.index
               and h.entry.category == e.category and h.approved is None}
    if missing - {e.zh}:
        return None  # two names of the kind lack their rendering: which one the English replaced is unclear
    bead = bead_of(match_sentences(view), hit.zh)
    found = None
    if bead is not None and bead.en:
        found = _unexplained_entity(view, e, kinds[e.category], generic, bead.en_text)
    where = bead
    if found is None and view.kind == "1-1":  # sentences reordered inside one paragraph cross the beads
        found = _unexplained_entity(view, e, kinds[e.category], generic, view.en_text)
        where = None
    if found is None:
        return None
    other, rendering, start, end = found
    if _mentioned(other, ctx.zh_document_text, generic) and _rendered(e, ctx.en_document_text):
        return None  # each named elsewhere in the document: an alignment slip, not a translation error
    text = where.en_text if where is not None else view.en_text
    return other, rendering, _locate(view, where, (rendering, start, end), text)


def _unexplained_entity(view: LinkView, e: GlossaryEntry, kind: tuple[GlossaryEntry, ...], generic: frozenset[str],
                        text: str) -> tuple[GlossaryEntry, str, int, int] | None:
    """The one entity of the kind that text names and the link's Chinese does not explain, or None."""
    found: list[tuple[int, int, str, GlossaryEntry]] = []
    for other in kind:
        if other.zh == e.zh or set(other.approved) & set(e.approved):
            continue  # the same entity under another name (发改委, 国家发展改革委)
        for r in narrowed(other, text).approved:
            # a name is capitalised: "central bank" or "people's congress" in lower case names no one
            found.extend((s, end, r, other) for s, end in rendering_spans(r, text) if text[s].isupper())
    if not found:
        return None
    zh_text = view.zh_text
    # A place in the English that some entity the Chinese names explains is no swap.
    explained = [(s, end) for s, end, r, other in found
                 if _mentioned(other, zh_text, generic) or _part_of(r, e) or _glossed(r, zh_text)]
    unexplained = [f for f in found if not any(s < f[1] and f[0] < end for s, end in explained)]
    if not unexplained:
        return None
    start, end, rendering, other = min(unexplained, key=lambda f: (f[0], f[0] - f[1]))
    if any(not (f[0] < end and start < f[1]) for f in unexplained):
        return None  # two entities the Chinese does not name: more likely a misaligned sentence than a swap
    return other, rendering, start, end


def _rendered(entry: GlossaryEntry, text: str) -> bool:
    """Whether one of the entry's approved renderings is in the text."""
    small = narrowed(entry, text)
    return bool(small.approved) and small.approved_in(text) is not None


@register("terms", "major", "Glossary terms: forbidden renderings used, approved renderings absent; key terms not recognised.")
def check_terms(ctx: CheckContext) -> Iterator[Flag]:
    if not ctx.translated:
        return
    yield from glossary_flags(ctx, "terms", names=False)
    yield from _unrecognised(ctx)


# ---------------------------------------------------------------- rendering not recognised


@lru_cache(maxsize=1)
def _idf() -> tuple[dict[str, float], float]:
    import jieba.analyse

    t = jieba.analyse.default_tfidf
    return t.idf_freq, t.median_idf


def salience(word: str) -> float:
    """IDF (jieba's table; unknown words count as rare) times a length bonus."""
    table, median = _idf()
    idf = table.get(word, max(median, 11.0))
    return idf * (1 + 0.15 * (len(word) - 2))


@lru_cache(maxsize=TEXT_CACHE_SIZE)
def _pos_tokens(text: str) -> tuple[tuple[str, str, int, int], ...]:
    out = []
    pos = 0
    for word, tag in zh_words_pos(text):
        start = text.find(word, pos)
        if start < 0:
            continue
        pos = start + len(word)
        out.append((word, tag, start, pos))
    return tuple(out)


def key_terms(text: str) -> list[tuple[str, int, int]]:
    """Content words (>= 2 Han characters, not names or stopwords) of a Chinese paragraph that CC-CEDICT knows."""
    d = cedict()
    out = []
    for word, tag, s, e in _pos_tokens(text):
        if len(word) < 2 or han_count(word) != len(word) or word in ZH_STOPWORDS:
            continue
        if tag.startswith(_NAME_TAGS) or not tag.startswith(_CONTENT_TAGS):
            continue
        if word not in d or not d.gloss_stems(word):
            continue
        out.append((word, s, e))
    return out


def _unrecognised(ctx: CheckContext) -> Iterator[Flag]:
    omitted = omitted_zh_spans(ctx)
    glossary_spans = [h.zh for _, h in glossary_hits(ctx)]
    d = cedict()
    for view in ctx.links:
        if not view.zh or not view.en:
            continue
        stems = en_evidence(view.en_text).stems
        candidates = []
        seen_words = set()
        for p in view.zh:
            for word, s, e in key_terms(p.text):
                if word in seen_words or inside(omitted, p.id, s, e):
                    continue
                if any(g.paragraph == p.id and g.start < e and s < g.end for g in glossary_spans):
                    continue
                seen_words.add(word)
                if d.gloss_stems(word) & stems:
                    continue
                score = salience(word)
                if score < UNRECOGNISED_MIN_IDF:
                    continue
                candidates.append((-score, p.id, s, word, span_of(p, s, e)))
        for _, _, _, word, span in sorted(candidates)[:UNRECOGNISED_PER_LINK]:
            senses = "; ".join(d.gloss_phrases(word)[:4])
            yield ctx.flag(
                "terms", "info",
                f"rendering of {word} not recognised: none of its dictionary senses ({senses}) is in the English",
                zh=span, en=None, suggestion=d.gloss_phrases(word)[0] if d.gloss_phrases(word) else None,
                key=("unrecognised", word),
            )
