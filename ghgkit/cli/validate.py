"""``ghgkit validate PATH...``: check partner submissions, print findings and a summary.

Exit codes: 0 no error found (warnings alone are fine), 1 errors found, 2 cannot run.
Registered in :mod:`ghgkit.cli` with ``main.add_command(validate)``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ghgkit.cli import options
from ghgkit.cli.base import error_text, importing, lang_option, wrote, write_reports
from ghgkit.errors import GhgkitError


def _fmt_num(v, d=0) -> str:
    return "—" if v is None else f"{v:,.{d}f}"


def summary_table(reports) -> str:
    """The terminal table across files."""
    head = ["city", "year", "status", "errors", "warnings", "BASIC t CO2e", "t/capita", "file"]
    rows = []
    for r in reports:
        rows.append([r.city or "—", str(r.year or "—"), r.status, str(r.errors), str(r.warnings),
                     _fmt_num(r.basic_co2e_t), _fmt_num(r.per_capita_t, 2), Path(r.file).name])
    widths = [max(len(h), *(len(x[i]) for x in rows)) if rows else len(h) for i, h in enumerate(head)]
    widths = [min(w, 40) for w in widths]
    right = {3, 4, 5, 6}

    def line(cells):
        out = []
        for i, c in enumerate(cells):
            c = c if len(c) <= widths[i] else c[: widths[i] - 1] + "…"
            out.append(c.rjust(widths[i]) if i in right else c.ljust(widths[i]))
        return "  ".join(out).rstrip()

    lines = [line(head), "  ".join("-" * w for w in widths)]
    lines += [line(r) for r in rows]
    return "\n".join(lines)


def findings_text(report, show_info: bool = True) -> str:
    from ghgkit.i18n import translator

    tr = translator()
    hint = tr.gettext("hint")
    lines = [f"{report.file}: {report.status} ({_count(report.errors, 'error')}, "
             f"{_count(report.warnings, 'warning')})"]
    for f in report.findings:
        if f.severity == "info" and not show_info:
            continue
        where = f"{f.place}: " if f.place else ""
        lines.append(f"  {f.severity:<7} {f.code:<10} {where}{f.message}")
        if f.hint:
            lines.append(f"  {'':<7} {'':<10} {hint}: {tr.hint(f.hint)}")
    return "\n".join(lines)


def _count(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


@click.command("validate")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table",
              help="table for people; json or csv (one line per finding) for machines")
@click.option("-o", "--output", "output", type=click.Path(dir_okay=False),
              callback=options.dash_is_stdout,
              help="write the table, json or csv output here instead of stdout (- or none: stdout)")
@click.option("--html", "html_path", type=click.Path(dir_okay=False), callback=options.no_dash,
              help="also write an HTML report (summary + one section per city)")
@click.option("--excel", "excel_path", type=click.Path(dir_okay=False), callback=options.no_dash,
              help="also write an Excel report (Summary and Findings sheets)")
@click.option("-j", "--jobs", type=click.IntRange(1, 64), default=1, show_default=True,
              help="worker processes for large batches")
@click.option("-q", "--quiet", is_flag=True, help="table format: only the summary, no per-file findings")
@lang_option
def validate(paths, fmt, output, html_path, excel_path, jobs, quiet):
    """Check submissions (files or folders of .xlsx, .xlsm, .xls, .ods, .csv) and report every finding.

    Factor files (CSV with factor_id or property_id columns) are not submissions: they are
    the user factor overrides of the CSV submissions in their folder, as `calc --factors`.

    Exit code 0 when no error was found (warnings alone are fine), 1 when errors were
    found, 2 when the check could not run.
    """
    try:
        _run(paths, fmt, output, html_path, excel_path, jobs, quiet)
    except GhgkitError as e:                 # as every command (ErrorGroup): the message and its hint
        click.echo(error_text(e), err=True)
        sys.exit(2)


def _run(paths, fmt, output, html_path, excel_path, jobs, quiet):
    with importing():
        from ghgkit.io.output import together, write_text_atomic
        from ghgkit.validation import find_files, to_csv, to_json, validate_paths, write_excel, write_html

    files = find_files(paths)
    from ghgkit.cli.base import refuse_overwriting_inputs

    refuse_overwriting_inputs(files, [("-o", output), ("--html", html_path), ("--excel", excel_path)])
    if not files:
        click.echo("error: no workbook or CSV submission found (looked for *.xlsx, *.xlsm, *.xls, *.ods, *.csv; "
                   "factor files are not submissions: check them with `ghgkit factors check FILE`)", err=True)
        sys.exit(2)
    bar = None
    if sys.stderr.isatty() and len(files) > 1 and fmt == "table":
        bar = click.progressbar(length=len(files), label="checking", file=sys.stderr)
        bar.__enter__()
    try:
        reports = validate_paths(files, jobs=jobs, progress=(lambda _r: bar.update(1)) if bar else None)
    finally:
        if bar:
            bar.__exit__(None, None, None)
    if fmt == "json":
        text = to_json(reports) + "\n"
    elif fmt == "csv":
        text = to_csv(reports)
    else:
        parts = [] if quiet else [findings_text(r) + "\n\n" for r in reports]
        n_err = sum(r.errors for r in reports)
        n_files = sum(bool(r.errors) for r in reports)
        parts.append(summary_table(reports) + "\n")
        parts.append(f"\n{_count(len(reports), 'file')}: {n_files} with errors; {_count(n_err, 'error')}, "
                     f"{_count(sum(r.warnings for r in reports), 'warning')}\n")
        text = "".join(parts)
    with together():                            # a failure half-way replaces no output
        if output:
            write_text_atomic(output, text)
            wrote(output)
        else:
            click.echo(text, nl=False)
        write_reports((html_path, lambda p: write_html(reports, p)), (excel_path, lambda p: write_excel(reports, p)))
    sys.exit(1 if any(r.errors for r in reports) else 0)
