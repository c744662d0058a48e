"""Reviewers' decisions on flags, kept in SQLite and keyed by the flags' stable ids.

The store also remembers which flags each pair's latest run produced, so a
re-run can say which flags are new and which disappeared. Several `aligner
review set` processes may write at once: the database runs in WAL mode with a
busy timeout, and every write is one short `BEGIN IMMEDIATE` transaction.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path

from ..corpus.load import display_text
from ..errors import InputError
from ..model import Flag, PairResult, Span

STATUSES: tuple[str, ...] = ("open", "confirmed", "dismissed", "fixed")
DECISIONS_SCHEMA = "aligner/decisions@1"
DEFAULT_DB = Path("reports") / "review.sqlite"
DB_FILENAME = "review.sqlite"  # beside a batch's reports
BUSY_TIMEOUT_S = 30.0
_SCHEMA_VERSION = 1

_DDL = """
CREATE TABLE IF NOT EXISTS runs (
    run      INTEGER PRIMARY KEY AUTOINCREMENT,
    pair_id  TEXT NOT NULL,
    at       TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS flags (
    id         TEXT PRIMARY KEY,
    pair_id    TEXT NOT NULL,
    check_name TEXT NOT NULL,
    severity   TEXT NOT NULL,
    data       TEXT NOT NULL,           -- the flag's JSON as last seen
    first_run  INTEGER NOT NULL REFERENCES runs(run),
    last_run   INTEGER NOT NULL REFERENCES runs(run)
);
CREATE INDEX IF NOT EXISTS flags_by_pair ON flags(pair_id, last_run);
CREATE TABLE IF NOT EXISTS decisions (
    flag_id  TEXT PRIMARY KEY,
    pair_id  TEXT,
    status   TEXT NOT NULL CHECK (status IN ('open', 'confirmed', 'dismissed', 'fixed')),
    reviewer TEXT NOT NULL DEFAULT '',
    comment  TEXT NOT NULL DEFAULT '',
    at       TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS decision_log (
    seq      INTEGER PRIMARY KEY AUTOINCREMENT,
    flag_id  TEXT NOT NULL,
    status   TEXT NOT NULL,
    reviewer TEXT NOT NULL,
    comment  TEXT NOT NULL,
    at       TEXT NOT NULL,
    source   TEXT NOT NULL              -- 'set' or the imported file's name
);
"""


_TIME_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"  # one fixed width, so stored times compare as strings


def utc_now() -> str:
    return datetime.now(timezone.utc).strftime(_TIME_FORMAT)


def normalise_time(text: str) -> str:
    """An ISO 8601 time (a browser's toISOString(), say) in the store's UTC format."""
    t = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    if t.tzinfo is None:
        t = t.replace(tzinfo=timezone.utc)
    return t.astimezone(timezone.utc).strftime(_TIME_FORMAT)


@dataclass(frozen=True)
class RunDiff:
    """Flags of a pair that appeared or disappeared since its previous run."""

    new: list[str]
    gone: list[str]
    first_run: bool = False  # no earlier run of this pair: every flag is new
    gone_flags: tuple[Flag, ...] = field(default=(), compare=False)  # the gone flags as last seen, status as decided
    still_found: list[str] = field(default_factory=list, compare=False)  # marked fixed, found again by this run


@dataclass(frozen=True)
class Decision:
    flag_id: str
    status: str
    reviewer: str
    comment: str
    at: str
    pair_id: str | None = None

    def to_json(self) -> dict:
        return {"flag": self.flag_id, "pair_id": self.pair_id, "status": self.status,
                "reviewer": self.reviewer, "comment": self.comment, "time": self.at}


@dataclass(frozen=True)
class ReviewedFlag:
    """A flag the store knows, with its decision (status 'open' when there is none)."""

    flag: Flag
    pair_id: str
    decision: Decision | None
    first_run: int
    last_run: int
    present: bool  # produced by the pair's latest run


@dataclass(frozen=True)
class ImportResult:
    applied: int
    kept: int  # the store already held a newer decision
    unknown: int  # flags this store has not seen yet (kept; they apply once a run produces them)


def check_status(status: str) -> str:
    if status not in STATUSES:
        raise InputError(f"unknown review status {display_text(status)}; use one of {', '.join(STATUSES)}")
    return status


def flag_from_json(d: dict) -> Flag:
    """A Flag back from `Flag.to_json()`."""

    def span(s: dict | None) -> Span | None:
        return None if s is None else Span(int(s["paragraph"]), int(s["start"]), int(s["end"]), s.get("text", ""))

    return Flag(id=d["id"], check=d["check"], severity=d["severity"], message=d.get("message", ""),
                zh=span(d.get("zh")), en=span(d.get("en")), suggestion=d.get("suggestion"),
                status=d.get("status", "open"))


class ReviewStore:
    """Decisions and run history in one SQLite file; safe to share between processes."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self._conn: sqlite3.Connection | None = None

    # -- connection ------------------------------------------------------------------------

    @property
    def conn(self) -> sqlite3.Connection:
        if self._conn is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            try:
                conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
                conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
                conn.execute("PRAGMA journal_mode = WAL")
                conn.execute("PRAGMA synchronous = NORMAL")
                if conn.execute("PRAGMA user_version").fetchone()[0] < _SCHEMA_VERSION:
                    conn.execute("BEGIN IMMEDIATE")
                    try:
                        for stmt in _DDL.split(";"):
                            if stmt.strip():
                                conn.execute(stmt)
                        conn.execute(f"PRAGMA user_version = {_SCHEMA_VERSION}")
                    except BaseException:
                        conn.execute("ROLLBACK")
                        raise
                    conn.execute("COMMIT")
            except sqlite3.DatabaseError as exc:
                raise InputError(f"cannot open the review database ({exc}); pass another --review-db",
                                 str(self.path)) from exc
            self._conn = conn
        return self._conn

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def __enter__(self) -> ReviewStore:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _write(self, fn):
        """Run fn(conn) in one short write transaction."""
        conn = self.conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            out = fn(conn)
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
        return out

    # -- decisions -------------------------------------------------------------------------

    def set(self, flag_id: str, status: str, reviewer: str = "", comment: str = "",
            at: str | None = None) -> Decision:
        """Record a decision on one flag (the latest decision is the one that counts)."""
        check_status(status)
        if not flag_id:
            raise InputError("empty flag id; copy one from `aligner review list`")
        at = normalise_time(at) if at else utc_now()

        def write(conn):
            row = conn.execute("SELECT pair_id FROM flags WHERE id = ?", (flag_id,)).fetchone()
            pair_id = row[0] if row else None
            self._upsert(conn, Decision(flag_id, status, reviewer, comment, at, pair_id), "set")
            return Decision(flag_id, status, reviewer, comment, at, pair_id)

        return self._write(write)

    @staticmethod
    def _upsert(conn: sqlite3.Connection, d: Decision, source: str) -> None:
        conn.execute(
            "INSERT INTO decisions(flag_id, pair_id, status, reviewer, comment, at) VALUES (?,?,?,?,?,?) "
            "ON CONFLICT(flag_id) DO UPDATE SET pair_id = coalesce(excluded.pair_id, pair_id), "
            "status = excluded.status, reviewer = excluded.reviewer, comment = excluded.comment, at = excluded.at",
            (d.flag_id, d.pair_id, d.status, d.reviewer, d.comment, d.at))
        conn.execute("INSERT INTO decision_log(flag_id, status, reviewer, comment, at, source) VALUES (?,?,?,?,?,?)",
                     (d.flag_id, d.status, d.reviewer, d.comment, d.at, source))

    def decision(self, flag_id: str) -> Decision | None:
        row = self.conn.execute(
            "SELECT flag_id, status, reviewer, comment, at, pair_id FROM decisions WHERE flag_id = ?",
            (flag_id,)).fetchone()
        return Decision(*row) if row else None

    def status_of(self, flag_id: str) -> str:
        """The flag's status: its latest decision, or 'open'."""
        d = self.decision(flag_id)
        return d.status if d else "open"

    def decisions(self, flag_ids: Iterable[str] | None = None) -> dict[str, Decision]:
        sql = "SELECT flag_id, status, reviewer, comment, at, pair_id FROM decisions"
        if flag_ids is None:
            rows = self.conn.execute(sql + " ORDER BY flag_id").fetchall()
        else:
            ids = list(dict.fromkeys(flag_ids))
            rows = []
            for k in range(0, len(ids), 500):  # stay under SQLite's bound-parameter limit
                chunk = ids[k:k + 500]
                rows += self.conn.execute(sql + f" WHERE flag_id IN ({','.join('?' * len(chunk))})", chunk).fetchall()
        return {r[0]: Decision(*r) for r in rows}

    def apply(self, flags: Sequence[Flag]) -> tuple[Flag, ...]:
        """The flags with `status` set from the stored decisions (unchanged when there is none)."""
        self._carry_legacy(flags)
        known = self.decisions(f.id for f in flags)
        return tuple(replace(f, status=known[f.id].status) if f.id in known else f for f in flags)

    def _carry_legacy(self, flags: Sequence[Flag]) -> None:
        """Move decisions stored under ids of the older scheme (no sentence in the hash) to the flags'
        ids, once. Only flags whose older id was unambiguous have one (`checks.flagid.disambiguate`)."""
        legacy = [f.legacy_id for f in flags if f.legacy_id and f.legacy_id != f.id]
        if not legacy:
            return
        old = self.decisions(legacy)
        moves = [(f, old[f.legacy_id]) for f in flags if f.legacy_id in old]
        if not moves:
            return
        current = self.decisions(f.id for f, _ in moves)

        def write(conn):
            for f, d in moves:
                if f.id not in current:
                    self._upsert(conn, replace(d, flag_id=f.id), f"carried from {d.flag_id}")
                conn.execute("DELETE FROM decisions WHERE flag_id = ?", (d.flag_id,))

        self._write(write)

    # -- runs ------------------------------------------------------------------------------

    def record_run(self, pair_id: str, flags: Sequence[Flag]) -> RunDiff:
        """Remember the flags of this run of a pair; say which are new and which disappeared."""
        at = utc_now()
        current = list(dict.fromkeys(f.id for f in flags))

        def write(conn):
            prev = conn.execute("SELECT max(run) FROM runs WHERE pair_id = ?", (pair_id,)).fetchone()[0]
            before: dict[str, str] = {}
            if prev is not None:
                before = dict(conn.execute("SELECT id, data FROM flags WHERE pair_id = ? AND last_run = ?",
                                           (pair_id, prev)).fetchall())
            run = conn.execute("INSERT INTO runs(pair_id, at) VALUES (?, ?)", (pair_id, at)).lastrowid
            conn.executemany(
                "INSERT INTO flags(id, pair_id, check_name, severity, data, first_run, last_run) "
                "VALUES (?,?,?,?,?,?,?) ON CONFLICT(id) DO UPDATE SET pair_id = excluded.pair_id, "
                "check_name = excluded.check_name, severity = excluded.severity, data = excluded.data, "
                "last_run = excluded.last_run",
                [(f.id, pair_id, f.check, f.severity, json.dumps(f.to_json(), ensure_ascii=False), run, run)
                 for f in flags])
            conn.execute("UPDATE decisions SET pair_id = ? WHERE pair_id IS NULL AND flag_id IN "
                         "(SELECT id FROM flags WHERE pair_id = ? AND last_run = ?)", (pair_id, pair_id, run))
            now = set(current)
            gone = [i for i in before if i not in now]
            # a reviewer decides on a flag after the run that found it: its status is the decision's now
            decided = self.decisions(gone)
            fixed = {f.id for f in flags if f.status == "fixed"}
            return RunDiff(
                new=[i for i in current if i not in before],
                gone=gone,
                first_run=prev is None,
                gone_flags=tuple(replace(flag_from_json(json.loads(before[i])),
                                         status=decided[i].status if i in decided else "open") for i in gone),
                still_found=[i for i in current if i in before and i in fixed],
            )

        return self._write(write)

    def review(self, pair: PairResult) -> tuple[PairResult, RunDiff]:
        """What the pipeline calls per pair: statuses applied, the run recorded."""
        reviewed = replace(pair, flags=self.apply(pair.flags))
        return reviewed, self.record_run(pair.pair_id, reviewed.flags)

    # -- listing ---------------------------------------------------------------------------

    def list(self, status: str | None = None, pair_id: str | None = None) -> list[ReviewedFlag]:
        """Every flag the store has seen (with its decision), optionally of one status or pair."""
        if status is not None:
            check_status(status)
        rows = self.conn.execute(
            "SELECT f.id, f.pair_id, f.data, f.first_run, f.last_run, "
            "       f.last_run = (SELECT max(run) FROM runs r WHERE r.pair_id = f.pair_id), "
            "       d.status, d.reviewer, d.comment, d.at "
            "FROM flags f LEFT JOIN decisions d ON d.flag_id = f.id "
            "ORDER BY f.pair_id, f.first_run, f.id").fetchall()
        out = []
        for fid, pid, data, first, last, present, dstatus, reviewer, comment, at in rows:
            decision = Decision(fid, dstatus, reviewer, comment, at, pid) if dstatus else None
            flag = replace(flag_from_json(json.loads(data)), status=dstatus or "open")
            if status is not None and flag.status != status:
                continue
            if pair_id is not None and pid != pair_id:
                continue
            out.append(ReviewedFlag(flag, pid, decision, first, last, bool(present)))
        return out

    def resolve(self, prefix: str) -> str:
        """The full id of the one known flag whose id starts with `prefix` (or the id itself)."""
        if not prefix.strip():
            raise InputError("the flag id is empty; copy one from `aligner review list`", str(self.path))
        rows = [r[0] for r in self.conn.execute(
            "SELECT id FROM flags WHERE id >= ? AND id < ? ORDER BY id LIMIT 2", (prefix, prefix + "\uffff"))]
        if len(rows) == 1:
            return rows[0]
        if prefix in rows:
            return prefix
        if not rows:
            raise InputError(f"no flag with id {display_text(prefix)} in this review database; "
                             "list them with `aligner review list`", str(self.path))
        raise InputError(f"flag id {display_text(prefix)} is ambiguous; give more of it", str(self.path))

    # -- exchange --------------------------------------------------------------------------

    def export(self, path: Path | str | None = None, pair_id: str | None = None) -> dict:
        """Every decision as a decisions file (the format the HTML report downloads)."""
        ds = sorted(self.decisions().values(), key=lambda d: (d.pair_id or "", d.flag_id))
        if pair_id is not None:
            ds = [d for d in ds if d.pair_id == pair_id]
        doc = {"schema": DECISIONS_SCHEMA, "pair_id": pair_id, "exported_at": utc_now(),
               "decisions": [d.to_json() for d in ds]}
        if path is not None:
            from ..report.atomic import write_atomic

            write_atomic(Path(path), json.dumps(doc, ensure_ascii=False, indent=1) + "\n")
        return doc

    def import_(self, path: Path | str) -> ImportResult:
        """Load a decisions file; for each flag the newer decision wins."""
        path = Path(path)
        try:
            doc = json.loads(path.read_text(encoding="utf-8-sig"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise InputError(f"cannot read the decisions file ({exc}); export it again from the report",
                             str(path)) from exc
        except ValueError:  # an integer literal too long to convert
            raise InputError("cannot read the decisions file (it holds a number thousands of digits long); "
                             "export it again from the report", str(path)) from None
        decisions = parse_decisions(doc, str(path))

        def write(conn):
            applied = kept = unknown = 0
            for d in decisions:
                row = conn.execute("SELECT at FROM decisions WHERE flag_id = ?", (d.flag_id,)).fetchone()
                if row is not None and row[0] > d.at:
                    kept += 1
                    continue
                if conn.execute("SELECT 1 FROM flags WHERE id = ?", (d.flag_id,)).fetchone() is None:
                    unknown += 1
                self._upsert(conn, d, path.name)
                applied += 1
            return ImportResult(applied, kept, unknown)

        return self._write(write)


def parse_decisions(doc: object, where: str) -> list[Decision]:
    """The decisions of a decisions file, checked; an error names what to fix."""
    if not isinstance(doc, dict) or doc.get("schema") != DECISIONS_SCHEMA or not isinstance(doc.get("decisions"), list):
        raise InputError(f"not a decisions file (expected schema {DECISIONS_SCHEMA!r} and a 'decisions' list)", where)
    default_pair = doc.get("pair_id")
    if default_pair is not None and not isinstance(default_pair, str):
        raise InputError(f"'pair_id' is {display_text(default_pair)}, not text; export the file again from the "
                         "report", where)
    out = []
    for k, d in enumerate(doc["decisions"]):
        if not isinstance(d, dict) or not isinstance(d.get("flag"), str) or not d["flag"]:
            raise InputError(f"decision {k}: missing 'flag' id", where)
        status = d.get("status")
        if not isinstance(status, str) or status not in STATUSES:
            raise InputError(f"decision {k}: unknown status {display_text(status)}; use one of {', '.join(STATUSES)}",
                             where)
        for name in ("reviewer", "comment", "pair_id", "time"):
            if d.get(name) is not None and not isinstance(d[name], str):
                raise InputError(f"decision {k}: {name!r} is {display_text(d[name])}, not text; give it as a "
                                 "string (or leave it out)", where)
        try:
            at = normalise_time(d["time"]) if d.get("time") else utc_now()
        except (ValueError, OverflowError):  # OverflowError: an offset that moves year 9999 past the calendar
            raise InputError(f"decision {k}: time {display_text(d['time'])} is not an ISO 8601 time", where) from None
        out.append(Decision(d["flag"], status, d.get("reviewer") or "", d.get("comment") or "",
                            at, d.get("pair_id") or default_pair))
    return out
