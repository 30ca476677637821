"""The ``ghgkit`` command line: a thin shell over the Python API.

Data goes to stdout, messages to stderr. Exit codes: 0 ok, 1 a check found
problems, 2 the command could not run (bad usage, unreadable input).
"""

from __future__ import annotations

import sys

import click

from ghgkit import __version__


from ghgkit.cli.base import ErrorGroup as _Group
from ghgkit.cli.base import refuse_overwriting_inputs


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
    from ghgkit.sectors.waste.equations import load_parameters

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


# -- calc -----------------------------------------------------------------------
@main.command()
@click.argument("input_path", metavar="INPUT", type=click.Path(dir_okay=True))
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table",
              help="table: readable summary (default); json: totals, by sector and scope, and every row; "
                   "csv: one line per result row")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="write the output here instead of stdout")
@click.option("--gwp", type=click.Choice(["AR4", "AR5", "AR6"], case_sensitive=False), help="GWP set (default AR5)")
@click.option("--factors", "factor_files", multiple=True, type=click.Path(dir_okay=False),
              help="a user factor file (same columns as emission_factors/*.csv); repeatable")
@click.option("--settings", "settings_file", type=click.Path(dir_okay=False),
              help="settings file (TOML, YAML, JSON or key,value CSV)")
@click.option("--set", "set_pairs", multiple=True, metavar="KEY=VALUE",
              help="a setting, e.g. --set grid_ef=0.5 (t CO2/MWh) or --set 'grid_ef=500 g/kWh'; wins over files")
@click.option("--excel", type=click.Path(dir_okay=False), help="also write the Excel report here")
@click.option("--html", type=click.Path(dir_okay=False), help="also write the HTML report here")
def calc(input_path, fmt, output, gwp, factor_files, settings_file, set_pairs, excel, html):
    """Compute the inventory of INPUT (the .xlsx template or a .csv activity table)."""
    from ghgkit.factors import FactorLibrary
    from ghgkit.io.importers import load
    from ghgkit.inventory import calculate
    from ghgkit.io.output import write_text_atomic
    from ghgkit.io.settings import parse_set_options

    refuse_overwriting_inputs([input_path, settings_file, *factor_files],
                              [("-o", output), ("--excel", excel), ("--html", html)])
    overrides = parse_set_options(set_pairs)
    if gwp:
        overrides["gwp"] = gwp.upper()
    activity, settings = load(input_path, settings_file=settings_file, overrides=overrides)
    lib = FactorLibrary.default()
    if factor_files:
        lib = lib.with_overrides(*factor_files)
    inv = calculate(activity, settings, library=lib)
    if output and fmt == "csv":
        inv.to_csv(output)
        click.echo(f"wrote {output}", err=True)
    else:
        text = {"table": inv.summary, "json": inv.to_json, "csv": inv.to_csv}[fmt]()
        if output:
            write_text_atomic(output, text if text.endswith("\n") else text + "\n")
            click.echo(f"wrote {output}", err=True)
        else:
            click.echo(text, nl=not text.endswith("\n"))
    if excel:
        inv.to_excel(excel)
        click.echo(f"wrote {excel}", err=True)
    if html:
        inv.to_html(html)
        click.echo(f"wrote {html}", err=True)


# -- template -------------------------------------------------------------------
@main.command()
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), help="where to write the .xlsx")
@click.option("--example", is_flag=True, help="fill it with the demo city")
@click.option("--project", "methodology", metavar="METHODOLOGY",
              help="write a co-operation project template instead: composting, street_lighting, fuel_switch, "
                   "solar_pv, building_efficiency or bus_fleet")
@click.option("--force", is_flag=True, help="replace an existing file (a filled workbook would be lost)")
def template(output, example, methodology, force):
    """Write the blank activity workbook a city fills in."""
    from pathlib import Path

    from ghgkit.errors import InputError

    if not output.lower().endswith((".xlsx", ".xlsm")):
        raise InputError("the template is an Excel workbook", location=output, hint="name it with .xlsx")
    if Path(output).exists() and not force:
        raise InputError("the file exists: writing the template would replace it, and its data would be lost",
                         location=output, hint="choose another name, or add --force to replace it")
    if methodology:
        from ghgkit.cli.project import write_project_template

        write_project_template(methodology, output)
    else:
        from ghgkit.io.template import write_template

        write_template(output, example=example)
    click.echo(f"wrote {output}", err=True)


def _register_optional():
    """Command groups that live in their own modules."""
    from ghgkit.cli.project import project
    from ghgkit.cli.validate import validate

    main.add_command(project)
    main.add_command(validate)


_register_optional()
