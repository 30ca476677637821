"""What the energy calculators share: the calculator contract, fuel conversion, row groups.

The contract (see :func:`ghgkit.sectors.calculate_energy` and the waste calculator):
a calculator returns *parts*, dicts with

``row``
    positions of its rows in the activity table;
``scope``, ``gid``
    per row: the scope and the group (rows that share one multiplier);
``per_group``
    per gas column, one multiplier per group (t of gas per unit of amount), or
    per-row values in the gas columns themselves (waste);
``info``
    one dict per group: ``sector``, ``subsector``, ``fossil``, ``conversion``,
    ``calc_notes``, ``uses`` (the :class:`~ghgkit.provenance.FactorUse` records the
    row cites), ``conversion_uses`` (density, NCV … behind the conversion) and
    ``factor_ids`` (the ids of ``uses``, as JSON and CSV show them).

The work per row is a multiplication: for each distinct (sector, subsector,
activity, unit, factor_id, year) a multiplier *t gas per unit of amount* is found
once (units parsed once, factors looked up once), then gathered onto the rows.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from ghgkit.errors import FactorError, GhgkitError, UnitError, UnitMismatchError
from ghgkit.factors import FactorLibrary
from ghgkit.rules.findings import HINT_SHAPES
from ghgkit.schema import GAS_COLUMNS, STATIONARY_SECTORS, gpc_ref
from ghgkit.io.settings import Settings
from ghgkit.provenance import FactorUse, ids_text
from ghgkit.units import conversion_factor, parse_unit, per_dimension

#: canonical unit per dimension: amounts and factor denominators are brought here
CANON = {"energy": "TJ", "mass": "t", "volume": "L", "distance": "km", "population": "person"}


@dataclass
class Multiplier:
    """t of each gas per one unit of amount, and the audit trail behind it."""

    per_gas: dict[str, float]
    uses: tuple[FactorUse, ...]           # the values a row cites (its factor_ids)
    conversion: str
    energy_tj: float                      # TJ per unit of amount (nan when not an energy path)
    fuel: str | None = None               # the fuel burnt (vehicle classes of the vkt method)
    conversion_uses: tuple[FactorUse, ...] = ()   # density, NCV … behind the conversion

    @property
    def factor_ids(self) -> str:
        return ids_text(self.uses)

    def scaled(self, s: float, uses: tuple[FactorUse, ...] = (), conversion: str | None = None,
               energy: bool = True) -> "Multiplier":
        """The same multiplier times *s*, citing *uses* as well (after its own)."""
        return Multiplier({k: v * s for k, v in self.per_gas.items()}, self.uses + tuple(uses),
                          self.conversion if conversion is None else conversion,
                          self.energy_tj * s if energy else np.nan, self.fuel, self.conversion_uses)


def fuel_energy_path(lib: FactorLibrary, activity: str, unit: str, target: str,
                     region: str | None, year: int | None,
                     basis: str = "net") -> tuple[float, str, tuple[FactorUse, ...]]:
    """Scale from one *unit* of *activity* to the canonical unit of dimension *target*.

    Goes volume → mass by density and mass → energy by NCV (and back), with the
    properties of the fuel table. An amount in an energy unit is on the *basis* given:
    ``net`` (the IPCC factors' basis) or ``gross`` (most gas bills), which is turned
    into net energy by the fuel's ``ncv_gcv`` property (IPCC 2006 Vol. 2 Ch. 1
    sect. 1.4.1.2: NCV = 0.9 × GCV for natural gas, 0.95 × GCV for liquid and solid
    fuels); the conversion text names the basis.

    Returns
    -------
    (float, str, tuple of FactorUse)
        The scale, a text of the conversion for the audit trail, and the properties used.
    """
    src = parse_unit(unit)
    dim = src.dimension
    if dim not in ("energy", "mass", "volume"):
        raise UnitMismatchError(f"'{unit}' is not an energy, mass or volume unit, which {activity} needs",
                                hint="write e.g. L, m3, kg, t, GJ, TJ, kWh or MWh")
    scale = conversion_factor(unit, CANON[dim])
    steps = [unit] + ([] if unit == CANON[dim] else [f"× {scale:.6g} {CANON[dim]}/{unit}"])
    used: list[FactorUse] = []
    if dim == "energy":
        scale, basis_step = _to_net(lib, activity, unit, scale, region, year, basis, used)
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
                              hint=HINT_SHAPES["energy_unit"] % {"activity": activity, "name": name}) from None
        ref = row.get("source_ref") or row.get("source")
        printed = f"{row['value']:g} {row['unit']}"          # as the source prints it
        used.append(FactorUse.from_property(row))
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
    return scale, " ".join(steps) if len(steps) > 2 else "", tuple(used)


def _to_net(lib, activity, unit, scale, region, year, basis, used) -> tuple[float, str]:
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
    used.append(FactorUse.from_property(row))
    ref = row.get("source_ref") or row.get("source")
    return scale * ratio, f"× {ratio:g} NCV/GCV (gross calorific basis, energy_basis = gross; {ref})"


def fuel_multiplier(lib: FactorLibrary, sector: str, subsector: str | None, activity: str, unit: str,
                    factor_ids: tuple[str, ...], region: str | None, year: int | None,
                    basis: str = "net") -> Multiplier:
    """Multipliers (t gas per unit) for one fuel used in one sector (*basis*: see :func:`fuel_energy_path`).

    Computed once per library and question (``validate`` asks the same of every workbook); each
    caller gets its own copy of the per-gas values."""
    m = lib.memoised("fuel_multiplier", lambda *k: _fuel_multiplier(lib, *k), sector, subsector, activity, unit,
                     tuple(factor_ids), region, year, basis)
    return replace(m, per_gas=dict(m.per_gas))


def _fuel_multiplier(lib, sector, subsector, activity, unit, factor_ids, region, year, basis) -> Multiplier:
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
    per_gas, uses, conv, energy, props = {}, [], "", np.nan, {}
    for gas in gases:
        f = lib.resolve(activity, gas, sector, subsector, region, year, explicit.get(gas))
        den = per_dimension(f.unit)
        ef = f.value * conversion_factor(f.unit, f"t/{CANON[den]}")
        scale, text, used = fuel_energy_path(lib, activity, unit, den, region, year, basis)
        if den == "energy":
            energy, conv = scale, text
        elif not conv:
            conv = text
        props.update((u.id, u) for u in used)
        col = GAS_COLUMNS.get(gas, "ch4_t" if gas.startswith("CH4") else None)
        per_gas[col] = per_gas.get(col, 0.0) + scale * ef
        uses.append(FactorUse.from_factor(f))
    return Multiplier(per_gas, tuple(uses), conv, energy, conversion_uses=tuple(props.values()))


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


def value_or_none(v):
    return None if v is None or (isinstance(v, float) and np.isnan(v)) else v


def column_of(err: GhgkitError, has_ids: bool = False) -> str:
    """Which cell of a row an error is about."""
    if isinstance(err, (UnitError, UnitMismatchError)) or "given in" in err.message:
        return "unit"
    if has_ids and isinstance(err, FactorError):
        return "factor_id"
    return "activity"


def ids_of(fid) -> tuple[str, ...]:
    if not value_or_none(fid):
        return ()
    return tuple(x.strip() for x in str(fid).replace(",", ";").split(";") if x.strip())


def year_codes(act: pd.DataFrame, pos: np.ndarray, settings: Settings) -> tuple[np.ndarray, pd.Index]:
    y = act["year"].to_numpy(dtype=float)[pos]
    nan = np.isnan(y)
    if nan.all():
        return np.zeros(len(pos), np.int8), pd.Index([settings.inventory_year])
    y = np.where(nan, settings.inventory_year, y).astype(np.int64)
    codes, uniq = pd.factorize(y)
    return codes.astype(np.int64), pd.Index(uniq)


def make_part(act, pos, groups: "Groups", mults: list[Multiplier], scope: np.ndarray, keys: list[tuple],
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
    data["info"] = [{"factor_ids": mu.factor_ids, "uses": mu.uses, "conversion_uses": mu.conversion_uses,
                     "conversion": mu.conversion, "calc_notes": notes,
                     "sector": k[0], "subsector": k[1], "fossil": k[2]} for mu, k in zip(mults, keys)]
    return data


def _cat(codes: np.ndarray, values: list) -> pd.Categorical:
    """A categorical from group codes and one value per group (values may repeat or be None)."""
    vcodes, uniq = pd.factorize(pd.Series(values, dtype=object), use_na_sentinel=True)
    return pd.Categorical.from_codes(vcodes[codes] if len(values) else codes,
                                     categories=pd.Index(uniq, dtype=object))


def scope_of(act, pos, default: int) -> np.ndarray:
    col = act["scope"].to_numpy(dtype=float)
    if np.isnan(col).all():                      # no scope written anywhere: all derived
        return np.full(len(pos), default, dtype=np.int64)
    s = col[pos]
    return np.where(np.isnan(s), default, s).astype(np.int64)


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
            ref = gpc_ref(sector, None if sector in STATIONARY_SECTORS else value_or_none(sub), sc)
            refs.append(ref)
            lv.append(levels.get(ref, (None, "other", ""))[1] if ref else "other")
            sectors.append(sector)
    key = gid * 3 + (scope - 1)
    return _cat(key, refs), _cat(key, lv), _cat(key, sectors)
