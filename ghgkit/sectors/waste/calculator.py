"""Activity-table rows of sector ``waste`` / ``wastewater`` -> result rows (GPC III.1-III.4).

The glue between the activity table and the IPCC Vol. 5 equations (:mod:`~ghgkit.sectors.waste.landfill`,
:mod:`~ghgkit.sectors.waste.biological`, :mod:`~ghgkit.sectors.waste.incineration`,
:mod:`~ghgkit.sectors.waste.wastewater`): one
result row per activity row, with the gases in tonnes, the ids of the default
parameters used (``factor_ids``) and the arithmetic (``conversion``).

=====================  ===========================================================
subsector              activity row
=====================  ===========================================================
``landfill``           one row per disposal year: ``activity`` a component or
                       ``msw``, ``amount`` a mass, ``year``, ``method`` the site
                       type. Each row carries the CH4 its deposit generates in the
                       inventory year (FOD is linear, so the rows add up to the
                       site's total); recovery (setting ``landfill_ch4_recovered``,
                       t CH4) is shared over the scope-1 rows in proportion.
                       Back-cast (IPCC Vol. 5 sect. 3.2.2): with ``backcast_start_year``,
                       ``msw_per_capita_kg_day``, ``fraction_to_swds``, ``population``
                       (and optional ``population_growth_rate``, else constant),
                       the years before the first history row get MSW deposits
                       from population, as bulk MSW (``doc_msw``) or split by
                       ``msw_composition``, shared over the first year's rows by
                       mass; a warning and the rows' calc notes say so.
                       :func:`landfill_series` gives the yearly series.
``composting``,        mass treated; ``method`` ``wet`` (default) or ``dry``;
``anaerobic_digestion`` digestion CH4 recovered (setting ``digester_ch4_recovered``,
                       t CH4) is subtracted (Eq. 4.1), shared over the digestion
                       rows in proportion to their CH4
``incineration``,      mass burnt (wet); ``activity`` a component or ``msw`` (with
``open_burning``       the setting ``msw_composition``); incineration ``method`` a
                       technology such as ``continuous_stoker``. Open burning may
                       give ``activity`` ``population`` (persons): Eq. 5.7 with
                       ``fraction_burning``, ``msw_per_capita_kg_day`` and
                       ``fraction_burnt`` (no default shipped)
``domestic``           ``activity`` ``population``, ``amount`` persons served,
                       ``method`` the pathway; N2O from effluent when the setting
                       ``protein_kg_per_person_yr`` is given
``industrial``         ``amount`` the COD load (mass of COD per year), ``method``
                       the pathway
=====================  ===========================================================

Settings (all optional unless said): every key is listed, with its unit and default, in
:mod:`ghgkit.sectors.waste.keys` (``climate_zone`` is needed for landfill k, ``doc_msw``
for bulk MSW in landfills). The specific key wins over the general one (``k_nappies``
over ``k``, ``mcf_septic_tank`` over the Table 6.3 default).

Each result row carries ``uses``, a tuple of :class:`~ghgkit.provenance.FactorUse`
(every default parameter and user setting the row used), and ``factor_ids``, the same
ids joined by ``;`` with ``setting:KEY`` for a setting (burning rows cite the Table 2.4
component properties as ``dm/cf/fcf Table 2.4``; their ``uses`` list each).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ghgkit.sectors.waste.common import UnknownMethodError
from ghgkit.sectors.waste.inputs import empty_result, located, setting_value
from ghgkit.sectors.waste.landfill_rows import landfill_rows
from ghgkit.sectors.waste.treatment_rows import biological_rows, burning_rows
from ghgkit.sectors.waste.wastewater_rows import domestic_rows, industrial_rows


def calculate_waste(activity: pd.DataFrame, settings, library=None) -> tuple[pd.DataFrame, list[str]]:
    """Result rows for the waste and wastewater rows of an activity table.

    Parameters
    ----------
    activity : pandas.DataFrame
        Activity rows of sector ``waste`` or ``wastewater`` with an amount.
    settings : ghgkit.io.settings.Settings or dict
        Needs ``inventory_year``; see the module docstring for the rest.
    library : FactorLibrary, optional
        Unused (waste defaults come from ``waste_parameters.csv``); accepted for the
        calculators' common call.

    Returns
    -------
    tuple
        ``(rows, warnings)``: a frame with ``row`` (the activity index), ``scope``,
        ``co2_t``, ``ch4_t``, ``n2o_t``, ``co2_biogenic_t`` [t], ``factor_ids``,
        ``conversion``, ``calc_notes``; and a list of warning strings.
    """
    year = int(setting_value(settings, "inventory_year"))
    parts, warnings = [], []
    sub = activity["subsector"].astype(object).to_numpy()
    handlers = {"landfill": landfill_rows, "composting": biological_rows, "anaerobic_digestion": biological_rows,
                "incineration": burning_rows, "open_burning": burning_rows, "domestic": domestic_rows,
                "industrial": industrial_rows}
    unknown = ~pd.Series(sub).isin(list(handlers)).to_numpy()
    if unknown.any():
        i = np.flatnonzero(unknown)[0]
        raise located(UnknownMethodError(
            f"unknown waste subsector '{sub[i]}'",
            hint="waste: landfill, composting, anaerobic_digestion, incineration, open_burning; "
                 "wastewater: domestic, industrial"), activity, activity.index[i])
    for name, fn in handlers.items():
        m = sub == name
        if m.any():
            res, warn = fn(activity[m], settings, year, name)
            parts.append(res)
            warnings.extend(warn)
    rows = pd.concat(parts, ignore_index=True) if parts else empty_result([])
    scope = activity["scope"].reindex(rows["row"]).to_numpy(dtype=float) if "scope" in activity else None
    if scope is not None:
        rows["scope"] = np.where(np.isnan(scope), 1, scope).astype(int)
    return rows, warnings
