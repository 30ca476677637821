"""`ghgkit calc`: the inventory of a workbook or CSV, with its reports."""

from __future__ import annotations


import click

from ghgkit.cli import options
from ghgkit.cli.base import refuse_overwriting_inputs

@click.command()
@click.argument("input_path", metavar="INPUT", type=click.Path(dir_okay=True))
@options.formats("table", "json", "csv",
                 help="table: readable summary (default); json: totals, by sector and scope, and every row; "
                      "csv: one line per result row")
@options.gwp
@options.factor_files
@click.option("--settings", "settings_file", type=click.Path(dir_okay=False),
              help="settings file (TOML, YAML, JSON or key,value CSV)")
@click.option("--set", "set_pairs", multiple=True, metavar="KEY=VALUE",
              help="a setting, e.g. --set grid_ef=0.5 (t CO2/MWh) or --set 'grid_ef=500 g/kWh'; wins over files")
@options.reports
def calc(input_path, fmt, gwp, factor_files, settings_file, set_pairs, output, excel, html):
    """Compute the inventory of INPUT (the .xlsx template or a .csv activity table)."""
    from ghgkit.io.importers import load
    from ghgkit.inventory import calculate
    from ghgkit.io.settings import parse_set_options

    refuse_overwriting_inputs([input_path, settings_file, *factor_files],
                              [("-o", output), ("--excel", excel), ("--html", html)])
    overrides = parse_set_options(set_pairs)
    if gwp:
        overrides["gwp"] = gwp.upper()
    activity, settings = load(input_path, settings_file=settings_file, overrides=overrides)
    inv = calculate(activity, settings, library=options.library(factor_files))
    if output and fmt == "csv":
        inv.to_csv(output)
        click.echo(f"wrote {output}", err=True)
    else:
        options.emit({"table": inv.summary, "json": inv.to_json, "csv": inv.to_csv}[fmt](), output)
    if excel:
        inv.to_excel(excel)
        click.echo(f"wrote {excel}", err=True)
    if html:
        inv.to_html(html)
        click.echo(f"wrote {html}", err=True)
