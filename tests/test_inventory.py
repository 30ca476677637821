"""Inventory calculator: published values, reference cases, properties, demo city."""

import math

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner
from hypothesis import given, settings as hsettings, strategies as st

import ghgkit
from ghgkit.cli import main
from ghgkit.factors import FactorLibrary
from ghgkit.io.settings import build_settings
from ghgkit.validation import validate_file

from conftest import ROOT, write_csv

AR5 = {"CH4": 28.0, "N2O": 265.0}


def run(tmp_path, rows, factors_csv=None, **settings):
    p = write_csv(tmp_path / "a.csv", rows)
    s = {"inventory_year": 2023, **settings}
    act, st_ = ghgkit.load(p, overrides={k: str(v) for k, v in s.items()})
    lib = FactorLibrary.default()
    if factors_csv:
        (tmp_path / "f.csv").write_text(factors_csv)
        lib = lib.with_overrides(tmp_path / "f.csv")
    return ghgkit.calculate(act, st_, library=lib)


REF_DENSITY = """# source ref084: reference set assumption (../shared/reference, not an IPCC default)
property_id,activity,property,value,unit,source
d,diesel,density,0.84,kg/L,ref084
"""


@pytest.mark.parametrize("case,sector,subsector,fuel,amount,unit,method", [
    ("SE-01", "household", "", "diesel", 10000, "L", ""),
    ("SE-03", "household", "", "natural_gas", 25000, "therm", ""),
    ("SE-05", "household", "", "lpg", 2500, "kg", ""),
    ("SE-08", "household", "", "coal", 120, "t", ""),
    ("SE-10", "building", "", "diesel", 5, "TJ", ""),
    ("TR-04", "transport", "on_road", "diesel", 250000, "L", "fuel_sales"),
])
def test_reference_cases_energy(tmp_path, reference_cases, case, sector, subsector, fuel, amount, unit, method):
    c = reference_cases[case]
    inv = run(tmp_path, [dict(sector=sector, subsector=subsector, activity=fuel, amount=amount, unit=unit,
                              method=method)], factors_csv=REF_DENSITY if unit == "L" else None)
    r = inv.rows.iloc[0]
    tol = c["tolerance_rel"]
    exp = c["expected"]["gases_t"]
    assert r["co2_t"] == pytest.approx(exp["CO2"], rel=tol)
    assert r["ch4_t"] == pytest.approx(exp["CH4"], rel=tol)
    assert r["n2o_t"] == pytest.approx(exp["N2O"], rel=tol)
    assert inv.totals["co2e_t"] == pytest.approx(c["expected"]["co2e_t"]["AR5"], rel=tol)
    ar4 = ghgkit.calculate(*ghgkit.load(tmp_path / "a.csv", overrides={"inventory_year": "2023", "gwp": "AR4"}),
                           library=FactorLibrary.default().with_overrides(tmp_path / "f.csv")
                           if unit == "L" else None)
    assert ar4.totals["co2e_t"] == pytest.approx(c["expected"]["co2e_t"]["AR4"], rel=tol)
    assert ar4.gwp == "AR4"


def test_reference_el01(tmp_path, reference_cases):
    c = reference_cases["EL-01"]
    inv = run(tmp_path, [dict(sector="building", activity="electricity", amount=1250000, unit="kWh")],
              grid_ef="0.5")
    assert inv.totals["co2_t"] == pytest.approx(c["expected"]["gases_t"]["CO2"], rel=1e-9)
    assert inv.rows.iloc[0]["scope"] == 2 and inv.rows.iloc[0]["gpc_ref"] == "I.2.2"


# Hand calculations from IPCC 2006 Vol. 2 tables, with the densities of the shipped table
# (UNSD: litres per tonne) and NCVs of Table 1.2 (TJ/Gg = TJ per 1000 t).
def hand(amount_tj, co2, ch4, n2o):
    return amount_tj * co2 / 1000, amount_tj * ch4 / 1000, amount_tj * n2o / 1000


@pytest.mark.parametrize("fuel,sector,amount,unit,tj,efs", [
    # diesel, household: 1e6 L / 1149 L/t = 870.322 t × 43.0 TJ/Gg / 1000 = 37.4238 TJ; Table 2.5: 74100/10/0.6
    ("diesel", "household", 1e6, "L", 1e6 / 1149 * 43.0 / 1000, (74100, 10, 0.6)),
    # diesel, industry (Table 2.3: CH4 3, N2O 0.6)
    ("diesel", "industry", 1e6, "L", 1e6 / 1149 * 43.0 / 1000, (74100, 3, 0.6)),
    # gasoline, household: 1e6 L / 1351 L/t × 44.3 / 1000 TJ; Table 2.5 oil: 69300/10/0.6
    ("gasoline", "household", 1e6, "L", 1e6 / 1351 * 44.3 / 1000, (69300, 10, 0.6)),
    ("gasoline", "agriculture", 500, "t", 500 * 44.3 / 1000, (69300, 10, 0.6)),
    # LPG: 1000 t × 47.3 / 1000 = 47.3 TJ; residential (2.5) 63100/5/0.1; manufacturing (2.3) 63100/1/0.1
    ("lpg", "household", 1000, "t", 47.3, (63100, 5, 0.1)),
    ("lpg", "industry", 1000, "t", 47.3, (63100, 1, 0.1)),
    # kerosene: 1e6 L / 1235 × 43.8 / 1000; household (2.5) 71900/10/0.6; commercial (2.4) 71900/10/0.6
    ("kerosene", "household", 1e6, "L", 1e6 / 1235 * 43.8 / 1000, (71900, 10, 0.6)),
    ("kerosene", "building", 2, "TJ", 2.0, (71900, 10, 0.6)),
    # natural gas in energy units: 1e5 GJ = 100 TJ; commercial (2.4) 56100/5/0.1; energy industries (2.2) 56100/1/0.1
    ("natural_gas", "building", 1e5, "GJ", 100.0, (56100, 5, 0.1)),
    ("natural_gas", "energy_industry", 27777.7777778, "MWh", 100.0, (56100, 1, 0.1)),
    # coal (other bituminous): 100 t × 25.8 / 1000 = 2.58 TJ; residential 94600/300/1.5; manufacturing 94600/10/1.5
    ("coal", "household", 100, "t", 2.58, (94600, 300, 1.5)),
    ("coal", "industry", 100, "t", 2.58, (94600, 10, 1.5)),
])
def test_published_values_by_hand(tmp_path, fuel, sector, amount, unit, tj, efs):
    inv = run(tmp_path, [dict(sector=sector, activity=fuel, amount=amount, unit=unit)])
    r = inv.rows.iloc[0]
    co2, ch4, n2o = hand(tj, *efs)
    assert r["energy_tj"] == pytest.approx(tj, rel=1e-9)
    assert (r["co2_t"], r["ch4_t"], r["n2o_t"]) == pytest.approx((co2, ch4, n2o), rel=1e-9)
    assert r["co2e_t"] == pytest.approx(co2 + 28 * ch4 + 265 * n2o, rel=1e-9)


def test_biomass_is_memo_but_ch4_n2o_count(tmp_path):
    # 100 t wood × 15.6 TJ/Gg = 1.56 TJ; 112000 kg CO2/TJ biogenic; residential CH4 300, N2O 4
    inv = run(tmp_path, [dict(sector="household", activity="wood", amount=100, unit="t")])
    r = inv.rows.iloc[0]
    assert r["co2_biogenic_t"] == pytest.approx(1.56 * 112)
    assert r["co2_t"] == 0
    assert r["co2e_t"] == pytest.approx(1.56 * 0.3 * 28 + 1.56 * 0.004 * 265)
    assert inv.totals["co2e_t"] == pytest.approx(r["co2e_t"])


def test_td_losses_scope3(tmp_path):
    inv = run(tmp_path, [dict(sector="household", activity="electricity", amount=920, unit="MWh")],
              grid_ef="500 g/kWh", td_loss_rate="8%")
    s2, s3 = inv.rows.iloc[0], inv.rows.iloc[1]
    assert (s2["scope"], s2["gpc_ref"], s2["co2_t"]) == (2, "I.1.2", pytest.approx(460.0))
    # losses behind 920 MWh at 8 % loss: 920 × 0.08 / 0.92 = 80 MWh → 40 t
    assert (s3["scope"], s3["gpc_ref"], s3["co2_t"]) == (3, "I.1.3", pytest.approx(40.0))
    assert inv.totals["basic_co2e_t"] == pytest.approx(460.0)
    assert inv.totals["basic_plus_co2e_t"] == pytest.approx(500.0)


def test_vkt_with_user_fuel_economy(tmp_path):
    inv = run(tmp_path, [dict(sector="transport", subsector="on_road", activity="bus", amount=1e6, unit="km",
                              method="vkt")],
              factors_csv="# source ref084: x\n# source s: fleet records\n"
                          "property_id,activity,property,value,unit,fuel,source\n"
                          "fe,bus,fuel_economy,40,L/100km,diesel,s\nd,diesel,density,0.84,kg/L,,ref084\n")
    # 1e6 km × 0.40 L/km = 400 000 L × 0.84 kg/L = 336 t × 43 TJ/Gg = 14.448 TJ × 74100 kg/TJ
    assert inv.rows.iloc[0]["co2_t"] == pytest.approx(14.448 * 74.1)
    assert inv.rows.iloc[0]["ch4_t"] == pytest.approx(14.448 * 3.9 / 1000)
    assert "fe" in inv.rows.iloc[0]["factor_ids"]


BUS = [dict(sector="transport", subsector="on_road", activity="bus", amount=1e6, unit="km", method="vkt")]
FE_HEAD = ("# source ref084: x\n# source s: fleet records\n"
           "property_id,activity,property,value,unit,fuel,valid_from,valid_to,region,source\n")
FE_DENSITY = "d,diesel,density,0.84,kg/L,,,,,ref084\n"


@pytest.mark.parametrize("rows,per_km", [
    # a review's wrong total with exit 0: the first row of the class was used, whatever its years or region
    ("fe_old,bus,fuel_economy,80,L/100km,diesel,2010,2019,,s\n"
     "fe_new,bus,fuel_economy,40,L/100km,diesel,2020,,,s\n", 0.40),
    ("fe_new,bus,fuel_economy,40,L/100km,diesel,2020,,,s\n"
     "fe_old,bus,fuel_economy,80,L/100km,diesel,2010,2019,,s\n", 0.40),
    ("fe_any,bus,fuel_economy,80,L/100km,diesel,,,,s\nfe_vnm,bus,fuel_economy,40,L/100km,diesel,,,VNM,s\n", 0.40),
    ("fe_tha,bus,fuel_economy,80,L/100km,diesel,,,THA,s\nfe_any,bus,fuel_economy,40,L/100km,diesel,,,,s\n", 0.40),
    # km/L, as Japan writes fuel economy (was a StopIteration traceback, exit 1)
    ("fe_kml,bus,fuel_economy,2.5,km/L,diesel,,,,s\n", 0.40),
])
def test_vkt_fuel_economy_valid_in_the_year_and_region(tmp_path, rows, per_km):
    inv = run(tmp_path, BUS, factors_csv=FE_HEAD + rows + FE_DENSITY, country="VNM")
    tj = 1e6 * per_km * 0.84 / 1000 * 43 / 1000          # L -> t -> TJ (NCV 43 TJ/Gg)
    assert inv.rows.iloc[0]["co2_t"] == pytest.approx(tj * 74.1)


def test_vkt_fuel_economy_none_valid_in_the_year(tmp_path):
    from ghgkit.errors import FactorError

    with pytest.raises(FactorError) as e:
        run(tmp_path, BUS, factors_csv=FE_HEAD + "fe,bus,fuel_economy,40,L/100km,diesel,2030,,,s\n" + FE_DENSITY)
    assert "valid in 2023" in e.value.message and "did you mean" not in (e.value.hint or "")


def test_explicit_factor_id(tmp_path):
    inv = run(tmp_path, [dict(sector="transport", subsector="on_road", activity="gasoline", amount=1, unit="TJ",
                              factor_id="road_gasoline_oxcat_ch4;road_gasoline_oxcat_n2o")])
    r = inv.rows.iloc[0]
    assert (r["ch4_t"], r["n2o_t"], r["co2_t"]) == pytest.approx((0.025, 0.008, 69.3))


def test_gpc_sector_aliases_and_notation_keys(tmp_path):
    inv = run(tmp_path, [dict(sector="I.2", activity="diesel", amount=1, unit="TJ"),
                         dict(sector="II.2", activity="diesel", amount=1, unit="TJ", method="fuel_sales"),
                         dict(sector="household", activity="coal", notation_key="NO")])
    assert list(inv.rows["gpc_ref"]) == ["I.2.1", "II.2.1", "I.1.1"]
    gpc = inv.gpc_table().set_index("gpc_ref")
    assert gpc.loc["I.1.1", "notation_key"] == "NO" and pd.isna(gpc.loc["I.1.1", "co2e_t"])
    assert gpc.loc["II.2.1", "co2_t"] == pytest.approx(74.1)


# -- properties ---------------------------------------------------------------------------
UNITS = {"diesel": ["L", "m3", "kL", "kg", "t", "GJ", "TJ", "MWh"], "electricity": ["kWh", "MWh", "GJ"]}
TO_BASE = {"L": 1, "m3": 1000, "kL": 1000, "kg": 1149 / 1000, "t": 1149, "GJ": 1149 / 43.0,
           "TJ": 1149 * 1000 / 43.0, "MWh": 1149 / 43.0 * 3.6}  # litres of diesel per unit (UNSD, Table 1.2)


@hsettings(max_examples=40, deadline=None)
@given(litres=st.floats(min_value=1, max_value=1e9), u1=st.sampled_from(UNITS["diesel"]),
       u2=st.sampled_from(UNITS["diesel"]))
def test_same_activity_in_compatible_units(litres, u1, u2):
    rows = pd.DataFrame({"sector": ["household"] * 2, "activity": ["diesel"] * 2,
                         "amount": [litres / TO_BASE[u1], litres / TO_BASE[u2]], "unit": [u1, u2]})
    inv = _calc(rows)
    a, b = inv.rows["co2e_t"]
    assert math.isclose(a, b, rel_tol=1e-9)


def _calc(rows: pd.DataFrame, **s):
    for c in ghgkit.schema.ACTIVITY_COLUMNS + ["file", "sheet", "cell", "line", "excel_row"]:
        if c not in rows:
            rows[c] = None
    rows["line"] = range(2, len(rows) + 2)
    return ghgkit.calculate(rows, build_settings(({"inventory_year": 2023, "grid_ef": 0.7, **s}, None)))


row_strategy = st.fixed_dictionaries({
    "sector": st.sampled_from(["household", "building", "industry", "agriculture"]),
    "activity": st.sampled_from(["diesel", "lpg", "coal", "natural_gas", "wood", "electricity"]),
    "amount": st.floats(min_value=0, max_value=1e7),
})


@hsettings(max_examples=40, deadline=None)
@given(rows=st.lists(row_strategy, min_size=1, max_size=12))
def test_totals_are_sums_and_linear(rows):
    df = pd.DataFrame(rows)
    df["unit"] = np.where(df["activity"] == "electricity", "MWh", "GJ")
    inv = _calc(df.copy())
    t = inv.totals["co2e_t"]
    assert math.isclose(t, inv.rows["co2e_t"].sum(), rel_tol=1e-9, abs_tol=1e-9)
    assert math.isclose(t, inv.by_sector()["co2e_t"].sum(), rel_tol=1e-9, abs_tol=1e-9)
    assert math.isclose(t, inv.by_scope().sum(), rel_tol=1e-9, abs_tol=1e-9)
    doubled = df.copy()
    doubled["amount"] *= 2
    inv2 = _calc(doubled)
    np.testing.assert_allclose(inv2.rows["co2e_t"], 2 * inv.rows["co2e_t"], rtol=1e-9, atol=1e-12)
    zero = df.copy()
    zero["amount"] = 0.0
    assert (_calc(zero).rows[["co2_t", "ch4_t", "n2o_t", "co2_biogenic_t", "co2e_t"]] == 0).all().all()


# -- the demo city -----------------------------------------------------------------------
DEMO = ROOT / "examples" / "demo_city"


def test_demo_city_workbook_matches_csv_and_hand_calculation():
    xa, xs = ghgkit.load(DEMO / "demo_city.xlsx")
    inv = ghgkit.calculate(xa, xs)
    ca, cs = ghgkit.load(DEMO / "demo_city.csv", settings_file=DEMO / "settings.toml")
    inv_csv = ghgkit.calculate(ca, cs, library=FactorLibrary.default().with_overrides(DEMO / "factors.csv"))
    assert inv.totals["co2e_t"] == pytest.approx(inv_csv.totals["co2e_t"], rel=1e-12)

    # hand calculation, sector by sector (AR5: CH4 28, N2O 265; grid 0.60 t/MWh; T&D 8 %)
    def fuel(tj, co2, ch4, n2o, biogenic=False):
        return (0 if biogenic else tj * co2 / 1000) + tj * ch4 / 1000 * 28 + tj * n2o / 1000 * 265

    L = lambda litres, l_per_t, ncv: litres / l_per_t * ncv / 1000  # noqa: E731  TJ from litres
    T = lambda tonnes, ncv: tonnes * ncv / 1000  # noqa: E731  TJ from tonnes
    elec = (1_150_000 + 900_000 + 1_400_000) * 0.60
    td = elec * 0.08 / 0.92
    household = (fuel(T(38000, 47.3), 63100, 5, 0.1) + fuel(L(2.5e6, 1235, 43.8), 71900, 10, 0.6)
                 + fuel(T(4000, 29.5), 112000, 200, 1, True) + fuel(T(12000, 15.6), 112000, 300, 4, True))
    building = fuel(L(3.2e6, 1149, 43.0), 74100, 10, 0.6) + fuel(T(6000, 47.3), 63100, 5, 0.1)
    industry = (fuel(T(85000, 25.8), 94600, 10, 1.5) + fuel(L(20e6, 1053, 40.4), 77400, 3, 0.6)
                + fuel(1200000 / 1000, 56100, 1, 0.1))
    agriculture = fuel(L(1.5e6, 1149, 43.0), 74100, 10, 0.6)
    road = (fuel(L(180e6, 1351, 44.3), 69300, 33, 3.2) + fuel(L(150e6, 1149, 43.0), 74100, 3.9, 3.9)
            + fuel(L(45e6 * 0.38, 1149, 43.0), 74100, 3.9, 3.9))      # buses: 38 L/100 km
    other_transport = (fuel(L(2e6, 1149, 43.0), 74100, 4.15, 28.6) + fuel(L(3e6, 1149, 43.0), 74100, 7, 2)
                       + fuel(L(4e6, 1149, 43.0), 74100, 4.15, 28.6))
    # landfill (IPCC 2006 Vol. 5 Eq. 3.4-3.6, Waste Model 6-month delay): a deposit W of year y gives
    # W × DOC × DOCf × MCF × e^(-k(T-y-1)) × (1 - e^-k) × F × 16/12 in year T > y; unmanaged deep MCF 0.8,
    # DOCf 0.5, F 0.5, OX 0; tropical wet k: food 0.40, paper 0.07, garden 0.17; DOC food 0.15, paper 0.40,
    # garden 0.20; deposits 2004-2023 growing 3 %/yr to 2023 (110 000, 24 000, 20 000 t)
    landfill = 0.0
    for comp, w23, doc, k in (("food", 110000, 0.15, 0.40), ("paper", 24000, 0.40, 0.07),
                              ("garden", 20000, 0.20, 0.17)):
        for y in range(2004, 2023):
            w = round(w23 * 1.03 ** (y - 2023))
            landfill += w * doc * 0.5 * 0.8 * math.exp(-k * (2023 - y - 1)) * (1 - math.exp(-k)) * 0.5 * 16 / 12
    compost = 15000 * 4 / 1000 * 28 + 15000 * 0.3 / 1000 * 265      # Table 4.1, wet basis
    # wastewater CH4 (Eq. 6.1-6.3): P × 40 g BOD/day (Table 6.4, Asia) × 365 × I × Bo 0.6 × MCF
    tow = lambda p, i: p * 40 * 365 / 1e6 * i  # noqa: E731  t BOD/yr
    wastewater = (tow(650000, 1.0) * 0.6 * 0.5 + tow(250000, 1.25) * 0.6 * 0.3 + tow(150000, 1.0) * 0.6 * 0.1) * 28
    by = inv.by_sector()["co2e_t"]
    assert by["waste"] == pytest.approx(landfill * 28 + compost, rel=1e-9)
    assert by["wastewater"] == pytest.approx(wastewater, rel=1e-9)
    basic = (elec + household + building + industry + agriculture + road + other_transport + landfill * 28
             + compost + wastewater)
    assert inv.totals["basic_co2e_t"] == pytest.approx(basic, rel=1e-9)
    assert inv.totals["basic_plus_co2e_t"] == pytest.approx(basic + td, rel=1e-9)
    assert inv.totals["basic_per_capita_t"] == pytest.approx(basic / 1_050_000, rel=1e-9)
    assert set(inv.rows["notation_key"].dropna()) == {"NO", "NE"}
    assert any("protein" in w for w in inv.warnings)


def test_transport_electricity_is_gpc_ii_x_2_and_counted(tmp_path):
    inv = run(tmp_path, [dict(sector="transport", subsector="on_road", activity="electricity", amount=1000,
                              unit="MWh"),
                         dict(sector="transport", subsector="rail", activity="electricity", amount=1000, unit="MWh")],
              grid_ef="0.5", td_loss_rate="0.1")
    assert list(inv.rows["gpc_ref"]) == ["II.1.2", "II.1.3", "II.2.2", "II.2.3"]
    assert inv.totals["basic_co2e_t"] == pytest.approx(1000.0)                  # scope 2, BASIC
    assert inv.totals["basic_plus_co2e_t"] == pytest.approx(1000.0 + 2 * 500 * 0.1 / 0.9)


def test_ar6_ch4_by_origin(tmp_path):
    # 1 TJ residential diesel: CH4 10 kg (fossil); 1 TJ residential wood: CH4 300 kg (biogenic)
    rows = [dict(sector="household", activity="diesel", amount=1, unit="TJ"),
            dict(sector="household", activity="wood", amount=1, unit="TJ")]
    generic = run(tmp_path, rows, gwp="AR6")
    split = run(tmp_path, rows, gwp="AR6", ch4_gwp="by_origin")
    n2o = (0.0006 + 0.004) * 273
    assert generic.totals["co2e_t"] == pytest.approx(74.1 + (0.010 + 0.300) * 27.9 + n2o)
    assert split.totals["co2e_t"] == pytest.approx(74.1 + 0.010 * 29.8 + 0.300 * 27.0 + n2o)
    ar5 = run(tmp_path, rows, gwp="AR5", ch4_gwp="by_origin")
    assert ar5.totals["co2e_t"] == pytest.approx(74.1 + 0.310 * 28 + (0.0006 + 0.004) * 265)


def test_gpc_table_key_only_where_no_number(tmp_path):
    inv = run(tmp_path, [dict(sector="household", activity="lpg", amount=1, unit="t"),
                         dict(sector="household", activity="natural_gas", notation_key="NO"),
                         dict(sector="industry", activity="coal", notation_key="NE")])
    g = inv.gpc_table().set_index("gpc_ref")
    assert pd.isna(g.loc["I.1.1", "notation_key"]) and g.loc["I.1.1", "co2e_t"] > 0
    assert g.loc["I.3.1", "notation_key"] == "NE"


def test_csv_numbers_one_rule_per_column(tmp_path):
    from ghgkit.rules.numbers import parse_column

    # a decimal comma (0,250) in the column: 1,234 could be 1234 or 1.234, so it is refused (CELL-008);
    # 1,234.5 can only be thousands
    comma = parse_column(pd.Series(["0,250", "1,234", "1,234.5", "7"]), decimal_comma=False)
    assert comma.values.tolist()[::2] == [0.25, 1234.5] and comma.values.tolist()[3] == 7.0
    assert comma.reason.tolist() == ["", "ambiguous", "", ""]
    # no decimal comma in the column: the comma groups thousands
    assert parse_column(pd.Series(["38,500", "1,234,567.5", "12"])).values.tolist() == [38500.0, 1234567.5, 12.0]
    euro = parse_column(pd.Series(["1.234", "1.234,5", "12"]), decimal_comma=True)
    assert euro.values.tolist() == [1234.0, 1234.5, 12.0] and euro.warn.tolist() == [True, False, False]
    # no comma: a cell with a decimal point (12.5) says . is the decimal mark, 1.234 is then 1.234
    dots = parse_column(pd.Series(["1.234", "12.5"]), decimal_comma=True)
    assert dots.values.tolist() == [1.234, 12.5] and dots.warn.tolist() == [True, False]
    # no cell says which: 1.234 may be 1234 (Excel of a decimal-comma country) or 1.234, refused
    alone = parse_column(pd.Series(["1.234", "12"]), decimal_comma=True)
    assert alone.reason.tolist() == ["unsure", ""] and alone.values.tolist()[1] == 12.0
    # in a ; file with decimal commas, 3200.5 is never 32005
    mixed = parse_column(pd.Series(["3200.5", "1,5"]), decimal_comma=True)
    assert mixed.reason.tolist() == ["ambiguous", ""] and mixed.values.tolist()[1] == 1.5


@pytest.mark.parametrize("cells, reason, values", [
    (["38.000", "4.000", "12"], ["unsure", "unsure", ""], [None, None, 12.0]),     # no cell says which
    (["38.000", "4.5"], ["", ""], [38.0, 4.5]),                                 # 4.5: . is the decimal point
    (["38.000", "1200.250"], ["", ""], [38.0, 1200.25]),
    (["38.000", "1,234.5"], ["", ""], [38.0, 1234.5]),
    (["38,000", "12"], ["", ""], [38000.0, 12.0]),              # a comma grouping, as in a ',' file
    (["38.000", "1,5"], ["", ""], [38000.0, 1.5]),           # a decimal comma: the ; rules, 38.000 groups
    (["38", "12"], ["", ""], [38.0, 12.0]),
    (["1.350.000", "38.000"], ["number", "unsure"], [None, None]),    # two groups: not a number, as before
])
def test_tab_file_dot_grouping_without_a_decimal_point_is_refused(cells, reason, values):
    """A tab-delimited file is Excel's text in any country's settings: one set to a decimal-comma
    country (Indonesia, Viet Nam) writes thirty-eight thousand as 38.000, which was read as 38 with
    no warning. Unless a cell of the column shows the decimal point, it is refused (CELL-008)."""
    from ghgkit.rules.numbers import parse_column

    p = parse_column(pd.Series(cells, dtype="string"), decimal_comma=None)      # as a CSV column
    assert p.reason.tolist() == reason
    assert [None if v != v else v for v in p.values.tolist()] == values
    q = parse_column(pd.Series(cells, dtype=object), decimal_comma=None)         # text cells
    assert q.reason.tolist() == reason


def test_tab_file_thousands_dot_through_the_cli(tmp_path):
    """calc and validate refuse 38.000 in a tab file at its line; beside 4.5 it is 38."""
    p = tmp_path / "a.txt"
    p.write_text("sector\tactivity\tamount\tunit\nhousehold\tlpg\t38.000\tt\nhousehold\tcharcoal\t4.000\tt\n")
    r = CliRunner().invoke(main, ["calc", str(p), "--set", "inventory_year=2023", "--format", "json"])
    assert r.exit_code == 2 and "error CELL-008" in r.stderr and "line 2" in r.stderr and "line 3" in r.stderr
    assert [(f.code, f.line) for f in validate_file(p).findings if f.severity == "error" and f.code != "CALC-002"] \
        == [("CELL-008", 2), ("CELL-008", 3)]
    p.write_text("sector\tactivity\tamount\tunit\nhousehold\tlpg\t38.000\tt\nhousehold\tcharcoal\t4.5\tt\n")
    r = CliRunner().invoke(main, ["calc", str(p), "--set", "inventory_year=2023", "--format", "json"])
    assert r.exit_code == 0, r.stderr
    import json
    rows = json.loads(r.stdout)["rows"]
    assert sorted(x["amount"] for x in rows if x.get("amount") is not None) == [4.5, 38.0]


def test_a_dot_grouping_beside_a_decimal_comma_is_ambiguous():
    """In a ',' or tab file a column with 1,5 uses the comma as its decimal mark, so its 2.500 may
    be 2500: refused (CELL-008), not read as 2.5 (a review's file: 2.4 MWh for 1,501.5, exit 0)."""
    from ghgkit.rules.numbers import parse_column

    p = parse_column(pd.Series(["1,5", "2.500", "1.000.000", "3.25", "7"]), decimal_comma=False)
    assert p.reason.tolist() == ["", "ambiguous", "ambiguous", "", ""]
    assert p.values.tolist()[0] == 1.5 and p.values.tolist()[3:] == [3.25, 7.0]
    assert parse_column(pd.Series(["2.500", "7"])).values.tolist() == [2.5, 7.0]      # no decimal comma: a point


def test_spaces_inside_a_number_only_group_thousands():
    """'1 5' was read as 15 and '12 345 6' as 123456 (exit 0): a space inside a number must group
    thousands (also a no-break or narrow no-break space), else the cell is not a number."""
    from ghgkit.rules.numbers import parse_column

    ok = parse_column(pd.Series(["12 345", "1\u00a0234.5", "1\u202f000\u202f000", " 7 ", "-2 000"]))
    assert ok.values.tolist() == [12345.0, 1234.5, 1e6, 7.0, -2000.0] and set(ok.reason) == {""}
    bad = parse_column(pd.Series(["1 5", "12 345 6", "1.5 2", "12 34", "1 2345"]))
    assert bad.reason.tolist() == ["number"] * 5 and bad.values.isna().all()
    euro = parse_column(pd.Series(["1 234,5", "1234,5", "12,25"]), decimal_comma=True)
    assert euro.values.tolist() == [1234.5, 1234.5, 12.25] and set(euro.reason) == {""}


def test_a_decimal_comma_after_four_digits_is_a_number_in_a_semicolon_file(tmp_path):
    """'1234,5' in a ';' file was refused as not a number (1.234,5 was read)."""
    p = tmp_path / "euro.csv"
    p.write_bytes(b"sector;activity;amount;unit\nhousehold;lpg;1234,5;t\nhousehold;lpg;2 000,25;t\n")
    from click.testing import CliRunner

    from ghgkit.cli import main

    r = CliRunner().invoke(main, ["calc", str(p), "--set", "inventory_year=2023", "--format", "csv"])
    assert r.exit_code == 0, r.output
    assert [ln.split(",")[6] for ln in r.stdout.splitlines()[1:]] == ["1234.5", "2000.25"]


def test_workbook_text_cell_with_a_dot_grouping_is_refused(tmp_path):
    """A workbook's text cell '38.000' (a cell formatted as Text, a paste) was read as 38: refused
    (CELL-008) at its cell unless a text cell of the column shows the decimal point."""
    import openpyxl

    wb = openpyxl.load_workbook(ROOT / "examples" / "demo_city" / "demo_city.xlsx")
    wb["Energy"]["D3"].value = "38.000"
    p = tmp_path / "a.xlsx"
    wb.save(p)
    r = CliRunner().invoke(main, ["calc", str(p), "--format", "json"])
    assert r.exit_code == 2 and "error CELL-008" in r.stderr and "Energy!D3" in r.stderr, r.stderr
    wb["Energy"]["D4"].value = "4.5"
    wb.save(p)
    r = CliRunner().invoke(main, ["calc", str(p), "--format", "json"])
    assert r.exit_code == 0, r.stderr


def test_tab_column_of_three_decimal_numbers_stays_on_the_fast_path():
    """A review: 366.694 is shaped like 38.000, so a column of three-decimal numbers left Arrow's
    parse for the careful one (1 M values 0.02 -> 1.9 s) although 1234.567 shows the decimal point."""
    from ghgkit.rules.numbers import parse_column

    p = parse_column(pd.Series(["366.694", "1234.567", "0.125"], dtype="string"), decimal_comma=None)
    assert p.clean and p.values.tolist() == [366.694, 1234.567, 0.125]
    q = parse_column(pd.Series(["366.694", "38.000"], dtype="string"), decimal_comma=None)
    assert not q.clean and q.reason.tolist() == ["unsure", "unsure"]


def test_tab_file_with_decimal_commas_is_read_as_a_semicolon_file(tmp_path):
    """A tab export of Excel set to a decimal-comma country: 4,5 and 1.234,5 show the comma is the
    decimal mark, so 38.000 is thirty-eight thousand (said by CELL-009), not refused as ambiguous,
    and 1.234,5 is 1234.5, not 'not a number'."""
    p = tmp_path / "a.txt"
    p.write_text("sector\tactivity\tamount\tunit\nhousehold\tlpg\t38.000\tt\nhousehold\tcoal\t4,5\tt\n"
                 "household\tkerosene\t1.234,5\tL\n")
    r = CliRunner().invoke(main, ["calc", str(p), "--set", "inventory_year=2023", "--format", "json"])
    assert r.exit_code == 0, r.stderr
    assert "warning CELL-009" in r.stderr and "'38.000' read as 38 000" in r.stderr, r.stderr
    import json
    amounts = [x["amount"] for x in json.loads(r.stdout)["rows"] if x.get("amount") is not None]
    assert sorted(amounts) == [4.5, 1234.5, 38000.0]
    from ghgkit.rules.numbers import parse_column
    mixed = parse_column(pd.Series(["38.000", "4,5", "12.5"], dtype="string"), decimal_comma=None)
    assert mixed.reason.tolist()[0] == "ambiguous"          # both marks shown: refused, as before


def test_one_decimal_comma_does_not_make_a_comma_grouping_thirty_eight():
    """A review: in a tab column (or workbook text), '4,5' switched the column to the ; rules, and
    there '38,000' is 38 (a warning only): one cell changed another 1000-fold, exit 0. A comma
    grouping stays ambiguous unless the file's delimiter says the comma is the decimal mark."""
    from ghgkit.rules.numbers import parse_column

    p = parse_column(pd.Series(["38,000", "4,5", "38.000"], dtype="string"), decimal_comma=None)
    assert p.reason.tolist() == ["ambiguous", "", ""] and p.values.tolist()[1:] == [4.5, 38000.0]
    semi = parse_column(pd.Series(["38,000", "4,5"], dtype="string"), decimal_comma=True)      # a ; file
    assert semi.reason.tolist() == ["", ""] and semi.values.tolist() == [38.0, 4.5] and semi.warn.tolist()[0]
    english = parse_column(pd.Series(["4,5", "1,150,000"], dtype="string"), decimal_comma=None)
    assert english.reason.tolist()[1] == "ambiguous"          # both marks shown: refused, not 'not a number'
