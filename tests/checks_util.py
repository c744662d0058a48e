"""Small hand-made aligned pairs for the check tables: passes(check, zh, en) / fails(check, zh, en)."""

from __future__ import annotations

import hashlib

from aligner.checks import CHECKS, run_checks
from aligner.lexicon.glossary import Glossary, GlossaryEntry
from aligner.model import Document, Flag, Link, PairResult, Paragraph

SEVERITY_ORDER = ("critical", "major", "minor", "info")


def document(lang: str, paragraphs: list[str], headings: frozenset[int] = frozenset(), name: str = "doc") -> Document:
    paras = tuple(Paragraph(i, text, heading=i in headings) for i, text in enumerate(paragraphs))
    digest = hashlib.sha256("\n".join(paragraphs).encode()).hexdigest()
    return Document(f"{name}.{lang}.txt", lang, paras, digest)


def pair(
    zh: str | list[str],
    en: str | list[str],
    links: list[tuple[tuple[int, ...], tuple[int, ...]]] | None = None,
    pair_id: str = "t",
    en_headings: frozenset[int] = frozenset(),
    zh_headings: frozenset[int] = frozenset(),
) -> PairResult:
    """A pair; by default paragraph k of each side is linked 1-1 (the shorter side's extras are 1-0 / 0-1)."""
    zh = [zh] if isinstance(zh, str) else zh
    en = [en] if isinstance(en, str) else en
    if links is None:
        n = max(len(zh), len(en))
        links = [((k,) if k < len(zh) else (), (k,) if k < len(en) else ()) for k in range(n)]
    return PairResult(
        pair_id=pair_id,
        zh=document("zh", zh, zh_headings, pair_id),
        en=document("en", en, en_headings, pair_id),
        links=tuple(Link(z, e, 1.0) for z, e in links),
    )


def entry(zh: str, approved: str, forbidden: str = "", category: str = "") -> GlossaryEntry:
    return GlossaryEntry(zh, tuple(approved.split("|")), tuple(filter(None, forbidden.split("|"))), "", category, "test")


def glossary(*entries: GlossaryEntry) -> Glossary:
    return Glossary(entries)


def flags(check: str, zh, en, glossary: Glossary | None = None, **kw) -> tuple[Flag, ...]:
    assert check in CHECKS
    return run_checks(pair(zh, en, **kw), glossary if glossary is not None else Glossary(), {check})


def at_least(flag: Flag, severity: str) -> bool:
    return SEVERITY_ORDER.index(flag.severity) <= SEVERITY_ORDER.index(severity)


def passes(check: str, zh, en, glossary: Glossary | None = None, severity: str = "minor", **kw) -> bool:
    """No flag of the check at `severity` or worse."""
    return not any(at_least(f, severity) for f in flags(check, zh, en, glossary, **kw))


def fails(check: str, zh, en, glossary: Glossary | None = None, severity: str = "minor", contains: str = "",
          **kw) -> bool:
    """Some flag of the check at `severity` or worse, whose message contains `contains`."""
    return any(at_least(f, severity) and contains in f.message for f in flags(check, zh, en, glossary, **kw))
