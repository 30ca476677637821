"""What every ghgkit command group shares: user mistakes become a short message.

A :class:`~ghgkit.errors.GhgkitError` is printed in one or two lines (place, message,
hint) on stderr, without a traceback, and the command exits 2.
"""

from __future__ import annotations

from contextlib import contextmanager

import click

from ghgkit.errors import GhgkitError


def error_text(e: GhgkitError, first_line_only: bool = False) -> str:
    """The one or two lines printed for *e*, in the current language (``--lang``).

    The place and the message stay as written (they quote files and values); the words
    "error" and "hint" and a hint found in the catalogue are translated.
    """
    from ghgkit.i18n import translator

    tr = translator()
    loc = str(e.location) if e.location else ""
    error, hint = tr.gettext("error"), tr.gettext("hint")
    text = f"{error}: " + (f"{loc}: {e.message}" if loc else e.message)
    if e.hint and not first_line_only:
        text += f"\n  {hint}: {tr.hint(e.hint)}"
    return text


def wrote(path) -> None:
    """Say on stderr that *path* was written (in a :func:`~ghgkit.io.output.together` block: once
    all its outputs are in place)."""
    from ghgkit.i18n import translator
    from ghgkit.io.output import after_written

    text = translator().gettext("wrote %(path)s") % {"path": path}
    after_written(lambda: click.echo(text, err=True))


def write_reports(*reports) -> None:
    """Write each ``(path, writer)`` whose path is given, and say so (in a
    :func:`~ghgkit.io.output.together` block: once all the run's outputs are in place)."""
    for path, write in reports:
        if path:
            write(path)
            wrote(path)


def lean_arrow_memory() -> None:
    """Let Arrow allocate with jemalloc, where this pyarrow has it, unless the user chose an allocator
    (``ARROW_DEFAULT_MEMORY_POOL``). Arrow's default, mimalloc, keeps the memory that reading a CSV
    freed in the heaps of its reading threads: every later step then counts on top of it. Measured
    on 2 cores: ``calc --excel`` of a million rows peaked at 416-438 MiB (mimalloc: 434-495 MiB,
    two clusters), ``calc --format csv`` of 2 M rows at 605-609 MiB (688 MiB); CPU the same within noise.
    Only the command line calls this: a program that uses ghgkit keeps its own allocator. The
    allocator changes where bytes live, never a number. Not on a system whose memory pages are
    larger than 4 KiB: a jemalloc built for smaller pages fails there (e.g. 64 KiB pages on some
    ARM servers), where mimalloc works."""
    import os

    import pyarrow as pa

    if "ARROW_DEFAULT_MEMORY_POOL" in os.environ or "jemalloc" not in pa.supported_memory_backends():
        return
    if not hasattr(os, "sysconf") or os.sysconf("SC_PAGE_SIZE") > 4096:
        return
    try:
        pool = pa.jemalloc_memory_pool()
        pa.allocate_buffer(1, memory_pool=pool)          # it allocates here, or Arrow's default stays
    except (NotImplementedError, MemoryError, pa.ArrowException):
        return
    pa.set_memory_pool(pool)


def _set_lang(ctx, param, value):
    from ghgkit.i18n import set_language

    return set_language(value)


#: ``--lang`` of the commands that write reports or print hints (en, ja, id, vi, th)
lang_option = click.option(
    "--lang", type=click.Choice(["en", "ja", "id", "vi", "th"], case_sensitive=False), default=None,
    is_eager=True, expose_value=False, callback=_set_lang,
    help="language of reports, template labels and hints: en (default, or $GHGKIT_LANG), ja, id, vi, th; "
         "numbers in reports follow it, data files (JSON, CSV) never")


#: True in the ``ghgkit`` program's own process (:func:`ghgkit.cli.run`, the console script and
#: ``python -m ghgkit``); False where the command line runs inside another program (click's
#: ``CliRunner`` in the tests, the workshop kit's answer key), whose garbage collector it leaves alone
OWN_PROCESS = False
_IMPORTED = False                   #: the first importing() block of this process has run


@contextmanager
def importing():
    """The block that imports a command's libraries (pandas, pint, pydantic ...): the first time in
    the program's own process (:data:`OWN_PROCESS`), the garbage collector is off while it runs,
    and the objects it made are then frozen (``gc.freeze``).

    Imports make ~80,000 long-lived objects and no garbage; the collector still ran ~230 times
    over them, ~0.05-0.08 s of every start. Frozen, they are skipped by later collections (off
    without the freeze, the first collections after the block took longer than all of those).
    The collector is on again after the block whatever happens; if it was off, it stays off.
    Inside another program nothing changes: a freeze would keep that program's garbage of the
    moment for good; nor in a later block of the same process (``ghgkit workshop`` runs commands
    inside itself: their libraries are imported by then).
    """
    global _IMPORTED
    if not OWN_PROCESS or _IMPORTED:
        yield
        return
    _IMPORTED = True
    import gc

    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if was_on:
            gc.enable()


def quick_teardown() -> None:
    """At this process's exit, leave the objects that exist by then out of the garbage collector's
    final passes (``gc.freeze``, registered with :mod:`atexit`). For :func:`ghgkit.cli.run` only.

    pandas, pyarrow, pint and pydantic leave a great many objects; the interpreter's teardown
    searched them for reference cycles once more, 0.13-0.22 s at the end of every command
    (measured: ``import pandas, pint`` alone ends in ~0.16 s, ~0.03 s with the freeze). Objects
    are still freed by their reference counts; the command line leaves nothing for a finaliser
    to flush (outputs are written to a temporary file, closed and renamed; stdout and stderr are
    flushed by the interpreter, not by the collector). A program that imports ghgkit, or runs
    its command line in-process, ends as it would.
    """
    import atexit
    import gc

    atexit.register(gc.freeze)


class ErrorGroup(click.Group):
    """A click group that turns a GhgkitError into a message and exit code 2."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except GhgkitError as e:
            click.echo(error_text(e), err=True)
            ctx.exit(2)
        except OSError as e:               # a file the user named cannot be read or written
            where = f"{e.filename}: " if getattr(e, "filename", None) else ""
            click.echo(f"error: {where}{e.strerror or e}", err=True)
            ctx.exit(2)


def same_file(a, b) -> bool:
    """True when two paths name one file (symlinks and relative paths included)."""
    import os
    from pathlib import Path

    try:
        return os.path.samefile(a, b)
    except OSError:                        # one of them does not exist (yet)
        pass
    try:
        return Path(a).resolve() == Path(b).resolve()
    except (OSError, RuntimeError) as e:   # a link that loops: no file to write (a traceback before)
        from ghgkit.errors import OutputError

        raise OutputError(f"cannot write this file: {e}", location=str(a),
                          hint="the path is a link that points back to itself; choose another file") from None


def refuse_overwriting_inputs(inputs, outputs) -> None:
    """Refuse (exit 2) an output that is one of the input files, or two outputs that are one file.

    *outputs* is a list of paths or of (option, path) pairs; empty entries are skipped.
    Nothing is written before this check, so nothing is lost.
    """
    from ghgkit.errors import InputError

    named = [o if isinstance(o, tuple) else ("output", o) for o in outputs]
    named = [(opt, path) for opt, path in named if path]
    for opt, out in named:
        for f in inputs:
            if f and same_file(out, f):
                raise InputError(f"{opt} {out} is the input file {f}: it would be overwritten, so nothing "
                                 "was written", location=str(out), hint="write the output to another file")
    for i, (opt, out) in enumerate(named):
        for opt2, out2 in named[i + 1:]:
            if same_file(out, out2):
                raise InputError(f"{opt} and {opt2} are the same file ({out}); nothing was written",
                                 hint="give each output its own file")
