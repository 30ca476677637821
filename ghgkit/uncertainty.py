"""Uncertainty of an inventory: IPCC (2006) Vol. 1 Ch. 3, as plain functions on arrays.

Approach 1 (error propagation, Sect. 3.2.3.1) and Approach 2 (Monte Carlo,
Sect. 3.2.3.2). Every uncertainty here is the half-width of the 95 % confidence
interval as a percentage of the central value [%], as the Guidelines print them.

The functions know nothing of inventories: :mod:`ghgkit.uncertainty_inventory`
builds their inputs from an :class:`~ghgkit.inventory.Inventory`.

Conventions (the choices are ours where the Guidelines leave one open)
----------------------------------------------------------------------
* An asymmetric range ``low .. high`` around a value becomes one ± percentage,
  the **larger** of the two halves (:func:`range_to_pct`): Approach 1 needs one
  number, and the larger half never understates the uncertainty.
* Monte Carlo draws each uncertain input as a multiplier with mean 1 and standard
  deviation ``U / 196`` (``U`` in %, 1.96 standard deviations per 95 % half-width):
  a normal distribution when the input is symmetric and ``U <= 60 %`` (standard
  deviation at most 0.3 of the mean, the range in which the Guidelines consider
  error propagation sound), otherwise a lognormal with the same mean and standard
  deviation, which stays positive and is skewed to the right as the wide IPCC
  ranges of CH4 and N2O factors are. Matching the moments keeps the Monte Carlo
  mean and variance comparable with Approach 1.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

#: a standard deviation above 0.3 of the mean: the Monte Carlo draws a lognormal
NORMAL_LIMIT_PCT = 60.0
Z95 = 1.959963984540054


def range_to_pct(value, low, high):
    """One ± uncertainty [%] from a value and its 95 % range: the larger half.

    Parameters
    ----------
    value : array-like
        Central value (any unit).
    low, high : array-like
        Lower and upper limit of the 95 % confidence interval (same unit); NaN
        where the source gives no range.

    Returns
    -------
    numpy.ndarray
        ``max(value - low, high - value) / |value| × 100`` [%]; NaN where either
        limit is missing or the value is zero.

    Notes
    -----
    Approach 1 (IPCC 2006 Vol. 1 Ch. 3, Eq. 3.1 and 3.2) takes one symmetric
    percentage per input. Of an asymmetric range we take the larger half, so the
    result is conservative; :func:`is_asymmetric` tells the Monte Carlo which
    inputs to draw from a skewed distribution.
    """
    value, low, high = (np.asarray(v, dtype=float) for v in (value, low, high))
    with np.errstate(divide="ignore", invalid="ignore"):
        half = np.maximum(value - low, high - value)
        out = half / np.abs(value) * 100.0
    return np.where((value == 0) | np.isnan(low) | np.isnan(high), np.nan, out)


def is_asymmetric(value, low, high, rtol: float = 0.01):
    """True where the two halves of a range differ by more than *rtol* of the value."""
    value, low, high = (np.asarray(v, dtype=float) for v in (value, low, high))
    with np.errstate(invalid="ignore"):
        return np.abs((high - value) - (value - low)) > rtol * np.abs(value)


def product_uncertainty(*u_pct):
    """Uncertainty of a product of uncertain quantities (IPCC 2006 Vol. 1 Ch. 3, Eq. 3.1).

    ``U_total = sqrt(U_1² + U_2² + … + U_n²)``

    Parameters
    ----------
    *u_pct : array-like
        Percentage uncertainty of each factor of the product [%], broadcast
        against each other. A NaN (unknown) gives NaN: nothing is taken as 0 %.

    Returns
    -------
    numpy.ndarray
        Percentage uncertainty of the product [%].
    """
    if not u_pct:
        raise ValueError("product_uncertainty needs at least one uncertainty")
    return np.sqrt(sum(np.square(np.asarray(u, dtype=float)) for u in u_pct))


def sum_uncertainty(u_pct, x):
    """Uncertainty of a sum of uncertain quantities (IPCC 2006 Vol. 1 Ch. 3, Eq. 3.2).

    ``U_total = sqrt((U_1·x_1)² + … + (U_n·x_n)²) / |x_1 + … + x_n|``

    Parameters
    ----------
    u_pct : array-like
        Percentage uncertainty of each term [%].
    x : array-like
        The terms (e.g. emissions [t CO2e]).

    Returns
    -------
    float
        Percentage uncertainty of the sum [%]; NaN when any term with a non-zero
        value has an unknown uncertainty, or when the sum is zero.
    """
    u, x = np.asarray(u_pct, dtype=float), np.asarray(x, dtype=float)
    terms = u * x
    terms = np.where(x == 0, 0.0, terms)
    total = abs(float(np.sum(x)))
    if total == 0:
        return float("nan")
    return float(np.sqrt(np.sum(terms ** 2)) / total)


def type_a_sensitivity(base, year):
    """Type A sensitivity of the trend to each category [%/%] (IPCC 2006 Vol. 1 Ch. 3, Table 3.2 col. I).

    The change of the trend (in percentage points) when the emissions of one
    category rise by 1 % in both the base year and year *t*:

    ``I_x = ((0.01·D_x + ΣD − (0.01·C_x + ΣC)) / (0.01·C_x + ΣC) − (ΣD − ΣC) / ΣC) × 100``

    Parameters
    ----------
    base : array-like
        Emissions of each category in the base year, ``C`` [t CO2e].
    year : array-like
        Emissions of each category in year *t*, ``D`` [t CO2e].

    Returns
    -------
    numpy.ndarray
        Type A sensitivity [percentage points of trend per % of emissions].
    """
    c, d = np.asarray(base, dtype=float), np.asarray(year, dtype=float)
    sc, sd = c.sum(), d.sum()
    return ((0.01 * d + sd - (0.01 * c + sc)) / (0.01 * c + sc) - (sd - sc) / sc) * 100.0


def type_b_sensitivity(base, year):
    """Type B sensitivity of the trend to each category (IPCC 2006 Vol. 1 Ch. 3, Table 3.2 col. J).

    ``J_x = D_x / ΣC``: the change of the trend (percentage points) when the
    emissions of one category rise by 1 % in year *t* only.

    Parameters
    ----------
    base, year : array-like
        Emissions per category in the base year (C) and in year t (D) [t CO2e].

    Returns
    -------
    numpy.ndarray
        Type B sensitivity [percentage points of trend per %].
    """
    c, d = np.asarray(base, dtype=float), np.asarray(year, dtype=float)
    return d / c.sum()


@dataclass
class TrendTable:
    """The Approach 1 table (IPCC 2006 Vol. 1 Ch. 3, Table 3.2), columns C to M.

    Attributes (one value per category line unless noted)
    -----------------------------------------------------
    base, year : C and D, emissions [t CO2e]
    ad_pct, ef_pct : E and F, activity data and emission factor uncertainty [%]
    combined_pct : G = sqrt(E² + F²) [%] (Eq. 3.1)
    variance_share : H = (G·D)² / (ΣD)², contribution to the variance in year t [%²]
    type_a, type_b : I and J, sensitivities [%/%]
    trend_ef_pct : K = I·F, uncertainty of the trend from the emission factor [% points]
    trend_ad_pct : L = J·E·√2, uncertainty of the trend from the activity data [% points]
    trend_var : M = K² + L² [% points²]
    total_pct : sqrt(ΣH), uncertainty of the year-t total [%] (Eq. 3.2)
    trend_pct : the trend (ΣD − ΣC) / ΣC × 100 [%]
    trend_uncertainty_pct : sqrt(ΣM), uncertainty of the trend [% points]
    """

    base: np.ndarray
    year: np.ndarray
    ad_pct: np.ndarray
    ef_pct: np.ndarray
    combined_pct: np.ndarray
    variance_share: np.ndarray
    type_a: np.ndarray
    type_b: np.ndarray
    trend_ef_pct: np.ndarray
    trend_ad_pct: np.ndarray
    trend_var: np.ndarray
    total_pct: float
    trend_pct: float
    trend_uncertainty_pct: float


def trend_table(base, year, ad_pct, ef_pct) -> TrendTable:
    """Approach 1 for a year and its trend from the base year (IPCC 2006 Vol. 1 Ch. 3, Table 3.2).

    Emission factors are taken as fully correlated between the two years (the same
    factor, so its error moves both years alike: it enters through the type A
    sensitivity), activity data as uncorrelated (measured anew each year: it enters
    through the type B sensitivity, times √2 for the two years), as in Table 3.2.

    Parameters
    ----------
    base : array-like
        Base-year emissions per category, column C [t CO2e].
    year : array-like
        Year-t emissions per category, column D [t CO2e].
    ad_pct : array-like
        Activity data uncertainty, column E [%].
    ef_pct : array-like
        Emission factor uncertainty, column F [%].

    Returns
    -------
    TrendTable
    """
    c, d = np.asarray(base, dtype=float), np.asarray(year, dtype=float)
    e, f = np.asarray(ad_pct, dtype=float), np.asarray(ef_pct, dtype=float)
    g = product_uncertainty(e, f)
    h = (g * d) ** 2 / d.sum() ** 2
    i = type_a_sensitivity(c, d)
    j = type_b_sensitivity(c, d)
    k = i * f
    l_ = j * e * np.sqrt(2.0)
    m = k ** 2 + l_ ** 2
    return TrendTable(c, d, e, f, g, h, i, j, k, l_, m, float(np.sqrt(h.sum())),
                      float((d.sum() - c.sum()) / c.sum() * 100.0), float(np.sqrt(m.sum())))


# -- Approach 2: Monte Carlo -------------------------------------------------------

def _multipliers(rng: np.random.Generator, n: int, u_pct: np.ndarray, lognormal: np.ndarray) -> np.ndarray:
    """``n`` draws of each input's multiplier (mean 1, standard deviation ``U/196``): (n, inputs)."""
    sd = u_pct / (100.0 * Z95)
    z = rng.standard_normal((n, len(u_pct)))
    out = 1.0 + z * sd
    if lognormal.any():
        s2 = np.log1p(sd[lognormal] ** 2)          # lognormal with mean 1 and the same sd
        out[:, lognormal] = np.exp(z[:, lognormal] * np.sqrt(s2) - s2 / 2.0)
    return out


def monte_carlo(x, inputs, u_pct, asymmetric=None, draws: int = 10_000, seed: int = 0,
                masks=None, chunk: int = 2_000) -> np.ndarray:
    """Monte Carlo draws of sums of uncertain products (IPCC 2006 Vol. 1 Ch. 3, Approach 2).

    Each line ``l`` is ``x_l × Π_k m[inputs[l, k]]``, where ``m`` is a random
    multiplier (mean 1) per uncertain input. An input shared by several lines
    (one activity amount behind several gases, one emission factor behind several
    rows) is drawn once per draw, so the correlation is kept.

    Parameters
    ----------
    x : array-like, shape (lines,)
        Central value of each line [t CO2e].
    inputs : array-like of int, shape (lines, k)
        Index into *u_pct* of each input multiplying the line; ``-1`` for none.
    u_pct : array-like, shape (n_inputs,)
        Uncertainty of each input [%] (95 % half-width).
    asymmetric : array-like of bool, shape (n_inputs,), optional
        Inputs whose range is asymmetric: drawn from a lognormal.
    draws : int
        Number of draws.
    seed : int
        Seed of the numpy random generator (same seed, same result).
    masks : array-like of bool, shape (totals, lines), optional
        Which lines each total sums; default one total of all lines.
    chunk : int
        Draws computed at once (bounds the memory to ``chunk × lines`` floats).

    Returns
    -------
    numpy.ndarray, shape (draws, totals)
        The drawn totals [t CO2e].
    """
    x = np.asarray(x, dtype=float)
    inputs = np.asarray(inputs, dtype=np.int64).reshape(len(x), -1)
    u = np.asarray(u_pct, dtype=float)
    if np.isnan(u).any() or (u < 0).any():
        raise ValueError("every input needs a known, non-negative uncertainty")
    asym = np.zeros(len(u), bool) if asymmetric is None else np.asarray(asymmetric, bool)
    logn = asym | (u > NORMAL_LIMIT_PCT)
    w = np.ones((1, len(x))) if masks is None else np.asarray(masks, dtype=float).reshape(-1, len(x))
    wx = (w * x).T                                   # (lines, totals)
    rng = np.random.default_rng(seed)
    out = np.empty((draws, wx.shape[1]))
    for start in range(0, draws, chunk):
        n = min(chunk, draws - start)
        m = np.append(_multipliers(rng, n, u, logn), np.ones((n, 1)), axis=1)   # index -1: multiplier 1
        prod = np.ones((n, len(x)))
        for k in range(inputs.shape[1]):
            prod *= m[:, inputs[:, k]]
        out[start:start + n] = prod @ wx
    return out


def summarise_draws(samples) -> dict:
    """Mean, 2.5th and 97.5th percentiles and the half-width of the 95 % interval.

    Parameters
    ----------
    samples : array-like, shape (draws,)
        Drawn totals [t CO2e].

    Returns
    -------
    dict
        ``mean_t``, ``p2_5_t``, ``p97_5_t`` [t CO2e]; ``half_width_pct``: half the
        2.5–97.5 % range over the mean [%]; ``lower_pct``/``upper_pct``: the distance
        of each percentile from the mean [%] (IPCC 2006 Vol. 1 Ch. 3, Sect. 3.2.3.2).
    """
    s = np.asarray(samples, dtype=float)
    mean = float(s.mean())
    lo, hi = (float(v) for v in np.percentile(s, [2.5, 97.5]))
    pct = (lambda v: v / abs(mean) * 100.0) if mean else (lambda v: float("nan"))
    return {"mean_t": mean, "p2_5_t": lo, "p97_5_t": hi, "half_width_pct": pct((hi - lo) / 2.0),
            "lower_pct": pct(mean - lo), "upper_pct": pct(hi - mean)}
