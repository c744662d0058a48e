"""The stages wired together: load -> clean -> segment -> align -> score and check -> report."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from . import __version__
from .align.paragraphs import ParagraphCosts, align_paragraphs
from .corpus.load import TEXT_SUFFIXES, display_path, load_document
from .corpus.pairing import Pairing, pair_documents, read_manifest
from .errors import AlignerError, InputError
from .model import BatchResult, Document, Lang, PairError, PairResult
from .report.atomic import write_atomic
from .report.html import render_index, render_pair
from .report.json_report import dumps, index_to_json, pair_to_json

# on_progress(stage, done, total, item)
ProgressCallback = Callable[[str, int, int, str], None]


@dataclass(frozen=True)
class AlignOptions:
    """Options that change results; all of them go into the run signature."""

    paragraph: ParagraphCosts = field(default_factory=ParagraphCosts)

    def signature(self) -> str:
        return f"aligner {__version__}|paragraphs:lexical[{self.paragraph.describe()}]|lexicon:cc-cedict"


@dataclass(frozen=True)
class BatchConfig:
    zh_dir: Path
    en_dir: Path
    out_dir: Path
    manifest: Path | None = None  # pairs.tsv; by default looked for beside the two folders
    options: AlignOptions = field(default_factory=AlignOptions)


def _list_documents(folder: Path) -> list[Path]:
    if not folder.is_dir():
        raise InputError("not a folder; pass the folder that holds the documents", display_path(folder))
    return sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in TEXT_SUFFIXES)


def load_folder(folder: Path, lang: Lang, on_progress: ProgressCallback | None = None
                ) -> tuple[list[Document], list[PairError]]:
    """Every document of a folder; a document that cannot be read is an error, not a crash."""
    docs, errors = [], []
    files = _list_documents(folder)
    for k, path in enumerate(files, 1):
        try:
            docs.append(load_document(path, lang))
        except AlignerError as exc:
            errors.append(PairError(display_path(path), str(exc)))
        if on_progress:
            on_progress(f"load {lang}", k, len(files), path.name)
    return docs, errors


def run_pair(pairing: Pairing, options: AlignOptions | None = None) -> PairResult:
    """Align one pair (paragraphs)."""
    options = options or AlignOptions()
    links = align_paragraphs(pairing.zh, pairing.en, options.paragraph)
    return PairResult(
        pair_id=pairing.pair_id,
        zh=pairing.zh,
        en=pairing.en,
        links=tuple(links),
        pairing=pairing.to_json(),
        signature=options.signature(),
    )


def write_pair_reports(pair: PairResult, out_dir: Path) -> None:
    folder = out_dir / pair.pair_id
    write_atomic(folder / "alignment.json", dumps(pair_to_json(pair)))
    write_atomic(folder / "report.html", render_pair(pair))


def write_index(batch: BatchResult, out_dir: Path) -> None:
    write_atomic(out_dir / "index.json", dumps(index_to_json(batch)))
    write_atomic(out_dir / "index.html", render_index(batch))


def run_batch(config: BatchConfig, on_progress: ProgressCallback | None = None) -> BatchResult:
    """Pair the documents of two folders, align each pair, and write every report."""
    zh_docs, zh_err = load_folder(config.zh_dir, "zh", on_progress)
    en_docs, en_err = load_folder(config.en_dir, "en", on_progress)
    manifest_path = config.manifest
    if manifest_path is None:
        candidate = config.zh_dir.parent / "pairs.tsv"
        manifest_path = candidate if candidate.is_file() else None
    manifest = read_manifest(manifest_path) if manifest_path else None
    pairings, unpaired = pair_documents(zh_docs, en_docs, manifest)
    errors = zh_err + en_err
    results = []
    for k, pairing in enumerate(pairings, 1):
        try:
            result = run_pair(pairing, config.options)
            write_pair_reports(result, config.out_dir)
            results.append(result)
        except AlignerError as exc:
            errors.append(PairError(pairing.en.path, str(exc)))
        if on_progress:
            on_progress("align", k, len(pairings), pairing.pair_id)
    batch = BatchResult(tuple(results), tuple(unpaired), tuple(errors), config.options.signature())
    write_index(batch, config.out_dir)
    return batch
