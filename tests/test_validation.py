"""`ghgkit validate`: every planted fault found at its cell, broken files reported, batch goes on."""

from __future__ import annotations

import datetime
import json
import time
import zipfile

import pytest
from click.testing import CliRunner

import make_bad_corpus
from ghgkit import validation
from ghgkit.validation import batch, readers
from ghgkit.rules import submission
from ghgkit.cli.validate import validate
from ghgkit.validation import RULES, validate_file, validate_paths


@pytest.fixture(scope="session")
def corpus(tmp_path_factory):
    d = tmp_path_factory.mktemp("submissions")
    planted = make_bad_corpus.build(d)
    return d, planted


@pytest.fixture(scope="session")
def reports(corpus):
    d, _ = corpus
    return {r.file.rsplit("/", 1)[-1]: r for r in validate_paths([d])}


def _planted():
    for name, faults in make_bad_corpus.PLANTED.items():
        for f in faults:
            yield pytest.param(name, f, id=f"{name}-{f[0]}-{f[2]}")


@pytest.mark.parametrize("name,fault", list(_planted()))
def test_planted_fault_found_at_its_cell(reports, name, fault):
    code, sheet, where = fault
    rep = reports[name]
    hits = [f for f in rep.findings if f.code == code
            and (sheet is None or f.sheet == sheet)
            and (where is None or f.cell == where or f.line == where)]
    assert hits, f"{name}: {code} at {sheet}!{where} not found; got {[(f.code, f.place) for f in rep.findings]}"
    assert all(h.severity == RULES[code][0] for h in hits if code not in ("STRUCT-009", "STRUCT-006"))
    assert all(h.message for h in hits)


def test_every_file_reported_and_batch_goes_on(corpus, reports):
    d, planted = corpus
    assert set(planted) <= set(reports)
    for name in ("not_a_zip.xlsx", "truncated.xlsx", "old_format.xls", "encrypted.xlsx", "zip_bomb.xlsx",
                 "xxe.xlsx"):
        r = reports[name]
        assert r.errors == 1 and r.findings[0].code.startswith("FILE-"), (name, r.codes())
        assert r.findings[0].hint


def test_clean_submission_has_no_error(reports):
    r = reports["tan_hoa_2023_clean.xlsx"]
    assert r.errors == 0, [(f.code, f.place, f.message) for f in r.findings if f.severity == "error"]
    assert r.city.startswith("Tan Hoa") and r.year == 2023
    assert "CONS-004" not in r.codes()
    assert r.per_capita_t == pytest.approx(r.basic_co2e_t / 1_050_000)
    assert 0 < r.coverage_pct <= 100
    # the previous year (half the amounts) is in the batch: a year-on-year warning, not an error
    assert "PLAUS-005" in r.codes()
    assert "COMP-001" in r.codes()


def test_clean_totals_match_calc(corpus, reports):
    from ghgkit.io.importers import load
    from ghgkit.inventory import calculate

    d, _ = corpus
    act, settings = load(d / "tan_hoa_2023_clean.xlsx")
    assert reports["tan_hoa_2023_clean.xlsx"].basic_co2e_t == pytest.approx(
        calculate(act, settings).totals["basic_co2e_t"])


def test_no_double_reporting_of_a_broken_cell(reports):
    r = reports["bad_cells.xlsx"]
    at_d4 = [f.code for f in r.findings if f.sheet == "Energy" and f.cell == "D4"]
    assert at_d4 == ["CELL-002"]


def test_did_you_mean_hints(reports):
    r = reports["bad_cells.xlsx"]
    hint = {(f.code, f.cell): f.hint for f in r.findings}
    assert "building" in hint[("VOCAB-001", "A8")]
    assert "diesel" in hint[("VOCAB-003", "C9")]
    assert "fuel_sales" in hint[("VOCAB-004", "G2")]
    csv_hint = [f.hint for f in reports["bad.csv"].findings if f.code == "VOCAB-003"][0]
    assert "gasoline" in csv_hint   # 'petrol'


def test_same_city_year_twice(corpus, tmp_path):
    import shutil

    d, _ = corpus
    for n in ("a.xlsx", "b.xlsx"):
        shutil.copy(d / "tan_hoa_2023_clean.xlsx", tmp_path / n)
    a, b = validate_paths([tmp_path])
    assert "CONS-004" not in a.codes() and "CONS-004" in b.codes()
    assert a.errors == b.errors == 0


def test_missing_basic_subsectors_in_one_finding(reports):
    nk = [f for f in reports["bad.csv"].findings if f.code == "NK-002"]
    assert len(nk) == 1 and "III.4" in nk[0].message and "use" in nk[0].hint


def test_zip_bomb_total_size_limit(tmp_path, monkeypatch):
    p = tmp_path / "big_total.xlsx"
    with zipfile.ZipFile(p, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/workbook.xml", "<workbook/>" + " " * 5000)
    monkeypatch.setattr(readers, "MAX_UNCOMPRESSED", 1000)
    assert validate_file(p).codes() == ["FILE-006"]


def test_openpyxl_uses_defusedxml():
    import openpyxl

    assert openpyxl.DEFUSEDXML is True


def test_large_sheet_bounded(tmp_path):
    import xlsxwriter

    p = tmp_path / "huge.xlsx"
    wb = xlsxwriter.Workbook(str(p), {"constant_memory": True})
    s = wb.add_worksheet("Settings")
    for i, row in enumerate([["key", "value"], ["city", "Big"], ["inventory_year", 2023],
                             ["population", 100000], ["template_version", "ghgkit-1"]]):
        s.write_row(i, 0, row)
    e = wb.add_worksheet("Energy")
    e.write_row(0, 0, ["sector", "subsector", "activity", "amount", "unit"])
    for i in range(1, 100_001):
        e.write_row(i, 0, ["household", "", "diesel", i, "L"])
    wb.close()
    t = time.perf_counter()
    r = validate_file(p)
    assert time.perf_counter() - t < 15
    assert "FILE-008" in r.codes()
    assert r.rows == readers.MAX_ROWS


def test_folder_walk_and_csv_settings(corpus, reports):
    r = reports["bad.csv"]
    assert r.city == "Csv Town" and r.year == 2023


def test_parallel_same_as_serial(corpus, reports):
    d, _ = corpus
    par = validate_paths([d], jobs=2)
    assert [(r.file.rsplit("/", 1)[-1], r.codes()) for r in par] == \
           [(k, reports[k].codes()) for k in sorted(reports)]


def test_docs_list_every_rule():
    from pathlib import Path

    doc = (Path(__file__).resolve().parents[1] / "docs" / "validation.md").read_text(encoding="utf-8")
    for code, (sev, _) in RULES.items():
        assert f"`{code}`" in doc and sev in doc, code


def test_plausibility_thresholds_have_sources():
    th = batch.thresholds()
    assert {"basic_per_capita_t", "electricity_per_capita_mwh", "waste_generation_kg_per_capita_day",
            "yoy_change_pct"} <= set(th)
    assert all(t["source"].strip() for t in th.values())


# -- command line ---------------------------------------------------------------------------------
def test_cli_exit_codes_and_outputs(corpus, tmp_path):
    d, _ = corpus
    runner = CliRunner()
    ok = runner.invoke(validate, [str(d / "tan_hoa_2023_clean.xlsx")])
    assert ok.exit_code == 0, ok.output
    assert "Tan Hoa" in ok.output and "warnings" in ok.output
    html, xlsx = tmp_path / "r.html", tmp_path / "r.xlsx"
    bad = runner.invoke(validate, [str(d), "--html", str(html), "--excel", str(xlsx), "-q"])
    assert bad.exit_code == 1, bad.output
    assert "bad_cells.xlsx" in bad.output and "errors" in bad.output
    text = html.read_text(encoding="utf-8")
    assert "Summary across submissions" in text and "CELL-002" in text and "<script" not in text
    import openpyxl

    wb = openpyxl.load_workbook(xlsx)
    assert wb.sheetnames == ["Summary", "Findings"]
    assert wb["Findings"].max_row > 20
    js = runner.invoke(validate, [str(d / "bad_cells.xlsx"), "--format", "json"])
    assert js.exit_code == 1
    data = json.loads(js.output)
    assert data["files"][0]["errors"] >= 15
    csv_out = runner.invoke(validate, [str(d / "bad_cells.xlsx"), "--format", "csv"])
    assert csv_out.output.startswith("file,city,year,severity,code")


def test_cli_cannot_run(tmp_path, monkeypatch):
    runner = CliRunner()
    assert runner.invoke(validate, [str(tmp_path / "missing.xlsx")]).exit_code == 2
    (tmp_path / "empty").mkdir()
    assert runner.invoke(validate, [str(tmp_path / "empty")]).exit_code == 2
    from ghgkit.errors import GhgkitError

    def boom(*a, **k):
        raise GhgkitError("something is wrong", hint="fix it")

    monkeypatch.setattr(validation, "validate_paths", boom)
    (tmp_path / "x.csv").write_text("a\n")
    res = runner.invoke(validate, [str(tmp_path / "x.csv")])
    assert res.exit_code == 2
    assert "something is wrong" in res.output and "Traceback" not in res.output
    assert "hint: fix it" in res.output                 # the hint is kept, as in every other command


def test_html_escapes_user_text(tmp_path):
    from ghgkit.validation import FileReport, Finding, write_html, write_excel

    r = FileReport(file="x.xlsx", city="<script>alert(1)</script>",
                   findings=[Finding("error", "CELL-001", "amount '=HYPERLINK(\"x\")' <b>", "x.xlsx", "Energy", "D2")])
    write_html([r], tmp_path / "r.html")
    text = (tmp_path / "r.html").read_text()
    assert "<script>alert" not in text and "&lt;script&gt;" in text
    write_excel([r], tmp_path / "r.xlsx")
    import openpyxl

    ws = openpyxl.load_workbook(tmp_path / "r.xlsx")["Summary"]
    assert ws["B2"].value == "<script>alert(1)</script>"


# -- a CSV is read as `ghgkit calc x.csv --settings S --factors F` reads it -------------------------
DEMO = __import__("pathlib").Path(__file__).resolve().parents[1] / "examples" / "demo_city"


def _calc_basic(csv_path, settings_file=None, factor_files=()):
    from ghgkit.factors import FactorLibrary
    from ghgkit.io.importers import load
    from ghgkit.inventory import calculate

    act, settings = load(csv_path, settings_file=settings_file)
    lib = FactorLibrary.default().with_overrides(*factor_files) if factor_files else FactorLibrary.default()
    return act, calculate(act, settings, library=lib).totals["basic_co2e_t"]


def test_demo_city_folder_validates_clean():
    reps = {r.file.rsplit("/", 1)[-1]: r for r in validate_paths([DEMO])}
    assert set(reps) == {"demo_city.csv", "demo_city.xlsx"}      # factors.csv is not a submission
    for r in reps.values():
        assert r.errors == 0, [(f.code, f.place, f.message) for f in r.findings]
        assert r.city.startswith("Tan Hoa") and r.year == 2023
    _, expected = _calc_basic(DEMO / "demo_city.csv", DEMO / "settings.toml", [DEMO / "factors.csv"])
    assert reps["demo_city.csv"].basic_co2e_t == pytest.approx(expected)
    assert reps["demo_city.xlsx"].basic_co2e_t == pytest.approx(expected)
    res = CliRunner().invoke(validate, [str(DEMO)])
    assert res.exit_code == 0, res.output
    assert "factors.csv" not in res.output and "STRUCT-003" not in res.output


def test_factor_file_beside_csv_is_an_override(tmp_path):
    import shutil

    shutil.copy(DEMO / "demo_city.csv", tmp_path / "city.csv")
    # YAML settings under the folder name settings.yaml
    (tmp_path / "settings.yaml").write_text(
        "city: Yaml Town\ncountry: VNM\ninventory_year: 2023\npopulation: 1050000\nclimate_zone: tropical_wet\n"
        "grid_ef: 0.6\nbod_region: asia_middle_east_latin_america\n", encoding="utf-8")
    (r,) = validate_paths([tmp_path])
    assert r.city == "Yaml Town" and "CALC-001" in r.codes()      # no fuel economy for the buses
    shutil.copy(DEMO / "factors.csv", tmp_path / "bus_factors.csv")
    assert validation.find_files([tmp_path]) == [tmp_path / "city.csv"]
    assert validation.find_files([tmp_path / "bus_factors.csv"]) == []
    assert not validation.is_factor_file(tmp_path / "city.csv")   # an activity table with a factor_id column
    (r,) = validate_paths([tmp_path])
    assert r.errors == 0, [(f.code, f.place, f.message) for f in r.findings]
    _, expected = _calc_basic(tmp_path / "city.csv", tmp_path / "settings.yaml", [tmp_path / "bus_factors.csv"])
    assert r.basic_co2e_t == pytest.approx(expected)
    # a broken factor file is an error of the CSV it serves, not an internal error
    with open(tmp_path / "bus_factors.csv", "a", encoding="utf-8") as fh:
        fh.write("fe_bad,city_bus_diesel,fuel_economy,lots,L/100km,diesel,default,demo_survey,x,\n")
    (r,) = validate_paths([tmp_path])
    assert "STRUCT-011" in r.codes() and "FILE-001" not in r.codes()
    assert "bus_factors.csv" in next(f.message for f in r.findings if f.code == "STRUCT-011")
    res = CliRunner().invoke(validate, [str(tmp_path / "bus_factors.csv")])
    assert res.exit_code == 2 and "factor files are not submissions" in res.output


def test_csv_numbers_read_as_calc_reads_them(tmp_path):
    p = tmp_path / "semicolon.csv"
    p.write_bytes("\ufeffsector;subsector;activity;amount;unit;year;uncertainty_pct;source\n"
                  "household;;electricity;1.000.000,25;MWh;2023;2,5;utility\n"
                  "household;;lpg;3.800,5;t;;10;survey\n".encode("utf-8"))
    (tmp_path / "semicolon.toml").write_text('city = "Semi"\ninventory_year = 2023\npopulation = 1000000\n'
                                             "grid_ef = 0.5\n", encoding="utf-8")
    act, expected = _calc_basic(p, tmp_path / "semicolon.toml")
    assert act["amount"].iloc[0] == pytest.approx(1_000_000.25)
    r = validate_file(p)
    assert "CELL-001" not in r.codes() and r.errors == 0, [(f.code, f.place, f.message) for f in r.findings]
    assert r.basic_co2e_t == pytest.approx(expected)
    # text that is no number is still CELL-001, at its line
    p.write_bytes(p.read_bytes() + "building;;diesel;viel;L;;;x\n".encode("utf-8"))
    assert [f.line for f in validate_file(p).findings if f.code == "CELL-001"] == [4]


def test_year_after_inventory_year_hint_does_not_say_leave_it_empty(reports):
    (f,) = [f for f in reports["bad_cells.xlsx"].findings if f.code == "CONS-003"]
    assert "correct the year" in f.hint and "leave year empty" not in f.hint


def test_cli_output_file(corpus, tmp_path):
    d, _ = corpus
    runner = CliRunner()
    for fmt in ("table", "json", "csv"):
        out = tmp_path / f"findings.{fmt}"
        res = runner.invoke(validate, [str(d / "bad_cells.xlsx"), "--format", fmt, "-o", str(out)])
        assert res.exit_code == 1
        text = out.read_text(encoding="utf-8")
        assert "CELL-002" in text and "CELL-002" not in res.stdout
        assert text.endswith("\n")
    assert json.loads((tmp_path / "findings.json").read_text())["files"][0]["errors"] >= 15
    assert (tmp_path / "findings.csv").read_text().startswith("file,city,year,severity,code")
    assert "BASIC t CO2e" in (tmp_path / "findings.table").read_text()
    assert not list(tmp_path.glob(".findings*"))        # no temporary file left behind


# -- one focused test per rule the corpus does not plant: CELL-007, STRUCT-002, STRUCT-010, FILE-010, PLAUS-004
FOCUSED = ("CELL-007", "STRUCT-002", "STRUCT-010", "FILE-010", "PLAUS-004")


@pytest.fixture(scope="module")
def demo_xlsx(tmp_path_factory):
    from ghgkit.io.template import write_template

    return write_template(tmp_path_factory.mktemp("demo") / "demo.xlsx", example=True)


@pytest.fixture(scope="module")
def demo_report(demo_xlsx):
    return validate_file(demo_xlsx)


def _edit_demo(demo, dst, edit):
    """The clean demo workbook, edited by *edit(wb)* with openpyxl, saved as *dst*."""
    import openpyxl

    wb = openpyxl.load_workbook(demo)
    edit(wb)
    wb.save(dst)
    return dst


def _one(rep, code):
    """The single finding *code* in *rep*, checked for the rule's severity."""
    hits = [f for f in rep.findings if f.code == code]
    assert len(hits) == 1, (code, [(f.code, f.place, f.message) for f in rep.findings])
    assert hits[0].severity == RULES[code][0] and hits[0].message and hits[0].hint
    return hits[0]


def test_clean_demo_has_none_of_the_focused_rules(demo_report):
    assert not set(FOCUSED) & set(demo_report.codes()), demo_report.codes()
    assert demo_report.errors == demo_report.warnings == 0


def test_cell_007_formula_linking_another_workbook(demo_xlsx, demo_report, tmp_path):
    import re

    ext, internal = "[1]Sheet1!$D$3", "D5*1"   # Excel stores ='[lpg.xlsx]Sheet1'!$D$3 as [1]Sheet1!$D$3

    def edit(wb):
        wb["Energy"]["D3"] = "=" + ext
        wb["Energy"]["D4"] = "=" + internal

    p = _edit_demo(demo_xlsx, tmp_path / "linked.xlsx", edit)
    # openpyxl saves formulas without a value: add the values Excel would have cached (the demo's own)
    cached = {ext: 38000, internal: 2500000}
    src, dst = p, tmp_path / "linked_cached.xlsx"
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                text = data.decode("utf-8")
                for f, v in cached.items():
                    text, n = re.subn(rf"<f>{re.escape(f)}</f>\s*<v\s*/>", f"<f>{f}</f><v>{v}</v>", text)
                    assert n <= 1
                data = text.encode("utf-8")
            zout.writestr(item, data)
    rep = validate_file(dst)
    f = _one(rep, "CELL-007")
    assert (f.sheet, f.cell, f.line) == ("Energy", "D3", None) and ext in f.message
    assert "CELL-003" not in rep.codes() and rep.errors == 0      # the cached values are read ...
    assert rep.basic_co2e_t == pytest.approx(demo_report.basic_co2e_t)   # ... and used
    # without a cached value the same formula is CELL-003, reported once
    rep = validate_file(p)
    assert [(f.code, f.cell) for f in rep.findings if f.cell in ("D3", "D4")] == \
           [("CELL-003", "D3"), ("CELL-003", "D4")]


def test_struct_002_no_activity_sheet(demo_xlsx, tmp_path):
    def edit(wb):   # a title row typed above each table: no sheet's first row names the columns
        for name in submission.TEMPLATE_SHEETS:
            wb[name].insert_rows(1)
            wb[name]["A1"] = f"{name} data 2023"

    rep = validate_file(_edit_demo(demo_xlsx, tmp_path / "title_rows.xlsx", edit))
    found = [f for f in rep.findings if f.code == "STRUCT-002"]
    assert [(f.sheet, f.cell) for f in found if f.sheet] == [(n, "A1") for n in submission.TEMPLATE_SHEETS]
    assert all("the names are in row 2" in f.message for f in found if f.sheet)
    assert [f.message for f in found if not f.sheet] == [
        "no activity sheet found (a sheet whose first row names sector, activity, amount)"]
    assert set(rep.codes()) == {"STRUCT-002"} and rep.rows == 0 and rep.basic_co2e_t is None


def test_an_activity_sheet_whose_header_is_not_in_row_1_is_an_error(demo_xlsx, tmp_path):
    """The Energy sheet with a title row above its header was skipped silently: the demo city's
    BASIC 1.2 Mt for 3.9 Mt, exit 0 (the other sheets read as before)."""
    def edit(wb):
        wb["Energy"].insert_rows(1)
        wb["Energy"]["A1"] = "Energy data 2023"

    rep = validate_file(_edit_demo(demo_xlsx, tmp_path / "energy_title.xlsx", edit))
    f = _one(rep, "STRUCT-002")
    assert (f.sheet, f.cell, f.severity) == ("Energy", "A1", "error") and "row 2" in f.message
    assert rep.basic_co2e_t is None


@pytest.mark.parametrize("city", [None, "   "], ids=["empty", "blank"])
def test_struct_010_city_missing(demo_xlsx, tmp_path, city):
    def edit(wb):
        s = wb["Settings"]
        s[make_bad_corpus._setting_cell(s, "city")] = city

    rep = validate_file(_edit_demo(demo_xlsx, tmp_path / "no_city.xlsx", edit))
    f = _one(rep, "STRUCT-010")
    assert (f.sheet, f.cell, f.line) == ("Settings", None, None)
    assert not rep.city and rep.year == 2023
    assert rep.errors == 0 and rep.basic_co2e_t is not None       # a warning: the totals are still computed


def test_a_csv_without_city_or_population_is_told_where_its_settings_go(tmp_path):
    """A CSV has no Settings sheet: the hints name its settings file and --set, not Settings!city."""
    p = tmp_path / "city.csv"
    p.write_text("sector,activity,amount,unit\nhousehold,lpg,12,kg\n", encoding="utf-8")
    (tmp_path / "city.toml").write_text("inventory_year = 2023\n", encoding="utf-8")
    rep = validate_file(p)
    for code, key in (("STRUCT-010", "city"), ("CONS-002", "population")):
        hint = _one(rep, code).hint
        assert "Settings!" not in hint and f"--set {key}=" in hint and "settings.toml" in hint, hint


CSV_HEAD = "sector,subsector,activity,amount,unit,source\n"
_LATIN1 = (CSV_HEAD + "household,,electricity,1000,MWh,Companhia Energética de São Paulo\n").encode("latin-1")
_BAD_BYTE = _LATIN1.index("é".encode("latin-1"))                 # where UTF-8 decoding fails


@pytest.mark.parametrize("data,message", [
    (b"", "empty"),
    (b"\r\n  \r\n", "empty"),
    (b"\xef\xbb\xbf", "empty"),                                  # 'CSV UTF-8' of an empty sheet: a BOM only
    (_LATIN1, f"byte {_BAD_BYTE}"),                              # saved as 'CSV' (Windows-1252) by Excel
    (b"\xef\xbb\xbf" + _LATIN1, f"byte {3 + _BAD_BYTE}"),                 # the offset counts the BOM
], ids=["zero-bytes", "blank-lines", "bom-only", "latin1", "bom-then-latin1"])
def test_file_010_bad_csv(tmp_path, data, message):
    p = tmp_path / "city.csv"
    p.write_bytes(data)
    (tmp_path / "city.toml").write_text('city = "Csv Town"\ninventory_year = 2023\npopulation = 50000\n',
                                        encoding="utf-8")
    rep = validate_file(p)
    f = _one(rep, "FILE-010")
    assert rep.codes() == ["FILE-010"] and message in f.message
    # the line of the first bad byte is named (line 2 here); an empty file has no line
    assert (f.sheet, f.cell, f.line) == (None, None, 2 if "byte" in message else None)
    # the same text as UTF-8 (with a BOM, as Excel writes it) is read
    p.write_bytes(b"\xef\xbb\xbf" + _LATIN1.decode("latin-1").encode("utf-8"))
    rep = validate_file(p)
    assert "FILE-010" not in rep.codes() and rep.rows == 1 and rep.city == "Csv Town"


def test_plaus_004_waste_generation_per_capita(demo_xlsx, tmp_path):
    counted = []

    def edit(wb):   # a kg / t slip in the inventory-year waste rows (the rows the metric counts)
        ws = wb["Waste"]
        col = {c.value: c.column - 1 for c in ws[1]}
        for row in ws.iter_rows(min_row=2):
            if row[col["sector"]].value == "waste" and row[col["amount"]].value is not None \
                    and row[col["year"]].value in (None, 2023):
                row[col["unit"]].value = "kg"
                counted.append(row[col["amount"]].value)

    rep = validate_file(_edit_demo(demo_xlsx, tmp_path / "waste_kg.xlsx", edit))
    f = _one(rep, "PLAUS-004")
    assert (f.sheet, f.cell, f.line) == (None, None, None)       # a per-capita total of the file
    kg_per_day = sum(counted) / 1_050_000 / 365                   # landfill history (earlier years) excluded
    assert len(counted) == 4 and f"is {kg_per_day:.3g} kg per person per day" in f.message
    assert rep.errors == 0


# -- batch and calculation rules ----------------------------------------------------------
def _report(file, city, year, basic):
    from ghgkit.validation.batch import FileReport

    return FileReport(file=file, city=city, year=year, basic_co2e_t=basic)


@pytest.mark.parametrize("before,after,fires", [(100_000.0, 40_000.0, True),    # -60 %: a fall fires too
                                                (100_000.0, 180_000.0, True),   # +80 %
                                                (100_000.0, 75_000.0, False),   # -25 %: under the 30 % threshold
                                                (100_000.0, 129_000.0, False)])
def test_plaus005_year_on_year_both_ways(before, after, fires):
    from ghgkit.validation.batch import year_on_year

    old, new = _report("c_2022.csv", "Tan Hoa", 2022, before), _report("c_2023.csv", "Tan Hoa", 2023, after)
    year_on_year([old, new])
    hits = [f for f in new.findings if f.code == "PLAUS-005"]
    assert bool(hits) is fires and not old.findings
    if fires:
        change = 100 * (after - before) / before
        assert f"{change:+.0f} %" in hits[0].message and "c_2022.csv" in hits[0].hint


def _csv_with_settings(tmp_path, body, **settings):
    p = tmp_path / "city.csv"
    p.write_text("sector,subsector,activity,amount,unit,method\n" + body, encoding="utf-8")
    (tmp_path / "city.toml").write_text("\n".join(f"{k} = {v!r}" for k, v in settings.items()) + "\n",
                                        encoding="utf-8")
    return p


def test_calc002_totals_not_computed_when_a_row_is_wrong(tmp_path):
    p = _csv_with_settings(tmp_path, "household,,diesel,abc,L,\n", city="X", inventory_year=2023, population=1000)
    rep = validate_file(p)
    assert "CELL-001" in rep.codes() and "CALC-002" in rep.codes()
    assert rep.basic_co2e_t is None


def test_calc003_carries_the_calculation_notes(tmp_path):
    # domestic wastewater without protein_kg_per_person_yr: effluent N2O not estimated (a calculation note)
    p = _csv_with_settings(tmp_path, "wastewater,domestic,population,1000,persons,septic_tank\n",
                           city="X", inventory_year=2023, population=1000, bod_per_capita=40)
    rep = validate_file(p)
    notes = [f for f in rep.findings if f.code == "CALC-003"]
    assert any("N2O not estimated" in f.message for f in notes)
    assert "CALC-002" not in rep.codes()
    # 1000 persons x 40 g BOD/day x 365 x 1e-6 = 14.6 t BOD; x I 1.0 x Bo 0.6 x MCF 0.5 (septic) = 4.38 t CH4
    # x GWP AR5 28 = 122.64 t CO2e
    assert rep.basic_co2e_t == pytest.approx(122.64)


def _rezip(src, dst, edits: dict):
    """*src* with parts replaced by ``edits[name](bytes) -> bytes`` (None: the part removed), as *dst*."""
    import zipfile

    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename in edits:
                data = edits[info.filename](data)
                if data is None:
                    continue
            zout.writestr(info, data)
    return dst


ENERGY = "xl/worksheets/sheet3.xml"            # the template's Energy sheet (rId3)


def test_a_sheet_part_named_in_another_case_is_read_and_a_missing_one_refused(demo_xlsx, demo_report, tmp_path):
    """Part names are not case-sensitive: Energy at 'Sheet3.xml' was read as an empty sheet (BASIC
    without it, exit 0). A sheet whose part is not in the file is FILE-005."""
    rels = "xl/_rels/workbook.xml.rels"
    moved = _rezip(demo_xlsx, tmp_path / "case.xlsx", {
        rels: lambda b: b.replace(b"worksheets/sheet3.xml", b"worksheets/Sheet3.xml")})
    assert validate_file(moved).basic_co2e_t == pytest.approx(demo_report.basic_co2e_t, rel=1e-12)
    gone = _rezip(demo_xlsx, tmp_path / "gone.xlsx", {ENERGY: lambda b: None})
    rep = validate_file(gone)
    assert _one(rep, "FILE-005").sheet == "Energy" and rep.basic_co2e_t is None


def test_a_formulas_placeholder_zero_is_no_value_when_the_file_asks_to_compute_on_open(demo_xlsx, tmp_path):
    """xlsxwriter saves 0 as a formula's value and asks (fullCalcOnLoad) for it to be computed on
    opening: that 0 was read as the amount (diesel 0 L, exit 0). Now CELL-003, as for no value."""
    import re

    def formula(b):
        return re.sub(rb'<c r="D2"( s="\d+")?><v>[^<]*</v></c>', rb'<c r="D2"\1><f>500*2</f><v>0</v></c>', b, count=1)

    stale = _rezip(demo_xlsx, tmp_path / "stale.xlsx", {ENERGY: formula})
    f = _one(validate_file(stale), "CELL-003")
    assert (f.sheet, f.cell) == ("Energy", "D2")
    computed = _rezip(demo_xlsx, tmp_path / "computed.xlsx", {ENERGY: formula, "xl/workbook.xml": lambda b: re.sub(
        rb'\s*fullCalcOnLoad="1"', b"", b)})
    assert not [x for x in validate_file(computed).findings if x.code == "CELL-003"]     # a saved 0 is a 0 there


def test_a_reading_guide_in_an_inline_string_is_not_part_of_the_value(demo_xlsx, demo_report, tmp_path):
    """The text of a phonetic run (<rPh>) inside an inline string was appended: 1150000 read as 11500005."""
    import re

    def inline(b):
        return re.sub(rb'<c r="D2"( s="\d+")?><v>1150000</v></c>',
                      rb'<c r="D2"\1 t="inlineStr"><is><t>1150000</t><rPh sb="0" eb="1"><t>5</t></rPh></is></c>', b,
                      count=1)

    rep = validate_file(_rezip(demo_xlsx, tmp_path / "rph.xlsx", {ENERGY: inline}))
    assert rep.basic_co2e_t == pytest.approx(demo_report.basic_co2e_t, rel=1e-12)


@pytest.mark.parametrize("value,fmt,shown", [
    (datetime.date(2023, 3, 2), None, "2023-03-02"),     # '2/3' typed in a day-first locale: stored 44987
    (datetime.time(12, 30), None, "12:30"),
    (0.08, "0%", "8%"),
    (44987, "dd/mm/yyyy", "2023-03-02"),
])
def test_a_number_shown_as_a_date_time_or_percentage_is_not_an_amount(demo_xlsx, tmp_path, value, fmt, shown):
    """The stored number of a cell formatted as a date (44987), a time (0.52) or a percentage (0.08)
    was read as the amount, exit 0: the amount is the text a person sees, refused (CELL-001)."""
    def edit(wb):
        c = wb["Energy"]["D3"]
        c.value = value
        if fmt:
            c.number_format = fmt

    rep = validate_file(_edit_demo(demo_xlsx, tmp_path / "shown.xlsx", edit))
    f = _one(rep, "CELL-001")
    assert (f.sheet, f.cell) == ("Energy", "D3") and f"'{shown}'" in f.message and rep.basic_co2e_t is None


def test_a_number_format_that_shows_numbers_keeps_the_number(demo_xlsx, demo_report, tmp_path):
    def edit(wb):
        for fmt, cell in (("#,##0.00", "D2"), ("0.00E+00", "D3"), ('"t "0', "D4")):
            wb["Energy"][cell].number_format = fmt

    rep = validate_file(_edit_demo(demo_xlsx, tmp_path / "formats.xlsx", edit))
    assert rep.basic_co2e_t == pytest.approx(demo_report.basic_co2e_t, rel=1e-12)


def test_a_fraction_shown_as_a_percentage_is_that_fraction_in_settings(demo_xlsx, tmp_path):
    """Settings hold fractions: 0.1 shown as 10% (ox) is 0.1, as before; an uncertainty shown as 10%
    is 10 (%), not 0.1 %."""
    def edit(wb):
        st = wb["Settings"]
        for row in st.iter_rows(min_row=2):
            if row[0].value == "td_loss_rate":
                row[1].value = 0.08
                row[1].number_format = "0%"
        e = wb["Energy"]
        col = next(c.column for c in e[1] if c.value == "uncertainty_pct")
        e.cell(2, col, 0.1).number_format = "0%"

    from ghgkit import load

    act, settings = load(str(_edit_demo(demo_xlsx, tmp_path / "pct.xlsx", edit)))
    assert settings.td_loss_rate == pytest.approx(0.08) and act["uncertainty_pct"].iloc[0] == pytest.approx(10.0)


def test_a_sheet_of_the_citys_own_with_a_title_is_left_alone(demo_xlsx, demo_report, tmp_path):
    """A 'Data sources' sheet with a title and Sector | Activity | Source columns below was refused as
    an unread activity sheet (a review of STRUCT-002's first version)."""
    def edit(wb):
        ws = wb.create_sheet("Data sources")
        ws["A1"] = "Where each figure comes from"
        for j, v in enumerate(["Sector", "Activity", "Data source", "Contact"], 1):
            ws.cell(3, j, v)
        for j, v in enumerate(["household", "lpg", "survey", "x"], 1):
            ws.cell(4, j, v)

    rep = validate_file(_edit_demo(demo_xlsx, tmp_path / "own.xlsx", edit))
    assert "STRUCT-002" not in rep.codes() and rep.basic_co2e_t == pytest.approx(demo_report.basic_co2e_t)


def test_a_copied_activity_sheet_with_a_title_row_is_not_dropped(demo_xlsx, tmp_path):
    """'Energy (2)' (Excel's name for a copy) with a title above its header: its rows vanished (BASIC
    without them, status ok) once STRUCT-002 was kept to the template's sheets; a later row naming
    sector, activity and amount marks an activity sheet wherever it is."""
    def edit(wb):
        src = wb["Energy"]
        ws = wb.create_sheet("Energy (2)")
        ws["A1"] = "Industrial park, utility data 2023"
        for j, c in enumerate(src[1], 1):
            ws.cell(2, j, c.value)
        for j, c in enumerate(src[2], 1):
            ws.cell(3, j, c.value)

    rep = validate_file(_edit_demo(demo_xlsx, tmp_path / "copy.xlsx", edit))
    f = _one(rep, "STRUCT-002")
    assert f.sheet == "Energy (2)" and "row 2" in f.message and rep.basic_co2e_t is None


def test_a_percentage_setting_shown_as_a_percentage_is_the_number_shown(demo_xlsx, tmp_path):
    """grid_ef_uncertainty_pct typed as 10% in a %-formatted cell was 0.1 (%): ± 1.2 % for ± 10.1 %."""
    def edit(wb):
        st = wb["Settings"]
        r = st.max_row + 1
        st.cell(r, 1, "grid_ef_uncertainty_pct")
        st.cell(r, 2, 0.10).number_format = "0%"

    from ghgkit.io.importers import load_checked

    _, settings, _ = load_checked(_edit_demo(demo_xlsx, tmp_path / "pct_setting.xlsx", edit))
    from ghgkit.inventory_uncertainty import _setting_pct

    assert _setting_pct(settings, "grid_ef_uncertainty_pct") == pytest.approx(10.0)


def test_a_sheet_naming_the_columns_below_a_title_is_an_error_with_a_way_out(demo_xlsx, demo_report, tmp_path):
    """A sheet with a title and Sector | Activity | Amount | Unit below is not read: an error wherever it
    is (as a warning, 'Copy of Energy' or 'Industry' with a title lost its rows with exit 0); a summary
    of the city's own is told how to pass."""
    def summary(name):
        def edit(wb):
            ws = wb.create_sheet(name)
            ws["A1"] = "Emissions summary 2023 (for the council)"
            for j, v in enumerate(["Sector", "Activity", "Amount", "Unit"], 1):
                ws.cell(3, j, v)
            for j, v in enumerate(["household", "electricity", 1150000, "MWh"], 1):
                ws.cell(4, j, v)
        return edit

    for name in ("Summary", "Copy of Energy", "Industry", "Energy 2022"):
        rep = validate_file(_edit_demo(demo_xlsx, tmp_path / "summary.xlsx", summary(name)))
        f = _one(rep, "STRUCT-002")
        assert (f.sheet, f.severity) == (name, "error") and "rename those column names" in f.hint
        assert rep.basic_co2e_t is None


@pytest.mark.parametrize("unit,want", [("%", "80"), ("percent", "80"), ("TJ/TJ", "0.8"), ((0.01, "p"), "80")])
def test_a_factors_value_shown_as_a_percentage_with_a_percent_unit_is_the_number_shown(unit, want):
    """A Factors property shown as 80% (stored 0.8) with unit '%' was taken as 0.8 %: natural gas 449 t
    for 44,924 t, exit 0. With a unit of one hundredth it is 80; with another unit the fraction."""
    from ghgkit.rules.findings import Findings
    from ghgkit.rules.submission import factor_rows
    from ghgkit.validation.readers import Sheet, Submission

    head = ["property_id", "activity", "property", "fuel", "value", "unit", "region", "source"]
    row = ["ncv_gcv_natural_gas", "natural_gas", "ncv_gcv", "natural_gas", (0.8, "p"), unit, "default", "study"]
    cells = {j: (v if isinstance(v, tuple) else (v, "s")) + (None,) for j, v in enumerate(row)}
    sh = Sheet(name="Factors", rows=[(1, False, {j: (h, "s", None) for j, h in enumerate(head)}), (2, False, cells)])
    (got,) = factor_rows(Submission(path="x.xlsx", sheets=[sh]), Findings("x.xlsx"))
    assert dict(got)["value"] == want
    assert dict(got)["unit"] == (unit if isinstance(unit, str) else "0.01")      # the unit itself as given


@pytest.mark.parametrize("lang", ["ja", "id", "vi", "th"])
def test_every_hint_of_the_bad_corpus_is_translated(reports, lang):
    """validate --lang: the hints that carry a value (a plausibility threshold, the previous year's
    file, the template's columns) are translated as the fixed ones are; none is left in English."""
    from ghgkit import i18n

    tr = i18n.translator(lang)
    hints = {f.hint for r in reports.values() for f in r.findings if f.hint}
    codes = {f.code for r in reports.values() for f in r.findings if f.hint}
    assert {"PLAUS-001", "PLAUS-005", "STRUCT-003", "CALC-001"} <= codes
    left = sorted(h for h in hints if tr.hint(h) == h)
    assert not left, left


def test_value_hints_keep_the_input_and_the_network_words(tmp_path):
    from ghgkit import i18n
    from ghgkit.rules.findings import HINT_SHAPES
    from ghgkit.sectors.transport import _fuel_economy_hint

    ja = i18n.translator("ja")
    own = HINT_SHAPES["plausibility"] % {"threshold": batch.thresholds()["basic_per_capita_t"]["source"].split(":")[0]}
    assert ja.hint(own).endswith("（しきい値：ghgkit が定めたスクリーニング値）")
    network = HINT_SHAPES["plausibility"] % {"threshold": "ASEAN network range 2025"}   # a network's own words
    assert ja.hint(network).startswith("単位、小数点、人口") and "ASEAN network range 2025" in ja.hint(network)
    prev = HINT_SHAPES["year_on_year"] % {"file": "inventories/tan_hoa_2021.csv"}
    assert ja.hint(prev).endswith("前年：inventories/tan_hoa_2021.csv")
    hint = _fuel_economy_hint("bus_diesl", ["bus_diesel", "car_gasoline"])
    assert hint.startswith("did you mean 'bus_diesel'? give a fuel_economy row")
    assert ja.hint(hint).startswith("'bus_diesel' のことですか？ ブックの Factors シート")
    assert _fuel_economy_hint("tractor", []).startswith("give a fuel_economy row")      # no leading blank
    assert _fuel_economy_hint("tractor", ["bus_diesel"]).startswith("give a fuel_economy row")   # none close
    (tmp_path / "blank.csv").write_text(" \n\n", encoding="utf-8")
    empty = validate_file(tmp_path / "blank.csv").findings[0]
    assert empty.code == "FILE-010" and empty.hint.endswith("columns: sector,subsector,activity,amount,unit")
    assert ja.hint(empty.hint) == "1行目には列名を書いてください：sector,subsector,activity,amount,unit"


HINTS_FACTOR_FILE = ("fix it, or move it out of this folder if it is not meant for this CSV (`ghgkit factors check "
                     "FILE` lists every bad line)")


def test_factor_file_and_energy_unit_hints(tmp_path):
    """STRUCT-011 names `ghgkit factors check` once (its hint repeated it after the factor file's own
    hint, which says the same) and is translated with the factor file's hint inside it; CALC-001's
    'enter wood in an energy unit' hint is translated around the activity and property."""
    import shutil

    from ghgkit import i18n

    shutil.copy(DEMO / "demo_city.csv", tmp_path / "city.csv")
    shutil.copy(DEMO / "settings.toml", tmp_path / "city.toml")
    shutil.copy(DEMO / "factors.csv", tmp_path / "bus_factors.csv")
    with open(tmp_path / "bus_factors.csv", "a", encoding="utf-8") as fh:
        fh.write("fe_bad,city_bus_diesel,fuel_economy,lots,L/100km,diesel,default,demo_survey,x,\n")
    (r,) = validate_paths([tmp_path])
    hint = next(f.hint for f in r.findings if f.code == "STRUCT-011")
    assert hint.count("ghgkit factors check FILE") == 1
    assert hint == ("run `ghgkit factors check FILE` to list every bad line; fix it, or move it out of this folder "
                    "if it is not meant for this CSV")
    (tmp_path / "bus_factors.csv").write_bytes("factor_id,activity\nfe,caf\xe9\n".encode("latin-1"))  # not UTF-8
    (r,) = validate_paths([tmp_path])
    latin = next(f.hint for f in r.findings if f.code == "STRUCT-011")
    assert latin == ("save it as CSV UTF-8; fix it, or move it out of this folder if it is not meant for this CSV "
                     "(`ghgkit factors check FILE` lists every bad line)")
    for lang in ("ja", "id", "vi", "th"):
        t = i18n.translator(lang).hint(latin)
        assert "save it as" not in t and "fix it" not in t and "`ghgkit factors check FILE`" in t, (lang, t)
        # a hint inside that ends in a list ('choose one of ...') does not swallow the words after it
        t = i18n.translator(lang).hint("choose one of a, b; " + latin.split("; ", 1)[1])
        assert "fix it" not in t and "choose one of" not in t, (lang, t)
    assert batch._factor_file_hint(None) == HINTS_FACTOR_FILE
    (tmp_path / "bus_factors.csv").unlink()
    with open(tmp_path / "city.csv", "a", encoding="utf-8") as fh:
        fh.write("household,,wood,1000,L\n")
    (r,) = validate_paths([tmp_path])
    wood = next(f.hint for f in r.findings if f.code == "CALC-001" and "wood" in f.hint)
    assert wood == ("enter wood in an energy unit (GJ, TJ, MWh), or give a 'density' property row in a factor file "
                    "(--factors FILE)")
    ja = i18n.translator("ja")
    assert ja.hint(hint) == ("`ghgkit factors check FILE` を実行すると、問題のある行がすべて表示されます。"
                             "ファイルを直すか、この CSV 用でなければこのフォルダから移動してください")  # both parts
    for lang in ("ja", "id", "vi", "th"):
        t = i18n.translator(lang).hint(wood)
        assert "wood" in t and "'density'" in t and "enter wood" not in t and "--factors FILE" in t


@pytest.mark.parametrize("year", ["4", "22", "2022.5", "20222"])
def test_a_year_not_written_in_full_is_refused(tmp_path, year):
    """A review's wrong total with exit 0: a landfill history row of year 22 (for 2022) was taken as a
    deposit of year 22, decayed long before the inventory year; a year is a whole number of four digits."""
    import shutil

    shutil.copy(DEMO / "settings.toml", tmp_path / "city.toml")
    lines = (DEMO / "demo_city.csv").read_text(encoding="utf-8").splitlines()
    n = next(i for i, line in enumerate(lines) if line.startswith("waste,landfill,food,") and ",2004," in line)
    lines[n] = lines[n].replace(",2004,", f",{year},", 1)
    (tmp_path / "city.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (r,) = validate_paths([tmp_path / "city.csv"])
    bad = [f for f in r.findings if f.code == "CELL-001"]
    assert len(bad) == 1 and bad[0].line == n + 1 and "not a calendar year written in full" in bad[0].message
    assert r.errors == 1 and r.basic_co2e_t is None


def test_calc_warns_of_an_implausible_grid_factor():
    """calc runs validate's check of the grid factor (a review: 600 written for 600 g/kWh gave a BASIC total
    of 2.07 billion t with exit 0 and not a word; validate warned, calc did not)."""
    from ghgkit.cli import main

    args = ["calc", str(DEMO / "demo_city.csv"), "--settings", str(DEMO / "settings.toml"),
            "--factors", str(DEMO / "factors.csv")]
    r = CliRunner().invoke(main, [*args, "--set", "grid_ef=600"])
    assert "warning PLAUS-006" in r.output and "the grid emission factor is 600 t CO2 per MWh" in r.output
    line = next(x for x in r.output.splitlines() if "PLAUS-006" in x)
    assert 'write its unit (grid_ef = "600 g/kWh")' in line and "population" not in line
    assert "PLAUS-006" not in CliRunner().invoke(main, args).output


@pytest.mark.parametrize("extra,first", [
    ("household,,electricity,1150000,MWh,2023,,2,,,high,2,copy,copy", 2),        # year 2023 and scope 2 written
    ("transport,on_road,gasoline,180000000,L,,,,,,medium,10,copy,copy", 17),      # fuel_sales left blank
])
def test_a_copy_that_writes_what_the_original_leaves_blank_is_a_duplicate(tmp_path, extra, first):
    """A review's double count with exit 0: a copy of a row writing the inventory year, the default scope
    or fuel_sales where the original left them blank was summed twice without CELL-005."""
    import shutil

    shutil.copy(DEMO / "settings.toml", tmp_path / "city.toml")
    text = (DEMO / "demo_city.csv").read_text(encoding="utf-8").rstrip("\n") + "\n" + extra + "\n"
    (tmp_path / "city.csv").write_text(text, encoding="utf-8")
    n = len(text.splitlines())
    dup = [f for f in validate_file(tmp_path / "city.csv").findings if f.code == "CELL-005"]
    assert [(f.line, f.message.split(" (")[0]) for f in dup] == [(n, f"duplicate of the activity at line {first}")]
