"""The CLI as a user meets it: exit codes, one-line errors, the files it writes."""

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aligner.cli import app

ROOT = Path(__file__).resolve().parent.parent
runner = CliRunner()


def test_help_everywhere():
    for args in ([], ["batch", "--help"], ["align", "--help"]):
        result = runner.invoke(app, args + (["--help"] if not args else []))
        assert result.exit_code == 0
        assert "Usage" in result.output


def test_batch_on_the_seed_corpus(tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    out = tmp_path / "reports"
    result = runner.invoke(app, ["batch", "corpora/zh", "corpora/en", "--out", str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    index = json.loads((out / "index.json").read_text(encoding="utf-8"))
    assert [p["pair_id"] for p in index["pairs"]] == ["000_956485486ee5ccc0__002_a484c70458b5f49f"]
    assert sorted(Path(u["path"]).name[:3] for u in index["unpaired"]) == ["001", "003", "004"]
    pair_dir = out / index["pairs"][0]["pair_id"]
    doc = json.loads((pair_dir / "alignment.json").read_text(encoding="utf-8"))
    assert doc["zh"]["path"] == "corpora/zh/000_956485486ee5ccc0.txt"
    html = (pair_dir / "report.html").read_text(encoding="utf-8")
    assert "<script src" not in html and "http://" not in html.split("</style>")[0]
    assert (out / "index.html").is_file()
    assert "paired  corpora/zh/000" in result.output


def test_align_one_pair_as_links(tmp_path):
    out = tmp_path / "links.txt"
    result = runner.invoke(app, ["align", str(ROOT / "corpora/zh/000_956485486ee5ccc0.txt"),
                                 str(ROOT / "corpora/en/002_a484c70458b5f49f.txt"), "--format", "links", "-o", str(out)])
    assert result.exit_code == 0, result.output
    lines = out.read_text(encoding="utf-8").splitlines()
    assert "[1]:[3]" in lines and "[]:[6]" in lines


@pytest.mark.parametrize(
    "setup, message",
    [
        (lambda d: (d / "zh.txt").write_text("", encoding="utf-8"), "file is empty"),
        (lambda d: (d / "zh.txt").write_bytes(b"\xff\xfe\x00\x00garbage\x00\x01\x02" * 10), "zh.txt"),
        (lambda d: (d / "zh.txt").write_bytes("中文".encode("utf-8") + b"\xc3\x28" * 5), "zh.txt"),
        (lambda d: (d / "zh.txt").write_text("This is English, not Chinese at all.", encoding="utf-8"), "move it to the folder of English renderings"),
    ],
)
def test_bad_input_is_one_line_and_exit_1(tmp_path, setup, message):
    setup(tmp_path)
    (tmp_path / "en.txt").write_text("Some English text.", encoding="utf-8")
    result = runner.invoke(app, ["align", str(tmp_path / "zh.txt"), str(tmp_path / "en.txt")])
    assert result.exit_code == 1
    err = result.stderr if hasattr(result, "stderr") else result.output
    assert message in err
    assert len(err.strip().splitlines()) == 1
    assert "Traceback" not in result.output


def test_missing_folder(tmp_path):
    result = runner.invoke(app, ["batch", str(tmp_path / "nope"), str(tmp_path), "--out", str(tmp_path / "r"), "-q"])
    assert result.exit_code == 1
    assert "not a folder" in result.stderr


# ---------------------------------------------------------------- -o guarded before any work

def _small_pair(tmp_path: Path) -> tuple[Path, Path]:
    zh, en = tmp_path / "z.txt", tmp_path / "e.txt"
    zh.write_text("科技创新\n\n全省投资658亿元，用于建设新型基础设施。\n", encoding="utf-8")
    en.write_text("Innovation\n\nThe province invests 65.8 billion yuan in new infrastructure.\n", encoding="utf-8")
    return zh, en


@pytest.mark.parametrize("command", [
    ["align", "{zh}", "{en}", "-b", "lexical", "-f", "tsv", "-o", "{en}"],
    ["check", "{zh}", "{en}", "--backend", "lexical", "-f", "csv", "-o", "{zh}"],
    ["score", "--pairs", "{tsv}", "-o", "{tsv}"],
])
def test_an_output_path_that_is_an_input_is_refused_and_the_input_kept(tmp_path, command):
    zh, en = _small_pair(tmp_path)
    tsv = tmp_path / "p.tsv"
    tsv.write_text("source\ttarget\n今天\tToday\n", encoding="utf-8")
    before = {p: p.read_bytes() for p in (zh, en, tsv)}
    args = [a.format(zh=zh, en=en, tsv=tsv) for a in command]
    result = runner.invoke(app, args)
    assert result.exit_code == 1
    assert result.stderr.strip().endswith("is also an input, which -o would replace; choose another path for -o")
    assert {p: p.read_bytes() for p in before} == before


@pytest.mark.parametrize("where, message", [
    ("folder", "is a folder; give a file name inside it for -o"),
    ("under_file", "is a file, not a folder; choose another path for -o"),
])
def test_an_output_path_that_cannot_be_a_file_is_one_line(tmp_path, where, message):
    zh, en = _small_pair(tmp_path)
    out = tmp_path / "existing" if where == "folder" else en / "x.json"
    if where == "folder":
        out.mkdir()
    for args in (["align", str(zh), str(en), "-b", "lexical", "-o", str(out)],
                 ["check", str(zh), str(en), "--backend", "lexical", "-o", str(out)]):
        result = runner.invoke(app, args)
        assert result.exit_code == 1 and "Traceback" not in result.output
        assert len(result.stderr.strip().splitlines()) == 1 and message in result.stderr


def test_check_csv_cells_never_start_a_formula_and_the_table_prints_markup_as_text(tmp_path):
    zh, en = _small_pair(tmp_path)
    en.write_text(en.read_text(encoding="utf-8") + "\n=HYPERLINK(\"http://x\") [/] Editor note [bold]added[/bold].\n",
                  encoding="utf-8")
    result = runner.invoke(app, ["check", str(zh), str(en), "--backend", "lexical", "-f", "csv"])
    assert result.exit_code == 0, result.output
    import csv
    import io

    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    texts = [r["en_text"] for r in rows if "HYPERLINK" in r["en_text"]]
    assert texts and all(t.startswith("'=") for t in texts)
    table = runner.invoke(app, ["check", str(zh), str(en), "--backend", "lexical"])
    assert table.exit_code == 0, table.output
    assert "Traceback" not in table.output


@pytest.mark.parametrize("with_manifest", [False, True])
def test_check_batch_goes_on_past_a_bad_document_and_says_so_in_its_exit_code(tmp_path, with_manifest):
    root = tmp_path / "b"
    (root / "zh").mkdir(parents=True)
    (root / "en").mkdir()
    zh, en = _small_pair(tmp_path)
    (root / "zh" / "a.txt").write_bytes(zh.read_bytes())
    (root / "en" / "a.txt").write_bytes(en.read_bytes())
    (root / "zh" / "broken.txt").write_bytes(b"")
    (root / "en" / "broken_en.txt").write_bytes(en.read_bytes())
    if with_manifest:
        (root / "pairs.tsv").write_text("a.txt\ta.txt\nbroken.txt\tbroken_en.txt\n", encoding="utf-8")
    result = runner.invoke(app, ["check", "--batch", str(root / "zh"), str(root / "en"), "--backend", "lexical",
                                 "-f", "json"])
    assert result.exit_code == 3, result.output
    assert "broken.txt" in result.stderr and "file is empty" in result.stderr
    assert [p["pair_id"] for p in json.loads(result.stdout)["pairs"]] == ["a__a"]


def test_check_batch_with_a_missing_pairs_file_is_one_line(tmp_path):
    zh, en = _small_pair(tmp_path)
    (tmp_path / "zh").mkdir()
    (tmp_path / "en").mkdir()
    result = runner.invoke(app, ["check", "--batch", str(tmp_path / "zh"), str(tmp_path / "en"),
                                 "--pairs", str(tmp_path / "nope.tsv")])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "cannot read the pairs file" in result.stderr
