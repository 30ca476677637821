"""Waste and wastewater (GPC III.1-III.4): the IPCC 2006 Vol. 5 equations, their defaults, and the rows.

One module per chapter of the guideline, one function per equation:

=====================================  ==========================================
Ch. 3 solid waste disposal (III.1)     :mod:`.landfill`: :func:`fod_ch4_generated`
                                       (Eq. 3.2, 3.4-3.6), :func:`landfill_ch4_emitted`
                                       (Eq. 3.1), :func:`backcast_deposits` (sect. 3.2.2)
Ch. 4 biological treatment (III.2)     :mod:`.biological`: :func:`biological_treatment`
                                       (Eq. 4.1, 4.2)
Ch. 5 incineration, open burning       :mod:`.incineration`: :func:`incineration_co2`
(III.3)                                (Eq. 5.1), :func:`incineration_co2_msw` (Eq. 5.2),
                                       :func:`incineration_ch4` (Eq. 5.4),
                                       :func:`incineration_n2o` (Eq. 5.5),
                                       :func:`open_burning_waste` (Eq. 5.7)
Ch. 6 wastewater (III.4)               :mod:`.wastewater`: :func:`domestic_tow` (Eq. 6.3),
                                       :func:`domestic_wastewater_ch4` (Eq. 6.1, 6.2),
                                       :func:`effluent_nitrogen` (Eq. 6.8),
                                       :func:`effluent_n2o` (Eq. 6.7),
                                       :func:`industrial_tow` (Eq. 6.6),
                                       :func:`industrial_wastewater_ch4` (Eq. 6.4, 6.5)
=====================================  ==========================================

Beside them: :mod:`.parameters` (the default parameters of ``waste_parameters.csv``
with their provenance), :mod:`.vocab` (site types, components, pathways and their
normalisers), :mod:`.common` (constants, errors, input checks). The activity rows
become result rows in :mod:`.calculator` (:func:`calculate_waste`), which hands each
subsector to :mod:`.landfill_rows`, :mod:`.treatment_rows` or :mod:`.wastewater_rows`;
:mod:`.inputs` reads settings and amounts for them.

Every public name is importable from ``ghgkit.sectors.waste``.
"""

from ghgkit.sectors.waste.biological import biological_treatment
from ghgkit.sectors.waste.calculator import calculate_waste
from ghgkit.sectors.waste.common import (CH4_PER_C, CO2_PER_C, COMPOSITION_TOL, DAYS_PER_YEAR, N2O_PER_N2,
                                         CompositionError, DisposalYearError, RecoveryError, UnknownMethodError,
                                         WasteInputError, check_composition, check_disposal_history)
from ghgkit.sectors.waste.incineration import (incineration_ch4, incineration_co2, incineration_co2_msw,
                                               incineration_n2o, open_burning_waste)
from ghgkit.sectors.waste.landfill import (Backcast, backcast_deposits, fod_ch4_generated, fod_ch4_in_year,
                                           fod_ddocm_deposited, landfill_ch4_emitted)
from ghgkit.sectors.waste.landfill_rows import SERIES_COLUMNS, SHORT_HISTORY_YEARS, landfill_series
from ghgkit.sectors.waste.parameters import (PARAMETER_COLUMNS, ParameterValue, load_parameters, parameter,
                                             parameter_values)
from ghgkit.sectors.waste.vocab import (BIOLOGICAL_BASES, CLIMATE_ZONES, EDITIONS, INCINERATION_TECHNOLOGIES,
                                        PATHWAY_VARIANTS, PATHWAYS, SITE_TYPES, WASTE_COMPONENTS,
                                        normalise_climate_zone, normalise_component, normalise_edition,
                                        normalise_pathway, normalise_site_type, normalise_technology)
from ghgkit.sectors.waste.wastewater import (domestic_tow, domestic_wastewater_ch4, effluent_n2o, effluent_nitrogen,
                                             industrial_tow, industrial_wastewater_ch4)

__all__ = [
    "biological_treatment", "calculate_waste", "CH4_PER_C", "CO2_PER_C", "COMPOSITION_TOL", "DAYS_PER_YEAR",
    "N2O_PER_N2", "CompositionError", "DisposalYearError", "RecoveryError", "UnknownMethodError",
    "WasteInputError", "check_composition", "check_disposal_history", "incineration_ch4", "incineration_co2",
    "incineration_co2_msw", "incineration_n2o", "open_burning_waste", "Backcast", "backcast_deposits",
    "fod_ch4_generated", "fod_ch4_in_year", "fod_ddocm_deposited", "landfill_ch4_emitted", "SERIES_COLUMNS",
    "SHORT_HISTORY_YEARS", "landfill_series", "PARAMETER_COLUMNS", "ParameterValue", "load_parameters",
    "parameter", "parameter_values", "BIOLOGICAL_BASES", "CLIMATE_ZONES", "EDITIONS", "INCINERATION_TECHNOLOGIES",
    "PATHWAY_VARIANTS", "PATHWAYS", "SITE_TYPES", "WASTE_COMPONENTS", "normalise_climate_zone",
    "normalise_component", "normalise_edition", "normalise_pathway", "normalise_site_type",
    "normalise_technology", "domestic_tow", "domestic_wastewater_ch4", "effluent_n2o", "effluent_nitrogen",
    "industrial_tow", "industrial_wastewater_ch4",
]
