"""Projects use the inventory's own fuel conversion, factors, CO2e join and FOD; user factor
files and the host country reach them as they reach `calc`; outputs in every format."""

import csv
import io
import json

import numpy as np
import pytest
from click.testing import CliRunner

from ghgkit.cli import main
from ghgkit.errors import GhgkitError
from ghgkit.factors import FactorLibrary
from ghgkit.projects import estimate
from ghgkit.projects.model import Project

SRC = "test case"


def fuel_switch(leakage=None, country=None, **extra):
    ex = {"households": (2000, "households"), "project_fuel_per_household": (150, "kg/yr"),
          "baseline_stove_efficiency": (45, "%"), "project_stove_efficiency": (55, "%")}
    if leakage is not None:
        ex["leakage"] = (leakage, "t/yr")
    ex.update(extra)
    return Project.model_validate({
        "title": "kerosene to LPG", "host_city": "Host", "partner_city": "Partner", "host_country": country,
        "methodology": "fuel_switch", "start_year": 2025, "crediting_period": 2, "gwp": "AR5",
        "settings": {"baseline_fuel": "kerosene", "project_fuel": "lpg"},
        "ex_ante": {k: {"value": v, "unit": u, "source": SRC} for k, (v, u) in ex.items()}})


# IPCC 2006 Vol. 2 Ch. 1 Table 1.2 (NCV) and Ch. 2 Table 2.5 (residential, kg/TJ); AR5 GWP 28 / 265
NCV_LPG = 47.3e-3            # TJ/t
EF_LPG = (63100 + 5 * 28 + 0.1 * 265) / 1000          # t CO2e/TJ
EF_KEROSENE = (71900 + 10 * 28 + 0.6 * 265) / 1000


def test_fuel_switch_with_leakage_by_hand():
    r = estimate(fuel_switch(leakage=12.5)).years[0]
    fc_pj = 2000 * 0.150 * NCV_LPG                 # 300 t LPG -> 14.19 TJ
    fc_bl = fc_pj * 0.55 / 0.45                    # same useful heat from a 45 % stove
    be, pe = fc_bl * EF_KEROSENE, fc_pj * EF_LPG
    assert fc_pj == pytest.approx(14.19)
    assert r["baseline_t"] == pytest.approx(be, rel=1e-12)
    assert r["project_t"] == pytest.approx(pe, rel=1e-12)
    assert r["leakage_t"] == pytest.approx(12.5)
    assert r["reduction_t"] == pytest.approx(be - pe - 12.5, rel=1e-12)
    # 17.3433 TJ x 72.339 = 1,254.599 t; 14.19 TJ x 63.2665 = 897.752 t; ER = 1,254.599 - 897.752 - 12.5
    assert r["reduction_t"] == pytest.approx(344.348, abs=1e-3)


def test_project_factor_file_and_host_country_reach_the_fuels(tmp_path):
    """A user's NCV for LPG, valid for the host country only, changes the project as it changes `calc`."""
    f = tmp_path / "ncv.csv"
    f.write_text("# source test: a national energy balance (test)\n"
                 "property_id,activity,property,value,unit,region,valid_from,valid_to,edition,low,high,source,"
                 "source_ref,notes\n"
                 "ncv_lpg_idn,lpg,ncv,46.0,TJ/Gg,IDN,2000,,,,,test,table 1,\n", encoding="utf-8")
    lib = FactorLibrary.default().with_overrides(f)
    ratio = 46.0 / 47.3
    base = estimate(fuel_switch(country="IDN")).years[0]
    own = estimate(fuel_switch(country="IDN"), library=lib).years[0]
    other = estimate(fuel_switch(country="VNM"), library=lib).years[0]
    assert own["project_t"] == pytest.approx(base["project_t"] * ratio, rel=1e-12)
    assert own["baseline_t"] == pytest.approx(base["baseline_t"] * ratio, rel=1e-12)
    assert other["project_t"] == pytest.approx(base["project_t"], rel=1e-12)   # not for that region
    # the same through the command line
    yaml = tmp_path / "p.yaml"
    yaml.write_text("title: t\nhost_city: H\nhost_country: IDN\npartner_city: P\nmethodology: fuel_switch\n"
                    "start_year: 2025\ncrediting_period: 1\ngwp: AR5\n"
                    "settings: {baseline_fuel: kerosene, project_fuel: lpg}\nex_ante:\n"
                    "  households: {value: 2000, unit: households, source: s}\n"
                    "  project_fuel_per_household: {value: 150, unit: kg/yr, source: s}\n"
                    "  baseline_stove_efficiency: {value: 45, unit: '%', source: s}\n"
                    "  project_stove_efficiency: {value: 55, unit: '%', source: s}\n", encoding="utf-8")
    r = CliRunner().invoke(main, ["project", "estimate", str(yaml), "--format", "json", "--factors", str(f)])
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["years"][0]["project_t"] == pytest.approx(own["project_t"], rel=1e-12)


def test_estimate_csv_output_matches_json(tmp_path):
    out = tmp_path / "est.csv"
    r = CliRunner().invoke(main, ["project", "estimate", "examples/projects/street_lighting_yokohama_danang.yaml",
                                  "--format", "csv", "-o", str(out)])
    assert r.exit_code == 0, r.output
    j = json.loads(CliRunner().invoke(main, ["project", "estimate",
                                             "examples/projects/street_lighting_yokohama_danang.yaml",
                                             "--format", "json"]).stdout)
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert [int(r["year"]) for r in rows] == [y["year"] for y in j["years"]]
    assert [float(r["reduction_t"]) for r in rows] == [y["reduction_t"] for y in j["years"]]
    assert float(rows[0]["intermediate.electricity_saved_mwh"]) == j["years"][0]["intermediate"]["electricity_saved_mwh"]


def test_portfolio_csv_sums_by_year(tmp_path):
    r = CliRunner().invoke(main, ["project", "portfolio", "examples/projects", "--format", "csv"])
    assert r.exit_code == 0, r.output
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    j = json.loads(CliRunner().invoke(main, ["project", "portfolio", "examples/projects", "--format", "json"]).stdout)
    assert sum(float(x["reduction_t"]) for x in rows) == pytest.approx(j["totals"]["reduction_t"], rel=1e-12)


def test_renamed_parameter_is_refused_with_its_new_name():
    p = Project.model_validate({
        "title": "lights", "host_city": "H", "partner_city": "P", "methodology": "street_lighting",
        "start_year": 2025, "crediting_period": 1, "gwp": "AR5",
        "ex_ante": {k: {"value": v, "unit": u, "source": SRC} for k, (v, u) in {
            "lamps": (10, "lamps"), "baseline_lamp_power": (150, "W"), "project_lamp_power": (50, "W"),
            "operating_hours": (4000, "h/yr"), "grid_ef": (0.5, "t/MWh"), "grid_loss": (8, "%")}.items()}})
    with pytest.raises(GhgkitError) as e:
        estimate(p)
    assert "td_loss_rate" in str(e.value) and "grid_loss" in str(e.value)


def test_tool04_is_the_inventory_fod_one_year_later():
    """Composting's Tool 04 baseline equals the IPCC FOD (six-month delay) of the next year, also
    when k differs by year of disposal (each year's waste then decays at its own rate)."""
    from ghgkit.projects.composting import tool04_ch4

    n = 4
    w = {"food": np.array([100.0, 120.0, 0.0, 80.0])}
    doc = {"food": np.full(n, 0.15)}
    k = {"food": np.array([0.4, 0.4, 0.2, 0.2])}
    one = np.ones(n)
    got = tool04_ch4(w, doc, k, phi=0.85 * one, f=0.1 * one, ox=0.1 * one, F=0.5 * one, docf=0.5 * one,
                     mcf=0.8 * one)
    # Tool 04 Eq. 1 written out: sum over x <= y of W_x DOC e^(-k_x (y - x)) (1 - e^(-k_x))
    want = np.zeros(n)
    for y in range(n):
        for x in range(y + 1):
            kx = k["food"][x]
            want[y] += w["food"][x] * 0.15 * np.exp(-kx * (y - x)) * (1 - np.exp(-kx))
    want *= 0.85 * 0.9 * 0.9 * 16 / 12 * 0.5 * 0.5 * 0.8
    np.testing.assert_allclose(got, want, rtol=1e-12)
