"""Grid electricity: scope 2 consumption and scope 3 transmission and distribution losses.

Scope 2 CO2 [t] = consumption [MWh] × grid EF [t CO2/MWh]. With L the share of the
electricity fed into the grid that is lost, the losses behind a consumption C are
C × L / (1 − L); their scope 3 CO2 is that × EF. The grid factor is an explicit
``factor_id``, else the ``grid_ef`` setting, else a user factor row for
``electricity``: none ships by default, since it must come from a named source.
"""

from __future__ import annotations

import numpy as np

from ghgkit.errors import FactorError, GhgkitError, SettingsError, UnitError, UnitMismatchError
from ghgkit.factors import FactorLibrary
from ghgkit.io.importers import place_of
from ghgkit.io.settings import Settings
from ghgkit.provenance import FactorUse
from ghgkit.sectors.common import Groups, Multiplier, codes_of, make_part, scope_of, value_or_none, year_codes
from ghgkit.units import conversion_factor, parse_unit

#: units of the settings an electricity row cites
SETTING_UNITS = {"grid_ef": "t CO2/MWh", "td_loss_rate": "fraction of grid supply lost"}


def electricity_parts(act, pos, settings: Settings, lib: FactorLibrary) -> list[dict]:
    """Scope 2 grid electricity, and scope 3 T&D losses when ``td_loss_rate`` is set."""
    cols = [codes_of(act[c], pos) for c in ("sector", "subsector", "unit", "factor_id")]
    groups = Groups(cols + [year_codes(act, pos, settings)])
    keys = [(k[0], k[1] if k[0] == "transport" else None, True) for k in groups.keys]
    mults = []
    for g, (sector, _sub, unit, fid, year) in enumerate(groups.keys):
        try:
            mults.append(electricity_multiplier(lib, settings, sector, unit, fid, int(year)))
        except GhgkitError as e:
            col = "unit" if isinstance(e, (UnitError, UnitMismatchError)) else "amount"
            raise e.at(place_of(act, pos[groups.first(g)], col)) from None
    parts = [make_part(act, pos, groups, mults, scope_of(act, pos, 2), keys)]
    if settings.td_loss_rate:
        rate = settings.td_loss_rate
        share = rate / (1 - rate)
        loss = FactorUse.from_setting("td_loss_rate", rate, SETTING_UNITS["td_loss_rate"])
        td = [m.scaled(share, (loss,), m.conversion + f" × {share:.6g} (T&D losses: L/(1−L), L = {rate:g})",
                       energy=False) for m in mults]
        parts.append(make_part(act, pos, groups, td, np.full(len(pos), 3, np.int64), keys,
                               notes="transmission and distribution losses"))
    return parts


def electricity_multiplier(lib, settings, sector, unit, fid, year) -> Multiplier:
    """t CO2 per one *unit* of electricity consumed."""
    p = parse_unit(unit)
    if p.dimension != "energy":
        raise UnitMismatchError(f"'{unit}' is {'an' if p.dimension[0] in 'aeiou' else 'a'} {p.dimension}, "
                                "but electricity needs an energy unit such as kWh or MWh")
    mwh = conversion_factor(unit, "MWh")
    if value_or_none(fid):
        f = lib.get(str(fid))
        ef, use, src = conversion_factor(f.unit, "t/MWh") * f.value, FactorUse.from_factor(f), f.source_ref or f.source
    elif settings.grid_ef is not None:
        ef = settings.grid_ef
        use = FactorUse.from_setting("grid_ef", settings.grid_ef, SETTING_UNITS["grid_ef"])
        src = f"grid_ef: {settings.grid_ef_source}" if settings.grid_ef_source else "grid_ef, no source given"
    else:
        try:
            f = lib.resolve("electricity", "CO2", sector, None, settings.country, year)
        except FactorError:
            raise SettingsError(
                "electricity needs a grid emission factor, and none is given",
                hint="set grid_ef in the Settings sheet (t CO2/MWh, e.g. 0.55), or --set grid_ef=0.55, "
                     "or give an electricity factor row with its source") from None
        ef, use, src = conversion_factor(f.unit, "t/MWh") * f.value, FactorUse.from_factor(f), f.source_ref or f.source
    conv = f"{unit}" + (f" × {mwh:.6g} MWh/{unit}" if unit != "MWh" else "") + f" × {ef:.6g} t CO2/MWh ({src})"
    return Multiplier({"co2_t": mwh * ef}, (use,), conv.strip(), np.nan)
