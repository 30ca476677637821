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
