"""`calc --uncertainty`: JSON, CSV, HTML and Excel carry it; without the flag nothing changes."""

import json
import math

import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner

from ghgkit.cli import main

from conftest import ROOT, write_csv

FACTORS = """# source fixture: ranges made up for this test (not published values)
factor_id,activity,gas,value,unit,sector,low,high,source
t_lpg_co2,lpg,CO2,60000,kg/TJ,household,57000,63000,fixture
t_lpg_ch4,lpg,CH4,5,kg/TJ,household,2,10,fixture
t_lpg_n2o,lpg,N2O,0.1,kg/TJ,household,0.05,0.15,fixture
"""
# per row (1000 t LPG, see test_uncertainty._by_hand_row): factor part 4.99163 %
EF = math.sqrt((5 * 2838.0) ** 2 + (100 * 6.622) ** 2 + (50 * 1.25345) ** 2) / 2845.87545


def _files(tmp_path, rows=None):
    rows = rows or [dict(sector="household", activity="lpg", amount=1000, unit="t", uncertainty_pct=10),
                    dict(sector="household", activity="lpg", amount=2000, unit="t", uncertainty_pct=20)]
    a = write_csv(tmp_path / "a.csv", rows)
    (tmp_path / "f.csv").write_text(FACTORS)
    return [str(a), "--set", "inventory_year=2023", "--factors", str(tmp_path / "f.csv")]


def run(*args):
    return CliRunner().invoke(main, ["calc", *map(str, args)])


def test_json_has_totals_uncertainty_by_hand(tmp_path):
    r = run(*_files(tmp_path), "--format", "json", "--uncertainty", "approach1")
    assert r.exit_code == 0, r.stderr
    u = json.loads(r.stdout)["totals"]["uncertainty"]
    assert u["method"] == "approach1" and u["rows_missing"] == 0
    assert u["co2e_t"]["half_width_pct"] == pytest.approx(math.sqrt(100 + 1600 + 9 * EF ** 2) / 3)
    assert u["co2e_t"]["complete"] is True and u["draws"] is None


def test_json_monte_carlo_seeded(tmp_path):
    args = [*_files(tmp_path), "--format", "json", "--uncertainty", "montecarlo", "--draws", "2000", "--seed", "3"]
    a, b = run(*args), run(*args)
    ua, ub = (json.loads(x.stdout)["totals"]["uncertainty"] for x in (a, b))
    assert ua == ub and ua["draws"] == 2000 and ua["seed"] == 3
    t = ua["co2e_t"]
    assert t["p2_5_t"] < t["value_t"] < t["p97_5_t"]


def test_csv_has_the_combined_percentage_per_row(tmp_path):
    r = run(*_files(tmp_path), "--format", "csv", "--uncertainty", "approach1")
    df = pd.read_csv(__import__("io").StringIO(r.stdout))
    assert list(df["combined_uncertainty_pct"]) == pytest.approx([math.sqrt(100 + EF ** 2), math.sqrt(400 + EF ** 2)])


def test_without_the_flag_nothing_is_added(tmp_path):
    j = json.loads(run(*_files(tmp_path), "--format", "json").stdout)
    assert "uncertainty" not in j["totals"]
    assert "combined_uncertainty_pct" not in run(*_files(tmp_path), "--format", "csv").stdout
    r = run(*_files(tmp_path), "--draws", "1000")
    assert r.exit_code == 2 and "--uncertainty montecarlo" in r.stderr
    r = run(*_files(tmp_path), "--uncertainty", "approach1", "--seed", "1")
    assert r.exit_code == 2


def test_reports_carry_the_section(tmp_path):
    rows = [dict(sector="household", activity="lpg", amount=1000, unit="t", uncertainty_pct=10),
            dict(sector="household", activity="lpg", amount=500, unit="t", source="=HYPERLINK(\"x\")"),
            dict(sector="building", activity="lpg", amount=10, unit="t", uncertainty_pct=5)]
    r = run(*_files(tmp_path, rows), "--uncertainty", "approach1", "--html", tmp_path / "r.html",
            "--excel", tmp_path / "r.xlsx")
    assert r.exit_code == 0, r.stderr
    assert "no interval for the total" in r.stdout
    html = (tmp_path / "r.html").read_text()
    sec = html[html.index('id="h-uncertainty"'):]
    sec = sec[:sec.index("</section>")]
    assert "no interval" in sec and "line 3" in sec and "range of st_com_lpg_co2" in sec
    ws = openpyxl.load_workbook(tmp_path / "r.xlsx")["Uncertainty"]
    values = [[c.value for c in row] for row in ws.iter_rows()]
    total = next(v for v in values if v[0] == "All reported emissions")
    assert total[2] == "no interval"
    # only the first row is covered: its CO2e (2845.87545 t, by hand) over the inventory's total
    inv_total = json.loads(run(*_files(tmp_path, rows), "--format", "json").stdout)["totals"]["co2e_t"]
    assert total[5] == pytest.approx(2845.87545 / inv_total)
    assert total[6] == pytest.approx(math.sqrt(100 + EF ** 2))
    row1 = next(v for v in values if v[0] == "line 2")
    assert row1[6] == pytest.approx(math.sqrt(100 + EF ** 2))
    assert next(v for v in values if v[0] == "line 3")[6] is None          # blank, not 0


def test_demo_city_reports_what_is_missing():
    r = run(ROOT / "examples" / "demo_city" / "demo_city.xlsx", "--format", "json", "--uncertainty", "approach1")
    u = json.loads(r.stdout)["totals"]["uncertainty"]
    assert r.exit_code == 0
    # the shipped factor tables carry no low/high yet: nothing is covered, and nothing is made up
    assert u["co2e_t"]["complete"] is False and u["co2e_t"]["half_width_pct"] is None
    assert u["co2e_t"]["coverage_share"] == 0.0
    assert u["rows_missing"] == len(u["missing"]) > 0
    assert {"source", "lacks", "co2e_t"} <= set(u["missing"][0])


@pytest.mark.parametrize("lang,total,sep", [("ja", "報告された全排出量", ","), ("id", "Semua emisi yang dilaporkan", "."),
                                            ("vi", "Toàn bộ phát thải được báo cáo", "."),
                                            ("th", "การปล่อยที่รายงานทั้งหมด", ",")])
def test_the_uncertainty_section_speaks_the_reports_language(tmp_path, lang, total, sep):
    """The section was English text with English numbers in every language (a review); now its words
    and its numbers follow the page's language, and the Excel sheet's words too. User text escaped."""
    from ghgkit.reports import uncertainty

    rows = [dict(sector="household", activity="lpg", amount=1000, unit="t", uncertainty_pct=10),
            dict(sector="household", activity="lpg", amount=2000, unit="t", notes="<b>x</b>"),
            dict(sector="household", activity="kerosene", amount=100, unit="L", factor_id="t_<i>_co2")]
    factors = FACTORS + "t_<i>_co2,kerosene,CO2,70000,kg/TJ,household,,,fixture\n"
    args = _files(tmp_path, rows)
    (tmp_path / "f.csv").write_text(factors)
    r = run(*args, "--uncertainty", "approach1", "--lang", lang, "--html", tmp_path / "r.html",
            "--excel", tmp_path / "r.xlsx")
    assert r.exit_code == 0, r.stderr
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    sec = html[html.index('id="h-uncertainty"'):]
    sec = sec[:sec.index("</section>")]
    english = [uncertainty.TOTAL_LABELS["co2e_t"], "Uncertainty of the totals", "Share covered", "no interval",
               "Intervals are 95", *(n.replace("%%", "%")[:40] for n in uncertainty.NOTES),
               uncertainty.METHOD_TEXT["approach1"][:30], "result rows lack"]
    assert not [e for e in english if e in sec], lang
    assert total in sec
    # the rows' sectors by their names in the language (not the key 'household'); no English full stop
    # after the method (a line break)
    from ghgkit.i18n import translator

    assert f'<td class="nw">{translator(lang).gettext("Residential buildings")}</td>' in sec
    method = sec[sec.index("<p>"):sec.index("</p>")]
    assert '<td class="nw">household</td>' not in sec and "). " not in method and "<br>" in method
    # the total without an interval: its CO2e in the language's marks
    inv = json.loads(run(*args, "--format", "json").stdout)["totals"]["co2e_t"]
    assert f"{inv:,.0f}".replace(",", sep) in sec
    assert "<b>" not in sec and "<i>" not in sec and "range of t_&lt;i&gt;_co2" in sec
    ws = openpyxl.load_workbook(tmp_path / "r.xlsx")["Uncertainty"]
    cells = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert total in cells and not [e for e in english if any(e in c for c in cells)], lang
