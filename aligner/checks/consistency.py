"""Consistency: one Chinese term rendered in different ways, and different Chinese terms rendered the same way.

Occurrences come from glossary terms (the rendering found is an approved or
forbidden one) and from salient repeated words (the rendering found is one of
their CC-CEDICT senses). Every occurrence of an inconsistent term gets a flag
whose message lists all the renderings with where they occur, so a reviewer
can fix them together. Run on one pair (the registered check) or across a
batch (`consistency_flags`), with the same flag ids for the same occurrence.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from ..lexicon.cedict import cedict
from ..lexicon.glossary import rendering_spans
from ..model import Flag, Span
from ..text.en import STOPWORDS as EN_STOPWORDS, en_words, stem
from .omissions import match_sentences
from .registry import CheckContext, LinkView, register, span_of
from .terms import _compact, _locate, _plausible, bead_of, glossary_hits, key_terms, salience
from ..text import WORD_CACHE_SIZE

# A non-glossary word must be this salient (IDF x length) to be followed across the batch.
SALIENT = 9.0
# Senses of a word that say nothing about its rendering.
_SENSE_PREFIX = re.compile(r"^(?:to |fig\. |lit\. |a |an |the |\(fig\.\) )+", re.I)


@dataclass(frozen=True)
class Occurrence:
    pair_id: str
    term: str
    rendering: str  # as found in the English
    variant: tuple[str, ...]  # stems of the rendering: what "the same rendering" means
    zh: Span
    en: Span | None
    glossary: bool
    approved: bool  # the glossary approves this rendering (always False off-glossary)


    def to_json(self) -> dict:
        return {"pair_id": self.pair_id, "term": self.term, "rendering": self.rendering, "variant": list(self.variant),
                "zh": self.zh.to_json(), "en": self.en.to_json() if self.en else None,
                "glossary": self.glossary, "approved": self.approved}

    @classmethod
    def from_json(cls, d: dict) -> "Occurrence":
        return cls(d["pair_id"], d["term"], d["rendering"], tuple(d["variant"]), Span(**d["zh"]),
                   Span(**d["en"]) if d["en"] else None, bool(d["glossary"]), bool(d["approved"]))


@dataclass(frozen=True)
class PairTerms:
    """What the batch-wide pass needs of one pair, found where the pair was aligned (a worker).

    `words` holds the salient word of every term position, in order (the batch counts
    them to see which repeat); `found` the rendering of every term position where
    one is found, in order (the batch keeps those of repeated words).
    """

    glossary: tuple[Occurrence, ...]
    words: tuple[str, ...]
    found: tuple[Occurrence, ...]

    def to_json(self) -> dict:
        return {"glossary": [o.to_json() for o in self.glossary], "words": list(self.words),
                "found": [o.to_json() for o in self.found]}

    @classmethod
    def from_json(cls, d: dict) -> "PairTerms":
        return cls(tuple(Occurrence.from_json(o) for o in d["glossary"]), tuple(d["words"]),
                   tuple(Occurrence.from_json(o) for o in d["found"]))


def pair_terms(ctx: CheckContext) -> PairTerms:
    return PairTerms(tuple(_glossary_occurrences(ctx)), tuple(w for _, w, _ in _term_positions(ctx)),
                     tuple(_word_occurrences(ctx, None)))


def _variant(rendering: str) -> tuple[str, ...]:
    return tuple(stem(w.lower()) for w in en_words(rendering) if w.lower() not in EN_STOPWORDS) or (rendering.lower(),)


@lru_cache(maxsize=WORD_CACHE_SIZE)
def _senses(word: str) -> tuple[str, ...]:
    """Candidate renderings of a word: its dictionary senses without 'to', 'fig.' and the like."""
    out = []
    for phrase in cedict().gloss_phrases(word):
        phrase = _SENSE_PREFIX.sub("", phrase).strip(" ;,.")
        if phrase and len(phrase.split()) <= 4 and not any(ch.isdigit() for ch in phrase):
            out.append(phrase)
    return tuple(dict.fromkeys(out))


def _glossary_occurrences(ctx: CheckContext) -> Iterator[Occurrence]:
    for _, hit in glossary_hits(ctx):
        rendering = hit.forbidden or hit.approved
        if rendering is None:
            continue
        yield Occurrence(ctx.pair.pair_id, hit.entry.zh, rendering, _variant(rendering), hit.zh, hit.en, True,
                         hit.forbidden is None)


def _term_positions(ctx: CheckContext) -> list[tuple[LinkView, str, Span]]:
    # kept on the context: `collect` walks every pair twice, and the per-text caches below
    # key_terms hold a few pairs' worth, not a whole batch
    def compute() -> list[tuple[LinkView, str, Span]]:
        glossary_spans = [h.zh for _, h in glossary_hits(ctx)]
        out = []
        for view in ctx.links:
            if not view.zh or not view.en:
                continue
            for p in view.zh:
                for word, s, e in key_terms(p.text):
                    if salience(word) < SALIENT or not _senses(word):
                        continue
                    if any(g.paragraph == p.id and g.start < e and s < g.end for g in glossary_spans):
                        continue
                    out.append((view, word, span_of(p, s, e)))
        return out

    return ctx.cached("term_positions", compute)


def _word_occurrences(ctx: CheckContext, wanted: set[str] | None) -> Iterator[Occurrence]:
    """Renderings found for the term positions of these words (None: of every word)."""
    for view, word, zspan in _term_positions(ctx):
        if wanted is not None and word not in wanted:
            continue
        bead = bead_of(match_sentences(view), zspan)
        text = bead.en_text if bead is not None and bead.en else view.en_text
        compact = _compact(text)
        best = None
        for sense in _senses(word):
            if not _plausible(sense, compact):
                continue
            spans = rendering_spans(sense, text)
            if spans:
                s, e = spans[0]
                if best is None or (e - s) > (best[2] - best[1]):
                    best = (sense, s, e)
        if best is None:
            continue
        sense, s, e = best
        en_span = _locate(view, bead if text != view.en_text else None, (sense, s, e), text)
        yield Occurrence(ctx.pair.pair_id, word, text[s:e], _variant(sense), zspan, en_span, False, False)


def _where(o: Occurrence, single_pair: bool) -> str:
    place = f"¶{o.zh.paragraph}"
    return place if single_pair else f"{o.pair_id} {place}"


def _places(occ: Iterable[Occurrence], single_pair: bool) -> str:
    """Where the occurrences are, each paragraph once (¶20 ×2 for two in one paragraph)."""
    counts = Counter(_where(o, single_pair) for o in occ)
    return ", ".join(place if n == 1 else f"{place} ×{n}" for place, n in counts.items())


def collect(contexts: list[CheckContext], terms: dict[str, PairTerms] | None = None) -> list[Occurrence]:
    """Every occurrence, in the order of the contexts and of their documents.

    `terms` (pair id -> PairTerms) gives what was already found of some pairs; the
    others are read here.
    """
    given = [(terms or {}).get(ctx.pair.pair_id) for ctx in contexts]
    occurrences = [o for ctx, t in zip(contexts, given) for o in (t.glossary if t else _glossary_occurrences(ctx))]
    counts: dict[str, int] = defaultdict(int)
    for ctx, t in zip(contexts, given):
        for word in t.words if t else (w for _, w, _ in _term_positions(ctx)):
            counts[word] += 1
    repeated = {w for w, n in counts.items() if n >= 2}
    if repeated:
        for ctx, t in zip(contexts, given):
            occurrences += [o for o in t.found if o.term in repeated] if t else _word_occurrences(ctx, repeated)
    return occurrences


_ACRONYM = re.compile(r"[A-Z]{2,6}s?")
_NOT_INITIAL = frozenset({"of", "and", "the", "for", "in"})


def _initials(rendering: str) -> str:
    return "".join(w[0].lower() for w in en_words(rendering) if w.lower() not in _NOT_INITIAL)


def _inside(short: tuple[str, ...], long: tuple[str, ...]) -> bool:
    return len(short) < len(long) and any(long[k:k + len(short)] == short for k in range(len(long) - len(short) + 1))


def _same_rendering(occ: list[Occurrence]) -> dict[tuple[str, ...], tuple[str, ...]]:
    """Variants that are one rendering, mapped to the variant that stands for them.

    An acronym and the words it abbreviates are one rendering (GDP, gross domestic product), and so
    are two approved renderings of a glossary term when one is part of the other (urban jobs, new
    urban jobs). Forbidden or dictionary renderings are never merged: "neck" and "stuck neck" for
    卡脖子 are two renderings a reviewer must see.
    """
    by_initials = {_initials(o.rendering): o.variant for o in occ if len(o.variant) >= 2}
    approved = {o.variant for o in occ if o.approved}
    out: dict[tuple[str, ...], tuple[str, ...]] = {}
    for o in occ:
        if _ACRONYM.fullmatch(o.rendering):
            full = by_initials.get(o.rendering.rstrip("s").lower())
            if full is not None:
                out[o.variant] = full
    for v in approved:
        longer = [w for w in approved if _inside(v, w)]
        if longer and v not in out:
            out[v] = max(longer, key=len)
    return {v: out.get(w, w) for v, w in out.items()}


def consistency_flags(contexts: list[CheckContext], terms: dict[str, PairTerms] | None = None) -> dict[str, list[Flag]]:
    """Flags per pair id for the terms rendered inconsistently across the given pairs."""
    by_id = {ctx.pair.pair_id: ctx for ctx in contexts}
    single = len(contexts) == 1
    occurrences = collect(contexts, terms)
    out: dict[str, list[Flag]] = defaultdict(list)

    by_term: dict[str, list[Occurrence]] = defaultdict(list)
    seen: set[tuple] = set()
    for o in occurrences:
        # two mentions in one sentence found the same English words: one occurrence
        where = (o.pair_id, o.term, o.en.paragraph if o.en else o.zh.paragraph, o.en.start if o.en else o.zh.start)
        if where in seen:
            continue
        seen.add(where)
        by_term[o.term].append(o)
    for term, occ in by_term.items():
        variants: dict[tuple[str, ...], list[Occurrence]] = {}
        same = _same_rendering(occ)
        for o in occ:
            variants.setdefault(same.get(o.variant, o.variant), []).append(o)
        if len(variants) < 2:
            continue
        listing = "; ".join(
            f"“{os_[0].rendering}” ({_places(os_, single)})" for os_ in variants.values()
        )
        glossary_term = occ[0].glossary
        all_approved = all(o.approved for o in occ)
        severity = "minor" if glossary_term and not all_approved else "info"
        # The usual rendering (strictly the most frequent, and approved if the glossary has the term) is
        # listed but not flagged; with no usual rendering every occurrence is flagged.
        sizes = sorted((len(v) for v in variants.values()), reverse=True)
        usual = None
        if sizes[0] > sizes[1]:
            usual = next(k for k, v in variants.items() if len(v) == sizes[0])
            if glossary_term and not all(o.approved for o in variants[usual]):
                usual = None
        for o in occ:
            if o.variant == usual:
                continue
            ctx = by_id[o.pair_id]
            suggestion = None
            if glossary_term:
                entry = ctx.glossary.get(term)
                suggestion = entry.approved[0] if entry else None
            out[o.pair_id].append(ctx.flag(
                "consistency", severity,
                f"{term} is rendered {len(variants)} ways: {listing}; here “{o.rendering}”",
                zh=o.zh, en=o.en, suggestion=suggestion, key=("variants", term, o.rendering),
            ))

    by_rendering: dict[tuple[str, ...], list[Occurrence]] = defaultdict(list)
    for o in occurrences:
        if o.glossary and not o.approved:
            continue  # a forbidden rendering is already a terms flag
        by_rendering[o.variant].append(o)
    for variant, occ in by_rendering.items():
        terms = list(dict.fromkeys(o.term for o in occ))
        # nested terms (集成电路 / 集成电路产业) share renderings by nature
        terms = [t for t in terms if not any(t != u and (t in u or u in t) for u in terms)]
        if len(terms) < 2:
            continue
        if all(o.glossary for o in occ):
            entries = [by_id[occ[0].pair_id].glossary.get(t) for t in terms]
            # both approve the rendering: the glossary means them to share it
            if all(e is not None and any(_variant(a) == variant for a in e.approved) for e in entries):
                continue
        shown = [o for o in occ if o.term in terms]
        listing = "; ".join(
            f"{t} ({_places((o for o in shown if o.term == t), single)})" for t in terms
        )
        for o in shown:
            out[o.pair_id].append(by_id[o.pair_id].flag(
                "consistency", "info",
                f"different Chinese terms rendered as “{o.rendering}”: {listing}; check they mean the same",
                zh=o.zh, en=o.en, key=("shared", o.term, o.rendering),
            ))
    return out


@register("consistency", "minor", "One Chinese term rendered several ways; different terms rendered the same way.")
def check_consistency(ctx: CheckContext) -> Iterator[Flag]:
    if not ctx.translated:
        return
    yield from consistency_flags([ctx]).get(ctx.pair.pair_id, ())
