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

import math
import os
import re
from pathlib import Path

import numpy as np
import pandas as pd


from ghgkit import __version__
from ghgkit.i18n import translator
from ghgkit.io.output import ExcelText, atomic_path, looks_like_formula
from ghgkit.reports.format import DERIVED_KEY, DERIVED_KEY_NOTE, _nan, _num, _readable, _text, fmt_value
from ghgkit.reports.model import ReportData, build_report, co2e_formula
from ghgkit.schema import NOTATION_KEYS


#: above this many result rows the workbook is written with xlsxwriter ``constant_memory`` (each
#: row flushed to disk once the next begins; strings inline). Every sheet is written in row order,
#: so both modes give the same cells; small reports keep the shared-string layout.
CONSTANT_MEMORY_ROWS = 10_000


# -- Excel ------------------------------------------------------------------------------------
class _Sheet:
    """A worksheet with inert strings, formats chosen per value and widths tracked."""

    def __init__(self, wb, ws, fmts):
        self.wb, self.ws, self.f, self.xt = wb, ws, fmts, fmts["xt"]
        self.tr = fmts["tr"]
        #: formats of fixed labels (translated); other text is data and stays as given
        self._labels = tuple(fmts[k] for k in ("label", "h2", "note", "total_label"))
        self.widths: dict[int, float] = {}

    def _w(self, col, text, cap=60):
        longest = max((len(x) for x in str(text).split("\n")), default=0)
        self.widths[col] = max(self.widths.get(col, 0), min(longest + 2, cap))

    def _w_max(self, col, width):
        """Widen *col* to *width* (already capped) if it is wider than what it has."""
        self.widths[col] = max(self.widths.get(col, 0), width)

    def text(self, row, col, value, fmt=None, width=True):
        if _nan(value) or value == "":
            self.ws.write_blank(row, col, None, fmt)
            return
        s = str(value)
        if fmt is not None and any(fmt is f for f in self._labels):
            s = self.tr.gettext(s)
        self.xt.write(self.ws, row, col, s, fmt or self.f["text"])
        if width:
            self._w(col, s)

    def number(self, row, col, value, fmt=None, blank_fmt=None):
        f = _num(value)
        if f is None:
            self.ws.write_blank(row, col, None, blank_fmt or fmt)
            return
        self.ws.write_number(row, col, f, fmt or self.f["text"])
        self._w(col, f"{f:,.2f}", cap=18)

    def gas(self, row, col, value, co2e, fmt=None):
        """A gas mass; 'NE' (not estimated) where it is missing on a line that has a CO2e."""
        if _num(value) is None and _num(co2e) is not None:
            self.ws.write_string(row, col, "NE", self.f["key"])
            return
        self.number(row, col, value, fmt)

    def header(self, row, labels, fmt=None):
        self.ws.set_row(row, 27)
        for c, label in enumerate(labels):
            label = self.tr.gettext(label)
            self.ws.write_string(row, c, label, fmt or self.f["head"])
            self._w(c, label, cap=22)

    def size(self, minimum=6, fixed: dict | None = None):
        fixed = fixed or {}
        for c, w in self.widths.items():
            self.ws.set_column(c, c, fixed.get(c, max(w, minimum)))


def _formats(wb) -> dict:
    base = {"font_name": "Calibri", "font_size": 10, "valign": "top"}

    def f(**kw):
        return wb.add_format({**base, **kw})

    t_fmt = "#,##0.00"
    return {
        "title": f(bold=True, font_size=15, font_color="#1F3B57"),
        "subtitle": f(italic=True, font_color="#555555"),
        "h2": f(bold=True, font_size=12, font_color="#1F3B57"),
        "head": f(bold=True, bg_color="#1F3B57", font_color="#FFFFFF", text_wrap=True, border=1,
                  border_color="#BFBFBF"),
        "label": f(bold=True),
        "left": f(align="left"),
        "center": f(align="center"),
        "t_bold_left": f(num_format=t_fmt, bold=True, align="left"),
        "t_left": f(num_format=t_fmt, align="left"),
        "int_left": f(num_format="#,##0", align="left"),
        "value_left": f(num_format="General", align="left"),
        "per_capita_left": f(num_format="#,##0.00", align="left"),
        "total_gas": f(bold=True, top=1, num_format="#,##0.0000"),
        "text": f(),
        "wrap": f(text_wrap=True),
        "t": f(num_format=t_fmt),
        "t_bold": f(num_format=t_fmt, bold=True),
        "gas": f(num_format="#,##0.0000"),
        "gas_bold": f(num_format="#,##0.0000", bold=True),
        "int": f(num_format="#,##0"),
        "amount": f(num_format="#,##0.####"),
        "amount_int": f(num_format="#,##0"),
        "value": f(num_format="General"),
        "pct": f(num_format="0.0%"),
        "per_capita": f(num_format="#,##0.00"),
        "key": f(align="center", font_color="#7F6000", bg_color="#FFF2CC"),
        "key_derived": f(align="center", italic=True, font_color="#808080", bg_color="#F2F2F2"),
        "na": f(bg_color="#E7E6E6"),
        "group": f(bold=True, bg_color="#DDEBF7"),
        "total_label": f(bold=True, top=1),
        "total": f(bold=True, top=1, num_format=t_fmt),
        "note": f(italic=True, font_color="#555555"),
        "warn": f(font_color="#9C0006"),
    }


def _wrapped_lines(text: str, width: int) -> int:
    """Lines a wrapped cell of *width* characters needs (for an explicit row height)."""
    if not text:
        return 1
    return sum(max(1, math.ceil(len(part) / width)) for part in str(text).split("\n"))


def _amount_fmt(fm, v):
    f = _num(v)
    return fm["amount_int"] if f is not None and float(f).is_integer() else fm["amount"]


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
    import xlsxwriter

    data = build_report(inv, max_rows=0)      # the Calculation sheet is written from data.trail
    path = Path(path)
    with atomic_path(path, suffix=".xlsx") as tmp:
        wb = xlsxwriter.Workbook(str(tmp), {"strings_to_formulas": False, "strings_to_urls": False,
                                            "strings_to_numbers": False, "nan_inf_to_errors": True,
                                            "constant_memory": len(data.trail.rows) > CONSTANT_MEMORY_ROWS})
        wb.set_properties({"title": f"GHG inventory {data.meta['city']} {data.meta['year']}",
                           "subject": "City greenhouse gas inventory (GPC)",
                           "comments": f"Written by ghgkit {__version__}"})
        fm = _formats(wb)
        fm["xt"] = ExcelText(wb)
        fm["tr"] = translator(lang)
        _excel_summary(wb, fm, data)
        _excel_gpc(wb, fm, data)
        _excel_calculation(wb, fm, data)
        _excel_factors(wb, fm, data)
        if data.landfill:
            _excel_landfill(wb, fm, data)
        if inv.uncertainty_result:
            from ghgkit.reports.uncertainty import write_sheet

            write_sheet(wb, inv, inv.uncertainty_result)
        wb.close()
        _readable(tmp)
    return path


def _title(sh: _Sheet, data: ReportData, what: str):
    m = data.meta
    _ = sh.tr.gettext
    city = m["city"] or _("City")
    year = _("inventory year")
    sh.xt.write(sh.ws, 0, 0, f"{city} — {_(what)}, {year} {m['year']}", sh.f["title"])
    sh.ws.write_string(1, 0, f"t = tonnes of each gas; CO2e in tonnes of CO2-equivalent with the {m['gwp']} "
                             f"GWP set (100-year); {m['edition_text']}", sh.f["subtitle"])


def _print_setup(ws, landscape=True, repeat=None, pages_wide=1):
    ws.set_paper(9)                    # A4
    if landscape:
        ws.set_landscape()
    ws.fit_to_pages(pages_wide, 0)
    ws.set_margins(left=0.5, right=0.5, top=0.6, bottom=0.6)
    if repeat is not None:
        ws.repeat_rows(repeat)
    ws.set_footer("&L&8ghgkit report&R&8page &P of &N")


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


#: rows written per chunk of the Calculation sheet (its per-row lists live only for one chunk)
CHUNK = 20_000


def _text_column(values) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
    """Cell text of a column, per distinct value: (codes, text per code with None for blank,
    formula-like per code, width: longest line + 2, capped at 60; 0 when all blank)."""
    codes, uniq = pd.factorize(pd.Series(values, dtype=object), use_na_sentinel=True)
    text = [_text(u) for u in uniq]
    text = np.array([t if t != "" else None for t in text] + [None], dtype=object)
    quoted = np.array([t is not None and looks_like_formula(t) for t in text], dtype=bool)
    lengths = [max(len(x) for x in t.split("\n")) for t in text if t is not None]
    width = min(max(lengths) + 2, 60) if lengths else 0
    return codes, text, quoted, width


def _number_column(values) -> tuple[np.ndarray, int]:
    """Finite floats (NaN where a cell is blank) and the width of the longest '#,##0.00' text + 2, capped at 18."""
    x = pd.to_numeric(pd.Series(values), errors="coerce").to_numpy(dtype=float)
    x = np.where(np.isfinite(x), x, np.nan)
    ok = x[~np.isnan(x)]
    if not len(ok):
        return x, 0
    # the text of f"{f:,.2f}" grows with |f|, plus one for a minus sign: the longest is the largest
    # positive or the most negative value
    cands = [float(ok.max()), float(ok.min())]
    width = max(len(f"{f:,.2f}") for f in cands)
    return x, min(width + 2, 18)


def _wrapped_codes(codes: np.ndarray, text: np.ndarray, width: int) -> np.ndarray:
    """:func:`_wrapped_lines` per row, computed per distinct value."""
    lines = np.array([_wrapped_lines(t or "", width) for t in text], dtype=np.int64)
    return lines[codes]


def _locations(rows: pd.DataFrame) -> np.ndarray:
    """'Energy!D7' for workbook rows, 'demo.csv line 12' for CSV rows (as ``reports.model._location``)."""
    n = len(rows)
    out = np.empty(n, dtype=object)
    sheet = rows["sheet"].to_numpy(dtype=object)
    s_codes, s_uniq = pd.factorize(pd.Series(sheet, dtype=object), use_na_sentinel=True)
    has_sheet = np.append(np.array([bool(_text(u)) for u in s_uniq], dtype=bool), False)[s_codes]
    if has_sheet.any():
        cells = rows["cell"].to_numpy(dtype=object)[has_sheet]
        sh = sheet[has_sheet]
        out[has_sheet] = [f"{a}!{_text(c)}" if _text(c) else str(a) for a, c in zip(sh, cells)]
    rest = ~has_sheet
    if rest.any():
        f_codes, f_uniq = pd.factorize(pd.Series(rows["file"].to_numpy(dtype=object)[rest], dtype=object),
                                       use_na_sentinel=True)
        names = [os.path.basename(str(u)) if not _nan(u) and u else "" for u in f_uniq] + [""]
        line = pd.to_numeric(pd.Series(rows["line"].to_numpy(dtype=object)[rest]), errors="coerce").to_numpy()
        out[rest] = [(f"{names[f]} line {int(ln)}".strip() if ln == ln else names[f])
                     for f, ln in zip(f_codes, line)]
    return out


def _excel_calculation(wb, fm, data: ReportData):
    """One row per result row, written in row order (the workbook may be ``constant_memory``).

    Text and widths are worked out per column and per distinct value (factors per
    (group, activity, year) combination, see :class:`ghgkit.reports.model.CalcTrail`);
    the loop only hands each cell to xlsxwriter.
    """
    ws = wb.add_worksheet("Calculation")
    sh = _Sheet(wb, ws, fm)
    _title(sh, data, "calculation of every row")
    ws.write_string(2, 0, co2e_formula(data.gwp_values, data.meta["gwp"]), fm["subtitle"])
    head = ["Activity #", "Input location", "Sector", "Sub-sector", "Activity", "Method", "GPC ref", "Scope",
            "Level", "Amount", "Unit", "Energy (TJ)", "Factors applied (gas value unit)", "Factor ids",
            "Factor sources", "Conversion", "CO2 (t)", "CH4 (t)", "N2O (t)", "Biogenic CO2 (t, memo)",
            "CO2e (t)", "Notation key", "Data quality", "Uncertainty (±%)", "Source", "Notes", "Calculation notes"]
    hr = 4
    sh.header(hr, head)
    ws.freeze_panes(hr + 1, 2)
    trail = data.trail
    rows = trail.rows
    n = len(rows)
    quoted_fmt = fm["xt"].quoted_format
    # per combination: the three factor texts and the lines they need
    shorts = ["\n".join(f.short() or f.id for f in fs) for fs in trail.uses]
    ids = ["\n".join(f.id for f in fs) for fs in trail.uses]
    cites = ["\n".join(f.cite() for f in fs) for fs in trail.uses]
    combo_lines = np.array([max(1, len(fs), _wrapped_lines(c, 32), _wrapped_lines("\n".join(f.short() for f in fs), 24))
                            for fs, c in zip(trail.uses, cites)], dtype=np.int64)
    combo = trail.combo
    # text columns: (col, codes, text, quoted, format, blank format)
    text_specs = {}
    for col, name, fmt, blank in ((2, "sector", None, None), (3, "subsector", None, None),
                                  (4, "activity", None, None), (5, "method", None, None),
                                  (6, "gpc_ref", None, None), (8, "level", None, None), (10, "unit", None, None),
                                  (15, "conversion", fm["wrap"], fm["wrap"]),
                                  (21, "notation_key", fm["key"], None), (22, "data_quality", None, None),
                                  (24, "source", fm["wrap"], fm["wrap"]), (25, "notes", fm["wrap"], fm["wrap"]),
                                  (26, "calc_notes", fm["wrap"], fm["wrap"])):
        codes, text, quoted, width = _text_column(rows[name].to_numpy(dtype=object))
        text_specs[col] = (codes, text, quoted, fmt, blank)
        if width:
            sh._w_max(col, width)
    for col, texts in ((12, shorts), (13, ids), (14, cites)):
        codes, text, quoted, width = _text_column(np.array(texts + [""], dtype=object)[combo] if n else [])
        text_specs[col] = (codes, text, quoted, fm["wrap"], fm["wrap"])
        if width:
            sh._w_max(col, width)
    where = _locations(rows) if n else np.empty(0, dtype=object)
    codes, text, quoted, width = _text_column(where)
    text_specs[1] = (codes, text, quoted, None, None)
    if width:
        sh._w_max(1, width)
    num_specs, not_estimated = {}, {}
    for col, name, fmt in ((7, "scope", fm["text"]), (9, "amount", None), (11, "energy_tj", fm["gas"]),
                           (16, "co2_t", fm["t"]), (17, "ch4_t", fm["gas"]), (18, "n2o_t", fm["gas"]),
                           (19, "co2_biogenic_t", fm["t"]), (20, "co2e_t", fm["t_bold"]),
                           (23, "uncertainty_pct", fm["value"])):
        x, width = _number_column(rows[name].to_numpy() if name in rows.columns else np.full(n, np.nan))
        num_specs[col] = (x, fmt)
        if name in ("co2_t", "ch4_t", "n2o_t") and n:
            # a gas not estimated on a line that has a CO2e: 'NE', never a blank read as 0
            co2e = rows["co2e_t"].to_numpy(dtype=float)
            not_estimated[col] = np.isnan(x) & np.isfinite(co2e)
        if width:
            sh._w_max(col, width)
    amount = num_specs[9][0]
    amount_int = np.isfinite(amount) & (amount == np.floor(amount))
    # lines a row needs: factors per combination, conversion, source and notes per distinct value
    height = combo_lines[combo] if n else np.zeros(0, dtype=np.int64)
    for col, w in ((15, 46), (24, 26), (25, 26)):
        codes, text = text_specs[col][0], text_specs[col][1]
        height = np.maximum(height, _wrapped_codes(codes, text, w))
    number = (rows["row"].to_numpy(dtype=np.int64) + 1) if n else np.zeros(0, dtype=np.int64)

    write_string, write_number, write_blank, set_row = ws.write_string, ws.write_number, ws.write_blank, ws.set_row
    f_text, f_key = fm["text"], fm["key"]
    for lo in range(0, n, CHUNK):
        hi = min(n, lo + CHUNK)
        cols = []   # (col, is_number, values, formats, blank format), in column order
        for col in range(1, len(head)):
            if col in num_specs:
                x, fmt = num_specs[col]
                part = x[lo:hi]
                vals = [None if v != v else v for v in part.tolist()]
                if col in not_estimated and not_estimated[col][lo:hi].any():
                    vals = ["NE" if ne else v for v, ne in zip(vals, not_estimated[col][lo:hi].tolist())]
                if col == 9:
                    fmts = np.where(amount_int[lo:hi], fm["amount_int"], fm["amount"]).tolist()
                    blank = fm["amount"]
                else:
                    fmts = [fmt] * (hi - lo)
                    blank = fmt
                cols.append((col, True, vals, fmts, blank))
            else:
                codes, text, quoted, fmt, blank = text_specs[col]
                c = codes[lo:hi]
                vals = text[c].tolist()
                q = quoted[c]
                fmts = np.where(q, quoted_fmt, fmt or f_text).tolist() if q.any() else [fmt or f_text] * (hi - lo)
                cols.append((col, False, vals, fmts, blank))
        nums = number[lo:hi].tolist()
        heights = height[lo:hi].tolist()
        r = hr + 1 + lo
        for i in range(hi - lo):
            write_number(r, 0, nums[i], f_text)
            for col, is_num, vals, fmts, blank in cols:
                v = vals[i]
                if v is None:
                    if blank is not None:
                        write_blank(r, col, None, blank)
                elif is_num:
                    if v.__class__ is str:                       # 'NE'
                        write_string(r, col, v, f_key)
                    else:
                        write_number(r, col, v, fmts[i])
                else:
                    write_string(r, col, v, fmts[i])
            if heights[i] > 1:
                set_row(r, 13 * heights[i])
            r += 1
    ws.autofilter(hr, 0, max(hr + n, hr), len(head) - 1)
    sh.size()
    for col, w in ((0, 8), (12, 26), (13, 22), (14, 34), (15, 48), (24, 28), (25, 28), (26, 28)):
        ws.set_column(col, col, w)
    _print_setup(ws, repeat=hr, pages_wide=3)


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
