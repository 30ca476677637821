"""The one pint registry of ghgkit, and unit parsing with friendly errors.

pint handles physical units (energy, mass, volume, distance, persons); the gas is
a data column, never a unit. Every unit string a user writes is parsed once
(:func:`parse_unit` is cached) and turned into a scale factor; calculations then
run on plain floats.

What pint makes of a unit string (the expression and dimension, a conversion factor, the
dimensions) is also kept between runs (:data:`MEMO`, in ghgkit's cache folder, keyed like
its other entries by ghgkit's code and the libraries' versions), and the pint registry is
made only when a unit is not in it: most runs never import pint (~0.25 s). An entry is
exactly what pint gave; a unit that is refused is never kept, and is refused again with
its message.
"""

from __future__ import annotations

import difflib
import math
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from functools import cached_property, lru_cache

from ghgkit.cache import Memo
from ghgkit.errors import UnitError, UnitMismatchError


@lru_cache(maxsize=1)
def registry():
    """The pint registry, made on first use: a run whose units are all in the unit memo
    (:data:`MEMO`) never imports pint (~0.25 s of every command's start)."""
    import pint

    # pint caches its parsed definitions in the user's cache folder (≈7× faster start-up), or in
    # $GHGKIT_CACHE_DIR/pint when that is set (none when it is 'off'); a read-only home, or a cache
    # file that cannot be read (cut short, or being written by another process: pint writes it in
    # place), falls back to parsing them.
    import os

    from ghgkit.cache import ENV, cache_dir

    if ENV in os.environ:
        folder = cache_dir()
        folder = None if folder is None else folder / "pint"
    else:
        import platformdirs

        folder = platformdirs.user_cache_path(appname="pint", appauthor=False)      # pint's ':auto:'
    try:
        ureg = pint.UnitRegistry(autoconvert_offset_to_baseunit=True, on_redefinition="raise", cache_folder=folder)
    except Exception:                   # noqa: BLE001 - OSError, UnpicklingError, EOFError, ValueError …
        ureg = pint.UnitRegistry(autoconvert_offset_to_baseunit=True, on_redefinition="raise")
        if folder is not None:          # a damaged file would slow every later start: pint writes it anew
            for f in Path(folder).glob("*.pickle"):
                try:
                    f.unlink()
                except OSError:
                    pass
    # Head counts (population served, persons) are a dimension of their own, so that
    # "kg/person/day" and "persons" can be checked like any other unit.
    ureg.define("person = [population] = persons = capita = inhabitant = inhabitants = people = cap")
    # The international (IT) therm, 100 000 Btu_IT = 105.505585262 MJ. pint's own
    # `therm` is the EC therm on the ISO Btu (105.5056 MJ); a city's gas bill means the
    # IT therm (see ../shared/reference: SE-04 uses it).
    ureg.define("therm_it = 1e5 * Btu_it = thm_it")
    # Gallons: pint's ``gallon``/``gal`` is the US liquid gallon; say which one by name.
    ureg.define("@alias gallon = US_gallon = gal_US")
    ureg.define("@alias imperial_gallon = gal_UK")
    return ureg


@lru_cache(maxsize=1)
def _dim_of() -> dict:
    ureg = registry()
    return {ureg.parse_units(u).dimensionality: name for name, (u, _) in DIMENSIONS.items()}


def __getattr__(name: str):
    # ``ureg`` and ``Q_`` are made when first asked for (see :func:`registry`)
    if name == "ureg":
        return registry()
    if name == "Q_":
        return registry().Quantity
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


#: what pint made of the unit strings met so far, kept between runs (:class:`ghgkit.cache.Memo`)
MEMO = Memo("units")

#: dimension name -> a pint dimensionality, and an example unit for messages.
DIMENSIONS: dict[str, tuple[str, str]] = {
    "energy": ("J", "kWh, MWh, GJ or TJ"),
    "mass": ("kg", "kg or t"),
    "volume": ("m**3", "L or m3"),
    "distance": ("km", "km"),
    "population": ("person", "persons"),
    "dimensionless": ("dimensionless", "a plain number"),
}

#: unit names rewritten before pint sees them (exact, case-sensitive). A name is
#: rewritten wherever it stands in a unit, alone or as one part of a compound
#: (``kg/kt`` is kg per kilotonne).
ALIASES = {
    "kt": "kilotonne",       # pint's kt is the knot (a speed): no inventory quantity is a speed
    "therm": "therm_it", "therms": "therm_it", "thm": "therm_it",
    "MMBtu": "(1000000 * Btu_it)",
    "ltr": "L", "lt": "L", "litres": "L", "liters": "L",
    "vkm": "km", "pkm": "km",
    "tonnes": "tonne",
}
#: whole unit strings rewritten (they hold characters that also join parts)
WHOLE_ALIASES = {"vehicle_km": "km", "vehicle-km": "km"}
#: two-word names that say which ton or gallon (any case; alone or as a part: kg/metric ton)
PHRASES = [(re.compile(p, re.IGNORECASE), name) for p, name in (
    (r"\bmetric[\s_-]+(?:tons?|tonnes?)\b", "tonne"),
    (r"\b(?:short|US)[\s_-]+tons?\b", "short_ton"),
    (r"\b(?:long|UK|imperial)[\s_-]+tons?\b", "long_ton"),
    (r"\bUS[\s_-]+gal(?:lon)?s?\b", "US_gallon"),
    (r"\b(?:imperial|imp|UK)[\s_-]+gal(?:lon)?s?\b", "imperial_gallon"),
)]

_TON = ("'{tok}' is ambiguous: to pint it is the US short ton (907.18474 kg), 9.3 % less than a metric "
        "tonne (1000 kg)")
#: unit names refused wherever they stand, with the reason and the fixes
#: ``(replacement name, what it means)``; the hint shows the whole unit with the fix.
REFUSED: dict[str, tuple[str, tuple[tuple[str, str], ...]]] = {
    "ton": (_TON, (("t", "metric tonnes"), ("short_ton", "US short tons"))),
    "tons": (_TON, (("t", "metric tonnes"), ("short_ton", "US short tons"))),
    "MT": ("'MT' is ambiguous: metric tonne or megatonne? (to pint it is the megatesla)",
           (("t", "metric tonnes"), ("Mt", "megatonnes"))),
    "mt": ("'mt' is ambiguous: metric tonne? (to pint it is the millitonne, 1 kg)",
           (("t", "metric tonnes"), ("Mt", "megatonnes"))),
    "Nm": ("'{tok}' (normal cubic metre, gas at 0 °C) is not a pint unit (pint reads 'Nm' as a number-metre)",
           (("m", "cubic metres, with a density and calorific value for the same reference conditions, or give "
                  "the gas in GJ or t"),)),
    "Sm": ("'{tok}' (standard cubic metre) is not a pint unit",
           (("m", "cubic metres, with a density and calorific value for the same reference conditions, or give "
                  "the gas in GJ or t"),)),
    # gas statistics write Mm3 or MMm3 for a million (or, in some, a thousand) cubic metres; to pint
    # Mm3 is a cubic megametre (1e18 m3) and Gm3 a cubic gigametre
    "Mm": ("'{tok}3' is ambiguous: a million (or a thousand) cubic metres? (to pint it is a cubic megametre, "
           "1e18 m3)", (("m", "cubic metres, the number in the amount (33.3 million m3: amount 33300000)"),)),
    "MMm": ("'{tok}3' (a million cubic metres in gas statistics) is not a pint unit",
            (("m", "cubic metres, the number in the amount (33.3 million m3: amount 33300000)"),)),
    "Gm": ("'{tok}3' is ambiguous: a billion cubic metres? (to pint it is a cubic gigametre, 1e27 m3)",
           (("m", "cubic metres, the number in the amount (1.2 billion m3: amount 1200000000)"),)),
    **{big: ("'{tok}3' is a cubic " + name + " to pint (1e" + str(3 * exp) + " m3), no amount of gas or water",
             (("m", "cubic metres, the number in the amount (33.3 million m3: amount 33300000)"),))
       for big, name, exp in (("Tm", "terametre", 12), ("Pm", "petametre", 15), ("Em", "exametre", 18))},
}
#: names of REFUSED refused only as a cube (Nm3, Mm3): alone they are a length (Mm, a megametre)
REFUSED_CUBED = ("Nm", "Sm", "Mm", "MMm", "Gm", "Tm", "Pm", "Em")
#: what pint resolves a name to (its canonical unit) -> reason and fixes; a name is let
#: through only when it is spelled as in *allowed* (the unambiguous long names).
_GALLON_FIX = (("US_gallon", "US gallons of 3.785411784 L"), ("imperial_gallon", "imperial gallons of 4.54609 L"))
RESOLVED_REFUSALS: dict[str, tuple[str, tuple[tuple[str, str], ...], frozenset[str]]] = {
    "ton": (_TON, (("t", "tonnes (metric)"), ("short_ton", "US short tons")), frozenset({"short_ton", "US_ton"})),
    "tesla": ("'{tok}' is a magnetic field to pint ({prefix}tesla)", (("t", "tonnes"),), frozenset()),
    "knot": ("'{tok}' is the knot (a speed) to pint", (("kt", "kilotonnes"), ("t", "tonnes")), frozenset()),
    "galileo": ("'{tok}' is the gal (an acceleration) to pint", _GALLON_FIX, frozenset()),
    "gallon": ("'{tok}' does not say which gallon: US (3.785411784 L) or imperial (4.54609 L)?", _GALLON_FIX,
               frozenset({"US_gallon", "gal_US", "US_liquid_gallon", "liquid_gallon"})),
    "barrel": ("'{tok}' is pint's barrel of 31.5 US gallons (119.24 L), not the oil barrel of 42 US gallons "
               "(158.99 L)", (("oil_barrel", "petroleum barrels of 42 US gallons"),), frozenset()),
}
_PREFIX_SYMBOL = {"": "", "kilo": "k", "mega": "M", "giga": "G", "tera": "T", "milli": "m", "centi": "c"}

#: units users commonly mean; a case-only difference from one of these is refused
#: with a hint, because pint would read e.g. 'mwh' as milliwatt-hours. Checked for
#: every part of a compound unit.
COMMON = [
    "Wh", "kWh", "MWh", "GWh", "TWh", "W", "kW", "MW", "GW", "J", "kJ", "MJ", "GJ", "TJ", "PJ", "toe",
    "ktoe", "MMBtu", "g", "kg", "t", "tonne", "kt", "Gg", "Mt", "L", "l", "kL", "ML", "mL", "m3", "m^3",
    "litre", "liter", "km", "m", "person", "persons", "therm", "US_gallon", "imperial_gallon",
]
_COMMON_LOWER: dict[str, list[str]] = {}
for _u in COMMON:
    _COMMON_LOWER.setdefault(_u.lower(), []).append(_u)

_POWER = re.compile(r"(?<=[A-Za-z])(\d)(?![\d.])")
_PER_NUMBER = re.compile(r"/\s*(\d+(?:\.\d+)?)\s*([A-Za-z_]+(?:\*\*\d)?)")
#: one unit name inside a unit expression (digits after it are a power: m3)
_NAME = re.compile(r"[A-Za-z_\u00b5\u03bc\u2126][A-Za-z_\u00b5\u03bc\u2126]*")


@dataclass(frozen=True)
class ParsedUnit:
    """A user's unit string, parsed once.

    Attributes
    ----------
    text : str
        What the user wrote.
    quantity : pint.Quantity
        One of that unit (the magnitude may differ from 1 for aliases such as MMBtu); made on
        first use, so that a unit read from the memo loads pint only when a caller needs it.
    dimension : str
        ``energy``, ``mass``, ``volume``, ``distance``, ``population``,
        ``dimensionless`` or ``other``.
    """

    text: str
    dimension: str
    #: the expression pint parses (aliases and spellings rewritten)
    expr: str = field(repr=False)

    @cached_property
    def quantity(self):
        """One of the unit as a pint Quantity (pint is loaded for it)."""
        import pint

        q = registry().parse_expression(self.expr)
        if not isinstance(q, pint.Quantity):       # a bare number such as "1"
            q = registry().Quantity(float(q), "dimensionless")
        return q


def _normalise(text: str) -> str:
    s = text.strip().replace("³", "^3").replace("²", "^2").replace("·", "*")
    s = s.replace("^", "**")
    s = _POWER.sub(r"**\1", s)          # m3 -> m**3, km2 -> km**2
    s = _PER_NUMBER.sub(r"/(\1 \2)", s)  # L/100km -> L/(100 km), not (L/100)*km
    return s


def _suggest(text: str) -> str | None:
    low = text.strip().lower()
    if low in _COMMON_LOWER:
        return _COMMON_LOWER[low][0]
    close = difflib.get_close_matches(text.strip(), COMMON, n=1, cutoff=0.6)
    return close[0] if close else None


def _fixed(raw: str, m: re.Match, name: str) -> str:
    """*raw* with the unit name matched by *m* replaced by *name*; a long *raw* (which a message names by
    its start and length, see :func:`_clip`): the corrected part alone ('m3' of '... Nm3'), so that the
    correction shows."""
    fixed = raw[:m.start()] + name + raw[m.end():]
    if _clip(raw) != raw:
        return re.match(r"[^\s/*·]*", fixed[m.start():]).group(0)[:30] or name
    return fixed


def _fix_hint(raw: str, m: re.Match, fixes, prefix: str = "") -> str:
    return "write " + " or ".join(f"'{_fixed(raw, m, prefix + name)}' for {what}" for name, what in fixes)


def _check_name(raw: str, m: re.Match) -> None:
    """Refuse one unit name of *raw* (matched by *m*) that is ambiguous or a case slip."""
    tok = m.group(0)
    part = "" if tok == raw else f" (part '{tok}')"
    cubed = re.match(r"\s*(\*\*|\^)?\s*[3³]", raw[m.end():])
    if (tok in REFUSED and (tok not in REFUSED_CUBED or cubed)) or tok.lower() in ("ton", "tons"):
        reason, fixes = REFUSED.get(tok) or REFUSED[tok.lower()]
        raise UnitError(f"unit '{_clip(raw)}' refused{part}", hint=reason.format(tok=tok) + "; "
                        + _fix_hint(raw, m, fixes))
    low = tok.lower()
    if low in _COMMON_LOWER and tok not in COMMON:
        wants = " or ".join(f"'{_fixed(raw, m, w)}'" for w in _COMMON_LOWER[low])
        raise UnitError(f"unit '{_clip(raw)}' not recognised{part}",
                        hint=f"did you mean {wants}? (unit letters are case-sensitive: m is milli, M is mega)")
    try:
        candidates = registry().parse_unit_name(tok)
    except Exception:                         # noqa: BLE001 - pint reports unknown names later
        return
    _check_pure_number(raw, m, candidates)
    for prefix, name, _ in candidates:
        if name in RESOLVED_REFUSALS:
            reason, fixes, allowed = RESOLVED_REFUSALS[name]
            if tok in allowed:
                continue
            hint = reason.format(tok=tok, prefix=prefix) + "; "
            sym = _PREFIX_SYMBOL.get(prefix)
            if not prefix:
                hint += _fix_hint(raw, m, fixes)
            elif name == "gallon":             # kgal: a thousand gallons, as a number
                size = f"{registry().Quantity(1, prefix + 'gram').to('gram').magnitude:.0f}"
                hint += "write " + " or ".join(
                    f"'{_fixed(raw, m, f'({size} {n})' if m.start() else f'{size} {n}')}' for {what}"
                    for n, what in fixes)
            elif sym is not None:              # kton -> kt, GT -> Gt
                hint += _fix_hint(raw, m, fixes[:1], sym).replace(" for ", f" for {prefix}", 1)
            else:
                hint += "write " + " or ".join(f"{n} ({w})" for n, w in fixes)
            raise UnitError(f"unit '{_clip(raw)}' refused{part}", hint=hint)


#: unit names that stand for a pure number and are meant as one: a share (a project's fraction 35 %)
PURE_NUMBERS_ALLOWED = ("percent", "ppm")
#: what a person may have meant by a unit name that is a pure number to pint
_PURE_NUMBER_MEANT = {"mil": "a million", "B": "a billion"}


def _check_pure_number(raw: str, m: re.Match, candidates) -> None:
    """Refuse a unit name that pint reads as a pure number (an angle, a byte, a decibel …): 'mil MWh'
    was 9.8e-5 MWh (the angular mil), '1.15 B kWh' 9.2 kWh (a byte is 8 bits), and the amount's
    dimension still fitted."""
    tok = m.group(0)
    if not candidates:
        return
    if any(name in PURE_NUMBERS_ALLOWED for _, name, _ in candidates) and raw.strip() == tok:
        return                                # a share alone ('percent'); in a compound ('percent MWh') refused
    try:
        q = registry().Quantity(1, tok)
    except Exception:                         # noqa: BLE001 - pint reports unknown names later
        return
    if not q.dimensionless:
        return
    size = float(q.to("dimensionless").magnitude)
    part = "" if tok == raw else f" (part '{tok}')"
    meant = _PURE_NUMBER_MEANT.get(tok)
    raise UnitError(f"unit '{_clip(raw)}' refused{part}: to the unit library '{tok}' is a pure number "
                    f"({candidates[0][1].replace('_', ' ')}, {size:.6g})" + (f", not {meant}" if meant else ""),
                    hint="write the whole number in the amount (1.15 million MWh: amount 1150000, unit MWh) "
                         "or take a larger unit (GWh, ML, kt)")


#: numbers in a unit that pint reads otherwise than a person: a comma (pint drops it: '1,5 t' was
#: 15 t), numbers side by side (pint multiplies them: '2 500 L' was 1000 L), a dot that may group
#: thousands ('1.000 L' is 1 L to pint, 1000 L in a decimal-comma file; '3.785 L' or '0.454 kg' are read)
#: two decimal marks or a decimal exponent (1.5.2, 1e3.5): a unit cell's slip, and a setting's
_TWO_MARKS = (re.compile(r"\d*\.\d*\.\d|\d[eE][+-]?\d+\.\d"),
              "a number with two decimal marks (1.5.2) or a decimal exponent (1e3.5) is read as two numbers "
              "multiplied")
_UNIT_NUMBER_SLIPS = (
    (re.compile(r","), "a comma in a unit is not a decimal mark or a thousands separator"),
    (re.compile(r"\d\s+\.?\d"), "numbers separated by a space in a unit are multiplied, not read as one number"),
    (re.compile(r"(?<![\w.])[1-9]\d{0,2}(?:(?:\.\d{3}){2,}|\.000)(?![\d.eE])"),
     "a number such as 1.000 in a unit may mean 1 or 1000"),
    _TWO_MARKS,
)
#: a number in scientific notation in a unit (1e3 kg): written out for pint, which read its e as the
#: elementary charge (1 e**3 kg)
_SCIENTIFIC = re.compile(r"(?<![\w.])\d+(?:\.\d*)?[eE]([+-]?\d+)(?![\d.])")


def _clip(text: str, keep: int = 40) -> str:
    """*text* as a message shows it: its first *keep* characters and its length when it is longer."""
    return text if len(text) <= keep + 15 else f"{text[:keep]}… ({len(text):,} characters)"


def _written_out(raw: str) -> str:
    """*raw* with each number in scientific notation written out (1e3 kg -> 1000 kg, 1e3kg too); an
    exponent beyond 30 is refused (no unit is that far from another, and writing 1e100000 out would
    take minutes)."""
    def out(m: re.Match) -> str:
        if len(m.group(1).lstrip("+-0")) > 2 or abs(int(m.group(1))) > 30:       # 5,000 digits: no int()
            raise UnitError(f"unit '{_clip(raw)}' refused: the number {_clip(m.group(0), 12)} in it is beyond any "
                            "unit's scale",
                            hint="write a unit such as kWh, L, kg, t, GJ or km, and the number in the amount")
        return format(Decimal(m.group(0)), "f")
    return _SCIENTIFIC.sub(out, raw)


def _check_numbers(raw: str) -> None:
    """Refuse a unit with a number that pint would read otherwise than its writer (see above)."""
    for pattern, why in _UNIT_NUMBER_SLIPS:
        if pattern.search(raw):
            raise UnitError(f"unit '{_clip(raw)}' refused: {why}",
                            hint="write a plain number in the unit (1000 L, 1.5 t), or put the number in the "
                                 "amount (amount 2500, unit L)")


@lru_cache(maxsize=4096, typed=True)
def parse_unit(text: str) -> ParsedUnit:
    """Parse a user's unit string, once.

    Accepts what pint accepts plus the spellings people type: ``m3``, ``m^3`` and
    ``m³``; ``L``, ``l``, ``litre``; ``kt`` for kilotonnes; ``therm`` for the
    international therm; ``L/100km``. Every unit name of a compound unit is checked
    on its own (``kg/ton`` as ``ton``), and refused when it is ambiguous
    (:data:`REFUSED`: ``ton``, ``MT``; :data:`RESOLVED_REFUSALS`: what pint would
    read as the short ton, tesla, knot, an unnamed gallon or the 31.5-gallon barrel)
    or a case slip that pint would silently read as another unit (``mwh`` is
    milliwatt-hours to pint).

    Raises
    ------
    UnitError
        With what was given and the whole unit with the fix.
    """
    if text is None or not str(text).strip():
        raise UnitError("no unit given", hint="write a unit such as kWh, L, kg, t, GJ or km")
    raw = str(text).strip()
    if "%" in raw and raw != "%":             # '% MWh' was 0.01 MWh: a share is the whole unit or none of it
        raise UnitError(f"unit '{_clip(raw)}' refused: '%' is a share (one hundredth), not part of an amount's unit",
                        hint="write the amount in its unit alone (kWh, L, t); a share goes in a column of its own")
    _check_numbers(raw)
    known = MEMO.get(("unit", raw))
    if known is not None:
        return ParsedUnit(raw, known[1], known[0])
    if raw in WHOLE_ALIASES:
        expr = WHOLE_ALIASES[raw]
    else:
        said = _written_out(raw)
        for pattern, name in PHRASES:
            said = pattern.sub(name, said)
        pieces, end = [], 0
        for m in _NAME.finditer(said):
            tok = m.group(0)
            pieces.append(said[end:m.start()])
            if tok in ALIASES:
                pieces.append(ALIASES[tok])
            else:
                try:
                    _check_name(said, m)
                except UnitError as e:              # name the unit as the user wrote it (1e3 Nm3, not 1000 Nm3)
                    if said != raw:
                        raise UnitError(e.message.replace(f"'{_clip(said)}'", f"'{_clip(raw)}'"),
                                        hint=e.hint) from None
                    raise
                pieces.append(tok)
            end = m.end()
        pieces.append(said[end:])
        expr = "".join(pieces)
    expr = _normalise(expr)
    p = ParsedUnit(raw, "", expr)
    try:
        q = p.quantity
    except Exception as e:                          # noqa: BLE001 - any pint failure is the user's unit
        names = [str(n) for n in getattr(e, "unit_names", ()) or ()]
        bad = names[0] if names else raw
        sug = _suggest(bad)
        if sug and bad != raw and bad in raw and _clip(raw) == raw:     # a long cell: the part's correction
            sug = raw.replace(bad, sug, 1)
        hint = f"did you mean '{sug}'?" if sug else "write a unit such as kWh, L, kg, t, GJ or km"
        raise UnitError(f"unknown unit '{_clip(raw)}'" + (f" (part '{_clip(bad)}')" if bad != raw else ""),
                        hint=hint) from None
    try:
        size = float(q.magnitude)
    except OverflowError:                           # '10**400 kg': an int beyond any float
        size = math.inf
    if not (math.isfinite(size) and size > 0):
        # a number in the unit ('0', 'nan', '-1 kg') would scale the amount by it: zero, NaN or a sign
        raise UnitError(f"unit '{_clip(raw)}' refused: it would multiply the amount by {size:g}",
                        hint="write a unit such as kWh, L, kg, t, GJ or km")
    dim = _dim_of().get(q.dimensionality, "other")
    MEMO.put(("unit", raw), (expr, dim))
    p = ParsedUnit(raw, dim, expr)
    p.__dict__["quantity"] = q
    return p


def is_percent(unit) -> bool:
    """Whether *unit* is one hundredth (%, percent, percents, 1/100): a cell shown as a percentage
    holds the fraction, and with such a unit the number meant is the one shown (45% is 45 %)."""
    text = str(unit or "").strip().replace("%", "percent")
    if not text:
        return False
    try:
        return abs(conversion_factor(text, "dimensionless") - 0.01) < 1e-15
    except Exception:           # noqa: BLE001 - not a unit, or not a plain number: not a percentage
        return False


@lru_cache(maxsize=4096, typed=True)
@MEMO.remember("factor")
def conversion_factor(from_unit: str, to_unit: str) -> float:
    """Scale factor that turns an amount in *from_unit* into *to_unit*.

    Raises
    ------
    UnitMismatchError
        When the dimensions differ.
    """
    import pint

    src = parse_unit(from_unit)
    dst = parse_unit(to_unit)
    try:
        return float((src.quantity / dst.quantity).to("dimensionless").magnitude)
    except pint.DimensionalityError:
        raise UnitMismatchError(
            f"'{from_unit}' is {describe(src)}, which cannot be converted to '{to_unit}' "
            f"({describe(dst)})") from None


@MEMO.remember("dimensions")
def dimensions(unit: str) -> tuple[tuple[str, float], ...]:
    """The dimensions of *unit* as sorted (dimension, exponent) pairs: pint's dimensionality
    (``L/100km`` -> ``(('[length]', 2),)``), kept in the unit memo so that comparing the
    dimensions of known units needs no pint."""
    return tuple(sorted(dict(parse_unit(unit).quantity.dimensionality).items()))


def times(*dims: tuple[tuple[str, float], ...], power: int = 1) -> tuple[tuple[str, float], ...]:
    """The dimensions of a product of units (*dims* from :func:`dimensions`), each raised to
    *power* (-1 divides): exponents add, and a dimension whose exponent is zero is left out."""
    out: dict[str, float] = {}
    for d in dims:
        for name, exp in d:
            out[name] = out.get(name, 0) + power * exp
    return tuple(sorted((k, v) for k, v in out.items() if v != 0))


def describe(p: ParsedUnit) -> str:
    """'an energy', 'a mass', 'a mass per energy' … for messages."""
    if p.dimension == "other":
        for num, (nu, _) in DIMENSIONS.items():
            for den, (du, _) in DIMENSIONS.items():
                if "dimensionless" in (num, den) or num == den:
                    continue
                ratio = registry().parse_units(nu) / registry().parse_units(du)
                if p.quantity.dimensionality == ratio.dimensionality:
                    return f"a {num} per {den}"
        return f"a quantity of dimension {p.quantity.dimensionality}"
    if p.dimension == "dimensionless":
        return "a ratio without dimension"
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
        raise UnitMismatchError(f"'{_clip(unit)}' is {describe(p)}, but {what} needs {needs}")
    return p


@lru_cache(maxsize=1024, typed=True)
@MEMO.remember("per")
def per_dimension(unit: str) -> str:
    """Dimension of the denominator of a factor unit such as ``kg/TJ`` (-> energy).

    A factor unit must be a mass of gas per some activity unit.

    Raises
    ------
    UnitMismatchError
        When the unit is not a mass per energy, mass, volume, distance or person.
    """
    p = parse_unit(unit)
    ureg = registry()
    for name, (base, _) in DIMENSIONS.items():
        if name == "dimensionless":
            continue
        if (p.quantity * ureg.parse_units(base)).dimensionality == ureg.parse_units("kg").dimensionality:
            return name
    raise UnitMismatchError(f"factor unit '{_clip(unit)}' is not a mass of gas per activity unit",
                            hint="write it as e.g. kg/TJ, t/MWh, kg/L, g/kg or kg/km")


#: a setting's number, its commas read by :func:`_setting_number`
_SETTING_NUMBER = r"[-+]?\d[\d,]*(?:\.\d+)?(?:[eE][-+]?\d+)?"


def parse_quantity(text: str | float | int, default_unit: str) -> float:
    """Read a setting such as ``0.5`` or ``'500 g/kWh'`` as a float in *default_unit*.

    A bare number is taken to be in *default_unit* already.
    """
    if isinstance(text, bool):              # a TRUE cell: not 1
        raise UnitError(f"{str(text).upper()} is not a quantity",
                        hint=f"write a number (read as {default_unit}) or a number with a unit")
    if isinstance(text, (int, float)):
        return float(text)
    s = str(text).strip()
    try:
        if re.fullmatch(_SETTING_NUMBER, s):
            return _setting_number(s)
        return _with_unit(s, default_unit)
    except UnitError:
        raise
    except ValueError:
        raise UnitError(f"cannot read '{s}' as a quantity",
                        hint=f"write a number (read as {default_unit}) or a number with a unit") from None


def _with_unit(s: str, target: str) -> float:
    m = re.fullmatch(rf"\s*({_SETTING_NUMBER})\s*(.+)", s)
    if not m:
        raise ValueError(s)
    pattern, why = _TWO_MARKS                       # '1.5.2 kg/kWh' was 1.5 of '.2 kg/kWh' (0.3 t/MWh, exit 0)
    if pattern.search(s):
        raise UnitError(f"setting '{s}' refused: {why}", hint="write one number, then the unit (0.5 kg/kWh)")
    value = _setting_number(m.group(1))
    return value * conversion_factor(m.group(2).strip(), target)


def _setting_number(text: str) -> float:
    """A setting's number (:func:`ghgkit.rules.numbers.comma_number`): '1,000 g/kWh' was read as
    1.000 (a grid factor 1000 times too low, exit 0), so a comma that may group thousands is refused;
    0,794 and 12,5 are decimal commas, 1,000,000 groups thousands."""
    from ghgkit.rules.numbers import AmbiguousComma, comma_number

    try:
        return comma_number(text)
    except AmbiguousComma:
        raise UnitError(f"'{text}': the comma may be a decimal mark or a thousands separator",
                        hint="write the number without a thousands separator, with a point as the decimal mark "
                             "(1000, or 1.0)") from None
