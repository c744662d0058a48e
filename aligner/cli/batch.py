"""`aligner batch`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import List, Optional

import typer

from ..errors import AlignerError
from . import EXIT_FINDINGS, Progress, app, fail


class LogLines:
    """Progress as plain lines on stderr, one per pair (and one per load stage), for logs and pipes."""

    def __call__(self, stage: str, done: int, total: int, item: str) -> None:
        if stage == "align":
            typer.echo(f"aligner: [{done}/{total}] {item}", err=True)
        elif done == total:
            typer.echo(f"aligner: {stage}: {total} documents", err=True)


@app.command()
def batch(
    zh_dir: Path = typer.Argument(..., help="Folder of Chinese originals."),
    en_dir: Path = typer.Argument(..., help="Folder of English renderings."),
    out: Path = typer.Option(Path("reports"), "--out", "-o", help="Folder for the reports."),
    pairs: Optional[Path] = typer.Option(None, "--pairs", help="pairs.tsv (zh file, en file); default: beside the folders."),
    jobs: Optional[int] = typer.Option(None, "--jobs", "-j", min=1,
                                       help="Worker processes (local executor). Default: one per core."),
    executor: str = typer.Option("local", "--executor", help="local (worker processes here) or dask (an existing cluster)."),
    scheduler: Optional[str] = typer.Option(None, "--scheduler", help="Address of the dask scheduler, e.g. tcp://host:8786."),
    backend: Optional[str] = typer.Option(None, "--backend", "-b",
                                          help="Sentence similarity: lexical, e5, hybrid, hybrid-full or st:PATH; default: the most accurate installed."),
    glossary: Optional[List[Path]] = typer.Option(None, "--glossary", "-g", help="Glossary (.tsv/.tbx) for the checks; repeatable."),
    force: bool = typer.Option(False, "--force", help="Recompute every pair, even those unchanged since the last run."),
    reference: Optional[Path] = typer.Option(None, "--reference", help="Folder of reference translations named like the renderings: adds BLEU, chrF and TER."),
    review_db: Optional[Path] = typer.Option(None, "--review-db", help="Reviewers' decisions (SQLite); default: OUT/review.sqlite."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bars or log lines."),
) -> None:
    """Pair every rendering with its original, align each pair and write reports.

    Re-running into the same --out skips pairs whose files, options and aligner
    version are unchanged; a run that was interrupted carries on where it stopped.
    """
    from ..pipeline import AlignOptions, BatchConfig, BatchStats, run_batch

    if executor not in ("local", "dask"):
        raise typer.BadParameter("choose local or dask", param_hint="--executor")
    options = AlignOptions(backend=backend, glossaries=tuple(str(g) for g in glossary or ()))
    config = BatchConfig(zh_dir, en_dir, out, pairs, options, jobs=jobs, executor=executor, scheduler=scheduler, force=force,
                         review_db=review_db, reference_dir=reference)
    stats = BatchStats()
    tty = sys.stderr.isatty()
    try:
        with Progress(enabled=not quiet and tty) as progress:
            on_progress = progress if tty else (None if quiet else LogLines())
            result = run_batch(config, on_progress=on_progress, stats=stats)
    except AlignerError as exc:
        fail(exc)
    except KeyboardInterrupt:
        typer.echo("aligner: interrupted; finished pairs are kept: run the same command again to carry on", err=True)
        raise typer.Exit(130) from None
    for pair in result.pairs:
        typer.echo(f"paired  {pair.zh.path} <-> {pair.en.path} ({pair.pairing.get('method')}): "
                   f"{len(pair.links)} links, {len(pair.flags)} flags")
    for u in result.unpaired:
        typer.echo(f"unpaired {u.path}: {u.reason}")
    for e in result.errors:
        typer.echo(f"aligner: error: {e.message}", err=True)
    if not quiet:
        typer.echo(f"aligner: {len(result.pairs)} pairs ({stats.pairs_aligned} aligned, {stats.pairs_cached} unchanged "
                   f"since the last run), {len(result.errors)} errors, in {stats.seconds.get('total', 0):.1f} s "
                   f"({stats.executor})", err=True)
    typer.echo(f"reports written to {out / 'index.html'}")
    if result.errors:
        raise typer.Exit(EXIT_FINDINGS)
