"""The inventory: sector calculators joined into rows, totals and GPC tables.

``calculate(activity, settings)`` checks the activity table's vocabularies (with
the cell of the first bad value), runs the sector calculators on the whole table at
once, joins CO2e with the settings' GWP set and returns an :class:`Inventory`.
"""

from __future__ import annotations

from functools import cached_property

import numpy as np
import pandas as pd

from ghgkit.errors import InputError
from ghgkit.factors import FactorLibrary
from ghgkit.gwp import co2e_of_gases, gwp_values
from ghgkit.io import inventory_out
from ghgkit.io.importers import place_of, suggest
from ghgkit.provenance import is_missing
from ghgkit.schema import (DATA_QUALITY, GPC_SECTOR_ALIASES, NOTATION_KEYS, RESULT_COLUMNS, SECTORS,
                     STATIONARY_SECTORS, SUBSECTORS, TRANSPORT_METHODS, gpc_levels, gpc_order)
from ghgkit.io.settings import Settings

GAS_COLS = ["co2_t", "ch4_t", "n2o_t", "co2_biogenic_t"]
#: the columns of :attr:`Inventory.rows`
ROW_COLUMNS = RESULT_COLUMNS + ["energy_tj", "co2e_t", "level"]
#: the activity table's number columns (floats in the categorical rows; any other column keeps its values)
ACTIVITY_NUMBERS = ("amount", "uncertainty_pct", "year", "scope")
#: text columns the calculators group by: held as categoricals
KEY_COLUMNS = ["sector", "subsector", "activity", "unit", "factor_id", "method", "notation_key", "data_quality"]
#: rows per step when CO2e is computed from the gases (its intermediates are a step's size)
VALUE_CHUNK = 65_536


def _first_bad(activity: pd.DataFrame, mask, column: str, message: str, hint: str):
    mask = np.asarray(mask, dtype=bool)
    if mask.any():
        idx = activity.index[np.argmax(mask)]
        raise InputError(message.format(value=activity.loc[idx, column]),
                         location=place_of(activity, idx, column), hint=hint.format(value=activity.loc[idx, column]))


def _check_vocab(activity: pd.DataFrame, column: str, allowed, what: str, mask=None):
    s = activity[column]
    if isinstance(s.dtype, pd.CategoricalDtype):
        if not len(s.cat.categories):
            return                                   # the column is empty: nothing to check
        codes = s.cat.codes.to_numpy()
        counts = np.bincount((codes if mask is None else codes[mask]) + 1, minlength=len(s.cat.categories) + 1)
        values = [s.cat.categories[c] for c in np.flatnonzero(counts[1:])]
    else:
        values = [v for v in pd.unique(s if mask is None else s[mask]) if v is not None and not pd.isna(v)]
    bad = [v for v in values if v not in allowed]
    if bad:
        m = s.isin(bad).to_numpy() & (True if mask is None else mask)
        _first_bad(activity, m, column, f"unknown {what} '{{value}}'",
                   suggest(bad[0], allowed) + f" ({what}: {', '.join(map(str, allowed))})")


def mask_in(s: pd.Series, values) -> np.ndarray:
    """``s.isin(values)`` as a numpy mask; for a categorical, one look-up per category."""
    if isinstance(s.dtype, pd.CategoricalDtype):
        lut = np.append(s.cat.categories.isin(list(values)), False)
        if not lut.any():
            return np.zeros(len(s), dtype=bool)
        return lut[s.cat.codes.to_numpy()]
    return s.isin(list(values)).to_numpy()


def used_values(s: pd.Series) -> set:
    """The distinct values a column holds (for a categorical: one bincount over the codes)."""
    if isinstance(s.dtype, pd.CategoricalDtype):
        if not len(s.cat.categories):
            return set()
        counts = np.bincount(s.cat.codes.to_numpy() + 1, minlength=len(s.cat.categories) + 1)
        return {s.cat.categories[i] for i in np.flatnonzero(counts[1:])}
    return {v for v in pd.unique(s) if v is not None and not pd.isna(v)}


def _check_scopes(act: pd.DataFrame, scope: np.ndarray) -> None:
    """A scope written on a row must fit what the row is (GPC ch. 3 and the sector chapters)."""
    elec = mask_in(act["activity"], ["electricity"])
    transport = mask_in(act["sector"], ["transport"])
    waste = mask_in(act["sector"], ["waste", "wastewater"])
    stationary_fuel = ~elec & ~transport & ~waste
    rules = [
        (elec, (2,), "grid electricity is scope 2 (its T&D losses, scope 3, are added from td_loss_rate)"),
        (stationary_fuel, (1,), "fuel burnt in the city is scope 1"),
        (transport & ~elec, (1, 3), "transport fuel is scope 1, or 3 for the part of trips outside the city"),
        (waste, (1, 3), "waste treated in the city is scope 1, waste sent outside the city scope 3"),
    ]
    given = ~np.isnan(scope)
    for mask, allowed, why in rules:
        bad = mask & given & ~np.isin(scope, allowed)
        _first_bad(act, bad, "scope", "scope {value:g} does not fit this row", why)


def prepare(activity: pd.DataFrame, lib: FactorLibrary) -> pd.DataFrame:
    """Resolve GPC-reference sectors and check every closed vocabulary."""
    act = activity.copy(deep=False)
    sec = act["sector"]
    if sec.isna().any():
        _first_bad(act, sec.isna().to_numpy(), "sector", "the sector is empty",
                   "choose one of " + ", ".join(SECTORS))
    aliases = {k.lower(): v for k, v in GPC_SECTOR_ALIASES.items()}
    if used_values(sec) & set(aliases):
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
    for c in KEY_COLUMNS:
        if not isinstance(act[c].dtype, pd.CategoricalDtype):
            act[c] = pd.Categorical(act[c].astype(object).where(act[c].notna(), None))
    for c in ("amount", "year", "scope"):
        if act[c].dtype != np.float64:
            act[c] = pd.to_numeric(act[c], errors="coerce").astype(np.float64)
    _check_vocab(act, "sector", SECTORS, "sector")
    sectors_used = used_values(act["sector"])
    for sector, subs in SUBSECTORS.items():
        if sector in sectors_used:
            m = mask_in(act["sector"], [sector])
            missing = m & act["subsector"].isna().to_numpy()
            _first_bad(act, missing, "subsector", f"{sector} rows need a subsector",
                       f"choose one of {', '.join(subs)}")
            _check_vocab(act, "subsector", subs, f"{sector} subsector", m)
    _check_vocab(act, "notation_key", list(NOTATION_KEYS), "notation key")
    _check_vocab(act, "data_quality", DATA_QUALITY, "data quality")
    scope = act["scope"].to_numpy()
    _first_bad(act, ~np.isnan(scope) & (scope != 1) & (scope != 2) & (scope != 3), "scope", "scope '{value}' is not 1, 2 or 3",
               "leave it empty to derive it, or write 1, 2 or 3")
    if not np.isnan(scope).all():
        _check_scopes(act, scope)
    both = ~np.isnan(act["amount"].to_numpy()) & (act["notation_key"].cat.codes.to_numpy() >= 0)
    _first_bad(act, both, "notation_key", "an amount and a notation key ('{value}') on the same row",
               "keep the amount and clear the key, or clear the amount if the key is meant")
    energy = mask_in(act["sector"], STATIONARY_SECTORS + ("transport",))
    vkt = mask_in(act["method"], ["vkt"])
    if "transport" in sectors_used:
        _check_vocab(act, "method", TRANSPORT_METHODS, "transport method", mask_in(act["sector"], ["transport"]))
    known = sorted(lib.activities() | {"electricity"})
    fuels = sorted(a for a in known if not a.startswith("ncv"))
    has_activity = act["activity"].cat.codes.to_numpy() >= 0
    _check_vocab(act, "activity", fuels, "fuel or activity", energy & ~vkt & has_activity)
    _first_bad(act, ~has_activity, "activity", "the activity is empty",
               "write the fuel (diesel, lpg …), electricity, or the waste stream")
    return act


def calculate(activity: pd.DataFrame, settings: Settings, library: FactorLibrary | None = None) -> "Inventory":
    """Compute the inventory of an activity table.

    Parameters
    ----------
    activity : pandas.DataFrame
        The activity table (see :mod:`ghgkit.io.importers`).
    settings : Settings
    library : FactorLibrary, optional
        Defaults to the shipped tables; the workbook's Factors rows are added as overrides.
    """
    from ghgkit.sectors import calculate_energy

    lib = library or FactorLibrary.default()
    if settings.factor_rows:
        lib = lib.with_overrides(rows=settings.factor_rows)
    act = prepare(activity.reset_index(drop=True), lib)
    has_amount = ~np.isnan(act["amount"].to_numpy())
    sector = act["sector"]
    energy = mask_in(sector, STATIONARY_SECTORS + ("transport",))
    parts = calculate_energy(act, np.flatnonzero(has_amount & energy), settings, lib)
    warnings: list[str] = []
    waste = mask_in(sector, ["waste", "wastewater"]) & has_amount
    if waste.any():
        from ghgkit.sectors.waste.calculator import calculate_waste

        w, wwarn = calculate_waste(act[waste], settings, lib)
        part = {c: w[c].to_numpy() for c in ("row", "scope", *GAS_COLS)}
        part["energy_tj"] = np.full(len(w), np.nan)
        part["gid"] = np.arange(len(w))
        wrow = w["row"].to_numpy(dtype=np.int64)
        part["info"] = [{"factor_ids": f, "conversion": c, "calc_notes": n, "sector": s_, "subsector": u,
                         "fossil": False, "uses": tuple(us)}
                        for f, c, n, us, s_, u in zip(w["factor_ids"], w["conversion"], w["calc_notes"], w["uses"],
                                                  act["sector"].astype(object).to_numpy()[wrow],
                                                  act["subsector"].astype(object).to_numpy()[wrow])]
        parts.append(part)
        warnings.extend(wwarn)
    nk = np.flatnonzero(~has_amount)
    if len(nk):
        parts.append(_notation_part(act, nk))
    if settings.grid_ef is not None and not settings.grid_ef_source and any(
            "grid_ef" in i["factor_ids"].split(";") for i in (p_i for p in parts for p_i in p["info"])):
        warnings.append("grid_ef has no source: set grid_ef_source (publisher, document, year) so that "
                        "reports can cite it")
    if settings.population is None:
        warnings.append("population not given: per-capita emissions are not computed (set population, the "
                        "residents in the inventory year)")
    core, info, mult = _concat(parts, act["amount"].to_numpy(dtype=float))
    _refuse_overflow(core, mult, act)
    return Inventory(core, info, mult, act, settings, lib, warnings)


#: emissions (t) beyond which a row or a total is refused: a gas times a GWP must stay a float
OVERFLOW = 1e304


def _refuse_overflow(core: dict, mult: dict, act: pd.DataFrame) -> None:
    """Refuse an amount whose emissions do not fit in a float (an amount of 1e308 t, or a unit
    such as '1e308 t'), naming its row: it would give an infinite total with exit 0.

    A row's mass is weight × multiplier, and totals sum the weights of a group before multiplying
    (:attr:`Inventory.keys`): while the sum of the weights' sizes stays below the bound and times the
    largest multiplier too, no row, no group and no total can overflow, so the rows are looked at
    only when that bound is passed. Weights that cannot be summed are refused at the largest. The
    bound is :data:`OVERFLOW` (1e304), not the float's 1.8e308: CO2e multiplies a gas by its GWP (up
    to 298 here), and waste rows, whose weight is 1, reached an infinite CO2e from finite gases."""
    w = core["w"]
    n = len(w)
    if not n:
        return
    with np.errstate(over="ignore", invalid="ignore"):
        wsum = float(np.nansum(np.abs(w)))             # NaN: a row without a number (a notation key)
    for c in GAS_COLS:
        m = mult[c]
        finite = m[np.isfinite(m)]                         # NaN: a row without a number (a notation key)
        largest = float(np.max(np.abs(finite))) if len(finite) else 0.0
        if not np.isinf(m).any() and wsum * largest < OVERFLOW:
            continue                                       # no infinite multiplier, and no sum can overflow
        with np.errstate(over="ignore", invalid="ignore"):
            vals = w * m[core["gid"]]
            total = float(np.nansum(vals))
        bad = ~(np.abs(vals) < OVERFLOW) & ~np.isnan(vals)
        if bad.any():
            row = int(core["row"][np.argmax(bad)])
            _first_bad(act, np.arange(len(act)) == row, "amount",
                       f"the {c} of this row is too large to compute (amount {{value}})",
                       hint="check the amount and its unit: is there a power of ten too many?")
        if not abs(total) < OVERFLOW:
            raise InputError(f"the inventory's {c} total is too large for a number",
                             hint="check the largest amounts and their units")
    if not wsum < OVERFLOW:                                # two rows of 1e308 kWh summed to inf (exit 0)
        big = np.zeros(len(act), dtype=bool)
        big[int(core["row"][int(np.nanargmax(np.abs(w)))])] = True
        _first_bad(act, big, "amount", "the amounts are too large to add up (this one: {value})",
                   hint="check the amount and its unit: is there a power of ten too many?")


def _concat(parts: list[dict], amount: np.ndarray) -> tuple[dict, list[dict], dict]:
    """Join compact parts: per row only (row, scope, group, weight); numbers per group.

    A row's mass of a gas is ``weight × multiplier[group]``: for the energy
    calculators the weight is the row's amount and the multiplier t per unit; parts
    with per-row values (waste, notation keys) get a group per row and weight 1.
    Totals then need one weighted bincount, not a pass per gas over the rows.
    """
    num = [*GAS_COLS, "energy_tj"]
    parts = [p for p in parts if len(p["row"])]
    n = sum(len(p["row"]) for p in parts)
    core = {c: np.empty(n, dtype=np.int64) for c in ("row", "scope", "gid")}
    core["w"] = np.empty(n, dtype=float)
    mult = {c: [] for c in num}
    info, start = [], 0
    for p in parts:
        sl = slice(start, start + len(p["row"]))
        core["row"][sl] = p["row"]
        core["scope"][sl] = p["scope"]
        np.add(p["gid"], len(info), out=core["gid"][sl], casting="unsafe")
        if "per_group" in p:
            np.take(amount, p["row"], out=core["w"][sl], mode="clip")
            for c in num:
                mult[c].append(np.asarray(p["per_group"][c], dtype=float))
        else:
            core["w"][sl] = 1.0
            for c in num:
                mult[c].append(np.asarray(p[c], dtype=float))
        info.extend(p["info"])
        start = sl.stop
    mult = {c: (np.concatenate(v) if v else np.empty(0)) for c, v in mult.items()}
    return core, info, mult


def _notation_part(act: pd.DataFrame, pos: np.ndarray) -> dict:
    scope = act["scope"].to_numpy(dtype=float)[pos]
    elec = (act["activity"].astype(object).to_numpy()[pos] == "electricity")
    scope = np.where(np.isnan(scope), np.where(elec, 2, 1), scope).astype(np.int64)
    res = {"row": pos, "scope": scope, "gid": np.arange(len(pos))}
    for c in GAS_COLS + ["energy_tj"]:
        res[c] = np.full(len(pos), np.nan)
    res["info"] = [{"factor_ids": "", "uses": (), "conversion": "", "calc_notes": None, "sector": s_,
                    "subsector": u, "fossil": None}
                   for s_, u in zip(act["sector"].astype(object).to_numpy()[pos],
                                    act["subsector"].astype(object).to_numpy()[pos])]
    return res


class Inventory:
    """A computed inventory: one result row per activity (and T&D loss) row.

    The numbers are held compactly: per row its activity position, scope, group and
    weight; per group the multipliers and the audit text. Totals come from one
    weighted bincount per (group, scope); :attr:`rows` builds the full table, with the
    activity's descriptive columns, on first use (reports and exports).

    Attributes
    ----------
    settings : Settings
    gwp : str
        The GWP set used for every CO2e on this inventory.
    """

    def __init__(self, core: dict, info: list[dict], mult: dict, activity: pd.DataFrame, settings: Settings,
                 library: FactorLibrary, warnings: list[str] | None = None):
        self.core, self.info, self.mult = core, info, mult
        self.settings = settings
        self.gwp = settings.gwp
        self.library = library
        self.activity = activity
        self.warnings = list(warnings or [])

    # -- per (group, scope) ----------------------------------------------------
    @cached_property
    def keys(self) -> pd.DataFrame:
        """One line per (group, scope) present: sector, GPC reference, level and the
        masses of each gas and CO2e summed over its rows [t]."""
        from ghgkit.sectors.common import gpc_columns

        ng = len(self.info)
        key = self.core["gid"] * 3 + (self.core["scope"] - 1)
        count = np.bincount(key, minlength=3 * ng)
        wsum = np.bincount(key, weights=self.core["w"], minlength=3 * ng)
        present = np.flatnonzero(count)
        g = present // 3
        scope = present % 3 + 1
        ref, level, sector = gpc_columns(g, scope, self.info)
        out = pd.DataFrame({"gid": g, "scope": scope, "rows": count[present], "sector": sector,
                            "gpc_ref": ref, "level": level})
        for c in (*GAS_COLS, "energy_tj"):
            out[c] = self.mult[c][g] * wsum[present]
        out["co2e_t"] = co2e_of_gases(out["co2_t"].to_numpy(), out["ch4_t"].to_numpy(), out["n2o_t"].to_numpy(),
                              self.ch4_gwp[g], gwp_values(self.gwp)["N2O"])
        return out

    @cached_property
    def ch4_gwp(self) -> np.ndarray:
        """The CH4 GWP of each group: the set's CH4 value, or with ``ch4_gwp = by_origin``
        (AR6 only) 29.8 for CH4 from fossil fuels and 27.0 for biogenic CH4 (AR6 WG1 Table 7.15)."""
        g = gwp_values(self.gwp)
        if self.settings.ch4_gwp != "by_origin":
            return np.full(len(self.info), g["CH4"])
        return np.array([g["CH4_fossil"] if i.get("fossil") else g["CH4_non_fossil"] for i in self.info])

    def _values(self, c: str, at: np.ndarray | None = None) -> np.ndarray:
        """Per-row values of a gas column (``co2_t`` …, ``energy_tj``, ``co2e_t``); of the rows at
        the core positions *at* only, when given (the same numbers: each is one row's product).
        CO2e is computed :data:`VALUE_CHUNK` rows at a time from the three gases (for a million
        rows its intermediates held ~60 MB at once, the Excel report's peak)."""
        gid, w = self.core["gid"], self.core["w"]
        if at is not None and np.asarray(at).dtype == bool:
            at = np.flatnonzero(at)                 # a mask: its positions (the steps slice positions)
        if c != "co2e_t":
            if at is not None:
                gid, w = gid[at], w[at]
            return w * self.mult[c][gid]
        n = len(gid) if at is None else len(at)
        out = np.empty(n)
        g_n2o = gwp_values(self.gwp)["N2O"]
        for lo in range(0, n, VALUE_CHUNK):
            part = slice(lo, lo + VALUE_CHUNK)
            g, ww = (gid[part], w[part]) if at is None else (gid[at[part]], w[at[part]])
            out[part] = co2e_of_gases(ww * self.mult["co2_t"][g], ww * self.mult["ch4_t"][g],
                                      ww * self.mult["n2o_t"][g], self.ch4_gwp[g], g_n2o)
        return out

    @cached_property
    def rows(self) -> pd.DataFrame:
        """Result rows with ``ghgkit.schema.RESULT_COLUMNS``, ``co2e_t``, ``energy_tj`` and ``level``,
        ordered as the activity rows (a T&D loss row after its scope 2 row)."""
        return self._materialise(ROW_COLUMNS)

    def rows_head(self, n: int, columns: list[str] | None = None) -> pd.DataFrame:
        """The first *n* result rows (all of :attr:`rows`' columns, or *columns*), without building
        the others (the HTML page shows the first 5,000 of any number)."""
        columns = ROW_COLUMNS if columns is None else columns
        if "rows" in self.__dict__ and set(columns) <= set(self.rows.columns):
            return self.rows.iloc[:n][columns]
        return self._materialise(columns, at=self.row_order[:n])

    @cached_property
    def row_order(self) -> np.ndarray:
        """Positions in :attr:`core` of the result rows, in the order of :attr:`rows`
        (activity row, then scope)."""
        return np.lexsort((self.core["scope"], self.core["row"]))

    @cached_property
    def row_groups(self) -> np.ndarray:
        """The group (index into :attr:`info`) of each result row, in the order of :attr:`rows`; that
        group's ``uses`` and ``conversion_uses`` are the provenance of the row's numbers."""
        return self.core["gid"][self.row_order]

    def _materialise(self, columns: list[str], categorical: bool = False,
                     at: np.ndarray | None = None) -> pd.DataFrame:
        """The result rows with *columns*, joined from the compact numbers and the activity table.
        *categorical*: text columns as categoricals over the activity table's codes (a byte or two a
        row, for the Excel report of a million rows) instead of objects; places as they are in the
        activity table, ``line`` as floats. *at*: the rows at these positions of :attr:`core` only,
        in this order (e.g. ``row_order[:n]``, the first *n* rows); default all, in :attr:`row_order`."""
        from ghgkit.sectors.common import _cat, gpc_columns

        core = self.core
        order = self.row_order if at is None else at
        pos = core["row"][order]
        gid = core["gid"][order]
        scope = core["scope"][order]
        out = {"row": pos, "scope": scope}
        for c in ("factor_ids", "conversion", "calc_notes"):
            if c in columns:
                per_group = [i[c] for i in self.info]
                if not categorical:
                    out[c] = np.array(per_group + [None], dtype=object)[gid]
                elif c == "calc_notes":
                    out[c] = _cat(gid, per_group)
                else:                                   # missing is '' (as np.where below)
                    out[c] = _cat(gid, ["" if is_missing(v) else v for v in per_group])
        ref, level, sector = gpc_columns(gid, scope, self.info)
        if categorical:
            out.update(gpc_ref=ref, level=level, sector=sector)
        else:
            out.update(gpc_ref=np.asarray(ref, dtype=object), level=np.asarray(level, dtype=object),
                       sector=np.asarray(sector, dtype=object))
        for c in (*GAS_COLS, "energy_tj", "co2e_t"):
            if c not in columns:
                continue
            if categorical and c == "co2e_t" and all(g in out for g in ("co2_t", "ch4_t", "n2o_t")):
                # from the gases just gathered (the same products), not computed a second time
                out[c] = co2e_of_gases(out["co2_t"], out["ch4_t"], out["n2o_t"], self.ch4_gwp[gid],
                                       gwp_values(self.gwp)["N2O"])
            else:
                out[c] = self._values(c)[order] if at is None and not categorical else self._values(c, order)
        for c in columns:
            if c not in out and c in self.activity.columns:
                s = self.activity[c]
                if not categorical:
                    out[c] = s.take(pos).astype(object).to_numpy()
                elif isinstance(s.dtype, pd.CategoricalDtype):
                    out[c] = pd.Categorical.from_codes(s.cat.codes.to_numpy()[pos], s.cat.categories)
                elif c == "line" or (c in ACTIVITY_NUMBERS and s.dtype.kind in "iuf"):
                    out[c] = pd.to_numeric(s, errors="coerce").to_numpy(dtype=float, na_value=np.nan)[pos]
                else:
                    out[c] = s.to_numpy(dtype=object)[pos]
        if "subsector" in out:
            if categorical:
                sub = out["subsector"]
                stationary = np.append(sector.categories.isin(list(STATIONARY_SECTORS)), False)[sector.codes]
                out["subsector"] = pd.Categorical.from_codes(np.where(stationary, -1, sub.codes), sub.categories)
            else:
                stationary = pd.Series(out["sector"]).isin(STATIONARY_SECTORS).to_numpy()
                out["subsector"] = np.where(stationary, None, out["subsector"])
        for c in ("factor_ids", "conversion"):
            if c in out and not categorical:
                out[c] = np.where(pd.isna(out[c]), "", out[c])
        # text stays in object columns: pandas would otherwise copy every string into an Arrow
        # string column here (the slowest step of the whole calculation for large tables);
        # categorical: the columns are not consolidated into blocks (a copy of every number)
        return pd.DataFrame({c: (pd.Series(out[c], dtype=object, copy=False)
                                 if isinstance(out[c], np.ndarray) and out[c].dtype == object else out[c])
                             for c in columns}, copy=False if categorical else None)

    # -- totals ---------------------------------------------------------------
    @cached_property
    def totals(self) -> dict:
        k = self.keys
        co2e = k["co2e_t"].to_numpy()
        basic = (k["level"] == "BASIC").to_numpy()
        plus = basic | (k["level"] == "BASIC+").to_numpy()
        t = {
            "co2e_t": float(np.nansum(co2e)),
            "basic_co2e_t": float(np.nansum(co2e[basic])),
            "basic_plus_co2e_t": float(np.nansum(co2e[plus])),
        }
        for c in GAS_COLS:
            t[c] = float(np.nansum(k[c].to_numpy()))
        pop = self.settings.population
        t["basic_per_capita_t"] = t["basic_co2e_t"] / pop if pop else None
        return t

    def by_sector(self) -> pd.DataFrame:
        """Gases and CO2e per sector, all scopes [t]; sectors with only notation keys show NaN."""
        cols = ["co2e_t", "co2_t", "ch4_t", "n2o_t", "co2_biogenic_t"]
        k = self.keys
        g = k.groupby(k["sector"].astype(str), sort=False)[cols].sum(min_count=1)
        g = g.reindex([x for x in SECTORS if x in g.index] + [x for x in g.index if x not in SECTORS])
        g.index.name = "sector"
        return g

    def by_scope(self) -> pd.Series:
        return self.keys.groupby("scope")["co2e_t"].sum()

    def gpc_table(self) -> pd.DataFrame:
        """GPC reference numbers as rows, with gases, CO2e, scope, level, and the notation
        key where no number stands (a key on one fuel of a sub-sector that has numbers for
        others is shown on that row of the calculation, not in this table)."""
        levels = gpc_levels()
        covered = ("I.", "II.", "III.")
        refs = [r for r in levels if r.startswith(covered)]
        k = self.keys
        agg = k.groupby(k["gpc_ref"].astype(object))[["co2_t", "ch4_t", "n2o_t", "co2e_t", "co2_biogenic_t"]] \
            .sum(min_count=1)
        keyed = self.activity["notation_key"].notna().to_numpy()[self.core["row"]]
        nk = self._materialise(["gpc_ref", "notation_key"], categorical=True, at=np.flatnonzero(keyed))
        nk = nk.astype(object)                      # the rows with a key only (not all rows), as text
        keys = nk.groupby("gpc_ref")["notation_key"].agg(lambda s: "/".join(sorted(set(s))))
        # a reference the GPC does not number (off-road scope 3: II.5.3, the T&D losses of its grid
        # energy) is listed after its sub-sector's, as reported only, so the table adds up to all
        # reported emissions (it was left out of the reports' GPC tables, though in the totals)
        levels = dict(levels)
        for r in agg.index:
            if isinstance(r, str) and r.startswith(covered) and r not in levels:
                head, _, n = r.rpartition(".")
                sibling = next((x for x in refs if x.rpartition(".")[0] == head), None)
                sub = levels[sibling][2].partition(": ")[0] if sibling else head
                levels[r] = (int(n) if n.isdigit() else 0, "other",
                             f"{sub}: scope {n}, which the GPC does not number (in all reported emissions, not in "
                             "BASIC or BASIC+)")
                refs.append(r)
        refs.sort(key=gpc_order)
        out = pd.DataFrame({"gpc_ref": refs})
        out["description"] = [levels[r][2] for r in refs]
        out["scope"] = [levels[r][0] for r in refs]
        out["level"] = [levels[r][1] for r in refs]
        out = out.join(agg, on="gpc_ref")
        out["notation_key"] = out["gpc_ref"].map(keys).where(out["co2e_t"].isna())
        return out

    def to_dict(self) -> dict:
        """The JSON contract of DESIGN.md as Python objects (NaN becomes None)."""
        return inventory_out.to_dict(self)

    def to_json(self, indent: int | None = 1) -> str:
        """The JSON contract of DESIGN.md; the rows are written by pandas (vectorised)."""
        return inventory_out.to_json(self, indent)

    def to_csv(self, path=None) -> str | None:
        """Result rows as CSV (see ghgkit.io.inventory_out); user text is made inert (no formulas)."""
        return inventory_out.to_csv(self, path)

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
        a = self.activity
        keys_only = a.loc[np.isnan(a["amount"].to_numpy())].groupby(a["sector"].astype(str), observed=True)[
            "notation_key"].agg(lambda x: "/".join(sorted(set(map(str, x.dropna())))))
        for sector, row in self.by_sector().iterrows():
            value = (f"{row['co2e_t']:>16,.1f}" if not pd.isna(row["co2e_t"])
                     else f"{keys_only.get(sector, '') or '—':>16}")
            lines.append(f"    {sector:<16}{value}")
        lines.append("  by scope (t CO2e):")
        for scope, v in self.by_scope().items():
            lines.append(f"    scope {scope:<10}{v:>16,.1f}")
        a = self.activity
        nk = a.loc[np.isnan(a["amount"].to_numpy()), "notation_key"].dropna().astype(str)
        if len(nk):
            lines.append("  notation keys: " + ", ".join(f"{k} ×{n}" for k, n in nk.value_counts().items()))
        for w in self.warnings:
            lines.append(f"  warning: {w}")
        return "\n".join(lines)


def _to_excel(self, path, lang=None):
    """Write the Excel report (Summary, GPC table, Calculation, Factors); *lang* as ghgkit.i18n."""
    from ghgkit.reports.excel import write_excel

    return write_excel(self, path, lang=lang)


def _to_html(self, path, lang=None):
    """Write the self-contained HTML report; *lang* (en, ja, id, vi, th) defaults to the current one."""
    from ghgkit.reports.html import write_html

    return write_html(self, path, lang=lang)


Inventory.to_excel = _to_excel
Inventory.to_html = _to_html


def _landfill_series(self) -> pd.DataFrame:
    """Landfill CH4 generated, recovered and emitted per year, from the first deposit (back-cast
    included) to the inventory year (see :func:`ghgkit.sectors.waste.landfill_rows.landfill_series`)."""
    from ghgkit.sectors.waste.landfill_rows import landfill_series

    return landfill_series(self.activity, self.settings)


Inventory.landfill_series = _landfill_series


def _uncertainty(self, method: str = "approach1", draws: int = 10_000, seed: int = 0):
    """The uncertainty of the totals and of each row (IPCC 2006 Vol. 1 Ch. 3); kept on the
    inventory as ``uncertainty_result`` so the JSON, CSV and reports include it.

    See :func:`ghgkit.inventory_uncertainty.inventory_uncertainty`.
    """
    from ghgkit.inventory_uncertainty import inventory_uncertainty

    self.uncertainty_result = inventory_uncertainty(self, method, draws=draws, seed=seed)
    return self.uncertainty_result


Inventory.uncertainty = _uncertainty
Inventory.uncertainty_result = None
