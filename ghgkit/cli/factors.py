"""`ghgkit factors`: list, show and check emission factors."""

from __future__ import annotations

import sys

import click

from ghgkit.cli.base import ErrorGroup

@click.group(cls=ErrorGroup)
def factors():
    """List, show and check emission factors."""


@factors.command("list")
@click.option("--activity", "-a", help="only this activity (fuel, electricity …)")
@click.option("--gas", "-g", help="only this gas (CO2, CH4, N2O, CO2_biogenic)")
@click.option("--sector", "-s", help="only this sector (household, building, transport …)")
@click.option("--factors", "override", type=click.Path(exists=True, dir_okay=False),
              help="include a user factor file")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table",
              help="table (default), csv or json")
def factors_list(activity, gas, sector, override, fmt):
    """List the emission factors, with their sources."""
    import pandas as pd

    from ghgkit.factors import FactorLibrary

    lib = FactorLibrary.default()
    if override:
        lib = lib.with_overrides(override)
    df = pd.concat([lib.override_factors.assign(origin="override"),
                    lib.factors.assign(origin="default")], ignore_index=True)
    if activity:
        df = df[df["activity"] == activity]
    if gas:
        df = df[df["gas"].str.upper() == gas.upper()]
    if sector:
        df = df[df["sector"] == sector]
    cols = ["factor_id", "activity", "gas", "value", "unit", "sector", "subsector", "region",
            "source", "source_ref"]
    if df.empty:
        import difflib

        hint = ""
        if activity:
            close = difflib.get_close_matches(activity, sorted(lib.activities()), n=1)
            hint = f"; did you mean --activity {close[0]}?" if close else ""
        click.echo(f"no factor matches{hint}", err=True)
        sys.exit(1)
    if fmt == "csv":
        from ghgkit.io.output import inert
        click.echo(df[cols].map(inert).to_csv(index=False), nl=False)
    elif fmt == "json":
        click.echo(df[cols].to_json(orient="records", indent=1))
    else:
        click.echo(df[cols].fillna("").to_string(index=False))


@factors.command("show")
@click.argument("factor_id")
@click.option("--factors", "override", type=click.Path(exists=True, dir_okay=False),
              help="include a user factor file")
def factors_show(factor_id, override):
    """Show one factor with its full provenance, and its sibling gases."""
    from ghgkit.factors import FactorLibrary

    lib = FactorLibrary.default()
    if override:
        lib = lib.with_overrides(override)
    row = _property_or_parameter(lib, factor_id)
    if row is not None:
        click.echo(f"{factor_id}: {row['value']:,.6g} {row['unit']} {row.get('property') or row.get('parameter')} "
                   f"of {row.get('activity') or row.get('key')}")
        click.echo(f"  source:   {row.get('source_text') or row.get('source')}")
        click.echo(f"  table:    {row.get('source_ref') or ''}")
        if row.get("notes") and str(row["notes"]) != "nan":
            click.echo(f"  notes:    {row['notes']}")
        return
    f = lib.get(factor_id)
    r = f.row
    click.echo(f"{f.factor_id}: {f.value:,.6g} {f.unit} {f.gas} from {f.activity}")
    use = r.get("sector") or "any sector"
    if r.get("subsector"):
        use += f" / {r['subsector']}"
    click.echo(f"  use:      {use}; region {r.get('region')}")
    click.echo(f"  source:   {f.source_text}")
    click.echo(f"  table:    {f.source_ref}")
    if r.get("notes"):
        click.echo(f"  notes:    {r['notes']}")
    df = lib.factors
    sib = df[(df["activity"] == f.activity) & (df["sector"].fillna("") == (r.get("sector") or ""))
             & (df["subsector"].fillna("") == (r.get("subsector") or "")) & df["variant"].isna()
             & (df["factor_id"] != f.factor_id)]
    if len(sib):
        click.echo("  same use, other gases:")
        for s in sib.itertuples():
            click.echo(f"    {s.factor_id}: {s.value:,.6g} {s.unit} {s.gas} ({s.source_ref})")


def _property_or_parameter(lib, pid: str) -> dict | None:
    """A fuel property (ncv_lpg, density_diesel …) or a waste parameter (mcf_swds_…) by id."""
    for df in (lib.override_properties, lib.properties):
        hit = df[df["property_id"] == pid]
        if len(hit):
            return hit.iloc[-1].to_dict()
    from ghgkit.sectors.waste.parameters import load_parameters

    wp = load_parameters()
    hit = wp[wp["param_id"] == pid]
    return hit.iloc[-1].to_dict() if len(hit) else None


@factors.command("check")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
def factors_check(files):
    """Validate user factor files; list every bad line (exit 1 if any)."""
    from ghgkit.factors import check_file

    bad = 0
    for path in files:
        problems = check_file(path)
        if problems:
            for line, msg in problems.problems:
                click.echo(f"{path}:line {line}: {msg}")
            bad += len(problems.problems)
        else:
            click.echo(f"{path}: ok")
    if bad:
        click.echo(f"{bad} bad line(s)", err=True)
        sys.exit(1)


