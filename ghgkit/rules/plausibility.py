"""Plausibility thresholds (``emission_factors/plausibility.csv``, rules PLAUS-*): a value outside
a metric's [low, high] is a warning, never an error. ``ghgkit validate`` checks every metric;
``ghgkit calc`` the settings' (:func:`check_settings`), which need no calculation."""

from __future__ import annotations

import math

from ghgkit.rules.findings import HINT_SHAPES, HINTS

_THRESHOLDS: dict | None = None


def thresholds() -> dict[str, dict]:
    """metric -> {low, high, unit, source}, from ``emission_factors/plausibility.csv``."""
    global _THRESHOLDS
    if _THRESHOLDS is None:
        from ghgkit.data import data_path, read_rows

        rows = read_rows(data_path("plausibility.csv"), ("metric", "low", "high", "unit", "source"))
        _THRESHOLDS = {r["metric"]: {"low": float(r["low"]), "high": float(r["high"]), "unit": r["unit"],
                                     "source": r["source"]} for r in rows}
    return _THRESHOLDS


def is_outside(metric: str, value) -> bool:
    """Whether *value* (finite) is outside *metric*'s range."""
    t = thresholds().get(metric)
    return t is not None and value is not None and math.isfinite(value) and not t["low"] <= value <= t["high"]


def outside(findings, code, metric, value, what, hint: str | None = None, **place) -> None:
    """Add *code* to *findings* when *value* is outside *metric*'s range; *hint*: what to check, when
    not the per-capita checks' units, decimals and population."""
    if is_outside(metric, value):
        t = thresholds()[metric]
        shown = f"{value:,.0f}" if abs(value) >= 100 else f"{value:.3g}"
        findings.add(code, f"{what} is {shown} {t['unit']}, outside {t['low']:g}–{t['high']:g}", **place,
                     hint=hint or HINT_SHAPES["plausibility"] % {"threshold": t["source"].split(":")[0]})


def check_settings(settings, findings, **place) -> None:
    """PLAUS-006: the grid emission factor (600 written for 600 g/kWh was 600 t/MWh: a total 1000 times
    too high on every electricity row)."""
    if settings.grid_ef is not None:
        outside(findings, "PLAUS-006", "grid_ef_t_per_mwh", settings.grid_ef, "the grid emission factor",
                hint=HINTS["grid_ef_unit"], **place)
