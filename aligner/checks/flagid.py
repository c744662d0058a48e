"""Stable flag ids: a hash of what the flag is about, never of where it sits.

A reviewer's decision is stored against a flag id, so the id must come back
unchanged when the same pair is checked again, and when a paragraph is added
or edited elsewhere in the document. Offsets and paragraph ids therefore stay
out of the hash; the check, the pair, the normalised texts and the text of the
sentence the flag sits in go in. The same error made in two sentences (a
number dropped twice) therefore gets two ids, which follow their sentences
when paragraphs are added, removed or reordered: a decision stays with the
flag it was made on, or is dropped when that sentence is edited, and never
passes to another occurrence. Two flags with the same texts in one sentence
are told apart by their rank among equals in document order.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import replace

from ..model import Flag

ID_LENGTH = 16


def normalise(text: str | None) -> str:
    """NFKC, whitespace collapsed, case folded: what a hash of a span's text should see."""
    if not text:
        return ""
    return " ".join(unicodedata.normalize("NFKC", text).split()).casefold()


def flag_id(check: str, pair_id: str, texts: Sequence[str | None]) -> str:
    """The id of a flag of `check` in pair `pair_id` about these texts (span texts, a term, a value...)."""
    digest = hashlib.sha256()
    for part in (check, pair_id, *texts):
        digest.update(normalise(part).encode("utf-8") + b"\x1f")
    return digest.hexdigest()[:ID_LENGTH]


def disambiguate(flags: Iterable[Flag]) -> list[Flag]:
    """Flags in the given (document) order; the n-th repeat of an id gets a derived id of its own.

    A flag keeps its older id (`legacy_id`, for carrying decisions over) only if no other flag shared it."""
    flags = list(flags)
    legacy = Counter(f.legacy_id for f in flags if f.legacy_id is not None)
    seen: dict[str, int] = {}
    out = []
    for f in flags:
        n = seen.get(f.id, 0)
        seen[f.id] = n + 1
        if f.legacy_id is not None and legacy[f.legacy_id] > 1:
            f = replace(f, legacy_id=None)  # the older id was told apart by rank alone: no decision carries over
        out.append(f if n == 0 else replace(f, id=flag_id(f.check, f.id, (f"#{n}",))))
    return out
