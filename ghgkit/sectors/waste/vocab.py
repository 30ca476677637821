"""Closed vocabularies of waste and wastewater (site types, components, pathways ...) and their normalisers.

Each ``normalise_*`` returns the canonical spelling or raises
:class:`~ghgkit.sectors.waste.common.UnknownMethodError` with a did-you-mean hint.
"""

from __future__ import annotations

import difflib

from ghgkit.errors import SettingsError
from ghgkit.schema import CLIMATE_ZONES
from ghgkit.sectors.waste.common import UnknownMethodError

SITE_TYPES = ("managed_anaerobic", "managed_semi_aerobic", "unmanaged_deep",
              "unmanaged_shallow", "uncategorised")
WASTE_COMPONENTS = ("food", "garden", "paper", "wood", "textiles", "nappies", "rubber_leather",
                    "plastics", "glass", "metal", "inert")
#: wastewater pathways with one MCF (Table 6.3); a bare name with several variants
#: (``latrine``, ``lagoon`` ...) must say which, see :data:`PATHWAY_VARIANTS`.
PATHWAYS = (
    "septic_tank", "anaerobic_reactor", "anaerobic_digester_sludge",
    "centralised_aerobic_well_managed", "centralised_aerobic_overloaded",
    "lagoon_shallow", "lagoon_deep",
    "latrine_dry_family", "latrine_dry_communal", "latrine_wet", "latrine_sediment_removal",
    "untreated_discharge_sea_river_lake", "untreated_discharge_stagnant_sewer",
    "untreated_discharge_flowing_sewer",
)
PATHWAY_VARIANTS = {
    "latrine": ("latrine_dry_family", "latrine_dry_communal", "latrine_wet",
                "latrine_sediment_removal"),
    "lagoon": ("lagoon_shallow", "lagoon_deep"),
    "centralised_aerobic": ("centralised_aerobic_well_managed", "centralised_aerobic_overloaded"),
    "untreated_discharge": ("untreated_discharge_sea_river_lake",
                            "untreated_discharge_stagnant_sewer",
                            "untreated_discharge_flowing_sewer"),
}
INCINERATION_TECHNOLOGIES = ("continuous_stoker", "continuous_fluidised_bed",
                             "semi_continuous_stoker", "semi_continuous_fluidised_bed",
                             "batch_stoker", "batch_fluidised_bed")
#: the weight basis of composting and anaerobic digestion factors (Table 4.1): the row's method
BIOLOGICAL_BASES = ("wet", "dry")
EDITIONS = ("2006", "2019")

ALIASES = {
    "septic_system": "septic_tank", "septic": "septic_tank",
    "other_inert": "inert", "other": "inert",
    "centralized_aerobic_well_managed": "centralised_aerobic_well_managed",
    "centralized_aerobic_overloaded": "centralised_aerobic_overloaded",
    "centralized_aerobic": "centralised_aerobic",
    "uncategorized": "uncategorised",
    "continuous_fluidized_bed": "continuous_fluidised_bed",
    "semi_continuous_fluidized_bed": "semi_continuous_fluidised_bed",
    "batch_fluidized_bed": "batch_fluidised_bed",
}


def norm_name(name) -> str:
    s = str(name).strip().lower().replace("-", "_").replace(" ", "_")
    return ALIASES.get(s, s)


def _choose(name, allowed, what: str, variants: dict | None = None) -> str:
    """Canonical spelling of *name* among *allowed*, or an error with did-you-mean."""
    s = norm_name(name)
    if s in allowed:
        return s
    if variants and s in variants:
        raise UnknownMethodError(
            f"{what} '{name}' needs a variant: its methane correction factor depends on it",
            hint="use one of " + ", ".join(variants[s]))
    pool = list(allowed) + list(variants or ())
    close = difflib.get_close_matches(s, pool, n=1, cutoff=0.6)
    hint = (f"did you mean '{close[0]}'? " if close else "") + "choose one of " + ", ".join(allowed)
    raise UnknownMethodError(f"unknown {what} '{name}'", hint=hint)


def normalise_site_type(name: str) -> str:
    """Canonical SWDS site type (Table 3.1), e.g. ``'Managed anaerobic'`` -> ``managed_anaerobic``.

    Raises
    ------
    UnknownMethodError
        With a did-you-mean hint.
    """
    return _choose(name, SITE_TYPES, "landfill site type")


def normalise_pathway(name: str) -> str:
    """Canonical wastewater pathway (Table 6.3); a bare ``latrine`` or ``lagoon`` asks for its variant.

    Raises
    ------
    UnknownMethodError
        With a did-you-mean hint, or the list of variants.
    """
    return _choose(name, PATHWAYS, "wastewater pathway", PATHWAY_VARIANTS)


def normalise_component(name: str) -> str:
    """Canonical waste component (Table 2.4 names as in ghgkit, ``other_inert`` -> ``inert``)."""
    return _choose(name, WASTE_COMPONENTS, "waste component")


def normalise_climate_zone(name: str) -> str:
    """Canonical IPCC climate zone (``tropical_wet`` ... ``boreal_dry``)."""
    return _choose(name, CLIMATE_ZONES, "climate zone")


def normalise_technology(name: str) -> str:
    """Canonical incineration technology (Table 5.3), e.g. ``continuous_stoker``."""
    return _choose(name, INCINERATION_TECHNOLOGIES, "incineration technology")


def normalise_edition(edition) -> str:
    """``2006`` (default) or ``2019``; anything else is a :class:`~ghgkit.errors.SettingsError`."""
    if edition is None or str(edition).strip() == "":
        return "2006"
    s = str(edition).strip()
    if s.endswith(".0"):
        s = s[:-2]
    if s not in EDITIONS:
        raise SettingsError(f"unknown edition '{edition}'",
                            hint="use 2006 (the IPCC 2006 defaults) or 2019 (the 2019 Refinement's "
                                 "value where it changed one)")
    return s
