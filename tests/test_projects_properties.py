"""Properties of the project engine (hypothesis)."""

from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from ghgkit.errors import GhgkitError
from ghgkit.projects import Project, estimate, load_project, monitor
from ghgkit.projects.calculate import estimate_and_monitor, reductions

pos = st.floats(min_value=0.01, max_value=1e6, allow_nan=False, allow_infinity=False)
frac = st.floats(min_value=0.05, max_value=1.0, allow_nan=False)
SRC = "property test"


def make(methodology, params, settings=None, monitoring=None, period=3):
    return Project.model_validate({
        "title": "p", "host_city": "H", "partner_city": "P", "methodology": methodology,
        "start_year": 2025, "crediting_period": period, "settings": settings or {},
        "ex_ante": {k: {"value": v, "unit": u, "source": SRC} for k, (v, u) in params.items()},
        "monitoring": monitoring or []})


def lighting(n, p_bl, p_pj, hours, ef, leak=0.0):
    return {"lamps": (n, ""), "baseline_lamp_power": (p_bl, "W"), "project_lamp_power": (p_pj, "W"),
            "operating_hours": (hours, "h/yr"), "grid_ef": (ef, ""), "leakage": (leak, "t")}


def compost(waste, food, k=None):
    return ({"waste_composted": (waste, "t"), "fraction_food": (food, ""), "phi": (0.85, ""),
             "fraction_captured": (0.1, "")},
            {"climate_zone": "tropical_wet", "swds_type": "managed_anaerobic", "swds_cover": "oxidising"})


@settings(max_examples=40, deadline=None)
@given(pos, pos, pos, st.floats(min_value=1, max_value=8760), frac, st.floats(min_value=0, max_value=1e4))
def test_er_is_be_minus_pe_minus_le_exactly(n, p_bl, p_pj, hours, ef, leak):
    res = estimate(make("street_lighting", lighting(n, p_bl, p_pj, hours, ef, leak)))
    for r in res.years:
        assert r["reduction_t"] == r["baseline_t"] - r["project_t"] - r["leakage_t"]
        assert r["negative"] == (r["reduction_t"] < 0)


@settings(max_examples=25, deadline=None)
@given(pos, frac, st.floats(min_value=0.1, max_value=100))
def test_er_identity_composting_and_scaling(waste, food, c):
    params, s = compost(waste, food)
    a = estimate(make("composting", params, s))
    params2 = dict(params, waste_composted=(waste * c, "t"))
    b = estimate(make("composting", params2, s))
    for ra, rb in zip(a.years, b.years):
        assert ra["reduction_t"] == ra["baseline_t"] - ra["project_t"] - ra["leakage_t"]
        for k in ("baseline_t", "project_t", "reduction_t"):
            assert rb[k] == pytest.approx(c * ra[k], rel=1e-9, abs=1e-9)


@settings(max_examples=30, deadline=None)
@given(pos, pos, pos, st.floats(min_value=1, max_value=8760), frac, st.floats(min_value=0.1, max_value=100))
def test_scaling_the_project_scales_the_result(n, p_bl, p_pj, hours, ef, c):
    a = estimate(make("street_lighting", lighting(n, p_bl, p_pj, hours, ef)))
    b = estimate(make("street_lighting", lighting(n * c, p_bl, p_pj, hours, ef)))
    for ra, rb in zip(a.years, b.years):
        for k in ("baseline_t", "project_t", "reduction_t"):
            # the reduction is a difference: when project and baseline are nearly equal (p_pj
            # 99.99999999999999 W for 100), its rounding error is that of the baseline (eps × BE)
            assert rb[k] == pytest.approx(c * ra[k], rel=1e-9, abs=1e-12 + 1e-13 * abs(rb["baseline_t"]))


@settings(max_examples=30, deadline=None)
@given(pos, pos, st.floats(min_value=1, max_value=8760), frac)
def test_project_identical_to_baseline_reduces_nothing(n, power, hours, ef):
    res = estimate(make("street_lighting", lighting(n, power, power, hours, ef)))
    assert all(r["reduction_t"] == 0 for r in res.years)


@settings(max_examples=20, deadline=None)
@given(pos, frac, st.sampled_from(["kerosene", "lpg", "diesel"]))
def test_fuel_switch_to_the_same_fuel_and_stove_reduces_nothing(q, eta, fuel):
    res = estimate(make("fuel_switch", {"households": (100, ""), "project_fuel_per_household": (q, "kg/yr"),
                                        "baseline_stove_efficiency": (eta, ""),
                                        "project_stove_efficiency": (eta, "")},
                        {"baseline_fuel": fuel, "project_fuel": fuel}))
    for r in res.years:
        assert r["reduction_t"] == pytest.approx(0.0, abs=1e-9 * r["baseline_t"])


@settings(max_examples=20, deadline=None)
@given(pos, pos)
def test_bus_fleet_same_bus_reduces_nothing(d, sfc):
    res = estimate(make("bus_fleet", {"distance": (d, "km"), "baseline_fuel_consumption": (sfc, "L/100 km"),
                                      "project_fuel_consumption": (sfc / 100, "L/km")},
                        {"baseline_fuel": "diesel", "project_fuel": "diesel"}))
    for r in res.years:
        assert r["reduction_t"] == pytest.approx(0.0, abs=1e-9 * r["baseline_t"])


@settings(max_examples=25, deadline=None)
@given(pos, pos, pos, st.floats(min_value=1, max_value=8760), frac)
def test_monitored_equal_to_ex_ante_gives_ex_ante(n, p_bl, p_pj, hours, ef):
    mon = [{"year": y, "parameter": "lamps", "value": n, "unit": "lamps"} for y in (2025, 2026)]
    mon += [{"year": y, "parameter": "operating_hours", "value": hours / 1000, "unit": "kh"} for y in (2025, 2026)]
    res = monitor(make("street_lighting", lighting(n, p_bl, p_pj, hours, ef), monitoring=mon))
    for r in res.years:
        assert r["reduction_t"] == pytest.approx(r["ex_ante"]["reduction_t"], rel=1e-9, abs=1e-9)
        assert all(abs(d) <= 1e-9 * max(1.0, abs(r["baseline_t"])) for d in r["attribution_t"].values())


@settings(max_examples=15, deadline=None)
@given(pos, frac)
def test_monitored_equal_to_ex_ante_gives_ex_ante_composting(waste, food):
    params, s = compost(waste, food)
    mon = [{"year": y, "parameter": "waste_composted", "value": waste * 1000, "unit": "kg"} for y in (2025, 2026)]
    res = monitor(make("composting", params, s, monitoring=mon))
    for r in res.years:
        assert r["reduction_t"] == pytest.approx(r["ex_ante"]["reduction_t"], rel=1e-9, abs=1e-9)


# -- one preparation for the ex-ante and the monitored result (portfolio, trend) ------------------
def _example_projects():
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent / "examples"
    return sorted(root.glob("projects/*.yaml")) + sorted(root.glob("trend/projects/*.yaml"))


@pytest.mark.parametrize("path", _example_projects(), ids=lambda p: p.name)
def test_a_computation_leaves_its_inputs_unchanged(path):
    """estimate_and_monitor shares the ex-ante computation with the monitored one, which
    holds only while no methodology changes the parameter arrays it is given."""
    import numpy as np

    from ghgkit.projects import load_project, prepare

    prep = prepare(load_project(path))
    values = prep.values()
    before = {k: v.copy() for k, v in values.items()}
    prep.meth.compute(values, prep.ctx)
    assert values.keys() == before.keys()
    for k in before:
        np.testing.assert_array_equal(values[k], before[k], err_msg=f"{path.name}: compute changed {k}")


@pytest.mark.parametrize("path", _example_projects(), ids=lambda p: p.name)
def test_estimate_and_monitor_equal_the_separate_calls(path):
    from ghgkit.projects import load_project
    from ghgkit.projects.calculate import estimate_and_monitor

    p = load_project(path)
    est, mon = estimate_and_monitor(p)
    assert est.to_json() == estimate(p).to_json()
    assert (mon.to_json() == monitor(p).to_json()) if p.monitoring else mon is None


@settings(max_examples=20, deadline=None)
@given(pos, frac, st.lists(st.floats(min_value=0.0, max_value=1e6, allow_nan=False), min_size=2, max_size=2))
def test_estimate_and_monitor_equal_the_separate_calls_composting(waste, food, monitored):
    from ghgkit.projects.calculate import estimate_and_monitor

    params, s = compost(waste, food)
    mon = [{"year": y, "parameter": "waste_composted", "value": v, "unit": "t"}
           for y, v in zip((2025, 2026), monitored)]
    p = make("composting", params, s, monitoring=mon)
    est, m = estimate_and_monitor(p)
    assert est.to_json() == estimate(p).to_json()
    assert m.to_json() == monitor(p).to_json()


@pytest.mark.parametrize("case", ["year outside", "unknown parameter", "twice", "bad unit", "bad ex-ante"])
def test_estimate_and_monitor_refuse_as_the_separate_calls(case):
    """The same error (type and message) as estimate() then monitor(), whichever refuses first."""
    from ghgkit.errors import GhgkitError
    from ghgkit.projects.calculate import estimate_and_monitor

    row = {"year": 2025, "parameter": "lamps", "value": 10, "unit": "lamps"}
    bad = {"year outside": [{**row, "year": 1990}], "unknown parameter": [{**row, "parameter": "lampz"}],
           "twice": [row, row], "bad unit": [{**row, "parameter": "operating_hours", "unit": "kg"}],
           "bad ex-ante": [row]}[case]
    params = lighting(10, 100, 40, 4000, 0.5)
    if case == "bad ex-ante":
        params["baseline_lamp_power"] = (100, "kg")
    p = make("street_lighting", params, monitoring=bad)

    def outcome(fn):
        try:
            fn()
        except GhgkitError as e:
            return type(e), str(e)
        return None

    separate = outcome(lambda: (estimate(p), monitor(p)))
    assert separate is not None, case                   # every case is refused
    assert outcome(lambda: estimate_and_monitor(p)) == separate


# -- the portfolio's lean path ---------------------------------------------------------------
EXAMPLES = sorted((Path(__file__).resolve().parent.parent / "examples" / "projects").glob("*.yaml"))
FLOWS = ("year", "baseline_t", "project_t", "leakage_t", "reduction_t", "negative")


def _outcome(fn):
    try:
        return fn(), None
    except GhgkitError as e:
        return None, str(e)


@settings(max_examples=80, deadline=None)
@given(st.sampled_from(EXAMPLES), st.lists(st.sampled_from([0.0, 0.5, 1.0, 2.0, 50.0]), min_size=12, max_size=12),
       st.integers(min_value=0, max_value=3), st.booleans())
def test_reductions_are_the_estimate_and_monitor_figures(path, scale, drop, later):
    """What the portfolio sums of a project (``reductions``) is what ``estimate`` and ``monitor``
    give: the same floats per year, the same warnings, the same error when one of them refuses
    (monitored values scaled, so some years turn negative or out of bounds; the first or last
    year dropped, or the last one moved two years later, leaves years not monitored; drop 3 is
    a project without monitoring)."""
    p = load_project(path)
    years = sorted({m.year for m in p.monitoring})
    gone = {0: None, 1: years[0], 2: years[-1], 3: None}[drop]
    last = max((y for y in years if y != gone), default=None)
    rows = [m.model_copy(update={"value": m.value * scale[i % len(scale)],
                                 "year": m.year + 2 if later and m.year == last else m.year})
            for i, m in enumerate(p.monitoring) if m.year != gone]
    p = p.model_copy(update={"monitoring": rows if drop != 3 else []})

    def full():
        est, mon = estimate_and_monitor(p)
        return est, mon

    got, err = _outcome(lambda: reductions(p))
    want, want_err = _outcome(full)
    assert err == want_err
    if want is None:
        return
    est, mon = want
    assert got.years == [{k: r[k] for k in FLOWS} for r in est.years]
    assert got.reduction_t == est.totals["reduction_t"]
    assert got.warnings == est.warnings
    if mon is None:
        assert got.monitored == [] and got.monitor_warnings == []
    else:
        assert got.monitored == [{k: r[k] for k in FLOWS} for r in mon.years]
        assert got.monitor_warnings == mon.warnings
