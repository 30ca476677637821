"""Landfill rows (GPC III.1): per disposal-year row its share of the inventory year's FOD methane.

Also the back-cast of early deposits (IPCC 2006 Vol. 5 sect. 3.2.2) and
:func:`landfill_series`, the methane year by year.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ghgkit.errors import GhgkitError, SettingsError
from ghgkit.i18n import N_
from ghgkit.io.settings import parse_mapping
from ghgkit.provenance import FactorUse
from ghgkit.rules.findings import HINT_SHAPES
from ghgkit.sectors.waste.common import (DisposalYearError, UnknownMethodError, check_composition,
                                         check_disposal_history, year_ranges)
from ghgkit.sectors.waste.inputs import (empty_result, float_setting, ids_text, located, mass_setting, norm_each, param,
                                         setting_use, setting_value, tonnes, unique_uses)
from ghgkit.sectors.waste.landfill import backcast_deposits, fod_ch4_in_year, landfill_ch4_emitted
from ghgkit.sectors.waste.parameters import parameter
from ghgkit.sectors.waste.vocab import norm_name, normalise_component, normalise_site_type


def _component_params(settings, c: str, cz, ed) -> tuple[float, float, float, list]:
    """DOC, k and DOCf of a landfilled component (``msw`` = bulk MSW with ``doc_msw``), and their uses.

    Each is the component's own setting (``doc_food``, ``k_nappies``, ``docf_paper``), else the
    setting for every component (``k``, ``docf``), else the IPCC default (Table 2.4, Table 3.3
    by climate zone, sect. 3.2.3). A component without degradable carbon (plastics, glass,
    metal, inert: DOC 0) needs no k.
    """
    if c == "msw":
        d = float_setting(settings, "doc_msw")
        if d is None:
            raise SettingsError("bulk MSW in a landfill needs its DOC",
                                hint="set doc_msw (t C per t wet waste), or give the disposal by "
                                     "component (food, paper, ...)")
        duse = setting_use(settings, "doc_msw", d)
    else:
        d, duse = param(settings, f"doc_{c}", "doc_wet", c)
    kkeys = ("k",) if c == "msw" else (f"k_{c}", "k")
    kset = next((k for k in kkeys if float_setting(settings, k) is not None), None)
    if kset is not None:
        kv = float_setting(settings, kset)
        kuse = setting_use(settings, kset, kv)
    elif d == 0:
        kv, kuse = 0.0, None                            # nothing decays: k does not matter
    else:
        if cz is None:
            raise SettingsError("landfill methane needs the climate zone (for the decay rate k)",
                                hint="set climate_zone, e.g. tropical_wet")
        try:
            p = parameter("k", c, climate_zone=cz, edition=ed)
        except UnknownMethodError as e:
            raise UnknownMethodError(
                f"IPCC 2006 Table 3.3 gives no decay rate k for '{c}'",
                hint=f"set k_{c} (1/year) for this component only (a global k would apply to every "
                     "component)") from e
        kv, kuse = p.value, FactorUse.from_parameter(p)
    dkeys = () if c == "msw" else (f"docf_{c}",)
    dfv, dfuse = param(settings, dkeys[0] if dkeys else "docf", "docf", c,
                       fallback=("docf",) if dkeys else ())
    return d, kv, dfv, [u for u in (duse, kuse, dfuse) if u is not None]


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
    ed = setting_value(settings, "edition", "2006")
    years = act["year"].to_numpy(dtype=float) if "year" in act else np.full(len(act), np.nan)
    years = np.where(np.isnan(years), year, years).astype(int)
    late = np.flatnonzero(years > year)
    if late.size:
        i = late[0]
        raise located(DisposalYearError(
            f"disposal year {years[i]} is after the inventory year {year}",
            hint="correct the year or remove the row"), act, act.index[i])
    site = norm_each(act, "method", normalise_site_type)
    comp = norm_each(act, "activity", lambda v: "msw" if norm_name(v) == "msw" else normalise_component(v))
    mass = tonnes(act, "landfill deposit")
    warnings = []
    # one history per (site type, component, scope): duplicates are an error, gaps a warning
    scope = act["scope"].fillna(1).to_numpy(dtype=int) if "scope" in act else np.ones(len(act), int)
    keys = pd.Series([f"{s}|{c}|{sc}" for s, c, sc in zip(site, comp, scope)])
    for key, pos in keys.groupby(keys).groups.items():
        s, c, sc = key.split("|")
        try:
            warnings += check_disposal_history(years[list(pos)], year,
                                                 f"landfill history ({s}, {c}, scope {sc})")
        except GhgkitError as e:
            raise located(e, act, act.index[list(pos)[0]]) from None

    cz = setting_value(settings, "climate_zone")
    n = len(act)
    doc, k, docf, mcf = np.empty(n), np.empty(n), np.empty(n), np.empty(n)
    ids: list[list] = [[] for _ in range(n)]           # the FactorUse records of each row
    for c in pd.unique(comp):
        m = comp == c
        try:
            d, kv, dfv, uses = _component_params(settings, c, cz, ed)
        except GhgkitError as e:
            raise located(e, act, act.index[np.flatnonzero(m)[0]]) from None
        doc[m], k[m], docf[m] = d, kv, dfv
        for j in np.flatnonzero(m):
            ids[j] += uses
    for s in pd.unique(site):
        m = site == s
        v, vuse = param(settings, f"mcf_{s}", "mcf_swds", s, fallback=("mcf",))
        mcf[m] = v
        for j in np.flatnonzero(m):
            ids[j].append(vuse)
    f, fuse = param(settings, "f_ch4", "f_ch4")
    ox, oxuse = param(settings, "ox", "ox")
    delay, deluse = param(settings, "delay_months", "delay_months")
    for i in ids:
        i += [fuse, oxuse, deluse]
    model = dict(n=n, years=years, mass=mass, doc=doc, docf=docf, mcf=mcf, k=k, scope=scope, ids=ids,
                 f=f, ox=ox, delay=delay, ed=ed, warnings=warnings,
                 rec=mass_setting(settings, "landfill_ch4_recovered") or 0.0,
                 dep=dict(row=np.arange(n), mass=mass, year=years, doc=doc, docf=docf, mcf=mcf, k=k,
                          backcast=np.zeros(n, dtype=bool)),
                 backcast=None, backcast_rows={})
    if n and setting_value(settings, "backcast_start_year") is not None:
        _add_backcast(model, act, settings, year, cz, ed)
    return model


def _add_backcast(model: dict, act, settings, year: int, cz, ed) -> None:
    """Back-cast the deposits before the first history year (IPCC 2006 Vol. 5 sect. 3.2.2)."""
    where = act.index[int(np.argmin(model["years"]))]
    try:
        start = float_setting(settings, "backcast_start_year")
        if start != int(start):
            raise SettingsError(f"backcast_start_year {start:g} is not a whole year",
                                hint="write the calendar year, e.g. 1990")
        start = int(start)
        first = int(model["years"].min())
        if start >= first:
            model["warnings"].append(f"backcast_start_year {start} is not before the first landfill "
                                     f"history year {first}: nothing was back-cast")
            return
        need = {"msw_per_capita_kg_day": N_("waste generated per person, kg/person/day (e.g. 0.8)"),
                "fraction_to_swds": N_("fraction of the generated waste that went to landfills (e.g. 0.7)"),
                "population": N_("residents in the inventory year")}
        vals = {}
        for key, what in need.items():
            vals[key] = float_setting(settings, key)
            if vals[key] is None:
                raise SettingsError(f"back-casting landfill deposits (backcast_start_year {start}) needs {key}",
                                    hint=HINT_SHAPES["set_key"] % {"key": key, "what": what})
        growth = float_setting(settings, "population_growth_rate")
        bc = backcast_deposits(start, first - 1, vals["msw_per_capita_kg_day"], vals["population"],
                                 vals["fraction_to_swds"], growth_rate=growth or 0.0, population_year=year)
        # the material: bulk MSW with doc_msw, else split by msw_composition
        material = []                     # (component, fraction, doc, docf, k, ids)
        if float_setting(settings, "doc_msw") is not None:
            d, kv, dfv, uses = _component_params(settings, "msw", cz, ed)
            material.append(("msw", 1.0, d, dfv, kv, uses))
            what = f"bulk MSW (doc_msw {d:g})"
        else:
            composition = setting_value(settings, "msw_composition")
            if not composition:
                raise SettingsError("back-cast landfill deposits are bulk MSW: they need doc_msw or "
                                    "msw_composition",
                                    hint="set doc_msw (t C per t wet MSW), or msw_composition such as "
                                         "food=0.5, paper=0.15, plastics=0.1, inert=0.25")
            composition = parse_mapping(composition)
            comps = [normalise_component(c) for c in composition]
            wf = check_composition([[float(v) for v in composition.values()]],
                                     labels=["setting msw_composition"], components=comps)[0]
            for c, fr in zip(comps, wf):
                if fr > 0:
                    d, kv, dfv, uses = _component_params(settings, c, cz, ed)
                    material.append((c, float(fr), d, dfv, kv, uses))
            what = "MSW split by msw_composition"
    except GhgkitError as e:
        raise located(e, act, where) from None

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
    bc_ids = [setting_use(settings, k) for k in ("backcast_start_year", "msw_per_capita_kg_day", "fraction_to_swds")]
    bc_ids.append(FactorUse.from_setting("population", vals["population"], unit="person"))
    if growth is not None:
        bc_ids.append(setting_use(settings, "population_growth_rate", growth))
    bc_ids += [u for *_, uu in material for u in uu]
    for j, sh in zip(first_rows, share):
        model["ids"][j] = list(unique_uses(model["ids"][j] + bc_ids))
        model["backcast_rows"][int(j)] = float(sh)
    span = year_ranges(bc.years)
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


def landfill_rows(act, settings, year, _name):
    res = empty_result(act.index)
    md = _landfill_model(act, settings, year)
    dep = md["dep"]
    f, ox, delay, rec = md["f"], md["ox"], md["delay"], md["rec"]
    gen_dep = fod_ch4_in_year(dep["mass"], dep["year"], year, dep["doc"], dep["docf"], dep["mcf"], dep["k"],
                                delay_months=delay, f=f)
    gen = np.bincount(dep["row"], weights=gen_dep, minlength=md["n"])
    gen_bc = np.bincount(dep["row"], weights=np.where(dep["backcast"], gen_dep, 0.0), minlength=md["n"])
    in_boundary = md["scope"] == 1
    total = gen[in_boundary].sum()
    landfill_ch4_emitted(total, rec, ox)              # raises when R > generation
    share = np.where(in_boundary, gen / total, 0.0) if total > 0 else np.zeros(len(gen))
    res["ch4_t"] = landfill_ch4_emitted(gen, rec * share, ox)
    if rec:
        ruse = setting_use(settings, "landfill_ch4_recovered", rec)
        for j in np.flatnonzero(in_boundary):
            md["ids"][j].append(ruse)
    uses = [unique_uses(i) for i in md["ids"]]
    res["uses"] = uses
    res["factor_ids"] = [ids_text(u) for u in uses]
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
    year = int(setting_value(settings, "inventory_year"))
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
    gen = fod_ch4_in_year(col(dep["mass"]), col(dep["year"]), targets[None, :], col(dep["doc"]),
                            col(dep["docf"]), col(dep["mcf"]), col(dep["k"]), delay_months=md["delay"], f=md["f"])
    gen_all = gen.sum(axis=0)
    rec = md["rec"]
    recovered = np.where(targets == year, rec, 0.0 if not rec else np.nan)
    ok = ~np.isnan(recovered)
    gen_in = gen[md["scope"][dep["row"]] == 1].sum(axis=0)
    emitted = np.full(len(targets), np.nan)
    # recovery is taken from the in-boundary generation only (as on the inventory rows)
    emitted[ok] = (landfill_ch4_emitted(gen_in[ok], recovered[ok], md["ox"])
                   + (gen_all[ok] - gen_in[ok]) * (1.0 - md["ox"]))
    deposited = np.bincount(dep["year"] - targets[0], weights=dep["mass"], minlength=len(targets))
    backcast = np.isin(targets, dep["year"][dep["backcast"]])
    return pd.DataFrame({"year": targets, "deposited_t": deposited, "ch4_generated_t": gen_all,
                         "ch4_recovered_t": recovered, "ch4_emitted_t": emitted, "backcast": backcast})
