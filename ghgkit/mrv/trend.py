"""A city's inventories side by side: totals, sectors, scopes and GPC references per year.

Every number here comes from :class:`ghgkit.inventory.Inventory` (``keys``, ``totals``,
``gpc_table``): the trend sums what the inventories computed and never recomputes an
emission. ``load_inventories`` reads one inventory per year (files or folders) and
refuses a series that mixes cities or repeats a year; ``build_trend`` lines them up
against a base year and runs the consistency checks of :mod:`ghgkit.mrv.consistency`.

Change versus the base year (year y, basis total E)::

    ΔE_y  = E_y − E_base                       [t CO2e]
    ΔE_y% = 100 × (E_y − E_base) / E_base      [%]
    e_y   = E_y / P_y                          [t CO2e per resident]
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

import numpy as np
import pandas as pd

from ghgkit.errors import InputError
from ghgkit.schema import SECTORS, gpc_order

#: basis name -> (GPC levels counted, key of Inventory.totals, label)
BASES = {
    "basic": (("BASIC",), "basic_co2e_t", "BASIC"),
    "basic_plus": (("BASIC", "BASIC+"), "basic_plus_co2e_t", "BASIC+"),
    "total": (("BASIC", "BASIC+", "other"), "co2e_t", "all reported rows (scopes 1-3)"),
}
SETTINGS_SUFFIXES = (".toml", ".yaml", ".yml", ".json")


@dataclass
class YearInventory:
    """One year of the series: the inventory and the file it came from."""

    year: int
    path: str
    inventory: object          # ghgkit.inventory.Inventory

    @property
    def settings(self):
        return self.inventory.settings


@dataclass
class Finding:
    """A consistency finding across years: ``severity`` is ``warning`` or ``info``."""

    code: str
    severity: str
    message: str
    years: tuple = ()

    def to_dict(self) -> dict:
        return {"code": self.code, "severity": self.severity, "message": self.message, "years": list(self.years)}


def _norm(s) -> str:
    return " ".join(str(s or "").split()).casefold()


# -- reading ------------------------------------------------------------------------------
def inventory_files(paths) -> list[Path]:
    """The inventory files named by *paths* (files, or folders searched for workbooks and CSVs;
    factor files are left out, as ``ghgkit validate`` does)."""
    from ghgkit.validation.batch import find_files

    paths = [Path(p) for p in paths]
    for p in paths:
        if not p.exists():
            raise InputError("file or folder not found", location=str(p))
    files = find_files(paths)          # .xls / .ods too: load() refuses them with the fix
    if not files:
        raise InputError("no inventory workbooks or CSVs found", location=", ".join(map(str, paths)),
                         hint="give one .xlsx (or .csv with a <name>.toml settings file) per year")
    return files


def csv_settings_file(path: Path) -> Optional[Path]:
    """A CSV's settings: ``<name>.toml|yaml|yml|json`` beside it, else ``settings.toml|...`` beside it."""
    for cand in [path.with_suffix(s) for s in SETTINGS_SUFFIXES] + \
                [path.parent / f"settings{s}" for s in SETTINGS_SUFFIXES]:
        if cand.is_file():
            return cand
    return None


def load_inventories(paths, gwp: str | None = None, edition: str | None = None,
                     factor_files=(), library=None) -> list[YearInventory]:
    """Compute the inventory of every file, one per year, sorted by year.

    Parameters
    ----------
    paths : iterable of path
        Workbooks, CSVs (settings from ``<name>.toml`` beside; factor files in the same
        folder are overrides, as for ``ghgkit validate``) or folders of them.
    gwp, edition : str, optional
        Recalculate every year with this GWP set (``AR4``/``AR5``/``AR6``) and IPCC
        edition (``2006``/``2019``), whatever the files say.
    factor_files : iterable of path
        User factor files applied to every year.

    Raises
    ------
    InputError
        Files of different cities or countries, or two files for one year (naming them).
    """
    import ghgkit
    from ghgkit.factors import FactorLibrary
    from ghgkit.validation.batch import factor_files_beside

    overrides = {}
    if gwp:
        overrides["gwp"] = gwp.upper()
    if edition:
        overrides["edition"] = str(edition)
    base = library or FactorLibrary.default()
    if factor_files:
        base = base.with_overrides(*factor_files)
    out = []
    for f in inventory_files(paths):
        settings_file = csv_settings_file(f) if f.suffix.lower() == ".csv" else None
        if f.suffix.lower() == ".csv" and settings_file is None:
            raise InputError("a CSV inventory needs its settings (city, inventory_year, ...)", location=str(f),
                             hint=f"put {f.stem}.toml beside it, or use the .xlsx template")
        activity, settings = ghgkit.load(f, settings_file=settings_file, overrides=dict(overrides))
        lib = base
        beside = factor_files_beside(f) if f.suffix.lower() == ".csv" else ()
        if beside:
            lib = lib.with_overrides(*beside)
        out.append(YearInventory(int(settings.inventory_year), str(f), ghgkit.calculate(activity, settings, lib)))
    check_series(out)
    return sorted(out, key=lambda y: y.year)


def check_series(invs: list[YearInventory]) -> None:
    """Refuse an empty series, one that mixes cities or countries, or repeats a year."""
    if not invs:
        raise InputError("no inventories given", hint="give one inventory file per year, or their folder")
    for what, get in (("city", lambda s: s.city), ("country", lambda s: s.country)):
        groups: dict[str, list[str]] = {}
        for y in invs:
            groups.setdefault(_norm(get(y.settings)), []).append(y.path)
        if what == "city" and "" in groups:
            raise InputError("the inventory names no city, so the series cannot be checked to be one city",
                             location=groups[""][0], hint="set city in its Settings (or settings file)")
        if len(groups) > 1:
            names = {_norm(get(y.settings)): get(y.settings) for y in invs}
            listing = "; ".join(f"{names[k] or '(none)'}: {', '.join(v)}" for k, v in groups.items())
            raise InputError(f"the inventories are of different {'cities' if what == 'city' else 'countries'} "
                             f"({listing})", hint="a trend is one city over the years: give only its files")
    years: dict[int, list[str]] = {}
    for y in invs:
        years.setdefault(y.year, []).append(y.path)
    dup = {k: v for k, v in years.items() if len(v) > 1}
    if dup:
        listing = "; ".join(f"{k}: {', '.join(v)}" for k, v in sorted(dup.items()))
        raise InputError(f"more than one inventory for the same year ({listing})",
                         hint="keep one file per year (check inventory_year in each file's settings)")


# -- the series ---------------------------------------------------------------------------
@dataclass
class Trend:
    """The series of one city's inventories, with its base year and consistency findings.

    Attributes
    ----------
    totals : pandas.DataFrame
        Index ``year``; ``total_t`` (the basis total) [t CO2e], ``basic_co2e_t``,
        ``basic_plus_co2e_t``, ``co2e_t``, ``population``, ``per_capita_t`` [t CO2e per
        resident], ``change_t`` [t CO2e] and ``change_pct`` [%] versus the base year,
        ``per_capita_change_pct`` [%], ``gwp``, ``edition``, ``file``.
    by_sector, by_scope : pandas.DataFrame
        Index ``year``; basis CO2e per sector (GPC order) and per scope [t CO2e]; NaN where
        a year has no number for it. Each row sums to ``totals.total_t``.
    gpc : pandas.DataFrame
        Index GPC reference; per year its CO2e [t], with ``key_<year>`` columns holding the
        notation key where no number stands.
    uncertainty : pandas.DataFrame or None
        Hook for the uncertainty of each year (IPCC Approach 1 / 2): index ``year``, columns
        ``lower_t`` and ``upper_t`` (the 95 % interval of ``total_t``) and any others; when
        set, JSON, CSV, the table and both reports show it. None by default; filled by
        :func:`ghgkit.mrv.uncertainty.trend_uncertainty` (``ghgkit trend --uncertainty``),
        whose columns are :data:`ghgkit.mrv.uncertainty.COLUMNS`.
    uncertainty_info : ghgkit.mrv.uncertainty.TrendUncertainty or None
        How the uncertainty was obtained (method, correlation convention, draws, seed) and
        the rows without uncertainty data.
    """

    city: str
    country: Optional[str]
    basis: str
    base_year: int
    years: list[int]
    inventories: list[YearInventory] = field(repr=False)
    totals: pd.DataFrame = field(repr=False)
    by_sector: pd.DataFrame = field(repr=False)
    by_scope: pd.DataFrame = field(repr=False)
    gpc: pd.DataFrame = field(repr=False)
    findings: list[Finding] = field(default_factory=list)
    target: object = None          # ghgkit.mrv.targets.TargetProgress
    attribution: object = None     # ghgkit.mrv.attribution.Attribution
    uncertainty: Optional[pd.DataFrame] = None
    uncertainty_info: object = None  # ghgkit.mrv.uncertainty.TrendUncertainty

    def add_uncertainty(self, method: str = "approach1", draws: int = 10_000, seed: int = 0) -> "Trend":
        """Fill :attr:`uncertainty` (per year and for the trend from the base year); returns self."""
        from ghgkit.mrv.uncertainty import trend_uncertainty

        info = trend_uncertainty(self, method, draws=draws, seed=seed)
        self.uncertainty, self.uncertainty_info = info.table, info
        return self

    @property
    def basis_label(self) -> str:
        return BASES[self.basis][2]

    @property
    def gwp(self) -> str:
        """The GWP set, or the sets joined by '/' when the years differ (a finding says so)."""
        return "/".join(dict.fromkeys(self.totals["gwp"]))

    @property
    def edition(self) -> str:
        return "/".join(dict.fromkeys(self.totals["edition"]))

    def sectors(self) -> list[str]:
        """Sectors with a number in at least one year, in GPC order."""
        return [s for s in self.by_sector.columns if self.by_sector[s].notna().any()]

    # -- outputs ------------------------------------------------------------------------
    def to_dict(self) -> dict:
        from ghgkit.mrv.output import trend_dict

        return trend_dict(self)

    def to_json(self, indent: int = 1) -> str:
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False, allow_nan=False)

    def to_csv(self, path=None) -> Optional[str]:
        from ghgkit.mrv.output import trend_csv

        return trend_csv(self, path)

    def summary(self) -> str:
        from ghgkit.mrv.output import trend_summary

        return trend_summary(self)


def _basis_keys(inv, levels) -> pd.DataFrame:
    k = inv.keys
    return k[k["level"].isin(levels).to_numpy()]


def build_trend(invs: list[YearInventory], base_year: int | None = None, basis: str = "basic") -> Trend:
    """Line up the inventories (sorted by year) against a base year.

    Parameters
    ----------
    invs : list of YearInventory
    base_year : int, optional
        One of the inventory years; default the earliest.
    basis : str
        ``basic`` (default), ``basic_plus`` or ``total``: the GPC total the series,
        the change and the target follow.
    """
    from ghgkit.mrv.consistency import check_consistency

    check_series(invs)
    if basis not in BASES:
        raise InputError(f"unknown basis '{basis}'", hint="use basic, basic_plus or total")
    invs = sorted(invs, key=lambda y: y.year)
    years = [y.year for y in invs]
    if base_year is None:
        base_year = years[0]
    base_year = int(base_year)
    if base_year not in years:
        raise InputError(f"base year {base_year} has no inventory (years given: {', '.join(map(str, years))})",
                         hint="choose one of the years given, or add that year's inventory")
    levels, key, _ = BASES[basis]
    head, sec_rows, scope_rows, gpc_cols, gpc_refs = [], [], [], {}, []       # refs: in GPC order below
    for y in invs:
        inv, s = y.inventory, y.settings
        t = inv.totals
        k = _basis_keys(inv, levels)
        head.append({"year": y.year, "total_t": t[key], "basic_co2e_t": t["basic_co2e_t"],
                     "basic_plus_co2e_t": t["basic_plus_co2e_t"], "co2e_t": t["co2e_t"],
                     "population": s.population, "gwp": inv.gwp, "edition": s.edition, "file": y.path})
        sec_rows.append(k.groupby(k["sector"].astype(str))["co2e_t"].sum(min_count=1).rename(y.year))
        scope_rows.append(k.groupby("scope")["co2e_t"].sum(min_count=1).rename(y.year))
        g = inv.gpc_table().set_index("gpc_ref")
        gpc_cols[y.year] = g["co2e_t"]
        gpc_cols[f"key_{y.year}"] = g["notation_key"]
        for c in ("description", "scope", "level"):     # a year may list a reference the others lack (II.5.3)
            gpc_cols[c] = g[c] if c not in gpc_cols else gpc_cols[c].combine_first(g[c])
        gpc_refs.extend(r for r in g.index if r not in gpc_refs)
    totals = pd.DataFrame(head).set_index("year")
    pop = totals["population"].astype(float)
    totals["per_capita_t"] = totals["total_t"] / pop
    base = totals.loc[base_year]
    totals["change_t"] = totals["total_t"] - base["total_t"]
    totals["change_pct"] = 100.0 * totals["change_t"] / base["total_t"] if base["total_t"] else np.nan
    totals["per_capita_change_pct"] = 100.0 * (totals["per_capita_t"] / base["per_capita_t"] - 1.0)
    by_sector = pd.DataFrame(sec_rows)
    order = [s for s in SECTORS if s in by_sector.columns] + [s for s in by_sector.columns if s not in SECTORS]
    by_sector = by_sector.reindex(columns=order)
    by_sector.index.name = "year"
    by_scope = pd.DataFrame(scope_rows).reindex(columns=[1, 2, 3])
    by_scope.index.name = "year"
    gpc = pd.DataFrame(gpc_cols).reindex(sorted(gpc_refs, key=gpc_order))
    gpc.index.name = "gpc_ref"
    first = invs[0].settings
    trend = Trend(first.city, first.country, basis, base_year, years, invs, totals, by_sector, by_scope, gpc)
    trend.findings = check_consistency(trend)
    return trend
