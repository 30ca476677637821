"""The ``ghgkit`` command line: a thin shell over the Python API.

Data goes to stdout, messages to stderr. Exit codes: 0 ok, 1 a check found
problems, 2 the command could not run (bad usage, unreadable input).
"""

from __future__ import annotations

import click

from ghgkit import __version__
from ghgkit.cli.base import ErrorGroup


@click.group(cls=ErrorGroup)
@click.version_option(__version__, prog_name="ghgkit")
def main():
    """GHG inventories (GPC, IPCC 2006) and co-operation project reductions."""


def _register():
    """Each command (group) lives in its own module; the group only gathers them."""
    from ghgkit.cli.calc import calc
    from ghgkit.cli.factors import factors
    from ghgkit.cli.project import project
    from ghgkit.cli.template import template
    from ghgkit.cli.trend import trend
    from ghgkit.cli.validate import validate
    from ghgkit.cli.workshop import workshop

    for command in (factors, calc, template, project, validate, trend, workshop):
        main.add_command(command)


_register()
