"""Reports: the inventory's Excel workbook and HTML page, and the project reports.

``format`` holds labels and number formats every report shares; ``model`` gathers an
inventory report's data once (:func:`build_report`); ``excel``, ``html`` and ``charts``
show it. Names are imported on first use, so the chart helper
(:mod:`ghgkit.reports.chart_helper`) starts without pandas.
"""

_LAZY = {
    "write_excel": "ghgkit.reports.excel", "write_html": "ghgkit.reports.html",
    "render_html": "ghgkit.reports.html", "build_report": "ghgkit.reports.model",
    "ReportData": "ghgkit.reports.model", "fmt_number": "ghgkit.reports.format",
    "fmt_value": "ghgkit.reports.format", "DERIVED_KEY": "ghgkit.reports.format",
}

__all__ = ["write_excel", "write_html", "render_html", "build_report", "ReportData", "fmt_number", "fmt_value",
           "DERIVED_KEY"]


def __getattr__(name):
    import importlib

    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    try:
        return importlib.import_module(f"{__name__}.{name}")           # a submodule, e.g. reports.excel
    except ModuleNotFoundError as e:
        if e.name != f"{__name__}.{name}":
            raise
    raise AttributeError(f"module 'ghgkit.reports' has no attribute {name!r}")
