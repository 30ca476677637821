"""Row rules over the raw table, vectorised.

Numbers are parsed per column (:mod:`ghgkit.rules.numbers`). The vocabulary and unit
rules depend only on the text of a row (sector, subsector, activity, method, unit,
notation key, data quality, scope): they run once per distinct combination and their
findings are given to every row with it. Amount, year and duplicate rules are masks
over the whole table.
"""

from __future__ import annotations

import re
from functools import lru_cache

import numpy as np
import pandas as pd

from ghgkit.errors import GhgkitError
from ghgkit.rules.findings import HINTS, Findings
from ghgkit.rules.numbers import AMBIGUOUS, NOT_FINITE, TEXT, UNSURE, ParsedColumn, parse_column
from ghgkit.rules.places import col_letter, dym
from ghgkit.rules.table import places
from ghgkit.schema import (DATA_QUALITY, GPC_PREFIX, GPC_SECTOR_ALIASES, NOTATION_KEYS, SECTORS, number_cell_hint,
                           STATIONARY_SECTORS, SUBSECTORS, TRANSPORT_METHODS)

#: findings of one rule (and column) listed one by one in a file; the rest is one finding with their count
LISTED_PER_RULE = 1000
#: cell text that means nothing was entered (a blank that went through str())
BLANK_TEXT = ("nan", "None", "NaN")
NUMERIC = ("amount", "year", "scope", "uncertainty_pct")
TEXT_COLUMNS = ("sector", "subsector", "activity", "method", "unit", "notation_key", "data_quality",
                "factor_id", "source", "notes")
LOWER = ("sector", "subsector", "activity", "method", "data_quality")
WASTEWATER_ACTIVITIES = {"population": ("population",), "cod_load": ("mass",)}
#: words people write for a ghgkit activity
SYNONYMS = {"petrol": "gasoline", "gas": "natural_gas", "lng": "natural_gas", "cng": "natural_gas",
            "diesel_oil": "diesel", "gas_oil": "diesel", "gasoil": "diesel", "heavy_fuel_oil": "fuel_oil",
            "hfo": "fuel_oil", "bunker": "fuel_oil", "electric": "electricity", "power": "electricity",
            "firewood": "wood", "fuelwood": "wood", "jet_fuel": "jet_kerosene", "jet_a1": "jet_kerosene",
            "avgas": "aviation_gasoline", "lpg_gas": "lpg", "propane": "lpg", "butane": "lpg",
            "paraffin": "kerosene", "mogas": "gasoline", "benzine": "gasoline"}


def norm_text(s: pd.Series, lower: bool = False, upper: bool = False) -> pd.Series:
    """Strip (and fold) text cells once per distinct value; blanks become missing (a categorical Series)."""
    codes, uniq = pd.factorize(s, use_na_sentinel=True)

    def clean(v):
        if v is None or (isinstance(v, float) and np.isnan(v)):
            return None
        if isinstance(v, float) and v.is_integer():
            v = int(v)
        t = str(v).strip()
        if not t or t in BLANK_TEXT:
            return None
        if lower:
            t = re.sub(r"[\s\-]+", "_", t.lower())
        if upper:
            t = t.upper()
        return t

    return _categorical([clean(u) for u in uniq], codes, s.index)


def _categorical(values: list, codes: np.ndarray, index) -> pd.Series:
    """``values[codes]`` (code -1: missing) as a categorical Series; equal values share one category
    and None is missing. Categories in order of first appearance among *values*."""
    cats: dict = {}
    remap = np.empty(len(values) + 1, dtype=np.int64)
    for k, v in enumerate(values):
        remap[k] = -1 if v is None else cats.setdefault(v, len(cats))
    remap[-1] = -1
    return pd.Series(pd.Categorical.from_codes(remap[np.asarray(codes)], pd.Index(list(cats), dtype=object)),
                     index=index)


def is_blank(s: pd.Series) -> np.ndarray:
    """Cells that hold nothing (what :func:`norm_text` makes None), without normalising every value."""
    if isinstance(s.dtype, pd.StringDtype):
        return (s.isna() | s.str.strip().isin(["", *BLANK_TEXT])).to_numpy(dtype=bool)
    return norm_text(s).isna().to_numpy()


def _sheets_with(raw: pd.DataFrame, colpos: dict, column: str) -> np.ndarray:
    """Rows whose sheet (or CSV) has *column*."""
    out = np.zeros(len(raw), dtype=bool)
    sheets = raw["_sheet"]
    names = None
    for sheet, cols in colpos.items():
        if column in cols:
            if sheet is None:
                out |= sheets.isna().to_numpy(dtype=bool)
            else:
                if names is None:
                    names = sheets.to_numpy(dtype=object)
                out |= names == sheet
    return out


def _values_at(column, pos: np.ndarray) -> list:
    """The values of *column* (a Series or an array) at *pos* as Python objects; a categorical's
    missing values as NaN (as ``take(pos).to_numpy(dtype=object)`` gives them)."""
    if isinstance(column, pd.Series) and isinstance(column.dtype, pd.CategoricalDtype):
        codes = column.cat.codes.to_numpy()[pos]
        cats = np.append(column.cat.categories.to_numpy(dtype=object), np.nan)
        return cats[codes].tolist()                   # code -1 picks the NaN appended last
    return np.asarray(column)[pos].tolist()


def parse_numbers(raw: pd.DataFrame, decimal_comma: dict) -> dict:
    """column -> ParsedColumn, each sheet's column parsed as a whole (one rule per column).
    *decimal_comma*: sheet (None for a CSV) -> :func:`parse_column`'s mode; a sheet not named
    (a workbook's) is None: its text cells' column decides."""
    groups = raw.groupby("_sheet", dropna=False, sort=False).indices \
        if raw["_sheet"].nunique(dropna=False) > 1 else None
    out = {}
    for c in NUMERIC:
        if groups is None or not any(isinstance(v, str) for v in raw[c].to_numpy(dtype=object)):
            # one sheet, a CSV, or no text cell (the per-sheet rules are about text): the column at once
            sheet = raw["_sheet"].iat[0] if len(raw) else None
            out[c] = parse_column(raw[c], decimal_comma.get(None if pd.isna(sheet) else sheet))
            continue
        n = len(raw)
        values, reason, warn = np.full(n, np.nan), np.full(n, "", dtype=object), np.zeros(n, dtype=bool)
        clean = True
        for sheet, pos in groups.items():
            key = None if (sheet is None or (isinstance(sheet, float) and np.isnan(sheet))) else sheet
            p = parse_column(raw[c].iloc[pos], decimal_comma.get(key))
            values[pos], reason[pos], warn[pos] = p.values.to_numpy(), p.reason.to_numpy(), p.warn.to_numpy()
            clean = clean and p.clean
        out[c] = ParsedColumn(pd.Series(values, index=raw.index), pd.Series(reason, index=raw.index),
                              pd.Series(warn, index=raw.index), clean)
    for p in out.values():          # -0 is 0: no '-0' in any output ('-0' written, or -0.0 from a formula)
        p.values = p.values + 0.0
    return out


def group_ids(columns: list) -> np.ndarray:
    """Group number of each row by the values of *columns* (missing is a value of its own), numbered
    in order of first appearance: ``groupby(columns, dropna=False, sort=False).ngroup()`` from
    integer codes (categorical codes as they are, other columns factorised once)."""
    from ghgkit.sectors.common import codes_of

    n = len(columns[0]) if columns else 0
    key, space = np.zeros(n, dtype=np.int64), 1
    for s in columns:
        codes, values = codes_of(s)
        size = len(values)
        if space * (size + 1) >= 1 << 62:                            # dense again before it could overflow
            key, uniq = pd.factorize(key)
            key, space = key.astype(np.int64), len(uniq)
        key *= size + 1                                              # in place: no 2 M-row temporaries
        key += codes                                                 # (int8..int64 codes, -1 missing)
        key += 1
        space *= size + 1
    return pd.factorize(key)[0].astype(np.int64)


def first_rows(g: np.ndarray) -> np.ndarray:
    """Whether each row is the first of its group, for :func:`group_ids` numbers (groups numbered in
    order of first appearance, so a first row carries a number above every number before it):
    ``np.unique(g, return_index=True)`` without sorting the rows."""
    first = np.ones(len(g), dtype=bool)
    if len(g) > 1:
        first[1:] = g[1:] > np.maximum.accumulate(g)[:-1]
    return first


def _broken_cells(raw) -> dict:
    """column -> rows whose cell in it is an Excel error or a formula without a saved value (already a
    CELL-002 / CELL-003 finding: no second finding about the same cell)."""
    bad = raw["_bad"].to_numpy(dtype=object)
    marked = (bad != "") & pd.notna(bad)
    if not marked.any():
        return {}
    out: dict = {}
    for i in np.flatnonzero(marked):
        for column in str(bad[i]).split(","):
            out.setdefault(column, np.zeros(len(raw), dtype=bool))[i] = True
    return out


def _emit(findings, raw, colpos, broken, mask, code, column, message, hint, values=None):
    mask = np.asarray(mask, dtype=bool)
    if not mask.any():
        return
    if column in broken:
        mask = mask & ~broken[column]
    pos = np.flatnonzero(mask)
    if not len(pos):
        return
    shown, rest = pos[:LISTED_PER_RULE], pos[LISTED_PER_RULE:]
    if values is None:                       # only the cells listed (a column may have millions)
        vals = raw[column].take(shown).tolist()
    else:
        vals = values.take(shown).tolist() if isinstance(values, pd.Series) else np.asarray(values)[shown].tolist()
    for w, v in zip(places(raw, colpos, column, shown), vals):
        findings.add(code, message.format(value=_show(v), column=column), hint=hint(v) if callable(hint) else hint,
                     **w)
    _more(findings, raw, colpos, column, code, rest, hint if not callable(hint) else None)


def _more(findings, raw, colpos, column, code, rest, hint) -> None:
    """One finding for the rows of one rule beyond LISTED_PER_RULE (at the first of them)."""
    if not len(rest):
        return
    first, last = places(raw, colpos, column, rest[[0, -1]])
    where = last.get("line")
    last_place = f"line {where}" if where is not None else f"{last['sheet']}!{last['cell']}"
    findings.add(code, f"{len(rest):,} more rows like the {LISTED_PER_RULE:,} listed before (not listed one by one; "
                       f"from here to {last_place})", hint=hint, count=len(rest), **first)


def _none(v):
    """A missing categorical value (NaN) as None, as the rules expect."""
    return None if v is None or (isinstance(v, float) and np.isnan(v) and not isinstance(v, bool)) else v


def _show(v) -> str:
    if isinstance(v, float) and v.is_integer():
        return f"{v:g}"
    return str(v)


def check_rows(raw: pd.DataFrame, colpos: dict, findings: Findings, inv_year, decimal_comma: dict) -> dict:
    """Run every row rule; returns the parsed numbers and normalised text (for the activity table)."""
    nums = parse_numbers(raw, decimal_comma)
    broken = _broken_cells(raw)

    def emit(*args, **kw):
        _emit(findings, raw, colpos, broken, *args, **kw)

    for c in NUMERIC:
        p = nums[c]
        if p.clean:
            continue
        r = p.reason
        key_column = "notation_key" if c == "amount" else None
        emit(r == TEXT, "CELL-001", c, "{column} '{value}' is not a number",
              lambda v, k=key_column: number_cell_hint(v, "column unit", k))
        emit(r == NOT_FINITE, "CELL-001", c, "{column} '{value}' is not a finite number",
              HINTS["not_finite"])
        emit(r == AMBIGUOUS, "CELL-008",
              c, "{column} '{value}': the decimal mark is ambiguous in this column (other cells use the other mark)",
              HINTS["ambiguous_comma"])
        emit(r == UNSURE, "CELL-008",
              c, "{column} '{value}': its dot may be a decimal point or a thousands separator (no number "
                 "written as text in this column shows which)", HINTS["dot_unsure"])
        if p.warn.any():
            pos = np.flatnonzero(p.warn.to_numpy())
            shown, rest = pos[:LISTED_PER_RULE], pos[LISTED_PER_RULE:]
            for w, v, x in zip(places(raw, colpos, c, shown), raw[c].take(shown).tolist(),
                               p.values.to_numpy()[shown].tolist()):
                read_as = f"{x:,.6g}".replace(",", " ")
                findings.add("CELL-009", f"{c} '{v}' read as {read_as}", hint=HINTS["dot_thousands"], **w)
            _more(findings, raw, colpos, c, "CELL-009", rest, HINTS["dot_thousands"])
    text = {c: norm_text(raw[c], lower=c in LOWER, upper=c == "notation_key") for c in TEXT_COLUMNS}
    amount = nums["amount"].values.to_numpy()
    # -- vocabularies and units: once per distinct combination of the text columns
    combo_cols = ["sector", "subsector", "activity", "method", "unit", "notation_key", "data_quality"]
    combo = {c: text[c] for c in combo_cols}
    combo["scope"] = nums["scope"].values
    combo["has_unit_col"] = has_unit_col = _sheets_with(raw, colpos, "unit")
    gid = group_ids(list(combo.values()))
    firsts = np.flatnonzero(first_rows(gid))             # the first row of each combination, in group order
    canon_sector = np.empty(len(firsts), dtype=object)
    canon_sub = np.empty(len(firsts), dtype=object)
    gpc = np.empty(len(firsts), dtype=object)
    first_vals = {c: _values_at(v, firsts) for c, v in combo.items()}
    first_raw = {c: raw[c].take(firsts).to_numpy(dtype=object).tolist() for c in combo_cols}
    for g in range(len(firsts)):
        rowv = {c: _none(first_vals[c][g]) for c in combo}
        rawv = {c: first_raw[c][g] for c in combo_cols}
        found, canon_sector[g], canon_sub[g], gpc[g] = _combo(rowv, rawv)
        for code, column, message, hint in found:
            emit(gid == g, code, column, message, hint)
    sector = _categorical(list(canon_sector), gid, raw.index)
    subsector = _categorical(list(canon_sub), gid, raw.index)
    # -- amounts
    emit(amount < 0, "CELL-004", "amount", "amount {value} is negative",
          HINTS["negative"], values=amount)
    no_unit = ~np.isnan(amount) & text["unit"].isna().to_numpy() & has_unit_col
    emit(no_unit, "CELL-006", "unit", "an amount without a unit", HINTS["no_unit"])
    # a clean amount column holds only numbers and blanks: blank is NaN there
    given = ~np.isnan(amount) if nums["amount"].clean else ~is_blank(raw["amount"])
    key = text["notation_key"]
    both = given & key.notna().to_numpy()
    emit(both, "NK-001", "notation_key",
          "an amount and a notation key ('{value}') on the same row", HINTS["amount_and_key"],
          values=key)
    amount_bad = broken.get("amount", np.zeros(len(raw), dtype=bool)) | \
        broken.get("notation_key", np.zeros(len(raw), dtype=bool))
    emit(~given & key.isna().to_numpy() & ~amount_bad, "NK-004", "amount",
          "row has neither an amount nor a notation key", HINTS["nothing"])
    emit((key == "IE").to_numpy() & text["notes"].isna().to_numpy(), "NK-003", "notes",
          "IE (included elsewhere) without saying where", HINTS["ie_notes"])
    # -- years
    year = nums["year"].values.to_numpy()
    # a year not written in full (22 for 2022): a landfill history row took it as year 22, its deposit
    # decayed long ago (a review's wrong total with exit 0)
    with np.errstate(invalid="ignore"):
        not_year = ~np.isnan(year) & ((year < 1000) | (year > 9999) | (year != np.floor(year)))
    emit(not_year, "CELL-001", "year", "year {value} is not a calendar year written in full",
         HINTS["year_digits"], values=year)
    if inv_year:
        history = (sector == "waste").to_numpy() & (subsector == "landfill").to_numpy() & (year < inv_year) \
            & ~not_year
        after = (year > inv_year) & ~not_year
        emit(after, "CONS-003", "year",
              "year {value} is after the inventory year " + str(inv_year), HINTS["year_after"], values=year)
        emit(~np.isnan(year) & (year != inv_year) & ~after & ~history & ~not_year, "CONS-001", "year",
              "year {value} differs from the inventory year " + str(inv_year), HINTS["year_differs"], values=year)
    # -- duplicates (same sector, subsector, activity, method, year, scope)
    keyed = sector.notna().to_numpy() & text["activity"].notna().to_numpy() & \
        (~np.isnan(amount) | key.notna().to_numpy())
    if keyed.any():
        # group the keyed rows by their columns as they are (no frame of copies: a table of a
        # million rows pasted twice has a million duplicates); kpos maps keyed rows to raw rows
        kpos = None if keyed.all() else np.flatnonzero(keyed)
        cols = [sector, subsector, text["activity"], *_as_calculated(sector, text["activity"], text["method"], year,
                                                                  inv_year, nums["scope"].values.to_numpy())]
        if kpos is not None:
            cols = [c.take(kpos) if isinstance(c, pd.Series) else c[kpos] for c in cols]
        g = group_ids(cols)
        del cols
        dup = ~first_rows(g)
        if dup.any():
            first_in_k = np.flatnonzero(~dup)                 # groups are numbered by first appearance
            dup_k = np.flatnonzero(dup)
            del dup
            raw_pos = (lambda p: p) if kpos is None else (lambda p: kpos[p])   # noqa: E731
            shown_k = dup_k[:LISTED_PER_RULE]
            shown, firsts = raw_pos(shown_k), raw_pos(first_in_k[g[shown_k]])
            rest = raw_pos(dup_k[LISTED_PER_RULE:])
            sheets, rownos = raw["_sheet"].to_numpy(), raw["_row"].to_numpy()
            act_text, sector_arr = text["activity"].take(shown).tolist(), sector.take(shown).tolist()
            for k, (i, j, w) in enumerate(zip(shown.tolist(), firsts.tolist(), places(raw, colpos, "activity", shown))):
                sh, row = sheets[j], int(rownos[j])
                first = (f"{sh}!{col_letter(colpos.get(sh, {}).get('activity', 0))}{row}" if sh is not None
                         else f"line {row}")
                same = amount[i] == amount[j] or (np.isnan(amount[i]) and np.isnan(amount[j]))
                findings.add("CELL-005", f"duplicate of the activity at {first} ({sector_arr[k]} {act_text[k]}"
                                         f"{', same amount' if same else ''})", hint=HINTS["duplicate"], **w)
            _more(findings, raw, colpos, "activity", "CELL-005", rest, HINTS["duplicate"])
    return {"numbers": nums, "text": text, "sector": sector, "subsector": subsector,
            "gpc": _categorical(list(gpc), gid, raw.index)}


def _as_calculated(sector: pd.Series, activity: pd.Series, method: pd.Series, year: np.ndarray, inv_year,
                   scope: np.ndarray) -> list:
    """The method, year and scope columns as the calculation reads a blank (a review: a copy of a row
    that leaves them blank beside one that writes 2023, scope 2 or fuel_sales was summed twice without a
    duplicate warning): a transport row's blank method is fuel_sales, a blank year the inventory year,
    a blank scope 2 for electricity and 1 for the rest (sectors.common.scope_of's defaults). Integer
    codes and floats, for :func:`group_ids`."""
    m_codes, m_values = method.cat.codes.to_numpy(), list(method.cat.categories)
    fill = (m_codes < 0) & (sector == "transport").to_numpy()
    if fill.any():
        sales = m_values.index("fuel_sales") if "fuel_sales" in m_values else len(m_values)
        m_codes = np.where(fill, sales, m_codes)
    if inv_year:
        year = np.where(np.isnan(year), float(inv_year), year)
    blank = np.isnan(scope)
    if blank.any() and not blank.all():           # all blank: nothing written to compare
        scope = np.where(blank, np.where((activity == "electricity").to_numpy(), 2.0, 1.0), scope)
    return [m_codes, year, scope]


@lru_cache(maxsize=1)
def _fuels() -> list:
    from ghgkit.factors import FactorLibrary

    return sorted(a for a in FactorLibrary.default().activities() if not a.startswith("ncv"))


def _combo(v: dict, raw: dict):
    """Vocabulary and unit findings of one combination: ([(code, column, message, hint)], sector,
    subsector, GPC reference)."""
    from ghgkit.units import check_dimension, parse_unit

    out = []
    add = out.append
    sector, subsector, activity, method = v["sector"], v["subsector"], v["activity"], v["method"]
    aliases = {k.lower(): val for k, val in GPC_SECTOR_ALIASES.items()}
    if sector is None:
        add(("VOCAB-001", "sector", "the sector is empty", "choose one of " + ", ".join(SECTORS)))
    elif sector in aliases:
        sector, sub_default = aliases[sector]
        subsector = subsector or sub_default
    elif sector not in SECTORS:
        add(("VOCAB-001", "sector", f"unknown sector '{_esc(raw['sector'])}'", dym(sector, SECTORS)))
        sector = None
    if sector in SUBSECTORS:
        subs = SUBSECTORS[sector]
        if subsector is None:
            add(("VOCAB-002", "subsector", f"{sector} rows need a subsector", "choose one of " + ", ".join(subs)))
        elif subsector not in subs:
            add(("VOCAB-002", "subsector", f"unknown {sector} subsector '{_esc(raw['subsector'])}'",
                 dym(subsector, subs)))
            subsector = None
    gpc = GPC_PREFIX.get((sector, None if sector in STATIONARY_SECTORS else subsector)) if sector else None
    key = v["notation_key"]
    if key is not None and key not in NOTATION_KEYS:
        add(("VOCAB-005", "notation_key", f"unknown notation key '{_esc(raw['notation_key'])}'",
             HINTS["notation_key"]))
    dq = v["data_quality"]
    if dq is not None and dq not in DATA_QUALITY:
        add(("VOCAB-005", "data_quality", f"unknown data quality '{_esc(raw['data_quality'])}'",
             dym(dq, DATA_QUALITY)))
    scope = v["scope"]
    if scope is not None and not np.isnan(scope) and scope not in (1, 2, 3):
        add(("VOCAB-005", "scope", f"scope '{scope:g}' is not 1, 2 or 3",
             "leave it empty to derive it, or write 1, 2 or 3"))
    dims, what = None, None
    fuels = _fuels()
    if activity is None:
        add(("VOCAB-003", "activity", "the activity is empty",
             "write the fuel (diesel, lpg …), electricity, or the waste stream"))
    elif sector in STATIONARY_SECTORS or sector == "transport":
        if sector == "transport" and method is not None and method not in TRANSPORT_METHODS:
            add(("VOCAB-004", "method", f"unknown transport method '{_esc(raw['method'])}'",
                 dym(method, TRANSPORT_METHODS)))
        if sector == "transport" and method == "vkt":
            dims, what = ("distance",), "a distance-based (vkt) row"
        elif activity == "electricity":
            dims, what = ("energy",), "electricity"
        elif activity in fuels:
            dims, what = ("energy", "mass", "volume"), activity
        else:
            syn = SYNONYMS.get(activity)
            add(("VOCAB-003", "activity", f"unknown fuel or activity '{_esc(raw['activity'])}'",
                 f"did you mean '{syn}'?" if syn else dym(activity, fuels + ["electricity"])))
    elif sector in ("waste", "wastewater"):
        dims, what = _waste_vocab(add, sector, subsector, activity, method, raw)
    unit = v["unit"]
    if unit is not None:
        try:
            check_dimension(unit, dims, what) if dims else parse_unit(unit)
        except GhgkitError as e:
            add(("UNIT-002" if type(e).__name__ == "UnitMismatchError" else "UNIT-001", "unit", _esc(e.message),
                 e.hint))
    return out, sector, subsector, gpc


def _esc(text) -> str:
    """Braces are literal in messages (they are formatted once more with the cell value)."""
    return str(text).replace("{", "{{").replace("}", "}}")


def _waste_vocab(add, sector, subsector, activity, method, raw):
    """Waste and wastewater activity / method checks, by the waste module's own vocabularies."""
    from ghgkit.sectors.waste import vocab as W

    def check(fn, value, column, code):
        if value is None:
            return True
        try:
            fn(value)
            return True
        except GhgkitError as e:
            add((code, column, _esc(e.message), e.hint))
            return False

    if sector == "waste":
        if subsector == "open_burning" and activity == "population":       # IPCC 2006 Vol. 5 Eq. 5.7
            return ("population",), "open burning by population"
        ok = activity == "msw" or check(W.normalise_component, activity, "activity", "VOCAB-003")
        if subsector == "landfill":
            check(W.normalise_site_type, method, "method", "VOCAB-004")
        elif subsector == "incineration":
            check(W.normalise_technology, method, "method", "VOCAB-004")
        elif subsector in ("composting", "anaerobic_digestion") and method is not None and \
                method not in ("wet", "wet_weight", "dry", "dry_weight", "dry_matter"):
            add(("VOCAB-004", "method", f"unknown basis '{_esc(raw['method'])}' for biological treatment",
                 "write wet or dry"))
        return (("mass",), "waste") if ok else (None, None)
    if activity not in WASTEWATER_ACTIVITIES:
        add(("VOCAB-003", "activity", f"unknown wastewater activity '{_esc(raw['activity'])}'",
             dym(activity, WASTEWATER_ACTIVITIES)))
        return None, None
    check(W.normalise_pathway, method, "method", "VOCAB-004")
    return WASTEWATER_ACTIVITIES[activity], f"wastewater {activity}"

