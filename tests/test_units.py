import math
import re

import pytest
from hypothesis import given, strategies as st

from ghgkit.errors import UnitError, UnitMismatchError
from ghgkit.units import check_dimension, conversion_factor, parse_quantity, parse_unit, per_dimension


@pytest.mark.parametrize("text", ["m3", "m^3", "m³", "m**3"])
def test_cubic_metre_spellings(text):
    p = parse_unit(text)
    assert p.dimension == "volume"
    assert conversion_factor(text, "L") == pytest.approx(1000.0)


@pytest.mark.parametrize("text", ["L", "l", "litre", "liter", "litres"])
def test_litre_spellings(text):
    assert conversion_factor(text, "m3") == pytest.approx(1e-3)


@pytest.mark.parametrize("given,want", [("kwh", "kWh"), ("KWH", "kWh"), ("mwh", "MWh"),
                                        ("Kg", "kg"), ("gj", "GJ")])
def test_case_slips_are_refused_with_the_fix(given, want):
    with pytest.raises(UnitError) as e:
        parse_unit(given)
    assert f"'{want}'" in str(e.value)
    assert given in str(e.value)


@pytest.mark.parametrize("text", ["ton", "tons"])
def test_ambiguous_ton_refused(text):
    with pytest.raises(UnitError) as e:
        parse_unit(text)
    assert "'t'" in e.value.hint and "tonne" in e.value.hint


def test_unknown_unit_names_it():
    with pytest.raises(UnitError, match="'furlongs_per_ox'"):
        parse_unit("furlongs_per_ox")


def test_kt_is_kilotonne_not_knot():
    assert conversion_factor("kt", "t") == pytest.approx(1000.0)


def test_international_therm():
    # 1 therm = 100 000 Btu_IT = 105.505585262 MJ (reference set SE-04)
    assert conversion_factor("therm", "MJ") == pytest.approx(105.505585262, rel=1e-12)


def test_dimension_check_message():
    with pytest.raises(UnitMismatchError) as e:
        check_dimension("kg", ["energy"], "electricity")
    msg = str(e.value)
    assert "'kg' is a mass" in msg and "electricity" in msg and "kWh" in msg


@pytest.mark.parametrize("unit,dim", [("kg/TJ", "energy"), ("t/MWh", "energy"), ("kg/L", "volume"),
                                      ("g/kg", "mass"), ("kg/km", "distance"),
                                      ("kg/person", "population")])
def test_factor_denominator(unit, dim):
    assert per_dimension(unit) == dim


def test_factor_unit_must_be_mass_per_something():
    with pytest.raises(UnitMismatchError):
        per_dimension("TJ/kg")


def test_parse_quantity_default_unit_and_explicit():
    assert parse_quantity("0.5", "t/MWh") == 0.5
    assert parse_quantity("500 g/kWh", "t/MWh") == pytest.approx(0.5)
    assert parse_quantity("0,5", "t/MWh") == 0.5


ENERGY = ["kWh", "MWh", "GJ", "MJ", "TJ", "therm", "toe", "MMBtu"]
VOLUME = ["L", "m3", "kL", "mL"]


@given(amount=st.floats(min_value=1e-6, max_value=1e9), chain=st.lists(st.sampled_from(ENERGY), min_size=2, max_size=5))
def test_energy_chain_leaves_emissions_unchanged(amount, chain):
    """kWh -> GJ -> MWh ...: the emissions of a factor in kg/TJ do not depend on the path."""
    ef = 74100.0  # kg/TJ
    direct = amount * conversion_factor(chain[0], "TJ") * ef
    x = amount
    for a, b in zip(chain, chain[1:]):
        x *= conversion_factor(a, b)
    via = x * conversion_factor(chain[-1], "TJ") * ef
    assert math.isclose(direct, via, rel_tol=1e-9)


@given(amount=st.floats(min_value=1e-6, max_value=1e9), chain=st.lists(st.sampled_from(VOLUME), min_size=2, max_size=5))
def test_volume_chain(amount, chain):
    x = amount
    for a, b in zip(chain, chain[1:]):
        x *= conversion_factor(a, b)
    assert math.isclose(x * conversion_factor(chain[-1], "L"), amount * conversion_factor(chain[0], "L"),
                        rel_tol=1e-9)


# -- a number in the unit ---------------------------------------------------------------------
@pytest.mark.parametrize("unit,size", [("0", "0"), ("nan", "nan"), ("inf", "inf"), ("-1 kg", "-1"),
                                       ("0 MWh", "0"), ("0*kg", "0"), ("10**400 kg", "inf"), ("-MWh", "-1")])
def test_a_unit_that_would_zero_negate_or_void_the_amount_is_refused(unit, size):
    """'0 MWh' would make 100 MWh nothing and 'nan' a NaN total, with exit 0: refused instead."""
    parse_unit.cache_clear()
    with pytest.raises(UnitError, match=re.escape(f"unit '{unit}' refused: it would multiply the amount by {size}")):
        parse_unit(unit)


@pytest.mark.parametrize("unit,factor", [("1000 L", 1.0), ("100", 100.0), ("1", 1.0), ("L/100km", 0.01)])
def test_a_positive_number_in_the_unit_still_scales(unit, factor):
    to = {"1000 L": "m**3", "100": "dimensionless", "1": "dimensionless", "L/100km": "L/km"}[unit]
    assert conversion_factor(unit, to) == pytest.approx(factor)


def test_the_calculation_refuses_a_zero_unit_with_its_line(tmp_path):
    from click.testing import CliRunner

    from ghgkit.cli import main

    f = tmp_path / "z.csv"
    f.write_text("sector,activity,amount,unit\nhousehold,electricity,100,0 MWh\nhousehold,lpg,5,t\n")
    before = f.read_bytes()
    r = CliRunner().invoke(main, ["calc", str(f), "--set", "inventory_year=2023", "--set", "grid_ef=0.6",
                                  "--set", "grid_ef_source=test", "-o", str(tmp_path / "out.csv")])
    assert r.exit_code == 2, r.output
    assert "UNIT-001" in r.output and "line 2" in r.output and "'0 MWh' refused" in r.output
    assert not (tmp_path / "out.csv").exists() and f.read_bytes() == before


def test_a_unit_beyond_any_float_is_refused_not_a_crash():
    parse_unit.cache_clear()
    with pytest.raises(UnitError, match=re.escape("unit '10**400 kg' refused: it would multiply the amount by inf")):
        parse_unit("10**400 kg")


def test_true_is_not_the_unit_one():
    """The caches tell True from 1.0: a cell holding TRUE is no unit, whatever was read before."""
    parse_unit.cache_clear()
    assert parse_unit(1.0).dimension == "dimensionless"
    with pytest.raises(UnitError, match="unknown unit 'True'"):
        parse_unit(True)


@pytest.mark.parametrize("rows,line", [
    ("household,lpg,1e290,1e30 t\nhousehold,lpg,5,t\n", 2),        # the unit times the amount overflows
    ("household,lpg,5,t\nhousehold,lpg,1e308,t\n", 3),             # the amount times the factor
])
def test_emissions_too_large_for_a_number_are_refused_with_the_row(tmp_path, rows, line):
    """An infinite total printed with exit 0 was the outcome before: now the row is named, exit 2."""
    from click.testing import CliRunner

    from ghgkit.cli import main

    f = tmp_path / "big.csv"
    f.write_text("sector,activity,amount,unit\n" + rows)
    r = CliRunner().invoke(main, ["calc", str(f), "--set", "inventory_year=2023", "--set", "grid_ef=0.6",
                                  "--set", "grid_ef_source=test", "--format", "json"])
    assert r.exit_code == 2, r.output
    assert f"line {line}" in r.output and "too large to compute" in r.output and "inf" not in r.output.lower()


def test_a_total_too_large_for_a_number_is_refused():
    import numpy as np
    import pandas as pd

    from ghgkit.errors import InputError
    from ghgkit.inventory import _refuse_overflow

    act = pd.DataFrame({"amount": [1.0, 1.0]})
    core = {"w": np.array([6e301, 6e301]), "gid": np.array([0, 0]), "row": np.array([0, 1])}
    mult = {c: np.array([100.0]) for c in ("co2_t", "ch4_t", "n2o_t", "co2_biogenic_t", "co2e_t")}
    with pytest.raises(InputError, match="total is too large"):
        _refuse_overflow(core, mult, act)
    core["w"] = np.array([1e300, 1e300])
    _refuse_overflow(core, mult, act)                  # large, finite: computed


def test_amounts_too_large_to_add_up_are_refused(tmp_path):
    """Totals sum a group's amounts before multiplying: two rows of 1e308 kWh (6e304 t each) gave
    "co2_t": Infinity in the JSON, exit 0."""
    from click.testing import CliRunner

    from ghgkit.cli import main

    f = tmp_path / "big.csv"
    f.write_text("sector,activity,amount,unit\nhousehold,electricity,1e308,kWh\nhousehold,electricity,1e308,kWh\n")
    r = CliRunner().invoke(main, ["calc", str(f), "--set", "inventory_year=2023", "--set", "grid_ef=0.6",
                                  "--set", "grid_ef_source=test", "--format", "json"])
    assert r.exit_code == 2 and "line 2" in r.output and "too large to" in r.output, r.output
    assert "Infinity" not in r.output


@pytest.mark.parametrize("unit,why", [
    ("1,5 t", "comma"),                    # pint dropped the comma: 15 t (exit 0)
    ("1, 5 t", "comma"),
    ("2 500 L", "separated by a space"),   # pint multiplied: 2 x 500 L = 1000 L (exit 0)
    ("1 000 L", "separated by a space"),
    ("1.000 L", "may mean 1 or 1000"),     # 1 L to pint, 1000 L in a decimal-comma file
    ("2.500.000 L", "may mean 1 or 1000"),
])
def test_a_number_in_a_unit_read_otherwise_than_it_looks_is_refused(unit, why):
    with pytest.raises(UnitError, match=why):
        parse_unit(unit)


@pytest.mark.parametrize("unit,to,expect", [("1000 L", "m**3", 1.0), ("1000.5 L", "m**3", 1.0005), ("1.5 t", "t", 1.5),
                                            ("0.5 t", "t", 0.5), ("10^3 t", "t", 1000.0), ("3.785 L", "L", 3.785),
                                            ("0.001 t", "kg", 1.0), ("12.345 t", "t", 12.345)])
def test_a_plain_number_in_a_unit_scales_it(unit, to, expect):
    assert conversion_factor(unit, to) == pytest.approx(expect, rel=1e-12)


@pytest.mark.parametrize("text", ["1,000 g/kWh", "1,012 kg/MWh", "1,000", True, "1,500e3 g/MWh", "1,000E0"])
def test_a_setting_whose_comma_may_group_thousands_or_a_boolean_is_refused(text):
    """'1,000 g/kWh' was read as 1.000 g/kWh (a grid factor 1000 times too low, exit 0), TRUE as 1."""
    from ghgkit.units import parse_quantity

    with pytest.raises(UnitError):
        parse_quantity(text, "t/MWh")


@pytest.mark.parametrize("text,want", [("0,5", 0.5), ("12,5 kg/MWh", 0.0125), ("1000 g/kWh", 1.0), (0.5, 0.5),
                                       ("0,794", 0.794), ("0,794 t/MWh", 0.794), ("1,000,000 g/MWh", 1.0),
                                       ("0,5e3 g/MWh", 0.0005), ("2,5e-1 t/MWh", 0.25)])
def test_a_setting_with_a_decimal_comma_is_read(text, want):
    from ghgkit.units import parse_quantity

    assert parse_quantity(text, "t/MWh") == pytest.approx(want, rel=1e-12)


def test_a_boolean_population_is_refused():
    from pydantic import ValidationError

    from ghgkit.io.settings import Settings

    with pytest.raises(ValidationError, match="population is TRUE"):
        Settings(inventory_year=2023, population=True)


def test_waste_emissions_whose_co2e_would_overflow_are_refused(tmp_path):
    """Waste rows (weight 1) with finite gases gave "co2e_t": Infinity (CH4 7.8e306 t x GWP 28),
    exit 0: a row's gas beyond 1e304 t is refused, as a CO2e from it could not be a number."""
    from click.testing import CliRunner

    from ghgkit.cli import main

    rows = "".join(f"waste,landfill,paper,1.7e308,t,{y},unmanaged_deep,,,,medium,20,x,\n" for y in range(2009, 2023))
    f = tmp_path / "big.csv"
    f.write_text("sector,subsector,activity,amount,unit,year,method,scope,factor_id,notation_key,data_quality,"
                 "uncertainty_pct,source,notes\n" + rows)
    r = CliRunner().invoke(main, ["calc", str(f), "--set", "inventory_year=2023", "--set", "climate_zone=temperate_dry",
                                  "--format", "json"])
    assert r.exit_code == 2 and "too large" in r.output and "Infinity" not in r.output, r.output


@pytest.mark.parametrize("unit, kg", [("1e3 kg", 1000.0), ("1E3 kg", 1000.0), ("1.5e-3 t", 1.5), ("2.5E+2 kg", 250.0),
                                      ("1.e3 kg", 1000.0)])
def test_a_number_in_scientific_notation_in_a_unit(unit, kg):
    """'1e3 kg' was read by pint as 1 e**3 kg (e, the elementary charge) and refused with a message
    about [current] ** 3 * [time] ** 3; '1E3 kg' as an unknown unit 'E'. Both are 1000 kg."""
    assert conversion_factor(unit, "kg") == pytest.approx(kg, rel=1e-15)


def test_scientific_notation_unit_through_calc(tmp_path):
    p = tmp_path / "a.csv"
    p.write_text("sector,activity,amount,unit\nhousehold,lpg,5,1e3 kg\nhousehold,lpg,5,t\n")
    from click.testing import CliRunner

    from ghgkit.cli import main
    r = CliRunner().invoke(main, ["calc", str(p), "--set", "inventory_year=2023", "--format", "json"])
    assert r.exit_code == 0, r.stderr
    import json
    rows = [x for x in json.loads(r.stdout)["rows"] if x.get("co2_t")]
    assert len(rows) == 2 and rows[0]["co2_t"] == pytest.approx(rows[1]["co2_t"], rel=1e-12)


@pytest.mark.parametrize("unit, kg", [("1e3kg", 1000.0), ("1.5e-3t", 1.5), ("kg/1e3 L", None)])
def test_scientific_notation_without_a_space(unit, kg):
    """A review: '1e3kg' (no space) was still read with the elementary charge and refused."""
    if kg is None:
        assert conversion_factor(unit, "kg/L") == pytest.approx(1e-3)
    else:
        assert conversion_factor(unit, "kg") == pytest.approx(kg, rel=1e-15)


@pytest.mark.parametrize("unit", ["1e100000 kg", "1e400 kg", "1e-40 t", "1E31 L"])
def test_scientific_notation_beyond_any_scale_is_refused_at_once(unit):
    """A review: '1e100000 kg' was written out to 100,000 digits, which pint's parser took minutes
    over (validate hung on a garbage unit). An exponent beyond 30 is refused, naming the cell's text."""
    import time

    t = time.perf_counter()
    with pytest.raises(UnitError) as e:
        parse_unit(unit)
    assert time.perf_counter() - t < 1 and f"unit '{unit}' refused" in str(e.value)


def test_a_refused_unit_is_named_as_written():
    """A review: '1e3 Nm3' was refused as '1000 Nm3', a unit the user did not write."""
    with pytest.raises(UnitError) as e:
        parse_unit("1e3 Nm3")
    assert "unit '1e3 Nm3' refused" in str(e.value)


@pytest.mark.parametrize("unit", ["1e3.5 kg", "1.5.2 kg", "2e2.5 L", "1.5e1.5 t"])
def test_a_number_with_two_decimal_marks_in_a_unit_is_refused(unit):
    """A review: pint read '1e3.5 kg' as 1e3 × .5 kg (500 kg) and '1.5.2 kg' as 1.5 × .2 kg, exit 0."""
    with pytest.raises(UnitError, match="two decimal marks"):
        parse_unit(unit)


def test_an_exponent_of_thousands_of_digits_is_refused_not_a_traceback():
    """A review: int() of a 5,000-digit exponent raised ValueError (Python's digit limit): a traceback."""
    with pytest.raises(UnitError, match="beyond any unit's scale") as e:
        parse_unit("1e" + "9" * 5000 + " kg")
    # the message names the cell by its start and length, not its 5,000 digits twice
    assert len(e.value.message) < 200 and "(5,005 characters)" in e.value.message and "1e999" in e.value.message
    with pytest.raises(UnitError) as e:
        parse_unit("1e100 kg")
    assert "unit '1e100 kg' refused: the number 1e100 in it" in str(e.value)



@pytest.mark.parametrize("unit,shown", [("kg/" + "h/" * 30 + "ml", ["'ML'", "'mL'"]),
                                        ("kg/" + "h/" * 30 + "Nm3", ["'m3' for cubic metres"]),
                                        ("tonnne/" + "a" * 3000, ["did you mean 'tonne'?"])])
def test_the_correction_of_a_long_cell_shows(unit, shown):
    """A review: clipping a long cell in the hint hid the correction ('did you mean 'kg/h/h/… (65
    characters)' or 'kg/h/h/… (65 characters)'?'), or wrote the 3,000-character cell out again."""
    with pytest.raises(UnitError) as e:
        parse_unit(unit)
    assert all(x in e.value.hint for x in shown) and len(e.value.hint) < 250, e.value.hint


def test_a_long_unit_of_the_wrong_kind_is_named_by_its_start():
    from ghgkit.errors import UnitMismatchError
    from ghgkit.units import check_dimension

    with pytest.raises(UnitMismatchError) as e:
        check_dimension("kg" + " " * 3000 + "* t / t", ("energy",), "electricity")
    assert len(e.value.message) < 250 and "characters)" in e.value.message


@pytest.mark.parametrize("unit", ["kg" * 3000, "1" + "0" * 5000 + " kg", "Nm3 " * 2000, "zz" * 3000, "mwh " * 1000])
def test_a_long_unit_cell_is_named_by_its_start_and_length(unit):
    """A review: only the exponent's refusal was clipped; other refusals quoted a 6,000-character cell."""
    with pytest.raises(UnitError) as e:
        parse_unit(unit)
    assert len(e.value.message) < 250 and f"({len(unit.strip()):,} characters)" in e.value.message
    assert len(e.value.hint or "") < 400                          # a hint that writes the cell out again


@pytest.mark.parametrize("text", ["1.5.2 kg/kWh", "1e3.5 g/kWh"])
def test_a_setting_with_two_decimal_marks_is_refused(text):
    """A review: a setting was split into its number and unit first, so '1.5.2 kg/kWh' was 1.5 of
    '.2 kg/kWh' (0.3 t/MWh, exit 0) though a unit cell with two decimal marks is refused."""
    with pytest.raises((UnitError, ValueError)):
        parse_quantity(text, "t/MWh")
    assert parse_quantity("0.5 kg/kWh", "t/MWh") == pytest.approx(0.5)
