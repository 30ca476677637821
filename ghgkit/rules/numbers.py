"""The one number parser of ghgkit: a column at a time, one rule per column.

``calc`` and ``validate`` both read every number cell (amount, year, scope,
uncertainty_pct) through :func:`parse_column`, so they never disagree about a number.

Rules (decided for the whole column, never per value):

- ``,``-delimited CSV and workbook text cells: ``.`` is the decimal mark. A comma groups
  thousands (``38,500``) unless the column also holds a decimal comma (``0,5``); then every
  thousands-looking value (``38,500``, and ``2.500``, which dots group there) is ambiguous and an
  error (CELL-008), not 1000x off.
- Spaces (also no-break and narrow no-break spaces) may group thousands (``12 345``,
  ``1 234,5``); any other space inside a number makes it text (``1 5`` is not 15).
- ``;``-delimited CSV (decimal comma files): when the column holds a comma or a value that can
  only be a grouping (``1.000.000``), ``.`` groups thousands and the comma is the decimal mark
  (``1.234,5``); a value with a decimal point that is not a thousands grouping (``3200.5``) is
  then ambiguous (CELL-008), never read as 32005. Otherwise ``.`` is the decimal mark. A value
  shaped like ``38.000`` or ``38,000`` gets a warning (CELL-009) saying how it was read.
- Tab-delimited text (Excel's "Text (Tab delimited)" in any country's settings) and a workbook's
  text cells follow the ``,`` rules, or the ``;`` rules when the column shows a decimal comma
  (``4,5``, ``1.234,5``) and no decimal point. In these and in a ``;`` column without a comma, a
  value shaped like ``38.000`` in a column where no number written as text shows the decimal
  point (``12.5``, ``1200.250``) is an error (CELL-008): Excel set to a decimal-comma country
  writes thirty-eight thousand as ``38.000``, which was read as 38.
- ``TRUE``/``FALSE``, ``inf``, ``nan`` and numbers beyond the float range (``1e400``) are
  errors (CELL-001), as is any other text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

OK, TEXT, NOT_FINITE, AMBIGUOUS, UNSURE = "", "number", "not_finite", "ambiguous", "unsure"
_NUMBER_TYPES = [float, int, np.float64, np.float32, np.int64, np.int32]
_FLOAT_OR_BLANK = {float, type(None)}

_T = r"[+-]?[1-9]\d{0,2}(?:,\d{3})+(?:\.\d+)?"          # 38,500  1,234,567.5
_D = r"[+-]?\d+,\d+"                               # 0,5  1234,5
_DC = r"[+-]?(?:\d{1,3}(?:\.\d{3})+|\d+),\d+"         # 1.234,5  1234,5 (decimal comma, dot thousands or none)
_GROUPED = r"[+-]?\d{1,3}(?:[\s\u00a0\u202f]\d{3})+(?:[.,]\d+)?"   # 12 345  1 234,5 (spaces group thousands)
_SPACE = r"[\s\u00a0\u202f]"
_DT = r"[+-]?[1-9]\d{0,2}(?:\.\d{3})+"                  # 38.000  1.234.567
_CT = r"[+-]?[1-9]\d{0,2},\d{3}"                        # 38,000 (in a ; file: 38)
_EXP = r"(?:[eE][+-]?\d+)?"
_POINT = r"[+-]?(?:\d*|[1-9]\d{0,2}(?:,\d{3})+)\.\d+" + _EXP   # 12.5  1200.250  1,234.5: a decimal point
_DT1 = r"[+-]?[1-9]\d{0,2}\.\d{3}"                       # 38.000 (one group: what Arrow's cast reads as 38)


class AmbiguousComma(ValueError):
    """A single number whose comma may be a decimal mark or a thousands separator (1,500)."""


def comma_number(text: str) -> float:
    """One number written on its own (a setting, a form cell), its comma read as this module's rules
    read a column without other evidence: it groups thousands where it can only do that (1,234,567;
    1,234.5), it is the decimal mark where it can only be that (0,5; 12,25); a single group of three
    digits (1,500: 1500 or 1.5?) raises :class:`AmbiguousComma`; anything else ``ValueError``."""
    t = text.strip()
    if "," not in t:
        return float(t)
    if re.fullmatch(_CT + _EXP, t):                     # 1,500 (1,500e3): the column rules' 38,000
        raise AmbiguousComma(t)
    if re.fullmatch(_T, t):
        return float(t.replace(",", ""))
    if re.fullmatch(_D + _EXP, t):
        return float(t.replace(",", "."))
    raise ValueError(t)


@dataclass
class ParsedColumn:
    """Floats (NaN where blank or bad), why a cell is bad ('' when fine) and CELL-009 warnings."""

    values: pd.Series
    reason: pd.Series
    warn: pd.Series
    clean: bool = False           #: True: known to hold no bad cell and no warning (reason and warn all empty)

    @property
    def bad(self) -> pd.Series:
        return self.reason != OK


def parse_column(s: pd.Series, decimal_comma: bool | None = False) -> ParsedColumn:
    """Parse one column of cells (numbers, text, booleans, blanks) to floats.

    Parameters
    ----------
    s : pandas.Series
        The cells as read: floats from a workbook, text, ``bool``, ``None``.
    decimal_comma : bool or None
        True for a ``;``-delimited CSV, False for a ``,`` one, None for a tab-delimited one and a
        workbook's text cells (see the module rules).

    Returns
    -------
    ParsedColumn
    """
    idx = s.index
    if isinstance(s.dtype, pd.StringDtype):                  # a CSV column: text or blank
        return _parse_strings(s, decimal_comma)
    warn = pd.Series(False, index=idx)
    if s.isna().all():                                         # an empty column, or one the file lacks
        return ParsedColumn(pd.Series(np.nan, index=idx), _all_ok(idx), warn, clean=True)
    reason = pd.Series(OK, index=idx, dtype=object)
    if pd.api.types.is_bool_dtype(s):
        values = pd.Series(np.nan, index=idx)
        reason[:] = NOT_FINITE
        return ParsedColumn(values, reason, warn)
    if pd.api.types.is_numeric_dtype(s):
        values = s.astype(float)
        reason[np.isinf(values.to_numpy())] = NOT_FINITE
        return ParsedColumn(values.where(np.isfinite(values)), reason, warn)
    obj = s.astype(object)
    cells = obj.to_numpy()
    if set(map(type, cells)) <= _FLOAT_OR_BLANK:    # a workbook's numbers and blanks: the rules below, at once
        values = cells.astype(float)
        inf = np.isinf(values)
        if inf.any():
            reason[inf] = NOT_FINITE
            values[inf] = np.nan
        return ParsedColumn(pd.Series(values, index=idx), reason, warn)
    types = obj.map(type)
    blank = obj.isna().to_numpy()
    is_str = (types == str).to_numpy().copy()
    is_bool = types.isin([bool, np.bool_]).to_numpy()
    other = ~(blank | is_str | is_bool | types.isin(_NUMBER_TYPES).to_numpy())
    if other.any():               # numbers (int, float, numpy) or something unexpected (read as text)
        odd = [i for i, v in zip(np.flatnonzero(other), obj[other]) if _kind(v) != "n"]
        is_str[odd] = True
        other[odd] = False
    kind = pd.Series(np.select([is_str, is_bool, ~(blank | is_str | is_bool)], ["s", "b", "n"], ""), index=idx)
    values = pd.Series(np.nan, index=idx)
    num_mask = (kind == "n").to_numpy()
    if num_mask.any():
        values[num_mask] = obj[num_mask].astype(float)
    reason[(kind == "b").to_numpy()] = NOT_FINITE
    str_mask = (kind == "s").to_numpy()
    if str_mask.any():
        v, r, w = _parse_text(obj[str_mask].astype(str), decimal_comma)
        values[str_mask] = v
        reason[str_mask] = r
        warn[str_mask] = w
    inf = np.isinf(values.to_numpy())
    if inf.any():
        reason[inf] = NOT_FINITE
        values[inf] = np.nan
    return ParsedColumn(values, reason, warn)


def _all_ok(idx) -> pd.Series:
    """The reasons of a clean column: all OK, one byte a row (a categorical)."""
    return pd.Series(pd.Categorical.from_codes(np.zeros(len(idx), dtype=np.int8), pd.Index([OK], dtype=object)),
                     index=idx)


def _parse_strings(s: pd.Series, decimal_comma: bool | None) -> ParsedColumn:
    """A column of text cells. When every non-blank cell is a plain finite number with ``.`` as
    the decimal mark, Arrow parses the column at once (the same doubles as :func:`_parse_text`,
    which is correctly rounded too); anything else goes through the rules of :func:`_parse_text`."""
    import pyarrow as pa
    import pyarrow.compute as pc

    idx = s.index
    blank = s.isna().to_numpy(dtype=bool)
    if not decimal_comma:
        arr = pa.array(s.array)
        empty = pc.equal(arr, "")
        blank = blank | np.asarray(empty.to_numpy(zero_copy_only=False), dtype=bool)
        try:
            parsed = pc.cast(pc.if_else(empty, pa.scalar(None, pa.string()), arr), pa.float64())
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
            parsed = None
        if parsed is not None:
            values = parsed.to_numpy(zero_copy_only=False).astype(float, copy=False)
            if np.isfinite(values[~blank]).all() and not (decimal_comma is None and _unsure_in(arr)):
                return ParsedColumn(pd.Series(values, index=idx), _all_ok(idx), pd.Series(False, index=idx),
                                    clean=True)
    values = pd.Series(np.nan, index=idx)
    reason = pd.Series(OK, index=idx, dtype=object)
    warn = pd.Series(False, index=idx)
    some = ~s.isna().to_numpy(dtype=bool)
    if some.any():
        v, r, w = _parse_text(s[some].astype(object).astype(str), decimal_comma)
        values[some], reason[some], warn[some] = v, r, w
    inf = np.isinf(values.to_numpy())
    if inf.any():
        reason[inf] = NOT_FINITE
        values[inf] = np.nan
    return ParsedColumn(values, reason, warn)


def _kind(v) -> str:
    if v is None:
        return ""
    if isinstance(v, (bool, np.bool_)):
        return "b"
    if isinstance(v, str):
        return "s"
    if isinstance(v, (int, float, np.integer, np.floating)):
        return "" if isinstance(v, float) and np.isnan(v) else "n"
    return "s"


def _unsure_in(arr) -> bool:
    """Whether a column of text (Arrow) that Arrow reads as numbers holds a value shaped like 38.000
    and no value showing the decimal point (12.5, 1200.250): :func:`_parse_text` then decides, by
    the same rule (a column of three-decimal numbers stays on this fast path)."""
    import pyarrow.compute as pc

    if not pc.any(pc.match_substring_regex(arr, "^" + _DT1 + "$")).as_py():
        return False
    point = pc.and_(pc.match_substring_regex(arr, "^" + _POINT + "$"),
                    pc.invert(pc.match_substring_regex(arr, "^" + _DT + "$")))
    return not pc.any(point).as_py()


def _comma_decimals(t: pd.Series, dt: pd.Series) -> bool:
    """Whether a column (tab file, workbook text) shows a decimal comma (4,5; 1234,5; 1.234,5; not
    38,000, which may be a grouping) and nothing English (a decimal point: 12.5, 1,234.5, not
    38.000; commas grouping more than one thousand: 1,150,000)."""
    comma = t.str.fullmatch(_DC) & ~t.str.fullmatch(_CT)
    english = (t.str.fullmatch(_POINT) & ~dt) | (t.str.fullmatch(_T) & t.str.count(",").gt(1))
    return bool(comma.any()) and not english.any()


def _unsure(t: pd.Series, dt: pd.Series) -> pd.Series:
    """The cells shaped like 38.000 (one group: 1.350.000 can only be a grouping) of a column where
    no cell shows the decimal point (12.5, 1200.250, 1,234.5): 38 or 38000?"""
    if (t.str.fullmatch(_POINT) & ~dt).any():
        return pd.Series(False, index=t.index)
    return t.str.fullmatch(_DT1)


def _parse_text(raw: pd.Series, decimal_comma: bool | None):
    stripped = raw.str.strip()
    # a space inside a number groups thousands (12 345) or the cell is not a number ('1 5' was 15)
    spaced = stripped.str.contains(_SPACE, regex=True)
    bad_space = spaced & ~stripped.str.fullmatch(_GROUPED)
    t = stripped.str.replace(_SPACE, "", regex=True)
    blank = t.eq("") | t.isin(["None"])
    low = t.str.lower()
    boolish = low.isin(["true", "false"])
    nonfinite = low.str.lstrip("+-").isin(["inf", "infinity", "nan"])
    has_comma = t.str.contains(",", regex=False)
    has_dot = t.str.contains(".", regex=False)
    dt = t.str.fullmatch(_DT)
    ambiguous = unsure = pd.Series(False, index=t.index)
    by_cells = decimal_comma is None and _comma_decimals(t, dt)    # 4,5 or 1.234,5 and no 12.5: as a ; file
    if by_cells:
        decimal_comma = True
    conv = t.copy()
    warn = dt & ~blank
    if decimal_comma:
        if has_comma.any() or (dt & t.str.count(r"\.").gt(1)).any():      # 1,5 or 1.000.000: . groups
            dc = t.str.fullmatch(_DC)
            conv = conv.where(~dc, t.str.replace(".", "", regex=False).str.replace(",", ".", regex=False))
            conv = conv.where(~(dt & ~has_comma), t.str.replace(".", "", regex=False))
            ambiguous = (has_comma & has_dot & ~dc) | (~has_comma & has_dot & ~dt)
            if by_cells:        # not a ; file: 38,000 may be English thousands (one 4,5 must not make it 38)
                ambiguous = ambiguous | t.str.fullmatch(_CT)
        else:
            unsure = _unsure(t, dt)
        warn = warn | t.str.fullmatch(_CT)          # 38,000: 38 here, but 38 000 to an English eye
    else:
        warn = pd.Series(False, index=t.index)       # . is always the decimal mark here
        tt = t.str.fullmatch(_T)
        d = t.str.fullmatch(_D) & ~tt
        if d.any():
            conv = conv.where(~d, t.str.replace(",", ".", regex=False))
            # 1,234.5 can only be thousands; 38,500 could be 38.5; 2.500 could be 2500 (dots group
            # thousands where the comma is the decimal mark, as this column's 1,5 says)
            ambiguous = (tt & ~has_dot) | dt
            conv = conv.where(~(tt & has_dot), t.str.replace(",", "", regex=False))
        else:
            conv = conv.where(~tt, t.str.replace(",", "", regex=False))
            if decimal_comma is None:                 # tab: Excel of any country; 38.000 may be 38000
                unsure = _unsure(t, dt)
    num = pd.to_numeric(conv.where(~(ambiguous | unsure | boolish | nonfinite | blank | bad_space), None),
                        errors="coerce")
    reason = pd.Series(OK, index=t.index, dtype=object)
    reason[(num.isna() & ~blank).to_numpy()] = TEXT
    reason[(boolish | nonfinite).to_numpy()] = NOT_FINITE
    reason[ambiguous.to_numpy()] = AMBIGUOUS
    reason[unsure.to_numpy()] = UNSURE
    num = num.where(reason == OK)
    return num.to_numpy(dtype=float), reason.to_numpy(), (warn & (reason == OK)).to_numpy()
