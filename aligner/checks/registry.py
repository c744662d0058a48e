"""The check registry and what a check sees: an aligned pair cut into its links.

A check is a small registered unit (translate-toolkit style): a name, the
most severe severity it emits, a one-line description and a function from a
`CheckContext` to flags. Checks register themselves with `@register(...)`
when their module is imported; `aligner.checks` imports every family module
explicitly, so nothing is discovered by reflection.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from ..errors import ConfigError
from ..lexicon.glossary import Glossary
from ..model import SEVERITIES, Flag, Link, PairResult, Paragraph, Severity, Span
from ..text.en import split_en_sentences
from ..text.zh import split_zh_sentences
from .flagid import flag_id

CheckFunction = Callable[["CheckContext"], Iterable[Flag]]


@dataclass(frozen=True)
class Check:
    """One registered QA check."""

    name: str
    severity: Severity  # the most severe severity the check emits
    description: str
    function: CheckFunction = field(repr=False)

    def __call__(self, ctx: CheckContext) -> Iterable[Flag]:
        return self.function(ctx)


CHECKS: dict[str, Check] = {}


def register(name: str, severity: Severity, description: str) -> Callable[[CheckFunction], CheckFunction]:
    """Decorator: register `function` as the check `name`."""
    if severity not in SEVERITIES:
        raise ValueError(f"unknown severity {severity!r}")

    def wrap(function: CheckFunction) -> CheckFunction:
        if name in CHECKS:
            raise ValueError(f"check {name!r} registered twice")
        CHECKS[name] = Check(name, severity, description, function)
        return function

    return wrap


def resolve(enabled: Iterable[str] | None) -> list[Check]:
    """The checks to run, in registry order; unknown names are a ConfigError naming the known ones."""
    if enabled is None:
        return list(CHECKS.values())
    wanted = set(enabled)
    unknown = sorted(wanted - set(CHECKS))
    if unknown:
        raise ConfigError(f"unknown check(s) {', '.join(unknown)}; choose from {', '.join(CHECKS)}")
    return [c for c in CHECKS.values() if c.name in wanted]


def severity_rank(severity: str) -> int:
    """0 for critical ... 3 for info."""
    return SEVERITIES.index(severity)


# ---------------------------------------------------------------- what a check sees


def span_of(paragraph: Paragraph, start: int, end: int) -> Span:
    """A Span over paragraph.text[start:end]."""
    return Span(paragraph.id, start, end, paragraph.text[start:end])


def whole(paragraph: Paragraph) -> Span:
    """The paragraph's text without its surrounding spaces."""
    text = paragraph.text
    start = len(text) - len(text.lstrip())
    end = len(text.rstrip())
    return span_of(paragraph, start, max(start, end))


@dataclass(frozen=True)
class Bead:
    """Sentences of one side matched with sentences of the other inside a paragraph link; a side may be empty."""

    zh: tuple[Span, ...]
    en: tuple[Span, ...]

    @property
    def zh_text(self) -> str:
        return " ".join(s.text for s in self.zh)

    @property
    def en_text(self) -> str:
        return " ".join(s.text for s in self.en)


@dataclass(frozen=True)
class LinkView:
    """One paragraph link: its content paragraphs on each side and their sentences."""

    index: int  # position in pair.links
    link: Link
    zh: tuple[Paragraph, ...]
    en: tuple[Paragraph, ...]
    zh_sentences: tuple[Span, ...]
    en_sentences: tuple[Span, ...]
    given_beads: tuple[Bead, ...] | None  # from the pair's sentence alignment, when there is one

    @property
    def kind(self) -> str:
        # the link's ids are exactly its content paragraphs, so its kind is the view's
        return self.link.kind

    @cached_property
    def zh_text(self) -> str:
        return "\n".join(p.text for p in self.zh)

    @cached_property
    def en_text(self) -> str:
        return "\n".join(p.text for p in self.en)

    def en_sentence_at(self, paragraph: int, start: int, end: int) -> Span | None:
        return _sentence_at(self.en_sentences, paragraph, start, end)

    def zh_sentence_at(self, paragraph: int, start: int, end: int) -> Span | None:
        return _sentence_at(self.zh_sentences, paragraph, start, end)


def _sentence_at(sentences: tuple[Span, ...], paragraph: int, start: int, end: int) -> Span | None:
    for s in sentences:
        if s.paragraph == paragraph and s.start <= start and end <= s.end:
            return s
    return None


def _split(paragraph: Paragraph, zh: bool) -> list[Span]:
    spans = split_zh_sentences(paragraph.text) if zh else split_en_sentences(paragraph.text)
    out = [span_of(paragraph, s, e) for s, e in spans]
    return out or ([whole(paragraph)] if paragraph.text.strip() else [])


def _by_paragraph(sentences, link_sides: list) -> tuple[dict[int, list], dict[int, set[int]]]:
    """One side's sentences by paragraph id, each with its position, and the indices of the sentence
    links (`link_sides[k]`: link k's sentence ids on this side) that touch each paragraph."""
    sents: dict[int, list] = {}
    for k, sent in enumerate(sentences):
        sents.setdefault(sent.paragraph, []).append((k, sent))
    paragraph_of = {sent.id: sent.paragraph for sent in sentences}
    links: dict[int, set[int]] = {}
    for k, ids in enumerate(link_sides):
        for i in ids:
            if i in paragraph_of:
                links.setdefault(paragraph_of[i], set()).add(k)
    return sents, links


class CheckContext:
    """An aligned pair as the checks see it, with a cache the checks share (jieba, coverage)."""

    def __init__(self, pair: PairResult, glossary: Glossary | None = None) -> None:
        self.pair = pair
        self.glossary = glossary if glossary is not None else Glossary()
        self._cache: dict[Any, Any] = {}
        self.links = tuple(self._views())
        self.zh_link_of = {p.id: v.index for v in self.links for p in v.zh}
        self.en_link_of = {p.id: v.index for v in self.links for p in v.en}

    def _views(self) -> Iterator[LinkView]:
        zh_par = {p.id: p for p in self.pair.zh.paragraphs}
        en_par = {p.id: p for p in self.pair.en.paragraphs}
        sa = self.pair.sentences
        if sa is not None:  # each view takes its paragraphs' sentences and links, not a scan of them all
            zh_sents, links_of_zh = _by_paragraph(sa.zh, [sl.zh for sl in sa.links])
            en_sents, links_of_en = _by_paragraph(sa.en, [sl.en for sl in sa.links])
        for index, link in enumerate(self.pair.links):
            zh = tuple(zh_par[i] for i in link.zh if i in zh_par and not zh_par[i].boilerplate and zh_par[i].text.strip())
            en = tuple(en_par[i] for i in link.en if i in en_par and not en_par[i].boilerplate and en_par[i].text.strip())
            if not zh and not en:
                continue
            if sa is not None:
                zh_ids = {p.id for p in zh}
                en_ids = {p.id for p in en}
                mine_zh = [sent for _, sent in sorted(x for pid in zh_ids for x in zh_sents.get(pid, ()))]
                mine_en = [sent for _, sent in sorted(x for pid in en_ids for x in en_sents.get(pid, ()))]
                zs = tuple(Span(s.paragraph, s.start, s.end, s.text) for s in mine_zh)
                es = tuple(Span(s.paragraph, s.start, s.end, s.text) for s in mine_en)
                zh_by_id = {s.id: Span(s.paragraph, s.start, s.end, s.text) for s in mine_zh}
                en_by_id = {s.id: Span(s.paragraph, s.start, s.end, s.text) for s in mine_en}
                touching = sorted({k for pid in zh_ids for k in links_of_zh.get(pid, ())}
                                  | {k for pid in en_ids for k in links_of_en.get(pid, ())})
                beads = tuple(
                    Bead(tuple(zh_by_id[i] for i in sl.zh if i in zh_by_id), tuple(en_by_id[j] for j in sl.en if j in en_by_id))
                    for sl in (sa.links[k] for k in touching)
                )
                if not zs and zh:
                    zs = tuple(s for p in zh for s in _split(p, True))
                if not es and en:
                    es = tuple(s for p in en for s in _split(p, False))
                given = beads or None
            else:
                zs = tuple(s for p in zh for s in _split(p, True))
                es = tuple(s for p in en for s in _split(p, False))
                given = None
            yield LinkView(index, link, zh, en, zs, es, given)

    # -- shared, lazily computed analyses

    def cached(self, key: Any, compute: Callable[[], Any]) -> Any:
        """compute() once per context and key."""
        if key not in self._cache:
            self._cache[key] = compute()
        return self._cache[key]

    @cached_property
    def en_document_text(self) -> str:
        return "\n".join(p.text for p in self.pair.en.paragraphs if not p.boilerplate)

    @cached_property
    def zh_document_text(self) -> str:
        return "\n".join(p.text for p in self.pair.zh.paragraphs if not p.boilerplate)

    @property
    def translated(self) -> bool:
        """False when the English side has no text at all: most checks make no sense then."""
        return any(v.en for v in self.links)

    # -- making flags

    def flag(
        self,
        check: str,
        severity: Severity,
        message: str,
        zh: Span | None = None,
        en: Span | None = None,
        suggestion: str | None = None,
        key: tuple[str | None, ...] | None = None,
    ) -> Flag:
        """A flag whose id hashes `key` (by default the span texts) and the sentence it sits in, never offsets.

        The sentence (the Chinese one when the flag has a Chinese span) tells apart the same error
        made in two places, so a decision on one never passes to the other.
        """
        texts = key if key is not None else (zh.text if zh else None, en.text if en else None)
        anchor = self._sentence_text(zh, True) if zh is not None else self._sentence_text(en, False)
        legacy = flag_id(check, self.pair.pair_id, texts)
        if not anchor:
            return Flag(legacy, check, severity, message, zh, en, suggestion)
        return Flag(flag_id(check, self.pair.pair_id, (*texts, f"@{anchor}")), check, severity, message, zh, en,
                    suggestion, legacy_id=legacy)

    def _sentence_text(self, span: Span | None, zh: bool) -> str:
        """The text of the sentences of the span's paragraph that the span touches."""
        if span is None:
            return ""
        paragraphs = self.cached(("paragraphs", zh), lambda: {p.id: p for p in (self.pair.zh if zh else self.pair.en).paragraphs})
        paragraph = paragraphs.get(span.paragraph)
        if paragraph is None:
            return ""
        sentences = self.cached(("sentences", zh, span.paragraph), lambda: _split(paragraph, zh))
        touched = [s.text for s in sentences if s.start < max(span.end, span.start + 1) and span.start < s.end]
        return " ".join(touched) or paragraph.text

    def position(self, flag: Flag) -> tuple[int, int, int]:
        """(link index, side, offset) of a flag, for document-order sorting."""
        if flag.zh is not None and flag.zh.paragraph in self.zh_link_of:
            return self.zh_link_of[flag.zh.paragraph], flag.zh.paragraph, flag.zh.start
        if flag.en is not None and flag.en.paragraph in self.en_link_of:
            return self.en_link_of[flag.en.paragraph], 10**6 + flag.en.paragraph, flag.en.start
        return 10**9, 0, 0

