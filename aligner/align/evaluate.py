"""Scoring sentence links against a gold alignment (Thompson & Koehn 2019, as in vecalign and Bertalign).

Precision is over every predicted link (omissions and additions included);
recall is over the gold links that have both sides, compared with the
predicted links that have both sides. A strict hit is an exact link; a lax
hit shares at least one sentence with a matching link on both sides. Over
several files the counts are summed before dividing (micro average), which
reproduces the published mac-dev table.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError
from ..model import Link
from .linkformat import LinkPair, parse_links

_INTERTEXT_LINKS = re.compile(r"^(?P<zh>.+)_zh\.(?P<en>.+)_en\.xml$")
_INTERTEXT_ID = re.compile(r"^\s*(\d+):(\d+)\s*$")


# ---------------------------------------------------------------- reading


def _as_pairs(links: Iterable[Link | Sequence]) -> list[LinkPair]:
    out = []
    for link in links:
        zh, en = (link.zh, link.en) if isinstance(link, Link) else link
        out.append((tuple(int(i) for i in zh), tuple(int(i) for i in en)))
    return out


def _intertext_order(doc: Path) -> dict[str, int] | None:
    """Sentence id -> 0-based position in document order, from an InterText text file."""
    if not doc.is_file():
        return None
    try:
        root = ET.parse(doc).getroot()
    except ET.ParseError as exc:
        raise InputError(f"not well-formed InterText XML ({exc})", str(doc)) from exc
    return {s.get("id"): k for k, s in enumerate(root.iter("s")) if s.get("id") is not None}


def _intertext_side(field_text: str, order: dict[str, int] | None, path: Path) -> tuple[int, ...]:
    out = []
    for sid in field_text.split():
        if order is not None:
            if sid not in order:
                raise InputError(f"xtargets names sentence {sid!r}, which the text file lacks", str(path))
            out.append(order[sid])
            continue
        m = _INTERTEXT_ID.match(sid)
        if not m or m.group(1) != "1" or int(m.group(2)) < 1:
            raise InputError(
                f"sentence id {sid[:40]!r} is not '1:N' with N from 1 (InterText counts sentences from 1); "
                "put the InterText text files (fromDoc/toDoc) beside the link file", str(path),
            )
        out.append(int(m.group(2)) - 1)
    return tuple(out)


def _read_intertext(path: Path, text: str) -> list[LinkPair]:
    try:
        root = ET.fromstring(text)
    except ET.ParseError as exc:
        raise InputError(f"not well-formed InterText XML ({exc})", str(path)) from exc
    # InterText writes xtargets as "toDoc ids;fromDoc ids"; the document whose name says _en is English.
    to_doc, from_doc = root.get("toDoc"), root.get("fromDoc")
    first_is_zh = not (to_doc and from_doc) or _is_zh_name(to_doc, from_doc)
    # ids like "2:5" (paragraph 2, sentence 5) only have an order relative to the text files
    to_order = _intertext_order(path.parent / to_doc) if to_doc else None
    from_order = _intertext_order(path.parent / from_doc) if from_doc else None
    out = []
    for link in root.iter("link"):
        xt = link.get("xtargets")
        if xt is None or ";" not in xt:
            raise InputError(f"a <link> without xtargets 'ids;ids': {xt!r}", str(path))
        first, second = xt.split(";", 1)
        a = _intertext_side(first, to_order, path)
        b = _intertext_side(second, from_order, path)
        out.append((a, b) if first_is_zh else (b, a))
    return out


def _is_zh_name(to_doc: str, from_doc: str) -> bool:
    """Whether toDoc is the Chinese text, judged by the _zh/_en (or .zh/.en) in the names."""
    def lang(name: str) -> str | None:
        m = re.search(r"[._-](zh|en)(?:[._-]|$)", name.rsplit(".xml", 1)[0] + ".")
        return m.group(1) if m else None

    lt, lf = lang(to_doc), lang(from_doc)
    if lt == "zh" or lf == "en":
        return True
    if lt == "en" or lf == "zh":
        return False
    return False  # InterText's usual setup: the original is fromDoc


def read_gold(path: str | Path) -> list[LinkPair]:
    """Links from a links file (`[0, 1]:[2]`) or an InterText link file (`NNN_zh.NNN_en.xml`), 0-based."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")  # a byte-order mark is no part of the first link
    except OSError as exc:
        raise InputError(f"cannot read ({exc.strerror})", str(path)) from exc
    except UnicodeDecodeError as exc:
        raise InputError("not UTF-8", str(path)) from exc
    if path.suffix.lower() == ".xml" or text.lstrip().startswith("<"):
        return _read_intertext(path, text)
    return parse_links(text, str(path))


# ---------------------------------------------------------------- scoring


@dataclass(frozen=True)
class LinkCounts:
    """The four counts of each direction; they add up over files (micro average)."""

    tp_strict: int = 0  # predicted links that are gold links
    fp_strict: int = 0
    tp_lax: int = 0
    fp_lax: int = 0
    rtp_strict: int = 0  # gold links (both sides) found among predicted links (both sides)
    rfn_strict: int = 0
    rtp_lax: int = 0
    rfn_lax: int = 0

    def __add__(self, other: "LinkCounts") -> "LinkCounts":
        return LinkCounts(*(a + b for a, b in zip(self.as_tuple(), other.as_tuple())))

    def as_tuple(self) -> tuple[int, ...]:
        return (self.tp_strict, self.fp_strict, self.tp_lax, self.fp_lax,
                self.rtp_strict, self.rfn_strict, self.rtp_lax, self.rfn_lax)

    def scores(self) -> dict[str, float]:
        """Strict and lax precision, recall and F1 (0.0 where a denominator is 0)."""
        def ratio(a: int, b: int) -> float:
            return a / (a + b) if a + b else 0.0

        def f1(p: float, r: float) -> float:
            return 2 * p * r / (p + r) if p + r else 0.0

        ps, pl = ratio(self.tp_strict, self.fp_strict), ratio(self.tp_lax, self.fp_lax)
        rs, rl = ratio(self.rtp_strict, self.rfn_strict), ratio(self.rtp_lax, self.rfn_lax)
        return {
            "strict_precision": ps, "strict_recall": rs, "strict_f1": f1(ps, rs),
            "lax_precision": pl, "lax_recall": rl, "lax_f1": f1(pl, rl),
        }


def _hits(gold: list[LinkPair], test: list[LinkPair]) -> tuple[int, int, int, int]:
    """(strict hits, strict misses, lax hits, lax misses) of the test links against the gold links."""
    gold_set = {g for g in gold if g[0] or g[1]}
    zh_to_en: dict[int, set[int]] = defaultdict(set)
    for gz, ge in gold_set:
        for z in gz:
            zh_to_en[z].update(ge)
    ts = fs = tl = fl = 0
    for link in {t for t in test if t[0] or t[1]}:
        if link in gold_set:
            ts += 1
            tl += 1
            continue
        fs += 1
        reach = set()
        for z in link[0]:
            reach |= zh_to_en.get(z, set())
        if reach & set(link[1]):
            tl += 1
        else:
            fl += 1
    return ts, fs, tl, fl


def link_counts(gold: Iterable[Link | Sequence], pred: Iterable[Link | Sequence]) -> LinkCounts:
    """The precision and recall counts of one predicted alignment against its gold."""
    g, p = _as_pairs(gold), _as_pairs(pred)
    ps = _hits(g, p)
    # recall is precision with the roles swapped, omissions and additions left out
    rs = _hits([x for x in p if x[0] and x[1]], [x for x in g if x[0] and x[1]])
    return LinkCounts(*ps, *rs)


def score_links(gold: Iterable[Link | Sequence], pred: Iterable[Link | Sequence]) -> dict[str, float]:
    """Strict and lax precision/recall/F1 of predicted links against gold links."""
    return link_counts(gold, pred).scores()


# ---------------------------------------------------------------- files and directories


@dataclass(frozen=True)
class EvalResult:
    """Per-file counts and their micro-averaged total."""

    rows: tuple[tuple[str, LinkCounts], ...]
    gold: str = ""
    pred: str = ""
    signature: str = field(default="links-prf|strict+lax|micro|thompson-koehn-2019")
    skipped: tuple[str, ...] = ()  # files of the folders that are not links files, left unread

    @property
    def total(self) -> LinkCounts:
        acc = LinkCounts()
        for _, c in self.rows:
            acc = acc + c
        return acc

    def scores(self) -> dict[str, float]:
        return self.total.scores()

    def table(self) -> str:
        """A plain text table: one row per file, then the micro-averaged total."""
        head = f"{'file':<12} {'P':>6} {'R':>6} {'F1':>6} {'laxP':>6} {'laxR':>6} {'laxF1':>6}"
        lines = [head, "-" * len(head)]

        def row(name: str, c: LinkCounts) -> str:
            s = c.scores()
            return (f"{name:<12} {s['strict_precision']:6.3f} {s['strict_recall']:6.3f} {s['strict_f1']:6.3f} "
                    f"{s['lax_precision']:6.3f} {s['lax_recall']:6.3f} {s['lax_f1']:6.3f}")

        for name, c in self.rows:
            lines.append(row(name, c))
        lines.append("-" * len(head))
        lines.append(row("total", self.total))
        return "\n".join(lines) + "\n"


LINK_SUFFIXES = (".align", ".links")


def _key(path: Path) -> str | None:
    """The name a links file is paired by; None for a file that is not one (an InterText text file, a README)."""
    m = _INTERTEXT_LINKS.match(path.name)
    if m:
        return m.group("zh") if m.group("zh") == m.group("en") else f"{m.group('zh')}-{m.group('en')}"
    if path.suffix.lower() in LINK_SUFFIXES:
        return path.stem
    return None


def _link_files(directory: Path) -> tuple[dict[str, Path], list[Path]]:
    """The links files of a folder by name, and the other files, which are left unread (InterText text
    files, which links files name, are not counted among them)."""
    out, skipped = {}, []
    for p in sorted(directory.iterdir()):
        if p.is_file() and not p.name.startswith("."):
            k = _key(p)
            if k is not None:
                out[k] = p
            elif p.suffix.lower() != ".xml":
                skipped.append(p)
    return out, skipped


def _gold_links(path: Path) -> list[LinkPair]:
    links = read_gold(path)
    if not links:
        raise InputError("no links in this gold file; give the gold alignment, one link a line like '[0]:[0]'",
                         str(path))
    return links


def evaluate_paths(gold: str | Path, pred: str | Path) -> EvalResult:
    """Score a predicted links file against a gold one, or every file of a directory (paired by name).

    A file may be a pipe; in a directory only links files (*.align, *.links, NNN_zh.NNN_en.xml) are read
    and the others are listed in `skipped`. An empty gold file is an error: it would score any prediction 0.
    """
    gold, pred = Path(gold), Path(pred)
    if gold.exists() and pred.exists() and not gold.is_dir() and not pred.is_dir():
        return EvalResult(((_key(pred) or pred.stem, link_counts(_gold_links(gold), read_gold(pred))),),
                          str(gold), str(pred))
    if not (gold.is_dir() and pred.is_dir()):
        raise InputError("give two links files or two directories of them", f"{gold} / {pred}")
    (gfiles, gskipped), (pfiles, pskipped) = _link_files(gold), _link_files(pred)
    if not gfiles:
        raise InputError("no gold links files (*.align, *.links or NNN_zh.NNN_en.xml)", str(gold))
    missing = sorted(set(gfiles) - set(pfiles))
    if missing:
        raise InputError(f"no prediction for {', '.join(missing[:5])}{' …' if len(missing) > 5 else ''}; "
                         "name predicted files like the gold ones", str(pred))
    rows = tuple((k, link_counts(_gold_links(gfiles[k]), read_gold(pfiles[k]))) for k in sorted(gfiles))
    return EvalResult(rows, str(gold), str(pred), skipped=tuple(str(p) for p in gskipped + pskipped))
