"""Every setting the waste and wastewater calculators read: key, unit, default and meaning.

One list, so that the settings check (:mod:`ghgkit.io.settings`), the README, the
template's Settings sheet and the audit trail (the unit of a value the user set)
agree; tests compare them. A family such as ``k_<component>`` stands for one key
per name of its vocabulary (``k_food``, ``k_nappies`` ...), see :func:`setting_keys`.
"""

from __future__ import annotations

from typing import NamedTuple

from ghgkit.sectors.waste.vocab import PATHWAYS, SITE_TYPES, WASTE_COMPONENTS


class WasteSetting(NamedTuple):
    """One setting: its key (or family pattern), unit as pint reads it, default, meaning."""

    key: str
    unit: str
    default: str
    meaning: str


_T3_3 = "IPCC 2006 Vol. 5 Table 3.3 by climate_zone"
#: the settings, in the order of the guideline's chapters
WASTE_SETTINGS: tuple[WasteSetting, ...] = (
    # Ch. 3 landfill (FOD)
    WasteSetting("doc_<component>", "t/t", "Vol. 5 Table 2.4", "DOC of a landfilled component, t C per t wet waste"),
    WasteSetting("doc_msw", "t/t", "none (required for bulk MSW)", "DOC of bulk MSW landfilled as 'msw', t C per t wet"),
    WasteSetting("docf", "1", "0.5 (Vol. 5 sect. 3.2.3; 2019: food 0.7)", "fraction of DOC that decomposes, all components"),
    WasteSetting("docf_<component>", "1", "docf", "DOCf of one component (wins over docf)"),
    WasteSetting("k", "1/year", _T3_3, "methane generation rate constant for every component"),
    WasteSetting("k_<component>", "1/year", _T3_3 + "; none for nappies and rubber_leather",
                 "k of one component (wins over k)"),
    WasteSetting("mcf", "1", "Vol. 5 Table 3.1 by site type", "landfill methane correction factor, every site type"),
    WasteSetting("mcf_<site_type>", "1", "Vol. 5 Table 3.1", "landfill MCF of one site type (wins over mcf)"),
    WasteSetting("f_ch4", "1", "0.5 (Vol. 5 sect. 3.2.3)", "fraction of CH4 in landfill gas"),
    WasteSetting("ox", "1", "0 (Vol. 5 Table 3.2; 0.1 managed covered)", "landfill oxidation factor"),
    WasteSetting("delay_months", "month", "6 (IPCC Waste Model)", "months from deposit to the start of decay"),
    WasteSetting("landfill_ch4_recovered", "t", "0", "CH4 recovered (flared or used) at landfills in the "
                 "inventory year, t CH4 (or a mass with its unit, e.g. '350000 kg')"),
    WasteSetting("backcast_start_year", "year", "none (no back-cast)", "first year to back-cast landfill deposits "
                 "from population (Vol. 5 sect. 3.2.2)"),
    WasteSetting("msw_per_capita_kg_day", "kg/person/day", "none", "waste generated per person (back-cast; "
                 "open burning from population)"),
    WasteSetting("fraction_to_swds", "1", "none", "share of generated waste that went to landfills (back-cast)"),
    WasteSetting("population_growth_rate", "1/year", "0 (population held constant)", "yearly growth for the back-cast"),
    WasteSetting("msw_composition", "1", "none", "fractions of bulk MSW, e.g. food=0.5, paper=0.2, inert=0.3 "
                 "(burning; back-cast without doc_msw)"),
    # Ch. 4 biological treatment
    WasteSetting("ef_<treatment>_<gas>_<basis>", "g/kg", "Vol. 5 Table 4.1", "e.g. ef_composting_ch4_wet, "
                 "ef_anaerobic_digestion_n2o_dry: g gas per kg waste treated"),
    WasteSetting("digester_ch4_recovered", "t", "0", "CH4 recovered at anaerobic digesters, t CH4 (Eq. 4.1 R)"),
    # Ch. 5 incineration and open burning
    WasteSetting("ef_incin_ch4", "kg/Gg", "Vol. 5 Table 5.3 by technology", "CH4 per Gg wet waste incinerated"),
    WasteSetting("ef_incin_n2o", "g/t", "Vol. 5 Table 5.6", "N2O per t wet waste incinerated"),
    WasteSetting("ef_openburn_ch4", "g/t", "6500 (Vol. 5 sect. 5.4.2)", "CH4 per t wet waste open-burned"),
    WasteSetting("ef_openburn_n2o", "g/t", "150 (Vol. 5 Table 5.6)", "N2O per t DRY waste open-burned"),
    WasteSetting("oxidation_factor_<incineration|open_burning>", "1", "1 / 0.58 (Vol. 5 Table 5.2)",
                 "fraction of carbon oxidised"),
    WasteSetting("fraction_burning", "1", "none", "open burning from population: P_frac (Eq. 5.7)"),
    WasteSetting("fraction_burnt", "1", "none", "open burning from population: B_frac (Eq. 5.7)"),
    # Ch. 6 wastewater
    WasteSetting("bod_per_capita", "g/person/day", "Vol. 5 Table 6.4 by bod_region", "BOD per person"),
    WasteSetting("bod_region", "", "country", "Table 6.4 region, e.g. asia_middle_east_latin_america"),
    WasteSetting("bo_bod", "kg/kg", "0.6 (Vol. 5 Table 6.2)", "Bo, kg CH4 per kg BOD (domestic)"),
    WasteSetting("bo_cod", "kg/kg", "0.25 (Vol. 5 Table 6.2)", "Bo, kg CH4 per kg COD (industrial)"),
    WasteSetting("mcf_<pathway>", "1", "Vol. 5 Table 6.3", "MCF of one wastewater pathway (domestic and industrial)"),
    WasteSetting("i_collected", "1", "1.25 (Vol. 5 sect. 6.3.2.3)", "I, industrial BOD co-discharged into sewers"),
    WasteSetting("i_uncollected", "1", "1.00 (Vol. 5 sect. 6.3.2.3)", "I for uncollected wastewater"),
    WasteSetting("domestic_sludge_removed", "t", "0", "S of Eq. 6.1: organics removed as sludge, t BOD per year"),
    WasteSetting("domestic_ch4_recovered", "t", "0", "R of Eq. 6.1: CH4 recovered, t CH4 per year"),
    WasteSetting("industrial_sludge_removed", "t", "0", "S of Eq. 6.4: organics removed as sludge, t COD per year"),
    WasteSetting("industrial_ch4_recovered", "t", "0", "R of Eq. 6.4: CH4 recovered, t CH4 per year"),
    WasteSetting("protein_kg_per_person_yr", "kg/person/year", "none (effluent N2O not estimated)",
                 "protein consumed per person (e.g. FAO food balance)"),
    WasteSetting("fnpr", "kg/kg", "0.16 (Vol. 5 Table 6.11)", "F_NPR, kg N per kg protein"),
    WasteSetting("f_non_con", "1", "1.1 (Vol. 5 Table 6.11; 1.4 with garbage disposals)", "F_NON-CON"),
    WasteSetting("f_ind_com", "1", "1.25 (Vol. 5 Table 6.11)", "F_IND-COM, co-discharged protein"),
    WasteSetting("ef_effluent", "kg/kg", "0.005 (Vol. 5 Table 6.11)", "kg N2O-N per kg N in effluent"),
    WasteSetting("n_sludge", "t", "0", "N_SLUDGE of Eq. 6.8: nitrogen removed with sludge, t N per year"),
    WasteSetting("t_plant", "1", "none (plant N2O not estimated)", "T_PLANT of Eq. 6.9: share of the population "
                 "of the domestic rows served by advanced centralised plants"),
    WasteSetting("ef_plant", "g/person/year", "3.2 (Vol. 5 Box 6.1)", "EF_PLANT of Eq. 6.9, g N2O per person per year"),
)

#: settings that are masses: a number is t, text may carry a unit ('350000 kg')
MASS_SETTINGS = ("landfill_ch4_recovered", "digester_ch4_recovered", "domestic_sludge_removed",
                 "domestic_ch4_recovered", "industrial_sludge_removed", "industrial_ch4_recovered", "n_sludge")

_TREATMENT_EFS = tuple(f"ef_{t}_{g}_{b}" for t in ("composting", "anaerobic_digestion") for g in ("ch4", "n2o")
                       for b in ("wet", "dry"))
_FAMILIES = {
    "doc_<component>": [f"doc_{c}" for c in WASTE_COMPONENTS],
    "docf_<component>": [f"docf_{c}" for c in WASTE_COMPONENTS],
    "k_<component>": [f"k_{c}" for c in WASTE_COMPONENTS],
    "mcf_<site_type>": [f"mcf_{s}" for s in SITE_TYPES],
    "mcf_<pathway>": [f"mcf_{p}" for p in PATHWAYS],
    "ef_<treatment>_<gas>_<basis>": list(_TREATMENT_EFS),
    "oxidation_factor_<incineration|open_burning>": ["oxidation_factor_incineration", "oxidation_factor_open_burning"],
}


#: one example key per family, shown as a row of the template's Settings sheet
FAMILY_EXAMPLES = {"doc_<component>": "doc_food", "docf_<component>": "docf_food", "k_<component>": "k_nappies",
                   "mcf_<site_type>": "mcf_managed_anaerobic", "mcf_<pathway>": "mcf_septic_tank",
                   "ef_<treatment>_<gas>_<basis>": "ef_composting_ch4_wet",
                   "oxidation_factor_<incineration|open_burning>": "oxidation_factor_incineration"}


def template_rows(skip=()) -> list[tuple[str, str, str]]:
    """``(key, default value, explanation)`` rows for the template's Settings sheet: every setting
    (a family by its example key), except the keys in *skip* (already on the sheet)."""
    rows = []
    for s in WASTE_SETTINGS:
        key = FAMILY_EXAMPLES.get(s.key, s.key)
        if key in skip:
            continue
        fam = f"{s.key}: " if s.key != key else ""
        unit = f" [{s.unit}]" if s.unit and s.unit != "1" else (" [-]" if s.unit == "1" else "")
        rows.append((key, "", f"{fam}{s.meaning}{unit}; default {s.default}"))
    return rows


def setting_keys() -> list[str]:
    """Every key the waste calculators read, with the families spelled out (``k_food`` ...)."""
    out: list[str] = []
    for s in WASTE_SETTINGS:
        out += _FAMILIES.get(s.key, [s.key])
    return out


def setting_unit(key: str) -> str:
    """The unit of a waste setting (as the parameter table prints it), '' when unknown."""
    for s in WASTE_SETTINGS:
        if key == s.key or key in _FAMILIES.get(s.key, ()):
            return s.unit
    return ""
