"""Street lighting retrofit, in the style of CDM AMS-II.L.

AMS-II.L ("Demand-side activities for efficient outdoor and street lighting
technologies") counts the electricity the replaced lamps would have used. Here the
lamps are replaced one for one (a project lamp stands where a baseline lamp stood;
if one new lamp replaces two old ones, give the two old lamps' power as the baseline
lamp power), and both run the same monitored hours.

Equations (per year y)::

    EC_BL,y = N_y × P_BL × O_y / 10^6                [MWh]
    EC_PJ,y = N_y × P_PJ × O_y / 10^6                [MWh]
    BE_y    = EC_BL,y × EF_grid / (1 − TDL)          [t CO2]
    PE_y    = EC_PJ,y × EF_grid / (1 − TDL)          [t CO2]
    LE_y    = stated leakage (0 when none)
    ER_y    = BE_y − PE_y − LE_y

N_y lamps in operation [-], P lamp power [W], O_y operating hours [h/yr], EF_grid
[t CO2/MWh], TDL technical grid loss [-] (omitted when not stated: conservative).
"""

from __future__ import annotations

import numpy as np

from ghgkit.projects.base import TD_LOSS_RATE, LEAKAGE, Computation, Context, Methodology, ParamSpec, grid_ef_spec, leakage, loss_divisor


class StreetLighting(Methodology):
    name = "street_lighting"
    title = "Street lighting retrofit (AMS-II.L style)"
    reference = ("UNFCCC CDM AMS-II.L, Demand-side activities for efficient outdoor and street "
                 "lighting technologies (baseline: lamps replaced × power × hours × grid factor)")
    equations = [
        "EC_BL,y = N_y × P_BL × O_y / 10^6  [MWh]",
        "EC_PJ,y = N_y × P_PJ × O_y / 10^6  [MWh]",
        "BE_y = EC_BL,y × EF_grid / (1 − TDL);  PE_y = EC_PJ,y × EF_grid / (1 − TDL)",
        "ER_y = BE_y − PE_y − LE_y",
    ]
    params = [
        ParamSpec("lamps", "project lamps in operation (each replaces one baseline lamp)", "",
                  "a count (lamps)", monitored=True, symbol="N_y"),
        ParamSpec("baseline_lamp_power", "rated power of one baseline lamp (with ballast)", "W",
                  "W or kW", symbol="P_BL"),
        ParamSpec("project_lamp_power", "rated power of one project lamp (with driver)", "W",
                  "W or kW", symbol="P_PJ"),
        ParamSpec("operating_hours", "annual operating hours", "h/yr", "h/yr (a bare number is h/yr)",
                  per_year=True, monitored=True, maximum=8784, symbol="O_y"),
        grid_ef_spec(),
        TD_LOSS_RATE,
        LEAKAGE,
    ]

    @classmethod
    def compute(cls, p: dict[str, np.ndarray], ctx: Context) -> Computation:
        n = len(ctx.years)
        mwh_bl = p["lamps"] * p["baseline_lamp_power"] * p["operating_hours"] / 1e6
        mwh_pj = p["lamps"] * p["project_lamp_power"] * p["operating_hours"] / 1e6
        div = loss_divisor(p, n)
        be = mwh_bl * p["grid_ef"] / div
        pe = mwh_pj * p["grid_ef"] / div
        return Computation(be, pe, leakage(p, n), {
            "baseline_electricity_mwh": (mwh_bl, "MWh", "electricity the baseline lamps would use"),
            "project_electricity_mwh": (mwh_pj, "MWh", "electricity the project lamps use"),
            "electricity_saved_mwh": (mwh_bl - mwh_pj, "MWh", "electricity saved"),
        })
