"""Writing outputs safely: atomically, and with user text never turned into a formula."""

from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


TEMP_MARK = ".ghgkit-tmp-"


def _temp_prefix(path: Path, pid: int) -> str:
    return f".{path.name}{TEMP_MARK}{pid}-"


def _clean_stale_temps(path: Path) -> None:
    """Remove temporary files of *path* left by a write that was killed (its process is gone)."""
    try:
        cands = list(path.parent.glob(f".{path.name}{TEMP_MARK}*"))
    except OSError:
        return
    for c in cands:
        try:
            pid = int(c.name[len(f".{path.name}{TEMP_MARK}"):].split("-", 1)[0])
        except ValueError:
            continue
        if pid == os.getpid() or _alive(pid):
            continue
        try:
            c.unlink()
        except OSError:
            pass


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True
    return True


@contextmanager
def atomic_path(path: str | Path, suffix: str | None = None):
    """Yield a temporary path beside *path*; rename it into place only on success.

    An existing file at *path* is replaced only when the block finishes without an
    exception; otherwise the temporary file is removed and *path* is untouched. The
    temporary name holds the process id, so a write killed outright (SIGKILL, power loss)
    leaves a file the next write of *path* removes. A path that cannot be written (a
    missing permission, a file used as a folder, ``/proc``) is an
    :class:`~ghgkit.errors.OutputError` naming it.

    A symbolic link is followed: its target is replaced and the link kept. A device, a named
    pipe or a socket (``-o /dev/null``, ``-o /dev/stdout``) is written into, once the block
    succeeded, never replaced by a file (as root, ``/dev/null`` itself was replaced).
    """
    from ghgkit.errors import OutputError

    out_fd = _descriptor(path)
    special = out_fd is not None or _special(Path(path))     # decided on the path as given, before its link
    path = Path(path) if special or not os.path.islink(path) else Path(os.path.realpath(path))
    try:
        if path.is_dir():
            raise IsADirectoryError(21, "is a folder", str(path))
        if not special:
            path.parent.mkdir(parents=True, exist_ok=True)
            _clean_stale_temps(path)
        fd, tmp = tempfile.mkstemp(prefix=_temp_prefix(path, os.getpid()), suffix=suffix or path.suffix,
                                   dir=None if special else path.parent)
        os.close(fd)
    except OSError as e:
        raise OutputError(f"cannot write this file: {e.strerror or e}", location=str(path),
                          hint="choose a folder you may write to (and a file name that is not a folder)") from None
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)      # mkstemp makes 0600; outputs get the usual permissions
    try:
        yield Path(tmp)
        run = _RUN.get()
        if run is not None:             # in together(): put in place with the run's other outputs
            run[0].append((tmp, path, special, out_fd))
        else:
            _put_in_place(tmp, path, special, out_fd)
    except BaseException as e:
        _remove(tmp)
        if isinstance(e, OSError):
            raise OutputError(f"cannot write this file: {e.strerror or e}", location=str(path),
                              hint="check the disk space and that the folder may be written to") from None
        raise


#: the :func:`together` block of this thread (or task): the outputs waiting to be put in place
#: (temporary, path, special, fd) and what to do once they are (say that they were written)
_RUN: ContextVar[tuple[list, list] | None] = ContextVar("ghgkit_outputs", default=None)


@contextmanager
def together():
    """The outputs written in this block (through :func:`atomic_path`) are put in place together
    when it ends without an exception; when it raises, none is: a run that fails half-way (its
    HTML report after its CSV, a full disk) leaves every earlier output as it was, not some new
    and some old. Each file is renamed into place, so only a failure between two renames (rare)
    can still part them; the error then names those already in place. :func:`after_written` actions
    run once all are in place. The block is this thread's (a ContextVar): another thread's writes
    meanwhile are its own."""
    if _RUN.get() is not None:                  # nested: the outer block decides
        yield
        return
    pending: list = []
    after: list = []
    token = _RUN.set((pending, after))
    try:
        yield
    except BaseException:
        for tmp, *_ in pending:
            _remove(tmp)
        raise
    finally:
        _RUN.reset(token)
    from ghgkit.errors import OutputError

    done: list = []
    for i, (tmp, path, special, out_fd) in enumerate(pending):
        try:
            _put_in_place(tmp, path, special, out_fd)
        except BaseException as e:              # a full disk, a folder gone, Ctrl-C: no temporary file left
            for rest, *_ in pending[i:]:
                _remove(rest)
            if not isinstance(e, OSError):
                raise
            already = f" (already written: {', '.join(map(str, done))})" if done else ""
            raise OutputError(f"cannot write this file: {e.strerror or e}{already}", location=str(path),
                              hint="check the disk space and that the folder may be written to") from None
        done.append(path)
    for action in after:
        action()


def after_written(action) -> None:
    """Run *action* once the outputs of this thread's :func:`together` block are in place (now,
    outside one)."""
    run = _RUN.get()
    if run is None:
        action()
    else:
        run[1].append(action)


def _put_in_place(tmp, path: Path, special: bool, out_fd) -> None:
    """Move the finished temporary file *tmp* to *path* (or copy it into a device, pipe or descriptor)."""
    if special:
        import shutil
        import sys

        if out_fd is not None:              # /dev/stdout: the descriptor itself (a '>>' file keeps its start)
            if out_fd == 1:
                sys.stdout.flush()
            with open(tmp, "rb") as src, open(out_fd, "wb", closefd=False) as dst:
                shutil.copyfileobj(src, dst)
        else:
            with open(tmp, "rb") as src, open(path, "wb") as dst:
                shutil.copyfileobj(src, dst)
        os.unlink(tmp)
    else:
        os.replace(tmp, path)


def _remove(tmp) -> None:
    try:
        os.unlink(tmp)
    except FileNotFoundError:
        pass


def _descriptor(path) -> int | None:
    """The open file descriptor *path* names (``/dev/stdout``, ``/dev/fd/3``, ``/proc/self/fd/1``), or
    None: written to as it is, never reopened (reopening truncates what a shell's '>>' appends to)."""
    import re

    text = str(path)
    names = {"/dev/stdout": 1, "/dev/stderr": 2}
    if text in names:
        return names[text]
    m = re.fullmatch(r"/(?:dev/fd|proc/self/fd)/(\d+)", text)
    return int(m.group(1)) if m else None


def _special(path: Path) -> bool:
    """True when *path* exists and is neither a regular file nor a folder (a device, a pipe)."""
    import stat

    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


def check_writable(path: str | Path) -> None:
    """Raise :class:`~ghgkit.errors.OutputError` now when *path* clearly cannot be written (its folder
    is a file, or may not be written to), so that a command fails before computing, not half-way."""
    from ghgkit.errors import OutputError

    if _descriptor(path) is not None:
        return
    path = Path(path)
    if _special(path):                        # /dev/null, a pipe: written into, not replaced
        if not os.access(path, os.W_OK):
            raise OutputError("cannot write this file: it may not be written to", location=str(path),
                              hint="choose a file you may write to")
        return
    path = Path(os.path.realpath(path)) if os.path.islink(path) else path
    parent = path.parent
    while not parent.exists() and parent != parent.parent:
        parent = parent.parent
    problem = None
    if path.is_dir():
        problem = "it is a folder"
    elif not parent.is_dir():
        problem = f"{parent} is a file, not a folder"
    elif not os.access(parent, os.W_OK | os.X_OK) or str(path.resolve()).startswith(("/proc/", "/sys/")):
        problem = f"the folder {parent} may not be written to"
    if problem:
        raise OutputError(f"cannot write this file: {problem}", location=str(path),
                          hint="choose a folder you may write to (and a file name that is not a folder)")


def write_text_atomic(path: str | Path, text: str, encoding: str = "utf-8") -> None:
    """Write *text* to *path* atomically."""
    with atomic_path(path) as tmp:
        tmp.write_text(text, encoding=encoding)


def looks_like_formula(text: str) -> bool:
    """True for text a spreadsheet would read as a formula (starts with = + - @, tab, CR)."""
    return isinstance(text, str) and text.startswith(FORMULA_START)


class ExcelText:
    """Writes user text into xlsxwriter cells unchanged and as text.

    ``write_string`` never makes a formula; text that Excel would read as one when
    the cell is edited gets a ``quote_prefix`` format, so the user's text stays as
    typed (no apostrophe added to it).
    """

    def __init__(self, workbook):
        self._quoted = workbook.add_format({"quote_prefix": True, "text_wrap": True, "valign": "top"})

    @property
    def quoted_format(self):
        """The format of a cell whose text a spreadsheet would read as a formula."""
        return self._quoted

    def write(self, ws, row: int, col: int, text, fmt=None) -> None:
        text = str(text)
        ws.write_string(row, col, text, self._quoted if looks_like_formula(text) else fmt)


def excel_workbook(path, options: dict | None = None):
    """An ``xlsxwriter.Workbook`` whose sheets keep every text a text.

    xlsxwriter writes a string that starts with ``<r>`` and ends with ``</r>`` into the file as
    raw rich-text XML, unescaped: a user's note such as ``<r>x & y</r>`` made a workbook that Excel
    must repair (and openpyxl cannot read), and ``<r><t>A</t></r>`` showed as ``A``. Such a string
    is written here as a rich string of three plain runs: the same text, escaped, read back as typed.
    A string is never turned into a formula, a link or a number (xlsxwriter's ``write`` does the
    first two by default), whatever *options* says otherwise.
    """
    return _workbook_class()(str(path), {**(options or {}), "strings_to_formulas": False, "strings_to_urls": False,
                                         "strings_to_numbers": False})


_WORKBOOK = None


def _workbook_class():
    global _WORKBOOK
    if _WORKBOOK is None:
        import xlsxwriter
        from xlsxwriter.worksheet import Worksheet

        class TextWorksheet(Worksheet):
            def _write_string(self, row, col, string, cell_format=None):
                if len(string) > self.xls_strmax:          # as xlsxwriter cuts any string (rich ones it drops)
                    string = string[:self.xls_strmax]
                if string.startswith("<r>") and string.endswith("</r>"):
                    runs = [string[:1], string[1:2], string[2:]]          # "<", "r", ">…</r>": plain runs
                    return self._write_rich_string(row, col, *runs, *([cell_format] if cell_format else []))
                return super()._write_string(row, col, string, cell_format)

        class TextWorkbook(xlsxwriter.Workbook):
            worksheet_class = TextWorksheet

        _WORKBOOK = TextWorkbook
    return _WORKBOOK


def inert(value):
    """Make user text safe for a CSV field (Excel cells use :class:`ExcelText`).

    Text starting with ``=``, ``+``, ``-``, ``@`` (or a tab / carriage return) is
    prefixed with an apostrophe so no spreadsheet reads it as a formula. Numbers
    pass through untouched.
    """
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def inert_series(s):
    """:func:`inert` over a pandas Series, computed once per distinct value."""
    import numpy as np
    import pandas as pd

    codes, uniq = pd.factorize(s, use_na_sentinel=True)
    vals = np.array([inert(u) for u in uniq] + [None], dtype=object)
    return pd.Series(vals[codes], index=s.index, dtype=object)
