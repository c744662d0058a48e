"""Atomic file writes: a temporary file in the same folder, then a rename."""

from __future__ import annotations

import os
import stat
import tempfile
import threading
from pathlib import Path

_UMASK_LOCK = threading.Lock()
_STATUS = Path("/proc/self/status")  # Linux shows the umask here


def _umask() -> int:
    """The process's file-creation mask, read without changing it where the system shows it (Linux)."""
    try:
        with open(_STATUS, encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    with _UMASK_LOCK:  # elsewhere the only way to read it is to set it, and set it back at once
        mask = os.umask(0o022)
        os.umask(mask)
    return mask


def file_mode(path: Path) -> int:
    """Permissions for a file about to be written at `path`: those of the file it replaces, if any, else
    what a plain open() would give a new file (0666 less the umask)."""
    try:
        return stat.S_IMODE(os.stat(path).st_mode)
    except OSError:
        return 0o666 & ~_umask()


def temporary_beside(path: Path) -> tuple[int, Path]:
    """An open descriptor and the name of a new temporary file in `path`'s folder, with the permissions
    `path` will have once the temporary replaces it.

    mkstemp makes its files private (0600); a report renamed from one would be unreadable to the other
    reviewers of a shared folder or to a web server publishing it. The name is the temporary's own, so
    two runs writing the same file never share one.
    """
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    if os.name == "posix":
        try:
            os.fchmod(fd, file_mode(path))
        except BaseException:
            os.close(fd)
            os.unlink(name)
            raise
    return fd, Path(name)


def write_atomic(path: Path, data: str | bytes, durable: bool = True) -> None:
    """Write `data` to `path` so that readers see the old file or the new one, never half of one.

    `durable` also flushes the data to disk before the rename (reports); a cache entry can skip it,
    since one lost to a power cut is only a cache miss. A new file gets the permissions open() would
    give it; a replaced one keeps its own.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = temporary_beside(path)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(raw)
            if durable:
                fh.flush()
                os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def write_if_changed(path: Path, data: str | bytes) -> bool:
    """`write_atomic` unless the file already holds exactly `data` (a re-run leaves it, and its mtime, alone); whether it wrote."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    try:
        if path.stat().st_size == len(raw) and path.read_bytes() == raw:
            return False
    except OSError:
        pass
    write_atomic(path, raw)
    return True


def nearest_existing(path: Path) -> Path:
    """The path itself or its closest ancestor that exists: where a write to `path` would start creating folders.

    Callers check that it is a folder (a file there means `path` can never be written)."""
    for candidate in (path, *path.parents):
        if candidate.exists():
            return candidate
    return Path(".")
