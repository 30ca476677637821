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
from pathlib import Path
from typing import Any, Optional

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from ghgkit.errors import GhgkitError, Location, SettingsError
from ghgkit.gwp import normalise_set
from ghgkit.schema import CLIMATE_ZONES, iso3_code
from ghgkit.units import parse_quantity

#: AR6 methane: one GWP for all CH4, or fossil and biogenic apart
CH4_GWP_CHOICES = ("generic", "by_origin")
#: the first inventory year accepted: 1990, the base year of the UNFCCC and of the IPCC
#: default time series; the last is next year (an inventory being prepared)
FIRST_INVENTORY_YEAR = 1990



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
    energy_basis: str = "net"                #: fuel given in energy units: 'net' or 'gross' calorific value
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
        if isinstance(v, bool):                 # a TRUE cell is not 1 resident
            raise ValueError(f"population is {str(v).upper()}, not a number")
        if isinstance(v, str):                  # its commas as every setting's (1,050,000; 1050000,0)
            v = re.sub(r"[\s\u00a0\u202f\u2009]", "", v) or None
            if v is not None and re.fullmatch(r"\d{1,3}(?:\.\d{3})+", v):      # 105.000: 105 or 105 000?
                raise ValueError(f"population '{v}': the dot may be a decimal point or a thousands separator; "
                                 "write the number without a thousands separator (105000)")
            if v is not None and "," in v:
                from ghgkit.rules.numbers import AmbiguousComma, comma_number

                try:
                    v = comma_number(v)
                except AmbiguousComma:
                    raise ValueError(f"population '{v}': the comma may be a decimal mark or a thousands "
                                     "separator; write the number without a thousands separator "
                                     "(1500000)") from None
                except ValueError:
                    raise ValueError(f"population '{v}' is not a number") from None
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
        return None if v is None else iso3_code(v)

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

    @field_validator("energy_basis", mode="before")
    @classmethod
    def _basis(cls, v):
        return _one_of(str(v).strip().lower(), ("net", "gross"), "energy_basis")

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
#: settings the waste and wastewater calculators read; ghgkit.sectors.waste.keys gives each its unit,
#: default and meaning (README, template Settings sheet), and a test checks that the lists agree
WASTE_KEYS = ["ox", "delay_months", "landfill_ch4_recovered", "doc_msw", "bod_region", "bod_per_capita",
              "protein_kg_per_person_yr", "docf", "mcf", "f_ch4", "k", "bo_bod", "bo_cod", "ef_effluent",
              "f_ind_com", "f_non_con", "fnpr", "backcast_start_year", "msw_per_capita_kg_day",
              "fraction_to_swds", "population_growth_rate", "digester_ch4_recovered", "fraction_burning",
              "fraction_burnt",
              # issue 11: incineration / open-burning factors, wastewater S, R, I, N_SLUDGE, plant N2O
              "ef_incin_ch4", "ef_incin_n2o", "ef_openburn_ch4", "ef_openburn_n2o",
              "oxidation_factor_incineration", "oxidation_factor_open_burning",
              "i_collected", "i_uncollected", "domestic_sludge_removed", "domestic_ch4_recovered",
              "industrial_sludge_removed", "industrial_ch4_recovered", "n_sludge", "t_plant", "ef_plant"]
#: per-component, per-site-type and per-pathway overrides (doc_food, k_nappies, docf_paper,
#: mcf_managed_anaerobic, mcf_septic_tank, ef_composting_ch4_wet ...): spelled out, so that a
#: misspelt key (k_napies) is refused instead of silently ignored
_WASTE_COMPONENTS = ("food", "garden", "paper", "wood", "textiles", "nappies", "rubber_leather", "plastics",
                     "glass", "metal", "inert")
_SITE_TYPES = ("managed_anaerobic", "managed_semi_aerobic", "unmanaged_deep", "unmanaged_shallow", "uncategorised")
_PATHWAYS = ("septic_tank", "anaerobic_reactor", "anaerobic_digester_sludge", "centralised_aerobic_well_managed",
             "centralised_aerobic_overloaded", "lagoon_shallow", "lagoon_deep", "latrine_dry_family",
             "latrine_dry_communal", "latrine_wet", "latrine_sediment_removal", "untreated_discharge_sea_river_lake",
             "untreated_discharge_stagnant_sewer", "untreated_discharge_flowing_sewer")
WASTE_FAMILY_KEYS = ([f"{p}_{c}" for p in ("doc", "docf", "k") for c in _WASTE_COMPONENTS]
                     + [f"mcf_{s}" for s in _SITE_TYPES + _PATHWAYS]
                     + [f"ef_{t}_{g}_{b}" for t in ("composting", "anaerobic_digestion") for g in ("ch4", "n2o")
                        for b in ("wet", "dry")])
OTHER_KEYS = ["template_version"]


def known_keys() -> frozenset[str]:
    """Every setting key some code reads: the :class:`Settings` fields, the waste keys and their
    families spelled out (``k_nappies``, ``mcf_septic_tank`` ...)."""
    return frozenset(KNOWN) | frozenset(WASTE_KEYS) | frozenset(WASTE_FAMILY_KEYS) | frozenset(OTHER_KEYS)


def check_keys(keys, where: dict | None = None) -> None:
    """Refuse a key that nothing reads, with a did-you-mean (or what ghgkit reads of that kind).

    ``<id>_uncertainty_pct`` keys (the uncertainty of a parameter without a range) pass.

    Raises
    ------
    SettingsError
        At the place of the first such key.
    """
    known = known_keys()
    for key in keys:
        if key in known or key.endswith("_uncertainty_pct"):
            continue
        head = key.split("_")[0]
        pool = sorted(k for k in known if k == head or k.startswith(head + "_")) or sorted(known)
        close = difflib.get_close_matches(key, pool, n=2, cutoff=0.75)
        if close:
            hint = "did you mean " + " or ".join(f"'{c}'" for c in close) + "?"
        else:
            from ghgkit.sectors.waste.keys import WASTE_SETTINGS

            kin = [w for w in WASTE_SETTINGS if w.key == head or w.key.startswith(head + "_")]
            hint = ("what ghgkit reads of this kind: " + "; ".join(f"{w.key} ({w.meaning})" for w in kin) if kin
                    else "settings: " + ", ".join(KNOWN + WASTE_KEYS))
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


def merge_sources(sources) -> tuple[dict[str, Any], dict[str, Location | str | None]]:
    """Settings ``(mapping, location)`` sources merged (later wins; blank values skipped), with
    normalised keys, and where each key came from."""
    merged: dict[str, Any] = {}
    where: dict[str, Location | str | None] = {}
    for mapping, loc in sources:
        here: dict[str, str] = {}
        for k, v in mapping.items():
            if v is None or (isinstance(v, str) and not v.strip()):
                continue
            key = str(k).strip().lower().replace(" ", "_")
            if key in here:          # grid_ef and GRID_EF in one file: the later replaced the first without a word
                raise SettingsError(f"'{here[key]}' and '{k}' are one setting ({key}), given twice",
                                    location=loc.get(k) if isinstance(loc, dict) else loc,
                                    hint="keep one of them")
            here[key] = str(k)
            merged[key] = v
            where[key] = loc.get(k) if isinstance(loc, dict) else loc
    return merged, where


def build_settings(*sources: tuple[dict, Location | str | None]) -> Settings:
    """Merge settings dictionaries (later wins) and validate them.

    Each source is ``(mapping, location)``; an error names the source of the bad key.
    """
    merged, where = merge_sources(sources)
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
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        start = e.start + (3 if raw.startswith(b"\xef\xbb\xbf") else 0)
        line = raw[:start].count(b"\n") + 1
        raise SettingsError(f"the settings file is not UTF-8 text (line {line}, byte {start})",
                            location=Location(file=str(path), line=line),
                            hint="save it as UTF-8 (in Notepad: Save as > Encoding UTF-8)") from None
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

            data, first, width = {}, {}, 2
            head = next((ln for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")), "")
            sep = ";" if ";" in head and "," not in head else ","          # Excel's CSV in a decimal-comma country
            for n, r in enumerate(csv.reader(io.StringIO(text), delimiter=sep), start=1):
                if not r or not r[0].strip() or r[0].lstrip().startswith("#"):
                    continue
                if not first and width == 2 and r[0].strip().lower() in ("key", "setting") and \
                        (len(r) < 2 or r[1].strip().lower() == "value"):
                    named = [j for j, c in enumerate(r) if c.strip()]
                    width = max(2, named[-1] + 1)   # the header line: its other columns (source, notes) may hold text
                    continue
                split = len(r) > 2 and re.fullmatch(r"[-+]?\d+", r[1].strip()) and re.fullmatch(r"\d+", r[2].strip())
                if (len(r) > width and any(c.strip() for c in r[width:])) or (split and sep == ","):
                    shown = ",".join(r[1:]).rstrip(", ")
                    raise SettingsError(f"the value '{shown}' would be cut at its first comma"
                                        + ("" if split else f" ({len(r)} fields, not {width})"),
                                        location=Location(file=str(path), line=n),
                                        hint="write numbers without a thousands separator and with a decimal "
                                             "point (0.6, 1050000), or quote a value that holds a comma "
                                             "(\"Tan Hoa, Viet Nam\")")
                if len(r) < 2:
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
