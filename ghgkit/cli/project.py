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

from ghgkit.cli import options
from ghgkit.cli.base import ErrorGroup, importing, lang_option, refuse_overwriting_inputs, write_reports
from ghgkit.errors import InputError, Location


def write_project_template(methodology: str, path) -> Path:
    """Write the Excel project template for *methodology* (for ``ghgkit template --project``)."""
    from ghgkit.projects.io import write_project_template as _write

    return _write(methodology, path)


def _output(result, fmt: str, output, excel, html, charts: bool = True) -> None:
    from ghgkit.reports import project as report

    from ghgkit.io.output import together

    text = {"json": result.to_json, "csv": result.to_csv}.get(fmt, lambda: report.text_report(result))()
    with together():                            # a failure half-way replaces no output
        options.emit(text, output)
        write_reports((excel, lambda p: report.write_excel(result, p)),
                      (html, lambda p: report.write_html(result, p, charts=charts)))
    for w in result.warnings:
        click.echo(f"warning: {w}", err=True)


def _outputs(f):
    """What estimate, monitor and portfolio share: formats, -o, reports, factor files."""
    f = click.option("--no-charts", is_flag=True, help="leave the chart out of the HTML report")(f)
    f = options.factor_files(f)
    f = options.reports(f)
    return options.formats("table", "json", "csv",
                           help="table for people; json (everything) or csv (one line per year) for machines")(f)


def _refuse(inputs, output, excel, html, factor_files=()) -> None:
    refuse_overwriting_inputs([*inputs, *factor_files], [("-o", output), ("--excel", excel), ("--html", html)])


@click.group("project", cls=ErrorGroup)
def project():
    """Emission reductions of co-operation projects versus their baseline."""


@project.command("estimate")
@click.argument("file", type=click.Path(dir_okay=False))
@_outputs
@lang_option
def estimate_cmd(file, fmt, output, excel, html, factor_files, no_charts):
    """Ex-ante reductions of FILE, per year of the crediting period."""
    with importing():
        from ghgkit.projects import estimate, load_project

    _refuse([file], output, excel, html, factor_files)
    _output(estimate(load_project(file), options.library(factor_files)), fmt, output, excel, html,
            not no_charts)


@project.command("monitor")
@click.argument("file", type=click.Path(dir_okay=False))
@_outputs
@lang_option
def monitor_cmd(file, fmt, output, excel, html, factor_files, no_charts):
    """Ex-post reductions of FILE from its monitoring table, beside the ex-ante ones."""
    with importing():
        from ghgkit.projects import load_project, monitor

    _refuse([file], output, excel, html, factor_files)
    _output(monitor(load_project(file), options.library(factor_files)), fmt, output, excel, html,
            not no_charts)


@project.command("portfolio")
@click.argument("folder", type=click.Path(file_okay=False))
@options.gwp
@_outputs
@lang_option
@click.pass_context
def portfolio_cmd(ctx, folder, gwp, fmt, output, excel, html, factor_files, no_charts):
    """Sum of the project files in FOLDER by year, host city, partner city and methodology.

    A file that cannot be read is left out with its error (on stderr and under "not
    included" in every output) and the others are summed; the exit code is then 1.
    A copy of a project (same title, host city, partner city and methodology) is
    counted once, with a warning naming both files.
    """
    with importing():
        from ghgkit.projects import portfolio
        from ghgkit.projects.io import project_files, read_folder

    files = project_files(folder)
    _refuse(files, output, excel, html, factor_files)
    projects, unread = read_folder(folder, files)
    result = (portfolio(projects, gwp=gwp, skip_invalid=True, not_included=unread,
                        library=options.library(factor_files)) if projects else None)
    skipped = result.skipped if result is not None else unread
    if result is None or not result.projects:
        _report_skipped(skipped)
        raise InputError(f"none of the {len(files)} project files could be read", location=Location(file=str(folder)),
                         hint="fix the files listed above")
    _output(result, fmt, output, excel, html, not no_charts)
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
            click.echo(f"  {tr.gettext('hint')}: {tr.hint(e['hint'])}", err=True)
