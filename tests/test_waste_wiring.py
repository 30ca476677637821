"""Issue 4 wiring: landfill yearly series, back-cast, digester recovery, population-based open
burning, industrial wastewater from production. Each case is worked out by hand in its docstring."""

import math

import numpy as np
import pandas as pd
import pytest

import ghgkit
from ghgkit.sectors import waste as W
from ghgkit.errors import GhgkitError, SettingsError
from ghgkit.sectors.waste import calculate_waste, landfill_series


def _act(rows):
    base = dict(year=None, method=None, scope=None, file="city.xlsx", sheet="Waste", cell=None, line=None)
    return pd.DataFrame([{**base, **r} for r in rows])


LF = dict(sector="waste", subsector="landfill", unit="t")


def _hand_rows():
    """The hand-worked case of test_waste.test_fod_two_components_by_hand."""
    lf = dict(LF, method="unmanaged_deep")
    return [dict(lf, activity="food", amount=1000, year=2018, cell="B2"),
            dict(lf, activity="food", amount=2000, year=2019, cell="B3"),
            dict(lf, activity="paper", amount=500, year=2018, cell="B4"),
            dict(lf, activity="paper", amount=1000, year=2020, cell="B5")]


# --------------------------------------------------------------------------------------
# 1. Landfill yearly series
# --------------------------------------------------------------------------------------
def test_series_of_the_hand_case():
    """Generated per year = food + paper of test_fod_two_components_by_hand:
      2018: 0
      2019: 6.75582865 + 3.10589154 =  9.86172019
      2020: 19.12645542 + 2.92501850 = 22.05147392
      2021: 15.89607903 + 8.96646177 = 24.86254080
    Recovery 5 t is given for 2021 only, so it is unknown (NaN) before; emitted in 2021 =
    (24.86254080 - 5) x (1 - 0.1) = 17.87628672, the sum of the landfill rows."""
    settings = dict(inventory_year=2021, climate_zone="temperate_wet", landfill_ch4_recovered=5.0, ox=0.1)
    s = landfill_series(_act(_hand_rows()), settings)
    assert list(s["year"]) == [2018, 2019, 2020, 2021]
    np.testing.assert_allclose(s["ch4_generated_t"], [0.0, 9.86172019, 22.05147392, 24.86254080], rtol=1e-8)
    np.testing.assert_allclose(s["deposited_t"], [1500, 2000, 1000, 0])
    assert s["ch4_recovered_t"].iloc[-1] == 5.0 and s["ch4_recovered_t"].iloc[:3].isna().all()
    assert s["ch4_emitted_t"].iloc[-1] == pytest.approx(17.87628672, rel=1e-8)
    assert s["ch4_emitted_t"].iloc[:3].isna().all()
    assert not s["backcast"].any()
    res, _ = calculate_waste(_act(_hand_rows()), settings)
    assert res["ch4_t"].sum() == pytest.approx(s["ch4_emitted_t"].iloc[-1], rel=1e-12)


def test_series_without_recovery_and_with_scope_3():
    """No recovery: emitted = generated x (1 - OX) every year; a scope-3 row counts too."""
    rows = _hand_rows()
    rows[3]["scope"] = 3
    s = landfill_series(_act(rows), dict(inventory_year=2021, climate_zone="temperate_wet", ox=0.1))
    np.testing.assert_allclose(s["ch4_recovered_t"], 0.0)
    np.testing.assert_allclose(s["ch4_emitted_t"], np.array([0.0, 9.86172019, 22.05147392, 24.86254080]) * 0.9,
                               rtol=1e-8)


def test_series_ignores_other_rows_and_is_empty_without_landfill():
    other = [dict(sector="waste", subsector="composting", activity="food", amount=5000, unit="t")]
    s = landfill_series(_act(other + _hand_rows()), dict(inventory_year=2021, climate_zone="temperate_wet"))
    assert len(s) == 4
    e = landfill_series(_act(other), dict(inventory_year=2021))
    assert e.empty and "backcast" in e.columns


# --------------------------------------------------------------------------------------
# 2. Back-cast
# --------------------------------------------------------------------------------------
BC = dict(inventory_year=2021, climate_zone="temperate_wet", population=100000, msw_per_capita_kg_day=1.0,
          fraction_to_swds=0.5, population_growth_rate=0.02, backcast_start_year=2018, doc_msw=0.2)


def _msw_rows():
    lf = dict(LF, activity="msw", method="managed_anaerobic")
    return [dict(lf, amount=20000, year=2020, cell="B2"), dict(lf, amount=20000, year=2021, cell="B3")]


def test_backcast_by_hand():
    """Bulk MSW, managed anaerobic (MCF 1), temperate wet: k 0.09, DOCf 0.5, F 0.5, delay 6 months.

    Back-cast 2018-2019 (Vol. 5 sect. 3.2.2), population 100 000 in 2021 at 2 %/yr:
      W_2019 = 100000 / 1.02^2 x 1.0 kg x 365 / 1000 x 0.5 = 17 541.3303 t
      W_2018 = 100000 / 1.02^3 x 1.0 kg x 365 / 1000 x 0.5 = 17 197.3826 t
    DDOCm = W x DOC 0.2 x DOCf 0.5 x MCF 1 = W x 0.1; a deposit of year y decays from 1 January
    y + 1, so in 2021 it loses exp(-k(2020 - y)) - exp(-k(2021 - y)) of its DDOCm:
      2018: 1719.73826 x (e^-0.18 - e^-0.27) = 1719.73826 x 0.07189072 = 123.63322 t C
      2019: 1754.13303 x (e^-0.09 - e^-0.18) = 1754.13303 x 0.07866097 = 137.98181
      2020: 2000       x (1 - e^-0.09)       = 2000       x 0.08606881 = 172.13763
      2021: 0
    CH4 = decomposed x F 0.5 x 16/12 = 82.42214 + 91.98787 + 114.75842 = 289.16844 t (OX 0, R 0).
    The back-cast goes with the first history row (2020): 82.42214 + 91.98787 = 174.41002 t on it.
    """
    res, warnings = calculate_waste(_act(_msw_rows()), BC)
    w18 = 1e5 / 1.02 ** 3 * 0.1825
    w19 = 1e5 / 1.02 ** 2 * 0.1825
    assert (w18, w19) == pytest.approx((17197.3826, 17541.3303))
    e = lambda x: math.exp(-0.09 * x)  # noqa: E731
    by_hand = [w18 * 0.1 * (e(2) - e(3)) * 2 / 3, w19 * 0.1 * (e(1) - e(2)) * 2 / 3, 2000 * (1 - e(1)) * 2 / 3]
    assert by_hand == pytest.approx([82.42214, 91.98787, 114.75842], rel=1e-6)
    assert res["ch4_t"].sum() == pytest.approx(289.16844, rel=1e-6)
    assert res.loc[0, "ch4_t"] == pytest.approx(82.42214 + 91.98787 + 114.75842, rel=1e-6)
    assert res.loc[1, "ch4_t"] == 0.0
    assert any("2018-2019" in w and "back-cast" in w and "not data" in w for w in warnings)
    assert all("back-cast" in n for n in res["calc_notes"])
    assert "setting:backcast_start_year" in res.loc[0, "factor_ids"]
    assert "back-cast deposits 2018-2019" in res.loc[0, "conversion"]
    s = landfill_series(_act(_msw_rows()), BC)
    assert list(s["year"]) == [2018, 2019, 2020, 2021]
    assert list(s["backcast"]) == [True, True, False, False]
    np.testing.assert_allclose(s["deposited_t"], [w18, w19, 20000, 20000])
    np.testing.assert_allclose(s["ch4_generated_t"], [0.0, 98.67722249, 190.83495784, 289.16843885], rtol=1e-8)


def test_backcast_constant_population_and_split_over_sites_equals_explicit_rows():
    """Without a growth rate the population is constant: W = 100000 x 0.1825 = 18 250 t/yr. The
    first history year has two sites (3000 t managed anaerobic, 1000 t unmanaged shallow), so the
    back-cast is split 0.75 / 0.25, by msw_composition food 0.5, paper 0.2, plastics 0.3 (plastics
    has DOC 0 and needs no k). The result must equal the same deposits given as rows."""
    settings = {k: v for k, v in BC.items() if k not in ("population_growth_rate", "doc_msw")}
    settings.update(backcast_start_year=2015, msw_composition="food=0.5, paper=0.2, plastics=0.3")
    hist = [dict(LF, activity="food", amount=3000, year=2019, method="managed_anaerobic"),
            dict(LF, activity="food", amount=1000, year=2019, method="unmanaged_shallow"),
            dict(LF, activity="paper", amount=500, year=2021, method="managed_anaerobic")]
    res, warnings = calculate_waste(_act(hist), settings)
    assert any("2015-2018" in w for w in warnings)
    explicit = list(hist)
    for y in range(2015, 2019):
        for site, sh in (("managed_anaerobic", 0.75), ("unmanaged_shallow", 0.25)):
            for c, fr in (("food", 0.5), ("paper", 0.2), ("plastics", 0.3)):
                explicit.append(dict(LF, activity=c, amount=18250 * sh * fr, year=y, method=site))
    plain = {k: v for k, v in settings.items() if k != "backcast_start_year"}
    ref, _ = calculate_waste(_act(explicit), plain)
    assert res["ch4_t"].sum() == pytest.approx(ref["ch4_t"].sum(), rel=1e-12)
    s = landfill_series(_act(hist), settings)
    r = landfill_series(_act(explicit), plain)
    np.testing.assert_allclose(s["ch4_generated_t"], r["ch4_generated_t"], rtol=1e-12)
    assert list(s["backcast"]) == [True] * 4 + [False] * 3


def test_backcast_needs_its_settings():
    for missing, word in (("msw_per_capita_kg_day", "msw_per_capita_kg_day"), ("fraction_to_swds", "fraction_to_swds"),
                          ("population", "population")):
        s = {k: v for k, v in BC.items() if k != missing}
        with pytest.raises(SettingsError, match=word) as e:
            calculate_waste(_act(_msw_rows()), s)
        assert "Waste!B2" in str(e.value)
    s = {k: v for k, v in BC.items() if k != "doc_msw"}
    food = [dict(r, activity="food") for r in _msw_rows()]
    with pytest.raises(SettingsError, match="doc_msw or msw_composition"):
        calculate_waste(_act(food), s)
    with pytest.raises(W.CompositionError, match="sums to 0.9"):
        calculate_waste(_act(food), dict(s, msw_composition="food=0.5, paper=0.4"))
    _, warnings = calculate_waste(_act(_msw_rows()), dict(BC, backcast_start_year=2020))
    assert any("nothing was back-cast" in w for w in warnings)


def test_backcast_through_the_inventory(tmp_path):
    rows = [dict(sector="waste", subsector="landfill", activity="msw", amount=20000, unit="t", year=y,
                 method="managed_anaerobic") for y in (2020, 2021)]
    path = tmp_path / "a.csv"
    pd.DataFrame(rows).to_csv(path, index=False)
    overrides = {k: str(v) for k, v in BC.items()}
    act, settings = ghgkit.load(str(path), overrides=overrides)
    inv = ghgkit.calculate(act, settings)
    assert inv.totals["ch4_t"] == pytest.approx(289.16844, rel=1e-6)
    assert any("2018-2019" in w and "back-cast" in w for w in inv.warnings)
    s = inv.landfill_series()
    assert list(s["backcast"]) == [True, True, False, False]
    assert s["ch4_emitted_t"].iloc[-1] == pytest.approx(inv.totals["ch4_t"], rel=1e-12)


def test_html_report_shows_the_landfill_series(tmp_path):
    from ghgkit import reports

    rows = [dict(sector="waste", subsector="landfill", activity="msw", amount=20000, unit="t", year=y,
                 method="managed_anaerobic") for y in (2020, 2021)]
    path = tmp_path / "a.csv"
    pd.DataFrame(rows).to_csv(path, index=False)
    act, settings = ghgkit.load(str(path), overrides={k: str(v) for k, v in BC.items()})
    inv = ghgkit.calculate(act, settings)
    data = reports.build_report(inv)
    assert [r["year"] for r in data.landfill] == [2018, 2019, 2020, 2021]
    assert data.landfill[-1]["emitted_t"] == pytest.approx(289.16844, rel=1e-6)
    html = reports.render_html(inv)
    assert 'id="h-landfill"' in html and "Line chart of landfill methane" in html
    assert html.count("back-cast</td>") == 2
    # an inventory without landfill rows has no such section
    (tmp_path / "b.csv").write_text("sector,subsector,activity,amount,unit\nwaste,composting,food,5000,t\n")
    act, settings = ghgkit.load(str(tmp_path / "b.csv"), overrides={"inventory_year": "2021"})
    inv = ghgkit.calculate(act, settings)
    assert reports.build_report(inv).landfill == []
    assert 'id="h-landfill"' not in reports.render_html(inv)


# --------------------------------------------------------------------------------------
# 3. Anaerobic digestion: CH4 recovered
# --------------------------------------------------------------------------------------
def _bio_rows():
    return _act([dict(sector="waste", subsector="anaerobic_digestion", activity="food", amount=10000, unit="t",
                      method="wet", cell="C2"),
                 dict(sector="waste", subsector="anaerobic_digestion", activity="food", amount=5000, unit="t",
                      method="dry", cell="C3"),
                 dict(sector="waste", subsector="composting", activity="garden", amount=1000, unit="t",
                      cell="C4")])


def test_digester_recovery_by_hand():
    """Eq. 4.1, Table 4.1 as updated by the 2019 Refinement: digestion 10 000 t wet x 0.8 g/kg = 8 t CH4;
    5 000 t dry x 2 g/kg = 10 t; generated 18 t. R = 9 t shared 8/18 and 10/18: 8 - 4 = 4 t and
    10 - 5 = 5 t. Composting (1 000 t wet x 4 g/kg = 4 t) is not touched. R = 18 t leaves 0 (never
    negative). With the 2006 table (1 g/kg wet): 10 000 t x 1 g/kg = 10 t."""
    def run(**kw):
        return calculate_waste(_bio_rows(), dict(inventory_year=2021, edition="2019", **kw))[0] \
            .set_index("row").sort_index()

    res2006 = calculate_waste(_bio_rows(), dict(inventory_year=2021))[0].set_index("row").sort_index()
    np.testing.assert_allclose(res2006["ch4_t"], [10.0, 10.0, 4.0])
    assert res2006.loc[0, "factor_ids"].startswith("ef_bio_ch4_anaerobic_digestion_wet;")
    res = run()
    np.testing.assert_allclose(res["ch4_t"], [8.0, 10.0, 4.0])
    assert res.loc[0, "factor_ids"].startswith("ef_bio_ch4_anaerobic_digestion_wet_2019;")
    res = run(digester_ch4_recovered=9)
    np.testing.assert_allclose(res["ch4_t"], [4.0, 5.0, 4.0])
    assert "setting:digester_ch4_recovered" in res.loc[0, "factor_ids"]
    assert "recovered" in res.loc[0, "conversion"] and "recovery 9 t" in res.loc[1, "calc_notes"]
    assert "recover" not in res.loc[2, "calc_notes"]
    res = run(digester_ch4_recovered=18)
    np.testing.assert_allclose(res["ch4_t"], [0.0, 0.0, 4.0], atol=1e-12)
    assert (res["ch4_t"] >= 0).all()


def test_digester_recovery_larger_than_generation_is_an_error():
    with pytest.raises(W.RecoveryError) as e:
        calculate_waste(_bio_rows(), dict(inventory_year=2021, edition="2019", digester_ch4_recovered=18.5))
    msg = str(e.value)
    assert "18.5" in msg and "18 t" in msg and "Waste!C2" in msg and isinstance(e.value, GhgkitError)


# --------------------------------------------------------------------------------------
# 4. Open burning from population (Eq. 5.7)
# --------------------------------------------------------------------------------------
OB = dict(inventory_year=2021, fraction_burning=0.3, msw_per_capita_kg_day=0.5, fraction_burnt=0.6,
          msw_composition="food=0.5, plastics=0.5")


def test_open_burning_from_population_by_hand():
    """Eq. 5.7: MSW_B = 10 000 persons x P_frac 0.3 x 0.5 kg/person/day x B_frac 0.6 x 365 x 1e-3
    = 328.5 t wet. Half food (dm 0.4, CF 0.38, FCF 0), half plastics (dm 1, CF 0.75, FCF 1), OF 0.58:
      fossil CO2   = 328.5 x 0.5 x 1.0 x 0.75 x 1 x 0.58 x 44/12 = 261.97875 t
      biogenic CO2 = 328.5 x 0.5 x 0.4 x 0.38 x 1 x 0.58 x 44/12 =  53.09436 t (memo)
      CH4 = 328.5 t x 6500 g/t x 1e-6 = 2.13525 t
      N2O = dry 328.5 x (0.5 x 0.4 + 0.5 x 1.0) = 229.95 t x 150 g/t x 1e-6 = 0.0344925 t
    and the same as a row giving 328.5 t of MSW."""
    act = _act([dict(sector="waste", subsector="open_burning", activity="population", amount=10000,
                     unit="persons", cell="D2"),
                dict(sector="waste", subsector="open_burning", activity="msw", amount=328.5, unit="t", cell="D3")])
    res, _ = calculate_waste(act, OB)
    r = res.set_index("row")
    assert r.loc[0, "co2_t"] == pytest.approx(261.97875)
    assert r.loc[0, "co2_biogenic_t"] == pytest.approx(53.09436)
    assert r.loc[0, "ch4_t"] == pytest.approx(2.13525)
    assert r.loc[0, "n2o_t"] == pytest.approx(0.0344925)
    for c in ("co2_t", "co2_biogenic_t", "ch4_t", "n2o_t"):
        assert r.loc[0, c] == pytest.approx(r.loc[1, c], rel=1e-12)
    assert "Eq. 5.7" in r.loc[0, "conversion"] and "328.5 t MSW burnt" in r.loc[0, "conversion"]
    assert "setting:fraction_burnt" in r.loc[0, "factor_ids"] and "fraction_burnt" not in r.loc[1, "factor_ids"]
    assert "Eq. 5.7" in r.loc[0, "calc_notes"] and "Eq. 5.7" not in r.loc[1, "calc_notes"]


def test_open_burning_from_population_needs_b_frac_and_is_open_burning_only():
    act = _act([dict(sector="waste", subsector="open_burning", activity="population", amount=10000,
                     unit="persons", cell="D2")])
    with pytest.raises(SettingsError, match="fraction_burnt") as e:
        calculate_waste(act, {k: v for k, v in OB.items() if k != "fraction_burnt"})
    assert "Waste!D2" in str(e.value) and "no default" in str(e.value)
    with pytest.raises(W.WasteInputError, match="P_frac"):
        calculate_waste(act, dict(OB, fraction_burning=1.5))
    inc = _act([dict(sector="waste", subsector="incineration", activity="population", amount=10000,
                     unit="persons", method="continuous_stoker", cell="D4")])
    with pytest.raises(W.UnknownMethodError, match="only be given for open burning"):
        calculate_waste(inc, OB)


def test_missing_setting_and_parameter_hints_in_every_language():
    """The hints of a missing waste setting ('set KEY: what it is') and of a parameter without a default
    carry the key as written and ghgkit's words about it translated; English as before."""
    from ghgkit import i18n
    from ghgkit.sectors.waste.parameters import parameter

    act = _act([dict(sector="waste", subsector="open_burning", activity="population", amount=10000,
                     unit="persons", cell="D2")])
    with pytest.raises(SettingsError) as e:
        calculate_waste(act, {k: v for k, v in OB.items() if k != "fraction_burnt"})
    assert e.value.hint == ("set fraction_burnt: B_frac, the fraction of that waste which is burnt; ghgkit ships "
                            "no default for it (see waste_parameters.csv)")
    with pytest.raises(SettingsError) as back:
        calculate_waste(_act(_msw_rows()), {k: v for k, v in BC.items() if k != "fraction_to_swds"})
    assert back.value.hint == "set fraction_to_swds: fraction of the generated waste that went to landfills (e.g. 0.7)"
    with pytest.raises(W.UnknownMethodError) as nodef:
        parameter("mcf_swds", "managed_anaerobc")
    assert nodef.value.hint.startswith("did you mean 'managed_anaerobic'? defaults exist for ")
    assert nodef.value.hint.endswith("; otherwise give mcf_swds as a setting")
    for lang in ("ja", "id", "vi", "th"):
        tr = i18n.translator(lang)
        for hint, kept, said in ((e.value.hint, "fraction_burnt", "B_frac"),
                                 (back.value.hint, "fraction_to_swds", "0.7"),
                                 (nodef.value.hint, "managed_anaerobic", "mcf_swds")):
            t = tr.hint(hint)
            assert t != hint and kept in t and said in t, (lang, t)
            assert "the fraction" not in t and "otherwise give" not in t and "went to landfills" not in t
    assert i18n.translator("ja").hint(back.value.hint) == ("fraction_to_swds を設定してください："
                                                           "発生した廃棄物のうち埋立処分場に運ばれた割合（例：0.7）")
    # a setting's example is written as the setting reader reads it (0.7, not 0,7) in every language
    for lang in ("id", "vi"):
        assert "0.7" in i18n.translator(lang).hint(back.value.hint)
    with pytest.raises(W.UnknownMethodError) as zone:       # a default for some climate zones only
        parameter("k", "food", climate_zone="tropical_wet", table=_k_table())
    with pytest.raises(W.UnknownMethodError) as region:     # defaults for some regions only
        parameter("bod_per_capita", "default", region="mars", table=_k_table())
    assert zone.value.hint == "give k as a setting"
    assert region.value.hint == "defaults exist for asia; otherwise give bod_per_capita as a setting"
    id_ = i18n.translator("id")
    assert id_.hint(zone.value.hint) == "berikan k sebagai pengaturan"
    assert id_.hint(region.value.hint) == "nilai bawaan tersedia untuk asia; selain itu berikan bod_per_capita " \
                                          "sebagai pengaturan"


def _k_table():
    """A parameter table with k for one climate zone only and a per-capita BOD for one region only."""
    cols = ["parameter_id", "parameter", "key", "climate_zone", "region", "edition", "value", "unit", "source",
            "source_ref"]
    rows = [["k_food_bw", "k", "food", "boreal_wet", "default", "2006", "0.06", "1/yr", "test", "table"],
            ["bod_asia", "bod_per_capita", "default", "", "asia", "2006", "40", "g/d", "test", "table"]]
    return pd.DataFrame(rows, columns=cols)
