"""Reports of a trend: an Excel workbook and a self-contained HTML page.

Same style as the inventory report (:mod:`ghgkit.reports.charts` and :mod:`ghgkit.reports.format`: palette, number
formatting, inline SVG charts drawn by matplotlib, imported only here). The HTML page
has no script and no external resource (a Content-Security-Policy meta tag says so),
user text is escaped by jinja2, and it prints on A4. In Excel, user text goes through
:class:`ghgkit.io.output.ExcelText` (never a formula). Both files are written atomically.

Charts: emissions by sector (lines), stacked by sector (area) with the target's
straight-line path and the target, and the reductions of the projects in the city
(bars: monitored solid, ex-ante hatched). With ``trend.uncertainty`` set (columns
``lower_t``/``upper_t``) the total gets its band.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from ghgkit import __version__
from ghgkit.io.output import ExcelText, atomic_path, excel_workbook
from ghgkit.i18n import N_, translator
from ghgkit.reports.charts import inline_svg
from ghgkit.reports.format import SECTOR_LABELS
from ghgkit.reports.style import PALETTE
from ghgkit.reports.style import SECTOR_COLOURS as _SECTOR_COLOURS

#: one colour per sector (the shared palette's, ghgkit.reports.style.SECTOR_COLOURS)
SECTOR_COLOURS = _SECTOR_COLOURS
TARGET_COLOUR = PALETTE["warn"]
#: how a project figure is labelled (the report translates these)
KIND_TEXT = {"monitored": N_("monitored"), "ex-ante": N_("ex-ante estimate (not yet monitored)")}


def _label(sector: str, tr=None) -> str:
    ref, label = SECTOR_LABELS.get(sector, ("", sector))
    label = (tr or translator("en")).gettext(label)
    return f"{label} ({ref})" if ref else label


def _num(v):
    try:
        f = float(v)
    except (TypeError, ValueError):
        return None
    return None if np.isnan(f) else f


# -- data ---------------------------------------------------------------------------------
def report_data(trend, tr=None) -> dict:
    """What both reports show, as plain values (sector labels in *tr*'s language)."""
    t = trend.totals
    years = []
    for y in trend.years:
        r = t.loc[y]
        row = {"year": y, "total_t": _num(r["total_t"]), "change_t": _num(r["change_t"]),
               "change_pct": _num(r["change_pct"]), "population": _num(r["population"]),
               "per_capita_t": _num(r["per_capita_t"]), "gwp": r["gwp"], "edition": r["edition"],
               "file": Path(r["file"]).name,
               "sectors": {s: _num(trend.by_sector.loc[y, s]) for s in trend.sectors()},
               "scopes": {s: _num(trend.by_scope.loc[y, s]) for s in trend.by_scope.columns}}
        if trend.uncertainty is not None and y in trend.uncertainty.index:
            u = trend.uncertainty.loc[y]
            row.update({k: (_num(v) if k != "complete" else bool(v)) for k, v in u.items()})
        years.append(row)
    target = None
    if trend.target is not None:
        p = trend.target
        rows = [{"year": int(y), **{k: (_num(v) if k != "on_track" else (None if pd.isna(v) else bool(v)))
                                    for k, v in r.items()}} for y, r in p.table.iterrows()]
        target = {"t": p.target, "metric": p.metric, "unit": p.unit, "value": p.target_value, "base": p.base_value,
                  "latest": p.latest(), "rows": rows}
    proj = None
    if trend.attribution is not None:
        a = trend.attribution
        rows = [{"year": int(y), **{k: _num(v) for k, v in r.items()}} for y, r in a.table.iterrows()
                if r["reduction_t"] or y in trend.years]
        proj = {"note": a.note, "notes": a.notes, "projects": a.projects, "rows": rows,
                "not_included": a.not_included,
                "sectors": {s: _label(s, tr) for s in a.by_sector.columns}}
    gpc = []
    for ref, r in trend.gpc.iterrows():
        cells = []
        for y in trend.years:
            v, k = r[y], r[f"key_{y}"]
            cells.append({"value": _num(v), "key": k if pd.notna(k) and pd.isna(v) else None})
        if any(c["value"] is not None or c["key"] for c in cells):
            gpc.append({"ref": ref, "description": r["description"], "level": r["level"], "cells": cells})
    first = t.iloc[0]
    return {"city": trend.city, "country": trend.country, "basis": trend.basis_label, "base_year": trend.base_year,
            "gwp": trend.gwp, "edition": trend.edition, "version": __version__, "years": years,
            "year_list": trend.years, "sectors": [(s, _label(s, tr)) for s in trend.sectors()], "target": target,
            "projects": proj, "gpc": gpc, "findings": [f.to_dict() for f in trend.findings],
            "latest": years[-1], "base": next(y for y in years if y["year"] == trend.base_year),
            "first_file": first["file"], "has_uncertainty": trend.uncertainty is not None,
            "uncertainty": _uncertainty_data(trend)}


def _uncertainty_data(trend):
    """Method, reference, correlation convention and the rows without data (the first 40 listed)."""
    u = trend.uncertainty_info
    if u is None:
        return None
    from ghgkit.mrv.uncertainty import CONVENTION, REFERENCE

    per_year = {}
    for m in u.missing:
        per_year[m["year"]] = per_year.get(m["year"], 0) + 1
    return {"method": u.method, "reference": REFERENCE[u.method], "correlation": CONVENTION[u.method], "draws": u.draws,
            "seed": u.seed, "missing": [{**m, "file": Path(m["file"]).name} for m in u.missing[:40]],
            "missing_count": len(u.missing), "missing_years": sorted(per_year.items()),
            "any": bool(trend.uncertainty["complete"].any())}


# -- charts -------------------------------------------------------------------------------
def _axes_style(ax, tr, ylabel="t CO2e", digits=0):
    """Thousands separators (the locale's), units on both axes, the shared grid."""
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    ax.yaxis.set_major_formatter(FuncFormatter(lambda x, _: tr.localize(f"{x:,.{digits}f}")))
    ax.xaxis.set_major_locator(MaxNLocator(8, integer=True))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _: f"{x:.0f}"))
    ax.set_ylabel(ylabel)
    ax.set_xlabel(tr.gettext("Year"))
    ax.grid(axis="y", color=PALETTE["grid"])
    ax.set_axisbelow(True)


def _legend(ax, ncol=3):
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), frameon=False, ncol=ncol,
              handlelength=1.6, columnspacing=1.2)


def _band(trend):
    """The uncertainty table when it has intervals to draw, else None."""
    u = trend.uncertainty
    if u is None or not {"lower_t", "upper_t"} <= set(u.columns) or not u["lower_t"].notna().any():
        return None
    return u.reindex(trend.years)


def charts(trend, lang: str | None = None) -> dict:
    """Inline SVG strings: ``total`` (with the uncertainty band), ``lines``, ``area``, and (with a
    per-capita target) ``per_capita``, (with projects) ``projects``. Labels in *lang*."""
    from ghgkit.reports.style import CHART_WIDTH_IN, chart_context

    tr = translator(lang)
    _ = tr.gettext
    num = lambda v, d=0: tr.localize(f"{v:,.{d}f}")            # noqa: E731
    out = {}
    years = np.array(trend.years)
    secs = trend.sectors()
    total = trend.totals["total_t"].to_numpy(dtype=float)
    basis = trend.basis_label
    last = trend.years[-1]
    with chart_context() as plt:
        # the total, its 95 % interval, the target path
        fig, ax = plt.subplots(figsize=(CHART_WIDTH_IN, 3.0))
        band = _band(trend)
        label = _("Line chart of the %(basis)s total, t CO2e, %(first)s-%(last)s") % {
            "basis": basis, "first": trend.years[0], "last": last}
        if band is not None:
            lo, hi = band["lower_t"].to_numpy(dtype=float), band["upper_t"].to_numpy(dtype=float)
            ax.fill_between(years, lo, hi, color=PALETTE["scope3"], alpha=0.55, lw=0,
                            label=_("95 % interval of the total"))
            given = [f"{y} {num(a)}-{num(b)}" for y, a, b in zip(trend.years, lo, hi) if np.isfinite(a)]
            label += "; " + _("95 % interval") + ": " + "; ".join(given)
        ax.plot(years, total, color=PALETTE["series1"], lw=1.8, marker="o", ms=3,
                label=_("%(basis)s total") % {"basis": basis})
        top = float(np.nanmax(total if band is None else np.fmax(total, band["upper_t"].to_numpy(dtype=float))))
        if trend.target is not None and trend.target.metric == "total":
            p = trend.target.table
            ax.plot(p.index, p["path"], color=TARGET_COLOUR, ls="--", lw=1.3,
                    label=_("straight-line path to the target"))
            ax.plot([trend.target.target.year], [trend.target.target_value], marker="D", color=TARGET_COLOUR,
                    ls="none", ms=6, label=_("target %(year)s") % {"year": trend.target.target.year})
            top = max(top, float(p["path"].max()))
            ax.set_xlim(years[0] - 0.3, trend.target.target.year + 0.3)
        ax.set_ylim(0, top * 1.1)
        _axes_style(ax, tr)
        _legend(ax, 2)
        fig.tight_layout()
        out["total"] = inline_svg(fig, "t0", label)
        plt.close(fig)

        fig, ax = plt.subplots(figsize=(CHART_WIDTH_IN, 3.4))
        vals = [np.nan_to_num(trend.by_sector[s].to_numpy(dtype=float)) for s in secs]
        ax.stackplot(years, vals, colors=[SECTOR_COLOURS.get(s, PALETTE["muted"]) for s in secs],
                     labels=[_label(s, tr) for s in secs], alpha=0.9)
        ax.set_ylim(0, float(np.nanmax(total)) * 1.1)
        _axes_style(ax, tr)
        _legend(ax, 2)
        fig.tight_layout()
        out["area"] = inline_svg(fig, "t2", _("Stacked area chart of %(basis)s emissions by sector, t CO2e") % {
            "basis": basis})
        plt.close(fig)

        fig, ax = plt.subplots(figsize=(CHART_WIDTH_IN, 3.2))
        for s in secs:
            ax.plot(years, trend.by_sector[s].to_numpy(dtype=float), marker="o", ms=3, lw=1.6,
                    color=SECTOR_COLOURS.get(s, PALETTE["muted"]), label=_label(s, tr))
        ax.set_ylim(0, None)
        _axes_style(ax, tr)
        _legend(ax, 2)
        fig.tight_layout()
        out["lines"] = inline_svg(fig, "t1", _("Line chart of %(basis)s emissions by sector, t CO2e") % {
            "basis": basis} + f"; {last}: " + "; ".join(
                f"{_label(s, tr)} {num(trend.by_sector.loc[last, s])}" for s in secs
                if pd.notna(trend.by_sector.loc[last, s])))
        plt.close(fig)

        if trend.target is not None and trend.target.metric == "per_capita":
            p = trend.target.table
            fig, ax = plt.subplots(figsize=(CHART_WIDTH_IN, 2.8))
            ax.plot(p.index, p["actual"], marker="o", ms=3, color=PALETTE["series2"], label=_("per resident"))
            ax.plot(p.index, p["path"], color=TARGET_COLOUR, ls="--", label=_("straight-line path to the target"))
            ax.plot([trend.target.target.year], [trend.target.target_value], marker="D", color=TARGET_COLOUR,
                    ls="none", ms=6, label=_("target %(year)s") % {"year": trend.target.target.year})
            ax.set_ylim(0, max(float(np.nanmax(p["actual"])), float(p["path"].max())) * 1.15)
            _axes_style(ax, tr, _("t CO2e per resident"), digits=2)
            _legend(ax)
            fig.tight_layout()
            out["per_capita"] = inline_svg(fig, "t4", _("Line chart of emissions per resident against the "
                                                        "per-capita target"))
            plt.close(fig)

        a = trend.attribution
        if a is not None and a.table["reduction_t"].any():
            tab = a.table[a.table["reduction_t"] != 0]
            x = tab.index.to_numpy()
            fig, ax = plt.subplots(figsize=(CHART_WIDTH_IN, 3.0))
            bottom = np.zeros(len(x))
            for s in a.by_sector.columns:
                colour = SECTOR_COLOURS.get(s, PALETTE["muted"])
                for kind in ("monitored", "ex-ante"):
                    v = np.zeros(len(x))
                    for p in a.projects:
                        if p["sector"] != s:
                            continue
                        for r in p["years"]:
                            if r["kind"] == kind and r["year"] in set(x):
                                v[np.searchsorted(x, r["year"])] += r["reduction_t"]
                    if not v.any():
                        continue
                    lab = f"{_label(s, tr)}: {_(KIND_TEXT[kind])}"
                    if kind == "monitored":
                        ax.bar(x, v, bottom=bottom, color=colour, width=0.7, label=lab)
                    else:
                        ax.bar(x, v, bottom=bottom, color="#FFFFFF", edgecolor=colour, hatch="///", width=0.7,
                               label=lab)
                    bottom += v
            _axes_style(ax, tr, _("Emission reduction") + " (t CO2e)")
            _legend(ax, 1)
            fig.tight_layout()
            out["projects"] = inline_svg(fig, "t3", _("Bar chart of the reductions of the projects located in the "
                                                      "city, t CO2e per year: monitored (solid) and ex-ante "
                                                      "estimates (hatched)") + ": " + "; ".join(
                                                          f"{y} {num(r['reduction_t'])}" for y, r in tab.iterrows()))
            plt.close(fig)
    return out


# -- HTML ---------------------------------------------------------------------------------
def running_header(trend, lang: str | None = None) -> str:
    """The printed page header: city and years."""
    tr = translator(lang)
    return tr.gettext("%(city)s: greenhouse gas emissions %(first)s-%(last)s") % {
        "city": trend.city or tr.gettext("City"), "first": trend.years[0], "last": trend.years[-1]}


def render_html(trend, lang: str | None = None) -> str:
    """The HTML trend report as a string, in *lang* (``ghgkit.i18n.LANGUAGES``; English fallback)."""
    from markupsafe import Markup

    from ghgkit.reports.style import report_env

    tr = translator(lang)
    env = report_env(tr.lang)
    env.filters["signed"] = lambda v, d=1: "" if v is None else tr.localize(f"{v:+,.{d}f}") + " %"
    svg = {k: Markup(v) for k, v in charts(trend, tr.lang).items()}       # drawn here, not user text
    return env.get_template("trend.html.j2").render(
        d=report_data(trend, tr), charts=svg, colours=SECTOR_COLOURS, kinds=KIND_TEXT,
        running_header=running_header(trend, tr.lang))


def write_html(trend, path, lang: str | None = None) -> Path:
    """Write the self-contained HTML trend report (atomically)."""
    path = Path(path)
    with atomic_path(path, suffix=".html") as tmp:
        tmp.write_text(render_html(trend, lang=lang), encoding="utf-8")
    return path


# -- Excel --------------------------------------------------------------------------------
def write_excel(trend, path) -> Path:
    """Write the Excel trend report: Trend (per year, with native charts), Sectors, Target, Projects, GPC,
    Findings."""
    from ghgkit.mrv.output import trend_frame

    d = report_data(trend)
    path = Path(path)
    with atomic_path(path, suffix=".xlsx") as tmp:
        wb = excel_workbook(tmp, {"nan_inf_to_errors": False})
        text = ExcelText(wb)
        title = wb.add_format({"bold": True, "font_size": 14, "font_color": "#1F3B57"})
        head = wb.add_format({"bold": True, "bg_color": "#1F3B57", "font_color": "#FFFFFF", "text_wrap": True,
                              "valign": "top", "border": 1})
        num = wb.add_format({"num_format": "#,##0"})
        num2 = wb.add_format({"num_format": "#,##0.00"})
        pct = wb.add_format({"num_format": "+0.0;-0.0;0.0"})
        small = wb.add_format({"font_color": "#5B6673", "text_wrap": True, "valign": "top"})

        def table(ws, r0, cols, rows, fmts):
            for j, c in enumerate(cols):
                ws.write_string(r0, j, c, head)
            for i, row in enumerate(rows, start=r0 + 1):
                for j, v in enumerate(row):
                    if v is None or (isinstance(v, float) and np.isnan(v)):
                        continue
                    if isinstance(v, (int, float, np.integer, np.floating)) and not isinstance(v, bool):
                        ws.write_number(i, j, float(v), fmts[j] if j < len(fmts) else None)
                    else:
                        text.write(ws, i, j, str(v))
            return r0 + 1 + len(rows)

        # Trend
        ws = wb.add_worksheet("Trend")
        text.write(ws, 0, 0, f"{d['city'] or 'City'}: {d['basis']} emissions {d['year_list'][0]}-{d['year_list'][-1]}",
                   title)
        ws.write_string(1, 0, f"Base year {d['base_year']}; GWP {d['gwp']} (100-year); IPCC {d['edition']}; "
                              f"ghgkit {d['version']}", small)
        df = trend_frame(trend).reset_index()
        df["file"] = [Path(f).name for f in df["file"]]
        cols = list(df.columns)
        end = table(ws, 3, cols, df.astype(object).where(df.notna(), None).values.tolist(),
                    [None] + [pct if c.endswith("_pct") else (num2 if "per_capita" in c else num) for c in cols[1:]])
        ws.freeze_panes(4, 1)
        ws.set_column(0, 0, 7)
        ws.set_column(1, len(cols), 13)
        n = len(df)
        ch = wb.add_chart({"type": "line"})
        ch.add_series({"name": f"{d['basis']} total", "categories": ["Trend", 4, 0, 3 + n, 0],
                       "values": ["Trend", 4, 1, 3 + n, 1], "line": {"color": "#1F3B57", "width": 2},
                       "marker": {"type": "circle", "size": 4}})
        if "uncertainty_lower_t" in cols and df["uncertainty_lower_t"].notna().any():
            for c, name in (("uncertainty_lower_t", "95 % interval, lower"),
                            ("uncertainty_upper_t", "95 % interval, upper")):
                j = cols.index(c)
                ch.add_series({"name": name, "categories": ["Trend", 4, 0, 3 + n, 0],
                               "values": ["Trend", 4, j, 3 + n, j],
                               "line": {"color": PALETTE["scope2"], "dash_type": "round_dot", "width": 1.25}})
        if "target_path" in cols:
            j = cols.index("target_path")
            ch.add_series({"name": "straight-line path to target", "categories": ["Trend", 4, 0, 3 + n, 0],
                           "values": ["Trend", 4, j, 3 + n, j], "line": {"color": TARGET_COLOUR, "dash_type": "dash"}})
        ch.set_title({"name": "Emissions per year (t CO2e)"})
        ch.set_y_axis({"num_format": "#,##0", "min": 0, "name": "t CO2e"})
        ch.set_x_axis({"name": "Year"})
        ch.set_legend({"position": "bottom"})
        ws.insert_chart(end + 2, 0, ch, {"x_scale": 1.6, "y_scale": 1.2})

        # Sectors
        ws = wb.add_worksheet("Sectors")
        secs = d["sectors"]
        rows = [[y["year"], *[y["sectors"].get(s) for s, _ in secs], y["total_t"]] for y in d["years"]]
        table(ws, 0, ["Year", *[lab for _, lab in secs], f"{d['basis']} total"], rows, [None] + [num] * (len(secs) + 1))
        ws.set_column(0, 0, 7)
        ws.set_column(1, len(secs) + 1, 16)
        area = wb.add_chart({"type": "area", "subtype": "stacked"})
        for j, (s, lab) in enumerate(secs, start=1):
            area.add_series({"name": ["Sectors", 0, j], "categories": ["Sectors", 1, 0, n, 0],
                             "values": ["Sectors", 1, j, n, j], "fill": {"color": SECTOR_COLOURS.get(s, "#777777")}})
        area.set_title({"name": "By sector (t CO2e), stacked"})
        area.set_y_axis({"num_format": "#,##0", "name": "t CO2e"})
        area.set_x_axis({"name": "Year"})
        area.set_legend({"position": "right"})
        ws.insert_chart(n + 3, 0, area, {"x_scale": 1.6, "y_scale": 1.2})
        lines = wb.add_chart({"type": "line"})
        for j, (s, lab) in enumerate(secs, start=1):
            lines.add_series({"name": ["Sectors", 0, j], "categories": ["Sectors", 1, 0, n, 0],
                              "values": ["Sectors", 1, j, n, j], "line": {"color": SECTOR_COLOURS.get(s, "#777777")}})
        lines.set_title({"name": "By sector (t CO2e)"})
        lines.set_y_axis({"num_format": "#,##0", "name": "t CO2e"})
        lines.set_x_axis({"name": "Year"})
        lines.set_legend({"position": "right"})
        ws.insert_chart(n + 22, 0, lines, {"x_scale": 1.6, "y_scale": 1.2})

        if trend.uncertainty_info is not None:
            _uncertainty_sheet(wb, trend, table, text, title, small, num, num2)
        if d["target"]:
            tg = d["target"]
            ws = wb.add_worksheet("Target")
            t = tg["t"]
            text.write(ws, 0, 0, f"Target: {t.description or t.type} ({t.type}, {t.year})", title)
            text.write(ws, 1, 0, f"Source: {t.source or '—'}; target value {tg['value']:,.2f} {tg['unit']}; "
                                 f"straight-line path from {d['base_year']}", small)
            keys = [k for k in ("actual", "path", "target", "gap", "gap_t", "off_path", "progress_pct", "on_track",
                                "bau_t", "bau_reduction_t", "bau_reduction_pct") if k in tg["rows"][0]]
            fm = num2 if tg["metric"] == "per_capita" else num
            rows = [[r["year"], *[("yes" if r[k] else "no") if k == "on_track" and r[k] is not None else r[k]
                                  for k in keys]] for r in tg["rows"]]
            table(ws, 3, ["Year", *keys], rows, [None] + [pct if k.endswith("_pct") else
                                                          (num if k.endswith("_t") else fm) for k in keys])
            ws.set_column(0, len(keys), 14)
            m = len(rows)
            ch = wb.add_chart({"type": "line"})
            for k, colour, dash in (("actual", "#1F3B57", "solid"), ("path", TARGET_COLOUR, "dash"),
                                    ("target", TARGET_COLOUR, "solid")):
                j = keys.index(k) + 1
                ch.add_series({"name": ["Target", 3, j], "categories": ["Target", 4, 0, 3 + m, 0],
                               "values": ["Target", 4, j, 3 + m, j],
                               "line": {"color": colour, "dash_type": dash, "width": 1.75 if k == "actual" else 1.25}})
            ch.set_title({"name": f"Against the target ({tg['unit']})"})
            ch.set_y_axis({"num_format": "#,##0.00" if tg["metric"] == "per_capita" else "#,##0", "min": 0,
                          "name": tg["unit"]})
            ch.set_x_axis({"name": "Year"})
            ch.set_legend({"position": "bottom"})
            ws.insert_chart(5 + m, 0, ch, {"x_scale": 1.6, "y_scale": 1.2})
        if d["projects"]:
            pj = d["projects"]
            ws = wb.add_worksheet("Projects")
            ws.set_column(0, 0, 48)
            ws.set_column(1, 7, 14)
            text.write(ws, 0, 0, "Reductions of the co-operation projects located in the city", title)
            ws.merge_range(1, 0, 1, 7, "", small)
            ws.write_string(1, 0, pj["note"], small)
            ws.set_row(1, 45)
            rows = [[p["title"], p["methodology"], p["gpc_ref"], r["year"], r["reduction_t"], KIND_TEXT[r["kind"]],
                     Path(p["file"]).name] for p in pj["projects"] for r in p["years"]]
            end = table(ws, 3, ["Project", "Methodology", "GPC", "Year", "Reduction (t CO2e)", "Figure", "File"], rows,
                        [None, None, None, None, num])
            keys = [k for k in ("monitored_t", "ex_ante_t", "reduction_t", "gap_t", "share_of_gap_pct")
                    if k in pj["rows"][0]] if pj["rows"] else []
            table(ws, end + 2, ["Year", *keys], [[r["year"], *[r[k] for k in keys]] for r in pj["rows"]],
                  [None] + [num2 if k.endswith("pct") else num for k in keys])
            m = len(pj["rows"])
            if m:
                bars = wb.add_chart({"type": "column", "subtype": "stacked"})
                first, last = end + 3, end + 2 + m
                bars.add_series({"name": "monitored", "categories": ["Projects", first, 0, last, 0],
                                 "values": ["Projects", first, 1, last, 1], "fill": {"color": PALETTE["monitored"]}})
                bars.add_series({"name": "ex-ante (not yet monitored)", "categories": ["Projects", first, 0, last, 0],
                                 "values": ["Projects", first, 2, last, 2],
                                 "pattern": {"pattern": "wide_upward_diagonal", "fg_color": PALETTE["monitored"],
                                             "bg_color": "#FFFFFF"}, "border": {"color": PALETTE["monitored"]}})
                bars.set_title({"name": "Reductions of the projects in the city (t CO2e)"})
                bars.set_y_axis({"num_format": "#,##0", "name": "t CO2e"})
                bars.set_x_axis({"name": "Year"})
                bars.set_legend({"position": "bottom"})
                ws.insert_chart(3, 9, bars, {"x_scale": 1.4, "y_scale": 1.2})
            if pj["not_included"]:
                r0 = end + 4 + len(pj["rows"])
                table(ws, r0, ["Not included", "Reason"], [[Path(x["file"]).name, x["reason"]]
                                                           for x in pj["not_included"]], [])
        ws = wb.add_worksheet("GPC")
        rows = [[g["ref"], g["description"], g["level"],
                 *[c["value"] if c["value"] is not None else c["key"] for c in g["cells"]]] for g in d["gpc"]]
        table(ws, 0, ["GPC", "Description", "Level", *map(str, d["year_list"])], rows, [None, None, None] +
              [num] * len(d["year_list"]))
        ws.set_column(1, 1, 48)
        ws.set_column(3, 3 + len(d["year_list"]), 12)
        ws = wb.add_worksheet("Findings")
        table(ws, 0, ["Code", "Severity", "Years", "Finding"],
              [[f["code"], f["severity"], ", ".join(map(str, f["years"])), f["message"]] for f in d["findings"]], [])
        ws.set_column(3, 3, 110)
        ws.set_column(2, 2, 24)
        wb.close()
    return path


def _uncertainty_sheet(wb, trend, table, text, title, small, num, num2) -> None:
    """The Uncertainty sheet: method, correlation convention, per year the intervals, the rows lacking data."""
    from ghgkit.mrv.uncertainty import CONVENTION, REFERENCE

    u = trend.uncertainty_info
    ws = wb.add_worksheet("Uncertainty")
    text.write(ws, 0, 0, f"Uncertainty ({u.method}): 95 % intervals", title)
    ws.write_string(1, 0, REFERENCE[u.method] + (f"; {u.draws:,} draws, seed {u.seed}" if u.draws else ""), small)
    ws.write_string(2, 0, f"Trend correlation convention: {CONVENTION[u.method]}", small)
    ws.write_string(3, 0, "A year whose rows lack uncertainty data gets no interval (never taken as 0 %); "
                          "those rows are listed below.", small)
    cols = ["Year", "Total (t CO2e)", "± (%)", "Lower (t CO2e)", "Upper (t CO2e)", "Every row covered",
            "Covered share (%)", "Rows without data", "Covered part ± (%)", "Change from base year (%)",
            "Change ± (percentage points)", "Change lower (%)", "Change upper (%)"]
    rows = [[int(y), r["value_t"], r["half_width_pct"], r["lower_t"], r["upper_t"], "yes" if r["complete"] else "no",
             r["coverage_pct"], int(r["rows_missing"]), r["covered_half_width_pct"], r["trend_pct"],
             r["trend_uncertainty_pct"], r["trend_lower_pct"], r["trend_upper_pct"]] for y, r in u.table.iterrows()]
    end = table(ws, 5, cols, rows, [None, num, num2, num, num, None, num2, num, num2, num2, num2, num2, num2])
    ws.set_column(0, 0, 8)
    ws.set_column(1, len(cols), 14)
    if u.missing:
        rows = [[m["year"], Path(m["file"]).name, m["source"], m["activity"], m["scope"], m["co2e_t"],
                 ", ".join(m["lacks"])] for m in u.missing]
        table(ws, end + 2, ["Year", "File", "Where", "Activity", "Scope", "t CO2e", "Lacks"], rows,
              [None, None, None, None, None, num])
