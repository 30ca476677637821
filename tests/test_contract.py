"""The calculator contract and the totals: conversion paths both ways, BASIC by GPC level,
factor validity years, and typed provenance on every row."""

import pytest

from ghgkit.provenance import FactorUse

from test_inventory import run

# UN Statistics Division conversion table: diesel 1149 L/t; IPCC 2006 Vol. 2 Table 1.2: NCV 43.0 TJ/Gg
DIESEL_T_PER_L = 1 / 1149
DIESEL_TJ_PER_T = 43.0e-3

PER_LITRE = """# source own: a test factor (per litre)
factor_id,activity,gas,value,unit,sector,source
d_per_l,diesel,CO2,2.7,kg/L,household,own
"""
PER_TONNE = """# source own: a test factor (per tonne)
factor_id,activity,gas,value,unit,sector,source
d_per_t,diesel,CO2,3200,kg/t,household,own
"""


@pytest.mark.parametrize("amount,unit,factors,expected_t", [
    # energy -> mass -> volume: 1000 GJ = 1 TJ; / 0.043 TJ/t = 23.26 t; x 1149 L/t = 26,721 L; x 2.7 kg/L
    (1000, "GJ", PER_LITRE, 1.0 / DIESEL_TJ_PER_T / DIESEL_T_PER_L * 2.7e-3),
    # mass -> volume: 10 t x 1149 L/t x 2.7 kg/L
    (10, "t", PER_LITRE, 10 / DIESEL_T_PER_L * 2.7e-3),
    # volume -> mass: 5000 L / 1149 L/t x 3200 kg/t
    (5000, "L", PER_TONNE, 5000 * DIESEL_T_PER_L * 3.2),
    # energy -> mass: 1000 GJ / 0.043 TJ/t x 3200 kg/t
    (1000, "GJ", PER_TONNE, 1.0 / DIESEL_TJ_PER_T * 3.2),
])
def test_conversion_path_runs_the_right_way(tmp_path, amount, unit, factors, expected_t):
    inv = run(tmp_path, [dict(sector="household", activity="diesel", amount=amount, unit=unit,
                              factor_id=factors.splitlines()[-1].split(",")[0])], factors_csv=factors)
    assert inv.rows.iloc[0]["co2_t"] == pytest.approx(expected_t, rel=1e-9)


def test_basic_is_chosen_by_gpc_level_not_by_scope(tmp_path):
    """Scope 3 landfill of the city's waste outside the boundary (III.1.2) is BASIC; scope 3 T&D
    losses (I.1.3) are BASIC+ only; scope 2 (I.1.2) is BASIC."""
    rows = [
        dict(sector="household", activity="electricity", amount=1000, unit="MWh"),
        dict(sector="waste", subsector="composting", activity="food", amount=1000, unit="t", scope=3),
    ]
    inv = run(tmp_path, rows, grid_ef=0.5, grid_ef_source="test", td_loss_rate=0.1)
    r = inv.rows.set_index("gpc_ref")
    assert set(r.index) == {"I.1.2", "I.1.3", "III.2.2"}
    assert r.loc["III.2.2", "level"] == "BASIC" and r.loc["I.1.3", "level"] == "BASIC+"
    scope2, td, compost = r.loc["I.1.2", "co2e_t"], r.loc["I.1.3", "co2e_t"], r.loc["III.2.2", "co2e_t"]
    assert scope2 == pytest.approx(500.0)                      # 1000 MWh x 0.5 t/MWh
    assert td == pytest.approx(1000 * 0.1 / 0.9 * 0.5)         # C x L/(1-L) x EF
    # composting (IPCC 2006 Vol. 5 Table 4.1, wet): CH4 4 g/kg, N2O 0.3 g/kg; AR5 28 / 265
    assert compost == pytest.approx(1000 * 4e-3 * 28 + 1000 * 0.3e-3 * 265)
    assert inv.totals["basic_co2e_t"] == pytest.approx(scope2 + compost)
    assert inv.totals["basic_plus_co2e_t"] == pytest.approx(scope2 + compost + td)


VALIDITY = """# source own: test factors with validity years
factor_id,activity,gas,value,unit,sector,valid_from,valid_to,source
old,natural_gas,CO2,50000,kg/TJ,household,2000,2023,own
new,natural_gas,CO2,60000,kg/TJ,household,2024,,own
"""


@pytest.mark.parametrize("year,factor", [(2023, "old"), (2024, "new")])
def test_factor_valid_to_is_inclusive(tmp_path, year, factor):
    inv = run(tmp_path, [dict(sector="household", activity="natural_gas", amount=1, unit="TJ")],
              factors_csv=VALIDITY, inventory_year=year)
    r = inv.rows.iloc[0]
    assert r["factor_ids"].split(";")[0] == factor
    assert r["co2_t"] == pytest.approx({"old": 50.0, "new": 60.0}[factor])


def test_every_group_carries_typed_provenance(tmp_path):
    """Factor ids in the rows are the ids of the FactorUse records of the row's group; density and
    NCV used by a conversion come as records too, with their table and origin."""
    inv = run(tmp_path, [dict(sector="household", activity="diesel", amount=1000, unit="L"),
                         dict(sector="household", activity="electricity", amount=10, unit="MWh")],
              grid_ef=0.5, grid_ef_source="test grid")
    groups = inv.row_groups
    for i, ids in enumerate(inv.rows["factor_ids"]):
        info = inv.info[groups[i]]
        assert all(isinstance(u, FactorUse) for u in info["uses"])
        assert ";".join(u.id for u in info["uses"]) == ids
    diesel = inv.info[groups[0]]
    conv = {u.id: u for u in diesel["conversion_uses"]}
    assert set(conv) == {"density_diesel", "ncv_diesel"}
    assert conv["ncv_diesel"].source_ref == "Vol. 2 Ch. 1 Table 1.2" and conv["ncv_diesel"].origin == "default table"
    grid = inv.info[groups[1]]["uses"][0]
    assert (grid.kind, grid.id, grid.value, grid.unit) == ("setting", "grid_ef", 0.5, "t CO2/MWh")
