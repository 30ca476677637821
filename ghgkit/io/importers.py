"""Importers: Excel template, CSV and settings → the activity table, through the rules.

Every importer returns the same activity table (``ghgkit.schema.ACTIVITY_COLUMNS``
plus ``file``, ``sheet``, ``cell``, ``line``): one row per activity, each row
remembering where it came from so that errors and reports can point at the cell.
The file is read by :mod:`ghgkit.validation.readers` (the streaming reader ``validate``
uses, with its hostile-file guards) and checked by every rule of :mod:`ghgkit.rules`;
when a rule finds an error, :func:`load` raises one
:class:`~ghgkit.rules.findings.FindingsError` carrying all the findings.
The input file is only read, never written.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ghgkit.errors import InputError, Location
from ghgkit.io.settings import Settings, read_settings_file
from ghgkit.rules.findings import ERROR, Finding, Findings, FindingsError, Stop
from ghgkit.rules.places import col_letter, suggest
from ghgkit.rules.submission import check_submission

EXCEL_SUFFIXES = {".xlsx", ".xlsm"}
MAX_WORKBOOK_ROWS = 200_000     #: data rows calc reads from a workbook (a CSV has no limit)

__all__ = ["load", "load_checked", "col_letter", "suggest", "place_of", "EXCEL_SUFFIXES"]


def load(path: str | Path, settings_file: str | Path | None = None,
         overrides: dict | None = None) -> tuple[pd.DataFrame, Settings]:
    """Read an activity workbook or CSV and its settings; every rule runs first.

    Parameters
    ----------
    path : path
        ``.xlsx``/``.xlsm`` template or ``.csv`` activity table.
    settings_file : path, optional
        TOML, YAML, JSON or key,value CSV; overrides the workbook's Settings sheet.
    overrides : dict, optional
        ``--set`` pairs; win over everything else.

    Returns
    -------
    (pandas.DataFrame, Settings)

    Raises
    ------
    FindingsError
        When a rule found an error; ``.findings`` holds every finding (errors and warnings).
    """
    activity, settings, _ = load_checked(path, settings_file, overrides)
    return activity, settings


def load_checked(path: str | Path, settings_file: str | Path | None = None,
                 overrides: dict | None = None) -> tuple[pd.DataFrame, Settings, list[Finding]]:
    """:func:`load`, also returning the findings that are not errors (warnings, notes)."""
    path = Path(path)
    if not path.exists():
        raise InputError("file not found", location=str(path))
    if path.is_dir():
        raise InputError("is a folder, not a workbook or CSV", location=str(path),
                         hint="give one file; `ghgkit validate` checks folders")
    suffix = path.suffix.lower()
    if suffix in (".xls", ".ods"):
        raise InputError(f"{suffix} workbooks are not read by ghgkit calc", location=str(path),
                         hint="open it and save it as .xlsx (Excel 2007+), or export the sheets as CSV")
    if suffix not in EXCEL_SUFFIXES and suffix not in (".csv", ".txt"):
        raise InputError(f"unknown file type '{suffix}'", location=str(path),
                         hint="give the .xlsx template (`ghgkit template -o city.xlsx`) or a .csv")
    extra = []
    if settings_file:
        extra.append((read_settings_file(settings_file), str(settings_file)))
    if overrides:
        extra.append((overrides, "--set"))
    findings = Findings(path)
    from ghgkit.validation.readers import read

    try:
        sub = read(path, findings, max_rows=None if suffix in (".csv", ".txt") else MAX_WORKBOOK_ROWS,
                   sibling_settings=False)
    except Stop:
        raise FindingsError(list(findings), str(path)) from None
    checked = check_submission(sub, findings, extra, require_settings=True)
    if any(f.severity == ERROR for f in findings) or checked.activity is None or checked.settings is None:
        raise FindingsError(list(findings), str(path))
    settings = checked.settings
    if checked.factor_rows:
        settings.factor_rows = [dict(r) for r in checked.factor_rows]
    return checked.activity, settings, [f for f in findings if f.severity != ERROR]


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
