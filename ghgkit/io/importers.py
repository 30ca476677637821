"""Importers: Excel template, CSV and settings → the activity table.

Every importer returns the same activity table (``ghgkit.schema.ACTIVITY_COLUMNS``
plus ``file``, ``sheet``, ``cell``, ``line``): one row per activity, each row
remembering where it came from so that errors and reports can point at the cell.
The input file is only read, never written.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path

import numpy as np
import pandas as pd

from ghgkit.errors import InputError, Location
from ghgkit.schema import ACTIVITY_COLUMNS, LOCATION_COLUMNS, number_cell_hint
from ghgkit.io.settings import Settings, build_settings, read_settings_file

NUMERIC = ("amount", "year", "scope", "uncertainty_pct")
NON_DATA_SHEETS = {"instructions", "settings", "lists", "factors"}
EXCEL_SUFFIXES = {".xlsx", ".xlsm"}


def col_letter(i: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


def load(path: str | Path, settings_file: str | Path | None = None,
         overrides: dict | None = None) -> tuple[pd.DataFrame, Settings]:
    """Read an activity workbook or CSV and its settings.

    Parameters
    ----------
    path : path
        ``.xlsx``/``.xlsm`` template or ``.csv`` activity table.
    settings_file : path, optional
        TOML, YAML, JSON or key,value CSV; overrides the workbook's Settings sheet.
    overrides : dict, optional
        ``--set key=value`` pairs; win over everything else.

    Returns
    -------
    (pandas.DataFrame, Settings)
    """
    path = Path(path)
    if not path.exists():
        raise InputError("file not found", location=str(path))
    if path.is_dir():
        raise InputError("is a folder, not a workbook or CSV", location=str(path),
                         hint="give one file; `ghgkit validate` checks folders")
    suffix = path.suffix.lower()
    sources: list = []
    if suffix in EXCEL_SUFFIXES:
        activity, wb_settings, wb_loc, factor_rows = read_workbook(path)
        sources.append((wb_settings, wb_loc))
    elif suffix in (".csv", ".txt"):
        activity = read_csv_activity(path)
        factor_rows = []
    elif suffix in (".xls", ".ods"):
        raise InputError(f"{suffix} workbooks are not read by ghgkit calc", location=str(path),
                         hint="open it and save it as .xlsx (Excel 2007+), or export the sheets as CSV")
    else:
        raise InputError(f"unknown file type '{suffix}'", location=str(path),
                         hint="give the .xlsx template (`ghgkit template -o city.xlsx`) or a .csv")
    if settings_file:
        sources.append((read_settings_file(settings_file), str(settings_file)))
    if overrides:
        sources.append((overrides, "--set"))
    settings = build_settings(*sources)
    if factor_rows:
        settings.factor_rows = factor_rows
    return activity, settings


# -- CSV ------------------------------------------------------------------------
def read_csv_activity(path: str | Path) -> pd.DataFrame:
    """Read an activity CSV: UTF-8 (BOM or not), ``,`` or ``;`` delimited, decimal commas."""
    path = Path(path)
    raw = path.read_bytes()
    if not raw.strip():
        raise InputError("the CSV file is empty", location=str(path),
                         hint="the first line must name the columns: " + ",".join(ACTIVITY_COLUMNS[:5]))
    if raw[:4] == b"PK\x03\x04":
        raise InputError("this is a zip/Excel file with a .csv name", location=str(path),
                         hint="rename it to .xlsx, or export the sheet as CSV")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError("the CSV is not UTF-8 text", location=str(path),
                         hint="save it as 'CSV UTF-8' in Excel or LibreOffice") from None
    first = text.split("\n", 1)[0]
    sep = ";" if first.count(";") > first.count(",") else ","
    import io

    df = pd.read_csv(io.StringIO(text), sep=sep, dtype=str, keep_default_na=False,
                     skip_blank_lines=False)
    df.columns = [str(c).strip().lower() for c in df.columns]
    _check_columns(df.columns, Location(file=str(path), line=1))
    df["file"] = str(path)
    df["sheet"] = None
    df["cell"] = None
    df["line"] = np.arange(2, len(df) + 2)
    colpos = {c: i for i, c in enumerate(df.columns)}
    out = _normalise(df, colpos, decimal_comma=(sep == ";"))
    out.attrs["colpos"] = {None: colpos}
    return out


# -- Excel ----------------------------------------------------------------------
def read_workbook(path: str | Path):
    """Read the template: data sheets, the Settings sheet and an optional Factors sheet.

    Returns (activity, settings dict, settings locations, factor rows).
    """
    path = Path(path)
    with open(path, "rb") as fh:
        magic = fh.read(8)
    if magic[:4] != b"PK\x03\x04":
        if magic.startswith(b"\xd0\xcf\x11\xe0"):
            raise InputError("this is an old .xls (or encrypted) workbook with an .xlsx name",
                             location=str(path), hint="open it and save it as .xlsx (Excel 2007+)")
        raise InputError("this is not an Excel workbook", location=str(path),
                         hint="give the .xlsx template (`ghgkit template -o city.xlsx`) or a .csv")
    try:
        sheets = pd.read_excel(path, sheet_name=None, header=None, dtype=object, engine="calamine")
    except Exception as e:  # noqa: BLE001 - calamine raises many types for broken files
        raise InputError(f"cannot read the workbook ({type(e).__name__}: {e})", location=str(path),
                         hint="open and re-save it in Excel or LibreOffice as .xlsx") from None
    if not sheets or all(s.dropna(how="all").empty for s in sheets.values()):
        raise InputError("the workbook is empty", location=str(path),
                         hint="start from `ghgkit template -o city.xlsx`")
    names = {n.strip().lower(): n for n in sheets}
    if "settings" not in names:
        raise InputError("the workbook has no Settings sheet", location=str(path),
                         hint="add a sheet named Settings with key / value columns (see `ghgkit template`)")
    settings, locs = _read_settings_sheet(sheets[names["settings"]], str(path), names["settings"])
    frames = []
    for name, sheet in sheets.items():
        if name.strip().lower() in NON_DATA_SHEETS or sheet.empty:
            continue
        header = [str(v).strip().lower() if isinstance(v, str) else "" for v in sheet.iloc[0].tolist()]
        if not {"sector", "activity", "amount"} <= set(header):
            continue
        body = sheet.iloc[1:].copy()
        body.columns = [h or f"_col{i}" for i, h in enumerate(header)]
        body = body.loc[:, [c for c in body.columns if not c.startswith("_col")]]
        colpos = {h: i for i, h in enumerate(header) if h}
        body["file"] = str(path)
        body["sheet"] = name
        body["excel_row"] = np.arange(2, len(body) + 2)
        body["line"] = None
        body["cell"] = None
        frames.append((body, colpos))
    if not frames:
        raise InputError("no activity sheet found (a sheet whose first row names sector, activity, amount)",
                         location=str(path), hint="start from `ghgkit template -o city.xlsx`")
    parts, colpos_by_sheet = [], {}
    for body, colpos in frames:
        for c in ACTIVITY_COLUMNS:
            if c not in body.columns:
                body[c] = None
        parts.append(_normalise(body, colpos, decimal_comma=False))
        colpos_by_sheet[body["sheet"].iloc[0] if len(body) else None] = colpos
    activity = pd.concat(parts, ignore_index=True)
    activity.attrs["colpos"] = colpos_by_sheet
    factor_rows = _read_factor_sheet(sheets, names, str(path))
    return activity, settings, locs, factor_rows


def _read_settings_sheet(sheet: pd.DataFrame, file: str, name: str):
    settings, locs = {}, {}
    for i, row in enumerate(sheet.itertuples(index=False), start=1):
        if len(row) < 2:
            continue
        key, value = row[0], row[1]
        if not isinstance(key, str) or not key.strip() or key.strip().lower() in ("key", "setting"):
            continue
        if value is None or (isinstance(value, float) and np.isnan(value)):
            continue
        k = key.strip().lower().replace(" ", "_")
        settings[k] = value
        locs[k] = Location(file=file, sheet=name, cell=f"B{i}")
    return settings, locs


def _read_factor_sheet(sheets, names, file) -> list[dict]:
    if "factors" not in names:
        return []
    sheet = sheets[names["factors"]].dropna(how="all")
    if sheet.empty:
        return []
    header = [str(v).strip() for v in sheet.iloc[0].tolist()]
    rows = []
    for _, r in sheet.iloc[1:].iterrows():
        d = {h: (None if (v is None or (isinstance(v, float) and np.isnan(v))) else v)
             for h, v in zip(header, r.tolist()) if h and h != "nan"}
        if any(v is not None for v in d.values()):
            rows.append({k: (str(v) if v is not None else "") for k, v in d.items()})
    return rows


# -- shared ---------------------------------------------------------------------
def _check_columns(columns, loc: Location):
    missing = [c for c in ("sector", "activity", "amount", "unit") if c not in columns]
    if missing:
        raise InputError(f"missing column(s) {', '.join(missing)}", location=loc,
                         hint="the header must name: " + ",".join(ACTIVITY_COLUMNS))


def _blank(s: pd.Series) -> pd.Series:
    """True where a cell is empty (None, NaN or only spaces); computed on distinct values."""
    if pd.api.types.is_numeric_dtype(s):
        return s.isna()
    if len(s) > 10_000 and s.nunique(dropna=True) > len(s) // 10:
        # many distinct values (an amount column read as text): vectorised string test
        t = s.astype(object).where(s.notna(), "").astype(str).str.strip()
        return pd.Series(t.isin(["", "nan", "None", "NaN"]).to_numpy(), index=s.index)
    codes, uniq = pd.factorize(s, use_na_sentinel=True)
    blank_u = np.array([not str(u).strip() or str(u) in ("nan", "None", "NaN") for u in uniq], dtype=bool)
    blank_u = np.append(blank_u, True)          # code -1 (NA) is blank
    return pd.Series(blank_u[codes], index=s.index)


def _clean_text(s: pd.Series, lower: bool = False, upper: bool = False) -> pd.Series:
    """Strip (and fold) text cells, once per distinct value; blanks become None."""
    codes, uniq = pd.factorize(s, use_na_sentinel=True)

    def clean(v):
        t = str(v).strip()
        if not t or t in ("nan", "None", "NaN"):
            return None
        if lower:
            t = re.sub(r"[\s\-]+", "_", t.lower())
        if upper:
            t = t.upper()
        return t

    cleaned = pd.Series([clean(u) for u in uniq], dtype=object)
    cat_codes, cats = pd.factorize(cleaned, use_na_sentinel=True)
    new_codes = np.append(cat_codes, -1)[codes]
    return pd.Series(pd.Categorical.from_codes(new_codes, categories=pd.Index(cats, dtype=object)),
                     index=s.index)


def _place(df: pd.DataFrame, idx, column: str, colpos: dict) -> Location:
    r = df.loc[idx]
    if r.get("sheet") is not None and not pd.isna(r.get("sheet")):
        col = col_letter(colpos.get(column, 0))
        return Location(file=r["file"], sheet=r["sheet"], cell=f"{col}{int(r['excel_row'])}")
    return Location(file=r["file"], line=int(r["line"]))


def _numbers(s: pd.Series, decimal_comma: bool) -> tuple[pd.Series, pd.Series]:
    """Parse a text column to floats (vectorised); returns (values, bad mask).

    One rule per column, so that no value is read 1000× off:
    - ``decimal_comma`` files (``;``-delimited): when any value of the column has a
      comma, the comma is the decimal mark and ``.`` groups thousands (``1.234,5``);
      otherwise ``.`` is the decimal mark;
    - other files: ``.`` is the decimal mark; a comma groups thousands only in the
      form ``1,234,567`` (not ``0,250``, which is a decimal comma).
    """
    if pd.api.types.is_numeric_dtype(s):
        return s.astype(float), pd.Series(False, index=s.index)
    text = s.astype(object)
    if decimal_comma and text.str.contains(",", regex=False, na=False).any():
        todo = ~_blank(s)
        num = pd.Series(np.nan, index=s.index)
        t = text[todo].astype(str).str.strip().str.replace("\u00a0", "").str.replace(" ", "")
        t = t.str.replace(".", "", regex=False).str.replace(",", ".", regex=False)
        num[todo] = pd.to_numeric(t, errors="coerce")
        return num.astype(float), num.isna() & todo
    num = pd.to_numeric(s, errors="coerce")
    missing = num.isna()
    todo = pd.Series(False, index=s.index)
    if missing.any():
        todo[missing] = ~_blank(s[missing])
    if todo.any():
        t = text[todo].astype(str).str.strip().str.replace("\u00a0", "").str.replace(" ", "")
        thousands = t.str.match(r"^-?[1-9]\d{0,2}(,\d{3})+(\.\d+)?$")
        t = t.where(~thousands, t.str.replace(",", "", regex=False))
        t = t.where(thousands | ~t.str.contains(",", regex=False), t.str.replace(",", ".", regex=False))
        num.loc[todo] = pd.to_numeric(t, errors="coerce")
    bad = num.isna() & todo
    return num.astype(float), bad


def _normalise(df: pd.DataFrame, colpos: dict, decimal_comma: bool) -> pd.DataFrame:
    """Clean an imported frame: skip empty rows, parse numbers, lower-case vocabularies."""
    data_cols = [c for c in ACTIVITY_COLUMNS if c in df.columns and df[c].notna().any()]
    for c in ACTIVITY_COLUMNS:
        if c not in df.columns:
            df[c] = None
    if "excel_row" not in df.columns:
        df["excel_row"] = None
    for c in NUMERIC:
        vals, bad = _numbers(df[c], decimal_comma)
        if bad.any():
            idx = bad[bad].index[0]
            raise InputError(f"{c} '{df.loc[idx, c]}' is not a number", location=_place(df, idx, c, colpos),
                             hint=number_cell_hint(df.loc[idx, c], "column unit",
                                                   "notation_key" if c == "amount" else None))
        df[c] = vals
    # a row is empty when every column the file has is blank (numbers: NaN after parsing)
    empty = np.ones(len(df), dtype=bool)
    for c in data_cols:
        empty &= (df[c].isna() if c in NUMERIC else _blank(df[c])).to_numpy()
        if not empty.any():
            break
    if empty.any():
        df = df[~empty].copy()
    for c in ("sector", "subsector", "activity", "method", "notation_key", "data_quality", "factor_id", "unit",
              "source", "notes"):
        df[c] = _clean_text(df[c], lower=c in ("sector", "subsector", "activity", "method", "data_quality"),
                            upper=c == "notation_key")
    neg = df["amount"] < 0
    if neg.any():
        idx = neg[neg].index[0]
        raise InputError(f"amount {df.loc[idx, 'amount']:g} is negative",
                         location=_place(df, idx, "amount", colpos),
                         hint="amounts are quantities used or treated; enter a positive number")
    no_unit = df["amount"].notna() & df["unit"].isna()
    if no_unit.any():
        idx = no_unit[no_unit].index[0]
        raise InputError("an amount without a unit", location=_place(df, idx, "unit", colpos),
                         hint="write the unit beside the amount: kWh, MWh, L, m3, kg, t, GJ, km …")
    nothing = df["amount"].isna() & df["notation_key"].isna()
    if nothing.any():
        idx = nothing[nothing].index[0]
        raise InputError("row has neither an amount nor a notation key",
                         location=_place(df, idx, "amount", colpos),
                         hint="enter the amount, or a notation key: NO, IE, NE or C")
    # where each row came from: the sheet!cell of its amount, or its CSV line
    if df["sheet"].notna().any():
        amount_col = col_letter(colpos.get("amount", 0))
        has_sheet = df["sheet"].notna()
        df.loc[has_sheet, "cell"] = amount_col + df.loc[has_sheet, "excel_row"].astype(int).astype(str)
    return df[ACTIVITY_COLUMNS + LOCATION_COLUMNS + ["excel_row"]].reset_index(drop=True)


def suggest(value: str, choices) -> str:
    """' did you mean 'x'?' or ''."""
    close = difflib.get_close_matches(str(value), list(choices), n=1, cutoff=0.5)
    return f"did you mean '{close[0]}'?" if close else ""


def place_of(activity: pd.DataFrame, idx, column: str) -> Location:
    """Location of one cell of an activity row (sheet!cell, or CSV line)."""
    r = activity.loc[idx]
    if r.get("sheet") is not None and not pd.isna(r.get("sheet")):
        colpos = activity.attrs.get("colpos", {}).get(r["sheet"], {})
        col = col_letter(colpos.get(column, 0)) if column in colpos else None
        if col:
            return Location(file=r["file"], sheet=r["sheet"], cell=f"{col}{int(r['excel_row'])}")
        return Location(file=r["file"], sheet=r["sheet"], cell=r.get("cell"))
    if r.get("line") is not None and not pd.isna(r.get("line")):
        return Location(file=r.get("file"), line=int(r["line"]))
    return Location(file=r.get("file"))
