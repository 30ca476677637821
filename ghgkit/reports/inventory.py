"""Reports of an inventory: an Excel workbook and a self-contained HTML page.

Both show every number's arithmetic: the input cell, the amount, the factors applied
(value, unit, source), the conversion (density, NCV) and the result per gas and CO2e.

``write_excel(inv, path)`` writes the sheets ``Summary``, ``GPC table``,
``Calculation`` and ``Factors`` with xlsxwriter (native charts, frozen headers).
``write_html(inv, path)`` renders ``templates/report.html.j2`` with jinja2
(autoescape on) into one file with no external resource: charts are inline SVG
drawn by matplotlib, imported only here.

User text (city name, notes, sources, units, file names) is never trusted: in
Excel it goes through :class:`ghgkit.io.output.ExcelText` and ``write_string`` (never a
formula); in HTML it is escaped by the template engine. Both files are written to
a temporary file and renamed into place, so a failed write leaves an existing
report untouched.
"""

from __future__ import annotations

import math
import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from ghgkit import __version__
from ghgkit.io.output import ExcelText, atomic_path
from ghgkit.schema import DATA_QUALITY, NOTATION_KEYS, SECTORS, gpc_levels

#: sector key -> (GPC reference, label users read)
SECTOR_LABELS = {
    "household": ("I.1", "Residential buildings"),
    "building": ("I.2", "Commercial and institutional buildings"),
    "industry": ("I.3", "Manufacturing industries and construction"),
    "energy_industry": ("I.4", "Energy industries"),
    "agriculture": ("I.5", "Agriculture, forestry and fishing"),
    "transport": ("II", "Transportation"),
    "waste": ("III.1–III.3", "Solid waste"),
    "wastewater": ("III.4", "Wastewater"),
}
SCOPE_LABELS = {1: "Scope 1 (in the city)", 2: "Scope 2 (grid energy)", 3: "Scope 3 (outside the city)"}
LEVEL_TEXT = {"BASIC": "BASIC", "BASIC+": "BASIC+", "other": "reported only"}
#: mark of a notation key that ghgkit supplies where the input gave neither a number nor a key
DERIVED_KEY = "NE*"
DERIVED_KEY_NOTE = ("NE* = no activity data and no notation key in the input for this reference, so it "
                    "is not estimated. Write NO, IE or C on an input row where one of those applies.")
#: settings that the calculators cite as factor ids, with their unit
SETTING_UNITS = {"grid_ef": "t CO2/MWh", "td_loss_rate": "fraction of grid supply lost"}

GAS_COLS = ["co2_t", "ch4_t", "n2o_t", "co2_biogenic_t", "co2e_t"]


def _readable(tmp: Path) -> None:
    """Give the finished temporary file the usual permissions (mkstemp makes it owner-only)."""
    mask = os.umask(0)
    os.umask(mask)
    os.chmod(tmp, 0o666 & ~mask)


def _nan(v) -> bool:
    return v is None or (isinstance(v, float) and math.isnan(v)) or v is pd.NA or v is pd.NaT


def _text(v) -> str:
    """A cell value as text ('' for missing)."""
    if _nan(v):
        return ""
    if isinstance(v, (float, np.floating)) and float(v).is_integer():
        return str(int(v))
    return str(v)


def _num(v) -> float | None:
    if _nan(v):
        return None
    try:
        f = float(v)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(f) or math.isinf(f) else f


def fmt_number(v, digits: int | None = None) -> str:
    """Readable number: thousands separators, digits chosen by size unless given."""
    f = _num(v)
    if f is None:
        return ""
    if digits is None:
        a = abs(f)
        digits = 0 if a >= 1000 else 1 if a >= 100 else 2 if a >= 1 else 4 if a >= 0.001 else 6
        if a == 0:
            digits = 0
    return f"{f:,.{digits}f}"


def fmt_value(v) -> str:
    """A factor value: up to 6 significant figures, no trailing zeros."""
    f = _num(v)
    if f is None:
        return _text(v)
    if f != 0 and (abs(f) >= 1e7 or abs(f) < 1e-4):
        return f"{f:.6g}"
    s = f"{f:,.6f}".rstrip("0").rstrip(".")
    return s


# -- the report's data, shared by both writers ----------------------------------------------
@dataclass
class FactorUse:
    """One factor, property, parameter or setting used, with its provenance."""

    id: str
    kind: str                      # emission factor | fuel property | parameter | setting | unknown
    activity: str = ""
    what: str = ""                 # gas or property name
    value: float | str | None = None
    unit: str = ""
    sector: str = ""
    region: str = ""
    valid: str = ""
    edition: str = ""
    low: float | None = None
    high: float | None = None
    source: str = ""               # source key
    source_text: str = ""          # full citation
    source_ref: str = ""           # table or equation
    notes: str = ""
    file: str = ""
    origin: str = ""               # default table | user override | settings
    rows: int = 0

    def short(self) -> str:
        """'CO2 74,100 kg/TJ' (what, value, unit)."""
        parts = [self.what, fmt_value(self.value) if self.value is not None else "", self.unit]
        return " ".join(p for p in parts if p)

    def cite(self) -> str:
        """Where the value comes from, briefly."""
        if self.kind == "setting":
            return self.source_text
        bits = [b for b in (self.source_ref, self.source_text if not self.source_ref else "") if b]
        if not bits:
            bits = [self.source]
        return "; ".join(bits)


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
    notes: list[str] = field(default_factory=list)
    #: landfill CH4 per year (``Inventory.landfill_series``), one dict per year; empty without landfill rows
    landfill: list[dict] = field(default_factory=list)


@lru_cache(maxsize=1)
def _waste_parameters() -> tuple[pd.DataFrame, dict]:
    """The waste/wastewater parameter table and its source texts ('' frames when absent)."""
    from ghgkit.data import data_path

    path = data_path("waste_parameters.csv")
    if not path.is_file():
        return pd.DataFrame(columns=["param_id"]), {}
    sources = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        m = re.match(r"#\s*source\s+([\w.-]+)\s*:\s*(.+)", line)
        if m:
            sources[m.group(1)] = m.group(2).strip()
    df = pd.read_csv(path, comment="#", dtype=str, keep_default_na=False)
    return df, sources


class _FactorBook:
    """Look up every id a result row cites: library factors, properties, parameters, settings."""

    def __init__(self, inv):
        self.inv = inv
        lib = inv.library
        self.frames = [
            (lib.override_factors, "factor_id", "emission factor", "user override"),
            (lib.factors, "factor_id", "emission factor", "default table"),
            (lib.override_properties, "property_id", "fuel property", "user override"),
            (lib.properties, "property_id", "fuel property", "default table"),
        ]
        self.cache: dict[str, FactorUse] = {}
        self.order: list[str] = []
        self._conv_cache: dict[tuple, list[FactorUse]] = {}

    def get(self, fid: str) -> FactorUse:
        if fid in self.cache:
            return self.cache[fid]
        use = self._find(fid)
        self.cache[fid] = use
        self.order.append(fid)
        return use

    def _find(self, fid: str) -> FactorUse:
        for df, key, kind, origin in self.frames:
            if key not in df.columns or not len(df):
                continue
            hit = df[df[key] == fid]
            if len(hit):
                return self._from_row(fid, kind, origin, hit.iloc[-1])
        s = self.inv.settings
        if fid.startswith("setting:"):          # a waste parameter the user set (waste_inventory)
            fid = fid.split(":", 1)[1]
        if fid in type(s).model_fields or fid in (s.model_extra or {}):
            v = getattr(s, fid, None) if fid in type(s).model_fields else s.extra(fid)
            return FactorUse(id=fid, kind="setting", what=fid, value=v, unit=SETTING_UNITS.get(fid, ""),
                             source="settings", source_text=f"setting {fid}",
                             origin="settings")
        wp, sources = _waste_parameters()
        if "param_id" in wp.columns and len(wp):
            hit = wp[wp["param_id"] == fid]
            if len(hit):
                r = hit.iloc[-1]
                src = r.get("source", "")
                return FactorUse(id=fid, kind="parameter", activity=_text(r.get("key")),
                                 what=_text(r.get("parameter")), value=_num(r.get("value")) if _num(
                                     r.get("value")) is not None else _text(r.get("value")),
                                 unit=_text(r.get("unit")), region=_text(r.get("region")),
                                 edition=_text(r.get("edition")), source=src,
                                 source_text=sources.get(src, src), source_ref=_text(r.get("source_ref")),
                                 notes=_text(r.get("notes")), file="waste_parameters.csv",
                                 origin="default table")
        return FactorUse(id=fid, kind="unknown", source_text="not found in the factor library or settings")

    @staticmethod
    def _from_row(fid, kind, origin, r) -> FactorUse:
        vf, vt = _text(r.get("valid_from")), _text(r.get("valid_to"))
        valid = f"{vf}–{vt}" if vt else (f"from {vf}" if vf else "")
        what = _text(r.get("gas")) if kind == "emission factor" else _text(r.get("property"))
        sector = "/".join(x for x in (_text(r.get("sector")), _text(r.get("subsector"))) if x)
        if kind == "fuel property" and _text(r.get("fuel")):
            sector = f"fuel {_text(r.get('fuel'))}"
        return FactorUse(id=fid, kind=kind, activity=_text(r.get("activity")), what=what,
                         value=_num(r.get("value")), unit=_text(r.get("unit")), sector=sector,
                         region=_text(r.get("region")), valid=valid, edition=_text(r.get("edition")),
                         low=_num(r.get("low")), high=_num(r.get("high")), source=_text(r.get("source")),
                         source_text=_text(r.get("source_text")) or _text(r.get("source")),
                         source_ref=_text(r.get("source_ref")), notes=_text(r.get("notes")),
                         file=_text(r.get("file")), origin=origin)

    def conversion_properties(self, activity: str, conversion: str, year) -> list[FactorUse]:
        """The density / NCV rows a conversion text cites, found again in the library."""
        key = (activity, conversion, year)
        if key not in self._conv_cache:
            self._conv_cache[key] = self._conversion_properties(activity, conversion, year)
        return self._conv_cache[key]

    def _conversion_properties(self, activity: str, conversion: str, year) -> list[FactorUse]:
        out = []
        if not conversion:
            return out
        lib, s = self.inv.library, self.inv.settings
        for prop, cited in (("density", "(density "), ("ncv", "(NCV ")):   # as energy.fuel_energy_path writes
            if cited not in conversion:
                continue
            try:
                _, row = lib.property(activity, prop, s.country, int(year) if year else s.inventory_year)
            except Exception:  # noqa: BLE001 - best effort: the conversion text still stands
                continue
            pid = _text(row.get("property_id"))
            if pid:
                use = self.get(pid)
                out.append(use)
        return out


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


def build_report(inv, max_rows: int | None = None) -> ReportData:
    """Gather everything both reports show, in the order they show it.

    Parameters
    ----------
    inv : ghgkit.inventory.Inventory
    max_rows : int, optional
        Keep at most this many calculation rows (the HTML page caps its audit trail);
        factors and sources are still gathered from every row.
    """
    from ghgkit.gwp import gwp_values

    s, t, rows = inv.settings, inv.totals, inv.rows
    gwp = gwp_values(inv.gwp)
    total = t["co2e_t"]

    # by sector, in GPC order
    bys = inv.by_sector()
    sectors = []
    for key in SECTORS:
        if key not in bys.index:
            continue
        r = bys.loc[key]
        ref, label = SECTOR_LABELS.get(key, ("", key))
        co2e = _num(r["co2e_t"])
        keys = sorted(set(rows.loc[(rows["sector"] == key) & rows["notation_key"].notna(), "notation_key"]))
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
    if len(rows):
        pivot = (rows.assign(_s=rows["sector"].astype(str), _c=rows["scope"].astype(int))
                 .pivot_table(index="_s", columns="_c", values="co2e_t", aggfunc="sum", fill_value=0.0))
    else:
        pivot = pd.DataFrame()
    for sec in sectors:
        sec["by_scope"] = {sc: float(pivot.loc[sec["key"], sc]) if sec["key"] in pivot.index and sc in pivot.columns
                           else 0.0 for sc in (1, 2, 3)}

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

    # calculation rows and the factors they used
    book = _FactorBook(inv)
    used_rows: dict[str, int] = {}
    calc = []
    fid_cache: dict[str, list[FactorUse]] = {}
    year_col = rows["year"] if "year" in rows.columns else pd.Series([None] * len(rows), index=rows.index)
    n_written = 0
    for i, r in enumerate(rows.itertuples(index=False)):
        fids = _text(r.factor_ids)
        if fids not in fid_cache:
            fid_cache[fids] = [book.get(x.strip()) for x in fids.split(";") if x.strip()]
        uses = list(fid_cache[fids])
        conv = _text(r.conversion)
        year = year_col.iloc[i]
        props = book.conversion_properties(_text(r.activity), conv, None if _nan(year) else year)
        if not props:
            fe = [u for u in uses if u.what == "fuel_economy" and u.sector.startswith("fuel ")]
            for u in fe:
                props += book.conversion_properties(u.sector[5:], conv, None if _nan(year) else year)
        for u in uses + props:
            used_rows[u.id] = used_rows.get(u.id, 0) + 1
        if max_rows is not None and n_written >= max_rows:
            continue
        n_written += 1
        sector = _text(r.sector)
        calc.append({
            "n": int(r.row) + 1 if not _nan(r.row) else i + 1,
            "where": _location(r.file, r.sheet, r.cell, r.line),
            "sector": sector, "sector_label": SECTOR_LABELS.get(sector, ("", sector))[1],
            "subsector": _text(r.subsector), "activity": _text(r.activity), "method": _text(r.method),
            "gpc_ref": _text(r.gpc_ref), "scope": None if _nan(r.scope) else int(r.scope),
            "level": _text(r.level), "amount": _num(r.amount), "unit": _text(r.unit),
            "energy_tj": _num(getattr(r, "energy_tj", None)),
            "factors": uses, "conversion": conv,
            "co2_t": _num(r.co2_t), "ch4_t": _num(r.ch4_t), "n2o_t": _num(r.n2o_t),
            "co2_biogenic_t": _num(r.co2_biogenic_t), "co2e_t": _num(r.co2e_t),
            "notation_key": _text(r.notation_key), "data_quality": _text(r.data_quality),
            "uncertainty_pct": _num(r.uncertainty_pct), "source": _text(r.source), "notes": _text(r.notes),
            "calc_notes": _text(r.calc_notes),
        })
    factors = [book.cache[k] for k in book.order]
    for f in factors:
        f.rows = used_rows.get(f.id, 0)
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
    act = rows.drop_duplicates("row") if len(rows) else rows
    co2e_by_row = rows.groupby("row")["co2e_t"].sum(min_count=1) if len(rows) else pd.Series(dtype=float)
    quality = []
    dq = act["data_quality"].astype(object).where(act["data_quality"].notna(), "") if len(act) else pd.Series([])
    for level in list(DATA_QUALITY) + [""]:
        ids = act.loc[dq == level, "row"] if len(act) else []
        n = len(ids)
        if n == 0 and level == "":
            continue
        v = float(co2e_by_row.reindex(ids).sum()) if n else 0.0
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
        "version": __version__, "n_rows": len(rows), "n_activity_rows": int(rows["row"].nunique()) if len(rows) else 0,
        "n_calc_shown": len(calc),
    }
    return ReportData(meta=meta, totals=dict(t), gwp_values=gwp, sectors=sectors, scopes=scopes, gpc=gpc,
                      matrix=matrix, calc=calc, factors=factors, sources=sources, quality=quality,
                      keys_used=keys_used, warnings=list(inv.warnings), has_derived_keys=has_derived,
                      landfill=_landfill_rows(inv))


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


def co2e_formula(gwp: dict, gwp_set: str) -> str:
    return (f"CO2e = CO2 + {fmt_value(gwp['CH4'])} × CH4 + {fmt_value(gwp['N2O'])} × N2O "
            f"({gwp_set}, 100-year GWP); biogenic CO2 is a memo item outside the totals")


# -- Excel ------------------------------------------------------------------------------------
class _Sheet:
    """A worksheet with inert strings, formats chosen per value and widths tracked."""

    def __init__(self, wb, ws, fmts):
        self.wb, self.ws, self.f, self.xt = wb, ws, fmts, fmts["xt"]
        self.widths: dict[int, float] = {}

    def _w(self, col, text, cap=60):
        longest = max((len(x) for x in str(text).split("\n")), default=0)
        self.widths[col] = max(self.widths.get(col, 0), min(longest + 2, cap))

    def text(self, row, col, value, fmt=None, width=True):
        if _nan(value) or value == "":
            self.ws.write_blank(row, col, None, fmt)
            return
        s = str(value)
        self.xt.write(self.ws, row, col, s, fmt or self.f["text"])
        if width:
            self._w(col, s)

    def number(self, row, col, value, fmt=None, blank_fmt=None):
        f = _num(value)
        if f is None:
            self.ws.write_blank(row, col, None, blank_fmt or fmt)
            return
        self.ws.write_number(row, col, f, fmt or self.f["text"])
        self._w(col, f"{f:,.2f}", cap=18)

    def header(self, row, labels, fmt=None):
        self.ws.set_row(row, 27)
        for c, label in enumerate(labels):
            self.ws.write_string(row, c, label, fmt or self.f["head"])
            self._w(c, label, cap=22)

    def size(self, minimum=6, fixed: dict | None = None):
        fixed = fixed or {}
        for c, w in self.widths.items():
            self.ws.set_column(c, c, fixed.get(c, max(w, minimum)))


def _formats(wb) -> dict:
    base = {"font_name": "Calibri", "font_size": 10, "valign": "top"}

    def f(**kw):
        return wb.add_format({**base, **kw})

    t_fmt = "#,##0.00"
    return {
        "title": f(bold=True, font_size=15, font_color="#1F3B57"),
        "subtitle": f(italic=True, font_color="#555555"),
        "h2": f(bold=True, font_size=12, font_color="#1F3B57"),
        "head": f(bold=True, bg_color="#1F3B57", font_color="#FFFFFF", text_wrap=True, border=1,
                  border_color="#BFBFBF"),
        "label": f(bold=True),
        "left": f(align="left"),
        "center": f(align="center"),
        "t_bold_left": f(num_format=t_fmt, bold=True, align="left"),
        "t_left": f(num_format=t_fmt, align="left"),
        "int_left": f(num_format="#,##0", align="left"),
        "value_left": f(num_format="General", align="left"),
        "per_capita_left": f(num_format="#,##0.00", align="left"),
        "total_gas": f(bold=True, top=1, num_format="#,##0.0000"),
        "text": f(),
        "wrap": f(text_wrap=True),
        "t": f(num_format=t_fmt),
        "t_bold": f(num_format=t_fmt, bold=True),
        "gas": f(num_format="#,##0.0000"),
        "gas_bold": f(num_format="#,##0.0000", bold=True),
        "int": f(num_format="#,##0"),
        "amount": f(num_format="#,##0.####"),
        "amount_int": f(num_format="#,##0"),
        "value": f(num_format="General"),
        "pct": f(num_format="0.0%"),
        "per_capita": f(num_format="#,##0.00"),
        "key": f(align="center", font_color="#7F6000", bg_color="#FFF2CC"),
        "key_derived": f(align="center", italic=True, font_color="#808080", bg_color="#F2F2F2"),
        "na": f(bg_color="#E7E6E6"),
        "group": f(bold=True, bg_color="#DDEBF7"),
        "total_label": f(bold=True, top=1),
        "total": f(bold=True, top=1, num_format=t_fmt),
        "note": f(italic=True, font_color="#555555"),
        "warn": f(font_color="#9C0006"),
    }


def _wrapped_lines(text: str, width: int) -> int:
    """Lines a wrapped cell of *width* characters needs (for an explicit row height)."""
    if not text:
        return 1
    return sum(max(1, math.ceil(len(part) / width)) for part in str(text).split("\n"))


def _amount_fmt(fm, v):
    f = _num(v)
    return fm["amount_int"] if f is not None and float(f).is_integer() else fm["amount"]


def write_excel(inv, path) -> Path:
    """Write the inventory report workbook.

    Sheets: ``Summary`` (settings, totals, by sector and by scope, two native
    charts), ``GPC table`` (one row per GPC reference number, and the sub-sector ×
    scope summary), ``Calculation`` (one row per result row: input cell, amount,
    factors with value, unit and source, conversion, result per gas and CO2e) and
    ``Factors`` (every factor, property, parameter and setting used, with its
    provenance).

    Parameters
    ----------
    inv : ghgkit.inventory.Inventory
    path : str or Path
        The ``.xlsx`` to write; replaced only when the whole workbook was written.

    Returns
    -------
    Path
    """
    import xlsxwriter

    data = build_report(inv)
    path = Path(path)
    with atomic_path(path, suffix=".xlsx") as tmp:
        wb = xlsxwriter.Workbook(str(tmp), {"strings_to_formulas": False, "strings_to_urls": False,
                                            "strings_to_numbers": False, "nan_inf_to_errors": True})
        wb.set_properties({"title": f"GHG inventory {data.meta['city']} {data.meta['year']}",
                           "subject": "City greenhouse gas inventory (GPC)",
                           "comments": f"Written by ghgkit {__version__}"})
        fm = _formats(wb)
        fm["xt"] = ExcelText(wb)
        _excel_summary(wb, fm, data)
        _excel_gpc(wb, fm, data)
        _excel_calculation(wb, fm, data)
        _excel_factors(wb, fm, data)
        if data.landfill:
            _excel_landfill(wb, fm, data)
        wb.close()
        _readable(tmp)
    return path


def _title(sh: _Sheet, data: ReportData, what: str):
    m = data.meta
    city = m["city"] or "City"
    sh.xt.write(sh.ws, 0, 0, f"{city} — {what}, inventory year {m['year']}", sh.f["title"])
    sh.ws.write_string(1, 0, f"t = tonnes of each gas; CO2e in tonnes of CO2-equivalent with the {m['gwp']} "
                             f"GWP set (100-year); {m['edition_text']}", sh.f["subtitle"])


def _print_setup(ws, landscape=True, repeat=None, pages_wide=1):
    ws.set_paper(9)                    # A4
    if landscape:
        ws.set_landscape()
    ws.fit_to_pages(pages_wide, 0)
    ws.set_margins(left=0.5, right=0.5, top=0.6, bottom=0.6)
    if repeat is not None:
        ws.repeat_rows(repeat)
    ws.set_footer("&L&8ghgkit report&R&8page &P of &N")


def _excel_summary(wb, fm, data: ReportData):
    ws = wb.add_worksheet("Summary")
    sh = _Sheet(wb, ws, fm)
    m, t = data.meta, data.totals
    _title(sh, data, "greenhouse gas inventory")
    ws.freeze_panes(2, 0)
    pairs = [
        ("City", m["city"], None), ("Country (ISO 3166)", m["country"], None),
        ("Inventory year", m["year"], "int_plain"), ("Population", m["population"], "int"),
        ("GWP set (100-year)", m["gwp"], None),
        ("GWP values used", f"CO2 1, CH4 {fmt_value(data.gwp_values['CH4'])}, "
                            f"N2O {fmt_value(data.gwp_values['N2O'])}", None),
        ("IPCC Guidelines edition", m["edition_text"], None),
        ("Grid emission factor (t CO2/MWh)", m["grid_ef"], "value"),
        ("T&D loss rate (fraction)", m["td_loss_rate"], "value"),
        ("Climate zone", m["climate_zone"], None),
        (None, None, None),
        ("BASIC total (t CO2e)", t["basic_co2e_t"], "t_bold"),
        ("BASIC+ total (t CO2e)", t["basic_plus_co2e_t"], "t_bold"),
        ("All reported emissions (t CO2e)", t["co2e_t"], "t"),
        ("Per capita, BASIC (t CO2e per person)", t.get("basic_per_capita_t"), "per_capita"),
        ("Biogenic CO2, memo (t, outside the totals)", t["co2_biogenic_t"], "t"),
        (None, None, None),
        ("Written by", f"ghgkit {m['version']}", None),
    ]
    r = 3
    for label, value, kind in pairs:
        if label is None:
            r += 1
            continue
        sh.text(r, 0, label, fm["label"])
        if kind is None or isinstance(value, str):
            sh.text(r, 1, _text(value) or "—", fm["left"])
        elif kind == "int_plain":
            ws.write_number(r, 1, int(value), fm["left"])
        elif _num(value) is None:
            sh.text(r, 1, "— (no population given)" if label.startswith("Per capita") else "—", fm["left"])
        else:
            sh.number(r, 1, value, fm[kind + "_left"] if kind + "_left" in fm else fm[kind])
        r += 1

    # by sector
    r += 1
    sh.text(r, 0, "Emissions by sector (all scopes)", fm["h2"], width=False)
    r += 1
    sh.header(r, ["Sector", "GPC", "CO2 (t)", "CH4 (t)", "N2O (t)", "CO2e (t)", "Share of CO2e",
                  "Biogenic CO2 (t, memo)"])
    sec_first = r + 1
    for sec in data.sectors:
        r += 1
        sh.text(r, 0, sec["label"])
        sh.text(r, 1, sec["ref"])
        sh.number(r, 2, sec["co2_t"], fm["t"])
        sh.number(r, 3, sec["ch4_t"], fm["gas"])
        sh.number(r, 4, sec["n2o_t"], fm["gas"])
        if sec["co2e_t"] is None and sec["keys"]:
            sh.text(r, 5, "/".join(sec["keys"]), fm["key"])
        else:
            sh.number(r, 5, sec["co2e_t"], fm["t"])
        sh.number(r, 6, sec["share"], fm["pct"])
        sh.number(r, 7, sec["co2_biogenic_t"], fm["t"])
    sec_last = r
    r += 1
    sh.text(r, 0, "Total", fm["total_label"])
    ws.write_blank(r, 1, None, fm["total_label"])
    for c, key, f in ((2, "co2_t", "total"), (3, "ch4_t", "total_gas"), (4, "n2o_t", "total_gas"),
                      (5, "co2e_t", "total"), (7, "co2_biogenic_t", "total")):
        sh.number(r, c, t.get(key), fm[f])
    ws.write_blank(r, 6, None, fm["total_label"])

    # by scope
    r += 2
    sh.text(r, 0, "Emissions by scope", fm["h2"], width=False)
    r += 1
    sh.header(r, ["Scope", "", "CO2e (t)", "Share of CO2e"])
    scope_first = r + 1
    for sc in data.scopes:
        r += 1
        sh.text(r, 0, sc["label"])
        sh.number(r, 2, sc["co2e_t"], fm["t"])
        sh.number(r, 3, sc["share"], fm["pct"])
    scope_last = r

    # sub-sector x scope (the GPC summary layout)
    r += 2
    sh.text(r, 0, "Emissions by sub-sector and scope (t CO2e)", fm["h2"], width=False)
    r += 1
    sh.header(r, ["Sub-sector", "GPC", "Scope 1", "Scope 2", "Scope 3", "BASIC", "BASIC+"])
    for mx in data.matrix:
        r += 1
        sh.text(r, 0, _split_prefix(mx["label"]), width=False)
        sh.text(r, 1, mx["prefix"])
        for i, sc in enumerate((1, 2, 3)):
            cell, c = mx["cells"][sc], 2 + i
            if cell is None:
                ws.write_blank(r, c, None, fm["na"])
            elif cell["value"] is not None:
                sh.number(r, c, cell["value"], fm["t"])
            else:
                sh.text(r, c, "/".join(cell["keys"]),
                        fm["key_derived"] if DERIVED_KEY in cell["keys"] else fm["key"])
        sh.number(r, 5, mx["basic"] if mx["has_number"] else None, fm["t"])
        sh.number(r, 6, mx["basic_plus"] if mx["has_number"] else None, fm["t"])
    r += 1
    sh.text(r, 0, "Grey: the GPC has no reference number for that scope of the sub-sector. "
                  "Notation keys: see the GPC table sheet.", fm["note"], width=False)
    r += 2
    sh.text(r, 0, "BASIC covers scope 1 and 2 of stationary energy and transport and the waste generated in the "
                  "city; BASIC+ adds the scope 3 sources (T&D losses, transboundary travel).", fm["note"],
            width=False)
    if data.warnings:
        r += 2
        sh.text(r, 0, "Warnings", fm["h2"], width=False)
        for w in data.warnings:
            r += 1
            sh.text(r, 0, w, fm["warn"], width=False)

    ws.set_column(0, 0, 44)
    ws.set_column(1, 1, 22)
    ws.set_column(2, 7, 13)

    if data.sectors:
        ch = wb.add_chart({"type": "bar"})
        ch.add_series({"name": "CO2e (t)", "categories": ["Summary", sec_first, 0, sec_last, 0],
                       "values": ["Summary", sec_first, 5, sec_last, 5], "fill": {"color": "#2E75B6"},
                       "data_labels": {"value": True, "num_format": "#,##0"}})
        ch.set_title({"name": "Emissions by sector (t CO2e)", "name_font": {"size": 11}})
        ch.set_legend({"none": True})
        ch.set_y_axis({"reverse": True})
        ch.set_x_axis({"num_format": "#,##0", "major_gridlines": {"visible": True, "line": {"color": "#E0E0E0"}}})
        ch.set_size({"width": 560, "height": 90 + 38 * len(data.sectors)})
        ws.insert_chart(2, 9, ch)
        pie = wb.add_chart({"type": "doughnut"})
        pie.add_series({"name": "CO2e by scope", "categories": ["Summary", scope_first, 0, scope_last, 0],
                        "values": ["Summary", scope_first, 2, scope_last, 2],
                        "data_labels": {"percentage": True},
                        "points": [{"fill": {"color": "#1F3B57"}}, {"fill": {"color": "#2E75B6"}},
                                   {"fill": {"color": "#9DC3E6"}}]})
        pie.set_title({"name": "Emissions by scope (t CO2e)", "name_font": {"size": 11}})
        pie.set_legend({"position": "right"})
        pie.set_size({"width": 560, "height": 280})
        ws.insert_chart(2, 9, pie, {"y_offset": 110 + 38 * len(data.sectors)})
    _print_setup(ws)


def _excel_gpc(wb, fm, data: ReportData):
    ws = wb.add_worksheet("GPC table")
    sh = _Sheet(wb, ws, fm)
    _title(sh, data, "GPC reporting table")
    head = ["GPC ref", "Sub-sector", "Emission source", "Scope", "Level", "Notation key", "CO2 (t)", "CH4 (t)",
            "N2O (t)", "CO2e (t)", "Biogenic CO2 (t, memo)"]
    hr = 3
    sh.header(hr, head)
    ws.freeze_panes(hr + 1, 1)
    r = hr
    group_names = {"I": "I Stationary energy", "II": "II Transportation", "III": "III Waste"}
    last_group = None
    for g in data.gpc:
        if g["sector_group"] != last_group:
            last_group = g["sector_group"]
            r += 1
            for c in range(len(head)):
                ws.write_blank(r, c, None, fm["group"])
            ws.write_string(r, 0, group_names.get(last_group, last_group), fm["group"])
        r += 1
        sh.text(r, 0, g["ref"])
        sh.text(r, 1, g["subsector"], width=False)
        sh.text(r, 2, g["description"], width=False)
        ws.write_number(r, 3, g["scope"], fm["center"])
        sh.text(r, 4, g["level_text"])
        if g["key"]:
            sh.text(r, 5, g["key"], fm["key_derived"] if g["derived"] else fm["key"])
        else:
            ws.write_blank(r, 5, None)
        sh.number(r, 6, g["co2_t"], fm["t"])
        sh.number(r, 7, g["ch4_t"], fm["gas"])
        sh.number(r, 8, g["n2o_t"], fm["gas"])
        sh.number(r, 9, g["co2e_t"], fm["t_bold"])
        sh.number(r, 10, g["co2_biogenic_t"], fm["t"])
    ws.autofilter(hr, 0, r, len(head) - 1)
    r += 2
    t = data.totals
    for label, v in (("BASIC total (t CO2e)", t["basic_co2e_t"]), ("BASIC+ total (t CO2e)", t["basic_plus_co2e_t"]),
                     ("All reported emissions (t CO2e)", t["co2e_t"])):
        sh.text(r, 2, label, fm["total_label"], width=False)
        sh.number(r, 9, v, fm["total"])
        r += 1
    if data.has_derived_keys:
        r += 1
        sh.text(r, 0, DERIVED_KEY_NOTE, fm["note"], width=False)
    for k, v in NOTATION_KEYS.items():
        r += 1
        sh.text(r, 0, f"{k} = {v}", fm["note"], width=False)
    sh.size()
    ws.set_column(1, 1, 40)
    ws.set_column(2, 2, 76)
    ws.set_column(3, 3, 7)
    ws.set_column(4, 4, 13)
    ws.set_column(5, 5, 10)
    ws.set_column(6, 10, 13)
    _print_setup(ws, repeat=hr)


def _split_prefix(label: str) -> str:
    """'I.1 Residential buildings' -> 'Residential buildings'."""
    head, _, rest = label.partition(" ")
    return rest if re.match(r"^[IV]+(\.\d+)*$", head) else label


def _excel_calculation(wb, fm, data: ReportData):
    ws = wb.add_worksheet("Calculation")
    sh = _Sheet(wb, ws, fm)
    _title(sh, data, "calculation of every row")
    ws.write_string(2, 0, co2e_formula(data.gwp_values, data.meta["gwp"]), fm["subtitle"])
    head = ["Activity #", "Input location", "Sector", "Sub-sector", "Activity", "Method", "GPC ref", "Scope",
            "Level", "Amount", "Unit", "Energy (TJ)", "Factors applied (gas value unit)", "Factor ids",
            "Factor sources", "Conversion", "CO2 (t)", "CH4 (t)", "N2O (t)", "Biogenic CO2 (t, memo)",
            "CO2e (t)", "Notation key", "Data quality", "Uncertainty (±%)", "Source", "Notes", "Calculation notes"]
    hr = 4
    sh.header(hr, head)
    ws.freeze_panes(hr + 1, 2)
    r = hr
    for c in data.calc:
        r += 1
        ws.write_number(r, 0, c["n"], fm["text"])
        sh.text(r, 1, c["where"])
        sh.text(r, 2, c["sector"])
        sh.text(r, 3, c["subsector"])
        sh.text(r, 4, c["activity"])
        sh.text(r, 5, c["method"])
        sh.text(r, 6, c["gpc_ref"])
        sh.number(r, 7, c["scope"], fm["text"])
        sh.text(r, 8, c["level"])
        sh.number(r, 9, c["amount"], _amount_fmt(fm, c["amount"]))
        sh.text(r, 10, c["unit"])
        sh.number(r, 11, c["energy_tj"], fm["gas"])
        fs = c["factors"]
        sh.text(r, 12, "\n".join(f.short() or f.id for f in fs), fm["wrap"])
        sh.text(r, 13, "\n".join(f.id for f in fs), fm["wrap"])
        sh.text(r, 14, "\n".join(f.cite() for f in fs), fm["wrap"])
        sh.text(r, 15, c["conversion"], fm["wrap"])
        sh.number(r, 16, c["co2_t"], fm["t"])
        sh.number(r, 17, c["ch4_t"], fm["gas"])
        sh.number(r, 18, c["n2o_t"], fm["gas"])
        sh.number(r, 19, c["co2_biogenic_t"], fm["t"])
        sh.number(r, 20, c["co2e_t"], fm["t_bold"])
        sh.text(r, 21, c["notation_key"], fm["key"] if c["notation_key"] else None)
        sh.text(r, 22, c["data_quality"])
        sh.number(r, 23, c["uncertainty_pct"], fm["value"])
        sh.text(r, 24, c["source"], fm["wrap"])
        sh.text(r, 25, c["notes"], fm["wrap"])
        sh.text(r, 26, c["calc_notes"], fm["wrap"])
        n_lines = max([1, len(fs)] + [_wrapped_lines(x, w) for x, w in (
            (c["conversion"], 46), ("\n".join(f.cite() for f in fs), 32), ("\n".join(f.short() for f in fs), 24),
            (c["source"], 26), (c["notes"], 26))])
        if n_lines > 1:
            ws.set_row(r, 13 * n_lines)
    ws.autofilter(hr, 0, max(r, hr), len(head) - 1)
    sh.size()
    for col, w in ((0, 8), (12, 26), (13, 22), (14, 34), (15, 48), (24, 28), (25, 28), (26, 28)):
        ws.set_column(col, col, w)
    _print_setup(ws, repeat=hr, pages_wide=3)


def _excel_factors(wb, fm, data: ReportData):
    ws = wb.add_worksheet("Factors")
    sh = _Sheet(wb, ws, fm)
    _title(sh, data, "factors used, with their sources")
    head = ["Id", "Kind", "Activity", "Gas / property", "Value", "Unit", "Low", "High", "Sector / use", "Region",
            "Valid", "Edition", "Source key", "Source", "Table / equation", "Notes", "File", "Origin",
            "Rows using it"]
    hr = 3
    sh.header(hr, head)
    ws.freeze_panes(hr + 1, 1)
    r = hr
    for f in data.factors:
        r += 1
        sh.text(r, 0, f.id)
        sh.text(r, 1, f.kind)
        sh.text(r, 2, f.activity)
        sh.text(r, 3, f.what)
        if isinstance(f.value, (int, float)) and not isinstance(f.value, bool):
            sh.number(r, 4, f.value, fm["value"])
        else:
            sh.text(r, 4, _text(f.value))
        sh.text(r, 5, f.unit)
        sh.number(r, 6, f.low, fm["value"])
        sh.number(r, 7, f.high, fm["value"])
        sh.text(r, 8, f.sector)
        sh.text(r, 9, f.region)
        sh.text(r, 10, f.valid)
        sh.text(r, 11, f.edition)
        sh.text(r, 12, f.source)
        sh.text(r, 13, f.source_text, fm["wrap"])
        sh.text(r, 14, f.source_ref)
        sh.text(r, 15, f.notes, fm["wrap"])
        sh.text(r, 16, f.file)
        sh.text(r, 17, f.origin)
        ws.write_number(r, 18, f.rows, fm["int"])
        n_lines = max(_wrapped_lines(f.source_text, 58), _wrapped_lines(f.notes, 34))
        if n_lines > 1:
            ws.set_row(r, 13 * n_lines)
    ws.autofilter(hr, 0, max(r, hr), len(head) - 1)
    sh.size()
    ws.set_column(13, 13, 60)
    ws.set_column(15, 15, 36)
    _print_setup(ws, repeat=hr, pages_wide=2)


def _excel_landfill(wb, fm, data: ReportData):
    """The landfill CH4 series by year, with a native line chart (back-cast years marked)."""
    ws = wb.add_worksheet("Landfill series")
    sh = _Sheet(wb, ws, fm)
    _title(sh, data, "landfill methane by year (first-order decay, IPCC 2006 Vol. 5 Ch. 3)")
    head = ["Year", "Waste deposited (t)", "CH4 generated (t)", "CH4 recovered (t)", "CH4 emitted (t)",
            "Back-cast"]
    hr = 3
    sh.header(hr, head)
    ws.freeze_panes(hr + 1, 1)
    for i, y in enumerate(data.landfill, start=hr + 1):
        ws.write_number(i, 0, y["year"])
        for c, k in enumerate(("deposited_t", "generated_t", "recovered_t", "emitted_t"), start=1):
            sh.number(i, c, y[k], fm["t"])
        sh.text(i, 5, "back-cast" if y["backcast"] else "")
    last = hr + len(data.landfill)
    chart = wb.add_chart({"type": "line"})
    for col, name in ((2, "CH4 generated"), (4, "CH4 emitted")):
        chart.add_series({"name": name, "categories": ["Landfill series", hr + 1, 0, last, 0],
                          "values": ["Landfill series", hr + 1, col, last, col], "marker": {"type": "circle"}})
    chart.set_title({"name": "Landfill CH4 per year (t)"})
    chart.set_y_axis({"num_format": "#,##0"})
    ws.insert_chart(hr, len(head) + 1, chart, {"x_scale": 1.3, "y_scale": 1.2})
    sh.size()
    _print_setup(ws, repeat=hr)


# -- HTML -------------------------------------------------------------------------------------
_PALETTE = {1: "#1F3B57", 2: "#2E75B6", 3: "#9DC3E6"}


def _svg(fig, prefix: str, label: str) -> str:
    """Figure -> inline SVG with unique ids, no XML prolog and a size that scales."""
    import io

    buf = io.StringIO()
    fig.savefig(buf, format="svg", bbox_inches="tight", metadata={"Date": None, "Creator": None})
    svg = buf.getvalue()
    svg = svg[svg.index("<svg"):]
    svg = re.sub(r"<metadata>.*?</metadata>", "", svg, flags=re.S)
    ids = set(re.findall(r'\bid="([^"]+)"', svg))
    for i in sorted(ids, key=len, reverse=True):
        new = f"{prefix}-{i}"
        svg = svg.replace(f'id="{i}"', f'id="{new}"').replace(f"#{i})", f"#{new})").replace(
            f'href="#{i}"', f'href="#{new}"')
    # drop the fixed size: the page's CSS sizes the chart; the viewBox keeps its proportions
    svg = re.sub(r'^<svg([^>]*?)\swidth="[^"]*"', r"<svg\1", svg, count=1)
    svg = re.sub(r'^<svg([^>]*?)\sheight="[^"]*"', r"<svg\1", svg, count=1)
    label = label.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
    svg = svg.replace("<svg", f'<svg role="img" aria-label="{label}" class="chart" '
                              'preserveAspectRatio="xMidYMid meet"', 1)
    return svg


def _charts(data: ReportData) -> dict:
    """Sector bar (stacked by scope) and scope bar, as inline SVG strings."""
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt
    from matplotlib.ticker import FuncFormatter

    out = {}
    rc = {"svg.hashsalt": "ghgkit", "svg.fonttype": "path", "font.size": 10, "font.family": "DejaVu Sans",
          "axes.spines.top": False, "axes.spines.right": False}
    thousands = FuncFormatter(lambda x, _: f"{x:,.0f}")
    with matplotlib.rc_context(rc):
        secs = [s for s in data.sectors if s["co2e_t"]]
        if secs:
            fig, ax = plt.subplots(figsize=(7.2, 0.5 * len(secs) + 1.2))
            labels = [f"{s['label']} ({s['ref']})" for s in secs]
            left = np.zeros(len(secs))
            for sc in (1, 2, 3):
                vals = np.array([s["by_scope"].get(sc, 0.0) for s in secs])
                if not vals.any():
                    continue
                ax.barh(labels, vals, left=left, color=_PALETTE[sc], label=f"Scope {sc}", height=0.6)
                left += vals
            for y, v in enumerate(left):
                ax.text(v, y, f"  {v:,.0f}", va="center", fontsize=9, color="#222222")
            ax.invert_yaxis()
            ax.set_xlim(0, left.max() * 1.2 if left.max() > 0 else 1)
            ax.xaxis.set_major_locator(matplotlib.ticker.MaxNLocator(4))
            ax.xaxis.set_major_formatter(thousands)
            ax.set_xlabel("t CO2e")
            ax.grid(axis="x", color="#E0E0E0")
            ax.set_axisbelow(True)
            ax.legend(loc="lower left", bbox_to_anchor=(0, 1.0), frameon=False, fontsize=9, ncol=3,
                      borderaxespad=0.3, handlelength=1.2)
            fig.tight_layout()
            out["sector"] = _svg(fig, "c1", "Bar chart of emissions by sector, in tonnes CO2e, split by scope: " +
                                 "; ".join(f"{s['label']} {s['co2e_t']:,.0f}" for s in secs))
            plt.close(fig)
        sc_vals = [s["co2e_t"] for s in data.scopes]
        if any(sc_vals):
            fig, ax = plt.subplots(figsize=(4.6, 2.3))
            labels = [f"Scope {s['scope']}" for s in data.scopes]
            ax.barh(labels, sc_vals, color=[_PALETTE[s["scope"]] for s in data.scopes], height=0.6)
            total = sum(sc_vals)
            for y, v in enumerate(sc_vals):
                ax.text(v, y, f"  {v:,.0f} ({v / total:.0%})" if total else "", va="center", fontsize=9)
            ax.invert_yaxis()
            ax.set_xlim(0, max(sc_vals) * 1.45)
            ax.xaxis.set_major_locator(matplotlib.ticker.MaxNLocator(4))
            ax.xaxis.set_major_formatter(thousands)
            ax.set_xlabel("t CO2e")
            ax.grid(axis="x", color="#E0E0E0")
            ax.set_axisbelow(True)
            fig.tight_layout()
            out["scope"] = _svg(fig, "c2", "Bar chart of emissions by scope, in tonnes CO2e: " +
                                "; ".join(f"{s['label']} {s['co2e_t']:,.0f}" for s in data.scopes))
            plt.close(fig)
        if data.landfill:
            out["landfill"] = _landfill_chart(plt, data.landfill, thousands)
    return out


def _landfill_chart(plt, series: list[dict], formatter) -> str:
    """Line chart of landfill CH4 generated and emitted per year; back-cast years shaded."""
    from matplotlib.ticker import MaxNLocator

    years = np.array([r["year"] for r in series])
    gen = np.array([r["generated_t"] or 0.0 for r in series])
    emi = np.array([np.nan if r["emitted_t"] is None else r["emitted_t"] for r in series])
    bc = np.array([r["backcast"] for r in series])
    fig, ax = plt.subplots(figsize=(7.2, 2.8))
    if bc.any():
        ax.axvspan(years[bc].min() - 0.5, years[bc].max() + 0.5, color="#EEEEEE", lw=0,
                   label="deposits back-cast")
    ax.plot(years, gen, color=_PALETTE[1], lw=1.8, marker="o" if len(years) <= 30 else None, ms=3,
            label="CH4 generated")
    if np.isfinite(emi).any():
        ax.plot(years, emi, color=_PALETTE[2], lw=1.4, ls="--", marker="o" if len(years) <= 30 else None, ms=3,
                label="CH4 emitted")
    ax.set_ylim(0, max(float(gen.max()), 1e-9) * 1.15)
    ax.yaxis.set_major_formatter(formatter)
    ax.xaxis.set_major_locator(MaxNLocator(8, integer=True))
    ax.set_ylabel("t CH4")
    ax.grid(axis="y", color="#E0E0E0")
    ax.set_axisbelow(True)
    ax.legend(loc="lower left", bbox_to_anchor=(0, 1.0), frameon=False, fontsize=9, ncol=3, borderaxespad=0.3,
              handlelength=1.6)
    fig.tight_layout()
    last = series[-1]
    label = (f"Line chart of landfill methane per year, {years[0]} to {years[-1]}, in tonnes CH4; in "
             f"{last['year']} {last['generated_t'] or 0:,.1f} t generated"
             + (f", {last['emitted_t']:,.1f} t emitted" if last["emitted_t"] is not None else "")
             + (f"; deposits back-cast for {years[bc].min()}-{years[bc].max()}" if bc.any() else ""))
    svg = _svg(fig, "c3", label)
    plt.close(fig)
    return svg


def render_html(inv, max_rows: int = 5000) -> str:
    """The HTML report as a string (see :func:`write_html`)."""
    from jinja2 import Environment, FileSystemLoader, StrictUndefined
    from markupsafe import Markup

    from ghgkit.data import templates_dir

    data = build_report(inv, max_rows=max_rows)
    charts = {k: Markup(v) for k, v in _charts(data).items()}     # generated here, not user text
    env = Environment(loader=FileSystemLoader(str(templates_dir())), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["num"] = fmt_number
    env.filters["val"] = fmt_value
    env.filters["pct"] = lambda v: "" if _num(v) is None else f"{v:.1%}"
    calc_groups = []
    for key in SECTORS:
        rows = [c for c in data.calc if c["sector"] == key]
        if rows:
            calc_groups.append({"key": key, "label": SECTOR_LABELS[key][1], "ref": SECTOR_LABELS[key][0],
                                "rows": rows, "co2e_t": sum(c["co2e_t"] or 0.0 for c in rows)})
    other = [c for c in data.calc if c["sector"] not in SECTORS]
    if other:
        calc_groups.append({"key": "other", "label": "Other", "ref": "", "rows": other,
                            "co2e_t": sum(c["co2e_t"] or 0.0 for c in other)})
    tpl = env.get_template("report.html.j2")
    return tpl.render(d=data, m=data.meta, t=data.totals, charts=charts, calc_groups=calc_groups,
                      notation_keys=NOTATION_KEYS, derived_key=DERIVED_KEY, derived_key_note=DERIVED_KEY_NOTE,
                      co2e_formula=co2e_formula(data.gwp_values, data.meta["gwp"]), max_rows=max_rows)


def write_html(inv, path, max_rows: int = 5000) -> Path:
    """Write the self-contained HTML report.

    Parameters
    ----------
    inv : ghgkit.inventory.Inventory
    path : str or Path
        The ``.html`` to write; replaced only when rendering succeeded.
    max_rows : int
        At most this many rows in the page's calculation audit trail (the Excel
        report always has all of them).

    Returns
    -------
    Path
    """
    path = Path(path)
    with atomic_path(path, suffix=".html") as tmp:
        html = render_html(inv, max_rows=max_rows)
        tmp.write_text(html, encoding="utf-8")
        _readable(tmp)
    return path


# -- public accessors for other reports (the trend report draws in the same style) -------------
def scope_colours() -> dict:
    """The report palette: scope number -> colour (hex)."""
    return dict(_PALETTE)


def inline_svg(fig, prefix: str, label: str) -> str:
    """A matplotlib figure as inline SVG with ids prefixed by *prefix* and an aria label (see ``_svg``)."""
    return _svg(fig, prefix, label)
