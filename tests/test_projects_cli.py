"""The ``ghgkit project`` command group, the Excel template and the reports."""

import json
import re
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from ghgkit.cli.project import project, write_project_template
from ghgkit.projects import estimate, load_project, monitor

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "projects"
LIGHTS = EXAMPLES / "street_lighting_yokohama_danang.yaml"


def run(*args):
    return CliRunner().invoke(project, [str(a) for a in args])


def test_estimate_table_and_json():
    r = run("estimate", LIGHTS)
    assert r.exit_code == 0, r.output
    assert "Ex-ante estimate" in r.output and "GWP set AR5" in r.output
    assert "2,160.7" in r.output          # 5000 x 155 W x 4100 h x 0.68 t/MWh
    r = run("estimate", LIGHTS, "--format", "json")
    d = json.loads(r.output)
    assert d["gwp"] == "AR5" and len(d["years"]) == 10
    y = d["years"][0]
    assert set(y) >= {"year", "baseline_t", "project_t", "leakage_t", "reduction_t", "intermediate"}


def test_monitor_json_has_ex_ante_and_attribution():
    r = run("monitor", LIGHTS, "--format", "json")
    assert r.exit_code == 0, r.output
    d = json.loads(r.output)
    y = d["years"][0]
    assert y["year"] == 2025 and "ex_ante" in y and set(y["attribution_t"]) == {"lamps", "operating_hours"}


def test_portfolio_table_html_excel(tmp_path):
    html, xlsx = tmp_path / "p.html", tmp_path / "p.xlsx"
    r = run("portfolio", EXAMPLES, "--html", html, "--excel", xlsx)
    assert r.exit_code == 0, r.output
    for heading in ("By year", "By host city", "By partner city", "By methodology", "Projects"):
        assert heading in r.output
    text = html.read_text()
    assert "<table" in text and '<th scope="col">' in text and '<th scope="row">' in text
    assert "@media print" in text and "<svg" in text
    assert not re.search(r'<script[^>]*src=', text)
    assert not re.search(r'(src|href)="(https?:)?//', text)
    wb = openpyxl.load_workbook(xlsx)
    assert {"Summary", "By year", "Projects"} <= set(wb.sheetnames)


def test_estimate_and_monitor_reports(tmp_path):
    for cmd in ("estimate", "monitor"):
        h, x = tmp_path / f"{cmd}.html", tmp_path / f"{cmd}.xlsx"
        r = run(cmd, EXAMPLES / "composting_kitakyushu_surabaya.yaml", "--html", h, "--excel", x)
        assert r.exit_code == 0, r.output
        t = h.read_text()
        assert "Parameters and their sources" in t and "Table 3.3" in t and "AR5" in t
        assert "Summary" in openpyxl.load_workbook(x).sheetnames


def test_user_text_is_escaped_and_inert(tmp_path):
    f = tmp_path / "evil.yaml"
    f.write_text(LIGHTS.read_text().replace("title: LED street lighting on the coastal roads of Da Nang",
                                            "title: \"=HYPERLINK(\\\"x\\\") <script>alert(1)</script>\""))
    h, x = tmp_path / "e.html", tmp_path / "e.xlsx"
    r = run("estimate", f, "--html", h, "--excel", x)
    assert r.exit_code == 0, r.output
    assert "<script>alert" not in h.read_text()
    cell = openpyxl.load_workbook(x)["Summary"]["B1"]
    assert cell.value == '=HYPERLINK("x") <script>alert(1)</script>'     # the text, unchanged
    assert cell.data_type == "s" and cell.quotePrefix                       # a text cell, kept as text
    assert not openpyxl.load_workbook(x)["Summary"]["B2"].quotePrefix


def test_error_is_one_line_exit_2(tmp_path):
    f = tmp_path / "bad.yaml"
    f.write_text(LIGHTS.read_text().replace("unit: W, source: project design document (illustrative); LED",
                                            "unit: kg, source: project design document (illustrative); LED"))
    r = run("estimate", f)
    assert r.exit_code == 2
    assert "Traceback" not in r.output
    assert "project_lamp_power" in r.output and "W or kW" in r.output
    r = run("estimate", tmp_path / "missing.yaml")
    assert r.exit_code == 2 and "not found" in r.output


def test_negative_reduction_flagged_in_cli(tmp_path):
    f = tmp_path / "neg.yaml"
    f.write_text(LIGHTS.read_text().replace("value: 120, unit: W", "value: 320, unit: W"))
    r = run("estimate", f)
    assert r.exit_code == 0
    assert "NEGATIVE" in r.stdout and "warning:" in r.stderr


def test_template_round_trip(tmp_path):
    x = tmp_path / "t.xlsx"
    write_project_template("street_lighting", x)
    wb = openpyxl.load_workbook(x)
    assert {"Project", "Parameters", "Monitoring", "Instructions"} <= set(wb.sheetnames)
    ws = wb["Project"]
    vals = {"title": "Lights", "host_city": "Da Nang", "partner_city": "Yokohama", "start_year": 2025,
            "crediting_period": 3}
    for row in ws.iter_rows(min_row=2):
        if row[0].value in vals:
            row[1].value = vals[row[0].value]
    ws = wb["Parameters"]
    given = {"lamps": (100, "", "inventory"), "baseline_lamp_power": (250, "W", "spec"),
             "project_lamp_power": (0.1, "kW", "spec"), "operating_hours": (4000, "h/yr", "log"),
             "grid_ef": (600, "g CO2/kWh", "utility")}
    for row in ws.iter_rows(min_row=2):
        if row[0].value in given:
            v, u, s = given[row[0].value]
            row[1].value, row[2].value, row[3].value = v, u, s
    ws = wb["Monitoring"]
    for i, (p, v) in enumerate((("lamps", 90), ("operating_hours", 4000)), start=2):
        ws.cell(i, 1, 2025)
        ws.cell(i, 2, p)
        ws.cell(i, 3, v)
        ws.cell(i, 5, "log book")
    wb.save(x)
    p = load_project(x)
    assert p.methodology == "street_lighting" and p.locations["ex_ante.lamps"].sheet == "Parameters"
    assert estimate(p).years[0]["reduction_t"] == pytest.approx(100 * 150 * 4000 / 1e6 * 0.6)
    assert monitor(p).years[0]["reduction_t"] == pytest.approx(90 * 150 * 4000 / 1e6 * 0.6)


def test_template_unknown_methodology(tmp_path):
    from ghgkit.cli import main

    r = CliRunner().invoke(main, ["template", "--project", "compost", "-o", str(tmp_path / "x.xlsx")])
    assert r.exit_code == 2 and "composting" in r.output and not (tmp_path / "x.xlsx").exists()


def test_one_way_to_write_a_project_template(tmp_path):
    """`ghgkit template --project` writes project forms; `project template` is gone."""
    r = run("template", "street_lighting", "-o", tmp_path / "x.xlsx")
    assert r.exit_code == 2 and "No such command" in r.output


def test_template_for_every_methodology(tmp_path):
    from ghgkit.projects import METHODOLOGIES
    for m in METHODOLOGIES:
        write_project_template(m, tmp_path / f"{m}.xlsx")
        assert openpyxl.load_workbook(tmp_path / f"{m}.xlsx")["Project"]["B7"].value == m


# -- portfolio with invalid and copied files; warnings once; inputs never overwritten -----------
def _portfolio_folder(tmp_path, *, bad=True, copy=False):
    """The example projects, plus an invalid file and/or a copy of one of them."""
    folder = tmp_path / "portfolio"
    folder.mkdir()
    for f in EXAMPLES.glob("*.yaml"):
        (folder / f.name).write_text(f.read_text())
    if bad:
        (folder / "broken.yaml").write_text(LIGHTS.read_text().replace("start_year: 2025",
                                                                       "start_year: soon"))
    if copy:
        (folder / "zz_copy_of_lighting.yaml").write_text(LIGHTS.read_text())
    return folder


def _examples_total():
    from ghgkit.projects import load_folder, portfolio
    return portfolio(load_folder(EXAMPLES)).totals["reduction_t"]


def test_portfolio_skips_invalid_file_and_sums_the_rest(tmp_path):
    folder = _portfolio_folder(tmp_path)
    h, x = tmp_path / "p.html", tmp_path / "p.xlsx"
    r = run("portfolio", folder, "--format", "json", "--html", h, "--excel", x)
    assert r.exit_code == 1, r.output
    assert "Traceback" not in r.output
    d = json.loads(r.stdout)
    assert len(d["projects"]) == 6
    assert d["totals"]["reduction_t"] == pytest.approx(_examples_total())
    [e] = d["not_included"]
    assert e["file"].endswith("broken.yaml") and e["reason"] == "invalid"
    assert e["place"] == "line 9" and "start_year" in e["error"]
    assert "not included:" in r.stderr and "broken.yaml:line 9: start_year" in r.stderr
    assert "1 of 7 project files not included" in r.stderr
    assert "Not included" in h.read_text() and "broken.yaml" in h.read_text()
    wb = openpyxl.load_workbook(x)
    rows = list(wb["Not included"].iter_rows(values_only=True))
    assert rows[1][0].endswith("broken.yaml") and rows[1][2] == "line 9"
    # the table names the file too
    r = run("portfolio", folder)
    assert r.exit_code == 1
    assert "Not included" in r.stdout and "broken.yaml" in r.stdout and "Portfolio of 6" in r.stdout


def test_portfolio_all_read_exits_0_and_cannot_run_exits_2(tmp_path):
    r = run("portfolio", EXAMPLES, "--format", "json")
    assert r.exit_code == 0 and json.loads(r.stdout)["not_included"] == []
    assert r.stderr == ""
    r = run("portfolio", tmp_path / "no_such_folder")
    assert r.exit_code == 2 and "not a folder" in r.stderr
    (tmp_path / "empty").mkdir()
    r = run("portfolio", tmp_path / "empty")
    assert r.exit_code == 2 and "no project files" in r.stderr
    only_bad = tmp_path / "only_bad"
    only_bad.mkdir()
    (only_bad / "a.yaml").write_text("title: [\n")
    r = run("portfolio", only_bad, "--excel", tmp_path / "o.xlsx")
    assert r.exit_code == 2
    assert "a.yaml:line 2: not valid YAML" in r.stderr and "none of the 1 project files" in r.stderr
    assert not (tmp_path / "o.xlsx").exists()


def test_portfolio_counts_a_copied_project_once(tmp_path):
    folder = _portfolio_folder(tmp_path, bad=False, copy=True)
    x = tmp_path / "p.xlsx"
    r = run("portfolio", folder, "--format", "json", "--excel", x)
    assert r.exit_code == 0, r.output
    d = json.loads(r.stdout)
    assert len(d["projects"]) == 6
    assert d["totals"]["reduction_t"] == pytest.approx(_examples_total())
    [e] = d["not_included"]
    assert e["reason"] == "duplicate" and e["file"].endswith("zz_copy_of_lighting.yaml")
    assert e["duplicate_of"].endswith("street_lighting_yokohama_danang.yaml")
    [w] = [line for line in r.stderr.splitlines() if line.startswith("warning:")]
    assert "zz_copy_of_lighting.yaml" in w and "street_lighting_yokohama_danang.yaml" in w
    assert "counted once" in w
    assert {row[0] for row in openpyxl.load_workbook(x)["Not included"].iter_rows(values_only=True)} >= {
        e["file"]}


def test_portfolio_copy_and_invalid_together(tmp_path):
    folder = _portfolio_folder(tmp_path, bad=True, copy=True)
    r = run("portfolio", folder)
    assert r.exit_code == 1
    assert r.stdout.count("zz_copy_of_lighting.yaml") == 1 and "broken.yaml" in r.stdout
    assert r.stderr.count("warning: ") == 1


def test_warnings_printed_once_on_stderr(tmp_path):
    f = tmp_path / "neg.yaml"
    f.write_text(LIGHTS.read_text().replace("value: 120, unit: W", "value: 320, unit: W"))
    for fmt in ("table", "json"):
        r = run("estimate", f, "--format", fmt)
        assert r.exit_code == 0
        assert "WARNING" not in r.stdout and "warning:" not in r.stdout
        n = len(json.loads(run("estimate", f, "--format", "json").stdout)["warnings"])
        assert n >= 1 and r.stderr.count("warning: ") == n
    json.loads(run("estimate", f, "--format", "json").stdout)     # stdout stays pure JSON


@pytest.mark.parametrize("cmd", ["estimate", "monitor"])
@pytest.mark.parametrize("opt", ["--excel", "--html"])
def test_output_that_is_the_input_is_refused(tmp_path, cmd, opt):
    f = tmp_path / "lights.yaml"
    text = LIGHTS.read_text()
    f.write_text(text)
    r = run(cmd, f, opt, f)
    assert r.exit_code == 2
    assert "is the input file" in r.stderr and "nothing was written" in r.stderr
    assert f.read_text() == text
    other = tmp_path / "sub" / ".." / "lights.yaml"          # the same file by another name
    (tmp_path / "sub").mkdir()
    r = run(cmd, f, opt, other)
    assert r.exit_code == 2 and f.read_text() == text


def test_portfolio_output_that_is_an_input_is_refused(tmp_path):
    folder = _portfolio_folder(tmp_path)
    target = folder / "broken.yaml"                            # even an invalid input is kept
    before = target.read_text()
    html = tmp_path / "p.html"
    r = run("portfolio", folder, "--html", html, "--excel", target)
    assert r.exit_code == 2 and "is the input file" in r.stderr
    assert target.read_text() == before and not html.exists()
    r = run("portfolio", folder, "--html", html, "--excel", html)
    assert r.exit_code == 2 and "same file" in r.stderr and not html.exists()


def test_portfolio_skips_a_file_that_fails_in_the_calculation(tmp_path):
    folder = _portfolio_folder(tmp_path, bad=False)
    (folder / "zz_late.yaml").write_text(
        LIGHTS.read_text().replace("title: LED street lighting", "title: Other LED street lighting")
        .replace("{year: 2026, parameter: lamps", "{year: 2040, parameter: lamps"))
    r = run("portfolio", folder, "--format", "json")
    assert r.exit_code == 1, r.output
    d = json.loads(r.stdout)
    assert d["totals"]["reduction_t"] == pytest.approx(_examples_total())
    [e] = d["not_included"]
    assert e["file"].endswith("zz_late.yaml") and "2040" in e["error"] and e["place"] == "monitoring.2:line 21"


def test_portfolio_page_gives_hints_in_the_chosen_language(tmp_path):
    """A review: the terminal translated a left-out file's hint with --lang, the HTML page did not."""
    import shutil

    from ghgkit.i18n import translator

    folder = tmp_path / "pf"
    shutil.copytree(EXAMPLES, folder)
    wb = openpyxl.Workbook()
    wb.active.title = "Foo"
    wb.save(folder / "noproject.xlsx")
    r = run("portfolio", folder, "--lang", "ja", "--html", tmp_path / "p.html")
    assert r.exit_code == 1, r.output
    page = (tmp_path / "p.html").read_text(encoding="utf-8")
    row = page[page.index("noproject.xlsx"):]
    row = row[:row.index("</tr>")]
    hint = re.search(r'<td>([^<]*)</td>$', row).group(1)
    assert hint and "ヒント" not in hint
    english = [h for h in re.findall(r"hint: (.*)", r.stderr)]
    assert not english                                           # the terminal says ヒント, translated
    assert "ヒント" in r.stderr and hint in r.stderr.replace("&", "&amp;")
    assert translator("ja").gettext("make one with: ghgkit template --project METHODOLOGY -o FILE.xlsx") in page
