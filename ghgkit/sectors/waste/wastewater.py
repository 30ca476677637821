"""IPCC 2006 Vol. 5 Ch. 6, wastewater treatment and discharge (GPC III.4).

CH4: :func:`domestic_tow` (Eq. 6.3), :func:`domestic_wastewater_ch4` (Eq. 6.1, 6.2),
:func:`industrial_tow` (Eq. 6.6), :func:`industrial_wastewater_ch4` (Eq. 6.4, 6.5).
N2O: :func:`effluent_nitrogen` (Eq. 6.8), :func:`effluent_n2o` (Eq. 6.7), :func:`plant_n2o` (Box 6.1,
Eq. 6.9). :func:`sludge_and_recovery` applies S and R of Eq. 6.1 / 6.4 over several systems.
"""

from __future__ import annotations

import numpy as np

from ghgkit.sectors.waste.common import (DAYS_PER_YEAR, G_TO_T, KG_TO_T, N2O_PER_N2, RECOVERY_RTOL, RecoveryError,
                                         check_composition, check_recovery, fraction_array, nonneg_array)


def domestic_tow(population, bod_g_per_person_day, i_factor=1.0):
    """Total organics in domestic wastewater.

    ``TOW = P × BOD × 0.001 × I × 365`` (kg BOD/yr in the guideline; here t BOD/yr).

    Parameters
    ----------
    population : array-like
        Population [persons].
    bod_g_per_person_day : array-like
        Per-capita BOD [g/person/day] (Table 6.4).
    i_factor : array-like, default 1
        Correction for industrial BOD co-discharged into sewers [-] (1.25 collected,
        1.00 uncollected).

    Returns
    -------
    numpy.ndarray
        TOW [t BOD/yr].

    References
    ----------
    .. [1] IPCC (2006) Guidelines, Vol. 5, Ch. 6, Eq. 6.3 and Table 6.4.
    """
    return (nonneg_array("population", population) * nonneg_array("BOD per person", bod_g_per_person_day)
            * G_TO_T * DAYS_PER_YEAR * nonneg_array("I", i_factor))


def domestic_wastewater_ch4(population, bod_g_per_person_day, shares, mcf, bo, i_factor=1.0,
                            sludge_removed_t=0.0, recovered_t=0.0, *, labels=None, pathways=None):
    """CH4 from domestic wastewater treatment and discharge.

    ``CH4 = [Σ_{i,j} U_i T_ij EF_j] (TOW − S) − R`` with ``EF_j = Bo × MCF_j`` and
    ``TOW = P × BOD × 0.001 × I × 365``. Each pathway share carries its own I
    (collected 1.25, uncollected 1.00), so the organics of pathway j are
    ``U_i T_ij × TOW_j``; the sludge S removes organics from every pathway in
    proportion (with one I for all pathways this is exactly Eq. 6.1).

    Parameters
    ----------
    population : array-like, shape (...)
        Population [persons].
    bod_g_per_person_day : array-like, shape (...)
        Per-capita BOD [g/person/day].
    shares : array-like, shape (..., n_pathways)
        ``U_i × T_ij``: fraction of the population per (income group, pathway) [-];
        each row must sum to 1.
    mcf : array-like, shape (n_pathways,) or (..., n_pathways)
        Methane correction factor of each pathway [-] (Table 6.3).
    bo : float
        Maximum CH4 producing capacity [kg CH4/kg BOD] (0.6).
    i_factor : array-like, default 1
        I per pathway (or one for all) [-].
    sludge_removed_t : array-like, default 0
        Organics removed as sludge, S [t BOD/yr].
    recovered_t : array-like, default 0
        CH4 recovered, R [t/yr].
    labels, pathways : sequence of str, optional
        Row and pathway names for error messages.

    Returns
    -------
    numpy.ndarray, shape (...)
        CH4 [t/yr].

    Raises
    ------
    CompositionError
        When the shares of a row do not sum to 1.
    RecoveryError
        When S exceeds TOW or R exceeds the CH4 generated.

    References
    ----------
    .. [1] IPCC (2006) Guidelines, Vol. 5, Ch. 6, Eq. 6.1, 6.2, 6.3; Tables 6.2, 6.3, 6.4.
    """
    ut = check_composition(shares, labels=labels, components=pathways)
    mcf_a = fraction_array("MCF", mcf)
    i_a = nonneg_array("I", i_factor)
    tow_unit = domestic_tow(population, bod_g_per_person_day)          # TOW with I = 1
    tow_j = np.asarray(tow_unit)[..., None] * ut * i_a                   # per pathway
    tow = tow_j.sum(axis=-1)
    s = nonneg_array("sludge removed", sludge_removed_t)
    tow_b, s_b = np.broadcast_arrays(tow, s)
    if np.any(s_b > tow_b * (1 + RECOVERY_RTOL) + 1e-12):
        raise RecoveryError("organics removed as sludge (S) exceed the total organics in the "
                            "wastewater (TOW)", hint="S and TOW are both t BOD per year")
    keep = np.where(tow_b > 0, 1.0 - np.divide(s_b, tow_b, out=np.zeros_like(tow_b), where=tow_b > 0), 0.0)
    gross = (tow_j * mcf_a).sum(axis=-1) * nonneg_array("Bo", bo) * keep
    rec = nonneg_array("recovered CH4", recovered_t)
    gross_b, rec_b = np.broadcast_arrays(gross, rec)
    check_recovery(gross_b, rec_b, "CH4 generated from the wastewater", labels,
                   check="the treatment pathways (MCF) of the rows: a well-managed aerobic plant generates no CH4")
    return np.clip(gross_b - rec_b, 0.0, None)


def effluent_nitrogen(population, protein_kg_per_person_yr, fnpr, f_non_con, f_ind_com,
                      n_sludge_t=0.0):
    """Nitrogen in the effluent of domestic wastewater.

    ``N_EFFLUENT = (P × Protein × F_NPR × F_NON-CON × F_IND-COM) − N_SLUDGE``.

    Parameters
    ----------
    population : array-like
        Population [persons].
    protein_kg_per_person_yr : array-like
        Annual per-capita protein consumption [kg/person/yr] (country data, e.g. FAO).
    fnpr : array-like
        Nitrogen in protein [kg N/kg protein] (0.16).
    f_non_con : array-like
        Non-consumed protein added to the wastewater [-] (1.1, or 1.4 with garbage disposals).
    f_ind_com : array-like
        Industrial and commercial co-discharged protein [-] (1.25).
    n_sludge_t : array-like, default 0
        Nitrogen removed with sludge [t N/yr].

    Returns
    -------
    numpy.ndarray
        N in effluent [t N/yr].

    Raises
    ------
    RecoveryError
        When the sludge nitrogen exceeds the nitrogen in the wastewater.

    References
    ----------
    .. [1] IPCC (2006) Guidelines, Vol. 5, Ch. 6, Eq. 6.8 and Table 6.11.
    """
    n_total = (nonneg_array("population", population) * nonneg_array("protein", protein_kg_per_person_yr)
               * nonneg_array("F_NPR", fnpr) * nonneg_array("F_NON-CON", f_non_con)
               * nonneg_array("F_IND-COM", f_ind_com) * KG_TO_T)
    ns = nonneg_array("N in sludge", n_sludge_t)
    n_b, s_b = np.broadcast_arrays(n_total, ns)
    if np.any(s_b > n_b * (1 + RECOVERY_RTOL) + 1e-12):
        raise RecoveryError("nitrogen removed with sludge exceeds the nitrogen in the wastewater",
                            hint="N_sludge and the result are both t N per year")
    return np.clip(n_b - s_b, 0.0, None)


def effluent_n2o(n_effluent_t, ef_effluent):
    """N2O from wastewater effluent.

    ``N2O = N_EFFLUENT × EF_EFFLUENT × 44/28``.

    Parameters
    ----------
    n_effluent_t : array-like
        Nitrogen in the effluent discharged [t N/yr] (:func:`effluent_nitrogen`).
    ef_effluent : array-like
        Emission factor [kg N2O-N/kg N] (0.005).

    Returns
    -------
    numpy.ndarray
        N2O [t/yr].

    References
    ----------
    .. [1] IPCC (2006) Guidelines, Vol. 5, Ch. 6, Eq. 6.7 and Table 6.11.
    """
    return nonneg_array("N in effluent", n_effluent_t) * nonneg_array("EF effluent", ef_effluent) * N2O_PER_N2


def industrial_tow(production_t, wastewater_m3_per_t, cod_kg_per_m3):
    """Organically degradable material in industrial wastewater.

    ``TOW_i = P_i × W_i × COD_i`` (kg COD/yr in the guideline; here t COD/yr).

    Parameters
    ----------
    production_t : array-like
        Industrial product output [t/yr].
    wastewater_m3_per_t : array-like
        Wastewater generated [m³/t product].
    cod_kg_per_m3 : array-like
        Chemical oxygen demand [kg COD/m³].

    Returns
    -------
    numpy.ndarray
        TOW [t COD/yr].

    References
    ----------
    .. [1] IPCC (2006) Guidelines, Vol. 5, Ch. 6, Eq. 6.6.
    """
    return (nonneg_array("production", production_t) * nonneg_array("wastewater per product", wastewater_m3_per_t)
            * nonneg_array("COD", cod_kg_per_m3) * KG_TO_T)


def industrial_wastewater_ch4(tow_t, mcf, bo, sludge_removed_t=0.0, recovered_t=0.0, *, labels=None):
    """CH4 from industrial wastewater.

    ``CH4 = Σ_i [(TOW_i − S_i) EF_i − R_i]`` with ``EF = Bo × MCF``.

    Parameters
    ----------
    tow_t : array-like
        Organics in the wastewater [t COD/yr] (:func:`industrial_tow`).
    mcf : array-like
        Methane correction factor of the treatment [-].
    bo : array-like
        Maximum CH4 producing capacity [kg CH4/kg COD] (0.25).
    sludge_removed_t : array-like, default 0
        Organics removed as sludge, S [t COD/yr].
    recovered_t : array-like, default 0
        CH4 recovered, R [t/yr].
    labels : sequence of str, optional
        Names of the elements, for error messages.

    Returns
    -------
    numpy.ndarray
        CH4 [t/yr] per element (sum them for Σ_i).

    References
    ----------
    .. [1] IPCC (2006) Guidelines, Vol. 5, Ch. 6, Eq. 6.4, 6.5 and Table 6.8.
    """
    tow = nonneg_array("TOW", tow_t)
    s = nonneg_array("sludge removed", sludge_removed_t)
    tow_b, s_b = np.broadcast_arrays(tow, s)
    if np.any(s_b > tow_b * (1 + RECOVERY_RTOL) + 1e-12):
        raise RecoveryError("organics removed as sludge (S) exceed the organics in the "
                            "wastewater (TOW)", hint="S and TOW are both t COD per year")
    gross = np.clip(tow_b - s_b, 0.0, None) * nonneg_array("Bo", bo) * fraction_array("MCF", mcf)
    rec = nonneg_array("recovered CH4", recovered_t)
    gross_b, rec_b = np.broadcast_arrays(gross, rec)
    check_recovery(gross_b, rec_b, "CH4 generated from the industrial wastewater", labels,
                   check="the treatment pathways (MCF) of the rows: a well-managed aerobic plant generates no CH4")
    return np.clip(gross_b - rec_b, 0.0, None)


def sludge_and_recovery(gross_ch4_t, tow_t, sludge_removed_t=0.0, recovered_t=0.0, *, labels=None):
    """CH4 of several treatment systems after sludge removal S and recovery R.

    ``CH4_j = G_j × (1 − S / Σ TOW) − R × G'_j / Σ G'`` with ``G_j = TOW_j × EF_j`` the CH4
    generated by system *j* without S and ``G'_j = G_j (1 − S/Σ TOW)``. Summed over the
    systems this is Eq. 6.1, ``[Σ U T EF](TOW − S) − R``, and with one industry Eq. 6.4:
    S takes organics from every system in proportion to its TOW, and R is shared in
    proportion to the CH4 left.

    Parameters
    ----------
    gross_ch4_t : array-like, shape (n,)
        CH4 generated by each system without S and R, ``TOW_j × Bo × MCF_j`` [t].
    tow_t : array-like, shape (n,)
        Organics of each system, TOW_j [t BOD or t COD per year].
    sludge_removed_t : float, default 0
        Organics removed as sludge, S [t BOD or t COD per year, as *tow_t*].
    recovered_t : float, default 0
        CH4 recovered (flared or used), R [t per year].
    labels : sequence of str, optional
        Names of the systems, for the error message.

    Returns
    -------
    numpy.ndarray, shape (n,)
        CH4 emitted by each system [t], never negative.

    Raises
    ------
    RecoveryError
        When S exceeds the organics or R the CH4 generated.

    References
    ----------
    .. [1] IPCC (2006) Guidelines, Vol. 5, Ch. 6, Eq. 6.1 (domestic) and Eq. 6.4 (industrial).
    """
    g = nonneg_array("CH4 generated", gross_ch4_t)
    tow = nonneg_array("TOW", tow_t)
    s = float(nonneg_array("sludge removed", sludge_removed_t))
    r = float(nonneg_array("recovered CH4", recovered_t))
    total = float(tow.sum())
    if s > total * (1 + RECOVERY_RTOL) + 1e-12:
        raise RecoveryError(f"organics removed as sludge (S = {s:.6g} t) exceed the organics in the wastewater "
                            f"(TOW = {total:.6g} t)", hint="S and TOW are both t BOD (domestic) or t COD "
                                                            "(industrial) per year")
    kept = g * (1.0 - s / total) if s else g
    if r:
        left = float(kept.sum())
        check_recovery(np.array(left), np.array(r), "CH4 generated from the wastewater after sludge removal",
                       [", ".join(labels)] if labels is not None else None,
                       check="the treatment pathways (MCF) of the rows: a well-managed aerobic plant generates no CH4")
        kept = np.clip(kept - r * np.divide(kept, left, out=np.zeros_like(kept), where=left > 0), 0.0, None)
    return kept


def plant_n2o(population, t_plant, f_ind_com, ef_plant_g_per_person_yr):
    """N2O from advanced centralised wastewater treatment plants.

    ``N2O_PLANTS = P × T_PLANT × F_IND-COM × EF_PLANT`` (kg N2O/yr in the guideline with EF in
    g; here t).

    Parameters
    ----------
    population : array-like
        Population [persons].
    t_plant : array-like
        Degree of utilisation of modern centralised wastewater treatment plants [-].
    f_ind_com : array-like
        Industrial and commercial co-discharged protein [-] (1.25).
    ef_plant_g_per_person_yr : array-like
        Emission factor [g N2O/person/yr] (3.2).

    Returns
    -------
    numpy.ndarray
        N2O [t/yr].

    References
    ----------
    .. [1] IPCC (2006) Guidelines, Vol. 5, Ch. 6, Box 6.1, Eq. 6.9.
    """
    return (nonneg_array("population", population) * fraction_array("T_PLANT", t_plant)
            * nonneg_array("F_IND-COM", f_ind_com) * nonneg_array("EF_PLANT", ef_plant_g_per_person_yr) * G_TO_T)
