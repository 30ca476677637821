"""IPCC 2006 Vol. 5 Ch. 5, incineration and open burning of waste (GPC III.3).

:func:`incineration_co2` (Eq. 5.1), :func:`incineration_co2_msw` (Eq. 5.2),
:func:`incineration_ch4` (Eq. 5.4), :func:`incineration_n2o` (Eq. 5.5) and
:func:`open_burning_waste` (Eq. 5.7, waste burnt from population).
"""

from __future__ import annotations

from ghgkit.sectors.waste.common import (CO2_PER_C, DAYS_PER_YEAR, G_PER_T, KG_PER_GG, KG_TO_T, check_composition,
                                         fraction_array, nonneg_array)


def incineration_co2(waste_t, dry_matter, carbon_fraction, fossil_carbon_fraction,
                     oxidation_factor):
    """Fossil CO2 (and the biogenic memo) from incinerating or open-burning waste types.

    ``CO2 = Σ_i SW_i × dm_i × CF_i × FCF_i × OF_i × 44/12``; the biogenic memo uses
    ``(1 − FCF_i)`` instead of ``FCF_i``. Not summed: one value per element.

    Parameters
    ----------
    waste_t : array-like
        Waste of each type burnt [t, wet weight].
    dry_matter : array-like
        Dry matter content [t dry/t wet].
    carbon_fraction : array-like
        Total carbon in dry matter [t C/t dry].
    fossil_carbon_fraction : array-like
        Fossil share of the total carbon [-].
    oxidation_factor : array-like
        Fraction of carbon oxidised [-] (1 incineration, 0.58 open burning).

    Returns
    -------
    tuple of numpy.ndarray
        ``(co2_fossil_t, co2_biogenic_t)`` [t].

    References
    ----------
    .. [1] IPCC (2006) Guidelines, Vol. 5, Ch. 5, Eq. 5.1; Ch. 2 Table 2.4; Ch. 5 Table 5.2.
    """
    c_ox = (nonneg_array("waste", waste_t) * fraction_array("dry matter", dry_matter)
            * fraction_array("carbon fraction", carbon_fraction) * fraction_array("oxidation factor", oxidation_factor))
    fcf = fraction_array("fossil carbon fraction", fossil_carbon_fraction)
    return c_ox * fcf * CO2_PER_C, c_ox * (1.0 - fcf) * CO2_PER_C


def incineration_co2_msw(msw_t, fractions, dry_matter, carbon_fraction, fossil_carbon_fraction,
                         oxidation_factor, *, labels=None, components=None):
    """Fossil CO2 (and the biogenic memo) from MSW of known composition.

    ``CO2 = MSW × Σ_j (WF_j × dm_j × CF_j × FCF_j × OF_j) × 44/12``.

    Parameters
    ----------
    msw_t : array-like, shape (...)
        MSW incinerated or open-burned [t, wet weight].
    fractions : array-like, shape (..., n_components)
        Component fractions WF_j of the wet waste [-]; each row must sum to 1.
    dry_matter, carbon_fraction, fossil_carbon_fraction : array-like, shape (n_components,)
        Per component: dm [t dry/t wet], CF [t C/t dry], FCF [-].
    oxidation_factor : array-like
        OF [-], scalar or per component.
    labels : sequence of str, optional
        Row names for the composition error.
    components : sequence of str, optional
        Component names for the composition error.

    Returns
    -------
    tuple of numpy.ndarray, shape (...)
        ``(co2_fossil_t, co2_biogenic_t)`` [t].

    Raises
    ------
    CompositionError
        When a row of fractions does not sum to 1.

    References
    ----------
    .. [1] IPCC (2006) Guidelines, Vol. 5, Ch. 5, Eq. 5.2; Ch. 2 Table 2.4; Ch. 5 Table 5.2.
    """
    wf = check_composition(fractions, labels=labels, components=components)
    c = (wf * fraction_array("dry matter", dry_matter) * fraction_array("carbon fraction", carbon_fraction)
         * fraction_array("oxidation factor", oxidation_factor))
    fcf = fraction_array("fossil carbon fraction", fossil_carbon_fraction)
    msw = nonneg_array("MSW", msw_t)
    fossil = msw * (c * fcf).sum(axis=-1) * CO2_PER_C
    biogenic = msw * (c * (1.0 - fcf)).sum(axis=-1) * CO2_PER_C
    return fossil, biogenic


def incineration_ch4(waste_t, ef_kg_per_gg):
    """CH4 from incineration (or open burning) of waste.

    ``CH4 = Σ(IW × EF) × 10⁻⁶`` with IW in Gg and EF in kg/Gg; here in tonnes.

    Parameters
    ----------
    waste_t : array-like
        Waste incinerated [t, wet weight].
    ef_kg_per_gg : array-like
        CH4 emission factor [kg CH4/Gg waste, wet] (= g/t; Table 5.3; open burning 6500).

    Returns
    -------
    numpy.ndarray
        CH4 [t].

    References
    ----------
    .. [1] IPCC (2006) Guidelines, Vol. 5, Ch. 5, Eq. 5.4 and Table 5.3.
    """
    return nonneg_array("waste", waste_t) * nonneg_array("CH4 emission factor", ef_kg_per_gg) * KG_PER_GG


def incineration_n2o(waste_t, ef_g_per_t):
    """N2O from incineration (or open burning) of waste.

    ``N2O = Σ(IW × EF) × 10⁻⁶`` with EF in g N2O per t of waste on the basis the
    factor states (wet for incinerators, dry for open burning).

    Parameters
    ----------
    waste_t : array-like
        Waste burnt [t], on the basis of the factor.
    ef_g_per_t : array-like
        N2O emission factor [g N2O/t waste] (Table 5.6).

    Returns
    -------
    numpy.ndarray
        N2O [t].

    References
    ----------
    .. [1] IPCC (2006) Guidelines, Vol. 5, Ch. 5, Eq. 5.5 and Table 5.6.
    """
    return nonneg_array("waste", waste_t) * nonneg_array("N2O emission factor", ef_g_per_t) * G_PER_T


def open_burning_waste(population, fraction_burning, msw_kg_per_person_day, fraction_burnt):
    """Total amount of MSW open-burned.

    ``MSW_B = P × P_frac × MSW_P × B_frac × 365`` (Eq. 5.7 gives Gg with 10⁻⁶; here t).

    Parameters
    ----------
    population : array-like
        Population [persons].
    fraction_burning : array-like
        Fraction of the population burning waste (P_frac) [-].
    msw_kg_per_person_day : array-like
        Per-capita waste generation (MSW_P) [kg/person/day].
    fraction_burnt : array-like
        Fraction of that waste which is burnt (B_frac) [-].

    Returns
    -------
    numpy.ndarray
        MSW open-burned [t/yr, wet weight]; its CO2 follows from
        :func:`incineration_co2_msw` with the open-burning oxidation factor.

    References
    ----------
    .. [1] IPCC (2006) Guidelines, Vol. 5, Ch. 5, Eq. 5.7.
    """
    return (nonneg_array("population", population) * fraction_array("P_frac", fraction_burning)
            * nonneg_array("MSW per person", msw_kg_per_person_day) * fraction_array("B_frac", fraction_burnt)
            * DAYS_PER_YEAR * KG_TO_T)
