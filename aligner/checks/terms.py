"""Terminology: glossary renderings (forbidden used, approved absent) and key terms whose rendering is not recognised.

Glossary entries of the name categories (place, company, institution) are the
names check's business; this module finds them all and each check keeps its own.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import lru_cache

from ..lexicon.cedict import cedict
from ..lexicon.glossary import GlossaryEntry
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
            yield ctx.flag(
                check, "minor",
                f"{e.zh}: none of the approved renderings ({_approved_list(e)}) is in the English{note}",
                zh=hit.zh, en=None, suggestion=e.approved[0], key=("missing", e.zh),
            )


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
