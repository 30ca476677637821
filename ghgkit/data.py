"""Where the data files that ship with ghgkit live.

In a wheel, ``emission_factors/`` and ``templates/`` are copied inside the
package; in a source checkout (or an editable install) they sit beside it.
"""

from __future__ import annotations

from pathlib import Path

_HERE = Path(__file__).resolve().parent


def _dir(name: str) -> Path:
    for base in (_HERE / name, _HERE.parent / name):
        if base.is_dir():
            return base
    raise FileNotFoundError(f"ghgkit data folder '{name}' not found beside {_HERE}")


def data_dir() -> Path:
    """The folder holding the default emission-factor tables."""
    return _dir("emission_factors")


def data_path(name: str) -> Path:
    """Path of one file in the emission-factor folder."""
    return data_dir() / name


def examples_dir() -> Path:
    """The folder holding the bundled examples (demo city, projects …)."""
    return _dir("examples")


def templates_dir() -> Path:
    """The folder holding jinja2 report templates."""
    return _dir("templates")


def read_rows(path: Path, required: tuple[str, ...]) -> list[dict[str, str]]:
    """The rows of a small shipped table (lines starting with ``#`` are comments) as dicts of text,
    read with the csv module (a process's first ``pandas.read_csv`` costs ~10 ms of start-up).

    What pandas' ``comment="#"`` reading would have taken otherwise is refused, naming the line:
    a ``#`` inside a line (pandas cut the line there) and an empty *required* cell (pandas read
    NaN there).
    """
    import csv

    from ghgkit.errors import FactorError, Location

    with open(path, encoding="utf-8", newline="") as fh:
        # comment and blank lines out (the csv reader would skip a blank one: the numbers stay paired)
        lines = [(n, line) for n, line in enumerate(fh, start=1) if not line.startswith("#") and line.strip()]
    out = []
    for (n, line), row in zip(lines[1:], csv.DictReader(line for _, line in lines)):
        where = Location(file=str(path), line=n)
        if "#" in line:
            raise FactorError(f"'#' inside a line of {path.name}", location=where,
                              hint="only whole lines starting with '#' are comments: move the note to one")
        empty = [c for c in required if not (row.get(c) or "").strip()]
        if empty:
            raise FactorError(f"{path.name}: {', '.join(empty)} empty", location=where,
                              hint="fill the cell, or delete the row")
        out.append(row)
    return out
