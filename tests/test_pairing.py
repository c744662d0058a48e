"""Pairing: manifest, same stem, content with a threshold; unrelated texts are never paired."""

import shutil
from pathlib import Path

import pytest

from aligner.corpus.load import load_document
from aligner.corpus.pairing import pair_documents, read_manifest
from aligner.errors import InputError

ROOT = Path(__file__).resolve().parent.parent
ZH = sorted((ROOT / "corpora/zh").glob("*.txt"))
EN = sorted((ROOT / "corpora/en").glob("*.txt"))


@pytest.fixture(scope="module")
def docs():
    return [load_document(p, "zh") for p in ZH], [load_document(p, "en") for p in EN]


def test_seed_pairs_by_content(docs):
    zh, en = docs
    pairs, unpaired = pair_documents(zh, en)
    assert [(Path(p.zh.path).name[:3], Path(p.en.path).name[:3], p.method) for p in pairs] == [("000", "002", "content")]
    assert pairs[0].score > 0.8
    assert sorted(Path(u.path).name[:3] for u in unpaired) == ["001", "003", "004"]
    assert all(u.lang == "zh" and u.reason == "no English rendering found" for u in unpaired)


def test_unrelated_documents_are_not_paired(docs):
    zh, en = docs
    # same topic (local government work reports, chips), different documents
    others = [d for d in zh if not Path(d.path).name.startswith("000")]
    pairs, unpaired = pair_documents(others, en)
    assert pairs == []
    assert {u.lang for u in unpaired} == {"zh", "en"}
    english = [u for u in unpaired if u.lang == "en"]
    assert english[0].reason == "matches no Chinese original" and english[0].best_score < 0.35


def test_manifest_wins(docs):
    zh, en = docs
    pairs, _ = pair_documents(zh, en, [(Path(ZH[1]).name, Path(EN[0]).name)])
    assert [(p.method, Path(p.zh.path).name) for p in pairs] == [("manifest", ZH[1].name)]


def test_same_stem_pairs_without_reading(tmp_path, docs):
    (tmp_path / "zh").mkdir()
    (tmp_path / "en").mkdir()
    shutil.copy(ZH[2], tmp_path / "zh" / "report.txt")
    shutil.copy(EN[0], tmp_path / "en" / "report.txt")
    pairs, _ = pair_documents([load_document(tmp_path / "zh/report.txt", "zh")], [load_document(tmp_path / "en/report.txt", "en")])
    assert pairs[0].method == "stem"


def test_manifest_errors_name_the_line(tmp_path):
    bad = tmp_path / "pairs.tsv"
    bad.write_text("zh\ten\na.txt\tb.txt\nonly-one-column\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"pairs.tsv: line 3: expected 2 tab-separated columns"):
        read_manifest(bad)


def test_manifest_naming_a_missing_file(docs):
    zh, en = docs
    with pytest.raises(InputError, match="not in the corpus"):
        pair_documents(zh, en, [("nope.txt", Path(EN[0]).name)])


@pytest.mark.parametrize("names", [("002_a.txt", "007_b.txt"), (ZH[0].name, "revised.txt")])
def test_a_second_rendering_of_a_paired_original_says_so(tmp_path, docs, names):
    """Two English files render corpora/zh/000 (by content, or one of them by its stem): one is paired, the
    other is told which original it renders, which file has it, and how to check it."""
    zh, _ = docs
    (tmp_path / "en").mkdir()
    for name in names:
        shutil.copy(EN[0], tmp_path / "en" / name)
    en = [load_document(tmp_path / "en" / name, "en") for name in names]
    pairs, unpaired = pair_documents(zh, en)
    assert [(Path(p.zh.path).name, Path(p.en.path).name) for p in pairs] == [(ZH[0].name, names[0])]
    second = [u for u in unpaired if u.lang == "en"]
    assert len(second) == 1 and second[0].path == en[1].path and second[0].best_match == ZH[0].name
    assert second[0].reason == (
        f"another rendering of {zh[0].path}, which is paired with {en[0].path} (a batch pairs each original with one "
        f"rendering); check this one against it on its own: aligner check {zh[0].path} {en[1].path}")


PAGES = ROOT / "tests/fixtures/inputs/furniture"  # labelled web pages: "C|text", "F|text" per paragraph


def _page(src: str, dest: Path, lang: str):
    rows = (PAGES / f"{src}.txt").read_text(encoding="utf-8").splitlines()
    dest.write_text("\n".join(r.split("|", 1)[1] for r in rows if r.strip()) + "\n", encoding="utf-8")
    return load_document(dest, lang)


@pytest.fixture(scope="module")
def web_pages(tmp_path_factory):
    """Four originals and five renderings under unrelated names: two originals on the same topic (the digital
    economy), and one rendering (summit) whose original is not in the corpus."""
    d = tmp_path_factory.mktemp("web")
    zh = {name: _page(src, d / f"{name}.txt", "zh") for name, src in
          [("a1", "zh_xinhua"), ("policy-2024-12", "zh_govcn"), ("wx_0112", "zh_wechat"), ("rm0525", "zh_rmrb")]}
    en = {name: _page(src, d / f"{name}.txt", "en") for name, src in
          [("doc_7", "en_chinadaily"), ("translation", "en_cset"), ("post", "en_blog"), ("gt_econ", "en_gt"),
           ("summit", "en_orphan")]}
    return d, zh, en


def test_web_pages_pair_by_content(web_pages):
    _, zh, en = web_pages
    pairs, unpaired = pair_documents(list(zh.values()), list(en.values()))
    assert [(p.zh.stem, p.en.stem, p.method) for p in pairs] == [
        ("a1", "doc_7", "content"), ("policy-2024-12", "translation", "content"),
        ("rm0525", "gt_econ", "content"), ("wx_0112", "post", "content")]
    assert [(u.path, u.reason) for u in unpaired] == [(en["summit"].path, "matches no Chinese original")]


def test_a_rendering_matching_two_originals_says_so(web_pages):
    """The same original saved twice: the rendering is not paired, and neither it nor the originals are told
    that nothing matches."""
    d, zh, en = web_pages
    copy = _page("zh_xinhua", d / "a1_copy.txt", "zh")
    pairs, unpaired = pair_documents([zh["a1"], copy], [en["doc_7"]])
    assert pairs == []
    reasons = {Path(u.path).stem: u.reason for u in unpaired}
    assert reasons["doc_7"].startswith("matches two originals almost equally (") and "a1.txt" in reasons["doc_7"] \
        and "a1_copy.txt" in reasons["doc_7"] and reasons["doc_7"].endswith("name its original in pairs.tsv")
    assert reasons["a1"] == reasons["a1_copy"] == (
        "doc_7.txt matches it and another original almost equally, so neither is paired; name the pair in pairs.tsv")
