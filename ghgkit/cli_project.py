"""``ghgkit project``: emission reductions of co-operation projects (a thin shell).

Commands: ``estimate FILE`` (ex-ante per year), ``monitor FILE`` (ex-post beside
ex-ante, the difference by parameter), ``portfolio FOLDER`` (sums by year, host
city, partner city and methodology). Tables and JSON go to stdout, messages to
stderr. A user mistake prints one or two lines and exits 2.
"""

from __future__ import annotations

from pathlib import Path

import click



from .cli_base import ErrorGroup as _ProjectGroup


def write_project_template(methodology: str, path) -> Path:
    """Write the Excel project template for *methodology* (for ``ghgkit template --project``)."""
    from .projects.io import write_project_template as _write

    return _write(methodology, path)


def _output(result, fmt: str, excel, html, charts: bool = True) -> None:
    from .projects import report

    if fmt == "json":
        click.echo(result.to_json())
    else:
        click.echo(report.text_report(result), nl=False)
    if excel:
        report.write_excel(result, excel)
        click.echo(f"wrote {excel}", err=True)
    if html:
        report.write_html(result, html, charts=charts)
        click.echo(f"wrote {html}", err=True)
    for w in result.warnings:
        click.echo(f"warning: {w}", err=True)


_format = click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table",
                       show_default=True, help="output on stdout")
_excel = click.option("--excel", type=click.Path(dir_okay=False, writable=True),
                      help="also write an Excel report to this file")
_html = click.option("--html", type=click.Path(dir_okay=False, writable=True),
                     help="also write an HTML report to this file")
_nocharts = click.option("--no-charts", is_flag=True, help="leave the chart out of the HTML report")


@click.group("project", cls=_ProjectGroup)
def project():
    """Emission reductions of co-operation projects versus their baseline."""


@project.command("estimate")
@click.argument("file", type=click.Path(dir_okay=False))
@_format
@_excel
@_html
@_nocharts
def estimate_cmd(file, fmt, excel, html, no_charts):
    """Ex-ante reductions of FILE, per year of the crediting period."""
    from .projects import estimate, load_project

    _output(estimate(load_project(file)), fmt, excel, html, not no_charts)


@project.command("monitor")
@click.argument("file", type=click.Path(dir_okay=False))
@_format
@_excel
@_html
@_nocharts
def monitor_cmd(file, fmt, excel, html, no_charts):
    """Ex-post reductions of FILE from its monitoring table, beside the ex-ante ones."""
    from .projects import load_project, monitor

    _output(monitor(load_project(file)), fmt, excel, html, not no_charts)


@project.command("portfolio")
@click.argument("folder", type=click.Path(file_okay=False))
@click.option("--gwp", help="compute every project with this GWP set (AR4, AR5, AR6)")
@_format
@_excel
@_html
@_nocharts
def portfolio_cmd(folder, gwp, fmt, excel, html, no_charts):
    """Sum of the project files in FOLDER by year, host city, partner city and methodology."""
    from .projects import load_folder, portfolio

    _output(portfolio(load_folder(folder), gwp=gwp), fmt, excel, html, not no_charts)


@project.command("template")
@click.argument("methodology")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), help="the .xlsx to write")
def template_cmd(methodology, output):
    """Write the Excel project template for METHODOLOGY."""
    write_project_template(methodology, output)
    click.echo(f"wrote {output}", err=True)
