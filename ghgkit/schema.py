"""The contracts between importers, calculators and reports.

The activity table (one row per activity, see ``DESIGN.md``) and the result rows
every sector calculator returns. Names here are the ones users see.
"""

from __future__ import annotations

import re
from functools import lru_cache

#: activity-table columns, in template order
ACTIVITY_COLUMNS = ["sector", "subsector", "activity", "amount", "unit", "year", "method", "scope",
                    "factor_id", "notation_key", "data_quality", "uncertainty_pct", "source", "notes"]
#: columns every importer adds: where each row came from
LOCATION_COLUMNS = ["file", "sheet", "cell", "line"]

STATIONARY_SECTORS = ("household", "building", "industry", "energy_industry", "agriculture")
SECTORS = STATIONARY_SECTORS + ("transport", "waste", "wastewater")
SUBSECTORS = {
    "transport": ("on_road", "rail", "waterborne", "aviation", "off_road"),
    "waste": ("landfill", "composting", "anaerobic_digestion", "incineration", "open_burning"),
    "wastewater": ("domestic", "industrial"),
}
FUELS = ("diesel", "gasoline", "lpg", "kerosene", "natural_gas", "coal", "fuel_oil", "wood",
         "charcoal", "biogas", "jet_kerosene", "aviation_gasoline")
BIOMASS_FUELS = ("wood", "charcoal", "biogas")
WASTE_STREAMS = ("msw", "food", "garden", "paper", "wood", "textiles", "nappies", "rubber_leather",
                 "plastics", "glass", "metal", "inert", "sludge")
NOTATION_KEYS = {
    "NO": "not occurring: the activity does not happen in the city",
    "IE": "included elsewhere: counted in another row (say where in notes)",
    "NE": "not estimated: it happens, but no data was available",
    "C": "confidential: data exist but cannot be published",
}
DATA_QUALITY = ("high", "medium", "low")
#: IPCC 2006 Vol. 5 Table 3.3 climate zones (landfill decay rate k); one list for the inventory
#: settings, the waste calculators and the composting project
CLIMATE_ZONES = ("tropical_wet", "tropical_dry", "temperate_wet", "temperate_dry", "boreal_wet", "boreal_dry")

_NUMBER_WITH_UNIT = re.compile(r"\s*([-+]?\d[\d,.\s]*?)\s*([A-Za-z%µ][^\d]*?[\w%³²]*)\s*")


def iso3_code(text: str) -> str:
    """*text* as an ISO 3166 alpha-3 country code (upper case); ValueError when it cannot be one. The
    settings' country and a factor row's region are compared as such ('vnm' is VNM)."""
    v = str(text).strip().upper()
    if len(v) != 3 or not v.isalpha():
        raise ValueError(f"'{v}' is not an ISO 3166 alpha-3 code (e.g. VNM, IDN, PHL, JPN)")
    return v


def number_cell_hint(value, unit_column: str = "unit", key_column: str | None = "notation_key") -> str:
    """The hint for text where a number belongs (one place for it: importers, validate, project forms).

    A notation key (``NE``, ``n.e.``) -> put it in *key_column*; a number with a unit
    (``250 W``) -> the number alone, the unit in *unit_column*; else: a plain number.
    """
    text = str(value).strip()
    key = re.sub(r"[\s./]", "", text).upper()
    if key_column and key in NOTATION_KEYS:
        return (f"'{text}' is a notation key ({NOTATION_KEYS[key].split(':')[0]}): put notation keys in column "
                f"{key_column} and leave the amount empty")
    m = _NUMBER_WITH_UNIT.fullmatch(text)
    if m and any(ch.isdigit() for ch in m.group(1)):
        return (f"write the number alone ({m.group(1).strip()}) and put the unit '{m.group(2).strip()}' "
                f"in {unit_column}")
    return "write a plain number such as 12500 or 12500.5 (no units or text in this cell)"
TRANSPORT_METHODS = ("fuel_sales", "vkt")

#: GPC sub-sector prefix per (sector, subsector)
GPC_PREFIX = {
    ("household", None): "I.1", ("building", None): "I.2", ("industry", None): "I.3",
    ("energy_industry", None): "I.4", ("agriculture", None): "I.5",
    ("transport", "on_road"): "II.1", ("transport", "rail"): "II.2",
    ("transport", "waterborne"): "II.3", ("transport", "aviation"): "II.4",
    ("transport", "off_road"): "II.5",
    ("waste", "landfill"): "III.1", ("waste", "composting"): "III.2",
    ("waste", "anaerobic_digestion"): "III.2", ("waste", "incineration"): "III.3",
    ("waste", "open_burning"): "III.3",
    ("wastewater", "domestic"): "III.4", ("wastewater", "industrial"): "III.4",
}
#: sector given as a GPC reference -> ghgkit sector (and subsector)
GPC_SECTOR_ALIASES = {
    "I.1": ("household", None), "I.2": ("building", None), "I.3": ("industry", None),
    "I.4": ("energy_industry", None), "I.5": ("agriculture", None),
    "II": ("transport", None), "II.1": ("transport", "on_road"), "II.2": ("transport", "rail"),
    "II.3": ("transport", "waterborne"), "II.4": ("transport", "aviation"),
    "II.5": ("transport", "off_road"),
    "III.1": ("waste", "landfill"), "III.2": ("waste", None), "III.3": ("waste", None),
    "III.4": ("wastewater", None),
}

#: result columns every sector calculator returns (one row per activity row)
RESULT_COLUMNS = [
    "row", "sector", "subsector", "activity", "method", "gpc_ref", "scope", "amount", "unit",
    "co2_t", "ch4_t", "n2o_t", "co2_biogenic_t",
    "factor_ids", "conversion", "notation_key", "data_quality", "uncertainty_pct",
    "file", "sheet", "cell", "line", "source", "notes", "calc_notes",
]
GAS_COLUMNS = {"CO2": "co2_t", "CH4": "ch4_t", "N2O": "n2o_t", "CO2_biogenic": "co2_biogenic_t"}


@lru_cache(maxsize=None)
def gpc_levels() -> dict[str, tuple[int, str, str]]:
    """GPC reference -> (scope, level, description), level BASIC / BASIC+ / other."""
    from ghgkit.data import data_path, read_rows

    rows = read_rows(data_path("gpc_structure.csv"), ("gpc_ref", "scope", "level", "subsector", "description"))
    return {r["gpc_ref"]: (int(float(r["scope"])), r["level"], f"{r['subsector']}: {r['description']}") for r in rows}


def gpc_ref(sector: str, subsector: str | None, scope: int) -> str | None:
    """GPC reference number for a row, e.g. ('household', None, 1) -> 'I.1.1'.

    Waste: scope 1 (treated inside the boundary) -> III.x.1, scope 3 (sent outside)
    -> III.x.2. Stationary energy and transport: scope n -> x.y.n.
    """
    prefix = GPC_PREFIX.get((sector, None if sector in STATIONARY_SECTORS else subsector))
    if prefix is None:
        return None
    if sector in ("waste", "wastewater"):
        return f"{prefix}.{1 if scope == 1 else 2}"
    return f"{prefix}.{scope}"


_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6}


def gpc_order(ref: str) -> tuple:
    """A GPC reference's place in the GPC's order (I.1.1 … II.5.2, II.5.3 … III.4.2), also for a
    reference the GPC does not number (II.5.3: after its sub-sector's)."""
    head, *rest = str(ref).split(".")
    try:
        return (_ROMAN.get(head, 99), tuple(int(x) for x in rest), "")
    except ValueError:
        return (99, (), str(ref))
