"""Household cooking fuel switch (e.g. kerosene → LPG), on useful energy.

The households cook the same meals after the switch: the useful (delivered) heat is
the same, so the baseline fuel is what the old stove would have burned to deliver the
heat the new stove delivers. Stove efficiencies convert fuel energy to useful energy,
as in the CDM small-scale methodologies for thermal energy (AMS-I.E / AMS-II.G).
Fuel net calorific values, densities and CO2/CH4/N2O factors come from ghgkit's factor
library (IPCC 2006 Vol. 2 Ch. 1 and Ch. 2 Table 2.5, residential).

Equations (per year y)::

    FC_PJ,y = N_y × q_PJ,y                        [TJ]   project fuel (NCV, density from the library)
    UE_y    = FC_PJ,y × η_PJ                      [TJ]   useful heat delivered
    FC_BL,y = UE_y / η_BL                         [TJ]   baseline fuel for the same heat
    BE_y    = FC_BL,y × EF_BL                     [t CO2e]
    PE_y    = FC_PJ,y × EF_PJ                     [t CO2e]
    EF      = (EF_CO2 + EF_CH4 × GWP_CH4 + EF_N2O × GWP_N2O) / 1000   [t CO2e/TJ from kg/TJ]
    ER_y    = BE_y − PE_y − LE_y

Settings: ``baseline_fuel`` (e.g. kerosene) and ``project_fuel`` (e.g. lpg).
"""

from __future__ import annotations

from ghgkit.errors import InputError
from ghgkit.projects.base import LEAKAGE, Computation, Context, Methodology, ParamSpec, fuel_emission_factor, leakage


class FuelSwitch(Methodology):
    name = "fuel_switch"
    title = "Household cooking fuel switch on useful energy"
    reference = ("CDM small-scale thermal methodologies (AMS-I.E / AMS-II.G style useful-energy "
                 "approach); fuel factors IPCC 2006 Vol. 2 Ch. 1 Tables 1.2, 1.4 and Ch. 2 Table 2.5")
    equations = [
        "FC_PJ,y = N_y × q_PJ,y  [TJ]",
        "UE_y = FC_PJ,y × η_PJ;  FC_BL,y = UE_y / η_BL  [TJ]",
        "BE_y = FC_BL,y × EF_BL;  PE_y = FC_PJ,y × EF_PJ  [t CO2e; EF = CO2 + CH4·GWP + N2O·GWP]",
        "ER_y = BE_y − PE_y − LE_y",
    ]
    settings_doc = {"baseline_fuel": "fuel used before the switch (e.g. kerosene)",
                    "project_fuel": "fuel used after the switch (e.g. lpg)"}
    params = [
        ParamSpec("households", "households cooking with the project stove", "", "a count (households)",
                  monitored=True, symbol="N_y"),
        ParamSpec("project_fuel_per_household", "project fuel used per household per year", "TJ/yr",
                  "L/yr, kg/yr, t/yr or GJ/yr", per_year=True, monitored=True,
                  fuel_setting="project_fuel", symbol="q_PJ,y"),
        ParamSpec("baseline_stove_efficiency", "thermal efficiency of the baseline stove", "",
                  "a fraction (0.45) or a percentage", maximum=1.0, symbol="η_BL"),
        ParamSpec("project_stove_efficiency", "thermal efficiency of the project stove", "",
                  "a fraction (0.55) or a percentage", maximum=1.0, symbol="η_PJ"),
        LEAKAGE,
    ]

    @classmethod
    def check(cls, values, ctx):
        for key in ("baseline_fuel", "project_fuel"):
            if not ctx.settings.get(key):
                raise InputError(f"fuel_switch needs the setting '{key}'", location=ctx.where_setting(key),
                                 hint=ctx.setting_hint(key, "kerosene" if key == "baseline_fuel" else "lpg"))
        for key in ("baseline_stove_efficiency", "project_stove_efficiency"):
            if (values[key] <= 0).any():
                raise InputError(f"{key} must be above 0", location=ctx.location)

    @classmethod
    def compute(cls, p, ctx: Context) -> Computation:
        n = len(ctx.years)
        ef_bl, f_bl = fuel_emission_factor(ctx.settings["baseline_fuel"], "household", None, ctx.gwp, ctx.library, ctx.region)
        ef_pj, f_pj = fuel_emission_factor(ctx.settings["project_fuel"], "household", None, ctx.gwp, ctx.library, ctx.region)
        fc_pj = p["households"] * p["project_fuel_per_household"]
        ue = fc_pj * p["project_stove_efficiency"]
        fc_bl = ue / p["baseline_stove_efficiency"]
        be = fc_bl * ef_bl
        pe = fc_pj * ef_pj
        return Computation(be, pe, leakage(p, n), {
            "project_fuel_tj": (fc_pj, "TJ", f"{ctx.settings['project_fuel']} burned (NCV basis)"),
            "useful_energy_tj": (ue, "TJ", "useful heat delivered"),
            "baseline_fuel_tj": (fc_bl, "TJ", f"{ctx.settings['baseline_fuel']} that would have been burned"),
            "ef_baseline_t_per_tj": (ef_bl + 0 * fc_pj, "t CO2e/TJ", "baseline fuel CO2e factor"),
            "ef_project_t_per_tj": (ef_pj + 0 * fc_pj, "t CO2e/TJ", "project fuel CO2e factor"),
        }, factors=f_bl + f_pj)
