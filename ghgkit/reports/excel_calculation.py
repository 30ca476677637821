"""The Excel report's Calculation sheet: one row per result row, written by columns in row
order so that a workbook of a million rows can be written with xlsxwriter ``constant_memory``."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from ghgkit.io.output import looks_like_formula
from ghgkit.reports.excel_sheet import _print_setup, _Sheet, _title, _wrapped_lines
from ghgkit.rules.places import col_letter
from ghgkit.reports.format import _nan, _text, english_marks
from ghgkit.reports.model import ReportData, co2e_formula

#: the result-row columns the Calculation sheet shows
CALC_COLUMNS = ["row", "sector", "subsector", "activity", "method", "gpc_ref", "scope", "level", "amount", "unit",
                "conversion", "notation_key", "data_quality", "uncertainty_pct", "source", "notes", "calc_notes"]
#: the number columns that CalcTrail.values gives a chunk at a time, when the rows lack them
GATHERED_COLUMNS = ("energy_tj", "co2_t", "ch4_t", "n2o_t", "co2_biogenic_t", "co2e_t")
#: where a row was read (the 'Input location' column)
PLACE_COLUMNS = ("file", "sheet", "cell", "line")
#: rows written per chunk of the Calculation sheet (its per-row lists live only for one chunk)
CHUNK = 20_000
#: a constant_memory workbook (a large report) gets its Calculation rows as sheet XML
#: (:class:`CalculationRows`); False: cell by cell through xlsxwriter, as small reports
SHEET_XML = True
#: rows turned into XML at a time (their cell strings take a few kB a row until written)
XML_CHUNK = 4_000


def _text_column(values) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
    """Cell text of a column, per distinct value: (codes, text per code with None for blank,
    formula-like per code, width: longest line + 2, capped at 60; 0 when all blank). A
    categorical column keeps its own codes (a byte or two a row)."""
    if isinstance(getattr(values, "dtype", None), pd.CategoricalDtype):
        cat = values.array if isinstance(values, pd.Series) else values
        return _coded_text(np.asarray(cat.codes), cat.categories)
    codes, uniq = pd.factorize(pd.Series(values, dtype=object), use_na_sentinel=True)
    return _coded_text(codes, uniq)


def _coded_text(codes: np.ndarray, values) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
    """:func:`_text_column` of the rows ``values[codes]`` (code -1: blank); the width counts only
    the values some row uses."""
    text = [_text(u) for u in values]
    text = np.array([t if t != "" else None for t in text] + [None], dtype=object)
    quoted = np.array([t is not None and looks_like_formula(t) for t in text], dtype=bool)
    used = np.zeros(len(text), dtype=bool)
    used[np.unique(codes)] = True                 # -1 marks the blank at the end
    lengths = [max(len(x) for x in t.split("\n")) for t in text[used] if t is not None]
    width = min(max(lengths) + 2, 60) if lengths else 0
    return codes, text, quoted, width


class _Gathered:
    """A number column of the result rows computed a chunk at a time (``CalcTrail.values``): a report
    of a million rows keeps none of its gas columns whole. ``g[lo:hi]`` gives those rows' floats
    (infinities as NaN, as :func:`_number_column`)."""

    def __init__(self, fetch, name: str, n: int):
        self.fetch, self.name, self.n = fetch, name, n

    def __len__(self) -> int:
        return self.n

    def __getitem__(self, part: slice) -> np.ndarray:
        lo, hi = part.start or 0, min(self.n if part.stop is None else part.stop, self.n)
        x = np.asarray(self.fetch(self.name, lo, hi), dtype=float)
        return np.where(np.isfinite(x), x, np.nan) if np.isinf(x).any() else x

    def chunks(self):
        for lo in range(0, self.n, CHUNK):
            yield lo, self[lo:lo + CHUNK]


def _number_column(values) -> tuple[np.ndarray, int]:
    """Finite floats (NaN where a cell is blank) and the width of the longest '#,##0.00' text + 2, capped at 18."""
    if isinstance(values, _Gathered):
        lo_hi = [(float(np.nanmin(x)), float(np.nanmax(x))) for _, x in values.chunks() if not np.isnan(x).all()]
        if not lo_hi:
            return values, 0
        cands = [max(h for _, h in lo_hi), min(m for m, _ in lo_hi)]
        return values, min(max(len(f"{f:,.2f}") for f in cands) + 2, 18)
    if isinstance(values, np.ndarray) and values.dtype == np.float64:
        x = values                                # the rows' own floats: no copy unless one is infinite
    else:
        x = pd.to_numeric(pd.Series(values), errors="coerce").to_numpy(dtype=float)
    if np.isinf(x).any():
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
    lines = np.array([_wrapped_lines(t or "", width) for t in text], dtype=np.int32)
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
        line = pd.to_numeric(pd.Series(rows["line"].to_numpy(dtype=object)[rest]),
                             errors="coerce").to_numpy(dtype=float, na_value=np.nan)
        out[rest] = [(f"{names[f]} line {int(ln)}".strip() if ln == ln else names[f])
                     for f, ln in zip(f_codes, line)]
    return out


class _Places:
    """The 'Input location' column (:func:`_locations`), worked out a chunk of rows at a time: a CSV
    of a million rows has a million places, none of which is kept longer than its chunk."""

    def __init__(self, rows: pd.DataFrame, activity: pd.DataFrame | None = None):
        """*rows*: the result rows, with the place columns or, given *activity* (its place
        columns), with ``row``, the activity row of each."""
        self.n = len(rows)
        if activity is None:
            self.source, self.pos = rows[list(PLACE_COLUMNS)], None
        else:
            self.source, self.pos = activity, rows["row"].to_numpy()
        self._width: int | None = None

    def _rows(self, lo: int, hi: int) -> pd.DataFrame:
        return self.source.iloc[lo:hi] if self.pos is None else self.source.take(self.pos[lo:hi])

    def part(self, lo: int, hi: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        codes, text, quoted, _ = _text_column(_locations(self._rows(lo, hi)))
        return codes, text, quoted

    def width(self) -> int:
        """:func:`_text_column`'s width over every row."""
        if self._width is None:
            self._width = max((_text_column(_locations(self._rows(lo, lo + CHUNK)))[3]
                               for lo in range(0, self.n, CHUNK)), default=0)
        return self._width


def _excel_calculation(wb, fm, data: ReportData):
    """One row per result row, written in row order (the workbook may be ``constant_memory``).

    Text and widths are worked out per column and per distinct value (factors per
    (group, activity, year) combination, see :class:`ghgkit.reports.model.CalcTrail`);
    the loop only hands each cell to xlsxwriter.
    """
    ws = wb.add_worksheet("Calculation")
    sh = _Sheet(wb, ws, fm)
    _title(sh, data, "calculation of every row")
    tr = fm["tr"]
    ws.write_string(2, 0, co2e_formula(data.gwp_values, data.meta["gwp"], tr.value), fm["subtitle"])
    marks = english_marks(tr, tr.gettext("Conversion"))     # the conversions are English text
    if marks:
        ws.write_string(3, 0, marks, fm["subtitle"])
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
    shorts = ["\n".join(f.short(tr.value) or f.id for f in fs) for fs in trail.uses]
    ids = ["\n".join(f.id for f in fs) for fs in trail.uses]
    cites = ["\n".join(f.cite() for f in fs) for fs in trail.uses]
    combo_lines = np.array([max(1, len(fs), _wrapped_lines(c, 32), _wrapped_lines("\n".join(f.short() for f in fs), 24))
                            for fs, c in zip(trail.uses, cites)], dtype=np.int32)
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
        codes, text, quoted, width = _text_column(rows[name])
        text_specs[col] = (codes, text, quoted, fmt, blank)
        if width:
            sh._w_max(col, width)
    for col, texts in ((12, shorts), (13, ids), (14, cites)):      # per row group: its code is the group
        codes, text, quoted, width = _coded_text(combo[:n], texts)
        text_specs[col] = (codes, text, quoted, fm["wrap"], fm["wrap"])
        if width:
            sh._w_max(col, width)
    places = _Places(rows, trail.places)
    text_specs[1] = (None, None, None, None, None)            # worked out per chunk: see _Places
    if n and places.width():
        sh._w_max(1, places.width())
    num_specs, not_estimated = {}, {}
    for col, name, fmt in ((7, "scope", fm["text"]), (9, "amount", None), (11, "energy_tj", fm["gas"]),
                           (16, "co2_t", fm["t"]), (17, "ch4_t", fm["gas"]), (18, "n2o_t", fm["gas"]),
                           (19, "co2_biogenic_t", fm["t"]), (20, "co2e_t", fm["t_bold"]),
                           (23, "uncertainty_pct", fm["value"])):
        x, width = _number_column(rows[name].to_numpy() if name in rows.columns
                                  else _Gathered(trail.values, name, n) if trail.values is not None and n
                                  else np.full(n, np.nan))
        num_specs[col] = (x, fmt)
        if width:
            sh._w_max(col, width)
    # a gas not estimated on a line that has a CO2e: 'NE', never a blank read as 0 (a chunk at a time:
    # a gathered column is computed when sliced, CO2e once per chunk for the three gases)
    co2e, parts = num_specs[20][0], {16: [], 17: [], 18: []}
    for lo in range(0, n, CHUNK):
        has_co2e = np.isfinite(co2e[lo:lo + CHUNK])
        for col, part in parts.items():
            part.append(np.isnan(num_specs[col][0][lo:lo + CHUNK]) & has_co2e)
    if n:
        not_estimated = {col: np.concatenate(part) for col, part in parts.items()}
    amount = num_specs[9][0]
    amount_int = np.isfinite(amount) & (amount == np.floor(amount))
    amount_general = _bare_point(amount, amount_int)
    # lines a row needs: factors per combination, conversion, source and notes per distinct value
    height = combo_lines[combo] if n else np.zeros(0, dtype=np.int32)
    for col, w in ((15, 46), (24, 26), (25, 26)):
        codes, text = text_specs[col][0], text_specs[col][1]
        height = np.maximum(height, _wrapped_codes(codes, text, w))
    row = rows["row"].to_numpy(dtype=np.int64) if n else np.zeros(0, dtype=np.int64)

    cells = _Cells(hr, n, len(head), row, height, num_specs, not_estimated, amount_int, text_specs, fm,
                   quoted_fmt, places, amount_general)
    splice = None
    if SHEET_XML and getattr(wb, "constant_memory", False) and n:
        splice = CalculationRows(ws, cells)
    else:
        _write_rows(ws, cells)
    ws.autofilter(hr, 0, max(hr + n, hr), len(head) - 1)
    sh.size()
    for col, w in ((0, 8), (12, 26), (13, 22), (14, 34), (15, 48), (24, 28), (25, 28), (26, 28)):
        ws.set_column(col, col, w)
    _print_setup(ws, repeat=hr, pages_wide=3)
    return splice


def _bare_point(amount: np.ndarray, whole: np.ndarray) -> np.ndarray:
    """Amounts (not *whole*) that the amount format ('#,##0.####') shows with a bare point: '0.' for
    1e-09, '12.' for 12.00001, '1,234,567,890,123.' for 1234567890123.0004 (Excel keeps 15 significant
    digits and rounds the 4th decimal half away from zero: 16.99995 is '17.'). They take General.
    Below 1e10 the float rounded to 4 decimals decides (15 digits keep 5 decimals there), but for a
    4th decimal's half; that and a large amount near a whole number are looked at one by one."""
    from decimal import ROUND_HALF_UP, Decimal

    out = np.zeros(len(amount), dtype=bool)
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
        frac = ~whole & np.isfinite(amount)
        small = frac & (np.abs(amount) < 1e10)
        r4 = np.round(amount, 4)
        out[small] = (r4 == np.floor(r4))[small]
        half = np.abs(np.abs(amount) * 1e4 % 1 - 0.5) < 1e-6                # 16.99995: a 4th decimal's half
        digits = np.floor(np.log10(np.abs(amount))) + 1                    # of the whole part
        step = 0.5 * 10.0 ** np.minimum(digits - 15, 300) * (1 + 1e-9)      # the 15th digit's half
        near = frac & ~small & (np.abs(amount - np.round(amount)) <= step)
    unit = Decimal("0.0001")
    for i in np.flatnonzero((small & half) | near):
        shown = Decimal(f"{amount[i]:.15g}").quantize(unit, ROUND_HALF_UP)   # what Excel shows
        out[i] = shown == shown.to_integral_value()
    return out


@dataclass
class _Cells:
    """What the Calculation rows are made of, per column (worked out once), and the format of
    each cell: shared by the cell-by-cell writer and the sheet-XML writer."""

    hr: int                      #: the header row; result rows follow it
    n: int
    ncols: int
    row: np.ndarray              #: the activity row of each row ('Activity #' is one more)
    height: np.ndarray           #: lines each row needs
    num_specs: dict              #: col -> (floats with NaN for blank, format)
    not_estimated: dict          #: col -> rows whose gas is 'NE'
    amount_int: np.ndarray       #: amounts shown without decimals
    text_specs: dict             #: col -> (codes, text per code, formula-like per code, format, blank format)
    fm: dict
    quoted_fmt: object
    places: "_Places"            #: the 'Input location' column (text_specs[1] holds its formats only)
    amount_general: np.ndarray | None = None   #: amounts the amount format shows with a bare point: General

    def text_part(self, col: int, lo: int, hi: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(codes, text per code, formula-like per code) of rows *lo*..*hi* of a text column."""
        if col == 1:
            return self.places.part(lo, hi)
        codes, text, quoted = self.text_specs[col][:3]
        return codes[lo:hi], text, quoted

    def numbers(self, lo: int, hi: int) -> list[int]:
        """'Activity #' of rows *lo*..*hi*."""
        return (self.row[lo:hi] + 1).tolist()

    def number_column(self, col: int, lo: int, hi: int) -> tuple[list, list, object]:
        """Rows *lo*..*hi* of a number column: values (None blank, 'NE', or a float), their formats,
        and the format of a blank cell (None: no cell)."""
        x, fmt = self.num_specs[col]
        vals = [None if v != v else v for v in x[lo:hi].tolist()]
        if col in self.not_estimated and self.not_estimated[col][lo:hi].any():
            vals = ["NE" if ne else v for v, ne in zip(vals, self.not_estimated[col][lo:hi].tolist())]
        if col == 9:
            fmts = np.where(self.amount_int[lo:hi], self.fm["amount_int"], self.fm["amount"])
            if self.amount_general is not None and self.amount_general[lo:hi].any():
                fmts = np.where(self.amount_general[lo:hi], self.fm["value"], fmts)
            fmts = fmts.tolist()
            return vals, fmts, self.fm["amount"]
        return vals, [fmt] * (hi - lo), fmt

    def text_format(self, col: int, quoted: bool):
        """The format of a text cell of *col* (formula-like text keeps its quote prefix format)."""
        return self.quoted_fmt if quoted else (self.text_specs[col][3] or self.fm["text"])

    def columns(self, lo: int, hi: int) -> list:
        """The cells of rows *lo*..*hi*, by column: (col, is_number, values, formats, blank format)."""
        cols = []
        for col in range(1, self.ncols):
            if col in self.num_specs:
                cols.append((col, True, *self.number_column(col, lo, hi)))
                continue
            c, text, quoted = self.text_part(col, lo, hi)
            blank = self.text_specs[col][4]
            fmts = [self.text_format(col, q) for q in quoted[c].tolist()]
            cols.append((col, False, text[c].tolist(), fmts, blank))
        return cols


def _write_rows(ws, cells: _Cells):
    """Every result row, cell by cell through xlsxwriter (reports up to CONSTANT_MEMORY_ROWS rows)."""
    write_string, write_number, write_blank, set_row = ws.write_string, ws.write_number, ws.write_blank, ws.set_row
    f_text, f_key = cells.fm["text"], cells.fm["key"]
    for lo in range(0, cells.n, CHUNK):
        hi = min(cells.n, lo + CHUNK)
        cols = cells.columns(lo, hi)
        nums = cells.numbers(lo, hi)
        heights = cells.height[lo:hi].tolist()
        r = cells.hr + 1 + lo
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


# -- large reports: the rows as sheet XML ---------------------------------------------------------
# xlsxwriter spends ~10 µs on every cell; a report of a million rows has 27 million. Above
# CONSTANT_MEMORY_ROWS the Calculation sheet is written by xlsxwriter with its header, settings
# and one probe row (a blank cell in each format the rows use, to learn their style numbers);
# after the workbook is closed, the probe row is replaced by the rows, written here in the XML
# that xlsxwriter writes in constant_memory mode (inline strings, numbers as '%.16G').
_CTRL_ESCAPE = re.compile("(_x[0-9a-fA-F]{4}_)")
_CTRL = re.compile(r"([\x00-\x08\x0b-\x1f])")
_LEADING, _TRAILING = re.compile(r"^\s"), re.compile(r"\s$")
_SPECIAL = re.compile("[&<>_\x00-\x08\x0b-\x1f\ufffe\uffff]|^\\s|\\s$")


def _inline_tail(text: str, xf: str) -> str:
    """A text cell after its ``<c r="B7"``: escaped as xlsxwriter escapes inline strings (control
    characters as _xHHHH_, & < > as entities, whitespace kept at the ends). Text is always text:
    unlike xlsxwriter, a value shaped like '<r>…</r>' is escaped too, never written as raw XML."""
    if not _SPECIAL.search(text):              # most cells: nothing to escape
        return f' s="{xf}" t="inlineStr"><is><t>{text}</t></is></c>'
    s = _CTRL_ESCAPE.sub(r"_x005F\1", text)
    s = _CTRL.sub(lambda m: f"_x{ord(m.group(1)):04X}_", s)
    s = s.replace("\ufffe", "_xFFFE_").replace("\uffff", "_xFFFF_")
    keep = ' xml:space="preserve"' if (_LEADING.search(s) or _TRAILING.search(s)) else ""
    s = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return f' s="{xf}" t="inlineStr"><is><t{keep}>{s}</t></is></c>'


class CalculationRows:
    """The rows of a large Calculation sheet, spliced into the closed workbook by :meth:`apply`."""

    def __init__(self, ws, cells: _Cells):
        self.sheet = f"xl/worksheets/sheet{ws.index + 1}.xml"
        self.cells = cells
        self._tail: dict = {}
        fm = cells.fm
        formats = [fm["text"], fm["key"], cells.quoted_fmt, fm["amount_int"], fm["amount"], fm["value"]]
        formats += [f for _, f in cells.num_specs.values()]
        formats += [f for spec in cells.text_specs.values() for f in spec[3:5]]
        self.formats = list({id(f): f for f in formats if f is not None}.values())
        if len(self.formats) > cells.ncols:
            raise ValueError("more formats than columns to probe them")
        for k, f in enumerate(self.formats):          # the probe row, replaced in apply()
            ws.write_blank(cells.hr + 1, k, None, f)

    def apply(self, path) -> None:
        """Replace the probe row of the closed workbook at *path* by the rows."""
        import shutil

        path = Path(path)
        tmp = path.with_name(path.name + ".rows")
        try:
            self._apply(path, tmp)
        except BaseException:
            tmp.unlink(missing_ok=True)                 # a full disk: no half-written file left beside
            raise
        shutil.move(tmp, path)

    def _apply(self, path: Path, tmp: Path) -> None:
        import zipfile

        c = self.cells
        # deflate level 1 for the rows: about half the time of the default level, the file ~30 % larger
        with zipfile.ZipFile(path) as zin, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zout:
            for info in zin.infolist():
                if info.filename != self.sheet:
                    zout.writestr(info, zin.read(info.filename))
                    continue
                xml = zin.read(info.filename).decode("utf-8")
                i = xml.index(f'<row r="{c.hr + 2}"')
                j = xml.index("</row>", i) + len("</row>")
                xf = dict(re.findall(r'<c r="([A-Z]+)\d+" s="(\d+)"/>', xml[i:j]))
                styles = {id(f): xf[col_letter(k)] for k, f in enumerate(self.formats)}
                last = f"{col_letter(c.ncols - 1)}{c.hr + 1 + c.n}"
                head = re.sub(r'<dimension ref="[^"]*"/>', f'<dimension ref="A1:{last}"/>', xml[:i], count=1)
                with zout.open(info.filename, "w", force_zip64=True) as fh:
                    fh.write(head.encode("utf-8"))
                    for lo in range(0, c.n, XML_CHUNK):
                        fh.write(self._rows(lo, min(c.n, lo + XML_CHUNK), styles).encode("utf-8"))
                    fh.write(xml[j:].encode("utf-8"))

    def _rows(self, lo: int, hi: int, styles: dict) -> str:
        c = self.cells
        r0 = c.hr + 2 + lo
        rs = [str(r) for r in range(r0, r0 + hi - lo)]
        x_text = styles[id(c.fm["text"])]
        cols = [[f'<c r="A{r}" s="{x_text}"><v>{v:.16G}</v></c>' for r, v in zip(rs, c.numbers(lo, hi))]]
        for col in range(1, c.ncols):
            letter = col_letter(col)
            if col in c.num_specs:
                cols.append(self._number_cells(col, letter, lo, hi, rs, styles))
                continue
            codes, text, quoted = c.text_part(col, lo, hi)
            tails = self._tails(col, codes, text, quoted, styles)
            cols.append([f'<c r="{letter}{r}"{t}' if t else "" for r, t in zip(rs, tails[codes].tolist())])
        heights = c.height[lo:hi].tolist()
        out = []
        for k, row in enumerate(zip(*cols)):
            h = heights[k]
            tag = (f'<row r="{rs[k]}" ht="{int(13 * h * 4.0 / 3.0 + 0.5) * 0.75:.16g}" customHeight="1">' if h > 1
                   else f'<row r="{rs[k]}">')
            out.append(tag + "".join(row) + "</row>")
        return "".join(out)

    def _tails(self, col, codes, text, quoted, styles) -> np.ndarray:
        """The cell text after ``<c r="B7"`` per code of a text column, worked out once per code and
        only for the codes rows use (the places' codes are the chunk's own: not kept)."""
        blank = self.cells.text_specs[col][4]
        if col == 1:
            self._tail.pop(col, None)
        if col not in self._tail:
            self._tail[col] = (np.full(len(text), None, dtype=object), np.zeros(len(text), dtype=bool))
        tails, done = self._tail[col]
        need = np.unique(codes)
        need = need[~done[need]]
        for k in need.tolist():
            t = text[k]
            if t is None:
                tails[k] = f' s="{styles[id(blank)]}"/>' if blank is not None else ""
            else:
                tails[k] = _inline_tail(t, styles[id(self.cells.text_format(col, bool(quoted[k])))])
        done[need] = True
        return tails

    def _number_cells(self, col, letter, lo, hi, rs, styles) -> list[str]:
        vals, fmts, blank = self.cells.number_column(col, lo, hi)
        blank = f'<c r="{letter}{{}}" s="{styles[id(blank)]}"/>' if blank is not None else ""
        ne_tail = _inline_tail("NE", styles[id(self.cells.fm["key"])])
        out = []
        for r, v, f in zip(rs, vals, fmts):
            if v is None:
                out.append(blank.format(r) if blank else "")
            elif v.__class__ is str:                     # 'NE'
                out.append(f'<c r="{letter}{r}"{ne_tail}')
            else:
                out.append(f'<c r="{letter}{r}" s="{styles[id(f)]}"><v>{v:.16G}</v></c>')
        return out
