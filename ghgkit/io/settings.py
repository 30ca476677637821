"""Inventory settings: city, year, population, GWP set, grid factor, waste parameters.

Settings come from the workbook's ``Settings`` sheet, a small settings file (TOML,
YAML, JSON or a two-column CSV ``key,value``) and ``--set key=value`` on the command
line; later sources win (command line last).
"""

from __future__ import annotations

import difflib
import json
import re
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any, Optional

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from ghgkit.errors import GhgkitError, Location, SettingsError
from ghgkit.gwp import normalise_set
from ghgkit.units import parse_quantity

#: AR6 methane: one GWP for all CH4, or fossil and biogenic apart
CH4_GWP_CHOICES = ("generic", "by_origin")
#: the first inventory year accepted: 1990, the base year of the UNFCCC and of the IPCC
#: default time series; the last is next year (an inventory being prepared)
FIRST_INVENTORY_YEAR = 1990

CLIMATE_ZONES = ("tropical_wet", "tropical_dry", "temperate_wet", "temperate_dry", "boreal_wet",
                 "boreal_dry")


def _one_of(v: str, allowed: tuple[str, ...], what: str) -> str:
    """*v* if it is one of *allowed*, else a ValueError naming them (for a pydantic validator)."""
    if v not in allowed:
        raise ValueError(f"{what} must be one of {', '.join(allowed)}, got '{v}'")
    return v


class Settings(BaseModel):
    """Settings of one inventory. Unknown keys are kept (waste parameters, notes)."""

    model_config = ConfigDict(extra="allow", validate_assignment=True)

    city: Optional[str] = None
    country: Optional[str] = None
    inventory_year: int
    population: Optional[float] = None
    climate_zone: Optional[str] = None
    gwp: str = "AR5"
    edition: str = "2006"
    grid_ef: Optional[float] = None          #: t CO2 / MWh
    grid_ef_source: Optional[str] = None     #: where the grid factor comes from (document, year)
    td_loss_rate: Optional[float] = None     #: fraction of electricity supplied to the grid that is lost
    ch4_gwp: str = "generic"                 #: AR6: 'generic' (27.9) or 'by_origin' (fossil 29.8, biogenic 27.0)
    msw_composition: Optional[dict[str, float]] = None  #: waste fractions of bulk MSW (burning)
    factor_rows: list[dict] = []             #: user factor / property rows from the workbook

    @field_validator("gwp", mode="before")
    @classmethod
    def _gwp(cls, v):
        return normalise_set(v)

    @field_validator("grid_ef", mode="before")
    @classmethod
    def _grid(cls, v):
        if v is None or (isinstance(v, str) and not v.strip()):
            return None
        try:
            return parse_quantity(v, "t/MWh")
        except GhgkitError as e:          # reported by build_settings with the key and its place
            raise ValueError(e.message) from None

    @field_validator("inventory_year", mode="before")
    @classmethod
    def _year(cls, v):
        if isinstance(v, str):
            v = v.strip()
        if isinstance(v, float) and v.is_integer():
            v = int(v)
        return v

    @field_validator("inventory_year")
    @classmethod
    def _year_range(cls, v):
        last = FIRST_INVENTORY_YEAR, date.today().year + 1
        if not last[0] <= v <= last[1]:
            raise ValueError(f"inventory_year {v} is outside {last[0]}-{last[1]}")
        return v

    @field_validator("population", mode="before")
    @classmethod
    def _pop(cls, v):
        if isinstance(v, str):
            v = v.replace(",", "").replace(" ", "").strip() or None
        return v

    @field_validator("population")
    @classmethod
    def _pop_positive(cls, v):
        if v is not None and not v > 0:
            raise ValueError(f"population must be a number of residents above zero, got {v:g}")
        return v

    @field_validator("msw_composition", mode="before")
    @classmethod
    def _composition(cls, v):
        return parse_mapping(v)

    @field_validator("country")
    @classmethod
    def _country(cls, v):
        if v is None:
            return v
        v = v.strip().upper()
        if len(v) != 3 or not v.isalpha():
            raise ValueError(f"'{v}' is not an ISO 3166 alpha-3 code (e.g. VNM, IDN, PHL, JPN)")
        return v

    @field_validator("climate_zone")
    @classmethod
    def _zone(cls, v):
        if v is None:
            return v
        v = v.strip().lower().replace(" ", "_").replace("-", "_")
        if v not in CLIMATE_ZONES:
            close = difflib.get_close_matches(v, CLIMATE_ZONES, n=1)
            raise ValueError(f"unknown climate zone '{v}'" + (f"; did you mean '{close[0]}'?" if close else
                                                                f"; use one of {', '.join(CLIMATE_ZONES)}"))
        return v

    @field_validator("edition", mode="before")
    @classmethod
    def _edition(cls, v):
        v = str(v).strip().removesuffix(".0")     # a workbook may hold the year as 2006.0
        return _one_of(v, ("2006", "2019"), "edition (2019 = the 2019 Refinement)")

    @field_validator("ch4_gwp", mode="before")
    @classmethod
    def _ch4(cls, v):
        return _one_of(str(v).strip().lower(), CH4_GWP_CHOICES, "ch4_gwp")

    @field_validator("td_loss_rate", mode="before")
    @classmethod
    def _td(cls, v):
        if v is None or (isinstance(v, str) and not v.strip()):
            return None
        s = str(v).strip()
        f = float(s[:-1]) / 100 if s.endswith("%") else float(s)
        if not 0 <= f < 1:
            raise ValueError(f"td_loss_rate must be a fraction in [0, 1) such as 0.08 or 8%, got {v}")
        return f

    def extra(self, key: str, default: Any = None) -> Any:
        """A setting that is not a declared field (e.g. a waste parameter)."""
        return (self.model_extra or {}).get(key, default)


KNOWN = [k for k in Settings.model_fields if k != "factor_rows"]

#: THE REGISTRY of the settings that some code reads: ``(key, who reads it and what it is)``.
#: A key a user gives that is not here (nor a field of :class:`Settings`) is refused with a
#: did-you-mean, because nothing would read it: a silently ignored ``k_nappies`` is a wrong
#: total with exit 0. ``{name}`` in a key expands to every word of the vocabulary
#: :data:`KEY_VOCABULARIES` names (``doc_{component}`` -> ``doc_food``, ``doc_paper`` ...).
#: To let users set a new parameter, add its row here in the same change that makes a
#: calculator read it (e.g. ``("k_{component}", "waste: decay rate k of one component [1/yr]")``),
#: and a vocabulary to :data:`KEY_VOCABULARIES` if it needs one.
SETTING_KEYS: list[tuple[str, str]] = [
    # landfill (ghgkit.sectors.waste.calculator, IPCC 2006 Vol. 5 ch. 3)
    ("ox", "landfill oxidation factor OX (Eq. 3.1)"),
    ("delay_months", "landfill decay delay, months (Eq. 3.4-3.6)"),
    ("landfill_ch4_recovered", "CH4 recovered at landfills in the inventory year [t] (Eq. 3.1)"),
    ("doc_msw", "DOC of bulk MSW [t C / t wet waste]"),
    ("doc_{component}", "DOC of one landfilled component [t C / t wet waste] (Table 2.4)"),
    ("docf", "fraction of DOC that decomposes, all components (Eq. 3.2)"),
    ("mcf", "methane correction factor, all landfill site types (Table 3.1)"),
    ("f_ch4", "fraction of CH4 in landfill gas (Eq. 3.9)"),
    ("k", "decay rate k, all components [1/yr] (Table 3.3)"),
    ("backcast_start_year", "first year of back-cast landfill deposits (sect. 3.2.2)"),
    ("msw_per_capita_kg_day", "waste generated per person [kg/person/day] (back-cast; Eq. 5.7)"),
    ("fraction_to_swds", "fraction of generated waste landfilled (back-cast)"),
    ("population_growth_rate", "yearly population growth for the back-cast"),
    # biological treatment, incineration, open burning (Vol. 5 ch. 4-5)
    ("ef_{biological}_{gas}_{basis}", "emission factor of composting / digestion [g/kg] (Table 4.1)"),
    ("digester_ch4_recovered", "CH4 recovered at anaerobic digesters [t] (Eq. 4.1)"),
    ("ef_incin_ch4", "incineration CH4 factor [kg/Gg wet] (Table 5.3)"),
    ("ef_incin_n2o", "incineration N2O factor [g/t wet] (Table 5.6)"),
    ("ef_openburn_ch4", "open burning CH4 factor [kg/Gg wet] (sect. 5.4.2)"),
    ("ef_openburn_n2o", "open burning N2O factor [g/t dry] (Table 5.6)"),
    ("oxidation_factor_{burning}", "oxidation factor of incineration / open burning (Table 5.2)"),
    ("fraction_burning", "share of residents burning waste, P_frac (Eq. 5.7)"),
    ("fraction_burnt", "share of their waste that is burnt, B_frac (Eq. 5.7)"),
    # wastewater (Vol. 5 ch. 6)
    ("bod_region", "region of the default BOD per person (Table 6.4)"),
    ("bod_per_capita", "BOD per person [g/person/day] (Eq. 6.3)"),
    ("bo_bod", "maximum CH4 producing capacity [kg CH4/kg BOD] (Table 6.2)"),
    ("bo_cod", "maximum CH4 producing capacity [kg CH4/kg COD] (Table 6.2)"),
    ("protein_kg_per_person_yr", "protein consumption [kg/person/yr] (Eq. 6.8)"),
    ("fnpr", "fraction of nitrogen in protein (Eq. 6.8)"),
    ("f_non_con", "factor for non-consumed protein (Eq. 6.8)"),
    ("f_ind_com", "factor for industrial and commercial protein (Eq. 6.8)"),
    ("ef_effluent", "N2O factor of effluent [kg N2O-N/kg N] (Eq. 6.7)"),
    # the workbook
    ("template_version", "version of the Excel template"),
]


def _vocabularies() -> dict[str, tuple[str, ...]]:
    from ghgkit.sectors.waste.equations import WASTE_COMPONENTS

    return {
        "component": WASTE_COMPONENTS,
        "biological": ("composting", "anaerobic_digestion"),
        "gas": ("ch4", "n2o"),
        "basis": ("wet", "dry"),
        "burning": ("incineration", "open_burning"),
    }


#: names of the vocabularies a ``{name}`` in a :data:`SETTING_KEYS` key expands to
KEY_VOCABULARIES = ("component", "biological", "gas", "basis", "burning")


def known_keys() -> frozenset[str]:
    """Every setting key some code reads: the :class:`Settings` fields and :data:`SETTING_KEYS`
    expanded over their vocabularies."""
    return _known_keys(tuple(SETTING_KEYS))


@lru_cache(maxsize=4)
def _known_keys(rows) -> frozenset[str]:
    import itertools
    import string

    vocab = _vocabularies()
    out = set(KNOWN)
    for key, _ in rows:
        names = [f for _, f, _, _ in string.Formatter().parse(key) if f]
        for combo in itertools.product(*(vocab[n] for n in names)):
            out.add(key.format(**dict(zip(names, combo))))
    return frozenset(out)


def check_keys(keys, where: dict | None = None) -> None:
    """Refuse a key that nothing reads, with a did-you-mean (or the list of settings).

    Raises
    ------
    SettingsError
        At the place of the first such key.
    """
    known = known_keys()
    described = dict(SETTING_KEYS)
    for key in keys:
        if key in known:
            continue
        head = key.split("_")[0]
        kin = [k for k, _ in SETTING_KEYS if k == head or k.startswith(head + "_")]
        pool = sorted(k for k in known if k == head or k.startswith(head + "_")) or sorted(known)
        close = difflib.get_close_matches(key, pool, n=2, cutoff=0.75)
        if close:
            hint = "did you mean " + " or ".join(f"'{c}'" for c in close) + "?"
        elif kin:
            hint = "what ghgkit reads of this kind: " + "; ".join(f"{k} ({described[k]})" for k in kin)
        else:
            hint = "settings: " + ", ".join(KNOWN + [k for k, _ in SETTING_KEYS])
        raise SettingsError(f"unknown setting '{key}': nothing reads it", location=(where or {}).get(key),
                            hint=hint)


def parse_mapping(v):
    """``{food: 0.4}``, or text such as ``food=0.4, paper=0.15`` / ``food: 40%; paper: 15%``, as a dict."""
    if v is None or isinstance(v, dict):
        return v
    text = str(v).strip()
    if not text:
        return None
    out = {}
    for part in re.split(r"[,;\n]+", text.strip("{} ")):
        if not part.strip():
            continue
        m = re.fullmatch(r"\s*([A-Za-z_ ]+?)\s*[=:]\s*([-+]?\d+(?:\.\d+)?)\s*(%?)\s*", part)
        if not m:
            raise ValueError(f"cannot read '{part.strip()}' in '{text}': write name=fraction pairs such as "
                             "food=0.4, paper=0.15")
        out[m.group(1).strip().lower().replace(" ", "_")] = float(m.group(2)) / (100 if m.group(3) else 1)
    return out


def build_settings(*sources: tuple[dict, Location | str | None]) -> Settings:
    """Merge settings dictionaries (later wins) and validate them.

    Each source is ``(mapping, location)``; an error names the source of the bad key.
    """
    merged: dict[str, Any] = {}
    where: dict[str, Location | str | None] = {}
    for mapping, loc in sources:
        for k, v in mapping.items():
            if v is None or (isinstance(v, str) and not v.strip()):
                continue
            key = str(k).strip().lower().replace(" ", "_")
            merged[key] = v
            where[key] = loc.get(k) if isinstance(loc, dict) else loc
    check_keys(merged, where)
    if "inventory_year" not in merged:
        raise SettingsError("the inventory year is missing",
                            hint="fill Settings!inventory_year in the workbook, put inventory_year in the "
                                 "settings file, or pass --set inventory_year=2023")
    try:
        return Settings(**merged)
    except ValidationError as e:
        err = e.errors()[0]
        key = str(err["loc"][0]) if err["loc"] else "settings"
        msg = err["msg"].removeprefix("Value error, ")
        raise SettingsError(f"setting {key}: {msg}", location=where.get(key),
                            hint=_hint(key)) from None


def _hint(key: str) -> str | None:
    return {
        "inventory_year": f"write the calendar year of the inventory, such as 2023 ({FIRST_INVENTORY_YEAR} to "
                          f"{date.today().year + 1})",
        "population": "write the number of residents, e.g. 1050000",
        "grid_ef": "a number is read as t CO2/MWh (e.g. 0.5); or write a unit: '500 g/kWh'",
        "gwp": "use AR4, AR5 or AR6",
    }.get(key)


def parse_set_options(pairs: tuple[str, ...] | list[str]) -> dict[str, str]:
    """``['grid_ef=0.5', 'city=X']`` -> dict; a pair without '=' is an error."""
    out = {}
    for p in pairs:
        if "=" not in p:
            raise SettingsError(f"--set '{p}' is not key=value", hint="e.g. --set grid_ef=0.5")
        k, v = p.split("=", 1)
        out[k.strip()] = v.strip()
    return out


def _unique_pairs(pairs):
    """A JSON object as a dict; a key given twice is a ValueError (reported with the file)."""
    out = {}
    for k, v in pairs:
        if k in out:
            raise ValueError(f"'{k}' is given twice")
        out[k] = v
    return out


def read_settings_file(path: str | Path) -> dict[str, Any]:
    """A small settings file: .toml, .yaml/.yml, .json, or a CSV with key,value columns."""
    path = Path(path)
    if not path.is_file():
        raise SettingsError("settings file not found", location=str(path))
    suffix = path.suffix.lower()
    text = path.read_text(encoding="utf-8-sig")
    try:
        if suffix == ".toml":
            import tomllib

            data = tomllib.loads(text)
        elif suffix in (".yaml", ".yml"):
            from ghgkit.io.yamlfile import load_yaml

            data = load_yaml(text, str(path)) or {}
        elif suffix == ".json":
            data = json.loads(text, object_pairs_hook=_unique_pairs)
        else:
            import csv
            import io

            data, first = {}, {}
            for n, r in enumerate(csv.reader(io.StringIO(text)), start=1):
                if n == 1 or len(r) < 2 or not r[0].strip() or r[0].startswith("#"):
                    continue
                k = r[0].strip()
                if k in first:
                    raise SettingsError(f"'{k}' is given twice (first on line {first[k]})",
                                        location=Location(file=str(path), line=n),
                                        hint="keep one of them: a repeated key would silently replace the first")
                first[k] = n
                data[k] = r[1].strip()
    except GhgkitError:
        raise
    except Exception as e:  # noqa: BLE001 - any parser error is the user's file
        raise SettingsError(f"cannot read settings file: {e}", location=str(path),
                            hint="use TOML, YAML, JSON or a CSV with columns key,value") from None
    if not isinstance(data, dict):
        raise SettingsError("settings file must hold key/value pairs", location=str(path))
    return data
