"""The ``ghgkit`` command line: a thin shell over the Python API.

Data goes to stdout, messages to stderr. Exit codes: 0 ok, 1 a check found
problems, 2 the command could not run (bad usage, unreadable input).
"""

from __future__ import annotations

import sys

import click

from . import __version__
from .errors import GhgkitError


class _Group(click.Group):
    """Turns a GhgkitError into a one- or two-line message and exit code 2."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except GhgkitError as e:
            click.echo(f"error: {e}", err=True)
            ctx.exit(2)


@click.group(cls=_Group)
@click.version_option(__version__, prog_name="ghgkit")
def main():
    """GHG inventories (GPC, IPCC 2006) and co-operation project reductions."""


# -- factors ------------------------------------------------------------------
@main.group(cls=_Group)
def factors():
    """List, show and check emission factors."""


@factors.command("list")
@click.option("--activity", "-a", help="only this activity (fuel, electricity …)")
@click.option("--gas", "-g", help="only this gas (CO2, CH4, N2O, CO2_biogenic)")
@click.option("--sector", "-s", help="only this sector (household, building, transport …)")
@click.option("--factors", "override", type=click.Path(exists=True, dir_okay=False),
              help="include a user factor file")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table")
def factors_list(activity, gas, sector, override, fmt):
    """List the emission factors, with their sources."""
    import pandas as pd

    from .factors import FactorLibrary

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
        click.echo("no factor matches", err=True)
        sys.exit(1)
    if fmt == "csv":
        from .output import inert
        click.echo(df[cols].map(inert).to_csv(index=False), nl=False)
    elif fmt == "json":
        click.echo(df[cols].to_json(orient="records", indent=1))
    else:
        click.echo(df[cols].fillna("").to_string(index=False))


@factors.command("show")
@click.argument("factor_id")
@click.option("--factors", "override", type=click.Path(exists=True, dir_okay=False))
def factors_show(factor_id, override):
    """Show one factor with its full provenance, and its sibling gases."""
    from .factors import FactorLibrary

    lib = FactorLibrary.default()
    if override:
        lib = lib.with_overrides(override)
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


@factors.command("check")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
def factors_check(files):
    """Validate user factor files; list every bad line (exit 1 if any)."""
    from .factors import check_file

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
