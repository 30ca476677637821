"""MRV over time: a city's inventories year by year, its target, and the co-operation
projects located in it.

::

    from ghgkit.mrv import load_inventories, build_trend
    invs = load_inventories(["inv_2015.xlsx", "inv_2016.xlsx"])
    trend = build_trend(invs, base_year=2015)
    trend.totals, trend.by_sector, trend.findings

:mod:`ghgkit.mrv.trend` builds the series from :class:`~ghgkit.inventory.Inventory`
objects (it never recomputes an emission itself), :mod:`ghgkit.mrv.consistency`
checks the years against each other, :mod:`ghgkit.mrv.targets` measures progress
against a target, :mod:`ghgkit.mrv.attribution` shows the reductions of the projects
located in the city, :mod:`ghgkit.mrv.uncertainty` gives each year's 95 % interval and the
trend's (IPCC 2006 Vol. 1 Ch. 3, Table 3.2), and :mod:`ghgkit.mrv.config` reads the trend file
that ties them together.
"""

from ghgkit.mrv.analyse import analyse
from ghgkit.mrv.attribution import Attribution, attribute_projects
from ghgkit.mrv.config import TrendConfig, read_config
from ghgkit.mrv.targets import Target, TargetProgress, progress
from ghgkit.mrv.trend import Finding, Trend, YearInventory, build_trend, load_inventories

__all__ = ["analyse", "Attribution", "attribute_projects", "TrendConfig", "read_config", "Target", "TargetProgress",
           "progress", "Finding", "Trend", "YearInventory", "build_trend", "load_inventories"]
