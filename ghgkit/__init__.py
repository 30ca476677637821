"""ghgkit: greenhouse-gas inventories and MRV for local governments.

The Python API mirrors the command line::

    import ghgkit
    activity, settings = ghgkit.load("examples/demo_city/demo_city.xlsx")
    inv = ghgkit.calculate(activity, settings)
    inv.totals["co2e_t"]
"""

__version__ = "0.1.0"

__all__ = ["__version__", "load", "calculate"]


def load(path, settings_file=None, overrides=None):
    """Read activity data and settings from a workbook or CSV (see :mod:`ghgkit.io.importers`)."""
    from ghgkit.io.importers import load as _load

    return _load(path, settings_file=settings_file, overrides=overrides)


def calculate(activity, settings, library=None):
    """Compute an :class:`~ghgkit.inventory.Inventory` from an activity table and settings."""
    from ghgkit.inventory import calculate as _calculate

    return _calculate(activity, settings, library=library)
