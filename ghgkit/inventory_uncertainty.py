"""The uncertainty of an inventory's totals (IPCC 2006 Vol. 1 Ch. 3), from its rows.

Each result row becomes one *line* per gas (CO2, CH4, N2O; biogenic CO2 is a memo
item outside the totals) with its CO2e ``x`` [t]. A line is the product of uncertain
*inputs*: the row's activity amount (``uncertainty_pct`` of the activity table) and
each parameter named in the row's ``factor_ids`` that applies to the gas (an emission
factor of that gas, or a parameter of every gas such as a fuel economy). A parameter's
uncertainty comes from its ``low``/``high`` range in the factor tables
(:func:`ghgkit.uncertainty.range_to_pct`).

Approach 1: per line Eq. 3.1 over its inputs; for a total Eq. 3.2 over the inputs,
each input weighted by the CO2e of all lines it multiplies. An input shared by
several lines (one amount behind three gases; one factor behind several rows) is thus
counted as fully correlated across them, which is what the Guidelines ask for when
they advise aggregating correlated categories; with one line per input this is
exactly Eq. 3.2 over the lines. Approach 2 draws each input once per draw
(:func:`ghgkit.uncertainty.monte_carlo`).

Missing data is never read as 0 %: a row whose amount has no ``uncertainty_pct``, or
one of whose parameters has no range, is *not covered*. A total's uncertainty is
given only when every row behind it is covered; otherwise the result says which rows
lack what, the share of the total that is covered, and the uncertainty of the
covered part alone (clearly named as such).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ghgkit.errors import InputError
from ghgkit.gwp import gwp_values
from ghgkit.schema import GAS_COLUMNS
from ghgkit.uncertainty import (TrendTable, is_asymmetric, monte_carlo, product_uncertainty, range_to_pct,
                                summarise_draws)

METHODS = ("approach1", "montecarlo")


def check_method(method: str, draws: int) -> None:
    """A known method and, for Monte Carlo, enough draws for a 95 % interval (else InputError)."""
    if method not in METHODS:
        raise InputError(f"unknown uncertainty method '{method}'", hint="use approach1 or montecarlo")
    if method == "montecarlo" and draws < 100:
        raise InputError(f"{draws} Monte Carlo draws are too few for a 95 % interval", hint="use at least 1000")
TOTALS = ("co2e_t", "basic_co2e_t", "basic_plus_co2e_t")
GASES = ("co2_t", "ch4_t", "n2o_t")
REFERENCE = {"approach1": "IPCC (2006) Vol. 1 Ch. 3, Approach 1 (error propagation), Eq. 3.1 and 3.2",
             "montecarlo": "IPCC (2006) Vol. 1 Ch. 3, Approach 2 (Monte Carlo simulation)"}


@dataclass
class UncertaintyResult:
    """The uncertainty of an inventory's totals.

    Attributes
    ----------
    method : str
        ``approach1`` or ``montecarlo``.
    totals : dict
        Per total (``co2e_t``, ``basic_co2e_t``, ``basic_plus_co2e_t``): the value,
        whether every row is covered, the covered share, and the 95 % interval.
    row_pct : numpy.ndarray
        Combined uncertainty of each result row's CO2e [%], in the order of
        ``Inventory.rows`` (Eq. 3.1 of the activity and the row's factor
        uncertainty; NaN where data is missing).
    missing : list of dict
        The rows not covered: ``source`` (file place), ``activity``, ``lacks``.
    draws, seed : int or None
        Monte Carlo settings.
    """

    method: str
    totals: dict
    row_pct: np.ndarray
    missing: list = field(default_factory=list)
    draws: int | None = None
    seed: int | None = None

    @property
    def complete(self) -> bool:
        return all(t["complete"] for t in self.totals.values())

    def to_dict(self) -> dict:
        """The ``totals.uncertainty`` object of the JSON output."""
        out = {"method": self.method, "reference": REFERENCE[self.method],
               "interval": "95 % confidence interval; *_pct = half-width in % of the value",
               "draws": self.draws, "seed": self.seed}
        out.update({k: {kk: _plain(vv) for kk, vv in v.items()} for k, v in self.totals.items()})
        out["rows_missing"] = len(self.missing)
        out["missing"] = self.missing
        return out

    def messages(self) -> list[str]:
        """One or two lines for the console: the total's interval, or why there is none."""
        t = self.totals["co2e_t"]
        if not t["value_t"]:
            return [f"uncertainty ({self.method}): no emissions to assess"]
        if t["complete"]:
            return [f"uncertainty ({self.method}): total {t['value_t']:,.0f} t CO2e "
                    f"± {t['half_width_pct']:.1f} % (95 %)"]
        return [f"uncertainty ({self.method}): no interval for the total: {len(self.missing)} row(s) lack an "
                f"activity uncertainty_pct or a factor range ({t['coverage_share'] * 100:.1f} % of the total covered; "
                f"covered part ± {_fmt(t['covered_half_width_pct'])} %)",
                "  give uncertainty_pct on every row, and factor rows with low/high (--factors FILE) or a "
                "setting <factor id>_uncertainty_pct (e.g. grid_ef_uncertainty_pct)"]


def _fmt(v) -> str:
    return "—" if v is None or (isinstance(v, float) and np.isnan(v)) else f"{v:.1f}"


def _plain(v):
    if isinstance(v, (np.floating, float)):
        return None if np.isnan(v) else float(v)
    if isinstance(v, np.bool_):
        return bool(v)
    return v


def parameter_ranges(lib, ids, settings=None) -> dict[str, tuple]:
    """Per parameter id: (gas column or None for every gas, uncertainty [%] or NaN, asymmetric).

    Emission factors are looked up by ``factor_id``, fuel properties (a fuel economy)
    by ``property_id``, with their ``low``/``high`` range. A parameter without a range
    there (``grid_ef``, ``td_loss_rate``, a waste parameter, a factor row without
    low/high) takes the setting ``<id>_uncertainty_pct`` when the user gives one
    (± %, symmetric), else NaN (unknown).
    """
    props = pd.concat([lib.override_properties, lib.properties], ignore_index=True)
    factor_ids = set(lib.override_factors["factor_id"]) | set(lib.factors["factor_id"])
    out = {}
    for pid in ids:
        col, value, low, high = None, np.nan, np.nan, np.nan
        if pid in factor_ids:
            f = lib.get(pid)
            col = GAS_COLUMNS.get(f.gas, "ch4_t" if f.gas.startswith("CH4") else None)
            value, low, high = f.value, _num(f.row.get("low")), _num(f.row.get("high"))
        else:
            hit = props[props["property_id"] == pid] if "property_id" in props else props.iloc[0:0]
            if len(hit):
                r = hit.iloc[0]
                value, low, high = _num(r.get("value")), _num(r.get("low")), _num(r.get("high"))
        u = float(range_to_pct(value, low, high))
        asym = bool(is_asymmetric(value, low, high)) if not np.isnan(u) else False
        if np.isnan(u) and settings is not None:
            u = _setting_pct(settings, f"{pid}_uncertainty_pct")
        out[pid] = (col, u, asym)
    return out


def _setting_pct(settings, key: str) -> float:
    """A ``<id>_uncertainty_pct`` setting as a percentage (``10``, ``10%``, ``'10 %'``); NaN when absent."""
    v = settings.extra(key)
    if v is None:
        return np.nan
    try:
        u = float(str(v).strip().rstrip("%").strip())
    except ValueError:
        u = -1.0
    if not np.isfinite(u) or u < 0:
        raise InputError(f"setting {key}: '{v}' is not a percentage", location="settings",
                         hint="write the ± half-width of the 95 % interval in %, e.g. 10")
    return u


def _num(v) -> float:
    try:
        return float(v)
    except (TypeError, ValueError):
        return np.nan


@dataclass
class Lines:
    """An inventory as lines (one per result row and gas) and their uncertain inputs.

    Attributes
    ----------
    x : CO2e of each line [t]
    inputs : (lines, k) indices into ``u_in`` of the inputs multiplying each line (-1: none);
        column 0 is the activity amount
    entry : the result entry (position in ``Inventory.core``) of each line
    gas : the gas column of each line (``co2_t``, ``ch4_t``, ``n2o_t``)
    u_in, asym : uncertainty [%] (NaN unknown) and asymmetry of each input
    names : parameter ids (inputs ``n_act`` and on)
    level, gpc_ref : per entry
    """

    x: np.ndarray
    inputs: np.ndarray
    entry: np.ndarray
    gas: np.ndarray
    u_in: np.ndarray
    asym: np.ndarray
    names: list
    n_act: int
    act_u: np.ndarray
    level: np.ndarray
    gpc_ref: np.ndarray

    @property
    def ok(self) -> np.ndarray:
        """Lines whose every input has a known uncertainty."""
        return ~np.isnan(np.append(self.u_in, 0.0)[self.inputs]).any(axis=1)

    def variance(self, mask, columns=None) -> float:
        """Σ over inputs of (U × the CO2e it multiplies within *mask*)² [(% · t)²] (Eq. 3.1 and 3.2)."""
        var = 0.0
        for j in (range(self.inputs.shape[1]) if columns is None else columns):
            src = self.inputs[mask, j]
            use = src >= 0
            expo = np.bincount(src[use], weights=self.x[mask][use], minlength=len(self.u_in))
            var += float(np.nansum((self.u_in * expo) ** 2))
        return var


def build_lines(inv) -> Lines:
    """The lines of an inventory and their inputs (see the module docstring)."""
    core, info = inv.core, inv.info
    gid, w, pos = core["gid"], core["w"], core["row"]
    ids_of = [[i for i in g["factor_ids"].split(";") if i] for g in info]
    params = parameter_ranges(inv.library, sorted({i for ids in ids_of for i in ids}), inv.settings)
    names = sorted(params)
    pidx = {p: k for k, p in enumerate(names)}
    # inputs: 0..len(activity)-1 the activity amounts, then the parameters
    act_u = pd.to_numeric(inv.activity["uncertainty_pct"], errors="coerce").to_numpy(dtype=float) \
        if "uncertainty_pct" in inv.activity else np.full(len(inv.activity), np.nan)
    n_act = len(act_u)
    neg = np.flatnonzero(act_u < 0)
    if len(neg):
        from ghgkit.io.importers import place_of

        raise InputError(f"uncertainty_pct {act_u[neg[0]]:g} is negative", hint="write the ± half-width of the "
                         "95 % interval in %, e.g. 10", location=place_of(inv.activity, neg[0], "uncertainty_pct"))
    u_in = np.concatenate([act_u, [params[p][1] for p in names]])
    asym = np.concatenate([np.zeros(n_act, bool), [params[p][2] for p in names]]).astype(bool)
    g = gwp_values(inv.gwp)
    gwp_col = {"co2_t": np.ones(len(info)), "ch4_t": inv.ch4_gwp, "n2o_t": np.full(len(info), g["N2O"])}
    kmax = 1 + max((len(x) for x in ids_of), default=0)
    xs, ins, entry, gas = [], [], [], []
    for c in GASES:
        arr = np.full((len(info), kmax - 1), -1, np.int64)     # per group: the parameters of this gas
        for k, ids in enumerate(ids_of):
            sel = [n_act + pidx[i] for i in ids if params[i][0] in (None, c)]
            arr[k, :len(sel)] = sel
        x = w * inv.mult[c][gid] * gwp_col[c][gid]
        keep = np.isfinite(x) & (x != 0)
        xs.append(x[keep])
        ins.append(np.column_stack([pos[keep], arr[gid[keep]]]))
        entry.append(np.flatnonzero(keep))
        gas.append(np.full(int(keep.sum()), c, dtype=object))
    # GPC reference and level of each entry, from the inventory's (group, scope) table
    k = inv.keys
    lut = np.full(3 * len(info), -1, np.int64)
    lut[k["gid"].to_numpy() * 3 + k["scope"].to_numpy() - 1] = np.arange(len(k))
    at = lut[gid * 3 + core["scope"] - 1]
    ref = k["gpc_ref"].astype(object).to_numpy()[at]
    level = k["level"].astype(object).to_numpy()[at]
    return Lines(np.concatenate(xs), np.concatenate(ins), np.concatenate(entry), np.concatenate(gas), u_in, asym,
                 names, n_act, act_u, np.asarray(level, dtype=object), np.asarray(ref, dtype=object))


def inventory_uncertainty(inv, method: str = "approach1", draws: int = 10_000, seed: int = 0) -> UncertaintyResult:
    """The uncertainty of an inventory's totals and of each row.

    Parameters
    ----------
    inv : ghgkit.inventory.Inventory
    method : {"approach1", "montecarlo"}
    draws : int
        Monte Carlo draws (at least 100).
    seed : int
        Monte Carlo seed.

    Returns
    -------
    UncertaintyResult
    """
    check_method(method, draws)
    core = inv.core
    n = len(core["row"])
    L = build_lines(inv)
    x, inputs, entry, u_in = L.x, L.inputs, L.entry, L.u_in
    line_u = np.append(u_in, 0.0)[inputs]              # (lines, k); index -1: no input, 0 %
    line_ok = L.ok
    entry_ok = np.ones(n, bool)
    entry_ok[entry[~line_ok]] = False

    # per result row: Eq. 3.1 of the activity and the factor part (Eq. 3.2 over the gases)
    x_entry = np.bincount(entry, weights=x, minlength=n)
    ef_var = np.bincount(entry, weights=(x * np.sqrt(np.sum(line_u[:, 1:] ** 2, axis=1))) ** 2, minlength=n)
    with np.errstate(invalid="ignore", divide="ignore"):
        ef_pct = np.sqrt(ef_var) / np.abs(x_entry)
    row_pct = np.where(entry_ok & (x_entry != 0),
                       product_uncertainty(L.act_u[core["row"]] if L.n_act else np.nan, ef_pct), np.nan)

    level = L.level
    entry_masks = {"co2e_t": np.ones(n, bool), "basic_co2e_t": level == "BASIC",
                   "basic_plus_co2e_t": (level == "BASIC") | (level == "BASIC+")}
    masks = np.array([entry_masks[t][entry] for t in TOTALS]).reshape(len(TOTALS), len(x))   # (totals, lines)
    totals = {}
    for k, t in enumerate(TOTALS):
        m = masks[k]
        value = float(x[m].sum())
        covered = float(x[m & line_ok].sum())
        complete = bool(line_ok[m].all())
        totals[t] = {"value_t": value, "complete": complete,
                     "coverage_share": covered / value if value else None, "covered_t": covered}
    ok = line_ok
    if method == "approach1":
        for k, t in enumerate(TOTALS):
            cov = totals[t]["covered_t"]
            pct = float(np.sqrt(L.variance(masks[k] & ok)) / abs(cov)) if cov else np.nan
            _fill(totals[t], pct, cov)
    else:
        samples = monte_carlo(x[ok], inputs[ok], np.nan_to_num(u_in), L.asym, draws=draws, seed=seed,
                              masks=masks[:, ok]) if ok.any() else np.zeros((draws, len(TOTALS)))
        for k, t in enumerate(TOTALS):
            s = summarise_draws(samples[:, k])
            tot = totals[t]
            for key in ("mean_t", "p2_5_t", "p97_5_t", "lower_pct", "upper_pct"):
                tot[key] = s[key] if tot["complete"] else None
            _fill(tot, s["half_width_pct"], tot["covered_t"])
            if tot["complete"]:                       # the drawn percentiles, not a symmetric ±
                tot["lower_t"], tot["upper_t"] = s["p2_5_t"], s["p97_5_t"]

    order = np.lexsort((core["scope"], core["row"]))              # the order of Inventory.rows
    missing = _missing(inv, order, entry_ok, entry, line_ok, inputs, L.names, u_in, L.n_act)
    return UncertaintyResult(method, totals, row_pct[order], missing,
                             draws if method == "montecarlo" else None, seed if method == "montecarlo" else None)


def category_table(inv, total: str = "co2e_t") -> pd.DataFrame:
    """Per (GPC reference, gas): CO2e [t] and the activity-data and emission-factor uncertainty [%].

    The two uncertainties of a category are Eq. 3.2 over the inputs of its rows (an
    input shared by several rows of the category counted once, fully correlated);
    NaN where a row of the category lacks data. These are columns C/D, E and F of
    IPCC 2006 Vol. 1 Ch. 3 Table 3.2.
    """
    L = build_lines(inv)
    lvl = L.level[L.entry]
    keep = {"co2e_t": np.ones(len(L.x), bool), "basic_co2e_t": lvl == "BASIC",
            "basic_plus_co2e_t": (lvl == "BASIC") | (lvl == "BASIC+")}[total]
    ok = L.ok
    cat = pd.Series(list(zip(L.gpc_ref[L.entry], L.gas)))
    out = []
    for key, idx in cat[keep].groupby(cat[keep]).groups.items():
        m = np.zeros(len(L.x), bool)
        m[np.asarray(idx)] = True
        x = float(L.x[m].sum())
        complete = bool(ok[m].all())
        ad = np.sqrt(L.variance(m, [0])) / abs(x) if complete and x else np.nan
        ef = np.sqrt(L.variance(m, range(1, L.inputs.shape[1]))) / abs(x) if complete and x else np.nan
        out.append({"gpc_ref": key[0], "gas": key[1].removesuffix("_t").upper(), "co2e_t": x,
                    "ad_pct": ad, "ef_pct": ef})
    return pd.DataFrame(out, columns=["gpc_ref", "gas", "co2e_t", "ad_pct", "ef_pct"])


def trend_uncertainty(base, year, total: str = "co2e_t") -> tuple[pd.DataFrame, TrendTable | None]:
    """The uncertainty of the trend from a base-year inventory to another year (Table 3.2 layout).

    Categories are (GPC reference, gas). Columns E and F are the year-t values (the
    base year's where the category is absent in year t). Emission factors are taken as
    fully correlated between the years and activity data as independent, as in
    IPCC 2006 Vol. 1 Ch. 3 Table 3.2 (see :func:`ghgkit.uncertainty.trend_table`).

    Returns
    -------
    (pandas.DataFrame, TrendTable or None)
        The Table 3.2 columns per category; the TrendTable is None (no trend
        uncertainty given) when a category lacks uncertainty data in either year.
    """
    from ghgkit.uncertainty import trend_table

    b = category_table(base, total).set_index(["gpc_ref", "gas"])
    y = category_table(year, total).set_index(["gpc_ref", "gas"])
    idx = b.index.union(y.index)
    c = b["co2e_t"].reindex(idx).fillna(0.0)
    d = y["co2e_t"].reindex(idx).fillna(0.0)
    e = y["ad_pct"].reindex(idx).where(y["co2e_t"].reindex(idx).notna(), b["ad_pct"].reindex(idx))
    f = y["ef_pct"].reindex(idx).where(y["co2e_t"].reindex(idx).notna(), b["ef_pct"].reindex(idx))
    base_missing = b["ad_pct"].isna() | b["ef_pct"].isna()
    complete = not (e.isna().any() or f.isna().any() or base_missing.any())
    tt = trend_table(c.to_numpy(), d.to_numpy(), e.to_numpy(), f.to_numpy())
    table = pd.DataFrame({"base_t": c, "year_t": d, "ad_pct": e, "ef_pct": f, "combined_pct": tt.combined_pct,
                          "variance_share": tt.variance_share, "type_a": tt.type_a, "type_b": tt.type_b,
                          "trend_ef_pct": tt.trend_ef_pct, "trend_ad_pct": tt.trend_ad_pct,
                          "trend_var": tt.trend_var}).reset_index()
    return table, (tt if complete else None)


def _fill(tot: dict, pct: float, covered: float) -> None:
    """The interval of a total: only when every row is covered; the covered part's % always."""
    tot["covered_half_width_pct"] = pct
    if tot["complete"]:
        tot["half_width_pct"] = pct
        tot["lower_t"] = tot["value_t"] * (1 - pct / 100.0)
        tot["upper_t"] = tot["value_t"] * (1 + pct / 100.0)
    else:
        tot["half_width_pct"] = tot["lower_t"] = tot["upper_t"] = None


def _missing(inv, order, entry_ok, entry, line_ok, inputs, names, u_in, n_act) -> list[dict]:
    """Which rows are not covered, and what each lacks, in the order of the rows."""
    bad = np.flatnonzero(~entry_ok)
    if not len(bad):
        return []
    lacks: dict[int, set] = {}
    for li in np.flatnonzero(~line_ok):
        e = entry[li]
        for src in inputs[li]:
            if src < 0:
                continue
            if np.isnan(u_in[src]):
                lacks.setdefault(e, set()).add("uncertainty_pct" if src < n_act else f"range of {names[src - n_act]}")
    rank = np.empty(len(order), np.int64)
    rank[order] = np.arange(len(order))
    r = inv.rows
    where = row_places(r)
    out = []
    for e in sorted(bad, key=lambda e: rank[e]):
        i = rank[e]
        out.append({"source": where[i], "sector": r["sector"].iat[i], "activity": r["activity"].iat[i],
                    "scope": int(r["scope"].iat[i]), "co2e_t": _plain(r["co2e_t"].iat[i]),
                    "lacks": sorted(lacks.get(e, set()))})
    return out


def row_places(rows: pd.DataFrame) -> list[str]:
    """'Energy!D7' for a workbook row, 'line 12' for a CSV row."""
    out = []
    for s, c, ln in zip(rows["sheet"], rows["cell"], rows["line"]):
        if isinstance(s, str) and s:
            out.append(f"{s}!{c}")
        elif ln is not None and not pd.isna(ln):
            out.append(f"line {int(ln)}")
        else:
            out.append("")
    return out
