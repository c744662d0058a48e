"""Pairing each English rendering with its Chinese original.

Order of evidence: `pairs.tsv` (a manifest) when present, then the same file
stem, then content: shared anchors (numbers, years, Latin tokens such as
5G/OLED/SK, pinyin of names) and dictionary overlap, with a threshold so an
unrelated document is never paired.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from ..model import Document, Unpaired
from ..align.features import Idf, en_bag, lexical_similarity, zh_bag
from ..align.paragraphs import ParagraphCosts, paragraph_path

PAIR_THRESHOLD = 0.35  # below this share of aligned text two documents are not each other's rendering
MARGIN = 0.10  # and the best original must beat the runner-up by this much
CANDIDATES = 3  # originals per rendering that get a full paragraph alignment
LINK_SIMILARITY = 0.30  # a paragraph link counts as evidence from this similarity up


@dataclass(frozen=True)
class Pairing:
    zh: Document
    en: Document
    method: str  # "manifest", "stem" or "content"
    score: float | None = None

    @property
    def pair_id(self) -> str:
        return f"{self.zh.stem}__{self.en.stem}"

    def to_json(self) -> dict:
        return {"method": self.method, "score": None if self.score is None else round(self.score, 4)}


def read_manifest(path: Path) -> list[tuple[str, str]]:
    """(zh file name, en file name) rows of a pairs.tsv; a header line is optional."""
    rows = []
    with path.open(encoding="utf-8-sig", newline="") as fh:
        # names are read literally: a " in a file name is part of it, not CSV quoting
        for lineno, row in enumerate(csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE), 1):
            if not row or not "".join(row).strip() or row[0].startswith("#"):
                continue
            if len(row) != 2:
                raise InputError(f"line {lineno}: expected 2 tab-separated columns (zh file, en file), found {len(row)}; fix that line", str(path))
            if lineno == 1 and row[0].strip().lower() in ("zh", "zh_file", "source", "chinese"):
                continue
            rows.append((row[0].strip(), row[1].strip()))
    return rows


def topic_score(zh: Document, en: Document) -> float:
    """A cheap whole-document similarity, used to shortlist candidate originals."""
    zb = zh_bag("\n".join(p.text for p in zh.content))
    eb = en_bag("\n".join(p.text for p in en.content))
    return lexical_similarity(zb, eb, Idf.fit([zb], [eb]))


def alignment_coverage(zh: Document, en: Document) -> float:
    """Share of both documents' text that aligns paragraph by paragraph with real similarity.

    Documents on the same topic share vocabulary; only a rendering and its
    original also line up paragraph after paragraph.
    """
    zp, ep = list(zh.content), list(en.content)
    if not zp or not ep:
        return 0.0
    steps, sim = paragraph_path(zp, ep, ParagraphCosts())
    zc = ec = 0
    for st in steps:
        if st.i1 > st.i0 and st.j1 > st.j0 and max(
                sim[a, b] for a in range(st.i0, st.i1) for b in range(st.j0, st.j1)) >= LINK_SIMILARITY:
            zc += sum(len(zp[a].text) for a in range(st.i0, st.i1))
            ec += sum(len(ep[b].text) for b in range(st.j0, st.j1))
    return (zc / sum(len(p.text) for p in zp) + ec / sum(len(p.text) for p in ep)) / 2


def pair_documents(
    zh_docs: list[Document], en_docs: list[Document], manifest: list[tuple[str, str]] | None = None
) -> tuple[list[Pairing], list[Unpaired]]:
    """Pairs and the documents left without a counterpart (each with the reason)."""
    by_name_zh = {Path(d.path).name: d for d in zh_docs}
    by_name_en = {Path(d.path).name: d for d in en_docs}
    pairs: list[Pairing] = []
    used_zh: set[str] = set()
    used_en: set[str] = set()
    for zname, ename in manifest or ():
        if zname not in by_name_zh or ename not in by_name_en:
            missing = zname if zname not in by_name_zh else ename
            raise InputError(f"pairs.tsv names {missing}, which is not in the corpus; correct the name or add the file")
        pairs.append(Pairing(by_name_zh[zname], by_name_en[ename], "manifest"))
        used_zh.add(zname)
        used_en.add(ename)
    stems_zh = {d.stem: d for d in zh_docs if Path(d.path).name not in used_zh}
    for e in en_docs:
        ename = Path(e.path).name
        if ename in used_en:
            continue
        z = stems_zh.get(e.stem)
        if z is not None:
            pairs.append(Pairing(z, e, "stem"))
            used_zh.add(Path(z.path).name)
            used_en.add(ename)
    free_zh = [d for d in zh_docs if Path(d.path).name not in used_zh]
    free_en = [d for d in en_docs if Path(d.path).name not in used_en]
    scores: dict[tuple[str, str], float] = {}
    for e in free_en:
        shortlist = sorted(free_zh, key=lambda z: -topic_score(z, e))[:CANDIDATES]
        for z in shortlist:
            scores[(Path(z.path).name, Path(e.path).name)] = alignment_coverage(z, e)
    best_score: dict[str, tuple[float, str]] = {}
    unpaired: list[Unpaired] = []
    # greedy on score, best first: a one-to-one matching
    for (zname, ename), s in sorted(scores.items(), key=lambda kv: (-kv[1], kv[0])):
        best_score.setdefault(ename, (s, zname))
        best_score.setdefault(zname, (s, ename))
        if zname in used_zh or ename in used_en or s < PAIR_THRESHOLD:
            continue
        runner_up = max((v for (z2, e2), v in scores.items() if e2 == ename and z2 != zname), default=0.0)
        if s - runner_up < MARGIN:
            continue
        pairs.append(Pairing(by_name_zh[zname], by_name_en[ename], "content", s))
        used_zh.add(zname)
        used_en.add(ename)
    def close_call(ename: str) -> list[tuple[float, str]] | None:
        """The two originals a rendering matched almost equally well, when that is why it stayed unpaired."""
        ranked = sorted(((v, z) for (z, e), v in scores.items() if e == ename), reverse=True)
        if len(ranked) >= 2 and ranked[0][0] >= PAIR_THRESHOLD and ranked[0][0] - ranked[1][0] < MARGIN:
            return ranked[:2]
        return None

    for d in zh_docs:
        name = Path(d.path).name
        if name not in used_zh:
            s, other = best_score.get(name, (None, None))
            reason = "no English rendering found"
            if other is not None and other not in used_en and close_call(other):
                reason = (f"{other} matches it and another original almost equally, so neither is paired; "
                          f"name the pair in pairs.tsv")
            unpaired.append(Unpaired(d.path, "zh", reason, s, other))
    partner = {Path(p.zh.path).name: p.en.path for p in pairs}
    for d in en_docs:
        name = Path(d.path).name
        if name in used_en:
            continue
        s, other = best_score.get(name, (None, None))
        # a second rendering of an original that is already paired (a revised translation, a copy)
        taken = [z for z in zh_docs if Path(z.path).name in used_zh and (Path(z.path).name, name) not in scores]
        for z in sorted(taken, key=lambda z: -topic_score(z, d))[:CANDIDATES]:
            coverage = alignment_coverage(z, d)
            if s is None or coverage > s:
                s, other = coverage, Path(z.path).name
        if s is not None and s >= PAIR_THRESHOLD and other in partner:
            original = by_name_zh[other].path
            reason = (f"another rendering of {original}, which is paired with {partner[other]} (a batch pairs each "
                      f"original with one rendering); check this one against it on its own: "
                      f"aligner check {original} {d.path}")
        elif close_call(name):
            (s1, z1), (s2, z2) = close_call(name)
            reason = (f"matches two originals almost equally ({z1}: {s1:.0%} of the text aligns, {z2}: {s2:.0%}), "
                      f"so neither is paired; name its original in pairs.tsv")
        else:
            reason = "matches no Chinese original"
        unpaired.append(Unpaired(d.path, "en", reason, s, other))
    pairs.sort(key=lambda p: p.pair_id)
    return pairs, unpaired
