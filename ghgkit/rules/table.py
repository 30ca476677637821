"""The raw table: activity cells as read, with their places, before any rule.

A reader (``ghgkit.validation.readers``) gives sheets of cells ``(value, kind, formula)``
(kind ``n`` number, ``p`` a number shown as a percentage, ``s`` text, ``b`` boolean, ``e`` Excel
error, ``x`` formula without a cached value) or, for a CSV, a frame of text. :func:`raw_table` turns the activity sheets
into one frame: the template columns (values as read), ``_sheet``, ``_row`` (Excel row or
CSV line), ``_hidden`` and ``_bad`` (columns whose cell was an error or an uncomputed
formula), and reports the cell-level findings (CELL-002, CELL-003, CELL-007, STRUCT-007,
STRUCT-008) on the way (a hidden column with data is STRUCT-007 too).
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from ghgkit.rules.findings import HINTS, Findings
from ghgkit.rules.places import col_letter
from ghgkit.schema import ACTIVITY_COLUMNS

META = ["_sheet", "_row", "_hidden", "_bad"]


def sheet_frame(sheet, findings: Findings, metadata: bool) -> pd.DataFrame:
    """One activity sheet as a raw frame (see the module doc); *sheet.header* maps column -> index."""
    cols = {c: sheet.header[c] for c in ACTIVITY_COLUMNS if c in sheet.header}
    name = None if sheet.csv else sheet.name
    if sheet.frame is not None:                       # CSV: text already in columns
        f = sheet.frame
        out = pd.DataFrame({c: f.iloc[:, j] for c, j in cols.items()}, index=f.index)   # text (str dtype)
        out["_sheet"] = None
        out["_row"] = f["_line"]                      # shares the reader's line numbers (no copy)
        out["_hidden"] = False
        out["_bad"] = ""
        blank = np.ones(len(out), dtype=bool)
        for c in cols:                  # blank in every column (after the first, only where still blank)
            maybe = np.flatnonzero(blank)
            if not len(maybe):
                break
            part = out[c] if len(maybe) == len(out) else out[c].take(maybe)
            blank[maybe] = (part.isna() | part.str.strip().eq("")).to_numpy(dtype=bool)
        return out if not blank.any() else out[~blank].reset_index(drop=True)
    cols, data, rows, hidden, bad = _sheet_cells(sheet, findings, metadata)
    return _frame(cols, data, [(name, len(rows))], rows, hidden, bad)


def _sheet_cells(sheet, findings: Findings, metadata: bool):
    """A workbook sheet's activity cells: ``(columns, column -> values, rows, hidden, bad columns)``,
    with the cell-level findings (see the module doc)."""
    cols = {c: sheet.header[c] for c in ACTIVITY_COLUMNS if c in sheet.header}
    name = sheet.name
    if metadata and sheet.merged:
        for ref in sheet.merged:
            m = re.match(r"([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?", ref)
            if m and int(m.group(4) or m.group(2)) >= 2:
                findings.add("STRUCT-008", f"merged cells {ref} in the data area: only the first cell keeps a "
                                           "value", sheet=name, cell=ref.split(":")[0], hint=HINTS["merged"])
    data = {c: [] for c in cols}
    rows, hidden, bad = [], [], []
    for row_no, is_hidden, cells in sheet.rows:
        if row_no <= 1:
            continue
        vals, badcols, keep = [], [], False
        for c, j in cols.items():
            cell = cells.get(j)
            if cell is None:
                vals.append(None)
                continue
            v, kind, formula = cell
            if kind == "p":                 # shown as a percentage: 10% is 10 in uncertainty_pct; elsewhere
                if c == "uncertainty_pct":  # the text (8% is no amount)
                    v, kind = v * 100, "n"
                else:
                    v, kind = f"{v * 100:.15g}%", "s"
            if kind in ("e", "x"):
                where = {"sheet": name, "cell": f"{col_letter(j)}{row_no}"}
                if kind == "e":
                    findings.add("CELL-002", f"{c}: Excel error value {v}", **where, hint=HINTS["excel_error"])
                else:
                    findings.add("CELL-003", f"{c}: a formula (={(formula or '')[:60]}) without a saved value",
                                 **where, hint=HINTS["no_cached_value"])
                vals.append(None)
                badcols.append(c)
                keep = True
                continue
            if formula and "[" in formula:
                findings.add("CELL-007", f"{c}: the formula refers to another workbook (={formula[:60]})",
                             sheet=name, cell=f"{col_letter(j)}{row_no}", hint=HINTS["external_link"])
            if v not in (None, "") and not (isinstance(v, str) and not v.strip()):
                keep = True
            vals.append(v)
        if not keep:
            continue                              # other columns only (e.g. comments beside the table)
        for c, v in zip(cols, vals):
            data[c].append(v)
        rows.append(row_no)
        hidden.append(is_hidden)
        bad.append(",".join(badcols))
        if is_hidden and metadata:
            findings.add("STRUCT-007", "a hidden row holds activity data (it is counted in the inventory)",
                         sheet=name, cell=f"A{row_no}", hint=HINTS["hidden_row"])
    if metadata and getattr(sheet, "hidden_cols", None) and rows:
        for c, j in cols.items():
            if any(a <= j <= b for a, b in sheet.hidden_cols) and \
                    any(v not in (None, "") for v in data[c]):
                findings.add("STRUCT-007", f"column {col_letter(j)} ({c}) is hidden but holds activity data "
                                           "(it is read)", sheet=name, cell=f"{col_letter(j)}1",
                             hint=HINTS["hidden_column"])
    return list(cols), data, rows, hidden, bad


def _frame(cols, data, sheets, rows, hidden, bad) -> pd.DataFrame:
    """The raw frame of activity cells read from workbook sheets (*sheets*: ``(name, rows)`` in order)."""
    out = pd.DataFrame({c: pd.Series(data[c], dtype=object) for c in cols})
    names = [name for name, n in sheets for _ in range(n)]
    # as a sheet's name set on its own frame, then frames concatenated (str where pandas infers it)
    out["_sheet"] = pd.Series(names) if len(sheets) > 1 and names else sheets[0][0]
    out["_row"] = np.array(rows, dtype=np.int64)
    out["_hidden"] = np.array(hidden, dtype=bool)
    out["_bad"] = pd.Series(bad, dtype=object)
    return out


def raw_table(sheets, findings: Findings, metadata: bool) -> tuple[pd.DataFrame, dict]:
    """All activity sheets as one raw frame, and the column positions per sheet (for places)."""
    colpos = {None if s.csv else s.name: {c: j for c, j in s.header.items() if c in ACTIVITY_COLUMNS}
              for s in sheets}
    same = len({tuple(c for c in ACTIVITY_COLUMNS if c in s.header) for s in sheets}) == 1
    if sheets and same and not any(s.csv for s in sheets):
        # the template's sheets (the same columns): one frame of all their rows, not a frame per sheet
        # concatenated (the same frame: pandas' fixed cost per frame was most of a small workbook's)
        cols, data, names, rows, hidden, bad = None, None, [], [], [], []
        for s in sheets:
            cols, d, r, h, b = _sheet_cells(s, findings, metadata)
            if data is None:
                data = d
            else:
                for c in cols:
                    data[c].extend(d[c])
            names.append((s.name, len(r)))
            rows.extend(r)
            hidden.extend(h)
            bad.extend(b)
        raw = _frame(cols, data, names, rows, hidden, bad)
    else:
        parts = [sheet_frame(s, findings, metadata) for s in sheets]
        raw = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=META)
    for c in ACTIVITY_COLUMNS:
        if c not in raw.columns:            # empty everywhere: a categorical without categories (1 byte a row)
            raw[c] = pd.Series(pd.Categorical.from_codes(np.full(len(raw), -1, dtype=np.int8),
                                                         pd.Index([], dtype=object)), index=raw.index)
    raw["_bad"] = raw["_bad"].fillna("").astype(object)
    return raw, colpos


def places(raw: pd.DataFrame, colpos: dict, column: str, rows) -> list[dict]:
    """``{sheet, cell}`` or ``{line}`` for *rows* (a boolean mask or positions), at *column* (the
    amount column when the sheet has no such column)."""
    rows = np.asarray(rows)
    pos = np.flatnonzero(rows) if rows.dtype == bool else rows
    out = []
    for sheet, row in zip(raw["_sheet"].to_numpy()[pos].tolist(), raw["_row"].to_numpy()[pos].tolist()):
        if sheet is None or sheet != sheet:
            out.append({"line": int(row)})
        else:
            cp = colpos.get(sheet, {})
            out.append({"sheet": sheet, "cell": f"{col_letter(cp.get(column, cp.get('amount', 0)))}{int(row)}"})
    return out
