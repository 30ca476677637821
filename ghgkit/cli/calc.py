"""`ghgkit calc`: the inventory of a workbook or CSV, with its reports."""

from __future__ import annotations

import click

from ghgkit.cli import options
from ghgkit.cli.base import importing, lang_option, lean_arrow_memory, refuse_overwriting_inputs, wrote, write_reports


@click.command()
@click.argument("input_path", metavar="INPUT", type=click.Path(dir_okay=True))
@options.formats("table", "json", "csv",
                 help="table: readable summary (default); json: totals, by sector and scope, and every row; "
                      "csv: one line per result row")
@options.gwp
@options.factor_files
@click.option("--settings", "settings_file", type=click.Path(dir_okay=False), callback=options.no_empty,
              help="settings file (TOML, YAML, JSON or key,value CSV)")
@click.option("--set", "set_pairs", multiple=True, metavar="KEY=VALUE",
              help="a setting, e.g. --set grid_ef=0.5 (t CO2/MWh) or --set 'grid_ef=500 g/kWh'; wins over files")
@options.reports
@click.option("--crf", type=click.Path(dir_okay=False), callback=options.no_dash,
              help="also write the GCoM Common Reporting Framework table here (.csv or .xlsx)")
@click.option("--uncertainty", type=click.Choice(["approach1", "montecarlo"]),
              help="add the 95 % uncertainty (IPCC 2006 Vol. 1 Ch. 3) to every output")
@click.option("--draws", type=click.IntRange(min=100), help="Monte Carlo draws (default 10000)")
@click.option("--seed", type=int, help="Monte Carlo seed (default 0)")
@lang_option
def calc(input_path, fmt, gwp, factor_files, settings_file, set_pairs, output, excel, html,
         crf=None, uncertainty=None, draws=None, seed=None):
    """Compute the inventory of INPUT (the .xlsx template or a .csv activity table)."""
    if html:
        from ghgkit.reports import chart_helper

        chart_helper.start()              # imports matplotlib while the input is read
    try:
        _calc(input_path, fmt, gwp, factor_files, settings_file, set_pairs, output, excel, html, crf, uncertainty,
              draws, seed)
    finally:
        if html:
            chart_helper.stop()


def _calc(input_path, fmt, gwp, factor_files, settings_file, set_pairs, output, excel, html, crf, uncertainty,
          draws, seed) -> None:
    with importing():
        from ghgkit.inventory import calculate
        from ghgkit.io.importers import load_checked
        from ghgkit.io.output import check_writable, together
        from ghgkit.io.settings import parse_set_options
        from ghgkit.rules.findings import FindingsError

    lean_arrow_memory()
    refuse_overwriting_inputs([input_path, settings_file, *factor_files],
                              [("-o", output), ("--excel", excel), ("--html", html), ("--crf", crf)])
    for out in (output, excel, html, crf):
        if out:
            check_writable(out)
    if crf:
        from ghgkit.exports.crf import check_path

        check_path(crf)
    overrides = parse_set_options(set_pairs)
    if gwp:
        overrides["gwp"] = gwp.upper()
    try:
        activity, settings, findings = load_checked(input_path, settings_file=settings_file, overrides=overrides)
    except FindingsError as e:
        click.echo(f"error: {input_path}: {e.message}:", err=True)
        from ghgkit.i18n import translator

        for line in e.lines(tr=translator()):
            click.echo("  " + line, err=True)
        click.echo(f"for a report of every finding: ghgkit validate {input_path} --html findings.html", err=True)
        raise SystemExit(2) from None
    from ghgkit.rules.findings import Findings
    from ghgkit.rules.plausibility import check_settings

    plausible = Findings(input_path)      # validate's checks of the settings (a grid factor in g/kWh)
    check_settings(settings, plausible)
    _echo_warnings([*findings, *plausible], input_path)
    inv = calculate(activity, settings, library=options.library(factor_files))
    if excel:                                   # before any output is written
        from ghgkit.reports.excel import check_rows

        check_rows(inv, excel)
    notes = _uncertainty(inv, uncertainty, draws, seed)
    with together():                            # a failure half-way replaces no output
        if output and fmt == "csv":
            inv.to_csv(output)
            wrote(output)
        else:
            text = {"table": inv.summary, "json": inv.to_json, "csv": inv.to_csv}[fmt]()
            if fmt == "table" and notes:
                text = text + "\n" + "\n".join(notes)
            options.emit(text, output)
        write_reports((excel, inv.to_excel), (html, inv.to_html), (crf, lambda p: _write_crf(inv, p)))


def _write_crf(inv, path) -> None:
    from ghgkit.exports.crf import write_crf

    write_crf(inv, path)


WARNINGS_PER_CODE = 20      #: warnings of one rule shown by calc; `ghgkit validate` lists them all


def _echo_warnings(findings, input_path) -> None:
    """The warnings on stderr, at most WARNINGS_PER_CODE of each rule (a large table with the same
    warning on every row would otherwise print one line per row)."""
    from ghgkit.i18n import translator

    tr = translator()
    count: dict[str, int] = {}            # rows warned, by rule
    shown: dict[str, int] = {}
    lines = []
    for f in findings:
        if f.severity == "warning":
            count[f.code] = count.get(f.code, 0) + f.count
            if f.count == 1 and shown.get(f.code, 0) < WARNINGS_PER_CODE:
                shown[f.code] = shown.get(f.code, 0) + 1
                lines.append(f"warning {f.code} {f.one_line(tr)}")
    for code, n in count.items():
        if n > shown.get(code, 0):
            lines.append(f"warning {code}: {n - shown.get(code, 0):,} more like these "
                         f"(listed by: ghgkit validate {input_path} --html findings.html)")
    if lines:
        click.echo("\n".join(lines), err=True)


def _uncertainty(inv, method, draws, seed) -> list[str]:
    """Attach the uncertainty to *inv* when asked for; the summary lines to show."""
    if (draws is not None or seed is not None) and method != "montecarlo":
        raise click.UsageError("--draws and --seed go with --uncertainty montecarlo")
    if method is None:
        return []
    result = inv.uncertainty(method, draws=10_000 if draws is None else draws, seed=0 if seed is None else seed)
    return result.messages()
