"""Batches that never lose work: the cache, resumption after SIGKILL, failures recorded, inputs untouched."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

import aligner.pipeline as pipeline
from aligner.cache import CACHE_DIR, CACHE_FOLDERS, code_fingerprint
from aligner.cli import app
from aligner.errors import AlignerError, InputError
from aligner.pipeline import BatchConfig, BatchStats, run_batch

FIXTURES = Path(__file__).parent / "fixtures" / "inputs"
ZH = [p for p in (FIXTURES / "golden_age.zh.txt").read_text(encoding="utf-8").split("\n") if p]
EN = [p for p in (FIXTURES / "golden_age.en.txt").read_text(encoding="utf-8").split("\n") if p]
runner = CliRunner()


def make_batch(root: Path, pairs: int) -> tuple[Path, Path]:
    """`pairs` small pairs with the same stems: a numbered heading and two of the three fixture paragraphs."""
    zh_dir, en_dir = root / "zh", root / "en"
    zh_dir.mkdir(parents=True, exist_ok=True)
    en_dir.mkdir(parents=True, exist_ok=True)
    for k in range(pairs):
        keep = [j for j in range(3) if j != k % 3]
        (zh_dir / f"doc{k:02d}.txt").write_text(f"第{k + 1}节\n\n" + "\n\n".join(ZH[j] for j in keep) + "\n", encoding="utf-8")
        (en_dir / f"doc{k:02d}.txt").write_text(f"Section {k + 1}\n\n" + "\n\n".join(EN[j] for j in keep) + "\n", encoding="utf-8")
    return zh_dir, en_dir


def digests(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def reports(out: Path, rerun: bool = True) -> dict[str, bytes]:
    """Every report a run wrote, by relative path; not the cache, nor the review store and (for a re-run)
    index.html, which say what changed since the previous run."""
    skip = ("review.sqlite", "index.html") if rerun else ("review.sqlite",)
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*"))
            if p.is_file() and ".cache" not in p.parts and not p.name.startswith(skip)}


def run(zh: Path, en: Path, out: Path, **kw) -> tuple[object, BatchStats]:
    stats = BatchStats()
    return run_batch(BatchConfig(zh, en, out, jobs=1, **kw), stats=stats), stats


def test_rerun_takes_unchanged_pairs_from_the_cache(tmp_path):
    zh, en = make_batch(tmp_path / "in", 4)
    out = tmp_path / "out"
    first, s1 = run(zh, en, out)
    written = reports(out)
    assert (s1.pairs_aligned, s1.pairs_cached, s1.documents_parsed) == (4, 0, 8)
    second, s2 = run(zh, en, out)
    assert (s2.pairs_aligned, s2.pairs_cached, s2.documents_cached) == (0, 4, 8)
    assert reports(out) == written  # byte for byte, index included
    assert [p.links for p in second.pairs] == [p.links for p in first.pairs]

    (en / "doc02.txt").write_text((en / "doc02.txt").read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    _, s3 = run(zh, en, out)
    assert (s3.pairs_aligned, s3.pairs_cached, s3.documents_parsed) == (1, 3, 1)

    _, s4 = run(zh, en, out, force=True)
    assert (s4.pairs_aligned, s4.pairs_cached) == (4, 0)


def test_damaged_or_missing_reports_are_written_again(tmp_path):
    zh, en = make_batch(tmp_path / "in", 2)
    out = tmp_path / "out"
    run(zh, en, out)
    written = reports(out)
    target = out / "doc01__doc01" / "alignment.json"
    target.write_text(target.read_text(encoding="utf-8").replace('"links"', '"linkz"'), encoding="utf-8")
    (out / "doc00__doc00" / "report.html").unlink()
    _, stats = run(zh, en, out)
    assert (stats.pairs_aligned, stats.pairs_cached) == (0, 2)  # the pairs' results come from the cache ...
    assert reports(out) == written  # ... and the reports on disk are made whole again


def test_a_damaged_cache_entry_is_a_miss(tmp_path):
    zh, en = make_batch(tmp_path / "in", 2)
    out = tmp_path / "out"
    run(zh, en, out)
    written = reports(out)
    for entry in (out / ".cache" / "pairs").iterdir():
        entry.write_text(entry.read_text(encoding="utf-8").replace("links", "linkz"), encoding="utf-8")
    _, stats = run(zh, en, out)
    assert (stats.pairs_aligned, stats.pairs_cached) == (2, 0)
    assert reports(out) == written


def _add_key(data: dict) -> None:
    data["unknown"] = 1


def _relabel_link(data: dict) -> None:
    data["links"][0]["kind"] = "omission" if data["links"][0]["kind"] != "omission" else "1-1"


def _drop_flags(data: dict) -> None:
    data.pop("flags")


@pytest.mark.parametrize("damage", [_add_key, _relabel_link, _drop_flags])
def test_a_cache_entry_that_does_not_rebuild_to_itself_is_a_miss(tmp_path, damage):
    """Valid JSON that the pair restored from it would not write back (a key it ignores, a derived value) is a miss."""
    zh, en = make_batch(tmp_path / "in", 2)
    out = tmp_path / "out"
    run(zh, en, out)
    written = reports(out)
    for entry in (out / ".cache" / "pairs").iterdir():
        data = json.loads(entry.read_text(encoding="utf-8"))
        damage(data)
        entry.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    _, stats = run(zh, en, out)
    assert (stats.pairs_aligned, stats.pairs_cached) == (2, 0)
    assert reports(out) == written


def test_a_rerun_of_an_unchanged_batch_computes_and_writes_nothing(tmp_path, monkeypatch):
    """Every pair cached: no worker, no model, no batch-wide check, no report rendered or written again."""
    zh, en = make_batch(tmp_path / "in", 4)
    out = tmp_path / "out"
    run(zh, en, out)
    run(zh, en, out)  # index.html says what changed since the previous run: from now on, nothing
    written = {p: (p.stat().st_ino, p.stat().st_mtime_ns, p.read_bytes())
               for p in sorted(out.rglob("*")) if p.is_file() and ".cache" not in p.parts and p.name != "review.sqlite"}

    def refuse(*args, **kwargs):
        raise AssertionError("called on a re-run of an unchanged batch")

    import aligner.checks

    for module, name in [(pipeline, "make_executor"), (pipeline, "_components"), (pipeline, "_glossary"),
                         (pipeline, "render_pair"), (aligner.checks, "consistency_flags")]:
        monkeypatch.setattr(module, name, refuse)
    stats = BatchStats()
    run_batch(BatchConfig(zh, en, out, jobs=2), stats=stats)
    assert (stats.pairs_aligned, stats.pairs_cached, stats.documents_parsed) == (0, 4, 0)
    assert stats.executor == "serial" and not stats.worker_peak_mb
    assert {p: (p.stat().st_ino, p.stat().st_mtime_ns, p.read_bytes()) for p in written} == written


def test_inputs_are_never_modified(tmp_path):
    zh, en = make_batch(tmp_path / "in", 3)
    (tmp_path / "in" / "pairs.tsv").write_text("doc00.txt\tdoc00.txt\n", encoding="utf-8")
    (zh / "broken.txt").write_bytes(b"\xe6\x88")
    before = digests(tmp_path / "in")
    run(zh, en, tmp_path / "out")
    run(zh, en, tmp_path / "out", force=True)
    assert digests(tmp_path / "in") == before


def test_one_failing_pair_is_recorded_and_the_batch_finishes_with_exit_3(tmp_path, monkeypatch):
    zh, en = make_batch(tmp_path / "in", 3)
    (zh / "notes.pdf").write_bytes(b"%PDF-1.4")
    real = pipeline.run_pair

    def flaky(pairing, options=None):
        if pairing.pair_id == "doc01__doc01":
            raise InputError("the glossary entry on line 3 is malformed; fix that line", "glossary.tsv")
        if pairing.pair_id == "doc02__doc02":
            raise ZeroDivisionError("division by zero")
        return real(pairing, options)

    monkeypatch.setattr(pipeline, "run_pair", flaky)
    out = tmp_path / "out"
    result = runner.invoke(app, ["batch", str(zh), str(en), "--out", str(out), "--jobs", "1", "-q"])
    assert result.exit_code == 3, result.output
    index = json.loads((out / "index.json").read_text(encoding="utf-8"))
    assert [p["pair_id"] for p in index["pairs"]] == ["doc00__doc00"]
    messages = [e["message"] for e in index["errors"]]
    assert any("notes.pdf: .pdf files cannot be read; export its text as .txt or .docx" in m for m in messages)
    assert any("pair doc01__doc01: glossary.tsv: the glossary entry on line 3 is malformed" in m for m in messages)
    assert any("pair doc02__doc02: failed (ZeroDivisionError: division by zero); this is a bug" in m for m in messages)
    html = (out / "index.html").read_text(encoding="utf-8")
    assert "doc01__doc01" in html and "division by zero" in html
    assert result.stderr.count("aligner: error:") == 3
    assert "Traceback" not in result.output


def test_plain_log_lines_when_not_a_terminal(tmp_path):
    zh, en = make_batch(tmp_path / "in", 2)
    result = runner.invoke(app, ["batch", str(zh), str(en), "--out", str(tmp_path / "out"), "--jobs", "1"])
    assert result.exit_code == 0, result.output
    lines = result.stderr.splitlines()
    assert "aligner: [1/2] doc00__doc00 (aligned)" in lines and "aligner: [2/2] doc01__doc01 (aligned)" in lines
    again = runner.invoke(app, ["batch", str(zh), str(en), "--out", str(tmp_path / "out"), "--jobs", "1"])
    assert "aligner: [2/2] doc01__doc01 (cached)" in again.stderr.splitlines()
    assert "2 pairs (0 aligned, 2 unchanged since the last run)" in again.stderr
    quiet = runner.invoke(app, ["batch", str(zh), str(en), "--out", str(tmp_path / "out"), "-q"])
    assert quiet.stderr == ""


@pytest.mark.parametrize(
    "manifest, message",
    [
        ("doc00.txt\tdoc00.txt\ndoc01.txt\n", "pairs.tsv: line 2: expected 2 tab-separated columns"),
        ("zh\ten\ndoc00.txt\tdoc00.txt\ndoc09.txt\tdoc01.txt\n", "pairs.tsv: line 3: doc09.txt is not in"),
        ("doc00.txt\tzh/doc00.txt\n", "line 1: zh/doc00.txt is not in"),
        ("doc00.txt\ten/doc00.txt\n", "write the file name only (doc00.txt)"),
        ("# comment\ndoc00.txt\tdoc00.txt\ndoc00.txt\tdoc01.txt\n", "line 3: doc00.txt is already paired on line 2"),
    ],
)
def test_malformed_pairs_file_names_the_line(tmp_path, manifest, message):
    zh, en = make_batch(tmp_path / "in", 2)
    (tmp_path / "in" / "pairs.tsv").write_text(manifest, encoding="utf-8")
    result = runner.invoke(app, ["batch", str(zh), str(en), "--out", str(tmp_path / "out"), "-q"])
    assert result.exit_code == 1
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "out").exists()  # refused before any work


def test_pairs_file_not_utf8(tmp_path):
    zh, en = make_batch(tmp_path / "in", 1)
    (tmp_path / "in" / "pairs.tsv").write_bytes("doc00.txt\tdoc00.txt\n文件\t\xff".encode("utf-8")[:-2] + b"\xff\n")
    result = runner.invoke(app, ["batch", str(zh), str(en), "--out", str(tmp_path / "out"), "-q"])
    assert result.exit_code == 1
    assert "pairs.tsv: line 2: not valid UTF-8; re-save the pairs file as UTF-8" in result.stderr


def test_pairs_file_row_naming_a_broken_file_does_not_stop_the_batch(tmp_path):
    zh, en = make_batch(tmp_path / "in", 2)
    (zh / "doc01.txt").write_bytes(b"")
    (tmp_path / "in" / "pairs.tsv").write_text("doc00.txt\tdoc00.txt\ndoc01.txt\tdoc01.txt\n", encoding="utf-8")
    result, _ = run(zh, en, tmp_path / "out")
    assert [p.pair_id for p in result.pairs] == ["doc00__doc00"]
    assert [Path(e.path).name for e in result.errors] == ["doc01.txt"]
    assert [Path(u.path).name for u in result.unpaired] == ["doc01.txt"]


def test_two_pairs_that_would_share_a_report_folder(tmp_path):
    zh, en = make_batch(tmp_path / "in", 2)
    (zh / "doc00.md").write_text((zh / "doc01.txt").read_text(encoding="utf-8"), encoding="utf-8")
    (en / "doc00.html").write_text("<p>" + (en / "doc01.txt").read_text(encoding="utf-8") + "</p>", encoding="utf-8")
    (tmp_path / "in" / "pairs.tsv").write_text("doc00.txt\tdoc00.txt\ndoc00.md\tdoc00.html\n", encoding="utf-8")
    result, _ = run(zh, en, tmp_path / "out")
    assert [p.pair_id for p in result.pairs] == ["doc00__doc00", "doc01__doc01"]
    assert any("would share the report folder" in e.message and "rename one of the files" in e.message for e in result.errors)


def test_reports_may_not_go_into_an_input_folder(tmp_path):
    zh, en = make_batch(tmp_path / "in", 1)
    before = digests(tmp_path / "in")
    result = runner.invoke(app, ["batch", str(zh), str(en), "--out", str(en), "-q"])
    assert result.exit_code == 1 and "is an input folder; write the reports to another folder" in result.stderr
    assert digests(tmp_path / "in") == before


def test_dask_gives_the_same_bytes_as_the_local_run(tmp_path):
    distributed = pytest.importorskip("distributed")
    zh, en = make_batch(tmp_path / "in", 4)
    run(zh, en, tmp_path / "local")
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None) as cluster:
        stats = BatchStats()
        run_batch(BatchConfig(zh, en, tmp_path / "dask", executor="dask", scheduler=cluster.scheduler_address), stats=stats)
    assert stats.pairs_aligned == 4 and stats.executor.startswith("dask at ")
    assert reports(tmp_path / "dask", rerun=False) == reports(tmp_path / "local", rerun=False)


def test_dask_without_a_cluster_is_one_line(tmp_path):
    zh, en = make_batch(tmp_path / "in", 1)
    result = runner.invoke(app, ["batch", str(zh), str(en), "--out", str(tmp_path / "out"), "--executor", "dask", "-q"])
    assert result.exit_code == 1
    assert result.stderr.strip() == "aligner: error: --executor dask needs --scheduler ADDRESS (e.g. tcp://10.0.0.5:8786)"


def test_a_rerun_sweeps_what_a_killed_write_left_in_every_cache_folder_and_prunes_stale_entries(tmp_path):
    """A write killed between its temporary file and the rename leaves `.<name>.<random>.tmp`; the next run deletes
    it wherever the batch writes, and deletes cache entries no pair used (every cache folder, terms included)."""
    zh, en = make_batch(tmp_path / "in", 2)
    out = tmp_path / "out"
    run(zh, en, out)
    cache = out / CACHE_DIR
    assert {p.name for p in cache.iterdir()} == set(CACHE_FOLDERS)  # every folder the cache writes is listed
    planted = [out / ".index.json.k1x_2y3z.tmp", out / "doc00__doc00" / ".report.html.k2abcdef.tmp"]
    planted += [cache / sub / f".{'0' * 40}.json.k3_0a9zz.tmp" for sub in CACHE_FOLDERS]
    stale = [cache / sub / f"{'f' * 40}.json" for sub in CACHE_FOLDERS]
    for path in planted + stale:
        path.write_text("{}", encoding="utf-8")
    kept = {p for p in cache.rglob("*.json")} - set(stale)
    _, stats = run(zh, en, out)
    assert stats.pairs_cached == 2
    assert not [p for p in planted + stale if p.exists()]
    assert {p for p in cache.rglob("*.json")} == kept


def test_killed_with_sigkill_and_started_again_finishes_every_report(tmp_path):
    """A batch killed mid-run (no chance to clean up) and run again leaves every report complete and valid."""
    pairs = 20
    zh, en = make_batch(tmp_path / "in", pairs)
    out = tmp_path / "out"
    args = ["batch", str(zh), str(en), "--out", str(out), "--jobs", "1"]
    code_before = code_fingerprint.__wrapped__()
    proc = subprocess.Popen([sys.executable, "-m", "aligner", *args, "-q"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while proc.poll() is None and time.monotonic() < deadline and not list(out.glob(".cache/pairs/*.json")):
        time.sleep(0.02)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    finished = len(list(out.glob("*/alignment.json")))
    if (out / "index.json").exists():
        pytest.skip("the batch finished before it could be killed")
    assert 0 < finished < pairs

    again = runner.invoke(app, args)
    assert again.exit_code == 0, again.output
    index = json.loads((out / "index.json").read_text(encoding="utf-8"))
    assert len(index["pairs"]) == pairs and not index["errors"]
    for entry in index["pairs"]:
        doc = json.loads((out / entry["json"]).read_text(encoding="utf-8"))
        assert doc["pair_id"] == entry["pair_id"] and doc["links"]
        assert (out / entry["report"]).read_text(encoding="utf-8").rstrip().endswith("</html>")
    assert not list(out.rglob("*.tmp"))
    cached = int(again.stderr.split(" aligned, ")[1].split(" unchanged")[0])
    if code_fingerprint() == code_before:  # (an edit to the package in between rightly empties the cache)
        assert cached >= 1  # what the killed run finished was kept, not redone


def test_error_message_type_is_one_exception_tree():
    assert issubclass(InputError, AlignerError)


def test_the_sweep_leaves_temporaries_that_are_not_the_batch_own(tmp_path):
    """Reports written into the folder that holds the inputs: hidden .tmp files of the inputs' folders, of
    other folders and of the user's own naming survive the sweep."""
    zh, en = make_batch(tmp_path / "proj", 1)
    notes = tmp_path / "proj" / "notes"
    notes.mkdir()
    theirs = [zh / ".editor-swap.tmp", notes / ".draft.tmp", zh / ".doc00.txt.abcd1234.tmp", tmp_path / "proj" / ".x.tmp"]
    for path in theirs:
        path.write_text("mine", encoding="utf-8")
    before = digests(zh)
    run(zh, en, tmp_path / "proj")
    run(zh, en, tmp_path / "proj")
    assert all(p.read_text(encoding="utf-8") == "mine" for p in theirs)
    assert digests(zh) == before


def test_an_unreadable_reference_costs_its_pair_the_reference_scores_not_the_batch(tmp_path):
    zh, en = make_batch(tmp_path / "in", 2)
    ref = tmp_path / "ref"
    ref.mkdir()
    shutil.copy(en / "doc00.txt", ref / "doc00.txt")
    (ref / "doc01.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    out = tmp_path / "out"
    result = runner.invoke(app, ["batch", str(zh), str(en), "--out", str(out), "-q", "-b", "lexical", "--reference", str(ref)])
    assert result.exit_code == 3, result.output
    index = json.loads((out / "index.json").read_text(encoding="utf-8"))
    assert len(index["pairs"]) == 2
    (problem,) = index["errors"]
    assert "doc01.txt" in problem["path"] and "has no reference scores" in problem["message"]
    scores = {p: json.loads((out / p / "alignment.json").read_text(encoding="utf-8"))["scores"]
              for p in ("doc00__doc00", "doc01__doc01")}
    assert "reference" in scores["doc00__doc00"] and "reference" not in scores["doc01__doc01"]


@pytest.mark.parametrize("what", ["missing", "file"])
def test_a_reference_that_is_no_folder_is_refused_up_front(tmp_path, what):
    zh, en = make_batch(tmp_path / "in", 1)
    ref = tmp_path / "nope" if what == "missing" else en / "doc00.txt"
    result = runner.invoke(app, ["batch", str(zh), str(en), "--out", str(tmp_path / "out"), "-q", "--reference", str(ref)])
    assert result.exit_code == 1
    assert "is not a folder; give the folder of reference translations" in result.stderr
    assert not (tmp_path / "out" / "index.json").exists()


def test_out_under_a_file_is_one_line(tmp_path):
    zh, en = make_batch(tmp_path / "in", 1)
    result = runner.invoke(app, ["batch", str(zh), str(en), "--out", str(en / "doc00.txt" / "rep"), "-q"])
    assert result.exit_code == 1 and "is a file, not a folder; choose another folder for the reports" in result.stderr


def test_a_document_in_the_wrong_folder_is_told_which_folder_to_go_to(tmp_path):
    """The hint names the user's own folder for that language, not a generic one."""
    zh_dir, en_dir = tmp_path / "originals", tmp_path / "translations"
    zh_dir.mkdir()
    en_dir.mkdir()
    (zh_dir / "report.txt").write_text("The government work report was delivered on March 5, 2024, in Beijing.\n",
                                       encoding="utf-8")
    (en_dir / "report.txt").write_text("2024年3月5日，政府工作报告在北京发布，全年经济增长目标为5%左右。\n", encoding="utf-8")
    result, _ = run(zh_dir, en_dir, tmp_path / "out")
    messages = sorted(e.message for e in result.errors)
    assert messages == [
        f"{zh_dir / 'report.txt'}: this looks like English, not Chinese; move it to {en_dir} (the folder of English renderings)",
        f"{en_dir / 'report.txt'}: this looks like Chinese, not English; move it to {zh_dir} (the folder of Chinese originals)",
    ]
