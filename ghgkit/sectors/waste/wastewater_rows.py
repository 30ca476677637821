"""Wastewater rows (GPC III.4): domestic (population by pathway) and industrial (COD load by pathway)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ghgkit.errors import GhgkitError, SettingsError
from ghgkit.provenance import FactorUse
from ghgkit.sectors.waste.common import N2O_PER_N2
from ghgkit.sectors.waste.inputs import (empty_result, float_setting, ids_text, located, mass_setting, norm_each, param,
                                         persons_served, row_location, setting_use, setting_value, tonnes)
from ghgkit.sectors.waste.parameters import load_parameters, parameter
from ghgkit.sectors.waste.vocab import normalise_pathway
from ghgkit.sectors.waste.wastewater import (domestic_tow, domestic_wastewater_ch4, effluent_n2o, effluent_nitrogen,
                                             industrial_wastewater_ch4, plant_n2o, sludge_and_recovery)


#: pathways whose wastewater is collected in sewers (I = 1.25, Vol. 5 sect. 6.3.2.3);
#: the others are uncollected (I = 1.00); discharge to sea/river/lake counts as uncollected
COLLECTED = {"centralised_aerobic_well_managed", "centralised_aerobic_overloaded", "anaerobic_reactor",
             "anaerobic_digester_sludge", "lagoon_shallow", "lagoon_deep",
             "untreated_discharge_stagnant_sewer", "untreated_discharge_flowing_sewer"}


#: pathways treated in centralised plants, where Box 6.1 plant N2O (``t_plant``) is put
CENTRALISED = ("centralised_aerobic_well_managed", "centralised_aerobic_overloaded")


def _bod(act, settings, ed) -> tuple[float, FactorUse]:
    """BOD per person [g/person/day]: the setting, else Table 6.4 by bod_region or country."""
    bod = float_setting(settings, "bod_per_capita")
    if bod is not None:
        return bod, setting_use(settings, "bod_per_capita", bod)
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
    return p.value, FactorUse.from_parameter(p)


def _mcf(settings, path) -> tuple[np.ndarray, list]:
    """MCF per row: ``mcf_<pathway>`` if set, else Table 6.3."""
    by = {p_: param(settings, f"mcf_{p_}", "mcf_ww", p_) for p_ in pd.unique(path)}
    return np.array([by[p_][0] for p_ in path]), [by[p_][1] for p_ in path]


def _s_and_r(act, settings, gross, tow, what: str, unit: str) -> tuple[np.ndarray, list, str]:
    """Apply S and R (settings ``<what>_sludge_removed``, ``<what>_ch4_recovered``) over the rows."""
    s = mass_setting(settings, f"{what}_sludge_removed") or 0.0
    r = mass_setting(settings, f"{what}_ch4_recovered") or 0.0
    if not (s or r):
        return gross, [], ""
    labels = [str(row_location(act, ix) or f"row {ix}") for ix in act.index]
    try:
        net = sludge_and_recovery(gross, tow, s, r, labels=labels)
    except GhgkitError as e:
        raise located(e, act, act.index[0]) from None
    uses = [setting_use(settings, k, v) for k, v in ((f"{what}_sludge_removed", s), (f"{what}_ch4_recovered", r)) if v]
    parts = []
    if s:
        parts.append(f"S {s:g} t {unit} removed as sludge (x (1 - S/TOW {s / tow.sum():.6g}) on every row)")
    if r:
        parts.append(f"R {r:g} t CH4 recovered, shared over the {what} rows in proportion to their CH4")
    text = f"; Eq. {'6.1' if what == 'domestic' else '6.4'}: " + " and ".join(parts)
    return net, uses, text


def domestic_rows(act, settings, year, name):
    res = empty_result(act.index)
    warnings = []
    ed = setting_value(settings, "edition", "2006")
    pop = persons_served(act)
    path = norm_each(act, "method", normalise_pathway)
    bod, bod_use = _bod(act, settings, ed)
    bo, bo_use = param(settings, "bo_bod", "bo", "bod")
    mcf, mcf_uses = _mcf(settings, path)
    ikey = np.array(["collected" if p_ in COLLECTED else "uncollected" for p_ in path], dtype=object)
    i_by = {k: param(settings, f"i_{k}", "i_industrial", k) for k in pd.unique(ikey)}
    i_f = np.array([i_by[k][0] for k in ikey])
    gross = domestic_wastewater_ch4(pop, bod, np.ones((len(act), 1)), mcf[:, None], bo, i_factor=i_f[:, None])
    tow = domestic_tow(pop, bod, i_f)                        # t BOD per row (Eq. 6.3), for S only
    ch4, sr_uses, sr_text = _s_and_r(act, settings, gross, tow, "domestic", "BOD")
    res["ch4_t"] = ch4
    uses = [(bod_use, bo_use, mu, i_by[k][1]) + tuple(sr_uses) for mu, k in zip(mcf_uses, ikey)]
    conv = [f"{p_:g} persons x {bod:g} g BOD/day x 365 x I {i:g} x Bo {bo:g} x MCF {m:g}" + sr_text
            for p_, i, m in zip(pop, i_f, mcf)]
    n2o_text, n2o_uses, n2o, n2o_eq = _domestic_n2o(act, settings, pop, path, warnings)
    if n2o is not None:
        res["n2o_t"] = n2o
        conv = [c + t for c, t in zip(conv, n2o_text)]
        uses = [u + nu for u, nu in zip(uses, n2o_uses)]
    else:
        res["n2o_t"] = np.nan              # not estimated (NE): never shown or summed as 0
    res["uses"] = uses
    res["factor_ids"] = [ids_text(u) for u in uses]
    res["conversion"] = conv
    res["calc_notes"] = "IPCC 2006 Vol. 5 Eq. 6.1-6.3" + n2o_eq
    return res, warnings


def _domestic_n2o(act, settings, pop, path, warnings):
    """Effluent N2O (Eq. 6.7, 6.8 with N_SLUDGE) and plant N2O (Box 6.1, Eq. 6.9) of the domestic rows."""
    protein = float_setting(settings, "protein_kg_per_person_yr")
    t_plant = float_setting(settings, "t_plant")
    fic, fic_use = param(settings, "f_ind_com", "f_ind_com")
    n = len(pop)
    text, uses, eq = [""] * n, [()] * n, ""
    n2o = np.zeros(n)
    plant = np.zeros(n)
    if t_plant is not None:
        # Eq. 6.9 for the population of all domestic rows, put on the centralised-plant rows by persons
        efp, efp_use = param(settings, "ef_plant", "ef_plant")
        central = np.isin(path.astype(str), CENTRALISED)
        total = float(plant_n2o(pop.sum(), t_plant, fic, efp))
        served = pop.sum() * t_plant
        if served > pop[central].sum() * (1 + 1e-9) + 1e-9:
            raise located(SettingsError(
                f"t_plant {t_plant:g} x {pop.sum():,.0f} persons = {served:,.0f} served by advanced centralised "
                f"plants, more than the {pop[central].sum():,.0f} persons on centralised_aerobic rows",
                hint="T_PLANT is the share of the population of the domestic rows served by advanced "
                     "centralised plants; give those persons on centralised_aerobic_* rows"), act, act.index[0])
        plant = np.where(central, total * pop / pop[central].sum(), 0.0) if central.any() else plant
        pu = (setting_use(settings, "t_plant", t_plant), fic_use, efp_use)
        for j in np.flatnonzero(central):
            text[j] += (f"; plant N2O (Box 6.1, Eq. 6.9): {pop.sum():g} persons x T_PLANT {t_plant:g} x F_IND-COM "
                        f"{fic:g} x EF_PLANT {efp:g} g/person/yr x 1e-6 = {total:.6g} t N2O, this row's share "
                        f"by persons {plant[j]:.6g} t")
            uses[j] = uses[j] + pu
        eq += ", Box 6.1 Eq. 6.9"
    if protein is None:
        warnings.append("wastewater effluent N2O not estimated (NE): set protein_kg_per_person_yr "
                        "(kg protein per person per year, e.g. from FAO food balance sheets)")
        return text, uses, (plant if t_plant is not None else None), eq
    fnpr, fnpr_use = param(settings, "fnpr", "fnpr")
    fnc, fnc_use = param(settings, "f_non_con", "f_non_con", "no_garbage_disposal")
    ef, ef_use = param(settings, "ef_effluent", "ef_effluent")
    n_sludge = mass_setting(settings, "n_sludge") or 0.0
    n_wwt = plant / N2O_PER_N2                                  # N of the plant N2O (Box 6.1: N_WWT)
    removed = None
    if n_sludge or n_wwt.any():
        n_in = effluent_nitrogen(pop, protein, fnpr, fnc, fic)
        if n_sludge > n_in.sum() * (1 + 1e-9) + 1e-12:
            raise located(SettingsError(
                f"n_sludge {n_sludge:g} t N is more than the nitrogen in the domestic wastewater "
                f"({n_in.sum():.6g} t N, Eq. 6.8)", hint="N_SLUDGE is t N removed with sludge per year"),
                act, act.index[0])
        removed = n_sludge * np.divide(n_in, n_in.sum(), out=np.zeros(n), where=n_in.sum() > 0) + n_wwt
        n_eff = effluent_nitrogen(pop, protein, fnpr, fnc, fic, n_sludge_t=np.minimum(removed, n_in))
    else:
        n_eff = effluent_nitrogen(pop, protein, fnpr, fnc, fic)
    n2o = effluent_n2o(n_eff, ef)
    base = (setting_use(settings, "protein_kg_per_person_yr", protein), fnpr_use, fnc_use, fic_use, ef_use)
    extra = (setting_use(settings, "n_sludge", n_sludge),) if n_sludge else ()
    for j in range(n):
        t = (f"; N2O effluent (Eq. 6.7-6.8): {pop[j]:g} persons x {protein:g} kg protein x F_NPR {fnpr:g} x "
             f"F_NON-CON {fnc:g} x F_IND-COM {fic:g} x 1e-3")
        if removed is not None:
            t += f" - {removed[j]:.6g} t N (N_SLUDGE share" + (" and N_WWT of the plant N2O" if n_wwt[j] else "") + ")"
        t += f" = {n_eff[j]:.6g} t N x EF {ef:g} x 44/28"
        text[j] = t + text[j]
        uses[j] = base + extra + uses[j]
    return text, uses, n2o + plant, ", 6.7-6.8" + (" with N_SLUDGE" if n_sludge else "") + eq


def industrial_rows(act, settings, year, name):
    res = empty_result(act.index)
    cod = tonnes(act, "industrial wastewater COD load")
    path = norm_each(act, "method", normalise_pathway)
    bo, bo_use = param(settings, "bo_cod", "bo", "cod")
    mcf, mcf_uses = _mcf(settings, path)
    gross = industrial_wastewater_ch4(cod, mcf, bo)
    ch4, sr_uses, sr_text = _s_and_r(act, settings, gross, cod, "industrial", "COD")
    res["ch4_t"] = ch4
    uses = [(bo_use, mu) + tuple(sr_uses) for mu in mcf_uses]
    res["uses"] = uses
    res["factor_ids"] = [ids_text(u) for u in uses]
    res["conversion"] = [f"{c:g} t COD x Bo {bo:g} x MCF {m:g}" + sr_text for c, m in zip(cod, mcf)]
    res["calc_notes"] = "IPCC 2006 Vol. 5 Eq. 6.4-6.6"
    return res, []
