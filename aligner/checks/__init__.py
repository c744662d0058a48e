"""QA checks that understand Chinese: terms, consistency, numbers, dates, names, omissions, untranslated text.

    run_checks(pair, glossary=None, enabled=None) -> tuple[Flag, ...]
    consistency_flags(pairs, glossary=None) -> dict[pair_id, tuple[Flag, ...]]
    check_batch(pairs, glossary=None, enabled=None) -> dict[pair_id, tuple[Flag, ...]]
    CHECKS: name -> Check(name, severity, description)

Flags come sorted in document order (the link holding the flag, then the
paragraph and offset, then the check's registry order). Their ids hash the
check, the pair and the flagged texts, so they survive re-runs and edits
elsewhere in the document.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..lexicon.glossary import Glossary
from ..model import Flag, PairResult
# Each family module registers its checks on import; this list is the registry's order.
from . import terms as _terms  # noqa: F401
from . import consistency as _consistency  # noqa: F401
from . import numbers as _numbers  # noqa: F401
from . import dates as _dates  # noqa: F401
from . import names as _names  # noqa: F401
from . import omissions as _omissions  # noqa: F401
from . import untranslated as _untranslated  # noqa: F401
from .consistency import consistency_flags as _consistency_flags
from .flagid import disambiguate
from .registry import CHECKS, Check, CheckContext, register, resolve, severity_rank

# Registry order is report order; imports between the family modules must not decide it.
ORDER = ("terms", "consistency", "numbers", "dates", "names", "omissions", "untranslated")
for _name in [*ORDER, *(n for n in list(CHECKS) if n not in ORDER)]:
    CHECKS[_name] = CHECKS.pop(_name)

__all__ = [
    "CHECKS",
    "Check",
    "CheckContext",
    "check_batch",
    "consistency_flags",
    "default_glossary",
    "register",
    "run_checks",
    "severity_rank",
]


def default_glossary(extra: Iterable[Glossary] = ()) -> Glossary:
    """The built-in glossary merged with `extra` glossaries (later ones override earlier entries)."""
    from ..lexicon.glossary import builtin_glossary

    merged = builtin_glossary()
    for g in extra:
        merged = merged.merge(g)
    return merged


def _order(ctx: CheckContext, flags: Iterable[Flag]) -> tuple[Flag, ...]:
    rank = {name: k for k, name in enumerate(CHECKS)}
    keyed = sorted(
        flags,
        key=lambda f: (*ctx.position(f), rank.get(f.check, len(rank)), severity_rank(f.severity), f.message, f.id),
    )
    return tuple(disambiguate(keyed))


def run_checks(pair: PairResult, glossary: Glossary | None = None, enabled: set[str] | None = None) -> tuple[Flag, ...]:
    """Every enabled check on one aligned pair; glossary None means the built-in glossary."""
    checks = resolve(enabled)
    ctx = CheckContext(pair, glossary if glossary is not None else default_glossary())
    flags: list[Flag] = []
    for check in checks:
        flags.extend(check(ctx))
    return _order(ctx, flags)


def consistency_flags(pairs: list[PairResult], glossary: Glossary | None = None,
                      terms: dict | None = None) -> dict[str, tuple[Flag, ...]]:
    """Batch-wide consistency: the same term rendered in different ways (and different terms the same way).

    `terms` (pair id -> `pair_terms` of that pair) spares reading again pairs read where they were aligned.
    """
    glossary = glossary if glossary is not None else default_glossary()
    contexts = [CheckContext(p, glossary) for p in pairs]
    found = _consistency_flags(contexts, terms)
    return {ctx.pair.pair_id: _order(ctx, found.get(ctx.pair.pair_id, ())) for ctx in contexts}


def pair_terms(pair: PairResult, glossary: Glossary | None = None) -> dict:
    """What batch-wide consistency needs of one pair (JSON), found once where the pair is aligned."""
    from .consistency import pair_terms as _pair_terms

    return _pair_terms(CheckContext(pair, glossary if glossary is not None else default_glossary())).to_json()


def check_batch(
    pairs: list[PairResult], glossary: Glossary | None = None, enabled: set[str] | None = None
) -> dict[str, tuple[Flag, ...]]:
    """run_checks on every pair, with consistency judged over the whole batch instead of pair by pair."""
    glossary = glossary if glossary is not None else default_glossary()
    checks = resolve(enabled)
    contexts = [CheckContext(p, glossary) for p in pairs]
    batch_consistency = (
        _consistency_flags(contexts) if any(c.name == "consistency" for c in checks) else {}
    )
    out = {}
    for ctx in contexts:
        flags: list[Flag] = []
        for check in checks:
            if check.name != "consistency":
                flags.extend(check(ctx))
        flags.extend(batch_consistency.get(ctx.pair.pair_id, ()))
        out[ctx.pair.pair_id] = _order(ctx, flags)
    return out
