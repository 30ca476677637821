"""Notation keys typed as amounts get a hint; a gas not estimated is never shown as 0 (issue 10)."""

import json

import openpyxl
import pytest
from click.testing import CliRunner

from ghgkit.cli import main
from ghgkit.io.template import write_template
from ghgkit.schema import number_cell_hint


@pytest.mark.parametrize("text,want", [
    ("NE", "put notation keys in column notation_key"), ("n.e.", "put notation keys in column notation_key"),
    ("NO", "not occurring"), ("IE", "included elsewhere"), ("C", "confidential"),
    ("250 W", "write the number alone (250) and put the unit 'W' in column unit"),
    ("1.5t", "write the number alone (1.5) and put the unit 't' in column unit"),
    ("abc", "write a plain number"),
])
def test_amount_text_hint(text, want, tmp_path):
    f = tmp_path / "a.csv"
    f.write_text(f'sector,activity,amount,unit\nhousehold,lpg,1,GJ\nhousehold,diesel,"{text}",GJ\n')
    before = f.read_bytes()
    r = CliRunner().invoke(main, ["calc", str(f), "--set", "inventory_year=2023"])
    assert r.exit_code == 2
    assert "line 3" in r.output and want in r.output and "Traceback" not in r.output
    assert f.read_bytes() == before


def test_ne_in_the_amount_cell_of_the_workbook_names_the_cell(tmp_path):
    path = write_template(tmp_path / "city.xlsx", example=True)
    wb = openpyxl.load_workbook(path)
    ws = wb["Energy"]
    r = ws.max_row + 1
    for c, v in enumerate(("household", None, "coal", "NE"), start=1):
        ws.cell(r, c, v)
    wb.save(path)
    res = CliRunner().invoke(main, ["calc", str(path)])
    assert res.exit_code == 2
    assert f"Energy!D{r}" in res.output and "put notation keys in column notation_key" in res.output
    assert "Traceback" not in res.output


def test_hint_without_a_notation_key_column():
    assert "notation" not in number_cell_hint("NE", "the unit column (C)", None)


# -- NE is never 0 ----------------------------------------------------------------------
ROWS = ("sector,subsector,activity,amount,unit,method\n"
        "wastewater,domestic,population,100000,persons,septic_tank\n"
        "household,,diesel,1,TJ,\n")


def _calc(tmp_path, *extra, fmt="json"):
    f = tmp_path / "a.csv"
    f.write_text(ROWS)
    args = ["calc", str(f), "--set", "inventory_year=2023", "--set", "bod_region=asia_middle_east_latin_america",
            "--set", "population=500000", *extra]
    return CliRunner().invoke(main, args + (["--format", fmt] if fmt else []))


def test_effluent_n2o_not_estimated_is_null_not_zero(tmp_path):
    r = _calc(tmp_path)
    assert r.exit_code == 0
    out = json.loads(r.stdout)
    ww = next(x for x in out["rows"] if x["sector"] == "wastewater")
    assert ww["n2o_t"] is None and out["by_sector"]["wastewater"]["n2o_t"] is None
    # CH4, by hand (IPCC 2006 Vol. 5 Eq. 6.1-6.3): 100000 persons x 40 g BOD/day (Table 6.4) x 365
    # x 1e-6 = 1460 t BOD; x I 1.0 (uncollected) x Bo 0.6 x MCF 0.5 (septic) = 438 t CH4; x 28 (AR5)
    assert ww["ch4_t"] == pytest.approx(438.0)
    assert ww["co2e_t"] == pytest.approx(438.0 * 28)
    # the household diesel N2O is the only N2O: 1 TJ x 0.6 kg/TJ = 0.0006 t
    assert out["totals"]["n2o_t"] == pytest.approx(0.0006)
    assert any("not estimated (NE)" in w for w in out["warnings"])
    import csv
    import io
    rows = list(csv.DictReader(io.StringIO(_calc(tmp_path, fmt="csv").stdout)))
    assert next(x for x in rows if x["sector"] == "wastewater")["n2o_t"] == ""


def test_effluent_n2o_shows_ne_in_the_html_and_excel_reports(tmp_path):
    html, xlsx = tmp_path / "r.html", tmp_path / "r.xlsx"
    r = _calc(tmp_path, "--html", str(html), "--excel", str(xlsx), fmt=None)
    assert r.exit_code == 0
    text = html.read_text()
    assert '<td class="n">NE</td>' in text
    wb = openpyxl.load_workbook(xlsx)
    for sheet in ("Summary", "GPC table", "Calculation"):
        ws = wb[sheet]
        head = None
        for row in ws.iter_rows(values_only=True):
            if row and "N2O (t)" in row:
                head = row.index("N2O (t)")
                continue
            if head is not None and row and any(str(v).startswith(("Wastewater", "III.4.1", "wastewater"))
                                                for v in row if v):
                assert row[head] == "NE", (sheet, row)
                break
        else:
            pytest.fail(f"no wastewater line with an N2O column on {sheet}")


def test_with_protein_the_n2o_is_a_number(tmp_path):
    r = _calc(tmp_path, "--set", "protein_kg_per_person_yr=25")
    ww = next(x for x in json.loads(r.stdout)["rows"] if x["sector"] == "wastewater")
    # Eq. 6.8: N = 100000 x 25 x FNPR 0.16 x F_NON-CON 1.1 x F_IND-COM 1.25 = 550000 kg N;
    # Eq. 6.7: N2O = 550000 x EF 0.005 x 44/28 = 4321.43 kg = 4.32143 t
    assert ww["n2o_t"] == pytest.approx(550000 * 0.005 * 44 / 28 / 1000, rel=1e-9)
