"""One short page per equation, in plain words, with its IPCC (or GPC, CDM) reference.

The values a page quotes (a default F, OX, the delay, a GWP) are read from ghgkit's
own tables when the page is written, with their source; none is typed here.
"""

from __future__ import annotations

from ghgkit.workshop.render import num


def _waste(name: str, key: str = "default", **kw):
    from ghgkit.sectors.waste import parameter

    return parameter(name, key, **kw)


def gwp_source(gwp_set: str) -> str:
    """Where a GWP set's values come from: the header of the globalwarmingpotentials table."""
    import importlib.resources as res

    from ghgkit.gwp import SETS

    col = SETS[gwp_set]
    text = res.files("globalwarmingpotentials").joinpath("globalwarmingpotentials.csv").read_text(encoding="utf-8")
    for line in text.splitlines():
        line = line.lstrip("#").strip().rstrip(",")
        if line.startswith(f"- {col}:"):
            src = line.split(":", 1)[1].split(" (specifically")[0].strip()
            return f"IPCC {gwp_set} 100-year GWP; source named by the globalwarmingpotentials package: {src}"
    return f"IPCC {gwp_set} 100-year GWP (globalwarmingpotentials package)"


def _fuel_to_energy():
    from ghgkit.factors import FactorLibrary

    lib = FactorLibrary.default()
    _, dens = lib.property("diesel", "density")
    _, ncv = lib.property("diesel", "ncv")
    return ("From litres to energy", "IPCC 2006 Vol. 2 Ch. 1 sect. 1.4.1.2 and Table 1.2 (net calorific values)", [
        ("p", "Emission factors for fuels are given per unit of **energy** (kg per TJ), because the carbon in a "
              "fuel follows its energy more closely than its volume. A fuel bought in litres or tonnes is first "
              "turned into energy:"),
        ("code", "mass [t]    = volume [L] × density [t/L]\nenergy [TJ] = mass [t] × NCV [TJ/t]"),
        ("p", "The **net calorific value** (NCV) is the heat a fuel gives when burnt, without the heat held in "
              "the water vapour; IPCC factors are all on this net basis. 1 TJ/Gg = 0.001 TJ/t."),
        ("p", f"ghgkit's diesel: density {dens['value']:g} {dens['unit']} ({dens['source_text']}, "
              f"{dens['source_ref']}); NCV {ncv['value']:g} {ncv['unit']} ({ncv['source_text']}, "
              f"{ncv['source_ref']})."),
        ("p", "Watch out: a density printed as litres per tonne is divided by, not multiplied by."),
    ])


def _fuel_combustion():
    return ("Fuel combustion, Tier 1", "IPCC 2006 Vol. 2 Ch. 2 Eq. 2.1; default factors Tables 2.2–2.5", [
        ("code", "Emissions_gas [kg] = Fuel consumed [TJ] × EF_gas [kg/TJ]"),
        ("p", "Each gas has its own factor. CO2 depends only on the carbon in the fuel, so it is the same in "
              "every sector (Vol. 2 Ch. 1 Table 1.4). CH4 and N2O depend on how the fuel is burnt: a small "
              "residential stove or generator burns less completely than an industrial boiler, so its CH4 factor "
              "is higher (Tables 2.2 energy industries, 2.3 manufacturing, 2.4 commercial/institutional, 2.5 "
              "residential and agriculture)."),
        ("p", "That is why the **sector** of a row matters: the same litre of diesel gets different CH4 and N2O "
              "factors in a hospital (GPC I.2), a factory (I.3) or a tractor (transport, off-road: Vol. 2 Ch. 3)."),
        ("p", "Divide kg by 1,000 to get tonnes."),
    ])


def _co2e():
    from ghgkit.gwp import gwp_values

    g = gwp_values("AR5")
    return ("CO2-equivalent", "IPCC AR5 WG1 Ch. 8 (GWP100); GPC ch. 1 and the UNFCCC reporting guidelines", [
        ("code", "CO2e [t] = CO2 [t] × 1 + CH4 [t] × GWP_CH4 + N2O [t] × GWP_N2O"),
        ("p", "A global warming potential (GWP) says how much a tonne of a gas warms over 100 years compared "
              "with a tonne of CO2. The set must be named with every result, and sets are never mixed."),
        ("p", f"The kit uses AR5 (the set UNFCCC reporting requires): CH4 {num(g['CH4'])}, N2O {num(g['N2O'])} "
              f"— {gwp_source('AR5')}."),
        ("p", "Biogenic CO2 (from wood, food and paper waste) is reported as a memo item, outside the totals: "
              "the carbon was taken up from the air when the plants grew."),
    ])


def _grid():
    return ("Grid electricity (scope 2)", "GPC ch. 6 (stationary energy, scope 2); GHG Protocol Scope 2 "
            "Guidance, location-based method", [
        ("code", "CO2 [t] = electricity consumed [MWh] × grid emission factor [t CO2/MWh]"),
        ("p", "Electricity from the grid is generated outside the city, so its emissions are **scope 2** "
              "(indirect). The grid factor is the national (or regional) grid's average emissions per MWh "
              "delivered, published by the energy ministry or the grid operator for a given year."),
        ("p", "ghgkit ships no grid factor: it depends on the country, the year and the method. Set it as "
              "grid_ef with its source (grid_ef_source)."),
        ("p", "Convert kWh to MWh first (÷ 1,000)."),
    ])


def _td():
    return ("Transmission and distribution losses (scope 3)", "GPC ch. 6 (scope 3 of grid-supplied energy: "
            "transmission and distribution losses)", [
        ("code", "losses [MWh] = consumption [MWh] × L / (1 − L)\nCO2 [t] = losses [MWh] × grid factor "
                 "[t CO2/MWh]"),
        ("p", "L is the share of the electricity **fed into** the grid that is lost in lines and "
              "transformers. What the city consumes is what is left, a share (1 − L) of what was fed in. So the "
              "electricity fed in for the city is consumption ÷ (1 − L), and the part of it that was lost is "
              "consumption × L / (1 − L) — a little more than consumption × L."),
        ("p", "These losses are reported as **scope 3**, outside BASIC (GPC reports them in BASIC+)."),
    ])


def _fod_ddocm():
    docf = _waste("docf")
    mcf = _waste("mcf_swds", "managed_anaerobic")
    return ("Degradable carbon deposited", "IPCC 2006 Vol. 5 Ch. 3 Eq. 3.2; Ch. 2 Table 2.4 (DOC), Ch. 3 "
            "Table 3.1 (MCF), sect. 3.2.3 (DOCf)", [
        ("code", "DDOCm [t C] = W [t] × DOC × DOCf × MCF"),
        ("p", "Only part of the waste can turn into methane. W is the waste deposited in a year (wet "
              "weight). DOC is its degradable organic carbon (a share of the wet weight, per waste type); DOCf "
              "the part of that carbon that actually decomposes; MCF the methane correction factor of the site "
              "(1 where the waste lies without air, less in shallow or aerated dumps)."),
        ("p", f"ghgkit defaults: DOCf {docf.value:g} ({docf.provenance()}); MCF of a managed anaerobic site "
              f"{mcf.value:g} ({mcf.provenance()})."),
    ])


def _fod_decay():
    delay = _waste("delay_months")
    return ("First-order decay, year by year", "IPCC 2006 Vol. 5 Ch. 3 Eq. 3.4 and 3.5; IPCC Waste Model "
            "(delay time)", [
        ("code", "DDOCma_T = DDOCmd_T + DDOCma_(T−1) × e^(−k)\nDDOCm decomposed_T = DDOCma_(T−1) × "
                 "(1 − e^(−k))"),
        ("p", "Waste does not rot in one year. Each year a fixed share (1 − e^(−k)) of the carbon still in the "
              "landfill decomposes; the rest stays for next year. k is the decay rate of the waste type and "
              "climate (fast for food in a wet tropical climate, slow for paper and wood: Vol. 5 Table 3.3)."),
        ("p", f"Timing: ghgkit uses the IPCC Waste Model's delay of {delay.value:g} months "
              f"({delay.provenance()}): waste arrives, on average, in the middle of the year and starts to "
              "decay six months later, on 1 January of the next year. So waste deposited in year T decomposes "
              "nothing in T, and the recursion above (carbon accumulated up to the end of T − 1) gives the "
              "decomposition in T."),
        ("p", "DDOCma is the carbon accumulated in the site at the end of a year; DDOCmd what was deposited "
              "that year."),
    ])


def _fod_ch4():
    from ghgkit.sectors.waste import CH4_PER_C

    f = _waste("f_ch4")
    ox = _waste("ox")
    return ("Methane generated and emitted", "IPCC 2006 Vol. 5 Ch. 3 Eq. 3.6 and Eq. 3.1; Table 3.2 (OX)", [
        ("code", "CH4 generated_T [t] = DDOCm decomposed_T × F × 16/12\n"
                 "CH4 emitted_T [t]   = (Σ CH4 generated_T − R_T) × (1 − OX)"),
        ("p", f"F is the share of methane in landfill gas (default {f.value:g}, {f.provenance()}); 16/12 = "
              f"{CH4_PER_C:.6g} turns tonnes of carbon into tonnes of CH4 (molecular weights)."),
        ("p", f"R is the methane recovered (flared or used) and OX the share oxidised in the cover soil "
              f"(default {ox.value:g}, {ox.provenance()}). The sum runs over the waste types."),
        ("p", "The CO2 from the decomposing waste is biogenic and is not counted."),
    ])


def _project():
    return ("Emission reductions of a project", "CDM / JCM methodologies: ER_y = BE_y − PE_y − LE_y; "
            "fuel switch on useful energy in the style of CDM AMS-I.E / AMS-II.G", [
        ("code", "ER_y = BE_y − PE_y − LE_y"),
        ("p", "**Baseline emissions** (BE) are what would have happened without the project; **project "
              "emissions** (PE) what happens with it; **leakage** (LE) emissions the project causes outside its "
              "boundary (here: the diesel of the trucks delivering the LPG). All in t CO2e per year."),
        ("p", "For a cooking-fuel switch the households cook the same meals: the **useful heat** stays the same. "
              "The baseline fuel is the fuel the old stove would have needed for that heat:"),
        ("code", "FC_PJ [TJ] = households × fuel per household × NCV\nUE [TJ] = FC_PJ × η_PJ\n"
                 "FC_BL [TJ] = UE / η_BL\nBE = FC_BL × EF_BL,  PE = FC_PJ × EF_PJ   "
                 "[EF in t CO2e/TJ = (EF_CO2 + EF_CH4 × GWP_CH4 + EF_N2O × GWP_N2O) / 1000]"),
        ("p", "Leakage is an emission: it is zero or positive, and subtracted in the formula."),
    ])


#: page id -> builder returning (title, reference, blocks)
PAGES = {
    "fuel_to_energy": _fuel_to_energy,
    "fuel_combustion": _fuel_combustion,
    "co2e": _co2e,
    "grid_electricity": _grid,
    "td_losses": _td,
    "fod_ddocm": _fod_ddocm,
    "fod_decay": _fod_decay,
    "fod_ch4": _fod_ch4,
    "project_reduction": _project,
}


def page(page_id: str) -> tuple[str, list[tuple]]:
    """(title, blocks) of one equation page."""
    title, ref, blocks = PAGES[page_id]()
    return title, [("h1", title), ("p", f"**Reference:** {ref}.")] + blocks
