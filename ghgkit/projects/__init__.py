"""Emission reductions of co-operation projects between cities, versus a baseline.

ER_y = BE_y − PE_y − LE_y per year of the crediting period, ex-ante from the project
file's parameters and ex-post from its monitoring table, in the style of the CDM
small-scale methodologies and Japan's Joint Crediting Mechanism::

    from ghgkit.projects import load_project, estimate, monitor, portfolio
    p = load_project("examples/projects/street_lighting_yokohama_danang.yaml")
    estimate(p).to_json()

Methodologies: ``composting`` (AMS-III.F with the CDM Tool 04 baseline),
``street_lighting`` (AMS-II.L style), ``fuel_switch`` (household cooking fuel on
useful energy), ``solar_pv`` (AMS-I.D style with the Tool 07 combined margin),
``building_efficiency`` (AMS-II.E style), ``bus_fleet`` (AMS-III.C style).
"""

from ghgkit.projects.calculate import REGISTRY, MonitorResult, ProjectResult, estimate, methodology, monitor, prepare
from ghgkit.projects.portfolio import PortfolioResult, portfolio
from ghgkit.projects.io import load_folder, load_project, read_project_workbook, write_project_template
from ghgkit.projects.model import METHODOLOGIES, MonitoringRow, ParameterValue, Project

__all__ = ["Project", "ParameterValue", "MonitoringRow", "METHODOLOGIES", "REGISTRY", "methodology",
           "load_project", "load_folder", "read_project_workbook", "write_project_template",
           "prepare", "estimate", "monitor", "portfolio", "ProjectResult", "MonitorResult",
           "PortfolioResult"]
