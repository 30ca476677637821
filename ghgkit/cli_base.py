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


def refuse_overwriting_inputs(inputs, outputs) -> None:
    """Refuse (exit 2) an output path that is one of the input files: nothing is lost."""
    from pathlib import Path

    from .errors import InputError

    ins = {Path(p).resolve() for p in inputs if p}
    for out in outputs:
        if out and Path(out).resolve() in ins:
            raise InputError("this output would overwrite an input file", location=str(out),
                             hint="write the output to another file name")
