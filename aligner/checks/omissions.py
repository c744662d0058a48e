"""Omissions and additions: Chinese with no English, English with no Chinese, and links the English covers only in part.

Evidence is lexical coverage: a Chinese content token is *found* when one of
its CC-CEDICT gloss stems, its digits/Latin letters, or (for names) its pinyin
occurs in the English. Inside a paragraph link the sentences are matched by a
small monotone programme (or taken from the pair's sentence alignment); a
Chinese sentence the programme leaves unmatched, with several content words
and nothing found for them, is what a reviewer must see. A left-out sentence
with English words of its own (found, and accounted for by no other sentence
of the link) is rendered freely, not omitted.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from ..lexicon.gloss import name_pinyin, token_gloss
from ..model import Flag, Span
from ..text import TEXT_CACHE_SIZE
from ..text.en import STOPWORDS as EN_STOPWORDS, en_words, stem
from ..text.zh import STOPWORDS as ZH_STOPWORDS, han_count, zh_tokens_with_offsets
from .registry import Bead, CheckContext, LinkView, register, whole

# Evidence of a text is large (its stems, literals and names: ~10 KB for a paragraph link) and is
# reused within one pair, by several checks: a few hundred entries hold a pair, and bound the memory.
EVIDENCE_CACHE_SIZE = TEXT_CACHE_SIZE // 4

# A Chinese sentence with at least this many glossable content tokens and none found is a major omission.
MAJOR_CONTENT_TOKENS = 5
MINOR_CONTENT_TOKENS = 3
# Words of a skipped sentence may still occur in the link's English, rendered for the other sentences
# (企业, 科技 ...): up to this share found anywhere in the link still counts as not rendered.
MAJOR_MAX_FOUND = 0.5
# A clause (between commas) inside a matched sentence: at least this many tokens and none found.
CLAUSE_CONTENT_TOKENS = 6
# An English sentence with no Chinese source: content stems needed, and at most this share explained.
ADDED_EN_STEMS = 8
ADDED_EN_MAX_COVERAGE = 0.1
# Each unmatched content token costs this much inside a bead (see _bead_score).
UNMATCHED_COST = 1.0
# A sentence the matching leaves out is still rendered when at least this many of its content words are
# found in English words that no other sentence of the link accounts for.
RENDERED_OWN_WORDS = 2
# Stems sharing a prefix this long match across derivation (consume/consumption: consum, consumpt).
PREFIX_MATCH = 5

_LITERAL = re.compile(r"[A-Za-z0-9][A-Za-z0-9.\-+]*")
_CLAUSE_BREAK = re.compile(r"[，,；;：:]")
_CAPS_RUN = re.compile(r"[A-Z][A-Za-z’']*(?:[\s\-]+[A-Z]?[a-z’']+)*")


# ---------------------------------------------------------------- lexical evidence


@dataclass(frozen=True)
class ZhToken:
    """A Chinese content token of a paragraph, with what would show it was rendered."""

    word: str
    start: int
    end: int
    gloss: frozenset[str]
    literal: str | None  # digits / Latin letters in the token, lower case
    pinyin: str | None  # for short all-Han tokens: pinyin a name rendering would carry

    @property
    def glossable(self) -> bool:
        return bool(self.gloss or self.literal)


@lru_cache(maxsize=EVIDENCE_CACHE_SIZE)
def zh_content_tokens(text: str) -> tuple[ZhToken, ...]:
    """Content tokens of a Chinese text (stopwords and punctuation left out), with offsets."""
    out = []
    for word, start, end in zh_tokens_with_offsets(text):
        if word in ZH_STOPWORDS:
            continue
        hans = han_count(word)
        if hans == 0:
            lit = word.lower()
            # digits are the numbers check's business ("658亿" is "65.8 billion")
            if not _LITERAL.fullmatch(lit) or not any(c.isalpha() for c in lit):
                continue
            out.append(ZhToken(word, start, end, frozenset(), lit, None))
            continue
        if hans == 1 and len(word) == 1:
            continue  # single characters are too ambiguous to count either way
        gloss = token_gloss(word) if hans == len(word) else frozenset()
        pinyin = name_pinyin(word) if hans == len(word) and len(word) <= 4 else None
        out.append(ZhToken(word, start, end, gloss, None, pinyin))
    return tuple(out)


@dataclass(frozen=True)
class EnEvidence:
    """What an English text offers: stems, literal tokens and compacted capitalised runs (for pinyin)."""

    stems: frozenset[str]
    literals: frozenset[str]
    names: frozenset[str]
    content_stems: tuple[str, ...]
    prefixes: dict[str, frozenset[str]] = field(compare=False)  # a stem's first PREFIX_MATCH letters -> the stems that start so


@lru_cache(maxsize=EVIDENCE_CACHE_SIZE)
def en_evidence(text: str) -> EnEvidence:
    words = en_words(text)
    stems = []
    content = []
    for w in words:
        lw = w.lower()
        if w[0].isdigit():
            continue
        s = stem(lw)
        stems.append(s)
        if lw not in EN_STOPWORDS and len(lw) > 1:
            content.append(s)
    literals = {m.group().lower().rstrip(".") for m in _LITERAL.finditer(text)}
    names = set()
    for m in _CAPS_RUN.finditer(text):
        parts = [p for p in re.split(r"[\s\-’']+", m.group()) if p]
        for i in range(len(parts)):
            for j in range(i + 1, min(len(parts), i + 3) + 1):
                names.add("".join(parts[i:j]).lower())
    prefixes: dict[str, set[str]] = {}
    for s in stems:
        if len(s) >= PREFIX_MATCH:
            prefixes.setdefault(s[:PREFIX_MATCH], set()).add(s)
    return EnEvidence(frozenset(stems), frozenset(literals), frozenset(names), tuple(content),
                      {k: frozenset(v) for k, v in prefixes.items()})


def _derived(a: str, b: str) -> bool:
    """One stem extends the other (consum, consumpt)."""
    return a.startswith(b) or b.startswith(a)


def matched_words(tok: ZhToken, ev: EnEvidence) -> frozenset[str]:
    """The English stems, literals or names that show the token was rendered (empty: not found)."""
    if tok.literal is not None:
        return frozenset(lit for lit in ev.literals
                         if lit == tok.literal or (len(tok.literal) >= 2 and tok.literal in lit))
    hits = set(tok.gloss & ev.stems)
    for g in tok.gloss:
        if len(g) >= PREFIX_MATCH:
            hits.update(s for s in ev.prefixes.get(g[:PREFIX_MATCH], ()) if _derived(g, s))
    if not hits and tok.pinyin is not None and len(tok.pinyin) >= 4 and tok.pinyin in ev.names:
        hits.add(tok.pinyin)
    return frozenset(hits)


def token_found(tok: ZhToken, ev: EnEvidence) -> bool:
    """Whether the English shows a rendering of the token."""
    return bool(matched_words(tok, ev))


def sentence_tokens(span: Span) -> tuple[ZhToken, ...]:
    """Content tokens of a sentence span, offsets relative to its paragraph."""
    rel = zh_content_tokens(span.text)
    return tuple(ZhToken(t.word, t.start + span.start, t.end + span.start, t.gloss, t.literal, t.pinyin) for t in rel)


def coverage(tokens: tuple[ZhToken, ...], ev: EnEvidence) -> tuple[int, int]:
    """(found, glossable) counts."""
    usable = [t for t in tokens if t.glossable]
    return sum(token_found(t, ev) for t in usable), len(usable)


# ---------------------------------------------------------------- sentence beads inside a link


def _bead_score(tokens: list[tuple[ZhToken, ...]], en_text: str) -> float:
    ev = en_evidence(en_text)
    score = 0.0
    for toks in tokens:
        found, total = coverage(toks, ev)
        score += found - UNMATCHED_COST * (total - found)
    return score


_SHAPES = ((1, 1), (1, 2), (2, 1), (1, 3), (3, 1), (2, 2))


def match_sentences(view: LinkView) -> tuple[Bead, ...]:
    """Monotone matching of the link's Chinese and English sentences (1-0 and 0-1 beads allowed).

    The pair's own sentence alignment is used when there is one; this programme matches otherwise.
    """
    if view.given_beads is not None:
        return view.given_beads
    return _match(view.zh_sentences, view.en_sentences)


def omission_beads(view: LinkView) -> tuple[Bead, ...]:
    """Beads for judging omissions: the given beads, each many-sentence bead re-matched by coverage.

    An aligner that must place every sentence folds an untranslated Chinese sentence into its
    neighbour's bead (2-1); re-matching inside the bead lets it stand alone again.
    """
    if view.given_beads is None:
        return _match(view.zh_sentences, view.en_sentences)
    out: list[Bead] = []
    for bead in view.given_beads:
        if len(bead.zh) >= 2 and bead.en:
            out.extend(_match(bead.zh, bead.en))
        else:
            out.append(bead)
    return tuple(out)


def _match(zs: tuple[Span, ...], es: tuple[Span, ...]) -> tuple[Bead, ...]:
    if not zs or not es:
        return tuple(Bead((z,), ()) for z in zs) + tuple(Bead((), (e,)) for e in es)
    if len(zs) == 1 and len(es) == 1:
        return (Bead(zs, es),)
    ztoks = [sentence_tokens(z) for z in zs]
    n, m = len(zs), len(es)
    neg = float("-inf")
    best = [[neg] * (m + 1) for _ in range(n + 1)]
    back: list[list[tuple[int, int] | None]] = [[None] * (m + 1) for _ in range(n + 1)]
    best[0][0] = 0.0
    for i in range(n + 1):
        for j in range(m + 1):
            here = best[i][j]
            if here == neg:
                continue
            moves = [(1, 0), (0, 1)] + list(_SHAPES)
            for di, dj in moves:
                ni, nj = i + di, j + dj
                if ni > n or nj > m:
                    continue
                if di and dj:
                    gain = _bead_score(ztoks[i:ni], " ".join(e.text for e in es[j:nj]))
                    gain -= 0.01 * (di + dj - 2)  # prefer 1-1 on ties
                else:
                    gain = 0.0
                if here + gain > best[ni][nj]:
                    best[ni][nj] = here + gain
                    back[ni][nj] = (di, dj)
    beads = []
    i, j = n, m
    while i or j:
        di, dj = back[i][j]
        beads.append(Bead(tuple(zs[i - di:i]), tuple(es[j - dj:j])))
        i, j = i - di, j - dj
    return tuple(reversed(beads))


@dataclass(frozen=True)
class Gap:
    """A Chinese sentence or clause the English does not render (or an English sentence with no source)."""

    zh: Span | None
    en: Span | None
    severity: str
    content: int  # glossable content tokens (zh) or content stems (en)
    found: int
    kind: str  # "sentence", "clause", "added-sentence"


def link_gaps(view: LinkView) -> tuple[Gap, ...]:
    """Sentences and clauses of a 1-1 (or n-m) link that the English does not render."""
    if not view.zh or not view.en:
        return ()
    beads = omission_beads(view)
    link_ev = en_evidence(view.en_text)
    zh_gloss = frozenset().union(*(t.gloss for z in view.zh_sentences for t in sentence_tokens(z)))
    zh_literals = {t.literal for z in view.zh_sentences for t in sentence_tokens(z) if t.literal}
    gaps: list[Gap] = []
    for bead in beads:
        if bead.zh and not bead.en:
            for z in bead.zh:
                toks = sentence_tokens(z)
                found_own, total = coverage(toks, link_ev)
                if _own_words(z, view, link_ev) >= RENDERED_OWN_WORDS:
                    continue
                if total >= MAJOR_CONTENT_TOKENS and found_own <= MAJOR_MAX_FOUND * total:
                    gaps.append(Gap(z, None, "major", total, found_own, "sentence"))
                elif total >= MINOR_CONTENT_TOKENS and found_own == 0:
                    gaps.append(Gap(z, None, "minor", total, found_own, "sentence"))
        elif bead.en and not bead.zh:
            for e in bead.en:
                ev = en_evidence(e.text)
                content = ev.content_stems
                if len(content) < ADDED_EN_STEMS:
                    continue
                explained = sum(1 for s in content if s in zh_gloss)
                explained += sum(1 for lit in ev.literals if lit in zh_literals)
                if explained <= ADDED_EN_MAX_COVERAGE * len(content):
                    gaps.append(Gap(None, e, "minor", len(content), explained, "added-sentence"))
        else:
            ev = en_evidence(bead.en_text)
            for z in bead.zh:
                gaps.extend(_clause_gaps(z, ev))
    return tuple(gaps)


def _own_words(sentence: Span, view: LinkView, ev: EnEvidence) -> int:
    """Content words of the sentence found in English words that no other sentence of the link accounts for.

    A left-out sentence whose words are found only where other sentences account for them is not rendered;
    one with words of its own in the English is (a list of targets, 一是…；二是…；, rendered as one
    freely worded English sentence), however few of its words the dictionary connects.
    """
    others = frozenset().union(*(matched_words(t, ev) for s in view.zh_sentences if s != sentence
                                 for t in sentence_tokens(s)))
    return sum(1 for t in sentence_tokens(sentence) if t.glossable and matched_words(t, ev) - others)


def _clause_gaps(sentence: Span, ev: EnEvidence) -> Iterator[Gap]:
    toks = sentence_tokens(sentence)
    if len(toks) < 2 * CLAUSE_CONTENT_TOKENS:
        return
    bounds = [sentence.start] + [sentence.start + m.end() for m in _CLAUSE_BREAK.finditer(sentence.text)] + [sentence.end]
    for a, b in zip(bounds, bounds[1:]):
        clause = [t for t in toks if a <= t.start and t.end <= b]
        found, total = coverage(tuple(clause), ev)
        if total >= CLAUSE_CONTENT_TOKENS and found == 0:
            text = sentence.text[a - sentence.start:b - sentence.start]
            lead = len(text) - len(text.lstrip())
            text = text.strip().rstrip("，,；;：:")
            span = Span(sentence.paragraph, a + lead, a + lead + len(text), text)
            yield Gap(span, None, "minor", total, 0, "clause")


def omitted_zh_spans(ctx: CheckContext) -> tuple[Span, ...]:
    """Chinese spans the omissions check reports as untranslated (other checks skip what lies inside)."""

    def compute() -> tuple[Span, ...]:
        out = []
        for view in ctx.links:
            if view.zh and not view.en:
                out.extend(whole(p) for p in view.zh)
            else:
                out.extend(g.zh for g in link_gaps(view) if g.zh is not None and g.kind == "sentence")
        return tuple(out)

    return ctx.cached("omitted_zh_spans", compute)


def inside(spans: tuple[Span, ...], paragraph: int, start: int, end: int) -> bool:
    return any(s.paragraph == paragraph and s.start <= start and end <= s.end for s in spans)


# ---------------------------------------------------------------- the check


def _preview(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


@register("omissions", "major", "Chinese paragraphs, sentences or clauses with no English; English with no Chinese source.")
def check_omissions(ctx: CheckContext) -> Iterator[Flag]:
    if not ctx.translated:
        return
    for view in ctx.links:
        if view.zh and not view.en:
            for p in view.zh:
                toks = zh_content_tokens(p.text)
                content = sum(t.glossable for t in toks)
                severity = "major" if content >= MINOR_CONTENT_TOKENS and not p.heading else "minor"
                what = "heading" if p.heading else "paragraph"
                yield ctx.flag(
                    "omissions", severity,
                    f"Chinese {what} has no English rendering ({han_count(p.text)} characters): “{_preview(p.text)}”",
                    zh=whole(p), suggestion=None,
                )
        elif view.en and not view.zh:
            for p in view.en:
                if p.heading:
                    yield ctx.flag("omissions", "info", f"heading added by the rendering: “{_preview(p.text)}”",
                                   en=whole(p))
                else:
                    yield ctx.flag("omissions", "minor",
                                   f"English paragraph has no Chinese source: “{_preview(p.text)}”", en=whole(p))
        else:
            for gap in link_gaps(view):
                yield _gap_flag(ctx, view, gap)


def _gap_flag(ctx: CheckContext, view: LinkView, gap: Gap) -> Flag:
    en_context = whole(view.en[0]) if len(view.en) == 1 else None
    if gap.kind == "sentence":
        message = (f"Chinese sentence not rendered: none of its {gap.content} content words is found in the "
                   f"English of this paragraph" if gap.found == 0 else
                   f"Chinese sentence not rendered: only {gap.found} of its {gap.content} content words "
                   "occur in the English, where other sentences account for them")
        return ctx.flag("omissions", gap.severity, f"{message}: “{_preview(gap.zh.text)}”", zh=gap.zh, en=en_context,
                        key=(gap.kind, gap.zh.text))
    if gap.kind == "clause":
        return ctx.flag("omissions", gap.severity,
                        f"clause possibly not rendered (none of its {gap.content} content words found in the "
                        f"English sentence): “{_preview(gap.zh.text)}”", zh=gap.zh, en=en_context,
                        key=(gap.kind, gap.zh.text))
    return ctx.flag("omissions", gap.severity,
                    f"English sentence with no Chinese source in this paragraph: “{_preview(gap.en.text)}”",
                    en=gap.en, key=(gap.kind, gap.en.text))
