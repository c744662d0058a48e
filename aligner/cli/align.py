"""`aligner align`, `aligner eval` and `aligner score`."""

from __future__ import annotations

import re
import sys
from dataclasses import replace
from pathlib import Path
from typing import Optional

import typer

from ..align.sentences import DEFAULT_MAX_BEAD
from ..errors import AlignerError
from . import Progress, app, fail, output_file

FORMATS = ("json", "tsv", "links", "tmx")


def _read_lines(path: Path) -> list[str]:
    from ..corpus.load import display_path, read_text
    from ..errors import InputError

    text = read_text(path)[0]
    lines = [ln.strip() for ln in re.split(r"\r\n|\r|\n", text)]  # lone CR ends lines too (old Mac files)
    while lines and not lines[-1]:
        lines.pop()
    if not lines:
        raise InputError("no sentences; give one sentence per line", display_path(path))
    return lines


def _tsv(links, zh, en) -> str:
    """One row per link; a tab or line break inside a text becomes a space, so every row has five cells."""
    def cell(texts) -> str:
        return re.sub(r"[\t\r\n\v\f\x1c-\x1e\x85\u2028\u2029]+", " ", " ".join(texts))

    return "zh_ids\ten_ids\tconfidence\tzh\ten\n" + "".join(
        f"{','.join(map(str, l.zh))}\t{','.join(map(str, l.en))}\t{l.confidence}\t"
        f"{cell(zh[i] for i in l.zh)}\t{cell(en[j] for j in l.en)}\n" for l in links)


def _trained_max_bead() -> int | None:
    """The largest bead side the shipped bead model was trained on (None without one)."""
    import json

    from ..align.beadmodel import MODEL_PATH

    try:
        return int(json.loads(MODEL_PATH.read_text(encoding="utf-8"))["max_bead"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _links_text(links) -> str:
    from ..align.linkformat import format_links

    return format_links(links)


@app.command()
def align(
    zh_file: Path = typer.Argument(..., help="Chinese original."),
    en_file: Path = typer.Argument(..., help="English rendering."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write here instead of standard output."),
    fmt: str = typer.Option("json", "--format", "-f", help="json, tsv, links (vecalign/Bertalign format) or tmx."),
    level: str = typer.Option("paragraph", "--level", help="paragraph or sentence: the links that tsv/links/tmx print."),
    presplit: bool = typer.Option(False, "--presplit", help="One sentence per line, aligned as given (implies --level sentence)."),
    backend: Optional[str] = typer.Option(None, "--backend", "-b", help="lexical, e5, hybrid, hybrid-full or st:PATH; default: the most accurate installed."),
    max_bead: int = typer.Option(DEFAULT_MAX_BEAD, "--max-bead", min=1, help="Largest side of a sentence bead (1-4, 4-1 …); above 4 the trained bead model gives way to hand-set costs."),
    reference: Optional[Path] = typer.Option(None, "--reference", help="A reference English translation: adds BLEU, chrF and TER."),
) -> None:
    """Align one pair of documents: paragraphs, then sentences inside them."""
    from ..report.atomic import write_atomic

    if fmt not in FORMATS:
        raise typer.BadParameter(f"choose one of {', '.join(FORMATS)}", param_hint="--format")
    if level not in ("paragraph", "sentence"):
        raise typer.BadParameter("choose paragraph or sentence", param_hint="--level")
    if presplit:
        level = "sentence"
        if reference is not None:
            raise typer.BadParameter("not used with --presplit; score sentence pairs against a reference with "
                                     "`aligner score`", param_hint="--reference")
    trained = _trained_max_bead()
    if trained is not None and max_bead > trained:
        typer.echo(f"aligner: warning: the trained bead model covers beads of up to {trained} sentences a side; "
                   f"with --max-bead {max_bead} every bead is scored by hand-set costs instead, which align less "
                   f"accurately", err=True)
    try:
        output_file(output, (zh_file, en_file, reference))
        if presplit:
            text = _align_presplit(zh_file, en_file, fmt, backend, max_bead)
        else:
            text = _align_documents(zh_file, en_file, fmt, level, backend, max_bead, reference)
        if output:
            write_atomic(output, text)
        else:
            typer.echo(text, nl=False)
    except AlignerError as exc:
        fail(exc)


def _align_presplit(zh_file: Path, en_file: Path, fmt: str, backend: str | None, max_bead: int) -> str:
    import json

    from ..align.sentences import align_presplit

    zh, en = _read_lines(zh_file), _read_lines(en_file)
    links = align_presplit(zh, en, backend, max_bead=max_bead)
    if fmt == "links":
        return _links_text(links)
    if fmt == "json":
        return json.dumps({"schema": "aligner/presplit@1", "zh": str(zh_file), "en": str(en_file),
                           "links": [{"zh": list(l.zh), "en": list(l.en), "confidence": l.confidence} for l in links]},
                          ensure_ascii=False, indent=1) + "\n"
    if fmt == "tsv":
        return _tsv(links, zh, en)
    from ..report.tmx import TranslationUnit, render_units

    def ids(side) -> str:
        return ",".join(map(str, side))

    return render_units([
        TranslationUnit(f"s{ids(l.zh)}:s{ids(l.en)}", "sentence", " ".join(zh[i] for i in l.zh),
                        " ".join(en[j] for j in l.en), (("x-zh-sentences", ids(l.zh)), ("x-en-sentences", ids(l.en)),
                                                        ("x-confidence", f"{l.confidence:.4f}")))
        for l in links if l.zh and l.en])


def _align_documents(zh_file, en_file, fmt, level, backend, max_bead, reference) -> str:
    from ..corpus.load import load_document
    from ..corpus.pairing import Pairing
    from ..pipeline import AlignOptions, run_pair
    from ..report.json_report import dumps, pair_to_json
    from ..report.tmx import render_tmx

    options = AlignOptions(sentences=True, backend=backend, max_bead=max_bead)
    ref = load_document(reference, "en") if reference else None
    pair = run_pair(Pairing(load_document(zh_file, "zh"), load_document(en_file, "en"), "given"), options, ref)
    if fmt == "json":
        return dumps(pair_to_json(pair))
    if fmt == "tmx":
        # the memory holds the links --level asks for: a run's sentence pairs, or its paragraph pairs
        return render_tmx([pair if level == "sentence" else replace(pair, sentences=None)])
    if level == "sentence" and pair.sentences is not None:
        links = pair.sentences.links
        zt = {s.id: s.text for s in pair.sentences.zh}
        et = {s.id: s.text for s in pair.sentences.en}
    else:
        links = pair.links
        zt = {p.id: p.text for p in pair.zh.paragraphs}
        et = {p.id: p.text for p in pair.en.paragraphs}
    if fmt == "links":
        return _links_text(links)
    return _tsv(links, zt, et)


@app.command("eval")
def evaluate(
    gold: Path = typer.Argument(..., help="Gold links: a file, or a folder of files (links format or InterText XML)."),
    pred: Path = typer.Argument(..., help="Predicted links: a file, or a folder with the same file names."),
) -> None:
    """Strict and lax precision, recall and F1 of predicted sentence links against gold."""
    from ..align.evaluate import evaluate_paths

    try:
        result = evaluate_paths(gold, pred)
    except AlignerError as exc:
        fail(exc)
    if result.skipped:
        names = ", ".join(result.skipped[:5]) + (" …" if len(result.skipped) > 5 else "")
        typer.echo(f"aligner: skipped {len(result.skipped)} file{'s' if len(result.skipped) != 1 else ''} that "
                   f"{'are' if len(result.skipped) != 1 else 'is'} not links files (*.align, *.links, "
                   f"NNN_zh.NNN_en.xml): {names}", err=True)
    typer.echo(result.table())


@app.command()
def score(
    pairs: Path = typer.Option(..., "--pairs", help="TSV with a header naming source and target (and optionally reference), or a TMX file."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write the scored TSV here; default: standard output."),
    neural: bool = typer.Option(False, "--neural/--lexical", help="Add the embedding model's similarity (slower)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar."),
) -> None:
    """Score pre-aligned segment pairs: every column kept, fidelity (and BLEU/chrF/TER with a reference) appended."""
    from ..score.tsv import score_pairs_file

    try:
        output_file(output, (pairs,))
        with Progress(enabled=not quiet and sys.stderr.isatty() and output is not None) as progress:
            summary = score_pairs_file(pairs, output, neural=neural,
                                       on_progress=lambda done, total: progress("score", done, total, ""))
    except AlignerError as exc:
        fail(exc)
    rows, unscored = summary["rows"], summary["unscored"]
    note = f"{unscored} row{'s' if unscored != 1 else ''} with no source left unscored (an empty fidelity cell)"
    if output is not None:
        typer.echo(f"scored {rows - unscored} rows into {output}" + (f"; {note}" if unscored else ""))
    elif unscored:
        typer.echo(note, err=True)
