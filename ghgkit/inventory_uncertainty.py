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

from ghgkit.errors import FactorError, InputError
from ghgkit.gwp import gwp_values
from ghgkit.schema import GAS_COLUMNS
from ghgkit.uncertainty import (is_asymmetric, monte_carlo, product_uncertainty, range_to_pct,
                                summarise_draws)

METHODS = ("approach1", "montecarlo")
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
        if t["complete"]:
            return [f"uncertainty ({self.method}): total {t['value_t']:,.0f} t CO2e "
                    f"± {t['half_width_pct']:.1f} % (95 %)"]
        return [f"uncertainty ({self.method}): not given for the total: {len(self.missing)} row(s) lack an "
                f"activity uncertainty_pct or a factor range ({t['coverage_share'] * 100:.1f} % of the total covered; "
                f"covered part ± {_fmt(t['covered_half_width_pct'])} %)",
                "  give uncertainty_pct on every row, and factor rows with low/high (--factors FILE)"]


def _fmt(v) -> str:
    return "—" if v is None or (isinstance(v, float) and np.isnan(v)) else f"{v:.1f}"


def _plain(v):
    if isinstance(v, (np.floating, float)):
        return None if np.isnan(v) else float(v)
    if isinstance(v, np.bool_):
        return bool(v)
    return v


def parameter_ranges(lib, ids) -> dict[str, tuple]:
    """Per parameter id: (gas column or None for every gas, uncertainty [%] or NaN, asymmetric).

    Emission factors are looked up by ``factor_id``, fuel properties (a fuel economy)
    by ``property_id``; anything else (``grid_ef``, ``td_loss_rate``, waste
    parameters) has no range in ghgkit's tables and gets NaN.
    """
    props = pd.concat([lib.override_properties, lib.properties], ignore_index=True)
    out = {}
    for pid in ids:
        col, value, low, high = None, np.nan, np.nan, np.nan
        try:
            f = lib.get(pid)
            col = GAS_COLUMNS.get(f.gas, "ch4_t" if f.gas.startswith("CH4") else None)
            value, low, high = f.value, _num(f.row.get("low")), _num(f.row.get("high"))
        except FactorError:
            hit = props[props["property_id"] == pid] if "property_id" in props else props.iloc[0:0]
            if len(hit):
                r = hit.iloc[0]
                value, low, high = _num(r.get("value")), _num(r.get("low")), _num(r.get("high"))
        u = float(range_to_pct(value, low, high))
        out[pid] = (col, u, bool(is_asymmetric(value, low, high)) if not np.isnan(u) else False)
    return out


def _num(v) -> float:
    try:
        return float(v)
    except (TypeError, ValueError):
        return np.nan


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
    if method not in METHODS:
        raise InputError(f"unknown uncertainty method '{method}'", hint="use approach1 or montecarlo")
    if method == "montecarlo" and draws < 100:
        raise InputError(f"{draws} Monte Carlo draws are too few for a 95 % interval", hint="use at least 1000")
    from ghgkit.sectors.energy import gpc_columns

    core, info = inv.core, inv.info
    n = len(core["row"])
    gid, w, pos = core["gid"], core["w"], core["row"]
    ids_of = [[i for i in g["factor_ids"].split(";") if i] for g in info]
    params = parameter_ranges(inv.library, sorted({i for ids in ids_of for i in ids}))
    names = sorted(params)
    pidx = {p: k for k, p in enumerate(names)}
    # inputs: 0..len(activity)-1 the activity amounts, then the parameters
    act_u = pd.to_numeric(inv.activity["uncertainty_pct"], errors="coerce").to_numpy(dtype=float) \
        if "uncertainty_pct" in inv.activity else np.full(len(inv.activity), np.nan)
    n_act = len(act_u)
    u_in = np.concatenate([act_u, [params[p][1] for p in names]])
    asym = np.concatenate([np.zeros(n_act, bool), [params[p][2] for p in names]])
    g = gwp_values(inv.gwp)
    gwp_col = {"co2_t": np.ones(len(info)), "ch4_t": inv.ch4_gwp, "n2o_t": np.full(len(info), g["N2O"])}

    # per group and gas: the parameter inputs that multiply it
    kmax = 1 + max((len(x) for x in ids_of), default=0)
    grp_inputs = {}
    for c in GASES:
        arr = np.full((len(info), kmax - 1), -1, np.int64)
        for k, ids in enumerate(ids_of):
            sel = [n_act + pidx[i] for i in ids if params[i][0] in (None, c)]
            arr[k, :len(sel)] = sel
        grp_inputs[c] = arr
    xs, ins, entry = [], [], []
    for c in GASES:
        x = w * inv.mult[c][gid] * gwp_col[c][gid]
        keep = np.isfinite(x) & (x != 0)
        xs.append(x[keep])
        ins.append(np.column_stack([pos[keep], grp_inputs[c][gid[keep]]]))
        entry.append(np.flatnonzero(keep))
    x, inputs, entry = np.concatenate(xs), np.concatenate(ins), np.concatenate(entry)
    u_ext = np.append(u_in, 0.0)                       # index -1: no input, 0 %
    line_u = u_ext[inputs]                             # (lines, k)
    line_ok = ~np.isnan(line_u).any(axis=1)
    entry_ok = np.ones(n, bool)
    entry_ok[entry[~line_ok]] = False

    # per result row: Eq. 3.1 of the activity and the factor part (Eq. 3.2 over the gases)
    x_entry = np.bincount(entry, weights=x, minlength=n)
    ef_var = np.bincount(entry, weights=(x * np.sqrt(np.sum(line_u[:, 1:] ** 2, axis=1))) ** 2, minlength=n)
    with np.errstate(invalid="ignore", divide="ignore"):
        ef_pct = np.sqrt(ef_var) / np.abs(x_entry)
    row_pct = np.where(entry_ok & (x_entry != 0), product_uncertainty(act_u[pos] if n_act else np.nan, ef_pct),
                       np.nan)

    _, level, _ = gpc_columns(gid, core["scope"], info)
    level = np.asarray(level, dtype=object)
    entry_masks = {"co2e_t": np.ones(n, bool), "basic_co2e_t": level == "BASIC",
                   "basic_plus_co2e_t": (level == "BASIC") | (level == "BASIC+")}
    masks = np.array([entry_masks[t][entry] for t in TOTALS])         # (totals, lines)
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
            m = masks[k] & ok
            var = 0.0
            for j in range(inputs.shape[1]):
                src = inputs[m, j]
                use = src >= 0
                expo = np.bincount(src[use], weights=x[m][use], minlength=len(u_in))
                var += float(np.nansum((u_in * expo) ** 2))
            cov = totals[t]["covered_t"]
            pct = float(np.sqrt(var) / abs(cov)) if cov else np.nan
            _fill(totals[t], pct, cov)
    else:
        samples = monte_carlo(x[ok], inputs[ok], np.nan_to_num(u_in), asym, draws=draws, seed=seed,
                              masks=masks[:, ok]) if ok.any() else np.zeros((draws, len(TOTALS)))
        for k, t in enumerate(TOTALS):
            s = summarise_draws(samples[:, k])
            tot = totals[t]
            tot.update(mean_t=s["mean_t"] if tot["complete"] else None,
                       p2_5_t=s["p2_5_t"] if tot["complete"] else None,
                       p97_5_t=s["p97_5_t"] if tot["complete"] else None,
                       lower_pct=s["lower_pct"] if tot["complete"] else None,
                       upper_pct=s["upper_pct"] if tot["complete"] else None)
            _fill(tot, s["half_width_pct"], tot["covered_t"])
            if tot["complete"]:                       # the drawn percentiles, not a symmetric ±
                tot["lower_t"], tot["upper_t"] = s["p2_5_t"], s["p97_5_t"]

    order = np.lexsort((core["scope"], core["row"]))              # the order of Inventory.rows
    missing = _missing(inv, order, entry_ok, entry, line_ok, inputs, names, u_in, n_act)
    return UncertaintyResult(method, totals, row_pct[order], missing,
                             draws if method == "montecarlo" else None, seed if method == "montecarlo" else None)


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
