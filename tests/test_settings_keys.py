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
from ghgkit.io.settings import KNOWN, build_settings, known_keys
from ghgkit.io.template import SETTINGS as TEMPLATE_SETTINGS, write_template
from ghgkit.sectors.waste.calculator import calculate_waste
from ghgkit.sectors.waste import WASTE_COMPONENTS


@pytest.mark.parametrize("key,hint", [("k_napies", "did you mean 'k_nappies'"),
                                      ("mcf_septic", "'mcf_septic_tank'"),
                                      ("popluation", "did you mean 'population'?"),
                                      ("bo_methane", "what ghgkit reads of this kind: bo_bod"),
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
    ws.cell(row, 1, "k_napies")
    ws.cell(row, 2, 0.1)
    wb.save(wb_path)
    before = wb_path.read_bytes()
    r = CliRunner().invoke(main, ["calc", str(wb_path)])
    assert r.exit_code == 2
    assert f"Settings!B{row}" in r.output and "k_napies" in r.output and "'k_nappies'" in r.output
    assert "hint:" in r.output
    assert "Traceback" not in r.output
    assert wb_path.read_bytes() == before


def test_every_template_setting_is_a_known_key():
    assert {k for k, _, _ in TEMPLATE_SETTINGS} <= known_keys()


def test_registry_expands_the_families_over_the_calculator_vocabularies():
    keys = known_keys()
    assert {f"doc_{c}" for c in WASTE_COMPONENTS} <= keys
    assert {f"k_{c}" for c in WASTE_COMPONENTS} <= keys
    assert {f"ef_{p}_{g}_{b}" for p in ("composting", "anaerobic_digestion") for g in ("ch4", "n2o")
            for b in ("wet", "dry")} <= keys
    assert "mcf_septic_tank" in keys and "mcf_managed_anaerobic" in keys
    assert "doc_sludge" not in keys and "k_napies" not in keys


# -- every accepted key is read: changing it changes a result -------------------------
def _act():
    from ghgkit.sectors.waste import PATHWAYS, SITE_TYPES

    rows = []
    for c in WASTE_COMPONENTS:
        for y in (2010, 2015, 2020):
            rows.append(dict(sector="waste", subsector="landfill", activity=c, amount=1000, unit="t", year=y,
                             method="managed_anaerobic"))
    rows += [dict(sector="waste", subsector="landfill", activity="food", amount=1000, unit="t", year=2015,
                  method=site) for site in SITE_TYPES if site != "managed_anaerobic"]
    for sub in ("composting", "anaerobic_digestion"):
        for b in ("wet", "dry"):
            rows.append(dict(sector="waste", subsector=sub, activity="food", amount=500, unit="t", method=b))
    rows += [dict(sector="waste", subsector="incineration", activity="plastics", amount=100, unit="t",
                  method="continuous_stoker"),
             dict(sector="waste", subsector="open_burning", activity="population", amount=10000, unit="persons")]
    rows += [dict(sector="wastewater", subsector="domestic", activity="population", amount=100000,
                  unit="persons", method=p) for p in PATHWAYS]
    rows += [dict(sector="wastewater", subsector="industrial", activity="cod_load", amount=100, unit="t",
                  method=p) for p in PATHWAYS]
    base = dict(year=np.nan, method=None, scope=np.nan, file="x.csv", sheet=None, cell=None, line=None)
    return pd.DataFrame([{**base, **r} for r in rows])


_ACT = _act()

#: settings under which every waste parameter takes part in some row
BASE = dict(inventory_year=2021, climate_zone="tropical_wet", fraction_burning=0.3, msw_per_capita_kg_day=0.8,
            fraction_burnt=0.5, msw_composition="food=0.5, plastics=0.5", protein_kg_per_person_yr=25.0,
            bod_region="asia_middle_east_latin_america", backcast_start_year=2005, doc_msw=0.15,
            population=100000.0, fraction_to_swds=0.5, k=0.2, t_plant=0.05)
#: a value different from the base or the default, for the keys where 0.37 would not do
OTHER = {"backcast_start_year": 2000, "digester_ch4_recovered": 1e-6, "landfill_ch4_recovered": 0.1,
         "bod_per_capita": 37.0, "delay_months": 3.0, "bod_region": "africa", "n_sludge": 10.0}


def _gases(settings):
    rows, _ = calculate_waste(_ACT, settings)
    return rows[["co2_t", "ch4_t", "n2o_t", "co2_biogenic_t"]].to_numpy()


@pytest.mark.parametrize("key", sorted(known_keys() - set(KNOWN) - {"template_version"}))
def test_every_accepted_parameter_key_is_read(key):
    """A key the settings check accepts must change some result when it changes: otherwise it would
    be accepted and ignored (the k_nappies bug). Extend BASE/_act when a new family is added."""
    base_settings = dict(BASE)
    for fam in ("k_", "docf_"):         # a component without degradable carbon: give it some DOC
        if key.startswith(fam):
            base_settings[f"doc_{key[len(fam):]}"] = 0.1
    base = _gases(base_settings)
    value = OTHER.get(key, base_settings[key] * 1.5 if isinstance(base_settings.get(key), float) else 0.37)
    changed = _gases({**base_settings, key: value})
    assert not np.allclose(changed, base, rtol=1e-12, atol=0, equal_nan=True), f"{key} is accepted but nothing reads it"


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


def test_settings_csv_refuses_a_value_cut_at_a_comma_and_reads_a_file_without_header(tmp_path):
    """A key,value CSV: 'grid_ef,0,6' was read as grid_ef 0 (every scope 2 row lost, exit 0), and line 1
    was skipped as a header even when it held a setting. A header may name more columns (source)."""
    from ghgkit.errors import SettingsError
    from ghgkit.io.settings import read_settings_file

    p = tmp_path / "s.csv"
    for line, value in (("grid_ef,0,6", "0,6"), ("population,1,050,000", "1,050,000"),
                        ("city,Tan Hoa, Viet Nam", "Tan Hoa, Viet Nam")):
        p.write_text(f"key,value\ninventory_year,2023\n{line}\n", encoding="utf-8")
        with pytest.raises(SettingsError) as e:
            read_settings_file(p)
        assert e.value.location.line == 3 and f"'{value}' would be cut at its first comma" in e.value.message
    p.write_text('landfill_ch4_recovered,2100\ninventory_year,2023\ncity,"Tan Hoa, Viet Nam"\n', encoding="utf-8")
    assert read_settings_file(p) == {"landfill_ch4_recovered": "2100", "inventory_year": "2023",
                                     "city": "Tan Hoa, Viet Nam"}
    p.write_text("Key,Value,Source\ngrid_ef,0.6,EVN 2023\npopulation,1050000,\n# a note\n", encoding="utf-8")
    assert read_settings_file(p) == {"grid_ef": "0.6", "population": "1050000"}


@pytest.mark.parametrize("text,value", [("1,050,000", 1050000.0), ("1050000,0", 1050000.0), ("1 050 000", 1050000.0),
                                        ("1\u00a0050\u00a0000", 1050000.0), ("1050000", 1050000.0)])
def test_population_commas_as_every_setting_reads_them(text, value):
    """A review's wrong per-capita with exit 0: '1050000,0' (a decimal comma) was 10500000, as every comma
    was dropped; a population now reads its commas as every other setting does."""
    from ghgkit.io.settings import Settings

    assert Settings(inventory_year=2023, population=text).population == value


def test_population_with_a_comma_that_may_group_thousands_is_refused():
    from pydantic import ValidationError

    from ghgkit.io.settings import Settings

    with pytest.raises(ValidationError, match="may be a decimal mark or a thousands separator"):
        Settings(inventory_year=2023, population="1,500")


@pytest.mark.parametrize("head", ["setting,value,notes", "key,value,,", "Key,Value"])
def test_settings_csv_decimal_comma_beside_a_notes_column_is_refused(tmp_path, head):
    """A review of the first fix: with a third header column (notes) or Excel's padding (key,value,,)
    'grid_ef,0,6' was still read as 0 (0 the value, 6 a note)."""
    from ghgkit.errors import SettingsError
    from ghgkit.io.settings import read_settings_file

    p = tmp_path / "s.csv"
    p.write_text(f"{head}\ninventory_year,2023\ngrid_ef,0,6\n", encoding="utf-8")
    with pytest.raises(SettingsError) as e:
        read_settings_file(p)
    assert e.value.location.line == 3 and "'0,6' would be cut at its first comma" in e.value.message


def test_settings_csv_with_semicolons(tmp_path):
    """Excel's CSV in a decimal-comma country separates with ';': such a file was read as no setting."""
    from ghgkit.io.settings import read_settings_file

    p = tmp_path / "s.csv"
    p.write_text("key;value\ninventory_year;2023\ngrid_ef;0,5\ncity;Tan Hoa, Viet Nam\n", encoding="utf-8")
    assert read_settings_file(p) == {"inventory_year": "2023", "grid_ef": "0,5", "city": "Tan Hoa, Viet Nam"}


@pytest.mark.parametrize("text", ["105.000", "1.050.000"])
def test_population_with_dots_that_may_group_thousands_is_refused(text):
    """A review: '105.000' (a thousands dot) was 105 residents, a per-capita figure 1000 times too high."""
    from pydantic import ValidationError

    from ghgkit.io.settings import Settings

    with pytest.raises(ValidationError, match="may be a decimal point or a thousands separator"):
        Settings(inventory_year=2023, population=text)
    assert Settings(inventory_year=2023, population="105000.5").population == 105000.5


@pytest.mark.parametrize("name,text", [("s.toml", 'inventory_year = 2023\ngrid_ef = 0.6\nGRID_EF = 0.5\n'),
                                       ("s.yaml", "inventory_year: 2023\ngrid_ef: 0.6\nGrid EF: 0.5\n"),
                                       ("s.json", '{"inventory_year": 2023, "grid_ef": 0.6, "Grid_EF": 0.5}')])
def test_one_setting_written_twice_in_one_file_is_refused(tmp_path, name, text):
    """A review: grid_ef = 0.6 and GRID_EF = 0.5 in one file passed, the later one used without a word.
    A later source (--set) still replaces a file's value, as documented."""
    from ghgkit.io.settings import build_settings, read_settings_file

    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    with pytest.raises(SettingsError, match="are one setting \\(grid_ef\\), given twice"):
        build_settings((read_settings_file(p), str(p)))
    ok = {"inventory_year": 2023, "grid_ef": 0.6}
    assert build_settings((ok, "file"), ({"grid_ef": "0.5"}, "--set")).grid_ef == 0.5
