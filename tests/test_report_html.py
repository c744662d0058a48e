"""The HTML reports: escaping, highlights, the reviewer's controls, page data, CSP, and the batch index."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from dataclasses import replace
from html.parser import HTMLParser

import pytest

from aligner.model import BatchResult, Document, Flag, Link, PairError, PairResult, Paragraph, Span, Unpaired
from aligner.report.html import fill, json_for_script, render_index, render_pair
from aligner.review import ReviewStore

SCRIPT = "<script>window.__pwned = 1</script>"
IMG = '"><img src=x onerror="window.__pwned = 2">'
ZH = ["来源:新华社", "全国两会将于3月5日在北京召开。", "新质生产力成为高频词汇。", "这一段没有译文。", f"标题{SCRIPT}{IMG}"]
EN = ["Blog post Details", "The Two Sessions will open in Beijing on March 6.", "New quality productivity is a buzzword.",
      "An added line with no original.", f"Title {IMG} and {SCRIPT} </textarea>@@rows@@"]


def make_pair(pair_id: str = "zh_doc__en_doc") -> PairResult:
    """Furniture, an omission, an addition, hostile text in the documents and in flags, fidelity scores."""
    zh = Document("corpora/zh/zh_doc.txt", "zh", tuple(
        Paragraph(k, t, boilerplate=k == 0, furniture="source" if k == 0 else None) for k, t in enumerate(ZH)), "0" * 64)
    en = Document(f"corpora/en/{IMG}.txt", "en", tuple(
        Paragraph(k, t, boilerplate=k == 0, furniture="site" if k == 0 else None) for k, t in enumerate(EN)), "1" * 64)
    links = (Link((1,), (1,), 0.93), Link((2,), (2,), 0.81), Link((3,), (), 0.6), Link((), (3,), 0.7),
             Link((4,), (4,), 0.5))
    flags = (
        Flag("f000000000000001", "numbers", "major", "3月5日 became March 6", Span(1, 7, 11, "3月5日"),
             Span(1, 39, 46, "March 6")),
        Flag("f000000000000002", "date", "minor", "the date moved", Span(1, 7, 13, "3月5日在北"), None),
        Flag("f000000000000003", "term_consistency", "minor", "新质生产力 rendered two ways",
             Span(2, 0, 5, "新质生产力"), Span(2, 0, 24, "New quality productivity")),
        Flag("f000000000000004", "markup", "critical", f"markup {SCRIPT}{IMG}", Span(4, 2, 10, ZH[4][2:10]),
             Span(4, 6, 20, EN[4][6:20]), suggestion=IMG),
        Flag("f000000000000005", "length", "info", "document is short", None, None, status="dismissed"),
    )
    fidelity = {"paragraph_links": [{"zh": [1], "en": [1], "fidelity": 42.0, "reasons": ["number mismatch"]},
                                    {"zh": [2], "en": [2], "fidelity": 88.5, "reasons": []}],
                "document": {"fidelity": 61.0, "reasons": ["one omission"]}}
    return PairResult(pair_id, zh, en, links, flags=flags, scores={"fidelity": fidelity},
                      pairing={"method": "stem", "score": None}, signature="aligner 0.1.0|test")


class Elements(HTMLParser):
    """Every start tag with its attributes, and the text of every <script>."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.scripts: list[tuple[dict, str]] = []
        self._in_script: dict | None = None
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag == "script":
            self._in_script = dict(attrs)

    def handle_data(self, data):
        if self._in_script is not None:
            self.scripts.append((self._in_script, data))

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = None


@pytest.fixture(scope="module")
def page() -> str:
    return render_pair(make_pair())


@pytest.fixture(scope="module")
def parsed(page) -> Elements:
    return Elements(page)


def _data(parsed: Elements) -> dict:
    [(_, text)] = [(a, t) for a, t in parsed.scripts if a.get("type") == "application/json"]
    return json.loads(text)


# -- a hostile corpus cannot inject ----------------------------------------------------------


def test_document_text_cannot_inject_elements(page, parsed):
    assert SCRIPT not in page and "<img" not in page
    assert [t for t, _ in parsed.tags if t in ("img", "textarea")] == []
    assert not any(k.startswith("on") for _, attrs in parsed.tags for k in attrs)
    # exactly our two scripts: the data block and the page's code
    assert [a.get("type") for a, _ in parsed.scripts] == ["application/json", None]
    assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt;" in page


def test_placeholders_in_text_are_not_filled(page):
    assert "@@rows@@" in page  # the English paragraph's own text, shown as text
    assert fill("@@a@@ @@b@@", {"a": "@@b@@", "b": "x"}) == "@@b@@ x"


def test_page_data_survives_hostile_text(parsed):
    data = _data(parsed)
    assert data["pair_id"] == "zh_doc__en_doc"
    assert data["flags"]["f000000000000004"]["severity"] == "critical"
    assert "</" not in json_for_script({"x": "</script><!--"})
    assert json.loads(json_for_script({"x": "</script>\u2028&"})) == {"x": "</script>\u2028&"}


def test_csp_allows_only_the_page_script(page, parsed):
    [(_, code)] = [(a, t) for a, t in parsed.scripts if a.get("type") is None]
    csp = next(a["content"] for t, a in parsed.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy")
    digest = base64.b64encode(hashlib.sha256(code.encode()).digest()).decode()
    assert f"script-src 'sha256-{digest}'" in csp
    assert "default-src 'none'" in csp and "connect-src 'none'" in csp
    assert "http://" not in page.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "https://" not in page


# -- what a reviewer sees ----------------------------------------------------------------------


def test_flagged_spans_are_marked_in_both_languages(parsed):
    marks = [a for t, a in parsed.tags if t == "mark"]
    with_first = [m for m in marks if "f000000000000001" in m["data-flags"].split()]
    assert len(with_first) >= 2  # Chinese and English
    assert all("3月5日 became March 6" in m["title"] for m in with_first)
    # overlapping flags share the overlap, the worse severity colours it
    both = [m for m in marks if set(m["data-flags"].split()) == {"f000000000000001", "f000000000000002"}]
    assert both and "sev-major" in both[0]["class"]


def test_side_list_has_a_controllable_item_per_flag(parsed):
    items = [a for t, a in parsed.tags if t == "li" and "flag-item" in a.get("class", "")]
    assert [i["data-flag"] for i in items] == ["f000000000000001", "f000000000000002", "f000000000000003",
                                               "f000000000000004", "f000000000000005"]
    assert items[0]["data-severity"] == "major" and items[0]["data-check"] == "numbers"
    assert items[0]["data-row"] == "link-0" and items[4]["data-row"] == ""
    assert items[4]["data-status"] == "dismissed"
    buttons = [a["data-set"] for t, a in parsed.tags if t == "button" and "data-set" in a]
    assert buttons[:4] == ["confirmed", "dismissed", "fixed", "open"]


def test_filters_offer_every_check_severity_and_status(parsed):
    options = [a["value"] for t, a in parsed.tags if t == "option"]
    assert options == ["", "date", "length", "markup", "numbers", "term_consistency"]
    boxes = {(a["name"], a["value"]) for t, a in parsed.tags if t == "input" and a.get("type") == "checkbox" and "name" in a}
    assert {("severity", s) for s in ("critical", "major", "minor", "info")} <= boxes
    assert {("status", s) for s in ("open", "confirmed", "dismissed", "fixed")} <= boxes


def test_rows_show_furniture_gaps_and_fidelity(parsed, page):
    rows = {a["id"]: a for t, a in parsed.tags if t == "tr" and "id" in a}
    assert "furniture" in rows["furn-0"]["class"]
    assert "omission" in rows["link-2"]["class"] and "addition" in rows["link-3"]["class"]
    assert rows["link-0"]["style"] == "--fid:42" and rows["link-1"]["style"] == "--fid:88"
    assert "style" not in rows["link-4"]  # no score: a neutral band, not a green one
    assert "(no English)" in page and "(no Chinese)" in page
    assert "number mismatch" in page and "fidelity: <b>61</b>" in page


def test_decisions_add_comments(parsed):
    from aligner.review.store import Decision

    text = render_pair(make_pair(), {"f000000000000001": Decision("f000000000000001", "open", "ana", "look <here>", "t")})
    data = _data(Elements(text))
    assert data["flags"]["f000000000000001"]["comment"] == "look <here>"
    assert 'value="look &lt;here&gt;"' in text


def test_a_stored_decision_says_who_made_it_and_when(parsed):
    from aligner.review.store import Decision

    text = render_pair(make_pair(), {
        "f000000000000001": Decision("f000000000000001", "dismissed", "ana <a>", "", "2026-11-22T03:40:13.750000Z"),
        "f000000000000003": Decision("f000000000000003", "confirmed", "", "a comment longer than its box",
                                     "2026-11-23T09:05:00.000000Z")})
    item = text.split('id="flag-f000000000000001"')[1].split("</li>")[0]
    assert '<div class="decided">stored: dismissed by ana &lt;a&gt; · 2026-11-22 03:40 UTC</div>' in item
    item = text.split('id="flag-f000000000000003"')[1].split("</li>")[0]
    assert '<div class="decided">stored: confirmed · 2026-11-23 09:05 UTC: a comment longer than its box</div>' in item
    assert 'class="decided"' not in text.split('id="flag-f000000000000002"')[1].split("</li>")[0]


def test_render_is_deterministic():
    assert render_pair(make_pair()) == render_pair(make_pair())


def test_a_pair_without_flags_or_scores():
    text = render_pair(replace(make_pair(), flags=(), scores={}))
    assert "No flags." in text and "--fid" not in text.split("<tbody>")[1]


# -- the batch index ---------------------------------------------------------------------------


def _batch(*pairs: PairResult) -> BatchResult:
    return BatchResult(pairs, (Unpaired(f"corpora/zh/{SCRIPT}.txt", "zh", "no English rendering found", 0.07, "x.txt"),),
                       (PairError("corpora/en/bad.txt", "cannot decode"),), "aligner 0.1.0|test")


def test_index_lists_pairs_unpaired_and_errors():
    index = render_index(_batch(make_pair()))
    p = Elements(index)
    assert SCRIPT not in index and "<img" not in index
    assert any(t == "table" and "sortable" in a.get("class", "") for t, a in p.tags)
    assert 'href="zh_doc__en_doc/report.html"' in index
    assert "no English rendering found" in index and "cannot decode" in index
    row = index.split('href="zh_doc__en_doc/report.html"')[1].split("</tr>")[0]
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row)
    # fidelity, links, omissions, additions, confidence, 4 severities, 4 statuses, new, gone
    assert cells[3:] == ["61", "5", "1", "1", "0.71", "1", "1", "2", "1", "4", "0", "1", "0", "", ""]


def test_index_shows_every_mean_confidence_to_two_places_and_sorts_on_the_full_value():
    """0.958 and 0.7681 side by side read as if measured differently; the pair pages say "conf 0.96"."""
    pairs = [replace(make_pair(pid), links=tuple(replace(link, confidence=c) for link in make_pair().links))
             for pid, c in (("a__a", 0.958), ("b__b", 0.76812))]
    index = render_index(_batch(*pairs))
    assert '<td class="num" data-sort="0.958">0.96</td>' in index
    assert '<td class="num" data-sort="0.7681">0.77</td>' in index


def test_index_histogram_of_paragraph_fidelity():
    index = render_index(_batch(make_pair()))
    svg = index.split('<svg id="fid-hist"')[1].split("</svg>")[0]
    assert svg.count("<rect") == 10
    assert "<title>40–50: 1</title>" in svg and "<title>80–90: 1</title>" in svg
    assert "No fidelity scores" in render_index(_batch(replace(make_pair(), scores={})))


def test_index_groups_consistency_flags_by_chinese_term():
    second = replace(make_pair("other__pair"))
    index = render_index(_batch(make_pair(), second))
    block = index.split('id="consistency"')[1].split("</div>")[0]
    assert block.count("<summary>") == 1
    assert '<span lang="zh">新质生产力</span> <small>2 flags</small>' in block
    assert "other__pair/report.html#flag-f000000000000003" in block


def test_index_shows_new_and_gone_flags_since_the_last_run(tmp_path):
    pair = make_pair()
    with ReviewStore(tmp_path / "review.sqlite") as store:
        first = store.record_run(pair.pair_id, pair.flags)
        assert "First run of this pair" in render_index(_batch(pair), {pair.pair_id: first})
        changed = replace(pair, flags=pair.flags[1:] + (Flag("f000000000000009", "names", "major", "a new name"),))
        diff = store.record_run(pair.pair_id, changed.flags)
    index = render_index(_batch(changed), {pair.pair_id: diff})
    changes = index.split('id="changes"')[1]
    assert "New (1)" in changes and "a new name" in changes
    assert "Disappeared (1)" in changes and "3月5日 became March 6" in changes
    assert "No review database was used" in render_index(_batch(changed))


def test_a_gone_flag_shows_the_decision_made_since_its_run(tmp_path):
    """A reviewer marks a flag fixed after the run that found it; the translator's fix makes it disappear."""
    pair = make_pair()
    with ReviewStore(tmp_path / "review.sqlite") as store:
        store.record_run(pair.pair_id, pair.flags)
        store.set(pair.flags[0].id, "fixed", "ana", "now March 5")
        diff = store.record_run(pair.pair_id, pair.flags[1:])
    gone = render_index(_batch(replace(pair, flags=pair.flags[1:])), {pair.pair_id: diff}).split('class="gone"')[1]
    assert "3月5日 became March 6 <small>(major, fixed)</small>" in gone


def test_a_flag_marked_fixed_that_the_next_run_finds_again_is_listed(tmp_path):
    pair = make_pair()
    with ReviewStore(tmp_path / "review.sqlite") as store:
        store.review(pair)
        store.set(pair.flags[0].id, "fixed", "ana")
        store.set(pair.flags[1].id, "dismissed", "ana")
        again, diff = store.review(pair)  # the English was not changed
    changes = render_index(_batch(again), {pair.pair_id: diff}).split('id="changes"')[1]
    assert "Marked fixed, still found (1)" in changes
    still = changes.split('class="still"')[1].split("</ul>")[0]
    assert 'href="zh_doc__en_doc/report.html#flag-f000000000000001"' in still and "the date moved" not in still
    with ReviewStore(tmp_path / "review.sqlite") as store:
        _, diff = store.review(replace(pair, flags=pair.flags[1:]))  # now it was
    assert "still found" not in render_index(_batch(replace(pair, flags=pair.flags[1:])), {pair.pair_id: diff})


def test_index_links_percent_encode_file_names(tmp_path):
    """A # or ? in a file name is part of the name; a name that starts "javascript:" is no link scheme."""
    from typer.testing import CliRunner

    from aligner.cli import app

    zh, en = tmp_path / "zh", tmp_path / "en"
    zh.mkdir()
    en.mkdir()
    for name in ("a#b?.txt", "javascript:x.txt"):
        (zh / name).write_text("科技创新\n\n全省投资658亿元，用于建设新型基础设施。\n", encoding="utf-8")
        (en / name).write_text("Innovation\n\nThe province invests 65.8 billion yuan in new infrastructure.\n",
                               encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["batch", str(zh), str(en), "--out", str(out), "-q", "-b", "lexical"])
    assert result.exit_code == 0, result.output
    index = (out / "index.html").read_text(encoding="utf-8")
    assert 'href="a%23b%3F__a%23b%3F/report.html"' in index
    assert 'href="javascript%3Ax__javascript%3Ax/report.html"' in index
    assert 'href="javascript:' not in index
