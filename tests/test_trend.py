"""The trend of a city's inventories, its target and the projects in it, checked by hand.

The small case: Testville, 2020-2022, AR5 (CH4 28, N2O 265), no T&D losses.

=========  ===========================  ===========================  ====================
year       household electricity        building electricity         industry natural gas
=========  ===========================  ===========================  ====================
2020       1000 MWh × 0.5 = 500         2000 MWh × 0.5 = 1000         10 TJ: 561.545
2021       1100 MWh × 0.5 = 550         1800 MWh × 0.5 = 900          10 TJ: 561.545
2022       1200 MWh × 0.4 = 480         1700 MWh × 0.4 = 680          NO
=========  ===========================  ===========================  ====================

Natural gas in industry, IPCC 2006 Vol. 2 Table 2.3: 56,100 kg CO2, 1 kg CH4, 0.1 kg N2O per TJ,
so 10 TJ = 561 t CO2 + 0.01 t CH4 × 28 + 0.001 t N2O × 265 = 561 + 0.28 + 0.265 = 561.545 t CO2e.
BASIC totals: 2020 2061.545; 2021 2011.545; 2022 1160 t CO2e. Population 10,000 / 10,500 / 11,000.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from ghgkit.cli import main
from ghgkit.errors import InputError
from ghgkit.mrv import Target, build_trend, load_inventories, progress
from ghgkit.mrv.attribution import attribute_projects
from ghgkit.mrv.config import read_config

HEAD = "sector,subsector,activity,amount,unit,notation_key\n"
E = {2020: 2061.545, 2021: 2011.545, 2022: 1160.0}
NG = 561.545
POP = {2020: 10000, 2021: 10500, 2022: 11000}


def write_year(folder: Path, year: int, rows: str, city="Testville", **settings) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    p = folder / f"inv_{year}.csv"
    p.write_text(HEAD + rows)
    s = {"city": city, "country": "VNM", "inventory_year": year, "population": POP.get(year, 10000),
         "grid_ef": 0.4 if year == 2022 else 0.5, "grid_ef_source": "test value", **settings}
    p.with_suffix(".toml").write_text("".join(f"{k} = {json.dumps(v)}\n" for k, v in s.items()))
    return p


ROWS = {
    2020: "household,,electricity,1000,MWh,\nbuilding,,electricity,2000,MWh,\nindustry,,natural_gas,10,TJ,\n",
    2021: "household,,electricity,1100,MWh,\nbuilding,,electricity,1800,MWh,\nindustry,,natural_gas,10,TJ,\n",
    2022: "household,,electricity,1200,MWh,\nbuilding,,electricity,1700,MWh,\nindustry,,natural_gas,,,NO\n",
}


@pytest.fixture
def three(tmp_path) -> Path:
    folder = tmp_path / "inv"
    for y, rows in ROWS.items():
        write_year(folder, y, rows)
    return folder


@pytest.fixture(scope="module")
def _trend3(tmp_path_factory):
    folder = tmp_path_factory.mktemp("three") / "inv"
    for y, rows in ROWS.items():
        write_year(folder, y, rows)
    return build_trend(load_inventories([folder]))


@pytest.fixture
def trend3(_trend3):
    """The 3-year trend, computed once; tests that set an attribute get it reset."""
    yield _trend3
    _trend3.target = _trend3.attribution = _trend3.uncertainty = None


# -- the series ---------------------------------------------------------------------------
def test_sector_sums_by_hand(trend3):
    s = trend3.by_sector
    assert trend3.years == [2020, 2021, 2022]
    assert s.loc[2020, "household"] == pytest.approx(500.0)
    assert s.loc[2021, "household"] == pytest.approx(550.0)
    assert s.loc[2022, "household"] == pytest.approx(480.0)
    assert s.loc[2020, "building"] == pytest.approx(1000.0)
    assert s.loc[2021, "building"] == pytest.approx(900.0)
    assert s.loc[2022, "building"] == pytest.approx(680.0)
    assert s.loc[2020, "industry"] == pytest.approx(NG, rel=1e-9)
    assert pd.isna(s.loc[2022, "industry"])              # NO: no number, not zero
    for y, e in E.items():
        assert trend3.totals.loc[y, "total_t"] == pytest.approx(e, rel=1e-9)
        assert s.loc[y].sum() == pytest.approx(e, rel=1e-12)              # sectors add up to the total
        assert trend3.by_scope.loc[y].sum() == pytest.approx(e, rel=1e-12)  # and so do scopes


def test_scopes_and_gpc_by_hand(trend3):
    assert trend3.by_scope.loc[2020, 2] == pytest.approx(1500.0)
    assert trend3.by_scope.loc[2020, 1] == pytest.approx(NG, rel=1e-9)
    g = trend3.gpc
    assert g.loc["I.1.2", 2021] == pytest.approx(550.0)
    assert g.loc["I.3.1", 2020] == pytest.approx(NG, rel=1e-9)
    assert pd.isna(g.loc["I.3.1", 2022]) and g.loc["I.3.1", "key_2022"] == "NO"


def test_change_vs_base_year_and_per_capita(trend3):
    t = trend3.totals
    assert trend3.base_year == 2020
    assert t.loc[2021, "change_t"] == pytest.approx(-50.0)
    assert t.loc[2021, "change_pct"] == pytest.approx(-50.0 / 2061.545 * 100)      # -2.4254 %
    assert t.loc[2022, "change_t"] == pytest.approx(1160.0 - 2061.545)             # -901.545
    assert t.loc[2022, "change_pct"] == pytest.approx(-43.73152, abs=1e-5)   # -901.545 / 2061.545
    assert t.loc[2020, "per_capita_t"] == pytest.approx(0.2061545)
    assert t.loc[2022, "per_capita_t"] == pytest.approx(1160.0 / 11000)
    assert t.loc[2022, "per_capita_change_pct"] == pytest.approx((1160 / 11000 / 0.2061545 - 1) * 100)


def test_other_base_year(three):
    t = build_trend(load_inventories([three]), base_year=2021).totals
    assert t.loc[2021, "change_t"] == 0
    assert t.loc[2020, "change_t"] == pytest.approx(50.0)
    assert t.loc[2022, "change_pct"] == pytest.approx((1160 - 2011.545) / 2011.545 * 100)


# -- consistency ---------------------------------------------------------------------------
def codes(trend):
    return [f.code for f in trend.findings]


def test_consistency_findings(trend3):
    found = {f.code: f for f in trend3.findings}
    assert found["TREND-001"].years == (2021, 2022)
    assert "industry" in found["TREND-001"].message and "none in 2022" in found["TREND-001"].message
    assert "I.3.1" in found["TREND-006"].message and "NO in 2022" in found["TREND-006"].message
    assert found["TREND-010"].severity == "info" and "grid_ef" in found["TREND-010"].message
    assert "TREND-004" not in found and "TREND-002" not in found


def test_gwp_change_warns_and_recalculation_removes_it(tmp_path):
    folder = tmp_path / "inv"
    write_year(folder, 2020, ROWS[2020])
    write_year(folder, 2021, ROWS[2021], gwp="AR4")
    t = build_trend(load_inventories([folder]))
    w = next(f for f in t.findings if f.code == "TREND-004")
    assert "AR5 in 2020" in w.message and "AR4 in 2021" in w.message and "--gwp" in w.message
    # AR4: CH4 25, N2O 298 -> 561 + 0.25 + 0.298 = 561.548 t CO2e for the gas
    assert t.totals.loc[2021, "total_t"] == pytest.approx(550 + 900 + 561.548, rel=1e-9)
    r = build_trend(load_inventories([folder], gwp="AR5"))
    assert "TREND-004" not in codes(r)
    assert r.totals.loc[2021, "total_t"] == pytest.approx(E[2021], rel=1e-9)
    assert set(r.totals["gwp"]) == {"AR5"}


def test_edition_change_warns(tmp_path):
    folder = tmp_path / "inv"
    write_year(folder, 2020, ROWS[2020])
    write_year(folder, 2021, ROWS[2021], edition="2019")
    t = build_trend(load_inventories([folder]))
    assert "TREND-005" in codes(t)
    assert "TREND-005" not in codes(build_trend(load_inventories([folder], edition="2006")))


OVERRIDE = """# source other: a national inventory report (test)
factor_id,activity,gas,value,unit,sector,region,source,source_ref
st_ind_natural_gas_co2,natural_gas,CO2,55000,kg/TJ,industry,default,other,test table
"""


def test_factor_value_change_is_a_recalculation_warning(tmp_path):
    write_year(tmp_path / "a", 2020, ROWS[2020])
    write_year(tmp_path / "b", 2021, ROWS[2021])
    (tmp_path / "b" / "factors.csv").write_text(OVERRIDE)      # a factor file beside the 2021 CSV
    t = build_trend(load_inventories([tmp_path / "a", tmp_path / "b"]))
    w = [f for f in t.findings if f.code == "TREND-002"]
    assert len(w) == 1 and "st_ind_natural_gas_co2" in w[0].message
    assert "56,100" in w[0].message and "55,000" in w[0].message and "recalculate" in w[0].message
    # 10 TJ x 55,000 kg/TJ = 550 t CO2 (+ 0.545 t CO2e of CH4 and N2O)
    assert t.by_sector.loc[2021, "industry"] == pytest.approx(550.545, rel=1e-9)


def test_a_consistent_series_has_no_warning(tmp_path):
    folder = tmp_path / "inv"
    for y in (2020, 2021):
        write_year(folder, y, ROWS[2020], grid_ef=0.5)
    t = build_trend(load_inventories([folder]))
    assert [f for f in t.findings if f.severity == "warning"] == []
    assert t.totals["change_t"].tolist() == [0.0, 0.0]


# -- refusals -------------------------------------------------------------------------------
def test_refuses_mixed_cities_naming_files(tmp_path):
    folder = tmp_path / "inv"
    write_year(folder, 2020, ROWS[2020])
    other = write_year(folder, 2021, ROWS[2021], city="Otherton")
    with pytest.raises(InputError) as e:
        load_inventories([folder])
    assert "different cities" in str(e.value) and "Otherton" in str(e.value) and str(other) in str(e.value)


def test_refuses_duplicate_years_naming_files(tmp_path):
    a = write_year(tmp_path / "a", 2020, ROWS[2020])
    b = write_year(tmp_path / "b", 2020, ROWS[2021])
    with pytest.raises(InputError) as e:
        load_inventories([a, b])
    assert "same year" in str(e.value) and str(a) in str(e.value) and str(b) in str(e.value)


def test_refuses_base_year_without_inventory_and_csv_without_settings(three, tmp_path):
    with pytest.raises(InputError, match="base year 2019 has no inventory"):
        build_trend(load_inventories([three]), base_year=2019)
    lone = tmp_path / "lone"
    lone.mkdir()
    (lone / "x.csv").write_text(HEAD + ROWS[2020])
    with pytest.raises(InputError, match="needs its settings"):
        load_inventories([lone])


def test_cli_refusal_is_two_lines_exit_2(tmp_path):
    folder = tmp_path / "inv"
    write_year(folder, 2020, ROWS[2020])
    write_year(folder, 2021, ROWS[2021], city="Otherton")
    r = CliRunner().invoke(main, ["trend", str(folder)])
    assert r.exit_code == 2 and "different cities" in r.output and "Traceback" not in r.output


# -- targets --------------------------------------------------------------------------------
def test_target_base_year_percent(trend3):
    p = progress(trend3, Target("base_year_percent", 2024, reduction_pct=40))
    tt = 2061.545 * 0.6                                       # 1236.927
    assert p.target_value == pytest.approx(tt)
    tab = p.table
    assert list(tab.index) == [2020, 2021, 2022, 2023, 2024]
    assert tab.loc[2022, "path"] == pytest.approx(2061.545 - (2061.545 - tt) * 2 / 4)    # 1649.236
    assert tab.loc[2022, "gap"] == pytest.approx(1160 - tt)                              # -76.927: met
    assert tab.loc[2021, "gap"] == pytest.approx(2011.545 - tt)                          # 774.618
    assert tab.loc[2022, "progress_pct"] == pytest.approx(901.545 / 824.618 * 100)      # 109.33 %
    assert bool(tab.loc[2022, "on_track"]) and not bool(tab.loc[2021, "on_track"])
    assert pd.isna(tab.loc[2023, "actual"]) and tab.loc[2024, "path"] == pytest.approx(tt)
    last = p.latest()
    assert last["year"] == 2022 and last["years_left"] == 2


def test_target_absolute(trend3):
    p = progress(trend3, Target("absolute", 2024, value_t=1500))
    assert p.table.loc[2021, "path"] == pytest.approx(2061.545 - 561.545 / 4)            # 1921.15875
    assert p.table.loc[2021, "gap"] == pytest.approx(511.545)
    assert p.table.loc[2022, "gap_t"] == pytest.approx(-340.0)
    assert p.latest()["needed_per_year"] == pytest.approx(-170.0)


def test_target_per_capita(trend3):
    p = progress(trend3, Target("per_capita", 2024, per_capita_t=0.1))
    assert p.unit == "t CO2e per resident" and p.base_value == pytest.approx(0.2061545)
    assert p.table.loc[2022, "path"] == pytest.approx(0.2061545 - 0.1061545 / 2)          # 0.15307725
    assert p.table.loc[2022, "gap"] == pytest.approx(1160 / 11000 - 0.1)                 # 0.0054545
    assert p.table.loc[2022, "gap_t"] == pytest.approx(1160 - 0.1 * 11000)               # 60 t at 11,000 people


def test_target_bau_relative(trend3):
    p = progress(trend3, Target("bau_relative", 2024, reduction_pct=30, bau={2020: 2100, 2024: 2500}))
    assert p.target_value == pytest.approx(1750.0)                                       # 2500 x 0.7
    assert p.table.loc[2020, "bau_reduction_t"] == pytest.approx(2100 - 2061.545)        # 38.455
    assert pd.isna(p.table.loc[2021, "bau_t"])                                           # not in the series
    assert p.table.loc[2022, "gap"] == pytest.approx(1160 - 1750)


@pytest.mark.parametrize("target,match", [
    (Target("base_year_percent", 2020, reduction_pct=30), "not after the base year"),
    (Target("bau_relative", 2030, reduction_pct=30, bau={2020: 1.0}), "no value for the target year 2030"),
    (Target("absolute", 2030), "needs value_t"),
    (Target("per_capita_x", 2030), "unknown target type"),
])
def test_target_refusals(trend3, target, match):
    with pytest.raises(InputError, match=match):
        progress(trend3, target)


def test_per_capita_target_needs_population(tmp_path):
    folder = tmp_path / "inv"
    write_year(folder, 2020, ROWS[2020])
    p = write_year(folder, 2021, ROWS[2021])
    text = p.with_suffix(".toml").read_text()
    p.with_suffix(".toml").write_text("\n".join(ln for ln in text.splitlines() if not ln.startswith("population")))
    t = build_trend(load_inventories([folder]))
    assert "TREND-008" in codes(t) and pd.isna(t.totals.loc[2021, "per_capita_t"])
    folder2 = tmp_path / "inv2"
    write_year(folder2, 2021, ROWS[2021])
    q = write_year(folder2, 2020, ROWS[2020])
    text = q.with_suffix(".toml").read_text()
    q.with_suffix(".toml").write_text("\n".join(ln for ln in text.splitlines() if not ln.startswith("population")))
    with pytest.raises(InputError, match="base year's population"):
        progress(build_trend(load_inventories([folder2])), Target("per_capita", 2030, per_capita_t=0.1))


# -- projects ---------------------------------------------------------------------------------
LAMPS = """title: LED lamps of Testville
host_city: {city}
host_country: VNM
partner_city: Partnerburg
methodology: street_lighting
start_year: 2021
crediting_period: 5
gwp: {gwp}
ex_ante:
  lamps: {{value: 1000, unit: lamps, source: test}}
  baseline_lamp_power: {{value: 275, unit: W, source: test}}
  project_lamp_power: {{value: 120, unit: W, source: test}}
  operating_hours: {{value: 4000, unit: h/yr, source: test}}
  grid_ef: {{value: 0.5, unit: t CO2/MWh, source: test}}
monitoring:
  - {{year: 2021, parameter: lamps, value: 900, unit: lamps, evidence: test}}
  - {{year: 2021, parameter: operating_hours, value: 4000, unit: h, evidence: test}}
"""


def test_attribution_monitored_then_ex_ante(trend3, tmp_path):
    pj = tmp_path / "projects"
    pj.mkdir()
    (pj / "lamps.yaml").write_text(LAMPS.format(city="testville", gwp="AR5"))      # case is not a difference
    (pj / "elsewhere.yaml").write_text(LAMPS.format(city="Da Nang", gwp="AR5").replace("of Testville", "of Da Nang"))
    target = progress(trend3, Target("base_year_percent", 2024, reduction_pct=40))
    a = attribute_projects(trend3, [pj], target_progress=target)
    assert [p["title"] for p in a.projects] == ["LED lamps of Testville"]
    assert a.not_included[0]["reason"].startswith("hosted in Da Nang")
    years = {r["year"]: r for r in a.projects[0]["years"]}
    # 2021 monitored: 900 lamps x (275 - 120) W x 4000 h = 558 MWh x 0.5 t/MWh = 279 t CO2
    assert years[2021] == {"year": 2021, "reduction_t": pytest.approx(279.0), "kind": "monitored"}
    # 2022 not monitored: ex-ante 1000 lamps -> 620 MWh -> 310 t, marked ex-ante
    assert years[2022]["kind"] == "ex-ante" and years[2022]["reduction_t"] == pytest.approx(310.0)
    assert 2020 not in years and sorted(years) == [2021, 2022, 2023, 2024]
    assert a.projects[0]["sector"] == "building" and a.projects[0]["gpc_ref"] == "I.2"
    tab = a.table
    assert tab.loc[2021, "monitored_t"] == pytest.approx(279.0) and tab.loc[2021, "ex_ante_t"] == 0
    assert tab.loc[2022, "ex_ante_t"] == pytest.approx(310.0)
    # share of the gap 2021: 279 / (774.618 + 279) = 26.48 %
    assert tab.loc[2021, "share_of_gap_pct"] == pytest.approx(279 / (2011.545 - 1236.927 + 279) * 100)
    # 2022: the target is met (gap -76.927) but not without the projects (-76.927 + 310 > 0): 100 %
    assert tab.loc[2022, "share_of_gap_pct"] == pytest.approx(100.0)
    assert pd.isna(tab.loc[2023, "share_of_gap_pct"])          # no inventory for 2023
    assert "not subtracted" in a.note
    # the inventory is untouched: attribution is not subtraction
    assert trend3.totals.loc[2021, "total_t"] == pytest.approx(E[2021], rel=1e-12)


def test_attribution_uses_the_inventory_gwp_and_placement(trend3, tmp_path):
    f = tmp_path / "lamps.yaml"
    f.write_text(LAMPS.format(city="Testville", gwp="AR4"))
    a = attribute_projects(trend3, [f], placements={"lamps.yaml": "I.4"})
    assert any("computed with AR5" in n for n in a.notes)
    assert a.projects[0]["sector"] == "energy_industry" and a.by_sector.columns.tolist() == ["energy_industry"]


def test_attribution_refuses_an_unknown_placement(trend3, tmp_path):
    f = tmp_path / "lamps.yaml"
    f.write_text(LAMPS.format(city="Testville", gwp="AR5"))
    with pytest.raises(InputError, match="unknown GPC reference"):
        attribute_projects(trend3, [f], placements={"lamps.yaml": "I.9"})


# -- config, CLI and outputs -----------------------------------------------------------------------
def test_config_file_and_cli_outputs(three, tmp_path):
    pj = tmp_path / "projects"
    pj.mkdir()
    (pj / "lamps.yaml").write_text(LAMPS.format(city="Testville", gwp="AR5"))
    cfg = tmp_path / "trend.toml"
    cfg.write_text('inventories = ["inv"]\nprojects = ["projects"]\nbase_year = 2020\n'
                   '[target]\ntype = "absolute"\nyear = 2024\nvalue_t = 1500\n')
    c = read_config(cfg)
    assert c.target.value_t == 1500 and c.inventories == [str(tmp_path / "inv")]
    out = tmp_path / "t.json"
    r = CliRunner().invoke(main, ["trend", "--config", str(cfg), "--format", "json", "-o", str(out),
                                  "--html", str(tmp_path / "t.html"), "--excel", str(tmp_path / "t.xlsx")])
    assert r.exit_code == 0, r.output
    d = json.loads(out.read_text())
    assert d["kind"] == "trend" and d["years"] == [2020, 2021, 2022]
    assert d["series"][1]["total_t"] == pytest.approx(E[2021])
    assert d["series"][2]["by_sector"]["industry"] is None
    assert d["gpc"]["I.3.1"]["years"]["2022"] == "NO"
    assert d["target"]["latest"]["gap"] == pytest.approx(-340.0)
    assert d["projects"]["years"][1]["monitored_t"] == pytest.approx(279.0)
    assert "uncertainty" not in d["series"][0]                       # the hook is absent by default
    html = (tmp_path / "t.html").read_text()
    assert "Content-Security-Policy" in html and "<script" not in html and "not subtracted" in html
    assert "ex-ante" in html and "monitored" in html
    csv = CliRunner().invoke(main, ["trend", str(three), "--format", "csv", "--target", "2024:40%"])
    lines = csv.output.strip().splitlines()
    assert lines[0].startswith("year,total_t,change_t") and len(lines) == 4
    assert "target_gap" in lines[0]


def test_unknown_config_key_is_refused(tmp_path):
    cfg = tmp_path / "trend.toml"
    cfg.write_text('inventories = ["inv"]\nbase_yaer = 2020\n')
    r = CliRunner().invoke(main, ["trend", "--config", str(cfg)])
    assert r.exit_code == 2 and "unknown key 'base_yaer'" in r.output


def test_uncertainty_hook_shows_in_outputs(trend3):
    trend3.uncertainty = pd.DataFrame({"lower_t": [1900.0, 1850.0, 1050.0], "upper_t": [2200.0, 2150.0, 1250.0]},
                                      index=pd.Index([2020, 2021, 2022], name="year"))
    d = trend3.to_dict()
    assert d["series"][0]["uncertainty"] == {"lower_t": 1900.0, "upper_t": 2200.0}
    assert "uncertainty_lower_t" in trend3.to_csv().splitlines()[0]
    from ghgkit.reports.trend import render_html

    assert "95 % interval" in render_html(trend3)


def test_output_never_overwrites_an_input(three):
    f = next(three.glob("*.csv"))
    before = f.read_bytes()
    r = CliRunner().invoke(main, ["trend", str(three), "-o", str(f)])
    assert r.exit_code == 2 and f.read_bytes() == before


def test_demo_example_runs(tmp_path):
    root = Path(__file__).resolve().parent.parent
    r = CliRunner().invoke(main, ["trend", "--config", str(root / "examples/trend/trend.toml"), "--format", "json"])
    assert r.exit_code == 0, r.output
    d = json.loads(r.output)
    assert d["years"] == list(range(2015, 2024)) and d["city"] == "Tan Hoa City (demo)"
    kinds = {(p["title"], y["kind"]) for p in d["projects"]["projects"] for y in p["years"]}
    assert ("Market waste composting, Tan Hoa City", "ex-ante") in kinds        # 2023 not yet monitored
    assert ("Market waste composting, Tan Hoa City", "monitored") in kinds
    assert len(d["projects"]["not_included"]) == 6                              # the other cities' projects
    for s in d["series"]:
        assert sum(v for v in s["by_sector"].values() if v is not None) == pytest.approx(s["total_t"], rel=1e-12)


def test_reports_escape_user_text_and_excel_holds_the_numbers(tmp_path):
    import openpyxl

    folder = tmp_path / "inv"
    city = "=HYPERLINK(\"x\")<script>alert(1)</script>"
    for y in (2020, 2021):
        write_year(folder, y, ROWS[y], city=city)
    t = build_trend(load_inventories([folder]))
    t.target = progress(t, Target("absolute", 2024, value_t=1500, description="<b>cut</b>"))
    from ghgkit.reports.trend import render_html, write_excel

    html = render_html(t)
    assert "<script>alert" not in html and "&lt;script&gt;" in html and "&lt;b&gt;cut" in html
    write_excel(t, tmp_path / "t.xlsx")
    wb = openpyxl.load_workbook(tmp_path / "t.xlsx")
    assert wb.sheetnames == ["Trend", "Sectors", "Target", "GPC", "Findings"]
    assert len(wb["Target"]._charts) == 1 and len(wb["Sectors"]._charts) == 2   # native charts
    ws = wb["Trend"]
    assert ws["A1"].data_type == "s" and ws["A1"].value.startswith("=HYPERLINK")     # text, not a formula
    head = [c.value for c in ws[4]]
    assert ws.cell(5, head.index("total_t") + 1).value == pytest.approx(E[2020])
    assert ws.cell(6, head.index("change_t") + 1).value == pytest.approx(-50.0)
    sec = wb["Sectors"]
    assert [c.value for c in sec[1]][-1] == "BASIC total"
    assert sec.cell(3, [c.value for c in sec[1]].index("Commercial and institutional buildings (I.2)") + 1).value \
        == pytest.approx(900.0)
    assert all(c.data_type != "f" for ws in wb for row in ws.iter_rows() for c in row)


def test_bau_target_above_the_base_year_has_no_progress_share(trend3):
    # BAU 2024 = 4000 -> target 4000 x 0.7 = 2800 t, above the base year's 2061.545: "share of the
    # reduction asked" has no meaning; the reduction against BAU does: (2100 - 2061.545) / 2100 = 1.831 %
    p = progress(trend3, Target("bau_relative", 2024, reduction_pct=30, bau={2020: 2100, 2024: 4000}))
    assert p.target_value == pytest.approx(2800.0)
    assert p.table["progress_pct"].isna().all()
    assert p.table.loc[2020, "bau_reduction_pct"] == pytest.approx(38.455 / 2100 * 100)
    assert p.to_dict()["latest"]["progress_pct"] is None


def test_an_old_excel_file_in_the_folder_is_refused_not_skipped(three):
    (three / "inv_2019.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(InputError, match="xls workbooks are not read"):
        load_inventories([three])


# -- properties of the target arithmetic (no inventory needed) -------------------------------------
from types import SimpleNamespace  # noqa: E402

from hypothesis import given, settings as hsettings, strategies as st  # noqa: E402


def fake_trend(totals: dict, pop: dict):
    years = sorted(totals)
    df = pd.DataFrame({"total_t": totals, "population": pop}, index=pd.Index(years, name="year"))
    df["per_capita_t"] = df["total_t"] / df["population"]
    return SimpleNamespace(base_year=years[0], years=years, totals=df)


@hsettings(max_examples=60, deadline=None)
@given(e=st.lists(st.floats(100, 1e7), min_size=2, max_size=8), r=st.floats(1, 90), k=st.floats(0.01, 100),
       span=st.integers(1, 15))
def test_target_path_properties(e, r, k, span):
    years = list(range(2010, 2010 + len(e)))
    tr = fake_trend(dict(zip(years, e)), {y: 1000.0 for y in years})
    t = Target("base_year_percent", years[-1] + span, reduction_pct=r)
    p = progress(tr, t)
    tab = p.table
    assert tab.loc[2010, "path"] == pytest.approx(e[0])                       # starts at the base year
    assert tab.loc[t.year, "path"] == pytest.approx(e[0] * (1 - r / 100))      # ends at the target
    steps = tab["path"].diff().dropna().to_numpy()
    assert steps == pytest.approx([steps[0]] * len(steps))                     # a straight line
    have = tab["actual"].notna()
    assert (tab.loc[have, "gap"] + p.target_value).to_numpy() == pytest.approx(tab.loc[have, "actual"].to_numpy())
    # scaling every year's emissions by k scales the path and the gap by k; progress does not move
    q = progress(fake_trend({y: v * k for y, v in zip(years, e)}, {y: 1000.0 for y in years}), t)
    assert q.table["gap"].dropna().to_numpy() == pytest.approx(k * tab["gap"].dropna().to_numpy(), rel=1e-9)
    assert q.table["progress_pct"].dropna().to_numpy() == pytest.approx(
        tab["progress_pct"].dropna().to_numpy(), rel=1e-9, abs=1e-9)


def test_a_reference_missing_inside_a_present_sector(tmp_path):
    folder = tmp_path / "inv"
    write_year(folder, 2020, ROWS[2020], td_loss_rate=0.08)
    write_year(folder, 2021, ROWS[2021])                      # no T&D losses this year: I.1.3 and I.2.3 vanish
    t = build_trend(load_inventories([folder]), basis="basic_plus")
    w = [f for f in t.findings if f.code == "TREND-011"]
    assert sorted(f.message.split()[0] for f in w) == ["I.1.3", "I.2.3"]
    # I.1.3 in 2020: 1000 MWh x 0.08 / (1 - 0.08) x 0.5 t/MWh = 43.478 t CO2
    assert "43 t CO2e" in next(f.message for f in w if f.message.startswith("I.1.3"))
    assert t.totals.loc[2020, "total_t"] == pytest.approx(E[2020] + 3000 * 0.08 / 0.92 * 0.5)
    assert "TREND-001" not in codes(t)


def test_a_reference_only_one_year_has_is_kept(tmp_path):
    """A year with off-road T&D losses (II.5.3, which the GPC does not number, listed by
    gpc_table since a review) and one without: the trend's GPC table took the descriptions and
    scopes of the first year only, so II.5.3's scope was NaN and `trend --format json` stopped with
    a traceback. Now it is listed with its years, and the gap is a finding."""
    folder = tmp_path / "inv"
    rows = "transport,off_road,electricity,1000,MWh,\nwaste,composting,food,100,t,\n"     # waste: after II.5
    write_year(folder, 2020, rows)
    write_year(folder, 2021, rows, td_loss_rate=0.1)
    r = CliRunner().invoke(main, ["trend", str(folder), "--format", "json"])
    assert r.exit_code == 0, r.output
    d = json.loads(r.stdout)
    ref = d["gpc"]["II.5.3"]
    assert ref["scope"] == 3 and ref["level"] == "other"
    assert ref["years"]["2020"] is None and ref["years"]["2021"] == pytest.approx(1000 * 0.5 * 0.1 / 0.9)
    refs = list(d["gpc"])
    assert refs.index("II.5.3") == refs.index("II.5.2") + 1 and refs.index("II.5.3") < refs.index("III.2.1")
    assert any(f["code"] == "TREND-011" and "II.5.3" in f["message"] for f in d["findings"])


def test_a_year_with_an_implausible_grid_factor_is_a_trend_warning(tmp_path):
    """As calc and validate warn (PLAUS-006): a review found trend silent on a year whose grid factor was
    600 (meant as g/kWh), a series of 1.78 billion t."""
    import re
    import shutil

    src = Path(__file__).resolve().parents[1] / "examples" / "trend" / "inventories"
    shutil.copytree(src, tmp_path / "inv")
    toml = tmp_path / "inv" / "tan_hoa_2019.toml"
    toml.write_text(re.sub(r"(?m)^grid_ef = .*$", "grid_ef = 600", toml.read_text(encoding="utf-8")),
                    encoding="utf-8")
    t = build_trend(load_inventories([tmp_path / "inv"]))
    odd = [f for f in t.findings if f.code == "PLAUS-006"]
    assert len(odd) == 1 and odd[0].years == (2019,) and odd[0].severity == "warning"
    assert not [f for f in build_trend(load_inventories([src])).findings if f.code == "PLAUS-006"]
