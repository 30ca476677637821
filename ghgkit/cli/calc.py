"""`ghgkit calc`: the inventory of a workbook or CSV, with its reports."""

from __future__ import annotations


import click

from ghgkit.cli.base import refuse_overwriting_inputs

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
def calc(input_path, fmt, output, gwp, factor_files, settings_file, set_pairs, excel, html):
    """Compute the inventory of INPUT (the .xlsx template or a .csv activity table)."""
    from ghgkit.factors import FactorLibrary
    from ghgkit.io.importers import load_checked
    from ghgkit.rules.findings import FindingsError
    from ghgkit.inventory import calculate
    from ghgkit.io.output import write_text_atomic
    from ghgkit.io.settings import parse_set_options

    refuse_overwriting_inputs([input_path, settings_file, *factor_files],
                              [("-o", output), ("--excel", excel), ("--html", html)])
    from ghgkit.io.output import check_writable

    for out in (output, excel, html):
        if out:
            check_writable(out)
    overrides = parse_set_options(set_pairs)
    if gwp:
        overrides["gwp"] = gwp.upper()
    try:
        activity, settings, notes = load_checked(input_path, settings_file=settings_file, overrides=overrides)
    except FindingsError as e:
        click.echo(f"error: {input_path}: {e.message}:", err=True)
        for line in e.lines():
            click.echo("  " + line, err=True)
        click.echo(f"for a report of every finding: ghgkit validate {input_path} --html findings.html", err=True)
        raise SystemExit(2) from None
    for f in notes:
        if f.severity == "warning":
            click.echo(f"warning {f.code} {f.one_line()}", err=True)
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


