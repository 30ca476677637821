"""Issue 11: every IPCC waste parameter a city may need to set, worked by hand with non-default values.

Per-component landfill k / DOC / DOCf (with nappies, which Table 3.3 lacks), wastewater S and R
(Eq. 6.1, 6.4), MCF per pathway and I, N_SLUDGE (Eq. 6.8), plant N2O (Box 6.1, Eq. 6.9), mass
settings with units, fuel energy on a gross calorific basis; each appears in the audit trail of
both reports; the settings registry agrees with the settings check, the README and the template.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest
from hypothesis import given, settings as hsettings, strategies as st

import ghgkit
from ghgkit.errors import GhgkitError, SettingsError
from ghgkit.io.settings import WASTE_FAMILY_KEYS, WASTE_KEYS, build_settings
from ghgkit.provenance import FactorUse
from ghgkit.sectors import waste as W
from ghgkit.sectors.waste import keys as K
from ghgkit.sectors.waste.inputs import ids_text
from ghgkit.sectors.waste.wastewater import plant_n2o, sludge_and_recovery

ROOT = Path(__file__).resolve().parents[1]


def _act(rows):
    df = pd.DataFrame(rows)
    for c in ("year", "scope"):
        if c not in df:
            df[c] = np.nan
    df["sheet"] = "Waste"
    if "cell" not in df:
        df["cell"] = [f"A{i + 2}" for i in range(len(df))]
    return df


def _calc(rows, **settings):
    res, warn = W.calculate_waste(_act(rows), dict(inventory_year=2020, **settings))
    return res.set_index("row").sort_index(), warn


def _fod(w, doc, docf, mcf, k, lag_after_start, f=0.5):
    """One deposit's CH4 in year T with the six-month delay: decay starts on 1 January of y + 1,
    so in T it is DDOCm x e^(-k n) x (1 - e^-k) x F x 16/12 with n = T - y - 1."""
    return w * doc * docf * mcf * math.exp(-k * lag_after_start) * (1 - math.exp(-k)) * f * 16 / 12


# --------------------------------------------------------------------------------------
# Landfill: k, DOC, DOCf per component; MCF per site type
# --------------------------------------------------------------------------------------
LANDFILL = [dict(sector="waste", subsector="landfill", activity="food", amount=1000, unit="t", year=2015,
                 method="managed_anaerobic"),
            dict(sector="waste", subsector="landfill", activity="nappies", amount=400, unit="t", year=2015,
                 method="managed_anaerobic")]


def test_nappies_need_their_own_k_and_the_hint_says_so():
    with pytest.raises(W.UnknownMethodError) as e:
        _calc(LANDFILL, climate_zone="temperate_wet")
    assert "nappies" in e.value.message and "k_nappies" in e.value.hint and "Waste!A3" in str(e.value)


def test_per_component_k_doc_docf_by_hand():
    """Inventory year 2020, deposits of 2015 (n = 2020 - 2015 - 1 = 4), managed anaerobic (MCF 1), F 0.5.
    food: Table 2.4 DOC 0.15, DOCf 0.5, Table 3.3 temperate wet k 0.185:
      1000 x 0.15 x 0.5 x 1 x e^(-0.185 x 4) x (1 - e^-0.185) x 0.5 x 16/12 = 4.029125 t
    nappies: doc_nappies 0.3, docf_nappies 0.6, k_nappies 0.1 (all set):
      400 x 0.3 x 0.6 x 1 x e^(-0.4) x (1 - e^-0.1) x 0.5 x 16/12 = 3.061891 t"""
    res, _ = _calc(LANDFILL, climate_zone="temperate_wet", k_nappies=0.1, doc_nappies=0.3, docf_nappies=0.6)
    food = 1000 * 0.15 * 0.5 * math.exp(-0.185 * 4) * (1 - math.exp(-0.185)) * 0.5 * 16 / 12
    napp = 400 * 0.3 * 0.6 * math.exp(-0.1 * 4) * (1 - math.exp(-0.1)) * 0.5 * 16 / 12
    assert food == pytest.approx(4.029125, rel=1e-6) and napp == pytest.approx(3.061891, rel=1e-6)
    np.testing.assert_allclose(res["ch4_t"], [food, napp], rtol=1e-12)
    # the food row keeps its defaults, the nappies row names the three settings
    assert res.loc[0, "factor_ids"].split(";")[:3] == ["doc_wet_food", "k_food_temperate_wet", "docf_default"]
    assert res.loc[1, "factor_ids"].split(";")[:3] == ["setting:doc_nappies", "setting:k_nappies",
                                                       "setting:docf_nappies"]
    use = {u.id: u for u in res.loc[1, "uses"]}
    assert use["k_nappies"] == FactorUse.from_setting("k_nappies", 0.1, unit="1/year")
    assert use["doc_nappies"].unit == "t/t" and use["docf_nappies"].value == 0.6


def test_specific_key_wins_over_the_global_one():
    """k = 0.2 for every component, k_nappies = 0.1 for nappies; docf = 0.7, docf_food = 0.55;
    mcf = 0.8 for every site, mcf_managed_anaerobic = 0.9 for that site type."""
    res, _ = _calc(LANDFILL, k=0.2, k_nappies=0.1, docf=0.7, docf_food=0.55, mcf=0.8, mcf_managed_anaerobic=0.9)
    food = _fod(1000, 0.15, 0.55, 0.9, 0.2, 4)
    napp = _fod(400, 0.24, 0.7, 0.9, 0.1, 4)
    np.testing.assert_allclose(res["ch4_t"], [food, napp], rtol=1e-12)
    assert "setting:k;" in res.loc[0, "factor_ids"] and "setting:k_nappies" in res.loc[1, "factor_ids"]
    assert "setting:mcf_managed_anaerobic" in res.loc[0, "factor_ids"] and "setting:mcf;" not in res.loc[0, "factor_ids"]
    # without the site-type key, the global mcf applies
    res2, _ = _calc(LANDFILL, k=0.2, k_nappies=0.1, mcf=0.8)
    np.testing.assert_allclose(res2.loc[1, "ch4_t"], _fod(400, 0.24, 0.5, 0.8, 0.1, 4), rtol=1e-12)


def test_landfill_recovery_accepts_a_mass_with_its_unit():
    base = dict(climate_zone="temperate_wet", k_nappies=0.1)
    a, _ = _calc(LANDFILL, landfill_ch4_recovered=2.5, **base)
    b, _ = _calc(LANDFILL, landfill_ch4_recovered="2500 kg", **base)
    np.testing.assert_allclose(a["ch4_t"], b["ch4_t"], rtol=1e-12)
    assert "setting:landfill_ch4_recovered" in a.loc[0, "factor_ids"]
    with pytest.raises(SettingsError, match="landfill_ch4_recovered"):
        _calc(LANDFILL, landfill_ch4_recovered="3000 m3", **base)


# --------------------------------------------------------------------------------------
# Wastewater CH4: S, R, MCF per pathway, I
# --------------------------------------------------------------------------------------
DOMESTIC = [dict(sector="wastewater", subsector="domestic", activity="population", amount=100000, unit="persons",
                 method="septic_tank"),
            dict(sector="wastewater", subsector="domestic", activity="population", amount=50000, unit="persons",
                 method="centralised_aerobic_overloaded")]


def test_domestic_sludge_and_recovery_by_hand():
    """Eq. 6.1-6.3 with BOD 40 g/person/day, Bo 0.6:
      septic (uncollected, I 1.00, MCF 0.5):   TOW 100 000 x 40 x 365 x 1e-6        = 1460 t BOD, 438 t CH4
      centralised overloaded (I 1.25, MCF 0.3): TOW 50 000 x 40 x 365 x 1e-6 x 1.25 = 912.5 t,   164.25 t
    S = 474.5 t BOD (given as 474 500 kg) = 0.2 of TOW 2372.5: both rows x 0.8 -> 350.4 and 131.4 t;
    R = 48.18 t shared by CH4: 350.4 - 35.04 = 315.36 and 131.4 - 13.14 = 118.26 t.
    Eq. 6.1 as printed: [sum U T EF](TOW - S) - R = 602.25 x 0.8 - 48.18 = 433.62 t."""
    res, _ = _calc(DOMESTIC, bod_per_capita=40, domestic_sludge_removed="474500 kg", domestic_ch4_recovered=48.18)
    np.testing.assert_allclose(res["ch4_t"], [315.36, 118.26], rtol=1e-12)
    assert res["ch4_t"].sum() == pytest.approx((438 + 164.25) * (2372.5 - 474.5) / 2372.5 - 48.18, rel=1e-12)
    for r in (0, 1):
        assert "setting:domestic_sludge_removed;setting:domestic_ch4_recovered" in res.loc[r, "factor_ids"]
        assert "S 474.5 t BOD" in res.loc[r, "conversion"] and "R 48.18 t CH4" in res.loc[r, "conversion"]
    s = {u.id: u for u in res.loc[0, "uses"]}["domestic_sludge_removed"]
    assert s.kind == "setting" and s.value == pytest.approx(474.5) and s.unit == "t"


def test_domestic_mcf_per_pathway_and_i_by_hand():
    """mcf_septic_tank 0.4 (country-specific) and i_collected 1.1:
    septic 1460 x 0.6 x 0.4 = 350.4 t; centralised 50 000 x 40 x 365 x 1e-6 x 1.1 x 0.6 x 0.3 = 144.54 t."""
    res, _ = _calc(DOMESTIC, bod_per_capita=40, mcf_septic_tank=0.4, i_collected=1.1)
    np.testing.assert_allclose(res["ch4_t"], [350.4, 144.54], rtol=1e-12)
    assert "setting:mcf_septic_tank" in res.loc[0, "factor_ids"] and "i_uncollected" in res.loc[0, "factor_ids"]
    assert "mcf_ww_centralised_aerobic_overloaded" in res.loc[1, "factor_ids"]
    assert "setting:i_collected" in res.loc[1, "factor_ids"]


def test_sludge_or_recovery_too_large_is_refused():
    with pytest.raises(W.RecoveryError, match="S = 2400"):
        _calc(DOMESTIC, bod_per_capita=40, domestic_sludge_removed=2400)
    with pytest.raises(W.RecoveryError, match="recovered CH4 700"):
        _calc(DOMESTIC, bod_per_capita=40, domestic_ch4_recovered=700)
    with pytest.raises(SettingsError, match="domestic_ch4_recovered"):
        _calc(DOMESTIC, bod_per_capita=40, domestic_ch4_recovered="1000 m3")


def test_industrial_sludge_and_recovery_by_hand():
    """Eq. 6.4: 1000 t COD to a deep lagoon (MCF 0.8), Bo 0.25: (1000 - S 100) x 0.25 x 0.8 - R 30 = 150 t;
    with mcf_lagoon_deep 0.6: (900 x 0.25 x 0.6) - 30 = 105 t."""
    rows = [dict(sector="wastewater", subsector="industrial", activity="cod", amount=1000, unit="t",
                 method="lagoon_deep")]
    res, _ = _calc(rows, industrial_sludge_removed=100, industrial_ch4_recovered="30 t")
    assert res.loc[0, "ch4_t"] == pytest.approx(150.0, rel=1e-12)
    assert res.loc[0, "factor_ids"] == ("bo_cod;mcf_ww_lagoon_deep;setting:industrial_sludge_removed;"
                                        "setting:industrial_ch4_recovered")
    res, _ = _calc(rows, industrial_sludge_removed=100, industrial_ch4_recovered=30, mcf_lagoon_deep=0.6)
    assert res.loc[0, "ch4_t"] == pytest.approx(105.0, rel=1e-12)


@hsettings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.floats(0, 1e5), st.floats(0, 1)), min_size=1, max_size=6),
       st.floats(0, 1), st.floats(0, 1))
def test_sludge_and_recovery_conserve_eq_6_1(systems, s_share, r_share):
    """The rows add up to Eq. 6.1, [sum G](1 - S/TOW) - R, for any S <= TOW and R <= what is left;
    no row goes negative; S = R = 0 returns the generation unchanged."""
    tow = np.array([t for t, _ in systems])
    g = tow * np.array([e for _, e in systems])
    if tow.sum() == 0:
        return
    s = s_share * tow.sum()
    left = g.sum() * (1 - s / tow.sum())
    r = r_share * left
    out = sludge_and_recovery(g, tow, s, r)
    assert out.sum() == pytest.approx(left - r, rel=1e-9, abs=1e-9)
    assert (out >= 0).all()
    np.testing.assert_array_equal(sludge_and_recovery(g, tow), g)


# --------------------------------------------------------------------------------------
# Wastewater N2O: N_SLUDGE and plant N2O
# --------------------------------------------------------------------------------------
N2O_BASE = dict(bod_per_capita=40, protein_kg_per_person_yr=25)


def test_n_sludge_by_hand():
    """Eq. 6.8: N = P x 25 kg x F_NPR 0.16 x F_NON-CON 1.1 x F_IND-COM 1.25 x 1e-3:
    100 000 persons -> 550 t N, 50 000 -> 275 t N; N_SLUDGE 82.5 t N (as '82500 kg') shared by N:
    55 and 27.5 t -> 495 and 247.5 t N; Eq. 6.7: x 0.005 x 44/28 = 3.889286 and 1.944643 t N2O."""
    res, _ = _calc(DOMESTIC, n_sludge="82500 kg", **N2O_BASE)
    np.testing.assert_allclose(res["n2o_t"], [495 * 0.005 * 44 / 28, 247.5 * 0.005 * 44 / 28], rtol=1e-12)
    assert "setting:n_sludge" in res.loc[0, "factor_ids"] and "N_SLUDGE share" in res.loc[0, "conversion"]
    assert "setting:protein_kg_per_person_yr;fnpr;f_non_con_no_disposal;f_ind_com;ef_effluent_n2o" \
        in res.loc[0, "factor_ids"]
    with pytest.raises(SettingsError, match="n_sludge 900"):
        _calc(DOMESTIC, n_sludge=900, **N2O_BASE)


def test_plant_n2o_by_hand():
    """Box 6.1, Eq. 6.9: N2O_PLANTS = P 150 000 x T_PLANT 0.2 x F_IND-COM 1.25 x EF_PLANT 3.2 g x 1e-6
    = 0.12 t N2O, all on the centralised row (the only centralised_aerobic row). Its nitrogen,
    N_WWT = 0.12 x 28/44 = 0.0763636 t N, leaves that row's effluent:
    (275 - 0.0763636) x 0.005 x 44/28 + 0.12 t. The septic row keeps 550 x 0.005 x 44/28."""
    res, _ = _calc(DOMESTIC, t_plant=0.2, **N2O_BASE)
    assert plant_n2o(150000, 0.2, 1.25, 3.2) == pytest.approx(0.12, rel=1e-12)
    np.testing.assert_allclose(res["n2o_t"], [550 * 0.005 * 44 / 28,
                                              (275 - 0.12 * 28 / 44) * 0.005 * 44 / 28 + 0.12], rtol=1e-12)
    assert "setting:t_plant;f_ind_com;ef_plant" in res.loc[1, "factor_ids"]
    assert "ef_plant" not in res.loc[0, "factor_ids"]
    assert "Eq. 6.9" in res.loc[1, "conversion"] and "Box 6.1" in res.loc[1, "calc_notes"]
    ef = {u.id: u for u in res.loc[1, "uses"]}["ef_plant"]
    assert (ef.kind, ef.value, ef.unit, ef.source_ref) == ("parameter", 3.2, "g/person/year",
                                                          "Vol. 5 Ch. 6 Box 6.1 (Eq. 6.9)")
    # a country value for EF_PLANT, and plant N2O alone when protein is not known (effluent NE)
    res, warn = _calc(DOMESTIC, bod_per_capita=40, t_plant=0.2, ef_plant=7)
    np.testing.assert_allclose(res["n2o_t"], [0.0, 150000 * 0.2 * 1.25 * 7e-6], rtol=1e-12)
    assert any("effluent N2O not estimated" in w for w in warn)
    with pytest.raises(SettingsError, match="more than the 50,000 persons"):
        _calc(DOMESTIC, t_plant=0.5, **N2O_BASE)


# --------------------------------------------------------------------------------------
# Fuel energy on a gross calorific basis
# --------------------------------------------------------------------------------------
def _energy_inventory(tmp_path, unit="GJ", fuel="natural_gas", amount=1000, **overrides):
    p = tmp_path / "e.csv"
    p.write_text(f"sector,activity,amount,unit\nindustry,{fuel},{amount},{unit}\n")
    act, s = ghgkit.load(str(p), overrides={"inventory_year": "2023", **overrides})
    return ghgkit.calculate(act, s)


def test_gross_calorific_basis_by_hand(tmp_path):
    """1000 GJ of natural gas on a gross basis = 900 GJ net (NCV = 0.9 GCV, IPCC 2006 Vol. 2 Ch. 1
    sect. 1.4.1.2) = 0.9 TJ x 56 100 kg CO2/TJ = 50.49 t CO2; on a net basis 56.1 t. 10 000 kWh of
    diesel gross = 36 GJ x 0.95 = 0.0342 TJ x 74 100 kg/TJ = 2.53422 t CO2."""
    net = _energy_inventory(tmp_path).rows.iloc[0]
    gross = _energy_inventory(tmp_path, energy_basis="gross").rows.iloc[0]
    assert net["co2_t"] == pytest.approx(56.1, rel=1e-12)
    assert gross["co2_t"] == pytest.approx(50.49, rel=1e-12)
    assert gross["ch4_t"] == pytest.approx(0.9 * net["ch4_t"], rel=1e-12)
    assert "(net calorific basis)" in net["conversion"]
    assert "0.9 NCV/GCV (gross calorific basis" in gross["conversion"] and "1.4.1.2" in gross["conversion"]
    d = _energy_inventory(tmp_path, unit="kWh", fuel="diesel", amount=10000, energy_basis="gross").rows.iloc[0]
    assert d["co2_t"] == pytest.approx(10000 * 3.6e-6 * 0.95 * 74.1, rel=1e-12)
    # a mass goes through the NCV, whatever the basis setting says
    m1 = _energy_inventory(tmp_path, unit="t", fuel="diesel", amount=10).rows.iloc[0]
    m2 = _energy_inventory(tmp_path, unit="t", fuel="diesel", amount=10, energy_basis="gross").rows.iloc[0]
    assert m1["co2_t"] == m2["co2_t"]


def test_gross_basis_without_a_ratio_is_refused(tmp_path):
    with pytest.raises(GhgkitError, match="NCV/GCV") as e:
        _energy_inventory(tmp_path, fuel="wood", energy_basis="gross")
    assert "ncv_gcv" in e.value.hint
    with pytest.raises(GhgkitError) as e:       # the importer's rules report the settings error
        _energy_inventory(tmp_path, energy_basis="higher")
    assert "energy_basis must be one of net, gross" in "\n".join(e.value.lines())


# --------------------------------------------------------------------------------------
# Audit trail of both reports
# --------------------------------------------------------------------------------------
def test_new_parameters_appear_in_both_reports(tmp_path):
    p = tmp_path / "w.csv"
    p.write_text("sector,subsector,activity,amount,unit,year,method\n"
                 "waste,landfill,nappies,400,t,2015,managed_anaerobic\n"
                 "wastewater,domestic,population,100000,persons,,septic_tank\n"
                 "wastewater,domestic,population,50000,persons,,centralised_aerobic_well_managed\n")
    act, s = ghgkit.load(str(p), overrides={
        "inventory_year": "2020", "climate_zone": "temperate_wet", "k_nappies": "0.1", "bod_per_capita": "40",
        "protein_kg_per_person_yr": "25", "domestic_sludge_removed": "474.5", "domestic_ch4_recovered": "12.5",
        "n_sludge": "82.5", "t_plant": "0.2"})
    inv = ghgkit.calculate(act, s)
    assert all(isinstance(i["uses"], tuple) for i in inv.info)
    xlsx, html = tmp_path / "r.xlsx", tmp_path / "r.html"
    inv.to_excel(str(xlsx))
    inv.to_html(str(html))
    wb = openpyxl.load_workbook(xlsx)
    calc = "\n".join(str(c) for row in wb["Calculation"].iter_rows(values_only=True) for c in row if c is not None)
    facs = "\n".join(str(c) for row in wb["Factors"].iter_rows(values_only=True) for c in row if c is not None)
    text = re.sub(r"<[^>]+>", " ", html.read_text(encoding="utf-8"))
    for key, value in [("k_nappies", "0.1"), ("domestic_sludge_removed", "474.5"),
                       ("domestic_ch4_recovered", "12.5"), ("n_sludge", "82.5"), ("t_plant", "0.2"),
                       ("ef_plant", "3.2")]:
        for where, body in (("Excel Calculation", calc), ("HTML", text)):
            # the factor cell shows 'what value unit' and the id column the key itself
            assert re.search(rf"(^|\s){key} {re.escape(value)}(\s|$)", body), f"{key} {value} not in {where}"
        assert key in facs, f"{key} not in the Excel Factors sheet"
    assert "Box 6.1" in calc and "Box 6.1" in text


# --------------------------------------------------------------------------------------
# One list of settings: the check, the README, the template
# --------------------------------------------------------------------------------------
def test_settings_registry_matches_the_settings_check():
    assert set(K.setting_keys()) == set(WASTE_KEYS + WASTE_FAMILY_KEYS) | {"msw_composition"}
    assert {K.setting_unit(k) for k in K.MASS_SETTINGS} == {"t"}
    assert K.setting_unit("k_nappies") == "1/year" and K.setting_unit("mcf_septic_tank") == "1"


def test_misspelt_waste_key_is_refused_with_did_you_mean():
    ok = build_settings(({"inventory_year": 2020, "k_nappies": 0.1, "docf_food": 0.6, "mcf_septic_tank": 0.4,
                          "n_sludge": "5 t", "t_plant": 0.3}, "settings.toml"))
    assert ok.extra("k_nappies") == 0.1
    with pytest.raises(SettingsError) as e:
        build_settings(({"inventory_year": 2020, "k_napies": 0.1}, "settings.toml"))
    assert "k_napies" in e.value.message and "k_nappies" in e.value.hint
    with pytest.raises(SettingsError, match="unknown setting 'mcf_septic'"):
        build_settings(({"inventory_year": 2020, "mcf_septic": 0.4}, "settings.toml"))


def test_every_waste_setting_is_in_the_readme_and_the_template():
    from ghgkit.io.template import SETTINGS

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    sheet = {k: help_ for k, _, help_ in SETTINGS}
    for s in K.WASTE_SETTINGS:
        assert f"| `{s.key}` |" in readme, s.key
        assert K.FAMILY_EXAMPLES.get(s.key, s.key) in sheet, s.key
    assert "energy_basis" in sheet and "`energy_basis = gross`" in readme
    # the template states unit and default of the generated rows
    assert "[1/year]" in sheet["k_nappies"] and "3.2" in sheet["ef_plant"]


def test_vocabularies_in_the_settings_check_match_the_waste_package():
    from ghgkit.io import settings as S

    assert S._WASTE_COMPONENTS == W.WASTE_COMPONENTS
    assert S._SITE_TYPES == W.SITE_TYPES and S._PATHWAYS == W.PATHWAYS


# --------------------------------------------------------------------------------------
# Provenance records and the digestion factor
# --------------------------------------------------------------------------------------
def test_uses_give_the_factor_ids_of_every_row():
    rows = LANDFILL + DOMESTIC + [
        dict(sector="waste", subsector="composting", activity="food", amount=100, unit="t"),
        dict(sector="waste", subsector="incineration", activity="plastics", amount=10, unit="t",
             method="continuous_stoker")]
    res, _ = _calc(rows, k_nappies=0.1, climate_zone="tropical_wet", bod_per_capita=40, ef_incin_ch4=0.5)
    for r in res.itertuples():
        assert all(isinstance(u, FactorUse) for u in r.uses)
        if "dm/cf/fcf" not in r.factor_ids:
            assert ids_text(r.uses) == r.factor_ids
    inc = res.iloc[-1]
    # a setting given for incineration is named (it used to print the default's id)
    assert inc["factor_ids"].startswith("setting:ef_incin_ch4;ef_incin_n2o_continuous_stoker;of_incineration;")
    assert {"dm_plastics", "cf_plastics", "fcf_plastics"} <= {u.id for u in inc["uses"]}


def test_digestion_factor_2006_and_2019():
    """IPCC 2006 Vol. 5 Table 4.1 prints 1 g CH4/kg wet for anaerobic digestion; the 2019
    Refinement's updated Table 4.1 prints 0.8 (= 2 g/kg dry x 0.4 dry matter)."""
    p6 = W.parameter("ef_bio_ch4", "anaerobic_digestion_wet")
    p9 = W.parameter("ef_bio_ch4", "anaerobic_digestion_wet", edition="2019")
    assert (p6.value, p6.edition, p6.source) == (1.0, "2006", "ipcc2006_v5c4")
    assert (p9.value, p9.edition, p9.source) == (0.8, "2019", "ipcc2019_v5c4")
    assert W.parameter("ef_bio_ch4", "anaerobic_digestion_dry").value == 2.0
