"""Units written as two words say which ton or gallon: read as meant, not refused with a broken hint
(issue 10). Sizes: metric tonne 1000 kg; US short ton 2000 lb = 907.18474 kg; long ton 2240 lb =
1016.0469088 kg (1 lb = 0.45359237 kg by definition); US gallon 3.785411784 L; imperial gallon 4.54609 L."""

import pytest

from ghgkit.errors import UnitError
from ghgkit.units import check_dimension, conversion_factor, parse_unit


@pytest.mark.parametrize("unit,target,expected", [
    ("metric ton", "kg", 1000.0), ("metric tons", "kg", 1000.0), ("Metric Tons", "kg", 1000.0),
    ("short ton", "kg", 2000 * 0.45359237), ("US ton", "kg", 2000 * 0.45359237),
    ("long ton", "kg", 2240 * 0.45359237),
    ("US gal", "L", 3.785411784), ("US gallons", "L", 3.785411784),
    ("imperial gallon", "L", 4.54609), ("imp gal", "L", 4.54609), ("UK gallons", "L", 4.54609),
    ("kg/metric ton", "kg/kg", 1 / 1000), ("L/US gal", "L/L", 1 / 3.785411784),
])
def test_two_word_units_read_as_meant(unit, target, expected):
    assert conversion_factor(unit, target) == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize("unit", ["ton", "kg/ton", "gal", "gallon", "kg/gal"])
def test_bare_ton_and_gallon_still_refused(unit):
    with pytest.raises(UnitError):
        parse_unit(unit)


def test_hint_names_a_unit_that_parses():
    with pytest.raises(UnitError) as e:
        parse_unit("kg/ton")
    assert "'kg/t'" in e.value.hint
    parse_unit("kg/t")


def test_a_ratio_is_not_called_a_dimensionless():
    with pytest.raises(Exception) as e:
        check_dimension("kg/kt", ("energy", "mass", "volume"), "diesel")
    assert "a dimensionless," not in e.value.message and "ratio" in e.value.message
