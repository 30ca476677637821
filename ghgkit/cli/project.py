"""``ghgkit project``: emission reductions of co-operation projects (a thin shell).

Commands: ``estimate FILE`` (ex-ante per year), ``monitor FILE`` (ex-post beside
ex-ante, the difference by parameter), ``portfolio FOLDER`` (sums by year, host
city, partner city and methodology). Tables and JSON go to stdout; warnings and
messages go once to stderr. A user mistake prints one or two lines and exits 2;
an output path that is an input file is refused (exit 2) before anything is written.

``portfolio`` sums the project files it can read and lists the others as "not
included" (stderr and every output), exiting 1 when a file was left out; a copied
project (same title, host city, partner city, methodology) is counted once.
"""

from __future__ import annotations

from pathlib import Path

import click

from ghgkit.cli.base import ErrorGroup as _ProjectGroup
from ghgkit.cli.base import lang_option, refuse_overwriting_inputs, wrote
from ghgkit.errors import InputError, Location


def write_project_template(methodology: str, path) -> Path:
    """Write the Excel project template for *methodology* (for ``ghgkit template --project``)."""
    from ghgkit.projects.io import write_project_template as _write

    return _write(methodology, path)


def _refuse_overwriting(inputs, excel, html) -> None:
    """Raise (exit 2) when --excel or --html is an input file, or both are one file."""
    refuse_overwriting_inputs(inputs, [("--excel", excel), ("--html", html)])


def _output(result, fmt: str, excel, html, charts: bool = True) -> None:
    from ghgkit.reports import project as report

    if fmt == "json":
        click.echo(result.to_json())
    else:
        click.echo(report.text_report(result), nl=False)
    if excel:
        report.write_excel(result, excel)
        wrote(excel)
    if html:
        report.write_html(result, html, charts=charts)
        wrote(html)
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
@lang_option
def estimate_cmd(file, fmt, excel, html, no_charts):
    """Ex-ante reductions of FILE, per year of the crediting period."""
    from ghgkit.projects import estimate, load_project

    _refuse_overwriting([file], excel, html)
    _output(estimate(load_project(file)), fmt, excel, html, not no_charts)


@project.command("monitor")
@click.argument("file", type=click.Path(dir_okay=False))
@_format
@_excel
@_html
@_nocharts
@lang_option
def monitor_cmd(file, fmt, excel, html, no_charts):
    """Ex-post reductions of FILE from its monitoring table, beside the ex-ante ones."""
    from ghgkit.projects import load_project, monitor

    _refuse_overwriting([file], excel, html)
    _output(monitor(load_project(file)), fmt, excel, html, not no_charts)


@project.command("portfolio")
@click.argument("folder", type=click.Path(file_okay=False))
@click.option("--gwp", type=click.Choice(["AR4", "AR5", "AR6"], case_sensitive=False),
              help="compute every project with this GWP set")
@_format
@_excel
@_html
@_nocharts
@lang_option
@click.pass_context
def portfolio_cmd(ctx, folder, gwp, fmt, excel, html, no_charts):
    """Sum of the project files in FOLDER by year, host city, partner city and methodology.

    A file that cannot be read is left out with its error (on stderr and under "not
    included" in every output) and the others are summed; the exit code is then 1.
    A copy of a project (same title, host city, partner city and methodology) is
    counted once, with a warning naming both files.
    """
    from ghgkit.projects import portfolio
    from ghgkit.projects.io import project_files, read_folder

    files = project_files(folder)
    _refuse_overwriting(files, excel, html)
    projects, unread = read_folder(folder, files)
    result = portfolio(projects, gwp=gwp, skip_invalid=True, not_included=unread) if projects else None
    skipped = result.skipped if result is not None else unread
    if result is None or not result.projects:
        _report_skipped(skipped)
        raise InputError(f"none of the {len(files)} project files could be read", location=Location(file=str(folder)),
                         hint="fix the files listed above")
    _output(result, fmt, excel, html, not no_charts)
    if skipped:
        _report_skipped(skipped)
        click.echo(f"portfolio: {len(skipped)} of {len(files)} project files not included (listed above); "
                   f"the totals are of the {len(result.projects)} project(s) summed", err=True)
        ctx.exit(1)


def _report_skipped(entries) -> None:
    for e in entries:
        where = e["file"] + (f":{e['place']}" if e["place"] else "")
        click.echo(f"not included: {where}: {e['error']}", err=True)
        if e["hint"]:
            from ghgkit.i18n import translator

            tr = translator()
            hint = tr.gettext("hint")
            click.echo(f"  {hint}: {tr.gettext(e['hint'])}", err=True)


@project.command("template")
@click.argument("methodology")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), help="the .xlsx to write")
def template_cmd(methodology, output):
    """Write the Excel project template for METHODOLOGY."""
    write_project_template(methodology, output)
    click.echo(f"wrote {output}", err=True)
