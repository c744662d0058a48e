"""Self-contained HTML reports: no external assets, no network, all document text escaped.

A pair's page shows the two texts side by side by link, highlights flagged
spans in both languages and lets a reviewer filter, walk and decide flags; the
decisions live in the browser's localStorage until exported as a decisions
file for `aligner review import`. The batch index summarises every pair.

Defence in depth against a hostile corpus: every text goes through `esc`, the
page data is JSON with `<`, `>` and `&` escaped, and a Content-Security-Policy
allows only the page's own script (by hash), no network at all.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from collections.abc import Mapping, Sequence
from importlib import resources
from typing import TYPE_CHECKING
from urllib.parse import quote

from ..model import SEVERITIES, BatchResult, Flag, PairResult, Paragraph
from .json_report import pair_summary

if TYPE_CHECKING:
    from ..review.store import Decision, RunDiff

STATUSES = ("open", "confirmed", "dismissed", "fixed")
_PLACEHOLDER = re.compile(r"@@([a-z_]+)@@")


def _href(path: str) -> str:
    """A relative link to a report: each path segment percent-encoded (a # or ? in a file name is part of the
    name, "javascript:" is no scheme), then escaped for the attribute."""
    return esc("/".join(quote(seg, safe="") for seg in path.split("/")))


def _template(name: str) -> str:
    return resources.files("aligner.report").joinpath("templates", name).read_text(encoding="utf-8")


def fill(template: str, values: Mapping[str, object]) -> str:
    """Replace each @@name@@ once; inserted text is never scanned again, so it cannot inject placeholders."""
    return _PLACEHOLDER.sub(lambda m: str(values[m.group(1)]), template)


def esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def json_for_script(obj: object) -> str:
    """JSON that is safe inside <script type="application/json">: no '</script>', no HTML entities."""
    text = json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return (text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def _csp(script: str) -> str:
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    return ("default-src 'none'; img-src data:; style-src 'unsafe-inline'; "
            f"script-src 'sha256-{digest}'; connect-src 'none'; form-action 'none'; base-uri 'none'")


def _page(template: str, script_name: str, values: dict) -> str:
    script = _template(script_name)
    return fill(_template(template), {**values, "script": script, "csp": esc(_csp(script))})


def _sev_rank(severity: str) -> int:
    return SEVERITIES.index(severity) if severity in SEVERITIES else len(SEVERITIES)


# -- the pair page ----------------------------------------------------------------------------


def _highlight(p: Paragraph, spans: Sequence[tuple[Flag, int, int]]) -> str:
    """The paragraph's text, escaped, with flagged stretches in <mark>; overlapping flags share a mark."""
    text = p.text
    valid = [(s, e, f) for f, s, e in spans if 0 <= s < e <= len(text)]
    if not valid:
        return esc(text)
    cuts = sorted({0, len(text)} | {s for s, _, _ in valid} | {e for _, e, _ in valid})
    out = []
    for a, b in zip(cuts, cuts[1:]):
        covering = sorted((f for s, e, f in valid if s <= a and b <= e), key=lambda f: (_sev_rank(f.severity), f.id))
        if not covering:
            out.append(esc(text[a:b]))
            continue
        ids = " ".join(dict.fromkeys(f.id for f in covering))
        title = "\n".join(f"{f.severity} · {f.check}: {f.message}" for f in covering)
        out.append(f'<mark class="flag sev-{esc(covering[0].severity)}" data-flags="{esc(ids)}" '
                   f'title="{esc(title)}">{esc(text[a:b])}</mark>')
    return "".join(out)


def _flag_spans(pair: PairResult, lang: str) -> dict[int, list[tuple[Flag, int, int]]]:
    out: dict[int, list[tuple[Flag, int, int]]] = {}
    for f in pair.flags:
        span = f.zh if lang == "zh" else f.en
        if span is not None:
            out.setdefault(span.paragraph, []).append((f, span.start, span.end))
    return out


_HEADING = ' class="heading"'


def _cell(paras: Sequence[Paragraph], spans: dict, lang: str) -> str:
    return "".join(
        f'<p data-p="{p.id}" lang="{lang}"{_HEADING if p.heading else ""}>'
        f'<span class="pid">{p.id}</span>{_highlight(p, spans.get(p.id, []))}</p>'
        for p in paras
    )


def _fidelity(pair: PairResult) -> tuple[dict[tuple, dict], dict]:
    fid = (pair.scores or {}).get("fidelity") or {}
    links = {(tuple(x["zh"]), tuple(x["en"])): x for x in fid.get("paragraph_links", []) or []}
    return links, fid.get("document") or {}


def _reasons(entry: Mapping) -> str:
    reasons = entry.get("reasons") or []
    if isinstance(reasons, str):
        return reasons
    return "; ".join(str(r) for r in reasons)


def _rows(pair: PairResult) -> tuple[list[str], dict[tuple[str, int], str]]:
    """Table rows in reading order, and the row id of every paragraph (for jumping to a flag)."""
    zp = {p.id: p for p in pair.zh.paragraphs}
    ep = {p.id: p for p in pair.en.paragraphs}
    zspans, espans = _flag_spans(pair, "zh"), _flag_spans(pair, "en")
    fid, _ = _fidelity(pair)
    rows: list[str] = []
    row_of: dict[tuple[str, int], str] = {}
    zi = ei = 0

    def furniture_until(z_to: int, e_to: int) -> None:
        nonlocal zi, ei
        while zi < z_to or ei < e_to:
            zrow = zp.get(zi) if zi < z_to and zp.get(zi) and zp[zi].boilerplate else None
            erow = ep.get(ei) if ei < e_to and ep.get(ei) and ep[ei].boilerplate else None
            if zi < z_to and zrow is None:
                zi += 1
                continue
            if ei < e_to and erow is None:
                ei += 1
                continue
            why = (zrow or erow).furniture or "boilerplate"
            rid = f"furn-{len(rows)}"
            if zrow:
                row_of[("zh", zrow.id)] = rid
            if erow:
                row_of[("en", erow.id)] = rid
            rows.append(
                f'<tr class="furniture" id="{rid}"><td class="meta"><span class="badge furn">furniture</span>'
                f'<small>{esc(why)}</small></td>'
                f'<td class="zh">{_cell([zrow], zspans, "zh") if zrow else ""}</td>'
                f'<td class="en">{_cell([erow], espans, "en") if erow else ""}</td></tr>'
            )
            if zrow:
                zi += 1
            if erow:
                ei += 1

    for k, link in enumerate(pair.links):
        furniture_until(link.zh[0] if link.zh else zi, link.en[0] if link.en else ei)
        kind = link.kind
        rid = f"link-{k}"
        for i in link.zh:
            row_of[("zh", i)] = rid
        for j in link.en:
            row_of[("en", j)] = rid
        entry = fid.get((link.zh, link.en)) or {}
        score = entry.get("fidelity")
        band = "" if score is None else f' style="--fid:{float(score):.0f}"'
        fid_html = "" if score is None else (
            f'<span class="fid" title="fidelity {float(score):.0f}/100{esc(": " + _reasons(entry)) if _reasons(entry) else ""}">'
            f"fid {float(score):.0f}</span>")
        rows.append(
            f'<tr class="link {esc(kind)}" id="{rid}" data-conf="{link.confidence:.4f}"{band}>'
            f'<td class="meta"><span class="badge {esc(kind)}">{esc(kind)}</span>'
            f'<span class="conf" title="alignment confidence">conf {link.confidence:.2f}</span>{fid_html}</td>'
            f'<td class="zh">{_cell([zp[i] for i in link.zh if i in zp], zspans, "zh") or "<span class=gap>(no Chinese)</span>"}</td>'
            f'<td class="en">{_cell([ep[j] for j in link.en if j in ep], espans, "en") or "<span class=gap>(no English)</span>"}</td></tr>'
        )
        if link.zh:
            zi = max(zi, link.zh[-1] + 1)
        if link.en:
            ei = max(ei, link.en[-1] + 1)
    furniture_until(max(zp, default=-1) + 1, max(ep, default=-1) + 1)
    return rows, row_of


def _flag_item(f: Flag, row: str | None, decision: Decision | None) -> str:
    spans = "".join(
        f'<div class="span" lang="{lang}"><b>{lang}</b> {esc(span.text)}</div>'
        for lang, span in (("zh", f.zh), ("en", f.en)) if span is not None and span.text
    )
    suggestion = f'<div class="suggestion">suggestion: {esc(f.suggestion)}</div>' if f.suggestion else ""
    comment = decision.comment if decision else ""
    decided = "" if decision is None else (
        f'<div class="decided">stored: {esc(decision.status)}'
        f'{" by " + esc(decision.reviewer) if decision.reviewer else ""}'
        f'{" · " + esc(decision.at[:16].replace("T", " ")) + " UTC" if decision.at else ""}'
        f'{": " + esc(decision.comment) if decision.comment else ""}</div>')
    buttons = "".join(
        f'<button type="button" data-set="{s}" title="{label} ({key})">{label}</button>'
        for s, label, key in (("confirmed", "Confirm", "c"), ("dismissed", "Dismiss", "d"),
                              ("fixed", "Fixed", "f"), ("open", "Reopen", "o"))
    )
    return (
        f'<li class="flag-item sev-{esc(f.severity)} st-{esc(f.status)}" id="flag-{esc(f.id)}" tabindex="-1" '
        f'data-flag="{esc(f.id)}" data-check="{esc(f.check)}" data-severity="{esc(f.severity)}" '
        f'data-status="{esc(f.status)}" data-row="{esc(row or "")}">'
        f'<div class="head"><span class="sev">{esc(f.severity)}</span> <span class="check">{esc(f.check)}</span>'
        f' <span class="status">{esc(f.status)}</span></div>'
        f'<div class="msg">{esc(f.message)}</div>{spans}{suggestion}{decided}'
        f'<div class="actions">{buttons}<input class="comment" type="text" placeholder="comment" '
        f'value="{esc(comment)}" aria-label="comment"></div></li>'
    )


def _reference_summary(pair: PairResult) -> str:
    """BLEU, chrF and TER against a reference translation, with their sacrebleu signatures on hover."""
    ref = (pair.scores or {}).get("reference") or {}
    parts = [
        f'<span title="{esc(ref[name]["signature"])}">{label}: <b>{ref[name]["corpus"]:.1f}</b></span>'
        for name, label in (("bleu", "BLEU"), ("chrf", "chrF"), ("ter", "TER")) if name in ref
    ]
    return "".join(parts)


def render_pair(pair: PairResult, decisions: Mapping[str, Decision] | None = None) -> str:
    """One page: Chinese left, English right, a row per link, furniture greyed in place, flags to review.

    `decisions` (from the review store) adds reviewers' comments and times to the page.
    """
    decisions = decisions or {}
    rows, row_of = _rows(pair)
    row_for: dict[str, str | None] = {}
    for f in pair.flags:
        row_for[f.id] = (row_of.get(("zh", f.zh.paragraph)) if f.zh else None) or \
            (row_of.get(("en", f.en.paragraph)) if f.en else None)
    position = {rid: k for k, rid in enumerate(dict.fromkeys(row_of.values()))}
    # the side list reads in document order; flags without a place come last
    flags = sorted(pair.flags, key=lambda f: (position.get(row_for[f.id] or "", 1 << 30), _sev_rank(f.severity), f.id))
    summary = pair_summary(pair)
    _, doc_fid = _fidelity(pair)
    checks = sorted({f.check for f in pair.flags})
    data = {
        "pair_id": pair.pair_id,
        "schema": "aligner/decisions@1",
        "flags": {
            f.id: {
                "status": f.status, "check": f.check, "severity": f.severity, "row": row_for[f.id],
                **({"comment": decisions[f.id].comment, "reviewer": decisions[f.id].reviewer,
                    "time": decisions[f.id].at} if f.id in decisions else {}),
            }
            for f in flags
        },
    }
    doc_score = doc_fid.get("fidelity")
    sev_counts = {s: sum(1 for f in pair.flags if f.severity == s) for s in SEVERITIES}
    return _page("pair.html", "pair.js", {
        "title": esc(f"{pair.zh.path} ↔ {pair.en.path}"),
        "pair_id": esc(pair.pair_id),
        "zh_path": esc(pair.zh.path),
        "en_path": esc(pair.en.path),
        "pairing": esc(f"{pair.pairing.get('method')}"
                       + (f" (score {pair.pairing['score']:.2f})" if pair.pairing.get("score") is not None else "")),
        "links": summary["links"],
        "linked": summary["linked"],
        "omissions": summary["omissions"],
        "additions": summary["additions"],
        "nflags": len(pair.flags),
        "fidelity": "" if doc_score is None else
        f'<span title="{esc(_reasons(doc_fid))}">fidelity: <b>{float(doc_score):.0f}</b></span>'
        + _reference_summary(pair),
        "check_options": "".join(f'<option value="{esc(c)}">{esc(c)}</option>' for c in checks),
        "severity_boxes": "".join(
            f'<label class="sev-{s}"><input type="checkbox" name="severity" value="{s}" checked> {s} '
            f'<small>{sev_counts[s]}</small></label>' for s in SEVERITIES),
        "status_boxes": "".join(
            f'<label><input type="checkbox" name="status" value="{s}" checked> {s} '
            f'<small data-count="{s}"></small></label>' for s in STATUSES),
        "signature": esc(pair.signature),
        "rows": "\n".join(rows),
        "flag_items": "\n".join(_flag_item(f, row_for[f.id], decisions.get(f.id)) for f in flags)
        or '<li class="none">No flags.</li>',
        "data": json_for_script(data),
    })




# -- the batch index --------------------------------------------------------------------------


def _histogram(values: Sequence[float], width: int = 460, height: int = 150) -> str:
    """Inline SVG: paragraph fidelity in ten bins of 10 points."""
    if not values:
        return '<p class="muted">No fidelity scores in this run.</p>'
    bins = [0] * 10
    for v in values:
        bins[min(9, max(0, int(float(v) // 10)))] += 1
    top = max(bins)
    bar_w = (width - 40) / 10
    parts = [f'<svg id="fid-hist" xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height + 30}" '
             f'role="img" aria-label="histogram of paragraph fidelity">']
    for k, n in enumerate(bins):
        h = 0 if top == 0 else round(n / top * (height - 20))
        x = 30 + k * bar_w
        parts.append(f'<rect x="{x:.1f}" y="{height - h}" width="{bar_w - 4:.1f}" height="{h}" '
                     f'fill="hsl({(k * 10 + 5) * 1.2:.0f},70%,50%)"><title>{k * 10}–{k * 10 + 10}: {n}</title></rect>')
        if n:
            parts.append(f'<text x="{x + (bar_w - 4) / 2:.1f}" y="{height - h - 4}" text-anchor="middle">{n}</text>')
        parts.append(f'<text x="{x:.1f}" y="{height + 14}">{k * 10}</text>')
    parts.append(f'<text x="{30 + 10 * bar_w - 12:.1f}" y="{height + 14}">100</text>')
    parts.append(f'<line x1="28" y1="{height}" x2="{width - 8}" y2="{height}" stroke="#999"/></svg>')
    return "".join(parts)


def is_consistency_flag(f: Flag) -> bool:
    return "consisten" in f.check.lower()


def _consistency(batch: BatchResult) -> str:
    groups: dict[str, list[tuple[PairResult, Flag]]] = {}
    for p in batch.pairs:
        for f in p.flags:
            if is_consistency_flag(f):
                term = (f.zh.text if f.zh and f.zh.text else "").strip() or "(no Chinese span)"
                groups.setdefault(term, []).append((p, f))
    if not groups:
        return '<p class="muted">No term consistency flags.</p>'
    out = []
    for term in sorted(groups, key=lambda t: (-len(groups[t]), t)):
        items = "".join(
            f'<li class="sev-{esc(f.severity)} st-{esc(f.status)}"><a href="{_href(p.pair_id)}/report.html#flag-{esc(f.id)}">'
            f'{esc(p.pair_id)}</a>: <q lang="en">{esc(f.en.text if f.en else "")}</q> — {esc(f.message)} '
            f'<small>({esc(f.severity)}, {esc(f.status)})</small></li>'
            for p, f in groups[term]
        )
        out.append(f'<details open><summary><span lang="zh">{esc(term)}</span> <small>{len(groups[term])} '
                   f'flag{"s" if len(groups[term]) != 1 else ""}</small></summary><ul>{items}</ul></details>')
    return "".join(out)


def _changes(batch: BatchResult, changes: Mapping[str, RunDiff] | None) -> str:
    if changes is None:
        return '<p class="muted">No review database was used for this run, so nothing to compare with.</p>'
    flags_by_id = {f.id: f for p in batch.pairs for f in p.flags}
    out = []
    for p in batch.pairs:
        diff = changes.get(p.pair_id)
        if diff is None:
            continue
        if diff.first_run:
            out.append(f'<h3>{esc(p.pair_id)}</h3><p class="muted">First run of this pair: '
                       f"{len(diff.new)} flags, nothing to compare with.</p>")
            continue
        if not diff.new and not diff.gone and not diff.still_found:
            continue
        new = "".join(
            f'<li class="sev-{esc(f.severity)}"><a href="{_href(p.pair_id)}/report.html#flag-{esc(f.id)}">{esc(f.check)}</a>'
            f" {esc(f.message)} <small>({esc(f.severity)})</small></li>"
            for f in (flags_by_id[i] for i in diff.new if i in flags_by_id)
        )
        gone = "".join(
            f'<li class="sev-{esc(f.severity)} st-{esc(f.status)}">{esc(f.check)} {esc(f.message)} '
            f'<small>({esc(f.severity)}, {esc(f.status)})</small></li>'
            for f in diff.gone_flags
        ) or "".join(f"<li><code>{esc(i)}</code></li>" for i in diff.gone)
        still = "".join(
            f'<li class="sev-{esc(f.severity)}"><a href="{_href(p.pair_id)}/report.html#flag-{esc(f.id)}">{esc(f.check)}</a>'
            f" {esc(f.message)} <small>({esc(f.severity)})</small></li>"
            for f in (flags_by_id[i] for i in diff.still_found if i in flags_by_id)
        )
        still = (f'<div><h4 title="a reviewer marked these fixed, but this run found them in the same words">'
                 f'Marked fixed, still found ({len(diff.still_found)})</h4><ul class="still">{still}</ul></div>'
                 if diff.still_found else "")
        out.append(f'<h3>{esc(p.pair_id)}</h3><div class="diff"><div><h4>New ({len(diff.new)})</h4><ul class="new">{new}</ul>'
                   f'</div><div><h4>Disappeared ({len(diff.gone)})</h4><ul class="gone">{gone}</ul></div>{still}</div>')
    return "".join(out) or '<p class="muted">No flag appeared or disappeared since the last run.</p>'


_SHORT = {"critical": "crit.", "major": "major", "minor": "minor", "info": "info",
          "open": "open", "confirmed": "confirmed", "dismissed": "dismissed", "fixed": "fixed"}


def _plural(n: int, what: str) -> str:
    return f"{n} {what}{'' if n == 1 else 's'}"


def _fid_style(score: object) -> str:
    return "" if score is None else f' style="--fid:{float(score):.0f}"'


def _num(v: object) -> str:
    return "" if v is None else esc(v)


def render_index(batch: BatchResult, changes: Mapping[str, RunDiff] | None = None) -> str:
    """The batch page: pairs (sortable), unpaired documents, fidelity histogram, term consistency, changes."""
    rows = []
    fid_values: list[float] = []
    for p in batch.pairs:
        s = pair_summary(p)
        sev = s["flags"]
        status = {st: sum(1 for f in p.flags if f.status == st) for st in STATUSES}
        links_fid, _ = _fidelity(p)
        fid_values += [float(x["fidelity"]) for x in links_fid.values() if x.get("fidelity") is not None]
        diff = (changes or {}).get(p.pair_id)
        fid, conf = s["fidelity"], s["mean_confidence"]
        rows.append(
            f'<tr><td class="path"><a href="{_href(s["report"])}">{esc(p.pair_id)}</a></td><td class="path">{esc(p.zh.path)}</td>'
            f'<td class="path">{esc(p.en.path)}</td><td>{esc(s["pairing"].get("method"))}</td>'
            f'<td class="num"{_fid_style(fid)} data-sort="{_num(fid)}">'
            f'{"" if fid is None else f"{float(fid):.0f}"}</td>'
            f'<td class="num">{s["links"]}</td><td class="num">{s["omissions"]}</td><td class="num">{s["additions"]}</td>'
            f'<td class="num" data-sort="{_num(conf)}">{"" if conf is None else f"{float(conf):.2f}"}</td>'
            + "".join(f'<td class="num sev-{sv}">{sev.get(sv, 0)}</td>' for sv in SEVERITIES)
            + "".join(f'<td class="num">{status[st]}</td>' for st in STATUSES)
            + f'<td class="num">{"" if diff is None else len(diff.new)}</td>'
              f'<td class="num">{"" if diff is None else len(diff.gone)}</td></tr>'
        )
    unpaired = "".join(
        f"<tr><td>{esc(u.path)}</td><td>{esc(u.lang)}</td><td>{esc(u.reason)}</td>"
        f"<td class=\"num\">{'' if u.best_score is None else f'{u.best_score:.2f}'}</td><td>{esc(u.best_match or '')}</td></tr>"
        for u in batch.unpaired
    )
    errors = "".join(f"<tr><td>{esc(e.path)}</td><td>{esc(e.message)}</td></tr>" for e in batch.errors)
    ncols = 9 + len(SEVERITIES) + len(STATUSES) + 2
    return _page("index.html", "index.js", {
        "signature": esc(batch.signature),
        "counts": ", ".join(_plural(n, what) for n, what in (
            (len(batch.pairs), "pair"), (len(batch.unpaired), "unpaired document"), (len(batch.errors), "error"))),
        "sev_heads": "".join(f'<th class="sev-{s}" title="{s} flags">{_SHORT[s]}</th>' for s in SEVERITIES),
        "status_heads": "".join(f'<th title="flags a reviewer marked {s}">{_SHORT[s]}</th>' for s in STATUSES),
        "pair_rows": "\n".join(rows) or f'<tr><td colspan="{ncols}">No pairs.</td></tr>',
        "unpaired_rows": unpaired or '<tr><td colspan="5">None.</td></tr>',
        "error_rows": errors or '<tr><td colspan="2">None.</td></tr>',
        "histogram": _histogram(fid_values),
        "nfid": len(fid_values),
        "consistency": _consistency(batch),
        "changes": _changes(batch, changes),
    })
