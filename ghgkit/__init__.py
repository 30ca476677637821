"""ghgkit: greenhouse-gas inventories and MRV for local governments.

The Python API mirrors the command line. An inventory::

    import ghgkit
    activity, settings = ghgkit.load("examples/demo_city/demo_city.xlsx")
    inv = ghgkit.calculate(activity, settings)
    inv.totals["basic_co2e_t"], inv.by_sector(), inv.gpc_table()

With the city's own factor files (the same files ``calc --factors`` takes)::

    inv = ghgkit.calculate(activity, settings, factors=["my_factors.csv"])
    lib = ghgkit.FactorLibrary.default().with_overrides("my_factors.csv")   # or a library

Checking submissions, as ``ghgkit validate`` does::

    reports = ghgkit.validate(["submissions/"])
    [(r.file, r.status, r.errors) for r in reports]

A co-operation project::

    project = ghgkit.load_project("examples/projects/street_lighting_yokohama_danang.yaml")
    ghgkit.estimate(project).totals["reduction_t"]
    ghgkit.portfolio(ghgkit.load_projects("examples/projects")).totals

Names are imported on first use, so ``import ghgkit`` stays cheap.
"""

__version__ = "0.1.0"

import os as _os


def _module_stats(folder: str):
    """``(path, size, modification time)`` of every module under *folder*, sorted, as on disk now;
    None when it cannot be read. :mod:`ghgkit.cache` compares it with :data:`_MODULES_AT_IMPORT` so
    that a process whose code changed on disk after it started never stores (or reads) an entry
    under the new code's key."""
    out = []

    def walk(path: str, rel: str) -> None:
        with _os.scandir(path) as entries:
            for e in entries:
                if e.name.endswith(".py") and e.is_file():
                    st = e.stat()
                    out.append((rel + e.name, st.st_size, st.st_mtime_ns))
                elif e.name != "__pycache__" and e.is_dir(follow_symlinks=False):
                    walk(e.path, rel + e.name + "/")
    try:
        walk(folder, "")
    except OSError:
        return None
    out.sort()
    return tuple(out)


#: the package's folder, and its modules when this process imported it (~0.3 ms)
_PACKAGE_DIR = _os.path.dirname(_os.path.realpath(__file__))
_MODULES_AT_IMPORT = _module_stats(_PACKAGE_DIR)

__all__ = ["__version__", "load", "calculate", "Inventory", "FactorLibrary", "Settings", "GhgkitError",
           "validate", "load_project", "load_projects", "estimate", "monitor", "portfolio"]

_LAZY = {
    "Inventory": ("ghgkit.inventory", "Inventory"),
    "FactorLibrary": ("ghgkit.factors", "FactorLibrary"),
    "Settings": ("ghgkit.io.settings", "Settings"),
    "GhgkitError": ("ghgkit.errors", "GhgkitError"),
    "load_project": ("ghgkit.projects", "load_project"),
    "estimate": ("ghgkit.projects", "estimate"),
    "monitor": ("ghgkit.projects", "monitor"),
    "portfolio": ("ghgkit.projects", "portfolio"),
}


def __getattr__(name):
    if name in _LAZY:
        import importlib

        module, attr = _LAZY[name]
        return getattr(importlib.import_module(module), attr)
    raise AttributeError(f"module 'ghgkit' has no attribute {name!r}")


def load(path, settings_file=None, overrides=None):
    """Read activity data and settings from a workbook or CSV.

    Parameters
    ----------
    path : str or Path
        The filled Excel template (``.xlsx``) or a CSV activity table.
    settings_file : str or Path, optional
        TOML, YAML, JSON or key,value CSV settings (needed with a CSV).
    overrides : dict, optional
        Settings that win over the file's, as ``--set KEY=VALUE`` does.

    Returns
    -------
    (pandas.DataFrame, Settings)
        The activity table (each row remembers its file, sheet and cell) and the settings.
    """
    from ghgkit.io.importers import load as _load

    return _load(path, settings_file=settings_file, overrides=overrides)


def calculate(activity, settings, library=None, factors=()):
    """Compute the inventory of an activity table.

    Parameters
    ----------
    activity, settings
        From :func:`load`.
    library : FactorLibrary, optional
        The factor library (default: the tables that ship with ghgkit).
    factors : sequence of paths, optional
        User factor files added over *library* (later files win), as ``calc --factors``.

    Returns
    -------
    Inventory
    """
    from ghgkit.factors import FactorLibrary
    from ghgkit.inventory import calculate as _calculate

    if factors:
        library = (library or FactorLibrary.default()).with_overrides(*factors)
    return _calculate(activity, settings, library=library)


def validate(paths, jobs: int = 1):
    """Check submissions (files or folders), as ``ghgkit validate`` does.

    Returns
    -------
    list of FileReport
        One per submission, with its findings (code, severity, place, message, hint).
    """
    from ghgkit.validation.batch import find_files, validate_paths

    if isinstance(paths, (str, bytes)) or hasattr(paths, "__fspath__"):
        paths = [paths]
    return validate_paths(find_files(paths), jobs=jobs)


def load_projects(folder):
    """Every project file in *folder* that can be read; raises on the first that cannot.

    Use ``ghgkit.projects.io.read_folder`` to collect the unreadable ones instead.
    """
    from ghgkit.projects.io import project_files
    from ghgkit.projects import load_project as _load_project

    return [_load_project(f) for f in project_files(folder)]
