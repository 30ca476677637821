"""Provenance: which factor, property, parameter or setting a result used, and where it comes from.

Every sector calculator returns, with its numbers, the :class:`FactorUse` records
behind each group of rows (see :mod:`ghgkit.sectors.contract`). Reports, exports
and the audit trail read these records; nothing downstream looks an id up again or
parses a joined string of ids.
"""

from __future__ import annotations

import math
import sys
from dataclasses import dataclass
from typing import Any

KINDS = ("emission factor", "fuel property", "parameter", "setting")


def is_missing(v) -> bool:
    """None, NaN, pandas NA or NaT."""
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return True
    pd = sys.modules.get("pandas")          # not imported: no pandas NA can exist (the chart helper runs without it)
    return pd is not None and (v is pd.NA or v is pd.NaT)


def as_text(v) -> str:
    """A cell value as text ('' for missing; 2.0 -> '2')."""
    if is_missing(v):
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    try:
        import numpy as np

        if isinstance(v, np.floating) and float(v).is_integer():
            return str(int(v))
    except ImportError:  # pragma: no cover
        pass
    return str(v)


def as_number(v) -> float | None:
    """A finite float, or None (missing, text, inf)."""
    if v.__class__ is float:                     # the common case (result columns): no other check needed
        return v if math.isfinite(v) else None
    if is_missing(v):
        return None
    try:
        f = float(v)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(f) or math.isinf(f) else f


def value_text(v) -> str:
    """A value (a factor, an amount) as printed: up to 6 decimals, no trailing zeros; from ten
    million to 1e15, 15 significant figures (an amount of 112,934,227 L was shown as 1.12934e+08 on
    a page that says a row can be redone by hand); beyond, or below 1e-4, 6 significant figures."""
    f = as_number(v)
    if f is None:
        return as_text(v)
    if f != 0 and abs(f) < 1e-4 or abs(f) >= 1e15:
        return f"{f:.6g}"
    if abs(f) >= 1e7:                            # 15 significant figures: all a float holds
        return f"{f:,.15g}"
    return f"{f:,.6f}".rstrip("0").rstrip(".")


_text, _num = as_text, as_number


@dataclass(frozen=True)
class FactorUse:
    """One value a calculation used, with its provenance.

    Attributes
    ----------
    id : str
        Factor id, property id, parameter id, or setting key.
    kind : str
        One of :data:`KINDS`.
    activity, what : str
        What the value is for (fuel, component …) and what it is (gas, property or parameter name).
    value : float or str
        As the source prints it, in *unit*.
    source, source_text, source_ref : str
        Source key, full citation, and table or equation.
    origin : str
        ``default table``, ``user override`` (a factor file or the workbook's Factors sheet) or ``settings``.
    """

    id: str
    kind: str
    activity: str = ""
    what: str = ""
    value: Any = None
    unit: str = ""
    sector: str = ""
    region: str = ""
    valid: str = ""
    edition: str = ""
    low: float | None = None
    high: float | None = None
    source: str = ""
    source_text: str = ""
    source_ref: str = ""
    notes: str = ""
    file: str = ""
    origin: str = ""

    def short(self, value=value_text) -> str:
        """``'CO2 74,100 kg/TJ'`` (what, value, unit); *value* writes the number (a language's
        :meth:`~ghgkit.i18n.Translator.value`: 'CO2 74.100 kg/TJ' in Indonesian)."""
        parts = [self.what, value(self.value) if self.value is not None else "", self.unit]
        return " ".join(p for p in parts if p)

    def cite(self) -> str:
        """Where the value comes from, briefly."""
        if self.kind == "setting":
            return self.source_text
        bits = [b for b in (self.source_ref, self.source_text if not self.source_ref else "") if b]
        return "; ".join(bits) if bits else self.source

    # -- constructors -----------------------------------------------------------------------
    @classmethod
    def from_table_row(cls, id: str, kind: str, row: dict, user: bool) -> "FactorUse":
        """From a row of a factor or fuel-property table (shipped or the user's)."""
        g = row.get
        vf, vt = _text(g("valid_from")), _text(g("valid_to"))
        vf, vt = (x[:-2] if x.endswith(".0") else x for x in (vf, vt))
        valid = f"{vf}–{vt}" if vt else (f"from {vf}" if vf else "")
        what = _text(g("gas")) if kind == "emission factor" else _text(g("property"))
        sector = "/".join(x for x in (_text(g("sector")), _text(g("subsector"))) if x)
        if kind == "fuel property" and _text(g("fuel")):
            sector = f"fuel {_text(g('fuel'))}"
        return cls(id=id, kind=kind, activity=_text(g("activity")), what=what, value=_num(g("value")),
                   unit=_text(g("unit")), sector=sector, region=_text(g("region")), valid=valid,
                   edition=_text(g("edition")), low=_num(g("low")), high=_num(g("high")),
                   source=_text(g("source")), source_text=_text(g("source_text")) or _text(g("source")),
                   source_ref=_text(g("source_ref")), notes=_text(g("notes")), file=_text(g("file")),
                   origin="user override" if user else "default table")

    @classmethod
    def from_factor(cls, factor) -> "FactorUse":
        """From a resolved :class:`ghgkit.factors.Factor`."""
        return cls.from_table_row(factor.factor_id, "emission factor", factor.row, factor.user)

    @classmethod
    def from_property(cls, row: dict) -> "FactorUse":
        """From the provenance row :meth:`ghgkit.factors.FactorLibrary.property` returns."""
        return cls.from_table_row(_text(row.get("property_id")), "fuel property", row, bool(row.get("user")))

    @classmethod
    def from_parameter(cls, p) -> "FactorUse":
        """From a default waste parameter (:class:`ghgkit.sectors.waste.parameters.ParameterValue`)."""
        value = _num(p.value)
        return cls(id=p.param_id, kind="parameter", activity=_text(p.key), what=_text(p.parameter),
                   value=value if value is not None else _text(p.value), unit=_text(p.unit),
                   region=_text(p.region), edition=_text(p.edition), source=_text(p.source),
                   source_text=_text(p.source_text) or _text(p.source), source_ref=_text(p.source_ref),
                   notes=_text(p.notes), file="waste_parameters.csv", origin="default table")

    @classmethod
    def from_setting(cls, key: str, value, unit: str = "", source_text: str = "") -> "FactorUse":
        """A value the user set (Settings sheet, settings file or ``--set``)."""
        return cls(id=key, kind="setting", what=key, value=value, unit=unit, source="settings",
                   source_text=source_text or f"setting {key}", origin="settings")


def ids_text(uses) -> str:
    """The ``;``-joined ids of *uses*, as JSON and CSV rows show them (``factor_ids``)."""
    return ";".join(u.id for u in uses)
