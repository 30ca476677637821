"""The Excel project form is read by the same streaming reader as activity workbooks (issue 10):
a formula without a saved value or an Excel error in any cell that is read is an error naming the
cell (never a blank that lets a default in); a key or parameter given twice is an error; a stray
cell at XFD1048576 costs nothing."""

import json
import subprocess
import sys
import time
from pathlib import Path

import openpyxl
import pytest
import yaml
from click.testing import CliRunner

from ghgkit.cli import main
from ghgkit.errors import InputError
from ghgkit.projects.io import load_project, write_project_template

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "projects"


def _form(tmp_path, change=None, example="street_lighting_yokohama_danang.yaml", methodology="street_lighting"):
    data = yaml.safe_load((EXAMPLES / example).read_text())
    path = write_project_template(methodology, tmp_path / f"{methodology}.xlsx")
    wb = openpyxl.load_workbook(path)
    for row in wb["Project"].iter_rows(min_row=2):
        v = data.get(row[0].value, data.get("settings", {}).get(row[0].value))
        if v is not None and row[0].value != "methodology":
            row[1].value = v
    for row in wb["Parameters"].iter_rows(min_row=2):
        p = data["ex_ante"].get(row[0].value)
        if p:
            row[1].value, row[2].value, row[3].value = p["value"], p["unit"], p["source"]
    if change:
        change(wb)
    wb.save(path)
    return path


def _row(wb, sheet, key):
    return next(r for r in wb[sheet].iter_rows(min_row=2) if r[0].value == key)


def _estimate(path):
    r = CliRunner().invoke(main, ["project", "estimate", str(path), "--format", "json"])
    assert "Traceback" not in r.output
    return r


def test_form_reads_as_the_yaml(tmp_path):
    p = load_project(_form(tmp_path))
    y = load_project(EXAMPLES / "street_lighting_yokohama_danang.yaml")
    assert p.start_year == y.start_year == 2025 and p.crediting_period == y.crediting_period == 10
    assert {k: v.value for k, v in p.ex_ante.items()} == {k: v.value for k, v in y.ex_ante.items()}
    assert p.locations["ex_ante.lamps"].cell.startswith("B")


@pytest.mark.parametrize("sheet,key,col,value,what", [
    ("Parameters", "td_loss_rate", 1, "=8/100", "formula"),        # has a default: a blank would use it
    ("Parameters", "baseline_lamp_power", 1, "=250+25", "formula"),
    ("Parameters", "baseline_lamp_power", 2, '="W"', "formula"),
    ("Project", "start_year", 1, "=2020+5", "formula"),
    ("Project", "crediting_period", 1, "#N/A", "#N/A"),
])
def test_formula_without_value_or_error_names_the_cell(tmp_path, sheet, key, col, value, what):
    cell = {}

    def put(wb):
        row = _row(wb, sheet, key)
        row[col].value = value
        if key == "td_loss_rate":
            row[2].value, row[3].value = "", "grid operator 2024"
        cell["ref"] = row[col].coordinate
    path = _form(tmp_path, put)
    r = _estimate(path)
    assert r.exit_code == 2, r.output
    assert f"{sheet}!{cell['ref']}" in r.output and what in r.output, r.output


def test_monitoring_formula_names_its_cell(tmp_path):
    def put(wb):
        wb["Monitoring"]["A2"], wb["Monitoring"]["B2"], wb["Monitoring"]["C2"] = 2025, "lamps", "=4900+60"
        wb["Monitoring"]["D2"], wb["Monitoring"]["E2"] = "lamps", "inventory"
    r = CliRunner().invoke(main, ["project", "monitor", str(_form(tmp_path, put))])
    assert r.exit_code == 2 and "Monitoring!C2" in r.output and "formula" in r.output, r.output


def test_key_given_twice_on_the_project_sheet(tmp_path):
    def put(wb):
        ws = wb["Project"]
        n = ws.max_row + 1
        ws.cell(n, 1, "start_year")
        ws.cell(n, 2, 2030)
    path = _form(tmp_path, put)
    first = _row(openpyxl.load_workbook(path), "Project", "start_year")[0].row
    r = _estimate(path)
    assert r.exit_code == 2, r.output
    assert "'start_year' is given twice" in r.output and f"Project!A{first}" in r.output


def test_parameter_given_twice(tmp_path):
    def put(wb):
        ws = wb["Parameters"]
        n = ws.max_row + 1
        for j, v in enumerate(["lamps", 9999, "lamps", "second count"], start=1):
            ws.cell(n, j, v)
    path = _form(tmp_path, put)
    first = _row(openpyxl.load_workbook(path), "Parameters", "lamps")[0].row
    r = _estimate(path)
    assert r.exit_code == 2, r.output
    assert "'lamps' is given twice" in r.output and f"Parameters!A{first}" in r.output


def test_an_empty_repeated_row_is_harmless(tmp_path):
    def put(wb):
        wb["Project"].cell(wb["Project"].max_row + 1, 1, "start_year")
    r = _estimate(_form(tmp_path, put))
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["years"][0]["year"] == 2025


def test_stray_cell_is_bounded(tmp_path):
    def put(wb):
        wb["Monitoring"].cell(row=1048576, column=16384, value="x")
    path = _form(tmp_path, put)
    code = ("import resource, sys\nfrom ghgkit.projects.io import load_project\n"
            "p = load_project(sys.argv[1])\nprint(p.start_year, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)\n")
    t = time.perf_counter()
    r = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr[-2000:]
    year, peak_kb = map(int, r.stdout.split())
    assert year == 2025
    assert time.perf_counter() - t < 10
    assert peak_kb < 512 * 1024, f"peak {peak_kb / 1024:.0f} MB"


def test_not_a_workbook(tmp_path):
    p = tmp_path / "p.xlsx"
    p.write_text("<html>not a workbook</html>")
    with pytest.raises(InputError) as e:
        load_project(p)
    assert "xlsx" in (e.value.hint or "") and str(p) in str(e.value.location)


# -- a setting no methodology reads ------------------------------------------------------
def test_unknown_setting_in_yaml_is_refused_with_its_line(tmp_path):
    text = (EXAMPLES / "composting_kitakyushu_surabaya.yaml").read_text()
    lines = text.splitlines()
    i = next(n for n, ln in enumerate(lines) if ln.strip().startswith("swds_cover:"))
    lines[i] = lines[i].replace("swds_cover:", "swds_covr:")
    p = tmp_path / "c.yaml"
    p.write_text("\n".join(lines) + "\n")
    with pytest.raises(InputError) as e:
        load_project(p)
    assert "swds_covr" in e.value.message and e.value.location.line == i + 1
    assert "did you mean 'swds_cover'" in e.value.hint


def test_unknown_setting_in_a_form_is_refused_with_its_cell(tmp_path):
    def put(wb):
        ws = wb["Project"]
        ws.cell(ws.max_row + 1, 1, "baseline_fuell")
        ws.cell(ws.max_row, 2, "diesel")
    path = _form(tmp_path, put)
    row = _row(openpyxl.load_workbook(path), "Project", "baseline_fuell")[0].row
    with pytest.raises(InputError) as e:
        load_project(path)
    assert "baseline_fuell" in e.value.message and e.value.location.cell == f"B{row}"
    assert "street_lighting reads no settings: delete that row of the Project sheet" in e.value.hint


def test_example_projects_still_load():
    for p in sorted(EXAMPLES.glob("*.yaml")):
        assert load_project(p).settings is not None


def test_number_with_unit_in_yaml_message_names_the_field(tmp_path):
    text = (EXAMPLES / "street_lighting_yokohama_danang.yaml").read_text()
    p = tmp_path / "p.yaml"
    p.write_text(text.replace("baseline_lamp_power: {value: 275,", "baseline_lamp_power: {value: 275 W,"))
    with pytest.raises(InputError) as e:
        load_project(p)
    assert e.value.message == "ex_ante.baseline_lamp_power.value: '275 W' is not a number", e.value.message
    assert "write the number alone (275) and put the unit 'W' in the unit field" in e.value.hint


@pytest.mark.parametrize("unit,stored,expect", [("%", 0.08, 8.0), ("", 0.08, 0.08)])
def test_a_cell_shown_as_a_percentage_is_the_number_its_unit_says(tmp_path, unit, stored, expect):
    """8 typed in a %-formatted cell is stored as 0.08: with '%' in the unit column it is 8 % (it was
    read as 0.08 %: ER 2,162 t for 2,349 t, exit 0); with no unit, the fraction 0.08."""
    def change(wb):
        row = _row(wb, "Parameters", "td_loss_rate")
        row[1].value, row[2].value, row[3].value = stored, unit, "utility"
        row[1].number_format = "0%"

    p = load_project(_form(tmp_path, change))
    assert p.ex_ante["td_loss_rate"].value == pytest.approx(expect)
    assert p.ex_ante["td_loss_rate"].unit == unit


@pytest.mark.parametrize("unit", ["percents", "1/100", "percent"])
def test_a_cell_shown_as_a_percentage_with_any_unit_of_one_hundredth(tmp_path, unit):
    """'percents' or '1/100' were not in the list of spellings: 45% shown was read as 0.45 %."""
    def change(wb):
        row = _row(wb, "Parameters", "td_loss_rate")
        row[1].value, row[2].value, row[3].value = 0.08, unit, "utility"
        row[1].number_format = "0%"

    assert load_project(_form(tmp_path, change)).ex_ante["td_loss_rate"].value == pytest.approx(8.0)
