"""Energy efficiency retrofit of buildings, in the style of CDM AMS-II.E.

AMS-II.E ("Energy efficiency and fuel switching measures for buildings") compares the
energy the buildings would have used without the measures with the energy measured
after them. The baseline is the energy of a baseline period, adjusted each year for
the drivers that changed: the floor area served, and for the weather-dependent share
of the energy (air conditioning, heating) the degree-days. The energy here is grid
electricity; a building that saves fuel needs its fuel counted separately.

Equations (per year y)::

    E_BL,y = E_BL × (A_y / A_BL) × ((1 − s) + s × DD_y / DD_BL)    [MWh]
    BE_y   = E_BL,y × EF_grid                                      [t CO2]
    PE_y   = E_PJ,y × EF_grid                                      [t CO2]
    ER_y   = BE_y − PE_y − LE_y

E_BL baseline-period electricity [MWh/yr]; A floor area [m²]; DD degree-days [K·d];
s weather-dependent share of the baseline energy [-]; E_PJ,y measured electricity.
The floor-area adjustment applies when both areas are given, the degree-day
adjustment when both degree-day values and the share are given.
"""

from __future__ import annotations

import numpy as np

from ghgkit.errors import InputError
from ghgkit.projects.base import LEAKAGE, Computation, Context, Methodology, ParamSpec, grid_ef_spec, leakage


class BuildingEfficiency(Methodology):
    name = "building_efficiency"
    title = "Building energy efficiency retrofit (AMS-II.E style)"
    reference = ("UNFCCC CDM AMS-II.E, Energy efficiency and fuel switching measures for buildings "
                 "(baseline energy adjusted for floor area and degree-days minus measured energy)")
    equations = [
        "E_BL,y = E_BL × (A_y / A_BL) × ((1 − s) + s × DD_y / DD_BL)  [MWh]",
        "BE_y = E_BL,y × EF_grid;  PE_y = E_PJ,y × EF_grid",
        "ER_y = BE_y − PE_y − LE_y",
    ]
    params = [
        ParamSpec("baseline_energy", "electricity use in the baseline period", "MWh/yr",
                  "MWh/yr or kWh/yr", per_year=True, symbol="E_BL"),
        ParamSpec("project_energy", "measured electricity use after the retrofit", "MWh/yr",
                  "MWh/yr or kWh/yr", per_year=True, monitored=True, symbol="E_PJ,y"),
        ParamSpec("baseline_floor_area", "floor area served in the baseline period", "m**2", "m²",
                  required=False, symbol="A_BL"),
        ParamSpec("floor_area", "floor area served in the year", "m**2", "m²", required=False,
                  monitored=True, symbol="A_y"),
        ParamSpec("baseline_degree_days", "degree-days of the baseline period", "K*day",
                  "degree-days (K·d; a bare number is K·d)", required=False, symbol="DD_BL"),
        ParamSpec("degree_days", "degree-days of the year", "K*day", "degree-days (K·d)",
                  required=False, monitored=True, symbol="DD_y"),
        ParamSpec("weather_share", "share of the baseline energy that follows the degree-days", "",
                  "a fraction (0.6) or a percentage", required=False, maximum=1.0, symbol="s"),
        grid_ef_spec(),
        LEAKAGE,
    ]

    @classmethod
    def check(cls, values, ctx):
        pairs = (("baseline_floor_area", "floor_area"), ("baseline_degree_days", "degree_days"))
        for a, b in pairs:
            if (a in values) != (b in values):
                have, miss = (a, b) if a in values else (b, a)
                raise InputError(f"{have} is given but {miss} is not: the adjustment needs both",
                                 location=ctx.location, hint=f"give {miss}, or leave out {have}")
        if ("degree_days" in values) != ("weather_share" in values):
            raise InputError("the degree-day adjustment needs degree_days, baseline_degree_days and "
                             "weather_share together", location=ctx.location,
                             hint="weather_share is the fraction of the baseline energy that follows "
                                  "the weather (cooling or heating)")
        for k in ("baseline_floor_area", "baseline_degree_days"):
            if k in values and (values[k] <= 0).any():
                raise InputError(f"{k} must be above 0", location=ctx.location)

    @classmethod
    def compute(cls, p, ctx: Context) -> Computation:
        n = len(ctx.years)
        area = p["floor_area"] / p["baseline_floor_area"] if "floor_area" in p else np.ones(n)
        if "degree_days" in p:
            s = p["weather_share"]
            weather = (1 - s) + s * p["degree_days"] / p["baseline_degree_days"]
        else:
            weather = np.ones(n)
        e_bl = p["baseline_energy"] * area * weather
        be = e_bl * p["grid_ef"]
        pe = p["project_energy"] * p["grid_ef"]
        return Computation(be, pe, leakage(p, n), {
            "area_adjustment": (area, "-", "A_y / A_BL"),
            "weather_adjustment": (weather, "-", "(1 − s) + s × DD_y / DD_BL"),
            "adjusted_baseline_energy_mwh": (e_bl, "MWh", "baseline electricity adjusted to the year"),
            "energy_saved_mwh": (e_bl - p["project_energy"], "MWh", "electricity saved"),
        })
