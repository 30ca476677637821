"""A trend as JSON, CSV (one line per year) and a readable table."""

from __future__ import annotations

import math

import pandas as pd

from ghgkit import __version__


def _j(v):
    """A JSON-safe scalar (NaN -> None, numpy -> Python)."""
    if v is None:
        return None
    if hasattr(v, "item"):
        v = v.item()
    if isinstance(v, float) and (math.isnan(v) or math.isinf(v)):
        return None
    return v


def _j_tree(v):
    """A JSON-safe tree (dicts and lists of scalars)."""
    if isinstance(v, dict):
        return {str(k): _j_tree(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [_j_tree(x) for x in v]
    return _j(v)


def trend_dict(trend) -> dict:
    """The trend's JSON contract (``kind: trend``)."""
    t = trend.totals
    series = []
    for y in trend.years:
        r = t.loc[y]
        row = {"year": y, "file": r["file"], "gwp": r["gwp"], "edition": r["edition"],
               **{k: _j(r[k]) for k in ("total_t", "basic_co2e_t", "basic_plus_co2e_t", "co2e_t", "population",
                                         "per_capita_t", "change_t", "change_pct", "per_capita_change_pct")},
               "by_sector": {s: _j(v) for s, v in trend.by_sector.loc[y].items()},
               "by_scope": {str(s): _j(v) for s, v in trend.by_scope.loc[y].items()}}
        if trend.uncertainty is not None and y in trend.uncertainty.index:
            row["uncertainty"] = {k: _j(v) for k, v in trend.uncertainty.loc[y].items()}
        series.append(row)
    gpc = {}
    for ref, r in trend.gpc.iterrows():
        vals = {}
        for y in trend.years:
            v, k = r[y], r[f"key_{y}"]
            vals[str(y)] = _j(v) if pd.notna(v) else (k if pd.notna(k) else None)
        if any(v is not None for v in vals.values()):
            gpc[ref] = {"description": r["description"], "scope": _j(r["scope"]), "level": r["level"],
                        "years": vals}
    return {"kind": "trend", "ghgkit_version": __version__, "city": trend.city, "country": trend.country,
            "basis": trend.basis, "basis_label": trend.basis_label, "base_year": trend.base_year,
            "gwp": trend.gwp, "edition": trend.edition, "years": trend.years, "series": series, "gpc": gpc,
            "target": trend.target.to_dict() if trend.target is not None else None,
            "projects": trend.attribution.to_dict() if trend.attribution is not None else None,
            "uncertainty": _j_tree(trend.uncertainty_info.to_dict()) if trend.uncertainty_info is not None else None,
            "findings": [f.to_dict() for f in trend.findings]}


def trend_frame(trend) -> pd.DataFrame:
    """One line per year: totals, change, per capita, sectors, scopes, target and projects."""
    t = trend.totals
    df = pd.DataFrame(index=pd.Index(trend.years, name="year"))
    for c in ("total_t", "change_t", "change_pct", "population", "per_capita_t", "per_capita_change_pct",
              "basic_co2e_t", "basic_plus_co2e_t", "co2e_t", "gwp", "edition"):
        df[c] = t[c]
    if trend.uncertainty is not None:
        for c in trend.uncertainty.columns:
            df[f"uncertainty_{c}"] = trend.uncertainty[c].reindex(df.index)
    for s in trend.by_sector.columns:
        df[f"sector_{s}_t"] = trend.by_sector[s]
    for s in trend.by_scope.columns:
        df[f"scope_{s}_t"] = trend.by_scope[s]
    if trend.target is not None:
        tab = trend.target.table.reindex(df.index)
        for c in ("path", "target", "gap", "gap_t", "off_path", "progress_pct", "on_track", "bau_t",
                  "bau_reduction_t", "bau_reduction_pct"):
            if c in tab.columns:
                df[f"target_{c}"] = tab[c]
    if trend.attribution is not None:
        tab = trend.attribution.table.reindex(df.index)
        for c in tab.columns:
            df[f"projects_{c}"] = tab[c]
    df["file"] = t["file"]
    return df


def trend_csv(trend, path=None):
    """The per-year table as CSV (text returned when *path* is None); file names made inert."""
    from ghgkit.io.output import inert_series, write_text_atomic

    df = trend_frame(trend).reset_index()
    df["file"] = inert_series(df["file"].astype(object))
    text = df.to_csv(index=False, float_format="%.6f", lineterminator="\n")
    if path is None:
        return text
    write_text_atomic(path, text)
    return None


def trend_summary(trend) -> str:
    """A readable table: totals, change, per capita, sectors, target, projects, findings."""
    t = trend.totals
    lines = [f"{trend.city or 'City'} ({trend.country or '—'}): {trend.basis_label} emissions "
             f"{trend.years[0]}-{trend.years[-1]}, base year {trend.base_year}; GWP {trend.gwp}, "
             f"IPCC {trend.edition}"]
    head = f"  {'year':<6}{'t CO2e':>14}{'vs base':>10}{'t/cap':>8}"
    if trend.uncertainty is not None and {"lower_t", "upper_t"} <= set(trend.uncertainty.columns):
        head += f"{'95% interval':>26}"
    if trend.target is not None:
        head += f"{'path':>14}{'gap':>14}"
    if trend.attribution is not None:
        head += f"{'projects':>12}"
    lines.append(head)
    for y in trend.years:
        r = t.loc[y]
        pc = "" if pd.isna(r["per_capita_t"]) else f"{r['per_capita_t']:.2f}"
        ln = f"  {y:<6}{r['total_t']:>14,.0f}{r['change_pct']:>+9.1f}%{pc:>8}"
        if trend.uncertainty is not None and {"lower_t", "upper_t"} <= set(trend.uncertainty.columns):
            u = trend.uncertainty.reindex([y]).iloc[0]
            ln += f"{u['lower_t']:>13,.0f}{u['upper_t']:>13,.0f}" if pd.notna(u["lower_t"]) else " " * 26
        if trend.target is not None:
            tr = trend.target.table.loc[y]
            fmt = ",.2f" if trend.target.metric == "per_capita" else ",.0f"
            ln += f"{tr['path']:>14{fmt}}{tr['gap']:>14{fmt}}"
        if trend.attribution is not None:
            a = trend.attribution.table.reindex([y]).iloc[0]
            ln += f"{a['reduction_t']:>11,.0f}" + ("*" if a["ex_ante_t"] else " ")
        lines.append(ln)
    lines.append("  by sector (t CO2e):")
    lines.append("    " + f"{'':<16}" + "".join(f"{y:>11}" for y in trend.years))
    for s in trend.sectors():
        lines.append(f"    {s:<16}" + "".join("          —" if pd.isna(v) else f"{v:>11,.0f}"
                                              for v in trend.by_sector[s]))
    if trend.target is not None:
        p = trend.target
        last = p.latest()
        unit = p.unit
        fmt = ",.2f" if p.metric == "per_capita" else ",.0f"
        lines.append(f"  target ({p.target.type}, {p.target.year}): {p.target_value:{fmt}} {unit}"
                     + (f" — {p.target.description}" if p.target.description else ""))
        lines.append(f"    {last['year']}: gap {last['gap']:{fmt}} {unit}"
                     + ((f", {last['progress_pct']:.0f} % of the reduction asked achieved"
                         if last["progress_pct"] >= 0 else
                         ", above the base year: none of the reduction asked achieved yet")
                        if last["progress_pct"] is not None else "")
                     + ("; on the straight-line path" if last["on_track"] else "; above the straight-line path")
                     + (f"; {last['needed_per_year']:{fmt}} {unit} less each year to reach it"
                        if last["needed_per_year"] is not None and last["needed_per_year"] > 0 else ""))
    if trend.attribution is not None:
        a = trend.attribution
        lines.append(f"  projects in the city: {len(a.projects)} (* = includes ex-ante figures, not yet monitored)"
                     + (f"; {len(a.not_included)} project file(s) not included (hosted elsewhere or duplicates)"
                        if a.not_included else ""))
        for pr in a.projects:
            kinds = sorted({r["kind"] for r in pr["years"]})
            lines.append(f"    {pr['title']} [{pr['methodology']}, {pr['gpc_ref']}]: {', '.join(kinds) or 'no year in range'}")
        lines.append("  " + a.note)
        for n in a.notes:
            lines.append(f"  note: {n}")
    if trend.uncertainty_info is not None:
        lines += _uncertainty_lines(trend)
    for f in trend.findings:
        lines.append(f"  {f.severity} {f.code}: {f.message}")
    return "\n".join(lines)


def _uncertainty_lines(trend) -> list[str]:
    """The uncertainty of each year's total and of the trend, and what lacks data."""
    from ghgkit.mrv.uncertainty import CONVENTION, REFERENCE

    u = trend.uncertainty_info
    lines = [f"  uncertainty ({u.method}{f', {u.draws:,} draws, seed {u.seed}' if u.draws else ''}): 95 % intervals; "
             f"{REFERENCE[u.method]}",
             f"    trend correlation: {CONVENTION[u.method]}",
             f"    {'year':<6}{'± total':>10}{'trend':>10}{'± trend (pp)':>14}{'trend 95% interval':>22}"]
    for y, r in u.table.iterrows():
        if not r["complete"]:
            cov = "" if pd.isna(r["coverage_pct"]) else f", {r['coverage_pct']:.1f} % of the total covered"
            lines.append(f"    {y:<6}  no interval: {int(r['rows_missing'])} row(s) lack data{cov}")
            continue
        ln = f"    {y:<6}{r['half_width_pct']:>9.1f}%{r['trend_pct']:>+9.1f}%"
        if pd.notna(r["trend_uncertainty_pct"]):
            ln += f"{r['trend_uncertainty_pct']:>14.1f}{r['trend_lower_pct']:>+10.1f}% to {r['trend_upper_pct']:>+.1f}%"
        elif y == trend.base_year:
            ln += f"{'(base year)':>14}"
        lines.append(ln)
    if u.missing:
        lines.append(f"    {len(u.missing)} row(s) without uncertainty data (never taken as 0 %), e.g.:")
        for m in u.missing[:5]:
            lines.append(f"      {m['year']} {m['source']} {m['activity']}: lacks {', '.join(m['lacks'])}")
    return lines
