"""`aligner review list|set|export|import` (reviewers' decisions) and `aligner export` (CSV, TMX, XLIFF)."""

from __future__ import annotations

import getpass
import json
from pathlib import Path
from typing import List, Optional

import typer

from ..errors import AlignerError
from . import app, fail

review_app = typer.Typer(
    help="Reviewers' decisions on flags (open, confirmed, dismissed, fixed), kept in a SQLite file.",
    no_args_is_help=True,
)
app.add_typer(review_app, name="review")

STATUSES = ("open", "confirmed", "dismissed", "fixed")
EXPORT_FORMATS = ("csv", "tmx", "xliff")

ReviewDb = typer.Option(Path("reports/review.sqlite"), "--review-db",
                        help="The decisions database (aligner batch keeps it beside its reports).")


def _default_reviewer() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no login name in some containers
        return ""


def _short(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


@review_app.command("list")
def review_list(
    status: Optional[str] = typer.Option(None, "--status", "-s", help="Only flags with this status."),
    pair: Optional[str] = typer.Option(None, "--pair", help="Only this pair id."),
    as_json: bool = typer.Option(False, "--json", help="One JSON object per line instead of a table."),
    review_db: Path = ReviewDb,
) -> None:
    """List the flags the last runs produced, with their decisions."""
    from ..review import ReviewStore

    if status is not None and status not in STATUSES:
        raise typer.BadParameter(f"choose one of {', '.join(STATUSES)}", param_hint="--status")
    if not review_db.exists():
        fail(AlignerError("no review database here; run `aligner batch` first or pass --review-db", str(review_db)))
    try:
        with ReviewStore(review_db) as store:
            rows = store.list(status=status, pair_id=pair)
    except AlignerError as exc:
        fail(exc)
    for r in rows:
        d = r.decision
        if as_json:
            typer.echo(json.dumps({**r.flag.to_json(), "pair_id": r.pair_id, "present": r.present,
                                   "reviewer": d.reviewer if d else "", "comment": d.comment if d else "",
                                   "time": d.at if d else None}, ensure_ascii=False))
            continue
        gone = "" if r.present else " (gone)"
        who = f"  [{d.reviewer}: {_short(d.comment, 40)}]" if d and (d.reviewer or d.comment) else ""
        typer.echo(f"{r.flag.id}  {r.flag.status:<9} {r.flag.severity:<8} {r.flag.check:<16} "
                   f"{_short(r.flag.message, 70)}{gone}{who}")
    if not as_json:
        typer.echo(f"{len(rows)} flag{'s' if len(rows) != 1 else ''}", err=True)


@review_app.command("set")
def review_set(
    flag: str = typer.Argument(..., help="Flag id (or a unique beginning of one), as `review list` shows it."),
    status: str = typer.Argument(..., help="open, confirmed, dismissed or fixed."),
    comment: str = typer.Option("", "--comment", "-m", help="Why."),
    reviewer: Optional[str] = typer.Option(None, "--reviewer", "-r", help="Who decides (default: your login name)."),
    review_db: Path = ReviewDb,
) -> None:
    """Record a decision on one flag."""
    from ..review import ReviewStore

    if status not in STATUSES:
        raise typer.BadParameter(f"choose one of {', '.join(STATUSES)}", param_hint="STATUS")
    if not review_db.exists():  # flags are known only to the database of the batch that found them
        fail(AlignerError("no review database here; run `aligner batch` first or pass --review-db", str(review_db)))
    try:
        with ReviewStore(review_db) as store:
            decision = store.set(store.resolve(flag), status, reviewer if reviewer is not None else _default_reviewer(),
                                 comment)
    except AlignerError as exc:
        fail(exc)
    typer.echo(f"{decision.flag_id}: {decision.status}")


@review_app.command("export")
def review_export(
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="Write here instead of standard output."),
    pair: Optional[str] = typer.Option(None, "--pair", help="Only this pair's decisions."),
    review_db: Path = ReviewDb,
) -> None:
    """Write every decision as a decisions file (the JSON the HTML report downloads)."""
    from ..review import ReviewStore

    if not review_db.exists():
        fail(AlignerError("no review database here; pass --review-db", str(review_db)))
    try:
        with ReviewStore(review_db) as store:
            doc = store.export(out, pair_id=pair)
    except AlignerError as exc:
        fail(exc)
    if out is None:
        typer.echo(json.dumps(doc, ensure_ascii=False, indent=1))
    else:
        typer.echo(f"{len(doc['decisions'])} decisions written to {out}", err=True)


@review_app.command("import")
def review_import(
    files: List[Path] = typer.Argument(..., help="Decisions files exported from HTML reports (or by `review export`)."),
    review_db: Path = ReviewDb,
) -> None:
    """Load decisions files; for each flag the newer decision wins."""
    from ..review import ReviewStore

    created = not review_db.exists()
    try:
        with ReviewStore(review_db) as store:
            for f in files:
                r = store.import_(f)
                extra = []
                if r.kept:
                    extra.append(f"{r.kept} older than the stored decision, skipped")
                if r.unknown:
                    extra.append(f"{r.unknown} for flags no run has recorded yet")
                typer.echo(f"{f}: {r.applied} decisions imported" + (f" ({'; '.join(extra)})" if extra else ""))
    except AlignerError as exc:
        fail(exc)
    if created:  # a batch reads only the database beside its reports
        typer.echo(f"note: there was no review database at {review_db}, so a new one was made; if the reports are "
                   "elsewhere, import again with --review-db <reports folder>/review.sqlite", err=True)


@app.command("export")
def export(
    reports_dir: Path = typer.Argument(..., help="The folder `aligner batch --out` wrote."),
    fmt: str = typer.Option(..., "--format", "-f", help="csv (flags), tmx (aligned pairs) or xliff (one file per pair)."),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="Folder to write to (default: REPORTS_DIR)."),
    review_db: Optional[Path] = typer.Option(None, "--review-db",
                                             help="Decisions to apply (default: REPORTS_DIR/review.sqlite if present)."),
) -> None:
    """Export a batch's flags as CSV, its aligned pairs as TMX 1.4b, or each pair as XLIFF 2.1."""
    from ..report.csv_report import write_csv
    from ..report.tmx import write_tmx
    from ..report.xliff import write_xliff
    from ..review import DB_FILENAME, ReviewStore, read_reports

    if fmt not in EXPORT_FORMATS:
        raise typer.BadParameter(f"choose one of {', '.join(EXPORT_FORMATS)}", param_hint="--format")
    out = out or reports_dir
    try:
        pairs = read_reports(reports_dir)
        db = review_db or (reports_dir / DB_FILENAME)
        decisions = {}
        if db.exists():
            from dataclasses import replace

            with ReviewStore(db) as store:
                pairs = [replace(p, flags=store.apply(p.flags)) for p in pairs]
                decisions = store.decisions(f.id for p in pairs for f in p.flags)
        elif review_db is not None:
            raise AlignerError("no review database here; check --review-db", str(review_db))
        if fmt == "csv":
            written = [write_csv(pairs, out / "flags.csv", decisions)]
        elif fmt == "tmx":
            written = [write_tmx(pairs, out / "aligned.tmx")]
        else:
            written = write_xliff(pairs, out, decisions)
    except AlignerError as exc:
        fail(exc)
    for path in written:
        typer.echo(f"wrote {path}")
