"""Pre-aligned input: TSV and TMX in, every column kept, scores appended; bad input names its line."""

from __future__ import annotations

from pathlib import Path

import pytest

from aligner.errors import InputError
from aligner.score.fidelity import FidelityScorer
from aligner.score.tsv import score_pairs_file

ROWS = [
    ("a1", "我们站在地球上仰望夜空。", "We stand on the earth and look up at the night sky.", 'note "quoted"'),
    ("a2", "该公司去年收入增长了15%。", "The company's revenue grew by 15% last year.", ""),
    ("a3", "量子通信卫星发射成功。", "The quantum communication satellite was launched.", "x,y;z"),
]


@pytest.fixture(scope="module")
def scorer() -> FidelityScorer:
    return FidelityScorer(neural=False)


def _write(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_round_trip_keeps_every_column(tmp_path, scorer):
    src = _write(tmp_path / "in.tsv", ["id\tsource\ttarget\tcomment"] + ["\t".join(r) for r in ROWS])
    out = tmp_path / "out.tsv"
    summary = score_pairs_file(src, out, scorer=scorer)
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "id\tsource\ttarget\tcomment\tfidelity"
    for line, row in zip(lines[1:], ROWS):
        fields = line.split("\t")
        assert tuple(fields[:4]) == row
        assert 0 <= float(fields[4]) <= 100
    assert summary["rows"] == 3 and summary["fidelity_signature"].startswith("fidelity:")


def test_reference_column_adds_sacrebleu_metrics(tmp_path, scorer):
    lines = ["target\treference\tsource"] + [f"{r[2]}\t{r[2]}\t{r[1]}" for r in ROWS]
    src = _write(tmp_path / "in.tsv", lines)
    out = tmp_path / "out.tsv"
    summary = score_pairs_file(src, out, scorer=scorer)
    got = out.read_text(encoding="utf-8").splitlines()
    assert got[0] == "target\treference\tsource\tfidelity\tbleu\tchrf\tter"
    assert got[1].split("\t")[4:] == ["100.00", "100.00", "0.00"]
    assert set(summary["reference_signatures"]) == {"bleu", "chrf", "ter"}


def test_stdout_and_progress(tmp_path, scorer, capsys):
    src = _write(tmp_path / "in.tsv", ["source\ttarget"] + [f"{r[1]}\t{r[2]}" for r in ROWS])
    seen = []
    score_pairs_file(src, None, on_progress=lambda done, total: seen.append(done), scorer=scorer, chunk_size=2)
    printed = capsys.readouterr().out.splitlines()
    assert printed[0] == "source\ttarget\tfidelity" and len(printed) == 4
    assert seen == [2, 3]


def test_chunking_does_not_change_scores(tmp_path, scorer):
    src = _write(tmp_path / "in.tsv", ["source\ttarget"] + [f"{r[1]}\t{r[2]}" for r in ROWS * 3])
    a, b = tmp_path / "a.tsv", tmp_path / "b.tsv"
    score_pairs_file(src, a, scorer=scorer, chunk_size=2)
    score_pairs_file(src, b, scorer=scorer)
    assert a.read_bytes() == b.read_bytes()


@pytest.mark.parametrize("lines,message", [
    (["src\ttarget", "中文\tEnglish"], r"in\.tsv: line 1: the header has no 'source' column"),
    (["source\ttgt", "中文\tEnglish"], r"line 1: the header has no 'target' column"),
    (["source\ttarget", "中文\tEnglish", "中文\tEnglish\textra"], r"line 3: 3 fields but the header has 2"),
    (["source\ttarget", "中文 English"], r"line 2: 1 fields but the header has 2"),
    ([""], r"line 1: the header has no 'source' or 'target' column"),
])
def test_malformed_tsv_names_the_line_and_the_fix(tmp_path, scorer, lines, message):
    src = _write(tmp_path / "in.tsv", lines)
    out = tmp_path / "out.tsv"
    with pytest.raises(InputError, match=message):
        score_pairs_file(src, out, scorer=scorer)
    assert not out.exists() and not list(tmp_path.glob(".*.tmp"))


def test_the_output_is_replaced_whole_and_never_shares_a_temporary(tmp_path, scorer):
    """A failed run leaves the previous output as it was; a run writes through a temporary of its own, so
    another run's temporary beside the same output is left alone."""
    out = tmp_path / "out.tsv"
    out.write_text("previous\n", encoding="utf-8")
    other = tmp_path / ".out.tsv.tmp"  # what another run writing the same file may hold open
    other.write_text("another run\n", encoding="utf-8")
    bad = _write(tmp_path / "bad.tsv", ["source\ttarget", "中文\tEnglish\textra"])
    with pytest.raises(InputError):
        score_pairs_file(bad, out, scorer=scorer)
    assert out.read_text(encoding="utf-8") == "previous\n"
    good = _write(tmp_path / "in.tsv", ["source\ttarget"] + [f"{r[1]}\t{r[2]}" for r in ROWS])
    score_pairs_file(good, out, scorer=scorer)
    assert out.read_text(encoding="utf-8").startswith("source\ttarget\tfidelity\n")
    assert other.read_text(encoding="utf-8") == "another run\n"
    assert sorted(p.name for p in tmp_path.glob(".*")) == [".out.tsv.tmp"]


def test_empty_and_non_utf8_files(tmp_path, scorer):
    empty = tmp_path / "empty.tsv"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(InputError, match="empty"):
        score_pairs_file(empty, tmp_path / "o.tsv", scorer=scorer)
    bad = tmp_path / "gbk.tsv"
    bad.write_bytes("source\ttarget\n".encode() + "中文\tEnglish\n".encode("gbk"))
    with pytest.raises(InputError, match="line 2: not UTF-8"):
        score_pairs_file(bad, tmp_path / "o.tsv", scorer=scorer)


TMX = """<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header srclang="zh-CN" datatype="plaintext" segtype="sentence" adminlang="en"
 creationtool="t" creationtoolversion="1" o-tmf="t"/>
<body>
<tu tuid="7"><tuv xml:lang="zh-CN"><seg>我们站在地球上仰望夜空。</seg></tuv>
<tuv xml:lang="en-US"><seg>We stand on the earth and look up at the night sky.</seg></tuv></tu>
<tu><tuv lang="ZH"><seg>量子通信卫星发射成功。</seg></tuv><tuv lang="EN"><seg>The quantum
 satellite was launched.</seg></tuv></tu>
<tu><tuv xml:lang="fr"><seg>Bonjour</seg></tuv><tuv xml:lang="en"><seg>Hello</seg></tuv></tu>
</body></tmx>
"""


def test_tmx_becomes_a_tsv(tmp_path, scorer):
    src = tmp_path / "mem.tmx"
    src.write_text(TMX, encoding="utf-8")
    out = tmp_path / "out.tsv"
    assert score_pairs_file(src, out, scorer=scorer)["rows"] == 2
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "tu\tsource\ttarget\tfidelity"
    assert lines[1].split("\t")[:3] == ["7", "我们站在地球上仰望夜空。", "We stand on the earth and look up at the night sky."]
    assert lines[2].split("\t")[2] == "The quantum satellite was launched."


def test_malformed_tmx_names_the_line(tmp_path, scorer):
    src = tmp_path / "bad.tmx"
    src.write_text(TMX.replace("</tu>\n<tu>", "</tu>\n<tu", 1), encoding="utf-8")
    with pytest.raises(InputError, match=r"bad\.tmx: line \d+: not well-formed XML"):
        score_pairs_file(src, tmp_path / "o.tsv", scorer=scorer)


def test_a_row_without_a_source_is_kept_unscored(tmp_path, scorer):
    """English with no Chinese has nothing to be faithful to: its row comes out with an empty fidelity cell
    (as the alignment reports leave such links unscored); a row of only tabs is kept the same way."""
    lines = ["source\ttarget", f"{ROWS[0][1]}\t{ROWS[0][2]}", f"\t{ROWS[1][2]}", "\t", f"{ROWS[2][1]}\t"]
    src = _write(tmp_path / "in.tsv", lines)
    out = tmp_path / "out.tsv"
    summary = score_pairs_file(src, out, scorer=scorer)
    got = [line.split("\t") for line in out.read_text(encoding="utf-8").splitlines()[1:]]
    assert [g[:2] for g in got] == [line.split("\t") for line in lines[1:]]
    assert float(got[0][2]) > 50 and got[1][2] == "" and got[2][2] == "" and got[3][2] == "0.00"
    assert summary["rows"] == 4 and summary["unscored"] == 2


def test_an_error_quotes_a_long_header_cell_cut_short(tmp_path, scorer):
    src = _write(tmp_path / "in.tsv", ["x" * 100_000 + "\ttarget", "中文\tEnglish"])
    with pytest.raises(InputError, match=r"the header has no 'source' column \(it has 'x+…', 'target'\)") as info:
        score_pairs_file(src, tmp_path / "o.tsv", scorer=scorer)
    assert len(str(info.value)) < 300


@pytest.mark.parametrize("data,message", [
    (b"source\ttarget\n\x00\x01\x02\x03\tabc\n", "looks binary, not text"),
    (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "is a PNG image, not a text file"),
    ("source\ttarget\n".encode() + "中文\tEnglish\n".encode() * 2000 + b"a\x00b\tc\n", "looks binary, not text"),
])
def test_a_binary_file_is_refused_as_batch_refuses_it(tmp_path, scorer, data, message):
    src = tmp_path / "in.tsv"
    src.write_bytes(data)
    out = tmp_path / "o.tsv"
    with pytest.raises(InputError, match=message):
        score_pairs_file(src, out, scorer=scorer)
    assert not out.exists()


@pytest.mark.parametrize("text,rows", [
    ("source\ttarget\n" + "".join(f"{r[1]}\t{r[2]}\n" for r in ROWS), 3),
    (TMX, 2),
])
def test_pairs_are_read_from_a_pipe(tmp_path, scorer, text, rows):
    """`--pairs /dev/stdin` or a shell's <(...) can be read only once, from its start."""
    import os

    r, w = os.pipe()
    os.write(w, text.encode("utf-8"))
    os.close(w)
    out = tmp_path / "out.tsv"
    try:
        summary = score_pairs_file(Path(f"/dev/fd/{r}"), out, scorer=scorer)
    finally:
        os.close(r)
    assert summary["rows"] == rows
    assert len(out.read_text(encoding="utf-8").splitlines()) == rows + 1
