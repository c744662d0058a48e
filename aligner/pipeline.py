"""The stages wired together: load -> clean -> segment -> align -> score and check -> report."""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from . import __version__
from .align.paragraphs import ParagraphCosts, align_paragraphs
from .align.sentences import DEFAULT_MAX_BEAD
from .cache import BatchCache, compact_json, content_digest, run_fingerprint, sweep_temporaries
from .corpus.load import (DOCUMENT_SUFFIXES, UNSUPPORTED_SUFFIXES, display_path, document_format, load_document,
                          name_the_folder, parse_document, read_document_bytes)
from .executors import Executor, ProcessExecutor, TaskFailure, make_executor
from .corpus.pairing import Pairing, pair_documents, read_manifest
from .errors import AlignerError, ConfigError, InputError
from .model import BatchResult, Document, Lang, PairError, PairResult, Unpaired
from .report.atomic import nearest_existing, write_atomic, write_if_changed
from .report.html import render_index, render_pair
from .report.json_report import dumps, index_to_json, pair_to_json

# on_progress(stage, done, total, item)
ProgressCallback = Callable[[str, int, int, str], None]


@dataclass(frozen=True)
class AlignOptions:
    """Options that change results; all of them go into the run signature."""

    paragraph: ParagraphCosts = field(default_factory=ParagraphCosts)
    sentences: bool = True  # align sentences inside the paragraph links
    backend: str | None = None  # sentence similarity backend; None: the most accurate installed
    max_bead: int = DEFAULT_MAX_BEAD
    checks: bool = True
    glossaries: tuple[str, ...] = ()  # user glossaries (TSV/TBX) merged over the built-in one
    fidelity: bool = True
    neural_fidelity: bool = False  # the embedding model adds ~0.003 tau on ted-mqm-dev at 100x the cost

    def signature(self) -> str:
        parts = [f"aligner {__version__}", f"paragraphs:lexical[{self.paragraph.describe()}]", "lexicon:cc-cedict"]
        parts += _components(self).describe()
        return "|".join(parts)


@dataclass(frozen=True)
class _Components:
    """What a run needs loaded once per process: the backend, the glossary, the fidelity scorer."""

    backend: object | None
    glossary: object | None
    scorer: object | None
    max_bead: int

    def describe(self) -> list[str]:
        out = []
        if self.backend is not None:
            from .align.beadmodel import describe_model
            from .align.sentences import bead_shapes

            model = describe_model(self.backend.channels, bead_shapes(self.max_bead))
            out.append(f"sentences:{self.backend.describe()}[max_bead={self.max_bead};{model}]")
        if self.glossary is not None:
            out.append(f"glossary:{self.glossary.signature()}")
        if self.scorer is not None:
            out.append(f"fidelity:{self.scorer.signature()}")
        return out


@lru_cache(maxsize=8)
def _components(options: AlignOptions) -> _Components:
    backend = glossary = scorer = None
    if options.sentences:
        from .align.backends import get_backend

        backend = get_backend(options.backend)
    if options.checks:
        from .checks import default_glossary
        from .lexicon.glossary import load_glossary

        glossary = default_glossary([load_glossary(Path(g)) for g in options.glossaries])
    if options.fidelity:
        from .score.fidelity import FidelityScorer

        scorer = FidelityScorer(neural=options.neural_fidelity)
    return _Components(backend, glossary, scorer, options.max_bead)


@dataclass(frozen=True)
class BatchConfig:
    zh_dir: Path
    en_dir: Path
    out_dir: Path
    manifest: Path | None = None  # pairs.tsv; by default looked for beside the two folders
    options: AlignOptions = field(default_factory=AlignOptions)
    jobs: int | None = None  # worker processes for the local executor; None: one per core
    executor: str = "local"  # "local" (this machine) or "dask" (an existing cluster at `scheduler`)
    scheduler: str | None = None
    force: bool = False  # recompute pairs the cache already has
    review_db: Path | None = None  # reviewers' decisions; default: review.sqlite in out_dir
    reference_dir: Path | None = None  # reference translations named like the renderings: adds BLEU/chrF/TER


@dataclass
class BatchStats:
    """How a batch went: what the cache saved, what was computed, where, and the workers' peak memory."""

    executor: str = "serial"
    documents_cached: int = 0
    documents_parsed: int = 0
    pairs_cached: int = 0
    pairs_aligned: int = 0
    pairs_failed: int = 0
    worker_peak_mb: dict[str, float] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)


# below these many tasks a stage runs in this process: starting and warming workers would cost more
_PARALLEL_FROM = {"load": 64, "align": 3}


def _shown_name(path: Path) -> str:
    """A path fit for JSON and terminals even when the file name is not valid UTF-8."""
    return os.fsencode(display_path(path)).decode("utf-8", "replace")


def _list_documents(folder: Path) -> tuple[list[Path], list[PairError]]:
    """The documents of a folder, and an error for each file that cannot be one (a .pdf, an unreadable name)."""
    if not folder.is_dir():
        raise InputError("not a folder; pass the folder that holds the documents", display_path(folder))
    files, errors = [], []
    for path in sorted(folder.iterdir()):
        if path.name.startswith(".") or not path.is_file():
            continue
        suffix = path.suffix.lower()
        shown = _shown_name(path)
        if suffix not in DOCUMENT_SUFFIXES and suffix not in UNSUPPORTED_SUFFIXES:
            continue
        try:
            path.name.encode("utf-8")
        except UnicodeEncodeError:
            errors.append(PairError(shown, f"{shown}: file name is not valid UTF-8; rename the file"))
            continue
        if suffix in UNSUPPORTED_SUFFIXES:
            errors.append(PairError(shown, f"{shown}: {suffix} files cannot be read; {UNSUPPORTED_SUFFIXES[suffix]}"))
        else:
            files.append(path)
    return files, errors


def _parse_task(raw: bytes, shown: str, lang: Lang) -> Document | PairError:
    """Parse one document (in a worker); a bad file is a PairError, never an exception."""
    try:
        return parse_document(raw, shown, lang)
    except AlignerError as exc:
        return PairError(shown, str(exc))
    except Exception as exc:  # noqa: BLE001 — a bug on one odd file must not end the batch
        return PairError(shown, f"{shown}: could not be read ({type(exc).__name__}: {exc}); "
                                "this is a bug in aligner, please report it with the file")


def load_folder(folder: Path, lang: Lang, on_progress: ProgressCallback | None = None
                ) -> tuple[list[Document], list[PairError]]:
    """Every document of a folder; a document that cannot be read is an error, not a crash."""
    files, errors = _list_documents(folder)
    docs = []
    for k, path in enumerate(files, 1):
        try:
            docs.append(load_document(path, lang))
        except AlignerError as exc:
            errors.append(PairError(display_path(path), str(exc)))
        if on_progress:
            on_progress(f"load {lang}", k, len(files), path.name)
    return docs, errors


def run_pair(pairing: Pairing, options: AlignOptions | None = None, reference: Document | None = None) -> PairResult:
    """Align one pair (paragraphs, then sentences inside them), check it and score it.

    With a `reference` translation, sacrebleu BLEU, chrF and TER against it are added to the scores.
    """
    options = options or AlignOptions()
    parts = _components(options)
    links = tuple(align_paragraphs(pairing.zh, pairing.en, options.paragraph))
    pair = PairResult(
        pair_id=pairing.pair_id,
        zh=pairing.zh,
        en=pairing.en,
        links=links,
        pairing=pairing.to_json(),
        signature=options.signature(),
    )
    if parts.backend is not None:
        from .align.sentences import align_sentences

        pair = replace(pair, sentences=align_sentences(pairing.zh, pairing.en, list(links), parts.backend,
                                                       max_bead=parts.max_bead))
    if parts.glossary is not None:
        from .checks import run_checks

        pair = replace(pair, flags=run_checks(pair, parts.glossary))
    if parts.scorer is not None:
        from .score.fidelity import score_pair

        pair = replace(pair, scores={**pair.scores, "fidelity": score_pair(pair, parts.scorer)})
    if reference is not None:
        from .score.against_reference import reference_scores

        pair = replace(pair, scores={**pair.scores, "reference": reference_scores(pair, reference)})
    return pair


def write_pair_reports(pair: PairResult, out_dir: Path) -> None:
    folder = out_dir / pair.pair_id
    write_atomic(folder / "alignment.json", dumps(pair_to_json(pair)))
    write_atomic(folder / "report.html", render_pair(pair))


def write_index(batch: BatchResult, out_dir: Path) -> None:
    write_atomic(out_dir / "index.json", dumps(index_to_json(batch)))
    write_atomic(out_dir / "index.html", render_index(batch))


_WARM_ZH = "天气预报\n今天北京天气很好，气温二十五度。\n我们在二〇二四年三月五日去公园散步。\n"
_WARM_EN = "Weather report\nThe weather in Beijing is fine today, at 25 degrees.\nWe walked in the park on March 5, 2024.\n"


def warm_up(options: AlignOptions) -> None:
    """Load every model the pipeline uses by running a tiny pair through it: once per worker, before real work."""
    zh = parse_document(_WARM_ZH.encode(), "warm-up.zh.txt", "zh")
    en = parse_document(_WARM_EN.encode(), "warm-up.en.txt", "en")
    pair = run_pair(Pairing(zh, en, "warm-up"), options)
    dumps(pair_to_json(pair))
    render_pair(pair)


def _align_task(pairing: Pairing, options: AlignOptions) -> tuple[PairResult, str, str, str, dict | None] | PairError | ConfigError:
    """Align one pair and render its reports (in a worker).

    Returns the pair, its compact JSON, alignment.json, report.html, and what the
    batch-wide consistency check needs of it (read here, in parallel, not again
    in the batch process).
    """
    try:
        pair = run_pair(pairing, options)
        data = pair_to_json(pair)
        terms = None
        if options.checks:
            from .checks import pair_terms

            terms = pair_terms(pair, _glossary(options))
        return pair, compact_json(data), dumps(data), render_pair(pair), terms
    except ConfigError as exc:  # not this pair's fault: every pair would fail the same way, so the batch stops
        return exc
    except AlignerError as exc:
        return PairError(pairing.en.path, f"pair {pairing.pair_id}: {exc}")
    except Exception as exc:  # noqa: BLE001 — a bug met on one pair must not end the batch
        return PairError(pairing.en.path, f"pair {pairing.pair_id}: failed ({type(exc).__name__}: {exc}); "
                                          "this is a bug in aligner, please report it with the two files")


class _Batch:
    """One run of a batch: the cache, the executor (started only when there is work for it), progress."""

    def __init__(self, config: BatchConfig, on_progress: ProgressCallback | None, stats: BatchStats) -> None:
        self.config = config
        self.on_progress = on_progress or (lambda stage, done, total, item: None)
        self.stats = stats
        self.cache = BatchCache(config.out_dir, read=not config.force)
        self.serial = Executor()
        self._executor: Executor | None = None
        self.pair_keys: dict[str, str] = {}
        self.contents: dict[str, str] = {}  # pair id -> content digest of the pair as computed
        self.terms: dict[str, dict] = {}  # pair id -> what batch-wide consistency needs of it (JSON)

    def executor_for(self, stage: str, tasks: int) -> Executor:
        """The parallel executor when the stage is worth it (or the user asked for a cluster), else this process."""
        config = self.config
        if tasks == 0:
            return self.serial
        if self._executor is None:
            if config.executor == "local" and (config.jobs == 1 or tasks < _PARALLEL_FROM[stage]):
                return self.serial
            self._executor = make_executor(config.executor, config.jobs, config.scheduler,
                                           warm=(warm_up, (config.options,)))
            self.stats.executor = self._executor.describe()
        if isinstance(self._executor, ProcessExecutor) and not self._executor.started and tasks < _PARALLEL_FROM[stage]:
            return self.serial
        return self._executor

    def prestart(self, documents: int) -> None:
        """Start local workers early when enough documents are new to need them: they warm up while files are parsed."""
        config = self.config
        if config.executor == "local" and config.jobs != 1 and documents >= 2 * _PARALLEL_FROM["align"]:
            executor = self.executor_for("align", _PARALLEL_FROM["align"])
            if isinstance(executor, ProcessExecutor):
                executor.prestart()

    def close(self) -> None:
        if self._executor is not None:
            self.stats.worker_peak_mb.update(self._executor.memory.peak_mb)
            self._executor.close()

    # ------------------------------------------------------------ load

    def load(self, files: list[tuple[Path, Lang]]) -> tuple[list[Document | PairError | None], dict[Lang, int]]:
        """Each file's Document (from the cache when its bytes are unchanged) or its error, in file order."""
        out: list[Document | PairError | None] = [None] * len(files)
        totals = {lang: sum(1 for _, g in files if g == lang) for lang in ("zh", "en")}
        done = {"zh": 0, "en": 0}

        def tick(k: int) -> None:
            lang = files[k][1]
            done[lang] += 1
            self.on_progress(f"load {lang}", done[lang], totals[lang], files[k][0].name)

        todo, digests = [], {}
        for k, (path, lang) in enumerate(files):
            shown = display_path(path)
            try:
                raw = read_document_bytes(path)
            except AlignerError as exc:
                out[k] = PairError(shown, str(exc))
                tick(k)
                continue
            digest = hashlib.sha256(raw).hexdigest()
            doc = self.cache.get_document(digest, shown, document_format(shown), lang)
            if doc is None:
                todo.append(k)
                digests[k] = digest
            else:
                out[k] = doc
                self.stats.documents_cached += 1
                tick(k)

        self.prestart(len(todo))  # new or changed documents: their pairs will need aligning

        reread_failed = [False] * len(todo)

        def arguments():
            for j, k in enumerate(todo):  # read again here, lazily, so at most a window of files is in memory at once
                path, lang = files[k]
                shown = display_path(path)
                try:
                    raw = read_document_bytes(path)
                except AlignerError as exc:
                    reread_failed[j] = True
                    yield exc, shown, lang
                    continue
                if hashlib.sha256(raw).hexdigest() != digests[k]:  # changed since the first look
                    reread_failed[j] = True
                yield raw, shown, lang

        for j, value in self.executor_for("load", len(todo)).imap_unordered(_parse_or_pass, arguments()):
            k = todo[j]
            if isinstance(value, TaskFailure):  # the worker died: not the file's fault, so not remembered
                value = PairError(display_path(files[k][0]), f"{display_path(files[k][0])}: {value.message}")
            elif isinstance(value, Document):
                self.cache.put_document(value)
                self.stats.documents_parsed += 1
            elif value.message.startswith(f"{value.path}: ") and not reread_failed[j]:
                self.cache.put_document_error(digests[k], document_format(value.path), files[k][1], value)
            out[k] = value
            tick(k)
        return out, totals

    # ------------------------------------------------------------ align

    def align(self, pairings: list[Pairing]) -> list[PairResult | PairError]:
        """Each pair's result (from the cache when nothing it depends on changed) or its error, in pair order."""
        config = self.config
        out: list[PairResult | PairError | None] = [None] * len(pairings)
        run = run_fingerprint(config.options)
        keys = [self.cache.pair_key(p, run) for p in pairings]
        self.pair_keys = {p.pair_id: key for p, key in zip(pairings, keys)}
        total, done = len(pairings), 0
        todo = []
        for k, pairing in enumerate(pairings):
            hit = self.cache.get_pair(keys[k], pairing)
            if hit is None:
                todo.append(k)
                continue
            out[k], compact = hit
            self.contents[pairing.pair_id] = content_digest(compact)
            terms = self.cache.get_terms(keys[k]) if config.options.checks else None
            if terms is not None:
                self.terms[pairing.pair_id] = terms
            self.stats.pairs_cached += 1
            done += 1
            self.on_progress("align", done, total, f"{pairing.pair_id} (cached)")
        executor = self.executor_for("align", len(todo))
        for j, value in executor.imap_unordered(_align_task, ((pairings[k], config.options) for k in todo)):
            k = todo[j]
            pairing = pairings[k]
            if isinstance(value, TaskFailure):
                value = PairError(pairing.en.path, f"pair {pairing.pair_id}: {value.message}")
            if isinstance(value, ConfigError):
                raise value
            if isinstance(value, PairError):
                out[k] = value
                self.stats.pairs_failed += 1
                status = "error"
            else:
                pair, compact, json_text, html_text, terms = value
                self._write_pair(keys[k], pair, compact, json_text.encode("utf-8"), html_text.encode("utf-8"), terms)
                out[k] = pair
                self.stats.pairs_aligned += 1
                status = "aligned"
            done += 1
            self.on_progress("align", done, total, f"{pairing.pair_id} ({status})")
        return out  # type: ignore[return-value]

    def _write_pair(self, key: str, pair: PairResult, compact: str, json_bytes: bytes, html_bytes: bytes,
                    terms: dict | None) -> None:
        """The pair's reports as soon as it is aligned (a killed batch keeps them), then its cache entries."""
        folder = self.config.out_dir / pair.pair_id
        content = content_digest(compact)
        self.contents[pair.pair_id] = content
        if terms is not None:
            self.terms[pair.pair_id] = terms
        try:
            write_atomic(folder / "alignment.json", json_bytes)
            write_atomic(folder / "report.html", html_bytes)
            self.cache.record_reports(pair.pair_id, content, json_bytes, html_bytes, decisions_signature({}))
            self.cache.put_pair(key, compact)
            if terms is not None:
                self.cache.put_terms(key, terms)
        except OSError as exc:
            raise InputError(f"cannot write reports ({exc.strerror}); free some space or choose another --out",
                             display_path(folder)) from None


def _parse_or_pass(raw: bytes | AlignerError, shown: str, lang: Lang) -> Document | PairError:
    if isinstance(raw, AlignerError):  # the file could not be re-read; report that
        return PairError(shown, str(raw))
    return _parse_task(raw, shown, lang)


def without_broken_rows(manifest: list[tuple[str, str]] | None, zh_docs: list[Document], en_docs: list[Document]
                        ) -> tuple[list[tuple[str, str]] | None, list[Unpaired], list[Document], list[Document]]:
    """pairs.tsv rows naming a file that failed to load are dropped (that file's error is already recorded);
    the partner of such a file belongs to it (the manifest says so): reported unpaired, not paired by content."""
    if manifest is None:
        return manifest, [], zh_docs, en_docs
    have_zh = {Path(d.path).name: d for d in zh_docs}
    have_en = {Path(d.path).name: d for d in en_docs}
    broken = [(z, e) for z, e in manifest if z not in have_zh or e not in have_en]
    kept = [(z, e) for z, e in manifest if z in have_zh and e in have_en]
    orphans: list[Unpaired] = []
    for z, e in broken:
        for name, have, other, lang in ((z, have_zh, e, "zh"), (e, have_en, z, "en")):
            if name in have:
                orphans.append(Unpaired(have[name].path, lang, f"its counterpart in pairs.tsv ({other}) could not be read"))
    gone = {u.path for u in orphans}
    return kept, orphans, [d for d in zh_docs if d.path not in gone], [d for d in en_docs if d.path not in gone]


def manifest_rows(path: Path, zh_names: set[str], en_names: set[str], zh_dir: Path, en_dir: Path) -> list[tuple[str, str]]:
    """The rows of pairs.tsv, checked against the two folders; an error names the line and the fix."""
    shown = display_path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read the pairs file ({exc.strerror}); check the path given to --pairs", shown) from None
    try:
        raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise InputError(f"line {line}: not valid UTF-8; re-save the pairs file as UTF-8", shown) from None
    rows = read_manifest(path)  # raises, naming the line, for a row that is not two columns
    lines = [n for n, text in enumerate(raw.decode("utf-8-sig").splitlines(), 1)
             if text.strip() and not text.startswith("#") and "\t" in text]
    if len(lines) != len(rows):  # a header row was skipped
        lines = lines[len(lines) - len(rows):]
    seen: dict[str, int] = {}
    for line, (zh, en) in zip(lines, rows):
        for name, names, folder, lang in ((zh, zh_names, zh_dir, "zh"), (en, en_names, en_dir, "en")):
            if name not in names:
                base = Path(name.replace("\\", "/")).name
                hint = (f"write the file name only ({base})" if base in names
                        else f"correct the name or add the file to {display_path(folder)}")
                raise InputError(f"line {line}: {name} is not in {display_path(folder)}; {hint}", shown)
            if (lang, name) in seen:
                raise InputError(f"line {line}: {name} is already paired on line {seen[(lang, name)]}; "
                                 "each file can be in one pair only", shown)
            seen[(lang, name)] = line
    return rows


def _check_out_dir(config: BatchConfig) -> None:
    out = config.out_dir.resolve()
    for folder in (config.zh_dir, config.en_dir):
        if folder.is_dir() and out == folder.resolve():
            raise ConfigError(f"--out {display_path(config.out_dir)} is an input folder; write the reports to another folder")
    parent = nearest_existing(config.out_dir)
    if not parent.is_dir():
        raise ConfigError(f"--out {display_path(config.out_dir)}: {display_path(parent)} is a file, not a folder; "
                          "choose another folder for the reports")
    if config.reference_dir is not None and not config.reference_dir.is_dir():
        raise ConfigError(f"--reference {display_path(config.reference_dir)} is not a folder; give the folder of "
                          "reference translations, named like the renderings")


@lru_cache(maxsize=4)
def _glossary(options: AlignOptions):
    from .checks import default_glossary
    from .lexicon.glossary import load_glossary

    return default_glossary([load_glossary(Path(g)) for g in options.glossaries])


def _with_reference(pair: PairResult, reference_dir: Path, problems: list[PairError]) -> PairResult:
    """The pair with sacrebleu metrics against the reference of the same file name, when there is one.

    A reference that cannot be read costs the pair its reference scores, not its reports: the problem
    goes to `problems`, which the batch lists with the failed documents."""
    from .score.against_reference import reference_scores

    ref_path = reference_dir / Path(pair.en.path).name
    if not ref_path.is_file():
        return pair
    try:
        reference = load_document(ref_path, "en")
    except AlignerError as exc:
        problems.append(PairError(display_path(ref_path), f"{exc} (pair {pair.pair_id} has no reference scores)"))
        return pair
    return replace(pair, scores={**pair.scores, "reference": reference_scores(pair, reference)})


def decisions_signature(decisions) -> str:
    """A short hash of the reviewers' decisions a report shows: a report is rewritten when they change."""
    return hashlib.sha256(repr(sorted(decisions.items())).encode("utf-8")).hexdigest()[:16] if decisions else "-"


def _review_batch(results: tuple[PairResult, ...], config: BatchConfig, cache: BatchCache | None = None,
                  pair_keys: dict[str, str] | None = None,
                  contents: dict[str, str] | None = None,
                  terms: dict[str, dict] | None = None,
                  problems: list[PairError] | None = None) -> tuple[tuple[PairResult, ...], dict]:
    """What needs the whole batch: consistency across pairs, then reviewers' decisions; reports rewritten.

    Consistency flags found pair by pair are a subset of the batch's (their ids do not
    depend on which pairs were looked at together), so the batch's are added to each pair.
    Reports already on disk that show the same pair and decisions are left as they are;
    `contents` (pair id -> content digest of each pair as computed) spares encoding a pair
    the review left unchanged; `terms` (pair id -> `checks.pair_terms`, found where the pair
    was aligned) spares reading every pair again for consistency. Reference translations that
    cannot be read are added to `problems`.
    """
    from .review.store import DB_FILENAME, ReviewStore

    if not results:
        return results, {}
    computed = {pair.pair_id: pair for pair in results}
    contents = contents or {}
    problems = problems if problems is not None else []
    if config.options.checks:
        keys = [pair_keys[p.pair_id] for p in results] if pair_keys and cache is not None else None
        found = cache.get_batch_flags("consistency", keys, run_fingerprint(config.options)) if keys else None
        if found is None:
            from .checks import consistency_flags  # not imported when the cache has the answer
            from .checks.consistency import PairTerms

            known = {pid: PairTerms.from_json(t) for pid, t in (terms or {}).items()}
            found = consistency_flags(list(results), _glossary(config.options), known)
            if keys:
                cache.put_batch_flags("consistency", keys, run_fingerprint(config.options), found)
        merged = []
        for pair in results:
            have = {f.id for f in pair.flags}
            extra = tuple(f for f in found.get(pair.pair_id, ()) if f.id not in have)
            merged.append(replace(pair, flags=pair.flags + extra) if extra else pair)
        results = tuple(merged)
    if config.reference_dir is not None:
        results = tuple(_with_reference(pair, config.reference_dir, problems) for pair in results)
    changes = {}
    reviewed = []
    with ReviewStore(config.review_db or config.out_dir / DB_FILENAME) as store:
        for pair in results:
            pair, changes[pair.pair_id] = store.review(pair)
            # the review adds flags and scores and sets statuses: a pair it left equal to the one
            # computed (strings and ints compared, no floats) has that pair's JSON
            data = None
            content = contents.get(pair.pair_id) if pair == computed[pair.pair_id] else None
            if content is None:
                data = pair_to_json(pair)
                content = content_digest(compact_json(data))
            decisions = store.decisions(f.id for f in pair.flags)
            signed = decisions_signature(decisions)
            if cache is None or not cache.reports_current(pair.pair_id, content, signed):
                if data is None:
                    data = pair_to_json(pair)
                json_text, html = dumps(data), render_pair(pair, decisions)
                folder = config.out_dir / pair.pair_id
                write_atomic(folder / "alignment.json", json_text)
                write_atomic(folder / "report.html", html)
                if cache is not None:
                    cache.record_reports(pair.pair_id, content, json_text.encode("utf-8"), html.encode("utf-8"), signed)
            reviewed.append(pair)
    return tuple(reviewed), changes


def run_batch(config: BatchConfig, on_progress: ProgressCallback | None = None,
              stats: BatchStats | None = None) -> BatchResult:
    """Pair the documents of two folders, align each pair, and write every report.

    Work runs in worker processes (or on a dask cluster) when there is enough of
    it; documents and pairs whose inputs, options and code are unchanged since a
    previous run into the same folder come from its cache. Every report is
    written by rename, and a pair's cache entry only after its reports, so a run
    killed at any point and started again finishes the job.
    """
    stats = stats if stats is not None else BatchStats()
    started = time.perf_counter()
    _check_out_dir(config)
    zh_files, zh_err = _list_documents(config.zh_dir)
    en_files, en_err = _list_documents(config.en_dir)
    manifest_path = config.manifest
    if manifest_path is None:
        candidate = config.zh_dir.parent / "pairs.tsv"
        manifest_path = candidate if candidate.is_file() else None
    listed = lambda files, errs: {p.name for p in files} | {Path(e.path).name for e in errs}  # noqa: E731
    manifest = (manifest_rows(manifest_path, listed(zh_files, zh_err), listed(en_files, en_err),
                               config.zh_dir, config.en_dir) if manifest_path else None)
    sweep_temporaries(config.out_dir)
    batch = _Batch(config, on_progress, stats)
    try:
        loaded, _ = batch.load([(p, "zh") for p in zh_files] + [(p, "en") for p in en_files])
        stats.seconds["load"] = round(time.perf_counter() - started, 3)
        docs = [d for d in loaded if isinstance(d, Document)]
        folders: dict[Lang, Path] = {"zh": config.zh_dir, "en": config.en_dir}
        errors = zh_err + en_err + [replace(e, message=name_the_folder(e.message, folders))
                                    for e in loaded if isinstance(e, PairError)]
        zh_docs = [d for d in docs if d.lang == "zh"]
        en_docs = [d for d in docs if d.lang == "en"]
        manifest, orphans, zh_docs, en_docs = without_broken_rows(manifest, zh_docs, en_docs)
        pairings, unpaired = pair_documents(zh_docs, en_docs, manifest)
        unpaired = list(unpaired) + orphans
        by_id: dict[str, Pairing] = {}
        for pairing in pairings:
            other = by_id.setdefault(pairing.pair_id, pairing)
            if other is not pairing:
                errors.append(PairError(pairing.en.path, f"pair {pairing.pair_id}: {pairing.zh.path} + {pairing.en.path} "
                                        f"would share the report folder of {other.zh.path} + {other.en.path}; "
                                        "rename one of the files"))
        pairings = list(by_id.values())
        stats.seconds["pair"] = round(time.perf_counter() - started - stats.seconds["load"], 3)
        outcomes = batch.align(pairings)
        stats.seconds["align"] = round(time.perf_counter() - started - stats.seconds["load"] - stats.seconds["pair"], 3)
    finally:
        batch.close()
    results = tuple(o for o in outcomes if isinstance(o, PairResult))
    errors += [o for o in outcomes if isinstance(o, PairError)]
    review_started = time.perf_counter()
    results, changes = _review_batch(results, config, batch.cache, batch.pair_keys, batch.contents, batch.terms, errors)
    stats.seconds["review"] = round(time.perf_counter() - review_started, 3)
    # the signature from a result: computing it here would load every model into this process
    signature = results[0].signature if results else config.options.signature()
    result = BatchResult(results, tuple(unpaired), tuple(errors), signature)
    index_json, index_html = dumps(index_to_json(result)), render_index(result, changes)
    try:
        write_if_changed(config.out_dir / "index.json", index_json)
        write_if_changed(config.out_dir / "index.html", index_html)
    except OSError as exc:
        raise InputError(f"cannot write the index ({exc.strerror}); free some space or choose another --out",
                         display_path(config.out_dir)) from None
    batch.cache.prune()
    stats.seconds["total"] = round(time.perf_counter() - started, 3)
    return result
