"""`aligner check`: run the QA checks on one pair or a batch and print the flags."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import List, Optional

import typer

from ..errors import AlignerError, ConfigError, InputError
from ..model import SEVERITIES, Flag
from . import EXIT_FINDINGS, app, fail, output_file

FORMATS = ("table", "json", "csv", "text")


def _glossary(paths: list[Path]):
    from ..checks import default_glossary
    from ..lexicon.glossary import load_glossary

    return default_glossary([load_glossary(p) for p in paths])


def _with_review(results: dict[str, tuple[Flag, ...]], review_db: Path | None) -> dict[str, tuple[Flag, ...]]:
    """Flags with the reviewers' statuses, when a review store is given."""
    if review_db is None:
        return results
    try:
        from ..review.store import ReviewStore
    except ImportError:  # the review store is optional
        return results
    if not review_db.is_file():  # a mistyped path would report every flag open
        raise InputError("no review database here; pass the review.sqlite of the batch's reports", str(review_db))
    store = ReviewStore(review_db)
    try:
        return {pid: store.apply(flags) for pid, flags in results.items()}
    finally:
        close = getattr(store, "close", None)
        if close:
            close()


def _render(results: dict[str, tuple[Flag, ...]], fmt: str) -> str:
    rows = [(pid, f) for pid, flags in results.items() for f in flags]
    if fmt == "json":
        return json.dumps(
            {"pairs": [{"pair_id": pid, "flags": [f.to_json() for f in flags]} for pid, flags in results.items()]},
            ensure_ascii=False, indent=2, sort_keys=True,
        ) + "\n"
    if fmt == "csv":
        from ..report.csv_report import cell_safe

        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(["pair_id", "id", "check", "severity", "status", "zh_paragraph", "zh_start", "zh_end", "zh_text",
                    "en_paragraph", "en_start", "en_end", "en_text", "message", "suggestion"])
        for pid, f in rows:
            z, e = f.zh, f.en
            w.writerow([cell_safe(v) if isinstance(v, str) else v for v in (
                pid, f.id, f.check, f.severity, f.status,
                *(("", "", "", "") if z is None else (z.paragraph, z.start, z.end, z.text)),
                *(("", "", "", "") if e is None else (e.paragraph, e.start, e.end, e.text)),
                f.message, f.suggestion or "")])
        return buf.getvalue()
    if fmt == "text":
        lines = []
        for pid, f in rows:
            where = f"zh¶{f.zh.paragraph}" if f.zh else f"en¶{f.en.paragraph}" if f.en else "-"
            line = f"{pid}\t{f.id}\t{f.severity}\t{f.check}\t{where}\t{f.message}"
            if f.suggestion:
                line += f"\t→ {f.suggestion}"
            lines.append(line)
        return "\n".join(lines) + ("\n" if lines else "")
    return ""  # table: rendered with rich


def _table(results: dict[str, tuple[Flag, ...]]) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = Console()
    for pid, flags in results.items():
        table = Table(title=Text(f"{pid}: {len(flags)} flags"), show_lines=False, expand=True)
        for col, kw in (("severity", {}), ("check", {}), ("where", {}), ("message", {"ratio": 3}),
                        ("suggestion", {"ratio": 1}), ("id", {})):
            table.add_column(col, overflow="fold", **kw)
        for f in flags:
            where = f"zh¶{f.zh.paragraph}" if f.zh else f"en¶{f.en.paragraph}" if f.en else "-"
            status = "" if f.status == "open" else f" ({f.status})"
            # document text goes in as Text, never as markup: "[bold]" or "[/]" in a message is printed as written
            table.add_row(*(Text(v) for v in (f.severity + status, f.check, where, f.message, f.suggestion or "", f.id)))
        console.print(table)


def _summary(results: dict[str, tuple[Flag, ...]]) -> str:
    counts = {s: 0 for s in SEVERITIES}
    for flags in results.values():
        for f in flags:
            counts[f.severity] += 1
    return ", ".join(f"{n} {s}" for s, n in counts.items())


@app.command()
def check(
    zh: Path = typer.Argument(..., help="Chinese original (a folder with --batch)."),
    en: Path = typer.Argument(..., help="English rendering (a folder with --batch)."),
    batch: bool = typer.Option(False, "--batch", help="ZH and EN are folders: pair, align and check every document."),
    glossary: Optional[List[Path]] = typer.Option(None, "--glossary", "-g", help="Glossary (.tsv/.tbx); repeatable."),
    fmt: str = typer.Option("table", "--format", "-f", help="table, json, csv or text."),
    fail_on: Optional[str] = typer.Option(None, "--fail-on", help="Exit 3 if an open flag is this severe or worse."),
    checks: Optional[str] = typer.Option(None, "--checks", help="Comma-separated checks to run (default: all)."),
    review_db: Optional[Path] = typer.Option(None, "--review-db", help="Review store: reviewers' decisions."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write here instead of standard output."),
    pairs: Optional[Path] = typer.Option(None, "--pairs", help="pairs.tsv for --batch; default: beside the folders."),
    backend: Optional[str] = typer.Option(None, "--backend", help="Sentence similarity backend (lexical, e5, hybrid, hybrid-full); "
                                          "default: the most accurate installed."),
) -> None:
    """Run the QA checks (terms, consistency, numbers, dates, names, omissions, untranslated) and print the flags."""
    if fmt not in FORMATS:
        raise typer.BadParameter(f"choose {', '.join(FORMATS)}", param_hint="--format")
    if fail_on is not None and fail_on not in SEVERITIES:
        raise typer.BadParameter(f"choose {', '.join(SEVERITIES)}", param_hint="--fail-on")
    enabled = {c.strip() for c in checks.split(",") if c.strip()} if checks else None
    try:
        output_file(output, (zh, en, pairs, *(glossary or [])))
        results, failed = _run(zh, en, batch, glossary or [], enabled, pairs, backend)
        results = _with_review(results, review_db)
    except AlignerError as exc:
        fail(exc)
    if fmt == "table" and output is None:
        _table(results)
        typer.echo(_summary(results), err=True)
    else:
        text = _render(results, "text" if fmt == "table" else fmt)
        if output is not None:
            from ..report.atomic import write_atomic

            write_atomic(output, text)
        else:
            typer.echo(text, nl=False)
    if fail_on is not None:
        limit = SEVERITIES.index(fail_on)
        if any(f.status == "open" and SEVERITIES.index(f.severity) <= limit for fs in results.values() for f in fs):
            raise typer.Exit(EXIT_FINDINGS)
    if failed:  # as `batch`: the other documents were checked, and the exit code says some were not
        raise typer.Exit(EXIT_FINDINGS)


def _run(zh: Path, en: Path, batch: bool, glossaries: list[Path], enabled: set[str] | None,
         manifest: Path | None, backend: str | None) -> tuple[dict[str, tuple[Flag, ...]], int]:
    """The flags of every pair, and how many documents or pairs failed (each told on standard error)."""
    from ..checks import check_batch, resolve
    from ..corpus.load import load_document
    from ..corpus.pairing import Pairing, pair_documents
    from ..pipeline import AlignOptions, load_folder, manifest_rows, run_pair, without_broken_rows

    resolve(enabled)  # unknown check names fail before any work
    glossary = _glossary(glossaries)
    if not batch:
        if zh.is_dir() or en.is_dir():
            raise ConfigError("ZH and EN are folders; add --batch to check every pair in them")
        pairings = [Pairing(load_document(zh, "zh"), load_document(en, "en"), "given")]
        failed = 0
    else:
        zh_docs, zh_errors = load_folder(zh, "zh")
        en_docs, en_errors = load_folder(en, "en")
        failed = len(zh_errors) + len(en_errors)
        for e in zh_errors + en_errors:
            typer.echo(f"aligner: error: {e.message}", err=True)
        if manifest is None and (zh.parent / "pairs.tsv").is_file():
            manifest = zh.parent / "pairs.tsv"
        rows = None
        if manifest is not None:
            names = lambda docs, errs: {Path(d.path).name for d in docs} | {Path(e.path).name for e in errs}  # noqa: E731
            rows = manifest_rows(manifest, names(zh_docs, zh_errors), names(en_docs, en_errors), zh, en)
        rows, orphans, zh_docs, en_docs = without_broken_rows(rows, zh_docs, en_docs)
        pairings, unpaired = pair_documents(zh_docs, en_docs, rows)
        for u in [*orphans, *unpaired]:
            typer.echo(f"unpaired {u.path}: {u.reason}", err=True)
    # Align only (paragraphs, then sentences): the checks run below, batch-wide, with these glossaries.
    options = AlignOptions(backend=backend, checks=False, fidelity=False)
    results = []
    for p in pairings:
        if not batch:
            results.append(run_pair(p, options))
            continue
        try:  # one pair that cannot be aligned does not stop the others
            results.append(run_pair(p, options))
        except AlignerError as exc:
            failed += 1
            typer.echo(f"aligner: error: pair {p.pair_id}: {exc}", err=True)
    return check_batch(results, glossary, enabled), failed
