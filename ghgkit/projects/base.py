"""What every methodology shares: parameter specifications, units, defaults.

A methodology declares its parameters (:class:`ParamSpec`: canonical unit, whether
it is monitored, where its default comes from) and one vectorised function from
per-year parameter arrays to baseline, project and leakage emissions. Units are
parsed once per distinct unit string (:func:`unit_factor` is cached) and the
calculation runs on floats in the canonical units.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Callable, ClassVar, Optional

import numpy as np
from pydantic import BaseModel, ConfigDict, ValidationInfo, create_model, model_validator

from ghgkit.data import data_path
from ghgkit.errors import GhgkitError, InputError, Location, UnitMismatchError
from ghgkit.units import MEMO, parse_unit, registry
from ghgkit.projects.model import Form, ParameterValue

#: unit strings that mean "a plain number" (fractions, ratios, counts)
_PLAIN = {"", "-", "1", "fraction", "ratio", "none", "dimensionless", "count", "number", "no.",
          "#", "lamps", "lamp", "units", "unit", "pcs", "pieces", "buses", "bus", "vehicles",
          "vehicle", "households", "household", "stoves", "stove", "buildings", "building"}
_DEGREE_DAYS = {"degree_days", "degree-days", "degree days", "dd", "cdd", "hdd", "kd", "k*d", "k d",
                "°c·d", "°c*d", "°cd", "degc*d", "degc*day", "°c days", "k*day", "kelvin*day"}

#: friendly names of the dimensions parameters use
_DIM_NAMES = {
    "[mass] * [length] ** 2 / [time] ** 3": "a power",
    "[mass] * [length] ** 2 / [time] ** 2": "an energy",
    "[mass]": "a mass",
    "[length] ** 3": "a volume",
    "[length]": "a distance",
    "[time]": "a time",
    "[length] ** 2": "an area",
    "": "a plain number",
    "[temperature] * [time]": "degree-days",
    "[mass] / [length]": "a mass per distance",
    "[mass] * [length] / [time] ** 2": "an energy per distance",
    "[length] ** 2 / [time] ** 2": "a mass-specific energy",
    "[time] ** 2 / [length] ** 2": "a mass per energy",
}


def describe_unit(q) -> str:
    """'a power', 'an energy per year' … for messages."""
    dim = q.dimensionality
    text = str(dim) if dim else ""
    if text in _DIM_NAMES:
        return _DIM_NAMES[text]
    per_year = str((q * registry().year).dimensionality) if dim else ""
    if per_year in _DIM_NAMES and per_year:
        return _DIM_NAMES[per_year].replace("a ", "a ", 1) + " per year"
    return f"a quantity of dimension {text}"


def clean_unit(text: str) -> str:
    """Normalise the spellings users type for project parameters.

    ``t CO2/MWh``, ``tCO2e/MWh`` → ``t/MWh`` (the gas is not a unit); ``L/100 km`` →
    ``L/(100*km)``; ``%`` → ``percent``; degree-day spellings → ``K*day``.
    """
    s = str(text or "").strip()
    s = re.sub(r"[\s\-_]*CO2(?:e|eq|-eq)?(?![A-Za-z0-9])", "", s, flags=re.IGNORECASE)
    s = re.sub(r"/\s*100\s*km\b", "/(100*km)", s)
    s = s.replace("%", "percent").replace("·", "*")
    if s.lower() in _DEGREE_DAYS or _DEGREE_DAYS_C.match(s):
        s = "K*day"
    elif _DEGREE_DAYS_F.match(s):
        s = "delta_degF*day"
    return s.strip()


#: degree-day spellings: a temperature difference times days (pint would read °C·day as an absolute
#: temperature, 274.15 K·d a degree-day)
_DEGREE_DAYS_C = re.compile(r"^(?:°\s*C|deg\s*C|degrees?\s*C|celsius|K|kelvin)\s*[*. ]?\s*(?:d|days?)$", re.I)
_DEGREE_DAYS_F = re.compile(r"^(?:°\s*F|deg\s*F|degrees?\s*F|fahrenheit)\s*[*. ]?\s*(?:d|days?)$", re.I)
#: a temperature with an offset left in a unit after the degree-day spellings: refused
_OFFSET_TEMPERATURE = re.compile(r"°|\bdeg\s*[CF]\b|(?<!delta_)deg[CF]|celsius|fahrenheit", re.I)


def _own_gas(name: str, unit: str) -> str:
    """*unit* without the label of the gas parameter *name* is about (``kg CH4/t`` for ef_ch4);
    a CO2-equivalent label on a CH4 or N2O factor is refused (the GWP would be applied twice)."""
    gas = "CH4" if "ch4" in name.lower() else "N2O" if "n2o" in name.lower() else None
    text = str(unit or "")
    if gas is None:
        return text
    if re.search(r"CO2", text, re.I):
        raise UnitMismatchError(f"'{text}' is in CO2 or CO2-equivalent, but {name} is a mass of {gas}",
                                hint=f"give the mass of {gas} itself (e.g. g/kg or kg/t); ghgkit applies the GWP")
    return re.sub(rf"[\s\-_]*{gas}(?![A-Za-z0-9])", "", text, flags=re.I).strip()


def _has_time_unit(q) -> bool:
    """Whether a pint quantity's units include a time unit (h/yr is dimensionless to pint)."""
    ureg = registry()
    return any(ureg.Quantity(1.0, u).dimensionality == ureg.Quantity(1.0, "s").dimensionality
               for u in q._units)


def _has_time(canonical: str) -> bool:
    return _has_time_unit(registry().Quantity(1.0, canonical))


@lru_cache(maxsize=2048, typed=True)
def unit_factor(unit: str, canonical: str, per_year: bool, what: str, example: str) -> float:
    """Scale factor from a user's *unit* to the parameter's *canonical* unit (parsed once).

    A blank unit means the canonical unit already (``grid_ef: 0.5`` is t/MWh). When
    *per_year* is true an annual amount may be written without ``/yr`` (``MWh`` for
    ``MWh/yr``).

    Raises
    ------
    UnitMismatchError
        e.g. "'kg' is a mass, but lamp power needs a power such as W or kW".
    """
    if not str(unit or "").strip() and clean_unit(unit).lower() in _PLAIN:
        return 1.0
    factor = _unit_factor(unit, canonical, per_year)             # what/example only word the error
    if factor is None:
        raise UnitMismatchError(f"'{unit}' is {describe_unit(_quantity(unit))}, but {what} needs {example}")
    return factor


def _quantity(unit: str):
    """One of a parameter's *unit* as a pint quantity (a plain number is dimensionless)."""
    text = clean_unit(unit)
    if _OFFSET_TEMPERATURE.search(text):
        raise UnitMismatchError(f"'{unit}' holds a temperature, which is read as absolute (0 °C is 273.15 K)",
                                hint="write degree-days as K·d or °C·d, a temperature difference as K")
    return registry().Quantity(1.0, "dimensionless") if text.lower() in _PLAIN else parse_unit(text).quantity


@MEMO.remember("parameter")
def _unit_factor(unit: str, canonical: str, per_year: bool) -> float | None:
    """:func:`unit_factor` by pint, or None when the unit does not fit."""
    import pint

    ureg = registry()
    q = _quantity(unit)
    target = ureg.Quantity(1.0, canonical) if canonical else ureg.Quantity(1.0, "dimensionless")
    if canonical and not target.dimensionality and _has_time(canonical) and not _has_time_unit(q):
        # h/yr is dimensionless to pint; a plain number or a % must not pass as hours per year
        return None
    try:
        factor = float((q / target).to("dimensionless").magnitude)
    except pint.DimensionalityError:
        pass
    else:
        if per_year and _has_time(canonical) and not _has_time_unit(q):
            return None             # MW for MWh/yr: a power is not the energy of a year (1.5 MW is not 13,149 MWh)
        return factor
    if per_year:
        try:
            return float((q / ureg.year / target).to("dimensionless").magnitude)
        except pint.DimensionalityError:
            pass
    return None


@dataclass(frozen=True)
class ParamSpec:
    """One parameter of a methodology.

    Attributes
    ----------
    unit : str
        Canonical unit the calculation uses (``W``, ``h/yr``, ``t/MWh`` …); ``""`` for
        a plain number.
    example : str
        Units a user may write, for messages and the template.
    per_year : bool
        An annual amount: ``MWh`` is read as ``MWh/yr``.
    monitored : bool
        Must be in the monitoring table for every monitored year.
    default : callable or None
        ``default(settings) -> param_id`` of the row in ``project_parameters.csv``
        that supplies the value when the project gives none (None: no default).
    """

    name: str
    label: str
    unit: str
    example: str
    per_year: bool = False
    required: bool = True
    monitored: bool = False
    default: Optional[Callable[[dict], Optional[str]]] = None
    minimum: Optional[float] = 0.0
    maximum: Optional[float] = None
    symbol: str = ""
    #: a fuel amount: the setting naming the fuel, and what it is per (``yr`` or ``km``);
    #: volumes and masses become TJ through the factor library's density and NCV
    fuel_setting: Optional[str] = None
    fuel_per: str = "yr"

    def factor(self, unit: str, location=None, settings: Optional[dict] = None, library=None,
               region: Optional[str] = None) -> float:
        """Scale factor from *unit* to this parameter's canonical unit."""
        return self.factor_and_bridge(unit, location, settings, library, region)[0]

    def factor_and_bridge(self, unit: str, location=None, settings: Optional[dict] = None, library=None,
                          region: Optional[str] = None):
        """Scale factor and the fuel properties used to get it (empty unless a fuel)."""
        try:
            if self.fuel_setting:
                fuel = (settings or {}).get(self.fuel_setting)
                if not fuel:
                    if settings is None:      # structural check only (no settings yet)
                        return 1.0, ()
                    raise InputError(f"{self.name} is a fuel amount, but no fuel is named",
                                     hint=Form.of(location).setting(self.fuel_setting, "kerosene")
                                     + " (or lpg, diesel …)")
                return fuel_energy_factor(str(unit or ""), fuel, self.fuel_per, self.per_year,
                                          f"{self.name} ({self.label})", library, region)
            return unit_factor(_own_gas(self.name, unit), self.unit, self.per_year,
                               f"{self.name} ({self.label})", self.example), ()
        except GhgkitError as e:
            msg = e.message if e.message.startswith(self.name) else f"{self.name}: {e.message}"
            raise type(e)(msg, location=location or e.location,
                          hint=e.hint or f"write {self.name} in {self.example}") from None


@dataclass(frozen=True)
class DefaultRow:
    """A default parameter value with its provenance."""

    param_id: str
    methodology: str
    parameter: str
    value: float
    unit: str
    source: str
    source_text: str
    source_ref: str
    notes: str

    @property
    def citation(self) -> str:
        return f"{self.source_text}; {self.source_ref}" if self.source_ref else self.source_text


@lru_cache(maxsize=1)
def defaults() -> dict[str, DefaultRow]:
    """The rows of ``emission_factors/project_parameters.csv``, by param_id."""
    from ghgkit.factors import read_table

    rows, sources, _ = read_table(data_path("project_parameters.csv"))
    out = {}
    for _, row in rows:
        out[row["param_id"]] = DefaultRow(
            row["param_id"], row["methodology"], row["parameter"], float(row["value"]),
            row["unit"] or "", row["source"], sources.get(row["source"], row["source"]),
            row["source_ref"] or "", row["notes"] or "")
    return out


@dataclass
class Resolved:
    """A parameter after units: per-year values in the canonical unit, with provenance."""

    name: str
    label: str
    values: np.ndarray           # one per crediting year, canonical unit
    unit: str                    # canonical unit
    given_value: object          # as written (number or {year: number})
    given_unit: str
    source: str
    origin: str                  # "project" or "default"
    param_id: Optional[str] = None

    def to_dict(self) -> dict:
        v = self.given_value
        return {"name": self.name, "label": self.label, "value": v, "unit": self.given_unit,
                "value_canonical": _scalar_or_list(self.values), "unit_canonical": display_unit(self.unit),
                "source": self.source, "origin": self.origin, "param_id": self.param_id}


def display_unit(unit: str) -> str:
    """A canonical unit as people write it: ``m**2`` → ``m²``, ``K*day`` → ``K·d``."""
    return (unit.replace("m**2", "m²").replace("K*day", "K·d").replace("1/yr", "1/yr")
            or "-")


def _scalar_or_list(a: np.ndarray):
    a = np.asarray(a, dtype=float)
    if a.size and np.all(a == a[0]):
        return float(a[0])
    return [float(x) for x in a]


@dataclass
class Computation:
    """What a methodology returns for the years it was given (t CO2e per year)."""

    baseline: np.ndarray
    project: np.ndarray
    leakage: np.ndarray
    #: name -> (values per year, unit, description)
    intermediates: dict[str, tuple[np.ndarray, str, str]] = field(default_factory=dict)
    factors: list[dict] = field(default_factory=list)   # factors taken from the library


@dataclass
class Context:
    """What a methodology needs besides its parameters."""

    years: np.ndarray
    gwp: dict[str, float]
    gwp_set: str
    settings: dict[str, str]
    location: Optional[Location] = None
    form: Optional["Form"] = None          #: where the user writes things (YAML or workbook wording)
    #: the factor library (shipped tables plus the user's files) and the region to look factors up for
    library: object = None
    region: Optional[str] = None
    #: the parameters the project gives (not defaults)
    given: frozenset = frozenset()

    def where_setting(self, key: str) -> Optional[Location]:
        """The place of setting *key* (its cell in a workbook), else the file."""
        return self.form.where(f"settings.{key}", self.location) if self.form else self.location

    def setting_hint(self, key: str, example: str) -> str:
        """How to give setting *key*, in the words of the project's file type."""
        return (self.form or Form(None)).setting(key, example)


class Methodology:
    """Base of the methodologies: parameter specs plus one vectorised computation."""

    name: ClassVar[str] = ""
    title: ClassVar[str] = ""
    reference: ClassVar[str] = ""
    equations: ClassVar[list[str]] = []
    params: ClassVar[list[ParamSpec]] = []
    settings_doc: ClassVar[dict[str, str]] = {}

    @classmethod
    def spec(cls, name: str) -> ParamSpec:
        for p in cls.params:
            if p.name == name:
                return p
        raise KeyError(name)

    @classmethod
    def names(cls) -> list[str]:
        return [p.name for p in cls.params]

    @classmethod
    def default_row(cls, spec: ParamSpec, settings: dict) -> Optional[DefaultRow]:
        if spec.default is None:
            return None
        pid = spec.default(settings)
        if pid is None:
            return None
        return defaults().get(pid)

    @classmethod
    def check(cls, values: dict[str, np.ndarray], ctx: Context) -> None:
        """Cross-parameter checks (after units); raise InputError. Override."""

    @classmethod
    def compute(cls, p: dict[str, np.ndarray], ctx: Context) -> Computation:  # pragma: no cover
        """BE, PE, LE per year from the resolved parameters: every methodology defines it."""
        raise TypeError(f"methodology {cls.__name__} does not define compute()")


#: parameters renamed so that one idea has one name across ghgkit (old name -> new name)
RENAMED = {"grid_loss": "td_loss_rate"}


def unknown_parameter(name: str, methodology: type[Methodology], location) -> InputError:
    close = difflib.get_close_matches(name, methodology.names(), n=1)
    if RENAMED.get(name) in methodology.names():
        close = [RENAMED[name]]
        return InputError(f"'{name}' is now called '{close[0]}' (the name of the same rate in the inventory "
                          "settings)", location=location, hint=f"rename {name} to {close[0]}; the value stays")
    hint = (f"did you mean '{close[0]}'?" if close else
            f"{methodology.name} parameters: {', '.join(methodology.names())}")
    return InputError(f"'{name}' is not a parameter of {methodology.name}", location=location,
                      hint=hint)


@lru_cache(maxsize=None)
def parameters_model(methodology: type[Methodology]) -> type[BaseModel]:
    """A pydantic model of one methodology's ex-ante parameters (a field per parameter).

    Unknown names are refused; units are checked against each parameter's canonical
    unit (parsed once per unit string).
    """
    fields = {p.name: (Optional[ParameterValue], None) for p in methodology.params}

    class _Base(BaseModel):
        model_config = ConfigDict(extra="forbid")

        @model_validator(mode="after")
        def _units(self, info: ValidationInfo):
            ctx = info.context or {}
            locations = ctx.get("locations", {})
            for p in methodology.params:
                v = getattr(self, p.name)
                if v is not None:
                    p.factor(v.unit, locations.get(p.name), ctx.get("settings"), ctx.get("library"),
                             ctx.get("region"))
            return self

    name = "".join(w.title() for w in methodology.name.split("_")) + "Parameters"
    return create_model(name, __base__=_Base, **fields)


# -- fuels: the inventory's own conversion and factors, through a factor library ---------
@lru_cache(maxsize=512)
def fuel_energy_factor(unit: str, fuel: str, per: str, per_year_ok: bool, what: str,
                       library=None, region: Optional[str] = None) -> tuple[float, tuple]:
    """Scale factor from a fuel amount in *unit* to TJ per *per* (``yr`` or ``km``).

    Energy units convert directly; a mass or a volume goes through the fuel's density
    and net calorific value by the inventory's own path
    (:func:`ghgkit.sectors.common.fuel_energy_path`), with the factor library of the
    project (the shipped tables plus the user's files) and its host country as region.
    Returns the factor and the properties used, as (property, value in t/L or TJ/t,
    canonical unit, source, table) for the audit trail.

    Raises
    ------
    UnitMismatchError
        When the unit is not an energy, mass or volume (per *per*).
    FactorError
        When the fuel has no NCV or density in the library.
    """
    from ghgkit.factors import FactorLibrary
    from ghgkit.sectors.common import fuel_energy_path

    text = clean_unit(unit)
    if not text:
        raise UnitMismatchError(f"{what}: no unit given",
                                hint=f"write a fuel amount such as L, kg, t or GJ per {per}")
    amount = _fuel_amount(text, per, per_year_ok)
    if amount is None:
        raise UnitMismatchError(
            f"{what}: '{unit}' is {describe_unit(parse_unit(text).quantity)}, but it needs a fuel amount "
            f"per {per}", hint=f"write e.g. L/{'100 km' if per == 'km' else 'yr'}, kg/{per} or GJ/{per}")
    base, mag = amount
    lib = library or FactorLibrary.default()
    scale, _text, uses = fuel_energy_path(lib, fuel, base, "energy", region, None)
    canonical = {"density": "t/L", "ncv": "TJ/t"}
    used = tuple((u.what, lib.property(fuel, u.what, region)[0], canonical[u.what],
                  u.source_text or u.source, u.source_ref) for u in uses)
    return mag * scale, used


@MEMO.remember("fuel amount")
def _fuel_amount(text: str, per: str, per_year_ok: bool) -> tuple[str, float] | None:
    """A fuel amount per *per* in *text* as (TJ, t or L, scale to it), by pint; None when it is not
    an energy, mass or volume per *per* (or, with *per_year_ok*, a bare amount for a year)."""
    import pint

    ureg = registry()
    q = parse_unit(text).quantity
    denominators = [ureg.Quantity(1.0, "year" if per == "yr" else per)]
    if per == "yr" and per_year_ok:
        denominators.append(ureg.Quantity(1.0, "dimensionless"))
    for den in denominators:
        amount = q * den if den.dimensionality else q
        # amount has the dimension of the fuel amount itself (energy, mass or volume)
        for base in ("TJ", "t", "L"):
            try:
                return base, float(amount.to(base).magnitude)
            except pint.DimensionalityError:
                continue
    return None


def fuel_emission_factor(fuel: str, sector: str, subsector: Optional[str], gwp: dict[str, float],
                         library=None, region: Optional[str] = None):
    """CO2e per TJ of *fuel* [t CO2e/TJ] from the factor library, with the factors used.

    The inventory's factor choice (:func:`ghgkit.sectors.common.fuel_multiplier`) and
    CO2e join (:func:`ghgkit.gwp.co2e_of_gases`): CO2 plus CH4 and N2O weighted by the
    GWP set. A fuel without a fossil CO2 factor for this use is refused.
    """
    from ghgkit.errors import FactorError
    from ghgkit.factors import FactorLibrary
    from ghgkit.gwp import co2e_of_gases
    from ghgkit.sectors.common import fuel_multiplier

    lib = library or FactorLibrary.default()
    try:
        m = fuel_multiplier(lib, sector, subsector, fuel, "TJ", (), region, None)
    except FactorError:
        m = None
    if m is None or "co2_t" not in m.per_gas:
        raise FactorError(f"no {sector} CO2 factor for fuel '{fuel}'",
                          hint="use a fossil fuel the factor library knows (kerosene, lpg, "
                               "natural_gas, diesel, gasoline, coal …); see `ghgkit factors list`")
    g = m.per_gas
    total = float(co2e_of_gases(g["co2_t"], g.get("ch4_t", 0.0), g.get("n2o_t", 0.0), gwp["CH4"], gwp["N2O"]))
    used = [{"factor_id": u.id, "fuel": fuel, "gas": u.what, "value": u.value, "unit": u.unit,
             "source": u.source_text, "source_ref": u.source_ref}
            for u in m.uses if u.what in ("CO2", "CH4", "N2O")]
    return total, used


# -- parameters several methodologies share ---------------------------------------------
def grid_ef_spec(required: bool = True, monitored: bool = False, label: str = "grid emission factor") -> ParamSpec:
    return ParamSpec("grid_ef", label, "t/MWh", "t CO2/MWh, kg CO2/kWh or g CO2/kWh (a bare number is t CO2/MWh)",
                     required=required, monitored=monitored, symbol="EF_grid")


TD_LOSS_RATE = ParamSpec("td_loss_rate", "technical transmission and distribution loss of the grid", "",
                      "a fraction (0.08) or a percentage (8 %)", required=False, maximum=0.5,
                      symbol="TDL")
LEAKAGE = ParamSpec("leakage", "leakage emissions", "t/yr", "t CO2e per year (a bare number is t CO2e/yr)",
                    per_year=True, required=False, symbol="LE")


def leakage(p: dict[str, np.ndarray], n: int) -> np.ndarray:
    """Leakage per year [t CO2e]: the project's stated value, else zero."""
    return np.asarray(p["leakage"], dtype=float) if "leakage" in p else np.zeros(n)


def loss_divisor(p: dict[str, np.ndarray], n: int) -> np.ndarray:
    """1 − TDL (1 when no loss is stated)."""
    return 1.0 - p["td_loss_rate"] if "td_loss_rate" in p else np.ones(n)
