"""The ``ghgkit`` command line: a thin shell over the Python API.

Data goes to stdout, messages to stderr. Exit codes: 0 ok, 1 a check found
problems, 2 the command could not run (bad usage, unreadable input).
"""

from __future__ import annotations

import importlib

import click

from ghgkit import __version__
from ghgkit.cli.base import ErrorGroup

#: each command (group) lives in its own module, imported when the command runs (fast start)
COMMANDS = {"calc": "ghgkit.cli.calc", "factors": "ghgkit.cli.factors", "project": "ghgkit.cli.project",
            "template": "ghgkit.cli.template", "trend": "ghgkit.cli.trend", "validate": "ghgkit.cli.validate",
            "workshop": "ghgkit.cli.workshop"}


class LazyGroup(ErrorGroup):
    """The top-level group: a command's module is imported only when that command is asked for
    (``ghgkit --help`` imports them all to show their help lines)."""

    def list_commands(self, ctx):
        return sorted(set(COMMANDS) | set(self.commands))

    def get_command(self, ctx, name):
        if name in COMMANDS and name not in self.commands:
            self.add_command(getattr(importlib.import_module(COMMANDS[name]), name))
        return super().get_command(ctx, name)


@click.group(cls=LazyGroup)
@click.version_option(__version__, prog_name="ghgkit")
def main():
    """GHG inventories (GPC, IPCC 2006) and co-operation project reductions."""


def run() -> None:
    """The ``ghgkit`` program (console script and ``python -m ghgkit``): :data:`main` in a process of
    its own, which may tune its garbage collector (:data:`ghgkit.cli.base.OWN_PROCESS`)."""
    from ghgkit.cli import base

    base.OWN_PROCESS = True
    base.quick_teardown()
    main()
