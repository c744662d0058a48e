"""How the pair report's set-up time grows with the number of flags, in headless Chromium.

Renders synthetic pair reports of N paragraphs with two flags each (N = 250, 500, 1000, 2000 by
default), opens each in Debian's Chromium through Playwright, and prints the time from the page
data's arrival to the end of the page's own script (body[data-ready]). Set-up that grows linearly
doubles when the flags double; the last column is that ratio, measured in the same run.

    .venv/bin/python bench/report_open.py [--sizes 250,500,1000,2000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import hashlib
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from aligner.model import Document, Flag, Link, PairResult, Paragraph, Span  # noqa: E402
from aligner.report.html import render_pair  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
TIMER = """
  new MutationObserver(function () {
    if (!window.__start && document.getElementById("aligner-data")) window.__start = performance.now();
    if (document.body && document.body.dataset.ready && !window.__ready) window.__ready = performance.now();
  }).observe(document, {subtree: true, childList: true, attributes: true});"""


def long_pair(n: int) -> PairResult:
    """N paragraph pairs, each with a number flag on 658亿元 and on 3万个."""
    zh = Document("zh/long.txt", "zh", tuple(Paragraph(k, f"第{k}段：全省投资658亿元，建成5G基站3万个。") for k in range(n)),
                  "0" * 64)
    en = Document("en/long.txt", "en", tuple(
        Paragraph(k, f"Paragraph {k}: the province invests 6.58 billion yuan and builds 3,000 5G base stations.")
        for k in range(n)), "1" * 64)

    def span(doc: Document, k: int, text: str) -> Span:
        start = doc.paragraphs[k].text.index(text)
        return Span(k, start, start + len(text), text)

    flags = tuple(
        Flag(hashlib.sha256(f"{k}\x1f{zh_text}".encode()).hexdigest()[:16], "numbers", "major", f"{zh_text} differs",
             span(zh, k, zh_text), span(en, k, en_text))
        for k in range(n) for zh_text, en_text in (("658亿元", "6.58 billion"), ("3万个", "3,000")))
    return PairResult("long__long", zh, en, tuple(Link((k,), (k,), 0.9) for k in range(n)), flags=flags,
                      pairing={"method": "stem", "score": None}, signature="aligner bench|report_open")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="250,500,1000,2000", help="paragraph counts (two flags each)")
    parser.add_argument("--repeat", type=int, default=3, help="openings per size; the median is printed")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    sizes = [int(s) for s in args.sizes.split(",")]
    rows = []
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for n in sizes:
            report = Path(tmp) / f"report_{n}.html"
            report.write_text(render_pair(long_pair(n)), encoding="utf-8")
            times = []
            for _ in range(args.repeat):
                page = browser.new_page()
                page.add_init_script(TIMER)
                page.goto(report.as_uri(), timeout=600_000)
                page.wait_for_selector("body[data-ready='1']", timeout=600_000)
                times.append(page.evaluate("window.__ready - window.__start"))
                page.close()
            rows.append((n, 2 * n, report.stat().st_size / 2**20, statistics.median(times)))
        browser.close()
    print(f"{'paragraphs':>10} {'flags':>6} {'MiB':>6} {'set-up ms':>10} {'x previous':>11}")
    for k, (n, flags, mib, ms) in enumerate(rows):
        ratio = f"{ms / rows[k - 1][3]:.2f}" if k and rows[k - 1][3] > 0 else ""
        print(f"{n:>10} {flags:>6} {mib:>6.1f} {ms:>10.0f} {ratio:>11}")


if __name__ == "__main__":
    main()
