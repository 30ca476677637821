"""`ghgkit calc`: the inventory of a workbook or CSV, with its reports."""

from __future__ import annotations


import click

from ghgkit.cli.base import lang_option, refuse_overwriting_inputs, wrote

@click.command()
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
@lang_option
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
        wrote(output)
    else:
        text = {"table": inv.summary, "json": inv.to_json, "csv": inv.to_csv}[fmt]()
        if output:
            write_text_atomic(output, text if text.endswith("\n") else text + "\n")
            wrote(output)
        else:
            click.echo(text, nl=not text.endswith("\n"))
    if excel:
        inv.to_excel(excel)
        wrote(excel)
    if html:
        inv.to_html(html)
        wrote(html)


