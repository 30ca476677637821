"""The portfolio: many projects' reductions summed by year, host city, partner city and methodology.

One GWP set for all (mixing is an error unless one is imposed); a copy of a project is
counted once; a file that cannot be read or computed is listed as not included.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Iterable, Optional

from ghgkit import __version__
from ghgkit.errors import GhgkitError, InputError
from ghgkit.gwp import check_same_set
from ghgkit.projects.calculate import reductions, rows_csv
from ghgkit.projects.model import Project


@dataclass
class PortfolioResult:
    """Reductions of many projects summed by year, host city, partner city, methodology."""

    gwp: str
    projects: list[dict]
    by_year: list[dict]
    by_host_city: list[dict]
    by_partner_city: list[dict]
    by_methodology: list[dict]
    warnings: list[str]
    #: files left out of the sums: ``reason`` "invalid" (could not be read or computed;
    #: ``place`` and ``error`` say where and why) or "duplicate" (of ``duplicate_of``)
    not_included: list[dict] = field(default_factory=list)

    kind = "portfolio"

    @property
    def totals(self) -> dict:
        return {k: float(sum(r[k] for r in self.by_year))
                for k in ("baseline_t", "project_t", "leakage_t", "reduction_t", "monitored_reduction_t")}

    @property
    def skipped(self) -> list[dict]:
        """The files left out because they could not be read or computed."""
        return [e for e in self.not_included if e["reason"] == "invalid"]

    def to_dict(self) -> dict:
        return {"kind": self.kind, "ghgkit_version": __version__, "gwp": self.gwp,
                "totals": self.totals, "projects": self.projects, "years": self.by_year,
                "by_host_city": self.by_host_city, "by_partner_city": self.by_partner_city,
                "by_methodology": self.by_methodology, "warnings": self.warnings,
                "not_included": self.not_included}

    def to_json(self, indent: int = 1) -> str:
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)

    def to_csv(self) -> str:
        """One line per year: the portfolio's BE, PE, LE, ER and monitored ER [t]."""
        return rows_csv([{"gwp": self.gwp, **r} for r in self.by_year])


def _group(projects: list[dict], key: str) -> list[dict]:
    out: dict[str, dict] = {}
    for p in projects:
        g = out.setdefault(p[key], {key: p[key], "projects": 0, "reduction_t": 0.0,
                                    "monitored_reduction_t": 0.0, "monitored_ex_ante_t": 0.0})
        g["projects"] += 1
        g["reduction_t"] += p["reduction_t"]
        g["monitored_reduction_t"] += p["monitored_reduction_t"]
        g["monitored_ex_ante_t"] += p["monitored_ex_ante_t"]
    return sorted(out.values(), key=lambda g: -g["reduction_t"])


def _norm(s) -> str:
    return " ".join(str(s).split()).casefold()


def _same_project_key(p: Project) -> tuple:
    """What makes two project files one project: title, host city, partner city, methodology."""
    return (_norm(p.title), _norm(p.host_city), _norm(p.partner_city), p.methodology)


def _duplicate(first: Project, p: Project) -> tuple[dict, str]:
    """The "not included" entry and the warning for *p*, a copy of *first*."""
    a, b = first.file or f"'{first.title}'", p.file or f"'{p.title}'"
    warning = (f"{b} duplicates {a} (same title, host city, partner city and methodology: "
               f"'{p.title}', {p.host_city} with {p.partner_city}, {p.methodology}); counted once, from {a}")
    entry = {"file": b, "reason": "duplicate", "place": "",
             "error": f"same title, host city, partner city and methodology as {a}; counted once",
             "hint": "delete the copy, or give it its own title if it is another project",
             "duplicate_of": a}
    return entry, warning


def portfolio(projects: Iterable[Project], gwp: Optional[str] = None, *, skip_invalid: bool = False,
              not_included: Iterable[dict] = (), library=None) -> PortfolioResult:
    """Sum the ex-ante and monitored reductions of *projects*.

    All projects must use one GWP set (mixing is an error), unless *gwp* is given,
    in which case every project is computed with it. A project with the same title,
    host city, partner city and methodology as an earlier one is counted once, with
    a warning naming both files. With *skip_invalid*, a project whose computation
    fails is left out and listed in ``not_included`` (else its error is raised);
    *not_included* carries entries of files that could not be read
    (:func:`ghgkit.projects.io.read_folder`).
    """
    from ghgkit.projects.io import not_included as _entry

    projects = list(projects)
    left_out = list(not_included)
    if not projects:
        raise InputError("no project files to sum", hint="put .yaml, .toml or .xlsx project files in the folder")
    if gwp:
        from ghgkit.gwp import normalise_set
        g = normalise_set(gwp)
        projects = [p.model_copy(update={"gwp": g}) for p in projects]
    gwp_set = check_same_set(*[p.gwp for p in projects])
    summaries, by_year, warnings, dropped = [], {}, [], []
    summed: dict[tuple, Project] = {}
    for p in projects:
        first = summed.get(_same_project_key(p))
        if first is not None:
            entry, warning = _duplicate(first, p)
            dropped.append(entry)
            warnings.append(warning)
            continue
        try:
            red = reductions(p, library)
        except GhgkitError as e:
            if not skip_invalid:
                raise
            left_out.append(_entry(p.file or p.title, e))
            continue
        summed[_same_project_key(p)] = p
        ante_by_year = {r["year"]: r for r in red.years}
        mon_rows = {r["year"]: r for r in red.monitored}
        summaries.append({
            "title": p.title, "file": p.file, "host_city": p.host_city, "partner_city": p.partner_city,
            "methodology": p.methodology, "start_year": p.start_year,
            "end_year": p.years[-1], "reduction_t": red.reduction_t,
            "monitored_years": sorted(mon_rows),
            "monitored_reduction_t": float(sum(r["reduction_t"] for r in mon_rows.values())),
            "monitored_ex_ante_t": float(sum(ante_by_year[y]["reduction_t"] for y in mon_rows)),
            "negative_years": [r["year"] for r in red.years if r["negative"]]
            + [y for y, r in mon_rows.items() if r["negative"]],
        })
        warnings += [f"{p.title}: {w}" for w in red.warnings + red.monitor_warnings]
        for y, r in ante_by_year.items():
            b = by_year.setdefault(y, {"year": y, "projects": 0, "baseline_t": 0.0, "project_t": 0.0,
                                       "leakage_t": 0.0, "reduction_t": 0.0,
                                       "monitored_reduction_t": 0.0, "monitored_projects": 0})
            b["projects"] += 1
            for k in ("baseline_t", "project_t", "leakage_t", "reduction_t"):
                b[k] += r[k]
            if y in mon_rows:
                b["monitored_reduction_t"] += mon_rows[y]["reduction_t"]
                b["monitored_projects"] += 1
    years = [by_year[y] for y in sorted(by_year)]
    for y in years:
        y["negative"] = y["reduction_t"] < 0
    return PortfolioResult(gwp_set, summaries, years, _group(summaries, "host_city"),
                           _group(summaries, "partner_city"), _group(summaries, "methodology"),
                           warnings, left_out + dropped)
