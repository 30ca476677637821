"""Charts of the inventory report: matplotlib figures rendered to inline SVG."""

from __future__ import annotations

import re

import numpy as np

from ghgkit.reports.model import ReportData


_PALETTE = {1: "#1F3B57", 2: "#2E75B6", 3: "#9DC3E6"}


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
    # drop the fixed size: the page's CSS sizes the chart; the viewBox keeps its proportions
    svg = re.sub(r'^<svg([^>]*?)\swidth="[^"]*"', r"<svg\1", svg, count=1)
    svg = re.sub(r'^<svg([^>]*?)\sheight="[^"]*"', r"<svg\1", svg, count=1)
    label = label.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
    svg = svg.replace("<svg", f'<svg role="img" aria-label="{label}" class="chart" '
                              'preserveAspectRatio="xMidYMid meet"', 1)
    return svg


def _charts(data: ReportData) -> dict:
    """Sector bar (stacked by scope) and scope bar, as inline SVG strings."""
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt
    from matplotlib.ticker import FuncFormatter

    out = {}
    rc = {"svg.hashsalt": "ghgkit", "svg.fonttype": "path", "font.size": 10, "font.family": "DejaVu Sans",
          "axes.spines.top": False, "axes.spines.right": False}
    thousands = FuncFormatter(lambda x, _: f"{x:,.0f}")
    with matplotlib.rc_context(rc):
        secs = [s for s in data.sectors if s["co2e_t"]]
        if secs:
            fig, ax = plt.subplots(figsize=(7.2, 0.5 * len(secs) + 1.2))
            labels = [f"{s['label']} ({s['ref']})" for s in secs]
            left = np.zeros(len(secs))
            for sc in (1, 2, 3):
                vals = np.array([s["by_scope"].get(sc, 0.0) for s in secs])
                if not vals.any():
                    continue
                ax.barh(labels, vals, left=left, color=_PALETTE[sc], label=f"Scope {sc}", height=0.6)
                left += vals
            for y, v in enumerate(left):
                ax.text(v, y, f"  {v:,.0f}", va="center", fontsize=9, color="#222222")
            ax.invert_yaxis()
            ax.set_xlim(0, left.max() * 1.2 if left.max() > 0 else 1)
            ax.xaxis.set_major_locator(matplotlib.ticker.MaxNLocator(4))
            ax.xaxis.set_major_formatter(thousands)
            ax.set_xlabel("t CO2e")
            ax.grid(axis="x", color="#E0E0E0")
            ax.set_axisbelow(True)
            ax.legend(loc="lower left", bbox_to_anchor=(0, 1.0), frameon=False, fontsize=9, ncol=3,
                      borderaxespad=0.3, handlelength=1.2)
            fig.tight_layout()
            out["sector"] = _svg(fig, "c1", "Bar chart of emissions by sector, in tonnes CO2e, split by scope: " +
                                 "; ".join(f"{s['label']} {s['co2e_t']:,.0f}" for s in secs))
            plt.close(fig)
        sc_vals = [s["co2e_t"] for s in data.scopes]
        if any(sc_vals):
            fig, ax = plt.subplots(figsize=(4.6, 2.3))
            labels = [f"Scope {s['scope']}" for s in data.scopes]
            ax.barh(labels, sc_vals, color=[_PALETTE[s["scope"]] for s in data.scopes], height=0.6)
            total = sum(sc_vals)
            for y, v in enumerate(sc_vals):
                ax.text(v, y, f"  {v:,.0f} ({v / total:.0%})" if total else "", va="center", fontsize=9)
            ax.invert_yaxis()
            ax.set_xlim(0, max(sc_vals) * 1.45)
            ax.xaxis.set_major_locator(matplotlib.ticker.MaxNLocator(4))
            ax.xaxis.set_major_formatter(thousands)
            ax.set_xlabel("t CO2e")
            ax.grid(axis="x", color="#E0E0E0")
            ax.set_axisbelow(True)
            fig.tight_layout()
            out["scope"] = _svg(fig, "c2", "Bar chart of emissions by scope, in tonnes CO2e: " +
                                "; ".join(f"{s['label']} {s['co2e_t']:,.0f}" for s in data.scopes))
            plt.close(fig)
        if data.landfill:
            out["landfill"] = _landfill_chart(plt, data.landfill, thousands)
    return out


def _landfill_chart(plt, series: list[dict], formatter) -> str:
    """Line chart of landfill CH4 generated and emitted per year; back-cast years shaded."""
    from matplotlib.ticker import MaxNLocator

    years = np.array([r["year"] for r in series])
    gen = np.array([r["generated_t"] or 0.0 for r in series])
    emi = np.array([np.nan if r["emitted_t"] is None else r["emitted_t"] for r in series])
    bc = np.array([r["backcast"] for r in series])
    fig, ax = plt.subplots(figsize=(7.2, 2.8))
    if bc.any():
        ax.axvspan(years[bc].min() - 0.5, years[bc].max() + 0.5, color="#EEEEEE", lw=0,
                   label="deposits back-cast")
    ax.plot(years, gen, color=_PALETTE[1], lw=1.8, marker="o" if len(years) <= 30 else None, ms=3,
            label="CH4 generated")
    if np.isfinite(emi).any():
        ax.plot(years, emi, color=_PALETTE[2], lw=1.4, ls="--", marker="o" if len(years) <= 30 else None, ms=3,
                label="CH4 emitted")
    ax.set_ylim(0, max(float(gen.max()), 1e-9) * 1.15)
    ax.yaxis.set_major_formatter(formatter)
    ax.xaxis.set_major_locator(MaxNLocator(8, integer=True))
    ax.set_ylabel("t CH4")
    ax.grid(axis="y", color="#E0E0E0")
    ax.set_axisbelow(True)
    ax.legend(loc="lower left", bbox_to_anchor=(0, 1.0), frameon=False, fontsize=9, ncol=3, borderaxespad=0.3,
              handlelength=1.6)
    fig.tight_layout()
    last = series[-1]
    label = (f"Line chart of landfill methane per year, {years[0]} to {years[-1]}, in tonnes CH4; in "
             f"{last['year']} {last['generated_t'] or 0:,.1f} t generated"
             + (f", {last['emitted_t']:,.1f} t emitted" if last["emitted_t"] is not None else "")
             + (f"; deposits back-cast for {years[bc].min()}-{years[bc].max()}" if bc.any() else ""))
    svg = _svg(fig, "c3", label)
    plt.close(fig)
    return svg


# -- public accessors for other reports (the trend report draws in the same style) -------------
def scope_colours() -> dict:
    """The report palette: scope number -> colour (hex)."""
    return dict(_PALETTE)


def inline_svg(fig, prefix: str, label: str) -> str:
    """A matplotlib figure as inline SVG with ids prefixed by *prefix* and an aria label (see ``_svg``)."""
    return _svg(fig, prefix, label)
