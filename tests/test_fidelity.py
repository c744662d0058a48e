"""Reference-free fidelity: features on hand-made pairs, the model as data, whole-pair scoring."""

from __future__ import annotations

import json
from dataclasses import FrozenInstanceError

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from aligner.errors import BackendUnavailable
from aligner.model import Document, Link, PairResult, Paragraph, Sentence, SentenceAlignment
from aligner.score import fidelity as fid
from aligner.text.en import stem
from aligner.score.fidelity import (
    FEATURE_SIGNS, LEXICAL_FEATURES, Fidelity, FidelityModel, FidelityScorer, default_model_file, en_numbers,
    score_pair, zh_numbers,
)


@pytest.fixture(scope="module")
def scorer() -> FidelityScorer:
    return FidelityScorer(neural=False)


# (Chinese, faithful English, degraded English, what was done to it)
DEGRADED = [
    ("2019年，我国发射了世界首颗量子科学实验卫星，实现了星地之间的精密测量。",
     "In 2019, China launched the world's first quantum science experimental satellite and achieved "
     "precise measurement between the satellite and the ground.",
     "In 2019, China launched the world's first quantum science experimental satellite.",
     "clause dropped"),
    ("2019年，我国发射了世界首颗量子科学实验卫星，实现了星地之间的精密测量。",
     "In 2019, China launched the world's first quantum science experimental satellite and achieved "
     "precise measurement between the satellite and the ground.",
     "In 2017, China launched the world's first quantum science experimental satellite and achieved "
     "precise measurement between the satellite and the ground.",
     "number changed"),
    ("2019年，我国发射了世界首颗量子科学实验卫星，实现了星地之间的精密测量。",
     "In 2019, China launched the world's first quantum science experimental satellite and achieved "
     "precise measurement between the satellite and the ground.",
     "In 2019, China launched the world's first weather balloon and achieved "
     "precise measurement between the satellite and the ground.",
     "key term replaced"),
    ("我们站在地球上仰望夜空，用肉眼就能看到天上的繁星。",
     "We stand on the earth and look up at the night sky, and with the naked eye we can see the stars.",
     "We stand on the earth and look up.",
     "clause dropped"),
    ("我们站在地球上仰望夜空，用肉眼就能看到天上的繁星。",
     "We stand on the earth and look up at the night sky, and with the naked eye we can see the stars.",
     "We stand on the earth and look up at the night sky, and with the naked eye we can see the ocean.",
     "key term replaced"),
    ("该公司去年收入增长了15%，达到3.5亿元。",
     "The company's revenue grew by 15% last year, reaching 350 million yuan.",
     "The company's revenue grew by 25% last year, reaching 350 million yuan.",
     "number changed"),
    ("该公司去年收入增长了15%，达到3.5亿元。",
     "The company's revenue grew by 15% last year, reaching 350 million yuan.",
     "The company's revenue grew last year.",
     "clause dropped"),
]


@pytest.mark.parametrize("zh,good,bad,what", DEGRADED, ids=[d[3] for d in DEGRADED])
def test_faithful_outscores_degraded(scorer, zh, good, bad, what):
    assert scorer.score(zh, good).score > scorer.score(zh, bad).score


@pytest.mark.parametrize("zh,en,reason", [
    ("2019年发射了卫星。", "The satellite was launched in 2018.", "number 2018 not in source"),
    ("2019年发射了卫星。", "The satellite was launched in 2018.", "number 2019 missing from English"),
    ("他在NASA工作。", "He works at the space agency.", "NASA missing from English"),
    ("量子通信", "", "no English for this Chinese"),
    ("", "An added sentence.", "no Chinese source"),
    ("我们发射了量子卫星。", "We launched a 量子 satellite.", "Chinese left in the English: 量子"),
    ("一季度国内生产总值增长5.3%。", "GDP grew 5.3% in the second quarter.", "date 一季度 differs in the English"),
])
def test_reasons_name_the_problem(scorer, zh, en, reason):
    assert reason in scorer.score(zh, en).reasons


@pytest.mark.parametrize("zh,en", [
    ("截至6月底，全国风电和光伏发电装机容量突破11亿千瓦。",
     "By the end of June, China's installed wind and solar power capacity had exceeded 1.1 billion kilowatts."),
    ("9月份，全国居民消费价格环比上涨0.2%。", "In September, consumer prices rose 0.2% month on month."),
    ("1至8月社会消费品零售总额同比增长7%。", "Retail sales of consumer goods rose 7% year on year in January-August."),
    ("2024年3月5日，会议开幕。", "The session opened on March 5, 2024."),
    ("小米汽车首款车型SU7上市。", "Xiaomi launched its first car, the SU7."),
])
def test_dates_and_codes_rendered_correctly_are_no_anchor_mismatch(scorer, zh, en):
    a = fid.analyse(zh, en)
    assert (a.numbers_missing, a.numbers_added, a.dates_differing, a.latin_missing) == ((), (), (), ())
    assert not any(r.startswith(("number ", "date ")) or "missing from English" in r
                   for r in scorer.score(zh, en).reasons)


def test_unmatched_words_reason_lists_them(scorer):
    f = scorer.score("我国实现了空地一体的量子精密测量网络。", "China did it.")
    text = " ".join(f.reasons)
    assert "content words unmatched" in text and "量子" in text


def test_empty_english_scores_zero(scorer):
    assert scorer.score("量子通信卫星", "").score == 0.0


def test_untranslated_text_collapses_the_score(scorer):
    zh = "我们发射了量子科学实验卫星。"
    assert scorer.score(zh, "我们发射了量子科学实验卫星。").score < 10
    assert scorer.score(zh, "We launched a quantum science experiment satellite.").score > 30


def test_flags_lower_the_score(scorer):
    zh, en = "我们发射了卫星。", "We launched a satellite."
    assert scorer.score(zh, en, flags=2).score < scorer.score(zh, en).score
    assert any(r.startswith("QA flags on this link (weight 2") for r in scorer.score(zh, en, flags=2).reasons)


def test_a_major_flag_weighs_more_than_several_infos():
    from aligner.model import Flag, Span
    from aligner.score.fidelity import _flag_counts

    class Pair:
        flags = (Flag("a", "dates", "major", "m", zh=Span(1, 0, 1, "x")),) + tuple(
            Flag(f"i{k}", "terms", "info", "m", zh=Span(2, 0, 1, "x")) for k in range(5))

    zh, _ = _flag_counts(Pair())
    assert zh[1] > zh[2]


def test_fidelity_is_frozen_rounded_and_bounded(scorer):
    f = scorer.score("我们发射了卫星。", "We launched a satellite.")
    assert isinstance(f, Fidelity)
    assert 0 <= f.score <= 100 and round(f.score, 2) == f.score
    assert set(LEXICAL_FEATURES) <= set(f.features)
    with pytest.raises(FrozenInstanceError):
        f.score = 1.0  # type: ignore[misc]


def test_deterministic_and_batch_equals_single_with_fixed_ratio(scorer):
    pairs = [(zh, good) for zh, good, _, _ in DEGRADED] + [(zh, bad) for zh, _, bad, _ in DEGRADED]
    fixed = scorer.with_ratio(3.3)
    batch = fixed.score_many(pairs)
    assert batch == fixed.score_many(pairs)
    assert [f.score for f in batch] == [fixed.score(z, e).score for z, e in pairs]


def test_corpus_ratio_from_batch_only_when_large_enough(scorer):
    small = [fid.analyse("我们发射了卫星。", "We launched a satellite.")] * 5
    assert scorer.corpus_ratio(small) == scorer.model.corpus_ratio
    big = [fid.analyse("我们发射了卫星。", "We launched a satellite, a big one, today.")] * 30
    assert scorer.corpus_ratio(big) == pytest.approx(big[0].en_chars / big[0].zh_chars)


def test_signature_names_model_and_training_data(scorer):
    sig = scorer.signature()
    assert sig.startswith("fidelity:") and "train:ted-mqm-dev@" in sig and "neural:none" in sig


def test_shipped_model_is_consistent():
    mf = default_model_file()
    assert mf.lexical.features == LEXICAL_FEATURES
    assert mf.neural.features == LEXICAL_FEATURES + ("neural_cosine",)
    for m in (mf.lexical, mf.neural):
        assert len(m.weights) == len(m.mean) == len(m.scale) == len(m.features)
        assert len(m.training["sha256"]) == 64
        for f, w in zip(m.features, m.weights):
            assert FEATURE_SIGNS[f] * w >= 0, f
        assert FidelityModel.from_json(json.loads(json.dumps(m.to_json()))) == FidelityModel.from_json(m.to_json())


def test_fit_keeps_feature_signs():
    rng = np.random.default_rng(0)
    n = 400
    good = rng.normal(size=n)
    y = (good + rng.normal(scale=0.5, size=n) > 0).astype(float)
    # zh_coverage must not lower a score; here the data would give it a negative weight
    X = np.column_stack([good, -good + rng.normal(scale=0.1, size=n)])
    m = FidelityModel.fit(X, y, ("gloss_chrf", "zh_coverage"), 3.0, "t")
    assert m.weights[0] > 0 and m.weights[1] == 0.0


def test_neural_backend_is_optional(monkeypatch):
    def fake_embed(texts):
        # the same vector for every text: cosine 1
        return np.ones((len(texts), 4), dtype=np.float32)

    s = FidelityScorer(neural=True, embed=fake_embed)
    f = s.score("我们发射了卫星。", "We launched a satellite.")
    assert f.features["neural_cosine"] == pytest.approx(1.0)
    assert "neural:" in s.signature() and "neural:none" not in s.signature()
    monkeypatch.setattr(fid, "neural_available", lambda: False)
    assert FidelityScorer(neural=None).neural is False
    with pytest.raises(BackendUnavailable):
        FidelityScorer(neural=True)


@pytest.mark.parametrize("text,values", [
    ("2019年增长了15%", {2019.0, 15.0}),
    ("三千万人", {30_000_000.0}),
    ("3.5亿元", {350_000_000.0}),
    ("两种方法和三个人", {2.0, 3.0}),
    ("一个人", set()),  # a lone 一 is a word, not an anchor
    ("十二点五", {12.5}),
    ("装机容量突破11亿千瓦", {1.1e9}),  # 千瓦 is kilowatts, not a thousand more
    ("五万千瓦时", {50_000.0}),
])
def test_zh_numbers(text, values):
    assert set(zh_numbers(text)) == values


@pytest.mark.parametrize("text,values", [
    ("In 2019 it grew 15%", {2019.0, 15.0}),
    ("thirty million people", {30_000_000.0}),
    ("350 million yuan", {350_000_000.0}),
    ("1,200 units and two plans", {1200.0, 2.0}),
    ("one of them", set()),
    ("At twenty-one, on the fourteenth team", {21.0, 14.0}),
    ("one hundred and five, or a thousand", {105.0, 1000.0}),
    ("one and two", {2.0}),
    ("the 3rd time, thousands of them", {3.0}),
])
def test_en_numbers(text, values):
    assert set(en_numbers(text)) == values


@settings(max_examples=50, deadline=None)
@given(st.integers(min_value=0, max_value=10**9))
def test_digits_agree_across_languages(n):
    assert set(zh_numbers(f"共{n}个")) == set(en_numbers(f"{n} in all")) == {float(n)}


# -- whole pairs ----------------------------------------------------------------------------------


def _doc(lang, texts):
    return Document(path=f"x.{lang}.txt", lang=lang, sha256="0" * 64,
                    paragraphs=tuple(Paragraph(i, t) for i, t in enumerate(texts)))


ZH = ["我们站在地球上仰望夜空，用肉眼就能看到天上的繁星。", "该公司去年收入增长了15%，达到3.5亿元。",
      "这一段没有被翻译，内容相当长，讲的是量子通信卫星的发射和精密测量。"]
EN = ["We stand on the earth and look up at the night sky, and with the naked eye we can see the stars.",
      "The company's revenue grew by 15% last year, reaching 350 million yuan.",
      "The translator added this paragraph."]


def _pair(sentences=False) -> PairResult:
    zh, en = _doc("zh", ZH), _doc("en", EN)
    links = (Link((0,), (0,), 0.9), Link((1,), (1,), 0.9), Link((2,), (), 0.8), Link((), (2,), 0.8))
    sa = None
    if sentences:
        zs = tuple(Sentence(i, i, 0, len(t), t) for i, t in enumerate(ZH))
        es = tuple(Sentence(i, i, 0, len(t), t) for i, t in enumerate(EN))
        sa = SentenceAlignment(zs, es, links)
    return PairResult("p", zh, en, links, sentences=sa)


def test_score_pair_shapes_omissions_and_additions(scorer):
    out = score_pair(_pair(), scorer)
    assert json.loads(json.dumps(out)) == out
    rows = out["paragraph_links"]
    assert [r["zh"] for r in rows] == [[0], [1], [2], []]
    assert rows[2]["fidelity"] == 0.0 and rows[2]["reasons"] == ["no English for this Chinese"]
    assert rows[3]["fidelity"] is None and rows[3]["reasons"] == ["no Chinese source"]
    scored = [rows[0]["fidelity"], rows[1]["fidelity"]]
    # the omission pulls the document down in proportion to what it left out
    assert out["document"]["fidelity"] < min(scored)
    assert any("no English" in r for r in out["document"]["reasons"])
    assert out["sentence_links"] == [] and out["signature"] == scorer.signature()


def test_score_pair_with_sentences_is_deterministic(scorer):
    a = score_pair(_pair(sentences=True), scorer)
    b = score_pair(_pair(sentences=True), scorer)
    assert json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)
    assert len(a["sentence_links"]) == 4
    assert a["sentence_links"][2]["fidelity"] == 0.0


# -- glossary terms -------------------------------------------------------------------------------


@pytest.mark.parametrize("zh,en,term,rendering", [
    ("宁德时代与福特汽车签署协议，将在美国建设电池工厂。",
     "CATL has signed an agreement with Ford to build a battery plant in the United States.", "宁德时代", "CATL"),
    ("国家统计局数据显示，国内生产总值稳步增长。", "NBS data showed steady GDP growth.", "国家统计局", "NBS"),
])
def test_glossary_term_is_one_word_rendered_by_its_approved_english(zh, en, term, rendering):
    a = fid.analyse(zh, en)
    assert term in a.zh_content and term not in a.zh_unmatched
    assert not any(term.startswith(w) or term.endswith(w) for w in a.zh_unmatched)  # not cut into 宁德|时代
    assert stem(rendering.lower()) not in a.en_uncovered


def test_company_name_from_the_glossary_counts_for_the_rendering(scorer):
    zh = "宁德时代与福特汽车签署协议，将在美国密歇根州建设电池工厂。"
    good = "CATL has signed an agreement with Ford to build a battery plant in Michigan in the United States."
    dropped = "Ford has signed an agreement to build a battery plant in Michigan in the United States."
    assert scorer.score(zh, good).score > scorer.score(zh, dropped).score
    assert not any("宁德" in r or "时代" in r for r in scorer.score(zh, good).reasons)


# -- length -------------------------------------------------------------------------------------


def _deviation(zh: str, en: str, ratio: float = 3.3) -> float:
    f = fid.feature_vector(fid.analyse(zh, en), ratio)
    return f["length_excess"] - f["length_shortfall"]


@pytest.mark.parametrize("number", ["2023", "4009.17", "22.01%", "1,256,000", "0.5"])
def test_digits_count_once_on_each_side_of_the_length(number):
    # English writes the Chinese's digits as they are: they lengthen both sides alike
    plain = _deviation("公司收入大幅增长。", "The company's revenue grew sharply.")
    with_number = _deviation(f"公司收入大幅增长{number}。", f"The company's revenue grew sharply, {number}.")
    assert abs(with_number - plain) < 0.05


def test_batch_ratio_leaves_digits_aside():
    pairs = [(f"收入增长了{n}亿元。", f"Revenue grew by {n} billion yuan.") for n in range(1000, 1030)]
    ratio = fid.fit_corpus_ratio([fid.analyse(z, e) for z, e in pairs])
    assert ratio == pytest.approx(len("Revenue grew by  billion yuan.") / len("收入增长了亿元"), rel=0.01)
