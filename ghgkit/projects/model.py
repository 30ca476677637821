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


def _finite(v: float, what: str) -> float:
    if not math.isfinite(v):
        raise ValueError(f"{what} must be a finite number, got {v}")
    return v


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

    def where(self, key: str) -> Location:
        """Location of ``ex_ante.NAME`` or ``monitoring.N`` (the file when not known more closely)."""
        loc = self.locations.get(key)
        if loc is not None:
            return loc
        return Location(file=self.file, sheet=key)
