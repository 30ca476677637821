"""The trend file: which inventories, base year, target and projects make a city's MRV story.

A small TOML (or YAML) file; paths in it are relative to the file itself::

    city_check = "Tan Hoa City (demo)"      # optional: refuse inventories of another city
    inventories = ["inventories"]           # inventory files or folders (one file per year)
    base_year = 2015                        # default: the earliest year
    basis = "basic"                         # basic | basic_plus | total
    gwp = "AR5"                             # optional: recalculate every year with this set
    edition = "2006"                        # optional: ... and this IPCC edition
    factors = []                            # optional user factor files for every year
    projects = ["projects"]                 # project files or folders; those hosted in the city count

    [target]
    type = "base_year_percent"              # base_year_percent | absolute | per_capita | bau_relative
    year = 2030
    reduction_pct = 30                      # base_year_percent, bau_relative [%]
    # value_t = 3.0e6                       # absolute [t CO2e]
    # per_capita_t = 2.5                    # per_capita [t CO2e per resident]
    # bau = {2015 = 4.1e6, 2030 = 6.0e6}    # bau_relative: the plan's BAU series [t CO2e]
    description = "30 % below 2015 by 2030"
    source = "Climate action plan (illustrative)"

    [placements]                            # optional: project file name or title -> GPC reference
    "solar_schools.yaml" = "I.4"

The command line wins over the file (``ghgkit trend --config F --base-year 2016``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from ghgkit.errors import InputError
from ghgkit.mrv.targets import TARGET_TYPES, Target

KEYS = ("city_check", "inventories", "base_year", "basis", "gwp", "edition", "factors", "projects", "target",
        "placements")
TARGET_KEYS = ("type", "year", "reduction_pct", "value_t", "per_capita_t", "bau", "description", "source")


@dataclass
class TrendConfig:
    """The contents of a trend file, with paths made absolute-or-relative to the caller's folder."""

    inventories: list[str] = field(default_factory=list)
    base_year: Optional[int] = None
    basis: str = "basic"
    gwp: Optional[str] = None
    edition: Optional[str] = None
    factors: list[str] = field(default_factory=list)
    projects: list[str] = field(default_factory=list)
    target: Optional[Target] = None
    placements: dict = field(default_factory=dict)
    city_check: Optional[str] = None
    file: Optional[str] = None


def _list(v, key: str, where: str) -> list[str]:
    if v is None:
        return []
    if isinstance(v, str):
        return [v]
    if isinstance(v, list) and all(isinstance(x, str) for x in v):
        return list(v)
    raise InputError(f"{key} must be a path or a list of paths", location=where)


def _number(v, key: str, where: str):
    if v is None:
        return None
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        raise InputError(f"target.{key} must be a number, got {v!r}", location=where)
    return float(v)


def read_config(path) -> TrendConfig:
    """Read and check a trend file (TOML, or YAML with the same keys)."""
    path = Path(path)
    where = str(path)
    if not path.is_file():
        raise InputError("trend file not found", location=where)
    text = path.read_text(encoding="utf-8-sig")
    try:
        if path.suffix.lower() in (".yaml", ".yml"):
            import yaml

            data = yaml.safe_load(text) or {}
        else:
            import tomllib

            data = tomllib.loads(text)
    except Exception as e:  # noqa: BLE001 - any parser error is the user's file
        raise InputError(f"cannot read the trend file: {e}", location=where,
                         hint="see examples/trend/trend.toml for the layout") from None
    if not isinstance(data, dict):
        raise InputError("the trend file must hold keys (inventories, target, ...)", location=where)
    unknown = [k for k in data if k not in KEYS]
    if unknown:
        raise InputError(f"unknown key '{unknown[0]}' in the trend file", location=where,
                         hint="keys: " + ", ".join(KEYS))
    here = path.parent

    def rel(items):
        return [str(here / p) for p in items]

    cfg = TrendConfig(file=where)
    cfg.inventories = rel(_list(data.get("inventories"), "inventories", where))
    cfg.factors = rel(_list(data.get("factors"), "factors", where))
    cfg.projects = rel(_list(data.get("projects"), "projects", where))
    if data.get("base_year") is not None:
        if isinstance(data["base_year"], bool) or not isinstance(data["base_year"], int):
            raise InputError(f"base_year must be a year such as 2015, got {data['base_year']!r}", location=where)
        cfg.base_year = data["base_year"]
    cfg.basis = str(data.get("basis", "basic"))
    cfg.gwp = data.get("gwp")
    cfg.edition = None if data.get("edition") is None else str(data["edition"])
    cfg.city_check = data.get("city_check")
    pl = data.get("placements") or {}
    if not isinstance(pl, dict):
        raise InputError("placements must map a project file name or title to a GPC reference", location=where)
    cfg.placements = {str(k): str(v) for k, v in pl.items()}
    t = data.get("target")
    if t is not None:
        if not isinstance(t, dict):
            raise InputError("target must be a table ([target] with type, year, ...)", location=where)
        bad = [k for k in t if k not in TARGET_KEYS]
        if bad:
            raise InputError(f"unknown key 'target.{bad[0]}'", location=where, hint="target keys: " +
                             ", ".join(TARGET_KEYS))
        if t.get("type") not in TARGET_TYPES:
            raise InputError(f"target.type '{t.get('type')}' is not one of {', '.join(TARGET_TYPES)}",
                             location=where)
        if isinstance(t.get("year"), bool) or not isinstance(t.get("year"), int):
            raise InputError("target.year must be a year such as 2030", location=where)
        bau = t.get("bau") or {}
        if not isinstance(bau, dict):
            raise InputError("target.bau must map years to t CO2e, e.g. bau = {2015 = 4.1e6, 2030 = 6.0e6}",
                             location=where)
        try:
            bau = {int(k): _number(v, f"bau.{k}", where) for k, v in bau.items()}
        except ValueError:
            raise InputError("target.bau keys must be years", location=where) from None
        cfg.target = Target(t["type"], t["year"], _number(t.get("reduction_pct"), "reduction_pct", where),
                            _number(t.get("value_t"), "value_t", where),
                            _number(t.get("per_capita_t"), "per_capita_t", where), bau,
                            str(t.get("description") or ""), str(t.get("source") or ""), where).check()
    return cfg
