"""The one pint registry of ghgkit, and unit parsing with friendly errors.

pint handles physical units (energy, mass, volume, distance, persons); the gas is
a data column, never a unit. Every unit string a user writes is parsed once
(:func:`parse_unit` is cached) and turned into a scale factor; calculations then
run on plain floats.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from functools import lru_cache

import pint

from ghgkit.errors import UnitError, UnitMismatchError

def _registry() -> pint.UnitRegistry:
    # pint caches its parsed definitions in the user's cache folder (≈7× faster start-up);
    # a read-only home falls back to parsing them.
    try:
        return pint.UnitRegistry(autoconvert_offset_to_baseunit=True, on_redefinition="raise",
                                 cache_folder=":auto:")
    except OSError:
        return pint.UnitRegistry(autoconvert_offset_to_baseunit=True, on_redefinition="raise")


ureg = _registry()
# Head counts (population served, persons) are a dimension of their own, so that
# "kg/person/day" and "persons" can be checked like any other unit.
ureg.define("person = [population] = persons = capita = inhabitant = inhabitants = people = cap")
# The international (IT) therm, 100 000 Btu_IT = 105.505585262 MJ. pint's own
# `therm` is the EC therm on the ISO Btu (105.5056 MJ); a city's gas bill means the
# IT therm (see ../shared/reference: SE-04 uses it).
ureg.define("therm_it = 1e5 * Btu_it = thm_it")
Q_ = ureg.Quantity

#: dimension name -> a pint dimensionality, and an example unit for messages.
DIMENSIONS: dict[str, tuple[str, str]] = {
    "energy": ("J", "kWh, MWh, GJ or TJ"),
    "mass": ("kg", "kg or t"),
    "volume": ("m**3", "L or m3"),
    "distance": ("km", "km"),
    "population": ("person", "persons"),
    "dimensionless": ("dimensionless", "a plain number"),
}
_DIM_OF = {ureg.parse_units(u).dimensionality: name for name, (u, _) in DIMENSIONS.items()}

#: unit strings rewritten before pint sees them (exact, case-sensitive).
ALIASES = {
    "kt": "kilotonne",       # pint's kt is the knot
    "therm": "therm_it", "therms": "therm_it", "thm": "therm_it",
    "MMBtu": "1000000 * Btu_it",
    "ltr": "L", "lt": "L", "litres": "L", "liters": "L",
    "vkm": "km", "vehicle_km": "km", "vehicle-km": "km", "pkm": "km",
    "tonnes": "tonne",
}

#: strings refused outright, with the reason and the fix.
REFUSED = {
    "ton": "'ton' is ambiguous (short ton of 907 kg or metric tonne of 1000 kg?): write 't' or 'tonne' for metric tonnes, 'short_ton' for US tons",
    "tons": "'tons' is ambiguous (short ton of 907 kg or metric tonne of 1000 kg?): write 't' or 'tonne' for metric tonnes, 'short_ton' for US tons",
    "Ton": "'Ton' is ambiguous (short or metric?): write 't' or 'tonne' for metric tonnes",
    "MT": "'MT' is ambiguous (megatonne or metric tonne?): write 't' for tonnes or 'Mt' for megatonnes",
    "mt": "'mt' is ambiguous (millitonne, metric tonne?): write 't' for tonnes",
}

#: units users commonly mean; a case-only difference from one of these is refused
#: with a hint, because pint would read e.g. 'mwh' as milliwatt-hours.
COMMON = [
    "Wh", "kWh", "MWh", "GWh", "TWh", "J", "kJ", "MJ", "GJ", "TJ", "PJ", "toe", "ktoe",
    "g", "kg", "t", "tonne", "kt", "Gg", "Mt", "L", "l", "kL", "ML", "mL", "m3", "m^3",
    "litre", "liter", "km", "m", "person", "persons", "therm", "gal",
]
_COMMON_LOWER: dict[str, str] = {}
for _u in COMMON:
    _COMMON_LOWER.setdefault(_u.lower(), _u)

_POWER = re.compile(r"(?<=[A-Za-z])(\d)(?![\d.])")
_PER_NUMBER = re.compile(r"/\s*(\d+(?:\.\d+)?)\s*([A-Za-z_]+(?:\*\*\d)?)")


@dataclass(frozen=True)
class ParsedUnit:
    """A user's unit string, parsed once.

    Attributes
    ----------
    text : str
        What the user wrote.
    quantity : pint.Quantity
        One of that unit (the magnitude may differ from 1 for aliases such as MMBtu).
    dimension : str
        ``energy``, ``mass``, ``volume``, ``distance``, ``population``,
        ``dimensionless`` or ``other``.
    """

    text: str
    quantity: pint.Quantity
    dimension: str


def _normalise(text: str) -> str:
    s = text.strip().replace("³", "^3").replace("²", "^2").replace("·", "*")
    s = s.replace("^", "**")
    s = _POWER.sub(r"**\1", s)          # m3 -> m**3, km2 -> km**2
    s = _PER_NUMBER.sub(r"/(\1 \2)", s)  # L/100km -> L/(100 km), not (L/100)*km
    return s


def _suggest(text: str) -> str | None:
    low = text.strip().lower()
    if low in _COMMON_LOWER:
        return _COMMON_LOWER[low]
    close = difflib.get_close_matches(text.strip(), COMMON, n=1, cutoff=0.6)
    return close[0] if close else None


@lru_cache(maxsize=4096)
def parse_unit(text: str) -> ParsedUnit:
    """Parse a user's unit string, once.

    Accepts what pint accepts plus the spellings people type: ``m3``, ``m^3`` and
    ``m³``; ``L``, ``l``, ``litre``; ``kt`` for kilotonnes; ``therm`` for the
    international therm. Refuses the ambiguous ``ton`` and case slips that pint
    would silently read as another unit (``mwh`` is milliwatt-hours to pint).

    Raises
    ------
    UnitError
        With what was given and a suggested fix.
    """
    if text is None or not str(text).strip():
        raise UnitError("no unit given", hint="write a unit such as kWh, L, kg, t, GJ or km")
    raw = str(text).strip()
    if raw in REFUSED:
        raise UnitError(f"unit '{raw}' refused", hint=REFUSED[raw])
    low = raw.lower()
    if low in _COMMON_LOWER and raw not in COMMON:
        want = _COMMON_LOWER[low]
        raise UnitError(f"unit '{raw}' not recognised",
                        hint=f"did you mean '{want}'? (unit letters are case-sensitive: "
                             f"m is milli, M is mega)")
    expr = _normalise(ALIASES.get(raw, raw))
    try:
        q = ureg.parse_expression(expr)
        if not isinstance(q, pint.Quantity):       # a bare number such as "1"
            q = Q_(float(q), "dimensionless")
    except Exception:
        sug = _suggest(raw)
        hint = f"did you mean '{sug}'?" if sug else "write a unit such as kWh, L, kg, t, GJ or km"
        raise UnitError(f"unknown unit '{raw}'", hint=hint) from None
    dim = _DIM_OF.get(q.dimensionality, "other")
    return ParsedUnit(raw, q, dim)


@lru_cache(maxsize=4096)
def conversion_factor(from_unit: str, to_unit: str) -> float:
    """Scale factor that turns an amount in *from_unit* into *to_unit*.

    Raises
    ------
    UnitMismatchError
        When the dimensions differ.
    """
    src = parse_unit(from_unit)
    dst = parse_unit(to_unit)
    try:
        return float((src.quantity / dst.quantity).to("dimensionless").magnitude)
    except pint.DimensionalityError:
        raise UnitMismatchError(
            f"'{from_unit}' is {describe(src)}, which cannot be converted to '{to_unit}' "
            f"({describe(dst)})") from None


def describe(p: ParsedUnit) -> str:
    """'an energy', 'a mass', 'a mass per energy' … for messages."""
    if p.dimension == "other":
        for num, (nu, _) in DIMENSIONS.items():
            for den, (du, _) in DIMENSIONS.items():
                if "dimensionless" in (num, den) or num == den:
                    continue
                if p.quantity.dimensionality == (ureg.parse_units(nu) / ureg.parse_units(du)).dimensionality:
                    return f"a {num} per {den}"
        return f"a quantity of dimension {p.quantity.dimensionality}"
    article = "an" if p.dimension[0] in "aeiou" else "a"
    return f"{article} {p.dimension}"


def check_dimension(unit: str, allowed: tuple[str, ...] | list[str], what: str) -> ParsedUnit:
    """Parse *unit* and check its dimension is one of *allowed*.

    Raises
    ------
    UnitMismatchError
        e.g. "'kg' is a mass, but electricity needs an energy unit such as kWh or MWh".
    """
    p = parse_unit(unit)
    if p.dimension not in allowed:
        needs = " or ".join(f"{'an' if d[0] in 'aeiou' else 'a'} {d} unit such as "
                            f"{DIMENSIONS[d][1]}" for d in allowed)
        raise UnitMismatchError(f"'{unit}' is {describe(p)}, but {what} needs {needs}")
    return p


@lru_cache(maxsize=1024)
def per_dimension(unit: str) -> str:
    """Dimension of the denominator of a factor unit such as ``kg/TJ`` (-> energy).

    A factor unit must be a mass of gas per some activity unit.

    Raises
    ------
    UnitMismatchError
        When the unit is not a mass per energy, mass, volume, distance or person.
    """
    p = parse_unit(unit)
    for name, (base, _) in DIMENSIONS.items():
        if name == "dimensionless":
            continue
        if (p.quantity * ureg.parse_units(base)).dimensionality == ureg.parse_units("kg").dimensionality:
            return name
    raise UnitMismatchError(f"factor unit '{unit}' is not a mass of gas per activity unit",
                            hint="write it as e.g. kg/TJ, t/MWh, kg/L, g/kg or kg/km")


def parse_quantity(text: str | float | int, default_unit: str) -> float:
    """Read a setting such as ``0.5`` or ``'500 g/kWh'`` as a float in *default_unit*.

    A bare number is taken to be in *default_unit* already.
    """
    if isinstance(text, (int, float)):
        return float(text)
    s = str(text).strip()
    try:
        if re.fullmatch(r"[-+]?\d+([.,]\d+)?([eE][-+]?\d+)?", s):
            return float(s.replace(",", "."))
        return _with_unit(s, default_unit)
    except UnitError:
        raise
    except ValueError:
        raise UnitError(f"cannot read '{s}' as a quantity",
                        hint=f"write a number (read as {default_unit}) or a number with a unit") from None


def _with_unit(s: str, target: str) -> float:
    m = re.fullmatch(r"\s*([-+]?\d+(?:[.,]\d+)?(?:[eE][-+]?\d+)?)\s*(.+)", s)
    if not m:
        raise ValueError(s)
    value = float(m.group(1).replace(",", "."))
    return value * conversion_factor(m.group(2).strip(), target)
