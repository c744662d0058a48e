"""Reading documents: encodings, formats, and one-line errors for every kind of bad file."""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aligner.corpus.formats import docx_paragraphs, html_paragraphs, markdown_text
from aligner.corpus.load import decode_text, load_document, parse_document, split_paragraphs
from aligner.errors import InputError

FIXTURES = Path(__file__).parent / "fixtures" / "inputs"
ZH = (FIXTURES / "golden_age.zh.txt").read_text(encoding="utf-8")
EN = (FIXTURES / "golden_age.en.txt").read_text(encoding="utf-8")
TRAD = (FIXTURES / "golden_age.trad.txt").read_text(encoding="utf-8")
ZH_PARAS = [p for p in ZH.split("\n") if p]
EN_PARAS = [p for p in EN.split("\n") if p]


def make_docx(paragraphs: list[str], extra_body: str = "") -> bytes:
    body = "".join(f'<w:p><w:r><w:t xml:space="preserve">{escape(p)}</w:t></w:r></w:p>' for p in paragraphs)
    xml = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
           '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
           f"<w:body>{body}{extra_body}</w:body></w:document>")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", xml)
    return buf.getvalue()


# ---------------------------------------------------------------- encodings

@pytest.mark.parametrize(
    "raw, lang, encoding, text",
    [
        (ZH.encode("utf-8"), "zh", "utf-8", ZH),
        (b"\xef\xbb\xbf" + ZH.encode("utf-8"), "zh", "utf-8-sig", ZH),
        (b"\xff\xfe" + ZH.encode("utf-16-le"), "zh", "utf-16-le", ZH),
        (b"\xfe\xff" + ZH.encode("utf-16-be"), "zh", "utf-16-be", ZH),
        (ZH.encode("gbk"), "zh", "gbk", ZH),
        (ZH[:40].encode("gbk"), "zh", "gbk", ZH[:40]),  # short: one sentence
        (("𠀀" + ZH).encode("gb18030"), "zh", "gb18030", "𠀀" + ZH),  # beyond GBK
        (TRAD.encode("big5"), "zh", "big5", TRAD),
        (TRAD[:30].encode("big5"), "zh", "big5", TRAD[:30]),
        (EN.encode("utf-8"), "en", "utf-8", EN),
        (EN.replace("'", "\u2019").encode("cp1252"), "en", "cp1252", EN.replace("'", "\u2019")),
        (b"\xff\xfe" + EN.encode("utf-16-le"), "en", "utf-16-le", EN),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16-le", "utf-16-be", "gbk", "gbk-short", "gb18030", "big5", "big5-short",
         "en-utf-8", "en-cp1252", "en-utf-16"],
)
def test_encodings_are_detected_and_reported(raw, lang, encoding, text):
    doc = parse_document(raw, f"doc.{lang}.txt", lang)
    assert doc.encoding == encoding
    assert [p.text for p in doc.paragraphs] == split_paragraphs(text)


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("我在山下十四队她上十五。，abc XYZ 123\n")), min_size=1, max_size=80),
       st.sampled_from(["utf-8", "utf-8-sig", "utf-16-le", "utf-16-be"]))
def test_unicode_with_or_without_a_mark_round_trips(text, encoding):
    bom = {"utf-8-sig": b"\xef\xbb\xbf", "utf-16-le": b"\xff\xfe", "utf-16-be": b"\xfe\xff"}.get(encoding, b"")
    raw = bom + text.encode("utf-8" if encoding == "utf-8-sig" else encoding)
    assert decode_text(raw, "x.txt") == (text, encoding)


# ---------------------------------------------------------------- formats

def test_markdown_headings_become_paragraphs_and_syntax_goes():
    md = (
        "---\ntitle: 黄金时代\n---\n"
        "# 第一章 #\n\n"
        "我二十一岁时，**正在云南插队**。陈清扬当时二十六岁，就在[我插队的地方](http://x.example/a)当医生。\n\n"
        "Setext title\n============\n\n"
        "- 第一项 `code`\n* 第二项\n1. 第三项\n\n"
        "> 引用的一段话。\n\n"
        "| 列一 | 列二 |\n|---|---|\n| 甲 | 乙 |\n\n"
        "```\nprint(1)\n```\n\n"
        "***\n![图片说明](a.png)\n[ref]: http://x.example\n"
    )
    paras = split_paragraphs(markdown_text(md))
    assert paras == ["第一章", "我二十一岁时，正在云南插队。陈清扬当时二十六岁，就在我插队的地方当医生。", "Setext title",
                     "第一项 code", "第二项", "第三项", "引用的一段话。", "列一 列二", "甲 乙", "print(1)", "图片说明"]


def test_markdown_document_loads_as_paragraphs():
    doc = parse_document(("# 黄金时代\n\n" + ZH).encode(), "zh/a.md", "zh")
    assert doc.format == "md"
    assert [p.text for p in doc.paragraphs] == ["黄金时代"] + ZH_PARAS


def test_html_text_scripts_styles_and_blocks():
    page = (
        "<!DOCTYPE html><html><head><meta charset='gbk'><title>标题</title><style>p{color:red}</style>"
        "<script>var s = '<p>不是正文</p>';</script></head><body>"
        "<nav><a href='/'>首页</a></nav><h1>黄金时代</h1>"
        f"<div><p>{ZH_PARAS[0][:20]}\n{ZH_PARAS[0][20:]}</p><p>第二&nbsp;段 &amp; <b>粗体</b>文字<br>换行以后</p></div>"
        "<ul><li>一</li><li>二</li></ul><table><tr><td>甲</td><td>乙</td></tr></table>"
        "<noscript>请启用脚本</noscript><pre>a  b\nc</pre><!-- 注释 --></body></html>"
    )
    doc = parse_document(page.encode("gbk"), "zh/page.html", "zh")
    assert doc.encoding == "gbk" and doc.format == "html"
    assert [p.text for p in doc.paragraphs] == [
        "首页", "黄金时代", ZH_PARAS[0], "第二段 & 粗体文字", "换行以后", "一", "二", "甲", "乙", "a b", "c"]


def test_html_declared_charset_that_lies_falls_back_to_detection():
    page = f"<html><head><meta charset='big5'></head><body><p>{ZH_PARAS[0]}</p></body></html>"
    doc = parse_document(page.encode("utf-8"), "p.htm", "zh")
    assert doc.encoding == "utf-8" and doc.format == "html"
    assert [p.text for p in doc.paragraphs] == [ZH_PARAS[0]]


@pytest.mark.parametrize(
    "page, encoding, paragraphs",
    [
        ("<meta charset='iso-8859-1'><p>黄金时代</p>".encode("utf-8"), "utf-8", ["黄金时代"]),  # the declaration lies
        ("<meta http-equiv='Content-Type' content='text/html; charset=gb2312'><p>黄金时代</p>".encode("gbk"), "gbk", ["黄金时代"]),
        ("<p>图：<img src='a.png' alt='云南的山'/>，<img src='b.png'></p>".encode("utf-8"), "utf-8", ["图：云南的山，"]),
        (b"<p>caf\xe9 <script/>au lait</p>", "cp1252", ["caf\u00e9 au lait"]),
    ],
    ids=["utf-8-declared-latin-1", "gb2312-declared", "img-alt", "undeclared-cp1252"],
)
def test_html_encodings_and_inline_content(page, encoding, paragraphs):
    lang = "en" if b"caf" in page else "zh"
    doc = parse_document(page, f"page.{lang}.html", lang)
    assert (doc.encoding, [p.text for p in doc.paragraphs]) == (encoding, paragraphs)


def test_docx_paragraphs_tables_breaks_and_deletions():
    table = ('<w:tbl><w:tr><w:tc><w:p><w:r><w:t>甲</w:t></w:r></w:p></w:tc>'
             '<w:tc><w:p><w:r><w:t>乙</w:t></w:r></w:p></w:tc></w:tr></w:tbl>')
    split = ('<w:p><w:r><w:t>上一行</w:t><w:br/><w:t>下一行</w:t></w:r>'
             '<w:del><w:r><w:delText>删掉的</w:delText></w:r></w:del><w:r><w:t xml:space="preserve"> 接着</w:t></w:r></w:p>')
    doc = parse_document(make_docx(ZH_PARAS, table + split), "zh/a.docx", "zh")
    assert doc.format == "docx"
    assert [p.text for p in doc.paragraphs] == ZH_PARAS + ["甲", "乙", "上一行", "下一行接着"]


@settings(max_examples=50, deadline=None)
@given(st.text(max_size=300))
def test_markup_extractors_never_raise(text):
    html_paragraphs(text)
    markdown_text(text)


# ---------------------------------------------------------------- bad files: one line that names the file and the fix

def _truncated_docx() -> bytes:
    return make_docx(ZH_PARAS)[:150]


def _docx_without_text_part() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("content.xml", "<x/>")
    return buf.getvalue()


def _docx_bad_xml() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("word/document.xml", "<w:document><w:body><w:p>")
    return buf.getvalue()


def _docx_unknown_compression() -> bytes:
    """A Word file whose text part claims zip method 99 (AES encryption), which zipfile cannot inflate."""
    raw = bytearray(make_docx(ZH_PARAS))
    at = 0
    while (at := raw.find(b"PK\x01\x02", at)) >= 0:  # central directory entries: method at offset 10
        raw[at + 10:at + 12] = (99).to_bytes(2, "little")
        at += 4
    return bytes(raw)


BAD_FILES = [
    # (file name, bytes, folder language, what the message must say)
    ("empty.txt", b"", "zh", "file is empty; remove it from the folder or add its text"),
    ("blank.txt", b" \n\r\n\t\n", "zh", "file is empty"),
    ("blank16.txt", b"\xff\xfe" + " \n".encode("utf-16-le"), "zh", "file is empty"),
    ("picture.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "zh", "is a PNG image, not a text file"),
    ("paper.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\x00", "en", "is a PDF file, not a text file; export its text"),
    ("word.txt", make_docx(ZH_PARAS), "zh", "is a zip archive (perhaps a .docx)"),
    ("old.txt", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "zh", "old Word .doc"),
    ("nul.txt", b"abc\x00def\x00" * 20, "en", "looks binary, not text"),
    ("late_nul.txt", (ZH + "\n") .encode("utf-8") * 40 + b"\x00" + ZH.encode("utf-8"), "zh", "looks binary, not text"),
    ("cut.txt", ZH.rstrip().encode("utf-8")[:-1], "zh", "ends in the middle of a UTF-8 character: the file looks truncated"),
    ("damaged.txt", ZH.encode("utf-8")[:100] + b"\xff\xfe\xfd" + ZH.encode("utf-8")[100:], "zh", "is UTF-8 with"),
    ("odd16.txt", b"\xff\xfe" + ZH.encode("utf-16-le")[:-1], "zh", "starts with a UTF-16 byte-order mark but is not valid UTF-16"),
    ("noise.txt", bytes(range(0x80, 0x100)) * 8, "zh", "reads as neither GB18030/GBK, Big5 nor Windows-1252 text; re-save it as UTF-8"),
    ("letter.txt", b"{\\rtf1\\ansi Hello}", "en", "is an RTF document"),
    ("english.txt", EN.encode(), "zh", "this looks like English, not Chinese; move it to the folder of English "
                                       "renderings (or, for one pair, give it as the second file)"),
    ("chinese.txt", ZH.encode(), "en", "this looks like Chinese, not English; move it to the folder of Chinese "
                                       "originals (or, for one pair, give it as the first file)"),
    ("truncated.docx", _truncated_docx(), "zh", "is not a readable .docx: the zip archive is damaged or truncated"),
    ("text.docx", ZH.encode(), "zh", "has a .docx name but is a text or other file, not a Word document"),
    ("old.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "zh", "has a .docx name but is an old Word .doc"),
    ("nodoc.docx", _docx_without_text_part(), "zh", "is a zip archive but not a Word document"),
    ("badxml.docx", _docx_bad_xml(), "zh", "word/document.xml is malformed"),
    ("sealed.docx", _docx_unknown_compression(), "zh", "compressed with zip method 99, which this reader cannot inflate"),
    ("emptyword.docx", make_docx([]), "zh", "no text found in it"),
    ("scripts.html", b"<html><head><script>var a=1;</script></head><body></body></html>", "zh", "no text found in it"),
]


@pytest.mark.parametrize("name, raw, lang, message", BAD_FILES, ids=[b[0] for b in BAD_FILES])
def test_bad_file_is_one_line_naming_file_and_fix(tmp_path, name, raw, lang, message):
    path = tmp_path / name
    path.write_bytes(raw)
    with pytest.raises(InputError) as info:
        load_document(path, lang)
    text = str(info.value)
    assert message in text
    assert name in text and "\n" not in text
    assert path.read_bytes() == raw  # never modified


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_file_without_letters_has_no_language_to_refuse(tmp_path, lang):
    """Digits and punctuation alone say nothing about the language: such a file is read as the side it was
    given for, never called Chinese."""
    path = tmp_path / "figures.txt"
    path.write_text("2024\n\n3.5%, 12,000 — 58%\n", encoding="utf-8")
    doc = load_document(path, lang)
    assert doc.lang == lang and [p.text for p in doc.paragraphs] == ["2024", "3.5%, 12,000 — 58%"]


def test_huge_file_is_refused_before_it_is_read(tmp_path):
    path = tmp_path / "huge.txt"
    with path.open("wb") as fh:
        fh.truncate(51 * 1024 * 1024)  # sparse: no 51 MB written
    with pytest.raises(InputError, match=r"huge.txt: file is 51 MB, over the 50 MB limit; split it"):
        load_document(path, "zh")


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file")
def test_unreadable_file(tmp_path):
    path = tmp_path / "secret.txt"
    path.write_text(ZH, encoding="utf-8")
    path.chmod(0)
    with pytest.raises(InputError, match="secret.txt: cannot read file .*check the path and permissions"):
        load_document(path, "zh")
