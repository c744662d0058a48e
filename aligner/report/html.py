"""Self-contained HTML reports: no external assets, all document text escaped."""

from __future__ import annotations

import html
from importlib import resources

from ..model import BatchResult, Flag, PairResult, Paragraph
from .json_report import pair_summary


def _template(name: str) -> str:
    return resources.files("aligner.report").joinpath("templates", name).read_text(encoding="utf-8")


def esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def _highlight(p: Paragraph, flags: list[tuple[Flag, int, int]]) -> str:
    """The paragraph's text, escaped, with flagged spans wrapped in <mark>."""
    text = p.text
    spans = sorted((s, e, f) for f, s, e in flags if 0 <= s < e <= len(text))
    out, pos = [], 0
    for s, e, f in spans:
        if s < pos:  # overlapping spans: the earlier one wins
            continue
        out.append(esc(text[pos:s]))
        out.append(
            f'<mark class="flag sev-{esc(f.severity)}" data-flag="{esc(f.id)}" title="{esc(f.message)}">'
            f"{esc(text[s:e])}</mark>"
        )
        pos = e
    out.append(esc(text[pos:]))
    return "".join(out)


def _flag_spans(pair: PairResult, lang: str) -> dict[int, list[tuple[Flag, int, int]]]:
    out: dict[int, list[tuple[Flag, int, int]]] = {}
    for f in pair.flags:
        span = f.zh if lang == "zh" else f.en
        if span is not None:
            out.setdefault(span.paragraph, []).append((f, span.start, span.end))
    return out


def _cell(paras: list[Paragraph], spans: dict, lang: str) -> str:
    return "".join(
        f'<p data-p="{p.id}" lang="{lang}"><span class="pid">{p.id}</span>{_highlight(p, spans.get(p.id, []))}</p>'
        for p in paras
    )


def _fidelity_by_link(pair: PairResult) -> dict[tuple, float]:
    fid = (pair.scores or {}).get("fidelity") or {}
    return {(tuple(x["zh"]), tuple(x["en"])): x.get("fidelity") for x in fid.get("paragraph_links", [])}


def render_pair(pair: PairResult) -> str:
    """One page: Chinese left, English right, a row per link, furniture greyed in place."""
    zp = {p.id: p for p in pair.zh.paragraphs}
    ep = {p.id: p for p in pair.en.paragraphs}
    zspans, espans = _flag_spans(pair, "zh"), _flag_spans(pair, "en")
    fid = _fidelity_by_link(pair)
    flag_links: dict[int, list[Flag]] = {}
    rows: list[str] = []
    zi = ei = 0
    zmax, emax = len(pair.zh.paragraphs), len(pair.en.paragraphs)

    def furniture_until(z_to: int, e_to: int) -> None:
        nonlocal zi, ei
        while zi < z_to or ei < e_to:
            zrow = zp[zi] if zi < z_to and zp[zi].boilerplate else None
            erow = ep[ei] if ei < e_to and ep[ei].boilerplate else None
            if zi < z_to and zrow is None:
                zi += 1
                continue
            if ei < e_to and erow is None:
                ei += 1
                continue
            why = (zrow or erow).furniture
            rows.append(
                '<tr class="furniture"><td class="meta"><span class="badge furn">furniture</span>'
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
        badge = {"omission": "omission", "addition": "addition"}.get(kind, kind)
        score = fid.get((link.zh, link.en))
        band = "" if score is None else f' style="--fid:{score:.0f}"'
        flags_here = [f for f in pair.flags if (f.zh and f.zh.paragraph in link.zh) or (f.en and f.en.paragraph in link.en)]
        flag_links[k] = flags_here
        sev = " ".join(sorted({f"has-{f.severity}" for f in flags_here}))
        rows.append(
            f'<tr class="link {esc(kind)} {sev}" id="link-{k}" data-conf="{link.confidence}"{band}>'
            f'<td class="meta"><span class="badge {esc(badge)}">{esc(badge)}</span>'
            f'<span class="conf" title="alignment confidence">{link.confidence:.2f}</span>'
            + ("" if score is None else f'<span class="fid" title="fidelity">{score:.0f}</span>')
            + "</td>"
            f'<td class="zh">{_cell([zp[i] for i in link.zh], zspans, "zh")}</td>'
            f'<td class="en">{_cell([ep[j] for j in link.en], espans, "en")}</td></tr>'
        )
        if link.zh:
            zi = max(zi, link.zh[-1] + 1)
        if link.en:
            ei = max(ei, link.en[-1] + 1)
    furniture_until(zmax, emax)
    summary = pair_summary(pair)
    flag_items = "".join(
        f'<li class="sev-{esc(f.severity)}" data-flag="{esc(f.id)}" data-check="{esc(f.check)}" '
        f'data-severity="{esc(f.severity)}" data-status="{esc(f.status)}">'
        f'<b>{esc(f.severity)}</b> <i>{esc(f.check)}</i> {esc(f.message)}</li>'
        for f in pair.flags
    )
    return _template("pair.html").format(
        title=esc(f"{pair.zh.path} ↔ {pair.en.path}"),
        zh_path=esc(pair.zh.path),
        en_path=esc(pair.en.path),
        pairing=esc(f"{pair.pairing.get('method')}" + (f" (score {pair.pairing['score']:.2f})" if pair.pairing.get("score") is not None else "")),
        links=summary["links"],
        linked=summary["linked"],
        omissions=summary["omissions"],
        additions=summary["additions"],
        flags=len(pair.flags),
        signature=esc(pair.signature),
        rows="\n".join(rows),
        flag_items=flag_items or "<li>No flags.</li>",
    )


def render_index(batch: BatchResult) -> str:
    rows = []
    for p in batch.pairs:
        s = pair_summary(p)
        sev = s["flags"]
        rows.append(
            f'<tr><td><a href="{esc(s["report"])}">{esc(p.pair_id)}</a></td><td>{esc(p.zh.path)}</td>'
            f'<td>{esc(p.en.path)}</td><td>{esc(s["pairing"].get("method"))}</td><td>{s["links"]}</td>'
            f'<td>{s["omissions"]}</td><td>{s["additions"]}</td><td>{s["mean_confidence"]}</td>'
            f'<td>{sev.get("critical", 0) + sev.get("major", 0)}</td><td>{sum(sev.values())}</td>'
            f'<td>{"" if s["fidelity"] is None else s["fidelity"]}</td></tr>'
        )
    unpaired = "".join(
        f"<tr><td>{esc(u.path)}</td><td>{esc(u.lang)}</td><td>{esc(u.reason)}</td>"
        f"<td>{'' if u.best_score is None else f'{u.best_score:.2f}'}</td><td>{esc(u.best_match or '')}</td></tr>"
        for u in batch.unpaired
    )
    errors = "".join(f"<tr><td>{esc(e.path)}</td><td>{esc(e.message)}</td></tr>" for e in batch.errors)
    return _template("index.html").format(
        signature=esc(batch.signature),
        npairs=len(batch.pairs),
        nunpaired=len(batch.unpaired),
        nerrors=len(batch.errors),
        pair_rows="\n".join(rows) or '<tr><td colspan="11">No pairs.</td></tr>',
        unpaired_rows=unpaired or '<tr><td colspan="5">None.</td></tr>',
        error_rows=errors or '<tr><td colspan="2">None.</td></tr>',
    )
