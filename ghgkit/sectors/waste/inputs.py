"""Reading the waste rows and settings: settings with defaults, amounts in t or persons, row locations.

Shared by the row builders of :mod:`ghgkit.sectors.waste.calculator`; none of these
know an IPCC equation.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ghgkit.errors import GhgkitError, Location, SettingsError
from ghgkit.provenance import FactorUse
from ghgkit.sectors.waste.common import WasteInputError
from ghgkit.sectors.waste.keys import setting_unit
from ghgkit.sectors.waste.parameters import parameter
from ghgkit.units import conversion_factor, parse_quantity


def setting_value(settings, key: str, default: Any = None) -> Any:
    if isinstance(settings, dict):
        v = settings.get(key, default)
    else:
        v = getattr(settings, key, None) if key in type(settings).model_fields else None
        if v is None and hasattr(settings, "extra"):
            v = settings.extra(key, None)
        if v is None:
            v = default
    if isinstance(v, str) and not v.strip():
        return default
    return v


def float_setting(settings, key: str, default=None):
    v = setting_value(settings, key, None)
    if v is None:
        return default
    try:
        return float(v)
    except (TypeError, ValueError):
        raise SettingsError(f"setting {key} = '{v}' is not a number") from None


def row_location(activity: pd.DataFrame, idx) -> Location | None:
    row = activity.loc[idx]
    get = lambda c: (row[c] if c in activity.columns and pd.notna(row[c]) else None)  # noqa: E731
    line = get("line")
    return Location(file=get("file"), sheet=get("sheet"), cell=get("cell"),
                    line=int(line) if line is not None else None)


def located(err: GhgkitError, activity, idx) -> GhgkitError:
    return err.at(row_location(activity, idx)) if idx is not None else err


def converted(activity: pd.DataFrame, target: str, what: str, hint: str) -> np.ndarray:
    """Amounts converted to *target* (one pint lookup per distinct unit string)."""
    out = np.empty(len(activity))
    units = activity["unit"].astype(object).to_numpy()
    amounts = activity["amount"].to_numpy(dtype=float)
    for u in pd.unique(units):
        m = units == u
        try:
            out[m] = amounts[m] * conversion_factor(str(u), target)
        except GhgkitError as e:
            raise located(GhgkitError(f"{what}: {e.message}", hint=hint),
                           activity, activity.index[np.flatnonzero(m)[0]]) from None
    return out


def tonnes(activity: pd.DataFrame, what: str) -> np.ndarray:
    """Amounts converted to t."""
    return converted(activity, "t", what, "give the amount as a mass, e.g. t")


def persons_served(activity: pd.DataFrame) -> np.ndarray:
    """Population served, in persons."""
    return converted(activity, "person", "population served", "write persons")


def norm_each(activity, column: str, fn, default=None) -> np.ndarray:
    vals = activity[column].astype(object).to_numpy()
    out = np.empty(len(vals), dtype=object)
    cache: dict = {}
    for i, v in enumerate(vals):
        if v is None or (isinstance(v, float) and np.isnan(v)) or str(v).strip() == "":
            if default is None:
                raise located(WasteInputError(f"{column} is empty",
                                                 hint=f"write the {column} (see the drop-down)"),
                               activity, activity.index[i])
            v = default
        if v not in cache:
            try:
                cache[v] = fn(v)
            except GhgkitError as e:
                raise located(e, activity, activity.index[i]) from None
        out[i] = cache[v]
    return out


def empty_result(index) -> pd.DataFrame:
    """Result rows of zero gas for *index*: the columns every row builder fills."""
    n = len(index)
    return pd.DataFrame({"row": np.asarray(index), "scope": np.ones(n, dtype=int),
                         "co2_t": np.zeros(n), "ch4_t": np.zeros(n), "n2o_t": np.zeros(n),
                         "co2_biogenic_t": np.zeros(n), "factor_ids": [""] * n, "conversion": [""] * n,
                         "calc_notes": [""] * n, "uses": [()] * n})


def setting_use(settings, key: str, value=None) -> FactorUse:
    """The :class:`~ghgkit.provenance.FactorUse` of a setting the user gave (unit from :mod:`.keys`)."""
    v = setting_value(settings, key) if value is None else value
    return FactorUse.from_setting(key, v, unit=setting_unit(key))


def param(settings, key, name, pkey="default", *, fallback: tuple[str, ...] = (), **kw) -> tuple[float, FactorUse]:
    """A user setting (the first of *key*, then *fallback* keys, that is set) or the default parameter.

    Returns
    -------
    tuple
        ``(value, use)``: the value in the parameter's unit and its :class:`FactorUse`
        (kind ``setting`` with the setting's unit, or ``parameter`` with its provenance).
    """
    for k in (key, *fallback):
        v = float_setting(settings, k)
        if v is not None:
            return v, setting_use(settings, k, v)
    p = parameter(name, pkey, edition=setting_value(settings, "edition", "2006"), **kw)
    return p.value, FactorUse.from_parameter(p)


def mass_setting(settings, key: str) -> float | None:
    """A mass setting in t: a number is t; text may carry a unit ('350000 kg', '0.35 kt').

    Raises
    ------
    SettingsError
        For a negative amount, or a unit that is not a mass (m3 of gas has no mass without
        its density and CH4 share: convert it first).
    """
    v = setting_value(settings, key)
    if v is None:
        return None
    try:
        out = parse_quantity(v, "t")
    except GhgkitError as e:
        raise SettingsError(f"setting {key} = '{v}': {e.message}",
                            hint="give a mass: a number is read as t; or write e.g. '350000 kg' (a volume of "
                                 "gas is refused: its mass depends on temperature, pressure and CH4 share)"
                            ) from None
    if not out >= 0:
        raise SettingsError(f"setting {key} = '{v}' must be a mass >= 0")
    return out


def ids_text(uses) -> str:
    """``factor_ids`` as the JSON and CSV rows show them: ids joined by ';', settings as ``setting:KEY``."""
    return ";".join(f"setting:{u.id}" if u.kind == "setting" else u.id for u in uses)


def unique_uses(uses) -> tuple:
    """*uses* without repeats (first occurrence kept, by kind and id)."""
    seen: dict = {}
    for u in uses:
        seen.setdefault((u.kind, u.id), u)
    return tuple(seen.values())
