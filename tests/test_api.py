"""The public Python API: the same numbers as the command line, factor files through the API."""

import json

import pytest
from click.testing import CliRunner

import ghgkit
from ghgkit.cli import main

from conftest import ROOT

DEMO = ROOT / "examples" / "demo_city"


def test_api_names_are_exported():
    for name in ghgkit.__all__:
        assert getattr(ghgkit, name) is not None, name
    with pytest.raises(AttributeError):
        ghgkit.no_such_name  # noqa: B018


def test_calculate_with_factor_files_equals_calc_cli():
    act, settings = ghgkit.load(DEMO / "demo_city.csv", settings_file=DEMO / "settings.toml")
    inv = ghgkit.calculate(act, settings, factors=[DEMO / "factors.csv"])
    r = CliRunner().invoke(main, ["calc", str(DEMO / "demo_city.csv"), "--settings", str(DEMO / "settings.toml"),
                                  "--factors", str(DEMO / "factors.csv"), "--format", "json"])
    assert r.exit_code == 0, r.output
    cli = json.loads(r.stdout)["totals"]
    assert inv.totals["basic_co2e_t"] == cli["basic_co2e_t"] and inv.totals["co2e_t"] == cli["co2e_t"]
    # without the city's factor file the vehicle-km rows have no fuel economy: refused, not zero
    with pytest.raises(ghgkit.GhgkitError, match="fuel economy"):
        ghgkit.calculate(act, settings)


def test_validate_and_projects_through_the_api(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("sector,activity,amount,unit\nhousehold,diesel,12,kwh\n", encoding="utf-8")
    (rep,) = ghgkit.validate(bad)
    assert rep.errors >= 1 and any("kWh" in (f.hint or "") + f.message for f in rep.findings)
    p = ghgkit.load_project(ROOT / "examples" / "projects" / "street_lighting_yokohama_danang.yaml")
    est = ghgkit.estimate(p)
    assert est.totals["reduction_t"] == pytest.approx(sum(y["reduction_t"] for y in est.years))
    total = ghgkit.portfolio(ghgkit.load_projects(ROOT / "examples" / "projects")).totals["reduction_t"]
    assert total > est.totals["reduction_t"]
