"""Distance-based transport (the ``vkt`` method): vehicle-km × fuel economy → fuel → emissions.

Fuel economies are the user's (a ``fuel_economy`` property row per vehicle class);
none ships, since no default could be tied to a named source. Transport by fuel
sales goes through :mod:`ghgkit.sectors.stationary` like any fuel.
"""

from __future__ import annotations

from ghgkit.errors import FactorError, GhgkitError, UnitMismatchError
from ghgkit.factors import FactorLibrary
from ghgkit.io.importers import place_of
from ghgkit.io.settings import Settings
from ghgkit.provenance import FactorUse
from ghgkit.rules.findings import HINT_SHAPES, HINTS
from ghgkit.rules.places import closest
from ghgkit.schema import BIOMASS_FUELS
from ghgkit.sectors.common import (CANON, Groups, Multiplier, codes_of, column_of, fuel_multiplier, ids_of, make_part,
                                   scope_of, year_codes)
from ghgkit.units import conversion_factor, dimensions, parse_unit, times


def vkt_part(act, pos, settings: Settings, lib: FactorLibrary) -> dict:
    """The contract part of transport rows given in vehicle-km."""
    cols = [codes_of(act[c], pos) for c in ("subsector", "activity", "unit", "factor_id")]
    groups = Groups(cols + [year_codes(act, pos, settings)])
    mults = []
    for g, (sub, vclass, unit, fid, year) in enumerate(groups.keys):
        try:
            mults.append(vkt_multiplier(lib, sub, vclass, unit, ids_of(fid), settings, int(year)))
        except GhgkitError as e:
            raise e.at(place_of(act, pos[groups.first(g)], column_of(e))) from None
    return make_part(act, pos, groups, mults, scope_of(act, pos, 1),
                     [("transport", k[0], m.fuel not in BIOMASS_FUELS) for k, m in zip(groups.keys, mults)])


def _fuel_economy_hint(vclass: str, known: list) -> str:
    """The hint when a vehicle class has no fuel economy: the closest known class, if any, and what to give."""
    close = closest(vclass, known) if known else None
    return HINT_SHAPES["fuel_economy_suggestion"] % {"value": close} if close else HINTS["fuel_economy"]


def _fuel_per_km(value: float, unit: str) -> tuple[float, str]:
    """A fuel economy as fuel per km and the fuel's canonical unit: L/100km, MJ/km, kg/km, or the
    inverse (km/L, as fuel economies are written in Japan)."""
    fuel_dim = times(dimensions(unit), dimensions("km"))
    for d in ("volume", "energy", "mass"):
        if fuel_dim == dimensions(CANON[d]):
            return value * conversion_factor(unit, f"{CANON[d]}/km"), CANON[d]
    inverse = times(times(dimensions(unit), power=-1), dimensions("km"))     # km/L: L per km, times km
    for d in ("volume", "energy", "mass"):
        if inverse == dimensions(CANON[d]):
            if value <= 0:
                raise FactorError(f"fuel economy {value:g} {unit}: a distance per fuel must be above 0")
            return 1.0 / (value * conversion_factor(unit, f"km/{CANON[d]}")), CANON[d]
    raise FactorError(f"fuel economy unit '{unit}' is not a fuel per distance (L/100km, MJ/km, kg/km) or a "
                      "distance per fuel (km/L)")


def vkt_multiplier(lib, sub, vclass, unit, ids, settings, year) -> Multiplier:
    """t of each gas per one *unit* of distance driven by vehicle class *vclass*."""
    p = parse_unit(unit)
    if p.dimension != "distance":
        raise UnitMismatchError(f"'{unit}' is {p.dimension}, but the vkt method needs a distance "
                                "(vehicle-km) such as km")
    # the row valid in the inventory year, for the city's country before a default one, the user's files
    # first and the later file's row (was: the first row of the class, whatever its years or region)
    row = lib.property_row(vclass, "fuel_economy", settings.country, year)
    if row is None:
        known = lib.property_activities("fuel_economy")
        raise FactorError(f"no fuel economy for vehicle class '{vclass}'" +
                          (f" valid in {year}" if vclass in known else ""),
                          hint=_fuel_economy_hint(vclass, [k for k in known if k != vclass]))
    per_km, fuel_unit = _fuel_per_km(float(row["value"]), row["unit"])
    s = conversion_factor(unit, "km") * per_km
    m = fuel_multiplier(lib, "transport", sub or "on_road", row["fuel"], fuel_unit, ids, settings.country, year)
    economy = FactorUse.from_property(dict(row))
    conversion = (f"{unit} × {s:.6g} {fuel_unit}/{unit} (fuel economy {row['value']:g} {row['unit']} of "
                  f"{row['fuel']}, {row['source']}); then {m.conversion or fuel_unit}")
    out = m.scaled(s, conversion=conversion)
    out.uses = (economy,) + m.uses
    out.fuel = row["fuel"]
    return out
