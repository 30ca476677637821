"""A city's emission target and the progress of its inventories against it.

Four kinds of target, all for one target year T and measured on the trend's basis
total E (BASIC by default) or, for ``per_capita``, on e = E / P:

``base_year_percent``  E*_T = E_base × (1 − r/100)                 (r = reduction_pct)
``absolute``           E*_T = the value given                        (value_t) [t CO2e]
``per_capita``         e*_T = the value given                        (per_capita_t) [t CO2e/resident]
``bau_relative``       E*_T = BAU_T × (1 − r/100), BAU the user's series (bau) [t CO2e]

The reference path is the straight line from the base year to the target::

    path_y     = X_base + (X*_T − X_base) × (y − base) / (T − base)
    gap_y      = X_y − X*_T             remaining gap (positive: above the target)
    off_path_y = X_y − path_y           positive: above the straight-line path
    progress_y = 100 × (X_base − X_y) / (X_base − X*_T)   [% of the reduction asked; only when X*_T < X_base]

with X = E [t CO2e] or e [t CO2e per resident]. For a per-capita target the gap is also
given in tonnes at the year's population (gap_t = gap_y × P_y), and for a BAU target the
reduction against the BAU series (BAU_y − E_y, and 100 × (BAU_y − E_y) / BAU_y to set beside r)
where the series has the year.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

import numpy as np
import pandas as pd

from ghgkit.errors import InputError

TARGET_TYPES = ("base_year_percent", "absolute", "per_capita", "bau_relative")


@dataclass
class Target:
    """What the city committed to.

    Attributes
    ----------
    type : str
        One of ``TARGET_TYPES``.
    year : int
        Target year T.
    reduction_pct : float, optional
        r [%] for ``base_year_percent`` and ``bau_relative``.
    value_t : float, optional
        E*_T [t CO2e] for ``absolute``.
    per_capita_t : float, optional
        e*_T [t CO2e per resident] for ``per_capita``.
    bau : dict, optional
        {year: t CO2e} for ``bau_relative``: the user's business-as-usual series; must
        include T.
    description, source : str, optional
        The target as the city states it, and where (plan, decision, year).
    """

    type: str
    year: int
    reduction_pct: Optional[float] = None
    value_t: Optional[float] = None
    per_capita_t: Optional[float] = None
    bau: dict = field(default_factory=dict)
    description: str = ""
    source: str = ""
    where: Optional[str] = None        #: file the target was read from (for errors)

    def check(self) -> "Target":
        """Refuse a target that lacks what its type needs (naming it)."""
        loc = self.where
        if self.type not in TARGET_TYPES:
            raise InputError(f"unknown target type '{self.type}'", location=loc,
                             hint="use one of " + ", ".join(TARGET_TYPES))
        need = {"base_year_percent": "reduction_pct", "absolute": "value_t", "per_capita": "per_capita_t",
                "bau_relative": "reduction_pct"}[self.type]
        if getattr(self, need) is None:
            raise InputError(f"a {self.type} target needs {need}", location=loc,
                             hint={"reduction_pct": "e.g. reduction_pct = 30 (per cent below the reference)",
                                   "value_t": "the target year's emissions in t CO2e, e.g. value_t = 3.2e6",
                                   "per_capita_t": "t CO2e per resident in the target year, e.g. "
                                                   "per_capita_t = 2.5"}[need])
        if self.reduction_pct is not None and not -100 < self.reduction_pct <= 100:
            raise InputError(f"reduction_pct {self.reduction_pct:g} is not a percentage in (-100, 100]",
                             location=loc, hint="write 30 for 30 % below the reference")
        for name in ("value_t", "per_capita_t"):
            v = getattr(self, name)
            if v is not None and not v >= 0:
                raise InputError(f"{name} must be zero or more, got {v:g}", location=loc)
        if self.type == "bau_relative":
            if not self.bau:
                raise InputError("a bau_relative target needs the BAU series (bau = {year = t CO2e, ...})",
                                 location=loc, hint="ghgkit does not project a BAU: give the series of your plan")
            if self.year not in self.bau:
                raise InputError(f"the BAU series has no value for the target year {self.year}", location=loc,
                                 hint=f"add {self.year} = ... to bau")
            bad = {y: v for y, v in self.bau.items() if not (isinstance(v, (int, float)) and v >= 0)}
            if bad:
                raise InputError(f"BAU values must be numbers of t CO2e, zero or more (got {bad})", location=loc)
        return self

    def to_dict(self) -> dict:
        d = {"type": self.type, "year": self.year, "reduction_pct": self.reduction_pct, "value_t": self.value_t,
             "per_capita_t": self.per_capita_t, "description": self.description, "source": self.source}
        if self.bau:
            d["bau"] = {str(k): float(v) for k, v in sorted(self.bau.items())}
        return d


@dataclass
class TargetProgress:
    """Progress of a trend against a target.

    Attributes
    ----------
    table : pandas.DataFrame
        Index ``year`` from the base year to the later of the target year and the last
        inventory: ``actual`` (NaN after the last inventory), ``path``, ``target``,
        ``gap``, ``off_path``, ``progress_pct``, ``on_track`` in the target's metric;
        ``gap_t`` [t CO2e]; for BAU targets ``bau_t``, ``bau_reduction_t`` and ``bau_reduction_pct``.
    metric : str
        ``total`` (t CO2e) or ``per_capita`` (t CO2e per resident).
    """

    target: Target
    metric: str
    unit: str
    base_year: int
    base_value: float
    target_value: float
    target_t: Optional[float]
    table: pd.DataFrame

    @property
    def latest_year(self) -> int:
        return int(self.table["actual"].last_valid_index())

    def latest(self) -> dict:
        """The last inventory year: gap, progress, and the yearly cut needed from then on."""
        y = self.latest_year
        r = self.table.loc[y]
        left = self.target.year - y
        return {"year": y, "actual": float(r["actual"]), "gap": float(r["gap"]), "gap_t": _f(r["gap_t"]),
                "progress_pct": _f(r["progress_pct"]), "on_track": bool(r["on_track"]),
                "years_left": left,
                "needed_per_year": float(r["gap"]) / left if left > 0 else None}

    def to_dict(self) -> dict:
        t = self.table.reset_index()
        rows = [{k: _f(v) if k not in ("year", "on_track") else (int(v) if k == "year" else
                                                                   (None if pd.isna(v) else bool(v)))
                 for k, v in r.items()} for r in t.to_dict("records")]
        return {**self.target.to_dict(), "metric": self.metric, "unit": self.unit, "base_year": self.base_year,
                "base_value": self.base_value, "target_value": self.target_value, "target_t": self.target_t,
                "latest": self.latest(), "years": rows}


def _f(v):
    if v is None:
        return None
    try:
        f = float(v)
    except (TypeError, ValueError):
        return v
    return None if np.isnan(f) else f


def progress(trend, target: Target) -> TargetProgress:
    """Measure *trend* (a :class:`~ghgkit.mrv.trend.Trend`) against *target*."""
    target.check()
    base = trend.base_year
    if target.year <= base:
        raise InputError(f"target year {target.year} is not after the base year {base}", location=target.where,
                         hint="the target year comes after the base year")
    t = trend.totals
    per_capita = target.type == "per_capita"
    actual = t["per_capita_t"] if per_capita else t["total_t"]
    if per_capita and pd.isna(actual.loc[base]):
        raise InputError(f"a per-capita target needs the base year's population ({base})", location=target.where,
                         hint=f"set population in the {base} inventory's settings")
    x0 = float(actual.loc[base])
    if target.type == "base_year_percent":
        xt = x0 * (1 - target.reduction_pct / 100)
    elif target.type == "absolute":
        xt = float(target.value_t)
    elif target.type == "per_capita":
        xt = float(target.per_capita_t)
    else:
        xt = float(target.bau[target.year]) * (1 - target.reduction_pct / 100)
    years = np.arange(base, max(target.year, trend.years[-1]) + 1)
    tab = pd.DataFrame(index=pd.Index(years, name="year"))
    tab["actual"] = actual.reindex(years).astype(float)
    frac = np.clip((years - base) / (target.year - base), None, 1.0)
    tab["path"] = x0 + (xt - x0) * frac
    tab["target"] = xt
    tab["gap"] = tab["actual"] - xt
    tab["off_path"] = tab["actual"] - tab["path"]
    # a share of the reduction asked only means something when the target is below the base year
    tab["progress_pct"] = 100.0 * (x0 - tab["actual"]) / (x0 - xt) if xt < x0 else np.nan
    tab["on_track"] = (tab["actual"] <= tab["path"] + 1e-9 * max(abs(x0), 1.0)).where(tab["actual"].notna())
    if per_capita:
        pop = t["population"].reindex(years).astype(float)
        tab["gap_t"] = tab["gap"] * pop
        target_t = None
    else:
        tab["gap_t"] = tab["gap"]
        target_t = xt
    if target.type == "bau_relative":
        tab["bau_t"] = pd.Series({int(k): float(v) for k, v in target.bau.items()}).reindex(years)
        tab["bau_reduction_t"] = tab["bau_t"] - tab["actual"]
        tab["bau_reduction_pct"] = 100.0 * tab["bau_reduction_t"] / tab["bau_t"]
    unit = "t CO2e per resident" if per_capita else "t CO2e"
    return TargetProgress(target, "per_capita" if per_capita else "total", unit, base, x0, xt, target_t, tab)
