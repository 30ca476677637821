"""Bus fleet replacement (diesel buses by electric or more efficient buses), in the
style of CDM AMS-III.C.

AMS-III.C ("Emission reductions by electric and hybrid vehicles") counts the fuel the
replaced buses would have burned over the distance the project buses drive, against
the electricity (at the grid factor) and any fuel the project buses use. Fuel
densities, NCVs and road CO2/CH4/N2O factors come from ghgkit's factor library
(IPCC 2006 Vol. 2 Ch. 1 and Ch. 3 Table 3.2.1-3.2.2).

Equations (per year y)::

    BE_y = D_y × SFC_BL × EF_BL                               [t CO2e]
    PE_y = D_y × SEC_PJ × EF_grid / (1 − TDL) + D_y × SFC_PJ × EF_PJ
    ER_y = BE_y − PE_y − LE_y

D_y distance driven by the project buses [km]; SFC specific fuel consumption
[TJ/km, from L/100 km through density and NCV]; SEC electricity per km [MWh/km];
EF fuel CO2e factor [t CO2e/TJ]. AMS-III.C's technology improvement factor for the
baseline vehicles is not applied; state it in the baseline fuel consumption if used.

Settings: ``baseline_fuel`` (e.g. diesel), ``project_fuel`` (only with
``project_fuel_consumption``).
"""

from __future__ import annotations

import numpy as np

from ghgkit.errors import InputError
from ghgkit.projects.base import TD_LOSS_RATE, LEAKAGE, Computation, Context, Methodology, ParamSpec, fuel_emission_factor, grid_ef_spec, leakage, loss_divisor


class BusFleet(Methodology):
    name = "bus_fleet"
    title = "Bus fleet replacement (AMS-III.C style)"
    reference = ("UNFCCC CDM AMS-III.C, Emission reductions by electric and hybrid vehicles; "
                 "fuel factors IPCC 2006 Vol. 2 Ch. 3 Tables 3.2.1-3.2.2 (road transport)")
    equations = [
        "BE_y = D_y × SFC_BL × EF_BL  [t CO2e]",
        "PE_y = D_y × SEC_PJ × EF_grid / (1 − TDL) + D_y × SFC_PJ × EF_PJ",
        "ER_y = BE_y − PE_y − LE_y",
    ]
    settings_doc = {"baseline_fuel": "fuel of the replaced buses (e.g. diesel)",
                    "project_fuel": "fuel of the project buses, if they burn any (e.g. diesel for hybrids)"}
    params = [
        ParamSpec("distance", "distance driven by the project buses", "km/yr", "km/yr (a bare km is per year)",
                  per_year=True, monitored=True, symbol="D_y"),
        ParamSpec("baseline_fuel_consumption", "fuel the replaced buses burn per km", "TJ/km",
                  "L/100 km, L/km, kg/km or MJ/km", fuel_setting="baseline_fuel", fuel_per="km",
                  symbol="SFC_BL"),
        ParamSpec("project_electricity_consumption", "electricity the project buses use per km (at the charger)",
                  "MWh/km", "kWh/km", required=False, monitored=True, symbol="SEC_PJ"),
        ParamSpec("project_fuel_consumption", "fuel the project buses burn per km", "TJ/km",
                  "L/100 km, L/km, kg/km or MJ/km", required=False, monitored=True,
                  fuel_setting="project_fuel", fuel_per="km", symbol="SFC_PJ"),
        grid_ef_spec(required=False),
        TD_LOSS_RATE,
        LEAKAGE,
    ]

    @classmethod
    def check(cls, values, ctx):
        if not ctx.settings.get("baseline_fuel"):
            raise InputError("bus_fleet needs the setting 'baseline_fuel'", location=ctx.where_setting("baseline_fuel"),
                             hint=ctx.setting_hint("baseline_fuel", "diesel"))
        if "project_electricity_consumption" not in values and "project_fuel_consumption" not in values:
            raise InputError("bus_fleet needs project_electricity_consumption (electric buses) or "
                             "project_fuel_consumption (efficient or hybrid buses)", location=ctx.location)
        if "project_electricity_consumption" in values and "grid_ef" not in values:
            raise InputError("project_electricity_consumption is given but grid_ef is not",
                             location=ctx.location, hint="give the grid emission factor in t CO2/MWh")

    @classmethod
    def compute(cls, p, ctx: Context) -> Computation:
        n = len(ctx.years)
        ef_bl, used = fuel_emission_factor(ctx.settings["baseline_fuel"], "transport", "on_road", ctx.gwp, ctx.library, ctx.region)
        fc_bl = p["distance"] * p["baseline_fuel_consumption"]
        be = fc_bl * ef_bl
        inter = {"baseline_fuel_tj": (fc_bl, "TJ", f"{ctx.settings['baseline_fuel']} the replaced buses would burn"),
                 "ef_baseline_t_per_tj": (ef_bl + 0 * fc_bl, "t CO2e/TJ", "baseline fuel CO2e factor")}
        pe = np.zeros(n)
        if "project_electricity_consumption" in p:
            mwh = p["distance"] * p["project_electricity_consumption"]
            pe = pe + mwh * p["grid_ef"] / loss_divisor(p, n)
            inter["project_electricity_mwh"] = (mwh, "MWh", "electricity charged")
        if "project_fuel_consumption" in p:
            fuel = ctx.settings.get("project_fuel")
            ef_pj, used_pj = fuel_emission_factor(fuel, "transport", "on_road", ctx.gwp, ctx.library, ctx.region)
            fc_pj = p["distance"] * p["project_fuel_consumption"]
            pe = pe + fc_pj * ef_pj
            used = used + used_pj
            inter["project_fuel_tj"] = (fc_pj, "TJ", f"{fuel} the project buses burn")
        return Computation(be, pe, leakage(p, n), inter, factors=used)
