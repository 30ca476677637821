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
from ghgkit.io.output import ExcelText, atomic_path
from ghgkit.reports.charts import inline_svg, scope_colours
from ghgkit.reports.format import SECTOR_LABELS, fmt_number

#: one colour per sector, from the report's blues to the waste greens (GPC order)
SECTOR_COLOURS = {"household": "#1F3B57", "building": "#2E75B6", "industry": "#5B9BD5", "energy_industry": "#9DC3E6",
                  "agriculture": "#8FAADC", "transport": "#C55A11", "waste": "#548235", "wastewater": "#A9D18E"}
TARGET_COLOUR = "#C00000"
KIND_TEXT = {"monitored": "monitored", "ex-ante": "ex-ante (not yet monitored)"}


def _label(sector: str) -> str:
    ref, label = SECTOR_LABELS.get(sector, ("", sector))
    return f"{label} ({ref})" if ref else label


def _num(v):
    try:
        f = float(v)
    except (TypeError, ValueError):
        return None
    return None if np.isnan(f) else f


# -- data ---------------------------------------------------------------------------------
def report_data(trend) -> dict:
    """What both reports show, as plain values."""
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
            row["lower_t"], row["upper_t"] = _num(u.get("lower_t")), _num(u.get("upper_t"))
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
                "sectors": {s: _label(s) for s in a.by_sector.columns}}
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
            "year_list": trend.years, "sectors": [(s, _label(s)) for s in trend.sectors()], "target": target,
            "projects": proj, "gpc": gpc, "findings": [f.to_dict() for f in trend.findings],
            "latest": years[-1], "base": next(y for y in years if y["year"] == trend.base_year),
            "first_file": first["file"], "has_uncertainty": trend.uncertainty is not None}


# -- charts -------------------------------------------------------------------------------
def _axes_style(ax, matplotlib, ylabel="t CO2e"):
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    ax.yaxis.set_major_formatter(FuncFormatter(lambda x, _: f"{x:,.0f}"))
    ax.xaxis.set_major_locator(MaxNLocator(8, integer=True))
    ax.set_ylabel(ylabel)
    ax.grid(axis="y", color="#E0E0E0")
    ax.set_axisbelow(True)


def _legend(ax):
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12), frameon=False, fontsize=8, ncol=3,
              handlelength=1.6, columnspacing=1.2)


def charts(trend) -> dict:
    """Inline SVG strings: ``lines``, ``area`` and (with projects) ``projects``."""
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    out = {}
    rc = {"svg.hashsalt": "ghgkit", "svg.fonttype": "path", "font.size": 10, "font.family": "DejaVu Sans",
          "axes.spines.top": False, "axes.spines.right": False}
    years = np.array(trend.years)
    secs = trend.sectors()
    with matplotlib.rc_context(rc):
        fig, ax = plt.subplots(figsize=(7.4, 3.4))
        for s in secs:
            ax.plot(years, trend.by_sector[s].to_numpy(dtype=float), marker="o", ms=3, lw=1.6,
                    color=SECTOR_COLOURS.get(s, "#777777"), label=_label(s))
        ax.set_ylim(0, None)
        _axes_style(ax, matplotlib)
        _legend(ax)
        fig.tight_layout()
        last = trend.years[-1]
        out["lines"] = inline_svg(fig, "t1", f"Line chart of {trend.basis_label} emissions by sector, t CO2e, "
                                             f"{trend.years[0]}-{last}; in {last}: " + "; ".join(
                                                 f"{_label(s)} {trend.by_sector.loc[last, s]:,.0f}" for s in secs
                                                 if pd.notna(trend.by_sector.loc[last, s])))
        plt.close(fig)

        fig, ax = plt.subplots(figsize=(7.4, 3.6))
        vals = [np.nan_to_num(trend.by_sector[s].to_numpy(dtype=float)) for s in secs]
        ax.stackplot(years, vals, colors=[SECTOR_COLOURS.get(s, "#777777") for s in secs],
                     labels=[_label(s) for s in secs], alpha=0.9)
        total = trend.totals["total_t"].to_numpy(dtype=float)
        ax.plot(years, total, color="#000000", lw=1.2, label=f"{trend.basis_label} total")
        if trend.uncertainty is not None and {"lower_t", "upper_t"} <= set(trend.uncertainty.columns):
            u = trend.uncertainty.reindex(years)
            ax.fill_between(years, u["lower_t"].to_numpy(dtype=float), u["upper_t"].to_numpy(dtype=float),
                            color="#000000", alpha=0.15, lw=0, label="95 % interval")
        top = float(np.nanmax(total))
        label = f"Stacked area chart of {trend.basis_label} emissions by sector, t CO2e"
        if trend.target is not None and trend.target.metric == "total":
            p = trend.target.table
            ax.plot(p.index, p["path"], color=TARGET_COLOUR, ls="--", lw=1.4, label="straight-line path to target")
            ax.plot([trend.target.target.year], [trend.target.target_value], marker="D", color=TARGET_COLOUR,
                    ls="none", ms=7, label=f"target {trend.target.target.year}")
            top = max(top, float(p["path"].max()))
            label += (f"; target {trend.target.target_value:,.0f} t CO2e in {trend.target.target.year}, "
                      f"straight-line path from {trend.base_year}")
            ax.set_xlim(years[0] - 0.3, trend.target.target.year + 0.3)
        ax.set_ylim(0, top * 1.1)
        _axes_style(ax, matplotlib)
        _legend(ax)
        fig.tight_layout()
        out["area"] = inline_svg(fig, "t2", label)
        plt.close(fig)

        if trend.target is not None and trend.target.metric == "per_capita":
            p = trend.target.table
            fig, ax = plt.subplots(figsize=(7.4, 2.8))
            ax.plot(p.index, p["actual"], marker="o", ms=3, color=scope_colours()[1], label="per resident")
            ax.plot(p.index, p["path"], color=TARGET_COLOUR, ls="--", label="straight-line path to target")
            ax.plot([trend.target.target.year], [trend.target.target_value], marker="D", color=TARGET_COLOUR,
                    ls="none", ms=7, label="target")
            ax.set_ylim(0, max(float(np.nanmax(p["actual"])), float(p["path"].max())) * 1.15)
            _axes_style(ax, matplotlib, "t CO2e per resident")
            ax.yaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda x, _: f"{x:,.2f}"))
            _legend(ax)
            fig.tight_layout()
            out["per_capita"] = inline_svg(fig, "t4", "Line chart of emissions per resident against the "
                                                      f"per-capita target {trend.target.target_value:.2f}")
            plt.close(fig)

        a = trend.attribution
        if a is not None and a.table["reduction_t"].any():
            tab = a.table[a.table["reduction_t"] != 0]
            x = tab.index.to_numpy()
            fig, ax = plt.subplots(figsize=(7.4, 3.0))
            bottom = np.zeros(len(x))
            for s in a.by_sector.columns:
                colour = SECTOR_COLOURS.get(s, "#777777")
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
                    lab = f"{_label(s)}, {KIND_TEXT[kind]}"
                    if kind == "monitored":
                        ax.bar(x, v, bottom=bottom, color=colour, width=0.7, label=lab)
                    else:
                        ax.bar(x, v, bottom=bottom, color="#FFFFFF", edgecolor=colour, hatch="///", width=0.7,
                               label=lab)
                    bottom += v
            _axes_style(ax, matplotlib)
            ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12), frameon=False, fontsize=8, ncol=2)
            fig.tight_layout()
            out["projects"] = inline_svg(fig, "t3", "Bar chart of the reductions of the projects located in the "
                                                    "city by GPC sector, t CO2e per year, monitored (solid) and "
                                                    "ex-ante (hatched): " + "; ".join(
                                                        f"{y} {r['reduction_t']:,.0f}" for y, r in tab.iterrows()))
            plt.close(fig)
    return out


# -- HTML ---------------------------------------------------------------------------------
def render_html(trend) -> str:
    from jinja2 import Environment, FileSystemLoader, StrictUndefined
    from markupsafe import Markup

    from ghgkit.data import templates_dir

    env = Environment(loader=FileSystemLoader(str(templates_dir())), autoescape=True, undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True)
    env.filters["num"] = fmt_number
    env.filters["pct"] = lambda v, d=1: "" if v is None else f"{v:+.{d}f} %"
    svg = {k: Markup(v) for k, v in charts(trend).items()}       # drawn here, not user text
    return env.get_template("trend.html.j2").render(d=report_data(trend), charts=svg,
                                                     colours=SECTOR_COLOURS, kinds=KIND_TEXT)


def write_html(trend, path) -> Path:
    """Write the self-contained HTML trend report (atomically)."""
    path = Path(path)
    with atomic_path(path, suffix=".html") as tmp:
        tmp.write_text(render_html(trend), encoding="utf-8")
    return path


# -- Excel --------------------------------------------------------------------------------
def write_excel(trend, path) -> Path:
    """Write the Excel trend report: Trend (per year, with native charts), Sectors, Target, Projects, GPC,
    Findings."""
    import xlsxwriter

    from ghgkit.mrv.output import trend_frame

    d = report_data(trend)
    path = Path(path)
    with atomic_path(path, suffix=".xlsx") as tmp:
        wb = xlsxwriter.Workbook(str(tmp), {"strings_to_formulas": False, "strings_to_urls": False,
                                            "strings_to_numbers": False, "nan_inf_to_errors": False})
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
        if "target_path" in cols:
            j = cols.index("target_path")
            ch.add_series({"name": "straight-line path to target", "categories": ["Trend", 4, 0, 3 + n, 0],
                           "values": ["Trend", 4, j, 3 + n, j], "line": {"color": TARGET_COLOUR, "dash_type": "dash"}})
        ch.set_title({"name": "Emissions per year (t CO2e)"})
        ch.set_y_axis({"num_format": "#,##0", "min": 0})
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
        area.set_y_axis({"num_format": "#,##0"})
        area.set_legend({"position": "right"})
        ws.insert_chart(n + 3, 0, area, {"x_scale": 1.6, "y_scale": 1.2})
        lines = wb.add_chart({"type": "line"})
        for j, (s, lab) in enumerate(secs, start=1):
            lines.add_series({"name": ["Sectors", 0, j], "categories": ["Sectors", 1, 0, n, 0],
                              "values": ["Sectors", 1, j, n, j], "line": {"color": SECTOR_COLOURS.get(s, "#777777")}})
        lines.set_title({"name": "By sector (t CO2e)"})
        lines.set_y_axis({"num_format": "#,##0"})
        lines.set_legend({"position": "right"})
        ws.insert_chart(n + 22, 0, lines, {"x_scale": 1.6, "y_scale": 1.2})

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
            ch.set_y_axis({"num_format": "#,##0.00" if tg["metric"] == "per_capita" else "#,##0", "min": 0})
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
                                 "values": ["Projects", first, 1, last, 1], "fill": {"color": scope_colours()[2]}})
                bars.add_series({"name": "ex-ante (not yet monitored)", "categories": ["Projects", first, 0, last, 0],
                                 "values": ["Projects", first, 2, last, 2],
                                 "pattern": {"pattern": "wide_upward_diagonal", "fg_color": scope_colours()[2],
                                             "bg_color": "#FFFFFF"}, "border": {"color": scope_colours()[2]}})
                bars.set_title({"name": "Reductions of the projects in the city (t CO2e)"})
                bars.set_y_axis({"num_format": "#,##0"})
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
