"""`ghgkit trend`: a city's inventories over the years, its target and the projects in it."""

from __future__ import annotations

import re

import click

from ghgkit.cli import options
from ghgkit.cli.base import importing, lang_option, refuse_overwriting_inputs, wrote, write_reports


def _target(spec: str):
    """``2030:30%`` -> a base-year percentage target."""
    from ghgkit.errors import InputError
    from ghgkit.mrv.targets import Target

    m = re.fullmatch(r"\s*(\d{4})\s*:\s*([-+]?\d+(?:\.\d+)?)\s*%\s*", spec or "")
    if not m:
        raise InputError(f"--target '{spec}' is not YEAR:PERCENT%", hint="e.g. --target 2030:30% (30 % below the "
                                                                        "base year by 2030); other kinds of target "
                                                                        "go in a trend file (--config)")
    return Target("base_year_percent", int(m.group(1)), float(m.group(2)),
                  description=f"{float(m.group(2)):g} % below the base year by {m.group(1)}",
                  source="command line").check()


@click.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--config", "config_file", type=click.Path(dir_okay=False), callback=options.no_empty,
              help="trend file (TOML/YAML): inventories, base year, target, projects (see examples/trend)")
@click.option("--base-year", type=int, help="base year (default: the trend file's, else the earliest year)")
@click.option("--basis", type=click.Choice(["basic", "basic_plus", "total"]),
              help="the total followed: BASIC (default), BASIC+ or every reported row")
@click.option("--gwp", type=click.Choice(["AR4", "AR5", "AR6"], case_sensitive=False),
              help="recalculate every year with this GWP set")
@click.option("--edition", type=click.Choice(["2006", "2019"]), help="recalculate every year with this IPCC edition")
@click.option("--factors", "factor_files", multiple=True, type=click.Path(dir_okay=False), callback=options.no_empty,
              help="a user factor file applied to every year; repeatable")
@click.option("--target", "target_spec", metavar="YEAR:PCT%", help="a base-year percentage target, e.g. 2030:30%")
@click.option("--projects", "project_paths", multiple=True, type=click.Path(), callback=options.no_empty,
              help="project files or folders; those hosted in the city are attributed; repeatable")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table",
              help="table: readable summary (default); json: everything; csv: one line per year")
@click.option("-o", "--output", type=click.Path(dir_okay=False), callback=options.dash_is_stdout,
              help="write the output here instead of stdout (- or none: stdout)")
@click.option("--excel", type=click.Path(dir_okay=False), callback=options.no_dash,
              help="also write the Excel trend report here")
@click.option("--html", type=click.Path(dir_okay=False), callback=options.no_dash,
              help="also write the HTML trend report here")
@click.option("--uncertainty", type=click.Choice(["approach1", "montecarlo"]),
              help="add the 95 % uncertainty of each year's total and of the trend from the base year "
                   "(IPCC 2006 Vol. 1 Ch. 3; the trend as in Table 3.2) to every output")
@click.option("--draws", type=click.IntRange(min=100), help="Monte Carlo draws (default 10000)")
@click.option("--seed", type=int, help="Monte Carlo seed (default 0)")
@lang_option
def trend(paths, config_file, base_year, basis, gwp, edition, factor_files, target_spec, project_paths, fmt, output,
          excel, html, uncertainty=None, draws=None, seed=None):
    """A city's inventories over the years (PATHS: one file per year, or their folder)."""
    from pathlib import Path

    with importing():
        from ghgkit.io.output import together
        from ghgkit.mrv.analyse import analyse
        from ghgkit.mrv.config import read_config

    if (draws is not None or seed is not None) and uncertainty != "montecarlo":
        raise click.UsageError("--draws and --seed go with --uncertainty montecarlo")
    cfg = read_config(config_file) if config_file else None
    inputs = [config_file, *factor_files]
    for p in list(paths) + (cfg.inventories if cfg else []):
        pp = Path(p)
        inputs += [str(f) for f in pp.rglob("*")] if pp.is_dir() else [p]
    refuse_overwriting_inputs(inputs, [("-o", output), ("--excel", excel), ("--html", html)])
    t = analyse(paths, cfg, base_year=base_year, basis=basis, gwp=gwp, edition=edition, factor_files=factor_files,
                projects=project_paths, target=_target(target_spec) if target_spec else None,
                uncertainty=uncertainty, draws=10_000 if draws is None else draws, seed=0 if seed is None else seed)
    if t.uncertainty_info is not None and t.uncertainty_info.missing:
        u = t.uncertainty_info
        years = sorted({m["year"] for m in u.missing})
        click.echo(f"uncertainty ({u.method}): no interval for {', '.join(map(str, years))}: {len(u.missing)} row(s) "
                   "lack an activity uncertainty_pct or a factor range (listed in the JSON output and the reports)",
                   err=True)
    with together():                            # a failure half-way replaces no output
        if output and fmt == "csv":
            t.to_csv(output)
            wrote(output)
        else:
            options.emit({"table": t.summary, "json": t.to_json, "csv": t.to_csv}[fmt](), output)
        write_reports((excel, lambda p: _report("write_excel", t, p)), (html, lambda p: _report("write_html", t, p)))


def _report(name: str, t, path) -> None:
    """The trend's Excel or HTML report (``ghgkit.reports.trend``, imported when asked for)."""
    from ghgkit.reports import trend as reports

    getattr(reports, name)(t, path)
