"""GWP sets and CO2-equivalent as a join on the gas column.

Values come from the ``globalwarmingpotentials`` package (public domain, sources
per column); the AR6 fossil / non-fossil split of CH4 (AR6 WG1 Table 7.15), which it
lacks, comes from ``emission_factors/gwp_supplement.csv``.

``co2e_t = mass_t * gwp[gas]``; the set is recorded on every result. Biogenic CO2
is a memo item: it has no GWP here and never enters CO2e.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import numpy as np

from ghgkit.data import data_path, read_rows
from ghgkit.errors import GwpError

#: short name -> globalwarmingpotentials column
SETS = {"AR4": "AR4GWP100", "AR5": "AR5GWP100", "AR6": "AR6GWP100"}
DEFAULT_SET = "AR5"
GASES = ("CO2", "CH4", "N2O", "CH4_fossil", "CH4_non_fossil")


def normalise_set(name: str | None) -> str:
    """'ar5', 'AR5GWP100' -> 'AR5'. Unknown names are a :class:`GwpError`."""
    if name is None or str(name).strip() == "":
        return DEFAULT_SET
    key = str(name).strip().upper().replace("GWP100", "")
    if key not in SETS:
        raise GwpError(f"unknown GWP set '{name}'", hint=f"use one of {', '.join(SETS)}")
    return key


@lru_cache(maxsize=None)
def gwp_values(gwp_set: str = DEFAULT_SET) -> dict[str, float]:
    """GWP100 per gas for one set: CO2, CH4, N2O, CH4_fossil, CH4_non_fossil.

    For AR4 and AR5, which publish one CH4 value, the fossil and non-fossil
    entries equal it. For AR6 the generic ``CH4`` is 27.9 (AR6 WG1 Table 7.15, the
    value the ghgkit calculators use so that the CO2 from oxidising fossil methane,
    already in the IPCC CO2 factors, is not counted twice); ``CH4_fossil`` 29.8 and
    ``CH4_non_fossil`` 27.0 are there for factors that name them.
    """
    return dict(_all_sets()[normalise_set(gwp_set)])


@lru_cache(maxsize=1)
def _all_sets() -> dict[str, dict[str, float]]:
    """Every set's values (:func:`_read_sets`), from the user's cache (:mod:`ghgkit.cache`) while the
    supplement and the globalwarmingpotentials package's files are the same: importing the
    package reads every installed distribution's metadata for its version, and pandas read the
    supplement, ~0.03 s of every command's start."""
    from importlib.util import find_spec

    from ghgkit import cache

    try:
        # every file of the package (its modules, version file and table): an upgrade is read again
        # wherever it keeps its values
        spec = find_spec("globalwarmingpotentials")
        folder = Path(list(spec.submodule_search_locations)[0])
        package = sorted(f for f in folder.rglob("*") if f.is_file() and "__pycache__" not in f.parts)
    except Exception:          # noqa: BLE001 - not installed (the import in _read_sets says so) or unreadable
        return _read_sets()
    return cache.cached("gwp", [data_path("gwp_supplement.csv"), *package], _read_sets, expect=dict)


def _read_sets() -> dict[str, dict[str, float]]:
    import globalwarmingpotentials as gwp_pkg

    out = {}
    for key, column in SETS.items():
        col = gwp_pkg.data[column]
        values = {"CO2": 1.0, "CH4": float(col["CH4"]), "N2O": float(col["N2O"])}
        values["CH4_fossil"] = values["CH4_non_fossil"] = values["CH4"]
        out[key] = values
    for row in read_rows(data_path("gwp_supplement.csv"), ("gwp_set", "gas", "value")):
        if row["gwp_set"] in out:
            out[row["gwp_set"]][row["gas"]] = float(row["value"])
    return out


def co2e(mass_t, gas, gwp_set: str = DEFAULT_SET) -> np.ndarray:
    """CO2-equivalent of masses of gases, as a join on the gas column.

    Parameters
    ----------
    mass_t : array-like
        Mass of each gas [t].
    gas : array-like of str
        Gas of each mass (``CO2``, ``CH4``, ``N2O``, ``CH4_fossil``, ``CH4_non_fossil``).
    gwp_set : str
        ``AR4``, ``AR5`` or ``AR6`` (GWP100).

    Returns
    -------
    numpy.ndarray
        CO2e [t CO2e].
    """
    import pandas as pd

    table = gwp_values(normalise_set(gwp_set))
    g = pd.Series(np.asarray(gas, dtype=object))
    factors = g.map(table)
    if factors.isna().any():
        bad = sorted(set(g[factors.isna()].astype(str)))
        raise GwpError(f"no GWP for gas {', '.join(bad)} in {gwp_set}",
                       hint="biogenic CO2 is a memo item and has no CO2e; gases: " + ", ".join(GASES))
    return np.asarray(mass_t, dtype=float) * factors.to_numpy(dtype=float)


def check_same_set(*sets: str) -> str:
    """Return the one GWP set of several results; mixing sets is an error."""
    names = {normalise_set(s) for s in sets}
    if len(names) > 1:
        raise GwpError(f"results computed with different GWP sets ({', '.join(sorted(names))}) cannot be added",
                       hint="recompute them with one --gwp set")
    return names.pop() if names else DEFAULT_SET


def co2e_of_gases(co2, ch4, n2o, g_ch4, g_n2o: float):
    """CO2e [t] of gas masses [t]: CO2 + GWP_CH4 × CH4 + GWP_N2O × N2O.

    ``g_ch4`` is a number or one per element. A gas not estimated (NaN) counts as
    zero, unless all three are (then the CO2e is NaN too: nothing was estimated).
    """
    co2, ch4, n2o = (np.asarray(a, dtype=float) for a in (co2, ch4, n2o))
    out = ch4 * g_ch4
    out += co2
    out += n2o * g_n2o
    gap = np.isnan(out)
    if gap.any():
        c, m, n = co2[gap], ch4[gap], n2o[gap]
        gc = np.asarray(g_ch4)[gap] if np.ndim(g_ch4) else g_ch4
        sub = np.nan_to_num(c) + np.nan_to_num(m) * gc + np.nan_to_num(n) * g_n2o
        sub[np.isnan(c) & np.isnan(m) & np.isnan(n)] = np.nan
        out[gap] = sub
    return out
