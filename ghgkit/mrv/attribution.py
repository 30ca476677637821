"""The co-operation projects located in the city, inside its inventory story.

The city's inventory already contains each project's effect: the street lamps that use
less electricity are in the electricity sales, the waste composted is not in the
landfill. So the reductions are an **attribution** of part of the city's change to the
projects, shown beside the inventory, never subtracted from it.

For every project whose host city (and country, when given) is the trend's city, and
every year of its crediting period within the trend's span (up to the target year):
the monitored reduction ER_y where the monitoring table has that year (``monitored``),
else the ex-ante estimate (``ex-ante``), computed by :func:`ghgkit.projects.monitor` /
:func:`ghgkit.projects.estimate` with the inventory's GWP set. Each project is placed in
a GPC sector by its methodology (``METHODOLOGY_SECTORS``), or as the trend file says.

With a target, each inventory year y also gets the projects' share of the gap::

    share_y = min(R_y, gap_y + R_y) / (gap_y + R_y)      (when gap_y + R_y > 0)

R_y the projects' reductions [t CO2e], gap_y = E_y − E*_T [t CO2e]: of the gap the city
would face without the projects' effect (gap_y + R_y), the part the projects close: 100 %
when the target is met only thanks to them, none when it is met even without them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

import pandas as pd

import numpy as np

from ghgkit.errors import GhgkitError, InputError
from ghgkit.schema import SECTORS

#: methodology -> (ghgkit sector, GPC reference, why). The sector where the project's effect
#: shows in a city inventory (GPC v1.1 ch. 6-8); a trend file may place a project elsewhere.
METHODOLOGY_SECTORS = {
    "composting": ("waste", "III.1", "waste composted instead of landfilled: landfill methane avoided (III.1)"),
    "street_lighting": ("building", "I.2", "public lighting is commercial and institutional grid electricity (I.2.2)"),
    "fuel_switch": ("household", "I.1", "household cooking fuel burnt in the city (I.1.1)"),
    "solar_pv": ("building", "I.2", "electricity generated on buildings displaces grid electricity they buy "
                                    "(I.2.2); place it in I.4 in the trend file if it is exported to the grid"),
    "building_efficiency": ("building", "I.2", "grid electricity of commercial and public buildings (I.2.2)"),
    "bus_fleet": ("transport", "II.1", "on-road transport fuel (II.1.1)"),
}
#: GPC reference (sector level) -> ghgkit sector, for a placement given in the trend file
REF_SECTORS = {"I.1": "household", "I.2": "building", "I.3": "industry", "I.4": "energy_industry",
               "I.5": "agriculture", "II": "transport", "II.1": "transport", "II.2": "transport",
               "II.3": "transport", "II.4": "transport", "II.5": "transport", "III.1": "waste",
               "III.2": "waste", "III.3": "waste", "III.4": "wastewater"}
MONITORED, EX_ANTE = "monitored", "ex-ante"
ATTRIBUTION_NOTE = ("The inventory already contains the effect of these projects (less electricity bought, "
                    "less waste landfilled, less fuel burnt): the bars attribute part of the city's emissions "
                    "change to them; they are not subtracted from the inventory, which would count them twice.")


def _norm(s) -> str:
    return " ".join(str(s or "").split()).casefold()


@dataclass
class Attribution:
    """Reductions of the projects located in the city, per year.

    Attributes
    ----------
    projects : list of dict
        One per project counted: title, file, methodology, sector, gpc_ref, placement (why),
        and ``years``: [{year, reduction_t, kind}] with kind ``monitored`` or ``ex-ante``.
    table : pandas.DataFrame
        Index ``year``: ``monitored_t``, ``ex_ante_t``, ``reduction_t`` [t CO2e], and with a
        target ``gap_t`` and ``share_of_gap_pct`` [%] (inventory years only).
    by_sector : pandas.DataFrame
        Index ``year``, a column per sector: reductions [t CO2e].
    not_included : list of dict
        Project files left out (another host city, or a duplicate): file, title, reason.
    """

    projects: list[dict]
    table: pd.DataFrame
    by_sector: pd.DataFrame
    not_included: list[dict] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    note: str = ATTRIBUTION_NOTE

    def to_dict(self) -> dict:
        t = self.table.reset_index()
        rows = [{k: (int(v) if k == "year" else (None if pd.isna(v) else float(v))) for k, v in r.items()}
                for r in t.to_dict("records")]
        sec = {str(y): {s: float(v) for s, v in r.items() if pd.notna(v)}
               for y, r in self.by_sector.to_dict("index").items()}
        return {"note": self.note, "projects": self.projects, "years": rows, "by_sector": sec,
                "not_included": self.not_included, "notes": self.notes}


def project_paths(paths) -> list[Path]:
    """Project files named by *paths* (files, or folders of .yaml/.yml/.toml/.xlsx)."""
    from ghgkit.projects.io import project_files

    out = []
    for p in map(Path, paths):
        if not p.exists():
            raise InputError("project file or folder not found", location=str(p))
        out.extend(project_files(p) if p.is_dir() else [p])
    return out


def attribute_projects(trend, paths, placements: Optional[dict] = None, target_progress=None) -> Attribution:
    """Attribute reductions of the projects in *paths* hosted in the trend's city.

    Parameters
    ----------
    trend : ghgkit.mrv.trend.Trend
    paths : iterable of path
        Project files or folders. A file that cannot be read or computed stops the trend
        (its error names the file): a silently missing project would understate the bars.
    placements : dict, optional
        {file name or title: GPC reference} placing a project in another sector.
    target_progress : ghgkit.mrv.targets.TargetProgress, optional
        Adds each inventory year's gap and the projects' share of it.
    """
    from ghgkit.projects import load_project
    from ghgkit.projects.calculate import estimate_and_monitor

    placements = {_norm(k): str(v).strip() for k, v in (placements or {}).items()}
    gwp = trend.totals["gwp"].iloc[-1]
    first = trend.years[0]
    last = max(trend.years[-1], target_progress.target.year if target_progress else trend.years[-1])
    projects, left_out, notes, seen = [], [], [], {}
    for f in project_paths(paths):
        p = load_project(f)
        name = Path(f).name
        if _norm(p.host_city) != _norm(trend.city) or (
                p.host_country and trend.country and _norm(p.host_country) != _norm(trend.country)):
            left_out.append({"file": str(f), "title": p.title,
                             "reason": f"hosted in {p.host_city}" + (f" ({p.host_country})" if p.host_country else "")
                                       + f", not in {trend.city}"})
            continue
        key = (_norm(p.title), _norm(p.partner_city), p.methodology)
        if key in seen:
            left_out.append({"file": str(f), "title": p.title, "reason": f"duplicate of {seen[key]}; counted once"})
            continue
        seen[key] = str(f)
        if p.gwp != gwp:
            notes.append(f"{p.title}: computed with {gwp} (the inventory's GWP set) instead of the file's {p.gwp}")
            p = p.model_copy(update={"gwp": gwp})
        try:
            est, mon = estimate_and_monitor(p)
            ante = {r["year"]: r["reduction_t"] for r in est.years}
            post = {r["year"]: r["reduction_t"] for r in mon.years} if mon else {}
            notes += [f"{p.title}: {w}" for w in est.warnings + (mon.warnings if mon else [])]
        except GhgkitError as e:
            raise e.at(str(f))
        sector, ref, why = METHODOLOGY_SECTORS[p.methodology]
        placed = placements.get(_norm(name)) or placements.get(_norm(p.title))
        if placed:
            if placed not in REF_SECTORS:
                raise InputError(f"unknown GPC reference '{placed}' for project {name}",
                                 hint="use a sector-level reference: " + ", ".join(REF_SECTORS))
            sector, ref, why = REF_SECTORS[placed], placed, "placed by the trend file"
        years = []
        for y in range(first, last + 1):
            if y in post:
                years.append({"year": y, "reduction_t": post[y], "kind": MONITORED})
            elif y in ante:
                years.append({"year": y, "reduction_t": ante[y], "kind": EX_ANTE})
        projects.append({"title": p.title, "file": str(f), "partner_city": p.partner_city,
                         "methodology": p.methodology, "sector": sector, "gpc_ref": ref, "placement": why,
                         "start_year": p.start_year, "end_year": p.years[-1], "years": years})
    idx = pd.Index(range(first, last + 1), name="year")
    tab = pd.DataFrame({"monitored_t": 0.0, "ex_ante_t": 0.0}, index=idx)
    used = {p["sector"] for p in projects}
    by_sector = pd.DataFrame(0.0, index=idx, columns=[s for s in SECTORS if s in used])
    for p in projects:
        for r in p["years"]:
            tab.loc[r["year"], "monitored_t" if r["kind"] == MONITORED else "ex_ante_t"] += r["reduction_t"]
            by_sector.loc[r["year"], p["sector"]] += r["reduction_t"]
    tab["reduction_t"] = tab["monitored_t"] + tab["ex_ante_t"]
    if target_progress is not None:
        gap = target_progress.table["gap_t"].reindex(idx)
        tab["gap_t"] = gap
        without = gap + tab["reduction_t"]
        share = 100.0 * np.minimum(tab["reduction_t"], without) / without
        tab["share_of_gap_pct"] = share.where((without > 0) & gap.notna())
        if ((without <= 0) & gap.notna()).any():
            notes.append("in years where the target is met even without the projects' effect, no share of "
                         "the gap is shown")
    if projects:
        notes.insert(0, "each project's reductions use its own parameters and factors (its grid factor, its "
                        "baseline), not the inventory's, so they need not equal a change seen in the inventory")
    return Attribution(projects, tab, by_sector, left_out, notes)


def years_with(attr: Attribution, kind: str) -> list[int]:
    """Years in which at least one project's figure is of *kind* (``monitored`` / ``ex-ante``)."""
    return sorted({r["year"] for p in attr.projects for r in p["years"] if r["kind"] == kind})


__all__ = ["Attribution", "attribute_projects", "METHODOLOGY_SECTORS", "MONITORED", "EX_ANTE", "years_with"]
