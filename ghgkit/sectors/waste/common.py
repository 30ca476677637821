"""Constants, errors and input checks shared by the waste and wastewater equations.

Masses are tonnes throughout (waste, BOD, COD, nitrogen and every gas); a factor keeps
the unit the IPCC table prints (g/kg, kg/Gg, g/t), and its scale to t/t is found once,
by pint, when this module is imported.

Input mistakes raise :class:`WasteInputError` subclasses (all
:class:`~ghgkit.errors.GhgkitError`) with a hint; softer findings (gaps in a disposal
history) are returned as lists of warning strings.
"""

from __future__ import annotations

import numpy as np

from ghgkit.errors import InputError
from ghgkit.units import conversion_factor

# --------------------------------------------------------------------------------------
# Constants: molecular-weight ratios (exact) and unit scales (found once by pint)
# --------------------------------------------------------------------------------------
#: CH4 / C molecular weight ratio (Eq. 3.6)
CH4_PER_C = 16.0 / 12.0
#: CO2 / C molecular weight ratio (Eq. 5.1, 5.2)
CO2_PER_C = 44.0 / 12.0
#: N2O / N2 molecular weight ratio (Eq. 6.7)
N2O_PER_N2 = 44.0 / 28.0
#: days in the inventory year used by Eq. 5.7 and 6.3
DAYS_PER_YEAR = 365.0

G_PER_KG = conversion_factor("g/kg", "dimensionless")          # 1e-3 (Eq. 4.1, 4.2)
KG_PER_GG = conversion_factor("kg/Gg", "dimensionless")        # 1e-6 (Eq. 5.4)
G_PER_T = conversion_factor("g/t", "dimensionless")            # 1e-6 (Eq. 5.5)
KG_TO_T = conversion_factor("kg", "t")                         # 1e-3
G_TO_T = conversion_factor("g", "t")                           # 1e-6

#: relative tolerance of a composition that must sum to 1
COMPOSITION_TOL = 1e-6
#: relative slack when comparing recovery with generation (rounding of user data)
RECOVERY_RTOL = 1e-9


# --------------------------------------------------------------------------------------
# Errors
# --------------------------------------------------------------------------------------
class WasteInputError(InputError):
    """Waste or wastewater input that cannot be used."""


class UnknownMethodError(WasteInputError):
    """An unknown site type, pathway, technology, component or climate zone."""


class CompositionError(WasteInputError):
    """Component fractions that do not sum to 1."""


class DisposalYearError(WasteInputError):
    """A disposal history that cannot be used (year after the inventory year, duplicates)."""


class RecoveryError(WasteInputError):
    """Recovered methane larger than the methane generated or treated."""


# --------------------------------------------------------------------------------------
# Input checks
# --------------------------------------------------------------------------------------
def check_composition(fractions, labels=None, tol: float = COMPOSITION_TOL,
                      components=None) -> np.ndarray:
    """Check that waste fractions sum to 1 along the last axis.

    Parameters
    ----------
    fractions : array-like, shape (..., n_components)
        Mass fraction of each component [-].
    labels : sequence of str, optional
        A name for each row (e.g. ``'Waste!B7'``), used in the message.
    tol : float
        Allowed absolute deviation of each row sum from 1.
    components : sequence of str, optional
        Component names, only for the message.

    Returns
    -------
    numpy.ndarray
        The fractions as floats.

    Raises
    ------
    CompositionError
        Naming every row whose fractions do not sum to 1 (or that holds a negative
        or non-finite fraction).
    """
    wf = np.asarray(fractions, dtype=float)
    if wf.ndim == 0:
        raise CompositionError("a composition needs one fraction per component")
    rows = wf.reshape(-1, wf.shape[-1])
    sums = rows.sum(axis=1)
    bad_value = ~np.isfinite(rows).all(axis=1) | (rows < 0).any(axis=1)
    bad_sum = ~(np.abs(sums - 1.0) <= tol)
    bad = np.flatnonzero(bad_value | bad_sum)
    if len(bad):
        names = list(labels) if labels is not None else [f"row {i + 1}" for i in range(len(rows))]
        parts = []
        for i in bad[:10]:
            if bad_value[i]:
                parts.append(f"{names[i]} has a negative or missing fraction")
            else:
                parts.append(f"{names[i]} sums to {sums[i]:.6g}")
        more = f" (and {len(bad) - 10} more)" if len(bad) > 10 else ""
        comp = f" over {', '.join(components)}" if components is not None else ""
        raise CompositionError(
            f"waste composition{comp} must sum to 1 (100 %): " + "; ".join(parts) + more,
            hint="give fractions that add up to 1 (or percentages that add up to 100); put the "
                 "rest under 'inert' if it is not known")
    return wf


def check_disposal_history(years, inventory_year: int, what: str = "disposal history") -> list[str]:
    """Check the years of a disposal history.

    Parameters
    ----------
    years : array-like of int
        Years with a deposit row.
    inventory_year : int
        The inventory year.
    what : str
        What the history is (for the messages), e.g. ``"landfill 'North' food"``.

    Returns
    -------
    list of str
        Warnings: gaps between the first and last year, each saying that the missing
        years were treated as zero deposit.

    Raises
    ------
    DisposalYearError
        For a year after the inventory year, or a year given twice.
    """
    y = np.asarray(years)
    if y.size == 0:
        return [f"{what}: no disposal years given, so no landfill methane is estimated"]
    if not np.all(np.isfinite(y.astype(float))) or np.any(y.astype(float) != np.round(y.astype(float))):
        raise DisposalYearError(f"{what}: every disposal year must be a whole year",
                                hint="write the calendar year, e.g. 2015")
    y = y.astype(int)
    late = np.unique(y[y > inventory_year])
    if late.size:
        raise DisposalYearError(
            f"{what}: disposal year {', '.join(map(str, late))} is after the inventory year "
            f"{inventory_year}",
            hint="remove the row or correct the year; waste not yet disposed of emits nothing "
                 "in the inventory year")
    u, counts = np.unique(y, return_counts=True)
    if (counts > 1).any():
        raise DisposalYearError(f"{what}: year {', '.join(map(str, u[counts > 1]))} given more than once",
                                hint="give one row per year (add the amounts)")
    missing = np.setdiff1d(np.arange(u.min(), u.max() + 1), u)
    if missing.size == 0:
        return []
    return [f"{what}: no deposit given for {year_ranges(missing)}; treated as zero deposit "
            f"(give the amounts, or back-cast them, if waste was disposed of in those years)"]


def year_ranges(years) -> str:
    ys = sorted(int(v) for v in years)
    out, start, prev = [], ys[0], ys[0]
    for v in ys[1:] + [None]:
        if v is not None and v == prev + 1:
            prev = v
            continue
        out.append(str(start) if start == prev else f"{start}-{prev}")
        if v is not None:
            start = prev = v
    return ", ".join(out)


def nonneg_array(name: str, a) -> np.ndarray:
    arr = np.asarray(a, dtype=float)
    if not np.all(np.isfinite(arr)) or np.any(arr < 0):
        raise WasteInputError(f"{name} must be finite numbers >= 0")
    return arr


def fraction_array(name: str, a) -> np.ndarray:
    arr = nonneg_array(name, a)
    if np.any(arr > 1):
        raise WasteInputError(f"{name} is a fraction and must lie between 0 and 1",
                              hint="write 0.5 for 50 %")
    return arr


def check_recovery(gross, rec, what: str, labels=None, check: str = "that the disposal history is complete"):
    """Raise :class:`RecoveryError` where the recovered CH4 *rec* exceeds the generated *gross* [t];
    *check* says what else to look at (the hint)."""
    over = rec > gross * (1 + RECOVERY_RTOL) + 1e-12
    if np.any(over):
        flat = np.flatnonzero(over.ravel())
        i = flat[0]
        name = (list(labels)[i] if labels is not None else
                (f"element {np.unravel_index(i, over.shape)}" if over.ndim else "the result"))
        g = float(np.ravel(gross)[i])
        r = float(np.ravel(rec)[i])
        more = f" (and {len(flat) - 1} more)" if len(flat) > 1 else ""
        raise RecoveryError(
            f"recovered CH4 {r:.6g} t is larger than the {what} ({g:.6g} t) at {name}{more}",
            hint=f"check the recovered amount and its unit (t of CH4, not m3 of gas), and {check}")
