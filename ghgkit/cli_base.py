"""What every ghgkit command group shares: user mistakes become a short message.

A :class:`~ghgkit.errors.GhgkitError` is printed in one or two lines (place, message,
hint) on stderr, without a traceback, and the command exits 2.
"""

from __future__ import annotations

import click

from .errors import GhgkitError


class ErrorGroup(click.Group):
    """A click group that turns a GhgkitError into a message and exit code 2."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except GhgkitError as e:
            click.echo(f"error: {e}", err=True)
            ctx.exit(2)
