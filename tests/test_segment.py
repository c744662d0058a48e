"""The segmenter gives jieba's accurate-mode tokens exactly, on real text and on the edge cases of each step."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import jieba
import pytest
from jieba import finalseg

from aligner.text.segment import Segmenter, segmenter
from aligner.text.zh import zh_tokens_with_offsets, zh_words

FIXTURES = Path(__file__).parent / "fixtures"
SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


def _lines() -> list[str]:
    files = sorted((FIXTURES / "mac_excerpt").glob("*.zh")) + sorted((FIXTURES / "inputs").glob("*.txt"))
    if SEEDS.is_dir():
        files += sorted(SEEDS.iterdir())
    return [line for f in files for line in f.read_text(encoding="utf-8").splitlines()]


EDGES = [
    "",  # nothing
    "中",  # one character
    "   \t",  # only space
    "第一行\r\n第二行\n\n第三行",  # jieba keeps \r\n as one token
    "台积电3nm工艺,iPhone15 Pro售价7999元（约合1,100美元），同比增长12.5%",  # Latin, digits, percent inside blocks
    "王伟中、陈清扬和谭家骏在深圳见面",  # names the dictionary lacks: the HMM cuts them
    "歼-20与C919、A+B、C#和a.b_c",  # the block pattern's + # & . _ % -
    "ＡＢＣ全角字母和①②③",  # fullwidth and circled characters fall outside the blocks
    "……——“引号”《书名》",  # punctuation runs
    "𠀀𠀁罕见字",  # characters outside the BMP and outside jieba's Han range
]


@pytest.mark.parametrize("text", EDGES)
def test_edge_cases_give_jiebas_tokens(text):
    assert segmenter().cut(text) == jieba.lcut(text)


def test_every_line_of_the_fixtures_and_seeds_gives_jiebas_tokens():
    lines = _lines()
    assert len(lines) > 100
    differing = [line for line in lines if segmenter().cut(line) != jieba.lcut(line)]
    assert differing == []


def _dictionary(freq: dict[str, int], total: float) -> Segmenter:
    """A segmenter over a made-up dictionary (jieba's own HMM tables)."""
    return Segmenter(SimpleNamespace(FREQ=freq, total=total, check_initialized=lambda: None), finalseg)


def test_equal_route_scores_take_the_longer_word_as_jieba_does():
    """jieba takes max over (score, end): on a tie the later end wins. A made-up dictionary forces the tie."""
    # total 1: a word scores log(frequency). 甲|乙 scores log 10 + log 10; 甲乙 scores log 1 = 0, lower
    assert _dictionary({"甲": 10, "乙": 10, "甲乙": 1}, 1)._route("甲乙") == [1, 2]
    # 甲|乙 and 甲乙 both score 0: the tie goes to the longer word
    assert _dictionary({"甲": 1, "乙": 1, "甲乙": 1}, 1)._route("甲乙") == [2, 2]
    # a prefix of frequency 0 is not a word but lets the search go on to 甲乙丙
    seg = _dictionary({"甲": 1, "甲乙": 0, "甲乙丙": 1, "乙": 1, "丙": 1}, 1)
    assert seg._route("甲乙丙") == [3, 2, 3]
    assert seg.cut("甲乙丙") == ["甲乙丙"]


def test_a_run_of_single_characters_unknown_to_the_dictionary_goes_to_the_hmm():
    seg = _dictionary({"的": 5}, 10)
    hmm = list(finalseg.cut("陈清扬"))
    assert seg.cut("陈清扬的") == hmm + ["的"]
    # a run that is itself a dictionary word (the route preferred its characters) is cut into characters
    known = _dictionary({"陈清扬": 1, "陈": 100, "清": 100, "扬": 100}, 1)
    assert known.cut("陈清扬") == ["陈", "清", "扬"]


def test_words_and_offsets_drop_punctuation_and_keep_positions():
    text = "我二十一岁时，正在云南插队。Chen 陈清扬当时二十六岁。"
    tokens = zh_tokens_with_offsets(text)
    assert [w for w, _, _ in tokens] == zh_words(text)
    assert all(text[s:e] == w for w, s, e in tokens)
    assert "，" not in zh_words(text) and "Chen" in zh_words(text)
    kept = [(w, s, e) for w, s, e in jieba.tokenize(text) if w.strip() and w not in "，。"]
    assert tokens == kept
