"""The vecalign/Bertalign link format: one bead a line, `[0, 1]:[2]`, `[7]:[]` an omission, `[]:[3]` an addition."""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..errors import InputError
from ..model import Link

LinkPair = tuple[tuple[int, ...], tuple[int, ...]]

_LINE = re.compile(r"^\s*\[([\d,\s]*)\]\s*:\s*\[([\d,\s]*)\]\s*$")


def _side(ids: Iterable[int]) -> str:
    return "[" + ", ".join(str(int(i)) for i in ids) + "]"


def format_links(links: Iterable[Link | LinkPair]) -> str:
    """One `[zh ids]:[en ids]` line per link, in the order given, with a final newline."""
    lines = []
    for link in links:
        zh, en = (link.zh, link.en) if isinstance(link, Link) else link
        lines.append(f"{_side(zh)}:{_side(en)}")
    return "".join(line + "\n" for line in lines)


def _ids(field: str) -> tuple[int, ...]:
    return tuple(int(x) for x in field.replace(",", " ").split())


def parse_links(text: str, path: str | None = None) -> list[LinkPair]:
    """The links of a links file; blank lines are skipped, anything else malformed raises InputError."""
    out: list[LinkPair] = []
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        m = _LINE.match(line)
        if not m:
            raise InputError(f"line {lineno}: expected a link like '[0, 1]:[2]', got {line.strip()[:60]!r}", path)
        out.append((_ids(m.group(1)), _ids(m.group(2))))
    return out
