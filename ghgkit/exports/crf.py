"""The GCoM Common Global Reporting Framework (CRF) emissions table of one inventory.

One row per CRF "Sector > Sub-sector"; per column (``direct`` = GPC scope 1,
``indirect`` = scope 2 grid-supplied energy, ``outside`` = scope 3) the tonnes of
CO2, CH4 and N2O, the CO2e, and a notation key where there is no number. The GPC
reference numbers behind each cell come from ``emission_factors/gcom_crf_mapping.csv``
(sources in its header; the choices are explained in ``docs/crf_mapping.md``).

Every tonne of the inventory lands in exactly one place: a mapped CRF cell, or the
"not mapped" block at the end (GPC references with no CRF row we can name a source
for), so the table always adds up to the inventory's total.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from ghgkit.data import data_path
from ghgkit.errors import InputError

COLUMNS = ("direct", "indirect", "outside")
COLUMN_TEXT = {
    "direct": "Direct emissions (GPC scope 1)",
    "indirect": "Indirect emissions from grid-supplied energy (GPC scope 2)",
    "outside": "Emissions outside the boundary from in-jurisdiction activities (GPC scope 3)",
}
GASES = ("co2_t", "ch4_t", "n2o_t", "co2e_t")
NOT_MAPPED = "Not mapped to the CRF"


def load_mapping(path: str | Path | None = None) -> pd.DataFrame:
    """The GPC → CRF mapping table (``emission_factors/gcom_crf_mapping.csv``)."""
    df = pd.read_csv(path or data_path("gcom_crf_mapping.csv"), comment="#", dtype=str, keep_default_na=False)
    bad = df.loc[~df["column"].isin(COLUMNS), "column"]
    if len(bad):
        raise InputError(f"CRF mapping: unknown column '{bad.iloc[0]}'", hint="use direct, indirect or outside")
    refs = df.loc[df["gpc_ref"] != "", "gpc_ref"]
    if refs.duplicated().any():
        raise InputError(f"CRF mapping: GPC reference {refs[refs.duplicated()].iloc[0]} is mapped twice")
    return df


def crf_table(inv, mapping: pd.DataFrame | None = None) -> pd.DataFrame:
    """The CRF table of *inv*.

    Parameters
    ----------
    inv : ghgkit.inventory.Inventory
    mapping : pandas.DataFrame, optional
        Defaults to :func:`load_mapping`.

    Returns
    -------
    pandas.DataFrame
        Columns ``crf_sector``, ``crf_subsector``, ``gpc_refs``, then for each of
        ``direct``, ``indirect``, ``outside``: ``<col>_co2_t``, ``<col>_ch4_t``,
        ``<col>_n2o_t``, ``<col>_co2e_t`` [t] and ``<col>_notation_key``; then
        ``co2_biogenic_t`` [t, memo] and ``notes``. Sector total rows have
        ``crf_subsector`` = ``Total``; the last rows are the GPC references with
        numbers that no CRF row takes (``crf_sector`` = ``Not mapped to the CRF``).
    """
    m = load_mapping() if mapping is None else mapping
    gpc = inv.gpc_table().set_index("gpc_ref")
    extra = inv.keys.groupby(inv.keys["gpc_ref"].astype(object))[["co2e_t"]].sum(min_count=1)
    # GPC references in the inventory that gpc_table does not list (IV, V, VI …) are kept too
    for ref in extra.index.difference(gpc.index):
        k = inv.keys[inv.keys["gpc_ref"].astype(object) == ref]
        gpc.loc[ref, ["co2_t", "ch4_t", "n2o_t", "co2e_t", "co2_biogenic_t"]] = \
            k[["co2_t", "ch4_t", "n2o_t", "co2e_t", "co2_biogenic_t"]].sum(min_count=1).to_numpy()
        gpc.loc[ref, "description"] = ""
        gpc.loc[ref, "scope"] = k["scope"].iloc[0]
    rows, order = {}, []
    for r in m.itertuples(index=False):
        key = (r.crf_sector, r.crf_subsector)
        if key not in rows:
            rows[key] = {"crf_sector": r.crf_sector, "crf_subsector": r.crf_subsector, "refs": [],
                         "cells": {c: [] for c in COLUMNS}, "included_in": {}, "notes": []}
            order.append(key)
        row = rows[key]
        if r.gpc_ref:
            row["refs"].append(r.gpc_ref)
            row["cells"][r.column].append(r.gpc_ref)
        if r.included_in:
            row["included_in"][r.column] = r.included_in
        if r.notes and r.notes != "as above" and r.notes not in row["notes"]:
            row["notes"].append(r.notes)
    out = []
    for key in order:
        row = rows[key]
        rec = {"crf_sector": row["crf_sector"], "crf_subsector": row["crf_subsector"],
               "gpc_refs": ", ".join(row["refs"])}
        for c in COLUMNS:
            rec.update(_cell(gpc, row["cells"][c], c))
        rec["co2_biogenic_t"] = _sum(gpc, row["refs"], "co2_biogenic_t")
        rec["notes"] = "; ".join(row["notes"])
        out.append(rec)
    df = pd.DataFrame(out)
    # a row included elsewhere: IE where the including row has a number, else that row's key
    for key in order:
        for c, host in rows[key]["included_in"].items():
            i = order.index(key)
            h = df.index[(df["crf_sector"] == key[0]) & (df["crf_subsector"] == host)][0]
            if not pd.isna(df.at[h, f"{c}_co2e_t"]):
                df.at[i, f"{c}_notation_key"] = "IE"
            else:
                df.at[i, f"{c}_notation_key"] = df.at[h, f"{c}_notation_key"]
    df = _with_totals(df)
    mapped = set(m.loc[m["gpc_ref"] != "", "gpc_ref"])
    left = [ref for ref in gpc.index if ref not in mapped
            and (not pd.isna(gpc.at[ref, "co2e_t"]) or not pd.isna(gpc.at[ref, "notation_key"]))]
    if left:
        rest = []
        for ref in left:
            col = COLUMNS[int(gpc.at[ref, "scope"]) - 1] if not pd.isna(gpc.at[ref, "scope"]) else "direct"
            rec = {"crf_sector": NOT_MAPPED, "crf_subsector": ref, "gpc_refs": ref}
            for c in COLUMNS:
                rec.update(_cell(gpc, [ref] if c == col else [], c))
            rec["co2_biogenic_t"] = _sum(gpc, [ref], "co2_biogenic_t")
            rec["notes"] = (str(gpc.at[ref, "description"]) if "description" in gpc else "") + \
                " — no CRF row with a named source; see docs/crf_mapping.md"
            rest.append(rec)
        df = pd.concat([df, pd.DataFrame(rest)], ignore_index=True)
    return df


def _sum(gpc: pd.DataFrame, refs: list[str], col: str) -> float:
    vals = gpc[col].reindex(refs).to_numpy(dtype=float) if refs else np.array([])
    return float(np.nansum(vals)) if len(vals) and not np.isnan(vals).all() else np.nan


def _cell(gpc: pd.DataFrame, refs: list[str], c: str) -> dict:
    out = {f"{c}_{g}": _sum(gpc, refs, g) for g in GASES}
    key = ""
    if refs and np.isnan(out[f"{c}_co2e_t"]):
        keys = sorted({k for ref in refs if ref in gpc.index
                       for k in str(gpc.at[ref, "notation_key"] or "").split("/") if k and k != "nan"})
        key = "/".join(keys)
    out[f"{c}_notation_key"] = key
    return out


def _with_totals(df: pd.DataFrame) -> pd.DataFrame:
    """A ``Total`` row after each sector (numbers summed; NaN where the sector has none)."""
    parts = []
    num = [f"{c}_{g}" for c in COLUMNS for g in GASES] + ["co2_biogenic_t"]
    for sector, g in df.groupby("crf_sector", sort=False):
        parts.append(g)
        tot = {"crf_sector": sector, "crf_subsector": "Total", "gpc_refs": "", "notes": ""}
        for n in num:
            tot[n] = g[n].sum(min_count=1)
        for c in COLUMNS:
            tot[f"{c}_notation_key"] = ""
        parts.append(pd.DataFrame([tot]))
    return pd.concat(parts, ignore_index=True)


def check_path(path) -> Path:
    """Refuse (before anything is computed or written) a CRF output that is not .csv or .xlsx."""
    path = Path(path)
    if path.suffix.lower() not in (".csv", ".xlsx"):
        raise InputError("the CRF table is written as .csv or .xlsx", location=str(path),
                         hint="name the file e.g. crf.csv or crf.xlsx")
    return path


def write_crf(inv, path) -> Path:
    """Write the CRF table of *inv* as ``.csv`` or ``.xlsx`` (chosen by the suffix), atomically."""
    from ghgkit.io.output import atomic_path, inert_series

    path = check_path(path)
    df = crf_table(inv)
    if path.suffix.lower() == ".csv":
        text = df.copy()
        for c in ("crf_sector", "crf_subsector", "gpc_refs", "notes"):
            text[c] = inert_series(text[c].astype(object))
        with atomic_path(path) as tmp:
            text.to_csv(tmp, index=False)
        return path
    _write_xlsx(inv, df, path)
    return path


def _write_xlsx(inv, df: pd.DataFrame, path: Path) -> None:
    from ghgkit.io.output import ExcelText, atomic_path, excel_workbook

    with atomic_path(path, suffix=".xlsx") as tmp:
        wb = excel_workbook(tmp)
        ws = wb.add_worksheet("CRF")
        xt = ExcelText(wb)
        title = wb.add_format({"bold": True, "font_size": 14, "font_color": "#1F3B57"})
        note = wb.add_format({"italic": True, "font_color": "#555555"})
        head = wb.add_format({"bold": True, "bg_color": "#1F3B57", "font_color": "#FFFFFF", "text_wrap": True,
                              "border": 1, "valign": "top"})
        t = wb.add_format({"num_format": "#,##0.00"})
        tb = wb.add_format({"num_format": "#,##0.00", "bold": True, "top": 1})
        key = wb.add_format({"align": "center", "font_color": "#7F6000", "bg_color": "#FFF2CC"})
        bold = wb.add_format({"bold": True})
        s = inv.settings
        xt.write(ws, 0, 0, f"{s.city or 'City'} — GCoM Common Reporting Framework, inventory year "
                           f"{s.inventory_year}", title)
        ws.write_string(1, 0, f"t of each gas; CO2e with the {inv.gwp} GWP set (100-year). Mapping from GPC "
                              "references: docs/crf_mapping.md", note)
        heads = ["Sector", "Sub-sector", "GPC references"]
        for c in COLUMNS:
            heads += [f"{COLUMN_TEXT[c]}: CO2 (t)", "CH4 (t)", "N2O (t)", "CO2e (t)", "Notation key"]
        heads += ["Biogenic CO2 (t, memo)", "Notes"]
        hr = 3
        ws.set_row(hr, 45)
        for i, h in enumerate(heads):
            ws.write_string(hr, i, h, head)
        cols = ["crf_sector", "crf_subsector", "gpc_refs"]
        for c in COLUMNS:
            cols += [f"{c}_co2_t", f"{c}_ch4_t", f"{c}_n2o_t", f"{c}_co2e_t", f"{c}_notation_key"]
        cols += ["co2_biogenic_t", "notes"]
        for r, rec in enumerate(df.to_dict("records"), start=hr + 1):
            total = rec["crf_subsector"] == "Total"
            for i, name in enumerate(cols):
                v = rec[name]
                if name.endswith("_t"):
                    if not pd.isna(v):
                        ws.write_number(r, i, float(v), tb if total else t)
                elif name.endswith("notation_key"):
                    if v:
                        ws.write_string(r, i, str(v), key)
                elif v not in ("", None) and not (isinstance(v, float) and np.isnan(v)):
                    xt.write(ws, r, i, v, bold if total else None)
        ws.freeze_panes(hr + 1, 2)
        ws.set_column(0, 0, 30)
        ws.set_column(1, 1, 34)
        ws.set_column(2, 2, 18)
        ws.set_column(3, len(heads) - 2, 12)
        ws.set_column(len(heads) - 1, len(heads) - 1, 60)
        wb.close()
