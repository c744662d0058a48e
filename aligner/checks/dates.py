"""Dates: a year, month, day or period that disagrees between the Chinese and the English.

Chinese dates without a year (1月23日) take the document's year (the most
frequent explicit year of the Chinese text); relative years on both sides
(今年, 去年底, "the end of this year", "early last year") count from it. An
English date without a year ("March 5", "the end of the year") stays
without one: its year is not compared. A year alone, relative or not, is
not compared: bare years are the numbers check's business, and translators
move freely between 去年, "last year" and "in 2023".
A Chinese date is paired with the English date of its link that shares most
of its month, day and period (then its year), the closest pairs first; a
date with a day pairs only with one that has a month, a day or a weekday.

A field that disagrees is major, whether the Chinese year is written or
inferred: the seed's 1月23日 (2024) rendered "Jan. 23, 2019" is the case this
check exists for. One exception: the document year is a guess at the year the
text was written, and a text about one year is often written early in the
next (a review of 2024 released on January 17, 2025) or late in the year
before (a plan for 2025); a Chinese date without a year may also take its
year from the passage (2023年……年底). A disagreement in the year alone, by
one year, where a year comes from the document year, is minor when such a
guess explains it. For a date with a month in the document year itself that
means a year on for a month of the first half and a year back for one of the
second, so 1月23日 rendered "January 23, 2023" in a 2024 text stays major.
Two relative years count from the same year whatever it is: 上年末 rendered
"the end of this year" is major, and says last year against this year.

An English weekday ("on Wednesday", "Wednesday, November 20") is compared
with the day the Chinese date falls on: a weekday that falls on it renders
the date; one that does not is major, or minor where the year is the
inferred document year (a date without any year is not checked).

A Chinese date with no English date in its link is minor (the omissions
check reports whole missing sentences); an English date with no Chinese
source is minor too.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from ..model import Flag, Paragraph, Span
from ..text import TEXT_CACHE_SIZE
from ..text.dates import DateMention, dates_agree, infer_document_year, parse_en_dates, parse_zh_dates, weekday_of
from .omissions import inside, match_sentences, omitted_zh_spans
from .registry import CheckContext, LinkView, register, span_of


@dataclass(frozen=True)
class Dated:
    paragraph: Paragraph
    d: DateMention
    bead: int

    @property
    def span(self) -> Span:
        return span_of(self.paragraph, self.d.start, self.d.end)


def _reportable(d: DateMention) -> bool:
    """Specific enough to report as missing or added: a day, or a written year with a month or period.

    Bare months and periods (五月, 年底, 第一季度) are compared when both sides have them but not reported
    alone: their parse is the least certain (五月花 is a name) and the English often words them freely.
    """
    return d.day is not None or (d.year is not None and not d.year_inferred and (d.month or d.period) is not None)


def _compared(d: DateMention) -> bool:
    return d.month is not None or d.day is not None or d.period is not None or d.weekday is not None


@lru_cache(maxsize=TEXT_CACHE_SIZE)
def _zh_dates(text: str, year: int | None) -> tuple[DateMention, ...]:
    return tuple(d for d in parse_zh_dates(text, year) if _compared(d))


@lru_cache(maxsize=TEXT_CACHE_SIZE)
def _en_dates(text: str, year: int | None) -> tuple[DateMention, ...]:
    return tuple(d for d in parse_en_dates(text, year, fill_missing=False) if _compared(d))


def document_year(ctx: CheckContext) -> int | None:
    return ctx.cached("document_year", lambda: infer_document_year([p.text for p in ctx.pair.zh.content]))


_PERIOD_READINGS = {"start": "the start of", "mid": "the middle of", "end": "the end of",
                    "H1": "the first half of", "H2": "the second half of", "Q1": "the first quarter of",
                    "Q2": "the second quarter of", "Q3": "the third quarter of", "Q4": "the fourth quarter of",
                    "Q1-Q3": "the first three quarters of"}


def reading(d: DateMention, inferred_note: bool = True) -> str:
    """An English reading of a date: 'January 23, 2024 (year inferred from the document)'."""
    parts = []
    if d.month is not None:
        month = calendar.month_name[d.month]
        parts.append(f"{month} {d.day}" if d.day is not None else month)
        if d.year is not None:
            parts[-1] += f", {d.year}"
    elif d.year is not None:
        parts.append(str(d.year))
    if d.period:
        span = re.fullmatch(r"M(\d+)-M(\d+)", d.period)
        if span:  # 1—11月: January-November 2024
            parts.insert(0, "-".join(calendar.month_name[int(k)] for k in span.groups()))
        else:
            period = _PERIOD_READINGS.get(d.period, d.period)
            parts.insert(0, period if parts else period.removesuffix(" of"))
    text = " ".join(parts)
    if inferred_note and d.year_inferred and d.year is not None:
        text += " (year taken from the document)"
    return text


_RELATIVE_READINGS = {-2: "the year before last", -1: "last year", 0: "this year", 1: "next year"}


def _bead(beads, paragraph: int, start: int, zh: bool) -> int:
    for k, bead in enumerate(beads):
        for s in bead.zh if zh else bead.en:
            if s.paragraph == paragraph and s.start <= start < s.end:
                return k
    return -1


def _year_guess_explains(z: DateMention, e: DateMention, year: int | None) -> bool:
    """Years one year apart, at least one taken from the document year, in the direction a text written the
    year after (or before) the year it is mostly about would give."""
    if not (z.year_inferred or e.year_inferred) or z.year is None or e.year is None:
        return False
    guessed, written = (z, e) if z.year_inferred else (e, z)
    shift = written.year - guessed.year
    if abs(shift) != 1:
        return False
    month = z.month or e.month
    if guessed.year != year or month is None:
        return True
    # a date of the writing year itself: such a text names the first months of the year after, or the last
    # months of the year before
    return month <= 6 if shift == 1 else month > 6


def _closeness(z: DateMention, e: DateMention) -> tuple[int, bool]:
    """How many of month, day and period two dates share, then whether their years agree: the year comes
    last, as it is so often taken from the document on both sides (一季度 and "since the beginning of this
    year" share a year, and nothing else)."""
    differ = dates_agree(z, e)
    shared = sum(
        1 for f in ("month", "day", "period")
        if getattr(z, f) is not None and getattr(e, f) is not None and f not in differ
    )
    if (z.weekday is not None or e.weekday is not None) and None not in (weekday_of(z), weekday_of(e)) \
            and "weekday" not in differ:
        shared += 1  # 11月20日 and "on Wednesday", when November 20 is a Wednesday
    return shared, z.year is not None and z.year == e.year


def _may_render(z: DateMention, e: DateMention) -> bool:
    """A date with a day is rendered by a date with a month, a day or a weekday: not by a period or a year alone
    (11月20日 is not "the beginning of this year")."""
    return z.day is None or e.month is not None or e.day is not None or e.weekday is not None


def _match(zh: list[Dated], en: list[Dated]) -> dict[int, int]:
    """Chinese date index -> English date index, the closest pairs first (then the same sentence, then text
    order), so a Chinese date whose rendering was dropped does not take the English date of another."""
    ranked = sorted(
        ((_closeness(z.d, e.d), z.bead == e.bead, -i, -k), i, k) for i, z in enumerate(zh) for k, e in enumerate(en)
        if _may_render(z.d, e.d)
    )
    out: dict[int, int] = {}
    used: set[int] = set()
    for _, i, k in reversed(ranked):
        if i not in out and k not in used:
            out[i] = k
            used.add(k)
    return out


@register("dates", "major", "Dates: a year, month, day or period that disagrees; dates missing or added.")
def check_dates(ctx: CheckContext) -> Iterator[Flag]:
    if not ctx.translated:
        return
    year = document_year(ctx)
    omitted = omitted_zh_spans(ctx)
    for view in ctx.links:
        if not view.zh or not view.en:
            continue
        yield from _link_flags(ctx, view, year, omitted)


def _link_flags(ctx: CheckContext, view: LinkView, year: int | None, omitted) -> Iterator[Flag]:
    beads = match_sentences(view)
    zh = [Dated(p, d, _bead(beads, p.id, d.start, True)) for p in view.zh for d in _zh_dates(p.text, year)]
    zh = [z for z in zh if not inside(omitted, z.paragraph.id, z.d.start, z.d.end)]
    en = [Dated(p, d, _bead(beads, p.id, d.start, False)) for p in view.en for d in _en_dates(p.text, year)]
    matched = _match(zh, en)
    for i, z in enumerate(zh):
        if i not in matched:
            if not _reportable(z.d):
                continue
            yield ctx.flag(
                "dates", "minor", f"{z.d.text} = {reading(z.d)} is not in the English",
                zh=z.span, suggestion=reading(z.d, False), key=("missing", z.d.text),
            )
            continue
        e = en[matched[i]]
        differ = dates_agree(z.d, e.d, compare_inferred=True)
        if not differ:
            continue
        fields = " and ".join(differ)
        english = f"{e.d.text} = {reading(e.d)}" if e.d.year_inferred else e.d.text
        chinese = reading(z.d)
        if "weekday" in differ:
            chinese += f", a {calendar.day_name[weekday_of(z.d)]}"
        message = (f"{z.d.text} = {chinese}; the English says {english}: the {fields} "
                   f"{'differs' if len(differ) == 1 else 'differ'}")
        severity = "major"
        if differ == ["year"] and z.d.relative is not None and e.d.relative is not None:
            message += (f" ({_RELATIVE_READINGS[z.d.relative]} in the Chinese, "
                        f"{_RELATIVE_READINGS[e.d.relative]} in the English)")
        elif differ == ["year"] and _year_guess_explains(z.d, e.d, year):
            severity = "minor"
            message += f" by one; the document year {year} is inferred and may be a year off"
        elif differ == ["weekday"] and z.d.year_inferred and z.d.weekday is None:
            severity = "minor"
            message += f" in {year}, the document year, which is inferred"
        yield ctx.flag(
            "dates", severity, message,
            zh=z.span, en=e.span, suggestion=reading(z.d, False), key=("mismatch", z.d.text, e.d.text),
        )
    used = set(matched.values())
    for k, e in enumerate(en):
        if k in used or not _reportable(e.d):
            continue
        yield ctx.flag(
            "dates", "minor", f"the English has the date {e.d.text}, which is not in the Chinese",
            en=e.span, key=("extra", e.d.text),
        )
