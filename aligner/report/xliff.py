"""XLIFF 2.1: one file per pair, one unit per link, the pair's flags as notes.

A reviewer can open the pair in a CAT tool: the Chinese is the source, the
English rendering the target, and each flag a note on the unit it is about
(flags without a span are notes on the file), with the reviewer's comment.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from ..model import Flag, Link, PairResult
from .atomic import write_atomic
from .tmx import link_fidelity, side_text, xml_attr, xml_text

if TYPE_CHECKING:
    from ..review.store import Decision

XLIFF_NS = "urn:oasis:names:tc:xliff:document:2.0"  # the 2.1 core keeps the 2.0 namespace
XLIFF_VERSION = "2.1"
# Note priority: 1 is the most important (XLIFF 2 core, note/@priority).
PRIORITY = {"critical": 1, "major": 2, "minor": 5, "info": 9}


def _nmtoken(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9._\-]", "_", text) or "_"


def _note(f: Flag, decision: Decision | None = None) -> str:
    applies = ""
    if f.zh is not None and f.en is None:
        applies = ' appliesTo="source"'
    elif f.en is not None and f.zh is None:
        applies = ' appliesTo="target"'
    text = f"[{f.severity}, {f.status}] {f.message}"
    if f.suggestion:
        text += f"; suggestion: {f.suggestion}"
    if decision is not None and decision.comment:
        text += f"; reviewer{f' ({decision.reviewer})' if decision.reviewer else ''}: {decision.comment}"
    return (f'    <note id={xml_attr(_nmtoken(f.id))} category={xml_attr(f.check)}'
            f' priority="{PRIORITY.get(f.severity, 5)}"{applies}>{xml_text(text)}</note>\n')


def _flags_of(pair: PairResult, link: Link) -> list[Flag]:
    return [f for f in pair.flags
            if (f.zh is not None and f.zh.paragraph in link.zh) or (f.en is not None and f.en.paragraph in link.en)]


def render_xliff(pair: PairResult, decisions: Mapping[str, Decision] | None = None) -> str:
    """The pair as an XLIFF 2.1 document (core only, valid against the OASIS core schema)."""
    decisions = decisions or {}
    fid = link_fidelity(pair)
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>\n',
        f'<xliff xmlns="{XLIFF_NS}" version="{XLIFF_VERSION}" srcLang="zh" trgLang="en">\n',
        f' <file id={xml_attr(_nmtoken(pair.pair_id))} original={xml_attr(pair.zh.path)}>\n',
    ]
    placed = set()
    units = []
    for k, link in enumerate(pair.links):
        zh = side_text(pair.zh, link.zh, "zh") if link.zh else None
        en = side_text(pair.en, link.en, "en") if link.en else None
        if zh is None and en is None:
            continue
        notes = []
        if not link.en:
            notes.append('    <note category="aligner:alignment" priority="3">omission: this Chinese has no '
                         "English rendering</note>\n")
        elif not link.zh:
            notes.append('    <note category="aligner:alignment" priority="3">addition: this English has no '
                         "Chinese original</note>\n")
        score = fid.get((link.zh, link.en))
        meta = f"confidence {link.confidence:.2f}" + ("" if score is None else f", fidelity {score:.0f}")
        notes.append(f'    <note category="aligner:link" priority="9">{xml_text(meta)}</note>\n')
        for f in _flags_of(pair, link):
            placed.add(f.id)
            notes.append(_note(f, decisions.get(f.id)))
        name = f"zh:{','.join(map(str, link.zh))} en:{','.join(map(str, link.en))}"
        target = "" if en is None else f"<target>{xml_text(en)}</target>"
        state = "translated" if zh is not None and en is not None else "initial"
        units.append(
            f'  <unit id="l{k}" name={xml_attr(name)}>\n   <notes>\n{"".join(notes)}   </notes>\n'
            f'   <segment id="s{k}" state="{state}"><source>{xml_text(zh or "")}</source>{target}</segment>\n'
            "  </unit>\n"
        )
    file_notes = [f'    <note category="aligner:signature" priority="9">{xml_text(pair.signature)}</note>\n'] \
        if pair.signature else []
    file_notes += [_note(f, decisions.get(f.id)) for f in pair.flags if f.id not in placed]
    if file_notes:
        out.append(f'  <notes>\n{"".join(file_notes)}  </notes>\n')
    if not units:  # a file needs at least one unit
        units.append('  <unit id="empty"><segment><source></source></segment></unit>\n')
    out.extend(units)
    out.append(" </file>\n</xliff>\n")
    return "".join(out)


def write_xliff(pairs: Iterable[PairResult], out_dir: Path,
                decisions: Mapping[str, Decision] | None = None) -> list[Path]:
    """One <pair_id>.xlf per pair in out_dir."""
    paths = []
    for pair in pairs:
        path = out_dir / f"{pair.pair_id}.xlf"
        write_atomic(path, render_xliff(pair, decisions))
        paths.append(path)
    return paths
