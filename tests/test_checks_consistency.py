"""The consistency check: one term rendered several ways; different terms rendered the same way; batch-wide."""

from __future__ import annotations

import pytest

from aligner.checks import check_batch, consistency_flags, run_checks
from checks_util import entry, glossary, pair

G = glossary(
    entry("卡脖子", "chokepoint|stranglehold|bottleneck", "neck|stuck neck"),
    entry("新质生产力", "new quality productive forces|new productive forces", "new quality productivity"),
    entry("封测", "packaging and testing|assembly and test", "seal test|closed test"),
    entry("工业母机", "machine tool"),
    entry("母机", "machine tool"),
    entry("两会", "two sessions"),
    entry("赛道", "track|race track"),
    entry("领域", "field|domain"),
    entry("国内生产总值", "gross domestic product|GDP|gross national product"),
    entry("城镇新增就业", "new urban jobs|urban jobs"),
)


def consistency(zh: list[str], en: list[str]):
    return [f for f in run_checks(pair(zh, en), G, {"consistency"})]


# (zh paragraphs, en paragraphs): consistent renderings.
PASSES = [
    (["破解卡脖子问题。", "突破卡脖子技术。"], ["Solve chokepoint problems.", "Break through chokepoint technologies."]),
    (["破解卡脖子问题。", "突破卡脖子技术。", "卡脖子领域。"],
     ["Solve chokepoint problems.", "Break through chokepoints.", "Chokepoint fields."]),
    (["加快发展新质生产力。"], ["Develop new quality productive forces."]),
    (["发展新质生产力。", "培育新质生产力。"], ["Develop new quality productive forces.", "Foster new quality productive forces."]),
    (["推进封测项目。", "建设封测基地。"], ["Advance packaging and testing projects.", "Build a packaging and testing base."]),
    (["全国两会召开。", "两会期间。"], ["The Two Sessions open.", "During the two sessions."]),
    (["破解卡脖子问题。"], ["Solve chokepoint problems."]),
    (["发展工业母机。", "工业母机产业。"], ["Develop machine tools.", "The machine tool industry."]),
    # nested glossary terms (工业母机 / 母机) share their rendering by design
    (["发展工业母机。", "母机制造。"], ["Develop machine tools.", "Machine tool manufacturing."]),
    (["新赛道。", "新领域。"], ["New tracks.", "New fields."]),
    (["破解卡脖子问题。", "突破卡脖子技术。"], ["Solve chokepoint problems.", "Break through the chokepoints."]),
    (["破解卡脖子问题。", "突破卡脖子技术。"], ["Solve chokepoint problems.", "Break through key technologies."]),  # one unknown
    (["推进封测项目。"], ["Advance packaging and testing projects."]),
    (["没有术语。"], ["No terms."]),
    # the usual approved rendering is not flagged, only the odd one out
]

# (zh, en, expected flagged renderings)
FAILS = [
    (["破解卡脖子问题。", "突破卡脖子技术。", "卡脖子技术攻关。"],
     ["Crack the neck problems.", "Crack stuck neck technology.", "Tackle bottleneck technologies."],
     {"neck", "stuck neck", "bottleneck"}),
    (["破解卡脖子问题。", "突破卡脖子技术。"], ["Solve chokepoint problems.", "Break through bottleneck technologies."],
     {"chokepoint", "bottleneck"}),
    (["推进封测项目。", "建设封测基地。"], ["Advance closed test projects.", "Build a seal test base."],
     {"closed test", "seal test"}),
    # an acronym that is not the initials of the other rendering
    (["国内生产总值增长5.2%。", "国内生产总值增长5%左右。"],
     ["Gross national product grew 5.2 percent.", "GDP growth of around 5 percent."], {"gross national product", "gdp"}),
    (["发展新质生产力。", "培育新质生产力。", "形成新质生产力。"],
     ["Develop new quality productive forces.", "Foster new quality productive forces.", "Form new productive forces."],
     {"new productive forces"}),
    (["发展新质生产力。", "培育新质生产力。"], ["Develop new quality productivity.", "Foster new quality productive forces."],
     {"new quality productivity", "new quality productive forces"}),
    # two salient words off the glossary, each met twice, both rendered by the same dictionary sense
    (["推广减震技术。", "研发阻尼材料。", "减震装置。", "阻尼装置。"],
     ["Promote damping technology.", "Develop damping materials.", "Damping devices.", "Damping devices."], {"damping"}),
    (["破解卡脖子问题。", "突破卡脖子技术。", "卡脖子技术攻关。"],
     ["Solve chokepoint problems.", "Break the chokepoints.", "Tackle stranglehold technologies."], {"stranglehold"}),
]


@pytest.mark.parametrize("zh, en", PASSES)
def test_passes(zh, en):
    fs = [f for f in consistency(zh, en) if f.severity != "info" or f.message.startswith("different")]
    assert fs == [], fs


@pytest.mark.parametrize(
    "zh, en",
    [
        # an acronym and the words it abbreviates
        (["国内生产总值增长5.2%。", "国内生产总值增长5%左右。"],
         ["Gross domestic product (GDP) grew 5.2 percent.", "GDP growth of around 5 percent."]),
        # two approved renderings, one inside the other
        (["城镇新增就业1244万人。", "城镇新增就业1200万人以上。"],
         ["12.44 million urban jobs were added.", "Over 12 million new urban jobs."]),
    ],
)
def test_one_rendering_in_two_forms_is_not_even_an_info(zh, en):
    assert consistency(zh, en) == []


@pytest.mark.parametrize("zh, en, renderings", FAILS)
def test_fails(zh, en, renderings):
    fs = consistency(zh, en)
    assert {f.en.text.lower() for f in fs} == renderings, fs


def test_every_occurrence_is_listed_in_each_flag():
    zh, en, _ = FAILS[0]
    fs = consistency(zh, en)
    assert len(fs) == 3
    for f in fs:
        assert "“neck” (¶0)" in f.message and "“stuck neck” (¶1)" in f.message and "“bottleneck” (¶2)" in f.message


def test_a_paragraph_with_two_occurrences_is_named_once_with_its_count(tmp_path):
    from aligner.corpus.load import load_document
    from aligner.corpus.pairing import Pairing
    from aligner.pipeline import AlignOptions, run_pair

    zh, en = tmp_path / "zh.txt", tmp_path / "en.txt"
    zh.write_text("破解卡脖子问题。突破卡脖子技术。\n\n卡脖子技术攻关。\n", encoding="utf-8")
    en.write_text("Solve chokepoint problems. Break through chokepoint technologies.\n\nTackle bottleneck technologies.\n",
                  encoding="utf-8")
    result = run_pair(Pairing(load_document(zh, "zh"), load_document(en, "en"), "given"),
                      AlignOptions(backend="lexical", fidelity=False))
    fs = [f for f in result.flags if f.check == "consistency"]
    assert fs and all("“chokepoint” (¶0 ×2); “bottleneck” (¶1)" in f.message for f in fs), fs


# Batch-wide: the same term across pairs.
BATCH_CASES = [
    ([(["破解卡脖子问题。"], ["Solve chokepoint problems."]), (["突破卡脖子技术。"], ["Break through bottleneck technologies."])],
     {"a": 1, "b": 1}),
    ([(["破解卡脖子问题。"], ["Solve chokepoint problems."]), (["突破卡脖子技术。"], ["Break through chokepoint technologies."])],
     {"a": 0, "b": 0}),
    ([(["破解卡脖子问题。"], ["Solve chokepoint problems."]), (["突破卡脖子技术。"], ["Break through chokepoints."]),
      (["卡脖子技术。"], ["Neck technologies."])],
     {"a": 0, "b": 0, "c": 1}),
    ([(["推进封测项目。"], ["Advance seal test projects."]), (["建设封测基地。"], ["Build a closed test base."])],
     {"a": 1, "b": 1}),
    ([(["发展工业母机。"], ["Develop machine tools."]), (["工业母机产业。"], ["The machine tool industry."])],
     {"a": 0, "b": 0}),
]


@pytest.mark.parametrize("docs, expected", BATCH_CASES)
def test_batch(docs, expected):
    pairs = [pair(zh, en, pair_id=pid) for (zh, en), pid in zip(docs, "abc")]
    found = consistency_flags(pairs, G)
    assert {pid: len(fs) for pid, fs in found.items()} == expected


def test_batch_messages_name_the_other_pair_and_ids_match_single_runs():
    a = pair(["破解卡脖子问题。", "卡脖子技术。"], ["Solve neck problems.", "Bottleneck technologies."], pair_id="a")
    b = pair(["突破卡脖子技术。"], ["Break through stuck neck technologies."], pair_id="b")
    batch = consistency_flags([a, b], G)
    assert any("b ¶0" in f.message for f in batch["a"])
    single = {f.id for f in run_checks(a, G, {"consistency"})}
    assert single <= {f.id for f in batch["a"]}
    combined = check_batch([a, b], G, {"consistency", "terms"})
    assert {f.check for f in combined["a"]} == {"consistency", "terms"}


def test_batch_wide_pass_finds_each_paragraphs_terms_once(monkeypatch):
    """The batch-wide pass keeps what its second walk needs: per-text caches hold a few pairs, not a batch."""
    import aligner.checks.consistency as consistency

    seen = []
    real = consistency.key_terms
    monkeypatch.setattr(consistency, "key_terms", lambda text: seen.append(text) or real(text))
    # 芯片 is in no glossary and occurs in several pairs: the second walk looks for its renderings
    pairs = [pair(["发展芯片产业。", "芯片短缺。"], ["Develop the chip industry.", "A shortage of microchips."], pair_id="a"),
             pair(["进口芯片。"], ["Import semiconductors."], pair_id="b")]
    consistency_flags(pairs, G)
    assert sorted(seen) == sorted(p.text for pr in pairs for p in pr.zh.paragraphs)


def test_terms_found_where_pairs_were_aligned_give_the_same_flags_without_reading_them_again(monkeypatch):
    import json

    import aligner.checks.consistency as consistency
    from aligner.checks import pair_terms
    from aligner.checks.consistency import PairTerms

    # a glossary term across pairs, and 芯片 (no glossary entry) rendered two ways
    pairs = [pair(["破解卡脖子问题。", "发展芯片产业。"], ["Solve chokepoint problems.", "Develop the chip industry."],
                  pair_id="a"),
             pair(["突破卡脖子技术。", "芯片短缺。"], ["Break through bottleneck technologies.", "A shortage of microchips."],
                  pair_id="b"),
             pair(["芯片设计。"], ["Chip design."], pair_id="c")]
    expected = consistency_flags(pairs, G)
    assert any(expected.values())
    # as a worker would send them: JSON
    terms = {p.pair_id: PairTerms.from_json(json.loads(json.dumps(pair_terms(p, G)))) for p in pairs[:2]}
    seen = []
    real = consistency.key_terms
    monkeypatch.setattr(consistency, "key_terms", lambda text: seen.append(text) or real(text))
    assert consistency_flags(pairs, G, terms) == expected
    assert sorted(set(seen)) == ["芯片设计。"]  # only the pair without terms is read


def test_a_term_repeated_through_one_long_sentence_searches_the_sentence_once_per_rendering(monkeypatch):
    """Each mention of a word asks for its renderings in the same English text: the search runs once per
    (rendering, text), and the text is tokenised once, so a run-on sentence costs its length, not its
    length times its mentions (a 33,000-character one used to take over ten minutes)."""
    import aligner.lexicon.glossary as gl

    calls = []
    tokens = gl._tokens
    monkeypatch.setattr(gl, "_tokens", lambda text: calls.append(len(text)) or tokens(text))

    def searches(times: int) -> tuple[int, list]:
        gl._rendering_spans.cache_clear()
        gl._text_parts.cache_clear()
        calls.clear()
        zh = ["我们站在地球上仰望夜空，" * times + "地球很美。", "地球是我们的家。"]
        en = ["We stand on the earth and look up at the night sky, " * times + "the earth is beautiful.",
              "The earth is our home."]
        found = run_checks(pair(zh, en), G, {"consistency"})
        long_text = len(en[0])
        return sum(1 for n in calls if n == long_text), found

    few, flags_few = searches(5)
    many, flags_many = searches(60)
    assert few == many == 1
    assert [f.message for f in flags_few] == [f.message for f in flags_many]


def test_remembered_answers_are_the_searches_own():
    from aligner.lexicon.glossary import _rendering_spans, rendering_spans

    text = "Choke points, a chokepoint and the choke-point: chokepoints everywhere."
    first = rendering_spans("chokepoint", text)
    assert [text[s:e] for s, e in first] == ["Choke points", "chokepoint", "choke-point", "chokepoints"]
    first.clear()  # a caller's list is its own: changing it leaves the remembered answer alone
    assert len(rendering_spans("chokepoint", text)) == 4
    assert _rendering_spans.cache_info().hits >= 1
