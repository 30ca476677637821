"""Uncertainty (IPCC 2006 Vol. 1 Ch. 3): Approach 1 worked by hand, Monte Carlo against it, properties.

No published worked example with printed numbers was at hand, so the Table 3.2 check
below is built from the equations with the arithmetic written out.
"""

import math

import numpy as np
import pytest
from hypothesis import given, settings as hsettings, strategies as st

import ghgkit
from ghgkit.factors import FactorLibrary
from ghgkit.inventory_uncertainty import inventory_uncertainty
from ghgkit.uncertainty import (monte_carlo, product_uncertainty, range_to_pct, sum_uncertainty,
                                summarise_draws, trend_table, type_a_sensitivity, type_b_sensitivity)

from conftest import write_csv


# -- the equations --------------------------------------------------------------------

def test_range_to_pct_takes_the_larger_half_and_never_invents_a_range():
    # 56100 with 54300..58300: halves 1800 and 2200; the larger one, 2200 / 56100
    assert range_to_pct(56100, 54300, 58300) == pytest.approx(2200 / 56100 * 100)
    # symmetric: 10 ± 2 → 20 %
    assert range_to_pct(10, 8, 12) == pytest.approx(20.0)
    assert math.isnan(range_to_pct(10, float("nan"), 12))
    assert math.isnan(range_to_pct(0, -1, 1))


def test_eq_3_1_product():
    assert product_uncertainty(3, 4) == pytest.approx(5.0)
    assert product_uncertainty(5, 12) == pytest.approx(13.0)
    assert math.isnan(product_uncertainty(5, float("nan")))     # unknown is not 0 %


def test_eq_3_2_sum():
    # sqrt((10·100)² + (20·50)²) / 150 = sqrt(2)·1000 / 150
    assert sum_uncertainty([10, 20], [100, 50]) == pytest.approx(math.sqrt(2) * 1000 / 150)
    assert math.isnan(sum_uncertainty([10, float("nan")], [100, 50]))
    assert sum_uncertainty([10, float("nan")], [100, 0]) == pytest.approx(10.0)   # a zero term carries nothing


def test_table_3_2_layout_by_hand():
    """Two categories, worked column by column (Vol. 1 Ch. 3 Table 3.2, columns C to M)."""
    c, d, e, f = [100.0, 50.0], [120.0, 30.0], [5.0, 10.0], [10.0, 50.0]
    t = trend_table(c, d, e, f)
    # G = sqrt(E² + F²)
    assert t.combined_pct == pytest.approx([math.sqrt(125), math.sqrt(2600)])
    # H = (G·D)² / (ΣD)²: 125·120² / 150² = 80 and 2600·30² / 150² = 104
    assert t.variance_share == pytest.approx([80.0, 104.0])
    assert t.total_pct == pytest.approx(math.sqrt(184))
    # I: ((0.01·D_x + ΣD − (0.01·C_x + ΣC)) / (0.01·C_x + ΣC) − (ΣD − ΣC)/ΣC) × 100, ΣC = ΣD = 150
    i1 = (1.2 + 150 - (1.0 + 150)) / (1.0 + 150) * 100       # = 0.2 / 151 × 100
    i2 = (0.3 + 150 - (0.5 + 150)) / (0.5 + 150) * 100       # = −0.2 / 150.5 × 100
    assert t.type_a == pytest.approx([i1, i2])
    assert type_a_sensitivity(c, d) == pytest.approx([0.13245033, -0.13289037])
    # J = D / ΣC
    assert t.type_b == pytest.approx([0.8, 0.2])
    assert type_b_sensitivity(c, d) == pytest.approx([0.8, 0.2])
    # K = I·F (factors correlated between years), L = J·E·√2 (activity data not)
    assert t.trend_ef_pct == pytest.approx([i1 * 10, i2 * 50])
    assert t.trend_ad_pct == pytest.approx([0.8 * 5 * math.sqrt(2), 0.2 * 10 * math.sqrt(2)])
    m = [(i1 * 10) ** 2 + 32.0, (i2 * 50) ** 2 + 8.0]
    assert t.trend_var == pytest.approx(m)
    assert t.trend_pct == pytest.approx(0.0)
    assert t.trend_uncertainty_pct == pytest.approx(math.sqrt(sum(m)))
    assert t.trend_uncertainty_pct == pytest.approx(9.2684, abs=5e-4)


def test_type_a_sensitivity_is_the_trend_change_for_one_percent_more_in_both_years():
    c, d = np.array([100.0, 50.0, 7.0]), np.array([120.0, 30.0, 9.0])
    trend = lambda cc, dd: (dd.sum() - cc.sum()) / cc.sum() * 100
    for x in range(3):
        bump = np.eye(3)[x] * 0.01 + 1
        assert type_a_sensitivity(c, d)[x] == pytest.approx(trend(c * bump, d * bump) - trend(c, d))
        only_d = trend(c, d * bump) - trend(c, d)
        assert type_b_sensitivity(c, d)[x] == pytest.approx(only_d)


def test_identical_years_have_no_trend_uncertainty_from_factors():
    # same emissions both years: type A sensitivity 0, so only the activity data move the trend
    t = trend_table([100, 50], [100, 50], [5, 10], [30, 80])
    assert t.type_a == pytest.approx([0, 0], abs=1e-12)
    assert t.trend_uncertainty_pct == pytest.approx(math.sqrt((100 / 150 * 5) ** 2 * 2 + (50 / 150 * 10) ** 2 * 2))


# -- Monte Carlo ----------------------------------------------------------------------

def test_monte_carlo_agrees_with_approach_1_on_a_sum_of_normals():
    x = np.array([1000.0, 400.0, 250.0, 80.0])
    u = np.array([5.0, 20.0, 10.0, 40.0])
    inputs = np.arange(4)[:, None]
    n = 40_000
    s = summarise_draws(monte_carlo(x, inputs, u, draws=n, seed=42)[:, 0])
    a1 = sum_uncertainty(u, x)
    sigma = a1 / 100 * x.sum() / 1.959964
    # the mean within 4 standard errors; the half-width within 4 standard errors of a
    # 2.5/97.5 % quantile of a normal: sqrt(p(1-p)/n) / φ(1.96) standard deviations
    assert abs(s["mean_t"] - x.sum()) < 4 * sigma / math.sqrt(n)
    se_q = math.sqrt(0.975 * 0.025 / n) / (math.exp(-1.959964 ** 2 / 2) / math.sqrt(2 * math.pi))
    assert abs(s["half_width_pct"] - a1) < 4 * se_q * sigma / x.sum() * 100


def test_a_shared_factor_is_fully_correlated_in_both_approaches(tmp_path):
    # two lines, exact activity, one factor ±10 %: the sum is ±10 %, not ±10/√2 %
    x = np.array([300.0, 700.0])
    inputs = np.array([[0], [0]])
    s = summarise_draws(monte_carlo(x, inputs, [10.0], draws=20_000, seed=1)[:, 0])
    assert s["half_width_pct"] == pytest.approx(10.0, rel=0.03)


def test_monte_carlo_is_reproducible_and_seeded():
    x, inp, u = [10.0, 20.0], [[0], [1]], [10.0, 30.0]
    a = monte_carlo(x, inp, u, draws=500, seed=7)
    assert np.array_equal(a, monte_carlo(x, inp, u, draws=500, seed=7))
    assert not np.array_equal(a, monte_carlo(x, inp, u, draws=500, seed=8))
    # the chunk size changes nothing but memory (the generator's stream is drawn in order)
    assert np.allclose(a, monte_carlo(x, inp, u, draws=500, seed=7, chunk=64))


def test_wide_or_asymmetric_inputs_are_lognormal_and_stay_positive():
    s = monte_carlo([1.0], [[0]], [150.0], draws=20_000, seed=3)[:, 0]
    assert (s > 0).all()
    assert s.mean() == pytest.approx(1.0, rel=0.05)              # mean kept at the value
    assert s.std() == pytest.approx(1.5 / 1.959964, rel=0.1)     # sd = U / 196


@hsettings(max_examples=30, deadline=None)
@given(st.lists(st.floats(1, 1e6), min_size=1, max_size=6), st.floats(0.1, 1e3), st.integers(0, 2 ** 16))
def test_zero_uncertainty_gives_zero_width(xs, _, seed):
    x = np.array(xs)
    inputs = np.arange(len(x))[:, None]
    s = summarise_draws(monte_carlo(x, inputs, np.zeros(len(x)), draws=200, seed=seed)[:, 0])
    assert s["half_width_pct"] == pytest.approx(0.0, abs=1e-9)
    assert s["mean_t"] == pytest.approx(x.sum())
    assert sum_uncertainty(np.zeros(len(x)), x) == 0.0


@hsettings(max_examples=30, deadline=None)
@given(st.lists(st.tuples(st.floats(1, 1e6), st.floats(0, 80)), min_size=1, max_size=6),
       st.floats(1e-3, 1e3), st.integers(0, 2 ** 16))
def test_scaling_amounts_scales_the_interval_not_the_percentage(pairs, k, seed):
    x = np.array([p[0] for p in pairs])
    u = np.array([p[1] for p in pairs])
    inputs = np.arange(len(x))[:, None]
    a = summarise_draws(monte_carlo(x, inputs, u, draws=300, seed=seed)[:, 0])
    b = summarise_draws(monte_carlo(x * k, inputs, u, draws=300, seed=seed)[:, 0])
    # rounding of sums of size k·Σx bounds how exactly the widths can agree
    assert b["p97_5_t"] - b["p2_5_t"] == pytest.approx(k * (a["p97_5_t"] - a["p2_5_t"]), rel=1e-9,
                                                       abs=1e-12 * k * x.sum())
    assert b["half_width_pct"] == pytest.approx(a["half_width_pct"], rel=1e-9, abs=1e-10)
    assert sum_uncertainty(u, x * k) == pytest.approx(sum_uncertainty(u, x), rel=1e-12)


# -- on an inventory ------------------------------------------------------------------

FACTORS = """# source fixture: ranges made up for this test (not published values)
factor_id,activity,gas,value,unit,sector,low,high,source
t_lpg_co2,lpg,CO2,60000,kg/TJ,household,57000,63000,fixture
t_lpg_ch4,lpg,CH4,5,kg/TJ,household,2,10,fixture
t_lpg_n2o,lpg,N2O,0.1,kg/TJ,household,0.05,0.15,fixture
"""


def _inv(tmp_path, rows):
    p = write_csv(tmp_path / "a.csv", rows)
    (tmp_path / "f.csv").write_text(FACTORS)
    act, s = ghgkit.load(p, overrides={"inventory_year": "2023"})
    return ghgkit.calculate(act, s, library=FactorLibrary.default().with_overrides(tmp_path / "f.csv"))


def _by_hand_row():
    """1000 t LPG, NCV 47.3 TJ/Gg (IPCC 2006 Vol. 2 Table 1.2) → 47.3 TJ; AR5 GWP 28 and 265."""
    co2, ch4, n2o = 47.3 * 60000 / 1000, 47.3 * 5 / 1000 * 28, 47.3 * 0.1 / 1000 * 265   # t CO2e
    # factor ranges: CO2 ±5 %; CH4 2..10 around 5 → larger half 5 → 100 %; N2O ±50 %
    ef_pct = math.sqrt((5 * co2) ** 2 + (100 * ch4) ** 2 + (50 * n2o) ** 2) / (co2 + ch4 + n2o)
    return co2 + ch4 + n2o, ef_pct


def test_inventory_approach1_by_hand(tmp_path):
    inv = _inv(tmp_path, [dict(sector="household", activity="lpg", amount=1000, unit="t", uncertainty_pct=10),
                          dict(sector="household", activity="lpg", amount=2000, unit="t", uncertainty_pct=20)])
    x1, ef = _by_hand_row()
    assert ef == pytest.approx(4.99163, abs=1e-5)
    r = inventory_uncertainty(inv)
    # each row: Eq. 3.1 of its activity and its factor part
    assert r.row_pct == pytest.approx([math.sqrt(10 ** 2 + ef ** 2), math.sqrt(20 ** 2 + ef ** 2)])
    # the total: activity data independent per row, the factors shared (row 2 = 2 × row 1):
    # var = (10·x1)² + (20·2·x1)² + (ef·3·x1)², over 3·x1
    expect = math.sqrt(100 + 1600 + 9 * ef ** 2) / 3
    t = r.totals["co2e_t"]
    assert t["complete"] and t["coverage_share"] == 1.0
    assert t["value_t"] == pytest.approx(3 * x1)
    assert t["half_width_pct"] == pytest.approx(expect)
    assert t["half_width_pct"] == pytest.approx(14.62208, abs=1e-5)
    assert t["lower_t"] == pytest.approx(3 * x1 * (1 - expect / 100))
    assert r.missing == []


def test_inventory_missing_data_is_reported_never_zero(tmp_path):
    inv = _inv(tmp_path, [dict(sector="household", activity="lpg", amount=1000, unit="t", uncertainty_pct=10),
                          dict(sector="household", activity="lpg", amount=3000, unit="t"),
                          dict(sector="building", activity="lpg", amount=500, unit="t", uncertainty_pct=5)])
    r = inventory_uncertainty(inv)
    t = r.totals["co2e_t"]
    assert not t["complete"] and t["half_width_pct"] is None and t["lower_t"] is None
    x1, ef = _by_hand_row()
    assert t["covered_t"] == pytest.approx(x1)
    assert t["coverage_share"] == pytest.approx(x1 / inv.totals["co2e_t"])
    assert t["covered_half_width_pct"] == pytest.approx(math.sqrt(100 + ef ** 2))
    assert [m["source"] for m in r.missing] == ["line 3", "line 4"]
    assert r.missing[0]["lacks"] == ["uncertainty_pct"]
    assert r.missing[1]["lacks"] == ["range of st_com_lpg_ch4", "range of st_com_lpg_co2", "range of st_com_lpg_n2o"]
    assert math.isnan(r.row_pct[1]) and math.isnan(r.row_pct[2])
    assert "no interval for the total" in r.messages()[0]


def test_inventory_monte_carlo_within_sampling_error_of_approach1(tmp_path):
    inv = _inv(tmp_path, [dict(sector="household", activity="lpg", amount=1000, unit="t", uncertainty_pct=10),
                          dict(sector="household", activity="lpg", amount=2000, unit="t", uncertainty_pct=20)])
    a1 = inventory_uncertainty(inv).totals["co2e_t"]
    mc = inventory_uncertainty(inv, "montecarlo", draws=20_000, seed=5).totals["co2e_t"]
    # the CH4 factor (±100 %, lognormal) is 0.2 % of the total: the sum is nearly normal
    assert mc["half_width_pct"] == pytest.approx(a1["half_width_pct"], rel=0.03)
    assert mc["mean_t"] == pytest.approx(a1["value_t"], rel=0.005)
    assert mc["lower_t"] == mc["p2_5_t"] and mc["upper_t"] == mc["p97_5_t"]


def test_demo_city_monte_carlo_speed():
    """10,000 draws of the whole demo city in a few seconds (every parameter given 10 % as a setting,
    for the measurement only: the demo city's files are not changed)."""
    import time

    from conftest import ROOT

    demo = ROOT / "examples" / "demo_city" / "demo_city.xlsx"
    inv = ghgkit.calculate(*ghgkit.load(demo))
    ids = sorted({i for g in inv.info for i in g["factor_ids"].split(";") if i})
    inv = ghgkit.calculate(*ghgkit.load(demo, overrides={f"{i}_uncertainty_pct": "10" for i in ids}))
    t0 = time.perf_counter()
    mc = inventory_uncertainty(inv, "montecarlo", draws=10_000, seed=0).totals["co2e_t"]
    assert time.perf_counter() - t0 < 5.0
    a1 = inventory_uncertainty(inv).totals["co2e_t"]
    assert mc["complete"] and a1["complete"]
    assert mc["half_width_pct"] == pytest.approx(a1["half_width_pct"], rel=0.05)


def test_parameter_without_a_range_is_covered_by_a_setting(tmp_path):
    p = write_csv(tmp_path / "a.csv", [dict(sector="household", activity="electricity", amount=100, unit="MWh",
                                            uncertainty_pct=2)])
    act, s = ghgkit.load(p, overrides={"inventory_year": "2023", "grid_ef": "0.5", "td_loss_rate": "0.2",
                                       "grid_ef_uncertainty_pct": "10", "td_loss_rate_uncertainty_pct": "25%"})
    r = inventory_uncertainty(ghgkit.calculate(act, s))
    # scope 2: 50 t (amount ±2 %, grid_ef ±10 %); scope 3: 12.5 t (also td_loss_rate ±25 %)
    assert r.row_pct == pytest.approx([math.sqrt(4 + 100), math.sqrt(4 + 100 + 625)])
    # the amount and grid_ef are shared by both rows (fully correlated); td_loss_rate only in the second
    expect = math.sqrt((2 * 62.5) ** 2 + (10 * 62.5) ** 2 + (25 * 12.5) ** 2) / 62.5
    assert r.totals["co2e_t"]["half_width_pct"] == pytest.approx(expect)
    act, s = ghgkit.load(p, overrides={"inventory_year": "2023", "grid_ef": "0.5"})
    r = inventory_uncertainty(ghgkit.calculate(act, s))
    assert r.missing[0]["lacks"] == ["range of grid_ef"] and r.totals["co2e_t"]["half_width_pct"] is None


def test_trend_uncertainty_by_hand(tmp_path):
    from ghgkit.inventory_uncertainty import category_table, trend_uncertainty

    base = _inv(tmp_path, [dict(sector="household", activity="lpg", amount=1000, unit="t", uncertainty_pct=10)])
    year = _inv(tmp_path, [dict(sector="household", activity="lpg", amount=300, unit="t", uncertainty_pct=5),
                           dict(sector="household", activity="lpg", amount=500, unit="t", uncertainty_pct=5)])
    cats = category_table(year).set_index("gas")
    co2, ch4, n2o = 2838.0, 6.622, 1.25345                       # t CO2e of 1000 t (see _by_hand_row)
    # year: two rows (300 t, 500 t) ±5 % each, independent: sqrt((5·0.3)² + (5·0.5)²) / 0.8
    assert cats.loc["CO2", "ad_pct"] == pytest.approx(math.sqrt(1.5 ** 2 + 2.5 ** 2) / 0.8)
    # one factor behind both rows: its own ± %
    assert list(cats.loc[["CO2", "CH4", "N2O"], "ef_pct"]) == pytest.approx([5.0, 100.0, 50.0])
    table, t = trend_uncertainty(base, year)
    assert t is not None and t.trend_pct == pytest.approx(-20.0)
    # every category falls by the same 20 %: type A sensitivity 0, so the factors (correlated between the
    # years) add nothing; only the activity data: L = D_x / ΣC × E × √2
    assert list(table["type_a"]) == pytest.approx([0, 0, 0], abs=1e-9)
    e = math.sqrt(1.5 ** 2 + 2.5 ** 2) / 0.8
    c_sum = co2 + ch4 + n2o
    expect = math.sqrt(sum((0.8 * v / c_sum * e * math.sqrt(2)) ** 2 for v in (co2, ch4, n2o)))
    assert t.trend_uncertainty_pct == pytest.approx(expect)
    # a base year without uncertainty data: the table, but no trend uncertainty
    bare = _inv(tmp_path, [dict(sector="household", activity="lpg", amount=1000, unit="t")])
    assert trend_uncertainty(bare, year)[1] is None


def test_bad_uncertainty_inputs_are_refused_with_their_place(tmp_path):
    from ghgkit.errors import GhgkitError

    inv = _inv(tmp_path, [dict(sector="household", activity="lpg", amount=1000, unit="t", uncertainty_pct=-5)])
    with pytest.raises(GhgkitError, match="negative") as e:
        inventory_uncertainty(inv)
    assert "line 2" in str(e.value)
    (tmp_path / "bad.csv").write_text(FACTORS.replace("57000,63000", "61000,63000"))
    with pytest.raises(GhgkitError, match="low 61000 is above the value 60000"):
        FactorLibrary.default().with_overrides(tmp_path / "bad.csv")
    with pytest.raises(GhgkitError, match="at least"):
        inventory_uncertainty(_inv(tmp_path, [dict(sector="household", activity="lpg", amount=1, unit="t")]),
                              "montecarlo", draws=10)
