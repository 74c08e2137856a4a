"""The HTML report for reviewers: one self-contained file (inline CSS, no script, no network).

For each file: a summary per category, the list of findings (each links to its place), and
the document text with every finding highlighted in place, coloured by severity. All document
text is escaped; nothing from the input is ever markup. Formatting only.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from html import escape

from budgetaudit.model import FileReport, Finding, Severity
from budgetaudit.report_counts import summary

SEVERITIES = (Severity.ERROR, Severity.WARNING, Severity.INFO)

STYLE = """
:root { --error: #c62828; --warning: #b26a00; --info: #1565c0;
        --error-bg: #ffd6d6; --warning-bg: #ffeaa0; --info-bg: #d6e8ff; }
body { font-family: system-ui, "Noto Sans CJK SC", "Microsoft YaHei", sans-serif;
       margin: 0 auto; max-width: 70rem; padding: 1rem 1.5rem; color: #1a1a1a; }
h1 { font-size: 1.4rem; } h2 { font-size: 1.2rem; border-bottom: 1px solid #ccc; }
h3 { font-size: 1rem; margin-top: 1.5rem; }
.meta, .muted { color: #666; }
table.categories { border-collapse: collapse; }
table.categories th, table.categories td { border: 1px solid #ddd; padding: .2rem .6rem; }
table.categories td.n { text-align: right; }
ol.findings { padding-left: 1.5rem; }
ol.findings li { margin: .3rem 0; padding-left: .4rem; border-left: 4px solid transparent; }
ol.findings li.error { border-color: var(--error); }
ol.findings li.warning { border-color: var(--warning); }
ol.findings li.info { border-color: var(--info); }
.sev { font-weight: bold; text-transform: uppercase; font-size: .75rem; }
.sev.error { color: var(--error); } .sev.warning { color: var(--warning); }
.sev.info { color: var(--info); }
.expected { color: #1b5e20; } .found { color: #b71c1c; }
.doc { font-family: ui-monospace, "Noto Sans Mono CJK SC", monospace; font-size: .9rem;
       border: 1px solid #ddd; background: #fafafa; }
.line { display: flex; white-space: pre-wrap; word-break: break-all; }
.ln { flex: none; width: 4rem; text-align: right; padding-right: .8rem; color: #999;
      user-select: none; border-right: 1px solid #ddd; margin-right: .6rem; }
.tx { flex: 1; }
mark { border-radius: 2px; padding: 0 1px; color: inherit; }
mark.error { background: var(--error-bg); border-bottom: 2px solid var(--error); }
mark.warning { background: var(--warning-bg); border-bottom: 2px solid var(--warning); }
mark.info { background: var(--info-bg); border-bottom: 2px solid var(--info); }
.anchor { scroll-margin-top: 4rem; }
.anchor:target + mark, li:target { outline: 2px solid #333; }
.cannot { color: var(--error); font-weight: bold; }
"""


def render(reports: Sequence[FileReport], version: str) -> str:
    parts = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>budgetaudit report</title><style>{STYLE}</style></head><body>",
        f'<h1>budgetaudit report</h1><p class="summary">{escape(summary(reports))}</p>',
        f'<p class="muted">budgetaudit {escape(version)}</p>',
    ]
    for n, report in enumerate(reports, 1):
        parts.append(_file(report, f"f{n}"))
    parts.append("</body></html>\n")
    return "\n".join(parts)


def _file(report: FileReport, fid: str) -> str:
    out = [f'<section class="file" id="{fid}"><h2>{escape(report.path)}</h2>']
    meta = " · ".join(
        p for p in (report.kind, str(report.year) if report.year else None, report.department) if p
    )
    if meta:
        out.append(f'<p class="meta">{escape(meta)}</p>')
    if report.error is not None:
        out.append(f'<p class="cannot">cannot check: {escape(report.error)}</p></section>')
        return "\n".join(out)
    findings = sorted(report.findings, key=lambda f: (f.line, f.column, f.code))
    ids = {id(f): f"{fid}-{i}" for i, f in enumerate(findings, 1)}
    out.append(_categories(findings))
    out.append(_list(findings, ids))
    out.append("<h3>Document</h3>")
    out.append(_document(report.lines, findings, ids, fid))
    out.append("</section>")
    return "\n".join(out)


def _categories(findings: Sequence[Finding]) -> str:
    counts = Counter((f.category, f.severity) for f in findings)
    categories = sorted({f.category for f in findings})
    head = "".join(f"<th>{s.value}</th>" for s in SEVERITIES)
    rows = []
    for category in categories:
        cells = "".join(f'<td class="n">{counts[(category, s)]}</td>' for s in SEVERITIES)
        total = sum(counts[(category, s)] for s in SEVERITIES)
        rows.append(f'<tr><td>{escape(category)}</td>{cells}<td class="n">{total}</td></tr>')
    if not rows:
        return '<h3>Summary by category</h3><p class="muted">No findings.</p>'
    return (
        '<h3>Summary by category</h3><table class="categories">'
        f"<tr><th>category</th>{head}<th>total</th></tr>{''.join(rows)}</table>"
    )


def _list(findings: Sequence[Finding], ids: dict[int, str]) -> str:
    if not findings:
        return ""
    items = []
    for f in findings:
        fid = ids[id(f)]
        detail = ""
        if f.expected is not None:
            detail += f' <span class="expected">expected {escape(f.expected)}</span>'
        if f.found is not None:
            detail += f' <span class="found">found {escape(f.found)}</span>'
        section = f' <span class="muted">{escape(f.section)}</span>' if f.section else ""
        page = f' <span class="muted">p. {f.page}</span>' if f.page is not None else ""
        items.append(
            f'<li class="{f.severity.value}" id="item-{fid}">'
            f'<a href="#{fid}">{f.line}:{f.column}</a> '
            f'<span class="sev {f.severity.value}">{f.severity.value}</span> '
            f"<code>{escape(f.code)}</code> {escape(f.message)}{detail}{section}{page}</li>"
        )
    return f'<h3>Findings</h3><ol class="findings">{"".join(items)}</ol>'


def _document(
    lines: Sequence[str], findings: Sequence[Finding], ids: dict[int, str], fid: str
) -> str:
    # For each line, the column ranges [start, end) of the findings touching it.
    spans: dict[int, list[tuple[int, int, Finding]]] = {}
    for f in findings:
        last = min(f.end_line, len(lines))
        for ln in range(f.line, max(last, f.line) + 1):
            text = lines[ln - 1] if 1 <= ln <= len(lines) else ""
            start = f.column - 1 if ln == f.line else 0
            end = f.end_column - 1 if ln == f.end_line else len(text)
            start = max(0, min(start, len(text)))
            end = max(start, min(end, len(text)))
            spans.setdefault(ln, []).append((start, end, f))
    rows = []
    for ln, text in enumerate(lines, 1):
        firsts = {id(f) for _, _, f in spans.get(ln, []) if f.line == ln}
        body = _highlight(_visible(text), spans.get(ln, []), ids, firsts)
        rows.append(
            f'<div class="line" id="{fid}-L{ln}"><span class="ln">{ln}</span>'
            f'<span class="tx">{body}</span></div>'
        )
    return f'<div class="doc">{"".join(rows)}</div>'


def _highlight(
    text: str, spans: list[tuple[int, int, Finding]], ids: dict[int, str], firsts: set[int]
) -> str:
    """The line escaped, with each stretch covered by findings wrapped in a ``<mark>`` coloured
    by the worst of them; an empty anchor marks where each finding starts."""
    if not spans:
        return escape(text)
    # A point finding (empty span) still gets a visible mark: one character, or a caret.
    spans = [(s, max(e, s + 1) if s < len(text) else e, f) for s, e, f in spans]
    cuts = sorted({0, len(text), *(s for s, _, _ in spans), *(e for _, e, _ in spans)})
    out = []
    for a, b in zip(cuts, [*cuts[1:], None], strict=False):
        for s, _, f in spans:
            if s == a and id(f) in firsts:
                out.append(f'<span class="anchor" id="{ids[id(f)]}"></span>')
        if b is None:
            if any(s == e == a for s, e, _ in spans):
                worst = _worst([f for s, e, f in spans if s == e == a])
                out.append(f'<mark class="{worst.value}">⏎</mark>')
            break
        covering = [f for s, e, f in spans if s <= a and b <= e and s < e]
        chunk = escape(text[a:b])
        if covering:
            worst = _worst(covering)
            tip = "; ".join(f"{f.code} {f.message}" for f in covering)
            codes = " ".join(f.code for f in covering)
            out.append(
                f'<mark class="{worst.value}" data-codes="{escape(codes)}" '
                f'title="{escape(tip)}">{chunk}</mark>'
            )
        else:
            out.append(chunk)
    return "".join(out)


def _worst(findings: Sequence[Finding]) -> Severity:
    return max((f.severity for f in findings), key=lambda s: s.rank)


def _visible(text: str) -> str:
    # Control characters (form feeds from PDFs …) are not valid HTML text: one space each,
    # so columns stay where they were.
    return "".join(" " if (ord(ch) < 0x20 and ch != "\t") or ch == "\x7f" else ch for ch in text)
