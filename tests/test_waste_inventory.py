"""Activity rows -> waste result rows (ghgkit.sectors.waste.calculator)."""

import pandas as pd
import pytest

from ghgkit.sectors import waste as W
from ghgkit.errors import GhgkitError, SettingsError
from ghgkit.sectors.waste import calculate_waste

INC01_COMPOSITION = dict(food=0.4, garden=0.12, paper=0.15, wood=0.05, textiles=0.04, plastics=0.12,
                         metal=0.04, glass=0.04, other_inert=0.04)


def _act(rows):
    base = dict(year=None, method=None, scope=None, file="city.xlsx", sheet="Waste", cell=None, line=None)
    return pd.DataFrame([{**base, **r} for r in rows])


def _landfill_rows():
    """The hand-worked case of test_waste.test_fod_two_components_by_hand, as activity rows."""
    lf = dict(sector="waste", subsector="landfill", unit="t", method="unmanaged_deep")
    return [dict(lf, activity="food", amount=1000, year=2018, cell="B2"),
            dict(lf, activity="food", amount=2000, year=2019, cell="B3"),
            dict(lf, activity="paper", amount=500, year=2018, cell="B4"),
            dict(lf, activity="paper", amount=1000, year=2020, cell="B5")]


def test_reference_cases_through_activity_rows():
    act = _act([
        dict(sector="waste", subsector="composting", activity="food", amount=5000, unit="t"),            # BIO-01
        dict(sector="waste", subsector="incineration", activity="msw", amount=20, unit="kt",
             method="continuous_stoker"),                                                               # INC-01
        dict(sector="wastewater", subsector="domestic", activity="population", amount=100000,
             unit="persons", method="septic_system"),                                                   # WW-03
        dict(sector="waste", subsector="landfill", activity="food", amount=10000, unit="t", year=2020,
             method="managed_anaerobic")])                                                              # SWD-04
    res, warnings = calculate_waste(act, dict(inventory_year=2025, climate_zone="boreal_wet",
                                              bod_per_capita=60, msw_composition=INC01_COMPOSITION))
    r = res.set_index("row")
    assert (r.loc[0, "ch4_t"], r.loc[0, "n2o_t"]) == pytest.approx((20.0, 1.5))
    assert r.loc[1, "co2_t"] == pytest.approx(6959.40666667)
    assert r.loc[1, "co2_biogenic_t"] == pytest.approx(13188.9266667)
    assert (r.loc[1, "ch4_t"], r.loc[1, "n2o_t"]) == pytest.approx((0.004, 1.0))
    assert r.loc[2, "ch4_t"] == pytest.approx(657.0)
    assert r.loc[3, "ch4_t"] == pytest.approx(40.291248223)
    assert "ef_bio_n2o_composting_wet" in r.loc[0, "factor_ids"]
    assert any("N2O not estimated" in w for w in warnings)


def test_landfill_rows_add_up_to_the_hand_case():
    res, warnings = calculate_waste(_act(_landfill_rows()),
                                    dict(inventory_year=2021, climate_zone="temperate_wet",
                                         landfill_ch4_recovered=5.0, ox=0.1))
    assert res["ch4_t"].sum() == pytest.approx(17.87628672, rel=1e-8)
    assert (res["ch4_t"] >= 0).all()
    assert "k_food_temperate_wet" in res.loc[0, "factor_ids"] and "setting:ox" in res.loc[0, "factor_ids"]
    assert any("paper" in w and "2019" in w and "zero deposit" in w for w in warnings)


def test_edition_2019_changes_composting_n2o():
    act = _act([dict(sector="waste", subsector="composting", activity="food", amount=5000, unit="t")])
    res, _ = calculate_waste(act, dict(inventory_year=2025, edition="2019"))
    assert res.loc[0, "n2o_t"] == pytest.approx(1.2)
    assert "ef_bio_n2o_composting_wet_2019" in res.loc[0, "factor_ids"]


def test_effluent_n2o_with_protein():
    act = _act([dict(sector="wastewater", subsector="domestic", activity="population", amount=100000,
                     unit="persons", method="septic_tank")])
    res, warnings = calculate_waste(act, dict(inventory_year=2025, bod_region="asia_middle_east_latin_america",
                                              protein_kg_per_person_yr=25))
    assert res.loc[0, "n2o_t"] == pytest.approx(550 * 0.005 * 44 / 28)
    assert res.loc[0, "ch4_t"] == pytest.approx(100000 * 40e-6 * 365 * 0.6 * 0.5)
    assert warnings == []


def test_errors_name_the_cell():
    rows = _landfill_rows()
    rows[1]["year"] = 2030
    with pytest.raises(W.DisposalYearError) as e:
        calculate_waste(_act(rows), dict(inventory_year=2021, climate_zone="temperate_wet"))
    assert "Waste!B3" in str(e.value) and "2030" in str(e.value)
    rows = _landfill_rows()
    rows[2]["method"] = "managed anaerobc"
    with pytest.raises(W.UnknownMethodError) as e:
        calculate_waste(_act(rows), dict(inventory_year=2021, climate_zone="temperate_wet"))
    assert "Waste!B4" in str(e.value) and "managed_anaerobic" in str(e.value)
    with pytest.raises(SettingsError, match="climate_zone"):
        calculate_waste(_act(_landfill_rows()), dict(inventory_year=2021))
    act = _act([dict(sector="waste", subsector="incineration", activity="msw", amount=1, unit="t",
                     method="continuous_stoker")])
    with pytest.raises(GhgkitError, match="msw_composition"):
        calculate_waste(act, dict(inventory_year=2021))
    bad = dict(INC01_COMPOSITION, food=0.5)
    with pytest.raises(W.CompositionError, match="sums to 1.1"):
        calculate_waste(act, dict(inventory_year=2021, msw_composition=bad))
