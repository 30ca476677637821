"""Composting of organic waste that would have gone to a landfill (CDM AMS-III.F,
with the baseline by CDM Tool 04).

Baseline: the methane the diverted waste would have generated in the solid waste
disposal site (SWDS), by the first-order decay model of CDM Tool 04 ("Emissions from
solid waste disposal sites"), Eq. 1, with its model correction factor φ. The waste
composted in year x is the waste that would have been landfilled in year x; the
decay of each year's waste is followed through the crediting period.

Project: CH4 and N2O from the composting process (IPCC 2006 Vol. 5 Ch. 4 Eq. 4.1,
4.2 with the Table 4.1 factors per tonne of wet waste, or the project's own), plus
the CO2 of the electricity and fuel the plant uses (AMS-III.F).

Equations (per year y of the crediting period, x = first year … y)::

    BE_CH4,y = φ × (1 − f) × (1 − OX) × 16/12 × F × DOCf × MCF
               × Σ_x Σ_j W_x × p_j,x × DOC_j × e^(−k_j (y − x)) × (1 − e^(−k_j))   [t CH4]
    BE_y     = BE_CH4,y × GWP_CH4                                                   [t CO2e]
    PE_y     = W_y × (EF_CH4 × GWP_CH4 + EF_N2O × GWP_N2O) / 1000
               + EC_y × EF_grid + FC_y × EF_fuel                                    [t CO2e]
    ER_y     = BE_y − PE_y − LE_y

W_x waste composted [t wet]; p_j fraction of component j (food, garden, paper, wood,
textiles, nappies) [-]; DOC_j [t C/t wet]; k_j decay rate [1/yr]; EF per tonne of wet
waste [g/kg = kg/t]; EC electricity used [MWh]; FC fuel used [TJ].

φ has no ghgkit default: take it from CDM Tool 04 (its default depends on the
application and the climate) and give it with that source. Defaults that ghgkit
supplies (F, DOCf, MCF by ``swds_type``, OX by ``swds_cover``, DOC_j, k_j by
``climate_zone``, EF_CH4, EF_N2O) are in ``emission_factors/project_parameters.csv``
with their IPCC tables.
"""

from __future__ import annotations

import numpy as np

from ghgkit.errors import InputError
from ghgkit.projects.base import (
    LEAKAGE,
    Computation,
    Context,
    Methodology,
    ParamSpec,
    fuel_emission_factor,
    grid_ef_spec,
    leakage,
)
from ghgkit.schema import CLIMATE_ZONES

COMPONENTS = ("food", "garden", "paper", "wood", "textiles", "nappies")
SWDS_TYPES = ("managed_anaerobic", "managed_semi_aerobic", "unmanaged_deep", "unmanaged_shallow",
              "uncategorised")
SWDS_COVERS = ("oxidising", "none")


def _k_default(component):
    def pick(settings):
        zone = settings.get("climate_zone")
        if zone not in CLIMATE_ZONES:
            return None
        group = zone if zone.startswith("tropical") else "boreal_temperate_" + zone.split("_")[1]
        return f"cmp_k_{component}_{group}"
    return pick


def _choice(prefix, setting, allowed):
    def pick(settings):
        v = settings.get(setting)
        return f"{prefix}{v}" if v in allowed else None
    return pick


def tool04_ch4(waste_t, doc, k, phi, f, ox, F, docf, mcf):
    """Methane from waste disposed over the years, CDM Tool 04 Eq. 1 (yearly model).

    Parameters
    ----------
    waste_t : dict of str to array (n,)
        Waste of each component disposed in each year x [t wet].
    doc, k : dict of str to array (n,)
        DOC [t C/t wet] and decay rate [1/yr] of each component, per year of disposal.
    phi, f, ox, F, docf, mcf : array (n,)
        Model correction factor, fraction captured, oxidation, CH4 fraction of gas,
        fraction of DOC decomposing, methane correction factor, per year y.

    Returns
    -------
    numpy.ndarray
        CH4 emitted in each year y [t CH4].

    References
    ----------
    .. [1] UNFCCC CDM Methodological tool 04, Emissions from solid waste disposal sites,
       Eq. 1: BE = φ (1 − f) GWP (1 − OX) 16/12 F DOCf MCF Σ_x Σ_j W_j,x DOC_j
       e^(−k_j (y − x)) (1 − e^(−k_j)).

    The decay is the inventory's first-order decay
    (:func:`ghgkit.sectors.waste.landfill.fod_ch4_generated`): Tool 04's year y is
    the IPCC year y + 1 with the six-month delay (decay from 1 January after the year
    of disposal), and each (component, year of disposal) is one series, so that DOC
    and k may differ by year of disposal as Tool 04 allows.
    """
    from ghgkit.sectors.waste.landfill import fod_ch4_generated

    n = len(phi)
    years = np.arange(n)
    comps = list(waste_t)
    series = len(comps) * n
    deposits = np.zeros((series, n))
    doc_s, k_s = np.empty(series), np.empty(series)
    for i, j in enumerate(comps):
        rows = slice(i * n, (i + 1) * n)
        deposits[rows][np.arange(n), years] = np.broadcast_to(waste_t[j], (n,))
        doc_s[rows] = np.broadcast_to(doc[j], (n,))
        k_s[rows] = np.broadcast_to(k[j], (n,))
    # CH4 from the decomposed DDOCm with F = 1 and DOCf = MCF = 1: Tool 04 applies those of year y
    generated = fod_ch4_generated(deposits, years, doc_s, 1.0, 1.0, k_s, delay_months=6,
                                  target_years=years + 1, f=1.0).sum(axis=0)
    return phi * (1 - f) * (1 - ox) * F * docf * mcf * generated


class Composting(Methodology):
    name = "composting"
    title = "Composting of diverted organic waste (AMS-III.F, Tool 04 baseline)"
    reference = ("UNFCCC CDM AMS-III.F, Avoidance of methane emissions through composting; CDM Tool 04, "
                 "Emissions from solid waste disposal sites (Eq. 1); IPCC 2006 Vol. 5 Ch. 2-4")
    equations = [
        "BE_CH4,y = φ (1 − f)(1 − OX) 16/12 F DOCf MCF Σ_x Σ_j W_x p_j DOC_j e^(−k_j (y − x)) (1 − e^(−k_j))  [t CH4]  (Tool 04 Eq. 1)",
        "BE_y = BE_CH4,y × GWP_CH4",
        "PE_y = W_y (EF_CH4 GWP_CH4 + EF_N2O GWP_N2O) / 1000 + EC_y EF_grid + FC_y EF_fuel  (IPCC Vol. 5 Eq. 4.1, 4.2)",
        "ER_y = BE_y − PE_y − LE_y",
    ]
    settings_doc = {
        "climate_zone": "of the landfill the waste would have gone to: " + ", ".join(CLIMATE_ZONES),
        "swds_type": "that landfill's type (MCF): " + ", ".join(SWDS_TYPES),
        "swds_cover": "oxidising (managed, covered with soil or compost: OX 0.1) or none (OX 0)",
        "project_fuel": "fuel the plant burns (only with fuel_consumed), e.g. diesel",
    }
    params = (
        [ParamSpec("waste_composted", "organic waste composted (wet), which would otherwise be landfilled",
                   "t/yr", "t/yr (a bare t is per year)", per_year=True, monitored=True, symbol="W_y")]
        + [ParamSpec(f"fraction_{c}", f"fraction of {c} in the waste composted (wet weight)", "",
                     "a fraction or a percentage", required=False, maximum=1.0, symbol=f"p_{c}")
           for c in COMPONENTS]
        + [ParamSpec(f"doc_{c}", f"degradable organic carbon of {c} (wet)", "", "t C / t wet waste (fraction)",
                     maximum=1.0, default=(lambda s, c=c: f"cmp_doc_{c}"), required=False, symbol=f"DOC_{c}")
           for c in COMPONENTS]
        + [ParamSpec(f"k_{c}", f"decay rate of {c}", "1/yr", "1/yr", required=False,
                     default=_k_default(c), symbol=f"k_{c}") for c in COMPONENTS]
        + [
            ParamSpec("phi", "model correction factor φ (CDM Tool 04)", "", "a fraction", maximum=1.0,
                      symbol="φ"),
            ParamSpec("fraction_captured", "fraction of landfill methane captured and destroyed at the "
                      "baseline landfill", "", "a fraction (0 when no gas is captured)", maximum=1.0,
                      symbol="f"),
            ParamSpec("ox", "oxidation factor of the landfill cover", "", "a fraction", maximum=1.0,
                      default=_choice("cmp_ox_", "swds_cover", SWDS_COVERS), symbol="OX"),
            ParamSpec("F", "fraction of methane in landfill gas", "", "a fraction", maximum=1.0,
                      default=lambda s: "cmp_f", symbol="F"),
            ParamSpec("DOCf", "fraction of DOC that decomposes", "", "a fraction", maximum=1.0,
                      default=lambda s: "cmp_docf", symbol="DOCf"),
            ParamSpec("mcf", "methane correction factor of the landfill", "", "a fraction", maximum=1.0,
                      default=_choice("cmp_mcf_", "swds_type", SWDS_TYPES), symbol="MCF"),
            ParamSpec("ef_ch4", "CH4 emitted by composting per tonne of wet waste", "g/kg",
                      "g/kg or kg/t (a bare number is g/kg)", default=lambda s: "cmp_ef_ch4", symbol="EF_CH4"),
            ParamSpec("ef_n2o", "N2O emitted by composting per tonne of wet waste", "g/kg",
                      "g/kg or kg/t (a bare number is g/kg)", default=lambda s: "cmp_ef_n2o", symbol="EF_N2O"),
            ParamSpec("electricity_consumed", "grid electricity the composting plant uses", "MWh/yr",
                      "MWh/yr or kWh/yr", per_year=True, required=False, monitored=True, symbol="EC_y"),
            grid_ef_spec(required=False),
            ParamSpec("fuel_consumed", "fuel the composting plant burns (turning, shredding)", "TJ/yr",
                      "L/yr, kg/yr or GJ/yr", per_year=True, required=False, monitored=True,
                      fuel_setting="project_fuel", symbol="FC_y"),
            LEAKAGE,
        ]
    )

    @classmethod
    def check(cls, values, ctx):
        present = [c for c in COMPONENTS if f"fraction_{c}" in values]
        if not present:
            raise InputError("composting needs the composition of the waste: no fraction_* parameter given",
                             location=ctx.location,
                             hint=("fill the rows fraction_food, fraction_garden ... of the Parameters sheet, "
                                   "e.g. 0.7 and 0.2" if ctx.form and ctx.form.excel else
                                   "give e.g. fraction_food: 0.7 and fraction_garden: 0.2")
                             + " (the rest is taken as non-degradable)")
        for c in COMPONENTS:
            for name in (f"doc_{c}", f"k_{c}"):
                if name in ctx.given and c not in present:      # the user meant some c: it would not count
                    raise InputError(f"{name} is given but fraction_{c} is not: the {c} would not be counted "
                                     "(the waste without a fraction is taken as non-degradable)",
                                     location=ctx.form.where(f"ex_ante.{name}", ctx.location) if ctx.form
                                     else ctx.location,
                                     hint=f"give fraction_{c} (the share of {c} in the waste composted; 0 if "
                                          f"there is none), or remove {name}")
        total = sum(values[f"fraction_{c}"] for c in present)
        if np.any(total > 1 + 1e-9):
            raise InputError(f"the fractions of the waste add up to {float(np.max(total)):g}, more than 1",
                             location=ctx.location)
        for c in present:
            for pre, setting in (("doc_", None), ("k_", "climate_zone")):
                if f"{pre}{c}" not in values:
                    why = (f"set climate_zone ({', '.join(CLIMATE_ZONES)}) to take the IPCC default, or "
                           if setting and ctx.settings.get(setting) not in CLIMATE_ZONES else "")
                    raise InputError(f"composting needs {pre}{c} for the {c} in the waste",
                                     location=ctx.location, hint=f"{why}give {pre}{c} with its source")
        if "ox" not in values:
            raise InputError("composting needs ox (oxidation factor of the landfill cover)",
                             location=ctx.location,
                             hint=ctx.setting_hint("swds_cover", "oxidising (managed and covered, OX 0.1) or none "
                                                                 "(OX 0)") + ", or give ox with its source")
        if "mcf" not in values:
            raise InputError("composting needs mcf (methane correction factor of the landfill)",
                             location=ctx.location,
                             hint=ctx.setting_hint("swds_type", f"one of {', '.join(SWDS_TYPES)}") + ", or give mcf")
        if "electricity_consumed" in values and "grid_ef" not in values:
            raise InputError("electricity_consumed is given but grid_ef is not", location=ctx.location,
                             hint="give the grid emission factor in t CO2/MWh")

    @classmethod
    def compute(cls, p, ctx: Context) -> Computation:
        n = len(ctx.years)
        comps = [c for c in COMPONENTS if f"fraction_{c}" in p]
        waste = {c: p["waste_composted"] * p[f"fraction_{c}"] for c in comps}
        ch4 = tool04_ch4(waste, {c: p[f"doc_{c}"] for c in comps}, {c: p[f"k_{c}"] for c in comps},
                         p["phi"], p["fraction_captured"], p["ox"], p["F"], p["DOCf"], p["mcf"])
        be = ch4 * ctx.gwp["CH4"]
        pe_ch4 = p["waste_composted"] * p["ef_ch4"] / 1000.0       # t × kg/t / 1000 = t
        pe_n2o = p["waste_composted"] * p["ef_n2o"] / 1000.0
        pe_process = pe_ch4 * ctx.gwp["CH4"] + pe_n2o * ctx.gwp["N2O"]
        pe_energy = np.zeros(n)
        used = []
        if "electricity_consumed" in p:
            pe_energy = pe_energy + p["electricity_consumed"] * p["grid_ef"]
        if "fuel_consumed" in p:
            ef, used = fuel_emission_factor(ctx.settings["project_fuel"], "industry", None, ctx.gwp, ctx.library, ctx.region)
            pe_energy = pe_energy + p["fuel_consumed"] * ef
        return Computation(be, pe_process + pe_energy, leakage(p, n), {
            "waste_composted_t": (p["waste_composted"] + 0.0, "t", "waste diverted from the landfill"),
            "baseline_ch4_t": (ch4, "t CH4", "landfill CH4 avoided (Tool 04 Eq. 1)"),
            "composting_ch4_t": (pe_ch4, "t CH4", "CH4 from composting"),
            "composting_n2o_t": (pe_n2o, "t N2O", "N2O from composting"),
            "project_energy_t": (pe_energy, "t CO2", "CO2 from the plant's electricity and fuel"),
        }, factors=used)
