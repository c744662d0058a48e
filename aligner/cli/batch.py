"""`aligner batch` and `aligner align`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer

from ..errors import AlignerError
from . import EXIT_FINDINGS, Progress, app, fail

@app.command()
def batch(
    zh_dir: Path = typer.Argument(..., help="Folder of Chinese originals."),
    en_dir: Path = typer.Argument(..., help="Folder of English renderings."),
    out: Path = typer.Option(Path("reports"), "--out", "-o", help="Folder for the reports."),
    pairs: Optional[Path] = typer.Option(None, "--pairs", help="pairs.tsv (zh file, en file); default: beside the folders."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bars."),
) -> None:
    """Pair every rendering with its original, align each pair and write reports."""
    from ..pipeline import BatchConfig, run_batch

    try:
        with Progress(enabled=not quiet and sys.stderr.isatty()) as progress:
            result = run_batch(BatchConfig(zh_dir, en_dir, out, pairs), on_progress=progress)
    except AlignerError as exc:
        fail(exc)
    for pair in result.pairs:
        typer.echo(f"paired  {pair.zh.path} <-> {pair.en.path} ({pair.pairing.get('method')}): "
                   f"{len(pair.links)} links, {len(pair.flags)} flags")
    for u in result.unpaired:
        typer.echo(f"unpaired {u.path}: {u.reason}")
    for e in result.errors:
        typer.echo(f"aligner: error: {e.message}", err=True)
    typer.echo(f"reports written to {out / 'index.html'}")
    if result.errors:
        raise typer.Exit(EXIT_FINDINGS)


@app.command()
def align(
    zh_file: Path = typer.Argument(..., help="Chinese original."),
    en_file: Path = typer.Argument(..., help="English rendering."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write here instead of standard output."),
    fmt: str = typer.Option("json", "--format", "-f", help="json, tsv or links."),
) -> None:
    """Align one pair of documents paragraph by paragraph."""
    from ..corpus.load import load_document
    from ..corpus.pairing import Pairing
    from ..pipeline import run_pair
    from ..report.atomic import write_atomic
    from ..report.json_report import dumps, pair_to_json

    if fmt not in ("json", "tsv", "links"):
        raise typer.BadParameter("choose json, tsv or links", param_hint="--format")
    try:
        pair = run_pair(Pairing(load_document(zh_file, "zh"), load_document(en_file, "en"), "given"))
    except AlignerError as exc:
        fail(exc)
    if fmt == "json":
        text = dumps(pair_to_json(pair))
    elif fmt == "links":
        text = "".join(f"[{', '.join(map(str, link.zh))}]:[{', '.join(map(str, link.en))}]\n" for link in pair.links)
    else:
        zp = {p.id: p.text for p in pair.zh.paragraphs}
        ep = {p.id: p.text for p in pair.en.paragraphs}
        text = "zh_ids\ten_ids\tconfidence\tzh\ten\n" + "".join(
            f"{','.join(map(str, link.zh))}\t{','.join(map(str, link.en))}\t{link.confidence}\t"
            f"{' '.join(zp[i] for i in link.zh)}\t{' '.join(ep[j] for j in link.en)}\n"
            for link in pair.links
        )
    if output:
        write_atomic(output, text)
    else:
        typer.echo(text, nl=False)
