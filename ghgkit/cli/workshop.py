"""`ghgkit workshop`: write the workshop kit (exercises, answer keys, equation pages)."""

from __future__ import annotations

import click

from ghgkit.cli import options


@click.command()
@click.option("-o", "--output", "out_dir", required=True, type=click.Path(file_okay=False), callback=options.no_dash,
              help="the folder to write the kit into (new or empty)")
@click.option("--force", is_flag=True, help="write into a folder that is not empty (same-named files are replaced)")
def workshop(out_dir, force):
    """Write the workshop kit for trainers: exercises with planted mistakes and generated answer keys."""
    from ghgkit.workshop import write_kit

    written = write_kit(out_dir, force=force)
    click.echo(f"wrote {len(written)} files into {out_dir}", err=True)
