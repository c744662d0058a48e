"""Untranslated text: Chinese characters left in the English, and segments left identical to their source."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from ..lexicon.cedict import cedict
from ..model import Flag, Span
from ..text.zh import han_count, has_han
from .registry import CheckContext, register, span_of, whole

# Han characters, allowing Chinese punctuation and short gaps inside one run.
_HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff](?:[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef·\s\d]{0,3}[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff])*")


# A Chinese sentence this long found verbatim in the English was left untranslated.
MIN_IDENTICAL_HAN = 4


def _same(a: str, b: str) -> bool:
    norm = lambda t: " ".join(unicodedata.normalize("NFKC", t).split())  # noqa: E731
    return norm(a) == norm(b)


def _suggest(ctx: CheckContext, run: str) -> str | None:
    entry = ctx.glossary.get(run)
    if entry is not None:
        return entry.approved[0]
    phrases = cedict().gloss_phrases(run)
    return phrases[0] if phrases else None


@register("untranslated", "major", "Chinese characters left in the English; segments identical to their source.")
def check_untranslated(ctx: CheckContext) -> Iterator[Flag]:
    for view in ctx.links:
        identical_paragraphs = set()
        if view.zh and view.en:
            zh_texts = [p.text for p in view.zh]
            for p in view.en:
                if has_han(p.text) and any(_same(p.text, t) for t in zh_texts):
                    identical_paragraphs.add(p.id)
                    yield ctx.flag(
                        "untranslated", "major", "paragraph left identical to its Chinese source (not translated)",
                        zh=next(whole(z) for z in view.zh if _same(z.text, p.text)), en=whole(p),
                        key=("identical", p.text),
                    )
            identical_sentences: list[Span] = []
            for z in view.zh_sentences:
                if han_count(z.text) < MIN_IDENTICAL_HAN:
                    continue
                for p in view.en:
                    at = p.text.find(z.text)
                    if p.id in identical_paragraphs or at < 0:
                        continue
                    e = span_of(p, at, at + len(z.text))
                    identical_sentences.append(e)
                    yield ctx.flag(
                        "untranslated", "major", "sentence left identical to its Chinese source (not translated)",
                        zh=z, en=e, key=("identical", e.text),
                    )
        else:
            identical_sentences = []
        for p in view.en:
            if p.id in identical_paragraphs:
                continue
            for m in _HAN_RUN.finditer(p.text):
                span = span_of(p, m.start(), m.end())
                if any(e.paragraph == p.id and e.start <= m.start() and m.end() <= e.end for e in identical_sentences):
                    continue  # already reported as a whole sentence
                if _glossed(p.text, m.start(), m.end()):
                    yield ctx.flag(
                        "untranslated", "minor", f"Chinese original given in brackets after its rendering: “{m.group()}”",
                        en=span, key=("glossed", m.group()),
                    )
                    continue
                yield ctx.flag(
                    "untranslated", "major", f"Chinese left in the English: “{m.group()}”",
                    en=span, suggestion=_suggest(ctx, m.group()), key=("han", m.group()),
                )


def _glossed(text: str, start: int, end: int) -> bool:
    """'according to local conditions (因地制宜)': the Chinese alone in brackets, right after English words."""
    before, after = text[:start].rstrip(), text[end:].lstrip()
    return before.endswith(("(", "（")) and after.startswith((")", "）")) \
        and re.search(r"[A-Za-z]{2,}[\s,\"'”’]*$", before[:-1].rstrip()) is not None
