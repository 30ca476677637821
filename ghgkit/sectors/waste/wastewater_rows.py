"""Wastewater rows (GPC III.4): domestic (population by pathway) and industrial (COD load by pathway)."""

from __future__ import annotations

import numpy as np

from ghgkit.errors import GhgkitError, SettingsError
from ghgkit.sectors.waste.inputs import (empty_result, float_setting, located, norm_each, param, persons_served,
                                         setting_value, tonnes)
from ghgkit.sectors.waste.parameters import load_parameters, parameter
from ghgkit.sectors.waste.vocab import normalise_pathway
from ghgkit.sectors.waste.wastewater import domestic_wastewater_ch4, effluent_n2o, effluent_nitrogen, \
    industrial_wastewater_ch4


#: pathways whose wastewater is collected in sewers (I = 1.25, Vol. 5 sect. 6.3.2.3);
#: the others are uncollected (I = 1.00); discharge to sea/river/lake counts as uncollected
COLLECTED = {"centralised_aerobic_well_managed", "centralised_aerobic_overloaded", "anaerobic_reactor",
             "anaerobic_digester_sludge", "lagoon_shallow", "lagoon_deep",
             "untreated_discharge_stagnant_sewer", "untreated_discharge_flowing_sewer"}


def domestic_rows(act, settings, year, name):
    res = empty_result(act.index)
    warnings = []
    ed = setting_value(settings, "edition", "2006")
    pop = persons_served(act)
    path = norm_each(act, "method", normalise_pathway)
    bod = float_setting(settings, "bod_per_capita")
    if bod is not None:
        bod_id = "setting:bod_per_capita"
    else:
        region = setting_value(settings, "bod_region") or setting_value(settings, "country")
        if region is None:
            raise located(SettingsError("domestic wastewater needs the BOD per person",
                                         hint="set bod_per_capita (g/person/day) or bod_region (e.g. "
                                              "asia_middle_east_latin_america)"), act, act.index[0])
        try:
            p = parameter("bod_per_capita", "domestic", region=str(region), edition=ed)
        except GhgkitError:
            regions = sorted(set(load_parameters().query("parameter == 'bod_per_capita'")["region"]))
            from_country = setting_value(settings, "bod_region") is None
            raise located(SettingsError(
                f"no default BOD per person for {'country' if from_country else 'bod_region'} '{region}'",
                hint="set bod_region to one of " + ", ".join(regions)
                     + " (IPCC 2006 Vol. 5 Table 6.4), or bod_per_capita in g/person/day"),
                act, act.index[0]) from None
        bod, bod_id = p.value, p.param_id
    bo, bo_id = param(settings, "bo_bod", "bo", "bod")
    mcf = np.array([parameter("mcf_ww", p_, edition=ed).value for p_ in path])
    i_f = np.array([parameter("i_industrial", "collected" if p_ in COLLECTED else "uncollected").value
                    for p_ in path])
    ch4 = domestic_wastewater_ch4(pop, bod, np.ones((len(act), 1)), mcf[:, None], bo, i_factor=i_f[:, None])
    res["ch4_t"] = ch4
    protein = float_setting(settings, "protein_kg_per_person_yr")
    if protein is not None:
        fnpr, _ = param(settings, "fnpr", "fnpr")
        fnc, _ = param(settings, "f_non_con", "f_non_con", "no_garbage_disposal")
        fic, _ = param(settings, "f_ind_com", "f_ind_com")
        ef, _ = param(settings, "ef_effluent", "ef_effluent")
        res["n2o_t"] = effluent_n2o(effluent_nitrogen(pop, protein, fnpr, fnc, fic), ef)
        n2o_ids = ";fnpr;f_non_con_no_disposal;f_ind_com;ef_effluent_n2o"
    else:
        n2o_ids = ""
        warnings.append("wastewater effluent N2O not estimated (NE): set protein_kg_per_person_yr "
                        "(kg protein per person per year, e.g. from FAO food balance sheets)")
    res["factor_ids"] = [f"{bod_id};{bo_id};mcf_ww_{p_};i_{'collected' if p_ in COLLECTED else 'uncollected'}"
                         + n2o_ids for p_ in path]
    res["conversion"] = [f"{p_:g} persons x {bod:g} g BOD/day x 365 x I {i:g} x Bo {bo:g} x MCF {m:g}"
                         for p_, i, m in zip(pop, i_f, mcf)]
    res["calc_notes"] = "IPCC 2006 Vol. 5 Eq. 6.1-6.3" + (", 6.7-6.8" if protein is not None else "")
    return res, warnings


def industrial_rows(act, settings, year, name):
    res = empty_result(act.index)
    cod = tonnes(act, "industrial wastewater COD load")
    path = norm_each(act, "method", normalise_pathway)
    bo, bo_id = param(settings, "bo_cod", "bo", "cod")
    mcf = np.array([parameter("mcf_ww", p_).value for p_ in path])
    res["ch4_t"] = industrial_wastewater_ch4(cod, mcf, bo)
    res["factor_ids"] = [f"{bo_id};mcf_ww_{p_}" for p_ in path]
    res["conversion"] = [f"{c:g} t COD x Bo {bo:g} x MCF {m:g}" for c, m in zip(cod, mcf)]
    res["calc_notes"] = "IPCC 2006 Vol. 5 Eq. 6.4-6.6"
    return res, []
