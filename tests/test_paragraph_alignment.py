"""The paragraph DP on hand-made cost matrices, a path property, and the seed pair."""

import math
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aligner.align.dp import best_path
from aligner.align.paragraphs import align_paragraphs
from aligner.corpus.load import load_document

ROOT = Path(__file__).resolve().parent.parent
ZH = ROOT / "corpora/zh/000_956485486ee5ccc0.txt"
EN = ROOT / "corpora/en/002_a484c70458b5f49f.txt"
BEADS = ((1, 1), (1, 0), (0, 1), (1, 2), (2, 1), (2, 2), (1, 3), (3, 1), (1, 4), (4, 1))


def costs_from(sim: np.ndarray, skip: float = 0.6, merge: float = 0.3) -> dict:
    """Bead costs from a 1-1 similarity matrix; merged beads use the mean similarity."""
    n, m = sim.shape
    costs = {b: np.full((n + 1, m + 1), math.inf) for b in BEADS}
    for i in range(n + 1):
        for j in range(m + 1):
            if i:
                costs[(1, 0)][i, j] = skip
            if j:
                costs[(0, 1)][i, j] = skip
            for a, b in ((1, 1), (1, 2), (2, 1), (2, 2)):
                if i >= a and j >= b:
                    s = sim[i - a:i, j - b:j].mean()
                    costs[(a, b)][i, j] = (a + b) / 2 * (1 - s) + merge * (a + b - 2)
    return costs


def beads(steps):
    return [(st.i1 - st.i0, st.j1 - st.j0) for st in steps]


def test_diagonal_is_one_to_one():
    sim = np.eye(4) * 0.9 + 0.05
    steps = best_path(costs_from(sim), 4, 4)
    assert beads(steps) == [(1, 1)] * 4
    assert all(st.posterior > 0.9 for st in steps)


def test_omission_in_the_middle():
    # zh item 1 has no counterpart: the English goes 0 -> 0, 2 -> 1
    sim = np.array([[0.9, 0.1], [0.1, 0.1], [0.1, 0.9]])
    steps = best_path(costs_from(sim), 3, 2)
    assert [(st.i0, st.i1, st.j0, st.j1) for st in steps] == [(0, 1, 0, 1), (1, 2, 1, 1), (2, 3, 1, 2)]


def test_addition_at_the_start():
    sim = np.array([[0.05, 0.9, 0.1], [0.05, 0.1, 0.9]])
    steps = best_path(costs_from(sim), 2, 3)
    assert beads(steps) == [(0, 1), (1, 1), (1, 1)]


def test_split_paragraph_is_one_to_two():
    sim = np.array([[0.8, 0.8, 0.0], [0.0, 0.0, 0.9]])
    steps = best_path(costs_from(sim, merge=0.05), 2, 3)
    assert beads(steps) == [(1, 2), (1, 1)]


def test_inf_costs_are_never_taken():
    sim = np.eye(3)
    costs = costs_from(sim)
    costs[(1, 1)][2, 2] = math.inf
    steps = best_path(costs, 3, 3)
    assert (1, 2, 1, 2) not in [(st.i0, st.i1, st.j0, st.j1) for st in steps]


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 7), st.integers(0, 7), st.data())
def test_path_is_monotone_and_covers_every_item_once(n, m, data):
    if n == 0 and m == 0:
        return
    sim = np.array(data.draw(st.lists(st.lists(st.floats(0, 1), min_size=m, max_size=m), min_size=n, max_size=n))).reshape(n, m)
    steps = best_path(costs_from(sim), n, m)
    zh_seen = [i for stp in steps for i in range(stp.i0, stp.i1)]
    en_seen = [j for stp in steps for j in range(stp.j0, stp.j1)]
    assert zh_seen == list(range(n)) and en_seen == list(range(m))
    for a, b in zip(steps, steps[1:]):
        assert a.i1 == b.i0 and a.j1 == b.j0
    assert all(0.0 <= stp.posterior <= 1.0 for stp in steps)


@pytest.fixture(scope="module")
def seed_links():
    zh, en = load_document(ZH, "zh"), load_document(EN, "en")
    return zh, en, align_paragraphs(zh, en)


def test_seed_body_paragraphs_are_one_to_one(seed_links):
    zh, en, links = seed_links
    body = [p.id for p in zh.paragraphs if not p.boilerplate]
    assert len(body) == 40
    one_to_one = {link.zh[0]: link.en[0] for link in links if link.kind == "1-1"}
    assert sorted(one_to_one) == body
    # the rendering keeps the order and puts one English paragraph per Chinese one
    en_ids = [one_to_one[i] for i in body]
    assert en_ids == sorted(en_ids)
    assert all(0.0 <= link.confidence <= 1.0 for link in links)


def test_seed_english_headings_and_furniture_are_not_linked(seed_links):
    zh, en, links = seed_links
    linked_en = {j for link in links if link.zh for j in link.en}
    for p in en.paragraphs:
        if p.text.startswith(("Beijing: Targeting", "Guangdong: Promote", "Zhejiang: Make", "What is new quality",
                              "Jessie ", "Blog post", "Previous article", "Next article", "Submit")):
            assert p.id not in linked_en, p.text


def test_every_content_paragraph_in_exactly_one_link(seed_links):
    zh, en, links = seed_links
    for doc, side in ((zh, "zh"), (en, "en")):
        ids = [i for link in links for i in getattr(link, side)]
        assert sorted(ids) == [p.id for p in doc.paragraphs if not p.boilerplate]


def _full_path_links(zh, en):
    from aligner.align.paragraphs import ParagraphCosts, paragraph_costs

    zp, ep = list(zh.content), list(en.content)
    params = ParagraphCosts()
    costs, _ = paragraph_costs(zp, ep, params)
    steps = best_path(costs, len(zp), len(ep), temperature=params.temperature)
    return {(tuple(zp[k].id for k in range(s.i0, s.i1)), tuple(ep[k].id for k in range(s.j0, s.j1))): s.posterior
            for s in steps}


def _shifted(tmp_path, extra: int):
    """The seed pair with `extra` English-only paragraphs in front (lines of a novel) and `extra`
    Chinese-only ones at the end (another Chinese article): a path that runs far off the diagonal."""
    other_zh = sorted((ROOT / "corpora/zh").glob("003_*.txt"))[0]
    zh_extra = [p for p in other_zh.read_text(encoding="utf-8").split("\n") if len(p.strip()) > 30][:extra]
    en_extra = (ROOT / "tests/fixtures/mac_excerpt/001.en").read_text(encoding="utf-8").splitlines()[:extra]
    assert len(zh_extra) == len(en_extra) == extra
    zh_text = ZH.read_text(encoding="utf-8").rstrip("\n")
    en_text = EN.read_text(encoding="utf-8")
    (tmp_path / "zh.txt").write_text(zh_text + "\n\n" + "\n\n".join(zh_extra) + "\n", encoding="utf-8")
    (tmp_path / "en.txt").write_text("\n\n".join(en_extra) + "\n\n" + en_text, encoding="utf-8")
    return load_document(tmp_path / "zh.txt", "zh"), load_document(tmp_path / "en.txt", "en")


@pytest.mark.parametrize("radius", [3, 6])
def test_long_documents_are_aligned_in_a_band_that_widens_to_the_whole_path(tmp_path, monkeypatch, radius):
    """Past FULL_UP_TO paragraphs the DP runs in a band around the diagonal, doubled while the path runs
    along its edge: the links are those of the whole matrix, here for a path 25 cells off the diagonal."""
    import aligner.align.dp as dp
    import aligner.align.paragraphs as paragraphs

    zh, en = _shifted(tmp_path, 25)
    full = _full_path_links(zh, en)
    monkeypatch.setattr(paragraphs, "FULL_UP_TO", 10)
    monkeypatch.setattr(paragraphs, "BAND_RADIUS", radius)
    radii = []
    diagonal = dp.Band.diagonal
    monkeypatch.setattr(dp.Band, "diagonal", classmethod(lambda cls, n, m, r: radii.append(r) or diagonal(n, m, r)))
    links = align_paragraphs(zh, en)
    assert len(radii) >= 2 and radii == sorted(radii)  # it had to widen
    assert {(l.zh, l.en) for l in links} == set(full)
    # the kept links are as sure as over the whole matrix (skips may swap order among equal-cost paths)
    for link in links:
        if link.zh and link.en:
            assert link.confidence == pytest.approx(full[(link.zh, link.en)], abs=1e-3)


def test_documents_up_to_the_limit_use_the_whole_matrix(tmp_path):
    from aligner.align.paragraphs import FULL_UP_TO

    zh, en = _shifted(tmp_path, 3)
    assert max(len(list(zh.content)), len(list(en.content))) <= FULL_UP_TO
    full = _full_path_links(zh, en)
    assert {(l.zh, l.en): l.confidence for l in align_paragraphs(zh, en)} == {k: round(v, 4) for k, v in full.items()}


def test_similarities_do_not_depend_on_the_hash_seed():
    """Sets yield their stems in an order that changes with PYTHONHASHSEED; the sums over them must not,
    or two runs on the same input could break a tie between equal-cost paths differently."""
    import os
    import subprocess
    import sys

    code = (
        "from pathlib import Path\n"
        "from aligner.corpus.load import load_document\n"
        "from aligner.align.features import Idf, en_bag, zh_bag, lexical_similarity\n"
        f"zh = [p.text for p in load_document(Path({str(ZH)!r}), 'zh').content]\n"
        f"en = [p.text for p in load_document(Path({str(EN)!r}), 'en').content]\n"
        "zb, eb = [zh_bag(t) for t in zh], [en_bag(t) for t in en]\n"
        "idf = Idf.fit(zb, eb)\n"
        "print([repr(lexical_similarity(z, e, idf)) for z in zb[:12] for e in eb[:12]])\n"
    )
    outs = set()
    for seed in ("1", "2", "3"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        run = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, cwd=ROOT,
                             check=True)
        outs.add(run.stdout)
    assert len(outs) == 1 and "0." in next(iter(outs))


def test_headings_facing_each_other_are_linked(tmp_path):
    """A short heading shares few words with its rendering; it is still that heading's pair, not one
    heading each side dropped."""
    (tmp_path / "zh.txt").write_text(
        "为加快推进新型工业化，工业和信息化部决定开展2024年度智能制造试点示范行动。有关事项通知如下。\n\n"
        "三、工作程序\n\n"
        "请各地工业和信息化主管部门于2024年7月31日前将推荐材料报送工业和信息化部。逾期不予受理。\n\n"
        "四、申报要求\n\n"
        "申报单位应在中华人民共和国境内注册，具有独立法人资格，运营和财务状况良好。\n", encoding="utf-8")
    (tmp_path / "en.txt").write_text(
        "To accelerate new industrialization, the Ministry of Industry and Information Technology has decided to "
        "launch the 2024 smart manufacturing pilot and demonstration initiative. The relevant matters are hereby "
        "notified as follows.\n\n"
        "III. Procedures\n\n"
        "Local industry and information technology authorities are requested to submit their recommendations "
        "to the Ministry of Industry and Information Technology by July 31, 2024. Late submissions will not be "
        "accepted.\n\n"
        "IV. Eligibility\n\n"
        "Applicants shall be registered in the People's Republic of China, have independent legal person status, "
        "and be in good operating and financial condition.\n", encoding="utf-8")
    zh, en = load_document(tmp_path / "zh.txt", "zh"), load_document(tmp_path / "en.txt", "en")
    assert [p.heading for p in zh.paragraphs] == [p.heading for p in en.paragraphs] == [False, True, False, True, False]
    links = align_paragraphs(zh, en)
    assert [(l.zh, l.en) for l in links] == [((k,), (k,)) for k in range(5)]


def test_a_list_rendered_as_one_paragraph_is_one_link(tmp_path):
    """Four short list items the English runs together in one paragraph: a 4-1 link, not two items dropped."""
    (tmp_path / "zh.txt").write_text(
        "2024年3月29日，华为发布2023年年度报告。报告显示，华为整体经营情况符合预期，实现全球销售收入7042亿元人民币。\n\n"
        "主要业务表现如下：\n\n"
        "1. ICT基础设施业务实现销售收入3620亿元人民币，同比增长2.3%。\n\n"
        "2. 终端业务实现销售收入2515亿元人民币，同比增长17.3%。\n\n"
        "3. 数字能源业务实现销售收入526亿元人民币，同比增长2.3%。\n\n"
        "4. 华为云业务实现销售收入553亿元人民币，同比增长21.9%。\n\n"
        "华为轮值董事长孟晚舟在发布会上表示，面向未来，华为将继续聚焦ICT基础设施和智能终端，持续为客户创造价值。\n",
        encoding="utf-8")
    (tmp_path / "en.txt").write_text(
        "On March 29, 2024, Huawei released its 2023 annual report. The report shows that Huawei's overall "
        "performance was in line with expectations, with global sales revenue of CNY704.2 billion.\n\n"
        "Performance by business segment:\n\n"
        "Revenue from ICT infrastructure reached CNY362 billion, up 2.3% year-on-year. The consumer business "
        "posted revenue of CNY251.5 billion, up 17.3%. Digital power generated CNY52.6 billion, up 2.3%, and "
        "Huawei Cloud CNY55.3 billion, up 21.9%.\n\n"
        "Speaking at the launch, Huawei's rotating chairwoman Sabrina Meng said that Huawei will stay focused on "
        "ICT infrastructure and smart devices and keep creating value for customers.\n", encoding="utf-8")
    links = align_paragraphs(load_document(tmp_path / "zh.txt", "zh"), load_document(tmp_path / "en.txt", "en"))
    assert [(l.zh, l.en) for l in links] == [((0,), (0,)), ((1,), (1,)), ((2, 3, 4, 5), (2,)), ((6,), (3,))]
