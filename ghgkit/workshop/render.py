"""A small document model for the kit's pages: blocks rendered to Markdown and to HTML.

A document is a list of blocks: ``("h1"|"h2"|"h3", text)``, ``("p", text)``,
``("ol"|"ul", [text, ...])``, ``("table", header, rows)``, ``("code", text)``.
Text may hold ``**bold**`` and ```code``` spans; in HTML everything is escaped first.
"""

from __future__ import annotations

import html
import math
import re

CSS = ("body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.45;"
       "color:#1d2a2a}h1{color:#1f5f5b}h2{border-bottom:1px solid #cfdcdb;padding-bottom:.2rem;margin-top:2rem}"
       "table{border-collapse:collapse;margin:.6rem 0}th,td{border:1px solid #cfdcdb;padding:.25rem .5rem;"
       "text-align:left;vertical-align:top}th{background:#e8f0ef}td.n{text-align:right;"
       "font-variant-numeric:tabular-nums}code{background:#f2f5f5;padding:0 .2rem}pre{background:#f2f5f5;"
       "padding:.6rem;overflow-x:auto;white-space:pre-wrap}@media print{body{margin:0;max-width:none}}")


def num(x: float, sig: int = 6) -> str:
    """A number for people: ``sig`` significant digits, thousands separators, no exponent."""
    x = float(x)
    if x == 0 or not math.isfinite(x):
        return "0" if x == 0 else str(x)
    mag = math.floor(math.log10(abs(x)))
    decimals = max(0, sig - 1 - mag)
    text = f"{x:,.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def to_markdown(blocks: list[tuple]) -> str:
    out = []
    for b in blocks:
        kind = b[0]
        if kind in ("h1", "h2", "h3"):
            out.append("#" * int(kind[1]) + " " + b[1])
        elif kind == "p":
            out.append(b[1])
        elif kind in ("ol", "ul"):
            out.append("\n".join((f"{i}. " if kind == "ol" else "- ") + t for i, t in enumerate(b[1], start=1)))
        elif kind == "table":
            header, rows = b[1], b[2]
            lines = ["| " + " | ".join(header) + " |", "| " + " | ".join("---" for _ in header) + " |"]
            lines += ["| " + " | ".join(str(c).replace("|", "\\|") for c in r) + " |" for r in rows]
            out.append("\n".join(lines))
        elif kind == "code":
            out.append("```\n" + b[1] + "\n```")
        else:                                    # pragma: no cover - a programming error
            raise ValueError(f"unknown block {kind}")
    return "\n\n".join(out) + "\n"


def _inline(text: str) -> str:
    t = html.escape(str(text))
    t = re.sub(r"`([^`]+)`", r"<code>\1</code>", t)
    return re.sub(r"\*\*([^*]+)\*\*", r"<strong>\1</strong>", t)


def _is_number(text: str) -> bool:
    return bool(re.fullmatch(r"[−\-]?[\d,]+(\.\d+)?", str(text).strip()))


def to_html(blocks: list[tuple], title: str) -> str:
    out = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
           f"<title>{html.escape(title)}</title>", f"<style>{CSS}</style></head><body>"]
    for b in blocks:
        kind = b[0]
        if kind in ("h1", "h2", "h3"):
            out.append(f"<{kind}>{_inline(b[1])}</{kind}>")
        elif kind == "p":
            out.append(f"<p>{_inline(b[1])}</p>")
        elif kind in ("ol", "ul"):
            out.append(f"<{kind}>" + "".join(f"<li>{_inline(t)}</li>" for t in b[1]) + f"</{kind}>")
        elif kind == "table":
            head = "".join(f"<th>{_inline(h)}</th>" for h in b[1])
            body = "".join("<tr>" + "".join(
                f'<td class="n">{_inline(c)}</td>' if _is_number(c) else f"<td>{_inline(c)}</td>" for c in r)
                + "</tr>" for r in b[2])
            out.append(f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")
        elif kind == "code":
            out.append(f"<pre>{html.escape(b[1])}</pre>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"
