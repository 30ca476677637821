"""Activity-table rows of sector ``waste`` / ``wastewater`` -> result rows (GPC III.1-III.4).

The glue between the activity table and the equations of :mod:`ghgkit.sectors.waste.equations`: one
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
                       Back-cast (IPCC Vol. 5 sect. 3.2.2): with ``backcast_start_year``,
                       ``msw_per_capita_kg_day``, ``fraction_to_swds``, ``population``
                       (and optional ``population_growth_rate``, else constant),
                       the years before the first history row get MSW deposits
                       from population, as bulk MSW (``doc_msw``) or split by
                       ``msw_composition``, shared over the first year's rows by
                       mass; a warning and the rows' calc notes say so.
                       :func:`landfill_series` gives the yearly series.
``composting``,        mass treated; ``method`` ``wet`` (default) or ``dry``;
``anaerobic_digestion`` digestion CH4 recovered (setting ``digester_ch4_recovered``,
                       t CH4) is subtracted (Eq. 4.1), shared over the digestion
                       rows in proportion to their CH4
``incineration``,      mass burnt (wet); ``activity`` a component or ``msw`` (with
``open_burning``       the setting ``msw_composition``); incineration ``method`` a
                       technology such as ``continuous_stoker``. Open burning may
                       give ``activity`` ``population`` (persons): Eq. 5.7 with
                       ``fraction_burning``, ``msw_per_capita_kg_day`` and
                       ``fraction_burnt`` (no default shipped)
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

from ghgkit.sectors.waste import equations as W
from ghgkit.errors import GhgkitError, Location, SettingsError
from ghgkit.io.settings import parse_mapping
from ghgkit.units import conversion_factor

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
    settings : ghgkit.io.settings.Settings or dict
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


def _component_params(settings, c: str, cz, ed) -> tuple[float, str, float, str | None, float, str]:
    """DOC, k and DOCf of a landfilled component (``msw`` = bulk MSW with ``doc_msw``), with their ids.

    A component without degradable carbon (plastics, glass, metal, inert: DOC 0) needs no k.
    """
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
    elif d == 0:
        kv, kid = 0.0, None                            # nothing decays: k does not matter
    else:
        if cz is None:
            raise SettingsError("landfill methane needs the climate zone (for the decay rate k)",
                                hint="set climate_zone, e.g. tropical_wet")
        p = W.parameter("k", c, climate_zone=cz, edition=ed)
        kv, kid = p.value, p.param_id
    dfv, dfid = _param(settings, "docf", "docf", c)
    return d, did, kv, kid, dfv, dfid


def _landfill_model(act, settings, year) -> dict:
    """Everything the landfill rows need: per deposit (history rows and back-cast deposits) the
    mass, year, DOC, DOCf, MCF and k, the activity row it belongs to, and the common F, OX,
    delay and recovery.

    Back-cast deposits (settings ``backcast_start_year``, ``msw_per_capita_kg_day``,
    ``fraction_to_swds``, ``population``, optional ``population_growth_rate``) cover the years
    from the start year to the year before the first history row; they are shared over the rows
    of that first year in proportion to their mass (so over site types and scopes as then), and
    are bulk MSW with ``doc_msw`` or split by ``msw_composition``.
    """
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
    n = len(act)
    doc, k, docf, mcf = np.empty(n), np.empty(n), np.empty(n), np.empty(n)
    ids = [[] for _ in range(n)]
    for c in pd.unique(comp):
        m = comp == c
        try:
            d, did, kv, kid, dfv, dfid = _component_params(settings, c, cz, ed)
        except GhgkitError as e:
            raise _located(e, act, act.index[np.flatnonzero(m)[0]]) from None
        doc[m], k[m], docf[m] = d, kv, dfv
        for j in np.flatnonzero(m):
            ids[j] += [x for x in (did, kid, dfid) if x]
    for s in pd.unique(site):
        m = site == s
        v, vid = _param(settings, "mcf", "mcf_swds", s)
        mcf[m] = v
        for j in np.flatnonzero(m):
            ids[j].append(vid)
    f, fid = _param(settings, "f_ch4", "f_ch4")
    ox, oxid = _param(settings, "ox", "ox")
    delay, delid = _param(settings, "delay_months", "delay_months")
    for i in ids:
        i += [fid, oxid, delid]
    model = dict(n=n, years=years, mass=mass, doc=doc, docf=docf, mcf=mcf, k=k, scope=scope, ids=ids,
                 f=f, ox=ox, delay=delay, ed=ed, warnings=warnings,
                 rec=_float_setting(settings, "landfill_ch4_recovered", 0.0),
                 dep=dict(row=np.arange(n), mass=mass, year=years, doc=doc, docf=docf, mcf=mcf, k=k,
                          backcast=np.zeros(n, dtype=bool)),
                 backcast=None, backcast_rows={})
    if n and _setting(settings, "backcast_start_year") is not None:
        _add_backcast(model, act, settings, year, cz, ed)
    return model


def _add_backcast(model: dict, act, settings, year: int, cz, ed) -> None:
    """Back-cast the deposits before the first history year (IPCC 2006 Vol. 5 sect. 3.2.2)."""
    where = act.index[int(np.argmin(model["years"]))]
    try:
        start = _float_setting(settings, "backcast_start_year")
        if start != int(start):
            raise SettingsError(f"backcast_start_year {start:g} is not a whole year",
                                hint="write the calendar year, e.g. 1990")
        start = int(start)
        first = int(model["years"].min())
        if start >= first:
            model["warnings"].append(f"backcast_start_year {start} is not before the first landfill "
                                     f"history year {first}: nothing was back-cast")
            return
        need = {"msw_per_capita_kg_day": "waste generated per person, kg/person/day (e.g. 0.8)",
                "fraction_to_swds": "fraction of the generated waste that went to landfills (e.g. 0.7)",
                "population": "residents in the inventory year"}
        vals = {}
        for key, what in need.items():
            vals[key] = _float_setting(settings, key)
            if vals[key] is None:
                raise SettingsError(f"back-casting landfill deposits (backcast_start_year {start}) needs {key}",
                                    hint=f"set {key}: {what}")
        growth = _float_setting(settings, "population_growth_rate")
        bc = W.backcast_deposits(start, first - 1, vals["msw_per_capita_kg_day"], vals["population"],
                                 vals["fraction_to_swds"], growth_rate=growth or 0.0, population_year=year)
        # the material: bulk MSW with doc_msw, else split by msw_composition
        material = []                     # (component, fraction, doc, docf, k, ids)
        if _float_setting(settings, "doc_msw") is not None:
            d, did, kv, kid, dfv, dfid = _component_params(settings, "msw", cz, ed)
            material.append(("msw", 1.0, d, dfv, kv, [did, kid, dfid]))
            what = f"bulk MSW (doc_msw {d:g})"
        else:
            composition = _setting(settings, "msw_composition")
            if not composition:
                raise SettingsError("back-cast landfill deposits are bulk MSW: they need doc_msw or "
                                    "msw_composition",
                                    hint="set doc_msw (t C per t wet MSW), or msw_composition such as "
                                         "food=0.5, paper=0.15, plastics=0.1, inert=0.25")
            composition = parse_mapping(composition)
            comps = [W.normalise_component(c) for c in composition]
            wf = W.check_composition([[float(v) for v in composition.values()]],
                                     labels=["setting msw_composition"], components=comps)[0]
            for c, fr in zip(comps, wf):
                if fr > 0:
                    d, did, kv, kid, dfv, dfid = _component_params(settings, c, cz, ed)
                    material.append((c, float(fr), d, dfv, kv, [did, kid, dfid]))
            what = "MSW split by msw_composition"
    except GhgkitError as e:
        raise _located(e, act, where) from None

    yrs = model["years"]
    first_rows = np.flatnonzero(yrs == first)
    w = model["mass"][first_rows]
    share = w / w.sum() if w.sum() > 0 else np.full(len(first_rows), 1.0 / len(first_rows))
    # pseudo-deposits: first-year row x back-cast year x component
    r_, y_, m_, d_, f_, k_ = [], [], [], [], [], []
    nb = len(bc.years)
    for j, sh in zip(first_rows, share):
        for c, fr, d, dfv, kv, _ in material:
            r_.append(np.full(nb, j))
            y_.append(bc.years)
            m_.append(bc.deposits_t * sh * fr)
            d_.append(np.full(nb, d))
            f_.append(np.full(nb, dfv))
            k_.append(np.full(nb, kv))
    r_ = np.concatenate(r_)
    dep = model["dep"]
    add = dict(row=r_, year=np.concatenate(y_), mass=np.concatenate(m_), doc=np.concatenate(d_),
               docf=np.concatenate(f_), k=np.concatenate(k_), mcf=model["mcf"][r_],
               backcast=np.ones(len(r_), dtype=bool))
    model["dep"] = {c: np.concatenate([dep[c], add[c]]) for c in dep}
    bc_ids = ["setting:backcast_start_year", "setting:msw_per_capita_kg_day", "setting:fraction_to_swds",
              "setting:population"] + (["setting:population_growth_rate"] if growth is not None else [])
    bc_ids += [i for *_, ii in material for i in ii if i]
    for j, sh in zip(first_rows, share):
        model["ids"][j] = list(dict.fromkeys(model["ids"][j] + bc_ids))
        model["backcast_rows"][int(j)] = float(sh)
    span = W._ranges(bc.years)
    pop_txt = (f"population {vals['population']:,.0f} in {year} scaled back at {growth:g}/yr" if growth
               else f"population {vals['population']:,.0f} in {year} held constant")
    model["backcast"] = bc
    model["backcast_text"] = span
    model["warnings"].append(
        f"landfill deposits for {span} were back-cast, not data (IPCC 2006 Vol. 5 sect. 3.2.2): "
        f"{pop_txt} x {vals['msw_per_capita_kg_day']:g} kg/person/day x 365 x fraction to SWDS "
        f"{vals['fraction_to_swds']:g} = {bc.deposits_t.sum():,.0f} t in all, as {what}, shared over "
        f"site types and scopes as the {first} deposits")


def _fod_text(m, y, doc, docf, mcf, k, f, ox, delay, year, generated) -> str:
    """The arithmetic of one deposit's methane in the inventory year, redoable by hand.

    With the IPCC Waste Model's six-month delay (M = 13), waste deposited in year y
    starts to decay on 1 January of y + 1 (IPCC 2006 Vol. 5 Eq. 3.4-3.6).
    """
    ddocm = m * doc * docf * mcf
    head = f"FOD: {m:g} t deposited {y} x DOC {doc:g} x DOCf {docf:g} x MCF {mcf:g} = DDOCm {ddocm:.6g} t"
    tail = f"; emitted = generated x (1 - OX {ox:g}) after recovery"
    if int(round(delay)) == 6:
        if y >= year:
            return head + f"; decay starts in {y + 1} (six-month delay), so 0 t CH4 in {year}" + tail
        n = year - y - 1
        return (head + f"; decay starts in {y + 1} (six-month delay): in {year}, DDOCm x e^(-{k:g} x {n}) "
                       f"x (1 - e^(-{k:g})) x F {f:g} x 16/12 = {generated:.6g} t CH4 generated" + tail)
    return (head + f"; k {k:g}/yr with a {delay:g}-month delay (IPCC 2006 Vol. 5 Eq. 3.4-3.6): "
                   f"{generated:.6g} t CH4 generated in {year}" + tail)


def _landfill(act, settings, year, _name):
    res = _empty_result(act.index)
    md = _landfill_model(act, settings, year)
    dep = md["dep"]
    f, ox, delay, rec = md["f"], md["ox"], md["delay"], md["rec"]
    gen_dep = W.fod_ch4_in_year(dep["mass"], dep["year"], year, dep["doc"], dep["docf"], dep["mcf"], dep["k"],
                                delay_months=delay, f=f)
    gen = np.bincount(dep["row"], weights=gen_dep, minlength=md["n"])
    gen_bc = np.bincount(dep["row"], weights=np.where(dep["backcast"], gen_dep, 0.0), minlength=md["n"])
    in_boundary = md["scope"] == 1
    total = gen[in_boundary].sum()
    W.landfill_ch4_emitted(total, rec, ox)              # raises when R > generation
    share = np.where(in_boundary, gen / total, 0.0) if total > 0 else np.zeros(len(gen))
    res["ch4_t"] = W.landfill_ch4_emitted(gen, rec * share, ox)
    res["factor_ids"] = [";".join(dict.fromkeys(i)) for i in md["ids"]]
    conv = [_fod_text(m, y, d, q, c, kk, f, ox, delay, year, g)
            for m, y, d, q, c, kk, g in zip(md["mass"], md["years"], md["doc"], md["docf"], md["mcf"], md["k"],
                                            gen - gen_bc)]
    if md["backcast"] is not None:
        bc = md["backcast"]
        for j, sh in md["backcast_rows"].items():
            conv[j] += (f"; + {sh:.4g} of the back-cast deposits {md['backcast_text']} "
                        f"({sh * bc.deposits_t.sum():,.6g} t MSW, MCF {md['mcf'][j]:g}): "
                        f"{gen_bc[j]:.6g} t CH4 generated in {year}")
    res["conversion"] = conv
    note = f"IPCC 2006 Vol. 5 first-order decay, edition {md['ed']}, delay {delay:g} months"
    if md["backcast"] is not None:
        note += (f"; deposits for {md['backcast_text']} back-cast from population "
                 "(IPCC 2006 Vol. 5 sect. 3.2.2), an estimate, not data")
    if rec:
        note += f"; recovery {rec:g} t CH4 shared over the in-boundary landfill rows"
    res["calc_notes"] = note
    warnings = list(md["warnings"])
    first = int(min(md["years"])) if len(md["years"]) else year
    if md["backcast"] is None and year - first < SHORT_HISTORY_YEARS:
        warnings.append(
            f"landfill history starts in {first}, {year - first} year(s) before {year}: methane from waste "
            f"deposited earlier is missing, so landfill CH4 is understated. Give the earlier years, or back-cast "
            f"them (settings backcast_start_year and msw_per_capita_kg_day; IPCC 2006 Vol. 5 sect. 3.2.2)")
    return res, warnings


#: a screening threshold chosen by ghgkit: a history shorter than this many years before the
#: inventory year gets a warning (with tropical food-waste k 0.4/yr, 10 years leave ~2 % of a
#: deposit's methane uncounted; with wood, k 0.035/yr, most of it)
SHORT_HISTORY_YEARS = 10


SERIES_COLUMNS = ["year", "deposited_t", "ch4_generated_t", "ch4_recovered_t", "ch4_emitted_t", "backcast"]


def landfill_series(activity: pd.DataFrame, settings) -> pd.DataFrame:
    """Landfill methane year by year, from the first deposit to the inventory year.

    Parameters
    ----------
    activity : pandas.DataFrame
        An activity table; its rows of sector ``waste``, subsector ``landfill`` with an
        amount are used (the others are ignored).
    settings : ghgkit.io.settings.Settings or dict
        As for :func:`calculate_waste` (back-cast settings included).

    Returns
    -------
    pandas.DataFrame
        One row per year: ``year``, ``deposited_t`` (waste deposited, given or back-cast,
        all scopes), ``ch4_generated_t`` (Eq. 3.2-3.6, all scopes), ``ch4_recovered_t``
        (the setting ``landfill_ch4_recovered`` in the inventory year; 0 in the other
        years when no recovery is set, else NaN: recovery is only given for the inventory
        year), ``ch4_emitted_t`` (Eq. 3.1, NaN where recovery is unknown) [t], and
        ``backcast`` (True where that year's deposits were back-cast). The inventory-year
        row's ``ch4_emitted_t`` equals the sum of the landfill rows' CH4. Empty when there
        are no landfill rows.
    """
    year = int(_setting(settings, "inventory_year"))
    sec = activity["sector"].astype(object).to_numpy() if "sector" in activity else np.full(len(activity), "waste")
    sub = activity["subsector"].astype(object).to_numpy()
    amt = pd.to_numeric(activity["amount"], errors="coerce").to_numpy(dtype=float)
    act = activity[(sec == "waste") & (sub == "landfill") & ~np.isnan(amt)]
    if not len(act):
        return pd.DataFrame({c: pd.Series(dtype=bool if c == "backcast" else float) for c in SERIES_COLUMNS})
    if "year" in act and act["year"].dtype != np.float64:
        act = act.assign(year=pd.to_numeric(act["year"], errors="coerce").astype(float))
    if "scope" in act and act["scope"].dtype != np.float64:
        act = act.assign(scope=pd.to_numeric(act["scope"], errors="coerce").astype(float))
    md = _landfill_model(act, settings, year)
    dep = md["dep"]
    targets = np.arange(int(dep["year"].min()), year + 1)
    col = lambda a: np.asarray(a, dtype=float)[:, None]   # noqa: E731
    gen = W.fod_ch4_in_year(col(dep["mass"]), col(dep["year"]), targets[None, :], col(dep["doc"]),
                            col(dep["docf"]), col(dep["mcf"]), col(dep["k"]), delay_months=md["delay"], f=md["f"])
    gen_all = gen.sum(axis=0)
    rec = md["rec"]
    recovered = np.where(targets == year, rec, 0.0 if not rec else np.nan)
    ok = ~np.isnan(recovered)
    gen_in = gen[md["scope"][dep["row"]] == 1].sum(axis=0)
    emitted = np.full(len(targets), np.nan)
    # recovery is taken from the in-boundary generation only (as on the inventory rows)
    emitted[ok] = (W.landfill_ch4_emitted(gen_in[ok], recovered[ok], md["ox"])
                   + (gen_all[ok] - gen_in[ok]) * (1.0 - md["ox"]))
    deposited = np.bincount(dep["year"] - targets[0], weights=dep["mass"], minlength=len(targets))
    backcast = np.isin(targets, dep["year"][dep["backcast"]])
    return pd.DataFrame({"year": targets, "deposited_t": deposited, "ch4_generated_t": gen_all,
                         "ch4_recovered_t": recovered, "ch4_emitted_t": emitted, "backcast": backcast})


def _biological(act, settings, year, name):
    res = _empty_result(act.index)
    basis = _norm_each(act, "method", lambda v: _basis(v), default="wet")
    mass = _tonnes(act, name.replace("_", " "))
    ch4 = np.empty(len(act))
    n2o = np.empty(len(act))
    ids = np.empty(len(act), dtype=object)
    for b in W.BIOLOGICAL_BASES:
        m = basis == b
        if not m.any():
            continue
        p4, pid4 = _param(settings, f"ef_{name}_ch4_{b}", "ef_bio_ch4", f"{name}_{b}")
        p2, pid2 = _param(settings, f"ef_{name}_n2o_{b}", "ef_bio_n2o", f"{name}_{b}")
        ch4[m], n2o[m] = W.biological_treatment(mass[m], p4, p2)
        ids[m] = f"{pid4};{pid2}"
    conv = [f"{m:g} t ({b} weight) x EF g/kg x 1e-3" for m, b in zip(mass, basis)]
    note = f"IPCC 2006 Vol. 5 Eq. 4.1/4.2, edition {_setting(settings, 'edition', '2006')}"
    rec = _float_setting(settings, "digester_ch4_recovered", 0.0) if name == "anaerobic_digestion" else 0.0
    if rec:
        # Eq. 4.1: CH4 = sum(M x EF) x 1e-3 - R; R shared over the digestion rows in proportion
        total = float(ch4.sum())
        if rec < 0 or rec > total * (1 + 1e-9) + 1e-12:
            raise _located(W.RecoveryError(
                f"digester_ch4_recovered {rec:g} t is {'negative' if rec < 0 else 'larger than'}"
                + ("" if rec < 0 else f" the CH4 generated by anaerobic digestion ({total:.6g} t over "
                                      f"{len(act)} row(s)); emissions cannot be negative"),
                hint="give t of CH4 recovered (flared or used) in the inventory year, not m3 of biogas; "
                     "with the default emission factors (leakage, Table 4.1) the generated CH4 is small, so "
                     "give the digesters' own emission factors (ef_anaerobic_digestion_ch4_wet/dry) with "
                     "the recovery"),
                act, act.index[0])
        share = ch4 / total
        ch4 = np.clip(ch4 - rec * share, 0.0, None)
        conv = [f"{c} - {rec * s_:.6g} t CH4 recovered ({s_:.4g} of {rec:g} t)" for c, s_ in zip(conv, share)]
        ids = np.array([f"{i};setting:digester_ch4_recovered" for i in ids], dtype=object)
        note += f"; recovery {rec:g} t CH4 (flared or used) shared over the digestion rows in proportion"
    res["ch4_t"], res["n2o_t"] = ch4, n2o
    res["factor_ids"] = list(ids)
    res["conversion"] = conv
    res["calc_notes"] = note
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
    names = act["activity"].astype(object).to_numpy()
    by_pop = np.array([v is not None and not (isinstance(v, float) and np.isnan(v)) and W._norm(v) == "population"
                       for v in names], dtype=bool)
    mass = np.zeros(len(act))
    if (~by_pop).any():
        mass[~by_pop] = _tonnes(act[~by_pop], name.replace("_", " "))
    eq57 = {}
    if by_pop.any():
        eq57 = _open_burning_population(act, by_pop, settings, name)
        mass[by_pop] = eq57["mass"]
    comp = _norm_each(act, "activity", lambda v: "msw" if W._norm(v) in ("msw", "population")
                      else W.normalise_component(v))
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
            for k_, v in parse_mapping(composition).items():
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
    res["factor_ids"] = [f"{i};{ofid};dm/cf/fcf Table 2.4" + (eq57["ids"] if p else "")
                         for i, p in zip(ids, by_pop)]
    conv = [f"{m:g} t wet, {d:g} t dry; CO2 = sum(WF x dm x CF x FCF x OF {of:g}) x 44/12"
            for m, d in zip(mass, dry)]
    for j in np.flatnonzero(by_pop):
        conv[j] = eq57["text"][j] + " = " + conv[j]
    res["conversion"] = conv
    res["calc_notes"] = ["IPCC 2006 Vol. 5 " + ("Eq. 5.7 (waste burnt from population), " if p else "")
                         + "Eq. 5.2, 5.4, 5.5; biogenic CO2 as memo" for p in by_pop]
    return res, []


def _open_burning_population(act, by_pop, settings, name) -> dict:
    """MSW open-burned from population (IPCC 2006 Vol. 5 Eq. 5.7) for the rows *by_pop*."""
    first = act.index[np.flatnonzero(by_pop)[0]]
    if name != "open_burning":
        raise _located(W.UnknownMethodError(
            "a population can only be given for open burning (IPCC Eq. 5.7)",
            hint="give the mass incinerated (t), or move the row to subsector open_burning"), act, first)
    persons = _persons(act[by_pop])
    need = {"fraction_burning": "P_frac, the fraction of the population burning waste (e.g. 0.3)",
            "msw_per_capita_kg_day": "MSW_P, waste generated per person, kg/person/day (e.g. 0.8)",
            "fraction_burnt": "B_frac, the fraction of that waste which is burnt; ghgkit ships no default "
                              "for it (see waste_parameters.csv)"}
    vals = {}
    for key, what in need.items():
        vals[key] = _float_setting(settings, key)
        if vals[key] is None:
            raise _located(SettingsError(f"open burning given as population (Eq. 5.7) needs {key}",
                                         hint=f"set {key}: {what}"), act, first)
    try:
        mass = W.open_burning_waste(persons, vals["fraction_burning"], vals["msw_per_capita_kg_day"],
                                    vals["fraction_burnt"])
    except GhgkitError as e:
        raise _located(e, act, first) from None
    text = {int(j): f"Eq. 5.7: {p:g} persons x P_frac {vals['fraction_burning']:g} x "
                    f"{vals['msw_per_capita_kg_day']:g} kg/person/day x B_frac {vals['fraction_burnt']:g} x 365 "
                    f"x 1e-3 = {m:g} t MSW burnt"
            for j, p, m in zip(np.flatnonzero(by_pop), persons, mass)}
    return {"mass": mass, "text": text,
            "ids": ";setting:fraction_burning;setting:msw_per_capita_kg_day;setting:fraction_burnt"}


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
        except GhgkitError:
            regions = sorted(set(W.load_parameters().query("parameter == 'bod_per_capita'")["region"]))
            from_country = _setting(settings, "bod_region") is None
            raise _located(SettingsError(
                f"no default BOD per person for {'country' if from_country else 'bod_region'} '{region}'",
                hint="set bod_region to one of " + ", ".join(regions)
                     + " (IPCC 2006 Vol. 5 Table 6.4), or bod_per_capita in g/person/day"),
                act, act.index[0]) from None
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
        res["n2o_t"] = np.nan              # not estimated (NE): never shown or summed as 0
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
