"""GCoM CRF export: the mapping file, a table worked by hand, conservation on the demo city."""

import re

import numpy as np
import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner

import ghgkit
from ghgkit.cli import main
from ghgkit.exports.crf import COLUMNS, NOT_MAPPED, crf_table, load_mapping, write_crf
from ghgkit.factors import FactorLibrary

from conftest import ROOT, write_csv

FACTORS = """# source fixture: values made up for this test
factor_id,activity,gas,value,unit,sector,source
t_lpg_co2,lpg,CO2,60000,kg/TJ,household,fixture
t_lpg_ch4,lpg,CH4,5,kg/TJ,household,fixture
t_lpg_n2o,lpg,N2O,0.1,kg/TJ,household,fixture
"""


def _inv(tmp_path, rows, **settings):
    p = write_csv(tmp_path / "a.csv", rows)
    (tmp_path / "f.csv").write_text(FACTORS)
    act, s = ghgkit.load(p, overrides={"inventory_year": "2023", **settings})
    return ghgkit.calculate(act, s, library=FactorLibrary.default().with_overrides(tmp_path / "f.csv"))


def _row(df, sector, sub):
    return df[(df["crf_sector"] == sector) & (df["crf_subsector"] == sub)].iloc[0]


def test_mapping_file_names_its_sources_and_real_gpc_references():
    text = (ROOT / "emission_factors" / "gcom_crf_mapping.csv").read_text()
    declared = set(re.findall(r"^# source (\w+):", text, flags=re.M))
    m = load_mapping()
    used = {k.strip() for s in m["source"] for k in s.split(";")}
    assert used <= declared
    gpc = pd.read_csv(ROOT / "emission_factors" / "gpc_structure.csv", comment="#")
    scope = dict(zip(gpc["gpc_ref"], gpc["scope"]))
    for r in m[m["gpc_ref"] != ""].itertuples():
        assert r.gpc_ref in scope
        assert COLUMNS[scope[r.gpc_ref] - 1] == r.column          # direct = 1, indirect = 2, outside = 3


def test_crf_table_by_hand(tmp_path):
    inv = _inv(tmp_path, [
        dict(sector="household", activity="lpg", amount=1000, unit="t"),
        dict(sector="building", activity="electricity", amount=100, unit="MWh"),
        dict(sector="transport", subsector="aviation", activity="jet_kerosene", notation_key="NE"),
        dict(sector="energy_industry", activity="lpg", notation_key="NO"),
    ], grid_ef="0.5", td_loss_rate="0.2")
    df = crf_table(inv)
    # 1000 t LPG × 47.3 TJ/Gg (IPCC 2006 Vol. 2 Table 1.2) = 47.3 TJ
    co2, ch4, n2o = 47.3 * 60, 47.3 * 5 / 1000, 47.3 * 0.1 / 1000
    res = _row(df, "Stationary energy", "Residential buildings")
    assert (res["direct_co2_t"], res["direct_ch4_t"], res["direct_n2o_t"]) == pytest.approx((co2, ch4, n2o))
    assert res["direct_co2e_t"] == pytest.approx(co2 + 28 * ch4 + 265 * n2o)          # AR5
    assert np.isnan(res["indirect_co2e_t"]) and res["indirect_notation_key"] == ""
    com = _row(df, "Stationary energy", "Commercial buildings & facilities")
    assert com["indirect_co2e_t"] == pytest.approx(100 * 0.5)
    # T&D losses: 100 MWh × 0.2 / (1 − 0.2) × 0.5 t/MWh = 12.5 t, scope 3
    assert com["outside_co2e_t"] == pytest.approx(12.5)
    inst = _row(df, "Stationary energy", "Institutional buildings & facilities")
    assert (inst["direct_notation_key"], inst["indirect_notation_key"], inst["outside_notation_key"]) == ("", "IE", "IE")
    assert _row(df, "Transportation", "Aviation")["direct_notation_key"] == "NE"
    tot = _row(df, "Stationary energy", "Total")
    assert tot["indirect_co2e_t"] == pytest.approx(50.0)
    assert tot["direct_co2e_t"] == pytest.approx(res["direct_co2e_t"])
    nm = df[df["crf_sector"] == NOT_MAPPED]
    assert list(nm["gpc_refs"]) == ["I.4.1"] and nm.iloc[0]["direct_notation_key"] == "NO"
    assert np.isnan(_row(df, "IPPU", "Industrial process")["direct_co2e_t"])


def test_demo_city_crf_adds_up_to_the_inventory_scope_by_scope():
    act, s = ghgkit.load(ROOT / "examples" / "demo_city" / "demo_city.xlsx")
    inv = ghgkit.calculate(act, s)
    df = crf_table(inv)
    cells = df[df["crf_subsector"] != "Total"]
    by_scope = inv.by_scope()
    for i, c in enumerate(COLUMNS, start=1):
        assert np.nansum(cells[f"{c}_co2e_t"]) == pytest.approx(by_scope.get(i, 0.0), rel=1e-12)
    assert np.nansum(cells[[f"{c}_co2e_t" for c in COLUMNS]].to_numpy()) == pytest.approx(inv.totals["co2e_t"])
    assert np.nansum(cells["co2_biogenic_t"]) == pytest.approx(inv.totals["co2_biogenic_t"])
    totals = df[df["crf_subsector"] == "Total"]
    assert np.nansum(totals["direct_co2e_t"]) == pytest.approx(
        np.nansum(cells.loc[cells["crf_sector"] != NOT_MAPPED, "direct_co2e_t"]))


def test_crf_csv_and_xlsx_round_trip(tmp_path):
    inv = _inv(tmp_path, [dict(sector="household", activity="lpg", amount=1000, unit="t")])
    df = crf_table(inv)
    write_crf(inv, tmp_path / "c.csv")
    back = pd.read_csv(tmp_path / "c.csv", keep_default_na=False, na_values=[""])
    assert back["direct_co2e_t"].iloc[0] == pytest.approx(df["direct_co2e_t"].iloc[0])
    write_crf(inv, tmp_path / "c.xlsx")
    ws = openpyxl.load_workbook(tmp_path / "c.xlsx")["CRF"]
    assert ws.cell(5, 1).value == "Stationary energy" and ws.cell(5, 2).value == "Residential buildings"
    assert ws.cell(5, 7).value == pytest.approx(df["direct_co2e_t"].iloc[0])      # direct CO2e


def test_calc_crf_option(tmp_path):
    p = write_csv(tmp_path / "a.csv", [dict(sector="household", activity="lpg", amount=1000, unit="t")])
    r = CliRunner().invoke(main, ["calc", str(p), "--set", "inventory_year=2023", "--crf", str(tmp_path / "c.csv")])
    assert r.exit_code == 0, r.output
    assert (tmp_path / "c.csv").read_text().startswith("crf_sector,crf_subsector,gpc_refs,direct_co2_t")
    r = CliRunner().invoke(main, ["calc", str(p), "--set", "inventory_year=2023", "--crf", str(tmp_path / "c.txt"),
                                  "-o", str(tmp_path / "o.json"), "--format", "json"])
    assert r.exit_code == 2 and "csv or .xlsx" in r.output
    assert not (tmp_path / "o.json").exists()             # refused before anything was written
