"""Reports of project results: a text table, an Excel workbook and a self-contained HTML page.

Every report shows BE, PE, LE and ER per year with the parameters and their sources,
and the GWP set. A negative reduction is shown, marked, and listed as a warning.
Outputs are written atomically (:func:`ghgkit.io.output.atomic_path`). User text goes
into Excel unchanged through ``write_string`` (a text cell, never a formula); text
starting with ``= + - @`` gets a ``quote_prefix`` cell format so Excel keeps it as
text when the cell is edited. Warnings are not part of the text table: the command
line prints them once, on stderr. matplotlib is imported only when an HTML chart is
drawn.
"""

from __future__ import annotations

from pathlib import Path
from typing import Union

from ghgkit.io.output import ExcelText, atomic_path
from ghgkit.projects.calculate import MonitorResult, ProjectResult
from ghgkit.projects.portfolio import PortfolioResult

Result = Union[ProjectResult, MonitorResult, PortfolioResult]

# -- text -----------------------------------------------------------------------------
def _n(x, digits: int = 1) -> str:
    if x is None:
        return ""
    return f"{x:,.{digits}f}"


def _table(headers: list[str], rows: list[list], right: set[int] | None = None) -> str:
    right = right if right is not None else set(range(1, len(headers)))
    cells = [[str(c) for c in headers]] + [[("" if c is None else str(c)) for c in r] for r in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]
    lines = []
    for k, r in enumerate(cells):
        lines.append("  ".join(c.rjust(w) if i in right else c.ljust(w)
                               for i, (c, w) in enumerate(zip(r, widths))).rstrip())
        if k == 0:
            lines.append("  ".join("-" * w for w in widths).rstrip())
    return "\n".join(lines)


def _title(h: dict) -> list[str]:
    return [h["title"],
            f"{h['host_city']} (host) with {h['partner_city']} (partner); {h['methodology_title']}",
            f"crediting period {h['crediting_years'][0]}-{h['crediting_years'][-1]}; GWP set {h['gwp']} "
            f"(CH4 {h['gwp_values']['CH4']:g}, N2O {h['gwp_values']['N2O']:g}); t CO2e"]


def _params_text(params: list[dict]) -> str:
    rows = []
    for p in params:
        v = p["value"]
        if isinstance(v, dict):
            v = ", ".join(f"{y}: {x:g}" for y, x in v.items())
        else:
            v = f"{v:g}"
        rows.append([p["name"], v, p["unit"] or "-", p["origin"], p["source"]])
    return _table(["parameter", "value", "unit", "from", "source"], rows, right={1})


def text_report(result: Result) -> str:
    """The result as a plain-text table (what ``--format table`` prints)."""
    if isinstance(result, PortfolioResult):
        return _text_portfolio(result)
    h = result.header
    out = _title(h) + [""]
    mark = lambda r: "NEGATIVE" if r["negative"] else ""  # noqa: E731
    if isinstance(result, ProjectResult):
        rows = [[r["year"], _n(r["baseline_t"]), _n(r["project_t"]), _n(r["leakage_t"]),
                 _n(r["reduction_t"]), mark(r)] for r in result.years]
        t = result.totals
        rows.append(["total", _n(t["baseline_t"]), _n(t["project_t"]), _n(t["leakage_t"]),
                     _n(t["reduction_t"]), ""])
        out.append("Ex-ante estimate")
        out.append(_table(["year", "BE baseline", "PE project", "LE leakage", "ER reduction", ""], rows))
    else:
        rows = []
        for r in result.years:
            rows.append([r["year"], _n(r["baseline_t"]), _n(r["project_t"]), _n(r["leakage_t"]),
                         _n(r["reduction_t"]), _n(r["ex_ante"]["reduction_t"]), _n(r["difference_t"]),
                         mark(r)])
        t = result.totals
        rows.append(["total", _n(t["baseline_t"]), _n(t["project_t"]), _n(t["leakage_t"]),
                     _n(t["reduction_t"]), _n(t["ex_ante_reduction_t"]), _n(t["difference_t"]), ""])
        out.append("Monitored (ex-post) beside ex-ante")
        out.append(_table(["year", "BE", "PE", "LE", "ER ex-post", "ER ex-ante", "difference", ""], rows))
        out.append("")
        out.append("Difference explained by parameter (each monitored value alone, the rest ex-ante)")
        arows = []
        for r in result.years:
            for name, d in r["attribution_t"].items():
                m = r["monitored"][name]
                ante = m["ex_ante_value"]
                arows.append([r["year"], name,
                              f"{m['value']:g} {m['unit']}".strip(),
                              "" if ante is None else f"{ante:.6g} {m['unit']}".strip(),
                              _n(d), m["evidence"] or ""])
            arows.append([r["year"], "(interaction)", "", "", _n(r["interaction_t"]), ""])
        out.append(_table(["year", "parameter", "monitored", "ex-ante", "change in ER", "evidence"], arows,
                          right={4}))
    out += ["", "Parameters", _params_text(result.parameters)]
    if result.factors:
        out += ["", "Factors from the ghgkit library"]
        out.append(_table(["factor", "gas", "value", "unit", "source"],
                          [[f["factor_id"], f["gas"], f"{f['value']:g}", f["unit"], f["source_ref"]]
                           for f in result.factors], right={2}))
    return "\n".join(out) + "\n"


def _text_portfolio(res: PortfolioResult) -> str:
    out = [f"Portfolio of {len(res.projects)} co-operation projects; GWP set {res.gwp}; t CO2e"]
    if res.not_included:
        out.append(f"{len(res.not_included)} file(s) not included in these totals: see 'Not included' below")
    out.append("")
    rows = [[r["year"], r["projects"], _n(r["baseline_t"]), _n(r["project_t"]), _n(r["leakage_t"]),
             _n(r["reduction_t"]), _n(r["monitored_reduction_t"]) if r["monitored_projects"] else "",
             r["monitored_projects"] or "", "NEGATIVE" if r["negative"] else ""] for r in res.by_year]
    t = res.totals
    rows.append(["total", "", _n(t["baseline_t"]), _n(t["project_t"]), _n(t["leakage_t"]),
                 _n(t["reduction_t"]), _n(t["monitored_reduction_t"]), "", ""])
    out.append("By year (ER ex-ante; ER monitored for the projects with monitoring that year)")
    out.append(_table(["year", "projects", "BE", "PE", "LE", "ER ex-ante", "ER monitored", "monitored", ""],
                      rows))
    for key, label in (("by_host_city", "host_city"), ("by_partner_city", "partner_city"),
                       ("by_methodology", "methodology")):
        out += ["", f"By {label.replace('_', ' ')} (whole crediting periods)"]
        out.append(_table([label.replace("_", " "), "projects", "ER ex-ante", "ER monitored",
                           "ex-ante of monitored years"],
                          [[g[label], g["projects"], _n(g["reduction_t"]), _n(g["monitored_reduction_t"]),
                            _n(g["monitored_ex_ante_t"])] for g in getattr(res, key)], right={1, 2, 3, 4}))
    out += ["", "Projects"]
    out.append(_table(["project", "host", "partner", "methodology", "years", "ER ex-ante", "ER monitored"],
                      [[p["title"], p["host_city"], p["partner_city"], p["methodology"],
                        f"{p['start_year']}-{p['end_year']}", _n(p["reduction_t"]),
                        _n(p["monitored_reduction_t"]) + (f" ({len(p['monitored_years'])} yr)"
                                                          if p["monitored_years"] else "")]
                       for p in res.projects], right={5, 6}))
    if res.not_included:
        out += ["", f"Not included ({len(res.not_included)} file(s), not in the totals above)"]
        out.append(_table(["file", "reason", "where", "problem"],
                          [[e["file"], e["reason"], e["place"], e["error"]] for e in res.not_included],
                          right=set()))
    return "\n".join(out) + "\n"


# -- Excel ------------------------------------------------------------------------------
def write_excel(result: Result, path: str | Path) -> Path:
    """Write *result* to an Excel workbook (xlsxwriter), atomically."""
    from ghgkit.io.output import excel_workbook

    path = Path(path)
    with atomic_path(path, suffix=".xlsx") as tmp:
        wb = excel_workbook(tmp)
        head = wb.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True})
        num = wb.add_format({"num_format": "#,##0.0"})
        neg = wb.add_format({"num_format": "#,##0.0", "font_color": "#C00000", "bold": True})
        bold = wb.add_format({"bold": True})
        text = ExcelText(wb).write

        def sheet(name, headers, rows, widths=None, negcol=None):
            ws = wb.add_worksheet(name)
            ws.write_row(0, 0, headers, head)
            for r, row in enumerate(rows, start=1):
                for c, v in enumerate(row):
                    if isinstance(v, bool):
                        ws.write(r, c, "NEGATIVE" if v else "")
                    elif isinstance(v, (int, float)) and v is not None:
                        fmt = neg if (negcol is not None and c == negcol and v < 0) else (
                            num if isinstance(v, float) else None)
                        ws.write_number(r, c, v, fmt)
                    elif v is None:
                        ws.write_blank(r, c, None)
                    else:
                        text(ws, r, c, v)
            ws.freeze_panes(1, 0)
            for c, w in enumerate(widths or [14] * len(headers)):
                ws.set_column(c, c, w)
            return ws

        if isinstance(result, PortfolioResult):
            ws = wb.add_worksheet("Summary")
            info = [("report", "portfolio of co-operation projects"), ("GWP set", result.gwp),
                    ("projects", len(result.projects)), ("not included", len(result.not_included)),
                    ("unit", "t CO2e")]
            for r, (k, v) in enumerate(info):
                ws.write_string(r, 0, k, bold)
                if isinstance(v, str):
                    text(ws, r, 1, v)
                else:
                    ws.write_number(r, 1, v)
            r = len(info)
            for e in result.not_included:
                r += 1
                ws.write_string(r, 0, "NOT INCLUDED", bold)
                text(ws, r, 1, f"{e['file']}{':' + e['place'] if e['place'] else ''}: {e['error']}")
            for w in result.warnings:
                r += 1
                ws.write_string(r, 0, "WARNING", bold)
                text(ws, r, 1, w)
            ws.set_column(0, 0, 16)
            ws.set_column(1, 1, 80)
            ys = sheet("By year", ["year", "projects", "baseline_t", "project_t", "leakage_t", "reduction_t",
                                   "monitored_reduction_t", "monitored_projects", "flag"],
                       [[r["year"], r["projects"], r["baseline_t"], r["project_t"], r["leakage_t"],
                         r["reduction_t"], r["monitored_reduction_t"], r["monitored_projects"], r["negative"]]
                        for r in result.by_year], negcol=5)
            _chart(wb, ys, "By year", len(result.by_year), 5)
            for key, label in (("by_host_city", "host_city"), ("by_partner_city", "partner_city"),
                               ("by_methodology", "methodology")):
                sheet(key.replace("_", " ").capitalize()[:31], [label, "projects", "reduction_t",
                                                                "monitored_reduction_t", "monitored_ex_ante_t"],
                      [[g[label], g["projects"], g["reduction_t"], g["monitored_reduction_t"],
                        g["monitored_ex_ante_t"]] for g in getattr(result, key)], [24, 10, 16, 20, 20], negcol=2)
            sheet("Projects", ["title", "file", "host_city", "partner_city", "methodology", "start_year",
                               "end_year", "reduction_t", "monitored_years", "monitored_reduction_t"],
                  [[p["title"], p["file"], p["host_city"], p["partner_city"], p["methodology"], p["start_year"],
                    p["end_year"], p["reduction_t"], ", ".join(map(str, p["monitored_years"])),
                    p["monitored_reduction_t"]] for p in result.projects], [40, 40, 16, 16, 20, 10, 10, 14, 16, 18],
                  negcol=7)
            if result.not_included:
                sheet("Not included", ["file", "reason", "where", "problem", "hint", "duplicate_of"],
                      [[e["file"], e["reason"], e["place"], e["error"], e["hint"], e["duplicate_of"]]
                       for e in result.not_included], [40, 10, 20, 70, 50, 40])
            wb.close()
            return path

        h = result.header
        ws = wb.add_worksheet("Summary")
        info = [("project", h["title"]), ("host city", h["host_city"]), ("partner city", h["partner_city"]),
                ("methodology", h["methodology_title"]), ("reference", h["methodology_reference"]),
                ("crediting period", f"{h['crediting_years'][0]}-{h['crediting_years'][-1]}"),
                ("GWP set", f"{h['gwp']} (CH4 {h['gwp_values']['CH4']:g}, N2O {h['gwp_values']['N2O']:g})"),
                ("report", "ex-ante estimate" if result.kind == "estimate" else "monitoring (ex-post)"),
                ("unit", "t CO2e")]
        info += [("equation", e) for e in h["equations"]]
        info += [("WARNING", w) for w in result.warnings]
        for r, (k, v) in enumerate(info):
            ws.write_string(r, 0, k, bold)
            text(ws, r, 1, v)
        ws.set_column(0, 0, 18)
        ws.set_column(1, 1, 100)
        inter = list(result.intermediate_units)
        if result.kind == "estimate":
            ys = sheet("Years", ["year", "baseline_t", "project_t", "leakage_t", "reduction_t", "flag"] +
                       [f"{k} [{result.intermediate_units[k]['unit']}]" for k in inter],
                       [[r["year"], r["baseline_t"], r["project_t"], r["leakage_t"], r["reduction_t"],
                         r["negative"]] + [r["intermediate"][k] for k in inter] for r in result.years], negcol=4)
            _chart(wb, ys, "Years", len(result.years), 4)
        else:
            ys = sheet("Years", ["year", "baseline_t", "project_t", "leakage_t", "reduction_t",
                                 "ex_ante_reduction_t", "difference_t", "flag"] +
                       [f"{k} [{result.intermediate_units[k]['unit']}]" for k in inter],
                       [[r["year"], r["baseline_t"], r["project_t"], r["leakage_t"], r["reduction_t"],
                         r["ex_ante"]["reduction_t"], r["difference_t"], r["negative"]] +
                        [r["intermediate"][k] for k in inter] for r in result.years], negcol=4)
            _chart(wb, ys, "Years", len(result.years), 4)
            rows = []
            for r in result.years:
                for n, d in r["attribution_t"].items():
                    m = r["monitored"][n]
                    rows.append([r["year"], n, m["value"], m["unit"], m["ex_ante_value"],
                                 m["unit"], d, m["evidence"]])
                rows.append([r["year"], "(interaction)", None, None, None, None, r["interaction_t"], None])
            sheet("Attribution", ["year", "parameter", "monitored value", "unit", "ex-ante value",
                                  "ex-ante unit", "change_in_reduction_t", "evidence"], rows,
                  [8, 30, 16, 10, 16, 12, 20, 50])
        sheet("Parameters", ["parameter", "symbol", "value", "unit", "value (calculation unit)",
                             "calculation unit", "from", "source"],
              [[p["name"], p.get("symbol", ""), p["value"] if not isinstance(p["value"], dict) else
                ", ".join(f"{y}: {x:g}" for y, x in p["value"].items()), p["unit"],
                p["value_canonical"] if not isinstance(p["value_canonical"], list) else
                ", ".join(f"{x:g}" for x in p["value_canonical"]), p["unit_canonical"], p["origin"],
                p["source"]] for p in result.parameters], [30, 10, 14, 12, 18, 14, 10, 90])
        if result.factors:
            sheet("Factors", ["factor_id", "fuel", "gas", "value", "unit", "source", "source_ref"],
                  [[f["factor_id"], f["fuel"], f["gas"], f["value"], f["unit"], f["source"], f["source_ref"]]
                   for f in result.factors], [24, 12, 8, 10, 10, 60, 40])
        wb.close()
    return path


def _chart(wb, ws, sheet_name: str, n: int, col: int) -> None:
    if n == 0:
        return
    ch = wb.add_chart({"type": "column"})
    ch.add_series({"name": "emission reduction (t CO2e)",
                   "categories": [sheet_name, 1, 0, n, 0], "values": [sheet_name, 1, col, n, col],
                   "invert_if_negative": False})
    ch.set_legend({"none": True})
    ch.set_title({"name": "Emission reduction per year (t CO2e)"})
    ws.insert_chart(n + 3, 0, ch)


# -- HTML -------------------------------------------------------------------------------
def _svg_chart(years: list, series: list[dict], tr=None) -> str | None:
    """An inline SVG bar chart of reductions per year (None if matplotlib is missing).

    *series*: dicts with ``label``, ``values`` (None = no bar), ``colour`` and optional
    ``counts`` (text written above each bar, e.g. how many projects a monitored bar holds).
    """
    try:
        import matplotlib  # noqa: F401 - optional: no chart without it
    except ImportError:
        return None
    import numpy as np

    from ghgkit.i18n import translator
    from ghgkit.reports.charts import _svg
    from ghgkit.reports.style import CHART_WIDTH_IN, PALETTE, chart_context, thousands

    tr = tr or translator("en")
    with chart_context() as plt:
        fig, ax = plt.subplots(figsize=(CHART_WIDTH_IN, 3.0))
        x = np.arange(len(years))
        width = 0.8 / max(1, len(series))
        for k, s in enumerate(series):
            vals = np.array([np.nan if v is None else v for v in s["values"]], dtype=float)
            pos = x + (k - (len(series) - 1) / 2) * width
            ax.bar(pos, vals, width, label=s["label"], color=s["colour"])
            for xi, v, c in zip(pos, vals, s.get("counts") or [None] * len(vals)):
                if c and np.isfinite(v):
                    ax.text(xi, v, c, ha="center", va="bottom" if v >= 0 else "top", fontsize=7,
                            color=PALETTE["muted"])
        ax.axhline(0, color=PALETTE["ink"], linewidth=0.6)
        ax.set_xticks(x, [str(y) for y in years])
        ax.set_xlabel(tr.gettext("Year"))
        ax.set_ylabel(tr.gettext("Emission reduction") + " (t CO2e)")
        ax.yaxis.set_major_formatter(thousands(tr))
        ax.grid(axis="y", color=PALETTE["grid"])
        ax.set_axisbelow(True)
        ax.legend(loc="lower left", bbox_to_anchor=(0, 1.0), frameon=False, ncol=1, borderaxespad=0.3)
        fig.tight_layout()
        label = tr.gettext("Bar chart of emission reductions per year, t CO2e") + ": " + "; ".join(
            s["label"] for s in series)
        svg = _svg(fig, "p1", label)
        plt.close(fig)
    return svg


def chart_series(result: Result, tr=None) -> tuple[list, list[dict]]:
    """Years and bar series of a result's chart, each labelled with what it holds.

    A portfolio compares ex-ante reductions of every project with monitored reductions of
    only those that reported: the legend says so and each monitored bar carries
    "monitored of all" project counts.
    """
    from ghgkit.i18n import translator
    from ghgkit.reports.style import PALETTE

    tr = tr or translator("en")
    _ = tr.gettext
    if isinstance(result, PortfolioResult):
        rows = result.by_year
        ys = [r["year"] for r in rows]
        series = [{"label": _("ER ex-ante (estimate): all projects in their crediting period"),
                   "values": [r["reduction_t"] for r in rows], "colour": PALETTE["ex_ante"]}]
        if any(r["monitored_projects"] for r in rows):
            series.append({
                "label": _("ER monitored: only the projects that reported that year (monitored / all above the bar)"),
                "values": [r["monitored_reduction_t"] if r["monitored_projects"] else None for r in rows],
                "colour": PALETTE["monitored"],
                "counts": [f"{r['monitored_projects']}/{r['projects']}" if r["monitored_projects"] else None
                           for r in rows]})
    elif result.kind == "monitor":
        ys = [r["year"] for r in result.years]
        series = [{"label": _("ER ex-ante (estimate)"), "values": [r["ex_ante"]["reduction_t"] for r in result.years],
                   "colour": PALETTE["ex_ante"]},
                  {"label": _("ER ex-post (monitored)"), "values": [r["reduction_t"] for r in result.years],
                   "colour": PALETTE["monitored"]}]
    else:
        ys = [r["year"] for r in result.years]
        series = [{"label": _("ER ex-ante (estimate)"), "values": [r["reduction_t"] for r in result.years],
                   "colour": PALETTE["ex_ante"]}]
    return ys, series


def render_html(result: Result, charts: bool = True, lang: str | None = None) -> str:
    """The self-contained HTML report of *result* (jinja2, autoescaped), in *lang*."""
    from markupsafe import Markup

    from ghgkit import __version__
    from ghgkit.reports.style import report_env

    env = report_env(lang)
    tr = env.globals["tr"]
    env.filters["g"] = lambda x: "" if x is None else (
        ", ".join(f"{k}: {tr.localize(f'{v:g}')}" for k, v in x.items()) if isinstance(x, dict) else
        (", ".join(tr.localize(f"{v:g}") for v in x) if isinstance(x, list) else
         (tr.localize(f"{x:g}") if isinstance(x, (int, float)) else str(x))))
    chart = None
    if charts:
        ys, series = chart_series(result, tr)
        svg = _svg_chart(ys, series, tr)
        chart = Markup(svg) if svg else None
    d = result.to_dict()
    if isinstance(result, PortfolioResult):
        header = tr.gettext("Portfolio of co-operation projects")
    else:
        header = f"{d['title']} · {d['host_city']}"
    return env.get_template("project_report.html.j2").render(
        r=result, d=d, kind=result.kind, chart=chart, version=__version__, running_header=header)


def write_html(result: Result, path: str | Path, charts: bool = True, lang: str | None = None) -> Path:
    """Write the HTML report of *result* to *path*, atomically, in *lang* (default the current language)."""
    path = Path(path)
    text = render_html(result, charts=charts, lang=lang)
    with atomic_path(path, suffix=".html") as tmp:
        tmp.write_text(text, encoding="utf-8")
    return path
