"""The review store: decisions, run history, exchange files, concurrency, and the `aligner review` CLI."""

from __future__ import annotations

import json
import multiprocessing
import os
import sqlite3
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aligner.cli import app
from aligner.errors import InputError
from aligner.model import Document, Flag, Link, PairResult, Paragraph, Sentence, SentenceAlignment, Span
from aligner.report.json_report import pair_to_json
from aligner.review import DECISIONS_SCHEMA, ReviewStore, pair_from_json

PAIR = "doc_zh__doc_en"


def flag(n: int, severity: str = "major", check: str = "numbers", pair: str = PAIR) -> Flag:
    return Flag(id=f"{pair[:4]}{n:012x}", check=check, severity=severity, message=f"problem {n}",
                zh=Span(1, 0, 2, "三月"), en=Span(1, 0, 5, "March"))


@pytest.fixture
def store(tmp_path):
    with ReviewStore(tmp_path / "review.sqlite") as s:
        yield s


def test_a_flag_without_decision_is_open(store):
    assert store.status_of("nope") == "open"
    assert store.apply([flag(1)]) == (flag(1),)


@pytest.mark.parametrize("status", ["open", "confirmed", "dismissed", "fixed"])
def test_set_then_apply(store, status):
    store.record_run(PAIR, [flag(1), flag(2)])
    d = store.set(flag(1).id, status, "ana", "seen it")
    assert (d.status, d.reviewer, d.comment, d.pair_id) == (status, "ana", "seen it", PAIR)
    assert store.status_of(flag(1).id) == status
    assert [f.status for f in store.apply([flag(1), flag(2)])] == [status, "open"]


@pytest.mark.parametrize("bad", ["", "closed", "Dismissed"])
def test_set_rejects_unknown_status(store, bad):
    with pytest.raises(InputError, match="unknown review status"):
        store.set(flag(1).id, bad)


def test_latest_decision_counts_and_history_is_kept(store):
    store.set("f1", "confirmed", "ana")
    store.set("f1", "dismissed", "bo", "false alarm")
    assert store.status_of("f1") == "dismissed"
    assert store.decision("f1").reviewer == "bo"
    assert store.conn.execute("SELECT count(*) FROM decision_log WHERE flag_id = 'f1'").fetchone()[0] == 2


def test_record_run_reports_new_and_gone(store):
    first = store.record_run(PAIR, [flag(1), flag(2)])
    assert first.first_run and first.new == [flag(1).id, flag(2).id] and first.gone == []
    again = store.record_run(PAIR, [flag(1), flag(2)])
    assert (again.first_run, again.new, again.gone) == (False, [], [])
    changed = store.record_run(PAIR, [flag(2), flag(3)])
    assert changed.new == [flag(3).id]
    assert changed.gone == [flag(1).id]
    assert [f.message for f in changed.gone_flags] == ["problem 1"]
    # other pairs are their own history
    other = store.record_run("other", [flag(9, pair="other")])
    assert other.first_run and store.record_run(PAIR, [flag(2), flag(3)]).gone == []


def test_decisions_carry_over_a_rerun(store):
    """The pipeline's per-pair call: statuses applied from the store, then the run recorded."""
    pair = PairResult(PAIR, _doc("zh"), _doc("en"), (), flags=(flag(1), flag(2)))
    reviewed, diff = store.review(pair)
    assert diff.first_run and all(f.status == "open" for f in reviewed.flags)
    store.set(flag(1).id, "dismissed", "ana", "a date, not a number")
    rerun, diff = store.review(pair)  # the same flags come back from a fresh run
    assert [f.status for f in rerun.flags] == ["dismissed", "open"]
    assert diff.new == [] and diff.gone == []


def test_list_filters_and_marks_gone_flags(store):
    store.record_run(PAIR, [flag(1), flag(2)])
    store.set(flag(2).id, "fixed", "ana")
    store.record_run(PAIR, [flag(2)])
    rows = {r.flag.id: r for r in store.list()}
    assert rows[flag(1).id].present is False and rows[flag(2).id].present is True
    assert [r.flag.id for r in store.list(status="fixed")] == [flag(2).id]
    assert [r.flag.id for r in store.list(status="open")] == [flag(1).id]
    assert store.list(pair_id="other") == []


def test_resolve_a_unique_prefix(store):
    store.record_run(PAIR, [flag(1), flag(0x20)])
    assert store.resolve(flag(1).id) == flag(1).id
    assert store.resolve(flag(1).id[:-1]) == flag(1).id
    with pytest.raises(InputError, match="ambiguous"):
        store.resolve(flag(1).id[:4])
    with pytest.raises(InputError, match="no flag with id"):
        store.resolve("zzzz")


def test_export_import_round_trip(store, tmp_path):
    store.record_run(PAIR, [flag(1), flag(2)])
    store.set(flag(1).id, "dismissed", "ana", "fine as is")
    store.set(flag(2).id, "confirmed", "bo")
    path = tmp_path / "decisions.json"
    doc = store.export(path)
    assert doc["schema"] == DECISIONS_SCHEMA and json.loads(path.read_text())["decisions"] == doc["decisions"]
    with ReviewStore(tmp_path / "other.sqlite") as fresh:
        result = fresh.import_(path)
        assert (result.applied, result.kept, result.unknown) == (2, 0, 2)
        assert fresh.decision(flag(1).id).comment == "fine as is"
        assert [f.status for f in fresh.apply([flag(1), flag(2)])] == ["dismissed", "confirmed"]


def test_import_keeps_a_newer_stored_decision(store, tmp_path):
    store.set("f1", "fixed", "ana", at="2030-01-01T00:00:00Z")
    path = tmp_path / "old.json"
    path.write_text(json.dumps({"schema": DECISIONS_SCHEMA, "pair_id": PAIR, "decisions": [
        {"flag": "f1", "status": "dismissed", "time": "2024-05-01T10:00:00.123Z"},
        {"flag": "f2", "status": "dismissed", "time": "2024-05-01T10:00:00.123Z", "comment": "ok"},
    ]}))
    result = store.import_(path)
    assert (result.applied, result.kept) == (1, 1)
    assert store.status_of("f1") == "fixed" and store.status_of("f2") == "dismissed"
    assert store.decision("f2").pair_id == PAIR


@pytest.mark.parametrize("content, message", [
    ("not json", "cannot read the decisions file"),
    ('{"schema": "something/else", "decisions": []}', "not a decisions file"),
    ('{"schema": "aligner/decisions@1", "decisions": [{"status": "open"}]}', "missing 'flag'"),
    ('{"schema": "aligner/decisions@1", "decisions": [{"flag": "a", "status": "meh"}]}', "unknown status"),
    ('{"schema": "aligner/decisions@1", "decisions": [{"flag": "a", "status": "open", "time": "yesterday"}]}',
     "not an ISO 8601 time"),
    ('{"schema": "aligner/decisions@1", "decisions": [{"flag": "a", "status": "open", "pair_id": 1' + "0" * 30 + '}]}',
     r"bad\.json: decision 0: 'pair_id' is 1000+, not text"),
    ('{"schema": "aligner/decisions@1", "decisions": [{"flag": "a", "status": "open", "pair_id": ["p", ["q"]]}]}',
     r"decision 0: 'pair_id' is \['p', \['q'\]\], not text"),
    ('{"schema": "aligner/decisions@1", "decisions": [{"flag": "a", "status": "open"}, '
     '{"flag": "b", "status": "open", "reviewer": {"name": "ana"}}]}', r"decision 1: 'reviewer' is \{'name': 'ana'\}"),
    ('{"schema": "aligner/decisions@1", "decisions": [{"flag": "a", "status": "open", "comment": [1, 2]}]}',
     r"decision 0: 'comment' is \[1, 2\], not text"),
    ('{"schema": "aligner/decisions@1", "decisions": [{"flag": "a", "status": "open", "time": 1e400}]}',
     r"decision 0: 'time' is inf, not text"),
    ('{"schema": "aligner/decisions@1", "decisions": [{"flag": "a", "status": "open", '
     '"time": "9999-12-31T23:00:00-05:00"}]}', "not an ISO 8601 time"),
    ('{"schema": "aligner/decisions@1", "pair_id": {"a": 1}, "decisions": [{"flag": "a", "status": "open"}]}',
     r"'pair_id' is \{'a': 1\}, not text"),
    ('{"schema": "aligner/decisions@1", "decisions": [{"flag": "a", "status": "open", "comment": ' + "9" * 5000 + '}]}',
     "a number thousands of digits long"),
])
def test_import_rejects_bad_files(store, tmp_path, content, message):
    path = tmp_path / "bad.json"
    path.write_text(content)
    with pytest.raises(InputError, match=message):
        store.import_(path)
    assert store.decisions() == {}


def test_import_quotes_a_long_bad_value_cut_short(store, tmp_path):
    path = tmp_path / "bad.json"
    path.write_text(json.dumps({"schema": DECISIONS_SCHEMA, "decisions": [{"flag": "a", "status": "x" * 100_000}]}))
    with pytest.raises(InputError, match=r"decision 0: unknown status 'x+…'; use one of") as info:
        store.import_(path)
    assert len(str(info.value)) < 300


def test_an_empty_flag_id_is_named_as_empty(store):
    store.record_run(PAIR, [flag(1), flag(2)])
    for empty in ("", " "):
        with pytest.raises(InputError, match="the flag id is empty; copy one from `aligner review list`"):
            store.resolve(empty)


def test_a_damaged_database_is_an_input_error(tmp_path):
    path = tmp_path / "review.sqlite"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(InputError, match="cannot open the review database"):
        ReviewStore(path).status_of("x")


def test_wal_mode(store):
    store.status_of("x")
    assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


# -- concurrency: no decision lost ------------------------------------------------------------


def _writer(args):
    db, worker, n = args
    with ReviewStore(db) as s:
        for k in range(n):
            s.set(f"w{worker}-{k}", "dismissed" if k % 2 else "confirmed", f"r{worker}", f"c{k}")
            s.set("shared", "confirmed", f"r{worker}", f"{worker}-{k}")
    return worker


def test_concurrent_writers_lose_nothing(tmp_path):
    db = tmp_path / "review.sqlite"
    with ReviewStore(db) as s:
        s.record_run(PAIR, [flag(1)])
    workers, n = 4, 40
    # spawn, not fork: SQLite forbids carrying its process state (this test's own use of the file) into a child
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(workers) as pool:
        assert sorted(pool.map(_writer, [(db, w, n) for w in range(workers)])) == list(range(workers))
    with ReviewStore(db) as s:
        ds = s.decisions()
        assert len([k for k in ds if k.startswith("w")]) == workers * n
        assert all(ds[f"w{w}-{k}"].comment == f"c{k}" for w in range(workers) for k in range(n))
        logged = s.conn.execute("SELECT count(*) FROM decision_log").fetchone()[0]
        assert logged == 2 * workers * n


def test_concurrent_cli_set_calls(tmp_path):
    """Separate `aligner review set` processes at once: every decision lands."""
    db = tmp_path / "review.sqlite"
    flags = [flag(k) for k in range(4)]
    ReviewStore(db).record_run(PAIR, flags)
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    procs = [subprocess.Popen([sys.executable, "-m", "aligner", "review", "set", f.id, "dismissed",
                               "-r", f"p{k}", "-m", f"note {k}", "--review-db", str(db)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
             for k, f in enumerate(flags)]
    for p in procs:
        out, err = p.communicate(timeout=60)
        assert p.returncode == 0, err.decode()
    with ReviewStore(db) as s:
        assert {fid: (d.status, d.comment) for fid, d in s.decisions().items()} == {
            f.id: ("dismissed", f"note {k}") for k, f in enumerate(flags)}


# -- reading reports back ---------------------------------------------------------------------


def _doc(lang: str) -> Document:
    texts = ["来源:新华社", "三月五日开会。", "第二段。"] if lang == "zh" else \
        ["Source: Xinhua", "The meeting opens on March 5.", "Second paragraph."]
    return Document(f"corpora/{lang}/doc.txt", lang, tuple(
        Paragraph(k, t, boilerplate=k == 0, furniture="source" if k == 0 else None) for k, t in enumerate(texts)),
        sha256="0" * 64)


def test_pair_from_json_round_trips():
    zh, en = _doc("zh"), _doc("en")
    sentences = SentenceAlignment(
        (Sentence(0, 1, 0, 7, "三月五日开会。"), Sentence(1, 2, 0, 4, "第二段。")),
        (Sentence(0, 1, 0, 29, "The meeting opens on March 5."), Sentence(1, 2, 0, 17, "Second paragraph.")),
        (Link((0,), (0,), 0.9), Link((1,), (1,), 0.8)))
    pair = PairResult(PAIR, zh, en, (Link((1,), (1,), 0.91), Link((2,), (2,), 0.7)), sentences=sentences,
                      flags=(replace(flag(1), status="dismissed"),), scores={"fidelity": {"document": {"fidelity": 80}}},
                      pairing={"method": "stem", "score": None}, signature="aligner test")
    assert pair_from_json(json.loads(json.dumps(pair_to_json(pair)))) == pair


def test_pair_from_json_names_a_bad_file():
    with pytest.raises(InputError, match="not an alignment file"):
        pair_from_json({"schema": "x"}, "r/alignment.json")
    with pytest.raises(InputError, match="damaged"):
        pair_from_json({"schema": "aligner/pair@1", "pair_id": "x"}, "r/alignment.json")


# -- the CLI ----------------------------------------------------------------------------------

runner = CliRunner()
OTHER = flag(0x300, "minor", "terms")


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "review.sqlite"
    with ReviewStore(path) as s:
        s.record_run(PAIR, [flag(1), OTHER])
    return path


def test_cli_set_and_list(db):
    r = runner.invoke(app, ["review", "set", flag(1).id[:-2], "dismissed", "-m", "a date", "-r", "ana",
                            "--review-db", str(db)])
    assert r.exit_code == 0, r.output
    assert f"{flag(1).id}: dismissed" in r.output
    r = runner.invoke(app, ["review", "list", "--review-db", str(db)])
    assert r.exit_code == 0
    line = next(line for line in r.output.splitlines() if line.startswith(flag(1).id))
    assert "dismissed" in line and "ana: a date" in line
    r = runner.invoke(app, ["review", "list", "--status", "open", "--json", "--review-db", str(db)])
    assert [json.loads(x)["id"] for x in r.output.splitlines() if x.startswith("{")] == [OTHER.id]


@pytest.mark.parametrize("args, code, message", [
    (["review", "set", "ffff", "dismissed"], 1, "no flag with id"),
    (["review", "set", "PAIR", "closed"], 2, "choose one of"),
    (["review", "list", "--status", "done"], 2, "choose one of"),
])
def test_cli_errors(db, args, code, message):
    r = runner.invoke(app, args + ["--review-db", str(db)])
    assert r.exit_code == code
    assert message in r.output
    assert "Traceback" not in r.output


def test_cli_set_an_empty_flag_id(db):
    r = runner.invoke(app, ["review", "set", "", "dismissed", "--review-db", str(db)])
    assert r.exit_code == 1
    assert r.stderr.strip() == f"aligner: error: {db}: the flag id is empty; copy one from `aligner review list`"


def test_cli_list_without_database(tmp_path):
    r = runner.invoke(app, ["review", "list", "--review-db", str(tmp_path / "none.sqlite")])
    assert r.exit_code == 1 and "run `aligner batch` first" in r.output


def test_cli_export_and_import(db, tmp_path):
    runner.invoke(app, ["review", "set", OTHER.id, "confirmed", "--review-db", str(db)])
    r = runner.invoke(app, ["review", "export", "--review-db", str(db)])
    assert r.exit_code == 0
    assert [d["flag"] for d in json.loads(r.output)["decisions"]] == [OTHER.id]
    out = tmp_path / "d.json"
    assert runner.invoke(app, ["review", "export", "-o", str(out), "--review-db", str(db)]).exit_code == 0
    other = tmp_path / "other.sqlite"
    r = runner.invoke(app, ["review", "import", str(out), "--review-db", str(other)])
    assert r.exit_code == 0 and "1 decisions imported" in r.output
    assert "no review database at" in r.stderr and "a new one was made" in r.stderr  # a mistyped path shows
    assert ReviewStore(other).status_of(OTHER.id) == "confirmed"
    r = runner.invoke(app, ["review", "import", str(out), "--review-db", str(other)])
    assert r.exit_code == 0 and "a new one was made" not in r.output
    bad = tmp_path / "bad.json"
    bad.write_text("{}")
    r = runner.invoke(app, ["review", "import", str(bad), "--review-db", str(other)])
    assert r.exit_code == 1 and "not a decisions file" in r.output


def test_schema_is_plain_sqlite(db):
    """Other tools can read the store: plain tables, no custom types."""
    tables = {r[0] for r in sqlite3.connect(db).execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"runs", "flags", "decisions", "decision_log"} <= tables


# ---------------------------------------------------------------- the same error in two places

_ZH_TWICE = [
    "投资计划",
    "上海市计划投资658亿元，用于建设新型基础设施和城市更新项目，推动数字经济和实体经济深度融合。",
    "北京市将继续推进科技创新中心建设，加快培育新质生产力，支持企业加大研发投入。",
    "广东省将投资658亿元，用于建设新型基础设施和城市更新项目，推动数字经济和实体经济深度融合。",
]
_EN_TWICE = [
    "Investment plans",
    "Shanghai plans to invest 65.8 million yuan in new infrastructure and urban renewal, deepening the integration "
    "of the digital and real economies.",
    "Beijing will keep building its science and technology innovation centre, foster new quality productive forces "
    "and support firms in raising R&D spending.",
    "Guangdong will invest 65.8 million yuan in new infrastructure and urban renewal, deepening the integration "
    "of the digital and real economies.",
]


def _check_twice(tmp_path: Path, zh: list[str], en: list[str], db: Path) -> list[dict]:
    with ReviewStore(db) as store:  # a batch's database (check --review-db reads an existing one)
        store.decisions()
    (tmp_path / "d.zh").write_text("\n\n".join(zh) + "\n", encoding="utf-8")
    (tmp_path / "d.en").write_text("\n\n".join(en) + "\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["check", str(tmp_path / "d.zh"), str(tmp_path / "d.en"), "--backend", "lexical",
                                      "--checks", "numbers", "--format", "json", "--review-db", str(db)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    (pair,) = data["pairs"]
    flags = pair["flags"]
    return [f for f in flags if "658亿元" in f["message"]]


def test_a_decision_stays_with_its_occurrence_of_a_repeated_error(tmp_path):
    """The same wrong number in two paragraphs: deciding one never decides the other, whatever is edited."""
    db = tmp_path / "review.sqlite"
    first = _check_twice(tmp_path, _ZH_TWICE, _EN_TWICE, db)
    assert len(first) == 2 and first[0]["id"] != first[1]["id"]
    shanghai, guangdong = first
    with ReviewStore(db) as s:
        s.set(shanghai["id"], "fixed", comment="Shanghai corrected")
        s.set(guangdong["id"], "confirmed")
    # the Shanghai figure fixed: Guangdong keeps its own decision, not Shanghai's
    en = list(_EN_TWICE)
    en[1] = en[1].replace("65.8 million", "65.8 billion")
    (left,) = _check_twice(tmp_path, _ZH_TWICE, en, db)
    assert left["id"] == guangdong["id"] and left["status"] == "confirmed"
    # a new paragraph with the same error before both: it is open, the others keep theirs
    zh = [_ZH_TWICE[0], _ZH_TWICE[1].replace("上海市计划", "浙江省拟"), *_ZH_TWICE[1:]]
    en = [_EN_TWICE[0], _EN_TWICE[1].replace("Shanghai plans", "Zhejiang intends"), *_EN_TWICE[1:]]
    three = _check_twice(tmp_path, zh, en, db)
    assert [f["status"] for f in three] == ["open", "fixed", "confirmed"]
    assert [f["id"] for f in three[1:]] == [shanghai["id"], guangdong["id"]]
    # the paragraphs swapped: each decision follows its own paragraph
    zh = [_ZH_TWICE[0], _ZH_TWICE[3], _ZH_TWICE[2], _ZH_TWICE[1]]
    en = [_EN_TWICE[0], _EN_TWICE[3], _EN_TWICE[2], _EN_TWICE[1]]
    swapped = _check_twice(tmp_path, zh, en, db)
    assert [(f["id"], f["status"]) for f in swapped] == [(guangdong["id"], "confirmed"), (shanghai["id"], "fixed")]


def test_decisions_under_the_older_ids_carry_over_once(tmp_path):
    """A decision stored under an id of the older scheme (no sentence hashed) moves to the flag it was made on."""
    from aligner.checks.flagid import flag_id

    db = tmp_path / "review.sqlite"
    zh, en = _ZH_TWICE[:3], _EN_TWICE[:3]
    (f,) = _check_twice(tmp_path, zh, en, db)
    pair = "d__d"
    older = flag_id("numbers", pair, ("mismatch", f["zh"]["text"], f["en"]["text"]))
    assert older != f["id"]
    with ReviewStore(db) as s:
        s.set(older, "dismissed", comment="checked")
    (again,) = _check_twice(tmp_path, zh, en, db)
    assert again["id"] == f["id"] and again["status"] == "dismissed"
    with ReviewStore(db) as s:
        assert s.decision(older) is None and s.decision(f["id"]).comment == "checked"


def test_set_and_check_do_not_create_a_database_at_a_mistyped_path(tmp_path):
    missing = tmp_path / "typo" / "review.sqlite"
    result = CliRunner().invoke(app, ["review", "set", "abc", "fixed", "--review-db", str(missing)])
    assert result.exit_code == 1 and "no review database here" in result.stderr
    (tmp_path / "z.txt").write_text("全省投资658亿元。\n", encoding="utf-8")
    (tmp_path / "e.txt").write_text("The province invests 65.8 million yuan.\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["check", str(tmp_path / "z.txt"), str(tmp_path / "e.txt"), "--backend", "lexical",
                                      "--review-db", str(missing)])
    assert result.exit_code == 1 and "no review database here" in result.stderr
    assert not missing.exists() and not missing.parent.exists()


def test_a_decision_under_an_older_id_two_flags_shared_carries_over_to_neither(tmp_path):
    from aligner.checks.flagid import flag_id

    db = tmp_path / "review.sqlite"
    both = _check_twice(tmp_path, _ZH_TWICE, _EN_TWICE, db)
    assert len(both) == 2
    older = flag_id("numbers", "d__d", ("mismatch", both[0]["zh"]["text"], both[0]["en"]["text"]))
    with ReviewStore(db) as s:
        s.set(older, "dismissed")
    assert [f["status"] for f in _check_twice(tmp_path, _ZH_TWICE, _EN_TWICE, db)] == ["open", "open"]
    with ReviewStore(db) as s:
        assert s.decision(older) is not None  # left where it was, not moved
