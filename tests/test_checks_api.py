"""The checks' public API, stable flag ids, order, sentence links, and the `aligner check` command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aligner.checks import CHECKS, run_checks
from aligner.checks.flagid import disambiguate, flag_id
from aligner.cli import app
from aligner.errors import ConfigError
from aligner.model import Flag, Link, SentenceAlignment, Sentence
from checks_util import entry, glossary, pair

G = glossary(entry("卡脖子", "chokepoint|bottleneck", "neck|stuck neck"))

ZH = ["1月23日,广东省省长王伟中作2024年政府工作报告。", "靶向破解“卡脖子”问题。", "力争招商引资到位资金658亿元。"]
EN = ["Wang Weizhong, governor of Guangdong, delivered the 2024 report, Jan. 23, 2019.",
      "Targeted to crack the \"neck\" problems.", "We will strive to attract 658 billion yuan of investment."]


def test_registry_lists_the_families_in_order():
    assert list(CHECKS) == ["terms", "consistency", "numbers", "dates", "names", "omissions", "untranslated"]
    for check in CHECKS.values():
        assert check.severity in ("critical", "major", "minor", "info") and check.description


def test_unknown_check_is_a_config_error():
    with pytest.raises(ConfigError, match="choose from"):
        run_checks(pair(ZH, EN), G, {"spelling"})


def test_flags_come_in_document_order_and_are_deterministic():
    first = run_checks(pair(ZH, EN), G)
    again = run_checks(pair(ZH, EN), G)
    assert first == again
    paragraphs = [f.zh.paragraph if f.zh else f.en.paragraph for f in first]
    assert paragraphs == sorted(paragraphs)
    checks = {f.check for f in first}
    assert {"dates", "terms", "numbers"} <= checks


def test_ids_survive_unrelated_edits_elsewhere():
    before = {(f.check, f.message): f.id for f in run_checks(pair(ZH, EN), G)}
    zh = ["全国两会将于3月5日在北京召开。"] + ZH[:2] + ["推进产业升级。"] + ZH[2:]
    en = ["The Two Sessions will open in Beijing on March 5."] + EN[:2] + ["Promote industrial upgrading."] + EN[2:]
    after = {(f.check, f.message): f.id for f in run_checks(pair(zh, en), G)}
    assert before.items() <= after.items()


def test_ids_hash_texts_not_offsets():
    assert flag_id("numbers", "p", ["658亿元", "658 billion"]) == flag_id("numbers", "p", [" 658亿元", "658  Billion"])
    assert flag_id("numbers", "p", ["658亿元"]) != flag_id("numbers", "q", ["658亿元"])
    f = Flag("x", "numbers", "major", "m")
    a, b = disambiguate([f, f])
    assert a.id == "x" and b.id != "x"


def test_sentence_links_from_the_pair_are_used():
    zh_text = "加快发展数字经济。推动新能源汽车产业高质量发展，积极布局电机、电池、电控、车规级芯片等关键零部件产业链。"
    en_text = "Develop the digital economy."
    p = pair([zh_text], [en_text])
    s1 = zh_text.index("推动")
    sentences = SentenceAlignment(
        zh=(Sentence(0, 0, 0, s1, zh_text[:s1]), Sentence(1, 0, s1, len(zh_text), zh_text[s1:])),
        en=(Sentence(0, 0, 0, len(en_text), en_text),),
        links=(Link((0,), (0,), 1.0), Link((1,), (), 1.0)),
    )
    from dataclasses import replace

    flags = run_checks(replace(p, sentences=sentences), G, {"omissions"})
    assert [f.zh.text[:2] for f in flags if f.severity == "major"] == ["推动"]


def test_seed_like_pair_flags():
    flags = run_checks(pair(ZH, EN), G)
    majors = {(f.check, f.zh.text if f.zh else None) for f in flags if f.severity == "major"}
    assert ("dates", "1月23日") in majors
    assert ("terms", "卡脖子") in majors
    assert ("numbers", "658亿元") in majors


# ---------------------------------------------------------------- the CLI


CORPORA = Path(__file__).resolve().parent.parent / "corpora"


@pytest.fixture()
def files(tmp_path):
    """Six paragraphs of the seed pair (the English's 65.8 billion made 658 billion), long enough to align."""
    zh_lines = [l for l in (CORPORA / "zh" / "000_956485486ee5ccc0.txt").read_text("utf-8").split("\n") if l.strip()]
    en_lines = [l for l in (CORPORA / "en" / "002_a484c70458b5f49f.txt").read_text("utf-8").split("\n") if l.strip()]
    starts = ("On January 21, 2024", "We will work together", "Wang Weizhong", "To further promote",
              "Focusing on industrial", "Focus on expanding")
    en_sel = [next(e for e in en_lines if e.startswith(s)) for s in starts]
    en_sel[-1] = en_sel[-1].replace("65.8 billion", "658 billion")
    zh = tmp_path / "zh" / "a.txt"
    en = tmp_path / "en" / "a.txt"
    zh.parent.mkdir()
    en.parent.mkdir()
    zh.write_text("\n\n".join(zh_lines[k] for k in (4, 5, 7, 8, 26, 27)) + "\n", encoding="utf-8")
    en.write_text("\n\n".join(en_sel) + "\n", encoding="utf-8")
    return zh, en


def test_cli_json(files):
    zh, en = files
    result = CliRunner().invoke(app, ["check", "--backend", "lexical", str(zh), str(en), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    flags = data["pairs"][0]["flags"]
    assert any(f["check"] == "dates" and f["severity"] == "major" for f in flags)
    assert any(f["check"] == "numbers" and "658亿元 = 65.8 billion; the English says 658 billion" in f["message"]
               for f in flags)


def test_cli_fail_on_and_csv(files):
    zh, en = files
    result = CliRunner().invoke(app, ["check", "--backend", "lexical", str(zh), str(en), "--format", "csv", "--fail-on", "major"])
    assert result.exit_code == 3
    assert result.stdout.splitlines()[0].startswith("pair_id,id,check,severity")


def test_cli_batch_text(files):
    zh, en = files
    result = CliRunner().invoke(app, ["check", "--backend", "lexical", "--batch", str(zh.parent), str(en.parent), "--format", "text",
                                      "--checks", "dates"])
    assert result.exit_code == 0, result.output
    assert "Jan. 23, 2019" in result.stdout


def test_cli_review_db_closes_flags(files, tmp_path):
    from aligner.review.store import ReviewStore

    zh, en = files
    out = CliRunner().invoke(app, ["check", "--backend", "lexical", str(zh), str(en), "--format", "json", "--checks", "dates"])
    ids = [f["id"] for f in json.loads(out.stdout)["pairs"][0]["flags"]]
    db = tmp_path / "review.sqlite"
    store = ReviewStore(db)
    for i in ids:
        store.set(i, "dismissed")
    store.close()
    result = CliRunner().invoke(app, ["check", "--backend", "lexical", str(zh), str(en), "--checks", "dates", "--fail-on", "minor",
                                      "--review-db", str(db), "--format", "text"])
    assert result.exit_code == 0, result.output


def test_cli_bad_options(files):
    zh, en = files
    assert CliRunner().invoke(app, ["check", "--backend", "lexical", str(zh), str(en), "--format", "xml"]).exit_code == 2
    result = CliRunner().invoke(app, ["check", "--backend", "lexical", str(zh), str(en), "--checks", "spelling"])
    assert result.exit_code == 1 and "unknown check" in result.output


def test_an_omitted_sentence_folded_into_a_given_bead_is_still_found():
    zh_text = "加快发展数字经济。推动新能源汽车产业高质量发展，积极布局电机、电池、电控、车规级芯片等关键零部件产业链。"
    en_text = "Develop the digital economy."
    s1 = zh_text.index("推动")
    sentences = SentenceAlignment(
        zh=(Sentence(0, 0, 0, s1, zh_text[:s1]), Sentence(1, 0, s1, len(zh_text), zh_text[s1:])),
        en=(Sentence(0, 0, 0, len(en_text), en_text),),
        links=(Link((0, 1), (0,), 1.0),),  # the aligner had to place the sentence somewhere
    )
    from dataclasses import replace

    flags = run_checks(replace(pair([zh_text], [en_text]), sentences=sentences), G, {"omissions"})
    assert [f.zh.text[:2] for f in flags if f.severity == "major"] == ["推动"]
