"""The inventory: sector calculators joined into rows, totals and GPC tables.

``calculate(activity, settings)`` checks the activity table's vocabularies (with
the cell of the first bad value), runs the sector calculators on the whole table at
once, joins CO2e with the settings' GWP set and returns an :class:`Inventory`.
"""

from __future__ import annotations

import json
from functools import cached_property

import numpy as np
import pandas as pd

from . import __version__
from .errors import InputError
from .factors import FactorLibrary
from .gwp import gwp_values
from .importers import place_of, suggest
from .schema import (DATA_QUALITY, GPC_SECTOR_ALIASES, NOTATION_KEYS, RESULT_COLUMNS, SECTORS,
                     STATIONARY_SECTORS, SUBSECTORS, TRANSPORT_METHODS, gpc_levels, gpc_ref)
from .settings import Settings

GAS_COLS = ["co2_t", "ch4_t", "n2o_t", "co2_biogenic_t"]
#: what the energy calculators read of an activity row
ENERGY_COLUMNS = ["sector", "subsector", "activity", "amount", "unit", "year", "method", "scope", "factor_id",
                  "file", "sheet", "cell", "line", "excel_row"]


def _first_bad(activity: pd.DataFrame, mask, column: str, message: str, hint: str):
    mask = np.asarray(mask, dtype=bool)
    if mask.any():
        idx = activity.index[np.argmax(mask)]
        raise InputError(message.format(value=activity.loc[idx, column]),
                         location=place_of(activity, idx, column), hint=hint.format(value=activity.loc[idx, column]))


def _check_vocab(activity: pd.DataFrame, column: str, allowed, what: str, mask=None):
    s = activity[column]
    if isinstance(s.dtype, pd.CategoricalDtype):
        codes = s.cat.codes.to_numpy()
        used = np.unique(codes if mask is None else codes[mask])
        values = [s.cat.categories[c] for c in used if c >= 0]
    else:
        values = [v for v in pd.unique(s if mask is None else s[mask]) if v is not None and not pd.isna(v)]
    bad = [v for v in values if v not in allowed]
    if bad:
        m = s.isin(bad).to_numpy() & (True if mask is None else mask)
        _first_bad(activity, m, column, f"unknown {what} '{{value}}'",
                   suggest(bad[0], allowed) + f" ({what}: {', '.join(map(str, allowed))})")


def prepare(activity: pd.DataFrame, lib: FactorLibrary) -> pd.DataFrame:
    """Resolve GPC-reference sectors and check every closed vocabulary."""
    act = activity.copy(deep=False)
    sec = act["sector"]
    if sec.isna().any():
        _first_bad(act, sec.isna().to_numpy(), "sector", "the sector is empty",
                   "choose one of " + ", ".join(SECTORS))
    aliases = {k.lower(): v for k, v in GPC_SECTOR_ALIASES.items()}
    if sec.isin(list(aliases)).any():
        sec = sec.astype(object)
        sub = act["subsector"].astype(object)
        for ref, (s, u) in aliases.items():
            m = sec == ref
            if m.any():
                sec = sec.where(~m, s)
                if u:
                    sub = sub.where(~(m & sub.isna()), u)
        act["sector"] = sec
        act["subsector"] = sub
    _check_vocab(act, "sector", SECTORS, "sector")
    for sector, subs in SUBSECTORS.items():
        m = (act["sector"] == sector).to_numpy()
        if m.any():
            missing = m & act["subsector"].isna().to_numpy()
            _first_bad(act, missing, "subsector", f"{sector} rows need a subsector",
                       f"choose one of {', '.join(subs)}")
            _check_vocab(act, "subsector", subs, f"{sector} subsector", m)
    _check_vocab(act, "notation_key", list(NOTATION_KEYS), "notation key")
    _check_vocab(act, "data_quality", DATA_QUALITY, "data quality")
    scope = act["scope"]
    _first_bad(act, scope.notna() & ~scope.isin([1, 2, 3]), "scope", "scope '{value}' is not 1, 2 or 3",
               "leave it empty to derive it, or write 1, 2 or 3")
    both = act["amount"].notna() & act["notation_key"].notna()
    _first_bad(act, both, "notation_key", "an amount and a notation key ('{value}') on the same row",
               "keep the amount and clear the key, or clear the amount if the key is meant")
    energy = act["sector"].isin(STATIONARY_SECTORS + ("transport",)).to_numpy()
    vkt = (act["method"].astype(object) == "vkt").to_numpy()
    tr = (act["sector"] == "transport").to_numpy()
    _check_vocab(act, "method", TRANSPORT_METHODS, "transport method", tr)
    known = sorted(lib.activities() | {"electricity"})
    fuels = sorted(a for a in known if not a.startswith("ncv"))
    _check_vocab(act, "activity", fuels, "fuel or activity", energy & ~vkt & act["activity"].notna().to_numpy())
    _first_bad(act, act["activity"].isna().to_numpy(), "activity", "the activity is empty",
               "write the fuel (diesel, lpg …), electricity, or the waste stream")
    return act


def calculate(activity: pd.DataFrame, settings: Settings, library: FactorLibrary | None = None) -> "Inventory":
    """Compute the inventory of an activity table.

    Parameters
    ----------
    activity : pandas.DataFrame
        The activity table (see :mod:`ghgkit.importers`).
    settings : Settings
    library : FactorLibrary, optional
        Defaults to the shipped tables; the workbook's Factors rows are added as overrides.
    """
    from .energy import attach_activity, calculate_energy

    lib = library or FactorLibrary.default()
    if settings.factor_rows:
        lib = lib.with_overrides(rows=settings.factor_rows)
    act = prepare(activity, lib)
    parts, warnings = [], []
    has_amount = act["amount"].notna().to_numpy()
    energy = act["sector"].isin(STATIONARY_SECTORS + ("transport",)).to_numpy()
    e = calculate_energy(act.loc[has_amount & energy, ENERGY_COLUMNS], settings, lib)
    if len(e):
        parts.append(e)
    waste = act["sector"].isin(["waste", "wastewater"]).to_numpy()
    if (waste & has_amount).any():
        from .waste_inventory import calculate_waste

        w, wwarn = calculate_waste(act[waste & has_amount], settings, lib)
        parts.append(w)
        warnings.extend(wwarn)
    nk = ~has_amount
    if nk.any():
        parts.append(_notation_rows(act[nk]))
    res = pd.concat([p for p in parts if len(p)], ignore_index=True) if parts else pd.DataFrame(columns=["row"])
    if len(res):
        res = attach_activity(res, act)
    res = res.reindex(columns=RESULT_COLUMNS + ["energy_tj"])
    order = np.lexsort((res["scope"].to_numpy(dtype=float), res["row"].to_numpy(dtype=np.int64)))
    res = res.iloc[order].reset_index(drop=True)
    return Inventory(res, settings, lib, warnings)


def _notation_rows(act: pd.DataFrame) -> pd.DataFrame:
    scope = act["scope"].copy()
    elec = (act["activity"] == "electricity").to_numpy()
    scope = scope.fillna(pd.Series(np.where(elec, 2, 1), index=act.index)).astype(int)
    res = pd.DataFrame({"row": act.index.to_numpy(), "scope": scope.to_numpy()})
    for c in GAS_COLS:
        res[c] = np.nan
    res["factor_ids"] = ""
    res["conversion"] = ""
    return res


class Inventory:
    """A computed inventory: one result row per activity (and T&D loss) row.

    Attributes
    ----------
    rows : pandas.DataFrame
        ``ghgkit.schema.RESULT_COLUMNS`` plus ``co2e_t`` [t CO2e] and ``energy_tj``.
    settings : Settings
    gwp : str
        The GWP set used for every CO2e on this inventory.
    """

    def __init__(self, rows: pd.DataFrame, settings: Settings, library: FactorLibrary,
                 warnings: list[str] | None = None):
        self.settings = settings
        self.gwp = settings.gwp
        self.library = library
        self.warnings = list(warnings or [])
        g = gwp_values(self.gwp)
        rows = rows.copy(deep=False)
        rows["co2e_t"] = (rows["co2_t"].fillna(0) + rows["ch4_t"].fillna(0) * g["CH4"]
                          + rows["n2o_t"].fillna(0) * g["N2O"])
        rows.loc[rows[["co2_t", "ch4_t", "n2o_t"]].isna().all(axis=1), "co2e_t"] = np.nan
        levels = gpc_levels()
        rows["level"] = rows["gpc_ref"].map({k: v[1] for k, v in levels.items()}).fillna("other")
        self.rows = rows

    # -- totals ---------------------------------------------------------------
    @cached_property
    def totals(self) -> dict:
        r = self.rows
        basic = r["level"] == "BASIC"
        plus = r["level"].isin(["BASIC", "BASIC+"])
        t = {
            "co2e_t": float(r["co2e_t"].sum()),
            "basic_co2e_t": float(r.loc[basic, "co2e_t"].sum()),
            "basic_plus_co2e_t": float(r.loc[plus, "co2e_t"].sum()),
        }
        for c in GAS_COLS:
            t[c] = float(r[c].sum())
        pop = self.settings.population
        t["basic_per_capita_t"] = t["basic_co2e_t"] / pop if pop else None
        return t

    def by_sector(self) -> pd.DataFrame:
        cols = ["co2e_t", "co2_t", "ch4_t", "n2o_t", "co2_biogenic_t"]
        return self.rows.groupby(self.rows["sector"].astype(str), sort=False)[cols].sum(min_count=1)

    def by_scope(self) -> pd.Series:
        return self.rows.groupby(self.rows["scope"].astype(int))["co2e_t"].sum()

    def gpc_table(self) -> pd.DataFrame:
        """GPC reference numbers as rows, with gases, CO2e, scope, level and notation keys."""
        levels = gpc_levels()
        covered = ("I.", "II.", "III.")
        refs = [r for r in levels if r.startswith(covered)]
        agg = self.rows.groupby("gpc_ref")[["co2_t", "ch4_t", "n2o_t", "co2e_t", "co2_biogenic_t"]].sum(min_count=1)
        keys = (self.rows[self.rows["notation_key"].notna()].groupby("gpc_ref")["notation_key"]
                .agg(lambda s: "/".join(sorted(set(s)))))
        out = pd.DataFrame({"gpc_ref": refs})
        out["description"] = [levels[r][2] for r in refs]
        out["scope"] = [levels[r][0] for r in refs]
        out["level"] = [levels[r][1] for r in refs]
        out = out.join(agg, on="gpc_ref")
        out["notation_key"] = out["gpc_ref"].map(keys)
        return out

    # -- outputs --------------------------------------------------------------
    def to_dict(self) -> dict:
        s = self.settings
        rows = []
        cols = ["source", "sector", "subsector", "gpc_ref", "scope", "activity", "amount", "unit",
                "co2_t", "ch4_t", "n2o_t", "co2_biogenic_t", "co2e_t", "factor_ids", "notation_key"]
        r = self.rows.copy()
        r["source"] = [_where(x) for x in r[["file", "sheet", "cell", "line"]].itertuples(index=False)]
        for rec in r[cols].to_dict(orient="records"):
            rows.append({k: _jsonable(v) for k, v in rec.items()})
        by_sector = {k: {c: _jsonable(v) for c, v in d.items()}
                     for k, d in self.by_sector()[["co2e_t", "co2_t", "ch4_t", "n2o_t"]].to_dict("index").items()}
        return {
            "ghgkit_version": __version__, "city": s.city, "country": s.country,
            "inventory_year": s.inventory_year, "population": s.population, "gwp": self.gwp,
            "edition": s.edition,
            "totals": {k: _jsonable(v) for k, v in self.totals.items()},
            "by_sector": by_sector,
            "by_scope": {str(k): _jsonable(v) for k, v in self.by_scope().items()},
            "warnings": self.warnings,
            "rows": rows,
        }

    def to_json(self, indent: int | None = 1) -> str:
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)

    def to_csv(self, path=None) -> str | None:
        """Result rows as CSV; user text is made inert (no formulas)."""
        from .output import inert_series, write_text_atomic

        cols = ["sector", "subsector", "gpc_ref", "scope", "activity", "amount", "unit", "co2_t", "ch4_t",
                "n2o_t", "co2_biogenic_t", "co2e_t", "factor_ids", "notation_key", "file", "sheet", "cell",
                "line", "source", "notes"]
        df = self.rows[cols].copy()
        for c in ("activity", "unit", "source", "notes", "sheet", "file", "notation_key", "subsector", "sector"):
            df[c] = inert_series(df[c])
        text = df.to_csv(index=False)
        if path is None:
            return text
        write_text_atomic(path, text)
        return None

    def summary(self) -> str:
        """A readable summary: total, per capita, by sector and scope."""
        s, t = self.settings, self.totals
        lines = [f"{s.city or 'City'} ({s.country or '—'}), inventory year {s.inventory_year}; GWP {self.gwp} "
                 f"(100-yr), IPCC {s.edition} defaults"]
        lines.append(f"  BASIC      {t['basic_co2e_t']:>16,.1f} t CO2e")
        lines.append(f"  BASIC+     {t['basic_plus_co2e_t']:>16,.1f} t CO2e")
        if t["basic_per_capita_t"] is not None:
            lines.append(f"  per capita {t['basic_per_capita_t']:>16,.2f} t CO2e (BASIC, population {s.population:,.0f})")
        lines.append(f"  biogenic CO2 (memo, outside totals) {t['co2_biogenic_t']:,.1f} t")
        lines.append("  by sector (t CO2e, all scopes):")
        for sector, row in self.by_sector().iterrows():
            lines.append(f"    {sector:<16}{row['co2e_t'] if not pd.isna(row['co2e_t']) else 0:>16,.1f}")
        lines.append("  by scope (t CO2e):")
        for scope, v in self.by_scope().items():
            lines.append(f"    scope {scope:<10}{v:>16,.1f}")
        nk = self.rows["notation_key"].dropna()
        if len(nk):
            lines.append("  notation keys: " + ", ".join(f"{k} ×{n}" for k, n in nk.value_counts().items()))
        for w in self.warnings:
            lines.append(f"  warning: {w}")
        return "\n".join(lines)


def _where(t) -> str:
    file, sheet, cell, line = t
    if sheet is not None and not (isinstance(sheet, float) and np.isnan(sheet)):
        return f"{sheet}!{cell}"
    if line is not None and not (isinstance(line, float) and np.isnan(line)):
        return f"line {int(line)}"
    return ""


def _jsonable(v):
    if v is None:
        return None
    if isinstance(v, (np.floating, float)):
        return None if np.isnan(v) else float(v)
    if isinstance(v, (np.integer,)):
        return int(v)
    return v


def _to_excel(self, path):
    """Write the Excel report (Summary, GPC table, Calculation, Factors)."""
    from .reports import write_excel

    return write_excel(self, path)


def _to_html(self, path):
    """Write the self-contained HTML report."""
    from .reports import write_html

    return write_html(self, path)


Inventory.to_excel = _to_excel
Inventory.to_html = _to_html
