"""Each bad input: one clear message with file, sheet and cell (or line), exit 2, input unchanged."""

import hashlib

import openpyxl
import pytest
from click.testing import CliRunner

from ghgkit.cli import main
from ghgkit.io.output import atomic_path
from ghgkit.io.template import write_template


@pytest.fixture
def workbook(tmp_path):
    p = tmp_path / "city.xlsx"
    write_template(p, example=True)
    return p


def edit(path, sheet, cell, value):
    wb = openpyxl.load_workbook(path)
    wb[sheet][cell] = value
    wb.save(path)


def calc(path, *args):
    before = hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else None
    r = CliRunner().invoke(main, ["calc", str(path), *args])
    if before:
        assert hashlib.sha256(path.read_bytes()).hexdigest() == before, "input file was modified"
    assert "Traceback" not in r.output
    return r


@pytest.mark.parametrize("cell,value,expect", [
    ("E2", "kg", "Energy!E2: 'kg' is a mass, but electricity needs an energy unit"),   # kg of electricity
    ("E3", "tonz", "Energy!E3: unknown unit 'tonz'"),
    ("C3", "dieselx", "Energy!C3: unknown fuel or activity 'dieselx'"),
    ("D3", "twelve", "Energy!D3: amount 'twelve' is not a number"),
    ("D3", -5, "Energy!D3: amount -5 is negative"),
    ("E3", None, "Energy!E3: an amount without a unit"),
    ("E3", "kwh", "did you mean 'kWh'"),
])
def test_bad_cells(workbook, cell, value, expect):
    edit(workbook, "Energy", cell, value)
    r = calc(workbook)
    assert r.exit_code == 2
    assert expect in r.output
    assert len(r.output.strip().splitlines()) == 3      # the count, the finding, the pointer to validate


def test_unknown_fuel_did_you_mean(workbook):
    edit(workbook, "Energy", "C3", "disel")
    r = calc(workbook)
    assert r.exit_code == 2 and "did you mean 'diesel'" in r.output


def test_missing_settings_sheet(workbook):
    wb = openpyxl.load_workbook(workbook)
    del wb["Settings"]
    wb.save(workbook)
    r = calc(workbook)
    assert r.exit_code == 2 and "no Settings sheet" in r.output


def test_missing_inventory_year(workbook):
    wb = openpyxl.load_workbook(workbook)
    ws = wb["Settings"]
    for row in ws.iter_rows():
        if row[0].value == "inventory_year":
            row[1].value = None
    wb.save(workbook)
    r = calc(workbook)
    assert r.exit_code == 2 and "inventory year is missing" in r.output and "--set inventory_year" in r.output
    assert calc(workbook, "--set", "inventory_year=2023").exit_code == 0


def test_bad_setting_names_its_cell(workbook):
    edit(workbook, "Settings", "B3", "Vietnam")
    r = calc(workbook)
    assert r.exit_code == 2 and "Settings!B3" in r.output and "alpha-3" in r.output


def test_xls_named_xlsx(tmp_path):
    p = tmp_path / "old.xlsx"
    p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    r = calc(p)
    assert r.exit_code == 2 and "old Excel 97-2003 workbook (.xls format)" in r.output


def test_not_excel(tmp_path):
    p = tmp_path / "notes.xlsx"
    p.write_text("hello, this is not a workbook")
    r = calc(p)
    assert r.exit_code == 2 and "not an Excel workbook" in r.output


def test_empty_workbook(tmp_path):
    p = tmp_path / "empty.xlsx"
    openpyxl.Workbook().save(p)
    r = calc(p)
    assert r.exit_code == 2 and "empty" in r.output


def test_electricity_without_grid_factor(tmp_path):
    p = tmp_path / "a.csv"
    p.write_text("sector,activity,amount,unit\nhousehold,electricity,100,MWh\n")
    r = calc(p, "--set", "inventory_year=2023")
    assert r.exit_code == 2 and "line 2" in r.output and "grid_ef" in r.output
    ok = calc(p, "--set", "inventory_year=2023", "--set", "grid_ef=500 g/kWh", "--format", "json")
    assert ok.exit_code == 0 and '"co2_t": 50.0' in ok.output


def test_csv_locale_variants(tmp_path):
    """UTF-8 BOM, ';' delimiter and decimal commas give the same result as plain CSV."""
    plain = tmp_path / "plain.csv"
    plain.write_text("sector,activity,amount,unit\nhousehold,lpg,1234.5,t\n")
    euro = tmp_path / "euro.csv"
    euro.write_bytes("\ufeffsector;activity;amount;unit\nhousehold;lpg;1.234,5;t\n".encode("utf-8"))
    a = calc(plain, "--set", "inventory_year=2023", "--format", "csv")
    b = calc(euro, "--set", "inventory_year=2023", "--format", "csv")
    assert a.exit_code == b.exit_code == 0
    assert a.stdout.splitlines()[1].split(",")[:12] == b.stdout.splitlines()[1].split(",")[:12]


def test_csv_formula_text_is_inert(tmp_path):
    p = tmp_path / "a.csv"
    p.write_text('sector,activity,amount,unit,notes\nhousehold,lpg,1,t,"=HYPERLINK(""http://x"",""y"")"\n')
    r = calc(p, "--set", "inventory_year=2023", "--format", "csv")
    assert r.exit_code == 0
    assert "'=HYPERLINK" in r.output


def test_output_written_atomically(tmp_path):
    p = tmp_path / "a.csv"
    p.write_text("sector,activity,amount,unit\nhousehold,lpg,1,t\n")
    out = tmp_path / "out.json"
    out.write_text("old")
    bad = tmp_path / "bad.csv"
    bad.write_text("sector,activity,amount,unit\nhousehold,lpg,x,t\n")
    assert calc(bad, "--set", "inventory_year=2023", "--format", "json", "-o", str(out)).exit_code == 2
    assert out.read_text() == "old"
    assert calc(p, "--set", "inventory_year=2023", "--format", "json", "-o", str(out)).exit_code == 0
    assert '"inventory_year": 2023' in out.read_text()
    assert [x.name for x in tmp_path.iterdir() if x.name.startswith(".out")] == []


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_a_run_that_fails_half_way_replaces_no_output(tmp_path, monkeypatch, fmt):
    """The CSV or JSON was put in place, then the HTML report failed: the run said error, but its
    -o file was new and its --excel file old (each file atomic, the run not). Now none is replaced,
    no temporary file is left, and nothing says 'wrote'."""
    from ghgkit.inventory import Inventory

    p = tmp_path / "a.csv"
    p.write_text("sector,activity,amount,unit\nhousehold,lpg,1,t\n")
    outs = {n: tmp_path / n for n in (f"out.{fmt}", "r.xlsx", "r.html")}
    for f in outs.values():
        f.write_text("old")

    def broken(self, path, *a, **k):
        with atomic_path(path) as tmp:
            tmp.write_text("half")
            raise OSError(28, "No space left on device")
    monkeypatch.setattr(Inventory, "to_html", broken)
    args = ["--set", "inventory_year=2023", "--format", fmt, "-o", str(outs[f"out.{fmt}"]),
            "--excel", str(outs["r.xlsx"]), "--html", str(outs["r.html"])]
    r = calc(p, *args)
    assert r.exit_code != 0 and "No space left" in r.output and "wrote" not in r.output, r.output
    assert {n: f.read_text() for n, f in outs.items()} == {n: "old" for n in outs}
    assert sorted(x.name for x in tmp_path.iterdir()) == sorted(["a.csv", *outs])
    monkeypatch.undo()
    r = calc(p, *args)
    assert r.exit_code == 0 and r.output.count("wrote") == 3, r.output
    assert all(f.read_bytes() != b"old" for f in outs.values())


def test_together_puts_outputs_in_place_at_its_end(tmp_path):
    """Inside together() an output is in place only when the block ends; 'wrote' comes after."""
    from ghgkit.io.output import after_written, together

    a, b, said = tmp_path / "a.txt", tmp_path / "b.txt", []
    with together():
        with atomic_path(a) as tmp:
            tmp.write_text("A")
        after_written(lambda: said.append(a.exists()))
        assert not a.exists() and said == []
        with atomic_path(b) as tmp:
            tmp.write_text("B")
    assert a.read_text() == "A" and b.read_text() == "B" and said == [True]
    with pytest.raises(KeyboardInterrupt):
        with together():
            with atomic_path(a) as tmp:
                tmp.write_text("A2")
            raise KeyboardInterrupt
    assert a.read_text() == "A" and sorted(x.name for x in tmp_path.iterdir()) == ["a.txt", "b.txt"]


def test_output_over_an_input_is_refused(workbook, tmp_path):
    r = calc(workbook, "--excel", str(workbook))
    assert r.exit_code == 2 and "would be overwritten" in r.output
    csv = tmp_path / "a.csv"
    csv.write_text("sector,activity,amount,unit\nhousehold,lpg,1,t\n")
    r = calc(csv, "--set", "inventory_year=2023", "--format", "csv", "-o", str(csv))
    assert r.exit_code == 2
    assert csv.read_text().startswith("sector,activity")


@pytest.mark.parametrize("pair,expect", [
    ("gird_ef=0.9", "unknown setting 'gird_ef'"),
    ("population=-5", "above zero"),
    ("msw_composition=food=0.4, paper=x", "cannot read"),
    ("ch4_gwp=fossil", "by_origin"),
])
def test_bad_settings_are_refused(workbook, pair, expect):
    r = calc(workbook, "--set", pair)
    assert r.exit_code == 2 and expect in r.output


def test_scope_that_does_not_fit(tmp_path):
    p = tmp_path / "a.csv"
    p.write_text("sector,activity,amount,unit,scope\nhousehold,diesel,1,TJ,2\n")
    r = calc(p, "--set", "inventory_year=2023")
    assert r.exit_code == 2 and "line 2: scope 2 does not fit" in r.output and "scope 1" in r.output


def test_msw_composition_as_text(tmp_path):
    p = tmp_path / "a.csv"
    p.write_text("sector,subsector,activity,amount,unit,method\nwaste,incineration,msw,1000,t,continuous_stoker\n")
    r = calc(p, "--set", "inventory_year=2023", "--set", "msw_composition=food=0.5, plastics=0.3, paper=0.2",
             "--format", "json")
    assert r.exit_code == 0, r.output
    # fossil CO2: plastics 0.3 × dm 1.0 × CF 0.75 × FCF 1.0 + paper 0.2 × 0.9 × 0.46 × 0.01, × OF 1 × 44/12
    import json
    co2 = json.loads(r.stdout)["rows"][0]["co2_t"]
    assert co2 == pytest.approx(1000 * (0.3 * 1.0 * 0.75 * 1.0 + 0.2 * 0.9 * 0.46 * 0.01) * 44 / 12)


def test_template_must_be_xlsx(tmp_path):
    r = CliRunner().invoke(main, ["template", "-o", str(tmp_path / "t.csv")])
    assert r.exit_code == 2 and ".xlsx" in r.output


def test_template_does_not_replace_a_filled_workbook(workbook):
    before = workbook.read_bytes()
    r = CliRunner().invoke(main, ["template", "-o", str(workbook)])
    assert r.exit_code == 2 and "--force" in r.output
    assert workbook.read_bytes() == before
    assert CliRunner().invoke(main, ["template", "-o", str(workbook), "--force"]).exit_code == 0


def test_grid_factor_without_source_is_flagged(tmp_path):
    p = tmp_path / "a.csv"
    p.write_text("sector,activity,amount,unit\nhousehold,electricity,100,MWh\n")
    r = calc(p, "--set", "inventory_year=2023", "--set", "grid_ef=0.5")
    assert r.exit_code == 0 and "grid_ef has no source" in r.output
    r = calc(p, "--set", "inventory_year=2023", "--set", "grid_ef=0.5", "--set", "grid_ef_source=National DNA 2023",
             "--format", "csv")
    assert "grid_ef has no source" not in r.output


def test_short_landfill_history_is_flagged(tmp_path):
    p = tmp_path / "a.csv"
    p.write_text("sector,subsector,activity,amount,unit,year,method\n"
                 "waste,landfill,food,1000,t,2021,unmanaged_deep\nwaste,landfill,food,1000,t,2022,unmanaged_deep\n")
    r = calc(p, "--set", "inventory_year=2023", "--set", "climate_zone=tropical_wet")
    assert r.exit_code == 0 and "landfill history starts in 2021" in r.output and "back-cast" in r.output


def test_together_is_per_thread(tmp_path):
    """A review: while one thread was in a together() block, another thread's write went into that
    block and was lost when it failed, with no error."""
    import threading

    from ghgkit.io.output import together, write_text_atomic

    inside, written = threading.Event(), threading.Event()

    def other():
        inside.wait()
        write_text_atomic(tmp_path / "b.txt", "B")
        written.set()
    t = threading.Thread(target=other)
    t.start()
    with pytest.raises(RuntimeError):
        with together():
            write_text_atomic(tmp_path / "a.txt", "A")
            inside.set()
            written.wait(10)
            raise RuntimeError("the run fails")
    t.join()
    assert (tmp_path / "b.txt").read_text() == "B" and not (tmp_path / "a.txt").exists()


def test_together_says_which_outputs_were_already_in_place(tmp_path, monkeypatch):
    """When putting the second of three outputs in place fails, the error names the first (already
    replaced) and no temporary file is left."""
    from ghgkit.errors import OutputError
    from ghgkit.io import output

    real, calls = output._put_in_place, []

    def flaky(tmp, path, special, fd):
        calls.append(path)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        real(tmp, path, special, fd)
    monkeypatch.setattr(output, "_put_in_place", flaky)
    with pytest.raises(OutputError) as e:
        with output.together():
            for name in ("a.txt", "b.txt", "c.txt"):
                output.write_text_atomic(tmp_path / name, name)
    assert "already written: " + str(tmp_path / "a.txt") in e.value.message
    assert sorted(x.name for x in tmp_path.iterdir()) == ["a.txt"]


@pytest.mark.parametrize("args", [["calc", "{wb}", "--format", "csv"], ["validate", "{wb}", "--format", "csv"],
                                  ["trend", "--config", "{trend}", "--format", "csv"],
                                  ["project", "portfolio", "{projects}", "--format", "csv"]])
def test_dash_output_is_stdout_not_a_file_named_dash(workbook, tmp_path, monkeypatch, args):
    """``-o -`` is stdout, as without ``-o``; no file named '-' is written."""
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent / "examples"
    args = [a.format(wb=workbook, trend=root / "trend" / "trend.toml", projects=root / "projects") for a in args]
    monkeypatch.chdir(tmp_path)
    plain = CliRunner().invoke(main, args)
    dash = CliRunner().invoke(main, [*args, "-o", "-"])
    assert dash.exit_code == plain.exit_code and dash.exit_code in (0, 1), dash.output
    assert dash.stdout == plain.stdout and dash.stdout.count("\n") > 1
    assert not (tmp_path / "-").exists()


@pytest.mark.parametrize("args", [["calc", "{wb}", "--html", "-"], ["calc", "{wb}", "--excel", "-"],
                                  ["calc", "{wb}", "--crf", "-"], ["validate", "{wb}", "--html", "-"],
                                  ["template", "-o", "-"], ["workshop", "-o", "-"]])
def test_a_report_to_dash_is_refused(workbook, tmp_path, monkeypatch, args):
    monkeypatch.chdir(tmp_path)
    r = CliRunner().invoke(main, [a.format(wb=workbook) for a in args])
    assert r.exit_code == 2 and "'-' (stdout) cannot take this output" in r.output
    assert ("folder name" if args[0] == "workshop" else "file name") in r.output
    assert not (tmp_path / "-").exists()


@pytest.mark.parametrize("args", [["calc", "{wb}", "--html", ""], ["calc", "{wb}", "--excel", ""],
                                  ["calc", "{wb}", "-o", ""], ["validate", "{wb}", "--html", ""],
                                  ["validate", "{wb}", "-o", ""], ["template", "-o", ""], ["workshop", "-o", ""]])
def test_an_empty_output_name_is_refused(workbook, tmp_path, monkeypatch, args):
    """A review: '--html ""' was taken for no report (exit 0, nothing written)."""
    monkeypatch.chdir(tmp_path)
    r = CliRunner().invoke(main, [a.format(wb=workbook) for a in args])
    assert r.exit_code == 2 and "an empty name" in r.output
    assert [p.name for p in tmp_path.iterdir()] == [workbook.name]            # nothing written


@pytest.mark.parametrize("args", [["calc", "{wb}", "--settings", ""], ["calc", "{wb}", "--factors", ""],
                                  ["trend", "--config", ""], ["trend", "{wb}", "--projects", ""],
                                  ["trend", "{wb}", "--factors", ""], ["project", "portfolio", "{wb}", "--factors", ""]])
def test_an_empty_input_name_is_refused(workbook, tmp_path, monkeypatch, args):
    """A review: 'calc --settings ""' read no settings file, 'trend --projects ""' the current folder."""
    monkeypatch.chdir(tmp_path)
    r = CliRunner().invoke(main, [a.format(wb=workbook) for a in args])
    assert r.exit_code == 2 and "an empty name" in r.output, r.output


@pytest.mark.parametrize("command", ["calc", "validate"])
def test_dot_slash_dash_is_a_file_named_dash(workbook, tmp_path, monkeypatch, command):
    """'./-' names a file '-' (a review: validate's paths were made Path objects, which read './-' as
    '-', so it went to stdout there and to a file in calc)."""
    monkeypatch.chdir(tmp_path)
    r = CliRunner().invoke(main, [command, str(workbook), "--format", "csv", "-o", "./-"])
    assert r.exit_code in (0, 1), r.output
    assert (tmp_path / "-").read_text(encoding="utf-8").count("\n") > 1 and r.stdout == ""
