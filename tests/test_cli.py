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
        (lambda d: (d / "zh.txt").write_text("This is English, not Chinese at all.", encoding="utf-8"), "move it to corpora/en/"),
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
