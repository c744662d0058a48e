"""The `aligner` command: parse options, call the library, render, map errors to exit codes.

Each command family lives in its own module of this package and registers on `app`;
the imports at the bottom of this file wire them in.
"""

from __future__ import annotations

import os
import sys

# The aligner's matrix products are small (a band of sentences at a time): OpenBLAS threads
# cost more CPU than they save and crowd `--jobs` workers and the e5 engine, so the command
# runs numpy on one thread unless told otherwise (this must precede numpy's import).
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
from pathlib import Path
from typing import Optional

import typer

from ..errors import AlignerError

app = typer.Typer(
    help="Align, score and check English renderings of Chinese documents, offline.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

EXIT_ERROR = 1
EXIT_FINDINGS = 3  # some documents failed, or checks found what --fail-on forbids


def output_file(output: Path | None, inputs: tuple[Path | None, ...] = ()) -> None:
    """Refuse, before any work, an output file path that cannot be written or would replace an input."""
    from ..errors import InputError
    from ..report.atomic import nearest_existing

    if output is None:
        return
    if output.is_dir():
        raise InputError("is a folder; give a file name inside it for -o", str(output))
    parent = nearest_existing(output.parent)
    if not parent.is_dir():
        raise InputError(f"{parent} is a file, not a folder; choose another path for -o", str(output))
    if not os.access(parent, os.W_OK | os.X_OK):
        raise InputError(f"cannot write in {parent} (permission denied); choose another path for -o", str(output))
    if output.exists():
        for path in inputs:
            if path is not None and path.exists() and os.path.samefile(path, output):
                raise InputError("is also an input, which -o would replace; choose another path for -o", str(output))


def fail(exc: AlignerError) -> None:
    """Print the one-line error and exit with the error's code."""
    typer.echo(f"aligner: error: {exc}", err=True)
    raise typer.Exit(exc.exit_code)


class Progress:
    """Rich progress bars on a terminal; silence otherwise."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self._progress = None
        self._tasks: dict[str, int] = {}

    def __enter__(self):
        if self.enabled:
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

            self._progress = Progress(TextColumn("{task.description:>10}"), BarColumn(), MofNCompleteColumn(),
                                      TimeRemainingColumn(), TextColumn("{task.fields[item]}"), transient=False)
            self._progress.__enter__()
        return self

    def __exit__(self, *exc) -> None:
        if self._progress is not None:
            self._progress.__exit__(*exc)

    def __call__(self, stage: str, done: int, total: int, item: str) -> None:
        if self._progress is None:
            return
        if stage not in self._tasks:
            self._tasks[stage] = self._progress.add_task(stage, total=total, item="")
        self._progress.update(self._tasks[stage], completed=done, total=total, item=item)



from . import batch as _batch  # noqa: E402,F401  (registers commands)
from . import review as _review  # noqa: E402,F401  (registers `review` and `export`)
from . import check as _check  # noqa: E402,F401
from . import align as _align  # noqa: E402,F401  (registers align, eval, score)
