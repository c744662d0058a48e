"""A reference translation aligned to the same original gives BLEU, chrF and TER per link, with signatures."""

from pathlib import Path

from aligner.corpus.load import load_document
from aligner.corpus.pairing import Pairing
from aligner.pipeline import AlignOptions, run_pair

ROOT = Path(__file__).resolve().parent.parent
ZH = ROOT / "corpora/zh/000_956485486ee5ccc0.txt"
EN = ROOT / "corpora/en/002_a484c70458b5f49f.txt"
FAST = AlignOptions(sentences=False, checks=False, fidelity=False)


def test_rendering_against_itself_and_against_an_edited_reference(tmp_path):
    zh, en = load_document(ZH, "zh"), load_document(EN, "en")
    same = run_pair(Pairing(zh, en, "given"), FAST, reference=en).scores["reference"]
    assert same["links_compared"] == 40
    assert same["bleu"]["corpus"] == 100.0 and same["ter"]["corpus"] == 0.0
    assert same["bleu"]["signature"].startswith("nrefs:1|") and "version:" in same["chrf"]["signature"]
    edited = tmp_path / "ref.txt"
    edited.write_text(EN.read_text(encoding="utf-8").replace("2019", "2024").replace("stuck neck", "chokepoint")
                      .replace("new quality productivity", "new quality productive forces"), encoding="utf-8")
    other = run_pair(Pairing(zh, en, "given"), FAST, reference=load_document(edited, "en")).scores["reference"]
    assert 80 < other["bleu"]["corpus"] < 100 and other["ter"]["corpus"] > 0
    worse = [row for row in other["paragraph_links"] if row["chrf"] < 100]
    assert worse and all(set(row) >= {"zh", "en", "reference", "bleu", "chrf", "ter"} for row in worse)
