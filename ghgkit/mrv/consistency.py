"""Consistency of a city's inventories across years (time-series consistency).

The 2006 IPCC Guidelines (Vol. 1, Ch. 5, "Time series consistency") and the GPC
(ch. 11, "Tracking changes and recalculating") ask that every year of a series be
estimated with the same methods and factors, or that earlier years be recalculated
when one changes. These checks find what changed between the years; each is a
:class:`~ghgkit.mrv.trend.Finding`:

``TREND-001`` a sector with numbers in one year and none in the next (or the reverse)
``TREND-002`` a factor, property or parameter id whose value changed (recalculate)
``TREND-003`` the factors used for one activity changed (another id)
``TREND-004`` the GWP set changed (``--gwp`` recalculates every year with one set)
``TREND-005`` the IPCC edition changed (``--edition``)
``TREND-006`` the notation key of a GPC reference changed
``TREND-007`` years missing inside the series (info)
``TREND-008`` no population for a year: no per-capita figure
``TREND-009`` an inventory's own warning (info)
``TREND-010`` a setting cited as a factor (grid factor, T&D loss rate) changed (info: it
may rightly change each year)
``TREND-011`` a GPC reference with numbers in one year and none in the next while its sector
has numbers in both (e.g. T&D losses without ``td_loss_rate`` one year)
``PLAUS-006`` a year's grid emission factor outside validate's plausible range (a unit slip)
"""

from __future__ import annotations

import pandas as pd

from ghgkit.mrv.trend import Finding


def _span(years: list[int]) -> str:
    """[2015, 2016, 2017, 2019] -> '2015-2017, 2019'."""
    out, start, prev = [], None, None
    for y in sorted(years):
        if start is None:
            start = prev = y
        elif y == prev + 1:
            prev = y
        else:
            out.append(f"{start}" if start == prev else f"{start}-{prev}")
            start = prev = y
    if start is not None:
        out.append(f"{start}" if start == prev else f"{start}-{prev}")
    return ", ".join(out)


def _runs(by_year: dict[int, object]) -> list[tuple[object, list[int]]]:
    """Distinct values in year order with the years holding each."""
    out: dict = {}
    for y in sorted(by_year):
        out.setdefault(by_year[y], []).append(y)
    return list(out.items())


def _fmt(v) -> str:
    if isinstance(v, float):
        return f"{v:,.6g}"
    return str(v)


def factor_uses(inv) -> dict[str, tuple]:
    """Every factor, property, parameter and setting an inventory used: id -> (kind, value, unit)."""
    from ghgkit.reports.model import build_report

    return {f.id: (f.kind, f.value, f.unit) for f in build_report(inv, max_rows=0).factors}


def check_consistency(trend) -> list[Finding]:
    """All the checks above, in code order."""
    f: list[Finding] = []
    f += _sectors(trend)
    f += _factors(trend)
    f += _gwp_edition(trend)
    f += _keys(trend)
    years = trend.years
    missing = [y for y in range(years[0], years[-1] + 1) if y not in years]
    if missing:
        f.append(Finding("TREND-007", "info", f"no inventory for {_span(missing)}: the series has a gap "
                                              "(charts join the years around it)", tuple(missing)))
    nopop = [y for y in years if pd.isna(trend.totals.loc[y, "population"])]
    if nopop:
        f.append(Finding("TREND-008", "warning", f"no population for {_span(nopop)}: no per-capita figure "
                                                 "for those years (set population in their settings)",
                         tuple(nopop)))
    from ghgkit.rules.plausibility import is_outside, thresholds

    odd = [y.year for y in trend.inventories                # as calc and validate warn (600 meant as g/kWh)
           if is_outside("grid_ef_t_per_mwh", y.inventory.settings.grid_ef)]
    if odd:
        t = thresholds()["grid_ef_t_per_mwh"]
        f.append(Finding("PLAUS-006", "warning", f"{_span(odd)}: the grid emission factor is outside "
                                                 f"{t['low']:g}–{t['high']:g} {t['unit']} (check its unit: "
                                                 "600 written for 600 g/kWh is 600 t/MWh)", tuple(odd)))
    seen: dict[str, list[int]] = {}
    for y in trend.inventories:
        for w in y.inventory.warnings:
            seen.setdefault(w, []).append(y.year)
    for w, ys in seen.items():
        f.append(Finding("TREND-009", "info", f"{_span(ys)}: {w}", tuple(ys)))
    order = {"warning": 0, "info": 1}
    return sorted(f, key=lambda x: (order.get(x.severity, 2), x.code))


def _sectors(trend) -> list[Finding]:
    out = []
    s = trend.by_sector
    for sector in s.columns:
        has = s[sector].notna()
        for a, b in zip(trend.years, trend.years[1:]):
            if has[a] != has[b]:
                were, now = (a, b) if has[a] else (b, a)
                out.append(Finding(
                    "TREND-001", "warning",
                    f"{sector} has numbers in {were} ({s.loc[were, sector]:,.0f} t CO2e) but none in {now}: the "
                    f"series {'drops' if has[a] else 'jumps'} between {a} and {b}; estimate it in {now}, or "
                    "explain the change (a new source, a closed one) and recalculate the other years alike",
                    (a, b)))
    return out


def _factors(trend) -> list[Finding]:
    out = []
    uses = {y.year: factor_uses(y.inventory) for y in trend.inventories}
    ids = sorted({i for u in uses.values() for i in u})
    for fid in ids:
        by_year = {y: u[fid][1] for y, u in uses.items() if fid in u}
        runs = _runs(by_year)
        if len(runs) < 2:
            continue
        kind, _, unit = next(u[fid] for u in uses.values() if fid in u)
        parts = [f"{_fmt(v)} {unit} in {_span(ys)}".replace("  ", " ") for v, ys in runs]
        text = "; ".join(parts) if len(parts) <= 3 else f"{parts[0]} … {parts[-1]}; {len(parts)} values"
        years = tuple(sorted(by_year))
        if kind == "setting":
            out.append(Finding("TREND-010", "info", f"{fid} changes over the years ({text}): right for a "
                                                    "year-specific value; check each year uses the value "
                                                    "published for it", years))
        else:
            out.append(Finding("TREND-002", "warning",
                               f"{kind} {fid} changed ({text}): recalculate the other years with the same value, "
                               "or record why it changed (IPCC 2006 Vol. 1 Ch. 5)", years))
    used: dict[tuple, dict[int, str]] = {}
    for y in trend.inventories:
        r = y.inventory.rows
        has = r["co2e_t"].notna().to_numpy()
        g = r.loc[has].groupby(["sector", r["activity"].astype(str)], dropna=False)["factor_ids"].agg(
            lambda x: ";".join(sorted({i for v in x for i in str(v).split(";") if i})))
        for k, v in g.items():
            used.setdefault(k, {})[y.year] = v
    for (sector, activity), by_year in sorted(used.items(), key=lambda kv: str(kv[0])):
        runs = _runs(by_year)
        if len(runs) < 2:
            continue
        text = "; ".join(f"{v or '(none)'} in {_span(ys)}" for v, ys in runs)
        out.append(Finding("TREND-003", "warning", f"{sector} {activity}: other factors used over the years "
                                                   f"({text}); recalculate the other years alike",
                           tuple(sorted(by_year))))
    return out


def _gwp_edition(trend) -> list[Finding]:
    out = []
    t = trend.totals
    for col, code, opt, what in (("gwp", "TREND-004", "--gwp", "GWP set"),
                                 ("edition", "TREND-005", "--edition", "IPCC edition")):
        runs = _runs(t[col].to_dict())
        if len(runs) > 1:
            text = "; ".join(f"{v} in {_span(ys)}" for v, ys in runs)
            out.append(Finding(code, "warning", f"the {what} changed ({text}): the years are not comparable; "
                                                f"recalculate every year with one ({opt} {runs[-1][0]})",
                               tuple(trend.years)))
    return out


def _keys(trend) -> list[Finding]:
    out = []
    g = trend.gpc
    sector_of = {}
    for y in trend.inventories:
        k = y.inventory.keys
        sector_of.update(zip(k["gpc_ref"].astype(str), k["sector"].astype(str)))
    has_sector = trend.by_sector.notna()
    for ref in g.index:
        state = {}
        for y in trend.years:
            v, k = g.loc[ref, y], g.loc[ref, f"key_{y}"]
            state[y] = "numbers" if pd.notna(v) else (str(k) if pd.notna(k) else None)
        for a, b in zip(trend.years, trend.years[1:]):
            sa, sb = state[a], state[b]
            if sa == sb:
                continue
            if sa in ("numbers", None) and sb in ("numbers", None):
                sec = sector_of.get(ref)
                if sec in has_sector.columns and has_sector.loc[a, sec] and has_sector.loc[b, sec]:
                    were, now = (a, b) if sa == "numbers" else (b, a)
                    out.append(Finding(
                        "TREND-011", "warning",
                        f"{ref} ({sector_of[ref]}) has numbers in {were} ({g.loc[ref, were]:,.0f} t CO2e) but none "
                        f"in {now}, while the sector has numbers in both: a source or a setting (e.g. "
                        "td_loss_rate) is missing in one year; estimate it alike in every year", (a, b)))
                continue            # a whole sector appearing or vanishing is TREND-001
            out.append(Finding("TREND-006", "warning",
                               f"{ref}: notation key changed from {sa or 'not reported'} in {a} to "
                               f"{sb or 'not reported'} in {b}; check both years describe the source alike",
                               (a, b)))
    return out
