"""The emission-factor library: CSV tables with provenance, validated on load.

Every factor row names its source. Tables live in ``emission_factors/``; a user's
override file uses the same columns and is validated the same way.

Lookup order (:meth:`FactorLibrary.resolve`): explicit ``factor_id`` → user
override file → region and year match → IPCC default.
"""

from __future__ import annotations

import csv
import difflib
import io
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, Optional

import pandas as pd
from pydantic import BaseModel, ValidationError, field_validator, model_validator

from ghgkit.data import data_dir
from ghgkit.errors import FactorError, GhgkitError, Location
from ghgkit.schema import SECTORS, SUBSECTORS, iso3_code
from ghgkit.units import parse_unit, per_dimension

GASES = ("CO2", "CH4", "N2O", "CO2_biogenic", "CH4_fossil", "CH4_non_fossil")
FACTOR_COLUMNS = ["factor_id", "activity", "gas", "value", "unit", "sector", "subsector", "variant",
                  "region", "valid_from", "valid_to", "edition", "low", "high", "source",
                  "source_ref", "notes"]
PROPERTY_COLUMNS = ["property_id", "activity", "property", "value", "unit", "fuel", "region", "valid_from",
                    "valid_to", "edition", "low", "high", "source", "source_ref", "notes"]
#: property -> accepted (numerator, denominator) dimensions; the inverse unit is accepted too
PROPERTIES = {"ncv": [("energy", "mass")], "density": [("mass", "volume")], "ncv_gcv": [("energy", "energy")],
              "fuel_economy": [("volume", "distance"), ("energy", "distance"), ("mass", "distance")]}


def _blank_to_none(v):
    if v is None:
        return None
    if isinstance(v, float) and math.isnan(v):
        return None
    if isinstance(v, str) and v.strip() == "":
        return None
    return v.strip() if isinstance(v, str) else v


def _did_you_mean(value: str, choices) -> str:
    """" (did you mean 'x'?)" for the closest of *choices* (:func:`ghgkit.rules.places.closest`), or ''."""
    from ghgkit.rules.places import closest

    close = closest(value, choices)
    return f" (did you mean '{close}'?)" if close else ""


def _fuel_word(v: str | None) -> str | None:
    """A fuel as the activity rows read it: :func:`_word` and the activity table's synonyms ('petrol',
    'diesel oil'). Not a vehicle class (a class may be called cng)."""
    from ghgkit.rules.rows import SYNONYMS

    v = _word(v)
    return SYNONYMS.get(v, v) if v else v


def _word(v: str | None) -> str | None:
    """An activity, sector or fuel as the activity table writes it ('Diesel', 'natural gas' there are
    diesel, natural_gas): an override written otherwise never matched a row, and the default was used
    without a word."""
    return None if v is None else re.sub(r"[\s\-]+", "_", v.strip().lower())


class _Row(BaseModel):
    model_config = {"extra": "ignore", "str_strip_whitespace": True}

    activity: str
    value: float
    unit: str
    region: str = "default"
    valid_from: Optional[int] = None
    valid_to: Optional[int] = None
    edition: Optional[str] = None
    low: Optional[float] = None
    high: Optional[float] = None
    source: str
    source_ref: Optional[str] = None
    notes: Optional[str] = None

    @model_validator(mode="before")
    @classmethod
    def _blanks(cls, data):
        out = {k: _blank_to_none(v) for k, v in data.items()}
        if out.get("region") is None:
            out["region"] = "default"
        return out

    @field_validator("activity")
    @classmethod
    def _activity(cls, v):
        return _word(v)

    @field_validator("region")
    @classmethod
    def _region(cls, v):
        # compared with the settings' country (ISO 3166 alpha-3, upper case): 'vnm' never matched it,
        # and the default value was used without a word
        if v.strip().lower() == "default":
            return "default"
        try:
            return iso3_code(v)
        except ValueError as e:
            raise ValueError(f"{e} or default") from None

    @field_validator("value")
    @classmethod
    def _non_negative(cls, v):
        if not math.isfinite(v) or v < 0:
            raise ValueError(f"must be a number >= 0, got {v}")
        return v

    @model_validator(mode="after")
    def _years(self):
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValueError(f"valid_to {self.valid_to} is before valid_from {self.valid_from}")
        if self.low is not None and self.low > self.value:      # the 95 % range must hold the value
            raise ValueError(f"low {self.low:g} is above the value {self.value:g}")
        if self.high is not None and self.high < self.value:
            raise ValueError(f"high {self.high:g} is below the value {self.value:g}")
        return self


class FactorRow(_Row):
    """One emission factor: mass of one gas per unit of activity."""

    factor_id: str
    gas: Literal["CO2", "CH4", "N2O", "CO2_biogenic", "CH4_fossil", "CH4_non_fossil"]
    sector: Optional[str] = None
    subsector: Optional[str] = None
    variant: Optional[str] = None

    @field_validator("activity")
    @classmethod
    def _activity(cls, v):              # replaces _Row's: a factor's activity is a fuel
        return _fuel_word(v)

    @field_validator("sector", "subsector")
    @classmethod
    def _sector(cls, v, info):
        v = _word(v)
        if info.field_name == "sector" and v is not None and v not in SECTORS:
            raise ValueError(f"'{v}' is not a ghgkit sector{_did_you_mean(v, SECTORS)}: use one of "
                             + ", ".join(SECTORS))
        if info.field_name == "subsector" and v is not None:      # 'railway' never matched a row either
            sector = info.data.get("sector")
            allowed = SUBSECTORS.get(sector, ()) if sector else sorted({x for t in SUBSECTORS.values() for x in t})
            if v not in allowed:
                raise ValueError(f"'{v}' is not a subsector of {sector or 'any sector'}{_did_you_mean(v, allowed)}"
                                 + (f": use one of {', '.join(allowed)}" if allowed else ": leave it empty"))
        return v

    @field_validator("unit")
    @classmethod
    def _unit(cls, v):
        try:
            per_dimension(v)
        except GhgkitError as e:
            raise ValueError(e.message + (f" ({e.hint})" if e.hint else "")) from None
        return v


class PropertyRow(_Row):
    """One fuel property (net calorific value or density)."""

    property_id: str
    property: Literal["ncv", "density", "ncv_gcv", "fuel_economy"]
    fuel: Optional[str] = None      #: for fuel_economy: the fuel the vehicle class burns

    @field_validator("fuel")
    @classmethod
    def _fuel(cls, v):
        return _fuel_word(v)

    @model_validator(mode="after")
    def _fuel_property(self):
        if self.property != "fuel_economy":          # a fuel's property: the fuel as the rows read it
            self.activity = _fuel_word(self.activity)
        return self

    @model_validator(mode="after")
    def _unit(self):
        try:
            p = parse_unit(self.unit)
        except GhgkitError as e:
            raise ValueError(e.message + (f" ({e.hint})" if e.hint else "")) from None
        from ghgkit.units import DIMENSIONS, dimensions, times

        fits = []
        for num, den in PROPERTIES[self.property]:
            ratio = times(dimensions(DIMENSIONS[num][0]), times(dimensions(DIMENSIONS[den][0]), power=-1))
            fits += [ratio, times(ratio, power=-1)]
        if dimensions(p.text) not in fits:
            num, den = PROPERTIES[self.property][0]
            raise ValueError(f"unit '{self.unit}' does not fit {self.property} ({num} per {den})")
        if self.property == "fuel_economy" and not self.fuel:
            raise ValueError("fuel_economy needs the fuel column (e.g. diesel)")
        return self


@dataclass
class TableProblems:
    """Every bad line of one table file."""

    file: str
    problems: list[tuple[int, str]] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.problems)

    def as_error(self) -> FactorError:
        lines = "; ".join(f"line {n}: {m}" for n, m in self.problems[:20])
        more = f" (and {len(self.problems) - 20} more)" if len(self.problems) > 20 else ""
        return FactorError(f"{len(self.problems)} bad row(s): {lines}{more}",
                           location=Location(file=self.file),
                           hint="run `ghgkit factors check FILE` to list every bad line")


class TableHeader(list):
    """A table file's column names (lower case), and the line they are on (``line``)."""

    line = 1


def read_table(path: Path) -> tuple[list[tuple[int, dict]], dict[str, str], list[str]]:
    """A provenance CSV: rows with their 1-based line numbers, the '# source KEY: text'
    declarations of its header, and its column names."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise FactorError("factor file not found", location=Location(file=str(path))) from None
    except UnicodeDecodeError:
        raise FactorError("factor file is not UTF-8 text", location=Location(file=str(path)),
                          hint="save it as CSV UTF-8") from None
    sources: dict[str, str] = {}
    body: list[tuple[int, str]] = []
    for n, line in enumerate(text.splitlines(), start=1):
        if line.startswith("#"):
            rest = line[1:].strip()
            if rest.lower().startswith("source ") and ":" in rest:
                key, desc = rest[7:].split(":", 1)
                sources[key.strip()] = desc.strip()
            continue
        if line.strip():
            body.append((n, line))
    if not body:
        return [], sources, []
    reader = csv.reader(io.StringIO("\n".join(l for _, l in body)))
    header = TableHeader(h.strip().lower() for h in next(reader))     # 'Sector' is the column sector
    header.line = body[0][0]
    rows = []
    for (n, _), values in zip(body[1:], reader):
        rows.append((n, dict(zip(header, values))))
    return rows, sources, header


def _validate(path: Path, model: type[_Row], rows, problems: TableProblems) -> list[dict]:
    out = []
    for n, raw in rows:
        try:
            out.append(model.model_validate(raw).model_dump())
        except ValidationError as e:
            msgs = []
            for err in e.errors():
                loc = ".".join(str(x) for x in err["loc"]) or "row"
                msg = err["msg"].removeprefix("Value error, ")
                if err["type"] == "missing" or err.get("input", "") is None:
                    msg = "is missing (every row must name it)"
                msgs.append(msg if msg.startswith(loc + " ") else f"{loc} {msg}")    # not 'unit unit ...'
            problems.problems.append((n, "; ".join(msgs)))
    return out


def _check(path, rows, sources, header, problems: TableProblems) -> tuple[list[dict], list[dict]]:
    """Validate every row; also a repeated id, and a source key the file's header does not declare."""
    factors = properties = []
    if "factor_id" in header:
        factors = _validate(path, FactorRow, rows, problems)
        id_col = "factor_id"
    elif "property_id" in header:
        properties = _validate(path, PropertyRow, rows, problems)
        id_col = "property_id"
    else:
        problems.problems.append((1, "header has neither factor_id nor property_id: "
                                     f"use the columns {', '.join(FACTOR_COLUMNS)}"))
        return factors, properties
    known = FACTOR_COLUMNS if id_col == "factor_id" else PROPERTY_COLUMNS
    for h in sorted({h for h in header if h and header.count(h) > 1}):     # 'Sector' and 'sector': one is lost
        problems.problems.append((getattr(header, "line", 1), f"column '{h}' is given twice: keep one"))
    for h in header:                 # a column no row reads (a typo: 'sectr') would be dropped without a word
        if h and h not in known:
            problems.problems.append((getattr(header, "line", 1), f"unknown column '{h}'{_did_you_mean(h, known)}: "
                                      f"the columns of a {id_col.split('_')[0]} file are {', '.join(known)}"))
    seen: dict[str, int] = {}
    for n, raw in rows:
        rid = (raw.get(id_col) or "").strip()
        if rid and rid in seen:
            problems.problems.append((n, f"{id_col} '{rid}' repeats line {seen[rid]}: ids must be unique"))
        seen.setdefault(rid, n)
        src = (raw.get("source") or "").strip()
        if sources and src and src not in sources:
            problems.problems.append((n, f"source '{src}' is not declared in the file's header "
                                         f"(declared: {', '.join(sources)}); add '# source {src}: citation'"))
    problems.problems.sort()
    return factors, properties


def check_file(path: str | Path) -> TableProblems:
    """Validate a factor or property file and return every bad line (empty when fine)."""
    path = Path(path)
    rows, sources, header = read_table(path)
    problems = TableProblems(str(path))
    _check(path, rows, sources, header, problems)
    return problems


def load_table(path: str | Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Load one file into (factors, properties) frames; any bad line is a FactorError."""
    path = Path(path)
    rows, sources, header = read_table(path)
    return _frames(str(path), path.name, rows, sources, header)


def rows_to_frames(rows: list[dict], where: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Validate factor/property rows given as dicts (e.g. a workbook's Factors sheet)."""
    fact = [(i + 2, r) for i, r in enumerate(rows) if r.get("factor_id")]
    prop = [(i + 2, r) for i, r in enumerate(rows) if r.get("property_id")]
    f1, _ = _frames(where, where, fact, {}, ["factor_id"])
    _, p2 = _frames(where, where, prop, {}, ["property_id"])
    return f1, p2


def _frames(path: str, name: str, rows, sources, header):
    problems = TableProblems(str(path))
    factors, properties = _check(path, rows, sources, header, problems)
    if problems:
        raise problems.as_error()
    f = pd.DataFrame(factors, columns=FACTOR_COLUMNS)
    p = pd.DataFrame(properties, columns=PROPERTY_COLUMNS)
    for df in (f, p):
        df["file"] = name
        df["source_text"] = df["source"].map(lambda k: sources.get(k, k))
    return f, p


@dataclass(frozen=True)
class Factor:
    """A resolved factor with its provenance and how it was chosen."""

    factor_id: str
    activity: str
    gas: str
    value: float
    unit: str
    source: str
    source_ref: str
    origin: str            # explicit | explicit override | override | regional | default
    row: dict

    @property
    def user(self) -> bool:
        """True when the factor comes from a user's file or workbook, not the shipped tables."""
        return self.origin in ("override", "explicit override")

    @property
    def source_text(self) -> str:
        return self.row.get("source_text") or self.source


class FactorLibrary:
    """Default factor tables plus optional user overrides.

    Use :meth:`default` for the tables that ship with ghgkit and
    :meth:`with_overrides` to add a user's file.
    """

    def __init__(self, factors: pd.DataFrame, properties: pd.DataFrame,
                 override_factors: pd.DataFrame | None = None,
                 override_properties: pd.DataFrame | None = None, *, _base: "FactorLibrary | None" = None):
        # _base: the library whose default tables *factors* and *properties* are (with_overrides);
        # their index is reused, not built again
        if _base is not None and factors is _base.factors and properties is _base.properties:
            self.factors, self.properties = factors, properties
        else:
            _base = None
            self.factors = factors.reset_index(drop=True)
            self.properties = properties.reset_index(drop=True)
        self.override_factors = (override_factors if override_factors is not None
                                 else factors.iloc[0:0]).reset_index(drop=True)
        self.override_properties = (override_properties if override_properties is not None
                                    else properties.iloc[0:0]).reset_index(drop=True)
        self._memo: dict = {}
        self._f_idx = [_index(self.override_factors, ("activity", "gas")),
                       _base._f_idx[1] if _base else _index(self.factors, ("activity", "gas"))]
        self._p_idx = [_index(self.override_properties, ("activity", "property")),
                       _base._p_idx[1] if _base else _index(self.properties, ("activity", "property"))]
        if _base is None:
            dup = self.factors["factor_id"][self.factors["factor_id"].duplicated()]
            if len(dup):
                raise FactorError(f"duplicate factor_id {', '.join(sorted(set(dup)))} in the default tables")

    _default: "FactorLibrary | None" = None

    @classmethod
    def default(cls) -> "FactorLibrary":
        """The tables in ``emission_factors/``, validated (loaded once per process; the validated
        library is kept in the user's cache, keyed by what it was made from: :mod:`ghgkit.cache`)."""
        if cls._default is None:
            from ghgkit import cache

            files = sorted(data_dir().glob("*.csv"))
            cls._default = cache.cached("factors", files, lambda: cls._load_default(files), expect=cls)
        return cls._default

    @classmethod
    def _load_default(cls, files: list[Path]) -> "FactorLibrary":
        fs, ps = [], []
        for path in files:
            head = path.read_text(encoding="utf-8").split("\n")
            header = next((ln for ln in head if ln and not ln.startswith("#")), "")
            if not ({"factor_id", "property_id"} & set(header.split(","))):
                continue
            f, p = load_table(path)
            fs.append(f)
            ps.append(p)
        return cls(pd.concat(fs, ignore_index=True), pd.concat(ps, ignore_index=True))

    def with_overrides(self, *paths: str | Path, rows: list[dict] | None = None,
                       rows_from: str = "workbook Factors sheet") -> "FactorLibrary":
        """A new library whose user rows (from *paths*, then *rows*) come before the defaults.

        Later files win over earlier ones.
        """
        of, op = [self.override_factors], [self.override_properties]
        for p in paths:
            f, pr = load_table(p)
            of.append(f)
            op.append(pr)
        if rows:
            f, pr = rows_to_frames(rows, rows_from)
            of.append(f)
            op.append(pr)
        of = [d for d in of if len(d)] or [self.override_factors]
        op = [d for d in op if len(d)] or [self.override_properties]
        return FactorLibrary(self.factors, self.properties,
                             pd.concat(of, ignore_index=True), pd.concat(op, ignore_index=True), _base=self)

    # -- lookup ---------------------------------------------------------------
    def get(self, factor_id: str) -> Factor:
        """The factor with this id (user overrides first)."""
        for df, origin in ((self.override_factors, "explicit override"), (self.factors, "explicit")):
            hit = df[df["factor_id"] == factor_id]
            if len(hit):
                return self._factor(hit.iloc[-1], origin)
        ids = list(self.override_factors["factor_id"]) + list(self.factors["factor_id"])
        close = difflib.get_close_matches(factor_id, ids, n=1)
        raise FactorError(f"no factor with id '{factor_id}'",
                          hint=f"did you mean '{close[0]}'?" if close else "see `ghgkit factors list`")

    def _memoised(self, name, fn, *key):
        k = (name, *key)
        if k not in self._memo:
            self._memo[k] = fn(*key)
        return self._memo[k]

    def memoised(self, name: str, fn, *key):
        """``fn(*key)``, computed once per library (its tables do not change): for look-ups that
        depend only on this library and *key*, such as a fuel's multipliers."""
        return self._memoised(name, fn, *key)

    def resolve(self, activity: str, gas: str, sector: str | None = None,
                subsector: str | None = None, region: str | None = None,
                year: int | None = None, factor_id: str | None = None) -> Factor:
        """Find the factor for one activity and gas (see :meth:`_resolve`); memoised."""
        return self._memoised("resolve", self._resolve, activity, gas, sector, subsector, region, year, factor_id)

    def _resolve(self, activity, gas, sector=None, subsector=None, region=None, year=None, factor_id=None):
        """Find the factor for one activity and gas.

        Order: explicit *factor_id* → user override rows → a row for *region*
        valid in *year* → the IPCC default (region ``default``).

        Raises
        ------
        FactorError
            When no factor fits, naming what was looked for.
        """
        if factor_id:
            f = self.get(factor_id)
            if f.gas != gas:
                raise FactorError(f"factor '{factor_id}' is for {f.gas}, not {gas}")
            return f
        for idx, origin in zip(self._f_idx, ("override", None)):
            row = _best(idx.get((activity, gas), []), sector, subsector, region, year)
            if row is not None:
                if origin is None:
                    origin = "default" if row["region"] == "default" else "regional"
                return self._factor(row, origin)
        where = f"{sector}" + (f"/{subsector}" if subsector else "")
        raise FactorError(f"no {gas} factor for '{activity}' in {where}",
                          hint="give one in a factor file (--factors FILE) or a factor_id")

    def gases(self, activity: str, sector: str | None, subsector: str | None = None) -> list[str]:
        """Gases for which some factor exists for this activity and use."""
        return list(self._memoised("gases", self._gases, activity, sector, subsector))

    def _gases(self, activity, sector, subsector):
        out = []
        for gas in GASES:
            for idx in self._f_idx:
                if _best(idx.get((activity, gas), []), sector, subsector, None, None) is not None:
                    out.append(gas)
                    break
        return out

    def activities(self) -> set[str]:
        """Every activity any table knows (fuels, vehicle classes …)."""
        return self._memoised("activities", self._activities)

    def _activities(self) -> set[str]:
        return set(self.factors["activity"]) | set(self.override_factors["activity"]) | \
            set(self.properties["activity"]) | set(self.override_properties["activity"])

    def property(self, activity: str, prop: str, region: str | None = None,
                 year: int | None = None) -> tuple[float, dict]:
        """A fuel property in canonical units: ncv [TJ/t], density [t/L], ncv_gcv [TJ net / TJ gross].

        Returns the value and the provenance row. Raises FactorError when missing.
        """
        return self._memoised("property", self._property, activity, prop, region, year)

    def property_activities(self, prop: str) -> list[str]:
        """The activities (fuels, vehicle classes) that have *prop* in the user's files or the defaults."""
        return sorted({a for idx in self._p_idx for a, p in idx if p == prop})

    def property_row(self, activity: str, prop: str, region: str | None = None,
                     year: int | None = None) -> dict | None:
        """The row of a property as given (its unit, no conversion), chosen as :meth:`property` chooses:
        the user's files first (the later file's row wins), then the defaults; valid in *year*, the
        region's row before a default one, the latest ``valid_from``. None when there is none."""
        for idx, user in zip(self._p_idx, (True, False)):
            row = _pick(idx.get((activity, prop), []), region, year)
            if row is not None:
                return {**row, "user": user}
        return None

    def _property(self, activity, prop, region=None, year=None):
        from ghgkit.units import conversion_factor, dimensions

        canon = {"ncv": "TJ/t", "density": "t/L", "ncv_gcv": "TJ/TJ"}[prop]
        inverse = {"ncv": "t/TJ", "density": "L/t", "ncv_gcv": "TJ/TJ"}[prop]
        for idx, user in zip(self._p_idx, (True, False)):
            row = _pick(idx.get((activity, prop), []), region, year)
            if row is not None:
                row = {**row, "user": user}
                unit = row["unit"]
                if dimensions(unit) == dimensions(canon):
                    value = row["value"] * conversion_factor(unit, canon)
                else:
                    value = 1.0 / (row["value"] * conversion_factor(unit, inverse))
                return value, dict(row)
        raise FactorError(f"no {prop} for '{activity}'")

    def _factor(self, row, origin: str) -> Factor:
        return Factor(row["factor_id"], row["activity"], row["gas"], float(row["value"]),
                      row["unit"], row["source"], row["source_ref"] or "", origin, dict(row))


def _nan(v) -> bool:
    return v is None or (isinstance(v, float) and math.isnan(v))


def _index(df: pd.DataFrame, keys: tuple[str, ...]) -> dict[tuple, list[dict]]:
    """Rows of a table as records grouped by *keys* (built once per table)."""
    idx: dict[tuple, list[dict]] = {}
    cols = list(df.columns)
    for values in zip(*(df[c].tolist() for c in cols)):     # the records of to_dict("records"), faster
        rec = dict(zip(cols, values))
        idx.setdefault(tuple(rec[k] for k in keys), []).append(rec)
    return idx


def _pick(recs: list[dict], region: str | None, year: int | None) -> dict | None:
    """Among candidate rows: valid in *year*, for *region* or default; a regional row wins,
    then the latest ``valid_from``, then the later row of the file."""
    best = None
    for i, r in enumerate(recs):
        if year is not None:
            if not _nan(r["valid_from"]) and r["valid_from"] > year:
                continue
            if not _nan(r["valid_to"]) and r["valid_to"] < year:
                continue
        if r["region"] != "default" and r["region"] != region:
            continue
        key = (r["region"] != "default", 0 if _nan(r["valid_from"]) else r["valid_from"], i)
        if best is None or key > best[0]:
            best = (key, r)
    return best[1] if best else None


def _best(recs: list[dict], sector, subsector, region, year) -> dict | None:
    """The most specific default-variant row for a use (sector, subsector), then :func:`_pick`."""
    fit = [r for r in recs if _nan(r["variant"]) and (_nan(r["sector"]) or r["sector"] == sector)
           and (_nan(r["subsector"]) or r["subsector"] == subsector)]
    if not fit:
        return None
    spec = [2 * (not _nan(r["sector"])) + (not _nan(r["subsector"])) for r in fit]
    top = max(spec)
    return _pick([r for r, sp in zip(fit, spec) if sp == top], region, year)
