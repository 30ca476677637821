"""`ghgkit template`: the blank (or example) activity workbook, or a project form."""

from __future__ import annotations


import click

from ghgkit.cli import options
from ghgkit.cli.base import lang_option, wrote

@click.command()
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), callback=options.no_dash,
              help="where to write the .xlsx")
@click.option("--example", is_flag=True, help="fill it with the demo city")
@click.option("--project", "methodology", metavar="METHODOLOGY",
              help="write a co-operation project template instead: composting, street_lighting, fuel_switch, "
                   "solar_pv, building_efficiency or bus_fleet")
@click.option("--force", is_flag=True, help="replace an existing file (a filled workbook would be lost)")
@lang_option
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

        write_template(output, example=example, lang=None)
    wrote(output)


