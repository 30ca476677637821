"""The common engine: baseline, project and leakage emissions per year, ex-ante and
from monitoring, and the portfolio of many projects.

For every year y of the crediting period::

    ER_y = BE_y − PE_y − LE_y        [t CO2e]

:func:`estimate` uses the ex-ante parameters; :func:`monitor` replaces them by the
monitored values of each monitored year, shows the ex-ante figure beside it, and
explains the difference parameter by parameter (each monitored parameter replaced
alone, the rest left ex-ante; what the one-at-a-time changes do not add up to is
reported as the interaction). :func:`portfolio` sums projects by year, host city,
partner city and methodology. A negative reduction is kept, never clipped, and
flagged on the year and the result.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from typing import Iterable, Optional

import numpy as np
from pydantic import ValidationError

from ghgkit import __version__
from ghgkit.errors import GhgkitError, InputError, Location
from ghgkit.gwp import gwp_values
from ghgkit.projects.base import Context, Methodology, Resolved, display_unit, parameters_model, unknown_parameter
from ghgkit.projects.building_efficiency import BuildingEfficiency
from ghgkit.projects.bus_fleet import BusFleet
from ghgkit.projects.composting import Composting
from ghgkit.projects.fuel_switch import FuelSwitch
from ghgkit.projects.model import ParameterValue, Project
from ghgkit.schema import number_cell_hint
from ghgkit.projects.solar_pv import SolarPV
from ghgkit.projects.street_lighting import StreetLighting

#: methodology name -> class
REGISTRY: dict[str, type[Methodology]] = {m.name: m for m in (
    Composting, StreetLighting, FuelSwitch, SolarPV, BuildingEfficiency, BusFleet)}
#: methodologies whose result in one year depends on earlier years' parameters
HISTORY = {"composting"}

NEGATIVE_NOTE = "NEGATIVE REDUCTION: project and leakage emissions exceed the baseline"


def methodology(name: str) -> type[Methodology]:
    """The methodology class for *name*."""
    try:
        return REGISTRY[name]
    except KeyError:
        raise InputError(f"unknown methodology '{name}'", hint=f"use one of {', '.join(REGISTRY)}") from None


# -- preparing parameters -----------------------------------------------------------
@dataclass
class Prepared:
    """A project with its ex-ante parameters resolved to per-year floats."""

    project: Project
    meth: type[Methodology]
    ctx: Context
    params: dict[str, Resolved]
    bridges: dict[str, tuple] = field(default_factory=dict)

    def values(self) -> dict[str, np.ndarray]:
        return {k: r.values.copy() for k, r in self.params.items()}


def _pydantic_to_error(e: ValidationError, project: Project, meth) -> GhgkitError:
    err = e.errors()[0]
    name = str(err["loc"][0]) if err["loc"] else ""
    loc = project.where(f"ex_ante.{name}") if name else Location(file=project.file)
    if err["type"] == "extra_forbidden":
        return unknown_parameter(name, meth, loc)
    where = ".".join(str(x) for x in err["loc"][1:])
    msg = err["msg"].removeprefix("Value error, ")
    return InputError(f"ex_ante.{name}{'.' + where if where else ''}: {msg}", location=loc,
                      hint=number_cell_hint(err["input"], "the unit", None)
                      if err["type"] == "float_parsing" and isinstance(err.get("input"), str)
                      else project.form.parameter_shape())


def _check_bounds(spec, values, where: str, location) -> None:
    """Refuse *values* (per year, or one float for every year) outside the parameter's range."""
    one = isinstance(values, float)
    if spec.minimum is not None and (values < spec.minimum if one else np.any(values < spec.minimum)):
        low = values if one else float(np.min(values))
        raise InputError(f"{where}: {spec.name} is {low:g}, below {spec.minimum:g}",
                         location=location, hint=f"{spec.name} is {spec.label}")
    if spec.maximum is not None and (values > spec.maximum + 1e-12 if one
                                     else np.any(values > spec.maximum + 1e-12)):
        high = values if one else float(np.max(values))
        raise InputError(f"{where}: {spec.name} is {high:g}, above {spec.maximum:g}",
                         location=location,
                         hint=f"{spec.name} is {spec.label}; write fractions as 0.35 or as 35 with unit %")


def _sound(pv) -> bool:
    """Whether *pv* is a :class:`ParameterValue` as its model leaves it (a Project built without
    validation, or changed after it, may hold something else)."""
    if type(pv) is not ParameterValue or not isinstance(pv.unit, str):
        return False
    if not (isinstance(pv.source, str) and pv.source.strip()) or not (pv.notes is None or isinstance(pv.notes, str)):
        return False
    v = pv.value
    if isinstance(v, dict):
        return all(type(y) is int and type(x) is float and math.isfinite(x) for y, x in v.items())
    return type(v) is float and math.isfinite(v)


def _unit_factors(project: Project, meth, library, locations) -> dict[str, tuple]:
    """The scale factor and fuel bridge of each ex-ante parameter of *project*, every unit checked
    before any value (the first unit that does not fit, in the methodology's order, is the error).

    An unknown parameter name, or a value its model would not hold, is refused by the pydantic
    model of the methodology's parameters (:func:`parameters_model`), naming it; a project read
    from a file has neither, and skips that second validation of what its own model validated."""
    known = meth.names()
    if any(k not in known for k in project.ex_ante) or not all(map(_sound, project.ex_ante.values())):
        try:
            parameters_model(meth).model_validate(
                {k: v.model_dump() for k, v in project.ex_ante.items()},
                context={"locations": locations, "settings": project.settings, "library": library,
                         "region": project.host_country})
        except ValidationError as e:
            raise _pydantic_to_error(e, project, meth) from None
    return {spec.name: spec.factor_and_bridge(project.ex_ante[spec.name].unit, locations[spec.name],
                                              project.settings, library, project.host_country)
            for spec in meth.params if spec.name in project.ex_ante}


def prepare(project: Project, library=None) -> Prepared:
    """Validate the ex-ante parameters (units, bounds, defaults) of *project*.

    *library* is the factor library for fuels (default: the shipped tables); factors are
    looked up for the project's host country, as the inventory looks them up for a city.

    Raises
    ------
    GhgkitError
        An unknown parameter, a unit that does not fit, a value out of range, or a
        parameter that has neither a value nor a default (naming it).
    """
    meth = methodology(project.methodology)
    years = np.array(project.years)
    gwp = gwp_values(project.gwp)
    ctx = Context(years, gwp, project.gwp, dict(project.settings), Location(file=project.file), project.form,
                  library=library, region=project.host_country, given=frozenset(project.ex_ante))
    locations = {n: project.where(f"ex_ante.{n}") for n in project.ex_ante}
    units = _unit_factors(project, meth, library, locations)
    n = len(years)
    params: dict[str, Resolved] = {}
    bridges: dict[str, tuple] = {}
    for spec in meth.params:
        pv = project.ex_ante.get(spec.name)
        if pv is not None:
            loc = locations[spec.name]
            fac, bridge = units[spec.name]
            if isinstance(pv.value, dict):
                values = np.array([pv.value[int(y)] for y in years], dtype=float) * fac
                _check_bounds(spec, values, f"ex_ante.{spec.name}", loc)
            else:
                one = float(pv.value) * fac
                _check_bounds(spec, one, f"ex_ante.{spec.name}", loc)
                values = np.full(n, one)
            params[spec.name] = Resolved(spec.name, spec.label, values, spec.unit, pv.value, pv.unit,
                                         pv.source, "project")
            if bridge:
                bridges[spec.name] = bridge
            continue
        row = meth.default_row(spec, project.settings)
        if row is not None:
            fac = spec.factor(row.unit)
            params[spec.name] = Resolved(spec.name, spec.label, np.full(n, row.value * fac), spec.unit,
                                         row.value, row.unit, row.citation, "default", row.param_id)
        elif spec.required:
            nodef = ("ghgkit has no default for it" if spec.default is None else
                     "its default depends on a setting that is missing or unknown")
            raise InputError(
                f"{meth.name} needs {spec.name} ({spec.label}): no value given, and {nodef}",
                location=project.form.where(f"ex_ante.{spec.name}", Location(file=project.file)),
                hint=project.form.parameter(spec.name, spec.example.split(' (')[0]))
    meth.check({k: r.values for k, r in params.items()}, ctx)
    return Prepared(project, meth, ctx, params, bridges)


# -- results ------------------------------------------------------------------------
def _year_rows(years, comp, include: Optional[Iterable[int]] = None, intermediates: bool = True) -> list[dict]:
    """One dict per year (of *include* when given): BE, PE, LE, ER [t], whether ER is negative
    and, with *intermediates*, the computation's intermediate values."""
    be, pe, le = (np.asarray(a, dtype=float) for a in (comp.baseline, comp.project, comp.leakage))
    er = be - pe - le
    rows = []
    keep = set(include) if include is not None else None
    inter = ({k: np.broadcast_to(v, (len(years),)) for k, (v, _, _) in comp.intermediates.items()}
             if intermediates else None)
    for i, y in enumerate(years):
        if keep is not None and int(y) not in keep:
            continue
        row = {"year": int(y), "baseline_t": float(be[i]), "project_t": float(pe[i]),
               "leakage_t": float(le[i]), "reduction_t": float(er[i]),
               "negative": bool(er[i] < 0)}
        if inter is not None:
            row["intermediate"] = {k: float(v[i]) for k, v in inter.items()}
        rows.append(row)
    return rows


def _header(p: Project, meth) -> dict:
    return {"ghgkit_version": __version__, "title": p.title, "host_city": p.host_city,
            "host_country": p.host_country, "partner_city": p.partner_city,
            "partner_country": p.partner_country, "methodology": meth.name,
            "methodology_title": meth.title, "methodology_reference": meth.reference,
            "equations": list(meth.equations), "start_year": p.start_year,
            "crediting_period": p.crediting_period, "crediting_years": p.years, "gwp": p.gwp,
            "gwp_values": {g: gwp_values(p.gwp)[g] for g in ("CO2", "CH4", "N2O")},
            "settings": dict(p.settings), "file": p.file}


def _units(comp) -> dict:
    return {k: {"unit": u, "description": d} for k, (_, u, d) in comp.intermediates.items()}


FLOWS = ("baseline_t", "project_t", "leakage_t", "reduction_t")


class _Years:
    """What the per-year results of one project share: GWP set, totals, JSON."""

    @property
    def gwp(self) -> str:
        return self.header["gwp"]

    def _sums(self) -> dict:
        return {k: float(sum(r[k] for r in self.years)) for k in FLOWS}

    def to_json(self, indent: int = 1) -> str:
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)

    def to_csv(self) -> str:
        """One line per year: the project, BE, PE, LE, ER and the intermediates [t]."""
        head = {k: self.header.get(k) for k in ("title", "host_city", "partner_city", "methodology", "gwp")}
        return rows_csv([{**head, **r} for r in self.years])


def _flat(d: dict, prefix: str = "") -> dict:
    out = {}
    for k, v in d.items():
        if isinstance(v, dict):
            out.update(_flat(v, f"{prefix}{k}."))
        else:
            out[f"{prefix}{k}"] = v
    return out


def rows_csv(rows: list[dict]) -> str:
    """CSV of dict rows (nested dicts become ``a.b`` columns); text that a spreadsheet
    would read as a formula is made inert."""
    import csv
    import io

    from ghgkit.io.output import inert

    flat = [_flat(r) for r in rows]
    columns = list(dict.fromkeys(k for r in flat for k in r))
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(columns)
    for r in flat:
        w.writerow([inert(r.get(c)) if r.get(c) is not None else "" for c in columns])
    return buf.getvalue()


@dataclass
class ProjectResult(_Years):
    """Ex-ante estimate of one project: one row per crediting year (t CO2e)."""

    header: dict
    years: list[dict]
    parameters: list[dict]
    intermediate_units: dict
    factors: list[dict]
    warnings: list[str]
    project: Project = field(repr=False)

    kind = "estimate"

    @property
    def totals(self) -> dict:
        return self._sums()

    def to_dict(self) -> dict:
        return {"kind": self.kind, **self.header, "totals": self.totals, "years": self.years,
                "intermediate_units": self.intermediate_units, "parameters": self.parameters,
                "factors": self.factors, "warnings": self.warnings}


@dataclass
class MonitorResult(_Years):
    """Ex-post reductions of the monitored years beside the ex-ante figures."""

    header: dict
    years: list[dict]
    parameters: list[dict]
    monitored_parameters: list[str]
    intermediate_units: dict
    factors: list[dict]
    warnings: list[str]
    project: Project = field(repr=False)

    kind = "monitor"

    @property
    def totals(self) -> dict:
        out = self._sums()
        out["ex_ante_reduction_t"] = float(sum(r["ex_ante"]["reduction_t"] for r in self.years))
        out["difference_t"] = out["reduction_t"] - out["ex_ante_reduction_t"]
        return out

    def to_dict(self) -> dict:
        return {"kind": self.kind, **self.header, "totals": self.totals,
                "monitored_parameters": self.monitored_parameters, "years": self.years,
                "intermediate_units": self.intermediate_units, "parameters": self.parameters,
                "factors": self.factors, "warnings": self.warnings}


def _warnings(rows, label="") -> list[str]:
    return [f"{label}{r['year']}: {NEGATIVE_NOTE} (ER {r['reduction_t']:,.1f} t CO2e)"
            for r in rows if r["negative"]]


def _parameters(prep: Prepared) -> list[dict]:
    out = []
    for spec in prep.meth.params:
        r = prep.params.get(spec.name)
        if r is None:
            continue
        d = r.to_dict()
        d["symbol"] = spec.symbol
        if spec.name in prep.bridges:
            d["conversion"] = [{"property": b[0], "value": b[1], "unit": b[2], "source": b[3],
                                "source_ref": b[4]} for b in prep.bridges[spec.name]]
        out.append(d)
    return out


def estimate(project: Project, library=None) -> ProjectResult:
    """Ex-ante emission reductions per year of the crediting period."""
    return _estimate(prepare(project, library))[0]


def _estimate(prep: Prepared):
    """The ex-ante result of a prepared project, and the computation behind it."""
    comp = prep.meth.compute(prep.values(), prep.ctx)
    rows = _year_rows(prep.ctx.years, comp)
    return ProjectResult(_header(prep.project, prep.meth), rows, _parameters(prep), _units(comp),
                         comp.factors, _warnings(rows), prep.project), comp


def estimate_and_monitor(project: Project, library=None) -> tuple[ProjectResult, Optional[MonitorResult]]:
    """:func:`estimate` and, when the project has a monitoring table, :func:`monitor`, from one
    preparation: the same results as calling both (a computation does not change its inputs, so
    the ex-ante computation is shared), with the parameters validated and converted once."""
    prep = prepare(project, library)
    est, comp = _estimate(prep)
    return est, (_monitor(prep, comp) if project.monitoring else None)


# -- monitoring ---------------------------------------------------------------------
def _monitored(prep: Prepared):
    """Monitored values as {param: {year: (value_canonical, row)}} after every check."""
    p, meth = prep.project, prep.meth
    if not p.monitoring:
        raise InputError("the project file has no monitoring table", location=p.form.monitoring_place(),
                         hint=p.form.monitoring_rows())
    first, last = p.years[0], p.years[-1]
    table: dict[str, dict[int, tuple[float, object]]] = {}
    for i, row in enumerate(p.monitoring):
        loc = p.where(f"monitoring.{i}")
        if not first <= row.year <= last:
            raise InputError(f"monitoring year {row.year} ({row.parameter}) is outside the crediting "
                             f"period {first}-{last}", location=loc,
                             hint=f"the crediting period starts in {p.start_year} and lasts "
                                  f"{p.crediting_period} years")
        try:
            spec = meth.spec(row.parameter)
        except KeyError:
            raise unknown_parameter(row.parameter, meth, loc) from None
        fac = spec.factor(row.unit, loc, p.settings, prep.ctx.library, prep.ctx.region)
        value = row.value * fac
        _check_bounds(spec, value, f"monitoring {row.year}", loc)
        if row.year in table.setdefault(spec.name, {}):
            raise InputError(f"{spec.name} is monitored twice for {row.year}", location=loc,
                             hint="keep one row per parameter and year")
        table[spec.name][row.year] = (value, row, fac)
    years = sorted({y for d in table.values() for y in d})
    wanted = set(table) | {s.name for s in meth.params
                           if s.monitored and (s.required or s.name in prep.params)}
    for y in years:
        for name in sorted(wanted, key=meth.names().index):
            if y not in table.get(name, {}):
                spec = meth.spec(name)
                raise InputError(f"monitoring for {y} has no value for {name} ({spec.label})",
                                 location=p.form.monitoring_place(),
                                 hint=f"add a row: year {y}, parameter {name}, value, unit "
                                      f"({spec.example}), evidence")
    return table, years


def monitor(project: Project, library=None) -> MonitorResult:
    """Ex-post reductions from the monitoring table, beside the ex-ante ones.

    For each monitored year: the ex-post BE, PE, LE and ER, the ex-ante figures, the
    difference, and its attribution to each monitored parameter (that parameter
    alone set to its monitored values) with the interaction left over.
    """
    return _monitor(prepare(project, library))


def _with_monitored(base: dict, table: dict, names, idx: dict, n: int) -> dict:
    """A copy of the per-year parameters *base* with the monitored values of *names* put in
    their years (a parameter with no ex-ante value is NaN in the years not monitored)."""
    out = {k: v.copy() for k, v in base.items()}
    for name in names:
        arr = out.get(name)
        if arr is None:
            arr = np.full(n, np.nan)
        for y, (v, _, _) in table[name].items():
            arr[idx[y]] = v
        out[name] = arr
    return out


@dataclass
class _ExPost:
    """The monitored values of a prepared project and the computation with them."""

    table: dict
    years: list[int]
    idx: dict
    ante: dict
    comp_post: object


def _ex_post(prep: Prepared) -> _ExPost:
    """The monitored values (checked, with the other parameters) and the computation with them
    in the monitored years."""
    table, mon_years = _monitored(prep)
    years = prep.ctx.years
    idx = {int(y): i for i, y in enumerate(years)}
    ante = prep.values()
    post = _with_monitored(ante, table, table, idx, len(years))
    prep.meth.check({k: v[[idx[y] for y in mon_years]] for k, v in post.items()}, prep.ctx)
    return _ExPost(table, mon_years, idx, ante, prep.meth.compute(post, prep.ctx))


def _monitor_warnings(prep: Prepared, rows: list[dict], mon_years: list[int]) -> list[str]:
    """The negative monitored years, and the years the monitoring leaves out."""
    warnings = _warnings(rows)
    years = prep.ctx.years
    gaps = [int(y) for y in years if mon_years[0] < y < mon_years[-1] and int(y) not in mon_years]
    if prep.project.methodology in HISTORY:
        early = [int(y) for y in years if y < mon_years[-1] and int(y) not in mon_years]
        if early:
            warnings.append(f"years not monitored ({', '.join(map(str, early))}) keep their ex-ante "
                            f"values in the waste decay history of later years")
    elif gaps:
        warnings.append(f"years not monitored: {', '.join(map(str, gaps))}")
    return warnings


def _monitor(prep: Prepared, comp_ante=None) -> MonitorResult:
    """:func:`monitor` of a prepared project; *comp_ante* is its ex-ante computation when
    already done (:func:`_estimate`)."""
    project = prep.project
    xp = _ex_post(prep)
    table, mon_years, idx, ante, comp_post = xp.table, xp.years, xp.idx, xp.ante, xp.comp_post
    years = prep.ctx.years
    if comp_ante is None:
        comp_ante = prep.meth.compute(ante, prep.ctx)
    er_ante = comp_ante.baseline - comp_ante.project - comp_ante.leakage
    er_post = comp_post.baseline - comp_post.project - comp_post.leakage
    order = [n for n in prep.meth.names() if n in table]
    deltas = {}
    for name in order:
        c = prep.meth.compute(_with_monitored(ante, table, [name], idx, len(years)), prep.ctx)
        deltas[name] = (c.baseline - c.project - c.leakage) - er_ante

    rows_post = {r["year"]: r for r in _year_rows(years, comp_post, mon_years)}
    rows_ante = {r["year"]: r for r in _year_rows(years, comp_ante, mon_years)}
    rows = []
    for y in mon_years:
        i = idx[y]
        r = rows_post[y]
        a = rows_ante[y]
        diff = float(er_post[i] - er_ante[i])
        attribution = {n: float(deltas[n][i]) for n in order}
        r.update({
            "ex_ante": {k: a[k] for k in ("baseline_t", "project_t", "leakage_t", "reduction_t",
                                          "intermediate")},
            "difference_t": diff,
            "attribution_t": attribution,
            "interaction_t": diff - sum(attribution.values()),
            "monitored": {n: {"value": table[n][y][1].value, "unit": table[n][y][1].unit,
                              "value_canonical": table[n][y][0],
                              "unit_canonical": display_unit(prep.meth.spec(n).unit),
                              "ex_ante_canonical": (float(ante[n][i]) if n in ante else None),
                              "ex_ante_value": (float(ante[n][i]) / table[n][y][2]
                                                if n in ante and table[n][y][2] else None),
                              "evidence": table[n][y][1].evidence} for n in order},
        })
        rows.append(r)
    return MonitorResult(_header(project, prep.meth), rows, _parameters(prep), order,
                         _units(comp_post), comp_post.factors, _monitor_warnings(prep, rows, mon_years), project)


@dataclass
class Reductions:
    """What a portfolio sums of one project: the ex-ante BE, PE, LE and ER of every crediting
    year, the ex-post ones of the monitored years, and the warnings of both (the same figures
    and warnings as :func:`estimate` and :func:`monitor`, without the parameters, intermediates
    and the attribution of the difference)."""

    #: ``year``, ``baseline_t``, ``project_t``, ``leakage_t``, ``reduction_t``, ``negative``
    years: list[dict]
    #: the same for the monitored years (empty without a monitoring table)
    monitored: list[dict]
    warnings: list[str]
    monitor_warnings: list[str]

    @property
    def reduction_t(self) -> float:
        """The ex-ante ER of the crediting period, summed as :attr:`ProjectResult.totals` sums it."""
        return float(sum(r["reduction_t"] for r in self.years))


def reductions(project: Project, library=None) -> Reductions:
    """The per-year ex-ante and monitored reductions of *project* (see :class:`Reductions`).

    Raises what :func:`estimate_and_monitor` raises for the project."""
    prep = prepare(project, library)
    rows = _year_rows(prep.ctx.years, prep.meth.compute(prep.values(), prep.ctx), intermediates=False)
    if not project.monitoring:
        return Reductions(rows, [], _warnings(rows), [])
    xp = _ex_post(prep)
    mon = _year_rows(prep.ctx.years, xp.comp_post, xp.years, intermediates=False)
    return Reductions(rows, mon, _warnings(rows), _monitor_warnings(prep, mon, xp.years))
