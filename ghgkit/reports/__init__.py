"""Reports: the inventory's Excel workbook and HTML page, and the project reports.

``format`` holds labels and number formats every report shares; ``model`` gathers an
inventory report's data once (:func:`build_report`); ``excel``, ``html`` and ``charts``
show it.
"""

from ghgkit.reports.excel import write_excel
from ghgkit.reports.format import DERIVED_KEY, fmt_number, fmt_value
from ghgkit.reports.html import render_html, write_html
from ghgkit.reports.model import ReportData, build_report

__all__ = ["write_excel", "write_html", "render_html", "build_report", "ReportData", "fmt_number", "fmt_value",
           "DERIVED_KEY"]
