"""Co-operation project methodologies, each worked by hand in the test."""

import json
import math
from pathlib import Path

import numpy as np
import pytest

from ghgkit.errors import GhgkitError, InputError, UnitMismatchError
from ghgkit.projects import Project, estimate, load_folder, load_project, monitor, portfolio
from ghgkit.projects.composting import tool04_ch4

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "projects"
SRC = "test (hand calculation)"


def make(methodology, params, settings=None, monitoring=None, start=2025, period=3, gwp="AR5"):
    """A project from {name: (value, unit)}."""
    return Project.model_validate({
        "title": f"test {methodology}", "host_city": "Host", "partner_city": "Partner",
        "methodology": methodology, "start_year": start, "crediting_period": period, "gwp": gwp,
        "settings": settings or {},
        "ex_ante": {k: {"value": v, "unit": u, "source": SRC} for k, (v, u) in params.items()},
        "monitoring": monitoring or []})


def rows(result):
    return {r["year"]: r for r in result.years}


# -- street lighting ----------------------------------------------------------------------
def test_street_lighting_by_hand():
    p = make("street_lighting", {"lamps": (100, "lamps"), "baseline_lamp_power": (0.15, "kW"),
                                 "project_lamp_power": (50, "W"), "operating_hours": (4000, "h/yr"),
                                 "grid_ef": (500, "g CO2/kWh"), "td_loss_rate": (10, "%")})
    r = rows(estimate(p))[2025]
    # EC_BL = 100 lamps x 150 W x 4000 h = 60 MWh; EC_PJ = 100 x 50 W x 4000 h = 20 MWh
    # BE = 60 MWh x 0.5 t/MWh / (1 - 0.10); PE = 20 x 0.5 / 0.9
    assert r["baseline_t"] == pytest.approx(60 * 0.5 / 0.9, rel=1e-12)
    assert r["project_t"] == pytest.approx(20 * 0.5 / 0.9, rel=1e-12)
    assert r["reduction_t"] == pytest.approx(40 * 0.5 / 0.9, rel=1e-12)
    assert r["intermediate"]["electricity_saved_mwh"] == pytest.approx(40.0)


# -- solar PV -------------------------------------------------------------------------------
def test_solar_pv_tool07_weights_by_hand():
    p = make("solar_pv", {"electricity_generated": (1_000_000, "kWh/yr"), "own_consumption": (10, "MWh"),
                          "ef_om": (0.8, "t CO2/MWh"), "ef_bm": (0.4, "tCO2/MWh")})
    res = estimate(p)
    r = rows(res)[2025]
    # EF_CM = 0.75 x 0.8 + 0.25 x 0.4 = 0.7 (Tool 07 weights for solar); BE = (1000 - 10) MWh x 0.7
    assert r["intermediate"]["ef_cm_t_per_mwh"] == pytest.approx(0.7)
    assert r["baseline_t"] == pytest.approx(990 * 0.7)
    assert r["project_t"] == 0 and r["reduction_t"] == pytest.approx(693.0)
    w = {x["name"]: x for x in res.parameters}
    assert w["w_om"]["origin"] == "default" and "tool 07" in w["w_om"]["source"]
    assert w["w_om"]["value"] == 0.75 and w["w_bm"]["value"] == 0.25


def test_solar_pv_needs_margins_or_grid_ef():
    p = make("solar_pv", {"electricity_generated": (1000, "MWh"), "own_consumption": (0, "MWh"),
                          "ef_om": (0.8, "")})
    with pytest.raises(InputError, match="ef_bm"):
        estimate(p)
    p = make("solar_pv", {"electricity_generated": (1000, "MWh"), "own_consumption": (0, "MWh"),
                          "grid_ef": (0.6, "")})
    assert rows(estimate(p))[2025]["baseline_t"] == pytest.approx(600.0)


# -- fuel switch ------------------------------------------------------------------------------
def test_fuel_switch_by_hand():
    p = make("fuel_switch", {"households": (100, ""), "project_fuel_per_household": (120, "kg/yr"),
                             "baseline_stove_efficiency": (0.4, ""), "project_stove_efficiency": (60, "%")},
             settings={"baseline_fuel": "kerosene", "project_fuel": "lpg"})
    res = estimate(p)
    r = rows(res)[2025]
    fc_pj = 100 * 0.120 * 47.3e-3          # t x TJ/t (LPG NCV 47.3 TJ/Gg, IPCC Vol. 2 Table 1.2) = 0.5676 TJ
    ue = fc_pj * 0.6                       # useful heat
    fc_bl = ue / 0.4                       # kerosene for the same heat
    ef_kero = (71900 + 10 * 28 + 0.6 * 265) / 1000   # residential kerosene, Table 2.5, AR5 [t CO2e/TJ]
    ef_lpg = (63100 + 5 * 28 + 0.1 * 265) / 1000     # residential LPG, Table 2.5, AR5
    assert r["intermediate"]["project_fuel_tj"] == pytest.approx(fc_pj, rel=1e-12)
    assert r["baseline_t"] == pytest.approx(fc_bl * ef_kero, rel=1e-12)
    assert r["project_t"] == pytest.approx(fc_pj * ef_lpg, rel=1e-12)
    assert {f["factor_id"] for f in res.factors} >= {"st_res_kerosene_co2", "st_res_lpg_co2"}


def test_fuel_switch_volume_goes_through_density():
    base = {"households": (1, ""), "baseline_stove_efficiency": (0.5, ""), "project_stove_efficiency": (0.5, "")}
    s = {"baseline_fuel": "kerosene", "project_fuel": "lpg"}
    by_mass = estimate(make("fuel_switch", {**base, "project_fuel_per_household": (0.540, "t")}, s))
    by_volume = estimate(make("fuel_switch", {**base, "project_fuel_per_household": (1000, "L/yr")}, s))
    # LPG density 1852 L/t (UNSD): 1000 L = 0.53996 t
    assert rows(by_volume)[2025]["project_t"] == pytest.approx(
        rows(by_mass)[2025]["project_t"] * (1000 / 1852) / 0.540, rel=1e-12)


def test_fuel_switch_needs_fuels():
    p = make("fuel_switch", {"households": (1, ""), "project_fuel_per_household": (10, "GJ/yr"),
                             "baseline_stove_efficiency": (0.5, ""), "project_stove_efficiency": (0.5, "")},
             settings={"project_fuel": "lpg"})
    with pytest.raises(InputError, match="baseline_fuel"):
        estimate(p)


# -- building efficiency -----------------------------------------------------------------------
def test_building_efficiency_by_hand():
    p = make("building_efficiency", {
        "baseline_energy": (1_000_000, "kWh/yr"), "project_energy": (800, "MWh"),
        "baseline_floor_area": (10000, "m2"), "floor_area": (1.1, "ha"),
        "baseline_degree_days": (3000, "K*d"), "degree_days": (3300, "degree_days"),
        "weather_share": (0.5, ""), "grid_ef": (0.5, "t CO2/MWh")})
    r = rows(estimate(p))[2025]
    # E_BL,y = 1000 MWh x (11000 / 10000) x (0.5 + 0.5 x 3300 / 3000) = 1000 x 1.1 x 1.05 = 1155 MWh
    assert r["intermediate"]["adjusted_baseline_energy_mwh"] == pytest.approx(1155.0)
    assert r["baseline_t"] == pytest.approx(577.5)
    assert r["project_t"] == pytest.approx(400.0)
    assert r["reduction_t"] == pytest.approx(177.5)


def test_building_efficiency_adjustment_needs_both_sides():
    p = make("building_efficiency", {"baseline_energy": (1000, "MWh"), "project_energy": (800, "MWh"),
                                     "floor_area": (100, "m2"), "grid_ef": (0.5, "")})
    with pytest.raises(InputError, match="baseline_floor_area"):
        estimate(p)


# -- bus fleet --------------------------------------------------------------------------------
def test_bus_fleet_by_hand():
    p = make("bus_fleet", {"distance": (100_000, "km"), "baseline_fuel_consumption": (30, "L/100 km"),
                           "project_electricity_consumption": (1.0, "kWh/km"), "grid_ef": (0.5, "")},
             settings={"baseline_fuel": "diesel"})
    res = estimate(p)
    r = rows(res)[2025]
    diesel_tj = 100_000 * 0.30 / 1149 * 43.0e-3        # L / (L/t) x TJ/t (UNSD density, IPCC NCV 43.0 TJ/Gg)
    ef = (74100 + 3.9 * 28 + 3.9 * 265) / 1000         # road diesel, IPCC Vol. 2 Tables 3.2.1-3.2.2, AR5
    assert r["baseline_t"] == pytest.approx(diesel_tj * ef, rel=1e-12)
    assert r["project_t"] == pytest.approx(100.0 * 0.5, rel=1e-12)   # 100 MWh x 0.5 t/MWh
    assert {f["factor_id"] for f in res.factors} >= {"road_diesel_co2", "road_diesel_ch4", "road_diesel_n2o"}


# -- composting -------------------------------------------------------------------------------
COMPOST_BASE = {"phi": (0.9, ""), "fraction_captured": (0, ""), "fraction_food": (1.0, ""),
                "ef_ch4": (0, "g/kg"), "ef_n2o": (0, "g/kg")}
COMPOST_SETTINGS = {"climate_zone": "temperate_wet", "swds_type": "managed_anaerobic", "swds_cover": "none"}


def test_composting_single_year_by_hand():
    p = make("composting", {**COMPOST_BASE, "waste_composted": ({2025: 1000, 2026: 0, 2027: 0}, "t")},
             COMPOST_SETTINGS)
    res = estimate(p)
    k, doc = 0.185, 0.15          # food, boreal/temperate wet (IPCC Table 3.3); DOC food wet (Table 2.4)
    # Tool 04 Eq. 1: phi (1-f)(1-OX) 16/12 F DOCf MCF W DOC e^(-k(y-x)) (1 - e^-k)
    first = 0.9 * 1 * 1 * 16 / 12 * 0.5 * 0.5 * 1.0 * 1000 * doc * (1 - math.exp(-k))
    expected = {2025: first, 2026: first * math.exp(-k), 2027: first * math.exp(-2 * k)}
    for y, r in rows(res).items():
        assert r["intermediate"]["baseline_ch4_t"] == pytest.approx(expected[y], rel=1e-12)
        assert r["baseline_t"] == pytest.approx(expected[y] * 28, rel=1e-12)
    used = {x["name"]: x for x in res.parameters}
    assert used["k_food"]["param_id"] == "cmp_k_food_boreal_temperate_wet"
    assert used["mcf"]["value"] == 1.0 and used["ox"]["value"] == 0.0


def test_composting_matches_reference_case_swd04():
    """Shared reference SWD-04: 10 000 t food in 2020, DOC 0.15, DOCf 0.5, MCF 1, F 0.5, k 0.185.

    Its series (IPCC timing, decay from the year after disposal) is Tool 04's series one
    year earlier: Tool 04 lets the waste of year x decay from year x itself.
    """
    series = {2021: 84.4478580739, 2022: 70.1849766074, 2023: 58.3310347205, 2024: 48.4791728377,
              2025: 40.291248223}
    n = 6
    waste = np.zeros(n)
    waste[0] = 10000
    ch4 = tool04_ch4({"food": waste}, {"food": np.full(n, 0.15)}, {"food": np.full(n, 0.185)},
                     *(np.full(n, v) for v in (1.0, 0.0, 0.0, 0.5, 0.5, 1.0)))
    for i, y in enumerate(range(2020, 2025)):
        assert ch4[i] == pytest.approx(series[y + 1], rel=1e-6)


def _independent_fod(deposits, doc, k, docf=0.5, mcf=1.0, F=0.5):
    """IPCC 2006 Vol. 5 Eq. 3.4/3.5 by recursion: DDOCma_T = DDOCmd_T + DDOCma_{T-1} e^-k,
    decomposed_T = DDOCma_{T-1} (1 - e^-k); CH4 = decomposed x F x 16/12."""
    ddocma, out = 0.0, []
    for w in list(deposits) + [0.0]:
        out.append(ddocma * (1 - math.exp(-k)) * F * 16 / 12)
        ddocma = w * doc * docf * mcf + ddocma * math.exp(-k)
    return out   # out[T] = CH4 generated in year T (index 0 = first deposit year)


def test_composting_cross_checked_against_independent_fod():
    waste = {2025: 2000, 2026: 3500, 2027: 3650, 2028: 3000, 2029: 4100}
    fr = {"food": 0.6, "garden": 0.25, "paper": 0.1}
    p = make("composting", {**COMPOST_BASE, "phi": (0.85, ""), "fraction_captured": (0.2, ""),
                            "fraction_food": (60, "%"), "fraction_garden": (0.25, ""), "fraction_paper": (0.1, ""),
                            "waste_composted": (waste, "t/yr")},
             {**COMPOST_SETTINGS, "climate_zone": "tropical_wet", "swds_cover": "oxidising",
              "swds_type": "unmanaged_deep"}, period=5)
    got = [r["intermediate"]["baseline_ch4_t"] for r in estimate(p).years]
    k = {"food": 0.40, "garden": 0.17, "paper": 0.07}          # IPCC Table 3.3, tropical wet
    doc = {"food": 0.15, "garden": 0.20, "paper": 0.40}       # IPCC Table 2.4
    total = np.zeros(6)
    for j in fr:
        total += np.array(_independent_fod([w * fr[j] for w in waste.values()], doc[j], k[j], mcf=0.8))
    # Tool 04 year y = IPCC year y + 1 (decay starts in the disposal year), times phi (1-f)(1-OX)
    expected = 0.85 * (1 - 0.2) * (1 - 0.1) * total[1:]
    np.testing.assert_allclose(got, expected, rtol=1e-12)

    from ghgkit.sectors import waste as waste_mod

    years = np.array(list(waste))
    other = np.zeros(len(years))
    for j in fr:
        other += waste_mod.fod_ch4_generated(np.array([w * fr[j] for w in waste.values()]), years,
                                             doc[j], 0.5, 0.8, k[j], delay_months=6,
                                             target_years=years + 1)
    np.testing.assert_allclose(got, 0.85 * 0.8 * 0.9 * other, rtol=1e-9)


def test_composting_project_emissions_reference_case_bio01():
    """Shared reference BIO-01: 5000 t composted, IPCC Table 4.1 defaults -> 20 t CH4, 1.5 t N2O,
    957.5 t CO2e (AR5)."""
    p = make("composting", {"waste_composted": (5000, "t"), "phi": (0.9, ""), "fraction_captured": (0, ""),
                            "fraction_food": (1, "")}, COMPOST_SETTINGS, period=1)
    r = estimate(p).years[0]
    assert r["intermediate"]["composting_ch4_t"] == pytest.approx(20.0)
    assert r["intermediate"]["composting_n2o_t"] == pytest.approx(1.5)
    assert r["project_t"] == pytest.approx(957.5)


def test_composting_phi_has_no_default():
    p = make("composting", {"waste_composted": (5000, "t"), "fraction_captured": (0, ""),
                            "fraction_food": (1, "")}, COMPOST_SETTINGS)
    with pytest.raises(InputError) as e:
        estimate(p)
    assert "phi" in str(e.value) and "no default" in str(e.value)


def test_composting_k_needs_climate_zone():
    p = make("composting", {**COMPOST_BASE, "waste_composted": (10, "t")}, {"swds_type": "managed_anaerobic",
                                                                          "swds_cover": "none"})
    with pytest.raises(InputError, match="k_food"):
        estimate(p)


@pytest.mark.parametrize("given", [{"doc_wood": (0.43, "")}, {"k_wood": (0.035, "1/yr")}])
def test_composting_doc_or_k_without_its_fraction_is_refused(given):
    """doc_wood (or k_wood) given without fraction_wood was silently dropped: the user meant wood in
    the waste, and ghgkit took it as non-degradable. Refused, naming both; fraction 0 says 'none'."""
    p = make("composting", {**COMPOST_BASE, "fraction_food": (0.6, ""), "waste_composted": (1000, "t"), **given},
             COMPOST_SETTINGS)
    with pytest.raises(InputError) as e:
        estimate(p)
    name = next(iter(given))
    assert f"{name} is given but fraction_wood is not" in str(e.value)
    assert "fraction_wood" in e.value.hint and "0 if there is none" in e.value.hint
    zero = make("composting", {**COMPOST_BASE, "fraction_food": (0.6, ""), "fraction_wood": (0, ""),
                               "waste_composted": (1000, "t"), **given}, COMPOST_SETTINGS)
    food_only = make("composting", {**COMPOST_BASE, "fraction_food": (0.6, ""), "waste_composted": (1000, "t")},
                     COMPOST_SETTINGS)
    assert [r["baseline_t"] for r in estimate(zero).years] == \
        pytest.approx([r["baseline_t"] for r in estimate(food_only).years])


# -- monitoring, attribution ----------------------------------------------------------------------
def lighting(monitoring, **kw):
    params = {"lamps": (1000, ""), "baseline_lamp_power": (250, "W"), "project_lamp_power": (100, "W"),
              "operating_hours": (4000, "h/yr"), "grid_ef": (0.6, "")}
    params.update(kw)
    return make("street_lighting", params, monitoring=monitoring)


def test_monitor_attribution_by_hand():
    mon = [{"year": 2025, "parameter": "lamps", "value": 900, "unit": "", "evidence": "inventory"},
           {"year": 2025, "parameter": "operating_hours", "value": 4400, "unit": "h", "evidence": "logs"}]
    res = monitor(lighting(mon))
    r = res.years[0]
    ante = 1000 * 150 * 4000 / 1e6 * 0.6            # 360 t
    post = 900 * 150 * 4400 / 1e6 * 0.6             # 356.4 t
    assert r["ex_ante"]["reduction_t"] == pytest.approx(ante)
    assert r["reduction_t"] == pytest.approx(post)
    assert r["difference_t"] == pytest.approx(post - ante)
    assert r["attribution_t"]["lamps"] == pytest.approx(-100 * 150 * 4000 / 1e6 * 0.6)
    assert r["attribution_t"]["operating_hours"] == pytest.approx(1000 * 150 * 400 / 1e6 * 0.6)
    # what the one-at-a-time changes do not explain: -100 lamps x +400 h
    assert r["interaction_t"] == pytest.approx(-100 * 150 * 400 / 1e6 * 0.6)
    assert json.loads(res.to_json())["years"][0]["monitored"]["lamps"]["evidence"] == "inventory"


def test_monitoring_year_outside_crediting_period():
    mon = [{"year": 2031, "parameter": "lamps", "value": 900},
           {"year": 2031, "parameter": "operating_hours", "value": 4000}]
    with pytest.raises(InputError) as e:
        monitor(lighting(mon))
    assert "2031" in str(e.value) and "2025-2027" in str(e.value)


def test_missing_monitored_parameter_names_it_and_year():
    mon = [{"year": 2025, "parameter": "lamps", "value": 900},
           {"year": 2025, "parameter": "operating_hours", "value": 4000},
           {"year": 2026, "parameter": "lamps", "value": 950}]
    with pytest.raises(InputError) as e:
        monitor(lighting(mon))
    assert "2026" in str(e.value) and "operating_hours" in str(e.value)


def test_monitored_unit_that_does_not_fit():
    mon = [{"year": 2025, "parameter": "lamps", "value": 900},
           {"year": 2025, "parameter": "operating_hours", "value": 4000, "unit": "kWh"}]
    with pytest.raises(UnitMismatchError, match="operating_hours"):
        monitor(lighting(mon))


def test_ex_ante_unit_that_does_not_fit():
    with pytest.raises(UnitMismatchError) as e:
        estimate(lighting([], baseline_lamp_power=(250, "kg")))
    assert "baseline_lamp_power" in str(e.value) and "mass" in str(e.value) and "W or kW" in str(e.value)


def test_unknown_parameter_suggests():
    with pytest.raises(GhgkitError, match="did you mean 'operating_hours'"):
        estimate(lighting([], operating_hour=(4000, "h")))


def test_unknown_parameter_is_refused_before_a_unit_that_does_not_fit():
    with pytest.raises(GhgkitError, match="'operating_hour' is not a parameter of street_lighting"):
        estimate(lighting([], operating_hour=(4000, "h"), baseline_lamp_power=(250, "kg")))


@pytest.mark.parametrize("change", [
    {"value": float("nan")}, {"value": {2025: 1.0, 2026: float("inf"), 2027: 1.0}}, {"source": " "},
])
def test_a_parameter_changed_after_validation_is_still_refused(change):
    """A project's parameters are validated again when a value is not as its model leaves it (a
    Project changed after validation): a NaN, an infinite year or a blank source never reaches
    the computation."""
    p = lighting([])
    p.ex_ante["lamps"] = p.ex_ante["lamps"].model_copy(update=change)
    with pytest.raises(GhgkitError, match="ex_ante.lamps"):
        estimate(p)


def test_units_are_checked_before_bounds_in_the_methodology_order():
    """Every ex-ante unit is checked before any value's bounds: a value out of range in an
    earlier parameter does not hide a unit that does not fit in a later one."""
    with pytest.raises(UnitMismatchError, match="operating_hours"):
        estimate(lighting([], lamps=(-5, ""), operating_hours=(4000, "kg")))


def test_negative_reduction_is_kept_and_flagged():
    res = estimate(lighting([], project_lamp_power=(300, "W")))
    r = res.years[0]
    assert r["reduction_t"] == pytest.approx(1000 * -50 * 4000 / 1e6 * 0.6)
    assert r["negative"] is True
    assert res.warnings and "NEGATIVE" in res.warnings[0]
    from ghgkit.reports.project import render_html, text_report
    assert "NEGATIVE" in text_report(res)
    assert "(negative)" in render_html(res, charts=False)


def test_mixed_gwp_sets_refused_and_override():
    a = lighting([])
    b = make("street_lighting", {"lamps": (1, ""), "baseline_lamp_power": (250, "W"),
                                 "project_lamp_power": (100, "W"), "operating_hours": (4000, ""),
                                 "grid_ef": (0.6, "")}, gwp="AR6")
    with pytest.raises(GhgkitError, match="different GWP sets"):
        portfolio([a, b])
    assert portfolio([a, b], gwp="AR5").gwp == "AR5"


# -- examples -------------------------------------------------------------------------------
def test_examples_run_and_portfolio_adds_up():
    projects = load_folder(EXAMPLES)
    assert {p.methodology for p in projects} == {"composting", "street_lighting", "fuel_switch", "solar_pv",
                                                 "building_efficiency", "bus_fleet"}
    for p in projects:
        assert p.monitoring, p.file
        for name, v in p.ex_ante.items():
            assert v.source, (p.file, name)
    res = portfolio(projects)
    total = sum(estimate(p).totals["reduction_t"] for p in projects)
    assert res.totals["reduction_t"] == pytest.approx(total)
    assert sum(g["reduction_t"] for g in res.by_host_city) == pytest.approx(total)
    assert sum(g["reduction_t"] for g in res.by_methodology) == pytest.approx(total)


def test_yaml_location_in_error(tmp_path):
    text = (EXAMPLES / "street_lighting_yokohama_danang.yaml").read_text()
    bad = tmp_path / "bad.yaml"
    bad.write_text(text.replace("{year: 2026, parameter: lamps,", "{year: 2040, parameter: lamps,"))
    with pytest.raises(InputError) as e:
        monitor(load_project(bad))
    assert "bad.yaml" in str(e.value) and "line" in str(e.value)


def test_toml_project(tmp_path):
    f = tmp_path / "p.toml"
    f.write_text('''
title = "Lights"
host_city = "Da Nang"
partner_city = "Yokohama"
methodology = "street_lighting"
start_year = 2025
crediting_period = 2
[ex_ante]
lamps = {value = 10, source = "x"}
baseline_lamp_power = {value = 100, unit = "W", source = "x"}
project_lamp_power = {value = 50, unit = "W", source = "x"}
operating_hours = {value = 1000, unit = "h", source = "x"}
grid_ef = {value = 1, source = "x"}
[[monitoring]]
year = 2025
parameter = "lamps"
value = 10
[[monitoring]]
year = 2025
parameter = "operating_hours"
value = 1000
''')
    p = load_project(f)
    assert estimate(p).years[0]["reduction_t"] == pytest.approx(10 * 50 * 1000 / 1e6)
    assert monitor(p).years[0]["difference_t"] == pytest.approx(0.0)


def test_defaults_agree_with_waste_parameters():
    """The composting defaults and the waste module's IPCC table (written separately) agree."""
    import csv
    import io

    from ghgkit.data import data_path
    from ghgkit.projects.base import defaults

    path = data_path("waste_parameters.csv")
    lines = [l for l in path.read_text(encoding="utf-8").splitlines() if l and not l.startswith("#")]
    theirs = {}
    for r in csv.DictReader(io.StringIO("\n".join(lines))):
        theirs[(r["parameter"], r["key"], r.get("climate_zone") or "")] = float(r["value"])
    checked = 0
    for d in defaults().values():
        if d.parameter.startswith("doc_"):
            key = ("doc_wet", d.parameter[4:], "")
        elif d.parameter.startswith("k_"):
            zone = d.param_id.split(f"{d.parameter}_")[1].replace("boreal_temperate", "temperate")
            key = ("k", d.parameter[2:], zone)
        elif d.parameter == "mcf":
            key = ("mcf_swds", d.param_id.removeprefix("cmp_mcf_"), "")
        else:
            continue
        if key in theirs:
            assert theirs[key] == pytest.approx(d.value), (d.param_id, key)
            checked += 1
    assert checked >= 30


# -- units a review found read wrongly (a wrong reduction with exit 0) ----------------------------
@pytest.mark.parametrize("unit,factor", [("°C·day", 1.0), ("°C day", 1.0), ("degC*days", 1.0), ("°C·d", 1.0),
                                         ("K·d", 1.0), ("°F·d", 5 / 9), ("degF*day", 5 / 9)])
def test_degree_days_are_a_temperature_difference_times_days(unit, factor):
    """pint read °C·day as an absolute temperature: 3,620 °C·day became 992,423 K·d (ER 168,057 t
    for 243 t, exit 0)."""
    from ghgkit.projects.base import _unit_factor

    assert _unit_factor(unit, "K*day", False) == pytest.approx(factor, rel=1e-12)


@pytest.mark.parametrize("unit", ["°C", "degC", "°F"])
def test_a_temperature_with_an_offset_is_refused(unit):
    from ghgkit.projects.base import unit_factor

    with pytest.raises(UnitMismatchError, match="read as absolute"):
        unit_factor(unit, "K*day", False, "degree_days", "K·d")


def test_a_power_is_not_an_energy_per_year():
    """1.5 MW for electricity_generated (MWh/yr) was read as 13,149 MWh a year, exit 0."""
    from ghgkit.projects.base import unit_factor

    with pytest.raises(UnitMismatchError, match="electricity_generated"):
        unit_factor("MW", "MWh/yr", True, "electricity_generated", "MWh or MWh/yr")
    assert unit_factor("MWh", "MWh/yr", True, "e", "MWh") == 1.0
    assert unit_factor("GJ/yr", "MWh/yr", True, "e", "MWh") == pytest.approx(1 / 3.6)
    assert unit_factor("W", "W", False, "lamp power", "W") == 1.0


def test_a_co2e_factor_is_not_a_ch4_factor():
    """'kg CO2e/t' for ef_ch4 was read as kg of CH4 and multiplied by the GWP again (PE 3,215.5 t for
    191.5 t, exit 0); 'kg CH4/t' is read as the mass of CH4."""
    from ghgkit.projects.base import _own_gas

    with pytest.raises(UnitMismatchError, match="mass of CH4"):
        _own_gas("ef_ch4", "kg CO2e/t")
    with pytest.raises(UnitMismatchError, match="mass of N2O"):
        _own_gas("ef_n2o", "g CO2-eq/kg")
    assert _own_gas("ef_ch4", "kg CH4/t") == "kg/t" and _own_gas("ef_n2o", "g N2O/kg") == "g/kg"
    assert _own_gas("grid_ef", "t CO2/MWh") == "t CO2/MWh"


_SL = """title: T
host_city: A
partner_city: B
methodology: street_lighting
start_year: 2025
crediting_period: 3
ex_ante:
  lamps: {value: LAMPS, unit: lamps, source: s}
  baseline_lamp_power: {value: POWER, unit: W, source: s}
  project_lamp_power: {value: 100, unit: W, source: s}
  operating_hours: {value: HOURS, unit: h/yr, source: s}
  grid_ef: {value: 0.5, unit: t CO2/MWh, source: s}
"""


def _sl(tmp_path, lamps="1000", power="250", hours="4000"):
    p = tmp_path / "p.yaml"
    p.write_text(_SL.replace("LAMPS", lamps).replace("POWER", power).replace("HOURS", hours), encoding="utf-8")
    return p


def test_the_project_file_is_read_as_it_is_written(tmp_path):
    """ER = 1000 x (250 - 100) W x 4000 h x 0.5 t/MWh = 300 t a year, 900 t in all."""
    assert estimate(load_project(_sl(tmp_path))).totals["reduction_t"] == pytest.approx(900.0)
    assert estimate(load_project(_sl(tmp_path, power="0250"))).totals["reduction_t"] == pytest.approx(900.0)


@pytest.mark.parametrize("field,text", [("hours", "11:00"), ("lamps", "on"), ("lamps", "yes"), ("lamps", "true"),
                                        ("power", "!!float '2,50'")])
def test_what_yaml_11_reads_as_numbers_or_booleans_is_refused(tmp_path, field, text):
    """YAML 1.1 read 0250 as octal (168 W: ER 408 t), 11:00 as 660 hours (ER 148.5 t) and on/yes as
    a lamp (ER 0.9 t), all with exit 0; a tagged value it cannot read was a traceback."""
    with pytest.raises(GhgkitError):
        estimate(load_project(_sl(tmp_path, **{field: text})))


def test_a_year_given_twice_in_a_per_year_value_is_refused(tmp_path):
    """{2026: 1000, "2026": 3000}: YAML sees two keys, and the last won (ER 900 t in 2026, exit 0)."""
    with pytest.raises(GhgkitError, match="2026 is given twice"):
        load_project(_sl(tmp_path, lamps='{2025: 1000, 2026: 1000, 2027: 1000, "2026": 3000}'))


def test_a_boolean_monitored_value_is_refused():
    from pydantic import ValidationError

    from ghgkit.projects.model import MonitoringRow

    with pytest.raises(ValidationError, match="not a number"):
        MonitoringRow(year=2025, parameter="lamps", value=True)
    assert MonitoringRow(year=2025, parameter="lamps", value="1000").value == 1000.0


@pytest.mark.parametrize("text,ok", [("0,5", 0.5), ("1,500", None), ("1,234.5", 1234.5), ("0.5", 0.5),
                                     ("1500", 1500.0), ("1,900,000", 1_900_000.0), ("12,25", 12.25)])
def test_a_form_cell_with_a_comma_is_not_read_as_a_bigger_number(text, ok):
    """A text cell '0,5' in a project form was read as 5 (grid_ef 5 t/MWh: ER 9,000 t for 900); a
    comma is read where it can mean one thing, and 1,500 (1500 or 1.5?) is refused."""
    from ghgkit.errors import Location
    from ghgkit.projects.io import _number, _whole

    loc = Location(file="p.xlsx", sheet="Parameters", cell="C3")
    if ok is None:
        with pytest.raises(InputError, match="not a number"):
            _number(text, loc, "grid_ef")
    else:
        assert _number(text, loc, "grid_ef") == ok
    with pytest.raises(InputError, match="not a whole number"):
        _whole(2025.6, 2025.6, loc, "year")
    assert _whole(2025.0, 2025.0, loc, "year") == 2025


def test_solar_pv_takes_grid_ef_or_its_margins_not_both():
    """With grid_ef given, monitored (or ex-ante) ef_om and ef_bm were ignored: ER 2024 1,390.19 t
    where the monitored margins give 989.6 t, exit 0."""
    base = {"electricity_generated": (1900, "MWh"), "own_consumption": (15, "MWh"), "grid_ef": (0.7375, "")}
    with pytest.raises(InputError, match="grid_ef and ef_om and ef_bm"):
        estimate(make("solar_pv", {**base, "ef_om": (0.6, ""), "ef_bm": (0.3, "")}, start=2024))
    mon = [{"year": 2024, "parameter": p, "value": v} for p, v in
           (("electricity_generated", 1900), ("own_consumption", 15), ("ef_om", 0.6), ("ef_bm", 0.3))]
    with pytest.raises(InputError, match="not both"):
        monitor(make("solar_pv", base, monitoring=mon, start=2024))
