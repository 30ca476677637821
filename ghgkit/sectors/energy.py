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

from ghgkit.errors import FactorError, GhgkitError, SettingsError, UnitError, UnitMismatchError
from ghgkit.factors import FactorLibrary
from ghgkit.io.importers import place_of, suggest
from ghgkit.schema import BIOMASS_FUELS, GAS_COLUMNS, STATIONARY_SECTORS, gpc_ref
from ghgkit.io.settings import Settings
from ghgkit.units import conversion_factor, parse_unit, per_dimension

#: canonical unit per dimension: amounts and factor denominators are brought here
CANON = {"energy": "TJ", "mass": "t", "volume": "L", "distance": "km", "population": "person"}


@dataclass
class Multiplier:
    """t of each gas per one unit of amount, and the audit trail behind it."""

    per_gas: dict[str, float]
    factor_ids: str
    conversion: str
    energy_tj: float          # TJ per unit of amount (nan when not an energy path)
    fuel: str | None = None   # the fuel burnt (vehicle classes of the vkt method)


def fuel_energy_path(lib: FactorLibrary, activity: str, unit: str, target: str,
                     region: str | None, year: int | None, basis: str = "net") -> tuple[float, str]:
    """Scale from one *unit* of *activity* to the canonical unit of dimension *target*.

    Goes volume → mass by density and mass → energy by NCV (and back), with the
    properties of the fuel table. An amount in an energy unit is on the *basis* given:
    ``net`` (the IPCC factors' basis) or ``gross`` (most gas bills), which is turned
    into net energy by the fuel's ``ncv_gcv`` property (IPCC 2006 Vol. 2 Ch. 1
    sect. 1.4.1.2: NCV = 0.9 × GCV for natural gas, 0.95 × GCV for liquid and solid
    fuels); the conversion text names the basis.

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
    steps = [unit] + ([] if unit == CANON[dim] else [f"× {scale:.6g} {CANON[dim]}/{unit}"])
    if dim == "energy":
        scale, basis_step = _to_net(lib, activity, unit, scale, region, year, basis)
        steps.append(basis_step)
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
        printed = f"{row['value']:g} {row['unit']}"          # as the source prints it
        return v, f"{name.upper() if name == 'ncv' else name} {printed}, {ref}"

    while i != j:
        if i < j:
            name = "density" if order[i] == "volume" else "ncv"
            v, ref = prop(name)
            scale *= v
            steps.append(f"× {v:.6g} {'t/L' if name == 'density' else 'TJ/t'} ({ref})")
            i += 1
        else:
            name = "density" if order[i] == "mass" else "ncv"
            v, ref = prop(name)
            scale /= v
            steps.append(f"÷ {v:.6g} {'t/L' if name == 'density' else 'TJ/t'} ({ref})")
            i -= 1
    steps.append(f"= {scale:.6g} {CANON[target]}/{unit}")
    return scale, " ".join(steps) if len(steps) > 2 else ""


def _to_net(lib, activity, unit, scale, region, year, basis) -> tuple[float, str]:
    """Energy on the *basis* given (``net`` or ``gross``) as net energy, and the step's text."""
    if basis != "gross":
        return scale, "(net calorific basis)"
    try:
        ratio, row = lib.property(activity, "ncv_gcv", region, year)
    except FactorError:
        raise FactorError(f"{activity} in {unit} on a gross calorific basis needs its NCV/GCV ratio, and ghgkit "
                          f"has none for {activity}",
                          hint="give an 'ncv_gcv' property row in a factor file (--factors FILE), or enter the "
                               "amount on a net basis (energy_basis = net)") from None
    ref = row.get("source_ref") or row.get("source")
    return scale * ratio, f"× {ratio:g} NCV/GCV (gross calorific basis, energy_basis = gross; {ref})"


def fuel_multiplier(lib: FactorLibrary, sector: str, subsector: str | None, activity: str, unit: str,
                    factor_ids: tuple[str, ...], region: str | None, year: int | None,
                    basis: str = "net") -> Multiplier:
    """Multipliers (t gas per unit) for one fuel used in one sector (*basis*: see :func:`fuel_energy_path`)."""
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
        scale, text = fuel_energy_path(lib, activity, unit, den, region, year, basis)
        if den == "energy":
            energy, conv = scale, text
        elif not conv:
            conv = text
        col = GAS_COLUMNS.get(gas, "ch4_t" if gas.startswith("CH4") else None)
        per_gas[col] = per_gas.get(col, 0.0) + scale * ef
        ids.append(f.factor_id)
    return Multiplier(per_gas, ";".join(ids), conv, energy)


def codes_of(s: pd.Series, pos: np.ndarray | None = None) -> tuple[np.ndarray, pd.Index]:
    """Integer codes (-1 for missing) and their values, for all rows or the rows at *pos*."""
    if isinstance(s.dtype, pd.CategoricalDtype):
        codes = s.cat.codes.to_numpy()
        return (codes if pos is None else codes[pos]), s.cat.categories
    sub = s if pos is None else s.take(pos)
    codes, uniq = pd.factorize(sub, use_na_sentinel=True)
    return codes, pd.Index(uniq, dtype=object)


class Groups:
    """Rows grouped by several keys given as (codes, values) pairs.

    ``codes`` is the group of each row; ``keys`` the key tuple of each group;
    :meth:`first` the position of a group's first row (for error messages).
    """

    def __init__(self, columns: list[tuple[np.ndarray, pd.Index]]):
        n = len(columns[0][0])
        combined = np.zeros(n, dtype=np.int64)
        radices = []
        for codes, values in columns:
            radices.append(len(values) + 1)
            combined *= len(values) + 1
            combined += codes
            combined += 1
        space = int(np.prod(radices, dtype=object))
        if space <= 1 << 24:
            # small key space: a lookup table instead of hashing
            seen = np.zeros(space, dtype=bool)
            seen[combined] = True
            present = np.flatnonzero(seen)
            table = np.cumsum(seen) - 1
            self.codes = table[combined]
        else:
            self.codes, present = pd.factorize(combined)
        self.keys = [self._decode(int(c), columns, radices) for c in present]

    @staticmethod
    def _decode(code: int, columns, radices) -> tuple:
        parts = []
        for (_, values), r in zip(reversed(columns), reversed(radices)):
            code, k = divmod(code, r)
            parts.append(None if k == 0 else values[k - 1])
        return tuple(reversed(parts))

    def first(self, g: int) -> int:
        return int(np.argmax(self.codes == g))


def _val(v):
    return None if v is None or (isinstance(v, float) and np.isnan(v)) else v


def _column_of(err: GhgkitError, has_ids: bool = False) -> str:
    """Which cell of a row an error is about."""
    if isinstance(err, (UnitError, UnitMismatchError)) or "given in" in err.message:
        return "unit"
    if has_ids and isinstance(err, FactorError):
        return "factor_id"
    return "activity"


def _ids(fid) -> tuple[str, ...]:
    if not _val(fid):
        return ()
    return tuple(x.strip() for x in str(fid).replace(",", ";").split(";") if x.strip())


def calculate_energy(act: pd.DataFrame, pos: np.ndarray, settings: Settings, lib: FactorLibrary) -> list[dict]:
    """Compact result rows for stationary energy, electricity and transport.

    Parameters
    ----------
    act : pandas.DataFrame
        The whole activity table, with a RangeIndex.
    pos : numpy.ndarray
        Positions of the rows to compute (with an amount, in an energy or transport sector).

    Returns
    -------
    list of dict
        Parts (column -> array) with ``row`` (position in *act*), ``scope``, gas masses [t], ``energy_tj``,
        and categorical ``factor_ids``, ``conversion``, ``calc_notes``.
    """
    if not len(pos):
        return []
    activity_codes, activity_values = codes_of(act["activity"], pos)
    elec_code = activity_values.get_indexer(["electricity"])[0]
    is_elec = activity_codes == elec_code if elec_code >= 0 else np.zeros(len(pos), bool)
    sec_codes, sec_values = codes_of(act["sector"], pos)
    tr_code = sec_values.get_indexer(["transport"])[0]
    is_tr = sec_codes == tr_code if tr_code >= 0 else np.zeros(len(pos), bool)
    m_codes, m_values = codes_of(act["method"], pos)
    vkt_code = m_values.get_indexer(["vkt"])[0]
    is_vkt = is_tr & (m_codes == vkt_code) if vkt_code >= 0 else np.zeros(len(pos), bool)
    parts = []
    fuel = ~is_elec & ~is_vkt
    if fuel.any():
        parts.append(_fuel_part(act, pos[fuel], settings, lib))
    if is_vkt.any():
        parts.append(_vkt_part(act, pos[is_vkt], settings, lib))
    if is_elec.any():
        parts.extend(_electricity_parts(act, pos[is_elec], settings, lib))
    return parts


def _years(act: pd.DataFrame, pos: np.ndarray, settings: Settings) -> tuple[np.ndarray, pd.Index]:
    y = act["year"].to_numpy(dtype=float)[pos]
    nan = np.isnan(y)
    if nan.all():
        return np.zeros(len(pos), np.int8), pd.Index([settings.inventory_year])
    y = np.where(nan, settings.inventory_year, y).astype(np.int64)
    codes, uniq = pd.factorize(y)
    return codes.astype(np.int64), pd.Index(uniq)


def _part(act, pos, groups: "Groups", mults: list[Multiplier], scope: np.ndarray, keys: list[tuple],
          notes: str | None = None) -> dict:
    """A compact part: rows, their group, one multiplier per group and gas, per-group text.

    The per-row numbers (amount × multiplier) are written once, straight into the
    inventory's arrays (see ``inventory._concat``). *keys* gives (sector, subsector)
    of each group.
    """
    data = {"row": pos, "scope": scope, "gid": groups.codes, "per_group": {
        col: np.array([mu.per_gas.get(col, 0.0) for mu in mults], dtype=float)
        for col in ("co2_t", "ch4_t", "n2o_t", "co2_biogenic_t")}}
    data["per_group"]["energy_tj"] = np.array([mu.energy_tj for mu in mults], dtype=float)
    data["info"] = [{"factor_ids": mu.factor_ids, "conversion": mu.conversion, "calc_notes": notes,
                     "sector": k[0], "subsector": k[1], "fossil": k[2]} for mu, k in zip(mults, keys)]
    return data


def _cat(codes: np.ndarray, values: list) -> pd.Categorical:
    """A categorical from group codes and one value per group (values may repeat or be None)."""
    vcodes, uniq = pd.factorize(pd.Series(values, dtype=object), use_na_sentinel=True)
    return pd.Categorical.from_codes(vcodes[codes] if len(values) else codes,
                                     categories=pd.Index(uniq, dtype=object))


def _scope(act, pos, default: int) -> np.ndarray:
    col = act["scope"].to_numpy(dtype=float)
    if np.isnan(col).all():                      # no scope written anywhere: all derived
        return np.full(len(pos), default, dtype=np.int64)
    s = col[pos]
    return np.where(np.isnan(s), default, s).astype(np.int64)


def _fuel_part(act, pos, settings: Settings, lib: FactorLibrary) -> dict:
    cols = [codes_of(act[c], pos) for c in ("sector", "subsector", "activity", "unit", "factor_id")]
    groups = Groups(cols + [_years(act, pos, settings)])
    mults = []
    for g, (sector, sub, activity, unit, fid, year) in enumerate(groups.keys):
        sub = sub if sector == "transport" else None
        ids = _ids(fid)
        try:
            mults.append(fuel_multiplier(lib, sector, sub, activity, unit, ids, settings.country, int(year),
                                         settings.energy_basis))
        except GhgkitError as e:
            raise e.at(place_of(act, pos[groups.first(g)], _column_of(e, bool(ids)))) from None
    return _part(act, pos, groups, mults, _scope(act, pos, 1),
                 [(k[0], k[1], k[2] not in BIOMASS_FUELS) for k in groups.keys])


def _vkt_part(act, pos, settings: Settings, lib: FactorLibrary) -> dict:
    """Distance-based transport: km × fuel economy (user-supplied) → fuel → emissions."""
    cols = [codes_of(act[c], pos) for c in ("subsector", "activity", "unit", "factor_id")]
    groups = Groups(cols + [_years(act, pos, settings)])
    props = pd.concat([lib.override_properties, lib.properties], ignore_index=True)
    mults = []
    for g, (sub, vclass, unit, fid, year) in enumerate(groups.keys):
        try:
            mults.append(_vkt_multiplier(lib, props, sub, vclass, unit, _ids(fid), settings, int(year)))
        except GhgkitError as e:
            raise e.at(place_of(act, pos[groups.first(g)], _column_of(e))) from None
    return _part(act, pos, groups, mults, _scope(act, pos, 1),
                 [("transport", k[0], getattr(m, "fuel", None) not in BIOMASS_FUELS) for k, m in zip(groups.keys, mults)])


def _vkt_multiplier(lib, props, sub, vclass, unit, ids, settings, year) -> Multiplier:
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
    fuel_dim = parse_unit(row["unit"]).quantity * parse_unit("km").quantity
    fuel_unit = next(CANON[d] for d in ("volume", "energy", "mass")
                     if fuel_dim.dimensionality == parse_unit(CANON[d]).quantity.dimensionality)
    per_km = float(row["value"]) * conversion_factor(row["unit"], f"{fuel_unit}/km")
    s = conversion_factor(unit, "km") * per_km
    m = fuel_multiplier(lib, "transport", sub or "on_road", row["fuel"], fuel_unit, ids, settings.country, year)
    return Multiplier({k: v * s for k, v in m.per_gas.items()}, f"{row['property_id']};{m.factor_ids}",
                      f"{unit} × {s:.6g} {fuel_unit}/{unit} (fuel economy {row['value']:g} {row['unit']} of "
                      f"{row['fuel']}, {row['source']}); then {m.conversion or fuel_unit}", m.energy_tj * s,
                      row["fuel"])


def _electricity_parts(act, pos, settings: Settings, lib: FactorLibrary) -> list[dict]:
    """Scope 2 grid electricity, and scope 3 T&D losses when ``td_loss_rate`` is set.

    Scope 2 CO2 [t] = consumption [MWh] × grid EF [t CO2/MWh].
    T&D losses: with L the share of electricity fed into the grid that is lost,
    the losses behind a consumption C are C × L / (1 − L); scope 3 CO2 = that × EF.
    Grid factor: an explicit ``factor_id``, else the ``grid_ef`` setting, else a
    user factor row for ``electricity``; none ships by default.
    """
    cols = [codes_of(act[c], pos) for c in ("sector", "subsector", "unit", "factor_id")]
    groups = Groups(cols + [_years(act, pos, settings)])
    keys = [(k[0], k[1] if k[0] == "transport" else None, True) for k in groups.keys]
    mults = []
    for g, (sector, _sub, unit, fid, year) in enumerate(groups.keys):
        try:
            mults.append(_electricity_multiplier(lib, settings, sector, unit, fid, int(year)))
        except GhgkitError as e:
            col = "unit" if isinstance(e, (UnitError, UnitMismatchError)) else "amount"
            raise e.at(place_of(act, pos[groups.first(g)], col)) from None
    parts = [_part(act, pos, groups, mults, _scope(act, pos, 2), keys)]
    if settings.td_loss_rate:
        rate = settings.td_loss_rate
        share = rate / (1 - rate)
        td = [Multiplier({k: v * share for k, v in m.per_gas.items()}, m.factor_ids + ";td_loss_rate",
                         m.conversion + f" × {share:.6g} (T&D losses: L/(1−L), L = {rate:g})", np.nan)
              for m in mults]
        parts.append(_part(act, pos, groups, td, np.full(len(pos), 3, np.int64), keys,
                           notes="transmission and distribution losses"))
    return parts


def _electricity_multiplier(lib, settings, sector, unit, fid, year) -> Multiplier:
    p = parse_unit(unit)
    if p.dimension != "energy":
        raise UnitMismatchError(f"'{unit}' is {'an' if p.dimension[0] in 'aeiou' else 'a'} {p.dimension}, "
                                "but electricity needs an energy unit such as kWh or MWh")
    mwh = conversion_factor(unit, "MWh")
    if _val(fid):
        f = lib.get(str(fid))
        ef, fids, src = conversion_factor(f.unit, "t/MWh") * f.value, f.factor_id, f.source_ref or f.source
    elif settings.grid_ef is not None:
        ef, fids = settings.grid_ef, "grid_ef"
        src = f"grid_ef: {settings.grid_ef_source}" if settings.grid_ef_source else "grid_ef, no source given"
    else:
        try:
            f = lib.resolve("electricity", "CO2", sector, None, settings.country, year)
        except FactorError:
            raise SettingsError(
                "electricity needs a grid emission factor, and none is given",
                hint="set grid_ef in the Settings sheet (t CO2/MWh, e.g. 0.55), or --set grid_ef=0.55, "
                     "or give an electricity factor row with its source") from None
        ef, fids, src = conversion_factor(f.unit, "t/MWh") * f.value, f.factor_id, f.source_ref or f.source
    conv = f"{unit}" + (f" × {mwh:.6g} MWh/{unit}" if unit != "MWh" else "") + f" × {ef:.6g} t CO2/MWh ({src})"
    return Multiplier({"co2_t": mwh * ef}, fids, conv.strip(), np.nan)


def gpc_columns(gid: np.ndarray, scope: np.ndarray, info: list[dict]) -> tuple[pd.Categorical, ...]:
    """GPC reference, reporting level (BASIC, BASIC+, other) and sector of result rows.

    Computed once per (group, scope) in a small table, then gathered by integer code.
    """
    from ghgkit.schema import gpc_levels

    levels = gpc_levels()
    refs, lv, sectors = [], [], []
    for g in range(len(info)):
        sector, sub = info[g]["sector"], info[g]["subsector"]
        for sc in (1, 2, 3):
            ref = gpc_ref(sector, None if sector in STATIONARY_SECTORS else _val(sub), sc)
            refs.append(ref)
            lv.append(levels.get(ref, (None, "other", ""))[1] if ref else "other")
            sectors.append(sector)
    key = gid * 3 + (scope - 1)
    return _cat(key, refs), _cat(key, lv), _cat(key, sectors)
