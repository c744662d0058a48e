"""Link scoring (Thompson & Koehn 2019), the links format and gold readers."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, strategies as st

from aligner.align.evaluate import EvalResult, evaluate_paths, link_counts, read_gold, score_links
from aligner.align.linkformat import format_links, parse_links
from aligner.errors import InputError
from aligner.model import Link

GOLD = [((0,), (0,)), ((1, 2), (1,)), ((3,), ()), ((4,), (2, 3))]


@pytest.mark.parametrize(
    "pred, expected",
    [
        # identical: everything 1
        (GOLD, dict(strict_precision=1, strict_recall=1, lax_precision=1, lax_recall=1)),
        # 1-2 split into 1-1 + 1-1; the omission predicted as part of a 2-1
        ([((0,), (0,)), ((1,), (1,)), ((2,), ()), ((3, 4), (2, 3))],
         # precision: 4 predicted, 1 strict hit; lax: [1]:[1] overlaps gold [1,2]:[1];
         # [2]:[] has no en side (lax miss); [3,4]:[2,3] overlaps [4]:[2,3] -> 3 lax hits
         # recall: 3 gold links with both sides; strict 1; lax: all 3 overlap a predicted link
         dict(strict_precision=1 / 4, strict_recall=1 / 3, lax_precision=3 / 4, lax_recall=1)),
        # nothing matches at all
        ([((0,), (3,)), ((1, 2, 3, 4), (0, 1, 2))],
         dict(strict_precision=0, strict_recall=0, lax_precision=1 / 2, lax_recall=2 / 3)),
    ],
)
def test_score_links_hand_computed(pred, expected):
    got = score_links(GOLD, pred)
    for k, v in expected.items():
        assert got[k] == pytest.approx(v), k
    for kind in ("strict", "lax"):
        p, r = got[f"{kind}_precision"], got[f"{kind}_recall"]
        assert got[f"{kind}_f1"] == pytest.approx(2 * p * r / (p + r) if p + r else 0.0)


def test_score_links_accepts_link_objects():
    pred = [Link(zh, en, 0.5) for zh, en in GOLD]
    assert score_links(GOLD, pred)["strict_f1"] == 1.0


def test_empty_prediction_scores_zero():
    assert score_links(GOLD, [])["strict_f1"] == 0.0


def test_counts_add_up_to_micro_average():
    a = link_counts(GOLD, GOLD)
    b = link_counts(GOLD, [((0, 1, 2, 3, 4), (0, 1, 2, 3))])
    total = (a + b).scores()
    assert total["strict_precision"] == pytest.approx(4 / 5)
    assert total["strict_recall"] == pytest.approx(3 / 6)


@pytest.mark.parametrize(
    "text, links",
    [
        ("[0]:[0]\n[1, 2]:[1]\n", [((0,), (0,)), ((1, 2), (1,))]),
        ("[7]:[]\n[]:[3]\n", [((7,), ()), ((), (3,))]),
        ("[0,1]:[2,3,4]\n\n", [((0, 1), (2, 3, 4))]),
    ],
)
def test_parse_links(text, links):
    assert parse_links(text) == links


def test_format_links_vecalign_style():
    assert format_links([Link((0, 1), (2,), 0.9), Link((7,), (), 1.0), Link((), (3,), 1.0)]) == \
        "[0, 1]:[2]\n[7]:[]\n[]:[3]\n"


@pytest.mark.parametrize("bad", ["[0]-[1]", "[a]:[1]", "0:1"])
def test_parse_links_rejects_malformed(bad):
    with pytest.raises(InputError):
        parse_links(bad)


@given(st.lists(st.tuples(st.lists(st.integers(0, 50), max_size=4).map(tuple),
                          st.lists(st.integers(0, 50), max_size=4).map(tuple))))
def test_format_parse_round_trip(links):
    assert parse_links(format_links(links)) == links


LINKS_XML = """<?xml version='1.0' encoding='utf-8'?>
<linkGrp toDoc='001_en.xml' fromDoc='001_zh.xml'>
<link type='1-1' xtargets='1:1;1:1' status='man'/>
<link type='1-2' xtargets='1:2;1:2 1:3' status='man'/>
<link type='2-1' xtargets='1:3 1:4;1:4' status='man'/>
<link type='0-1' xtargets=';1:5' status='man'/>
</linkGrp>
"""


def test_read_gold_intertext_xml(tmp_path: Path):
    # InterText writes "toDoc ids;fromDoc ids": here toDoc is English
    path = tmp_path / "001_zh.001_en.xml"
    path.write_text(LINKS_XML, encoding="utf-8")
    assert read_gold(path) == [((0,), (0,)), ((1, 2), (1,)), ((3,), (2, 3)), ((4,), ())]


def test_read_gold_intertext_uses_text_files_for_paragraph_ids(tmp_path: Path):
    (tmp_path / "a_zh.xml").write_text(
        "<text><p id='1'><s id='1:1'>甲。</s></p><p id='2'><s id='2:1'>乙。</s><s id='2:2'>丙。</s></p></text>")
    (tmp_path / "a_en.xml").write_text("<text><p id='1'><s id='1:1'>A.</s><s id='1:2'>B.</s></p></text>")
    (tmp_path / "a_zh.a_en.xml").write_text(
        "<linkGrp toDoc='a_en.xml' fromDoc='a_zh.xml'><link xtargets='1:1;1:1'/>"
        "<link xtargets='1:2;2:1 2:2'/></linkGrp>")
    assert read_gold(tmp_path / "a_zh.a_en.xml") == [((0,), (0,)), ((1, 2), (1,))]


def test_read_gold_links_file(tmp_path: Path):
    path = tmp_path / "x.align"
    path.write_text("[0]:[0]\n[1]:[]\n")
    assert read_gold(path) == [((0,), (0,)), ((1,), ())]


def test_evaluate_paths_directory_and_table(tmp_path: Path):
    gold, pred = tmp_path / "gold", tmp_path / "pred"
    gold.mkdir()
    pred.mkdir()
    for name, p in (("a", GOLD), ("b", GOLD[:2])):
        (gold / f"{name}.align").write_text(format_links(GOLD))
        (pred / f"{name}.align").write_text(format_links(p))
    res = evaluate_paths(gold, pred)
    assert isinstance(res, EvalResult)
    assert [name for name, _ in res.rows] == ["a", "b"]
    assert res.scores()["strict_precision"] == pytest.approx(1.0)
    assert res.scores()["strict_recall"] == pytest.approx(5 / 6)
    table = res.table()
    assert "total" in table and table.count("\n") == 6


def test_evaluate_paths_missing_prediction(tmp_path: Path):
    (tmp_path / "g").mkdir()
    (tmp_path / "p").mkdir()
    (tmp_path / "g" / "a.align").write_text("[0]:[0]\n")
    with pytest.raises(InputError, match="no prediction for a"):
        evaluate_paths(tmp_path / "g", tmp_path / "p")


MAC = Path(__file__).resolve().parents[2] / "shared" / "eval" / "mac-dev"


@pytest.mark.skipif(not (MAC / "gold").is_dir(), reason="mac-dev not present")
@pytest.mark.parametrize("system, p, r, f1", [
    ("galechurch", 0.505, 0.537, 0.521), ("hunalign", 0.574, 0.665, 0.616),
    ("bleualign", 0.692, 0.628, 0.659), ("vecalign", 0.868, 0.904, 0.886),
    ("bertalign", 0.916, 0.929, 0.922),
])
def test_mac_dev_anchors_reproduce_the_published_table(system, p, r, f1):
    s = evaluate_paths(MAC / "gold", MAC / "anchors" / system).scores()
    assert (round(s["strict_precision"], 3), round(s["strict_recall"], 3), round(s["strict_f1"], 3)) == (p, r, f1)


def test_a_links_file_with_a_byte_order_mark_reads_like_one_without(tmp_path):
    plain, marked = tmp_path / "a.align", tmp_path / "b.align"
    plain.write_text("[0]:[0]\n[1, 2]:[1]\n", encoding="utf-8")
    marked.write_text("[0]:[0]\n[1, 2]:[1]\n", encoding="utf-8-sig")
    assert read_gold(marked) == read_gold(plain)


def test_an_empty_gold_file_is_refused(tmp_path):
    gold, pred = tmp_path / "gold.align", tmp_path / "pred.align"
    gold.write_text("\n", encoding="utf-8")
    pred.write_text("[0]:[0]\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"gold\.align: no links in this gold file; give the gold alignment"):
        evaluate_paths(gold, pred)
    (tmp_path / "g").mkdir()
    (tmp_path / "p").mkdir()
    (tmp_path / "g" / "a.align").write_text("", encoding="utf-8")
    (tmp_path / "p" / "a.align").write_text("[0]:[0]\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"a\.align: no links in this gold file"):
        evaluate_paths(tmp_path / "g", tmp_path / "p")


def test_a_folder_is_read_for_its_links_files_only(tmp_path):
    gold, pred = tmp_path / "gold", tmp_path / "pred"
    gold.mkdir()
    pred.mkdir()
    (gold / "a.align").write_text(format_links(GOLD))
    (pred / "a.align").write_text(format_links(GOLD))
    (gold / "README.md").write_text("# Gold alignments\nOne file per document.\n")
    (gold / "a_zh.xml").write_text("<text><p id='1'><s id='1:1'>甲。</s></p></text>")  # an InterText text file
    (pred / "notes.txt").write_text("run 3\n")
    res = evaluate_paths(gold, pred)
    assert [name for name, _ in res.rows] == ["a"] and res.scores()["strict_f1"] == pytest.approx(1.0)
    assert res.skipped == (str(gold / "README.md"), str(pred / "notes.txt"))


@pytest.mark.parametrize("sid", ["1:0", "1:00"])
def test_intertext_sentence_ids_count_from_one(tmp_path, sid):
    path = tmp_path / "a_zh.a_en.xml"
    path.write_text(f"<linkGrp><link xtargets='{sid};1:1'/></linkGrp>", encoding="utf-8")
    with pytest.raises(InputError, match=rf"sentence id '{sid}' is not '1:N' with N from 1"):
        read_gold(path)


def test_links_are_read_from_pipes(tmp_path):
    """`aligner eval <(...) <(...)`: a pipe is read once, XML or links."""
    import os

    def pipe(text: str) -> Path:
        r, w = os.pipe()
        os.write(w, text.encode("utf-8"))
        os.close(w)
        return Path(f"/dev/fd/{r}")

    gold = pipe("<linkGrp><link xtargets='1:1;1:1'/><link xtargets='1:2 1:3;1:2'/></linkGrp>")
    pred = pipe("[0]:[0]\n[1, 2]:[1]\n")
    try:
        res = evaluate_paths(gold, pred)
    finally:
        os.close(int(gold.name))
        os.close(int(pred.name))
    assert res.scores()["strict_f1"] == pytest.approx(1.0)
