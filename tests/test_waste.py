"""Waste and wastewater core (ghgkit.sectors.waste: the IPCC Vol. 5 equations): reference cases, hand calculations, properties."""

import json
import math
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from ghgkit.sectors import waste as w
from ghgkit.errors import GhgkitError, SettingsError
from ghgkit.gwp import gwp_values

DATA = Path(__file__).parent / "data" / "reference_cases.json"
SHARED = Path(__file__).parents[2] / "shared" / "reference" / "cases.json"


def _cases():
    return json.loads(DATA.read_text(encoding="utf-8"))


WASTE_CASES = [c for c in _cases() if c["sector"] in ("waste", "wastewater")]


def _t(text: str) -> float:
    """'10000 t' -> 10000.0 (the reference set writes tonnes and kg)."""
    value, unit = text.split()[:2]
    return float(value) * {"t": 1.0, "kg": 1e-3}[unit]


def _co2e(gases: dict, gwp_set: str) -> float:
    g = gwp_values(gwp_set)
    return sum(v * g[k] for k, v in gases.items() if k != "CO2_biogenic")


def _check(case, got: dict):
    tol = case["tolerance_rel"]
    for gas, want in case["expected"]["gases_t"].items():
        assert got.get(gas, 0.0) == pytest.approx(want, rel=tol, abs=1e-12), f"{case['id']} {gas}"
    for gwp_set, want in case["expected"]["co2e_t"].items():
        assert _co2e(got, gwp_set) == pytest.approx(want, rel=tol), f"{case['id']} CO2e {gwp_set}"


# --------------------------------------------------------------------------------------
# Reference cases (../shared/reference/cases.json, copied to tests/data)
# --------------------------------------------------------------------------------------
def test_copied_reference_cases_match_the_shared_set():
    if not SHARED.exists():
        pytest.skip("shared reference set not beside this checkout")
    assert json.loads(SHARED.read_text()) == _cases(), \
        "tests/data/reference_cases.json is stale: copy ../shared/reference/cases.json again"


def _run_swd(case, delay_months=None):
    inp = case["inputs"]
    p = inp["parameters"]
    years = sorted(int(y) for y in inp["deposits"])
    comps = list(inp["composition_fraction"])
    total = np.array([_t(inp["deposits"][str(y)]) for y in years])
    frac = np.array([inp["composition_fraction"][c] for c in comps])
    deposits = frac[:, None] * total[None, :]
    target = int(inp["target_year"])
    gen = w.fod_ch4_generated(
        deposits, years,
        doc=np.array([p["DOC_wet"][c] for c in comps]), docf=p["DOCf"], mcf=p["MCF"],
        k=np.array([p["k_per_yr"][c] for c in comps]),
        delay_months=p["delay_months"] if delay_months is None else delay_months,
        target_years=np.arange(years[0], target + 1), f=p["F"])
    emitted = w.landfill_ch4_emitted(gen, _t(p["R_target_year"]), p["OX"], sum_axis=0)
    return dict(zip(range(years[0], target + 1), emitted)), gen


def _run_bio(case, n2o_ef=None):
    inp = case["inputs"]
    mass = sum(_t(a["amount"]) for a in inp["activities"])
    ef = inp["emission_factors_g_per_kg"]
    ch4, n2o = w.biological_treatment(mass, ef["CH4"], ef["N2O"] if n2o_ef is None else n2o_ef,
                                      _t(inp["R_recovered"]))
    return {"CH4": float(ch4), "N2O": float(n2o)}


def _run_inc(case):
    inp = case["inputs"]
    p = inp["parameters"]
    comps = list(inp["composition_fraction"])
    mass = sum(_t(a["amount"]) for a in inp["activities"])
    co2, bio = w.incineration_co2_msw(
        mass, [inp["composition_fraction"][c] for c in comps],
        [p["dry_matter_fraction"][c] for c in comps],
        [p["carbon_fraction_of_dry_matter"][c] for c in comps],
        [p["fossil_carbon_fraction"][c] for c in comps], p["oxidation_factor"])
    return {"CO2": float(co2), "CO2_biogenic": float(bio),
            "CH4": float(w.incineration_ch4(mass, p["CH4_EF_kg_per_Gg_wet"])),
            "N2O": float(w.incineration_n2o(mass, p["N2O_EF_g_per_t_wet"]))}


def _run_ww_domestic(case):
    inp = case["inputs"]
    p = inp["parameters"]
    systems, shares = [], []
    for group in inp["groups"].values():
        for system, t in group["T"].items():
            systems.append(system)
            shares.append(group["U"] * t)
    bod = float(inp["BOD_per_capita"].split()[0])
    ch4 = w.domestic_wastewater_ch4(
        inp["population"], bod, shares, [p["MCF"][s] for s in systems],
        bo=float(p["Bo"].split()[0]), i_factor=[p["I"][s] for s in systems],
        sludge_removed_t=_t(p["S_sludge_removed"].replace("kg BOD/yr", "kg")),
        recovered_t=_t(p["R_recovered"].replace("kg CH4/yr", "kg")))
    return {"CH4": float(ch4)}


RUNNERS = {"solid_waste_disposal": lambda c: {"CH4": _run_swd(c)[0][int(c["inputs"]["target_year"])]},
           "biological_treatment": _run_bio,
           "incineration": _run_inc,
           "domestic_wastewater": _run_ww_domestic}


@pytest.mark.parametrize("case", WASTE_CASES, ids=[c["id"] for c in WASTE_CASES])
def test_reference_case(case):
    runner = RUNNERS.get(case["category"])
    assert runner is not None, f"no runner for category {case['category']} ({case['id']})"
    _check(case, runner(case))


def test_every_waste_reference_case_is_covered():
    assert {c["id"] for c in WASTE_CASES} >= {"SWD-04", "SWD-05", "BIO-01", "INC-01", "WW-03"}


@pytest.mark.parametrize("case", [c for c in WASTE_CASES if c["category"] == "solid_waste_disposal"],
                         ids=lambda c: c["id"])
def test_swd_yearly_series(case):
    series, gen = _run_swd(case)
    want = case["expected"]["intermediate"]["series_ch4_generated_t"]
    for year, value in want.items():
        assert series[int(year)] == pytest.approx(value, rel=case["tolerance_rel"], abs=1e-9), year
    assert gen.sum(axis=0)[-1] == pytest.approx(case["expected"]["intermediate"]["ch4_generated_t"],
                                                 rel=case["tolerance_rel"])


@pytest.mark.parametrize("case", [c for c in WASTE_CASES if c["category"] == "solid_waste_disposal"
                                  and any(v["id"] == "no_delay_M7" for v in c["variants"])],
                         ids=lambda c: c["id"])
def test_swd_no_delay_variant(case):
    variant = next(v for v in case["variants"] if v["id"] == "no_delay_M7")
    series, _ = _run_swd(case, delay_months=0)
    for year, value in variant["intermediate"]["series_ch4_generated_t"].items():
        assert series[int(year)] == pytest.approx(value, rel=case["tolerance_rel"]), year
    target = int(case["inputs"]["target_year"])
    assert series[target] == pytest.approx(variant["gases_t"]["CH4"], rel=case["tolerance_rel"])


def test_bio01_2019_edition_variant():
    """BIO-01's variant with N2O 0.24 g/kg is the 2019 Refinement default of ghgkit."""
    case = next(c for c in WASTE_CASES if c["id"] == "BIO-01")
    variant = next(v for v in case["variants"] if v["id"] == "bonsai_table_ef")
    ef19 = w.parameter("ef_bio_n2o", "composting_wet", edition="2019").value
    assert ef19 == 0.24
    got = _run_bio(case, n2o_ef=ef19)
    for gas, want in variant["gases_t"].items():
        assert got.get(gas, 0.0) == pytest.approx(want, rel=case["tolerance_rel"])


def test_case_parameters_are_the_shipped_defaults():
    """The IPCC 2006 values the reference cases state are the ones in waste_parameters.csv."""
    inc = next(c for c in WASTE_CASES if c["id"] == "INC-01")["inputs"]["parameters"]
    for comp, dm in inc["dry_matter_fraction"].items():
        key = w.normalise_component(comp)
        assert w.parameter("dry_matter", key).value == dm, comp
        assert w.parameter("carbon_fraction", key).value == inc["carbon_fraction_of_dry_matter"][comp]
        assert w.parameter("fossil_carbon_fraction", key).value == inc["fossil_carbon_fraction"][comp]
    assert w.parameter("ef_incin_ch4", "continuous_stoker").value == inc["CH4_EF_kg_per_Gg_wet"]
    assert w.parameter("ef_incin_n2o", "continuous_stoker").value == inc["N2O_EF_g_per_t_wet"]
    assert w.parameter("oxidation_factor", "incineration").value == inc["oxidation_factor"]
    bio = next(c for c in WASTE_CASES if c["id"] == "BIO-01")["inputs"]["emission_factors_g_per_kg"]
    assert w.parameter("ef_bio_ch4", "composting_wet").value == bio["CH4"]
    assert w.parameter("ef_bio_n2o", "composting_wet").value == bio["N2O"]
    swd = next(c for c in WASTE_CASES if c["id"] == "SWD-04")["inputs"]["parameters"]
    assert w.parameter("doc_wet", "food").value == swd["DOC_wet"]["food"]
    assert w.parameter("k", "food", climate_zone="temperate_wet").value == swd["k_per_yr"]["food"]
    assert w.parameter("k", "food", climate_zone="boreal_wet").value == swd["k_per_yr"]["food"]
    assert w.parameter("docf").value == swd["DOCf"]
    assert w.parameter("mcf_swds", "managed_anaerobic").value == swd["MCF"]
    assert w.parameter("f_ch4").value == swd["F"]
    assert w.parameter("delay_months").value == swd["delay_months"]
    swd5 = next(c for c in WASTE_CASES if c["id"] == "SWD-05")["inputs"]["parameters"]
    assert w.parameter("docf", "food", edition=2019).value == swd5["DOCf"]
    ww = next(c for c in WASTE_CASES if c["id"] == "WW-03")["inputs"]["parameters"]
    assert w.parameter("mcf_ww", "septic_system").value == ww["MCF"]["septic_system"]
    assert w.parameter("bo", "bod").value == float(ww["Bo"].split()[0])


# --------------------------------------------------------------------------------------
# A multi-year, multi-component FOD case worked out year by year
# --------------------------------------------------------------------------------------
def test_fod_two_components_by_hand():
    """Food and paper in an unmanaged deep site (MCF 0.8), temperate wet, DOCf 0.5, F 0.5.

    Deposits: 2018 food 1000 t and paper 500 t; 2019 food 2000 t; 2020 paper 1000 t.
    DDOCmd = W x DOC x DOCf x MCF (Eq. 3.2):
      food 2018: 1000 x 0.15 x 0.5 x 0.8 =  60 t C;  food 2019: 2000 x 0.15 x 0.5 x 0.8 = 120
      paper 2018: 500 x 0.40 x 0.5 x 0.8 =  80 t C;  paper 2020: 1000 x 0.40 x 0.5 x 0.8 = 160
    Eq. 3.4/3.5 with the six-month delay (a deposit starts to decay the next year):
      food, k 0.185: e^-k = 0.831104284, 1 - e^-k = 0.168895716
        2018: decomposed 0;                  DDOCma = 60
        2019: decomposed 60 x 0.168895716 = 10.13374297;  DDOCma = 120 + 60 x 0.831104284 = 169.86625703
        2020: decomposed 169.86625703 x 0.168895716 = 28.68968313;  DDOCma = 141.17657390
        2021: decomposed 141.17657390 x 0.168895716 = 23.84411855
      paper, k 0.06: e^-k = 0.941764534, 1 - e^-k = 0.058235466
        2019: decomposed 80 x 0.058235466 = 4.65883731;  DDOCma = 75.34116269
        2020: decomposed 75.34116269 x 0.058235466 = 4.38752775;  DDOCma = 160 + 70.95363494 = 230.95363494
        2021: decomposed 230.95363494 x 0.058235466 = 13.44969265
    CH4 generated = decomposed x F x 16/12 = decomposed x 0.666666667 (Eq. 3.6):
      food  2019..2021: 6.75582865, 19.12645542, 15.89607903
      paper 2019..2021: 3.10589154,  2.92501850,  8.96646177
    2021 emitted with R = 5 t and OX = 0.1 (Eq. 3.1):
      (15.89607903 + 8.96646177 - 5) x (1 - 0.1) = 24.86254080 - 5 = 19.86254080 x 0.9 = 17.87628672
    """
    years = [2018, 2019, 2020]
    deposits = np.array([[1000.0, 2000.0, 0.0],     # food
                         [500.0, 0.0, 1000.0]])     # paper
    doc = [w.parameter("doc_wet", c).value for c in ("food", "paper")]
    k = [w.parameter("k", c, climate_zone="temperate_wet").value for c in ("food", "paper")]
    mcf = w.parameter("mcf_swds", "unmanaged_deep").value
    assert doc == [0.15, 0.4] and k == [0.185, 0.06] and mcf == 0.8
    gen = w.fod_ch4_generated(deposits, years, doc, 0.5, mcf, k, target_years=[2018, 2019, 2020, 2021])
    np.testing.assert_allclose(gen[0], [0.0, 6.75582865, 19.12645542, 15.89607903], rtol=1e-8)
    np.testing.assert_allclose(gen[1], [0.0, 3.10589154, 2.92501850, 8.96646177], rtol=1e-8)
    emitted = w.landfill_ch4_emitted(gen[:, -1], 5.0, 0.1, sum_axis=0)
    assert float(emitted) == pytest.approx(17.87628672, rel=1e-8)


def _naive_fod(d, k, delay_months):
    """Independent oracle: the IPCC Waste Model loop with month M = 7 + delay (M <= 13)."""
    m = 7 + delay_months
    out = np.zeros_like(d)
    acc = 0.0
    for t in range(len(d)):
        decomp = acc * (1 - math.exp(-k))                              # Eq. 3.5
        acc = acc * math.exp(-k)
        in_year = d[t] * (1 - math.exp(-k * (13 - m) / 12))             # decays in deposit year
        out[t] = decomp + in_year
        acc += d[t] * math.exp(-k * (13 - m) / 12)                      # Eq. 3.4
    return out


@given(st.lists(st.floats(0, 1e6), min_size=1, max_size=40), st.floats(0.01, 0.8),
       st.sampled_from([0, 3, 6]))
@settings(max_examples=60, deadline=None)
def test_fod_matches_the_waste_model_loop(deposits, k, delay):
    d = np.array(deposits)
    got = w.fod_ch4_generated(d, np.arange(2000, 2000 + len(d)), 1.0, 1.0, 1.0, k,
                              delay_months=delay, f=0.75)       # 0.75 x 16/12 = 1
    np.testing.assert_allclose(got, _naive_fod(d, k, delay), rtol=1e-9, atol=1e-9 * max(1.0, d.max()))


def test_fod_long_history_does_not_overflow():
    """k x years far beyond exp's range: the blocked cumulative sum stays finite and exact."""
    d = np.ones((2, 3000))
    gen = w.fod_ch4_generated(d, np.arange(3000), 0.15, 0.5, 1.0, [0.9, 0.05])
    assert np.isfinite(gen).all()
    np.testing.assert_allclose(gen[:, -1], 0.15 * 0.5 * 0.5 * 16 / 12, rtol=1e-12)   # steady state


def test_fod_targets_beyond_and_before_the_history():
    gen = w.fod_ch4_generated([1000.0], [2010], 0.15, 0.5, 1.0, 0.185, target_years=[2000, 2010, 2011, 2040])
    assert gen[0] == 0 and gen[1] == 0
    assert gen[3] == pytest.approx(1000 * 0.15 * 0.5 * 0.5 * 16 / 12 * math.exp(-0.185 * 29)
                                   * (1 - math.exp(-0.185)))


def test_fod_gap_years_are_zero_deposit():
    a = w.fod_ch4_generated([[100.0, 300.0]], [2000, 2003], 0.15, 0.5, 1.0, 0.1, target_years=[2005])
    b = w.fod_ch4_generated([[100.0, 0, 0, 300.0]], [2000, 2001, 2002, 2003], 0.15, 0.5, 1.0, 0.1,
                            target_years=[2005])
    np.testing.assert_allclose(a, b)
    warnings = w.check_disposal_history([2000, 2003, 2004, 2007], 2010, "landfill A food")
    assert len(warnings) == 1
    assert "2001-2002, 2005-2006" in warnings[0] and "treated as zero deposit" in warnings[0]
    assert "landfill A food" in warnings[0]


def test_fod_per_year_doc():
    """DOC may change by year (a bulk MSW whose composition changed)."""
    doc = np.array([[0.1, 0.2]])
    got = w.fod_ch4_generated([[100.0, 100.0]], [2000, 2001], doc, 0.5, 1.0, 0.2, target_years=[2002])
    want = (w.fod_ch4_generated([[100.0, 0.0]], [2000, 2001], 0.1, 0.5, 1.0, 0.2, target_years=[2002])
            + w.fod_ch4_generated([[0.0, 100.0]], [2000, 2001], 0.2, 0.5, 1.0, 0.2, target_years=[2002]))
    np.testing.assert_allclose(got, want)


# --------------------------------------------------------------------------------------
# Properties
# --------------------------------------------------------------------------------------
fractions = st.floats(0.01, 1.0)


@given(st.floats(1, 1e7), fractions, fractions, fractions, st.floats(0.02, 0.7),
       st.sampled_from([0, 6, 9, 12]))
@settings(max_examples=50, deadline=None)
def test_fod_conservation(mass, doc, docf, mcf, k, delay):
    """One deposit: CH4 over a long horizon tends to DDOCm x F x 16/12 and never exceeds it."""
    horizon = int(40 / k) + 3                       # e^-40: nothing left
    gen = w.fod_ch4_generated([mass], [0], doc, docf, mcf, k, delay_months=delay,
                              target_years=np.arange(horizon))
    potential = mass * doc * docf * mcf * 0.5 * 16 / 12
    cumulative = np.cumsum(gen)
    assert (gen >= 0).all()
    assert cumulative.max() <= potential * (1 + 1e-12)
    assert cumulative[-1] == pytest.approx(potential, rel=1e-9)


@given(st.lists(st.floats(0, 1e6), min_size=2, max_size=30), st.floats(0, 50), st.floats(0.02, 0.7))
@settings(max_examples=50, deadline=None)
def test_fod_linear_in_mass(deposits, scale, k):
    d = np.array(deposits)
    yrs = np.arange(1990, 1990 + len(d))
    one = w.fod_ch4_generated(d, yrs, 0.15, 0.5, 1.0, k)
    many = w.fod_ch4_generated(d * scale, yrs, 0.15, 0.5, 1.0, k)
    np.testing.assert_allclose(many, one * scale, rtol=1e-9, atol=1e-6)
    other = d[::-1].copy()
    both = w.fod_ch4_generated(d + other, yrs, 0.15, 0.5, 1.0, k)
    np.testing.assert_allclose(both, one + w.fod_ch4_generated(other, yrs, 0.15, 0.5, 1.0, k),
                               rtol=1e-9, atol=1e-6)


@given(st.integers(1, 50), st.floats(0, 1.0), st.sampled_from([0, 6]))
@settings(max_examples=20, deadline=None)
def test_fod_zero_in_zero_out(n, k, delay):
    gen = w.fod_ch4_generated(np.zeros((3, n)), np.arange(n), 0.15, 0.5, 1.0, k, delay_months=delay)
    assert gen.shape == (3, n) and not gen.any()


@given(st.floats(0, 1e6), st.floats(0, 1), st.floats(0, 0.5))
@settings(max_examples=60, deadline=None)
def test_recovery_never_makes_emissions_negative(generated, share, ox):
    out = w.landfill_ch4_emitted(generated, generated * share, ox)
    assert out >= 0
    assert out == pytest.approx(generated * (1 - share) * (1 - ox), rel=1e-9, abs=1e-9)


@given(st.floats(1e-3, 1e6), st.floats(1.001, 100))
@settings(max_examples=30, deadline=None)
def test_recovery_above_generation_is_an_error(generated, factor):
    with pytest.raises(w.RecoveryError) as e:
        w.landfill_ch4_emitted(generated, generated * factor, 0.0)
    assert "larger than the methane generated" in str(e.value)


def test_recovery_error_names_the_element():
    with pytest.raises(w.RecoveryError) as e:
        w.landfill_ch4_emitted([10.0, 5.0], [1.0, 6.0], 0.0, labels=["site A", "site B"])
    assert "site B" in str(e.value) and isinstance(e.value, GhgkitError)
    with pytest.raises(w.RecoveryError):
        w.biological_treatment(100.0, 0.8, 0.0, recovered_ch4_t=1.0)      # 0.08 t generated


# --------------------------------------------------------------------------------------
# Biological treatment, incineration, open burning, wastewater: hand calculations
# --------------------------------------------------------------------------------------
def test_digester_recovery_subtracted():
    # 2000 t wet x 0.8 g/kg = 1.6 t CH4 generated; 1.2 t flared -> 0.4 t emitted
    ch4, n2o = w.biological_treatment(2000.0, 0.8, 0.0, recovered_ch4_t=1.2)
    assert float(ch4) == pytest.approx(0.4) and float(n2o) == 0


def test_biological_dry_basis():
    # 1000 t dry composted: 1000 x 10 g/kg = 10 t CH4, 1000 x 0.6 g/kg = 0.6 t N2O
    ch4, n2o = w.biological_treatment(1000.0, w.parameter("ef_bio_ch4", "composting_dry").value,
                                      w.parameter("ef_bio_n2o", "composting_dry").value)
    assert (float(ch4), float(n2o)) == pytest.approx((10.0, 0.6))


def test_incineration_by_type_equals_msw_composition():
    frac = np.array([0.5, 0.3, 0.2])
    dm, cf, fcf = np.array([0.4, 1.0, 0.9]), np.array([0.38, 0.75, 0.03]), np.array([0.0, 1.0, 1.0])
    fossil, bio = w.incineration_co2_msw(1000.0, frac, dm, cf, fcf, 1.0)
    f2, b2 = w.incineration_co2(1000.0 * frac, dm, cf, fcf, 1.0)
    assert float(fossil) == pytest.approx(f2.sum()) and float(bio) == pytest.approx(b2.sum())
    # plastics 300 t x 1.0 x 0.75 x 1 x 44/12 = 825; inert 200 x 0.9 x 0.03 x 44/12 = 19.8
    assert float(fossil) == pytest.approx(825.0 + 19.8)


def test_open_burning_by_hand():
    # Eq. 5.7: 100 000 persons x 0.3 burning x 0.5 kg/person/day x B_frac 0.6 x 365 = 3 285 000 kg
    msw = w.open_burning_waste(100_000, 0.3, 0.5, 0.6)
    assert float(msw) == pytest.approx(3285.0)
    of = w.parameter("oxidation_factor", "open_burning").value
    assert of == 0.58
    # plastics only: 3285 t x dm 1 x CF 0.75 x FCF 1 x OF 0.58 x 44/12 = 5239.575 t CO2
    fossil, _ = w.incineration_co2_msw(msw, [1.0], [1.0], [0.75], [1.0], of)
    assert float(fossil) == pytest.approx(3285 * 0.75 * 0.58 * 44 / 12)
    # CH4 6500 g/t wet: 3285 x 6500 x 1e-6 = 21.3525 t; N2O 150 g/t DRY (dm 1 here): 0.49275 t
    assert float(w.incineration_ch4(msw, w.parameter("ef_openburn_ch4", "msw_wet").value)) == pytest.approx(21.3525)
    assert float(w.incineration_n2o(msw, w.parameter("ef_openburn_n2o", "msw_dry").value)) == pytest.approx(0.49275)


def test_domestic_wastewater_pathways_by_hand():
    """200 000 persons, 40 g BOD/person/day: TOW (I = 1) = 200 000 x 40 x 1e-6 t/g x 365 = 2920 t BOD.

    septic 50 % (I 1.00, MCF 0.5), overloaded aerobic plant 30 % (I 1.25, MCF 0.3),
    sea/river discharge 20 % (I 1.00, MCF 0.1), Bo 0.6:
    CH4 = 0.6 x 2920 x (0.5 x 1 x 0.5 + 0.3 x 1.25 x 0.3 + 0.2 x 1 x 0.1)
        = 0.6 x 2920 x 0.3825 = 670.14 t
    """
    paths = ["septic_tank", "centralised_aerobic_overloaded", "untreated_discharge_sea_river_lake"]
    mcf, _ = w.parameter_values("mcf_ww", paths)
    i = [w.parameter("i_industrial", "uncollected").value, w.parameter("i_industrial", "collected").value,
         w.parameter("i_industrial", "uncollected").value]
    bod = w.parameter("bod_per_capita", "domestic", region="asia_middle_east_latin_america").value
    assert bod == 40
    ch4 = w.domestic_wastewater_ch4(200_000, bod, [0.5, 0.3, 0.2], mcf, bo=0.6, i_factor=i)
    assert float(ch4) == pytest.approx(670.14)
    # sludge removing 10 % of the organics and 100 t recovered: 670.14 x 0.9 - 100 = 503.126
    tow = float(w.domestic_tow(200_000, bod, np.dot([0.5, 0.3, 0.2], i)))
    ch4 = w.domestic_wastewater_ch4(200_000, bod, [0.5, 0.3, 0.2], mcf, bo=0.6, i_factor=i,
                                    sludge_removed_t=0.1 * tow, recovered_t=100.0)
    assert float(ch4) == pytest.approx(503.126)


def test_domestic_wastewater_vectorised_over_cities():
    pop = np.array([1e5, 2e5])
    shares = np.array([[1.0, 0.0], [0.5, 0.5]])
    ch4 = w.domestic_wastewater_ch4(pop, 60.0, shares, [0.5, 0.1], bo=0.6)
    # city 1: WW-03 (657 t); city 2: 2 x 2190 x 0.6 x (0.5 x 0.5 + 0.5 x 0.1) = 788.4 t
    np.testing.assert_allclose(ch4, [657.0, 788.4])


def test_effluent_n2o_by_hand():
    """100 000 persons x 25 kg protein x FNPR 0.16 x F_NON-CON 1.1 x F_IND-COM 1.25
    = 550 000 kg N = 550 t N; N2O = 550 x 0.005 x 44/28 = 4.32142857 t."""
    n = w.effluent_nitrogen(100_000, 25.0, w.parameter("fnpr").value,
                            w.parameter("f_non_con", "no_garbage_disposal").value,
                            w.parameter("f_ind_com").value)
    assert float(n) == pytest.approx(550.0)
    n2o = w.effluent_n2o(n, w.parameter("ef_effluent").value)
    assert float(n2o) == pytest.approx(550 * 0.005 * 44 / 28)
    n_less = w.effluent_nitrogen(100_000, 25.0, 0.16, 1.1, 1.25, n_sludge_t=50.0)
    assert float(n_less) == pytest.approx(500.0)
    with pytest.raises(w.RecoveryError):
        w.effluent_nitrogen(100_000, 25.0, 0.16, 1.1, 1.25, n_sludge_t=600.0)


def test_industrial_wastewater_by_hand():
    # 10 000 t product x 20 m3/t x 3 kg COD/m3 = 600 000 kg = 600 t COD
    tow = w.industrial_tow(10_000, 20.0, 3.0)
    assert float(tow) == pytest.approx(600.0)
    # anaerobic reactor: EF = 0.25 x 0.8 = 0.2; (600 - 100) x 0.2 - 50 = 50 t CH4
    ch4 = w.industrial_wastewater_ch4(tow, w.parameter("mcf_ww", "anaerobic_reactor").value,
                                      w.parameter("bo", "cod").value, sludge_removed_t=100.0,
                                      recovered_t=50.0)
    assert float(ch4) == pytest.approx(50.0)


# --------------------------------------------------------------------------------------
# Back-casting
# --------------------------------------------------------------------------------------
def test_backcast_with_growth_rate_and_observed_years():
    # 2020 population 1 000 000 growing 2 %/yr; 0.8 kg/person/day; 60 % to SWDS
    b = w.backcast_deposits(2017, 2020, 0.8, 1_000_000, 0.6, growth_rate=0.02,
                            observed={2019: 150_000.0, 2020: 160_000.0})
    assert list(b.years) == [2017, 2018, 2019, 2020]
    assert list(b.backcast) == [True, True, False, False]
    # 2018: 1e6 / 1.02^2 x 0.8 x 365 / 1000 x 0.6 = 168 396.77 t
    assert b.deposits_t[1] == pytest.approx(1e6 / 1.02 ** 2 * 0.8 * 365 / 1000 * 0.6)
    assert b.deposits_t[2] == 150_000.0
    assert "2017-2018" in b.notes[0] and "back-cast" in b.notes[0]


def test_backcast_population_per_year_and_errors():
    b = w.backcast_deposits(2000, 2001, 1.0, {2000: 1000, 2001: 2000})
    np.testing.assert_allclose(b.deposits_t, [365.0, 730.0])
    with pytest.raises(w.WasteInputError, match="growth rate"):
        w.backcast_deposits(2000, 2001, 1.0, 1000)
    with pytest.raises(w.WasteInputError, match="population missing for 2001"):
        w.backcast_deposits(2000, 2001, 1.0, {2000: 1000})


# --------------------------------------------------------------------------------------
# Bad input
# --------------------------------------------------------------------------------------
@pytest.mark.parametrize("given,want", [("managed anaerobc", "managed_anaerobic"),
                                        ("unmanaged-shalow", "unmanaged_shallow"),
                                        ("semi_aerobic", "managed_semi_aerobic")])
def test_unknown_site_type_did_you_mean(given, want):
    with pytest.raises(w.UnknownMethodError) as e:
        w.normalise_site_type(given)
    assert f"'{want}'" in str(e.value) and isinstance(e.value, GhgkitError)


def test_site_type_spellings():
    assert w.normalise_site_type("Managed Anaerobic") == "managed_anaerobic"
    assert w.normalise_site_type("uncategorized") == "uncategorised"


def test_unknown_pathway_did_you_mean_and_variants():
    with pytest.raises(w.UnknownMethodError) as e:
        w.normalise_pathway("septik_tank")
    assert "'septic_tank'" in str(e.value)
    with pytest.raises(w.UnknownMethodError) as e:
        w.normalise_pathway("lagoon")
    assert "lagoon_shallow" in str(e.value) and "lagoon_deep" in str(e.value)
    assert w.normalise_pathway("septic_system") == "septic_tank"
    assert w.normalise_pathway("Centralized aerobic well managed") == "centralised_aerobic_well_managed"


def test_composition_error_names_the_rows():
    with pytest.raises(w.CompositionError) as e:
        w.check_composition([[0.5, 0.5], [0.5, 0.4], [0.7, 0.4]], labels=["Waste!B5", "Waste!B6", "Waste!B7"])
    msg = str(e.value)
    assert "Waste!B6 sums to 0.9" in msg and "Waste!B7 sums to 1.1" in msg and "Waste!B5" not in msg
    w.check_composition([0.3, 0.3, 0.4 + 5e-7])             # within 1e-6
    with pytest.raises(w.CompositionError, match="row 1"):
        w.incineration_co2_msw(100.0, [0.3, 0.3], [1, 1], [1, 1], [1, 1], 1.0)
    with pytest.raises(w.CompositionError, match="negative"):
        w.check_composition([1.2, -0.2])


def test_disposal_year_after_inventory_year():
    with pytest.raises(w.DisposalYearError) as e:
        w.check_disposal_history([2018, 2019, 2023], 2020, "landfill North")
    assert "2023" in str(e.value) and "2020" in str(e.value) and "landfill North" in str(e.value)
    with pytest.raises(w.DisposalYearError, match="more than once"):
        w.check_disposal_history([2018, 2018], 2020)
    assert w.check_disposal_history([2018, 2019, 2020], 2020) == []


def test_bad_numbers_are_refused():
    with pytest.raises(w.WasteInputError):
        w.fod_ch4_generated([-1.0], [2000], 0.15, 0.5, 1.0, 0.1)
    with pytest.raises(w.WasteInputError, match="fraction"):
        w.fod_ch4_generated([1.0], [2000], 0.15, 0.5, 80, 0.1)     # MCF given in %
    with pytest.raises(w.DisposalYearError):
        w.fod_ch4_generated([[1.0, 1.0]], [2001, 2000], 0.15, 0.5, 1.0, 0.1)
    with pytest.raises(w.WasteInputError, match="series"):
        w.fod_ch4_generated(np.ones((3, 2)), [2000, 2001], [0.1, 0.2], 0.5, 1.0, 0.1)


# --------------------------------------------------------------------------------------
# The parameter table
# --------------------------------------------------------------------------------------
def test_parameter_table_is_complete_and_cited():
    df = w.load_parameters()
    assert df["param_id"].is_unique
    assert df["source_text"].notna().all()
    for site in w.SITE_TYPES:
        assert w.parameter("mcf_swds", site).source_ref == "Vol. 5 Ch. 3 Table 3.1"
    for path in w.PATHWAYS:
        assert 0 <= w.parameter("mcf_ww", path).value <= 1
    for tech in w.INCINERATION_TECHNOLOGIES:
        w.parameter("ef_incin_ch4", tech)
        w.parameter("ef_incin_n2o", tech)
    for comp in ("food", "garden", "paper", "wood", "textiles", "msw", "sludge"):
        for cz in w.CLIMATE_ZONES:
            assert w.parameter("k", comp, climate_zone=cz).value > 0
    for comp in w.WASTE_COMPONENTS:
        for name in ("doc_wet", "dry_matter", "carbon_fraction", "fossil_carbon_fraction"):
            w.parameter(name, comp)
    # boreal and temperate share IPCC's rows
    assert w.parameter("k", "paper", climate_zone="boreal_dry").value == \
        w.parameter("k", "paper", climate_zone="temperate_dry").value == 0.04
    assert w.parameter("k", "food", climate_zone="tropical_wet").value == 0.4


def test_edition_selection():
    assert w.parameter("ef_bio_n2o", "composting_wet").value == 0.3
    p19 = w.parameter("ef_bio_n2o", "composting_wet", edition="2019")
    assert p19.value == 0.24 and p19.edition == "2019" and "2019 Refinement" in p19.source_text
    # where 2019 did not change the default, edition 2019 keeps the 2006 row
    same = w.parameter("ef_bio_ch4", "composting_wet", edition=2019)
    assert same.value == 4 and same.edition == "2006"
    # DOCf: 2006 one value for all; 2019 food 0.7, others (not in the file) fall back to 0.5
    assert w.parameter("docf", "food").value == 0.5
    assert w.parameter("docf", "food", edition=2019).value == 0.7
    assert w.parameter("docf", "paper", edition=2019).param_id == "docf_default"
    with pytest.raises(SettingsError):
        w.parameter("docf", edition="2013")
    vals, prov = w.parameter_values("doc_wet", ["food", "paper"])
    np.testing.assert_allclose(vals, [0.15, 0.4])
    assert "Table 2.4" in prov[0].provenance()


def test_parameter_lookup_errors():
    with pytest.raises(w.UnknownMethodError, match="did you mean 'mcf_swds'"):
        w.parameter("mcf_swd", "managed_anaerobic")
    with pytest.raises(SettingsError, match="climate zone"):
        w.parameter("k", "food")
    with pytest.raises(w.UnknownMethodError, match="give k as a setting"):
        w.parameter("k", "nappies", climate_zone="tropical_wet")
    with pytest.raises(w.UnknownMethodError, match="JPN"):
        w.parameter("bod_per_capita", "domestic", region="XXX")


def test_a_bad_parameter_file_names_its_lines(tmp_path):
    from ghgkit.errors import FactorError

    p = tmp_path / "p.csv"
    p.write_text("# source a: somewhere\n"
                 "param_id,parameter,key,climate_zone,value,unit,edition,region,source,source_ref,notes\n"
                 "x1,docf,default,,0.5,1,2006,default,a,T1,\n"
                 "x2,docf,food,,-1,1,2006,default,a,T1,\n"
                 "x3,docf,paper,,0.5,1,2006,default,zz,T1,\n"
                 "x4,k,food,mars,0.5,1/year,2006,default,a,T1,\n")
    with pytest.raises(FactorError) as e:
        w.load_parameters(str(p))
    msg = str(e.value)
    assert "line 4" in msg and "line 5" in msg and "line 6" in msg and "line 3" not in msg
