"""The uncertainty of a trend: each year's total and the change from the base year.

Per year, the 95 % interval of the basis total comes from that year's inventory
(:func:`ghgkit.inventory_uncertainty.inventory_uncertainty`, IPCC 2006 Vol. 1 Ch. 3
Approach 1, Eq. 3.1/3.2, or Approach 2, Monte Carlo).

The trend from the base year to year *t* (``(E_t − E_base) / E_base`` [%]) has its own
uncertainty [percentage points]:

* Approach 1: IPCC 2006 Vol. 1 Ch. 3 Table 3.2
  (:func:`ghgkit.inventory_uncertainty.trend_uncertainty`), categories (GPC reference,
  gas). **Correlation convention** (that of Table 3.2 and the IPCC uncertainty
  calculation tool): emission factors fully correlated between the base year and year
  *t* (they enter through the type A sensitivity, ``K = I·F``), activity data
  uncorrelated between the years (through the type B sensitivity, ``L = J·E·√2``),
  and the categories independent of each other.
* Approach 2: the base year and year *t* are drawn together. An activity amount is
  drawn independently in each year; a parameter with the same id and the same
  uncertainty in both years (the same emission factor) is drawn once for both, so it
  is fully correlated between the years, as in Table 3.2; the trend of each draw is
  ``(E_t − E_base) / E_base``, and the interval is its 2.5th and 97.5th percentiles.

Missing data is never read as 0 %: a year whose basis total has a row without
``uncertainty_pct`` or a factor without a range gets no interval, and its rows are
listed (:attr:`TrendUncertainty.missing`); the trend of a year is given only when both
that year and the base year are complete.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd


#: trend basis -> key of the inventory uncertainty totals (and of Inventory.totals)
BASIS_TOTAL = {"basic": "basic_co2e_t", "basic_plus": "basic_plus_co2e_t", "total": "co2e_t"}
CORRELATION = ("emission factors fully correlated between the base year and each year, activity data "
               "uncorrelated between the years, categories (GPC reference × gas) independent of each other "
               "(IPCC 2006 Vol. 1 Ch. 3, Table 3.2)")
CORRELATION_MC = ("activity amounts drawn independently in each year; a parameter (emission factor) with the same id "
                  "and range in both years drawn once, so fully correlated between the base year and each year as "
                  "in IPCC 2006 Vol. 1 Ch. 3 Table 3.2, and across the rows that use it")
#: the correlation convention of each method
CONVENTION = {"approach1": CORRELATION, "montecarlo": CORRELATION_MC}
REFERENCE = {"approach1": "IPCC (2006) Vol. 1 Ch. 3, Approach 1: Eq. 3.1 and 3.2 for each year; Table 3.2 "
                          "for the trend",
             "montecarlo": "IPCC (2006) Vol. 1 Ch. 3, Approach 2 (Monte Carlo simulation) for each year and "
                           "for the trend (base year and year drawn together)"}
#: the columns of Trend.uncertainty
COLUMNS = ["value_t", "half_width_pct", "lower_t", "upper_t", "complete", "coverage_pct", "rows_missing",
           "covered_half_width_pct", "trend_pct", "trend_uncertainty_pct", "trend_lower_pct", "trend_upper_pct"]


@dataclass
class TrendUncertainty:
    """How the uncertainty of a trend was obtained, and what it lacks.

    Attributes
    ----------
    method : ``approach1`` or ``montecarlo``
    table : pandas.DataFrame
        Index ``year``, columns :data:`COLUMNS`: ``value_t`` the basis total [t CO2e],
        ``half_width_pct`` [%] and ``lower_t``/``upper_t`` [t CO2e] its 95 % interval,
        ``complete`` whether every row has uncertainty data, ``coverage_pct`` the share
        of the total that has [%], ``rows_missing``, ``covered_half_width_pct`` [%] of
        the covered part alone, ``trend_pct`` the change from the base year [%],
        ``trend_uncertainty_pct`` [percentage points] with ``trend_lower_pct`` and
        ``trend_upper_pct`` [%] its 95 % interval. None (NaN) where not given.
    missing : list of dict
        The rows without uncertainty data: ``year``, ``file``, ``source``, ``activity``,
        ``lacks``.
    """

    method: str
    table: pd.DataFrame
    missing: list = field(default_factory=list)
    draws: int | None = None
    seed: int | None = None
    base_year: int | None = None
    trend_tables: dict = field(default_factory=dict, repr=False)   # year -> Table 3.2 (approach1)

    def to_dict(self) -> dict:
        return {"method": self.method, "reference": REFERENCE[self.method], "correlation": CONVENTION[self.method],
                "interval": "95 % confidence interval; *_pct of a total = half-width in % of the value; "
                            "trend_uncertainty_pct in percentage points of the trend",
                "draws": self.draws, "seed": self.seed, "base_year": self.base_year,
                "years_complete": [int(y) for y, c in self.table["complete"].items() if c],
                "years_incomplete": [int(y) for y, c in self.table["complete"].items() if not c],
                "rows_missing": len(self.missing), "missing": self.missing}


def trend_uncertainty(trend, method: str = "approach1", draws: int = 10_000, seed: int = 0) -> TrendUncertainty:
    """The uncertainty of every year's total and of the trend from the base year.

    Parameters
    ----------
    trend : ghgkit.mrv.trend.Trend
    method : {"approach1", "montecarlo"}
    draws : int
        Monte Carlo draws (at least 100).
    seed : int
        Monte Carlo seed: year *i* of the series uses ``seed + i`` for its own total,
        and the trend to it ``seed + 1000 + i``.

    Returns
    -------
    TrendUncertainty
    """
    from ghgkit.inventory_uncertainty import check_method, inventory_uncertainty
    from ghgkit.inventory_uncertainty import trend_uncertainty as table_3_2

    check_method(method, draws)
    key = BASIS_TOTAL[trend.basis]
    invs = {y.year: y for y in trend.inventories}
    base = invs[trend.base_year].inventory
    rows, missing, tables = [], [], {}
    level_ok = _levels(trend.basis)
    for i, year in enumerate(trend.years):
        inv = invs[year].inventory
        r = inventory_uncertainty(inv, method, draws=draws, seed=seed + i)
        t = r.totals[key]
        for m in r.missing:
            if _row_level(inv, m) in level_ok:
                missing.append({"year": year, "file": invs[year].path, **m})
        rows.append({"year": year, "value_t": t["value_t"], "half_width_pct": t["half_width_pct"],
                     "lower_t": t["lower_t"], "upper_t": t["upper_t"], "complete": t["complete"],
                     "coverage_pct": None if t["coverage_share"] is None else 100.0 * t["coverage_share"],
                     "rows_missing": sum(1 for m in missing if m["year"] == year),
                     "covered_half_width_pct": t["covered_half_width_pct"]})
    base_ok = rows[trend.years.index(trend.base_year)]["complete"]
    for i, (year, row) in enumerate(zip(trend.years, rows)):
        c = rows[trend.years.index(trend.base_year)]["value_t"]
        row["trend_pct"] = 100.0 * (row["value_t"] - c) / c if c else None
        row["trend_uncertainty_pct"] = row["trend_lower_pct"] = row["trend_upper_pct"] = None
        if year == trend.base_year or not (base_ok and row["complete"]) or not c:
            continue               # the base year is the reference; no trend without data in both years
        inv = invs[year].inventory
        if method == "approach1":
            table, tt = table_3_2(base, inv, key)
            tables[year] = table
            if tt is not None:
                row["trend_uncertainty_pct"] = tt.trend_uncertainty_pct
                row["trend_lower_pct"] = row["trend_pct"] - tt.trend_uncertainty_pct
                row["trend_upper_pct"] = row["trend_pct"] + tt.trend_uncertainty_pct
        else:
            lo, hi = trend_draws(base, inv, key, draws=draws, seed=seed + 1000 + i)
            row["trend_lower_pct"], row["trend_upper_pct"] = lo, hi
            row["trend_uncertainty_pct"] = (hi - lo) / 2.0
    table = pd.DataFrame(rows).set_index("year").reindex(columns=COLUMNS)
    table["complete"] = table["complete"].astype(bool)
    table["rows_missing"] = table["rows_missing"].astype(int)
    for c in COLUMNS:
        if c not in ("complete", "rows_missing"):
            table[c] = pd.to_numeric(table[c], errors="coerce").astype(float)
    return TrendUncertainty(method, table, missing, draws if method == "montecarlo" else None,
                            seed if method == "montecarlo" else None, trend.base_year, tables)


def _levels(basis: str) -> set:
    from ghgkit.mrv.trend import BASES

    return set(BASES[basis][0])


def _row_level(inv, m) -> str:
    """The GPC level of a missing row (by its sector and scope), to keep those of the basis total."""
    k = inv.keys
    hit = k[(k["sector"].astype(str) == str(m.get("sector"))) & (k["scope"] == m.get("scope"))]
    levels = set(hit["level"].astype(str))
    for lv in ("BASIC", "BASIC+", "other"):
        if lv in levels:
            return lv
    return "other"


def trend_draws(base, year, total: str = "co2e_t", draws: int = 10_000, seed: int = 0) -> tuple[float, float]:
    """Monte Carlo 95 % interval of the trend ``(E_year − E_base) / E_base × 100`` [%].

    The lines of both inventories are drawn together (:func:`ghgkit.uncertainty.monte_carlo`):
    each year's activity amounts are inputs of their own (uncorrelated between the years);
    a parameter of the same id and uncertainty in both years is one input (fully correlated),
    the convention of IPCC 2006 Vol. 1 Ch. 3 Table 3.2.

    Returns
    -------
    (float, float)
        The 2.5th and 97.5th percentiles of the drawn trend [%].
    """
    from ghgkit.inventory_uncertainty import build_lines
    from ghgkit.uncertainty import monte_carlo

    parts, u_all, asym_all = [], [], []
    shared: dict[tuple, int] = {}
    offset = 0
    for k, inv in enumerate((base, year)):
        L = build_lines(inv)
        lvl = L.level[L.entry]
        keep = {"co2e_t": np.ones(len(L.x), bool), "basic_co2e_t": lvl == "BASIC",
                "basic_plus_co2e_t": (lvl == "BASIC") | (lvl == "BASIC+")}[total] & L.ok
        # re-index the inputs: activity amounts of this year, then parameters shared by (id, U)
        remap = np.full(len(L.u_in) + 1, -1, np.int64)            # last: the "no input" slot
        remap[:L.n_act] = offset + np.arange(L.n_act)
        u_all.append(L.u_in[:L.n_act])
        asym_all.append(L.asym[:L.n_act])
        offset += L.n_act
        for j, name in enumerate(L.names):
            u, a = float(L.u_in[L.n_act + j]), bool(L.asym[L.n_act + j])
            ident = (name, u, a)
            if ident not in shared:
                shared[ident] = offset
                u_all.append(np.array([u]))
                asym_all.append(np.array([a]))
                offset += 1
            remap[L.n_act + j] = shared[ident]
        parts.append((L.x[keep], remap[L.inputs[keep]], k))
    kmax = max(p[1].shape[1] for p in parts)
    x = np.concatenate([p[0] for p in parts])
    inputs = np.concatenate([np.pad(p[1], ((0, 0), (0, kmax - p[1].shape[1])), constant_values=-1) for p in parts])
    which = np.concatenate([np.full(len(p[0]), p[2]) for p in parts])
    masks = np.array([which == 0, which == 1])
    u = np.concatenate(u_all)
    samples = monte_carlo(x, inputs, np.nan_to_num(u), np.concatenate(asym_all).astype(bool), draws=draws,
                          seed=seed, masks=masks)
    with np.errstate(divide="ignore", invalid="ignore"):
        tr = (samples[:, 1] - samples[:, 0]) / samples[:, 0] * 100.0
    lo, hi = np.percentile(tr, [2.5, 97.5])
    return float(lo), float(hi)
