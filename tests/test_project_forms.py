"""Project files (issue 10): a key given twice in YAML is an error with its line; the Excel
project form gets Excel-cell places and Excel-worded hints; '250 W' in a number cell gets a hint."""

from pathlib import Path

import openpyxl
import pytest
import yaml
from click.testing import CliRunner

from ghgkit.cli import main
from ghgkit.errors import InputError
from ghgkit.io.yamlfile import load_yaml
from ghgkit.projects.io import write_project_template

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "projects"
YAML_WORDS = ("under ex_ante", "under settings", "under monitoring", "{value:")


def _run(*args):
    r = CliRunner().invoke(main, list(map(str, args)))
    assert "Traceback" not in r.output
    return r


# -- duplicate keys -------------------------------------------------------------------
def test_duplicate_key_in_a_project_file_names_both_lines(tmp_path):
    text = (EXAMPLES / "street_lighting_yokohama_danang.yaml").read_text()
    lines = text.splitlines()
    i = next(n for n, l in enumerate(lines) if l.strip().startswith("operating_hours:"))
    lines.insert(i + 1, "  operating_hours: {value: 2000, unit: h/yr, source: second}")
    f = tmp_path / "p.yaml"
    f.write_text("\n".join(lines) + "\n")
    before = f.read_bytes()
    r = _run("project", "estimate", f)
    assert r.exit_code == 2
    assert f"line {i + 2}" in r.output and f"first on line {i + 1}" in r.output
    assert "'operating_hours' is given twice" in r.output
    assert f.read_bytes() == before


def test_duplicate_top_level_key_and_nested_key():
    with pytest.raises(InputError) as e:
        load_yaml("title: a\nhost_city: b\ntitle: c\n", "p.yaml")
    assert e.value.location.line == 3 and "first on line 1" in e.value.message
    with pytest.raises(InputError) as e:
        load_yaml("x:\n  - {a: 1, b: 2, a: 3}\n", "p.yaml")
    assert e.value.location.line == 2


def test_unique_keys_load_as_safe_load():
    text = (EXAMPLES / "composting_kitakyushu_surabaya.yaml").read_text()
    assert load_yaml(text) == yaml.safe_load(text)
    assert load_yaml("a: &x {b: 1}\nc:\n  <<: *x\n  b: 2\n") == {"a": {"b": 1}, "c": {"b": 2}}   # merge may override


def test_duplicate_key_in_a_settings_file(tmp_path):
    act = tmp_path / "a.csv"
    act.write_text("sector,activity,amount,unit\nhousehold,diesel,1,GJ\n")
    for name, text, line in (("s.yaml", "inventory_year: 2023\ngrid_ef: 0.5\ngrid_ef: 0.7\n", "line 3"),
                             ("s.csv", "key,value\ninventory_year,2023\ngrid_ef,0.5\ngrid_ef,0.7\n", "line 4")):
        s = tmp_path / name
        s.write_text(text)
        r = _run("calc", act, "--settings", s)
        assert r.exit_code == 2 and line in r.output and "'grid_ef' is given twice" in r.output


# -- the Excel project form -----------------------------------------------------------
def _form(tmp_path, example: str, methodology: str, drop=(), change=None) -> Path:
    """The Excel template of *methodology* filled with an example project's values."""
    data = yaml.safe_load((EXAMPLES / example).read_text())
    path = write_project_template(methodology, tmp_path / f"{methodology}.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb["Project"]
    for row in ws.iter_rows(min_row=2):
        k = row[0].value
        v = data.get(k, data.get("settings", {}).get(k))
        if k not in drop and v is not None and k != "methodology":
            row[1].value = v
    ws = wb["Parameters"]
    for row in ws.iter_rows(min_row=2):
        p = data["ex_ante"].get(row[0].value)
        if p and row[0].value not in drop:       # a per-year value: one number in the form (its last)
            v = list(p["value"].values())[-1] if isinstance(p["value"], dict) else p["value"]
            row[1].value, row[2].value, row[3].value = v, p["unit"], p["source"]
    if change:
        change(wb)
    wb.save(path)
    return path


def _row_of(path, sheet, key) -> int:
    ws = openpyxl.load_workbook(path)[sheet]
    return next(r[0].row for r in ws.iter_rows(min_row=2) if r[0].value == key)


def test_filled_form_computes_as_the_yaml(tmp_path):
    path = _form(tmp_path, "street_lighting_yokohama_danang.yaml", "street_lighting")
    a = _run("project", "estimate", path, "--format", "json")
    b = _run("project", "estimate", EXAMPLES / "street_lighting_yokohama_danang.yaml", "--format", "json")
    assert a.exit_code == 0 and b.exit_code == 0
    import json
    ya, yb = json.loads(a.stdout)["years"], json.loads(b.stdout)["years"]
    assert [r["reduction_t"] for r in ya] == pytest.approx([r["reduction_t"] for r in yb])


def test_number_with_its_unit_in_a_parameter_cell(tmp_path):
    def put(wb):
        ws = wb["Parameters"]
        row = next(r for r in ws.iter_rows(min_row=2) if r[0].value == "baseline_lamp_power")
        row[1].value, row[2].value = "250 W", None
    path = _form(tmp_path, "street_lighting_yokohama_danang.yaml", "street_lighting", change=put)
    r = _row_of(path, "Parameters", "baseline_lamp_power")
    res = _run("project", "estimate", path)
    assert res.exit_code == 2
    assert f"Parameters!B{r}" in res.output
    assert f"write the number alone (250) and put the unit 'W' in the unit column (Parameters!C{r})" in res.output


def test_number_with_its_unit_in_a_monitoring_cell(tmp_path):
    def put(wb):
        ws = wb["Monitoring"]
        for c, v in enumerate((2025, "lamps", "4960 lamps", None, "inventory"), start=1):
            ws.cell(2, c, v)
    path = _form(tmp_path, "street_lighting_yokohama_danang.yaml", "street_lighting", change=put)
    res = _run("project", "monitor", path)
    assert res.exit_code == 2
    assert "Monitoring!C2" in res.output and "the unit column (Monitoring!D2)" in res.output


def test_missing_setting_points_to_its_cell_in_excel_words(tmp_path):
    path = _form(tmp_path, "bus_fleet_kawasaki_phnompenh.yaml", "bus_fleet", drop=("baseline_fuel",))
    res = _run("project", "estimate", path)
    assert res.exit_code == 2
    # the fuel amounts are read first: the place is the first of them, the hint the setting's row
    r = _row_of(path, "Parameters", "baseline_fuel_consumption")
    assert f"Parameters!B{r}" in res.output
    assert "on the Project sheet, write kerosene in the value column of the row baseline_fuel" in res.output
    assert not any(w in res.output for w in YAML_WORDS)


def test_parameter_whose_default_needs_a_missing_setting(tmp_path):
    path = _form(tmp_path, "composting_kitakyushu_surabaya.yaml", "composting", drop=("swds_type",))
    r = _row_of(path, "Parameters", "mcf")
    res = _run("project", "estimate", path)
    assert res.exit_code == 2
    # mcf's default depends on swds_type: the missing parameter's row is named, in Excel words
    assert f"Parameters!B{r}" in res.output and "depends on a setting that is missing" in res.output
    assert f"on the Parameters sheet, fill the row mcf (Parameters!B{r})" in res.output
    assert not any(w in res.output for w in YAML_WORDS)


def test_missing_parameter_points_to_its_row_in_excel_words(tmp_path):
    path = _form(tmp_path, "street_lighting_yokohama_danang.yaml", "street_lighting", drop=("lamps",))
    r = _row_of(path, "Parameters", "lamps")
    res = _run("project", "estimate", path)
    assert res.exit_code == 2
    assert f"Parameters!B{r}" in res.output and "on the Parameters sheet, fill the row lamps" in res.output
    assert not any(w in res.output for w in YAML_WORDS)


def test_missing_monitoring_in_excel_words(tmp_path):
    path = _form(tmp_path, "street_lighting_yokohama_danang.yaml", "street_lighting")
    res = _run("project", "monitor", path)
    assert res.exit_code == 2
    assert "Monitoring" in res.output and "fill rows of the Monitoring sheet" in res.output
    assert not any(w in res.output for w in YAML_WORDS)


def test_missing_title_names_its_cell(tmp_path):
    path = _form(tmp_path, "street_lighting_yokohama_danang.yaml", "street_lighting", drop=("title",))
    res = _run("project", "estimate", path)
    assert res.exit_code == 2 and "Project!B2" in res.output and "fill the cell Project!B2" in res.output


def test_yaml_files_keep_yaml_words(tmp_path):
    text = (EXAMPLES / "bus_fleet_kawasaki_phnompenh.yaml").read_text()
    f = tmp_path / "b.yaml"
    f.write_text("\n".join(l for l in text.splitlines() if l.strip() != "baseline_fuel: diesel") + "\n")
    res = _run("project", "estimate", f)
    assert res.exit_code == 2 and "add under settings: baseline_fuel: " in res.output


def test_yaml_number_with_unit_hint(tmp_path):
    text = (EXAMPLES / "street_lighting_yokohama_danang.yaml").read_text()
    f = tmp_path / "s.yaml"
    f.write_text(text.replace("baseline_lamp_power: {value: 275, unit: W",
                              "baseline_lamp_power: {value: 275 W, unit: ''"))
    res = _run("project", "estimate", f)
    assert res.exit_code == 2
    assert "write the number alone (275) and put the unit 'W' in the unit field" in res.output


@pytest.mark.parametrize("file,place,words", [
    ("p.xlsx", "p.xlsx:Project!B12", "on the Project sheet, write diesel in the value column of the row "
                                     "baseline_fuel (Project!B12)"),
    ("p.yaml", "p.yaml", "add under settings: baseline_fuel: diesel")])
def test_a_methodology_setting_check_speaks_the_form(file, place, words):
    import numpy as np

    from ghgkit.errors import Location
    from ghgkit.projects.base import Context
    from ghgkit.projects.bus_fleet import BusFleet
    from ghgkit.projects.model import Form

    cells = {"settings.baseline_fuel": Location(file=file, sheet="Project", cell="B12")} if file.endswith("x") else {}
    ctx = Context(np.array([2025]), {}, "AR5", {}, Location(file=file), Form(file, cells))
    with pytest.raises(InputError) as e:
        BusFleet.check({}, ctx)
    assert str(e.value.location) == place and e.value.hint == words
