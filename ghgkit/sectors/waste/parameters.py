"""Default waste and wastewater parameters with their provenance (``emission_factors/waste_parameters.csv``).

:func:`load_parameters` reads and checks the table once; :func:`parameter` picks one
value (by name, key, climate zone, edition and region) as a :class:`ParameterValue`
that carries its source; :func:`parameter_values` does several keys at once.
"""

from __future__ import annotations

import difflib
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from ghgkit.data import data_path
from ghgkit.errors import FactorError, Location, SettingsError
from ghgkit.rules.findings import HINT_SHAPES
from ghgkit.sectors.waste.common import UnknownMethodError
from ghgkit.sectors.waste.vocab import ALIASES, CLIMATE_ZONES, EDITIONS, normalise_climate_zone, normalise_edition
from ghgkit.units import parse_unit


PARAMETER_COLUMNS = ["param_id", "parameter", "key", "climate_zone", "value", "unit", "edition",
                     "region", "source", "source_ref", "notes"]


@dataclass(frozen=True)
class ParameterValue:
    """One default parameter with its provenance.

    Attributes
    ----------
    value : float
        The value, in *unit*.
    unit : str
        Its unit as printed (``1`` for a plain fraction).
    param_id, parameter, key, climate_zone, region, edition : str
        Which row of ``waste_parameters.csv``.
    source : str
        Source key; *source_text* is the full citation.
    source_ref : str
        Table or section.
    notes : str
        What the value is.
    """

    value: float
    unit: str
    param_id: str
    parameter: str
    key: str
    climate_zone: str
    region: str
    edition: str
    source: str
    source_text: str
    source_ref: str
    notes: str

    def provenance(self) -> str:
        """One line for reports: ``'IPCC 2006 ... Vol. 5 Ch. 3 Table 3.1 (mcf_swds_managed_anaerobic)'``."""
        return f"{self.source_text}, {self.source_ref} ({self.param_id}, edition {self.edition})"


def _read_parameter_file(path: Path) -> tuple[pd.DataFrame, dict[str, str]]:
    from ghgkit.factors import read_table  # the shared '# source KEY: text' reader

    rows, sources, header = read_table(path)
    missing = [c for c in PARAMETER_COLUMNS if c not in header]
    if missing:
        raise FactorError(f"parameter table lacks column(s) {', '.join(missing)}",
                          location=Location(file=str(path)),
                          hint="columns: " + ",".join(PARAMETER_COLUMNS))
    problems: list[str] = []
    seen: set[str] = set()
    records = []
    for line, raw in rows:
        rec = {c: (raw.get(c) or "").strip() for c in PARAMETER_COLUMNS}
        msgs = []
        for req in ("param_id", "parameter", "key", "value", "unit", "edition", "source", "source_ref"):
            if not rec[req]:
                msgs.append(f"{req} is missing")
        try:
            v = float(rec["value"])
            if not math.isfinite(v) or v < 0:
                msgs.append(f"value must be a number >= 0, got {rec['value']}")
        except ValueError:
            v = float("nan")
            msgs.append(f"value '{rec['value']}' is not a number")
        if rec["edition"] and rec["edition"] not in EDITIONS:
            msgs.append(f"edition must be one of {', '.join(EDITIONS)}")
        if rec["climate_zone"] and rec["climate_zone"] not in CLIMATE_ZONES:
            msgs.append(f"climate_zone '{rec['climate_zone']}' unknown")
        if rec["source"] and rec["source"] not in sources:
            msgs.append(f"source '{rec['source']}' has no '# source {rec['source']}: ...' header line")
        if rec["unit"]:
            try:
                parse_unit(rec["unit"])
            except Exception as e:  # a GhgkitError with the reason
                msgs.append(f"unit '{rec['unit']}': {getattr(e, 'message', e)}")
        if rec["param_id"] in seen:
            msgs.append(f"param_id '{rec['param_id']}' is duplicated")
        seen.add(rec["param_id"])
        if msgs:
            problems.append(f"line {line}: " + "; ".join(msgs))
        rec["value"] = v
        rec["region"] = rec["region"] or "default"
        records.append(rec)
    if problems:
        raise FactorError(f"{len(problems)} bad row(s): " + " | ".join(problems[:20]),
                          location=Location(file=str(path)))
    df = pd.DataFrame(records, columns=PARAMETER_COLUMNS)
    df["source_text"] = df["source"].map(sources)
    dup = df.duplicated(["parameter", "key", "climate_zone", "region", "edition"], keep=False)
    if dup.any():
        raise FactorError("two rows for the same parameter, key, climate zone, region and edition: "
                          + ", ".join(df.loc[dup, "param_id"]), location=Location(file=str(path)))
    return df, sources


@lru_cache(maxsize=8)
def load_parameters(path: str | None = None) -> pd.DataFrame:
    """The waste parameter table (validated, loaded once per path).

    Parameters
    ----------
    path : str, optional
        A parameter file with the same columns; default the one shipped with ghgkit
        (``emission_factors/waste_parameters.csv``).

    Returns
    -------
    pandas.DataFrame
        Columns of the file plus ``source_text`` (the full citation).

    Raises
    ------
    FactorError
        Naming every bad line (missing source, unparsable unit, duplicate id ...).
    """
    if path:
        return _read_parameter_file(Path(path))[0]
    from ghgkit import cache

    p = data_path("waste_parameters.csv")        # validated once, then from the user's cache (ghgkit.cache)
    df, by = cache.cached("waste_parameters", [p], lambda: _table_and_rows(p), expect=tuple)
    _ROWS[id(df)] = (df, by)                     # the rows by parameter came with it (see _rows_by_parameter)
    return df


def _table_and_rows(path: Path) -> tuple[pd.DataFrame, dict]:
    df = _read_parameter_file(path)[0]
    return df, _records_by_parameter(df)


def parameter(name: str, key: str = "default", climate_zone: str | None = None,
              edition="2006", region: str = "default", *, table: pd.DataFrame | None = None
              ) -> ParameterValue:
    """One default parameter with its provenance.

    Parameters
    ----------
    name : str
        Parameter name, e.g. ``mcf_swds``, ``doc_wet``, ``k``, ``ef_bio_n2o``, ``bo``.
    key : str
        Component, site type, technology or pathway (``default`` where there is one value).
    climate_zone : str, optional
        Needed for ``k``.
    edition : str or int
        ``2006`` (default) or ``2019``: the 2019 row where one exists, else the 2006 row.
    region : str
        ``default`` or a region / ISO3 code (for ``bod_per_capita``).
    table : pandas.DataFrame, optional
        A table from :func:`load_parameters` (default: the shipped one).

    Returns
    -------
    ParameterValue
        Value, unit and provenance.

    Raises
    ------
    UnknownMethodError
        When no row fits, with a did-you-mean hint over the keys that exist.
    """
    if table is None:                      # the shipped table: one look-up per distinct question
        return _shipped_parameter(name, str(key), climate_zone, normalise_edition(edition), region)
    return _parameter(name, key, climate_zone, edition, region, table)


@lru_cache(maxsize=4096)
def _shipped_parameter(name, key, climate_zone, edition, region) -> ParameterValue:
    return _parameter(name, key, climate_zone, edition, region, load_parameters())


_ROWS: dict[int, tuple] = {}        # id(table) -> (table, {parameter: [row dicts]})


def _rows_by_parameter(df: pd.DataFrame) -> dict:
    """The rows of a parameter table as dicts, by parameter name (built once per table: a look-up
    then filters a few dicts instead of the whole frame)."""
    hit = _ROWS.get(id(df))
    if hit is None or hit[0] is not df:
        hit = _ROWS[id(df)] = (df, _records_by_parameter(df))   # the table is kept: its id is not reused
    return hit[1]


def _records_by_parameter(df: pd.DataFrame) -> dict:
    by: dict = {}
    for r in df.to_dict("records"):
        by.setdefault(r["parameter"], []).append(r)
    return by


def _parameter(name, key, climate_zone, edition, region, df: pd.DataFrame) -> ParameterValue:
    ed = normalise_edition(edition)
    by = _rows_by_parameter(df)
    sub = by.get(name, [])
    if not sub:
        close = difflib.get_close_matches(name, sorted(by), n=1)
        raise UnknownMethodError(f"no waste parameter '{name}'",
                                 hint=f"did you mean '{close[0]}'?" if close else
                                 "see emission_factors/waste_parameters.csv")
    k = ALIASES.get(str(key), str(key))
    allowed = ("2006", "2019") if ed == "2019" else ("2006",)
    sub = [r for r in sub if r["edition"] in allowed]
    # the key's own row first; a parameter with one general value (key 'default', such as
    # DOCf in 2006 or OX) falls back to it
    hit = [r for r in sub if r["key"] == k]
    if not hit and k != "default":
        hit = [r for r in sub if r["key"] == "default"]
    if not hit:
        keys = sorted({r["key"] for r in sub})
        close = difflib.get_close_matches(k, keys, n=1, cutoff=0.6)
        raise UnknownMethodError(
            f"no default {name} for '{key}'",
            hint=HINT_SHAPES["parameter_defaults_suggestion" if close else "parameter_defaults"]
            % {"value": close[0] if close else "", "keys": ", ".join(keys), "name": name})
    if climate_zone is not None or any(bool(r["climate_zone"]) for r in hit):
        if climate_zone is None:
            raise SettingsError(f"{name} for '{key}' depends on the climate zone",
                                hint="set climate_zone to one of " + ", ".join(CLIMATE_ZONES))
        cz = normalise_climate_zone(climate_zone)
        hit = [r for r in hit if r["climate_zone"] in (cz, "")]
        if not hit:
            raise UnknownMethodError(f"no default {name} for '{key}' in climate zone {cz}",
                                     hint=HINT_SHAPES["parameter_setting"] % {"name": name})
    reg = [r for r in hit if r["region"] == region]
    if not reg:
        regions = sorted({r["region"] for r in hit})
        raise UnknownMethodError(f"no default {name} for region '{region}'",
                                 hint=HINT_SHAPES["parameter_defaults"] % {"keys": ", ".join(regions), "name": name})
    # the newest allowed edition wins (2019 only when asked for); a stable sort, the last row
    r = sorted(reg, key=lambda x: x["edition"])[-1]
    return ParameterValue(float(r["value"]), r["unit"], r["param_id"], r["parameter"], r["key"],
                          r["climate_zone"], r["region"], r["edition"], r["source"],
                          r["source_text"], r["source_ref"], r["notes"])


def parameter_values(name: str, keys, climate_zone: str | None = None, edition="2006",
                     region: str = "default", *, table: pd.DataFrame | None = None
                     ) -> tuple[np.ndarray, list[ParameterValue]]:
    """Several keys of one parameter at once (e.g. DOC for each component).

    Returns
    -------
    tuple
        ``(values, provenance)``: a float array in the order of *keys* and the
        :class:`ParameterValue` of each.
    """
    pv = [parameter(name, k, climate_zone, edition, region, table=table) for k in keys]
    return np.array([p.value for p in pv], dtype=float), pv
