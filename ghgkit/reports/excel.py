"""Reports of an inventory: an Excel workbook and a self-contained HTML page.

Both show every number's arithmetic: the input cell, the amount, the factors applied
(value, unit, source), the conversion (density, NCV) and the result per gas and CO2e.

``write_excel(inv, path)`` writes the sheets ``Summary``, ``GPC table``,
``Calculation`` and ``Factors`` with xlsxwriter (native charts, frozen headers).
``write_html(inv, path)`` renders ``templates/report.html.j2`` with jinja2
(autoescape on) into one file with no external resource: charts are inline SVG
drawn by matplotlib, imported only here.

User text (city name, notes, sources, units, file names) is never trusted: in
Excel it goes through :class:`ghgkit.io.output.ExcelText` and ``write_string`` (never a
formula); in HTML it is escaped by the template engine. Both files are written to
a temporary file and renamed into place, so a failed write leaves an existing
report untouched.
"""


from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from ghgkit import __version__
from ghgkit.i18n import translator
from ghgkit.io.output import ExcelText, atomic_path
from ghgkit.reports.excel_calculation import CALC_COLUMNS, PLACE_COLUMNS, _excel_calculation
from ghgkit.reports.excel_sheet import _formats, _print_setup, _Sheet, _title, _wrapped_lines
from ghgkit.reports.format import (DERIVED_KEY, DERIVED_KEY_NOTE, ROUNDED_SHARES, _num, _readable, _text, fmt_value,
                                   shares_off)
from ghgkit.reports.model import ReportData, build_report
from ghgkit.schema import NOTATION_KEYS

#: above this many result rows the workbook is written with xlsxwriter ``constant_memory`` (each
#: row flushed to disk once the next begins; strings inline). Every sheet is written in row order,
#: so both modes give the same cells; small reports keep the shared-string layout.
CONSTANT_MEMORY_ROWS = 10_000
#: result rows an Excel report holds: a sheet has 1,048,576 rows, and the Calculation and
#: Uncertainty sheets have fewer than 100 rows above their result rows
MAX_RESULT_ROWS = 1_048_576 - 100


def check_rows(inv, path) -> None:
    """Refuse an inventory whose result rows do not fit in an Excel sheet (before anything is written:
    Excel cannot open a sheet beyond its last row, and xlsxwriter drops the rows past it silently)."""
    from ghgkit.errors import OutputError

    n = len(inv.row_order)
    if n > MAX_RESULT_ROWS:
        raise OutputError(f"an Excel report holds at most {MAX_RESULT_ROWS:,} result rows (an Excel sheet has "
                          f"1,048,576 rows); this inventory has {n:,}", location=str(path),
                          hint="write every row with --format csv -o rows.csv, and the report with --html; "
                               "or split the activity table (e.g. by sector) into inventories that fit")


def write_excel(inv, path, lang: str | None = None) -> Path:
    """Write the inventory report workbook.

    Sheets: ``Summary`` (settings, totals, by sector and by scope, two native
    charts), ``GPC table`` (one row per GPC reference number, and the sub-sector ×
    scope summary), ``Calculation`` (one row per result row: input cell, amount,
    factors with value, unit and source, conversion, result per gas and CO2e) and
    ``Factors`` (every factor, property, parameter and setting used, with its
    provenance).

    Parameters
    ----------
    inv : ghgkit.inventory.Inventory
    path : str or Path
        The ``.xlsx`` to write; replaced only when the whole workbook was written.
    lang : str, optional
        Language of titles, headings and labels (``ghgkit.i18n.LANGUAGES``; default the current
        one). Sheet names stay English; numbers are Excel numbers, shown per the reader's Excel.

    Returns
    -------
    Path
    """
    from ghgkit.io.output import excel_workbook

    check_rows(inv, path)
    # the Calculation sheet is written from data.trail: its row groups, and the result rows with their
    # text as categoricals and their places read from the activity table a chunk at a time
    # (Inventory.rows, when already built, as it is)
    data = build_report(inv, max_rows=0, trail_rows=False)
    if "rows" in inv.__dict__:
        data.trail = replace(data.trail, rows=inv.rows)
    else:
        order = inv.row_order
        data.trail = replace(data.trail, rows=inv._materialise(CALC_COLUMNS, categorical=True),
                             places=inv.activity[list(PLACE_COLUMNS)],
                             values=lambda c, lo, hi: inv._values(c, order[lo:hi]))
    path = Path(path)
    with atomic_path(path, suffix=".xlsx") as tmp:
        wb = excel_workbook(tmp, {"nan_inf_to_errors": True,
                                            "constant_memory": len(data.trail.rows) > CONSTANT_MEMORY_ROWS})
        wb.set_properties({"title": f"GHG inventory {data.meta['city']} {data.meta['year']}",
                           "subject": "City greenhouse gas inventory (GPC)",
                           "comments": f"Written by ghgkit {__version__}"})
        fm = _formats(wb)
        fm["xt"] = ExcelText(wb)
        fm["tr"] = translator(lang)
        _excel_summary(wb, fm, data)
        _excel_gpc(wb, fm, data)
        rows = _excel_calculation(wb, fm, data)
        _excel_factors(wb, fm, data)
        if data.landfill:
            _excel_landfill(wb, fm, data)
        if inv.uncertainty_result:
            from ghgkit.reports.uncertainty import write_sheet

            write_sheet(wb, inv, inv.uncertainty_result, fm["tr"])
        wb.close()
        if rows is not None:              # a large report: the Calculation rows as sheet XML
            rows.apply(tmp)
        _readable(tmp)
    return path


def _excel_summary(wb, fm, data: ReportData):
    ws = wb.add_worksheet("Summary")
    sh = _Sheet(wb, ws, fm)
    m, t = data.meta, data.totals
    _title(sh, data, "greenhouse gas inventory")
    ws.freeze_panes(2, 0)
    pairs = [
        ("City", m["city"], None), ("Country (ISO 3166)", m["country"], None),
        ("Inventory year", m["year"], "int_plain"), ("Population", m["population"], "int"),
        ("GWP set (100-year)", m["gwp"], None),
        ("GWP values used", f"CO2 1, CH4 {fmt_value(data.gwp_values['CH4'])}, "
                            f"N2O {fmt_value(data.gwp_values['N2O'])}", None),
        ("IPCC Guidelines edition", m["edition_text"], None),
        ("Grid emission factor (t CO2/MWh)", m["grid_ef"], "value"),
        ("T&D loss rate (fraction)", m["td_loss_rate"], "value"),
        ("Climate zone", m["climate_zone"], None),
        (None, None, None),
        ("BASIC total (t CO2e)", t["basic_co2e_t"], "t_bold"),
        ("BASIC+ total (t CO2e)", t["basic_plus_co2e_t"], "t_bold"),
        ("All reported emissions (t CO2e)", t["co2e_t"], "t"),
        ("Per capita, BASIC (t CO2e per person)", t.get("basic_per_capita_t"), "per_capita"),
        ("Biogenic CO2, memo (t, outside the totals)", t["co2_biogenic_t"], "t"),
        (None, None, None),
        ("Written by", f"ghgkit {m['version']}", None),
    ]
    r = 3
    for label, value, kind in pairs:
        if label is None:
            r += 1
            continue
        sh.text(r, 0, label, fm["label"])
        if kind is None or isinstance(value, str):
            sh.text(r, 1, _text(value) or "—", fm["left"])
        elif kind == "int_plain":
            ws.write_number(r, 1, int(value), fm["left"])
        elif _num(value) is None:
            sh.text(r, 1, "— (no population given)" if label.startswith("Per capita") else "—", fm["left"])
        else:
            sh.number(r, 1, value, fm[kind + "_left"] if kind + "_left" in fm else fm[kind])
        r += 1

    # by sector
    r += 1
    sh.text(r, 0, "Emissions by sector (all scopes)", fm["h2"], width=False)
    r += 1
    sh.header(r, ["Sector", "GPC", "CO2 (t)", "CH4 (t)", "N2O (t)", "CO2e (t)", "Share of CO2e",
                  "Biogenic CO2 (t, memo)"])
    sec_first = r + 1
    for sec in data.sectors:
        r += 1
        sh.text(r, 0, sh.tr.gettext(sec["label"]))
        sh.text(r, 1, sec["ref"])
        sh.gas(r, 2, sec["co2_t"], sec["co2e_t"], fm["t"])
        sh.gas(r, 3, sec["ch4_t"], sec["co2e_t"], fm["gas"])
        sh.gas(r, 4, sec["n2o_t"], sec["co2e_t"], fm["gas"])
        if sec["co2e_t"] is None and sec["keys"]:
            sh.text(r, 5, "/".join(sec["keys"]), fm["key"])
        else:
            sh.number(r, 5, sec["co2e_t"], fm["t"])
        sh.number(r, 6, sec["share"], fm["pct"])
        sh.number(r, 7, sec["co2_biogenic_t"], fm["t"])
    sec_last = r
    r += 1
    sh.text(r, 0, "Total", fm["total_label"])
    ws.write_blank(r, 1, None, fm["total_label"])
    for c, key, f in ((2, "co2_t", "total"), (3, "ch4_t", "total_gas"), (4, "n2o_t", "total_gas"),
                      (5, "co2e_t", "total"), (7, "co2_biogenic_t", "total")):
        sh.number(r, c, t.get(key), fm[f])
    ws.write_blank(r, 6, None, fm["total_label"])
    if shares_off(data.sectors):
        r += 1
        sh.text(r, 0, sh.tr.gettext(ROUNDED_SHARES) % {}, fm["note"], width=False)

    # by scope
    r += 2
    sh.text(r, 0, "Emissions by scope", fm["h2"], width=False)
    r += 1
    sh.header(r, ["Scope", "", "CO2e (t)", "Share of CO2e"])
    scope_first = r + 1
    for sc in data.scopes:
        r += 1
        sh.text(r, 0, sh.tr.gettext(sc["label"]))
        sh.number(r, 2, sc["co2e_t"], fm["t"])
        sh.number(r, 3, sc["share"], fm["pct"])
    scope_last = r
    if shares_off(data.scopes):
        r += 1
        sh.text(r, 0, sh.tr.gettext(ROUNDED_SHARES) % {}, fm["note"], width=False)

    # sub-sector x scope (the GPC summary layout)
    r += 2
    sh.text(r, 0, "Emissions by sub-sector and scope (t CO2e)", fm["h2"], width=False)
    r += 1
    sh.header(r, ["Sub-sector", "GPC", "Scope 1", "Scope 2", "Scope 3", "BASIC", "BASIC+"])
    for mx in data.matrix:
        r += 1
        sh.text(r, 0, _split_prefix(mx["label"]), width=False)
        sh.text(r, 1, mx["prefix"])
        for i, sc in enumerate((1, 2, 3)):
            cell, c = mx["cells"][sc], 2 + i
            if cell is None:
                ws.write_blank(r, c, None, fm["na"])
            elif cell["value"] is not None:
                sh.number(r, c, cell["value"], fm["t"])
            else:
                sh.text(r, c, "/".join(cell["keys"]),
                        fm["key_derived"] if DERIVED_KEY in cell["keys"] else fm["key"])
        sh.number(r, 5, mx["basic"] if mx["has_number"] else None, fm["t"])
        sh.number(r, 6, mx["basic_plus"] if mx["has_number"] else None, fm["t"])
    r += 1
    sh.text(r, 0, "Grey: the GPC has no reference number for that scope of the sub-sector. "
                  "Notation keys: see the GPC table sheet.", fm["note"], width=False)
    r += 2
    sh.text(r, 0, "BASIC covers scope 1 and 2 of stationary energy and transport and the waste generated in the "
                  "city; BASIC+ adds the scope 3 sources (T&D losses, transboundary travel).", fm["note"],
            width=False)
    if data.warnings:
        r += 2
        sh.text(r, 0, "Warnings", fm["h2"], width=False)
        for w in data.warnings:
            r += 1
            sh.text(r, 0, w, fm["warn"], width=False)

    ws.set_column(0, 0, 44)
    ws.set_column(1, 1, 22)
    ws.set_column(2, 7, 13)

    if data.sectors:
        ch = wb.add_chart({"type": "bar"})
        ch.add_series({"name": "CO2e (t)", "categories": ["Summary", sec_first, 0, sec_last, 0],
                       "values": ["Summary", sec_first, 5, sec_last, 5], "fill": {"color": "#2E75B6"},
                       "data_labels": {"value": True, "num_format": "#,##0"}})
        ch.set_title({"name": "Emissions by sector (t CO2e)", "name_font": {"size": 11}})
        ch.set_legend({"none": True})
        ch.set_y_axis({"reverse": True})
        ch.set_x_axis({"num_format": "#,##0", "major_gridlines": {"visible": True, "line": {"color": "#E0E0E0"}}})
        ch.set_size({"width": 560, "height": 90 + 38 * len(data.sectors)})
        ws.insert_chart(2, 9, ch)
        pie = wb.add_chart({"type": "doughnut"})
        pie.add_series({"name": "CO2e by scope", "categories": ["Summary", scope_first, 0, scope_last, 0],
                        "values": ["Summary", scope_first, 2, scope_last, 2],
                        "data_labels": {"percentage": True},
                        "points": [{"fill": {"color": "#1F3B57"}}, {"fill": {"color": "#2E75B6"}},
                                   {"fill": {"color": "#9DC3E6"}}]})
        pie.set_title({"name": "Emissions by scope (t CO2e)", "name_font": {"size": 11}})
        pie.set_legend({"position": "right"})
        pie.set_size({"width": 560, "height": 280})
        ws.insert_chart(2, 9, pie, {"y_offset": 110 + 38 * len(data.sectors)})
    _print_setup(ws)


def _excel_gpc(wb, fm, data: ReportData):
    ws = wb.add_worksheet("GPC table")
    sh = _Sheet(wb, ws, fm)
    _title(sh, data, "GPC reporting table")
    head = ["GPC ref", "Sub-sector", "Emission source", "Scope", "Level", "Notation key", "CO2 (t)", "CH4 (t)",
            "N2O (t)", "CO2e (t)", "Biogenic CO2 (t, memo)"]
    hr = 3
    sh.header(hr, head)
    ws.freeze_panes(hr + 1, 1)
    r = hr
    group_names = {"I": "I Stationary energy", "II": "II Transportation", "III": "III Waste"}
    last_group = None
    for g in data.gpc:
        if g["sector_group"] != last_group:
            last_group = g["sector_group"]
            r += 1
            for c in range(len(head)):
                ws.write_blank(r, c, None, fm["group"])
            ws.write_string(r, 0, group_names.get(last_group, last_group), fm["group"])
        r += 1
        sh.text(r, 0, g["ref"])
        sh.text(r, 1, g["subsector"], width=False)
        sh.text(r, 2, g["description"], width=False)
        ws.write_number(r, 3, g["scope"], fm["center"])
        sh.text(r, 4, g["level_text"])
        if g["key"]:
            sh.text(r, 5, g["key"], fm["key_derived"] if g["derived"] else fm["key"])
        else:
            ws.write_blank(r, 5, None)
        sh.gas(r, 6, g["co2_t"], g["co2e_t"], fm["t"])
        sh.gas(r, 7, g["ch4_t"], g["co2e_t"], fm["gas"])
        sh.gas(r, 8, g["n2o_t"], g["co2e_t"], fm["gas"])
        sh.number(r, 9, g["co2e_t"], fm["t_bold"])
        sh.number(r, 10, g["co2_biogenic_t"], fm["t"])
    ws.autofilter(hr, 0, r, len(head) - 1)
    r += 2
    t = data.totals
    for label, v in (("BASIC total (t CO2e)", t["basic_co2e_t"]), ("BASIC+ total (t CO2e)", t["basic_plus_co2e_t"]),
                     ("All reported emissions (t CO2e)", t["co2e_t"])):
        sh.text(r, 2, label, fm["total_label"], width=False)
        sh.number(r, 9, v, fm["total"])
        r += 1
    if data.has_derived_keys:
        r += 1
        sh.text(r, 0, DERIVED_KEY_NOTE, fm["note"], width=False)
    for k, v in NOTATION_KEYS.items():
        r += 1
        sh.text(r, 0, f"{k} = {v}", fm["note"], width=False)
    sh.size()
    ws.set_column(1, 1, 40)
    ws.set_column(2, 2, 76)
    ws.set_column(3, 3, 7)
    ws.set_column(4, 4, 13)
    ws.set_column(5, 5, 10)
    ws.set_column(6, 10, 13)
    _print_setup(ws, repeat=hr)


def _split_prefix(label: str) -> str:
    """'I.1 Residential buildings' -> 'Residential buildings'."""
    head, _, rest = label.partition(" ")
    return rest if re.match(r"^[IV]+(\.\d+)*$", head) else label


def _excel_factors(wb, fm, data: ReportData):
    ws = wb.add_worksheet("Factors")
    sh = _Sheet(wb, ws, fm)
    _title(sh, data, "factors used, with their sources")
    head = ["Id", "Kind", "Activity", "Gas / property", "Value", "Unit", "Low", "High", "Sector / use", "Region",
            "Valid", "Edition", "Source key", "Source", "Table / equation", "Notes", "File", "Origin",
            "Rows using it"]
    hr = 3
    sh.header(hr, head)
    ws.freeze_panes(hr + 1, 1)
    r = hr
    for f in data.factors:
        r += 1
        sh.text(r, 0, f.id)
        sh.text(r, 1, f.kind)
        sh.text(r, 2, f.activity)
        sh.text(r, 3, f.what)
        if isinstance(f.value, (int, float)) and not isinstance(f.value, bool):
            sh.number(r, 4, f.value, fm["value"])
        else:
            sh.text(r, 4, _text(f.value))
        sh.text(r, 5, f.unit)
        sh.number(r, 6, f.low, fm["value"])
        sh.number(r, 7, f.high, fm["value"])
        sh.text(r, 8, f.sector)
        sh.text(r, 9, f.region)
        sh.text(r, 10, f.valid)
        sh.text(r, 11, f.edition)
        sh.text(r, 12, f.source)
        sh.text(r, 13, f.source_text, fm["wrap"])
        sh.text(r, 14, f.source_ref)
        sh.text(r, 15, f.notes, fm["wrap"])
        sh.text(r, 16, f.file)
        sh.text(r, 17, f.origin)
        ws.write_number(r, 18, data.factor_rows.get(f.id, 0), fm["int"])
        n_lines = max(_wrapped_lines(f.source_text, 58), _wrapped_lines(f.notes, 34))
        if n_lines > 1:
            ws.set_row(r, 13 * n_lines)
    ws.autofilter(hr, 0, max(r, hr), len(head) - 1)
    sh.size()
    ws.set_column(13, 13, 60)
    ws.set_column(15, 15, 36)
    _print_setup(ws, repeat=hr, pages_wide=2)


def _excel_landfill(wb, fm, data: ReportData):
    """The landfill CH4 series by year, with a native line chart (back-cast years marked)."""
    ws = wb.add_worksheet("Landfill series")
    sh = _Sheet(wb, ws, fm)
    _title(sh, data, "landfill methane by year (first-order decay, IPCC 2006 Vol. 5 Ch. 3)")
    head = ["Year", "Waste deposited (t)", "CH4 generated (t)", "CH4 recovered (t)", "CH4 emitted (t)",
            "Back-cast"]
    hr = 3
    sh.header(hr, head)
    ws.freeze_panes(hr + 1, 1)
    for i, y in enumerate(data.landfill, start=hr + 1):
        ws.write_number(i, 0, y["year"])
        for c, k in enumerate(("deposited_t", "generated_t", "recovered_t", "emitted_t"), start=1):
            sh.number(i, c, y[k], fm["t"])
        sh.text(i, 5, "back-cast" if y["backcast"] else "")
    last = hr + len(data.landfill)
    chart = wb.add_chart({"type": "line"})
    for col, name in ((2, "CH4 generated"), (4, "CH4 emitted")):
        chart.add_series({"name": name, "categories": ["Landfill series", hr + 1, 0, last, 0],
                          "values": ["Landfill series", hr + 1, col, last, col], "marker": {"type": "circle"}})
    chart.set_title({"name": "Landfill CH4 per year (t)"})
    chart.set_y_axis({"num_format": "#,##0"})
    ws.insert_chart(hr, len(head) + 1, chart, {"x_scale": 1.3, "y_scale": 1.2})
    sh.size()
    _print_setup(ws, repeat=hr)
