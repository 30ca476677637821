"""Distance-based transport (the ``vkt`` method): vehicle-km × fuel economy → fuel → emissions.

Fuel economies are the user's (a ``fuel_economy`` property row per vehicle class);
none ships, since no default could be tied to a named source. Transport by fuel
sales goes through :mod:`ghgkit.sectors.stationary` like any fuel.
"""

from __future__ import annotations

import pandas as pd

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
    props = pd.concat([lib.override_properties.assign(user=True), lib.properties.assign(user=False)],
                      ignore_index=True)
    mults = []
    for g, (sub, vclass, unit, fid, year) in enumerate(groups.keys):
        try:
            mults.append(vkt_multiplier(lib, props, sub, vclass, unit, ids_of(fid), settings, int(year)))
        except GhgkitError as e:
            raise e.at(place_of(act, pos[groups.first(g)], column_of(e))) from None
    return make_part(act, pos, groups, mults, scope_of(act, pos, 1),
                     [("transport", k[0], m.fuel not in BIOMASS_FUELS) for k, m in zip(groups.keys, mults)])


def _fuel_economy_hint(vclass: str, known: list) -> str:
    """The hint when a vehicle class has no fuel economy: the closest known class, if any, and what to give."""
    close = closest(vclass, known) if known else None
    return HINT_SHAPES["fuel_economy_suggestion"] % {"value": close} if close else HINTS["fuel_economy"]


def vkt_multiplier(lib, props, sub, vclass, unit, ids, settings, year) -> Multiplier:
    """t of each gas per one *unit* of distance driven by vehicle class *vclass*."""
    p = parse_unit(unit)
    if p.dimension != "distance":
        raise UnitMismatchError(f"'{unit}' is {p.dimension}, but the vkt method needs a distance "
                                "(vehicle-km) such as km")
    hit = props[(props["activity"] == vclass) & (props["property"] == "fuel_economy")]
    if hit.empty:
        known = sorted(set(props.loc[props["property"] == "fuel_economy", "activity"]))
        raise FactorError(f"no fuel economy for vehicle class '{vclass}'",
                          hint=_fuel_economy_hint(vclass, known))
    row = hit.iloc[0]
    fuel_dim = times(dimensions(row["unit"]), dimensions("km"))
    fuel_unit = next(CANON[d] for d in ("volume", "energy", "mass") if fuel_dim == dimensions(CANON[d]))
    per_km = float(row["value"]) * conversion_factor(row["unit"], f"{fuel_unit}/km")
    s = conversion_factor(unit, "km") * per_km
    m = fuel_multiplier(lib, "transport", sub or "on_road", row["fuel"], fuel_unit, ids, settings.country, year)
    economy = FactorUse.from_property(dict(row))
    conversion = (f"{unit} × {s:.6g} {fuel_unit}/{unit} (fuel economy {row['value']:g} {row['unit']} of "
                  f"{row['fuel']}, {row['source']}); then {m.conversion or fuel_unit}")
    out = m.scaled(s, conversion=conversion)
    out.uses = (economy,) + m.uses
    out.fuel = row["fuel"]
    return out
