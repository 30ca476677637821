"""Every problem once, all in one run (issue 10): a cell that is an Excel error or a formula without a
saved value gives that finding only (not also 'no unit' or 'empty activity'); every bad setting is
listed, and the row rules still run when a setting is wrong."""

import openpyxl
import pytest
from click.testing import CliRunner

from ghgkit.cli import main
from ghgkit.io.template import write_template
from ghgkit.validation import validate_file


def _errors(r):
    return [ln.strip() for ln in r.stderr.splitlines() if ln.strip().startswith("error ")]


def _wb(tmp_path, edit):
    p = tmp_path / "city.xlsx"
    write_template(p, example=True)
    wb = openpyxl.load_workbook(p)
    edit(wb)
    wb.save(p)
    return p


@pytest.mark.parametrize("cell,value,code", [("E3", '="MWh"', "CELL-003"), ("E3", "#DIV/0!", "CELL-002"),
                                             ("C3", '="lpg"', "CELL-003"), ("B3", "#REF!", "CELL-002")])
def test_a_broken_cell_is_one_finding(tmp_path, cell, value, code):
    p = _wb(tmp_path, lambda wb: wb["Energy"].__setitem__(cell, value))
    r = CliRunner().invoke(main, ["calc", str(p)])
    assert r.exit_code == 2
    assert _errors(r) and all(f"Energy!{cell}" in ln and code in ln for ln in _errors(r)), r.stderr
    assert len(_errors(r)) == 1, r.stderr
    rep = validate_file(p)
    assert [(f.code, f.place) for f in rep.findings if f.severity == "error" and f.code != "CALC-002"] == [(code, f"Energy!{cell}")]


def _settings_row(wb, key):
    return next(r for r in wb["Settings"].iter_rows(min_row=2) if r[0].value == key)


def test_every_setting_error_and_the_row_rules_in_one_run(tmp_path):
    def edit(wb):
        ws = wb["Settings"]
        n = ws.max_row
        ws.cell(n + 1, 1, "populaton").value = "populaton"
        ws.cell(n + 1, 2, 5)
        ws.cell(n + 2, 1, "gird_ef")
        ws.cell(n + 2, 2, 0.5)
        _settings_row(wb, "climate_zone")[1].value = "tropical_wett"
        wb["Energy"]["F4"] = 2031                   # after the inventory year
    p = _wb(tmp_path, edit)
    r = CliRunner().invoke(main, ["calc", str(p)])
    assert r.exit_code == 2
    errs = _errors(r)
    assert any("populaton" in ln and "did you mean 'population'" in ln for ln in errs), r.stderr
    assert any("gird_ef" in ln and "grid_ef" in ln for ln in errs), r.stderr
    assert any("climate zone" in ln and "tropical_wet" in ln for ln in errs), r.stderr
    assert any("CONS-003" in ln and "Energy!F4" in ln for ln in errs), r.stderr
    assert len(errs) == 4, r.stderr
    rep = validate_file(p)
    assert sorted(f.code for f in rep.findings if f.severity == "error" and f.code != "CALC-002") == ["CONS-003"] + ["STRUCT-009"] * 3


def test_settings_file_keys_all_listed(tmp_path):
    a = tmp_path / "a.csv"
    a.write_text("sector,activity,amount,unit,year\nhousehold,electricity,10,MWh,2030\n")
    s = tmp_path / "s.toml"
    s.write_text('inventory_year = 2023\ngrid_ef = 0.5\ncitty = "X"\npopulaton = 5\n')
    r = CliRunner().invoke(main, ["calc", str(a), "--settings", str(s)])
    assert r.exit_code == 2
    errs = _errors(r)
    assert any("citty" in ln and "'city'" in ln for ln in errs), r.stderr
    assert any("populaton" in ln for ln in errs) and any("CONS-003" in ln and "line 2" in ln for ln in errs)
    assert len(errs) == 3, r.stderr


@pytest.mark.parametrize("key", ["grid_ef", "Grid EF"])
def test_setting_given_twice_in_the_workbook(tmp_path, key):
    """A second grid_ef row silently replaced the first (0.9 instead of 0.5 t/MWh, exit 0)."""
    def edit(wb):
        ws = wb["Settings"]
        n = ws.max_row + 1
        ws.cell(n, 1, key)
        ws.cell(n, 2, 0.9)
    p = _wb(tmp_path, edit)
    first = _settings_row(openpyxl.load_workbook(p), "grid_ef")[1].coordinate
    last = openpyxl.load_workbook(p)["Settings"].max_row
    r = CliRunner().invoke(main, ["calc", str(p)])
    assert r.exit_code == 2
    errs = _errors(r)
    assert len(errs) == 1 and f"Settings!B{last}" in errs[0] and f"first in Settings!{first}" in errs[0], r.stderr
    assert [(f.code, f.place) for f in validate_file(p).findings if f.severity == "error" and f.code != "CALC-002"] \
        == [("STRUCT-009", f"Settings!B{last}")]


def test_hidden_column_with_data_is_warned(tmp_path):
    """A hidden scope column changes results unseen: warned as a hidden row is (STRUCT-007)."""
    def edit(wb):
        wb["Energy"].column_dimensions["H"].hidden = True
        wb["Energy"]["H3"] = 1
    p = _wb(tmp_path, edit)
    r = CliRunner().invoke(main, ["calc", str(p), "--format", "json"])
    assert r.exit_code == 0, r.stderr
    assert any("STRUCT-007" in ln and "Energy!H1" in ln and "scope" in ln for ln in r.stderr.splitlines()), r.stderr
    assert ("STRUCT-007", "Energy!H1") in [(f.code, f.place) for f in validate_file(p).findings]


def test_hidden_column_outside_the_table_is_not_warned(tmp_path):
    def edit(wb):
        wb["Energy"].column_dimensions["P"].hidden = True        # not a template column: not read
        wb["Energy"]["P3"] = "working note"
        wb["Energy"].column_dimensions["I"].hidden = True        # factor_id: empty in the example
    p = _wb(tmp_path, edit)
    r = CliRunner().invoke(main, ["calc", str(p), "--format", "json"])
    assert r.exit_code == 0 and "STRUCT-007" not in r.stderr


def test_a_template_column_given_twice_in_a_workbook(tmp_path):
    """A second 'amount' column was silently ignored: which one holds the data is not known."""
    def edit(wb):
        wb["Energy"]["O1"], wb["Energy"]["O3"] = "Amount", 99999
    p = _wb(tmp_path, edit)
    r = CliRunner().invoke(main, ["calc", str(p)])
    assert r.exit_code == 2
    errs = _errors(r)
    assert len(errs) == 1 and "STRUCT-013" in errs[0] and "Energy!O1" in errs[0] and "D1" in errs[0], r.stderr
    assert [(f.code, f.place) for f in validate_file(p).findings if f.severity == "error" and f.code != "CALC-002"] \
        == [("STRUCT-013", "Energy!O1")]


def test_a_template_column_given_twice_in_a_csv(tmp_path):
    a = tmp_path / "a.csv"
    a.write_text("sector,activity,amount,unit,amount\nhousehold,electricity,10,MWh,20\n")
    r = CliRunner().invoke(main, ["calc", str(a), "--set", "inventory_year=2023", "--set", "grid_ef=0.5"])
    assert r.exit_code == 2
    errs = _errors(r)
    assert len(errs) == 1 and "STRUCT-013" in errs[0] and "line 1" in errs[0] and "'amount'" in errs[0], r.stderr
    assert "amount.1" not in r.stderr


def _factor_row(wb, **values):
    ws = wb["Factors"]
    header = [c.value for c in ws[1]]
    n = max(r for r in range(1, ws.max_row + 1) if any(c.value is not None for c in ws[r])) + 3   # a gap
    for k, v in values.items():
        ws.cell(n, header.index(k) + 1, v)
    return n, {k: openpyxl.utils.get_column_letter(header.index(k) + 1) for k in header}


def test_factors_sheet_rows_named_by_cell_with_every_problem(tmp_path):
    """A bad Factors row was 'workbook Factors sheet: line 3' (a count of filled rows, not the Excel row)
    with the hint to run `factors check FILE` (not for a workbook); now each is a finding at its cell."""
    at = {}

    def edit(wb):
        at["ton"], cols = _factor_row(wb, factor_id="my_lpg_co2", activity="lpg", gas="CO2", value=3.0,
                                      unit="t/ton", sector="household", source="own")
        at["cols"] = cols
        at["text"], _ = _factor_row(wb, factor_id="my_kero_co2", activity="kerosene", gas="CO2", value="2.5 kg/L",
                                    unit="", sector="household", source="own")
    p = _wb(tmp_path, edit)
    cols = at["cols"]
    r = CliRunner().invoke(main, ["calc", str(p)])
    assert r.exit_code == 2
    errs = _errors(r)
    assert any(f"Factors!{cols['unit']}{at['ton']}" in ln and "'t/t'" in ln for ln in errs), r.stderr
    assert any(f"Factors!{cols['value']}{at['text']}" in ln and "write the number alone (2.5)" in ln
               for ln in errs), r.stderr
    assert len(errs) == 2 and "factors check" not in r.stderr, r.stderr
    assert sorted(f.place for f in validate_file(p).findings if f.severity == "error" and f.code != "CALC-002") == \
        sorted([f"Factors!{cols['unit']}{at['ton']}", f"Factors!{cols['value']}{at['text']}"])


def test_copied_sheet_with_other_amounts_is_an_error(tmp_path):
    """A copy of Energy with last year's amounts was summed with only row warnings (CELL-005)."""
    def edit(wb):
        ws = wb.copy_worksheet(wb["Energy"])
        ws.title = "Energy 2022"
        for row in ws.iter_rows(min_row=2, min_col=4, max_col=4):
            if isinstance(row[0].value, (int, float)):
                row[0].value = row[0].value * 0.97
    p = _wb(tmp_path, edit)
    r = CliRunner().invoke(main, ["calc", str(p)])
    assert r.exit_code == 2
    errs = _errors(r)
    assert len(errs) == 1 and "STRUCT-012" in errs[0] and "Energy 2022" in errs[0] and "'Energy'" in errs[0], \
        r.stderr
    assert [(f.code, f.place) for f in validate_file(p).findings if f.severity == "error" and f.code != "CALC-002"] \
        == [("STRUCT-012", "Energy 2022")]


@pytest.mark.parametrize("first", [True, False])
@pytest.mark.parametrize("scale", [1.0, 1.25])
def test_summary_sheet_of_the_citys_own_is_an_error(tmp_path, first, scale):
    """A city's own summary sheet (row 1: sector, activity, amount, unit; no subsector, method or
    scope columns) repeating some of Energy's rows was summed with exit 0 (BASIC 6.04 Mt for
    3.95 Mt): its missing columns read as NaN, Energy's empty cells as None, so no row matched;
    and a short sheet before Energy was only compared by Energy's share of repeated rows."""
    rows = [("household", "electricity", 1150000, "MWh"), ("building", "electricity", 900000, "MWh"),
            ("industry", "electricity", 1400000, "MWh"), ("industry", "coal", 85000, "t")]

    def edit(wb):
        ws = wb.create_sheet("Summary", 2 if first else None)
        ws.append(["sector", "activity", "amount", "unit"])
        for sector, act, amount, unit in rows:
            ws.append([sector, act, amount * scale, unit])
    p = _wb(tmp_path, edit)
    r = CliRunner().invoke(main, ["calc", str(p)])
    assert r.exit_code == 2, r.stdout
    errs = _errors(r)
    assert len(errs) == 1 and "STRUCT-012" in errs[0] and "sheet 'Summary' repeats" in errs[0] \
        and "4 of its 4 rows" in errs[0] and "'Energy'" in errs[0], r.stderr
    assert [(f.code, f.place) for f in validate_file(p).findings if f.severity == "error" and f.code != "CALC-002"] \
        == [("STRUCT-012", "Summary")]


def test_one_row_copied_sheet_is_an_error(tmp_path):
    """A copied sheet left with one row (household electricity, 1,150,000 MWh) was summed twice
    with only a CELL-005 warning; a one-row sheet repeating a notation-key row sums nothing."""
    def edit(wb, first, last):
        ws = wb.copy_worksheet(wb["Energy"])
        ws.title = "Energy (2)"
        ws.delete_rows(last + 1, 100)
        if first > 2:
            ws.delete_rows(2, first - 2)
    p = _wb(tmp_path, lambda wb: edit(wb, 2, 2))
    r = CliRunner().invoke(main, ["calc", str(p)])
    assert r.exit_code == 2
    errs = _errors(r)
    assert len(errs) == 1 and "STRUCT-012" in errs[0] and "sheet 'Energy (2)' repeats its only row" in errs[0], \
        r.stderr
    nk = _wb(tmp_path, lambda wb: edit(wb, 7, 7))            # household natural_gas, no amount
    r = CliRunner().invoke(main, ["calc", str(nk), "--format", "json"])
    assert r.exit_code == 0 and "STRUCT-012" not in r.stderr, r.stderr


def test_sheets_of_other_activities_are_summed(tmp_path):
    """Two sheets with different activities (a city's own split) stay fine."""
    def edit(wb):
        ws = wb.create_sheet("Energy industry")
        ws.append([c.value for c in wb["Energy"][1]])
        ws.append(["industry", None, "lpg", 1000, "t", None, None, None])
        ws.append(["industry", None, "kerosene", 2000, "L", None, None, None])
    r = CliRunner().invoke(main, ["calc", str(_wb(tmp_path, edit)), "--format", "json"])
    assert r.exit_code == 0, r.stderr


def test_tab_separated_file_is_read(tmp_path):
    """Excel's 'Text (Tab delimited)' and a paste from Excel: every column was reported missing."""
    a = tmp_path / "a.csv"
    a.write_text("sector\tactivity\tamount\tunit\nhousehold\telectricity\t1,200.5\tMWh\n")
    r = CliRunner().invoke(main, ["calc", str(a), "--format", "json", "--set", "inventory_year=2023",
                                  "--set", "grid_ef=0.5", "--set", "grid_ef_source=x"])
    assert r.exit_code == 0, r.stderr
    import json
    assert json.loads(r.stdout)["totals"]["co2_t"] == 1200.5 * 0.5


def test_utf16_csv_says_so(tmp_path):
    a = tmp_path / "a.csv"
    a.write_bytes("sector,activity,amount,unit\nhousehold,electricity,10,MWh\n".encode("utf-16"))
    r = CliRunner().invoke(main, ["calc", str(a), "--set", "inventory_year=2023"])
    assert r.exit_code == 2 and "UTF-16" in r.stderr and "CSV UTF-8" in r.stderr, r.stderr


def test_copied_sheet_with_its_years_as_text_is_an_error(tmp_path):
    """A review's case: Energy's years as numbers, the copy's as text ('2023'): no row matched
    (2023.0 against 2023), so the copy was summed (BASIC 6.32 Mt for 3.77 Mt) with CELL-005 only."""
    def edit(wb):
        for c in wb["Energy"]["F"][1:16]:
            c.value = 2023
        ws = wb.copy_worksheet(wb["Energy"])
        ws.title = "Summary"
        for c in ws["F"][1:]:
            if c.value is not None:
                c.value = str(c.value)
    p = _wb(tmp_path, edit)
    r = CliRunner().invoke(main, ["calc", str(p)])
    assert r.exit_code == 2
    errs = _errors(r)
    assert len(errs) == 1 and "STRUCT-012" in errs[0] and "sheet 'Summary' repeats" in errs[0] \
        and "other amounts" not in errs[0], r.stderr


@pytest.mark.parametrize("amount", ["1,150,000", "1.15e6", "1150000"])
def test_one_row_copy_with_its_amount_as_text_is_an_error(tmp_path, amount):
    """A review: a one-row copy whose amount is the text '1,150,000' (or '1.15e6') was compared as
    text, matched no row and was summed twice (BASIC 4.46 Mt for 3.77 Mt), exit 0."""
    def edit(wb):
        ws = wb.copy_worksheet(wb["Energy"])
        ws.title = "Copy"
        ws.delete_rows(3, 100)
        ws["D2"].value = amount
    r = CliRunner().invoke(main, ["calc", str(_wb(tmp_path, edit))])
    assert r.exit_code == 2
    errs = _errors(r)
    assert len(errs) == 1 and "STRUCT-012" in errs[0] and "sheet 'Copy' repeats its only row" in errs[0], r.stderr


def test_a_second_supplier_on_a_sheet_of_its_own_is_not_a_copy(tmp_path):
    """A review: a one-row sheet 'District B' with household charcoal 4,000 t, the same amount as
    Energy's but another source and notes 'second supplier', was refused as a copy (STRUCT-012);
    CELL-005's hint says to keep such a row and say so in notes. It is a warning again."""
    def edit(wb):
        ws = wb.create_sheet("District B")
        ws.append([c.value for c in wb["Energy"][1]])
        row = [c.value for c in wb["Energy"][5]]                # household charcoal 4000 t
        assert row[2] == "charcoal" and row[3] == 4000
        head = [c.value for c in wb["Energy"][1]]
        row[head.index("source")], row[head.index("notes")] = "district B survey", "second supplier"
        ws.append(row)
    r = CliRunner().invoke(main, ["calc", str(_wb(tmp_path, edit)), "--format", "json"])
    assert r.exit_code == 0 and "STRUCT-012" not in r.stderr and "CELL-005" in r.stderr, r.stderr
