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
from ghgkit.rules.numbers import AMBIGUOUS, NOT_FINITE, TEXT, ParsedColumn, parse_column
from ghgkit.rules.places import col_letter, dym, suggest
from ghgkit.rules.table import places
from ghgkit.schema import (DATA_QUALITY, GPC_PREFIX, GPC_SECTOR_ALIASES, NOTATION_KEYS, SECTORS, number_cell_hint,
                           STATIONARY_SECTORS, SUBSECTORS, TRANSPORT_METHODS)

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
    """Strip (and fold) text cells once per distinct value; blanks become None (object Series)."""
    codes, uniq = pd.factorize(s, use_na_sentinel=True)

    def clean(v):
        if v is None or (isinstance(v, float) and np.isnan(v)):
            return None
        if isinstance(v, float) and v.is_integer():
            v = int(v)
        t = str(v).strip()
        if not t or t in ("nan", "None", "NaN"):
            return None
        if lower:
            t = re.sub(r"[\s\-]+", "_", t.lower())
        if upper:
            t = t.upper()
        return t

    vals = np.array([clean(u) for u in uniq] + [None], dtype=object)
    return pd.Series(vals[codes], index=s.index, dtype=object)


def parse_numbers(raw: pd.DataFrame, decimal_comma: dict) -> dict:
    """column -> ParsedColumn, each sheet's column parsed as a whole (one rule per column)."""
    out = {}
    for c in NUMERIC:
        values = pd.Series(np.nan, index=raw.index)
        reason = pd.Series("", index=raw.index, dtype=object)
        warn = pd.Series(False, index=raw.index)
        for sheet, idx in raw.groupby("_sheet", dropna=False, sort=False).groups.items():
            key = None if (sheet is None or (isinstance(sheet, float) and np.isnan(sheet))) else sheet
            p = parse_column(raw.loc[idx, c], decimal_comma.get(key, False))
            values[idx], reason[idx], warn[idx] = p.values, p.reason, p.warn
        out[c] = ParsedColumn(values, reason, warn)
    return out


def _broken(raw, column) -> np.ndarray:
    """Rows whose *column* cell is an Excel error or a formula without a saved value (already a
    CELL-002 / CELL-003 finding: no second finding about the same cell)."""
    bad = raw["_bad"].astype(str)
    if not bad.ne("").any():
        return np.zeros(len(raw), dtype=bool)
    return bad.map(lambda b: column in b.split(",")).to_numpy(dtype=bool)


def _emit(findings, raw, colpos, mask, code, column, message, hint, values=None):
    mask = np.asarray(mask, dtype=bool)
    if not mask.any():
        return
    mask = mask & ~_broken(raw, column)
    if not mask.any():
        return
    where = places(raw, colpos, column, mask)
    vals = raw.loc[mask, column].tolist() if values is None else list(np.asarray(values)[mask])
    for w, v in zip(where, vals):
        findings.add(code, message.format(value=_show(v), column=column), hint=hint(v) if callable(hint) else hint,
                     **w)


def _show(v) -> str:
    if isinstance(v, float) and v.is_integer():
        return f"{v:g}"
    return str(v)


def check_rows(raw: pd.DataFrame, colpos: dict, findings: Findings, inv_year, decimal_comma: dict) -> dict:
    """Run every row rule; returns the parsed numbers and normalised text (for the activity table)."""
    nums = parse_numbers(raw, decimal_comma)
    for c in NUMERIC:
        p = nums[c]
        r = p.reason
        key_column = "notation_key" if c == "amount" else None
        _emit(findings, raw, colpos, r == TEXT, "CELL-001", c, "{column} '{value}' is not a number",
              lambda v, k=key_column: number_cell_hint(v, "column unit", k))
        _emit(findings, raw, colpos, r == NOT_FINITE, "CELL-001", c, "{column} '{value}' is not a finite number",
              HINTS["not_finite"])
        _emit(findings, raw, colpos, r == AMBIGUOUS, "CELL-008",
              c, "{column} '{value}': the decimal mark is ambiguous in this column (other cells use the other mark)",
              HINTS["ambiguous_comma"])
        if p.warn.any():
            shown = p.values.map(lambda x: f"{x:,.6g}".replace(",", " "))
            for w, v, s in zip(places(raw, colpos, c, p.warn.to_numpy()), raw.loc[p.warn, c].tolist(),
                               shown[p.warn].tolist()):
                findings.add("CELL-009", f"{c} '{v}' read as {s}", hint=HINTS["dot_thousands"], **w)
    text = {c: norm_text(raw[c], lower=c in LOWER, upper=c == "notation_key") for c in TEXT_COLUMNS}
    amount = nums["amount"].values.to_numpy()
    # -- vocabularies and units: once per distinct combination of the text columns
    combo_cols = ["sector", "subsector", "activity", "method", "unit", "notation_key", "data_quality"]
    frame = pd.DataFrame({c: text[c] for c in combo_cols})
    frame["scope"] = nums["scope"].values
    frame["has_unit_col"] = [("unit" in colpos.get(s, {})) for s in raw["_sheet"].tolist()] \
        if len(raw) else []
    gid = frame.groupby(list(frame.columns), dropna=False, sort=False).ngroup().to_numpy()
    firsts = pd.Series(np.arange(len(frame))).groupby(gid).first().to_numpy() if len(frame) else []
    canon_sector = np.empty(len(firsts), dtype=object)
    canon_sub = np.empty(len(firsts), dtype=object)
    gpc = np.empty(len(firsts), dtype=object)
    for g, i in enumerate(firsts):
        rowv = {c: frame.iat[i, k] for k, c in enumerate(frame.columns)}
        rawv = {c: raw[c].iat[i] for c in combo_cols}
        found, canon_sector[g], canon_sub[g], gpc[g] = _combo(rowv, rawv)
        for code, column, message, hint in found:
            _emit(findings, raw, colpos, gid == g, code, column, message, hint)
    sector = pd.Series(canon_sector[gid] if len(gid) else [], index=raw.index, dtype=object)
    subsector = pd.Series(canon_sub[gid] if len(gid) else [], index=raw.index, dtype=object)
    # -- amounts
    _emit(findings, raw, colpos, amount < 0, "CELL-004", "amount", "amount {value} is negative",
          HINTS["negative"], values=amount)
    no_unit = ~np.isnan(amount) & text["unit"].isna().to_numpy() & frame["has_unit_col"].to_numpy(dtype=bool)
    _emit(findings, raw, colpos, no_unit, "CELL-006", "unit", "an amount without a unit", HINTS["no_unit"])
    given = ~norm_text(raw["amount"]).isna().to_numpy()
    key = text["notation_key"]
    both = given & key.notna().to_numpy()
    _emit(findings, raw, colpos, both, "NK-001", "notation_key",
          "an amount and a notation key ('{value}') on the same row", HINTS["amount_and_key"],
          values=key.to_numpy())
    amount_bad = _broken(raw, "amount") | _broken(raw, "notation_key")
    _emit(findings, raw, colpos, ~given & key.isna().to_numpy() & ~amount_bad, "NK-004", "amount",
          "row has neither an amount nor a notation key", HINTS["nothing"])
    _emit(findings, raw, colpos, (key == "IE").to_numpy() & text["notes"].isna().to_numpy(), "NK-003", "notes",
          "IE (included elsewhere) without saying where", HINTS["ie_notes"])
    # -- years
    year = nums["year"].values.to_numpy()
    if inv_year:
        history = (sector == "waste").to_numpy() & (subsector == "landfill").to_numpy() & (year < inv_year)
        after = year > inv_year
        _emit(findings, raw, colpos, after, "CONS-003", "year",
              "year {value} is after the inventory year " + str(inv_year), HINTS["year_after"], values=year)
        _emit(findings, raw, colpos, ~np.isnan(year) & (year != inv_year) & ~after & ~history, "CONS-001", "year",
              "year {value} differs from the inventory year " + str(inv_year), HINTS["year_differs"], values=year)
    # -- duplicates (same sector, subsector, activity, method, year, scope)
    keyed = sector.notna().to_numpy() & text["activity"].notna().to_numpy() & (~np.isnan(amount) | key.notna().to_numpy())
    if keyed.any():
        d = pd.DataFrame({"s": sector, "b": subsector, "a": text["activity"], "m": text["method"],
                          "y": year, "sc": nums["scope"].values})[keyed]
        dup = d.duplicated(keep="first")
        if dup.any():
            g = d.groupby(list(d.columns), dropna=False, sort=False).ngroup()
            first_of = pd.Series(d.index, index=d.index).groupby(g.to_numpy()).transform("first")
            dups = d.index[dup.to_numpy()]
            where_dup = places(raw, colpos, "activity", np.isin(raw.index, dups))
            sheets, rownos = raw["_sheet"].to_numpy(), raw["_row"].to_numpy()
            act_text = text["activity"].to_numpy()
            first_arr = first_of.to_numpy()
            pos = {k: n for n, k in enumerate(d.index)}
            sector_arr = sector.to_numpy()
            for i, w in zip(dups, where_dup):
                j = first_arr[pos[i]]
                sh, row = sheets[j], int(rownos[j])
                first = (f"{sh}!{col_letter(colpos.get(sh, {}).get('activity', 0))}{row}" if sh is not None
                         else f"line {row}")
                same = amount[i] == amount[j] or (np.isnan(amount[i]) and np.isnan(amount[j]))
                findings.add("CELL-005", f"duplicate of the activity at {first} ({sector_arr[i]} {act_text[i]}"
                                         f"{', same amount' if same else ''})", hint=HINTS["duplicate"], **w)
    return {"numbers": nums, "text": text, "sector": sector, "subsector": subsector,
            "gpc": pd.Series(gpc[gid] if len(gid) else [], index=raw.index, dtype=object)}


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
        s = suggest(sector, SECTORS)
        add(("VOCAB-001", "sector", f"unknown sector '{_esc(raw['sector'])}'",
             (s + " " if s else "") + "(sectors: " + ", ".join(SECTORS) + ")"))
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
                 f"did you mean '{syn}'? " if syn else dym(activity, fuels + ["electricity"])))
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

