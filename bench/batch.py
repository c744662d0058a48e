"""Benchmark of `aligner batch` at scale: throughput, speed-up, worker memory, warm re-runs.

Builds a synthetic batch in a temporary folder from the seed corpus and the
mac-dev chapters (shared/eval/mac-dev: one sentence per line; the gold links
group sentences into paragraphs of about five Chinese sentences, so both sides
have matching paragraphs), in varied encodings and formats with a few broken
files, paired by a pairs.tsv. Then runs it with --jobs 1, --jobs 2 and on a
local dask cluster of 2 worker processes, each cold into its own report folder,
and re-runs the --jobs 2 batch warm. Finally a --jobs 2 run of a smaller batch
(--small, 100 pairs) shows whether worker memory depends on the batch size.

    .venv/bin/python bench/batch.py                 # 1,000 pairs, then 100 pairs for the memory comparison
    .venv/bin/python bench/batch.py --pairs 200 --small 50 --skip dask

Each run is a child process using a snapshot of the package taken at the
start, so edits to the working tree during the benchmark change nothing.
Peak memory per worker is each worker process's own ru_maxrss, which every
task reports back with its result.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MAC = ROOT.parent / "shared" / "eval" / "mac-dev"
SEEDS = ROOT / "corpora"
SENTENCES_PER_PARAGRAPH = 5
WINDOW = 6  # paragraphs per synthetic document (about 30 sentences a side)

# A passage of The Golden Age in traditional characters, for Big5 files, with its English.
TRAD_ZH = [
    "我二十一歲時，正在雲南插隊。陳清揚當時二十六歲，就在我插隊的地方當醫生。我在山下十四隊，她在山上十五隊。"
    "有一天她從山上下來，和我討論她不是破鞋的問題。那時我還不大認識她，只能說有一點知道。",
    "她要討論的事是這樣的：雖然所有的人都說她是一個破鞋，但她以為自己不是的。因為破鞋偷漢，而她沒有偷過漢。"
    "雖然她丈夫已經住了一年監獄，但她沒有偷過漢。在此之前也未偷過漢。所以她簡直不明白，人們為什麼要說她是破鞋。",
]


def _read_lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def chapter_paragraphs(num: str) -> list[tuple[str, str]]:
    """(zh, en) paragraphs of one mac-dev chapter: gold links grouped to about five Chinese sentences."""
    zh = _read_lines(MAC / "split" / f"{num}.zh")
    en = _read_lines(MAC / "split" / f"{num}.en")
    out, zcur, ecur = [], [], []
    for line in _read_lines(MAC / "gold" / f"{num}.align"):
        left, right = line.split(":")
        zcur += [zh[int(i)] for i in json.loads(left)]
        ecur += [en[int(i)] for i in json.loads(right)]
        if len(zcur) >= SENTENCES_PER_PARAGRAPH and ecur:
            out.append(("".join(zcur), " ".join(ecur)))
            zcur, ecur = [], []
    if zcur and ecur:
        out.append(("".join(zcur), " ".join(ecur)))
    return out


def english_of_trad() -> list[str]:
    en = _read_lines(MAC / "split" / "001.en")
    return [" ".join(en[0:5]), " ".join(en[5:10])]


def _docx(paragraphs: list[str]) -> bytes:
    from xml.sax.saxutils import escape

    body = "".join(f'<w:p><w:r><w:t xml:space="preserve">{escape(p)}</w:t></w:r></w:p>' for p in paragraphs)
    doc = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
           '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
           f"<w:body>{body}</w:body></w:document>")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
        zf.writestr("word/document.xml", doc)
    return buf.getvalue()


def _html(paragraphs: list[str], title: str) -> str:
    from html import escape

    body = "".join(f"<p>{escape(p)}</p>\n" for p in paragraphs)
    return (f"<!doctype html><html><head><meta charset='utf-8'><title>{escape(title)}</title>"
            f"<style>p {{margin: 0}}</style><script>var x = 1;</script></head>"
            f"<body><h1>{escape(title)}</h1>\n{body}</body></html>")


def _encode(text: str, encoding: str) -> bytes:
    if encoding == "utf-8-sig":
        return b"\xef\xbb\xbf" + text.encode("utf-8")
    if encoding == "utf-16-le":
        return b"\xff\xfe" + text.encode("utf-16-le")
    if encoding == "utf-16-be":
        return b"\xfe\xff" + text.encode("utf-16-be")
    try:
        return text.encode(encoding)
    except UnicodeEncodeError:
        return text.encode("utf-8")


_ZH_ENCODINGS = ["utf-8"] * 6 + ["utf-8-sig", "gb18030", "utf-16-le", "utf-16-be"]
_EN_ENCODINGS = ["utf-8"] * 7 + ["cp1252", "utf-16-le", "utf-8-sig"]


def build_batch(root: Path, pairs: int) -> dict:
    """Write `pairs` synthetic pairs under root/zh, root/en and root/pairs.tsv; what was made."""
    (root / "zh").mkdir(parents=True)
    (root / "en").mkdir(parents=True)
    chapters = {p.stem: chapter_paragraphs(p.stem) for p in sorted((MAC / "split").glob("*.zh"))}
    names = sorted(chapters)
    seed_zh = (SEEDS / "zh" / "000_956485486ee5ccc0.txt").read_bytes()
    seed_en = (SEEDS / "en" / "002_a484c70458b5f49f.txt").read_bytes()
    trad_en = english_of_trad()
    rows, broken = [], []
    for i in range(pairs):
        stem = f"p{i:05d}"
        chapter = chapters[names[i % len(names)]]
        start = (i // len(names) * 7) % max(1, len(chapter) - WINDOW)
        paras = chapter[start:start + WINDOW]
        zh_paras, en_paras = [z for z, _ in paras], [e for _, e in paras]
        zenc, eenc = _ZH_ENCODINGS[i % len(_ZH_ENCODINGS)], _EN_ENCODINGS[(i // 3) % len(_EN_ENCODINGS)]
        fmt = {3: "md", 4: "html", 5: "docx"}.get(i % 25, "txt")
        if i % 50 == 9:  # Big5 (traditional characters)
            zh_paras, en_paras, zenc, fmt = TRAD_ZH, trad_en, "big5", "txt"
        if i % 100 == 42:  # a real web page with its furniture (the seed pair)
            zh_bytes, en_bytes, fmt = seed_zh, seed_en, "txt"
        elif fmt == "docx":
            zh_bytes, en_bytes = _docx(zh_paras), _docx(en_paras)
        elif fmt == "html":
            zh_bytes = _html(zh_paras, f"第{i}章").encode("utf-8")
            en_bytes = _html(en_paras, f"Chapter {i}").encode("utf-8")
        elif fmt == "md":
            zh_bytes = _encode(f"# 第{i}章\n\n" + "\n\n".join(zh_paras) + "\n", zenc)
            en_bytes = _encode(f"# Chapter {i}\n\n" + "\n\n".join(en_paras) + "\n", eenc)
        else:
            zh_bytes = _encode("\n\n".join(zh_paras) + "\n", zenc)
            en_bytes = _encode("\n\n".join(en_paras) + "\n", eenc)
        kind = {11: "empty", 23: "truncated UTF-8", 37: "truncated docx", 51: "binary", 67: "wrong language"}.get(i % 100)
        if kind == "empty":
            zh_bytes = b""
        elif kind == "truncated UTF-8":
            zenc = "utf-8"
            zh_bytes = ("\n\n".join(zh_paras)).encode("utf-8")[:-1]
        elif kind == "truncated docx":
            fmt, zh_bytes, en_bytes = "docx", _docx(zh_paras)[:200], _docx(en_paras)
        elif kind == "binary":
            zh_bytes = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
        elif kind == "wrong language":
            en_bytes = ("\n\n".join(zh_paras) + "\n").encode("utf-8")
        if kind:
            broken.append(f"{stem}: {kind}")
        suffix = "." + fmt
        (root / "zh" / f"{stem}{suffix}").write_bytes(zh_bytes)
        (root / "en" / f"{stem}{suffix}").write_bytes(en_bytes)
        rows.append(f"{stem}{suffix}\t{stem}{suffix}")
    (root / "pairs.tsv").write_text("zh\ten\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return {"pairs": pairs, "broken": broken}


# ---------------------------------------------------------------- child: one run

def child(args: argparse.Namespace) -> None:
    """Run one batch in this process and print its timings and statistics as JSON."""
    import aligner
    from aligner.pipeline import AlignOptions, BatchConfig, BatchStats, run_batch

    cluster = None
    kw = {"jobs": args.jobs}
    if args.dask:
        from distributed import LocalCluster

        cluster = LocalCluster(n_workers=args.dask, threads_per_worker=1, processes=True,
                               dashboard_address=None, silence_logs=50)
        kw = {"executor": "dask", "scheduler": cluster.scheduler_address}
    batch = Path(args.batch)
    stats = BatchStats()
    start = time.perf_counter()
    options = AlignOptions(backend=args.backend)
    result = run_batch(BatchConfig(batch / "zh", batch / "en", Path(args.out), batch / "pairs.tsv", options, **kw),
                       stats=stats)
    seconds = time.perf_counter() - start
    if cluster is not None:
        cluster.close()
    print(json.dumps({"seconds": seconds, "pairs": len(result.pairs), "errors": len(result.errors),
                      "stats": stats.__dict__, "aligner": aligner.__file__}))


def run_child(batch: Path, out: Path, snapshot: Path, backend: str, jobs: int | None = None, dask: int | None = None) -> dict:
    cmd = [sys.executable, __file__, "--child", "--batch", str(batch), "--out", str(out), "--backend", backend]
    cmd += ["--jobs", str(jobs)] if jobs else []
    cmd += ["--dask", str(dask)] if dask else []
    env = dict(os.environ, PYTHONPATH=str(snapshot))
    before = os.getloadavg()[0]
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.exit(f"bench: child failed ({done.returncode}):\n{done.stderr[-3000:]}")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result["load"] = (before, os.getloadavg()[0])  # other work on the machine skews the timings: say so
    return result


def _line(label: str, r: dict, pairs: int, base: float | None = None) -> str:
    mem = r["stats"]["worker_peak_mb"]
    peak = f"{max(mem.values()):7.1f}" if mem else "      -"
    speed = f"{base / r['seconds']:6.2f}x" if base else "      -"
    s = r["stats"]
    return (f"{label:<26} {r['seconds']:8.1f} s {pairs / r['seconds']:8.2f} pairs/s {speed}   {peak} MB"
            f"   {s['pairs_aligned']:5d} aligned {s['pairs_cached']:5d} cached {r['errors']:3d} errors"
            f"   load avg {r['load'][0]:.1f}->{r['load'][1]:.1f}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pairs", type=int, default=1000)
    ap.add_argument("--small", type=int, default=100, help="size of the batch whose worker memory is compared (--jobs 2)")
    ap.add_argument("--skip", default="", help="comma-separated runs to leave out: jobs1, jobs2, dask, warm, memory")
    ap.add_argument("--backend", default="lexical",
                    help="sentence similarity backend (default lexical: the e5/hybrid backends cost ~15 s a pair on 2 cores)")
    ap.add_argument("--keep", action="store_true", help="keep the temporary folder")
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--batch", help=argparse.SUPPRESS)
    ap.add_argument("--out", help=argparse.SUPPRESS)
    ap.add_argument("--jobs", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--dask", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        return child(args)
    tmp = Path(tempfile.mkdtemp(prefix="aligner-bench-"))
    snapshot = tmp / "snapshot"
    shutil.copytree(ROOT / "aligner", snapshot / "aligner", ignore=shutil.ignore_patterns("__pycache__"))
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    print(f"bench/batch.py: python {sys.version.split()[0]}, {cores} cores, backend {args.backend}, work in {tmp}")
    try:
        made = build_batch(tmp / "batch", args.pairs)
        print(f"batch: {args.pairs} pairs, {len(made['broken'])} with a broken file "
              f"({', '.join(sorted({b.split(': ')[1] for b in made['broken']}))})")
        print(f"{'run':<26} {'time':>10} {'throughput':>15} {'speed-up':>8}   {'peak/worker':>10}")
        skip = set(filter(None, args.skip.split(",")))
        base = r2 = None
        if "jobs1" not in skip:
            r1 = run_child(tmp / "batch", tmp / "out1", snapshot, args.backend, jobs=1)
            base = r1["seconds"]
            print(_line("--jobs 1 (cold)", r1, args.pairs), flush=True)
        if "jobs2" not in skip:
            r2 = run_child(tmp / "batch", tmp / "out2", snapshot, args.backend, jobs=2)
            print(_line("--jobs 2 (cold)", r2, args.pairs, base), flush=True)
        if "dask" not in skip:
            rd = run_child(tmp / "batch", tmp / "outd", snapshot, args.backend, dask=2)
            print(_line("dask, 2 workers (cold)", rd, args.pairs, base), flush=True)
        if "warm" not in skip and r2 is not None:
            rw = run_child(tmp / "batch", tmp / "out2", snapshot, args.backend, jobs=2)
            print(_line("--jobs 2 (warm re-run)", rw, args.pairs, base), flush=True)
            print(f"warm re-run: {r2['seconds'] / rw['seconds']:.1f}x faster than the cold --jobs 2 run"
                  + (f", {base / rw['seconds']:.1f}x faster than the cold --jobs 1 run" if base else ""))
        outs = [o for o in ("out1", "out2", "outd") if (tmp / o / "index.json").is_file()]
        if len(outs) > 1:
            same = all(_same_reports(tmp / outs[0], tmp / o) for o in outs[1:])
            print(f"alignment.json and index.json byte-identical across {', '.join(outs)}: {same}")
        if "memory" not in skip and r2 is not None and args.small < args.pairs:
            build_batch(tmp / "small", args.small)
            rs = run_child(tmp / "small", tmp / "outs", snapshot, args.backend, jobs=2)
            big, small = (max(r["stats"]["worker_peak_mb"].values()) for r in (r2, rs))
            print(_line(f"--jobs 2, {args.small} pairs (cold)", rs, args.small), flush=True)
            print(f"peak memory per worker: {big:.1f} MB at {args.pairs} pairs, {small:.1f} MB at {args.small} pairs "
                  f"({(big - small) / small * 100:+.1f} %)")
    finally:
        if args.keep:
            print(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


def _same_reports(a: Path, b: Path) -> bool:
    files = sorted(p.relative_to(a) for p in a.glob("*/alignment.json"))
    return files == sorted(p.relative_to(b) for p in b.glob("*/alignment.json")) and all(
        (a / f).read_bytes() == (b / f).read_bytes() for f in files) and (a / "index.json").read_bytes() == (b / "index.json").read_bytes()


if __name__ == "__main__":
    main()
