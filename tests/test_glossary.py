"""Glossaries: loading TSV/TBX, merging, finding terms in Chinese, finding renderings in English."""

from __future__ import annotations

from collections import Counter
from importlib import resources
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aligner.errors import InputError
from aligner.lexicon.glossary import (
    Glossary,
    GlossaryEntry,
    builtin_glossary,
    load_glossary,
    load_tbx,
    load_tsv,
    matches_rendering,
)

FIXTURES = Path(__file__).parent / "fixtures"
SAMPLE_TSV = FIXTURES / "glossary_sample.tsv"
SAMPLE_TBX = FIXTURES / "glossary_sample.tbx"
HEADER = "zh\tapproved\tforbidden\tnote\tcategory\n"


def entry(zh: str, approved: str, forbidden: str = "", source: str = "test") -> GlossaryEntry:
    return GlossaryEntry(zh, tuple(approved.split("|")), tuple(filter(None, forbidden.split("|"))), "", "", source)


# ---------------------------------------------------------------- loading the fixtures


@pytest.mark.parametrize(
    "path, zh, approved, forbidden, category",
    [
        (SAMPLE_TSV, "新质生产力", ("new quality productive forces", "new productive forces"), ("new quality productivity",), "politics"),
        (SAMPLE_TSV, "卡脖子", ("chokepoint", "stranglehold"), ("neck", "stuck neck"), "industry"),
        (SAMPLE_TSV, "天水华天", ("Tianshui Huatian",), (), "company"),
        (SAMPLE_TSV, "封测", ("packaging and testing", "assembly and test"), ("seal test", "closed test"), "technology"),
        (SAMPLE_TSV, "揭榜挂帅", ("open competition mechanism",), (), ""),
        (SAMPLE_TBX, "新质生产力", ("new quality productive forces",), ("new quality productivity",), "politics"),
        (SAMPLE_TBX, "封测", ("packaging and testing", "assembly and test"), ("sealing test",), "technology"),
        (SAMPLE_TBX, "封装测试", ("packaging and testing", "assembly and test"), ("sealing test",), "technology"),
        (SAMPLE_TBX, "宁德时代", ("CATL", "Contemporary Amperex Technology"), ("Ningde Times",), "company"),
        (SAMPLE_TBX, "两会", ("two sessions",), (), ""),
        (SAMPLE_TBX, "天水", ("Tianshui",), (), "place"),
    ],
)
def test_sample_entries(path, zh, approved, forbidden, category):
    e = load_glossary(path).get(zh)
    assert e is not None
    assert (e.approved, e.forbidden, e.category, e.source) == (approved, forbidden, category, str(path))


@pytest.mark.parametrize(
    "path, size, notes",
    [
        (SAMPLE_TSV, 7, {"卡脖子": 'The literal "neck" rendering is a mistranslation.', "天水华天": ""}),
        (
            SAMPLE_TBX,
            6,  # the zh-ja concept (光刻机) has no English side and is left out
            {
                "新质生产力": "Productive forces driven by innovation. Calque; reviewers reject it.",
                "宁德时代": "Battery maker based in Ningde, Fujian.",
                "两会": "",
            },
        ),
    ],
)
def test_sample_sizes_and_notes(path, size, notes):
    g = load_glossary(path)
    assert len(g) == size
    assert "光刻机" not in g
    for zh, note in notes.items():
        assert g.get(zh).note == note


def test_tbx_v3_termsec_and_dct_status(tmp_path):
    path = tmp_path / "v3.tbx"
    path.write_text(
        """<?xml version="1.0" encoding="UTF-8"?>
<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2"
     xmlns:basic="http://www.tbxinfo.net/ns/basic">
  <tbxHeader><fileDesc><sourceDesc><p>v3</p></sourceDesc></fileDesc></tbxHeader>
  <text><body>
    <conceptEntry id="a">
      <descrip type="subjectField">industry</descrip>
      <langSec xml:lang="zh-CN"><termSec><term>卡脖子</term></termSec></langSec>
      <langSec xml:lang="en">
        <descripGrp><descrip type="definition">A technology chokepoint.</descrip></descripGrp>
        <termSec><term>chokepoint</term>
          <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></termSec>
        <termSec><term>stuck neck</term>
          <basic:administrativeStatus>deprecatedTerm-admn-sts</basic:administrativeStatus></termSec>
        <termSec><term>bottleneck</term></termSec>
      </langSec>
    </conceptEntry>
    <conceptEntry id="b">
      <langSec xml:lang="zh"><termSec><term>两会</term></termSec></langSec>
      <langSec xml:lang="en-US"><termSec><term>two sessions</term>
        <termNote type="administrativeStatus">admittedTerm-admn-sts</termNote></termSec></langSec>
    </conceptEntry>
  </body></text>
</tbx>
""",
        encoding="utf-8",
    )
    g = load_tbx(path)
    assert len(g) == 2
    e = g.get("卡脖子")
    assert (e.approved, e.forbidden, e.category, e.note) == (
        ("chokepoint", "bottleneck"),
        ("stuck neck",),
        "industry",
        "A technology chokepoint.",
    )
    assert g.get("两会").approved == ("two sessions",)


def test_tsv_tolerates_bom_crlf_comments_and_column_order(tmp_path):
    path = tmp_path / "g.tsv"
    path.write_bytes(
        "\ufeff# comment\r\napproved\tzh\tnote\tforbidden\r\n\r\nHuawei\t华为\t\t\r\n".encode("utf-8")
    )
    e = load_tsv(path).get("华为")
    assert (e.approved, e.forbidden, e.note, e.category) == (("Huawei",), (), "", "")


# ---------------------------------------------------------------- merging and signatures


def test_merge_user_overrides_builtin():
    builtin = builtin_glossary()
    user = load_glossary(SAMPLE_TSV)
    merged = builtin.merge(user)
    assert merged.get("新质生产力").source == str(SAMPLE_TSV)
    assert "new productive forces" in merged.get("新质生产力").approved
    assert merged.get("华为").source == "builtin"  # untouched built-in entry
    assert merged.get("天水华天").approved == ("Tianshui Huatian",)  # user-only entry
    assert len(merged) == len(builtin) + sum(e.zh not in builtin for e in user)
    # merging builds a new glossary; the cached built-in one is unchanged
    assert builtin.get("新质生产力").source == "builtin"
    # the other direction: built-in entries win
    assert user.merge(builtin).get("新质生产力").source == "builtin"


def test_signature_tracks_content_not_source():
    a = Glossary([entry("华为", "Huawei", source="a.tsv")])
    b = Glossary([entry("华为", "Huawei", source="b.tsv")])
    c = Glossary([entry("华为", "Huawei|Huawei Technologies")])
    assert a.signature() == b.signature() != c.signature()
    assert len(a.signature()) == 12 and int(a.signature(), 16) >= 0
    assert builtin_glossary().signature() == builtin_glossary().merge(Glossary()).signature()


# ---------------------------------------------------------------- finding terms in Chinese

FIND_CASES = [
    ("加快发展新质生产力", [("新质生产力", 4, 9)]),
    ("十四届全国人民代表大会第二次会议", [("全国人民代表大会", 3, 11)]),
    ("省人民代表大会常务委员会", [("人民代表大会", 1, 7)]),
    ("宁德时代与比亚迪在合肥设厂", [("宁德时代", 0, 4), ("比亚迪", 5, 8), ("合肥", 9, 11)]),
    ("中芯国际的封测业务", [("中芯国际", 0, 4), ("封测", 5, 7)]),
    ("中国电子科技集团和中国电子", [("中国电子科技集团", 0, 8), ("中国电子", 9, 13)]),
    ("高通量卫星", [("高通量", 0, 3)]),
    ("国家发展改革委和工信部", [("国家发展改革委", 0, 7), ("工信部", 8, 11)]),
    ("今天天气很好", []),
    ("", []),
]


@pytest.mark.parametrize("text, expected", FIND_CASES)
def test_find_in_builtin(text, expected):
    found = builtin_glossary().find_in(text)
    assert [(e.zh, s, t) for e, s, t in found] == expected
    for e, s, t in found:
        assert text[s:t] == e.zh


def test_find_in_longest_first_beats_leftmost():
    g = Glossary([entry("AB", "x"), entry("BCD", "y"), entry("D", "z")])
    # leftmost-first would take AB and leave CD; the longer BCD wins instead
    assert [(e.zh, s, t) for e, s, t in g.find_in("ABCDD")] == [("BCD", 1, 4), ("D", 4, 5)]


@pytest.mark.parametrize(
    "text, boundaries, expected",
    [
        ("城市长期发展", None, ["市长"]),
        ("城市长期发展", {0, 2, 4, 6}, []),  # 城市|长期|发展: 市长 straddles two words
        ("长沙市市长", {0, 3, 5}, ["市长"]),  # 长沙市 is one word, so 长沙 straddles it; 市长 is whole
        ("全国人民代表大会", {0, 8}, ["全国人民代表大会"]),  # long terms are not held to boundaries
    ],
)
def test_find_in_word_boundaries(text, boundaries, expected):
    assert [e.zh for e, _, _ in builtin_glossary().find_in(text, boundaries)] == expected


# ---------------------------------------------------------------- finding renderings in English

RENDERING_CASES = [
    # (rendering, English text, expected matched text or None)
    ("new quality productive forces", "China will develop new quality productive forces.", "new quality productive forces"),
    ("new quality productive force", "developing new quality productive forces", "new quality productive forces"),
    ("new quality productive forces", "New Quality Productive Forces", "New Quality Productive Forces"),
    ("new quality productive forces", "new-quality productive forces", "new-quality productive forces"),
    ("new quality productivity", "new quality productive forces", None),  # derivation, not inflection
    ("two sessions", "during the Two Sessions in March", "Two Sessions"),
    ("two sessions", "the second session", None),
    ("neck", "a bottleneck in chips", None),  # whole words only
    ("neck", "a stuck-neck problem", "neck"),
    ("stuck neck", "the stuck-neck technologies", "stuck-neck"),
    ("stuck-neck", "stuck neck", "stuck neck"),
    ("chokepoint", "several choke points remain", "choke points"),
    ("choke point", "chokepoints", "chokepoints"),
    ("low-altitude economy", "the low altitude economy", "low altitude economy"),
    ("supply-side structural reform", "supply side structural reforms", "supply side structural reforms"),
    ("people's congress", "the People’s Congresses of provinces", "People’s Congresses"),
    ("industrial and supply chains", "stable industrial and supply chain", "industrial and supply chain"),
    ("strategic emerging industries", "a strategic emerging industry", "strategic emerging industry"),
    ("Chinese modernization", "Chinese-style modernisation", None),
    ("specialized and sophisticated", "specialised and sophisticated SMEs", "specialised and sophisticated"),
    ("data center", "new data centres", "data centres"),
    ("packaging and testing", "chip packaging and test", "packaging and test"),
    ("sealing test", "a sealed-testing line", "sealed-testing"),
    ("AI", "AI-powered devices", "AI"),
    ("AI", "AIs and robots", "AIs"),
    ("AI", "Ai Weiwei said", None),  # short acronyms keep their case
    ("SiC", "SiC MOSFETs", "SiC"),
    ("SiC", "the spelling [sic] is original", None),
    ("Nvidia", "NVIDIA shipped", "NVIDIA"),
    ("One Belt One Road", "the One Belt, One Road plan", None),  # a comma is not a space
    ("One Belt, One Road", "the One Belt, One Road plan", "One Belt, One Road"),
    ("chip design", "a chip. Design matters", None),  # no match across a full stop
    ("chip", "chipmaking equipment", None),
    ("R&D", "R & D spending", "R & D"),
    ("Xi'an", "in Xi’an", "Xi’an"),
    ("cut-throat competition", "cutthroat competition", "cutthroat competition"),
    ("stop", "stopped", "stopped"),
    ("", "anything", None),
    ("integrated circuit", "", None),
    # a coordination that shares the rendering's last words (风电和光伏发电, 新能源和智能网联汽车)
    ("wind power", "install wind and solar power capacity", "wind and solar power"),
    ("new energy vehicle", "new energy and intelligent connected vehicles", "new energy and intelligent connected vehicles"),
    ("wind power", "wind and, solar power", None),  # punctuation inside: not one phrase
    ("wind power", "wind and a great deal of solar power", None),  # too far apart
    # an abbreviation in brackets inside the rendering
    ("lithium iron phosphate battery", "lithium iron phosphate (LFP) batteries", "lithium iron phosphate (LFP) batteries"),
    ("power usage effectiveness", "the power usage (PUE) effectiveness", "power usage (PUE) effectiveness"),
    ("lithium battery", "lithium (ion) battery", None),  # not an abbreviation
]


@pytest.mark.parametrize("rendering, text, expected", RENDERING_CASES)
def test_matches_rendering(rendering, text, expected):
    span = matches_rendering(rendering, text)
    assert (text[span[0] : span[1]] if span else None) == expected


def test_forbidden_inside_an_approved_rendering_is_not_reported():
    e = entry("卡脖子", "bottleneck|neck and neck race", "neck")
    assert e.forbidden_in("a bottleneck") is None
    assert e.forbidden_in("a neck and neck race") is None
    assert e.forbidden_in("a neck and neck race with a stuck neck") == ("neck", 34, 38)
    assert e.approved_in("a neck and neck race") == ("neck and neck race", 2, 20)
    assert e.approved_in("nothing here") is None


_word = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=10)


@given(st.lists(_word, min_size=1, max_size=5), _word, _word)
def test_rendering_found_verbatim_in_any_sentence(words, before, after):
    rendering = " ".join(words)
    text = f"{before}, {rendering}. {after}"
    span = matches_rendering(rendering, text)
    assert span is not None
    assert text[span[0] : span[1]].lower() == rendering


# ---------------------------------------------------------------- malformed input


TSV_ERRORS = [
    # (file content, line named in the message, words the message must contain)
    ("zh\tapproved\tnote\n华为\tHuawei\t\n", 1, "missing column(s) forbidden"),
    ("zh\tapproved\tforbidden\tnote\tpinyin\n", 1, "unknown column(s) pinyin"),
    ("华为\tHuawei\t\t\n", 1, "missing column(s) zh, approved, forbidden, note"),
    (HEADER + "华为\tHuawei\t\tnote\tcompany\n百度\tBaidu\t\n", 3, "expected 5 tab-separated fields"),
    (HEADER + "# c\n\t Huawei\t\t\tcompany\n", 3, "zh term is empty"),
    (HEADER + "华为\t \t\t\tcompany\n", 2, "no approved rendering"),
    (HEADER + "华为\tHuawei\t\t\tcompany\n百度\tBaidu\t\t\t\n华为\tHuawei Technologies\t\t\t\n", 4, "already on line 2"),
    (HEADER + "卡脖子\tchokepoint|neck\tneck\t\t\n", 2, "both approved and forbidden"),
    ("# only a comment\n\n", None, "no header line"),
]


@pytest.mark.parametrize("content, line, words", TSV_ERRORS)
def test_malformed_tsv(tmp_path, content, line, words):
    path = tmp_path / "bad.tsv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_glossary(path)
    message = str(err.value)
    assert message.startswith(f"{path}: ")
    if line is not None:
        assert f": line {line}: " in message
    assert words in message
    assert "; " in message  # every message goes on to say the fix


def test_tsv_not_utf8_names_the_line(tmp_path):
    path = tmp_path / "gbk.tsv"
    path.write_bytes(HEADER.encode() + "华为\tHuawei\t\t\t\n".encode("utf-8") + "百度\tBaidu\t\t\t\n".encode("gbk"))
    with pytest.raises(InputError, match=r": line 3: not valid UTF-8; save the file as UTF-8"):
        load_tsv(path)


TBX_BODY = '<martif type="TBX-Basic"><text><body>{}</body></text></martif>'
ZH_EN = (
    '<termEntry><langSet xml:lang="zh"><tig><term>华为</term></tig></langSet>'
    '<langSet xml:lang="en">{}</langSet></termEntry>'
)

TBX_ERRORS = [
    ('<martif><text><body><termEntry></body></text></martif>', 1, "bad XML (mismatched tag"),
    ("<?xml version='1.0'?>\n<martif>\n<text>\n<body>\n", 5, "bad XML"),
    ('<tmx version="1.4"><body/></tmx>', 1, "root element is <tmx>"),
    (TBX_BODY.format("\n" + ZH_EN.format("<tig><term> </term></tig>")), 2, "has no <term> text"),
    (
        TBX_BODY.format(
            "\n\n" + ZH_EN.format('<tig><term>Huawei</term><termNote type="administrativeStatus">'
                                  "obsolete</termNote></tig>")
        ),
        3,
        "unknown administrativeStatus 'obsolete'",
    ),
    (
        TBX_BODY.format(
            "\n" + ZH_EN.format('<tig><term>Hua Wei</term><termNote type="administrativeStatus">'
                                "deprecatedTerm-admn-sts</termNote></tig>")
        ),
        2,
        "no approved rendering",
    ),
    (
        TBX_BODY.format("\n" + ZH_EN.format("<tig><term>Huawei</term></tig>") + "\n" + ZH_EN.format("<tig><term>HW</term></tig>")),
        3,
        "already has an entry on line 2",
    ),
]


@pytest.mark.parametrize("content, line, words", TBX_ERRORS)
def test_malformed_tbx(tmp_path, content, line, words):
    path = tmp_path / "bad.tbx"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_glossary(path)
    message = str(err.value)
    assert message.startswith(f"{path}: line {line}: ")
    assert words in message
    assert "; " in message


@pytest.mark.parametrize(
    "name, words",
    [("glossary.csv", "unknown glossary format '.csv'; give a .tsv or .tbx file"), ("missing.tsv", "cannot read glossary")],
)
def test_load_glossary_refuses_unknown_or_missing_files(tmp_path, name, words):
    path = tmp_path / name
    if name.endswith(".csv"):
        path.write_text("zh,approved\n", encoding="utf-8")
    with pytest.raises(InputError, match=words.replace("(", r"\(").replace(".", r"\.")):
        load_glossary(path)


# ---------------------------------------------------------------- the built-in glossary


def _builtin_rows() -> list[list[str]]:
    text = resources.files("aligner.lexicon").joinpath("data", "glossary_zh_en.tsv").read_text("utf-8")
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    assert lines[0] == HEADER.rstrip("\n")
    return [line.split("\t") for line in lines[1:]]


def test_builtin_size_and_no_duplicate_zh():
    rows = _builtin_rows()
    assert len(rows) >= 150
    duplicated = [zh for zh, n in Counter(r[0] for r in rows).items() if n > 1]
    assert duplicated == []
    assert len(builtin_glossary()) == len(rows)


def test_builtin_is_sorted_by_category_then_zh():
    keys = [(r[4], r[0]) for r in _builtin_rows()]
    assert keys == sorted(keys)


def test_builtin_entries_are_consistent():
    categories = {"politics", "institution", "industry", "technology", "company", "place"}
    for e in builtin_glossary():
        assert e.approved, e.zh
        assert e.category in categories, e.zh
        assert e.source == "builtin"
        assert not {r.casefold() for r in e.approved} & {r.casefold() for r in e.forbidden}, e.zh
        for r in e.approved + e.forbidden:
            # renderings are terms, not notes that slipped into the wrong column
            assert ";" not in r and not r.endswith(".") and len(r.split()) <= 10, (e.zh, r)
        for r in e.approved:
            # an approved rendering quoted verbatim is found, and no forbidden rendering is seen in it
            assert matches_rendering(r, f"In 2024, {r} grew.") is not None, (e.zh, r)
            assert e.forbidden_in(f"In 2024, {r} grew.") is None, (e.zh, r)


@pytest.mark.parametrize(
    "zh, approved, forbidden",
    [
        ("新质生产力", "new quality productive forces", "new quality productivity"),
        ("卡脖子", "chokepoint", "neck"),
        ("封测", "packaging and testing", "sealing test"),
        ("宁德时代", "CATL", "Ningde Times"),
        ("两会", "two sessions", None),
        ("全国人民代表大会", "NPC", None),
        ("粤港澳大湾区", "Guangdong-Hong Kong-Macao Greater Bay Area", None),
        ("中国电子", "China Electronics Corporation", None),
        ("工业母机", "machine tool", None),
        ("长沙", "Changsha", None),
        ("链长制", "chain leader system", "chain length"),
        ("地区生产总值", "GDP", None),
        ("居民消费价格", "CPI", None),
        ("新发展格局", "new pattern of development", None),
        ("现代化产业体系", "modernize the industrial system", None),
        ("国务院总理", "premier", None),
        ("外交部长", "foreign minister", None),
        ("联合国", "UN", None),
        ("动力电池", "EV battery", None),
    ],
)
def test_builtin_required_entries(zh, approved, forbidden):
    e = builtin_glossary().get(zh)
    assert approved in e.approved
    if forbidden is None:
        assert e.forbidden == ()
    else:
        assert forbidden in e.forbidden


def test_builtin_is_loaded_once():
    assert builtin_glossary() is builtin_glossary()
