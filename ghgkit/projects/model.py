"""The project file: what a co-operation project states, validated with pydantic.

A project file (YAML, TOML or the Excel project template) holds the title, the host
and partner cities, the methodology, the start year and crediting period, the GWP
set, the ex-ante parameters (each a value, a unit and a source) and the monitoring
table (year, parameter, value, unit, evidence).

The parameters themselves are validated per methodology by
:func:`ghgkit.projects.base.parameters_model`, which builds one pydantic model per
methodology with a field per parameter.
"""

from __future__ import annotations

import math
from typing import Optional, Union

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from ghgkit.errors import Location
from ghgkit.gwp import normalise_set

#: the methodologies ghgkit knows, in the order reports list them
METHODOLOGIES = ("composting", "street_lighting", "fuel_switch", "solar_pv",
                 "building_efficiency", "bus_fleet")


class Form:
    """Where a project's user writes things, and how to tell them: a text file (YAML or
    TOML: ``settings:``, ``ex_ante:``, ``monitoring:``) or the Excel project template
    (the Project, Parameters and Monitoring sheets, cells named as ``Sheet!B7``).

    Every hint that tells a user to add or fix something in a project file goes through
    here, so that a workbook user is never told to "add under ex_ante:".
    """

    def __init__(self, file: str | None, locations: dict | None = None):
        self.file = file
        self.locations = locations or {}
        self.excel = str(file or "").lower().endswith((".xlsx", ".xlsm"))

    @classmethod
    def of(cls, location) -> "Form":
        return cls(getattr(location, "file", None))

    def where(self, key: str, fallback: Location | None = None) -> Location:
        """The place of ``settings.KEY``, ``ex_ante.NAME``, ``monitoring`` (the cell in a workbook)."""
        loc = self.locations.get(key)
        if loc is not None:
            return loc
        if fallback is not None:
            return fallback
        return Location(file=self.file)

    def _cell(self, key: str) -> str:
        loc = self.locations.get(key)
        return f" ({loc.sheet}!{loc.cell})" if loc is not None and loc.cell else ""

    def setting(self, key: str, example: str) -> str:
        """How to give the setting *key* (e.g. ``baseline_fuel``), with an *example* value."""
        if self.excel:
            return f"on the Project sheet, write {example} in the value column of the row {key}{self._cell(f'settings.{key}')}"
        return f"add under settings: {key}: {example}"

    def parameter(self, name: str, unit: str) -> str:
        """How to give the ex-ante parameter *name* in *unit*."""
        if self.excel:
            return (f"on the Parameters sheet, fill the row {name}{self._cell(f'ex_ante.{name}')}: the number in "
                    f"column B, its unit in column C (e.g. {unit}), its source in column D")
        return f"add under ex_ante: {name}: {{value: ..., unit: {unit}, source: ...}}"

    def parameter_shape(self) -> str:
        """What one parameter consists of."""
        if self.excel:
            return ("on the Parameters sheet each parameter is a number (column B), its unit (column C) and its "
                    "source (column D)")
        return "each parameter is {value: number, unit: text, source: text}"

    def monitoring_rows(self) -> str:
        """How to add monitoring rows."""
        if self.excel:
            return "fill rows of the Monitoring sheet: year, parameter, value, unit, evidence"
        return "add rows under monitoring: {year, parameter, value, unit, evidence}"

    def monitoring_place(self) -> Location:
        if self.excel:
            return self.locations.get("monitoring") or Location(file=self.file, sheet="Monitoring")
        return Location(file=self.file, sheet="monitoring")


def _finite(v: float, what: str) -> float:
    if not math.isfinite(v):
        raise ValueError(f"{what} must be a finite number, got {v}")
    return v


def _not_bool(v, what: str) -> None:
    """A boolean is not a number (pydantic would take true as 1.0; YAML 1.1 reads on/yes as true)."""
    if isinstance(v, bool):
        raise ValueError(f"{what} is {str(v).lower()}, not a number")


class ParameterValue(BaseModel):
    """One ex-ante parameter: value, unit and where the value comes from.

    ``value`` is one number for every year of the crediting period, or a mapping
    ``{year: number}`` covering each year of it (e.g. a ramp-up of waste diverted).
    A blank unit means the parameter's own unit (shown in the template).
    """

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    value: Union[float, dict[int, float]]
    unit: str = ""
    source: str = Field(min_length=1)
    notes: Optional[str] = None

    @field_validator("unit", mode="before")
    @classmethod
    def _unit(cls, v):
        return "" if v is None else str(v)

    @field_validator("value", mode="before")
    @classmethod
    def _as_given(cls, v):
        if isinstance(v, dict):
            years: dict = {}
            for y in v:
                try:
                    year = int(str(y).strip())
                except ValueError:
                    continue                               # pydantic names a key that is not a year
                if year in years:                          # 2026 and "2026": one would silently win
                    raise ValueError(f"year {year} is given twice ({years[year]!r} and {y!r})")
                years[year] = y
            for y, x in v.items():
                _not_bool(x, f"value for {y}")
        else:
            _not_bool(v, "value")
        return v

    @field_validator("value")
    @classmethod
    def _value(cls, v):
        if isinstance(v, dict):
            return {int(y): _finite(float(x), f"value for {y}") for y, x in v.items()}
        return _finite(float(v), "value")


class MonitoringRow(BaseModel):
    """One monitored value: a parameter in one year, with its evidence."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    year: int
    parameter: str = Field(min_length=1)
    value: float
    unit: str = ""
    evidence: Optional[str] = None

    @field_validator("value", "year", mode="before")
    @classmethod
    def _no_bool(cls, v, info):
        _not_bool(v, info.field_name)
        return v

    @field_validator("unit", mode="before")
    @classmethod
    def _unit(cls, v):
        return "" if v is None else str(v)

    @field_validator("year", mode="before")
    @classmethod
    def _year(cls, v):
        if isinstance(v, float) and v.is_integer():
            return int(v)
        return v

    @field_validator("value")
    @classmethod
    def _value(cls, v):
        return _finite(v, "value")


class Project(BaseModel):
    """A co-operation project: the contents of one project file.

    Attributes
    ----------
    crediting_period : int
        Length of the crediting period [years]; the years are ``start_year`` …
        ``start_year + crediting_period - 1``.
    gwp : str
        GWP set (``AR4``, ``AR5``, ``AR6``), recorded on every result.
    settings : dict
        Choices that select defaults, e.g. ``climate_zone``, ``swds_type``,
        ``swds_cover`` (composting), ``baseline_fuel`` / ``project_fuel`` (fuel switch).
    """

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    title: str = Field(min_length=1)
    host_city: str = Field(min_length=1)
    partner_city: str = Field(min_length=1)
    host_country: Optional[str] = None
    partner_country: Optional[str] = None
    methodology: str
    start_year: int = Field(ge=1990, le=2100)
    crediting_period: int = Field(ge=1, le=30)
    gwp: str = "AR5"
    description: Optional[str] = None
    settings: dict[str, str] = {}
    ex_ante: dict[str, ParameterValue] = {}
    monitoring: list[MonitoringRow] = []

    #: where each part came from (file, sheet, cell), filled by the loaders; keys
    #: ``ex_ante.NAME`` and ``monitoring.N`` (N counts rows from 0)
    locations: dict[str, Location] = Field(default_factory=dict, exclude=True, repr=False)
    file: Optional[str] = Field(default=None, exclude=True)

    @field_validator("methodology", mode="before")
    @classmethod
    def _methodology(cls, v):
        key = str(v).strip().lower().replace("-", "_").replace(" ", "_")
        if key not in METHODOLOGIES:
            import difflib
            close = difflib.get_close_matches(key, METHODOLOGIES, n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            raise ValueError(f"unknown methodology '{v}'{hint}; use one of {', '.join(METHODOLOGIES)}")
        return key

    @field_validator("gwp", mode="before")
    @classmethod
    def _gwp(cls, v):
        from ghgkit.errors import GwpError
        try:
            return normalise_set(v)
        except GwpError as e:
            raise ValueError(e.message + (f" ({e.hint})" if e.hint else "")) from None

    @field_validator("settings", mode="before")
    @classmethod
    def _settings(cls, v):
        if v is None:
            return {}
        return {str(k).strip(): str(x).strip() for k, x in dict(v).items() if x is not None}

    @field_validator("ex_ante", mode="before")
    @classmethod
    def _ex_ante(cls, v):
        return {} if v is None else v

    @field_validator("monitoring", mode="before")
    @classmethod
    def _monitoring(cls, v):
        return [] if v is None else v

    @model_validator(mode="after")
    def _per_year_values(self):
        years = set(self.years)
        for name, p in self.ex_ante.items():
            if isinstance(p.value, dict):
                given = set(p.value)
                if given - years:
                    raise ValueError(f"ex_ante.{name}: year(s) {sorted(given - years)} outside the "
                                     f"crediting period {self.years[0]}-{self.years[-1]}")
                if years - given:
                    raise ValueError(f"ex_ante.{name}: no value for year(s) {sorted(years - given)}; "
                                     f"give one number, or one for every year of the crediting period")
        return self

    @property
    def years(self) -> list[int]:
        """The years of the crediting period."""
        return list(range(self.start_year, self.start_year + self.crediting_period))

    @property
    def form(self) -> Form:
        """How to tell this project's user where to write things (text file or workbook)."""
        return Form(self.file, self.locations)

    def where(self, key: str) -> Location:
        """Location of ``ex_ante.NAME`` or ``monitoring.N`` (the file when not known more closely)."""
        loc = self.locations.get(key)
        if loc is not None:
            return loc
        return Location(file=self.file, sheet=key)
