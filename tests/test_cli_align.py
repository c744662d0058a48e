"""`aligner align --presplit`, `aligner eval` and `aligner score` as a user runs them."""

import csv
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aligner.cli import app

ROOT = Path(__file__).resolve().parent.parent
MAC = ROOT.parent / "shared/eval/mac-dev"
runner = CliRunner()


def test_presplit_links_format(tmp_path):
    zh = tmp_path / "a.zh"
    en = tmp_path / "a.en"
    zh.write_text("北京市市长殷勇作政府工作报告。\n会议在合肥开幕。\n2024年将加快建设量子信息产业。\n", encoding="utf-8")
    en.write_text("Yin Yong, Mayor of Beijing, delivered the government work report.\nThe meeting opened in Hefei.\n"
                  "In 2024 the quantum information industry will be accelerated.\n", encoding="utf-8")
    out = tmp_path / "links.txt"
    result = runner.invoke(app, ["align", str(zh), str(en), "--presplit", "--backend", "lexical", "--format", "links", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").splitlines() == ["[0]:[0]", "[1]:[1]", "[2]:[2]"]


def test_unknown_backend_is_one_line(tmp_path):
    zh = tmp_path / "a.zh"
    en = tmp_path / "a.en"
    zh.write_text("会议开幕。\n", encoding="utf-8")
    en.write_text("The meeting opened.\n", encoding="utf-8")
    result = runner.invoke(app, ["align", str(zh), str(en), "--presplit", "--backend", "nope"])
    assert result.exit_code == 1
    assert "unknown backend" in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_max_bead_below_one_is_a_usage_error_and_large_beads_work():
    excerpt = ROOT / "tests" / "fixtures" / "mac_excerpt"
    args = ["align", str(excerpt / "001.zh"), str(excerpt / "001.en"), "--presplit", "--backend", "lexical",
            "--format", "links"]
    refused = runner.invoke(app, args + ["--max-bead", "0"])
    assert refused.exit_code == 2 and "--max-bead" in refused.output
    big = runner.invoke(app, args + ["--max-bead", "9"])  # blocks longer than a product table's first reach
    assert big.exit_code == 0, big.output
    covered = sorted(int(i) for line in big.stdout.splitlines() for i in line.split(":")[0].strip("[]").split(",") if i)
    assert covered == list(range(len((excerpt / "001.zh").read_text(encoding="utf-8").splitlines())))


@pytest.mark.skipif(not MAC.is_dir(), reason="../shared/eval/mac-dev is not beside the repository")
def test_eval_reproduces_bertalign_on_mac_dev():
    result = runner.invoke(app, ["eval", str(MAC / "gold"), str(MAC / "anchors/bertalign")])
    assert result.exit_code == 0, result.output
    total = [line for line in result.output.splitlines() if line.startswith("total")][0].split()
    assert total[1:4] == ["0.916", "0.929", "0.922"]


def test_score_keeps_every_column_and_adds_metrics(tmp_path):
    src = tmp_path / "pairs.tsv"
    src.write_text("id\tsource\ttarget\treference\n1\t集成电路产业增长20%。\tThe integrated circuit industry grew by 20%.\t"
                   "The IC industry grew 20%.\n2\t量子信息\tquantum information\tquantum information\n", encoding="utf-8")
    out = tmp_path / "scored.tsv"
    result = runner.invoke(app, ["score", "--pairs", str(src), "-o", str(out), "-q"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(out.open(encoding="utf-8"), delimiter="\t"))
    assert [r["id"] for r in rows] == ["1", "2"]
    assert set(rows[0]) == {"id", "source", "target", "reference", "fidelity", "bleu", "chrf", "ter"}
    assert float(rows[1]["chrf"]) == 100.0 and 0 <= float(rows[0]["fidelity"]) <= 100


def test_score_missing_columns_names_the_fix(tmp_path):
    src = tmp_path / "pairs.tsv"
    src.write_text("a\tb\n1\t2\n", encoding="utf-8")
    result = runner.invoke(app, ["score", "--pairs", str(src)])
    assert result.exit_code == 1
    assert "pairs.tsv" in result.stderr and "source" in result.stderr


def test_tsv_rows_keep_five_cells_when_a_text_holds_a_tab(tmp_path):
    zh, en = tmp_path / "z.txt", tmp_path / "e.txt"
    zh.write_text("科技创新\n\n全省投资658亿元，\t用于建设新型基础设施。\n", encoding="utf-8")
    en.write_text("Innovation\n\nThe province invests 65.8 billion yuan\tin new infrastructure.\n", encoding="utf-8")
    for args in ([], ["--level", "sentence"]):
        result = runner.invoke(app, ["align", str(zh), str(en), "-b", "lexical", "-f", "tsv", *args])
        assert result.exit_code == 0, result.output
        rows = result.stdout.splitlines()
        assert len(rows) > 1 and all(len(r.split("\t")) == 5 for r in rows)
        assert any("， 用于建设" in r for r in rows)


def test_presplit_reads_lone_carriage_returns_as_line_ends(tmp_path):
    zh, en = tmp_path / "z.txt", tmp_path / "e.txt"
    zh.write_bytes("今天天气很好。\r明天下雨。\r".encode("utf-8"))
    en.write_bytes(b"The weather is fine today.\rTomorrow it rains.\r")
    result = runner.invoke(app, ["align", str(zh), str(en), "--presplit", "-b", "lexical", "-f", "links"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == ["[0]:[0]", "[1]:[1]"]


def test_pairs_file_names_are_read_literally(tmp_path):
    from aligner.corpus.pairing import read_manifest

    path = tmp_path / "pairs.tsv"
    path.write_text('"Report" 2024.txt\tenglish version.txt\n', encoding="utf-8")
    assert read_manifest(path) == [('"Report" 2024.txt', "english version.txt")]


def test_score_says_how_many_rows_had_no_source(tmp_path):
    src = tmp_path / "pairs.tsv"
    src.write_text("source\ttarget\n量子信息\tquantum information\n\tThe company grew.\n", encoding="utf-8")
    out = tmp_path / "scored.tsv"
    result = runner.invoke(app, ["score", "--pairs", str(src), "-o", str(out), "-q"])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == f"scored 1 rows into {out}; 1 row with no source left unscored (an empty fidelity cell)"
    assert out.read_text(encoding="utf-8").splitlines()[2] == "\tThe company grew.\t"


def test_eval_says_which_files_it_skipped(tmp_path):
    gold, pred = tmp_path / "gold", tmp_path / "pred"
    gold.mkdir()
    pred.mkdir()
    for folder in (gold, pred):
        (folder / "001.align").write_text("[0]:[0]\n[1]:[1]\n", encoding="utf-8")
    (gold / "README.md").write_text("# notes\n", encoding="utf-8")
    result = runner.invoke(app, ["eval", str(gold), str(pred)])
    assert result.exit_code == 0, result.output
    assert result.stderr.strip() == ("aligner: skipped 1 file that is not links files (*.align, *.links, "
                                     f"NNN_zh.NNN_en.xml): {gold / 'README.md'}")
    assert [line.split()[0] for line in result.stdout.splitlines()[2:3]] == ["001"]


def test_max_bead_beyond_the_trained_model_warns_on_stderr():
    excerpt = ROOT / "tests" / "fixtures" / "mac_excerpt"
    args = ["align", str(excerpt / "001.zh"), str(excerpt / "001.en"), "--presplit", "--backend", "lexical",
            "--format", "links"]
    trained = runner.invoke(app, args + ["--max-bead", "4"])
    assert trained.exit_code == 0 and trained.stderr == ""
    wide = runner.invoke(app, args + ["--max-bead", "5"])
    assert wide.exit_code == 0, wide.output
    assert wide.stderr.strip() == ("aligner: warning: the trained bead model covers beads of up to 4 sentences a side; "
                                   "with --max-bead 5 every bead is scored by hand-set costs instead, which align "
                                   "less accurately")
    assert wide.stdout.startswith("[0]:[0]\n")


def _tmx_units(text: str) -> tuple[str, list[tuple[str, str]], set[str]]:
    import xml.etree.ElementTree as ET

    root = ET.fromstring(text)
    lang = "{http://www.w3.org/XML/1998/namespace}lang"
    units = [tuple(tuv.find("seg").text for tuv in tu.iter("tuv")) for tu in root.iter("tu")]
    return root.find("header").get("srclang"), units, {tuv.get(lang) for tuv in root.iter("tuv")}


def test_tmx_writes_the_links_level_asks_for(tmp_path):
    zh, en = tmp_path / "z.txt", tmp_path / "e.txt"
    zh.write_text("全省投资658亿元。用于建设新型基础设施。\n\n全年国内生产总值同比增长5.0%。\n", encoding="utf-8")
    en.write_text("The province invests 65.8 billion yuan. It goes to new infrastructure.\n\nGDP grew 5.0% in the year.\n",
                  encoding="utf-8")
    by_level = {}
    for level in ("paragraph", "sentence"):
        result = runner.invoke(app, ["align", str(zh), str(en), "-b", "lexical", "-f", "tmx", "--level", level])
        assert result.exit_code == 0, result.output
        by_level[level] = _tmx_units(result.stdout)
    assert by_level["paragraph"][1] == [("全省投资658亿元。用于建设新型基础设施。",
                                         "The province invests 65.8 billion yuan. It goes to new infrastructure."),
                                        ("全年国内生产总值同比增长5.0%。", "GDP grew 5.0% in the year.")]
    assert len(by_level["sentence"][1]) == 3
    presplit = runner.invoke(app, ["align", str(zh), str(en), "--presplit", "-b", "lexical", "-f", "tmx"])
    assert presplit.exit_code == 0, presplit.output
    srclang, units, langs = _tmx_units(presplit.stdout)
    assert (srclang, langs) == (by_level["paragraph"][0], by_level["paragraph"][2]) == ("zh", {"zh", "en"})
    assert units[0] == ("全省投资658亿元。用于建设新型基础设施。", "The province invests 65.8 billion yuan. It goes to new infrastructure.")
