"""The Excel report's shared pieces: a sheet writer that tracks column widths and writes user
text through :class:`ghgkit.io.output.ExcelText` (never a formula), the cell formats, the
sheet titles and the A4 print set-up."""

from __future__ import annotations

import math

from ghgkit.reports.format import _nan, _num
from ghgkit.reports.model import ReportData


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
