"""Options several commands share, defined once so that each means the same everywhere.

``--format`` and ``-o`` choose what goes to stdout (or a file), ``--excel`` and
``--html`` add reports, ``--gwp`` picks the GWP set, ``--factors`` adds user factor
files. :func:`emit` writes a text output the same way for every command.
"""

from __future__ import annotations

import click


def formats(*choices: str, help: str | None = None):
    """``--format`` with *choices* (the first is the default)."""
    return click.option("--format", "fmt", type=click.Choice(list(choices)), default=choices[0],
                        show_default=True,
                        help=help or f"{choices[0]} for people; " + ", ".join(choices[1:]) + " for machines")


def dash_is_stdout(ctx, param, value):
    """``-o -``: stdout, as when ``-o`` is not given (not a file named ``-``; ``./-`` is one). The
    option's type must keep the text as given (no ``path_type=Path``, which makes ``./-`` ``-``)."""
    if value == "":
        raise click.BadParameter("an empty name: give a file name, or - for stdout")
    return None if value == "-" else value


def no_dash(ctx, param, value):
    """A report, file or folder path that is ``-`` or empty: refused, not a file or folder named ``-`` (``-o -`` is
    stdout where ``-o`` writes a table, JSON or CSV; ``./-`` names a file ``-``)."""
    what = "folder" if getattr(param.type, "file_okay", True) is False else "file"
    if value == "-":
        raise click.BadParameter(f"'-' (stdout) cannot take this output: give a {what} name")
    if value == "":                     # '' was taken for no report at all (exit 0, nothing written)
        raise click.BadParameter(f"an empty name: give a {what} name")
    return value


def no_empty(ctx, param, value):
    """An input path given empty (``--settings ""``, a repeated option's ``""``): refused, not read as no
    file (or as the current folder)."""
    if value == "" or (isinstance(value, tuple) and "" in value):
        raise click.BadParameter("an empty name: give the file's name, or leave the option out")
    return value


output = click.option("-o", "--output", type=click.Path(dir_okay=False), callback=dash_is_stdout,
                      help="write the output here instead of stdout (- or none: stdout)")
excel = click.option("--excel", type=click.Path(dir_okay=False), callback=no_dash,
                     help="also write the Excel report here")
html = click.option("--html", type=click.Path(dir_okay=False), callback=no_dash,
                    help="also write the HTML report here")
gwp = click.option("--gwp", type=click.Choice(["AR4", "AR5", "AR6"], case_sensitive=False),
                   help="GWP set, 100-year (default AR5)")
factor_files = click.option("--factors", "factor_files", multiple=True, type=click.Path(dir_okay=False),
                            callback=no_empty,
                            help="a user factor file (same columns as emission_factors/*.csv); repeatable")


def reports(f):
    """``-o``, ``--excel`` and ``--html``."""
    return output(excel(html(f)))


def library(factor_files):
    """The shipped factor tables plus the user's files (later files win)."""
    from ghgkit.factors import FactorLibrary

    lib = FactorLibrary.default()
    return lib.with_overrides(*factor_files) if factor_files else lib


def emit(text: str, output_path=None) -> None:
    """*text* to *output_path* (written atomically) or to stdout."""
    from ghgkit.io.output import write_text_atomic

    if output_path:
        write_text_atomic(output_path, text if text.endswith("\n") else text + "\n")
        from ghgkit.cli.base import wrote

        wrote(output_path)
    else:
        click.echo(text, nl=not text.endswith("\n"))
