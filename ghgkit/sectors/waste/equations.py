"""Waste and wastewater: the IPCC 2006 Vol. 5 equations, vectorised.

One function per equation, mirroring the guideline (GPC III.1-III.4):

=====================================  ==========================================
Ch. 3 solid waste disposal (III.1)     :func:`fod_ch4_generated` (Eq. 3.2, 3.4-3.6),
                                       :func:`landfill_ch4_emitted` (Eq. 3.1),
                                       :func:`backcast_deposits` (sect. 3.2.2)
Ch. 4 biological treatment (III.2)     :func:`biological_treatment` (Eq. 4.1, 4.2)
Ch. 5 incineration, open burning       :func:`incineration_co2` (Eq. 5.1),
(III.3)                                :func:`incineration_co2_msw` (Eq. 5.2),
                                       :func:`incineration_ch4` (Eq. 5.4),
                                       :func:`incineration_n2o` (Eq. 5.5),
                                       :func:`open_burning_waste` (Eq. 5.7)
Ch. 6 wastewater (III.4)               :func:`domestic_tow` (Eq. 6.3),
                                       :func:`domestic_wastewater_ch4` (Eq. 6.1, 6.2),
                                       :func:`effluent_nitrogen` (Eq. 6.8),
                                       :func:`effluent_n2o` (Eq. 6.7),
                                       :func:`industrial_tow` (Eq. 6.6),
                                       :func:`industrial_wastewater_ch4` (Eq. 6.4, 6.5)
=====================================  ==========================================

Masses are tonnes throughout (waste, BOD, COD, nitrogen and every gas); a factor
keeps the unit the IPCC table prints (g/kg, kg/Gg, g/t), and its scale to t/t is
found once, by pint, when this module is imported. Default parameters, with their
provenance and edition, come from ``emission_factors/waste_parameters.csv`` through
:func:`parameter` and :func:`parameter_values`.

Input mistakes raise :class:`WasteInputError` subclasses (all
:class:`~ghgkit.errors.GhgkitError`) with a hint; softer findings (gaps in a
disposal history) are returned as lists of warning strings.
"""

from __future__ import annotations

import difflib
import math
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from ghgkit.data import data_path
from ghgkit.errors import FactorError, InputError, Location, SettingsError
from ghgkit.units import conversion_factor, parse_unit

# --------------------------------------------------------------------------------------
# Constants: molecular-weight ratios (exact) and unit scales (found once by pint)
# --------------------------------------------------------------------------------------
#: CH4 / C molecular weight ratio (Eq. 3.6)
CH4_PER_C = 16.0 / 12.0
#: CO2 / C molecular weight ratio (Eq. 5.1, 5.2)
CO2_PER_C = 44.0 / 12.0
#: N2O / N2 molecular weight ratio (Eq. 6.7)
N2O_PER_N2 = 44.0 / 28.0
#: days in the inventory year used by Eq. 5.7 and 6.3
DAYS_PER_YEAR = 365.0

_G_PER_KG = conversion_factor("g/kg", "dimensionless")          # 1e-3 (Eq. 4.1, 4.2)
_KG_PER_GG = conversion_factor("kg/Gg", "dimensionless")        # 1e-6 (Eq. 5.4)
_G_PER_T = conversion_factor("g/t", "dimensionless")            # 1e-6 (Eq. 5.5)
_KG_TO_T = conversion_factor("kg", "t")                         # 1e-3
_G_TO_T = conversion_factor("g", "t")                           # 1e-6

#: relative tolerance of a composition that must sum to 1
COMPOSITION_TOL = 1e-6
#: relative slack when comparing recovery with generation (rounding of user data)
_RECOVERY_RTOL = 1e-9

CLIMATE_ZONES = ("tropical_wet", "tropical_dry", "temperate_wet", "temperate_dry",
                 "boreal_wet", "boreal_dry")
SITE_TYPES = ("managed_anaerobic", "managed_semi_aerobic", "unmanaged_deep",
              "unmanaged_shallow", "uncategorised")
WASTE_COMPONENTS = ("food", "garden", "paper", "wood", "textiles", "nappies", "rubber_leather",
                    "plastics", "glass", "metal", "inert")
#: wastewater pathways with one MCF (Table 6.3); a bare name with several variants
#: (``latrine``, ``lagoon`` ...) must say which, see :data:`PATHWAY_VARIANTS`.
PATHWAYS = (
    "septic_tank", "anaerobic_reactor", "anaerobic_digester_sludge",
    "centralised_aerobic_well_managed", "centralised_aerobic_overloaded",
    "lagoon_shallow", "lagoon_deep",
    "latrine_dry_family", "latrine_dry_communal", "latrine_wet", "latrine_sediment_removal",
    "untreated_discharge_sea_river_lake", "untreated_discharge_stagnant_sewer",
    "untreated_discharge_flowing_sewer",
)
PATHWAY_VARIANTS = {
    "latrine": ("latrine_dry_family", "latrine_dry_communal", "latrine_wet",
                "latrine_sediment_removal"),
    "lagoon": ("lagoon_shallow", "lagoon_deep"),
    "centralised_aerobic": ("centralised_aerobic_well_managed", "centralised_aerobic_overloaded"),
    "untreated_discharge": ("untreated_discharge_sea_river_lake",
                            "untreated_discharge_stagnant_sewer",
                            "untreated_discharge_flowing_sewer"),
}
INCINERATION_TECHNOLOGIES = ("continuous_stoker", "continuous_fluidised_bed",
                             "semi_continuous_stoker", "semi_continuous_fluidised_bed",
                             "batch_stoker", "batch_fluidised_bed")
EDITIONS = ("2006", "2019")

_ALIASES = {
    "septic_system": "septic_tank", "septic": "septic_tank",
    "other_inert": "inert", "other": "inert",
    "centralized_aerobic_well_managed": "centralised_aerobic_well_managed",
    "centralized_aerobic_overloaded": "centralised_aerobic_overloaded",
    "centralized_aerobic": "centralised_aerobic",
    "uncategorized": "uncategorised",
    "continuous_fluidized_bed": "continuous_fluidised_bed",
    "semi_continuous_fluidized_bed": "semi_continuous_fluidised_bed",
    "batch_fluidized_bed": "batch_fluidised_bed",
}


# --------------------------------------------------------------------------------------
# Errors
# --------------------------------------------------------------------------------------
class WasteInputError(InputError):
    """Waste or wastewater input that cannot be used."""


class UnknownMethodError(WasteInputError):
    """An unknown site type, pathway, technology, component or climate zone."""


class CompositionError(WasteInputError):
    """Component fractions that do not sum to 1."""


class DisposalYearError(WasteInputError):
    """A disposal history that cannot be used (year after the inventory year, duplicates)."""


class RecoveryError(WasteInputError):
    """Recovered methane larger than the methane generated or treated."""


def _norm(name) -> str:
    s = str(name).strip().lower().replace("-", "_").replace(" ", "_")
    return _ALIASES.get(s, s)


def _choose(name, allowed, what: str, variants: dict | None = None) -> str:
    """Canonical spelling of *name* among *allowed*, or an error with did-you-mean."""
    s = _norm(name)
    if s in allowed:
        return s
    if variants and s in variants:
        raise UnknownMethodError(
            f"{what} '{name}' needs a variant: its methane correction factor depends on it",
            hint="use one of " + ", ".join(variants[s]))
    pool = list(allowed) + list(variants or ())
    close = difflib.get_close_matches(s, pool, n=1, cutoff=0.6)
    hint = (f"did you mean '{close[0]}'? " if close else "") + "choose one of " + ", ".join(allowed)
    raise UnknownMethodError(f"unknown {what} '{name}'", hint=hint)


def normalise_site_type(name: str) -> str:
    """Canonical SWDS site type (Table 3.1), e.g. ``'Managed anaerobic'`` -> ``managed_anaerobic``.

    Raises
    ------
    UnknownMethodError
        With a did-you-mean hint.
    """
    return _choose(name, SITE_TYPES, "landfill site type")


def normalise_pathway(name: str) -> str:
    """Canonical wastewater pathway (Table 6.3); a bare ``latrine`` or ``lagoon`` asks for its variant.

    Raises
    ------
    UnknownMethodError
        With a did-you-mean hint, or the list of variants.
    """
    return _choose(name, PATHWAYS, "wastewater pathway", PATHWAY_VARIANTS)


def normalise_component(name: str) -> str:
    """Canonical waste component (Table 2.4 names as in ghgkit, ``other_inert`` -> ``inert``)."""
    return _choose(name, WASTE_COMPONENTS, "waste component")


def normalise_climate_zone(name: str) -> str:
    """Canonical IPCC climate zone (``tropical_wet`` ... ``boreal_dry``)."""
    return _choose(name, CLIMATE_ZONES, "climate zone")


def normalise_technology(name: str) -> str:
    """Canonical incineration technology (Table 5.3), e.g. ``continuous_stoker``."""
    return _choose(name, INCINERATION_TECHNOLOGIES, "incineration technology")


def normalise_edition(edition) -> str:
    """``2006`` (default) or ``2019``; anything else is a :class:`~ghgkit.errors.SettingsError`."""
    if edition is None or str(edition).strip() == "":
        return "2006"
    s = str(edition).strip()
    if s.endswith(".0"):
        s = s[:-2]
    if s not in EDITIONS:
        raise SettingsError(f"unknown edition '{edition}'",
                            hint="use 2006 (the IPCC 2006 defaults) or 2019 (the 2019 Refinement's "
                                 "value where it changed one)")
    return s


# --------------------------------------------------------------------------------------
# Input checks
# --------------------------------------------------------------------------------------
def check_composition(fractions, labels=None, tol: float = COMPOSITION_TOL,
                      components=None) -> np.ndarray:
    """Check that waste fractions sum to 1 along the last axis.

    Parameters
    ----------
    fractions : array-like, shape (..., n_components)
        Mass fraction of each component [-].
    labels : sequence of str, optional
        A name for each row (e.g. ``'Waste!B7'``), used in the message.
    tol : float
        Allowed absolute deviation of each row sum from 1.
    components : sequence of str, optional
        Component names, only for the message.

    Returns
    -------
    numpy.ndarray
        The fractions as floats.

    Raises
    ------
    CompositionError
        Naming every row whose fractions do not sum to 1 (or that holds a negative
        or non-finite fraction).
    """
    wf = np.asarray(fractions, dtype=float)
    if wf.ndim == 0:
        raise CompositionError("a composition needs one fraction per component")
    rows = wf.reshape(-1, wf.shape[-1])
    sums = rows.sum(axis=1)
    bad_value = ~np.isfinite(rows).all(axis=1) | (rows < 0).any(axis=1)
    bad_sum = ~(np.abs(sums - 1.0) <= tol)
    bad = np.flatnonzero(bad_value | bad_sum)
    if len(bad):
        names = list(labels) if labels is not None else [f"row {i + 1}" for i in range(len(rows))]
        parts = []
        for i in bad[:10]:
            if bad_value[i]:
                parts.append(f"{names[i]} has a negative or missing fraction")
            else:
                parts.append(f"{names[i]} sums to {sums[i]:.6g}")
        more = f" (and {len(bad) - 10} more)" if len(bad) > 10 else ""
        comp = f" over {', '.join(components)}" if components is not None else ""
        raise CompositionError(
            f"waste composition{comp} must sum to 1 (100 %): " + "; ".join(parts) + more,
            hint="give fractions that add up to 1 (or percentages that add up to 100); put the "
                 "rest under 'inert' if it is not known")
    return wf


def check_disposal_history(years, inventory_year: int, what: str = "disposal history") -> list[str]:
    """Check the years of a disposal history.

    Parameters
    ----------
    years : array-like of int
        Years with a deposit row.
    inventory_year : int
        The inventory year.
    what : str
        What the history is (for the messages), e.g. ``"landfill 'North' food"``.

    Returns
    -------
    list of str
        Warnings: gaps between the first and last year, each saying that the missing
        years were treated as zero deposit.

    Raises
    ------
    DisposalYearError
        For a year after the inventory year, or a year given twice.
    """
    y = np.asarray(years)
    if y.size == 0:
        return [f"{what}: no disposal years given, so no landfill methane is estimated"]
    if not np.all(np.isfinite(y.astype(float))) or np.any(y.astype(float) != np.round(y.astype(float))):
        raise DisposalYearError(f"{what}: every disposal year must be a whole year",
                                hint="write the calendar year, e.g. 2015")
    y = y.astype(int)
    late = np.unique(y[y > inventory_year])
    if late.size:
        raise DisposalYearError(
            f"{what}: disposal year {', '.join(map(str, late))} is after the inventory year "
            f"{inventory_year}",
            hint="remove the row or correct the year; waste not yet disposed of emits nothing "
                 "in the inventory year")
    u, counts = np.unique(y, return_counts=True)
    if (counts > 1).any():
        raise DisposalYearError(f"{what}: year {', '.join(map(str, u[counts > 1]))} given more than once",
                                hint="give one row per year (add the amounts)")
    missing = np.setdiff1d(np.arange(u.min(), u.max() + 1), u)
    if missing.size == 0:
        return []
    return [f"{what}: no deposit given for {_ranges(missing)}; treated as zero deposit "
            f"(give the amounts, or back-cast them, if waste was disposed of in those years)"]


def _ranges(years) -> str:
    ys = sorted(int(v) for v in years)
    out, start, prev = [], ys[0], ys[0]
    for v in ys[1:] + [None]:
        if v is not None and v == prev + 1:
            prev = v
            continue
        out.append(str(start) if start == prev else f"{start}-{prev}")
        if v is not None:
            start = prev = v
    return ", ".join(out)


def _nonneg(name: str, a) -> np.ndarray:
    arr = np.asarray(a, dtype=float)
    if not np.all(np.isfinite(arr)) or np.any(arr < 0):
        raise WasteInputError(f"{name} must be finite numbers >= 0")
    return arr


def _fraction(name: str, a) -> np.ndarray:
    arr = _nonneg(name, a)
    if np.any(arr > 1):
        raise WasteInputError(f"{name} is a fraction and must lie between 0 and 1",
                              hint="write 0.5 for 50 %")
    return arr


# --------------------------------------------------------------------------------------
# Ch. 3 Solid waste disposal: first-order decay
# --------------------------------------------------------------------------------------
def fod_ch4_generated(deposits_t, years, doc, docf, mcf, k, delay_months=6, target_years=None,
                      *, f=0.5):
    """Methane generated in solid waste disposal sites by first-order decay.

    Per series *s* (a site, a waste component at a site, ...), the decomposable
    degradable organic carbon deposited in year *y* is (Eq. 3.2)
    ``DDOCmd = W × DOC × DOCf × MCF``. With the IPCC Waste Model's timing (waste
    arrives mid-year on average and starts to decay ``delay_months`` later), the part
    of it that decomposes during year *T* is::

        DDOCmd × [exp(-k·max(0, T - y - δ)) - exp(-k·max(0, T + 1 - y - δ))],
        δ = 0.5 + delay_months / 12

    which for ``delay_months=6`` (M = 13) is the recursion of Eq. 3.4/3.5 with decay
    starting on 1 January of the year after disposal, and for ``delay_months=0``
    (M = 7) lets half a year of decay happen in the disposal year. CH4 generated is
    the decomposed DDOCm × F × 16/12 (Eq. 3.6).

    Vectorised over series and years: the sum over past deposits is a cumulative sum
    of ``DDOCmd·exp(k·y)`` rescaled by ``exp(-k·T)``, computed in blocks short enough
    that the exponentials cannot overflow.

    Parameters
    ----------
    deposits_t : array-like, shape (n_series, n_years) or (n_years,)
        Waste deposited in each year [t, wet weight unless DOC is on a dry basis].
    years : array-like of int, shape (n_years,)
        Deposit years, strictly increasing; years missing in between are zero deposit
        (see :func:`check_disposal_history` for the warning).
    doc : array-like
        Degradable organic carbon [t C / t waste]; scalar, (n_series,) or
        (n_series, n_years).
    docf : array-like
        Fraction of DOC that decomposes [-]; broadcast like *doc*.
    mcf : array-like
        Methane correction factor of the site [-]; broadcast like *doc*.
    k : array-like
        Methane generation rate constant [1/yr]; scalar or (n_series,).
    delay_months : float, default 6
        Delay between deposit and the start of decay [month] (6 = IPCC default).
    target_years : array-like of int, optional
        Years to return (may be later than the last deposit, to follow the decay);
        default *years*. Years before the first deposit give 0.
    f : array-like, default 0.5
        Fraction of CH4 in generated landfill gas [-]; scalar or (n_series,).

    Returns
    -------
    numpy.ndarray, shape (n_series, n_targets), or (n_targets,) for 1-D deposits
        CH4 generated in each target year [t].

    References
    ----------
    .. [1] IPCC (2006) Guidelines, Vol. 5, Ch. 3, Eq. 3.2, 3.4, 3.5, 3.6 and Annex 3A.1;
       IPCC Waste Model (delay time, month M).
    """
    dep = _nonneg("deposits", deposits_t)
    one_d = dep.ndim == 1
    dep = np.atleast_2d(dep)
    if dep.ndim != 2:
        raise WasteInputError("deposits must be a 2-D array (series × years)")
    n_s, n_y = dep.shape
    yrs = np.asarray(years)
    if yrs.ndim != 1 or len(yrs) != n_y:
        raise WasteInputError(f"years must be a 1-D array of length {n_y} (one per deposit column)")
    yrs = yrs.astype(int)
    if n_y > 1 and np.any(np.diff(yrs) <= 0):
        raise DisposalYearError("deposit years must be strictly increasing (one column per year)")
    targets = yrs if target_years is None else np.atleast_1d(np.asarray(target_years)).astype(int)
    delay = float(delay_months)
    if not math.isfinite(delay) or delay < 0:
        raise WasteInputError("delay_months must be a number of months >= 0")

    def per_series(name, a, fraction=True):
        arr = _fraction(name, a) if fraction else _nonneg(name, a)
        if arr.ndim == 0:
            return arr
        if arr.ndim == 1:
            if arr.shape[0] not in (1, n_s):
                raise WasteInputError(f"{name} has {arr.shape[0]} values for {n_s} series")
            return arr[:, None]
        return np.broadcast_to(arr, (n_s, n_y))

    doc_a, docf_a, mcf_a = per_series("doc", doc), per_series("docf", docf), per_series("mcf", mcf)
    kk = np.broadcast_to(per_series("k", k, fraction=False), (n_s, 1)).astype(float)
    ff = np.broadcast_to(per_series("f", f), (n_s, 1))
    if n_y == 0:
        return np.zeros(len(targets)) if one_d else np.zeros((n_s, len(targets)))

    # per-series factors are folded into one (n_s, 1) column; only per-year DOC/DOCf/MCF
    # need a full-size product
    series_factor = ff * CH4_PER_C
    yearly = dep
    for a in (doc_a, docf_a, mcf_a):
        if a.ndim == 2 and a.shape[1] == n_y and n_y > 1:
            yearly = yearly * a
        else:
            series_factor = series_factor * a
    y0 = int(yrs[0])
    n = int(max(yrs[-1], targets.max(initial=y0)) - y0 + 1)
    if n == n_y:                                   # consecutive years, no extension
        d = yearly
    else:
        d = np.zeros((n_s, n))
        d[:, yrs - y0] = yearly
    ch4 = _fod_decomposed(d, kk, delay, np.broadcast_to(series_factor, (n_s, 1)))

    if len(targets) == n and targets[0] == y0 and np.all(np.diff(targets) == 1):
        out = ch4
    else:
        idx = targets - y0
        ok = (idx >= 0) & (idx < n)
        out = np.zeros((n_s, len(targets)))
        out[:, ok] = ch4[:, idx[ok]]
    return out[0] if one_d else out


def _fod_decomposed(d: np.ndarray, k: np.ndarray, delay_months: float,
                    scale: np.ndarray | float = 1.0) -> np.ndarray:
    """DDOCm decomposed per year (× *scale*) from DDOCm deposited ``d`` (n_s, n), consecutive years.

    Lag L = T - y decomposes ``exp(-k·max(0, L-δ)) - exp(-k·max(0, L+1-δ))`` of a
    deposit. With L* = ceil(δ) the lags L >= L* give ``exp(-k(L-δ))(1-exp(-k))``, the
    lag L*-1 gives ``1 - exp(-k(L*-δ))`` and earlier lags nothing, so
    ``dec_T = g·d[T-L*+1] + (1-e^-k)·e^{-k(L*-δ)}·Q[T-L*]`` with
    ``Q_T = Σ_{y<=T} d_y e^{-k(T-y)}``.
    """
    n_s, n = d.shape
    delta = 0.5 + delay_months / 12.0
    lstar = int(math.ceil(delta - 1e-12))
    # large temporaries are avoided: each fresh array costs page faults comparable to the
    # arithmetic itself, so Q is written straight into its place in the result
    dec = np.empty((n_s, n))
    dec[:, :min(lstar, n)] = 0.0
    if lstar < n:
        tail = dec[:, lstar:]
        _decayed_cumsum(d[:, :n - lstar], k, out=tail)
        tail *= -np.expm1(-k) * np.exp(-k * (lstar - delta)) * scale   # (1 - e^-k) e^{-k(L*-δ)}
    first = lstar - 1
    g = -np.expm1(-k * (lstar - delta))                                   # 1 - e^{-k(L*-δ)}
    if 0 <= first < n and np.any(g != 0):
        dec[:, first:] += (g * scale) * d[:, :n - first]
    return dec


def _decayed_cumsum(d: np.ndarray, k: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
    """``Q_T = Σ_{y<=T} d_y exp(-k (T - y))`` along axis 1, without overflow.

    Within a block of B years, ``Q = exp(-k t)·cumsum(d·exp(k t))`` with t the
    offset in the block; B is chosen so that k·B stays below 600. The carry from
    earlier blocks decays as ``Q_prev·exp(-k (t + 1))``.
    """
    n_s, n = d.shape
    if out is None:
        out = np.empty((n_s, n))
    kmax = float(np.max(k)) if k.size else 0.0
    block = n if kmax * n < 600 else max(1, int(600 // kmax))
    grow_buf = np.empty((n_s, min(n, block)))
    carry = None
    for start in range(0, n, block):
        stop = min(n, start + block)
        t = np.arange(stop - start, dtype=float)
        grow = grow_buf[:, :stop - start]
        np.multiply(k, t, out=grow)
        np.exp(grow, out=grow)
        local = out[:, start:stop]
        np.multiply(d[:, start:stop], grow, out=local)
        np.cumsum(local, axis=1, out=local)
        np.divide(local, grow, out=local)
        if carry is not None:
            local += carry * np.exp(-k * (t + 1.0))
        carry = local[:, -1:].copy()
    return out


def fod_ch4_in_year(deposits_t, deposit_years, target_year, doc, docf, mcf, k, delay_months=6,
                    *, f=0.5):
    """CH4 generated in one target year by each deposit separately (elementwise FOD).

    The same decay as :func:`fod_ch4_generated`, for arrays of single deposits: the
    contribution of waste deposited in year *y* to the CH4 generated in year *T* is
    ``DDOCmd × [exp(-k·max(0, T-y-δ)) - exp(-k·max(0, T+1-y-δ))] × F × 16/12``,
    ``δ = 0.5 + delay_months/12``. Summing the contributions of a site's yearly rows
    gives its CH4 generated in *T* (FOD is linear in the deposits), so each activity
    row of a disposal history can carry its own share of the inventory-year methane.

    Parameters
    ----------
    deposits_t : array-like
        Waste deposited [t].
    deposit_years : array-like of int
        Year of each deposit.
    target_year : int or array-like of int
        Year whose generation is wanted (deposits after it contribute 0).
    doc, docf, mcf, k, f : array-like
        As in :func:`fod_ch4_generated`, broadcast elementwise.
    delay_months : float, default 6
        Delay before decay starts [month].

    Returns
    -------
    numpy.ndarray
        CH4 generated in *target_year* by each deposit [t].

    References
    ----------
    .. [1] IPCC (2006) Guidelines, Vol. 5, Ch. 3, Eq. 3.2, 3.4-3.6; IPCC Waste Model.
    """
    ddocmd = fod_ddocm_deposited(deposits_t, doc, docf, mcf)
    kk = _nonneg("k", k)
    lag = np.asarray(target_year, dtype=float) - np.asarray(deposit_years, dtype=float)
    delta = 0.5 + float(delay_months) / 12.0
    share = (np.exp(-kk * np.clip(lag - delta, 0.0, None))
             - np.exp(-kk * np.clip(lag + 1.0 - delta, 0.0, None)))
    return np.where(lag >= 0, ddocmd * share, 0.0) * _fraction("f", f) * CH4_PER_C


def fod_ddocm_deposited(deposits_t, doc, docf, mcf):
    """Decomposable DOC deposited, ``DDOCmd = W × DOC × DOCf × MCF``.

    Parameters
    ----------
    deposits_t : array-like
        Waste deposited [t].
    doc, docf, mcf : array-like
        DOC [t C/t], fraction decomposing [-], methane correction factor [-].

    Returns
    -------
    numpy.ndarray
        DDOCm deposited [t C].

    References
    ----------
    .. [1] IPCC (2006) Guidelines, Vol. 5, Ch. 3, Eq. 3.2.
    """
    return (_nonneg("deposits", deposits_t) * _fraction("doc", doc) * _fraction("docf", docf)
            * _fraction("mcf", mcf))


def landfill_ch4_emitted(generated_t, recovered_t, ox, *, sum_axis=None, labels=None):
    """Methane emitted from solid waste disposal sites.

    ``CH4 emitted = (Σ_x CH4 generated_x − R) × (1 − OX)``.

    Parameters
    ----------
    generated_t : array-like
        CH4 generated [t], e.g. the output of :func:`fod_ch4_generated`.
    recovered_t : array-like
        CH4 recovered (flared or used) [t]; broadcast against the summed generation.
    ox : array-like
        Oxidation factor [-] (0 default, 0.1 for managed covered sites).
    sum_axis : int, optional
        Axis of *generated_t* holding the waste types *x* to sum first (e.g. 0 for the
        components of one site from :func:`fod_ch4_generated`). Default: no sum.
    labels : sequence of str, optional
        Names of the (flattened) result elements, for the error message.

    Returns
    -------
    numpy.ndarray
        CH4 emitted [t], never negative.

    Raises
    ------
    RecoveryError
        Where the recovery is larger than the methane generated.

    References
    ----------
    .. [1] IPCC (2006) Guidelines, Vol. 5, Ch. 3, Eq. 3.1.
    """
    gen = _nonneg("CH4 generated", generated_t)
    if sum_axis is not None:
        gen = gen.sum(axis=sum_axis)
    rec = _nonneg("recovered CH4", recovered_t)
    oxf = _fraction("OX", ox)
    gen_b, rec_b = np.broadcast_arrays(gen, rec)
    _check_recovery(gen_b, rec_b, "methane generated in the landfill", labels)
    net = np.clip(gen_b - rec_b, 0.0, None)
    return net * (1.0 - oxf)


def _check_recovery(gross, rec, what: str, labels=None):
    over = rec > gross * (1 + _RECOVERY_RTOL) + 1e-12
    if np.any(over):
        flat = np.flatnonzero(over.ravel())
        i = flat[0]
        name = (list(labels)[i] if labels is not None else
                (f"element {np.unravel_index(i, over.shape)}" if over.ndim else "the result"))
        g = float(np.ravel(gross)[i])
        r = float(np.ravel(rec)[i])
        more = f" (and {len(flat) - 1} more)" if len(flat) > 1 else ""
        raise RecoveryError(
            f"recovered CH4 {r:.6g} t is larger than the {what} ({g:.6g} t) at {name}{more}",
            hint="check the recovered amount and its unit (t of CH4, not m3 of landfill gas), "
                 "and that the disposal history is complete")


@dataclass
class Backcast:
    """A disposal history, partly estimated by back-casting.

    Attributes
    ----------
    years : numpy.ndarray of int
        Consecutive years.
    deposits_t : numpy.ndarray
        Waste deposited per year [t].
    backcast : numpy.ndarray of bool
        True where the amount was back-cast (not given).
    notes : list of str
        What was estimated and how, for the report.
    """

    years: np.ndarray
    deposits_t: np.ndarray
    backcast: np.ndarray
    notes: list[str] = field(default_factory=list)


def backcast_deposits(start_year: int, end_year: int, rate_kg_per_person_day, population,
                      fraction_to_swds=1.0, *, growth_rate=None, population_year=None,
                      observed=None) -> Backcast:
    """Estimate past waste deposits from population and a per-capita generation rate.

    ``W_T = P_T × rate × 365 × fraction_to_SWDS`` for every year without an observed
    amount, with ``P_T`` given per year or as one population and a growth rate
    (``P_T = P_ref × (1 + g)^(T − ref)``).

    Parameters
    ----------
    start_year, end_year : int
        First and last year of the history.
    rate_kg_per_person_day : float or array-like
        Waste generated [kg/person/day]; scalar or one per year.
    population : float, array-like or dict
        Population [persons]: one number (with *growth_rate* and *population_year*),
        one per year from *start_year* to *end_year*, or ``{year: population}``
        covering those years.
    fraction_to_swds : float or array-like, default 1
        Fraction of generated waste that goes to solid waste disposal sites [-].
    growth_rate : float, optional
        Yearly population growth rate [-/yr] (0.02 = 2 %), with a single population.
    population_year : int, optional
        Year of the single population; default *end_year*.
    observed : dict, optional
        ``{year: t}`` of known deposits; those years keep their value and are not
        flagged as back-cast.

    Returns
    -------
    Backcast
        Years, deposits [t], the back-cast flag per year and notes saying what was
        estimated.

    References
    ----------
    .. [1] IPCC (2006) Guidelines, Vol. 5, Ch. 3, sect. 3.2.2 (historical waste disposal
       data, population as driver) and Ch. 2, sect. 2.2.1.
    """
    start_year, end_year = int(start_year), int(end_year)
    if end_year < start_year:
        raise DisposalYearError(f"back-cast start year {start_year} is after its end year {end_year}")
    years = np.arange(start_year, end_year + 1)
    n = len(years)
    if isinstance(population, dict):
        missing = [y for y in years if y not in population and int(y) not in population]
        obs_years = set(int(y) for y in (observed or {}))
        missing = [y for y in missing if int(y) not in obs_years]
        if missing:
            raise WasteInputError(f"population missing for {_ranges(missing)}",
                                  hint="give a population for every year to back-cast, or one "
                                       "population with a growth rate")
        pop = np.array([float(population.get(int(y), population.get(y, 0.0))) for y in years])
    else:
        p = np.asarray(population, dtype=float)
        if p.ndim == 0:
            if growth_rate is None:
                raise WasteInputError("one population was given without a growth rate",
                                      hint="give population_growth (e.g. 0.02 for 2 %/yr) or a "
                                           "population per year")
            ref = end_year if population_year is None else int(population_year)
            pop = float(p) * (1.0 + float(growth_rate)) ** (years - ref)
        elif p.shape == (n,):
            pop = p
        else:
            raise WasteInputError(f"population has {p.size} values for {n} years {start_year}-{end_year}")
    pop = _nonneg("population", pop)
    rate = np.broadcast_to(_nonneg("waste generation rate", rate_kg_per_person_day), (n,))
    frac = np.broadcast_to(_fraction("fraction to SWDS", fraction_to_swds), (n,))
    est = pop * rate * DAYS_PER_YEAR * _KG_TO_T * frac
    flags = np.ones(n, dtype=bool)
    deposits = est.copy()
    for y, v in (observed or {}).items():
        i = int(y) - start_year
        if 0 <= i < n:
            deposits[i] = float(v)
            flags[i] = False
    notes = []
    if flags.any():
        rate_txt = (f"{float(rate[0]):g} kg/person/day" if np.all(rate == rate[0])
                    else "the given kg/person/day per year")
        pop_txt = ("population grown at " + f"{float(growth_rate):.4g}/yr from {population_year or end_year}"
                   if np.asarray(population, dtype=object).ndim == 0 and not isinstance(population, dict)
                   else "the given population per year")
        notes.append(f"disposal for {_ranges(years[flags])} was back-cast (IPCC 2006 Vol. 5 "
                     f"sect. 3.2.2) from {pop_txt} × {rate_txt} × 365 × fraction to SWDS; "
                     "it is an estimate, not data")
    return Backcast(years, deposits, flags, notes)


# --------------------------------------------------------------------------------------
# Ch. 4 Biological treatment
# --------------------------------------------------------------------------------------
def biological_treatment(mass_t, ef_ch4_g_per_kg, ef_n2o_g_per_kg, recovered_ch4_t=0.0,
                         *, labels=None):
    """CH4 and N2O from composting or anaerobic digestion.

    ``CH4 = Σ(M × EF) × 10⁻³ − R`` and ``N2O = Σ(M × EF) × 10⁻³``, with M and EF on the
    same basis (wet or dry weight).

    Parameters
    ----------
    mass_t : array-like
        Organic waste treated [t], wet or dry weight.
    ef_ch4_g_per_kg : array-like
        CH4 emission factor [g CH4/kg waste] on the basis of *mass_t*.
    ef_n2o_g_per_kg : array-like
        N2O emission factor [g N2O/kg waste] on the basis of *mass_t*.
    recovered_ch4_t : array-like, default 0
        CH4 recovered (flared or used) at anaerobic digesters [t].
    labels : sequence of str, optional
        Names of the elements, for the error message.

    Returns
    -------
    tuple of numpy.ndarray
        ``(ch4_t, n2o_t)`` [t].

    Raises
    ------
    RecoveryError
        Where the recovery is larger than the CH4 generated.

    References
    ----------
    .. [1] IPCC (2006) Guidelines, Vol. 5, Ch. 4, Eq. 4.1, 4.2 and Table 4.1.
    """
    m = _nonneg("mass treated", mass_t)
    gross = m * _nonneg("CH4 emission factor", ef_ch4_g_per_kg) * _G_PER_KG
    n2o = m * _nonneg("N2O emission factor", ef_n2o_g_per_kg) * _G_PER_KG
    rec = _nonneg("recovered CH4", recovered_ch4_t)
    gross_b, rec_b = np.broadcast_arrays(gross, rec)
    _check_recovery(gross_b, rec_b, "CH4 generated by the treatment", labels)
    return np.clip(gross_b - rec_b, 0.0, None), n2o


# --------------------------------------------------------------------------------------
# Ch. 5 Incineration and open burning
# --------------------------------------------------------------------------------------
def incineration_co2(waste_t, dry_matter, carbon_fraction, fossil_carbon_fraction,
                     oxidation_factor):
    """Fossil CO2 (and the biogenic memo) from incinerating or open-burning waste types.

    ``CO2 = Σ_i SW_i × dm_i × CF_i × FCF_i × OF_i × 44/12``; the biogenic memo uses
    ``(1 − FCF_i)`` instead of ``FCF_i``. Not summed: one value per element.

    Parameters
    ----------
    waste_t : array-like
        Waste of each type burnt [t, wet weight].
    dry_matter : array-like
        Dry matter content [t dry/t wet].
    carbon_fraction : array-like
        Total carbon in dry matter [t C/t dry].
    fossil_carbon_fraction : array-like
        Fossil share of the total carbon [-].
    oxidation_factor : array-like
        Fraction of carbon oxidised [-] (1 incineration, 0.58 open burning).

    Returns
    -------
    tuple of numpy.ndarray
        ``(co2_fossil_t, co2_biogenic_t)`` [t].

    References
    ----------
    .. [1] IPCC (2006) Guidelines, Vol. 5, Ch. 5, Eq. 5.1; Ch. 2 Table 2.4; Ch. 5 Table 5.2.
    """
    c_ox = (_nonneg("waste", waste_t) * _fraction("dry matter", dry_matter)
            * _fraction("carbon fraction", carbon_fraction) * _fraction("oxidation factor", oxidation_factor))
    fcf = _fraction("fossil carbon fraction", fossil_carbon_fraction)
    return c_ox * fcf * CO2_PER_C, c_ox * (1.0 - fcf) * CO2_PER_C


def incineration_co2_msw(msw_t, fractions, dry_matter, carbon_fraction, fossil_carbon_fraction,
                         oxidation_factor, *, labels=None, components=None):
    """Fossil CO2 (and the biogenic memo) from MSW of known composition.

    ``CO2 = MSW × Σ_j (WF_j × dm_j × CF_j × FCF_j × OF_j) × 44/12``.

    Parameters
    ----------
    msw_t : array-like, shape (...)
        MSW incinerated or open-burned [t, wet weight].
    fractions : array-like, shape (..., n_components)
        Component fractions WF_j of the wet waste [-]; each row must sum to 1.
    dry_matter, carbon_fraction, fossil_carbon_fraction : array-like, shape (n_components,)
        Per component: dm [t dry/t wet], CF [t C/t dry], FCF [-].
    oxidation_factor : array-like
        OF [-], scalar or per component.
    labels : sequence of str, optional
        Row names for the composition error.
    components : sequence of str, optional
        Component names for the composition error.

    Returns
    -------
    tuple of numpy.ndarray, shape (...)
        ``(co2_fossil_t, co2_biogenic_t)`` [t].

    Raises
    ------
    CompositionError
        When a row of fractions does not sum to 1.

    References
    ----------
    .. [1] IPCC (2006) Guidelines, Vol. 5, Ch. 5, Eq. 5.2; Ch. 2 Table 2.4; Ch. 5 Table 5.2.
    """
    wf = check_composition(fractions, labels=labels, components=components)
    c = (wf * _fraction("dry matter", dry_matter) * _fraction("carbon fraction", carbon_fraction)
         * _fraction("oxidation factor", oxidation_factor))
    fcf = _fraction("fossil carbon fraction", fossil_carbon_fraction)
    msw = _nonneg("MSW", msw_t)
    fossil = msw * (c * fcf).sum(axis=-1) * CO2_PER_C
    biogenic = msw * (c * (1.0 - fcf)).sum(axis=-1) * CO2_PER_C
    return fossil, biogenic


def incineration_ch4(waste_t, ef_kg_per_gg):
    """CH4 from incineration (or open burning) of waste.

    ``CH4 = Σ(IW × EF) × 10⁻⁶`` with IW in Gg and EF in kg/Gg; here in tonnes.

    Parameters
    ----------
    waste_t : array-like
        Waste incinerated [t, wet weight].
    ef_kg_per_gg : array-like
        CH4 emission factor [kg CH4/Gg waste, wet] (= g/t; Table 5.3; open burning 6500).

    Returns
    -------
    numpy.ndarray
        CH4 [t].

    References
    ----------
    .. [1] IPCC (2006) Guidelines, Vol. 5, Ch. 5, Eq. 5.4 and Table 5.3.
    """
    return _nonneg("waste", waste_t) * _nonneg("CH4 emission factor", ef_kg_per_gg) * _KG_PER_GG


def incineration_n2o(waste_t, ef_g_per_t):
    """N2O from incineration (or open burning) of waste.

    ``N2O = Σ(IW × EF) × 10⁻⁶`` with EF in g N2O per t of waste on the basis the
    factor states (wet for incinerators, dry for open burning).

    Parameters
    ----------
    waste_t : array-like
        Waste burnt [t], on the basis of the factor.
    ef_g_per_t : array-like
        N2O emission factor [g N2O/t waste] (Table 5.6).

    Returns
    -------
    numpy.ndarray
        N2O [t].

    References
    ----------
    .. [1] IPCC (2006) Guidelines, Vol. 5, Ch. 5, Eq. 5.5 and Table 5.6.
    """
    return _nonneg("waste", waste_t) * _nonneg("N2O emission factor", ef_g_per_t) * _G_PER_T


def open_burning_waste(population, fraction_burning, msw_kg_per_person_day, fraction_burnt):
    """Total amount of MSW open-burned.

    ``MSW_B = P × P_frac × MSW_P × B_frac × 365`` (Eq. 5.7 gives Gg with 10⁻⁶; here t).

    Parameters
    ----------
    population : array-like
        Population [persons].
    fraction_burning : array-like
        Fraction of the population burning waste (P_frac) [-].
    msw_kg_per_person_day : array-like
        Per-capita waste generation (MSW_P) [kg/person/day].
    fraction_burnt : array-like
        Fraction of that waste which is burnt (B_frac) [-].

    Returns
    -------
    numpy.ndarray
        MSW open-burned [t/yr, wet weight]; its CO2 follows from
        :func:`incineration_co2_msw` with the open-burning oxidation factor.

    References
    ----------
    .. [1] IPCC (2006) Guidelines, Vol. 5, Ch. 5, Eq. 5.7.
    """
    return (_nonneg("population", population) * _fraction("P_frac", fraction_burning)
            * _nonneg("MSW per person", msw_kg_per_person_day) * _fraction("B_frac", fraction_burnt)
            * DAYS_PER_YEAR * _KG_TO_T)


# --------------------------------------------------------------------------------------
# Ch. 6 Wastewater
# --------------------------------------------------------------------------------------
def domestic_tow(population, bod_g_per_person_day, i_factor=1.0):
    """Total organics in domestic wastewater.

    ``TOW = P × BOD × 0.001 × I × 365`` (kg BOD/yr in the guideline; here t BOD/yr).

    Parameters
    ----------
    population : array-like
        Population [persons].
    bod_g_per_person_day : array-like
        Per-capita BOD [g/person/day] (Table 6.4).
    i_factor : array-like, default 1
        Correction for industrial BOD co-discharged into sewers [-] (1.25 collected,
        1.00 uncollected).

    Returns
    -------
    numpy.ndarray
        TOW [t BOD/yr].

    References
    ----------
    .. [1] IPCC (2006) Guidelines, Vol. 5, Ch. 6, Eq. 6.3 and Table 6.4.
    """
    return (_nonneg("population", population) * _nonneg("BOD per person", bod_g_per_person_day)
            * _G_TO_T * DAYS_PER_YEAR * _nonneg("I", i_factor))


def domestic_wastewater_ch4(population, bod_g_per_person_day, shares, mcf, bo, i_factor=1.0,
                            sludge_removed_t=0.0, recovered_t=0.0, *, labels=None, pathways=None):
    """CH4 from domestic wastewater treatment and discharge.

    ``CH4 = [Σ_{i,j} U_i T_ij EF_j] (TOW − S) − R`` with ``EF_j = Bo × MCF_j`` and
    ``TOW = P × BOD × 0.001 × I × 365``. Each pathway share carries its own I
    (collected 1.25, uncollected 1.00), so the organics of pathway j are
    ``U_i T_ij × TOW_j``; the sludge S removes organics from every pathway in
    proportion (with one I for all pathways this is exactly Eq. 6.1).

    Parameters
    ----------
    population : array-like, shape (...)
        Population [persons].
    bod_g_per_person_day : array-like, shape (...)
        Per-capita BOD [g/person/day].
    shares : array-like, shape (..., n_pathways)
        ``U_i × T_ij``: fraction of the population per (income group, pathway) [-];
        each row must sum to 1.
    mcf : array-like, shape (n_pathways,) or (..., n_pathways)
        Methane correction factor of each pathway [-] (Table 6.3).
    bo : float
        Maximum CH4 producing capacity [kg CH4/kg BOD] (0.6).
    i_factor : array-like, default 1
        I per pathway (or one for all) [-].
    sludge_removed_t : array-like, default 0
        Organics removed as sludge, S [t BOD/yr].
    recovered_t : array-like, default 0
        CH4 recovered, R [t/yr].
    labels, pathways : sequence of str, optional
        Row and pathway names for error messages.

    Returns
    -------
    numpy.ndarray, shape (...)
        CH4 [t/yr].

    Raises
    ------
    CompositionError
        When the shares of a row do not sum to 1.
    RecoveryError
        When S exceeds TOW or R exceeds the CH4 generated.

    References
    ----------
    .. [1] IPCC (2006) Guidelines, Vol. 5, Ch. 6, Eq. 6.1, 6.2, 6.3; Tables 6.2, 6.3, 6.4.
    """
    ut = check_composition(shares, labels=labels, components=pathways)
    mcf_a = _fraction("MCF", mcf)
    i_a = _nonneg("I", i_factor)
    tow_unit = domestic_tow(population, bod_g_per_person_day)          # TOW with I = 1
    tow_j = np.asarray(tow_unit)[..., None] * ut * i_a                   # per pathway
    tow = tow_j.sum(axis=-1)
    s = _nonneg("sludge removed", sludge_removed_t)
    tow_b, s_b = np.broadcast_arrays(tow, s)
    if np.any(s_b > tow_b * (1 + _RECOVERY_RTOL) + 1e-12):
        raise RecoveryError("organics removed as sludge (S) exceed the total organics in the "
                            "wastewater (TOW)", hint="S and TOW are both t BOD per year")
    keep = np.where(tow_b > 0, 1.0 - np.divide(s_b, tow_b, out=np.zeros_like(tow_b), where=tow_b > 0), 0.0)
    gross = (tow_j * mcf_a).sum(axis=-1) * _nonneg("Bo", bo) * keep
    rec = _nonneg("recovered CH4", recovered_t)
    gross_b, rec_b = np.broadcast_arrays(gross, rec)
    _check_recovery(gross_b, rec_b, "CH4 generated from the wastewater", labels)
    return np.clip(gross_b - rec_b, 0.0, None)


def effluent_nitrogen(population, protein_kg_per_person_yr, fnpr, f_non_con, f_ind_com,
                      n_sludge_t=0.0):
    """Nitrogen in the effluent of domestic wastewater.

    ``N_EFFLUENT = (P × Protein × F_NPR × F_NON-CON × F_IND-COM) − N_SLUDGE``.

    Parameters
    ----------
    population : array-like
        Population [persons].
    protein_kg_per_person_yr : array-like
        Annual per-capita protein consumption [kg/person/yr] (country data, e.g. FAO).
    fnpr : array-like
        Nitrogen in protein [kg N/kg protein] (0.16).
    f_non_con : array-like
        Non-consumed protein added to the wastewater [-] (1.1, or 1.4 with garbage disposals).
    f_ind_com : array-like
        Industrial and commercial co-discharged protein [-] (1.25).
    n_sludge_t : array-like, default 0
        Nitrogen removed with sludge [t N/yr].

    Returns
    -------
    numpy.ndarray
        N in effluent [t N/yr].

    Raises
    ------
    RecoveryError
        When the sludge nitrogen exceeds the nitrogen in the wastewater.

    References
    ----------
    .. [1] IPCC (2006) Guidelines, Vol. 5, Ch. 6, Eq. 6.8 and Table 6.11.
    """
    n_total = (_nonneg("population", population) * _nonneg("protein", protein_kg_per_person_yr)
               * _nonneg("F_NPR", fnpr) * _nonneg("F_NON-CON", f_non_con)
               * _nonneg("F_IND-COM", f_ind_com) * _KG_TO_T)
    ns = _nonneg("N in sludge", n_sludge_t)
    n_b, s_b = np.broadcast_arrays(n_total, ns)
    if np.any(s_b > n_b * (1 + _RECOVERY_RTOL) + 1e-12):
        raise RecoveryError("nitrogen removed with sludge exceeds the nitrogen in the wastewater",
                            hint="N_sludge and the result are both t N per year")
    return np.clip(n_b - s_b, 0.0, None)


def effluent_n2o(n_effluent_t, ef_effluent):
    """N2O from wastewater effluent.

    ``N2O = N_EFFLUENT × EF_EFFLUENT × 44/28``.

    Parameters
    ----------
    n_effluent_t : array-like
        Nitrogen in the effluent discharged [t N/yr] (:func:`effluent_nitrogen`).
    ef_effluent : array-like
        Emission factor [kg N2O-N/kg N] (0.005).

    Returns
    -------
    numpy.ndarray
        N2O [t/yr].

    References
    ----------
    .. [1] IPCC (2006) Guidelines, Vol. 5, Ch. 6, Eq. 6.7 and Table 6.11.
    """
    return _nonneg("N in effluent", n_effluent_t) * _nonneg("EF effluent", ef_effluent) * N2O_PER_N2


def industrial_tow(production_t, wastewater_m3_per_t, cod_kg_per_m3):
    """Organically degradable material in industrial wastewater.

    ``TOW_i = P_i × W_i × COD_i`` (kg COD/yr in the guideline; here t COD/yr).

    Parameters
    ----------
    production_t : array-like
        Industrial product output [t/yr].
    wastewater_m3_per_t : array-like
        Wastewater generated [m³/t product].
    cod_kg_per_m3 : array-like
        Chemical oxygen demand [kg COD/m³].

    Returns
    -------
    numpy.ndarray
        TOW [t COD/yr].

    References
    ----------
    .. [1] IPCC (2006) Guidelines, Vol. 5, Ch. 6, Eq. 6.6.
    """
    return (_nonneg("production", production_t) * _nonneg("wastewater per product", wastewater_m3_per_t)
            * _nonneg("COD", cod_kg_per_m3) * _KG_TO_T)


def industrial_wastewater_ch4(tow_t, mcf, bo, sludge_removed_t=0.0, recovered_t=0.0, *, labels=None):
    """CH4 from industrial wastewater.

    ``CH4 = Σ_i [(TOW_i − S_i) EF_i − R_i]`` with ``EF = Bo × MCF``.

    Parameters
    ----------
    tow_t : array-like
        Organics in the wastewater [t COD/yr] (:func:`industrial_tow`).
    mcf : array-like
        Methane correction factor of the treatment [-].
    bo : array-like
        Maximum CH4 producing capacity [kg CH4/kg COD] (0.25).
    sludge_removed_t : array-like, default 0
        Organics removed as sludge, S [t COD/yr].
    recovered_t : array-like, default 0
        CH4 recovered, R [t/yr].
    labels : sequence of str, optional
        Names of the elements, for error messages.

    Returns
    -------
    numpy.ndarray
        CH4 [t/yr] per element (sum them for Σ_i).

    References
    ----------
    .. [1] IPCC (2006) Guidelines, Vol. 5, Ch. 6, Eq. 6.4, 6.5 and Table 6.8.
    """
    tow = _nonneg("TOW", tow_t)
    s = _nonneg("sludge removed", sludge_removed_t)
    tow_b, s_b = np.broadcast_arrays(tow, s)
    if np.any(s_b > tow_b * (1 + _RECOVERY_RTOL) + 1e-12):
        raise RecoveryError("organics removed as sludge (S) exceed the organics in the "
                            "wastewater (TOW)", hint="S and TOW are both t COD per year")
    gross = np.clip(tow_b - s_b, 0.0, None) * _nonneg("Bo", bo) * _fraction("MCF", mcf)
    rec = _nonneg("recovered CH4", recovered_t)
    gross_b, rec_b = np.broadcast_arrays(gross, rec)
    _check_recovery(gross_b, rec_b, "CH4 generated from the industrial wastewater", labels)
    return np.clip(gross_b - rec_b, 0.0, None)


# --------------------------------------------------------------------------------------
# Default parameters with provenance
# --------------------------------------------------------------------------------------
PARAMETER_COLUMNS = ["param_id", "parameter", "key", "climate_zone", "value", "unit", "edition",
                     "region", "source", "source_ref", "notes"]


@dataclass(frozen=True)
class ParameterValue:
    """One default parameter with its provenance.

    Attributes
    ----------
    value : float
        The value, in *unit*.
    unit : str
        Its unit as printed (``1`` for a plain fraction).
    param_id, parameter, key, climate_zone, region, edition : str
        Which row of ``waste_parameters.csv``.
    source : str
        Source key; *source_text* is the full citation.
    source_ref : str
        Table or section.
    notes : str
        What the value is.
    """

    value: float
    unit: str
    param_id: str
    parameter: str
    key: str
    climate_zone: str
    region: str
    edition: str
    source: str
    source_text: str
    source_ref: str
    notes: str

    def provenance(self) -> str:
        """One line for reports: ``'IPCC 2006 ... Vol. 5 Ch. 3 Table 3.1 (mcf_swds_managed_anaerobic)'``."""
        return f"{self.source_text}, {self.source_ref} ({self.param_id}, edition {self.edition})"


def _read_parameter_file(path: Path) -> tuple[pd.DataFrame, dict[str, str]]:
    from ghgkit.factors import read_table  # the shared '# source KEY: text' reader

    rows, sources, header = read_table(path)
    missing = [c for c in PARAMETER_COLUMNS if c not in header]
    if missing:
        raise FactorError(f"parameter table lacks column(s) {', '.join(missing)}",
                          location=Location(file=str(path)),
                          hint="columns: " + ",".join(PARAMETER_COLUMNS))
    problems: list[str] = []
    seen: set[str] = set()
    records = []
    for line, raw in rows:
        rec = {c: (raw.get(c) or "").strip() for c in PARAMETER_COLUMNS}
        msgs = []
        for req in ("param_id", "parameter", "key", "value", "unit", "edition", "source", "source_ref"):
            if not rec[req]:
                msgs.append(f"{req} is missing")
        try:
            v = float(rec["value"])
            if not math.isfinite(v) or v < 0:
                msgs.append(f"value must be a number >= 0, got {rec['value']}")
        except ValueError:
            v = float("nan")
            msgs.append(f"value '{rec['value']}' is not a number")
        if rec["edition"] and rec["edition"] not in EDITIONS:
            msgs.append(f"edition must be one of {', '.join(EDITIONS)}")
        if rec["climate_zone"] and rec["climate_zone"] not in CLIMATE_ZONES:
            msgs.append(f"climate_zone '{rec['climate_zone']}' unknown")
        if rec["source"] and rec["source"] not in sources:
            msgs.append(f"source '{rec['source']}' has no '# source {rec['source']}: ...' header line")
        if rec["unit"]:
            try:
                parse_unit(rec["unit"])
            except Exception as e:  # a GhgkitError with the reason
                msgs.append(f"unit '{rec['unit']}': {getattr(e, 'message', e)}")
        if rec["param_id"] in seen:
            msgs.append(f"param_id '{rec['param_id']}' is duplicated")
        seen.add(rec["param_id"])
        if msgs:
            problems.append(f"line {line}: " + "; ".join(msgs))
        rec["value"] = v
        rec["region"] = rec["region"] or "default"
        records.append(rec)
    if problems:
        raise FactorError(f"{len(problems)} bad row(s): " + " | ".join(problems[:20]),
                          location=Location(file=str(path)))
    df = pd.DataFrame(records, columns=PARAMETER_COLUMNS)
    df["source_text"] = df["source"].map(sources)
    dup = df.duplicated(["parameter", "key", "climate_zone", "region", "edition"], keep=False)
    if dup.any():
        raise FactorError("two rows for the same parameter, key, climate zone, region and edition: "
                          + ", ".join(df.loc[dup, "param_id"]), location=Location(file=str(path)))
    return df, sources


@lru_cache(maxsize=8)
def load_parameters(path: str | None = None) -> pd.DataFrame:
    """The waste parameter table (validated, loaded once per path).

    Parameters
    ----------
    path : str, optional
        A parameter file with the same columns; default the one shipped with ghgkit
        (``emission_factors/waste_parameters.csv``).

    Returns
    -------
    pandas.DataFrame
        Columns of the file plus ``source_text`` (the full citation).

    Raises
    ------
    FactorError
        Naming every bad line (missing source, unparsable unit, duplicate id ...).
    """
    p = Path(path) if path else data_path("waste_parameters.csv")
    df, _ = _read_parameter_file(p)
    return df


def parameter(name: str, key: str = "default", climate_zone: str | None = None,
              edition="2006", region: str = "default", *, table: pd.DataFrame | None = None
              ) -> ParameterValue:
    """One default parameter with its provenance.

    Parameters
    ----------
    name : str
        Parameter name, e.g. ``mcf_swds``, ``doc_wet``, ``k``, ``ef_bio_n2o``, ``bo``.
    key : str
        Component, site type, technology or pathway (``default`` where there is one value).
    climate_zone : str, optional
        Needed for ``k``.
    edition : str or int
        ``2006`` (default) or ``2019``: the 2019 row where one exists, else the 2006 row.
    region : str
        ``default`` or a region / ISO3 code (for ``bod_per_capita``).
    table : pandas.DataFrame, optional
        A table from :func:`load_parameters` (default: the shipped one).

    Returns
    -------
    ParameterValue
        Value, unit and provenance.

    Raises
    ------
    UnknownMethodError
        When no row fits, with a did-you-mean hint over the keys that exist.
    """
    if table is None:                   # the shipped table: one look-up per distinct call
        return _default_parameter(name, key, climate_zone, edition, region)
    ed = normalise_edition(edition)
    df = table
    sub = df[df["parameter"] == name]
    if sub.empty:
        close = difflib.get_close_matches(name, sorted(set(df["parameter"])), n=1)
        raise UnknownMethodError(f"no waste parameter '{name}'",
                                 hint=f"did you mean '{close[0]}'?" if close else
                                 "see emission_factors/waste_parameters.csv")
    k = _ALIASES.get(str(key), str(key))
    allowed = ("2006", "2019") if ed == "2019" else ("2006",)
    sub = sub[sub["edition"].isin(allowed)]
    # the key's own row first; a parameter with one general value (key 'default', such as
    # DOCf in 2006 or OX) falls back to it
    hit = sub[sub["key"] == k]
    if hit.empty and k != "default":
        hit = sub[sub["key"] == "default"]
    if hit.empty:
        keys = sorted(set(sub["key"]))
        close = difflib.get_close_matches(k, keys, n=1, cutoff=0.6)
        raise UnknownMethodError(
            f"no default {name} for '{key}'",
            hint=(f"did you mean '{close[0]}'? " if close else "") + "defaults exist for "
                 + ", ".join(keys) + f"; otherwise give {name} as a setting")
    if climate_zone is not None or hit["climate_zone"].astype(bool).any():
        if climate_zone is None:
            raise SettingsError(f"{name} for '{key}' depends on the climate zone",
                                hint="set climate_zone to one of " + ", ".join(CLIMATE_ZONES))
        cz = normalise_climate_zone(climate_zone)
        hit = hit[hit["climate_zone"].isin([cz, ""])]
        if hit.empty:
            raise UnknownMethodError(f"no default {name} for '{key}' in climate zone {cz}",
                                     hint=f"give {name} as a setting")
    reg = hit[hit["region"] == region]
    if reg.empty:
        regions = sorted(set(hit["region"]))
        raise UnknownMethodError(f"no default {name} for region '{region}'",
                                 hint="defaults exist for " + ", ".join(regions)
                                      + f"; otherwise give {name} as a setting")
    # the newest allowed edition wins (2019 only when asked for)
    pick = reg.sort_values("edition", kind="stable").iloc[[-1]]
    r = pick.iloc[0]
    return ParameterValue(float(r["value"]), r["unit"], r["param_id"], r["parameter"], r["key"],
                          r["climate_zone"], r["region"], r["edition"], r["source"],
                          r["source_text"], r["source_ref"], r["notes"])


@lru_cache(maxsize=4096)
def _default_parameter(name, key, climate_zone, edition, region) -> ParameterValue:
    """:func:`parameter` on the shipped table, cached (the table is loaded once and never changes)."""
    return parameter(name, key, climate_zone, edition, region, table=load_parameters())


def parameter_values(name: str, keys, climate_zone: str | None = None, edition="2006",
                     region: str = "default", *, table: pd.DataFrame | None = None
                     ) -> tuple[np.ndarray, list[ParameterValue]]:
    """Several keys of one parameter at once (e.g. DOC for each component).

    Returns
    -------
    tuple
        ``(values, provenance)``: a float array in the order of *keys* and the
        :class:`ParameterValue` of each.
    """
    pv = [parameter(name, k, climate_zone, edition, region, table=table) for k in keys]
    return np.array([p.value for p in pv], dtype=float), pv
