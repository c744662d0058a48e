"""flags.csv: one row per flag, with both spans and the review status and comment, for a spreadsheet."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from ..model import PairResult
from .atomic import write_atomic

if TYPE_CHECKING:
    from ..review.store import Decision

FIELDS: tuple[str, ...] = (
    "pair_id", "flag_id", "check", "severity", "status", "message", "suggestion",
    "zh_paragraph", "zh_start", "zh_end", "zh_text",
    "en_paragraph", "en_start", "en_end", "en_text",
    "zh_path", "en_path", "reviewer", "comment",
)


def cell_safe(text: str) -> str:
    """Text a spreadsheet will not run as a formula: a leading = + - @ gets a quote, unless it is a number."""
    if text and text[0] in "=+-@\t\r":
        try:
            float(text)
            return text
        except ValueError:
            return "'" + text
    return text


def flag_rows(pairs: Iterable[PairResult], decisions: Mapping[str, Decision] | None = None) -> list[dict[str, str]]:
    """The CSV's rows, as the stdlib csv reader gives them back; `decisions` adds who decided and why."""
    decisions = decisions or {}
    rows = []
    for pair in pairs:
        for f in pair.flags:
            d = decisions.get(f.id)
            row = {
                "pair_id": pair.pair_id, "flag_id": f.id, "check": f.check, "severity": f.severity,
                "status": f.status, "message": f.message, "suggestion": f.suggestion or "",
                "zh_path": pair.zh.path, "en_path": pair.en.path,
                "reviewer": d.reviewer if d else "", "comment": d.comment if d else "",
            }
            for lang, span in (("zh", f.zh), ("en", f.en)):
                row[f"{lang}_paragraph"] = "" if span is None else str(span.paragraph)
                row[f"{lang}_start"] = "" if span is None else str(span.start)
                row[f"{lang}_end"] = "" if span is None else str(span.end)
                row[f"{lang}_text"] = "" if span is None else span.text
            for k, v in row.items():  # pair ids and paths come from file names: any cell may start with "="
                if isinstance(v, str):
                    row[k] = cell_safe(v)
            rows.append(row)
    return rows


def render_csv(pairs: Iterable[PairResult], decisions: Mapping[str, Decision] | None = None) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=FIELDS, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(flag_rows(pairs, decisions))
    return buf.getvalue()


def write_csv(pairs: Iterable[PairResult], path: Path, decisions: Mapping[str, Decision] | None = None) -> Path:
    """Write flags.csv in UTF-8 with a byte-order mark, so spreadsheets read the Chinese right."""
    write_atomic(path, "\ufeff" + render_csv(pairs, decisions))
    return path
