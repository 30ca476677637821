"""Settings (issue 10): a key nothing reads is refused; inventory_year in range; no population ->
no per capita, said so."""

import json
import math
from datetime import date

import numpy as np
import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner

from ghgkit.cli import main
from ghgkit.errors import SettingsError
from ghgkit.io.settings import KNOWN, SETTING_KEYS, build_settings, known_keys
from ghgkit.io.template import SETTINGS as TEMPLATE_SETTINGS, write_template
from ghgkit.sectors.waste.calculator import calculate_waste
from ghgkit.sectors.waste.equations import WASTE_COMPONENTS


@pytest.mark.parametrize("key,hint", [("k_nappies", "k (decay rate k, all components"),
                                      ("mcf_septic_tank", "mcf (methane correction factor, all landfill"),
                                      ("popluation", "did you mean 'population'?"),
                                      ("doc_fod", "'doc_food'"),
                                      ("ef_compost_ch4_wet", "'ef_composting_ch4_wet'")])
def test_a_key_nothing_reads_is_refused(key, hint):
    with pytest.raises(SettingsError) as e:
        build_settings(({"inventory_year": 2023, key: "0.1"}, "settings.toml"))
    assert f"unknown setting '{key}'" in e.value.message and "nothing reads it" in e.value.message
    assert hint in e.value.hint
    assert str(e.value.location) == "settings.toml"


def test_workbook_settings_key_is_refused_at_its_cell(tmp_path):
    wb_path = write_template(tmp_path / "city.xlsx", example=True)
    wb = openpyxl.load_workbook(wb_path)
    ws = wb["Settings"]
    row = ws.max_row + 1
    ws.cell(row, 1, "k_nappies")
    ws.cell(row, 2, 0.1)
    wb.save(wb_path)
    before = wb_path.read_bytes()
    r = CliRunner().invoke(main, ["calc", str(wb_path)])
    assert r.exit_code == 2
    assert f"Settings!B{row}" in r.output and "k_nappies" in r.output and "hint:" in r.output
    assert "Traceback" not in r.output
    assert wb_path.read_bytes() == before


def test_every_template_setting_is_a_known_key():
    assert {k for k, _, _ in TEMPLATE_SETTINGS} <= known_keys()


def test_registry_expands_the_families_over_the_calculator_vocabularies():
    keys = known_keys()
    assert {f"doc_{c}" for c in WASTE_COMPONENTS} <= keys
    assert {f"ef_{p}_{g}_{b}" for p in ("composting", "anaerobic_digestion") for g in ("ch4", "n2o")
            for b in ("wet", "dry")} <= keys
    assert "k_food" not in keys and "mcf_septic_tank" not in keys and "doc_sludge" not in keys


# -- every accepted key is read: changing it changes a result -------------------------
def _act():
    rows = []
    for c in WASTE_COMPONENTS:
        for y in (2010, 2015, 2020):
            rows.append(dict(sector="waste", subsector="landfill", activity=c, amount=1000, unit="t", year=y,
                             method="managed_anaerobic"))
    for sub in ("composting", "anaerobic_digestion"):
        for b in ("wet", "dry"):
            rows.append(dict(sector="waste", subsector=sub, activity="food", amount=500, unit="t", method=b))
    rows += [dict(sector="waste", subsector="incineration", activity="plastics", amount=100, unit="t",
                  method="continuous_stoker"),
             dict(sector="waste", subsector="open_burning", activity="population", amount=10000, unit="persons"),
             dict(sector="wastewater", subsector="domestic", activity="population", amount=100000,
                  unit="persons", method="septic_tank"),
             dict(sector="wastewater", subsector="industrial", activity="cod_load", amount=100, unit="t",
                  method="anaerobic_reactor")]
    base = dict(year=np.nan, method=None, scope=np.nan, file="x.csv", sheet=None, cell=None, line=None)
    return pd.DataFrame([{**base, **r} for r in rows])


#: settings under which every waste parameter takes part in some row
BASE = dict(inventory_year=2021, climate_zone="tropical_wet", fraction_burning=0.3, msw_per_capita_kg_day=0.8,
            fraction_burnt=0.5, msw_composition="food=0.5, plastics=0.5", protein_kg_per_person_yr=25.0,
            bod_region="asia_middle_east_latin_america", backcast_start_year=2005, doc_msw=0.15,
            population=100000.0, fraction_to_swds=0.5, k=0.2)
#: a value different from the base or the default, for the keys where 0.37 would not do
OTHER = {"backcast_start_year": 2000, "digester_ch4_recovered": 1e-6, "landfill_ch4_recovered": 0.1,
         "bod_per_capita": 37.0, "delay_months": 3.0, "bod_region": "africa"}


def _rows_for(key: str) -> pd.DataFrame:
    """The rows a key can act on (to keep the test fast: the parameter look-ups are slow)."""
    act = _act()
    sub, comp = act["subsector"], act["activity"]
    fam = {"incin": "incineration", "openburn": "open_burning", "incineration": "incineration",
           "open": "open_burning", "composting": "composting", "anaerobic": "anaerobic_digestion"}
    part = key.split("_")[1] if key.startswith(("ef_", "oxidation_factor_")) else None
    if key.startswith("oxidation_factor_"):
        part = key.split("_")[2]
    if part in fam:
        return act[sub == fam[part]]
    if key.startswith("doc_") and key != "doc_msw":
        return act[(sub == "landfill") & (comp == key[4:])]
    if key in ("fraction_burning", "fraction_burnt"):
        return act[sub == "open_burning"]
    if key == "digester_ch4_recovered":
        return act[sub == "anaerobic_digestion"]
    if key == "bo_cod":
        return act[sub == "industrial"]
    if key.startswith(("bod_", "bo_bod", "protein", "fnpr", "f_non_con", "f_ind_com", "ef_effluent")):
        return act[sub == "domestic"]
    return act[(sub == "landfill") & (comp == "food")]


def _gases(settings, key):
    rows, _ = calculate_waste(_rows_for(key), settings)
    return rows[["co2_t", "ch4_t", "n2o_t", "co2_biogenic_t"]].to_numpy()


@pytest.mark.parametrize("key", sorted(known_keys() - set(KNOWN) - {"template_version"}))
def test_every_accepted_parameter_key_is_read(key):
    """A key the registry accepts must change some result when it changes: otherwise it would be
    accepted and ignored (the k_nappies bug). Extend BASE/_act when a new family is registered."""
    base = _gases(BASE, key)
    value = OTHER.get(key, BASE[key] * 1.5 if isinstance(BASE.get(key), float) else 0.37)
    changed = _gases({**BASE, key: value}, key)
    assert not np.allclose(changed, base, rtol=1e-12, atol=0), f"{key} is accepted but nothing reads it"


# -- inventory_year -------------------------------------------------------------------
@pytest.mark.parametrize("year", [1989, 1900, date.today().year + 2, 3023])
def test_inventory_year_out_of_range_is_refused(year, tmp_path):
    act = tmp_path / "a.csv"
    act.write_text("sector,activity,amount,unit\nhousehold,diesel,10,GJ\n")
    r = CliRunner().invoke(main, ["calc", str(act), "--set", f"inventory_year={year}"])
    assert r.exit_code == 2
    assert f"inventory_year {year} is outside 1990-{date.today().year + 1}" in r.output
    assert "hint:" in r.output and "Traceback" not in r.output


@pytest.mark.parametrize("year", [1990, date.today().year + 1])
def test_inventory_year_bounds_are_accepted(year):
    assert build_settings(({"inventory_year": str(year)}, None)).inventory_year == year


# -- population -----------------------------------------------------------------------
def test_no_population_no_per_capita_and_a_warning(tmp_path):
    act = tmp_path / "a.csv"
    act.write_text("sector,activity,amount,unit\nhousehold,diesel,1,TJ\n")
    r = CliRunner().invoke(main, ["calc", str(act), "--set", "inventory_year=2023", "--format", "json"])
    assert r.exit_code == 0
    out = json.loads(r.stdout)
    assert out["totals"]["basic_per_capita_t"] is None          # not 0, not inf
    assert any("per-capita emissions are not computed" in w for w in out["warnings"])
    # 1 TJ diesel x 74100 kg/TJ CO2 (IPCC 2006 Vol. 2 Table 2.5) = 74.1 t CO2
    assert out["totals"]["co2_t"] == pytest.approx(74.1)
    r = CliRunner().invoke(main, ["calc", str(act), "--set", "inventory_year=2023"])
    assert r.exit_code == 0 and "per capita" not in r.stdout.lower().replace("per-capita emissions are not", "")
    assert "inf" not in r.stdout.split()


def test_population_gives_per_capita(tmp_path):
    act = tmp_path / "a.csv"
    act.write_text("sector,activity,amount,unit\nhousehold,diesel,1,TJ\n")
    r = CliRunner().invoke(main, ["calc", str(act), "--set", "inventory_year=2023", "--set", "population=1000",
                                  "--format", "json"])
    out = json.loads(r.stdout)
    assert not any("per-capita" in w for w in out["warnings"])
    # BASIC = 74.1 t CO2 + CH4 10 kg/TJ x 28 + N2O 0.6 kg/TJ x 265 (AR5) = 74.1 + 0.28 + 0.159 t
    assert out["totals"]["basic_per_capita_t"] == pytest.approx((74.1 + 0.28 + 0.159) / 1000)
    assert math.isfinite(out["totals"]["basic_per_capita_t"])
