"""CSV, TMX 1.4b and XLIFF 2.1 exports, read back by independent readers, and `aligner export`."""

from __future__ import annotations

import csv
import json
from dataclasses import replace
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aligner.cli import app
from aligner.model import Document, Flag, Link, PairResult, Paragraph, Sentence, SentenceAlignment, Span
from aligner.report.csv_report import FIELDS, flag_rows, write_csv
from aligner.report.json_report import dumps, pair_to_json
from aligner.report.tmx import render_tmx, translation_units, write_tmx
from aligner.report.xliff import render_xliff, write_xliff
from aligner.review import ReviewStore

FIXTURES = Path(__file__).parent / "fixtures"
ZH = ["来源:新华社", "全国两会将于3月5日在北京召开。", "新质生产力成为高频词汇,增长5%。", "这一段没有译文。",
      '<script>alert(1)</script>"><img src=x onerror=alert(2)>\x07']
EN = ["Blog post Details", "The Two Sessions will open in Beijing on March 6.",
      'New quality productivity became a buzzword, "up 5%", a, b.', "An added line with no original.",
      '"><img src=x onerror=alert(3)> <script>alert(4)</script> & more']


def make_pair(pair_id: str = "zh_doc__en_doc", sentences: bool = False) -> PairResult:
    """A small pair with furniture, an omission, an addition, awkward text, flags and fidelity scores."""
    zh = Document("corpora/zh/zh_doc.txt", "zh", tuple(
        Paragraph(k, t, boilerplate=k == 0, furniture="source" if k == 0 else None) for k, t in enumerate(ZH)), "0" * 64)
    en = Document("corpora/en/en_doc.txt", "en", tuple(
        Paragraph(k, t, boilerplate=k == 0, furniture="site" if k == 0 else None) for k, t in enumerate(EN)), "1" * 64)
    links = (Link((1,), (1,), 0.93), Link((2,), (2,), 0.81), Link((3,), (), 0.6), Link((), (3,), 0.7),
             Link((4,), (4,), 0.5))
    flags = (
        Flag("a1b2c3d4e5f60001", "numbers", "major", "3月5日 became March 6", Span(1, 7, 11, "3月5日"),
             Span(1, 39, 46, "March 6"), suggestion="March 5"),
        Flag("a1b2c3d4e5f60002", "term_consistency", "minor", "新质生产力, \"rendered\" two ways\nin this batch",
             Span(2, 0, 5, "新质生产力"), Span(2, 0, 24, "New quality productivity")),
        Flag("a1b2c3d4e5f60003", "omission", "critical", "=HYPERLINK(\"x\") a paragraph is missing",
             Span(3, 0, 8, "这一段没有译文。"), None, status="confirmed"),
        Flag("a1b2c3d4e5f60004", "length", "info", "document is short", None, None, status="dismissed"),
    )
    fidelity = {"paragraph_links": [{"zh": [1], "en": [1], "fidelity": 42.0, "reasons": ["number mismatch"]},
                                    {"zh": [2], "en": [2], "fidelity": 88.5, "reasons": []},
                                    {"zh": [4], "en": [4], "fidelity": 12.0, "reasons": ["markup"]}],
                "document": {"fidelity": 61.0, "reasons": ["one omission"]}}
    sa = None
    if sentences:
        sa = SentenceAlignment(
            (Sentence(0, 1, 0, len(ZH[1]), ZH[1]), Sentence(1, 2, 0, 12, ZH[2][:12]), Sentence(2, 2, 12, len(ZH[2]), ZH[2][12:]),
             Sentence(3, 3, 0, len(ZH[3]), ZH[3])),
            (Sentence(0, 1, 0, len(EN[1]), EN[1]), Sentence(1, 2, 0, len(EN[2]), EN[2]), Sentence(2, 3, 0, len(EN[3]), EN[3])),
            (Link((0,), (0,), 0.9), Link((1, 2), (1,), 0.8), Link((3,), (), 0.5), Link((), (2,), 0.5)))
    return PairResult(pair_id, zh, en, links, sentences=sa, flags=flags, scores={"fidelity": fidelity},
                      pairing={"method": "stem", "score": None}, signature="aligner 0.1.0|test")


# -- CSV --------------------------------------------------------------------------------------


def test_csv_reads_back_the_same_rows(tmp_path):
    pairs = [make_pair(), make_pair("second__pair")]
    path = write_csv(pairs, tmp_path / "flags.csv")
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        assert tuple(reader.fieldnames) == FIELDS
        rows = list(reader)
    assert rows == flag_rows(pairs)
    assert len(rows) == 8
    first = rows[0]
    assert (first["flag_id"], first["zh_text"], first["en_text"], first["zh_start"], first["status"]) == \
        ("a1b2c3d4e5f60001", "3月5日", "March 6", "7", "open")
    assert rows[1]["message"] == '新质生产力, "rendered" two ways\nin this batch'  # quotes, commas, newline survive
    assert rows[3]["zh_text"] == "" and rows[3]["status"] == "dismissed"


def test_csv_does_not_hand_spreadsheets_a_formula():
    rows = flag_rows([make_pair()])
    assert rows[2]["message"].startswith("'=HYPERLINK")


def test_csv_starts_with_a_bom_for_spreadsheets(tmp_path):
    assert write_csv([make_pair()], tmp_path / "f.csv").read_bytes().startswith(b"\xef\xbb\xbf")


# -- TMX --------------------------------------------------------------------------------------


def _read_tmx(path: Path):
    from translate.storage.tmx import tmxfile

    with path.open("rb") as fh:
        store = tmxfile(fh, sourcelanguage="zh", targetlanguage="en")
    return [(u.source, u.target) for u in store.units]


def test_tmx_paragraph_pairs_read_back_by_translate_toolkit(tmp_path):
    pair = make_pair()
    path = write_tmx([pair], tmp_path / "aligned.tmx")
    expected = [(ZH[1], EN[1]), (ZH[2], EN[2]), (ZH[4].replace("\x07", ""), EN[4])]
    assert _read_tmx(path) == expected
    assert [(u.zh.replace("\x07", ""), u.en) for u in translation_units(pair)] == expected


def test_tmx_leaves_out_omissions_additions_and_furniture(tmp_path):
    text = render_tmx([make_pair()])
    assert "这一段没有译文" not in text and "An added line" not in text
    assert "来源" not in text and "Blog post Details" not in text


def test_tmx_props_carry_confidence_and_fidelity(tmp_path):
    from lxml import etree

    path = write_tmx([make_pair()], tmp_path / "aligned.tmx")
    root = etree.parse(str(path)).getroot()
    assert root.get("version") == "1.4"
    assert root.find("header").get("segtype") == "paragraph"
    tu = root.find("body/tu")
    props = {p.get("type"): p.text for p in tu.findall("prop")}
    assert props == {"x-pair": "zh_doc__en_doc", "x-zh-paragraphs": "1", "x-en-paragraphs": "1",
                     "x-confidence": "0.9300", "x-fidelity": "42.0"}


def test_tmx_uses_sentence_pairs_when_the_run_has_them(tmp_path):
    path = write_tmx([make_pair(sentences=True)], tmp_path / "aligned.tmx")
    assert _read_tmx(path) == [(ZH[1], EN[1]), (ZH[2], EN[2])]  # the 2-1 sentence link joins its Chinese
    text = path.read_text(encoding="utf-8")
    assert 'segtype="sentence"' in text and '<prop type="x-zh-sentences">1,2</prop>' in text
    assert '<prop type="x-paragraph-fidelity">88.5</prop>' in text


def test_tmx_is_deterministic():
    assert render_tmx([make_pair()]) == render_tmx([make_pair()])


# -- XLIFF ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def xliff_schema():
    import xmlschema

    return xmlschema.XMLSchema(str(FIXTURES / "xliff_core_2.1.xsd"))


@pytest.mark.parametrize("sentences", [False, True])
def test_xliff_validates_against_the_core_schema(xliff_schema, tmp_path, sentences):
    [path] = write_xliff([make_pair(sentences=sentences)], tmp_path)
    xliff_schema.validate(str(path))


def test_xliff_has_a_unit_per_link_and_flags_as_notes(tmp_path):
    from lxml import etree

    [path] = write_xliff([make_pair()], tmp_path)
    ns = {"x": "urn:oasis:names:tc:xliff:document:2.0"}
    root = etree.parse(str(path)).getroot()
    assert (root.get("version"), root.get("srcLang"), root.get("trgLang")) == ("2.1", "zh", "en")
    units = root.findall(".//x:unit", ns)
    assert len(units) == len(make_pair().links)
    first = units[0]
    assert first.findtext(".//x:source", namespaces=ns) == ZH[1]
    assert first.findtext(".//x:target", namespaces=ns) == EN[1]
    note = first.find("x:notes/x:note[@id='a1b2c3d4e5f60001']", ns)
    assert note.get("category") == "numbers" and note.get("priority") == "2"
    assert "3月5日 became March 6" in note.text and "March 5" in note.text
    omission = units[2]
    assert omission.find(".//x:target", ns) is None and "omission" in etree.tostring(omission, encoding="unicode")
    assert units[2].find("x:notes/x:note[@id='a1b2c3d4e5f60003']", ns).get("appliesTo") == "source"
    # a flag without a span is a note on the file
    assert root.find("x:file/x:notes/x:note[@id='a1b2c3d4e5f60004']", ns) is not None
    assert units[4].findtext(".//x:source", namespaces=ns) == ZH[4].replace("\x07", "")


def test_xliff_of_a_pair_without_links_is_still_valid(xliff_schema):
    pair = replace(make_pair(), links=(), flags=())
    xliff_schema.validate(render_xliff(pair))


# -- `aligner export` -------------------------------------------------------------------------

runner = CliRunner()


@pytest.fixture
def reports(tmp_path):
    out = tmp_path / "reports"
    for pair in (make_pair(), make_pair("second__pair")):
        (out / pair.pair_id).mkdir(parents=True)
        (out / pair.pair_id / "alignment.json").write_text(dumps(pair_to_json(pair)), encoding="utf-8")
    return out


def test_cli_export_csv_applies_review_decisions(reports):
    with ReviewStore(reports / "review.sqlite") as store:
        store.set("a1b2c3d4e5f60001", "dismissed", "ana")
    r = runner.invoke(app, ["export", "--format", "csv", str(reports)])
    assert r.exit_code == 0, r.output
    with (reports / "flags.csv").open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [row["status"] for row in rows if row["flag_id"] == "a1b2c3d4e5f60001"] == ["dismissed", "dismissed"]


def test_cli_export_carries_the_reviewers_comments(reports, tmp_path, xliff_schema):
    with ReviewStore(reports / "review.sqlite") as store:
        store.set("a1b2c3d4e5f60001", "confirmed", "ana", "should read 3月5日 = March 5, 翻译有误")
        store.set("a1b2c3d4e5f60002", "dismissed", "bo", "=both renderings are fine")
    r = runner.invoke(app, ["export", "--format", "csv", str(reports)])
    assert r.exit_code == 0, r.output
    with (reports / "flags.csv").open(encoding="utf-8-sig", newline="") as fh:
        rows = {(row["pair_id"], row["flag_id"]): row for row in csv.DictReader(fh)}
    first = rows[("zh_doc__en_doc", "a1b2c3d4e5f60001")]
    assert (first["status"], first["reviewer"], first["comment"]) == \
        ("confirmed", "ana", "should read 3月5日 = March 5, 翻译有误")
    assert rows[("zh_doc__en_doc", "a1b2c3d4e5f60002")]["comment"] == "'=both renderings are fine"
    assert rows[("zh_doc__en_doc", "a1b2c3d4e5f60003")]["comment"] == ""  # confirmed in the run, no decision stored
    r = runner.invoke(app, ["export", "-f", "xliff", "--out", str(tmp_path / "x"), str(reports)])
    assert r.exit_code == 0, r.output
    xliff_schema.validate(str(tmp_path / "x" / "zh_doc__en_doc.xlf"))
    from lxml import etree

    note = etree.parse(str(tmp_path / "x" / "zh_doc__en_doc.xlf")).find(
        ".//x:note[@id='a1b2c3d4e5f60001']", {"x": "urn:oasis:names:tc:xliff:document:2.0"})
    assert note.text.startswith("[major, confirmed] 3月5日 became March 6")
    assert note.text == ("[major, confirmed] 3月5日 became March 6; suggestion: March 5; "
                         "reviewer (ana): should read 3月5日 = March 5, 翻译有误")


def test_cli_export_tmx_and_xliff(reports, tmp_path, xliff_schema):
    out = tmp_path / "exports"
    r = runner.invoke(app, ["export", "-f", "tmx", "--out", str(out), str(reports)])
    assert r.exit_code == 0, r.output
    assert len(_read_tmx(out / "aligned.tmx")) == 6
    r = runner.invoke(app, ["export", "-f", "xliff", "--out", str(out), str(reports)])
    assert r.exit_code == 0, r.output
    files = sorted(p.name for p in out.glob("*.xlf"))
    assert files == ["second__pair.xlf", "zh_doc__en_doc.xlf"]
    for name in files:
        xliff_schema.validate(str(out / name))


@pytest.mark.parametrize("args, code, message", [
    (["export", "--format", "pdf"], 2, "choose one of"),
    (["export", "--format", "csv", "--review-db", "nowhere.sqlite"], 1, "no review database"),
])
def test_cli_export_errors(reports, args, code, message):
    r = runner.invoke(app, args + [str(reports)])
    assert r.exit_code == code and message in r.output


def test_cli_export_of_a_folder_without_reports(tmp_path):
    r = runner.invoke(app, ["export", "--format", "csv", str(tmp_path)])
    assert r.exit_code == 1 and "no */alignment.json here" in r.output
    (tmp_path / "p").mkdir()
    (tmp_path / "p" / "alignment.json").write_text(json.dumps({"schema": "other"}))
    r = runner.invoke(app, ["export", "--format", "csv", str(tmp_path)])
    assert r.exit_code == 1 and "not an alignment file" in r.output


def test_export_takes_the_pairs_of_the_last_batch_only(tmp_path):
    """A pair whose files were removed before the last batch into the same folder is not exported."""
    zh, en = tmp_path / "zh", tmp_path / "en"
    zh.mkdir()
    en.mkdir()
    for stem in ("a", "b"):
        (zh / f"{stem}.txt").write_text("\n\n".join(ZH[1:3]) + "\n", encoding="utf-8")
        (en / f"{stem}.txt").write_text("\n\n".join(EN[1:3]) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    runner = CliRunner()
    assert runner.invoke(app, ["batch", str(zh), str(en), "--out", str(out), "-q", "-b", "lexical"]).exit_code == 0
    (zh / "b.txt").unlink()
    (en / "b.txt").unlink()
    assert runner.invoke(app, ["batch", str(zh), str(en), "--out", str(out), "-q", "-b", "lexical"]).exit_code == 0
    assert (out / "b__b" / "alignment.json").exists()  # left on disk, but no longer in the batch
    result = runner.invoke(app, ["export", str(out), "-f", "csv", "-o", str(tmp_path / "x")])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader((tmp_path / "x" / "flags.csv").open(encoding="utf-8-sig")))
    assert rows and {r["pair_id"] for r in rows} == {"a__a"}


def test_a_pair_id_that_is_not_a_folder_name_is_a_damaged_file(tmp_path):
    from aligner.errors import InputError
    from aligner.review import pair_from_json

    data = pair_to_json(make_pair())
    with pytest.raises(InputError, match="is not a folder name"):
        pair_from_json({**data, "pair_id": "../../escape"}, "x/alignment.json")


def _damaged(data: dict, path: tuple, value=None, delete: bool = False) -> dict:
    data = json.loads(json.dumps(data))
    node = data
    for key in path[:-1]:
        node = node[key]
    if delete:
        del node[path[-1]]
    else:
        node[path[-1]] = value
    return data


@pytest.mark.parametrize("path, value, delete, message", [
    (("links",), "abc", False, r"links is 'abc', not a list"),
    (("links", 0, "zh"), None, False, r"links\[0\]\.zh is None, not a list"),
    (("links", 0, "zh"), [99], False, r"links\[0\]\.zh is \[99\], not ids the zh side has"),
    (("links", 0, "confidence"), None, False, r"links\[0\]\.confidence is None"),
    (("links", 0, "en"), None, True, r"links\[0\]\.en is missing"),
    (("zh",), None, False, r"zh is None, not an object"),
    (("zh", "path"), ["a"], False, r"zh\.path is \['a'\], not text"),
    (("en", "paragraphs", 1, "text"), None, True, r"en\.paragraphs\[1\]\.text is missing"),
    (("en", "sentences", 0, "end"), 10_000, False, r"en\.sentences\[0\] is not a span of a paragraph"),
    (("sentence_links", 1, "zh"), "1,2", False, r"sentence_links\[1\]\.zh is '1,2', not a list"),
    (("flags", 0), None, False, r"flags\[0\] is None, not an object"),
    (("flags", 0, "id"), None, False, r"flags\[0\]\.id is None, not text"),
    (("flags", 1, "check"), ["x"], False, r"flags\[1\]\.check is \['x'\], not text"),
    (("flags", 0, "zh", "paragraph"), 40, False, r"flags\[0\]\.zh\.paragraph is not a paragraph of the zh side"),
    (("scores",), "x", False, r"scores is 'x', not an object"),
    (("scores", "fidelity", "paragraph_links", 0), "x", False, r"paragraph_links\[0\] is 'x', not an object"),
    (("signature",), 5, False, r"signature is 5, not text"),
])
@pytest.mark.parametrize("fmt", ["csv", "tmx", "xliff"])
def test_a_damaged_alignment_file_is_one_line_naming_it(reports, tmp_path, path, value, delete, message, fmt):
    """Wrong types, nulls and missing keys in an alignment.json give the damaged-file error, not a traceback."""
    target = reports / "zh_doc__en_doc" / "alignment.json"
    data = pair_to_json(make_pair(sentences=True))
    target.write_text(json.dumps(_damaged(data, path, value, delete)), encoding="utf-8")
    out = tmp_path / "exports"
    r = runner.invoke(app, ["export", "-f", fmt, "--out", str(out), str(reports)])
    assert r.exit_code == 1, r.output
    assert r.stderr.startswith(f"aligner: error: {target}: alignment file is damaged (")
    assert r.stderr.rstrip().endswith("run `aligner batch` again") and len(r.stderr.strip().splitlines()) == 1
    assert __import__("re").search(message, r.stderr)
    assert not out.exists() or not any(out.iterdir())
