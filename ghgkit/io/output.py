"""Writing outputs safely: atomically, and with user text never turned into a formula."""

from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager
from pathlib import Path

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@contextmanager
def atomic_path(path: str | Path, suffix: str | None = None):
    """Yield a temporary path beside *path*; rename it into place only on success.

    An existing file at *path* is replaced only when the block finishes without an
    exception; otherwise the temporary file is removed and *path* is untouched.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=suffix or path.suffix,
                               dir=path.parent)
    os.close(fd)
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)      # mkstemp makes 0600; outputs get the usual permissions
    try:
        yield Path(tmp)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


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
