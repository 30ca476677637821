"""Sector calculators, one module per GPC sector family.

``stationary`` (fuel combustion, and transport fuel sales), ``transport`` (vehicle-km),
``electricity`` (grid, T&D losses), ``waste`` (IPCC Vol. 5, one module per chapter);
``common`` holds the calculator contract they all return (see its docstring).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ghgkit.factors import FactorLibrary
from ghgkit.io.settings import Settings
from ghgkit.sectors.common import codes_of, gpc_columns

__all__ = ["calculate_energy", "gpc_columns"]


def calculate_energy(act: pd.DataFrame, pos: np.ndarray, settings: Settings, lib: FactorLibrary) -> list[dict]:
    """Compact result rows for stationary energy, electricity and transport.

    Parameters
    ----------
    act : pandas.DataFrame
        The whole activity table, with a RangeIndex.
    pos : numpy.ndarray
        Positions of the rows to compute (with an amount, in an energy or transport sector).

    Returns
    -------
    list of dict
        Parts (column -> array) with ``row`` (position in *act*), ``scope``, gas masses [t], ``energy_tj``,
        and categorical ``factor_ids``, ``conversion``, ``calc_notes``.
    """
    from ghgkit.sectors.electricity import electricity_parts
    from ghgkit.sectors.stationary import fuel_part
    from ghgkit.sectors.transport import vkt_part

    if not len(pos):
        return []
    activity_codes, activity_values = codes_of(act["activity"], pos)
    elec_code = activity_values.get_indexer(["electricity"])[0]
    is_elec = activity_codes == elec_code if elec_code >= 0 else np.zeros(len(pos), bool)
    sec_codes, sec_values = codes_of(act["sector"], pos)
    tr_code = sec_values.get_indexer(["transport"])[0]
    is_tr = sec_codes == tr_code if tr_code >= 0 else np.zeros(len(pos), bool)
    m_codes, m_values = codes_of(act["method"], pos)
    vkt_code = m_values.get_indexer(["vkt"])[0]
    is_vkt = is_tr & (m_codes == vkt_code) if vkt_code >= 0 else np.zeros(len(pos), bool)
    parts = []
    fuel = ~is_elec & ~is_vkt
    if fuel.any():
        parts.append(fuel_part(act, pos[fuel], settings, lib))
    if is_vkt.any():
        parts.append(vkt_part(act, pos[is_vkt], settings, lib))
    if is_elec.any():
        parts.extend(electricity_parts(act, pos[is_elec], settings, lib))
    return parts
