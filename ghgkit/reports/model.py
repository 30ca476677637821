"""The data of an inventory report, gathered once and shown by both writers (Excel and HTML)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from types import SimpleNamespace

import numpy as np
import pandas as pd

from ghgkit import __version__
from ghgkit.provenance import FactorUse
from ghgkit.reports.format import DERIVED_KEY, LEVEL_TEXT, SCOPE_LABELS, SECTOR_LABELS, _nan, _num, _text, fmt_value
from ghgkit.schema import DATA_QUALITY, NOTATION_KEYS, SECTORS, gpc_levels


@dataclass
class ReportData:
    meta: dict
    totals: dict
    gwp_values: dict
    sectors: list[dict]
    scopes: list[dict]
    gpc: list[dict]
    matrix: list[dict]
    calc: list[dict]
    factors: list[FactorUse]
    sources: list[dict]
    quality: list[dict]
    keys_used: list[dict]
    warnings: list[str]
    has_derived_keys: bool = False
    #: factor id -> number of result rows that used it
    factor_rows: dict = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    #: landfill CH4 per year (``Inventory.landfill_series``), one dict per year; empty without landfill rows
    landfill: list[dict] = field(default_factory=list)
    #: every calculation row, columnar (the Excel report writes all of them from it)
    trail: "CalcTrail | None" = None


@dataclass
class CalcTrail:
    """The calculation rows as columns, with the factors per combination of rows.

    Attributes
    ----------
    rows : pandas.DataFrame
        ``Inventory.rows`` (possibly only :data:`SUMMARY_COLUMNS` when built with ``trail_rows=False``;
        for the Excel report the Calculation sheet's columns, text as categoricals).
    combo : numpy.ndarray
        Per row, its row group (``Inventory.row_groups``): an index into *uses* and *props*.
    uses : list of list of FactorUse
        Per group, the values its rows cite, in that order.
    props : list of list of FactorUse
        Per group, the density / NCV rows behind its conversion.
    """

    rows: pd.DataFrame
    combo: np.ndarray
    uses: list
    props: list
    #: the activity table's place columns (file, sheet, cell, line), when *rows* lacks them: a row's
    #: place is at its ``row``
    places: pd.DataFrame | None = None
    #: ``values(column, lo, hi)``: a number column of rows *lo*..*hi* (``energy_tj``, the gases,
    #: ``co2e_t``), when *rows* lacks them (computed a chunk at a time)
    values: object = None


def _calc_trail(inv, rows: pd.DataFrame) -> CalcTrail:
    """The factors of every result row, once per row group (the calculator contract: each
    group carries its ``uses`` and ``conversion_uses``); nothing is re-resolved from ids."""
    groups = np.asarray(inv.row_groups, dtype=np.int64) if len(rows) else np.zeros(0, dtype=np.int64)
    uses_all, props_all = [], []
    for g, info in enumerate(inv.info):
        if "uses" not in info:
            raise TypeError(f"row group {g} ({info.get('sector')}) carries no 'uses': every sector calculator "
                            "returns its FactorUse records (ghgkit.sectors.common)")
        uses_all.append(list(info["uses"]))
        props_all.append(list(info.get("conversion_uses", ())))
    return CalcTrail(rows, groups, uses_all, props_all)


def _texts(col: pd.Series) -> list[str]:
    """A column as :func:`~ghgkit.provenance.as_text` gives each cell ('' where missing)."""
    if isinstance(col.dtype, pd.CategoricalDtype):        # each category's text once; code -1 (missing) is ''
        table = [v if isinstance(v, str) else _text(v) for v in col.cat.categories.tolist()] + [""]
        return [table[c] for c in col.cat.codes.tolist()]
    vals = col.astype(object).where(col.notna(), "").tolist()
    return [v if isinstance(v, str) else _text(v) for v in vals]


def _numbers(col: pd.Series) -> list:
    """A column as :func:`~ghgkit.provenance.as_number` gives each cell (None: missing, text, inf)."""
    if col.dtype.kind not in "iuf":
        return [_num(v) for v in col.tolist()]
    a = col.to_numpy(dtype=float, na_value=np.nan)
    out = a.astype(object)
    out[~np.isfinite(a)] = None
    return out.tolist()


def _calc_rows(shown: pd.DataFrame, uses: list, combo: np.ndarray) -> list[dict]:
    """The audit-trail rows the HTML page shows, one dict each, built column by column."""
    n = len(shown)
    if not n:
        return []
    col = (lambda c: shown[c] if c in shown.columns else pd.Series([None] * n, index=shown.index))
    txt = {c: _texts(col(c)) for c in ("sector", "subsector", "activity", "method", "gpc_ref", "level", "unit",
                                       "conversion", "notation_key", "data_quality", "source", "notes",
                                       "calc_notes")}
    num = {c: _numbers(col(c)) for c in ("amount", "energy_tj", "co2_t", "ch4_t", "n2o_t", "co2_biogenic_t",
                                         "co2e_t", "uncertainty_pct")}
    row = col("row")
    ns = np.where(row.isna().to_numpy(), np.arange(1, n + 1), row.fillna(0).to_numpy(dtype=float) + 1)
    scope = [None if s is None else int(s) for s in _numbers(col("scope"))]
    where = [_location(*v) for v in zip(col("file").tolist(), col("sheet").tolist(), col("cell").tolist(),
                                        col("line").tolist())]
    labels = {k: v[1] for k, v in SECTOR_LABELS.items()}
    return [{
        "n": int(ns[i]), "where": where[i],
        "sector": txt["sector"][i], "sector_label": labels.get(txt["sector"][i], txt["sector"][i]),
        "subsector": txt["subsector"][i], "activity": txt["activity"][i], "method": txt["method"][i],
        "gpc_ref": txt["gpc_ref"][i], "scope": scope[i],
        "level": txt["level"][i], "amount": num["amount"][i], "unit": txt["unit"][i],
        "energy_tj": num["energy_tj"][i],
        "factors": list(uses[combo[i]]), "combo": int(combo[i]), "conversion": txt["conversion"][i],
        "co2_t": num["co2_t"][i], "ch4_t": num["ch4_t"][i], "n2o_t": num["n2o_t"][i],
        "co2_biogenic_t": num["co2_biogenic_t"][i], "co2e_t": num["co2e_t"][i],
        "notation_key": txt["notation_key"][i], "data_quality": txt["data_quality"][i],
        "uncertainty_pct": num["uncertainty_pct"][i], "source": txt["source"][i], "notes": txt["notes"][i],
        "calc_notes": txt["calc_notes"][i],
    } for i in range(n)]


def _location(file, sheet, cell, line) -> str:
    if not _nan(sheet) and sheet:
        return f"{sheet}!{_text(cell)}" if not _nan(cell) and cell else str(sheet)
    if not _nan(line):
        name = os.path.basename(str(file)) if not _nan(file) and file else ""
        return f"{name} line {int(line)}".strip()
    return os.path.basename(str(file)) if not _nan(file) and file else ""


def _split_desc(desc: str) -> tuple[str, str]:
    sub, _, what = desc.partition(": ")
    return sub, what


#: the columns of the result rows the report's totals and tables need (the HTML page builds
#: only these for every row, and all columns for the rows it shows)
SUMMARY_COLUMNS = ["row", "scope", "sector", "notation_key", "data_quality", "co2e_t"]


def _per_activity_row(rows: pd.DataFrame) -> tuple[np.ndarray, np.ndarray] | None:
    """(position of each activity row's first result row, its CO2e summed over its result rows as
    pandas' grouped sum with ``min_count=1`` gives it), for rows in activity-row order with at most
    two result rows per activity row (a row and its T&D loss row; the sum of two is exact in the
    compensated sum too); None otherwise."""
    row = rows["row"].to_numpy()
    n = len(row)
    if not n or (row[1:] < row[:-1]).any():
        return None
    first = np.ones(n, dtype=bool)
    first[1:] = row[1:] != row[:-1]
    starts = np.flatnonzero(first)
    length = np.diff(np.append(starts, n))
    if (length > 2).any():
        return None
    co2e = rows["co2e_t"].to_numpy(dtype=float)
    out = co2e[starts]
    two = length == 2
    if two.any():
        a, b = out[two], co2e[starts[two] + 1]
        out[two] = np.where(np.isnan(a), b, np.where(np.isnan(b), a, a + b))
    return starts, out


def _count_distinct(row: pd.Series) -> int:
    """How many distinct activity rows (positions, integers >= 0) *row* holds: counted with a flag
    per position (``nunique`` hashes them into a table the size of the rows, ~30 MB per million)."""
    r = row.to_numpy()
    if not len(r):
        return 0
    if r.dtype.kind not in "iu" or r.min() < 0:
        return int(row.nunique())
    seen = np.zeros(int(r.max()) + 1, dtype=bool)
    seen[r] = True
    return int(np.count_nonzero(seen))


def _quality_sums(rows: pd.DataFrame) -> list[tuple[str, int, float]]:
    """(data quality level, activity rows, their CO2e) per level, then '' for rows without one
    (only when there are such rows)."""
    per = _per_activity_row(rows)
    if per is None:                  # any order or grouping: through pandas
        act = rows.drop_duplicates("row") if len(rows) else rows
        co2e_by_row = rows.groupby("row")["co2e_t"].sum(min_count=1) if len(rows) else pd.Series(dtype=float)
        dq = act["data_quality"].astype(object).where(act["data_quality"].notna(), "") if len(act) else pd.Series([])
        groups = [(level, act.loc[dq == level, "row"] if len(act) else []) for level in list(DATA_QUALITY) + [""]]
        sums = [(level, len(ids), float(co2e_by_row.reindex(ids).sum()) if len(ids) else 0.0) for level, ids in groups]
    else:
        starts, co2e = per
        levels = list(DATA_QUALITY) + [""]
        level = _level_numbers(rows["data_quality"].take(starts), levels)
        sums = []
        for k, name in enumerate(levels):
            mask = level == k
            n = int(mask.sum())
            sums.append((name, n, float(pd.Series(co2e[mask]).sum()) if n else 0.0))
    return [(level, n, v) for level, n, v in sums if n or level != ""]


def _level_numbers(dq: pd.Series, levels: list[str]) -> np.ndarray:
    """Each row's data quality as its position in *levels* (whose last is ''): a missing value is
    '', a value not in *levels* -1; a categorical through its categories (a byte a row, not a text
    column of the rows)."""
    if isinstance(dq.dtype, pd.CategoricalDtype):      # (categories are never missing)
        lut = [levels.index(v) if isinstance(v, str) and v in levels else -1 for v in dq.cat.categories]
        return np.array(lut + [len(levels) - 1], dtype=np.int8)[dq.cat.codes.to_numpy()]
    text = dq.astype(object).where(dq.notna(), "").to_numpy()
    out = np.full(len(text), -1, dtype=np.int8)
    for k, name in enumerate(levels):
        out[text == name] = k
    return out


def _sector_scope_sums(rows: pd.DataFrame) -> dict:
    """CO2e per (sector as text, scope) over the result rows, as the former pivot table gave it
    (``pivot_table(index=sector text, columns=scope, aggfunc="sum", fill_value=0.0)``): the groups
    numbered in the same sorted order, so pandas takes the same summing route, a NaN sum shown as
    0.0; over one integer key per row instead of a frame of text keys."""
    if not len(rows):
        return {}
    s = rows["sector"]
    if isinstance(s.dtype, pd.CategoricalDtype):
        text = s.cat.categories.astype(str)
        order, uniq = pd.factorize(text, sort=True)
        codes = np.append(order, -1)[s.cat.codes.to_numpy()].astype(np.int64)
    else:
        codes, uniq = pd.factorize(s.astype(str), sort=True)
    # one number per (sector, scope), the rows without a sector first, as a categorical over all the
    # numbers: pandas numbers the present ones in that order (as it numbered the sorted integer key)
    # from the codes as given, where an integer key was hashed into a table the size of the rows
    # (~58 MB for a million); the same numbers, so the same summing route
    key = (codes + 1) * 3 + (rows["scope"].to_numpy().astype(np.int64) - 1)
    group = pd.Categorical.from_codes(key, categories=np.arange(3 * (len(uniq) + 1)))
    sums = rows["co2e_t"].groupby(group, observed=True).sum().fillna(0.0)
    return {(str(uniq[k // 3 - 1]), k % 3 + 1): float(v) for k, v in sums.items() if k >= 3}


def build_report(inv, max_rows: int | None = None, trail_rows: bool = True, charts=None) -> ReportData:
    """Gather everything both reports show, in the order they show it.

    Parameters
    ----------
    inv : ghgkit.inventory.Inventory
    max_rows : int, optional
        Keep at most this many calculation rows (the HTML page caps its audit trail);
        factors and sources are still gathered from every row.
    trail_rows : bool
        ``trail.rows`` is every result row with every column (``Inventory.rows``: the Excel
        report writes them all); False: only :data:`SUMMARY_COLUMNS` of every row are built
        (the HTML page; a million-row inventory is not copied into text columns for it).
    charts : callable, optional
        Called with what the charts show (``sectors``, ``scopes`` and ``landfill``, as in the
        result) as soon as it is known, before the rest is gathered: the HTML page sends it
        to the chart helper then.
    """
    from ghgkit.gwp import gwp_values

    s, t = inv.settings, inv.totals
    light = not trail_rows and "rows" not in inv.__dict__
    rows = inv._materialise(SUMMARY_COLUMNS, categorical=True) if light else inv.rows
    gwp = gwp_values(inv.gwp)
    total = t["co2e_t"]

    # by sector, in GPC order
    bys = inv.by_sector()
    keyed = rows.loc[rows["notation_key"].notna(), ["sector", "notation_key"]]
    sectors = []
    for key in SECTORS:
        if key not in bys.index:
            continue
        r = bys.loc[key]
        ref, label = SECTOR_LABELS.get(key, ("", key))
        co2e = _num(r["co2e_t"])
        keys = sorted(set(keyed.loc[keyed["sector"] == key, "notation_key"]))
        sectors.append({"key": key, "ref": ref, "label": label, "co2_t": _num(r["co2_t"]), "keys": keys,
                        "ch4_t": _num(r["ch4_t"]), "n2o_t": _num(r["n2o_t"]), "co2e_t": co2e,
                        "co2_biogenic_t": _num(r["co2_biogenic_t"]),
                        "share": co2e / total if total and co2e is not None else None})
    # by scope, per sector too (for the stacked chart)
    scope_tot = inv.by_scope()
    scopes = []
    for sc in (1, 2, 3):
        v = float(scope_tot.get(sc, 0.0)) if len(scope_tot) else 0.0
        scopes.append({"scope": sc, "label": SCOPE_LABELS[sc], "co2e_t": v, "share": v / total if total else None})
    by_sector_scope = _sector_scope_sums(rows)
    for sec in sectors:
        sec["by_scope"] = {sc: by_sector_scope.get((sec["key"], sc), 0.0) for sc in (1, 2, 3)}
    landfill = _landfill_rows(inv)
    if charts is not None:
        charts(SimpleNamespace(sectors=sectors, scopes=scopes, landfill=landfill))

    # GPC table: one row per reference number
    g = inv.gpc_table()
    levels = gpc_levels()
    gpc, has_derived = [], False
    for r in g.itertuples(index=False):
        sub, what = _split_desc(levels.get(r.gpc_ref, (0, "", r.description))[2])
        has_number = _num(r.co2e_t) is not None
        key = _text(r.notation_key)
        derived = not has_number and not key
        has_derived |= derived
        gpc.append({"ref": r.gpc_ref, "subsector": sub, "description": what, "scope": int(r.scope),
                    "level": r.level, "level_text": LEVEL_TEXT.get(r.level, r.level),
                    "co2_t": _num(r.co2_t), "ch4_t": _num(r.ch4_t), "n2o_t": _num(r.n2o_t),
                    "co2e_t": _num(r.co2e_t), "co2_biogenic_t": _num(r.co2_biogenic_t),
                    "key": DERIVED_KEY if derived else key, "derived": derived, "has_number": has_number,
                    "sector_group": r.gpc_ref.split(".")[0]})

    # sub-sector x scope matrix (the GPC summary layout)
    matrix, seen = [], {}
    for row in gpc:
        prefix = ".".join(row["ref"].split(".")[:2])
        if prefix not in seen:
            seen[prefix] = {"prefix": prefix, "label": row["subsector"], "group": row["sector_group"],
                            "cells": {1: None, 2: None, 3: None}, "basic": 0.0, "basic_plus": 0.0,
                            "has_number": False}
            matrix.append(seen[prefix])
        m = seen[prefix]
        cell = m["cells"][row["scope"]]
        if cell is None:
            cell = m["cells"][row["scope"]] = {"value": None, "keys": []}
        if row["has_number"]:
            cell["value"] = (cell["value"] or 0.0) + row["co2e_t"]
            m["has_number"] = True
        if row["key"] and row["key"] not in cell["keys"]:
            cell["keys"].append(row["key"])
        v = row["co2e_t"] or 0.0
        if row["level"] == "BASIC":
            m["basic"] += v
        if row["level"] in ("BASIC", "BASIC+"):
            m["basic_plus"] += v

    # calculation rows and the factors they used: per row group, counted with one bincount;
    # dicts only for the rows shown
    trail = _calc_trail(inv, rows)
    used_rows: dict[str, int] = {}
    counts = np.bincount(trail.combo, minlength=len(trail.uses)) if len(trail.combo) else np.zeros(0, int)
    seen: dict[str, FactorUse] = {}
    for k in np.flatnonzero(counts):
        for u in trail.uses[k] + trail.props[k]:
            used_rows[u.id] = used_rows.get(u.id, 0) + int(counts[k])
            seen.setdefault(u.id, u)
    n_show = len(rows) if max_rows is None else min(max_rows, len(rows))
    calc = _calc_rows(inv.rows_head(n_show) if light else rows.iloc[:n_show], trail.uses, trail.combo[:n_show])
    factors = list(seen.values())
    kind_order = {"emission factor": 0, "fuel property": 1, "parameter": 2, "setting": 3, "unknown": 4}
    factors.sort(key=lambda f: (kind_order.get(f.kind, 9), f.id))

    # sources cited by the factors used
    srcs: dict[str, dict] = {}
    for f in factors:
        if f.kind in ("setting", "unknown"):
            continue
        k = f.source or f.source_text
        d = srcs.setdefault(k, {"key": f.source, "text": f.source_text or f.source, "refs": [], "ids": []})
        if f.source_ref and f.source_ref not in d["refs"]:
            d["refs"].append(f.source_ref)
        d["ids"].append(f.id)
    sources = sorted(srcs.values(), key=lambda d: d["text"])

    # data quality: activity rows (an activity row may give several result rows)
    quality = []
    for level, n, v in _quality_sums(rows):
        quality.append({"level": level or "not given", "rows": n, "co2e_t": v, "share": v / total if total else None})

    nk = rows["notation_key"].dropna().astype(str) if len(rows) else pd.Series([], dtype=str)
    counts = nk.value_counts()
    keys_used = [{"key": k, "meaning": NOTATION_KEYS[k], "rows": int(counts.get(k, 0))} for k in NOTATION_KEYS]

    meta = {
        "city": s.city or "", "country": s.country or "", "year": s.inventory_year,
        "population": s.population, "gwp": inv.gwp, "edition": s.edition,
        "edition_text": "2006 IPCC Guidelines" if str(s.edition) == "2006"
        else "2006 IPCC Guidelines with the 2019 Refinement",
        "climate_zone": s.climate_zone or "", "grid_ef": s.grid_ef, "td_loss_rate": s.td_loss_rate,
        "version": __version__, "n_rows": len(rows), "n_activity_rows": _count_distinct(rows["row"]),
        "n_calc_shown": len(calc),
    }
    return ReportData(meta=meta, totals=dict(t), gwp_values=gwp, sectors=sectors, scopes=scopes, gpc=gpc,
                      matrix=matrix, calc=calc, factors=factors, factor_rows=used_rows, sources=sources, quality=quality,
                      keys_used=keys_used, warnings=list(inv.warnings), has_derived_keys=has_derived,
                      landfill=landfill, trail=trail)


def _landfill_rows(inv) -> list[dict]:
    """The landfill CH4 series as dicts (year, deposited, generated, recovered, emitted, backcast)."""
    a = inv.activity
    if not len(a) or "subsector" not in a.columns:
        return []
    has = ((a["sector"].astype(object) == "waste") & (a["subsector"].astype(object) == "landfill")
           & a["amount"].notna())
    if not has.any():
        return []
    s = inv.landfill_series()
    return [{"year": int(r.year), "deposited_t": _num(r.deposited_t), "generated_t": _num(r.ch4_generated_t),
             "recovered_t": _num(r.ch4_recovered_t), "emitted_t": _num(r.ch4_emitted_t),
             "backcast": bool(r.backcast)} for r in s.itertuples(index=False)]


def co2e_formula(gwp: dict, gwp_set: str, value=fmt_value) -> str:
    """The CO2e sum with the GWP values, written by *value* (a language's :meth:`Translator.value`)."""
    return (f"CO2e = CO2 + {value(gwp['CH4'])} × CH4 + {value(gwp['N2O'])} × N2O "
            f"({gwp_set}, 100-year GWP); biogenic CO2 is a memo item outside the totals")
