"""Charts of the inventory report: matplotlib figures rendered to inline SVG."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import numpy as np

from ghgkit.i18n import Translator, translator
from ghgkit.reports.style import CHART_WIDTH_IN, PALETTE, SCOPE_COLOURS, chart_context, thousands

if TYPE_CHECKING:
    from ghgkit.reports.model import ReportData


def _svg(fig, prefix: str, label: str) -> str:
    """Figure -> inline SVG with unique ids, no XML prolog and a size that scales."""
    import io

    buf = io.StringIO()
    fig.savefig(buf, format="svg", bbox_inches="tight", metadata={"Date": None, "Creator": None})
    svg = buf.getvalue()
    svg = svg[svg.index("<svg"):]
    svg = re.sub(r"<metadata>.*?</metadata>", "", svg, flags=re.S)
    ids = set(re.findall(r'\bid="([^"]+)"', svg))
    for i in sorted(ids, key=len, reverse=True):
        new = f"{prefix}-{i}"
        svg = svg.replace(f'id="{i}"', f'id="{new}"').replace(f"#{i})", f"#{new})").replace(
            f'href="#{i}"', f'href="#{new}"')
    # drop the fixed size: the page's CSS sizes the chart, the viewBox keeps its proportions; the
    # natural width stays as max-width, so one font size in the figure is one size on the page
    m = re.match(r'^<svg[^>]*?\swidth="([\d.]+)pt"', svg)
    natural = f' style="max-width:{float(m.group(1)):.1f}pt"' if m else ""
    svg = re.sub(r'^<svg([^>]*?)\swidth="[^"]*"', r"<svg\1", svg, count=1)
    svg = re.sub(r'^<svg([^>]*?)\sheight="[^"]*"', r"<svg\1", svg, count=1)
    label = label.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
    svg = svg.replace("<svg", f'<svg role="img" aria-label="{label}" class="chart"{natural} '
                              'preserveAspectRatio="xMidYMid meet"', 1)
    return svg


def _axis_style(ax, axis: str) -> None:
    ax.grid(axis=axis, color=PALETTE["grid"])
    ax.set_axisbelow(True)


def chart_input(data: ReportData) -> dict:
    """What the charts draw, as plain JSON-able values (sectors, scopes, landfill series), from a
    :class:`ReportData` or anything with its ``sectors``, ``scopes`` and ``landfill``."""
    return {"sectors": [{"label": s["label"], "ref": s["ref"], "co2e_t": s["co2e_t"],
                         "by_scope": [s["by_scope"].get(sc, 0.0) for sc in (1, 2, 3)]} for s in data.sectors],
            "scopes": [{"scope": s["scope"], "label": s["label"], "co2e_t": s["co2e_t"]} for s in data.scopes],
            "landfill": list(data.landfill)}


def chart_names(inp: dict) -> list[str]:
    """The charts :func:`draw` makes of *inp*: a sector bar when a sector has emissions, a scope bar
    when a scope has, landfill lines when there is a landfill series."""
    return (["sector"] if any(s["co2e_t"] for s in inp["sectors"]) else []) + (
        ["scope"] if any(s["co2e_t"] for s in inp["scopes"]) else []) + (["landfill"] if inp["landfill"] else [])


def draw(inp: dict, tr: Translator) -> dict:
    """The charts of :func:`chart_input`'s values, as inline SVG strings by name."""
    from matplotlib.ticker import MaxNLocator

    _ = tr.gettext
    out = {}
    fmt = thousands(tr)
    with chart_context(tr.lang) as plt:           # no user text in these charts: the language's fonts
        names = chart_names(inp)
        secs = [s for s in inp["sectors"] if s["co2e_t"]]
        if "sector" in names:
            fig, ax = plt.subplots(figsize=(CHART_WIDTH_IN, 0.5 * len(secs) + 1.2))
            labels = [f"{_(s['label'])} ({s['ref']})" for s in secs]
            left = np.zeros(len(secs))
            for sc in (1, 2, 3):
                vals = np.array([s["by_scope"][sc - 1] for s in secs])
                if not vals.any():
                    continue
                ax.barh(labels, vals, left=left, color=SCOPE_COLOURS[sc], label=_("Scope %(n)s") % {"n": sc},
                        height=0.6)
                left += vals
            for y, v in enumerate(left):
                ax.text(v, y, "  " + tr.number(v, 0), va="center")
            ax.invert_yaxis()
            ax.set_xlim(0, left.max() * 1.2 if left.max() > 0 else 1)
            ax.xaxis.set_major_locator(MaxNLocator(4))
            ax.xaxis.set_major_formatter(fmt)
            ax.set_xlabel(_("Emissions") + " (t CO2e)")
            _axis_style(ax, "x")
            ax.legend(loc="lower left", bbox_to_anchor=(0, 1.0), frameon=False, ncol=3,
                      borderaxespad=0.3, handlelength=1.2)
            fig.tight_layout()
            out["sector"] = _svg(fig, "c1", _("Bar chart of emissions by sector, in tonnes CO2e, split by scope") + ": "
                                 + "; ".join(f"{_(s['label'])} {tr.number(s['co2e_t'], 0)}" for s in secs))
            plt.close(fig)
        sc_vals = [s["co2e_t"] for s in inp["scopes"]]
        if "scope" in names:
            fig, ax = plt.subplots(figsize=(4.6, 2.3))
            labels = [_("Scope %(n)s") % {"n": s["scope"]} for s in inp["scopes"]]
            ax.barh(labels, sc_vals, color=[SCOPE_COLOURS[s["scope"]] for s in inp["scopes"]], height=0.6)
            total = sum(sc_vals)
            for y, v in enumerate(sc_vals):
                ax.text(v, y, f"  {tr.number(v, 0)} ({tr.percent(v / total, 0)})" if total else "", va="center")
            ax.invert_yaxis()
            ax.set_xlim(0, max(sc_vals) * 1.45)
            ax.xaxis.set_major_locator(MaxNLocator(4))
            ax.xaxis.set_major_formatter(fmt)
            ax.set_xlabel(_("Emissions") + " (t CO2e)")
            _axis_style(ax, "x")
            fig.tight_layout()
            out["scope"] = _svg(fig, "c2", _("Bar chart of emissions by scope, in tonnes CO2e") + ": " +
                                "; ".join(f"{_(s['label'])} {tr.number(s['co2e_t'], 0)}" for s in inp["scopes"]))
            plt.close(fig)
        if "landfill" in names:
            out["landfill"] = _landfill_chart(plt, inp["landfill"], tr)
    return out


def _no_recovery(series: list[dict]) -> bool:
    """True when emitted equals generated in every year that has both (no recovery, no oxidation)."""
    pairs = [(r["generated_t"] or 0.0, r["emitted_t"]) for r in series if r["emitted_t"] is not None]
    return bool(pairs) and all(abs(g - e) <= 1e-9 * max(1.0, abs(g)) for g, e in pairs)


def landfill_caption(series: list[dict], tr: Translator | None = None) -> str:
    """The landfill chart's caption; says when one line stands for both generated and emitted."""
    tr = tr or translator("en")
    text = tr.gettext("Landfill CH4 generated and emitted per year, t CH4.")
    if series and _no_recovery(series):
        text += " " + tr.gettext("No methane was recovered or oxidised, so emitted equals generated: "
                                 "one line shows both.")
    return text


def _landfill_chart(plt, series: list[dict], tr: Translator) -> str:
    """Line chart of landfill CH4 generated and emitted per year; back-cast years shaded.

    When nothing was recovered or oxidised the two series are equal: one line is drawn,
    labelled as both, instead of two lines on top of each other.
    """
    from matplotlib.ticker import MaxNLocator

    _ = tr.gettext
    years = np.array([r["year"] for r in series])
    gen = np.array([r["generated_t"] or 0.0 for r in series])
    emi = np.array([np.nan if r["emitted_t"] is None else r["emitted_t"] for r in series])
    bc = np.array([r["backcast"] for r in series])
    same = _no_recovery(series)
    fig, ax = plt.subplots(figsize=(CHART_WIDTH_IN, 2.8))
    if bc.any():
        ax.axvspan(years[bc].min() - 0.5, years[bc].max() + 0.5, color="#EEEEEE", lw=0,
                   label=_("deposits back-cast"))
    marker = "o" if len(years) <= 30 else None
    ax.plot(years, gen, color=PALETTE["series1"], lw=1.8, marker=marker, ms=3,
            label=_("CH4 generated = emitted (no recovery)") if same else _("CH4 generated"))
    if np.isfinite(emi).any() and not same:
        ax.plot(years, emi, color=PALETTE["series2"], lw=1.4, ls="--", marker=marker, ms=3,
                label=_("CH4 emitted"))
    ax.set_ylim(0, max(float(gen.max()), 1e-9) * 1.15)
    ax.yaxis.set_major_formatter(thousands(tr))
    ax.xaxis.set_major_locator(MaxNLocator(8, integer=True))
    ax.set_ylabel("t CH4")
    ax.set_xlabel(_("Year"))
    _axis_style(ax, "y")
    ax.legend(loc="lower left", bbox_to_anchor=(0, 1.0), frameon=False, ncol=3, borderaxespad=0.3,
              handlelength=1.6)
    fig.tight_layout()
    last = series[-1]
    label = (_("Line chart of landfill methane per year, in tonnes CH4") + f": {years[0]}–{years[-1]}; "
             f"{last['year']}: {tr.number(last['generated_t'] or 0, 1)} t " + _("CH4 generated")
             + (f", {tr.number(last['emitted_t'], 1)} t " + _("CH4 emitted") if last["emitted_t"] is not None
                else "")
             + (f"; {_('deposits back-cast')} {years[bc].min()}–{years[bc].max()}" if bc.any() else ""))
    svg = _svg(fig, "c3", label)
    plt.close(fig)
    return svg


# -- public accessors for other reports (the trend report draws in the same style) -------------
def scope_colours() -> dict:
    """The report palette: scope number -> colour (hex)."""
    return dict(SCOPE_COLOURS)


def inline_svg(fig, prefix: str, label: str) -> str:
    """A matplotlib figure as inline SVG with ids prefixed by *prefix* and an aria label (see ``_svg``)."""
    return _svg(fig, prefix, label)
