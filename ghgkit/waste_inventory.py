"""Activity-table rows of sector ``waste`` / ``wastewater`` -> result rows (GPC III.1-III.4).

The glue between the activity table and the equations of :mod:`ghgkit.waste`: one
result row per activity row, with the gases in tonnes, the ids of the default
parameters used (``factor_ids``) and the arithmetic (``conversion``).

=====================  ===========================================================
subsector              activity row
=====================  ===========================================================
``landfill``           one row per disposal year: ``activity`` a component or
                       ``msw``, ``amount`` a mass, ``year``, ``method`` the site
                       type. Each row carries the CH4 its deposit generates in the
                       inventory year (FOD is linear, so the rows add up to the
                       site's total); recovery (setting ``landfill_ch4_recovered``,
                       t CH4) is shared over the scope-1 rows in proportion.
``composting``,        mass treated; ``method`` ``wet`` (default) or ``dry``
``anaerobic_digestion``
``incineration``,      mass burnt (wet); ``activity`` a component or ``msw`` (with
``open_burning``       the setting ``msw_composition``); incineration ``method`` a
                       technology such as ``continuous_stoker``
``domestic``           ``activity`` ``population``, ``amount`` persons served,
                       ``method`` the pathway; N2O from effluent when the setting
                       ``protein_kg_per_person_yr`` is given
``industrial``         ``amount`` the COD load (mass of COD per year), ``method``
                       the pathway
=====================  ===========================================================

Settings (all optional unless said): ``climate_zone`` (needed for landfill k),
``edition``, ``docf``, ``f_ch4``, ``ox``, ``delay_months``, ``mcf``, ``k``,
``doc_msw`` (needed for bulk MSW in landfills), ``msw_composition``
(``{component: fraction}``), ``landfill_ch4_recovered`` [t CH4],
``bod_per_capita`` [g/person/day] or ``bod_region``, ``protein_kg_per_person_yr``,
``f_non_con``, ``ef_effluent``.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from . import waste as W
from .errors import GhgkitError, Location, SettingsError
from .units import conversion_factor

#: pathways whose wastewater is collected in sewers (I = 1.25, Vol. 5 sect. 6.3.2.3);
#: the others are uncollected (I = 1.00); discharge to sea/river/lake counts as uncollected
COLLECTED = {"centralised_aerobic_well_managed", "centralised_aerobic_overloaded", "anaerobic_reactor",
             "anaerobic_digester_sludge", "lagoon_shallow", "lagoon_deep",
             "untreated_discharge_stagnant_sewer", "untreated_discharge_flowing_sewer"}


def _setting(settings, key: str, default: Any = None) -> Any:
    if isinstance(settings, dict):
        v = settings.get(key, default)
    else:
        v = getattr(settings, key, None) if key in type(settings).model_fields else None
        if v is None and hasattr(settings, "extra"):
            v = settings.extra(key, None)
        if v is None:
            v = default
    if isinstance(v, str) and not v.strip():
        return default
    return v


def _float_setting(settings, key: str, default=None):
    v = _setting(settings, key, None)
    if v is None:
        return default
    try:
        return float(v)
    except (TypeError, ValueError):
        raise SettingsError(f"setting {key} = '{v}' is not a number") from None


def _where(activity: pd.DataFrame, idx) -> Location | None:
    row = activity.loc[idx]
    get = lambda c: (row[c] if c in activity.columns and pd.notna(row[c]) else None)  # noqa: E731
    line = get("line")
    return Location(file=get("file"), sheet=get("sheet"), cell=get("cell"),
                    line=int(line) if line is not None else None)


def _located(err: GhgkitError, activity, idx) -> GhgkitError:
    return err.at(_where(activity, idx)) if idx is not None else err


def _converted(activity: pd.DataFrame, target: str, what: str, hint: str) -> np.ndarray:
    """Amounts converted to *target* (one pint lookup per distinct unit string)."""
    out = np.empty(len(activity))
    units = activity["unit"].astype(object).to_numpy()
    amounts = activity["amount"].to_numpy(dtype=float)
    for u in pd.unique(units):
        m = units == u
        try:
            out[m] = amounts[m] * conversion_factor(str(u), target)
        except GhgkitError as e:
            raise _located(GhgkitError(f"{what}: {e.message}", hint=hint),
                           activity, activity.index[np.flatnonzero(m)[0]]) from None
    return out


def _tonnes(activity: pd.DataFrame, what: str) -> np.ndarray:
    """Amounts converted to t."""
    return _converted(activity, "t", what, "give the amount as a mass, e.g. t")


def _persons(activity: pd.DataFrame) -> np.ndarray:
    """Population served, in persons."""
    return _converted(activity, "person", "population served", "write persons")


def _norm_each(activity, column: str, fn, default=None) -> np.ndarray:
    vals = activity[column].astype(object).to_numpy()
    out = np.empty(len(vals), dtype=object)
    cache: dict = {}
    for i, v in enumerate(vals):
        if v is None or (isinstance(v, float) and np.isnan(v)) or str(v).strip() == "":
            if default is None:
                raise _located(W.WasteInputError(f"{column} is empty",
                                                 hint=f"write the {column} (see the drop-down)"),
                               activity, activity.index[i])
            v = default
        if v not in cache:
            try:
                cache[v] = fn(v)
            except GhgkitError as e:
                raise _located(e, activity, activity.index[i]) from None
        out[i] = cache[v]
    return out


def _empty_result(index) -> pd.DataFrame:
    n = len(index)
    return pd.DataFrame({"row": np.asarray(index), "scope": np.ones(n, dtype=int),
                         "co2_t": np.zeros(n), "ch4_t": np.zeros(n), "n2o_t": np.zeros(n),
                         "co2_biogenic_t": np.zeros(n), "factor_ids": [""] * n, "conversion": [""] * n,
                         "calc_notes": [""] * n})


def _param(settings, key, name, pkey="default", **kw) -> tuple[float, str]:
    """A user setting (id 'setting:KEY') or the default parameter (its param_id)."""
    v = _float_setting(settings, key)
    if v is not None:
        return v, f"setting:{key}"
    p = W.parameter(name, pkey, edition=_setting(settings, "edition", "2006"), **kw)
    return p.value, p.param_id


# --------------------------------------------------------------------------------------
def calculate_waste(activity: pd.DataFrame, settings, library=None) -> tuple[pd.DataFrame, list[str]]:
    """Result rows for the waste and wastewater rows of an activity table.

    Parameters
    ----------
    activity : pandas.DataFrame
        Activity rows of sector ``waste`` or ``wastewater`` with an amount.
    settings : ghgkit.settings.Settings or dict
        Needs ``inventory_year``; see the module docstring for the rest.
    library : FactorLibrary, optional
        Unused (waste defaults come from ``waste_parameters.csv``); accepted for the
        calculators' common call.

    Returns
    -------
    tuple
        ``(rows, warnings)``: a frame with ``row`` (the activity index), ``scope``,
        ``co2_t``, ``ch4_t``, ``n2o_t``, ``co2_biogenic_t`` [t], ``factor_ids``,
        ``conversion``, ``calc_notes``; and a list of warning strings.
    """
    year = int(_setting(settings, "inventory_year"))
    parts, warnings = [], []
    sub = activity["subsector"].astype(object).to_numpy()
    handlers = {"landfill": _landfill, "composting": _biological, "anaerobic_digestion": _biological,
                "incineration": _burning, "open_burning": _burning, "domestic": _domestic,
                "industrial": _industrial}
    unknown = ~pd.Series(sub).isin(list(handlers)).to_numpy()
    if unknown.any():
        i = np.flatnonzero(unknown)[0]
        raise _located(W.UnknownMethodError(
            f"unknown waste subsector '{sub[i]}'",
            hint="waste: landfill, composting, anaerobic_digestion, incineration, open_burning; "
                 "wastewater: domestic, industrial"), activity, activity.index[i])
    for name, fn in handlers.items():
        m = sub == name
        if m.any():
            res, warn = fn(activity[m], settings, year, name)
            parts.append(res)
            warnings.extend(warn)
    rows = pd.concat(parts, ignore_index=True) if parts else _empty_result([])
    scope = activity["scope"].reindex(rows["row"]).to_numpy(dtype=float) if "scope" in activity else None
    if scope is not None:
        rows["scope"] = np.where(np.isnan(scope), 1, scope).astype(int)
    return rows, warnings


def _landfill(act, settings, year, _name):
    res = _empty_result(act.index)
    ed = _setting(settings, "edition", "2006")
    years = act["year"].to_numpy(dtype=float) if "year" in act else np.full(len(act), np.nan)
    years = np.where(np.isnan(years), year, years).astype(int)
    late = np.flatnonzero(years > year)
    if late.size:
        i = late[0]
        raise _located(W.DisposalYearError(
            f"disposal year {years[i]} is after the inventory year {year}",
            hint="correct the year or remove the row"), act, act.index[i])
    site = _norm_each(act, "method", W.normalise_site_type)
    comp = _norm_each(act, "activity", lambda v: "msw" if W._norm(v) == "msw" else W.normalise_component(v))
    mass = _tonnes(act, "landfill deposit")
    warnings = []
    # one history per (site type, component, scope): duplicates are an error, gaps a warning
    scope = act["scope"].fillna(1).to_numpy(dtype=int) if "scope" in act else np.ones(len(act), int)
    keys = pd.Series([f"{s}|{c}|{sc}" for s, c, sc in zip(site, comp, scope)])
    for key, pos in keys.groupby(keys).groups.items():
        s, c, sc = key.split("|")
        try:
            warnings += W.check_disposal_history(years[list(pos)], year,
                                                 f"landfill history ({s}, {c}, scope {sc})")
        except GhgkitError as e:
            raise _located(e, act, act.index[list(pos)[0]]) from None

    cz = _setting(settings, "climate_zone")
    doc = np.empty(len(act))
    k = np.empty(len(act))
    docf = np.empty(len(act))
    mcf = np.empty(len(act))
    ids = [[] for _ in range(len(act))]
    for c in pd.unique(comp):
        m = comp == c
        i0 = np.flatnonzero(m)[0]
        try:
            if c == "msw":
                d = _float_setting(settings, "doc_msw")
                if d is None:
                    raise SettingsError("bulk MSW in a landfill needs its DOC",
                                        hint="set doc_msw (t C per t wet waste), or give the disposal by "
                                             "component (food, paper, ...)")
                did = "setting:doc_msw"
            else:
                d, did = _param(settings, f"doc_{c}", "doc_wet", c)
            kv = _float_setting(settings, "k")
            if kv is not None:
                kid = "setting:k"
            else:
                if cz is None:
                    raise SettingsError("landfill methane needs the climate zone (for the decay rate k)",
                                        hint="set climate_zone, e.g. tropical_wet")
                p = W.parameter("k", c, climate_zone=cz, edition=ed)
                kv, kid = p.value, p.param_id
            dfv, dfid = _param(settings, "docf", "docf", c)
        except GhgkitError as e:
            raise _located(e, act, act.index[i0]) from None
        doc[m], k[m], docf[m] = d, kv, dfv
        for j in np.flatnonzero(m):
            ids[j] += [did, kid, dfid]
    for s in pd.unique(site):
        m = site == s
        v, vid = _param(settings, "mcf", "mcf_swds", s)
        mcf[m] = v
        for j in np.flatnonzero(m):
            ids[j].append(vid)
    f, fid = _param(settings, "f_ch4", "f_ch4")
    ox, oxid = _param(settings, "ox", "ox")
    delay, delid = _param(settings, "delay_months", "delay_months")
    gen = W.fod_ch4_in_year(mass, years, year, doc, docf, mcf, k, delay_months=delay, f=f)
    rec = _float_setting(settings, "landfill_ch4_recovered", 0.0)
    in_boundary = scope == 1
    total = gen[in_boundary].sum()
    W.landfill_ch4_emitted(total, rec, ox)              # raises when R > generation
    share = np.where(in_boundary, gen / total, 0.0) if total > 0 else np.zeros(len(gen))
    res["ch4_t"] = W.landfill_ch4_emitted(gen, rec * share, ox)
    res["factor_ids"] = [";".join(dict.fromkeys(i + [fid, oxid, delid])) for i in ids]
    res["conversion"] = [f"FOD: {m:g} t deposited {y} x DOC {d:g} x DOCf {q:g} x MCF {c:g}, k {kk:g}/yr, "
                         f"{year - y} yr before {year}, F {f:g} x 16/12; (1 - OX {ox:g})"
                         for m, y, d, q, c, kk in zip(mass, years, doc, docf, mcf, k)]
    note = f"IPCC 2006 Vol. 5 first-order decay, edition {ed}, delay {delay:g} months"
    if rec:
        note += f"; recovery {rec:g} t CH4 shared over the in-boundary landfill rows"
    res["calc_notes"] = note
    return res, warnings


def _biological(act, settings, year, name):
    res = _empty_result(act.index)
    basis = _norm_each(act, "method", lambda v: _basis(v), default="wet")
    mass = _tonnes(act, name.replace("_", " "))
    ch4 = np.empty(len(act))
    n2o = np.empty(len(act))
    ids = np.empty(len(act), dtype=object)
    for b in ("wet", "dry"):
        m = basis == b
        if not m.any():
            continue
        p4, pid4 = _param(settings, f"ef_{name}_ch4_{b}", "ef_bio_ch4", f"{name}_{b}")
        p2, pid2 = _param(settings, f"ef_{name}_n2o_{b}", "ef_bio_n2o", f"{name}_{b}")
        ch4[m], n2o[m] = W.biological_treatment(mass[m], p4, p2)
        ids[m] = f"{pid4};{pid2}"
    res["ch4_t"], res["n2o_t"] = ch4, n2o
    res["factor_ids"] = list(ids)
    res["conversion"] = [f"{m:g} t ({b} weight) x EF g/kg x 1e-3" for m, b in zip(mass, basis)]
    res["calc_notes"] = f"IPCC 2006 Vol. 5 Eq. 4.1/4.2, edition {_setting(settings, 'edition', '2006')}"
    return res, []


def _basis(v) -> str:
    s = W._norm(v)
    if s in ("wet", "wet_weight", ""):
        return "wet"
    if s in ("dry", "dry_weight", "dry_matter"):
        return "dry"
    raise W.UnknownMethodError(f"unknown basis '{v}' for biological treatment", hint="write wet or dry")


def _burning(act, settings, year, name):
    res = _empty_result(act.index)
    mass = _tonnes(act, name.replace("_", " "))
    comp = _norm_each(act, "activity", lambda v: "msw" if W._norm(v) == "msw" else W.normalise_component(v))
    comps = list(W.WASTE_COMPONENTS)
    dm, _ = W.parameter_values("dry_matter", comps)
    cf, _ = W.parameter_values("carbon_fraction", comps)
    fcf, _ = W.parameter_values("fossil_carbon_fraction", comps)
    wf = np.zeros((len(act), len(comps)))
    for i, c in enumerate(comp):
        if c == "msw":
            composition = _setting(settings, "msw_composition")
            if not composition:
                raise _located(SettingsError("burning bulk MSW needs its composition",
                                             hint="set msw_composition, e.g. {food: 0.5, paper: 0.2, "
                                                  "plastics: 0.1, inert: 0.2}, or give the waste by component"),
                               act, act.index[i])
            for k_, v in dict(composition).items():
                wf[i, comps.index(W.normalise_component(k_))] = float(v)
        else:
            wf[i, comps.index(c)] = 1.0
    of, ofid = _param(settings, f"oxidation_factor_{name}", "oxidation_factor", name)
    labels = [str(_where(act, ix) or f"row {ix}") for ix in act.index]
    fossil, bio = W.incineration_co2_msw(mass, wf, dm, cf, fcf, of, labels=labels, components=comps)
    dry = mass * (wf @ dm)
    if name == "incineration":
        tech = _norm_each(act, "method", W.normalise_technology)
        ef4 = np.array([_param(settings, "ef_incin_ch4", "ef_incin_ch4", t)[0] for t in tech])
        ef2 = np.array([_param(settings, "ef_incin_n2o", "ef_incin_n2o", t)[0] for t in tech])
        ch4, n2o = W.incineration_ch4(mass, ef4), W.incineration_n2o(mass, ef2)
        ids = [f"ef_incin_ch4_{t};ef_incin_n2o_{t}" for t in tech]
    else:
        e4, i4 = _param(settings, "ef_openburn_ch4", "ef_openburn_ch4", "msw_wet")
        e2, i2 = _param(settings, "ef_openburn_n2o", "ef_openburn_n2o", "msw_dry")
        ch4, n2o = W.incineration_ch4(mass, e4), W.incineration_n2o(dry, e2)     # N2O per t DRY
        ids = [f"{i4};{i2}"] * len(act)
    res["co2_t"], res["co2_biogenic_t"], res["ch4_t"], res["n2o_t"] = fossil, bio, ch4, n2o
    res["factor_ids"] = [f"{i};{ofid};dm/cf/fcf Table 2.4" for i in ids]
    res["conversion"] = [f"{m:g} t wet, {d:g} t dry; CO2 = sum(WF x dm x CF x FCF x OF {of:g}) x 44/12"
                         for m, d in zip(mass, dry)]
    res["calc_notes"] = "IPCC 2006 Vol. 5 Eq. 5.2, 5.4, 5.5; biogenic CO2 as memo"
    return res, []


def _domestic(act, settings, year, name):
    res = _empty_result(act.index)
    warnings = []
    ed = _setting(settings, "edition", "2006")
    pop = _persons(act)
    path = _norm_each(act, "method", W.normalise_pathway)
    bod = _float_setting(settings, "bod_per_capita")
    if bod is not None:
        bod_id = "setting:bod_per_capita"
    else:
        region = _setting(settings, "bod_region") or _setting(settings, "country")
        if region is None:
            raise _located(SettingsError("domestic wastewater needs the BOD per person",
                                         hint="set bod_per_capita (g/person/day) or bod_region (e.g. "
                                              "asia_middle_east_latin_america)"), act, act.index[0])
        try:
            p = W.parameter("bod_per_capita", "domestic", region=str(region), edition=ed)
        except GhgkitError as e:
            raise _located(e, act, act.index[0]) from None
        bod, bod_id = p.value, p.param_id
    bo, bo_id = _param(settings, "bo_bod", "bo", "bod")
    mcf = np.array([W.parameter("mcf_ww", p_, edition=ed).value for p_ in path])
    i_f = np.array([W.parameter("i_industrial", "collected" if p_ in COLLECTED else "uncollected").value
                    for p_ in path])
    ch4 = W.domestic_wastewater_ch4(pop, bod, np.ones((len(act), 1)), mcf[:, None], bo, i_factor=i_f[:, None])
    res["ch4_t"] = ch4
    protein = _float_setting(settings, "protein_kg_per_person_yr")
    if protein is not None:
        fnpr, _ = _param(settings, "fnpr", "fnpr")
        fnc, _ = _param(settings, "f_non_con", "f_non_con", "no_garbage_disposal")
        fic, _ = _param(settings, "f_ind_com", "f_ind_com")
        ef, _ = _param(settings, "ef_effluent", "ef_effluent")
        res["n2o_t"] = W.effluent_n2o(W.effluent_nitrogen(pop, protein, fnpr, fnc, fic), ef)
        n2o_ids = ";fnpr;f_non_con_no_disposal;f_ind_com;ef_effluent_n2o"
    else:
        n2o_ids = ""
        warnings.append("wastewater effluent N2O not estimated (NE): set protein_kg_per_person_yr "
                        "(kg protein per person per year, e.g. from FAO food balance sheets)")
    res["factor_ids"] = [f"{bod_id};{bo_id};mcf_ww_{p_};i_{'collected' if p_ in COLLECTED else 'uncollected'}"
                         + n2o_ids for p_ in path]
    res["conversion"] = [f"{p_:g} persons x {bod:g} g BOD/day x 365 x I {i:g} x Bo {bo:g} x MCF {m:g}"
                         for p_, i, m in zip(pop, i_f, mcf)]
    res["calc_notes"] = "IPCC 2006 Vol. 5 Eq. 6.1-6.3" + (", 6.7-6.8" if protein is not None else "")
    return res, warnings


def _industrial(act, settings, year, name):
    res = _empty_result(act.index)
    cod = _tonnes(act, "industrial wastewater COD load")
    path = _norm_each(act, "method", W.normalise_pathway)
    bo, bo_id = _param(settings, "bo_cod", "bo", "cod")
    mcf = np.array([W.parameter("mcf_ww", p_).value for p_ in path])
    res["ch4_t"] = W.industrial_wastewater_ch4(cod, mcf, bo)
    res["factor_ids"] = [f"{bo_id};mcf_ww_{p_}" for p_ in path]
    res["conversion"] = [f"{c:g} t COD x Bo {bo:g} x MCF {m:g}" for c, m in zip(cod, mcf)]
    res["calc_notes"] = "IPCC 2006 Vol. 5 Eq. 6.4-6.6"
    return res, []
