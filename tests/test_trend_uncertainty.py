"""The uncertainty of a trend (``ghgkit trend --uncertainty``), worked by hand.

The two-year case: Unctown, grid electricity only, the grid factor ``grid_ef`` given with
``grid_ef_uncertainty_pct = 20`` (± %, the same parameter id in both years):

=====  ================================  ================================  ============
year   household electricity (I.1.2)     building electricity (I.2.2)      BASIC total
=====  ================================  ================================  ============
2015   1000 MWh ± 10 % × 0.5 = 500 t     1000 MWh ± 10 % × 0.5 = 500 t     1000 t
2016   1200 MWh ± 5 % × 0.4 = 480 t      600 MWh ± 5 % × 0.4 = 240 t       720 t
=====  ================================  ================================  ============

Each year, Eq. 3.2 over the inputs (the amounts independent, the grid factor shared by both
rows): 2015 sqrt((10·500)² + (10·500)² + (20·1000)²) / 1000 = sqrt(450,000,000) / 1000
= 21.2132 %; 2016 sqrt((5·480)² + (5·240)² + (20·720)²) / 720 = sqrt(214,560,000) / 720
= 20.3443 %.

The trend 2015 → 2016, IPCC 2006 Vol. 1 Ch. 3 Table 3.2 (categories C = 500, 500;
D = 480, 240; E = 5, 5 %; F = 20, 20 %; ΣC = 1000, ΣD = 720; trend −28 %):
I_1 = ((4.8 + 720 − 1005) / 1005 + 0.28) × 100 = 1.2 / 1005 × 100 = 0.119403,
I_2 = ((2.4 + 720 − 1005) / 1005 + 0.28) × 100 = −0.119403;
K = I·F = ±2.388060 (factors fully correlated between the years);
J = D / ΣC = 0.48, 0.24; L = J·E·√2 = 3.394113, 1.697056 (activity data uncorrelated);
ΣM = 2 × 2.388060² + 3.394113² + 1.697056² = 11.405663 + 11.52 + 2.88 = 25.805663;
trend uncertainty sqrt(25.805663) = 5.0799 percentage points: −28 % ± 5.08 pp.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from click.testing import CliRunner

from ghgkit.cli import main
from ghgkit.i18n import set_language
from ghgkit.mrv import analyse
from ghgkit.mrv.uncertainty import CORRELATION

HEAD = "sector,subsector,activity,amount,unit,uncertainty_pct\n"


def write_year(folder: Path, year: int, rows: str, grid_ef: float, grid_u=20) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    p = folder / f"inv_{year}.csv"
    p.write_text(HEAD + rows)
    s = {"city": "Unctown", "country": "VNM", "inventory_year": year, "population": 1000, "grid_ef": grid_ef,
         "grid_ef_source": "test value", "grid_ef_uncertainty_pct": grid_u}
    p.with_suffix(".toml").write_text("".join(f"{k} = {json.dumps(v)}\n" for k, v in s.items()))
    return p


@pytest.fixture
def two(tmp_path) -> Path:
    folder = tmp_path / "inv"
    write_year(folder, 2015, "household,,electricity,1000,MWh,10\nbuilding,,electricity,1000,MWh,10\n", 0.5)
    write_year(folder, 2016, "household,,electricity,1200,MWh,5\nbuilding,,electricity,600,MWh,5\n", 0.4)
    return folder


U2015 = math.sqrt((10 * 500) ** 2 + (10 * 500) ** 2 + (20 * 1000) ** 2) / 1000
U2016 = math.sqrt((5 * 480) ** 2 + (5 * 240) ** 2 + (20 * 720) ** 2) / 720
K = 1.2 / 1005 * 100 * 20
TREND_U = math.sqrt(2 * K ** 2 + (0.48 * 5 * math.sqrt(2)) ** 2 + (0.24 * 5 * math.sqrt(2)) ** 2)


def test_hand_numbers_are_what_the_docstring_says():
    assert U2015 == pytest.approx(21.2132, abs=1e-4)
    assert U2016 == pytest.approx(20.3443, abs=1e-4)
    assert K == pytest.approx(2.388060, abs=1e-6)
    assert TREND_U == pytest.approx(5.0799, abs=1e-4)


def test_approach1_by_hand(two):
    t = analyse([two], uncertainty="approach1")
    u = t.uncertainty
    assert list(u.index) == [2015, 2016]
    assert u.loc[2015, "value_t"] == pytest.approx(1000) and u.loc[2016, "value_t"] == pytest.approx(720)
    assert u.loc[2015, "half_width_pct"] == pytest.approx(U2015)
    assert u.loc[2016, "half_width_pct"] == pytest.approx(U2016)
    assert u.loc[2015, "lower_t"] == pytest.approx(1000 - 10 * U2015)
    assert u.loc[2016, "upper_t"] == pytest.approx(720 * (1 + U2016 / 100))
    assert u["complete"].all() and (u["rows_missing"] == 0).all()
    assert u.loc[2016, "trend_pct"] == pytest.approx(-28.0)
    assert u.loc[2016, "trend_uncertainty_pct"] == pytest.approx(TREND_U)
    assert u.loc[2016, "trend_lower_pct"] == pytest.approx(-28.0 - TREND_U)
    assert u.loc[2016, "trend_upper_pct"] == pytest.approx(-28.0 + TREND_U)
    # the base year is the reference of the trend: no trend uncertainty of its own
    assert math.isnan(u.loc[2015, "trend_uncertainty_pct"])
    # the Table 3.2 columns, category by category
    table = t.uncertainty_info.trend_tables[2016].set_index("gpc_ref")
    assert list(table["type_a"]) == pytest.approx([0.119403, -0.119403], abs=1e-6)
    assert list(table["type_b"]) == pytest.approx([0.48, 0.24])
    assert list(table["trend_ad_pct"]) == pytest.approx([0.48 * 5 * math.sqrt(2), 0.24 * 5 * math.sqrt(2)])


def test_outputs_carry_the_uncertainty(two):
    t = analyse([two], uncertainty="approach1")
    d = json.loads(t.to_json())
    y16 = d["series"][1]["uncertainty"]
    assert y16["half_width_pct"] == pytest.approx(U2016) and y16["trend_uncertainty_pct"] == pytest.approx(TREND_U)
    assert d["series"][0]["uncertainty"]["trend_uncertainty_pct"] is None
    assert d["uncertainty"]["method"] == "approach1" and d["uncertainty"]["correlation"] == CORRELATION
    assert "fully correlated" in CORRELATION and "Table 3.2" in d["uncertainty"]["reference"]
    assert d["uncertainty"]["missing"] == []
    lines = t.to_csv().splitlines()
    head = lines[0].split(",")
    row = dict(zip(head, lines[2].split(",")))
    assert float(row["uncertainty_trend_uncertainty_pct"]) == pytest.approx(TREND_U, abs=1e-6)
    assert float(row["uncertainty_lower_t"]) == pytest.approx(720 * (1 - U2016 / 100), abs=1e-6)
    text = t.summary()
    assert "-28.0%" in text and f"{TREND_U:.1f}" in text and "fully correlated" in text


def test_rows_without_data_are_listed_never_zero(tmp_path):
    folder = tmp_path / "inv"
    write_year(folder, 2015, "household,,electricity,1000,MWh,10\nbuilding,,electricity,1000,MWh,10\n", 0.5)
    # 2016: the building row has no uncertainty_pct
    write_year(folder, 2016, "household,,electricity,1200,MWh,5\nbuilding,,electricity,600,MWh,\n", 0.4)
    t = analyse([folder], uncertainty="approach1")
    u = t.uncertainty
    assert u.loc[2015, "complete"] and u.loc[2015, "half_width_pct"] == pytest.approx(U2015)
    assert not u.loc[2016, "complete"]
    assert math.isnan(u.loc[2016, "half_width_pct"]) and math.isnan(u.loc[2016, "lower_t"])
    assert math.isnan(u.loc[2016, "trend_uncertainty_pct"])
    # the covered part (household, 480 t of 720 t) is named as such: ± sqrt(5² + 20²) %
    assert u.loc[2016, "coverage_pct"] == pytest.approx(100 * 480 / 720)
    assert u.loc[2016, "covered_half_width_pct"] == pytest.approx(math.sqrt(5 ** 2 + 20 ** 2))
    miss = t.uncertainty_info.missing
    assert len(miss) == 1 and miss[0]["year"] == 2016 and miss[0]["source"] == "line 3"
    assert miss[0]["lacks"] == ["uncertainty_pct"] and miss[0]["file"].endswith("inv_2016.csv")
    assert u.loc[2016, "rows_missing"] == 1
    d = json.loads(t.to_json())
    assert d["uncertainty"]["years_incomplete"] == [2016] and d["series"][1]["uncertainty"]["lower_t"] is None


def test_monte_carlo_within_sampling_error_of_approach1_on_a_linear_case(tmp_path):
    """One category, amounts ± 5 %, the grid factor ± 10 % (normal draws): nearly linear."""
    folder = tmp_path / "inv"
    write_year(folder, 2015, "household,,electricity,1000,MWh,5\n", 0.5, grid_u=10)
    write_year(folder, 2016, "household,,electricity,800,MWh,5\n", 0.5, grid_u=10)
    a1 = analyse([folder], uncertainty="approach1").uncertainty
    mc = analyse([folder], uncertainty="montecarlo", draws=20_000, seed=3).uncertainty
    # by hand: each year sqrt(5² + 10²) = 11.1803 %; the trend −20 %, the factor cancelling out
    # (fully correlated), so only the activity data: 0.8 × 5 × √2 = 5.6569 percentage points
    assert a1.loc[2015, "half_width_pct"] == pytest.approx(math.sqrt(125))
    assert a1.loc[2016, "trend_uncertainty_pct"] == pytest.approx(0.8 * 5 * math.sqrt(2))
    for y in (2015, 2016):
        assert mc.loc[y, "half_width_pct"] == pytest.approx(a1.loc[y, "half_width_pct"], rel=0.03)
        assert mc.loc[y, "lower_t"] == pytest.approx(a1.loc[y, "lower_t"], rel=0.01)
    assert mc.loc[2016, "trend_uncertainty_pct"] == pytest.approx(a1.loc[2016, "trend_uncertainty_pct"], rel=0.04)
    assert mc.loc[2016, "trend_lower_pct"] == pytest.approx(-20 - 0.8 * 5 * math.sqrt(2), abs=0.3)
    from ghgkit.mrv.uncertainty import CORRELATION_MC

    assert json.loads(analyse([folder], uncertainty="montecarlo", draws=1000).to_json())["uncertainty"][
        "correlation"] == CORRELATION_MC
    # the same seed gives the same numbers
    again = analyse([folder], uncertainty="montecarlo", draws=20_000, seed=3).uncertainty
    assert again.loc[2016, "trend_lower_pct"] == mc.loc[2016, "trend_lower_pct"]


def test_monte_carlo_keeps_the_factor_correlated_between_years(two):
    """Were the grid factor drawn anew each year, its 20 % would enter the trend twice (about ±16 pp)."""
    mc = analyse([two], uncertainty="montecarlo", draws=20_000, seed=1).uncertainty
    # one factor behind both categories and both years: it cancels out of the trend E_2016 / E_2015,
    # leaving the activity data of each year: 2015 sqrt((10·500)² + (10·500)²) / 1000 = 7.0711 %,
    # 2016 sqrt((5·480)² + (5·240)²) / 720 = 3.7268 %; to first order the trend's half-width is
    # 0.72 × sqrt(7.0711² + 3.7268²) = 5.7550 pp (Table 3.2 takes year t's activity uncertainty for
    # both years and the categories' factors as independent, hence its 5.08)
    ad15 = math.sqrt(2 * 5000 ** 2) / 1000
    ad16 = math.sqrt(2400 ** 2 + 1200 ** 2) / 720
    assert 0.72 * math.hypot(ad15, ad16) == pytest.approx(5.7550, abs=1e-4)
    assert mc.loc[2016, "trend_uncertainty_pct"] == pytest.approx(0.72 * math.hypot(ad15, ad16), rel=0.04)
    # drawn independently, the factor would add 0.72 × 20 × √2 = 20.4 pp in quadrature
    assert mc.loc[2016, "trend_uncertainty_pct"] < 8


def test_cli_uncertainty_and_its_errors(two, tmp_path):
    r = CliRunner().invoke(main, ["trend", str(two), "--uncertainty", "approach1", "--format", "json"])
    assert r.exit_code == 0, r.output
    d = json.loads(r.stdout)
    assert d["series"][1]["uncertainty"]["trend_uncertainty_pct"] == pytest.approx(TREND_U)
    out = tmp_path / "t.html"
    try:
        r = CliRunner().invoke(main, ["trend", str(two), "--uncertainty", "approach1", "--html", str(out),
                                      "--lang", "ja"])
    finally:
        set_language("en")         # --lang sets the process's language
    assert r.exit_code == 0, r.output
    html = out.read_text(encoding="utf-8")
    assert '<html lang="ja">' in html and "不確実性" in html and "-33.1 % – -22.9 %" in html
    r = CliRunner().invoke(main, ["trend", str(two), "--draws", "500"])
    assert r.exit_code == 2 and "--uncertainty montecarlo" in r.output
    r = CliRunner().invoke(main, ["trend", str(two), "--uncertainty", "montecarlo", "--draws", "10"])
    assert r.exit_code == 2


def test_reports_show_the_band_the_intervals_and_the_convention(two, tmp_path):
    import openpyxl

    from ghgkit.reports.trend import render_html, write_excel

    t = analyse([two], uncertainty="approach1")
    html = render_html(t, lang="en")
    # the total chart carries the band; its text alternative gives the intervals (thousands separators)
    assert "95 % interval: 2015 788-1,212; 2016 574-866" in html
    assert "the shaded band is the 95 % interval of the total" in html
    # the table: each year's interval and the trend's, in percentage points
    assert "788 – 1,212" in html and "574 – 866" in html
    assert "-33.1 % – -22.9 %" in html and f">{TREND_U:.1f}<" in html
    assert "fully correlated between the base year and each year" in html
    # the shared stylesheet and the running A4 header with the city and the years
    assert "--accent" in html and "counter(pages)" in html
    ja = render_html(t, lang="ja")
    assert '<html lang="ja">' in ja and ">不確実性</h2>" in ja
    write_excel(t, tmp_path / "t.xlsx")
    ws = openpyxl.load_workbook(tmp_path / "t.xlsx")["Uncertainty"]
    rows = {r[0]: r for r in ws.iter_rows(min_row=7, max_row=8, values_only=True)}
    assert rows[2015][2] == pytest.approx(U2015) and rows[2016][2] == pytest.approx(U2016)
    assert rows[2016][10] == pytest.approx(TREND_U) and rows[2015][10] is None


def test_report_lists_rows_without_data(tmp_path):
    from ghgkit.reports.trend import render_html

    folder = tmp_path / "inv"
    write_year(folder, 2015, "household,,electricity,1000,MWh,10\nbuilding,,electricity,1000,MWh,10\n", 0.5)
    write_year(folder, 2016, "household,,electricity,1200,MWh,5\nbuilding,,electricity,600,MWh,\n", 0.4)
    html = render_html(analyse([folder], uncertainty="approach1"))
    assert "1 row has no uncertainty data" in html and "never taken as 0 %" in html
    assert "66.7 % of the total covered" in html            # household 480 t of 720 t
    assert "<td>line 3</td>" in html and "inv_2016.csv" in html
