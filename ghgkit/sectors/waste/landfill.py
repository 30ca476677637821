"""IPCC 2006 Vol. 5 Ch. 3, solid waste disposal (GPC III.1): first-order decay and back-casting.

:func:`fod_ch4_generated` (Eq. 3.2, 3.4-3.6, vectorised over series and years),
:func:`fod_ch4_in_year` (one deposit's share of a year's methane),
:func:`fod_ddocm_deposited` (Eq. 3.2), :func:`landfill_ch4_emitted` (Eq. 3.1) and
:func:`backcast_deposits` (sect. 3.2.2, past deposits from population).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from ghgkit.sectors.waste.common import (CH4_PER_C, DAYS_PER_YEAR, KG_TO_T, DisposalYearError, WasteInputError,
                                         check_recovery, fraction_array, nonneg_array, year_ranges)


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
    dep = nonneg_array("deposits", deposits_t)
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
        arr = fraction_array(name, a) if fraction else nonneg_array(name, a)
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
    kk = nonneg_array("k", k)
    lag = np.asarray(target_year, dtype=float) - np.asarray(deposit_years, dtype=float)
    delta = 0.5 + float(delay_months) / 12.0
    share = (np.exp(-kk * np.clip(lag - delta, 0.0, None))
             - np.exp(-kk * np.clip(lag + 1.0 - delta, 0.0, None)))
    return np.where(lag >= 0, ddocmd * share, 0.0) * fraction_array("f", f) * CH4_PER_C


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
    return (nonneg_array("deposits", deposits_t) * fraction_array("doc", doc) * fraction_array("docf", docf)
            * fraction_array("mcf", mcf))


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
    gen = nonneg_array("CH4 generated", generated_t)
    if sum_axis is not None:
        gen = gen.sum(axis=sum_axis)
    rec = nonneg_array("recovered CH4", recovered_t)
    oxf = fraction_array("OX", ox)
    gen_b, rec_b = np.broadcast_arrays(gen, rec)
    check_recovery(gen_b, rec_b, "methane generated in the landfill", labels)
    net = np.clip(gen_b - rec_b, 0.0, None)
    return net * (1.0 - oxf)


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
            raise WasteInputError(f"population missing for {year_ranges(missing)}",
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
    pop = nonneg_array("population", pop)
    rate = np.broadcast_to(nonneg_array("waste generation rate", rate_kg_per_person_day), (n,))
    frac = np.broadcast_to(fraction_array("fraction to SWDS", fraction_to_swds), (n,))
    est = pop * rate * DAYS_PER_YEAR * KG_TO_T * frac
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
        notes.append(f"disposal for {year_ranges(years[flags])} was back-cast (IPCC 2006 Vol. 5 "
                     f"sect. 3.2.2) from {pop_txt} × {rate_txt} × 365 × fraction to SWDS; "
                     "it is an estimate, not data")
    return Backcast(years, deposits, flags, notes)
