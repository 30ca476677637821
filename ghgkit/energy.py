"""Stationary energy, grid electricity and transport: IPCC 2006 Tier 1, vectorised.

Emissions = fuel [TJ] × EF [kg/TJ] (IPCC 2006 Vol. 2 Ch. 2 Eq. 2.1; Ch. 3 Eq. 3.2.1
for transport fuel sales). Volumes and masses reach energy through density and net
calorific value from the fuel table. Electricity: consumption × grid factor
(scope 2), and T&D losses (scope 3) when a loss rate is given.

The work per row is a multiplication: for each distinct (sector, subsector,
activity, unit, factor_id, year) a multiplier *t gas per unit of amount* is found
once (units parsed once, factors looked up once), then gathered onto the rows.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .errors import FactorError, GhgkitError, SettingsError, UnitError, UnitMismatchError
from .factors import FactorLibrary
from .importers import place_of, suggest
from .schema import GAS_COLUMNS, STATIONARY_SECTORS, gpc_ref
from .settings import Settings
from .units import conversion_factor, parse_unit, per_dimension

#: canonical unit per dimension: amounts and factor denominators are brought here
CANON = {"energy": "TJ", "mass": "t", "volume": "L", "distance": "km", "population": "person"}


@dataclass
class Multiplier:
    """t of each gas per one unit of amount, and the audit trail behind it."""

    per_gas: dict[str, float]
    factor_ids: str
    conversion: str
    energy_tj: float          # TJ per unit of amount (nan when not an energy path)


def fuel_energy_path(lib: FactorLibrary, activity: str, unit: str, target: str,
                     region: str | None, year: int | None) -> tuple[float, str]:
    """Scale from one *unit* of *activity* to the canonical unit of dimension *target*.

    Goes volume → mass by density and mass → energy by NCV (and back), with the
    properties of the fuel table.

    Returns
    -------
    (float, str)
        The scale and a text of the conversion for the audit trail.
    """
    src = parse_unit(unit)
    dim = src.dimension
    if dim not in ("energy", "mass", "volume"):
        raise UnitMismatchError(f"'{unit}' is not an energy, mass or volume unit, which {activity} needs",
                                hint="write e.g. L, m3, kg, t, GJ, TJ, kWh or MWh")
    scale = conversion_factor(unit, CANON[dim])
    steps = [] if unit == CANON[dim] else [f"1 {unit} = {scale:.6g} {CANON[dim]}"]
    order = ["volume", "mass", "energy"]
    i, j = order.index(dim), order.index(target) if target in order else -1
    if j < 0:
        raise UnitMismatchError(f"a factor per {target} cannot be applied to {activity} given in {unit}")

    def prop(name):
        try:
            v, row = lib.property(activity, name, region, year)
        except FactorError:
            need = {"density": "a density (to turn a volume into a mass)",
                    "ncv": "a net calorific value (to turn a mass into energy)"}[name]
            raise FactorError(f"{activity} given in {unit} needs {need}, and ghgkit has none for {activity}",
                              hint=f"enter {activity} in an energy unit (GJ, TJ, MWh), or give a "
                                   f"'{name}' property row in a factor file (--factors FILE)") from None
        ref = row.get("source_ref") or row.get("source")
        return v, ref

    while i != j:
        if i < j:
            name = "density" if order[i] == "volume" else "ncv"
            v, ref = prop(name)
            scale *= v
            steps.append(f"× {v:.6g} {'t/L' if name == 'density' else 'TJ/t'} ({name}, {ref})")
            i += 1
        else:
            name = "density" if order[i] == "mass" else "ncv"
            v, ref = prop(name)
            scale /= v
            steps.append(f"÷ {v:.6g} {'t/L' if name == 'density' else 'TJ/t'} ({name}, {ref})")
            i -= 1
    return scale, " ".join(steps)


def fuel_multiplier(lib: FactorLibrary, sector: str, subsector: str | None, activity: str, unit: str,
                    factor_ids: tuple[str, ...], region: str | None, year: int | None) -> Multiplier:
    """Multipliers (t gas per unit) for one fuel used in one sector."""
    explicit = {}
    for fid in factor_ids:
        f = lib.get(fid)
        explicit[f.gas] = fid
    gases = lib.gases(activity, sector, subsector)
    gases += [g for g in explicit if g not in gases]
    if not gases:
        where = sector + (f"/{subsector}" if subsector else "")
        raise FactorError(f"no emission factor for '{activity}' in {where}",
                          hint="give one in a factor file (--factors FILE) or a factor_id")
    per_gas, ids, conv, energy = {}, [], "", np.nan
    for gas in gases:
        f = lib.resolve(activity, gas, sector, subsector, region, year, explicit.get(gas))
        den = per_dimension(f.unit)
        ef = f.value * conversion_factor(f.unit, f"t/{CANON[den]}")
        scale, text = fuel_energy_path(lib, activity, unit, den, region, year)
        if den == "energy":
            energy, conv = scale, text
        elif not conv:
            conv = text
        col = GAS_COLUMNS.get(gas, "ch4_t" if gas.startswith("CH4") else None)
        per_gas[col] = per_gas.get(col, 0.0) + scale * ef
        ids.append(f.factor_id)
    return Multiplier(per_gas, ";".join(ids), conv, energy)


def _group_index(df: pd.DataFrame, keys: list) -> tuple[np.ndarray, pd.DataFrame]:
    """Group codes per row and the distinct key rows, without pandas groupby.

    *keys* are column names of *df* or (name, array) pairs.
    """
    combined = np.zeros(len(df), dtype=np.int64)
    cols = {}
    for k in keys:
        name, s = (k if isinstance(k, tuple) else (k, df[k]))
        s = pd.Series(s, index=df.index) if not isinstance(s, pd.Series) else s
        cols[name] = s
        if isinstance(s.dtype, pd.CategoricalDtype):
            codes, n = s.cat.codes.to_numpy().astype(np.int64), len(s.cat.categories)
        else:
            codes, uniq = pd.factorize(s, use_na_sentinel=True)
            codes, n = codes.astype(np.int64), len(uniq)
        combined = combined * (n + 1) + (codes + 1)
    gcodes, first = _factorize_first(combined)
    return gcodes, pd.DataFrame({n: s.iloc[first].to_numpy() for n, s in cols.items()})


def _factorize_first(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    codes, uniq = pd.factorize(values)
    first = np.full(len(uniq), -1, dtype=np.int64)
    # first occurrence of each code: reverse assignment keeps the smallest index
    idx = np.arange(len(values))[::-1]
    first[codes[::-1]] = idx
    return codes, first


def _val(v):
    return None if v is None or (isinstance(v, float) and np.isnan(v)) else v


def calculate_energy(activity: pd.DataFrame, settings: Settings, lib: FactorLibrary) -> pd.DataFrame:
    """Result rows for stationary energy, electricity and transport activity rows.

    *activity* holds only rows with an amount and a sector in stationary energy or
    transport (notation-key rows are handled by the inventory).
    """
    out = []
    if activity.empty:
        return pd.DataFrame()
    is_elec = (activity["activity"] == "electricity").to_numpy()
    is_transport = (activity["sector"] == "transport").to_numpy()
    method = activity["method"].astype(object).to_numpy()
    is_vkt = is_transport & (method == "vkt")
    fuels = activity[~is_elec & ~is_vkt]
    if len(fuels):
        out.append(_fuel_rows(fuels, settings, lib))
    if is_vkt.any():
        out.append(_vkt_rows(activity[is_vkt], settings, lib))
    if is_elec.any():
        out.extend(_electricity_rows(activity[is_elec], settings, lib))
    return pd.concat(out, ignore_index=True) if out else pd.DataFrame()


def _year_key(df: pd.DataFrame, settings: Settings) -> tuple[str, np.ndarray]:
    return "_year", df["year"].fillna(settings.inventory_year).to_numpy(dtype=np.int64)


def _apply(df: pd.DataFrame, gcodes: np.ndarray, mults: list[Multiplier], amount: np.ndarray,
           scope: np.ndarray) -> pd.DataFrame:
    res = pd.DataFrame({"row": df.index.to_numpy()})
    for col in ("co2_t", "ch4_t", "n2o_t", "co2_biogenic_t"):
        m = np.array([mu.per_gas.get(col, 0.0) for mu in mults], dtype=float)
        res[col] = amount * m[gcodes]
    res["energy_tj"] = amount * np.array([mu.energy_tj for mu in mults], dtype=float)[gcodes]
    res["factor_ids"] = np.array([mu.factor_ids for mu in mults], dtype=object)[gcodes]
    res["conversion"] = np.array([mu.conversion for mu in mults], dtype=object)[gcodes]
    res["scope"] = scope
    return res


def _located(err: GhgkitError, activity: pd.DataFrame, idx, column: str) -> GhgkitError:
    return err.at(place_of(activity, idx, column))


def _fuel_rows(df: pd.DataFrame, settings: Settings, lib: FactorLibrary) -> pd.DataFrame:
    keys = ["sector", "subsector", "activity", "unit", "factor_id", _year_key(df, settings)]
    gcodes, groups = _group_index(df, keys)
    first_rows = _first_index(df, gcodes, len(groups))
    mults = []
    for g, key in enumerate(groups.itertuples(index=False)):
        sector, sub, act, unit, fid, year = key
        sub = _val(sub) if sector == "transport" else None
        ids = tuple(x.strip() for x in str(fid).replace(",", ";").split(";") if x.strip()) if _val(fid) else ()
        try:
            mults.append(fuel_multiplier(lib, sector, sub, act, unit, ids, settings.country, int(year)))
        except GhgkitError as e:
            raise _located(e, df, first_rows[g], _column_of(e, bool(ids))) from None
    scope = df["scope"].fillna(1).to_numpy(dtype=np.int64)
    return _apply(df, gcodes, mults, df["amount"].to_numpy(dtype=float), scope)


def _column_of(err: GhgkitError, has_ids: bool = False) -> str:
    """Which cell of a row an error is about."""
    if isinstance(err, (UnitError, UnitMismatchError)) or "given in" in err.message:
        return "unit"
    if has_ids and isinstance(err, FactorError):
        return "factor_id"
    return "activity"


def _first_index(df: pd.DataFrame, gcodes: np.ndarray, n: int) -> np.ndarray:
    first = np.full(n, -1, dtype=np.int64)
    pos = np.arange(len(gcodes))[::-1]
    first[gcodes[::-1]] = pos
    return df.index.to_numpy()[first]


def _vkt_rows(df: pd.DataFrame, settings: Settings, lib: FactorLibrary) -> pd.DataFrame:
    """Distance-based transport: km × fuel economy (user-supplied) → fuel → emissions."""
    keys = ["subsector", "activity", "unit", "factor_id", _year_key(df, settings)]
    gcodes, groups = _group_index(df, keys)
    first_rows = _first_index(df, gcodes, len(groups))
    mults = []
    props = pd.concat([lib.override_properties, lib.properties], ignore_index=True)
    for g, (sub, vclass, unit, fid, year) in enumerate(groups.itertuples(index=False)):
        idx = first_rows[g]
        try:
            p = parse_unit(unit)
            if p.dimension != "distance":
                raise UnitMismatchError(f"'{unit}' is {p.dimension}, but the vkt method needs a distance "
                                        "(vehicle-km) such as km")
            hit = props[(props["activity"] == vclass) & (props["property"] == "fuel_economy")]
            if hit.empty:
                known = sorted(set(props.loc[props["property"] == "fuel_economy", "activity"]))
                raise FactorError(f"no fuel economy for vehicle class '{vclass}'",
                                  hint=(suggest(vclass, known) + " " if known else "") +
                                  "give a fuel_economy row (vehicle class, fuel, value, unit such as L/100km, "
                                  "source) in the workbook's Factors sheet or a factor file")
            row = hit.iloc[0]
            fuel_dim = (parse_unit(row["unit"]).quantity * parse_unit("km").quantity)
            fuel_unit = next(CANON[d] for d in ("volume", "energy", "mass")
                             if fuel_dim.dimensionality == parse_unit(CANON[d]).quantity.dimensionality)
            per_km = float(row["value"]) * conversion_factor(row["unit"], f"{fuel_unit}/km")
            km = conversion_factor(unit, "km")
            ids = tuple(x.strip() for x in str(fid).split(";") if x.strip()) if _val(fid) else ()
            m = fuel_multiplier(lib, "transport", _val(sub) or "on_road", row["fuel"], fuel_unit, ids,
                                settings.country, int(year))
        except GhgkitError as e:
            raise _located(e, df, idx, _column_of(e)) from None
        s = km * per_km
        mults.append(Multiplier({k: v * s for k, v in m.per_gas.items()},
                                f"{row['property_id']};{m.factor_ids}",
                                f"1 {unit} × {row['value']:g} {row['unit']} ({row['fuel']}, {row['source']}) "
                                f"= {s:.6g} {fuel_unit} {m.conversion}".strip(), m.energy_tj * s))
    scope = df["scope"].fillna(1).astype(int).to_numpy()
    return _apply(df, gcodes, mults, df["amount"].to_numpy(dtype=float), scope)


def _electricity_rows(df: pd.DataFrame, settings: Settings, lib: FactorLibrary) -> list[pd.DataFrame]:
    """Scope 2 grid electricity, and scope 3 T&D losses when ``td_loss_rate`` is set.

    Scope 2 CO2 [t] = consumption [MWh] × grid EF [t CO2/MWh].
    T&D losses: with L the share of electricity fed into the grid that is lost,
    the losses behind a consumption C are C × L / (1 − L); scope 3 CO2 = that × EF.
    """
    keys = ["sector", "unit", "factor_id", _year_key(df, settings)]
    gcodes, groups = _group_index(df, keys)
    first_rows = _first_index(df, gcodes, len(groups))
    mults = []
    for g, (sector, unit, fid, year) in enumerate(groups.itertuples(index=False)):
        idx = first_rows[g]
        try:
            p = parse_unit(unit)
            if p.dimension != "energy":
                raise UnitMismatchError(f"'{unit}' is {'an' if p.dimension[0] in 'aeiou' else 'a'} {p.dimension}, "
                                        "but electricity needs an energy unit such as kWh or MWh")
            mwh = conversion_factor(unit, "MWh")
            if _val(fid):
                f = lib.get(str(fid))
                ef, fids, src = conversion_factor(f.unit, "t/MWh") * f.value, f.factor_id, f.source_ref or f.source
            elif settings.grid_ef is not None:
                ef, fids, src = settings.grid_ef, "grid_ef", "Settings grid_ef"
            else:
                try:
                    f = lib.resolve("electricity", "CO2", sector, None, settings.country, int(year))
                except FactorError:
                    raise SettingsError(
                        "electricity needs a grid emission factor, and none is given",
                        hint="set grid_ef in the Settings sheet (t CO2/MWh, e.g. 0.55), or --set grid_ef=0.55, "
                             "or give an electricity factor row with its source") from None
                ef, fids, src = conversion_factor(f.unit, "t/MWh") * f.value, f.factor_id, f.source_ref or f.source
        except GhgkitError as e:
            raise _located(e, df, idx, _column_of(e) if isinstance(e, (UnitError, UnitMismatchError)) else "amount") from None
        conv = (f"1 {unit} = {mwh:.6g} MWh" if unit != "MWh" else "") + f" × {ef:.6g} t CO2/MWh ({src})"
        mults.append(Multiplier({"co2_t": mwh * ef}, fids, conv.strip(), np.nan))
    amount = df["amount"].to_numpy(dtype=float)
    scope2 = _apply(df, gcodes, mults, amount, df["scope"].fillna(2).astype(int).to_numpy())
    out = [scope2]
    if settings.td_loss_rate:
        rate = settings.td_loss_rate
        share = rate / (1 - rate)
        td = scope2.copy()
        for col in ("co2_t", "ch4_t", "n2o_t", "co2_biogenic_t"):
            td[col] = td[col] * share
        td["scope"] = 3
        td["conversion"] = td["conversion"] + f" × {share:.6g} (T&D losses: L/(1−L), L = {rate:g})"
        td["factor_ids"] = td["factor_ids"] + ";td_loss_rate"
        td["calc_notes"] = "transmission and distribution losses"
        out.append(td)
    return out


def attach_activity(res: pd.DataFrame, activity: pd.DataFrame) -> pd.DataFrame:
    """Copy the descriptive columns of each result's activity row, and add the GPC reference."""
    cols = ["sector", "subsector", "activity", "method", "amount", "unit", "notation_key", "data_quality",
            "uncertainty_pct", "file", "sheet", "cell", "line", "source", "notes"]
    pos = activity.index.get_indexer(res["row"].to_numpy())
    res = res.reset_index(drop=True)
    for c in cols:
        res[c] = activity[c].take(pos).to_numpy()
    stationary = res["sector"].isin(STATIONARY_SECTORS).to_numpy()
    if stationary.any():
        sub = res["subsector"].astype(object).to_numpy(copy=True)
        sub[stationary] = None
        res["subsector"] = sub
    codes, groups = _group_index(res, ["sector", "subsector", ("scope", res["scope"].to_numpy(dtype=np.int64))])
    refs = np.array([gpc_ref(s, _val(u), int(c)) for s, u, c in groups.itertuples(index=False)], dtype=object)
    res["gpc_ref"] = refs[codes]
    return res
