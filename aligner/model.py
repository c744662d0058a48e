"""Frozen dataclasses passed between the stages: load -> clean -> segment -> align -> check -> report."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Lang = Literal["zh", "en"]
Severity = Literal["critical", "major", "minor", "info"]
SEVERITIES: tuple[Severity, ...] = ("critical", "major", "minor", "info")


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of a document; ids are 0-based in file order, furniture included."""

    id: int
    text: str
    boilerplate: bool = False
    furniture: str | None = None  # why it is furniture (e.g. "byline"), None for content
    heading: bool = False  # a short title-like line (no sentence-final punctuation)


@dataclass(frozen=True)
class Sentence:
    """A sentence: its paragraph, character offsets into that paragraph's text, and its text."""

    id: int  # 0-based over the whole document's content sentences
    paragraph: int
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Document:
    """A loaded, cleaned document."""

    path: str
    lang: Lang
    paragraphs: tuple[Paragraph, ...]
    sha256: str
    encoding: str = "utf-8"
    format: str = "txt"

    @property
    def content(self) -> tuple[Paragraph, ...]:
        return tuple(p for p in self.paragraphs if not p.boilerplate)

    @property
    def stem(self) -> str:
        name = self.path.replace("\\", "/").rsplit("/", 1)[-1]
        return name.rsplit(".", 1)[0] if "." in name else name


@dataclass(frozen=True)
class Link:
    """A bead: paragraph (or sentence) ids on each side; an empty side is an omission or addition."""

    zh: tuple[int, ...]
    en: tuple[int, ...]
    confidence: float

    @property
    def kind(self) -> str:
        if not self.en:
            return "omission"
        if not self.zh:
            return "addition"
        return f"{len(self.zh)}-{len(self.en)}"


@dataclass(frozen=True)
class Span:
    """A stretch of a paragraph's original text."""

    paragraph: int
    start: int
    end: int
    text: str

    def to_json(self) -> dict:
        return {"paragraph": self.paragraph, "start": self.start, "end": self.end, "text": self.text}


@dataclass(frozen=True)
class Flag:
    """Something a reviewer must look at."""

    id: str
    check: str
    severity: Severity
    message: str
    zh: Span | None = None
    en: Span | None = None
    suggestion: str | None = None
    status: str = "open"
    # the id this flag had before ids took in the sentence it sits in (decisions made then carry over once)
    legacy_id: str | None = field(default=None, compare=False, repr=False)

    def to_json(self) -> dict:
        return {
            "id": self.id,
            "check": self.check,
            "severity": self.severity,
            "message": self.message,
            "zh": self.zh.to_json() if self.zh else None,
            "en": self.en.to_json() if self.en else None,
            "suggestion": self.suggestion,
            "status": self.status,
        }


@dataclass(frozen=True)
class SentenceAlignment:
    """Sentences of both sides and the sentence links inside the paragraph links."""

    zh: tuple[Sentence, ...]
    en: tuple[Sentence, ...]
    links: tuple[Link, ...]


@dataclass(frozen=True)
class PairResult:
    """Everything known about one aligned pair."""

    pair_id: str
    zh: Document
    en: Document
    links: tuple[Link, ...]
    sentences: SentenceAlignment | None = None
    flags: tuple[Flag, ...] = ()
    scores: dict = field(default_factory=dict)  # fidelity and reference metrics, filled by score/
    pairing: dict = field(default_factory=dict)  # how the pair was made (manifest, stem, content + score)
    signature: str = ""


@dataclass(frozen=True)
class Unpaired:
    """A document no rendering or original was found for."""

    path: str
    lang: Lang
    reason: str
    best_score: float | None = None
    best_match: str | None = None


@dataclass(frozen=True)
class PairError:
    """A pair (or document) that failed; the batch goes on."""

    path: str
    message: str


@dataclass(frozen=True)
class BatchResult:
    pairs: tuple[PairResult, ...]
    unpaired: tuple[Unpaired, ...]
    errors: tuple[PairError, ...] = ()
    signature: str = ""
