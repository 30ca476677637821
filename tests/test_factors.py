from pathlib import Path

import pandas as pd
import pytest

from ghgkit.data import data_dir
from ghgkit.errors import FactorError
from ghgkit.factors import FactorLibrary, check_file, load_table
from ghgkit.units import per_dimension


@pytest.fixture(scope="module")
def lib():
    return FactorLibrary.default()


def test_every_default_row_has_source_unit_and_positive_value(lib):
    f = lib.factors
    assert len(f) > 150
    assert f["source"].str.len().gt(0).all()
    assert f["source_text"].str.contains("IPCC|United Nations").all()
    assert (f["value"] > 0).all()
    for u in f["unit"].unique():
        per_dimension(u)
    assert f["factor_id"].is_unique


def test_every_source_key_is_declared_in_its_file(lib):
    for df in (lib.factors, lib.properties):
        undeclared = df[df["source_text"] == df["source"]]
        assert undeclared.empty, undeclared[["file", "source"]]


def test_readme_names_every_source(lib):
    readme = (data_dir() / "README.md").read_text()
    for key in set(lib.factors["source"]) | set(lib.properties["source"]):
        assert key in readme


# IPCC 2006 Vol 2: CO2 Table 1.4; CH4/N2O Tables 2.2 (energy), 2.3 (manufacturing),
# 2.4 (commercial), 2.5 (residential, agriculture)
@pytest.mark.parametrize("fuel,sector,co2,ch4,n2o", [
    ("diesel", "household", 74100, 10, 0.6),
    ("diesel", "industry", 74100, 3, 0.6),
    ("natural_gas", "building", 56100, 5, 0.1),
    ("natural_gas", "energy_industry", 56100, 1, 0.1),
    ("coal", "household", 94600, 300, 1.5),
    ("coal", "industry", 94600, 10, 1.5),
    ("lpg", "household", 63100, 5, 0.1),
    ("kerosene", "household", 71900, 10, 0.6),
    ("gasoline", "agriculture", 69300, 10, 0.6),
])
def test_stationary_published(lib, fuel, sector, co2, ch4, n2o):
    assert lib.resolve(fuel, "CO2", sector).value == co2
    assert lib.resolve(fuel, "CH4", sector).value == ch4
    assert lib.resolve(fuel, "N2O", sector).value == n2o
    assert lib.resolve(fuel, "CO2", sector).unit == "kg/TJ"


def test_biomass_co2_is_biogenic(lib):
    assert "CO2" not in lib.gases("wood", "household")
    assert lib.resolve("wood", "CO2_biogenic", "household").value == 112000


@pytest.mark.parametrize("fuel,sub,ch4,n2o", [("diesel", "on_road", 3.9, 3.9), ("gasoline", "on_road", 33, 3.2),
                                              ("diesel", "rail", 4.15, 28.6), ("jet_kerosene", "aviation", 0.5, 2)])
def test_mobile_published(lib, fuel, sub, ch4, n2o):
    assert lib.resolve(fuel, "CH4", "transport", sub).value == ch4
    assert lib.resolve(fuel, "N2O", "transport", sub).value == n2o


def test_ncv_and_density(lib):
    ncv, row = lib.property("diesel", "ncv")
    assert ncv == pytest.approx(43.0 / 1000)  # TJ/Gg -> TJ/t
    dens, row = lib.property("diesel", "density")
    assert dens == pytest.approx(1 / 1149)    # 1149 L per tonne (UNSD)
    assert "United Nations" in row["source_text"]


def test_no_grid_factor_without_source(lib):
    assert "electricity" not in set(lib.factors["activity"])


OVERRIDE = """# source city_utility: Demo City Power Co., annual report 2023, p. 12
factor_id,activity,gas,value,unit,sector,subsector,region,valid_from,valid_to,source,source_ref
my_diesel_co2,diesel,CO2,73000,kg/TJ,household,,default,,,city_utility,p. 12
vnm_diesel_co2,diesel,CO2,72000,kg/TJ,household,,VNM,2020,2030,city_utility,p. 13
"""

REGIONAL = """# source nat: National inventory report
factor_id,activity,gas,value,unit,sector,region,valid_from,valid_to,source
vnm_res_diesel_co2,diesel,CO2,72500,kg/TJ,household,VNM,2015,2019,nat
"""


def test_lookup_order(lib, tmp_path):
    (tmp_path / "o.csv").write_text(OVERRIDE)
    lib2 = lib.with_overrides(tmp_path / "o.csv")
    # explicit id beats everything
    assert lib2.resolve("diesel", "CO2", "household", factor_id="st_res_diesel_co2").value == 74100
    # override file beats the defaults; a regional override row wins for its region and years
    assert lib2.resolve("diesel", "CO2", "household", region="VNM", year=2023).value == 72000
    f = lib2.resolve("diesel", "CO2", "household", region="THA", year=2023)
    assert (f.value, f.origin) == (73000, "override")
    # without overrides: a regional default row wins in its years, IPCC default otherwise
    f, _ = load_table(_write(tmp_path / "r.csv", REGIONAL))
    lib3 = FactorLibrary(pd.concat([lib.factors, f], ignore_index=True), lib.properties)
    assert lib3.resolve("diesel", "CO2", "household", region="VNM", year=2018).origin == "regional"
    assert lib3.resolve("diesel", "CO2", "household", region="VNM", year=2023).value == 74100
    assert lib3.resolve("diesel", "CO2", "household", region="THA", year=2018).origin == "default"


def _write(p, text):
    p.write_text(text)
    return p


def test_explicit_id_of_wrong_gas_and_typo(lib):
    with pytest.raises(FactorError, match="is for CH4"):
        lib.resolve("diesel", "CO2", "household", factor_id="st_res_diesel_ch4")
    with pytest.raises(FactorError) as e:
        lib.get("st_res_diesel_c02")
    assert "st_res_diesel_co2" in e.value.hint


def test_check_names_every_bad_line(tmp_path):
    p = _write(tmp_path / "bad.csv", "factor_id,activity,gas,value,unit,sector,source\n"
               "a,diesel,CO2,74100,kg/TJJ,household,me\n"
               "b,diesel,CH4,10,kg/TJ,household,\n"
               "c,diesel,N2O,-1,kg/TJ,household,me\n"
               "d,diesel,N2O,0.6,kg/TJ,household,me\n")
    problems = check_file(p)
    lines = [n for n, _ in problems.problems]
    assert lines == [2, 3, 4]
    msgs = dict(problems.problems)
    assert "kg/TJJ" in msgs[2] and "source" in msgs[3] and "-1" in msgs[4]
    with pytest.raises(FactorError, match="line 2"):
        load_table(p)


def test_check_repeated_id_and_undeclared_source(tmp_path):
    p = _write(tmp_path / "f.csv", "# source a: A report\nfactor_id,activity,gas,value,unit,sector,source\n"
               "x,diesel,CO2,1,kg/TJ,household,a\nx,diesel,CH4,1,kg/TJ,household,a\n"
               "y,diesel,N2O,1,kg/TJ,household,nosuch\n")
    msgs = dict(check_file(p).problems)
    assert "repeats line 3" in msgs[4] and "'nosuch' is not declared" in msgs[5]


def test_factor_file_columns_any_case_and_no_unknown_column(tmp_path):
    """A review's wrong total with exit 0: an override's 'Sector' column (capital S) was dropped, so the
    override hit every diesel row (+13 % on the demo city); 'sectr' the same. Column names are read in
    any case now, and a column no row reads is refused at the header's line."""
    from ghgkit.errors import FactorError
    from ghgkit.factors import FactorLibrary, check_file

    cap = tmp_path / "cap.csv"
    cap.write_text("# my overrides\nFactor_ID,Activity,Gas,Value,Unit,Sector,Source\n"
                   "my,diesel,CO2,148200,kg/TJ,building,me\n", encoding="utf-8")
    lib = FactorLibrary.default().with_overrides(cap)
    mine = lib.override_factors[lib.override_factors["factor_id"] == "my"]
    assert len(mine) == 1 and mine["sector"].iloc[0] == "building"
    typo = tmp_path / "typo.csv"
    typo.write_text("# my overrides\nfactor_id,activity,gas,value,unit,sectr,source\n"
                    "my,diesel,CO2,148200,kg/TJ,building,me\n", encoding="utf-8")
    problems = check_file(typo)
    assert problems.problems == [(2, "unknown column 'sectr' (did you mean 'sector'?): the columns of a factor "
                                     "file are " + ", ".join(__import__("ghgkit.factors").factors.FACTOR_COLUMNS))]
    with pytest.raises(FactorError):
        FactorLibrary.default().with_overrides(typo)


def test_workbook_factors_sheet_columns_any_case(tmp_path):
    """The Factors sheet's column names are read in any case, as a factor file's are ('Fuel' was dropped:
    the bus fuel economy then named no fuel and the workbook was refused)."""
    import openpyxl
    from click.testing import CliRunner

    from ghgkit.cli import main

    src = Path(__file__).resolve().parents[1] / "examples" / "demo_city" / "demo_city.xlsx"
    wb = openpyxl.load_workbook(src)
    for cell in wb["Factors"][1]:
        cell.value = str(cell.value).title() if cell.value else cell.value      # Property_Id, Fuel, Value ...
    wb.save(tmp_path / "titled.xlsx")
    want = CliRunner().invoke(main, ["calc", str(src), "--format", "json"])
    got = CliRunner().invoke(main, ["calc", str(tmp_path / "titled.xlsx"), "--format", "json"])
    assert want.exit_code == 0 and got.exit_code == 0, got.output
    import json

    assert json.loads(got.stdout)["totals"] == json.loads(want.stdout)["totals"]


@pytest.mark.parametrize("activity,sector,region", [("Diesel", "building", "default"),
                                                    ("diesel", "Building", "vnm"), ("Diesel Oil", "building", "VNM"),
                                                    ("diesel", "building", "Default")])
def test_an_override_written_as_people_write_it_applies(tmp_path, activity, sector, region):
    """A review's wrong totals with exit 0: an override for 'Diesel', sector 'Building' or region 'vnm'
    never matched a row (the activity table reads diesel, building; the country is VNM) and the default
    was used without a word."""
    p = tmp_path / "o.csv"
    p.write_text("factor_id,activity,gas,value,unit,sector,region,source\n"
                 f"my,{activity},CO2,148200,kg/TJ,{sector},{region},me\n", encoding="utf-8")
    lib = FactorLibrary.default().with_overrides(p)
    f = lib.resolve("diesel", "CO2", sector="building", region="VNM", year=2023)
    assert (f.factor_id, f.value) == ("my", 148200.0)


@pytest.mark.parametrize("column,value,said", [("region", "VN", "not an ISO 3166 alpha-3 code"),
                                               ("sector", "commercial", "not a ghgkit sector")])
def test_an_override_that_could_never_apply_is_refused(tmp_path, column, value, said):
    row = {"region": "default", "sector": "building"} | {column: value}
    p = tmp_path / "o.csv"
    p.write_text("factor_id,activity,gas,value,unit,sector,region,source\n"
                 f"my,diesel,CO2,148200,kg/TJ,{row['sector']},{row['region']},me\n", encoding="utf-8")
    problems = check_file(p)
    assert len(problems.problems) == 1 and problems.problems[0][0] == 2 and said in problems.problems[0][1]


def test_an_override_subsector_or_column_that_could_never_apply_is_refused(tmp_path):
    """A review of the first fix: subsector 'railway' and a column given twice ('Sector' and 'sector')
    were still dropped or overwritten without a word."""
    p = tmp_path / "o.csv"
    p.write_text("factor_id,activity,gas,value,unit,sector,subsector,source\n"
                 "my,diesel,CO2,148200,kg/TJ,transport,railway,me\n", encoding="utf-8")
    (n, said), = check_file(p).problems
    assert n == 2 and "'railway' is not a subsector of transport (did you mean 'rail'?)" in said
    p.write_text("factor_id,activity,gas,value,unit,Sector,sector,source\n"
                 "my,diesel,CO2,148200,kg/TJ,household,building,me\n", encoding="utf-8")
    assert check_file(p).problems == [(1, "column 'sector' is given twice: keep one")]


def test_a_vehicle_class_named_like_a_fuel_keeps_its_name(tmp_path):
    """A review of the first fix: the activity table's synonyms renamed a vehicle class 'cng' in a
    fuel-economy row to natural_gas, and its rows were refused. A fuel's property takes the synonyms."""
    p = tmp_path / "p.csv"
    p.write_text("property_id,activity,property,value,unit,fuel,source\n"
                 "fe,cng,fuel_economy,38,L/100km,Diesel Oil,me\nd,Petrol,density,0.74,kg/L,,me\n", encoding="utf-8")
    lib = FactorLibrary.default().with_overrides(p)
    row = lib.property_row("cng", "fuel_economy", "VNM", 2023)
    assert row["property_id"] == "fe" and row["fuel"] == "diesel"
    assert lib.property_row("gasoline", "density", "VNM", 2023)["property_id"] == "d"


def test_workbook_factors_sheet_unknown_column_is_refused(tmp_path):
    import openpyxl

    from ghgkit.validation import validate_file

    src = Path(__file__).resolve().parents[1] / "examples" / "demo_city" / "demo_city.xlsx"
    wb = openpyxl.load_workbook(src)
    col = next(c for c in wb["Factors"][1] if c.value == "sector")
    col.value = "sectr"
    wb.save(tmp_path / "sectr.xlsx")
    bad = [f for f in validate_file(tmp_path / "sectr.xlsx").findings if f.code == "FACT-001"]
    assert [(f.cell, f.severity) for f in bad] == [(f"{col.column_letter}1", "error")]
    assert "unknown column 'sectr' (did you mean 'sector'?)" in bad[0].message
