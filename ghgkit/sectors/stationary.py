"""Stationary energy and transport fuel sales: fuel × emission factor (IPCC 2006 Tier 1).

Emissions = fuel [TJ] × EF [kg/TJ] (IPCC 2006 Vol. 2 Ch. 2 Eq. 2.1; Ch. 3 Eq. 3.2.1 for
transport fuel sales). Volumes and masses reach energy through density and net
calorific value from the fuel table (:func:`ghgkit.sectors.common.fuel_energy_path`).
"""

from __future__ import annotations

from ghgkit.errors import GhgkitError
from ghgkit.factors import FactorLibrary
from ghgkit.io.importers import place_of
from ghgkit.io.settings import Settings
from ghgkit.schema import BIOMASS_FUELS
from ghgkit.sectors.common import Groups, codes_of, column_of, fuel_multiplier, ids_of, make_part, scope_of, year_codes


def fuel_part(act, pos, settings: Settings, lib: FactorLibrary) -> dict:
    """The contract part of fuel rows (stationary sectors, and transport by fuel sales)."""
    cols = [codes_of(act[c], pos) for c in ("sector", "subsector", "activity", "unit", "factor_id")]
    groups = Groups(cols + [year_codes(act, pos, settings)])
    mults = []
    for g, (sector, sub, activity, unit, fid, year) in enumerate(groups.keys):
        sub = sub if sector == "transport" else None
        ids = ids_of(fid)
        try:
            mults.append(fuel_multiplier(lib, sector, sub, activity, unit, ids, settings.country, int(year),
                                         settings.energy_basis))
        except GhgkitError as e:
            raise e.at(place_of(act, pos[groups.first(g)], column_of(e, bool(ids)))) from None
    return make_part(act, pos, groups, mults, scope_of(act, pos, 1),
                     [(k[0], k[1], k[2] not in BIOMASS_FUELS) for k in groups.keys])
